// Primary and secondary suppression: worked examples, and a property test that no suppressed cell can be
// recovered from any margin (row, column or total) of any table a page can show.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { suppressTable, ALL } from "../../loaders/publish/suppress.js";
import { publishCells, assertNoSmallCounts, type PublishedCell } from "../../loaders/publish/cube.js";
import type { Cell } from "../../loaders/kpis/engine.js";

const THRESHOLD = 5;

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
    return { kpi: "k", measure: "count", period: "2024", age_band, primary_need, setting, count, numerator: null, denominator: null, value: count, coverage: "complete" };
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
  it("hides a ratio when its numerator, denominator or the difference is small", () => {
    const ratio = (age_band: string, numerator: number, denominator: number): Cell => ({
      kpi: "k", measure: "pct", period: "2024", age_band, primary_need: ALL, setting: ALL,
      count: null, numerator, denominator, value: (100 * numerator) / denominator, coverage: "complete",
    });
    // 5-10: 48 of 50 (2 not within: small difference), 11-15: 30 of 60, 16-19: 20 of 40, All: 98 of 150.
    const published = publishCells([ratio("5-10", 48, 50), ratio("11-15", 30, 60), ratio("16-19", 20, 40), ratio(ALL, 98, 150)], THRESHOLD);
    const symbol = (age: string) => published.find((c) => c.age_band === age)!.symbol;
    expect(symbol("5-10")).toBe("c");
    // The difference table (2, 30, 20 | 52) needs a complement: 16-19 (20) is the smallest.
    expect(symbol("16-19")).toBe("c");
    expect(symbol("11-15")).toBe("");
    expect(symbol(ALL)).toBe("");
    expect(() => assertNoSmallCounts(published, THRESHOLD)).not.toThrow();
  });

  it("the privacy guard refuses a small count that escaped suppression", () => {
    const leaked: PublishedCell = {
      kpi: "k", measure: "count", period: "2024", age_band: "5-10", primary_need: ALL, setting: ALL,
      value: 3, numerator: null, denominator: null, symbol: "", coverage: "complete",
    };
    expect(() => assertNoSmallCounts([leaked], THRESHOLD)).toThrow(/Privacy guard/);
  });
});

describe("suppression property: no suppressed cell is recoverable from a margin", () => {
  const DIMS = ["age_band", "primary_need", "setting"] as const;
  const unit = fc.record({
    age_band: fc.constantFrom("Under 5", "5-10", "11-15", "16-19"),
    primary_need: fc.constantFrom("ASD", "SEMH", "SLCN", "MLD"),
    setting: fc.constantFrom("state_mainstream", "state_special", "fe_post16"),
  });
  // Every category appears at least once, so each line has somewhere to put a complementary suppression.
  const allCategories = [
    { age_band: "Under 5", primary_need: "ASD", setting: "state_mainstream" },
    { age_band: "5-10", primary_need: "SEMH", setting: "state_special" },
    { age_band: "11-15", primary_need: "SLCN", setting: "fe_post16" },
    { age_band: "16-19", primary_need: "MLD", setting: "state_mainstream" },
  ];

  it("holds for random data in every line of every table", () => {
    fc.assert(
      fc.property(fc.array(unit, { minLength: 0, maxLength: 120 }), fc.subarray([...DIMS], { minLength: 1 }), (units, dims) => {
        const cube = cubeFromUnits([...allCategories, ...units], dims);
        const published = publishCells(cube, THRESHOLD);
        const byKey = new Map(published.map((c) => [DIMS.map((d) => c[d]).join("|"), c]));
        const categories = DIMS.map((dim) => [...new Set(published.map((c) => c[dim]).filter((v) => v !== ALL))]);
        for (const cell of published) {
          for (let k = 0; k < DIMS.length; k++) {
            if (categories[k]!.length === 0) continue;
            const keyWith = (value: string) => DIMS.map((d, i) => (i === k ? value : cell[d])).join("|");
            const entries = [keyWith(ALL), ...categories[k]!.map(keyWith)];
            // An absent cell is a published zero.
            const hidden = entries.filter((key) => byKey.get(key)?.symbol === "c").length;
            expect(hidden === 0 || hidden >= 2).toBe(true);
          }
          if (cell.symbol !== "c" && DIMS.some((d) => cell[d] !== ALL)) {
            expect(cell.value === null || cell.value === 0 || cell.value >= THRESHOLD).toBe(true);
          }
        }
        assertNoSmallCounts(published, THRESHOLD);
      }),
      { numRuns: 300, seed: 20250116 },
    );
  });
});
