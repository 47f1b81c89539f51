// From comparator rows to what a page shows beside a local figure: the home LA's published value,
// England, the region and the similar areas (unweighted means of the LAs' values, with how many LAs),
// and the home LA's rank among all LAs (1 = best) for rates and percentages that have a polarity.

import type { ComparatorRow } from "./comparators.js";

export interface AreaSettings {
  homeOldCode: string;
  /** Nine-character code of the home LA: some published files carry only these. */
  homeNewCode?: string;
  /** The home area's NHS integrated care board, as NHS files name it (health comparators). */
  homeIcb?: string;
  regionCode: string;
  regionName: string;
  similarOldCodes: readonly string[];
}

export interface Figure {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  symbol: string;
}

export interface ComparatorSummary {
  kpi: string;
  measure: string;
  period: string;
  period_label: string;
  breakdown: string;
  collection: string;
  source: string;
  /** The home area's published figure: the LA, or its ICB for NHS figures. */
  home: Figure | null;
  england: Figure | null;
  region: { value: number | null; basis: "published" | "mean"; las: number } | null;
  similar: { value: number | null; las: number; configured: number; names: string[] } | null;
  /** Rank among all areas of the home figure's kind (LAs, or ICBs), 1 = best. */
  rank: { position: number; of: number } | null;
}

/** NHS files write some months' names in capitals: compare names ignoring case and spacing. */
const sameName = (a: string, b: string) => a.replace(/\s+/g, " ").trim().toLowerCase() === b.replace(/\s+/g, " ").trim().toLowerCase();

const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
const figure = (row: ComparatorRow | undefined): Figure | null =>
  row ? { value: row.value, numerator: row.numerator, denominator: row.denominator, symbol: row.symbol } : null;

/** Competition ranking ("1224"): 1 is best given the polarity; LAs without a value are not ranked. */
export function rankOf(value: number, values: readonly number[], better: "higher" | "lower"): { position: number; of: number } {
  const beaten = values.filter((other) => (better === "higher" ? other > value : other < value)).length;
  return { position: beaten + 1, of: values.length };
}

export function summariseComparators(
  rows: readonly ComparatorRow[],
  settings: AreaSettings,
  polarity: (kpi: string, measure: string) => { better: "higher" | "lower" | "context"; ranked: boolean } | undefined,
): ComparatorSummary[] {
  // Some files carry only new LA codes: learn old -> new from those that carry both.
  const newCodes = new Map<string, string>();
  for (const row of rows) if (row.level === "la" && row.old_la_code && row.code) newCodes.set(row.old_la_code, row.code);
  const homeNew = settings.homeNewCode ?? newCodes.get(settings.homeOldCode);
  const similarNew = new Set(settings.similarOldCodes.map((code) => newCodes.get(code)).filter(Boolean));
  const isHome = (row: ComparatorRow) =>
    (row.level === "la" && (row.old_la_code === settings.homeOldCode || (!row.old_la_code && row.code === homeNew))) ||
    (row.level === "icb" && settings.homeIcb !== undefined && sameName(row.name, settings.homeIcb));
  const isSimilar = (row: ComparatorRow) => row.level === "la" && (settings.similarOldCodes.includes(row.old_la_code) || (!row.old_la_code && similarNew.has(row.code)));

  const groups = new Map<string, ComparatorRow[]>();
  for (const row of rows) {
    const key = `${row.kpi}|${row.measure}|${row.period}|${row.breakdown}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const summaries: ComparatorSummary[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const meta = polarity(first.kpi, first.measure);
    if (!meta) continue;
    const las = group.filter((row) => row.level === "la");
    const valued = (list: ComparatorRow[]) => list.filter((row) => row.value !== null).map((row) => row.value!);
    const home = group.find(isHome);
    const peers = home ? group.filter((row) => row.level === home.level) : [];
    const publishedRegion = group.find((row) => row.level === "regional" && row.code === settings.regionCode);
    const regionLas = las.filter((row) => row.region_code === settings.regionCode);
    const similar = las.filter(isSimilar);
    const ranked = meta.ranked && meta.better !== "context" && home?.value != null;
    summaries.push({
      kpi: first.kpi,
      measure: first.measure,
      period: first.period,
      period_label: first.period_label,
      breakdown: first.breakdown,
      collection: first.collection,
      source: `${first.publication} ${first.release}: ${first.source_file} (${first.source_column}${first.numerator_column ? `; ${first.numerator_column} / ${first.denominator_column}` : ""})`,
      home: figure(home),
      england: figure(group.find((row) => row.level === "national")),
      region: publishedRegion && publishedRegion.value !== null
        ? { value: publishedRegion.value, basis: "published", las: regionLas.length }
        : regionLas.length > 0 ? { value: mean(valued(regionLas)), basis: "mean", las: valued(regionLas).length } : null,
      similar: similar.length > 0 ? { value: mean(valued(similar)), las: valued(similar).length, configured: settings.similarOldCodes.length, names: similar.map((row) => row.name).sort() } : null,
      rank: ranked ? rankOf(home!.value!, valued(peers), meta.better as "higher" | "lower") : null,
    });
  }
  return summaries.sort((a, b) => a.kpi.localeCompare(b.kpi) || a.measure.localeCompare(b.measure) || a.period.localeCompare(b.period) || a.breakdown.localeCompare(b.breakdown));
}
