// Reads a local system export, CSV or XLSX, into a header and records with the line numbers an analyst
// sees in the file. XLSX exports often carry title rows above the header: the header is the first row
// that holds the columns the source expects. Pure (no Node APIs): the browser reads chosen files the same way.

import * as XLSX from "@e965/xlsx";
import { decodeText, normaliseHeader, parseCsv } from "./csv.js";
import { DataError, type Problem, type RowAccount } from "./problems.js";
import { appendAll } from "../arrays.js";
import { onlyMonthFirst, SLASH_DATE } from "./values.js";

export interface TableRecord {
  /** 1-based line (CSV) or row (XLSX) number in the file. */
  line: number;
  /** The row's cells in file order, trimmed; look them up by column through TableFile.index. */
  fields: string[];
}

export interface TableFile {
  fileName: string;
  /** Normalised header names in file order. */
  columns: string[];
  /** Position of each normalised header name (the first, if a name repeats). */
  index: Map<string, number>;
  /** A CSV quote never closed: the record starting at this line swallowed the rest of the file. */
  unterminatedQuoteAtLine?: number;
  /** Line of the header row (1 unless title rows sit above it). */
  headerLine: number;
  records: TableRecord[];
}

const isXlsx = (fileName: string) => /\.(xlsx|xlsm|xls|ods)$/i.test(fileName);

/** Excel stores dates as day counts from 1899-12-30; written as ISO so the date parsers read them. */
function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return "";
  if (cell.t === "d" && cell.v instanceof Date) return cell.v.toISOString().slice(0, 10);
  // A date format, judged by SheetJS after dropping colour and condition sections ("[Red]" has a "d").
  if (cell.t === "n" && cell.z && XLSX.SSF.is_date(String(cell.z).replace(/\[[^\]]*\]/g, "")) && !/[h]/i.test(String(cell.z).replace(/\[[^\]]*\]/g, ""))) {
    const date = XLSX.SSF.parse_date_code(Number(cell.v));
    if (date) return `${date.y}-${String(date.m).padStart(2, "0")}-${String(date.d).padStart(2, "0")}`;
  }
  return String(cell.w ?? cell.v).trim();
}

function readWorkbook(bytes: Uint8Array, fileName: string): XLSX.WorkBook {
  try {
    // Number formats (cellNF) tell a date from a number; serials are converted without time zones.
    return XLSX.read(bytes, { type: "array", cellDates: false, cellNF: true });
  } catch (error) {
    throw new DataError(`${fileName} could not be read as a spreadsheet: ${(error as Error).message}`);
  }
}

/** A sheet's non-empty rows as text, with row numbers as the spreadsheet shows them. */
function sheetRows(sheet: XLSX.WorkSheet | undefined, fillMerged = false): { line: number; fields: string[] }[] {
  if (!sheet || !sheet["!ref"]) return [];
  const range = XLSX.utils.decode_range(sheet["!ref"]);
  const grid: string[][] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const fields: string[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) fields.push(cellText(sheet[XLSX.utils.encode_cell({ r, c })]));
    grid.push(fields);
  }
  // A merged range keeps its value in the top-left cell only: every cell of it shows that value.
  if (fillMerged) {
    for (const merge of sheet["!merges"] ?? []) {
      const value = grid[merge.s.r - range.s.r]?.[merge.s.c - range.s.c] ?? "";
      for (let r = merge.s.r; r <= merge.e.r; r++) for (let c = merge.s.c; c <= merge.e.c; c++) grid[r - range.s.r]![c - range.s.c] = value;
    }
  }
  return grid.map((fields, index) => ({ line: range.s.r + index + 1, fields })).filter((row) => row.fields.some((field) => field !== ""));
}

function xlsxRows(bytes: Uint8Array, fileName: string): { line: number; fields: string[] }[] {
  const workbook = readWorkbook(bytes, fileName);
  return sheetRows(workbook.Sheets[workbook.SheetNames[0]!]);
}

/**
 * Every sheet of a spreadsheet (merged cells filled), or a CSV as one sheet named after the file: for
 * readers that find their own header, such as the Annex A list validator.
 */
export function readSheets(bytes: Uint8Array, fileName: string): { name: string; rows: { line: number; fields: string[] }[] }[] {
  if (!isXlsx(fileName)) {
    const rows: { line: number; fields: string[] }[] = [];
    parseCsv(decodeText(bytes).text, (record) => {
      if (record.fields.some((field) => field.trim() !== "")) rows.push(record);
    });
    return [{ name: fileName, rows }];
  }
  const workbook = readWorkbook(bytes, fileName);
  return workbook.SheetNames.map((name) => ({ name, rows: sheetRows(workbook.Sheets[name], true) }));
}

/**
 * Reads `bytes` as the named file. `required` are the columns that identify the header row; a file
 * without them is a clear error naming the file and the missing columns.
 */
