// Area, dates, periods and KPI metadata for every page.
import { siteMeta } from "../../loaders/node/site-data.js";
process.stdout.write(JSON.stringify(await siteMeta()));
