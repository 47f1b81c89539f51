// Number, period and symbol formatting shared by cards, charts and tables (GSS conventions).

export type Unit = "count" | "pct" | "rate";

const countFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A value as a reader sees it; GSS symbols stand in for missing values. */
export function formatValue(value: number | null, unit: Unit, symbol = ""): string {
  if (symbol === "c" || symbol === "x" || symbol === "z") return symbol;
  if (value === null) return "x";
  if (unit === "pct") return `${oneDecimal.format(value)}%`;
  if (unit === "rate") return oneDecimal.format(value);
  return countFormat.format(value);
}

/** A change, always signed: "+12", "−3.4 points". */
export function formatChange(change: number, unit: Unit): string {
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const magnitude = Math.abs(change);
  if (unit === "pct") return `${sign}${oneDecimal.format(magnitude)} points`;
  if (unit === "rate") return `${sign}${oneDecimal.format(magnitude)}`;
  return `${sign}${countFormat.format(magnitude)}`;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2024-12" -> "December 2024"; "2024" -> "2024 (calendar year)". */
export function periodLabel(period: string, short = false): string {
  if (/^\d{4}$/.test(period)) return short ? period : `${period} (calendar year)`;
  const [year, month] = period.split("-");
  const name = MONTHS[Number(month) - 1]!;
  return short ? `${name.slice(0, 3)} ${year}` : `${name} ${year}`;
}

/** "2025-01-16" -> "16 January 2025". */
export function dateLabel(iso: string): string {
  const [year, month, day] = iso.split("-");
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
}

export const SYMBOL_MEANINGS: Record<string, string> = {
  c: "suppressed to protect confidentiality (a count of 1 to 4, or a figure that would reveal one)",
  x: "not available (the extracts do not cover this period)",
  z: "not applicable (nothing to divide by)",
  low: "rounds to zero",
};

export const DIMENSION_LABELS: Record<string, string> = {
  age_band: "age band",
  primary_need: "primary need",
  setting: "setting",
};
