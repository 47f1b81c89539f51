// The one table that says what each SEN2 request and assessment outcome code means.
// DfE's guide confirms assessment outcome S; the other codes follow the SEN2 guide's wording as LAs use it.
// An LA whose system writes other codes edits this table (and docs/methodology.md says so).

/** What a request outcome means for the statutory process. */
export type RequestOutcomeGroup = "assess" | "not_assess" | "withdrawn" | "pending";
/** What an assessment outcome means. `issue_other_la`: plan issued after another LA completed the assessment. */
export type AssessmentOutcomeGroup = "issue" | "not_issue" | "withdrawn" | "pending" | "issue_other_la";

export interface OutcomeCode<Group extends string> {
  code: string;
  group: Group;
  meaning: string;
}

export const REQUEST_OUTCOME_CODES: readonly OutcomeCode<RequestOutcomeGroup>[] = [
  { code: "A", group: "assess", meaning: "Decision to assess" },
  { code: "N", group: "not_assess", meaning: "Decision not to assess" },
  { code: "W", group: "withdrawn", meaning: "Request withdrawn or ceased before a decision" },
  { code: "", group: "pending", meaning: "No decision yet (blank)" },
];

export const ASSESSMENT_OUTCOME_CODES: readonly OutcomeCode<AssessmentOutcomeGroup>[] = [
  { code: "Y", group: "issue", meaning: "Decision to issue an EHC plan" },
  { code: "N", group: "not_issue", meaning: "Decision not to issue an EHC plan" },
  { code: "W", group: "withdrawn", meaning: "Assessment withdrawn or ceased before a decision" },
  { code: "S", group: "issue_other_la", meaning: "Plan issued after an assessment completed by another LA" },
  { code: "", group: "pending", meaning: "Assessment ongoing (blank)" },
];

/** The group for a code, or "unmapped" when the table does not know it (a warning, never a reject). */
export function outcomeGroup<Group extends string>(
  table: readonly OutcomeCode<Group>[],
  code: string | null | undefined,
): Group | "unmapped" {
  const normalised = (code ?? "").trim().toUpperCase();
  return table.find((entry) => entry.code === normalised)?.group ?? "unmapped";
}
