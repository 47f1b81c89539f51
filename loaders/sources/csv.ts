// RFC 4180 CSV reading that copes with what LA systems really export: BOM, CRLF, quoted newlines,
// semicolon files, Windows-1252 text. Pure (no Node APIs) so the browser reads local files the same way.
//
// Files are read as a stream of byte chunks (a national census is about 1 GB, more than one JavaScript
// string can hold): the bytes are cut after a line feed, so no piece splits a CRLF or a multi-byte
// UTF-8 character, each piece is decoded and parsed, and records are handed on as they are found. A
// whole text (parseCsv) goes through the same parser as one piece.

export interface CsvRecord {
  /** 1-based line number where the record starts in the file (the header is line 1): what an analyst sees. */
  line: number;
  fields: string[];
}

export interface CsvOptions {
  /** Field delimiter; detected from the header line when omitted. */
  delimiter?: string;
}

/** A file's bytes as a source of chunks read on demand: a large file need not be in memory at once. */
export interface ChunkedBytes {
  /** Size in bytes. */
  readonly size: number;
  /**
   * The bytes in order, in chunks of any size. Each call starts again from the first byte. A chunk may
   * be overwritten once the next one is asked for (a reused read buffer), so keep a copy of what you keep.
   */
  chunks(): Iterable<Uint8Array>;
}

/** A file's bytes: all in memory, or read in chunks. */
export type ByteSource = Uint8Array | ChunkedBytes;

export type TextEncoding = "utf-8" | "windows-1252";

/** Bytes read (and decoded) at a time: big enough that per-piece costs vanish, small enough to stay cheap. */
const PIECE_BYTES = 4 << 20;

/** Windows-1252's characters for bytes 0x80-0x9F (the rest of the byte range is Latin-1). */
const WINDOWS_1252_HIGH =
  "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
  "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

/** Windows-1252 decoding written out, because Node's TextDecoder treats the label as Latin-1. */
function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const codes = new Uint16Array(8192);
  for (let start = 0; start < bytes.length; start += 8192) {
    const end = Math.min(bytes.length, start + 8192);
    for (let index = start; index < end; index++) {
      const byte = bytes[index]!;
      codes[index - start] = byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(byte - 0x80) : byte;
    }
    parts.push(String.fromCharCode.apply(null, codes.subarray(0, end - start) as unknown as number[]));
  }
  return parts.join("");
}

const hasBom = (bytes: Uint8Array) => bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/** Decode file bytes: UTF-8 (BOM stripped) unless the bytes are not valid UTF-8, then Windows-1252. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  const body = hasBom(bytes) ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), encoding: "utf-8" };
  } catch {
    return { text: decodeWindows1252(body), encoding: "windows-1252" };
  }
}

export const byteLength = (source: ByteSource): number => (source instanceof Uint8Array ? source.length : source.size);

/** The source's chunks as they come. */
function* rawChunks(source: ByteSource): Generator<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let start = 0; start < source.length; start += PIECE_BYTES) yield source.subarray(start, start + PIECE_BYTES);
  } else {
    for (const chunk of source.chunks()) if (chunk.length > 0) yield chunk;
  }
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/**
 * The file's bytes after any UTF-8 byte order mark, in pieces that each end just after a line feed
 * (the last piece may not). A line feed byte is never inside a multi-byte UTF-8 character, so each piece
 * decodes on its own, and a CRLF is never split. Each piece is used before the next is asked for: it is a
 * view of the source or of one reused buffer (no new memory per piece, which would make V8 collect
 * garbage for every few megabytes read).
 */
export function* linePieces(source: ByteSource): Generator<Uint8Array> {
  if (source instanceof Uint8Array) {
    let start = hasBom(source) ? 3 : 0;
    while (start < source.length) {
      let end = Math.min(source.length, start + PIECE_BYTES);
      if (end < source.length) {
        const lastLf = source.lastIndexOf(10, end - 1);
        end = lastLf >= start ? lastLf + 1 : source.indexOf(10, end) + 1 || source.length;
      }
      yield source.subarray(start, end);
      start = end;
    }
    return;
  }
  // Bytes not yet handed on sit at the start of `buffer`; a chunk is appended, everything up to its
  // last line feed is handed on, and the rest moves to the front.
  let buffer = new Uint8Array(0);
  let held = 0;
  let first = true;
  for (const chunk of rawChunks(source)) {
    if (held + chunk.length > buffer.length) {
      const grown = new Uint8Array(Math.max(held + chunk.length, buffer.length * 2, 1 << 16));
      grown.set(buffer.subarray(0, held));
      buffer = grown;
    }
    buffer.set(chunk, held);
    held += chunk.length;
    let start = 0;
    if (first) {
      // The mark is the first three bytes, whatever the chunk sizes.
      if (held < 3) continue;
      first = false;
      if (hasBom(buffer)) start = 3;
    }
    const lastLf = buffer.lastIndexOf(10, held - 1);
    if (lastLf < start) {
      if (start > 0) {
        buffer.copyWithin(0, start, held);
        held -= start;
      }
      continue;
    }
    yield buffer.subarray(start, lastLf + 1);
    buffer.copyWithin(0, lastLf + 1, held);
    held -= lastLf + 1;
  }
  if (held > 0) yield buffer.subarray(0, held);
}

