// Which months each KPI can be computed for, from the exports' reach: shown on the data-quality page.

import { periodStatus, type Period } from "../kpis/periods.js";
import type { KpiEntry } from "../kpis/types.js";

export interface KpiCoverage {
  kpi: string;
  grain: "snapshot" | "flow";
  first: string | null;
  last: string | null;
  complete: number;
  partial: string[];
  unavailable: string[];
}

export function kpiCoverage(entries: readonly KpiEntry[], periods: readonly Period[]): KpiCoverage[] {
  const months = periods.filter((period) => period.period_type === "month");
  return entries.map((entry) => {
    const status = months.map((period) => ({ period: period.period, status: periodStatus(period, entry.grain) }));
    const available = status.filter((s) => s.status !== "none").map((s) => s.period);
    return {
      kpi: entry.id,
      grain: entry.grain,
      first: available[0] ?? null,
      last: available.at(-1) ?? null,
      complete: status.filter((s) => s.status === "complete").length,
      partial: status.filter((s) => s.status === "partial").map((s) => s.period),
      unavailable: status.filter((s) => s.status === "none").map((s) => s.period),
    };
  });
}
