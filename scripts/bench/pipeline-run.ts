// One pipeline run from raw extracts to every published KPI file, in its own process so its peak memory
// (maxRSS) is its own: prints JSON with wall time per phase, peak memory and rows read per source.
//   node --import tsx scripts/bench/pipeline-run.ts DATA_DIR

import { ingest, educationPeriods } from "../../loaders/node/pipeline.js";
import { NodeDuckDb } from "../../loaders/node/duckdb-node.js";
import { buildHelperTables, computeCells, loadPeriods } from "../../loaders/kpis/engine.js";
import { KPIS } from "../../loaders/kpis/registry.js";
import { censusPeriod, seriesPeriods } from "../../loaders/kpis/periods.js";
import { assertNoSmallCounts, publishCells, publishableCells, sortCells, unavailableCells } from "../../loaders/publish/cube.js";
import { cubeToArrow } from "../../loaders/publish/arrow.js";

const dir = process.argv[2];
if (!dir) throw new Error("usage: pipeline-run.ts DATA_DIR");
const phases: Record<string, number> = {};
let mark = performance.now();
const lap = (name: string) => {
  const now = performance.now();
  phases[name] = (now - mark) / 1000;
  mark = now;
};
const started = mark;
const ingested = ingest(dir);
const periods = [...seriesPeriods(ingested.windows), ...educationPeriods(ingested)];
lap("read and validate extracts");
const engine = await NodeDuckDb.open();
for (const table of Object.values(ingested.tables)) await engine.loadTable(table);
await loadPeriods(engine, [...periods, ...ingested.exports.map((e) => censusPeriod(e.referenceDate))]);
await buildHelperTables(engine);
lap("load DuckDB and build helper tables");
const cells = await computeCells(engine, KPIS, periods);
engine.close();
lap("compute KPI cubes (SQL)");
const threshold = ingested.config.suppressionThreshold;
const published = sortCells([...publishCells(publishableCells(cells, periods, KPIS), threshold), ...unavailableCells(KPIS, periods)]);
assertNoSmallCounts(published, threshold);
let bytes = 0;
for (const domain of new Set(KPIS.map((k) => k.domain))) bytes += cubeToArrow(published.filter((c) => KPIS.find((k) => k.id === c.kpi)!.domain === domain)).length;
lap("suppress and write Arrow");
const rows: Record<string, number> = {};
const rowsIn: Record<string, number> = {};
for (const account of ingested.accounts) {
  const source = account.source.startsWith("SEN2") ? `SEN2 ${account.module}` : account.source;
  rows[source] = (rows[source] ?? 0) + account.accepted;
  rowsIn[account.file] = account.rowsIn;
}
process.stdout.write(JSON.stringify({
  seconds: (performance.now() - started) / 1000,
  phases,
  peakMemoryMb: process.resourceUsage().maxRSS / 1024,
  rowsAccepted: rows,
  rowsInByFile: rowsIn,
  planRows: ingested.tables.plans.rows.length,
  censusRows: ingested.tables.pupils.rows.length,
  senSupportRows: ingested.tables.pupils.rows.filter((row) => row.sen_status === "sen_support").length,
  publishedCells: published.length,
  arrowBytes: bytes,
}) + "\n");
