// The shape of a KPI entry: catalogue metadata plus one SQL query of "units" (one row per plan, request
// or event in a period) and declarative measures over those units. The engine does periods and cubes.

export type Dimension = "age_band" | "primary_need" | "setting";
export const DIMENSIONS: readonly Dimension[] = ["age_band", "primary_need", "setting"];

export type Unit = "count" | "pct" | "rate";
export type Polarity = "higher" | "lower" | "context";

/** A measure is computed from the units by counting rows that match SQL boolean expressions. */
export type MeasureSpec =
  | { id: string; kind: "count"; where?: string; label: string }
  /** value = scale * count(numerator) / count(denominator); the numerator expression must imply the denominator's. */
  | { id: string; kind: "ratio"; numerator: string; denominator: string; scale: 100; unit: "pct" | "rate"; label: string };

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
  /** snapshot: counted at a date (month end or reference date); flow: events dated in the period. */
  grain: "snapshot" | "flow";
  /** Headline first, in the catalogue's `measures` order. */
  measures: readonly MeasureSpec[];
  /** SELECT returning `period` and one column per breakdown plus the columns the measures use. */
  units: string;
  /** Choices made where the catalogue or DfE guidance leaves room; shown on the methodology page. */
  notes?: readonly string[];
}
