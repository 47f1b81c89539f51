// Post-16 activity (NCCIS-style, from the LA's client caseload information system), CSV or XLSX: one row
// per young person per activity spell, ages 16 to 25, with their SEN status and living arrangement.
// Activity codes are grouped by config/post16-activity-codes.csv (readActivityCodes).

import { normaliseHeader, parseCsv } from "./csv.js";
import { readSourceRows, type RowContext, type TableRecord } from "./table-file.js";
import { checkDateOrder, dateCell, identityCells, senStatusCell, type SenStatusCode } from "./local-fields.js";
import { DataError, type Problem, type RowAccount } from "./problems.js";
import { SETTING_CATEGORIES } from "../model/settings.js";

export const ACTIVITY_GROUPS = ["education", "training_employment", "neet", "not_known", "other"] as const;
export type ActivityGroup = (typeof ACTIVITY_GROUPS)[number];

export interface ActivityCode {
  code: string;
  label: string;
  group: ActivityGroup;
  /** For education: the setting category (school_sixth_form, fe_post16, ...); else null. */
  setting: string | null;
}

export const LIVING_ARRANGEMENTS = {
  SUP: "Supported living",
  IND: "Independent living",
  FAM: "Living with family",
  RES: "Residential (care or school)",
  OTH: "Other",
} as const;
export type LivingArrangement = keyof typeof LIVING_ARRANGEMENTS;

export interface ActivitySpell {
  line: number;
  upn: string | null;
  uln: string | null;
  birthDate: string;
  senStatus: SenStatusCode;
  activityCode: string;
  startDate: string;
  endDate: string | null;
  living: LivingArrangement | null;
}

export const POST16_COLUMNS = {
  upn: "UPN", uln: "ULN", birthDate: "DOB", senStatus: "SENStatus", activityCode: "ActivityCode", startDate: "StartDate", endDate: "EndDate", living: "LivingArrangement",
} as const;
const C = POST16_COLUMNS;

const CODE_COLUMNS = ["code", "label", "group", "setting"] as const;

/** Reads the activity-code mapping; every problem is fatal, since every post-16 KPI depends on it. */
export function readActivityCodes(text: string, fileName: string): Map<string, ActivityCode> {
  const records: { line: number; fields: string[] }[] = [];
  parseCsv(text, (record) => records.push(record));
  const header = records[0]?.fields.map(normaliseHeader) ?? [];
  const missing = CODE_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new DataError(`${fileName}: missing column(s) ${missing.join(", ")}; expected ${CODE_COLUMNS.join(",")}`);
  const at = (column: (typeof CODE_COLUMNS)[number]) => header.indexOf(column);
  const codes = new Map<string, ActivityCode>();
  for (const record of records.slice(1)) {
    const cell = (column: (typeof CODE_COLUMNS)[number]) => (record.fields[at(column)] ?? "").trim();
    if (record.fields.every((field) => field.trim() === "")) continue;
    const code = cell("code");
    const group = cell("group") as ActivityGroup;
    if (code === "") throw new DataError(`${fileName} row ${record.line}, column code: blank`);
    if (codes.has(code)) throw new DataError(`${fileName} row ${record.line}, column code: ${code} is listed twice`);
    if (!ACTIVITY_GROUPS.includes(group)) throw new DataError(`${fileName} row ${record.line}, column group: '${cell("group")}' is not one of ${ACTIVITY_GROUPS.join(", ")}`);
    if (group === "education" && cell("setting") === "") throw new DataError(`${fileName} row ${record.line}, column setting: an education code needs a setting`);
    if (cell("setting") !== "" && !SETTING_CATEGORIES.some((category) => category.id === cell("setting"))) {
      throw new DataError(`${fileName} row ${record.line}, column setting: '${cell("setting")}' is not a setting category (${SETTING_CATEGORIES.map((c) => c.id).join(", ")})`);
    }
    codes.set(code, { code, label: cell("label"), group, setting: cell("setting") || null });
  }
  if (codes.size === 0) throw new DataError(`${fileName}: no activity codes`);
  return codes;
}

export function readPost16Activity(bytes: Uint8Array, fileName: string, codes: ReadonlyMap<string, ActivityCode>): { spells: ActivitySpell[]; problems: Problem[]; account: RowAccount } {
  const { rows, problems, account } = readSourceRows(bytes, fileName, {
    source: "post-16 activity", module: "post-16 activity", required: [C.upn, C.uln, C.birthDate, C.senStatus, C.activityCode, C.startDate, C.endDate, C.living], dateColumns: [C.birthDate, C.startDate, C.endDate],
  }, (record, context) => readSpell(record, context, codes));
  return { spells: rows, problems, account };
}

function readSpell(record: TableRecord, context: RowContext, codes: ReadonlyMap<string, ActivityCode>): ActivitySpell | undefined {
  const identity = identityCells(context);
  const birthDate = dateCell(context, C.birthDate, true);
  const senStatus = senStatusCell(context, C.senStatus);
  const activityCode = context.cell(C.activityCode);
  if (activityCode === "") context.report(C.activityCode, "required", "ActivityCode is required but blank");
  else if (!codes.has(activityCode)) context.report(C.activityCode, "bad-code", `'${activityCode}' is not in config/post16-activity-codes.csv`);
  const startDate = dateCell(context, C.startDate, true);
  const endDate = dateCell(context, C.endDate, false);
  checkDateOrder(context, startDate, endDate, C.endDate, C.startDate);
  if (birthDate && startDate && birthDate > startDate) context.report(C.birthDate, "date-order", "DOB is after the activity's StartDate");
  const rawLiving = context.cell(C.living).toUpperCase();
  const living = rawLiving === "" ? null : rawLiving in LIVING_ARRANGEMENTS ? (rawLiving as LivingArrangement) : undefined;
  if (living === undefined) context.report(C.living, "bad-code", `'${context.cell(C.living)}' is not a living arrangement (expected ${Object.keys(LIVING_ARRANGEMENTS).join(", ")}): read as not known`, "warning");
  if (!identity || !birthDate || !senStatus || !startDate || endDate === undefined || context.rejected()) return undefined;
  return { line: record.line, ...identity, birthDate, senStatus, activityCode, startDate, endDate, living: living ?? null };
}
