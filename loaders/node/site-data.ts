// What the thin Framework loaders in src/data write: each function returns one file's content for the site.
// Only published (suppressed) figures and data-quality facts without personal values leave this module.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cachedPipeline, type PipelineResult } from "./pipeline.js";
import { readAreaConfig, REPO_ROOT, resolveDataDir } from "./config.js";
import { readCatalogue } from "./catalogue.js";
import { readComparators } from "../reference/read-comparators.js";
import { summariseComparators } from "../reference/summarise.js";
import { DataError } from "../sources/problems.js";
import { KPIS } from "../kpis/registry.js";
import { cubeToArrow } from "../publish/arrow.js";
import { csvLine } from "../sources/csv.js";
import { REQUEST_OUTCOME_CODES, ASSESSMENT_OUTCOME_CODES } from "../config/outcome-codes.js";
import { SETTING_CATEGORIES } from "../model/settings.js";
import { AGE_BANDS } from "../kpis/shared-sql.js";
import { SEN_TYPES } from "../sources/sen2-schema.js";
import { PHASES, SEN_STATUSES } from "../model/education.js";
import { DIMENSIONS, type Dimension } from "../kpis/types.js";
import { breakdownKey, normaliseBreakdown } from "../reference/breakdowns.js";

/**
 * Runs a Framework loader body and writes its output to stdout. A data problem (missing or unreadable
 * file, unusable header) prints one line naming it and fails the build, without a stack trace.
 */
export async function runLoader(produce: () => Promise<string | Uint8Array>): Promise<void> {
  try {
    process.stdout.write(await produce());
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    process.stderr.write(`\n${error.message}\n`);
    process.exit(1);
  }
}

/** Problems listed one by one on the published data-quality page; the summary always counts them all. */
export const PUBLISHED_PROBLEM_LIMIT = 500;

export const buildPipeline = (): Promise<PipelineResult> => cachedPipeline(resolveDataDir([]));

const domainCells = (result: PipelineResult, domain: string) =>
  result.published.filter((cell) => KPIS.find((entry) => entry.id === cell.kpi)?.domain === domain);

export async function domainCubeArrow(domain: string): Promise<Uint8Array> {
  return cubeToArrow(domainCells(await buildPipeline(), domain));
}

/** The dimensions a domain's KPIs break down by, in DIMENSIONS order: the columns of its CSV. */
export const domainDimensions = (domain: string): Dimension[] =>
  DIMENSIONS.filter((dim) => KPIS.some((entry) => entry.domain === domain && entry.breakdowns.includes(dim)));

export async function domainCubeCsv(domain: string): Promise<string> {
  const columns = ["kpi", "measure", "period", ...domainDimensions(domain), "value", "numerator", "denominator", "symbol", "coverage"] as const;
  const cells = domainCells(await buildPipeline(), domain);
  return [columns.join(","), ...cells.map((cell) => csvLine(columns.map((column) => cell[column])))].join("\n") + "\n";
}

const NEED_LABELS: Record<string, string> = {
  NSA: "NSA (SEN support, no specialist assessment of need)",
  UNKNOWN: "Not recorded",
  NONE: "No SEN",
};

/** Everything a page needs besides the cube: the area, the dates, the periods and each KPI's metadata. */
export async function siteMeta() {
  const result = await buildPipeline();
  return {
    ...result.meta,
    periods: result.periods,
    kpis: KPIS.map(({ units, ...entry }) => ({ ...entry, sql: units.trim(), ...(result.meta.unavailable[entry.id] ? { unavailable: result.meta.unavailable[entry.id] } : {}) })),
    categories: {
      age_band: AGE_BANDS.map((id) => ({ id, label: id })),
      primary_need: [...SEN_TYPES, "NSA", "UNKNOWN", "NONE"].map((id) => ({ id, label: NEED_LABELS[id] ?? id })),
      setting: SETTING_CATEGORIES.map(({ id, label }) => ({ id, label })),
      sen_status: SEN_STATUSES.map(({ id, label }) => ({ id, label })),
      phase: PHASES.map(({ id, label }) => ({ id, label })),
    },
    outcomeCodes: { request: REQUEST_OUTCOME_CODES, assessment: ASSESSMENT_OUTCOME_CODES },
  };
}

