// The pupils without an SEN2 record: whole cohorts (by the September they start reception), each pupil
// a pure function of (seed, index) like the SEN2 children, so nothing is held in memory. A pupil goes
// to a primary school, on to its usual secondary in year 7, and some stay on into a school sixth form;
// a few join or leave during the 16 months, a few are at a PRU or dual-registered there, and some are
// permanently excluded (then at a PRU or another school). SEN support comes and goes with a latent
// propensity, the age profile and a small termly random walk.

import {
  CENSUS_DATES, COHORT_SIZES, DUAL_SHARE, MALE_SHARE, MOBILITY, PERMANENT_RATE, PRU_SHARE, PUPIL_ETHNICITY, PUPIL_PREMIUM,
  SEN_SUPPORT_BY_YEAR, SEN_SUPPORT_NEEDS, SEN_SUPPORT_SEX_FACTOR, SIXTH_FORM_STAY, SIXTH_FORM_YEAR_13, TOP_UP, type SenStatus,
} from "./education-calibration.js";
import { academicYear, day, parts, type Day } from "./dates.js";
import { pupilTraits, type CensusState, type Enrolment, type PermanentExclusion, type PupilHistory } from "./census.js";
import { isMainstream, teaches, type LaSchool, type LaSchools } from "./la-schools.js";
import { mixSeed, Rng } from "./random.js";
import type { SchoolCalendar } from "./school-calendar.js";
import { upnCheckLetter } from "../../loaders/sources/upn.js";

/** The September a child starts reception (born September to August). */
export function receptionYear(birth: Day): number {
  const { year, month } = parts(birth);
  return month >= 9 ? year + 5 : year + 4;
}

/** National curriculum year on `on` (reception = 0, negative before school). */
export function ncYear(birth: Day, on: Day): number {
  return academicYear(on) - receptionYear(birth);
}

export function ncLabel(nc: number): string {
  return nc === 0 ? "R" : String(nc);
}

const ETHNICITY_CODES = Object.keys(PUPIL_ETHNICITY);
const ETHNICITY_WEIGHTS = Object.values(PUPIL_ETHNICITY);
const NEEDS = {
  primary: { codes: Object.keys(SEN_SUPPORT_NEEDS.primary), weights: Object.values(SEN_SUPPORT_NEEDS.primary) },
  secondary: { codes: Object.keys(SEN_SUPPORT_NEEDS.secondary), weights: Object.values(SEN_SUPPORT_NEEDS.secondary) },
};

/** A need for a pupil on SEN support from a fixed roll (so it stays put within a phase). */
export function supportNeed(roll: number, nc: number): string {
  const { codes, weights } = nc <= 6 ? NEEDS.primary : NEEDS.secondary;
  const total = weights.reduce((a, b) => a + b, 0);
  let target = roll * total;
  for (let index = 0; index < codes.length; index++) {
    target -= weights[index]!;
    if (target < 0) return codes[index]!;
  }
  return codes[codes.length - 1]!;
}

/** 13-character UPN, LA 893, establishment 5000+ (the SEN2 children use 1000-4999), cohort year, serial. */
function generalUpn(cohort: number, indexInCohort: number): string {
  const establishment = 5000 + Math.floor(indexInCohort / 1000);
  if (establishment > 9999) throw new Error("Too many pupils in one cohort for unique demo UPNs");
  const body = `893${establishment}${String(cohort % 100).padStart(2, "0")}${String(indexInCohort % 1000).padStart(3, "0")}`;
  return upnCheckLetter(body) + body;
}

/** Joiners and leavers come and go between the start of the first census's school year and the newest census. */
const WINDOW_START = day(academicYear(CENSUS_DATES[0]!), 9, 1);
const WINDOW_END = CENSUS_DATES[CENSUS_DATES.length - 1]!;

export class GeneralPopulation {
  readonly cohorts: { year: number; start: number; count: number }[] = [];
  readonly count: number;

  constructor(
    private readonly seed: number,
    scale: number,
    private readonly schools: LaSchools,
    private readonly calendar: SchoolCalendar,
  ) {
    let total = 0;
    for (const [year, size] of Object.entries(COHORT_SIZES)) {
      const count = Math.round(size * scale);
      this.cohorts.push({ year: Number(year), start: total, count });
      total += count;
    }
    this.count = total;
  }

