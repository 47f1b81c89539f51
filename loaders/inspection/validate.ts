// Validates Annex A lists: a list this tool built, or one assembled by hand (xlsx or csv, title rows above
// the header, merged cells, header typos, messy values). Every problem has its sheet row, column, rule
// code, severity and a plain-English message; every data row is reported (rows in = rows with errors +
// rows with queries only + clean rows). Pure: the CLI and the inspection page run the same code.

import * as XLSX from "@e965/xlsx";
import { readSheets } from "../sources/table-file.js";
import { isValidUpn } from "../sources/upn.js";
import { ETHNICITIES, SEN_TYPES, SEXES } from "../sources/sen2-schema.js";
import { ageOn, isoDate, onlyMonthFirst, SLASH_DATE } from "../sources/values.js";
import { ANNEX_A_PHASES, listColumns, type AnnexAColumn, type ListNumber } from "./annex-a.js";
import { RULE_BY_CODE, RULES, ruleFor, type Severity } from "./rules.js";

export interface ListProblem {
  list: ListNumber;
  sheet: string;
  /** Row as the spreadsheet or file shows it (the header row for column problems). */
  row: number;
  column: string;
  rule: string;
  severity: Severity;
  message: string;
}

export interface ListRecord {
  line: number;
  /** Raw text by column key. */
  cells: Record<string, string>;
}

export interface ListAccount {
  list: ListNumber;
  sheet: string;
  headerLine: number;
  rowsIn: number;
  rowsWithErrors: number;
  rowsWithQueriesOnly: number;
  rowsClean: number;
}

export interface ValidationReport {
  listDate: string;
  accounts: ListAccount[];
  problems: ListProblem[];
  summary: { rule: string; severity: Severity; description: string; count: number }[];
  /** Rules that did not run, and why (not applicable, or their column is blank by design). */
  notChecked: { rule: string; reason: string }[];
  /** The rows as read, per list, for the annotated download. */
  records: { list: ListNumber; sheet: string; records: ListRecord[] }[];
}

const normalise = (header: string) => header.toLowerCase().replace(/[\u2013\u2014-]/g, " ").replace(/[^a-z0-9 ]/g, "").replace(/\s+/g, " ").trim();

