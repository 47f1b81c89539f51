// The built site holds aggregates only: no demo child's UPN, ULN, name, date of birth or postcode appears
// anywhere in dist/ (every file, text or binary).

import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_DATA_DIR, REPO_ROOT } from "../../loaders/node/config.js";
import { ingest } from "../../loaders/node/pipeline.js";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
}

describe("dist/", () => {
  it("contains no person-level value from the demo extracts", () => {
    const { tables } = ingest(DEMO_DATA_DIR);
    const needles = new Set<string>();
    // Dates of birth are checked in the site's own data and pages: library code holds example dates.
    const birthDates = new Set<string>();
    for (const child of tables.children.rows) {
      for (const value of [child.upn, child.uln, child.surname]) if (typeof value === "string" && value.length >= 6) needles.add(value);
      if (typeof child.birth_date === "string") birthDates.add(child.birth_date);
    }
    const postcodes = readFileSync(join(DEMO_DATA_DIR, "sen2", readdirSync(join(DEMO_DATA_DIR, "sen2")).find((n) => n.endsWith("2025_person.csv"))!), "utf-8")
      .match(/ZZ99 \w{3}/g) ?? [];
    for (const postcode of postcodes) needles.add(postcode);
    expect(needles.size).toBeGreaterThan(3000);
    const found: string[] = [];
    const dist = join(REPO_ROOT, "dist");
    for (const file of files(dist)) {
      if (file.endsWith(".wasm")) continue; // DuckDB's binary, copied from node_modules
      const text = readFileSync(file).toString("latin1");
      const relative = file.slice(dist.length + 1);
      const ours = relative.startsWith("_file") || relative.endsWith(".html") || relative.startsWith("_import");
      for (const needle of needles) if (text.includes(needle)) found.push(`${needle} in ${relative}`);
      if (ours) for (const date of birthDates) if (text.includes(date)) found.push(`date of birth ${date} in ${relative}`);
    }
    expect(found.slice(0, 10)).toEqual([]);
  });
});
