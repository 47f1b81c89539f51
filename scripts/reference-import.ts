// npm run reference:import -- PATH [--out FILE]
// Reads DfE's published files as downloaded (the "Education, health and care plans" release ZIP or its
// unzipped folder, and sen2_mi.csv) and writes the compact comparator table the site uses. Re-run it on
// next year's release: that is the whole yearly update.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { importReference } from "../loaders/reference/import-release.js";
import { COMPARATOR_COLUMNS } from "../loaders/reference/comparators.js";
import { csvLine } from "../loaders/sources/csv.js";
import { REPO_ROOT } from "../loaders/node/config.js";
import { runCli, usageError } from "./cli-support.js";

export const DEFAULT_COMPARATORS = join(REPO_ROOT, "data", "reference", "comparators.csv");

await runCli(async () => {
  const argv = process.argv.slice(2);
  const outFlag = argv.indexOf("--out");
  const out = outFlag >= 0 ? argv[outFlag + 1]! : DEFAULT_COMPARATORS;
  const path = argv.find((arg, index) => !arg.startsWith("--") && argv[index - 1] !== "--out");
  if (!path) throw usageError("usage: npm run reference:import -- PATH [--out FILE]   (PATH: the downloaded release ZIP or a folder holding it)");
  const report = importReference(path);
  const lines = [COMPARATOR_COLUMNS.join(","), ...report.rows.map((row) => csvLine(COMPARATOR_COLUMNS.map((column) => row[column])))];
  writeFileSync(out, lines.join("\n") + "\n");
  const series = new Set(report.rows.map((row) => `${row.kpi} ${row.measure}`));
  process.stderr.write(`Read:\n${report.read.map((file) => `  ${file}`).join("\n")}\n`);
  for (const note of report.notes) process.stderr.write(`Note: ${note}\n`);
  process.stderr.write(`Wrote ${report.rows.length} comparator rows for ${series.size} KPI measures to ${out}\n`);
});
