// Reads one SEN2 Blade export (nine module CSVs) into typed rows, validating types, codes, parent keys,
// duplicate ids, date order and dates after the reference date. Errors reject a row and every row below it.

import { normaliseHeader, parseCsv, readCsv, type ByteSource, type CsvRecord } from "./csv.js";
import { parseBool, parseDate, parseInteger, type DateFormat } from "./values.js";
import { DataError, type Problem, type RowAccount } from "./problems.js";
import {
  ALTERNATIVE_COLUMNS,
  ESSENTIAL_COLUMNS,
  SEN2_MODULES,
  type ColumnSpec,
  type ModuleSpec,
  type Sen2Module,
} from "./sen2-schema.js";
import { upnValid } from "./upn-fast.js";
import { BoolBuilder, DictionaryBuilder, IdMap, IntBuilder, TextColumn } from "../model/columnar.js";
import { appendAll } from "../arrays.js";
import {
  ASSESSMENT_OUTCOME_CODES,
  REQUEST_OUTCOME_CODES,
  outcomeGroup,
} from "../config/outcome-codes.js";

export type CellValue = string | number | boolean | null;

/** A module's columns the canonical tables or the cross-module checks read: only these are kept. */
export const STORED_COLUMNS: Readonly<Record<Sen2Module, readonly string[]>> = {
  sen2: ["referencedate", "lea"],
  person: ["persontableid", "nativeid", "surname", "forename", "personbirthdate", "sex", "ethnicity", "upn", "uniquelearnernumber"],
  requests: ["receiveddate", "requestoutcome", "requestoutcomedate", "requestmediation", "requesttribunal"],
  assessment: ["assessmentoutcome", "assessmentoutcomedate", "assessmentmediation", "assessmenttribunal", "othermediation", "othertribunal", "week20"],
  namedplan: ["startdate", "ceasedate", "ceasereason"],
  plandetail: ["urn", "ukprn", "sensetting", "placementrank"],
  activeplans: ["lastreview"],
  placementdetail: ["urn", "ukprn", "sensetting", "placementrank", "leavingdate"],
  senneed: ["sentype", "sentyperank"],
};

/** Columns with a different value on almost every row: kept as text rather than in a dictionary. */
const FREE_TEXT = new Set(["persontableid", "nativeid", "surname", "forename", "upn", "uniquelearnernumber"]);

type StoredColumn = DictionaryBuilder | IntBuilder | BoolBuilder | TextColumn;

/** How a stored column is kept: its place in the module's columns and its builder's class. */
function storedColumnKind(spec: ModuleSpec, name: string): { at: number; make: new () => StoredColumn } {
  const at = spec.columns.findIndex((column) => column.name === name);
  const type = spec.columns[at]!.type;
  const make = type === "int" ? IntBuilder : type === "bool" ? BoolBuilder : type === "string" && FREE_TEXT.has(name) ? TextColumn : DictionaryBuilder;
  return { at, make };
}

/** A Sen2Table as plain data (see Sen2Table.toTransfer). */
export interface Sen2TableTransfer {
  module: Sen2Module;
  lines: Int32Array<ArrayBuffer>;
  parents: Int32Array<ArrayBuffer>;
  length: number;
  columns: StoredColumn[];
}

/**
 * A module's accepted rows, column by column (a national export has millions): each row's file line, its
 * parent module's row (so no table ids are kept), and the columns in STORED_COLUMNS.
 */
export class Sen2Table {
  private lines = new Int32Array(1024);
  private parents = new Int32Array(1024);
  private readonly stored: { at: number; column: StoredColumn }[] = [];
  private readonly getters = new Map<string, (row: number) => CellValue>();
  length = 0;

  constructor(readonly module: Sen2Module, spec: ModuleSpec) {
    for (const name of STORED_COLUMNS[module]) {
      const { at, make } = storedColumnKind(spec, name);
      const column = new make();
      this.stored.push({ at, column });
      this.getters.set(name, (row) => column.get(row));
    }
  }

