// What the school census says about pupils, gathered for the local extracts: one pass over the same
// pupil histories the education extracts are written from (pupils.ts, sen2-pupils.ts), keeping only
// compact facts: who left the census during the window (and when), who joined it, where a permanently
// excluded pupil went next, runs of terms at a PRU/AP, pupils seen at the first census (for events in
// 2022-23, before the census window, that the census cannot contradict) and pupils on SEN support in
// years 11-13 (for post-16 activity). Nothing else is held, so --scale 200 stays within memory.

import { CENSUS_DATES, type SenStatus } from "./education-calibration.js";
import { day, type Day } from "./dates.js";
import type { CensusState, PupilHistory } from "./census.js";
import type { DemoEstablishment } from "./establishments.js";
import { isMainstream, LaSchools, type SchoolKind } from "./la-schools.js";
import type { PlacementHistory } from "./placements.js";
import { GeneralPopulation, ncYear } from "./pupils.js";
import { makePerson, planOf, type PopulationLayout } from "./population.js";
import { hashUnit } from "./random.js";
import { SchoolCalendar } from "./school-calendar.js";
import { Sen2Pupils } from "./sen2-pupils.js";

export interface PupilRef {
  upn: string;
  birth: Day;
  /** The pupil's stream (unique): seeds every choice made for them here. */
  stream: number;
}

/** Left the census during the window and never came back. */
export interface Leaver extends PupilRef {
  /** Last census at which the pupil is on roll. */
  term: number;
  /** First day off roll: the day after the last day on roll when the census shows it, else a day before the next census. */
  leave: Day;
  status: SenStatus;
  urn: string;
  kind: SchoolKind;
  /** National curriculum year at the next census (still of compulsory school age: 0-11). */
  nc: number;
}

/** Joined the census during the window (not a reception starter). */
export interface Joiner extends PupilRef {
  term: number;
  /** First day on roll. */
  join: Day;
  status: SenStatus;
  urn: string;
  kind: SchoolKind;
  nc: number;
}

/** A permanent exclusion of a pupil without an SEN2 record, and the school the census shows them at next. */
export interface ExclusionMove extends PupilRef {
  date: Day;
  term: number;
  status: SenStatus;
  urn: string;
  nc: number;
  next?: { urn: string; kind: SchoolKind; from: Day; term: number };
}

/** Consecutive census terms at one PRU/AP (main or subsidiary registration). */
export interface ApRun extends PupilRef {
  urn: string;
  dual: boolean;
  firstTerm: number;
  lastTerm: number;
  /** First day there when the census shows it (a day after its term's first day); undefined when it began before. */
  from?: Day;
  /** Last day there when the census shows it ended. */
  to: Day;
  status: SenStatus;
  nc: number;
  /** What the census shows after the run. */
  after: "ongoing" | "mainstream" | "other-ap" | "aged-out" | "gone";
}

/** On roll at the first census (the window's start): pupils to whom events of 2022-23 may have happened. */
export interface FirstCensusPupil extends PupilRef {
  status: SenStatus;
  urn: string;
  kind: SchoolKind;
  nc: number;
}

/** A pupil on SEN support in years 11-13 at a census: post-16 activity once they leave school or stay on. */
export interface SixthFormAge extends PupilRef {
  /** Sixth form (school roll in years 12-13): from its first September to its last day, when seen. */
  sixthForm?: { urn: string; from: Day; to?: Day };
  /** The first September after leaving school at the end of year 11, 12 or 13 (undefined while still at school). */
  leftSchool?: Day;
}

export interface CensusFacts {
  leavers: Leaver[];
  joiners: Joiner[];
  exclusions: ExclusionMove[];
  /** Permanent exclusions of children with an EHC plan (from sen2-pupils.ts): the SEN2 serial and date. */
  ehcpExclusions: { serial: number; date: Day; urn: string }[];
  apRuns: ApRun[];
  /** Children with a plan: the census terms they are on roll at (bit t) and their first day on roll in each. */
  sen2OnRoll: Map<number, { mask: number; from: (Day | undefined)[] }>;
  firstCensus: FirstCensusPupil[];
  sixthFormAge: SixthFormAge[];
  calendar: SchoolCalendar;
  schools: LaSchools;
}

