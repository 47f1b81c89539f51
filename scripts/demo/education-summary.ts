// Counts taken from the education extracts as they are written, and the calibration summary printed
// beside the SEN2 one: per census, pupils and SEN status, attendance and persistent absence; per term,
// suspensions and permanent exclusions; top-up agreements.

import { COMPARATORS, SEN_STATUSES, type RatePhase, type SenStatus } from "./education-calibration.js";
import { ratePhase, type PupilOutput } from "./census.js";
import { isoDate } from "./dates.js";
import type { SchoolCalendar } from "./school-calendar.js";

interface Cell {
  pupils: number;
  possible: number;
  attended: number;
  persistent: number;
}

const emptyCell = (): Cell => ({ pupils: 0, possible: 0, attended: 0, persistent: 0 });
const PHASES: readonly RatePhase[] = ["primary", "secondary", "sixth", "special", "ap"];

export class EducationTally {
  readonly census: { rows: number; dual: number; byStatus: Record<SenStatus, Cell>; byPhase: Record<string, Cell> }[];
  readonly terms: { suspendedPupils: Record<SenStatus, number>; suspensions: number; permanent: Record<SenStatus, number> }[];
  topUps = { total: 0, open: 0, endedAtPlan: 0 };

  constructor(private readonly calendar: SchoolCalendar) {
    this.census = calendar.terms.map(() => ({
      rows: 0, dual: 0, byStatus: { E: emptyCell(), K: emptyCell(), N: emptyCell() }, byPhase: {},
    }));
    this.terms = calendar.terms.map(() => ({ suspendedPupils: { E: 0, K: 0, N: 0 }, suspensions: 0, permanent: { E: 0, K: 0, N: 0 } }));
  }

  add(output: PupilOutput): void {
    const byCensus = new Map<number, typeof output.rows>();
    for (const row of output.rows) {
      const list = byCensus.get(row.census) ?? [];
      list.push(row);
      byCensus.set(row.census, list);
    }
    for (const [t, rows] of byCensus) {
      const census = this.census[t]!;
      const state = rows[0]!.state;
      census.rows += rows.length;
      if (rows.length > 1) census.dual++;
      const possible = rows.reduce((sum, row) => sum + row.possible, 0);
      const attended = rows.reduce((sum, row) => sum + row.attended, 0);
      const persistent = possible > 0 && possible - attended >= 0.1 * possible ? 1 : 0;
      const phase = `${state.status}:${ratePhase(rows[0]!.enrolment.school, state.nc)}`;
      for (const cell of [census.byStatus[state.status], (census.byPhase[phase] ??= emptyCell())]) {
        cell.pupils++;
        cell.possible += possible;
        cell.attended += attended;
        cell.persistent += persistent;
      }
    }
    const suspendedTerms = new Map<number, SenStatus>();
    for (const event of output.exclusions) {
      if (event.category === "PERM") this.terms[event.census]!.permanent[event.status]++;
      else {
        this.terms[event.census]!.suspensions++;
        suspendedTerms.set(event.census, event.status);
      }
    }
    for (const [t, status] of suspendedTerms) this.terms[t]!.suspendedPupils[status]++;
    if (output.topUp) {
      this.topUps.total++;
      if (output.topUp.end === undefined) this.topUps.open++;
    }
  }

