// The four register extracts (one spell per row: UPN, StartDate, EndDate, Reason):
// - elective home education: the SEN2 placement spells at setting EHE (entry and leaving dates), with
//   three deliberate disagreements with SEN2 at a reference date, plus pupils who left the census for
//   home education and pupils who joined it from home education;
// - EOTAS: the SEN2 spells at setting OLA (s61 arrangements);
// - children without a school place: the SEN2 spells at NIEO/NIEC (ending on the first day at the next
//   setting), children with an EHC plan between a permanent exclusion and their next setting, pupils
//   between a permanent exclusion and their next school (as the census shows both), pupils who joined
//   the census after waiting for a place, and pupils who left late in 2024 and are still waiting;
// - children missing education: pupils who went missing after leaving the census or before joining it,
//   pupils missing for a while in 2022-23 (before the census window), and children with an EHC plan
//   whose SEN2 placement is unknown (one of them in year 12).

import { REFERENCE_DATES } from "./calibration.js";
import { academicYear, day, type Day } from "./dates.js";
import { between, EXTRACT_DATE, iso, joinerPast, leaverFate, noPlaceStart, unit, type LocalContext, type LocalRow } from "./local-context.js";
import { isEstablishment, nextSpell, type Sen2Child, type Sen2Spell } from "./local-sen2.js";
import { ncYear, receptionYear } from "./pupils.js";

export const REGISTER_HEADER = ["UPN", "StartDate", "EndDate", "Reason"];

const REASONS = {
  ehe: ["Parental preference", "Dissatisfied with the school", "Health or anxiety", "Philosophical or religious", "Bullying", "Not given"],
  eheSend: ["SEND needs not met at school", "Health or anxiety", "Parental preference", "Awaiting a specialist place"],
  eotas: ["Medical needs", "Tuition package", "Anxiety-related absence", "Bespoke s61 package", "Awaiting a specialist place"],
  noPlace: { sen2: "Awaiting a school place", excluded: "Permanently excluded", joined: "Moved into the area", waiting: "Left previous school; place requested" },
  cme: ["Left school; destination not known", "Not on roll at any school", "Moved into the area; not on roll", "Did not start at the allocated school", "Family not at known address"],
};

const pick = <T>(context: LocalContext, items: readonly T[], salt: number, ...parts: number[]): T => items[Math.floor(unit(context, salt, ...parts) * items.length)]!;

function row(upn: string, start: Day, end: Day | undefined, reason: string, problem?: LocalRow["problem"]): LocalRow {
  return { cells: [upn, iso(start), iso(end), reason], sort: `${iso(start)}|${upn}`, problem };
}

/**
 * The end of a SEN2 spell as a register would record it: the leaving date. A spell SEN2 leaves open ends
 * the day before the child is next on a school roll in the census (a plan that ceased because needs were
 * met: back at school; or exports that disagree), or when the plan ceased if the spell ends with it
 * (EOTAS, or a cease no export shows yet: SEN2 still has the plan, so an open spell would disagree).
 */
function spellEnd(context: LocalContext, child: Sen2Child, spell: Sen2Spell, start: Day, endsWithPlan: boolean): Day | undefined {
  if (spell.leaving !== undefined) return spell.leaving;
  let end: Day | undefined;
  const onRoll = context.facts.sen2OnRoll.get(child.person.serial);
  const terms = context.facts.calendar.terms;
  if (onRoll) {
    for (let t = 0; t < terms.length && end === undefined; t++) {
      if (terms[t]!.date > start && onRoll.mask & (1 << t)) end = Math.max(start, (onRoll.from[t] ?? terms[t]!.firstDay) - 1);
    }
  }
  const cease = child.plan.cease;
  if (cease !== undefined && cease <= EXTRACT_DATE && (endsWithPlan || !child.ceaseShown)) end = Math.min(end ?? Infinity, cease);
  return end;
}

/**
 * When a register spell from a SEN2 spell starts: the entry date, unless that is before the plan and the
 * census still has the child on roll before the plan (sen2-pupils.ts puts a child without an active plan
 * at a mainstream school): then after that census term (and by the plan's start at the latest).
 */
