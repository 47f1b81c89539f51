// npm run bench [-- --runs N] [--national [SCALE]] [--national-dir DIR] [--national-runs N] [--skip-browser]
//
// Measures what the issue's targets are about and writes docs/benchmark.md (with this machine's specs):
// - the pipeline from raw extracts to every published KPI file, at LA size (the demo data) and, with
//   --national, at national size (the generator at --scale 200 with one census: about 640,000 EHC plans,
//   1.3 million pupils on SEN support and 8 million census rows), wall time and peak memory, each run in
//   its own process; the row counts read are checked against the lines the files hold. --national-dir
//   runs the national size on data generated before (the generator takes about ten minutes) and keeps it;
//   --national-runs N reports the median of N national runs (the peak memory is the largest);
// - the built site in headless chromium (cold cache, median of runs): time to every KPI card showing a
//   number, time to live filters, filter change to updated cards and charts (p95 of 50), bytes per page.

import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, freemem, totalmem, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { DEMO_DATA_DIR, REPO_ROOT } from "../loaders/node/config.js";
import { benchPages, median, percentile, type PageTimings } from "./bench/browser.js";

interface PipelineRun {
  seconds: number;
  phases: Record<string, number>;
  /** Resident memory (and JavaScript heap) as each phase ended, MB. */
  phaseMemoryMb?: Record<string, { rss: number; heap: number }>;
  peakMemoryMb: number;
  rowsInByFile: Record<string, number>;
  rowsAccepted: Record<string, number>;
  publishedCells: number;
}

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf("--runs") + 1] ?? 3) || 3;
const nationalAt = argv.indexOf("--national");
const nationalDirAt = argv.indexOf("--national-dir");
const nationalDir = nationalDirAt >= 0 ? argv[nationalDirAt + 1] : undefined;
const nationalScale = nationalAt >= 0 || nationalDir ? Number(argv[nationalAt + 1]) || 200 : 0;
/** National runs (each about 2.5 minutes): their median is reported, as this VM's timings vary by a third. */
const nationalRunsAt = argv.indexOf("--national-runs");
const nationalRuns = nationalRunsAt >= 0 ? Number(argv[nationalRunsAt + 1]) || 1 : 1;

function pipelineRun(dir: string): PipelineRun {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts", "bench", "pipeline-run.ts"), dir], { encoding: "utf-8", maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`pipeline run on ${dir} failed (${result.signal ?? result.status}): ${result.stderr.split("\n").slice(-5).join(" ")}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as PipelineRun;
}

/**
 * Lines holding more than white space, counted from the bytes in chunks (a national census is about
 * 1 GB: more than one JavaScript string holds). White space is ASCII here: the generator writes no other.
 */
function nonBlankLines(path: string): number {
  const fd = openSync(path, "r");
  const buffer = new Uint8Array(1 << 22);
  let lines = 0;
  let filled = false;
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      for (let i = 0; i < read; i++) {
        const byte = buffer[i]!;
        if (byte === 10) {
          if (filled) lines++;
          filled = false;
        } else if (!filled && byte !== 32 && byte !== 13 && !(byte >= 9 && byte <= 12)) filled = true;
      }
    }
  } finally {
    closeSync(fd);
  }
  return lines + (filled ? 1 : 0);
}

/** Data lines (not counting the header) of every CSV the pipeline read: what the run must have read. */
function checkRowCounts(dir: string, run: PipelineRun): string {
  let checked = 0;
  const files = walk(dir);
  for (const [file, rowsIn] of Object.entries(run.rowsInByFile)) {
    const path = [join(dir, file), ...files.filter((p) => p.endsWith(`/${file}`))].find((p) => existsSync(p) && p.endsWith(".csv"));
    if (!path) continue;
    const lines = nonBlankLines(path) - 1;
    // Quoted newlines make a record span lines; the generator writes none, so lines = records here.
    if (lines !== rowsIn) throw new Error(`${file}: the pipeline read ${rowsIn} rows but the file holds ${lines}`);
    checked++;
  }
  return `${checked} files: rows read = rows written`;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

const fmt = (n: number, digits = 1) => n.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits });
/** Every built page with KPI cards: what the browser targets are about. */
const BENCH_PAGES = ["/ehcp", "/education", "/placements", "/post-16"];

const verdict = (ok: boolean) => (ok ? "met" : "**missed**");

function pipelineSection(label: string, dir: string, results: PipelineRun[], targets: { seconds: number; memoryMb?: number }, check: string): string[] {
  const seconds = median(results.map((r) => r.seconds));
  const memory = Math.max(...results.map((r) => r.peakMemoryMb));
  const rss = (phase: string) => Math.max(...results.map((r) => r.phaseMemoryMb?.[phase]?.rss ?? 0));
  const phases = Object.keys(results[0]!.phases).map((phase) => `${phase} ${fmt(median(results.map((r) => r.phases[phase]!)))} s${rss(phase) > 0 ? ` (${fmt(rss(phase) / 1024, 1)} GB in use after)` : ""}`);
  const first = results[0]!;
  return [
    `| ${label} | ${fmt(seconds)} s (median of ${results.length}) | ${fmt(memory / 1024, 2)} GB | ${fmt(first.rowsAccepted["SEN2 namedplan"] ?? 0, 0)} SEN2 plan rows, ${fmt(first.rowsAccepted["school census"] ?? 0, 0)} census rows, ${fmt(first.rowsAccepted["exclusions"] ?? 0, 0)} exclusions | < ${targets.seconds} s${targets.memoryMb ? `, < ${fmt(targets.memoryMb / 1024, 0)} GB` : ""}: ${verdict(seconds < targets.seconds && (!targets.memoryMb || memory < targets.memoryMb))} |`,
    `|  | ${phases.join("; ")} | | ${check} (${relative(REPO_ROOT, dir) || dir}) | |`,
  ];
}

