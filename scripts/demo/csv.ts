// CSV output: RFC 4180 quoting only where needed, written through a buffer so no file is ever held
// in memory whole (the --scale 200 exports are hundreds of megabytes).

import { closeSync, openSync, writeSync } from "node:fs";
import { csvField } from "../../loaders/sources/csv.js";

/** Appends lines to a file through a 1 MB byte buffer. */
export class BufferedCsvWriter {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafe(1 << 20);
  private used = 0;
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
    // Encode straight into a 1 MB byte buffer: no big joined strings, one write per megabyte.
    if (this.used + line.length * 3 + 2 > this.buffer.length) this.flush();
    if (line.length * 3 + 2 > this.buffer.length) this.buffer = Buffer.allocUnsafe(line.length * 3 + 2);
    this.used += this.buffer.write(line, this.used, "utf8");
    this.used += this.buffer.write(this.newline, this.used, "latin1");
  }

  private flush(): void {
    if (this.used === 0) return;
    writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
