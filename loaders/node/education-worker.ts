// Reads and models the education extracts in a worker thread, beside the main thread's SEN2 work: on a
// two-core machine a national run's census (8 million rows) then costs no wall time of its own. The
// tables come back with their typed arrays transferred, not copied.
//
// Started by readEducationInWorker (in the main thread); the same file is the worker's entry point.

import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { ESTABLISHMENTS_FILE, educationFiles, ingestEducation, readEstablishmentsFile, type EducationPart } from "../model/ingest.js";
import { columnarTable, type Table } from "../model/canonical.js";
import { TextColumn, type ColumnarRows } from "../model/columnar.js";
import { DataError } from "../sources/problems.js";
import { readSourceFiles } from "./discover.js";

interface WorkerInput {
  kind: "send-education";
  dataDir: string;
}

type WorkerOutput = { part: EducationPart } | { error: { message: string; dataError: boolean } };

/** Every ArrayBuffer a part's columnar tables hold, once each: moved to the main thread, not copied. */
function buffersOf(part: EducationPart): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (array: ArrayBufferView) => {
    if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  };
  for (const table of Object.values(part.tables) as Table[]) {
    for (const column of Object.values(table.columnar?.columns ?? {})) {
      if (column.kind === "dictionary") {
        add(column.codes);
      } else if (column.kind === "text") {
        for (const value of Object.values(column.text)) if (ArrayBuffer.isView(value)) add(value);
      } else {
        add(column.values);
      }
    }
  }
  return [...buffers];
}

/** A table as it arrives from the worker: a columnar table gets back its row view and its text columns' methods. */
function reviveTable(table: Table): Table {
  if (!table.columnar) return table;
  const columnar: ColumnarRows = table.columnar;
  for (const column of Object.values(columnar.columns)) if (column.kind === "text") Object.setPrototypeOf(column.text, TextColumn.prototype);
  return columnarTable(table.name, table.columns, columnar);
}

function revive(part: EducationPart): EducationPart {
  const tables = Object.fromEntries(Object.entries(part.tables).map(([name, table]) => [name, reviveTable(table as Table)]));
  return { ...part, tables: tables as unknown as EducationPart["tables"] };
}

/**
 * The education part of the extracts below `dataDir`, read in a worker thread. The worker loads this file
 * with tsx, as the pipeline itself runs; a problem it finds comes back as the same DataError. `stop` ends
 * the worker early (the main thread failed first); its answer is then never asked for.
 */
export function readEducationInWorker(dataDir: string): { part: Promise<EducationPart>; stop: () => void } {
  // A worker does not inherit tsx's module hooks: a two-line entry registers them, then loads this file.
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const entry = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const worker = new Worker(entry, { eval: true, workerData: { kind: "send-education", dataDir } satisfies WorkerInput });
  const part = new Promise<EducationPart>((resolve, reject) => {
    let settled = false;
    worker.once("message", (output: WorkerOutput) => {
      settled = true;
      if ("part" in output) resolve(revive(output.part));
      else reject(output.error.dataError ? new DataError(output.error.message) : new Error(output.error.message));
      void worker.terminate();
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the education worker stopped (exit code ${code}) before it answered`));
    });
  });
  // A failure nobody asks for (after stop) is not an unhandled rejection.
  part.catch(() => {});
  return { part, stop: () => void worker.terminate() };
}

function runWorker(input: WorkerInput): void {
  let output: WorkerOutput;
  let transfer: ArrayBuffer[] = [];
  try {
    const files = readSourceFiles(input.dataDir);
    // The establishments lookup is read here too (it is small): the worker needs it for phases.
    const establishments = files.filter((file) => ESTABLISHMENTS_FILE.test(file.name));
    if (establishments.length !== 1) throw new DataError("the education extracts need exactly one establishments lookup (edubasealldata*.csv)");
    const part = ingestEducation(educationFiles(files), readEstablishmentsFile(establishments[0]!));
    output = { part };
    transfer = buffersOf(part);
  } catch (error) {
    output = { error: { message: (error as Error).message, dataError: error instanceof DataError } };
  }
  parentPort!.postMessage(output, transfer);
}

if (!isMainThread && (workerData as WorkerInput | undefined)?.kind === "send-education") runWorker(workerData as WorkerInput);
