// Turns computed cells into the published cube: suppression applied per table (KPI x measure x period and
// count component), GSS symbols set, uncovered periods marked `x`, and a guard that refuses to publish
// any small count that escaped suppression.

import type { Cell } from "../kpis/engine.js";
import { DIMENSIONS, type Dimension } from "../kpis/types.js";
import type { Period } from "../kpis/periods.js";
import { periodStatus } from "../kpis/periods.js";
import type { KpiEntry } from "../kpis/types.js";
import { ALL, keyString, suppressTable } from "./suppress.js";


/** GSS symbols: c suppressed, x not available (the exports do not cover the period), z not applicable. */
export type Symbol = "" | "c" | "x" | "z";

/** A published cell: where it sits (KPI, measure, period, breakdown) as computed, with what may be shown. */
export interface PublishedCell extends Pick<Cell, "kpi" | "measure" | "period" | Dimension | "value" | "numerator" | "denominator"> {
  symbol: Symbol;
  /** complete | partial | none: whether the period is fully inside the exports' reach. */
  coverage: string;
  /** Sum ratios: the people behind the cell, for the privacy guard only (never written out). */
  population?: number | null;
  /** Which counts suppression protected (for the privacy guards; never written out). */
  suppressBy?: Cell["suppressBy"];
  /** A statistic (mean, median, longest days): published as its value, not rebuilt from counts. */
  valueOnly?: boolean;
}

const cellKey = (cell: Record<Dimension, string>) => DIMENSIONS.map((dim) => cell[dim]);
const dimensionsOf = (key: string) => Object.fromEntries(key.split("\u0001").map((value, i) => [DIMENSIONS[i]!, value])) as Record<Dimension, string>;
const headlineDimensions = () => Object.fromEntries(DIMENSIONS.map((dim) => [dim, ALL])) as Record<Dimension, string>;

/** Groups cells into the tables a page can show: one per KPI, measure and period. */
function groupTables<T extends Pick<Cell, "kpi" | "measure" | "period">>(cells: readonly T[]): Map<string, T[]> {
  const tables = new Map<string, T[]>();
  for (const cell of cells) {
    const id = `${cell.kpi}|${cell.measure}|${cell.period}`;
    const table = tables.get(id);
    if (table) table.push(cell);
    else tables.set(id, [cell]);
  }
  return tables;
}

/**
 * Applies suppression. `threshold` 5 suppresses counts 1-4. Each additive component (a count, or a
 * ratio's numerator and denominator) is protected as a table of its own; a ratio is hidden where either
 * component is. Tables of one period holding the same counts (a KPI's count and another's numerator, say)
 * share their suppressions, so one cannot reveal what the other hides.
 */
