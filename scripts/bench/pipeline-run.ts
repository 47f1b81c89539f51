// One pipeline run from raw extracts to every published KPI file, in its own process so its peak memory
// (maxRSS) is its own: prints JSON with wall time per phase, peak memory and rows read per file.
//   node --import tsx scripts/bench/pipeline-run.ts DATA_DIR

import { runPipeline } from "../../loaders/node/pipeline.js";
import { KPIS } from "../../loaders/kpis/registry.js";
import { cubeToArrow } from "../../loaders/publish/arrow.js";

const dir = process.argv[2];
if (!dir) throw new Error("usage: pipeline-run.ts DATA_DIR");
const phases: Record<string, number> = {};
/** Memory in use (MB) as each phase ends: the process's resident set and the JavaScript heap. */
const phaseMemoryMb: Record<string, { rss: number; heap: number }> = {};
const started = performance.now();
let mark = started;
const lap = (name: string) => {
  const now = performance.now();
  phases[name] = (now - mark) / 1000;
  mark = now;
  const memory = process.memoryUsage();
  phaseMemoryMb[name] = { rss: Math.round(memory.rss / 2 ** 20), heap: Math.round(memory.heapUsed / 2 ** 20) };
  if (process.env.BENCH_TRACE) process.stderr.write(`[bench] ${name}: ${phases[name]!.toFixed(1)} s, rss ${phaseMemoryMb[name]!.rss} MB, heap ${phaseMemoryMb[name]!.heap} MB, peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
};
// The build's own pipeline (not a copy of it), with its privacy guards; then the Arrow files it publishes.
const result = await runPipeline(dir, lap);
let arrowBytes = 0;
for (const domain of new Set(KPIS.map((k) => k.domain))) arrowBytes += cubeToArrow(result.published.filter((c) => KPIS.find((k) => k.id === c.kpi)!.domain === domain)).length;
lap("write Arrow");
const rowsAccepted: Record<string, number> = {};
const rowsInByFile: Record<string, number> = {};
for (const account of result.dataQuality.accounts) {
  const source = account.source.startsWith("SEN2") ? `SEN2 ${account.module}` : account.source;
  rowsAccepted[source] = (rowsAccepted[source] ?? 0) + account.accepted;
  rowsInByFile[account.file] = account.rowsIn;
}
process.stdout.write(JSON.stringify({
  seconds: (performance.now() - started) / 1000,
  phases,
  phaseMemoryMb,
  peakMemoryMb: process.resourceUsage().maxRSS / 1024,
  rowsAccepted,
  rowsInByFile,
  publishedCells: result.published.length,
  arrowBytes,
}) + "\n");
