// From a pupil's history (where they are on roll at each census, and their SEN status) to what the
// education extracts show: census rows with the term's attendance, suspensions and permanent
// exclusions, and a high-needs top-up agreement. Shared by the pupils without an SEN2 record
// (pupils.ts) and the SEN2 children (sen2-pupils.ts). All randomness is per pupil (its stream).

import {
  ABSENCE_SPREAD, MEAN_ABSENCE, PERMANENT_REASONS, REPEAT_SUSPENSION, SUSPENSION_RATE, SUSPENSION_REASONS, SUSPENSION_SESSIONS,
  TERM_ABSENCE, TOP_UP, UNAUTHORISED_SHARE, type RatePhase, type SenStatus,
} from "./education-calibration.js";
import type { Day } from "./dates.js";
import type { LaSchool } from "./la-schools.js";
import { hashUnit, mixSeed, normal, Rng } from "./random.js";
import type { SchoolCalendar } from "./school-calendar.js";

export interface Enrolment {
  school: LaSchool;
  /** C single registration, M main and S subsidiary of a dual registration. */
  enrol: "C" | "M" | "S";
  /** On roll from/to within the census term's window. */
  from: Day;
  to: Day;
}

export interface CensusState {
  nc: number;
  status: SenStatus;
  /** Primary need code; blank for no SEN. */
  need: string;
  /** Main (C or M) first, then a subsidiary S. */
  enrolments: Enrolment[];
  /** Share of the week spent at the subsidiary setting (dual registration). */
  subsidiaryShare?: number;
  /** Multiplies absence and suspension chances (PRU, dual-registered and excluded pupils). */
  risk: number;
}

export interface PermanentExclusion {
  term: number;
  date: Day;
  school: LaSchool;
  /** SEN status when excluded. */
  status: SenStatus;
}

export interface PupilHistory {
  /** Seeds the pupil's attendance and exclusion draws (unique per pupil). */
  stream: number;
  upn: string;
  birth: Day;
  sex: "M" | "F";
  ethnicity: string;
  premium: boolean;
  states: (CensusState | undefined)[];
  permanent: PermanentExclusion[];
  /** When an SEN2 plan starts (top-up funding stops then). */
  planStart?: Day;
  /** Chance of top-up funding while on SEN support. */
  topUpShare: number;
}

export interface CensusRow {
  census: number;
  state: CensusState;
  enrolment: Enrolment;
  possible: number;
  attended: number;
  authorised: number;
  unauthorised: number;
}

export interface ExclusionOut {
  upn: string;
  urn: string;
  date: Day;
  category: "FIXD" | "PERM";
  reason: string;
  sessions?: number;
  census: number;
  status: SenStatus;
  /** School days the event could have started on (the pupil on roll there), for the first/last-day check. */
  from: Day;
  to: Day;
}

export interface TopUpOut {
  upn: string;
  urn: string;
  start: Day;
  end?: Day;
}

export interface PupilOutput {
  rows: CensusRow[];
  exclusions: ExclusionOut[];
  topUp?: TopUpOut;
}

const weightedKeys = (weights: Record<string | number, number>) => ({ keys: Object.keys(weights), values: Object.values(weights) });
const SUSPENSION = weightedKeys(SUSPENSION_REASONS);
const PERMANENT = weightedKeys(PERMANENT_REASONS);
const SESSIONS = weightedKeys(SUSPENSION_SESSIONS);

/** The phase a rate depends on. */
export function ratePhase(school: LaSchool, nc: number): RatePhase {
  if (school.kind === "special") return "special";
  if (school.kind === "ap") return "ap";
  if (nc <= 6) return "primary";
  return nc <= 11 ? "secondary" : "sixth";
}

/** A pupil's lasting traits: how much they miss school, how much of it is unauthorised, how often they are suspended. */
export function pupilTraits(seed: number, stream: number): { absence: number; unauthorised: number; behaviour: number } {
  const z = (salt: number) => normal(hashUnit(seed, stream, salt, 1), hashUnit(seed, stream, salt, 2));
  return {
    absence: Math.exp(ABSENCE_SPREAD.pupil * z(1) - ABSENCE_SPREAD.pupil ** 2 / 2),
    unauthorised: Math.exp(0.6 * z(2) - 0.18),
    behaviour: Math.exp(1.1 * z(3) - 1.1 ** 2 / 2),
  };
}

