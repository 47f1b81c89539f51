// The trend and breakdown charts of one KPI, each a figure with a text summary and a data table + CSV.
// Plain functions of (data, {width}) returning a node, as in Observable's examples.

import * as Plot from "@observablehq/plot";
import { accessiblePlot } from "./accessible-plot.js";
import { dataTable } from "./data-table.js";
import type { CubeRow, Dimension } from "./cube.js";
import { DIMENSION_LABELS, formatValue, periodLabel } from "./format.js";
import { measureUnit, type CardView, type KpiMeta, type PeriodInfo } from "./kpi-view.js";

function figure(chart: Element, summary: string, table: HTMLElement): HTMLElement {
  const element = document.createElement("figure");
  element.className = "kpi-figure";
  const caption = document.createElement("figcaption");
  caption.textContent = summary;
  element.append(caption, chart, table);
  return element;
}

/** A sentence that says what the trend chart shows, for everyone (and screen readers first). */
const stepName = (view: CardView) => (view.kpi.calendar === "termly" ? "term" : "month");

export function trendSummary(view: CardView): string {
  const points = view.trend.filter((p) => p.value !== null);
  const step = stepName(view);
  if (!view.headline || points.length === 0) return `No figures by ${step} are available for this selection.`;
  const unit = view.headline.unit;
  const first = points[0]!;
  const last = points.at(-1)!;
  const highest = points.reduce((a, b) => (b.value! > a.value! ? b : a));
  const gaps = view.trend.filter((p) => p.value === null).length;
  return `${view.headline.measure.label} by ${step}, ${periodLabel(first.period)} to ${periodLabel(last.period)}: ` +
    `${formatValue(first.value, unit)} then ${formatValue(last.value, unit)}; highest ${formatValue(highest.value, unit)} in ${periodLabel(highest.period)}.` +
    (gaps > 0 ? ` ${gaps} ${step}${gaps === 1 ? " is" : "s are"} not shown (suppressed or not covered by the extracts).` : "");
}

/** Where a period sits on a time axis: mid-month, or a term's census day. */
function periodDate(period: string, periods: readonly PeriodInfo[]): Date {
  const info = periods.find((p) => p.period === period);
  return new Date(`${info?.census_date ?? `${period}-15`}T00:00:00Z`);
}

export function trendChart(view: CardView, { width, periods }: { width: number; periods: readonly PeriodInfo[] }): HTMLElement {
  const unit = view.headline ? view.headline.unit : "count";
  const step = stepName(view);
  const points = view.trend.map((p) => ({ ...p, date: periodDate(p.period, periods) }));
  const summary = trendSummary(view);
  const chart = accessiblePlot({
    ariaLabel: summary,
    width,
    height: 240,
    marginLeft: 56,
    x: { type: "utc", label: null },
    y: { grid: true, label: view.headline?.measure.label ?? "", zero: unit === "count", tickFormat: unit === "pct" ? (d: number) => `${d}%` : undefined },
    marks: [
      Plot.lineY(points, { x: "date", y: "value", stroke: "var(--theme-foreground-focus)", strokeWidth: 2 }),
      Plot.dot(points.filter((p) => p.coverage === "partial"), { x: "date", y: "value", stroke: "var(--theme-foreground-focus)", fill: "var(--theme-background)", r: 4, title: () => `Part of the ${step} only` }),
      Plot.dot(points.filter((p) => p.coverage === "complete"), { x: "date", y: "value", fill: "var(--theme-foreground-focus)", r: 2 }),
      Plot.tip(points, Plot.pointerX({ x: "date", y: "value", title: (p: (typeof points)[number]) => `${periodLabel(p.period)}: ${formatValue(p.value, unit, p.symbol)}` })),
    ],
  });
  const table = dataTable(view.trend, [
    { label: step === "term" ? "Term" : "Month", value: (p) => (step === "term" ? periodLabel(p.period) : p.period) },
    { label: view.headline?.measure.label ?? "Value", value: (p) => (p.value === null ? p.symbol || "x" : p.value), numeric: true },
    { label: "Coverage", value: (p) => p.coverage },
  ], { caption: `${view.kpi.title}: ${view.headline?.measure.label ?? ""} by ${step}`, fileName: `${view.kpi.id}-by-${step}.csv` });
  return figure(chart, summary, table);
}

export function breakdownChart(
  kpi: KpiMeta,
  rows: readonly CubeRow[],
  options: { width: number; by: Dimension; period: string; labels: Record<string, string> },
): HTMLElement {
  const headline = kpi.measures[0]!;
  const unit = measureUnit(headline);
  const data = rows
    .filter((row) => row.kpi === kpi.id && row.measure === headline.id && row.period === options.period)
    .map((row) => ({ category: options.labels[row[options.by]] ?? row[options.by], value: row.symbol ? null : row.value, shown: formatValue(row.value, unit, row.symbol), numerator: row.numerator, denominator: row.denominator }))
    .sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
  const dimension = DIMENSION_LABELS[options.by]!;
  if (data.length === 0) {
    const empty = document.createElement("p");
    empty.textContent = `No ${dimension} breakdown for ${periodLabel(options.period)} with the current filters.`;
    return empty;
  }
  const suppressed = data.filter((d) => d.value === null).length;
  const top = data.find((d) => d.value !== null);
  const summary = `${headline.label} by ${dimension}, ${periodLabel(options.period)}: ` +
    (top ? `highest ${top.category} (${top.shown}) of ${data.length} categories.` : `${data.length} categories.`) +
    (suppressed > 0 ? ` ${suppressed} ${suppressed === 1 ? "category is" : "categories are"} suppressed (c).` : "");
  const chart = accessiblePlot({
    ariaLabel: summary,
    width: options.width,
    height: Math.max(120, data.length * 26 + 40),
    marginLeft: Math.min(280, options.width / 2.5),
    marginRight: 56,
    x: { grid: true, label: headline.label },
    y: { label: null, domain: data.map((d) => d.category) },
    marks: [
      Plot.barX(data.filter((d) => d.value !== null), { x: "value", y: "category", fill: "var(--theme-foreground-focus)" }),
      Plot.text(data, { x: (d: (typeof data)[number]) => d.value ?? 0, y: "category", text: "shown", textAnchor: "start", dx: 4, fill: "currentColor" }),
      Plot.ruleX([0]),
    ],
  });
  const columns = [
    { label: dimension.charAt(0).toUpperCase() + dimension.slice(1), value: (d: (typeof data)[number]) => d.category },
    { label: headline.label, value: (d: (typeof data)[number]) => d.shown, numeric: true },
    ...(headline.kind === "ratio" || headline.kind === "sum_ratio"
      ? [
          { label: "Numerator", value: (d: (typeof data)[number]) => d.numerator, numeric: true },
          { label: "Denominator", value: (d: (typeof data)[number]) => d.denominator, numeric: true },
        ]
      : []),
  ];
  const table = dataTable(data, columns, { caption: `${kpi.title} by ${dimension}, ${periodLabel(options.period)}`, fileName: `${kpi.id}-by-${options.by}-${options.period}.csv` });
  return figure(chart, summary, table);
}
