// The columnar store behind the census (and SEN2's module tables): builders give back exactly what was
// pushed, the hash indexes find what was added, and a columnar table loads into both DuckDB engines as
// the same table its row objects would make.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  BoolBuilder, DictionaryBuilder, IdMap, IntBuilder, RowIndex, TextColumn, cellOf, columnValues, daysOfIso, daysOfIsoByDate, hashText, isoOfDays, materialiseRows,
  type ColumnarRows,
} from "../../loaders/model/columnar.js";
import { columnarTable, type Table, type TableColumn } from "../../loaders/model/canonical.js";
import { NodeDuckDb } from "../../loaders/node/duckdb-node.js";
import { openWasmEngine } from "../support/wasm-engine.js";
import { readSchoolCensus } from "../../loaders/sources/school-census.js";
import { upnCheckLetter } from "../../loaders/sources/upn.js";

describe("column builders", () => {
  it("give back every value pushed: text, codes, whole numbers, dates and flags (property)", () => {
    const text = fc.option(fc.string({ unit: fc.constantFrom("a", "Z", "0", "é", "€", "😀", " ", "|") }), { nil: null });
    const int = fc.option(fc.oneof(fc.integer(), fc.constant(-0), fc.constant(2 ** 40), fc.constant(-(2 ** 31))), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, int, fc.option(fc.boolean(), { nil: null })), { maxLength: 3000 }), (rows) => {
        const free = new TextColumn();
        const codes = new DictionaryBuilder();
        const ints = new IntBuilder();
        const flags = new BoolBuilder();
        for (const [a, b, n, f] of rows) {
          free.push(a);
          codes.push(b);
          ints.push(n);
          flags.push(f);
        }
        rows.forEach(([a, b, n, f], row) => {
          expect(free.get(row)).toBe(a);
          expect(codes.get(row)).toBe(b);
          expect(Object.is(ints.get(row), n)).toBe(true);
          expect(flags.get(row)).toBe(f);
          if (a !== null) expect(free.equals(row, a)).toBe(true);
          if (a !== null) expect(free.hash(row)).toBe(hashText(a));
        });
        const copy = new TextColumn();
        rows.forEach((_, row) => copy.pushFrom(free, row));
        rows.forEach(([a], row) => expect(copy.get(row)).toBe(a));
      }),
      { numRuns: 60, seed: 3 },
    );
  });

  it("widens dictionary codes past 255 and 65,535 distinct values", () => {
    const codes = new DictionaryBuilder();
    for (let i = 0; i < 70_000; i++) codes.push(`v${i}`);
    codes.push("v3");
    expect(codes.data().codes).toBeInstanceOf(Uint32Array);
    expect(codes.get(69_999)).toBe("v69999");
    expect(codes.get(70_000)).toBe("v3");
    expect(codes.values.length).toBe(70_000);
  });

  it("turns dates into days and back", () => {
    for (const iso of ["1900-01-01", "1970-01-01", "2024-02-29", "2100-12-31"]) expect(isoOfDays(daysOfIso(iso))).toBe(iso);
    expect(daysOfIso("1970-01-02")).toBe(1);
  });

  it("works out days by arithmetic exactly as Date.UTC does, for dates and for anything else", () => {
    const pad = (value: number, width: number) => String(value).padStart(width, "0");
    // Four, two and two digits, a day past the month's end included (both roll it over).
    const written = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom("", "T00:00:00Z", "x"))
      .map(([year, month, day, rest]) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}${rest}`);
    fc.assert(fc.property(fc.oneof(written, fc.string({ maxLength: 12 })), (iso) => {
      expect(Object.is(daysOfIso(iso), daysOfIsoByDate(iso))).toBe(true);
    }), { numRuns: 5000 });
    for (const iso of ["0099-12-31", "0100-01-01", "1600-02-29", "2000-02-29", "2024-02-30", "2024-00-10", "2024-13-01", " 2024-01-01", "2024-1-01"]) {
      expect(Object.is(daysOfIso(iso), daysOfIsoByDate(iso))).toBe(true);
    }
  });
});

describe("hash indexes", () => {
  it("RowIndex finds each key's row among a million, and nothing for a missing key", () => {
    const upns = new TextColumn();
    const index = new RowIndex();
    for (let row = 0; row < 1_000_000; row++) {
      upns.push(`A${String(row).padStart(12, "0")}`);
      index.add(upns.hash(row), row);
    }
    for (const row of [0, 1, 77_777, 999_999]) {
      const value = `A${String(row).padStart(12, "0")}`;
      expect(index.find(hashText(value), (candidate) => upns.equals(candidate, value))).toBe(row);
    }
    expect(index.find(hashText("B000000000001"), (candidate) => upns.equals(candidate, "B000000000001"))).toBe(-1);
  });

  it("RowIndex tells apart keys whose hashes are equal, including hashes beyond the int32 range", () => {
    const index = new RowIndex();
    const keys = Array.from({ length: 5000 }, (_, row) => `key-${row}`);
    // Three hashes for 5,000 keys: every lookup walks past rows with the same hash.
    const hashOf = (row: number) => [7, 0x9e3779b9, 0xffffffff][row % 3]!;
    keys.forEach((_, row) => index.add(hashOf(row), row));
    for (const row of [0, 1, 2, 2500, 4999]) expect(index.find(hashOf(row), (candidate) => keys[candidate] === keys[row])).toBe(row);
    expect(index.find(0x9e3779b9, (candidate) => keys[candidate] === "key-0")).toBe(-1);
    expect(index.find(8, () => true)).toBe(-1);
  });

  it("IdMap keeps numeric and other table ids apart and exact", () => {
    const ids = new IdMap();
    const keys = ["1", "01", "001", "25100000001", "999999999999999", "1000000000000000", "a1", "", "-1", "1.0"];
    keys.forEach((key, i) => ids.set(key, i));
    for (let i = 0; i < 100_000; i++) ids.set(String(5_000_000_000 + i), -i);
    keys.forEach((key, i) => expect(ids.get(key)).toBe(i));
    expect(ids.get("4999999999")).toBeUndefined();
    expect(ids.get("5000077777")).toBe(-77_777);
    expect(ids.get("2")).toBeUndefined();
  });

  it("IdMap answers the same for ids in order, with gaps, and out of order (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: -1000, max: 1000 })), { maxLength: 400 }), fc.integer({ min: 0, max: 2 ** 40 }), (steps, base) => {
        const ids = new IdMap();
        const expected = new Map<string, number>();
        let id = base;
        for (const [gap, value] of steps) {
          id += gap % 7 === 0 ? -gap : gap % 3;
          const key = String(Math.max(0, id));
          ids.set(key, value);
          expected.set(key, value);
        }
        for (const [key, value] of expected) expect(ids.get(key)).toBe(value);
        for (let probe = base - 5; probe < id + 5; probe += 97) if (probe >= 0 && !expected.has(String(probe))) expect(ids.get(String(probe))).toBeUndefined();
      }),
      { numRuns: 300, seed: 9 },
    );
  });
});

describe("columnar tables", () => {
  const COLUMNS: readonly TableColumn[] = [
    { name: "code", type: "varchar" },
    { name: "day", type: "date" },
    { name: "text_day", type: "date" },
    { name: "n", type: "integer" },
    { name: "flag", type: "boolean" },
    { name: "note", type: "varchar" },
  ];

  function sample(length: number): ColumnarRows {
    const code = new DictionaryBuilder();
    const textDay = new DictionaryBuilder();
    const day = new IntBuilder();
    const n = new IntBuilder();
    const flag = new BoolBuilder();
    const note = new TextColumn();
    for (let row = 0; row < length; row++) {
      code.push(row % 7 === 0 ? null : `c'${row % 300}`);
      textDay.push(row % 5 === 0 ? null : isoOfDays(19_000 + (row % 40)));
      day.push(row % 11 === 0 ? null : 10_000 + row);
      n.push(row % 13 === 0 ? null : row % 17 === 0 ? -0 : row - 2_000);
      flag.push(row % 3 === 0 ? null : row % 2 === 0);
      note.push(row % 9 === 0 ? null : `note ${row} é`);
    }
    return { length, columns: { code: code.data(), day: day.days(), text_day: textDay.data(), n: n.data(), flag: flag.data(), note: { kind: "text", text: note } } };
  }

  it("makes its rows only when asked, never when spread", () => {
    const data = sample(20);
    const table = columnarTable("t", COLUMNS, data);
    expect({ ...table }).not.toHaveProperty("rows");
    expect(table.rows).toEqual(materialiseRows(data, COLUMNS.map((c) => c.name)));
    expect(table.rows[7]!.code).toBeNull();
    expect(table.rows[1]!.day).toBe(isoOfDays(10_001));
    expect(cellOf(data.columns.flag!, 4)).toBe(true);
    expect(columnValues(data.columns.n!, 3)).toEqual([null, -1_999, -1_998]);
  });

  it("loads into both DuckDB engines as the same table its row objects make (several data chunks)", async () => {
    const data = sample(5_000);
    const columnar = columnarTable("t", COLUMNS, data);
    const rows: Table = { name: "t", columns: COLUMNS, rows: columnar.rows };
    const read = async (engine: { loadTable(table: Table): Promise<void>; query(sql: string): Promise<Record<string, unknown>[]> }, table: Table) => {
      await engine.loadTable(table);
      const typed = await engine.query("SELECT column_name, column_type FROM (DESCRIBE t)");
      const values = await engine.query("SELECT code, CAST(day AS VARCHAR) AS day, CAST(text_day AS VARCHAR) AS text_day, n, flag, note FROM t ORDER BY ALL");
      return { typed, values };
    };
    const node = await NodeDuckDb.open();
    const wasm = await openWasmEngine();
    try {
      const expected = await read(node, rows);
      expect(await read(node, columnar)).toEqual(expected);
      const fromWasm = await read(wasm, columnar);
      expect(fromWasm.values).toEqual(expected.values);
      // A table is a set of rows (the engine need not keep their order): compared in one order.
      expect(expected.values.find((row) => row.note === "note 51 é")).toMatchObject({ n: 0, flag: null });
    } finally {
      node.close();
    }
  });
});

