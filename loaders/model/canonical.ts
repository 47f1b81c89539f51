// Builds the canonical tables (children, requests, assessments, plans, plan_records, exports) from one or
// more validated SEN2 exports. Records are matched across exports by person (UPN, else ULN, else name and
// date of birth) plus the request's received date; the newest export's version of a request wins.

import type { Sen2Export, Sen2Row, CellValue } from "../sources/sen2.js";
import type { Establishment } from "../sources/establishments.js";
import { resolveSetting } from "./settings.js";
import {
  ASSESSMENT_OUTCOME_CODES,
  REQUEST_OUTCOME_CODES,
  outcomeGroup,
} from "../config/outcome-codes.js";
import type { Problem } from "../sources/problems.js";

export type ColumnType = "varchar" | "integer" | "boolean" | "date" | "double";
export interface TableColumn {
  name: string;
  type: ColumnType;
}
export interface Table {
  name: string;
  columns: readonly TableColumn[];
  rows: Record<string, CellValue>[];
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
export type CanonicalTables = Record<CanonicalTableName, Table>;

interface Lookup {
  byUrn: Map<string, Establishment>;
  byUkprn: Map<string, Establishment>;
}

const text = (value: CellValue | undefined): string | null => (value === null || value === undefined || value === "" ? null : String(value));

/** The identifiers a person row carries: UPN, ULN, and name with date of birth. */
export function personIdentifiers(person: Record<string, CellValue>): { upn?: string; uln?: string; name: string } {
  const upn = text(person.upn)?.toUpperCase();
  const uln = text(person.uniquelearnernumber) ?? undefined;
  const name = `NAME:${(text(person.surname) ?? "").toLowerCase()}|${(text(person.forename) ?? "").toLowerCase()}|${text(person.personbirthdate) ?? ""}`;
  return { ...(upn ? { upn: `UPN:${upn}` } : {}), ...(uln ? { uln: `ULN:${uln}` } : {}), name };
}

/**
 * Matches people across exports: two person rows are the same child when they share a UPN, a ULN, or
 * (failing those) a name and date of birth, so a child who gains a UPN between exports stays one child.
 * Rows are never joined when that would give one child two different UPNs or two different ULNs.
 */
export class PersonMatcher {
  private parent = new Map<string, string>();
  private upns = new Map<string, string>();
  private ulns = new Map<string, string>();

  private find(id: string): string {
    let root = id;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(id, root);
    return root;
  }

  private add(id: string): string {
    if (!this.parent.has(id)) {
      this.parent.set(id, id);
      if (id.startsWith("UPN:")) this.upns.set(id, id);
      if (id.startsWith("ULN:")) this.ulns.set(id, id);
    }
    return this.find(id);
  }

  private union(a: string, b: string): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA === rootB) return;
    const conflict = (map: Map<string, string>) => map.has(rootA) && map.has(rootB) && map.get(rootA) !== map.get(rootB);
    if (conflict(this.upns) || conflict(this.ulns)) return;
    this.parent.set(rootB, rootA);
    for (const map of [this.upns, this.ulns]) if (!map.has(rootA) && map.has(rootB)) map.set(rootA, map.get(rootB)!);
  }

  /** Registers a person row's identifiers; call for every row before asking for keys. */
  register(person: Record<string, CellValue>): void {
    const ids = personIdentifiers(person);
    const strong = [ids.upn, ids.uln].filter((id): id is string => Boolean(id));
    for (const id of [...strong, ids.name]) this.add(id);
    for (const id of strong.slice(1)) this.union(strong[0]!, id);
    // Name and date of birth link a row only to rows it does not contradict (see union).
    this.union(strong[0] ?? ids.name, ids.name);
  }

  /** The child this person row belongs to. */
  key(person: Record<string, CellValue>): string {
    const ids = personIdentifiers(person);
    return this.find(ids.upn ?? ids.uln ?? ids.name);
  }
}

