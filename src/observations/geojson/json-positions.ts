/**
 * A strict JSON (RFC 8259) parser that remembers where every object and array starts and ends.
 *
 * `JSON.parse` gives values but no positions, and its error messages differ between Node versions
 * (some carry no position at all). Users fix GeoJSON files by line, so both the quarantine of a bad
 * feature and the id of every accepted vertex need the line it sits on. Only containers get
 * positions: a vertex is an array, a feature an object, and that is all the readers need, so
 * scalars cost nothing extra.
 */

export class JsonSyntaxError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: number,
    readonly offset: number,
    readonly detail: string,
  ) {
    super(`${source}:${line}:${column}: invalid JSON: ${detail}`);
    this.name = 'JsonSyntaxError';
  }
}

/** Maps character offsets to 1-based line and column (columns count UTF-16 code units). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  column(offset: number): number {
    return offset - this.starts[this.line(offset) - 1]! + 1;
  }
}

export interface PositionedJson {
  value: unknown;
  lines: LineIndex;
  /** `[start, end)` character offsets of an object or array produced by this parse. */
  span(node: object): readonly [number, number] | undefined;
}

// Deep enough for any GeoJSON (MultiPolygon coordinates nest 4 arrays deep); shallow enough that
// hostile input cannot overflow the call stack.
const MAX_DEPTH = 256;
const LITERALS: ReadonlyArray<readonly [string, boolean | null]> = [['true', true], ['false', false], ['null', null]];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function parseJsonWithPositions(text: string, source: string): PositionedJson {
  const spans = new WeakMap<object, readonly [number, number]>();
  let lines: LineIndex | undefined;
  const lineIndex = (): LineIndex => (lines ??= new LineIndex(text));
  let pos = 0;

  const fail = (at: number, detail: string): never => {
    const li = lineIndex();
    throw new JsonSyntaxError(source, li.line(at), li.column(at), at, detail);
  };
  const describe = (at: number): string => (at >= text.length ? 'end of input' : JSON.stringify(text[at]));

  const skipWs = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else return;
    }
  };

  const parseString = (): string => {
    const start = pos;
    pos++;
    let escaped = false;
    for (;;) {
      if (pos >= text.length) fail(start, 'unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c < 0x20) fail(pos, 'control character in string (escape it)');
      if (c === 0x5c) {
        escaped = true;
        pos += 2;
      } else pos++;
    }
    pos++;
    if (!escaped) return text.slice(start + 1, pos - 1);
    try {
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      return fail(start, 'bad escape sequence in string');
    }
  };

  const parseValue = (depth: number): unknown => {
    skipWs();
    const c = text[pos];
    if (c === '"') return parseString();
    if (c === '{' || c === '[') {
      if (depth >= MAX_DEPTH) fail(pos, `nesting deeper than ${MAX_DEPTH}`);
      return c === '{' ? parseObject(depth + 1) : parseArray(depth + 1);
    }
    for (const [word, value] of LITERALS) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos += m[0].length;
      return Number(m[0]);
    }
    return fail(pos, `unexpected ${describe(pos)}, expected a value`);
  };

  const parseObject = (depth: number): Record<string, unknown> => {
    const start = pos++;
    const obj: Record<string, unknown> = {};
    skipWs();
    if (text[pos] === '}') {
      pos++;
      spans.set(obj, [start, pos]);
      return obj;
    }
    for (;;) {
      skipWs();
      if (text[pos] !== '"') fail(pos, `unexpected ${describe(pos)}, expected a property name in double quotes`);
      const key = parseString();
      skipWs();
      if (text[pos] !== ':') fail(pos, `unexpected ${describe(pos)}, expected ':' after property name`);
      pos++;
      const value = parseValue(depth);
      // A plain assignment of "__proto__" would replace the prototype instead of adding a property.
      if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      else obj[key] = value;
      skipWs();
      const c = text[pos];
      if (c === ',') pos++;
      else if (c === '}') {
        pos++;
        spans.set(obj, [start, pos]);
        return obj;
      } else fail(pos, `unexpected ${describe(pos)}, expected ',' or '}'`);
    }
  };

  const parseArray = (depth: number): unknown[] => {
    const start = pos++;
    const arr: unknown[] = [];
    skipWs();
    if (text[pos] === ']') {
      pos++;
      spans.set(arr, [start, pos]);
      return arr;
    }
    for (;;) {
      arr.push(parseValue(depth));
      skipWs();
      const c = text[pos];
      if (c === ',') pos++;
      else if (c === ']') {
        pos++;
        spans.set(arr, [start, pos]);
        return arr;
      } else fail(pos, `unexpected ${describe(pos)}, expected ',' or ']'`);
    }
  };

  // RFC 8259 §8.1 lets a parser ignore a byte order mark; editors on Windows still write one.
  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  const value = parseValue(0);
  skipWs();
  if (pos < text.length) fail(pos, `unexpected ${describe(pos)} after the end of the document`);
  return { value, lines: lineIndex(), span: (node) => spans.get(node) };
}
