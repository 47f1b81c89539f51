// The case-tracking checklist (what inspectors ask for about each case, and who leads), from config/.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../loaders/node/config.js";
process.stdout.write(readFileSync(join(REPO_ROOT, "config", "case-tracking-checklist.csv"), "utf-8"));
