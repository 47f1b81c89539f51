// The registry follows the KPI catalogue: ids, measures (headline first), polarity and breakdowns.

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "../../loaders/sources/csv.js";
import { KPIS } from "../../loaders/kpis/registry.js";
import { REPO_ROOT } from "../../loaders/node/config.js";
import { cubeSql } from "../../loaders/kpis/engine.js";

function catalogue(): Record<string, string>[] {
  const rows: string[][] = [];
  parseCsv(readFileSync(join(REPO_ROOT, "data", "spec", "kpi-catalogue.csv"), "utf-8"), (record) => rows.push(record.fields));
  const [header, ...body] = rows;
  return body.map((fields) => Object.fromEntries(header!.map((name, index) => [name, fields[index] ?? ""])));
}

describe("KPI registry", () => {
  const entries = catalogue();
  const byId = new Map(entries.map((entry) => [entry.id, entry]));

  it("implements every ehcp.* KPI of the catalogue", () => {
    const wanted = entries.filter((entry) => entry.domain === "ehcp").map((entry) => entry.id).sort();
    expect(KPIS.filter((entry) => entry.domain === "ehcp").map((entry) => entry.id).sort()).toEqual(wanted);
  });

  for (const entry of KPIS) {
    it(`${entry.id} matches its catalogue row`, () => {
      const row = byId.get(entry.id);
      expect(row, `${entry.id} is not in the catalogue`).toBeDefined();
      expect(entry.measures.map((m) => m.id)).toEqual(row!.measures!.split(";"));
      expect(entry.better).toBe(row!.better);
      expect([...entry.breakdowns]).toEqual(row!.breakdowns ? row!.breakdowns.split(";") : []);
      expect(entry.briefWording).toBe(row!.kpi);
      const units = row!.unit!.split(";");
      for (const measure of entry.measures) expect(units).toContain(measure.kind === "count" ? "count" : measure.unit);
    });
  }

  it("builds a cube query that rolls up every breakdown", () => {
    const sql = cubeSql(KPIS.find((entry) => entry.id === "ehcp.issued_20_weeks")!);
    expect(sql).toContain("GROUP BY period, CUBE(age_band, primary_need)");
    expect(sql).toContain("'All' AS setting");
  });
});
