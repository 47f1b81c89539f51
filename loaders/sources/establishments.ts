// Reads a GIAS "all establishments" download (DfE's own headers) into the lookup that types settings by URN/UKPRN.

import { normaliseHeader, parseCsv } from "./csv.js";
import { DataError, type Problem, type RowAccount } from "./problems.js";

export interface Establishment {
  urn: string | null;
  ukprn: string | null;
  name: string;
  type: string;
  typeGroup: string;
  phase: string;
  laCode: string;
  laName: string;
  status: string;
}

export const GIAS_HEADERS = {
  urn: "URN",
  ukprn: "UKPRN",
  name: "EstablishmentName",
  type: "TypeOfEstablishment (name)",
  typeGroup: "EstablishmentTypeGroup (name)",
  phase: "PhaseOfEducation (name)",
  laCode: "LA (code)",
  laName: "LA (name)",
  status: "EstablishmentStatus (name)",
} as const;

export interface EstablishmentLookup {
  byUrn: Map<string, Establishment>;
  byUkprn: Map<string, Establishment>;
  problems: Problem[];
  account: RowAccount;
}

export function readEstablishments(file: { name: string; text: string }): EstablishmentLookup {
  const source = "establishments";
  const problems: Problem[] = [];
  const byUrn = new Map<string, Establishment>();
  const byUkprn = new Map<string, Establishment>();
  let index: Map<string, number> | undefined;
  let rowsIn = 0;
  let rejected = 0;
  parseCsv(file.text, (record) => {
    if (!index) {
      index = new Map(record.fields.map((name, position) => [normaliseHeader(name), position]));
      const absent = Object.values(GIAS_HEADERS).filter((name) => !index!.has(normaliseHeader(name)));
      if (absent.includes("URN") || absent.includes("TypeOfEstablishment (name)") || absent.includes("LA (code)")) {
        throw new DataError(`${file.name}: not a GIAS establishments file; its header lacks ${absent.join(", ")}`);
      }
      for (const name of absent) {
        problems.push({ source, file: file.name, row: 1, column: name, severity: "warning", rule: "missing-column", message: `column ${name} is missing; treated as blank` });
      }
      return;
    }
    rowsIn++;
    const cell = (header: string) => (record.fields[index!.get(normaliseHeader(header)) ?? -1] ?? "").trim();
    const establishment: Establishment = {
      urn: cell(GIAS_HEADERS.urn) || null,
      ukprn: cell(GIAS_HEADERS.ukprn) || null,
      name: cell(GIAS_HEADERS.name),
      type: cell(GIAS_HEADERS.type),
      typeGroup: cell(GIAS_HEADERS.typeGroup),
      phase: cell(GIAS_HEADERS.phase),
      laCode: cell(GIAS_HEADERS.laCode),
      laName: cell(GIAS_HEADERS.laName),
      status: cell(GIAS_HEADERS.status),
    };
    const report = (column: string, rule: string, message: string) =>
      problems.push({ source, file: file.name, row: record.line, column, severity: "error", rule, message });
    if (!establishment.urn && !establishment.ukprn) {
      report("URN", "required", "neither URN nor UKPRN is given");
      rejected++;
      return;
    }
    if (establishment.urn && byUrn.has(establishment.urn)) {
      report("URN", "duplicate-id", `duplicate URN ${establishment.urn}`);
      rejected++;
      return;
    }
    if (!/^\d{3}$/.test(establishment.laCode)) {
      report("LA (code)", "bad-code", `'${establishment.laCode}' is not a three-digit LA code`);
      rejected++;
      return;
    }
    if (establishment.urn) byUrn.set(establishment.urn, establishment);
    if (establishment.ukprn && !byUkprn.has(establishment.ukprn)) byUkprn.set(establishment.ukprn, establishment);
  });
  if (!index) throw new DataError(`${file.name} is empty: expected a GIAS header row and establishments.`);
  return {
    byUrn,
    byUkprn,
    problems,
    account: { source, file: file.name, module: "establishments", rowsIn, accepted: rowsIn - rejected, rejected },
  };
}
