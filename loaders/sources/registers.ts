// The local registers that share one layout (a spell per row: UPN, start, end): elective home education,
// children missing education, EOTAS packages and children without a school place. CSV or XLSX.

import { readSourceRows, type RowContext, type TableRecord } from "./table-file.js";
import { checkDateOrder, dateCell, upnCell } from "./local-fields.js";
import type { Problem, RowAccount } from "./problems.js";

export const REGISTERS = {
  ehe: "elective home education register",
  cme: "children missing education register",
  eotas: "EOTAS register",
  no_place: "children without a school place",
} as const;
export type RegisterKind = keyof typeof REGISTERS;

export interface RegisterSpell {
  line: number;
  upn: string;
  startDate: string;
  endDate: string | null;
  reason: string | null;
}

export const REGISTER_COLUMNS = { upn: "UPN", startDate: "StartDate", endDate: "EndDate", reason: "Reason" } as const;
const C = REGISTER_COLUMNS;

export function readRegister(bytes: Uint8Array, fileName: string, kind: RegisterKind): { spells: RegisterSpell[]; problems: Problem[]; account: RowAccount } {
  const { rows, problems, account } = readSourceRows(bytes, fileName, {
    source: REGISTERS[kind], module: REGISTERS[kind], required: [C.upn, C.startDate, C.endDate], dateColumns: [C.startDate, C.endDate],
  }, readSpell);
  problems.push(...overlappingSpells(rows, fileName, REGISTERS[kind]));
  return { spells: rows, problems, account };
}

function readSpell(record: TableRecord, context: RowContext): RegisterSpell | undefined {
  const upn = upnCell(context, true);
  const startDate = dateCell(context, C.startDate, true);
  const endDate = dateCell(context, C.endDate, false);
  checkDateOrder(context, startDate, endDate, C.endDate, C.startDate);
  if (!upn || !startDate || endDate === undefined || context.rejected()) return undefined;
  return { line: record.line, upn, startDate, endDate, reason: context.cell(C.reason) || null };
}

/** Two spells of one child that overlap: both kept (the child still counts once), and said. */
function overlappingSpells(spells: readonly RegisterSpell[], file: string, source: string): Problem[] {
  const byUpn = new Map<string, RegisterSpell[]>();
  for (const spell of spells) {
    const list = byUpn.get(spell.upn);
    if (list) list.push(spell);
    else byUpn.set(spell.upn, [spell]);
  }
  const problems: Problem[] = [];
  for (const list of byUpn.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.startDate.localeCompare(b.startDate) || a.line - b.line);
    // The spell reaching furthest so far (an end date is the first day off the register, so a spell
    // starting on it does not overlap).
    let reach = list[0]!;
    for (const spell of list.slice(1)) {
      if (reach.endDate === null || reach.endDate > spell.startDate) {
        problems.push({ source, file, row: spell.line, column: C.startDate, severity: "warning", rule: "overlapping-spells", message: `the child's spell starting on row ${reach.line} is still open on this StartDate: both kept, the child counted once` });
      }
      if (reach.endDate !== null && (spell.endDate === null || spell.endDate > reach.endDate)) reach = spell;
    }
  }
  return problems;
}
