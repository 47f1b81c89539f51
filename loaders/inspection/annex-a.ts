// The Annex A person-level lists (Area SEND inspection framework, 2023/24 column set) in one place: a new
// template version is a change here. List 2 is List 1 without the three EHC plan dates and elective home
// education. See ../shared/spec/annex-a-lists.md and docs/inspection.md.

import type { Establishment } from "../sources/establishments.js";
import { establishmentCategory } from "../model/settings.js";

export const ANNEX_A_VERSION = "Area SEND person-level lists, 2023/24 column set";

export type ListNumber = 1 | 2;
export type ColumnKind = "id" | "text" | "date" | "code" | "count" | "percent" | "yesno";

export interface AnnexAColumn {
  key: string;
  header: string;
  kind: ColumnKind;
  lists: readonly ListNumber[];
  /** Where the tool takes it from; "none" columns are left blank and reported, never invented. */
  source: string;
}

const BOTH: readonly ListNumber[] = [1, 2];
const LIST1: readonly ListNumber[] = [1];

export const ANNEX_A_COLUMNS: readonly AnnexAColumn[] = [
  { key: "unique_id", header: "Unique ID", kind: "id", lists: BOTH, source: "the LA's person id (SEN2 NativeId) where present, else the SEN2 person table id; List 2 pupils with no SEN2 record: their UPN" },
  { key: "upn", header: "UPN", kind: "id", lists: BOTH, source: "SEN2 person, else the school census" },
  { key: "uln", header: "ULN", kind: "id", lists: BOTH, source: "SEN2 person" },
  { key: "birth_date", header: "Date of birth", kind: "date", lists: BOTH, source: "SEN2 person, else the school census" },
  { key: "gender", header: "Gender", kind: "code", lists: BOTH, source: "SEN2 person, else the school census" },
  { key: "ethnicity", header: "Ethnicity", kind: "code", lists: BOTH, source: "SEN2 person, else the school census" },
  { key: "initial_plan_date", header: "Date initial EHC plan issued", kind: "date", lists: LIST1, source: "SEN2: the start date of the child's first EHC plan in the exports" },
  { key: "updated_plan_date", header: "Date updated EHC plan issued", kind: "date", lists: LIST1, source: "none: SEN2 does not record amended plans (needs annual review data)" },
  { key: "last_review_date", header: "Date EHC plan last reviewed", kind: "date", lists: LIST1, source: "SEN2 activeplans lastreview" },
  { key: "primary_need", header: "SEN primary need", kind: "code", lists: BOTH, source: "SEN2 rank-1 need (List 1); the school census primary need (List 2)" },
  { key: "main_urn", header: "Main education establishment – URN", kind: "code", lists: BOTH, source: "the school census main registration (C, M or F), else the SEN2 rank-1 placement" },
  { key: "main_phase", header: "Main education establishment – phase", kind: "code", lists: BOTH, source: "GIAS, by the main establishment's URN" },
  { key: "subsidiary_phase", header: "Subsidiary education establishment – phase (dual registration)", kind: "code", lists: BOTH, source: "GIAS, by the URN of the school census subsidiary registration (S)" },
  { key: "ehe", header: "Elective home education", kind: "yesno", lists: LIST1, source: "Elective home education register on the list date, else SEN2 placement setting EHE" },
  { key: "suspensions", header: "Suspensions", kind: "count", lists: BOTH, source: "exclusions extract: suspensions starting in the 6 months to the list date" },
  { key: "permanent_exclusions", header: "Permanent exclusions", kind: "count", lists: BOTH, source: "exclusions extract: permanent exclusions in the 6 months to the list date" },
  { key: "absence", header: "Absence", kind: "percent", lists: BOTH, source: "school census sessions: % of possible sessions missed in the terms whose census falls in the 6 months to the list date" },
  { key: "pupil_premium", header: "Pupil Premium", kind: "yesno", lists: BOTH, source: "the latest school census" },
  { key: "known_to_social_care", header: "Known to children's social care?", kind: "yesno", lists: BOTH, source: "none: no children's social care extract is read yet" },
  { key: "social_care_team", header: "Which children's social care team?", kind: "text", lists: BOTH, source: "none: no children's social care extract is read yet" },
  { key: "disability", header: "Does the child or young person have a disability?", kind: "yesno", lists: BOTH, source: "none: no source records disability" },
];

export const listColumns = (list: ListNumber): AnnexAColumn[] => ANNEX_A_COLUMNS.filter((column) => column.lists.includes(list));

/** Annex A's phase names. */
export const ANNEX_A_PHASES = ["Nursery", "Primary", "Middle (deemed primary)", "Middle (deemed secondary)", "Secondary", "All-through", "Special", "PRU/AP", "FE college"] as const;

const GIAS_PHASES: Record<string, (typeof ANNEX_A_PHASES)[number]> = {
  nursery: "Nursery",
  primary: "Primary",
  "middle deemed primary": "Middle (deemed primary)",
  "middle deemed secondary": "Middle (deemed secondary)",
  secondary: "Secondary",
  "all-through": "All-through",
  "16 plus": "FE college",
};

/** An establishment's Annex A phase: special, AP and FE by type; otherwise its GIAS phase; else blank. */
export function annexAPhase(establishment: Establishment): string | null {
  const category = establishmentCategory(establishment);
  if (category === "state_special" || category === "independent_special") return "Special";
  if (category === "ap_pru") return "PRU/AP";
  if (category === "fe_post16") return "FE college";
  return GIAS_PHASES[establishment.phase.trim().toLowerCase()] ?? null;
}
