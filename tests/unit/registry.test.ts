// The registry follows the KPI catalogue: ids, measures (headline first), polarity and breakdowns.

import { describe, expect, it } from "vitest";
import { KPIS } from "../../loaders/kpis/registry.js";
import { readCatalogue } from "../../loaders/node/catalogue.js";
import { cubeSql } from "../../loaders/kpis/engine.js";

describe("KPI registry", () => {
  const entries = readCatalogue();
  const byId = new Map(entries.map((entry) => [entry.id, entry]));

  it.each(["ehcp", "education"])("implements every KPI of the catalogue's %s domain", (domain) => {
    const wanted = entries.filter((entry) => entry.domain === domain).map((entry) => entry.id).sort();
    expect(wanted.length).toBeGreaterThan(0);
    expect(KPIS.filter((entry) => entry.domain === domain).map((entry) => entry.id).sort()).toEqual(wanted);
  });

  for (const entry of KPIS) {
    it(`${entry.id} matches its catalogue row`, () => {
      const row = byId.get(entry.id);
      expect(row, `${entry.id} is not in the catalogue`).toBeDefined();
      expect(entry.measures.map((m) => m.id)).toEqual(row!.measures);
      expect(entry.better).toBe(row!.better);
      expect([...entry.breakdowns]).toEqual(row!.breakdowns);
      expect(entry.briefWording).toBe(row!.kpi);
      // The catalogue's unit column lists the headline units; a measure named pct_* is a percentage by its name
      // (edu.suspensions' pct_pupils_one_plus, which the unit column leaves out); `cases` is the count behind a
      // days statistic.
      const units = row!.unit.split(";");
      for (const measure of entry.measures) {
        const unit = measure.kind === "count" ? "count" : measure.unit;
        const casesOfDays = unit === "count" && measure.id === "cases" && units.includes("days");
        expect(units.includes(unit) || (unit === "pct" && measure.id.startsWith("pct_")) || casesOfDays, `${measure.id} is a ${unit}`).toBe(true);
      }
    });
  }

  it("builds a cube query that rolls up every breakdown", () => {
    const sql = cubeSql(KPIS.find((entry) => entry.id === "ehcp.issued_20_weeks")!);
    expect(sql).toContain("GROUP BY period, CUBE(age_band, primary_need)");
    expect(sql).toContain("'All' AS setting");
  });
});
