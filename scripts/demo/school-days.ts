// School days over the whole span of config/term-dates.csv (2022/23 on), for the demo's local extracts:
// weekdays inside a half term, less England's bank holidays. This is the count the pipeline uses for
// "more than 15 school days without a school place" (docs/data-contracts.md, "School days").
// SchoolCalendar (school-calendar.ts) only holds the census terms; this covers every half term.

import { readFileSync } from "node:fs";
import { readTermDates } from "../../loaders/sources/term-dates.js";
import { day, type Day } from "./dates.js";
import { TERM_DATES_PATH } from "./school-calendar.js";

/** England and Wales bank holidays 2022-2026 (GOV.UK), including the 2022 jubilee and state funeral and the 2023 coronation. */
const BANK_HOLIDAYS: readonly (readonly [number, number, number])[] = [
  [2022, 1, 3], [2022, 4, 15], [2022, 4, 18], [2022, 5, 2], [2022, 6, 2], [2022, 6, 3], [2022, 8, 29], [2022, 9, 19], [2022, 12, 26], [2022, 12, 27],
  [2023, 1, 2], [2023, 4, 7], [2023, 4, 10], [2023, 5, 1], [2023, 5, 8], [2023, 5, 29], [2023, 8, 28], [2023, 12, 25], [2023, 12, 26],
  [2024, 1, 1], [2024, 3, 29], [2024, 4, 1], [2024, 5, 6], [2024, 5, 27], [2024, 8, 26], [2024, 12, 25], [2024, 12, 26],
  [2025, 1, 1], [2025, 4, 18], [2025, 4, 21], [2025, 5, 5], [2025, 5, 26], [2025, 8, 25], [2025, 12, 25], [2025, 12, 26],
  [2026, 1, 1], [2026, 4, 3], [2026, 4, 6], [2026, 5, 4], [2026, 5, 25], [2026, 8, 31], [2026, 12, 25], [2026, 12, 28],
];

const fromIso = (text: string): Day => day(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));

export class SchoolDays {
  /** Every school day in the term dates file, in order. */
  readonly days: Day[] = [];
  readonly first: Day;
  readonly last: Day;
  private readonly holidays = new Set(BANK_HOLIDAYS.map(([y, m, d]) => day(y, m, d)));

  constructor(text = readFileSync(TERM_DATES_PATH, "utf8"), fileName = TERM_DATES_PATH) {
    const holidays = this.holidays;
    for (const half of readTermDates(text, fileName)) {
      for (let value = fromIso(half.firstDay); value <= fromIso(half.lastDay); value++) {
        const weekday = (value + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
        if (weekday !== 0 && weekday !== 6 && !holidays.has(value)) this.days.push(value);
      }
    }
    this.days.sort((a, b) => a - b);
    this.first = this.days[0]!;
    this.last = this.days[this.days.length - 1]!;
  }

  /** School days from `from` up to but not including `until` (a spell's days without a place, its end being the first day on roll). */
  countBetween(from: Day, until: Day): number {
    return Math.max(0, lowerBound(this.days, until) - lowerBound(this.days, from));
  }

  /** The first school day on or after `value` (undefined past the file's last day); before the file's first term, the first weekday that is not a bank holiday. */
  onOrAfter(value: Day): Day | undefined {
    if (value < this.first) {
      let candidate = value;
      while ((candidate + 4) % 7 === 0 || (candidate + 4) % 7 === 6 || this.holidays.has(candidate)) candidate++;
      return candidate;
    }
    return this.days[lowerBound(this.days, value)];
  }

  /** The school day `count` school days before the first school day on or after `value`. */
  before(value: Day, count: number): Day | undefined {
    const index = lowerBound(this.days, value) - count;
    return index >= 0 ? this.days[index] : undefined;
  }

  isSchoolDay(value: Day): boolean {
    const index = lowerBound(this.days, value);
    return this.days[index] === value;
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
