// Where each child with a plan is placed at each census, and the placement rows an export shows.
//
// Each census has a probability table P(category | age), raked so its margins match the published
// placement totals for that January and the ages of the plans actually simulated. A child keeps one
// latent position in [0, 1) (PersonTruth.placementPosition), so from one January to the next they
// mostly stay put, and move when their age row changes (primary -> secondary -> college).

import {
  EXPORT_YEARS, MAX_AGE, NEED_BY_PLACEMENT, PLACEMENT_CATEGORIES, PLACEMENT_TOTALS, REFERENCE_DATES, SEN_NEEDS,
  placementSeedTable, type PlacementCategory, type SenNeed,
} from "./calibration.js";
import { academicYear, addYears, ageOn, day, parts, type Day } from "./dates.js";
import { EstablishmentIndex, type DemoEstablishment, type PoolKind, type Stage } from "./establishments.js";
import { isActiveAt, type PersonTruth, type PlanTruth } from "./population.js";
import { hashUnit } from "./random.js";

export class PlacementTables {
  /** [census][age] cumulative probabilities over PLACEMENT_CATEGORIES. */
  private readonly cumulative: Float64Array[][];

  /** `agesAtCensus[k][age]`: simulated plans active at census k by age. */
  constructor(agesAtCensus: readonly (readonly number[])[]) {
    this.cumulative = EXPORT_YEARS.map((year, k) => rakeTable(year, agesAtCensus[k]!));
  }

  category(census: number, age: number, position: number): PlacementCategory {
    const row = this.cumulative[census]![Math.min(Math.max(age, 0), MAX_AGE)]!;
    for (let index = 0; index < row.length; index++) if (position < row[index]!) return PLACEMENT_CATEGORIES[index]!;
    return PLACEMENT_CATEGORIES[PLACEMENT_CATEGORIES.length - 1]!;
  }
}

/** Iterative proportional fitting of the seed table to (simulated ages) x (published category totals). */
function rakeTable(year: number, ages: readonly number[]): Float64Array[] {
  const seed = placementSeedTable(year);
  const categories = PLACEMENT_CATEGORIES.length;
  const matrix = seed.map((row) => Float64Array.from(PLACEMENT_CATEGORIES, (category) => row[category] + (category === "UNK" ? 0.01 : 0)));
  const activeTotal = ages.reduce((a, b) => a + b, 0);
  const published = PLACEMENT_TOTALS[year]!;
  const publishedTotal = PLACEMENT_CATEGORIES.reduce((sum, category) => sum + published[category], 0);
  const columnTargets = PLACEMENT_CATEGORIES.map((category) => (published[category] / publishedTotal) * activeTotal);
  for (let iteration = 0; iteration < 200; iteration++) {
    for (let age = 0; age <= MAX_AGE; age++) {
      const row = matrix[age]!;
      const sum = row.reduce((a, b) => a + b, 0);
      const target = ages[age] ?? 0;
      if (sum > 0 && target > 0) for (let c = 0; c < categories; c++) row[c]! *= target / sum;
    }
    for (let c = 0; c < categories; c++) {
      let sum = 0;
      for (let age = 0; age <= MAX_AGE; age++) if ((ages[age] ?? 0) > 0) sum += matrix[age]![c]!;
      if (sum > 0) for (let age = 0; age <= MAX_AGE; age++) if ((ages[age] ?? 0) > 0) matrix[age]![c]! *= columnTargets[c]! / sum;
    }
  }
  return matrix.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    let running = 0;
    return Float64Array.from(row, (value) => (running += value / sum));
  });
}

// ---------------------------------------------------------------------------------------------
// Settings: what a placement row says

export interface Setting {
  category: PlacementCategory;
  establishment?: DemoEstablishment;
  senSetting?: string;
  senSettingOther?: string;
  resourcedProvision: boolean;
}

const POOL_OF: Partial<Record<PlacementCategory, PoolKind>> = {
  MS_LA: "MS_LA", MS_LA_RP: "MS_LA", MS_AC: "MS_AC", MS_AC_RP: "MS_AC", MS_FR: "MS_FR", MS_FR_RP: "MS_FR",
  MS_IND: "MS_IND", SP_LA: "SP_LA", SP_AC: "SP_AC", SP_IND: "SP_IND", SP_NM: "SP_NM", AP: "AP",
  FE_GFE: "FE_GFE", FE_SPI: "FE_SPI", FE_UKRLP: "FE_UKRLP",
};
const POOLS: readonly PoolKind[] = ["MS_LA", "MS_AC", "MS_FR", "MS_IND", "SP_LA", "SP_AC", "SP_IND", "SP_NM", "AP", "FE_GFE", "FE_SPI", "FE_UKRLP"];

