// Builds the canonical tables (children, requests, assessments, plans, plan_records, exports) from one or
// more validated SEN2 exports. Records are matched across exports by person (UPN, else ULN, else name and
// date of birth) plus the request's received date; the newest export's version of a request wins.

import type { Sen2Export, Sen2Table, CellValue } from "../sources/sen2.js";
import type { Establishment } from "../sources/establishments.js";
import { resolveSetting } from "./settings.js";
import {
  ASSESSMENT_OUTCOME_CODES,
  REQUEST_OUTCOME_CODES,
  outcomeGroup,
} from "../config/outcome-codes.js";
import type { Problem } from "../sources/problems.js";
import { RowIndex, TableBuilder, TextColumn, columnValues, daysOfIso, grow, hashText, materialiseRows, type ColumnarRows } from "./columnar.js";

export type ColumnType = "varchar" | "integer" | "boolean" | "date" | "double";
export interface TableColumn {
  name: string;
  type: ColumnType;
}
export interface Table {
  name: string;
  columns: readonly TableColumn[];
  /** The rows as objects. For a columnar table they are made when read: engines load `columnar` instead. */
  rows: Record<string, CellValue>[];
  /** The rows column by column (typed arrays, dictionaries): set for tables too big for row objects, the census pupils. */
  columnar?: ColumnarRows;
}

/**
 * A table held column by column; its `rows` are made (every time) only if something asks for them. They
 * are not enumerable, so spreading or copying the table never makes them by accident.
 */
export function columnarTable(name: string, columns: readonly TableColumn[], columnar: ColumnarRows): Table {
  const table = { name, columns, columnar } as Table;
  // Made rows are remembered weakly: asked for again in the same run, they are not made twice, and
  // once nothing holds them they go. Treat them as read-only.
  let made: WeakRef<Record<string, CellValue>[]> | undefined;
  Object.defineProperty(table, "rows", {
    get: () => {
      let rows = made?.deref();
      if (!rows) made = new WeakRef((rows = materialiseRows(columnar, columns.map((column) => column.name))));
      return rows;
    },
    enumerable: false,
  });
  return table;
}

/** One column's values, row by row, without making row objects (a columnar table has millions). */
export function tableColumn(table: Table, name: string): CellValue[] {
  if (!table.columnar) return table.rows.map((row) => row[name] ?? null);
  const column = table.columnar.columns[name];
  if (!column) throw new Error(`${table.name}: no column ${name}`);
  return columnValues(column, table.columnar.length);
}

export const CANONICAL_COLUMNS = {
  exports: [
    { name: "reference_date", type: "date" },
    { name: "export_date", type: "date" },
    { name: "la", type: "varchar" },
    /** First day whose events this export holds (1 January of the previous calendar year). */
    { name: "covers_from", type: "date" },
  ],
  children: [
    { name: "child_id", type: "integer" },
    /** The LA's own person id (SEN2 NativeId) where the export carries one, else the SEN2 person table id. */
    { name: "person_id", type: "varchar" },
    { name: "upn", type: "varchar" },
    { name: "uln", type: "varchar" },
    { name: "surname", type: "varchar" },
    { name: "forename", type: "varchar" },
    { name: "birth_date", type: "date" },
    { name: "sex", type: "varchar" },
    { name: "ethnicity", type: "varchar" },
  ],
  requests: [
    { name: "request_id", type: "integer" },
    { name: "child_id", type: "integer" },
    { name: "received_date", type: "date" },
    { name: "request_outcome", type: "varchar" },
    { name: "request_outcome_group", type: "varchar" },
    { name: "request_outcome_date", type: "date" },
    { name: "request_mediation", type: "boolean" },
    { name: "request_tribunal", type: "boolean" },
    { name: "reference_date", type: "date" },
  ],
  assessments: [
    { name: "request_id", type: "integer" },
    { name: "assessment_outcome", type: "varchar" },
    { name: "assessment_outcome_group", type: "varchar" },
    { name: "assessment_outcome_date", type: "date" },
    { name: "assessment_mediation", type: "boolean" },
    { name: "assessment_tribunal", type: "boolean" },
    { name: "other_mediation", type: "boolean" },
    { name: "other_tribunal", type: "boolean" },
    { name: "week20", type: "boolean" },
  ],
  plans: [
    { name: "request_id", type: "integer" },
    { name: "child_id", type: "integer" },
    { name: "start_date", type: "date" },
    { name: "cease_date", type: "date" },
    { name: "cease_reason", type: "varchar" },
  ],
  plan_records: [
    { name: "request_id", type: "integer" },
    { name: "reference_date", type: "date" },
    { name: "primary_need", type: "varchar" },
    { name: "setting", type: "varchar" },
    { name: "setting_la", type: "varchar" },
    /** URN (else UKPRN) of the setting attended, or its SEN2 setting code (EHE, OLA, ...) where it has none. */
    { name: "setting_id", type: "varchar" },
    { name: "named_setting", type: "varchar" },
    { name: "last_review", type: "date" },
    /** Where the setting attended was read (placementdetail file and row), for messages that compare it with a register. */
    { name: "setting_file", type: "varchar" },
    { name: "setting_row", type: "integer" },
    /** The main placement had a leaving date on or before the reference date (no current one): SEN2 does not say where the child is now. */
    { name: "setting_left", type: "boolean" },
  ],
} as const satisfies Record<string, readonly TableColumn[]>;

