// The canonical education tables (pupils at each school census, exclusion events, top-up agreements) from
// the validated extracts, with each enrolment's phase from the GIAS lookup, and the linkage checks between
// the sources (an event or agreement whose pupil no census holds) reported as warnings, never dropped.

import type { CensusColumns } from "../sources/school-census.js";
import type { ExclusionEvent } from "../sources/exclusions.js";
import type { TopUpAgreement } from "../sources/top-up-funding.js";
import type { Establishment } from "../sources/establishments.js";
import type { Problem } from "../sources/problems.js";
import { establishmentCategory } from "./settings.js";
import { columnarTable, type Table, type TableColumn } from "./canonical.js";
import { BoolBuilder, DictionaryBuilder, IntBuilder, RowIndex, TableBuilder, TextColumn, cellOf, hashMix, hashText, type ColumnarRows, type DictionaryData, type TextData } from "./columnar.js";
import { annexAPhase } from "../inspection/annex-a.js";

export const SEN_STATUSES = [
  { id: "ehc_plan", label: "EHC plan" },
  { id: "sen_support", label: "SEN support" },
  { id: "no_sen", label: "No SEN" },
  { id: "unknown", label: "Not in the census" },
] as const;

const SEN_STATUS_BY_PROVISION = { E: "ehc_plan", K: "sen_support", N: "no_sen" } as const;

/** DfE's school phases, as the absence and exclusion statistics break down. */
export const PHASES = [
  { id: "primary", label: "Primary" },
  { id: "secondary", label: "Secondary (incl. sixth forms)" },
  { id: "special", label: "Special" },
  { id: "alternative_provision", label: "Alternative provision or PRU" },
  { id: "unknown", label: "Other or unknown" },
] as const;
export type Phase = (typeof PHASES)[number]["id"];

const PRIMARY_YEARS = new Set(["N1", "N2", "R", "1", "2", "3", "4", "5", "6"]);
const SECONDARY_YEARS = new Set(["7", "8", "9", "10", "11", "12", "13", "14"]);

/**
 * A pupil's phase: special and alternative provision by the school's type; in mainstream by the pupil's
 * national curriculum year (so an all-through school's pupils split as DfE's phases do); else the
 * school's GIAS phase.
 */
export function phaseOf(urn: string | null, ncYear: string | null, byUrn: ReadonlyMap<string, Establishment>): Phase {
  const establishment = urn ? byUrn.get(urn) : undefined;
  const category = establishment ? establishmentCategory(establishment) : "unknown";
  if (category === "state_special" || category === "independent_special") return "special";
  if (category === "ap_pru") return "alternative_provision";
  if (ncYear && PRIMARY_YEARS.has(ncYear)) return "primary";
  if (ncYear && SECONDARY_YEARS.has(ncYear)) return "secondary";
  const phase = establishment?.phase.toLowerCase() ?? "";
  if (phase.includes("primary")) return "primary";
  if (phase.includes("secondary") || phase.includes("16 plus") || phase.includes("all-through")) return "secondary";
  return "unknown";
}

export const EDUCATION_COLUMNS = {
  pupils: [
    { name: "census_date", type: "date" },
    { name: "upn", type: "varchar" },
    { name: "birth_date", type: "date" },
    { name: "sex", type: "varchar" },
    { name: "ethnicity", type: "varchar" },
    { name: "pupil_premium", type: "boolean" },
    { name: "nc_year", type: "varchar" },
    { name: "sen_status", type: "varchar" },
    { name: "primary_need", type: "varchar" },
    { name: "urn", type: "varchar" },
    { name: "enrol_status", type: "varchar" },
    { name: "phase", type: "varchar" },
    { name: "sessions_possible", type: "integer" },
    { name: "sessions_attended", type: "integer" },
  ],
  exclusions: [
    { name: "event_id", type: "integer" },
    { name: "upn", type: "varchar" },
    { name: "urn", type: "varchar" },
    { name: "start_date", type: "date" },
    { name: "category", type: "varchar" },
    { name: "reason", type: "varchar" },
    { name: "sessions", type: "integer" },
    /** Where the event came from, so an event no term can hold is reported against its file and row. */
    { name: "source_file", type: "varchar" },
    { name: "source_line", type: "integer" },
  ],
  /** The GIAS lookup as a table, for the inspection lists (URN, LA, Annex A phase). */
  establishments: [
    { name: "urn", type: "varchar" },
    { name: "ukprn", type: "varchar" },
    { name: "la_code", type: "varchar" },
    { name: "annex_a_phase", type: "varchar" },
  ],
  top_up: [
    { name: "agreement_id", type: "integer" },
    { name: "upn", type: "varchar" },
    { name: "start_date", type: "date" },
    { name: "end_date", type: "date" },
  ],
} as const satisfies Record<string, readonly TableColumn[]>;