export async function dataQualityReport() {
  const { dataQuality, meta } = await buildPipeline();
  const summary = new Map<string, { file: string; rule: string; severity: string; count: number }>();
  for (const problem of dataQuality.problems) {
    const key = `${problem.file}|${problem.rule}|${problem.severity}`;
    const entry = summary.get(key) ?? { file: problem.file, rule: problem.rule, severity: problem.severity, count: 0 };
    entry.count++;
    summary.set(key, entry);
  }
  const unmapped = dataQuality.problems.filter((p) => p.rule === "unmapped-outcome").length;
  return {
    referenceDate: meta.referenceDate,
    demo: meta.demo,
    accounts: dataQuality.accounts,
    summary: [...summary.values()].sort((a, b) => a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule)),
    unmappedOutcomes: unmapped,
    problemCount: dataQuality.problems.length,
    problems: dataQuality.problems.slice(0, PUBLISHED_PROBLEM_LIMIT),
    coverage: dataQuality.coverage,
  };
}

/** Comparators for the pages: per KPI measure and published period, with the reconciliation against local data. */
export async function comparatorData() {
  const config = readAreaConfig();
  const path = join(REPO_ROOT, config.comparators);
  // Published breakdown labels become the pages' category ids, so a filter finds its published figure.
  const rows = (existsSync(path) ? readComparators(readFileSync(path, "utf-8")) : []).map((row) => ({ ...row, breakdown: normaliseBreakdown(row.breakdown) }));
  const registry = new Map(KPIS.map((entry) => [entry.id, entry]));
  const catalogue = readCatalogue();
  const summaries = summariseComparators(rows, {
    homeOldCode: config.homeLa.oldCode,
    homeNewCode: config.homeLa.newCode,
    homeIcb: config.nhs?.icb,
    regionCode: config.region.code,
    regionName: config.region.name,
    similarOldCodes: config.similarAreas.oldLaCodes,
  }, (kpi, measure) => {
    // Published context that is not a catalogue KPI (the MoJ appeal rate): summarised, never ranked.
    if (kpi.startsWith("context.")) return { better: "context", ranked: false };
    const entry = catalogue.find((e) => e.id === kpi);
    if (!entry || !entry.measures.includes(measure)) return undefined;
    // Rates and percentages are ranked; counts only describe size.
    return { better: entry.better as "higher" | "lower" | "context", ranked: /^(pct|rate)/.test(measure) };
  });
  const { cells, published: publishedCells, meta } = await buildPipeline();
  const headline = new Map(cells.filter((c) => DIMENSIONS.every((dim) => c[dim] === "All")).map((c) => [`${c.kpi}|${c.measure}|${c.period}`, c]));
  const censusDays = new Map(meta.exports.map((e) => [e.referenceDate.slice(0, 7), e.referenceDate]));
  const DEFINITION_NOTES: Record<string, string> = {
    "ehcp.mediations": "DfE counts requests received in the year that had a mediation; this dashboard dates each flag by its outcome date.",
    "ehcp.tribunals": "DfE counts requests received in the year that had a tribunal; this dashboard dates each flag by its outcome date.",
  };
  // Breakdown figures (by SEN status, say) are compared with the published, suppressed cube: never a hidden count.
  const publishedByKey = new Map(publishedCells.map((c) => [`${c.kpi}|${c.measure}|${c.period}|${breakdownKey(c)}`, c]));
  const reconciliation = summaries.filter((s) => s.home && registry.has(s.kpi)).flatMap((summary) => {
    // DfE's January figures are at the census date: compare the local snapshot on that export's reference date.
    const entry = registry.get(summary.kpi)!;
    const censusDay = entry.grain === "snapshot" && entry.calendar === "monthly" ? censusDays.get(summary.period) : undefined;
    const localPeriod = censusDay ? `census:${censusDay}` : summary.period;
    const local = summary.breakdown === "" ? headline.get(`${summary.kpi}|${summary.measure}|${localPeriod}`) : publishedByKey.get(`${summary.kpi}|${summary.measure}|${localPeriod}|${summary.breakdown}`);
    if (!local) return [];
    const published = summary.home!;
    const difference = local.value !== null && published.value !== null ? local.value - published.value : null;
    const countsDiffer = published.numerator !== null && (published.numerator !== local.numerator || published.denominator !== local.denominator);
    const status = published.value === null ? "not published"
      : difference === null ? "not comparable"
      : (entry.measures.find((m) => m.id === summary.measure)?.kind === "count" ? difference !== 0 : countsDiffer || Math.abs(difference) >= 0.1) ? "differs" : "matches";
    return [{ kpi: summary.kpi, measure: summary.measure, period: summary.period, period_label: summary.period_label, breakdown: summary.breakdown, source: summary.source,
      localDate: censusDay ?? null,
      local: { value: local.value, numerator: local.numerator, denominator: local.denominator, coverage: local.coverage, symbol: "symbol" in local ? local.symbol : "" },
      published, difference, status, flagged: status === "differs", note: DEFINITION_NOTES[summary.kpi] ?? "" }];
  });
  const coverage = catalogue.flatMap((entry) => entry.measures.map((measure) => {
    const matching = rows.filter((row) => row.kpi === entry.id && row.measure === measure);
    const periods = [...new Set(matching.map((row) => row.period))].sort();
    return {
      kpi: entry.id, measure, implemented: registry.has(entry.id),
      sources: [...new Set(matching.map((row) => `${row.publication} ${row.release}: ${row.source_file} (${row.source_column})`))],
      periods: periods.length ? `${matching.find((r) => r.period === periods[0])!.period_label} to ${matching.find((r) => r.period === periods.at(-1))!.period_label}` : "",
      levels: [...new Set(matching.map((row) => row.level))],
      las: new Set(matching.filter((row) => row.level === "la").map((row) => row.code || row.old_la_code)).size,
      catalogueNote: entry.comparator,
    };
  }));
  // LA names change over the years ("Durham", "County Durham"): use each LA's newest name.
  const newestName = new Map<string, { period: string; name: string }>();
  for (const row of rows) {
    if (row.level !== "la" || !config.similarAreas.oldLaCodes.includes(row.old_la_code)) continue;
    const seen = newestName.get(row.old_la_code);
    if (!seen || row.period > seen.period) newestName.set(row.old_la_code, { period: row.period, name: row.name });
  }
  const similarNames = [...newestName].map(([code, { name }]) => `${name} (${code})`).sort();
  const context = summaries.filter((summary) => summary.kpi.startsWith("context."));
  return {
    context,
    home: config.homeLa,
    region: config.region,
    similarAreas: { ...config.similarAreas, names: similarNames },
    available: rows.length > 0,
    // Pages show the implemented KPIs' comparators; the table keeps the rest for the pages still to come.
    summaries: summaries.filter((summary) => registry.has(summary.kpi)),
    reconciliation,
    coverage,
  };
}

/** What a domain page needs of the comparators: its KPIs' summaries and the area's names (not the whole table). */
export async function domainComparators(domain: string) {
  const data = await comparatorData();
  const ids = new Set(KPIS.filter((entry) => entry.domain === domain).map((entry) => entry.id));
  return {
    available: data.available,
    home: data.home,
    region: data.region,
    similarAreas: { label: data.similarAreas.label },
    // The similar areas' names are listed once on the comparators page, not on every summary.
    summaries: data.summaries.filter((summary) => ids.has(summary.kpi)).map((summary) => ({ ...summary, similar: summary.similar && { ...summary.similar, names: [] } })),
  };
}
