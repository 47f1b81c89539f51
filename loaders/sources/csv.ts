// RFC 4180 CSV reading that copes with what LA systems really export: BOM, CRLF, quoted newlines,
// semicolon files, Windows-1252 text. Pure (no Node APIs) so the browser reads local files the same way.

export interface CsvRecord {
  /** 1-based line number where the record starts in the file (the header is line 1): what an analyst sees. */
  line: number;
  fields: string[];
}

export interface CsvOptions {
  /** Field delimiter; detected from the header line when omitted. */
  delimiter?: string;
}

/** Windows-1252's characters for bytes 0x80-0x9F (the rest of the byte range is Latin-1). */
const WINDOWS_1252_HIGH =
  "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
  "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

/** Windows-1252 decoding written out, because Node's TextDecoder treats the label as Latin-1. */
function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += 8192) {
    const codes = Array.from(bytes.subarray(start, start + 8192), (byte) =>
      byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(byte - 0x80) : byte,
    );
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join("");
}

/** Decode file bytes: UTF-8 (BOM stripped) unless the bytes are not valid UTF-8, then Windows-1252. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: "utf-8" | "windows-1252" } {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), encoding: "utf-8" };
  } catch {
    return { text: decodeWindows1252(body), encoding: "windows-1252" };
  }
}

/** Picks the delimiter that splits the first line into the most fields (comma, semicolon, tab or pipe). */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.search(/\r?\n/)) || text.length);
  let best = ",";
  let bestCount = 0;
  for (const candidate of [",", ";", "\t", "|"]) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Streams records to `onRecord` without building an array of them, so national-size files parse in
 * bounded memory beyond the text itself. A quote left open at the end of the text is reported, not hidden.
 */
export function parseCsv(
  text: string,
  onRecord: (record: CsvRecord) => void,
  options: CsvOptions = {},
): { records: number; unterminatedQuoteAtLine?: number } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = (options.delimiter ?? detectDelimiter(source)).charCodeAt(0);
  const QUOTE = 34;
  const CR = 13;
  const LF = 10;
  const length = source.length;
  let position = 0;
  let line = 1;
  let records = 0;
  let fields: string[] = [];
  let recordLine = 1;

  const endRecord = () => {
    // A blank line between records is not a record.
    if (!(fields.length === 1 && fields[0] === "")) {
      onRecord({ line: recordLine, fields });
      records++;
    }
    fields = [];
  };

  while (position < length) {
    if (fields.length === 0) recordLine = line;
    let code = source.charCodeAt(position);
    if (code === QUOTE) {
      // Quoted field: "" is an escaped quote; newlines inside are data.
      let value = "";
      let start = ++position;
      for (;;) {
        const next = source.indexOf('"', position);
        if (next === -1) {
          value += source.slice(start);
          fields.push(value);
          line += countNewlines(source, start, length);
          onRecord({ line: recordLine, fields });
          return { records: records + 1, unterminatedQuoteAtLine: recordLine };
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
      if (position >= length) fields.push("");
    } else {
      position += code === CR && source.charCodeAt(position + 1) === LF ? 2 : 1;
      line++;
      endRecord();
    }
  }
  if (fields.length > 0) endRecord();
  return { records };
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
