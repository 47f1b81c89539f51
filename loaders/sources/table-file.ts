// Reads a local system export, CSV or XLSX, into a header and records with the line numbers an analyst
// sees in the file. XLSX exports often carry title rows above the header: the header is the first row
// that holds the columns the source expects. Pure (no Node APIs): the browser reads chosen files the same way.

import * as XLSX from "@e965/xlsx";
import { decodeText, normaliseHeader, parseCsv } from "./csv.js";
import { DataError, type Problem, type RowAccount } from "./problems.js";

export interface TableRecord {
  /** 1-based line (CSV) or row (XLSX) number in the file. */
  line: number;
  /** Cells by normalised header name (trimmed, lower case). */
  cells: Record<string, string>;
}

export interface TableFile {
  fileName: string;
  /** Normalised header names in file order. */
  columns: string[];
  /** Line of the header row (1 unless title rows sit above it). */
  headerLine: number;
  records: TableRecord[];
}

const isXlsx = (fileName: string) => /\.(xlsx|xlsm|xls|ods)$/i.test(fileName);

/** Excel stores dates as day counts from 1899-12-30; written as ISO so the date parsers read them. */
function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return "";
  if (cell.t === "d" && cell.v instanceof Date) return cell.v.toISOString().slice(0, 10);
  if (cell.t === "n" && cell.z && /[dmy]/i.test(String(cell.z)) && !/[h]/i.test(String(cell.z))) {
    const date = XLSX.SSF.parse_date_code(Number(cell.v));
    if (date) return `${date.y}-${String(date.m).padStart(2, "0")}-${String(date.d).padStart(2, "0")}`;
  }
  return String(cell.w ?? cell.v).trim();
}

function xlsxRows(bytes: Uint8Array, fileName: string): { line: number; fields: string[] }[] {
  let workbook: XLSX.WorkBook;
  try {
    // Number formats (cellNF) tell a date from a number; serials are converted without time zones.
    workbook = XLSX.read(bytes, { type: "array", cellDates: false, cellNF: true });
  } catch (error) {
    throw new DataError(`${fileName} could not be read as a spreadsheet: ${(error as Error).message}`);
  }
  const sheet = workbook.Sheets[workbook.SheetNames[0]!];
  if (!sheet || !sheet["!ref"]) return [];
  const range = XLSX.utils.decode_range(sheet["!ref"]);
  const rows: { line: number; fields: string[] }[] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const fields: string[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) fields.push(cellText(sheet[XLSX.utils.encode_cell({ r, c })]));
    if (fields.some((field) => field !== "")) rows.push({ line: r + 1, fields });
  }
  return rows;
}

/**
 * Reads `bytes` as the named file. `required` are the columns that identify the header row; a file
 * without them is a clear error naming the file and the missing columns.
 */
export function readTableFile(bytes: Uint8Array, fileName: string, required: readonly string[]): TableFile {
  const rows: { line: number; fields: string[] }[] = [];
  if (isXlsx(fileName)) rows.push(...xlsxRows(bytes, fileName));
  else parseCsv(decodeText(bytes).text, (record) => rows.push(record));
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
  const records = rows.slice(headerIndex + 1).map((row) => ({
    line: row.line,
    cells: Object.fromEntries(columns.map((name, index) => [name, (row.fields[index] ?? "").trim()])),
  }));
  return { fileName, columns, headerLine: header.line, records };
}

/** What a row reader gets: the row's cells by column name, and a way to report a problem on this row. */
export interface RowContext {
  cell(column: string): string;
  /** An error rejects the row; a warning keeps it. */
  report(column: string, rule: string, message: string, severity?: "error" | "warning"): void;
}

/**
 * Reads a local export and turns each record into a typed row with `readRow`. A row is rejected when
 * `readRow` reports an error or returns nothing; rows in = accepted + rejected, per file.
 */
export function readSourceRows<T>(
  bytes: Uint8Array,
  fileName: string,
  spec: { source: string; module: string; required: readonly string[] },
  readRow: (record: TableRecord, context: RowContext) => T | undefined,
): { rows: T[]; problems: Problem[]; account: RowAccount } {
  const table = readTableFile(bytes, fileName, spec.required);
  const problems: Problem[] = [];
  const rows: T[] = [];
  for (const record of table.records) {
    let rejected = false;
    const context: RowContext = {
      cell: (column) => record.cells[column.toLowerCase()] ?? "",
      report: (column, rule, message, severity = "error") => {
        problems.push({ source: spec.source, file: fileName, row: record.line, column, severity, rule, message });
        if (severity === "error") rejected = true;
      },
    };
    const row = readRow(record, context);
    if (row !== undefined && !rejected) rows.push(row);
  }
  const rowsIn = table.records.length;
  return { rows, problems, account: { source: spec.source, file: fileName, module: spec.module, rowsIn, accepted: rows.length, rejected: rowsIn - rows.length } };
}
