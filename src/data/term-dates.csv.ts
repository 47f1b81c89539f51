// The school term dates the build used, for analyst mode to give local education extracts the same terms.
import { readAreaConfig, readTermDatesFile } from "../../loaders/node/config.js";
import { runLoader } from "../../loaders/node/site-data.js";
await runLoader(async () => readTermDatesFile(readAreaConfig()).text);
