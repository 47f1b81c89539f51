// DfE "Special educational needs in England" (January school census), England's all-pupils figures from
// sen_national.csv (the SEND and AP Inclusion Dashboard's cut, social_care_group "All pupils comparison"):
// pupils with SEN, and with an EHC plan or on SEN support, as counts and as % of all pupils. The same
// measures as edu.sen_pupils at an academic year's spring census.

import type { ComparatorRow, Publication } from "./comparators.js";
import { publishedNumber, type DfeTable } from "./dfe-csv.js";
import { termPeriod } from "./west-midlands.js";

const GROUPS: { breakdown: string; count: string; pct: string }[] = [
  { breakdown: "", count: "t_all_sen", pct: "pt_all_sen" },
  { breakdown: "sen_status=EHC plan", count: "t_statement_or_ehc_plan", pct: "pt_statement_or_ehc_plan" },
  { breakdown: "sen_status=SEN support", count: "t_sen_support", pct: "pt_sen_support" },
];

export function senInEnglandRows(table: DfeTable, publication: Publication): ComparatorRow[] {
  const rows: ComparatorRow[] = [];
  for (const { cells } of table.rows) {
    if (cells.social_care_group !== "All pupils comparison" || cells.geographic_level !== "National") continue;
    const period = termPeriod(cells.time_period ?? "", cells.time_identifier ?? "");
    const pupils = publishedNumber(cells.t_pupils);
    const base = {
      kpi: "edu.sen_pupils", level: "national" as const, code: cells.country_code ?? "E92000001", old_la_code: "", name: cells.country_name ?? "England",
      region_code: "", period: period.period, period_label: `${period.label} (January census)`, collection: "" as const, source_file: table.fileName, ...publication,
    };
    for (const group of GROUPS) {
      const count = publishedNumber(cells[group.count]);
      const pct = publishedNumber(cells[group.pct]);
      rows.push({ ...base, measure: "count", breakdown: group.breakdown, value: count.value, numerator: null, denominator: null, symbol: count.symbol, source_column: group.count, numerator_column: "", denominator_column: "" });
      rows.push({
        ...base, measure: "pct_of_pupils", breakdown: group.breakdown, value: pct.value, numerator: count.value, denominator: pupils.value, symbol: pct.symbol,
        source_column: group.pct, numerator_column: group.count, denominator_column: "t_pupils",
      });
    }
  }
  return rows;
}
