// The one list of setting categories every page uses, and how a SEN2 placement maps onto it
// (by URN/UKPRN through the GIAS lookup, else by SEN2 setting code). Grouped so DfE's published
// mainstream_total / special_total / ap_pru_total / fe_total can be rebuilt from it.

import type { Establishment } from "../sources/establishments.js";

export const SETTING_CATEGORIES = [
  { id: "state_mainstream", label: "State-funded mainstream (incl. resourced provision and SEN units)" },
  { id: "independent_mainstream", label: "Independent mainstream" },
  { id: "state_special", label: "State-funded special" },
  { id: "independent_special", label: "Independent or non-maintained special" },
  { id: "ap_pru", label: "Alternative provision or PRU" },
  { id: "fe_post16", label: "FE and post-16" },
  // Post-16 activity (config/post16-activity-codes.csv) names these too; SEN2 placements never do.
  { id: "school_sixth_form", label: "School sixth form" },
  { id: "specialist_post16", label: "Specialist post-16 institution" },
  { id: "higher_education", label: "Higher education" },
  { id: "other_education", label: "Other education" },
  { id: "early_years", label: "Early years" },
  { id: "ehe", label: "Elective home education" },
  { id: "eotas", label: "EOTAS (LA arrangements, s61)" },
  { id: "other_arrangements", label: "Other arrangements" },
  { id: "neet", label: "NEET or not in education" },
  { id: "unknown", label: "Other or unknown" },
] as const;

export type SettingCategory = (typeof SETTING_CATEGORIES)[number]["id"];

/** SEN2 setting codes used where there is no URN or UKPRN. */
const SEN_SETTING_CATEGORY: Record<string, SettingCategory> = {
  OLA: "eotas",
  OPA: "other_arrangements",
  EHE: "ehe",
  EYP: "early_years",
  OTH: "other_arrangements",
  NEET: "neet",
  NIEC: "neet",
  NIEO: "neet",
};

/** GIAS establishment type -> category; the type group decides where a type is not listed. */
const TYPE_CATEGORY: Record<string, SettingCategory> = {
  "community special school": "state_special",
  "foundation special school": "state_special",
  "academy special converter": "state_special",
  "academy special sponsor led": "state_special",
  "free schools special": "state_special",
  "non-maintained special school": "independent_special",
  "other independent special school": "independent_special",
  "other independent school": "independent_mainstream",
  "pupil referral unit": "ap_pru",
  "academy alternative provision converter": "ap_pru",
  "academy alternative provision sponsor led": "ap_pru",
  "free schools alternative provision": "ap_pru",
  "further education": "fe_post16",
  "sixth form centres": "fe_post16",
  "special post 16 institution": "fe_post16",
  "academy 16-19 converter": "fe_post16",
  "academy 16 to 19 sponsor led": "fe_post16",
  "free schools 16 to 19": "fe_post16",
  "higher education institutions": "fe_post16",
  "online provider": "other_arrangements",
};

const TYPE_GROUP_CATEGORY: Record<string, SettingCategory> = {
  "local authority maintained schools": "state_mainstream",
  academies: "state_mainstream",
  "free schools": "state_mainstream",
  "independent schools": "independent_mainstream",
  "special schools": "state_special",
  colleges: "fe_post16",
  universities: "fe_post16",
};

export function establishmentCategory(establishment: Establishment): SettingCategory {
  // Asked once per placement (millions in a national run) of a few thousand establishments: kept per establishment.
  let category = CATEGORY_OF.get(establishment);
  if (category === undefined) {
    category = TYPE_CATEGORY[establishment.type.trim().toLowerCase()] ?? TYPE_GROUP_CATEGORY[establishment.typeGroup.trim().toLowerCase()] ?? "unknown";
    CATEGORY_OF.set(establishment, category);
  }
  return category;
}

const CATEGORY_OF = new WeakMap<Establishment, SettingCategory>();

export interface ResolvedSetting {
  category: SettingCategory;
  /** Three-digit LA code of the establishment, when known. */
  laCode: string | null;
  /** The URN/UKPRN given was not found in the establishments lookup. */
  unmatched: boolean;
}

export function resolveSetting(
  placement: { urn: string | null; ukprn: string | null; senSetting: string | null },
  lookup: { byUrn: Map<string, Establishment>; byUkprn: Map<string, Establishment> },
): ResolvedSetting {
  const establishment =
    (placement.urn ? lookup.byUrn.get(placement.urn) : undefined) ??
    (placement.ukprn ? lookup.byUkprn.get(placement.ukprn) : undefined);
  if (establishment) return { category: establishmentCategory(establishment), laCode: establishment.laCode, unmatched: false };
  if (placement.senSetting) return { category: SEN_SETTING_CATEGORY[placement.senSetting] ?? "unknown", laCode: null, unmatched: false };
  return { category: "unknown", laCode: null, unmatched: Boolean(placement.urn || placement.ukprn) };
}
