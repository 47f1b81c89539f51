// Fair Access Panel decisions, CSV or XLSX: one row per child the panel placed, with the first day on roll
// at the school (blank while waiting) and the child's SEN status at the decision.

import { readSourceRows, type RowContext, type TableRecord } from "./table-file.js";
import { checkDateOrder, dateCell, senStatusCell, upnCell, urnCell, type SenStatusCode } from "./local-fields.js";
import type { Problem, RowAccount } from "./problems.js";

export interface FairAccessDecision {
  line: number;
  upn: string;
  decisionDate: string;
  urn: string | null;
  firstDayOnRoll: string | null;
  senStatus: SenStatusCode;
}

export const FAIR_ACCESS_COLUMNS = { upn: "UPN", decisionDate: "DecisionDate", urn: "URN", firstDayOnRoll: "FirstDayOnRoll", senStatus: "SENStatus" } as const;
const C = FAIR_ACCESS_COLUMNS;

export function readFairAccess(bytes: Uint8Array, fileName: string): { decisions: FairAccessDecision[]; problems: Problem[]; account: RowAccount } {
  const { rows, problems, account } = readSourceRows(bytes, fileName, {
    source: "fair access", module: "Fair Access Panel decisions", required: [C.upn, C.decisionDate, C.firstDayOnRoll, C.senStatus], dateColumns: [C.decisionDate, C.firstDayOnRoll],
  }, readDecision);
  return { decisions: rows, problems, account };
}

function readDecision(record: TableRecord, context: RowContext): FairAccessDecision | undefined {
  const upn = upnCell(context, true);
  const decisionDate = dateCell(context, C.decisionDate, true);
  const firstDayOnRoll = dateCell(context, C.firstDayOnRoll, false);
  checkDateOrder(context, decisionDate, firstDayOnRoll, C.firstDayOnRoll, C.decisionDate);
  const urn = urnCell(context, C.urn);
  const senStatus = senStatusCell(context, C.senStatus);
  if (!upn || !decisionDate || firstDayOnRoll === undefined || urn === undefined || !senStatus || context.rejected()) return undefined;
  return { line: record.line, upn, decisionDate, urn, firstDayOnRoll, senStatus };
}
