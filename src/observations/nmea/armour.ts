/**
 * AIS payload armour: the six-bit ASCII encoding of the binary AIS message inside `!xxVDM` sentences,
 * and bit readers over the result.
 *
 * Reference: E. S. Raymond, "AIVDM/AIVDO protocol decoding" (gpsd project, www/AIVDM.adoc), sections
 * "AIVDM/AIVDO Payload Armoring" (armour table: subtract 48, subtract 8 more above 40; legal characters
 * "0".."W" and "`".."w") and "AIS Payload Data Types" (big-endian two's complement fields, six-bit text
 * where 0-31 map to "@".."_" and 32-63 to " ".."?", "@" ends the text).
 *
 * The bits are packed big-endian into 32-bit words as the characters are read, so that a field of up
 * to 32 bits is one or two word loads and a few shifts, whatever its alignment: a position report
 * reads seven fields, and reading them symbol by symbol cost more than de-armouring the payload.
 */

/**
 * Six-bit value of every UTF-16 code unit; -1 where it is not legal armour. A table rather than range
 * tests, and one entry per possible `charCodeAt` result so that no test guards the load: the payload
 * loop does one load per character (64 KiB, of which the loop touches the 72 bytes from "0" to "w").
 */
export const ARMOUR: Int8Array = (() => {
  const t = new Int8Array(65536).fill(-1);
  for (let c = 48; c <= 87; c++) t[c] = c - 48;
  for (let c = 96; c <= 119; c++) t[c] = c - 56;
  return t;
})();

/** The six-bit value of an armour character, or -1 if the character is not legal armour. */
export function armourValue(code: number): number {
  return ARMOUR[code & 0xffff]!;
}

/** The six-bit text alphabet (ITU-R M.1371 table 47), indexed by symbol value. */
const SIXBIT_TEXT = '@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !"#$%&\'()*+,-./0123456789:;<=>?';

/**
 * A de-armoured AIS payload. Reused across messages so that decoding a position report allocates
 * nothing: call `reset()`, `append()` each fragment's payload, then `finish(fillBits)`. The sentence
 * parser fills one through `armourRun` while it checksums the payload, so a one-sentence message is read once.
 */
export class SixBitBuffer {
  /** Bits, big-endian: bit 0 of the payload is the top bit of word 0. One spare word keeps reads in bounds. */
  private words = new Int32Array(32);
  /** Number of six-bit symbols loaded. */
  symbols = 0;
  /** Number of meaningful bits: symbols × 6 minus the final fragment's fill bits. */
  bitLength = 0;
  /** XOR of the characters the last `armourRun` took (part of the sentence checksum). */
  runXor = 0;

  reset(): void {
    this.symbols = 0;
    this.bitLength = 0;
  }

  /** Makes room for `more` further symbols. */
  reserve(more: number): void {
    const needWords = (((this.symbols + more) * 6) >>> 5) + 2;
    if (needWords <= this.words.length) return;
    let cap = this.words.length * 2;
    while (cap < needWords) cap *= 2;
    const bigger = new Int32Array(cap);
    bigger.set(this.words);
    this.words = bigger;
  }

  /**
   * Appends the armoured characters `text[start..end)`. Returns -1 on success, or the index in `text`
   * of the first illegal character (the buffer is then left partly filled; callers reject the message).
   */
  append(text: string, start: number, end: number): number {
    const stop = this.armourRun(text, start, end);
    return stop === end ? -1 : stop;
  }

