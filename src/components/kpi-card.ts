// A KPI card: title, the number, its period, changes on the previous period and a year earlier (arrow, words and colour,
// so colour is never the only signal) and a sparkline. A filter the KPI cannot honour is said, not ignored.

import type { CardView } from "./kpi-view.js";
import { DIMENSION_LABELS, periodLabel } from "./format.js";

const ARROWS = { better: "▲", worse: "▼", same: "■", neutral: "●", none: "" } as const;
const WORDS = { better: "better", worse: "worse", same: "no change", neutral: "", none: "" } as const;

const SVG = "http://www.w3.org/2000/svg";

/**
 * The last 13 points of the trend as a plain SVG line (gaps break it). Drawn by hand, not with Plot: a
 * filter change redraws every card, and a path is a hundred times cheaper than a chart.
 */
function sparkline(view: CardView): Element | null {
  const points = view.trend.slice(-13);
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (values.length < 2) return null;
  const [width, height, margin] = [160, 36, 2];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const x = (i: number) => margin + (i * (width - 2 * margin)) / Math.max(1, points.length - 1);
  const y = (v: number) => (high === low ? height / 2 : margin + ((high - v) * (height - 2 * margin)) / (high - low));
  let d = "";
  let drawing = false;
  points.forEach((point, i) => {
    if (point.value === null) { drawing = false; return; }
    d += `${drawing ? "L" : "M"}${x(i).toFixed(1)},${y(point.value).toFixed(1)}`;
    drawing = true;
  });
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  // Decorative: the number, the trend chart and its table carry the same information.
  svg.setAttribute("aria-hidden", "true");
  svg.classList.add("sparkline");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", d);
  path.setAttribute("fill", "none");
  path.setAttribute("stroke", "currentColor");
  path.setAttribute("stroke-width", "1.5");
  svg.append(path);
  return svg;
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
