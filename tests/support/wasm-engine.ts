// SqlEngine on DuckDB-WASM's Node build: lets tests run the shared KPI SQL on the engine the browser uses.

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Table } from "../../loaders/model/canonical.js";
import { typedTableSql, type SqlEngine } from "../../loaders/kpis/engine.js";
import { tableToArrowIpc } from "../../src/components/arrow-table.js";

const require = createRequire(import.meta.url);
const duckdb = require("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
const dist = dirname(require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs"));

export async function openWasmEngine(): Promise<SqlEngine & { version: string }> {
  const db = await duckdb.createDuckDB(
    { mvp: { mainModule: join(dist, "duckdb-mvp.wasm"), mainWorker: "" }, eh: { mainModule: join(dist, "duckdb-eh.wasm"), mainWorker: "" } },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  const connection = db.connect();
  const version = String(connection.query("SELECT version() AS v").toArray()[0].v);
  return {
    version,
    async exec(sql: string) {
      connection.query(sql);
    },
    async query(sql: string) {
      return connection.query(sql).toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON());
    },
    async loadTable(table: Table) {
      const staging = `${table.name}__staging`;
      connection.insertArrowFromIPCStream(tableToArrowIpc(table), { name: staging, create: true });
      connection.query(typedTableSql(table, staging));
    },
  };
}
