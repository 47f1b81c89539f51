// The demo's local placement, register and post-16 extracts (docs/data-contracts.md, "Placements,
// registers and post-16 extracts"), written to <out>/local/: the same children and UPNs as the SEN2
// exports and the school census, agreeing with both (see local-sen2.ts and local-census.ts for what is
// read from them). Deterministic: every choice is a hash of the seed, never shared generator state,
// so the SEN2 and education files are unchanged by these. A few deliberate data-quality problems are
// planted and listed with the others in deliberate-problems.csv.

import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BufferedCsvWriter } from "./csv.js";
import { addYears, day } from "./dates.js";
import type { DemoEstablishment } from "./establishments.js";
import { bladeFileName, type DeliberateProblem } from "./exports.js";
import { REFERENCE_DATES } from "./calibration.js";
import { collectCensusFacts } from "./local-census.js";
import { iso, type LocalContext, type LocalRow } from "./local-context.js";
import { AP_HEADER, apPlacements, DECISIONS_HEADER, FAIR_ACCESS_HEADER, fairAccess, placementDecisions } from "./local-placements.js";
import { POST16_HEADER, post16Activity } from "./local-post16.js";
import { chooseDisagreements, cmeRegister, eheRegister, eotasRegister, noPlaceRegister, REGISTER_HEADER } from "./local-registers.js";
import { sen2Children } from "./local-sen2.js";
import { localSummary } from "./local-summary.js";
import type { PlacementHistory } from "./placements.js";
import type { PopulationLayout } from "./population.js";
import { SchoolDays } from "./school-days.js";
import { upnCheckLetter } from "../../loaders/sources/upn.js";

export const LOCAL_DIR = "local";

export const LOCAL_FILES = {
  decisions: "placement-decisions.csv",
  ap: "ap-placements.csv",
  fairAccess: "fair-access.csv",
  ehe: "ehe-register.csv",
  cme: "cme-register.csv",
  eotas: "eotas-register.csv",
  noPlace: "no-school-place.csv",
  post16: "post16-activity.csv",
} as const;
export type LocalFile = keyof typeof LOCAL_FILES;

/** Which rows carry a deliberate problem (nth eligible row after sorting, 1-based; the last one when fewer). */
const PROBLEM_ORDINALS = { firstDayBeforeDecision: 40, unknownOutcome: 20, impossibleDate: 3, wrongCheckLetter: 10 };
const UNKNOWN_OUTCOME = "MST";
const IMPOSSIBLE_DATE = "2024-02-30";

export interface LocalResult {
  problems: DeliberateProblem[];
  files: { name: string; rows: number }[];
  summary: string;
}

export function writeLocalExtracts(
  outDir: string, seed: number, scale: number, layout: PopulationLayout, history: PlacementHistory, establishments: readonly DemoEstablishment[],
): LocalResult {
  const dir = join(outDir, LOCAL_DIR);
  mkdirSync(dir, { recursive: true });
  const children = sen2Children(layout, history);
  const context: LocalContext = {
    seed, scale, children, bySerial: new Map(children.map((child) => [child.person.serial, child])), history,
    facts: collectCensusFacts(seed, scale, layout, history, establishments), days: new SchoolDays(),
  };
  const disagreements = chooseDisagreements(context);
  const tables: Record<LocalFile, { header: string[]; rows: LocalRow[] }> = {
    decisions: { header: DECISIONS_HEADER, rows: placementDecisions(context) },
    ap: { header: AP_HEADER, rows: apPlacements(context) },
    fairAccess: { header: FAIR_ACCESS_HEADER, rows: fairAccess(context) },
    ehe: { header: REGISTER_HEADER, rows: eheRegister(context, disagreements) },
    cme: { header: REGISTER_HEADER, rows: cmeRegister(context, new Set([disagreements.unknownInSen2].filter((c) => c !== undefined))) },
    eotas: { header: REGISTER_HEADER, rows: eotasRegister(context) },
    noPlace: { header: REGISTER_HEADER, rows: noPlaceRegister(context) },
    post16: { header: POST16_HEADER, rows: post16Activity(context) },
  };
  for (const table of Object.values(tables)) table.rows.sort(compareRows);
  plantProblems(tables);

  const problems: DeliberateProblem[] = [];
  const files: { name: string; rows: number }[] = [];
  for (const [key, table] of Object.entries(tables) as [LocalFile, (typeof tables)[LocalFile]][]) {
    const name = LOCAL_FILES[key];
    const writer = new BufferedCsvWriter(join(dir, name), table.header);
    for (const row of table.rows) {
      const problem = row.problem;
      if (problem?.sen2) problems.push(sen2SideProblem(outDir, problem.sen2, { ...problem, text: `${problem.text} (${LOCAL_DIR}/${name} line ${writer.rows + 2})` }));
      else if (problem) problems.push({ file: `${LOCAL_DIR}/${name}`, row: writer.rows + 2, tableid: "", column: problem.column, value: problem.value, problem: problem.text });
      writer.writeRow(row.cells);
    }
    writer.close();
    files.push({ name, rows: writer.rows });
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.row - b.row));
  const summary = localSummary(context, Object.fromEntries(Object.entries(tables).map(([key, table]) => [key, table.rows])) as Record<LocalFile, LocalRow[]>, scale, seed);
  return { problems, files, summary };
}

