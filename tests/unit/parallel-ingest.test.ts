// Large extracts are read with a worker thread (loaders/node/ingest-worker.ts): the older SEN2 exports and
// the education extracts there, the newest export and everything else here. The result must be the one
// reading everything in one thread gives, table for table and problem for problem, and a problem either
// thread finds must reach the caller as the same clear error.

import { describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_DATA_DIR } from "../../loaders/node/config.js";
import { computeKpiCells, educationPeriods, ingest, ingestAndCompute, ingestInParallel } from "../../loaders/node/pipeline.js";
import { censusPeriod, seriesPeriods } from "../../loaders/kpis/periods.js";
import { sortCells } from "../../loaders/publish/cube.js";
import { DataError } from "../../loaders/sources/problems.js";

const tableRows = (ingested: Awaited<ReturnType<typeof ingestInParallel>>) =>
  Object.fromEntries(Object.entries(ingested.tables).map(([name, table]) => [name, table.rows]));

/** A copy of the demo data to break. */
const demoCopy = () => {
  const dir = mkdtempSync(join(tmpdir(), "parallel-ingest-"));
  cpSync(DEMO_DATA_DIR, dir, { recursive: true });
  return dir;
};

/** Rewrites a CSV file's header line. */
const editHeader = (path: string, edit: (header: string) => string) => {
  const [header, ...rest] = readFileSync(path, "utf-8").split("\n");
  writeFileSync(path, [edit(header!), ...rest].join("\n"));
};

const errorOf = async (dir: string) => {
  const serial = (() => { try { ingest(dir); } catch (error) { return error as Error; } throw new Error("expected an error"); })();
  const parallel = await ingestInParallel(dir, 0).then(() => { throw new Error("expected an error"); }, (error: Error) => error);
  return { serial, parallel };
};

describe("reading the extracts with a worker thread", () => {
  it("gives the same tables, accounts and problems as one thread", async () => {
    const serial = ingest(DEMO_DATA_DIR);
    // minBytes 0: the demo's extracts are small, so force the worker.
    const parallel = await ingestInParallel(DEMO_DATA_DIR, 0);
    expect(Object.keys(parallel.tables).sort()).toEqual(Object.keys(serial.tables).sort());
    expect(tableRows(parallel)).toEqual(tableRows(serial));
    expect(parallel.accounts).toEqual(serial.accounts);
    expect(parallel.problems).toEqual(serial.problems);
    expect(parallel.censusDates).toEqual(serial.censusDates);
    expect(parallel.tables.pupils.rows.length).toBeGreaterThan(200_000);
  }, 120_000);

  it("passes on a problem the worker finds as the same error, naming the file", async () => {
    const dir = demoCopy();
    // A census without its UPN column cannot be read.
    editHeader(join(dir, "education", "school-census-2025-01-16.csv"), (header) => header.replace(/^UPN,|,UPN,/, (found) => found.replace("UPN", "PupilRef")));
    const { serial, parallel } = await errorOf(dir);
    expect(serial).toBeInstanceOf(DataError);
    expect(parallel).toBeInstanceOf(DataError);
    expect(parallel.message).toBe(serial.message);
    expect(parallel.message).toMatch(/school-census-2025-01-16\.csv/);
  }, 120_000);

  it("passes on the first problem in SEN2 export order, whichever thread found it", async () => {
    const dir = demoCopy();
    // The oldest export (read by the worker) loses a module; the newest (read here) too.
    rmSync(join(dir, "sen2", "Blade-Export_19-01-2023_senneed.csv"));
    const older = await errorOf(dir);
    expect(older.parallel).toBeInstanceOf(DataError);
    expect(older.parallel.message).toBe(older.serial.message);
    expect(older.parallel.message).toMatch(/19-01-2023_senneed/);
    rmSync(join(dir, "sen2", "Blade-Export_16-01-2025_senneed.csv"));
    const both = await errorOf(dir);
    expect(both.parallel.message).toBe(both.serial.message);
    expect(both.parallel.message).toMatch(/19-01-2023_senneed/);
  }, 120_000);

  it("passes on a problem in a local extract (read ahead here) where one thread meets it: after SEN2's", async () => {
    const dir = demoCopy();
    // A placement decisions extract without its decision date cannot be read.
    editHeader(join(dir, "local", "placement-decisions.csv"), (header) => header.replace("DecisionDate", "Decided"));
    const local = await errorOf(dir);
    expect(local.parallel).toBeInstanceOf(DataError);
    expect(local.parallel.message).toBe(local.serial.message);
    expect(local.parallel.message).toMatch(/placement-decisions\.csv/);
    // With an older SEN2 export broken too, one thread meets that first: so must two.
    rmSync(join(dir, "sen2", "Blade-Export_19-01-2023_senneed.csv"));
    const both = await errorOf(dir);
    expect(both.parallel.message).toBe(both.serial.message);
    expect(both.parallel.message).toMatch(/19-01-2023_senneed/);
  }, 120_000);

  it("hands the canonical tables over before the education extracts arrive; a table taken is not in the result", async () => {
    const handed: string[] = [];
    const parallel = await ingestInParallel(DEMO_DATA_DIR, 0, async (tables) => {
      handed.push(...Object.keys(tables));
      delete tables.children;
    });
    expect(handed).toContain("children");
    expect(handed).toContain("plan_records");
    expect(handed).toContain("placement_decisions");
    expect(handed).not.toContain("pupils");
    expect(Object.keys(parallel.tables)).not.toContain("children");
    expect(Object.keys(parallel.tables)).toContain("pupils");
  }, 120_000);

  it("computes the same cells when the canonical tables go into DuckDB while the worker reads", async () => {
    const serial = ingest(DEMO_DATA_DIR);
    const periods = [...seriesPeriods(serial.windows), ...educationPeriods(serial), ...serial.exports.map((e) => censusPeriod(e.referenceDate))];
    const expected = await computeKpiCells(serial, periods);
    const overlapped = await ingestAndCompute(DEMO_DATA_DIR, () => {}, 0);
    expect(overlapped.cells.length).toBeGreaterThan(10_000);
    // DuckDB returns rows in no set order: compared in the order the pipeline publishes them.
    expect(sortCells(overlapped.cells)).toEqual(sortCells(expected));
  }, 240_000);
});
