// The figures the demo education extracts are calibrated to, at scale 1 (counts are multiplied by
// --scale). Rates come from Shropshire's (LA 893) West Midlands comparators in
// data/reference/comparators.csv (edu.attendance 2025/26 terms, edu.persistent_absence 2023/24 and
// 2024/25, edu.suspensions and edu.permanent_exclusions per term 2023/24-2024/25, by SEN status and
// phase). Pupil numbers follow Shropshire's published school population (about 41,000 pupils in
// state-funded schools, SEN support about 13.6%); DfE's sen_la.csv in the shared reference only has
// the children-in-need groups for Shropshire, so it gives no all-pupil totals.

import { day, type Day } from "./dates.js";

/** Termly school census days: autumn, spring and summer 2023/24, autumn and spring 2024/25 (the spring ones are SEN2 reference dates). */
export const CENSUS_DATES: readonly Day[] = [day(2023, 10, 5), day(2024, 1, 18), day(2024, 5, 16), day(2024, 10, 3), day(2025, 1, 16)];

export type SenStatus = "E" | "K" | "N";
export const SEN_STATUSES: readonly SenStatus[] = ["E", "K", "N"];
/** The phase a rate depends on: the pupil's school type, and in mainstream their national curriculum year. */
export type RatePhase = "primary" | "secondary" | "sixth" | "special" | "ap";

/**
 * Pupils without an SEN2 record in each cohort (by the September they start reception), before
 * --scale. With the SEN2 children on top, about 41,000 pupils at the January 2025 census.
 */
export const COHORT_SIZES: Record<number, number> = {
  2010: 3340, 2011: 3340, 2012: 3340, 2013: 3340, 2014: 3300, 2015: 3290, 2016: 3270, 2017: 3240,
  2018: 3190, 2019: 3130, 2020: 3080, 2021: 3030, 2022: 2980, 2023: 2930, 2024: 2870,
};
/** Year 11 pupils who stay on in a school sixth form (the rest go to college, training or work), and year 12s who go on to year 13. */
export const SIXTH_FORM_STAY = 0.36;
export const SIXTH_FORM_YEAR_13 = 0.9;

/** Share of pupils without an SEN2 record on SEN support, by national curriculum year (index 0 = reception .. 13). */
export const SEN_SUPPORT_BY_YEAR: readonly number[] = [0.063, 0.094, 0.115, 0.13, 0.141, 0.151, 0.151, 0.146, 0.141, 0.13, 0.125, 0.12, 0.068, 0.063];
/** Boys are identified about twice as often as girls. */
export const SEN_SUPPORT_SEX_FACTOR = { M: 1.3, F: 0.7 } as const;

/** Primary need of pupils on SEN support (DfE "Special educational needs in England", SEN support, shares %). */
export const SEN_SUPPORT_NEEDS: Record<"primary" | "secondary", Record<string, number>> = {
  primary: { SLCN: 33, SEMH: 17, MLD: 14, SPLD: 10, ASD: 9, OTH: 4, PD: 2.5, HI: 1.5, VI: 0.8, MSI: 0.3, SLD: 0.3, NSA: 2.5 },
  secondary: { SEMH: 25, SPLD: 22, MLD: 15, SLCN: 13, ASD: 10, OTH: 4, PD: 2, HI: 2, VI: 1, MSI: 0.3, SLD: 0.2, NSA: 2.5 },
};

/** Ethnicity of Shropshire's pupils (White British about 88%; DfE main codes). */
export const PUPIL_ETHNICITY: Record<string, number> = {
  WBRI: 880, WOTH: 30, MWBC: 12, MWAS: 8, MWBA: 5, MOTH: 9, WIRI: 3, WROM: 3, WIRT: 1.5, APKN: 5, AIND: 5, ABAN: 2,
  AOTH: 4, BAFR: 5, BCRB: 1, BOTH: 1, CHNE: 3, OOTH: 4, REFU: 6, NOBT: 8,
};
export const MALE_SHARE = 0.51;
/** Pupil premium (ever-6 free school meals and looked-after): about 20% of pupils, about a third of those with SEN. */
export const PUPIL_PREMIUM = { senProne: 0.34, other: 0.15, sen2Child: 0.4 };

/** Joiners and leavers: share of pupils who arrive in (or leave) Shropshire's schools during the 16 months simulated. */
export const MOBILITY = 0.04;
/** Pupils single-registered at a PRU (years 5-11), and pupils dual-registered at a PRU for one to three terms. */
export const PRU_SHARE = 0.0025;
export const DUAL_SHARE = 0.0006;

