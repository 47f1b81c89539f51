// The published cube in the browser: decoding (apache-arrow, no DuckDB, for the first paint) and the two
// selections every page makes, a series for the current filters and a breakdown by one dimension.
// duckdb-client.ts answers the same selections with SQL once DuckDB-WASM is ready.

import { tableFromIPC } from "apache-arrow";
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

export function decodeCube(buffer: ArrayBuffer): CubeRow[] {
  const table = tableFromIPC(new Uint8Array(buffer));
  const rows: CubeRow[] = [];
  const columns = Object.fromEntries(table.schema.fields.map((field) => [field.name, table.getChild(field.name)!]));
  for (let index = 0; index < table.numRows; index++) {
    const numberOrNull = (name: string) => {
      const value = columns[name]!.get(index);
      return value === null || value === undefined ? null : Number(value);
    };
    rows.push({
      kpi: columns.kpi!.get(index),
      measure: columns.measure!.get(index),
      period: columns.period!.get(index),
      ...(Object.fromEntries(DIMENSIONS.map((dim) => [dim, columns[dim]?.get(index) ?? ALL])) as Record<Dimension, string>),
      ...countOrRatio(numberOrNull("numerator"), numberOrNull("denominator")),
      symbol: columns.symbol!.get(index) ?? "",
      coverage: columns.coverage!.get(index) ?? "",
    });
  }
  return rows;
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
