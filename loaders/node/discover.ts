// Finds source files by name anywhere below the data folder and reads them (UTF-8 or Windows-1252).

import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { decodeText } from "../sources/csv.js";
import { DataError } from "../sources/problems.js";
import { classifySourceFile, type SourceFile } from "../model/ingest.js";

function walk(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

/** Paths of every file below `dataDir` whose name says it is a source: what the cache fingerprint covers. */
export function discoverSourcePaths(dataDir: string): string[] {
  return walk(dataDir).filter((path) => classifySourceFile(basename(path)).kind !== "other");
}

export function readSourceBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new DataError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}


export function readSourceFiles(dataDir: string): SourceFile[] {
  return discoverSourcePaths(dataDir).map((path) => ({ path: relative(dataDir, path), name: basename(path), bytes: readSourceBytes(path) }));
}
