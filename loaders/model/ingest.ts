// From a set of named source files (text already read) to validated exports and canonical tables.
// Pure: Node passes files found below the data folder, the browser passes files the user chose.

import { parseBladeFileName, SEN2_MODULES, type Sen2Module } from "../sources/sen2-schema.js";
import { readSen2Export, type Sen2Export, type Sen2ExportFiles } from "../sources/sen2.js";
import { readEstablishments, type EstablishmentLookup } from "../sources/establishments.js";
import { DataError, type Problem, type RowAccount } from "../sources/problems.js";
import { buildCanonicalTables, coversFrom, type CanonicalTables } from "./canonical.js";
import { buildEducationTables, type EducationSources, type EducationTables } from "./education.js";
import { readSchoolCensus } from "../sources/school-census.js";
import { readExclusions } from "../sources/exclusions.js";
import { readTopUpFunding } from "../sources/top-up-funding.js";
import { decodeText, type ByteSource } from "../sources/csv.js";
import { readPlacementDecisions } from "../sources/placement-decisions.js";
import { readApPlacements } from "../sources/ap-placements.js";
import { readFairAccess } from "../sources/fair-access.js";
import { readRegister, type RegisterKind } from "../sources/registers.js";
import { readActivityCodes, readPost16Activity } from "../sources/post16-activity.js";
import { readTermDates } from "../sources/term-dates.js";
import { buildPlacementTables, emptyPlacementSources, loadedSources, type LocalSource, type PlacementSources, type PlacementTables } from "./placements.js";
import { readBankHolidays, schoolDays } from "./school-days.js";
import type { ExportWindow } from "../kpis/periods.js";
import { appendAll } from "../arrays.js";

/** GIAS downloads are called edubasealldataYYYYMMDD.csv; a renamed copy may be called establishments*.csv. */
export const ESTABLISHMENTS_FILE = /^(edubase|establishments).*\.csv$/i;
/** Local education extracts, CSV or XLSX, named for what they hold (see docs/data-contracts.md). */
const EDUCATION_FILES = [
  { kind: "census", pattern: /^school[-_ ]?census.*\.(csv|xlsx)$/i },
  { kind: "exclusions", pattern: /^(exclusions|suspensions).*\.(csv|xlsx)$/i },
  { kind: "top_up", pattern: /^top[-_ ]?up.*\.(csv|xlsx)$/i },
] as const;
type EducationKind = (typeof EDUCATION_FILES)[number]["kind"];
/** Placement, register and post-16 extracts, CSV or XLSX (see docs/data-contracts.md). */
const PLACEMENT_FILES = [
  { kind: "placement_decisions", pattern: /^placement[-_ ]?decisions.*\.(csv|xlsx)$/i },
  { kind: "ap_placements", pattern: /^(ap[-_ ]?placements|alternative[-_ ]?provision).*\.(csv|xlsx)$/i },
  { kind: "fair_access", pattern: /^fair[-_ ]?access.*\.(csv|xlsx)$/i },
  { kind: "ehe", pattern: /^(ehe[-_ ]?register|elective[-_ ]?home[-_ ]?education).*\.(csv|xlsx)$/i },
  { kind: "cme", pattern: /^(cme[-_ ]?register|children[-_ ]?missing[-_ ]?education).*\.(csv|xlsx)$/i },
  { kind: "eotas", pattern: /^eotas[-_ ]?register.*\.(csv|xlsx)$/i },
  { kind: "no_place", pattern: /^(no|without)[-_ ]?school[-_ ]?place.*\.(csv|xlsx)$/i },
  { kind: "post16_activity", pattern: /^post[-_ ]?16[-_ ]?activity.*\.(csv|xlsx)$/i },
] as const satisfies readonly { kind: LocalSource; pattern: RegExp }[];

/** Configuration files some local extracts need: read by Node from config/, fetched by the browser. */
export interface LocalConfig {
  /** config/post16-activity-codes.csv: needed when a post-16 activity extract is read. */
  activityCodes?: { path: string; text: string };
  /** The term dates and bank holidays: needed when a no-school-place register is read (school days). */
  termDates?: { path: string; text: string };
  bankHolidays?: { path: string; text: string };
}

