// Field readers shared by the placement, register and post-16 extracts: each reads one cell of the current
// row, reports a problem against its column when the cell is wrong, and returns the typed value.

import type { RowContext } from "./table-file.js";
import { parseDate, type DateFormat } from "./values.js";
import { isValidUpn } from "./upn.js";

const DATE_FORMATS: readonly DateFormat[] = ["iso", "uk"];

export type SenStatusCode = "ehc_plan" | "sen_support" | "no_sen";

const SEN_STATUS_WORDS: Record<string, SenStatusCode> = {
  E: "ehc_plan", EHCP: "ehc_plan", "EHC PLAN": "ehc_plan", S: "ehc_plan",
  K: "sen_support", "SEN SUPPORT": "sen_support", "SEND SUPPORT": "sen_support",
  N: "no_sen", NONE: "no_sen", "NO SEN": "no_sen",
};

/** A date cell; blank is null. A required blank or an unreadable date is an error. */
export function dateCell({ cell, report }: RowContext, column: string, required: boolean): string | null | undefined {
  const parsed = parseDate(cell(column), DATE_FORMATS);
  if (!parsed.ok) { report(column, "bad-date", parsed.reason); return undefined; }
  if (parsed.value === null && required) { report(column, "required", `${column} is required but blank`); return undefined; }
  return parsed.value;
}

/** An end (or on-roll) date not before its start; an error otherwise. */
export function checkDateOrder({ report }: RowContext, start: string | null | undefined, end: string | null | undefined, endColumn: string, startColumn: string): void {
  if (start && end && end < start) report(endColumn, "date-order", `${endColumn} is before ${startColumn}`);
}

/** UPN of the row, upper-cased; blank is an error when required. A wrong check letter is a warning (the row is kept). */
export function upnCell({ cell, report }: RowContext, required: boolean, column = "UPN"): string | null {
  const upn = cell(column).toUpperCase();
  if (upn === "") {
    if (required) report(column, "required", `${column} is required but blank`);
    return null;
  }
  if (!isValidUpn(upn)) report(column, "upn-check-letter", "the UPN is not 13 characters with a matching check letter", "warning");
  return upn;
}

/** ULN: ten digits (a warning otherwise, as SEN2's checks do). */
export function ulnCell({ cell, report }: RowContext, column = "ULN"): string | null {
  const uln = cell(column);
  if (uln === "") return null;
  if (!/^\d{10}$/.test(uln)) report(column, "bad-code", "the ULN is not ten digits", "warning");
  return uln;
}

/** A person needs a UPN or a ULN to be linked to SEN2 and counted once. */
export function identityCells(context: RowContext): { upn: string | null; uln: string | null } | undefined {
  const upn = upnCell(context, false);
  const uln = ulnCell(context);
  if (!upn && !uln) { context.report("UPN", "required", "neither a UPN nor a ULN: the row cannot be linked to anyone"); return undefined; }
  return { upn, uln };
}

export function senStatusCell({ cell, report }: RowContext, column = "SENStatus"): SenStatusCode | undefined {
  const raw = cell(column);
  const status = SEN_STATUS_WORDS[raw.trim().toUpperCase()];
  if (!status) report(column, raw === "" ? "required" : "bad-code", raw === "" ? `${column} is required but blank` : `'${raw}' is not a SEN status (expected E, K or N)`);
  return status;
}

/** URN: six or seven digits; blank is null. */
export function urnCell({ cell, report }: RowContext, column = "URN"): string | null | undefined {
  const urn = cell(column);
  if (urn === "") return null;
  if (!/^\d{6,7}$/.test(urn)) { report(column, "bad-code", `'${urn}' is not a URN (six or seven digits)`); return undefined; }
  return urn;
}

/** UKPRN: eight digits starting 1; blank is null. */
export function ukprnCell({ cell, report }: RowContext, column = "UKPRN"): string | null | undefined {
  const ukprn = cell(column);
  if (ukprn === "") return null;
  if (!/^1\d{7}$/.test(ukprn)) { report(column, "bad-code", `'${ukprn}' is not a UKPRN (eight digits starting 1)`); return undefined; }
  return ukprn;
}