describe("the census store", () => {
  const upn = (n: number) => { const body = `89312342${String(5000 + n)}`; return upnCheckLetter(body) + body; };
  const HEADER = "CensusDate,UPN,DOB,Sex,Ethnicity,NCyearActual,SENprovision,PrimarySENtype,URN,EnrolStatus,PupilPremiumIndicator,SessionsPossible,SessionsAttended,AuthorisedAbsence,UnauthorisedAbsence";
  it("keeps a pupil's every field, and refuses a repeat of one pupil, census and school thousands of rows apart", () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `2025-01-16,${upn(i)},2014-05-01,${i % 2 ? "F" : ""},WBRI,${i % 14 || "R"},K,SEMH,${100000 + (i % 400)},C,${i % 2 ? "true" : ""},16,15,1,0`);
    lines.push(lines[5]!);
    const read = readSchoolCensus(new TextEncoder().encode(`${HEADER}\n${lines.join("\n")}\n`), "census.csv");
    expect(read.account).toMatchObject({ rowsIn: 3001, accepted: 3000, rejected: 1 });
    expect(read.problems.at(-1)).toMatchObject({ row: 3002, rule: "duplicate-id", message: "the same pupil, census date and URN as row 7" });
    expect(read.columns.pupil(2)).toEqual({
      line: 4, censusDate: "2025-01-16", upn: upn(2), birthDate: "2014-05-01", sex: null, ethnicity: "WBRI", ncYear: "2", senProvision: "K", primaryNeed: "SEMH",
      urn: "100002", enrolStatus: "C", pupilPremium: null, sessionsPossible: 16, sessionsAttended: 15, sessionsAuthorised: 1, sessionsUnauthorised: 0,
    });
    expect(read.pupils.length).toBe(3000);
  });
});
