// The post-16 activity code groups the build used, for analyst mode to read post-16 extracts the same way.
import { readAreaConfig, readLocalConfigFiles } from "../../loaders/node/config.js";
import { runLoader } from "../../loaders/node/site-data.js";
await runLoader(async () => readLocalConfigFiles(readAreaConfig()).activityCodes.text);
