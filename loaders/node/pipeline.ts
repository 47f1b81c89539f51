// The whole build-time pipeline: discover -> read and validate -> canonical tables -> KPIs -> published
// cube and data-quality report. Results are cached under .cache/pipeline by a fingerprint of every input
// file's bytes, the pipeline code and the configuration, so a changed extract always means a fresh run.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { DataError, type Problem, type RowAccount } from "../sources/problems.js";
import { coversFrom } from "../model/canonical.js";
import { classifySourceFile, groupSourceFiles, ingestCore, ingestSources, readAhead, readEstablishmentsFile, readLocalExtracts, withEducation, type Ingested } from "../model/ingest.js";
import { readSen2Export, type Sen2Export } from "../sources/sen2.js";
import { startIngestWorker, type IngestWorker } from "./ingest-worker.js";
import { collectGarbage } from "./memory.js";
import { byteLength } from "../sources/csv.js";
import { KPIS, withAvailability } from "../kpis/registry.js";
import type { KpiEntry } from "../kpis/types.js";
import { computeCells, loadPeriods, buildHelperTables, tablesNoEntryReads, type Cell } from "../kpis/engine.js";
import { censusPeriod, describePeriod, isSchoolPeriod, seriesPeriods, type Period } from "../kpis/periods.js";
import { educationPeriods as schoolCalendarPeriods } from "../model/school-calendar.js";
import { publishSeries, unavailableCells, assertNoSmallCounts, assertNoLineReveals, sortCells, type PublishedCell } from "../publish/cube.js";
import { kpiCoverage, type KpiCoverage } from "../publish/coverage.js";
import { NodeDuckDb } from "./duckdb-node.js";
import { discoverSourcePaths, readSourceFiles } from "./discover.js";
import { isDemoData, readAreaConfig, readLocalConfigFiles, readTermDatesFile, REPO_ROOT, type AreaConfig } from "./config.js";

export interface PipelineMeta {
  la: string;
  laName: string;
  demo: boolean;
  /** Newest export's reference date: the "last updated" of every figure. */
  referenceDate: string;
  /** School census days the education extracts hold, oldest first. */
  censusDates: string[];
  exports: { exportDate: string; referenceDate: string; coversFrom: string }[];
  suppressionThreshold: number;
  /** KPIs this run cannot compute (a required local extract is missing), with why. */
  unavailable: Record<string, string>;
}

export interface DataQuality {
  accounts: RowAccount[];
  problems: Problem[];
  coverage: KpiCoverage[];
}

export interface PipelineResult {
  meta: PipelineMeta;
  periods: Period[];
  /** Unsuppressed cells, including census-day snapshots: for local use and the reconciliation's headline totals only. */
  cells: Cell[];
  published: PublishedCell[];
  dataQuality: DataQuality;
}

interface NodeIngested extends Ingested {
  config: AreaConfig;
  demo: boolean;
}

/** Reads and validates every source below `dataDir` and builds the canonical tables. */
export function ingest(dataDir: string): NodeIngested {
  const config = readAreaConfig();
  const files = readSourceFiles(dataDir);
  try {
    return { ...ingestSources(files, config.homeLa.oldCode, readLocalConfigFiles(config)), config, demo: isDemoData(dataDir) };
  } catch (error) {
    if (error instanceof DataError) throw new DataError(`${dataDir}: ${error.message}`);
    throw error;
  }
}

/** Extracts at least this large (SEN2 and education together) are read with a worker thread (smaller ones are not worth one). */
export const PARALLEL_BYTES = 64 << 20;

/**
 * ingest, on two threads when the extracts are large (`minBytes`): a worker reads every SEN2 export but the
 * newest, then the education extracts, while this thread reads the newest export and the local extracts
 * and then builds the canonical and placement tables. The same result (tables, accounts, problems, in the same order), sooner on
 * a machine with two cores. `whileWaiting` is given the canonical and placement tables as soon as they are
 * built, to use (loading them into DuckDB) while the worker finishes the education extracts; a table it
 * deletes from them is not in the result.
 */
