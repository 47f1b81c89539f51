// What the browser needs to compute KPIs from extracts a user opens locally: the same ingest, registry
// and engine the build uses. Bundled by src/data/kpi-engine.js.ts; nothing here touches Node APIs.

export { ingestSources, classifySourceFile, type SourceFile } from "./model/ingest.js";
export { decodeText } from "./sources/csv.js";
export { runKpis, typedTableSql, type Cell, type SqlEngine } from "./kpis/engine.js";
export { KPIS, withAvailability } from "./kpis/registry.js";
export { seriesPeriods, describePeriod } from "./kpis/periods.js";
export { educationPeriods } from "./model/school-calendar.js";
export { kpiCoverage } from "./publish/coverage.js";
export { describeProblem } from "./sources/problems.js";
export { runLists, defaultListDate } from "./inspection/run.js";
export { listCsv, listsXlsx } from "./inspection/write-lists.js";
export { validateListFile, annotatedWorkbook } from "./inspection/validate.js";
export { drawCaseSample, caseChecklist, readChecklist } from "./inspection/case-sample.js";
export { RULES } from "./inspection/rules.js";
export { ANNEX_A_VERSION } from "./inspection/annex-a.js";
