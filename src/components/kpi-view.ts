// Turns cube rows into what a KPI's card, trend and breakdown show: the card's period, its value, the
// changes on last month and last year, and whether the current filters can be applied at all.

import { ALL, DIMENSIONS, type CubeRow, type Dimension, type Filters } from "./cube.js";
import { formatChange, formatValue, periodLabel, type Unit } from "./format.js";

export interface PeriodInfo {
  period: string;
  period_type: "month" | "year" | "census";
  snapshot_covered: boolean;
  flow_coverage: "complete" | "partial" | "none";
  snapshot_date: string;
}

export interface MeasureMeta {
  id: string;
  kind: "count" | "ratio";
  unit?: "pct" | "rate";
  label: string;
}

export interface KpiMeta {
  id: string;
  title: string;
  briefWording: string;
  definition: string;
  better: "higher" | "lower" | "context";
  breakdowns: Dimension[];
  comparator: string;
  source: string;
  grain: "snapshot" | "flow";
  measures: MeasureMeta[];
  notes?: string[];
  sql: string;
}

export const measureUnit = (measure: MeasureMeta): Unit => (measure.kind === "count" ? "count" : measure.unit!);

/** Filters this KPI cannot honour (it has no such breakdown). */
export function unsupportedFilters(kpi: KpiMeta, filters: Filters): Dimension[] {
  return DIMENSIONS.filter((dim) => filters[dim] !== ALL && !kpi.breakdowns.includes(dim));
}

/** The newest month whose figure is complete for this KPI: snapshots at the reference date, flows whole months. */
export function cardPeriod(kpi: KpiMeta, periods: readonly PeriodInfo[]): string | undefined {
  const months = periods.filter((p) => p.period_type === "month");
  const usable = months.filter((p) => (kpi.grain === "snapshot" ? p.snapshot_covered : p.flow_coverage === "complete"));
  return usable.at(-1)?.period;
}

export function monthsBefore(period: string, count: number): string {
  const [year, month] = period.split("-").map(Number) as [number, number];
  const index = year * 12 + month - 1 - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export interface Change {
  against: string;
  text: string;
  /** better | worse | same | neutral (no polarity) | none (not comparable) */
  direction: "better" | "worse" | "same" | "neutral" | "none";
}

export interface MeasureView {
  measure: MeasureMeta;
  unit: Unit;
  row: CubeRow | undefined;
  display: string;
}

export interface CardView {
  kpi: KpiMeta;
  period: string | undefined;
  unavailableBy: Dimension[];
  headline: MeasureView | undefined;
  others: MeasureView[];
  changes: Change[];
  /** Headline measure, monthly, for the sparkline and trend: gaps are null. */
  monthly: { period: string; value: number | null; symbol: string; coverage: string }[];
}

/** A row that is absent for a covered period is a zero: the cube stores only non-empty cells. */
function rowFor(rows: readonly CubeRow[], kpi: string, measure: string, period: string, periods: readonly PeriodInfo[], grain: KpiMeta["grain"]): CubeRow | undefined {
  const found = rows.find((row) => row.kpi === kpi && row.measure === measure && row.period === period);
  if (found) return found;
  const info = periods.find((p) => p.period === period);
  const covered = info && (grain === "snapshot" ? info.snapshot_covered : info.flow_coverage !== "none");
  if (!covered) return undefined;
  return { kpi, measure, period, age_band: ALL, primary_need: ALL, setting: ALL, value: 0, numerator: 0, denominator: 0, symbol: "", coverage: info.flow_coverage };
}

function zeroFill(row: CubeRow | undefined, measure: MeasureMeta): CubeRow | undefined {
  if (!row || row.symbol || measure.kind === "count" || row.value !== 0 || row.denominator !== 0) return row;
  // A ratio over an empty set is not applicable, not zero.
  return { ...row, value: null, numerator: 0, denominator: 0, symbol: "z" };
}

function change(current: CubeRow | undefined, previous: CubeRow | undefined, unit: Unit, better: KpiMeta["better"], against: string): Change {
  if (!current || !previous || current.value === null || previous.value === null || current.symbol || previous.symbol) {
    return { against, text: "not comparable", direction: "none" };
  }
  const difference = current.value - previous.value;
  const text = formatChange(difference, unit);
  if (better === "context") return { against, text, direction: "neutral" };
  if (Math.abs(difference) < 1e-9) return { against, text, direction: "same" };
  const improved = better === "higher" ? difference > 0 : difference < 0;
  return { against, text, direction: improved ? "better" : "worse" };
}

export function cardView(kpi: KpiMeta, series: readonly CubeRow[], periods: readonly PeriodInfo[], filters: Filters): CardView {
  const unavailableBy = unsupportedFilters(kpi, filters);
  const period = cardPeriod(kpi, periods);
  const months = periods.filter((p) => p.period_type === "month").map((p) => p.period);
  if (unavailableBy.length > 0 || !period) {
    return { kpi, period, unavailableBy, headline: undefined, others: [], changes: [], monthly: [] };
  }
  const views = kpi.measures.map((measure): MeasureView => {
    const unit = measureUnit(measure);
    const row = zeroFill(rowFor(series, kpi.id, measure.id, period, periods, kpi.grain), measure);
    return { measure, unit, row, display: formatValue(row?.value ?? null, unit, row?.symbol ?? "x") };
  });
  const headline = views[0]!;
  const headlineAt = (p: string) => zeroFill(rowFor(series, kpi.id, headline.measure.id, p, periods, kpi.grain), headline.measure);
  const changes = [
    change(headline.row, headlineAt(monthsBefore(period, 1)), headline.unit, kpi.better, `on ${periodLabel(monthsBefore(period, 1))}`),
    change(headline.row, headlineAt(monthsBefore(period, 12)), headline.unit, kpi.better, `on ${periodLabel(monthsBefore(period, 12))}`),
  ];
  const monthly = months.map((p) => {
    const row = headlineAt(p);
    return { period: p, value: row?.symbol ? null : (row?.value ?? null), symbol: row ? row.symbol : "x", coverage: row?.coverage ?? "none" };
  });
  return { kpi, period, unavailableBy, headline, others: views.slice(1), changes, monthly };
}

/** An active title: what happened over the year, in words. */
export function activeTitle(view: CardView): string {
  const { kpi } = view;
  const yearChange = view.changes[1];
  if (!view.headline || !yearChange || yearChange.direction === "none") return kpi.title;
  const current = view.headline.display;
  const rose = yearChange.text.startsWith("+");
  const fell = yearChange.text.startsWith("−");
  const movement = rose ? "up" : fell ? "down" : "unchanged";
  const verdict = yearChange.direction === "better" ? ", an improvement" : yearChange.direction === "worse" ? ", a deterioration" : "";
  return `${kpi.title}: ${current} in ${periodLabel(view.period!)}, ${movement}${movement === "unchanged" ? "" : ` ${yearChange.text.replace(/^[+−]/, "")}`} on a year earlier${verdict}`;
}
