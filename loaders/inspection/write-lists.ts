// The lists as inspectors receive them: an .xlsx workbook (List 1, List 2 and an "About" sheet saying the
// list date, the sources and every column left blank) and one CSV per list. Pure: the CLI writes the
// bytes to files, the inspection page offers them as downloads.

import * as XLSX from "@e965/xlsx";
import { csvLine } from "../sources/csv.js";
import { ANNEX_A_VERSION, listColumns, type ListNumber } from "./annex-a.js";
import type { BuiltLists, ListRow } from "./build-lists.js";

export function listCsv(rows: readonly ListRow[], list: ListNumber): string {
  const columns = listColumns(list);
  return [csvLine(columns.map((c) => c.header)), ...rows.map((row) => csvLine(columns.map((c) => row[c.key] ?? "")))].join("\r\n") + "\r\n";
}

const sheetOf = (rows: readonly ListRow[], list: ListNumber) => {
  const columns = listColumns(list);
  return XLSX.utils.aoa_to_sheet([columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => row[c.key] ?? ""))]);
};

export function aboutRows(lists: BuiltLists): string[][] {
  return [
    ["Area SEND inspection: person-level lists"],
    ["Template", ANNEX_A_VERSION],
    ["List date", lists.listDate],
    ["School census used", lists.sources.censusDate ?? "none"],
    ["List 1 rows", String(lists.list1.length)],
    ["List 2 rows", String(lists.list2.length)],
    ["Personal data", "Contains personal data: handle under the LA's data protection rules; do not publish."],
    [],
    ["List", "Column left blank", "Why"],
    ...lists.blankColumns.map((b) => [`List ${b.list}`, b.header, b.reason]),
  ];
}

/** The workbook's bytes. Text cells only, so no spreadsheet reinterprets a UPN or a date. */
export function listsXlsx(lists: BuiltLists): Uint8Array {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheetOf(lists.list1, 1), "List 1");
  XLSX.utils.book_append_sheet(book, sheetOf(lists.list2, 2), "List 2");
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(aboutRows(lists)), "About");
  return new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx", compression: true }) as ArrayBuffer);
}
