// Published Shropshire (LA 893) figures the demo is calibrated to: DfE "Education, health and care
// plans" 2025 release (caseload at the January census; process figures by calendar year). Read from
// /work/shared/reference/dfe-ehcp-2025 and /work/shared/spec/shropshire-published-profile.md.
// Everything here is at scale 1; the generator multiplies counts by --scale.

import { day, type Day } from "./dates.js";

export const LA_CODE = "893";
export const LA_NAME = "Shropshire";

/** January census days of the three annual returns (the exports' reference dates). */
export const REFERENCE_DATES: readonly Day[] = [day(2023, 1, 19), day(2024, 1, 18), day(2025, 1, 16)];
export const EXPORT_YEARS = [2023, 2024, 2025] as const;

/** EHC plans maintained at each January census. */
export const ACTIVE_PLANS: Record<number, number> = { 2023: 1946, 2024: 2496, 2025: 3016 };

/** Plans by age (full years on the reference date) at January 2025; index = age. "Under 3" is put at age 2. */
export const AGES_2025: readonly number[] = [
  0, 0, 3, 46, 144, 149, 173, 183, 183, 199, 211, 204, 209, 193, 207, 232, 200, 161, 132, 71, 54, 31, 17, 6, 7, 1,
];
export const MAX_AGE = 25;

/**
 * Where a child is placed (rank-1 placement), at the grain of DfE's caseload columns. The order is
 * the quantile order: a child keeps one latent position in [0, 1) and takes the category covering it
 * at their age, so neighbours in this list are the moves children make as they grow up
 * (nursery -> maintained primary -> academy secondary -> college; special school -> specialist post-16).
 */
export const PLACEMENT_CATEGORIES = [
  "EYP", "MS_LA", "MS_LA_RP", "MS_FR", "MS_FR_RP", "MS_AC", "MS_AC_RP", "MS_IND", "WELSH", "FE_GFE", "FE_UKRLP",
  "OPA", "EHE", "OTH", "UNK", "NEET", "NIEO", "NIEC", "OLA", "AP", "FE_SPI", "SP_IND", "SP_NM", "SP_LA", "SP_AC",
] as const;
export type PlacementCategory = (typeof PLACEMENT_CATEGORIES)[number];

/** Column order of the by-age tables below (as DfE's caseload file lists them). */
const TABLE_COLUMNS: readonly PlacementCategory[] = [
  "MS_LA", "MS_LA_RP", "MS_AC", "MS_AC_RP", "MS_FR", "MS_FR_RP", "MS_IND", "SP_LA", "SP_AC", "SP_IND", "SP_NM", "AP",
  "FE_GFE", "FE_SPI", "FE_UKRLP", "EHE", "OLA", "OPA", "WELSH", "OTH", "NEET", "NIEC", "NIEO", "EYP", "UNK",
];

/** Published placement totals at each census (caseload.csv, "All EHC plans"). */
export const PLACEMENT_TOTALS: Record<number, Record<PlacementCategory, number>> = {
  2023: { MS_LA: 231, MS_LA_RP: 29, MS_AC: 438, MS_AC_RP: 43, MS_FR: 1, MS_FR_RP: 0, MS_IND: 9, SP_LA: 32, SP_AC: 462, SP_IND: 106, SP_NM: 1, AP: 5, FE_GFE: 297, FE_SPI: 35, FE_UKRLP: 37, EHE: 4, OLA: 11, OPA: 19, WELSH: 0, OTH: 26, NEET: 1, NIEC: 45, NIEO: 2, EYP: 24, UNK: 88 },
  2024: { MS_LA: 306, MS_LA_RP: 33, MS_AC: 595, MS_AC_RP: 58, MS_FR: 2, MS_FR_RP: 0, MS_IND: 15, SP_LA: 40, SP_AC: 526, SP_IND: 166, SP_NM: 1, AP: 3, FE_GFE: 316, FE_SPI: 37, FE_UKRLP: 100, EHE: 36, OLA: 32, OPA: 0, WELSH: 0, OTH: 50, NEET: 69, NIEC: 0, NIEO: 15, EYP: 60, UNK: 36 },
  2025: { MS_LA: 355, MS_LA_RP: 37, MS_AC: 871, MS_AC_RP: 84, MS_FR: 5, MS_FR_RP: 3, MS_IND: 22, SP_LA: 39, SP_AC: 571, SP_IND: 238, SP_NM: 1, AP: 18, FE_GFE: 287, FE_SPI: 45, FE_UKRLP: 80, EHE: 0, OLA: 32, OPA: 46, WELSH: 49, OTH: 32, NEET: 37, NIEC: 0, NIEO: 0, EYP: 40, UNK: 124 },
};

