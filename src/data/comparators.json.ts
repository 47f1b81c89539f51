// Published comparators (England, region, similar areas, rank), the reconciliation and comparator coverage.
import { comparatorData, runLoader } from "../../loaders/node/site-data.js";
await runLoader(async () => JSON.stringify(await comparatorData()));
