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
 * The same choice as nearestRecordOrder, as date windows: for each request, the record that nearestRecordOrder
 * puts first for every date in [valid_from, valid_to), with its `value`. Joining on a window gives one
 * record per request and date without ordering every record for every date (a national run has 20 million
 * plan-months). Records that know the value are the candidates (all records when none does); between two
 * candidates' reference dates a and b (d days apart), b is nearer from a + (2d - 1) // 4 + 1 on (on a tie
 * the later export wins: nearestRecordOrder's + 1 for a record before the date). Records with the same
 * reference date tie on every date; one of them (the first by value) holds for every date, as arg_min
 * picks one of them.
 */
export const nearestRecordWindowsSql = (value: string, unknownWhen: string) => `
  WITH candidates AS (
    SELECT request_id, reference_date, ${value} AS value, ${unknownWhen} AS unknown,
      bool_and(${unknownWhen}) OVER (PARTITION BY request_id) AS none_known
    FROM plan_records
    -- The ranking cannot place a record without a date (arg_min passes over it): neither can the windows.
    WHERE reference_date IS NOT NULL
  ), kept AS (
    SELECT request_id, reference_date, value
    FROM candidates
    WHERE NOT unknown OR none_known
    -- Records of one request on one date tie on every date: one of them (the first by value) holds for all.
    QUALIFY row_number() OVER (PARTITION BY request_id, reference_date ORDER BY value) = 1
  ), ordered AS (
    SELECT request_id, reference_date, value,
      lag(reference_date) OVER by_date AS previous_date,
      lead(reference_date) OVER by_date AS next_date
    FROM kept
    WINDOW by_date AS (PARTITION BY request_id ORDER BY reference_date)
  )
  SELECT request_id, value,
    CASE WHEN previous_date IS NULL THEN DATE '0001-01-01' ELSE ${laterNearerFrom("previous_date", "reference_date")} END AS valid_from,
    CASE WHEN next_date IS NULL THEN DATE '9999-12-31' ELSE ${laterNearerFrom("reference_date", "next_date")} END AS valid_to
  FROM ordered`;

/** The first date on which a record dated `later` is nearer than one dated `earlier` (see nearestRecordWindowsSql). */
const laterNearerFrom = (earlier: string, later: string) =>
  `${earlier} + CAST((2 * date_diff('day', ${earlier}, ${later}) - 1) // 4 + 1 AS INTEGER)`;

/** Joins the window holding date `on` of a request (nearestRecordWindowsSql). */
const inWindow = (windows: string, request: string, on: string) =>
  `${windows}.request_id = ${request} AND ${on} >= ${windows}.valid_from AND ${on} < ${windows}.valid_to`;

/**
 * Helper tables every run builds after loading the canonical tables and `periods`:
 * - snapshot_plans: plans active at each period's snapshot date, with the child, age band, primary need and
 *   setting (category and the setting's LA). Only the columns KPIs read: a national run has 20 million rows.
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
),
need AS (${nearestRecordWindowsSql("primary_need", "primary_need = 'UNKNOWN'")}),
-- One record gives the setting, its LA and its SEN2 code together. A placement the record shows as left
-- (no current one) says where the child was, not where they are: placement not known, as DfE counts (and
-- an older record is not asked instead: this one is the newer word).
placed AS (${nearestRecordWindowsSql(
    "CASE WHEN setting_left THEN {'category': 'unknown', 'la': NULL} ELSE {'category': setting, 'la': setting_la} END",
    "setting = 'unknown'",
  )})
SELECT a.period, a.snapshot_date, a.child_id, a.birth_date,
  ${ageBandSql("a.birth_date", "a.snapshot_date")} AS age_band,
  coalesce(need.value, 'UNKNOWN') AS primary_need,
  coalesce(placed.value.category, 'unknown') AS setting,
  placed.value.la AS setting_la
FROM active a
LEFT JOIN need ON ${inWindow("need", "a.request_id", "a.snapshot_date")}
LEFT JOIN placed ON ${inWindow("placed", "a.request_id", "a.snapshot_date")}`,

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
),
need AS (${nearestRecordWindowsSql("primary_need", "primary_need = 'UNKNOWN'")}),
named AS (${nearestRecordWindowsSql("named_setting", "named_setting = 'unknown'")})
SELECT i.*,
  ${ageBandSql("i.birth_date", "i.start_date")} AS age_band,
  date_diff('day', i.received_date, i.start_date) AS days_to_issue,
  coalesce(need.value, 'UNKNOWN') AS primary_need,
  coalesce(named.value, 'unknown') AS setting
FROM issued i
LEFT JOIN need ON ${inWindow("need", "i.request_id", "i.start_date")}
LEFT JOIN named ON ${inWindow("named", "i.request_id", "i.start_date")}`,
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
