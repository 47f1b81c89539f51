// Post-16 activity (NCCIS-style): one row per young person per activity spell.
// - Every young person with an EHC plan aged 16-25 (from the September of year 12) while the plan is
//   active in 2022-2025: their SEN2 placement spells read as activities (school sixth form 110, college
//   120/130, specialist post-16 institution 180, training providers 210/220/250/260, NEET 510-580,
//   placement unknown mostly 810 "not known"), gaps between spells as not known, UPN/ULN and birth date
//   as SEN2 has them, SENStatus E while the plan is active; where an activity began before the plan it
//   is split (K before, when the census would have the child on SEN support). After a plan ceased for
//   higher education, employment or disengagement, one more spell (140, 310/220, NEET or not known) on
//   SEN support; after needs met (or another reason) the activity goes on, on SEN support. (Not for a
//   plan that ceased in January 2025: no export shows that cease yet.)
// - Pupils on SEN support in years 11-13 at the census: their school sixth form (110), then what they
//   did after leaving school (mostly college; apprenticeships, employment, a few NEET or not known).

import { addYears, ageOn, day, type Day } from "./dates.js";
import { between, EXTRACT_DATE, iso, LOCAL_FROM, unit, type LocalContext, type LocalRow } from "./local-context.js";
import { sen2Status, type Sen2Child, type Sen2Spell } from "./local-sen2.js";
import { receptionYear } from "./pupils.js";

export const POST16_HEADER = ["UPN", "ULN", "DOB", "SENStatus", "ActivityCode", "StartDate", "EndDate", "LivingArrangement"];

const NEET_CODES = ["510", "510", "530", "530", "540", "560", "580", "520", "550"];
/** Spells shorter than this between two settings are not gaps. */
const GAP_DAYS = 28;
const GAPS_FROM = day(2021, 9, 1);
/** After the last setting SEN2 shows, while the plan lasts, the activity is not known from a week on. */
const TAIL_GAP_DAYS = 7;

interface Activity {
  code: string;
  start: Day;
  end?: Day;
  status: "E" | "K";
  /** For the living arrangement: a residential setting. */
  residentialSetting: boolean;
}

const choose = (context: LocalContext, salt: number, key: number, at: Day, options: readonly [string, number][]) => {
  let target = unit(context, salt, key, at) * options.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [code, weight] of options) if ((target -= weight) < 0) return code;
  return options[options.length - 1]![0];
};

/** The NCCIS activity a SEN2 setting category means for a young person. */
function activityCode(context: LocalContext, spell: Sen2Spell, serial: number): string {
  const category = spell.category;
  const at = spell.entry;
  if (category.startsWith("MS_") || category.startsWith("SP_")) return "110";
  if (category === "FE_GFE") {
    if (spell.setting.establishment?.type === "Sixth form centres") return "120";
    return choose(context, 120, serial, at, [["130", 0.88], ["150", 0.07], ["140", 0.05]]);
  }
  if (category === "FE_SPI") return "180";
  if (category === "FE_UKRLP") return choose(context, 121, serial, at, [["210", 0.4], ["260", 0.35], ["250", 0.1], ["220", 0.15]]);
  if (category === "NEET") return NEET_CODES[Math.floor(unit(context, 122, serial, at) * NEET_CODES.length)]!;
  if (category === "NIEO" || category === "NIEC") return choose(context, 123, serial, at, [["520", 0.5], ["510", 0.5]]);
  if (category === "WELSH") return "130";
  if (category === "UNK") return choose(context, 124, serial, at, [["810", 0.2], ["130", 0.3], ["310", 0.2], ["320", 0.1], ["230", 0.1], ["410", 0.1]]);
  // EHE, OLA (EOTAS), OPA, AP, OTH: education other than at a school or college.
  return choose(context, 125, serial, at, [["170", 0.6], ["150", 0.25], ["410", 0.15]]);
}

const RESIDENTIAL = new Set(["SP_IND", "SP_NM", "FE_SPI", "SP_AC", "SP_LA"]);

function living(context: LocalContext, key: number, birth: Day, activity: Activity, residentialPlan: boolean): string {
  if (residentialPlan && activity.residentialSetting) return "RES";
  const roll = unit(context, 130, key);
  if (ageOn(birth, activity.start) <= 18) return roll < 0.86 ? "FAM" : roll < 0.9 ? "SUP" : roll < 0.93 ? "RES" : "";
  return roll < 0.66 ? "FAM" : roll < 0.8 ? "SUP" : roll < 0.88 ? "IND" : roll < 0.91 ? "RES" : "";
}

function post16Row(upn: string, uln: string, birth: Day, activity: Activity, livingArrangement: string): LocalRow {
  return {
    cells: [upn, uln, iso(birth), activity.status, activity.code, iso(activity.start), iso(activity.end), livingArrangement],
    sort: `${upn || uln}|${iso(activity.start)}|${activity.code}`,
  };
}

