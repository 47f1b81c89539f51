// Runs KPI entries on any DuckDB (Node at build time, DuckDB-WASM in the browser): loads canonical tables
// and periods, builds the helper tables, and turns each entry's units into cube cells (every combination
// of its breakdowns, "All" for a rolled-up dimension) per period and measure.

import type { Table, TableColumn } from "../model/canonical.js";
import type { ColumnData, ColumnarRows } from "../model/columnar.js";
import { HELPER_TABLES_SQL } from "./shared-sql.js";
import { EDUCATION_HELPER_TABLES_SQL } from "./education.js";
import { PLACEMENT_HELPER_TABLES_SQL } from "./placements.js";
import { POST16_HELPER_TABLES_SQL } from "./post16.js";
import { DIMENSIONS, type KpiEntry, type MeasureSpec } from "./types.js";
import { periodStatus, type Coverage, type Period } from "./periods.js";
import { appendAll } from "../arrays.js";

/** The little a KPI run needs from a database connection; implemented for @duckdb/node-api and DuckDB-WASM. */
export interface SqlEngine {
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Creates `name` holding `rows` with the given columns (dates arrive as ISO strings). */
  loadTable(table: Table): Promise<void>;
}

export const ALL = "All";

export interface Cell {
  kpi: string;
  measure: string;
  period: string;
  age_band: string;
  primary_need: string;
  setting: string;
  sen_status: string;
  phase: string;
  /** Count measures: the count. Ratios: null. */
  count: number | null;
  /**
   * People behind the cell where the published counts do not say it: a sum ratio's pupils, or the
   * pupils of the cell itself for a ratio whose denominator is taken across (never published). Else null.
   */
  population: number | null;
  /** The counts suppression protects for this cell (see loaders/publish/cube.ts). */
  suppressBy: readonly ("count" | "numerator" | "denominator" | "population")[];
  numerator: number | null;
  denominator: number | null;
  /** Unsuppressed value: the count, or scale * numerator / denominator (null when the denominator is 0), or a statistic. */
  value: number | null;
  /** A statistic (mean, median, longest): its value cannot be rebuilt from counts, so it is published as is. */
  valueOnly?: boolean;
  coverage: Coverage;
}

const PERIOD_COLUMNS: readonly TableColumn[] = [
  { name: "period", type: "varchar" },
  { name: "period_type", type: "varchar" },
  { name: "start_date", type: "date" },
  { name: "end_date", type: "date" },
  { name: "snapshot_date", type: "date" },
  { name: "snapshot_covered", type: "boolean" },
  { name: "flow_covered", type: "boolean" },
  { name: "flow_coverage", type: "varchar" },
  { name: "census_date", type: "date" },
  { name: "term_coverage", type: "varchar" },
];

export async function loadPeriods(engine: SqlEngine, periods: readonly Period[]): Promise<void> {
  await engine.loadTable({ name: "periods", columns: PERIOD_COLUMNS, rows: periods.map((p) => ({ ...p })) });
}

export async function buildHelperTables(engine: SqlEngine): Promise<void> {
  for (const sql of [...HELPER_TABLES_SQL, ...EDUCATION_HELPER_TABLES_SQL, ...PLACEMENT_HELPER_TABLES_SQL, ...POST16_HELPER_TABLES_SQL]) await engine.exec(sql);
}

/**
 * The tables no entry's units read (by name): once the helper tables are built, a run short of memory can
 * drop them (a national census is 8 million rows that only the education helper tables read).
 */
export function tablesNoEntryReads(tables: readonly string[], entries: readonly KpiEntry[]): string[] {
  return tables.filter((table) => !entries.some((entry) => new RegExp(`\\b${table}\\b`, "i").test(entry.units)));
}

/** Column aliases for a measure's counts in the cube query (`prefix` tells entries sharing one query apart). */
const countColumns = (measure: MeasureSpec, index: number, prefix = "") =>
  measure.kind === "count"
    ? { n: `${prefix}m${index}_n` }
    : { num: `${prefix}m${index}_num`, den: `${prefix}m${index}_den`, pop: `${prefix}m${index}_pop`, stat: `${prefix}m${index}_stat` };

const STAT_SQL = { mean: "avg", median: "median", max: "max" } as const;

