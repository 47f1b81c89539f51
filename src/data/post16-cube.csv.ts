// The Post-16 page's published figures as open CSV.
import { domainCubeCsv, runLoader } from "../../loaders/node/site-data.js";
await runLoader(() => domainCubeCsv("post16"));
