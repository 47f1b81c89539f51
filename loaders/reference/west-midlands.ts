// West Midlands attendance, persistent absence, suspension and exclusion rates by SEN group (the
// data-to-insight JSON built from DfE's absence and exclusion releases). 14 LAs and no England row: the
// region is the unweighted mean of its LAs, and England is shown as x. Each metric maps to exactly one
// catalogue measure; `one_plus_susp_rate` is the % of pupils with one or more suspensions, not a rate
// per 100 pupils.

import type { ComparatorRow, Publication } from "./comparators.js";

interface Record_ {
  new_la_code: string;
  la_name: string;
  region_code: string;
  time_period: string;
  time_identifier: string;
  education_phase: string;
  send_group: string;
  send_value: number | null;
  no_sen_value: number | null;
}

export const WEST_MIDLANDS_METRICS: Readonly<Record<string, { kpi: string; measure: string }>> = {
  one_plus_susp_rate: { kpi: "edu.suspensions", measure: "pct_pupils_one_plus" },
  perm_excl_rate: { kpi: "edu.permanent_exclusions", measure: "rate_per_100" },
  enrolments_pa_10_exact_percent: { kpi: "edu.persistent_absence", measure: "pct" },
  attendance_perc: { kpi: "edu.attendance", measure: "pct" },
};

/** "201920" + "Autumn term" -> id "201920-autumn", "autumn term 2019/20"; academic years keep "201920". */
export function termPeriod(timePeriod: string, identifier: string): { period: string; label: string } {
  const year = `${timePeriod.slice(0, 4)}/${timePeriod.slice(4, 6)}`;
  const term = /^(autumn|spring|summer) term$/i.exec(identifier.trim());
  if (term) return { period: `${timePeriod}-${term[1]!.toLowerCase()}`, label: `${term[1]!.toLowerCase()} term ${year}` };
  return { period: timePeriod, label: `academic year ${year}` };
}

export function westMidlandsRows(json: string, fileName: string, publication: Publication): ComparatorRow[] {
  const parsed = JSON.parse(json) as { metric: string; records: Record_[] };
  const target = WEST_MIDLANDS_METRICS[parsed.metric];
  if (!target) return [];
  const rows = new Map<string, ComparatorRow>();
  for (const record of parsed.records) {
    const period = termPeriod(record.time_period, record.time_identifier);
    const base = {
      ...target, level: "la" as const, code: record.new_la_code, old_la_code: "", name: record.la_name, region_code: record.region_code,
      period: period.period, period_label: period.label, numerator: null, denominator: null, collection: "" as const,
      source_file: fileName, numerator_column: "", denominator_column: "", ...publication,
    };
    const groups: [string, number | null, string][] = [
      [record.send_group, record.send_value, "send_value"],
      // The no-SEN figure repeats on every SEN group's record: keep it once.
      ["No SEN", record.no_sen_value, "no_sen_value"],
    ];
    for (const [senStatus, value, column] of groups) {
      const breakdown = `sen_status=${senStatus}; phase=${record.education_phase}`;
      rows.set(`${record.new_la_code}|${period.period}|${breakdown}`, {
        ...base, breakdown, value, symbol: value === null ? "x" : "", source_column: `${parsed.metric}.${column}`,
      });
    }
  }
  return [...rows.values()];
}
