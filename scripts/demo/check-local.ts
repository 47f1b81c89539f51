// Checks the demo's local extracts (local/): what their readers report, each register against SEN2 at
// every reference date (EHE, EOTAS and no-place spells against the SEN2 settings EHE, OLA and NIEO/NIEC of
// children with an active plan; the current placement is the rank-1 row with a blank or later leaving
// date), and linkage: every UPN is one SEN2 or the census knows, no child is on a school roll at a census
// day inside an EHE, CME, EOTAS or no-place spell, and an E post-16 spell lies within the plan. Every
// problem found must be listed in deliberate-problems.csv; anything else fails.
//
//   npx tsx scripts/demo/check-local.ts [DIR]     (default data/demo)
//
// checkLocal() takes the same report callback as check-output.ts, which can call it for the local files.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readPlacementDecisions } from "../../loaders/sources/placement-decisions.js";
import { readApPlacements } from "../../loaders/sources/ap-placements.js";
import { readFairAccess } from "../../loaders/sources/fair-access.js";
import { readRegister, type RegisterKind, type RegisterSpell } from "../../loaders/sources/registers.js";
import { readActivityCodes, readPost16Activity } from "../../loaders/sources/post16-activity.js";
import { parseCsv } from "../../loaders/sources/csv.js";
import type { Problem } from "../../loaders/sources/problems.js";
import { isValidUpn } from "../../loaders/sources/upn.js";
import { REFERENCE_DATES } from "./calibration.js";
import { isoDate } from "./dates.js";
import { bladeFileName } from "./exports.js";
import { LOCAL_DIR, LOCAL_FILES } from "./local-extracts.js";

type Report = (file: string, row: number, column: string, message: string) => void;

const ACTIVITY_CODES = fileURLToPath(new URL("../../config/post16-activity-codes.csv", import.meta.url));
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** `2022-Sep-28 00:00:00` as ISO; blank stays blank. */
const fromBlade = (value: string) => (value ? `${value.slice(0, 4)}-${String(MONTHS.indexOf(value.slice(5, 8)) + 1).padStart(2, "0")}-${value.slice(9, 11)}` : "");

function table(path: string): { line: number; cells: Record<string, string> }[] {
  const records: { line: number; fields: string[] }[] = [];
  parseCsv(readFileSync(path, "utf8"), (record) => records.push(record));
  const header = records[0]!.fields;
  return records.slice(1).map((record) => ({ line: record.line, cells: Object.fromEntries(header.map((name, i) => [name, record.fields[i] ?? ""])) }));
}

interface Sen2View {
  /** Plans by child key (UPN, else ULN:…): start and cease as the newest export showing them has them. */
  plans: Map<string, { start: string; cease: string }>;
  /** Birth dates by child key. */
  births: Map<string, string>;
  /** Per reference date: children with an active plan, their current placement's SEN2 setting and its row (line 0: none). */
  current: { date: string; file: string; byChild: Map<string, { setting: string; line: number }> }[];
}

function readSen2(dir: string): Sen2View {
  const view: Sen2View = { plans: new Map(), births: new Map(), current: [] };
  for (const reference of REFERENCE_DATES) {
    const date = isoDate(reference);
    const read = (module: Parameters<typeof bladeFileName>[1]) => table(join(dir, "sen2", bladeFileName(reference, module)));
    const persons = new Map(read("person").map((r) => [r.cells.persontableid!, r.cells]));
    const requests = new Map(read("requests").map((r) => [r.cells.requeststableid!, r.cells]));
    const assessmentOf = new Map(read("assessment").map((r) => [r.cells.requeststableid!, r.cells.assessmenttableid!]));
    const planOf = new Map(read("namedplan").map((r) => [r.cells.assessmenttableid!, r.cells]));
    const childOf = (requestId: string) => {
      const person = persons.get(requests.get(requestId)!.persontableid!)!;
      return person.upn || `ULN:${person.uniquelearnernumber}`;
    };
    for (const person of persons.values()) view.births.set(person.upn || `ULN:${person.uniquelearnernumber}`, fromBlade(person.personbirthdate!));
    const active = new Map<string, string>();
    for (const [requestId] of requests) {
      const plan = planOf.get(assessmentOf.get(requestId) ?? "");
      if (!plan) continue;
      const start = fromBlade(plan.startdate!);
      const cease = fromBlade(plan.ceasedate!);
      view.plans.set(childOf(requestId), { start, cease });
      if (start <= date && (cease === "" || cease > date)) active.set(requestId, childOf(requestId));
    }
    const activePlans = new Map(read("activeplans").map((r) => [r.cells.activeplanstableid!, r.cells.requeststableid!]));
    const file = bladeFileName(reference, "placementdetail");
    // Every child with an active plan; the setting stays blank (unknown) without a current rank-1 row.
    const byChild = new Map<string, { setting: string; line: number }>([...active.values()].map((child) => [child, { setting: "", line: 0 }]));
    for (const row of table(join(dir, "sen2", file))) {
      const c = row.cells;
      const child = active.get(activePlans.get(c.activeplanstableid!) ?? "");
      if (!child || c.placementrank !== "1" || fromBlade(c.entrydate!) > date || (c.leavingdate && fromBlade(c.leavingdate) < date)) continue;
      byChild.set(child, { setting: c.sensetting!, line: row.line });
    }
    view.current.push({ date, file, byChild });
  }
  return view;
}

