// Shared inputs of the local extracts (placements, registers, post-16), and the few choices that tie
// several files together: what became of a pupil who left the census (home education, missing, waiting
// for a place, moved away) and what came before a pupil who joined it. Every choice is a hash of
// (seed, salt, pupil stream): no generator state is shared with the SEN2 or education output, so
// adding these files changes none of the existing ones.

import { REFERENCE_DATES } from "./calibration.js";
import { day, isoDate, type Day } from "./dates.js";
import type { CensusFacts, Joiner, Leaver } from "./local-census.js";
import type { Sen2Child } from "./local-sen2.js";
import type { PlacementHistory } from "./placements.js";
import { hashUnit } from "./random.js";
import type { SchoolDays } from "./school-days.js";

/** The newest reference date: the extracts are taken then (nothing later is known). */
export const EXTRACT_DATE: Day = REFERENCE_DATES[REFERENCE_DATES.length - 1]!;
/** The local extracts start in January 2022 (the first SEN2 return covers 2022). */
export const LOCAL_FROM: Day = day(2022, 1, 4);

export interface LocalContext {
  seed: number;
  scale: number;
  children: Sen2Child[];
  bySerial: Map<number, Sen2Child>;
  facts: CensusFacts;
  days: SchoolDays;
  history: PlacementHistory;
}

/** A uniform number in [0, 1) for a choice about one pupil or child (salts keep choices independent). */
export function unit(context: LocalContext, salt: number, ...parts: number[]): number {
  return hashUnit(context.seed, 0x10ca1, salt, ...parts);
}

/** A whole number in [min, max] from a hash. */
export function between(context: LocalContext, min: number, max: number, salt: number, ...parts: number[]): number {
  return min + Math.floor(unit(context, salt, ...parts) * (max - min + 1));
}

export type LeaverFate = "ehe" | "cme" | "waiting" | "moved";

/** What became of a pupil who left the census: home educated, missing, waiting for a new school place, or moved away. */
export function leaverFate(context: LocalContext, leaver: Leaver): LeaverFate {
  const roll = unit(context, 1, leaver.stream);
  const k = leaver.status === "K";
  if (roll < (k ? 0.3 : 0.11)) return "ehe";
  if (roll < (k ? 0.35 : 0.135)) return "cme";
  // Only those who left after the last census but one can still be waiting at the newest census.
  const last = context.facts.calendar.terms.length - 1;
  if (leaver.term === last - 1 && roll < (k ? 0.49 : 0.185)) return "waiting";
  return "moved";
}

export type JoinerPast = "ehe" | "cme" | "no-place" | "fap" | "none";

/** What came before a pupil joined the census (of compulsory school age): home education, missing, waiting for a place, a Fair Access placement. */
export function joinerPast(context: LocalContext, joiner: Joiner): JoinerPast {
  if (joiner.nc < 0 || joiner.nc > 11) return "none";
  const roll = unit(context, 2, joiner.stream);
  const k = joiner.status === "K";
  if (joiner.nc >= 1 && roll < (k ? 0.12 : 0.06)) return "ehe";
  if (roll < (k ? 0.17 : 0.08)) return "cme";
  if (roll < (k ? 0.29 : 0.1)) return "no-place";
  if (roll < (k ? 0.47 : 0.145)) return "fap";
  return "none";
}

/** School days a pupil who joined after waiting for a place waited: varied, never 15 (see noPlaceStart). */
function waitingDays(context: LocalContext, stream: number): number {
  const roll = unit(context, 40, stream);
  const days = roll < 0.4 ? between(context, 2, 14, 41, stream) : roll < 0.85 ? between(context, 16, 45, 41, stream) : between(context, 46, 90, 41, stream);
  return days === 15 ? 16 : days;
}

const waits = new WeakMap<LocalContext, Map<number, Day>>();

/**
 * When a pupil who joined after waiting for a place (joinerPast "no-place") began waiting: so many school
 * days before the first day on roll; the first two on SEN support waited exactly 15 school days (the
 * boundary of "more than 15 school days"). Undefined when that falls before the term dates file.
 */
export function noPlaceStart(context: LocalContext, joiner: Joiner): Day | undefined {
  let starts = waits.get(context);
  if (!starts) {
    starts = new Map();
    let exactly15 = 0;
    for (const candidate of context.facts.joiners) {
      if (joinerPast(context, candidate) !== "no-place") continue;
      let wait = waitingDays(context, candidate.stream);
      if (candidate.status === "K" && exactly15 < 2) (wait = 15), exactly15++;
      const start = context.days.before(candidate.join, wait);
      if (start !== undefined && start >= LOCAL_FROM) starts.set(candidate.stream, start);
    }
    waits.set(context, starts);
  }
  return starts.get(joiner.stream);
}

/** One output row: its cells in header order, the key it is sorted by, and a deliberate problem it carries. */
export interface LocalRow {
  cells: string[];
  sort: string;
  problem?: {
    column: string;
    value: string;
    text: string;
    /**
     * A disagreement the pipeline reports against the SEN2 side (rule register-disagrees): the child's
     * rank-1 placement row of that setting in the export of reference date `census`, found by native id.
     */
    sen2?: { census: number; requestKey: string; setting: string };
  };
}

/** ISO date, blank for none. */
export const iso = (value: Day | undefined): string => (value === undefined ? "" : isoDate(value));
