// Reads the reference files as a user downloads them (the DfE release ZIP or its unzipped folder, and the
// SEN2 aggregate series sen2_mi.csv) from a folder or a ZIP path, and returns the comparator rows.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { decodeText } from "../sources/csv.js";
import { DataError } from "../sources/problems.js";
import { readZip } from "./zip.js";
import { readDfeCsv, type DfeTable } from "./dfe-csv.js";
import { EHCP_RELEASE_MAPPINGS, SEN2_AGGREGATE_MAPPINGS, primaryNeedMappings } from "./mappings.js";
import { applyMappings, oncePerPeriod, OGL, sortComparators, type ComparatorRow } from "./comparators.js";
import { westMidlandsRows } from "./west-midlands.js";
import { nhsWaitRows } from "./nhs-waits.js";
import { senInEnglandRows } from "./sen-in-england.js";
import { appealRateRows, checkLaCodes, sheetRows, type LaDirectoryEntry } from "./tribunal-appeals.js";
import { appendAll } from "../arrays.js";

export interface ImportReport {
  rows: ComparatorRow[];
  /** What was read, for the command's summary. */
  read: string[];
  /** Quirks handled on the way (repeated columns and the like), for the summary. */
  notes: string[];
}

const RELEASE_FILES = /^(caseload|newplans|requests|assessments|timeliness_20_week|annual_reviews|personal_budgets|sen_needs_all_plans)\.csv$/i;
const APPEAL_RATE_FILE = /(appeal rate|appeal_rate).*\.(csv|ods)$/i;

function walk(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.name.startsWith(".") ? [] : entry.isDirectory() ? walk(join(path, entry.name)) : [join(path, entry.name)]));
}

/** "education-health-and-care-plans_2025.zip" -> "2025". */
const releaseYear = (name: string) => /(\d{4})(?!.*\d{4})/.exec(name)?.[1] ?? "unknown";

