// Fixes what Framework 1.13 writes into every page and cannot be configured: the WCAG failures (no lang
// attribute, a viewport that blocks zoom, the sidebar's close <label> inside an <ol>), and module preloads
// that hold back the first figures (see deferChartPreloads).

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";

export function fixHtml(html: string): string {
  return html
    .replace(/<html(?![^>]*\blang=)/, '<html lang="en-GB"')
    .replace(/<meta name="viewport" content="[^"]*">/, '<meta name="viewport" content="width=device-width, initial-scale=1">')
    .replace(/<ol>(\s*)(<label id="observablehq-sidebar-close"[^>]*><\/label>)/, "$2$1<ol>");
}

/** The package whose modules are charts only: Plot (with d3, 40 modules) is not needed for the cards. */
const CHARTS = /(^|\/)_node\/@observablehq\/plot@/;

/** A built module's static imports, as paths below dist (dynamic import() is not followed). */
function staticImports(dist: string, module: string, cache: Map<string, string[]>): string[] {
  let found = cache.get(module);
  if (found) return found;
  const path = join(dist, module);
  const text = existsSync(path) ? readFileSync(path, "utf-8") : "";
  found = [...text.matchAll(/\b(?:from|import)\s*["']([^"']+\.js)["']/g)].map((match) => posix.join(posix.dirname(module), match[1]!));
  cache.set(module, found);
  return found;
}

/**
 * Framework preloads every module any cell of a page imports. On a two-core machine, fetching and compiling
 * Plot and d3 (about 45 modules) alongside the first cells delays the cards by a quarter of a second, and
 * the charts are drawn after the cards anyway (and lazily). So a page keeps the preloads of what its cells
 * need without reaching Plot, and drops the rest: those modules load when the chart cells import them.
 */
export function deferChartPreloads(html: string, page: string, dist: string, cache = new Map<string, string[]>()): string {
  const base = posix.dirname(page);
  const toModule = (href: string) => posix.join(base, href);
  // Whether a module's static imports reach Plot. A "no" found inside an import cycle may be only partial
  // (a partner still being explored), so only a "yes", or the answer for a module explored from the top, is kept.
  const reachesCharts = new Map<string, boolean>();
  const search = (module: string, seen: Set<string>): boolean => {
    if (CHARTS.test(module)) return true;
    const known = reachesCharts.get(module);
    if (known !== undefined) return known;
    if (seen.has(module)) return false;
    seen.add(module);
    const found = staticImports(dist, module, cache).some((imported) => search(imported, seen));
    if (found) reachesCharts.set(module, true);
    return found;
  };
  const reaches = (module: string): boolean => {
    const found = search(module, new Set());
    reachesCharts.set(module, found);
    return found;
  };
  const script = html.match(/<script type="module">([\s\S]*?)<\/script>/)?.[1] ?? "";
  // The page's own imports: its module script's static imports and its cells' import() calls.
  const roots = [...script.matchAll(/\b(?:from\s*|import\()\s*["'](\.[^"']+\.js)["']/g)].map((match) => toModule(match[1]!)).filter((module) => !reaches(module));
  const keep = new Set<string>();
  const visit = (module: string) => {
    if (keep.has(module)) return;
    keep.add(module);
    for (const imported of staticImports(dist, module, cache)) visit(imported);
  };
  roots.forEach(visit);
  return html.replace(/<link rel="modulepreload" href="([^"]+)">\n?/g, (link, href: string) => (keep.has(toModule(href)) ? link : ""));
}

export function fixBuiltHtml(dir: string): number {
  let count = 0;
  const cache = new Map<string, string[]>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const path = join(entry.parentPath, entry.name);
    const page = relative(dir, path).split("\\").join("/");
    writeFileSync(path, deferChartPreloads(fixHtml(readFileSync(path, "utf-8")), page, dir, cache));
    count++;
  }
  return count;
}
