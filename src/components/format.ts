// Number, period and symbol formatting shared by cards, charts and tables (GSS conventions).

export type Unit = "count" | "pct" | "rate" | "days";

const countFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** Rates per 100 (permanent exclusions run at 0.05 per 100 pupils) get two decimals, as DfE shows them. */
const twoDecimals = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** Days: whole days as they are, averages and medians to one decimal. */
const upToOneDecimal = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** A value as a reader sees it; GSS symbols stand in for missing values. */
export function formatValue(value: number | null, unit: Unit, symbol = ""): string {
  if (symbol === "c" || symbol === "x" || symbol === "z") return symbol;
  if (value === null) return "x";
  if (unit === "pct") return `${oneDecimal.format(value)}%`;
  if (unit === "rate") return twoDecimals.format(value);
  if (unit === "days") return `${upToOneDecimal.format(value)} ${value === 1 ? "day" : "days"}`;
  return countFormat.format(value);
}

/** A change, always signed: "+12", "−3.4 points". */
export function formatChange(change: number, unit: Unit): string {
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const magnitude = Math.abs(change);
  if (unit === "pct") return `${sign}${oneDecimal.format(magnitude)} points`;
  if (unit === "rate") return `${sign}${twoDecimals.format(magnitude)}`;
  if (unit === "days") return `${sign}${upToOneDecimal.format(magnitude)} days`;
  return `${sign}${countFormat.format(magnitude)}`;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2024/25" from DfE's "202425". */
const academicYear = (code: string) => `${code.slice(0, 4)}/${code.slice(4, 6)}`;

/**
 * "2024-12" -> "December 2024"; "2024" -> "2024 (calendar year)"; "202425-autumn" -> "Autumn term 2024/25";
 * "202425" -> "2024/25 (academic year)".
 */
export function periodLabel(period: string, short = false): string {
  if (/^\d{4}$/.test(period)) return short ? period : `${period} (calendar year)`;
  if (/^\d{6}$/.test(period)) return short ? academicYear(period) : `${academicYear(period)} (academic year)`;
  const term = /^(\d{6})-(autumn|spring|summer)$/.exec(period);
  if (term) {
    const name = term[2]!.charAt(0).toUpperCase() + term[2]!.slice(1);
    return short ? `${name.slice(0, 3)} ${academicYear(term[1]!)}` : `${name} term ${academicYear(term[1]!)}`;
  }
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
  sen_status: "SEN status",
  phase: "phase",
};
