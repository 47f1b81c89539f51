// School days: weekdays inside the half terms of the term dates file, less bank holidays. Used to count
// "more than 15 school days without a school place". Pure: the browser builds the same list.

import { normaliseHeader, parseCsv } from "../sources/csv.js";
import { DataError } from "../sources/problems.js";
import { parseDate } from "../sources/values.js";
import type { HalfTerm } from "../sources/term-dates.js";

/** Reads config/bank-holidays.csv (date,name): every problem is fatal, as the school-day count depends on it. */
export function readBankHolidays(text: string, fileName: string): Set<string> {
  const records: { line: number; fields: string[] }[] = [];
  parseCsv(text, (record) => records.push(record));
  const header = records[0]?.fields.map(normaliseHeader) ?? [];
  const at = header.indexOf("date");
  if (at < 0) throw new DataError(`${fileName}: no 'date' column; expected date,name`);
  const days = new Set<string>();
  for (const record of records.slice(1)) {
    const raw = (record.fields[at] ?? "").trim();
    if (raw === "") continue;
    const parsed = parseDate(raw, ["iso"]);
    if (!parsed.ok || !parsed.value) throw new DataError(`${fileName} row ${record.line}, column date: '${raw}' is not a date (YYYY-MM-DD)`);
    days.add(parsed.value);
  }
  return days;
}

const DAY_MS = 86_400_000;

/** Every school day, ISO dates in order. */
export function schoolDays(halves: readonly HalfTerm[], bankHolidays: ReadonlySet<string>): string[] {
  const days: string[] = [];
  for (const half of halves) {
    for (let t = Date.parse(`${half.firstDay}T00:00:00Z`); t <= Date.parse(`${half.lastDay}T00:00:00Z`); t += DAY_MS) {
      const weekday = new Date(t).getUTCDay();
      const iso = new Date(t).toISOString().slice(0, 10);
      if (weekday !== 0 && weekday !== 6 && !bankHolidays.has(iso)) days.push(iso);
    }
  }
  return days;
}
