// The Post-16 page's published (suppressed) cube as Arrow.
import { domainCubeArrow, runLoader } from "../../loaders/node/site-data.js";
await runLoader(() => domainCubeArrow("post16"));