function browserSection(pages: PageTimings[]): string[] {
  const rows = pages.map((p) => {
    const cards = median(p.cardsMs);
    const live = median(p.filtersLiveMs);
    const change = percentile(p.filterChangeMs, 95);
    const mb = p.bytes / 1024 / 1024;
    return `| ${p.path} | ${fmt(cards, 0)} ms ${verdict(cards < 1000)} | ${fmt(live, 0)} ms ${verdict(live < 3000)} | ${fmt(change, 0)} ms ${verdict(change < 100)} | ${fmt(mb, 2)} MB (gzip ${fmt(p.gzipBytes / 1024 / 1024, 2)} MB) ${verdict(mb < 1.5)} | ${p.biggest.map((b) => `${b.url.replace(/^\/_(file|node)\//, "")} ${fmt(b.bytes / 1024, 0)} KB`).join(", ")} |`;
  });
  return [
    "| Page | Every card shows a number (target < 1 s) | Filters live (target < 3 s) | Filter change, p95 of 50 (target < 100 ms) | Bytes as served, excluding the DuckDB binary and worker (target < 1.5 MB) | Largest files |",
    "|---|---|---|---|---|---|",
    ...rows,
  ];
}

/** The browser section of the current docs/benchmark.md (kept when --skip-browser), marked as not re-run. */
function previousBrowserSection(): string[] {
  let text: string;
  try {
    text = readFileSync(join(REPO_ROOT, "docs", "benchmark.md"), "utf-8");
  } catch {
    return [];
  }
  const start = text.indexOf("## Browser");
  if (start < 0) return [];
  const end = text.indexOf("\n## ", start + 1);
  const section = text.slice(start, end < 0 ? undefined : end).trim().split("\n");
  const note = "Not re-run this time (`--skip-browser`): the figures below are from the last run that measured them.";
  return section[2] === note ? section : [section[0]!, "", note, ...section.slice(1)];
}

async function main() {
  const lines: string[] = [];
  const cpu = cpus();
  let duckdb = "";
  try { duckdb = JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", "@duckdb", "node-api", "package.json"), "utf-8")).version; } catch { /* optional */ }
  lines.push("# Benchmark", "", "Written by `npm run bench` (scripts/bench.ts); re-run it after a change that could move these figures.", "",
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${fmt(totalmem() / 2 ** 30, 1)} GB memory (${fmt(freemem() / 2 ** 30, 1)} GB free at the start), Node ${process.version}, @duckdb/node-api ${duckdb}, run on ${new Date().toISOString().slice(0, 10)}.`, "");

  lines.push("## Pipeline: raw extracts to every published KPI file", "",
    "| Data | Wall time | Peak memory | Rows | Target |", "|---|---|---|---|---|");
  process.stderr.write(`pipeline, LA size: ${runs} runs\n`);
  const la = Array.from({ length: runs }, () => pipelineRun(DEMO_DATA_DIR));
  lines.push(...pipelineSection("LA (the demo data)", DEMO_DATA_DIR, la, { seconds: 10 }, checkRowCounts(DEMO_DATA_DIR, la[0]!)));
  if (nationalScale > 0) {
    const dir = nationalDir ?? mkdtempSync(join(tmpdir(), "send-national-"));
    try {
      let generated = "";
      if (!nationalDir) {
        process.stderr.write(`generating national-size data (--scale ${nationalScale}, one census) in ${dir}\n`);
        const started = performance.now();
        execFileSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts", "generate-demo.ts"), "--out", dir, "--scale", String(nationalScale), "--newest-census-only"], { stdio: ["ignore", "ignore", "inherit"] });
        generated = `, generated in ${fmt((performance.now() - started) / 1000, 0)} s`;
      }
      const size = walk(dir).reduce((sum, path) => sum + statSync(path).size, 0);
      process.stderr.write(`pipeline, national size (${dir})\n`);
      try {
        const national = Array.from({ length: nationalRuns }, () => pipelineRun(dir));
        lines.push(...pipelineSection(`National (--scale ${nationalScale}, ${fmt(size / 2 ** 30, 2)} GB of extracts${generated})`, dir, national, { seconds: 180, memoryMb: 6144 }, checkRowCounts(dir, national[0]!)));
      } catch (error) {
        lines.push(`| National (--scale ${nationalScale}) | did not finish | | | **missed**: ${(error as Error).message.replace(/\|/g, "/")} |`);
      }
    } finally {
      if (!nationalDir) rmSync(dir, { recursive: true, force: true });
    }
  } else {
    lines.push("", "National size was not run this time (`npm run bench -- --national`: it generates several GB and takes many minutes).");
  }

  if (!argv.includes("--skip-browser")) {
    if (!existsSync(join(REPO_ROOT, "dist", "ehcp.html"))) execFileSync("npm", ["run", "build"], { cwd: REPO_ROOT, stdio: "inherit" });
    process.stderr.write(`browser: ${BENCH_PAGES.join(", ")}\n`);
    const pages = await benchPages(BENCH_PAGES, 5, 50);
    lines.push("", "## Browser: the demo build in headless chromium, cold cache, median of 5 runs", "", ...browserSection(pages));
  } else {
    // Not measured this time: the last measured browser figures stay, said to be from an earlier run.
    const previous = previousBrowserSection();
    if (previous.length > 0) lines.push("", ...previous);
  }
  lines.push("", "## What dominates", "", ...readFileSync(join(REPO_ROOT, "docs", "benchmark-notes.md"), "utf-8").trim().split("\n"), "");
  writeFileSync(join(REPO_ROOT, "docs", "benchmark.md"), lines.join("\n"));
  process.stdout.write(lines.join("\n") + "\n");
}

await main();
