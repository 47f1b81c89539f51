// What every source reader reports: problems with file/row/column/reason, and rows in = accepted + rejected.

export type Severity = "error" | "warning";

export interface Problem {
  /** The source family, e.g. "SEN2 2025-01-16" or "establishments". */
  source: string;
  file: string;
  /** 1-based line in the file (header = 1); null for file-level problems. */
  row: number | null;
  column: string | null;
  severity: Severity;
  /** Stable rule code, e.g. "date-order", so problems can be counted and documented. */
  rule: string;
  /** Plain English; never contains a personal value (name, date of birth, UPN, postcode). */
  message: string;
}

export interface RowAccount {
  source: string;
  file: string;
  module: string;
  rowsIn: number;
  accepted: number;
  rejected: number;
}

/** A problem that stops a source being read at all (missing file, unusable header). Printed without a stack. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataError";
  }
}

export function describeProblem(problem: Problem): string {
  const where = [problem.file, problem.row === null ? null : `row ${problem.row}`, problem.column && `column ${problem.column}`]
    .filter(Boolean)
    .join(", ");
  return `${problem.severity.toUpperCase()} ${where}: ${problem.message} [${problem.rule}]`;
}
