// Cell parsers shared by every source: dates, booleans, integers. Each returns a value or a reason
// an analyst can act on. Dates become ISO `YYYY-MM-DD` strings (no time zones, no Date objects to drift).

export type Parsed<T> = { ok: true; value: T | null } | { ok: false; reason: string };

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

const pad2 = (value: number) => String(value).padStart(2, "0");

export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1900 || year > 2100) return null;
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Date formats a source may declare. `blade` is the SEN2 export's `2022-Sep-28 00:00:00`. */
export type DateFormat = "blade" | "iso" | "uk";

const BLADE = /^(\d{4})-([A-Za-z]{3})-(\d{1,2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const UK = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;

const FORMAT_EXAMPLES: Record<DateFormat, string> = {
  blade: "2022-Sep-28 00:00:00",
  iso: "2022-09-28",
  uk: "28/09/2022",
};

/**
 * Parses a date cell. Blank is null. The formats accepted are the source's declared ones, so a file
 * never silently switches day/month order.
 */
export function parseDate(raw: string, formats: readonly DateFormat[] = ["blade", "iso", "uk"]): Parsed<string> {
  const text = raw.trim();
  if (text === "") return { ok: true, value: null };
  for (const format of formats) {
    let iso: string | null | undefined;
    if (format === "blade") {
      const match = BLADE.exec(text);
      const month = match ? MONTHS[match[2]!.toLowerCase()] : undefined;
      if (match && month) iso = isoDate(Number(match[1]), month, Number(match[3]));
      else continue;
    } else if (format === "iso") {
      const match = ISO.exec(text);
      if (match) iso = isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
      else continue;
    } else {
      const match = UK.exec(text);
      if (match) iso = isoDate(Number(match[3]), Number(match[2]), Number(match[1]));
      else continue;
    }
    if (iso) return { ok: true, value: iso };
    return { ok: false, reason: `'${text}' is not a real calendar date` };
  }
  const expected = formats.map((format) => FORMAT_EXAMPLES[format]).join(" or ");
  return { ok: false, reason: `'${text}' is not a date (expected a date like ${expected})` };
}

const TRUE_VALUES = new Set(["1", "true", "y", "yes", "t"]);
const FALSE_VALUES = new Set(["0", "false", "n", "no", "f"]);

export function parseBool(raw: string): Parsed<boolean> {
  const text = raw.trim().toLowerCase();
  if (text === "") return { ok: true, value: null };
  if (TRUE_VALUES.has(text)) return { ok: true, value: true };
  if (FALSE_VALUES.has(text)) return { ok: true, value: false };
  return { ok: false, reason: `'${raw.trim()}' is not a yes/no value (expected 1/0, true/false or Y/N)` };
}

export function parseInteger(raw: string): Parsed<number> {
  const text = raw.trim();
  if (text === "") return { ok: true, value: null };
  if (!/^[+-]?\d+$/.test(text)) return { ok: false, reason: `'${text}' is not a whole number` };
  return { ok: true, value: Number(text) };
}

/** Whole days from `from` to `to` (ISO dates); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Full years of age on `onDate` for someone born on `birthDate` (ISO dates). */
export function ageOn(birthDate: string, onDate: string): number {
  const [birthYear, birthMonth, birthDay] = birthDate.split("-").map(Number) as [number, number, number];
  const [year, month, day] = onDate.split("-").map(Number) as [number, number, number];
  let age = year - birthYear;
  if (month < birthMonth || (month === birthMonth && day < birthDay)) age--;
  return age;
}

/** Last day of a `YYYY-MM` month as an ISO date. */
export function monthEnd(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  return `${month}-${pad2(new Date(Date.UTC(year, monthNumber, 0)).getUTCDate())}`;
}

/** `YYYY-MM` months from `first` to `last` inclusive. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split("-").map(Number) as [number, number];
  const [lastYear, lastMonth] = last.split("-").map(Number) as [number, number];
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${pad2(month)}`);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return months;
}

/** The `YYYY-MM` month `count` months before (negative: after) `month`. */
export function shiftMonth(month: string, count: number): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (monthNumber - 1) - count;
  return `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`;
}

/**
 * parseDate with a memory of the texts it has read: a census repeats its census date on every row and
 * most dates of birth many times, so national-size files parse each distinct text once.
 */
export function cachedDateParser(formats: readonly DateFormat[], limit = 200_000): (raw: string) => Parsed<string> {
  const cache = new Map<string, Parsed<string>>();
  return (raw) => {
    let parsed = cache.get(raw);
    if (!parsed) {
      parsed = parseDate(raw, formats);
      if (cache.size < limit) cache.set(raw, parsed);
    }
    return parsed;
  };
}

/** A date written with slashes (or dots or dashes) in either day/month order, two- or four-digit year. */
export const SLASH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/;

/** A slash date that can only be month first (12/13/2024): evidence a whole column is US-ordered. */
export function onlyMonthFirst(text: string): boolean {
  const match = SLASH_DATE.exec(text);
  return match !== null && Number(match[1]) <= 12 && Number(match[2]) > 12 && Number(match[2]) <= 31;
}