/** The aggregates of one entry's measures. */
function measureAggregates(entry: KpiEntry, prefix = ""): string[] {
  return entry.measures.flatMap((measure, index) => {
    const columns = countColumns(measure, index, prefix);
    if (measure.kind === "count") return [`count(*) FILTER (WHERE ${measure.where ?? "true"}) AS ${columns.n}`];
    if (measure.kind === "stat") {
      return [
        `${STAT_SQL[measure.stat]}(${measure.of}) FILTER (WHERE ${measure.population}) AS ${columns.stat}`,
        `count(*) FILTER (WHERE ${measure.population}) AS ${columns.pop}`,
      ];
    }
    if (measure.kind === "sum_ratio") {
      return [
        `coalesce(sum(${measure.numerator}) FILTER (WHERE ${measure.population}), 0) AS ${columns.num}`,
        `coalesce(sum(${measure.denominator}) FILTER (WHERE ${measure.population}), 0) AS ${columns.den}`,
        `count(*) FILTER (WHERE ${measure.population}) AS ${columns.pop}`,
      ];
    }
    return [
      `count(*) FILTER (WHERE ${measure.numerator}) AS ${columns.num}`,
      `count(*) FILTER (WHERE ${measure.denominator}) AS ${columns.den}`,
    ];
  });
}

/** The cube query for one entry: counts per period and every subset of its breakdowns. */
export function cubeSql(entry: KpiEntry): string {
  return sharedCubeSql([entry]);
}

/**
 * One cube query for entries with the same units and breakdowns (the placement shares all count
 * snapshot_plans by age and need): the units are read once, each entry's measures under its own prefix.
 */
export function sharedCubeSql(entries: readonly KpiEntry[], rollUp = entries.every(additive)): string {
  if (rollUp && !entries.every(additive)) throw new Error(`${entries.map((entry) => entry.id).join(", ")}: a statistic cannot be rolled up from its combinations`);
  const [first] = entries;
  const dims = first!.breakdowns;
  const selectDims = DIMENSIONS.map((dim) =>
    dims.includes(dim) ? `CASE WHEN GROUPING(${dim}) = 1 THEN '${ALL}' ELSE CAST(${dim} AS VARCHAR) END AS ${dim}` : `'${ALL}' AS ${dim}`,
  );
  const prefix = (at: number) => (entries.length === 1 ? "" : `e${at}_`);
  const aggregates = entries.flatMap((entry, at) => measureAggregates(entry, prefix(at)));
  const groupBy = dims.length > 0 ? `period, CUBE(${dims.join(", ")})` : "period";
  if (dims.length > 0 && rollUp) {
    // Counts and sums add up: taken once per combination of the breakdowns, then summed up the cube's
    // roll-ups, rather than every unit aggregated again for each of the cube's 2^n groupings (a national
    // run's 20 million plan-months, say).
    const rollUps = entries.flatMap((entry, at) => rolledUpColumns(entry, prefix(at)));
    return `WITH units AS (${first!.units}
), combinations AS (
SELECT period, ${dims.join(", ")}, ${aggregates.join(", ")}
FROM units
GROUP BY period, ${dims.join(", ")}
)
SELECT period, ${selectDims.join(", ")}, ${rollUps.join(", ")}
FROM combinations
GROUP BY ${groupBy}`;
  }
  return `WITH units AS (${first!.units}
)
SELECT period, ${selectDims.join(", ")}, ${aggregates.join(", ")}
FROM units
GROUP BY ${groupBy}`;
}

/** Whether an entry's measures are all counts or sums (not a mean, median or longest, which do not add up). */
export const additive = (entry: KpiEntry) => entry.measures.every((measure) => measure.kind !== "stat");

/**
 * The roll-up of each of an entry's columns (additive entries) from its combinations: counts summed back
 * to counts (BIGINT, as count gives), a sum ratio's sums summed (the type sum gave them).
 */
const rolledUpColumns = (entry: KpiEntry, prefix: string) =>
  entry.measures.flatMap((measure, index) => {
    const columns = countColumns(measure, index, prefix);
    if (measure.kind === "count") return [`CAST(sum(${columns.n}) AS BIGINT) AS ${columns.n}`];
    const counts = [`CAST(sum(${columns.num}) AS BIGINT) AS ${columns.num}`, `CAST(sum(${columns.den}) AS BIGINT) AS ${columns.den}`];
    if (measure.kind === "ratio") return counts;
    return [`sum(${columns.num}) AS ${columns.num}`, `sum(${columns.den}) AS ${columns.den}`, `CAST(sum(${columns.pop}) AS BIGINT) AS ${columns.pop}`];
  });

