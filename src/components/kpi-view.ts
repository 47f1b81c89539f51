// Turns cube rows into what a KPI's card, trend and breakdown show: the card's period, its value, the
// changes on the previous period and a year earlier, and whether the current filters can be applied at
// all. Monthly KPIs (SEN2) step by month; termly ones (school census) by term.

import { ALL, DIMENSIONS, headlineDimensions, type CubeRow, type Dimension, type Filters } from "./cube.js";
import { formatChange, formatValue, periodLabel, type Unit } from "./format.js";

export interface PeriodInfo {
  period: string;
  period_type: "month" | "year" | "census" | "term" | "academic_year";
  snapshot_covered: boolean;
  flow_coverage: "complete" | "partial" | "none";
  snapshot_date: string;
  start_date?: string;
  census_date?: string | null;
  term_coverage?: "complete" | "partial" | "none";
}

export interface MeasureMeta {
  id: string;
  kind: "count" | "ratio" | "sum_ratio" | "stat";
  unit?: "pct" | "rate" | "days";
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
  calendar: "monthly" | "termly";
  measures: MeasureMeta[];
  notes?: string[];
  sql: string;
  /** Set when this build lacks the local extract the KPI needs: why every period is x. */
  unavailable?: string;
}

export const measureUnit = (measure: MeasureMeta): Unit => (measure.kind === "count" ? "count" : measure.unit!);

/** Filters this KPI cannot honour (it has no such breakdown). */
export function unsupportedFilters(kpi: KpiMeta, filters: Filters): Dimension[] {
  return DIMENSIONS.filter((dim) => filters[dim] !== ALL && !kpi.breakdowns.includes(dim));
}

/** The periods a KPI's trend runs over: months, or school terms. */
export function trendPeriods(kpi: Pick<KpiMeta, "calendar">, periods: readonly PeriodInfo[]): PeriodInfo[] {
  return periods.filter((p) => p.period_type === (kpi.calendar === "termly" ? "term" : "month"));
}

/** How far a KPI's figures reach in a period: none, part of it, or all of it. */
export function periodCoverage(kpi: Pick<KpiMeta, "calendar" | "grain" | "unavailable">, info: PeriodInfo | undefined): "complete" | "partial" | "none" {
  if (!info || kpi.unavailable) return "none";
  if (kpi.calendar === "termly") {
    if (info.period_type !== "term" && info.period_type !== "academic_year") return "none";
    return kpi.grain === "snapshot" ? (info.census_date ? "complete" : "none") : (info.term_coverage ?? "none");
  }
  if (info.period_type === "term" || info.period_type === "academic_year") return "none";
  return kpi.grain === "snapshot" ? (info.snapshot_covered ? "complete" : "none") : info.flow_coverage;
}

/** The newest period whose figure is complete: snapshots at the reference date (or census), flows whole periods. */
export function cardPeriod(kpi: KpiMeta, periods: readonly PeriodInfo[]): string | undefined {
  return trendPeriods(kpi, periods).filter((p) => periodCoverage(kpi, p) === "complete").at(-1)?.period;
}

/** The period before (steps = 1) or a year before (steps = 12 months, or the same term last year). */
export function periodBefore(period: string, kpi: Pick<KpiMeta, "calendar">, yearEarlier: boolean): string {
  if (kpi.calendar === "monthly") return monthsBefore(period, yearEarlier ? 12 : 1);
  const match = /^(\d{4})(\d{2})-(autumn|spring|summer)$/.exec(period)!;
  const start = Number(match[1]);
  const code = (first: number) => `${first}${String((first + 1) % 100).padStart(2, "0")}`;
  if (yearEarlier) return `${code(start - 1)}-${match[3]}`;
  const order = ["autumn", "spring", "summer"];
  const index = order.indexOf(match[3]!);
  return index === 0 ? `${code(start - 1)}-summer` : `${code(start)}-${order[index - 1]}`;
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
  /** Headline measure per month (or term), for the trend: gaps are null. */
  trend: { period: string; value: number | null; symbol: string; coverage: string }[];
}

/** A row that is absent for a covered period is a zero: the cube stores only non-empty cells. */
function rowFor(rows: readonly CubeRow[], kpi: KpiMeta, measure: string, period: string, periods: readonly PeriodInfo[]): CubeRow | undefined {
  const found = rows.find((row) => row.kpi === kpi.id && row.measure === measure && row.period === period);
  if (found) return found;
  const coverage = periodCoverage(kpi, periods.find((p) => p.period === period));
  if (coverage === "none") return undefined;
  return { kpi: kpi.id, measure, period, ...headlineDimensions(), value: 0, numerator: 0, denominator: 0, symbol: "", coverage };
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
  // Compared as shown: a change that rounds to nothing ("−0.0 points") is no change.
  const shownAsZero = Number(formatChange(difference, unit).replace(/[^\d.]/g, "")) === 0;
  const text = formatChange(shownAsZero ? 0 : difference, unit);
  if (better === "context") return { against, text, direction: "neutral" };
  if (shownAsZero) return { against, text, direction: "same" };
  const improved = better === "higher" ? difference > 0 : difference < 0;
  return { against, text, direction: improved ? "better" : "worse" };
}

export function cardView(kpi: KpiMeta, series: readonly CubeRow[], periods: readonly PeriodInfo[], filters: Filters): CardView {
  const unavailableBy = unsupportedFilters(kpi, filters);
  const period = cardPeriod(kpi, periods);
  const steps = trendPeriods(kpi, periods).map((p) => p.period);
  if (unavailableBy.length > 0 || !period) {
    return { kpi, period, unavailableBy, headline: undefined, others: [], changes: [], trend: [] };
  }
  const views = kpi.measures.map((measure): MeasureView => {
    const unit = measureUnit(measure);
    const row = zeroFill(rowFor(series, kpi, measure.id, period, periods), measure);
    return { measure, unit, row, display: formatValue(row?.value ?? null, unit, row?.symbol ?? "x") };
  });
  const headline = views[0]!;
  const headlineAt = (p: string) => zeroFill(rowFor(series, kpi, headline.measure.id, p, periods), headline.measure);
  const previous = periodBefore(period, kpi, false);
  const yearEarlier = periodBefore(period, kpi, true);
  const changes = [
    change(headline.row, headlineAt(previous), headline.unit, kpi.better, `on ${periodLabel(previous)}`),
    change(headline.row, headlineAt(yearEarlier), headline.unit, kpi.better, `on ${periodLabel(yearEarlier)}`),
  ];
  const trend = steps.map((p) => {
    const row = headlineAt(p);
    return { period: p, value: row?.symbol ? null : (row?.value ?? null), symbol: row ? row.symbol : "x", coverage: row?.coverage ?? "none" };
  });
  return { kpi, period, unavailableBy, headline, others: views.slice(1), changes, trend };
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
