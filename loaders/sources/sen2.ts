// Reads one SEN2 Blade export (nine module CSVs) into typed rows, validating types, codes, parent keys,
// duplicate ids, date order and dates after the reference date. Errors reject a row and every row below it.

import { parseCsv, normaliseHeader } from "./csv.js";
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
import { isValidUpn } from "./upn.js";
import {
  ASSESSMENT_OUTCOME_CODES,
  REQUEST_OUTCOME_CODES,
  outcomeGroup,
} from "../config/outcome-codes.js";

export type CellValue = string | number | boolean | null;
export interface Sen2Row {
  /** Line in the module's file, for messages. */
  line: number;
  values: Record<string, CellValue>;
}

export interface Sen2ExportFiles {
  /** Date in the file names (DD-MM-YYYY -> ISO). */
  exportDate: string;
  files: Partial<Record<Sen2Module, { name: string; text: string }>>;
}

export interface Sen2Export {
  exportDate: string;
  referenceDate: string;
  la: string;
  /** File name of each module, for messages about rows found later in the pipeline. */
  fileNames: Record<Sen2Module, string>;
  rows: Record<Sen2Module, Sen2Row[]>;
  /** Rejected requests rows (with their person and received date where readable): an older export's
   * version of such a request must not silently stand in for it. */
  rejectedRequests: Sen2Row[];
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

export function readSen2Export(input: Sen2ExportFiles, options: { homeLa?: string } = {}): Sen2Export {
  const source = `SEN2 export ${input.exportDate}`;
  const problems: Problem[] = [];
  const accounts: RowAccount[] = [];
  const rows = {} as Record<Sen2Module, Sen2Row[]>;
  /** Accepted rows by module, keyed by table id. */
  const accepted = {} as Record<Sen2Module, Map<string, Sen2Row>>;
  /** Every table id present in a module's file, accepted or not, to tell "orphan" from "parent rejected". */
  const seenIds = {} as Record<Sen2Module, Set<string>>;
  const rejectedRequests: Sen2Row[] = [];

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
    const parsed = parseModule(spec, file, source, problems);
    const idColumn = `${spec.module}tableid`;
    const parentColumn = spec.parent ? `${spec.parent}tableid` : undefined;
    const kept = new Map<string, Sen2Row>();
    const ids = new Set<string>();
    const firstLine = new Map<string, number>();
    let rejected = 0;

    if (spec.module !== "sen2" && referenceDate === "") {
      throw new DataError(`${source}: ${input.files.sen2!.name} has no usable row with a referencedate.`);
    }

    for (const row of parsed.rows) {
      const report = (column: string | null, rule: string, message: string, severity: "error" | "warning" = "error") =>
        problems.push({ source, file: file.name, row: row.line, column, severity, rule, message });
      let ok = row.ok;
      const id = String(row.values[idColumn] ?? "");
      if (id !== "") {
        if (ids.has(id)) {
          report(idColumn, "duplicate-id", `duplicate ${idColumn} '${id}' (first used on row ${firstLine.get(id)})`);
          ok = false;
        } else {
          ids.add(id);
          firstLine.set(id, row.line);
        }
      }
      if (ok && parentColumn) {
        const parentId = String(row.values[parentColumn] ?? "");
        if (!accepted[spec.parent!].has(parentId)) {
          if (seenIds[spec.parent!].has(parentId)) {
            report(parentColumn, "parent-rejected", `rejected because its ${spec.parent} row '${parentId}' was rejected`);
          } else {
            report(parentColumn, "orphan", `${parentColumn} '${parentId}' does not exist in the ${spec.parent} file`);
          }
          ok = false;
        }
      }
      if (ok) ok = checkDates(spec.module, row, referenceDate, accepted, report);
      if (ok) checkWarnings(spec.module, row, report);
      if (ok) kept.set(id, row);
      else {
        rejected++;
        if (spec.module === "requests") rejectedRequests.push(row);
      }
    }

    if (spec.module === "sen2") {
      const first = [...kept.values()][0];
      referenceDate = String(first?.values.referencedate ?? "");
      if (kept.size > 1) {
        problems.push({ source, file: file.name, row: null, column: null, severity: "warning", rule: "sen2-rows", message: `the sen2 module should have one row, it has ${kept.size}; the first is used` });
      }
    }
    accepted[spec.module] = kept;
    seenIds[spec.module] = ids;
    rows[spec.module] = [...kept.values()];
    accounts.push({ source, file: file.name, module: spec.module, rowsIn: parsed.rows.length, accepted: kept.size, rejected });
  }

  const la = String(rows.sen2[0]?.values.lea ?? "");
  if (options.homeLa && la !== options.homeLa) {
    problems.push({ source, file: input.files.sen2!.name, row: rows.sen2[0]?.line ?? null, column: "lea", severity: "warning", rule: "home-la", message: `the export is for LA ${la}, the configured home LA is ${options.homeLa}` });
  }
  const fileNames = Object.fromEntries(SEN2_MODULES.map((spec) => [spec.module, input.files[spec.module]!.name])) as Record<Sen2Module, string>;
  return { exportDate: input.exportDate, referenceDate, la, fileNames, rows, rejectedRequests, problems, accounts };

