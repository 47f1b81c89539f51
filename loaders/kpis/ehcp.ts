// The nine EHCP statutory-process KPIs of the catalogue, over the canonical SEN2 tables.

import type { KpiEntry } from "./types.js";
import { ageBandSql } from "./shared-sql.js";

const SEN2 = "SEN2 person-level return (Blade export)";

/**
 * Requests open at each snapshot date. Each request is open from its received date until the first thing
 * that closes it (a decision not to assess or not to issue, a withdrawal, a plan issued), so periods join
 * on that span: only open requests meet each snapshot (a national run has a million requests).
 */
const openRequestsAtSnapshot = `
WITH spans AS (
  SELECT r.received_date, c.birth_date,
    -- A closing outcome with no date counts as closed from the request (it cannot be placed later).
    -- least() passes over NULLs: a request nothing has closed stays open.
    least(
      CASE WHEN r.request_outcome_group IN ('not_assess', 'withdrawn') THEN coalesce(r.request_outcome_date, r.received_date) END,
      CASE WHEN a.assessment_outcome_group IN ('not_issue', 'withdrawn') THEN coalesce(a.assessment_outcome_date, r.received_date) END,
      p.start_date
    ) AS closed_on
  FROM requests r
  JOIN children c ON c.child_id = r.child_id
  LEFT JOIN assessments a ON a.request_id = r.request_id
  LEFT JOIN plans p ON p.request_id = r.request_id
  -- An outcome code the table does not know leaves the request's state unknown: not counted as open.
  WHERE r.request_outcome_group <> 'unmapped'
    AND coalesce(a.assessment_outcome_group, '') <> 'unmapped'
)
SELECT pe.period,
  ${ageBandSql("s.birth_date", "pe.snapshot_date")} AS age_band,
  date_diff('day', s.received_date, pe.snapshot_date) AS days_open
FROM periods pe
JOIN spans s ON s.received_date <= pe.snapshot_date AND coalesce(s.closed_on, DATE '9999-12-31') > pe.snapshot_date
WHERE pe.snapshot_covered`;

/**
 * Tribunal or mediation flags as dated events, plus the appealable decisions they can be set against.
 * `flag` is "tribunal" or "mediation": SEN2 has request*, assessment* and other* columns for both.
 */
const disputeEvents = (flag: "tribunal" | "mediation") => `
WITH events AS (
  SELECT r.request_outcome_date AS event_date, 'dispute' AS kind FROM requests r WHERE r.request_${flag}
  UNION ALL
  SELECT a.assessment_outcome_date, 'dispute' FROM assessments a WHERE a.assessment_${flag}
  UNION ALL
  SELECT a.assessment_outcome_date, 'dispute' FROM assessments a WHERE a.other_${flag}
  UNION ALL
  SELECT r.request_outcome_date, 'decision' FROM requests r WHERE r.request_outcome_group = 'not_assess'
  UNION ALL
  SELECT a.assessment_outcome_date, 'decision' FROM assessments a WHERE a.assessment_outcome_group = 'not_issue'
  UNION ALL
  SELECT p.start_date, 'decision' FROM plans p
)
SELECT pe.period, e.kind
FROM periods pe JOIN events e ON e.event_date BETWEEN pe.start_date AND pe.end_date
WHERE pe.flow_covered`;

