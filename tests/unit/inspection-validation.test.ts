// Annex A list validation: each rule on a row made to break it, a messy hand-made workbook (title rows,
// merged cells, header typos, "Y ", two-digit years, Excel dates), the real messy fake_sen.xlsx, and the
// case-tracking sample's reproducibility and spread.

import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as XLSX from "@e965/xlsx";
import { validateListFile, validateRecords, parseListDate, type ListRecord } from "../../loaders/inspection/validate.js";
import { RULES } from "../../loaders/inspection/rules.js";
import { drawCaseSample, caseChecklist, readChecklist } from "../../loaders/inspection/case-sample.js";
import type { BuiltLists, ListRow } from "../../loaders/inspection/build-lists.js";
import { upnCheckLetter } from "../../loaders/sources/upn.js";
import { REPO_ROOT } from "../../loaders/node/config.js";

const LIST_DATE = "2025-01-16";
const upn = (serial: string) => upnCheckLetter(`89312342${serial}`) + `89312342${serial}`;

/** A List 1 row that passes every rule; each test breaks one thing. */
const good = (overrides: Partial<ListRow> = {}): ListRecord => ({
  line: 2,
  cells: {
    unique_id: "P1", upn: upn("4001"), uln: "", birth_date: "10/03/2015", gender: "F", ethnicity: "WBRI",
    initial_plan_date: "29/05/2024", updated_plan_date: "", last_review_date: "01/12/2024", primary_need: "ASD",
    main_urn: "100001", main_phase: "Primary", subsidiary_phase: "", ehe: "No", suspensions: "0", permanent_exclusions: "0",
    absence: "4.5", pupil_premium: "No", known_to_social_care: "No", social_care_team: "", disability: "No", ...overrides,
  },
});
const rulesFor = (records: ListRecord[], list: 1 | 2 = 1) => validateRecords(list, "List", records, { listDate: LIST_DATE }).map((p) => `${p.rule}:${p.severity}`);

describe("Annex A rules", () => {
  it("passes a good row", () => {
    expect(rulesFor([good()])).toEqual([]);
  });

  const cases: [string, Partial<ListRow>, string][] = [
    ["101a missing date of birth", { birth_date: "" }, "101a:error"],
    ["101b missing gender", { gender: "" }, "101b:error"],
    ["101c missing ethnicity", { ethnicity: "" }, "101c:error"],
    ["101d missing primary need", { primary_need: "" }, "101d:error"],
    ["102a aged 25", { birth_date: "01/01/2000", main_urn: "", main_phase: "" }, "102a:query"],
    ["102b aged 26", { birth_date: "01/01/1998" }, "102b:error"],
    ["103 no disability status", { disability: "" }, "103:query"],
    ["105a future date of birth", { birth_date: "01/02/2026" }, "105a:query"],
    ["105b future initial plan", { initial_plan_date: "01/02/2026" }, "105b:query"],
    ["105c future updated plan", { updated_plan_date: "01/02/2026" }, "105c:query"],
    ["105d future review", { last_review_date: "01/02/2026" }, "105d:query"],
    ["106a initial after updated", { updated_plan_date: "01/01/2024" }, "106a:error"],
    ["106b initial after review", { last_review_date: "01/01/2024" }, "106b:error"],
    ["107 no UPN or ULN at 6+", { upn: "" }, "107:error"],
    ["108a school age with no establishment", { main_urn: "", main_phase: "" }, "108a:error"],
    ["108b subsidiary but no main", { main_urn: "", main_phase: "", subsidiary_phase: "PRU/AP" }, "108b:query"],
    ["A01 unreadable date", { last_review_date: "12/13/2024" }, "A01:error"],
    ["A02 two-digit year", { last_review_date: "1/12/24" }, "A02:query"],
    ["A03 unknown need", { primary_need: "H5" }, "A03:error"],
    ["A03 phase outside the list", { main_phase: "1" }, "A03:error"],
    ["A03 URN not six or seven digits", { main_urn: "School" }, "A03:error"],
    ["A04 yes/no", { pupil_premium: "ayes" }, "A04:error"],
    ["A05 count", { suspensions: "two" }, "A05:error"],
    ["A05 percentage", { absence: "140" }, "A05:error"],
    ["A08 UPN check letter", { upn: "wills_upn" }, "A08:query"],
    ["A09 no unique id", { unique_id: "" }, "A09:error"],
  ];
  it.each(cases)("%s", (_name, overrides, expected) => {
    expect(rulesFor([good(overrides)])).toContain(expected);
  });

  it("109 duplicate UPN, and the List 2 codes for List 2", () => {
    expect(rulesFor([good(), { ...good(), line: 3 }])).toEqual(["109:error"]);
    expect(rulesFor([{ ...good(), line: 2 }, { ...good({ birth_date: "" }), line: 3 }].map((r) => r), 2)).toEqual(expect.arrayContaining(["209:error", "201a:error"]));
  });

  it("accepts an 'unknown' UPN code, an EHE child without a school, and 'Y ' or 'yes' for Yes", () => {
    expect(rulesFor([good({ upn: "UN2", uln: "" })])).toEqual([]);
    expect(rulesFor([good({ main_urn: "", main_phase: "", ehe: "Yes" })])).toEqual([]);
    expect(rulesFor([good({ pupil_premium: "Y", known_to_social_care: "yes" })])).toEqual([]);
  });

  it("documents every rule of rules.xlsx, with a reason for those that cannot apply", () => {
    const codes = RULES.map((r) => r.code);
    for (const code of ["101a", "101b", "101c", "101d", "102a", "102b", "103", "104", "105a", "105b", "105c", "105d", "106a", "106b", "107", "108a", "108b", "109", "112", "201a", "201b", "201c", "201d", "202a", "202b", "203", "205a", "207", "208a", "208b", "209"]) {
      expect(codes).toContain(code);
    }
    for (const rule of RULES.filter((r) => r.severity === "not applicable")) expect(rule.note).toBeTruthy();
  });

  it("refuses a column whose dates look month first, rather than read its other dates day first", () => {
    const problems = validateRecords(1, "List", [good({ birth_date: "03/13/2015" }), { ...good({ birth_date: "03/04/2015", upn: upn("4002") }), line: 3 }], { listDate: LIST_DATE });
    expect(problems.filter((p) => p.rule === "A01").map((p) => p.row)).toEqual([2, 3]);
    expect(problems.find((p) => p.row === 3)!.message).toMatch(/month-first \(row 2\)/);
  });

  it("reads dates as DD/MM/YYYY and never swaps day and month", () => {
    expect(parseListDate("05/06/2012", LIST_DATE).iso).toBe("2012-06-05");
    expect(parseListDate("5/6/12", LIST_DATE)).toMatchObject({ iso: "2012-06-05", problem: { rule: "A02" } });
    expect(parseListDate("5/6/93", LIST_DATE).iso).toBe("1993-06-05");
    expect(parseListDate("12/13/2011", LIST_DATE).problem!.message).toMatch(/month\/day order/);
  });
});

