// A canonical table (rows of plain values) as Arrow IPC bytes, the form DuckDB-WASM ingests. Dates travel
// as text; the shared typedTableSql casts them, exactly as the Node engine does.

import { Bool, Float64, Int32, Table as ArrowTable, Utf8, tableToIPC, vectorFromArray, type DataType } from "apache-arrow";

/** Column data of a columnar table (mirrors loaders/model/columnar.ts: this file is bundled on its own). */
type EngineColumn =
  | { kind: "dictionary"; codes: ArrayLike<number>; values: readonly (string | null)[] }
  | { kind: "int"; values: Int32Array; overflow?: ReadonlyMap<number, number> }
  | { kind: "days"; values: Int32Array }
  | { kind: "bool"; values: Uint8Array }
  | { kind: "text"; text: { get(row: number): string | null } };

/** The canonical-table shape the shared engine loads (mirrors loaders/model/canonical.ts). */
export interface EngineTable {
  name: string;
  columns: readonly { name: string; type: "varchar" | "integer" | "boolean" | "date" | "double" }[];
  /** Row objects; a columnar table makes them only when read, so its `columnar` data is used instead. */
  rows: Record<string, unknown>[];
  columnar?: { length: number; columns: Readonly<Record<string, EngineColumn>> };
}

/** Null in Int32 columns and in boolean columns (loaders/model/columnar.ts). */
const NULL_INT = -2147483648;
const NULL_BOOL = 2;

/** One column's values as a row object would hold them (dates as ISO text). */
function columnValues(column: EngineColumn, length: number): unknown[] {
  const values = new Array<unknown>(length);
  for (let row = 0; row < length; row++) {
    if (column.kind === "dictionary") values[row] = column.values[column.codes[row]!];
    else if (column.kind === "text") values[row] = column.text.get(row);
    else if (column.kind === "bool") values[row] = column.values[row] === NULL_BOOL ? null : column.values[row] === 1;
    else {
      const value = column.values[row]!;
      if (value === NULL_INT) values[row] = column.kind === "int" ? (column.overflow?.get(row) ?? null) : null;
      else values[row] = column.kind === "int" ? value : new Date(value * 86_400_000).toISOString().slice(0, 10);
    }
  }
  return values;
}

const ARROW_TYPES: Record<EngineTable["columns"][number]["type"], () => DataType> = {
  varchar: () => new Utf8(),
  date: () => new Utf8(),
  integer: () => new Int32(),
  boolean: () => new Bool(),
  double: () => new Float64(),
};

export function tableToArrowIpc(table: EngineTable): Uint8Array {
  const columnar = table.columnar;
  const rows = columnar ? [] : table.rows;
  const values = (name: string) => (columnar ? columnValues(columnar.columns[name]!, columnar.length) : rows.map((row) => row[name] ?? null));
  const vectors = Object.fromEntries(
    table.columns.map((column) => [column.name, vectorFromArray(values(column.name), ARROW_TYPES[column.type]())]),
  );
  return tableToIPC(new ArrowTable(vectors), "stream");
}
