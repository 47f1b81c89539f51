// DuckDB-WASM in the browser, served from this site (no CDN). Two uses: answering a page's selections on
// a published cube, and running the KPI engine (the SqlEngine interface) on extracts opened locally.

import * as duckdb from "@duckdb/duckdb-wasm";
import { tableToArrowIpc, type EngineTable } from "./arrow-table.js";
import { ALL, DIMENSIONS, cubeRowsOf, selectFromRows, type Dimension, type Filters, type PageData } from "./cube.js";
import { selectionSql, someCategorySql } from "./cube-sql.js";

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

/** Loads a published cube's Arrow bytes as table `cube` and answers the page's two selections in SQL. */
export async function openCubeDatabase(cube: ArrayBuffer, files: DuckDbFiles): Promise<CubeDatabase> {
  const connection = await startDuckDb(files);
  await connection.insertArrowFromIPCStream(new Uint8Array(cube), { name: "cube", create: true });
  await warmUp(connection);
  return {
    async select(filters, by) {
      // Read from the Arrow result column by column (as the published file is), not row by row.
      const rows = cubeRowsOf(await connection.query(selectionSql(filters, by)));
      return { ...selectFromRows(rows, filters, by), source: "duckdb" };
    },
  };
}

/**
 * DuckDB-WASM runs its first queries of a kind several times slower than later ones (measured on the
 * placements cube: 53 ms, 33 ms, then 7-13 ms), as its code is compiled while used; so does reading the
 * first answers here. Two selections on a real category, read as a filter change reads them, before the
 * filters are said to be live take most of that off the reader's first filter changes.
 */
async function warmUp(connection: duckdb.AsyncDuckDBConnection): Promise<void> {
  const found = (await connection.query(someCategorySql())).toArray()[0]?.toJSON() as Filters | undefined;
  if (!found) return;
  const by = DIMENSIONS.find((dim) => found[dim] === ALL) ?? DIMENSIONS[0]!;
  cubeRowsOf(await connection.query(selectionSql(found, by)));
  cubeRowsOf(await connection.query(selectionSql({ ...found, [by]: ALL }, DIMENSIONS.find((dim) => dim !== by && found[dim] !== ALL) ?? by)));
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
