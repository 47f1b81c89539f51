// The one underlying population the three annual exports are views of. Each child's whole history
// (requests, decisions, assessment, plan, reviews, cease) is a pure function of (seed, serial), so a
// child is regenerated identically in every pass and nothing needs to be held in memory.
//
// Three kinds of children:
// - "new": requests received from July 2021 on, simulated stage by stage (the statutory process);
// - "survivor": plans started before 2022 still active in January 2025, as many per age as the
//   published January 2025 age profile needs on top of the "new" children's plans;
// - "ceased": plans started before 2022 that ceased in 2022-2025, as many per year and reason as the
//   published cease figures need on top of the "new" children's ceases.

import {
  ETHNICITY_WEIGHTS, MALE_SHARE, MAX_AGE, REFERENCE_DATES, REQUEST_AGES, YEARS_IN_PLACE_2025,
} from "./calibration.js";
import { addYears, ageOn, day, parts, yearOf, type Day } from "./dates.js";
import { mixSeed, Rng } from "./random.js";
import { upnCheckLetter } from "../../loaders/sources/upn.js";

export type RequestOutcome = "A" | "N" | "W";
export type AssessmentOutcome = "Y" | "N" | "W" | "S";

export interface PlanTruth {
  start: Day;
  cease?: Day;
  ceaseReason?: number;
  /** LA the plan came from (SEN2 `transferla`): only plans finished after another LA's assessment. */
  transferInFrom?: string;
  residential: boolean;
  workBased: boolean;
  personalBudget: boolean;
  organisedArrangements: boolean;
  directPayments: boolean;
  /** Dates of annual review decisions, in order. */
  reviews: Day[];
}

export interface AssessmentTruth {
  outcome: AssessmentOutcome;
  date: Day;
  week20Exception: boolean;
  mediation: boolean;
  tribunal: boolean;
  otherMediation: boolean;
  otherTribunal: boolean;
  plan?: PlanTruth;
}

export interface RequestTruth {
  /** Stable across exports (native id). */
  key: string;
  received: Day;
  source: string;
  youthCustody: boolean;
  exported: boolean;
  outcome: RequestOutcome;
  outcomeDate: Day;
  mediation: boolean;
  tribunal: boolean;
  assessment?: AssessmentTruth;
}

export interface PersonTruth {
  serial: number;
  kind: "survivor" | "ceased" | "new";
  forename: string;
  surname: string;
  birth: Day;
  sex: "M" | "F";
  ethnicity: string;
  postcode: string;
  upn: string;
  uln: string;
  /** Latent position in [0, 1) that picks the placement category at each census (see PLACEMENT_CATEGORIES). */
  placementPosition: number;
  needRoll: number;
  secondNeedRoll: number | null;
  downSyndrome: boolean;
  requests: RequestTruth[];
}

/** Requests after this are never visible (the newest reference date). */
export const SIMULATION_END: Day = REFERENCE_DATES[REFERENCE_DATES.length - 1]!;
const LATEST_LEGACY_START: Day = day(2021, 12, 31);
const EARLIEST_LEGACY_START: Day = day(2014, 9, 1);

/** Monthly volumes of first requests (second requests come on top, see SECOND_REQUEST_CHANCE). */
function monthlyFirstRequests(): { start: Day; days: number; count: number }[] {
  const months: { start: Day; days: number; count: number }[] = [];
  // Seasonal weights Jan..Dec: fewer requests in August and December.
  const seasonal = [1.0, 1.05, 1.1, 1.0, 1.05, 1.1, 1.0, 0.7, 0.95, 1.1, 1.1, 0.85];
  // 2023 and 2024: DfE's 921 and 833 less the second requests that come on top. 2022 (DfE: 515) is
  // a modelling choice: enough of a late-2022 surge to make the 2023 backlog the published stocks need.
  const yearTotals: Record<number, number> = { 2021: 300, 2022: 790, 2023: 912, 2024: 830 };
  for (let year = 2021; year <= 2024; year++) {
    const first = year === 2021 ? 7 : 1; // the simulated flow starts in July 2021
    const weights: number[] = [];
    for (let month = first; month <= 12; month++) {
      // 2022 ramps up towards the 2023 surge.
      const ramp = year === 2022 ? 0.55 + (0.9 * (month - 1)) / 11 : 1;
      weights.push(seasonal[month - 1]! * ramp);
    }
    const sum = weights.reduce((a, b) => a + b, 0);
    for (let month = first; month <= 12; month++) {
      const start = day(year, month, 1);
      months.push({ start, days: day(year, month + 1, 1) - start, count: (yearTotals[year]! * weights[month - first]!) / sum });
    }
  }
  // 1-15 January 2025, up to the day before the last census.
  months.push({ start: day(2025, 1, 1), days: SIMULATION_END - day(2025, 1, 1), count: 36 });
  return months;
}

