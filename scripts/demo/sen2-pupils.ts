// The SEN2 children in the school census. A child whose plan is active at a census and whose SEN2
// placement then is one of Shropshire's state-funded schools is on roll there with an EHC plan (E),
// with their SEN2 UPN, birth date, sex, ethnicity and primary need. The placement at a census day is
// read the way a user of the exports would: from the first export on or after that day, the rank-1
// placement whose entry and leaving dates span it (rank 2, when a state school too, is the
// subsidiary of a dual registration). Children without an active plan are at a mainstream school of
// their own: on SEN support from some time before their first request (or after a refusal), on SEN
// support or none after a plan ceased because needs were met, none before that.

import { EXPORT_YEARS, REFERENCE_DATES } from "./calibration.js";
import { EHCP_MOVE_AFTER_EXCLUSION, PUPIL_PREMIUM, TOP_UP, type SenStatus } from "./education-calibration.js";
import { day, parts, type Day } from "./dates.js";
import type { CensusState, PermanentExclusion, PupilHistory } from "./census.js";
import { requestIncluded } from "./exports.js";
import { isMainstream, teaches, type LaSchool, type LaSchools } from "./la-schools.js";
import { needsOf, type PlacementHistory, type PlacementRow } from "./placements.js";
import { ncYear } from "./pupils.js";
import { isActiveAt, planOf, type PersonTruth, type PlanTruth, type RequestTruth } from "./population.js";
import { hashUnit } from "./random.js";
import type { SchoolCalendar } from "./school-calendar.js";

/** Streams of SEN2 children start here, clear of the other pupils' (0 up to a few million). */
const STREAM_BASE = 0x80000000;
const EXCLUSIONS_FROM = day(2023, 9, 4);
/** Share of SEN2 children without a plan who go to school outside Shropshire. */
const OUT_OF_AREA = 0.04;

interface Placed {
  main: PlacementRow;
  school: LaSchool | undefined;
  dual: PlacementRow | undefined;
  /** Which export the placement was read from. */
  exportIndex: number;
}

export class Sen2Pupils {
  constructor(
    private readonly seed: number,
    private readonly history: PlacementHistory,
    private readonly schools: LaSchools,
    private readonly calendar: SchoolCalendar,
  ) {}

  pupil(person: PersonTruth): PupilHistory | undefined {
    if (!person.upn) return undefined; // no UPN in SEN2: nothing to link a census row to
    const found = planOf(person);
    const plan = found?.plan;
    const u = (salt: number) => hashUnit(this.seed, person.serial, salt);
    const terms = this.calendar.terms;
    const rowsCache = new Map<number, PlacementRow[]>();
    const placed = terms.map((term) => (found && isActiveAt(found.plan, term.date) ? this.placementAt(person, found, term.date, rowsCache) : undefined));
    const history: PupilHistory = {
      stream: STREAM_BASE + person.serial, upn: person.upn, birth: person.birth, sex: person.sex, ethnicity: person.ethnicity,
      premium: u(320) < PUPIL_PREMIUM.sen2Child, states: [], permanent: [], planStart: plan?.start, topUpShare: TOP_UP.sen2Share,
    };
    const firstRequest = person.requests[0]!.received;
    const supportFrom = firstRequest - (u(301) < 0.85 ? Math.floor((0.5 + 2 * u(302)) * 365) : 30);
    const outOfArea = u(307) < OUT_OF_AREA;
    const stayOn = u(304) < 0.35;

    terms.forEach((term, t) => {
      const nc = ncYear(person.birth, term.date);
      if (nc < 0 || nc > 14) return;
      const exportIndex = REFERENCE_DATES.findIndex((reference) => reference >= term.date);
      if (plan && isActiveAt(plan, term.date)) {
        const here = placed[t];
        if (!here?.school) return; // not at one of Shropshire's state schools
        const need = needsOf(person, this.history.anchorCategory(person, plan), here.exportIndex)[0]!;
        const from = Math.max(term.firstDay, here.main.entry);
        const to = Math.min(term.windowEnd, here.main.leaving ?? term.windowEnd);
        const state: CensusState = { nc, status: "E", need, enrolments: [{ school: here.school, enrol: "C", from, to }], risk: here.school.kind === "ap" ? 1.3 : 1 };
        if (here.dual) {
          state.enrolments[0]!.enrol = "M";
          const dualSchool = this.schools.byUrn.get(here.dual.setting.establishment?.urn ?? "");
          if (dualSchool && dualSchool.urn !== here.school.urn) {
            state.enrolments.push({ school: dualSchool, enrol: "S", from: Math.max(from, here.dual.entry), to });
            state.subsidiaryShare = 0.4;
          }
        }
        history.states[t] = state;
        return;
      }
      // No active plan: at a mainstream school of their own (or the one their plan placement used).
      if (outOfArea || nc > 13 || (nc >= 12 && !stayOn)) return;
      let status: SenStatus;
      let anchor: number | undefined;
      if (plan && plan.cease !== undefined && plan.cease <= term.date) {
        if (plan.ceaseReason !== 2 && plan.ceaseReason !== 9) return; // moved away, left education, ...
        status = u(303) < (plan.ceaseReason === 2 ? 0.6 : 0.5) ? "K" : "N";
        for (let earlier = t - 1; earlier >= 0; earlier--) if (placed[earlier]?.school) anchor ??= earlier;
      } else {
        status = term.date < supportFrom ? "N" : "K";
        if (plan) for (let later = t + 1; later < terms.length; later++) if (placed[later]?.school && anchor === undefined) anchor = later;
      }
      const anchorSchool = anchor === undefined ? undefined : placed[anchor]!.school!;
      const school = anchorSchool && isMainstream(anchorSchool) && teaches(anchorSchool, nc)
        ? anchorSchool
        : nc <= 6 ? this.schools.primary(u(305)) : this.schools.secondary(u(306));
      const need = status === "K" ? needsOf(person, plan ? this.history.anchorCategory(person, plan) : "MS_AC", exportIndex)[0]! : "";
      history.states[t] = { nc, status, need, enrolments: [{ school, enrol: "C", from: term.firstDay, to: term.windowEnd }], risk: 1 };
    });
    history.permanent = this.permanentExclusions(person, found, history);
    return history;
  }

