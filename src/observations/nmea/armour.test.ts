import { describe, expect, it } from 'vitest';
import { armourValue, SixBitBuffer } from './armour.js';

describe('armourValue', () => {
  it('follows the gpsd AIVDM.adoc armour table at its edges and rejects the gap "X".."_"', () => {
    expect(armourValue('0'.charCodeAt(0))).toBe(0);
    expect(armourValue('W'.charCodeAt(0))).toBe(39);
    expect(armourValue('`'.charCodeAt(0))).toBe(40);
    expect(armourValue('w'.charCodeAt(0))).toBe(63);
    for (const c of 'X\\]^_x/ ,*!') expect(armourValue(c.charCodeAt(0)), c).toBe(-1);
  });
});

describe('SixBitBuffer', () => {
  it('reads unsigned, signed and text fields across symbol boundaries', () => {
    const b = new SixBitBuffer();
    // "w" = 111111, "0" = 000000, "P" = 100000, "1" = 000001
    expect(b.append('w0P1', 0, 4)).toBe(-1);
    b.finish(0);
    expect(b.bitLength).toBe(24);
    expect(b.uint(0, 6)).toBe(63);
    expect(b.uint(3, 6)).toBe(0b111000);
    expect(b.uint(0, 24)).toBe(0b111111_000000_100000_000001);
    expect(b.int(0, 6)).toBe(-1);
    expect(b.int(12, 6)).toBe(-32);
    expect(b.int(18, 6)).toBe(1);
  });

  it('keeps 30- and 32-bit fields positive', () => {
    const b = new SixBitBuffer();
    b.append('wwwwww', 0, 6);
    b.finish(0);
    expect(b.uint(0, 30)).toBe(2 ** 30 - 1);
    expect(b.uint(2, 32)).toBe(2 ** 32 - 1);
    expect(b.int(0, 30)).toBe(-1);
  });

  it('reports the first illegal character and drops fill bits', () => {
    const b = new SixBitBuffer();
    expect(b.append('12X4', 0, 4)).toBe(2);
    b.reset();
    b.append('1234', 0, 4);
    b.finish(2);
    expect(b.bitLength).toBe(22);
  });

  it('decodes six-bit text, stopping at "@" and trimming spaces', () => {
    // Six-bit values: H=8 I=9 space=32 @=0 Z=26 -> armour chars for 8, 9, 32, 0, 26.
    const armour = [8, 9, 32, 0, 26].map((v) => String.fromCharCode(v < 40 ? v + 48 : v + 56)).join('');
    const b = new SixBitBuffer();
    b.append(armour, 0, armour.length);
    b.finish(0);
    expect(b.text(0, 5)).toBe('HI');
    expect(b.text(0, 2)).toBe('HI');
    expect(b.text(0, 3, false)).toBe('HI ');
    // Asking for more characters than the payload holds reads what is there.
    expect(b.text(24, 10)).toBe('Z');
  });
});
