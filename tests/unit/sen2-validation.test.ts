// Each SEN2 validation rule fires with the right file, row and column; rejects cascade; rows in = accepted + rejected.

import { describe, expect, it } from "vitest";
import { readSen2Export, type Sen2Export } from "../../loaders/sources/sen2.js";
import { buildExport, exportCsv, type PersonFixture } from "../fixtures/sen2-builder.js";
import { DataError } from "../../loaders/sources/problems.js";
import type { Sen2Module } from "../../loaders/sources/sen2-schema.js";
import { UPNS } from "../fixtures/small-area.js";

const REFERENCE = "2025-01-16";
const FILE = (module: string) => `Blade-Export_16-01-2025_${module}.csv`;

const planRequest = (overrides: Partial<PersonFixture["requests"][number]> = {}): PersonFixture["requests"][number] => ({
  receiveddate: "2024-01-10",
  requestoutcome: "A",
  requestoutcomedate: "2024-02-14",
  assessment: { assessmentoutcome: "Y", assessmentoutcomedate: "2024-05-01", plan: { startdate: "2024-05-29", named: [{ urn: "100001" }] } },
  active: { needs: ["ASD"], placements: [{ urn: "100001" }] },
  ...overrides,
});

function read(people: PersonFixture[], edit?: (files: Record<Sen2Module, string>) => void): Sen2Export {
  const files = exportCsv(buildExport(REFERENCE, people, "9"));
  edit?.(files);
  return readSen2Export({
    exportDate: REFERENCE,
    files: Object.fromEntries(Object.entries(files).map(([module, text]) => [module, { name: FILE(module), text }])),
  }, { homeLa: "893" });
}

const account = (result: Sen2Export, module: string) => result.accounts.find((a) => a.module === module)!;
const problem = (result: Sen2Export, rule: string) => result.problems.find((p) => p.rule === rule);

