// The inspection page in headless chromium: the demo extracts chosen from disk give, in the browser, exactly
// the lists `npm run lists` writes (byte for byte), a hand-made list is checked with the CLI's result, and
// nothing is sent anywhere (every request stays on 127.0.0.1, none carries a body).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { expectNothingSent, openBuiltSite, recordRequests, type BuiltSite } from "./built-site.js";
import { DEMO_DATA_DIR } from "../../loaders/node/config.js";
import { writeLists, validateFile } from "../../scripts/lists.js";

let site: BuiltSite;
let cliOut: string;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : /\.(csv|xlsx)$/.test(entry.name) && entry.name !== "deliberate-problems.csv" ? [join(dir, entry.name)] : []);
}

async function download(page: Page, name: string): Promise<string> {
  // Long tables start closed; their CSV link sits inside.
  await page.$$eval("details", (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(`a[download='${name}']`)]);
  return readFileSync((await file.path())!, "utf-8");
}

beforeAll(async () => {
  cliOut = mkdtempSync(join(tmpdir(), "lists-cli-"));
  await writeLists(["--data", DEMO_DATA_DIR, "--out", cliOut]);
  site = await openBuiltSite();
});

afterAll(async () => {
  await site?.close();
});

describe("inspection page", () => {
  it("builds the same lists in the browser as the CLI, from files chosen on this computer, sending nothing", async () => {
    const page = await site.newPage();
    const requests = recordRequests(page);
    await page.goto(`${site.url}/inspection`);
    await page.setInputFiles("#list-files", files(DEMO_DATA_DIR));
    await page.waitForSelector("[data-role=lists-built]", { timeout: 120_000 });
    expect(await page.textContent("[data-role=lists-built]")).toMatch(/List 1 has \d+ rows, List 2 has \d+ rows/);
    expect(await download(page, "list-1.csv")).toBe(readFileSync(join(cliOut, "list-1.csv"), "utf-8"));
    expect(await download(page, "list-2.csv")).toBe(readFileSync(join(cliOut, "list-2.csv"), "utf-8"));
    // The case sample for the default seed is the CLI's too.
    const sampleIds = await page.$$eval("table", (tables) => {
      const table = tables.find((t) => t.querySelector("caption")?.textContent?.startsWith("Case-tracking sample"))!;
      return Array.from(table.querySelectorAll("tbody tr")).map((tr) => tr.children[2]!.textContent);
    });
    const cliSample = readFileSync(join(cliOut, "case-sample.csv"), "utf-8").trim().split(/\r?\n/).slice(1).map((line) => line.split(",")[2]);
    expect(sampleIds).toEqual(cliSample);
    expectNothingSent(requests);
    await page.context().close();
  });

  it("checks a hand-made list as the CLI does and offers the annotated list", async () => {
    // The CLI's own List 2 with a broken row: a bad primary need and an unreadable date.
    const broken = readFileSync(join(cliOut, "list-2.csv"), "utf-8").split("\r\n");
    const cells = broken[1]!.split(",");
    cells[3] = "31/02/2014";
    cells[6] = "H5";
    broken[1] = cells.join(",");
    const file = join(cliOut, "hand-made-list-2.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(file, broken.join("\r\n"));
    const cli = validateFile(["validate", file, "--date", "2025-01-16"]);
    const page = await site.newPage();
    await page.goto(`${site.url}/inspection`);
    await page.fill("#check-date", "2025-01-16");
    await page.setInputFiles("#check-file", file);
    await page.waitForSelector("[data-role=list-checked]", { timeout: 60_000 });
    const problems = await download(page, "hand-made-list-problems.csv");
    expect(problems.trim().split("\n").length - 1).toBe(cli.problems.length);
    expect(cli.problems.map((p) => p.rule)).toEqual(expect.arrayContaining(["A01", "A03"]));
    expect(await page.$("a[download='annotated-list.xlsx']")).not.toBeNull();
    await page.context().close();
  });
});
