// The school census pupil-level extract (one row per pupil enrolment per census), CSV or XLSX: the columns
// of docs/data-contracts.md "School census", validated with file/row/column problems and row accounting.
// Several termly censuses may be in one file or several; each row carries its census date.

import { streamSourceRows, type RowContext } from "./table-file.js";
import { parseBool, parseDate, parseInteger, type DateFormat, type Parsed } from "./values.js";
import type { ByteSource } from "./csv.js";
import { BoolBuilder, DictionaryBuilder, IntBuilder, NULL_INT, RowIndex, TextColumn, daysOfIso, hashMix, hashText, isoOfDays } from "../model/columnar.js";
import type { Problem, RowAccount } from "./problems.js";
import { upnValid } from "./upn-fast.js";
import { ETHNICITIES, SEN_TYPES } from "./sen2-schema.js";

export interface CensusPupil {
  line: number;
  censusDate: string;
  upn: string;
  birthDate: string;
  sex: string | null;
  ethnicity: string | null;
  ncYear: string | null;
  /** E EHC plan, K SEN support, N none. */
  senProvision: "E" | "K" | "N";
  primaryNeed: string | null;
  urn: string;
  /** C single registration, M main dual, S subsidiary dual, F current FE, G guest. */
  enrolStatus: "C" | "M" | "S" | "F" | "G";
  pupilPremium: boolean | null;
  sessionsPossible: number | null;
  sessionsAttended: number | null;
  sessionsAuthorised: number | null;
  sessionsUnauthorised: number | null;
}

export const CENSUS_COLUMNS = {
  censusDate: "CensusDate",
  upn: "UPN",
  birthDate: "DOB",
  sex: "Sex",
  ethnicity: "Ethnicity",
  ncYear: "NCyearActual",
  senProvision: "SENprovision",
  primaryNeed: "PrimarySENtype",
  urn: "URN",
  enrolStatus: "EnrolStatus",
  pupilPremium: "PupilPremiumIndicator",
  sessionsPossible: "SessionsPossible",
  sessionsAttended: "SessionsAttended",
  sessionsAuthorised: "AuthorisedAbsence",
  sessionsUnauthorised: "UnauthorisedAbsence",
} as const;

const REQUIRED = [CENSUS_COLUMNS.censusDate, CENSUS_COLUMNS.upn, CENSUS_COLUMNS.birthDate, CENSUS_COLUMNS.senProvision, CENSUS_COLUMNS.urn, CENSUS_COLUMNS.enrolStatus];
const NC_YEARS = new Set(["N1", "N2", "R", "X", ...Array.from({ length: 14 }, (_, i) => String(i + 1))]);
/** Pre-2014 codes: statement -> EHC plan; School Action (Plus) -> SEN support. Mapped with a warning. */
const LEGACY_PROVISION: Record<string, "E" | "K"> = { S: "E", A: "K", P: "K" };
const NEEDS = new Set<string>([...SEN_TYPES, "NSA"]);
const DATE_FORMATS: readonly DateFormat[] = ["iso", "uk"];

/**
 * Validated census rows, column by column: a national census (8 million rows) in a few hundred MB rather
 * than an object per pupil. Dates of birth are days since 1970-01-01; short codes are dictionary-encoded.
 */
export class CensusColumns {
  readonly line = new IntBuilder();
  readonly censusDate = new DictionaryBuilder();
  readonly upn = new TextColumn();
  readonly birthDate = new IntBuilder();
  readonly sex = new DictionaryBuilder();
  readonly ethnicity = new DictionaryBuilder();
  readonly ncYear = new DictionaryBuilder();
  readonly senProvision = new DictionaryBuilder();
  readonly primaryNeed = new DictionaryBuilder();
  readonly urn = new DictionaryBuilder();
  readonly enrolStatus = new DictionaryBuilder();
  readonly pupilPremium = new BoolBuilder();
  readonly sessionsPossible = new IntBuilder();
  readonly sessionsAttended = new IntBuilder();
  readonly sessionsAuthorised = new IntBuilder();
  readonly sessionsUnauthorised = new IntBuilder();

  get length(): number {
    return this.line.length;
  }

