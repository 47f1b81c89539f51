// Writes the published cube as an Arrow IPC stream: dictionary-encoded text, so a 36-month cube stays small
// and both apache-arrow (first paint) and DuckDB-WASM (filters) read it directly. To keep pages light the
// value is not stored: a count travels in `numerator` (with no denominator) and every ratio is
// 100 * numerator / denominator, which src/components/cube.ts and duckdb-client.ts rebuild the same way.

import { Dictionary, Int8, Int16, Int32, Table, Utf8, makeData, makeVector, tableToIPC, vectorFromArray, type Vector } from "apache-arrow";
import type { PublishedCell } from "./cube.js";
import { DIMENSIONS } from "../kpis/types.js";

const TEXT_COLUMNS = ["kpi", "measure", "period", ...DIMENSIONS, "symbol", "coverage"] as const;

/** See cubeToArrow: a statistic's denominator, so that 100 * numerator / denominator is its value. */
export const STATISTIC_DENOMINATOR = 10_000;

/**
 * A text column dictionary-encoded, values in order of first appearance (as arrow's own builder orders them,
 * built here in one pass: the builder took a second on an LA's cube). 8-bit indices where a column has fewer
 * than 128 distinct values, else 16-bit. An explicit dictionary id: arrow's default ids come from a
 * process-wide counter (the bytes would depend on call order).
 */
function dictionaryVector(values: readonly string[], id: number): Vector {
  const codeOf = new Map<string, number>();
  for (const value of values) if (!codeOf.has(value)) codeOf.set(value, codeOf.size);
  const narrow = codeOf.size < 128;
  const codes = narrow ? new Int8Array(values.length) : new Int16Array(values.length);
  values.forEach((value, at) => { codes[at] = codeOf.get(value)!; });
  const type = new Dictionary(new Utf8(), narrow ? new Int8() : new Int16(), id);
  return makeVector(makeData({ type, length: values.length, nullCount: 0, data: codes, dictionary: vectorFromArray([...codeOf.keys()], new Utf8()) }));
}

export function cubeToArrow(cells: readonly PublishedCell[]): Uint8Array {
  const columns: Record<string, Vector> = {};
  TEXT_COLUMNS.forEach((name, index) => {
    columns[name] = dictionaryVector(cells.map((cell) => cell[name]), index);
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
