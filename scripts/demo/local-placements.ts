// The placement extracts:
// - EHC placement decisions: one row per setting named for a child with a plan that they start after
//   the plan was issued (a new plan, a phase transfer, a move), from the SEN2 placement spells: the
//   first day on roll is the spell's entry date, the decision a few weeks (sometimes months) before;
//   plus decisions not yet on roll at the newest census (children waiting for a place, and early
//   phase-transfer decisions for September 2025), naming the setting SEN2's plan names;
// - alternative provision placements: SEN2 spells at AP (EHC plan), runs of census terms at a PRU
//   (single or dual registration; start and end as the census shows them, the outcome from where the
//   pupil is next), and placements in 2022-23 of pupils back in mainstream school by the first census;
// - Fair Access Panel decisions: in-year placements of pupils the census shows joining a school, of
//   pupils permanently excluded and then at another mainstream school, a few children with a plan moving
//   school mid-year, placements in 2022-23 of pupils at the first census, and pupils still waiting.

import { LA_CODE } from "./calibration.js";
import { academicYear, ageOn, day, parts, type Day } from "./dates.js";
import { between, EXTRACT_DATE, iso, joinerPast, leaverFate, LOCAL_FROM, noPlaceStart, unit, type LocalContext, type LocalRow } from "./local-context.js";
import type { ApRun } from "./local-census.js";
import { isEstablishment, nextSpell, sen2Status, type Sen2Child, type Sen2Spell } from "./local-sen2.js";
import { unknownWindow } from "./local-registers.js";
import { stageAt, type Setting } from "./placements.js";
import { ncYear } from "./pupils.js";

const MAINSTREAM = new Set(["primary", "secondary", "allThrough"]);

export const DECISIONS_HEADER = ["UPN", "ULN", "DecisionDate", "URN", "UKPRN", "FirstDayOnRoll"];
export const AP_HEADER = ["UPN", "URN", "StartDate", "EndDate", "Reason", "Outcome", "SENStatus"];
export const FAIR_ACCESS_HEADER = ["UPN", "DecisionDate", "URN", "FirstDayOnRoll", "SENStatus"];

// ---------------------------------------------------------------------------------------------
// EHC placement decisions

/** Days from naming a setting to the first day there: mostly a few weeks, a tail of months. */
function decisionLead(context: LocalContext, serial: number, entry: Day): number {
  const roll = unit(context, 70, serial, entry);
  if (roll < 0.64) return between(context, 5, 35, 71, serial, entry);
  if (roll < 0.91) return between(context, 36, 100, 71, serial, entry);
  return between(context, 101, 190, 71, serial, entry);
}

function decisionRow(child: Sen2Child, decision: Day, setting: Setting, firstDay: Day | undefined): LocalRow {
  const { person } = child;
  const uln = person.uln && (ageOn(person.birth, decision) >= 14 || !person.upn) ? person.uln : "";
  const establishment = setting.establishment!;
  return {
    cells: [person.upn, uln, iso(decision), establishment.urn, establishment.ukprn, iso(firstDay)],
    sort: `${iso(decision)}|${person.upn || uln}|${establishment.urn || establishment.ukprn}`,
  };
}

