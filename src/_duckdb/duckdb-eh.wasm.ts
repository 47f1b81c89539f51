// Self-hosts DuckDB-WASM's binary so the site never fetches it from a CDN.
import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
createReadStream(createRequire(import.meta.url).resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm")).pipe(process.stdout);