  /**
   * The table as plain data for postMessage (a worker thread reads some exports): its arrays, and each stored
   * column's builder as it is (the readers are rebuilt on arrival by fromTransfer).
   */
  toTransfer(): Sen2TableTransfer {
    return { module: this.module, lines: this.lines, parents: this.parents, length: this.length, columns: this.stored.map(({ column }) => column) };
  }

  /** A table back from toTransfer's data (after postMessage, which keeps fields but not classes). */
  static fromTransfer(data: Sen2TableTransfer): Sen2Table {
    const spec = SEN2_MODULES.find((candidate) => candidate.module === data.module)!;
    const table = new Sen2Table(data.module, spec);
    table.lines = data.lines;
    table.parents = data.parents;
    table.length = data.length;
    table.stored.length = 0;
    table.getters.clear();
    STORED_COLUMNS[data.module].forEach((name, index) => {
      const { at, make } = storedColumnKind(spec, name);
      const column = Object.setPrototypeOf(data.columns[index]!, make.prototype) as StoredColumn;
      table.stored.push({ at, column });
      table.getters.set(name, (row) => column.get(row));
    });
    return table;
  }

  /** The buffers toTransfer's data holds, to move to the receiving thread rather than copy. */
  static buffersOf(data: Sen2TableTransfer): ArrayBuffer[] {
    const buffers: ArrayBuffer[] = [data.lines.buffer as ArrayBuffer, data.parents.buffer as ArrayBuffer];
    for (const column of data.columns) for (const value of Object.values(column)) if (ArrayBuffer.isView(value)) buffers.push(value.buffer as ArrayBuffer);
    return buffers;
  }

  /** Appends an accepted row: `values` are its cells in the module spec's column order. */
  append(line: number, parent: number, values: readonly CellValue[]): number {
    if (this.length === this.lines.length) {
      const lines = new Int32Array(this.length * 2);
      lines.set(this.lines);
      this.lines = lines;
      const parents = new Int32Array(this.length * 2);
      parents.set(this.parents);
      this.parents = parents;
    }
    this.lines[this.length] = line;
    this.parents[this.length] = parent;
    for (const { at, column } of this.stored) (column.push as (value: CellValue) => void)(values[at]!);
    return this.length++;
  }

  /** The row's line in its file. */
  line(row: number): number {
    return this.lines[row]!;
  }

  /** The row of the parent module's table this row hangs from (-1 for the sen2 module). */
  parent(row: number): number {
    return this.parents[row]!;
  }

  /** A stored column's reader. */
  column(name: string): (row: number) => CellValue {
    const getter = this.getters.get(name);
    if (!getter) throw new Error(`SEN2 ${this.module}: column ${name} is not kept (see STORED_COLUMNS)`);
    return getter;
  }

  value(name: string, row: number): CellValue {
    return this.column(name)(row);
  }

  /** This module's rows grouped by parent row, in file order: rows[start[p]] to rows[start[p + 1] - 1] hang from parent p. */
  byParent(parentCount: number): { start: Int32Array; rows: Int32Array } {
    const start = new Int32Array(parentCount + 1);
    for (let row = 0; row < this.length; row++) start[this.parents[row]! + 1]!++;
    for (let parent = 0; parent < parentCount; parent++) start[parent + 1]! += start[parent]!;
    const next = start.slice(0, parentCount);
    const rows = new Int32Array(this.length);
    for (let row = 0; row < this.length; row++) rows[next[this.parents[row]!]!++] = row;
    return { start, rows };
  }
}

/** A requests row that was rejected: an older export's version of the same request must not stand in for it. */
export interface RejectedRequest {
  line: number;
  /** Its person's row in the person table (when that person was accepted), else -1. */
  person: number;
  receivedDate: CellValue;
}

export interface Sen2ExportFiles {
  /** Date in the file names (DD-MM-YYYY -> ISO). */
  exportDate: string;
  /** Each module's file: its text, or its bytes (decoded as UTF-8 or Windows-1252 and read in pieces). */
  files: Partial<Record<Sen2Module, { name: string; text: string } | { name: string; bytes: ByteSource }>>;
}

