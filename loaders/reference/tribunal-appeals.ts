// The SEND Tribunal appeal-rate tables (MoJ appeals registered / DfE appealable decisions, by LA and year),
// published as CSV and as .ods with title rows, a two-row header, thousands separators, percent signs and
// footnote marks. This is a different measure from the SEN2 tribunal flags behind ehcp.tribunals, so it
// is kept under its own id, never under the KPI's name.

import * as XLSX from "@e965/xlsx";
import { parseCsv } from "../sources/csv.js";
import { publishedNumber } from "./dfe-csv.js";
import type { ComparatorRow, Publication } from "./comparators.js";

export const APPEAL_RATE = { kpi: "context.send_tribunal_appeal_rate", measure: "pct_of_appealable_decisions" } as const;

/** "Appeals registered4" -> "Appeals registered"; "England Total4,9" -> "England Total". */
export const withoutFootnotes = (text: string) => text.trim().replace(/(?<=[A-Za-z)])[\d,]+$/, "").trim();

/** Cells of a sheet or CSV as rows of text. */
export function sheetRows(bytes: Uint8Array, fileName: string): string[][] {
  if (/\.csv$/i.test(fileName)) {
    const rows: string[][] = [];
    parseCsv(new TextDecoder().decode(bytes), (record) => rows.push(record.fields), { delimiter: "," });
    return rows;
  }
  const workbook = XLSX.read(bytes, { type: "array" });
  // The by-LA table is the sheet whose header row starts "Local Authority".
  for (const name of workbook.SheetNames) {
    const rows = XLSX.utils.sheet_to_json<string[]>(workbook.Sheets[name]!, { header: 1, raw: false, defval: "" }).map((row) => row.map(String));
    if (rows.some((row) => /^local authority$/i.test((row[0] ?? "").trim()))) return rows;
  }
  return [];
}

export function appealRateRows(rows: string[][], fileName: string, publication: Publication): ComparatorRow[] {
  const headerIndex = rows.findIndex((row) => /^local authority$/i.test((row[0] ?? "").trim()));
  if (headerIndex < 0) return [];
  const years = rows[headerIndex]!;
  const measures = rows[headerIndex + 1] ?? [];
  // The year is written once above its three columns: carry it across.
  const columns: { year: string; measure: string }[] = [];
  let year = "";
  years.forEach((cell, index) => {
    if (/^\d{4}$/.test(cell.trim())) year = cell.trim();
    columns[index] = { year, measure: withoutFootnotes(measures[index] ?? "").toLowerCase() };
  });
  const output: ComparatorRow[] = [];
  for (const row of rows.slice(headerIndex + 2)) {
    const name = withoutFootnotes(row[0] ?? "");
    const code = (row[1] ?? "").trim();
    const national = /^england total$/i.test(name);
    if (!national && !/^\d{3}$/.test(code)) continue;
    const byYear = new Map<string, { appeals?: number | null; decisions?: number | null; rate?: { value: number | null; symbol: string } }>();
    columns.forEach((column, index) => {
      if (!column.year || index < 2) return;
      const entry = byYear.get(column.year) ?? {};
      const number = publishedNumber(row[index]);
      if (column.measure.startsWith("appeals registered")) entry.appeals ??= number.value;
      else if (column.measure.startsWith("total appealable decisions")) entry.decisions ??= number.value;
      else if (column.measure.startsWith("send tribunal appeal rate")) entry.rate ??= number;
      byYear.set(column.year, entry);
    });
    for (const [period, entry] of byYear) {
      if (!entry.rate) continue;
      output.push({
        ...APPEAL_RATE, level: national ? "national" : "la", code: national ? "E92000001" : "", old_la_code: national ? "" : code,
        name: national ? "England" : name, region_code: "", period, period_label: `calendar year ${period}`, breakdown: "",
        value: entry.rate.value, numerator: entry.appeals ?? null, denominator: entry.decisions ?? null, symbol: entry.rate.symbol as ComparatorRow["symbol"],
        collection: "", source_file: fileName, numerator_column: "Appeals registered", denominator_column: "Total Appealable Decisions", source_column: "SEND Tribunal Appeal Rate (appeals registered / total appealable decisions)", ...publication,
      });
    }
  }
  return output;
}

export interface LaDirectoryEntry {
  oldCode: string;
  newCode: string;
  name: string;
  regionCode: string;
}

const normaliseLaName = (name: string) =>
  name.toLowerCase().replace(/,?\s*(county of|city of)\s*/g, " ").replace(/[^a-z]+/g, " ").trim();

/**
 * The appeal-rate tables carry hand-typed LA codes (some swapped: Northamptonshire under 892, for one).
 * Each row's name is checked against the release's own LA list: a code that belongs to another LA is
 * replaced by the code of the LA named, and the nine-character and region codes are filled in.
 */
export function checkLaCodes(rows: ComparatorRow[], directory: readonly LaDirectoryEntry[], notes: string[]): ComparatorRow[] {
  const byCode = new Map(directory.map((entry) => [entry.oldCode, entry]));
  const byName = new Map(directory.map((entry) => [normaliseLaName(entry.name), entry]));
  const corrected = new Set<string>();
  return rows.map((row) => {
    if (row.level !== "la") return row;
    const coded = byCode.get(row.old_la_code);
    // Names repeat across reorganisations (two Dorsets): a code whose own name matches stands.
    const codeMatches = coded !== undefined && normaliseLaName(coded.name) === normaliseLaName(row.name);
    const named = codeMatches ? coded : byName.get(normaliseLaName(row.name));
    const entry = named ?? coded;
    if (named && coded && !codeMatches && !corrected.has(row.name)) {
      corrected.add(row.name);
      notes.push(`${row.source_file}: ${row.name} is listed under LA code ${row.old_la_code}, which is ${coded.name}'s; ${named.oldCode} used`);
    }
    return entry ? { ...row, old_la_code: entry.oldCode, code: entry.newCode, region_code: entry.regionCode } : row;
  });
}
