// Education KPI semantics on hand-written extracts (tests/fixtures/small-area-education.ts), run on Node
// DuckDB and DuckDB-WASM. Every expectation is derived by hand in the comment beside it. Autumn 2024/25 is
// complete (census 3 October 2024); spring 2024/25 is partial (census 16 January 2025, term to date).

import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSmallArea } from "../fixtures/small-area.js";
import { writeSmallAreaEducation } from "../fixtures/small-area-education.js";
import { educationPeriods, ingest } from "../../loaders/node/pipeline.js";
import { NodeDuckDb } from "../../loaders/node/duckdb-node.js";
import { openWasmEngine } from "../support/wasm-engine.js";
import { runKpis, type Cell, type SqlEngine } from "../../loaders/kpis/engine.js";
import { KPIS } from "../../loaders/kpis/registry.js";
import type { Dimension } from "../../loaders/kpis/types.js";
import { sortCells } from "../../loaders/publish/cube.js";

function area(spreadsheet: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), "education-area-"));
  writeSmallArea(dir);
  writeSmallAreaEducation(dir, { spreadsheet });
  return dir;
}

async function cellsOn(dir: string, engine: SqlEngine) {
  const ingested = ingest(dir);
  const periods = educationPeriods(ingested);
  const cells = await runKpis(engine, Object.values(ingested.tables), KPIS.filter((k) => k.domain === "education"), periods);
  return { ingested, periods, cells };
}

const engines: [string, () => Promise<SqlEngine & { close?: () => void }>][] = [
  ["Node DuckDB", () => NodeDuckDb.open()],
  ["DuckDB-WASM", () => openWasmEngine()],
];

const AUTUMN = "202425-autumn";
const SPRING = "202425-spring";
const YEAR = "202425";