/** Placements by age (rows: age 2 = "under 3" .. 25), columns in TABLE_COLUMNS order. */
const BY_AGE_ROWS: Record<2024 | 2025, readonly (readonly number[])[]> = {
  2024: [
    /*  2 */ [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0],
    /*  3 */ [2, 0, 9, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 38, 0],
    /*  4 */ [25, 4, 36, 3, 0, 0, 0, 1, 27, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 15, 3],
    /*  5 */ [30, 5, 40, 3, 0, 0, 0, 1, 25, 2, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0],
    /*  6 */ [48, 1, 38, 2, 0, 0, 0, 3, 29, 6, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 2, 1, 0],
    /*  7 */ [42, 3, 38, 0, 0, 0, 0, 1, 25, 9, 0, 0, 0, 0, 3, 3, 1, 0, 0, 2, 0, 0, 0, 0, 1],
    /*  8 */ [56, 6, 38, 1, 2, 0, 2, 2, 23, 12, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2],
    /*  9 */ [41, 7, 47, 0, 0, 0, 0, 2, 24, 10, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 7],
    /* 10 */ [44, 7, 30, 0, 0, 0, 0, 1, 45, 7, 0, 1, 0, 0, 1, 2, 2, 0, 0, 4, 0, 0, 1, 0, 1],
    /* 11 */ [5, 0, 60, 10, 0, 0, 1, 6, 67, 9, 0, 0, 0, 0, 0, 2, 2, 0, 0, 3, 0, 0, 2, 0, 5],
    /* 12 */ [2, 0, 55, 6, 0, 0, 2, 3, 58, 9, 0, 0, 0, 0, 3, 3, 2, 0, 0, 7, 0, 0, 0, 0, 3],
    /* 13 */ [6, 0, 52, 13, 0, 0, 1, 3, 40, 15, 0, 1, 0, 0, 0, 7, 1, 0, 0, 13, 0, 0, 2, 0, 5],
    /* 14 */ [2, 0, 77, 10, 0, 0, 1, 6, 55, 26, 0, 0, 0, 0, 4, 1, 2, 0, 0, 5, 0, 0, 2, 0, 0],
    /* 15 */ [3, 0, 58, 10, 0, 0, 3, 6, 39, 35, 1, 1, 0, 0, 4, 7, 6, 0, 0, 4, 2, 0, 2, 0, 1],
    /* 16 */ [0, 0, 9, 0, 0, 0, 2, 1, 21, 14, 0, 0, 76, 2, 32, 2, 0, 0, 0, 3, 4, 0, 0, 0, 2],
    /* 17 */ [0, 0, 5, 0, 0, 0, 1, 3, 26, 7, 0, 0, 60, 5, 18, 0, 10, 0, 0, 1, 12, 0, 1, 0, 0],
    /* 18 */ [0, 0, 2, 0, 0, 0, 2, 1, 17, 5, 0, 0, 66, 3, 12, 0, 1, 0, 0, 3, 15, 0, 1, 0, 4],
    /* 19 */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 55, 7, 9, 0, 0, 0, 0, 1, 13, 0, 1, 0, 2],
    /* 20 */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 29, 5, 4, 0, 1, 0, 0, 0, 11, 0, 0, 0, 0],
    /* 21 */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 14, 10, 3, 0, 1, 0, 0, 0, 4, 0, 0, 0, 0],
    /* 22 */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 2, 4, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0],
    /* 23 */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 1, 2, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0],
    /* 24 */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    /* 25 */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  ],
  2025: [
    /*  2 */ [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0],
    /*  3 */ [4, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 29, 1],
    /*  4 */ [33, 6, 49, 8, 3, 1, 0, 3, 26, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 10, 4],
    /*  5 */ [28, 4, 50, 7, 0, 2, 0, 2, 42, 1, 0, 0, 0, 0, 0, 0, 0, 3, 1, 3, 0, 0, 0, 0, 6],
    /*  6 */ [46, 4, 76, 4, 0, 0, 2, 2, 25, 5, 0, 0, 0, 0, 0, 0, 1, 2, 0, 2, 0, 0, 0, 0, 4],
    /*  7 */ [58, 3, 64, 5, 0, 0, 0, 2, 32, 12, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 4],
    /*  8 */ [51, 5, 68, 1, 0, 0, 1, 1, 28, 11, 0, 0, 0, 0, 0, 0, 0, 6, 2, 1, 0, 0, 0, 0, 8],
    /*  9 */ [67, 8, 61, 2, 2, 0, 5, 2, 27, 13, 0, 1, 0, 0, 0, 0, 1, 3, 1, 0, 0, 0, 0, 0, 6],
    /* 10 */ [55, 7, 68, 3, 0, 0, 1, 4, 41, 24, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 5],
    /* 11 */ [3, 0, 93, 11, 0, 0, 1, 1, 58, 20, 0, 0, 0, 0, 0, 0, 0, 7, 5, 2, 0, 0, 0, 0, 3],
    /* 12 */ [3, 0, 84, 13, 0, 0, 2, 6, 65, 20, 0, 0, 0, 0, 0, 0, 2, 4, 4, 1, 0, 0, 0, 0, 5],
    /* 13 */ [3, 0, 69, 7, 0, 0, 2, 3, 66, 23, 0, 3, 0, 0, 1, 0, 3, 5, 6, 0, 0, 0, 0, 0, 2],
    /* 14 */ [3, 0, 77, 14, 0, 0, 1, 5, 42, 35, 0, 4, 0, 0, 1, 0, 2, 8, 9, 2, 0, 0, 0, 0, 4],
    /* 15 */ [1, 0, 88, 9, 0, 0, 2, 5, 52, 38, 0, 7, 0, 0, 4, 0, 2, 5, 8, 2, 0, 0, 0, 0, 9],
    /* 16 */ [0, 0, 11, 0, 0, 0, 1, 0, 23, 22, 1, 2, 60, 10, 20, 0, 5, 0, 5, 7, 8, 0, 0, 0, 25],
    /* 17 */ [0, 0, 3, 0, 0, 0, 2, 1, 20, 9, 0, 1, 76, 4, 24, 0, 2, 0, 3, 4, 3, 0, 0, 0, 9],
    /* 18 */ [0, 0, 0, 0, 0, 0, 1, 2, 22, 4, 0, 0, 48, 9, 12, 0, 9, 0, 1, 1, 12, 0, 0, 0, 11],
    /* 19 */ [0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 0, 0, 37, 7, 7, 0, 2, 0, 0, 2, 3, 0, 0, 0, 9],
    /* 20 */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 34, 6, 5, 0, 1, 0, 0, 1, 4, 0, 0, 0, 3],
    /* 21 */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 4, 4, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0],
    /* 22 */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 4, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2],
    /* 23 */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2],
    /* 24 */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1],
    /* 25 */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
  ],
};

