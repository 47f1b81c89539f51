// The built site holds aggregates only: no demo child's or pupil's UPN, ULN, surname, date of birth or
// postcode (from SEN2, the census and the placement, register and post-16 extracts) appears anywhere in dist/ (every file, text or binary), dates in ISO or in the lists' DD/MM/YYYY
// form. Identifiers and dates are found by pattern and looked up, so 40,000 pupils scan in seconds.

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
    const identifiers = new Set<string>();
    const words = new Set<string>();
    const birthDates = new Set<string>();
    for (const child of tables.children.rows) {
      for (const value of [child.upn, child.uln]) if (typeof value === "string") identifiers.add(value);
      // Surnames only: the demo's forenames are words such as "November" that library code holds too.
      if (typeof child.surname === "string" && child.surname.length >= 6) words.add(child.surname);
      if (typeof child.birth_date === "string") birthDates.add(child.birth_date);
    }
    // School census pupils, most of whom are in no SEN2 export.
    for (const pupil of tables.pupils.rows) {
      identifiers.add(String(pupil.upn));
      birthDates.add(String(pupil.birth_date));
    }
    // The placement, register and post-16 extracts: their UPNs and ULNs, and the post-16 dates of birth.
    for (const name of readdirSync(join(DEMO_DATA_DIR, "local"))) {
      const text = readFileSync(join(DEMO_DATA_DIR, "local", name), "utf-8");
      for (const match of text.matchAll(/\b[A-Z][0-9]{11}[0-9A-Z]\b|\b99[0-9]{8}\b/g)) identifiers.add(match[0]);
    }
    for (const row of tables.post16_activity.rows) birthDates.add(String(row.birth_date));
    // Dates the site publishes as configuration (term dates, bank holidays) are public, whoever shares them.
    for (const name of ["term-dates.csv", "bank-holidays.csv"]) {
      for (const match of readFileSync(join(REPO_ROOT, "config", name), "utf-8").matchAll(/\d{4}-\d{2}-\d{2}/g)) birthDates.delete(match[0]);
    }
    for (const date of [...birthDates]) birthDates.add(date.split("-").reverse().join("/"));
    const postcodes = readFileSync(join(DEMO_DATA_DIR, "sen2", readdirSync(join(DEMO_DATA_DIR, "sen2")).find((n) => n.endsWith("2025_person.csv"))!), "utf-8")
      .match(/ZZ99 \w{3}/g) ?? [];
    for (const postcode of postcodes) words.add(postcode);
    expect(identifiers.size).toBeGreaterThan(40000);
    expect(words.size).toBeGreaterThan(1000);

    const found: string[] = [];
    const dist = join(REPO_ROOT, "dist");
    for (const file of files(dist)) {
      if (file.endsWith(".wasm")) continue; // DuckDB's binary, copied from node_modules
      const text = readFileSync(file).toString("latin1");
      const relative = file.slice(dist.length + 1);
      // UPNs (a letter and 12 characters) and ULNs (10 digits), by pattern.
      for (const match of text.matchAll(/[A-Z][0-9]{11}[0-9A-Z]|\b[0-9]{10}\b/g)) if (identifiers.has(match[0])) found.push(`${match[0]} in ${relative}`);
      for (const word of words) if (text.includes(word)) found.push(`${word} in ${relative}`);
      // Dates of birth in the site's own data and pages: library code holds example dates.
      const ours = relative.startsWith("_file") || relative.endsWith(".html") || relative.startsWith("_import");
      if (ours) for (const match of text.matchAll(/\d{4}-\d{2}-\d{2}|\d{2}\/\d{2}\/\d{4}/g)) if (birthDates.has(match[0])) found.push(`date of birth ${match[0]} in ${relative}`);
    }
    expect(found.slice(0, 10)).toEqual([]);
  });
});
