// The built Placements page in headless chromium: every card shows the CLI's published figure (the duration
// KPIs' averages included), a filter by SEN status goes through DuckDB-WASM and matches
// `npm run kpis -- --by sen_status --published`, and the open CSV carries the statistics' values.
// (axe and outside requests for every page, this one included, are checked in ehcp-page.test.ts.)

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardsFromDuckDb, cardValues, cliRows, openBuiltSite, selectThroughDuckDb, shown, type BuiltSite } from "./built-site.js";
import { KPIS } from "../../loaders/kpis/registry.js";
import { cardPeriod } from "../../src/components/kpi-view.js";
import { siteMeta } from "../../loaders/node/site-data.js";

const PLACEMENTS = KPIS.filter((entry) => entry.domain === "placements");

let site: BuiltSite;
let meta: Awaited<ReturnType<typeof siteMeta>>;
const periodFor = (entry: (typeof PLACEMENTS)[number]) =>
  cardPeriod({ ...entry, breakdowns: [...entry.breakdowns], measures: [...entry.measures] as never, notes: [], sql: "" }, meta.periods)!;

beforeAll(async () => {
  meta = await siteMeta();
  site = await openBuiltSite();
});

afterAll(async () => {
  await site?.close();
});

describe("Placements page", () => {
  it("has every extract it needs in the demo data (no indicator is x)", () => {
    expect(meta.kpis.filter((kpi) => kpi.domain === "placements" && "unavailable" in kpi)).toEqual([]);
  });

  it("shows the CLI's published headline on every card, before and after DuckDB-WASM", async () => {
    const page = await site.openPage("/placements");
    await page.waitForSelector(".kpi-card .kpi-value");
    const expected: Record<string, string> = {};
    for (const entry of PLACEMENTS) {
      const rows = await cliRows(["--period", periodFor(entry), "--published"]);
      expected[entry.id] = shown(rows.find((row) => row.id === entry.id));
    }
    expect(Object.values(expected).filter((value) => value === "x")).toEqual([]);
    // The waits are statistics in days, shown as such.
    expect(expected["place.days_to_on_roll"]).toMatch(/days$/);
    expect(await cardValues(page)).toEqual(expected);
    await cardsFromDuckDb(page);
    expect(await cardValues(page)).toEqual(expected);
    await page.context().close();
  });

  it("filters by SEN status through DuckDB-WASM and matches --by sen_status --published", async () => {
    const neet = PLACEMENTS.find((entry) => entry.id === "place.neet")!;
    const rows = await cliRows(["--period", periodFor(neet), "--by", "sen_status", "--published"]);
    const target = rows.find((row) => row.id === "place.neet" && row.measure === "count" && row.breakdown?.sen_status === "sen_support");
    // A figure the filter must change, not a suppressed one that would match anything suppressed.
    expect(typeof target?.value).toBe("number");
    const page = await site.openPage("/placements");
    await selectThroughDuckDb(page, "#filter-sen_status", "sen_support");
    await page.waitForTimeout(300);
    const values = await cardValues(page);
    expect(values["place.neet"]).toBe(shown(target));
    expect(values["place.neet"]).not.toBe((await cliRows(["--period", periodFor(neet), "--published"])).find((row) => row.id === "place.neet" && row.measure === "count")!.value!.toLocaleString("en-GB"));
    // Placement shares have no SEN status breakdown (every plan is an EHC plan): the card says so.
    expect(values["place.pct_mainstream"]).toMatch(/Not available by SEN status/);
    await page.context().close();
  });

  it("offers the open CSV of every published figure, statistics included", async () => {
    const page = await site.openPage("/placements");
    const href = await page.getAttribute("a[download='placements-figures.csv']", "href");
    const response = await page.request.get(new URL(href!, page.url()).toString());
    const lines = (await response.text()).trim().split("\n");
    expect(lines[0]).toBe("kpi,measure,period,age_band,primary_need,setting,sen_status,value,numerator,denominator,symbol,coverage");
    const averages = lines.filter((line) => line.startsWith("place.days_to_on_roll,average_days,")).map((line) => line.split(","));
    expect(averages.some((fields) => Number(fields[7]) > 0)).toBe(true);
    await page.context().close();
  });
});