/**
 * Mean share of possible sessions missed, by SEN status and phase: the comparators' autumn and spring
 * 2025/26 attendance (EHC plan primary 89.1%, secondary 79.7%, special 83.1%; SEN support primary
 * 92.7%, secondary 85.6%; no SEN primary 94.9%, secondary 91.5%), tuned so the generated rates land there.
 */
export const MEAN_ABSENCE: Record<SenStatus, Record<RatePhase, number>> = {
  E: { primary: 0.106, secondary: 0.215, sixth: 0.15, special: 0.195, ap: 0.26 },
  K: { primary: 0.072, secondary: 0.146, sixth: 0.11, special: 0.16, ap: 0.26 },
  N: { primary: 0.05, secondary: 0.085, sixth: 0.08, special: 0.1, ap: 0.24 },
};
/** Term effect on absence: autumn a little lower, summer a little higher. */
export const TERM_ABSENCE = { autumn: 0.93, spring: 1.02, summer: 1.06 } as const;
/** Spread of absence between pupils (lognormal sigma) and of one pupil between terms. */
export const ABSENCE_SPREAD = { pupil: 1.35, term: 0.3 };
/** Share of absence that is unauthorised. */
export const UNAUTHORISED_SHARE: Record<SenStatus, number> = { E: 0.3, K: 0.34, N: 0.3 };

/** Share of pupils with one or more suspensions in a full term (comparators 2023/24-2024/25, by phase). */
export const SUSPENSION_RATE: Record<SenStatus, Record<RatePhase, number>> = {
  E: { primary: 0.05, secondary: 0.125, sixth: 0.035, special: 0.04, ap: 0.12 },
  K: { primary: 0.016, secondary: 0.088, sixth: 0.022, special: 0.03, ap: 0.11 },
  N: { primary: 0.001, secondary: 0.033, sixth: 0.007, special: 0.03, ap: 0.09 },
};
/** Chance of one more suspension in the same term, given one (repeat suspensions). */
export const REPEAT_SUSPENSION: Record<SenStatus, number> = { E: 0.34, K: 0.32, N: 0.22 };
/**
 * Permanent exclusions per pupil per full term, for pupils without an SEN2 record (comparators per 100:
 * SEN support primary 0.03, secondary 0.23; no SEN primary 0.002, secondary 0.07). EHC plan pupils are
 * excluded only where their SEN2 placement shows them leaving the school mid-year (see sen2-pupils.ts).
 */
export const PERMANENT_RATE: Record<"K" | "N", Record<"primary" | "secondary" | "sixth", number>> = {
  K: { primary: 0.0004, secondary: 0.0026, sixth: 0.0003 },
  N: { primary: 0.00003, secondary: 0.0008, sixth: 0.0001 },
};
/** Chance that an EHC plan pupil's mid-year move out of a mainstream school followed a permanent exclusion. */
export const EHCP_MOVE_AFTER_EXCLUSION = 0.07;

/** DfE exclusion reason codes and how often each is given. */
export const SUSPENSION_REASONS: Record<string, number> = {
  DB: 36, PP: 14, VA: 13, PA: 9, VP: 8, OT: 6, DM: 4, DA: 3, BU: 2, RA: 2, TH: 2, SM: 1,
};
export const PERMANENT_REASONS: Record<string, number> = { PA: 25, PP: 22, DB: 25, DA: 10, VA: 6, OT: 6, DM: 3, BU: 3 };
/** Sessions a suspension lasts (two per day): mostly one or two days. */
export const SUSPENSION_SESSIONS: Record<number, number> = { 1: 8, 2: 44, 3: 4, 4: 21, 5: 1, 6: 10, 8: 4, 10: 8 };

/**
 * High-needs top-up funding: share of pupils on SEN support at the newest census given an agreement
 * (others on SEN support earlier: `earlierFactor` times that), SEN2 children before or without a plan,
 * and the share of agreements for pupils still on SEN support that have nevertheless ended.
 */
export const TOP_UP = { share: 0.04, sen2Share: 0.12, earlierFactor: 0.35, endedShare: 0.15, earliest: day(2022, 1, 4) };

/** Published comparators for the summary (Shropshire, West Midlands LA tables). */
export const COMPARATORS = {
  attendance: { E: 84.9, K: 89.4, N: 93.3, label: "2025/26 autumn+spring" },
  persistentAbsence: { E: 36.5, K: 26.6, N: 15.9, label: "2023/24-2024/25 annual" },
  suspensionsPct: { E: 6.3, K: 4.8, N: 1.5 },
  permanentPer100: { E: 0.11, K: 0.12, N: 0.03 },
};
