// Turns published DfE tables into comparator rows: one per catalogue KPI measure, geography and period,
// with provenance. Each year is taken once: the person-level release where it has the year, else the
// SEN2 aggregate collection.

import type { ComparatorMapping, ColumnTerm } from "./mappings.js";
import { dfePeriod, publishedNumber, type DfeTable, type GssSymbol } from "./dfe-csv.js";

/** la/regional/national: DfE geographies; icb/provider: NHS organisations. */
export type GeographyLevel = "national" | "regional" | "la" | "icb" | "provider";

export interface ComparatorRow {
  kpi: string;
  measure: string;
  level: GeographyLevel;
  /** Nine-character code (E92000001, E12000005, E06000051). */
  code: string;
  /** Three-digit LA code, for LAs. */
  old_la_code: string;
  name: string;
  region_code: string;
  period: string;
  period_label: string;
  /** "dimension=category" pairs joined by "; " (e.g. "sen_status=EHC plan; phase=Total"); blank for a total. */
  breakdown: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  symbol: GssSymbol;
  /** Which SEN2 collection the figure comes from: the series breaks between them. */
  collection: "SEN2 aggregate" | "SEN2 person-level" | "";
  source_file: string;
  source_column: string;
  /** The published counts a rate is built on, so a reconciliation can say which DfE count it compares. */
  numerator_column: string;
  denominator_column: string;
  publication: string;
  release: string;
  licence: string;
}

export interface Publication {
  publication: string;
  release: string;
  licence: string;
}

export const OGL = "Open Government Licence v3.0";

/** The last periods of the aggregate SEN2 collection; later figures come from the person-level return. */
export function sen2Collection(period: string): ComparatorRow["collection"] {
  if (/^\d{4}$/.test(period)) return Number(period) <= 2021 ? "SEN2 aggregate" : "SEN2 person-level";
  if (/^\d{4}-01$/.test(period)) return Number(period.slice(0, 4)) <= 2022 ? "SEN2 aggregate" : "SEN2 person-level";
  return "";
}

interface Geography {
  level: GeographyLevel;
  code: string;
  old_la_code: string;
  name: string;
  region_code: string;
}

function geographyOf(cells: Record<string, string>): Geography | undefined {
  const level = (cells.geographic_level ?? "").trim().toLowerCase();
  if (level === "national") return { level: "national", code: cells.country_code!.trim(), old_la_code: "", name: cells.country_name!.trim(), region_code: "" };
  if (level === "regional") return { level: "regional", code: cells.region_code!.trim(), old_la_code: "", name: cells.region_name!.trim(), region_code: cells.region_code!.trim() };
  if (level === "local authority") {
    return { level: "la", code: (cells.new_la_code ?? "").trim(), old_la_code: (cells.old_la_code ?? "").trim(), name: (cells.la_name ?? "").trim(), region_code: (cells.region_code ?? "").trim() };
  }
  return undefined;
}

/** Rows that are a whole geography's total (DfE repeats the topic as the breakdown for totals). */
function isTotalRow(cells: Record<string, string>): boolean {
  if (!("breakdown_topic" in cells)) return true;
  return cells.breakdown_topic!.trim().toLowerCase() === (cells.breakdown ?? "").trim().toLowerCase();
}

interface IndexedRow {
  geography: Geography;
  period: { period: string; label: string };
  cells: Record<string, string>;
}

/** Total rows of a table keyed by geography and period. */
function indexTable(table: DfeTable): Map<string, IndexedRow> {
  const index = new Map<string, IndexedRow>();
  for (const row of table.rows) {
    if (!isTotalRow(row.cells)) continue;
    const geography = geographyOf(row.cells);
    const period = dfePeriod(row.cells.time_period ?? "", row.cells.time_identifier ?? "");
    if (!geography || !period) continue;
    index.set(`${geography.level}|${geography.code}|${geography.old_la_code}|${period.period}`, { geography, period, cells: row.cells });
  }
  return index;
}

/** Sum of the terms' published numbers; any missing term makes the sum missing, with that term's symbol. */
function sumTerms(found: readonly (Record<string, string> | undefined)[], termList: readonly ColumnTerm[]): { value: number | null; symbol: GssSymbol } {
  let total = 0;
  for (let index = 0; index < termList.length; index++) {
    const cells = found[index];
    const number = publishedNumber(cells?.[termList[index]!.column]);
    if (number.value === null) return { value: null, symbol: number.symbol || "x" };
    total += number.value;
  }
  return { value: total, symbol: "" };
}