/**
 * A disagreement the pipeline reports on the SEN2 side: the child's rank-1 placement row of the setting in
 * that export (already written), found by its native id (DEMO-L<request key>-<n>).
 */
function sen2SideProblem(outDir: string, where: { census: number; requestKey: string; setting: string }, problem: { column: string; value: string; text: string }): DeliberateProblem {
  const file = bladeFileName(REFERENCE_DATES[where.census]!, "placementdetail");
  const lines = readFileSync(join(outDir, "sen2", file), "utf8").split("\n");
  const header = lines[0]!.split(",");
  const at = (name: string) => header.indexOf(name);
  const prefix = `DEMO-L${where.requestKey}-`;
  for (let index = 1; index < lines.length; index++) {
    const cells = lines[index]!.split(",");
    if (cells[at("nativeid")]?.startsWith(prefix) && cells[at("sensetting")] === where.setting && cells[at("placementrank")] === "1") {
      return { file, row: index + 1, tableid: cells[at("placementdetailtableid")]!, column: problem.column, value: problem.value, problem: problem.text };
    }
  }
  throw new Error(`No ${where.setting} placement row for request ${where.requestKey} in ${file}`);
}

function compareRows(a: LocalRow, b: LocalRow): number {
  if (a.sort !== b.sort) return a.sort < b.sort ? -1 : 1;
  const left = a.cells.join(",");
  const right = b.cells.join(",");
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Plants one problem in each of four files (the rows are sorted, so the line numbers are final). */
function plantProblems(tables: Record<LocalFile, { header: string[]; rows: LocalRow[] }>): void {
  const nth = <T>(items: readonly T[], n: number): T | undefined => items[Math.min(n, items.length) - 1];
  const plant = (row: LocalRow | undefined, index: number, value: string, column: string, text: string) => {
    if (!row) return;
    row.cells[index] = value;
    row.problem = { column, value, text };
  };
  // A first day on roll keyed a year early: before the decision (rejected).
  const decisions = tables.decisions.rows;
  const onRoll = nth(decisions.filter((r) => r.cells[5] !== "" && r.cells[2]! >= "2023-01-01"), PROBLEM_ORDINALS.firstDayBeforeDecision);
  if (onRoll) {
    const earlier = iso(addYears(isoDay(onRoll.cells[5]!), -1));
    plant(onRoll, 5, earlier, "FirstDayOnRoll", "FirstDayOnRoll is before DecisionDate");
  }
  // An AP outcome that is not a code (rejected).
  plant(nth(tables.ap.rows.filter((r) => r.cells[3] !== "" && !r.problem), PROBLEM_ORDINALS.unknownOutcome), 5, UNKNOWN_OUTCOME, "Outcome", `Outcome ${UNKNOWN_OUTCOME} is not an AP outcome code`);
  // A Fair Access decision on 30 February (rejected).
  const february = tables.fairAccess.rows.filter((r) => r.cells[1]!.startsWith("2024-02") && r.cells[3] !== "");
  plant(nth(february.length > 0 ? february : tables.fairAccess.rows, PROBLEM_ORDINALS.impossibleDate), 1, IMPOSSIBLE_DATE, "DecisionDate", "DecisionDate is not a real calendar date");
  // A CME register UPN with the wrong check letter (warning; the child is not linked), for a pupil without an SEN2 record.
  const general = tables.cme.rows.filter((r) => Number(r.cells[0]!.slice(4, 8)) >= 5000);
  const target = nth(general, PROBLEM_ORDINALS.wrongCheckLetter);
  if (target) {
    const upn = target.cells[0]!;
    const right = upnCheckLetter(upn.slice(1));
    const letters = "ABCDEFGHJKLMNPQRTUVWXYZ";
    const wrong = letters[(letters.indexOf(right) + 1) % letters.length]!;
    plant(target, 0, wrong + upn.slice(1), "UPN", "UPN check letter does not match its digits (warning)");
  }
}

const isoDay = (text: string) => day(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