export interface SourceFile {
  /** Where the file was found, for messages (a path relative to the data folder, or the chosen file's name). */
  path: string;
  /** The file's own name, which says what it is. */
  name: string;
  /** The file's bytes (decoded as UTF-8 or Windows-1252 for text sources; spreadsheets are read as they are). */
  bytes: Uint8Array;
  /** The same bytes read in chunks, where the caller can (Node reads large extracts from disk this way). */
  source?: ByteSource;
}

/** A file's bytes for the readers that take them in chunks. */
const bytesOf = (file: SourceFile): ByteSource => file.source ?? file.bytes;

export type SourceKind =
  | { kind: "sen2"; exportDate: string; module: Sen2Module }
  | { kind: "establishments" }
  | { kind: "education"; source: EducationKind }
  | { kind: "placements"; source: LocalSource }
  | { kind: "other" };

const SEN2_MODULE_NAMES = new Set<string>(SEN2_MODULES.map((spec) => spec.module));

/** What a file is, by its name alone. */
export function classifySourceFile(name: string): SourceKind {
  const blade = parseBladeFileName(name);
  if (blade && SEN2_MODULE_NAMES.has(blade.module)) return { kind: "sen2", exportDate: blade.exportDate, module: blade.module as Sen2Module };
  if (ESTABLISHMENTS_FILE.test(name)) return { kind: "establishments" };
  const education = EDUCATION_FILES.find((entry) => entry.pattern.test(name));
  if (education) return { kind: "education", source: education.kind };
  const placement = PLACEMENT_FILES.find((entry) => entry.pattern.test(name));
  if (placement) return { kind: "placements", source: placement.kind };
  return { kind: "other" };
}

export interface Ingested {
  /** The SEN2 exports read (their rows are in `tables` now, so not kept here). */
  exports: Omit<Sen2Export, "tables" | "rejectedRequests">[];
  tables: CanonicalTables & EducationTables & PlacementTables;
  /** Local extracts read (placements, registers, post-16): a KPI needing one that is missing shows x. */
  localSources: LocalSource[];
  /** School census days found in the education extracts (none when there are none). */
  censusDates: string[];
  accounts: RowAccount[];
  problems: Problem[];
  windows: ExportWindow[];
}

/** Groups files into SEN2 exports and the establishments lookup, refusing ambiguous sets. */
export function groupSourceFiles(files: readonly SourceFile[]): {
  exports: Sen2ExportFiles[];
  establishments: SourceFile;
  education: { file: SourceFile; source: EducationKind }[];
  placements: { file: SourceFile; source: LocalSource }[];
} {
  const exports = new Map<string, Sen2ExportFiles>();
  const establishments: SourceFile[] = [];
  const education: { file: SourceFile; source: EducationKind }[] = [];
  const placements: { file: SourceFile; source: LocalSource }[] = [];
  for (const file of files) {
    const kind = classifySourceFile(file.name);
    if (kind.kind === "sen2") {
      const entry = exports.get(kind.exportDate) ?? { exportDate: kind.exportDate, files: {} };
      const existing = entry.files[kind.module];
      if (existing) throw new DataError(`Two files for the same SEN2 export and module: ${existing.name} and ${file.path}. Keep one.`);
      entry.files[kind.module] = { name: file.name, bytes: bytesOf(file) };
      exports.set(kind.exportDate, entry);
    } else if (kind.kind === "establishments") {
      establishments.push(file);
    } else if (kind.kind === "education") {
      education.push({ file, source: kind.source });
    } else if (kind.kind === "placements") {
      placements.push({ file, source: kind.source });
    }
  }
  if (exports.size === 0) throw new DataError("No SEN2 Blade export found: expected files named Blade-Export_DD-MM-YYYY_<module>.csv");
  if (establishments.length === 0) throw new DataError("No establishments lookup found: expected a GIAS download named edubasealldata*.csv or establishments*.csv");
  if (establishments.length > 1) throw new DataError(`More than one establishments lookup: ${establishments.map((f) => f.path).join(", ")}. Keep one.`);
  return { exports: [...exports.values()].sort((a, b) => a.exportDate.localeCompare(b.exportDate)), establishments: establishments[0]!, education, placements };
}

