// The KPI registry: every implemented catalogue KPI, keyed by its catalogue id. Adding a KPI = adding an entry.

import { EHCP_KPIS } from "./ehcp.js";
import { EDUCATION_KPIS } from "./education.js";
import { PLACEMENT_KPIS } from "./placements.js";
import { POST16_KPIS } from "./post16.js";
import type { KpiEntry } from "./types.js";
import { LOCAL_SOURCES, type LocalSource } from "../model/placements.js";

export const KPIS: readonly KpiEntry[] = [...EHCP_KPIS, ...EDUCATION_KPIS, ...PLACEMENT_KPIS, ...POST16_KPIS];

/**
 * The entries for one run: a KPI whose required local extract was not read is marked unavailable, so
 * every period shows x and the data-quality page says which file is missing.
 */
export function withAvailability(entries: readonly KpiEntry[], loaded: readonly LocalSource[]): KpiEntry[] {
  return entries.map((entry) => {
    const missing = (entry.requires ?? []).filter((source) => !loaded.includes(source));
    return missing.length === 0 ? entry : { ...entry, unavailable: `no ${missing.map((source) => LOCAL_SOURCES[source]).join(" or ")} extract was read` };
  });
}

export const KPI_BY_ID: ReadonlyMap<string, KpiEntry> = new Map(KPIS.map((entry) => [entry.id, entry]));

export function kpi(id: string): KpiEntry {
  const entry = KPI_BY_ID.get(id);
  if (!entry) throw new Error(`Unknown KPI '${id}'. Known: ${[...KPI_BY_ID.keys()].join(", ")}`);
  return entry;
}

export function measureUnit(entry: KpiEntry, measureId: string): "count" | "pct" | "rate" | "days" {
  const measure = entry.measures.find((m) => m.id === measureId);
  if (!measure) throw new Error(`KPI ${entry.id} has no measure '${measureId}'`);
  return measure.kind === "count" ? "count" : measure.unit;
}
