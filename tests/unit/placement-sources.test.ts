// The placement, register and post-16 readers and model beyond the robustness corpus: header contracts,
// overlapping register spells, records repeated across files, and school days the term dates cannot count.

import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRegister } from "../../loaders/sources/registers.js";
import { readApPlacements } from "../../loaders/sources/ap-placements.js";
import { DataError } from "../../loaders/sources/problems.js";
import { upnCheckLetter } from "../../loaders/sources/upn.js";
import { writeSmallAreaPlacements, FAIR_ACCESS_ROWS, Q } from "../fixtures/small-area-placements.js";
import { ingest } from "../../loaders/node/pipeline.js";

const utf8 = (text: string) => new TextEncoder().encode(text);
const upn = (n: number) => { const body = `89312342${String(7000 + n)}`; return upnCheckLetter(body) + body; };
const thrown = (read: () => unknown) => { try { read(); } catch (error) { return error; } return undefined; };

describe("placement and register readers", () => {
  it("refuse a file whose header lacks a contract column, rather than read it as blank", () => {
    // "End Date" with a space is not EndDate: every spell would otherwise be open for ever.
    const error = thrown(() => readRegister(utf8(`UPN,StartDate,End Date\n${upn(1)},2024-01-01,2024-02-01\n`), "ehe-register.csv", "ehe"));
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(/ehe-register\.csv: no header row with enddate/);
    // Without Outcome every placement would count as not returned.
    expect(thrown(() => readApPlacements(utf8(`UPN,StartDate,EndDate,SENStatus\n${upn(1)},2024-01-01,2024-02-01,K\n`), "ap-placements.csv"))).toBeInstanceOf(DataError);
  });

  it("warn about overlapping spells, not back-to-back ones, however they nest", () => {
    const rules = (rows: string[]) => readRegister(utf8(["UPN,StartDate,EndDate", ...rows].join("\n") + "\n"), "cme-register.csv", "cme").problems.map((p) => `${p.row} ${p.rule}`);
    // An end date is the first day off the register: a spell starting that day follows it.
    expect(rules([`${upn(1)},2024-01-01,2024-02-01`, `${upn(1)},2024-02-01,`])).toEqual([]);
    // A short spell inside a long one, then a third still inside the long one: rows 3 and 4 overlap row 2.
    expect(rules([`${upn(1)},2024-01-01,2024-12-31`, `${upn(1)},2024-02-01,2024-03-01`, `${upn(1)},2024-05-01,2024-06-01`])).toEqual(["3 overlapping-spells", "4 overlapping-spells"]);
  });
});

describe("placement model", () => {
  it("counts a record repeated across files once, and says so", () => {
    const dir = mkdtempSync(join(tmpdir(), "placements-dup-"));
    writeSmallAreaPlacements(dir);
    // The Fair Access decisions exported again as CSV beside the XLSX.
    writeFileSync(join(dir, "local", "fair-access-again.csv"), FAIR_ACCESS_ROWS.map((row) => row.join(",")).join("\n") + "\n");
    const ingested = ingest(dir);
    expect(ingested.tables.fap_decisions.rows).toHaveLength(4);
    // Files are read in name order: the CSV's rows come first, so the workbook's (rows 4 to 7) repeat them.
    const duplicates = ingested.problems.filter((p) => p.rule === "duplicate-id" && p.source === "Fair Access Panel decisions");
    expect(duplicates.map((p) => `${p.file.split("/").at(-1)} ${p.row}`)).toEqual(["fair-access.xlsx 4", "fair-access.xlsx 5", "fair-access.xlsx 6", "fair-access.xlsx 7"]);
  });

  it("says when no-place spells start before the term dates can count their school days", () => {
    const dir = mkdtempSync(join(tmpdir(), "placements-early-"));
    writeSmallAreaPlacements(dir);
    writeFileSync(join(dir, "local", "no-school-place.csv"), `UPN,StartDate,EndDate,Reason\n${Q.q8},2019-06-01,2019-09-01,Moved\n`);
    const problem = ingest(dir).problems.find((p) => p.rule === "before-term-dates");
    expect(problem).toMatchObject({ row: 2, column: "StartDate", severity: "warning" });
  });
});
