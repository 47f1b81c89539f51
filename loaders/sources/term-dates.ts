// The school term dates file (config/term-dates.csv by default; an LA replaces it with its own): one row
// per half term. Terms give the education KPIs their periods; half terms let later pages count school days.

import { normaliseHeader, parseCsv } from "./csv.js";
import { DataError } from "./problems.js";
import { parseDate } from "./values.js";

export type TermName = "autumn" | "spring" | "summer";
export const TERM_NAMES: readonly TermName[] = ["autumn", "spring", "summer"];

export interface HalfTerm {
  /** "2024/25" */
  academicYear: string;
  term: TermName;
  half: 1 | 2;
  firstDay: string;
  lastDay: string;
}

const COLUMNS = ["academic_year", "term", "half", "first_day", "last_day"] as const;

/** Reads and checks the file: every problem is fatal, since every education period depends on it. */
export function readTermDates(text: string, fileName: string): HalfTerm[] {
  const records: { line: number; fields: string[] }[] = [];
  const parsed = parseCsv(text, (record) => records.push(record));
  if (parsed.unterminatedQuoteAtLine !== undefined) throw new DataError(`${fileName}: a quote opened at line ${parsed.unterminatedQuoteAtLine} is never closed`);
  const header = records[0]?.fields.map(normaliseHeader) ?? [];
  const missing = COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new DataError(`${fileName}: missing column(s) ${missing.join(", ")}; expected ${COLUMNS.join(",")}`);
  const index = Object.fromEntries(COLUMNS.map((column) => [column, header.indexOf(column)])) as Record<(typeof COLUMNS)[number], number>;
  const halves: HalfTerm[] = [];
  for (const record of records.slice(1)) {
    const cell = (column: (typeof COLUMNS)[number]) => (record.fields[index[column]] ?? "").trim();
    const fail = (column: string, expected: string): never => {
      throw new DataError(`${fileName} row ${record.line}, column ${column}: '${cell(column as (typeof COLUMNS)[number])}' is not ${expected}`);
    };
    const academicYear = cell("academic_year");
    const match = /^(\d{4})\/(\d{2})$/.exec(academicYear);
    if (!match || (Number(match[1]) + 1) % 100 !== Number(match[2])) fail("academic_year", "an academic year such as 2024/25");
    const term = cell("term").toLowerCase() as TermName;
    if (!TERM_NAMES.includes(term)) fail("term", "autumn, spring or summer");
    const half = Number(cell("half"));
    if (half !== 1 && half !== 2) fail("half", "1 or 2");
    const first = parseDate(cell("first_day"), ["iso"]);
    if (!first.ok || !first.value) fail("first_day", "a date (YYYY-MM-DD)");
    const last = parseDate(cell("last_day"), ["iso"]);
    if (!last.ok || !last.value) fail("last_day", "a date (YYYY-MM-DD)");
    const firstDay = (first as { value: string }).value;
    const lastDay = (last as { value: string }).value;
    if (lastDay < firstDay) fail("last_day", `on or after first_day ${firstDay}`);
    halves.push({ academicYear, term, half: half as 1 | 2, firstDay, lastDay });
  }
  halves.sort((a, b) => a.firstDay.localeCompare(b.firstDay));
  halves.forEach((halfTerm, i) => {
    const previous = halves[i - 1];
    if (previous && halfTerm.firstDay <= previous.lastDay) {
      throw new DataError(`${fileName}: ${halfTerm.academicYear} ${halfTerm.term} half ${halfTerm.half} overlaps ${previous.academicYear} ${previous.term} half ${previous.half}`);
    }
  });
  return halves;
}

/** DfE's compact academic-year code: "2024/25" -> "202425". */
export const academicYearCode = (academicYear: string) => academicYear.replace("/", "");

/**
 * A term as a reporting window with no gaps between terms, so an event dated in a holiday still belongs
 * to a term: autumn from 1 August, each term to the day before the next one starts, summer to 31 July.
 */
export interface TermWindow {
  /** "202425-autumn", as DfE's termly files name periods. */
  period: string;
  academicYear: string;
  term: TermName;
  start: string;
  end: string;
  firstDay: string;
  lastDay: string;
}

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export function termWindows(halves: readonly HalfTerm[]): TermWindow[] {
  const terms = new Map<string, { academicYear: string; term: TermName; firstDay: string; lastDay: string }>();
  for (const halfTerm of halves) {
    const key = `${halfTerm.academicYear}|${halfTerm.term}`;
    const known = terms.get(key);
    if (!known) terms.set(key, { academicYear: halfTerm.academicYear, term: halfTerm.term, firstDay: halfTerm.firstDay, lastDay: halfTerm.lastDay });
    else {
      if (halfTerm.firstDay < known.firstDay) known.firstDay = halfTerm.firstDay;
      if (halfTerm.lastDay > known.lastDay) known.lastDay = halfTerm.lastDay;
    }
  }
  const list = [...terms.values()].sort((a, b) => a.firstDay.localeCompare(b.firstDay));
  return list.map((term, i) => {
    const startYear = term.academicYear.slice(0, 4);
    const next = list[i + 1];
    const start = term.term === "autumn" ? `${startYear}-08-01` : term.firstDay;
    const end = term.term === "summer" ? `${Number(startYear) + 1}-07-31` : next && next.academicYear === term.academicYear ? dayBefore(next.firstDay) : term.lastDay;
    return { period: `${academicYearCode(term.academicYear)}-${term.term}`, academicYear: term.academicYear, term: term.term, start, end, firstDay: term.firstDay, lastDay: term.lastDay };
  });
}
