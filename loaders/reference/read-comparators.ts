// Reads the committed comparator table (data/reference/comparators.csv) back into typed rows.

import { parseCsv } from "../sources/csv.js";
import type { ComparatorRow } from "./comparators.js";

const NUMERIC = new Set(["value", "numerator", "denominator"]);

export function readComparators(text: string): ComparatorRow[] {
  let header: string[] | undefined;
  const rows: ComparatorRow[] = [];
  parseCsv(text, (record) => {
    if (!header) {
      header = record.fields;
      return;
    }
    const row: Record<string, string | number | null> = {};
    header.forEach((name, index) => {
      const cell = record.fields[index] ?? "";
      row[name] = NUMERIC.has(name) ? (cell === "" ? null : Number(cell)) : cell;
    });
    rows.push(row as unknown as ComparatorRow);
  }, { delimiter: "," });
  return rows;
}