/** An export as plain data for postMessage, and back (see Sen2Table.toTransfer). */
export type Sen2ExportTransfer = Omit<Sen2Export, "tables"> & { tables: Record<Sen2Module, Sen2TableTransfer> };

export function exportToTransfer(read: Sen2Export): { data: Sen2ExportTransfer; buffers: ArrayBuffer[] } {
  const tables = Object.fromEntries(Object.entries(read.tables).map(([module, table]) => [module, table.toTransfer()])) as Record<Sen2Module, Sen2TableTransfer>;
  return { data: { ...read, tables }, buffers: Object.values(tables).flatMap((table) => Sen2Table.buffersOf(table)) };
}

export function exportFromTransfer(data: Sen2ExportTransfer): Sen2Export {
  return { ...data, tables: Object.fromEntries(Object.entries(data.tables).map(([module, table]) => [module, Sen2Table.fromTransfer(table)])) as Record<Sen2Module, Sen2Table> };
}

export interface Sen2Export {
  exportDate: string;
  referenceDate: string;
  la: string;
  /** File name of each module, for messages about rows found later in the pipeline. */
  fileNames: Record<Sen2Module, string>;
  /** Each module's accepted rows. */
  tables: Record<Sen2Module, Sen2Table>;
  /** Rejected requests rows (with their person and received date where readable): an older export's
   * version of such a request must not silently stand in for it. */
  rejectedRequests: RejectedRequest[];
  problems: Problem[];
  accounts: RowAccount[];
}

const DATE_FORMATS: readonly DateFormat[] = ["blade", "iso", "uk"];

/** Date pairs that must be in order: [module, earlier column (own or parent's), later column]. */
interface DateOrderRule {
  module: Sen2Module;
  later: string;
  earlier: { module: Sen2Module; column: string };
  what: string;
}
const DATE_ORDER_RULES: readonly DateOrderRule[] = [
  { module: "requests", later: "receiveddate", earlier: { module: "person", column: "personbirthdate" }, what: "the request is dated before the date of birth" },
  { module: "requests", later: "requestoutcomedate", earlier: { module: "requests", column: "receiveddate" }, what: "the request outcome is dated before the request was received" },
  { module: "assessment", later: "assessmentoutcomedate", earlier: { module: "requests", column: "receiveddate" }, what: "the assessment outcome is dated before the request was received" },
  { module: "namedplan", later: "startdate", earlier: { module: "requests", column: "receiveddate" }, what: "the plan was issued before the request was received" },
  { module: "namedplan", later: "ceasedate", earlier: { module: "namedplan", column: "startdate" }, what: "the plan ceased before it started" },
  { module: "placementdetail", later: "leavingdate", earlier: { module: "placementdetail", column: "entrydate" }, what: "the placement ended before it started" },
];

/** Which ancestor row a date-order rule needs, found by walking parent ids. */
const ANCESTRY: Record<Sen2Module, Sen2Module[]> = {
  sen2: [],
  person: ["sen2"],
  requests: ["person", "sen2"],
  assessment: ["requests", "person", "sen2"],
  namedplan: ["assessment", "requests", "person", "sen2"],
  plandetail: ["namedplan", "assessment", "requests", "person", "sen2"],
  activeplans: ["requests", "person", "sen2"],
  placementdetail: ["activeplans", "requests", "person", "sen2"],
  senneed: ["activeplans", "requests", "person", "sen2"],
};

/** A module's column positions in its spec, worked out once. */
interface ModulePlan {
  spec: ModuleSpec;
  idAt: number;
  parentAt: number;
  /** Date columns (checked against the reference date). */
  dates: number[];
  /** Date-order rules on this module: the later column, and the earlier one (own row or an ancestor's). */
  orders: { rule: DateOrderRule; laterAt: number; earlierAt: number }[];
  at: (name: string) => number;
  /** Columns the warnings read (-1 where the module has none). */
  warn: { outcome: number; outcomeDate: number; upn: number; ethnicity: number; sex: number; person: number; received: number };
}

