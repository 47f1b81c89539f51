// The streaming CSV reader gives exactly what the whole-text parser gives, wherever the byte chunks
// break: inside a quoted field, between CR and LF, inside a multi-byte UTF-8 character, inside a BOM.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeText, detectDelimiter, linePieces, readCsv, scanText, textPieces, type ByteSource, type CsvRecord } from "../../loaders/sources/csv.js";
import { readSourceRows, readTableFile } from "../../loaders/sources/table-file.js";

/** The whole-text parser as it was before streaming (kept here as the oracle). */
function referenceParse(text: string): { records: CsvRecord[]; unterminatedQuoteAtLine?: number } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(source).charCodeAt(0);
  const found: CsvRecord[] = [];
  const length = source.length;
  const newlines = (from: number, to: number) => {
    let count = 0;
    for (let index = from; index < to; index++) {
      const code = source.charCodeAt(index);
      if (code === 10) count++;
      else if (code === 13 && source.charCodeAt(index + 1) !== 10) count++;
    }
    return count;
  };
  let position = 0;
  let line = 1;
  let fields: string[] = [];
  let recordLine = 1;
  const endRecord = () => {
    if (!(fields.length === 1 && fields[0] === "")) found.push({ line: recordLine, fields });
    fields = [];
  };
  while (position < length) {
    if (fields.length === 0) recordLine = line;
    let code = source.charCodeAt(position);
    if (code === 34) {
      let value = "";
      let start = ++position;
      for (;;) {
        const next = source.indexOf('"', position);
        if (next === -1) {
          value += source.slice(start);
          fields.push(value);
          found.push({ line: recordLine, fields });
          return { records: found, unterminatedQuoteAtLine: recordLine };
        }
        line += newlines(position, next);
        if (source.charCodeAt(next + 1) === 34) {
          value += source.slice(start, next + 1);
          position = next + 2;
          start = position;
          continue;
        }
        value += source.slice(start, next);
        position = next + 1;
        break;
      }
      let tail = position;
      while (tail < length) {
        code = source.charCodeAt(tail);
        if (code === delimiter || code === 13 || code === 10) break;
        tail++;
      }
      if (tail > position) value += source.slice(position, tail);
      fields.push(value);
      position = tail;
    } else {
      let end = position;
      while (end < length) {
        code = source.charCodeAt(end);
        if (code === delimiter || code === 13 || code === 10) break;
        end++;
      }
      fields.push(source.slice(position, end));
      position = end;
    }
    if (position >= length) break;
    code = source.charCodeAt(position);
    if (code === delimiter) {
      position++;
      if (position >= length) fields.push("");
    } else {
      position += code === 13 && source.charCodeAt(position + 1) === 10 ? 2 : 1;
      line++;
      endRecord();
    }
  }
  if (fields.length > 0) endRecord();
  return { records: found };
}

/** The bytes as a chunked source that breaks them at the given offsets (and reuses its buffer, as a file reader may). */
function chunked(bytes: Uint8Array, cuts: readonly number[]): ByteSource {
  const points = [...new Set(cuts.map((cut) => Math.max(0, Math.min(bytes.length, cut))))].sort((a, b) => a - b);
  return {
    size: bytes.length,
    *chunks() {
      const buffer = new Uint8Array(bytes.length + 1);
      let from = 0;
      for (const to of [...points, bytes.length]) {
        if (to <= from) continue;
        buffer.set(bytes.subarray(from, to));
        yield buffer.subarray(0, to - from);
        buffer.fill(0x41);
        from = to;
      }
    },
  };
}

function streamed(source: ByteSource) {
  const records: CsvRecord[] = [];
  const unterminated: number[] = [];
  const result = readCsv(source, (record, open) => {
    records.push({ line: record.line, fields: [...record.fields] });
    if (open) unterminated.push(record.line);
  });
  return { records, result, unterminated };
}

