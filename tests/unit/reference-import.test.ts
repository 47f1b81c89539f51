// Comparators from published statistics: the quirks of DfE's files one by one (inline fixtures, always
// run) and the real figures from the real release (run where ../shared/reference is present).

import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dfePeriod, publishedNumber, readDfeCsv } from "../../loaders/reference/dfe-csv.js";
import { applyMappings, oncePerPeriod, OGL, sen2Collection, type ComparatorRow } from "../../loaders/reference/comparators.js";
import { summariseComparators, rankOf } from "../../loaders/reference/summarise.js";
import { importReference } from "../../loaders/reference/import-release.js";
import { readComparators } from "../../loaders/reference/read-comparators.js";
import { REPO_ROOT } from "../../loaders/node/config.js";

const PUBLICATION = { publication: "Test", release: "2025", licence: OGL };

describe("published number quirks", () => {
  it("reads leading spaces, thousands separators, percent signs, footnotes and nil dashes", () => {
    expect(publishedNumber(" 45.926")).toEqual({ value: 45.926, symbol: "" });
    expect(publishedNumber("1,071")).toEqual({ value: 1071, symbol: "" });
    expect(publishedNumber("36.5%")).toEqual({ value: 36.5, symbol: "" });
    expect(publishedNumber("12 [note 3]")).toEqual({ value: 12, symbol: "" });
    expect(publishedNumber(" - ")).toEqual({ value: 0, symbol: "" });
  });

  it("keeps the GSS symbols", () => {
    expect(["x", "z", "c", "low", "LOW"].map((text) => publishedNumber(text))).toEqual([
      { value: null, symbol: "x" }, { value: null, symbol: "z" }, { value: null, symbol: "c" }, { value: null, symbol: "low" }, { value: null, symbol: "low" },
    ]);
  });

  it("turns academic-year periods into the January census and keeps calendar years", () => {
    expect(dfePeriod("202425", "Academic year")).toEqual({ period: "2025-01", label: "January 2025" });
    expect(dfePeriod("2024", "Calendar year")).toEqual({ period: "2024", label: "calendar year 2024" });
    expect(sen2Collection("2021")).toBe("SEN2 aggregate");
    expect(sen2Collection("2022-01")).toBe("SEN2 aggregate");
    expect(sen2Collection("2022")).toBe("SEN2 person-level");
  });
});

// A DfE-shaped table: BOM, a repeated column, a name with a comma, old and new LA codes, a breakdown row.
const HEADER = "\uFEFFtime_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,breakdown_topic,breakdown,plans,plans,within,den";
const TABLE = [
  HEADER,
  "2024,Calendar year,National,E92000001,England,,,,,,All,All,1000,1,400,800",
  "2024,Calendar year,Regional,E92000001,England,E12000005,West Midlands,,,,All,All,100,1,x,80",
  '2024,Calendar year,Local authority,E92000001,England,E12000005,West Midlands,E06000019,884,"Herefordshire, County of",All,All,40,1,10,40',
  "2024,Calendar year,Local authority,E92000001,England,E12000005,West Midlands,E06000051,893,Shropshire,All,All,60,1, 30,40",
  "2024,Calendar year,Local authority,E92000001,England,E12000005,West Midlands,E06000051,893,Shropshire,Age,Aged 10,6,1,3,4",
].join("\r\n");