function planModule(spec: ModuleSpec): ModulePlan {
  const at = (name: string) => spec.columns.findIndex((column) => column.name === name);
  return {
    spec,
    idAt: at(`${spec.module}tableid`),
    parentAt: spec.parent ? at(`${spec.parent}tableid`) : -1,
    dates: spec.columns.flatMap((column, index) => (column.type === "date" ? [index] : [])),
    orders: DATE_ORDER_RULES.filter((rule) => rule.module === spec.module).map((rule) => ({
      rule,
      laterAt: at(rule.later),
      earlierAt: rule.earlier.module === spec.module ? at(rule.earlier.column) : -1,
    })),
    at,
    warn: {
      outcome: at(spec.module === "requests" ? "requestoutcome" : "assessmentoutcome"),
      outcomeDate: at(spec.module === "requests" ? "requestoutcomedate" : "assessmentoutcomedate"),
      upn: at("upn"),
      ethnicity: at("ethnicity"),
      sex: at("sex"),
      person: at("persontableid"),
      received: at("receiveddate"),
    },
  };
}

const PLANS = new Map(SEN2_MODULES.map((spec) => [spec.module, planModule(spec)]));

export function readSen2Export(input: Sen2ExportFiles, options: { homeLa?: string } = {}): Sen2Export {
  const source = `SEN2 export ${input.exportDate}`;
  const problems: Problem[] = [];
  const accounts: RowAccount[] = [];
  const tables = {} as Record<Sen2Module, Sen2Table>;
  /**
   * Every table id in a module's file: its accepted row (0 or more), or minus the line it was first seen
   * on when that row was rejected; tells "orphan" from "parent rejected" and finds duplicates.
   */
  const ids = {} as Record<Sen2Module, IdMap>;
  const rejectedRequests: RejectedRequest[] = [];

  const missing = SEN2_MODULES.filter((spec) => !input.files[spec.module]).map((spec) => spec.module);
  if (missing.length > 0) {
    throw new DataError(
      `${source}: missing ${missing.map((module) => `Blade-Export_${dmy(input.exportDate)}_${module}.csv`).join(", ")}. ` +
        `An export needs all nine module files side by side.`,
    );
  }

  let referenceDate = "";
  for (const spec of SEN2_MODULES) {
    const file = input.files[spec.module]!;
    const plan = PLANS.get(spec.module)!;
    const idColumn = `${spec.module}tableid`;
    const parentColumn = spec.parent ? `${spec.parent}tableid` : undefined;
    const table = new Sen2Table(spec.module, spec);
    const moduleIds = new IdMap();
    const parentIds = spec.parent ? ids[spec.parent] : undefined;
    /** Problems found checking rows against each other: listed after the module's cell problems, as read. */
    const checks: Problem[] = [];
    let rejected = 0;
    let line = 0;
    const report = (column: string | null, rule: string, message: string, severity: "error" | "warning" = "error") =>
      checks.push({ source, file: file.name, row: line, column, severity, rule, message });

    const parsed = parseModule(spec, file, source, problems, (row, values, rowOk) => {
      line = row;
      let ok = rowOk;
      const id = String(values[plan.idAt] ?? "");
      if (id !== "") {
        const first = moduleIds.get(id);
        if (first !== undefined) {
          report(idColumn, "duplicate-id", `duplicate ${idColumn} '${id}' (first used on row ${first >= 0 ? table.line(first) : -first})`);
          ok = false;
        } else {
          moduleIds.set(id, -row);
        }
      }
      let parentRow = -1;
      if (ok && parentColumn) {
        const parentId = String(values[plan.parentAt] ?? "");
        const found = parentIds!.get(parentId);
        if (found === undefined || found < 0) {
          if (found !== undefined) report(parentColumn, "parent-rejected", `rejected because its ${spec.parent} row '${parentId}' was rejected`);
          else report(parentColumn, "orphan", `${parentColumn} '${parentId}' does not exist in the ${spec.parent} file`);
          ok = false;
        } else {
          parentRow = found;
        }
      }
      if (ok) ok = checkDates(plan, values, parentRow, referenceDate, tables, report);
      if (ok) checkWarnings(plan, values, report);
      if (ok) moduleIds.set(id, table.append(row, parentRow, values));
      else {
        rejected++;
        if (spec.module === "requests") {
          const person = ids.person!.get(String(values[plan.warn.person]));
          rejectedRequests.push({ line: row, person: person !== undefined && person >= 0 ? person : -1, receivedDate: values[plan.warn.received] ?? null });
        }
      }
    });

    if (spec.module !== "sen2" && referenceDate === "") {
      throw new DataError(`${source}: ${input.files.sen2!.name} has no usable row with a referencedate.`);
    }
    appendAll(problems, checks);

    if (spec.module === "sen2") {
      referenceDate = String(table.length > 0 ? (table.value("referencedate", 0) ?? "") : "");
      if (table.length > 1) {
        problems.push({ source, file: file.name, row: null, column: null, severity: "warning", rule: "sen2-rows", message: `the sen2 module should have one row, it has ${table.length}; the first is used` });
      }
    }
    tables[spec.module] = table;
    ids[spec.module] = moduleIds;
    accounts.push({ source, file: file.name, module: spec.module, rowsIn: parsed.rowsIn, accepted: table.length, rejected });
  }

  const la = String(tables.sen2.length > 0 ? (tables.sen2.value("lea", 0) ?? "") : "");
  if (options.homeLa && la !== options.homeLa) {
    problems.push({ source, file: input.files.sen2!.name, row: tables.sen2.length > 0 ? tables.sen2.line(0) : null, column: "lea", severity: "warning", rule: "home-la", message: `the export is for LA ${la}, the configured home LA is ${options.homeLa}` });
  }
  const fileNames = Object.fromEntries(SEN2_MODULES.map((spec) => [spec.module, input.files[spec.module]!.name])) as Record<Sen2Module, string>;
  return { exportDate: input.exportDate, referenceDate, la, fileNames, tables, rejectedRequests, problems, accounts };
}