export interface CeasedGroup {
  year: number;
  reason: number;
  count: number;
}

/** How many children of each kind there are, and how "new" children's first requests spread over months. */
export class PopulationLayout {
  readonly newMonthStarts: Day[] = [];
  readonly newMonthDays: number[] = [];
  /** Cumulative first-request counts per month (exclusive upper bounds of serial ranges). */
  readonly newMonthEnds: number[] = [];
  readonly newCount: number;
  survivorsByAge: number[] = [];
  survivorAgeEnds: number[] = [];
  ceasedGroups: CeasedGroup[] = [];
  ceasedGroupEnds: number[] = [];

  constructor(
    readonly seed: number,
    readonly scale: number,
  ) {
    let total = 0;
    let carried = 0;
    for (const month of monthlyFirstRequests()) {
      const exact = month.count * scale + carried;
      const count = Math.round(exact);
      carried = exact - count;
      total += count;
      this.newMonthStarts.push(month.start);
      this.newMonthDays.push(month.days);
      this.newMonthEnds.push(total);
    }
    this.newCount = total;
  }

  setLegacy(survivorsByAge: number[], ceasedGroups: CeasedGroup[]): void {
    this.survivorsByAge = survivorsByAge;
    this.survivorAgeEnds = cumulative(survivorsByAge);
    this.ceasedGroups = ceasedGroups;
    this.ceasedGroupEnds = cumulative(ceasedGroups.map((group) => group.count));
  }

  get survivorCount(): number {
    return this.survivorAgeEnds[this.survivorAgeEnds.length - 1] ?? 0;
  }

  get ceasedCount(): number {
    return this.ceasedGroupEnds[this.ceasedGroupEnds.length - 1] ?? 0;
  }

  /** Serials: "new" children first (so their histories never depend on the legacy counts), then survivors, then ceased. */
  get personCount(): number {
    return this.survivorCount + this.ceasedCount + this.newCount;
  }
}

function cumulative(counts: readonly number[]): number[] {
  let total = 0;
  return counts.map((count) => (total += count));
}

/** Index of the bin whose cumulative end is the first above `index`. */
function binOf(ends: readonly number[], index: number): number {
  let low = 0;
  let high = ends.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ends[middle]! > index) high = middle;
    else low = middle + 1;
  }
  return low;
}

export function makePerson(layout: PopulationLayout, serial: number): PersonTruth {
  const rng = new Rng(mixSeed(layout.seed, serial));
  if (serial < layout.newCount) return makeNewChild(layout, serial, rng);
  if (serial < layout.newCount + layout.survivorCount) return makeSurvivor(layout, serial, rng);
  return makeCeased(layout, serial, rng);
}

// ---------------------------------------------------------------------------------------------
// Children of the request flow (July 2021 onwards)

/** Share of children refused an assessment who ask again later. */
const SECOND_REQUEST_CHANCE = 0.12;

function makeNewChild(layout: PopulationLayout, serial: number, rng: Rng): PersonTruth {
  const month = binOf(layout.newMonthEnds, serial);
  const received = layout.newMonthStarts[month]! + Math.floor(rng.next() * layout.newMonthDays[month]!);
  const ageTable = REQUEST_AGES[yearOf(received) >= 2024 ? 2024 : 2023];
  const ageAtRequest = rng.weighted(ageTable);
  const birth = received - Math.floor((ageAtRequest + rng.next()) * 365.25);
  const person = basePerson(serial, "new", birth, rng, ageAtRequest >= 16);
  const first = simulateRequest(rng, `${serial}-1`, received, birth, false);
  person.requests.push(first);
  if (first.outcome !== "A" && rng.chance(SECOND_REQUEST_CHANCE)) {
    const again = first.outcomeDate + rng.int(120, 540);
    if (again < SIMULATION_END) person.requests.push(simulateRequest(rng, `${serial}-2`, again, birth, true));
  }
  return person;
}

