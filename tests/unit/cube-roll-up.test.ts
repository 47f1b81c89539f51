// Cubes of counts and sums are taken once per combination of the breakdowns and then summed up the roll-ups
// (sharedCubeSql's roll-up), which a national run needs: 20 million plan-months aggregated once, not once
// per grouping of the cube. This checks the roll-up gives the same rows as aggregating every grouping from
// the units, on random units, on both DuckDB engines; and which tables a run may drop once its helper
// tables are built.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { NodeDuckDb } from "../../loaders/node/duckdb-node.js";
import { sharedCubeSql, tablesNoEntryReads, type SqlEngine } from "../../loaders/kpis/engine.js";
import type { KpiEntry } from "../../loaders/kpis/types.js";
import { KPIS } from "../../loaders/kpis/registry.js";
import { openWasmEngine } from "../support/wasm-engine.js";

const entry = (id: string, measures: KpiEntry["measures"]): KpiEntry => ({
  id, domain: "test", title: id, briefWording: id, definition: id, better: "context", breakdowns: ["age_band", "primary_need", "setting"],
  comparator: "none", source: "test", grain: "snapshot", calendar: "monthly", measures,
  units: "SELECT period, age_band, primary_need, setting, flag, sessions, attended FROM units_table",
});

/** Entries sharing one query, as the placement shares do: counts, ratios and a sum ratio. */
const ENTRIES: KpiEntry[] = [
  entry("t.count", [{ id: "n", kind: "count", label: "n" }, { id: "flagged", kind: "count", where: "flag", label: "flagged" }]),
  entry("t.ratio", [{ id: "pct", kind: "ratio", numerator: "flag", denominator: "true", scale: 100, unit: "pct", label: "pct" }]),
  entry("t.sum", [{ id: "pct", kind: "sum_ratio", numerator: "attended", denominator: "sessions", population: "sessions > 0", scale: 100, unit: "pct", label: "pct" }]),
];

const unit = fc.record({
  period: fc.constantFrom("2024-01", "2024-02"),
  age_band: fc.constantFrom("5-10", "11-15", null),
  primary_need: fc.constantFrom("ASD", "SEMH", "UNKNOWN"),
  setting: fc.constantFrom("mainstream", "special", null),
  flag: fc.option(fc.boolean()),
  sessions: fc.option(fc.integer({ min: 0, max: 400 })),
  attended: fc.option(fc.integer({ min: 0, max: 400 })),
});

async function load(engine: SqlEngine, units: readonly Record<string, string | number | boolean | null>[]): Promise<void> {
  await engine.loadTable({
    name: "units_table",
    columns: [
      { name: "period", type: "varchar" }, { name: "age_band", type: "varchar" }, { name: "primary_need", type: "varchar" }, { name: "setting", type: "varchar" },
      { name: "flag", type: "boolean" }, { name: "sessions", type: "integer" }, { name: "attended", type: "integer" },
    ],
    rows: units.map((row) => ({ ...row })),
  });
}

/** Rows in one order, numbers as numbers (engines give counts as bigint or number). */
const normalised = (rows: Record<string, unknown>[]) =>
  rows.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "bigint" ? Number(value) : value])))).sort();

describe("a cube rolled up from its combinations", () => {
  it("is the cube aggregated grouping by grouping, for counts, ratios and sums (both engines)", async () => {
    const node = await NodeDuckDb.open();
    const wasm = await openWasmEngine();
    const rolledUp = sharedCubeSql(ENTRIES);
    const direct = sharedCubeSql(ENTRIES, false);
    expect(rolledUp).not.toBe(direct);
    try {
      await fc.assert(fc.asyncProperty(fc.array(unit, { minLength: 1, maxLength: 60 }), async (units) => {
        for (const engine of [node, wasm]) {
          await load(engine, units);
          const expected = normalised(await engine.query(direct));
          expect(normalised(await engine.query(rolledUp))).toEqual(expected);
          // Every period's headline is there, with every unit counted once.
          const headlines = (await engine.query(rolledUp)).filter((row) => row.age_band === "All" && row.primary_need === "All" && row.setting === "All");
          expect(headlines.reduce((sum, row) => sum + Number(row.e0_m0_n), 0)).toBe(units.length);
        }
      }), { numRuns: 40 });
    } finally {
      node.close();
    }
  }, 120_000);

  it("is used for every KPI without a statistic, and refused for one with", () => {
    const stat = KPIS.find((kpi) => kpi.measures.some((measure) => measure.kind === "stat"))!;
    expect(() => sharedCubeSql([stat], true)).toThrow(/statistic/);
    expect(sharedCubeSql([stat])).not.toMatch(/combinations/);
    const counted = KPIS.filter((kpi) => kpi.breakdowns.length > 0 && kpi.measures.every((measure) => measure.kind !== "stat"));
    expect(counted.length).toBeGreaterThan(10);
    for (const kpi of counted) expect(sharedCubeSql([kpi])).toMatch(/combinations/);
  });
});

describe("tablesNoEntryReads", () => {
  it("names the tables no entry's units mention, by whole name", () => {
    const entries = [entry("t.a", [{ id: "n", kind: "count", label: "n" }]), { ...entry("t.b", [{ id: "n", kind: "count", label: "n" }]), units: "SELECT period FROM snapshot_plans JOIN Periods USING (period)" }];
    // "plans" is not read because "snapshot_plans" is; names are matched whatever their case.
    expect(tablesNoEntryReads(["units_table", "snapshot_plans", "plans", "periods", "pupils"], entries)).toEqual(["plans", "pupils"]);
  });

  it("keeps every table the registry's units read", () => {
    const read = ["snapshot_plans", "new_plans", "period_attendance", "school_pupils", "exclusion_events", "post16_snapshot", "register_snapshots", "requests", "plans", "periods", "local_sources", "school_days", "top_up"];
    expect(tablesNoEntryReads(read, KPIS)).toEqual([]);
    expect(tablesNoEntryReads(["pupils", "census_pupils", "plan_records"], KPIS)).toEqual(["pupils", "census_pupils", "plan_records"]);
  });
});
