// The built EHCP page in headless chromium: the cards show the CLI's numbers, combined filters match
// `npm run kpis -- --by ... --published`, no request leaves 127.0.0.1, and axe finds nothing.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { cardsFromDuckDb, cardValues, cliRows, openBuiltSite, selectThroughDuckDb, shown, WCAG_TAGS, type BuiltSite } from "./built-site.js";
import type { KpiRow } from "../../scripts/kpis.js";
import { KPIS } from "../../loaders/kpis/registry.js";
import { formatValue } from "../../src/components/format.js";
import { cardPeriod } from "../../src/components/kpi-view.js";
import { comparatorData, siteMeta } from "../../loaders/node/site-data.js";

const EHCP = KPIS.filter((entry) => entry.domain === "ehcp");

let site: BuiltSite;
let meta: Awaited<ReturnType<typeof siteMeta>>;
const openPage = (path: string) => site.openPage(path);
const headline = (rows: KpiRow[], id: string) => rows.find((row) => row.id === id)!;

beforeAll(async () => {
  meta = await siteMeta();
  site = await openBuiltSite();
});

afterAll(async () => {
  await site?.close();
});

describe("EHCP page", () => {
  it("shows the CLI's headline numbers on every card before and after DuckDB-WASM", async () => {
    const page = await openPage("/ehcp");
    await page.waitForSelector(".kpi-card .kpi-value");
    const expected: Record<string, string> = {};
    for (const entry of EHCP) {
      const period = cardPeriod({ ...entry, breakdowns: [...entry.breakdowns], measures: [...entry.measures] as never, notes: [], sql: "" }, meta.periods)!;
      const rows = await cliRows(["--period", period, "--published"]);
      expected[entry.id] = shown(headline(rows, entry.id));
    }
    expect(await cardValues(page)).toEqual(expected);
    await cardsFromDuckDb(page);
    expect(await cardValues(page)).toEqual(expected);
    await page.context().close();
  });

  it("is not redrawn when DuckDB-WASM becomes ready: the figures shown are already its answer", async () => {
    const page = await openPage("/ehcp");
    await page.waitForSelector(".kpi-card .kpi-value");
    await page.waitForSelector(".kpi-section");
    // Marked before DuckDB is ready (its binary takes over a second to compile): a redraw would replace them.
    expect(await page.evaluate("document.documentElement.dataset.duckdb ?? 'starting'")).toBe("starting");
    await page.evaluate("document.querySelector('.kpi-cards').dataset.mark = 'first'; document.querySelector('.kpi-section').dataset.mark = 'first'");
    await page.waitForSelector("html[data-duckdb=ready]", { timeout: 60_000 });
    await page.waitForTimeout(500);
    expect(await page.$$eval("[data-mark=first]", (marked) => marked.length)).toBe(2);
    expect(await page.getAttribute(".kpi-cards", "data-source")).toBe("precomputed");
    await page.context().close();
  });

  it("draws the cards once per filter change", async () => {
    const page = await openPage("/ehcp");
    await page.waitForSelector("html[data-duckdb=ready]", { timeout: 60_000 });
    // Counts the card grids added to the page from here on.
    await page.evaluate(`window.cardGrids = 0; new MutationObserver((records) => { for (const record of records) for (const node of record.addedNodes) if (node.classList?.contains("kpi-cards")) window.cardGrids++; }).observe(document.body, { childList: true, subtree: true })`);
    // As a browser fires them for a reader's choice: "input", then "change" after other work has run (here
    // long enough for a redraw, which the input event alone must not cause).
    await page.evaluate(`(async () => {
      const select = document.querySelector("#filter-setting");
      select.selectedIndex = 1;
      select.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      select.dispatchEvent(new Event("change", { bubbles: true }));
    })()`);
    await page.waitForFunction(() => document.querySelector(".kpi-cards")?.getAttribute("data-source") === "duckdb" && location.search.includes("setting="));
    await page.waitForTimeout(500);
    expect(await page.evaluate("window.cardGrids")).toBe(1);
    await page.context().close();
  });

  it("applies combined filters through DuckDB-WASM and matches --by ... --published", async () => {
    const page = await openPage("/ehcp");
    await page.waitForSelector("html[data-duckdb=ready]", { timeout: 60_000 });
    // Keyboard-reachable native selects: pick an age band and a setting that exist in the data.
    const snapshotPeriod = meta.periods.filter((p) => p.period_type === "month" && p.snapshot_covered).at(-1)!.period;
    const byAgeSetting = await cliRows(["--period", snapshotPeriod, "--by", "age_band,setting", "--published"]);
    const target = byAgeSetting
      .filter((row) => row.id === "ehcp.active_plans")
      .sort((a, b) => (typeof b.value === "number" ? b.value : -1) - (typeof a.value === "number" ? a.value : -1))[0]!;
    await selectThroughDuckDb(page, "#filter-age_band", target.breakdown!.age_band!);
    await selectThroughDuckDb(page, "#filter-setting", target.breakdown!.setting!);
    await page.waitForTimeout(300);
    const values = await cardValues(page);
    expect(values["ehcp.active_plans"]).toBe(shown(target));
    // KPIs without a setting breakdown say so instead of showing an unfiltered number.
    expect(values["ehcp.requests"]).toMatch(/Not available by setting/);
    // The URL holds the state: reloading reproduces the same view.
    const url = page.url();
    const again = await openPage(new URL(url).pathname + new URL(url).search);
    await again.waitForSelector("html[data-duckdb=ready]", { timeout: 60_000 });
    await again.waitForSelector(".kpi-card .kpi-value");
    expect((await cardValues(again))["ehcp.active_plans"]).toBe(shown(target));
    await again.context().close();
    await page.context().close();
  });

  it("filters by age band alone for the request-stage KPIs", async () => {
    const page = await openPage("/ehcp?age_band=11-15");
    await cardsFromDuckDb(page);
    const entry = EHCP.find((e) => e.id === "ehcp.requests")!;
    const period = cardPeriod({ ...entry, breakdowns: [...entry.breakdowns], measures: [...entry.measures] as never, notes: [], sql: "" }, meta.periods)!;
    const rows = await cliRows(["--period", period, "--by", "age_band", "--published"]);
    const row = rows.find((r) => r.id === "ehcp.requests" && r.breakdown?.age_band === "11-15");
    expect((await cardValues(page))["ehcp.requests"]).toBe(shown(row));
    await page.context().close();
  });
});