function registerStart(context: LocalContext, child: Sen2Child, entry: Day): Day {
  if (entry >= child.plan.start) return entry;
  const onRoll = context.facts.sen2OnRoll.get(child.person.serial);
  if (!onRoll) return entry;
  let start = entry;
  context.facts.calendar.terms.forEach((term, t) => {
    if (onRoll.mask & (1 << t) && term.date >= entry && term.date < child.plan.start) start = Math.max(start, Math.min(term.windowEnd + 1, child.plan.start));
  });
  return start;
}

/** The stretch around reference date k when a child's SEN2 placement is unknown: after the last setting left, before the next one. */
export function unknownWindow(child: Sen2Child, k: number): { from: Day; to?: Day } {
  const reference = REFERENCE_DATES[k]!;
  let from = Math.max(child.plan.start, reference - 200);
  let to = child.plan.cease !== undefined ? child.plan.cease - 1 : undefined;
  for (const spell of child.spells) {
    if (spell.category === "UNK" && spell.entry <= reference) from = Math.max(child.plan.start, spell.entry);
    else if (spell.entry <= reference && spell.leaving !== undefined && spell.leaving < reference) from = Math.max(from, spell.leaving + 1);
    else if (spell.entry > reference) {
      to = Math.min(to ?? Infinity, spell.entry - 1);
      break;
    }
  }
  return { from, to };
}

const schoolAge = (child: Sen2Child, on: Day) => {
  const nc = ncYear(child.person.birth, on);
  return nc >= 0 && nc <= 11;
};

// ---------------------------------------------------------------------------------------------
// Elective home education

export interface Disagreements {
  /** SEN2 (2024) says home educated; the register's spell starts after the reference date. */
  lateStart?: Sen2Child;
  /** SEN2 (2023) says home educated; the register's spell ended before the reference date. */
  earlyEnd?: Sen2Child;
  /** SEN2 (2024) says placement unknown; the register has the child home educated then. */
  unknownInSen2?: Sen2Child;
}

/** The children of the deliberate disagreements: the first eligible ones in a fixed hash order. */
export function chooseDisagreements(context: LocalContext): Disagreements {
  const first = (salt: number, eligible: (child: Sen2Child) => boolean) => {
    let best: Sen2Child | undefined;
    let bestRoll = Infinity;
    for (const child of context.children) {
      if (!child.person.upn || !eligible(child)) continue;
      const roll = unit(context, salt, child.person.serial);
      if (roll < bestRoll) (best = child), (bestRoll = roll);
    }
    return best;
  };
  const eheSpellAt = (child: Sen2Child, k: number) => child.spells.find((s) => s.category === "EHE" && s.entry <= REFERENCE_DATES[k]! && (s.leaving ?? Infinity) >= REFERENCE_DATES[k]!);
  return {
    lateStart: first(10, (child) => child.atReference[1] === "EHE" && (eheSpellAt(child, 1)?.leaving ?? Infinity) > REFERENCE_DATES[1]! + 60),
    earlyEnd: first(11, (child) => child.atReference[0] === "EHE" && (eheSpellAt(child, 0)?.entry ?? Infinity) < REFERENCE_DATES[0]! - 60),
    unknownInSen2: first(12, (child) => child.atReference[1] === "UNK" && schoolAge(child, REFERENCE_DATES[1]!) && !child.spells.some((s) => s.category === "EHE")
      && unknownWindow(child, 1).from < REFERENCE_DATES[1]! - 30),
  };
}

