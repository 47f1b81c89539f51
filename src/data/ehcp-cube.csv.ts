// The EHCP page's published figures as open CSV.
import { domainCubeCsv } from "../../loaders/node/site-data.js";
process.stdout.write(await domainCubeCsv("ehcp"));
