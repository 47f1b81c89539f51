// The calibration summary: what the generated exports show next to the published figures (x scale).

import {
  ACTIVE_PLANS, AGES_2025, ASSESSMENTS_COMPLETED, CEASED_BY_REASON, EXPORT_YEARS, NEED_SHARES_2025, PLACEMENT_TOTALS,
  REQUEST_MEDIATION_2024, REQUEST_OUTCOMES_2024, REQUESTS_RECEIVED, TIMELINESS, type PlacementCategory,
} from "./calibration.js";
import type { ExportTally } from "./exports.js";

const GROUPS: Record<string, readonly PlacementCategory[]> = {
  mainstream: ["MS_LA", "MS_LA_RP", "MS_AC", "MS_AC_RP", "MS_FR", "MS_FR_RP", "MS_IND"],
  special: ["SP_LA", "SP_AC", "SP_IND", "SP_NM"],
  "independent special": ["SP_IND"],
  "AP/PRU": ["AP"],
  "FE/post-16": ["FE_GFE", "FE_SPI", "FE_UKRLP"],
  "elective home education": ["EHE"],
  "LA arrangements (OLA)": ["OLA"],
  "NEET/NIEC/NIEO": ["NEET", "NIEC", "NIEO"],
  "early years (EYP)": ["EYP"],
  "unknown/blank": ["UNK"],
};

const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);
const fmtPct = (value: number) => `${value.toFixed(1)}%`;
const diff = (ours: number, target: number) => (target > 0 ? ` (${ours >= target ? "+" : ""}${pct(ours - target, target).toFixed(1)}%)` : "");

