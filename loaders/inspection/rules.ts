// The Annex A list validation rules: the rule set local authority analysts use (data-to-insight's
// rules.xlsx, codes 1xx for List 1 and 2xx for List 2) plus the format checks of the Annex A guidance
// (codes Axx). Where rules.xlsx gives no severity, the one chosen here is documented in docs/inspection.md.

import type { ListNumber } from "./annex-a.js";

export type Severity = "error" | "query";

export interface RuleSpec {
  code: string;
  lists: readonly ListNumber[];
  /** "not applicable" rules are listed with the reason and never fire. */
  severity: Severity | "not applicable";
  description: string;
  source: "rules.xlsx" | "Annex A guidance";
  /** Why a rule is not applicable, or why its severity was chosen. */
  note?: string;
}

export const RULES: readonly RuleSpec[] = [
  { code: "101a", lists: [1], severity: "error", description: "Missing personal information: date of birth", source: "rules.xlsx" },
  { code: "101b", lists: [1], severity: "error", description: "Missing personal information: gender", source: "rules.xlsx" },
  { code: "101c", lists: [1], severity: "error", description: "Missing personal information: ethnicity", source: "rules.xlsx" },
  { code: "101d", lists: [1], severity: "error", description: "Missing personal information: SEN primary need", source: "rules.xlsx" },
  { code: "102a", lists: [1], severity: "query", description: "Age is 25 at the list date", source: "rules.xlsx" },
  { code: "102b", lists: [1], severity: "error", description: "Age is 26 or more at the list date", source: "rules.xlsx" },
  { code: "103", lists: [1], severity: "query", description: "No disability status given", source: "rules.xlsx", note: "A query: Annex A asks for it, but many areas hold no disability record yet." },
  { code: "104", lists: [1], severity: "not applicable", description: "No case-worker given", source: "rules.xlsx", note: "Annex A has no case-worker column (rules.xlsx: 'Not in standard data')." },
  { code: "105a", lists: [1], severity: "query", description: "Date of birth is in the future", source: "rules.xlsx" },
  { code: "105b", lists: [1], severity: "query", description: "Date initial EHC plan issued is in the future", source: "rules.xlsx" },
  { code: "105c", lists: [1], severity: "query", description: "Date updated EHC plan issued is in the future", source: "rules.xlsx" },
  { code: "105d", lists: [1], severity: "query", description: "Date EHC plan last reviewed is in the future", source: "rules.xlsx" },
  { code: "106a", lists: [1], severity: "error", description: "Initial EHC plan date is after the updated plan date", source: "rules.xlsx", note: "An error: a plan cannot be updated before it is issued." },
  { code: "106b", lists: [1], severity: "error", description: "Initial EHC plan date is after the last review date", source: "rules.xlsx", note: "An error: a plan cannot be reviewed before it is issued." },
  { code: "107", lists: [1], severity: "error", description: "Aged 6 or over with neither a UPN, a ULN nor an 'unknown' code", source: "rules.xlsx", note: "An error: inspectors match records by UPN or ULN." },
  { code: "108a", lists: [1], severity: "error", description: "School age (5-16) with no main or subsidiary education establishment (elective home education excepted)", source: "rules.xlsx", note: "An error; a child in elective home education has no establishment by design." },
  { code: "108b", lists: [1], severity: "query", description: "School age (5-16) with a subsidiary but no main education establishment", source: "rules.xlsx" },
  { code: "109", lists: [1], severity: "error", description: "Duplicated UPN", source: "rules.xlsx", note: "An error: the return needs one row per child, with the most recent initial plan." },
  { code: "112", lists: [1], severity: "not applicable", description: "Date of death given", source: "rules.xlsx", note: "Annex A has no date of death column (rules.xlsx: 'Not in standard data')." },
  { code: "201a", lists: [2], severity: "error", description: "Missing personal information: date of birth", source: "rules.xlsx" },
  { code: "201b", lists: [2], severity: "error", description: "Missing personal information: gender", source: "rules.xlsx" },
  { code: "201c", lists: [2], severity: "error", description: "Missing personal information: ethnicity", source: "rules.xlsx" },
  { code: "201d", lists: [2], severity: "error", description: "Missing personal information: SEN primary need", source: "rules.xlsx" },
  { code: "202a", lists: [2], severity: "query", description: "Age is 25 at the list date", source: "rules.xlsx" },
  { code: "202b", lists: [2], severity: "error", description: "Age is 26 or more at the list date", source: "rules.xlsx" },
  { code: "203", lists: [2], severity: "query", description: "No disability status given", source: "rules.xlsx", note: "As 103." },
  { code: "205a", lists: [2], severity: "query", description: "Date of birth is in the future", source: "rules.xlsx" },
  { code: "207", lists: [2], severity: "error", description: "Aged 6 or over with neither a UPN, a ULN nor an 'unknown' code", source: "rules.xlsx" },
  { code: "208a", lists: [2], severity: "error", description: "School age (5-16) with no main or subsidiary education establishment", source: "rules.xlsx" },
  {
    code: "208b", lists: [2], severity: "query", description: "School age (5-16) with a subsidiary but no main education establishment", source: "rules.xlsx",
    note: "rules.xlsx words 208b as 'a main but no subsidiary establishment', which is every singly registered pupil; it is checked as List 1's 108b, the evident intent.",
  },
  { code: "209", lists: [2], severity: "error", description: "Duplicated UPN", source: "rules.xlsx" },
  { code: "A01", lists: [1, 2], severity: "error", description: "A date that cannot be read (DD/MM/YYYY expected)", source: "Annex A guidance" },
  { code: "A02", lists: [1, 2], severity: "query", description: "A two-digit year, read in the latest century that does not put it after the list date", source: "Annex A guidance" },
  { code: "A03", lists: [1, 2], severity: "error", description: "A code outside its list (gender, ethnicity, primary need, phase) or a URN that is not six or seven digits", source: "Annex A guidance" },
  { code: "A04", lists: [1, 2], severity: "error", description: "A Yes/No column holding something else", source: "Annex A guidance" },
  { code: "A05", lists: [1, 2], severity: "error", description: "A count or percentage that is not a number in range", source: "Annex A guidance" },
  { code: "A06", lists: [1, 2], severity: "error", description: "A column of the template is missing", source: "Annex A guidance" },
  { code: "A07", lists: [1, 2], severity: "query", description: "A header that differs from the template's (a typo), matched to the nearest template column", source: "Annex A guidance" },
  { code: "A08", lists: [1, 2], severity: "query", description: "A UPN that is not 13 characters with a valid check letter", source: "Annex A guidance" },
  { code: "A09", lists: [1, 2], severity: "error", description: "No unique ID", source: "Annex A guidance" },
];

export const RULE_BY_CODE: ReadonlyMap<string, RuleSpec> = new Map(RULES.map((rule) => [rule.code, rule]));

/** The List 2 equivalent of a List 1 rule code (101a -> 201a); the A rules are shared. */
export const ruleFor = (list: ListNumber, listOneCode: string): string => (list === 1 || listOneCode.startsWith("A") ? listOneCode : `2${listOneCode.slice(1)}`);
