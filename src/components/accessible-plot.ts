// Wraps Plot so every chart passes axe: Plot puts aria-label on <g> elements without a role
// (Plot issue #1760, axe rule aria-prohibited-attr); giving them role="group" keeps the labels meaningful.

import * as Plot from "@observablehq/plot";

export function accessiblePlot(options: Plot.PlotOptions): SVGSVGElement | HTMLElement {
  const chart = Plot.plot(options);
  for (const group of chart.querySelectorAll("g[aria-label]")) group.setAttribute("role", "group");
  const svg = chart.tagName.toLowerCase() === "svg" ? chart : chart.querySelector("svg");
  if (svg && !svg.getAttribute("role")) svg.setAttribute("role", "img");
  return chart;
}
