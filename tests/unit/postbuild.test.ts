// The post-build step: every page keeps the preloads of what its first cells need and drops those only
// the charts (Plot) need, so the cards do not wait for 45 chart modules (scripts/postbuild.ts).

import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { deferChartPreloads, fixHtml } from "../../scripts/postbuild.js";

function site(files: Record<string, string>): string {
  const dist = mkdtempSync(join(tmpdir(), "postbuild-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dist, path)), { recursive: true });
    writeFileSync(join(dist, path), text);
  }
  return dist;
}

/** A page head's module preloads of these files (paths from the site's root). */
const preloadLinks = (paths: readonly string[]) => paths.map((path) => `<link rel="modulepreload" href="./${path}">`).join("\n");

const preloads = (html: string) => [...html.matchAll(/modulepreload" href="([^"]+)"/g)].map((match) => match[1]);

describe("post-build fixes", () => {
  it("drop the preloads only charts need, keeping what the first cells and shared modules need", () => {
    const dist = site({
      "_import/cards.js": 'import {x} from "../_node/shared@1/index.js";\nimport "./format.js";',
      "_import/format.js": "export const f = 1;",
      "_import/charts.js": 'import * as Plot from "../_node/@observablehq/plot@0.6/index.js";\nimport {x} from "../_node/shared@1/index.js";',
      "_node/@observablehq/plot@0.6/index.js": 'import*as d3 from"../../d3@7/index.js";import{y}from"../../shared@1/index.js";',
      "_node/d3@7/index.js": "export const d3 = 1;",
      "_node/shared@1/index.js": "export const x = 1;",
    });
    const links = preloadLinks(["_import/cards.js", "_import/format.js", "_import/charts.js", "_node/@observablehq/plot@0.6/index.js", "_node/d3@7/index.js", "_node/shared@1/index.js"]);
    const html = `<head>\n${links}\n<script type="module">\nimport {define} from "./_import/format.js";\ndefine({body: async () => { const [{a}, {b}] = await Promise.all([import("./_import/cards.js"), import("./_import/charts.js")]); }});\n</script>`;
    expect(preloads(deferChartPreloads(html, "ehcp.html", dist))).toEqual(["./_import/cards.js", "./_import/format.js", "./_node/shared@1/index.js"]);
    // A page in a folder resolves its links from there.
    const nested = html.replaceAll('"./_', '"../_');
    expect(preloads(deferChartPreloads(nested, "reports/ehcp.html", dist))).toEqual(["../_import/cards.js", "../_import/format.js", "../_node/shared@1/index.js"]);
  });

  it("see Plot behind an import cycle", () => {
    // a imports b and c; b imports a back; c imports Plot: b reaches Plot through a (asked after a, whose search met b mid-cycle).
    const dist = site({
      "_import/a.js": 'import "./b.js";\nimport "./c.js";',
      "_import/b.js": 'import "./a.js";',
      "_import/c.js": 'import "../_node/@observablehq/plot@0.6/index.js";',
      "_node/@observablehq/plot@0.6/index.js": "export const plot = 1;",
    });
    const links = preloadLinks(["_import/a.js", "_import/b.js", "_import/c.js", "_node/@observablehq/plot@0.6/index.js"]);
    const html = `${links}\n<script type="module">\ndefine({body: async () => { await Promise.all([import("./_import/a.js"), import("./_import/b.js")]); }});\n</script>`;
    expect(preloads(deferChartPreloads(html, "page.html", dist))).toEqual([]);
  });

  it("set the language and a zoomable viewport", () => {
    const html = fixHtml('<html>\n<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">');
    expect(html).toContain('<html lang="en-GB"');
    expect(html).not.toContain("maximum-scale");
  });
});