/** Future dates and date order; reports every rule the row breaks and says whether it stands. */
function checkDates(
  plan: ModulePlan,
  values: readonly CellValue[],
  parentRow: number,
  reference: string,
  tables: Record<Sen2Module, Sen2Table>,
  report: (column: string | null, rule: string, message: string) => void,
): boolean {
  const module = plan.spec.module;
  let ok = true;
  if (module !== "sen2") {
    for (const at of plan.dates) {
      const value = values[at];
      if (typeof value === "string" && value > reference) {
        const column = plan.spec.columns[at]!.name;
        report(column, "future-date", `${column} is after the export's reference date ${reference}`);
        ok = false;
      }
    }
  }
  for (const { rule, laterAt, earlierAt } of plan.orders) {
    const later = values[laterAt];
    const earlier = earlierAt >= 0 ? values[earlierAt] : ancestorValue(module, parentRow, rule.earlier.module, rule.earlier.column, tables);
    if (typeof later === "string" && typeof earlier === "string" && later < earlier) {
      report(rule.later, "date-order", `${rule.what} (${rule.later} before ${rule.earlier.module}.${rule.earlier.column})`);
      ok = false;
    }
  }
  return ok;
}

function checkWarnings(plan: ModulePlan, values: readonly CellValue[], report: (column: string | null, rule: string, message: string, severity: "warning") => void) {
  const module = plan.spec.module;
  const { warn } = plan;
  if (module === "requests") {
    const code = (values[warn.outcome] ?? null) as string | null;
    if (outcomeGroup(REQUEST_OUTCOME_CODES, code) === "unmapped") {
      report("requestoutcome", "unmapped-outcome", `request outcome '${code}' is not in the outcome table; counted as unmapped`, "warning");
    }
    if (code && !values[warn.outcomeDate]) report("requestoutcomedate", "outcome-without-date", "a request outcome without an outcome date cannot be placed in a month", "warning");
  }
  if (module === "assessment") {
    const code = (values[warn.outcome] ?? null) as string | null;
    if (outcomeGroup(ASSESSMENT_OUTCOME_CODES, code) === "unmapped") {
      report("assessmentoutcome", "unmapped-outcome", `assessment outcome '${code}' is not in the outcome table; counted as unmapped`, "warning");
    }
    if (code && !values[warn.outcomeDate]) report("assessmentoutcomedate", "outcome-without-date", "an assessment outcome without an outcome date cannot be placed in a month", "warning");
  }
  if (module === "person") {
    const upn = (values[warn.upn] ?? null) as string | null;
    if (upn && !upnValid(upn)) report("upn", "upn-check-letter", "the UPN's check letter does not match its digits", "warning");
    if (!values[warn.ethnicity]) report("ethnicity", "missing-value", "ethnicity is blank", "warning");
    if (!values[warn.sex]) report("sex", "missing-value", "sex is blank", "warning");
  }
}