export function placementDecisions(context: LocalContext): LocalRow[] {
  const rows: LocalRow[] = [];
  const reference = EXTRACT_DATE;
  for (const child of context.children) {
    const { person, plan } = child;
    const serial = person.serial;
    for (const spell of child.spells) {
      // A setting the child started after the plan was issued (one already attended needs no decision).
      if (!isEstablishment(spell) || spell.entry < plan.start || spell.entry < LOCAL_FROM || spell.entry > reference) continue;
      let lead = decisionLead(context, serial, spell.entry);
      // Phase transfers: a share of the settings for September are named by 15 February (the statutory date).
      const { month } = parts(spell.entry);
      if (month === 9 && unit(context, 72, serial, spell.entry) < 0.12) lead = spell.entry - day(parts(spell.entry).year, 2, 15) - between(context, 0, 14, 73, serial);
      rows.push(decisionRow(child, Math.max(plan.start, spell.entry - lead), spell.setting, spell.entry));
    }
    if (!(plan.start <= reference && (plan.cease === undefined || plan.cease > reference))) continue;
    const category = child.atReference[2];
    const nc = ncYear(person.birth, reference);
    // Waiting for a place at the newest census: the setting the plan names (SEN2 plandetail), not yet on roll.
    if ((category === "UNK" || category === "NIEO" || category === "NIEC") && nc >= 0 && nc <= 11 && unit(context, 74, serial) < 0.5) {
      const window = unknownWindow(child, 2);
      const decision = Math.max(plan.start, window.from + 5, reference - between(context, 3, 100, 75, serial));
      if (decision < reference) rows.push(decisionRow(child, decision, context.history.fallbackSetting(person, stageAt(person.birth, reference)), undefined));
    }
    // Early phase-transfer decisions for September 2025 (most are made by 15 February, after the newest census).
    if (category?.startsWith("MS_") && (nc === 6 || nc === 11) && unit(context, 76, serial) < 0.12) {
      const decision = reference - between(context, 2, 60, 77, serial);
      rows.push(decisionRow(child, Math.max(plan.start, decision), context.history.fallbackSetting(person, nc === 6 ? "SEC" : "P16"), undefined));
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Alternative provision placements

const AP_REASONS = {
  excluded: "Permanently excluded",
  single: ["At risk of exclusion", "Behaviour support", "Medical needs", "Anxiety-related absence"],
  dual: ["Part-time behaviour support", "Respite placement", "Reintegration support"],
  ehcp: ["Awaiting a specialist place", "At risk of exclusion", "Medical needs", "Placement breakdown"],
  before: ["At risk of exclusion", "Behaviour support", "Respite placement"],
};

function outcomeAfter(next: Sen2Spell | undefined): string {
  const category = next?.category ?? "";
  if (category.startsWith("MS_")) return "RTM";
  if (category.startsWith("SP_")) return "SPE";
  if (category === "AP") return "OAP";
  if (category === "EHE") return "EHE";
  if (category.startsWith("FE_")) return "P16";
  return "OTH";
}

function apRow(upn: string, urn: string, start: Day, end: Day | undefined, reason: string, outcome: string, status: string): LocalRow {
  return { cells: [upn, urn, iso(start), iso(end), reason, end === undefined ? "" : outcome, status], sort: `${iso(start)}|${upn}|${urn}` };
}

export function apPlacements(context: LocalContext): LocalRow[] {
  const rows: LocalRow[] = [];
  const { facts } = context;
  const terms = facts.calendar.terms;
  // Children with a plan at AP (SEN2).
  for (const child of context.children) {
    const upn = child.person.upn;
    if (!upn) continue;
    for (const spell of child.spells) {
      if (spell.category !== "AP" || (spell.leaving ?? Infinity) < LOCAL_FROM) continue;
      // Before the plan the census has the child at a mainstream school: the AP placement starts with the plan.
      const start = Math.max(spell.entry, child.plan.start);
      const end = spell.leaving;
      if (end !== undefined && end < start) continue;
      const status = sen2Status(context.seed, child, start) ?? "N";
      rows.push(apRow(upn, spell.setting.establishment!.urn, start, end, AP_REASONS.ehcp[Math.floor(unit(context, 80, child.person.serial) * 4)]!, outcomeAfter(nextSpell(child, spell)), status));
    }
  }
  // Pupils without a plan at a PRU at the censuses.
  const excludedTo = new Set(facts.exclusions.filter((e) => e.next?.kind === "ap").map((e) => `${e.upn}|${e.next!.urn}|${e.next!.from}`));
  const leavers = new Map(facts.leavers.map((l) => [l.stream, l]));
  for (const run of facts.apRuns) {
    const start = runStart(context, run);
    const outcome = run.after === "mainstream" ? "RTM" : run.after === "other-ap" ? "OAP" : run.after === "aged-out" ? "P16"
      : leavers.has(run.stream) && leaverFate(context, leavers.get(run.stream)!) === "ehe" ? "EHE" : "OTH";
    const end = run.after === "ongoing" ? undefined : run.to;
    const reason = excludedTo.has(`${run.upn}|${run.urn}|${run.from}`) ? AP_REASONS.excluded
      : run.dual ? AP_REASONS.dual[Math.floor(unit(context, 81, run.stream) * 3)]! : AP_REASONS.single[Math.floor(unit(context, 82, run.stream) * 4)]!;
    rows.push(apRow(run.upn, run.urn, start, end, reason, outcome, run.status));
  }
  // Placements in 2022-23 of pupils back in mainstream school at the first census (a few moved between AP settings first).
  const joined = new Set(facts.joiners.map((j) => j.stream));
  const windowStart = terms[0]!.firstDay;
  for (const pupil of facts.firstCensus) {
    if (joined.has(pupil.stream) || pupil.nc < 6 || pupil.nc > 11 || !MAINSTREAM.has(pupil.kind)) continue;
    if (unit(context, 83, pupil.stream) >= (pupil.status === "K" ? 0.16 : 0.01)) continue;
    const start = LOCAL_FROM + Math.floor(unit(context, 84, pupil.stream) * (day(2023, 4, 28) - LOCAL_FROM));
    const end = Math.min(windowStart - 45, start + between(context, 30, 200, 85, pupil.stream));
    if (end - start < 20) continue;
    const reason = AP_REASONS.before[Math.floor(unit(context, 86, pupil.stream) * 3)]!;
    if (unit(context, 87, pupil.stream) < 0.3) {
      // First at another AP setting, then moved.
      const firstStart = start - between(context, 40, 150, 88, pupil.stream);
      if (firstStart >= LOCAL_FROM) rows.push(apRow(pupil.upn, facts.schools.ap(unit(context, 89, pupil.stream)).urn, firstStart, start - 1, reason, "OAP", pupil.status));
    }
    // Most went back to mainstream school; some moved (and came back to a school later, by the first census).
    const outcome = unit(context, 90, pupil.stream) < 0.7 ? "RTM" : "OTH";
    rows.push(apRow(pupil.upn, facts.schools.ap(unit(context, 91, pupil.stream)).urn, start, end, reason, outcome, pupil.status));
  }
  return rows;
}

/** When a run at a PRU began: as the census shows it, or (already there at the first census) some time before. */
function runStart(context: LocalContext, run: ApRun): Day {
  if (run.from !== undefined) return run.from;
  const first = context.facts.calendar.terms[run.firstTerm]!;
  if (run.dual) return first.firstDay;
  // Single registration at a PRU from year 5 at the earliest.
  const year5 = day(academicYear(first.date) - (run.nc - 5), 9, 4);
  return Math.min(first.firstDay, Math.max(year5, first.firstDay - between(context, 20, 700, 92, run.stream)));
}

// ---------------------------------------------------------------------------------------------
// Fair Access Panel decisions

/** Days from the panel's decision to the first day on roll: median about twelve. */
function fapLead(context: LocalContext, salt: number, stream: number): number {
  const roll = unit(context, 100, salt, stream);
  if (roll < 0.5) return between(context, 2, 12, 101, salt, stream);
  if (roll < 0.87) return between(context, 13, 30, 101, salt, stream);
  return between(context, 31, 75, 101, salt, stream);
}

function fapRow(upn: string, decision: Day, urn: string, firstDay: Day | undefined, status: string): LocalRow {
  return { cells: [upn, iso(decision), urn, iso(firstDay), status], sort: `${iso(decision)}|${upn}|${urn}` };
}

export function fairAccess(context: LocalContext): LocalRow[] {
  const rows: LocalRow[] = [];
  const { facts } = context;
  const schools = facts.schools;
  // Pupils placed after a permanent exclusion (the next mainstream school the census shows), or still waiting.
  for (const exclusion of facts.exclusions) {
    if (exclusion.next && MAINSTREAM.has(exclusion.next.kind)) {
      const decision = Math.max(exclusion.date + 1, exclusion.next.from - fapLead(context, 1, exclusion.stream));
      rows.push(fapRow(exclusion.upn, decision, exclusion.next.urn, exclusion.next.from, exclusion.status));
    } else if (!exclusion.next && exclusion.term === facts.calendar.terms.length - 1) {
      const decision = exclusion.date + between(context, 3, 10, 102, exclusion.stream);
      const school = exclusion.nc <= 6 ? schools.primary(unit(context, 103, exclusion.stream)) : schools.secondary(unit(context, 103, exclusion.stream));
      if (decision < EXTRACT_DATE && school.urn !== exclusion.urn) rows.push(fapRow(exclusion.upn, decision, school.urn, undefined, exclusion.status));
    }
  }
  // In-year admissions the census shows (after waiting for a place, or straight away).
  for (const joiner of facts.joiners) {
    const past = joinerPast(context, joiner);
    if (past !== "fap" && past !== "no-place") continue;
    // After waiting for a place: decided while waiting (the register spell), else a little before the first day.
    const waitFrom = past === "no-place" ? noPlaceStart(context, joiner) : undefined;
    const decision = Math.max(waitFrom ?? -Infinity, joiner.join - fapLead(context, 2, joiner.stream));
    rows.push(fapRow(joiner.upn, decision, joiner.urn, joiner.join, joiner.status));
  }
  // Pupils who left late in 2024 and are waiting: half have a panel decision, not yet on roll.
  for (const leaver of facts.leavers) {
    if (leaverFate(context, leaver) !== "waiting" || unit(context, 104, leaver.stream) >= 0.6) continue;
    if (EXTRACT_DATE - leaver.leave < 4) continue;
    const decision = leaver.leave + between(context, 3, Math.min(40, EXTRACT_DATE - leaver.leave - 1), 105, leaver.stream);
    const school = leaver.nc <= 6 ? schools.primary(unit(context, 106, leaver.stream)) : schools.secondary(unit(context, 106, leaver.stream));
    if (decision < EXTRACT_DATE && school.urn !== leaver.urn) rows.push(fapRow(leaver.upn, decision, school.urn, undefined, leaver.status));
  }
  // A few children with a plan moving mid-year to a Shropshire mainstream school.
  for (const child of context.children) {
    const upn = child.person.upn;
    if (!upn) continue;
    for (const spell of child.spells) {
      const establishment = spell.setting.establishment;
      if (!establishment || establishment.laCode !== LA_CODE || !spell.category.startsWith("MS_") || !schools.has(establishment.urn)) continue;
      if (spell.entry < LOCAL_FROM || spell.entry > EXTRACT_DATE || parts(spell.entry).month === 9 || sen2Status(context.seed, child, spell.entry) !== "E") continue;
      if (unit(context, 107, child.person.serial, spell.entry) >= 0.15) continue;
      const decision = spell.entry - fapLead(context, 3, child.person.serial);
      rows.push(fapRow(upn, Math.max(decision, child.plan.start), establishment.urn, spell.entry, "E"));
    }
  }
  // Placements in 2022-23 of pupils on roll at the first census (before the census window).
  const joined = new Set(facts.joiners.map((j) => j.stream));
  for (const pupil of facts.firstCensus) {
    if (joined.has(pupil.stream) || pupil.nc < 1 || pupil.nc > 11 || !MAINSTREAM.has(pupil.kind)) continue;
    if (unit(context, 108, pupil.stream) >= (pupil.status === "K" ? 0.12 : 0.055)) continue;
    const firstDay = context.days.onOrAfter(LOCAL_FROM + 30 + Math.floor(unit(context, 109, pupil.stream) * (day(2023, 7, 14) - LOCAL_FROM - 30)));
    if (firstDay === undefined) continue;
    rows.push(fapRow(pupil.upn, firstDay - fapLead(context, 4, pupil.stream), pupil.urn, firstDay, pupil.status));
  }
  return rows;
}