export function publishCells(cells: readonly Cell[], threshold: number): PublishedCell[] {
  const tables = [...groupTables(cells).values()];
  interface Component {
    table: number;
    signature: string;
    hidden: Set<string>;
  }
  const components: Component[] = [];
  // Identical count tables (a count and another measure's numerator, say) are suppressed once.
  const solved = new Map<string, Set<string>>();
  tables.forEach((tableCells, table) => {
    // What each cell says it protects: a count itself, a ratio both its counts, a sum ratio its people.
    const first = tableCells[0]!;
    const parts: ((cell: Cell) => number)[] = first.suppressBy.map((part) => (cell: Cell) => cell[part] ?? 0);
    // Only the dimensions the table breaks down by take part: shorter keys, same boxes.
    const used = DIMENSIONS.filter((dim) => tableCells.some((cell) => cell[dim] !== ALL));
    const toFull = (key: string) => {
      const values = key === "" ? [] : key.split("\u0001");
      return DIMENSIONS.map((dim) => { const at = used.indexOf(dim); return at < 0 ? ALL : values[at]!; }).join("\u0001");
    };
    for (const part of parts) {
      const counts = tableCells.map((cell) => ({ key: used.map((dim) => cell[dim]), count: part(cell) }));
      const signature = `${first.period}|${used.join(",")}|` + counts.filter((c) => c.count !== 0).map((c) => `${keyString(c.key)}=${c.count}`).sort().join(";");
      let hidden = solved.get(signature);
      if (!hidden) {
        hidden = new Set([...suppressTable(counts, threshold)].map(toFull));
        solved.set(signature, hidden);
      }
      components.push({ table, signature, hidden });
    }
  });
  const shared = new Map<string, Set<string>>();
  for (const component of components) {
    const union = shared.get(component.signature) ?? new Set<string>();
    for (const key of component.hidden) union.add(key);
    shared.set(component.signature, union);
  }
  const hiddenByTable = tables.map(() => new Set<string>());
  for (const component of components) for (const key of shared.get(component.signature)!) hiddenByTable[component.table]!.add(key);
  // A small headline (1 to threshold-1) with a breakdown: the breakdown would say where those few are
  // (the one category holding them all), so the whole table is hidden, headline included.
  tables.forEach((tableCells, table) => {
    const headline = tableCells.find((cell) => DIMENSIONS.every((dim) => cell[dim] === ALL));
    if (!headline || tableCells.length === 1) return;
    const small = headline.suppressBy.some((part) => { const n = headline[part] ?? 0; return n > 0 && n < threshold; });
    if (small) for (const cell of tableCells) hiddenByTable[table]!.add(keyString(cellKey(cell)));
  });

  const published: PublishedCell[] = [];
  tables.forEach((tableCells, table) => {
    const hidden = hiddenByTable[table]!;
    const template = tableCells[0]!;
    const present = new Set(tableCells.map((cell) => keyString(cellKey(cell))));
    for (const cell of tableCells) {
      const suppressed = hidden.has(keyString(cellKey(cell)));
      published.push({
        kpi: cell.kpi,
        measure: cell.measure,
        period: cell.period,
        ...dimensionsOf(keyString(cellKey(cell))),
        value: suppressed ? null : cell.value,
        numerator: suppressed ? null : cell.numerator,
        denominator: suppressed ? null : cell.denominator,
        symbol: suppressed ? "c" : cell.value === null ? "z" : "",
        coverage: cell.coverage,
        population: cell.population,
        suppressBy: cell.suppressBy,
        ...(cell.valueOnly ? { valueOnly: true } : {}),
      });
    }
    // Zero cells chosen for a box must appear, as `c`, or the zero would show.
    for (const key of hidden) {
      if (present.has(key)) continue;
      published.push({ ...blank(template), ...dimensionsOf(key), symbol: "c" });
    }
  });
  return published;
}

const blank = (cell: Cell): PublishedCell => ({
  kpi: cell.kpi,
  measure: cell.measure,
  period: cell.period,
  ...headlineDimensions(),
  value: null,
  numerator: null,
  denominator: null,
  symbol: "x",
  coverage: cell.coverage,
  population: null,
});

/**
 * The cells a site publishes. A flow KPI's calendar year is the sum of its months, so publishing its
 * breakdowns beside the monthly ones would let a hidden month be worked out by subtraction: calendar
 * years are published as headline totals only. (A snapshot's year is its December, the same table.)
 */
export function publishableCells(cells: readonly Cell[], periods: readonly Period[], entries: readonly KpiEntry[]): Cell[] {
  const years = new Set(periods.filter((p) => p.period_type === "year" || p.period_type === "academic_year").map((p) => p.period));
  const flow = new Set(entries.filter((entry) => entry.additiveOverPeriods ?? entry.grain === "flow").map((entry) => entry.id));
  return cells.filter((cell) => !(years.has(cell.period) && flow.has(cell.kpi) && DIMENSIONS.some((dim) => cell[dim] !== ALL)));
}

/**
 * Statistics (average, median, longest days) describe the people behind them, so on top of the tables'
 * suppression: a statistic of 1 to threshold-1 cases is hidden wherever it is, the area's headline
 * included (three waits and their average, median and longest give each wait); the longest is shown for
 * the whole area only (for a group it would say where the longest wait is); and a year's figure is hidden
 * when its hidden months hold 1 to threshold-1 cases between them (the year and the shown months would give
 * their figure), or when some of its months are outside the published series.
 */
