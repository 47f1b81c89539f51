// The schools whose pupils the demo school census holds: Shropshire's (893) open state-funded schools
// in the demo establishments lookup (mainstream primary, secondary and all-through; special; PRU/AP),
// with a fixed size for each so pupils spread over them like a rural county's schools.

import { LA_CODE } from "./calibration.js";
import type { DemoEstablishment } from "./establishments.js";
import { hashUnit, normal } from "./random.js";

export type SchoolKind = "primary" | "secondary" | "allThrough" | "special" | "ap";

export interface LaSchool {
  urn: string;
  kind: SchoolKind;
  name: string;
}

const STATE_POOLS = new Set(["MS_LA", "MS_AC", "MS_FR", "SP_LA", "SP_AC", "AP"]);

class WeightedList {
  private readonly ends: number[] = [];
  private total = 0;

  constructor(readonly schools: readonly LaSchool[], weight: (school: LaSchool) => number) {
    for (const school of schools) this.ends.push((this.total += weight(school)));
  }

  pick(unit: number): LaSchool {
    const target = unit * this.total;
    let low = 0;
    let high = this.ends.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.ends[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return this.schools[low]!;
  }
}

export class LaSchools {
  readonly byUrn = new Map<string, LaSchool>();
  private readonly primaries: WeightedList;
  private readonly secondaries: WeightedList;
  private readonly aps: WeightedList;
  /** Each primary school's usual secondary (most of its pupils move on there). */
  private readonly catchment = new Map<string, LaSchool>();

  constructor(establishments: readonly DemoEstablishment[]) {
    for (const e of establishments) {
      if (e.laCode !== LA_CODE || !e.pool || !STATE_POOLS.has(e.pool) || !e.urn) continue;
      const stages = new Set(e.stages);
      let kind: SchoolKind;
      if (e.pool === "AP") kind = "ap";
      else if (e.pool.startsWith("SP_")) kind = "special";
      else if (stages.has("PRI") && stages.has("SEC")) kind = "allThrough";
      else if (stages.has("PRI")) kind = "primary";
      else if (stages.has("SEC")) kind = "secondary";
      else continue; // nursery schools: no pupils of school age
      this.byUrn.set(e.urn, { urn: e.urn, kind, name: e.name });
    }
    const all = [...this.byUrn.values()];
    // School sizes are a property of the school, not of the seed: lognormal around a county average.
    const size = (school: LaSchool, sigma: number) => Math.exp(sigma * normal(hashUnit(Number(school.urn), 1), hashUnit(Number(school.urn), 2)));
    this.primaries = new WeightedList(all.filter((s) => s.kind === "primary" || s.kind === "allThrough"), (s) => (s.kind === "allThrough" ? 1.5 : size(s, 0.55)));
    this.secondaries = new WeightedList(all.filter((s) => s.kind === "secondary" || s.kind === "allThrough"), (s) => size(s, 0.3));
    this.aps = new WeightedList(all.filter((s) => s.kind === "ap"), () => 1);
    for (const primary of this.primaries.schools) {
      this.catchment.set(primary.urn, primary.kind === "allThrough" ? primary : this.secondaries.pick(hashUnit(Number(primary.urn), 3)));
    }
  }

  has(urn: string | undefined): boolean {
    return urn !== undefined && this.byUrn.has(urn);
  }

  primary(unit: number): LaSchool {
    return this.primaries.pick(unit);
  }

  secondary(unit: number): LaSchool {
    return this.secondaries.pick(unit);
  }

  ap(unit: number): LaSchool {
    return this.aps.pick(unit);
  }

  catchmentOf(primary: LaSchool): LaSchool {
    return this.catchment.get(primary.urn) ?? this.secondaries.pick(0.5);
  }
}

export function isMainstream(school: LaSchool): boolean {
  return school.kind === "primary" || school.kind === "secondary" || school.kind === "allThrough";
}

/** Whether a mainstream school teaches national curriculum year `nc` (reception = 0). */
export function teaches(school: LaSchool, nc: number): boolean {
  if (school.kind === "primary") return nc <= 6;
  if (school.kind === "secondary") return nc >= 7;
  return true;
}
