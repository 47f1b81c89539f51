// Self-hosts DuckDB-WASM's worker script beside its binary.
import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
createReadStream(createRequire(import.meta.url).resolve("@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js")).pipe(process.stdout);