/** Decision not to assess, by year received (DfE: 2023 117 of 810 decisions; 2024 163 of 759). */
function notAssessChance(received: Day): number {
  const year = yearOf(received);
  if (year <= 2022) return 0.15;
  if (year === 2023) return 0.14;
  return 0.21;
}

/** Share of decisions made within 6 weeks (DfE: 73.5% in 2023, 70.5% in 2024); the rest take up to ~5 months. */
function decisionDelay(rng: Rng, received: Day): number {
  const within = received < day(2024, 1, 1) ? 0.77 : 0.74;
  const delay = rng.chance(within) ? rng.int(14, 42) : 43 + Math.floor(110 * rng.next() ** 2);
  // Requests arriving from mid-November wait out the Christmas break.
  const { month, day: dayOfMonth } = parts(received);
  return month === 12 || (month === 11 && dayOfMonth >= 15) ? delay + 10 : delay;
}

/**
 * Share of plans issued within 20 weeks, beyond a year, and how late the rest come (a higher `skew`
 * issues them sooner after week 20), by when the request came in: the 2023 surge spilled into 2024.
 */
function timelinessProfile(received: Day): { within: number; overYear: number; skew: number } {
  if (received < day(2022, 1, 1)) return { within: 0.5, overYear: 0.03, skew: 1.6 };
  if (received < day(2022, 7, 1)) return { within: 0.32, overYear: 0.06, skew: 1.0 };
  if (received < day(2023, 1, 1)) return { within: 0.28, overYear: 0.04, skew: 1.0 };
  if (received < day(2024, 1, 1)) return { within: 0.44, overYear: 0.035, skew: 1.0 };
  return { within: 0.47, overYear: 0.03, skew: 2.2 };
}

/** Days from request to final plan: within 20 weeks, between 20 weeks and a year, or over a year. */
function planDuration(rng: Rng, received: Day): number {
  const { within, overYear, skew } = timelinessProfile(received);
  const band = rng.next();
  if (band < within) return 84 + Math.floor(57 * rng.next());
  if (band < 1 - overYear) return 141 + Math.floor(223 * rng.next() ** skew);
  return 365 + Math.floor(180 * rng.next());
}

function simulateRequest(rng: Rng, key: string, received: Day, birth: Day, repeat: boolean): RequestTruth {
  const age = ageOn(birth, received);
  const delay = decisionDelay(rng, received);
  let notAssess = notAssessChance(received) * (repeat ? 0.6 : 1);
  if (age >= 16) notAssess = Math.min(0.7, notAssess * 2.5);
  const roll = rng.next();
  const outcome: RequestOutcome = roll < 0.0015 ? "W" : roll < 0.0015 + notAssess ? "N" : "A";
  const request: RequestTruth = {
    key,
    received,
    source: ["P", "P", "P", "P", "P", "S", "S", "S", "H", "Y", "O"][rng.int(0, 10)]!,
    youthCustody: age >= 10 && age <= 17 && rng.chance(0.004),
    exported: false,
    outcome,
    outcomeDate: received + delay,
    // Mediation mostly follows a refusal (DfE 2024: 70 mediations on ~760 decisions).
    mediation: outcome === "N" ? rng.chance(0.29) : outcome === "A" ? rng.chance(0.035) : false,
    tribunal: outcome === "N" ? rng.chance(0.006) : false,
  };
  if (outcome === "W") request.exported = rng.chance(0.5);
  if (outcome === "A") request.assessment = simulateAssessment(rng, request, birth);
  return request;
}