describe("a hand-made messy workbook", () => {
  function messyWorkbook(): Uint8Array {
    const header = ["Unique ID", "UPN", "ULN", "Date of brith", "Gender", "Ethnicity", "SEN primary need", "Main education establishment - URN", "Main education establishment – phase", "Subsidiary education establishment – phase (dual registration)", "Suspensions", "Permanent exclusions", "Absence", "Pupil Premium", "Known to chidlrens social care?", "Which children's social care team?", "Does the child or young person have a disability?"];
    const rows: unknown[][] = [
      ["Shropshire SEND: List 2 (SEN support)"], ["Prepared for inspection", "", "", "", "merged"], [],
      header,
      ["A1", upn("4101"), "", new Date(Date.UTC(2014, 4, 1)), "M", "WBRI", "SEMH", "100001", "primary", "", "0", "0", "5.2", "Y ", "No", "", "No"],
      ["A2", upn("4102"), "", "3/4/15", "F", "WBRI", "NSA", "100001", "Primary", "", "1", "0", "12%", "yes", "no", "", "no"],
      ["A3", upn("4103"), "", "31/02/2014", "F", "XXXX", "SLCN", "", "", "", "", "", "", "maybe", "No", "", ""],
    ];
    const sheet = XLSX.utils.aoa_to_sheet(rows, { cellDates: true, dateNF: "dd/mm/yyyy" });
    sheet["!merges"] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 8 } }, { s: { r: 1, c: 0 }, e: { r: 1, c: 3 } }];
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, "SEN support");
    return new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx" }) as ArrayBuffer);
  }

  it("finds the header under title rows, matches typos and reports every row", () => {
    const report = validateListFile(messyWorkbook(), "messy.xlsx", { listDate: LIST_DATE });
    expect(report.accounts).toEqual([{ list: 2, sheet: "SEN support", headerLine: 4, rowsIn: 3, rowsWithErrors: 1, rowsWithQueriesOnly: 1, rowsClean: 1 }]);
    const found = report.problems.map((p) => `${p.row}:${p.rule}:${p.column}`);
    // Header typos are matched, as queries.
    expect(found).toEqual(expect.arrayContaining(["4:A07:Date of birth", "4:A07:Known to children's social care?"]));
    // Row 5: an Excel date, "Y " and lower-case phase are fine. Row 6: a two-digit year (query). Row 7: errors.
    expect(found.filter((f) => f.startsWith("5:"))).toEqual([]);
    expect(found.filter((f) => f.startsWith("6:"))).toEqual(["6:A02:Date of birth"]);
    expect(found.filter((f) => f.startsWith("7:"))).toEqual(expect.arrayContaining(["7:A01:Date of birth", "7:A03:Ethnicity", "7:A04:Pupil Premium", "7:203:Does the child or young person have a disability?"]));
    expect(report.summary.reduce((sum, s) => sum + s.count, 0)).toBe(report.problems.length);
  });
});

