// A made-up GIAS "all establishments" lookup for the demo: ~180 settings in Shropshire (893) and ~45
// outside it, with real GIAS type, group and phase names, written in Windows-1252 like the real download.

import { LA_CODE, LA_NAME } from "./calibration.js";
import { csvField } from "../../loaders/sources/csv.js";

/** Placement pools an establishment can serve: which kind of setting and which stage of education. */
export type PoolKind =
  | "MS_LA" | "MS_AC" | "MS_FR" | "MS_IND" | "SP_LA" | "SP_AC" | "SP_IND" | "SP_NM" | "AP" | "FE_GFE" | "FE_SPI" | "FE_UKRLP";
/** EY: nursery age; PRI: reception-year 6; SEC: years 7-11; P16: years 12-14 and beyond; ANY: all ages. */
export type Stage = "EY" | "PRI" | "SEC" | "P16" | "ANY";

export interface DemoEstablishment {
  urn: string;
  ukprn: string;
  name: string;
  type: string;
  group: string;
  phase: string;
  laCode: string;
  laName: string;
  status: string;
  postcode: string;
  pool: PoolKind | null;
  stages: readonly Stage[];
  inArea: boolean;
}

interface Kind {
  type: string;
  group: string;
  phase: string;
  pool: PoolKind | null;
  stages: readonly Stage[];
  label: string;
}

const PRIMARY: readonly Stage[] = ["EY", "PRI"];
const SECONDARY: readonly Stage[] = ["SEC", "P16"];
const ANY: readonly Stage[] = ["ANY"];

const LA_MAINTAINED = "Local authority maintained schools";
const KINDS = {
  nursery: { type: "Local authority nursery school", group: LA_MAINTAINED, phase: "Nursery", pool: "MS_LA", stages: ["EY"], label: "Nursery School" },
  communityPrimary: { type: "Community school", group: LA_MAINTAINED, phase: "Primary", pool: "MS_LA", stages: PRIMARY, label: "Primary School" },
  vaPrimary: { type: "Voluntary aided school", group: LA_MAINTAINED, phase: "Primary", pool: "MS_LA", stages: PRIMARY, label: "RC Primary School" },
  vcPrimary: { type: "Voluntary controlled school", group: LA_MAINTAINED, phase: "Primary", pool: "MS_LA", stages: PRIMARY, label: "CE Primary School" },
  foundationPrimary: { type: "Foundation school", group: LA_MAINTAINED, phase: "Primary", pool: "MS_LA", stages: PRIMARY, label: "Primary School" },
  academyPrimary: { type: "Academy converter", group: "Academies", phase: "Primary", pool: "MS_AC", stages: PRIMARY, label: "Primary Academy" },
  sponsorPrimary: { type: "Academy sponsor led", group: "Academies", phase: "Primary", pool: "MS_AC", stages: PRIMARY, label: "Primary Academy" },
  freePrimary: { type: "Free schools", group: "Free Schools", phase: "Primary", pool: "MS_FR", stages: PRIMARY, label: "Free Primary School" },
  middlePrimary: { type: "Academy converter", group: "Academies", phase: "Middle deemed primary", pool: "MS_AC", stages: ["PRI"], label: "Middle School" },
  middleSecondary: { type: "Academy converter", group: "Academies", phase: "Middle deemed secondary", pool: "MS_AC", stages: ["SEC"], label: "Middle School" },
  communitySecondary: { type: "Community school", group: LA_MAINTAINED, phase: "Secondary", pool: "MS_LA", stages: SECONDARY, label: "High School" },
  vaSecondary: { type: "Voluntary aided school", group: LA_MAINTAINED, phase: "Secondary", pool: "MS_LA", stages: SECONDARY, label: "Catholic High School" },
  foundationSecondary: { type: "Foundation school", group: LA_MAINTAINED, phase: "Secondary", pool: "MS_LA", stages: SECONDARY, label: "School" },
  academySecondary: { type: "Academy converter", group: "Academies", phase: "Secondary", pool: "MS_AC", stages: SECONDARY, label: "Academy" },
  sponsorSecondary: { type: "Academy sponsor led", group: "Academies", phase: "Secondary", pool: "MS_AC", stages: SECONDARY, label: "Academy" },
  freeSecondary: { type: "Free schools", group: "Free Schools", phase: "Secondary", pool: "MS_FR", stages: SECONDARY, label: "Free School" },
  allThrough: { type: "Academy converter", group: "Academies", phase: "All-through", pool: "MS_AC", stages: ["PRI", "SEC", "P16"], label: "All-through Academy" },
  independent: { type: "Other independent school", group: "Independent schools", phase: "Not applicable", pool: "MS_IND", stages: ANY, label: "Independent School" },
  communitySpecial: { type: "Community special school", group: "Special schools", phase: "Not applicable", pool: "SP_LA", stages: ANY, label: "Special School" },
  foundationSpecial: { type: "Foundation special school", group: "Special schools", phase: "Not applicable", pool: "SP_LA", stages: ANY, label: "Special School" },
  academySpecial: { type: "Academy special converter", group: "Academies", phase: "Not applicable", pool: "SP_AC", stages: ANY, label: "Special Academy" },
  freeSpecial: { type: "Free schools special", group: "Free Schools", phase: "Not applicable", pool: "SP_AC", stages: ANY, label: "Special Free School" },
  nonMaintainedSpecial: { type: "Non-maintained special school", group: "Special schools", phase: "Not applicable", pool: "SP_NM", stages: ANY, label: "Non-maintained Special School" },
  independentSpecial: { type: "Other independent special school", group: "Special schools", phase: "Not applicable", pool: "SP_IND", stages: ANY, label: "Independent Specialist School" },
  pru: { type: "Pupil referral unit", group: LA_MAINTAINED, phase: "Not applicable", pool: "AP", stages: ANY, label: "Pupil Referral Unit" },
  apAcademy: { type: "Academy alternative provision converter", group: "Academies", phase: "Not applicable", pool: "AP", stages: ANY, label: "Alternative Provision Academy" },
  furtherEducation: { type: "Further education", group: "Colleges", phase: "16 plus", pool: "FE_GFE", stages: ANY, label: "College" },
  sixthFormCentre: { type: "Sixth form centres", group: "Colleges", phase: "16 plus", pool: "FE_GFE", stages: ANY, label: "Sixth Form College" },
  specialPost16: { type: "Special post 16 institution", group: "Other types", phase: "16 plus", pool: "FE_SPI", stages: ANY, label: "Specialist College" },
  trainingProvider: { type: "Further education", group: "Colleges", phase: "16 plus", pool: "FE_UKRLP", stages: ANY, label: "Training Ltd" },
} satisfies Record<string, Kind>;
type KindName = keyof typeof KINDS;

