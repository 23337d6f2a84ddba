/**
 * AIS payload armour: the six-bit ASCII encoding of the binary AIS message inside `!xxVDM` sentences,
 * and bit readers over the result.
 *
 * Reference: E. S. Raymond, "AIVDM/AIVDO protocol decoding" (gpsd project, www/AIVDM.adoc), sections
 * "AIVDM/AIVDO Payload Armoring" (armour table: subtract 48, subtract 8 more above 40; legal characters
 * "0".."W" and "`".."w") and "AIS Payload Data Types" (big-endian two's complement fields, six-bit text
 * where 0-31 map to "@".."_" and 32-63 to " ".."?", "@" ends the text).
 *
 * Symbols are kept one per byte rather than packed into words: a field read touches at most seven
 * symbols, and keeping them unpacked makes appending fragments of a multi-part message a plain copy.
 */

/** The six-bit value of an armour character, or -1 if the character is not legal armour. */
export function armourValue(code: number): number {
  if (code >= 48 && code <= 87) return code - 48;
  if (code >= 96 && code <= 119) return code - 56;
  return -1;
}

/** The six-bit text alphabet (ITU-R M.1371 table 47), indexed by symbol value. */
const SIXBIT_TEXT = '@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !"#$%&\'()*+,-./0123456789:;<=>?';

/**
 * A de-armoured AIS payload. Reused across messages so that decoding a position report allocates
 * nothing: call `reset()`, `append()` each fragment's payload, then `finish(fillBits)`.
 */
export class SixBitBuffer {
  private sym = new Uint8Array(128);
  /** Number of six-bit symbols loaded. */
  symbols = 0;
  /** Number of meaningful bits: symbols × 6 minus the final fragment's fill bits. */
  bitLength = 0;

  reset(): void {
    this.symbols = 0;
    this.bitLength = 0;
  }

  /**
   * Appends the armoured characters `text[start..end)`. Returns -1 on success, or the index in `text`
   * of the first illegal character (the buffer is then left partly filled; callers reject the message).
   */
  append(text: string, start: number, end: number): number {
    const need = this.symbols + (end - start);
    if (need > this.sym.length) {
      let cap = this.sym.length * 2;
      while (cap < need) cap *= 2;
      const bigger = new Uint8Array(cap);
      bigger.set(this.sym.subarray(0, this.symbols));
      this.sym = bigger;
    }
    const sym = this.sym;
    let n = this.symbols;
    for (let i = start; i < end; i++) {
      const v = armourValue(text.charCodeAt(i));
      if (v < 0) {
        this.symbols = n;
        return i;
      }
      sym[n++] = v;
    }
    this.symbols = n;
    this.bitLength = n * 6;
    return -1;
  }

  /** Sets the meaningful length once all fragments are in: the last fragment's fill bits are dropped. */
  finish(fillBits: number): void {
    this.bitLength = this.symbols * 6 - fillBits;
  }

  /** Unsigned field of `len` ≤ 32 bits starting at bit `start` (0 = most significant bit of symbol 0). */
  uint(start: number, len: number): number {
    const sym = this.sym;
    const end = start + len;
    let acc = 0;
    let i = start;
    while (i < end) {
      const s = (i / 6) | 0;
      const avail = 6 - (i - s * 6);
      const take = avail < end - i ? avail : end - i;
      // Multiplication rather than `<<` keeps fields of 31 and 32 bits positive.
      acc = acc * (1 << take) + (((sym[s] ?? 0) >> (avail - take)) & ((1 << take) - 1));
      i += take;
    }
    return acc;
  }

  /** Two's complement signed field of `len` ≤ 32 bits. */
  int(start: number, len: number): number {
    const u = this.uint(start, len);
    const half = 2 ** (len - 1);
    return u >= half ? u - 2 * half : u;
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
