// The school terms and academic years the education extracts cover, from the term dates file: the same
// step at build time (Node reads config/term-dates.csv) and in analyst mode (the page fetches a copy).

import { DataError } from "../sources/problems.js";
import { readTermDates, termWindows } from "../sources/term-dates.js";
import { schoolPeriods, type Period } from "../kpis/periods.js";
import { eventsOutsideCensusTerms } from "./education.js";
import type { Ingested } from "./ingest.js";
import { appendAll } from "../arrays.js";

/**
 * A census on a day no term holds would lose its pupils, so it stops the run with what to add. Exclusions
 * dated in a term with no census are reported on `ingested.problems` (counted nowhere, never dropped silently).
 */
export function educationPeriods(ingested: Ingested, termDates: { path: string; text: string }): Period[] {
  if (ingested.censusDates.length === 0) {
    appendAll(ingested.problems, eventsOutsideCensusTerms(ingested.tables.exclusions, []));
    return [];
  }
  const terms = termWindows(readTermDates(termDates.text, termDates.path));
  const outside = ingested.censusDates.filter((date) => !terms.some((term) => term.start <= date && date <= term.end));
  if (outside.length > 0) throw new DataError(`School census date(s) ${outside.join(", ")} fall in no term of ${termDates.path}: add that academic year's term dates.`);
  const newest = [...ingested.windows.map((w) => w.referenceDate), ...ingested.censusDates].sort().at(-1)!;
  const periods = schoolPeriods(terms, ingested.censusDates, newest);
  appendAll(ingested.problems, eventsOutsideCensusTerms(ingested.tables.exclusions, periods));
  return periods;
}
