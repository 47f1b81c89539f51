// From a set of named source files (text already read) to validated exports and canonical tables.
// Pure: Node passes files found below the data folder, the browser passes files the user chose.

import { parseBladeFileName, SEN2_MODULES, type Sen2Module } from "../sources/sen2-schema.js";
import { readSen2Export, type Sen2Export, type Sen2ExportFiles } from "../sources/sen2.js";
import { readEstablishments } from "../sources/establishments.js";
import { DataError, type Problem, type RowAccount } from "../sources/problems.js";
import { buildCanonicalTables, coversFrom, type CanonicalTables } from "./canonical.js";
import { buildEducationTables, type EducationSources, type EducationTables } from "./education.js";
import { readSchoolCensus } from "../sources/school-census.js";
import { readExclusions } from "../sources/exclusions.js";
import { readTopUpFunding } from "../sources/top-up-funding.js";
import { decodeText } from "../sources/csv.js";
import type { ExportWindow } from "../kpis/periods.js";
import { appendAll } from "../arrays.js";

/** GIAS downloads are called edubasealldataYYYYMMDD.csv; a renamed copy may be called establishments*.csv. */
export const ESTABLISHMENTS_FILE = /^(edubase|establishments).*\.csv$/i;
/** Local education extracts, CSV or XLSX, named for what they hold (see docs/data-contracts.md). */
const EDUCATION_FILES = [
  { kind: "census", pattern: /^school[-_ ]?census.*\.(csv|xlsx)$/i },
  { kind: "exclusions", pattern: /^(exclusions|suspensions).*\.(csv|xlsx)$/i },
  { kind: "top_up", pattern: /^top[-_ ]?up.*\.(csv|xlsx)$/i },
] as const;
type EducationKind = (typeof EDUCATION_FILES)[number]["kind"];

export interface SourceFile {
  /** Where the file was found, for messages (a path relative to the data folder, or the chosen file's name). */
  path: string;
  /** The file's own name, which says what it is. */
  name: string;
  /** The file's bytes (decoded as UTF-8 or Windows-1252 for text sources; spreadsheets are read as they are). */
  bytes: Uint8Array;
}

export type SourceKind =
  | { kind: "sen2"; exportDate: string; module: Sen2Module }
  | { kind: "establishments" }
  | { kind: "education"; source: EducationKind }
  | { kind: "other" };

const SEN2_MODULE_NAMES = new Set<string>(SEN2_MODULES.map((spec) => spec.module));

/** What a file is, by its name alone. */
export function classifySourceFile(name: string): SourceKind {
  const blade = parseBladeFileName(name);
  if (blade && SEN2_MODULE_NAMES.has(blade.module)) return { kind: "sen2", exportDate: blade.exportDate, module: blade.module as Sen2Module };
  if (ESTABLISHMENTS_FILE.test(name)) return { kind: "establishments" };
  const education = EDUCATION_FILES.find((entry) => entry.pattern.test(name));
  if (education) return { kind: "education", source: education.kind };
  return { kind: "other" };
}

export interface Ingested {
  exports: Sen2Export[];
  tables: CanonicalTables & EducationTables;
  /** School census days found in the education extracts (none when there are none). */
  censusDates: string[];
  accounts: RowAccount[];
  problems: Problem[];
  windows: ExportWindow[];
}

/** Groups files into SEN2 exports and the establishments lookup, refusing ambiguous sets. */
export function groupSourceFiles(files: readonly SourceFile[]): { exports: Sen2ExportFiles[]; establishments: SourceFile; education: { file: SourceFile; source: EducationKind }[] } {
  const exports = new Map<string, Sen2ExportFiles>();
  const establishments: SourceFile[] = [];
  const education: { file: SourceFile; source: EducationKind }[] = [];
  for (const file of files) {
    const kind = classifySourceFile(file.name);
    if (kind.kind === "sen2") {
      const entry = exports.get(kind.exportDate) ?? { exportDate: kind.exportDate, files: {} };
      const existing = entry.files[kind.module];
      if (existing) throw new DataError(`Two files for the same SEN2 export and module: ${existing.name} and ${file.path}. Keep one.`);
      entry.files[kind.module] = { name: file.name, text: decodeText(file.bytes).text };
      exports.set(kind.exportDate, entry);
    } else if (kind.kind === "establishments") {
      establishments.push(file);
    } else if (kind.kind === "education") {
      education.push({ file, source: kind.source });
    }
  }
  if (exports.size === 0) throw new DataError("No SEN2 Blade export found: expected files named Blade-Export_DD-MM-YYYY_<module>.csv");
  if (establishments.length === 0) throw new DataError("No establishments lookup found: expected a GIAS download named edubasealldata*.csv or establishments*.csv");
  if (establishments.length > 1) throw new DataError(`More than one establishments lookup: ${establishments.map((f) => f.path).join(", ")}. Keep one.`);
  return { exports: [...exports.values()].sort((a, b) => a.exportDate.localeCompare(b.exportDate)), establishments: establishments[0]!, education };
}

/** Reads each education extract with its contract's reader; messages name the file by its path. */
function readEducation(files: readonly { file: SourceFile; source: EducationKind }[]) {
  const sources: EducationSources = { census: [], exclusions: [], topUp: [] };
  const accounts: RowAccount[] = [];
  const problems: Problem[] = [];
  for (const { file, source } of files) {
    if (source === "census") {
      const read = readSchoolCensus(file.bytes, file.path);
      sources.census.push({ file: file.path, pupils: read.pupils });
      accounts.push(read.account);
      appendAll(problems, read.problems);
    } else if (source === "exclusions") {
      const read = readExclusions(file.bytes, file.path);
      sources.exclusions.push({ file: file.path, events: read.events });
      accounts.push(read.account);
      appendAll(problems, read.problems);
    } else {
      const read = readTopUpFunding(file.bytes, file.path);
      sources.topUp.push({ file: file.path, agreements: read.agreements });
      accounts.push(read.account);
      appendAll(problems, read.problems);
    }
  }
  return { sources, accounts, problems };
}

export function ingestSources(files: readonly SourceFile[], homeLa: string): Ingested {
  const grouped = groupSourceFiles(files);
  const lookup = readEstablishments({ name: grouped.establishments.name, text: decodeText(grouped.establishments.bytes).text });
  const exports = grouped.exports.map((entry) => readSen2Export(entry, { homeLa }));
  const { tables, problems: modelProblems } = buildCanonicalTables(exports, lookup);
  const education = readEducation(grouped.education);
  const educationModel = buildEducationTables(education.sources, lookup.byUrn, lookup.byUkprn);
  return {
    exports,
    tables: { ...tables, ...educationModel.tables },
    censusDates: educationModel.censusDates,
    accounts: [...exports.flatMap((e) => e.accounts), lookup.account, ...education.accounts],
    problems: [...exports.flatMap((e) => e.problems), ...lookup.problems, ...modelProblems, ...education.problems, ...educationModel.problems],
    windows: exports.map((e) => ({ coversFrom: coversFrom(e.referenceDate), referenceDate: e.referenceDate })),
  };
}
