// The published cube in the browser: decoding (apache-arrow, no DuckDB, for the first paint) and the two
// selections every page makes, a series for the current filters and a breakdown by one dimension.
// duckdb-client.ts answers the same selections with SQL once DuckDB-WASM is ready.

import { DataType, tableFromIPC, type Table, type Vector } from "apache-arrow";
import type { PublishedCell } from "../../loaders/publish/cube.js";

import type { Dimension } from "../../loaders/kpis/types.js";
export type { Dimension };
export const DIMENSIONS: readonly Dimension[] = ["age_band", "primary_need", "setting", "sen_status", "phase"];
export const ALL = "All";

/** One published cell, as loaders/publish/cube.ts writes it (a type-only import: nothing crosses at run time). */
export type CubeRow = Omit<PublishedCell, "symbol"> & { symbol: string };

export type Filters = Record<Dimension, string>;
export const NO_FILTERS: Filters = { age_band: ALL, primary_need: ALL, setting: ALL, sen_status: ALL, phase: ALL };

/**
 * The key of a published breakdown for the given filters ("sen_status=ehc_plan; phase=primary"), as
 * loaders/reference/breakdowns.ts writes it (a test checks the two agree).
 */
export function breakdownKey(filters: Partial<Record<Dimension, string>>): string {
  return DIMENSIONS.filter((dim) => filters[dim] && filters[dim] !== ALL).map((dim) => `${dim}=${filters[dim]}`).join("; ");
}

/** The headline position: "All" in every dimension. */
export const headlineDimensions = (): Record<Dimension, string> => ({ ...NO_FILTERS });

/**
 * The published file stores no value (loaders/publish/arrow.ts): a count is the numerator of a cell with no
 * denominator; every ratio is 100 * numerator / denominator, and so is a statistic (days), written as
 * 100 * value over 10,000.
 */
export function countOrRatio(numerator: number | null, denominator: number | null): Pick<CubeRow, "value" | "numerator" | "denominator"> {
  if (denominator === null) return { value: numerator, numerator: null, denominator: null };
  return { value: denominator === 0 || numerator === null ? null : (100 * numerator) / denominator, numerator, denominator };
}

/**
 * A column's values as a plain array, read chunk by chunk from Arrow's buffers where it can: dictionary
 * columns by their codes and number columns by their values, nulls from the validity bitmap; anything
 * else (text DuckDB returns) through Vector.get. Reading every cell through Vector.get (or a row's
 * toJSON) cost a tenth of a second on a 25,000-row cube, on the first paint's and every filter's path.
 */
function columnArray(vector: Vector | null, length: number): unknown[] {
  const values = new Array<unknown>(length).fill(null);
  if (!vector) return values;
  let at = 0;
  for (const data of vector.data) {
    const dictionary = data.dictionary ? [...data.dictionary] : undefined;
    const numbers = DataType.isInt(data.type) || DataType.isFloat(data.type);
    const codes = data.values as ArrayLike<number | bigint>;
    const text = DataType.isUtf8(data.type) ? utf8Reader(data.valueOffsets as Int32Array, data.values as Uint8Array) : undefined;
    const nulls = data.nullCount > 0;
    const chunkStart = at;
    for (let row = 0; row < data.length; row++, at++) {
      if (nulls && !data.getValid(row)) continue;
      if (dictionary) values[at] = dictionary[Number(codes[row])];
      else if (numbers) values[at] = Number(codes[row]);
      else if (text) values[at] = text(row);
      else values[at] = vector.get(chunkStart + row);
    }
  }
  return values;
}

const utf8 = new TextDecoder();

/**
 * A text column's value by row from its offsets and bytes (DuckDB answers with plain text, not
 * dictionaries). The bytes are decoded once: where they are all ASCII, as the cube's ids and codes are, a
 * value is a slice of that one string; otherwise each value is decoded on its own. Decoding value by value
 * through Vector.get cost 15-30 ms of a filter change before the JIT had warmed up.
 */
function utf8Reader(offsets: Int32Array, bytes: Uint8Array): (row: number) => string {
  const base = offsets[0]!;
  const whole = utf8.decode(bytes.subarray(base, offsets[offsets.length - 1]!));
  if (whole.length === offsets[offsets.length - 1]! - base) return (row) => whole.slice(offsets[row]! - base, offsets[row + 1]! - base);
  return (row) => utf8.decode(bytes.subarray(offsets[row]!, offsets[row + 1]!));
}

/** The cube's rows from an Arrow table of its columns (the published file, or DuckDB's answer). */
export function cubeRowsOf(table: Table): CubeRow[] {
  const length = table.numRows;
  const column = (name: string) => columnArray(table.getChild(name), length);
  const [kpi, measure, period, numerator, denominator, symbol, coverage] = ["kpi", "measure", "period", "numerator", "denominator", "symbol", "coverage"].map(column) as unknown[][];
  const dimensions = DIMENSIONS.map((dim) => column(dim));
  const rows: CubeRow[] = new Array(length);
  for (let index = 0; index < length; index++) {
    const dim = (at: number) => (dimensions[at]![index] as string | null) ?? ALL;
    rows[index] = {
      kpi: kpi![index], measure: measure![index], period: period![index],
      // DIMENSIONS' order.
      age_band: dim(0), primary_need: dim(1), setting: dim(2), sen_status: dim(3), phase: dim(4),
      ...countOrRatio(numerator![index] as number | null, denominator![index] as number | null),
      symbol: (symbol![index] as string | null) ?? "",
      coverage: (coverage![index] as string | null) ?? "",
    } as CubeRow;
  }
  return rows;
}

export function decodeCube(buffer: ArrayBuffer): CubeRow[] {
  return cubeRowsOf(tableFromIPC(new Uint8Array(buffer)));
}

/** Rows for the current filters: exactly the filtered categories, "All" elsewhere. */
export function seriesRows(rows: readonly CubeRow[], filters: Filters): CubeRow[] {
  return rows.filter((row) => DIMENSIONS.every((dim) => row[dim] === filters[dim]));
}

/** Rows for every category of `by`, the other dimensions at the current filters. */
export function breakdownRows(rows: readonly CubeRow[], filters: Filters, by: Dimension): CubeRow[] {
  return rows.filter((row) => row[by] !== ALL && DIMENSIONS.every((dim) => dim === by || row[dim] === filters[dim]));
}

/** What a page shows: one object per query so DuckDB and the first paint hand over the same shape. */
export interface PageData {
  series: CubeRow[];
  breakdown: CubeRow[];
  source: "precomputed" | "duckdb";
}

export function selectFromRows(rows: readonly CubeRow[], filters: Filters, by: Dimension): PageData {
  return { series: seriesRows(rows, filters), breakdown: breakdownRows(rows, filters, by), source: "precomputed" };
}
