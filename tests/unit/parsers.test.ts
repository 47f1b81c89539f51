// CSV and cell parsers: worked examples and properties (fast-check).

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseListDate } from "../../loaders/inspection/validate.js";
import { csvLine, decodeText, parseCsv, type CsvRecord } from "../../loaders/sources/csv.js";
import { ageOn, daysBetween, monthsBetween, parseBool, parseDate } from "../../loaders/sources/values.js";
import { isValidUpn, upnCheckLetter } from "../../loaders/sources/upn.js";

const records = (text: string): CsvRecord[] => {
  const found: CsvRecord[] = [];
  parseCsv(text, (record) => found.push(record));
  return found;
};

describe("parseCsv", () => {
  it("handles a BOM, CRLF, quoted commas, quotes and newlines, and reports the starting line", () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"two\r\nlines",z\r\n';
    expect(records(text)).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 3, fields: ["two\r\nlines", "z"] },
    ]);
  });

  it("detects semicolon files and keeps a trailing empty field", () => {
    expect(records("a;b;c\n1;2;\n")).toEqual([{ line: 1, fields: ["a", "b", "c"] }, { line: 2, fields: ["1", "2", ""] }]);
  });

  it("reports a quote that is never closed", () => {
    const result = parseCsv('a,b\n1,"open\n2,3\n', () => {});
    expect(result.unterminatedQuoteAtLine).toBe(2);
  });

  it("round-trips any table written by csvLine (property)", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r\n", " ", "é", ";") });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 20 }), (rows) => {
        const text = ["h1,h2", ...rows.map((row) => csvLine(row))].join("\n") + "\n";
        const parsed = records(text).slice(1).map((r) => r.fields);
        // A row whose cells are all empty is a blank line, which CSV cannot tell from no row.
        expect(parsed).toEqual(rows.filter((row) => !(row.length === 1 && row[0] === "")));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe("decodeText", () => {
  it("reads UTF-8 and falls back to Windows-1252 for a GIAS download", () => {
    expect(decodeText(new TextEncoder().encode("Café")).text).toBe("Café");
    // "St Mary’s Café" in Windows-1252: ’ = 0x92, é = 0xE9.
    const bytes = Uint8Array.from([0x53, 0x74, 0x20, 0x4d, 0x61, 0x72, 0x79, 0x92, 0x73, 0x20, 0x43, 0x61, 0x66, 0xe9]);
    expect(decodeText(bytes)).toEqual({ text: "St Mary’s Café", encoding: "windows-1252" });
  });
});

describe("parseDate", () => {
  it("reads the Blade export's form, ISO and UK day-first dates", () => {
    expect(parseDate("2022-Sep-28 00:00:00")).toEqual({ ok: true, value: "2022-09-28" });
    expect(parseDate("2022-09-28")).toEqual({ ok: true, value: "2022-09-28" });
    expect(parseDate("03/04/2024")).toEqual({ ok: true, value: "2024-04-03" });
    expect(parseDate("")).toEqual({ ok: true, value: null });
  });

  it("names the expected format and refuses impossible dates", () => {
    expect(parseDate("31/02/2024")).toEqual({ ok: false, reason: "'31/02/2024' is not a real calendar date" });
    const bad = parseDate("next Tuesday", ["blade"]);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toContain("2022-Sep-28 00:00:00");
  });

  it("round-trips every real date in every accepted form (property)", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }), (date) => {
        const iso = date.toISOString().slice(0, 10);
        const [y, m, d] = iso.split("-");
        const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Number(m) - 1];
        expect(parseDate(`${y}-${month}-${d} 00:00:00`)).toEqual({ ok: true, value: iso });
        expect(parseDate(`${d}/${m}/${y}`)).toEqual({ ok: true, value: iso });
        expect(parseDate(iso)).toEqual({ ok: true, value: iso });
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});

describe("parsers never crash and never swap day and month (properties)", () => {
  it("parseDate answers any text with a date or a reason, and a real date only", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/), fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/)), (text) => {
        const parsed = parseDate(text);
        if (parsed.ok) {
          if (parsed.value !== null) expect(new Date(`${parsed.value}T00:00:00Z`).toISOString().slice(0, 10)).toBe(parsed.value);
        } else {
          expect(parsed.reason.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: 2000, seed: 5 },
    );
  });

  it("reads a slash date day first, always", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1950, max: 2049 }), (day, month, year) => {
        const text = `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/${year}`;
        expect(parseDate(text)).toEqual({ ok: true, value: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` });
        expect(parseListDate(text, "2025-01-16").iso).toBe(`${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`);
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it("parseCsv takes any text without throwing and counts every record it hands over", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", ",", ";", '"', "\n", "\r", " ", "\uFEFF", "é") }), (text) => {
        let handed = 0;
        const result = parseCsv(text, () => handed++);
        expect(result.records).toBe(handed);
      }),
      { numRuns: 2000, seed: 9 },
    );
  });
});

describe("dates and ages", () => {
  it("counts days and whole years of age", () => {
    // 10 Jan 2024 to 29 May 2024 (a leap year): 21 + 29 + 31 + 30 + 29 = 140.
    expect(daysBetween("2024-01-10", "2024-05-29")).toBe(140);
    expect(ageOn("2010-06-01", "2025-05-31")).toBe(14);
    expect(ageOn("2010-06-01", "2025-06-01")).toBe(15);
    expect(monthsBetween("2024-11", "2025-02")).toEqual(["2024-11", "2024-12", "2025-01", "2025-02"]);
  });

  it("parses booleans the way LA systems write them", () => {
    expect(["1", "Y", "yes", "TRUE"].map((v) => parseBool(v))).toEqual(Array(4).fill({ ok: true, value: true }));
    expect(parseBool("maybe").ok).toBe(false);
  });
});

describe("UPN check letters", () => {
  it("follows DfE's algorithm and rejects a wrong letter", () => {
    // Weights 2..13 on 8,0,1,2,0,0,1,1,2,0,0,1: 16+0+4+10+0+0+8+9+20+0+0+13 = 80; 80 mod 23 = 11;
    // the 12th letter of ABCDEFGHJKLMNPQRTUVWXYZ (I, O and S are not used) is M.
    expect(upnCheckLetter("801200112001")).toBe("M");
    expect(isValidUpn("M801200112001")).toBe(true);
    expect(isValidUpn("A801200112001")).toBe(false);
  });
});
