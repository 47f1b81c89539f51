// Card logic: which month a card shows, changes coloured by polarity, and filters a KPI cannot honour.

import { describe, expect, it } from "vitest";
import { activeTitle, cardPeriod, cardView, type KpiMeta, type PeriodInfo } from "../../src/components/kpi-view.js";
import type { CubeRow } from "../../src/components/cube.js";
import { NO_FILTERS } from "../../src/components/cube.js";
import { formatChange, formatValue, periodLabel } from "../../src/components/format.js";

const month = (period: string, flow: PeriodInfo["flow_coverage"] = "complete"): PeriodInfo => ({
  period, period_type: "month", snapshot_covered: true, flow_coverage: flow, snapshot_date: `${period}-28`,
});
const PERIODS = [month("2023-12"), month("2024-11"), month("2024-12"), month("2025-01", "partial")];

const kpi = (overrides: Partial<KpiMeta>): KpiMeta => ({
  id: "ehcp.requests", title: "Requests", briefWording: "", definition: "", better: "lower", breakdowns: ["age_band"],
  comparator: "", source: "", grain: "flow", calendar: "monthly", measures: [{ id: "count", kind: "count", label: "Requests" }], sql: "", ...overrides,
});
const row = (period: string, value: number): CubeRow => ({
  kpi: "ehcp.requests", measure: "count", period, age_band: "All", primary_need: "All", setting: "All", sen_status: "All", phase: "All",
  value, numerator: null, denominator: null, symbol: "", coverage: "complete",
});

describe("cardView", () => {
  it("uses the newest complete month for flows and the reference date's month for snapshots", () => {
    expect(cardPeriod(kpi({ grain: "flow" }), PERIODS)).toBe("2024-12");
    expect(cardPeriod(kpi({ grain: "snapshot" }), PERIODS)).toBe("2025-01");
  });

  it("colours changes by polarity and treats an absent month as zero", () => {
    // December 2024: 10; November: 12 (fewer is better: better); December 2023: absent, i.e. 0 (more: worse).
    const view = cardView(kpi({}), [row("2024-12", 10), row("2024-11", 12)], PERIODS, NO_FILTERS);
    expect(view.headline!.display).toBe("10");
    expect(view.changes.map((c) => [c.text, c.direction])).toEqual([["−2", "better"], ["+10", "worse"]]);
    expect(activeTitle(view)).toBe("Requests: 10 in December 2024, up 10 on a year earlier, a deterioration");
  });

  it("says a filter cannot be applied instead of showing an unfiltered number", () => {
    const view = cardView(kpi({}), [row("2024-12", 10)], PERIODS, { ...NO_FILTERS, setting: "state_special" });
    expect(view.unavailableBy).toEqual(["setting"]);
    expect(view.headline).toBeUndefined();
  });

  it("shows a ratio over nothing as z, not zero", () => {
    const ratio = kpi({ measures: [{ id: "pct", kind: "ratio", unit: "pct", label: "%" }] });
    expect(cardView(ratio, [], PERIODS, NO_FILTERS).headline!.display).toBe("z");
  });

  it("calls a change that rounds to nothing no change", () => {
    const pct = kpi({ measures: [{ id: "pct", kind: "ratio", unit: "pct", label: "%" }] });
    const at = (period: string, value: number) => ({ ...row(period, value), measure: "pct", numerator: 1, denominator: 1 });
    const view = cardView(pct, [at("2024-12", 8.93), at("2024-11", 8.96), at("2023-12", 6.7)], PERIODS, NO_FILTERS);
    expect(view.changes.map((c) => [c.text, c.direction])).toEqual([["±0.0 points", "same"], ["+2.2 points", "worse"]]);
  });

  it("shows a statistic of no cases as z, and days as days", () => {
    const waits = kpi({ measures: [{ id: "average_days", kind: "stat", unit: "days", label: "Average days" }, { id: "cases", kind: "count", label: "Cases" }] });
    expect(cardView(waits, [], PERIODS, NO_FILTERS).headline!.display).toBe("z");
    const december = { ...row("2024-12", 35.25), measure: "average_days" };
    const november = { ...row("2024-11", 40), measure: "average_days" };
    const view = cardView(waits, [december, november], PERIODS, NO_FILTERS);
    expect(view.headline!.display).toBe("35.3 days");
    expect(view.changes[0]).toMatchObject({ text: "−4.8 days", direction: "better" });
  });

  it("says why a KPI whose extract is missing has no figure", () => {
    const view = cardView(kpi({ unavailable: "no children missing education register extract was read" }), [row("2024-12", 10)], PERIODS, NO_FILTERS);
    expect(view.period).toBeUndefined();
    expect(view.headline).toBeUndefined();
  });
});

describe("format", () => {
  it("writes values, changes and periods the GSS way", () => {
    expect(formatValue(36.456, "pct")).toBe("36.5%");
    expect(formatValue(3016, "count")).toBe("3,016");
    expect(formatValue(null, "count", "c")).toBe("c");
    expect(formatChange(-1.25, "pct")).toBe("−1.3 points");
    expect(formatValue(90, "days")).toBe("90 days");
    expect(formatValue(20.5, "days")).toBe("20.5 days");
    expect(periodLabel("2024-12")).toBe("December 2024");
  });
});
