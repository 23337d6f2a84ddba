/**
 * Comparable keys as numbers and a table of the strings they use, for the trip from a worker to the
 * main thread: a structured clone of half a million small objects costs about a second at 10 M
 * positions (on both threads), one of two typed arrays and a few thousand strings almost nothing.
 * Per key, `ints` holds the commitment's and view's string numbers, the count of assets and their
 * string numbers; `times` holds two instants (a finding's from and to, an ambiguous decision's time
 * twice).
 */
import type { Ambiguous, FindingKey } from './spec.js';

export interface PackedKeys {
  strings: string[];
  ints: Int32Array;
  times: Float64Array;
  count: number;
}

export class KeyPacker {
  private readonly strings: string[] = [];
  private readonly numbers = new Map<string, number>();
  private ints = new Int32Array(4096);
  private times = new Float64Array(2048);
  private ni = 0;
  private nt = 0;
  private count = 0;

  add(commitment: string, view: string, assets: readonly string[], from: number, to: number): void {
    if (this.ni + 3 + assets.length > this.ints.length) this.ints = grown(this.ints, this.ni + 3 + assets.length);
    if (this.nt + 2 > this.times.length) this.times = grown(this.times, this.nt + 2);
    this.ints[this.ni++] = this.number(commitment);
    this.ints[this.ni++] = this.number(view);
    this.ints[this.ni++] = assets.length;
    for (const a of assets) this.ints[this.ni++] = this.number(a);
    this.times[this.nt++] = from;
    this.times[this.nt++] = to;
    this.count++;
  }

  packed(): PackedKeys {
    return { strings: this.strings, ints: this.ints.slice(0, this.ni), times: this.times.slice(0, this.nt), count: this.count };
  }

  private number(s: string): number {
    let n = this.numbers.get(s);
    if (n === undefined) {
      n = this.strings.length;
      this.strings.push(s);
      this.numbers.set(s, n);
    }
    return n;
  }
}

function grown<T extends Int32Array | Float64Array>(a: T, atLeast: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(atLeast, a.length * 2));
  b.set(a);
  return b;
}

/** Calls `f` with each key's fields, in the order they were added. */
function unpack(p: PackedKeys, f: (commitment: string, view: string, assets: string[], from: number, to: number) => void): void {
  let i = 0;
  for (let k = 0; k < p.count; k++) {
    const commitment = p.strings[p.ints[i++]!]!;
    const view = p.strings[p.ints[i++]!]!;
    const n = p.ints[i++]!;
    const assets: string[] = [];
    for (let j = 0; j < n; j++) assets.push(p.strings[p.ints[i++]!]!);
    f(commitment, view, assets, p.times[2 * k]!, p.times[2 * k + 1]!);
  }
}

export function packFindings(keys: KeyPacker, k: FindingKey): void {
  keys.add(k.commitment, k.view, k.assets, k.from, k.to);
}

export function packAmbiguous(keys: KeyPacker, a: Ambiguous): void {
  keys.add(a.commitment, a.view, a.assets, a.time, a.time);
}

export function unpackFindings(p: PackedKeys): FindingKey[] {
  const out: FindingKey[] = [];
  unpack(p, (commitment, view, assets, from, to) => out.push({ commitment, view, verdict: 'breach', assets, from, to }));
  return out;
}

export function unpackAmbiguous(p: PackedKeys): Ambiguous[] {
  const out: Ambiguous[] = [];
  unpack(p, (commitment, view, assets, time) => out.push({ commitment, view, assets, time }));
  return out;
}
