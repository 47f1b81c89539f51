// The placement KPIs of the catalogue (place.*): where children with EHC plans are placed (SEN2, in DfE's
// groupings), home education, children missing education, EOTAS and children without a school place (the
// registers give the dates, SEN2 the plan), and how long placements take (decisions, AP, Fair Access).

import { ageBandSql, compulsorySchoolAgeSql, ncYearSql } from "./shared-sql.js";
import type { KpiEntry, MeasureSpec } from "./types.js";

const SEN2_PLACEMENTS = "SEN2 person-level return: the setting attended (placement rank 1), by URN/UKPRN through GIAS";
const MAINSTREAM = "('state_mainstream', 'independent_mainstream')";
const SPECIAL = "('state_special', 'independent_special')";
/** The home LA's three-digit code: the newest export's. */
const HOME_LA = "(SELECT arg_max(la, reference_date) FROM exports)";

/** SEN status on a date: an active SEN2 plan decides; else the extract's own record (an E it records without a plan is SEN support). */
const senStatusSql = (hasPlan: string, recorded: string) =>
  `CASE WHEN ${hasPlan} THEN 'ehc_plan' WHEN ${recorded} IN ('ehc_plan', 'sen_support') THEN 'sen_support' ELSE 'no_sen' END`;

/** Whether child `child` has an SEN2 plan active on `on` (the rule loaders/model/placements.ts checks with). */
const hasPlanSql = (child: string, on: string) =>
  `EXISTS (SELECT 1 FROM plans p WHERE p.child_id = ${child} AND p.start_date <= ${on} AND (p.cease_date IS NULL OR p.cease_date > ${on}))`;

/**
 * Helper tables for the placement KPIs, built after snapshot_plans:
 * - register_snapshots: each child on each register at each month's snapshot date (the earliest current
 *   spell's start, so overlapping spells count once and the longest gap is measured)
 * - ap_ended: AP placements ending in each period, with SEN status at the start of the placement
 * - on_roll_waits: placement decisions and Fair Access decisions whose first day on roll is in each period
 */
export const PLACEMENT_HELPER_TABLES_SQL: readonly string[] = [
  `CREATE OR REPLACE TABLE register_snapshots AS
SELECT pe.period, pe.snapshot_date, r.register, r.child_id, min(r.start_date) AS start_date
FROM periods pe JOIN register_spells r ON r.start_date <= pe.snapshot_date AND (r.end_date IS NULL OR r.end_date > pe.snapshot_date)
WHERE pe.snapshot_covered
GROUP BY pe.period, pe.snapshot_date, r.register, r.child_id`,

  `CREATE OR REPLACE TABLE ap_ended AS
SELECT pe.period, a.placement_id, a.outcome,
  ${senStatusSql(hasPlanSql("a.child_id", "a.start_date"), "a.recorded_status")} AS sen_status,
  date_diff('day', a.start_date, a.end_date) AS days
FROM periods pe JOIN ap_placements a ON a.end_date BETWEEN pe.start_date AND pe.end_date
WHERE pe.flow_covered`,
];

const days = (population: string): MeasureSpec[] => [
  { id: "average_days", kind: "stat", stat: "mean", of: "days", population, unit: "days", label: "Average days" },
  { id: "median_days", kind: "stat", stat: "median", of: "days", population, unit: "days", label: "Median days" },
  { id: "longest_days", kind: "stat", stat: "max", of: "days", population, unit: "days", label: "Longest (days)" },
  { id: "cases", kind: "count", where: population, label: "Cases" },
];

/** Plans at each snapshot counted where a register (when one was read) or else SEN2 says so. */
const onRegisterOrSetting = (register: string, sen2Setting: string) => `
WITH loaded AS (SELECT count(*) > 0 AS register_read FROM local_sources WHERE source = '${register}')
SELECT sp.period, sp.age_band, sp.primary_need
FROM snapshot_plans sp CROSS JOIN loaded
LEFT JOIN register_snapshots r ON r.period = sp.period AND r.register = '${register}' AND r.child_id = sp.child_id
WHERE CASE WHEN loaded.register_read THEN r.child_id IS NOT NULL ELSE sp.setting = '${sen2Setting}' END`;

const snapshotPct = (id: string, title: string, brief: string, definition: string, numerator: string, better: KpiEntry["better"], comparator: string, notes: string[]): KpiEntry => ({
  id, domain: "placements", title, briefWording: brief, definition, better,
  breakdowns: ["age_band", "primary_need"], comparator, source: SEN2_PLACEMENTS, grain: "snapshot", calendar: "monthly",
  measures: [{ id: "pct", kind: "ratio", numerator, denominator: "true", scale: 100, unit: "pct", label: "% of EHC plans" }],
  units: `SELECT period, age_band, primary_need, setting FROM snapshot_plans`,
  notes: [
    ...notes,
    "Of all EHC plans active at the month end, whatever their placement (placement not known included), as DfE's caseload tables divide.",
    "The setting is the placement of rank 1 in the SEN2 record nearest the month end; its type comes from GIAS by URN (or UKPRN), else the SEN2 setting code.",
  ],
});