/** Reads each education extract with its contract's reader; messages name the file by its path. */
function readEducation(files: readonly { file: SourceFile; source: EducationKind }[]) {
  const sources: EducationSources = { census: [], exclusions: [], topUp: [] };
  const accounts: RowAccount[] = [];
  const problems: Problem[] = [];
  for (const { file, source } of files) {
    if (source === "census") {
      const read = readSchoolCensus(bytesOf(file), file.path);
      sources.census.push({ file: file.path, pupils: read.columns });
      accounts.push(read.account);
      appendAll(problems, read.problems);
    } else if (source === "exclusions") {
      const read = readExclusions(file.bytes, file.path);
      sources.exclusions.push({ file: file.path, events: read.events });
      accounts.push(read.account);
      appendAll(problems, read.problems);
    } else {
      const read = readTopUpFunding(file.bytes, file.path);
      sources.topUp.push({ file: file.path, agreements: read.agreements });
      accounts.push(read.account);
      appendAll(problems, read.problems);
    }
  }
  return { sources, accounts, problems };
}

const REGISTER_KINDS: readonly LocalSource[] = ["ehe", "cme", "eotas", "no_place"];

/**
 * Reads each placement, register and post-16 extract with its contract's reader; needs nothing from SEN2,
 * so it can be read ahead (readAhead).
 */
export function readLocalExtracts(files: readonly { file: SourceFile; source: LocalSource }[], config: LocalConfig) {
  const sources: PlacementSources = emptyPlacementSources();
  const accounts: RowAccount[] = [];
  const problems: Problem[] = [];
  const needs = (what: keyof LocalConfig, file: SourceFile) => {
    const found = config[what];
    if (!found) throw new DataError(`${file.path} needs the ${what} configuration file, which was not given`);
    return found;
  };
  let activityCodes: ReturnType<typeof readActivityCodes> | undefined;
  for (const { file, source } of files) {
    let read: { problems: Problem[]; account: RowAccount };
    if (source === "placement_decisions") {
      const result = readPlacementDecisions(file.bytes, file.path);
      sources.decisions.push({ file: file.path, rows: result.decisions });
      read = result;
    } else if (source === "ap_placements") {
      const result = readApPlacements(file.bytes, file.path);
      sources.ap.push({ file: file.path, rows: result.placements });
      read = result;
    } else if (source === "fair_access") {
      const result = readFairAccess(file.bytes, file.path);
      sources.fairAccess.push({ file: file.path, rows: result.decisions });
      read = result;
    } else if (REGISTER_KINDS.includes(source)) {
      const result = readRegister(file.bytes, file.path, source as RegisterKind);
      sources.registers.push({ file: file.path, kind: source as RegisterKind, rows: result.spells });
      read = result;
    } else {
      const codes = needs("activityCodes", file);
      activityCodes ??= readActivityCodes(codes.text, codes.path);
      const result = readPost16Activity(file.bytes, file.path, activityCodes);
      sources.post16.push({ file: file.path, rows: result.spells });
      read = result;
    }
    accounts.push(read.account);
    appendAll(problems, read.problems);
  }
  let days: string[] = [];
  const noPlace = files.find((f) => f.source === "no_place");
  if (noPlace) {
    const terms = needs("termDates", noPlace.file);
    const holidays = needs("bankHolidays", noPlace.file);
    days = schoolDays(readTermDates(terms.text, terms.path), readBankHolidays(holidays.text, holidays.path));
  }
  return { sources, accounts, problems, activityCodes: activityCodes ?? new Map(), days };
}

/** The local extracts as read (readLocalExtracts). */
export type LocalExtracts = ReturnType<typeof readLocalExtracts>;

/** Something read ahead of when it is used: its value, or the error reading it met (thrown when it is used). */
export type ReadAhead<T> = { value: T } | { error: unknown };

export function readAhead<T>(read: () => T): ReadAhead<T> {
  try {
    return { value: read() };
  } catch (error) {
    return { error };
  }
}

function used<T>(ahead: ReadAhead<T>): T {
  if ("error" in ahead) throw ahead.error;
  return ahead.value;
}