/** Share of each kind of placement outside Shropshire (independent specialist places mostly are). */
const OUT_OF_AREA: Record<PoolKind, number> = {
  MS_LA: 0.03, MS_AC: 0.04, MS_FR: 0, MS_IND: 0.4, SP_LA: 0.12, SP_AC: 0.12, SP_IND: 0.7, SP_NM: 1, AP: 0.05,
  FE_GFE: 0.2, FE_SPI: 0.6, FE_UKRLP: 0.4,
};

const SEN_SETTING_OF: Partial<Record<PlacementCategory, string>> = {
  EHE: "EHE", OLA: "OLA", OPA: "OPA", WELSH: "OTH", OTH: "OTH", NEET: "NEET", NIEC: "NIEC", NIEO: "NIEO", EYP: "EYP",
};
const OTHER_SETTINGS = ["Hospital education service", "Online tuition package", "Secure children's home"];

const STAGES: readonly Stage[] = ["EY", "PRI", "SEC", "P16", "ANY"];

/** The September a child starts reception (England: born September-August of the same school year). */
function receptionYear(birth: Day): number {
  const { year, month } = parts(birth);
  return month >= 9 ? year + 5 : year + 4;
}

export function stageAt(birth: Day, on: Day): Stage {
  const nationalCurriculumYear = academicYear(on) - receptionYear(birth);
  if (nationalCurriculumYear < 0) return "EY";
  if (nationalCurriculumYear <= 6) return "PRI";
  if (nationalCurriculumYear <= 11) return "SEC";
  return "P16";
}

/** The first week of September in which the child started `stage`. */
function stageStart(birth: Day, stage: Stage, serial: number, seed: number): Day {
  const offset: Record<Stage, number> = { EY: -1, PRI: 0, SEC: 7, P16: 12, ANY: 0 };
  return day(receptionYear(birth) + offset[stage], 9, 2 + Math.floor(hashUnit(seed, serial, 11) * 5));
}

export class SettingChooser {
  private readonly index: EstablishmentIndex;

  constructor(
    establishments: readonly DemoEstablishment[],
    private readonly seed: number,
  ) {
    this.index = new EstablishmentIndex(establishments);
  }

  /** The setting for a category at a stage, stable for the child (same category and stage -> same school). */
  setting(person: PersonTruth, category: PlacementCategory, stage: Stage): Setting {
    const pool = POOL_OF[category];
    const resourcedProvision = category.endsWith("_RP");
    if (pool) {
      const poolIndex = POOLS.indexOf(pool);
      const inArea = hashUnit(this.seed, person.serial, 101, poolIndex) >= OUT_OF_AREA[pool];
      const candidates = this.index.candidates(pool, stage, inArea);
      const pick = Math.floor(hashUnit(this.seed, person.serial, 102, poolIndex, STAGES.indexOf(stage)) * candidates.length);
      return { category, establishment: candidates[pick]!, resourcedProvision };
    }
    const senSetting = SEN_SETTING_OF[category];
    if (category === "WELSH") return { category, senSetting, senSettingOther: "Welsh establishment (Powys)", resourcedProvision };
    if (category === "OTH") {
      const other = OTHER_SETTINGS[Math.floor(hashUnit(this.seed, person.serial, 103) * OTHER_SETTINGS.length)]!;
      return { category, senSetting, senSettingOther: other, resourcedProvision };
    }
    return { category, senSetting, resourcedProvision };
  }

  /** A second, part-time setting for a few children (dual registration): AP beside mainstream, mainstream beside special. */
  dualSetting(person: PersonTruth, main: Setting, stage: Stage): Setting | undefined {
    if (stage !== "PRI" && stage !== "SEC") return undefined;
    if (hashUnit(this.seed, person.serial, 104) >= 0.015) return undefined;
    if (main.category.startsWith("MS_")) return this.setting(person, "AP", stage);
    if (main.category.startsWith("SP_")) return this.setting(person, stage === "PRI" ? "MS_LA" : "MS_AC", stage);
    return undefined;
  }