  /**
   * De-armours `text` from `start` up to the first character that is not armour, or `end`, and
   * returns that index; `runXor` is then the XOR of the characters taken. The sentence parser reads
   * a payload this way up to its closing comma, checksumming and unpacking it in the same pass.
   */
  armourRun(text: string, start: number, end: number): number {
    this.reserve(end - start);
    const words = this.words;
    const table = ARMOUR;
    let n = this.symbols;
    const bit = n * 6;
    let w = bit >>> 5;
    let off = bit & 31;
    // The word being filled holds the bits loaded so far and zeros below them.
    let acc = off === 0 ? 0 : words[w]!;
    let x = 0;
    let i = start;
    // Four characters at a time while they are all armour: 24 bits placed with one test instead of
    // one per character (-1, the mark of a bad character, makes the OR of the four negative).
    if ((off & 7) === 0) {
      for (; i + 4 <= end; i += 4) {
        const c0 = text.charCodeAt(i);
        const c1 = text.charCodeAt(i + 1);
        const c2 = text.charCodeAt(i + 2);
        const c3 = text.charCodeAt(i + 3);
        const v0 = table[c0]!;
        const v1 = table[c1]!;
        const v2 = table[c2]!;
        const v3 = table[c3]!;
        if ((v0 | v1 | v2 | v3) < 0) break;
        x ^= c0 ^ c1 ^ c2 ^ c3;
        const g = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
        const room = 32 - off;
        if (room > 24) {
          acc |= g << (room - 24);
          off += 24;
        } else if (room === 24) {
          words[w++] = acc | g;
          acc = 0;
          off = 0;
        } else {
          const spill = 24 - room;
          words[w++] = acc | (g >>> spill);
          acc = g << (32 - spill);
          off = spill;
        }
        n += 4;
      }
    }
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      const v = table[c]!;
      if (v < 0) break;
      x ^= c;
      if (off <= 26) {
        acc |= v << (26 - off);
        off += 6;
        if (off === 32) {
          words[w++] = acc;
          acc = 0;
          off = 0;
        }
      } else {
        // The symbol straddles two words: its top (32 - off) bits end this word, the rest start the next.
        const spill = off - 26;
        words[w++] = acc | (v >>> spill);
        acc = v << (32 - spill);
        off = spill;
      }
      n++;
    }
    words[w] = acc;
    this.symbols = n;
    this.bitLength = n * 6;
    this.runXor = x;
    return i;
  }

  /** Sets the meaningful length once all fragments are in: the last fragment's fill bits are dropped. */
  finish(fillBits: number): void {
    this.bitLength = this.symbols * 6 - fillBits;
  }

  /** Unsigned field of `len` (1-32) bits starting at bit `start` (0 = most significant bit of symbol 0). */
  uint(start: number, len: number): number {
    const w = start >>> 5;
    const off = start & 31;
    const words = this.words;
    if (w + 1 >= words.length) return this.uintSlow(start, len);
    const hi = words[w]! << off;
    if (off + len <= 32) return hi >>> (32 - len);
    return (hi | (words[w + 1]! >>> (32 - off))) >>> (32 - len);
  }

  /** Bit by bit, for reads past the words held (zeros, as the bits of an absent symbol). */
  private uintSlow(start: number, len: number): number {
    let acc = 0;
    for (let i = start; i < start + len; i++) {
      const word = this.words[i >>> 5] ?? 0;
      acc = acc * 2 + ((word >>> (31 - (i & 31))) & 1);
    }
    return acc;
  }

  /** Two's complement signed field of `len` (1-32) bits. */
  int(start: number, len: number): number {
    const shift = 32 - len;
    return (this.uint(start, len) << shift) >> shift;
  }

  /**
   * Six-bit text of up to `chars` characters starting at bit `start`, cut at the first "@" (the
   * standard's terminator, often followed by garbage) and trimmed of padding spaces; only whole
   * characters inside `bitLength` are read, since trailing text fields may be shortened in the wild.
   * `trim = false` keeps the padding, for fields that continue elsewhere (type 21's name extension).
   */
  text(start: number, chars: number, trim = true): string {
    const avail = Math.floor((this.bitLength - start) / 6);
    const n = avail < chars ? avail : chars;
    let out = '';
    for (let k = 0; k < n; k++) {
      const v = this.uint(start + k * 6, 6);
      if (v === 0) break;
      out += SIXBIT_TEXT[v];
    }
    return trim ? out.trim() : out;
  }
}
