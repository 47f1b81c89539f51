// Large education extracts are read in a worker thread beside SEN2 (loaders/node/education-worker.ts):
// the result must be the one reading everything in one thread gives, table for table and problem for
// problem, and a problem the worker finds must reach the caller as the same clear error.

import { describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_DATA_DIR } from "../../loaders/node/config.js";
import { ingest, ingestInParallel } from "../../loaders/node/pipeline.js";
import { DataError } from "../../loaders/sources/problems.js";

const tableRows = (ingested: Awaited<ReturnType<typeof ingestInParallel>>) =>
  Object.fromEntries(Object.entries(ingested.tables).map(([name, table]) => [name, table.rows]));

describe("reading the education extracts in a worker thread", () => {
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
    const dir = mkdtempSync(join(tmpdir(), "parallel-ingest-"));
    cpSync(DEMO_DATA_DIR, dir, { recursive: true });
    // A census without its UPN column cannot be read.
    const census = join(dir, "education", "school-census-2025-01-16.csv");
    const [header, ...rest] = readFileSync(census, "utf-8").split("\n");
    writeFileSync(census, [header!.replace(/^UPN,|,UPN,/, (found) => found.replace("UPN", "PupilRef")), ...rest].join("\n"));
    const serial = (() => { try { ingest(dir); } catch (error) { return error as Error; } throw new Error("expected an error"); })();
    const parallel = await ingestInParallel(dir, 0).then(() => { throw new Error("expected an error"); }, (error: Error) => error);
    expect(serial).toBeInstanceOf(DataError);
    expect(parallel).toBeInstanceOf(DataError);
    expect(parallel.message).toBe(serial.message);
    expect(parallel.message).toMatch(/school-census-2025-01-16\.csv/);
  }, 120_000);
});