function simulateAssessment(rng: Rng, request: RequestTruth, birth: Day): AssessmentTruth {
  const decided = request.outcomeDate;
  const roll = rng.next();
  const outcome: AssessmentOutcome = roll < 0.965 ? "Y" : roll < 0.985 ? "N" : roll < 0.996 ? "W" : "S";
  const week20Exception = rng.chance(request.received >= day(2024, 1, 1) ? 0.04 : 0.02);
  const assessment: AssessmentTruth = {
    outcome,
    date: decided,
    week20Exception,
    mediation: rng.chance(0.013),
    tribunal: false,
    otherMediation: false,
    otherTribunal: false,
  };
  if (outcome === "N") {
    assessment.date = decided + rng.int(50, 110);
    assessment.tribunal = rng.chance(0.25);
    return assessment;
  }
  if (outcome === "W") {
    assessment.date = decided + rng.int(14, 150);
    request.exported = rng.chance(0.4);
    return assessment;
  }
  const duration = Math.max(planDuration(rng, request.received), decided - request.received + 35);
  const start = request.received + duration;
  assessment.date = Math.max(decided + 21, start - rng.int(7, 35));
  assessment.tribunal = rng.chance(0.004);
  assessment.otherMediation = rng.chance(0.012);
  assessment.otherTribunal = rng.chance(0.014);
  // Only plans finished after another LA's assessment (outcome S) say which LA they came from.
  assessment.plan = simulatePlan(rng, start, birth, outcome === "S");
  return assessment;
}

const OTHER_LA_CODES = ["894", "885", "860", "884", "330", "896", "895", "336", "937", "354", "926", "873"];

/** A plan from `start`: flags, annual reviews and (for "new" plans) a chance of ceasing early. */
function simulatePlan(rng: Rng, start: Day, birth: Day, transferredIn: boolean): PlanTruth {
  const ageAtStart = ageOn(birth, start);
  const plan: PlanTruth = {
    start,
    residential: rng.chance(0.02),
    workBased: ageAtStart >= 16 && rng.chance(0.08),
    personalBudget: rng.chance(0.03),
    organisedArrangements: false,
    directPayments: false,
    reviews: [],
  };
  if (plan.personalBudget) {
    plan.organisedArrangements = rng.chance(0.3);
    plan.directPayments = rng.chance(0.5);
  }
  if (transferredIn) plan.transferInFrom = rng.pick(OTHER_LA_CODES);
  // Early ceases of new plans: mostly moves to another LA while young, needs met or disengagement when older.
  const yearlyRate = ageAtStart >= 16 ? 0.12 : 0.03;
  const cease = start + Math.max(60, Math.floor((-Math.log(1 - rng.next()) / yearlyRate) * 365));
  const maxAgeEnd = addYears(birth, MAX_AGE + 1) - 1;
  const reasonRoll = rng.next();
  if (maxAgeEnd < cease && maxAgeEnd < SIMULATION_END + 366) {
    plan.cease = maxAgeEnd;
    plan.ceaseReason = 1;
  } else if (cease < SIMULATION_END + 366) {
    plan.cease = cease;
    plan.ceaseReason = ageOn(birth, cease) < 16 ? youngCeaseReason(reasonRoll) : olderCeaseReason(reasonRoll);
  }
  addReviews(rng, plan);
  return plan;
}

function youngCeaseReason(roll: number): number {
  if (roll < 0.8) return 5;
  if (roll < 0.86) return 7;
  if (roll < 0.9) return 2;
  if (roll < 0.92) return 8;
  return 9;
}

function olderCeaseReason(roll: number): number {
  if (roll < 0.3) return 2;
  if (roll < 0.65) return 6;
  if (roll < 0.75) return 4;
  if (roll < 0.8) return 3;
  if (roll < 0.95) return 5;
  return 9;
}

/** Annual reviews: a meeting near each anniversary (one in ten missed), the decision often weeks later. */
function addReviews(rng: Rng, plan: PlanTruth): void {
  const last = Math.min(plan.cease ?? Infinity, SIMULATION_END + 1);
  for (let year = 1; year <= 12; year++) {
    const meeting = plan.start + 365 * year - rng.int(0, 45);
    const missed = rng.chance(0.1);
    // Shropshire made 7.6% of 2024 review decisions within 4 weeks of the meeting.
    const decision = meeting + (rng.chance(0.1) ? rng.int(5, 28) : rng.int(29, 110));
    if (decision >= last) break;
    if (!missed) plan.reviews.push(decision);
  }
}

// ---------------------------------------------------------------------------------------------
// Plans started before 2022

const YEARS_IN_PLACE = Object.entries(YEARS_IN_PLACE_2025).map(([years, count]) => ({ years: Number(years), count }));

