// Area, dates, periods and KPI metadata for every page.
import { runLoader, siteMeta } from "../../loaders/node/site-data.js";
await runLoader(async () => JSON.stringify(await siteMeta()));