/** Where a column has no by-age shape in a year, borrow the shape of a similar column. */
const SHAPE_FALLBACK: Partial<Record<PlacementCategory, PlacementCategory>> = {
  OPA: "OLA",
  EHE: "OLA",
  WELSH: "OTH",
  NIEC: "NEET",
  NIEO: "NEET",
  MS_FR_RP: "MS_AC_RP",
};

export type AgeCategoryTable = Record<PlacementCategory, number>[];

/**
 * Seed table (age 0..25 x category) for a census year: DfE's by-age counts, each column rescaled to
 * that year's published total. 2023 has no by-age breakdown, so it borrows 2024's (and 2025's) shapes.
 */
export function placementSeedTable(year: number): AgeCategoryTable {
  const shapeYears: (2024 | 2025)[] = year === 2025 ? [2025, 2024] : [2024, 2025];
  const totals = PLACEMENT_TOTALS[year]!;
  const table: AgeCategoryTable = [];
  for (let age = 0; age <= MAX_AGE; age++) table.push(Object.fromEntries(PLACEMENT_CATEGORIES.map((c) => [c, 0])) as Record<PlacementCategory, number>);
  for (const category of PLACEMENT_CATEGORIES) {
    const shape = columnShape(category, shapeYears);
    const shapeSum = shape.reduce((a, b) => a + b, 0);
    for (let age = 0; age <= MAX_AGE; age++) table[age]![category] = shapeSum > 0 ? (shape[age]! / shapeSum) * totals[category] : 0;
  }
  return table;
}

