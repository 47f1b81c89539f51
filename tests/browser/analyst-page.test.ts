// Analyst mode: files chosen on this computer are computed in the browser by the shared engine, give the
// CLI's numbers, and nothing is sent anywhere (every request stays on 127.0.0.1 and none carries a body).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectNothingSent, openBuiltSite, recordRequests, type BuiltSite } from "./built-site.js";
import { writeSmallArea } from "../fixtures/small-area.js";
import { writeSmallAreaEducation } from "../fixtures/small-area-education.js";
import { formatValue } from "../../src/components/format.js";
import { kpiRows } from "../../scripts/kpis.js";

let site: BuiltSite;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "analyst-"));
  writeSmallArea(dir);
  // The spring census as XLSX: the browser reads spreadsheets with the same reader as the build.
  writeSmallAreaEducation(dir, { spreadsheet: true });
  site = await openBuiltSite();
});

afterAll(async () => {
  await site?.close();
});

describe("analyst mode", () => {
  it("computes the KPIs from chosen files in the browser, matching the CLI, without sending them", async () => {
    const page = await site.newPage();
    const requests = recordRequests(page);
    await page.goto(`${site.url}/analyst`);
    // The January 2025 export and the GIAS file of the hand-written area (see tests/fixtures/small-area.ts).
    const files = [
      ...readdirSync(join(dir, "sen2")).map((name) => join(dir, "sen2", name)),
      ...readdirSync(join(dir, "sen2-older")).map((name) => join(dir, "sen2-older", name)),
      join(dir, "gias", "edubasealldata.csv"),
      ...readdirSync(join(dir, "education")).map((name) => join(dir, "education", name)),
    ];
    await page.setInputFiles("#local-files", files);
    await page.waitForSelector("text=Computed locally", { timeout: 60_000 });
    const table = await page.$$eval("table", (tables) =>
      Array.from(tables[0]!.querySelectorAll("tbody tr")).map((tr) => Array.from(tr.children).map((cell) => cell.textContent ?? "")),
    );
    // Latest complete month for flows is December 2024; snapshots are at the reference date (January 2025).
    const snapshot = await kpiRows(["--data", dir, "--period", "2025-01"]);
    const activePlans = table.find((row) => row[0] === "ehcp.active_plans")!;
    expect(activePlans[2]).toBe("January 2025");
    expect(activePlans[3]).toBe(String(snapshot.find((r) => r.id === "ehcp.active_plans")!.value));
    const overdue = table.find((row) => row[0] === "ehcp.overdue_52_weeks")!;
    expect(overdue[3]).toBe(String(snapshot.find((r) => r.id === "ehcp.overdue_52_weeks")!.value));
    // Education: the newest complete term is autumn 2024/25 (the spring census is term to date).
    const autumn = await kpiRows(["--data", dir, "--period", "202425-autumn"]);
    const attendance = table.find((row) => row[0] === "edu.attendance")!;
    expect(attendance[2]).toBe("Autumn term 2024/25");
    expect(attendance[3]).toBe(formatValue(autumn.find((r) => r.id === "edu.attendance")!.value as number, "pct"));
    expectNothingSent(requests);
    await page.context().close();
  });
});