describe.each(engines)("education KPIs on %s", (_name, open) => {
  let result: Awaited<ReturnType<typeof cellsOn>>;
  beforeAll(async () => {
    const engine = await open();
    result = await cellsOn(area(false), engine);
    engine.close?.();
  });

  const cell = (kpi: string, measure: string, period: string, dims: Partial<Record<Dimension, string>> = {}): Cell | undefined =>
    result.cells.find((c) => c.kpi === kpi && c.measure === measure && c.period === period &&
      (["age_band", "primary_need", "setting", "sen_status", "phase"] as const).every((dim) => c[dim] === (dims[dim] ?? "All")));
  const value = (...args: Parameters<typeof cell>) => cell(...args)?.value;

  it("describes the terms and the academic year from the censuses and the term dates", () => {
    const described = Object.fromEntries(result.periods.map((p) => [p.period, [p.census_date, p.term_coverage, p.start_date, p.end_date]]));
    expect(described).toEqual({
      // Autumn runs from 1 August to the day before the spring term's first day (6 January 2025).
      [AUTUMN]: ["2024-10-03", "complete", "2024-08-01", "2025-01-05"],
      [SPRING]: ["2025-01-16", "partial", "2025-01-06", "2025-04-21"],
      // The academic year counts pupils at its spring census.
      [YEAR]: ["2025-01-16", "partial", "2024-08-01", "2025-07-31"],
    });
  });

  it("counts pupils with SEN once each, dual registration included, as a share of all pupils", () => {
    // Autumn: A (no SEN), B (K), C (K, dual: counted once), D (E), E (E): 4 of 5 pupils.
    expect(value("edu.sen_pupils", "count", AUTUMN)).toBe(4);
    expect(value("edu.sen_pupils", "pct_of_pupils", AUTUMN)).toBeCloseTo(80);
    // EHC plan: D and E, 2 of all 5 pupils (a share of all pupils, not 100% of EHC plan pupils).
    expect(value("edu.sen_pupils", "count", AUTUMN, { sen_status: "ehc_plan" })).toBe(2);
    expect(value("edu.sen_pupils", "pct_of_pupils", AUTUMN, { sen_status: "ehc_plan" })).toBeCloseTo(40);
    // Phase: A, B in year 5 (primary); C's main registration and D at the secondary; E at the special school.
    expect(cell("edu.sen_pupils", "pct_of_pupils", AUTUMN, { phase: "primary" })).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    expect(value("edu.sen_pupils", "count", AUTUMN, { phase: "secondary" })).toBe(2);
    expect(value("edu.sen_pupils", "count", AUTUMN, { phase: "special" })).toBe(1);
    // Spring: A is now on SEN support; F (no SEN) has joined: 5 of 6.
    expect(value("edu.sen_pupils", "count", SPRING)).toBe(5);
    expect(value("edu.sen_pupils", "count", SPRING, { sen_status: "sen_support", primary_need: "SLCN" })).toBe(1);
  });

  it("computes attendance from sessions, summing a dual-registered pupil's registrations", () => {
    // 90 + 91 + (60 + 30) + 80 + 95 = 446 of 500 possible.
    expect(cell("edu.attendance", "pct", AUTUMN)).toMatchObject({ numerator: 446, denominator: 500, population: 5 });
    expect(value("edu.attendance", "pct", AUTUMN)).toBeCloseTo(89.2);
    // EHC plan: D 80 + E 95 of 200; SEN support: B 91 + C 90 of 200; no SEN: A 90 of 100.
    expect(value("edu.attendance", "pct", AUTUMN, { sen_status: "ehc_plan" })).toBeCloseTo(87.5);
    expect(value("edu.attendance", "pct", AUTUMN, { sen_status: "sen_support" })).toBeCloseTo(90.5);
    expect(value("edu.attendance", "pct", AUTUMN, { sen_status: "no_sen" })).toBeCloseTo(90);
    // Spring to date: 93 of 96, partial.
    expect(cell("edu.attendance", "pct", SPRING)).toMatchObject({ numerator: 93, denominator: 96, coverage: "partial" });
  });

  it("treats a pupil missing exactly 10% of sessions as persistently absent", () => {
    // Autumn: A misses 10 of 100 (yes), B 9 (no), C 10 of 100 over both registrations (yes), D 20 (yes), E 5 (no).
    expect(cell("edu.persistent_absence", "pct", AUTUMN)).toMatchObject({ numerator: 3, denominator: 5, value: 60 });
    expect(cell("edu.persistent_absence", "pct", AUTUMN, { sen_status: "no_sen" })).toMatchObject({ numerator: 1, denominator: 1 });
    // Spring: only B (2 of 16 missed, 12.5%).
    expect(cell("edu.persistent_absence", "pct", SPRING)).toMatchObject({ numerator: 1, denominator: 6 });
  });

  it("judges the academic year on the year's sessions, with the SEN status of the latest census", () => {
    // Sums: A 106/116, B 105/116, C 106/116, D 96/116, E 110/116, F 16/16 = 539 of 596.
    expect(cell("edu.attendance", "pct", YEAR)).toMatchObject({ numerator: 539, denominator: 596 });
    // Only D misses 10% or more over the year (20 of 116); A's 10 of 116 is under 10%.
    expect(cell("edu.persistent_absence", "pct", YEAR)).toMatchObject({ numerator: 1, denominator: 6 });
    // A had no SEN in autumn and SEN support in spring: the year counts A on SEN support (with B and C).
    expect(cell("edu.attendance", "pct", YEAR, { sen_status: "sen_support" })).toMatchObject({ numerator: 317, denominator: 348 });
    expect(cell("edu.attendance", "pct", YEAR, { sen_status: "no_sen" })).toMatchObject({ numerator: 16, denominator: 16 });
  });

  it("puts suspensions on term boundaries in the right term and rates them per 100 pupils on roll", () => {
    // Autumn: C on 10 October, D on 20 December (the term's last day), G on 1 November: 3 per 5 pupils.
    expect(value("edu.suspensions", "count", AUTUMN)).toBe(3);
    expect(cell("edu.suspensions", "rate_per_100", AUTUMN)).toMatchObject({ numerator: 3, denominator: 5, value: 60 });
    // Pupils on roll with one or more: C and D (G is not on roll) = 2 of 5.
    expect(cell("edu.suspensions", "pct_pupils_one_plus", AUTUMN)).toMatchObject({ numerator: 2, denominator: 5 });
    // By SEN status at the census: C (SEN support, with B on roll), D (EHC plan, with E), G (not in the census).
    expect(cell("edu.suspensions", "rate_per_100", AUTUMN, { sen_status: "sen_support" })).toMatchObject({ numerator: 1, denominator: 2 });
    expect(cell("edu.suspensions", "rate_per_100", AUTUMN, { sen_status: "ehc_plan" })).toMatchObject({ numerator: 1, denominator: 2 });
    expect(cell("edu.suspensions", "rate_per_100", AUTUMN, { sen_status: "unknown" })).toMatchObject({ numerator: 1, denominator: 0, value: null });
    // Spring: C's suspension on 6 January, the first day of term.
    expect(value("edu.suspensions", "count", SPRING)).toBe(1);
    // The year: 4 suspensions (the 15 July 2024 one is in 2023/24) over the 6 pupils at the spring census.
    expect(cell("edu.suspensions", "rate_per_100", YEAR)).toMatchObject({ numerator: 4, denominator: 6 });
    expect(cell("edu.suspensions", "pct_pupils_one_plus", YEAR)).toMatchObject({ numerator: 2, denominator: 6 });
  });

  it("counts permanent exclusions in their term", () => {
    expect(value("edu.permanent_exclusions", "count", AUTUMN)).toBe(0);
    expect(cell("edu.permanent_exclusions", "rate_per_100", SPRING)).toMatchObject({ numerator: 1, denominator: 6 });
    expect(value("edu.permanent_exclusions", "count", SPRING, { sen_status: "ehc_plan", phase: "secondary" })).toBe(1);
  });

  it("counts top-up funding running on the census day for pupils on SEN support", () => {
    // Autumn: B and C (A's starts in December; D has an EHC plan).
    expect(value("edu.top_up_funding", "count", AUTUMN)).toBe(2);
    // Spring: A and B (C's ended on 31 December).
    expect(value("edu.top_up_funding", "count", SPRING)).toBe(2);
    expect(value("edu.top_up_funding", "count", SPRING, { primary_need: "SLCN" })).toBe(1);
  });

  it("reports what it cannot count instead of dropping it", () => {
    const rules = result.ingested.problems.filter((p) => p.source !== "establishments" && !p.source.startsWith("SEN2")).map((p) => `${p.file}:${p.row}:${p.rule}`);
    expect(rules).toEqual(expect.arrayContaining([
      "education/exclusions.csv:6:not-in-census",
      "education/exclusions.csv:7:outside-census-terms",
      "education/top-up-funding.csv:5:not-sen-support",
    ]));
  });
});

