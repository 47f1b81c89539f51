// Statistics (average, median, longest days) through publication: suppressed by the cases behind them,
// written to the Arrow cube as 100 * value over 10,000 (so every reader rebuilds them as it rebuilds a
// ratio) and read back by the page decoder.

import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSmallAreaPlacements } from "../fixtures/small-area-placements.js";
import { runPipeline } from "../../loaders/node/pipeline.js";
import { cubeToArrow } from "../../loaders/publish/arrow.js";
import { countOrRatio, decodeCube } from "../../src/components/cube.js";
import { tableFromIPC } from "apache-arrow";
import { DIMENSIONS, type KpiEntry } from "../../loaders/kpis/types.js";
import { protectStatistics, type PublishedCell } from "../../loaders/publish/cube.js";
import type { Period } from "../../loaders/kpis/periods.js";

const ALL_DIMS = Object.fromEntries(DIMENSIONS.map((dim) => [dim, "All"])) as Record<(typeof DIMENSIONS)[number], string>;

describe("published statistics", () => {
  it("travel in the cube as ratios that rebuild their values, beside counts and ratios", () => {
    const base = { kpi: "place.days_to_on_roll", period: "2024-05", ...ALL_DIMS, coverage: "complete" };
    const arrow = cubeToArrow([
      { ...base, measure: "average_days", value: 35.25, numerator: null, denominator: null, symbol: "", valueOnly: true },
      { ...base, measure: "median_days", value: 20.5, numerator: null, denominator: null, symbol: "", valueOnly: true },
      { ...base, measure: "cases", value: 12, numerator: null, denominator: null, symbol: "" },
      { ...base, kpi: "place.pct_ap", measure: "pct", value: 25, numerator: 3, denominator: 12, symbol: "" },
      { ...base, measure: "longest_days", setting: "state_special", value: null, numerator: null, denominator: null, symbol: "c", valueOnly: true },
    ]);
    const rows = decodeCube(arrow.buffer.slice(arrow.byteOffset, arrow.byteOffset + arrow.byteLength) as ArrayBuffer);
    expect(rows.map((row) => [row.measure, row.value, row.numerator, row.denominator, row.symbol])).toEqual([
      ["average_days", 35.25, 3525, 10000, ""],
      ["median_days", 20.5, 2050, 10000, ""],
      ["cases", 12, null, null, ""],
      ["pct", 25, 3, 12, ""],
      ["longest_days", null, null, null, "c"],
    ]);
  });

  it("decode to what Arrow's own row reading gives, nulls, dictionaries wide and narrow included", () => {
    // Over 128 periods makes the period column's dictionary 16-bit; symbols and coverage have nulls.
    const cells: PublishedCell[] = Array.from({ length: 3000 }, (_, i) => ({
      kpi: i % 3 === 0 ? "ehcp.requests" : "place.pct_ap", measure: i % 3 === 0 ? "count" : "pct", period: `p${i % 200}`,
      ...ALL_DIMS, setting: i % 5 === 0 ? "state_special" : "All", phase: i % 7 === 0 ? "primary" : "All",
      value: i % 11 === 0 ? null : i, numerator: i % 3 === 0 || i % 11 === 0 ? null : i, denominator: i % 3 === 0 || i % 11 === 0 ? null : i + 5,
      symbol: i % 11 === 0 ? "c" : "", coverage: i % 13 === 0 ? "partial" : "complete",
    }));
    const arrow = cubeToArrow(cells);
    const buffer = arrow.buffer.slice(arrow.byteOffset, arrow.byteOffset + arrow.byteLength) as ArrayBuffer;
    const table = tableFromIPC(new Uint8Array(buffer));
    const byArrow = Array.from({ length: table.numRows }, (_, index) => {
      const row = table.get(index)!.toJSON() as Record<string, unknown>;
      const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));
      return {
        kpi: row.kpi, measure: row.measure, period: row.period,
        ...Object.fromEntries(DIMENSIONS.map((dim) => [dim, row[dim] ?? "All"])),
        ...countOrRatio(number(row.numerator), number(row.denominator)),
        symbol: row.symbol ?? "", coverage: row.coverage ?? "",
      };
    });
    const decoded = decodeCube(buffer);
    expect(decoded).toEqual(byArrow);
    expect(decoded.filter((row) => row.symbol === "c").length).toBe(cells.filter((cell) => cell.symbol === "c").length);
  });

  it("hide a month's whole table, headline included, when its cases are 1 to 4", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stats-"));
    writeSmallAreaPlacements(dir);
    const result = await runPipeline(dir);
    // May 2024 has four placements (tests/fixtures/small-area-placements.ts): a breakdown would say where they are.
    const may = result.published.filter((cell) => cell.kpi === "place.days_to_on_roll" && cell.period === "2024-05");
    expect(may.length).toBeGreaterThan(4);
    expect(may.every((cell) => cell.symbol === "c" && cell.value === null)).toBe(true);
  });
  it("adds no column to the cube", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stats-"));
    writeSmallAreaPlacements(dir);
    const result = await runPipeline(dir);
    const { tableFromIPC } = await import("apache-arrow");
    const names = (kpi: string) => tableFromIPC(cubeToArrow(result.published.filter((cell) => cell.kpi === kpi))).schema.fields.map((field) => field.name);
    expect(names("place.fap_days_to_on_roll")).toEqual(names("place.pct_mainstream"));
    expect(names("place.fap_days_to_on_roll")).not.toContain("value");
  });
});

describe("statistics protection", () => {
  const entry = { id: "k.waits", measures: [{ id: "average_days", kind: "stat", stat: "mean" }, { id: "longest_days", kind: "stat", stat: "max" }, { id: "cases", kind: "count" }] } as unknown as KpiEntry;
  const months = (year: string) => Array.from({ length: 12 }, (_, i) => ({ period: `${year}-${String(i + 1).padStart(2, "0")}`, period_type: "month" })) as Period[];
  const cell = (period: string, measure: string, value: number | null, cases: number, symbol: "" | "c" = "", dims: Record<string, string> = {}): PublishedCell =>
    ({ kpi: "k.waits", measure, period, ...ALL_DIMS, ...dims, value, numerator: null, denominator: null, symbol, coverage: "complete", population: cases, valueOnly: true });

  it("hides a statistic of 1 to 4 cases, the area's headline included, and the longest of any group", () => {
    const cells = protectStatistics([
      cell("2024-05", "average_days", 15, 3),
      cell("2024-06", "average_days", 20, 7),
      cell("2024-06", "longest_days", 40, 7),
      cell("2024-06", "longest_days", 40, 6, "", { sen_status: "no_sen" }),
      cell("2024-06", "average_days", 22, 6, "", { sen_status: "no_sen" }),
    ], months("2024"), [entry], 5);
    expect(cells.map((c) => c.symbol)).toEqual(["c", "", "", "c", ""]);
  });

  it("shows a year only when its hidden months hold none or at least 5 cases together", () => {
    const year = (hidden: number[]) => protectStatistics([
      ...hidden.map((cases, i) => cell(`2024-0${i + 1}`, "average_days", null, cases, "c")),
      cell("2024", "average_days", 30, 60),
    ], months("2024"), [entry], 5).at(-1)!.symbol;
    expect(year([])).toBe("");
    expect(year([3])).toBe("c");
    expect(year([2, 2])).toBe("c");
    expect(year([3, 2])).toBe("");
    // A year part outside the published months is hidden: its missing months would be its difference.
    expect(protectStatistics([cell("2024", "average_days", 30, 60)], months("2024").slice(1), [entry], 5)[0]!.symbol).toBe("c");
  });
});
