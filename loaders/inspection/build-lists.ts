// Builds Annex A List 1 and List 2 at a list date with SQL over the canonical tables, on any DuckDB (the
// CLI's Node DuckDB or DuckDB-WASM in the inspection page): one code path for both. Values are written
// as inspectors receive them (dates DD/MM/YYYY, Yes/No). A column whose source is absent is left blank
// and reported, never invented.

import type { SqlEngine } from "../kpis/engine.js";
import type { Table } from "../model/canonical.js";
import { nearestRecordOrder } from "../kpis/shared-sql.js";
import { mainRegistrationOrder, senStatusOrder } from "../kpis/education.js";
import { DataError } from "../sources/problems.js";
import { listColumns, type AnnexAColumn, type ListNumber } from "./annex-a.js";

export type ListRow = Record<string, string>;

export interface BlankColumn {
  list: ListNumber;
  header: string;
  reason: string;
}

export interface BuiltLists {
  listDate: string;
  list1: ListRow[];
  list2: ListRow[];
  /** Columns left blank for every row, and why. */
  blankColumns: BlankColumn[];
  /** Which sources the lists could draw on. */
  sources: { sen2: boolean; census: boolean; exclusions: boolean; censusDate: string | null };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const uk = (column: string) => `strftime(${column}, '%d/%m/%Y')`;
const yesNo = (column: string) => `CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} THEN 'Yes' ELSE 'No' END`;

/** Per pupil at the census in use: identity, main and subsidiary registrations, the 6-month figures. */
const censusSql = (date: string) => `
cen AS (SELECT max(census_date) AS census_date FROM pupils WHERE census_date <= DATE '${date}'),
census_pupil AS (
  SELECT pu.upn,
    arg_min(pu.sen_status, ${senStatusOrder("pu.")}) AS sen_status,
    arg_min(pu.primary_need, ${mainRegistrationOrder("pu.")}) AS primary_need,
    min(pu.birth_date) AS birth_date, min(pu.sex) AS sex, min(pu.ethnicity) AS ethnicity,
    bool_or(pu.pupil_premium) AS pupil_premium,
    min(pu.urn) FILTER (WHERE pu.enrol_status IN ('C', 'M', 'F')) AS main_urn,
    min(pu.urn) FILTER (WHERE pu.enrol_status = 'S') AS subsidiary_urn
  FROM pupils pu JOIN cen ON pu.census_date = cen.census_date
  WHERE pu.enrol_status <> 'G'
  GROUP BY pu.upn
),
recent_sessions AS (
  SELECT upn, sum(sessions_possible) AS possible, sum(sessions_attended) AS attended
  FROM pupils
  WHERE census_date > DATE '${date}' - INTERVAL 6 MONTH AND census_date <= DATE '${date}'
    AND sessions_possible IS NOT NULL AND sessions_attended IS NOT NULL
  GROUP BY upn
),
recent_exclusions AS (
  SELECT upn, count(*) FILTER (WHERE category = 'FIXD') AS suspensions, count(*) FILTER (WHERE category = 'PERM') AS permanent
  FROM exclusions
  WHERE start_date > DATE '${date}' - INTERVAL 6 MONTH AND start_date <= DATE '${date}'
  GROUP BY upn
)`;

const sixMonthColumns = (upn: string) => `
  CAST(coalesce(ex.suspensions, 0) AS VARCHAR) AS suspensions,
  CAST(coalesce(ex.permanent, 0) AS VARCHAR) AS permanent_exclusions,
  CASE WHEN rs.possible > 0 THEN CAST(round(100.0 * (rs.possible - rs.attended) / rs.possible, 1) AS VARCHAR) END AS absence,
  ${yesNo("cp.pupil_premium")} AS pupil_premium,
  NULL AS known_to_social_care, NULL AS social_care_team, NULL AS disability,
  ${upn} AS sort_upn`;

const sixMonthJoins = (upn: string) => `
LEFT JOIN census_pupil cp ON cp.upn = ${upn}
LEFT JOIN recent_sessions rs ON rs.upn = ${upn}
LEFT JOIN recent_exclusions ex ON ex.upn = ${upn}`;

/** Every child or young person with an EHC plan the LA maintains on the list date. */
export function list1Sql(date: string): string {
  return `
WITH active AS (
  SELECT child_id, arg_max(request_id, start_date) AS request_id
  FROM plans
  WHERE start_date <= DATE '${date}' AND (cease_date IS NULL OR cease_date > DATE '${date}')
  GROUP BY child_id
),
initial AS (SELECT child_id, min(start_date) AS initial_plan_date FROM plans GROUP BY child_id),
record AS (
  SELECT a.child_id,
    arg_min(r.primary_need, ${nearestRecordOrder("r.reference_date", `DATE '${date}'`, "r.primary_need = 'UNKNOWN'")}) AS primary_need,
    -- A placement the record shows as left is not where the child is now.
    arg_min(CASE WHEN r.setting_left THEN NULL ELSE r.setting_id END, ${nearestRecordOrder("r.reference_date", `DATE '${date}'`, "r.setting_id IS NULL AND NOT r.setting_left")}) AS setting_id,
    max(r.last_review) FILTER (WHERE r.last_review <= DATE '${date}') AS last_review
  FROM active a JOIN plan_records r ON r.request_id = a.request_id
  GROUP BY a.child_id
),
${censusSql(date)}
SELECT c.person_id AS unique_id, c.upn, c.uln, ${uk("c.birth_date")} AS birth_date, c.sex AS gender, c.ethnicity,
  ${uk("i.initial_plan_date")} AS initial_plan_date, NULL AS updated_plan_date, ${uk("rec.last_review")} AS last_review_date,
  CASE WHEN rec.primary_need = 'UNKNOWN' THEN NULL ELSE rec.primary_need END AS primary_need,
  -- The census's school where the census is recent (6 months), else SEN2's current placement.
  coalesce(CASE WHEN cen.census_date > DATE '${date}' - INTERVAL 6 MONTH THEN cp.main_urn END, CASE WHEN regexp_matches(rec.setting_id, '^[0-9]{6,7}$') THEN rec.setting_id END, ue.urn) AS main_urn,
  coalesce(me.annex_a_phase, ue.annex_a_phase) AS main_phase,
  se.annex_a_phase AS subsidiary_phase,
  -- Home education: the register's dates when one was read (plan status is SEN2's: the child is on List 1), else SEN2's setting code.
  CASE WHEN (SELECT count(*) FROM local_sources WHERE source = 'ehe') > 0
    THEN CASE WHEN EXISTS (SELECT 1 FROM register_spells r WHERE r.register = 'ehe' AND r.child_id = a.child_id AND r.start_date <= DATE '${date}' AND (r.end_date IS NULL OR r.end_date > DATE '${date}')) THEN 'Yes' ELSE 'No' END
    ELSE CASE WHEN rec.setting_id = 'EHE' THEN 'Yes' ELSE 'No' END END AS ehe,
  ${sixMonthColumns("c.upn")}
FROM active a
JOIN children c ON c.child_id = a.child_id
JOIN initial i ON i.child_id = a.child_id
LEFT JOIN record rec ON rec.child_id = a.child_id
${sixMonthJoins("c.upn")}
CROSS JOIN cen
LEFT JOIN establishments me ON me.urn = coalesce(CASE WHEN cen.census_date > DATE '${date}' - INTERVAL 6 MONTH THEN cp.main_urn END, rec.setting_id)
-- A SEN2 placement by UKPRN (post-16 providers): its URN where GIAS has one, and its phase.
LEFT JOIN (SELECT ukprn, min(urn) AS urn, min(annex_a_phase) AS annex_a_phase FROM establishments WHERE ukprn IS NOT NULL GROUP BY ukprn) ue
  ON ue.ukprn = rec.setting_id
LEFT JOIN establishments se ON se.urn = cp.subsidiary_urn
ORDER BY sort_upn NULLS LAST, unique_id`;
}

/** Pupils on SEN support at the latest census on or before the list date, in the area's settings, without an active plan. */
export function list2Sql(date: string, homeLa: string): string {
  return `
WITH ${censusSql(date)},
planned AS (
  SELECT DISTINCT c.upn FROM plans p JOIN children c ON c.child_id = p.child_id
  WHERE c.upn IS NOT NULL AND p.start_date <= DATE '${date}' AND (p.cease_date IS NULL OR p.cease_date > DATE '${date}')
),
sen2_person AS (SELECT upn, arg_max(person_id, child_id) AS person_id, arg_max(uln, child_id) AS uln FROM children WHERE upn IS NOT NULL GROUP BY upn)
SELECT coalesce(sp.person_id, cp.upn) AS unique_id, cp.upn, sp.uln, ${uk("cp.birth_date")} AS birth_date, cp.sex AS gender, cp.ethnicity,
  CASE WHEN cp.primary_need = 'UNKNOWN' THEN NULL ELSE cp.primary_need END AS primary_need,
  cp.main_urn, me.annex_a_phase AS main_phase, se.annex_a_phase AS subsidiary_phase,
  ${sixMonthColumns("cp.upn")}
FROM census_pupil cp
LEFT JOIN recent_sessions rs ON rs.upn = cp.upn
LEFT JOIN recent_exclusions ex ON ex.upn = cp.upn
LEFT JOIN sen2_person sp ON sp.upn = cp.upn
LEFT JOIN establishments me ON me.urn = cp.main_urn
LEFT JOIN establishments se ON se.urn = cp.subsidiary_urn
WHERE cp.sen_status = 'sen_support'
  AND cp.upn NOT IN (SELECT upn FROM planned)
  AND (me.la_code IS NULL OR me.la_code = '${homeLa}')
ORDER BY sort_upn NULLS LAST, unique_id`;
}

const asText = (value: unknown) => (value === null || value === undefined ? "" : String(value));

function shape(rows: Record<string, unknown>[], columns: readonly AnnexAColumn[]): ListRow[] {
  return rows.map((row) => Object.fromEntries(columns.map((column) => [column.key, asText(row[column.key])])));
}

/** Builds both lists on an engine that holds the canonical tables. */
export async function buildLists(engine: SqlEngine, tables: Readonly<Record<string, Table>>, options: { listDate: string; homeLa: string; exclusionsRead?: boolean }): Promise<BuiltLists> {
  const { listDate, homeLa } = options;
  if (!ISO_DATE.test(listDate)) throw new DataError(`The list date '${listDate}' is not a date (YYYY-MM-DD)`);
  if (!/^\d{3}$/.test(homeLa)) throw new DataError(`The home LA '${homeLa}' is not a three-digit LA code`);
  const present = (name: string) => (tables[name]?.rows.length ?? 0) > 0;
  const censusDates = (tables.pupils?.rows ?? []).map((row) => String(row.census_date)).filter((date) => date <= listDate).sort();
  const sources = { sen2: present("plans"), census: censusDates.length > 0, exclusions: options.exclusionsRead ?? present("exclusions"), censusDate: censusDates.at(-1) ?? null };
  const list1 = shape(await engine.query(list1Sql(listDate)), listColumns(1));
  const list2 = sources.census ? shape(await engine.query(list2Sql(listDate, homeLa)), listColumns(2)) : [];

  const blankColumns: BlankColumn[] = [];
  const blank = (list: ListNumber, rows: ListRow[], keys: string[], reason: string) => {
    for (const column of listColumns(list).filter((c) => keys.includes(c.key))) {
      for (const row of rows) row[column.key] = "";
      blankColumns.push({ list, header: column.header, reason });
    }
  };
  for (const list of [1, 2] as const) {
    const rows = list === 1 ? list1 : list2;
    for (const column of listColumns(list).filter((c) => c.source.startsWith("none"))) {
      blankColumns.push({ list, header: column.header, reason: column.source.replace(/^none: /, "") });
    }
    if (!sources.exclusions) blank(list, rows, ["suspensions", "permanent_exclusions"], "no exclusions extract was read");
    if (!sources.census) blank(list, rows, ["absence", "pupil_premium", "subsidiary_phase"], "no school census extract on or before the list date was read");
  }
  if (!sources.census) blankColumns.push({ list: 2, header: "(every row)", reason: "List 2 comes from the school census, and none on or before the list date was read" });
  return { listDate, list1, list2, blankColumns, sources };
}
