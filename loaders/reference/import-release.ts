// Reads the reference files as a user downloads them (the DfE release ZIP or its unzipped folder, and the
// SEN2 aggregate series sen2_mi.csv) from a folder or a ZIP path, and returns the comparator rows.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { decodeText } from "../sources/csv.js";
import { DataError } from "../sources/problems.js";
import { readZip } from "./zip.js";
import { readDfeCsv, type DfeTable } from "./dfe-csv.js";
import { EHCP_RELEASE_MAPPINGS, SEN2_AGGREGATE_MAPPINGS } from "./mappings.js";
import { applyMappings, oncePerPeriod, OGL, sortComparators, type ComparatorRow } from "./comparators.js";

export interface ImportReport {
  rows: ComparatorRow[];
  /** What was read, for the command's summary. */
  read: string[];
  /** Quirks handled on the way (repeated columns and the like), for the summary. */
  notes: string[];
}

const RELEASE_FILES = /^(caseload|newplans|requests|assessments|timeliness_20_week|annual_reviews|personal_budgets)\.csv$/i;

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
  for (const file of files) {
    const name = basename(file);
    if (/\.zip$/i.test(name)) {
      const entries = readZip(readFileSync(file), name).filter((entry) => RELEASE_FILES.test(basename(entry.name)));
      if (entries.length === 0) continue;
      releaseName = `Education, health and care plans ${releaseYear(name)}`;
      for (const entry of entries) addReleaseTable(basename(entry.name), entry.bytes(), `${name}:${entry.name}`);
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
  const releaseRows = applyMappings(release, EHCP_RELEASE_MAPPINGS, { publication: "Education, health and care plans", release: year, licence: OGL });
  const aggregateRows = applyMappings(aggregate, SEN2_AGGREGATE_MAPPINGS, {
    publication: "SEN2 aggregate collection (sen2_mi.csv, DfE SEND and AP Inclusion Dashboard data)",
    release: "2014-2022",
    licence: OGL,
  });
  return { rows: sortComparators(oncePerPeriod(releaseRows, aggregateRows)), read, notes };
}