export type CanonicalTableName = keyof typeof CANONICAL_COLUMNS;

/** Canonical text columns with a different value for almost every child: kept as free text, not a dictionary. */
const FREE_TEXT_COLUMNS = ["person_id", "upn", "uln", "surname", "forename"];
export type CanonicalTables = Record<CanonicalTableName, Table>;

interface Lookup {
  byUrn: Map<string, Establishment>;
  byUkprn: Map<string, Establishment>;
}

const text = (value: CellValue | undefined): string | null => (value === null || value === undefined || value === "" ? null : String(value));

/** The identifiers a person row carries, each prefixed with its kind: UPN, ULN, and name with date of birth. */
export interface PersonIdentifiers {
  upn: string | undefined;
  uln: string | undefined;
  name: string;
}

/** The identifiers a person row carries, from its values. */
function identifiersOf(upnValue: CellValue | undefined, ulnValue: CellValue | undefined, surname: CellValue | undefined, forename: CellValue | undefined, birth: CellValue | undefined): PersonIdentifiers {
  const upn = text(upnValue);
  const uln = text(ulnValue);
  return {
    upn: upn === null ? undefined : `UPN:${upn.toUpperCase()}`,
    uln: uln === null ? undefined : `ULN:${uln}`,
    name: `NAME:${(text(surname) ?? "").toLowerCase()}|${(text(forename) ?? "").toLowerCase()}|${text(birth) ?? ""}`,
  };
}

/**
 * Matches people across exports: two person rows are the same child when they share a UPN, a ULN, or
 * (failing those) a name and date of birth, so a child who gains a UPN between exports stays one child.
 * Rows are never joined when that would give one child two different UPNs or two different ULNs.
 */
export class PersonMatcher {
  /**
   * Each identifier's text, numbered by its row, found through a hash index: a national run has millions,
   * which as keys of a Map cost seconds to hash and keep (the garbage collector walks every one).
   */
  private readonly texts = new TextColumn();
  private readonly index = new RowIndex(1 << 16);
  /** The identifier being looked up, and the check against it (made once, not per lookup). */
  private probe = "";
  private readonly isProbe = (row: number) => this.texts.equals(row, this.probe);
  /** The union-find forest over identifier numbers. */
  private parent = new Int32Array(1024);
  /** For a root: the UPN (and ULN) identifier its child carries, or -1. */
  private upnOf = new Int32Array(1024);
  private ulnOf = new Int32Array(1024);

  private findNumber(id: number): number {
    let root = id;
    while (this.parent[root] !== root) root = this.parent[root]!;
    this.parent[id] = root;
    return root;
  }

  private add(id: string, kind: "upn" | "uln" | "name"): number {
    const hash = hashText(id);
    this.probe = id;
    let number = this.index.find(hash, this.isProbe);
    if (number < 0) {
      number = this.texts.length;
      if (number === this.parent.length) {
        this.parent = grow(this.parent, number + 1);
        this.upnOf = grow(this.upnOf, number + 1);
        this.ulnOf = grow(this.ulnOf, number + 1);
      }
      this.texts.push(id);
      this.index.add(hash, number);
      this.parent[number] = number;
      this.upnOf[number] = kind === "upn" ? number : -1;
      this.ulnOf[number] = kind === "uln" ? number : -1;
    }
    return number;
  }

