// SqlEngine on @duckdb/node-api (build time and CLI). Tables arrive through the appender, dates as text
// then cast by the shared typedTableSql, so both engines hold identical tables.

import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { Table } from "../model/canonical.js";
import { stagingTableSql, typedTableSql, type SqlEngine } from "../kpis/engine.js";

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
    for (const row of table.rows) {
      for (const column of table.columns) {
        const value = row[column.name];
        if (value === null || value === undefined) appender.appendNull();
        else if (column.type === "integer") appender.appendInteger(Number(value));
        else if (column.type === "double") appender.appendDouble(Number(value));
        else if (column.type === "boolean") appender.appendBoolean(Boolean(value));
        else appender.appendVarchar(String(value));
      }
      appender.endRow();
    }
    appender.closeSync();
    await this.exec(typedTableSql(table, staging));
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
