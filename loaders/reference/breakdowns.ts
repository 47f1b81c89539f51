// Published breakdown labels ("sen_status=EHC plan; phase=State-funded primary") in the dashboard's own
// category ids ("sen_status=ehc_plan; phase=primary"), so a page can find the published figure for its
// filters. A total ("phase=Total") is the dimension rolled up and is dropped from the key.

import { DIMENSIONS, type Dimension } from "../kpis/types.js";

const CATEGORY_IDS: Partial<Record<Dimension, Record<string, string | null>>> = {
  sen_status: { "ehc plan": "ehc_plan", "ehcp": "ehc_plan", "sen support": "sen_support", "no sen": "no_sen", "no identified sen": "no_sen", total: null, "all pupils": null },
  phase: {
    primary: "primary", "state-funded primary": "primary",
    secondary: "secondary", "state-funded secondary": "secondary",
    special: "special", "state-funded special": "special",
    "alternative provision": "alternative_provision", "pupil referral unit": "alternative_provision",
    total: null, "all schools": null,
  },
};

/** The key a page builds from its filters: "dim=id" for each filtered dimension, in DIMENSIONS order, "; "-joined. */
export function breakdownKey(filters: Partial<Record<Dimension, string>>): string {
  return DIMENSIONS.filter((dim) => filters[dim] && filters[dim] !== "All").map((dim) => `${dim}=${filters[dim]}`).join("; ");
}

/** A published breakdown as a page key; labels with no known id are kept as written (and so never match a filter). */
export function normaliseBreakdown(breakdown: string): string {
  if (breakdown.trim() === "") return "";
  const filters: Partial<Record<Dimension, string>> = {};
  const unknown: string[] = [];
  for (const part of breakdown.split(";")) {
    const [name, ...rest] = part.split("=");
    const dim = name!.trim() as Dimension;
    const label = rest.join("=").trim();
    const ids = CATEGORY_IDS[dim];
    const id = ids ? ids[label.toLowerCase()] : undefined;
    if (id === null) continue;
    if (id === undefined) unknown.push(part.trim());
    else filters[dim] = id;
  }
  return [breakdownKey(filters), ...unknown].filter(Boolean).join("; ");
}