describe("reading a DfE table", () => {
  const table = readDfeCsv(TABLE, "fixture.csv");

  it("strips the BOM, renames a repeated column and keeps quoted commas", () => {
    expect(table.columns[0]).toBe("time_period");
    expect(table.repeatedColumns).toEqual(["plans"]);
    expect(table.columns).toContain("plans__2");
    expect(table.rows[2]!.cells.la_name).toBe("Herefordshire, County of");
  });

  it("maps total rows only, with both LA codes, numerator and denominator", () => {
    const rows = applyMappings(new Map([["fixture.csv", table]]), [
      { kpi: "k", measure: "pct", value: [], computeRatio: true, numerator: [{ file: "fixture.csv", column: "within" }], denominator: [{ file: "fixture.csv", column: "den" }] },
    ], PUBLICATION);
    // National, regional, two LAs: the "Aged 10" breakdown row is not a total.
    expect(rows).toHaveLength(4);
    const shropshire = rows.find((row) => row.old_la_code === "893")!;
    expect(shropshire).toMatchObject({ level: "la", code: "E06000051", name: "Shropshire", numerator: 30, denominator: 40, value: 75, period: "2024" });
    // The region's numerator is x, so its ratio is x too.
    expect(rows.find((row) => row.level === "regional")).toMatchObject({ value: null, symbol: "x" });
  });

  it("summarises England, region (published, else the LAs' mean), similar areas and rank", () => {
    const rows = applyMappings(new Map([["fixture.csv", table]]), [
      { kpi: "k", measure: "pct", value: [], computeRatio: true, numerator: [{ file: "fixture.csv", column: "within" }], denominator: [{ file: "fixture.csv", column: "den" }] },
    ], PUBLICATION);
    const [summary] = summariseComparators(rows, { homeOldCode: "893", regionCode: "E12000005", regionName: "West Midlands", similarOldCodes: ["884", "999"] }, () => ({ better: "higher", ranked: true }));
    // England 400/800 = 50%. Region published as x: mean of its LAs, (25 + 75) / 2 = 50 over 2 LAs.
    expect(summary!.england!.value).toBe(50);
    expect(summary!.region).toEqual({ value: 50, basis: "mean", las: 2 });
    // Similar areas: only Herefordshire (884) of the 2 configured has a figure: 10/40 = 25%.
    expect(summary!.similar).toMatchObject({ value: 25, las: 1, configured: 2 });
    // Shropshire 75% beats Herefordshire 25%: rank 1 of 2.
    expect(summary!.rank).toEqual({ position: 1, of: 2 });
  });

  it("ranks with ties sharing a place and lower-is-better reversing the order", () => {
    expect(rankOf(5, [9, 5, 5, 1], "higher")).toEqual({ position: 2, of: 4 });
    expect(rankOf(5, [9, 5, 5, 1], "lower")).toEqual({ position: 2, of: 4 });
    expect(rankOf(9, [9, 5, 5, 1], "lower")).toEqual({ position: 4, of: 4 });
  });

  it("takes each year once, preferring the person-level release", () => {
    const row = (period: string, value: number, publication: string): ComparatorRow => ({
      kpi: "k", measure: "count", level: "la", code: "E06000051", old_la_code: "893", name: "Shropshire", region_code: "", period, period_label: period, breakdown: "",
      value, numerator: null, denominator: null, symbol: "", collection: sen2Collection(period), source_file: "", source_column: "", numerator_column: "", denominator_column: "", publication, release: "", licence: OGL,
    });
    const kept = oncePerPeriod([row("2022", 10, "release")], [row("2021", 7, "aggregate"), row("2022", 11, "aggregate")]);
    expect(kept.map((r) => `${r.period} ${r.publication}`).sort()).toEqual(["2021 aggregate", "2022 release"]);
    // A year the release holds only as x is taken from the aggregate collection.
    const missing = { ...row("2019", 0, "release"), value: null, symbol: "x" as const };
    expect(oncePerPeriod([missing], [row("2019", 15, "aggregate")]).map((r) => `${r.period} ${r.publication} ${r.value}`)).toEqual(["2019 aggregate 15"]);
  });
});

const REFERENCE = join(REPO_ROOT, "..", "shared", "reference");
const hasReference = existsSync(join(REFERENCE, "dfe-ehcp-2025"));
if (!hasReference) console.warn(`Skipping real-release tests: ${REFERENCE} is not present (a user's clone has no copy of the published files).`);

