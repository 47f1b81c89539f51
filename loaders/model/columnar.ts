// Column-wise storage for tables too big for one object per row (a national school census: 8 million
// pupils). Low-cardinality text is dictionary-encoded, whole numbers and dates (days since 1970-01-01)
// sit in typed arrays, free text (UPNs) in one byte pool. Builders grow as rows arrive; a finished
// table's columns are plain data that both DuckDB engines load without making a row object.

export type CellValue = string | number | boolean | null;

/** Null in an Int32 column (never a valid value: negative sessions are rejected, dates are 1900-2100). */
export const NULL_INT = -2147483648;
/** Null in a boolean column (0 false, 1 true). */
export const NULL_BOOL = 2;

export type CodeArray = Uint8Array | Uint16Array | Uint32Array;

/** Text held once per distinct value; rows hold codes into `values`. */
export interface DictionaryData { kind: "dictionary"; codes: CodeArray; values: readonly (string | null)[] }
/** Whole numbers; NULL_INT is null; a number outside Int32 is kept in `overflow` by row (rows hold NULL_INT). */
export interface IntData { kind: "int"; values: Int32Array; overflow?: ReadonlyMap<number, number> }
/** Dates as days since 1970-01-01; NULL_INT is null. */
export interface DaysData { kind: "days"; values: Int32Array }
/** Booleans: 0 false, 1 true, NULL_BOOL null. */
export interface BoolData { kind: "bool"; values: Uint8Array }
/** Free text, one value per row. */
export interface TextData { kind: "text"; text: TextColumn }
export type ColumnData = DictionaryData | IntData | DaysData | BoolData | TextData;

