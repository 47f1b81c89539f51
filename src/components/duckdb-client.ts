// DuckDB-WASM in the browser, served from this site (no CDN). Two uses: answering a page's selections on
// a published cube, and running the KPI engine (the SqlEngine interface) on extracts opened locally.

import * as duckdb from "@duckdb/duckdb-wasm";
import { tableToArrowIpc, type EngineTable } from "./arrow-table.js";
import { DIMENSIONS, cubeRowsOf, type CubeRow, type Dimension, type Filters, type PageData } from "./cube.js";

export interface DuckDbFiles {
  wasm: string;
  worker: string;
}

export async function startDuckDb(files: DuckDbFiles): Promise<duckdb.AsyncDuckDBConnection> {
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(files.worker));
  await db.instantiate(files.wasm);
  return db.connect();
}

const toObjects = (result: { toArray(): { toJSON(): Record<string, unknown> }[] }) => result.toArray().map((row) => row.toJSON());

export interface CubeDatabase {
  select(filters: Filters, by: Dimension): Promise<PageData>;
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Loads a published cube's Arrow bytes as table `cube` and answers the page's two selections in SQL. */
export async function openCubeDatabase(cube: ArrayBuffer, files: DuckDbFiles): Promise<CubeDatabase> {
  const connection = await startDuckDb(files);
  await connection.insertArrowFromIPCStream(new Uint8Array(cube), { name: "cube", create: true });
  // Read from the Arrow result column by column (as the published file is), not row by row.
  const rowsOf = async (sql: string): Promise<CubeRow[]> => cubeRowsOf(await connection.query(sql));
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

/**
 * The KPI engine's SqlEngine on DuckDB-WASM. `typedTableSql` comes from the shared engine bundle, so the
 * staging-to-typed step is the same text Node runs.
 */
export async function openEngine(files: DuckDbFiles, typedTableSql: (table: EngineTable, staging: string) => string) {
  const connection = await startDuckDb(files);
  return {
    async exec(sql: string) {
      await connection.query(sql);
    },
    async query(sql: string) {
      return toObjects(await connection.query(sql));
    },
    async loadTable(table: EngineTable) {
      const staging = `${table.name}__staging`;
      await connection.insertArrowFromIPCStream(tableToArrowIpc(table), { name: staging, create: true });
      await connection.query(typedTableSql(table, staging));
    },
  };
}
