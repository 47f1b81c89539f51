// DuckDB-WASM in the browser, served from this site (no CDN): loads a published cube and answers the
// page's selections in SQL. Only aggregates ever reach it on published pages.

import * as duckdb from "@duckdb/duckdb-wasm";
import { DIMENSIONS, type CubeRow, type Dimension, type Filters, type PageData } from "./cube.js";

export interface CubeDatabase {
  select(filters: Filters, by: Dimension): Promise<PageData>;
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Starts DuckDB from self-hosted files and loads the cube's Arrow bytes as table `cube`. */
export async function openCubeDatabase(cube: ArrayBuffer, files: { wasm: string; worker: string }): Promise<CubeDatabase> {
  const worker = new Worker(files.worker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(files.wasm);
  const connection = await db.connect();
  await connection.insertArrowFromIPCStream(new Uint8Array(cube), { name: "cube", create: true });

  const rowsOf = async (sql: string): Promise<CubeRow[]> => {
    const result = await connection.query(sql);
    return result.toArray().map((row) => {
      const json = row.toJSON() as Record<string, unknown>;
      const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));
      return {
        kpi: String(json.kpi),
        measure: String(json.measure),
        period: String(json.period),
        age_band: String(json.age_band),
        primary_need: String(json.primary_need),
        setting: String(json.setting),
        value: numberOrNull(json.value),
        numerator: numberOrNull(json.numerator),
        denominator: numberOrNull(json.denominator),
        symbol: String(json.symbol ?? ""),
        coverage: String(json.coverage ?? ""),
      };
    });
  };

  return {
    async select(filters, by) {
      const exactly = (dims: readonly Dimension[]) => dims.map((dim) => `${dim} = ${quote(filters[dim])}`).join(" AND ");
      const others = DIMENSIONS.filter((dim) => dim !== by);
      const [series, breakdown] = await Promise.all([
        rowsOf(`SELECT * FROM cube WHERE ${exactly(DIMENSIONS)}`),
        rowsOf(`SELECT * FROM cube WHERE ${by} <> 'All' AND ${exactly(others)}`),
      ]);
      return { series, breakdown, source: "duckdb" };
    },
  };
}
