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
 * - snapshot_plans: plans active at each period's snapshot date, with the child, age band, primary need and
 *   setting (category, the setting's LA, and its SEN2 code where it has no URN)
 * - new_plans: plans issued in each period, with the request they answer and the named setting
 */
export const HELPER_TABLES_SQL: readonly string[] = [
  `CREATE OR REPLACE TABLE snapshot_plans AS
WITH active AS (
  SELECT pe.period, pe.snapshot_date, p.request_id, p.child_id, c.birth_date
  FROM periods pe
  JOIN plans p ON p.start_date <= pe.snapshot_date AND (p.cease_date IS NULL OR p.cease_date > pe.snapshot_date)
  JOIN children c ON c.child_id = p.child_id
  WHERE pe.snapshot_covered
), recorded AS (
  SELECT a.period, a.request_id,
    arg_min(r.primary_need, ${nearestRecordOrder("r.reference_date", "a.snapshot_date", "r.primary_need = 'UNKNOWN'")}) AS primary_need,
    -- One record gives the setting, its LA and its SEN2 code together. A placement the record shows as
    -- left (no current one) says where the child was, not where they are: placement not known, as DfE
    -- counts (and an older record is not asked instead: this one is the newer word).
    arg_min(CASE WHEN r.setting_left THEN {'category': 'unknown', 'la': NULL, 'code': NULL} ELSE {'category': r.setting, 'la': r.setting_la, 'code': r.setting_id} END,
      ${nearestRecordOrder("r.reference_date", "a.snapshot_date", "r.setting = 'unknown'")}) AS placed
  FROM active a JOIN plan_records r ON r.request_id = a.request_id
  GROUP BY a.period, a.request_id, a.snapshot_date
)
SELECT a.period, a.snapshot_date, a.request_id, a.child_id, a.birth_date,
  ${ageBandSql("a.birth_date", "a.snapshot_date")} AS age_band,
  coalesce(rec.primary_need, 'UNKNOWN') AS primary_need,
  coalesce(rec.placed.category, 'unknown') AS setting,
  rec.placed.la AS setting_la,
  rec.placed.code AS setting_code
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

/**
 * National curriculum year by age on a date: the age on the 31 August before the academic year the date
 * falls in, less 4 (reception is year 0). Used where a register gives no year group.
 */
export const ncYearSql = (birth: string, on: string) =>
  `(${ageSql(birth, `make_date(year(${on}) - CASE WHEN month(${on}) < 9 THEN 1 ELSE 0 END, 8, 31)`)} - 4)`;

/**
 * Of compulsory school age on a date: from the prescribed day (31 March, 31 August or 31 December) on or
 * after the fifth birthday, to the last Friday in June of the school year in which the child turns 16.
 */
export const compulsorySchoolAgeSql = (birth: string, on: string) => {
  const fifth = `(${birth} + INTERVAL 5 YEAR)`;
  const starts = `CASE WHEN ${fifth} <= make_date(year(${fifth}), 3, 31) THEN make_date(year(${fifth}), 3, 31) WHEN ${fifth} <= make_date(year(${fifth}), 8, 31) THEN make_date(year(${fifth}), 8, 31) ELSE make_date(year(${fifth}), 12, 31) END`;
  const leavingYear = `(year(${birth}) + 16 + CASE WHEN month(${birth}) >= 9 THEN 1 ELSE 0 END)`;
  const june30 = `make_date(${leavingYear}, 6, 30)`;
  const lastFriday = `(${june30} - CAST((dayofweek(${june30}) + 2) % 7 AS INTEGER))`;
  return `(${birth} IS NOT NULL AND ${on} >= ${starts} AND ${on} <= ${lastFriday})`;
};
