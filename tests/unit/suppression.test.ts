// Primary and secondary suppression: worked examples, and a property test that no suppressed cell can be
// recovered from any margin (row, column or total) of any table a page can show.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import lpSolver from "javascript-lp-solver";
import { suppressTable, ALL } from "../../loaders/publish/suppress.js";
import { publishCells, assertNoLineReveals, assertNoSmallCounts, type PublishedCell } from "../../loaders/publish/cube.js";
import type { Cell } from "../../loaders/kpis/engine.js";

const THRESHOLD = 5;
// The package's CommonJS default export carries Solve; its types describe the ESM build's shape.
const solver = lpSolver as unknown as { Solve(model: object): { result: number } };

/** Builds a full cube (every subset of dimensions rolled up) of counts from unit records. */
function cubeFromUnits(units: { age_band: string; primary_need: string; setting: string }[], dims: ("age_band" | "primary_need" | "setting")[]): Cell[] {
  const counts = new Map<string, number>();
  const subsets = Array.from({ length: 1 << dims.length }, (_, mask) => dims.filter((_, i) => mask & (1 << i)));
  for (const unit of units) {
    for (const kept of subsets) {
      const key = (["age_band", "primary_need", "setting"] as const).map((dim) => (kept.includes(dim) ? unit[dim] : ALL)).join("|");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].map(([key, count]) => {
    const [age_band, primary_need, setting] = key.split("|") as [string, string, string];
    return { kpi: "k", measure: "count", period: "2024", age_band, primary_need, setting, sen_status: ALL, phase: ALL, count, population: null, numerator: null, denominator: null, value: count, coverage: "complete", suppressBy: ["count"] };
  });
}

describe("suppressTable", () => {
  it("suppresses a small cell and the next smallest in its line", () => {
    // Row: A=3, B=10, C=20, total 33. A is primary; B (smallest non-zero) is the complement.
    const cells = [
      { key: ["A"], count: 3 }, { key: ["B"], count: 10 }, { key: ["C"], count: 20 }, { key: [ALL], count: 33 },
    ];
    expect([...suppressTable(cells, THRESHOLD)].sort()).toEqual(["A", "B"]);
  });

  it("never suppresses the LA headline and uses a zero when nothing else is left", () => {
    // A=3, B=0 (absent), total 3 = headline: B's zero must be hidden or A = total - 0.
    const cells = [{ key: ["A"], count: 3 }, { key: ["B"], count: 0 }, { key: [ALL], count: 3 }];
    expect([...suppressTable(cells, THRESHOLD)].sort()).toEqual(["A", "B"]);
  });

  it("carries suppression across lines of a two-way table", () => {
    //         X    Y   All
    //  A      2   10    12
    //  B     10   10    20
    //  All   12   20    32
    // A,X primary -> row A needs A,Y; column X needs B,X; then column Y (A,Y) and row B (B,X) already have two.
    const cells = [
      ["A", "X", 2], ["A", "Y", 10], ["A", ALL, 12], ["B", "X", 10], ["B", "Y", 10], ["B", ALL, 20], [ALL, "X", 12], [ALL, "Y", 20], [ALL, ALL, 32],
    ].map(([a, b, n]) => ({ key: [a as string, b as string], count: n as number }));
    const hidden = [...suppressTable(cells, THRESHOLD)].map((k) => k.replace("\u0001", ",")).sort();
    expect(hidden).toEqual(["A,X", "A,Y", "B,X", "B,Y"]);
  });

  it("suppresses nothing when there are no small counts", () => {
    expect(suppressTable([{ key: ["A"], count: 5 }, { key: [ALL], count: 5 }], THRESHOLD).size).toBe(0);
  });
});

describe("publishCells", () => {
  const ratio = (age_band: string, numerator: number, denominator: number): Cell => ({
    kpi: "k", measure: "pct", period: "2024", age_band, primary_need: ALL, setting: ALL, sen_status: ALL, phase: ALL,
    count: null, population: null, numerator, denominator, value: (100 * numerator) / denominator, coverage: "complete", suppressBy: ["numerator", "denominator"],
  });

  it("hides a rate built on a small numerator or denominator, with a partner so neither can be recovered", () => {
    // Numerators 3, 30, 20 (All 53): 5-10's 3 is primary; its partner is the smallest other, 16-19's 20.
    const published = publishCells([ratio("5-10", 3, 50), ratio("11-15", 30, 60), ratio("16-19", 20, 40), ratio(ALL, 53, 150)], THRESHOLD);
    const symbol = (age: string) => published.find((c) => c.age_band === age)!.symbol;
    expect([symbol("5-10"), symbol("16-19"), symbol("11-15"), symbol(ALL)]).toEqual(["c", "c", "", ""]);
    expect(() => assertNoSmallCounts(published, THRESHOLD)).not.toThrow();
  });

  it("shares suppression between tables holding the same counts", () => {
    // A count measure equal to a rate's numerator (decisions to assess and the % of requests assessed).
    const count = (age_band: string, n: number): Cell => ({
      kpi: "k2", measure: "count", period: "2024", age_band, primary_need: ALL, setting: ALL, sen_status: ALL, phase: ALL, count: n, population: null, numerator: null, denominator: null, value: n, coverage: "complete", suppressBy: ["count"],
    });
    const published = publishCells([
      count("5-10", 3), count("11-15", 30), count("16-19", 20), count(ALL, 53),
      ratio("5-10", 3, 4), ratio("11-15", 30, 60), ratio("16-19", 20, 40), ratio(ALL, 53, 104),
    ], THRESHOLD);
    const hidden = (kpi: string) => published.filter((c) => c.kpi === kpi && c.symbol === "c").map((c) => c.age_band).sort();
    // The rate's denominator 4 at 5-10 adds nothing new; both tables hide 5-10 and its partner.
    expect(hidden("k2")).toEqual(hidden("k"));
  });

  it("protects a sum ratio by the people behind it, not by its sums", () => {
    // Attendance: sessions are large, but 3 pupils at 5-10 is a small group; its partner is 16-19 (the smallest other).
    const attendance = (age_band: string, pupils: number, attended: number, possible: number): Cell => ({
      kpi: "a", measure: "pct", period: "2024", age_band, primary_need: ALL, setting: ALL, sen_status: ALL, phase: ALL,
      count: null, population: pupils, numerator: attended, denominator: possible, value: (100 * attended) / possible, coverage: "complete", suppressBy: ["population"],
    });
    const published = publishCells([
      attendance("5-10", 3, 280, 300), attendance("11-15", 30, 2700, 3000), attendance("16-19", 20, 1800, 2000), attendance(ALL, 53, 4780, 5300),
    ], THRESHOLD);
    const symbol = (age: string) => published.find((c) => c.age_band === age)!.symbol;
    expect([symbol("5-10"), symbol("16-19"), symbol("11-15"), symbol(ALL)]).toEqual(["c", "c", "", ""]);
    expect(() => assertNoSmallCounts(published, THRESHOLD)).not.toThrow();
    // The guard checks the people: a small group published with its sums is refused.
    expect(() => assertNoSmallCounts([{ ...published.find((c) => c.age_band === "11-15")!, population: 3 }], THRESHOLD)).toThrow(/Privacy guard/);
  });

  it("hides the whole breakdown when no box exists, so no line gives a cell away", () => {
    // Under 5s are only ever in early years, and early years only holds under 5s: no partner can move.
    const units = [
      ...Array.from({ length: 3 }, () => ({ age_band: "Under 5", primary_need: "ASD", setting: "early_years" })),
      ...Array.from({ length: 20 }, () => ({ age_band: "5-10", primary_need: "ASD", setting: "state_mainstream" })),
      ...Array.from({ length: 9 }, () => ({ age_band: "5-10", primary_need: "SEMH", setting: "state_special" })),
    ];
    const published = publishCells(cubeFromUnits(units, ["age_band", "primary_need", "setting"]), THRESHOLD);
    expect(published.find((c) => c.age_band === "Under 5" && c.primary_need === "ASD" && c.setting === "early_years")!.symbol).toBe("c");
    expect(() => assertNoLineReveals(published, [], THRESHOLD)).not.toThrow();
  });

  it("hides a small headline's whole table: one category holding them all would say where they are", () => {
    const units = Array.from({ length: 3 }, () => ({ age_band: "11-15", primary_need: "ASD", setting: "state_special" }));
    const published = publishCells(cubeFromUnits(units, ["age_band"]), THRESHOLD);
    expect(published.every((c) => c.symbol === "c")).toBe(true);
  });

  it("the line guard refuses a table where a total minus the shown cells gives a hidden small count", () => {
    const cell = (age_band: string, value: number, symbol: "" | "c"): PublishedCell => ({
      kpi: "k", measure: "count", period: "2024", age_band, primary_need: ALL, setting: ALL, sen_status: ALL, phase: ALL,
      value: symbol ? null : value, numerator: null, denominator: null, symbol, coverage: "complete",
    });
    expect(() => assertNoLineReveals([cell(ALL, 30, ""), cell("5-10", 27, ""), cell("11-15", 3, "c")], [], THRESHOLD)).toThrow(/Privacy guard/);
    expect(() => assertNoLineReveals([cell(ALL, 30, ""), cell("5-10", 20, "c"), cell("11-15", 3, "c"), cell("16-19", 7, "")], [], THRESHOLD)).not.toThrow();
  });

  it("the privacy guard refuses a small count that escaped suppression", () => {
    const leaked: PublishedCell = {
      kpi: "k", measure: "count", period: "2024", age_band: "5-10", primary_need: ALL, setting: ALL, sen_status: ALL, phase: ALL,
      value: 3, numerator: null, denominator: null, symbol: "", coverage: "complete",
    };
    expect(() => assertNoSmallCounts([leaked], THRESHOLD)).toThrow(/Privacy guard/);
  });
});

describe("suppression property: no suppressed cell can be recovered from the published cube", () => {
  const DIMS = ["age_band", "primary_need", "setting"] as const;
  const CATEGORIES = {
    age_band: ["Under 5", "5-10", "11-15"],
    primary_need: ["ASD", "SEMH", "SLCN"],
    setting: ["state_mainstream", "state_special", "fe_post16"],
  };
  const unit = fc.record({
    age_band: fc.constantFrom(...CATEGORIES.age_band),
    primary_need: fc.constantFrom(...CATEGORIES.primary_need),
    setting: fc.constantFrom(...CATEGORIES.setting),
  });
  // Every category appears at least once, so every dimension has somewhere to put a box.
  const allCategories = [0, 1, 2].map((i) => ({ age_band: CATEGORIES.age_band[i]!, primary_need: CATEGORIES.primary_need[i]!, setting: CATEGORIES.setting[i]! }));

  /**
   * The attacker's linear program: the finest cells are unknowns >= 0, every published cell (at every
   * level of the cube) fixes the sum of the finest cells under it; minimise and maximise each hidden cell.
   */
  function feasibleRange(published: PublishedCell[], target: PublishedCell): [number, number] {
    const finest: Record<string, string>[] = [];
    for (const a of CATEGORIES.age_band) for (const n of CATEGORIES.primary_need) for (const s of CATEGORIES.setting) finest.push({ age_band: a, primary_need: n, setting: s });
    const covers = (cell: PublishedCell, leaf: Record<string, string>) => DIMS.every((d) => cell[d] === ALL || cell[d] === leaf[d]);
    const constraints: Record<string, { equal: number }> = {};
    const known = new Map(published.map((c) => [DIMS.map((d) => c[d]).join("|"), c]));
    // Every combination of the cube exists; an absent one is a published zero.
    const levels = DIMS.map((d) => [ALL, ...CATEGORIES[d]]);
    const everyCell: PublishedCell[] = [];
    for (const a of levels[0]!) for (const n of levels[1]!) for (const s of levels[2]!) {
      everyCell.push(known.get([a, n, s].join("|")) ?? { ...target, age_band: a, primary_need: n, setting: s, value: 0, symbol: "" });
    }
    everyCell.forEach((cell, index) => { if (cell.symbol !== "c") constraints[`c${index}`] = { equal: cell.value ?? 0 }; });
    const variables: Record<string, Record<string, number>> = {};
    finest.forEach((leaf, index) => {
      const coefficients: Record<string, number> = { objective: covers(target, leaf) ? 1 : 0 };
      everyCell.forEach((cell, cellIndex) => { if (cell.symbol !== "c" && covers(cell, leaf)) coefficients[`c${cellIndex}`] = 1; });
      variables[`x${index}`] = coefficients;
    });
    const solve = (opType: "min" | "max") => Number(solver.Solve({ optimize: "objective", opType, constraints, variables }).result);
    return [solve("min"), solve("max")];
  }

  it("leaves every hidden cell's feasible range at least one wide, for random three-way cubes", () => {
    fc.assert(
      fc.property(fc.array(unit, { minLength: 0, maxLength: 60 }), (units) => {
        const cube = cubeFromUnits([...allCategories, ...units], [...DIMS]);
        const published = publishCells(cube, THRESHOLD);
        assertNoSmallCounts(published, THRESHOLD);
        for (const cell of published.filter((c) => c.symbol === "c")) {
          const [low, high] = feasibleRange(published, cell);
          expect(high - low, `${DIMS.map((d) => cell[d]).join(" / ")} is pinned to ${low}`).toBeGreaterThanOrEqual(1 - 1e-6);
        }
      }),
      { numRuns: 60, seed: 20250116 },
    );
  });
});
