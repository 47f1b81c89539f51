// SqlEngine on DuckDB-WASM's Node build: lets tests run the shared KPI SQL on the engine the browser uses.

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Table as EngineTable } from "../../loaders/model/canonical.js";
import type { Table } from "apache-arrow";
import { typedTableSql, type SqlEngine } from "../../loaders/kpis/engine.js";
import { tableToArrowIpc } from "../../src/components/arrow-table.js";

const require = createRequire(import.meta.url);
const duckdb = require("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
const dist = dirname(require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs"));

/** A connection of DuckDB-WASM's blocking Node build: query(sql) returns an Arrow table, as the browser's does (awaited). */
export interface WasmConnection {
  query(sql: string): Table & { toArray(): { toJSON(): Record<string, unknown> }[] };
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; create: boolean }): void;
}

export async function openWasmConnection(): Promise<WasmConnection> {
  const db = await duckdb.createDuckDB(
    { mvp: { mainModule: join(dist, "duckdb-mvp.wasm"), mainWorker: "" }, eh: { mainModule: join(dist, "duckdb-eh.wasm"), mainWorker: "" } },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  return db.connect();
}

export async function openWasmEngine(): Promise<SqlEngine & { version: string }> {
  const connection = await openWasmConnection();
  const version = String(connection.query("SELECT version() AS v").toArray()[0].v);
  return {
    version,
    async exec(sql: string) {
      connection.query(sql);
    },
    async query(sql: string) {
      return connection.query(sql).toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON());
    },
    async loadTable(table: EngineTable) {
      const staging = `${table.name}__staging`;
      connection.insertArrowFromIPCStream(tableToArrowIpc(table), { name: staging, create: true });
      connection.query(typedTableSql(table, staging));
    },
  };
}
