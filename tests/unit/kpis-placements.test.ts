// Placement, register and post-16 KPI semantics on hand-written extracts (tests/fixtures/small-area-placements.ts),
// run on Node DuckDB and DuckDB-WASM. Every expectation is derived by hand in the comment beside it.

import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSmallAreaPlacements } from "../fixtures/small-area-placements.js";
import { ingest, runEntries } from "../../loaders/node/pipeline.js";
import { NodeDuckDb } from "../../loaders/node/duckdb-node.js";
import { openWasmEngine } from "../support/wasm-engine.js";
import { runKpis, type Cell, type SqlEngine } from "../../loaders/kpis/engine.js";
import { seriesPeriods } from "../../loaders/kpis/periods.js";
import { compulsorySchoolAgeSql, ncYearSql } from "../../loaders/kpis/shared-sql.js";
import type { Dimension } from "../../loaders/kpis/types.js";

function area(without: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), "placements-area-"));
  writeSmallAreaPlacements(dir, { without });
  return dir;
}

async function cellsOn(dir: string, engine: SqlEngine) {
  const ingested = ingest(dir);
  const periods = seriesPeriods(ingested.windows);
  const entries = runEntries(ingested).filter((k) => k.domain === "placements" || k.domain === "post16");
  const cells = await runKpis(engine, Object.values(ingested.tables), entries, periods);
  return { ingested, cells, entries };
}

const engines: [string, () => Promise<SqlEngine & { close?: () => void }>][] = [
  ["Node DuckDB", () => NodeDuckDb.open()],
  ["DuckDB-WASM", () => openWasmEngine()],
];

const DIMS: readonly Dimension[] = ["age_band", "primary_need", "setting", "sen_status", "phase"];
const finder = (cells: readonly Cell[]) => {
  const cell = (kpi: string, measure: string, period: string, dims: Partial<Record<Dimension, string>> = {}) =>
    cells.find((c) => c.kpi === kpi && c.measure === measure && c.period === period && DIMS.every((dim) => c[dim] === (dims[dim] ?? "All")));
  return { cell, value: (...args: Parameters<typeof cell>) => cell(...args)?.value };
};

