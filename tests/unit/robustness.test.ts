// A corpus of malformed extracts across every source: each gives a clear error (a DataError naming the
// file) or rows accounted for (rows in = accepted + rejected, every rejected row with a problem naming its
// row and column). Nothing crashes; nothing is lost silently.

import { describe, expect, it } from "vitest";
import * as XLSX from "@e965/xlsx";
import { readSchoolCensus } from "../../loaders/sources/school-census.js";
import { readExclusions } from "../../loaders/sources/exclusions.js";
import { readTopUpFunding } from "../../loaders/sources/top-up-funding.js";
import { readEstablishments } from "../../loaders/sources/establishments.js";
import { readTermDates } from "../../loaders/sources/term-dates.js";
import { readEvidenceTracker } from "../../loaders/inspection/evidence.js";
import { validateListFile } from "../../loaders/inspection/validate.js";
import { readPlacementDecisions } from "../../loaders/sources/placement-decisions.js";
import { readApPlacements } from "../../loaders/sources/ap-placements.js";
import { readFairAccess } from "../../loaders/sources/fair-access.js";
import { readRegister } from "../../loaders/sources/registers.js";
import { readActivityCodes, readPost16Activity } from "../../loaders/sources/post16-activity.js";
import { readBankHolidays } from "../../loaders/model/school-days.js";
import { DataError, type Problem, type RowAccount } from "../../loaders/sources/problems.js";
import { upnCheckLetter } from "../../loaders/sources/upn.js";

const upn = (n: number) => { const body = `89312342${String(5000 + n)}`; return upnCheckLetter(body) + body; };
const CENSUS_HEADER = "CensusDate,UPN,DOB,Sex,Ethnicity,NCyearActual,SENprovision,PrimarySENtype,URN,EnrolStatus,PupilPremiumIndicator,SessionsPossible,SessionsAttended,AuthorisedAbsence,UnauthorisedAbsence";
const pupil = (n: number, overrides: Partial<Record<"date" | "dob" | "sen" | "need" | "possible" | "attended", string>> = {}) =>
  [overrides.date ?? "2025-01-16", upn(n), overrides.dob ?? "2014-05-01", "F", "WBRI", "5", overrides.sen ?? "K", overrides.need ?? "SEMH", "100001", "C", "false",
    overrides.possible ?? "16", overrides.attended ?? "15", "1", "0"].join(",");
const utf8 = (text: string) => new TextEncoder().encode(text);
const latin = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0) & 0xff));
const xlsx = (rows: unknown[][]) => {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows, { cellDates: true }), "Sheet1");
  return new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx" }) as ArrayBuffer);
};

type Read = { problems: Problem[]; account: RowAccount };
type Expectation = { error: RegExp } | { rowsIn: number; rejected: number; rules?: string[] };
interface Case { name: string; read: () => Read; expect: Expectation }

const census = (bytes: Uint8Array, fileName = "school-census.csv") => () => readSchoolCensus(bytes, fileName);
const exclusions = (bytes: Uint8Array) => () => readExclusions(bytes, "exclusions.csv");
const topUp = (bytes: Uint8Array) => () => readTopUpFunding(bytes, "top-up.csv");
const asRead = <T extends { problems: Problem[] }>(f: () => T, rowsIn: (t: T) => number, accepted: (t: T) => number) => () => {
  const t = f();
  return { problems: t.problems, account: { source: "", file: "", module: "", rowsIn: rowsIn(t), accepted: accepted(t), rejected: rowsIn(t) - accepted(t) } };
};

