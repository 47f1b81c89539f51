// The SQL DuckDB-WASM runs on a page's published cube (table `cube`, as the Arrow stream was inserted): the
// two selections every page makes, in one query. Kept apart from duckdb-client.ts (which loads DuckDB-WASM)
// so tests run the same text on DuckDB-WASM's Node build and compare it with the precomputed selection
// (cube.ts). No ORDER BY: DuckDB keeps insertion order (its default, preserve_insertion_order), so rows
// come in the published file's order, as the precomputed selection's do (tests/unit/cube-selection.test.ts).

import { DIMENSIONS, type Dimension, type Filters } from "./cube.js";

/**
 * A row whose dimensions are not all "All", as filters: the warm-up's selections (duckdb-client.ts) filter
 * on a real category, as a reader's first filter change does.
 */
export function someCategorySql(): string {
  return `SELECT ${DIMENSIONS.join(", ")} FROM cube WHERE NOT (${DIMENSIONS.map((dim) => `${dim} = 'All'`).join(" AND ")}) LIMIT 1`;
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * One query for both of a page's selections, the series (exactly the filters) and the breakdown (every
 * category of `by`, the other dimensions at the filters): the rows of the other dimensions at the filters
 * whose `by` is the filter's category or any category but "All". One round trip to DuckDB's worker rather
 * than two, which it would answer one after the other. cube.ts's selectFromRows makes the two of them
 * from its rows (a row of the filter's category can be in both).
 */
export function selectionSql(filters: Filters, by: Dimension): string {
  const exactly = DIMENSIONS.filter((dim) => dim !== by).map((dim) => `${dim} = ${quote(filters[dim])}`).join(" AND ");
  return `SELECT * FROM cube WHERE ${exactly} AND (${by} = ${quote(filters[by])} OR ${by} <> 'All')`;
}
