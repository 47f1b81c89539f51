// The six education KPIs of the catalogue, over the school census, exclusions and top-up tables, by school
// term and academic year. Pupils are counted once per census however many schools they are registered at.

import type { KpiEntry } from "./types.js";

const CENSUS = "School census pupil-level extract (termly)";
const EXCLUSIONS = "Suspensions and permanent exclusions extract, with the school census for pupils on roll";

/** Orders a pupil's census rows (columns of table alias `t`, or none): the main registration first, then by URN. */
export const mainRegistrationOrder = (t = "") => `(CASE WHEN ${t}enrol_status IN ('C', 'M', 'F') THEN '0' ELSE '1' END || ${t}urn)`;
/** Orders a pupil's census rows: highest SEN status first, then as mainRegistrationOrder. */
export const senStatusOrder = (t = "") => `(CASE ${t}sen_status WHEN 'ehc_plan' THEN '0' WHEN 'sen_support' THEN '1' ELSE '2' END || ${mainRegistrationOrder(t)})`;
const statusOrder = senStatusOrder();
const mainOrder = mainRegistrationOrder();

/**
 * Helper tables for the education KPIs, built after the canonical tables and `periods`:
 * - census_pupils: one row per pupil per census (dual registrations once: the highest SEN status, the
 *   main registration's phase, sessions summed over the pupil's registrations)
 * - school_pupils: the pupils on roll at each term's or academic year's census
 * - period_attendance: each pupil's sessions in each term, and summed over the terms of an academic year
 *   (a row per pupil, without the UPN: the KPIs count pupils, and 16 million UPNs would be held for nothing)
 * - exclusion_events: events in a covered term, with the pupil's SEN status and phase at that term's census
 */
export const EDUCATION_HELPER_TABLES_SQL: readonly string[] = [
  `CREATE OR REPLACE TABLE census_pupils AS
SELECT census_date, upn,
  arg_min(sen_status, ${statusOrder}) AS sen_status,
  arg_min(primary_need, ${statusOrder}) AS primary_need,
  arg_min(phase, ${mainOrder}) AS phase,
  sum(sessions_possible) AS sessions_possible,
  sum(sessions_attended) AS sessions_attended
FROM pupils
-- Guest enrolments (G) are not on roll: DfE's headcounts leave them out.
WHERE enrol_status <> 'G'
GROUP BY census_date, upn`,

  `CREATE OR REPLACE TABLE school_pupils AS
SELECT pe.period, pe.census_date, cp.upn, cp.sen_status, cp.primary_need, cp.phase
FROM periods pe JOIN census_pupils cp ON cp.census_date = pe.census_date
WHERE pe.period_type IN ('term', 'academic_year')`,

  // A term has one census, where census_pupils holds each pupil once: its rows are the term's, as they are
  // (grouping 8 million national pupils by UPN would give the same rows, slowly). A year sums its terms.
  `CREATE OR REPLACE TABLE period_attendance AS
SELECT pe.period, cp.sen_status, cp.phase,
  CAST(cp.sessions_possible AS HUGEINT) AS possible,
  CAST(cp.sessions_attended AS HUGEINT) AS attended
FROM periods pe
JOIN periods t ON t.period_type = 'term' AND t.start_date >= pe.start_date AND t.end_date <= pe.end_date
JOIN census_pupils cp ON cp.census_date = t.census_date
WHERE pe.period_type = 'term' AND cp.sessions_possible IS NOT NULL AND cp.sessions_attended IS NOT NULL
UNION ALL
SELECT pe.period,
  arg_max(cp.sen_status, cp.census_date) AS sen_status,
  arg_max(cp.phase, cp.census_date) AS phase,
  sum(cp.sessions_possible) AS possible,
  sum(cp.sessions_attended) AS attended
FROM periods pe
JOIN periods t ON t.period_type = 'term' AND t.start_date >= pe.start_date AND t.end_date <= pe.end_date
JOIN census_pupils cp ON cp.census_date = t.census_date
WHERE pe.period_type = 'academic_year' AND cp.sessions_possible IS NOT NULL AND cp.sessions_attended IS NOT NULL
GROUP BY pe.period, cp.upn`,

  `CREATE OR REPLACE TABLE exclusion_events AS
WITH events AS (
  SELECT e.event_id, e.upn, e.start_date, e.category, t.census_date AS term_census
  FROM exclusions e JOIN periods t ON t.period_type = 'term' AND e.start_date BETWEEN t.start_date AND t.end_date
), status AS (
  SELECT ev.event_id,
    arg_min(cp.sen_status, CASE WHEN cp.census_date = ev.term_census THEN 0 ELSE 1 + abs(date_diff('day', cp.census_date, ev.start_date)) END) AS sen_status,
    arg_min(cp.phase, CASE WHEN cp.census_date = ev.term_census THEN 0 ELSE 1 + abs(date_diff('day', cp.census_date, ev.start_date)) END) AS phase
  FROM events ev JOIN census_pupils cp ON cp.upn = ev.upn
  GROUP BY ev.event_id
)
SELECT ev.event_id, ev.upn, ev.start_date, ev.category,
  coalesce(s.sen_status, 'unknown') AS sen_status, coalesce(s.phase, 'unknown') AS phase
FROM events ev LEFT JOIN status s ON s.event_id = ev.event_id`,
];