/** Share of pupils at the first census kept for events before the window (choices are by hash, so any subset is reproducible). */
const FIRST_CENSUS_KEEP = 0.08;
/** Salt of the keep test (hashUnit(seed, salt, stream)); the modules choosing events use other salts. */
const KEEP_SALT = 0x10ca1000;

export function collectCensusFacts(seed: number, scale: number, layout: PopulationLayout, history: PlacementHistory, establishments: readonly DemoEstablishment[]): CensusFacts {
  const calendar = new SchoolCalendar(CENSUS_DATES);
  const schools = new LaSchools(establishments);
  const general = new GeneralPopulation(seed, scale, schools, calendar);
  const sen2 = new Sen2Pupils(seed, history, schools, calendar);
  const facts: CensusFacts = { leavers: [], joiners: [], exclusions: [], ehcpExclusions: [], apRuns: [], sen2OnRoll: new Map(), firstCensus: [], sixthFormAge: [], calendar, schools };
  general.cohorts.forEach((cohort, cohortIndex) => {
    for (let index = 0; index < cohort.count; index++) readPupil(seed, general.pupil(cohortIndex, index), calendar, facts);
  });
  for (let serial = 0; serial < layout.personCount; serial++) {
    const person = makePerson(layout, serial);
    const pupil = sen2.pupil(person);
    if (!pupil) continue;
    for (const exclusion of pupil.permanent) if (exclusion.status === "E") facts.ehcpExclusions.push({ serial, date: exclusion.date, urn: exclusion.school.urn });
    if (planOf(person)) {
      let mask = 0;
      pupil.states.forEach((state, t) => { if (state) mask |= 1 << t; });
      facts.sen2OnRoll.set(serial, { mask, from: calendar.terms.map((_, t) => pupil.states[t]?.enrolments[0]!.from) });
    } else {
      // SEN2 children who never had a plan (refused) age out of school on SEN support like anyone else.
      readSixthFormAge(pupil, calendar, facts);
    }
  }
  return facts;
}

const mainOf = (state: CensusState) => state.enrolments[0]!;

/** The facts about one pupil without an SEN2 record. */
function readPupil(seed: number, pupil: PupilHistory, calendar: SchoolCalendar, facts: CensusFacts): void {
  const terms = calendar.terms;
  const states = pupil.states;
  const present = terms.map((_, t) => states[t] !== undefined);
  const first = present.indexOf(true);
  if (first < 0) return;
  const last = present.lastIndexOf(true);
  const ref: PupilRef = { upn: pupil.upn, birth: pupil.birth, stream: pupil.stream };
  const nc = (t: number) => ncYear(pupil.birth, terms[t]!.date);
  const excluded = pupil.permanent.length > 0;

  // Permanent exclusions and where the pupil is next on roll.
  for (const exclusion of pupil.permanent) {
    let next: ExclusionMove["next"];
    for (let t = exclusion.term; t < terms.length && !next; t++) {
      const state = states[t];
      if (!state) continue;
      const main = mainOf(state);
      if (main.school.urn !== exclusion.school.urn && main.from > exclusion.date) next = { urn: main.school.urn, kind: main.school.kind, from: main.from, term: t };
    }
    facts.exclusions.push({ ...ref, date: exclusion.date, term: exclusion.term, status: exclusion.status, urn: exclusion.school.urn, nc: nc(exclusion.term), next });
  }

  // Left during the window (still of compulsory school age at the next census) and never back.
  if (!excluded && last < terms.length - 1 && nc(last + 1) <= 11 && nc(last + 1) >= 0) {
    const state = states[last]!;
    const main = mainOf(state);
    const term = terms[last]!;
    const leave = main.to < term.windowEnd
      ? main.to + 1
      : term.windowEnd + 1 + Math.floor(hashUnit(seed, KEEP_SALT + 1, pupil.stream) * (terms[last + 1]!.date - term.windowEnd));
    facts.leavers.push({ ...ref, term: last, leave, status: state.status, urn: main.school.urn, kind: main.school.kind, nc: nc(last + 1) });
  }

  // Joined during the window: not on roll at the census before though of school age then, or shown joining after a term began.
  if (!excluded) {
    const state = states[first]!;
    const main = mainOf(state);
    const term = terms[first]!;
    const absentBefore = first > 0 && nc(first - 1) >= 0 && nc(first - 1) <= 11;
    if (main.from > term.firstDay || absentBefore) {
      facts.joiners.push({ ...ref, term: first, join: main.from, status: state.status, urn: main.school.urn, kind: main.school.kind, nc: nc(first) });
    }
  }

  // Runs of terms at a PRU/AP.
  let run: ApRun | undefined;
  const close = (after: ApRun["after"]) => {
    if (!run) return;
    run.after = after;
    facts.apRuns.push(run);
    run = undefined;
  };
  terms.forEach((term, t) => {
    const state = states[t];
    const apEnrolment = state?.enrolments.find((e) => e.school.kind === "ap");
    const dual = apEnrolment !== undefined && apEnrolment !== state!.enrolments[0];
    if (run && (!apEnrolment || apEnrolment.school.urn !== run.urn || dual !== run.dual)) {
      if (!state) close(nc(t) >= 12 ? "aged-out" : "gone");
      else if (apEnrolment) close("other-ap");
      else close(isMainstream(mainOf(state).school) ? "mainstream" : "gone");
    }
    if (!apEnrolment || !state) return;
    if (run) {
      run.lastTerm = t;
      run.to = apEnrolment.to;
      return;
    }
    run = {
      ...ref, urn: apEnrolment.school.urn, dual, firstTerm: t, lastTerm: t, to: apEnrolment.to, status: state.status, nc: nc(t), after: "ongoing",
      from: t > 0 || apEnrolment.from > term.firstDay ? apEnrolment.from : undefined,
    };
  });
  // Still there at the newest census (unless the census shows the pupil leaving before its day).
  if (run) close((run as ApRun).to < terms[terms.length - 1]!.windowEnd ? "gone" : "ongoing");

  // On roll at the first census: kept (by hash) for events before the window.
  if (present[0] && hashUnit(seed, KEEP_SALT, pupil.stream) < FIRST_CENSUS_KEEP) {
    const state = states[0]!;
    facts.firstCensus.push({ ...ref, status: state.status, urn: mainOf(state).school.urn, kind: mainOf(state).school.kind, nc: nc(0) });
  }

  readSixthFormAge(pupil, calendar, facts);
}

