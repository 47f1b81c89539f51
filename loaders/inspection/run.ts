// One code path for the inspection lists, whichever engine runs it: load the canonical tables, build both
// lists at the list date, and check them with the same rules a hand-made list gets. The CLI calls it with
// Node DuckDB; the inspection page with DuckDB-WASM on files the user chose.

import type { SqlEngine } from "../kpis/engine.js";
import type { Ingested } from "../model/ingest.js";
import { listColumns, type ListNumber } from "./annex-a.js";
import { buildLists, type BuiltLists } from "./build-lists.js";
import { validateRecords, type ListAccount, type ListProblem, type ValidationReport } from "./validate.js";
import { RULES, RULE_BY_CODE, type Severity } from "./rules.js";

/** The default list date: the newest SEN2 export's reference date. */
export const defaultListDate = (ingested: Pick<Ingested, "exports">) => ingested.exports.map((e) => e.referenceDate).sort().at(-1)!;

export async function runLists(engine: SqlEngine, ingested: Ingested, options: { homeLa: string; listDate?: string }) {
  for (const table of Object.values(ingested.tables)) await engine.loadTable(table);
  const listDate = options.listDate ?? defaultListDate(ingested);
  const lists = await buildLists(engine, ingested.tables, { listDate, homeLa: options.homeLa });
  return { lists, validation: validateBuilt(lists) };
}

/** Validates the built lists as they will be written (row 2 is the first data row of each sheet). */
export function validateBuilt(lists: BuiltLists): ValidationReport {
  const problems: ListProblem[] = [];
  const accounts: ListAccount[] = [];
  const records: ValidationReport["records"] = [];
  for (const list of [1, 2] as const) {
    const rows = list === 1 ? lists.list1 : lists.list2;
    const sheet = `List ${list}`;
    const listRecords = rows.map((cells, index) => ({ line: index + 2, cells }));
    const blankByDesign = blankKeys(lists, list);
    const found = validateRecords(list, sheet, listRecords, { listDate: lists.listDate, blankByDesign });
    problems.push(...found);
    const severities = new Map<number, Set<Severity>>();
    for (const p of found) severities.set(p.row, (severities.get(p.row) ?? new Set()).add(p.severity));
    const withErrors = listRecords.filter((r) => severities.get(r.line)?.has("error")).length;
    const queriesOnly = listRecords.filter((r) => severities.has(r.line) && !severities.get(r.line)!.has("error")).length;
    accounts.push({ list, sheet, headerLine: 1, rowsIn: rows.length, rowsWithErrors: withErrors, rowsWithQueriesOnly: queriesOnly, rowsClean: rows.length - withErrors - queriesOnly });
    records.push({ list, sheet, records: listRecords });
  }
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.rule, (counts.get(p.rule) ?? 0) + 1);
  return {
    listDate: lists.listDate,
    accounts,
    problems,
    summary: RULES.filter((r) => counts.has(r.code)).map((r) => ({ rule: r.code, severity: r.severity as Severity, description: r.description, count: counts.get(r.code)! })),
    notChecked: [
      ...RULES.filter((r) => r.severity === "not applicable").map((r) => ({ rule: r.code, reason: r.note ?? "not applicable" })),
      ...["103", "203"].filter((code) => blankKeys(lists, RULE_BY_CODE.get(code)!.lists[0]!).includes("disability")).map((rule) => ({ rule, reason: "the disability column is blank by design: no source records disability" })),
    ],
    records,
  };
}

/** Keys of the columns the builder left blank on purpose for a list. */
function blankKeys(lists: BuiltLists, list: ListNumber): string[] {
  const headers = new Set(lists.blankColumns.filter((b) => b.list === list).map((b) => b.header));
  return listColumns(list).filter((c) => headers.has(c.header)).map((c) => c.key);
}
