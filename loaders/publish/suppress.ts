// Small-number suppression for published cubes. Primary: a count of 1 to threshold-1 is suppressed.
// Secondary: in every line of a table (one dimension varying, the others fixed, with its "All" total) a
// suppressed entry must never be the only one, else it could be recovered by subtraction; so another
// entry is suppressed too (the smallest non-zero cell, else a zero cell, else the line's total).
// The LA headline ("All" in every dimension) is never suppressed.

export const ALL = "All";

export interface CountCell {
  /** One value per dimension; "All" where the dimension is rolled up. */
  key: readonly string[];
  count: number;
}

const keyString = (key: readonly string[]) => key.join("\u0001");

/**
 * Returns the keys (joined with U+0001) of cells to suppress in one additive table. Cells absent from
 * `cells` are zeros; a zero chosen as a complementary suppression is returned too, so the caller can
 * publish it as suppressed.
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
  const sortedCategories = categories.map((set) => [...set].sort());
  const isHeadline = (key: readonly string[]) => key.every((value) => value === ALL);
  const countOf = (key: readonly string[]) => counts.get(keyString(key)) ?? 0;

  const suppressed = new Set<string>();
  for (const cell of cells) {
    if (cell.count > 0 && cell.count < threshold && !isHeadline(cell.key)) suppressed.add(keyString(cell.key));
  }

  // Lines are revisited until no line holds exactly one suppressed entry.
  let changed = suppressed.size > 0;
  while (changed) {
    changed = false;
    const pending = [...suppressed].map((text) => text.split("\u0001"));
    const seenLines = new Set<string>();
    for (const key of pending) {
      for (let dimension = 0; dimension < dimensions; dimension++) {
        if (sortedCategories[dimension]!.length === 0) continue;
        const lineId = `${dimension}:${keyString(key.map((value, index) => (index === dimension ? "*" : value)))}`;
        if (seenLines.has(lineId)) continue;
        seenLines.add(lineId);
        const total = key.map((value, index) => (index === dimension ? ALL : value));
        const members = sortedCategories[dimension]!.map((category) => key.map((value, index) => (index === dimension ? category : value)));
        const entries = [total, ...members];
        const suppressedCount = entries.filter((entry) => suppressed.has(keyString(entry))).length;
        if (suppressedCount !== 1) continue;
        const complement = chooseComplement(members, total, suppressed, countOf, isHeadline);
        if (complement) {
          suppressed.add(keyString(complement));
          changed = true;
        }
      }
    }
  }
  return suppressed;
}

function chooseComplement(
  members: string[][],
  total: string[],
  suppressed: Set<string>,
  countOf: (key: readonly string[]) => number,
  isHeadline: (key: readonly string[]) => boolean,
): string[] | undefined {
  const open = members.filter((member) => !suppressed.has(keyString(member)));
  const nonZero = open.filter((member) => countOf(member) > 0).sort((a, b) => countOf(a) - countOf(b));
  if (nonZero[0]) return nonZero[0];
  if (open[0]) return open[0];
  if (!suppressed.has(keyString(total)) && !isHeadline(total)) return total;
  return undefined;
}

export { keyString };
