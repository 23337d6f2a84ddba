import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SixBitBuffer } from './armour.js';
import { LineInfo, lineEnd, nmeaChecksum, parseLine } from './sentence.js';

// The fast paths (one-walk VDM, one-walk $PGHP, repeated tag-block lines) must accept exactly what
// the general path accepts, with the same fields, and leave every rejection to the general path's
// wording. Held to it on every real line and on seeded mutations of them (characters replaced,
// dropped, doubled, lines cut, trailing fields added), most resealed with a fresh checksum so that
// the checks after the checksum are reached too.

const DATA = resolve(process.cwd(), '../shared/data');
const FILES = [
  'dma-aislib-stream_example_2010-06-11.nmea',
  'dma-aislib-replay_dump_2013-03-18.nmea',
  'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz',
  'dma-aisabnormal-538004030_drift_1.nmea',
  'pyais-nmea_data_sample.nmea',
];
const real = FILES.flatMap((f) => {
  let b = readFileSync(resolve(DATA, f));
  if (f.endsWith('.gz')) b = gunzipSync(b);
  return b.toString('latin1').split('\n');
});

let seed = 20261202;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
const ALPHABET = '0123456789,*!$\\:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz`@^_-. \t\r\u00e9\u0100';
const pick = (): string => ALPHABET[Math.floor(rnd() * ALPHABET.length)]!;

function hex2(x: number): string {
  return x.toString(16).toUpperCase().padStart(2, '0');
}

/** Recomputes the checksum of the `!`/`$` sentence and of a leading tag block, as a careful corrupter would. */
function reseal(l: string): string {
  let out = l;
  const b = Math.max(out.indexOf('!'), out.indexOf('$'));
  const star = out.indexOf('*', b);
  if (b >= 0 && star > b) out = `${out.slice(0, star + 1)}${hex2(nmeaChecksum(out, b + 1, star))}${out.slice(star + 3)}`;
  if (out.startsWith('\\')) {
    const close = out.indexOf('\\', 1);
    const ts = close > 0 ? out.lastIndexOf('*', close) : -1;
    if (ts > 0) out = `${out.slice(0, ts + 1)}${hex2(nmeaChecksum(out, 1, ts))}${out.slice(ts + 3)}`;
  }
  return out;
}

function mutate(l: string): string {
  const p = Math.floor(rnd() * (l.length + 1));
  const k = Math.floor(rnd() * 6);
  const m =
    k === 0 ? l.slice(0, p) + pick() + l.slice(p + 1)
    : k === 1 ? l.slice(0, p) + l.slice(p + 1)
    : k === 2 ? l.slice(0, p) + pick() + l.slice(p)
    : k === 3 ? l.slice(0, p)
    : k === 4 ? l.slice(0, p) + pick() + pick() + l.slice(p)
    : `${l},${Math.floor(rnd() * 2e9)}`;
  return rnd() < 0.7 ? reseal(m) : m;
}

const FIELDS = ['kind', 'code', 'reason', 'tag', 'tagTimeMs', 'groupId', 'groupNum', 'groupCount', 'pghpTimeMs', 'start', 'end', 'talker', 'vdo', 'fragCount', 'fragNum', 'seqId', 'channel', 'payloadStart', 'payloadEnd', 'fill', 'trailingTimeMs'] as const;

describe('fast paths against the general path', () => {
  it('give the same result on every real line and on 200,000 mutations of them', () => {
    const lines = [...real];
    for (let r = 0; r < 2; r++) for (const l of real) lines.push(mutate(l));
    while (lines.length < real.length + 200_000) lines.push(mutate(mutate(real[Math.floor(rnd() * real.length)]!)));

    const fast = new LineInfo();
    const general = new LineInfo();
    const ref = new SixBitBuffer();
    const diffs: string[] = [];
    const kinds: Record<string, number> = {};
    for (const l of lines) {
      const end = lineEnd(l);
      parseLine(l, fast, end);
      parseLine(l, general, end, false);
      kinds[general.kind] = (kinds[general.kind] ?? 0) + 1;
      for (const f of FIELDS) if (!Object.is(fast[f], general[f])) diffs.push(`${JSON.stringify(l)}: ${f} fast=${String(fast[f])} general=${String(general[f])}`);
      if (general.kind !== 'ais') continue;
      // The payload the parser de-armoured against one de-armoured afresh, symbol by symbol.
      ref.reset();
      ref.append(l, general.payloadStart, general.payloadEnd);
      if (fast.payload.symbols !== ref.symbols) diffs.push(`${JSON.stringify(l)}: payload symbols ${fast.payload.symbols} != ${ref.symbols}`);
      for (let b = 0; b + 6 <= ref.symbols * 6; b += 6) {
        if (fast.payload.uint(b, 6) !== ref.uint(b, 6)) {
          diffs.push(`${JSON.stringify(l)}: payload symbol at bit ${b}`);
          break;
        }
      }
    }
    expect(diffs.slice(0, 10)).toEqual([]);
    // The mutations reach every kind, good and bad (counted on the general path).
    expect(kinds.ais).toBeGreaterThan(50_000);
    expect(kinds.pghp).toBeGreaterThan(30_000);
    expect(kinds['tag-only']).toBeGreaterThan(30_000);
    expect(kinds.bad).toBeGreaterThan(50_000);
  });
});
