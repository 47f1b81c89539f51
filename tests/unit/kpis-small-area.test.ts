// KPI semantics on a hand-written area (tests/fixtures/small-area.ts), run on Node DuckDB and DuckDB-WASM.
// Every expectation is derived by hand in the comment beside it.

import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSmallArea } from "../fixtures/small-area.js";
import { ingest } from "../../loaders/node/pipeline.js";
import { NodeDuckDb } from "../../loaders/node/duckdb-node.js";
import { openWasmEngine } from "../support/wasm-engine.js";
import { runKpis, type Cell, type SqlEngine } from "../../loaders/kpis/engine.js";
import { describePeriod } from "../../loaders/kpis/periods.js";
import { KPIS } from "../../loaders/kpis/registry.js";

const PERIODS = ["2024", "2023-12", "2024-01", "2024-02", "2024-05", "2024-09", "2024-11", "2024-12", "2025-01", "2021-06"];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "small-area-"));
  writeSmallArea(dir);
});

async function cellsOn(engine: SqlEngine): Promise<Cell[]> {
  const ingested = ingest(dir);
  const periods = PERIODS.map((period) => describePeriod(period, ingested.windows));
  return runKpis(engine, Object.values(ingested.tables), KPIS, periods);
}

const engines: [string, () => Promise<SqlEngine & { close?: () => void }>][] = [
  ["Node DuckDB", () => NodeDuckDb.open()],
  ["DuckDB-WASM", () => openWasmEngine()],
];

