// One annual Blade export = the view of the population at a January reference date R: what the LA's
// system knew at R, and only the children the return covers (plans active at R, plans ceased last
// year, work completed last year, work still ongoing at R). Nothing dated after R is shown.

import { join } from "node:path";
import { SEN2_MODULES, type Sen2Module } from "../../loaders/sources/sen2-schema.js";
import { REFERENCE_DATES, LA_CODE, EXPORT_YEARS, type PlacementCategory } from "./calibration.js";
import { BufferedCsvWriter } from "./csv.js";
import { ageOn, bladeDate, fileNameDate, yearOf, type Day } from "./dates.js";
import { needsOf, PlacementHistory, type PlacementRow, type Setting } from "./placements.js";
import { isActiveAt, type PersonTruth, type PlanTruth, type RequestTruth } from "./population.js";

const MODULES: readonly Sen2Module[] = SEN2_MODULES.map((spec) => spec.module);

/** Header of a module in a given export year: the schema's columns with the version differences of that year. */
export function moduleHeader(module: Sen2Module, year: number): string[] {
  const columns = SEN2_MODULES.find((spec) => spec.module === module)!.columns.map((column) => column.name);
  // The 2023 return (spec v1.1) still called sex "gendercurrent".
  if (module === "person" && year === 2023) return columns.map((name) => (name === "sex" ? "gendercurrent" : name));
  // v1.3 (2025) added the source of the request.
  if (module === "requests" && year >= 2025) return [...columns, "source"];
  return columns;
}

export function bladeFileName(referenceDate: Day, module: Sen2Module): string {
  return `Blade-Export_${fileNameDate(referenceDate)}_${module}.csv`;
}

const flag = (value: boolean) => (value ? "1" : "0");

/** Whether the return at R (year Y) covers this request. */
export function requestIncluded(request: RequestTruth, at: Day, year: number): boolean {
  if (request.received > at) return false;
  const lastYear = year - 1;
  const plan = request.assessment?.plan;
  if (plan && plan.start <= at) {
    if (isActiveAt(plan, at)) return true;
    if (yearOf(plan.cease!) === lastYear) return true;
    if (yearOf(plan.start) === lastYear) return true;
  }
  if (request.outcomeDate > at) return true; // no decision yet: ongoing
  if (request.outcome !== "A") return yearOf(request.outcomeDate) === lastYear;
  const assessment = request.assessment!;
  if (assessment.date > at) return true; // assessment ongoing
  if (assessment.outcome === "N" || assessment.outcome === "W") return yearOf(assessment.date) === lastYear;
  return plan !== undefined && plan.start > at; // decided to issue, final plan not issued yet
}

/** Counts taken from what an export shows, for the calibration summary. */
export class ExportTally {
  persons = 0;
  rows: Partial<Record<Sen2Module, number>> = {};
  activePlans = 0;
  placements = new Map<PlacementCategory, number>();
  ages: number[] = [];
  needs = new Map<string, number>();
  requestsReceived = 0;
  requestOutcomes = { A: 0, N: 0, W: 0, pending: 0 };
  decisions = 0;
  decisionsWithin6Weeks = 0;
  requestMediation = 0;
  requestTribunal = 0;
  assessmentMediation = 0;
  assessmentTribunal = 0;
  otherMediation = 0;
  otherTribunal = 0;
  assessmentsCompleted = { Y: 0, N: 0, W: 0, S: 0 };
  newPlans = 0;
  newPlansWithin20Weeks = 0;
  newPlansException = 0;
  newPlansExceptionWithin20Weeks = 0;
  ceased = new Array<number>(10).fill(0);
  openOver30Weeks = 0;
  openOver52Weeks = 0;
  plansOverAYearOld = 0;
  reviewedInLastYear = 0;
  neverReviewed = 0;

  add<K>(map: Map<K, number>, key: K): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }
}

export interface DeliberateProblem {
  file: string;
  row: number;
  tableid: string;
  column: string;
  value: string;
  problem: string;
}

