// Exclusions and top-up funding contracts: rules with file, row and column; row accounting.

import { describe, expect, it } from "vitest";
import { readExclusions } from "../../loaders/sources/exclusions.js";
import { readTopUpFunding } from "../../loaders/sources/top-up-funding.js";
import { UPNS } from "../fixtures/small-area.js";

const bytes = (lines: string[]) => new TextEncoder().encode(lines.join("\n") + "\n");

describe("exclusions extract", () => {
  it("reads suspensions and permanent exclusions, with the words systems write for them", () => {
    const result = readExclusions(bytes([
      "UPN,URN,StartDate,Category,Reason,Sessions",
      `${UPNS.p1},100001,2024-11-04,FIXD,PP,4`,
      `${UPNS.p2},100002,05/12/2024,Permanent exclusion,VP,`,
    ]), "exclusions.csv", { referenceDate: "2025-01-16" });
    expect(result.events.map((e) => [e.category, e.startDate, e.sessions])).toEqual([["FIXD", "2024-11-04", 4], ["PERM", "2024-12-05", null]]);
    expect(result.problems).toEqual([]);
  });

  it("rejects unknown categories, bad and future dates; warns on a suspension without sessions", () => {
    const result = readExclusions(bytes([
      "UPN,URN,StartDate,Category,Reason,Sessions",
      `${UPNS.p1},100001,2024-11-04,LUNCH,PP,1`,
      `${UPNS.p2},100001,2025-02-01,FIXD,PP,2`,
      `${UPNS.p3},100001,2024-13-01,FIXD,PP,2`,
      `${UPNS.p4},100001,2024-10-01,FIXD,PP,`,
    ]), "exclusions.csv", { referenceDate: "2025-01-16" });
    const at = (line: number) => result.problems.find((p) => p.row === line)!;
    expect(at(2)).toMatchObject({ column: "Category", rule: "bad-code", severity: "error" });
    expect(at(3)).toMatchObject({ column: "StartDate", rule: "future-date" });
    expect(at(4)).toMatchObject({ column: "StartDate", rule: "bad-date" });
    expect(at(5)).toMatchObject({ column: "Sessions", severity: "warning" });
    expect(result.account).toMatchObject({ rowsIn: 4, accepted: 1, rejected: 3 });
  });
});

describe("top-up funding extract", () => {
  it("reads agreements and rejects one that ends before it starts", () => {
    const result = readTopUpFunding(bytes([
      "UPN,URN,StartDate,EndDate",
      `${UPNS.p1},100001,2024-09-01,`,
      `${UPNS.p2},100001,2024-09-01,2024-08-31`,
    ]), "top-up.csv");
    expect(result.agreements).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ row: 3, column: "EndDate", rule: "date-order" });
    expect(result.account).toMatchObject({ rowsIn: 2, accepted: 1, rejected: 1 });
  });
});
