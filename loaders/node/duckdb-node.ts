// SqlEngine on @duckdb/node-api (build time and CLI). Tables arrive through the appender, dates as text
// then cast by the shared typedTableSql, so both engines hold identical tables.

import { BOOLEAN, DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER, UINTEGER, USMALLINT, UTINYINT, VARCHAR, type DuckDBConnection, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";
import bindings from "@duckdb/node-bindings";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Table } from "../model/canonical.js";
import { NULL_BOOL, NULL_INT, type ColumnarRows } from "../model/columnar.js";
import { columnarStagingTableSql, columnarStagingType, columnarTypedTableSql, stagingTableSql, typedTableSql, type SqlEngine } from "../kpis/engine.js";

const COMPRESS = process.env.SEND_DUCKDB_COMPRESS === "1";

/**
 * DuckDB's memory: at most this much (SEND_DUCKDB_MEMORY overrides), the rest spilled to a temporary
 * folder. Its default is most of the machine's memory, which a national run would take (10 GB and more);
 * with the JavaScript side's 1 to 2 GB this keeps a national run within 6 GB (4 GB peaked at 5.9 GB; 3.5
 * GB costs about 3 s of spilling and peaks at 5.5 GB). An LA run never reaches it.
 */
const MEMORY_LIMIT = process.env.SEND_DUCKDB_MEMORY ?? "3.5GB";

type RawVector = ReturnType<typeof bindings.data_chunk_get_vector>;

/** Copies a typed array into a vector's data (the vector's type has the same width). */
function copyInto(vector: RawVector, values: Uint8Array | Uint16Array | Uint32Array | Int32Array): void {
  bindings.copy_data_to_vector(vector, 0, values.buffer as ArrayBuffer, values.byteOffset, values.byteLength);
}

/** Sets a vector's validity mask (a bit per row, 1 = not null) for `count` rows. */
function setValidity(vector: RawVector, mask: Uint8Array, count: number): void {
  bindings.vector_ensure_validity_writable(vector);
  bindings.copy_data_to_vector_validity(vector, 0, mask.buffer as ArrayBuffer, mask.byteOffset, Math.ceil(count / 64) * 8);
}

/** Writes 0 into one Int32 row of a vector (a -0 from the file, kept beside the Int32 array). */
function writeZero(vector: RawVector, row: number): void {
  const zero = new Int32Array(1);
  bindings.copy_data_to_vector(vector, row * 4, zero.buffer, 0, 4);
}

/** DuckDB's standard vector size: one data chunk per 2,048 rows. */
const CHUNK_ROWS = 2048;

export class NodeDuckDb implements SqlEngine {
  private constructor(private readonly connection: DuckDBConnection, private readonly instance: DuckDBInstance, private readonly spillDir: string) {}

  static async open(): Promise<NodeDuckDb> {
    const spillDir = mkdtempSync(join(tmpdir(), "send-duckdb-"));
    const instance = await DuckDBInstance.create(":memory:", {
      // Two threads: the machines this runs on have two cores; more only adds contention.
      threads: "2",
      // Helper tables and cubes are read by aggregation only: keeping row order costs memory for nothing.
      preserve_insertion_order: "false",
      memory_limit: MEMORY_LIMIT,
      temp_directory: spillDir,
    });
    const connection = await instance.connect();
    if (COMPRESS) {
      await connection.run("ATTACH ':memory:' AS send (COMPRESS)");
      await connection.run("USE send");
    }
    return new NodeDuckDb(connection, instance, spillDir);
  }

  async exec(sql: string): Promise<void> {
    await this.connection.run(sql);
    if (COMPRESS && /^\s*CREATE\b/i.test(sql)) await this.connection.run("CHECKPOINT send");
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  async loadTable(table: Table): Promise<void> {
    if (table.columnar) return this.loadColumnar(table, table.columnar);
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

  /**
   * A columnar table straight from its arrays: codes, days, numbers and flags are copied into each data
   * chunk's vectors in one native call per column (nulls marked in a validity mask), text row by row;
   * the typed table is then made in SQL (dictionary codes to text, days to dates).
   */
  private async loadColumnar(table: Table, columnar: ColumnarRows): Promise<void> {
    const staging = `${table.name}__staging`;
    await this.exec(columnarStagingTableSql({ columns: table.columns, columnar }, staging));
    const appender = await this.connection.createAppender(staging);
    const data = table.columns.map((column) => columnar.columns[column.name]!);
    const types: DuckDBType[] = data.map((column) => {
      switch (columnarStagingType(column)) {
        case "UTINYINT": return UTINYINT;
        case "USMALLINT": return USMALLINT;
        case "UINTEGER": return UINTEGER;
        case "INTEGER": return INTEGER;
        case "BOOLEAN": return BOOLEAN;
        default: return VARCHAR;
      }
    });
    const length = columnar.length;
    const validity = new Uint8Array(CHUNK_ROWS / 8);
    const flags = new Uint8Array(CHUNK_ROWS);
    for (let start = 0; start < length; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, length - start);
      const chunk = DuckDBDataChunk.create(types, count);
      data.forEach((column, index) => {
        const vector = bindings.data_chunk_get_vector(chunk.chunk, index);
        if (column.kind === "text") {
          let nulls = false;
          validity.fill(0xff);
          for (let row = 0; row < count; row++) {
            // ASCII text goes in as the pool's bytes: no JavaScript string is made (8 million national UPNs).
            const bytes = column.text.asciiBytes(start + row);
            if (bytes) {
              bindings.vector_assign_string_element_len(vector, row, bytes);
              continue;
            }
            const value = column.text.get(start + row);
            if (value === null) {
              validity[row >> 3]! &= ~(1 << (row & 7));
              nulls = true;
            } else bindings.vector_assign_string_element(vector, row, value);
          }
          if (nulls) setValidity(vector, validity, count);
          return;
        }
        if (column.kind === "dictionary") {
          copyInto(vector, column.codes.subarray(start, start + count));
          return;
        }
        if (column.kind === "bool") {
          let nulls = false;
          validity.fill(0xff);
          for (let row = 0; row < count; row++) {
            const value = column.values[start + row]!;
            flags[row] = value === 1 ? 1 : 0;
            if (value === NULL_BOOL) {
              validity[row >> 3]! &= ~(1 << (row & 7));
              nulls = true;
            }
          }
          copyInto(vector, flags.subarray(0, count));
          if (nulls) setValidity(vector, validity, count);
          return;
        }
        const values = column.values.subarray(start, start + count);
        const overflow = column.kind === "int" ? column.overflow : undefined;
        let nulls = false;
        validity.fill(0xff);
        for (let row = 0; row < count; row++) {
          if (values[row] !== NULL_INT) continue;
          const beyond = overflow?.get(start + row);
          // A number kept beyond Int32 fails here, as it did as a row value (-0 is 0).
          if (beyond !== undefined && !Object.is(beyond, -0)) throw new Error("number out of int32 range");
          if (beyond === undefined) {
            validity[row >> 3]! &= ~(1 << (row & 7));
            nulls = true;
          }
        }
        // Nulls and -0 hold NULL_INT in the array; the copy writes it and the mask (or a zero) stands in.
        copyInto(vector, values);
        if (overflow) for (const [row, value] of overflow) if (row >= start && row < start + count && Object.is(value, -0)) writeZero(vector, row - start);
        if (nulls) setValidity(vector, validity, count);
      });
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    await this.exec(columnarTypedTableSql({ name: table.name, columns: table.columns, columnar }, staging));
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
    rmSync(this.spillDir, { recursive: true, force: true });
  }
}