const TEN_MB = "x".repeat(10 * 1024 * 1024);
const decisions = (text: string) => () => readPlacementDecisions(utf8(text), "placement-decisions.csv");
const ap = (bytes: Uint8Array, fileName = "ap-placements.csv") => () => readApPlacements(bytes, fileName);
const register = (text: string) => () => readRegister(utf8(text), "no-school-place.csv", "no_place");
const CODES = readActivityCodes("code,label,group,setting\n130,FE,education,fe_post16\n540,NEET,neet,\n", "codes.csv");
const post16 = (text: string) => () => readPost16Activity(utf8(text), "post16-activity.csv", CODES);
const DECISIONS = "UPN,ULN,DecisionDate,URN,UKPRN,FirstDayOnRoll";
const AP = "UPN,URN,StartDate,EndDate,Reason,Outcome,SENStatus";
const POST16 = "UPN,ULN,DOB,SENStatus,ActivityCode,StartDate,EndDate,LivingArrangement";
const CASES: Case[] = [
  { name: "census: an empty file", read: census(new Uint8Array()), expect: { error: /school-census\.csv is empty/ } },
  { name: "census: a header only", read: census(utf8(`${CENSUS_HEADER}\n`)), expect: { rowsIn: 0, rejected: 0 } },
  { name: "census: a required column missing", read: census(utf8("CensusDate,UPN\n2025-01-16,X\n")), expect: { error: /school-census\.csv: no header row with dob/ } },
  { name: "census: BOM and CRLF", read: census(utf8(`\uFEFF${CENSUS_HEADER}\r\n${pupil(1)}\r\n${pupil(2)}\r\n`)), expect: { rowsIn: 2, rejected: 0 } },
  { name: "census: semicolon delimiter", read: census(utf8(`${CENSUS_HEADER.replaceAll(",", ";")}\n${pupil(1).replaceAll(",", ";")}\n`)), expect: { rowsIn: 1, rejected: 0 } },
  { name: "census: a quoted newline in an extra column", read: census(utf8(`${CENSUS_HEADER},Notes\n${pupil(1)},"two\nlines"\n${pupil(2)},\n`)), expect: { rowsIn: 2, rejected: 0 } },
  { name: "census: Windows-1252 text", read: census(latin(`${CENSUS_HEADER},School\n${pupil(1)},St Mary\u0092s Caf\u00e9\n`)), expect: { rowsIn: 1, rejected: 0 } },
  { name: "census: dates as DD/MM/YYYY text", read: census(utf8(`${CENSUS_HEADER}\n${pupil(1, { date: "16/01/2025", dob: "01/05/2014" })}\n`)), expect: { rowsIn: 1, rejected: 0 } },
  { name: "census: Excel serial dates in XLSX", read: census(xlsx([CENSUS_HEADER.split(","), [new Date(Date.UTC(2025, 0, 16)), upn(1), new Date(Date.UTC(2014, 4, 1)), "F", "WBRI", "5", "K", "SEMH", "100001", "C", "false", 16, 15, 1, 0]]), "school-census.xlsx"), expect: { rowsIn: 1, rejected: 0 } },
  { name: "census: XLSX with title rows above the header", read: census(xlsx([["Census extract"], ["Spring 2025"], [], CENSUS_HEADER.split(","), pupil(1).split(",")]), "school-census.xlsx"), expect: { rowsIn: 1, rejected: 0 } },
  { name: "census: month-first dates", read: census(utf8(`${CENSUS_HEADER}\n${pupil(1, { dob: "05/13/2014" })}\n${pupil(2, { dob: "05/06/2014" })}\n${pupil(3, { dob: "2014-06-05" })}\n`)), expect: { rowsIn: 3, rejected: 2, rules: ["ambiguous-date-order"] } },
  { name: "census: an impossible date", read: census(utf8(`${CENSUS_HEADER}\n${pupil(1, { dob: "31/02/2014" })}\n`)), expect: { rowsIn: 1, rejected: 1, rules: ["bad-date"] } },
  { name: "census: born after the census (a future date)", read: census(utf8(`${CENSUS_HEADER}\n${pupil(1, { dob: "2026-01-01" })}\n`)), expect: { rowsIn: 1, rejected: 1, rules: ["date-order"] } },
  { name: "census: an unknown SEN provision code", read: census(utf8(`${CENSUS_HEADER}\n${pupil(1, { sen: "X" })}\n`)), expect: { rowsIn: 1, rejected: 1, rules: ["bad-code"] } },
  { name: "census: an unknown primary need", read: census(utf8(`${CENSUS_HEADER}\n${pupil(1, { need: "ZZZ" })}\n`)), expect: { rowsIn: 1, rejected: 1, rules: ["bad-code"] } },
  { name: "census: a duplicate pupil row", read: census(utf8(`${CENSUS_HEADER}\n${pupil(1)}\n${pupil(1)}\n`)), expect: { rowsIn: 2, rejected: 1, rules: ["duplicate-id"] } },
  { name: "census: more sessions attended than possible", read: census(utf8(`${CENSUS_HEADER}\n${pupil(1, { possible: "10", attended: "12" })}\n`)), expect: { rowsIn: 1, rejected: 1, rules: ["sessions"] } },
  { name: "census: a short row", read: census(utf8(`${CENSUS_HEADER}\n2025-01-16,${upn(1)}\n`)), expect: { rowsIn: 1, rejected: 1, rules: ["required"] } },
  { name: "census: a 10 MB field", read: census(utf8(`${CENSUS_HEADER},Notes\n${pupil(1)},${TEN_MB}\n`)), expect: { rowsIn: 1, rejected: 0 } },
  { name: "census: an unterminated quote", read: census(utf8(`${CENSUS_HEADER},Notes\n${pupil(1)},ok\n${pupil(2)},"never closed\n${pupil(3)},\n`)), expect: { rowsIn: 2, rejected: 1, rules: ["unterminated-quote"] } },
  { name: "census: legacy SEN provision codes", read: census(utf8(`${CENSUS_HEADER}\n${pupil(1, { sen: "S" })}\n`)), expect: { rowsIn: 1, rejected: 0, rules: ["legacy-code"] } },
  { name: "exclusions: an empty file", read: exclusions(new Uint8Array()), expect: { error: /exclusions\.csv is empty/ } },
  { name: "exclusions: an unknown category", read: exclusions(utf8(`UPN,URN,StartDate,Category,Reason,Sessions\n${upn(1)},100001,2024-11-04,LUNCH,PP,1\n`)), expect: { rowsIn: 1, rejected: 1, rules: ["bad-code"] } },
  { name: "exclusions: a date as text with a month name", read: exclusions(utf8(`UPN,URN,StartDate,Category,Reason,Sessions\n${upn(1)},100001,4 November 2024,FIXD,PP,1\n`)), expect: { rowsIn: 1, rejected: 1, rules: ["bad-date"] } },
  { name: "exclusions: month-first dates", read: exclusions(utf8(`UPN,URN,StartDate,Category,Reason,Sessions\n${upn(1)},100001,11/24/2024,FIXD,PP,1\n${upn(2)},100001,11/04/2024,FIXD,PP,1\n`)), expect: { rowsIn: 2, rejected: 2, rules: ["ambiguous-date-order"] } },
  { name: "exclusions: a UPN with a wrong check letter (kept, warned)", read: exclusions(utf8(`UPN,URN,StartDate,Category,Reason,Sessions\nA893123425001,100001,2024-11-04,FIXD,PP,1\n`)), expect: { rowsIn: 1, rejected: 0, rules: ["upn-check-letter"] } },
  { name: "top-up: ends before it starts", read: topUp(utf8(`UPN,URN,StartDate,EndDate\n${upn(1)},100001,2024-09-01,2024-08-01\n`)), expect: { rowsIn: 1, rejected: 1, rules: ["date-order"] } },
  { name: "top-up: no start date", read: topUp(utf8(`UPN,URN,StartDate,EndDate\n${upn(1)},100001,,\n`)), expect: { rowsIn: 1, rejected: 1, rules: ["required"] } },
  { name: "placement decisions: an empty file", read: decisions(""), expect: { error: /placement-decisions\.csv is empty/ } },
  { name: "placement decisions: on roll before the decision", read: decisions(`${DECISIONS}\n${upn(1)},,2024-05-10,100001,,2024-05-01\n`), expect: { rowsIn: 1, rejected: 1, rules: ["date-order"] } },
  { name: "placement decisions: neither UPN nor ULN, nor a setting", read: decisions(`${DECISIONS}\n,,2024-05-10,,,\n`), expect: { rowsIn: 1, rejected: 1, rules: ["required"] } },
  { name: "placement decisions: a ULN only (kept)", read: decisions(`${DECISIONS}\n,9912345678,2024-05-10,,10012345,2024-06-01\n`), expect: { rowsIn: 1, rejected: 0 } },
  { name: "AP placements: an unknown outcome", read: ap(utf8(`${AP}\n${upn(1)},100004,2024-01-08,2024-03-28,B,BACK,K\n`)), expect: { rowsIn: 1, rejected: 1, rules: ["bad-code"] } },
  { name: "AP placements: ended without an outcome (kept, warned)", read: ap(utf8(`${AP}\n${upn(1)},100004,2024-01-08,2024-03-28,B,,K\n`)), expect: { rowsIn: 1, rejected: 0, rules: ["missing-value"] } },
  { name: "AP placements: an unknown SEN status", read: ap(utf8(`${AP}\n${upn(1)},100004,2024-01-08,,B,,Z\n`)), expect: { rowsIn: 1, rejected: 1, rules: ["bad-code"] } },
  { name: "AP placements: XLSX with Excel dates and a title row", read: ap(xlsx([["AP register"], AP.split(","), [upn(1), "100004", new Date(Date.UTC(2024, 0, 8)), new Date(Date.UTC(2024, 2, 28)), "B", "RTM", "E"]]), "ap-placements.xlsx"), expect: { rowsIn: 1, rejected: 0 } },
  { name: "Fair Access: a blank decision date", read: () => readFairAccess(utf8(`UPN,DecisionDate,URN,FirstDayOnRoll,SENStatus\n${upn(1)},,100001,2024-09-12,N\n`), "fair-access.csv"), expect: { rowsIn: 1, rejected: 1, rules: ["required"] } },
  { name: "register: overlapping spells of one child (kept, warned)", read: register(`UPN,StartDate,EndDate\n${upn(1)},2024-02-01,2024-03-01\n${upn(1)},2024-02-15,\n`), expect: { rowsIn: 2, rejected: 0, rules: ["overlapping-spells"] } },
  { name: "register: month-first dates", read: register(`UPN,StartDate,EndDate\n${upn(1)},02/13/2024,\n${upn(2)},02/03/2024,\n`), expect: { rowsIn: 2, rejected: 2, rules: ["ambiguous-date-order"] } },
  { name: "post-16: an activity code not in the configuration", read: post16(`${POST16}\n${upn(1)},,2006-01-01,K,999,2024-09-01,,FAM\n`), expect: { rowsIn: 1, rejected: 1, rules: ["bad-code"] } },
  { name: "post-16: born after the activity began", read: post16(`${POST16}\n${upn(1)},,2025-01-01,K,130,2024-09-01,,FAM\n`), expect: { rowsIn: 1, rejected: 1, rules: ["date-order"] } },
  { name: "post-16: an unknown living arrangement (kept as not known)", read: post16(`${POST16}\n${upn(1)},,2006-01-01,E,540,2024-09-01,,CASTLE\n`), expect: { rowsIn: 1, rejected: 0, rules: ["bad-code"] } },
  { name: "post-16 codes: a group that does not exist", read: asRead(() => ({ problems: [], t: readActivityCodes("code,label,group,setting\n130,FE,studying,\n", "codes.csv") }), () => 0, () => 0), expect: { error: /codes\.csv row 2, column group/ } },
  { name: "bank holidays: not a date", read: asRead(() => ({ problems: [], t: readBankHolidays("date,name\n25/12/2024,Christmas\n", "bank-holidays.csv") }), () => 0, () => 0), expect: { error: /bank-holidays\.csv row 2, column date/ } },
  { name: "establishments: not a GIAS file", read: () => readEstablishments({ name: "edubasealldata.csv", text: "Name,Type\nA,B\n" }), expect: { error: /not a GIAS establishments file/ } },
  {
    name: "establishments: a duplicate URN and a bad LA code",
    read: () => readEstablishments({ name: "edubasealldata.csv", text: "URN,UKPRN,EstablishmentName,TypeOfEstablishment (name),EstablishmentTypeGroup (name),PhaseOfEducation (name),LA (code),LA (name),EstablishmentStatus (name)\n100001,,A,Community school,Local authority maintained schools,Primary,893,Shropshire,Open\n100001,,B,Community school,Local authority maintained schools,Primary,893,Shropshire,Open\n100002,,C,Community school,Local authority maintained schools,Primary,Shropshire,Shropshire,Open\n" }),
    expect: { rowsIn: 3, rejected: 2, rules: ["duplicate-id", "bad-code"] },
  },
  { name: "term dates: overlapping terms", read: asRead(() => ({ problems: [], t: readTermDates("academic_year,term,half,first_day,last_day\n2024/25,autumn,1,2024-09-03,2024-10-25\n2024/25,autumn,2,2024-10-20,2024-12-20\n", "term-dates.csv") }), () => 0, () => 0), expect: { error: /overlaps/ } },
  { name: "term dates: a wrong academic year", read: asRead(() => ({ problems: [], t: readTermDates("academic_year,term,half,first_day,last_day\n2024/26,autumn,1,2024-09-03,2024-10-25\n", "term-dates.csv") }), () => 0, () => 0), expect: { error: /row 2, column academic_year/ } },
  { name: "evidence tracker: columns missing", read: asRead(() => readEvidenceTracker("id,item\nE1,x\n", "evidence.csv"), () => 0, () => 0), expect: { error: /evidence\.csv: missing column/ } },
  { name: "evidence tracker: a bad status and date", read: asRead(() => readEvidenceTracker("id,area,item,lead,due,status,notes\nE1,A,x,L,2026-13-01,done,\nE2,A,y,L,2026-01-01,ready,\n", "evidence.csv"), () => 2, (t) => t.items.length), expect: { rowsIn: 2, rejected: 1, rules: ["bad-date", "bad-code"] } },
  {
    name: "Annex A: a list with no recognisable header",
    read: asRead(() => ({ ...validateListFile(utf8("a,b,c\n1,2,3\n"), "list.csv", { listDate: "2025-01-16" }), problems: [] as Problem[] }), (r) => r.accounts.length, (r) => r.accounts.length),
    expect: { rowsIn: 0, rejected: 0 },
  },
];

describe("malformed extracts", () => {
  it("has at least 30 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
    const expectation = testCase.expect;
    if ("error" in expectation) {
      let thrown: unknown;
      try {
        testCase.read();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, "a clear error, not a crash").toBeInstanceOf(DataError);
      expect((thrown as Error).message).toMatch(expectation.error);
      return;
    }
    const { problems, account } = testCase.read();
    expect(account.rowsIn).toBe(expectation.rowsIn);
    expect(account.rejected).toBe(expectation.rejected);
    expect(account.accepted + account.rejected).toBe(account.rowsIn);
    // Every rejected row has an error naming its row and column.
    const errorRows = new Set(problems.filter((p) => p.severity === "error").map((p) => p.row));
    expect(errorRows.size).toBeGreaterThanOrEqual(expectation.rejected > 0 ? 1 : 0);
    for (const problem of problems) {
      expect(problem.row === null || problem.row > 0).toBe(true);
      expect(problem.message.length).toBeGreaterThan(10);
    }
    for (const rule of expectation.rules ?? []) expect(problems.map((p) => p.rule)).toContain(rule);
  });
});
