// Alternative provision placements (the AP census or a local AP register), CSV or XLSX: one row per
// placement, full or part time, with how it ended and the pupil's SEN status at its start.

import { readSourceRows, type RowContext, type TableRecord } from "./table-file.js";
import { checkDateOrder, dateCell, senStatusCell, upnCell, urnCell, type SenStatusCode } from "./local-fields.js";
import type { Problem, RowAccount } from "./problems.js";

/** How a placement ended: RTM is the reintegration the partnership tracks. */
export const AP_OUTCOMES = {
  RTM: "Returned to mainstream school",
  SPE: "Moved to a special school",
  OAP: "Moved to other alternative provision",
  EHE: "Elective home education",
  P16: "Post-16 education or training",
  OTH: "Other",
} as const;
export type ApOutcome = keyof typeof AP_OUTCOMES;

const OUTCOME_WORDS: Record<string, ApOutcome> = {
  ...Object.fromEntries(Object.keys(AP_OUTCOMES).map((code) => [code, code as ApOutcome])),
  "RETURNED TO MAINSTREAM": "RTM", "RETURNED TO MAINSTREAM SCHOOL": "RTM", REINTEGRATED: "RTM",
};

export interface ApPlacement {
  line: number;
  upn: string;
  urn: string | null;
  startDate: string;
  endDate: string | null;
  reason: string | null;
  outcome: ApOutcome | null;
  senStatus: SenStatusCode;
}

export const AP_PLACEMENT_COLUMNS = {
  upn: "UPN", urn: "URN", startDate: "StartDate", endDate: "EndDate", reason: "Reason", outcome: "Outcome", senStatus: "SENStatus",
} as const;
const C = AP_PLACEMENT_COLUMNS;

export function readApPlacements(bytes: Uint8Array, fileName: string): { placements: ApPlacement[]; problems: Problem[]; account: RowAccount } {
  const { rows, problems, account } = readSourceRows(bytes, fileName, {
    source: "alternative provision", module: "AP placements", required: [C.upn, C.startDate, C.endDate, C.outcome, C.senStatus], dateColumns: [C.startDate, C.endDate],
  }, readPlacement);
  return { placements: rows, problems, account };
}

function readPlacement(record: TableRecord, context: RowContext): ApPlacement | undefined {
  const upn = upnCell(context, true);
  const urn = urnCell(context, C.urn);
  const startDate = dateCell(context, C.startDate, true);
  const endDate = dateCell(context, C.endDate, false);
  checkDateOrder(context, startDate, endDate, C.endDate, C.startDate);
  const rawOutcome = context.cell(C.outcome);
  const outcome = rawOutcome === "" ? null : OUTCOME_WORDS[rawOutcome.trim().toUpperCase()];
  if (outcome === undefined) context.report(C.outcome, "bad-code", `'${rawOutcome}' is not an AP outcome (expected ${Object.keys(AP_OUTCOMES).join(", ")})`);
  else if (endDate && outcome === null) context.report(C.outcome, "missing-value", "the placement has ended but has no outcome: counted as not returned to mainstream", "warning");
  else if (endDate === null && outcome !== null) context.report(C.outcome, "missing-value", "an outcome but no end date: the placement is treated as continuing", "warning");
  const senStatus = senStatusCell(context, C.senStatus);
  if (!upn || urn === undefined || !startDate || endDate === undefined || outcome === undefined || !senStatus || context.rejected()) return undefined;
  return { line: record.line, upn, urn, startDate, endDate, reason: context.cell(C.reason) || null, outcome: endDate ? outcome : null, senStatus };
}
