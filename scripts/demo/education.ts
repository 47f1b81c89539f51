// The demo education extracts, consistent with the SEN2 demo (same children, UPNs, birth dates and
// schools): a pupil-level school census per termly census day, the suspensions and permanent
// exclusions log, and high-needs top-up funding agreements, in the formats the readers in
// loaders/sources (school-census.ts, exclusions.ts, top-up-funding.ts) take. Deterministic.
//
// Who is in the census: pupils without an SEN2 record (pupils.ts) and the SEN2 children (sen2-pupils.ts);
// what each row shows: census.ts. A few deliberate data-quality problems go into the newest census,
// the exclusions log and the top-up file, and are listed with the SEN2 ones.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { CENSUS_DATES } from "./education-calibration.js";
import { BufferedCsvWriter } from "./csv.js";
import { isoDate } from "./dates.js";
import type { DemoEstablishment } from "./establishments.js";
import type { DeliberateProblem } from "./exports.js";
import { simulatePupil, type CensusRow, type ExclusionOut, type PupilHistory, type TopUpOut } from "./census.js";
import { EducationTally } from "./education-summary.js";
import { LaSchools } from "./la-schools.js";
import type { PlacementHistory } from "./placements.js";
import { GeneralPopulation, ncLabel, receptionYear } from "./pupils.js";
import { makePerson, type PopulationLayout } from "./population.js";
import { SchoolCalendar } from "./school-calendar.js";
import { Sen2Pupils } from "./sen2-pupils.js";

export const EDUCATION_DIR = "education";
export const CENSUS_HEADER = [
  "CensusDate", "UPN", "DOB", "Sex", "Ethnicity", "NCyearActual", "SENprovision", "PrimarySENtype", "URN", "EnrolStatus",
  "PupilPremiumIndicator", "SessionsPossible", "SessionsAttended", "AuthorisedAbsence", "UnauthorisedAbsence",
];
export const EXCLUSIONS_FILE = "exclusions.csv";
export const TOP_UP_FILE = "top-up-funding.csv";
export const censusFileName = (date: number) => `school-census-${isoDate(date)}.csv`;

/** Which rows carry a deliberate problem (nth eligible row, 1-based), small enough to exist at --scale 0.05. */
const PROBLEM_ORDINALS = { unknownProvision: 150, missingNeed: 90, sessionsDontAdd: 25, blankSessions: 60, badDate: 150, endBeforeStart: 12 };
const BAD_DATE = "2024-02-30";

export interface EducationResult {
  problems: DeliberateProblem[];
  tally: EducationTally;
  files: { name: string; rows: number }[];
}

export function writeEducation(
  outDir: string, seed: number, scale: number, layout: PopulationLayout, history: PlacementHistory, establishments: readonly DemoEstablishment[],
  options: { newestCensusOnly?: boolean } = {},
): EducationResult {
  const dir = join(outDir, EDUCATION_DIR);
  mkdirSync(dir, { recursive: true });
  const calendar = new SchoolCalendar(CENSUS_DATES);
  const schools = new LaSchools(establishments);
  const general = new GeneralPopulation(seed, scale, schools, calendar);
  const sen2 = new Sen2Pupils(seed, history, schools, calendar);
  const tally = new EducationTally(calendar);
  const problems: DeliberateProblem[] = [];
  const census = new CensusWriter(dir, calendar, problems, options.newestCensusOnly ?? false);
  const exclusions: ExclusionOut[] = [];
  const topUps: TopUpOut[] = [];

  const handle = (pupil: PupilHistory | undefined) => {
    if (!pupil) return;
    const output = simulatePupil(pupil, calendar, seed);
    if (output.rows.length === 0) return; // never on roll at a census: nothing to link events to
    for (const row of output.rows) census.write(pupil, row);
    tally.add(output);
    exclusions.push(...output.exclusions);
    if (output.topUp) topUps.push(output.topUp);
  };
  // The census files run cohort by cohort, oldest first; the SEN2 children among their year group.
  const sen2ByCohort = new Map<number, number[]>();
  for (let serial = 0; serial < layout.personCount; serial++) {
    const year = receptionYear(makePerson(layout, serial).birth);
    const list = sen2ByCohort.get(year) ?? [];
    list.push(serial);
    sen2ByCohort.set(year, list);
  }
  const years = [...new Set([...general.cohorts.map((c) => c.year), ...sen2ByCohort.keys()])].sort((a, b) => a - b);
  for (const year of years) {
    const cohortIndex = general.cohorts.findIndex((c) => c.year === year);
    if (cohortIndex >= 0) for (let index = 0; index < general.cohorts[cohortIndex]!.count; index++) handle(general.pupil(cohortIndex, index));
    for (const serial of sen2ByCohort.get(year) ?? []) handle(sen2.pupil(makePerson(layout, serial)));
  }
  const files = census.close();
  files.push({ name: EXCLUSIONS_FILE, rows: writeExclusions(dir, calendar, exclusions, problems) });
  files.push({ name: TOP_UP_FILE, rows: writeTopUps(dir, topUps, problems) });
  return { problems, tally, files };
}

