// The bank holidays the build used, for analyst mode to count school days the same way.
import { readAreaConfig, readLocalConfigFiles } from "../../loaders/node/config.js";
import { runLoader } from "../../loaders/node/site-data.js";
await runLoader(async () => readLocalConfigFiles(readAreaConfig()).bankHolidays.text);
