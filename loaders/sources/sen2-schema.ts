// The SEN2 person-level "Blade export": one CSV per module, each row pointing at its parent module's row.
// Column lists follow DfE's SEN2 technical specification (2023-2025 versions); see docs/data-contracts.md.

export type Sen2Module =
  | "sen2"
  | "person"
  | "requests"
  | "assessment"
  | "namedplan"
  | "plandetail"
  | "activeplans"
  | "placementdetail"
  | "senneed";

/** How a cell is read. `code` columns are checked against a code list; `outcome` ones against the outcome table. */
export type ColumnType = "string" | "date" | "bool" | "int" | "code";

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** An empty required cell is an error that rejects the row. */
  required?: boolean;
  /** Allowed values for `code` columns (compared upper-case, trimmed). */
  codes?: readonly string[];
  /** An unknown code is a warning (row kept) rather than an error. */
  unknownCodeIsWarning?: boolean;
  /** Personal data: the value is never repeated in published data-quality messages. */
  personal?: boolean;
}

export interface ModuleSpec {
  module: Sen2Module;
  /** The parent module whose table id this module's rows carry (`<parent>tableid`). */
  parent?: Sen2Module;
  columns: readonly ColumnSpec[];
}

export const SEN_TYPES = ["SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH"] as const;
/** SEN2 settings recorded by code where the child has no URN/UKPRN. */
export const SEN_SETTINGS = ["OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO"] as const;
export const CEASE_REASONS = ["1", "2", "3", "4", "5", "6", "7", "8", "9"] as const;
export const SEXES = ["M", "F", "U", "1", "2", "9", "0"] as const;
export const ETHNICITIES = [
  "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
  "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
] as const;

/** Every module carries these bookkeeping columns besides its own `<module>tableid`. */
const bookkeeping = (module: Sen2Module, parent?: Sen2Module): ColumnSpec[] => [
  { name: `${module}tableid`, type: "string", required: true },
  ...(parent ? [{ name: `${parent}tableid`, type: "string", required: true } as const] : []),
  { name: "nativeid", type: "string" },
  { name: `${module}orderseqcolumn`, type: "string" },
  { name: "sourceid", type: "string" },
];