/** Neighbouring and further-away English LAs that take Shropshire children (real LA codes). */
const OTHER_LAS: Record<string, string> = {
  "894": "Telford and Wrekin",
  "885": "Worcestershire",
  "860": "Staffordshire",
  "884": "Herefordshire, County of",
  "330": "Birmingham",
  "896": "Cheshire West and Chester",
  "895": "Cheshire East",
  "336": "Wolverhampton",
  "937": "Warwickshire",
};

/** [kind, how many, LA code]; Shropshire first. */
const LAYOUT: readonly [KindName, number, string][] = [
  ["nursery", 2, LA_CODE],
  ["communityPrimary", 40, LA_CODE],
  ["vaPrimary", 12, LA_CODE],
  ["vcPrimary", 15, LA_CODE],
  ["foundationPrimary", 3, LA_CODE],
  ["academyPrimary", 38, LA_CODE],
  ["sponsorPrimary", 12, LA_CODE],
  ["freePrimary", 2, LA_CODE],
  ["communitySecondary", 2, LA_CODE],
  ["vaSecondary", 1, LA_CODE],
  ["foundationSecondary", 1, LA_CODE],
  ["academySecondary", 11, LA_CODE],
  ["sponsorSecondary", 4, LA_CODE],
  ["freeSecondary", 1, LA_CODE],
  ["allThrough", 1, LA_CODE],
  ["independent", 4, LA_CODE],
  ["communitySpecial", 2, LA_CODE],
  ["foundationSpecial", 1, LA_CODE],
  ["academySpecial", 4, LA_CODE],
  ["freeSpecial", 1, LA_CODE],
  ["independentSpecial", 8, LA_CODE],
  ["pru", 2, LA_CODE],
  ["apAcademy", 1, LA_CODE],
  ["furtherEducation", 2, LA_CODE],
  ["sixthFormCentre", 1, LA_CODE],
  ["specialPost16", 2, LA_CODE],
  ["trainingProvider", 2, LA_CODE],
  ["communityPrimary", 2, "894"],
  ["academyPrimary", 1, "894"],
  ["academySecondary", 2, "894"],
  ["communitySpecial", 1, "894"],
  ["academySpecial", 1, "894"],
  ["furtherEducation", 1, "894"],
  ["pru", 1, "894"],
  ["independentSpecial", 2, "894"],
  ["trainingProvider", 1, "894"],
  ["middlePrimary", 1, "885"],
  ["middleSecondary", 1, "885"],
  ["academySpecial", 1, "885"],
  ["independentSpecial", 3, "885"],
  ["specialPost16", 1, "885"],
  ["academySecondary", 1, "860"],
  ["communitySpecial", 1, "860"],
  ["independentSpecial", 3, "860"],
  ["nonMaintainedSpecial", 1, "860"],
  ["communityPrimary", 1, "884"],
  ["foundationSpecial", 1, "884"],
  ["independentSpecial", 2, "884"],
  ["furtherEducation", 1, "884"],
  ["academySpecial", 1, "330"],
  ["independentSpecial", 2, "330"],
  ["nonMaintainedSpecial", 1, "330"],
  ["specialPost16", 1, "330"],
  ["trainingProvider", 1, "330"],
  ["independentSpecial", 2, "896"],
  ["specialPost16", 1, "896"],
  ["independentSpecial", 2, "895"],
  ["independent", 1, "895"],
  ["communitySpecial", 1, "336"],
  ["independentSpecial", 1, "336"],
  ["independentSpecial", 1, "937"],
];

