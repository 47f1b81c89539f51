// Golden files: List 1, List 2 and the default case sample from the committed demo data. A change to the
// lists' code or the demo data that moves any value shows up here as a diff to review; after checking it,
// refresh them with UPDATE_GOLDEN=1 npx vitest run tests/unit/inspection-golden.test.ts.

import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_DATA_DIR, REPO_ROOT } from "../../loaders/node/config.js";
import { writeLists } from "../../scripts/lists.js";

const GOLDEN = join(REPO_ROOT, "tests", "golden");

describe("inspection lists from the demo data", () => {
  it("match the golden files", async () => {
    const out = mkdtempSync(join(tmpdir(), "golden-"));
    await writeLists(["--data", DEMO_DATA_DIR, "--out", out]);
    for (const name of ["list-1.csv", "list-2.csv", "case-sample.csv"]) {
      const made = readFileSync(join(out, name), "utf-8");
      if (process.env.UPDATE_GOLDEN) writeFileSync(join(GOLDEN, name), made);
      expect(made, name).toBe(readFileSync(join(GOLDEN, name), "utf-8"));
    }
    const list1 = readFileSync(join(GOLDEN, "list-1.csv"), "utf-8").trim().split("\r\n");
    // One row per plan maintained at the newest reference date (3,026 in the demo, like Shropshire's 3,016).
    expect(list1.length - 1).toBeGreaterThan(2900);
  }, 120_000);
});
