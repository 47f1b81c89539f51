// From a set of named source files (text already read) to validated exports and canonical tables.
// Pure: Node passes files found below the data folder, the browser passes files the user chose.

import { parseBladeFileName, SEN2_MODULES, type Sen2Module } from "../sources/sen2-schema.js";
import { readSen2Export, type Sen2Export, type Sen2ExportFiles } from "../sources/sen2.js";
import { readEstablishments } from "../sources/establishments.js";
import { DataError, type Problem, type RowAccount } from "../sources/problems.js";
import { buildCanonicalTables, coversFrom, type CanonicalTables } from "./canonical.js";
import type { ExportWindow } from "../kpis/periods.js";

/** GIAS downloads are called edubasealldataYYYYMMDD.csv; a renamed copy may be called establishments*.csv. */
export const ESTABLISHMENTS_FILE = /^(edubase|establishments).*\.csv$/i;

export interface SourceFile {
  /** Where the file was found, for messages (a path relative to the data folder, or the chosen file's name). */
  path: string;
  /** The file's own name, which says what it is. */
  name: string;
  text: string;
}

export type SourceKind = { kind: "sen2"; exportDate: string; module: Sen2Module } | { kind: "establishments" } | { kind: "other" };

const SEN2_MODULE_NAMES = new Set<string>(SEN2_MODULES.map((spec) => spec.module));

/** What a file is, by its name alone. */
export function classifySourceFile(name: string): SourceKind {
  const blade = parseBladeFileName(name);
  if (blade && SEN2_MODULE_NAMES.has(blade.module)) return { kind: "sen2", exportDate: blade.exportDate, module: blade.module as Sen2Module };
  if (ESTABLISHMENTS_FILE.test(name)) return { kind: "establishments" };
  return { kind: "other" };
}

export interface Ingested {
  exports: Sen2Export[];
  tables: CanonicalTables;
  accounts: RowAccount[];
  problems: Problem[];
  windows: ExportWindow[];
}

/** Groups files into SEN2 exports and the establishments lookup, refusing ambiguous sets. */
export function groupSourceFiles(files: readonly SourceFile[]): { exports: Sen2ExportFiles[]; establishments: SourceFile } {
  const exports = new Map<string, Sen2ExportFiles>();
  const establishments: SourceFile[] = [];
  for (const file of files) {
    const kind = classifySourceFile(file.name);
    if (kind.kind === "sen2") {
      const entry = exports.get(kind.exportDate) ?? { exportDate: kind.exportDate, files: {} };
      const existing = entry.files[kind.module];
      if (existing) throw new DataError(`Two files for the same SEN2 export and module: ${existing.name} and ${file.path}. Keep one.`);
      entry.files[kind.module] = { name: file.name, text: file.text };
      exports.set(kind.exportDate, entry);
    } else if (kind.kind === "establishments") {
      establishments.push(file);
    }
  }
  if (exports.size === 0) throw new DataError("No SEN2 Blade export found: expected files named Blade-Export_DD-MM-YYYY_<module>.csv");
  if (establishments.length === 0) throw new DataError("No establishments lookup found: expected a GIAS download named edubasealldata*.csv or establishments*.csv");
  if (establishments.length > 1) throw new DataError(`More than one establishments lookup: ${establishments.map((f) => f.path).join(", ")}. Keep one.`);
  return { exports: [...exports.values()].sort((a, b) => a.exportDate.localeCompare(b.exportDate)), establishments: establishments[0]! };
}

export function ingestSources(files: readonly SourceFile[], homeLa: string): Ingested {
  const grouped = groupSourceFiles(files);
  const lookup = readEstablishments({ name: grouped.establishments.name, text: grouped.establishments.text });
  const exports = grouped.exports.map((entry) => readSen2Export(entry, { homeLa }));
  const { tables, problems: modelProblems } = buildCanonicalTables(exports, lookup);
  return {
    exports,
    tables,
    accounts: [...exports.flatMap((e) => e.accounts), lookup.account],
    problems: [...exports.flatMap((e) => e.problems), ...lookup.problems, ...modelProblems],
    windows: exports.map((e) => ({ coversFrom: coversFrom(e.referenceDate), referenceDate: e.referenceDate })),
  };
}