export function readTableFile(bytes: Uint8Array, fileName: string, required: readonly string[]): TableFile {
  const rows: { line: number; fields: string[] }[] = [];
  let unterminatedQuoteAtLine: number | undefined;
  if (isXlsx(fileName)) appendAll(rows, xlsxRows(bytes, fileName));
  else unterminatedQuoteAtLine = parseCsv(decodeText(bytes).text, (record) => rows.push(record)).unterminatedQuoteAtLine;
  const wanted = required.map(normaliseHeader);
  const headerIndex = rows.findIndex((row) => {
    const names = new Set(row.fields.map(normaliseHeader));
    return wanted.every((name) => names.has(name));
  });
  if (headerIndex < 0) {
    const first = rows[0]?.fields.map(normaliseHeader) ?? [];
    const missing = wanted.filter((name) => !first.includes(name));
    throw new DataError(rows.length === 0 ? `${fileName} is empty: expected a header row with ${required.join(", ")}.` : `${fileName}: no header row with ${missing.join(", ")} found (looked in every row).`);
  }
  const header = rows[headerIndex]!;
  const columns = header.fields.map(normaliseHeader);
  const index = new Map<string, number>();
  columns.forEach((name, position) => { if (!index.has(name)) index.set(name, position); });
  // Fields are kept as arrays (no per-row objects): national-size censuses have millions of rows.
  const records = rows.slice(headerIndex + 1).map((row) => ({ line: row.line, fields: row.fields.map((field) => field.trim()) }));
  return { fileName, columns, index, headerLine: header.line, records, ...(unterminatedQuoteAtLine !== undefined ? { unterminatedQuoteAtLine } : {}) };
}

/** Date columns holding a slash date that is only valid month first (12/13/2024): the file is US-ordered. */
function monthFirstColumns(table: TableFile, columns: readonly string[]): { column: string; at: number; example: number }[] {
  return columns.flatMap((column) => {
    const at = table.index.get(column.toLowerCase());
    if (at === undefined) return [];
    const evidence = table.records.find((record) => onlyMonthFirst(record.fields[at] ?? ""));
    return evidence ? [{ column, at, example: evidence.line }] : [];
  });
}

/** What a row reader gets: the row's cells by column name, and a way to report a problem on this row. */
export interface RowContext {
  cell(column: string): string;
  /** An error rejects the row; a warning keeps it. */
  report(column: string, rule: string, message: string, severity?: "error" | "warning"): void;
  /** Whether an error has been reported on this row. */
  rejected(): boolean;
}

/**
 * Reads a local export and turns each record into a typed row with `readRow`. A row is rejected when
 * `readRow` reports an error or returns nothing; rows in = accepted + rejected, per file.
 */
export function readSourceRows<T>(
  bytes: Uint8Array,
  fileName: string,
  spec: { source: string; module: string; required: readonly string[]; dateColumns?: readonly string[] },
  readRow: (record: TableRecord, context: RowContext) => T | undefined,
): { rows: T[]; problems: Problem[]; account: RowAccount } {
  const table = readTableFile(bytes, fileName, spec.required);
  const problems: Problem[] = [];
  const rows: T[] = [];
  const monthFirst = monthFirstColumns(table, spec.dateColumns ?? []);
  // One context for every row (national-size files have millions): it points at the current record.
  const positions = new Map<string, number>();
  const position = (column: string) => {
    let at = positions.get(column);
    if (at === undefined) positions.set(column, (at = table.index.get(column.toLowerCase()) ?? -1));
    return at;
  };
  let record: TableRecord = { line: 0, fields: [] };
  let rejected = false;
  const context: RowContext = {
    cell: (column) => record.fields[position(column)] ?? "",
    report: (column, rule, message, severity = "error") => {
      problems.push({ source: spec.source, file: fileName, row: record.line, column, severity, rule, message });
      if (severity === "error") rejected = true;
    },
    rejected: () => rejected,
  };
  for (const current of table.records) {
    record = current;
    rejected = false;
    // A column whose dates are month first has no safe reading of 05/06/2024: never swap silently.
    for (const { column, at, example } of monthFirst) {
      if (SLASH_DATE.test(record.fields[at] ?? "")) {
        context.report(column, "ambiguous-date-order", `the dates in ${column} look month-first (row ${example} cannot be day-first), so this one is ambiguous: export dates as DD/MM/YYYY or YYYY-MM-DD`);
      }
    }
    if (record.line === table.unterminatedQuoteAtLine) {
      context.report("(row)", "unterminated-quote", "a quoted field is never closed: this row swallowed the rest of the file; close the quote and read it again");
    }
    if (rejected) continue;
    const row = readRow(record, context);
    if (row !== undefined && !rejected) rows.push(row);
  }
  const rowsIn = table.records.length;
  return { rows, problems, account: { source: spec.source, file: fileName, module: spec.module, rowsIn, accepted: rows.length, rejected: rowsIn - rows.length } };
}
