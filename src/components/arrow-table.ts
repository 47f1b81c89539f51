// A canonical table (rows of plain values) as Arrow IPC bytes, the form DuckDB-WASM ingests. Dates travel
// as text; the shared typedTableSql casts them, exactly as the Node engine does.

import { Bool, Float64, Int32, Table as ArrowTable, Utf8, tableToIPC, vectorFromArray, type DataType } from "apache-arrow";

/** The canonical-table shape the shared engine loads (mirrors loaders/model/canonical.ts). */
export interface EngineTable {
  name: string;
  columns: readonly { name: string; type: "varchar" | "integer" | "boolean" | "date" | "double" }[];
  rows: Record<string, unknown>[];
}

const ARROW_TYPES: Record<EngineTable["columns"][number]["type"], () => DataType> = {
  varchar: () => new Utf8(),
  date: () => new Utf8(),
  integer: () => new Int32(),
  boolean: () => new Bool(),
  double: () => new Float64(),
};

export function tableToArrowIpc(table: EngineTable): Uint8Array {
  const vectors = Object.fromEntries(
    table.columns.map((column) => [column.name, vectorFromArray(table.rows.map((row) => row[column.name] ?? null), ARROW_TYPES[column.type]())]),
  );
  return tableToIPC(new ArrowTable(vectors), "stream");
}