export const EHCP_KPIS: readonly KpiEntry[] = [
  {
    id: "ehcp.active_plans",
    domain: "ehcp",
    title: "EHC plans maintained",
    briefWording: "Number of EHC plans (age range / primary need)",
    definition: "EHC plans maintained by the LA at the snapshot date (SEN2 active plans)",
    better: "context",
    breakdowns: ["age_band", "primary_need", "setting"],
    comparator: "DfE caseload (England; region; LAs)",
    source: SEN2,
    grain: "snapshot",
    calendar: "monthly",
    measures: [{ id: "count", kind: "count", label: "Plans" }],
    units: `SELECT period, age_band, primary_need, setting FROM snapshot_plans`,
    notes: [
      "A plan is active at a date D when its start date is on or before D and it has no cease date or ceases after D; a plan ceasing on D is not active at D.",
      "Primary need and setting are those recorded in the export whose reference date is nearest to D and that records them (the later one on a tie).",
    ],
  },
  {
    id: "ehcp.new_plans",
    domain: "ehcp",
    title: "New EHC plans issued",
    briefWording: "Number of EHC plans issued",
    definition: "New EHC plans issued (final plan start date) in the period",
    better: "context",
    breakdowns: ["age_band", "primary_need", "setting"],
    comparator: "DfE newplans",
    source: SEN2,
    grain: "flow",
    calendar: "monthly",
    measures: [{ id: "count", kind: "count", label: "Plans issued" }],
    units: `SELECT period, age_band, primary_need, setting FROM new_plans`,
    notes: ["Setting is the setting named in the plan (plandetail rank 1); age is taken at the plan's start date."],
  },
  {
    id: "ehcp.requests",
    domain: "ehcp",
    title: "Requests for an EHC needs assessment",
    briefWording: "Number of new referrals",
    definition: "Requests for an EHC needs assessment received in the period",
    better: "context",
    breakdowns: ["age_band"],
    comparator: "DfE requests",
    source: SEN2,
    grain: "flow",
    calendar: "monthly",
    measures: [{ id: "count", kind: "count", label: "Requests received" }],
    units: `
SELECT pe.period, ${ageBandSql("c.birth_date", "r.received_date")} AS age_band
FROM periods pe
JOIN requests r ON r.received_date BETWEEN pe.start_date AND pe.end_date
JOIN children c ON c.child_id = r.child_id
WHERE pe.flow_covered`,
    notes: ["Request-stage KPIs break down by age only: SEN2 records needs and settings for plans, not requests."],
  },
  {
    id: "ehcp.decisions_to_assess",
    domain: "ehcp",
    title: "Decisions to assess",
    briefWording: "Number of decisions to assess",
    definition:
      "Requests received in the period whose outcome was a decision to assess; as % of requests received in the period; and % of request decisions made in the period that were made within 6 weeks of the request",
    better: "context",
    breakdowns: ["age_band"],
    comparator: "DfE requests (request_outcome six weeks)",
    source: SEN2,
    grain: "flow",
    calendar: "monthly",
    measures: [
      { id: "count", kind: "count", where: "kind = 'received' AND assessed", label: "Decided to assess" },
      { id: "pct_of_requests", kind: "ratio", numerator: "kind = 'received' AND assessed", denominator: "kind = 'received'", scale: 100, unit: "pct", label: "% of requests received" },
      { id: "pct_decided_within_6_weeks", kind: "ratio", numerator: "kind = 'decided' AND within_6_weeks", denominator: "kind = 'decided'", scale: 100, unit: "pct", label: "% of decisions within 6 weeks" },
    ],
    units: `
SELECT pe.period, 'received' AS kind, ${ageBandSql("c.birth_date", "r.received_date")} AS age_band,
  r.request_outcome_group = 'assess' AS assessed, false AS within_6_weeks
FROM periods pe
JOIN requests r ON r.received_date BETWEEN pe.start_date AND pe.end_date
JOIN children c ON c.child_id = r.child_id
WHERE pe.flow_covered
UNION ALL
SELECT pe.period, 'decided', ${ageBandSql("c.birth_date", "r.request_outcome_date")},
  r.request_outcome_group = 'assess', date_diff('day', r.received_date, r.request_outcome_date) <= 42
FROM periods pe
JOIN requests r ON r.request_outcome_date BETWEEN pe.start_date AND pe.end_date
JOIN children c ON c.child_id = r.child_id
WHERE pe.flow_covered AND r.request_outcome_group IN ('assess', 'not_assess')`,
    notes: [
      "The % assessed uses requests received in the period and their outcome as recorded in the newest export, as DfE's request_assess_pc does (595/833 in Shropshire's 2024 figures). Requests of the last few months are often still awaiting a decision, so their % assessed is low and rises as decisions are made.",
      "Decisions within 6 weeks: decisions to assess or not to assess dated in the period, made no more than 42 days after the request (withdrawals are not decisions).",
    ],
  },
  {
    id: "ehcp.issued_20_weeks",
    domain: "ehcp",
    title: "New plans issued within 20 weeks",
    briefWording: "Number of plans issued within 20 weeks",
    definition:
      "New plans issued in the period within 20 weeks (<= 140 days from request received to plan start): % excluding exception cases, % including them, and the count",
    better: "higher",
    breakdowns: ["age_band", "primary_need"],
    comparator: "DfE timeliness_20_week (England 46.4% 2024)",
    source: SEN2,
    grain: "flow",
    calendar: "monthly",
    measures: [
      { id: "pct_excl_exceptions", kind: "ratio", numerator: "within_20_weeks AND NOT week20", denominator: "NOT week20", scale: 100, unit: "pct", label: "% within 20 weeks (excluding exceptions)" },
      { id: "pct_incl_exceptions", kind: "ratio", numerator: "within_20_weeks", denominator: "true", scale: 100, unit: "pct", label: "% within 20 weeks (including exceptions)" },
      { id: "count_within", kind: "count", where: "within_20_weeks", label: "Plans issued within 20 weeks" },
    ],
    units: `
SELECT period, age_band, primary_need, days_to_issue <= 140 AS within_20_weeks, week20
FROM new_plans
WHERE assessment_outcome_group <> 'issue_other_la'`,
    notes: [
      "Within 20 weeks means at most 140 days from the request's received date to the final plan's start date; a plan issued on day 140 is within.",
      "Exception cases are those with SEN2 week20 = 1 (SEND Regulations 2014 reg 10(4)); the headline excludes them from numerator and denominator, as DfE's headline does.",
      "Plans issued after another LA completed the assessment (assessment outcome S) are left out: the 20 weeks did not run in this LA.",
    ],
  },
  {
    id: "ehcp.overdue_30_weeks",
    domain: "ehcp",
    title: "Needs assessments open more than 30 weeks",
    briefWording: "Number of EHCNA overdue by 30 weeks",
    definition:
      "Open requests at the snapshot date (no plan issued; no decision not to assess or not to issue; not withdrawn) where more than 30 weeks (210 days) have passed since the request was received",
    better: "lower",
    breakdowns: ["age_band"],
    comparator: "none published",
    source: SEN2,
    grain: "snapshot",
    calendar: "monthly",
    measures: [{ id: "count", kind: "count", where: "days_open > 210", label: "Open more than 30 weeks" }],
    units: openRequestsAtSnapshot,
    notes: [
      "'More than 30 weeks' is strictly more than 210 days between the received date and the snapshot date.",
      "A decision not to assess or not to issue, or a withdrawal, closes the request from its outcome date; one recorded without a date closes it from the request date. A request whose outcome code is not in the outcome table is not counted (its state is unknown) and is listed on the data-quality page.",
    ],
  },
  {
    id: "ehcp.overdue_52_weeks",
    domain: "ehcp",
    title: "Needs assessments open more than 52 weeks",
    briefWording: "Number of EHCNA overdue by 52 weeks",
    definition: "As ehcp.overdue_30_weeks with more than 52 weeks (364 days) since the request",
    better: "lower",
    breakdowns: ["age_band"],
    comparator: "none published",
    source: SEN2,
    grain: "snapshot",
    calendar: "monthly",
    measures: [{ id: "count", kind: "count", where: "days_open > 364", label: "Open more than 52 weeks" }],
    units: openRequestsAtSnapshot,
  },
  {
    id: "ehcp.tribunals",
    domain: "ehcp",
    title: "SEND Tribunal appeals",
    briefWording: "Number of tribunals",
    definition:
      "SEND Tribunal appeals linked to the LA's decisions in the period: SEN2 request/assessment/other tribunal flags dated by the outcome date they relate to; rate per 100 appealable decisions (decisions not to assess; not to issue; plans issued) in the period",
    better: "lower",
    breakdowns: [],
    comparator: "SEN2 tribunal flags in DfE requests/assessments",
    source: SEN2,
    grain: "flow",
    calendar: "monthly",
    measures: [
      { id: "count", kind: "count", where: "kind = 'dispute'", label: "Tribunal appeals" },
      { id: "rate_per_100_decisions", kind: "ratio", numerator: "kind = 'dispute'", denominator: "kind = 'decision'", scale: 100, unit: "rate", label: "Appeals per 100 appealable decisions" },
    ],
    units: disputeEvents("tribunal"),
    notes: [
      "Request tribunals are dated by the request outcome date; assessment and 'other' tribunals (SEN2's assessment module holds both) by the assessment outcome date, as the catalogue defines.",
      "This counts SEN2 flags. MoJ's 'appeals registered' counts a different thing and is not shown under this KPI.",
    ],
  },
  {
    id: "ehcp.mediations",
    domain: "ehcp",
    title: "Mediations",
    briefWording: "Number of mediations",
    definition:
      "Mediations in the period: SEN2 mediation flags (request; assessment; other) dated by the outcome date of the request or assessment they relate to",
    better: "context",
    breakdowns: [],
    comparator: "DfE requests/assessments mediation columns",
    source: SEN2,
    grain: "flow",
    calendar: "monthly",
    measures: [{ id: "count", kind: "count", where: "kind = 'dispute'", label: "Mediations" }],
    units: disputeEvents("mediation"),
    notes: ["Dated as tribunals are: request mediations by the request outcome date, assessment and other mediations by the assessment outcome date."],
  },
];
