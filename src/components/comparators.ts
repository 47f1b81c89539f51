// Published comparators beside a KPI: the home LA's published figure, England, the region, the similar
// areas' unweighted mean and the rank, for published periods only (never mixed with local months), and a
// chart of the home LA against England and the region across the published years.

import * as Plot from "@observablehq/plot";
import { accessiblePlot } from "./accessible-plot.js";
import { dataTable } from "./data-table.js";
import { formatValue, type Unit } from "./format.js";
import { measureUnit, type KpiMeta } from "./kpi-view.js";
import { breakdownLabel, latestSummary, show, type ComparatorContext, type ComparatorSummary } from "./comparator-text.js";

export { breakdownLabel, comparatorLine, latestSummary, type ComparatorContext, type ComparatorSummary } from "./comparator-text.js";

/**
 * Sections drawn, by their inputs: the published figures do not change with most filters, so a redraw after a
 * filter change reuses the drawing (chart and tables, and whether the reader opened them) rather than
 * redrawing it. One not in the page (its section was just replaced) is moved into the new section.
 */
const drawnSections = new WeakMap<readonly ComparatorSummary[], Map<string, HTMLElement>>();

export function comparatorSection(kpi: KpiMeta, context: ComparatorContext, { width }: { width: number }): HTMLElement {
  let drawn = drawnSections.get(context.summaries);
  if (!drawn) drawnSections.set(context.summaries, (drawn = new Map()));
  const key = [kpi.id, context.breakdown ?? "", width, context.homeName, context.regionName, context.similarLabel].join("\u0001");
  const reusable = drawn.get(key);
  if (reusable && !reusable.isConnected) return reusable;
  const section = drawComparatorSection(kpi, context, { width });
  drawn.set(key, section);
  return section;
}

function drawComparatorSection(kpi: KpiMeta, context: ComparatorContext, { width }: { width: number }): HTMLElement {
  const section = document.createElement("div");
  section.className = "comparators";
  section.dataset.kpi = kpi.id;
  const heading = document.createElement("h3");
  heading.textContent = "How this compares (published statistics)";
  section.append(heading);
  const measures = kpi.measures.filter((m) => latestSummary(context, kpi.id, m.id));
  if (measures.length === 0) {
    const other = publishedBreakdowns(kpi, context);
    const none = document.createElement("p");
    none.textContent = other
      ? `No published figure for ${breakdownLabel(context.breakdown ?? "", context.labels)}: published figures for this indicator are by ${other.dimension}, shown here for the newest published period. Choose a ${other.dimension} above to see its series.`
      : `No published figure measures exactly this (${kpi.comparator}).`;
    section.append(none);
    if (other) section.append(other.table);
    return section;
  }
  const termly = kpi.calendar === "termly";
  const intro = document.createElement("p");
  intro.textContent = `These published figures are for ${breakdownLabel(context.breakdown ?? "", context.labels)}, whatever other filters are set above. ${termly ? "They are for a school term, as published." : "They are for a calendar year or the January census, not the local months above."} ${context.regionName}: the published regional figure where DfE gives one, else the unweighted mean of its LAs. Similar areas: the unweighted mean of the LAs' values (${context.similarLabel}). Rank: 1 = best of all LAs with a figure.`;
  section.append(intro);
  const rows = measures.map((measure) => {
    const summary = latestSummary(context, kpi.id, measure.id)!;
    const unit = measureUnit(measure);
    const counts = summary.home && summary.home.numerator !== null ? ` (${summary.home.numerator} of ${summary.home.denominator})` : "";
    return {
      measure: measure.label,
      period: summary.period_label,
      home: show(summary.home, unit) + counts,
      england: show(summary.england, unit),
      region: summary.region ? `${show(summary.region, unit)}${summary.region.basis === "mean" ? ` (mean of ${summary.region.las} LAs)` : ""}` : "x",
      similar: summary.similar ? `${show(summary.similar, unit)} (mean of ${summary.similar.las} of ${summary.similar.configured} LAs)` : "x",
      rank: summary.rank ? `${summary.rank.position} of ${summary.rank.of}` : "z",
      source: summary.source,
    };
  });
  section.append(dataTable(rows, [
    { label: "Measure", value: (r) => r.measure },
    { label: "Published period", value: (r) => r.period },
    { label: `${context.homeName} (published)`, value: (r) => r.home, numeric: true },
    { label: "England", value: (r) => r.england, numeric: true },
    { label: context.regionName, value: (r) => r.region, numeric: true },
    { label: "Similar areas", value: (r) => r.similar, numeric: true },
    { label: "Rank (1 = best)", value: (r) => r.rank, numeric: true },
    { label: "Source", value: (r) => r.source },
  ], { caption: `${kpi.title}: published comparators`, fileName: `${kpi.id}-comparators.csv`, open: true }));
  section.append(comparatorChart(kpi, context, { width }));
  return section;
}

