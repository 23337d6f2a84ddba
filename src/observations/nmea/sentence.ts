/**
 * One line of an NMEA 0183 AIS log: an optional IEC 61162-450 / NMEA 4.10 tag block, then an
 * `!xxVDM` / `!xxVDO` sentence (any two-character talker: AI, AB, BS, BY, SS, `--`, ...), a Gatehouse
 * `$PGHP` time line, or some other sentence this reader passes over.
 *
 * References: E. S. Raymond, "AIVDM/AIVDO protocol decoding" (gpsd, www/AIVDM.adoc): "AIVDM/AIVDO
 * Sentence Layer" (seven fields, fill bits 0-5, checksum = XOR of everything between "!" and "*"),
 * "NMEA Tag Blocks" (`\key:value,...*hh\`, `c:` UNIX time in seconds or milliseconds, `g:` sentence
 * grouping `n-m-id`, `s:` source) and "U.S. Coast Guard Extended AIVDM" (extra comma fields after the
 * checksum, the last one a UNIX time).
 *
 * The parser fills one reusable `LineInfo` and records offsets into the line instead of cutting
 * substrings: a day of a busy feed is millions of lines, and a charCode walk over each costs less
 * than a regular expression or a `split`. The common shapes take fast paths that touch each
 * character once: a VDM sentence with one-digit fields is checksummed and de-armoured in one walk,
 * a `$PGHP` line is checksummed as its time fields are read, and a tag-block line identical to the previous one (DMA logs repeat `\si:AISD*3F\` before every
 * sentence) reuses its result. Anything else, including every line that fails a check, goes through
 * the general path, which alone words the quarantine reasons; the fast paths only accept lines the
 * general path accepts, with the same result.
 */

import { armourValue, SixBitBuffer } from './armour.js';

export type LineKind =
  /** Empty or whitespace only. */
  | 'blank'
  /** Starts with `#`. */
  | 'comment'
  /** A tag block with no sentence after it (DMA logs put `\si:AISD*3F\` on its own line). */
  | 'tag-only'
  /** A Gatehouse `$PGHP,1,...` receive-time line. */
  | 'pghp'
  /** A well-formed sentence that is not AIS (`$PSTT`, `$PGHP` of another type, `!xxABK`, ...). */
  | 'other'
  /** An `!xxVDM` / `!xxVDO` sentence that passed every sentence-level check. */
  | 'ais'
  /** A record that fails a check: `code` and `reason` say which. */
  | 'bad';

/** What one line holds. Fields not relevant to `kind` keep their reset values. */
export class LineInfo {
  kind: LineKind = 'blank';
  code = '';
  reason = '';

  /** Tag block present (valid). */
  tag = false;
  /** `c:` of the tag block, ms since the epoch; NaN when absent. */
  tagTimeMs = NaN;
  /** `g:` group id; -1 when absent. */
  groupId = -1;
  groupNum = 0;
  groupCount = 0;

  /** `$PGHP` receive time, ms since the epoch. */
  pghpTimeMs = NaN;

  /** Index of `!` of the AIS sentence inside the line. */
  start = 0;
  /** Index just past the two checksum digits. */
  end = 0;
  /** The two talker characters packed as `c1 * 256 + c2` (kept as a number to avoid a string per line). */
  talker = 0;
  vdo = false;
  fragCount = 0;
  fragNum = 0;
  /** Sequential message id; -1 when the field is empty. */
  seqId = -1;
  /** Channel character code; 0 when the field is empty. */
  channel = 0;
  payloadStart = 0;
  payloadEnd = 0;
  fill = 0;
  /** UNIX time after the checksum (`...*hh,1411920501`), ms; NaN when absent. */
  trailingTimeMs = NaN;
  /** The sentence's payload, de-armoured (fill bits not yet dropped); meaningful when `kind` is `ais`. */
  readonly payload = new SixBitBuffer();

  /** Set when a parse may have written the sentence fields, so that `reset` skips them after other lines. */
  private sentenceFieldsSet = true;

  reset(): void {
    this.kind = 'blank';
    this.code = '';
    this.reason = '';
    this.tag = false;
    this.tagTimeMs = NaN;
    this.groupId = -1;
    this.groupNum = 0;
    this.groupCount = 0;
    this.pghpTimeMs = NaN;
    if (this.sentenceFieldsSet) this.resetSentenceFields();
  }

