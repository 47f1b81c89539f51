// Browser timings of the built site (dist/) in headless chromium, served on 127.0.0.1, each run in a fresh
// context (cold cache): time to every KPI card showing a number, time to live filters (DuckDB-WASM ready),
// filter changes to updated cards and charts, and the bytes each page transfers.

import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { launchChromium } from "../../tests/browser/chromium.js";
import { serveDirectory } from "../../tests/browser/serve.js";
import { REPO_ROOT } from "../../loaders/node/config.js";

export interface PageTimings {
  path: string;
  cardsMs: number[];
  filtersLiveMs: number[];
  filterChangeMs: number[];
  bytes: number;
  gzipBytes: number;
  biggest: { url: string; bytes: number }[];
}

const DUCKDB_FILE = /duckdb-(eh|mvp)\.[0-9a-f]+\.wasm$|duckdb-browser-(eh|mvp)\.worker\.[0-9a-f]+\.js$/;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
};
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
export { median };

/**
 * Runs in the page (as text: the TypeScript loader's helpers do not exist there). Cycles the filter
 * selects and times each change, from the change event to DuckDB's cards, the sections replaced and those
 * on screen drawn.
 */
export const FILTER_CHANGES = `async (count) => {
  const selects = [...document.querySelectorAll("form.filters select")].filter((s) => s.id !== "filter-by");
  const times = [];
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  // Read the first KPI section, so each change is timed until its charts are redrawn too.
  document.querySelector(".kpi-section")?.scrollIntoView();
  for (let i = 0; i < count; i++) {
    const select = selects[i % selects.length];
    const options = [...select.options];
    const grid = document.querySelector(".kpi-cards");
    const sections = document.querySelectorAll(".kpi-section");
    const lastSection = sections[sections.length - 1];
    select.value = options[(options.indexOf(select.selectedOptions[0]) + 1) % options.length].value;
    const start = performance.now();
    select.dispatchEvent(new Event("change", { bubbles: true }));
    for (;;) {
      await frame();
      const now = document.querySelector(".kpi-cards");
      const nowSections = document.querySelectorAll(".kpi-section");
      // Updated: new cards from DuckDB, new sections, and every section on screen drawn (the others draw as
      // they come near the viewport, or when the browser is idle).
      const onScreen = [...nowSections].filter((section) => { const box = section.getBoundingClientRect(); return box.bottom > 0 && box.top < innerHeight; });
      if (now !== grid && now && now.getAttribute("data-source") === "duckdb" && nowSections[nowSections.length - 1] !== lastSection && onScreen.every((section) => section.dataset.rendered === "true")) break;
      if (performance.now() - start > 10000) break;
    }
    times.push(performance.now() - start);
  }
  return times;
}`;

export async function benchPages(paths: readonly string[], runs: number, filterChanges: number): Promise<PageTimings[]> {
  const site = await serveDirectory(join(REPO_ROOT, "dist"));
  const browser = await launchChromium();
  const results: PageTimings[] = [];
  try {
    for (const path of paths) {
      const result: PageTimings = { path, cardsMs: [], filtersLiveMs: [], filterChangeMs: [], bytes: 0, gzipBytes: 0, biggest: [] };
      // Run 0 counts the bytes (reading and compressing every response in this process) and times the filter
      // changes; runs 1 to `runs` time the first figures and live filters without that work beside them.
      for (let run = 0; run <= runs; run++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const bodies = new Map<string, number>();
        const gzip = new Map<string, number>();
        if (run === 0) page.on("response", async (response) => {
          const url = response.url();
          if (DUCKDB_FILE.test(url) || !url.startsWith(site.url)) return;
          try {
            const body = await response.body();
            bodies.set(url, body.length);
            gzip.set(url, gzipSync(body).length);
          } catch { /* redirects have no body */ }
        });
        await page.goto(`${site.url}${path}`);
        // Every card shows its number (or says the filter cannot apply): measured from navigation start.
        await page.waitForFunction(`(() => { const cards = [...document.querySelectorAll(".kpi-card")]; return cards.length > 0 && cards.every((card) => card.querySelector(".kpi-value, [data-role=unavailable]")); })()`, undefined, { timeout: 60_000, polling: 10 });
        const cards = (await page.evaluate("performance.now()")) as number;
        // Polled every 10 ms, as the cards are: waitForSelector polls at widening intervals (up to half a
        // second), which once added 0.2-0.5 s to this figure.
        await page.waitForFunction("document.documentElement.dataset.duckdb === 'ready'", undefined, { timeout: 60_000, polling: 10 });
        const live = (await page.evaluate("performance.now()")) as number;
        if (run > 0) {
          result.cardsMs.push(cards);
          result.filtersLiveMs.push(live);
        }
        if (run === 0) {
          // Filter changes through DuckDB-WASM: from the change event to DuckDB's cards and the last section re-rendered.
          const durations = (await page.evaluate(`(${FILTER_CHANGES})(${filterChanges})`)) as number[];
          result.filterChangeMs.push(...durations);
          result.bytes = [...bodies.values()].reduce((a, b) => a + b, 0);
          result.gzipBytes = [...gzip.values()].reduce((a, b) => a + b, 0);
          result.biggest = [...bodies].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([url, bytes]) => ({ url: url.slice(site.url.length), bytes }));
        }
        await context.close();
      }
      results.push(result);
    }
  } finally {
    await browser.close();
    site.server.close();
  }
  return results;
}