  function checkDates(
    module: Sen2Module,
    row: Sen2Row,
    reference: string,
    acceptedSoFar: Record<Sen2Module, Map<string, Sen2Row>>,
    report: (column: string | null, rule: string, message: string) => void,
  ): boolean {
    let ok = true;
    if (module !== "sen2") {
      for (const column of moduleDateColumns(module)) {
        const value = row.values[column];
        if (typeof value === "string" && value > reference) {
          report(column, "future-date", `${column} is after the export's reference date ${reference}`);
          ok = false;
        }
      }
    }
    for (const rule of DATE_ORDER_RULES) {
      if (rule.module !== module) continue;
      const later = row.values[rule.later];
      const earlierRow = rule.earlier.module === module ? row : ancestor(module, row, rule.earlier.module, acceptedSoFar);
      const earlier = earlierRow?.values[rule.earlier.column];
      if (typeof later === "string" && typeof earlier === "string" && later < earlier) {
        report(rule.later, "date-order", `${rule.what} (${rule.later} before ${rule.earlier.module}.${rule.earlier.column})`);
        ok = false;
      }
    }
    return ok;
  }
}

function checkWarnings(module: Sen2Module, row: Sen2Row, report: (column: string | null, rule: string, message: string, severity: "warning") => void) {
  if (module === "requests") {
    const code = row.values.requestoutcome as string | null;
    if (outcomeGroup(REQUEST_OUTCOME_CODES, code) === "unmapped") {
      report("requestoutcome", "unmapped-outcome", `request outcome '${code}' is not in the outcome table; counted as unmapped`, "warning");
    }
    if (code && !row.values.requestoutcomedate) report("requestoutcomedate", "outcome-without-date", "a request outcome without an outcome date cannot be placed in a month", "warning");
  }
  if (module === "assessment") {
    const code = row.values.assessmentoutcome as string | null;
    if (outcomeGroup(ASSESSMENT_OUTCOME_CODES, code) === "unmapped") {
      report("assessmentoutcome", "unmapped-outcome", `assessment outcome '${code}' is not in the outcome table; counted as unmapped`, "warning");
    }
    if (code && !row.values.assessmentoutcomedate) report("assessmentoutcomedate", "outcome-without-date", "an assessment outcome without an outcome date cannot be placed in a month", "warning");
  }
  if (module === "person") {
    const upn = row.values.upn as string | null;
    if (upn && !isValidUpn(upn)) report("upn", "upn-check-letter", "the UPN's check letter does not match its digits", "warning");
    if (!row.values.ethnicity) report("ethnicity", "missing-value", "ethnicity is blank", "warning");
    if (!row.values.sex) report("sex", "missing-value", "sex is blank", "warning");
  }
}

const dateColumnCache = new Map<Sen2Module, string[]>();
function moduleDateColumns(module: Sen2Module): string[] {
  let columns = dateColumnCache.get(module);
  if (!columns) {
    columns = SEN2_MODULES.find((spec) => spec.module === module)!.columns.filter((c) => c.type === "date").map((c) => c.name);
    dateColumnCache.set(module, columns);
  }
  return columns;
}

function ancestor(
  module: Sen2Module,
  row: Sen2Row,
  wanted: Sen2Module,
  acceptedSoFar: Record<Sen2Module, Map<string, Sen2Row>>,
): Sen2Row | undefined {
  let current: Sen2Row | undefined = row;
  let currentModule = module;
  for (const parent of ANCESTRY[module]) {
    // namedplan's parent is assessment, whose parent is requests: follow the chain one step at a time.
    const parentId = String(current?.values[`${parent}tableid`] ?? "");
    current = acceptedSoFar[parent]?.get(parentId);
    currentModule = parent;
    if (!current || currentModule === wanted) break;
  }
  return currentModule === wanted ? current : undefined;
}

interface ParsedRow {
  line: number;
  ok: boolean;
  values: Record<string, CellValue>;
}

/** Header mapping, then per-cell typing; type errors are reported and mark the row not ok. */
function parseModule(spec: ModuleSpec, file: { name: string; text: string }, source: string, problems: Problem[]): { rows: ParsedRow[] } {
  let header: string[] | undefined;
  let columnIndex = new Map<string, number>();
  const rows: ParsedRow[] = [];
  const known = new Set(spec.columns.map((column) => column.name));
  const result = parseCsv(file.text, (record) => {
    if (!header) {
      header = record.fields.map(normaliseHeader).map((name) => ALTERNATIVE_COLUMNS[name] ?? name);
      columnIndex = new Map(header.map((name, index) => [name, index]));
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
      return;
    }
    const values: Record<string, CellValue> = {};
    let ok = true;
    if (record.fields.length !== header.length) {
      problems.push({ source, file: file.name, row: record.line, column: null, severity: "error", rule: "field-count", message: `the row has ${record.fields.length} fields, the header has ${header.length}` });
      ok = false;
    }
    for (const column of spec.columns) {
      const index = columnIndex.get(column.name);
      const raw = index === undefined ? "" : (record.fields[index] ?? "");
      const typed = parseCell(column, raw);
      if (typed.ok) values[column.name] = typed.value;
      else {
        values[column.name] = null;
        const severity = typed.warning ? "warning" : "error";
        problems.push({ source, file: file.name, row: record.line, column: column.name, severity, rule: typed.rule, message: column.personal ? typed.reason.replace(/'[^']*'/, "the value") : typed.reason });
        if (severity === "error") ok = false;
      }
    }
    rows.push({ line: record.line, ok, values });
  });
  if (!header) throw new DataError(`${file.name} is empty: expected a header row and data for the ${spec.module} module.`);
  if (result.unterminatedQuoteAtLine !== undefined) {
    problems.push({ source, file: file.name, row: result.unterminatedQuoteAtLine, column: null, severity: "error", rule: "unterminated-quote", message: "a quoted field is never closed; the rest of the file was read as one field" });
    const last = rows[rows.length - 1];
    if (last) last.ok = false;
  }
  return { rows };
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