/** Closed Shropshire schools: in the lookup (as GIAS keeps them) but never used for current placements. */
const CLOSED_PRIMARIES = 3;

// Fictional place names; every establishment name also carries "Demo" so no one mistakes it for a real school.
const STEM_START = ["Ash", "Bram", "Cal", "Dun", "Elm", "Fen", "Gor", "Hal", "Ivy", "Kel", "Lyn", "Mar", "Ned", "Orm", "Pel", "Quen", "Ros", "Sal", "Tad", "Ul", "Ver", "Wol", "Yar", "Zel"];
const STEM_END = ["bury", "combe", "dale", "field", "ford", "hurst", "ley", "mere", "stead", "thorpe", "ton", "wick", "worth"];
/** A few names with characters outside ASCII (’ and é), so reading the file with the wrong encoding shows: [kind, LA, name]. */
const ACCENTED_NAMES: readonly [KindName, string, string][] = [
  ["vcPrimary", LA_CODE, "St Chad’s CE Demo Primary School"],
  ["vaPrimary", LA_CODE, "St Mary’s RC Demo Primary School"],
  ["independentSpecial", "885", "Rhosé Demo Independent Specialist School"],
  ["independentSpecial", "860", "Montréal House Demo Independent Specialist School"],
  ["nonMaintainedSpecial", "330", "Abbé Pierre Demo Non-maintained Special School"],
];

function placeName(index: number): string {
  return `${STEM_START[index % STEM_START.length]}${STEM_END[Math.floor(index / STEM_START.length) % STEM_END.length]}`;
}

function fakePostcode(index: number): string {
  const letters = "ABDEFGHJLNPQRSTUWXYZ";
  return `ZZ99 ${index % 10}${letters[Math.floor(index / 10) % 20]}${letters[Math.floor(index / 200) % 20]}`;
}

let cached: DemoEstablishment[] | undefined;