/** Which rows of the newest export get a deliberate data-quality problem (nth eligible row, 1-based). */
const PROBLEM_ORDINALS = {
  blankEthnicityPerson: 15,
  unknownOutcomeRequests: [40, 80],
  outcomeBeforeReceivedRequest: 60,
  duplicatedPlacementId: 100,
  unknownUrnPlacements: [150, 300],
};
const UNKNOWN_URNS = ["999901", "999902"];

type Row = Record<string, string>;

/** The only columns whose values could ever contain a comma or quote. */
const FREE_TEXT_COLUMNS = new Set(["surname", "forename", "postcode", "sensettingother", "softwarecode", "dmo", "dco", "nativeid", "sourceid", "upnunknown", "transferla"]);

/** One module's output file and where its bookkeeping columns sit in the header. */
interface ModuleOutput {
  writer: BufferedCsvWriter;
  header: string[];
  idColumn: string;
  idIndex: number;
  parentIndex: number;
  nativeIndex: number;
  sequenceIndex: number;
  sourceIndex: number;
  /** Columns that may need CSV quoting (free text); ids, dates, flags and codes never do. */
  freeText: boolean[];
  /** Table ids: YY + module number + counter. */
  idBase: number;
  count: number;
}

export class Sen2ExportWriter {
  readonly tally = new ExportTally();
  readonly problems: DeliberateProblem[] = [];
  private readonly outputs = {} as Record<Sen2Module, ModuleOutput>;
  private readonly year: number;
  private readonly at: Day;
  private readonly withProblems: boolean;
  private eligible = { persons: 0, refusals: 0, placementsWithUrn: 0 };
  private lastPlacementId = "";

  constructor(
    outDir: string,
    private readonly census: number,
    private readonly history: PlacementHistory,
  ) {
    this.year = EXPORT_YEARS[census]!;
    this.at = REFERENCE_DATES[census]!;
    this.withProblems = census === REFERENCE_DATES.length - 1;
    for (const module of MODULES) {
      const header = moduleHeader(module, this.year);
      const parent = SEN2_MODULES.find((spec) => spec.module === module)!.parent;
      this.outputs[module] = {
        writer: new BufferedCsvWriter(join(outDir, bladeFileName(this.at, module)), header),
        header,
        idColumn: `${module}tableid`,
        idIndex: header.indexOf(`${module}tableid`),
        parentIndex: parent ? header.indexOf(`${parent}tableid`) : -1,
        nativeIndex: header.indexOf("nativeid"),
        sequenceIndex: header.indexOf(`${module}orderseqcolumn`),
        sourceIndex: header.indexOf("sourceid"),
        freeText: header.map((name) => FREE_TEXT_COLUMNS.has(name)),
        // Table ids differ between exports (as in real returns) and between modules.
        idBase: (this.year % 100) * 1e9 + MODULES.indexOf(module) * 1e8,
        count: 0,
      };
    }
    this.writeSen2Row();
  }

  /** Writes a row (`values` by column name; bookkeeping columns are filled here); returns its table id and file line. */
  private emit(module: Sen2Module, nativeId: string, parentId: string | undefined, values: Row): { id: string; line: number } {
    const output = this.outputs[module];
    const { header, writer } = output;
    const id = values[output.idColumn] ?? String(output.idBase + ++output.count);
    const fields = new Array<string>(header.length);
    for (let index = 0; index < header.length; index++) fields[index] = values[header[index]!] ?? "";
    fields[output.idIndex] = id;
    if (output.parentIndex >= 0) fields[output.parentIndex] = parentId ?? "";
    if (output.nativeIndex >= 0) fields[output.nativeIndex] = nativeId;
    if (output.sequenceIndex >= 0) fields[output.sequenceIndex] = String(writer.rows + 1);
    if (output.sourceIndex >= 0) fields[output.sourceIndex] = "DEMO";
    writer.writeRow(fields, output.freeText);
    return { id, line: writer.rows + 1 };
  }