const problem = (file: string, row: number, column: string, value: string, text: string): DeliberateProblem =>
  ({ file: `${EDUCATION_DIR}/${file}`, row, tableid: "", column, value, problem: text });

class CensusWriter {
  private readonly writers: BufferedCsvWriter[];
  private readonly newest: number;
  private readonly eligible = { N: 0, K: 0, E: 0 };
  private readonly planted = new Set<string>();

  constructor(
    dir: string,
    private readonly calendar: SchoolCalendar,
    private readonly problems: DeliberateProblem[],
    private readonly newestOnly: boolean,
  ) {
    this.newest = calendar.terms.length - 1;
    // The national benchmark wants one census: the older terms are still simulated (the newest depends
    // on them) but written nowhere.
    this.writers = calendar.terms.map((term, t) => new BufferedCsvWriter(newestOnly && t !== this.newest ? "/dev/null" : join(dir, censusFileName(term.date)), CENSUS_HEADER));
  }

  write(pupil: PupilHistory, row: CensusRow): void {
    const { state, enrolment } = row;
    const fields = [
      isoDate(this.calendar.terms[row.census]!.date), pupil.upn, isoDate(pupil.birth), pupil.sex, pupil.ethnicity, ncLabel(state.nc),
      state.status, state.need, enrolment.school.urn, enrolment.enrol, pupil.premium ? "true" : "false",
      String(row.possible), String(row.attended), String(row.authorised), String(row.unauthorised),
    ];
    const writer = this.writers[row.census]!;
    if (row.census === this.newest && enrolment.enrol === "C") {
      const line = writer.rows + 2;
      const name = censusFileName(this.calendar.terms[row.census]!.date);
      const n = ++this.eligible[state.status];
      const plant = (column: string, value: string, text: string) => {
        this.planted.add(column);
        this.problems.push(problem(name, line, column, value, text));
      };
      if (state.status === "N" && n >= PROBLEM_ORDINALS.unknownProvision && !this.planted.has("SENprovision") && pupil.states[row.census - 1]) {
        // A pupil also in the previous census, so their events and agreements still link.
        fields[6] = "X";
        plant("SENprovision", "X", "SEN provision code not in the code list (E K or N)");
      } else if (state.status === "K" && n >= PROBLEM_ORDINALS.missingNeed && !this.planted.has("PrimarySENtype")) {
        fields[7] = "";
        plant("PrimarySENtype", "", "pupil on SEN support with no primary need (warning)");
      } else if (state.status === "E" && row.attended >= 2 && n >= PROBLEM_ORDINALS.sessionsDontAdd && !this.planted.has("SessionsPossible")) {
        fields[12] = String(row.attended - 2);
        plant("SessionsPossible", fields[11]!, "attended + authorised + unauthorised is 2 short of the sessions possible (warning)");
      }
    }
    writer.writeRow(fields, NO_QUOTING);
  }

