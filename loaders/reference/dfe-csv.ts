// Reads DfE's published statistics CSVs ("tidy data" from explore-education-statistics) with their real
// quirks: a UTF-8 BOM, a repeated column name, quoted names with commas, numbers with leading spaces or
// thousands separators, and the GSS symbols x, z, c and low.

import { normaliseHeader, parseCsv } from "../sources/csv.js";

export type GssSymbol = "" | "x" | "z" | "c" | "low";

export interface PublishedNumber {
  value: number | null;
  symbol: GssSymbol;
}

export interface DfeTable {
  fileName: string;
  /** Lower-case column names; a repeated name gets a `__2` suffix on its second appearance. */
  columns: string[];
  repeatedColumns: string[];
  rows: { line: number; cells: Record<string, string> }[];
}

const SYMBOLS: Record<string, GssSymbol> = { x: "x", z: "z", c: "c", low: "low", ":": "x", "..": "x", "u": "x" };

/**
 * A published cell as a number: "1,071", " 45.926", "36.5%", "12 [note 3]" all read; a GSS symbol gives
 * null with the symbol; a dash (nil) is zero; anything else is not available (x).
 */
export function publishedNumber(raw: string | undefined): PublishedNumber {
  const text = (raw ?? "").trim();
  if (text === "") return { value: null, symbol: "x" };
  const symbol = SYMBOLS[text.toLowerCase()];
  if (symbol) return { value: null, symbol };
  if (/^[-–]$/.test(text)) return { value: 0, symbol: "" };
  const cleaned = text.replace(/\[[^\]]*\]/g, "").replace(/[,%\s]/g, "").replace(/(\d)[a-z*†‡]+$/i, "$1");
  const value = Number(cleaned);
  return cleaned !== "" && Number.isFinite(value) ? { value, symbol: "" } : { value: null, symbol: "x" };
}

export function readDfeCsv(text: string, fileName: string): DfeTable {
  let columns: string[] | undefined;
  const repeatedColumns: string[] = [];
  const rows: DfeTable["rows"] = [];
  parseCsv(text, (record) => {
    if (!columns) {
      const seen = new Map<string, number>();
      columns = record.fields.map((field) => {
        const name = normaliseHeader(field);
        const count = (seen.get(name) ?? 0) + 1;
        seen.set(name, count);
        if (count === 1) return name;
        repeatedColumns.push(name);
        return `${name}__${count}`;
      });
      return;
    }
    const cells: Record<string, string> = {};
    columns.forEach((name, index) => (cells[name] = record.fields[index] ?? ""));
    rows.push({ line: record.line, cells });
  }, { delimiter: "," });
  return { fileName, columns: columns ?? [], repeatedColumns, rows };
}

/** DfE's period columns as this project's periods: academic year 202425 is the January 2025 census. */
export function dfePeriod(timePeriod: string, timeIdentifier: string): { period: string; label: string } | undefined {
  const period = timePeriod.trim();
  const identifier = timeIdentifier.trim().toLowerCase();
  if (/^\d{6}$/.test(period) && identifier.includes("academic")) {
    const year = Number(period.slice(0, 4)) + 1;
    return { period: `${year}-01`, label: `January ${year}` };
  }
  if (/^\d{4}$/.test(period) && identifier.includes("calendar")) return { period, label: `calendar year ${period}` };
  return undefined;
}
