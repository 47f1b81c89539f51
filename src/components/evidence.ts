// Progress of the evidence tracker at "today" (the reader's date, not the build's): % ready of the items
// that apply, the overdue items and those due in the next four weeks.

import type { EvidenceItem } from "../../loaders/inspection/evidence.js";

export type { EvidenceItem };

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export function evidenceProgress(items: readonly EvidenceItem[], today: string) {
  const applicable = items.filter((item) => item.status !== "not applicable");
  const open = applicable.filter((item) => item.status !== "ready");
  const ready = applicable.length - open.length;
  return {
    applicable: applicable.length,
    ready,
    pctReady: applicable.length === 0 ? null : (100 * ready) / applicable.length,
    overdue: open.filter((item) => item.due !== null && item.due < today),
    dueSoon: open.filter((item) => item.due !== null && item.due >= today && item.due <= addDays(today, 28)),
  };
}

/** Items per area and status, for the chart and its table. */
export function statusByArea(items: readonly EvidenceItem[]) {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(`${item.area}\u0001${item.status}`, (counts.get(`${item.area}\u0001${item.status}`) ?? 0) + 1);
  return [...counts].map(([key, count]) => {
    const [area, status] = key.split("\u0001") as [string, string];
    return { area, status, count };
  });
}
