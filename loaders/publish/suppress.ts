// Small-number suppression for published cubes.
//
// Primary: a count of 1 to threshold-1 is suppressed, except the LA headline ("All" in every dimension).
// Secondary (the hypercube method): checking rows and columns one at a time is not enough for a three-way
// cube, where the margins together can pin a hidden cell down exactly. So every primary cell gets a "box":
// an alternative category in each of its dimensions and a supporting category in each rolled-up one,
// giving 2^D cells to hide. Adding d to the box's even corners and taking d from its odd corners at the
// finest level leaves every published total unchanged, so the published table is equally consistent with
// the primary cell being one more or one less: it cannot be recovered from any margin, in any combination.

export const ALL = "All";

export interface CountCell {
  /** One value per dimension; "All" where the dimension is rolled up. */
  key: readonly string[];
  count: number;
}

const SEPARATOR = "\u0001";
const keyString = (key: readonly string[]) => key.join(SEPARATOR);

/** How many candidate categories each dimension contributes to the box search (keeps it fast). */
const CANDIDATES = 4;

/**
 * Returns the keys (joined with U+0001) of cells to suppress in one additive table: a full cube, every
 * combination of the dimensions rolled up or not. Absent cells are zeros; a zero chosen for a box is
 * returned too, so the caller can publish it as suppressed.
 *
 * Internally a key is one integer (mixed radix: category index per dimension, 0 = "All"), so the box
 * search, which looks at thousands of candidate cells per table, does no string work.
 */
export function suppressTable(cells: readonly CountCell[], threshold: number): Set<string> {
  const dimensions = cells[0]?.key.length ?? 0;
  const names: Set<string>[] = Array.from({ length: dimensions }, () => new Set<string>());
  for (const cell of cells) cell.key.forEach((value, index) => { if (value !== ALL) names[index]!.add(value); });
  // Categories in code-point order, so ties break the same way on every machine; index 0 is "All".
  const categories = names.map((set) => [ALL, ...[...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))]);
  const index = categories.map((list) => new Map(list.map((name, i) => [name, i])));
  const radix: number[] = [];
  let place = 1;
  for (let dim = 0; dim < dimensions; dim++) { radix.push(place); place *= categories[dim]!.length; }
  const encode = (key: readonly string[]) => key.reduce((code, value, dim) => code + index[dim]!.get(value)! * radix[dim]!, 0);
  const digit = (code: number, dim: number) => Math.floor(code / radix[dim]!) % categories[dim]!.length;
  const decode = (code: number) => categories.map((list, dim) => list[digit(code, dim)]!).join(SEPARATOR);

  const counts = new Map<number, number>();
  for (const cell of cells) counts.set(encode(cell.key), cell.count);
  // Dimensions with categories are the table's breakdowns; the others are always "All".
  const broken = categories.map((list, dim) => (list.length > 1 ? dim : -1)).filter((dim) => dim >= 0);
  const countOf = (code: number) => counts.get(code) ?? 0;

  const suppressed = new Set<number>();
  const primaries = cells
    .filter((cell) => cell.count > 0 && cell.count < threshold && !cell.key.every((value) => value === ALL))
    .map((cell) => ({ code: encode(cell.key), order: keyString(cell.key) }))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  for (const primary of primaries) suppressed.add(primary.code);
  const table: BoxTable = { broken, categories, radix, digit, countOf, suppressed };
  for (const primary of primaries) {
    const box = bestBox(primary.code, table);
    if (!box) {
      // No box exists (impossible combinations leave no partner that can move): hiding the cell alone
      // would let a line's total give it away, so every cell but the headline is hidden.
      return new Set(cells.filter((cell) => !cell.key.every((value) => value === ALL)).map((cell) => keyString(cell.key)));
    }
    for (const code of box) suppressed.add(code);
  }
  return new Set([...suppressed].map(decode));
}

interface BoxTable {
  broken: number[];
  categories: string[][];
  radix: number[];
  digit: (code: number, dim: number) => number;
  countOf: (code: number) => number;
  suppressed: Set<number>;
}