describe("published comparators", () => {
  it("shows England, the region, similar areas and rank beside the EHCP KPIs", async () => {
    const published = await comparatorData();
    const page = await openPage("/ehcp");
    // Once DuckDB is ready: the sections are not redrawn under the reading (it draws after a filter change).
    await page.waitForSelector("html[data-duckdb=ready]", { timeout: 60_000 });
    await page.waitForSelector(".comparators[data-kpi='ehcp.issued_20_weeks'] table");
    const rows = await page.$$eval(".comparators[data-kpi='ehcp.issued_20_weeks'] table tbody tr", (trs) =>
      trs.map((tr) => Array.from(tr.children).map((cell) => cell.textContent ?? "")));
    const latest = published.summaries.filter((s) => s.kpi === "ehcp.issued_20_weeks" && s.measure === "pct_excl_exceptions").at(-1)!;
    const expected = [
      latest.period_label,
      `${formatValue(latest.home!.value, "pct")} (${latest.home!.numerator} of ${latest.home!.denominator})`,
      formatValue(latest.england!.value, "pct"),
    ];
    expect(rows[0]!.slice(1, 4)).toEqual(expected);
    expect(rows[0]![6]).toBe(`${latest.rank!.position} of ${latest.rank!.of}`);
    // The card says the same, with its published period.
    const card = await page.textContent(".kpi-card[data-kpi='ehcp.issued_20_weeks'] .kpi-comparison");
    expect(card).toContain(`England ${formatValue(latest.england!.value, "pct")}`);
    expect(card).toContain(latest.period_label);
    // A filter the published figures do not depend on redraws the section around the same comparator table.
    const before = await page.$$eval(".comparators[data-kpi='ehcp.issued_20_weeks'] table tbody tr", (trs) => trs.map((tr) => tr.textContent));
    await page.evaluate(() => document.querySelectorAll(".kpi-section").forEach((section) => section.setAttribute("data-before", "true")));
    await page.selectOption("#filter-by", "age_band");
    const section = "#ehcp-issued_20_weeks:not([data-before])";
    await page.waitForSelector(section);
    await page.evaluate((selector) => document.querySelector(selector)!.scrollIntoView(), section);
    await page.waitForSelector(`${section}[data-rendered] .comparators table`);
    expect(await page.$$eval(`${section} .comparators table tbody tr`, (trs) => trs.map((tr) => tr.textContent))).toEqual(before);
    // Its CSV is made when first used, and holds the table.
    const link = `${section} .comparators a.csv-download`;
    expect(await page.getAttribute(link, "href")).toBe("#");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(link)]);
    const csv = await new Promise<string>((resolve, reject) => {
      download.createReadStream().then((stream) => {
        let text = "";
        stream.on("data", (chunk: Buffer) => { text += chunk.toString("utf-8"); });
        stream.on("end", () => resolve(text));
        stream.on("error", reject);
      }, reject);
    });
    expect(csv.split("\n")).toHaveLength(rows.length + 2);
    expect(csv.split("\n")[1]).toContain(latest.period_label);
    await page.context().close();
  });
});

describe("every page", () => {
  for (const path of ["/", "/ehcp", "/ehcp?primary_need=ASD&by=setting", "/education", "/education?sen_status=ehc_plan&by=phase", "/placements", "/placements?sen_status=sen_support&by=age_band", "/post-16", "/inspection", "/evidence", "/comparators", "/data-quality", "/analyst", "/methodology"]) {
    it(`${path} has no axe violations (WCAG 2.2 AA)`, async () => {
      const page = await openPage(path);
      await page.waitForLoadState("networkidle");
      if (["/ehcp", "/education", "/placements", "/post-16"].some((domain) => path.startsWith(domain))) await page.waitForSelector("html[data-duckdb=ready]", { timeout: 60_000 });
      // Sections draw their charts when near the viewport or when the browser is idle: wait for every one.
      await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>(".kpi-section")].every((section) => section.dataset.rendered === "true"), undefined, { timeout: 60_000 });
      // Open every table so axe checks them too.
      await page.$$eval("details", (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      // Closed tables are built when opened (on the toggle event): let them render.
      await page.waitForTimeout(500);
      const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
      await page.context().close();
    });
  }

  it("made no request to any other host", () => {
    expect(site.outsideRequests).toEqual([]);
  });
});
