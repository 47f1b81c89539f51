// The committed demo data is exactly what the seeded generator writes, and it reads cleanly apart from
// the deliberate problems listed in data/demo/deliberate-problems.csv.

import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_DATA_DIR, REPO_ROOT } from "../../loaders/node/config.js";
import { ingest } from "../../loaders/node/pipeline.js";

const files = (dir: string) => ["sen2", "establishments", "education", "local"].flatMap((sub) => readdirSync(join(dir, sub)).map((name) => join(sub, name))).sort();

describe("demo data", () => {
  it("is reproduced byte for byte by the generator", () => {
    const out = mkdtempSync(join(tmpdir(), "demo-"));
    const run = spawnSync(join(REPO_ROOT, "node_modules", ".bin", "tsx"), ["scripts/generate-demo.ts", "--out", out], { cwd: REPO_ROOT, encoding: "utf-8" });
    expect(run.status, run.stderr).toBe(0);
    expect(files(out)).toEqual(files(DEMO_DATA_DIR));
    for (const file of files(DEMO_DATA_DIR)) {
      expect(readFileSync(join(out, file)).equals(readFileSync(join(DEMO_DATA_DIR, file))), file).toBe(true);
    }
  });

  it("raises exactly the deliberate problems, with valid UPN check letters except the one listed", () => {
    const ingested = ingest(DEMO_DATA_DIR);
    const deliberate = readFileSync(join(DEMO_DATA_DIR, "deliberate-problems.csv"), "utf-8").trim().split("\n").slice(1)
      .map((line) => line.split(","))
      .map(([file, row, , column]) => `${file} ${row} ${column}`)
      .sort();
    // The 2025 export's extra v1.3 `source` column is reported too (kept, not used).
    const found = ingested.problems.filter((p) => p.rule !== "extra-column" && p.rule !== "parent-rejected");
    expect(found.map((p) => `${p.file} ${p.row} ${p.column}`).sort()).toEqual(deliberate);
    expect(ingested.problems.filter((p) => p.rule === "upn-check-letter").map((p) => `${p.file} ${p.row}`)).toEqual(["local/cme-register.csv 11"]);
    for (const account of ingested.accounts) expect(account.rowsIn).toBe(account.accepted + account.rejected);
  });
});
