// The school terms and academic years the education extracts cover, from the term dates file: the same
// step at build time (Node reads config/term-dates.csv) and in analyst mode (the page fetches a copy).

import { readTermDates, termWindows } from "../sources/term-dates.js";
import { schoolPeriods, type Period } from "../kpis/periods.js";
import { eventsOutsideCensusTerms } from "./education.js";
import type { Ingested } from "./ingest.js";
import { appendAll } from "../arrays.js";

/**
 * A census on a day no term holds cannot be counted: it is reported (an error on the data-quality page,
 * naming the academic year to add) and the other censuses go on. Exclusions dated in a term with no census
 * are reported on `ingested.problems` (counted nowhere, never dropped silently). A term is complete once a
 * later census exists: the newest census carries its term so far, whatever later SEN2 export is read.
 */
export function educationPeriods(ingested: Ingested, termDates: { path: string; text: string }): Period[] {
  // Without a census the term dates are not needed (nor read).
  const terms = ingested.censusDates.length === 0 ? [] : termWindows(readTermDates(termDates.text, termDates.path));
  const inTerms = (date: string) => terms.some((term) => term.start <= date && date <= term.end);
  for (const date of ingested.censusDates.filter((d) => !inTerms(d))) {
    const rows = ingested.tables.pupils.rows.filter((row) => row.census_date === date).length;
    ingested.problems.push({
      source: "school census", file: termDates.path, row: null, column: null, severity: "error", rule: "census-outside-terms",
      message: `the school census of ${date} (${rows} rows) falls in no term of the term dates file, so it is not counted: add that academic year's term dates`,
    });
  }
  const counted = ingested.censusDates.filter(inTerms);
  const periods = counted.length === 0 ? [] : schoolPeriods(terms, counted, counted.at(-1)!);
  appendAll(ingested.problems, eventsOutsideCensusTerms(ingested.tables.exclusions, periods));
  return periods;
}