function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(previous[j]! + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** How far a header may be from a template column and still be read as it: short names must match exactly. */
const typoBudget = (header: string) => (header.length <= 3 ? 0 : Math.max(2, Math.floor(header.length * 0.15)));

/**
 * Which template column each header means: exact matches (after normalising) first, then the nearest
 * within a small typo budget, each column taken by one header only, so "URN" can never be read as "UPN"
 * once "UPN" is there. A header that matches nothing is ignored (extra columns are allowed).
 */
function matchHeaders(fields: readonly string[], columns: readonly AnnexAColumn[]): { mapping: (AnnexAColumn | undefined)[]; typos: { header: string; column: AnnexAColumn }[] } {
  const texts = fields.map(normalise);
  const mapping: (AnnexAColumn | undefined)[] = fields.map(() => undefined);
  const taken = new Set<string>();
  texts.forEach((text, i) => {
    const exact = columns.find((column) => !taken.has(column.key) && normalise(column.header) === text);
    if (exact && text !== "") { mapping[i] = exact; taken.add(exact.key); }
  });
  const candidates: { i: number; column: AnnexAColumn; score: number }[] = [];
  texts.forEach((text, i) => {
    if (mapping[i] || text === "") return;
    for (const column of columns) {
      const name = normalise(column.header);
      const score = distance(text, name);
      if (score <= typoBudget(name) && score <= typoBudget(text)) candidates.push({ i, column, score });
    }
  });
  const typos: { header: string; column: AnnexAColumn }[] = [];
  for (const candidate of candidates.sort((a, b) => a.score - b.score || a.i - b.i)) {
    if (mapping[candidate.i] || taken.has(candidate.column.key)) continue;
    mapping[candidate.i] = candidate.column;
    taken.add(candidate.column.key);
    typos.push({ header: fields[candidate.i]!, column: candidate.column });
  }
  return { mapping, typos };
}

/** Which list a sheet holds, where its header is and which column is which. */
function findHeader(rows: { line: number; fields: string[] }[]): { list: ListNumber; index: number; mapping: (AnnexAColumn | undefined)[]; typos: { header: string; column: AnnexAColumn }[] } | undefined {
  for (let index = 0; index < Math.min(rows.length, 20); index++) {
    const fields = rows[index]!.fields;
    const probe = matchHeaders(fields, listColumns(1));
    if (probe.mapping.filter(Boolean).length < 6) continue;
    const list: ListNumber = probe.mapping.some((m) => m?.key === "initial_plan_date" || m?.key === "ehe") ? 1 : 2;
    return { list, index, ...matchHeaders(fields, listColumns(list)) };
  }
  return undefined;
}

/** Reads every list in a file (an xlsx may hold List 1 and List 2 on separate sheets). */
export function readListFile(bytes: Uint8Array, fileName: string): { list: ListNumber; sheet: string; headerLine: number; records: ListRecord[]; headerProblems: ListProblem[] }[] {
  const found = [];
  for (const sheet of readSheets(bytes, fileName)) {
    const header = findHeader(sheet.rows);
    if (!header) continue;
    const headerLine = sheet.rows[header.index]!.line;
    const headerProblems: ListProblem[] = [];
    for (const typo of header.typos) {
      headerProblems.push({ list: header.list, sheet: sheet.name, row: headerLine, column: typo.column.header, rule: "A07", severity: "query", message: `the header '${typo.header}' is read as '${typo.column.header}'` });
    }
    const present = new Set(header.mapping.filter(Boolean).map((column) => column!.key));
    for (const column of listColumns(header.list).filter((c) => !present.has(c.key))) {
      headerProblems.push({ list: header.list, sheet: sheet.name, row: headerLine, column: column.header, rule: "A06", severity: "error", message: `the column '${column.header}' is missing` });
    }
    const records = sheet.rows.slice(header.index + 1).map((row) => ({
      line: row.line,
      cells: Object.fromEntries(header.mapping.flatMap((column, i) => (column ? [[column.key, (row.fields[i] ?? "").trim()]] : []))),
    }));
    found.push({ list: header.list, sheet: sheet.name, headerLine, records, headerProblems });
  }
  return found;
}

type ParsedDate = { iso: string | null; problem?: { rule: string; message: string } };

/** DD/MM/YYYY, D/M/YY (century nearest the list date), ISO, or an Excel date already read as ISO. */
export function parseListDate(text: string, listDate: string): ParsedDate {
  if (text === "") return { iso: null };
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) {
    const value = isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return value ? { iso: value } : { iso: null, problem: { rule: "A01", message: `'${text}' is not a real date` } };
  }
  const uk = SLASH_DATE.exec(text);
  if (!uk) return { iso: null, problem: { rule: "A01", message: `'${text}' is not a date (DD/MM/YYYY expected)` } };
  let year = Number(uk[3]);
  const twoDigits = uk[3]!.length === 2;
  if (twoDigits) {
    const listYear = Number(listDate.slice(0, 4));
    year += Math.floor(listYear / 100) * 100;
    if (year > listYear) year -= 100;
  }
  const value = isoDate(year, Number(uk[2]), Number(uk[1]));
  if (!value) {
    const monthFirst = isoDate(year, Number(uk[1]), Number(uk[2]));
    return { iso: null, problem: { rule: "A01", message: `'${text}' is not a real date as DD/MM/YYYY${monthFirst ? " (it looks like month/day order)" : ""}` } };
  }
  return twoDigits ? { iso: value, problem: { rule: "A02", message: `'${text}' has a two-digit year, read as ${year}` } } : { iso: value };
}

const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);
const UNKNOWN_UPN = /^(unknown|un([1-9]|10))$/i;
const PHASES = new Map(ANNEX_A_PHASES.map((phase) => [phase.toLowerCase(), phase]));

