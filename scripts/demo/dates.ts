// Dates as whole days since 1970-01-01 (UTC): cheap to compare and add, no time zones to drift.

export type Day = number;

const MS_PER_DAY = 86_400_000;
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function day(year: number, month: number, dayOfMonth: number): Day {
  return Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY;
}

// Calendar parts of every day 1980-2039, looked up instead of building Date objects millions of times.
const TABLE_START = Date.UTC(1980, 0, 1) / MS_PER_DAY;
const TABLE_DAYS = Date.UTC(2040, 0, 1) / MS_PER_DAY - TABLE_START;
const TABLE_YEAR = new Int16Array(TABLE_DAYS);
const TABLE_MONTH = new Int8Array(TABLE_DAYS);
const TABLE_DAY = new Int8Array(TABLE_DAYS);
for (let index = 0; index < TABLE_DAYS; index++) {
  const date = new Date((TABLE_START + index) * MS_PER_DAY);
  TABLE_YEAR[index] = date.getUTCFullYear();
  TABLE_MONTH[index] = date.getUTCMonth() + 1;
  TABLE_DAY[index] = date.getUTCDate();
}

export function parts(value: Day): { year: number; month: number; day: number } {
  const index = value - TABLE_START;
  if (index >= 0 && index < TABLE_DAYS) return { year: TABLE_YEAR[index]!, month: TABLE_MONTH[index]!, day: TABLE_DAY[index]! };
  const date = new Date(value * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function yearOf(value: Day): number {
  const index = value - TABLE_START;
  if (index >= 0 && index < TABLE_DAYS) return TABLE_YEAR[index]!;
  return new Date(value * MS_PER_DAY).getUTCFullYear();
}

/** The same calendar date `years` later (29 Feb becomes 1 Mar in a non-leap year). */
export function addYears(value: Day, years: number): Day {
  const { year, month, day: dayOfMonth } = parts(value);
  return day(year + years, month, dayOfMonth);
}

/** Full years of age on `on` for someone born on `birth`. */
export function ageOn(birth: Day, on: Day): number {
  const born = parts(birth);
  const at = parts(on);
  let age = at.year - born.year;
  if (at.month < born.month || (at.month === born.month && at.day < born.day)) age--;
  return age;
}

/** The academic year (starting September) that contains `value`: 2024 for 2024-09-01 to 2025-08-31. */
export function academicYear(value: Day): number {
  const { year, month } = parts(value);
  return month >= 9 ? year : year - 1;
}

/** Blade export dates are written like `2022-Sep-28 00:00:00`. Cached: the same few thousand days recur millions of times. */
const formatted: (string | undefined)[] = new Array(TABLE_DAYS);
export function bladeDate(value: Day | undefined): string {
  if (value === undefined) return "";
  const index = value - TABLE_START;
  const cached = index >= 0 && index < TABLE_DAYS ? formatted[index] : undefined;
  if (cached !== undefined) return cached;
  const { year, month, day: dayOfMonth } = parts(value);
  const text = `${year}-${MONTH_NAMES[month - 1]}-${String(dayOfMonth).padStart(2, "0")} 00:00:00`;
  if (index >= 0 && index < TABLE_DAYS) formatted[index] = text;
  return text;
}

/** `DD-MM-YYYY`, as in Blade export file names. */
export function fileNameDate(value: Day): string {
  const { year, month, day: dayOfMonth } = parts(value);
  return `${String(dayOfMonth).padStart(2, "0")}-${String(month).padStart(2, "0")}-${year}`;
}

export function isoDate(value: Day): string {
  const { year, month, day: dayOfMonth } = parts(value);
  return `${year}-${String(month).padStart(2, "0")}-${String(dayOfMonth).padStart(2, "0")}`;
}
