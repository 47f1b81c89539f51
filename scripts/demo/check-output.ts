// Checks generated demo data against the rules the generator promises: headers per version, unique
// table ids, every parent id present, codes in their lists, dates in order and never after the
// reference date, known URNs, valid and stable UPNs; for the education extracts, what their readers
// report plus the linkage the pipeline checks (events and agreements for pupils in the census, on SEN
// support while funded), stable pupil details and events on school days of a census term. Every
// problem found must be one of the deliberate ones listed in deliberate-problems.csv; anything else fails.
//
//   npx tsx scripts/demo/check-output.ts [DIR]     (default data/demo)

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { SEN_SETTINGS, SEN_TYPES, ETHNICITIES, type Sen2Module } from "../../loaders/sources/sen2-schema.js";
import { isValidUpn } from "../../loaders/sources/upn.js";
import { EXPORT_YEARS, REFERENCE_DATES } from "./calibration.js";
import { bladeDate, type Day } from "./dates.js";
import { bladeFileName, moduleHeader } from "./exports.js";
import { readSchoolCensus, type CensusPupil } from "../../loaders/sources/school-census.js";
import { readExclusions } from "../../loaders/sources/exclusions.js";
import { readTopUpFunding } from "../../loaders/sources/top-up-funding.js";
import { CENSUS_DATES } from "./education-calibration.js";
import { isoDate as dayIso } from "./dates.js";
import { SchoolCalendar } from "./school-calendar.js";
import { checkLocal } from "./check-local.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const PARENT: Partial<Record<Sen2Module, Sen2Module>> = {
  person: "sen2", requests: "person", assessment: "requests", namedplan: "assessment", plandetail: "namedplan",
  activeplans: "requests", placementdetail: "activeplans", senneed: "activeplans",
};
const MODULES: Sen2Module[] = ["sen2", "person", "requests", "assessment", "namedplan", "plandetail", "activeplans", "placementdetail", "senneed"];