/** Groups a module's rows by their parent table id. */
function byParent(rows: Sen2Row[], parentColumn: string): Map<string, Sen2Row[]> {
  const groups = new Map<string, Sen2Row[]>();
  for (const row of rows) {
    const key = String(row.values[parentColumn]);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** Rank-1 row of a ranked module (lowest rank wins; ties keep file order). */
function rankOne(rows: Sen2Row[] | undefined, rankColumn: string): Sen2Row | undefined {
  if (!rows || rows.length === 0) return undefined;
  return [...rows].sort((a, b) => Number(a.values[rankColumn] ?? 99) - Number(b.values[rankColumn] ?? 99))[0];
}

/**
 * The main placement a child attends: rank 1, and of those the one still current (no leaving date),
 * else the one left most recently. An export also lists settings left since the last census.
 */
function currentMainPlacement(rows: Sen2Row[] | undefined): Sen2Row | undefined {
  if (!rows || rows.length === 0) return undefined;
  const rank = (row: Sen2Row) => Number(row.values.placementrank ?? 99);
  const left = (row: Sen2Row) => String(row.values.leavingdate ?? "9999-12-31");
  return [...rows].sort((a, b) => rank(a) - rank(b) || left(b).localeCompare(left(a)))[0];
}

interface ExportIndex {
  export: Sen2Export;
  personById: Map<string, Sen2Row>;
  assessmentsByRequest: Map<string, Sen2Row[]>;
  plansByAssessment: Map<string, Sen2Row[]>;
  planDetailByPlan: Map<string, Sen2Row[]>;
  activeByRequest: Map<string, Sen2Row[]>;
  placementsByActive: Map<string, Sen2Row[]>;
  needsByActive: Map<string, Sen2Row[]>;
}

function indexExport(sen2: Sen2Export): ExportIndex {
  return {
    export: sen2,
    personById: new Map(sen2.rows.person.map((row) => [String(row.values.persontableid), row])),
    assessmentsByRequest: byParent(sen2.rows.assessment, "requeststableid"),
    plansByAssessment: byParent(sen2.rows.namedplan, "assessmenttableid"),
    planDetailByPlan: byParent(sen2.rows.plandetail, "namedplantableid"),
    activeByRequest: byParent(sen2.rows.activeplans, "requeststableid"),
    placementsByActive: byParent(sen2.rows.placementdetail, "activeplanstableid"),
    needsByActive: byParent(sen2.rows.senneed, "activeplanstableid"),
  };
}

/** The assessment that matters for a request: the one that led to a plan, else the latest decided. */
function mainAssessment(index: ExportIndex, requestId: string): { assessment?: Sen2Row; plan?: Sen2Row } {
  const assessments = index.assessmentsByRequest.get(requestId) ?? [];
  for (const assessment of assessments) {
    const plan = index.plansByAssessment.get(String(assessment.values.assessmenttableid))?.[0];
    if (plan) return { assessment, plan };
  }
  const latest = [...assessments].sort((a, b) => String(b.values.assessmentoutcomedate ?? "").localeCompare(String(a.values.assessmentoutcomedate ?? "")))[0];
  return latest ? { assessment: latest } : {};
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
  const tables = Object.fromEntries(
    Object.entries(CANONICAL_COLUMNS).map(([name, columns]) => [name, { name, columns, rows: [] }]),
  ) as unknown as CanonicalTables;

  const childIds = new Map<string, number>();
  const childRows = new Map<number, Record<string, CellValue>>();
  /** request key -> the newest export's request row. */
  const newestRequest = new Map<string, { index: ExportIndex; request: Sen2Row; childId: number }>();
  const requestIds = new Map<string, number>();
  const planRecords: Record<string, CellValue>[] = [];
  const unmatchedSettings = new Set<string>();

  const matcher = new PersonMatcher();
  for (const index of indexes) for (const person of index.export.rows.person) matcher.register(person.values);

  for (const index of indexes) {
    const referenceDate = index.export.referenceDate;
    tables.exports.rows.push({
      reference_date: referenceDate,
      export_date: index.export.exportDate,
      la: index.export.la,
      covers_from: coversFrom(referenceDate),
    });
    for (const request of index.export.rows.requests) {
      const person = index.personById.get(String(request.values.persontableid))!;
      const childKey = matcher.key(person.values);
      let childId = childIds.get(childKey);
      if (childId === undefined) {
        childId = childIds.size + 1;
        childIds.set(childKey, childId);
      }
      // Person details from the newest export that mentions the child (exports are in date order).
      childRows.set(childId, {
        child_id: childId,
        person_id: text(person.values.nativeid) ?? text(person.values.persontableid),
        upn: text(person.values.upn)?.toUpperCase() ?? null,
        uln: text(person.values.uniquelearnernumber),
        surname: text(person.values.surname),
        forename: text(person.values.forename),
        birth_date: text(person.values.personbirthdate),
        sex: text(person.values.sex),
        ethnicity: text(person.values.ethnicity),
      });
      const requestKey = `${childKey}|${request.values.receiveddate}`;
      let requestId = requestIds.get(requestKey);
      if (requestId === undefined) {
        requestId = requestIds.size + 1;
        requestIds.set(requestKey, requestId);
      }
      newestRequest.set(requestKey, { index, request, childId });

      // Plan facts as this export recorded them: used for snapshots near this export's reference date.
      const active = index.activeByRequest.get(String(request.values.requeststableid))?.[0];
      const { plan } = mainAssessment(index, String(request.values.requeststableid));
      if (active || plan) {
        const activeId = active ? String(active.values.activeplanstableid) : "";
        const need = rankOne(index.needsByActive.get(activeId), "sentyperank");
        const placement = currentMainPlacement(index.placementsByActive.get(activeId));
        const named = plan ? rankOne(index.planDetailByPlan.get(String(plan.values.namedplantableid)), "placementrank") : undefined;
        const attended = placement ? resolvePlacement(placement, index, lookup, unmatchedSettings, problems) : undefined;
        const namedSetting = named ? resolvePlacement(named, index, lookup, unmatchedSettings, problems) : undefined;
        planRecords.push({
          request_id: requestId,
          reference_date: referenceDate,
          primary_need: text(need?.values.sentype) ?? "UNKNOWN",
          setting: attended?.category ?? "unknown",
          setting_la: attended?.laCode ?? null,
          setting_id: placement ? (text(placement.values.urn) ?? text(placement.values.ukprn) ?? text(placement.values.sensetting)) : null,
          named_setting: namedSetting?.category ?? attended?.category ?? "unknown",
          last_review: text(active?.values.lastreview),
          setting_file: placement ? index.export.fileNames.placementdetail : null,
          setting_row: placement ? placement.line : null,
          setting_left: Boolean(placement?.values.leavingdate && String(placement.values.leavingdate) <= referenceDate),
        });
      }
    }
  }

  // A request rejected in a newer export must not be replaced by an older export's (stale) version.
  const rejectedIn = new Map<string, { rejectedBy: Sen2Export; line: number }>();
  for (const index of indexes) {
    for (const row of index.export.rejectedRequests) {
      const person = index.personById.get(String(row.values.persontableid));
      if (person && row.values.receiveddate) rejectedIn.set(`${matcher.key(person.values)}|${row.values.receiveddate}`, { rejectedBy: index.export, line: row.line });
    }
  }
  for (const [requestKey, { index, request, childId }] of newestRequest) {
    const rejection = rejectedIn.get(requestKey);
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
    const requestId = requestIds.get(requestKey)!;
    const requestTableId = String(request.values.requeststableid);
    tables.requests.rows.push({
      request_id: requestId,
      child_id: childId,
      received_date: text(request.values.receiveddate),
      request_outcome: text(request.values.requestoutcome),
      request_outcome_group: outcomeGroup(REQUEST_OUTCOME_CODES, text(request.values.requestoutcome)),
      request_outcome_date: text(request.values.requestoutcomedate),
      request_mediation: request.values.requestmediation === true,
      request_tribunal: request.values.requesttribunal === true,
      reference_date: index.export.referenceDate,
    });
    const { assessment, plan } = mainAssessment(index, requestTableId);
    if (assessment) {
      tables.assessments.rows.push({
        request_id: requestId,
        assessment_outcome: text(assessment.values.assessmentoutcome),
        assessment_outcome_group: outcomeGroup(ASSESSMENT_OUTCOME_CODES, text(assessment.values.assessmentoutcome)),
        assessment_outcome_date: text(assessment.values.assessmentoutcomedate),
        assessment_mediation: assessment.values.assessmentmediation === true,
        assessment_tribunal: assessment.values.assessmenttribunal === true,
        other_mediation: assessment.values.othermediation === true,
        other_tribunal: assessment.values.othertribunal === true,
        week20: assessment.values.week20 === true,
      });
    }
    if (plan) {
      tables.plans.rows.push({
        request_id: requestId,
        child_id: childId,
        start_date: text(plan.values.startdate),
        cease_date: text(plan.values.ceasedate),
        cease_reason: text(plan.values.ceasereason),
      });
    }
  }
  tables.children.rows = [...childRows.values()];
  tables.plan_records.rows = planRecords;
  return { tables, problems };
}

function resolvePlacement(
  row: Sen2Row,
  index: ExportIndex,
  lookup: Lookup,
  unmatched: Set<string>,
  problems: Problem[],
) {
  const resolved = resolveSetting(
    { urn: text(row.values.urn), ukprn: text(row.values.ukprn), senSetting: text(row.values.sensetting) },
    lookup,
  );
  if (resolved.unmatched) {
    const id = text(row.values.urn) ?? text(row.values.ukprn) ?? "";
    const key = `${index.export.referenceDate}|${id}|${row.line}`;
    if (!unmatched.has(key)) {
      unmatched.add(key);
      const module = "placementdetailtableid" in row.values ? "placementdetail" : "plandetail";
      problems.push({
        source: `SEN2 export ${index.export.exportDate}`,
        file: index.export.fileNames[module],
        row: row.line,
        column: text(row.values.urn) ? "urn" : "ukprn",
        severity: "warning",
        rule: "unknown-establishment",
        message: `establishment ${id} is not in the establishments lookup; its setting is counted as other/unknown`,
      });
    }
  }
  return resolved;
}