  pupil(cohortIndex: number, indexInCohort: number): PupilHistory {
    const cohort = this.cohorts[cohortIndex]!;
    const stream = cohort.start + indexInCohort;
    const rng = new Rng(mixSeed(this.seed, 0x9e1, stream));
    const schools = this.schools;
    const septemberBefore = day(cohort.year - 5, 9, 1);
    const birth = septemberBefore + Math.floor(rng.next() * (day(cohort.year - 4, 9, 1) - septemberBefore));
    const sex = rng.chance(MALE_SHARE) ? "M" : "F";
    const ethnicity = ETHNICITY_CODES[rng.weighted(ETHNICITY_WEIGHTS)]!;
    const propensity = rng.next();
    const sexFactor = SEN_SUPPORT_SEX_FACTOR[sex];
    const premium = rng.chance(propensity < 0.25 * sexFactor ? PUPIL_PREMIUM.senProne : PUPIL_PREMIUM.other);
    const needRoll = rng.next();
    const primary = schools.primary(rng.next());
    const secondary = primary.kind === "allThrough" || rng.chance(0.8) ? schools.catchmentOf(primary) : schools.secondary(rng.next());
    const stays12 = rng.chance(SIXTH_FORM_STAY);
    const stays13 = rng.chance(SIXTH_FORM_YEAR_13);
    const sixthForm = rng.chance(0.88) ? secondary : schools.secondary(rng.next());
    const arrive = rng.chance(MOBILITY) ? WINDOW_START + Math.floor(rng.next() * (WINDOW_END - WINDOW_START)) : undefined;
    let depart = rng.chance(MOBILITY) ? WINDOW_START + Math.floor(rng.next() * (WINDOW_END - WINDOW_START)) : undefined;
    if (arrive !== undefined && depart !== undefined && depart < arrive + 60) depart = undefined;
    const atPru = rng.chance(PRU_SHARE);
    const pru = schools.ap(rng.next());
    const dual = rng.chance(DUAL_SHARE);
    const dualFirst = rng.int(0, this.calendar.terms.length - 1);
    const dualTerms = rng.int(1, 3);
    const dualShare = [0.2, 0.4, 0.4, 0.6][rng.int(0, 3)]!;
    const walk = this.calendar.terms.map(() => (rng.next() - 0.5) * 0.045);
    const troubledK = rng.next();
    const behaviour = pupilTraits(this.seed, stream).behaviour;

    const history: PupilHistory = {
      stream, upn: generalUpn(cohort.year, indexInCohort), birth, sex, ethnicity, premium, states: [], permanent: [], topUpShare: TOP_UP.share,
    };
    // After a permanent exclusion: the school the pupil moves to, and from when.
    let moved: { school: LaSchool; from: Day } | undefined;
    let drift = 0;
    this.calendar.terms.forEach((term, t) => {
      drift += walk[t]!;
      const nc = ncYear(birth, term.date);
      const present = nc >= 0 && nc <= 13 && (nc < 12 || stays12) && (nc < 13 || stays13)
        && (arrive === undefined || arrive <= term.date) && (depart === undefined || depart > term.date);
      // Leaving and joining during the term shorten the pupil's window, even when not on roll at the census.
      let from = Math.max(term.firstDay, arrive ?? term.firstDay);
      const to = Math.min(term.windowEnd, depart === undefined ? term.windowEnd : depart - 1);
      if (nc < 0 || nc > 13 || (nc >= 12 && !stays12) || (nc === 13 && !stays13)) return;
      // Pupils at a PRU after an exclusion do not come back for the sixth form.
      if (nc >= 12 && (atPru || moved?.school.kind === "ap")) return;
      let school = nc <= 6 ? primary : nc <= 11 ? secondary : sixthForm;
      if (atPru && nc >= 5 && nc <= 11) school = pru;
      if (moved && (moved.school.kind === "ap" ? nc <= 11 : teaches(moved.school, nc))) {
        school = moved.school;
        from = Math.max(from, moved.from);
      }
      const troubled = school.kind === "ap" || moved !== undefined || (dual && t >= dualFirst && t < dualFirst + dualTerms && nc >= 5 && nc <= 11);
      // SEN support: the latent propensity against the age profile, moving a little each term.
      const yearFraction = (term.date - day(academicYear(term.date), 9, 1)) / 365;
      const profile = SEN_SUPPORT_BY_YEAR[Math.min(nc, 13)]! + yearFraction * ((SEN_SUPPORT_BY_YEAR[Math.min(nc + 1, 13)] ?? 0) - SEN_SUPPORT_BY_YEAR[Math.min(nc, 13)]!);
      let status: SenStatus = propensity + drift < profile * sexFactor ? "K" : "N";
      if (troubled && troubledK < 0.6) status = "K";
      const need = status === "K" ? (troubled && needRoll < 0.75 ? "SEMH" : supportNeed(needRoll, nc)) : "";

      // A permanent exclusion from a mainstream school during this term.
      if (isMainstream(school) && to >= from && !moved) {
        const phase = nc <= 6 ? "primary" : nc <= 11 ? "secondary" : "sixth";
        const days = this.calendar.countBetween(t, from, to);
        const chance = PERMANENT_RATE[status === "K" ? "K" : "N"][phase] * behaviour * (troubled ? 3 : 1) * (days / term.fullTermDays);
        if (days > 0 && rng.chance(chance)) {
          const schoolDays = this.calendar.daysBetween(t, from, to);
          const date = schoolDays[rng.int(0, schoolDays.length - 1)]!;
          const next = rng.chance(0.7) || nc > 11 ? pru : nc <= 6 ? schools.primary(rng.next()) : schools.secondary(rng.next());
          const nextFrom = date + rng.int(8, 25);
          history.permanent.push({ term: t, date, school, status });
          moved = { school: next.urn === school.urn ? pru : next, from: nextFrom };
          if (date < term.date) {
            // Not on roll there at the census: at the new school if already started.
            if (!present || nextFrom > term.date) return;
            history.states[t] = this.state(nc, troubledK < 0.6 ? "K" : status, need || "SEMH", moved.school, nextFrom, to, 1.5);
            return;
          }
          if (present) history.states[t] = this.state(nc, status, need, school, from, date, troubled ? 1.5 : 1);
          return;
        }
      }
      if (!present || to < from) return;
      const state = this.state(nc, status, need, school, from, to, troubled ? 1.5 : 1);
      if (dual && isMainstream(school) && t >= dualFirst && t < dualFirst + dualTerms && nc >= 5 && nc <= 11) {
        state.enrolments = [{ ...state.enrolments[0]!, enrol: "M" }, { school: pru, enrol: "S", from, to }];
        state.subsidiaryShare = dualShare;
      }
      history.states[t] = state;
    });
    return history;
  }

  private state(nc: number, status: SenStatus, need: string, school: LaSchool, from: Day, to: Day, risk: number): CensusState {
    const enrolment: Enrolment = { school, enrol: "C", from, to };
    return { nc, status, need: status === "N" ? "" : need, enrolments: [enrolment], risk };
  }
}