function makeSurvivor(layout: PopulationLayout, serial: number, rng: Rng): PersonTruth {
  const age = binOf(layout.survivorAgeEnds, serial - layout.newCount);
  const census = SIMULATION_END;
  // A plan started before 2022 needs a child born by the end of 2020 (plans start at age 1 or later).
  const birth = Math.min(census - Math.floor((age + rng.next()) * 365.25), LATEST_LEGACY_START - 366);
  // Years in place as published for January 2025, limited to what the child's age allows.
  const feasible = YEARS_IN_PLACE.filter((entry) => entry.years <= age - 1);
  const years = feasible.length > 0 ? feasible[rng.weighted(feasible.map((entry) => entry.count))]!.years : 3;
  const earliest = Math.max(EARLIEST_LEGACY_START, addYears(birth, 1));
  const start = clamp(census - Math.floor((years + rng.next()) * 365.25), earliest, LATEST_LEGACY_START);
  const person = basePerson(serial, "survivor", birth, rng, false);
  person.requests.push(legacyRequest(rng, serial, start, birth, undefined));
  return person;
}

/** Ages at which plans cease, by reason (shaped on DfE's 2023-2024 "age plan ceased"). */
function ceaseAge(rng: Rng, reason: number): number {
  switch (reason) {
    case 1: return 25;
    case 2: return rng.chance(0.2) ? rng.int(6, 15) : rng.weighted([4, 2, 3, 14, 10, 9, 8, 6, 5]) + 16;
    case 3: return rng.int(18, 21);
    case 4: return rng.int(17, 24);
    case 5: return rng.int(3, 18);
    case 6: return rng.weighted([2, 6, 12, 28, 12, 10, 8, 5, 4]) + 16;
    case 7: return rng.int(5, 14);
    default: return rng.int(6, 20);
  }
}

function makeCeased(layout: PopulationLayout, serial: number, rng: Rng): PersonTruth {
  const groupIndex = binOf(layout.ceasedGroupEnds, serial - layout.newCount - layout.survivorCount);
  const group = layout.ceasedGroups[groupIndex]!;
  const yearStart = day(group.year, 1, 1);
  const yearEnd = group.year === 2025 ? SIMULATION_END - 1 : day(group.year, 12, 31);
  const cease = yearStart + Math.floor(rng.next() * (yearEnd - yearStart + 1));
  const age = ceaseAge(rng, group.reason);
  let birth = cease - Math.floor((age + rng.next()) * 365.25);
  // Maximum age: the plan ends in the year after the 25th birthday.
  if (group.reason === 1) birth = addYears(cease + 1, -(MAX_AGE + 1)) + rng.int(0, 200);
  const latest = Math.min(LATEST_LEGACY_START, cease - 60);
  // A plan started before 2022 needs a child at least a year old by then: young leavers are made a little older.
  if (addYears(birth, 1) > latest) birth = latest - 366 - rng.int(30, 400);
  const earliest = Math.max(EARLIEST_LEGACY_START, addYears(birth, 1), cease - 11 * 365);
  const start = earliest <= latest ? earliest + Math.floor(rng.next() * (latest - earliest + 1)) : latest;
  const person = basePerson(serial, "ceased", birth, rng, false);
  person.requests.push(legacyRequest(rng, serial, start, birth, { date: cease, reason: group.reason }));
  return person;
}

