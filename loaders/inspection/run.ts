// One code path for the inspection lists, whichever engine runs it: load the canonical tables, build both
// lists at the list date, and check them with the same rules a hand-made list gets. The CLI calls it with
// Node DuckDB; the inspection page with DuckDB-WASM on files the user chose.

import type { SqlEngine } from "../kpis/engine.js";
import type { Ingested } from "../model/ingest.js";
import { listColumns, type ListNumber } from "./annex-a.js";
import { buildLists, type BuiltLists } from "./build-lists.js";
import { assembleReport, rulesNotChecked, validateRecords, type ValidationReport } from "./validate.js";

/** The default list date: the newest SEN2 export's reference date. */
export const defaultListDate = (ingested: Pick<Ingested, "exports">) => ingested.exports.map((e) => e.referenceDate).sort().at(-1)!;

export async function runLists(engine: SqlEngine, ingested: Ingested, options: { homeLa: string; listDate?: string }) {
  for (const table of Object.values(ingested.tables)) await engine.loadTable(table);
  const listDate = options.listDate ?? defaultListDate(ingested);
  // An exclusions file with no events still says "none": zeros, not blanks.
  const exclusionsRead = ingested.accounts.some((account) => account.source === "exclusions");
  const lists = await buildLists(engine, ingested.tables, { listDate, homeLa: options.homeLa, exclusionsRead });
  return { lists, validation: validateBuilt(lists) };
}

/** Validates the built lists as they will be written (row 2 is the first data row of each sheet). */
export function validateBuilt(lists: BuiltLists): ValidationReport {
  const checked = ([1, 2] as const).map((list) => {
    const sheet = `List ${list}`;
    const records = (list === 1 ? lists.list1 : lists.list2).map((cells, index) => ({ line: index + 2, cells }));
    const rowProblems = validateRecords(list, sheet, records, { listDate: lists.listDate, blankByDesign: blankKeys(lists, list) });
    return { list, sheet, headerLine: 1, records, headerProblems: [], rowProblems };
  });
  return assembleReport(lists.listDate, checked, rulesNotChecked([1, 2], (list) => blankKeys(lists, list)));
}

/** Keys of the columns the builder left blank on purpose for a list. */
function blankKeys(lists: BuiltLists, list: ListNumber): string[] {
  const headers = new Set(lists.blankColumns.filter((b) => b.list === list).map((b) => b.header));
  return listColumns(list).filter((c) => headers.has(c.header)).map((c) => c.key);
}
