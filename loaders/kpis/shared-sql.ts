// SQL building blocks shared by KPI entries: age bands and the per-period helper tables built once per run.
// Kept to SQL that DuckDB 1.4 (DuckDB-WASM) and 1.5 (Node) both run; tests run it on both.

/** Full years between two DATE expressions (birthday not yet reached this year counts one less). */
export const ageSql = (birth: string, on: string) =>
  `(year(${on}) - year(${birth}) - CASE WHEN month(${on}) < month(${birth}) OR (month(${on}) = month(${birth}) AND day(${on}) < day(${birth})) THEN 1 ELSE 0 END)`;

/** SEN2 age bands. */
export const AGE_BANDS = ["Under 5", "5-10", "11-15", "16-19", "20-25", "26+", "Unknown"] as const;

export const ageBandSql = (birth: string, on: string) => {
  const age = ageSql(birth, on);
  return `CASE WHEN ${birth} IS NULL THEN 'Unknown' WHEN ${age} < 5 THEN 'Under 5' WHEN ${age} <= 10 THEN '5-10' WHEN ${age} <= 15 THEN '11-15' WHEN ${age} <= 19 THEN '16-19' WHEN ${age} <= 25 THEN '20-25' ELSE '26+' END`;
};

/**
 * Orders a plan's per-export records by how well they describe date `on`: a record that knows the value
 * first, then the export whose reference date is nearest to it (an annual export records each plan as it
 * was at its reference date); on a tie, the later export.
 */
export const nearestRecordOrder = (recordDate: string, on: string, unknownWhen: string) =>
  `CASE WHEN ${unknownWhen} THEN 100000000 ELSE 0 END + abs(date_diff('day', ${on}, ${recordDate})) * 2 + CASE WHEN ${recordDate} >= ${on} THEN 0 ELSE 1 END`;

/**
 * Helper tables every run builds after loading the canonical tables and `periods`:
 * - snapshot_plans: plans active at each period's snapshot date, with age band, primary need and setting
 * - new_plans: plans issued in each period, with the request they answer and the named setting
 */
export const HELPER_TABLES_SQL: readonly string[] = [
  `CREATE OR REPLACE TABLE snapshot_plans AS
WITH active AS (
  SELECT pe.period, pe.snapshot_date, p.request_id, c.birth_date
  FROM periods pe
  JOIN plans p ON p.start_date <= pe.snapshot_date AND (p.cease_date IS NULL OR p.cease_date > pe.snapshot_date)
  JOIN children c ON c.child_id = p.child_id
  WHERE pe.snapshot_covered
), recorded AS (
  SELECT a.period, a.request_id,
    arg_min(r.primary_need, ${nearestRecordOrder("r.reference_date", "a.snapshot_date", "r.primary_need = 'UNKNOWN'")}) AS primary_need,
    arg_min(r.setting, ${nearestRecordOrder("r.reference_date", "a.snapshot_date", "r.setting = 'unknown'")}) AS setting
  FROM active a JOIN plan_records r ON r.request_id = a.request_id
  GROUP BY a.period, a.request_id, a.snapshot_date
)
SELECT a.period, a.snapshot_date, a.request_id,
  ${ageBandSql("a.birth_date", "a.snapshot_date")} AS age_band,
  coalesce(rec.primary_need, 'UNKNOWN') AS primary_need,
  coalesce(rec.setting, 'unknown') AS setting
FROM active a LEFT JOIN recorded rec ON rec.period = a.period AND rec.request_id = a.request_id`,

  `CREATE OR REPLACE TABLE new_plans AS
WITH issued AS (
  SELECT pe.period, p.request_id, p.start_date, rq.received_date, c.birth_date,
    coalesce(a.week20, false) AS week20,
    coalesce(a.assessment_outcome_group, 'none') AS assessment_outcome_group
  FROM periods pe
  JOIN plans p ON p.start_date BETWEEN pe.start_date AND pe.end_date
  JOIN requests rq ON rq.request_id = p.request_id
  JOIN children c ON c.child_id = p.child_id
  LEFT JOIN assessments a ON a.request_id = p.request_id
  WHERE pe.flow_covered
), recorded AS (
  SELECT i.period, i.request_id,
    arg_min(r.primary_need, ${nearestRecordOrder("r.reference_date", "i.start_date", "r.primary_need = 'UNKNOWN'")}) AS primary_need,
    arg_min(r.named_setting, ${nearestRecordOrder("r.reference_date", "i.start_date", "r.named_setting = 'unknown'")}) AS named_setting
  FROM issued i JOIN plan_records r ON r.request_id = i.request_id
  GROUP BY i.period, i.request_id, i.start_date
)
SELECT i.*,
  ${ageBandSql("i.birth_date", "i.start_date")} AS age_band,
  date_diff('day', i.received_date, i.start_date) AS days_to_issue,
  coalesce(rec.primary_need, 'UNKNOWN') AS primary_need,
  coalesce(rec.named_setting, 'unknown') AS setting
FROM issued i LEFT JOIN recorded rec ON rec.period = i.period AND rec.request_id = i.request_id`,
];
