// The canonical placement tables (placement decisions, AP placements, Fair Access decisions, register
// spells, post-16 activity, school days) from the validated local extracts. Each row is linked to its SEN2
// child by UPN (else ULN). Plan status always comes from SEN2 and dates from the extracts: where the two
// disagree the row is kept and the disagreement is a warning (rule `register-disagrees`).

import type { CellValue } from "../sources/sen2.js";
import type { Establishment } from "../sources/establishments.js";
import type { Problem } from "../sources/problems.js";
import type { PlacementDecision } from "../sources/placement-decisions.js";
import type { ApPlacement } from "../sources/ap-placements.js";
import type { FairAccessDecision } from "../sources/fair-access.js";
import { REGISTERS, type RegisterKind, type RegisterSpell } from "../sources/registers.js";
import type { ActivityCode, ActivitySpell } from "../sources/post16-activity.js";
import type { SenStatusCode } from "../sources/local-fields.js";
import { resolveSetting } from "./settings.js";
import { tableColumn, type CanonicalTables, type Table, type TableColumn } from "./canonical.js";

/** The local sources a KPI may need; `requires` on a KPI entry names them. */
export const LOCAL_SOURCES = {
  placement_decisions: "EHC placement decisions",
  ap_placements: "alternative provision placements",
  fair_access: "Fair Access Panel decisions",
  ehe: REGISTERS.ehe,
  cme: REGISTERS.cme,
  eotas: REGISTERS.eotas,
  no_place: REGISTERS.no_place,
  post16_activity: "post-16 activity",
} as const;
export type LocalSource = keyof typeof LOCAL_SOURCES;

export const PLACEMENT_COLUMNS = {
  placement_decisions: [
    { name: "decision_id", type: "integer" },
    { name: "child_id", type: "integer" },
    { name: "decision_date", type: "date" },
    { name: "first_day_on_roll", type: "date" },
    { name: "setting", type: "varchar" },
    { name: "setting_la", type: "varchar" },
  ],
  ap_placements: [
    { name: "placement_id", type: "integer" },
    { name: "child_id", type: "integer" },
    { name: "start_date", type: "date" },
    { name: "end_date", type: "date" },
    { name: "outcome", type: "varchar" },
    /** SEN status the AP record gives (ehc_plan, sen_support, no_sen); SEN2 decides whether there is a plan. */
    { name: "recorded_status", type: "varchar" },
  ],
  fap_decisions: [
    { name: "decision_id", type: "integer" },
    { name: "child_id", type: "integer" },
    { name: "decision_date", type: "date" },
    { name: "first_day_on_roll", type: "date" },
    { name: "recorded_status", type: "varchar" },
  ],
  register_spells: [
    { name: "register", type: "varchar" },
    { name: "child_id", type: "integer" },
    { name: "start_date", type: "date" },
    { name: "end_date", type: "date" },
  ],
  post16_activity: [
    { name: "spell_id", type: "integer" },
    /** One young person: their SEN2 child, else their UPN, else their ULN. */
    { name: "person", type: "varchar" },
    { name: "child_id", type: "integer" },
    { name: "birth_date", type: "date" },
    { name: "recorded_status", type: "varchar" },
    { name: "activity_group", type: "varchar" },
    { name: "activity_setting", type: "varchar" },
    { name: "start_date", type: "date" },
    { name: "end_date", type: "date" },
    { name: "living", type: "varchar" },
  ],
  school_days: [{ name: "day", type: "date" }],
  local_sources: [{ name: "source", type: "varchar" }],
} as const satisfies Record<string, readonly TableColumn[]>;

export type PlacementTables = Record<keyof typeof PLACEMENT_COLUMNS, Table>;

export interface PlacementSources {
  decisions: { file: string; rows: PlacementDecision[] }[];
  ap: { file: string; rows: ApPlacement[] }[];
  fairAccess: { file: string; rows: FairAccessDecision[] }[];
  registers: { file: string; kind: RegisterKind; rows: RegisterSpell[] }[];
  post16: { file: string; rows: ActivitySpell[] }[];
}

