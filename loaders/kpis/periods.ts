// Reporting periods (months `YYYY-MM`, calendar years `YYYY`) and which of them the exports can support.
// An annual SEN2 return describes 1 January of the previous year up to its reference date.

import { monthEnd, monthsBetween, shiftMonth } from "../sources/values.js";
import type { TermWindow } from "../sources/term-dates.js";

export type Coverage = "complete" | "partial" | "none";

export interface Period {
  period: string;
  /**
   * month, year: the SEN2 calendar. census: one export's reference date, for comparing snapshots with
   * DfE's January census figures. term, academic_year: the school calendar of the education sources.
   */
  period_type: "month" | "year" | "census" | "term" | "academic_year";
  start_date: string;
  end_date: string;
  /** Month end, or the newest export's reference date if earlier. */
  snapshot_date: string;
  snapshot_covered: boolean;
  flow_covered: boolean;
  /** How much of the period's events the exports hold. */
  flow_coverage: Coverage;
  /** Terms and academic years: the school census the period's pupils are counted at. */
  census_date: string | null;
  /** Terms and academic years: how much of the period the education extracts cover. */
  term_coverage: Coverage;
}

export interface ExportWindow {
  coversFrom: string;
  referenceDate: string;
}

export const SERIES_MONTHS = 36;

const PERIOD_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/;
/** DfE's termly and academic-year codes: 202425-autumn, 202425. */
const SCHOOL_PERIOD_PATTERN = /^(\d{4})(\d{2})(?:-(autumn|spring|summer))?$/;

export function isPeriod(text: string): boolean {
  return PERIOD_PATTERN.test(text) || isSchoolPeriod(text);
}

export function isSchoolPeriod(text: string): boolean {
  const match = SCHOOL_PERIOD_PATTERN.exec(text);
  return match !== null && (Number(match[1]) + 1) % 100 === Number(match[2]);
}

/** Merged, sorted [from, to] date ranges the exports describe. */
function mergedWindows(windows: readonly ExportWindow[]): [string, string][] {
  const sorted = windows.map((w) => [w.coversFrom, w.referenceDate] as [string, string]).sort((a, b) => a[0].localeCompare(b[0]));
  const merged: [string, string][] = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    // Adjacent ranges (the next starts the day after the last ends) merge too: compare on dates.
    if (last && from <= nextDay(last[1])) last[1] = to > last[1] ? to : last[1];
    else merged.push([from, to]);
  }
  return merged;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export function describePeriod(period: string, windows: readonly ExportWindow[]): Period {
  const match = PERIOD_PATTERN.exec(period);
  if (!match) throw new Error(`'${period}' is not a period: use YYYY-MM for a month or YYYY for a calendar year`);
  const isMonth = match[2] !== undefined;
  const start_date = isMonth ? `${period}-01` : `${period}-01-01`;
  const end_date = isMonth ? monthEnd(period) : `${period}-12-31`;
  const newestReference = windows.map((w) => w.referenceDate).sort().at(-1) ?? end_date;
  const snapshot_date = newestReference < end_date ? newestReference : end_date;
  const merged = mergedWindows(windows);
  const inside = (date: string) => merged.some(([from, to]) => from <= date && date <= to);
  const fully = merged.some(([from, to]) => from <= start_date && end_date <= to);
  const overlaps = merged.some(([from, to]) => from <= end_date && start_date <= to);
  const flow_coverage: Coverage = fully ? "complete" : overlaps ? "partial" : "none";
  return {
    period,
    period_type: isMonth ? "month" : "year",
    start_date,
    end_date,
    snapshot_date,
    snapshot_covered: snapshot_date >= start_date && inside(snapshot_date),
    flow_covered: flow_coverage !== "none",
    flow_coverage,
    census_date: null,
    term_coverage: "none",
  };
}