/** Whether the bytes (after any BOM) are valid UTF-8: decodeText's choice of encoding, made without one big string. */
export function detectEncoding(source: ByteSource): TextEncoding {
  return scanText(source).encoding;
}

/** Byte checks a platform can do natively (Node's buffer module); without them the pure versions decode text. */
export interface ByteTools {
  isUtf8(bytes: Uint8Array): boolean;
  /** The bytes as Latin-1 text (one character per byte). */
  latin1(bytes: Uint8Array): string;
}

let byteTools: ByteTools | undefined;

/** Lets the first pass over a file use native byte checks (results are the same as decoding). */
export function useByteTools(tools: ByteTools | undefined): void {
  byteTools = tools;
}

/**
 * The file as decoded text pieces (each ending with a line feed but the last), as decodeText would
 * decode the whole: UTF-8 with the byte order mark removed, or Windows-1252.
 */
export function* textPieces(source: ByteSource, encoding: TextEncoding): Generator<string> {
  if (encoding === "windows-1252") {
    for (const piece of linePieces(source)) yield decodeWindows1252(piece);
    return;
  }
  // One decoder for the whole stream, so a second byte order mark is dropped only at the very start, as decodeText does.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (const piece of linePieces(source)) {
    const text = decoder.decode(piece, { stream: true });
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

const DELIMITERS = [",", ";", "\t", "|"] as const;

/** The candidate that occurs most (comma on a tie or none), from counts in DELIMITERS order. */
function bestDelimiter(counts: readonly number[]): string {
  let best = ",";
  let bestCount = 0;
  counts.forEach((count, index) => {
    if (count > bestCount) {
      best = DELIMITERS[index]!;
      bestCount = count;
    }
  });
  return best;
}

function delimiterCounts(text: string, counts: number[] = [0, 0, 0, 0]): number[] {
  DELIMITERS.forEach((candidate, index) => { counts[index]! += text.split(candidate).length - 1; });
  return counts;
}

/** Where detectDelimiter's first line ends, or -1 when it looks at the whole text (no line feed, or the first line is empty). */
function firstLineEnd(text: string): number {
  return Math.max(0, text.search(/\r?\n/)) || -1;
}

/** Picks the delimiter that splits the first line into the most fields (comma, semicolon, tab or pipe). */
export function detectDelimiter(text: string): string {
  const end = firstLineEnd(text);
  return bestDelimiter(delimiterCounts(end < 0 ? text : text.slice(0, end)));
}

/**
 * A CSV parser fed text in pieces: every piece but the last ends with a line feed, so only a quoted
 * field runs on from one piece to the next. Records go to `onRecord` as soon as they end.
 */
export class CsvParser {
  private line = 1;
  private records = 0;
  private fields: string[] = [];
  private recordLine = 1;
  /** The value so far of a quoted field that runs on into the next piece. */
  private openQuote: string | null = null;
  private readonly delimiter: number;
  unterminatedQuoteAtLine: number | undefined;

  /** `unterminated` marks the record a quote never closed swallowed the rest of the file into (it comes last). */
  constructor(delimiter: string, private readonly onRecord: (record: CsvRecord, unterminated: boolean) => void) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  get recordCount(): number {
    return this.records;
  }

  /** Parses one piece; `last` says no text follows. Returns false once a quote was left open at the end. */
  feed(source: string, last: boolean): boolean {
    const QUOTE = 34;
    const CR = 13;
    const LF = 10;
    const delimiter = this.delimiter;
    const length = source.length;
    let position = 0;
    let line = this.line;
    let fields = this.fields;
    let recordLine = this.recordLine;
    let resume = this.openQuote;
    this.openQuote = null;

    // Where the next quote and the next carriage return are (length when none): a line holding neither
    // is split in one native call, which is what almost every line of a large extract is.
    let nextQuote = -1;
    let nextCr = -1;
    const delimiterText = String.fromCharCode(delimiter);

    while (position < length || resume !== null) {
      let code: number;
      if (resume === null && fields.length === 0) {
        recordLine = line;
        let lineEnd = source.indexOf("\n", position);
        if (lineEnd < 0) lineEnd = length;
        if (nextQuote < position) {
          nextQuote = source.indexOf('"', position);
          if (nextQuote < 0) nextQuote = length;
        }
        if (nextCr < position) {
          nextCr = source.indexOf("\r", position);
          if (nextCr < 0) nextCr = length;
        }
        const contentEnd = nextCr === lineEnd - 1 ? lineEnd - 1 : lineEnd;
        if (nextQuote >= lineEnd && (nextCr >= lineEnd || nextCr === contentEnd) && (lineEnd < length || last)) {
          fields = source.slice(position, contentEnd).split(delimiterText);
          position = lineEnd + 1;
          if (lineEnd < length) line++;
          // A blank line between records is not a record.
          if (!(fields.length === 1 && fields[0] === "")) {
            this.onRecord({ line: recordLine, fields }, false);
            this.records++;
          }
          fields = [];
          continue;
        }
      }
      if (resume !== null || source.charCodeAt(position) === QUOTE) {
        // Quoted field: "" is an escaped quote; newlines inside are data.
        let value = resume ?? "";
        if (resume === null) position++;
        resume = null;
        let start = position;
        for (;;) {
          const next = source.indexOf('"', position);
          if (next === -1) {
            value += source.slice(start);
            line += countNewlines(source, start, length);
            if (!last) {
              // The field goes on in the next piece.
              this.openQuote = value;
              this.line = line;
              this.fields = fields;
              this.recordLine = recordLine;
              return true;
            }
            fields.push(value);
            this.unterminatedQuoteAtLine = recordLine;
            this.onRecord({ line: recordLine, fields }, true);
            this.records++;
            this.line = line;
            this.fields = [];
            return false;
          }
          line += countNewlines(source, position, next);
          if (source.charCodeAt(next + 1) === QUOTE) {
            value += source.slice(start, next + 1);
            position = next + 2;
            start = position;
            continue;
          }
          value += source.slice(start, next);
          position = next + 1;
          break;
        }
        // Characters between the closing quote and the delimiter are kept (lenient, like Excel).
        let tail = position;
        while (tail < length) {
          code = source.charCodeAt(tail);
          if (code === delimiter || code === CR || code === LF) break;
          tail++;
        }
        if (tail > position) value += source.slice(position, tail);
        fields.push(value);
        position = tail;
      } else {
        let end = position;
        while (end < length) {
          code = source.charCodeAt(end);
          if (code === delimiter || code === CR || code === LF) break;
          end++;
        }
        fields.push(source.slice(position, end));
        position = end;
      }
      if (position >= length) break;
      code = source.charCodeAt(position);
      if (code === delimiter) {
        position++;
        // A delimiter at the very end still ends with an empty field.
        if (position >= length && last) fields.push("");
      } else {
        position += code === CR && source.charCodeAt(position + 1) === LF ? 2 : 1;
        line++;
        // A blank line between records is not a record.
        if (!(fields.length === 1 && fields[0] === "")) {
          this.onRecord({ line: recordLine, fields }, false);
          this.records++;
        }
        fields = [];
      }
    }
    if (last && fields.length > 0) {
      if (!(fields.length === 1 && fields[0] === "")) {
        this.onRecord({ line: recordLine, fields }, false);
        this.records++;
      }
      fields = [];
    }
    this.line = line;
    this.fields = fields;
    this.recordLine = recordLine;
    return true;
  }
}

/**
 * Streams records to `onRecord` without building an array of them, so national-size files parse in
 * bounded memory beyond the text itself. A quote left open at the end of the text is reported, not hidden.
 */
export function parseCsv(
  text: string,
  onRecord: (record: CsvRecord, unterminated: boolean) => void,
  options: CsvOptions = {},
): { records: number; unterminatedQuoteAtLine?: number } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parser = new CsvParser(options.delimiter ?? detectDelimiter(source), onRecord);
  parser.feed(source, true);
  return { records: parser.recordCount, ...(parser.unterminatedQuoteAtLine !== undefined ? { unterminatedQuoteAtLine: parser.unterminatedQuoteAtLine } : {}) };
}