/** Entries whose cube queries can be one: the same units and breakdowns (their key). */
const sharedQueryKey = (entry: KpiEntry) => `${entry.breakdowns.join(",")}\u0000${entry.units}`;

const toNumber = (value: unknown): number => (typeof value === "bigint" ? Number(value) : Number(value ?? 0));

/**
 * Computes every cell of every entry for the loaded periods. Rows with no units are absent from a cube;
 * the headline ("All" everywhere) is filled with zeros so every covered period has a value.
 */
export async function computeCells(engine: SqlEngine, entries: readonly KpiEntry[], periods: readonly Period[]): Promise<Cell[]> {
  const cells: Cell[] = [];
  const groups = new Map<string, KpiEntry[]>();
  for (const entry of entries) {
    const group = groups.get(sharedQueryKey(entry));
    if (group) group.push(entry);
    else groups.set(sharedQueryKey(entry), [entry]);
  }
  /** A shared query's rows, kept until its last entry has taken its cells. */
  const answered = new Map<string, { rows: Record<string, unknown>[]; left: number }>();
  for (const entry of entries) {
    const key = sharedQueryKey(entry);
    const group = groups.get(key)!;
    let answer = answered.get(key);
    if (!answer) {
      try {
        answer = { rows: await engine.query(sharedCubeSql(group)), left: group.length };
      } catch (error) {
        throw new Error(`KPI ${group.map((e) => e.id).join(", ")}: its SQL failed: ${(error as Error).message}`);
      }
      answered.set(key, answer);
    }
    const rows = answer.rows;
    if (--answer.left === 0) answered.delete(key);
    const prefix = group.length === 1 ? "" : `e${group.indexOf(entry)}_`;
    const byPeriod = new Map<string, Record<string, unknown>[]>();
    for (const row of rows) {
      const period = String(row.period);
      const list = byPeriod.get(period);
      if (list) list.push(row);
      else byPeriod.set(period, [row]);
    }
    for (const period of periods) {
      const coverage = periodStatus(period, entry);
      if (coverage === "none") continue;
      const periodRows = byPeriod.get(period.period) ?? [];
      const hasHeadline = periodRows.some((row) => DIMENSIONS.every((dim) => row[dim] === ALL));
      if (!hasHeadline) periodRows.push({ period: period.period, ...Object.fromEntries(DIMENSIONS.map((dim) => [dim, ALL])) });
      const periodCells: Cell[] = [];
      for (const row of periodRows) {
        entry.measures.forEach((measure, index) => {
          const columns = countColumns(measure, index, prefix);
          const base = {
            kpi: entry.id,
            measure: measure.id,
            period: period.period,
            age_band: String(row.age_band),
            primary_need: String(row.primary_need),
            setting: String(row.setting),
            sen_status: String(row.sen_status),
            phase: String(row.phase),
            coverage,
          };
          if (measure.kind === "count") {
            const count = toNumber(row[columns.n!]);
            periodCells.push({ ...base, count, population: null, numerator: null, denominator: null, value: count, suppressBy: ["count"] });
          } else if (measure.kind === "stat") {
            const population = toNumber(row[columns.pop!]);
            const stat = row[columns.stat!];
            const value = population === 0 || stat === null || stat === undefined ? null : toNumber(stat);
            periodCells.push({ ...base, count: null, population, numerator: null, denominator: null, value, suppressBy: ["population"], valueOnly: true });
          } else {
            const numerator = toNumber(row[columns.num!]);
            const denominator = toNumber(row[columns.den!]);
            const value = denominator === 0 ? null : (measure.scale * numerator) / denominator;
            const population = measure.kind === "sum_ratio" ? toNumber(row[columns.pop!]) : null;
            const suppressBy = measure.kind === "sum_ratio" ? (["population"] as const) : (["numerator", "denominator"] as const);
            periodCells.push({ ...base, count: null, population, numerator, denominator, value, suppressBy });
          }
        });
      }
      appendAll(cells, denominatorsAcross(entry, periodCells));
    }
  }
  return cells;
}