/** Pupils on SEN support in years 11-13: their sixth form and when they left school. */
function readSixthFormAge(pupil: PupilHistory, calendar: SchoolCalendar, facts: CensusFacts): void {
  const terms = calendar.terms;
  const states = pupil.states;
  const nc = (t: number) => ncYear(pupil.birth, terms[t]!.date);
  const seen = terms.map((_, t) => t).filter((t) => states[t] !== undefined && nc(t) >= 11);
  if (seen.length === 0) return;
  const last = seen[seen.length - 1]!;
  if (states[last]!.status !== "K") return;
  const lastState = states[last]!;
  // Left mid-year (moved away): not followed.
  if (mainOf(lastState).to < terms[last]!.windowEnd) return;
  const entry: SixthFormAge = { upn: pupil.upn, birth: pupil.birth, stream: pupil.stream };
  const sixth = seen.filter((t) => nc(t) >= 12);
  const septemberOf = (t: number, ncAt: number) => {
    const year = Number(terms[t]!.academicYear.slice(0, 4)) - (ncAt - 12);
    return day(year, 9, 1);
  };
  if (sixth.length > 0) {
    const t0 = sixth[0]!;
    entry.sixthForm = { urn: mainOf(states[t0]!).school.urn, from: septemberOf(t0, nc(t0)) };
  }
  // Still at school at the newest census: nothing after school yet.
  if (last === terms.length - 1) {
    if (!entry.sixthForm) return; // still in year 11
    facts.sixthFormAge.push(entry);
    return;
  }
  // Not on roll at the next census: left at the end of that school year (summer) or, if the next census
  // is in the same school year, they moved away mid-year (not followed).
  const nextYear = terms[last + 1]!.academicYear !== terms[last]!.academicYear;
  if (!nextYear) return;
  const september = day(Number(terms[last + 1]!.academicYear.slice(0, 4)), 9, 1);
  if (entry.sixthForm) entry.sixthForm.to = terms[last]!.lastDay;
  entry.leftSchool = september;
  facts.sixthFormAge.push(entry);
}