/** Events of one category in each period, plus every pupil on roll at the period's census. */
const exclusionUnits = `
WITH events AS (
  SELECT pe.period, ev.upn, ev.category, ev.sen_status, ev.phase
  FROM periods pe JOIN exclusion_events ev ON ev.start_date BETWEEN pe.start_date AND pe.end_date
  WHERE pe.period_type IN ('term', 'academic_year')
), suspended AS (
  SELECT DISTINCT period, upn FROM events WHERE category = 'FIXD'
)
SELECT period, 'event' AS kind, category, sen_status, phase, false AS suspended FROM events
UNION ALL
SELECT sp.period, 'pupil', NULL, sp.sen_status, sp.phase, s.upn IS NOT NULL
FROM school_pupils sp LEFT JOIN suspended s ON s.period = sp.period AND s.upn = sp.upn`;

const TERMLY_NOTES = [
  "Terms run without gaps (autumn from 1 August, each term to the day before the next begins, summer to 31 July), so an event dated in a holiday still belongs to a term; the term dates are config/term-dates.csv.",
  "Pupils are counted once per census: a dual-registered pupil (main and subsidiary registrations) counts once, with the highest SEN status recorded and the main registration's phase. Guest enrolments (G) are not on roll and are left out, as in DfE's headcounts.",
  "Phase: special and alternative provision by the school's GIAS type; in mainstream schools by the pupil's national curriculum year (reception to year 6 primary, years 7 to 14 secondary).",
];