describe.each(engines)("placement KPIs on %s", (_name, open) => {
  let result: Awaited<ReturnType<typeof cellsOn>>;
  let found: ReturnType<typeof finder>;
  beforeAll(async () => {
    const engine = await open();
    result = await cellsOn(area(), engine);
    found = finder(result.cells);
    engine.close?.();
  });

  it("groups placements as DfE does, with out-of-area special schools by LA code", () => {
    const { cell } = found;
    // Ten plans: mainstream q1, q6, q8, q9, q10 (5); special q2 (state) and q3 (independent, LA 894); AP q7 (PRU).
    expect(cell("place.pct_mainstream", "pct", "2025-01")).toMatchObject({ numerator: 5, denominator: 10, value: 50 });
    expect(cell("place.pct_special", "pct", "2025-01")).toMatchObject({ numerator: 2, denominator: 10, value: 20 });
    expect(cell("place.pct_inmss", "pct", "2025-01")).toMatchObject({ numerator: 1, denominator: 10 });
    expect(cell("place.pct_ap", "pct", "2025-01")).toMatchObject({ numerator: 1, denominator: 10 });
    expect(found.value("place.count_ap", "count", "2025-01")).toBe(1);
    // Of the two special placements, q3's school is in LA 894, not the home LA 893.
    expect(cell("place.pct_special_out_of_area", "pct", "2025-01")).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    // By primary need: q1 is the only ASD plan, in mainstream.
    expect(cell("place.pct_mainstream", "pct", "2025-01", { primary_need: "ASD" })).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it("takes home education dates from the register and plan status from SEN2", () => {
    const { value } = found;
    // q4 from 1 September 2024; q10 from 1 December 2024 (SEN2 says mainstream: the register wins); s7 has no plan.
    expect(value("place.ehe", "count", "2024-08")).toBe(0);
    expect(value("place.ehe", "count", "2024-11")).toBe(1);
    expect(value("place.ehe", "count", "2024-12")).toBe(2);
    // EOTAS: q5's package from 1 April 2024.
    expect(value("place.eotas", "count", "2024-03")).toBe(0);
    expect(value("place.eotas", "count", "2024-04")).toBe(1);
  });

  it("counts children missing education in years 0 to 11 only", () => {
    // q6 (year 11) and q7 (year 12) from 1 November 2024; s8 has no plan.
    expect(found.value("place.cme", "count", "2024-10")).toBe(0);
    expect(found.value("place.cme", "count", "2024-12")).toBe(1);
  });

  it("counts more than 15 school days without a place, across a half term", () => {
    // At 29 February 2024: q9 since 1 February = 7 + 5 + 4 = 16 school days (half term 12-16 February);
    // q8 since 2 February = 15 school days exactly, which is not more than 15.
    expect(found.value("place.no_place_15_days", "count", "2024-02")).toBe(1);
    // Both back on roll from 15 March.
    expect(found.value("place.no_place_15_days", "count", "2024-03")).toBe(0);
  });

  it("measures days from placement decision to on roll: average, median, longest and cases", () => {
    const { cell, value } = found;
    // May 2024: 20 (q1), 21 (q2), 90 (q3), 10 (s1); q6's decision is not yet on roll.
    expect(value("place.days_to_on_roll", "cases", "2024-05")).toBe(4);
    expect(value("place.days_to_on_roll", "average_days", "2024-05")).toBeCloseTo(35.25);
    expect(value("place.days_to_on_roll", "median_days", "2024-05")).toBeCloseTo(20.5);
    expect(value("place.days_to_on_roll", "longest_days", "2024-05")).toBe(90);
    expect(cell("place.days_to_on_roll", "average_days", "2024-05")).toMatchObject({ population: 4, suppressBy: ["population"], valueOnly: true });
    // By setting: state mainstream holds q1 (20) and s1 (10).
    expect(value("place.days_to_on_roll", "average_days", "2024-05", { setting: "state_mainstream" })).toBeCloseTo(15);
    // s1 is unknown to SEN2: age band Unknown.
    expect(value("place.days_to_on_roll", "cases", "2024-05", { age_band: "Unknown" })).toBe(1);
    // A month with no placements has no statistic, and zero cases.
    expect(value("place.days_to_on_roll", "average_days", "2024-07")).toBeNull();
    expect(value("place.days_to_on_roll", "cases", "2024-07")).toBe(0);
  });

  it("follows reintegration from AP, EHC plan and SEN support separately", () => {
    const { cell, value } = found;
    // March 2024 endings with SEND: q1 (plan, RTM), s2 (K, SPE), s3 (K, RTM), s5 (E on the AP record but no
    // SEN2 plan: SEN support, RTM). s4 has no SEN; s6 has not ended.
    expect(cell("place.ap_reintegration", "pct", "2024-03")).toMatchObject({ numerator: 3, denominator: 4, value: 75 });
    expect(cell("place.ap_reintegration", "pct", "2024-03", { sen_status: "ehc_plan" })).toMatchObject({ numerator: 1, denominator: 1 });
    expect(cell("place.ap_reintegration", "pct", "2024-03", { sen_status: "sen_support" })).toMatchObject({ numerator: 2, denominator: 3 });
    // Days in AP of the returners: q1 80, s3 29, s5 70.
    expect(value("place.ap_days_before_reintegration", "cases", "2024-03")).toBe(3);
    expect(value("place.ap_days_before_reintegration", "average_days", "2024-03")).toBeCloseTo(59.667, 2);
    expect(value("place.ap_days_before_reintegration", "median_days", "2024-03")).toBe(70);
    expect(value("place.ap_days_before_reintegration", "longest_days", "2024-03")).toBe(80);
    expect(value("place.ap_days_before_reintegration", "average_days", "2024-03", { sen_status: "sen_support" })).toBeCloseTo(49.5);
  });

  it("measures Fair Access waits for EHC plan, SEN support and no SEN (read from XLSX)", () => {
    const { value } = found;
    // September 2024: s2 10 days (no SEN), s3 20 (SEN support), q2 15 (recorded K, but SEN2 has a plan).
    expect(value("place.fap_days_to_on_roll", "cases", "2024-09")).toBe(3);
    expect(value("place.fap_days_to_on_roll", "average_days", "2024-09")).toBeCloseTo(15);
    expect(value("place.fap_days_to_on_roll", "longest_days", "2024-09")).toBe(20);
    expect(value("place.fap_days_to_on_roll", "average_days", "2024-09", { sen_status: "ehc_plan" })).toBe(15);
    expect(value("place.fap_days_to_on_roll", "average_days", "2024-09", { sen_status: "no_sen" })).toBe(10);
  });

  it("counts post-16 activity once per young person aged 16 to 25 with SEND", () => {
    const { cell, value } = found;
    // December 2024: q7 (16, plan, FE), the ULN-only young person (18, K, supported internship, supported
    // living), s9 (19, K, NEET since June, independent living). s10's activity is not known; s11 has no
    // SEN; s12 is 26. s10's older NEET spell was never closed, but the later-starting spell running is
    // their activity: they are not NEET (nor in the % of activity known).
    expect(value("p16.in_education", "count", "2024-12")).toBe(1);
    expect(value("p16.in_education", "count", "2024-12", { setting: "fe_post16", sen_status: "ehc_plan" })).toBe(1);
    expect(value("p16.training_employment", "count", "2024-12")).toBe(1);
    expect(value("p16.supported_living", "count", "2024-12")).toBe(2);
    expect(value("place.neet", "count", "2024-12")).toBe(1);
    expect(cell("place.neet", "pct", "2024-12")).toMatchObject({ numerator: 1, denominator: 3 });
    expect(cell("place.neet", "pct", "2024-12", { sen_status: "sen_support" })).toMatchObject({ numerator: 1, denominator: 2 });
    // March 2024: s9 was in the school sixth form; the newer spell is not yet running.
    expect(value("p16.in_education", "count", "2024-03", { setting: "school_sixth_form" })).toBe(1);
    expect(value("place.neet", "count", "2024-03")).toBe(0);
  });

  it("lists where SEN2 and the extracts disagree, with file and row", () => {
    const disagreements = result.ingested.problems.filter((p) => p.rule === "register-disagrees").map((p) => `${p.file.split("/").at(-1)}:${p.row}:${p.column}`).sort();
    expect(disagreements).toEqual([
      // q10's EHE spell covers 16 January 2025, when SEN2 places the child in mainstream.
      "ehe-register.csv:3:StartDate",
      // q2's Fair Access record says SEN support; s5's AP record says EHC plan with no SEN2 plan.
      "fair-access.xlsx:6:SENStatus",
      "ap-placements.csv:6:SENStatus",
    ].sort());
    expect(result.ingested.problems.find((p) => p.rule === "not-in-sen2")).toMatchObject({ row: 6, column: "UPN" });
  });
});

describe("placement KPIs without their extracts", () => {
  it("show x (not available) for every period, not zero, and fall back to SEN2 for home education", async () => {
    const engine = await NodeDuckDb.open();
    try {
      const { cells, entries } = await cellsOn(area(["ehe-register.csv", "cme-register.csv", "post16-activity.csv", "fair-access.xlsx"]), engine);
      const unavailable = entries.filter((entry) => entry.unavailable).map((entry) => entry.id).sort();
      expect(unavailable).toEqual(["p16.in_education", "p16.supported_living", "p16.training_employment", "place.cme", "place.fap_days_to_on_roll", "place.neet"]);
      expect(cells.some((cell) => unavailable.includes(cell.kpi))).toBe(false);
      // No EHE register: SEN2's EHE code (q4 only; q10 is in mainstream on SEN2).
      expect(finder(cells).value("place.ehe", "count", "2024-12")).toBe(1);
    } finally {
      engine.close();
    }
  });
});

describe.each(engines)("school-age rules on %s", (_name, open) => {
  it("gives national curriculum years by age and compulsory school age", async () => {
    const engine = await open();
    const one = async (sql: string) => Object.values((await engine.query(`SELECT ${sql} AS v`))[0]!)[0];
    const d = (iso: string) => `DATE '${iso}'`;
    // Born 31 August 2009: 15 on 31 August 2024, so year 11 in 2024/25; a day later, year 10.
    expect(Number(await one(ncYearSql(d("2009-08-31"), d("2024-12-31"))))).toBe(11);
    expect(Number(await one(ncYearSql(d("2009-09-01"), d("2024-12-31"))))).toBe(10);
    // Reception (year 0) in September after turning 4.
    expect(Number(await one(ncYearSql(d("2020-08-31"), d("2024-09-15"))))).toBe(0);
    // Fifth birthday 10 January 2025: compulsory from 31 March 2025.
    expect(await one(compulsorySchoolAgeSql(d("2020-01-10"), d("2025-03-30")))).toBe(false);
    expect(await one(compulsorySchoolAgeSql(d("2020-01-10"), d("2025-03-31")))).toBe(true);
    // Turns 16 in 2024/25 (born 1 May 2009): leaves on the last Friday of June 2025, 27 June.
    expect(await one(compulsorySchoolAgeSql(d("2009-05-01"), d("2025-06-27")))).toBe(true);
    expect(await one(compulsorySchoolAgeSql(d("2009-05-01"), d("2025-06-28")))).toBe(false);
    (engine as { close?: () => void }).close?.();
  });
});