  /**
   * The child's placement at `on`, as the exports show it: the first export on or after `on` that holds
   * the plan (a plan that ceased in early January is in no later return), else the newest before it.
   */
  private placementAt(person: PersonTruth, found: { request: RequestTruth; plan: PlanTruth }, on: Day, cache: Map<number, PlacementRow[]>): Placed | undefined {
    const order = REFERENCE_DATES.map((reference, k) => ({ reference, k }));
    const candidates = [...order.filter((e) => e.reference >= on), ...order.filter((e) => e.reference < on).reverse()];
    const exportIndex = candidates.find((e) => requestIncluded(found.request, e.reference, EXPORT_YEARS[e.k]!))?.k;
    if (exportIndex === undefined) return undefined;
    const plan = found.plan;
    let rows = cache.get(exportIndex);
    if (!rows) cache.set(exportIndex, (rows = this.history.rows(person, plan, exportIndex).rows));
    let main: PlacementRow | undefined;
    for (const row of rows) {
      if (row.rank !== 1 || row.entry > on || (row.leaving !== undefined && row.leaving < on)) continue;
      if (!main || row.entry > main.entry) main = row;
    }
    if (!main) return undefined;
    const school = this.schools.byUrn.get(main.setting.establishment?.urn ?? "");
    const dual = main.leaving === undefined ? rows.find((row) => row.rank === 2 && row.entry <= on) : undefined;
    return { main, school, dual, exportIndex };
  }

  /**
   * A mid-year move out of a mainstream school (not the summer move to the next phase) sometimes
   * followed a permanent exclusion, dated a school day or a few before the SEN2 leaving date. Leaving
   * dates are read from every export that holds the plan; the child is at another setting at every
   * later census, as the exports show.
   */
  private permanentExclusions(person: PersonTruth, found: { request: RequestTruth; plan: PlanTruth } | undefined, history: PupilHistory): PermanentExclusion[] {
    const exclusions: PermanentExclusion[] = [];
    if (!found) return exclusions;
    const seen = new Set<Day>();
    REFERENCE_DATES.forEach((reference, k) => {
      if (found.plan.start > reference || !requestIncluded(found.request, reference, EXPORT_YEARS[k]!)) return;
      for (const row of this.history.rows(person, found.plan, k).rows) {
        const leaving = row.leaving;
        const school = this.schools.byUrn.get(row.setting.establishment?.urn ?? "");
        if (row.rank !== 1 || leaving === undefined || seen.has(leaving) || !school || !isMainstream(school) || !isActiveAt(found.plan, leaving)) continue;
        seen.add(leaving);
        const month = parts(leaving).month;
        if (leaving < EXCLUSIONS_FROM || month === 7 || month === 8) continue;
        const returns = this.calendar.terms.some((term, later) => term.date > leaving && history.states[later]?.enrolments.some((e) => e.school.urn === school.urn));
        if (returns || hashUnit(this.seed, person.serial, 310, leaving) >= EHCP_MOVE_AFTER_EXCLUSION) continue;
        const date = this.calendar.schoolDayOnOrBefore(leaving - Math.floor(hashUnit(this.seed, person.serial, 311) * 8));
        const term = date === undefined ? undefined : this.calendar.termOf(date);
        if (date === undefined || term === undefined || date < row.entry || date < EXCLUSIONS_FROM) continue;
        // Still on roll there (until the leaving date) at a census after the exclusion: not this one.
        if (this.calendar.terms.some((census) => date < census.date && census.date <= leaving)) continue;
        exclusions.push({ term, date, school, status: "E" });
      }
    });
    return exclusions;
  }
}