export const emptyPlacementSources = (): PlacementSources => ({ decisions: [], ap: [], fairAccess: [], registers: [], post16: [] });

/** Which local sources were loaded (a file of that kind was read, even with no rows: a genuine zero). */
export function loadedSources(sources: PlacementSources): LocalSource[] {
  const loaded = new Set<LocalSource>();
  if (sources.decisions.length > 0) loaded.add("placement_decisions");
  if (sources.ap.length > 0) loaded.add("ap_placements");
  if (sources.fairAccess.length > 0) loaded.add("fair_access");
  if (sources.post16.length > 0) loaded.add("post16_activity");
  for (const register of sources.registers) loaded.add(register.kind);
  return (Object.keys(LOCAL_SOURCES) as LocalSource[]).filter((source) => loaded.has(source));
}

const text = (value: CellValue | undefined): string | null => (value === null || value === undefined || value === "" ? null : String(value));

/** SEN2's children and plans, indexed for linking rows and asking "had this child a plan on that day?". */
class Sen2People {
  private byUpn = new Map<string, number>();
  private byUln = new Map<string, number>();
  private withUpn = new Set<number>();
  private plans = new Map<number, { start: string; cease: string | null }[]>();
  /** Dates SEN2 can speak for: from the oldest export's reach to the newest reference date. */
  readonly from: string;
  readonly to: string;

  constructor(tables: Pick<CanonicalTables, "children" | "plans" | "exports">) {
    // Column by column: a national run has a million children and plans, and no row objects are needed.
    const childIds = tableColumn(tables.children, "child_id");
    const upns = tableColumn(tables.children, "upn");
    const ulns = tableColumn(tables.children, "uln");
    childIds.forEach((childId, row) => {
      const id = Number(childId);
      const upn = text(upns[row]);
      const uln = text(ulns[row]);
      if (upn) { this.byUpn.set(upn.toUpperCase(), id); this.withUpn.add(id); }
      if (uln) this.byUln.set(uln, id);
    });
    const planChildren = tableColumn(tables.plans, "child_id");
    const starts = tableColumn(tables.plans, "start_date");
    const ceases = tableColumn(tables.plans, "cease_date");
    planChildren.forEach((childId, row) => {
      const start = text(starts[row]);
      if (!start) return;
      const id = Number(childId);
      const list = this.plans.get(id) ?? [];
      list.push({ start, cease: text(ceases[row]) });
      this.plans.set(id, list);
    });
    const exports = tables.exports.rows;
    this.from = exports.map((e) => String(e.covers_from)).sort()[0] ?? "9999-12-31";
    this.to = exports.map((e) => String(e.reference_date)).sort().at(-1) ?? "0000-01-01";
  }

  hasUpn(child: number): boolean {
    return this.withUpn.has(child);
  }

  child(upn: string | null, uln: string | null = null): number | null {
    return (upn ? this.byUpn.get(upn) : undefined) ?? (uln ? this.byUln.get(uln) : undefined) ?? null;
  }

  /** The same rule the KPI SQL uses: started on or before the day, not ceased by it. */
  hasPlanOn(child: number | null, date: string): boolean {
    if (child === null) return false;
    return (this.plans.get(child) ?? []).some((plan) => plan.start <= date && (plan.cease === null || plan.cease > date));
  }

  covers(date: string): boolean {
    return this.from <= date && date <= this.to;
  }
}

/** How a message names where SEN2 places a child, per register. */
const SEN2_PLACES: Partial<Record<RegisterKind, string>> = {
  ehe: "in elective home education (EHE)",
  eotas: "in EOTAS (OLA)",
  no_place: "in no education placement (NIEC/NIEO)",
};

/** The SEN2 setting categories a register describes, for comparing the two at each export's reference date. */
const SEN2_SIDE: Partial<Record<RegisterKind, (setting: CellValue, settingId: CellValue) => boolean>> = {
  ehe: (setting) => setting === "ehe",
  eotas: (setting) => setting === "eotas",
  no_place: (_setting, settingId) => settingId === "NIEC" || settingId === "NIEO",
};

/**
 * The same record twice (one extract exported twice, or overlapping extracts of one kind) is counted once,
 * and said: rows keyed by `key` across every file of the kind, the first kept.
 */
