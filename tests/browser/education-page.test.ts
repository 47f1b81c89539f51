// The built Education page in headless chromium: each card shows the CLI's published figure for its
// newest complete term, filters by SEN status and phase go through DuckDB-WASM and match
// `npm run kpis -- --by ... --published`, and the comparators follow the SEN status filter.
// (axe and outside requests for every page, this one included, are checked in ehcp-page.test.ts.)

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardsFromDuckDb, cardValues, cliRows, openBuiltSite, shown, type BuiltSite } from "./built-site.js";
import type { KpiRow } from "../../scripts/kpis.js";
import { KPIS } from "../../loaders/kpis/registry.js";
import { cardPeriod } from "../../src/components/kpi-view.js";
import { formatValue } from "../../src/components/format.js";
import { comparatorData, siteMeta } from "../../loaders/node/site-data.js";
import { breakdownKey } from "../../loaders/reference/breakdowns.js";

const EDUCATION = KPIS.filter((entry) => entry.domain === "education");

let site: BuiltSite;
let meta: Awaited<ReturnType<typeof siteMeta>>;
const periodFor = (entry: (typeof EDUCATION)[number]) =>
  cardPeriod({ ...entry, breakdowns: [...entry.breakdowns], measures: [...entry.measures] as never, notes: [], sql: "" }, meta.periods)!;

beforeAll(async () => {
  meta = await siteMeta();
  site = await openBuiltSite();
});

afterAll(async () => {
  await site?.close();
});

describe("Education page", () => {
  it("has school terms to show (the demo data carries school censuses)", () => {
    expect(meta.periods.filter((p) => p.period_type === "term").length).toBeGreaterThanOrEqual(3);
  });

  it("shows the CLI's published headline on every card, before and after DuckDB-WASM", async () => {
    const page = await site.openPage("/education");
    await page.waitForSelector(".kpi-card .kpi-value");
    const expected: Record<string, string> = {};
    for (const entry of EDUCATION) {
      const rows = await cliRows(["--period", periodFor(entry), "--published"]);
      expected[entry.id] = shown(rows.find((row) => row.id === entry.id));
    }
    expect(Object.values(expected).every((value) => value !== "x")).toBe(true);
    expect(await cardValues(page)).toEqual(expected);
    await cardsFromDuckDb(page);
    expect(await cardValues(page)).toEqual(expected);
    await page.context().close();
  });

  it("filters by SEN status and phase through DuckDB-WASM and matches --by sen_status,phase --published", async () => {
    const attendance = EDUCATION.find((entry) => entry.id === "edu.attendance")!;
    const rows = await cliRows(["--period", periodFor(attendance), "--by", "sen_status,phase", "--published"]);
    const target = rows.find((row: KpiRow) => row.id === "edu.attendance" && row.breakdown?.sen_status === "ehc_plan" && row.breakdown?.phase === "secondary")!;
    expect(target).toBeDefined();
    const page = await site.openPage("/education");
    await page.waitForSelector("html[data-duckdb=ready]", { timeout: 60_000 });
    // Native selects, reachable by keyboard: focus the SEN status filter and choose with the keyboard.
    await page.focus("#filter-sen_status");
    await page.selectOption("#filter-sen_status", "ehc_plan");
    await page.selectOption("#filter-phase", "secondary");
    await page.waitForFunction(() => document.querySelector(".kpi-cards")?.getAttribute("data-source") === "duckdb" && location.search.includes("phase=secondary"));
    await page.waitForTimeout(300);
    const values = await cardValues(page);
    expect(values["edu.attendance"]).toBe(shown(target));
    // Top-up funding has no SEN status breakdown (every pupil counted is on SEN support): it says so.
    expect(values["edu.top_up_funding"]).toMatch(/Not available by SEN status/);
    await page.context().close();
  });

  it("shows the published West Midlands comparators for the chosen SEN status", async () => {
    const published = await comparatorData();
    const key = breakdownKey({ sen_status: "ehc_plan" });
    const latest = published.summaries.filter((s) => s.kpi === "edu.attendance" && s.measure === "pct" && s.breakdown === key).sort((a, b) => a.period.localeCompare(b.period)).at(-1);
    expect(latest, "the committed comparator table holds West Midlands attendance by SEN status").toBeDefined();
    const page = await site.openPage("/education?sen_status=ehc_plan");
    await page.waitForSelector(".comparators[data-kpi='edu.attendance'] table");
    const firstRow = await page.$eval(".comparators[data-kpi='edu.attendance'] table tbody tr", (tr) => Array.from(tr.children).map((cell) => cell.textContent ?? ""));
    expect(firstRow.slice(1, 4)).toEqual([latest!.period_label, formatValue(latest!.home!.value, "pct"), "x"]);
    const card = await page.textContent(".kpi-card[data-kpi='edu.attendance'] .kpi-comparison");
    expect(card).toContain("EHC plan");
    expect(card).toContain(latest!.period_label);
    await page.context().close();
  });

  it("offers the open CSV of every published figure", async () => {
    const page = await site.openPage("/education");
    const href = await page.getAttribute("a[download='education-figures.csv']", "href");
    const response = await page.request.get(new URL(href!, page.url()).toString());
    const header = (await response.text()).split("\n")[0];
    expect(header).toBe("kpi,measure,period,primary_need,sen_status,phase,value,numerator,denominator,symbol,coverage");
    await page.context().close();
  });
});
