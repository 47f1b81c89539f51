// High-needs top-up funding for pupils on SEN support (no EHC plan), from the LA's finance or SEN system,
// CSV or XLSX: one row per funding agreement with start and end dates.

import { readSourceRows, type RowContext, type TableRecord } from "./table-file.js";
import { parseDate, type DateFormat } from "./values.js";
import type { Problem, RowAccount } from "./problems.js";
import { isValidUpn } from "./upn.js";

export interface TopUpAgreement {
  line: number;
  upn: string;
  urn: string | null;
  startDate: string;
  endDate: string | null;
}

export const TOP_UP_COLUMNS = { upn: "UPN", urn: "URN", startDate: "StartDate", endDate: "EndDate" } as const;
const DATE_FORMATS: readonly DateFormat[] = ["iso", "uk"];

export interface TopUpRead {
  agreements: TopUpAgreement[];
  problems: Problem[];
  account: RowAccount;
}

export function readTopUpFunding(bytes: Uint8Array, fileName: string): TopUpRead {
  const { rows, problems, account } = readSourceRows(bytes, fileName, {
    source: "top-up funding", module: "top-up funding", required: [TOP_UP_COLUMNS.upn, TOP_UP_COLUMNS.startDate], dateColumns: [TOP_UP_COLUMNS.startDate, TOP_UP_COLUMNS.endDate],
  }, readAgreement);
  return { agreements: rows, problems, account };
}

function readAgreement(record: TableRecord, { cell, report }: RowContext): TopUpAgreement | undefined {
  const upn = cell(TOP_UP_COLUMNS.upn).toUpperCase();
  if (upn === "") report(TOP_UP_COLUMNS.upn, "required", "UPN is required but blank");
  else if (!isValidUpn(upn)) report(TOP_UP_COLUMNS.upn, "upn-check-letter", "the UPN is not 13 characters with a matching check letter", "warning");
  const start = parseDate(cell(TOP_UP_COLUMNS.startDate), DATE_FORMATS);
  const end = parseDate(cell(TOP_UP_COLUMNS.endDate), DATE_FORMATS);
  if (!start.ok) report(TOP_UP_COLUMNS.startDate, "bad-date", start.reason);
  else if (start.value === null) report(TOP_UP_COLUMNS.startDate, "required", "StartDate is required but blank");
  if (!end.ok) report(TOP_UP_COLUMNS.endDate, "bad-date", end.reason);
  if (start.ok && end.ok && start.value && end.value && end.value < start.value) report(TOP_UP_COLUMNS.endDate, "date-order", "the funding ends before it starts");
  if (!start.ok || !start.value || !end.ok) return undefined;
  return { line: record.line, upn, urn: cell(TOP_UP_COLUMNS.urn) || null, startDate: start.value, endDate: end.value };
}