  private union(a: number, b: number): void {
    const rootA = this.findNumber(a);
    const rootB = this.findNumber(b);
    if (rootA === rootB) return;
    const upnOf = this.upnOf;
    const ulnOf = this.ulnOf;
    if (PersonMatcher.conflict(upnOf, rootA, rootB) || PersonMatcher.conflict(ulnOf, rootA, rootB)) return;
    this.parent[rootB] = rootA;
    if (upnOf[rootA]! < 0) upnOf[rootA] = upnOf[rootB]!;
    if (ulnOf[rootA]! < 0) ulnOf[rootA] = ulnOf[rootB]!;
  }

  /** Both roots carry an identifier of this kind, and not the same one. */
  private static conflict(of: Int32Array, rootA: number, rootB: number): boolean {
    return of[rootA]! >= 0 && of[rootB]! >= 0 && of[rootA] !== of[rootB];
  }

  /**
   * Registers a person row's identifiers (identifiersOf); call for every row before asking for
   * children. Returns the number of the identifier its child is found by.
   */
  registerIds(ids: PersonIdentifiers): number {
    const upn = ids.upn ? this.add(ids.upn, "upn") : -1;
    const uln = ids.uln ? this.add(ids.uln, "uln") : -1;
    const name = this.add(ids.name, "name");
    const first = upn >= 0 ? upn : uln;
    if (upn >= 0 && uln >= 0) this.union(upn, uln);
    // Name and date of birth link a row only to rows it does not contradict (see union).
    this.union(first >= 0 ? first : name, name);
    return first >= 0 ? first : name;
  }

  /** The child (as a number: equal for rows of the same child) of a row whose identifier registerIds numbered. */
  childOf(id: number): number {
    return this.findNumber(id);
  }

  /** How many identifiers are numbered: every childOf is below it. */
  get size(): number {
    return this.texts.length;
  }
}

/** A module's rows grouped under their parent rows (see Sen2Table.byParent). */
interface Groups {
  start: Int32Array;
  rows: Int32Array;
}

/** The rows hanging from `parent`, in file order. */
function childRowsOf(groups: Groups, parent: number): number[] {
  const rows: number[] = [];
  for (let at = groups.start[parent]!, end = groups.start[parent + 1]!; at < end; at++) rows.push(groups.rows[at]!);
  return rows;
}

/** The first row hanging from `parent`, or -1. */
function firstChild(groups: Groups, parent: number): number {
  return groups.start[parent]! < groups.start[parent + 1]! ? groups.rows[groups.start[parent]!]! : -1;
}

/** Rank-1 row of a ranked module (lowest rank wins; ties keep file order), or -1. */
function rankOne(rows: number[], rank: (row: number) => CellValue): number {
  if (rows.length < 2) return rows.length === 0 ? -1 : rows[0]!;
  return [...rows].sort((a, b) => Number(rank(a) ?? 99) - Number(rank(b) ?? 99))[0]!;
}

/**
 * The main placement a child attends: rank 1, and of those the one still current (no leaving date),
 * else the one left most recently. An export also lists settings left since the last census.
 */
function currentMainPlacement(rows: number[], placements: Sen2Table): number {
  if (rows.length < 2) return rows.length === 0 ? -1 : rows[0]!;
  const rankOf = placements.column("placementrank");
  const leaving = placements.column("leavingdate");
  const rank = (row: number) => Number(rankOf(row) ?? 99);
  const left = (row: number) => String(leaving(row) ?? "9999-12-31");
  return [...rows].sort((a, b) => rank(a) - rank(b) || left(b).localeCompare(left(a)))[0]!;
}

interface ExportIndex {
  export: Sen2Export;
  tables: Sen2Export["tables"];
  assessmentsByRequest: Groups;
  plansByAssessment: Groups;
  planDetailByPlan: Groups;
  activeByRequest: Groups;
  placementsByActive: Groups;
  needsByActive: Groups;
}

function indexExport(sen2: Sen2Export): ExportIndex {
  const t = sen2.tables;
  return {
    export: sen2,
    tables: t,
    assessmentsByRequest: t.assessment.byParent(t.requests.length),
    plansByAssessment: t.namedplan.byParent(t.assessment.length),
    planDetailByPlan: t.plandetail.byParent(t.namedplan.length),
    activeByRequest: t.activeplans.byParent(t.requests.length),
    placementsByActive: t.placementdetail.byParent(t.activeplans.length),
    needsByActive: t.senneed.byParent(t.activeplans.length),
  };
}

