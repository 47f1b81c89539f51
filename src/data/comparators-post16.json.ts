// The Post-16 page's published comparators (its KPIs only, to keep the page small).
import { domainComparators, runLoader } from "../../loaders/node/site-data.js";
await runLoader(async () => JSON.stringify(await domainComparators("post16")));