  /** Called by the parser before it writes any field from `start` to `payload`. */
  touchSentenceFields(): void {
    this.sentenceFieldsSet = true;
  }

  private resetSentenceFields(): void {
    this.sentenceFieldsSet = false;
    this.start = 0;
    this.end = 0;
    this.talker = 0;
    this.vdo = false;
    this.fragCount = 0;
    this.fragNum = 0;
    this.seqId = -1;
    this.channel = 0;
    this.payloadStart = 0;
    this.payloadEnd = 0;
    this.fill = 0;
    this.trailingTimeMs = NaN;
    this.payload.reset();
  }

  bad(code: string, reason: string): void {
    this.kind = 'bad';
    this.code = code;
    this.reason = reason;
  }
}

const COMMA = 44;
const STAR = 42;
const BACKSLASH = 92;
const DOLLAR = 36;
const BANG = 33;
const COLON = 58;
const ZERO = 48;

// Scratch space shared by every parse (the parser is synchronous), so a line costs no arrays.
const FIELD_STARTS = new Int32Array(7);
const PGHP_FIELDS = new Int32Array(7);

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** XOR of the character codes in `text[from..to)`: the NMEA checksum. */
export function nmeaChecksum(text: string, from: number, to: number): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= text.charCodeAt(i);
  return x;
}

/** Non-negative decimal integer in `text[from..to)`, or -1 if empty or not all digits. */
function digits(text: string, from: number, to: number): number {
  if (to <= from) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** UNIX time in seconds, or in milliseconds when larger than 1e11 (year 5138 in seconds), as ms. */
function unixToMs(v: number): number {
  return v > 1e11 ? v : v * 1000;
}

/** Trims trailing CR, LF, spaces and tabs, which real logs carry (the pyais sample is CRLF). */
export function lineEnd(text: string): number {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c === 13 || c === 10 || c === 32 || c === 9) end--;
    else break;
  }
  return end;
}

/**
 * Parses one line (without regard to what came before) into `out`. `end` is where the line's content
 * stops (see `lineEnd`). `fast = false` takes the general path for every line: what the tests hold
 * the fast paths to.
 */
export function parseLine(text: string, out: LineInfo, end = lineEnd(text), fast = true): void {
  out.reset();
  let pos = 0;
  while (pos < end && (text.charCodeAt(pos) === 32 || text.charCodeAt(pos) === 9)) pos++;
  if (pos === end) return; // blank
  const first = text.charCodeAt(pos);
  if (first === 35 /* # */) {
    out.kind = 'comment';
    return;
  }
  if (first === BACKSLASH) {
    if (fast && end === tagOnly.end && text === tagOnly.text) {
      tagOnly.replay(out);
      return;
    }
    pos = parseTagBlock(text, pos, end, out);
    if (pos < 0) return;
    if (pos === end) {
      out.kind = 'tag-only';
      if (fast) tagOnly.remember(text, end, out);
      return;
    }
  }
  const c = text.charCodeAt(pos);
  if (c === DOLLAR) {
    parseDollar(text, pos, end, out, fast);
    return;
  }
  if (c === BANG) {
    if (
      end - pos > 7 &&
      text.charCodeAt(pos + 3) === 86 /* V */ &&
      text.charCodeAt(pos + 4) === 68 /* D */ &&
      (text.charCodeAt(pos + 5) === 77 /* M */ || text.charCodeAt(pos + 5) === 79) /* O */ &&
      text.charCodeAt(pos + 6) === COMMA
    ) {
      parseVdm(text, pos, end, out, fast);
    } else {
      out.kind = 'other';
    }
    return;
  }
  out.bad('malformed', `line does not start with "!" (AIS sentence), "$" (other sentence) or "\\" (tag block): "${text.slice(pos, pos + 12)}"`);
}

/** The last line that was a valid tag block alone, and what it gave. */
const tagOnly = {
  text: '',
  end: -1,
  tagTimeMs: NaN,
  groupId: -1,
  groupNum: 0,
  groupCount: 0,
  remember(text: string, end: number, info: LineInfo): void {
    this.text = text;
    this.end = end;
    this.tagTimeMs = info.tagTimeMs;
    this.groupId = info.groupId;
    this.groupNum = info.groupNum;
    this.groupCount = info.groupCount;
  },
  replay(out: LineInfo): void {
    out.tag = true;
    out.tagTimeMs = this.tagTimeMs;
    out.groupId = this.groupId;
    out.groupNum = this.groupNum;
    out.groupCount = this.groupCount;
    out.kind = 'tag-only';
  },
};

