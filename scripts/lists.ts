// Area SEND inspection lists on this computer (person-level: never part of the published site).
//
//   npm run lists -- [--data DIR] --out DIR [--date YYYY-MM-DD] [--seed N]
//       builds List 1 and List 2 (xlsx and csv), checks them, and draws the case-tracking sample
//   npm run lists -- validate FILE [--date YYYY-MM-DD] [--out DIR]
//       checks a list made by hand (xlsx or csv); with --out, writes the annotated list and the problems
//
// The inspection page runs the same code in the browser (loaders/inspection/run.ts).

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { ingest } from "../loaders/node/pipeline.js";
import { NodeDuckDb } from "../loaders/node/duckdb-node.js";
import { resolveDataDir, REPO_ROOT } from "../loaders/node/config.js";
import { runLists } from "../loaders/inspection/run.js";
import { listCsv, listsXlsx } from "../loaders/inspection/write-lists.js";
import { annotatedWorkbook, validateListFile, type ValidationReport } from "../loaders/inspection/validate.js";
import { caseChecklist, drawCaseSample, readChecklist } from "../loaders/inspection/case-sample.js";
import { csvLine } from "../loaders/sources/csv.js";
import { runCli, usageError } from "./cli-support.js";

const USAGE = "usage: npm run lists -- [--data DIR] --out DIR [--date YYYY-MM-DD] [--seed N] | npm run lists -- validate FILE [--date YYYY-MM-DD] [--out DIR]";
const CHECKLIST = join(REPO_ROOT, "config", "case-tracking-checklist.csv");

function option(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

/** Person-level files must never land where the site is built from or published. */
function safeOutDir(out: string | undefined): string {
  if (!out) throw usageError(`--out DIR is required. ${USAGE}`);
  const dir = resolve(out);
  const inside = (folder: string) => !relative(join(REPO_ROOT, folder), dir).startsWith("..");
  if (inside("src") || inside("dist")) throw usageError(`${dir} is inside src/ or dist/, which are published: choose a folder outside them`);
  return dir;
}

function date(argv: readonly string[]): string | undefined {
  const value = option(argv, "--date");
  if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw usageError(`--date must be YYYY-MM-DD. ${USAGE}`);
  return value;
}

const table = (rows: readonly Record<string, unknown>[], columns: readonly string[]) =>
  [csvLine(columns), ...rows.map((row) => csvLine(columns.map((c) => row[c])))].join("\r\n") + "\r\n";

export function problemsCsv(report: ValidationReport): string {
  return table(report.problems as unknown as Record<string, unknown>[], ["list", "sheet", "row", "column", "rule", "severity", "message"]);
}

function printReport(report: ValidationReport): void {
  for (const a of report.accounts) {
    process.stdout.write(`List ${a.list} (${a.sheet}): ${a.rowsIn} rows: ${a.rowsWithErrors} with errors, ${a.rowsWithQueriesOnly} with queries only, ${a.rowsClean} clean\n`);
  }
  for (const s of report.summary) process.stdout.write(`  ${s.rule} (${s.severity}) ${s.description}: ${s.count}\n`);
  for (const n of report.notChecked) process.stdout.write(`  not checked: ${n.rule}: ${n.reason}\n`);
}

/** Builds the lists, their checks and the sample into `out`; returns what it wrote. */
export async function writeLists(argv: readonly string[]): Promise<string[]> {
  const out = safeOutDir(option(argv, "--out"));
  const ingested = ingest(resolveDataDir([...argv]));
  const seedText = option(argv, "--seed");
  if (seedText !== undefined && !/^\d+$/.test(seedText)) throw usageError(`--seed must be a whole number. ${USAGE}`);
  const engine = await NodeDuckDb.open();
  try {
    const { lists, validation } = await runLists(engine, ingested, { homeLa: ingested.config.homeLa.oldCode, listDate: date(argv) });
    const seed = seedText === undefined ? Number(lists.listDate.replaceAll("-", "")) : Number(seedText);
    const sample = drawCaseSample(lists, { seed });
    const checklist = caseChecklist(sample, readChecklist(readFileSync(CHECKLIST, "utf-8"), CHECKLIST));
    mkdirSync(out, { recursive: true });
    const files: [string, string | Uint8Array][] = [
      ["annex-a-lists.xlsx", listsXlsx(lists)],
      ["list-1.csv", listCsv(lists.list1, 1)],
      ["list-2.csv", listCsv(lists.list2, 2)],
      ["list-problems.csv", problemsCsv(validation)],
      ["case-sample.csv", table(sample as unknown as Record<string, unknown>[], ["order", "role", "unique_id", "provision", "age_band", "primary_need", "setting", "alternative_provision", "reasons"])],
      ["case-checklist.csv", table(checklist, ["order", "role", "unique_id", "area", "item", "lead", "status"])],
    ];
    for (const [name, content] of files) writeFileSync(join(out, name), content);
    process.stdout.write(`Lists at ${lists.listDate} (school census ${lists.sources.censusDate ?? "none"}): List 1 ${lists.list1.length} rows, List 2 ${lists.list2.length} rows\n`);
    for (const blank of lists.blankColumns) process.stdout.write(`  blank: List ${blank.list} '${blank.header}': ${blank.reason}\n`);
    printReport(validation);
    process.stdout.write(`Case sample (seed ${seed}): ${sample.filter((c) => c.role === "case").length} cases, ${sample.filter((c) => c.role === "back-up").length} back-ups\nWrote ${files.map(([name]) => name).join(", ")} to ${out}\nThese files hold personal data: keep them on secure storage.\n`);
    return files.map(([name]) => join(out, name));
  } finally {
    engine.close();
  }
}

export function validateFile(argv: readonly string[]): ValidationReport {
  const file = argv[1];
  if (!file) throw usageError(`validate needs a file. ${USAGE}`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    throw usageError(`Cannot read ${file}`);
  }
  const listDate = date(argv) ?? new Date().toISOString().slice(0, 10);
  const report = validateListFile(bytes, file, { listDate });
  if (report.accounts.length === 0) throw usageError(`${file}: no sheet with an Annex A List 1 or List 2 header was found`);
  printReport(report);
  const outText = option(argv, "--out");
  if (outText) {
    const out = safeOutDir(outText);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "annotated-list.xlsx"), annotatedWorkbook(report));
    writeFileSync(join(out, "list-problems.csv"), problemsCsv(report));
    process.stdout.write(`Wrote annotated-list.xlsx and list-problems.csv to ${out}\n`);
  }
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runCli(async () => {
    const argv = process.argv.slice(2);
    if (argv[0] === "validate") validateFile(argv);
    else await writeLists(argv);
  });
}
