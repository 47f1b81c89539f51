// snapshot_plans and new_plans take each plan's primary need and setting from the SEN2 record nearest the
// date (nearestRecordOrder). They find it through date windows (nearestRecordWindowsSql), which a national
// run needs; this checks the windows give the record the ranking puts first, on random records and
// dates, on both DuckDB engines.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { NodeDuckDb } from "../../loaders/node/duckdb-node.js";
import { nearestRecordOrder, nearestRecordWindowsSql } from "../../loaders/kpis/shared-sql.js";
import type { SqlEngine } from "../../loaders/kpis/engine.js";
import { isoOfDays } from "../../loaders/model/columnar.js";
import { openWasmEngine } from "../support/wasm-engine.js";

interface Case {
  /** Per request: its records (days since 1970 of the reference date, and whether the value is known). */
  requests: { referenceDay: number; known: boolean }[][];
  /** Days asked about. */
  days: number[];
}

/** Records of one request have different reference dates (two exports with one date tie on every date). */
const requestRecords = fc.uniqueArray(fc.record({ referenceDay: fc.integer({ min: 19_000, max: 20_500 }), known: fc.boolean() }), { minLength: 1, maxLength: 5, selector: (r) => r.referenceDay });
const cases = fc.record({ requests: fc.array(requestRecords, { minLength: 1, maxLength: 8 }), days: fc.uniqueArray(fc.integer({ min: 18_800, max: 20_700 }), { minLength: 1, maxLength: 12 }) });

/** The random days, and the days either side of each midpoint between two records (where the answer turns). */
function daysAsked(records: Case["requests"][number], days: readonly number[]): number[] {
  const dates = records.map((r) => r.referenceDay).sort((a, b) => a - b);
  const turns = dates.flatMap((day, at) => {
    const next = dates[at + 1];
    if (next === undefined) return [day];
    const middle = Math.floor((day + next) / 2);
    return [day, middle - 1, middle, middle + 1, middle + 2];
  });
  return [...new Set([...days, ...turns])];
}

async function load(engine: SqlEngine, test: Case, withTurns = true): Promise<void> {
  const records = test.requests.flatMap((records, request) => records.map((r, at) => ({ request_id: request + 1, reference_date: isoOfDays(r.referenceDay), primary_need: r.known ? `NEED${request}_${at}` : "UNKNOWN" })));
  await engine.loadTable({ name: "plan_records", columns: [{ name: "request_id", type: "integer" }, { name: "reference_date", type: "date" }, { name: "primary_need", type: "varchar" }], rows: records });
  const asked = test.requests.flatMap((records, request) => (withTurns ? daysAsked(records, test.days) : test.days).map((day) => ({ request_id: request + 1, on_date: isoOfDays(day) })));
  await engine.loadTable({ name: "asked", columns: [{ name: "request_id", type: "integer" }, { name: "on_date", type: "date" }], rows: asked });
}

const BY_RANKING = `
SELECT a.request_id, CAST(a.on_date AS VARCHAR) AS on_date,
  arg_min(r.primary_need, ${nearestRecordOrder("r.reference_date", "a.on_date", "r.primary_need = 'UNKNOWN'")}) AS need
FROM asked a JOIN plan_records r ON r.request_id = a.request_id
GROUP BY a.request_id, a.on_date
ORDER BY ALL`;

const BY_WINDOWS = `
WITH windows AS (${nearestRecordWindowsSql("primary_need", "primary_need = 'UNKNOWN'")})
SELECT a.request_id, CAST(a.on_date AS VARCHAR) AS on_date, w.value AS need
FROM asked a JOIN windows w ON w.request_id = a.request_id AND a.on_date >= w.valid_from AND a.on_date < w.valid_to
ORDER BY ALL`;

describe("the nearest SEN2 record by date windows", () => {
  it("is the record the ranking puts first, for every request and date (both engines)", async () => {
    const node = await NodeDuckDb.open();
    const wasm = await openWasmEngine();
    try {
      await fc.assert(fc.asyncProperty(cases, async (test) => {
        for (const engine of [node, wasm]) {
          await load(engine, test);
          const ranked = await engine.query(BY_RANKING);
          // Exactly one window holds each date: the same rows, one per request and date.
          expect(await engine.query(BY_WINDOWS)).toEqual(ranked);
          expect(ranked.length).toBe(test.requests.reduce((sum, records) => sum + daysAsked(records, test.days).length, 0));
        }
      }), { numRuns: 60 });
    } finally {
      node.close();
    }
  }, 120_000);

  it("gives one record for every date when two share a reference date (a re-export), and passes over undated ones", async () => {
    const node = await NodeDuckDb.open();
    try {
      const base = 19_000;
      await load(node, { requests: [[{ referenceDay: base + 100, known: true }, { referenceDay: base + 100, known: true }, { referenceDay: base + 300, known: true }]], days: [base, base + 99, base + 100, base + 101, base + 199] }, false);
      await node.exec("INSERT INTO plan_records VALUES (1, NULL, 'UNDATED')");
      const needs = (await node.query(BY_WINDOWS)).map((row) => row.need);
      expect(needs).toHaveLength(5);
      expect(new Set(needs)).toEqual(new Set(["NEED0_0"]));
    } finally {
      node.close();
    }
  });

  it("turns at the midpoint, the later record winning a tie", async () => {
    const node = await NodeDuckDb.open();
    try {
      // Records on day 100 and day 110 (relative): from day 105 on, the later one is nearer or as near.
      const base = 19_000;
      await load(node, { requests: [[{ referenceDay: base + 100, known: true }, { referenceDay: base + 110, known: true }]], days: [base + 104, base + 105, base + 106] }, false);
      const needs = (await node.query(BY_WINDOWS)).map((row) => row.need);
      expect(needs).toEqual(["NEED0_0", "NEED0_1", "NEED0_1"]);
      expect((await node.query(BY_RANKING)).map((row) => row.need)).toEqual(needs);
    } finally {
      node.close();
    }
  });
});
