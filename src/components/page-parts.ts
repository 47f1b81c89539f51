// Small page furniture: the demo-data banner, "About this indicator", and the calendar-year table.

import type { CubeRow } from "./cube.js";
import { dataTable } from "./data-table.js";
import { dateLabel, formatValue, periodLabel } from "./format.js";
import { measureUnit, periodCoverage, type KpiMeta, type PeriodInfo } from "./kpi-view.js";

export function demoBanner(meta: { demo: boolean; laName: string; referenceDate: string }): HTMLElement {
  const banner = document.createElement("div");
  banner.className = meta.demo ? "banner banner--demo" : "banner";
  banner.setAttribute("role", "note");
  banner.textContent = meta.demo
    ? `Demo data: every figure on this site is computed from synthetic extracts made to resemble ${meta.laName}'s published profile. No real child is in them. Data as at ${dateLabel(meta.referenceDate)}.`
    : `${meta.laName}: data as at ${dateLabel(meta.referenceDate)} (the newest SEN2 export's reference date).`;
  return banner;
}

const POLARITY: Record<KpiMeta["better"], string> = {
  higher: "Higher is better",
  lower: "Lower is better",
  context: "Neither higher nor lower is better: context for other indicators",
};

export function aboutIndicator(kpi: KpiMeta, options: { period: string | undefined; referenceDate: string; periods: readonly PeriodInfo[] }): HTMLElement {
  const details = document.createElement("details");
  details.className = "about-indicator";
  const summary = document.createElement("summary");
  summary.textContent = `About this indicator: ${kpi.title}`;
  const list = document.createElement("dl");
  const snapshot = options.periods.find((p) => p.period === options.period)?.snapshot_date;
  const items: [string, string][] = [
    ["Definition", kpi.definition],
    ["In the partnership's brief", kpi.briefWording],
    ["Catalogue id", kpi.id],
    ["Measures", kpi.measures.map((m) => m.label).join("; ")],
    ["Source", kpi.source],
    ["Polarity", POLARITY[kpi.better]],
    ["Period", options.period ? `${periodLabel(options.period)}${kpi.grain === "snapshot" && snapshot ? ` (a snapshot on ${dateLabel(snapshot)}${kpi.calendar === "termly" ? ", the school census day" : ""})` : kpi.calendar === "termly" ? " (the term, from the school census and the dated events in it)" : " (events dated in the month)"}` : "none"],
    ["Last updated", `${dateLabel(options.referenceDate)} (the newest export's reference date)`],
    ["Breakdowns", kpi.breakdowns.length ? kpi.breakdowns.map((b) => b.replace("_", " ")).join(", ") : "none"],
    ["Published comparator", kpi.comparator],
  ];
  for (const [term, description] of items) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = description;
    list.append(dt, dd);
  }
  details.append(summary, list);
  if (kpi.notes?.length) {
    const notes = document.createElement("ul");
    for (const note of kpi.notes) {
      const item = document.createElement("li");
      item.textContent = note;
      notes.append(item);
    }
    details.append(notes);
  }
  return details;
}

/** Calendar-year (or academic-year) values of every measure, for comparison with DfE's annual publications. */
export function yearTable(kpi: KpiMeta, series: readonly CubeRow[], periods: readonly PeriodInfo[]): HTMLElement {
  const termly = kpi.calendar === "termly";
  const years = periods.filter((p) => p.period_type === (termly ? "academic_year" : "year")).map((p) => p.period);
  const rows = years.map((year) => ({
    year: termly ? periodLabel(year, true) : year,
    cells: kpi.measures.map((measure) => {
      const row = series.find((r) => r.kpi === kpi.id && r.measure === measure.id && r.period === year);
      const covered = periodCoverage(kpi, periods.find((p) => p.period === year)) !== "none";
      if (!row) return covered && measure.kind === "count" ? "0" : covered ? "z" : "x";
      return formatValue(row.value, measureUnit(measure), row.symbol) + (row.coverage === "partial" ? " (part year)" : "");
    }),
  }));
  const kind = termly ? "academic year" : "calendar year";
  const snapshotNote = termly ? " (pupils at the spring census)" : " (snapshot at 31 December, or the reference date)";
  return dataTable(rows, [
    { label: termly ? "Academic year" : "Calendar year", value: (r) => r.year },
    ...kpi.measures.map((measure, index) => ({ label: measure.label, value: (r: (typeof rows)[number]) => r.cells[index]!, numeric: true })),
  ], { caption: `${kpi.title} by ${kind}${kpi.grain === "snapshot" ? snapshotNote : ""}`, fileName: `${kpi.id}-${termly ? "academic" : "calendar"}-years.csv` });
}

/**
 * Which of the page's indicators this build could not compute because a local extract is missing (they show
 * x), so a reader knows the gap is a missing file, not a zero. Nothing when every extract was read.
 */
export function sourceAvailability(kpis: readonly KpiMeta[]): HTMLElement {
  const missing = kpis.filter((kpi) => kpi.unavailable);
  const box = document.createElement("div");
  if (missing.length === 0) return box;
  box.className = "note source-availability";
  box.setAttribute("role", "note");
  const intro = document.createElement("p");
  intro.textContent = `${missing.length} of the ${kpis.length} indicators on this page are not available (x) in this build:`;
  const list = document.createElement("ul");
  for (const kpi of missing) {
    const item = document.createElement("li");
    item.textContent = `${kpi.title}: ${kpi.unavailable}.`;
    list.append(item);
  }
  const after = document.createElement("p");
  after.textContent = "Add the extract to the data folder (file names in docs/data-contracts.md) and rebuild.";
  box.append(intro, list, after);
  return box;
}
