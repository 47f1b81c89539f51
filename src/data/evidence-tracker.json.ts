// The partnership's evidence tracker (config/evidence-tracker.csv, or send.config.json's evidenceTracker), checked.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readAreaConfig, REPO_ROOT } from "../../loaders/node/config.js";
import { runLoader } from "../../loaders/node/site-data.js";
import { readEvidenceTracker } from "../../loaders/inspection/evidence.js";
import { DataError } from "../../loaders/sources/problems.js";

await runLoader(async () => {
  const relative = readAreaConfig().evidenceTracker ?? join("config", "evidence-tracker.csv");
  let text: string;
  try {
    text = readFileSync(join(REPO_ROOT, relative), "utf-8");
  } catch (error) {
    throw new DataError(`Cannot read the evidence tracker ${relative}: ${(error as Error).message}`);
  }
  return JSON.stringify({ file: relative, ...readEvidenceTracker(text, relative) });
});