export function simulatePupil(history: PupilHistory, calendar: SchoolCalendar, seed: number): PupilOutput {
  const rng = new Rng(mixSeed(seed, 0xa77e, history.stream));
  const traits = pupilTraits(seed, history.stream);
  const output: PupilOutput = { rows: [], exclusions: [] };
  history.states.forEach((state, t) => {
    if (!state) return;
    const term = calendar.terms[t]!;
    const main = state.enrolments[0]!;
    const phase = ratePhase(main.school, state.nc);
    // Suspensions at the main school while on roll (termly rate scaled to the part of the term covered).
    const days = calendar.daysBetween(t, main.from, main.to);
    let suspended = 0;
    const chance = SUSPENSION_RATE[state.status][phase] * traits.behaviour * state.risk * (days.length / term.fullTermDays);
    if (days.length > 0 && rng.chance(Math.min(0.9, chance))) {
      let count = 1;
      while (count < 6 && rng.chance(REPEAT_SUSPENSION[state.status])) count++;
      const taken = new Set<number>();
      for (let k = 0; k < count; k++) {
        const index = rng.int(0, days.length - 1);
        if (taken.has(index)) continue;
        taken.add(index);
        const sessions = Number(SESSIONS.keys[rng.weighted(SESSIONS.values)]);
        suspended += sessions;
        output.exclusions.push({
          upn: history.upn, urn: main.school.urn, date: days[index]!, category: "FIXD", reason: SUSPENSION.keys[rng.weighted(SUSPENSION.values)]!,
          sessions, census: t, status: state.status, from: days[0]!, to: days[days.length - 1]!,
        });
      }
    }
    // Attendance: each school day missed whole (or half) with the pupil's rate for this term.
    const termNoise = Math.exp(ABSENCE_SPREAD.term * normal(rng.next(), rng.next()) - ABSENCE_SPREAD.term ** 2 / 2);
    const rate = Math.min(0.95, MEAN_ABSENCE[state.status][phase] * TERM_ABSENCE[term.term] * traits.absence * termNoise * (history.premium ? 1.2 : 0.95) * state.risk);
    const unauthorisedShare = Math.min(0.95, UNAUTHORISED_SHARE[state.status] * traits.unauthorised);
    const totalDays = days.length;
    const subsidiaryDays = state.enrolments.length > 1 ? Math.round(totalDays * (state.subsidiaryShare ?? 0.4)) : 0;
    state.enrolments.forEach((enrolment, index) => {
      const rowDays = index === 0 ? totalDays - subsidiaryDays : subsidiaryDays;
      const possible = 2 * rowDays;
      let absent = 0;
      for (let d = 0; d < rowDays; d++) {
        const roll = rng.next();
        if (roll < rate) absent += 2;
        else if (roll < rate * 1.12) absent += 1;
      }
      let unauthorised = 0;
      for (let s = 0; s < absent; s++) if (rng.next() < unauthorisedShare) unauthorised++;
      // Suspended sessions are authorised absence (code E) on top.
      const totalAbsent = Math.min(possible, absent + (index === 0 ? suspended : 0));
      unauthorised = Math.min(unauthorised, totalAbsent);
      output.rows.push({
        census: t, state, enrolment, possible, attended: possible - totalAbsent, authorised: totalAbsent - unauthorised, unauthorised,
      });
    });
  });
  for (const exclusion of history.permanent) {
    output.exclusions.push({
      upn: history.upn, urn: exclusion.school.urn, date: exclusion.date, category: "PERM", reason: PERMANENT.keys[rng.weighted(PERMANENT.values)]!,
      census: exclusion.term, status: exclusion.status, from: exclusion.date, to: exclusion.date,
    });
  }
  output.topUp = topUpAgreement(history, calendar, rng);
  return output;
}

/**
 * High-needs top-up funding for some pupils on SEN support: it covers at least one census at which the
 * pupil is on SEN support (so the pipeline can link it), starts from 2022 on, and ends when the SEN
 * support ends, when an EHC plan starts, or (for a few) while the pupil is still on SEN support.
 */
function topUpAgreement(history: PupilHistory, calendar: SchoolCalendar, rng: Rng): TopUpOut | undefined {
  const supported = history.states.map((state, t) => (state?.status === "K" ? t : -1)).filter((t) => t >= 0);
  const roll = rng.next();
  const terms = calendar.terms;
  const newest = terms.length - 1;
  const last = supported[supported.length - 1]!;
  if (supported.length === 0 || roll >= history.topUpShare * (last === newest || history.planStart !== undefined ? 1 : TOP_UP.earlierFactor)) return undefined;
  const first = supported[0]!;
  const firstDate = terms[first]!.date;
  const firstState = history.states[first]!;
  // Not before the pupil started school, joined the school they were at, or (seen at an earlier census without SEN support) needed it.
  const reception = history.birth + Math.round(4.6 * 365.25);
  const before = first > 0 ? history.states[first - 1] : undefined;
  const joined = first > 0 && !before ? firstState.enrolments[0]!.from : TOP_UP.earliest;
  const earliest = Math.max(TOP_UP.earliest, reception, joined, before ? terms[first - 1]!.date + 1 : TOP_UP.earliest);
  const start = earliest >= firstDate - 30 ? Math.min(earliest, firstDate) : earliest + Math.floor(rng.next() * (firstDate - 30 - earliest));
  const agreement: TopUpOut = { upn: history.upn, urn: firstState.enrolments[0]!.school.urn, start };
  const lastDate = terms[last]!.date;
  if (history.planStart !== undefined && history.planStart > firstDate && history.planStart <= terms[newest]!.date) {
    agreement.end = history.planStart - 1;
  } else if (last < newest) {
    // Ended between the last census on SEN support and the next census.
    agreement.end = lastDate + 1 + Math.floor(rng.next() * (terms[last + 1]!.date - lastDate - 1));
  } else if (first < last && rng.chance(TOP_UP.endedShare)) {
    // Ended after the first census on SEN support, though the pupil is still on it.
    agreement.end = firstDate + 1 + Math.floor(rng.next() * (lastDate - firstDate - 1));
  }
  return agreement;
}