export function protectStatistics(cells: PublishedCell[], periods: readonly Period[], entries: readonly KpiEntry[], threshold: number): PublishedCell[] {
  const statistics = new Map(entries.flatMap((entry) => entry.measures.filter((m) => m.kind === "stat").map((m) => [`${entry.id}|${m.id}`, m.kind === "stat" ? m.stat : "mean"] as const)));
  const hide = (cell: PublishedCell) => { cell.value = null; cell.numerator = null; cell.denominator = null; cell.symbol = "c"; };
  const isHeadline = (cell: PublishedCell) => DIMENSIONS.every((dim) => cell[dim] === ALL);
  for (const cell of cells) {
    const stat = statistics.get(`${cell.kpi}|${cell.measure}`);
    if (!stat || cell.symbol !== "") continue;
    const cases = cell.population ?? 0;
    if ((cases > 0 && cases < threshold) || (stat === "max" && !isHeadline(cell))) hide(cell);
  }
  // A year is shown only when all twelve of its months are in the series and its hidden months together
  // hold no cases or at least `threshold` (the year and the shown months give the hidden months' figure
  // together, never one small group's).
  const monthsOf = new Map<string, number>();
  for (const period of periods) if (period.period_type === "month") monthsOf.set(period.period.slice(0, 4), (monthsOf.get(period.period.slice(0, 4)) ?? 0) + 1);
  const hiddenCases = new Map<string, number>();
  for (const cell of cells) {
    if (!statistics.has(`${cell.kpi}|${cell.measure}`) || cell.symbol !== "c" || !isHeadline(cell) || !/^\d{4}-\d{2}$/.test(cell.period)) continue;
    const key = `${cell.kpi}|${cell.measure}|${cell.period.slice(0, 4)}`;
    hiddenCases.set(key, (hiddenCases.get(key) ?? 0) + (cell.population ?? 0));
  }
  for (const cell of cells) {
    if (!statistics.has(`${cell.kpi}|${cell.measure}`) || cell.symbol !== "" || !/^\d{4}$/.test(cell.period)) continue;
    const hidden = hiddenCases.get(`${cell.kpi}|${cell.measure}|${cell.period}`) ?? 0;
    if (monthsOf.get(cell.period) !== 12 || (hidden > 0 && hidden < threshold)) hide(cell);
  }
  return cells;
}

/** Everything a site or `--published` shows for these periods: publishable cells, suppressed, statistics protected. */
export function publishSeries(cells: readonly Cell[], periods: readonly Period[], entries: readonly KpiEntry[], threshold: number): PublishedCell[] {
  return protectStatistics(publishCells(publishableCells(cells, periods, entries), threshold), periods, entries, threshold);
}

const inCalendar = (period: Period, entry: KpiEntry) =>
  entry.calendar === "termly" ? period.period_type === "term" || period.period_type === "academic_year" : period.period_type === "month" || period.period_type === "year";

/** Headline rows marked `x` for periods the exports cannot support, so trends show a gap, not a zero. */
export function unavailableCells(entries: readonly KpiEntry[], periods: readonly Period[]): PublishedCell[] {
  const rows: PublishedCell[] = [];
  for (const entry of entries) {
    for (const period of periods) {
      if (periodStatus(period, entry) !== "none" || !inCalendar(period, entry)) continue;
      for (const measure of entry.measures) {
        rows.push({
          kpi: entry.id, measure: measure.id, period: period.period, ...headlineDimensions(),
          value: null, numerator: null, denominator: null, symbol: "x", coverage: "none", population: null,
        });
      }
    }
  }
  return rows;
}

/**
 * The last check before anything is written for publication: no unsuppressed count, numerator or
 * denominator between 1 and threshold-1 outside the LA headline. Throws rather than publish.
 */
export function assertNoSmallCounts(cells: readonly PublishedCell[], threshold: number): void {
  for (const cell of cells) {
    const headline = DIMENSIONS.every((dim) => cell[dim] === ALL);
    if (headline || cell.symbol === "c") continue;
    // The counts the cell protects (a sum ratio's sessions are not people and may be small).
    const counts = cell.suppressBy
      ? cell.suppressBy.map((part) => (part === "count" ? cell.value : cell[part] ?? null))
      : [cell.numerator, cell.denominator, cell.numerator === null ? cell.value : null];
    for (const count of counts) {
      if (count !== null && count > 0 && count < threshold) {
        throw new Error(`Privacy guard: ${cell.kpi} ${cell.measure} ${cell.period} [${cellKey(cell).join(", ")}] would publish a count of ${count}`);
      }
    }
  }
}

