// Writes the published cube as an Arrow IPC stream: dictionary-encoded text, so a 36-month cube stays small
// and both apache-arrow (first paint) and DuckDB-WASM (filters) read it directly. To keep pages light the
// value is not stored: a count travels in `numerator` (with no denominator) and every ratio is
// 100 * numerator / denominator, which src/components/cube.ts and duckdb-client.ts rebuild the same way.

import { Dictionary, Int8, Int16, Int32, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from "apache-arrow";
import type { PublishedCell } from "./cube.js";
import { DIMENSIONS } from "../kpis/types.js";

const TEXT_COLUMNS = ["kpi", "measure", "period", ...DIMENSIONS, "symbol", "coverage"] as const;

/** See cubeToArrow: a statistic's denominator, so that 100 * numerator / denominator is its value. */
export const STATISTIC_DENOMINATOR = 10_000;

export function cubeToArrow(cells: readonly PublishedCell[]): Uint8Array {
  const columns: Record<string, Vector> = {};
  TEXT_COLUMNS.forEach((name, index) => {
    // 8-bit dictionary indices where a column has fewer than 128 distinct values, else 16-bit. Explicit
    // dictionary ids: arrow's default ids come from a process-wide counter (bytes would depend on call order).
    const distinct = new Set(cells.map((cell) => cell[name])).size;
    const indices = distinct < 128 ? new Int8() : new Int16();
    columns[name] = vectorFromArray(cells.map((cell) => cell[name]), new Dictionary(new Utf8(), indices, index));
  });
  // A count cell: numerator = the count, denominator = null. A ratio: both (the value is rebuilt from them).
  // A statistic (average, median, longest days) is not a ratio of counts, but travels as one so every
  // reader rebuilds it the same way: numerator = round(100 * value), denominator = STATISTIC_DENOMINATOR,
  // so 100 * numerator / denominator is the value to two decimals. (A separate value column would cost
  // eight bytes on every row of the cube.)
  columns.numerator = vectorFromArray(cells.map((cell) => (cell.valueOnly ? (cell.value === null ? null : Math.round(cell.value * 100)) : cell.numerator === null && cell.denominator === null ? cell.value : cell.numerator)), new Int32());
  columns.denominator = vectorFromArray(cells.map((cell) => (cell.valueOnly ? (cell.value === null ? null : STATISTIC_DENOMINATOR) : cell.denominator)), new Int32());
  return tableToIPC(new Table(columns), "stream");
}