export type EducationTables = Record<keyof typeof EDUCATION_COLUMNS, Table>;

export interface EducationSources {
  /** Each census file's validated rows, column by column (see loaders/sources/school-census.ts). */
  census: { file: string; pupils: CensusColumns }[];
  exclusions: { file: string; events: ExclusionEvent[] }[];
  topUp: { file: string; agreements: TopUpAgreement[] }[];
}

/** Empty tables, so the KPI SQL runs (and counts nothing) when an area has no education extracts yet. */
export function emptyEducationTables(): EducationTables {
  return buildEducationTables({ census: [], exclusions: [], topUp: [] }, new Map(), new Map()).tables;
}

/** Each census file's rows that the pupils table keeps (null: all of them). */
type Kept = (Uint8Array | null)[];

/**
 * The same enrolment in two census files (overlapping extracts) is counted once, and said. Only census
 * dates found in more than one file can repeat across files (each reader already refuses repeats within).
 */
function dropRepeatsAcrossFiles(census: EducationSources["census"], problems: Problem[]): Kept {
  const datesInFiles = new Map<string, number>();
  const codes = census.map(({ pupils }) => pupils.censusDate.data());
  for (const { codes: rows, values } of codes) {
    const used = new Uint8Array(values.length);
    for (let row = 0; row < rows.length; row++) used[rows[row]!] = 1;
    values.forEach((date, code) => { if (used[code]) datesInFiles.set(date!, (datesInFiles.get(date!) ?? 0) + 1); });
  }
  const index = new RowIndex();
  const bases: number[] = [];
  let total = 0;
  for (const { pupils } of census) {
    bases.push(total);
    total += pupils.length;
  }
  const locate = (global: number) => {
    let file = census.length - 1;
    while (bases[file]! > global) file--;
    return { file, row: global - bases[file]! };
  };
  let current = { file: 0, row: 0 };
  const same = (global: number) => {
    const other = locate(global);
    const a = census[current.file]!.pupils;
    const b = census[other.file]!.pupils;
    return a.censusDate.get(current.row) === b.censusDate.get(other.row) && a.urn.get(current.row) === b.urn.get(other.row) && a.upn.same(current.row, b.upn, other.row);
  };
  return census.map(({ file, pupils }, fileIndex) => {
    const { codes: dateCodes, values: dates } = codes[fileIndex]!;
    const repeatable = dates.map((date) => (datesInFiles.get(date!) ?? 0) > 1);
    if (!repeatable.some(Boolean)) return null;
    const keep = new Uint8Array(pupils.length);
    for (let row = 0; row < pupils.length; row++) {
      const dateCode = dateCodes[row]!;
      if (!repeatable[dateCode]) {
        keep[row] = 1;
        continue;
      }
      current = { file: fileIndex, row };
      const hash = hashMix(hashMix(pupils.upn.hash(row), hashText(dates[dateCode]!)), hashText(pupils.urn.get(row)!));
      const first = index.find(hash, same);
      if (first < 0) {
        index.add(hash, bases[fileIndex]! + row);
        keep[row] = 1;
        continue;
      }
      const at = locate(first);
      problems.push({ source: "school census", file, row: pupils.line.get(row), column: "UPN", severity: "warning", rule: "duplicate-id", message: `the same pupil, census date and URN as ${census[at.file]!.file} row ${census[at.file]!.pupils.line.get(at.row)}: counted once` });
    }
    return keep;
  });
}

