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
 */
export function suppressTable(cells: readonly CountCell[], threshold: number): Set<string> {
  const dimensions = cells[0]?.key.length ?? 0;
  const counts = new Map<string, number>();
  const categories: Set<string>[] = Array.from({ length: dimensions }, () => new Set<string>());
  for (const cell of cells) {
    counts.set(keyString(cell.key), cell.count);
    cell.key.forEach((value, index) => {
      if (value !== ALL) categories[index]!.add(value);
    });
  }
  // Dimensions with categories are the table's breakdowns; the others are always "All".
  const broken = categories.map((set, index) => (set.size > 0 ? index : -1)).filter((index) => index >= 0);
  const countOf = (key: readonly string[]) => counts.get(keyString(key)) ?? 0;
  const isHeadline = (key: readonly string[]) => key.every((value) => value === ALL);

  const suppressed = new Set<string>();
  const primaries = cells
    .filter((cell) => cell.count > 0 && cell.count < threshold && !isHeadline(cell.key))
    .map((cell) => ({ cell, order: keyString(cell.key) }))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
    .map(({ cell }) => cell);
  for (const cell of primaries) suppressed.add(keyString(cell.key));

  for (const primary of primaries) {
    const box = bestBox(primary.key, broken, categories, countOf, suppressed);
    for (const key of box ?? []) suppressed.add(keyString(key));
  }
  return suppressed;
}

/** Cells of the box for `target` with the given alternative (active dims) and support (rolled-up dims) choices. */
function boxCells(target: readonly string[], active: number[], alternatives: string[], rolledUp: number[], supports: string[]) {
  const cellsToHide: string[][] = [];
  const finest: { key: string[]; parity: number }[] = [];
  for (let corner = 0; corner < 1 << active.length; corner++) {
    const base = [...target];
    let parity = 0;
    active.forEach((dim, index) => {
      if (corner & (1 << index)) {
        base[dim] = alternatives[index]!;
        parity++;
      }
    });
    for (let subset = 0; subset < 1 << rolledUp.length; subset++) {
      const key = [...base];
      rolledUp.forEach((dim, index) => {
        if (subset & (1 << index)) key[dim] = supports[index]!;
      });
      cellsToHide.push(key);
      if (subset === (1 << rolledUp.length) - 1) finest.push({ key, parity: parity % 2 });
    }
  }
  return { cellsToHide, finest };
}

function bestBox(
  target: readonly string[],
  broken: number[],
  categories: Set<string>[],
  countOf: (key: readonly string[]) => number,
  suppressed: Set<string>,
): string[][] | undefined {
  const active = broken.filter((dim) => target[dim] !== ALL);
  const rolledUp = broken.filter((dim) => target[dim] === ALL);
  const with_ = (dim: number, value: string) => target.map((v, index) => (index === dim ? value : v));
  // Candidates: already hidden first, then the smallest non-zero neighbours (cheap and able to move).
  const rank = (dim: number, exclude?: string) =>
    [...categories[dim]!]
      .filter((category) => category !== exclude)
      .map((category) => {
        const key = with_(dim, category);
        return { category, count: countOf(key), hidden: suppressed.has(keyString(key)) };
      })
      .sort((a, b) => Number(b.hidden) - Number(a.hidden) || Number(b.count > 0) - Number(a.count > 0) || a.count - b.count || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0))
      .slice(0, CANDIDATES)
      .map((candidate) => candidate.category);
  const options = [...active.map((dim) => rank(dim, target[dim])), ...rolledUp.map((dim) => rank(dim))];
  if (options.some((list) => list.length === 0)) return undefined;

  let best: { cells: string[][]; cost: number; twoSided: boolean } | undefined;
  const choice: string[] = [];
  const search = (depth: number) => {
    if (depth === options.length) {
      const alternatives = choice.slice(0, active.length);
      const supports = choice.slice(active.length);
      const { cellsToHide, finest } = boxCells(target, active, alternatives, rolledUp, supports);
      // The finest corners move by +d or -d: one direction must keep them all non-negative.
      const even = finest.filter((corner) => corner.parity === 0).every((corner) => countOf(corner.key) >= 1);
      const odd = finest.filter((corner) => corner.parity === 1).every((corner) => countOf(corner.key) >= 1);
      if (!even && !odd) return;
      const added = cellsToHide.filter((key) => !suppressed.has(keyString(key)));
      if (added.some((key) => key.every((value) => value === ALL))) return;
      const cost = added.length * 1000 + added.reduce((sum, key) => sum + countOf(key), 0);
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