/** The assessment that matters for a request: the one that led to a plan, else the latest decided (rows, -1 for none). */
function mainAssessment(index: ExportIndex, request: number): { assessment: number; plan: number } {
  const assessments = childRowsOf(index.assessmentsByRequest, request);
  for (const assessment of assessments) {
    const plan = firstChild(index.plansByAssessment, assessment);
    if (plan >= 0) return { assessment, plan };
  }
  if (assessments.length < 2) return { assessment: assessments.length === 0 ? -1 : assessments[0]!, plan: -1 };
  const decided = index.tables.assessment.column("assessmentoutcomedate");
  const latest = [...assessments].sort((a, b) => String(decided(b) ?? "").localeCompare(String(decided(a) ?? "")))[0];
  return { assessment: latest ?? -1, plan: -1 };
}

/** Each person row's identifiers (identifiersOf), read column by column. */
function peopleIdentifiers(people: Sen2Table): (row: number) => PersonIdentifiers {
  const upn = people.column("upn");
  const uln = people.column("uniquelearnernumber");
  const surname = people.column("surname");
  const forename = people.column("forename");
  const birth = people.column("personbirthdate");
  return (row) => identifiersOf(upn(row), uln(row), surname(row), forename(row), birth(row));
}

/**
 * Requests numbered by their child and received date, in the order first met (a national run has millions:
 * typed arrays, each child's requests chained, rather than maps keyed by numbers beyond small integers).
 */
class RequestNumbers {
  /** Each child's newest request's number (its index + 1), 0 for none: grown like the other arrays, zero-filled. */
  private newestOfChild = new Int32Array(1024);
  private days = new Int32Array(1024);
  /** The number of the child's request made before this one, 0 for none. */
  private previous = new Int32Array(1024);
  size = 0;

  /** The request's number (from 1), or 0 when it has none yet. */
  find(child: number, days: number): number {
    for (let number = child < this.newestOfChild.length ? this.newestOfChild[child]! : 0; number > 0; number = this.previous[number - 1]!) {
      if (this.days[number - 1] === days) return number;
    }
    return 0;
  }

  /** The request's number, a new one if it has none yet. */
  number(child: number, days: number): number {
    const found = this.find(child, days);
    if (found > 0) return found;
    this.newestOfChild = grow(this.newestOfChild, child + 1);
    this.days = grow(this.days, this.size + 1);
    this.previous = grow(this.previous, this.size + 1);
    const at = this.size++;
    this.days[at] = days;
    this.previous[at] = this.newestOfChild[child]!;
    this.newestOfChild[child] = at + 1;
    return at + 1;
  }
}

/** 1 January of the year before the reference date's year: the first day an annual return describes. */
export function coversFrom(referenceDate: string): string {
  return `${Number(referenceDate.slice(0, 4)) - 1}-01-01`;
}

