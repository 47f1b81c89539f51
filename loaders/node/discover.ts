// Finds source files by name anywhere below the data folder. A file's bytes are read when a reader asks
// for them, and a large extract is read in chunks as it is parsed (never whole: a national census is
// about 1 GB), so memory holds one file's pieces at a time rather than every file at once.

import { Buffer, isUtf8 } from "node:buffer";
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { useByteTools, type ChunkedBytes } from "../sources/csv.js";
import { DataError } from "../sources/problems.js";
import { classifySourceFile, type SourceFile } from "../model/ingest.js";

// Node checks UTF-8 and reads bytes as Latin-1 natively: a large file's first pass need not decode it.
useByteTools({
  isUtf8: (bytes) => isUtf8(bytes),
  latin1: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1"),
});

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

const cannotRead = (path: string, error: unknown) => new DataError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);

export function readSourceBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw cannotRead(path, error);
  }
}

/** Bytes read per chunk from disk. */
const CHUNK_BYTES = 4 << 20;

/** A file read from disk in chunks, each time it is read (the chunk buffer is reused). */
export class FileChunks implements ChunkedBytes {
  constructor(private readonly path: string, readonly size: number) {}

  *chunks(): Generator<Uint8Array> {
    let fd: number;
    try {
      fd = openSync(this.path, "r");
    } catch (error) {
      throw cannotRead(this.path, error);
    }
    try {
      const buffer = new Uint8Array(Math.min(CHUNK_BYTES, Math.max(this.size, 1)));
      for (;;) {
        const read = readSync(fd, buffer, 0, buffer.length, null);
        if (read === 0) break;
        yield buffer.subarray(0, read);
      }
    } finally {
      closeSync(fd);
    }
  }
}

/** Every source file below `dataDir`: its bytes read whole only when asked for, or in chunks through `source`. */
export function readSourceFiles(dataDir: string): SourceFile[] {
  return discoverSourcePaths(dataDir).map((path) => {
    let size: number;
    try {
      size = statSync(path).size;
    } catch (error) {
      throw cannotRead(path, error);
    }
    return {
      path: relative(dataDir, path),
      name: basename(path),
      get bytes() {
        return readSourceBytes(path);
      },
      source: new FileChunks(path, size),
    };
  });
}
