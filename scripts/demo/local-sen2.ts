// What the three SEN2 exports say about each child with a plan, gathered for the local extracts: the
// rank-1 placement spells (merged across the exports, so a spell shown as current in one return and as
// left in the next is one spell with both dates), the category at each reference date, and the child's
// SEN status on any day as the exports and the school census show it. The registers, placement
// decisions and post-16 activity are built from these, so they agree with SEN2 by construction.

import { EXPORT_YEARS, REFERENCE_DATES, type PlacementCategory } from "./calibration.js";
import type { Day } from "./dates.js";
import { requestIncluded } from "./exports.js";
import { settingKey, type PlacementHistory, type Setting } from "./placements.js";
import { isActiveAt, makePerson, planOf, type PersonTruth, type PlanTruth, type PopulationLayout, type RequestTruth } from "./population.js";
import { hashUnit } from "./random.js";

export interface Sen2Spell {
  setting: Setting;
  category: PlacementCategory;
  entry: Day;
  /** Blank (undefined) while the newest export that shows the spell has no leaving date. */
  leaving?: Day;
}

export interface Sen2Child {
  person: PersonTruth;
  request: RequestTruth;
  plan: PlanTruth;
  /** Rank-1 placement spells, in entry order. */
  spells: Sen2Spell[];
  /** The current (rank-1) category at each reference date while the plan is active there; undefined otherwise. */
  atReference: (PlacementCategory | undefined)[];
  /**
   * Whether an export shows the plan ceased. A plan that ceased between 1 January and the newest reference
   * date is in no return yet (the January 2025 return covers plans ceased in 2024), so to a reader of the
   * exports it is still active.
   */
  ceaseShown: boolean;
}

export type SenStatus = "E" | "K" | "N";

/**
 * Every child with a plan that any export shows. Children are visited in serial order, so lists built
 * from them are in a fixed order.
 */
export function sen2Children(layout: PopulationLayout, history: PlacementHistory): Sen2Child[] {
  const children: Sen2Child[] = [];
  for (let serial = 0; serial < layout.personCount; serial++) {
    const person = makePerson(layout, serial);
    const found = planOf(person);
    if (!found) continue;
    const { request, plan } = found;
    const bySetting = new Map<string, Sen2Spell>();
    const atReference: (PlacementCategory | undefined)[] = REFERENCE_DATES.map(() => undefined);
    let shown = false;
    let ceaseShown = false;
    REFERENCE_DATES.forEach((reference, k) => {
      if (plan.start > reference || !requestIncluded(request, reference, EXPORT_YEARS[k]!)) return;
      shown = true;
      if (plan.cease !== undefined && plan.cease <= reference) ceaseShown = true;
      const { rows, current } = history.rows(person, plan, k);
      if (isActiveAt(plan, reference)) atReference[k] = current.setting.category;
      for (const row of rows) {
        if (row.rank !== 1) continue;
        const key = `${settingKey(row.setting)}@${row.entry}`;
        const known = bySetting.get(key);
        if (known) known.leaving = row.leaving ?? known.leaving;
        else bySetting.set(key, { setting: row.setting, category: row.setting.category, entry: row.entry, leaving: row.leaving });
      }
    });
    if (!shown) continue;
    children.push({ person, request, plan, spells: mergeSpells([...bySetting.values()]), atReference, ceaseShown });
  }
  return children;
}

/** One spell per unbroken stay: the same setting shown with overlapping dates in two exports is one spell. */
function mergeSpells(spells: Sen2Spell[]): Sen2Spell[] {
  spells.sort((a, b) => a.entry - b.entry);
  const merged: Sen2Spell[] = [];
  for (const spell of spells) {
    const last = merged[merged.length - 1];
    if (last && settingKey(last.setting) === settingKey(spell.setting) && spell.entry <= (last.leaving ?? Infinity) + 1) {
      if (last.leaving !== undefined) last.leaving = spell.leaving === undefined ? undefined : Math.max(last.leaving, spell.leaving);
      continue;
    }
    merged.push({ ...spell });
  }
  return merged;
}

/** The spell after `spell` (the next setting attended), if any. */
export function nextSpell(child: Sen2Child, spell: Sen2Spell): Sen2Spell | undefined {
  const index = child.spells.indexOf(spell);
  return child.spells.slice(index + 1).find((s) => s.entry > spell.entry);
}

/**
 * The child's SEN status on a day, as SEN2 and the school census show it: E while the plan is active;
 * before it (and after a refusal) SEN support from some months before the first request, none before;
 * after a plan ceased because needs were met (or another reason) SEN support or none. These are the
 * rules of sen2-pupils.ts (the same salts), so a status here is the one that child has in the census.
 */
export function sen2Status(seed: number, child: Pick<Sen2Child, "person"> & { plan?: PlanTruth }, on: Day): SenStatus | undefined {
  const { person, plan } = child;
  const u = (salt: number) => hashUnit(seed, person.serial, salt);
  if (plan && isActiveAt(plan, on)) return "E";
  if (plan && plan.cease !== undefined && plan.cease <= on) {
    if (plan.ceaseReason !== 2 && plan.ceaseReason !== 9) return undefined; // moved away, left education, ...
    return u(303) < (plan.ceaseReason === 2 ? 0.6 : 0.5) ? "K" : "N";
  }
  const firstRequest = person.requests[0]!.received;
  const supportFrom = firstRequest - (u(301) < 0.85 ? Math.floor((0.5 + 2 * u(302)) * 365) : 30);
  return on < supportFrom ? "N" : "K";
}

/** Categories meaning a school or college roll (an establishment in the lookup). */
export function isEstablishment(spell: Sen2Spell): boolean {
  return spell.setting.establishment !== undefined;
}