  summary(scale: number, seed: number): string {
    const lines: string[] = [];
    const out = (text = "") => lines.push(text);
    const pct = (part: number, whole: number) => (whole > 0 ? ((100 * part) / whole).toFixed(1) : "-");
    const attendance = (cell: Cell) => pct(cell.attended, cell.possible);
    const terms = this.calendar.terms;
    out(`Demo education calibration summary (scale ${scale}, seed ${seed}); targets: Shropshire's West Midlands comparators`);
    out(`  attendance E/K/N ${COMPARATORS.attendance.E}/${COMPARATORS.attendance.K}/${COMPARATORS.attendance.N}% (${COMPARATORS.attendance.label}); persistent absence ${COMPARATORS.persistentAbsence.E}/${COMPARATORS.persistentAbsence.K}/${COMPARATORS.persistentAbsence.N}% (${COMPARATORS.persistentAbsence.label})`);
    out();
    out("Census        pupils      E     K (%)          N  dual  attendance % E/K/N/all   persistent absence % E/K/N/all");
    terms.forEach((term, t) => {
      const c = this.census[t]!;
      const all = SEN_STATUSES.reduce((sum, s) => ({ pupils: sum.pupils + c.byStatus[s].pupils, possible: sum.possible + c.byStatus[s].possible, attended: sum.attended + c.byStatus[s].attended, persistent: sum.persistent + c.byStatus[s].persistent }), emptyCell());
      const { E, K, N } = c.byStatus;
      const partial = term.windowEnd < term.lastDay ? " (term to date)" : "";
      out(`  ${isoDate(term.date)}  ${String(all.pupils).padStart(6)} ${String(E.pupils).padStart(6)} ${String(K.pupils).padStart(5)} (${pct(K.pupils, all.pupils)}) ${String(N.pupils).padStart(7)} ${String(c.dual).padStart(5)}  ` +
        `${[attendance(E), attendance(K), attendance(N), attendance(all)].join("/").padEnd(24)} ${[E, K, N, all].map((cell) => pct(cell.persistent, cell.pupils)).join("/")}${partial}`);
    });
    out();
    out("Attendance % by phase, full terms pooled (generated / comparator where published)");
    const pooled = (status: SenStatus, phase: RatePhase) => {
      const cell = emptyCell();
      terms.forEach((term, t) => {
        if (term.windowEnd < term.lastDay) return;
        const c = this.census[t]!.byPhase[`${status}:${phase}`];
        if (c) (cell.pupils += c.pupils), (cell.possible += c.possible), (cell.attended += c.attended), (cell.persistent += c.persistent);
      });
      return cell;
    };
    const published: Record<SenStatus, Partial<Record<RatePhase, number>>> = {
      E: { primary: 89.1, secondary: 79.7, special: 83.1 }, K: { primary: 92.7, secondary: 85.6 }, N: { primary: 94.9, secondary: 91.5 },
    };
    for (const status of SEN_STATUSES) {
      out(`  ${status}: ${PHASES.map((phase) => {
        const cell = pooled(status, phase);
        const target = published[status][phase];
        return cell.pupils > 0 ? `${phase} ${attendance(cell)}${target ? `/${target}` : ""} (PA ${pct(cell.persistent, cell.pupils)}%)` : "";
      }).filter(Boolean).join(", ")}`);
    }
    out();
    out("Suspensions per term: % of census pupils with one or more, E/K/N (comparator about 6.3/4.8/1.5); events; permanent exclusions E/K/N (per 100 pupils)");
    terms.forEach((term, t) => {
      const s = this.terms[t]!;
      const c = this.census[t]!.byStatus;
      const partial = term.windowEnd < term.lastDay ? ` (to ${isoDate(term.windowEnd)})` : "";
      out(`  ${term.academicYear} ${term.term.padEnd(7)} ${SEN_STATUSES.map((status) => pct(s.suspendedPupils[status], c[status].pupils)).join("/").padEnd(16)} ${String(s.suspensions).padStart(5)} events; ` +
        `permanent ${SEN_STATUSES.map((status) => s.permanent[status]).join("/")} (${SEN_STATUSES.map((status) => (c[status].pupils > 0 ? ((100 * s.permanent[status]) / c[status].pupils).toFixed(3) : "-")).join("/")})${partial}`);
    });
    out();
    const newest = this.census[terms.length - 1]!.byStatus.K.pupils;
    out(`Top-up funding: ${this.topUps.total} agreements (${this.topUps.open} open; ${pct(this.topUps.open, newest)}% of SEN support pupils at the newest census)`);
    return lines.join("\n");
  }
}
