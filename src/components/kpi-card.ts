// A KPI card: title, the number, its period, changes on the previous period and a year earlier (arrow, words and colour,
// so colour is never the only signal) and a sparkline. A filter the KPI cannot honour is said, not ignored.

import * as Plot from "@observablehq/plot";
import type { CardView } from "./kpi-view.js";
import { DIMENSION_LABELS, periodLabel } from "./format.js";

const ARROWS = { better: "▲", worse: "▼", same: "■", neutral: "●", none: "" } as const;
const WORDS = { better: "better", worse: "worse", same: "no change", neutral: "", none: "" } as const;

function sparkline(view: CardView): Element | null {
  const points = view.trend.slice(-13);
  if (points.filter((p) => p.value !== null).length < 2) return null;
  const chart = Plot.plot({
    width: 160,
    height: 36,
    margin: 2,
    axis: null,
    x: { type: "band" },
    marks: [Plot.lineY(points, { x: "period", y: "value", stroke: "currentColor", strokeWidth: 1.5 })],
  });
  // Decorative: the number, the trend chart and its table carry the same information.
  chart.setAttribute("aria-hidden", "true");
  chart.classList.add("sparkline");
  return chart;
}

/** `comparison`: one line of published comparators (England, region) for the card, when there are any. */
export function kpiCard(view: CardView, comparison?: string): HTMLElement {
  const card = document.createElement("div");
  card.className = "card kpi-card";
  card.dataset.kpi = view.kpi.id;
  const title = document.createElement("h3");
  title.textContent = view.kpi.title;
  card.append(title);

  if (view.unavailableBy.length > 0) {
    const note = document.createElement("p");
    note.className = "kpi-unavailable";
    note.dataset.role = "unavailable";
    note.textContent = `Not available by ${view.unavailableBy.map((dim) => DIMENSION_LABELS[dim]).join(" or ")}: the source does not record this indicator that way. Clear that filter to see the figure.`;
    card.append(note);
    return card;
  }
  if (!view.headline || !view.period) {
    const note = document.createElement("p");
    note.textContent = view.kpi.unavailable ? `Not available (x): ${view.kpi.unavailable}.` : "No period with complete data.";
    card.append(note);
    return card;
  }

  const value = document.createElement("p");
  value.className = "big kpi-value";
  value.dataset.measure = view.headline.measure.id;
  value.textContent = view.headline.display;
  const label = document.createElement("p");
  label.className = "kpi-label";
  label.textContent = `${view.headline.measure.label}, ${periodLabel(view.period)}`;
  card.append(value, label);

  for (const other of view.others) {
    const line = document.createElement("p");
    line.className = "kpi-other";
    line.dataset.measure = other.measure.id;
    const counts = other.row && other.row.numerator !== null && !other.row.symbol && other.measure.kind === "ratio" ? ` (${other.row.numerator} of ${other.row.denominator})` : "";
    line.innerHTML = `<span class="kpi-other-value"></span> <span class="kpi-other-label"></span>`;
    line.querySelector(".kpi-other-value")!.textContent = other.display;
    line.querySelector(".kpi-other-label")!.textContent = `${other.measure.label}${counts}`;
    card.append(line);
  }

  const changes = document.createElement("ul");
  changes.className = "kpi-changes";
  for (const change of view.changes) {
    const item = document.createElement("li");
    item.className = `change change--${change.direction}`;
    const word = WORDS[change.direction];
    item.textContent = `${ARROWS[change.direction]} ${change.text} ${change.against}${word ? ` (${word})` : ""}`.trim();
    changes.append(item);
  }
  card.append(changes);
  if (comparison) {
    const line = document.createElement("p");
    line.className = "kpi-comparison";
    line.textContent = comparison;
    card.append(line);
  }
  const spark = sparkline(view);
  if (spark) card.append(spark);
  return card;
}