/** A table's rows held column by column: `columns` has one entry per table column. */
export interface ColumnarRows {
  length: number;
  columns: Readonly<Record<string, ColumnData>>;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date (YYYY-MM-DD...); Date.UTC's answer for anything else. */
export function daysOfIso(iso: string): number {
  // Called for every date of a national run (tens of millions): digits read in place and the days worked
  // out by arithmetic (Hinnant's days_from_civil) rather than through slices, Number and Date.UTC. A day
  // past the month's end rolls over as Date.UTC's does (both are linear in the day).
  const year = digitsAt(iso, 0, 4);
  const month = digitsAt(iso, 5, 2);
  const day = digitsAt(iso, 8, 2);
  if (year < 100 || month < 1 || month > 12 || day < 0) return daysOfIsoByDate(iso);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The number written by `count` ASCII digits from `at`, or -1 if they are not all digits. */
function digitsAt(text: string, at: number, count: number): number {
  if (text.length < at + count) return -1;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** daysOfIso through Date.UTC: the reference, and the answer for what is not four, two and two digits. */
export function daysOfIsoByDate(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

/** The ISO date `days` after 1970-01-01. */
export function isoOfDays(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** One row's value of a column, as a row object would hold it (dates as ISO text). */
export function cellOf(column: ColumnData, row: number): CellValue {
  switch (column.kind) {
    case "dictionary":
      return column.values[column.codes[row]!]!;
    case "int": {
      const value = column.values[row]!;
      return value === NULL_INT ? (column.overflow?.get(row) ?? null) : value;
    }
    case "days": {
      const value = column.values[row]!;
      return value === NULL_INT ? null : isoOfDays(value);
    }
    case "bool": {
      const value = column.values[row]!;
      return value === NULL_BOOL ? null : value === 1;
    }
    case "text":
      return column.text.get(row);
  }
}

/** Every value of one column, in row order (for engines that take arrays of values). */
export function columnValues(column: ColumnData, length: number): CellValue[] {
  const values = new Array<CellValue>(length);
  if (column.kind === "dictionary") {
    for (let row = 0; row < length; row++) values[row] = column.values[column.codes[row]!]!;
  } else if (column.kind === "days") {
    // Few distinct dates: each is written out once.
    const iso = new Map<number, string>();
    for (let row = 0; row < length; row++) {
      const days = column.values[row]!;
      if (days === NULL_INT) values[row] = null;
      else {
        let text = iso.get(days);
        if (text === undefined) iso.set(days, (text = isoOfDays(days)));
        values[row] = text;
      }
    }
  } else {
    for (let row = 0; row < length; row++) values[row] = cellOf(column, row);
  }
  return values;
}

/** Row objects for a columnar table: only for small tables and tests (a national census would not fit). */
export function materialiseRows(rows: ColumnarRows, names: readonly string[]): Record<string, CellValue>[] {
  const columns = names.map((name) => [name, columnValues(rows.columns[name]!, rows.length)] as const);
  const objects = new Array<Record<string, CellValue>>(rows.length);
  for (let row = 0; row < rows.length; row++) {
    const object: Record<string, CellValue> = {};
    for (const [name, values] of columns) object[name] = values[row]!;
    objects[row] = object;
  }
  return objects;
}

/** `array`, or a copy at least twice as long when it cannot hold `needed` items. */
export const grow = <T extends Int32Array | Uint8Array | Uint16Array | Uint32Array>(array: T, needed: number): T => {
  if (needed <= array.length) return array;
  const next = new (array.constructor as new (length: number) => T)(Math.max(needed, array.length * 2, 1024));
  next.set(array);
  return next;
};

/** Builds a dictionary column: codes widen from 8 to 16 to 32 bits as distinct values arrive. */
export class DictionaryBuilder {
  readonly values: (string | null)[] = [];
  private readonly codeOf = new Map<string | null, number>();
  private codes: CodeArray = new Uint8Array(1024);
  length = 0;

  /** The code of a value, adding it to the dictionary if new. */
  code(value: string | null): number {
    let code = this.codeOf.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codeOf.set(value, code);
    }
    return code;
  }

  /** The code of a value already in the dictionary, or -1. */
  find(value: string | null): number {
    return this.codeOf.get(value) ?? -1;
  }

  push(value: string | null): void {
    this.pushCode(this.code(value));
  }

  pushCode(code: number): void {
    if (this.length === this.codes.length) this.codes = grow(this.codes, this.length + 1);
    if (code > 0xff && this.codes instanceof Uint8Array) this.codes = Uint16Array.from(this.codes);
    if (code > 0xffff && this.codes instanceof Uint16Array) this.codes = Uint32Array.from(this.codes);
    this.codes[this.length++] = code;
  }

  codeAt(row: number): number {
    return this.codes[row]!;
  }

  get(row: number): string | null {
    return this.values[this.codes[row]!]!;
  }

  data(): DictionaryData {
    return { kind: "dictionary", codes: this.codes.subarray(0, this.length), values: this.values };
  }
}

/** Builds a whole-number (or days) column. */
export class IntBuilder {
  private values = new Int32Array(1024);
  private overflow: Map<number, number> | undefined;
  length = 0;

  push(value: number | null): void {
    if (this.length === this.values.length) this.values = grow(this.values, this.length + 1);
    if (value === null) this.values[this.length++] = NULL_INT;
    else if (value === (value | 0) && value !== NULL_INT && !Object.is(value, -0)) this.values[this.length++] = value;
    else {
      // Beyond Int32 (or -0): kept exactly, by row.
      (this.overflow ??= new Map()).set(this.length, value);
      this.values[this.length++] = NULL_INT;
    }
  }

  get(row: number): number | null {
    const value = this.values[row]!;
    return value === NULL_INT ? (this.overflow?.get(row) ?? null) : value;
  }

  data(): IntData {
    return { kind: "int", values: this.values.subarray(0, this.length), ...(this.overflow ? { overflow: this.overflow } : {}) };
  }

  days(): DaysData {
    return { kind: "days", values: this.values.subarray(0, this.length) };
  }
}

/** Builds a boolean column. */
export class BoolBuilder {
  private values = new Uint8Array(1024);
  length = 0;

  push(value: boolean | null): void {
    if (this.length === this.values.length) this.values = grow(this.values, this.length + 1);
    this.values[this.length++] = value === null ? NULL_BOOL : value ? 1 : 0;
  }

  get(row: number): boolean | null {
    const value = this.values[row]!;
    return value === NULL_BOOL ? null : value === 1;
  }

  data(): BoolData {
    return { kind: "bool", values: this.values.subarray(0, this.length) };
  }
}

/**
 * Free text (UPNs: one per pupil) in one byte pool: a value whose characters are all Latin-1 takes a
 * byte each; any other (rare) is kept as it is, by row.
 */
export class TextColumn {
  private pool = new Uint8Array(1 << 16);
  /** ends[row] is where the row's bytes end (they start where the previous row's end). */
  private ends = new Int32Array(1024);
  private poolLength = 0;
  private others: Map<number, string | null> | undefined;
  length = 0;

  push(value: string | null): void {
    if (this.length === this.ends.length) this.ends = grow(this.ends, this.length + 1);
    let latin = value !== null;
    if (value !== null) {
      if (this.poolLength + value.length > this.pool.length) this.pool = grow(this.pool, this.poolLength + value.length);
      const pool = this.pool;
      let at = this.poolLength;
      for (let i = 0; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (code > 0xff) {
          latin = false;
          break;
        }
        pool[at++] = code;
      }
      if (latin) this.poolLength = at;
    }
    if (!latin) (this.others ??= new Map()).set(this.length, value);
    this.ends[this.length++] = this.poolLength;
  }

  /** Appends another column's row, byte for byte. */
  pushFrom(other: TextColumn, row: number): void {
    if (other.others?.has(row)) {
      this.push(other.others.get(row)!);
      return;
    }
    const start = other.start(row);
    const end = other.ends[row]!;
    if (this.length === this.ends.length) this.ends = grow(this.ends, this.length + 1);
    if (this.poolLength + end - start > this.pool.length) this.pool = grow(this.pool, this.poolLength + end - start);
    this.pool.set(other.pool.subarray(start, end), this.poolLength);
    this.poolLength += end - start;
    this.ends[this.length++] = this.poolLength;
  }

  /** Whether two rows of this column hold the same text. */
  sameRows(a: number, b: number): boolean {
    if (this.others?.has(a) || this.others?.has(b)) return this.get(a) === this.get(b);
    const startA = this.start(a);
    const startB = this.start(b);
    const length = this.ends[a]! - startA;
    if (this.ends[b]! - startB !== length) return false;
    const pool = this.pool;
    for (let i = 0; i < length; i++) if (pool[startA + i] !== pool[startB + i]) return false;
    return true;
  }

  private start(row: number): number {
    return row === 0 ? 0 : this.ends[row - 1]!;
  }

  /**
   * The row's text as UTF-8 bytes (a view of the pool, nothing copied) when it is all ASCII, as UPNs and
   * names mostly are; undefined otherwise (null, or other characters: ask get). Loading DuckDB takes these.
   */
  asciiBytes(row: number): Uint8Array | undefined {
    if (this.others?.has(row)) return undefined;
    const start = this.start(row);
    const end = this.ends[row]!;
    const pool = this.pool;
    for (let i = start; i < end; i++) if (pool[i]! >= 0x80) return undefined;
    return pool.subarray(start, end);
  }

  get(row: number): string | null {
    const other = this.others?.get(row);
    if (other !== undefined || this.others?.has(row)) return other ?? null;
    return latinText(this.pool, this.start(row), this.ends[row]!);
  }

  /** Whether the row holds exactly `value`. */
  equals(row: number, value: string): boolean {
    if (this.others?.has(row)) return this.others.get(row) === value;
    const start = this.start(row);
    const end = this.ends[row]!;
    if (end - start !== value.length) return false;
    const pool = this.pool;
    for (let i = 0; i < value.length; i++) if (pool[start + i] !== value.charCodeAt(i)) return false;
    return true;
  }

  /** A hash of the row's text, the same as hashText of that text. */
  hash(row: number): number {
    if (this.others?.has(row)) return hashText(this.others.get(row) ?? "");
    let hash = 0x811c9dc5;
    const pool = this.pool;
    for (let i = this.start(row), end = this.ends[row]!; i < end; i++) hash = Math.imul(hash ^ pool[i]!, 0x01000193);
    return hash >>> 0;
  }

  /** Two rows (of this or another column) hold the same text. */
  same(row: number, other: TextColumn, otherRow: number): boolean {
    const value = other.get(otherRow);
    return value === null ? this.get(row) === null : this.equals(row, value);
  }
}

/** Reused argument arrays by length: fromCharCode.apply on a plain array is much faster than on a typed one. */
const CODE_ARRAYS: number[][] = Array.from({ length: 65 }, (_, length) => new Array<number>(length).fill(0));

/** Latin-1 text from bytes[start, end). */
function latinText(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length <= 64) {
    const codes = CODE_ARRAYS[length]!;
    for (let i = 0; i < length; i++) codes[i] = bytes[start + i]!;
    return String.fromCharCode.apply(null, codes);
  }
  let text = "";
  for (let at = start; at < end; at += 8192) text += String.fromCharCode.apply(null, bytes.subarray(at, Math.min(end, at + 8192)) as unknown as number[]);
  return text;
}

/** FNV-1a over the text's UTF-16 code units (matches TextColumn.hash for Latin-1 text). */
export function hashText(value: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Mixes a number into a hash. */
export function hashMix(hash: number, value: number): number {
  return (Math.imul(hash ^ value, 0x01000193) ^ (value >>> 16)) >>> 0;
}

/** Spreads a hash's bits (MurmurHash3's finaliser) so the low bits pick slots evenly. */
function spread(hash: number): number {
  let h = hash;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * An open-addressing hash index of row numbers: the caller gives each row's hash and says when two
 * rows are equal. Used for duplicate checks and lookups over millions of rows without a Map of strings.
 */
export class RowIndex {
  /**
   * Slot i is entries[2i] (the row, -1 when empty) and entries[2i + 1] (its hash): side by side, so a
   * probe of a table too big for the CPU's caches costs one memory fetch, not two.
   */
  private entries: Int32Array;
  private size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.entries = RowIndex.emptyEntries(capacity);
  }

  private static emptyEntries(capacity: number): Int32Array {
    const entries = new Int32Array(capacity * 2);
    for (let slot = 0; slot < capacity; slot++) entries[slot * 2] = -1;
    return entries;
  }

  /** The row added with this hash that `matches`, or -1 (add each key once). */
  find(hash: number, matches: (row: number) => boolean): number {
    const entries = this.entries;
    const mask = (entries.length >> 1) - 1;
    const stored = hash | 0;
    for (let slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
      const row = entries[slot * 2]!;
      if (row < 0) return -1;
      if (entries[slot * 2 + 1] === stored && matches(row)) return row;
    }
  }

  /** Adds a row whose key is not in the index yet. */
  add(hash: number, row: number): void {
    if ((this.size + 1) * 2 > this.entries.length >> 1) this.resize();
    RowIndex.place(this.entries, hash, row);
    this.size++;
  }

  private static place(entries: Int32Array, hash: number, row: number): void {
    const mask = (entries.length >> 1) - 1;
    let slot = spread(hash) & mask;
    while (entries[slot * 2]! >= 0) slot = (slot + 1) & mask;
    entries[slot * 2] = row;
    entries[slot * 2 + 1] = hash;
  }

  private resize(): void {
    const old = this.entries;
    const entries = RowIndex.emptyEntries(old.length);
    for (let at = 0; at < old.length; at += 2) if (old[at]! >= 0) RowIndex.place(entries, old[at + 1]! >>> 0, old[at]!);
    this.entries = entries;
  }
}

/** A table id written as a plain whole number (no sign, no leading zero, at most 15 digits), as that number; else -1. */
function idNumber(id: string): number {
  const length = id.length;
  if (length === 0 || length > 15 || (length > 1 && id.charCodeAt(0) === 48)) return -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const ABSENT = -2147483648;

/**
 * A map from table ids (text) to numbers that keeps ids written as whole numbers (almost all of them) in
 * typed arrays rather than as millions of strings in a Map; any other id is kept in a Map. Ids that
 * arrive in rising order with few gaps (an export numbers its rows) are held by offset from the first;
 * once they do not, they move to an open-addressing hash table.
 */
export class IdMap {
  /** Dense part: the value of id base + i at dense[i] (ABSENT for none), while ids stay dense. */
  private base = -1;
  private dense: Int32Array | null = new Int32Array(1024).fill(ABSENT);
  private denseEnd = 0;
  private keys = new Float64Array(1024).fill(-1);
  private values = new Int32Array(1024);
  private size = 0;
  private readonly others = new Map<string, number>();

  private slotOf(key: number): number {
    const mask = this.keys.length - 1;
    let slot = spread((key % 4294967296) ^ Math.floor(key / 4294967296)) & mask;
    for (;;) {
      const found = this.keys[slot]!;
      if (found === key || found === -1) return slot;
      slot = (slot + 1) & mask;
    }
  }

  get(id: string): number | undefined {
    const key = idNumber(id);
    if (key < 0) return this.others.get(id);
    if (this.dense) {
      const at = key - this.base;
      if (at >= 0 && at < this.denseEnd) {
        const value = this.dense[at]!;
        return value === ABSENT ? undefined : value;
      }
      return undefined;
    }
    const slot = this.slotOf(key);
    return this.keys[slot] === key ? this.values[slot] : undefined;
  }

  set(id: string, value: number): void {
    const key = idNumber(id);
    if (key < 0) {
      this.others.set(id, value);
      return;
    }
    if (this.dense) {
      if (this.base < 0) this.base = key;
      const at = key - this.base;
      if (at >= 0 && at < this.denseEnd + 1024 && value !== ABSENT) {
        if (at >= this.dense.length) {
          const grown = new Int32Array(Math.max(at + 1, this.dense.length * 2)).fill(ABSENT);
          grown.set(this.dense);
          this.dense = grown;
        }
        this.dense[at] = value;
        if (at >= this.denseEnd) this.denseEnd = at + 1;
        return;
      }
      this.spill();
    }
    let slot = this.slotOf(key);
    if (this.keys[slot] !== key) {
      if ((this.size + 1) * 2 > this.keys.length) {
        this.grow();
        slot = this.slotOf(key);
      }
      this.keys[slot] = key;
      this.size++;
    }
    this.values[slot] = value;
  }

  /** Moves the dense part into the hash table. */
  private spill(): void {
    const dense = this.dense!;
    this.dense = null;
    while (this.keys.length < this.denseEnd * 2 + 2) this.keys = new Float64Array(this.keys.length * 2);
    this.keys.fill(-1);
    this.values = new Int32Array(this.keys.length);
    for (let at = 0; at < this.denseEnd; at++) {
      if (dense[at] === ABSENT) continue;
      const slot = this.slotOf(this.base + at);
      this.keys[slot] = this.base + at;
      this.values[slot] = dense[at]!;
      this.size++;
    }
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.values = new Int32Array(keys.length * 2);
    for (let old = 0; old < keys.length; old++) {
      if (keys[old] === -1) continue;
      const slot = this.slotOf(keys[old]!);
      this.keys[slot] = keys[old]!;
      this.values[slot] = values[old]!;
    }
  }
}

/**
 * Builds a table column by column from rows of values (in the columns' order): text in a dictionary or
 * as free text, dates as days, whole numbers and flags in typed arrays. No row object is kept.
 */
export class TableBuilder {
  private readonly builders: (DictionaryBuilder | TextColumn | IntBuilder | BoolBuilder)[];
  private readonly kinds: ("dictionary" | "text" | "int" | "days" | "bool")[];
  length = 0;

  constructor(private readonly columns: readonly { name: string; type: string }[], freeText: readonly string[] = []) {
    this.kinds = columns.map((column) => {
      if (column.type === "integer") return "int";
      if (column.type === "date") return "days";
      if (column.type === "boolean") return "bool";
      if (column.type === "varchar") return freeText.includes(column.name) ? "text" : "dictionary";
      throw new Error(`TableBuilder: column ${column.name} of type ${column.type} is not supported`);
    });
    this.builders = this.kinds.map((kind) => (kind === "dictionary" ? new DictionaryBuilder() : kind === "text" ? new TextColumn() : kind === "bool" ? new BoolBuilder() : new IntBuilder()));
  }

  /** Appends a row: its values in the columns' order (dates as ISO text). */
  push(values: readonly CellValue[]): void {
    for (let index = 0; index < values.length; index++) {
      const value = values[index]!;
      const builder = this.builders[index]!;
      switch (this.kinds[index]) {
        case "dictionary":
        case "text":
          (builder as DictionaryBuilder | TextColumn).push(value === null ? null : String(value));
          break;
        case "days":
          (builder as IntBuilder).push(value === null ? null : daysOfIso(String(value)));
          break;
        case "int":
          (builder as IntBuilder).push(value === null ? null : Number(value));
          break;
        case "bool":
          (builder as BoolBuilder).push(value === null ? null : Boolean(value));
          break;
      }
    }
    this.length++;
  }

  /** Appends a row given as an object (values looked up by column name). */
  pushObject(row: Readonly<Record<string, CellValue>>): void {
    const values = this.scratch;
    for (let index = 0; index < this.columns.length; index++) values[index] = row[this.columns[index]!.name] ?? null;
    this.push(values);
  }

  private readonly scratch: CellValue[] = [];

  rows(): ColumnarRows {
    const columns: Record<string, ColumnData> = {};
    this.columns.forEach((column, index) => {
      const builder = this.builders[index]!;
      const kind = this.kinds[index]!;
      columns[column.name] = kind === "dictionary" ? (builder as DictionaryBuilder).data() : kind === "text" ? { kind: "text", text: builder as TextColumn }
        : kind === "days" ? (builder as IntBuilder).days() : kind === "int" ? (builder as IntBuilder).data() : (builder as BoolBuilder).data();
    });
    return { length: this.length, columns };
  }
}
