// Appending a large array to another: `target.push(...items)` passes every item as an argument and
// overflows the call stack beyond about 100,000 items (a national census's warnings, a large sheet).

export function appendAll<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}