/** What readCsv found besides the records. */
export interface CsvRead {
  records: number;
  unterminatedQuoteAtLine?: number;
  encoding: TextEncoding;
  delimiter: string;
}

/**
 * The delimiter parseCsv would pick for the whole decoded text, found from the first piece (which holds
 * the first line feed when there is one); only a file whose first line is empty is counted through.
 */
function streamDelimiter(source: ByteSource, encoding: TextEncoding, first: string): string {
  const end = firstLineEnd(first);
  if (end >= 0) return bestDelimiter(delimiterCounts(first.slice(0, end)));
  let pieces = 0;
  const counts = [0, 0, 0, 0];
  for (const piece of textPieces(source, encoding)) {
    delimiterCounts(pieces === 0 && piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece, counts);
    pieces++;
  }
  return bestDelimiter(counts);
}

/**
 * Reads a file's bytes as CSV, piece by piece: the same records, lines and delimiter as
 * `parseCsv(decodeText(bytes).text)`, without ever holding the whole text. `encoding` skips the
 * pass that checks the bytes are UTF-8, when the caller has made it.
 */
export function readCsv(
  source: ByteSource,
  onRecord: (record: CsvRecord, unterminated: boolean) => void,
  options: CsvOptions & { encoding?: TextEncoding } = {},
): CsvRead {
  const encoding = options.encoding ?? detectEncoding(source);
  let parser: CsvParser | undefined;
  let delimiter = options.delimiter ?? ",";
  let pending: string | undefined;
  for (const piece of textPieces(source, encoding)) {
    if (pending !== undefined) {
      parser!.feed(pending, false);
      pending = piece;
      continue;
    }
    // The first piece: a second byte order mark (a character now) is dropped, as parseCsv does.
    const text = piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece;
    delimiter = options.delimiter ?? streamDelimiter(source, encoding, text);
    parser = new CsvParser(delimiter, onRecord);
    pending = text;
  }
  if (pending !== undefined) parser!.feed(pending, true);
  const records = parser?.recordCount ?? 0;
  const unterminated = parser?.unterminatedQuoteAtLine;
  return { records, encoding, delimiter, ...(unterminated !== undefined ? { unterminatedQuoteAtLine: unterminated } : {}) };
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code === 10) count++;
    else if (code === 13 && text.charCodeAt(index + 1) !== 10) count++;
  }
  return count;
}