/** The published series: 36 months up to the newest reference month, then each calendar year covered. */
export function seriesPeriods(windows: readonly ExportWindow[]): Period[] {
  if (windows.length === 0) return [];
  const newest = windows.map((w) => w.referenceDate).sort().at(-1)!;
  const lastMonth = newest.slice(0, 7);
  const months = monthsBetween(shiftMonth(lastMonth, SERIES_MONTHS - 1), lastMonth);
  const firstYear = Number(windows.map((w) => w.coversFrom).sort()[0]!.slice(0, 4));
  const years: string[] = [];
  for (let year = firstYear; year <= Number(newest.slice(0, 4)); year++) years.push(String(year));
  return [...months, ...years].map((period) => describePeriod(period, windows));
}

const isSchoolPeriodType = (period: Pick<Period, "period_type">) => period.period_type === "term" || period.period_type === "academic_year";

/** Whether a KPI's value for a period can be shown, and whether it is for part of the period only. */
export function periodStatus(period: Period, entry: { grain: "snapshot" | "flow"; calendar: "monthly" | "termly"; unavailable?: string }): Coverage {
  if (entry.unavailable) return "none";
  if (entry.calendar === "termly") {
    if (!isSchoolPeriodType(period)) return "none";
    return entry.grain === "snapshot" ? (period.census_date ? "complete" : "none") : period.term_coverage;
  }
  if (entry.grain === "snapshot") return period.snapshot_covered ? "complete" : "none";
  return period.flow_coverage;
}

/**
 * Terms and academic years the education extracts support. A term is covered when a school census falls
 * in it (the latest, if several do); its events are complete once `asAt` (the newest date any extract
 * describes) is past the term's end. An academic year counts pupils at its spring (January) census, as
 * DfE's headcounts do, else its latest census, and is complete when all three terms are.
 */
export function schoolPeriods(terms: readonly TermWindow[], censusDates: readonly string[], asAt: string): Period[] {
  const periods: Period[] = [];
  const years = new Map<string, { start: string; end: string; census: Map<string, string>; complete: number }>();
  for (const term of terms) {
    const census = censusDates.filter((date) => term.start <= date && date <= term.end).sort().at(-1);
    if (!census) continue;
    const term_coverage: Coverage = asAt >= term.end ? "complete" : "partial";
    periods.push(schoolPeriod(term.period, "term", term.start, term.end, census, term_coverage));
    const code = term.period.slice(0, 6);
    const startYear = term.academicYear.slice(0, 4);
    const year = years.get(code) ?? { start: `${startYear}-08-01`, end: `${Number(startYear) + 1}-07-31`, census: new Map(), complete: 0 };
    year.census.set(term.term, census);
    if (term_coverage === "complete") year.complete++;
    years.set(code, year);
  }
  for (const [code, year] of years) {
    const census = year.census.get("spring") ?? [...year.census.values()].sort().at(-1)!;
    periods.push(schoolPeriod(code, "academic_year", year.start, year.end, census, year.complete === 3 ? "complete" : "partial"));
  }
  return periods.sort((a, b) => a.start_date.localeCompare(b.start_date) || a.period_type.localeCompare(b.period_type));
}

function schoolPeriod(period: string, period_type: "term" | "academic_year", start_date: string, end_date: string, census_date: string, term_coverage: Coverage): Period {
  // The SEN2 flags stay off: SEN2 KPIs never run on school periods.
  return {
    period, period_type, start_date, end_date, snapshot_date: census_date,
    snapshot_covered: false, flow_covered: false, flow_coverage: "none",
    census_date, term_coverage,
  };
}

/** A snapshot on an export's reference date (the census day DfE's January figures describe). */
export function censusPeriod(referenceDate: string): Period {
  return {
    period: `census:${referenceDate}`,
    period_type: "census",
    start_date: referenceDate,
    end_date: referenceDate,
    snapshot_date: referenceDate,
    snapshot_covered: true,
    flow_covered: false,
    flow_coverage: "none",
    census_date: null,
    term_coverage: "none",
  };
}
