// Boundaries and awkward records, each derived by hand: day 141, day 42 and 43, open for exactly 210/211
// and 364/365 days, a closing outcome without a date, an unknown outcome code, a child who gains a UPN
// between exports, and a request assessed twice.

import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildExport, exportCsv, writeEstablishments, writeExport, type PersonFixture } from "../fixtures/sen2-builder.js";
import { ESTABLISHMENTS } from "../fixtures/small-area.js";
import { upnCheckLetter } from "../../loaders/sources/upn.js";
import { runForPeriods } from "../../loaders/node/pipeline.js";
import type { Cell } from "../../loaders/kpis/engine.js";

const upn = (serial: string) => upnCheckLetter(`89312342${serial}`) + `89312342${serial}`;
const plan = (received: string, decided: string, start: string, extra: Partial<PersonFixture["requests"][number]> = {}): PersonFixture["requests"][number] => ({
  receiveddate: received, requestoutcome: "A", requestoutcomedate: decided,
  assessment: { assessmentoutcome: "Y", assessmentoutcomedate: start, plan: { startdate: start, named: [{ urn: "100001" }] } },
  active: { needs: ["ASD"], placements: [{ urn: "100001" }] },
  ...extra,
});
const pending = (received: string): PersonFixture["requests"][number] => ({ receiveddate: received });

/** P9 without a UPN (name and date of birth only) in January 2024, with one in January 2025. */
const p9 = (withUpn: boolean): PersonFixture => ({
  ...(withUpn ? { upn: upn("5009") } : {}), surname: "Testperson", forename: "Golf", personbirthdate: "2016-04-04",
  requests: [plan("2023-01-05", "2023-02-01", "2023-05-01")],
});

const JANUARY_2025: PersonFixture[] = [
  // P1: decided on day 42 (10 Jan -> 21 Feb), plan on day 141 (30 May): not within 20 weeks.
  { upn: upn("5001"), personbirthdate: "2015-03-10", requests: [plan("2024-01-10", "2024-02-21", "2024-05-30")] },
  // P2: decided on day 43 (1 Feb -> 15 Mar), plan on day 130 (10 Jun): within.
  { upn: upn("5002"), personbirthdate: "2014-03-10", requests: [plan("2024-02-01", "2024-03-15", "2024-06-10")] },
  // P3-P6: open on 31 Dec 2024 for 210, 211, 364 and 365 days.
  { upn: upn("5003"), personbirthdate: "2013-03-10", requests: [pending("2024-06-04")] },
  { upn: upn("5004"), personbirthdate: "2013-03-11", requests: [pending("2024-06-03")] },
  { upn: upn("5005"), personbirthdate: "2013-03-12", requests: [pending("2024-01-02")] },
  { upn: upn("5006"), personbirthdate: "2013-03-13", requests: [pending("2024-01-01")] },
  // P7: not assessed, outcome date missing: closed, not overdue.
  { upn: upn("5007"), personbirthdate: "2013-03-14", requests: [{ receiveddate: "2024-03-01", requestoutcome: "N" }] },
  // P8: an outcome code the table does not know: neither open nor a decision.
  { upn: upn("5008"), personbirthdate: "2013-03-15", requests: [{ receiveddate: "2024-03-01", requestoutcome: "Q", requestoutcomedate: "2024-04-01" }] },
  p9(true),
];

let cells: Cell[];
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "edge-"));
  const rows2025 = buildExport("2025-01-16", JANUARY_2025, "25");
  // P10: assessed twice; the first assessment withdrawn, the second issuing a plan on 1 Apr 2024.
  const p10 = buildExport("2025-01-16", [{ upn: upn("5010"), personbirthdate: "2012-05-05", requests: [plan("2023-03-01", "2023-04-01", "2024-04-01")] }], "2599");
  const request = p10.requests[0]!;
  p10.person[0]!.sen2tableid = rows2025.sen2[0]!.sen2tableid;
  rows2025.person.push(...p10.person);
  rows2025.requests.push(request);
  rows2025.assessment.push({ assessmenttableid: "2599999", requeststableid: request.requeststableid, assessmentoutcome: "W", assessmentoutcomedate: "2023-06-01" }, ...p10.assessment);
  for (const module of ["namedplan", "plandetail", "activeplans", "placementdetail", "senneed"] as const) rows2025[module].push(...p10[module]);
  writeExport(join(dir, "2025"), "2025-01-16", exportCsv(rows2025));
  writeExport(join(dir, "2024"), "2024-01-18", exportCsv(buildExport("2024-01-18", [p9(false)], "24")));
  writeEstablishments(join(dir, "gias"), ESTABLISHMENTS);
  cells = (await runForPeriods(dir, ["2024", "2024-12"])).cells;
});

