// The built dist/ served on 127.0.0.1 and a headless chromium: what every browser test starts from.

import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { launchChromium } from "./chromium.js";
import { serveDirectory } from "./serve.js";
import { REPO_ROOT } from "../../loaders/node/config.js";

export interface BuiltSite {
  url: string;
  /** A page in a fresh context (a cold cache, and the form axe-core needs). */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function openBuiltSite(): Promise<BuiltSite> {
  const site = await serveDirectory(join(REPO_ROOT, "dist"));
  const browser: Browser = await launchChromium();
  return {
    url: site.url,
    newPage: async () => (await browser.newContext()).newPage(),
    close: async () => {
      await browser.close();
      site.server.close();
    },
  };
}
