// CSV output: RFC 4180 quoting only where needed, written through a buffer so no file is ever held
// in memory whole (the --scale 200 exports are hundreds of megabytes).

import { closeSync, openSync, writeSync } from "node:fs";

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Appends lines to a file through a ~1 MB buffer. */
export class BufferedCsvWriter {
  private readonly fd: number;
  private chunk = "";
  /** Data lines written so far (the header is line 1, so the next row is at file line `rows + 2`). */
  rows = 0;

  constructor(
    readonly path: string,
    header: readonly string[],
    private readonly newline = "\n",
  ) {
    this.fd = openSync(path, "w");
    this.pushLine(header.map(csvField).join(","));
  }

  /**
   * Writes one row; `fields` must already be in header order. `freeText[i]` false means column i can
   * never hold a comma, quote or line break (ids, dates, codes), so it is not checked for quoting.
   */
  writeRow(fields: readonly string[], freeText?: readonly boolean[]): void {
    let line = "";
    for (let index = 0; index < fields.length; index++) {
      if (index > 0) line += ",";
      const field = fields[index]!;
      line += freeText && !freeText[index] ? field : csvField(field);
    }
    this.pushLine(line);
    this.rows++;
  }

  private pushLine(line: string): void {
    // String concatenation builds a rope that is flattened once, when the chunk is written.
    this.chunk += line;
    this.chunk += this.newline;
    if (this.chunk.length >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.chunk.length === 0) return;
    writeSync(this.fd, this.chunk, null, "utf8");
    this.chunk = "";
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
