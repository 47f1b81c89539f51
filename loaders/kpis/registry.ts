// The KPI registry: every implemented catalogue KPI, keyed by its catalogue id. Adding a KPI = adding an entry.

import { EHCP_KPIS } from "./ehcp.js";
import { EDUCATION_KPIS } from "./education.js";
import type { KpiEntry } from "./types.js";

export const KPIS: readonly KpiEntry[] = [...EHCP_KPIS, ...EDUCATION_KPIS];

export const KPI_BY_ID: ReadonlyMap<string, KpiEntry> = new Map(KPIS.map((entry) => [entry.id, entry]));

export function kpi(id: string): KpiEntry {
  const entry = KPI_BY_ID.get(id);
  if (!entry) throw new Error(`Unknown KPI '${id}'. Known: ${[...KPI_BY_ID.keys()].join(", ")}`);
  return entry;
}

export function measureUnit(entry: KpiEntry, measureId: string): "count" | "pct" | "rate" {
  const measure = entry.measures.find((m) => m.id === measureId);
  if (!measure) throw new Error(`KPI ${entry.id} has no measure '${measureId}'`);
  return measure.kind === "count" ? "count" : measure.unit;
}
