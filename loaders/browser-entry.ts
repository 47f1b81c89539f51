// What the browser needs to compute KPIs from extracts a user opens locally: the same ingest, registry
// and engine the build uses. Bundled by src/data/kpi-engine.js.ts; nothing here touches Node APIs.

export { ingestSources, classifySourceFile, type SourceFile } from "./model/ingest.js";
export { decodeText } from "./sources/csv.js";
export { runKpis, typedTableSql, type Cell, type SqlEngine } from "./kpis/engine.js";
export { KPIS } from "./kpis/registry.js";
export { seriesPeriods, describePeriod } from "./kpis/periods.js";
export { educationPeriods } from "./model/school-calendar.js";
export { kpiCoverage } from "./publish/coverage.js";
export { describeProblem } from "./sources/problems.js";
