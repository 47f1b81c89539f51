// The evidence tracker: the partnership's CSV is checked row by row, and progress is worked out at a date.

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readEvidenceTracker } from "../../loaders/inspection/evidence.js";
import { evidenceProgress, statusByArea } from "../../src/components/evidence.js";
import { REPO_ROOT } from "../../loaders/node/config.js";

const CSV = `id,area,item,lead,due,status,notes
E1,Lists,List 1 and List 2,Analyst,2026-01-09,ready,
E2,Governance,Board minutes,Chair,2025-12-19,in progress,
E3,Governance,Risk register,Chair,19/12/2025,Not started,
E4,Workforce,Training records,,2026-03-27,n/a,
E5,Local offer,Local offer feedback,Manager,2026-01-20,in progress,
E2,Duplicate,Again,Chair,2026-01-01,ready,
E7,Quality,Audits,Lead,31/02/2026,ready,
E8,Quality,Audits,Lead,2026-02-01,done,
`;

describe("evidence tracker", () => {
  const read = readEvidenceTracker(CSV, "tracker.csv");

  it("keeps good rows and reports each bad one with its row and column", () => {
    expect(read.items.map((i) => i.id)).toEqual(["E1", "E2", "E3", "E4", "E5"]);
    expect(read.items.find((i) => i.id === "E3")).toMatchObject({ due: "2025-12-19", status: "not started" });
    expect(read.problems.map((p) => `${p.row}:${p.column}:${p.rule}:${p.severity}`)).toEqual([
      "5:lead:missing-value:warning", "7:id:duplicate-id:error", "8:due:bad-date:error", "9:status:bad-code:error",
    ]);
    expect(read.starter).toBe(false);
  });

  it("counts ready items of those that apply, and overdue and due-soon ones at a date", () => {
    const progress = evidenceProgress(read.items, "2026-01-05");
    // E4 does not apply; E1 of E1, E2, E3, E5 is ready.
    expect([progress.ready, progress.applicable, progress.pctReady]).toEqual([1, 4, 25]);
    // E2 and E3 were due on 19 December 2025; E5 is due within four weeks.
    expect(progress.overdue.map((i) => i.id)).toEqual(["E2", "E3"]);
    expect(progress.dueSoon.map((i) => i.id)).toEqual(["E5"]);
    expect(statusByArea(read.items)).toContainEqual({ area: "Governance", status: "in progress", count: 1 });
  });

  it("ships a starter list that says it is one and reads cleanly", () => {
    const shipped = readEvidenceTracker(readFileSync(join(REPO_ROOT, "config", "evidence-tracker.csv"), "utf-8"), "evidence-tracker.csv");
    expect(shipped.starter).toBe(true);
    expect(shipped.problems).toEqual([]);
    expect(shipped.items.length).toBeGreaterThanOrEqual(12);
  });
});
