// The KPI catalogue (data/spec/kpi-catalogue.csv): every KPI of the brief, implemented or not.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "../sources/csv.js";
import { REPO_ROOT } from "./config.js";

export interface CatalogueEntry {
  id: string;
  domain: string;
  kpi: string;
  definition: string;
  unit: string;
  measures: string[];
  better: string;
  breakdowns: string[];
  comparator: string;
}

export function readCatalogue(path = join(REPO_ROOT, "data", "spec", "kpi-catalogue.csv")): CatalogueEntry[] {
  const rows: string[][] = [];
  parseCsv(readFileSync(path, "utf-8"), (record) => rows.push(record.fields));
  const [header, ...body] = rows;
  return body.map((fields) => {
    const cell = (name: string) => fields[header!.indexOf(name)] ?? "";
    const list = (name: string) => cell(name).split(";").map((part) => part.trim()).filter(Boolean);
    return {
      id: cell("id"), domain: cell("domain"), kpi: cell("kpi"), definition: cell("definition"), unit: cell("unit"),
      measures: list("measures"), better: cell("better"), breakdowns: list("breakdowns"), comparator: cell("comparator"),
    };
  });
}