/** Checks one list's rows. `blankByDesign`: column keys the builder left blank on purpose (not a row problem). */
export function validateRecords(list: ListNumber, sheet: string, records: readonly ListRecord[], options: { listDate: string; blankByDesign?: readonly string[] }): ListProblem[] {
  const problems: ListProblem[] = [];
  const columns = new Map(listColumns(list).map((c) => [c.key, c]));
  const blankByDesign = new Set(options.blankByDesign ?? []);
  const upnRows = new Map<string, number>();
  // A date column holding a date valid only month first (12/13/2011) is month-first throughout: its
  // other slash dates (05/06/2011) are ambiguous, so they are errors rather than read day first.
  const monthFirst = new Map<string, number>();
  for (const key of ["birth_date", "initial_plan_date", "updated_plan_date", "last_review_date"]) {
    const evidence = records.find((record) => onlyMonthFirst(record.cells[key] ?? ""));
    if (evidence) monthFirst.set(key, evidence.line);
  }
  for (const record of records) {
    const add = (key: string, listOneRule: string, message: string) => {
      const rule = ruleFor(list, listOneRule);
      const spec = RULE_BY_CODE.get(rule)!;
      problems.push({ list, sheet, row: record.line, column: columns.get(key)?.header ?? key, rule, severity: spec.severity as Severity, message });
    };
    const cell = (key: string) => record.cells[key] ?? "";
    const date = (key: string) => {
      const evidence = monthFirst.get(key);
      const slash = SLASH_DATE.exec(cell(key));
      if (evidence !== undefined && slash && Number(slash[2]) <= 12) {
        add(key, "A01", `'${cell(key)}' is ambiguous: this column's dates look month-first (row ${evidence}); DD/MM/YYYY expected`);
        return null;
      }
      const parsed = parseListDate(cell(key), options.listDate);
      if (parsed.problem) add(key, parsed.problem.rule, parsed.problem.message);
      return parsed.iso;
    };
    if (cell("unique_id") === "") add("unique_id", "A09", "the row has no unique ID");
    const birth = date("birth_date");
    if (cell("birth_date") === "") add("birth_date", "101a", "date of birth is missing");
    if (cell("gender") === "") add("gender", "101b", "gender is missing");
    else if (!(SEXES as readonly string[]).includes(cell("gender").toUpperCase())) add("gender", "A03", `'${cell("gender")}' is not a gender code (M, F, U or 1, 2, 9, 0)`);
    if (cell("ethnicity") === "") add("ethnicity", "101c", "ethnicity is missing");
    else if (!(ETHNICITIES as readonly string[]).includes(cell("ethnicity").toUpperCase())) add("ethnicity", "A03", `'${cell("ethnicity")}' is not a DfE ethnicity code`);
    const needs: readonly string[] = list === 2 ? [...SEN_TYPES, "NSA"] : SEN_TYPES;
    if (cell("primary_need") === "") add("primary_need", "101d", "SEN primary need is missing");
    else if (!needs.includes(cell("primary_need").toUpperCase())) add("primary_need", "A03", `'${cell("primary_need")}' is not a primary need code (${needs.join(", ")})`);

    if (birth) {
      if (birth > options.listDate) add("birth_date", "105a", "the date of birth is after the list date");
      const age = ageOn(birth, options.listDate);
      if (age === 25) add("birth_date", "102a", "aged 25 at the list date");
      if (age >= 26) add("birth_date", "102b", `aged ${age} at the list date: too old for an EHC plan or SEN support`);
      const upn = cell("upn");
      if (age >= 6 && upn === "" && cell("uln") === "") add("upn", "107", `aged ${age} with neither a UPN, a ULN nor an 'unknown' code`);
      const main = cell("main_urn") !== "" || cell("main_phase") !== "";
      const subsidiary = cell("subsidiary_phase") !== "";
      const homeEducated = list === 1 && YES.has(cell("ehe").toLowerCase());
      if (age >= 5 && age <= 16 && !main && !subsidiary && !homeEducated) add("main_urn", "108a", `of school age (${age}) with no main or subsidiary education establishment`);
      if (age >= 5 && age <= 16 && !main && subsidiary) add("main_urn", "108b", `of school age (${age}) with a subsidiary but no main education establishment`);
    }
    const upn = cell("upn").toUpperCase();
    if (upn !== "" && !UNKNOWN_UPN.test(upn)) {
      if (!isValidUpn(upn)) add("upn", "A08", "the UPN is not 13 characters with a valid check letter");
      const first = upnRows.get(upn);
      if (first !== undefined) add("upn", "109", `the same UPN as row ${first}`);
      else upnRows.set(upn, record.line);
    }
    if (list === 1) {
      const initial = date("initial_plan_date");
      const updated = date("updated_plan_date");
      const reviewed = date("last_review_date");
      if (initial && initial > options.listDate) add("initial_plan_date", "105b", "the initial plan date is after the list date");
      if (updated && updated > options.listDate) add("updated_plan_date", "105c", "the updated plan date is after the list date");
      if (reviewed && reviewed > options.listDate) add("last_review_date", "105d", "the last review date is after the list date");
      if (initial && updated && initial > updated) add("initial_plan_date", "106a", "the initial plan date is after the updated plan date");
      if (initial && reviewed && initial > reviewed) add("initial_plan_date", "106b", "the initial plan date is after the last review date");
    }
    if (cell("main_urn") !== "" && !/^\d{6,7}$/.test(cell("main_urn"))) add("main_urn", "A03", `'${cell("main_urn")}' is not a URN (six or seven digits)`);
    for (const key of ["main_phase", "subsidiary_phase"]) {
      if (cell(key) !== "" && !PHASES.has(cell(key).toLowerCase())) add(key, "A03", `'${cell(key)}' is not an Annex A phase (${ANNEX_A_PHASES.join(", ")})`);
    }
    for (const key of ["ehe", "pupil_premium", "known_to_social_care", "disability"]) {
      if (!columns.has(key) || cell(key) === "") continue;
      const value = cell(key).toLowerCase();
      if (!YES.has(value) && !NO.has(value)) add(key, "A04", `'${cell(key)}' is not Yes or No`);
    }
    for (const key of ["suspensions", "permanent_exclusions"]) {
      if (cell(key) !== "" && !/^\d+(\.0+)?$/.test(cell(key))) add(key, "A05", `'${cell(key)}' is not a whole number of events`);
    }
    const absence = cell("absence").replace(/%$/, "");
    if (absence !== "" && !(/^\d+(\.\d+)?$/.test(absence) && Number(absence) <= 100)) add("absence", "A05", `'${cell("absence")}' is not a percentage from 0 to 100`);
    if (cell("disability") === "" && !blankByDesign.has("disability")) add("disability", "103", "no disability status given");
  }
  return problems;
}