export function applyMappings(
  tables: ReadonlyMap<string, DfeTable>,
  mappings: readonly ComparatorMapping[],
  publication: Publication,
): ComparatorRow[] {
  const indexes = new Map<string, Map<string, IndexedRow>>();
  const indexOf = (file: string) => {
    let index = indexes.get(file);
    if (!index) {
      const table = tables.get(file);
      index = table ? indexTable(table) : new Map();
      indexes.set(file, index);
    }
    return index;
  };
  const rows: ComparatorRow[] = [];
  for (const mapping of mappings) {
    const allTerms = [...mapping.value, ...(mapping.numerator ?? []), ...(mapping.denominator ?? [])];
    if (allTerms.some((term) => !tables.has(term.file))) continue;
    const anchor = indexOf(allTerms[0]!.file);
    for (const [key, { geography, period }] of anchor) {
      const lookup = (list: readonly ColumnTerm[]) => list.map((term) => indexOf(term.file).get(key)?.cells);
      const numerator = mapping.numerator ? sumTerms(lookup(mapping.numerator), mapping.numerator) : undefined;
      const denominator = mapping.denominator ? sumTerms(lookup(mapping.denominator), mapping.denominator) : undefined;
      let value: { value: number | null; symbol: GssSymbol };
      if (mapping.computeRatio) {
        value = numerator?.value != null && denominator?.value
          ? { value: (100 * numerator.value) / denominator.value, symbol: "" }
          : { value: null, symbol: denominator?.value === 0 ? "z" : numerator?.symbol || denominator?.symbol || "x" };
      } else {
        value = sumTerms(lookup(mapping.value), mapping.value);
      }
      const sourceTerms = mapping.computeRatio ? [...(mapping.numerator ?? []), ...(mapping.denominator ?? [])] : mapping.value;
      rows.push({
        kpi: mapping.kpi,
        measure: mapping.measure,
        ...geography,
        period: period.period,
        period_label: period.label,
        breakdown: mapping.breakdown ?? "",
        value: value.value,
        numerator: numerator?.value ?? null,
        denominator: denominator?.value ?? null,
        symbol: value.symbol,
        collection: sen2Collection(period.period),
        source_file: [...new Set(sourceTerms.map((term) => term.file))].join("; "),
        source_column: mapping.computeRatio
          ? `100 * (${mapping.numerator!.map((t) => t.column).join(" + ")}) / ${mapping.denominator!.map((t) => t.column).join(" + ")}`
          : sourceTerms.map((term) => term.column).join(" + "),
        numerator_column: (mapping.numerator ?? []).map((t) => t.column).join(" + "),
        denominator_column: (mapping.denominator ?? []).map((t) => t.column).join(" + "),
        ...publication,
      });
    }
  }
  return rows;
}

/**
 * Keeps one source per KPI measure and period: `preferred` rows win wherever they publish a figure for the
 * period; where they only hold `x` for it (the release's 2019-2022 mediation columns, say), the fallback's
 * figures are used instead.
 */
export function oncePerPeriod(preferred: readonly ComparatorRow[], fallback: readonly ComparatorRow[]): ComparatorRow[] {
  const key = (row: ComparatorRow) => `${row.kpi}|${row.measure}|${row.period}|${row.breakdown}`;
  const covered = new Set(preferred.filter((row) => row.value !== null).map(key));
  const fallbackCovered = new Set(fallback.filter((row) => row.value !== null).map(key));
  const usePreferred = (row: ComparatorRow) => covered.has(key(row)) || !fallbackCovered.has(key(row));
  const preferredKeys = new Set(preferred.filter(usePreferred).map(key));
  return [...preferred.filter(usePreferred), ...fallback.filter((row) => !preferredKeys.has(key(row)))];
}

export const COMPARATOR_COLUMNS: readonly (keyof ComparatorRow)[] = [
  "kpi", "measure", "level", "code", "old_la_code", "name", "region_code", "period", "period_label", "breakdown", "value", "numerator",
  "denominator", "symbol", "collection", "source_file", "source_column", "numerator_column", "denominator_column", "publication", "release", "licence",
];

export function sortComparators(rows: ComparatorRow[]): ComparatorRow[] {
  const order: Record<GeographyLevel, number> = { national: 0, regional: 1, la: 2, icb: 3, provider: 4 };
  return rows.sort((a, b) =>
    a.kpi.localeCompare(b.kpi) || a.measure.localeCompare(b.measure) || a.period.localeCompare(b.period) || a.breakdown.localeCompare(b.breakdown) ||
    order[a.level] - order[b.level] || a.code.localeCompare(b.code) || a.old_la_code.localeCompare(b.old_la_code),
  );
}