/** `code` with dimension `dim` set to category `value`. */
function withDigit(table: BoxTable, code: number, dim: number, value: number): number {
  return code + (value - (Math.floor(code / table.radix[dim]!) % table.categories[dim]!.length)) * table.radix[dim]!;
}

/** Cells of the box for `target` with the given alternative (active dims) and support (rolled-up dims) choices. */
function boxCells(target: number, table: BoxTable, active: number[], alternatives: number[], rolledUp: number[], supports: number[]) {
  const cellsToHide: number[] = [];
  const finest: { code: number; parity: number }[] = [];
  for (let corner = 0; corner < 1 << active.length; corner++) {
    let base = target;
    let parity = 0;
    for (let i = 0; i < active.length; i++) {
      if (corner & (1 << i)) {
        base = withDigit(table, base, active[i]!, alternatives[i]!);
        parity++;
      }
    }
    for (let subset = 0; subset < 1 << rolledUp.length; subset++) {
      let code = base;
      for (let i = 0; i < rolledUp.length; i++) if (subset & (1 << i)) code = withDigit(table, code, rolledUp[i]!, supports[i]!);
      cellsToHide.push(code);
      if (subset === (1 << rolledUp.length) - 1) finest.push({ code, parity: parity % 2 });
    }
  }
  return { cellsToHide, finest };
}

function bestBox(target: number, table: BoxTable): number[] | undefined {
  const { broken, categories, radix, digit, countOf, suppressed } = table;
  const active = broken.filter((dim) => digit(target, dim) !== 0);
  const rolledUp = broken.filter((dim) => digit(target, dim) === 0);
  const with_ = (dim: number, value: number) => target + (value - digit(target, dim)) * radix[dim]!;
  // Candidates: already hidden first, then the smallest non-zero neighbours (cheap and able to move).
  const rank = (dim: number, exclude?: number) => {
    const candidates: { category: number; count: number; hidden: boolean }[] = [];
    for (let category = 1; category < categories[dim]!.length; category++) {
      if (category === exclude) continue;
      const code = with_(dim, category);
      candidates.push({ category, count: countOf(code), hidden: suppressed.has(code) });
    }
    return candidates
      .sort((a, b) => Number(b.hidden) - Number(a.hidden) || Number(b.count > 0) - Number(a.count > 0) || a.count - b.count || a.category - b.category)
      .slice(0, CANDIDATES)
      .map((candidate) => candidate.category);
  };
  const options = [...active.map((dim) => rank(dim, digit(target, dim))), ...rolledUp.map((dim) => rank(dim))];
  if (options.some((list) => list.length === 0)) return undefined;

  let best: { cells: number[]; cost: number; twoSided: boolean } | undefined;
  const choice: number[] = [];
  const search = (depth: number) => {
    // A two-sided box that hides nothing new cannot be beaten: stop looking.
    if (best && best.twoSided && best.cost === 0) return;
    if (depth === options.length) {
      const { cellsToHide, finest } = boxCells(target, table, active, choice.slice(0, active.length), rolledUp, choice.slice(active.length));
      // The finest corners move by +d or -d: one direction must keep them all non-negative.
      const even = finest.every((corner) => corner.parity !== 0 || countOf(corner.code) >= 1);
      const odd = finest.every((corner) => corner.parity !== 1 || countOf(corner.code) >= 1);
      if (!even && !odd) return;
      const added = cellsToHide.filter((code) => !suppressed.has(code));
      // Code 0 is the headline ("All" everywhere): never hidden.
      if (added.includes(0)) return;
      const cost = added.length * 1000 + added.reduce((sum, code) => sum + countOf(code), 0);
      const twoSided = even && odd;
      if (!best || Number(twoSided) > Number(best.twoSided) || (twoSided === best.twoSided && cost < best.cost)) {
        best = { cells: cellsToHide, cost, twoSided };
      }
      return;
    }
    for (const option of options[depth]!) {
      choice[depth] = option;
      search(depth + 1);
    }
  };
  search(0);
  return best?.cells;
}

export { keyString };