describe("overlapping extracts", () => {
  it("count an event or an enrolment found twice once, and say so", () => {
    const dir = area(false);
    const exclusions = join(dir, "education", "exclusions.csv");
    const lines = readFileSync(exclusions, "utf-8").trimEnd().split("\r\n");
    writeFileSync(exclusions, [...lines, lines[1]].join("\r\n") + "\r\n");
    writeFileSync(join(dir, "education", "school-census-autumn-copy.csv"), readFileSync(join(dir, "education", "school-census-2024-10-03.csv")));
    const ingested = ingest(dir);
    expect(ingested.tables.exclusions.rows.length).toBe(lines.length - 1);
    expect(ingested.tables.pupils.rows.length).toBe(12);
    const duplicates = ingested.problems.filter((p) => p.rule === "duplicate-id");
    expect(duplicates.filter((p) => p.source === "exclusions").map((p) => p.row)).toEqual([lines.length + 1]);
    expect(duplicates.filter((p) => p.source === "school census")).toHaveLength(6);
  });
});

describe("a census outside the term dates", () => {
  it("is reported and left out; the other censuses are counted", () => {
    const dir = area(false);
    writeFileSync(join(dir, "education", "school-census-2031-10-02.csv"), readFileSync(join(dir, "education", "school-census-2024-10-03.csv"), "utf-8").replaceAll("2024-10-03", "2031-10-02"));
    const ingested = ingest(dir);
    const periods = educationPeriods(ingested);
    expect(periods.map((p) => p.period).sort()).toEqual(["202425", "202425-autumn", "202425-spring"]);
    expect(ingested.problems.find((p) => p.rule === "census-outside-terms")!.message).toContain("2031-10-02 (6 rows)");
  });
});

describe("a census in XLSX with a title row", () => {
  it("gives exactly the same figures as the CSV", async () => {
    const engine = await NodeDuckDb.open();
    try {
      const fromCsv = await cellsOn(area(false), engine);
      const fromXlsx = await cellsOn(area(true), engine);
      // SQL returns rows in no set order: compare in the publication order.
      expect(sortCells(fromXlsx.cells)).toEqual(sortCells(fromCsv.cells));
      expect(fromXlsx.cells.length).toBeGreaterThan(50);
    } finally {
      engine.close();
    }
  });
});
