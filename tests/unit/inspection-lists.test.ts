// Annex A lists from the hand-written small area (tests/fixtures/small-area*.ts), built on Node DuckDB and
// DuckDB-WASM (the CLI's engine and the inspection page's): the same rows on both, values derived by hand.

import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSmallArea, UPNS } from "../fixtures/small-area.js";
import { writeSmallAreaEducation, PUPILS } from "../fixtures/small-area-education.js";
import { ingest } from "../../loaders/node/pipeline.js";
import { NodeDuckDb } from "../../loaders/node/duckdb-node.js";
import { openWasmEngine } from "../support/wasm-engine.js";
import { runLists } from "../../loaders/inspection/run.js";
import { listCsv, listsXlsx } from "../../loaders/inspection/write-lists.js";
import { validateListFile } from "../../loaders/inspection/validate.js";
import { listColumns } from "../../loaders/inspection/annex-a.js";
import type { SqlEngine } from "../../loaders/kpis/engine.js";

function area(options: { education?: boolean; exclusions?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "lists-"));
  writeSmallArea(dir);
  if (options.education !== false) writeSmallAreaEducation(dir);
  if (options.exclusions === false) rmSync(join(dir, "education", "exclusions.csv"));
  return dir;
}

async function listsOn(engine: SqlEngine & { close?: () => void }, dir: string, listDate = "2025-01-16") {
  try {
    return await runLists(engine, ingest(dir), { homeLa: "893", listDate });
  } finally {
    engine.close?.();
  }
}

describe("Annex A lists from the small area", () => {
  let node: Awaited<ReturnType<typeof listsOn>>;
  let wasm: Awaited<ReturnType<typeof listsOn>>;
  beforeAll(async () => {
    const dir = area();
    node = await listsOn(await NodeDuckDb.open(), dir);
    wasm = await listsOn(await openWasmEngine(), dir);
  });

  it("gives identical lists on Node DuckDB and DuckDB-WASM", () => {
    expect(wasm.lists).toEqual(node.lists);
    expect(listCsv(wasm.lists.list1, 1)).toBe(listCsv(node.lists.list1, 1));
  });

  it("lists every plan maintained on the list date, with the template's columns", () => {
    // Active on 16 January 2025: P1's plan (from 29 May 2024) and P2's (from 15 July 2024); P5's ceased on 31 December 2024.
    const { list1 } = node.lists;
    expect(list1.map((row) => row.upn).sort()).toEqual([UPNS.p1, UPNS.p2].sort());
    expect(Object.keys(list1[0]!)).toEqual(listColumns(1).map((c) => c.key));
    const p1 = list1.find((row) => row.upn === UPNS.p1)!;
    expect(p1).toMatchObject({ birth_date: "10/03/2015", initial_plan_date: "29/05/2024", primary_need: "ASD", main_urn: "100001", main_phase: "Primary", ehe: "No", updated_plan_date: "", disability: "" });
  });

  it("lists pupils on SEN support at the census, with 6-month suspensions and absence", () => {
    // Spring census 16 January 2025: A, B and C are on SEN support (D and E have plans; F has no SEN).
    const { list2 } = node.lists;
    expect(list2.map((row) => row.upn).sort()).toEqual([PUPILS.A, PUPILS.B, PUPILS.C].sort());
    const c = list2.find((row) => row.upn === PUPILS.C)!;
    // C: suspended 10 October 2024 and 6 January 2025; sessions 100 + 16 possible, 90 + 16 attended: 10 of 116 missed.
    expect(c).toMatchObject({ suspensions: "2", permanent_exclusions: "0", absence: "8.6", main_urn: "100003", main_phase: "Secondary", pupil_premium: "No", unique_id: PUPILS.C });
  });

  it("takes the subsidiary registration's phase at a census with dual registration", async () => {
    // At the autumn census (3 October 2024) C was also registered at the PRU.
    const autumn = await listsOn(await NodeDuckDb.open(), area(), "2024-10-31");
    expect(autumn.lists.list2.find((row) => row.upn === PUPILS.C)).toMatchObject({ main_phase: "Secondary", subsidiary_phase: "PRU/AP" });
  });

  it("leaves columns without a source blank and says so, never a zero", async () => {
    expect(node.lists.blankColumns.map((b) => `${b.list}:${b.header}`)).toEqual(expect.arrayContaining(["1:Date updated EHC plan issued", "1:Does the child or young person have a disability?", "2:Known to children's social care?"]));
    const noExclusions = await listsOn(await NodeDuckDb.open(), area({ exclusions: false }));
    expect(noExclusions.lists.list2.every((row) => row.suspensions === "" && row.permanent_exclusions === "")).toBe(true);
    expect(noExclusions.lists.blankColumns).toContainEqual({ list: 2, header: "Suspensions", reason: "no exclusions extract was read" });
    // An exclusions file with no events says there were none: zeros, not blanks.
    const headerOnly = area();
    writeFileSync(join(headerOnly, "education", "exclusions.csv"), "UPN,URN,StartDate,Category,Reason,Sessions\r\n");
    const none = await listsOn(await NodeDuckDb.open(), headerOnly);
    expect(none.lists.list2.every((row) => row.suspensions === "0")).toBe(true);
    const noCensus = await listsOn(await NodeDuckDb.open(), area({ education: false }));
    expect(noCensus.lists.list2).toEqual([]);
    expect(noCensus.lists.list1.length).toBe(2);
    expect(noCensus.lists.list1.every((row) => row.absence === "" && row.pupil_premium === "")).toBe(true);
  });

  it("does not fire a rule on every row for a column blank by design", () => {
    expect(node.validation.problems.filter((p) => p.rule === "103" || p.rule === "203")).toEqual([]);
    expect(node.validation.notChecked.map((n) => n.rule)).toEqual(expect.arrayContaining(["103", "203", "104", "112"]));
    for (const account of node.validation.accounts) expect(account.rowsWithErrors + account.rowsWithQueriesOnly + account.rowsClean).toBe(account.rowsIn);
  });

  it("writes a workbook the validator reads back with every template column", () => {
    const bytes = listsXlsx(node.lists);
    const report = validateListFile(bytes, "annex-a-lists.xlsx", { listDate: "2025-01-16", blankByDesign: ["disability", "known_to_social_care", "social_care_team", "updated_plan_date"] });
    expect(report.accounts.map((a) => [a.list, a.rowsIn])).toEqual([[1, 2], [2, 3]]);
    expect(report.problems.filter((p) => p.rule === "A06" || p.rule === "A07")).toEqual([]);
  });
});