function countedOnce<T extends { line: number }>(
  files: readonly { file: string; rows: T[] }[],
  key: (row: T) => string,
  column: string,
  warn: (file: string, row: number, column: string, rule: string, message: string) => void,
): { file: string; rows: T[] }[] {
  const first = new Map<string, string>();
  return files.map(({ file, rows }) => ({
    file,
    rows: rows.filter((row) => {
      const id = key(row);
      const seen = first.get(id);
      if (seen === undefined) { first.set(id, `${file} row ${row.line}`); return true; }
      warn(file, row.line, column, "duplicate-id", `the same record as ${seen}: counted once`);
      return false;
    }),
  }));
}

export function buildPlacementTables(
  sources: PlacementSources,
  sen2: Pick<CanonicalTables, "children" | "plans" | "exports" | "plan_records">,
  lookup: { byUrn: Map<string, Establishment>; byUkprn: Map<string, Establishment> },
  activityCodes: ReadonlyMap<string, ActivityCode>,
  schoolDays: readonly string[],
): { tables: PlacementTables; problems: Problem[] } {
  const people = new Sen2People(sen2);
  const problems: Problem[] = [];
  const warn = (source: string, file: string, row: number | null, column: string, rule: string, message: string) =>
    problems.push({ source, file, row, column, severity: "warning", rule, message });

  /** Plan status from SEN2; the extract's own status where SEN2 agrees or cannot say. */
  const checkStatus = (source: string, file: string, line: number, child: number | null, recorded: SenStatusCode, date: string, dateColumn: string) => {
    if (!people.covers(date)) return;
    const hasPlan = people.hasPlanOn(child, date);
    if (recorded === "ehc_plan" && !hasPlan) warn(source, file, line, "SENStatus", "register-disagrees", `the extract records an EHC plan, but SEN2 has no active plan for this child on the ${dateColumn}: counted as SEN support`);
    if (recorded !== "ehc_plan" && hasPlan) warn(source, file, line, "SENStatus", "register-disagrees", `SEN2 has an active EHC plan for this child on the ${dateColumn}: counted as EHC plan`);
  };

  const once = <T extends { line: number }>(source: string, files: readonly { file: string; rows: T[] }[], key: (row: T) => string, column: string) =>
    countedOnce(files, key, column, (file, row, col, rule, message) => warn(source, file, row, col, rule, message));

  let decisionId = 0;
  const decisionFiles = once(LOCAL_SOURCES.placement_decisions, sources.decisions, (r) => `${r.upn ?? ""}|${r.uln ?? ""}|${r.decisionDate}|${r.urn ?? ""}|${r.ukprn ?? ""}`, "DecisionDate");
  const decisions = decisionFiles.flatMap(({ file, rows }) => rows.map((row) => {
    const child = people.child(row.upn, row.uln);
    if (child === null) warn(LOCAL_SOURCES.placement_decisions, file, row.line, row.upn ? "UPN" : "ULN", "not-in-sen2", "no child with this UPN or ULN in the SEN2 exports: counted, with age band Unknown");
    const setting = resolveSetting({ urn: row.urn, ukprn: row.ukprn, senSetting: null }, lookup);
    if (setting.unmatched) warn(LOCAL_SOURCES.placement_decisions, file, row.line, row.urn ? "URN" : "UKPRN", "unknown-establishment", "the setting is not in the establishments lookup: counted as other/unknown");
    return { decision_id: ++decisionId, child_id: child, decision_date: row.decisionDate, first_day_on_roll: row.firstDayOnRoll, setting: setting.category, setting_la: setting.laCode };
  }));

  let placementId = 0;
  const ap = once(LOCAL_SOURCES.ap_placements, sources.ap, (r) => `${r.upn}|${r.startDate}|${r.urn ?? ""}`, "StartDate").flatMap(({ file, rows }) => rows.map((row) => {
    const child = people.child(row.upn);
    checkStatus(LOCAL_SOURCES.ap_placements, file, row.line, child, row.senStatus, row.startDate, "StartDate");
    return { placement_id: ++placementId, child_id: child, start_date: row.startDate, end_date: row.endDate, outcome: row.outcome, recorded_status: row.senStatus };
  }));

  let fapId = 0;
  const fap = once(LOCAL_SOURCES.fair_access, sources.fairAccess, (r) => `${r.upn}|${r.decisionDate}|${r.urn ?? ""}`, "DecisionDate").flatMap(({ file, rows }) => rows.map((row) => {
    const child = people.child(row.upn);
    checkStatus(LOCAL_SOURCES.fair_access, file, row.line, child, row.senStatus, row.decisionDate, "DecisionDate");
    return { decision_id: ++fapId, child_id: child, decision_date: row.decisionDate, first_day_on_roll: row.firstDayOnRoll, recorded_status: row.senStatus };
  }));

  const registerFiles = (Object.keys(REGISTERS) as RegisterKind[]).flatMap((kind) =>
    once(REGISTERS[kind], sources.registers.filter((r) => r.kind === kind), (r) => `${r.upn}|${r.startDate}|${r.endDate ?? ""}`, "StartDate").map((f) => ({ ...f, kind })));
  const spells = registerFiles.flatMap(({ file, kind, rows }) => rows.map((row) => ({
    file, kind, line: row.line, register: kind, child_id: people.child(row.upn), start_date: row.startDate, end_date: row.endDate,
  })));
  appendRegisterDisagreements(problems, spells, sources, sen2, people);

  let spellId = 0;
  const post16 = once(LOCAL_SOURCES.post16_activity, sources.post16, (r) => `${r.upn ?? ""}|${r.uln ?? ""}|${r.startDate}|${r.activityCode}`, "StartDate").flatMap(({ file, rows }) => rows.map((row) => {
    const child = people.child(row.upn, row.uln);
    checkStatus(LOCAL_SOURCES.post16_activity, file, row.line, child, row.senStatus, row.startDate, "StartDate");
    const code = activityCodes.get(row.activityCode)!;
    return {
      spell_id: ++spellId, person: child !== null ? `child:${child}` : row.upn ? `upn:${row.upn}` : `uln:${row.uln}`, child_id: child,
      birth_date: row.birthDate, recorded_status: row.senStatus, activity_group: code.group, activity_setting: code.setting,
      start_date: row.startDate, end_date: row.endDate, living: row.living,
    };
  }));

  appendSchoolDayCoverage(problems, registerFiles.filter((f) => f.kind === "no_place"), schoolDays, people.to);

  const table = <K extends keyof typeof PLACEMENT_COLUMNS>(name: K, rows: Record<string, CellValue>[]): Table => ({ name, columns: PLACEMENT_COLUMNS[name], rows });
  return {
    tables: {
      placement_decisions: table("placement_decisions", decisions),
      ap_placements: table("ap_placements", ap),
      fap_decisions: table("fap_decisions", fap),
      // Spells of children SEN2 does not know are kept out of the table: every register KPI is about plans.
      register_spells: table("register_spells", spells.filter((s) => s.child_id !== null).map(({ register, child_id, start_date, end_date }) => ({ register, child_id, start_date, end_date }))),
      post16_activity: table("post16_activity", post16),
      school_days: table("school_days", schoolDays.map((day) => ({ day }))),
      local_sources: table("local_sources", loadedSources(sources).map((source) => ({ source }))),
    },
    problems,
  };
}