/** The activity spells of a young person with a plan, from the September of year 12 to age 25, within 2022 to the newest census. */
function ehcpActivities(context: LocalContext, child: Sen2Child): Activity[] {
  const { person, plan } = child;
  const serial = person.serial;
  const year12 = day(receptionYear(person.birth) + 12, 9, 1);
  const lastDay = Math.min(EXTRACT_DATE, addYears(person.birth, 26) - 1);
  const ceased = plan.cease !== undefined && plan.cease <= EXTRACT_DATE ? plan.cease : undefined;
  const planEnd = Math.min(lastDay, ceased ?? Infinity);
  const from = Math.max(year12, plan.start, LOCAL_FROM);
  if (from > planEnd) return [];

  // SEN2 spells from year 12 on, as activities (open ones end with the plan when it ceased).
  const raw: Activity[] = [];
  for (const spell of child.spells) {
    const start = Math.max(spell.entry, year12);
    let end = spell.leaving;
    if (ceased !== undefined && (end === undefined || end > ceased)) end = ceased;
    if ((end ?? Infinity) < Math.max(year12, LOCAL_FROM) || start > planEnd) continue;
    raw.push({ code: activityCode(context, spell, serial), start, end, status: "E", residentialSetting: RESIDENTIAL.has(spell.category) });
  }
  // Gaps between spells (and after the last one while the plan lasts): not known (from autumn 2021 at the earliest).
  const activities: Activity[] = [];
  let cursor = Math.max(year12, plan.start, GAPS_FROM);
  for (const activity of raw) {
    if (activity.start - cursor > GAP_DAYS) activities.push({ code: "810", start: cursor, end: activity.start - 1, status: "E", residentialSetting: false });
    activities.push(activity);
    cursor = (activity.end ?? Infinity) + 1;
  }
  if (cursor < planEnd - TAIL_GAP_DAYS && (ceased === undefined || cursor < ceased)) activities.push({ code: "810", start: cursor, end: ceased, status: "E", residentialSetting: false });

  // A plan is active up to the day before it ceased.
  if (ceased !== undefined) for (const activity of activities) if (activity.end === undefined || activity.end >= ceased) activity.end = ceased - 1;
  // SEN status: E only while the plan is active; an activity begun before the plan is split (SEN support before it, or dropped).
  const out: Activity[] = [];
  for (const activity of activities) {
    if ((activity.end ?? Infinity) < plan.start) {
      if (sen2Status(context.seed, child, activity.start) === "K") out.push({ ...activity, status: "K" });
    } else if (activity.start < plan.start) {
      if (sen2Status(context.seed, child, activity.start) === "K") out.push({ ...activity, end: plan.start - 1, status: "K" });
      out.push({ ...activity, start: plan.start });
    } else out.push(activity);
  }
  // After the plan ceased (when an export shows it: otherwise SEN2 still has the plan, and the record is left as it was).
  if (ceased !== undefined && ceased <= lastDay && child.ceaseShown) {
    const last = out[out.length - 1];
    const reason = plan.ceaseReason!;
    const after = ceased + between(context, 1, 30, 131, serial);
    if ((reason === 2 || reason === 9) && last && last.end === ceased - 1 && child.spells.some((s) => s.leaving === undefined)) {
      // Needs met (or other): the activity goes on, now on SEN support.
      out.push({ ...last, start: ceased, end: undefined, status: "K" });
    } else if (after < lastDay && (reason === 3 || reason === 4 || (reason === 6 && unit(context, 134, serial) < 0.4))) {
      // Higher education, employment; after disengaging some are followed a while (NEET or not known), then no longer tracked.
      const code = reason === 3 ? "140" : reason === 4 ? choose(context, 132, serial, ceased, [["310", 0.6], ["220", 0.4]])
        : choose(context, 133, serial, ceased, [["530", 0.25], ["540", 0.1], ["580", 0.15], ["810", 0.2], ["310", 0.15], ["320", 0.15]]);
      const end = reason === 6 ? after + between(context, 60, 300, 135, serial) : undefined;
      out.push({ code, start: after, end: end !== undefined && end < EXTRACT_DATE ? end : undefined, status: "K", residentialSetting: false });
    }
  }
  // Followed to age 25 only.
  for (const activity of out) if (lastDay < EXTRACT_DATE && (activity.end === undefined || activity.end > lastDay)) activity.end = lastDay;
  return out.filter((a) => a.start <= lastDay && (a.end === undefined || (a.end >= a.start && a.end >= LOCAL_FROM)));
}

/** What a pupil on SEN support did after leaving school (NCCIS current activity). */
const AFTER_SCHOOL: readonly [string, number][] = [
  ["130", 0.45], ["120", 0.12], ["150", 0.04], ["210", 0.1], ["260", 0.02], ["220", 0.03], ["310", 0.07], ["320", 0.03],
  ["510", 0.035], ["530", 0.025], ["560", 0.015], ["580", 0.005], ["810", 0.03], ["410", 0.02],
];

export function post16Activity(context: LocalContext): LocalRow[] {
  const rows: LocalRow[] = [];
  for (const child of context.children) {
    const { person, plan } = child;
    const uln = person.uln;
    for (const activity of ehcpActivities(context, child)) {
      rows.push(post16Row(person.upn, uln, person.birth, activity, living(context, person.serial, person.birth, activity, plan.residential)));
    }
  }
  for (const pupil of context.facts.sixthFormAge) {
    const roll = unit(context, 140, pupil.stream);
    const arrangement = roll < 0.9 ? "FAM" : roll < 0.92 ? "SUP" : "";
    const add = (activity: Activity) => rows.push(post16Row(pupil.upn, "", pupil.birth, activity, arrangement));
    if (pupil.sixthForm) add({ code: "110", start: pupil.sixthForm.from, end: pupil.sixthForm.to, status: "K", residentialSetting: false });
    if (pupil.leftSchool === undefined) continue;
    const start = pupil.leftSchool + between(context, 1, 14, 141, pupil.stream);
    if (start >= EXTRACT_DATE) continue;
    const code = choose(context, 142, pupil.stream, 0, AFTER_SCHOOL);
    const changes = start + between(context, 60, 300, 143, pupil.stream);
    if (unit(context, 144, pupil.stream) < 0.25 && changes < EXTRACT_DATE) {
      add({ code, start, end: changes - 1, status: "K", residentialSetting: false });
      add({ code: choose(context, 145, pupil.stream, 0, AFTER_SCHOOL), start: changes, status: "K", residentialSetting: false });
    } else add({ code, start, status: "K", residentialSetting: false });
  }
  return rows;
}
