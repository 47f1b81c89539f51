// Finds source files by name anywhere below the data folder: SEN2 Blade exports and the GIAS lookup.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { decodeText } from "../sources/csv.js";
import { DataError } from "../sources/problems.js";
import { parseBladeFileName, type Sen2Module, SEN2_MODULES } from "../sources/sen2-schema.js";
import type { Sen2ExportFiles } from "../sources/sen2.js";

/** GIAS downloads are called edubasealldataYYYYMMDD.csv; a renamed copy may be called establishments*.csv. */
export const ESTABLISHMENTS_FILE = /^(edubase|establishments).*\.csv$/i;

export interface DiscoveredFiles {
  sen2Exports: { exportDate: string; paths: Partial<Record<Sen2Module, string>> }[];
  establishments: string[];
  /** Every input file, relative to the data folder: what the pipeline's cache fingerprint covers. */
  all: string[];
}

function walk(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

export function discoverFiles(dataDir: string): DiscoveredFiles {
  const exports = new Map<string, Partial<Record<Sen2Module, string>>>();
  const establishments: string[] = [];
  const all: string[] = [];
  const modules = new Set<string>(SEN2_MODULES.map((spec) => spec.module));
  for (const path of walk(dataDir)) {
    const name = basename(path);
    const blade = parseBladeFileName(name);
    if (blade && modules.has(blade.module)) {
      const files = exports.get(blade.exportDate) ?? {};
      const existing = files[blade.module as Sen2Module];
      if (existing) {
        throw new DataError(`Two files for the same SEN2 export and module: ${relative(dataDir, existing)} and ${relative(dataDir, path)}. Keep one.`);
      }
      files[blade.module as Sen2Module] = path;
      exports.set(blade.exportDate, files);
      all.push(path);
    } else if (ESTABLISHMENTS_FILE.test(name)) {
      establishments.push(path);
      all.push(path);
    }
  }
  return {
    sen2Exports: [...exports.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([exportDate, paths]) => ({ exportDate, paths })),
    establishments,
    all,
  };
}

export function readTextFile(path: string): string {
  try {
    return decodeText(readFileSync(path)).text;
  } catch (error) {
    throw new DataError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function loadExportFiles(entry: DiscoveredFiles["sen2Exports"][number]): Sen2ExportFiles {
  const files: Sen2ExportFiles["files"] = {};
  for (const [module, path] of Object.entries(entry.paths)) {
    files[module as Sen2Module] = { name: basename(path!), text: readTextFile(path!) };
  }
  return { exportDate: entry.exportDate, files };
}

export const fileSize = (path: string) => statSync(path).size;
