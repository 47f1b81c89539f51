// CSV and XLSX exports read the same: title rows above the header, Excel serial dates, clear errors.

import { describe, expect, it } from "vitest";
import * as XLSX from "@e965/xlsx";
import { readTableFile } from "../../loaders/sources/table-file.js";
import { DataError } from "../../loaders/sources/problems.js";

const CSV = "UPN,Date of birth,SEN provision\r\nA893123424001,2015-03-10,E\r\nB893123424002,2014-01-02,K\r\n";

function workbook(rows: unknown[][], dateColumn?: number): Uint8Array {
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  if (dateColumn !== undefined) {
    for (let r = 0; r < rows.length; r++) {
      const cell = sheet[XLSX.utils.encode_cell({ r, c: dateColumn })];
      if (cell && cell.t === "n") cell.z = "dd/mm/yyyy";
    }
  }
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, "Extract");
  return new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx" }));
}

describe("readTableFile", () => {
  it("gives the same records from CSV and from XLSX with title rows and Excel serial dates", () => {
    const csv = readTableFile(new TextEncoder().encode(CSV), "census.csv", ["UPN", "SEN provision"]);
    // 2015-03-10 is Excel day 42073 and 2014-01-02 is day 41641 (days since 1899-12-30).
    const xlsx = readTableFile(workbook([
      ["School census extract, spring 2025"],
      ["Produced by the MIS"],
      ["UPN", "Date of birth", "SEN provision"],
      ["A893123424001", 42073, "E"],
      ["B893123424002", 41641, "K"],
    ], 1), "census.xlsx", ["UPN", "SEN provision"]);
    expect(xlsx.records.map((r) => r.fields)).toEqual(csv.records.map((r) => r.fields));
    expect(xlsx.columns).toEqual(csv.columns);
    expect(xlsx.headerLine).toBe(3);
    expect(xlsx.records[0]!.line).toBe(4);
    expect(csv.records[0]!.line).toBe(2);
  });

  it("names the file and the missing columns when no header row fits", () => {
    expect(() => readTableFile(new TextEncoder().encode("a,b\n1,2\n"), "census.csv", ["UPN"])).toThrow(DataError);
    expect(() => readTableFile(new TextEncoder().encode("a,b\n1,2\n"), "census.csv", ["UPN"])).toThrow(/census\.csv: no header row with upn/);
    expect(() => readTableFile(new Uint8Array(), "census.csv", ["UPN"])).toThrow(/census\.csv is empty/);
  });
});