describe.skipIf(!hasReference)("the real published files", () => {
  const report = hasReference ? importReference(REFERENCE) : { rows: [], read: [], notes: [] };
  const find = (kpi: string, measure: string, period: string, code: string) =>
    report.rows.filter((r) => r.kpi === kpi && r.measure === measure && r.period === period && (r.code === code || r.old_la_code === code));

  it("reads EHC plans at January 2025 and 2024 for England and Shropshire", () => {
    expect(find("ehcp.active_plans", "count", "2025-01", "E92000001")[0]!.value).toBe(638_745);
    expect(find("ehcp.active_plans", "count", "2025-01", "893")[0]).toMatchObject({ value: 3016, code: "E06000051", name: "Shropshire", region_code: "E12000005" });
    expect(find("ehcp.active_plans", "count", "2024-01", "E92000001")[0]!.value).toBe(576_474);
    expect(find("ehcp.active_plans", "count", "2024-01", "893")[0]!.value).toBe(2496);
  });

  it("reads 20-week timeliness excluding and including exceptions for 2024", () => {
    expect(find("ehcp.issued_20_weeks", "pct_excl_exceptions", "2024", "E92000001")[0]!.value).toBe(46.4);
    expect(find("ehcp.issued_20_weeks", "pct_excl_exceptions", "2024", "893")[0]).toMatchObject({ value: 36.5, numerator: 251, denominator: 687 });
    expect(find("ehcp.issued_20_weeks", "pct_incl_exceptions", "2024", "893")[0]).toMatchObject({ value: 37.2, numerator: 268, denominator: 720 });
  });

  it("reads request decisions for 2024", () => {
    expect(find("ehcp.decisions_to_assess", "pct_of_requests", "2024", "893")[0]).toMatchObject({ value: 71.4, numerator: 595, denominator: 833 });
    expect(find("ehcp.decisions_to_assess", "pct_decided_within_6_weeks", "2024", "893")[0]).toMatchObject({ value: 70.5, numerator: 614, denominator: 871 });
  });

  it("handles the repeated column in annual_reviews.csv and takes each year once", () => {
    expect(report.notes.join(" ")).toContain("review_meeting_prior_24");
    const keys = report.rows.map((r) => `${r.kpi}|${r.measure}|${r.level}|${r.code}|${r.old_la_code}|${r.name}|${r.period}|${r.breakdown}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Years before the release's first year come from the aggregate collection, labelled as such.
    const early = find("ehcp.requests", "count", "2015", "893")[0]!;
    expect(early).toMatchObject({ collection: "SEN2 aggregate", source_file: "sen2_mi.csv", source_column: "inreq_ehc" });
    expect(find("ehcp.requests", "count", "2024", "893")[0]).toMatchObject({ value: 833, collection: "SEN2 person-level", source_file: "requests.csv" });
    // The release's 2019-2022 mediation columns are x: the aggregate collection's figures are used.
    expect(find("ehcp.mediations", "count", "2019", "893")[0]).toMatchObject({ value: 15, source_file: "sen2_mi.csv" });
    expect(find("ehcp.tribunals", "count", "2022", "E92000001")[0]!.value).toBe(4726);
  });

  it("matches the committed comparator table", () => {
    const committed = readComparators(readFileSync(join(REPO_ROOT, "data", "reference", "comparators.csv"), "utf-8"));
    expect(committed.length).toBe(report.rows.length);
    expect(committed.find((r) => r.kpi === "ehcp.active_plans" && r.period === "2025-01" && r.old_la_code === "893")!.value).toBe(3016);
  });
});

describe.skipIf(!hasReference)("the other reference files", () => {
  const report = hasReference ? importReference(REFERENCE) : { rows: [], read: [], notes: [] };

  it("reads England's pupils with SEN from sen_national.csv's all-pupils rows, by SEN status, as academic years", () => {
    const rows = report.rows.filter((r) => r.kpi === "edu.sen_pupils" && r.period === "202122");
    expect(rows.find((r) => r.measure === "count" && r.breakdown === "")).toMatchObject({ level: "national", value: 1374750 });
    expect(rows.find((r) => r.measure === "pct_of_pupils" && r.breakdown === "")).toMatchObject({ value: 16.3, numerator: 1374750, denominator: 8418010 });
    expect(rows.find((r) => r.measure === "pct_of_pupils" && r.breakdown === "sen_status=EHC plan")!.value).toBe(3.9);
    // Children-in-need groups are a different population: never read as all pupils.
    expect(new Set(report.rows.filter((r) => r.kpi === "edu.sen_pupils").map((r) => r.period)).size).toBe(6);
  });

  it("reads West Midlands rates as 14 LAs, no England row, one measure each", () => {
    const suspensions = report.rows.filter((r) => r.kpi === "edu.suspensions");
    expect(new Set(suspensions.map((r) => r.name)).size).toBe(14);
    expect(suspensions.some((r) => r.level === "national")).toBe(false);
    // one_plus_susp_rate is the % of pupils with one or more suspensions: never "rate_per_100".
    expect(new Set(suspensions.map((r) => r.measure))).toEqual(new Set(["pct_pupils_one_plus"]));
    const shropshire = suspensions.find((r) => r.code === "E06000051" && r.period === "201920-autumn" && r.breakdown === "sen_status=EHC plan; phase=Total");
    expect(shropshire).toMatchObject({ value: 5.281, period_label: "autumn term 2019/20" });
    // The no-SEN value repeats on each SEN group's record in the source: kept once.
    const noSen = suspensions.filter((r) => r.code === "E06000051" && r.period === "201920-autumn" && r.breakdown === "sen_status=No SEN; phase=Total");
    expect(noSen).toHaveLength(1);
  });

  it("reads NHS waits as % of the waiting list over 18 weeks, by ICB, provider and England", () => {
    const waits = report.rows.filter((r) => r.kpi === "health.over_18_weeks");
    expect(new Set(waits.map((r) => r.measure))).toEqual(new Set(["pct_of_waiting_list"]));
    expect(report.rows.some((r) => r.kpi === "health.seen_18_weeks")).toBe(false);
    const icb = waits.find((r) => r.level === "icb" && r.name === "Shropshire, Telford and Wrekin" && r.period === "2023-01" && r.breakdown === "service=Community Paediatric Service")!;
    // 68 waiting 18-52 weeks + 0 over 52 of 581 = 11.70%.
    expect(icb).toMatchObject({ numerator: 68, denominator: 581 });
    expect(icb.value).toBeCloseTo(11.704, 3);
    expect(waits.find((r) => r.level === "national" && r.period === "2023-01" && r.breakdown === "service=Audiology")!.value).toBeCloseTo(24.971, 3);
  });

  it("reads the appeal-rate tables through title rows, two-row headers, separators, percent signs and footnotes", () => {
    const appeals = report.rows.filter((r) => r.kpi === "context.send_tribunal_appeal_rate");
    // Shropshire 2024 in the release's CSV: 51 appeals of 3,264 appealable decisions, 1.60%.
    expect(appeals.find((r) => r.old_la_code === "893" && r.period === "2024")).toMatchObject({ value: 1.6, numerator: 51, denominator: 3264, name: "Shropshire" });
    // "Westmorland and Furness8": the footnote mark is not part of the name; ".." is not available.
    const westmorland = appeals.filter((r) => r.old_la_code === "943");
    expect(westmorland[0]!.name).toBe("Westmorland and Furness");
    expect(westmorland.find((r) => r.period === "2014")).toMatchObject({ value: null, symbol: "x" });
    // "England Total4,9" is the national row: 22,276 appeals in 2024.
    expect(appeals.find((r) => r.level === "national" && r.period === "2024")).toMatchObject({ numerator: 22276, denominator: 689739, value: 3.2 });
    // Never under the SEN2-flag KPI's name.
    expect(report.rows.filter((r) => r.kpi === "ehcp.tribunals").every((r) => r.measure === "count")).toBe(true);
  });
});

describe.skipIf(!hasReference)("primary need comparators", () => {
  const report = hasReference ? importReference(REFERENCE) : { rows: [], read: [], notes: [] };
  it("reads plans by primary need and reports the missing Down syndrome column", () => {
    const asd = report.rows.find((r) => r.kpi === "ehcp.active_plans" && r.breakdown === "primary_need=ASD" && r.period === "2025-01" && r.old_la_code === "893");
    expect(asd).toMatchObject({ value: 620, source_file: "sen_needs_all_plans.csv", source_column: "number_asd" });
    expect(report.rows.some((r) => r.breakdown === "primary_need=DS")).toBe(false);
    expect(report.notes.join(" ")).toMatch(/no column for DS, OTH/);
    // DfE counts Down syndrome under OTH when it has no DS column: no OTH comparator either.
    expect(report.rows.some((r) => r.breakdown === "primary_need=OTH")).toBe(false);
  });
});

describe.skipIf(!hasReference)("the release as an unzipped folder", () => {
  it("gives the same figures as the ZIP", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { readZip } = await import("../../loaders/reference/zip.js");
    const dir = mkdtempSync(join(tmpdir(), "release-"));
    const zipPath = join(REFERENCE, "dfe-ehcp-2025", "education-health-and-care-plans_2025.zip");
    for (const entry of readZip(readFileSync(zipPath), "release.zip")) {
      mkdirSync(join(dir, "education-health-and-care-plans_2025", entry.name, ".."), { recursive: true });
      writeFileSync(join(dir, "education-health-and-care-plans_2025", entry.name), entry.bytes());
    }
    const fromFolder = importReference(dir).rows;
    const fromZip = importReference(zipPath).rows;
    expect(fromFolder.length).toBe(fromZip.length);
    expect(fromFolder.find((r) => r.kpi === "ehcp.issued_20_weeks" && r.measure === "pct_excl_exceptions" && r.period === "2024" && r.old_la_code === "893")).toMatchObject({ value: 36.5, numerator: 251, denominator: 687, release: "2025" });
  });
});

describe.skipIf(!hasReference)("fixes found in review", () => {
  const report = hasReference ? importReference(REFERENCE) : { rows: [], read: [], notes: [] };

  it("reads NHS providers in every month, England once, and the home ICB whatever its capitals", () => {
    const waits = report.rows.filter((r) => r.kpi === "health.over_18_weeks");
    // Providers are typed "Organisation" in January-May: Shropshire Community Health NHS Trust has those months too.
    const trust = waits.filter((r) => r.level === "provider" && r.name === "Shropshire Community Health NHS Trust").map((r) => r.period);
    expect(new Set(trust)).toContain("2023-01");
    // England comes from the England file only: one row per month and service.
    const england = waits.filter((r) => r.level === "national" && r.period === "2023-08" && r.breakdown === "service=Audiology");
    expect(england).toHaveLength(1);
    const [summary] = summariseComparators(waits.filter((r) => r.period === "2023-10" && r.breakdown === "service=Audiology"),
      { homeOldCode: "893", homeIcb: "Shropshire, Telford and Wrekin", regionCode: "E12000005", regionName: "West Midlands", similarOldCodes: [] },
      () => ({ better: "lower", ranked: true }));
    expect(summary!.home).not.toBeNull();
  });

  it("corrects the appeal tables' swapped LA codes by name", () => {
    const appeals = report.rows.filter((r) => r.kpi === "context.send_tribunal_appeal_rate" && r.period === "2024");
    expect(appeals.find((r) => r.name === "Northamptonshire")!.old_la_code).toBe("928");
    expect(appeals.find((r) => r.old_la_code === "892")!.name).toBe("Nottingham");
    expect(appeals.find((r) => r.old_la_code === "893")).toMatchObject({ region_code: "E12000005", code: "E06000051" });
    expect(report.notes.join(" ")).toMatch(/Nottingham is listed under LA code 891/);
  });

  it("maps personal budgets and annual reviews due", () => {
    const la = (kpi: string, period: string) => report.rows.find((r) => r.kpi === kpi && r.period === period && r.old_la_code === "893");
    // Profile: personal budgets in place January 2025: 89; reviews expected in 2024: 2,252.
    expect(la("social.personal_budgets", "2025-01")!.value).toBe(89);
    expect(la("ar.due", "2024")!.value).toBe(2252);
  });
});