/**
 * The pupils table, column by column, from the kept rows of every census file: codes as the KPIs read
 * them (SEN status, primary need with NONE and UNKNOWN, phase). One file with every row kept shares its
 * arrays rather than copying them.
 */
function pupilColumns(census: EducationSources["census"], kept: Kept, phase: (urn: string, ncYear: string | null) => Phase): ColumnarRows {
  const out = {
    censusDate: new DictionaryBuilder(), upn: new TextColumn(), birthDate: new IntBuilder(), sex: new DictionaryBuilder(), ethnicity: new DictionaryBuilder(),
    premium: new BoolBuilder(), ncYear: new DictionaryBuilder(), senStatus: new DictionaryBuilder(), need: new DictionaryBuilder(), urn: new DictionaryBuilder(),
    enrol: new DictionaryBuilder(), phase: new DictionaryBuilder(), possible: new IntBuilder(), attended: new IntBuilder(),
  };
  const shared = census.length === 1 && kept[0] === null ? census[0]!.pupils : undefined;
  let length = 0;
  for (const [fileIndex, { pupils }] of census.entries()) {
    const keep = kept[fileIndex];
    const remap = (from: DictionaryBuilder, to: DictionaryBuilder) => from.values.map((value) => to.code(value));
    // Derived codes, worked out once per distinct combination of source codes.
    const status = pupils.senProvision.values.map((provision) => out.senStatus.code(SEN_STATUS_BY_PROVISION[provision as keyof typeof SEN_STATUS_BY_PROVISION] ?? null));
    const needs = pupils.senProvision.values.map((provision) => pupils.primaryNeed.values.map((need) => out.need.code(provision === "N" ? "NONE" : (need ?? "UNKNOWN"))));
    // A school and year group always give the same phase: worked out once each.
    const years = pupils.ncYear.values.length;
    const phases = new Int32Array(pupils.urn.values.length * years).fill(-1);
    const remaps = shared ? undefined : {
      censusDate: remap(pupils.censusDate, out.censusDate), sex: remap(pupils.sex, out.sex), ethnicity: remap(pupils.ethnicity, out.ethnicity),
      ncYear: remap(pupils.ncYear, out.ncYear), urn: remap(pupils.urn, out.urn), enrol: remap(pupils.enrolStatus, out.enrol),
    };
    for (let row = 0; row < pupils.length; row++) {
      if (keep && !keep[row]) continue;
      length++;
      const sen = pupils.senProvision.codeAt(row);
      out.senStatus.pushCode(status[sen]!);
      out.need.pushCode(needs[sen]![pupils.primaryNeed.codeAt(row)]!);
      const urn = pupils.urn.codeAt(row);
      const year = pupils.ncYear.codeAt(row);
      let phaseCode = phases[urn * years + year]!;
      if (phaseCode < 0) phases[urn * years + year] = phaseCode = out.phase.code(phase(pupils.urn.values[urn]!, pupils.ncYear.values[year]!));
      out.phase.pushCode(phaseCode);
      if (!remaps) continue;
      out.censusDate.pushCode(remaps.censusDate[pupils.censusDate.codeAt(row)]!);
      out.upn.pushFrom(pupils.upn, row);
      out.birthDate.push(pupils.birthDate.get(row));
      out.sex.pushCode(remaps.sex[pupils.sex.codeAt(row)]!);
      out.ethnicity.pushCode(remaps.ethnicity[pupils.ethnicity.codeAt(row)]!);
      out.premium.push(pupils.pupilPremium.get(row));
      out.ncYear.pushCode(remaps.ncYear[year]!);
      out.urn.pushCode(remaps.urn[urn]!);
      out.enrol.pushCode(remaps.enrol[pupils.enrolStatus.codeAt(row)]!);
      out.possible.push(pupils.sessionsPossible.get(row));
      out.attended.push(pupils.sessionsAttended.get(row));
    }
  }
  const source = shared ?? {
    censusDate: out.censusDate, upn: out.upn, birthDate: out.birthDate, sex: out.sex, ethnicity: out.ethnicity, pupilPremium: out.premium, ncYear: out.ncYear,
    urn: out.urn, enrolStatus: out.enrol, sessionsPossible: out.possible, sessionsAttended: out.attended,
  };
  return {
    length,
    columns: {
      census_date: source.censusDate.data(),
      upn: { kind: "text", text: source.upn },
      birth_date: source.birthDate.days(),
      sex: source.sex.data(),
      ethnicity: source.ethnicity.data(),
      pupil_premium: source.pupilPremium.data(),
      nc_year: source.ncYear.data(),
      sen_status: out.senStatus.data(),
      primary_need: out.need.data(),
      urn: source.urn.data(),
      enrol_status: source.enrolStatus.data(),
      phase: out.phase.data(),
      sessions_possible: source.sessionsPossible.data(),
      sessions_attended: source.sessionsAttended.data(),
    },
  };
}

