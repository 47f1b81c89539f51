// Reads some extracts in a worker thread, beside the main thread: every SEN2 export but the newest, then the
// education extracts (read and modelled). On a two-core machine a national run's census (8 million rows)
// and older exports then cost no wall time of their own, while the main thread reads the newest export and
// builds the canonical and placement tables. Tables come back with their typed arrays moved, not copied.
//
// Started by startIngestWorker (in the main thread); the same file is the worker's entry point.

import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { groupSourceFiles, ingestEducation, readEstablishmentsFile, type EducationPart } from "../model/ingest.js";
import { exportFromTransfer, exportToTransfer, readSen2Export, type Sen2Export, type Sen2ExportTransfer } from "../sources/sen2.js";
import { columnarTable, type Table } from "../model/canonical.js";
import { TextColumn, type ColumnarRows } from "../model/columnar.js";
import { DataError } from "../sources/problems.js";
import { readSourceFiles } from "./discover.js";

interface WorkerInput {
  kind: "send-ingest";
  dataDir: string;
  homeLa: string;
  /** The SEN2 exports (by export date) to read here. */
  exportDates: string[];
}

type WorkerError = { error: { message: string; dataError: boolean } };
type WorkerOutput = { sen2: Sen2ExportTransfer[] } | { part: EducationPart } | WorkerError;

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

export interface IngestWorker {
  /** The SEN2 exports asked for, in the order asked. */
  sen2: Promise<Sen2Export[]>;
  education: Promise<EducationPart>;
  /** Ends the worker early (the main thread failed first); its answers are then never asked for. */
  stop: () => void;
}

/** A promise with its settling functions; a failure nobody asks for (after stop) is not an unhandled rejection. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => { resolve = ok; reject = fail; });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

const errorOf = (output: WorkerError) => (output.error.dataError ? new DataError(output.error.message) : new Error(output.error.message));

/**
 * Reads the SEN2 exports of `exportDates`, then the education part of the extracts below `dataDir`, in a
 * worker thread. The worker loads this file with tsx, as the pipeline itself runs; a problem it finds comes
 * back as the same DataError.
 */
export function startIngestWorker(dataDir: string, homeLa: string, exportDates: readonly string[]): IngestWorker {
  // A worker does not inherit tsx's module hooks: a two-line entry registers them, then loads this file.
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const entry = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const worker = new Worker(entry, { eval: true, workerData: { kind: "send-ingest", dataDir, homeLa, exportDates: [...exportDates] } satisfies WorkerInput });
  const sen2 = deferred<Sen2Export[]>();
  const education = deferred<EducationPart>();
  const fail = (error: Error) => {
    sen2.reject(error);
    education.reject(error);
  };
  let done = false;
  worker.on("message", (output: WorkerOutput) => {
    if ("sen2" in output) {
      sen2.resolve(output.sen2.map(exportFromTransfer));
      return;
    }
    done = true;
    if ("part" in output) education.resolve(revive(output.part));
    else fail(errorOf(output));
    void worker.terminate();
  });
  worker.once("error", (error) => {
    done = true;
    fail(error);
  });
  worker.once("exit", (code) => {
    if (!done) fail(new Error(`the ingest worker stopped (exit code ${code}) before it answered`));
  });
  return { sen2: sen2.promise, education: education.promise, stop: () => void worker.terminate() };
}

function runWorker(input: WorkerInput): void {
  let output: WorkerOutput;
  let transfer: ArrayBuffer[] = [];
  try {
    const grouped = groupSourceFiles(readSourceFiles(input.dataDir));
    // The exports first: the main thread needs them before the education extracts.
    const exports = grouped.exports.filter((entry) => input.exportDates.includes(entry.exportDate));
    const sen2 = exports.map((entry) => exportToTransfer(readSen2Export(entry, { homeLa: input.homeLa })));
    parentPort!.postMessage({ sen2: sen2.map((read) => read.data) } satisfies WorkerOutput, [...new Set(sen2.flatMap((read) => read.buffers))]);
    // The establishments lookup is read here too (it is small): the worker needs it for phases.
    const part = ingestEducation(grouped.education, readEstablishmentsFile(grouped.establishments));
    output = { part };
    transfer = buffersOf(part);
  } catch (error) {
    output = { error: { message: (error as Error).message, dataError: error instanceof DataError } };
  }
  parentPort!.postMessage(output, transfer);
}

if (!isMainThread && (workerData as WorkerInput | undefined)?.kind === "send-ingest") runWorker(workerData as WorkerInput);