export function eheRegister(context: LocalContext, disagreements: Disagreements): LocalRow[] {
  const rows: LocalRow[] = [];
  const [r2023, r2024] = [REFERENCE_DATES[0]!, REFERENCE_DATES[1]!];
  for (const child of context.children) {
    const upn = child.person.upn;
    if (!upn) continue;
    const serial = child.person.serial;
    for (const spell of child.spells) {
      if (spell.category !== "EHE") continue;
      let start = registerStart(context, child, spell.entry);
      let end = spellEnd(context, child, spell, start, false);
      let problem: LocalRow["problem"];
      if (child === disagreements.lateStart && start <= r2024 && (end ?? Infinity) >= r2024) {
        start = r2024 + between(context, 6, 25, 13, serial);
        problem = {
          column: "sensetting", value: "EHE", text: `register-disagrees: SEN2 has the child home educated on ${iso(r2024)}; the EHE register spell only starts on ${iso(start)}`,
          sen2: { census: 1, requestKey: child.request.key, setting: "EHE" },
        };
      } else if (child === disagreements.earlyEnd && start <= r2023 && (end ?? Infinity) >= r2023) {
        end = r2023 - between(context, 5, 30, 14, serial);
        problem = {
          column: "sensetting", value: "EHE", text: `register-disagrees: SEN2 has the child home educated on ${iso(r2023)}; the EHE register spell ended on ${iso(end)}`,
          sen2: { census: 0, requestKey: child.request.key, setting: "EHE" },
        };
      }
      rows.push(row(upn, start, end, pick(context, REASONS.eheSend, 15, serial, spell.entry), problem));
    }
    if (child === disagreements.unknownInSen2) {
      const window = unknownWindow(child, 1);
      const start = Math.max(window.from, r2024 - between(context, 20, 120, 16, serial));
      let end: Day | undefined = Math.min(window.to ?? Infinity, r2024 + between(context, 20, 150, 17, serial));
      if (end >= EXTRACT_DATE) end = undefined;
      rows.push(row(upn, start, end, "SEND needs not met at school", {
        column: "StartDate", value: iso(start), text: `register-disagrees: the EHE register spell covers ${iso(r2024)}, when SEN2 has the child's placement unknown`,
      }));
    }
  }
  // Pupils who left the census for home education (most still home educated at the newest census).
  for (const leaver of context.facts.leavers) {
    if (leaverFate(context, leaver) !== "ehe") continue;
    const start = leaver.leave + between(context, 0, 3, 20, leaver.stream);
    let end: Day | undefined = unit(context, 21, leaver.stream) < 0.15 ? start + between(context, 60, 400, 22, leaver.stream) : undefined;
    if (end !== undefined && end >= EXTRACT_DATE) end = undefined;
    if (start >= EXTRACT_DATE) continue;
    rows.push(row(leaver.upn, start, end, pick(context, REASONS.ehe, 23, leaver.stream)));
  }
  // Pupils who joined the census from home education.
  for (const joiner of context.facts.joiners) {
    if (joinerPast(context, joiner) !== "ehe") continue;
    const schoolStart = day(receptionYear(joiner.birth), 9, 1);
    const start = Math.max(schoolStart, joiner.join - between(context, 60, 900, 24, joiner.stream));
    if (joiner.join - start < 30) continue;
    rows.push(row(joiner.upn, start, joiner.join - 1, pick(context, REASONS.ehe, 25, joiner.stream)));
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// EOTAS (s61 arrangements)

export function eotasRegister(context: LocalContext): LocalRow[] {
  const rows: LocalRow[] = [];
  for (const child of context.children) {
    const upn = child.person.upn;
    if (!upn) continue;
    for (const spell of child.spells) {
      if (spell.category !== "OLA") continue;
      const start = registerStart(context, child, spell.entry);
      rows.push(row(upn, start, spellEnd(context, child, spell, start, true), pick(context, REASONS.eotas, 30, child.person.serial, spell.entry)));
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Children without a school place

const NO_PLACE = new Set(["NIEO", "NIEC"]);

export function noPlaceRegister(context: LocalContext): LocalRow[] {
  const rows: LocalRow[] = [];
  const days = context.days;
  for (const child of context.children) {
    const upn = child.person.upn;
    if (!upn) continue;
    const spells = child.spells;
    for (let i = 0; i < spells.length; i++) {
      if (!NO_PLACE.has(spells[i]!.category)) continue;
      // Consecutive NIEC/NIEO spells are one stretch without a place.
      let j = i;
      while (j + 1 < spells.length && NO_PLACE.has(spells[j + 1]!.category)) j++;
      const last = spells[j]!;
      const next = nextSpell(child, last);
      // Off the register on the first day at the next setting (or when the plan ceased, the case closing).
      const start = registerStart(context, child, spells[i]!.entry);
      const open = next || last.leaving !== undefined ? undefined : spellEnd(context, child, last, start, true);
      const end = next ? next.entry : last.leaving !== undefined ? last.leaving + 1 : open === undefined ? undefined : open + 1;
      rows.push(row(upn, start, end, REASONS.noPlace.sen2));
      i = j;
    }
  }
  // Children with an EHC plan between a permanent exclusion and the next setting SEN2 shows.
  for (const exclusion of context.facts.ehcpExclusions) {
    const child = context.bySerial.get(exclusion.serial);
    if (!child?.person.upn) continue;
    const left = child.spells.find((s) => s.setting.establishment?.urn === exclusion.urn && s.leaving !== undefined && s.leaving >= exclusion.date && s.leaving - exclusion.date <= 14);
    const next = left && nextSpell(child, left);
    if (!next || !isEstablishment(next) || days.countBetween(exclusion.date + 1, next.entry) < 1) continue;
    rows.push(row(child.person.upn, exclusion.date + 1, next.entry, REASONS.noPlace.excluded));
  }
  // Pupils between a permanent exclusion and their next school (the census shows both).
  for (const exclusion of context.facts.exclusions) {
    const start = exclusion.date + 1;
    if (exclusion.next && exclusion.next.from > start) rows.push(row(exclusion.upn, start, exclusion.next.from, REASONS.noPlace.excluded));
    else if (!exclusion.next && exclusion.term === context.facts.calendar.terms.length - 1) rows.push(row(exclusion.upn, start, undefined, REASONS.noPlace.excluded));
  }
  // Pupils who joined after waiting for a place (school days waited: varied, two of exactly 15).
  for (const joiner of context.facts.joiners) {
    const start = joinerPast(context, joiner) === "no-place" ? noPlaceStart(context, joiner) : undefined;
    if (start !== undefined) rows.push(row(joiner.upn, start, joiner.join, REASONS.noPlace.joined));
  }
  // Pupils who left late in 2024 and are still waiting for a new place at the newest census.
  for (const leaver of context.facts.leavers) {
    if (leaverFate(context, leaver) !== "waiting" || leaver.leave >= EXTRACT_DATE) continue;
    rows.push(row(leaver.upn, leaver.leave, undefined, REASONS.noPlace.waiting));
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Children missing education

const OUT_OF_EDUCATION = new Set(["UNK", "NEET", "NIEC", "NIEO"]);

/** The stretch around reference date k when SEN2 has the child out of education: placement unknown, or the NEET/NIEC/NIEO spell. */
function outOfEducationWindow(child: Sen2Child, k: number): { from: Day; to?: Day } {
  if (child.atReference[k] === "UNK") return unknownWindow(child, k);
  const reference = REFERENCE_DATES[k]!;
  const spell = child.spells.find((s) => s.entry <= reference && (s.leaving ?? Infinity) >= reference)!;
  return { from: Math.max(spell.entry, child.plan.start), to: spell.leaving ?? (child.plan.cease === undefined ? undefined : child.plan.cease - 1) };
}

/** The CME register holds at least one child with a plan in year 12 (which the NCY 0-11 KPI leaves out): the first SEN2 has out of education then. */
function firstInYear12(context: LocalContext, exclude: ReadonlySet<Sen2Child>): { child: Sen2Child; k: number } | undefined {
  for (const preferUnknown of [true, false]) {
    for (const child of context.children) {
      if (!child.person.upn || exclude.has(child)) continue;
      for (let k = REFERENCE_DATES.length - 1; k >= 0; k--) {
        const category = child.atReference[k];
        if (category === undefined || (preferUnknown ? category !== "UNK" : !OUT_OF_EDUCATION.has(category))) continue;
        if (ncYear(child.person.birth, REFERENCE_DATES[k]!) === 12) return { child, k };
      }
    }
  }
  return undefined;
}

/** Chance of a spell missing education before the census window (2022 to summer 2023), per pupil of the first-census sample (local-census.ts). */
const CME_BEFORE_WINDOW = { K: 0.1, N: 0.036 };
/** Children with a plan whose SEN2 placement is unknown at a reference date, of compulsory school age: share on the CME register. */
const CME_UNKNOWN_PLACEMENT = 0.15;
/** Spells missing education before the census window start from here (some were open in January 2022). */
const CME_BEFORE_FROM = day(2021, 10, 1);

export function cmeRegister(context: LocalContext, exclude: ReadonlySet<Sen2Child>): LocalRow[] {
  const rows: LocalRow[] = [];
  const { facts } = context;
  const windowStart = facts.calendar.terms[0]!.firstDay;
  for (const leaver of facts.leavers) {
    if (leaverFate(context, leaver) !== "cme") continue;
    const start = leaver.leave + between(context, 3, 20, 50, leaver.stream);
    let end: Day | undefined = start + between(context, 15, 200, 51, leaver.stream);
    if (start >= EXTRACT_DATE) continue;
    if (end >= EXTRACT_DATE) end = undefined;
    rows.push(row(leaver.upn, start, end, pick(context, REASONS.cme.slice(0, 2), 52, leaver.stream)));
  }
  for (const joiner of facts.joiners) {
    if (joinerPast(context, joiner) !== "cme") continue;
    const end = joiner.join - between(context, 1, 6, 53, joiner.stream);
    const start = Math.max(day(receptionYear(joiner.birth), 9, 1), end - between(context, 15, 200, 54, joiner.stream));
    if (end - start < 10) continue;
    rows.push(row(joiner.upn, start, end, pick(context, REASONS.cme.slice(2), 55, joiner.stream)));
  }
  const joined = new Set(facts.joiners.map((j) => j.stream));
  for (const pupil of facts.firstCensus) {
    if (joined.has(pupil.stream) || pupil.nc < 1) continue;
    if (unit(context, 56, pupil.stream) >= CME_BEFORE_WINDOW[pupil.status === "K" ? "K" : "N"]) continue;
    const start = CME_BEFORE_FROM + Math.floor(unit(context, 57, pupil.stream) * (day(2023, 6, 30) - CME_BEFORE_FROM));
    const end = Math.min(windowStart - 5, start + between(context, 15, 180, 58, pupil.stream));
    if (end - start < 10 || start < day(receptionYear(pupil.birth), 9, 1)) continue;
    rows.push(row(pupil.upn, start, end, pick(context, REASONS.cme.slice(0, 2), 59, pupil.stream)));
  }
  // Children with a plan whose placement SEN2 has as unknown: some missing education then (one spell each).
  const year12 = firstInYear12(context, exclude);
  for (const child of context.children) {
    const upn = child.person.upn;
    if (!upn || exclude.has(child)) continue;
    const serial = child.person.serial;
    for (let k = REFERENCE_DATES.length - 1; k >= 0; k--) {
      const forced = year12?.child === child && year12.k === k;
      if (child.atReference[k] !== "UNK" && !forced) continue;
      const reference = REFERENCE_DATES[k]!;
      const nc = ncYear(child.person.birth, reference);
      if (!forced && (nc < 1 || nc > 11 || unit(context, 60, serial, k) >= CME_UNKNOWN_PLACEMENT)) continue;
      // Some time while out of education (not always over the reference date: CME is not a SEN2 setting).
      const window = outOfEducationWindow(child, k);
      // The year-12 child is missing during year 12 itself (from the September of that school year).
      const start = Math.max(window.from, reference - between(context, 10, 200, 61, serial), forced ? day(academicYear(reference), 9, 1) : -Infinity);
      let end: Day | undefined = Math.min(window.to ?? Infinity, start + between(context, 20, 160, 62, serial));
      if (end >= EXTRACT_DATE) end = undefined;
      rows.push(row(upn, start, end, pick(context, REASONS.cme.slice(0, 2), 63, serial)));
      break;
    }
  }
  return rows;
}