/** A stable order so the same inputs always give byte-identical files. */
export function sortCells<T extends { kpi: string; measure: string; period: string } & Record<Dimension, string>>(cells: T[]): T[] {
  // Keys built once per cell, not per comparison, and compared by position (no lookups while sorting).
  const keys = cells.map((cell) => [cell.kpi, cell.measure, cell.period, ...DIMENSIONS.map((dim) => cell[dim])].join("\u0001"));
  const order = Array.from(keys.keys()).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
  const sorted = order.map((at) => cells[at]!);
  // In place, as Array.prototype.sort is.
  sorted.forEach((cell, at) => { cells[at] = cell; });
  return cells;
}

/**
 * The second guard, an attack: along every line of every published table (one dimension's categories, the
 * others fixed) a line's total minus its shown cells gives its one hidden cell, and each value found helps
 * find the next. Repeated until nothing more can be found; a small count (1 to threshold-1) found this way
 * throws. Checks each additive published count: a count, a ratio's numerator and denominator (not a
 * denominator taken across dimensions, which is the same total on every line), a sum ratio's sums.
 */
export function assertNoLineReveals(cells: readonly PublishedCell[], entries: readonly KpiEntry[], threshold: number): void {
  for (const [id, table] of groupTables(cells.filter((cell) => cell.symbol !== "x"))) {
    if (!table.some((cell) => cell.symbol === "c")) continue;
    const [kpi, measureId] = id.split("|") as [string, string];
    const measure = entries.find((entry) => entry.id === kpi)?.measures.find((m) => m.id === measureId);
    // A statistic (an average, a median, a longest) adds up along no line.
    if (measure?.kind === "stat") continue;
    const components: [string, (cell: PublishedCell) => number | null][] = !measure || measure.kind === "count"
      ? [["count", (cell) => cell.value]]
      : measure.kind === "ratio" && measure.denominatorAcross ? [["numerator", (cell) => cell.numerator]] : [["numerator", (cell) => cell.numerator], ["denominator", (cell) => cell.denominator]];
    const used = DIMENSIONS.filter((dim) => table.some((cell) => cell[dim] !== ALL));
    // Lines: a cell belongs, for each dimension it breaks down, to the line whose total has "All" there.
    const keyOf = (cell: PublishedCell) => keyString(cellKey(cell));
    const present = new Set(table.map(keyOf));
    const byLine = new Map<string, { total: string; members: string[] }>();
    for (const cell of table) {
      for (const dim of used) {
        if (cell[dim] === ALL) continue;
        const total = keyString(DIMENSIONS.map((other) => (other === dim ? ALL : cell[other])));
        const id = `${dim}\u0002${total}`;
        const line = byLine.get(id) ?? { total, members: [] };
        line.members.push(keyOf(cell));
        byLine.set(id, line);
      }
    }
    const lines = [...byLine.values()].filter((line) => present.has(line.total));
    for (const [name, component] of components) {
      const known = new Map<string, number>();
      const hidden = new Set<string>();
      for (const cell of table) {
        if (cell.symbol === "c") hidden.add(keyOf(cell));
        else if (component(cell) !== null) known.set(keyOf(cell), component(cell)!);
      }
      for (let progress = true; progress;) {
        progress = false;
        for (const line of lines) {
          const unknown = [line.total, ...line.members].filter((key) => !known.has(key));
          if (unknown.length !== 1 || !hidden.has(unknown[0]!)) continue;
          const sum = line.members.reduce((total, key) => total + (known.get(key) ?? 0), 0);
          const value = unknown[0] === line.total ? sum : known.get(line.total)! - sum;
          known.set(unknown[0]!, value);
          progress = true;
          if (value > 0 && value < threshold) {
            throw new Error(`Privacy guard: ${id} ${name} [${unknown[0]!.split("\u0001").join(", ")}] can be worked out from the published totals (${value})`);
          }
        }
      }
    }
  }
}
