// Suspensions and permanent exclusions, pupil level (the MIS or the LA's exclusions log), CSV or XLSX:
// one row per exclusion event, validated with file/row/column problems and row accounting.

import { readSourceRows, type RowContext, type TableRecord } from "./table-file.js";
import { parseDate, parseInteger, type DateFormat } from "./values.js";
import type { Problem, RowAccount } from "./problems.js";
import { isValidUpn } from "./upn.js";

export interface ExclusionEvent {
  line: number;
  upn: string;
  urn: string;
  startDate: string;
  /** FIXD suspension (fixed period), PERM permanent exclusion. */
  category: "FIXD" | "PERM";
  /** DfE exclusion reason code (e.g. PP, PA, VP, DB, BU, RB, DM, OT), kept as given. */
  reason: string | null;
  /** Sessions missed; permanent exclusions may leave it blank. */
  sessions: number | null;
}

export const EXCLUSION_COLUMNS = {
  upn: "UPN",
  urn: "URN",
  startDate: "StartDate",
  category: "Category",
  reason: "Reason",
  sessions: "Sessions",
} as const;

/** DfE's exclusion categories, with the words some systems write instead. */
const CATEGORIES: Record<string, ExclusionEvent["category"]> = {
  FIXD: "FIXD", FIXED: "FIXD", SUSPENSION: "FIXD", "FIXED PERIOD": "FIXD",
  PERM: "PERM", PERMANENT: "PERM", "PERMANENT EXCLUSION": "PERM",
};
const DATE_FORMATS: readonly DateFormat[] = ["iso", "uk"];

export interface ExclusionsRead {
  events: ExclusionEvent[];
  problems: Problem[];
  account: RowAccount;
}

export function readExclusions(bytes: Uint8Array, fileName: string, options: { referenceDate?: string } = {}): ExclusionsRead {
  const { rows, problems, account } = readSourceRows(bytes, fileName, {
    source: "exclusions", module: "exclusions", required: [EXCLUSION_COLUMNS.upn, EXCLUSION_COLUMNS.startDate, EXCLUSION_COLUMNS.category], dateColumns: [EXCLUSION_COLUMNS.startDate],
  }, (record, context) => readEvent(record, context, options.referenceDate));
  return { events: rows, problems, account };
}

function readEvent(record: TableRecord, { cell, report }: RowContext, referenceDate?: string): ExclusionEvent | undefined {
  const upn = cell(EXCLUSION_COLUMNS.upn).toUpperCase();
  if (upn === "") report(EXCLUSION_COLUMNS.upn, "required", "UPN is required but blank");
  else if (!isValidUpn(upn)) report(EXCLUSION_COLUMNS.upn, "upn-check-letter", "the UPN is not 13 characters with a matching check letter", "warning");
  const urn = cell(EXCLUSION_COLUMNS.urn);
  if (urn !== "" && !/^\d{6,7}$/.test(urn)) report(EXCLUSION_COLUMNS.urn, "bad-code", `'${urn}' is not a URN (six or seven digits)`);
  const start = parseDate(cell(EXCLUSION_COLUMNS.startDate), DATE_FORMATS);
  if (!start.ok) report(EXCLUSION_COLUMNS.startDate, "bad-date", start.reason);
  else if (start.value === null) report(EXCLUSION_COLUMNS.startDate, "required", "StartDate is required but blank");
  else if (referenceDate && start.value > referenceDate) report(EXCLUSION_COLUMNS.startDate, "future-date", `StartDate is after the extract's reference date ${referenceDate}`);
  const category = CATEGORIES[cell(EXCLUSION_COLUMNS.category).trim().toUpperCase()];
  if (!category) report(EXCLUSION_COLUMNS.category, "bad-code", `'${cell(EXCLUSION_COLUMNS.category)}' is not an exclusion category (expected FIXD or PERM)`);
  const sessions = parseInteger(cell(EXCLUSION_COLUMNS.sessions));
  if (!sessions.ok) report(EXCLUSION_COLUMNS.sessions, "bad-number", sessions.reason);
  else if (category === "FIXD" && (sessions.value === null || sessions.value <= 0)) report(EXCLUSION_COLUMNS.sessions, "missing-value", "a suspension without a positive number of sessions", "warning");
  if (!start.ok || !start.value || !category) return undefined;
  return {
    line: record.line, upn, urn, startDate: start.value, category,
    reason: cell(EXCLUSION_COLUMNS.reason).toUpperCase() || null, sessions: sessions.ok ? sessions.value : null,
  };
}
