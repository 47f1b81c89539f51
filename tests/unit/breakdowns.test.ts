// Published breakdown labels become the pages' filter keys: the loader and the browser must agree.

import { describe, expect, it } from "vitest";
import { breakdownKey as loaderKey, normaliseBreakdown } from "../../loaders/reference/breakdowns.js";
import { breakdownKey as pageKey } from "../../src/components/cube.js";

describe("published breakdowns", () => {
  it("map DfE and West Midlands labels onto the dashboard's category ids, dropping totals", () => {
    expect(normaliseBreakdown("sen_status=EHC plan; phase=Total")).toBe("sen_status=ehc_plan");
    expect(normaliseBreakdown("sen_status=SEN support; phase=State-funded primary")).toBe("sen_status=sen_support; phase=primary");
    expect(normaliseBreakdown("phase=Special; sen_status=No SEN")).toBe("sen_status=no_sen; phase=special");
    expect(normaliseBreakdown("")).toBe("");
    // An unknown label is kept as written, so it never matches a filter by accident.
    expect(normaliseBreakdown("sen_status=Unclassified")).toBe("sen_status=Unclassified");
  });

  it("give the same key in the loader and in the browser", () => {
    const filters = { age_band: "All", sen_status: "ehc_plan", phase: "primary", primary_need: "All" };
    expect(pageKey(filters)).toBe(loaderKey(filters));
    expect(pageKey(filters)).toBe("sen_status=ehc_plan; phase=primary");
  });
});