/** A column of an accepted ancestor row, found by walking parent rows up from the row's parent. */
function ancestorValue(module: Sen2Module, parentRow: number, wanted: Sen2Module, column: string, tables: Record<Sen2Module, Sen2Table>): CellValue | undefined {
  let row = parentRow;
  for (const ancestor of ANCESTRY[module]) {
    if (row < 0) return undefined;
    if (ancestor === wanted) return tables[ancestor].value(column, row);
    row = tables[ancestor].parent(row);
  }
  return undefined;
}

/** The memory of cell readings per column (a few hundred codes and dates repeat millions of times). */
const CELL_CACHE_LIMIT = 50_000;
const STRING = 0;
const FLAG = 1;
const OTHER = 2;
const TRUE: CellResult = { ok: true, value: true };
const FALSE: CellResult = { ok: true, value: false };

/**
 * Header mapping, then per-cell typing; type errors are reported (into `problems`, in file order) and
 * mark the row not ok. Each data row goes to `onRow` as it is parsed, with its cells in spec order.
 */
function parseModule(
  spec: ModuleSpec,
  file: { name: string; text: string } | { name: string; bytes: ByteSource },
  source: string,
  problems: Problem[],
  onRow: (line: number, values: CellValue[], ok: boolean) => void,
): { rowsIn: number } {
  let header: string[] | undefined;
  /** Each spec column's position in the file's records (-1: not there). */
  let positions: number[] = [];
  let rowsIn = 0;
  const known = new Set(spec.columns.map((column) => column.name));
  const caches = spec.columns.map(() => new Map<string, CellResult>());
  /** Each column's reading of a blank cell. */
  const blanks = spec.columns.map((column) => parseCell(column, ""));
  const kinds = spec.columns.map((column) => (column.type === "string" ? STRING : column.type === "bool" ? FLAG : OTHER));
  /** One row's cells, reused: the caller copies what it keeps. */
  const values = new Array<CellValue>(spec.columns.length).fill(null);
  const read = (record: CsvRecord, unterminated: boolean) => {
    if (!header) {
      header = record.fields.map(normaliseHeader).map((name) => ALTERNATIVE_COLUMNS[name] ?? name);
      const columnIndex = new Map(header.map((name, index) => [name, index]));
      const absentEssential = ESSENTIAL_COLUMNS[spec.module].filter((name) => !columnIndex.has(name));
      if (absentEssential.length > 0) {
        throw new DataError(`${file.name}: the header has no ${absentEssential.join(", ")} column; is this the ${spec.module} module of a SEN2 Blade export?`);
      }
      for (const column of spec.columns) {
        if (!columnIndex.has(column.name)) {
          problems.push({ source, file: file.name, row: 1, column: column.name, severity: "warning", rule: "missing-column", message: `column ${column.name} is missing; treated as blank` });
        }
      }
      for (const name of header) {
        if (!known.has(name)) {
          problems.push({ source, file: file.name, row: 1, column: name, severity: "warning", rule: "extra-column", message: `column ${name} is not in the SEN2 specification this tool knows; kept but not used` });
        }
      }
      positions = spec.columns.map((column) => columnIndex.get(column.name) ?? -1);
      return;
    }
    rowsIn++;
    let ok = true;
    if (record.fields.length !== header.length) {
      problems.push({ source, file: file.name, row: record.line, column: null, severity: "error", rule: "field-count", message: `the row has ${record.fields.length} fields, the header has ${header.length}` });
      ok = false;
    }
    for (let index = 0; index < spec.columns.length; index++) {
      const column = spec.columns[index]!;
      const position = positions[index]!;
      const raw = position < 0 ? "" : (record.fields[position] ?? "");
      let typed: CellResult | undefined;
      if (raw === "") typed = blanks[index]!;
      else if (kinds[index] === STRING) {
        // Text: the value as it is (trimmed), unless it is only spaces.
        const first = raw.charCodeAt(0);
        const last = raw.charCodeAt(raw.length - 1);
        if (first > 32 && first < 127 && last > 32 && last < 127) {
          values[index] = raw;
          continue;
        }
        typed = parseCell(column, raw);
      } else if (kinds[index] === FLAG && raw.length === 1 && (raw === "0" || raw === "1")) typed = raw === "1" ? TRUE : FALSE;
      else {
        const cache = caches[index]!;
        typed = cache.get(raw);
        if (typed === undefined) {
          typed = parseCell(column, raw);
          if (cache.size < CELL_CACHE_LIMIT) cache.set(raw, typed);
        }
      }
      if (typed.ok) values[index] = typed.value;
      else {
        values[index] = null;
        const severity = typed.warning ? "warning" : "error";
        problems.push({ source, file: file.name, row: record.line, column: column.name, severity, rule: typed.rule, message: column.personal ? typed.reason.replace(/'[^']*'/, "the value") : typed.reason });
        if (severity === "error") ok = false;
      }
    }
    // A quote never closed swallowed the rest of the file into this (last) row.
    if (unterminated) ok = false;
    onRow(record.line, values, ok);
  };
  const result = "text" in file ? parseCsv(file.text, read) : readCsv(file.bytes, read);
  if (!header) throw new DataError(`${file.name} is empty: expected a header row and data for the ${spec.module} module.`);
  if (result.unterminatedQuoteAtLine !== undefined) {
    problems.push({ source, file: file.name, row: result.unterminatedQuoteAtLine, column: null, severity: "error", rule: "unterminated-quote", message: "a quoted field is never closed; the rest of the file was read as one field" });
  }
  return { rowsIn };
}

type CellResult =
  | { ok: true; value: CellValue }
  | { ok: false; reason: string; rule: string; warning?: boolean };

function parseCell(column: ColumnSpec, raw: string): CellResult {
  const text = raw.trim();
  if (text === "") {
    return column.required ? { ok: false, reason: `${column.name} is required but blank`, rule: "required" } : { ok: true, value: null };
  }
  switch (column.type) {
    case "date": {
      const parsed = parseDate(text, DATE_FORMATS);
      return parsed.ok ? parsed : { ok: false, reason: parsed.reason, rule: "bad-date" };
    }
    case "bool": {
      const parsed = parseBool(text);
      return parsed.ok ? parsed : { ok: false, reason: parsed.reason, rule: "bad-boolean" };
    }
    case "int": {
      const parsed = parseInteger(text);
      return parsed.ok ? parsed : { ok: false, reason: parsed.reason, rule: "bad-number" };
    }
    case "code": {
      const code = text.toUpperCase();
      if (column.codes!.includes(code)) return { ok: true, value: code };
      return { ok: false, reason: `'${text}' is not a valid ${column.name} code (expected one of ${column.codes!.join(", ")})`, rule: "bad-code", warning: column.unknownCodeIsWarning };
    }
    default:
      return { ok: true, value: text };
  }
}

const dmy = (iso: string) => iso.split("-").reverse().join("-");