const value = (kpi: string, measure: string, period: string) =>
  cells.find((c) => c.kpi === kpi && c.measure === measure && c.period === period && c.age_band === "All" && c.primary_need === "All" && c.setting === "All");

describe("edge cases", () => {
  it("counts day 141 as late and day 42 as in time, day 43 as late", () => {
    // 2024 plans: P1 (141 days, late), P2 (130, within), P10 (397, late) -> 1 of 3.
    expect(value("ehcp.issued_20_weeks", "pct_incl_exceptions", "2024")).toMatchObject({ numerator: 1, denominator: 3 });
    // 2024 decisions: P1 on day 42 (in time), P2 on day 43 (late); P7 has no date, P8's code is unknown -> 1 of 2.
    expect(value("ehcp.decisions_to_assess", "pct_decided_within_6_weeks", "2024")).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it("counts more than 210 and more than 364 days strictly, and leaves closed or unknown requests out", () => {
    // 31 Dec 2024: P3 210 days (not over 30 weeks), P4 211, P5 364, P6 365 -> 3 over 30 weeks; only P6 over 52.
    // P7 (closed without a date) and P8 (unknown outcome) are not counted.
    expect(value("ehcp.overdue_30_weeks", "count", "2024-12")!.value).toBe(3);
    expect(value("ehcp.overdue_52_weeks", "count", "2024-12")!.value).toBe(1);
  });

  it("keeps a child who gains a UPN between exports as one child with one plan", () => {
    // Active on 31 Dec 2024: P1, P2, P9 (once, not twice) and P10 -> 4.
    expect(value("ehcp.active_plans", "count", "2024-12")!.value).toBe(4);
    // Requests received in 2024: P1-P8 -> 8; P9's request (2023) is not counted twice in 2023 either.
    expect(value("ehcp.requests", "count", "2024")!.value).toBe(8);
  });

  it("counts a request assessed twice once, by the assessment that led to the plan", () => {
    // New plans in 2024: P1, P2, P10 -> 3; P10's withdrawn first assessment adds nothing.
    expect(value("ehcp.new_plans", "count", "2024")!.value).toBe(3);
  });
});

describe("a request rejected in the newest export", () => {
  it("is left out, with a warning, rather than replaced by an older export's version", async () => {
    const { writeSmallArea } = await import("../fixtures/small-area.js");
    const { readFileSync, writeFileSync, readdirSync } = await import("node:fs");
    const dir = mkdtempSync(join(tmpdir(), "stale-"));
    writeSmallArea(dir);
    // R4 (received 1 Nov 2023, still open) in the January 2025 export gets an impossible outcome date.
    const file = join(dir, "sen2", readdirSync(join(dir, "sen2")).find((name) => name.endsWith("_requests.csv"))!);
    writeFileSync(file, readFileSync(file, "utf-8").replace("2023-Dec-01 00:00:00", "2023-Dec-41 00:00:00"));
    const { ingest } = await import("../../loaders/node/pipeline.js");
    const ingested = ingest(dir);
    expect(ingested.problems.find((p) => p.rule === "stale-version-dropped")).toMatchObject({ severity: "warning", file: "Blade-Export_16-01-2025_requests.csv", row: 5 });
    // Without R4 nothing is open for more than 30 weeks at the end of 2024 (see kpis-small-area.test.ts).
    const cells = (await runForPeriods(dir, ["2024"])).cells;
    expect(cells.find((c) => c.kpi === "ehcp.overdue_30_weeks" && c.age_band === "All")!.value).toBe(0);
  });
});
