// Which periods (months, or school terms) each KPI can be computed for, from the extracts' reach: shown on
// the data-quality page.

import { periodStatus, type Period } from "../kpis/periods.js";
import type { KpiEntry } from "../kpis/types.js";

export interface KpiCoverage {
  kpi: string;
  grain: "snapshot" | "flow";
  /** "month" or "term": what the counts below count. */
  unit: "month" | "term";
  first: string | null;
  last: string | null;
  complete: number;
  partial: string[];
  unavailable: string[];
}

export function kpiCoverage(entries: readonly KpiEntry[], periods: readonly Period[]): KpiCoverage[] {
  return entries.map((entry) => {
    const type = entry.calendar === "termly" ? "term" : "month";
    const status = periods.filter((period) => period.period_type === type).map((period) => ({ period: period.period, status: periodStatus(period, entry) }));
    const available = status.filter((s) => s.status !== "none").map((s) => s.period);
    return {
      kpi: entry.id,
      grain: entry.grain,
      unit: type,
      first: available[0] ?? null,
      last: available.at(-1) ?? null,
      complete: status.filter((s) => s.status === "complete").length,
      partial: status.filter((s) => s.status === "partial").map((s) => s.period),
      unavailable: status.filter((s) => s.status === "none").map((s) => s.period),
    };
  });
}