export const SEN2_MODULES: readonly ModuleSpec[] = [
  {
    module: "sen2",
    columns: [
      ...bookkeeping("sen2"),
      { name: "collection", type: "string" },
      { name: "year", type: "int" },
      { name: "referencedate", type: "date", required: true },
      { name: "sourcelevel", type: "string" },
      { name: "lea", type: "string", required: true },
      { name: "softwarecode", type: "string" },
      { name: "release", type: "string" },
      { name: "serialno", type: "string" },
      { name: "datetime", type: "string" },
      { name: "dmo", type: "string" },
      { name: "dco", type: "string" },
    ],
  },
  {
    module: "person",
    parent: "sen2",
    columns: [
      ...bookkeeping("person", "sen2"),
      { name: "surname", type: "string", personal: true },
      { name: "forename", type: "string", personal: true },
      { name: "personbirthdate", type: "date", required: true, personal: true },
      // v1.2 renamed gendercurrent to sex: either is accepted (see ALTERNATIVE_COLUMNS).
      { name: "sex", type: "code", codes: SEXES, unknownCodeIsWarning: true },
      { name: "ethnicity", type: "code", codes: ETHNICITIES, unknownCodeIsWarning: true },
      { name: "postcode", type: "string", personal: true },
      { name: "upn", type: "string", personal: true },
      { name: "uniquelearnernumber", type: "string", personal: true },
      { name: "upnunknown", type: "string" },
    ],
  },
  {
    module: "requests",
    parent: "person",
    columns: [
      ...bookkeeping("requests", "person"),
      { name: "receiveddate", type: "date", required: true },
      { name: "rya", type: "bool" },
      { name: "requestoutcomedate", type: "date" },
      { name: "requestoutcome", type: "string" },
      { name: "requestmediation", type: "bool" },
      { name: "requesttribunal", type: "bool" },
      { name: "exported", type: "bool" },
    ],
  },
  {
    module: "assessment",
    parent: "requests",
    columns: [
      ...bookkeeping("assessment", "requests"),
      { name: "assessmentoutcome", type: "string" },
      { name: "assessmentoutcomedate", type: "date" },
      { name: "assessmentmediation", type: "bool" },
      { name: "assessmenttribunal", type: "bool" },
      { name: "othermediation", type: "bool" },
      { name: "othertribunal", type: "bool" },
      { name: "week20", type: "bool" },
    ],
  },
  {
    module: "namedplan",
    parent: "assessment",
    columns: [
      ...bookkeeping("namedplan", "assessment"),
      { name: "startdate", type: "date", required: true },
      { name: "planres", type: "bool" },
      { name: "planwbp", type: "bool" },
      { name: "pb", type: "bool" },
      { name: "oa", type: "bool" },
      { name: "dp", type: "bool" },
      { name: "ceasedate", type: "date" },
      { name: "ceasereason", type: "code", codes: CEASE_REASONS },
    ],
  },
  {
    module: "plandetail",
    parent: "namedplan",
    columns: [
      ...bookkeeping("plandetail", "namedplan"),
      { name: "urn", type: "string" },
      { name: "ukprn", type: "string" },
      { name: "sensetting", type: "code", codes: SEN_SETTINGS },
      { name: "sensettingother", type: "string" },
      { name: "placementrank", type: "int" },
      { name: "senunitindicator", type: "bool" },
      { name: "resourcedprovisionindicator", type: "bool" },
    ],
  },
  {
    module: "activeplans",
    parent: "requests",
    columns: [
      ...bookkeeping("activeplans", "requests"),
      { name: "transferla", type: "string" },
      { name: "res", type: "bool" },
      { name: "wbp", type: "bool" },
      { name: "lastreview", type: "date" },
    ],
  },
  {
    module: "placementdetail",
    parent: "activeplans",
    columns: [
      ...bookkeeping("placementdetail", "activeplans"),
      { name: "urn", type: "string" },
      { name: "ukprn", type: "string" },
      { name: "sensetting", type: "code", codes: SEN_SETTINGS },
      { name: "sensettingother", type: "string" },
      { name: "placementrank", type: "int" },
      { name: "entrydate", type: "date" },
      { name: "leavingdate", type: "date" },
      { name: "attendancepattern", type: "string" },
      { name: "senunitindicator", type: "bool" },
      { name: "resourcedprovisionindicator", type: "bool" },
    ],
  },
  {
    module: "senneed",
    parent: "activeplans",
    columns: [
      ...bookkeeping("senneed", "activeplans"),
      { name: "sentype", type: "code", codes: SEN_TYPES, required: true },
      { name: "sentyperank", type: "int", required: true },
    ],
  },
];

/** Older or newer spec versions name some columns differently: header alias -> canonical column. */
export const ALTERNATIVE_COLUMNS: Readonly<Record<string, string>> = {
  gendercurrent: "sex",
  gender: "sex",
  uln: "uniquelearnernumber",
};

/** Columns the loader cannot work without (a missing one makes the whole module unreadable). */
export const ESSENTIAL_COLUMNS: Readonly<Record<Sen2Module, readonly string[]>> = {
  sen2: ["sen2tableid", "referencedate", "lea"],
  person: ["persontableid", "sen2tableid", "personbirthdate"],
  requests: ["requeststableid", "persontableid", "receiveddate"],
  assessment: ["assessmenttableid", "requeststableid"],
  namedplan: ["namedplantableid", "assessmenttableid", "startdate"],
  plandetail: ["plandetailtableid", "namedplantableid"],
  activeplans: ["activeplanstableid", "requeststableid"],
  placementdetail: ["placementdetailtableid", "activeplanstableid"],
  senneed: ["senneedtableid", "activeplanstableid", "sentype", "sentyperank"],
};

export const moduleSpec = (module: Sen2Module): ModuleSpec => {
  const spec = SEN2_MODULES.find((m) => m.module === module);
  if (!spec) throw new Error(`Unknown SEN2 module ${module}`);
  return spec;
};

/** `Blade-Export_17-01-2025_person.csv` -> {exportDate: "2025-01-17", module: "person"}. */
export const BLADE_FILE_PATTERN = /^Blade-Export_(\d{2})-(\d{2})-(\d{4})_([a-z0-9]+)\.csv$/i;

export function parseBladeFileName(fileName: string): { exportDate: string; module: string } | undefined {
  const match = BLADE_FILE_PATTERN.exec(fileName);
  if (!match) return undefined;
  const [, day, month, year, module] = match;
  return { exportDate: `${year}-${month}-${day}`, module: module!.toLowerCase() };
}
