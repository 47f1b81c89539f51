// The case-tracking rehearsal: a reproducible sample of 6 children and young people plus 6 back-ups,
// spread across age bands, primary needs, settings and EHC plan / SEN support, including someone in
// alternative provision where the lists have one; each pick says why it was chosen. Seeded: the same
// lists and seed give the same sample; another seed draws again.

import { parseCsv, normaliseHeader } from "../sources/csv.js";
import { DataError } from "../sources/problems.js";
import { ageOn } from "../sources/values.js";
import type { BuiltLists, ListRow } from "./build-lists.js";

export interface SampleCase {
  role: "case" | "back-up";
  order: number;
  unique_id: string;
  list: 1 | 2;
  provision: "EHC plan" | "SEN support";
  age: number | null;
  age_band: string;
  primary_need: string;
  setting: string;
  alternative_provision: boolean;
  reasons: string;
}

const AGE_BANDS: [number, string][] = [[5, "Under 5"], [11, "5-10"], [16, "11-15"], [20, "16-19"], [26, "20-25"]];

/** Small, fast, seedable PRNG (mulberry32): the same seed, the same draw, in Node and the browser. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function describe(row: ListRow, list: 1 | 2, listDate: string): Omit<SampleCase, "role" | "order" | "reasons"> {
  const birth = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(row.birth_date ?? "");
  const age = birth ? ageOn(`${birth[3]}-${birth[2]}-${birth[1]}`, listDate) : null;
  const ap = row.main_phase === "PRU/AP" || row.subsidiary_phase === "PRU/AP";
  return {
    unique_id: row.unique_id!,
    list,
    provision: list === 1 ? "EHC plan" : "SEN support",
    age,
    age_band: age === null ? "Unknown" : (AGE_BANDS.find(([limit]) => age < limit)?.[1] ?? "26+"),
    primary_need: row.primary_need || "Not recorded",
    setting: row.ehe === "Yes" ? "Elective home education" : row.main_phase || (row.main_urn ? "Other setting" : "No setting recorded"),
    alternative_provision: ap,
  };
}

const FACETS = ["provision", "age_band", "primary_need", "setting"] as const;
const FACET_WORDS: Record<(typeof FACETS)[number], string> = { provision: "", age_band: "age band", primary_need: "primary need", setting: "setting" };

/**
 * Greedy spread: each pick adds the most facet values (provision, age band, need, setting) not yet
 * covered, ties broken by the seeded shuffle. Alternative provision first where there is any, and both
 * EHC plan and SEN support among the cases where both lists have rows. Back-ups are drawn the same way,
 * afresh, from those left.
 */
export function drawCaseSample(lists: BuiltLists, options: { seed: number; cases?: number; backups?: number }): SampleCase[] {
  const wanted = { cases: options.cases ?? 6, backups: options.backups ?? 6 };
  const next = random(options.seed);
  const pool = [...lists.list1.map((row) => describe(row, 1, lists.listDate)), ...lists.list2.map((row) => describe(row, 2, lists.listDate))]
    .filter((candidate) => candidate.unique_id !== "")
    .map((candidate) => ({ candidate, key: next() }))
    .sort((a, b) => a.key - b.key)
    .map(({ candidate }) => candidate);
  const chosen: SampleCase[] = [];
  const draw = (role: SampleCase["role"], count: number) => {
    const covered = FACETS.map(() => new Set<string>());
    let hasAp = false;
    for (let n = 0; n < count && pool.length > 0; n++) {
      const gain = (c: (typeof pool)[number]) => FACETS.filter((facet, i) => !covered[i]!.has(c[facet])).length;
      let index = -1;
      let why: string[] = [];
      if (!hasAp) index = pool.findIndex((c) => c.alternative_provision);
      if (index >= 0) why.push("in alternative provision");
      else {
        const provisions = new Set(pool.map((c) => c.provision));
        const missing = [...provisions].find((p) => !covered[0]!.has(p));
        const needProvision = missing && n >= count - provisions.size + covered[0]!.size ? missing : undefined;
        let best = -1;
        pool.forEach((c, i) => {
          if (needProvision && c.provision !== needProvision) return;
          const score = gain(c);
          if (score > best) { best = score; index = i; }
        });
        if (needProvision) why.push(`the first on ${needProvision}`);
      }
      const [pick] = pool.splice(index, 1);
      hasAp ||= pick!.alternative_provision;
      const added = FACETS.filter((facet, i) => !covered[i]!.has(pick![facet]) && facet !== "provision").map((facet) => `${FACET_WORDS[facet]} ${pick![facet]}`);
      if (!covered[0]!.has(pick!.provision)) why.unshift(`adds ${pick!.provision}`);
      if (added.length > 0) why.push(`adds ${added.join(", ")}`);
      if (why.length === 0) why = ["drawn at random among those adding nothing new"];
      FACETS.forEach((facet, i) => covered[i]!.add(pick![facet]));
      chosen.push({ ...pick!, role, order: chosen.length + 1, reasons: why.join("; ") });
    }
  };
  draw("case", wanted.cases);
  draw("back-up", wanted.backups);
  return chosen;
}

export interface ChecklistItem {
  area: string;
  item: string;
  lead: string;
  /** "all", "EHC plan", "SEN support" or "age 14+". */
  appliesTo: string;
}

export function readChecklist(text: string, fileName: string): ChecklistItem[] {
  const records: string[][] = [];
  parseCsv(text, (record) => records.push(record.fields));
  const header = (records[0] ?? []).map(normaliseHeader);
  const at = (name: string) => header.indexOf(name);
  if (["area", "item", "lead", "applies_to"].some((name) => at(name) < 0)) throw new DataError(`${fileName}: expected columns area,item,lead,applies_to`);
  return records.slice(1).filter((r) => r.some((f) => f.trim())).map((r) => ({ area: r[at("area")]!.trim(), item: r[at("item")]!.trim(), lead: r[at("lead")]!.trim(), appliesTo: r[at("applies_to")]!.trim() }));
}

/** The checklist for each sampled case: the items that apply to it, with who leads on each. */
export function caseChecklist(sample: readonly SampleCase[], items: readonly ChecklistItem[]) {
  return sample.flatMap((c) => items
    .filter((item) => item.appliesTo === "all" || item.appliesTo === c.provision || (item.appliesTo === "age 14+" && c.age !== null && c.age >= 14))
    .map((item) => ({ order: c.order, role: c.role, unique_id: c.unique_id, area: item.area, item: item.item, lead: item.lead, status: "" })));
}
