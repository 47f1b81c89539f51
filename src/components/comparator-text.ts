// The words of the published comparators: a card's one line and the labels the comparator charts use.
// Kept apart from comparators.ts (Plot charts) so the cards' first paint does not wait for Plot.

import { formatValue, type Unit } from "./format.js";
import { measureUnit, type KpiMeta } from "./kpi-view.js";
import type { ComparatorSummary } from "../../loaders/reference/summarise.js";

export type { ComparatorSummary };

export interface ComparatorContext {
  homeName: string;
  regionName: string;
  similarLabel: string;
  summaries: readonly ComparatorSummary[];
  /** The page's filters as a breakdown key ("sen_status=ehc_plan"); "" or absent for the whole area. */
  breakdown?: string;
  /** Category labels by dimension, to name a breakdown in words. */
  labels?: Record<string, Record<string, string>>;
}

/** "sen_status=ehc_plan; phase=primary" -> "EHC plan, Primary". */
export function breakdownLabel(breakdown: string, labels: ComparatorContext["labels"] = {}): string {
  if (breakdown === "") return "the whole area";
  return breakdown.split("; ").map((part) => {
    const [dim, id] = part.split("=") as [string, string];
    return labels[dim]?.[id] ?? id;
  }).join(", ");
}

export const show = (figure: { value: number | null; symbol?: string } | null, unit: Unit) =>
  figure ? formatValue(figure.value, unit, figure.symbol || (figure.value === null ? "x" : "")) : "x";

/** The newest published summary of a measure. */
export function latestSummary(context: ComparatorContext, kpi: string, measure: string, breakdown = context.breakdown ?? ""): ComparatorSummary | undefined {
  return context.summaries.filter((s) => s.kpi === kpi && s.measure === measure && s.breakdown === breakdown).sort((a, b) => a.period.localeCompare(b.period)).at(-1);
}

/** One line for a card: "England 46.4%, West Midlands 42.3% (calendar year 2024)". */
export function comparatorLine(kpi: KpiMeta, context: ComparatorContext): string | undefined {
  const measure = kpi.measures[0]!;
  const summary = latestSummary(context, kpi.id, measure.id);
  if (!summary) return undefined;
  const unit = measureUnit(measure);
  const who = context.breakdown ? ` (${breakdownLabel(context.breakdown, context.labels)})` : "";
  return `Published${who}, ${summary.period_label}: ${context.homeName} ${show(summary.home, unit)}, England ${show(summary.england, unit)}, ${context.regionName} ${show(summary.region, unit)}`;
}

