// npm run build / npm start: runs Observable Framework with telemetry off, after clearing its loader cache
// (Framework reruns a loader only when the loader file changes; the pipeline's own fingerprint cache keeps
// the rerun cheap), then fixes the built HTML for accessibility.

import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../loaders/node/config.js";
import { fixBuiltHtml } from "./postbuild.js";

const command = process.argv[2] === "preview" ? "preview" : "build";
rmSync(join(REPO_ROOT, "src", ".observablehq", "cache"), { recursive: true, force: true });
const result = spawnSync(join(REPO_ROOT, "node_modules", ".bin", "observable"), [command, ...process.argv.slice(3)], {
  cwd: REPO_ROOT,
  stdio: "inherit",
  env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" },
});
if (result.status !== 0) process.exit(result.status ?? 1);
if (command === "build") {
  const fixed = fixBuiltHtml(join(REPO_ROOT, "dist"));
  process.stderr.write(`postbuild: set lang and a zoomable viewport on ${fixed} pages\n`);
}