  close(): { name: string; rows: number }[] {
    return this.writers.flatMap((writer, t) => {
      writer.close();
      return this.newestOnly && t !== this.newest ? [] : [{ name: censusFileName(this.calendar.terms[t]!.date), rows: writer.rows }];
    });
  }
}

const NO_QUOTING = CENSUS_HEADER.map(() => false);

/**
 * The exclusions log, in date order. One suspension falls on the first day of a term and one on the
 * last day (moved there within the pupil's days on roll if none did by chance).
 */
function writeExclusions(dir: string, calendar: SchoolCalendar, events: ExclusionOut[], problems: DeliberateProblem[]): number {
  events.sort((a, b) => a.date - b.date || (a.upn < b.upn ? -1 : a.upn > b.upn ? 1 : 0) || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  const firstDays = new Set(calendar.terms.map((term) => term.schoolDays[0]!));
  const lastDays = new Set(calendar.terms.filter((term) => term.windowEnd === term.lastDay).map((term) => term.schoolDays[term.schoolDays.length - 1]!));
  const suspensions = events.filter((event) => event.category === "FIXD");
  const plain = suspensions.filter((event) => !firstDays.has(event.date) && !lastDays.has(event.date));
  const badDate = plain[Math.min(PROBLEM_ORDINALS.badDate, plain.length) - 1];
  const blankSessions = plain[Math.min(PROBLEM_ORDINALS.blankSessions, plain.length) - 1];
  for (const edge of [firstDays, lastDays]) {
    if (suspensions.some((event) => edge.has(event.date) && event !== badDate && event !== blankSessions)) continue;
    const candidate = suspensions.find((event) => event !== badDate && event !== blankSessions && [...edge].some((d) => event.from <= d && d <= event.to));
    if (candidate) candidate.date = [...edge].find((d) => candidate.from <= d && d <= candidate.to)!;
  }
  events.sort((a, b) => a.date - b.date || (a.upn < b.upn ? -1 : a.upn > b.upn ? 1 : 0) || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  const writer = new BufferedCsvWriter(join(dir, EXCLUSIONS_FILE), ["UPN", "URN", "StartDate", "Category", "Reason", "Sessions"]);
  for (const event of events) {
    const fields = [event.upn, event.urn, isoDate(event.date), event.category, event.reason, event.sessions === undefined ? "" : String(event.sessions)];
    if (event === badDate) {
      fields[2] = BAD_DATE;
      problems.push(problem(EXCLUSIONS_FILE, writer.rows + 2, "StartDate", BAD_DATE, "StartDate is not a real calendar date"));
    } else if (event === blankSessions) {
      fields[5] = "";
      problems.push(problem(EXCLUSIONS_FILE, writer.rows + 2, "Sessions", "", "suspension with no number of sessions (warning)"));
    }
    writer.writeRow(fields, [false, false, false, false, false, false]);
  }
  writer.close();
  return writer.rows;
}

function writeTopUps(dir: string, agreements: TopUpOut[], problems: DeliberateProblem[]): number {
  agreements.sort((a, b) => a.start - b.start || (a.upn < b.upn ? -1 : a.upn > b.upn ? 1 : 0));
  const writer = new BufferedCsvWriter(join(dir, TOP_UP_FILE), ["UPN", "URN", "StartDate", "EndDate"]);
  const broken = Math.min(PROBLEM_ORDINALS.endBeforeStart, agreements.length) - 1;
  agreements.forEach((agreement, index) => {
    let end = agreement.end === undefined ? "" : isoDate(agreement.end);
    if (index === broken) {
      end = isoDate(agreement.start - 30);
      problems.push(problem(TOP_UP_FILE, writer.rows + 2, "EndDate", end, "EndDate is before StartDate"));
    }
    writer.writeRow([agreement.upn, agreement.urn, isoDate(agreement.start), end], [false, false, false, false]);
  });
  writer.close();
  return writer.rows;
}