  private sen2Id = "";

  private writeSen2Row(): void {
    this.sen2Id = this.emit("sen2", `DEMO-SEN2-${this.year}`, undefined, {
      collection: "SEN2",
      year: String(this.year),
      referencedate: bladeDate(this.at),
      sourcelevel: "L",
      lea: LA_CODE,
      softwarecode: "DEMO-GEN",
      release: "1.0",
      serialno: "1",
      // Made at the end of census day, so no date in the return is after the reference date.
      datetime: bladeDate(this.at).replace("00:00:00", "17:30:00"),
      dmo: "Demo Data Officer",
      dco: "Demo Social Care Officer",
    }).id;
  }

  /** Writes the child and the requests this return covers; skips children it does not cover. */
  writePerson(person: PersonTruth): void {
    const requests = person.requests.filter((request) => requestIncluded(request, this.at, this.year));
    if (requests.length === 0) return;
    this.tally.persons++;
    const age = ageOn(person.birth, this.at);
    const values: Row = {
      surname: person.surname,
      forename: person.forename,
      personbirthdate: bladeDate(person.birth),
      sex: person.sex,
      gendercurrent: person.sex,
      ethnicity: person.ethnicity,
      postcode: person.postcode,
      upn: person.upn,
      uniquelearnernumber: person.uln && (age >= 14 || !person.upn) ? person.uln : "",
      upnunknown: "",
    };
    const problem = this.withProblems && ++this.eligible.persons === PROBLEM_ORDINALS.blankEthnicityPerson;
    if (problem) values.ethnicity = "";
    const written = this.emit("person", `DEMO-P${person.serial}`, this.sen2Id, values);
    if (problem) this.record("person", written, "ethnicity", "", "blank ethnicity (required in the return)");
    for (const request of requests) this.writeRequest(person, request, written.id);
  }

  private writeRequest(person: PersonTruth, request: RequestTruth, personId: string): void {
    const at = this.at;
    const lastYear = this.year - 1;
    const decided = request.outcomeDate <= at;
    const withdrawnKnown = decided && (request.outcome === "W" || (request.assessment?.outcome === "W" && request.assessment.date <= at));
    const values: Row = {
      receiveddate: bladeDate(request.received),
      rya: flag(request.youthCustody),
      requestoutcomedate: decided ? bladeDate(request.outcomeDate) : "",
      requestoutcome: decided ? request.outcome : "",
      requestmediation: flag(decided && request.mediation),
      requesttribunal: flag(decided && request.tribunal),
      exported: flag(withdrawnKnown && request.exported),
      source: request.source,
    };
    this.tallyRequest(request, decided);
    let problem: "unknown" | "before" | undefined;
    if (this.withProblems && decided && request.outcome === "N") {
      const n = ++this.eligible.refusals;
      if (PROBLEM_ORDINALS.unknownOutcomeRequests.includes(n)) {
        problem = "unknown";
        values.requestoutcome = "Q";
      } else if (n === PROBLEM_ORDINALS.outcomeBeforeReceivedRequest) {
        problem = "before";
        values.requestoutcomedate = bladeDate(request.received - 5);
      }
    }
    const written = this.emit("requests", `DEMO-R${request.key}`, personId, values);
    if (problem === "unknown") this.record("requests", written, "requestoutcome", "Q", "request outcome code not in the code list");
    if (problem === "before") this.record("requests", written, "requestoutcomedate", values.requestoutcomedate!, "request outcome date is before the date the request was received");

    const assessment = request.assessment;
    if (decided && assessment) {
      const done = assessment.date <= at;
      const assessmentRow = this.emit("assessment", `DEMO-A${request.key}`, written.id, {
        assessmentoutcome: done ? assessment.outcome : "",
        assessmentoutcomedate: done ? bladeDate(assessment.date) : "",
        assessmentmediation: flag(done && assessment.mediation),
        assessmenttribunal: flag(done && assessment.tribunal),
        othermediation: flag(done && assessment.otherMediation),
        othertribunal: flag(done && assessment.otherTribunal),
        week20: flag(assessment.week20Exception),
      });
      if (done && yearOf(assessment.date) === lastYear) {
        this.tally.assessmentsCompleted[assessment.outcome]++;
        if (assessment.mediation) this.tally.assessmentMediation++;
        if (assessment.tribunal) this.tally.assessmentTribunal++;
        if (assessment.otherMediation) this.tally.otherMediation++;
        if (assessment.otherTribunal) this.tally.otherTribunal++;
      }
      const plan = assessment.plan;
      if (plan && plan.start <= at) this.writePlan(person, request, plan, assessmentRow.id, written.id);
    }
  }