/** Returns the index after the closing backslash, or -1 (and marks `out` bad). */
function parseTagBlock(text: string, start: number, end: number, out: LineInfo): number {
  let close = -1;
  for (let i = start + 1; i < end; i++) {
    if (text.charCodeAt(i) === BACKSLASH) {
      close = i;
      break;
    }
  }
  if (close < 0) {
    out.bad('bad-tag-block', 'tag block has no closing backslash');
    return -1;
  }
  let star = -1;
  for (let i = close - 1; i > start; i--) {
    if (text.charCodeAt(i) === STAR) {
      star = i;
      break;
    }
  }
  if (star < 0 || close - star !== 3) {
    out.bad('bad-tag-block', 'tag block has no "*hh" checksum before its closing backslash');
    return -1;
  }
  const h = hexValue(text.charCodeAt(star + 1));
  const l = hexValue(text.charCodeAt(star + 2));
  if (h < 0 || l < 0) {
    out.bad('bad-tag-block', `tag block checksum "${text.slice(star + 1, close)}" is not two hex digits`);
    return -1;
  }
  const sum = nmeaChecksum(text, start + 1, star);
  if (sum !== h * 16 + l) {
    out.bad('bad-tag-block', `tag block checksum *${text.slice(star + 1, close).toUpperCase()} does not match the computed *${hex2(sum)}`);
    return -1;
  }
  // Fields: key:value separated by commas. Only c (time) and g (grouping) matter to this reader.
  let f = start + 1;
  while (f < star) {
    let fe = f;
    while (fe < star && text.charCodeAt(fe) !== COMMA) fe++;
    let colon = -1;
    for (let i = f; i < fe; i++) {
      if (text.charCodeAt(i) === COLON) {
        colon = i;
        break;
      }
    }
    if (colon === f + 1) {
      const key = text.charCodeAt(f);
      if (key === 99 /* c */) {
        const v = digits(text, colon + 1, fe);
        if (v < 0) {
          out.bad('bad-tag-block', `tag block c: (receive time) "${text.slice(colon + 1, fe)}" is not a whole number of seconds or milliseconds`);
          return -1;
        }
        out.tagTimeMs = unixToMs(v);
      } else if (key === 103 /* g */) {
        if (!parseGroup(text, colon + 1, fe, out)) {
          out.bad('bad-tag-block', `tag block g: (sentence group) "${text.slice(colon + 1, fe)}" is not "number-count-id"`);
          return -1;
        }
      }
    }
    f = fe + 1;
  }
  out.tag = true;
  return close + 1;
}

function parseGroup(text: string, from: number, to: number, out: LineInfo): boolean {
  const d1 = text.indexOf('-', from);
  if (d1 < 0 || d1 >= to) return false;
  const d2 = text.indexOf('-', d1 + 1);
  if (d2 < 0 || d2 >= to) return false;
  const n = digits(text, from, d1);
  const m = digits(text, d1 + 1, d2);
  const id = digits(text, d2 + 1, to);
  if (n < 1 || m < n || id < 0) return false;
  out.groupNum = n;
  out.groupCount = m;
  out.groupId = id;
  return true;
}

/**
 * Checks the `*hh` of a `$`/`!` sentence whose star is at `star`, against `sum`, the XOR the caller
 * computed while scanning; returns false after marking `out`.
 */
function checkSentenceChecksum(text: string, sum: number, star: number, end: number, out: LineInfo): boolean {
  if (star + 3 > end) {
    out.bad('malformed', 'sentence ends without the two checksum digits after "*"');
    return false;
  }
  const h = hexValue(text.charCodeAt(star + 1));
  const l = hexValue(text.charCodeAt(star + 2));
  if (h < 0 || l < 0) {
    out.bad('malformed', `checksum "${text.slice(star + 1, star + 3)}" is not two hex digits`);
    return false;
  }
  if (sum !== h * 16 + l) {
    out.bad('bad-checksum', `checksum *${text.slice(star + 1, star + 3).toUpperCase()} does not match the computed *${hex2(sum)}`);
    return false;
  }
  return true;
}