  /** One row as a CensusPupil object (for tests and small files). */
  pupil(row: number): CensusPupil {
    return {
      line: this.line.get(row)!,
      censusDate: this.censusDate.get(row)!,
      upn: this.upn.get(row)!,
      birthDate: isoOfDays(this.birthDate.get(row)!),
      sex: this.sex.get(row),
      ethnicity: this.ethnicity.get(row),
      ncYear: this.ncYear.get(row),
      senProvision: this.senProvision.get(row) as CensusPupil["senProvision"],
      primaryNeed: this.primaryNeed.get(row),
      urn: this.urn.get(row)!,
      enrolStatus: this.enrolStatus.get(row) as CensusPupil["enrolStatus"],
      pupilPremium: this.pupilPremium.get(row),
      sessionsPossible: this.sessionsPossible.get(row),
      sessionsAttended: this.sessionsAttended.get(row),
      sessionsAuthorised: this.sessionsAuthorised.get(row),
      sessionsUnauthorised: this.sessionsUnauthorised.get(row),
    };
  }

  pupils(): CensusPupil[] {
    return Array.from({ length: this.length }, (_, row) => this.pupil(row));
  }
}

export interface CensusRead {
  /** The accepted rows as objects, made when asked for: the pipeline reads `columns`. */
  readonly pupils: CensusPupil[];
  columns: CensusColumns;
  problems: Problem[];
  account: RowAccount;
}

/** The census columns in the order the reader looks them up. */
const C = CENSUS_COLUMNS;
const LOOKUP = [C.censusDate, C.upn, C.birthDate, C.sex, C.ethnicity, C.ncYear, C.senProvision, C.primaryNeed, C.urn, C.enrolStatus, C.pupilPremium, C.sessionsPossible, C.sessionsAttended, C.sessionsAuthorised, C.sessionsUnauthorised] as const;
const [AT_DATE, AT_UPN, AT_DOB, AT_SEX, AT_ETHNICITY, AT_NC_YEAR, AT_SEN, AT_NEED, AT_URN, AT_ENROL, AT_PREMIUM, AT_POSSIBLE, AT_ATTENDED, AT_AUTHORISED, AT_UNAUTHORISED] = LOOKUP.map((_, i) => i) as number[] as [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];

/** What a code cell's text reads as: its value's dictionary code, and the problem it raises (if any). */
interface CodeReading {
  code: number;
  value: string | null;
  problem?: { rule: string; message: string; severity: "error" | "warning" };
}

/** Distinct texts remembered per column; a column with more (garbage) is read without the memory. */
const CACHE_LIMIT = 100_000;

/** Reads a code column's cell through a memory of the texts seen (a census repeats a few codes millions of times). */
function codeReader(dictionary: DictionaryBuilder, read: (text: string) => Omit<CodeReading, "code">): (text: string) => CodeReading {
  const cache = new Map<string, CodeReading>();
  return (text) => {
    let reading = cache.get(text);
    if (reading === undefined) {
      const found = read(text);
      reading = { ...found, code: dictionary.code(found.value) };
      if (cache.size < CACHE_LIMIT) cache.set(text, reading);
    }
    return reading;
  };
}

/** A date cell's reading: the parsed value (or why not) and its day number. */
interface DateReading {
  parsed: Parsed<string>;
  days: number;
}

/** parseInteger, with short runs of digits read directly. */
function integerOf(text: string): Parsed<number> {
  const length = text.length;
  if (length > 0 && length < 10) {
    let value = 0;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i) - 48;
      if (code < 0 || code > 9) return parseInteger(text);
      value = value * 10 + code;
    }
    return { ok: true, value };
  }
  return parseInteger(text);
}

/**
 * Reads and validates a school census extract into columns. Every problem, row number and rule is the
 * row-by-row reader's: the rows are read as they are parsed and only accepted ones are kept.
 */
