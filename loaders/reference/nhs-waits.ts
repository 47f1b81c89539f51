// NHS community health services waiting lists for children and young people, by provider and ICB, and
// England (the DfE SEND and AP Inclusion Dashboard's derived series). The published figure is "% of the
// waiting list waiting over 18 weeks": health.over_18_weeks / pct_of_waiting_list, not "seen within 18 weeks".

import { parseCsv } from "../sources/csv.js";
import { publishedNumber } from "./dfe-csv.js";
import type { ComparatorRow, GeographyLevel, Publication } from "./comparators.js";

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
/** Organisation types in the by-organisation file: England comes from the England file, so "National" rows
 * here are skipped; early months call providers "Organisation". */
const LEVELS: Record<string, GeographyLevel> = { icb: "icb", provider: "provider", organisation: "provider" };

/** "January 2023" -> "2023-01". */
export function monthPeriod(text: string): { period: string; label: string } | undefined {
  const match = /^\s*([A-Za-z]+)\s+(\d{4})\s*$/.exec(text);
  const month = match ? MONTHS.indexOf(match[1]!.toLowerCase()) : -1;
  if (!match || month < 0) return undefined;
  return { period: `${match[2]}-${String(month + 1).padStart(2, "0")}`, label: `${match[1]} ${match[2]}` };
}

/** Rows of la_ch_time_series_derived.csv (ICBs and providers) or eng_ch_time_series_derived.csv (England). */
export function nhsWaitRows(text: string, fileName: string, publication: Publication): ComparatorRow[] {
  let header: string[] | undefined;
  const rows: ComparatorRow[] = [];
  const england = /^eng_/i.test(fileName);
  parseCsv(text, (record) => {
    if (!header) {
      header = record.fields.map((field) => field.trim().toLowerCase());
      return;
    }
    const cell = (name: string) => record.fields[header!.indexOf(name)] ?? "";
    const level = england ? "national" : LEVELS[cell("organisation type").trim().toLowerCase()];
    const period = monthPeriod(cell("date"));
    if (!level || !period) return;
    const value = publishedNumber(cell("percentage waiting more than 18 weeks"));
    const waiting = publishedNumber(cell("total waiting list")).value;
    const over18 = publishedNumber(cell("waiting >18-52 weeks")).value;
    const over52 = publishedNumber(cell("waiting >52 weeks")).value;
    const name = england ? "England" : cell("organisation name").trim();
    rows.push({
      kpi: "health.over_18_weeks", measure: "pct_of_waiting_list", level, code: england ? "E92000001" : "", old_la_code: "", name, region_code: "",
      period: period.period, period_label: period.label, breakdown: `service=${cell("therapy").trim()}`,
      value: value.value, numerator: over18 !== null && over52 !== null ? over18 + over52 : null, denominator: waiting, symbol: value.symbol,
      collection: "", source_file: fileName, numerator_column: "Waiting >18-52 weeks + Waiting >52 weeks", denominator_column: "Total waiting list", source_column: "Percentage waiting more than 18 weeks", ...publication,
    });
  }, { delimiter: "," });
  return rows;
}