/** The request, decision and assessment behind a plan that started before the simulated request flow. */
function legacyRequest(rng: Rng, serial: number, start: Day, birth: Day, cease: { date: Day; reason: number } | undefined): RequestTruth {
  const received = start - rng.int(100, 300);
  const outcomeDate = received + rng.int(20, 70);
  const plan: PlanTruth = {
    start,
    residential: rng.chance(0.025),
    workBased: ageOn(birth, SIMULATION_END) >= 17 && rng.chance(0.05),
    personalBudget: rng.chance(0.03),
    organisedArrangements: false,
    directPayments: false,
    reviews: [],
  };
  if (plan.personalBudget) plan.directPayments = rng.chance(0.5);
  if (cease) {
    plan.cease = cease.date;
    plan.ceaseReason = cease.reason;
  }
  addReviews(rng, plan);
  return {
    key: `${serial}-1`,
    received,
    source: rng.chance(0.6) ? "P" : "S",
    youthCustody: false,
    exported: false,
    outcome: "A",
    outcomeDate,
    mediation: false,
    tribunal: false,
    assessment: {
      outcome: "Y",
      date: Math.max(outcomeDate + 21, start - rng.int(7, 30)),
      week20Exception: false,
      mediation: false,
      tribunal: false,
      otherMediation: false,
      otherTribunal: false,
      plan,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Who the child is (obviously fake)

const FORENAMES = [
  "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett", "Kilo", "Lima", "Mike",
  "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango", "Uniform", "Victor", "Whiskey", "Xray", "Yankee", "Zulu",
];
const SURNAME_WORDS = [
  "Ash", "Birch", "Cedar", "Damson", "Elder", "Fir", "Gorse", "Hazel", "Ivy", "Juniper", "Larch", "Maple", "Nettle", "Oak",
  "Pine", "Quince", "Rowan", "Sorrel", "Teasel", "Umber", "Vetch", "Willow", "Yew", "Basalt", "Chalk", "Flint", "Granite",
  "Marble", "Quartz", "Slate", "Amber", "Cobalt", "Indigo", "Saffron",
];
const ETHNICITY_CODES = Object.keys(ETHNICITY_WEIGHTS);
const ETHNICITY_VALUES = Object.values(ETHNICITY_WEIGHTS);
const POSTCODE_LETTERS = [..."ABDEFGHJLNPQRSTUWXYZ"];

function basePerson(serial: number, kind: PersonTruth["kind"], birth: Day, rng: Rng, post16AtRequest: boolean): PersonTruth {
  const noUpn = post16AtRequest && rng.chance(0.4);
  return {
    serial,
    kind,
    forename: rng.pick(FORENAMES),
    surname: `Demo-${rng.pick(SURNAME_WORDS)}`,
    birth,
    sex: rng.chance(MALE_SHARE) ? "M" : "F",
    ethnicity: ETHNICITY_CODES[rng.weighted(ETHNICITY_VALUES)]!,
    postcode: `ZZ99 ${rng.int(0, 9)}${rng.pick(POSTCODE_LETTERS)}${rng.pick(POSTCODE_LETTERS)}`,
    upn: noUpn ? "" : fakeUpn(serial, birth),
    // Unique learner numbers are shown from age 14 (see the export view); fake ones start 99.
    uln: noUpn || rng.chance(0.7) ? `99${String(serial).padStart(8, "0")}` : "",
    ...spreadRolls(serial),
    secondNeedRoll: rng.chance(0.35) ? rng.next() : null,
    downSyndrome: rng.chance(0.012),
    requests: [],
  };
}

/**
 * The placement position and need roll come from a low-discrepancy (R2) sequence over serials, not the
 * generator: children with neighbouring serials (e.g. the survivors of one age) then spread evenly over
 * [0, 1)^2, so placement and need mixes land on their published shares instead of wandering by chance.
 */
function spreadRolls(serial: number): { placementPosition: number; needRoll: number } {
  return { placementPosition: (0.5 + serial * 0.7548776662466927) % 1, needRoll: (0.5 + serial * 0.5698402909980532) % 1 };
}

/** 13 characters: check letter + LA 893 + 4-digit "establishment" + 2-digit year + 3-digit serial; unique by serial. */
export function fakeUpn(serial: number, birth: Day): string {
  const establishment = 1000 + Math.floor(serial / 1000);
  if (establishment > 9999) throw new Error("Too many children for unique demo UPNs");
  const year = String((yearOf(birth) + 5) % 100).padStart(2, "0");
  const body = `893${establishment}${year}${String(serial % 1000).padStart(3, "0")}`;
  return upnCheckLetter(body) + body;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/** The child's one plan (a child has at most one: a second request only follows a refusal). */
export function planOf(person: PersonTruth): { request: RequestTruth; plan: PlanTruth } | undefined {
  for (const request of person.requests) {
    const plan = request.assessment?.plan;
    if (plan) return { request, plan };
  }
  return undefined;
}

export function isActiveAt(plan: PlanTruth, at: Day): boolean {
  return plan.start <= at && (plan.cease === undefined || plan.cease > at);
}