export async function ingestInParallel(dataDir: string, minBytes = PARALLEL_BYTES, whileWaiting?: (tables: Partial<Ingested["tables"]>) => Promise<void>): Promise<NodeIngested> {
  const config = readAreaConfig();
  const homeLa = config.homeLa.oldCode;
  const files = readSourceFiles(dataDir);
  const large = files.filter((file) => ["sen2", "education"].includes(classifySourceFile(file.name).kind));
  const bytes = large.reduce((sum, file) => sum + (file.source ? byteLength(file.source) : 0), 0);
  if (bytes === 0 || bytes < minBytes) return ingest(dataDir);
  let worker: IngestWorker | undefined;
  try {
    // What one thread checks before any SEN2 export, checked first here too: the same first error.
    const localConfig = readLocalConfigFiles(config);
    const grouped = groupSourceFiles(files);
    worker = startIngestWorker(dataDir, homeLa, grouped.exports.slice(0, -1).map((entry) => entry.exportDate));
    const lookup = readEstablishmentsFile(grouped.establishments);
    const newest = grouped.exports.at(-1)!;
    let own: Sen2Export;
    try {
      own = readSen2Export(newest, { homeLa });
    } catch (error) {
      // An older export's problem is the one a single thread would have met first.
      await worker.sen2;
      throw error;
    }
    // The older exports take the worker longer than the newest takes here: the local extracts fill the wait.
    const placements = readAhead(() => readLocalExtracts(grouped.placements, localConfig));
    const sen2 = new Map([...(await worker.sen2), own].map((entry) => [entry.exportDate, entry] as const));
    const core = ingestCore(files, homeLa, localConfig, { sen2, lookup, placements });
    await whileWaiting?.(core.tables);
    return { ...withEducation(core, await worker.education), config, demo: isDemoData(dataDir) };
  } catch (error) {
    worker?.stop();
    if (error instanceof DataError) throw new DataError(`${dataDir}: ${error.message}`);
    throw error;
  }
}

/** The registry as this run can compute it: KPIs whose local extract is missing are marked unavailable. */
export const runEntries = (ingested: Pick<Ingested, "localSources">): KpiEntry[] => withAvailability(KPIS, ingested.localSources);

/** Runs `use` on a fresh in-memory DuckDB, closed after. */
async function withEngine<T>(use: (engine: NodeDuckDb) => Promise<T>): Promise<T> {
  const engine = await NodeDuckDb.open();
  try {
    return await use(engine);
  } finally {
    engine.close();
  }
}

/** Loads tables into DuckDB; with `release`, each is deleted from `tables` once DuckDB holds it. */
async function loadTables(engine: NodeDuckDb, tables: Partial<Ingested["tables"]>, release: boolean): Promise<void> {
  for (const name of Object.keys(tables) as (keyof Ingested["tables"])[]) {
    await engine.loadTable(tables[name]!);
    if (release) delete tables[name];
  }
}

/**
 * Runs the KPI registry over ingested data for the given periods on a fresh in-memory DuckDB. With
 * `release`, each table is dropped from `ingested` once DuckDB holds it, so a national run's JavaScript
 * copy (gigabytes) can go while DuckDB works.
 */
export async function computeKpiCells(ingested: NodeIngested, periods: readonly Period[], lap: (phase: string) => void = () => {}, release = false): Promise<Cell[]> {
  return withEngine((engine) => computeKpiCellsOn(engine, ingested, periods, lap, release));
}

/** computeKpiCells on an engine that may already hold some of the tables (those no longer in `ingested`). */
async function computeKpiCellsOn(engine: NodeDuckDb, ingested: NodeIngested, periods: readonly Period[], lap: (phase: string) => void, release: boolean): Promise<Cell[]> {
  await loadTables(engine, ingested.tables, release);
  // What was let go is given back before DuckDB builds its helper tables (see memory.ts).
  if (release) collectGarbage();
  await loadPeriods(engine, periods);
  await buildHelperTables(engine);
  const entries = runEntries(ingested);
  if (release) {
    // What only the helper tables read goes too: less for DuckDB to hold (or spill) while the cubes run.
    const tables = (await engine.query("SELECT table_name FROM duckdb_tables()")).map((row) => String(row.table_name));
    for (const name of tablesNoEntryReads(tables, entries)) await engine.exec(`DROP TABLE ${name}`);
  }
  lap("load DuckDB and build helper tables");
  return await computeCells(engine, entries, periods);
}

function metaOf(ingested: NodeIngested): PipelineMeta {
  const newest = [...ingested.exports].sort((a, b) => a.referenceDate.localeCompare(b.referenceDate)).at(-1)!;
  return {
    la: newest.la,
    laName: ingested.config.homeLa.oldCode === newest.la ? ingested.config.homeLa.name : `LA ${newest.la}`,
    demo: ingested.demo,
    referenceDate: newest.referenceDate,
    exports: ingested.exports.map((e) => ({ exportDate: e.exportDate, referenceDate: e.referenceDate, coversFrom: coversFrom(e.referenceDate) })),
    censusDates: ingested.censusDates,
    suppressionThreshold: ingested.config.suppressionThreshold,
    unavailable: Object.fromEntries(runEntries(ingested).filter((entry) => entry.unavailable).map((entry) => [entry.id, entry.unavailable!])),
  };
}

/** The school terms and academic years the education extracts cover (see loaders/model/school-calendar.ts). */
export function educationPeriods(ingested: NodeIngested): Period[] {
  return schoolCalendarPeriods(ingested, readTermDatesFile(ingested.config));
}