describe.each(engines)("EHCP KPIs on %s", (_name, open) => {
  let cells: Cell[];
  beforeAll(async () => {
    const engine = await open();
    cells = await cellsOn(engine);
    engine.close?.();
  });

  /** The cell for a KPI measure in a period, "All" in every dimension unless given. */
  const cell = (kpi: string, measure: string, period: string, dims: Partial<Record<"age_band" | "primary_need" | "setting", string>> = {}) => {
    const found = cells.find(
      (c) => c.kpi === kpi && c.measure === measure && c.period === period &&
        c.age_band === (dims.age_band ?? "All") && c.primary_need === (dims.primary_need ?? "All") && c.setting === (dims.setting ?? "All"),
    );
    return found;
  };
  const value = (...args: Parameters<typeof cell>) => cell(...args)?.value;

  it("counts requests received in 2024 across both exports", () => {
    // R1 10 Jan, R2 1 Feb, R3 1 Mar, R5 1 Sep 2024; R4 (Nov 2023) and R7 (Mar 2023, January 2024 export only) are not in 2024.
    expect(value("ehcp.requests", "count", "2024")).toBe(4);
    // January 2024: R1 only.
    expect(value("ehcp.requests", "count", "2024-01")).toBe(1);
  });

  it("computes decisions to assess and the 6-week rate", () => {
    // Received in 2024 and decided to assess: R1, R2 -> 2 of 4 requests = 50%.
    expect(value("ehcp.decisions_to_assess", "count", "2024")).toBe(2);
    expect(cell("ehcp.decisions_to_assess", "pct_of_requests", "2024")).toMatchObject({ numerator: 2, denominator: 4, value: 50 });
    // Decisions dated 2024: R1 after 35 days, R2 after 48, R3 (not to assess) after 35 -> 2 of 3 within 42 days.
    expect(cell("ehcp.decisions_to_assess", "pct_decided_within_6_weeks", "2024")).toMatchObject({ numerator: 2, denominator: 3 });
    expect(value("ehcp.decisions_to_assess", "pct_decided_within_6_weeks", "2024")).toBeCloseTo(66.667, 2);
  });

  it("measures 20-week timeliness with and without exceptions, day 140 counting as within", () => {
    // R1: 10 Jan -> 29 May 2024 = 140 days, within, no exception. R2: 1 Feb -> 15 Jul = 165 days, an exception.
    expect(cell("ehcp.issued_20_weeks", "pct_excl_exceptions", "2024")).toMatchObject({ numerator: 1, denominator: 1, value: 100 });
    expect(cell("ehcp.issued_20_weeks", "pct_incl_exceptions", "2024")).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    expect(value("ehcp.issued_20_weeks", "count_within", "2024")).toBe(1);
    expect(value("ehcp.new_plans", "count", "2024")).toBe(2);
    expect(value("ehcp.new_plans", "count", "2024-05")).toBe(1);
  });

  it("counts open requests overdue by 30 and 52 weeks at the snapshot", () => {
    // 2024 snapshot = 31 Dec 2024. R4 open since 1 Nov 2023 = 426 days (> 210 and > 364). R5: 121 days.
    expect(value("ehcp.overdue_30_weeks", "count", "2024")).toBe(1);
    expect(value("ehcp.overdue_52_weeks", "count", "2024")).toBe(1);
    // Feb 2024 snapshot 29 Feb: R4 open 120 days; R1 and R2 decided to assess but no plan yet, 50 and 28 days.
    expect(value("ehcp.overdue_30_weeks", "count", "2024-02")).toBe(0);
  });

  it("finds plans active at a date, a plan ceasing on the snapshot date not counted", () => {
    // 30 Nov 2024: R1, R2 and R6 (ceases 31 Dec). 31 Dec 2024: R1, R2 only.
    expect(value("ehcp.active_plans", "count", "2024-11")).toBe(3);
    expect(value("ehcp.active_plans", "count", "2024-12")).toBe(2);
    expect(value("ehcp.active_plans", "count", "2024")).toBe(2);
    // January 2025's snapshot is the reference date, 16 January 2025: R1 and R2.
    expect(value("ehcp.active_plans", "count", "2025-01")).toBe(2);
  });

  it("takes a plan's setting from the export nearest the snapshot", () => {
    // R6 was at a state special school in the January 2024 export (18 Jan 2024) and at an independent
    // special school in January 2025's (16 Jan 2025).
    // 31 Dec 2023: 18 days before the 2024 export -> state special.
    expect(value("ehcp.active_plans", "count", "2023-12", { setting: "state_special" })).toBe(1);
    // 29 Feb 2024: 42 days after the 2024 export, 322 before the 2025 one -> still state special.
    expect(value("ehcp.active_plans", "count", "2024-02", { setting: "state_special" })).toBe(1);
    // 30 Sep 2024: 256 days after the 2024 export, 108 before the 2025 one -> independent special.
    expect(value("ehcp.active_plans", "count", "2024-09", { setting: "independent_special" })).toBe(1);
    // Age 11-15 on 30 Sep 2024: R6's child, born 20 Jan 2012, is 12.
    expect(value("ehcp.active_plans", "count", "2024-09", { age_band: "11-15", setting: "independent_special" })).toBe(1);
  });

  it("breaks down by primary need and age", () => {
    // 30 Nov 2024: R1 ASD (age 9), R2 SEMH (age 14), R6 MLD (age 12).
    expect(value("ehcp.active_plans", "count", "2024-11", { primary_need: "ASD" })).toBe(1);
    expect(value("ehcp.active_plans", "count", "2024-11", { age_band: "11-15" })).toBe(2);
    expect(value("ehcp.active_plans", "count", "2024-11", { age_band: "5-10", primary_need: "ASD", setting: "state_mainstream" })).toBe(1);
    // Timeliness by need in 2024: R1 (ASD) within; R2 (SEMH) excluded as an exception.
    expect(cell("ehcp.issued_20_weeks", "pct_excl_exceptions", "2024", { primary_need: "ASD" })).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it("counts tribunals and mediations with the per-100-decisions rate", () => {
    // R3's request tribunal and mediation, dated 5 Apr 2024. Appealable decisions in 2024: R3 not assessed, plans R1 and R2 = 3.
    expect(value("ehcp.tribunals", "count", "2024")).toBe(1);
    expect(cell("ehcp.tribunals", "rate_per_100_decisions", "2024")).toMatchObject({ numerator: 1, denominator: 3 });
    expect(value("ehcp.mediations", "count", "2024")).toBe(1);
  });

  it("marks periods the exports do not reach instead of filling them", () => {
    // The exports reach back to 1 Jan 2023 (January 2024 return): June 2021 has no cells.
    expect(cells.some((c) => c.period === "2021-06")).toBe(false);
    // January 2025 flows are partial (to the 16th).
    expect(cell("ehcp.requests", "count", "2025-01")?.coverage).toBe("partial");
  });
});
