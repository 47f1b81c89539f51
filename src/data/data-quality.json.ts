// Row accounting, problems (no personal values) and KPI coverage for the data-quality page.
import { dataQualityReport } from "../../loaders/node/site-data.js";
process.stdout.write(JSON.stringify(await dataQualityReport()));