/** Where a KPI is published only by a breakdown (SEN status, say): the newest period's figure for each category. */
function publishedBreakdowns(kpi: KpiMeta, context: ComparatorContext): { dimension: string; table: HTMLElement } | undefined {
  const measure = kpi.measures.find((m) => context.summaries.some((s) => s.kpi === kpi.id && s.measure === m.id && s.breakdown !== "" && !s.breakdown.includes(";")));
  if (!measure) return undefined;
  const single = context.summaries.filter((s) => s.kpi === kpi.id && s.measure === measure.id && s.breakdown !== "" && !s.breakdown.includes(";"));
  const newest = single.map((s) => s.period).sort().at(-1)!;
  const rows = single.filter((s) => s.period === newest).sort((a, b) => a.breakdown.localeCompare(b.breakdown));
  const unit = measureUnit(measure);
  const dimension = rows[0]!.breakdown.split("=")[0]!.replace("_", " ").replace("sen", "SEN");
  const table = dataTable(rows, [
    { label: "Group", value: (s) => breakdownLabel(s.breakdown, context.labels) },
    { label: "Published period", value: (s) => s.period_label },
    { label: `${context.homeName} (published)`, value: (s) => show(s.home, unit), numeric: true },
    { label: "England", value: (s) => show(s.england, unit), numeric: true },
    { label: context.regionName, value: (s) => (s.region ? `${show(s.region, unit)}${s.region.basis === "mean" ? ` (mean of ${s.region.las} LAs)` : ""}` : "x"), numeric: true },
    { label: "Similar areas", value: (s) => (s.similar ? `${show(s.similar, unit)} (mean of ${s.similar.las} LAs)` : "x"), numeric: true },
    { label: "Source", value: (s) => s.source },
  ], { caption: `${kpi.title}: ${measure.label}, published by ${dimension}`, fileName: `${kpi.id}-comparators-by-${dimension.replace(" ", "-")}.csv`, open: true });
  return { dimension, table };
}

/** Home LA, England and region over the published years, with the SEN2 collection change marked. */
export function comparatorChart(kpi: KpiMeta, context: ComparatorContext, { width }: { width: number }): HTMLElement {
  const measure = kpi.measures.find((m) => latestSummary(context, kpi.id, m.id))!;
  const unit = measureUnit(measure);
  const breakdown = context.breakdown ?? "";
  const summaries = context.summaries.filter((s) => s.kpi === kpi.id && s.measure === measure.id && s.breakdown === breakdown).sort((a, b) => a.period.localeCompare(b.period));
  const points = summaries.flatMap((s) => [
    { period: s.period_label, area: context.homeName, value: s.home?.value ?? null },
    { period: s.period_label, area: "England", value: s.england?.value ?? null },
    { period: s.period_label, area: context.regionName, value: s.region?.value ?? null },
  ]);
  const firstPersonLevel = summaries.find((s) => s.collection === "SEN2 person-level");
  const spansBreak = Boolean(firstPersonLevel) && summaries.some((s) => s.collection === "SEN2 aggregate");
  const breakNote = spansBreak ? ` The series changes from DfE's aggregate SEN2 collection to the person-level return from ${firstPersonLevel!.period_label} (marked): figures either side are not strictly comparable.` : "";
  const latest = summaries.at(-1)!;
  const summaryText = `${measure.label}, ${summaries[0]!.period_label} to ${latest.period_label}: ${context.homeName} ${show(latest.home, unit)}, England ${show(latest.england, unit)} and ${context.regionName} ${show(latest.region, unit)} in ${latest.period_label}.${breakNote}`;
  // England's counts dwarf an LA's: counts are charted for the home LA only.
  const charted = unit === "count" ? points.filter((p) => p.area === context.homeName) : points;
  const chart = accessiblePlot({
    ariaLabel: summaryText,
    width,
    height: 240,
    marginLeft: 56,
    marginBottom: 40,
    x: { type: "point", label: null, domain: summaries.map((s) => s.period_label), tickFormat: (d: string) => d.replace("calendar year ", "").replace("January ", "Jan ").replace(/^(autumn|spring|summer) term /, (_m, t: string) => `${t.slice(0, 3)} `) },
    y: { grid: true, label: measure.label, zero: unit === "count" },
    // Only the areas actually drawn appear in the legend.
    color: { legend: true, domain: unit === "count" ? [context.homeName] : [context.homeName, "England", context.regionName], range: ["#1d5aa3", "#0b0c0c", "#b55d00"] },
    marks: [
      ...(spansBreak ? [Plot.ruleX([firstPersonLevel!.period_label], { stroke: "#6b6f73", strokeDasharray: "4,3" }), Plot.text([firstPersonLevel!.period_label], { x: (d: string) => d, frameAnchor: "top", dy: 4, text: () => "person-level SEN2 from here", textAnchor: "start", dx: 4, fill: "currentColor" })] : []),
      Plot.line(charted, { x: "period", y: "value", stroke: "area", strokeWidth: 2 }),
      Plot.dot(charted, { x: "period", y: "value", fill: "area", symbol: "area", r: 3 }),
    ],
  });
  const figure = document.createElement("figure");
  figure.className = "kpi-figure";
  const caption = document.createElement("figcaption");
  caption.textContent = summaryText;
  const table = dataTable(summaries, [
    { label: "Published period", value: (s) => s.period_label },
    { label: context.homeName, value: (s) => show(s.home, unit), numeric: true },
    { label: "England", value: (s) => show(s.england, unit), numeric: true },
    { label: context.regionName, value: (s) => show(s.region, unit), numeric: true },
    { label: "Collection", value: (s) => s.collection },
  ], { caption: `${kpi.title}: ${measure.label}, published series`, fileName: `${kpi.id}-published-series.csv` });
  figure.append(caption, chart, table);
  return figure;
}
