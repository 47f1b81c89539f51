// Row accounting, problems (no personal values) and KPI coverage for the data-quality page.
import { dataQualityReport, runLoader } from "../../loaders/node/site-data.js";
await runLoader(async () => JSON.stringify(await dataQualityReport()));