export function importReference(path: string): ImportReport {
  let files: string[];
  try {
    files = walk(path);
  } catch {
    throw new DataError(`Cannot read ${path}: give the folder holding the downloads, or the release ZIP itself.`);
  }
  const read: string[] = [];
  const notes: string[] = [];
  const release = new Map<string, DfeTable>();
  let releaseName = "";
  const addReleaseTable = (name: string, bytes: Uint8Array, from: string) => {
    const table = readDfeCsv(decodeText(bytes).text, name);
    if (table.repeatedColumns.length) notes.push(`${from}: repeated column ${table.repeatedColumns.join(", ")} (second kept as ${table.repeatedColumns.map((c) => `${c}__2`).join(", ")})`);
    release.set(name.toLowerCase(), table);
    read.push(from);
  };
  /** Appeal-rate tables, newest release first (the ZIP's CSV reaches 2024, the .ods 2022). */
  const appealTables: { rows: ComparatorRow[] }[] = [];
  const otherRows: ComparatorRow[] = [];
  for (const file of files) {
    const name = basename(file);
    if (/\.zip$/i.test(name)) {
      const entries = readZip(readFileSync(file), name);
      const tables = entries.filter((entry) => RELEASE_FILES.test(basename(entry.name)));
      if (tables.length === 0) continue;
      releaseName = `Education, health and care plans ${releaseYear(name)}`;
      for (const entry of tables) addReleaseTable(basename(entry.name), entry.bytes(), `${name}:${entry.name}`);
      for (const entry of entries.filter((e) => APPEAL_RATE_FILE.test(basename(e.name)))) {
        appealTables.unshift({ rows: appealRateRows(sheetRows(entry.bytes(), entry.name), basename(entry.name), { publication: "SEND Tribunal appeal rate (in the EHC plans release)", release: releaseYear(name), licence: OGL }) });
        read.push(`${name}:${entry.name}`);
      }
    } else if (APPEAL_RATE_FILE.test(name)) {
      appealTables.push({ rows: appealRateRows(sheetRows(readFileSync(file), name), name, { publication: "SEND Tribunal appeal rate", release: releaseYear(name), licence: OGL }) });
      read.push(file);
    } else if (/\.json$/i.test(name)) {
      const rows = westMidlandsRows(readFileSync(file, "utf-8"), name, {
        publication: "Pupil absence in schools in England / Suspensions and permanent exclusions in England (West Midlands LAs, data-to-insight)",
        release: (JSON.parse(readFileSync(file, "utf-8")) as { generated_at?: string }).generated_at?.slice(0, 10) ?? "unknown", licence: OGL,
      });
      if (rows.length) { appendAll(otherRows, rows); read.push(file); }
    } else if (/^sen_national\.csv$/i.test(name)) {
      const table = readDfeCsv(decodeText(readFileSync(file)).text, name);
      const rows = senInEnglandRows(table, { publication: "Special educational needs in England (England, all pupils; DfE SEND and AP Inclusion Dashboard data)", release: "2016/17-2021/22", licence: OGL });
      if (rows.length) { appendAll(otherRows, rows); read.push(file); }
    } else if (/^(la|eng)_ch_time_series_derived\.csv$/i.test(name)) {
      const rows = nhsWaitRows(decodeText(readFileSync(file)).text, name, { publication: "NHS England community health services waiting lists (children and young people)", release: "", licence: OGL });
      // The release is the newest month the file holds.
      const newest = rows.map((row) => row.period).sort().at(-1) ?? "unknown";
      appendAll(otherRows, rows.map((row) => ({ ...row, release: newest })));
      read.push(file);
    } else if (RELEASE_FILES.test(name) && !release.has(name.toLowerCase())) {
      releaseName ||= `Education, health and care plans ${releaseYear(file)}`;
      addReleaseTable(name, readFileSync(file), file);
    }
  }
  const aggregate = new Map<string, DfeTable>();
  const aggregatePath = files.find((file) => basename(file).toLowerCase() === "sen2_mi.csv");
  if (aggregatePath) {
    aggregate.set("sen2_mi.csv", readDfeCsv(decodeText(readFileSync(aggregatePath)).text, "sen2_mi.csv"));
    read.push(aggregatePath);
  }
  if (release.size === 0 && aggregate.size === 0) {
    throw new DataError(`${path}: no DfE "Education, health and care plans" release (ZIP or caseload.csv, requests.csv, ...) or sen2_mi.csv found.`);
  }
  const year = releaseName.split(" ").at(-1) ?? "";
  const needs = primaryNeedMappings(release.get("sen_needs_all_plans.csv")?.columns ?? []);
  if (release.has("sen_needs_all_plans.csv") && needs.missing.length) {
    notes.push(`sen_needs_all_plans.csv has no column for ${needs.missing.join(", ")}: no published comparator for ${needs.missing.length === 1 ? "that need" : "those needs"}${needs.missing.includes("OTH") ? " (DfE counts Down syndrome under OTH in this release, so OTH is not the local OTH)" : ""}`);
  }
  const releaseRows = applyMappings(release, [...EHCP_RELEASE_MAPPINGS, ...needs.mappings], { publication: "Education, health and care plans", release: year, licence: OGL });
  const aggregateRows = applyMappings(aggregate, SEN2_AGGREGATE_MAPPINGS, {
    publication: "SEN2 aggregate collection (sen2_mi.csv, DfE SEND and AP Inclusion Dashboard data)",
    release: "2014-2022",
    licence: OGL,
  });
  // The release's newest LA list (code, name, region) checks the hand-typed codes of the appeal tables.
  const directory = new Map<string, LaDirectoryEntry>();
  for (const row of [...releaseRows].sort((a, b) => a.period.localeCompare(b.period))) {
    if (row.level === "la" && row.old_la_code) directory.set(row.old_la_code, { oldCode: row.old_la_code, newCode: row.code, name: row.name, regionCode: row.region_code });
  }
  const appealRows = checkLaCodes(appealTables.reduce<ComparatorRow[]>((kept, table) => oncePerPeriod(kept, table.rows), []), [...directory.values()], notes);
  return { rows: sortComparators([...oncePerPeriod(releaseRows, aggregateRows), ...appealRows, ...otherRows]), read, notes };
}