  private tallyRequest(request: RequestTruth, decided: boolean): void {
    const tally = this.tally;
    const at = this.at;
    const lastYear = this.year - 1;
    if (yearOf(request.received) === lastYear) {
      tally.requestsReceived++;
      if (!decided) tally.requestOutcomes.pending++;
      else tally.requestOutcomes[request.outcome]++;
    }
    if (decided && yearOf(request.outcomeDate) === lastYear && request.outcome !== "W") {
      tally.decisions++;
      if (request.outcomeDate - request.received <= 42) tally.decisionsWithin6Weeks++;
      if (request.mediation) tally.requestMediation++;
      if (request.tribunal) tally.requestTribunal++;
    }
    const assessment = request.assessment;
    const finished = decided && (request.outcome !== "A" || (assessment!.date <= at && (assessment!.outcome === "N" || assessment!.outcome === "W" || (assessment!.plan?.start ?? Infinity) <= at)));
    if (!finished) {
      if (at - request.received > 210) tally.openOver30Weeks++;
      if (at - request.received > 364) tally.openOver52Weeks++;
    }
  }

  private writePlan(person: PersonTruth, request: RequestTruth, plan: PlanTruth, assessmentId: string, requestId: string): void {
    const at = this.at;
    const ceased = plan.cease !== undefined && plan.cease <= at;
    const named = this.emit("namedplan", `DEMO-N${request.key}`, assessmentId, {
      startdate: bladeDate(plan.start),
      planres: flag(plan.residential),
      planwbp: flag(plan.workBased),
      pb: flag(plan.personalBudget),
      oa: flag(plan.organisedArrangements),
      dp: flag(plan.directPayments),
      ceasedate: ceased ? bladeDate(plan.cease) : "",
      ceasereason: ceased ? String(plan.ceaseReason) : "",
    });
    const { rows, current } = this.history.rows(person, plan, this.census);
    const anchor = this.history.anchorCategory(person, plan);
    const needs = needsOf(person, anchor, this.census);

    // Setting(s) named in the plan: the current ones, or the local school where attendance is unknown.
    const namedSettings = rows.filter((row) => (row.leaving === undefined || ceased) && row.setting.category !== "UNK");
    const planSettings: Setting[] = namedSettings.length > 0 ? namedSettings.map((row) => row.setting) : [this.history.fallbackSetting(person, current.stage)];
    planSettings.forEach((setting, index) => {
      const values = settingColumns(setting);
      values.placementrank = String(index + 1);
      this.emit("plandetail", `DEMO-D${request.key}-${index + 1}`, named.id, values);
    });

    const lastReviewLimit = ceased ? plan.cease! : at;
    let lastReview: Day | undefined;
    for (const review of plan.reviews) if (review <= lastReviewLimit) lastReview = review;
    const active = this.emit("activeplans", `DEMO-C${request.key}`, requestId, {
      transferla: plan.transferInFrom && yearOf(plan.start) >= this.year - 1 ? plan.transferInFrom : "",
      res: flag(plan.residential),
      wbp: flag(plan.workBased),
      lastreview: bladeDate(lastReview),
    });
    rows.forEach((row, index) => this.writePlacement(request, row, index, active.id));
    needs.forEach((need, index) => {
      this.emit("senneed", `DEMO-S${request.key}-${index + 1}`, active.id, {
        sentype: need,
        sentyperank: String(index + 1),
      });
    });
    this.tallyPlan(person, plan, request, current.setting.category, needs[0]!, lastReview);
  }

