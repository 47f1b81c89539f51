// Reads a local system export, CSV or XLSX, into a header and records with the line numbers an analyst
// sees in the file. XLSX exports often carry title rows above the header: the header is the first row
// that holds the columns the source expects. Pure (no Node APIs): the browser reads chosen files the same way.

import * as XLSX from "@e965/xlsx";
import { normaliseHeader, readCsv, scanText, wholeBytes, type ByteSource, type TextEncoding } from "./csv.js";
import { DataError, type Problem, type RowAccount } from "./problems.js";
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
    readCsv(bytes, (record) => {
      if (record.fields.some((field) => field.trim() !== "")) rows.push(record);
    });
    return [{ name: fileName, rows }];
  }
  const workbook = readWorkbook(bytes, fileName);
  return workbook.SheetNames.map((name) => ({ name, rows: sheetRows(workbook.Sheets[name], true) }));
}

/** A table file's header row, found before any record below it is handed on. */
export interface TableHeader {
  fileName: string;
  /** Normalised header names in file order. */
  columns: string[];
  /** Position of each normalised header name (the first, if a name repeats). */
  index: Map<string, number>;
  /** Line of the header row (1 unless title rows sit above it). */
  headerLine: number;
}

/** A file's rows, CSV (read in pieces, `encoding` decided by the caller's first pass) or a spreadsheet (read whole). */
type RowVisitor = (onRow: (row: { line: number; fields: string[] }, unterminated: boolean) => void) => void;

function rowVisitor(source: ByteSource, fileName: string, encoding?: TextEncoding): RowVisitor {
  if (isXlsx(fileName)) {
    const rows = xlsxRows(wholeBytes(source), fileName);
    return (onRow) => { for (const row of rows) onRow({ line: row.line, fields: [...row.fields] }, false); };
  }
  return (onRow) => { readCsv(source, onRow, encoding ? { encoding } : {}); };
}

/**
 * Visits the rows below the header: the first row holding every `required` column (title rows above it
 * are skipped). Cells are trimmed. A file without such a row is a clear error naming the file and the
 * missing columns, raised before any record is handed on.
 */
function visitTable(
  visit: RowVisitor,
  fileName: string,
  required: readonly string[],
  onHeader: (header: TableHeader) => void,
  onRecord: (record: TableRecord, unterminated: boolean) => void,
): void {
  const wanted = required.map(normaliseHeader);
  let found = false;
  let first: string[] | undefined;
  visit((row, unterminated) => {
    if (found) {
      const fields = row.fields;
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i]!;
        // Most cells start and end with a printable ASCII character and need no trimming.
        const first = field.charCodeAt(0);
        const last = field.charCodeAt(field.length - 1);
        if (!(first > 32 && first < 127 && last > 32 && last < 127)) fields[i] = field.trim();
      }
      onRecord(row, unterminated);
      return;
    }
    first ??= row.fields;
    const names = new Set(row.fields.map(normaliseHeader));
    if (!wanted.every((name) => names.has(name))) return;
    found = true;
    const columns = row.fields.map(normaliseHeader);
    const index = new Map<string, number>();
    columns.forEach((name, position) => { if (!index.has(name)) index.set(name, position); });
    onHeader({ fileName, columns, index, headerLine: row.line });
  });
  if (!found) {
    const names = first?.map(normaliseHeader) ?? [];
    const missing = wanted.filter((name) => !names.includes(name));
    throw new DataError(first === undefined ? `${fileName} is empty: expected a header row with ${required.join(", ")}.` : `${fileName}: no header row with ${missing.join(", ")} found (looked in every row).`);
  }
}

/**
 * Reads `bytes` as the named file. `required` are the columns that identify the header row; a file
 * without them is a clear error naming the file and the missing columns.
 */
export function readTableFile(bytes: ByteSource, fileName: string, required: readonly string[]): TableFile {
  let header: TableHeader | undefined;
  let unterminatedQuoteAtLine: number | undefined;
  const records: TableRecord[] = [];
  const encoding = isXlsx(fileName) ? undefined : scanText(bytes).encoding;
  visitTable(rowVisitor(bytes, fileName, encoding), fileName, required, (found) => { header = found; }, (record, unterminated) => {
    records.push(record);
    if (unterminated) unterminatedQuoteAtLine = record.line;
  });
  return { ...header!, records, ...(unterminatedQuoteAtLine !== undefined ? { unterminatedQuoteAtLine } : {}) };
}

/**
 * Text that any slash date only valid month first (12/13/2024) contains: a cheap test of a whole file,
 * so only a file that has one is read a second time to find which columns do.
 */
const MONTH_FIRST_HINT = /\d[/.-](?:1[3-9]|2\d|3[01])[/.-]\d\d/;

