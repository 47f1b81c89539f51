// The built Post-16 page in headless chromium: every card shows the CLI's published figure, filters by SEN
// status and age band go through DuckDB-WASM and match `npm run kpis -- --by ... --published`, and the open
// CSV is offered. (axe and outside requests for every page are checked in ehcp-page.test.ts.)

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardsFromDuckDb, cardValues, cliRows, openBuiltSite, selectThroughDuckDb, shown, type BuiltSite } from "./built-site.js";
import { KPIS } from "../../loaders/kpis/registry.js";
import { cardPeriod } from "../../src/components/kpi-view.js";
import { siteMeta } from "../../loaders/node/site-data.js";

const POST16 = KPIS.filter((entry) => entry.domain === "post16");

let site: BuiltSite;
let meta: Awaited<ReturnType<typeof siteMeta>>;
const periodFor = (entry: (typeof POST16)[number]) =>
  cardPeriod({ ...entry, breakdowns: [...entry.breakdowns], measures: [...entry.measures] as never, notes: [], sql: "" }, meta.periods)!;

beforeAll(async () => {
  meta = await siteMeta();
  site = await openBuiltSite();
});

afterAll(async () => {
  await site?.close();
});

describe("Post-16 page", () => {
  it("shows the CLI's published headline on every card, before and after DuckDB-WASM", async () => {
    const page = await site.openPage("/post-16");
    await page.waitForSelector(".kpi-card .kpi-value");
    const expected: Record<string, string> = {};
    for (const entry of POST16) {
      const rows = await cliRows(["--period", periodFor(entry), "--published"]);
      expected[entry.id] = shown(rows.find((row) => row.id === entry.id));
    }
    expect(Object.values(expected).filter((value) => value === "x" || value === "0")).toEqual([]);
    expect(await cardValues(page)).toEqual(expected);
    await cardsFromDuckDb(page);
    expect(await cardValues(page)).toEqual(expected);
    await page.context().close();
  });

  it("filters by SEN status and age band through DuckDB-WASM and matches --by age_band,sen_status --published", async () => {
    const education = POST16.find((entry) => entry.id === "p16.in_education")!;
    const rows = await cliRows(["--period", periodFor(education), "--by", "age_band,sen_status", "--published"]);
    const target = rows.find((row) => row.id === "p16.in_education" && row.breakdown?.sen_status === "ehc_plan" && row.breakdown?.age_band === "16-19");
    expect(target).toBeDefined();
    const page = await site.openPage("/post-16");
    await selectThroughDuckDb(page, "#filter-sen_status", "ehc_plan");
    await selectThroughDuckDb(page, "#filter-age_band", "16-19");
    await page.waitForTimeout(300);
    expect((await cardValues(page))["p16.in_education"]).toBe(shown(target));
    await page.context().close();
  });

  it("offers the open CSV of every published figure", async () => {
    const page = await site.openPage("/post-16");
    const href = await page.getAttribute("a[download='post16-figures.csv']", "href");
    const response = await page.request.get(new URL(href!, page.url()).toString());
    expect((await response.text()).split("\n")[0]).toBe("kpi,measure,period,age_band,setting,sen_status,value,numerator,denominator,symbol,coverage");
    await page.context().close();
  });
});