/** Normalises a header cell for matching: trimmed, lower case, BOM and surrounding quotes removed. */
export function normaliseHeader(header: string): string {
  return header.replace(/^\uFEFF/, "").trim().toLowerCase();
}

/** Writes one CSV field, quoting only when needed. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(",");
}

/**
 * One pass over the bytes that decides the encoding as decodeText would (UTF-8 unless the bytes are not
 * valid UTF-8) and, given a pattern, whether any line of the decoded text matches it (a pattern that
 * spans no line feed: no piece splits a line).
 */
export function scanText(source: ByteSource, pattern?: RegExp): { encoding: TextEncoding; found: boolean } {
  let found = false;
  if (byteTools) {
    // Pieces end after a line feed, which is never inside a UTF-8 sequence, so checking each piece is
    // checking the whole. The pattern is ASCII: a Latin-1 reading keeps exactly the ASCII runs either
    // decoding has, so it matches where the decoded text would.
    let utf8 = true;
    for (const piece of linePieces(source)) {
      if (utf8) utf8 = byteTools.isUtf8(piece);
      if (pattern && !found) found = pattern.test(byteTools.latin1(piece));
      if (!utf8 && (found || !pattern)) break;
    }
    return { encoding: utf8 ? "utf-8" : "windows-1252", found };
  }
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    for (const piece of linePieces(source)) {
      const text = decoder.decode(piece, { stream: true });
      if (pattern && !found) found = pattern.test(text);
    }
    decoder.decode();
    return { encoding: "utf-8", found };
  } catch {
    found = false;
    if (pattern) {
      for (const text of textPieces(source, "windows-1252")) {
        if (pattern.test(text)) {
          found = true;
          break;
        }
      }
    }
    return { encoding: "windows-1252", found };
  }
}

/** All of a source's bytes in one array (a spreadsheet is read whole). */
export function wholeBytes(source: ByteSource): Uint8Array {
  if (source instanceof Uint8Array) return source;
  const parts: Uint8Array[] = [];
  for (const chunk of source.chunks()) parts.push(chunk.slice());
  return parts.length === 0 ? new Uint8Array() : concatBytes(parts);
}
