// The EHCP page's published (suppressed) cube as Arrow.
import { domainCubeArrow } from "../../loaders/node/site-data.js";
process.stdout.write(await domainCubeArrow("ehcp"));