const FAKE_SEN = join(REPO_ROOT, "..", "shared", "reference", "annex-a-d2i", "fake_sen.xlsx");
describe.skipIf(!existsSync(FAKE_SEN))("fake_sen.xlsx, data-to-insight's messy Annex A workbook (skipped: ../shared/reference absent)", () => {
  it("reads both lists and reports its planted problems", () => {
    const report = validateListFile(readFileSync(FAKE_SEN), "fake_sen.xlsx", { listDate: LIST_DATE });
    expect(report.accounts.map((a) => [a.list, a.sheet, a.rowsIn, a.rowsWithErrors])).toEqual([[1, "List_1", 2, 2], [2, "List_2", 2, 2]]);
    const found = report.problems.map((p) => `${p.sheet}:${p.row}:${p.rule}:${p.column}`);
    expect(found).toEqual(expect.arrayContaining([
      "List_1:2:A03:SEN primary need", // H5
      "List_1:2:A03:Main education establishment – URN", // School
      "List_1:2:A03:Subsidiary education establishment – phase (dual registration)", // Shool 2
      "List_1:2:102b:Date of birth", // born 1993
      "List_2:3:A04:Does the child or young person have a disability?", // hmm
      "List_2:2:A04:Pupil Premium", // 40
    ]));
  });
});

describe("case-tracking sample", () => {
  const row = (id: string, birth: string, need: string, phase: string, extra: Partial<ListRow> = {}): ListRow => ({
    unique_id: id, upn: "", birth_date: birth, primary_need: need, main_urn: "100001", main_phase: phase, subsidiary_phase: "", ehe: "No", ...extra,
  });
  const lists: BuiltLists = {
    listDate: LIST_DATE,
    list1: [
      row("E1", "01/01/2012", "ASD", "Secondary"), row("E2", "01/01/2016", "SEMH", "Primary"), row("E3", "01/01/2008", "SLD", "Special"),
      row("E4", "01/01/2012", "SEMH", "PRU/AP"), row("E5", "01/01/2003", "PD", "FE college"), row("E6", "01/01/2021", "SLCN", "Nursery"),
      row("E7", "01/01/2012", "ASD", "Secondary"), row("E8", "01/01/2014", "MLD", "Primary"),
    ],
    list2: [row("S1", "01/01/2015", "SLCN", "Primary"), row("S2", "01/01/2011", "SPLD", "Secondary"), row("S3", "01/01/2013", "NSA", "Primary"), row("S4", "01/01/2010", "SEMH", "Secondary")],
    blankColumns: [],
    sources: { sen2: true, census: true, exclusions: true, censusDate: LIST_DATE },
  };

  it("is reproducible for a seed and redrawn by another", () => {
    expect(drawCaseSample(lists, { seed: 7 })).toEqual(drawCaseSample(lists, { seed: 7 }));
    const seeds = [1, 2, 3, 4, 5].map((seed) => drawCaseSample(lists, { seed }).map((c) => c.unique_id).join(","));
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it.each([1, 2, 3, 11, 42])("draws 6 cases and 6 back-ups spread across the lists (seed %i)", (seed) => {
    const sample = drawCaseSample(lists, { seed });
    const cases = sample.filter((c) => c.role === "case");
    expect(cases).toHaveLength(6);
    expect(sample.filter((c) => c.role === "back-up")).toHaveLength(6);
    expect(new Set(sample.map((c) => c.unique_id)).size).toBe(12);
    // Someone in alternative provision (E4 is the only one), and both EHC plan and SEN support.
    expect(cases[0]).toMatchObject({ unique_id: "E4", reasons: expect.stringContaining("alternative provision") });
    expect(new Set(cases.map((c) => c.provision))).toEqual(new Set(["EHC plan", "SEN support"]));
    expect(new Set(cases.map((c) => c.age_band)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(cases.map((c) => c.primary_need)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(cases.map((c) => c.setting)).size).toBeGreaterThanOrEqual(4);
    for (const c of sample) expect(c.reasons).not.toBe("");
  });

  it("gives each case the checklist items that apply to it, each with a lead", () => {
    const items = readChecklist(readFileSync(join(REPO_ROOT, "config", "case-tracking-checklist.csv"), "utf-8"), "case-tracking-checklist.csv");
    const checklist = caseChecklist(drawCaseSample(lists, { seed: 1 }), items);
    const forCase = (id: string) => checklist.filter((c) => c.unique_id === id).map((c) => c.item);
    expect(forCase("E5")).toContain("Preparing for adulthood outcomes (from year 9)");
    expect(forCase("E4")).toContain("The current final EHC plan and the date it was issued");
    expect(checklist.every((c) => c.lead !== "")).toBe(true);
  });
});
