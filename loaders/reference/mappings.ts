// Which published column is which catalogue KPI measure. Only exact matches are listed: a published
// figure that measures something else (MoJ appeals registered, FE-only counts for post-16 education,
// decisions within 4 weeks for annual reviews completed in 12 months) is deliberately left out.

export interface ColumnTerm {
  file: string;
  column: string;
}

export interface ComparatorMapping {
  kpi: string;
  measure: string;
  /** Summed when more than one term (e.g. mediations related to requests, assessments and other). */
  value: readonly ColumnTerm[];
  numerator?: readonly ColumnTerm[];
  denominator?: readonly ColumnTerm[];
  /** The value is 100 * numerator / denominator (no published percentage column). */
  computeRatio?: boolean;
  /** "dimension=category" for a breakdown figure; blank for the total. */
  breakdown?: string;
}

const terms = (file: string, ...columns: string[]): ColumnTerm[] => columns.map((column) => ({ file, column }));

/** Person-level SEN2 release ("Education, health and care plans", the ZIP). */
export const EHCP_RELEASE_MAPPINGS: readonly ComparatorMapping[] = [
  { kpi: "ehcp.active_plans", measure: "count", value: terms("caseload.csv", "ehcplans") },
  { kpi: "ehcp.new_plans", measure: "count", value: terms("newplans.csv", "new_ehc_plans") },
  { kpi: "ehcp.requests", measure: "count", value: terms("requests.csv", "requests_received_in_year") },
  { kpi: "ehcp.decisions_to_assess", measure: "count", value: terms("requests.csv", "requests_decided_to_assess") },
  {
    kpi: "ehcp.decisions_to_assess", measure: "pct_of_requests", value: terms("requests.csv", "request_assess_pc"),
    numerator: terms("requests.csv", "requests_decided_to_assess"), denominator: terms("requests.csv", "requests_received_in_year"),
  },
  {
    kpi: "ehcp.decisions_to_assess", measure: "pct_decided_within_6_weeks", value: terms("requests.csv", "request_outcome_six_weeks_pc"),
    numerator: terms("requests.csv", "request_outcome_six_weeks"),
    denominator: terms("requests.csv", "request_outcome_six_weeks", "request_outcome_over_6_weeks"),
  },
  {
    kpi: "ehcp.issued_20_weeks", measure: "pct_excl_exceptions", value: terms("timeliness_20_week.csv", "pc_plans_issued_20_weeks_ex"),
    numerator: terms("timeliness_20_week.csv", "plans_issued_20_weeks_ex"), denominator: terms("timeliness_20_week.csv", "plans_issued_den_ex"),
  },
  {
    kpi: "ehcp.issued_20_weeks", measure: "pct_incl_exceptions", value: terms("timeliness_20_week.csv", "pc_plans_issued_within_20_weeks"),
    numerator: terms("timeliness_20_week.csv", "plans_issued_within_20_weeks"), denominator: terms("timeliness_20_week.csv", "plans_issued_den"),
  },
  { kpi: "ehcp.issued_20_weeks", measure: "count_within", value: terms("timeliness_20_week.csv", "plans_issued_within_20_weeks") },
  {
    kpi: "ehcp.mediations", measure: "count",
    value: [...terms("requests.csv", "mediation_related_request"), ...terms("assessments.csv", "number_assess_mediation", "number_other_mediation")],
  },
  {
    kpi: "ehcp.tribunals", measure: "count",
    value: [...terms("requests.csv", "tribunal_related_request"), ...terms("assessments.csv", "number_assess_tribunal", "number_other_tribunal")],
  },
  {
    kpi: "place.pct_mainstream", measure: "pct", value: terms("caseload.csv", "mainstream_total_pc"),
    numerator: terms("caseload.csv", "mainstream_total"), denominator: terms("caseload.csv", "ehcplans"),
  },
  {
    kpi: "place.pct_special", measure: "pct", value: terms("caseload.csv", "special_total_pc"),
    numerator: terms("caseload.csv", "special_total"), denominator: terms("caseload.csv", "ehcplans"),
  },
  {
    kpi: "place.pct_inmss", measure: "pct", value: [], computeRatio: true,
    numerator: terms("caseload.csv", "special_independent", "special_non_maintained"), denominator: terms("caseload.csv", "ehcplans"),
  },
  {
    kpi: "place.pct_ap", measure: "pct", value: terms("caseload.csv", "ap_pru_total_pc"),
    numerator: terms("caseload.csv", "ap_pru_total"), denominator: terms("caseload.csv", "ehcplans"),
  },
  { kpi: "place.count_ap", measure: "count", value: terms("caseload.csv", "ap_pru_total") },
  { kpi: "place.ehe", measure: "count", value: terms("caseload.csv", "elective_home_education") },
  { kpi: "place.eotas", measure: "count", value: terms("caseload.csv", "other_arrangements_la") },
  // EHC plans with a personal budget at the January census (health-only budgets, pb_health, are not a
  // personal health budget for all CYP with SEND, so health.phb stays unmapped).
  { kpi: "social.personal_budgets", measure: "count", value: terms("personal_budgets.csv", "personal_budget") },
  // Reviews falling due in the calendar year: the sum of the months' ar.due.
  { kpi: "ar.due", measure: "count", value: terms("annual_reviews.csv", "review_expected") },
];

