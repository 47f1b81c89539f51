// A page's figures come first from the published cube decoded in JavaScript (cube.ts), then from DuckDB-WASM
// (duckdb-client.ts with cube-sql.ts's SQL). The two must hand over the same rows in the same order for
// every filter and breakdown, or a filter change would redraw different figures than the first paint.

import { describe, expect, it } from "vitest";
import { cubeToArrow } from "../../loaders/publish/arrow.js";
import { sortCells, type PublishedCell } from "../../loaders/publish/cube.js";
import { ALL, DIMENSIONS, cubeRowsOf, decodeCube, selectFromRows, type Dimension, type Filters } from "../../src/components/cube.js";
import { selectionSql, someCategorySql } from "../../src/components/cube-sql.js";
import { openWasmConnection } from "../support/wasm-engine.js";

const CATEGORIES: Record<Dimension, string[]> = {
  age_band: [ALL, "0-4", "5-10", "11-15"],
  primary_need: [ALL, "ASD", "SEMH"],
  // One category not in ASCII: DuckDB answers in plain UTF-8 text, decoded by another path than ASCII.
  setting: [ALL, "mainstream", "état_spécial"],
  sen_status: [ALL, "ehc_plan"],
  phase: [ALL, "primary", "secondary"],
};

/** A cube with every combination of categories for two KPIs over three periods, counts and ratios, some suppressed. */
function sampleCube(): PublishedCell[] {
  const cells: PublishedCell[] = [];
  let n = 0;
  const combos = DIMENSIONS.reduce<Record<string, string>[]>((acc, dim) => acc.flatMap((combo) => CATEGORIES[dim].map((c) => ({ ...combo, [dim]: c }))), [{}]);
  for (const kpi of ["place.pct_ap", "ehcp.requests"]) for (const period of ["2024-10", "2023-24", "2024-11"]) for (const combo of combos) {
    n++;
    const ratio = kpi === "place.pct_ap";
    cells.push({
      kpi, measure: ratio ? "pct" : "count", period, ...(combo as Record<Dimension, string>),
      value: n % 9 === 0 ? null : ratio ? (100 * (n % 7)) / 10 : n % 50,
      numerator: n % 9 === 0 ? null : ratio ? n % 7 : null,
      denominator: n % 9 === 0 || !ratio ? null : 10,
      symbol: n % 9 === 0 ? "c" : "", coverage: n % 4 === 0 ? "partial" : "complete",
    });
  }
  // Shuffled before sorting, as the pipeline's cells come in no particular order.
  return sortCells(cells.reverse());
}

describe("DuckDB-WASM's selections on the published cube", () => {
  it("are the precomputed selections, row for row and in order, for every filter and breakdown", async () => {
    const arrow = cubeToArrow(sampleCube());
    const rows = decodeCube(arrow.buffer.slice(arrow.byteOffset, arrow.byteOffset + arrow.byteLength) as ArrayBuffer);
    const connection = await openWasmConnection();
    connection.insertArrowFromIPCStream(arrow, { name: "cube", create: true });
    let compared = 0;
    for (const age_band of CATEGORIES.age_band) for (const setting of CATEGORIES.setting) for (const phase of [ALL, "secondary"]) for (const by of DIMENSIONS) {
      const filters: Filters = { age_band, primary_need: "SEMH", setting, sen_status: ALL, phase };
      const expected = selectFromRows(rows, filters, by);
      const answer = cubeRowsOf(connection.query(selectionSql(filters, by)));
      // Exactly the rows of the two selections, none besides (a row can be in both).
      expect(answer.length).toBe(new Set([...expected.series, ...expected.breakdown]).size);
      const { series, breakdown } = selectFromRows(answer, filters, by);
      expect(series).toEqual(expected.series);
      expect(breakdown).toEqual(expected.breakdown);
      compared += series.length + breakdown.length;
    }
    // The comparisons covered rows (an empty selection on both sides would pass trivially).
    expect(compared).toBeGreaterThan(1000);
  });

  it("find a real category to warm DuckDB up on", async () => {
    const connection = await openWasmConnection();
    connection.insertArrowFromIPCStream(cubeToArrow(sampleCube()), { name: "cube", create: true });
    const found = connection.query(someCategorySql()).toArray()[0]!.toJSON();
    expect(DIMENSIONS.some((dim) => found[dim] !== ALL && CATEGORIES[dim].includes(String(found[dim])))).toBe(true);
  });

  it("quote a category with an apostrophe rather than break the SQL", () => {
    const sql = selectionSql({ age_band: "All", primary_need: "O'Brien", setting: "All", sen_status: "All", phase: "All" }, "setting");
    expect(sql).toContain("primary_need = 'O''Brien'");
  });
});
