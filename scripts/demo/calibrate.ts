// Calibration passes over the population before anything is written: how many legacy plans are
// needed, and the ages of the plans at each census (the margins of the placement tables).

import { AGES_2025, CEASED_BY_REASON, MAX_AGE, REFERENCE_DATES } from "./calibration.js";
import { ageOn, yearOf } from "./dates.js";
import { isActiveAt, makePerson, planOf, PopulationLayout, SIMULATION_END, type CeasedGroup } from "./population.js";
import { apportion } from "./random.js";

/**
 * The legacy plans (started before 2022) are whatever the request flow does not supply: enough
 * survivors per age to reach the January 2025 age profile, and enough ceases per year and reason to
 * reach the published cease counts.
 */
export function planLegacy(layout: PopulationLayout): void {
  const newActive = new Array<number>(MAX_AGE + 1).fill(0);
  const newCeased: Record<number, number[]> = { 2022: [], 2023: [], 2024: [], 2025: [] };
  for (const year of Object.keys(newCeased)) newCeased[Number(year)] = new Array<number>(10).fill(0);
  for (let serial = 0; serial < layout.newCount; serial++) {
    const person = makePerson(layout, serial);
    const plan = planOf(person)?.plan;
    if (!plan) continue;
    if (isActiveAt(plan, SIMULATION_END)) {
      const age = ageOn(person.birth, SIMULATION_END);
      if (age <= MAX_AGE) newActive[age]!++;
    }
    if (plan.cease !== undefined && plan.cease < SIMULATION_END) {
      const year = yearOf(plan.cease);
      if (newCeased[year]) newCeased[year]![plan.ceaseReason!]!++;
    }
  }
  // Plans from before 2022 belong to children aged 4+ in January 2025; younger ones all come from the request flow.
  const survivors = AGES_2025.map((count, age) => (age < 4 ? 0 : Math.max(0, Math.round(count * layout.scale) - newActive[age]!)));
  const groups: CeasedGroup[] = [];
  const targets: Record<number, readonly number[]> = {
    ...CEASED_BY_REASON,
    // 1-15 January 2025: a fortnight's worth of 2024's ceases.
    2025: CEASED_BY_REASON[2024]!.map((count) => (count * 15) / 366),
  };
  for (const year of [2022, 2023, 2024, 2025]) {
    const byReason = apportion(Math.round(targets[year]!.reduce((a, b) => a + b, 0) * layout.scale), [...targets[year]!]);
    byReason.forEach((count, index) => {
      const reason = index + 1;
      const needed = Math.max(0, count - newCeased[year]![reason]!);
      if (needed > 0) groups.push({ year, reason, count: needed });
    });
  }
  layout.setLegacy(survivors, groups);
}

/** Plans active at each census by age: the margins the placement tables are raked to. */
export function agesAtCensus(layout: PopulationLayout): number[][] {
  const ages = REFERENCE_DATES.map(() => new Array<number>(MAX_AGE + 1).fill(0));
  for (let serial = 0; serial < layout.personCount; serial++) {
    const person = makePerson(layout, serial);
    const plan = planOf(person)?.plan;
    if (!plan) continue;
    REFERENCE_DATES.forEach((date, k) => {
      if (isActiveAt(plan, date)) ages[k]![Math.min(Math.max(ageOn(person.birth, date), 0), MAX_AGE)]!++;
    });
  }
  return ages;
}

