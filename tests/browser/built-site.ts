// The built dist/ served on 127.0.0.1 and a headless chromium: what every browser test starts from.

import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { join } from "node:path";
import { launchChromium } from "./chromium.js";
import { serveDirectory } from "./serve.js";
import { REPO_ROOT } from "../../loaders/node/config.js";
import { kpiRows, type KpiRow } from "../../scripts/kpis.js";
import { formatValue } from "../../src/components/format.js";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export interface BuiltSite {
  url: string;
  /** A page in a fresh context (a cold cache, and the form axe-core needs). */
  newPage(): Promise<Page>;
  /** Opens a path of the site in a fresh page, recording any request to another host. */
  openPage(path: string): Promise<Page>;
  /** Requests made so far to any host but this one. */
  outsideRequests: string[];
  close(): Promise<void>;
}

export interface SentRequest { url: string; method: string; body: string | null }

/** Records every request a page makes, for `expectNothingSent`. */
export function recordRequests(page: Page): SentRequest[] {
  const requests: SentRequest[] = [];
  page.on("request", (request) => requests.push({ url: request.url(), method: request.method(), body: request.postData() }));
  return requests;
}

/** Local files stay local: every request goes to this server (or a blob/data URL), is a GET and has no body. */
export function expectNothingSent(requests: readonly SentRequest[]): void {
  for (const request of requests) {
    expect(new URL(request.url).hostname === "127.0.0.1" || request.url.startsWith("blob:") || request.url.startsWith("data:")).toBe(true);
    expect(request.method).toBe("GET");
    expect(request.body).toBeNull();
  }
}

const cliCache = new Map<string, Promise<KpiRow[]>>();
/** `npm run kpis` rows for these arguments, computed once per test file (each run reads every extract). */
export function cliRows(argv: string[]): Promise<KpiRow[]> {
  const key = argv.join("\u0001");
  if (!cliCache.has(key)) cliCache.set(key, kpiRows(argv));
  return cliCache.get(key)!;
}

/** Text of each card's headline value, by KPI id. */
export async function cardValues(page: Page): Promise<Record<string, string>> {
  return page.$$eval(".kpi-card", (cards) =>
    Object.fromEntries(cards.map((card) => [(card as HTMLElement).dataset.kpi!, card.querySelector(".kpi-value")?.textContent ?? card.querySelector("[data-role=unavailable]")?.textContent ?? ""])),
  );
}

/**
 * Chooses `value` in the filter select `#filter-DIM` once DuckDB-WASM is ready, and waits for the cards it
 * draws for the change (the cards drawn before are marked, so only new ones count) with the page's address
 * holding the choice (a filter at "All" is left out of it).
 */
export async function selectThroughDuckDb(page: Page, selector: `#filter-${string}`, value: string): Promise<void> {
  await page.waitForSelector("html[data-duckdb=ready]", { timeout: 60_000 });
  await page.evaluate("document.querySelector('.kpi-cards').dataset.before = 'change'");
  await page.focus(selector);
  await page.selectOption(selector, value);
  await page.waitForFunction(({ dim, value }) => {
    const cards = document.querySelector(".kpi-cards");
    return cards?.getAttribute("data-source") === "duckdb" && !cards.hasAttribute("data-before") &&
      new URLSearchParams(location.search).get(dim) === (value === "All" ? null : value);
  }, { dim: selector.slice("#filter-".length), value });
}

/**
 * The current filters' cards as DuckDB-WASM answers them. When DuckDB becomes ready the page keeps the
 * precomputed figures (the same rows): so the first filter is changed and changed back.
 */
export async function cardsFromDuckDb(page: Page): Promise<void> {
  await page.waitForSelector("html[data-duckdb=ready]", { timeout: 60_000 });
  const [id, current, other] = await page.$eval("form.filters select:not(#filter-by)", (select) => {
    const element = select as HTMLSelectElement;
    return [element.id, element.value, [...element.options].find((option) => option.value !== element.value)!.value];
  });
  const selector = `#${id}` as `#filter-${string}`;
  await selectThroughDuckDb(page, selector, other);
  await selectThroughDuckDb(page, selector, current);
}

/** What a card shows for a CLI row: a missing breakdown row is a zero; a ratio over nothing is `z`. */
export function shown(row: KpiRow | undefined): string {
  if (!row) return "0";
  if (row.value === "c") return "c";
  if (row.value === null) return row.unit === "count" ? "x" : "z";
  return formatValue(row.value, row.unit as "count");
}

export async function openBuiltSite(): Promise<BuiltSite> {
  const site = await serveDirectory(join(REPO_ROOT, "dist"));
  const browser: Browser = await launchChromium();
  const outsideRequests: string[] = [];
  const newPage = async () => (await browser.newContext()).newPage();
  return {
    url: site.url,
    newPage,
    outsideRequests,
    async openPage(path: string) {
      const page = await newPage();
      page.on("request", (request) => {
        const url = new URL(request.url());
        if (!["127.0.0.1", "localhost"].includes(url.hostname) && !["blob:", "data:"].includes(url.protocol)) outsideRequests.push(request.url());
      });
      await page.goto(`${site.url}${path}`);
      return page;
    },
    close: async () => {
      await browser.close();
      site.server.close();
    },
  };
}
