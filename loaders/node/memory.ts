// Returning memory between the pipeline's phases. A national run's extracts live in typed arrays outside
// the JavaScript heap (gigabytes); once DuckDB holds them they are garbage, but V8 collects only when its
// own heap is under pressure, so the process would keep them while DuckDB builds its tables beside them.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | undefined;

/** A full garbage collection now (V8's gc, made available at run time: node needs no --expose-gc flag). */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}