  /** The setting named in a plan when the child's attendance is unknown: the local school for their stage. */
  namedFallback(person: PersonTruth, stage: Stage): Setting {
    return this.setting(person, stage === "P16" ? "FE_GFE" : stage === "EY" ? "MS_LA" : "MS_AC", stage);
  }

  stageStart(person: PersonTruth, stage: Stage): Day {
    return stageStart(person.birth, stage, person.serial, this.seed);
  }

  unit(...parts: number[]): number {
    return hashUnit(this.seed, ...parts);
  }
}

/** Whether a category means a school or college roll (entry at the start of a school year) rather than an arrangement. */
function isOnRoll(category: PlacementCategory): boolean {
  return POOL_OF[category] !== undefined;
}

export function settingKey(setting: Setting | undefined): string {
  if (!setting) return "";
  return `${setting.category}|${setting.establishment?.urn ?? ""}|${setting.establishment?.ukprn ?? ""}|${setting.senSetting ?? ""}|${setting.senSettingOther ?? ""}`;
}

/** What the child attended at one census. */
export interface Observation {
  census: number;
  on: Day;
  stage: Stage;
  setting: Setting;
}

export interface PlacementRow {
  setting: Setting;
  rank: number;
  entry: Day;
  leaving?: Day;
}

/** Cease reasons after which the child leaves the setting too (not "needs met" or "other", where they usually stay). */
const LEAVES_SETTING_ON_CEASE = new Set([1, 3, 4, 5, 6, 7, 8]);

export class PlacementHistory {
  constructor(
    private readonly tables: PlacementTables,
    private readonly chooser: SettingChooser,
  ) {}

  observe(person: PersonTruth, plan: PlanTruth, census: number): Observation | undefined {
    const on = REFERENCE_DATES[census]!;
    if (!isActiveAt(plan, on)) return undefined;
    return this.observeOn(person, census, on);
  }

  observeOn(person: PersonTruth, census: number, on: Day): Observation {
    const category = this.tables.category(census, ageOn(person.birth, on), person.placementPosition);
    const stage = stageAt(person.birth, on);
    return { census, on, stage, setting: this.chooser.setting(person, category, stage) };
  }

  /** The setting a plan names when the child's attendance is unknown. */
  fallbackSetting(person: PersonTruth, stage: Stage): Setting {
    return this.chooser.namedFallback(person, stage);
  }

  /** The category that anchors the child's primary need: where they are at the newest census (or when the plan ended). */
  anchorCategory(person: PersonTruth, plan: PlanTruth): PlacementCategory {
    const last = REFERENCE_DATES.length - 1;
    const on = plan.cease !== undefined && plan.cease <= REFERENCE_DATES[last]! ? plan.cease : REFERENCE_DATES[last]!;
    return this.tables.category(last, ageOn(person.birth, on), person.placementPosition);
  }

  /**
   * Placement rows for export `census`: the current setting(s) for an active plan, plus the setting
   * left since the previous census; for a plan ceased last year, the setting at the end of the plan.
   */
  rows(person: PersonTruth, plan: PlanTruth, census: number): { rows: PlacementRow[]; current: Observation } {
    const now = this.observe(person, plan, census);
    if (now) return { rows: this.rowsForCurrent(person, plan, census, now), current: now };
    // Ceased before this census.
    const previous = census > 0 ? this.observe(person, plan, census - 1) : undefined;
    const atEnd = previous ?? this.observeOn(person, Math.max(census - 1, 0), plan.cease!);
    const entry = previous ? this.entryDate(person, plan, census - 1, previous) : this.initialEntry(person, atEnd);
    const leaving = LEAVES_SETTING_ON_CEASE.has(plan.ceaseReason ?? 0) ? Math.max(plan.cease!, entry) : undefined;
    const rows: PlacementRow[] = [];
    if (atEnd.setting.category !== "UNK") rows.push({ setting: atEnd.setting, rank: 1, entry, leaving });
    return { rows, current: atEnd };
  }