/** The demo establishments: fixed (independent of seed and scale) so the lookup never shifts under the data. */
export function demoEstablishments(): DemoEstablishment[] {
  if (cached) return cached;
  const list: DemoEstablishment[] = [];
  let serial = 0;
  const accentedLeft = [...ACCENTED_NAMES];
  const add = (kindName: KindName, laCode: string, status = "Open") => {
    const kind: Kind = KINDS[kindName];
    serial++;
    const noUrn = kind.pool === "FE_UKRLP";
    // The first school of a kind and LA listed in ACCENTED_NAMES takes that name.
    const accented = accentedLeft.findIndex(([accentedKind, accentedLa]) => accentedKind === kindName && accentedLa === laCode);
    const name = accented >= 0 ? accentedLeft.splice(accented, 1)[0]![2] : `${placeName(serial * 7)} Demo ${kind.label}`;
    list.push({
      urn: noUrn ? "" : String(990000 + serial),
      ukprn: String(19990000 + serial),
      name,
      type: kind.type,
      group: kind.group,
      phase: kind.phase,
      laCode,
      laName: laCode === LA_CODE ? LA_NAME : OTHER_LAS[laCode]!,
      status,
      postcode: fakePostcode(serial),
      pool: status === "Open" ? kind.pool : null,
      stages: kind.stages,
      inArea: laCode === LA_CODE,
    });
  };
  for (const [kindName, count, laCode] of LAYOUT) for (let n = 0; n < count; n++) add(kindName, laCode);
  for (let n = 0; n < CLOSED_PRIMARIES; n++) add("communityPrimary", LA_CODE, "Closed");
  cached = list;
  return list;
}

export const GIAS_HEADER = [
  "URN", "UKPRN", "EstablishmentName", "TypeOfEstablishment (name)", "EstablishmentTypeGroup (name)",
  "PhaseOfEducation (name)", "LA (code)", "LA (name)", "EstablishmentStatus (name)", "Postcode",
];

/** The lookup as GIAS writes it: CRLF lines, Windows-1252 bytes. */
export function establishmentsCsv(list: readonly DemoEstablishment[]): Buffer {
  const lines = [GIAS_HEADER.join(",")];
  for (const e of list) {
    lines.push([e.urn, e.ukprn, e.name, e.type, e.group, e.phase, e.laCode, e.laName, e.status, e.postcode].map(csvField).join(","));
  }
  return encodeWindows1252(lines.join("\r\n") + "\r\n");
}

/** Windows-1252 differs from Latin-1 only in 0x80-0x9F (curly quotes, dashes, euro...). */
const CP1252_EXTRAS: Record<string, number> = {
  "€": 0x80, "‚": 0x82, "ƒ": 0x83, "„": 0x84, "…": 0x85, "†": 0x86, "‡": 0x87, "ˆ": 0x88, "‰": 0x89, "Š": 0x8a,
  "‹": 0x8b, "Œ": 0x8c, "Ž": 0x8e, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97,
  "˜": 0x98, "™": 0x99, "š": 0x9a, "›": 0x9b, "œ": 0x9c, "ž": 0x9e, "Ÿ": 0x9f,
};

export function encodeWindows1252(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  let length = 0;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    const extra = CP1252_EXTRAS[character];
    if (extra !== undefined) bytes[length++] = extra;
    else if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes[length++] = code;
    else throw new Error(`'${character}' cannot be written in Windows-1252`);
  }
  return bytes.subarray(0, length);
}

/** Establishments serving a pool at a stage, split by in/out of area; built once. */
export class EstablishmentIndex {
  private readonly pools = new Map<string, DemoEstablishment[]>();

  constructor(list: readonly DemoEstablishment[]) {
    for (const e of list) {
      if (!e.pool) continue;
      for (const stage of e.stages) {
        const key = `${e.pool}:${stage}:${e.inArea ? "in" : "out"}`;
        let bucket = this.pools.get(key);
        if (!bucket) this.pools.set(key, (bucket = []));
        bucket.push(e);
      }
    }
  }

  /** Candidates for a pool and stage; falls back to the other side of the LA border, then to any stage. */
  candidates(pool: PoolKind, stage: Stage, inArea: boolean): readonly DemoEstablishment[] {
    const stages: Stage[] = [stage, "ANY", "SEC", "PRI"];
    for (const candidateStage of stages) {
      for (const side of inArea ? ["in", "out"] : ["out", "in"]) {
        const bucket = this.pools.get(`${pool}:${candidateStage}:${side}`);
        if (bucket && bucket.length > 0) return bucket;
      }
    }
    throw new Error(`No demo establishment for ${pool} at ${stage}`);
  }
}