export function calibrationSummary(tallies: readonly ExportTally[], scale: number, seed: number): string {
  const lines: string[] = [];
  const out = (text = "") => lines.push(text);
  const scaled = (value: number) => Math.round(value * scale);
  out(`Demo SEN2 calibration summary (scale ${scale}, seed ${seed}): generated vs published Shropshire figures${scale === 1 ? "" : " x scale"}`);
  out();
  out("Plans active at the January census");
  EXPORT_YEARS.forEach((year, k) => out(`  ${year}: ${tallies[k]!.activePlans} vs ${scaled(ACTIVE_PLANS[year]!)}${diff(tallies[k]!.activePlans, scaled(ACTIVE_PLANS[year]!))}`));
  out();
  out("Rank-1 placement attended (current), generated / published");
  out(`  ${"".padEnd(26)}${EXPORT_YEARS.map((year) => String(year).padStart(22)).join("")}`);
  for (const [label, categories] of Object.entries(GROUPS)) {
    const cells = EXPORT_YEARS.map((year, k) => {
      const ours = categories.reduce((sum, c) => sum + (tallies[k]!.placements.get(c) ?? 0), 0);
      const target = scaled(categories.reduce((sum, c) => sum + PLACEMENT_TOTALS[year]![c], 0));
      if (label === "mainstream" || label === "special") {
        return `${fmtPct(pct(ours, tallies[k]!.activePlans))} / ${fmtPct(pct(target, scaled(ACTIVE_PLANS[year]!)))}`.padStart(22);
      }
      return `${ours} / ${target}`.padStart(22);
    });
    out(`  ${label.padEnd(26)}${cells.join("")}`);
  }
  out();
  const newest = tallies[tallies.length - 1]!;
  out("Ages at January 2025 (age: generated / published)");
  const ageCells: string[] = [];
  for (let age = 0; age < AGES_2025.length; age++) {
    const target = scaled(AGES_2025[age]!);
    const ours = newest.ages[age] ?? 0;
    if (target > 0 || ours > 0) ageCells.push(`${age}: ${ours}/${target}`);
  }
  for (let i = 0; i < ageCells.length; i += 8) out(`  ${ageCells.slice(i, i + 8).map((cell) => cell.padEnd(14)).join("")}`);
  out();
  out("Primary need at January 2025 (generated % / published %)");
  const needCells = Object.entries(NEED_SHARES_2025).map(([need, share]) => `${need} ${fmtPct(pct(newest.needs.get(need) ?? 0, newest.activePlans))}/${share}%`);
  needCells.push(`DS ${newest.needs.get("DS") ?? 0} plans`);
  for (let i = 0; i < needCells.length; i += 5) out(`  ${needCells.slice(i, i + 5).map((cell) => cell.padEnd(22)).join("")}`);
  out();
  out("Statutory process by calendar year (read from the following January's export)");
  EXPORT_YEARS.forEach((exportYear, k) => {
    const t = tallies[k]!;
    const year = exportYear - 1;
    const target = REQUESTS_RECEIVED[year];
    out(`  ${year}: requests received ${t.requestsReceived}${target ? ` vs ${scaled(target)}${diff(t.requestsReceived, scaled(target))}` : ""}`);
    out(`        outcomes at census: assess ${t.requestOutcomes.A}, not assess ${t.requestOutcomes.N}, no decision yet ${t.requestOutcomes.pending}, withdrawn ${t.requestOutcomes.W}` +
      (year === 2024 ? ` (published ${scaled(REQUEST_OUTCOMES_2024.assess)}, ${scaled(REQUEST_OUTCOMES_2024.notAssess)}, ${scaled(REQUEST_OUTCOMES_2024.pending)}, ${scaled(REQUEST_OUTCOMES_2024.withdrawn)})` : ""));
    out(`        decisions made in ${year}: ${t.decisions}, within 6 weeks ${fmtPct(pct(t.decisionsWithin6Weeks, t.decisions))}` + (year === 2024 ? ` (published ${REQUEST_OUTCOMES_2024.decidedWithin6WeeksPct}%)` : year === 2023 ? " (published 73.5%)" : ""));
    out(`        request mediation ${t.requestMediation}${year === 2024 ? ` (published ${scaled(REQUEST_MEDIATION_2024)})` : ""}, request tribunal ${t.requestTribunal}; assessment mediation ${t.assessmentMediation}, assessment tribunal ${t.assessmentTribunal}, other mediation ${t.otherMediation}, other tribunal ${t.otherTribunal}`);
    const completed = t.assessmentsCompleted;
    const total = completed.Y + completed.N + completed.W + completed.S;
    const published = ASSESSMENTS_COMPLETED[year];
    out(`        assessments completed ${total} (issue ${completed.Y + completed.S} incl. S ${completed.S}, not issue ${completed.N}, withdrawn ${completed.W})` +
      (published ? ` vs ${scaled(published.total)} (${scaled(published.issued)}, ${scaled(published.notIssued)}, ${scaled(published.withdrawn)})` : ""));
    const excl = t.newPlans - t.newPlansException;
    const exclWithin = t.newPlansWithin20Weeks - t.newPlansExceptionWithin20Weeks;
    const timeliness = TIMELINESS[year];
    out(`        new plans ${t.newPlans}: within 20 weeks ${t.newPlansWithin20Weeks} = ${fmtPct(pct(t.newPlansWithin20Weeks, t.newPlans))} incl. exceptions, ${exclWithin}/${excl} = ${fmtPct(pct(exclWithin, excl))} excl. (${t.newPlansException} exception cases)` +
      (timeliness ? ` vs ${fmtPct(pct(timeliness.within, timeliness.plans))} / ${fmtPct(pct(timeliness.withinExcl, timeliness.plansExcl))} of ${scaled(timeliness.plans)}` : ""));
    const ceasedTotal = t.ceased.reduce((a, b) => a + b, 0);
    const publishedCeased = CEASED_BY_REASON[year];
    out(`        plans ceased ${ceasedTotal} by reason 1-9 [${t.ceased.slice(1).join(", ")}]` +
      (publishedCeased ? ` vs ${scaled(publishedCeased.reduce((a, b) => a + b, 0))} [${publishedCeased.map(scaled).join(", ")}]` : ""));
  });
  out();
  out("At each census");
  EXPORT_YEARS.forEach((year, k) => {
    const t = tallies[k]!;
    out(`  ${year}: open requests over 30 weeks ${t.openOver30Weeks}, over 52 weeks ${t.openOver52Weeks}; plans over a year old ${t.plansOverAYearOld}: reviewed in the last 12 months ${fmtPct(pct(t.reviewedInLastYear, t.plansOverAYearOld))}, never reviewed ${t.neverReviewed}; persons ${t.persons}`);
  });
  return lines.join("\n");
}