export const EDUCATION_KPIS: readonly KpiEntry[] = [
  {
    id: "edu.suspensions",
    domain: "education",
    title: "Suspensions",
    briefWording: "Exclusion/suspension data (suspensions)",
    definition: "Suspensions per 100 pupils on roll at the census, the number of suspensions, and the % of pupils with one or more suspensions, for pupils with an EHC plan, on SEN support and with no SEN",
    better: "lower",
    breakdowns: ["sen_status", "phase"],
    comparator: "DfE exclusions by SEN (England; region; LAs)",
    source: EXCLUSIONS,
    grain: "flow",
    calendar: "termly",
    measures: [
      { id: "rate_per_100", kind: "ratio", numerator: "kind = 'event' AND category = 'FIXD'", denominator: "kind = 'pupil'", scale: 100, unit: "rate", label: "Suspensions per 100 pupils" },
      { id: "count", kind: "count", where: "kind = 'event' AND category = 'FIXD'", label: "Suspensions" },
      { id: "pct_pupils_one_plus", kind: "ratio", numerator: "kind = 'pupil' AND suspended", denominator: "kind = 'pupil'", scale: 100, unit: "pct", label: "% of pupils with one or more suspensions" },
    ],
    units: exclusionUnits,
    notes: [
      "Rates use the pupils on roll at the term's school census (an academic year: its spring census, as DfE's headcounts do); a pupil's SEN status and phase are those at the census of the term the suspension falls in, else the nearest census.",
      "A suspension whose pupil is in no census extract is counted with SEN status 'not in the census' and listed on the data-quality page.",
      "The % with one or more suspensions counts pupils on roll at the census who were suspended in the period: the measure the West Midlands comparator files hold.",
      ...TERMLY_NOTES,
    ],
  },
  {
    id: "edu.permanent_exclusions",
    domain: "education",
    title: "Permanent exclusions",
    briefWording: "Exclusion/suspension data (permanent exclusions)",
    definition: "Permanent exclusions per 100 pupils on roll at the census, and the number of permanent exclusions, for pupils with an EHC plan, on SEN support and with no SEN",
    better: "lower",
    breakdowns: ["sen_status", "phase"],
    comparator: "DfE exclusions by SEN",
    source: EXCLUSIONS,
    grain: "flow",
    calendar: "termly",
    measures: [
      { id: "rate_per_100", kind: "ratio", numerator: "kind = 'event' AND category = 'PERM'", denominator: "kind = 'pupil'", scale: 100, unit: "rate", label: "Permanent exclusions per 100 pupils" },
      { id: "count", kind: "count", where: "kind = 'event' AND category = 'PERM'", label: "Permanent exclusions" },
    ],
    units: exclusionUnits,
    notes: ["Dated by the exclusion's start date; rates use the pupils on roll at the census, as for suspensions.", ...TERMLY_NOTES],
  },
  {
    id: "edu.sen_pupils",
    domain: "education",
    title: "Pupils with SEN in schools",
    briefWording: "SEN/EHCP numbers",
    definition: "Pupils with an EHC plan or on SEN support in the area's schools at the school census, as a count and as a % of all pupils on roll",
    better: "context",
    breakdowns: ["sen_status", "primary_need", "phase"],
    comparator: "DfE Special educational needs in England",
    source: CENSUS,
    grain: "snapshot",
    calendar: "termly",
    measures: [
      { id: "count", kind: "count", where: "sen_status IN ('ehc_plan', 'sen_support')", label: "Pupils with SEN" },
      {
        id: "pct_of_pupils", kind: "ratio", numerator: "sen_status IN ('ehc_plan', 'sen_support')", denominator: "true", scale: 100, unit: "pct",
        label: "% of all pupils", denominatorAcross: ["sen_status", "primary_need"],
      },
    ],
    units: `SELECT period, sen_status, primary_need, phase FROM school_pupils`,
    notes: [
      "The % is of all pupils on roll at the census in the same phase, whatever their SEN status or need: 'EHC plan' shows the share of all pupils with a plan.",
      "Primary need NSA (SEN support without a specialist assessment of the type of need) is shown as recorded; a pupil with SEN but no need recorded is 'Not recorded'.",
      "DfE's January figures are the spring census: compare the academic year (pupils at its spring census).",
      ...TERMLY_NOTES,
    ],
  },
  {
    id: "edu.attendance",
    domain: "education",
    title: "Attendance",
    briefWording: "Attendance data pupils with EHCP / SEN support / overall",
    definition: "Attendance rate: sessions attended as a % of possible sessions, for pupils with an EHC plan, on SEN support and all pupils",
    better: "higher",
    breakdowns: ["sen_status", "phase"],
    comparator: "DfE pupil absence by SEN; the reference data holds West Midlands LAs only (no England row), so England shows as x",
    source: CENSUS,
    grain: "flow",
    calendar: "termly",
    measures: [
      { id: "pct", kind: "sum_ratio", numerator: "attended", denominator: "possible", population: "possible > 0", scale: 100, unit: "pct", label: "% of possible sessions attended" },
    ],
    units: `SELECT period, sen_status, phase, possible, attended FROM period_attendance`,
    notes: [
      "Sessions are two per school day. Each census row carries the sessions of its term (the newest census: the term so far, marked partial); a dual-registered pupil's sessions are summed over the registrations.",
      "An academic year sums each pupil's terms; the pupil's SEN status and phase are those at the latest census in the year.",
      "Small groups are suppressed by the number of pupils behind the figure, not the sessions.",
      ...TERMLY_NOTES,
    ],
  },
  {
    id: "edu.persistent_absence",
    domain: "education",
    title: "Persistent absence",
    briefWording: "Attendance data (persistent absence)",
    definition: "% of pupils missing 10% or more of their possible sessions, for pupils with an EHC plan, on SEN support and all pupils",
    better: "lower",
    breakdowns: ["sen_status", "phase"],
    comparator: "DfE pupil absence by SEN",
    source: CENSUS,
    grain: "flow",
    calendar: "termly",
    // A pupil's year is judged on the year's sessions, not summed from terms.
    additiveOverPeriods: false,
    measures: [
      { id: "pct", kind: "ratio", numerator: "possible > 0 AND (possible - attended) * 10 >= possible", denominator: "possible > 0", scale: 100, unit: "pct", label: "% of pupils persistently absent" },
    ],
    units: `SELECT period, sen_status, phase, possible, attended FROM period_attendance`,
    notes: [
      "Persistently absent: sessions missed (possible minus attended) are 10% or more of possible sessions, compared in whole numbers, so a pupil missing exactly 10% is persistently absent.",
      "An academic year judges each pupil on the year's sessions (the sum of their terms).",
      ...TERMLY_NOTES,
    ],
  },
  {
    id: "edu.top_up_funding",
    domain: "education",
    title: "Pupils on SEN support with top-up funding",
    briefWording: "Number of pupils with SEND accessing top-up funding (not requiring an EHCP)",
    definition: "Pupils on SEN support (no EHC plan) at the school census with high-needs top-up funding running on the census day",
    better: "context",
    breakdowns: ["primary_need", "phase"],
    comparator: "none published",
    source: "High-needs top-up funding extract, with the school census",
    grain: "snapshot",
    calendar: "termly",
    measures: [{ id: "count", kind: "count", label: "Pupils with top-up funding" }],
    units: `
SELECT DISTINCT sp.period, sp.upn, sp.primary_need, sp.phase
FROM school_pupils sp
JOIN top_up t ON t.upn = sp.upn AND t.start_date <= sp.census_date AND (t.end_date IS NULL OR t.end_date >= sp.census_date)
WHERE sp.sen_status = 'sen_support'`,
    notes: [
      "Funding runs on the census day when it started on or before it and has no end date or ends on or after it.",
      "A funded pupil with an EHC plan or no SEN at the census is not counted, and is listed on the data-quality page.",
      ...TERMLY_NOTES,
    ],
  },
];