/** `$PGHP,1,` at `start`, tested by character (cheaper than `startsWith` on sliced strings). */
function isPghp1(text: string, start: number, end: number): boolean {
  return (
    end - start > 8 &&
    text.charCodeAt(start + 1) === 80 &&
    text.charCodeAt(start + 2) === 71 &&
    text.charCodeAt(start + 3) === 72 &&
    text.charCodeAt(start + 4) === 80 &&
    text.charCodeAt(start + 5) === COMMA &&
    text.charCodeAt(start + 6) === 49 &&
    text.charCodeAt(start + 7) === COMMA
  );
}

let pghpDayKey = -1;
let pghpDayMs = 0;

/**
 * Gatehouse `$PGHP,1,yyyy,m,d,h,mi,s,ms,<country MID>,<region>,<base station MMSI>,1,<hh>*hh`, as in
 * the DMA logs (`$PGHP,1,2010,6,11,11,46,11,390,231,45,992190934,1,2B*5B`): a UTC receive time for
 * the message that follows. DMA AisLib's `GatehouseSourceTag` reads the same fields (timestamp,
 * country, region, base MMSI); the last field before the "*" repeats the following message's checksum
 * (the XOR of its sentences' checksums; 00 for own-ship VDO), which is how we know the line belongs
 * to one message. Only the time is kept.
 */
function parseDollar(text: string, start: number, end: number, out: LineInfo, fast: boolean): void {
  if (!isPghp1(text, start, end)) {
    out.kind = 'other';
    return;
  }
  if (!fast || !parsePghpFast(text, start, end, out)) parsePghp(text, start, end, out);
}

/** XOR of "PGHP,1,", which `isPghp1` has matched. */
const PGHP1_XOR = 80 ^ 71 ^ 72 ^ 80 ^ COMMA ^ 49 ^ COMMA;

/**
 * The fast path: the seven time fields read and the line checksummed in one walk. Returns false,
 * leaving `out` untouched, when anything is out of the ordinary; the general path then words it.
 */
function parsePghpFast(text: string, start: number, end: number, out: LineInfo): boolean {
  const v = PGHP_FIELDS;
  let x = PGHP1_XOR;
  let i = start + 8;
  for (let k = 0; k < 7; k++) {
    const from = i;
    let n = 0;
    let c = text.charCodeAt(i);
    while (c !== COMMA) {
      const d = c - ZERO;
      if (d < 0 || d > 9 || i >= end) return false;
      n = n * 10 + d;
      x ^= c;
      c = text.charCodeAt(++i);
    }
    if (i === from) return false;
    v[k] = n;
    x ^= COMMA;
    i++;
  }
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === STAR) break;
    x ^= c;
  }
  if (i + 3 > end) return false;
  const h = hexValue(text.charCodeAt(i + 1));
  const l = hexValue(text.charCodeAt(i + 2));
  if (h < 0 || l < 0 || h * 16 + l !== x) return false;
  const ms = pghpTime(v[0]!, v[1]!, v[2]!, v[3]!, v[4]!, v[5]!, v[6]!);
  if (Number.isNaN(ms)) return false;
  out.kind = 'pghp';
  out.pghpTimeMs = ms;
  return true;
}

/** The time the fields state, ms since the epoch; NaN if they are not a valid UTC date and time. */
function pghpTime(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || ms > 999) return NaN;
  // Consecutive lines share the day; Date.UTC once per day instead of once per line.
  const dayKey = (y * 16 + mo) * 32 + d;
  if (dayKey !== pghpDayKey) {
    pghpDayKey = dayKey;
    pghpDayMs = Date.UTC(y, mo - 1, d);
  }
  return pghpDayMs + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

/** The general path: every check, with the reason worded. */
function parsePghp(text: string, start: number, end: number, out: LineInfo): void {
  let sum = 0;
  let star = -1;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === STAR) {
      star = i;
      break;
    }
    sum ^= c;
  }
  if (star < 0) {
    out.bad('malformed', '$PGHP time line has no "*hh" checksum');
    return;
  }
  if (!checkSentenceChecksum(text, sum, star, end, out)) return;
  const v = PGHP_FIELDS;
  let f = start + 8;
  for (let k = 0; k < 7; k++) {
    let fe = f;
    while (fe < star && text.charCodeAt(fe) !== COMMA) fe++;
    const x = digits(text, f, fe);
    if (x < 0) {
      out.bad('malformed', `$PGHP time field ${k + 2} "${text.slice(f, fe)}" is not a number`);
      return;
    }
    v[k] = x;
    f = fe + 1;
  }
  const y = v[0]!, mo = v[1]!, d = v[2]!, h = v[3]!, mi = v[4]!, s = v[5]!, ms = v[6]!;
  const t = pghpTime(y, mo, d, h, mi, s, ms);
  if (Number.isNaN(t)) {
    out.bad('malformed', `$PGHP time ${y}-${mo}-${d} ${h}:${mi}:${s}.${ms} is not a valid UTC date and time`);
    return;
  }
  out.kind = 'pghp';
  out.pghpTimeMs = t;
}

