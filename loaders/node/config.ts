// Where the data is and how the area is configured: `--data DIR`, SEND_DATA_DIR, else the embedded demo.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DataError } from "../sources/problems.js";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEMO_DATA_DIR = join(REPO_ROOT, "data", "demo");

export interface AreaConfig {
  homeLa: { oldCode: string; newCode: string; name: string };
  region: { code: string; name: string };
  suppressionThreshold: number;
  /** LAs whose unweighted mean is shown as "similar areas"; `official` says whether it is a real statistical-neighbour list. */
  similarAreas: { label: string; official: boolean; oldLaCodes: string[] };
  /** The comparator table written by `npm run reference:import`, relative to the repository. */
  comparators: string;
  /** The home area's NHS organisations as NHS England's files name them (health comparators). */
  nhs?: { icb: string; provider: string };
  /** School term dates (CSV, one row per half term), relative to the repository; default config/term-dates.csv. */
  termDates?: string;
  /** NCCIS activity codes and their groups (CSV), relative to the repository; default config/post16-activity-codes.csv. */
  post16ActivityCodes?: string;
  /** Bank holidays (CSV date,name) for counting school days; default config/bank-holidays.csv. */
  bankHolidays?: string;
  /** The partnership's evidence tracker (CSV), relative to the repository; default config/evidence-tracker.csv. */
  evidenceTracker?: string;
}

export function readAreaConfig(path = process.env.SEND_CONFIG ?? join(REPO_ROOT, "send.config.json")): AreaConfig {
  let config: AreaConfig;
  try {
    config = JSON.parse(readFileSync(path, "utf-8")) as AreaConfig;
  } catch (error) {
    throw new DataError(`Cannot read the area configuration ${path}: ${(error as Error).message}`);
  }
  if (!/^\d{3}$/.test(config.homeLa?.oldCode ?? "")) throw new DataError(`${path}: homeLa.oldCode must be a three-digit LA code`);
  if (!Array.isArray(config.similarAreas?.oldLaCodes) || !config.similarAreas.oldLaCodes.every((code) => /^\d{3}$/.test(code))) {
    throw new DataError(`${path}: similarAreas.oldLaCodes must be a list of three-digit LA codes`);
  }
  if (!Number.isInteger(config.suppressionThreshold) || config.suppressionThreshold < 1) {
    throw new DataError(`${path}: suppressionThreshold must be a whole number of 1 or more`);
  }
  return config;
}

function readConfigFile(relativePath: string, what: string): { path: string; text: string } {
  const path = join(REPO_ROOT, relativePath);
  try {
    return { path, text: readFileSync(path, "utf-8") };
  } catch (error) {
    throw new DataError(`Cannot read the ${what} ${path}: ${(error as Error).message}`);
  }
}

/** The term dates file's path and text: the school calendar of every education KPI. */
export const readTermDatesFile = (config: AreaConfig) => readConfigFile(config.termDates ?? join("config", "term-dates.csv"), "term dates");

/** The configuration files the placement and post-16 extracts need (see loaders/model/ingest.ts LocalConfig). */
export function readLocalConfigFiles(config: AreaConfig) {
  return {
    activityCodes: readConfigFile(config.post16ActivityCodes ?? join("config", "post16-activity-codes.csv"), "post-16 activity codes"),
    termDates: readTermDatesFile(config),
    bankHolidays: readConfigFile(config.bankHolidays ?? join("config", "bank-holidays.csv"), "bank holidays"),
  };
}

/** `--data DIR` beats SEND_DATA_DIR beats the demo data. */
export function resolveDataDir(argv: readonly string[] = process.argv.slice(2)): string {
  const flag = argv.indexOf("--data");
  const chosen = flag >= 0 ? argv[flag + 1] : process.env.SEND_DATA_DIR;
  const dir = resolve(chosen && chosen.length > 0 ? chosen : DEMO_DATA_DIR);
  if (!existsSync(dir)) throw new DataError(`The data folder ${dir} does not exist (set by ${flag >= 0 ? "--data" : "SEND_DATA_DIR"}).`);
  return dir;
}

/** The demo data carries a marker file so every page can say it shows demo data, wherever it is copied. */
export const isDemoData = (dir: string) => existsSync(join(dir, "DEMO-DATA.md"));