function columnShape(category: PlacementCategory, years: readonly (2024 | 2025)[]): number[] {
  for (const candidate of [category, SHAPE_FALLBACK[category]]) {
    if (!candidate) continue;
    for (const year of years) {
      const column = TABLE_COLUMNS.indexOf(candidate);
      const shape: number[] = [];
      for (let age = 0; age <= MAX_AGE; age++) {
        // Ages 0 and 1 share the "under 3" row (age 2).
        const row = BY_AGE_ROWS[year][Math.max(age, 2) - 2]!;
        shape.push(age < 2 ? row[column]! * 0.3 : row[column]!);
      }
      if (shape.some((value) => value > 0)) return shape;
    }
  }
  return new Array<number>(MAX_AGE + 1).fill(0);
}

export const SEN_NEEDS = ["ASD", "HI", "MLD", "MSI", "OTH", "PD", "PMLD", "SEMH", "SLCN", "SLD", "SPLD", "VI"] as const;
export type SenNeed = (typeof SEN_NEEDS)[number] | "DS";

/** Primary need by placement, January 2025 (sen_needs_all_plans.csv "Type of placement"), columns in SEN_NEEDS order. */
export const NEED_BY_PLACEMENT: Record<PlacementCategory, readonly number[]> = {
  MS_LA: [58, 1, 59, 0, 4, 15, 1, 97, 112, 4, 1, 3],
  MS_LA_RP: [12, 0, 0, 0, 0, 1, 0, 16, 8, 0, 0, 0],
  MS_AC: [150, 14, 135, 2, 8, 34, 2, 268, 222, 13, 14, 7],
  MS_AC_RP: [21, 0, 9, 1, 3, 0, 0, 20, 29, 1, 0, 0],
  MS_FR: [150, 14, 135, 2, 8, 34, 2, 268, 222, 13, 14, 7],
  MS_FR_RP: [21, 0, 9, 1, 3, 0, 0, 20, 29, 1, 0, 0],
  MS_IND: [3, 1, 7, 0, 0, 1, 0, 10, 0, 0, 0, 0],
  SP_LA: [11, 1, 9, 0, 2, 1, 1, 0, 9, 5, 0, 0],
  SP_AC: [156, 2, 65, 6, 10, 24, 13, 80, 113, 93, 8, 1],
  SP_IND: [43, 2, 18, 0, 0, 0, 0, 149, 22, 2, 1, 1],
  SP_NM: [43, 2, 18, 0, 0, 0, 0, 149, 22, 3, 1, 1],
  AP: [1, 0, 1, 0, 0, 0, 0, 15, 1, 0, 0, 0],
  FE_GFE: [68, 6, 41, 1, 3, 17, 0, 78, 49, 9, 11, 2],
  FE_SPI: [8, 0, 4, 0, 0, 2, 0, 9, 6, 16, 0, 0],
  FE_UKRLP: [13, 0, 7, 0, 0, 3, 0, 47, 5, 3, 2, 0],
  NEET: [8, 1, 1, 2, 0, 0, 0, 13, 6, 1, 4, 0],
  NIEC: [8, 1, 1, 2, 0, 0, 0, 13, 6, 1, 4, 0],
  NIEO: [8, 1, 1, 2, 0, 0, 0, 13, 6, 1, 4, 0],
  OLA: [7, 0, 2, 1, 2, 1, 1, 15, 3, 0, 0, 0],
  OPA: [12, 0, 5, 0, 0, 4, 3, 10, 10, 1, 1, 0],
  OTH: [6, 0, 1, 0, 0, 1, 1, 21, 2, 0, 0, 0],
  WELSH: [12, 0, 4, 0, 0, 2, 0, 18, 11, 2, 0, 0],
  EYP: [11, 0, 1, 0, 1, 0, 0, 0, 25, 2, 0, 0],
  UNK: [17, 3, 20, 0, 2, 7, 1, 45, 23, 2, 3, 1],
  EHE: [45, 1, 13, 3, 2, 8, 5, 77, 32, 4, 5, 0],
};