describe("SEN2 validation", () => {
  it("accepts a clean export and accounts for every row", () => {
    const result = read([{ upn: UPNS.p1, personbirthdate: "2015-03-10", requests: [planRequest()] }]);
    expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(result.referenceDate).toBe(REFERENCE);
    for (const a of result.accounts) expect(a.rowsIn).toBe(a.accepted + a.rejected);
    expect(account(result, "senneed")).toMatchObject({ rowsIn: 1, accepted: 1, rejected: 0 });
  });

  it("rejects a bad date with file, row and column, and cascades to the rows below it", () => {
    const result = read(
      [{ upn: UPNS.p1, personbirthdate: "2015-03-10", requests: [planRequest()] }],
      (files) => { files.requests = files.requests.replace("2024-Jan-10 00:00:00", "31/02/2024"); },
    );
    // The only requests row is line 2 of its file.
    expect(problem(result, "bad-date")).toMatchObject({ file: FILE("requests"), row: 2, column: "receiveddate", severity: "error" });
    expect(problem(result, "bad-date")!.message).toContain("'31/02/2024' is not a real calendar date");
    // Assessment, plan, plan detail, active plan, placement and need all hang below the request.
    for (const module of ["requests", "assessment", "namedplan", "plandetail", "activeplans", "placementdetail", "senneed"]) {
      expect(account(result, module)).toMatchObject({ rowsIn: 1, accepted: 0, rejected: 1 });
    }
    expect(result.problems.filter((p) => p.rule === "parent-rejected").map((p) => p.file)).toContain(FILE("senneed"));
  });

  it("rejects a request decided before it was received (date order)", () => {
    const result = read([{ upn: UPNS.p1, personbirthdate: "2015-03-10", requests: [planRequest({ requestoutcomedate: "2023-12-01" })] }]);
    expect(problem(result, "date-order")).toMatchObject({ file: FILE("requests"), row: 2, column: "requestoutcomedate" });
    expect(account(result, "requests").rejected).toBe(1);
  });

  it("rejects a plan ceasing before it started, checked against the plan's own start", () => {
    const request = planRequest();
    request.assessment!.plan!.ceasedate = "2024-05-01";
    const result = read([{ upn: UPNS.p1, personbirthdate: "2015-03-10", requests: [request] }]);
    expect(problem(result, "date-order")).toMatchObject({ file: FILE("namedplan"), column: "ceasedate" });
    expect(account(result, "namedplan").rejected).toBe(1);
    expect(account(result, "plandetail").rejected).toBe(1);
    // The request and its active plan record stand: only the plan's branch falls.
    expect(account(result, "activeplans").accepted).toBe(1);
  });

  it("rejects dates after the export's reference date, never judged against today", () => {
    const result = read([{ upn: UPNS.p1, personbirthdate: "2015-03-10", requests: [planRequest({ receiveddate: "2025-01-17", requestoutcome: undefined, requestoutcomedate: undefined, assessment: undefined, active: undefined })] }]);
    expect(problem(result, "future-date")).toMatchObject({ file: FILE("requests"), row: 2, column: "receiveddate" });
    expect(problem(result, "future-date")!.message).toContain("2025-01-16");
  });

  it("rejects duplicate ids and orphans, naming the first use", () => {
    const result = read(
      [{ upn: UPNS.p1, personbirthdate: "2015-03-10", requests: [planRequest(), planRequest({ receiveddate: "2024-03-01" })] }],
      (files) => {
        const lines = files.senneed.trimEnd().split("\n");
        // Second need row reuses the first's id; a third points at an active plan that does not exist.
        const firstId = lines[1]!.split(",")[0]!;
        lines[2] = [firstId, ...lines[2]!.split(",").slice(1)].join(",");
        lines.push(["99999", "424242", "", "", "", "SEMH", "1"].join(","));
        files.senneed = lines.join("\n") + "\n";
      },
    );
    expect(problem(result, "duplicate-id")).toMatchObject({ file: FILE("senneed"), row: 3, column: "senneedtableid" });
    expect(problem(result, "duplicate-id")!.message).toContain("first used on row 2");
    expect(problem(result, "orphan")).toMatchObject({ file: FILE("senneed"), row: 4, column: "activeplanstableid" });
    expect(account(result, "senneed")).toMatchObject({ rowsIn: 3, accepted: 1, rejected: 2 });
  });

  it("rejects codes outside the lists and keeps an unknown outcome code as an 'unmapped' warning", () => {
    const request = planRequest({ requestoutcome: "Q" });
    request.active!.needs = ["AUT"];
    const result = read([{ upn: UPNS.p1, personbirthdate: "2015-03-10", requests: [request] }]);
    expect(problem(result, "bad-code")).toMatchObject({ file: FILE("senneed"), column: "sentype", severity: "error" });
    expect(problem(result, "unmapped-outcome")).toMatchObject({ file: FILE("requests"), column: "requestoutcome", severity: "warning" });
    expect(account(result, "requests").accepted).toBe(1);
  });

  it("checks booleans, whole numbers and UPN check letters", () => {
    const result = read(
      [{ upn: "A893123424001", personbirthdate: "2015-03-10", requests: [planRequest({ requestmediation: "maybe" as unknown as number })] }],
      (files) => { files.senneed = files.senneed.replace(/,ASD,1\n/, ",ASD,first\n"); },
    );
    expect(problem(result, "bad-boolean")).toMatchObject({ column: "requestmediation", severity: "error" });
    expect(problem(result, "bad-number")).toMatchObject({ column: "sentyperank", severity: "error" });
    expect(problem(result, "upn-check-letter")).toMatchObject({ column: "upn", severity: "warning" });
  });

  it("never repeats a personal value in a message", () => {
    const result = read(
      [{ upn: UPNS.p1, personbirthdate: "2015-03-10", requests: [planRequest()] }],
      (files) => { files.person = files.person.replace("2015-Mar-10 00:00:00", "10-13-2015"); },
    );
    const bad = problem(result, "bad-date")!;
    expect(bad).toMatchObject({ file: FILE("person"), column: "personbirthdate" });
    expect(bad.message).not.toContain("10-13-2015");
  });

  it("reports a short row, a missing optional column and an extra column", () => {
    const result = read(
      [{ upn: UPNS.p1, personbirthdate: "2015-03-10", requests: [planRequest()] }],
      (files) => {
        files.activeplans = files.activeplans.replace(",lastreview", ",source").trimEnd() + "\n7777,1\n";
      },
    );
    expect(problem(result, "missing-column")).toMatchObject({ file: FILE("activeplans"), row: 1, column: "lastreview", severity: "warning" });
    expect(problem(result, "extra-column")).toMatchObject({ column: "source" });
    expect(problem(result, "field-count")).toMatchObject({ file: FILE("activeplans"), row: 3 });
    expect(account(result, "activeplans")).toMatchObject({ rowsIn: 2, accepted: 1, rejected: 1 });
  });

  it("stops with a clear error naming a missing module file", () => {
    expect(() => read([], (files) => { delete (files as Partial<typeof files>).senneed; })).toThrow(DataError);
    expect(() => read([], (files) => { delete (files as Partial<typeof files>).senneed; })).toThrow(/Blade-Export_16-01-2025_senneed\.csv/);
  });

  it("stops with a clear error when a file is not the module it claims to be", () => {
    expect(() => read([], (files) => { files.requests = "a,b,c\n1,2,3\n"; })).toThrow(/requests\.csv: the header has no requeststableid/);
  });
});