/** The education extracts read and modelled (loaders/model/education.ts), with what was found on the way. */
export interface EducationPart {
  tables: EducationTables;
  censusDates: string[];
  accounts: RowAccount[];
  /** The readers' problems. */
  problems: Problem[];
  /** The model's problems (repeats across files, events outside the census terms, ...). */
  modelProblems: Problem[];
}

/** Reads and models the education extracts; needs nothing from SEN2, so it can run beside it (a worker thread). */
export function ingestEducation(files: readonly { file: SourceFile; source: EducationKind }[], lookup: EstablishmentLookup): EducationPart {
  const education = readEducation(files);
  const model = buildEducationTables(education.sources, lookup.byUrn, lookup.byUkprn);
  return { tables: model.tables, censusDates: model.censusDates, accounts: education.accounts, problems: education.problems, modelProblems: model.problems };
}

/** The establishments lookup from its file. */
export const readEstablishmentsFile = (file: SourceFile): EstablishmentLookup => readEstablishments({ name: file.name, text: decodeText(file.bytes).text });

/** Every source but the education extracts: what ingestCore gives, for withEducation to complete. */
export interface IngestedCore {
  lookup: EstablishmentLookup;
  education: { file: SourceFile; source: EducationKind }[];
  exports: Ingested["exports"];
  tables: CanonicalTables & PlacementTables;
  placements: LocalExtracts;
  modelProblems: Problem[];
  placementProblems: Problem[];
}

/**
 * SEN2, establishments and the local extracts (the education extracts are read apart: ingestEducation).
 * `sen2` holds exports already read elsewhere (a worker thread), by export date; the rest are read here.
 * `placements` holds the local extracts read ahead: a problem reading them is met where it would have been.
 */
export function ingestCore(
  files: readonly SourceFile[],
  homeLa: string,
  localConfig: LocalConfig = {},
  read: { sen2?: ReadonlyMap<string, Sen2Export>; lookup?: EstablishmentLookup; placements?: ReadAhead<LocalExtracts> } = {},
): IngestedCore {
  const grouped = groupSourceFiles(files);
  const lookup = read.lookup ?? readEstablishmentsFile(grouped.establishments);
  const sen2 = read.sen2 ?? new Map<string, Sen2Export>();
  const exportsRead = grouped.exports.map((entry) => sen2.get(entry.exportDate) ?? readSen2Export(entry, { homeLa }));
  // Each export's rows are let go once the canonical tables are built (national exports hold millions).
  const { tables, problems: modelProblems } = buildCanonicalTables(exportsRead, lookup);
  const exports = exportsRead.map(({ tables: _tables, rejectedRequests: _rejected, ...rest }) => rest);
  exportsRead.length = 0;
  const placements = read.placements ? used(read.placements) : readLocalExtracts(grouped.placements, localConfig);
  const placementModel = buildPlacementTables(placements.sources, tables, lookup, placements.activityCodes, placements.days);
  return { lookup, education: grouped.education, exports, tables: { ...tables, ...placementModel.tables }, placements, modelProblems, placementProblems: placementModel.problems };
}

/** The whole ingest from its two parts; accounts and problems always in the same order. */
export function withEducation(core: IngestedCore, education: EducationPart): Ingested {
  const { exports, lookup, placements } = core;
  return {
    exports,
    tables: { ...core.tables, ...education.tables },
    localSources: loadedSources(placements.sources),
    censusDates: education.censusDates,
    accounts: [...exports.flatMap((e) => e.accounts), lookup.account, ...education.accounts, ...placements.accounts],
    problems: [...exports.flatMap((e) => e.problems), ...lookup.problems, ...core.modelProblems, ...education.problems, ...education.modelProblems, ...placements.problems, ...core.placementProblems],
    windows: exports.map((e) => ({ coversFrom: coversFrom(e.referenceDate), referenceDate: e.referenceDate })),
  };
}

/** Every source: SEN2, establishments, the local and the education extracts. */
export function ingestSources(files: readonly SourceFile[], homeLa: string, localConfig: LocalConfig = {}): Ingested {
  const core = ingestCore(files, homeLa, localConfig);
  return withEducation(core, ingestEducation(core.education, core.lookup));
}
