// The calibration summary of the local extracts, printed to stderr with the SEN2 and education ones:
// per file its rows and the figures that tie it to SEN2 or that the brief calibrates (EHE and EOTAS at
// each reference date against SEN2, days from decision to on roll, AP reintegration, school days
// without a place, CME spells open at a time, NEET and not known among post-16 activities).

import { REFERENCE_DATES } from "./calibration.js";
import { day, type Day } from "./dates.js";
import { iso, type LocalContext, type LocalRow } from "./local-context.js";
import type { LocalFile } from "./local-extracts.js";
import { isActiveAt } from "./population.js";
import { ncYear } from "./pupils.js";

const isoDay = (text: string): Day => day(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
const median = (values: number[]) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};
const pct = (part: number, whole: number) => (whole > 0 ? ((100 * part) / whole).toFixed(1) : "-");
/** Whether a spell runs on a day (the end date exclusive, as the pipeline reads spells). */
const covers = (row: LocalRow, startIndex: number, endIndex: number, on: string) => row.cells[startIndex]! <= on && (row.cells[endIndex] === "" || row.cells[endIndex]! > on);

export function localSummary(context: LocalContext, tables: Record<LocalFile, LocalRow[]>, scale: number, seed: number): string {
  const lines: string[] = [];
  const out = (text: string) => lines.push(text);
  const references = REFERENCE_DATES.map(iso);
  const ehcpUpn = new Map(context.children.filter((c) => c.person.upn).map((c) => [c.person.upn, c]));
  const activeAt = (upn: string, k: number) => {
    const child = ehcpUpn.get(upn);
    return child !== undefined && isActiveAt(child.plan, REFERENCE_DATES[k]!);
  };
  out(`Demo local extracts (scale ${scale}, seed ${seed}): placements, registers and post-16 activity in local/`);

  // Placement decisions.
  const decisions = tables.decisions;
  const leads = decisions.filter((r) => r.cells[5] !== "" && r.cells[5]! >= r.cells[2]!).map((r) => isoDay(r.cells[5]!) - isoDay(r.cells[2]!));
  const sortedLeads = [...leads].sort((a, b) => a - b);
  out(`  placement-decisions: ${decisions.length} rows, ${decisions.filter((r) => r.cells[5] === "").length} not yet on roll; days decision to on roll median ${median(leads)}, 90th percentile ${sortedLeads[Math.floor(sortedLeads.length * 0.9)] ?? 0}, longest ${sortedLeads[sortedLeads.length - 1] ?? 0} (target median 20-40, tail to ~200)`);

  // AP placements.
  const ap = tables.ap;
  const ended = ap.filter((r) => r.cells[3] !== "" && (r.cells[6] === "E" || r.cells[6] === "K"));
  const outcomes = new Map<string, number>();
  for (const r of ended) outcomes.set(r.cells[5]!, (outcomes.get(r.cells[5]!) ?? 0) + 1);
  const byStatus = (rows: LocalRow[], index: number) => ["E", "K", "N"].map((s) => `${s} ${rows.filter((r) => r.cells[index] === s).length}`).join(", ");
  out(`  ap-placements: ${ap.length} rows (${byStatus(ap, 6)}), ${ap.filter((r) => r.cells[3] === "").length} ongoing; ended SEND placements ${ended.length}: RTM ${pct(outcomes.get("RTM") ?? 0, ended.length)}% (target 35-50), ${[...outcomes].sort().map(([k, v]) => `${k} ${v}`).join(", ")}`);

  // Fair Access.
  const fap = tables.fairAccess;
  const fapLeads = fap.filter((r) => r.cells[3] !== "" && /^\d{4}-\d{2}-\d{2}$/.test(r.cells[1]!) && r.cells[1] !== "2024-02-30").map((r) => isoDay(r.cells[3]!) - isoDay(r.cells[1]!));
  const perYear = [2022, 2023, 2024].map((y) => `${y} ${fap.filter((r) => r.cells[1]!.startsWith(String(y))).length}`).join(", ");
  out(`  fair-access: ${fap.length} rows (decisions ${perYear}; target 100-150 a year), ${byStatus(fap, 4)}, ${fap.filter((r) => r.cells[3] === "").length} not yet on roll; days to on roll median ${median(fapLeads)} (target 10-15)`);

  // Registers against SEN2 at the reference dates.
  const sen2At = (category: string) => REFERENCE_DATES.map((_, k) => context.children.filter((c) => c.atReference[k] === category).length);
  const registerAt = (rows: LocalRow[]) => references.map((on, k) => new Set(rows.filter((r) => covers(r, 1, 2, on) && activeAt(r.cells[0]!, k)).map((r) => r.cells[0])).size);
  const disagree = (rows: LocalRow[], categories: string[]) => references.map((on, k) => {
    const sen2 = new Set(context.children.filter((c) => c.person.upn && categories.includes(c.atReference[k] ?? "")).map((c) => c.person.upn));
    const register = new Set(rows.filter((r) => covers(r, 1, 2, on) && activeAt(r.cells[0]!, k)).map((r) => r.cells[0]!));
    return [...sen2].filter((u) => !register.has(u)).length + [...register].filter((u) => !sen2.has(u)).length;
  });
  const ehe = tables.ehe;
  out(`  ehe-register: ${ehe.length} rows (${ehe.filter((r) => ehcpUpn.has(r.cells[0]!)).length} of children with a plan); EHC plan holders on it at ${references.join(" / ")}: ${registerAt(ehe).join(" / ")} vs SEN2 EHE ${sen2At("EHE").join(" / ")} (published 4 / 36 / 0); disagreements ${disagree(ehe, ["EHE"]).join(" / ")} (3 deliberate); all children on it then ${references.map((on) => ehe.filter((r) => covers(r, 1, 2, on)).length).join(" / ")}`);
  const eotas = tables.eotas;
  out(`  eotas-register: ${eotas.length} rows; on it at the reference dates ${registerAt(eotas).join(" / ")} vs SEN2 OLA ${sen2At("OLA").join(" / ")} (published 11 / 32 / 32); disagreements ${disagree(eotas, ["OLA"]).join(" / ")}`);

  const noPlace = tables.noPlace;
  const gaps = noPlace.filter((r) => r.cells[2] !== "").map((r) => context.days.countBetween(isoDay(r.cells[1]!), isoDay(r.cells[2]!)));
  const ehcpNoPlace = noPlace.filter((r) => ehcpUpn.has(r.cells[0]!));
  out(`  no-school-place: ${noPlace.length} rows (${ehcpNoPlace.length} of children with a plan), ${noPlace.length - gaps.length} open; school days without a place: under 15 ${gaps.filter((g) => g < 15).length}, exactly 15 ${gaps.filter((g) => g === 15).length}, over 15 ${gaps.filter((g) => g > 15).length}; with a plan at the reference dates ${registerAt(noPlace).join(" / ")} vs SEN2 NIEO/NIEC ${REFERENCE_DATES.map((_, k) => sen2At("NIEO")[k]! + sen2At("NIEC")[k]!).join(" / ")}; disagreements ${disagree(noPlace, ["NIEO", "NIEC"]).join(" / ")}`);

  const cme = tables.cme;
  const months: number[] = [];
  for (let year = 2022; year <= 2025; year++) for (let month = 1; month <= 12; month++) {
    const on = iso(day(year, month, 15));
    if (on > "2022-01-31" && on <= references[2]!) months.push(cme.filter((r) => covers(r, 1, 2, on)).length);
  }
  const ehcpCme = cme.filter((r) => ehcpUpn.has(r.cells[0]!));
  const ncOf = (r: LocalRow) => ncYear(ehcpUpn.get(r.cells[0]!)!.person.birth, isoDay(r.cells[1]!));
  out(`  cme-register: ${cme.length} rows; open on the 15th of each month from February 2022: ${Math.min(...months)}-${Math.max(...months)}, median ${median(months)} (target 15-25); with a plan ${ehcpCme.length} (NCY 0-11 ${ehcpCme.filter((r) => ncOf(r) <= 11).length}, NCY 12+ ${ehcpCme.filter((r) => ncOf(r) >= 12).length})`);

  // Post-16.
  const post16 = tables.post16;
  const people = (status: string) => new Set(post16.filter((r) => r.cells[3] === status).map((r) => r.cells[0] || r.cells[1])).size;
  const neet = (status: string) => references.map((on) => {
    const current = post16.filter((r) => r.cells[3] === status && covers(r, 5, 6, on));
    const code = (r: LocalRow) => Number(r.cells[4]);
    return `${pct(current.filter((r) => code(r) >= 510 && code(r) <= 580).length, current.length)}/${pct(current.filter((r) => code(r) >= 810).length, current.length)}% of ${current.length}`;
  }).join(", ");
  const living = new Map<string, number>();
  for (const r of post16) living.set(r.cells[7] || "blank", (living.get(r.cells[7] || "blank") ?? 0) + 1);
  out(`  post16-activity: ${post16.length} rows, ${people("E")} young people with a plan (E), ${people("K")} on SEN support (K); NEET/not known at the reference dates E ${neet("E")}; K ${neet("K")} (target NEET 5-8%, not known 2-4%); living ${[...living].sort().map(([k, v]) => `${k} ${v}`).join(", ")}`);
  return lines.join("\n");
}