/** Each pupil's census rows, by UPN: which censuses hold a pupil, and with which SEN status. */
class CensusByUpn {
  private readonly index = new RowIndex();
  /** The next row of the same pupil (-1 at the end), from the pupil's first row. */
  private readonly next: Int32Array;

  constructor(private readonly pupils: ColumnarRows) {
    const upn = (pupils.columns.upn as TextData).text;
    this.next = new Int32Array(pupils.length).fill(-1);
    let current = 0;
    const same = (row: number) => upn.sameRows(row, current);
    for (current = 0; current < pupils.length; current++) {
      const hash = upn.hash(current);
      const first = this.index.find(hash, same);
      if (first < 0) this.index.add(hash, current);
      else {
        // Order does not matter to the checks: link the row in after the first.
        this.next[current] = this.next[first]!;
        this.next[first] = current;
      }
    }
  }

  /** The pupil's first row, or -1 when no census holds the UPN. */
  first(value: string): number {
    const upn = (this.pupils.columns.upn as TextData).text;
    return this.index.find(hashText(value), (row) => upn.equals(row, value));
  }

  /** Every census row of the pupil: its census date and SEN status. */
  *rows(value: string): Generator<{ date: string; status: string }> {
    const dates = this.pupils.columns.census_date as DictionaryData;
    const statuses = this.pupils.columns.sen_status as DictionaryData;
    for (let row = this.first(value); row >= 0; row = this.next[row]!) {
      yield { date: dates.values[dates.codes[row]!]!, status: statuses.values[statuses.codes[row]!]! };
    }
  }
}

