// The post-16 KPIs (p16.*) and NEET (place.neet): what young people aged 16 to 25 with an EHC plan or on
// SEN support are doing at each month end, from the post-16 activity extract (NCCIS-style codes grouped by
// config/post16-activity-codes.csv), with plan status from SEN2.

import { ageBandSql, ageSql } from "./shared-sql.js";
import type { KpiEntry } from "./types.js";

const SOURCE = "Post-16 activity extract (NCCIS-style), with SEN2 (plan)";

/**
 * post16_snapshot: each young person aged 16 to 25 with SEND at each month end, with their current activity
 * (the latest-starting spell running that day) and SEN status (an EHC plan when SEN2 has one active that
 * day, else SEN support when the extract records SEN).
 */
export const POST16_HELPER_TABLES_SQL: readonly string[] = [
  `CREATE OR REPLACE TABLE post16_snapshot AS
WITH latest AS (
  -- The latest-starting spell running at the month end (spell ids are unique, so there is no tie): found by
  -- grouping, which is quicker than numbering millions of national person-months in windows.
  SELECT pe.period, pe.snapshot_date, arg_max(a.spell_id, {'start': a.start_date, 'spell': a.spell_id}) AS spell_id
  FROM periods pe
  JOIN post16_activity a ON a.start_date <= pe.snapshot_date AND (a.end_date IS NULL OR a.end_date > pe.snapshot_date)
  WHERE pe.snapshot_covered
  GROUP BY pe.period, pe.snapshot_date, a.person
), current_spells AS (
  SELECT l.period, l.snapshot_date, a.*
  FROM latest l JOIN post16_activity a ON a.spell_id = l.spell_id
), with_plan AS (
  SELECT s.*, EXISTS (
    SELECT 1 FROM plans p WHERE p.child_id = s.child_id AND p.start_date <= s.snapshot_date AND (p.cease_date IS NULL OR p.cease_date > s.snapshot_date)
  ) AS has_plan
  FROM current_spells s
)
SELECT period, activity_group, activity_setting, living,
  ${ageBandSql("birth_date", "snapshot_date")} AS age_band,
  CASE WHEN has_plan THEN 'ehc_plan' WHEN recorded_status IN ('ehc_plan', 'sen_support') THEN 'sen_support' ELSE 'no_sen' END AS sen_status
FROM with_plan
WHERE ${ageSql("birth_date", "snapshot_date")} BETWEEN 16 AND 25`,
];

const NOTES = [
  "Young people aged 16 to 25 at the month end with an EHC plan (SEN2 has an active plan that day) or on SEN support (as the activity extract records). Where the extract's status and SEN2 disagree, the data-quality page lists it.",
  "Each young person counts once a month: their activity is the latest-starting spell running at the month end. Activity codes are grouped by config/post16-activity-codes.csv.",
];

const snapshotCount = (id: string, title: string, brief: string, definition: string, where: string, better: KpiEntry["better"], comparator: string, notes: string[], withSetting = false): KpiEntry => ({
  id, domain: "post16", title, briefWording: brief, definition, better,
  breakdowns: withSetting ? ["age_band", "sen_status", "setting"] : ["age_band", "sen_status"],
  comparator, source: SOURCE, grain: "snapshot", calendar: "monthly", requires: ["post16_activity"],
  measures: [{ id: "count", kind: "count", label: "Young people" }],
  units: `SELECT period, age_band, sen_status${withSetting ? ", activity_setting AS setting" : ""} FROM post16_snapshot WHERE sen_status <> 'no_sen' AND ${where}`,
  notes: [...notes, ...NOTES],
});

export const POST16_KPIS: readonly KpiEntry[] = [
  {
    id: "place.neet", domain: "placements", title: "Young people with SEND not in education, employment or training",
    briefWording: "Number of pupils NEET (up to 25 years)",
    definition: "Young people aged 16 to 25 with an EHC plan, and separately on SEN support, not in education, employment or training: the number, and the % of those whose activity is known",
    better: "lower", breakdowns: ["age_band", "sen_status"], comparator: "DfE NEET by characteristics", source: SOURCE,
    grain: "snapshot", calendar: "monthly", requires: ["post16_activity"],
    measures: [
      { id: "count", kind: "count", where: "activity_group = 'neet'", label: "Young people NEET" },
      { id: "pct", kind: "ratio", numerator: "activity_group = 'neet'", denominator: "true", scale: 100, unit: "pct", label: "% NEET (of activity known)" },
    ],
    units: `SELECT period, age_band, sen_status, activity_group FROM post16_snapshot WHERE sen_status <> 'no_sen' AND activity_group <> 'not_known'`,
    notes: ["NEET: activity codes grouped 'neet' (seeking, not ready, not available). The % leaves out young people whose activity is not known, as DfE's NEET rates do; they are not NEET in the count either.", ...NOTES],
  },
  snapshotCount("p16.in_education", "Young people with SEND in education", "Number of pupils with EHCP/SEN attending education setting including higher education",
    "Young people aged 16 to 25 with an EHC plan or on SEN support in an education setting (school sixth form, college, specialist post-16, higher education) at the month end",
    "activity_group = 'education'", "context", "DfE caseload (FE/HE columns)", ["The setting is the activity code's (school sixth form, FE and post-16, specialist post-16, higher education, other)."], true),
  snapshotCount("p16.training_employment", "Young people with SEND in training or employment", "Number of young people accessing training/employment/internships",
    "Young people aged 16 to 25 with an EHC plan or on SEN support in a supported internship, apprenticeship, traineeship or employment at the month end",
    "activity_group = 'training_employment'", "higher", "DfE work_based_placements", ["Training and employment: apprenticeships, supported internships, traineeships, employment with or without training, voluntary work."]),
  snapshotCount("p16.supported_living", "Young people with SEND in supported or independent living", "Number of young people accessing supported/independent living",
    "Young people aged 16 to 25 with an EHC plan or on SEN support living in supported or independent living arrangements at the month end",
    "living IN ('SUP', 'IND')", "context", "none published", ["From the extract's LivingArrangement: SUP (supported living) or IND (independent living); blank means not known and is not counted."]),
];
