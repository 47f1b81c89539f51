// One KPI's section of a page: an active title, the trend, the breakdown, calendar years and "About".

import type { Dimension, PageData } from "./cube.js";
import { breakdownChart, trendChart } from "./kpi-charts.js";
import { activeTitle, type CardView, type PeriodInfo } from "./kpi-view.js";
import { aboutIndicator, yearTable } from "./page-parts.js";
import { DIMENSION_LABELS } from "./format.js";
import { comparatorSection, type ComparatorContext } from "./comparators.js";
import { drawWhenVisible } from "./lazy-render.js";

export interface SectionContext {
  width: number;
  by: Dimension;
  data: PageData;
  periods: readonly PeriodInfo[];
  referenceDate: string;
  labels: Record<Dimension, Record<string, string>>;
  /** Published comparators, when the comparator table is present. */
  comparators?: ComparatorContext;
}

/**
 * The heading and definition at once; the charts and tables when the section nears the viewport (or the
 * browser is idle), marked `data-rendered` when drawn.
 */
export function kpiSection(view: CardView, context: SectionContext): HTMLElement {
  const section = document.createElement("section");
  section.className = "kpi-section";
  section.id = view.kpi.id.replace(".", "-");
  const heading = document.createElement("h2");
  heading.textContent = view.unavailableBy.length > 0 ? view.kpi.title : activeTitle(view);
  section.append(heading);
  const definition = document.createElement("p");
  definition.textContent = view.kpi.definition + ".";
  section.append(definition);
  drawWhenVisible(section, () => {
    drawSectionBody(section, view, context);
    section.dataset.rendered = "true";
  }, section.id);
  return section;
}

function drawSectionBody(section: HTMLElement, view: CardView, context: SectionContext): void {
  if (view.unavailableBy.length > 0) {
    const note = document.createElement("p");
    note.textContent = `This indicator has no breakdown by ${view.unavailableBy.map((d) => DIMENSION_LABELS[d]).join(" or ")}, so it is not shown for the current filters.`;
    section.append(note);
  } else {
    section.append(trendChart(view, { width: context.width, periods: context.periods }));
    const breakdownPeriod = view.period;
    if (breakdownPeriod && view.kpi.breakdowns.includes(context.by)) {
      section.append(
        breakdownChart(view.kpi, context.data.breakdown, { width: context.width, by: context.by, period: breakdownPeriod, labels: context.labels[context.by] }),
      );
    } else {
      const note = document.createElement("p");
      note.textContent = `No breakdown by ${DIMENSION_LABELS[context.by]} for this indicator.`;
      section.append(note);
    }
    section.append(yearTable(view.kpi, context.data.series, context.periods));
  }
  if (context.comparators) section.append(comparatorSection(view.kpi, context.comparators, { width: context.width }));
  section.append(aboutIndicator(view.kpi, { period: view.period, referenceDate: context.referenceDate, periods: context.periods }));
}
