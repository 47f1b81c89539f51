// Fixes what Framework 1.13 writes into every page and cannot be configured, all WCAG failures: no lang
// attribute, a viewport that blocks zoom (maximum-scale=1), and the sidebar's close <label> inside an <ol>.

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function fixHtml(html: string): string {
  return html
    .replace(/<html(?![^>]*\blang=)/, '<html lang="en-GB"')
    .replace(/<meta name="viewport" content="[^"]*">/, '<meta name="viewport" content="width=device-width, initial-scale=1">')
    .replace(/<ol>(\s*)(<label id="observablehq-sidebar-close"[^>]*><\/label>)/, "$2$1<ol>");
}

export function fixBuiltHtml(dir: string): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const path = join(entry.parentPath, entry.name);
    writeFileSync(path, fixHtml(readFileSync(path, "utf-8")));
    count++;
  }
  return count;
}