export function buildCanonicalTables(
  exports: readonly Sen2Export[],
  lookup: Lookup,
): { tables: CanonicalTables; problems: Problem[] } {
  const problems: Problem[] = [];
  const ordered = [...exports].sort((a, b) => a.referenceDate.localeCompare(b.referenceDate) || a.exportDate.localeCompare(b.exportDate));
  const indexes = ordered.map(indexExport);
  // Rows go straight into columns (a national run has millions): no row objects are kept.
  const exportRows: Record<string, CellValue>[] = [];
  const built = {
    children: new TableBuilder(CANONICAL_COLUMNS.children, FREE_TEXT_COLUMNS),
    requests: new TableBuilder(CANONICAL_COLUMNS.requests),
    assessments: new TableBuilder(CANONICAL_COLUMNS.assessments),
    plans: new TableBuilder(CANONICAL_COLUMNS.plans),
    plan_records: new TableBuilder(CANONICAL_COLUMNS.plan_records),
  };

  /** Each child's newest person row (exports are in date order): its export and row, by child id. */
  const childPeople: { index: ExportIndex; row: number }[] = [];
  const unmatchedSettings = new Set<string>();

  const matcher = new PersonMatcher();
  /** Each person row's identifier its child is found by (registering numbered it). */
  const personIds = indexes.map((index) => {
    const people = index.tables.person;
    const identifiers = peopleIdentifiers(people);
    const ids = new Int32Array(people.length);
    for (let row = 0; row < people.length; row++) ids[row] = matcher.registerIds(identifiers(row));
    return ids;
  });
  const keyOf = (exportAt: number, person: number) => matcher.childOf(personIds[exportAt]![person]!);
  /** Child ids (from 1) by the child's key (childOf), 0 for a child not yet met. */
  const childIds = new Int32Array(matcher.size);
  let children = 0;
  /** Requests (by child key and received date); for each, from its number, the newest export's row. */
  const requestNumbers = new RequestNumbers();
  const newestExport: number[] = [];
  const newestRow: number[] = [];
  const requestChild: number[] = [];

  for (const [exportAt, index] of indexes.entries()) {
    const referenceDate = index.export.referenceDate;
    exportRows.push({
      reference_date: referenceDate,
      export_date: index.export.exportDate,
      la: index.export.la,
      covers_from: coversFrom(referenceDate),
    });
    const { requests, activeplans: actives, senneed: needs, placementdetail: placements } = index.tables;
    const received = requests.column("receiveddate");
    for (let request = 0; request < requests.length; request++) {
      const person = requests.parent(request);
      const childKey = keyOf(exportAt, person);
      let childId = childIds[childKey]!;
      if (childId === 0) childIds[childKey] = childId = ++children;
      // Person details from the newest export that mentions the child (exports are in date order).
      childPeople[childId - 1] = { index, row: person };
      // Every accepted request with a person has an ISO received date.
      const requestId = requestNumbers.number(childKey, daysOfIso(received(request) as string));
      newestExport[requestId - 1] = exportAt;
      newestRow[requestId - 1] = request;
      requestChild[requestId - 1] = childId;

      // Plan facts as this export recorded them: used for snapshots near this export's reference date.
      const active = firstChild(index.activeByRequest, request);
      const { plan } = mainAssessment(index, request);
      if (active >= 0 || plan >= 0) {
        const need = active >= 0 ? rankOne(childRowsOf(index.needsByActive, active), needs.column("sentyperank")) : -1;
        const placement = active >= 0 ? currentMainPlacement(childRowsOf(index.placementsByActive, active), placements) : -1;
        const named = plan >= 0 ? rankOne(childRowsOf(index.planDetailByPlan, plan), index.tables.plandetail.column("placementrank")) : -1;
        const attended = placement >= 0 ? resolvePlacement("placementdetail", placement, index, lookup, unmatchedSettings, problems) : undefined;
        const namedSetting = named >= 0 ? resolvePlacement("plandetail", named, index, lookup, unmatchedSettings, problems) : undefined;
        const leaving = placement >= 0 ? placements.value("leavingdate", placement) : null;
        built.plan_records.pushObject({
          request_id: requestId,
          reference_date: referenceDate,
          primary_need: (need >= 0 ? text(needs.value("sentype", need)) : null) ?? "UNKNOWN",
          setting: attended?.category ?? "unknown",
          setting_la: attended?.laCode ?? null,
          setting_id: placement >= 0 ? (text(placements.value("urn", placement)) ?? text(placements.value("ukprn", placement)) ?? text(placements.value("sensetting", placement))) : null,
          named_setting: namedSetting?.category ?? attended?.category ?? "unknown",
          last_review: active >= 0 ? text(actives.value("lastreview", active)) : null,
          setting_file: placement >= 0 ? index.export.fileNames.placementdetail : null,
          setting_row: placement >= 0 ? placements.line(placement) : null,
          setting_left: Boolean(leaving && String(leaving) <= referenceDate),
        });
      }
    }
  }

  // A request rejected in a newer export must not be replaced by an older export's (stale) version.
  const rejectedIn = new Map<number, { rejectedBy: Sen2Export; line: number }>();
  for (const [exportAt, index] of indexes.entries()) {
    for (const row of index.export.rejectedRequests) {
      if (row.person < 0 || !row.receivedDate) continue;
      const requestId = requestNumbers.find(keyOf(exportAt, row.person), daysOfIso(row.receivedDate as string));
      if (requestId > 0) rejectedIn.set(requestId, { rejectedBy: index.export, line: row.line });
    }
  }
  // Requests in the order first met (their numbers' order).
  for (let requestId = 1; requestId <= requestNumbers.size; requestId++) {
    const index = indexes[newestExport[requestId - 1]!]!;
    const request = newestRow[requestId - 1]!;
    const childId = requestChild[requestId - 1]!;
    const rejection = rejectedIn.get(requestId);
    if (rejection && rejection.rejectedBy.referenceDate > index.export.referenceDate) {
      problems.push({
        source: `SEN2 export ${rejection.rejectedBy.exportDate}`,
        file: rejection.rejectedBy.fileNames.requests,
        row: rejection.line,
        column: "requeststableid",
        severity: "warning",
        rule: "stale-version-dropped",
        message: `this request was rejected here; its older version in the export of ${index.export.exportDate} is left out rather than used in its place`,
      });
      continue;
    }
    const { requests, assessment: assessments, namedplan: plans } = index.tables;
    const outcome = text(requests.value("requestoutcome", request));
    built.requests.pushObject({
      request_id: requestId,
      child_id: childId,
      received_date: text(requests.value("receiveddate", request)),
      request_outcome: outcome,
      request_outcome_group: outcomeGroup(REQUEST_OUTCOME_CODES, outcome),
      request_outcome_date: text(requests.value("requestoutcomedate", request)),
      request_mediation: requests.value("requestmediation", request) === true,
      request_tribunal: requests.value("requesttribunal", request) === true,
      reference_date: index.export.referenceDate,
    });
    const { assessment, plan } = mainAssessment(index, request);
    if (assessment >= 0) {
      const assessmentOutcome = text(assessments.value("assessmentoutcome", assessment));
      built.assessments.pushObject({
        request_id: requestId,
        assessment_outcome: assessmentOutcome,
        assessment_outcome_group: outcomeGroup(ASSESSMENT_OUTCOME_CODES, assessmentOutcome),
        assessment_outcome_date: text(assessments.value("assessmentoutcomedate", assessment)),
        assessment_mediation: assessments.value("assessmentmediation", assessment) === true,
        assessment_tribunal: assessments.value("assessmenttribunal", assessment) === true,
        other_mediation: assessments.value("othermediation", assessment) === true,
        other_tribunal: assessments.value("othertribunal", assessment) === true,
        week20: assessments.value("week20", assessment) === true,
      });
    }
    if (plan >= 0) {
      built.plans.pushObject({
        request_id: requestId,
        child_id: childId,
        start_date: text(plans.value("startdate", plan)),
        cease_date: text(plans.value("ceasedate", plan)),
        cease_reason: text(plans.value("ceasereason", plan)),
      });
    }
  }
  childPeople.forEach(({ index, row }, at) => {
    const people = index.tables.person;
    built.children.pushObject({
      child_id: at + 1,
      person_id: text(people.value("nativeid", row)) ?? text(people.value("persontableid", row)),
      upn: text(people.value("upn", row))?.toUpperCase() ?? null,
      uln: text(people.value("uniquelearnernumber", row)),
      surname: text(people.value("surname", row)),
      forename: text(people.value("forename", row)),
      birth_date: text(people.value("personbirthdate", row)),
      sex: text(people.value("sex", row)),
      ethnicity: text(people.value("ethnicity", row)),
    });
  });
  const table = (name: Exclude<CanonicalTableName, "exports">) => columnarTable(name, CANONICAL_COLUMNS[name], built[name].rows());
  const tables: CanonicalTables = {
    exports: { name: "exports", columns: CANONICAL_COLUMNS.exports, rows: exportRows },
    children: table("children"),
    requests: table("requests"),
    assessments: table("assessments"),
    plans: table("plans"),
    plan_records: table("plan_records"),
  };
  return { tables, problems };
}

function resolvePlacement(
  module: "placementdetail" | "plandetail",
  row: number,
  index: ExportIndex,
  lookup: Lookup,
  unmatched: Set<string>,
  problems: Problem[],
) {
  const table = index.tables[module];
  const urn = text(table.value("urn", row));
  const ukprn = text(table.value("ukprn", row));
  const resolved = resolveSetting({ urn, ukprn, senSetting: text(table.value("sensetting", row)) }, lookup);
  if (resolved.unmatched) {
    const id = urn ?? ukprn ?? "";
    const line = table.line(row);
    const key = `${index.export.referenceDate}|${id}|${line}`;
    if (!unmatched.has(key)) {
      unmatched.add(key);
      problems.push({
        source: `SEN2 export ${index.export.exportDate}`,
        file: index.export.fileNames[module],
        row: line,
        column: urn ? "urn" : "ukprn",
        severity: "warning",
        rule: "unknown-establishment",
        message: `establishment ${id} is not in the establishments lookup; its setting is counted as other/unknown`,
      });
    }
  }
  return resolved;
}
