// SqlEngine on @duckdb/node-api (build time and CLI). Tables arrive through the appender, dates as text
// then cast by the shared typedTableSql, so both engines hold identical tables.

import { BOOLEAN, DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER, VARCHAR, type DuckDBConnection, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";
import type { Table } from "../model/canonical.js";
import { stagingTableSql, typedTableSql, type SqlEngine } from "../kpis/engine.js";

/** DuckDB's standard vector size: one data chunk per 2,048 rows. */
const CHUNK_ROWS = 2048;

export class NodeDuckDb implements SqlEngine {
  private constructor(private readonly connection: DuckDBConnection, private readonly instance: DuckDBInstance) {}

  static async open(): Promise<NodeDuckDb> {
    // Two threads: the machines this runs on have two cores; more only adds contention.
    const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
    return new NodeDuckDb(await instance.connect(), instance);
  }

  async exec(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  async loadTable(table: Table): Promise<void> {
    const staging = `${table.name}__staging`;
    await this.exec(stagingTableSql(table, staging));
    const appender = await this.connection.createAppender(staging);
    // Column-wise data chunks (DuckDB's vector size) rather than a call per value: millions of census rows.
    const types: DuckDBType[] = table.columns.map((column) => (column.type === "integer" ? INTEGER : column.type === "double" ? DOUBLE : column.type === "boolean" ? BOOLEAN : VARCHAR));
    const convert = table.columns.map((column): ((value: unknown) => DuckDBValue) =>
      column.type === "integer" || column.type === "double" ? (value) => Number(value) : column.type === "boolean" ? (value) => Boolean(value) : (value) => String(value));
    for (let start = 0; start < table.rows.length; start += CHUNK_ROWS) {
      const rows = table.rows.slice(start, start + CHUNK_ROWS);
      const chunk = DuckDBDataChunk.create(types, rows.length);
      chunk.setColumns(table.columns.map((column, index) => rows.map((row) => {
        const value = row[column.name];
        return value === null || value === undefined ? null : convert[index]!(value);
      })));
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    await this.exec(typedTableSql(table, staging));
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