/**
 * Reads the extracts and computes every KPI cell (census-day snapshots too) on one DuckDB: the canonical
 * tables go into it while the worker (when extracts reach `minBytes`) still reads the education extracts.
 */
export async function ingestAndCompute(dataDir: string, lap: (phase: string) => void = () => {}, minBytes = PARALLEL_BYTES): Promise<{ ingested: NodeIngested; periods: Period[]; cells: Cell[] }> {
  return withEngine(async (engine) => {
    const ingested = await ingestInParallel(dataDir, minBytes, (tables) => loadTables(engine, tables, true));
    const periods = [...seriesPeriods(ingested.windows), ...educationPeriods(ingested)];
    lap("read and validate extracts");
    // Census-day snapshots are computed for the reconciliation with DfE's January figures, never published.
    const census = ingested.exports.map((e) => censusPeriod(e.referenceDate));
    const cells = await computeKpiCellsOn(engine, ingested, [...periods, ...census], lap, true);
    return { ingested, periods, cells };
  });
}

/** The published series (36 months, calendar years, school terms and academic years), suppressed and checked. */
/** `lap` is told as each phase ends (the benchmark times them). */
export async function runPipeline(dataDir: string, lap: (phase: string) => void = () => {}): Promise<PipelineResult> {
  const { ingested, periods, cells } = await ingestAndCompute(dataDir, lap);
  lap("compute KPI cubes (SQL)");
  const seriesCells = cells.filter((cell) => !cell.period.startsWith("census:"));
  const threshold = ingested.config.suppressionThreshold;
  const entries = runEntries(ingested);
  const published = sortCells([...publishSeries(seriesCells, periods, entries, threshold), ...unavailableCells(entries, periods)]);
  assertNoSmallCounts(published, threshold);
  assertNoLineReveals(published, entries, threshold);
  lap("suppress and check");
  process.stderr.write(buildSummary(ingested));
  return {
    meta: metaOf(ingested),
    periods,
    cells: sortCells(cells),
    published,
    dataQuality: { accounts: ingested.accounts, problems: ingested.problems, coverage: kpiCoverage(entries, periods) },
  };
}

/** The summary a build prints: rows in, accepted and rejected per file, and problems by severity. */
export function buildSummary(ingested: Pick<Ingested, "accounts" | "problems">): string {
  const lines = ingested.accounts.map((a) => `  ${a.file}: ${a.rowsIn} rows in, ${a.accepted} accepted, ${a.rejected} rejected`);
  const errors = ingested.problems.filter((p) => p.severity === "error").length;
  const warnings = ingested.problems.length - errors;
  return `SEND pipeline: ${ingested.accounts.length} files read\n${lines.join("\n")}\n  problems: ${errors} errors, ${warnings} warnings (see the data-quality page)\n`;
}

/** Cells for arbitrary periods (the CLI's --period), unsuppressed. */
export async function runForPeriods(dataDir: string, periodIds: readonly string[]) {
  const ingested = ingest(dataDir);
  const school = educationPeriods(ingested);
  const periods = periodIds.map((id) => {
    if (!isSchoolPeriod(id)) return describePeriod(id, ingested.windows);
    const found = school.find((period) => period.period === id);
    if (!found) throw new DataError(`No school census in ${id}: the education extracts cover ${school.map((p) => p.period).join(", ") || "no terms"}.`);
    return found;
  });
  return { meta: metaOf(ingested), periods, cells: await computeKpiCells(ingested, periods) };
}

const CACHE_DIR = join(REPO_ROOT, ".cache", "pipeline");

/** Hash of every input file's name and bytes, the pipeline's own code and the configuration. */
export function pipelineFingerprint(dataDir: string): string {
  const hash = createHash("sha256");
  for (const path of discoverSourcePaths(dataDir)) {
    hash.update(relative(dataDir, path)).update("\0").update(readFileSync(path)).update("\0");
  }
  hash.update(String(isDemoData(dataDir)));
  const codeFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? codeFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
    );
  for (const path of codeFiles(join(REPO_ROOT, "loaders")).sort()) hash.update(readFileSync(path));
  hash.update(readFileSync(process.env.SEND_CONFIG ?? join(REPO_ROOT, "send.config.json")));
  for (const file of Object.values(readLocalConfigFiles(readAreaConfig()))) hash.update(file.text);
  return hash.digest("hex").slice(0, 24);
}

/** runPipeline, reusing the result of an identical earlier run (every Framework loader calls this). */
export async function cachedPipeline(dataDir: string): Promise<PipelineResult> {
  const path = join(CACHE_DIR, `${pipelineFingerprint(dataDir)}.json`);
  if (existsSync(path)) return JSON.parse(readFileSync(path, "utf-8")) as PipelineResult;
  const result = await runPipeline(dataDir);
  mkdirSync(CACHE_DIR, { recursive: true });
  // Write then rename, so a loader running alongside never reads half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(result));
  renameSync(temporary, path);
  return result;
}