/** Census days each pupil is on roll (any URN). */
function readCensus(dir: string): Map<string, string[]> {
  const days = new Map<string, string[]>();
  let names: string[] = [];
  try {
    names = readdirSync(join(dir, "education")).filter((name) => name.startsWith("school-census"));
  } catch {
    return days;
  }
  for (const name of names) {
    for (const row of table(join(dir, "education", name))) {
      const list = days.get(row.cells.UPN!) ?? [];
      list.push(row.cells.CensusDate!);
      days.set(row.cells.UPN!, list);
    }
  }
  return days;
}

const SEN2_SETTINGS: Partial<Record<RegisterKind, readonly string[]>> = { ehe: ["EHE"], eotas: ["OLA"], no_place: ["NIEO", "NIEC"] };
const REGISTER_FILES: Record<RegisterKind, string> = { ehe: LOCAL_FILES.ehe, cme: LOCAL_FILES.cme, eotas: LOCAL_FILES.eotas, no_place: LOCAL_FILES.noPlace };

export function checkLocal(dir: string, report: Report): void {
  const local = join(dir, LOCAL_DIR);
  try {
    readdirSync(local);
  } catch {
    return;
  }
  const path = (name: string) => `${LOCAL_DIR}/${name}`;
  const bytes = (name: string) => readFileSync(join(local, name));
  const readerProblems = (problems: readonly Problem[]) => problems.forEach((p) => report(p.file, p.row ?? 0, p.column ?? "", p.message));
  const sen2 = readSen2(dir);
  const census = readCensus(dir);
  const known = (upn: string) => sen2.births.has(upn) || census.has(upn);

  const decisions = readPlacementDecisions(bytes(LOCAL_FILES.decisions), path(LOCAL_FILES.decisions));
  readerProblems(decisions.problems);
  for (const d of decisions.decisions) if (!sen2.births.has(d.upn ?? `ULN:${d.uln}`)) report(path(LOCAL_FILES.decisions), d.line, "UPN", "child not in the SEN2 exports");
  const ap = readApPlacements(bytes(LOCAL_FILES.ap), path(LOCAL_FILES.ap));
  readerProblems(ap.problems);
  for (const p of ap.placements) if (!known(p.upn)) report(path(LOCAL_FILES.ap), p.line, "UPN", "pupil in neither SEN2 nor the census");
  const fap = readFairAccess(bytes(LOCAL_FILES.fairAccess), path(LOCAL_FILES.fairAccess));
  readerProblems(fap.problems);
  for (const d of fap.decisions) if (!known(d.upn)) report(path(LOCAL_FILES.fairAccess), d.line, "UPN", "pupil in neither SEN2 nor the census");

  for (const kind of Object.keys(REGISTER_FILES) as RegisterKind[]) {
    const name = REGISTER_FILES[kind];
    const read = readRegister(bytes(name), path(name), kind);
    readerProblems(read.problems);
    const spellsOf = new Map<string, RegisterSpell[]>();
    for (const spell of read.spells) {
      if (isValidUpn(spell.upn) && !known(spell.upn)) report(path(name), spell.line, "UPN", "child in neither SEN2 nor the census");
      const onRoll = (census.get(spell.upn) ?? []).find((day) => day >= spell.startDate && (spell.endDate === null || day < spell.endDate));
      if (onRoll) report(path(name), spell.line, "StartDate", `the census has the child on a school roll on ${onRoll}, inside this spell`);
      spellsOf.set(spell.upn, [...(spellsOf.get(spell.upn) ?? []), spell]);
    }
    const settings = SEN2_SETTINGS[kind];
    if (!settings) continue;
    for (const { date, file, byChild } of sen2.current) {
      const covered = (child: string) => (spellsOf.get(child) ?? []).some((s) => s.startDate <= date && (s.endDate === null || s.endDate > date));
      // Children SEN2 gives no UPN cannot be on a UPN register: not compared.
      for (const [child, current] of byChild) {
        if (current.line > 0 && settings.includes(current.setting) && !child.startsWith("ULN:") && !covered(child)) report(file, current.line, "sensetting", `SEN2 has the child at ${current.setting} on ${date}; ${path(name)} has no spell then`);
      }
      for (const spell of read.spells) {
        const current = byChild.get(spell.upn);
        const during = spell.startDate <= date && (spell.endDate === null || spell.endDate > date);
        if (during && current && !settings.includes(current.setting)) report(path(name), spell.line, "StartDate", `the spell covers ${date}, when SEN2 has the child's plan with another setting`);
      }
    }
  }

  const codes = readActivityCodes(readFileSync(ACTIVITY_CODES, "utf8"), ACTIVITY_CODES);
  const post16 = readPost16Activity(bytes(LOCAL_FILES.post16), path(LOCAL_FILES.post16), codes);
  readerProblems(post16.problems);
  for (const s of post16.spells) {
    const child = s.upn ?? `ULN:${s.uln}`;
    if (s.senStatus !== "ehc_plan") {
      if (!known(child)) report(path(LOCAL_FILES.post16), s.line, "UPN", "young person in neither SEN2 nor the census");
      continue;
    }
    const plan = sen2.plans.get(child);
    if (!plan) report(path(LOCAL_FILES.post16), s.line, "UPN", "E, but no plan in the SEN2 exports");
    else if (s.startDate < plan.start || (plan.cease !== "" && (s.endDate === null || s.endDate >= plan.cease))) report(path(LOCAL_FILES.post16), s.line, "SENStatus", "E outside the plan's dates");
    if (sen2.births.get(child) !== s.birthDate) report(path(LOCAL_FILES.post16), s.line, "DOB", "not the SEN2 birth date");
  }
}

