// The school census pupil-level extract (one row per pupil enrolment per census), CSV or XLSX: the columns
// of docs/data-contracts.md "School census", validated with file/row/column problems and row accounting.
// Several termly censuses may be in one file or several; each row carries its census date.

import { readSourceRows, type RowContext, type TableRecord } from "./table-file.js";
import { cachedDateParser, parseBool, parseInteger, type DateFormat, type Parsed } from "./values.js";
import type { Problem, RowAccount } from "./problems.js";
import { isValidUpn } from "./upn.js";
import { ETHNICITIES, SEN_TYPES } from "./sen2-schema.js";

export interface CensusPupil {
  line: number;
  censusDate: string;
  upn: string;
  birthDate: string;
  sex: string | null;
  ethnicity: string | null;
  ncYear: string | null;
  /** E EHC plan, K SEN support, N none. */
  senProvision: "E" | "K" | "N";
  primaryNeed: string | null;
  urn: string;
  /** C single registration, M main dual, S subsidiary dual, F current FE, G guest. */
  enrolStatus: "C" | "M" | "S" | "F" | "G";
  pupilPremium: boolean | null;
  sessionsPossible: number | null;
  sessionsAttended: number | null;
  sessionsAuthorised: number | null;
  sessionsUnauthorised: number | null;
}

export const CENSUS_COLUMNS = {
  censusDate: "CensusDate",
  upn: "UPN",
  birthDate: "DOB",
  sex: "Sex",
  ethnicity: "Ethnicity",
  ncYear: "NCyearActual",
  senProvision: "SENprovision",
  primaryNeed: "PrimarySENtype",
  urn: "URN",
  enrolStatus: "EnrolStatus",
  pupilPremium: "PupilPremiumIndicator",
  sessionsPossible: "SessionsPossible",
  sessionsAttended: "SessionsAttended",
  sessionsAuthorised: "AuthorisedAbsence",
  sessionsUnauthorised: "UnauthorisedAbsence",
} as const;

const REQUIRED = [CENSUS_COLUMNS.censusDate, CENSUS_COLUMNS.upn, CENSUS_COLUMNS.birthDate, CENSUS_COLUMNS.senProvision, CENSUS_COLUMNS.urn, CENSUS_COLUMNS.enrolStatus];
const NC_YEARS = new Set(["N1", "N2", "R", "X", ...Array.from({ length: 14 }, (_, i) => String(i + 1))]);
/** Pre-2014 codes: statement -> EHC plan; School Action (Plus) -> SEN support. Mapped with a warning. */
const LEGACY_PROVISION: Record<string, "E" | "K"> = { S: "E", A: "K", P: "K" };
const NEEDS = new Set<string>([...SEN_TYPES, "NSA"]);
const DATE_FORMATS: readonly DateFormat[] = ["iso", "uk"];

export interface CensusRead {
  pupils: CensusPupil[];
  problems: Problem[];
  account: RowAccount;
}

export function readSchoolCensus(bytes: Uint8Array, fileName: string): CensusRead {
  const seen = new Map<string, number>();
  const parseDate = cachedDateParser(DATE_FORMATS);
  const { rows, problems, account } = readSourceRows(bytes, fileName, { source: "school census", module: "school census", required: REQUIRED, dateColumns: [CENSUS_COLUMNS.censusDate, CENSUS_COLUMNS.birthDate] }, (record, context) => {
    const pupil = readPupil(record, context, parseDate);
    if (!pupil) return undefined;
    // One pupil, census and school once: a repeated row would count the pupil twice.
    const key = `${pupil.censusDate}|${pupil.upn}|${pupil.urn}`;
    const first = seen.get(key);
    if (first !== undefined) {
      context.report(CENSUS_COLUMNS.upn, "duplicate-id", `the same pupil, census date and URN as row ${first}`);
      return undefined;
    }
    seen.set(key, record.line);
    return pupil;
  });
  return { pupils: rows, problems, account };
}

