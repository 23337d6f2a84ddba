/**
 * One CSV row split into fields (RFC 4180 quoting), as offsets into the row rather than strings.
 *
 * Why not a CSV library: the DMA rows are one line each (a quoted field never spans lines in the
 * archive's files), and the reader needs only six of the 26 fields, most of them numbers it parses
 * straight from the row. A general parser (csv-parse, papaparse) allocates an array and 26 strings
 * per row and handles multi-line records, comments and delimiters detection we do not need; at a
 * daily file of 10-20 million rows that is most of the time. Here a row costs one pass of
 * charCodeAt and no allocation; strings are cut only for the fields that are used and changed.
 */

/** Fields stored per row; a row with more is still counted (and is a wrong field count). */
const MAX_FIELDS = 64;

const COMMA = 44;
const QUOTE = 34;

export class FieldSplitter {
  /** Fields in the row (also counted past MAX_FIELDS). */
  count = 0;
  /** Field i is `row.slice(start[i], end[i])`; for a quoted field, inside the quotes. */
  readonly start = new Int32Array(MAX_FIELDS);
  readonly end = new Int32Array(MAX_FIELDS);
  /** 1 when field i was quoted and holds `""` escapes that `field()` must undo. */
  readonly escaped = new Uint8Array(MAX_FIELDS);
  /** Set when the quoting is broken: the field number (1-based) and what is wrong. */
  error = '';

  /** Splits `row` from offset `from`; false (with `error`) when a quoted field is malformed. */
  split(row: string, from = 0): boolean {
    this.count = 0;
    this.error = '';
    const n = row.length;
    let i = from;
    for (;;) {
      const k = this.count++;
      if (i < n && row.charCodeAt(i) === QUOTE) {
        // Quoted: runs to a quote not followed by another quote.
        const s = i + 1;
        let j = s;
        let esc = 0;
        for (;;) {
          j = row.indexOf('"', j);
          if (j < 0) {
            this.error = `field ${k + 1} opens a quote that is not closed on this line`;
            return false;
          }
          if (j + 1 < n && row.charCodeAt(j + 1) === QUOTE) {
            esc = 1;
            j += 2;
            continue;
          }
          break;
        }
        if (k < MAX_FIELDS) {
          this.start[k] = s;
          this.end[k] = j;
          this.escaped[k] = esc;
        }
        i = j + 1;
        if (i === n) return true;
        if (row.charCodeAt(i) !== COMMA) {
          this.error = `field ${k + 1} has characters after its closing quote`;
          return false;
        }
        i++;
        continue;
      }
      let j = row.indexOf(',', i);
      if (j < 0) j = n;
      if (k < MAX_FIELDS) {
        this.start[k] = i;
        this.end[k] = j;
        this.escaped[k] = 0;
      }
      if (j === n) return true;
      i = j + 1;
    }
  }

  /** Field i as a string (quotes undone); '' past the stored fields. */
  field(row: string, i: number): string {
    if (i >= this.count || i >= MAX_FIELDS) return '';
    const s = row.slice(this.start[i], this.end[i]);
    return this.escaped[i] ? s.replaceAll('""', '"') : s;
  }

  /** Whether field i is exactly `value` (no string is cut for the comparison). */
  equals(row: string, i: number, value: string): boolean {
    if (i >= this.count || i >= MAX_FIELDS) return value.length === 0;
    if (this.escaped[i]) return this.field(row, i) === value;
    const s = this.start[i]!;
    return this.end[i]! - s === value.length && row.startsWith(value, s);
  }

  isEmpty(i: number): boolean {
    return i >= this.count || i >= MAX_FIELDS || this.start[i] === this.end[i];
  }
}

/** Quotes a field for writing when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: string): string {
  if (!/[",\r\n]/.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * A decimal number (`-12.345678`, `7`, `.5`) straight from the row, NaN when the text is anything
 * else. Digits are accumulated as an integer and divided once by a power of ten: both are exact
 * below 2^53, and one correctly rounded division gives the same double as `Number()` on the text.
 * Longer or exponent forms fall back to `Number()`.
 */
export function parseDecimal(row: string, start: number, end: number): number {
  while (start < end && row.charCodeAt(start) === 32) start++;
  while (end > start && row.charCodeAt(end - 1) === 32) end--;
  if (start === end) return NaN;
  let i = start;
  let neg = false;
  const c0 = row.charCodeAt(i);
  if (c0 === 45 || c0 === 43) {
    neg = c0 === 45;
    i++;
  }
  let int = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; i < end; i++) {
    const c = row.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      int = int * 10 + (c - 48);
      digits++;
      if (dot) scale++;
    } else if (c === 46 && !dot) {
      dot = true;
    } else {
      return slowNumber(row, start, end);
    }
  }
  if (digits === 0) return NaN;
  if (digits > 15) return slowNumber(row, start, end);
  const v = scale === 0 ? int : int / POW10[scale]!;
  return neg ? -v : v;
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

function slowNumber(row: string, start: number, end: number): number {
  const s = row.slice(start, end);
  // Number() also takes hex, binary, "Infinity" and blanks; a CSV decimal is none of those.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return NaN;
  return Number(s);
}