  private rowsForCurrent(person: PersonTruth, plan: PlanTruth, census: number, now: Observation): PlacementRow[] {
    const rows: PlacementRow[] = [];
    const entry = this.entryDate(person, plan, census, now);
    const previous = census > 0 ? this.observe(person, plan, census - 1) : undefined;
    const moved = previous !== undefined && settingKey(previous.setting) !== settingKey(now.setting);
    if (moved && previous.setting.category !== "UNK") {
      const left = this.leavingDate(entry, now);
      rows.push({ setting: previous.setting, rank: 1, entry: Math.min(this.entryDate(person, plan, census - 1, previous), left), leaving: left });
    }
    if (now.setting.category !== "UNK" || this.chooser.unit(person.serial, 105, census) < 0.5) {
      // Half the unknown placements are a blank rank-1 row, half have no row at all.
      rows.push({ setting: now.setting, rank: 1, entry });
      const dual = this.chooser.dualSetting(person, now.setting, now.stage);
      if (dual) rows.push({ setting: dual, rank: 2, entry: Math.min(entry + 30, now.on) });
    }
    return rows;
  }

  /** When the child started the setting they are in at `census` (the start of an unbroken run of censuses there). */
  private entryDate(person: PersonTruth, plan: PlanTruth, census: number, now: Observation): Day {
    let first = census;
    while (first > 0) {
      const earlier = this.observe(person, plan, first - 1);
      if (!earlier || settingKey(earlier.setting) !== settingKey(now.setting)) break;
      first--;
    }
    const firstObservation = first === census ? now : this.observe(person, plan, first)!;
    const before = first > 0 ? this.observe(person, plan, first - 1) : undefined;
    if (!before) return this.initialEntry(person, firstObservation);
    // Moved between two censuses: at the start of the school year if the stage changed, else some time in between.
    if (before.stage !== firstObservation.stage && isOnRoll(firstObservation.setting.category)) {
      return Math.min(this.chooser.stageStart(person, firstObservation.stage), firstObservation.on);
    }
    const gap = firstObservation.on - before.on;
    return before.on + 20 + Math.floor(this.chooser.unit(person.serial, 106, first) * (gap - 40));
  }

  /** Entry when there is no earlier census to compare with. */
  private initialEntry(person: PersonTruth, observation: Observation): Day {
    const { on, stage, setting } = observation;
    if (isOnRoll(setting.category)) {
      const start = this.chooser.stageStart(person, stage);
      if (start <= on - 14) return start;
    }
    const back = 30 + Math.floor(this.chooser.unit(person.serial, 107, observation.census) * 300);
    return Math.min(on, Math.max(on - back, addYears(person.birth, 1)));
  }

  private leavingDate(entry: Day, now: Observation): Day {
    // A move at the start of a school year: the old setting was left at the end of July.
    const { year, month } = parts(entry);
    if (month === 9 && isOnRoll(now.setting.category)) return day(year, 7, 22);
    return entry - 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Needs

const NEED_TOTALS = SEN_NEEDS.map((_, index) => Object.values(NEED_BY_PLACEMENT).reduce((sum, row) => sum + row[index]!, 0));

function drawFrom(weights: readonly number[], roll: number): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let target = roll * total;
  for (let index = 0; index < weights.length; index++) {
    target -= weights[index]!;
    if (target < 0) return index;
  }
  return weights.length - 1;
}

/** Primary need follows where the child is placed (DfE's January 2025 needs by placement); rank 2 sometimes. */
export function needsOf(person: PersonTruth, anchor: PlacementCategory, census: number): SenNeed[] {
  const primaryIndex = drawFrom(NEED_BY_PLACEMENT[anchor], person.needRoll);
  const primary = SEN_NEEDS[primaryIndex]!;
  const needs: SenNeed[] = [primary];
  if (person.secondNeedRoll !== null) {
    const weights = NEED_TOTALS.map((weight, index) => (index === primaryIndex ? 0 : weight));
    needs.push(SEN_NEEDS[drawFrom(weights, person.secondNeedRoll)]!);
  }
  // Down syndrome became a SEN2 code in 2025: a handful of children recorded as SLD/MLD/PMLD before are DS now.
  const newestCensus = census === REFERENCE_DATES.length - 1;
  if (newestCensus && person.downSyndrome && (primary === "SLD" || primary === "MLD" || primary === "PMLD")) {
    return ["DS", primary];
  }
  return needs;
}