/** SEN2 aggregate collection (sen2_mi.csv), calendar years to 2022: used only where the release lacks a year. */
export const SEN2_AGGREGATE_MAPPINGS: readonly ComparatorMapping[] = [
  { kpi: "ehcp.requests", measure: "count", value: terms("sen2_mi.csv", "inreq_ehc") },
  { kpi: "ehcp.new_plans", measure: "count", value: terms("sen2_mi.csv", "new_all_ehc") },
  {
    kpi: "ehcp.issued_20_weeks", measure: "pct_excl_exceptions", value: terms("sen2_mi.csv", "no_exc_20week_rate"),
    numerator: terms("sen2_mi.csv", "no_exc_20week_ehc"), denominator: terms("sen2_mi.csv", "tot_no_exc_ehc"),
  },
  {
    kpi: "ehcp.issued_20_weeks", measure: "pct_incl_exceptions", value: terms("sen2_mi.csv", "inc_exc_20week_rate"),
    numerator: terms("sen2_mi.csv", "inc_exc_20week_ehc"), denominator: terms("sen2_mi.csv", "tot_inc_exc_ehc"),
  },
  { kpi: "ehcp.issued_20_weeks", measure: "count_within", value: terms("sen2_mi.csv", "inc_exc_20week_ehc") },
  { kpi: "ehcp.mediations", measure: "count", value: terms("sen2_mi.csv", "total_mediation") },
  { kpi: "ehcp.tribunals", measure: "count", value: terms("sen2_mi.csv", "total_tribunal") },
];

/**
 * EHC plans by primary need (sen_needs_all_plans.csv), one mapping per need column the release has:
 * the 2025 release has no Down syndrome column, so DS gets no comparator rather than a wrong one.
 */
export function primaryNeedMappings(columns: readonly string[]): { mappings: ComparatorMapping[]; missing: string[] } {
  const needs = ["SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH"];
  const columnFor = (need: string) => `number_${need.toLowerCase()}`;
  // Without a DS column DfE counts Down syndrome under OTH (the data guidance), which is not the local
  // OTH: no OTH comparator then either.
  const hasDownSyndrome = columns.includes(columnFor("DS"));
  const present = needs.filter((need) => columns.includes(columnFor(need)) && (need !== "OTH" || hasDownSyndrome));
  const mappings: ComparatorMapping[] = present.map((need) => ({
    kpi: "ehcp.active_plans", measure: "count", breakdown: `primary_need=${need}`, value: terms("sen_needs_all_plans.csv", columnFor(need)),
  }));
  if (columns.includes("number_need_unknown")) {
    mappings.push({ kpi: "ehcp.active_plans", measure: "count", breakdown: "primary_need=UNKNOWN", value: terms("sen_needs_all_plans.csv", "number_need_unknown") });
  }
  return { mappings, missing: needs.filter((need) => !present.includes(need)) };
}
