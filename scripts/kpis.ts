// npm run kpis -- [--data DIR] --period YYYY-MM|YYYY|YYYYYY-term|YYYYYY [--by DIM[,DIM...]] [--published] [--json]
// Prints every KPI for one period from the extracts: unsuppressed (local use) unless --published.

import { runForPeriods } from "../loaders/node/pipeline.js";
import { resolveDataDir } from "../loaders/node/config.js";
import { isPeriod } from "../loaders/kpis/periods.js";
import { KPIS, measureUnit } from "../loaders/kpis/registry.js";
import { DIMENSIONS, type Dimension } from "../loaders/kpis/types.js";
import { publishSeries } from "../loaders/publish/cube.js";
import { seriesPeriods } from "../loaders/kpis/periods.js";
import { ALL } from "../loaders/publish/suppress.js";
import { runCli, usageError } from "./cli-support.js";

export interface KpiRow {
  id: string;
  measure: string;
  period: string;
  value: number | null | "c";
  numerator: number | null | "c";
  denominator: number | null | "c";
  unit: string;
  /** Why the value is missing, when the KPI cannot be computed from these extracts. */
  note?: string;
  /** complete, or partial when the extracts cover only part of the period (say 1-16 January). */
  coverage: string;
  breakdown?: Partial<Record<Dimension, string>>;
}

const USAGE = "usage: npm run kpis -- [--data DIR] --period YYYY-MM|YYYY|202425-autumn|202425 [--by DIM[,DIM...]] [--published] [--json]";

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

export async function kpiRows(argv: string[]): Promise<KpiRow[]> {
  const period = option(argv, "--period");
  if (!period || !isPeriod(period)) throw usageError(`--period must be a month (YYYY-MM), a calendar year (YYYY), a school term (202425-autumn) or an academic year (202425). ${USAGE}`);
  const by = (option(argv, "--by") ?? "").split(",").filter(Boolean) as Dimension[];
  const unknown = by.filter((dim) => !DIMENSIONS.includes(dim));
  if (unknown.length > 0) throw usageError(`--by takes ${DIMENSIONS.join(", ")}; not ${unknown.join(", ")}`);
  const published = argv.includes("--published");

  // A published calendar year depends on its months (a statistic's year is hidden when one of its months
  // is): its months are computed too, and those the site publishes (its 36-month series) taken into account.
  const yearMonths = published && /^\d{4}$/.test(period) ? Array.from({ length: 12 }, (_, i) => `${period}-${String(i + 1).padStart(2, "0")}`) : [];
  const run = await runForPeriods(resolveDataDir(argv), [period, ...yearMonths]);
  const siteMonths = new Set(seriesPeriods(run.meta.exports).map((p) => p.period));
  const periods = run.periods.filter((p) => p.period === period || siteMonths.has(p.period));
  const described = run.periods[0]!;
  if (described.flow_coverage === "partial" || described.term_coverage === "partial") {
    process.stderr.write(`Note: the extracts cover only part of ${period} (to ${run.meta.referenceDate}); event counts for it are partial (coverage: partial).\n`);
  }
  // Published output is exactly what the site publishes: same suppression, no flow breakdowns for years.
  const cells = (published
    ? publishSeries(run.cells.filter((cell) => periods.some((p) => p.period === cell.period)), periods, KPIS, run.meta.suppressionThreshold)
    : run.cells.map((cell) => ({ ...cell, symbol: "" as const }))).filter((cell) => cell.period === period);
  const rows: KpiRow[] = [];
  for (const entry of KPIS) {
    if (!by.every((dim) => entry.breakdowns.includes(dim))) {
      process.stderr.write(`${entry.id}: no breakdown by ${by.filter((dim) => !entry.breakdowns.includes(dim)).join(", ")}; left out\n`);
      continue;
    }
    for (const measure of entry.measures) {
      const matching = cells
        .filter((cell) => cell.kpi === entry.id && cell.measure === measure.id)
        .filter((cell) => DIMENSIONS.every((dim) => (by.includes(dim) ? cell[dim] !== ALL : cell[dim] === ALL)))
        .sort((a, b) => DIMENSIONS.map((dim) => a[dim]).join("|").localeCompare(DIMENSIONS.map((dim) => b[dim]).join("|")));
      if (matching.length === 0 && by.length === 0) {
        const unavailable = run.meta.unavailable[entry.id];
        rows.push({ id: entry.id, measure: measure.id, period, value: null, numerator: null, denominator: null, unit: measureUnit(entry, measure.id), coverage: "none", ...(unavailable ? { note: `not available: ${unavailable}` } : {}) });
      }
      for (const cell of matching) {
        const suppressed = cell.symbol === "c";
        const isCount = measure.kind === "count";
        rows.push({
          id: entry.id,
          measure: measure.id,
          period,
          value: suppressed ? "c" : cell.value,
          numerator: isCount ? null : suppressed ? "c" : cell.numerator,
          denominator: isCount ? null : suppressed ? "c" : cell.denominator,
          unit: measureUnit(entry, measure.id),
          coverage: cell.coverage,
          ...(by.length > 0 ? { breakdown: Object.fromEntries(by.map((dim) => [dim, cell[dim]])) } : {}),
        });
      }
    }
  }
  return rows;
}

function formatValue(row: KpiRow): string {
  if (row.value === null || row.value === "c") return row.value ?? "x";
  return row.unit === "count" ? String(row.value) : row.value.toFixed(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runCli(async () => {
    const argv = process.argv.slice(2);
    const rows = await kpiRows(argv);
    if (argv.includes("--json")) {
      process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
      return;
    }
    for (const row of rows) {
      const breakdown = row.breakdown ? ` ${Object.values(row.breakdown).join(" / ")}` : "";
      const counts = row.numerator !== null ? ` (${row.numerator}/${row.denominator})` : "";
      const partial = row.coverage === "partial" ? "  (part of the period)" : "";
      const note = row.note ? `  (${row.note})` : "";
      const unit = typeof row.value !== "number" ? "" : row.unit === "pct" ? "%" : row.unit === "days" ? " days" : "";
      process.stdout.write(`${row.period}  ${row.id}  ${row.measure}${breakdown}: ${formatValue(row)}${unit}${counts}${partial}${note}\n`);
    }
  });
}
