// The canonical education tables (pupils at each school census, exclusion events, top-up agreements) from
// the validated extracts, with each enrolment's phase from the GIAS lookup, and the linkage checks between
// the sources (an event or agreement whose pupil no census holds) reported as warnings, never dropped.

import type { CensusPupil } from "../sources/school-census.js";
import type { ExclusionEvent } from "../sources/exclusions.js";
import type { TopUpAgreement } from "../sources/top-up-funding.js";
import type { Establishment } from "../sources/establishments.js";
import type { Problem } from "../sources/problems.js";
import { establishmentCategory } from "./settings.js";
import type { Table, TableColumn } from "./canonical.js";
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
  census: { file: string; pupils: CensusPupil[] }[];
  exclusions: { file: string; events: ExclusionEvent[] }[];
  topUp: { file: string; agreements: TopUpAgreement[] }[];
}

/** Empty tables, so the KPI SQL runs (and counts nothing) when an area has no education extracts yet. */
export function emptyEducationTables(): EducationTables {
  return buildEducationTables({ census: [], exclusions: [], topUp: [] }, new Map(), new Map()).tables;
}

export function buildEducationTables(sources: EducationSources, byUrn: ReadonlyMap<string, Establishment>, byUkprn: ReadonlyMap<string, Establishment> = new Map()): { tables: EducationTables; problems: Problem[]; censusDates: string[] } {
  const problems: Problem[] = [];
  // A school and year group always give the same phase: worked out once each.
  const phases = new Map<string, Phase>();
  const phase = (urn: string, ncYear: string | null) => {
    const key = `${urn}|${ncYear ?? ""}`;
    let known = phases.get(key);
    if (!known) phases.set(key, (known = phaseOf(urn, ncYear, byUrn)));
    return known;
  };
  // The same enrolment in two census files (overlapping extracts) is counted once, and said. Only census
  // dates found in more than one file can repeat across files (each reader already refuses repeats within).
  const datesInFiles = new Map<string, number>();
  for (const { pupils: rows } of sources.census) for (const date of new Set(rows.map((pupil) => pupil.censusDate))) datesInFiles.set(date, (datesInFiles.get(date) ?? 0) + 1);
  const enrolments = new Map<string, string>();
  const census = sources.census.map(({ file, pupils: rows }) => ({
    file,
    pupils: rows.filter((pupil) => {
      if (datesInFiles.get(pupil.censusDate) === 1) return true;
      const key = `${pupil.censusDate}|${pupil.upn}|${pupil.urn}`;
      const first = enrolments.get(key);
      if (first === undefined) { enrolments.set(key, `${file} row ${pupil.line}`); return true; }
      problems.push({ source: "school census", file, row: pupil.line, column: "UPN", severity: "warning", rule: "duplicate-id", message: `the same pupil, census date and URN as ${first}: counted once` });
      return false;
    }),
  }));
  const pupils = census.flatMap(({ pupils: rows }) => rows.map((pupil) => ({
    census_date: pupil.censusDate,
    upn: pupil.upn,
    birth_date: pupil.birthDate,
    sex: pupil.sex,
    ethnicity: pupil.ethnicity,
    pupil_premium: pupil.pupilPremium,
    nc_year: pupil.ncYear,
    sen_status: SEN_STATUS_BY_PROVISION[pupil.senProvision],
    // SEN2 codes plus NSA; a pupil with SEN but no recorded need is UNKNOWN, one without SEN has NONE.
    primary_need: pupil.senProvision === "N" ? "NONE" : (pupil.primaryNeed ?? "UNKNOWN"),
    urn: pupil.urn,
    enrol_status: pupil.enrolStatus,
    phase: phase(pupil.urn, pupil.ncYear),
    sessions_possible: pupil.sessionsPossible,
    sessions_attended: pupil.sessionsAttended,
  })));
  const censusDates = [...new Set(pupils.map((p) => p.census_date))].sort();
  const datesByUpn = new Map<string, { date: string; status: string }[]>();
  for (const pupil of pupils) {
    const list = datesByUpn.get(pupil.upn) ?? [];
    list.push({ date: pupil.census_date, status: pupil.sen_status });
    datesByUpn.set(pupil.upn, list);
  }
  const warn = (file: string, row: number, rule: string, message: string, source: string) =>
    problems.push({ source, file, row, column: "UPN", severity: "warning", rule, message });

  let eventId = 0;
  // The same event twice (one log exported twice, or overlapping extracts) is counted once, and said.
  const seenEvents = new Map<string, string>();
  const exclusions = sources.exclusions.flatMap(({ file, events }) => events.filter((event) => {
    const key = `${event.upn}|${event.startDate}|${event.category}|${event.urn}`;
    const first = seenEvents.get(key);
    if (first === undefined) { seenEvents.set(key, `${file} row ${event.line}`); return true; }
    warn(file, event.line, "duplicate-id", `the same pupil, start date, category and school as ${first}: counted once`, "exclusions");
    return false;
  }).map((event) => {
    if (!datesByUpn.has(event.upn) && censusDates.length > 0) {
      warn(file, event.line, "not-in-census", "the pupil is in no school census extract: counted, with SEN status 'not in the census'", "exclusions");
    }
    return {
      event_id: ++eventId, upn: event.upn, urn: event.urn || null, start_date: event.startDate, category: event.category,
      reason: event.reason, sessions: event.sessions, source_file: file, source_line: event.line,
    };
  }));

  let agreementId = 0;
  const topUp = sources.topUp.flatMap(({ file, agreements }) => agreements.map((agreement) => {
    const during = (datesByUpn.get(agreement.upn) ?? []).filter((c) => c.date >= agreement.startDate && (agreement.endDate === null || c.date <= agreement.endDate));
    if (censusDates.some((date) => date >= agreement.startDate && (agreement.endDate === null || date <= agreement.endDate))) {
      if (during.length === 0) warn(file, agreement.line, "not-in-census", "the pupil is in no school census taken while the funding ran: not counted", "top-up funding");
      else if (!during.some((c) => c.status === "sen_support")) {
        warn(file, agreement.line, "not-sen-support", "the pupil is not on SEN support at any census while the funding ran (an EHC plan, or no SEN): not counted", "top-up funding");
      }
    }
    return { agreement_id: ++agreementId, upn: agreement.upn, start_date: agreement.startDate, end_date: agreement.endDate };
  }));

  return {
    tables: {
      pupils: { name: "pupils", columns: EDUCATION_COLUMNS.pupils, rows: pupils },
      exclusions: { name: "exclusions", columns: EDUCATION_COLUMNS.exclusions, rows: exclusions },
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
  return exclusions.rows
    .filter((event) => !covered.some((term) => term.start_date <= String(event.start_date) && String(event.start_date) <= term.end_date))
    .map((event) => ({
      source: "exclusions",
      file: String(event.source_file),
      row: Number(event.source_line),
      column: "StartDate",
      severity: "warning" as const,
      rule: "outside-census-terms",
      message: "the event falls in a term with no school census extract, so no KPI counts it",
    }));
}