/** Applies `denominatorAcross`: each cell takes its denominator from the cell with those dimensions rolled up. */
function denominatorsAcross(entry: KpiEntry, cells: Cell[]): Cell[] {
  for (const measure of entry.measures) {
    if (measure.kind !== "ratio" || !measure.denominatorAcross) continue;
    const across = measure.denominatorAcross;
    const key = (cell: Cell, rolled: boolean) => DIMENSIONS.map((dim) => (rolled && across.includes(dim) ? ALL : cell[dim])).join("\u0001");
    const ofMeasure = cells.filter((cell) => cell.measure === measure.id);
    const totals = new Map(ofMeasure.filter((cell) => across.every((dim) => cell[dim] === ALL)).map((cell) => [key(cell, false), cell.denominator]));
    for (const cell of ofMeasure) {
      const denominator = totals.get(key(cell, true)) ?? 0;
      // The cell's own people (its denominator before taking it across) are protected, with its numerator:
      // the shared denominator minus published numerators would otherwise reveal a small group.
      cell.population = cell.denominator;
      cell.suppressBy = ["numerator", "population"];
      cell.denominator = denominator;
      cell.value = denominator === 0 ? null : (measure.scale * cell.numerator!) / denominator;
    }
  }
  return cells;
}

/** Loads canonical tables and periods, builds helper tables and computes all cells: the whole KPI run. */
export async function runKpis(
  engine: SqlEngine,
  tables: readonly Table[],
  entries: readonly KpiEntry[],
  periods: readonly Period[],
): Promise<Cell[]> {
  for (const table of tables) await engine.loadTable(table);
  await loadPeriods(engine, periods);
  await buildHelperTables(engine);
  return computeCells(engine, entries, periods);
}

/** SQL that turns a staging table (dates as text) into the typed table; shared by both engines. */
export function typedTableSql(table: { name: string; columns: readonly TableColumn[] }, stagingName: string): string {
  const select = table.columns
    .map((column) => (column.type === "date" ? `CAST(${column.name} AS DATE) AS ${column.name}` : column.name))
    .join(", ");
  return `CREATE OR REPLACE TABLE ${table.name} AS SELECT ${select} FROM ${stagingName}; DROP TABLE ${stagingName};`;
}

export const SQL_TYPES: Record<TableColumn["type"], string> = {
  varchar: "VARCHAR",
  integer: "INTEGER",
  boolean: "BOOLEAN",
  date: "VARCHAR",
  double: "DOUBLE",
};

export function stagingTableSql(table: { name: string; columns: readonly TableColumn[] }, stagingName: string): string {
  return `CREATE OR REPLACE TABLE ${stagingName} (${table.columns.map((c) => `${c.name} ${SQL_TYPES[c.type]}`).join(", ")})`;
}


/** A columnar table's staging column type for each kind of column data (dictionary codes, days, numbers, text). */
export function columnarStagingType(data: ColumnData): string {
  switch (data.kind) {
    case "dictionary":
      return data.codes instanceof Uint8Array ? "UTINYINT" : data.codes instanceof Uint16Array ? "USMALLINT" : "UINTEGER";
    case "int":
    case "days":
      return "INTEGER";
    case "bool":
      return "BOOLEAN";
    case "text":
      return "VARCHAR";
  }
}

const sqlText = (value: string | null) => (value === null ? "NULL" : `'${value.replace(/'/g, "''")}'`);

/**
 * SQL that turns a columnar staging table (dictionary codes, days since 1970) into the typed table: the
 * same values and types, in the same row order, as typedTableSql gives from row objects.
 */
export function columnarTypedTableSql(table: { name: string; columns: readonly TableColumn[]; columnar: ColumnarRows }, stagingName: string): string {
  const select = table.columns.map((column) => {
    const data = table.columnar.columns[column.name];
    if (!data) throw new Error(`${table.name}: no data for column ${column.name}`);
    let value: string;
    if (data.kind === "dictionary") {
      if (column.type !== "varchar" && column.type !== "date") throw new Error(`${table.name}.${column.name}: a dictionary column must be text or a date`);
      value = `list_extract([${data.values.map(sqlText).join(", ")}]::VARCHAR[], CAST(${column.name} AS INTEGER) + 1)`;
    } else if (data.kind === "days") value = `(DATE '1970-01-01' + ${column.name})`;
    else value = column.name;
    if (column.type === "date" && data.kind !== "days") value = `CAST(${value} AS DATE)`;
    return `${value} AS ${column.name}`;
  });
  return `CREATE OR REPLACE TABLE ${table.name} AS SELECT ${select.join(", ")} FROM ${stagingName}; DROP TABLE ${stagingName};`;
}

export function columnarStagingTableSql(table: { columns: readonly TableColumn[]; columnar: ColumnarRows }, stagingName: string): string {
  return `CREATE OR REPLACE TABLE ${stagingName} (${table.columns.map((c) => `${c.name} ${columnarStagingType(table.columnar.columns[c.name]!)}`).join(", ")})`;
}