/** Minimal RFC 4180 reader (the generator quotes only where needed). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += c;
  }
  if (field !== "" || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

function parseBlade(value: string): Day | undefined {
  const match = /^(\d{4})-([A-Z][a-z]{2})-(\d{2}) \d{2}:\d{2}:\d{2}$/.exec(value);
  if (!match) return undefined;
  const day = Date.UTC(Number(match[1]), MONTHS.indexOf(match[2]!), Number(match[3])) / 86_400_000;
  return bladeDate(day).slice(0, 11) === value.slice(0, 11) ? day : undefined;
}

interface Found {
  file: string;
  row: number;
  column: string;
  message: string;
}

function main(): void {
  const dir = process.argv[2] ?? "data/demo";
  const found: Found[] = [];
  const report = (file: string, row: number, column: string, message: string) => found.push({ file, row, column, message });

  const gias = readCsv(new TextDecoder("windows-1252").decode(readFileSync(join(dir, "establishments", "edubasealldata.csv"))));
  const urns = new Set(gias.slice(1).map((r) => r[0]!).filter(Boolean));
  const ukprns = new Set(gias.slice(1).map((r) => r[1]!).filter(Boolean));
  const files = new Set(readdirSync(join(dir, "sen2")));
  const identity = new Map<string, string>();
  const receivedByRequest = new Map<string, string>();

  EXPORT_YEARS.forEach((year, census) => {
    const at = REFERENCE_DATES[census]!;
    const tables = new Map<Sen2Module, { header: string[]; rows: Record<string, string>[]; file: string }>();
    for (const module of MODULES) {
      const file = bladeFileName(at, module);
      if (!files.has(file)) {
        report(file, 0, "", "file missing");
        continue;
      }
      const [header, ...body] = readCsv(readFileSync(join(dir, "sen2", file), "utf8"));
      const expected = moduleHeader(module, year);
      if (header!.join(",") !== expected.join(",")) report(file, 1, "", `header ${header!.join(",")} is not ${expected.join(",")}`);
      const rows = body.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i] ?? ""])));
      tables.set(module, { header: header!, rows, file });
    }
    const ids = new Map<Sen2Module, Map<string, Record<string, string>>>();
    for (const [module, { rows, file }] of tables) {
      const byId = new Map<string, Record<string, string>>();
      rows.forEach((row, i) => {
        const id = row[`${module}tableid`]!;
        if (byId.has(id)) report(file, i + 2, `${module}tableid`, `duplicate id ${id}`);
        byId.set(id, row);
      });
      ids.set(module, byId);
    }
    const upns = new Set<string>();
    for (const [module, { rows, file }] of tables) {
      const parent = PARENT[module];
      rows.forEach((row, i) => {
        const line = i + 2;
        if (parent && !ids.get(parent)!.has(row[`${parent}tableid`]!)) report(file, line, `${parent}tableid`, "parent id missing");
        for (const [column, value] of Object.entries(row)) {
          if (!value || !/date|lastreview/.test(column)) continue;
          const day = parseBlade(value);
          if (day === undefined) report(file, line, column, `bad date ${value}`);
          else if (day > at) report(file, line, column, `date after the reference date: ${value}`);
        }
        checkRow(module, row, file, line, report, { at, upns, urns, ukprns, ids, identity, receivedByRequest });
      });
    }
  });

  checkEducation(dir, report);
  checkLocal(dir, report);

  const expected = readCsv(readFileSync(join(dir, "deliberate-problems.csv"), "utf8")).slice(1).filter((r) => r.length > 1);
  const expectedKeys = new Set(expected.map((r) => `${r[0]}:${r[1]}:${r[3]}`));
  const unexpected = found.filter((f) => !expectedKeys.has(`${f.file}:${f.row}:${f.column}`));
  const foundKeys = new Set(found.map((f) => `${f.file}:${f.row}:${f.column}`));
  const missed = expected.filter((r) => !foundKeys.has(`${r[0]}:${r[1]}:${r[3]}`));
  for (const f of found) console.log(`${expectedKeys.has(`${f.file}:${f.row}:${f.column}`) ? "deliberate" : "UNEXPECTED"}: ${f.file} line ${f.row} ${f.column}: ${f.message}`);
  for (const r of missed) console.log(`MISSED deliberate problem: ${r.join(" | ")}`);
  console.log(`${found.length} problems found, ${expected.length} deliberate, ${unexpected.length} unexpected, ${missed.length} missed`);
  process.exitCode = unexpected.length > 0 || missed.length > 0 ? 1 : 0;
}

interface Context {
  at: Day;
  upns: Set<string>;
  urns: Set<string>;
  ukprns: Set<string>;
  ids: Map<Sen2Module, Map<string, Record<string, string>>>;
  identity: Map<string, string>;
  receivedByRequest: Map<string, string>;
}

function checkRow(module: Sen2Module, row: Record<string, string>, file: string, line: number, report: (file: string, row: number, column: string, message: string) => void, ctx: Context): void {
  const date = (value: string | undefined) => (value ? parseBlade(value) : undefined);
  const notBefore = (laterColumn: string, later: string | undefined, earlier: string | undefined, what: string) => {
    const a = date(later);
    const b = date(earlier);
    if (a !== undefined && b !== undefined && a < b) report(file, line, laterColumn, `${laterColumn} before ${what}`);
  };
  switch (module) {
    case "person": {
      const upn = row.upn!;
      if (upn && !isValidUpn(upn)) report(file, line, "upn", `invalid UPN ${upn}`);
      if (upn && ctx.upns.has(upn)) report(file, line, "upn", `duplicate UPN ${upn}`);
      ctx.upns.add(upn);
      if (!upn && !row.uniquelearnernumber) report(file, line, "upn", "neither UPN nor ULN");
      const sex = row.sex ?? row.gendercurrent;
      if (sex !== "M" && sex !== "F") report(file, line, "sex", `sex ${sex}`);
      if (!(ETHNICITIES as readonly string[]).includes(row.ethnicity!)) report(file, line, "ethnicity", `ethnicity '${row.ethnicity}'`);
      const who = `${row.surname}|${row.forename}|${row.personbirthdate}|${upn}`;
      const seen = ctx.identity.get(row.nativeid!);
      if (seen && seen !== who) report(file, line, "nativeid", "same child with different identity in another export");
      ctx.identity.set(row.nativeid!, who);
      break;
    }
    case "requests": {
      if (!["A", "N", "W", ""].includes(row.requestoutcome!)) report(file, line, "requestoutcome", `code ${row.requestoutcome}`);
      if (!!row.requestoutcome !== !!row.requestoutcomedate) report(file, line, "requestoutcome", "outcome and outcome date not both given");
      notBefore("requestoutcomedate", row.requestoutcomedate, row.receiveddate, "receiveddate");
      const person = ctx.ids.get("person")!.get(row.persontableid!);
      if (person) notBefore("receiveddate", row.receiveddate, person.personbirthdate, "birth");
      const seen = ctx.receivedByRequest.get(row.nativeid!);
      if (seen && seen !== row.receiveddate) report(file, line, "receiveddate", "received date changed between exports");
      ctx.receivedByRequest.set(row.nativeid!, row.receiveddate!);
      break;
    }
    case "assessment": {
      const request = ctx.ids.get("requests")!.get(row.requeststableid!);
      if (request && request.requestoutcome !== "A" && request.requestoutcome !== "Q") report(file, line, "requeststableid", "assessment under a request not decided A");
      if (!["Y", "N", "W", "S", ""].includes(row.assessmentoutcome!)) report(file, line, "assessmentoutcome", `code ${row.assessmentoutcome}`);
      if (request) notBefore("assessmentoutcomedate", row.assessmentoutcomedate, request.requestoutcomedate, "request outcome date");
      break;
    }
    case "namedplan": {
      const assessment = ctx.ids.get("assessment")!.get(row.assessmenttableid!);
      if (assessment && assessment.assessmentoutcome !== "Y" && assessment.assessmentoutcome !== "S") report(file, line, "assessmenttableid", "plan under an assessment not decided Y/S");
      const request = assessment && ctx.ids.get("requests")!.get(assessment.requeststableid!);
      if (request) notBefore("startdate", row.startdate, request.receiveddate, "receiveddate");
      notBefore("ceasedate", row.ceasedate, row.startdate, "startdate");
      if (row.ceasereason && !/^[1-9]$/.test(row.ceasereason)) report(file, line, "ceasereason", `code ${row.ceasereason}`);
      if (!!row.ceasedate !== !!row.ceasereason) report(file, line, "ceasereason", "cease date and reason not both given");
      break;
    }
    case "plandetail":
    case "placementdetail": {
      if (row.urn && !ctx.urns.has(row.urn)) report(file, line, "urn", `URN ${row.urn} not in the establishments file`);
      if (row.ukprn && !ctx.ukprns.has(row.ukprn)) report(file, line, "ukprn", `UKPRN ${row.ukprn} not in the establishments file`);
      if (row.sensetting && !(SEN_SETTINGS as readonly string[]).includes(row.sensetting)) report(file, line, "sensetting", `code ${row.sensetting}`);
      if (module === "placementdetail") notBefore("leavingdate", row.leavingdate, row.entrydate, "entrydate");
      break;
    }
    case "activeplans": {
      const request = ctx.ids.get("requests")!.get(row.requeststableid!);
      if (request && request.requestoutcome !== "A" && request.requestoutcome !== "Q") report(file, line, "requeststableid", "active plan under a request not decided A");
      break;
    }
    case "senneed":
      if (!(SEN_TYPES as readonly string[]).includes(row.sentype!)) report(file, line, "sentype", `code ${row.sentype}`);
      break;
    default:
      break;
  }
}

/** The education extracts, when the folder has them: problems as their readers and the pipeline's linkage checks report them. */
function checkEducation(dir: string, report: (file: string, row: number, column: string, message: string) => void): void {
  let names: string[];
  try {
    names = readdirSync(join(dir, "education")).sort();
  } catch {
    return;
  }
  const path = (name: string) => `education/${name}`;
  const pupils: { file: string; pupil: CensusPupil }[] = [];
  const identity = new Map<string, string>();
  for (const name of names.filter((n) => n.startsWith("school-census"))) {
    const read = readSchoolCensus(readFileSync(join(dir, "education", name)), path(name));
    for (const p of read.problems) report(p.file, p.row ?? 0, p.column ?? "", p.message);
    for (const pupil of read.pupils) {
      pupils.push({ file: path(name), pupil });
      const who = `${pupil.birthDate}|${pupil.sex}|${pupil.ethnicity}`;
      if ((identity.get(pupil.upn) ?? who) !== who) report(path(name), pupil.line, "UPN", "pupil details differ from another census");
      identity.set(pupil.upn, who);
    }
  }
  const statuses = new Map<string, { date: string; status: string }[]>();
  for (const { pupil } of pupils) statuses.set(pupil.upn, [...(statuses.get(pupil.upn) ?? []), { date: pupil.censusDate, status: pupil.senProvision }]);
  const calendar = new SchoolCalendar(CENSUS_DATES);
  const schoolDays = new Set(calendar.terms.flatMap((term) => term.schoolDays.map(dayIso)));
  if (names.includes("exclusions.csv")) {
    const read = readExclusions(readFileSync(join(dir, "education", "exclusions.csv")), path("exclusions.csv"), { referenceDate: dayIso(CENSUS_DATES[CENSUS_DATES.length - 1]!) });
    for (const p of read.problems) report(p.file, p.row ?? 0, p.column ?? "", p.message);
    for (const event of read.events) {
      if (!statuses.has(event.upn)) report(path("exclusions.csv"), event.line, "UPN", "pupil in no census");
      if (!schoolDays.has(event.startDate)) report(path("exclusions.csv"), event.line, "StartDate", "not a school day of a census term");
    }
  }
  if (names.includes("top-up-funding.csv")) {
    const read = readTopUpFunding(readFileSync(join(dir, "education", "top-up-funding.csv")), path("top-up-funding.csv"));
    for (const p of read.problems) report(p.file, p.row ?? 0, p.column ?? "", p.message);
    for (const agreement of read.agreements) {
      const during = (statuses.get(agreement.upn) ?? []).filter((c) => c.date >= agreement.startDate && (agreement.endDate === null || c.date <= agreement.endDate));
      if (!during.some((c) => c.status === "K")) report(path("top-up-funding.csv"), agreement.line, "UPN", "not on SEN support at any census while funded");
    }
  }
}

main();