function main(): void {
  const dir = process.argv[2] ?? "data/demo";
  const found: { file: string; row: number; column: string; message: string }[] = [];
  checkLocal(dir, (file, row, column, message) => found.push({ file, row, column, message }));
  const expected = table(join(dir, "deliberate-problems.csv")).map((r) => r.cells)
    .filter((r) => r.file!.startsWith(`${LOCAL_DIR}/`) || r.problem!.startsWith("register-disagrees"));
  const key = (file: string, row: string | number, column: string) => `${file}:${row}:${column}`;
  const expectedKeys = new Set(expected.map((r) => key(r.file!, r.row!, r.column!)));
  const foundKeys = new Set(found.map((f) => key(f.file, f.row, f.column)));
  const unexpected = found.filter((f) => !expectedKeys.has(key(f.file, f.row, f.column)));
  const missed = expected.filter((r) => !foundKeys.has(key(r.file!, r.row!, r.column!)));
  for (const f of found) console.log(`${expectedKeys.has(key(f.file, f.row, f.column)) ? "deliberate" : "UNEXPECTED"}: ${f.file} line ${f.row} ${f.column}: ${f.message}`);
  for (const r of missed) console.log(`MISSED deliberate problem: ${r.file} line ${r.row} ${r.column}: ${r.problem}`);
  console.log(`${found.length} problems found, ${expected.length} deliberate, ${unexpected.length} unexpected, ${missed.length} missed`);
  process.exitCode = unexpected.length > 0 || missed.length > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