/** A date cell; a blank required one is an error. Dates of birth are never repeated in messages. */
function dateCell(context: RowContext, parse: (raw: string) => Parsed<string>, column: string, required: boolean, personal = false): string | null {
  const text = context.cell(column);
  if (text === "") {
    if (required) context.report(column, "required", `${column} is required but blank`);
    return null;
  }
  const parsed = parse(text);
  if (!parsed.ok) context.report(column, "bad-date", personal ? parsed.reason.replace(/'[^']*'/, "the value") : parsed.reason);
  return parsed.ok ? parsed.value : null;
}

function sessionsCell(context: RowContext, column: string): number | null {
  const parsed = parseInteger(context.cell(column));
  if (!parsed.ok) context.report(column, "bad-number", parsed.reason);
  else if (parsed.value !== null && parsed.value < 0) context.report(column, "bad-number", `${column} cannot be negative`);
  return parsed.ok ? parsed.value : null;
}

/** A pupil row, or nothing when a value cannot be read (the problems are reported through `context`). */
function readPupil(record: TableRecord, context: RowContext, parseDate: (raw: string) => Parsed<string>): CensusPupil | undefined {
  const { cell, report } = context;
  const date = (column: string, required: boolean, personal = false) => dateCell(context, parseDate, column, required, personal);
  const sessions = (column: string) => sessionsCell(context, column);

  const censusDate = date(CENSUS_COLUMNS.censusDate, true);
  const birthDate = date(CENSUS_COLUMNS.birthDate, true, true);
  const upn = cell(CENSUS_COLUMNS.upn).toUpperCase();
  if (upn === "") report(CENSUS_COLUMNS.upn, "required", "UPN is required but blank");
  else if (!isValidUpn(upn)) report(CENSUS_COLUMNS.upn, "upn-check-letter", "the UPN is not 13 characters with a matching check letter", "warning");
  const urn = cell(CENSUS_COLUMNS.urn);
  if (!/^\d{6,7}$/.test(urn)) report(CENSUS_COLUMNS.urn, "bad-code", `'${urn}' is not a URN (six or seven digits)`);

  let senProvision = cell(CENSUS_COLUMNS.senProvision).toUpperCase();
  if (LEGACY_PROVISION[senProvision]) {
    report(CENSUS_COLUMNS.senProvision, "legacy-code", `legacy SEN provision '${senProvision}' read as '${LEGACY_PROVISION[senProvision]}'`, "warning");
    senProvision = LEGACY_PROVISION[senProvision]!;
  } else if (!["E", "K", "N"].includes(senProvision)) {
    report(CENSUS_COLUMNS.senProvision, "bad-code", `'${cell(CENSUS_COLUMNS.senProvision)}' is not a SEN provision code (expected E, K or N)`);
  }
  const primaryNeed = cell(CENSUS_COLUMNS.primaryNeed).toUpperCase() || null;
  if (primaryNeed && !NEEDS.has(primaryNeed)) report(CENSUS_COLUMNS.primaryNeed, "bad-code", `'${primaryNeed}' is not a primary need code`);
  if (!primaryNeed && (senProvision === "E" || senProvision === "K")) report(CENSUS_COLUMNS.primaryNeed, "missing-value", "a pupil with SEN has no primary need", "warning");
  const enrolStatus = cell(CENSUS_COLUMNS.enrolStatus).toUpperCase();
  if (!["C", "M", "S", "F", "G"].includes(enrolStatus)) report(CENSUS_COLUMNS.enrolStatus, "bad-code", `'${enrolStatus}' is not an enrolment status (expected C, M, S, F or G)`);
  const ncYear = cell(CENSUS_COLUMNS.ncYear).toUpperCase() || null;
  if (ncYear && !NC_YEARS.has(ncYear)) report(CENSUS_COLUMNS.ncYear, "bad-code", `'${ncYear}' is not a national curriculum year (N1, N2, R, 1-14 or X)`);
  const sex = cell(CENSUS_COLUMNS.sex).toUpperCase() || null;
  if (sex && !["M", "F"].includes(sex)) report(CENSUS_COLUMNS.sex, "bad-code", `'${sex}' is not M or F`, "warning");
  const ethnicity = cell(CENSUS_COLUMNS.ethnicity).toUpperCase() || null;
  if (ethnicity && !(ETHNICITIES as readonly string[]).includes(ethnicity)) report(CENSUS_COLUMNS.ethnicity, "bad-code", `'${ethnicity}' is not a main ethnicity code`, "warning");
  const premium = parseBool(cell(CENSUS_COLUMNS.pupilPremium));
  if (!premium.ok) report(CENSUS_COLUMNS.pupilPremium, "bad-boolean", premium.reason);

  const possible = sessions(CENSUS_COLUMNS.sessionsPossible);
  const attended = sessions(CENSUS_COLUMNS.sessionsAttended);
  const authorised = sessions(CENSUS_COLUMNS.sessionsAuthorised);
  const unauthorised = sessions(CENSUS_COLUMNS.sessionsUnauthorised);
  if (possible !== null && attended !== null && attended > possible) {
    report(CENSUS_COLUMNS.sessionsAttended, "sessions", `more sessions attended (${attended}) than possible (${possible})`);
  } else if (possible !== null && attended !== null && authorised !== null && unauthorised !== null && attended + authorised + unauthorised !== possible) {
    report(CENSUS_COLUMNS.sessionsPossible, "sessions", `attended + authorised + unauthorised (${attended + authorised + unauthorised}) is not the sessions possible (${possible})`, "warning");
  }
  if (censusDate && birthDate && birthDate > censusDate) report(CENSUS_COLUMNS.birthDate, "date-order", "born after the census date");
  if (context.rejected() || !censusDate || !birthDate) return undefined;
  return {
    line: record.line, censusDate, upn, birthDate, sex, ethnicity, ncYear,
    senProvision: senProvision as CensusPupil["senProvision"], primaryNeed, urn,
    enrolStatus: enrolStatus as CensusPupil["enrolStatus"], pupilPremium: premium.ok ? premium.value : null,
    sessionsPossible: possible, sessionsAttended: attended, sessionsAuthorised: authorised, sessionsUnauthorised: unauthorised,
  };
}