/** Date columns holding a slash date that is only valid month first (12/13/2024): the file is US-ordered. */
function monthFirstColumns(visit: RowVisitor, fileName: string, required: readonly string[], columns: readonly string[]): { column: string; at: number; example: number }[] {
  let positions: { column: string; at: number; example: number }[] = [];
  visitTable(visit, fileName, required, (header) => {
    positions = columns.flatMap((column) => {
      const at = header.index.get(column.toLowerCase());
      return at === undefined ? [] : [{ column, at, example: 0 }];
    });
  }, (record) => {
    for (const position of positions) {
      if (position.example === 0 && onlyMonthFirst(record.fields[position.at] ?? "")) position.example = record.line;
    }
  });
  return positions.filter((position) => position.example > 0);
}

/** What a row reader gets: the row's cells by column name, and a way to report a problem on this row. */
export interface RowContext {
  cell(column: string): string;
  /** Where a column sits in each record's fields (-1 when the file has no such column): for readers that look cells up themselves. */
  position(column: string): number;
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
  bytes: ByteSource,
  fileName: string,
  spec: SourceSpec,
  readRow: (record: TableRecord, context: RowContext) => T | undefined,
): { rows: T[]; problems: Problem[]; account: RowAccount } {
  const rows: T[] = [];
  const { problems, account } = streamSourceRows(bytes, fileName, spec, readRow, (row) => { rows.push(row); });
  return { rows, problems, account };
}

export interface SourceSpec {
  source: string;
  module: string;
  required: readonly string[];
  dateColumns?: readonly string[];
}

/**
 * readSourceRows without the array: each accepted row goes to `accept` as it is read, so a reader can
 * keep rows in a compact form (the census keeps columns). The file is read in pieces: a first pass
 * decides the encoding and looks for month-first dates (a second pass finds their columns only if it
 * sees any), then records are validated as they are parsed.
 */
export function streamSourceRows<T>(
  bytes: ByteSource,
  fileName: string,
  spec: SourceSpec,
  readRow: (record: TableRecord, context: RowContext) => T | undefined,
  accept: (row: T, record: TableRecord) => void,
): { problems: Problem[]; account: RowAccount } {
  const dateColumns = spec.dateColumns ?? [];
  let visit: RowVisitor;
  let mayBeMonthFirst = dateColumns.length > 0;
  if (isXlsx(fileName)) visit = rowVisitor(bytes, fileName);
  else {
    const scan = scanText(bytes, dateColumns.length > 0 ? MONTH_FIRST_HINT : undefined);
    mayBeMonthFirst = scan.found;
    visit = rowVisitor(bytes, fileName, scan.encoding);
  }
  const monthFirst = mayBeMonthFirst ? monthFirstColumns(visit, fileName, spec.required, dateColumns) : [];
  const problems: Problem[] = [];
  // One context for every row (national-size files have millions): it points at the current record.
  let index = new Map<string, number>();
  const positions = new Map<string, number>();
  const position = (column: string) => {
    let at = positions.get(column);
    if (at === undefined) positions.set(column, (at = index.get(column.toLowerCase()) ?? -1));
    return at;
  };
  let record: TableRecord = { line: 0, fields: [] };
  let rejected = false;
  const context: RowContext = {
    cell: (column) => record.fields[position(column)] ?? "",
    position,
    report: (column, rule, message, severity = "error") => {
      problems.push({ source: spec.source, file: fileName, row: record.line, column, severity, rule, message });
      if (severity === "error") rejected = true;
    },
    rejected: () => rejected,
  };
  let rowsIn = 0;
  let accepted = 0;
  visitTable(visit, fileName, spec.required, (header) => { index = header.index; }, (current, unterminated) => {
    rowsIn++;
    record = current;
    rejected = false;
    // A column whose dates are month first has no safe reading of 05/06/2024: never swap silently.
    for (const { column, at, example } of monthFirst) {
      if (SLASH_DATE.test(record.fields[at] ?? "")) {
        context.report(column, "ambiguous-date-order", `the dates in ${column} look month-first (row ${example} cannot be day-first), so this one is ambiguous: export dates as DD/MM/YYYY or YYYY-MM-DD`);
      }
    }
    if (unterminated) {
      context.report("(row)", "unterminated-quote", "a quoted field is never closed: this row swallowed the rest of the file; close the quote and read it again");
    }
    if (rejected) return;
    const row = readRow(record, context);
    if (row !== undefined && !rejected) {
      accepted++;
      accept(row, record);
    }
  });
  return { problems, account: { source: spec.source, file: fileName, module: spec.module, rowsIn, accepted, rejected: rowsIn - accepted } };
}