/**
 * School days are counted from the term dates file: a no-place spell starting before its first half term
 * loses the days before it, and month ends after its last half term would count none. Both are said.
 */
function appendSchoolDayCoverage(problems: Problem[], files: readonly { file: string; rows: RegisterSpell[] }[], schoolDays: readonly string[], newestReference: string): void {
  if (files.length === 0) return;
  const first = schoolDays[0];
  const last = schoolDays.at(-1);
  const source = REGISTERS.no_place;
  if (!first || !last || last < newestReference) {
    problems.push({
      source, file: files[0]!.file, row: null, column: null, severity: "error", rule: "term-dates-too-short",
      message: `the term dates end ${last ?? "before any school day"}, before the newest SEN2 reference date ${newestReference}: school days after that are not counted, so add the next academic year's term dates`,
    });
  }
  for (const { file, rows } of files) {
    for (const spell of rows) {
      if (first && spell.startDate < first) {
        problems.push({ source, file, row: spell.line, column: "StartDate", severity: "warning", rule: "before-term-dates", message: `the spell starts before the term dates file's first school day (${first}): school days before it are not counted` });
      }
    }
  }
}

/**
 * Compares each loaded register with SEN2 at every export's reference date: a plan SEN2 places in home
 * education (EOTAS, no place) with no register spell that day, and a register spell of a child with a plan
 * that SEN2 places elsewhere that day. Registers give the dates; both sides are listed for the analyst.
 */
