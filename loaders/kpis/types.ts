// The shape of a KPI entry: catalogue metadata plus one SQL query of "units" (one row per plan, request
// or event in a period) and declarative measures over those units. The engine does periods and cubes.

import type { LocalSource } from "../model/placements.js";

export type Dimension = "age_band" | "primary_need" | "setting" | "sen_status" | "phase";
/** Every breakdown a cube can carry; a KPI uses some of them and holds "All" in the rest. */
export const DIMENSIONS: readonly Dimension[] = ["age_band", "primary_need", "setting", "sen_status", "phase"];

export type Unit = "count" | "pct" | "rate" | "days";
export type Polarity = "higher" | "lower" | "context";

/** A measure is computed from the units by counting rows that match SQL boolean expressions. */
export type MeasureSpec =
  | { id: string; kind: "count"; where?: string; label: string }
  /**
   * value = scale * count(numerator) / count(denominator). For a percentage the numerator expression
   * implies the denominator's. `denominatorAcross` takes the denominator from the cell with those
   * dimensions rolled up: a share of all pupils by SEN status, say, rather than 100% of each status.
   */
  | { id: string; kind: "ratio"; numerator: string; denominator: string; scale: 100; unit: "pct" | "rate"; label: string; denominatorAcross?: readonly Dimension[] }
  /**
   * value = scale * sum(numerator) / sum(denominator) over the units where `population` holds: sessions
   * attended over sessions possible, say. Suppression protects the people behind the cell (`population`),
   * not the sums.
   */
  | { id: string; kind: "sum_ratio"; numerator: string; denominator: string; population: string; scale: 100; unit: "pct"; label: string }
  /**
   * A statistic of a numeric column over the units where `population` holds: the mean, median or longest
   * of the days a case took, say. Suppression protects the cases behind it (`population`).
   */
  | { id: string; kind: "stat"; stat: "mean" | "median" | "max"; of: string; population: string; unit: "days"; label: string };

export interface KpiEntry {
  /** Catalogue id, e.g. "ehcp.issued_20_weeks". */
  id: string;
  domain: string;
  /** Active-voice title for the card. */
  title: string;
  /** The brief's wording (catalogue `kpi`). */
  briefWording: string;
  definition: string;
  better: Polarity;
  breakdowns: readonly Dimension[];
  /** Catalogue `comparator`: what DfE publishes, if anything. */
  comparator: string;
  source: string;
  /** snapshot: counted at a date (month end, reference date or census day); flow: events dated in the period. */
  grain: "snapshot" | "flow";
  /**
   * monthly: months and calendar years (SEN2 and local systems); termly: school terms and academic years,
   * each at its school census (education sources).
   */
  calendar: "monthly" | "termly";
  /**
   * Whether a year's counts are the sum of its months or terms (true for event counts). Such a KPI
   * publishes years as headline totals only, or a hidden month could be worked out by subtraction.
   * Defaults to grain === "flow".
   */
  additiveOverPeriods?: boolean;
  /**
   * Local extracts the KPI cannot be computed without (placements, registers, post-16). When one is missing
   * every period shows x (not available), never a zero.
   */
  requires?: readonly LocalSource[];
  /** Set for a run whose extracts lack a required source (see withAvailability): why every period is x. */
  unavailable?: string;
  /** Headline first, in the catalogue's `measures` order. */
  measures: readonly MeasureSpec[];
  /** SELECT returning `period` and one column per breakdown plus the columns the measures use. */
  units: string;
  /** Choices made where the catalogue or DfE guidance leaves room; shown on the methodology page. */
  notes?: readonly string[];
}