export function buildEducationTables(sources: EducationSources, byUrn: ReadonlyMap<string, Establishment>, byUkprn: ReadonlyMap<string, Establishment> = new Map()): { tables: EducationTables; problems: Problem[]; censusDates: string[] } {
  const problems: Problem[] = [];
  const kept = dropRepeatsAcrossFiles(sources.census, problems);
  const pupils = pupilColumns(sources.census, kept, (urn, ncYear) => phaseOf(urn, ncYear, byUrn));
  const dateColumn = pupils.columns.census_date as DictionaryData;
  const usedDates = new Uint8Array(dateColumn.values.length);
  for (let row = 0; row < pupils.length; row++) usedDates[dateColumn.codes[row]!] = 1;
  const censusDates = dateColumn.values.filter((_, code) => usedDates[code]).map((date) => date!).sort();
  const datesByUpn = new CensusByUpn(pupils);
  const warn = (file: string, row: number, rule: string, message: string, source: string) =>
    problems.push({ source, file, row, column: "UPN", severity: "warning", rule, message });

  let eventId = 0;
  // The same event twice (one log exported twice, or overlapping extracts) is counted once, and said.
  const seenEvents = new Map<string, string>();
  const exclusions = new TableBuilder(EDUCATION_COLUMNS.exclusions, ["upn"]);
  for (const { file, events } of sources.exclusions) {
    const kept = events.filter((event) => {
      const key = `${event.upn}|${event.startDate}|${event.category}|${event.urn}`;
      const first = seenEvents.get(key);
      if (first === undefined) { seenEvents.set(key, `${file} row ${event.line}`); return true; }
      warn(file, event.line, "duplicate-id", `the same pupil, start date, category and school as ${first}: counted once`, "exclusions");
      return false;
    });
    for (const event of kept) {
      if (censusDates.length > 0 && datesByUpn.first(event.upn) < 0) {
        warn(file, event.line, "not-in-census", "the pupil is in no school census extract: counted, with SEN status 'not in the census'", "exclusions");
      }
      exclusions.pushObject({
        event_id: ++eventId, upn: event.upn, urn: event.urn || null, start_date: event.startDate, category: event.category,
        reason: event.reason, sessions: event.sessions, source_file: file, source_line: event.line,
      });
    }
  }

  let agreementId = 0;
  const topUp = sources.topUp.flatMap(({ file, agreements }) => agreements.map((agreement) => {
    if (censusDates.some((date) => date >= agreement.startDate && (agreement.endDate === null || date <= agreement.endDate))) {
      const during = [...datesByUpn.rows(agreement.upn)].filter((c) => c.date >= agreement.startDate && (agreement.endDate === null || c.date <= agreement.endDate));
      if (during.length === 0) warn(file, agreement.line, "not-in-census", "the pupil is in no school census taken while the funding ran: not counted", "top-up funding");
      else if (!during.some((c) => c.status === "sen_support")) {
        warn(file, agreement.line, "not-sen-support", "the pupil is not on SEN support at any census while the funding ran (an EHC plan, or no SEN): not counted", "top-up funding");
      }
    }
    return { agreement_id: ++agreementId, upn: agreement.upn, start_date: agreement.startDate, end_date: agreement.endDate };
  }));

  return {
    tables: {
      pupils: columnarTable("pupils", EDUCATION_COLUMNS.pupils, pupils),
      exclusions: columnarTable("exclusions", EDUCATION_COLUMNS.exclusions, exclusions.rows()),
      top_up: { name: "top_up", columns: EDUCATION_COLUMNS.top_up, rows: topUp },
      establishments: {
        name: "establishments", columns: EDUCATION_COLUMNS.establishments,
        // Post-16 providers may have a UKPRN and no URN: both lookups, each establishment once.
        rows: [...new Set([...byUrn.values(), ...byUkprn.values()])].map((e) => ({ urn: e.urn, ukprn: e.ukprn, la_code: e.laCode, annex_a_phase: annexAPhase(e) })),
      },
    },
    problems,
    censusDates,
  };
}

/**
 * Events dated in a term with no school census cannot be given a rate or a SEN status, so no KPI counts
 * them: each is reported (a warning against its file and row) rather than dropped silently.
 */
export function eventsOutsideCensusTerms(exclusions: Table, terms: readonly { start_date: string; end_date: string; period_type: string }[]): Problem[] {
  const covered = terms.filter((term) => term.period_type === "term");
  const columnar = exclusions.columnar;
  const length = columnar ? columnar.length : exclusions.rows.length;
  const value = columnar ? (column: string, row: number) => cellOf(columnar.columns[column]!, row) : (column: string, row: number) => exclusions.rows[row]![column] ?? null;
  const problems: Problem[] = [];
  for (let row = 0; row < length; row++) {
    const start = String(value("start_date", row));
    if (covered.some((term) => term.start_date <= start && start <= term.end_date)) continue;
    problems.push({
      source: "exclusions",
      file: String(value("source_file", row)),
      row: Number(value("source_line", row)),
      column: "StartDate",
      severity: "warning" as const,
      rule: "outside-census-terms",
      message: "the event falls in a term with no school census extract, so no KPI counts it",
    });
  }
  return problems;
}
