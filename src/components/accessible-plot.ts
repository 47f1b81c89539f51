// Wraps Plot so every chart passes axe: Plot puts aria-label on <g> elements without a role
// (Plot issue #1760, axe rule aria-prohibited-attr), so they get role="group"; the chart's own <svg> gets
// role="img" (its aria-label is the text summary), and legend swatches, whose words are beside them, are
// hidden from assistive technology.

import * as Plot from "@observablehq/plot";

export function accessiblePlot(options: Plot.PlotOptions): SVGSVGElement | HTMLElement {
  const chart = Plot.plot(options);
  for (const group of chart.querySelectorAll("g[aria-label]")) group.setAttribute("role", "group");
  const svgs = chart.tagName.toLowerCase() === "svg" ? [chart] : Array.from(chart.querySelectorAll("svg"));
  for (const svg of svgs) {
    if (svg.parentElement?.className.toString().includes("swatch")) svg.setAttribute("aria-hidden", "true");
    else if (!svg.getAttribute("role")) svg.setAttribute("role", "img");
  }
  return chart;
}