/** Primary need shares of all plans, January 2025 (%), for the summary. */
export const NEED_SHARES_2025: Record<string, number> = {
  SEMH: 30.2, SLCN: 21.9, ASD: 20.6, MLD: 12.9, SLD: 5.1, PD: 3.8, SPLD: 1.5, OTH: 1.2, HI: 1.0, PMLD: 0.8, VI: 0.5, MSI: 0.4,
};

/** Requests received by age at request (requests.csv by age), index = age 0..20; "2 and under" put mostly at 2, "20 and over" at 20. */
export const REQUEST_AGES: Record<2023 | 2024, readonly number[]> = {
  2023: [0, 1, 35, 117, 65, 64, 59, 70, 60, 67, 78, 61, 50, 77, 49, 42, 13, 9, 2, 1, 1],
  2024: [0, 1, 17, 71, 66, 54, 59, 57, 68, 68, 76, 52, 70, 52, 58, 41, 10, 9, 0, 2, 2],
};

/** Requests received per calendar year (the generator's volumes; 2023 and 2024 are DfE's, earlier ones shape the backlog). */
export const REQUESTS_RECEIVED: Record<number, number> = { 2023: 921, 2024: 833 };

/** Request outcomes of 2024's requests at the January 2025 census. */
export const REQUEST_OUTCOMES_2024 = { assess: 595, notAssess: 163, pending: 74, withdrawn: 1, decidedWithin6WeeksPct: 70.5 };
export const REQUEST_MEDIATION_2024 = 70;

/** Assessments completed in the year: plans issued, not issued, withdrawn. */
export const ASSESSMENTS_COMPLETED: Record<number, { total: number; issued: number; notIssued: number; withdrawn: number }> = {
  2023: { total: 720, issued: 692, notIssued: 22, withdrawn: 6 },
  2024: { total: 821, issued: 799, notIssued: 13, withdrawn: 9 },
};

/** New plans within 20 weeks (timeliness_20_week.csv). */
export const TIMELINESS: Record<number, { within: number; plans: number; withinExcl: number; plansExcl: number }> = {
  2023: { within: 253, plans: 666, withinExcl: 250, plansExcl: 652 },
  2024: { within: 268, plans: 720, withinExcl: 251, plansExcl: 687 },
};

/** Cease reasons 1-9 (SEN2 codes) per calendar year (ceased_plans.csv; not_rec is folded into 9). */
export const CEASED_BY_REASON: Record<number, readonly number[]> = {
  //    1   2   3   4   5   6  7  8   9
  2022: [8, 90, 9, 34, 31, 96, 1, 4, 1],
  2023: [2, 40, 3, 21, 63, 42, 4, 2, 1],
  2024: [2, 61, 8, 14, 78, 87, 4, 2, 11],
};

/** Years a plan had been in place at January 2025 (3+ years only: older plans than the simulated request flow). */
export const YEARS_IN_PLACE_2025: Record<number, number> = { 3: 248, 4: 185, 5: 186, 6: 142, 7: 193, 8: 292, 9: 257, 10: 179, 11: 3 };

/** Ethnicity of plans at January 2025 (DfE main codes; "Unclassified" split between not obtained and refused). */
export const ETHNICITY_WEIGHTS: Record<string, number> = {
  WBRI: 2430, WOTH: 80, MWBC: 31, MWAS: 22, MOTH: 21, MWBA: 13, WROM: 11, APKN: 9, AOTH: 8, BAFR: 6, AIND: 5, OOTH: 5,
  BCRB: 3, WIRT: 3, CHNE: 2, ABAN: 1, WIRI: 1, BOTH: 1, NOBT: 300, REFU: 64,
};
export const MALE_SHARE = 2151 / 3016;