function parseVdm(text: string, start: number, end: number, out: LineInfo, fast: boolean): void {
  out.touchSentenceFields();
  if (!fast || !parseVdmFast(text, start, end, out)) parseVdmGeneral(text, start, end, out);
}

/**
 * The fast path for the shape nearly every sentence has: one-digit fragment count, number and
 * sequential id, a one-character or empty channel, a non-empty payload of legal armour, one fill digit.
 * Header fields are read at their fixed places and the payload is checksummed and de-armoured in one
 * walk. Returns false, having set nothing but `out.payload`, when the line is anything else or fails a
 * check; the general path then reads it again and words the reason.
 */
function parseVdmFast(text: string, start: number, end: number, out: LineInfo): boolean {
  const t1 = text.charCodeAt(start + 1);
  const t2 = text.charCodeAt(start + 2);
  const vdoChar = text.charCodeAt(start + 5);
  if (t1 === COMMA || t1 === STAR || t2 === COMMA || t2 === STAR) return false;
  // "!", then talker, "VD", "M" or "O", "," (checked by the caller).
  let x = t1 ^ t2 ^ 86 ^ 68 ^ vdoChar ^ COMMA;
  let i = start + 7;
  const cc = text.charCodeAt(i);
  const count = cc - ZERO;
  if (count < 1 || count > 9 || text.charCodeAt(i + 1) !== COMMA) return false;
  const nc = text.charCodeAt(i + 2);
  const num = nc - ZERO;
  if (num < 1 || num > count || text.charCodeAt(i + 3) !== COMMA) return false;
  x ^= cc ^ nc; // and two commas, which cancel
  i += 4;
  let c = text.charCodeAt(i);
  let seq = -1;
  if (c !== COMMA) {
    seq = c - ZERO;
    if (seq < 0 || seq > 9 || text.charCodeAt(i + 1) !== COMMA) return false;
    x ^= c;
    i++;
  }
  x ^= COMMA;
  i++;
  c = text.charCodeAt(i);
  let channel = 0;
  if (c !== COMMA) {
    if (c === STAR || text.charCodeAt(i + 1) !== COMMA) return false;
    channel = c;
    x ^= c;
    i++;
  }
  x ^= COMMA;
  const p0 = i + 1;
  const payload = out.payload;
  payload.reset();
  const p1 = payload.armourRun(text, p0, end);
  if (p1 === p0 || text.charCodeAt(p1) !== COMMA) return false;
  x ^= payload.runXor ^ COMMA;
  const fc = text.charCodeAt(p1 + 1);
  const fill = fc - ZERO;
  const star = p1 + 2;
  if (fill < 0 || fill > 5 || text.charCodeAt(star) !== STAR || star + 3 > end) return false;
  if (num < count && fill !== 0) return false;
  x ^= fc;
  const h = hexValue(text.charCodeAt(star + 1));
  const l = hexValue(text.charCodeAt(star + 2));
  if (h < 0 || l < 0 || h * 16 + l !== x) return false;
  let trailingTimeMs = NaN;
  if (star + 3 < end) {
    if (text.charCodeAt(star + 3) !== COMMA) return false;
    let lastComma = end - 1;
    while (text.charCodeAt(lastComma) !== COMMA) lastComma--;
    const tt = digits(text, lastComma + 1, end);
    if (tt >= 0) trailingTimeMs = unixToMs(tt);
  }
  out.start = start;
  out.end = star + 3;
  out.trailingTimeMs = trailingTimeMs;
  out.talker = t1 * 256 + t2;
  out.vdo = vdoChar === 79;
  out.fragCount = count;
  out.fragNum = num;
  out.seqId = seq;
  out.channel = channel;
  out.payloadStart = p0;
  out.payloadEnd = p1;
  out.fill = fill;
  out.kind = 'ais';
  return true;
}