export function readSchoolCensus(bytes: ByteSource, fileName: string): CensusRead {
  const store = new CensusColumns();
  // One pupil, census and school once: a repeated row would count the pupil twice.
  const seen = new RowIndex();
  const dateCache = new Map<string, DateReading>();
  const readDate = (text: string): DateReading => {
    let reading = dateCache.get(text);
    if (reading === undefined) {
      const parsed = parseDate(text, DATE_FORMATS);
      reading = { parsed, days: parsed.ok && parsed.value !== null ? daysOfIso(parsed.value) : NULL_INT };
      if (dateCache.size < CACHE_LIMIT * 2) dateCache.set(text, reading);
    }
    return reading;
  };
  const readSen = codeReader(store.senProvision, (text) => {
    const upper = text.toUpperCase();
    const legacy = LEGACY_PROVISION[upper];
    if (legacy) return { value: legacy, problem: { rule: "legacy-code", message: `legacy SEN provision '${upper}' read as '${legacy}'`, severity: "warning" } };
    if (!["E", "K", "N"].includes(upper)) return { value: upper, problem: { rule: "bad-code", message: `'${text}' is not a SEN provision code (expected E, K or N)`, severity: "error" } };
    return { value: upper };
  });
  const readNeed = codeReader(store.primaryNeed, (text) => {
    const need = text.toUpperCase() || null;
    return need && !NEEDS.has(need) ? { value: need, problem: { rule: "bad-code", message: `'${need}' is not a primary need code`, severity: "error" } } : { value: need };
  });
  const readEnrol = codeReader(store.enrolStatus, (text) => {
    const status = text.toUpperCase();
    return !["C", "M", "S", "F", "G"].includes(status) ? { value: status, problem: { rule: "bad-code", message: `'${status}' is not an enrolment status (expected C, M, S, F or G)`, severity: "error" } } : { value: status };
  });
  const readYear = codeReader(store.ncYear, (text) => {
    const year = text.toUpperCase() || null;
    return year && !NC_YEARS.has(year) ? { value: year, problem: { rule: "bad-code", message: `'${year}' is not a national curriculum year (N1, N2, R, 1-14 or X)`, severity: "error" } } : { value: year };
  });
  const readSex = codeReader(store.sex, (text) => {
    const sex = text.toUpperCase() || null;
    return sex && !["M", "F"].includes(sex) ? { value: sex, problem: { rule: "bad-code", message: `'${sex}' is not M or F`, severity: "warning" } } : { value: sex };
  });
  const readEthnicity = codeReader(store.ethnicity, (text) => {
    const ethnicity = text.toUpperCase() || null;
    return ethnicity && !(ETHNICITIES as readonly string[]).includes(ethnicity) ? { value: ethnicity, problem: { rule: "bad-code", message: `'${ethnicity}' is not a main ethnicity code`, severity: "warning" } } : { value: ethnicity };
  });
  const premiumCache = new Map<string, Parsed<boolean>>();
  const readPremium = (text: string) => {
    let parsed = premiumCache.get(text);
    if (parsed === undefined) {
      parsed = parseBool(text);
      if (premiumCache.size < CACHE_LIMIT) premiumCache.set(text, parsed);
    }
    return parsed;
  };
  /** URN texts seen, with their dictionary code, or -1 for a text that is not a URN. */
  const urnCodes = new Map<string, number>();

  let at: Int32Array | undefined;
  let fields: string[] = [];
  const cell = (index: number) => fields[at![index]!] ?? "";
  const scratch = { hash: 0, upn: "", dateCode: 0, urnCode: 0, birthDays: 0, sex: 0, ethnicity: 0, ncYear: 0, sen: 0, need: 0, enrol: 0, premium: null as boolean | null, possible: null as number | null, attended: null as number | null, authorised: null as number | null, unauthorised: null as number | null };
  const same = (row: number) => store.censusDate.codeAt(row) === scratch.dateCode && store.urn.codeAt(row) === scratch.urnCode && store.upn.equals(row, scratch.upn);

  const { problems, account } = streamSourceRows(bytes, fileName, { source: "school census", module: "school census", required: REQUIRED, dateColumns: [C.censusDate, C.birthDate] }, (record, context) => {
    at ??= Int32Array.from(LOOKUP, (column) => context.position(column));
    fields = record.fields;
    const report = context.report;

    // Dates: a blank required one is an error; dates of birth are never repeated in messages.
    const dateText = cell(AT_DATE);
    let censusDate: string | null = null;
    if (dateText === "") report(C.censusDate, "required", `${C.censusDate} is required but blank`);
    else {
      const reading = readDate(dateText);
      if (!reading.parsed.ok) report(C.censusDate, "bad-date", reading.parsed.reason);
      else censusDate = reading.parsed.value;
    }
    const birthText = cell(AT_DOB);
    let birthDate: string | null = null;
    let birthDays = NULL_INT;
    if (birthText === "") report(C.birthDate, "required", `${C.birthDate} is required but blank`);
    else {
      const reading = readDate(birthText);
      if (!reading.parsed.ok) report(C.birthDate, "bad-date", reading.parsed.reason.replace(/'[^']*'/, "the value"));
      else {
        birthDate = reading.parsed.value;
        birthDays = reading.days;
      }
    }
    const upn = cell(AT_UPN).toUpperCase();
    if (upn === "") report(C.upn, "required", "UPN is required but blank");
    else if (!upnValid(upn)) report(C.upn, "upn-check-letter", "the UPN is not 13 characters with a matching check letter", "warning");
    const urn = cell(AT_URN);
    let urnCode = urnCodes.get(urn);
    if (urnCode === undefined) {
      urnCode = /^\d{6,7}$/.test(urn) ? store.urn.code(urn) : -1;
      if (urnCodes.size < CACHE_LIMIT) urnCodes.set(urn, urnCode);
    }
    if (urnCode < 0) report(C.urn, "bad-code", `'${urn}' is not a URN (six or seven digits)`);

    const sen = readSen(cell(AT_SEN));
    if (sen.problem) report(C.senProvision, sen.problem.rule, sen.problem.message, sen.problem.severity);
    const need = readNeed(cell(AT_NEED));
    if (need.problem) report(C.primaryNeed, need.problem.rule, need.problem.message, need.problem.severity);
    if (need.value === null && (sen.value === "E" || sen.value === "K")) report(C.primaryNeed, "missing-value", "a pupil with SEN has no primary need", "warning");
    const enrol = readEnrol(cell(AT_ENROL));
    if (enrol.problem) report(C.enrolStatus, enrol.problem.rule, enrol.problem.message, enrol.problem.severity);
    const year = readYear(cell(AT_NC_YEAR));
    if (year.problem) report(C.ncYear, year.problem.rule, year.problem.message, year.problem.severity);
    const sex = readSex(cell(AT_SEX));
    if (sex.problem) report(C.sex, sex.problem.rule, sex.problem.message, sex.problem.severity);
    const ethnicity = readEthnicity(cell(AT_ETHNICITY));
    if (ethnicity.problem) report(C.ethnicity, ethnicity.problem.rule, ethnicity.problem.message, ethnicity.problem.severity);
    const premium = readPremium(cell(AT_PREMIUM));
    if (!premium.ok) report(C.pupilPremium, "bad-boolean", premium.reason);

    const possible = sessionsCell(context, C.sessionsPossible, cell(AT_POSSIBLE));
    const attended = sessionsCell(context, C.sessionsAttended, cell(AT_ATTENDED));
    const authorised = sessionsCell(context, C.sessionsAuthorised, cell(AT_AUTHORISED));
    const unauthorised = sessionsCell(context, C.sessionsUnauthorised, cell(AT_UNAUTHORISED));
    if (possible !== null && attended !== null && attended > possible) {
      report(C.sessionsAttended, "sessions", `more sessions attended (${attended}) than possible (${possible})`);
    } else if (possible !== null && attended !== null && authorised !== null && unauthorised !== null && attended + authorised + unauthorised !== possible) {
      report(C.sessionsPossible, "sessions", `attended + authorised + unauthorised (${attended + authorised + unauthorised}) is not the sessions possible (${possible})`, "warning");
    }
    if (censusDate && birthDate && birthDate > censusDate) report(C.birthDate, "date-order", "born after the census date");
    if (context.rejected() || !censusDate || !birthDate) return undefined;

    scratch.upn = upn;
    scratch.dateCode = store.censusDate.code(censusDate);
    scratch.urnCode = urnCode;
    const hash = hashMix(hashMix(hashText(upn), scratch.dateCode), urnCode);
    const first = seen.find(hash, same);
    if (first >= 0) {
      report(C.upn, "duplicate-id", `the same pupil, census date and URN as row ${store.line.get(first)}`);
      return undefined;
    }
    scratch.hash = hash;
    scratch.birthDays = birthDays;
    scratch.sex = sex.code;
    scratch.ethnicity = ethnicity.code;
    scratch.ncYear = year.code;
    scratch.sen = sen.code;
    scratch.need = need.code;
    scratch.enrol = enrol.code;
    scratch.premium = premium.ok ? premium.value : null;
    scratch.possible = possible;
    scratch.attended = attended;
    scratch.authorised = authorised;
    scratch.unauthorised = unauthorised;
    return scratch;
  }, (row, record) => {
    seen.add(row.hash, store.length);
    store.line.push(record.line);
    store.censusDate.pushCode(row.dateCode);
    store.upn.push(row.upn);
    store.birthDate.push(row.birthDays);
    store.sex.pushCode(row.sex);
    store.ethnicity.pushCode(row.ethnicity);
    store.ncYear.pushCode(row.ncYear);
    store.senProvision.pushCode(row.sen);
    store.primaryNeed.pushCode(row.need);
    store.urn.pushCode(row.urnCode);
    store.enrolStatus.pushCode(row.enrol);
    store.pupilPremium.push(row.premium);
    store.sessionsPossible.push(row.possible);
    store.sessionsAttended.push(row.attended);
    store.sessionsAuthorised.push(row.authorised);
    store.sessionsUnauthorised.push(row.unauthorised);
  });
  return { get pupils() { return store.pupils(); }, columns: store, problems, account };
}

function sessionsCell(context: RowContext, column: string, text: string): number | null {
  const parsed = integerOf(text);
  if (!parsed.ok) context.report(column, "bad-number", parsed.reason);
  else if (parsed.value !== null && parsed.value < 0) context.report(column, "bad-number", `${column} cannot be negative`);
  return parsed.ok ? parsed.value : null;
}
