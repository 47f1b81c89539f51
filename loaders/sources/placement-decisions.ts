// EHC placement decisions from the SEN case-management system, CSV or XLSX: one row per setting named for
// a child with an EHC plan, with the first day on roll there (blank while the child waits).

import { readSourceRows, type RowContext, type TableRecord } from "./table-file.js";
import { checkDateOrder, dateCell, identityCells, ukprnCell, urnCell } from "./local-fields.js";
import type { Problem, RowAccount } from "./problems.js";

export interface PlacementDecision {
  line: number;
  upn: string | null;
  uln: string | null;
  decisionDate: string;
  urn: string | null;
  ukprn: string | null;
  firstDayOnRoll: string | null;
}

export const PLACEMENT_DECISION_COLUMNS = {
  upn: "UPN", uln: "ULN", decisionDate: "DecisionDate", urn: "URN", ukprn: "UKPRN", firstDayOnRoll: "FirstDayOnRoll",
} as const;
const C = PLACEMENT_DECISION_COLUMNS;

export function readPlacementDecisions(bytes: Uint8Array, fileName: string): { decisions: PlacementDecision[]; problems: Problem[]; account: RowAccount } {
  const { rows, problems, account } = readSourceRows(bytes, fileName, {
    source: "placement decisions", module: "placement decisions", required: [C.upn, C.uln, C.decisionDate, C.urn, C.ukprn, C.firstDayOnRoll], dateColumns: [C.decisionDate, C.firstDayOnRoll],
  }, readDecision);
  return { decisions: rows, problems, account };
}

function readDecision(record: TableRecord, context: RowContext): PlacementDecision | undefined {
  const identity = identityCells(context);
  const decisionDate = dateCell(context, C.decisionDate, true);
  const firstDayOnRoll = dateCell(context, C.firstDayOnRoll, false);
  checkDateOrder(context, decisionDate, firstDayOnRoll, C.firstDayOnRoll, C.decisionDate);
  const urn = urnCell(context, C.urn);
  const ukprn = ukprnCell(context, C.ukprn);
  if (urn === null && ukprn === null) context.report(C.urn, "required", "no URN or UKPRN: the setting named is not known");
  if (!identity || !decisionDate || firstDayOnRoll === undefined || urn === undefined || ukprn === undefined || context.rejected()) return undefined;
  return { line: record.line, ...identity, decisionDate, urn, ukprn, firstDayOnRoll };
}
