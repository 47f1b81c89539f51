// Observable Framework configuration: no external stylesheets or fonts, no search index, a fixed footer
// (no build-time clock, so identical inputs give identical pages).
export default {
  title: "SEND partnership dashboard",
  root: "src",
  pages: [
    { name: "EHC plans and the statutory process", path: "/ehcp" },
    { name: "Education", path: "/education" },
    { name: "Placements and home education", path: "/placements" },
    { name: "Post-16 and 19+", path: "/post-16" },
    { name: "Inspection readiness (lists and case tracking)", path: "/inspection" },
    { name: "Inspection evidence tracker", path: "/evidence" },
    { name: "Comparators and reconciliation", path: "/comparators" },
    { name: "Data quality", path: "/data-quality" },
    { name: "Analyst mode (your own extracts)", path: "/analyst" },
    { name: "Methodology", path: "/methodology" },
  ],
  globalStylesheets: [],
  style: "style.css",
  footer: "SEND partnership dashboard. Open source; figures are published under the Open Government Licence v3.0.",
  search: false,
  toc: true,
  pager: true,
};
