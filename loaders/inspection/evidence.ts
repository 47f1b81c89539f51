// The partnership's evidence tracker: the information Annex A asks a local area to gather, each item with
// a lead, a due date and a status, kept in a CSV the partnership edits (config/evidence-tracker.csv).
// Read and checked here; progress and overdue items are worked out against "today" in the browser
// (src/components/evidence.ts), so the published page is never stale.

import { normaliseHeader, parseCsv } from "../sources/csv.js";
import { DataError, type Problem } from "../sources/problems.js";
import { parseDate } from "../sources/values.js";

export const EVIDENCE_STATUSES = ["not started", "in progress", "ready", "not applicable"] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

export interface EvidenceItem {
  id: string;
  area: string;
  item: string;
  lead: string;
  due: string | null;
  status: EvidenceStatus;
  notes: string;
}

const COLUMNS = ["id", "area", "item", "lead", "due", "status", "notes"] as const;
/** The shipped list says so in its first item's notes, until the partnership makes it its own. */
export const STARTER_MARKER = "STARTER LIST";

export function readEvidenceTracker(text: string, fileName: string): { items: EvidenceItem[]; problems: Problem[]; starter: boolean } {
  const records: { line: number; fields: string[] }[] = [];
  parseCsv(text, (record) => records.push(record));
  const header = (records[0]?.fields ?? []).map(normaliseHeader);
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new DataError(`${fileName}: missing column(s) ${missing.join(", ")}; expected ${COLUMNS.join(",")}`);
  const problems: Problem[] = [];
  const items: EvidenceItem[] = [];
  const seen = new Set<string>();
  for (const record of records.slice(1)) {
    if (record.fields.every((f) => f.trim() === "")) continue;
    const cell = (column: (typeof COLUMNS)[number]) => (record.fields[header.indexOf(column)] ?? "").trim();
    const report = (column: string, rule: string, message: string, severity: "error" | "warning" = "error") =>
      problems.push({ source: "evidence tracker", file: fileName, row: record.line, column, severity, rule, message });
    const status = cell("status").toLowerCase() === "n/a" ? "not applicable" : cell("status").toLowerCase();
    const due = parseDate(cell("due"), ["iso", "uk"]);
    if (cell("id") === "") report("id", "required", "the item has no id");
    else if (seen.has(cell("id"))) report("id", "duplicate-id", `id ${cell("id")} is used twice`);
    if (cell("item") === "") report("item", "required", "the item has no description");
    if (!(EVIDENCE_STATUSES as readonly string[]).includes(status)) report("status", "bad-code", `'${cell("status")}' is not a status (${EVIDENCE_STATUSES.join(", ")})`);
    if (!due.ok) report("due", "bad-date", due.reason);
    if (cell("lead") === "") report("lead", "missing-value", "the item has no lead", "warning");
    if (problems.some((p) => p.row === record.line && p.severity === "error")) continue;
    seen.add(cell("id"));
    items.push({ id: cell("id"), area: cell("area"), item: cell("item"), lead: cell("lead"), due: due.ok ? due.value : null, status: status as EvidenceStatus, notes: cell("notes") });
  }
  return { items, problems, starter: items.some((item) => item.notes.toUpperCase().startsWith(STARTER_MARKER)) };
}
