// The school census contract: each rule with file, row and column; legacy codes mapped with a warning;
// row accounting; CSV and XLSX identical.

import { describe, expect, it } from "vitest";
import * as XLSX from "@e965/xlsx";
import { readSchoolCensus } from "../../loaders/sources/school-census.js";
import { UPNS } from "../fixtures/small-area.js";

const HEADER = "CensusDate,UPN,DOB,Sex,Ethnicity,NCyearActual,SENprovision,PrimarySENtype,URN,EnrolStatus,PupilPremiumIndicator,SessionsPossible,SessionsAttended,AuthorisedAbsence,UnauthorisedAbsence";
const row = (overrides: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    CensusDate: "2025-01-16", UPN: UPNS.p1, DOB: "2015-03-10", Sex: "M", Ethnicity: "WBRI", NCyearActual: "4", SENprovision: "E",
    PrimarySENtype: "ASD", URN: "100001", EnrolStatus: "C", PupilPremiumIndicator: "N", SessionsPossible: "100", SessionsAttended: "90",
    AuthorisedAbsence: "6", UnauthorisedAbsence: "4",
  };
  return HEADER.split(",").map((column) => overrides[column] ?? base[column]).join(",");
};
const read = (...rows: string[]) => readSchoolCensus(new TextEncoder().encode([HEADER, ...rows].join("\n") + "\n"), "census.csv");

describe("school census", () => {
  it("reads a clean row", () => {
    const result = read(row());
    expect(result.problems).toEqual([]);
    expect(result.pupils[0]).toMatchObject({ upn: UPNS.p1, senProvision: "E", primaryNeed: "ASD", sessionsPossible: 100, sessionsAttended: 90, enrolStatus: "C" });
    expect(result.account).toMatchObject({ rowsIn: 1, accepted: 1, rejected: 0 });
  });

  it("rejects bad codes, dates and sessions with file, row and column", () => {
    const result = read(
      row({ SENprovision: "Q" }),
      row({ UPN: UPNS.p2, EnrolStatus: "Z" }),
      row({ UPN: UPNS.p3, CensusDate: "31/02/2025" }),
      row({ UPN: UPNS.p4, SessionsAttended: "120" }),
      row({ UPN: UPNS.p5, URN: "12AB" }),
    );
    const at = (rule: string, line: number) => result.problems.find((p) => p.rule === rule && p.row === line);
    expect(at("bad-code", 2)).toMatchObject({ file: "census.csv", column: "SENprovision", severity: "error" });
    expect(at("bad-code", 3)).toMatchObject({ column: "EnrolStatus" });
    expect(at("bad-date", 4)).toMatchObject({ column: "CensusDate" });
    expect(at("sessions", 5)).toMatchObject({ column: "SessionsAttended" });
    expect(at("bad-code", 6)).toMatchObject({ column: "URN" });
    expect(result.account).toMatchObject({ rowsIn: 5, accepted: 0, rejected: 5 });
  });

  it("maps legacy SEN codes and keeps rows with warnings; refuses a duplicate enrolment", () => {
    const result = read(row({ SENprovision: "S" }), row({ UPN: UPNS.p2, SENprovision: "P", PrimarySENtype: "" }), row({ UPN: UPNS.p2, SENprovision: "P", PrimarySENtype: "" }));
    expect(result.pupils.map((p) => p.senProvision)).toEqual(["E", "K"]);
    expect(result.problems.filter((p) => p.rule === "legacy-code").map((p) => p.severity)).toEqual(["warning", "warning", "warning"]);
    expect(result.problems.find((p) => p.rule === "duplicate-id")).toMatchObject({ row: 4, column: "UPN" });
    // Sessions that do not add up are a warning: 90 + 6 + 4 = 100 here, so none.
    expect(result.problems.some((p) => p.rule === "sessions")).toBe(false);
    expect(result.account).toMatchObject({ rowsIn: 3, accepted: 2, rejected: 1 });
  });

  it("reads the same pupils from XLSX as from CSV", () => {
    const csvText = [HEADER, row(), row({ UPN: UPNS.p2, SENprovision: "K", PrimarySENtype: "SEMH" })].join("\n");
    const rows = csvText.split("\n").map((line) => line.split(","));
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["Spring census 2025"], ...rows]), "Census");
    const fromXlsx = readSchoolCensus(new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx" })), "census.xlsx");
    const fromCsv = readSchoolCensus(new TextEncoder().encode(csvText), "census.csv");
    expect(fromXlsx.pupils.map(({ line: _line, ...pupil }) => pupil)).toEqual(fromCsv.pupils.map(({ line: _line, ...pupil }) => pupil));
  });
});