/** One list's rows with its problems: what a report is assembled from. */
export interface CheckedList {
  list: ListNumber;
  sheet: string;
  headerLine: number;
  records: ListRecord[];
  /** Problems with the header (missing or misspelt columns). */
  headerProblems: ListProblem[];
  rowProblems: ListProblem[];
}

/** The report for checked lists: every row counted once (errors, queries only, clean) and a summary by rule. */
export function assembleReport(listDate: string, lists: readonly CheckedList[], notChecked: ValidationReport["notChecked"]): ValidationReport {
  const accounts = lists.map((found): ListAccount => {
    const severities = new Map<number, Set<Severity>>();
    for (const problem of found.rowProblems) severities.set(problem.row, (severities.get(problem.row) ?? new Set()).add(problem.severity));
    const withErrors = found.records.filter((r) => severities.get(r.line)?.has("error")).length;
    const queriesOnly = found.records.filter((r) => severities.has(r.line) && !severities.get(r.line)!.has("error")).length;
    return { list: found.list, sheet: found.sheet, headerLine: found.headerLine, rowsIn: found.records.length, rowsWithErrors: withErrors, rowsWithQueriesOnly: queriesOnly, rowsClean: found.records.length - withErrors - queriesOnly };
  });
  const problems = lists.flatMap((found) => [...found.headerProblems, ...found.rowProblems]);
  const counts = new Map<string, number>();
  for (const problem of problems) counts.set(problem.rule, (counts.get(problem.rule) ?? 0) + 1);
  return {
    listDate,
    accounts,
    problems,
    summary: RULES.filter((rule) => counts.has(rule.code)).map((rule) => ({ rule: rule.code, severity: rule.severity as Severity, description: rule.description, count: counts.get(rule.code)! })),
    notChecked,
    records: lists.map((l) => ({ list: l.list, sheet: l.sheet, records: l.records })),
  };
}

/** Rules that will not run on these lists, and why: not applicable, or their column is blank by design. */
export function rulesNotChecked(lists: readonly ListNumber[], blankByDesign: (list: ListNumber) => readonly string[]): ValidationReport["notChecked"] {
  return RULES.filter((rule) => rule.lists.some((l) => lists.includes(l))).flatMap((rule) => {
    if (rule.severity === "not applicable") return [{ rule: rule.code, reason: rule.note ?? "not applicable" }];
    if ((rule.code === "103" || rule.code === "203") && blankByDesign(rule.lists[0]!).includes("disability")) return [{ rule: rule.code, reason: "the disability column is blank by design: no source records disability" }];
    return [];
  });
}

/** Validates every list in a file: header problems, row problems, the accounting and a summary by rule. */
export function validateListFile(bytes: Uint8Array, fileName: string, options: { listDate: string; blankByDesign?: readonly string[] }): ValidationReport {
  const lists = readListFile(bytes, fileName).map((found) => ({ ...found, rowProblems: validateRecords(found.list, found.sheet, found.records, options) }));
  return assembleReport(options.listDate, lists, rulesNotChecked(lists.map((l) => l.list), () => options.blankByDesign ?? []));
}

/** The lists as read, with each row's errors and queries in two added columns: the annotated download. */
export function annotatedWorkbook(report: ValidationReport): Uint8Array {
  const book = XLSX.utils.book_new();
  for (const { list, sheet, records } of report.records) {
    const columns = listColumns(list);
    const forRow = (line: number, severity: Severity) =>
      report.problems.filter((p) => p.sheet === sheet && p.row === line && p.severity === severity).map((p) => `${p.rule} ${p.column}: ${p.message}`).join("; ");
    const rows = [
      ["Row in the file", ...columns.map((c) => c.header), "Errors", "Queries"],
      ...records.map((r) => [String(r.line), ...columns.map((c) => r.cells[c.key] ?? ""), forRow(r.line, "error"), forRow(r.line, "query")]),
    ];
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), `List ${list}${report.records.filter((x) => x.list === list).length > 1 ? ` (${sheet})` : ""}`.slice(0, 31));
  }
  const summary = [["Rule", "Severity", "Description", "Problems"], ...report.summary.map((s) => [s.rule, s.severity, s.description, String(s.count)]), [], ["Not checked", "Why"], ...report.notChecked.map((n) => [n.rule, n.reason])];
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(summary), "Summary");
  return new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx", compression: true }) as ArrayBuffer);
}
