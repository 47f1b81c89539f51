// Bundles the shared pipeline modules (loaders/browser-entry.ts) for the browser, so a page computes KPIs
// from local extracts with exactly the code the build uses. Imported at run time from its file URL.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const result = await build({
  entryPoints: [fileURLToPath(new URL("../../loaders/browser-entry.ts", import.meta.url))],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  write: false,
  legalComments: "none",
});
process.stdout.write(result.outputFiles[0]!.text);