function appendRegisterDisagreements(
  problems: Problem[],
  spells: readonly { file: string; kind: RegisterKind; line: number; child_id: number | null; start_date: string; end_date: string | null }[],
  sources: PlacementSources,
  sen2: Pick<CanonicalTables, "plans" | "plan_records">,
  people: Sen2People,
): void {
  const planChildren = tableColumn(sen2.plans, "child_id");
  const childOfRequest = new Map(tableColumn(sen2.plans, "request_id").map((request, row) => [Number(request), Number(planChildren[row])]));
  // Read column by column, once for every register (a national run has 1.6 million records).
  const column = (name: string) => tableColumn(sen2.plan_records, name);
  const settings = column("setting");
  const settingIds = column("setting_id");
  const settingLeft = column("setting_left");
  const requests = column("request_id");
  const recordDates = column("reference_date");
  const settingFiles = column("setting_file");
  const settingRows = column("setting_row");
  const referenceDates = [...new Set(recordDates.map(String))];
  const spellsOf = new Map<string, typeof spells[number][]>();
  for (const spell of spells) {
    if (spell.child_id === null) continue;
    const key = `${spell.kind}|${spell.child_id}`;
    const list = spellsOf.get(key);
    if (list) list.push(spell);
    else spellsOf.set(key, [spell]);
  }
  const onRegister = (kind: RegisterKind, child: number, date: string) =>
    (spellsOf.get(`${kind}|${child}`) ?? []).some((s) => s.start_date <= date && (s.end_date === null || s.end_date > date));
  for (const kind of new Set(sources.registers.map((r) => r.kind))) {
    const sen2Side = SEN2_SIDE[kind];
    if (!sen2Side) continue;
    const registerFile = sources.registers.find((r) => r.kind === kind)!.file;
    const placedThere = new Set<string>();
    for (let record = 0; record < recordDates.length; record++) {
      // A placement SEN2 records as left says nothing about where the child is now; a child without a UPN
      // cannot be on a UPN-keyed register. (The quickest checks first.)
      if (!sen2Side(settings[record]!, settingIds[record]!) || settingLeft[record] === true) continue;
      const child = childOfRequest.get(Number(requests[record]));
      const date = String(recordDates[record]);
      if (child === undefined || !people.hasUpn(child) || !people.hasPlanOn(child, date)) continue;
      placedThere.add(`${child}|${date}`);
      if (!onRegister(kind, child, date)) {
        const row = settingRows[record]!;
        problems.push({
          source: REGISTERS[kind], file: text(settingFiles[record]) ?? registerFile, row: row === null ? null : Number(row), column: "sensetting",
          severity: "warning", rule: "register-disagrees",
          message: `SEN2 places this child ${SEN2_PLACES[kind]} on ${date}, but ${registerFile} has no spell for them that day: the register's dates are used`,
        });
      }
    }
    for (const spell of spells.filter((s) => s.kind === kind && s.child_id !== null)) {
      for (const date of referenceDates) {
        const during = spell.start_date <= date && (spell.end_date === null || spell.end_date > date);
        if (!during || !people.hasPlanOn(spell.child_id, date) || placedThere.has(`${spell.child_id}|${date}`)) continue;
        problems.push({
          source: REGISTERS[kind], file: spell.file, row: spell.line, column: "StartDate", severity: "warning", rule: "register-disagrees",
          message: `this spell covers ${date}, when SEN2 records the child's plan with another setting: the register's dates are used`,
        });
      }
    }
  }
}