function parseVdmGeneral(text: string, start: number, end: number, out: LineInfo): void {
  out.start = start;
  // One pass to the star: checksum, field boundaries, and the first illegal payload character.
  // FIELD_STARTS[k] is where field k after "!xxVDM," starts: count, number, sequential id,
  // channel, payload, fill bits; FIELD_STARTS[6] is just past the star.
  const fs = FIELD_STARTS;
  let sum = 0;
  let star = -1;
  let commas = 0;
  let badArmour = -1;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === STAR) {
      star = i;
      break;
    }
    sum ^= c;
    if (c === COMMA) {
      if (commas < 6) fs[commas] = i + 1;
      commas++;
    } else if (commas === 5 && badArmour < 0 && armourValue(c) < 0) {
      badArmour = i;
    }
  }
  if (star < 0) {
    out.bad('malformed', 'AIS sentence has no "*hh" checksum');
    return;
  }
  if (!checkSentenceChecksum(text, sum, star, end, out)) return;
  out.end = star + 3;

  // After the checksum: nothing, or comma-separated extras whose last one may be a UNIX time.
  if (star + 3 < end) {
    if (text.charCodeAt(star + 3) !== COMMA) {
      out.bad('malformed', `unexpected text "${text.slice(star + 3, star + 13)}" after the checksum`);
      return;
    }
    let lastComma = end - 1;
    while (text.charCodeAt(lastComma) !== COMMA) lastComma--;
    const t = digits(text, lastComma + 1, end);
    if (t >= 0) out.trailingTimeMs = unixToMs(t);
  }

  if (commas !== 6) {
    out.bad('malformed', `AIS sentence has ${commas + 1} fields before the checksum; VDM/VDO has 7`);
    return;
  }
  fs[6] = star + 1;
  out.talker = text.charCodeAt(start + 1) * 256 + text.charCodeAt(start + 2);
  out.vdo = text.charCodeAt(start + 5) === 79;

  const c0 = fs[0]!;
  const c1 = fs[1]! - 1;
  const count = digits(text, c0, c1);
  if (c1 - c0 !== 1 || count < 1) {
    out.bad('malformed', `fragment count "${text.slice(c0, c1)}" is not a digit 1-9`);
    return;
  }
  const n0 = fs[1]!;
  const n1 = fs[2]! - 1;
  const num = digits(text, n0, n1);
  if (n1 - n0 !== 1 || num < 1 || num > count) {
    out.bad('malformed', `fragment number "${text.slice(n0, n1)}" is not between 1 and the fragment count ${count}`);
    return;
  }
  const s0 = fs[2]!;
  const s1 = fs[3]! - 1;
  const seq = s1 === s0 ? -1 : digits(text, s0, s1);
  if (s1 - s0 > 1 || (s1 > s0 && seq < 0)) {
    out.bad('malformed', `sequential message id "${text.slice(s0, s1)}" is not empty or a digit 0-9`);
    return;
  }
  const h0 = fs[3]!;
  const h1 = fs[4]! - 1;
  if (h1 - h0 > 1) {
    out.bad('malformed', `radio channel "${text.slice(h0, h1)}" is not one character`);
    return;
  }
  const p0 = fs[4]!;
  const p1 = fs[5]! - 1;
  const f0 = fs[5]!;
  const f1 = fs[6]! - 1;
  const fill = digits(text, f0, f1);
  if (f1 - f0 !== 1 || fill < 0 || fill > 5) {
    out.bad('fill-bits', f1 === f0 ? 'fill-bits field is empty' : `fill bits "${text.slice(f0, f1)}" is not a digit 0-5`);
    return;
  }
  if (p1 === p0) {
    out.bad('empty-payload', `payload of fragment ${num} of ${count} is empty`);
    return;
  }
  if (badArmour >= 0) {
    out.bad('bad-payload', `payload character "${text[badArmour]}" at column ${badArmour + 1} is not six-bit armour ("0"-"W" or "\`"-"w")`);
    return;
  }
  if (num < count && fill !== 0) {
    out.bad('fill-bits', `fill bits ${fill} on fragment ${num} of ${count}; only the last fragment may carry fill bits`);
    return;
  }
  out.fragCount = count;
  out.fragNum = num;
  out.seqId = seq;
  out.channel = h1 > h0 ? text.charCodeAt(h0) : 0;
  out.payloadStart = p0;
  out.payloadEnd = p1;
  out.fill = fill;
  out.payload.reset();
  out.payload.append(text, p0, p1);
  out.kind = 'ais';
}
