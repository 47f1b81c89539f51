// School days for the demo education extracts, from the term dates file the pipeline uses
// (config/term-dates.csv): weekdays inside a half term, less bank holidays. Two sessions a day.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readTermDates, type TermName } from "../../loaders/sources/term-dates.js";
import { day, isoDate, type Day } from "./dates.js";

export const TERM_DATES_PATH = fileURLToPath(new URL("../../config/term-dates.csv", import.meta.url));

/** English bank holidays that fall inside term time in the years the term dates file covers. */
const BANK_HOLIDAYS = new Set<Day>([day(2023, 5, 1), day(2023, 5, 8), day(2024, 5, 6), day(2025, 5, 5), day(2026, 5, 4)]);

const fromIso = (text: string): Day => day(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));

/** The term a census falls in, and the window its attendance and exclusions cover. */
export interface CensusTerm {
  index: number;
  date: Day;
  academicYear: string;
  term: TermName;
  firstDay: Day;
  lastDay: Day;
  /** Last day of the attendance window: the term's last day, or the census day itself for the newest census (term to date). */
  windowEnd: Day;
  /** School days from firstDay to windowEnd, in order. */
  schoolDays: Day[];
  /** School days in the whole term (for scaling termly rates to a part term). */
  fullTermDays: number;
}

export class SchoolCalendar {
  readonly terms: CensusTerm[];

  constructor(censusDates: readonly Day[], text = readFileSync(TERM_DATES_PATH, "utf8"), fileName = TERM_DATES_PATH) {
    const halves = readTermDates(text, fileName).map((half) => ({ ...half, first: fromIso(half.firstDay), last: fromIso(half.lastDay) }));
    const isSchoolDay = (value: Day) => {
      const weekday = (value + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
      return weekday !== 0 && weekday !== 6 && !BANK_HOLIDAYS.has(value) && halves.some((half) => half.first <= value && value <= half.last);
    };
    this.terms = censusDates.map((date, index) => {
      const half = halves.find((h) => h.first <= date && date <= h.last);
      if (!half) throw new Error(`Census date ${isoDate(date)} is in no half term of ${fileName}`);
      const sameTerm = halves.filter((h) => h.academicYear === half.academicYear && h.term === half.term);
      const firstDay = Math.min(...sameTerm.map((h) => h.first));
      const lastDay = Math.max(...sameTerm.map((h) => h.last));
      const windowEnd = index === censusDates.length - 1 ? date : lastDay;
      const all: Day[] = [];
      for (let value = firstDay; value <= lastDay; value++) if (isSchoolDay(value)) all.push(value);
      return {
        index, date, academicYear: half.academicYear, term: half.term, firstDay, lastDay, windowEnd,
        schoolDays: all.filter((value) => value <= windowEnd), fullTermDays: all.length,
      };
    });
  }

  /** The school days of census term `t` from `from` to `to` inclusive. */
  daysBetween(t: number, from: Day, to: Day): Day[] {
    const days = this.terms[t]!.schoolDays;
    return days.slice(lowerBound(days, from), lowerBound(days, to + 1));
  }

  countBetween(t: number, from: Day, to: Day): number {
    const days = this.terms[t]!.schoolDays;
    return Math.max(0, lowerBound(days, to + 1) - lowerBound(days, from));
  }

  /** The first school day of term `t` on or after `value` (undefined past the window). */
  schoolDayFrom(t: number, value: Day): Day | undefined {
    const days = this.terms[t]!.schoolDays;
    return days[lowerBound(days, value)];
  }

  /** The census term whose window holds `value`, if any. */
  termOf(value: Day): number | undefined {
    const term = this.terms.find((t) => t.firstDay <= value && value <= t.windowEnd);
    return term?.index;
  }

  /** The last school day on or before `value` inside a census term window, if any. */
  schoolDayOnOrBefore(value: Day): Day | undefined {
    for (let index = this.terms.length - 1; index >= 0; index--) {
      const days = this.terms[index]!.schoolDays;
      const position = lowerBound(days, value + 1) - 1;
      if (position >= 0) return days[position];
    }
    return undefined;
  }
}

/** Index of the first element not below `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