const PLACEMENT_DATES = "the extract's dates; SEN2 for the child's age";
const WAIT_NOTE = "Counted in the period of the first day on roll; a decision not yet on roll is not counted until it is. Days are calendar days from the decision to the first day on roll.";

export const PLACEMENT_KPIS: readonly KpiEntry[] = [
  snapshotPct("place.pct_mainstream", "EHC plans placed in mainstream", "Percentage of CYP with an EHCP placed in mainstream education",
    "% of EHC plans whose main placement is a mainstream school: state-funded (including resourced provision and SEN units) and independent mainstream, as DfE's mainstream_total",
    `setting IN ${MAINSTREAM}`, "context", "DfE caseload (England 43.6% Jan 2025)", ["Mainstream: state-funded mainstream schools (with resourced provision and SEN units) and independent mainstream schools, as DfE's mainstream_total."]),
  snapshotPct("place.pct_special", "EHC plans placed in special schools", "Percentage of CYP with an EHCP placed in special schools",
    "% of EHC plans placed in special schools: state-funded, independent and non-maintained, as DfE's special_total",
    `setting IN ${SPECIAL}`, "context", "DfE caseload (England 30.4% Jan 2025)", ["Special: state-funded special schools plus independent and non-maintained special schools, as DfE's special_total."]),
  snapshotPct("place.pct_inmss", "EHC plans in independent or non-maintained special schools", "Percentage of CYP with an EHCP placed in INMSS",
    "% of EHC plans placed in independent or non-maintained special schools (DfE special_independent + special_non_maintained)",
    "setting = 'independent_special'", "lower", "DfE caseload", ["INMSS: GIAS types 'Other independent special school' and 'Non-maintained special school'."]),
  snapshotPct("place.pct_ap", "EHC plans placed in alternative provision", "Percentage of CYP with an EHCP who attend Alternative Provision (AP)",
    "% of EHC plans whose main placement (rank 1) is alternative provision or a pupil referral unit (DfE ap_pru_total)",
    "setting = 'ap_pru'", "context", "DfE caseload / AP census", ["AP: pupil referral units, AP academies and AP free schools (GIAS types)."]),
  {
    id: "place.count_ap", domain: "placements", title: "Children with EHC plans in alternative provision",
    briefWording: "Count of CYP with an EHCP who attend Alternative Provision (AP)",
    definition: "Number of children and young people with an EHC plan whose main placement is alternative provision or a PRU at the month end",
    better: "context", breakdowns: ["age_band", "primary_need"], comparator: "DfE AP census", source: SEN2_PLACEMENTS, grain: "snapshot", calendar: "monthly",
    measures: [{ id: "count", kind: "count", where: "setting = 'ap_pru'", label: "Plans placed in AP" }],
    units: `SELECT period, age_band, primary_need, setting FROM snapshot_plans`,
    notes: ["The main placement as SEN2 records it, the same count as the % in AP; part-time AP alongside a school place (the AP extract) is not counted here."],
  },
  {
    id: "place.pct_special_out_of_area", domain: "placements", title: "Special school placements outside the area",
    briefWording: "Percentage of CYP in special school placement external to Shropshire",
    definition: "% of EHC plans placed in special schools (state-funded, independent or non-maintained) whose school is in another local authority",
    better: "lower", breakdowns: ["age_band", "primary_need"], comparator: "none published", source: SEN2_PLACEMENTS, grain: "snapshot", calendar: "monthly",
    measures: [{ id: "pct", kind: "ratio", numerator: "special AND out_of_area", denominator: "special", scale: 100, unit: "pct", label: "% of special school placements" }],
    units: `SELECT period, age_band, primary_need, setting IN ${SPECIAL} AS special, coalesce(setting_la <> ${HOME_LA}, false) AS out_of_area FROM snapshot_plans`,
    notes: ["Outside the area: the school's LA code in GIAS differs from the home LA's (the newest SEN2 export's). A school GIAS does not know counts as inside."],
  },
  {
    id: "place.ehe", domain: "placements", title: "Children with EHC plans electively home educated",
    briefWording: "EHC pupils electively home educated",
    definition: "Children and young people with an EHC plan who are electively home educated at the month end",
    better: "context", breakdowns: ["age_band", "primary_need"], comparator: "DfE caseload (EHE column)", source: "Elective home education register (dates) with SEN2 (plan); SEN2 setting EHE when no register is read",
    grain: "snapshot", calendar: "monthly",
    measures: [{ id: "count", kind: "count", label: "Plans, home educated" }],
    units: onRegisterOrSetting("ehe", "ehe"),
    notes: [
      "With an elective home education register: a child with an active plan on the register at the month end. Without one: SEN2's setting code EHE, as DfE counts.",
      "Where SEN2 and the register disagree at an export's reference date, each disagreement is listed on the data-quality page (rule register-disagrees).",
    ],
  },
  {
    id: "place.eotas", domain: "placements", title: "Children with EHC plans in EOTAS packages",
    briefWording: "EHC pupils with EOTAS packages",
    definition: "Children and young people with an EHC plan whose provision is education otherwise than at school (s61 arrangements) at the month end",
    better: "context", breakdowns: ["age_band", "primary_need"], comparator: "DfE caseload (other arrangements)", source: "EOTAS register (dates) with SEN2 (plan); SEN2 setting OLA when no register is read",
    grain: "snapshot", calendar: "monthly",
    measures: [{ id: "count", kind: "count", label: "Plans with EOTAS packages" }],
    units: onRegisterOrSetting("eotas", "eotas"),
    notes: [
      "With an EOTAS register: a child with an active plan and a package running at the month end. Without one: SEN2's setting code OLA (LA arrangements under s61).",
      "Disagreements between SEN2 and the register are listed on the data-quality page.",
    ],
  },
  {
    id: "place.cme", domain: "placements", title: "Children with EHC plans missing education (years 0 to 11)",
    briefWording: "EHC pupils who are CME (NCY 0-11)",
    definition: "Children with an EHC plan in national curriculum years 0 to 11 recorded as children missing education at the month end",
    better: "lower", breakdowns: ["age_band", "primary_need"], comparator: "none published", source: "Children missing education register, with SEN2 (plan, date of birth)",
    grain: "snapshot", calendar: "monthly", requires: ["cme"],
    measures: [{ id: "count", kind: "count", label: "Plans, missing education" }],
    units: `
SELECT sp.period, sp.age_band, sp.primary_need
FROM snapshot_plans sp
JOIN register_snapshots r ON r.period = sp.period AND r.register = 'cme' AND r.child_id = sp.child_id
WHERE ${ncYearSql("sp.birth_date", "sp.snapshot_date")} BETWEEN 0 AND 11`,
    notes: ["Year group by age (the child's age on the 31 August before the academic year, less 4; reception is year 0), from SEN2's date of birth."],
  },
  {
    id: "place.no_place_15_days", domain: "placements", title: "Children with EHC plans without a school place for more than 15 school days",
    briefWording: "Pupils with an EHC without a school place for more than 15 days",
    definition: "Children of compulsory school age with an EHC plan and no education placement for more than 15 school days at the month end",
    better: "lower", breakdowns: ["age_band", "primary_need"], comparator: "none published", source: "Children without a school place register (dates), SEN2 (plan), term dates and bank holidays (school days)",
    grain: "snapshot", calendar: "monthly", requires: ["no_place"],
    measures: [{ id: "count", kind: "count", label: "Plans without a place > 15 school days" }],
    // School days are counted by numbering them (the school days to a date, less those before the start)
    // rather than joining every day of every wait; the age check uses the register's snapshot date (the
    // same day) so it runs on the few children on the register, not on every plan-month.
    units: `
WITH waiting AS (
  SELECT sp.period, sp.age_band, sp.primary_need, r.start_date, r.snapshot_date
  FROM snapshot_plans sp
  JOIN register_snapshots r ON r.period = sp.period AND r.register = 'no_place' AND r.child_id = sp.child_id
  WHERE ${compulsorySchoolAgeSql("sp.birth_date", "r.snapshot_date")}
), numbered AS (
  SELECT day, row_number() OVER (ORDER BY day) AS school_days_to FROM (SELECT DISTINCT day FROM school_days)
)
SELECT w.period, w.age_band, w.primary_need
FROM waiting w
ASOF LEFT JOIN numbered upto ON w.snapshot_date >= upto.day
ASOF LEFT JOIN numbered before ON w.start_date > before.day
WHERE coalesce(upto.school_days_to, 0) - coalesce(before.school_days_to, 0) > 15`,
    notes: [
      "School days from the day the place was lost or needed to the month end, both counted: weekdays inside the half terms of the term dates file, less bank holidays (config/bank-holidays.csv). Exactly 15 school days is not more than 15.",
      "Compulsory school age: from the 31 March, 31 August or 31 December on or after the fifth birthday to the last Friday in June of the school year the child turns 16.",
      "SEN2's NIEC/NIEO codes say a child has no place but not since when: the register gives the dates, and disagreements are listed on the data-quality page.",
    ],
  },
  {
    id: "place.days_to_on_roll", domain: "placements", title: "Days from placement decision to on roll",
    briefWording: "Length of time from EHC placement decision to attending education provision on roll",
    definition: "Days from the placement decision (setting named) to the first day on roll there, for placements starting in the period: average, median and longest, with the cases behind them",
    better: "lower", breakdowns: ["age_band", "setting"], comparator: "none published", source: `EHC placement decisions (${PLACEMENT_DATES})`,
    grain: "flow", calendar: "monthly", requires: ["placement_decisions"],
    measures: days("days IS NOT NULL"),
    units: `
SELECT pe.period, ${ageBandSql("c.birth_date", "d.first_day_on_roll")} AS age_band, d.setting,
  date_diff('day', d.decision_date, d.first_day_on_roll) AS days
FROM periods pe
JOIN placement_decisions d ON d.first_day_on_roll BETWEEN pe.start_date AND pe.end_date
LEFT JOIN children c ON c.child_id = d.child_id
WHERE pe.flow_covered`,
    notes: [WAIT_NOTE, "The setting is the one named, by URN or UKPRN through GIAS. A decision for a child SEN2 does not know counts with age band Unknown (listed on the data-quality page)."],
  },
  {
    id: "place.ap_reintegration", domain: "placements", title: "AP placements ending in a return to mainstream",
    briefWording: "Percentage of CYP with SEND reintegrating back from AP to mainstream",
    definition: "% of alternative provision placements of pupils with SEND ending in the period that ended with a return to mainstream school; EHC plan and SEN support shown separately",
    better: "higher", breakdowns: ["sen_status"], comparator: "none published", source: "Alternative provision placements extract, with SEN2 (plan)",
    grain: "flow", calendar: "monthly", requires: ["ap_placements"],
    measures: [{ id: "pct", kind: "ratio", numerator: "outcome = 'RTM'", denominator: "true", scale: 100, unit: "pct", label: "% returned to mainstream" }],
    units: `SELECT period, sen_status, outcome FROM ap_ended WHERE sen_status IN ('ehc_plan', 'sen_support') AND coalesce(outcome, '') <> 'OAP'`,
    notes: [
      "A placement counts in the period it ends. SEN status at the start of the placement: an EHC plan when SEN2 has an active plan that day, else SEN support when the AP extract records SEN.",
      "An ended placement without an outcome counts as not returned (a warning on the data-quality page). A move to other AP (outcome OAP) is not an end of AP: it counts in neither part of the rate.",
    ],
  },
  {
    id: "place.ap_days_before_reintegration", domain: "placements", title: "Days in AP before returning to mainstream",
    briefWording: "Length of time attending AP before reintegration into mainstream",
    definition: "Days from the start of an alternative provision placement to its end, for placements of pupils with SEND that ended with a return to mainstream in the period: average, median and longest",
    better: "lower", breakdowns: ["sen_status"], comparator: "none published", source: "Alternative provision placements extract, with SEN2 (plan)",
    grain: "flow", calendar: "monthly", requires: ["ap_placements"],
    measures: days("outcome = 'RTM'"),
    units: `SELECT period, sen_status, outcome, days FROM ap_ended WHERE sen_status IN ('ehc_plan', 'sen_support')`,
    notes: ["Calendar days from StartDate to EndDate of placements ending with outcome RTM; SEN status as for the reintegration rate."],
  },
  {
    id: "place.fap_days_to_on_roll", domain: "placements", title: "Days from Fair Access Panel placement to on roll",
    briefWording: "Length of time from placement at FAP to attending education provision on roll",
    definition: "Days from the Fair Access Panel's placement decision to the first day on roll: average, median and longest; EHC plan, SEN support and no SEN",
    better: "lower", breakdowns: ["sen_status"], comparator: "none published", source: "Fair Access Panel decisions, with SEN2 (plan)",
    grain: "flow", calendar: "monthly", requires: ["fair_access"],
    measures: days("days IS NOT NULL"),
    units: `
SELECT pe.period, ${senStatusSql(hasPlanSql("f.child_id", "f.decision_date"), "f.recorded_status")} AS sen_status,
  date_diff('day', f.decision_date, f.first_day_on_roll) AS days
FROM periods pe JOIN fap_decisions f ON f.first_day_on_roll BETWEEN pe.start_date AND pe.end_date
WHERE pe.flow_covered`,
    notes: [WAIT_NOTE, "SEN status at the decision: an EHC plan when SEN2 has an active plan that day, else as the panel recorded it."],
  },
];