  private writePlacement(request: RequestTruth, row: PlacementRow, index: number, activeId: string): void {
    const values = settingColumns(row.setting);
    values.placementrank = String(row.rank);
    values.entrydate = bladeDate(row.entry);
    values.leavingdate = bladeDate(row.leaving);
    let problem: "duplicate" | "urn" | undefined;
    if (this.withProblems) {
      const placementNumber = this.outputs.placementdetail.writer.rows + 1;
      if (placementNumber === PROBLEM_ORDINALS.duplicatedPlacementId) {
        problem = "duplicate";
        values.placementdetailtableid = this.lastPlacementId;
      } else if (values.urn) {
        const n = ++this.eligible.placementsWithUrn;
        const which = PROBLEM_ORDINALS.unknownUrnPlacements.indexOf(n);
        if (which >= 0) {
          problem = "urn";
          values.urn = UNKNOWN_URNS[which]!;
          values.ukprn = "";
        }
      }
    }
    const written = this.emit("placementdetail", `DEMO-L${request.key}-${index + 1}`, activeId, values);
    this.lastPlacementId = written.id;
    if (problem === "duplicate") this.record("placementdetail", written, "placementdetailtableid", written.id, "placementdetailtableid duplicates the row above");
    if (problem === "urn") this.record("placementdetail", written, "urn", values.urn!, "URN not in the establishments lookup");
  }

  private tallyPlan(person: PersonTruth, plan: PlanTruth, request: RequestTruth, category: PlacementCategory, primaryNeed: string, lastReview: Day | undefined): void {
    const tally = this.tally;
    const at = this.at;
    const lastYear = this.year - 1;
    if (isActiveAt(plan, at)) {
      tally.activePlans++;
      tally.add(tally.placements, category);
      const age = ageOn(person.birth, at);
      tally.ages[age] = (tally.ages[age] ?? 0) + 1;
      tally.add(tally.needs, primaryNeed);
      if (at - plan.start > 365) {
        tally.plansOverAYearOld++;
        if (lastReview === undefined) tally.neverReviewed++;
        else if (at - lastReview <= 365) tally.reviewedInLastYear++;
      }
    }
    if (yearOf(plan.start) === lastYear) {
      tally.newPlans++;
      const within = plan.start - request.received <= 140;
      if (within) tally.newPlansWithin20Weeks++;
      if (request.assessment!.week20Exception) {
        tally.newPlansException++;
        if (within) tally.newPlansExceptionWithin20Weeks++;
      }
    }
    if (plan.cease !== undefined && plan.cease <= at && yearOf(plan.cease) === lastYear) tally.ceased[plan.ceaseReason!]!++;
  }

  private record(module: Sen2Module, written: { id: string; line: number }, column: string, value: string, problem: string): void {
    this.problems.push({ file: bladeFileName(this.at, module), row: written.line, tableid: written.id, column, value, problem });
  }

  close(): void {
    for (const module of MODULES) {
      this.tally.rows[module] = this.outputs[module].writer.rows;
      this.outputs[module].writer.close();
    }
  }
}

function settingColumns(setting: Setting): Row {
  const establishment = setting.establishment;
  if (establishment) {
    const byUkprn = !establishment.urn;
    return {
      urn: establishment.urn,
      ukprn: byUkprn ? establishment.ukprn : "",
      sensetting: "",
      sensettingother: "",
      senunitindicator: "0",
      resourcedprovisionindicator: flag(setting.resourcedProvision),
    };
  }
  return {
    urn: "",
    ukprn: "",
    sensetting: setting.senSetting ?? "",
    sensettingother: setting.senSettingOther ?? "",
    senunitindicator: "",
    resourcedprovisionindicator: "",
  };
}