function expectSameAsWhole(bytes: Uint8Array, cuts: readonly number[]) {
  const expected = referenceParse(decodeText(bytes).text);
  const { records, result, unterminated } = streamed(chunked(bytes, cuts));
  expect(records).toEqual(expected.records);
  expect(result.unterminatedQuoteAtLine).toBe(expected.unterminatedQuoteAtLine);
  expect(unterminated).toEqual(expected.unterminatedQuoteAtLine === undefined ? [] : [expected.unterminatedQuoteAtLine]);
  expect(result.records).toBe(expected.records.length);
  expect(result.encoding).toBe(decodeText(bytes).encoding);
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const everyCut = (bytes: Uint8Array) => Array.from({ length: bytes.length + 1 }, (_, i) => [i]);

describe("streaming CSV", () => {
  it("reads the same records with a chunk boundary at every byte of a tricky file", () => {
    const text = '\uFEFFname;note;n\r\n"Zoë";"two\r\nlines, ""quoted""";1\r\n\r\nplain;"a""b"tail;\r\n"€uro";x;3\r\n"open\n;y';
    const bytes = utf8(text);
    for (const cuts of everyCut(bytes)) expectSameAsWhole(bytes, cuts);
    // And a boundary at every pair of positions around the multi-byte characters and the CRLFs.
    for (let a = 0; a <= bytes.length; a += 3) for (let b = a + 1; b <= bytes.length; b += 5) expectSameAsWhole(bytes, [a, b]);
  });

  it("splits inside a multi-byte UTF-8 character, a CRLF and a quoted field without changing a value", () => {
    const bytes = utf8('a,b\r\n"café\r\nau lait",€\r\n');
    const euro = bytes.indexOf(0xe2);
    const cr = bytes.indexOf(13, 5);
    const quoted = bytes.indexOf(34) + 3;
    for (const cut of [euro + 1, euro + 2, cr + 1, quoted]) {
      const { records } = streamed(chunked(bytes, [cut]));
      expect(records).toEqual([{ line: 1, fields: ["a", "b"] }, { line: 2, fields: ["café\r\nau lait", "€"] }]);
    }
  });

  it("decides Windows-1252 from bytes anywhere in the file, and drops a BOM split across chunks", () => {
    const latin = Uint8Array.from([...utf8("a,b\n1,"), 0x92, 0xe9, 10]);
    expect(scanText(latin).encoding).toBe("windows-1252");
    expect(streamed(chunked(latin, [2, 7])).records).toEqual([{ line: 1, fields: ["a", "b"] }, { line: 2, fields: ["1", "’é"] }]);
    const bom = utf8("\uFEFFx;y\n1;2\n");
    expect(streamed(chunked(bom, [1, 2])).records).toEqual([{ line: 1, fields: ["x", "y"] }, { line: 2, fields: ["1", "2"] }]);
  });

  it("cuts pieces after line feeds only and decodes them as one text", () => {
    const bytes = utf8("h1,h2\nàà,€€\n\"x\ny\",z\nlast");
    // Each piece is a view that the next one may overwrite: keep copies.
    const pieces: Uint8Array[] = [];
    for (const piece of linePieces(chunked(bytes, [3, 8, 9, 15]))) pieces.push(piece.slice());
    for (const piece of pieces.slice(0, -1)) expect(piece[piece.length - 1]).toBe(10);
    expect([...textPieces(chunked(bytes, [1, 4, 13]), "utf-8")].join("")).toBe(decodeText(bytes).text);
  });

  it("detects the delimiter from the first line even when it is long, and from the whole text when the first line is empty", () => {
    const long = utf8(`${"x".repeat(100)};y;z\n1,2,3,4,5\n`);
    expect(streamed(chunked(long, [10, 50])).result.delimiter).toBe(";");
    const blankFirst = utf8("\n1;2;3\n4,5\n");
    expect(streamed(chunked(blankFirst, [1, 3])).result.delimiter).toBe(detectDelimiter("\n1;2;3\n4,5\n"));
    expectSameAsWhole(blankFirst, [1, 3]);
  });

  it("matches the whole-text parser on any text, any chunking (property)", () => {
    const unit = fc.constantFrom("a", "1", ",", ";", '"', "\n", "\r", "\r\n", " ", "é", "€", "😀", "\uFEFF", "/");
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), fc.array(fc.nat(300), { maxLength: 6 }), fc.boolean(), (units, cuts, bom) => {
        const bytes = utf8((bom ? "\uFEFF" : "") + units.join(""));
        expectSameAsWhole(bytes, cuts);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it("matches the whole-text parser on Windows-1252 bytes (property)", () => {
    const unit = fc.constantFrom(0x61, 0x2c, 0x22, 0x0a, 0x0d, 0x92, 0xe9, 0x80, 0x3b);
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), fc.array(fc.nat(80), { maxLength: 4 }), (units, cuts) => {
        expectSameAsWhole(Uint8Array.from(units), cuts);
      }),
      { numRuns: 1000, seed: 5 },
    );
  });
});

describe("streaming table files", () => {
  const HEADER = "Title row\nUPN,DOB,Note\n";
  it("finds the header below title rows and reports an unterminated quote on its own row", () => {
    const bytes = utf8(`${HEADER}A1,2014-01-01,ok\nA2,2014-01-02,"never closed\nA3,2014-01-03,\n`);
    const whole = readTableFile(bytes, "x.csv", ["UPN", "DOB"]);
    const pieces = readTableFile(chunked(bytes, [5, 20, 40]), "x.csv", ["UPN", "DOB"]);
    expect(pieces).toEqual(whole);
    expect(whole.headerLine).toBe(2);
    expect(whole.unterminatedQuoteAtLine).toBe(4);
  });

  it("marks every slash date in a month-first column, whichever chunk holds the evidence", () => {
    const rows = Array.from({ length: 50 }, (_, i) => `A${i},${i === 40 ? "05/13/2014" : i % 2 ? "05/06/2014" : "2014-06-05"},`);
    const bytes = utf8(`${HEADER}${rows.join("\n")}\n`);
    const read = (source: ByteSource) => readSourceRows(source, "x.csv", { source: "t", module: "t", required: ["UPN", "DOB"], dateColumns: ["DOB"] }, (record) => record.fields[0]);
    const whole = read(bytes);
    expect(whole.problems.filter((p) => p.rule === "ambiguous-date-order").length).toBe(26);
    expect(whole.problems[0]!.message).toContain("row 43 cannot be day-first");
    for (const cuts of [[7], [100, 300], [bytes.length - 3]]) expect(read(chunked(bytes, cuts))).toEqual(whole);
  });
});
