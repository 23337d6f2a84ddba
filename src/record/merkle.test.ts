/**
 * RFC 9162 section 2.1 checked three ways:
 *
 * 1. The transparency-dev/merkle test vectors, read in place from ../shared/data/merkle-vectors
 *    (github.com/transparency-dev/merkle at commit 417fb0c314750d94e53942e9f92e79b6d35915db, folder
 *    testdata/, Apache-2.0; see that folder's README.md and LICENSE). Each JSON file is one claim;
 *    `wantErr: false` must verify and everything else must be refused.
 * 2. Property tests over tree sizes 1..2000 (seeded, so reproducible): every generated inclusion and
 *    consistency proof equals the one the RFC's recursive definitions give, verifies against roots
 *    computed by a naive recursive MTH, and fails once altered in any single way.
 * 3. Trees of 2^31 + 5 to 2^64 - 1 leaves, where a 32-bit bitwise operator on a size would break:
 *    a sparse log (a few distinct leaves among identical ones) whose hashes can be computed without
 *    visiting every leaf, against a BigInt transcription of the RFC's definitions.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CompactRange,
  EMPTY_ROOT,
  HASH_SIZE,
  MemoryTree,
  consistencyProof,
  hashLeaf,
  inclusionProof,
  leafHashArray,
  merkleTreeHash,
  rootFromInclusionProof,
  splitPoint,
  subtreeHash,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  withSubtreeCache,
  type ProofCheck,
  type TreeHashes,
} from './merkle.js';

// ---------------------------------------------------------------------------------------------
// An independent transcription of RFC 9162 2.1.1, 2.1.3.1 and 2.1.4.1: own hashing, BigInt
// indexes, plain recursion. Slow by design; memoised only where the answer is fixed.

function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}
const leafOf = (entry: Uint8Array): Uint8Array => sha256(Uint8Array.of(0), entry);
const nodeOf = (l: Uint8Array, r: Uint8Array): Uint8Array => sha256(Uint8Array.of(1), l, r);

function splitBig(n: bigint): bigint {
  let k = 1n;
  while (k * 2n < n) k *= 2n;
  return k;
}

/** D[lo:hi] of some list, described by its leaf hashes; `mth` is MTH from the RFC. */
interface Naive {
  mth(lo: bigint, hi: bigint): Uint8Array;
  leaf(i: bigint): Uint8Array;
}

/** PATH(m, D[lo:hi]) with m relative to lo. */
function naivePath(t: Naive, m: bigint, lo: bigint, hi: bigint): Uint8Array[] {
  const n = hi - lo;
  if (n === 1n) return [];
  const k = splitBig(n);
  if (m < k) return [...naivePath(t, m, lo, lo + k), t.mth(lo + k, hi)];
  return [...naivePath(t, m - k, lo + k, hi), t.mth(lo, lo + k)];
}

/** SUBPROOF(m, D[lo:hi], b). */
function naiveSubproof(t: Naive, m: bigint, lo: bigint, hi: bigint, b: boolean): Uint8Array[] {
  const n = hi - lo;
  if (m === n) return b ? [] : [t.mth(lo, hi)];
  const k = splitBig(n);
  if (m <= k) return [...naiveSubproof(t, m, lo, lo + k, b), t.mth(lo + k, hi)];
  return [...naiveSubproof(t, m - k, lo + k, hi, false), t.mth(lo, lo + k)];
}

/** A list held in memory; MTH memoised per (lo, hi), each value still computed by the definition. */
function naiveList(leaves: readonly Uint8Array[]): Naive {
  const memo = new Map<string, Uint8Array>();
  const t: Naive = {
    leaf: (i) => leaves[Number(i)] as Uint8Array,
    mth(lo, hi) {
      const n = hi - lo;
      if (n === 0n) return sha256();
      if (n === 1n) return t.leaf(lo);
      const key = `${lo}:${hi}`;
      let h = memo.get(key);
      if (h === undefined) {
        const k = splitBig(n);
        h = nodeOf(t.mth(lo, lo + k), t.mth(lo + k, hi));
        memo.set(key, h);
      }
      return h;
    },
  };
  return t;
}

// ---------------------------------------------------------------------------------------------
// Reproducible randomness.

function prng(seed: number): () => number {
  // mulberry32; the bit operations act on the generator's own 32-bit state, never on a size.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(rand: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

const randInt = (rand: () => number, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

// ---------------------------------------------------------------------------------------------
// Mutations: every single way to spoil a proof.

interface Mutation {
  what: string;
  proof: Uint8Array[];
}

function proofMutations(proof: readonly Uint8Array[], rand: () => number): Mutation[] {
  const out: Mutation[] = [];
  const copy = (): Uint8Array[] => proof.map((h) => h.slice());
  for (let i = 0; i < proof.length; i++) {
    const flipped = copy();
    const bit = randInt(rand, 0, HASH_SIZE * 8 - 1);
    const target = flipped[i] as Uint8Array;
    const byte = Math.floor(bit / 8);
    target[byte] = (target[byte] as number) ^ (1 << (bit % 8));
    out.push({ what: `bit ${bit} of element ${i} flipped`, proof: flipped });
    const replaced = copy();
    replaced[i] = randomBytes(rand, HASH_SIZE);
    out.push({ what: `element ${i} replaced`, proof: replaced });
    const dropped = copy();
    dropped.splice(i, 1);
    out.push({ what: `element ${i} dropped`, proof: dropped });
    const doubled = copy();
    doubled.splice(i, 0, (proof[i] as Uint8Array).slice());
    out.push({ what: `element ${i} repeated`, proof: doubled });
  }
  for (let i = 0; i <= proof.length; i++) {
    const extra = copy();
    extra.splice(i, 0, randomBytes(rand, HASH_SIZE));
    out.push({ what: `extra element at ${i}`, proof: extra });
  }
  for (let i = 0; i + 1 < proof.length; i++) {
    const swapped = copy();
    [swapped[i], swapped[i + 1]] = [swapped[i + 1] as Uint8Array, swapped[i] as Uint8Array];
    if (!swapped.every((h, j) => Buffer.compare(h, proof[j] as Uint8Array) === 0)) out.push({ what: `elements ${i} and ${i + 1} swapped`, proof: swapped });
  }
  return out;
}

const hexOf = (hashes: readonly Uint8Array[]): string => hashes.map((h) => Buffer.from(h).toString('hex')).join(' ');

/** vitest's deep equality walks typed arrays element by element; hex is a thousand times faster. */
function expectSameHashes(got: readonly Uint8Array[], want: readonly Uint8Array[], what: string): void {
  if (hexOf(got) !== hexOf(want)) expect.fail(`${what}: got [${hexOf(got)}], want [${hexOf(want)}]`);
}

function expectRefused(check: ProofCheck, what: string): void {
  if (check.ok) expect.fail(`accepted a spoiled proof: ${what}`);
}

// ---------------------------------------------------------------------------------------------
// One log of 2000 entries; the tree of size n is its first n leaves.

const MAX = 2000;
const rand0 = prng(20220117);
// Each entry starts with its index, so no two leaves are equal (two empty entries would be, and a
// proof for one would then rightly verify for the other).
const ENTRIES = Array.from({ length: MAX }, (_, i) => new Uint8Array([...new TextEncoder().encode(`${i}:`), ...randomBytes(rand0, randInt(rand0, 0, 64))]));
const LEAVES = ENTRIES.map(leafOf);
const NAIVE = naiveList(LEAVES);
const TREE = new MemoryTree();
for (const e of ENTRIES) TREE.append(e);
const rootAt = (n: number): Uint8Array => NAIVE.mth(0n, BigInt(n));

/** Seeded random sizes plus the edges where the tree changes shape. */
const SIZES = (() => {
  const r = prng(9162);
  const s = new Set([1, 2, 3, 4, 5, 7, 8, 9, 255, 256, 257, 1023, 1024, 1025, 1999, 2000]);
  while (s.size < 90) s.add(randInt(r, 1, MAX));
  return [...s].sort((a, b) => a - b);
})();

describe('tree hashes', () => {
  it('leaf and empty hashes are the RFC ones', () => {
    expect(hashLeaf(ENTRIES[0] as Uint8Array)).toEqual(LEAVES[0]);
    expect(EMPTY_ROOT).toEqual(sha256());
    expect(Buffer.from(EMPTY_ROOT).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(merkleTreeHash([])).toEqual(EMPTY_ROOT);
  });

  it('the root of every size 0..2000 equals the naive recursive MTH, by every route', () => {
    const compact = new CompactRange();
    expect(compact.root()).toEqual(EMPTY_ROOT);
    expect(TREE.root(0)).toEqual(EMPTY_ROOT);
    for (let n = 1; n <= MAX; n++) {
      compact.append(LEAVES[n - 1] as Uint8Array);
      const want = rootAt(n);
      expectSameHashes([TREE.root(n), compact.root()], [want, want], `root of ${n}`);
      expect(compact.size).toBe(n);
    }
    for (const n of [1, 2, 3, 17, 100]) expect(merkleTreeHash(ENTRIES.slice(0, n))).toEqual(rootAt(n));
  });

  it('any subrange hash equals MTH(D[start:end])', () => {
    const r = prng(1);
    for (let i = 0; i < 300; i++) {
      const end = randInt(r, 0, MAX);
      const start = randInt(r, 0, end);
      expect(subtreeHash(TREE, start, end)).toEqual(NAIVE.mth(BigInt(start), BigInt(end)));
    }
  });

  it('a compact range can be rebuilt from its peaks and keeps appending', () => {
    for (const n of [0, 1, 6, 7, 8, 1000, 1999]) {
      const c = CompactRange.of(TREE, n);
      expect(c.getPeaks().length).toBe([...n.toString(2)].filter((d) => d === '1').length);
      const again = new CompactRange(n, c.getPeaks());
      for (let i = n; i < Math.min(n + 40, MAX); i++) again.append(LEAVES[i] as Uint8Array);
      expect(again.root()).toEqual(rootAt(Math.min(n + 40, MAX)));
    }
    expect(() => new CompactRange(3, [EMPTY_ROOT])).toThrow(/2 perfect subtrees/);
    expect(() => new CompactRange(1, [new Uint8Array(31)])).toThrow(/31 bytes/);
  });
});

describe('inclusion proofs over sizes 1..2000', () => {
  it('every proof for every leaf of trees of 1..64 leaves is the RFC PATH and verifies', () => {
    for (let n = 1; n <= 64; n++) {
      for (let m = 0; m < n; m++) {
        const proof = TREE.inclusionProof(m, n);
        expectSameHashes(proof, naivePath(NAIVE, BigInt(m), 0n, BigInt(n)), `path of ${m} in ${n}`);
        const check = verifyInclusion({ leafHash: LEAVES[m] as Uint8Array, index: m, size: n, proof, root: rootAt(n) });
        if (!check.ok) expect.fail(`leaf ${m} of ${n}: ${check.message}`);
      }
    }
  });

  it(`every proof for every leaf of ${SIZES.length} seeded sizes up to 2000 is the RFC PATH and verifies`, () => {
    let count = 0;
    for (const n of SIZES) {
      const root = rootAt(n);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(TREE, m, n);
        expectSameHashes(proof, naivePath(NAIVE, BigInt(m), 0n, BigInt(n)), `path of ${m} in ${n}`);
        const check = verifyInclusion({ leafHash: LEAVES[m] as Uint8Array, index: m, size: n, proof, root });
        if (!check.ok) expect.fail(`leaf ${m} of ${n}: ${check.message}`);
        count++;
      }
    }
    expect(count).toBe(SIZES.reduce((a, b) => a + b, 0));
  });

  it('any single alteration of a proof, its leaf, its index or its tree size fails', () => {
    const r = prng(31);
    let refused = 0;
    for (const n of SIZES) {
      const root = rootAt(n);
      const indexes = new Set([0, n - 1, Math.floor(n / 2)]);
      while (indexes.size < Math.min(n, 8)) indexes.add(randInt(r, 0, n - 1));
      for (const m of indexes) {
        const leafHash = LEAVES[m] as Uint8Array;
        const proof = TREE.inclusionProof(m, n);
        for (const mut of proofMutations(proof, r)) {
          expectRefused(verifyInclusion({ leafHash, index: m, size: n, proof: mut.proof, root }), `leaf ${m} of ${n}: ${mut.what}`);
          refused++;
        }
        for (const other of [m - 1, m + 1, m + 2, m - 2, 0, n - 1, randInt(r, 0, n - 1)]) {
          if (other === m || other < 0 || other >= n) continue;
          expectRefused(verifyInclusion({ leafHash, index: other, size: n, proof, root }), `leaf ${m} of ${n} claimed at ${other}`);
          expectRefused(verifyInclusion({ leafHash: LEAVES[other] as Uint8Array, index: m, size: n, proof, root }), `leaf ${other} with the proof of ${m}`);
          refused += 2;
        }
        // A tree size is authenticated by its root (both sit in one signed checkpoint), so the
        // claim to refuse is "this proof shows the leaf in the tree of n' leaves whose root is R'".
        for (const otherSize of [n - 1, n + 1, n * 2, Math.floor(n / 2), randInt(r, 1, MAX)]) {
          if (otherSize === n || otherSize <= m || otherSize > MAX) continue;
          expectRefused(verifyInclusion({ leafHash, index: m, size: otherSize, proof, root: rootAt(otherSize) }), `leaf ${m} of ${n} claimed in ${otherSize}`);
          refused++;
        }
        // Without its top hash the proof leads to the root of the half holding the leaf; only the
        // RFC's final "sn is 0" check stops that half's root passing for the whole tree's.
        if (n > 1) {
          const k = splitPoint(n);
          const half = m < k ? NAIVE.mth(0n, BigInt(k)) : NAIVE.mth(BigInt(k), BigInt(n));
          const check = verifyInclusion({ leafHash, index: m, size: n, proof: proof.slice(0, -1), root: half });
          expect(check.ok ? 'ok' : check.code).toBe('proof-too-short');
          refused++;
        }
        expectRefused(verifyInclusion({ leafHash: randomBytes(r, HASH_SIZE), index: m, size: n, proof, root }), 'another leaf');
        expectRefused(verifyInclusion({ leafHash, index: m, size: n, proof, root: randomBytes(r, HASH_SIZE) }), 'another root');
        refused += 2;
      }
    }
    expect(refused).toBeGreaterThan(45_000);
  });
});

describe('consistency proofs over sizes 1..2000', () => {
  it('every proof between any two sizes up to 64 is the RFC PROOF and verifies', () => {
    for (let n = 1; n <= 64; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = TREE.consistencyProof(m, n);
        expectSameHashes(proof, m === n ? [] : naiveSubproof(NAIVE, BigInt(m), 0n, BigInt(n), true), `proof ${m} -> ${n}`);
        const check = verifyConsistency({ size1: m, size2: n, root1: rootAt(m), root2: rootAt(n), proof });
        if (!check.ok) expect.fail(`${m} -> ${n}: ${check.message}`);
      }
    }
  });

  it(`every proof from every older size to each of ${SIZES.length} seeded sizes is the RFC PROOF and verifies`, () => {
    for (const n of SIZES) {
      const root2 = rootAt(n);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(TREE, m, n);
        expectSameHashes(proof, m === n ? [] : naiveSubproof(NAIVE, BigInt(m), 0n, BigInt(n), true), `proof ${m} -> ${n}`);
        const check = verifyConsistency({ size1: m, size2: n, root1: rootAt(m), root2, proof });
        if (!check.ok) expect.fail(`${m} -> ${n}: ${check.message}`);
      }
    }
  });

  it('any single alteration of a proof, a root or a size fails', () => {
    const r = prng(62);
    let refused = 0;
    for (const n of SIZES) {
      if (n < 2) continue;
      const root2 = rootAt(n);
      const olds = new Set([1, n - 1, Math.floor(n / 2)]);
      while (olds.size < Math.min(n - 1, 8)) olds.add(randInt(r, 1, n - 1));
      for (const m of olds) {
        const root1 = rootAt(m);
        const proof = TREE.consistencyProof(m, n);
        for (const mut of proofMutations(proof, r)) {
          expectRefused(verifyConsistency({ size1: m, size2: n, root1, root2, proof: mut.proof }), `${m} -> ${n}: ${mut.what}`);
          refused++;
        }
        // The same attack on a consistency proof: drop the top hash, claim the left half's root.
        const k = splitPoint(n);
        if (m < k) {
          const check = verifyConsistency({ size1: m, size2: n, root1, root2: NAIVE.mth(0n, BigInt(k)), proof: proof.slice(0, -1) });
          expect(check.ok ? 'ok' : check.code).toBe('proof-too-short');
          refused++;
        }
        expectRefused(verifyConsistency({ size1: m, size2: n, root1: root2, root2: root1, proof }), 'swapped roots');
        expectRefused(verifyConsistency({ size1: m, size2: n, root1: randomBytes(r, HASH_SIZE), root2, proof }), 'another first root');
        expectRefused(verifyConsistency({ size1: m, size2: n, root1, root2: randomBytes(r, HASH_SIZE), proof }), 'another second root');
        expectRefused(verifyConsistency({ size1: m, size2: n, root1, root2, proof: [] }), 'empty proof');
        refused += 4;
        for (const other of [m - 1, m + 1, m * 2, randInt(r, 1, n)]) {
          if (other === m || other < 1 || other > n) continue;
          expectRefused(verifyConsistency({ size1: other, size2: n, root1: rootAt(other), root2, proof }), `${m} -> ${n} claimed from ${other}`);
          refused++;
        }
        for (const other of [n - 1, n + 1, n * 2, randInt(r, m, MAX)]) {
          if (other === n || other < m || other > MAX) continue;
          expectRefused(verifyConsistency({ size1: m, size2: other, root1, root2: rootAt(other), proof }), `${m} -> ${n} claimed to ${other}`);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(40_000);
  });
});

describe('generation sources', () => {
  it('proofs are the same from stored subtrees, from bare leaves and from a memo of subtrees', () => {
    const r = prng(7);
    for (const n of [1, 2, 5, 64, 100, 777]) {
      const bare = leafHashArray(LEAVES.slice(0, n));
      const cached = withSubtreeCache(bare);
      expect(treeRoot(bare)).toEqual(rootAt(n));
      expect(treeRoot(cached)).toEqual(rootAt(n));
      for (let i = 0; i < 20; i++) {
        const m = randInt(r, 0, n - 1);
        const want = TREE.inclusionProof(m, n);
        expect(inclusionProof(bare, m)).toEqual(want);
        expect(inclusionProof(cached, m)).toEqual(want);
        const old = randInt(r, 1, n);
        expect(consistencyProof(cached, old)).toEqual(TREE.consistencyProof(old, n));
      }
    }
  });

  it('proofs made while the log grew equal proofs for the same sizes made later', () => {
    const growing = new MemoryTree();
    const r = prng(11);
    for (let i = 0; i < 700; i++) {
      growing.append(ENTRIES[i] as Uint8Array);
      if (r() < 0.1) {
        const n = growing.size;
        const m = randInt(r, 0, n - 1);
        expect(growing.inclusionProof(m)).toEqual(TREE.inclusionProof(m, n));
        expect(growing.consistencyProof(Math.max(1, m))).toEqual(TREE.consistencyProof(Math.max(1, m), n));
        expect(growing.root()).toEqual(rootAt(n));
      }
    }
  });

  it('proofs hand out copies: spoiling one does not spoil the tree', () => {
    const p = TREE.inclusionProof(5, 100);
    (p[0] as Uint8Array).fill(0);
    expect(TREE.inclusionProof(5, 100)).toEqual(naivePath(NAIVE, 5n, 0n, 100n));
    expect(TREE.root(100)).toEqual(rootAt(100));
  });

  it('truncate undoes appends exactly', () => {
    const t = new MemoryTree();
    for (const e of ENTRIES.slice(0, 300)) t.append(e);
    for (const n of [299, 256, 255, 100, 1, 0]) {
      t.truncate(n);
      expect(t.size).toBe(n);
      expect(t.root()).toEqual(n === 0 ? EMPTY_ROOT : rootAt(n));
      for (const e of ENTRIES.slice(n, n + 37)) t.append(e);
      expect(t.root()).toEqual(rootAt(n + 37));
      expect(t.inclusionProof(n)).toEqual(TREE.inclusionProof(n, n + 37));
    }
  });

  it('refuses impossible requests', () => {
    expect(() => TREE.inclusionProof(10, 10)).toThrow(RangeError);
    expect(() => TREE.inclusionProof(-1, 10)).toThrow(RangeError);
    expect(() => TREE.inclusionProof(0, MAX + 1)).toThrow(RangeError);
    expect(() => TREE.inclusionProof(0.5, 10)).toThrow(RangeError);
    expect(() => TREE.consistencyProof(0, 10)).toThrow(/empty tree/);
    expect(() => TREE.consistencyProof(11, 10)).toThrow(RangeError);
    expect(TREE.consistencyProof(10, 10)).toEqual([]);
    expect(() => new MemoryTree().appendLeafHash(new Uint8Array(33))).toThrow(/33 bytes/);
    expect(() => new MemoryTree().truncate(1)).toThrow(RangeError);
  });
});

describe('verification refuses malformed claims', () => {
  const root = rootAt(8);
  const proof = TREE.inclusionProof(3, 8);
  const leafHash = LEAVES[3] as Uint8Array;
  const codeOf = (c: ProofCheck): string => (c.ok ? 'ok' : c.code);

  it('only 32-byte hashes, wherever they appear', () => {
    for (const len of [0, 31, 33, 64]) {
      const bad = new Uint8Array(len);
      expect(codeOf(verifyInclusion({ leafHash: bad, index: 3, size: 8, proof, root }))).toBe('bad-hash-length');
      expect(codeOf(verifyInclusion({ leafHash, index: 3, size: 8, proof, root: bad }))).toBe('bad-hash-length');
      expect(codeOf(verifyInclusion({ leafHash, index: 3, size: 8, proof: [...proof.slice(0, 2), bad], root }))).toBe('bad-hash-length');
      expect(codeOf(verifyConsistency({ size1: 4, size2: 8, root1: bad, root2: root, proof: TREE.consistencyProof(4, 8) }))).toBe('bad-hash-length');
      expect(codeOf(verifyConsistency({ size1: 3, size2: 3, root1: bad, root2: bad, proof: [] }))).toBe('bad-hash-length');
    }
  });

  it('sizes and indexes: integers in range, index below size', () => {
    expect(codeOf(verifyInclusion({ leafHash, index: 8, size: 8, proof, root }))).toBe('index-out-of-range');
    expect(codeOf(verifyInclusion({ leafHash, index: 2n ** 64n - 1n, size: 8, proof, root }))).toBe('index-out-of-range');
    expect(codeOf(verifyInclusion({ leafHash, index: 0, size: 0, proof: [], root: EMPTY_ROOT }))).toBe('index-out-of-range');
    expect(codeOf(verifyInclusion({ leafHash, index: -1, size: 8, proof, root }))).toBe('bad-size');
    expect(codeOf(verifyInclusion({ leafHash, index: 3.5, size: 8, proof, root }))).toBe('bad-size');
    expect(codeOf(verifyInclusion({ leafHash, index: 3, size: 2 ** 53 + 2, proof, root }))).toBe('bad-size');
    expect(codeOf(verifyInclusion({ leafHash, index: 3, size: 2n ** 64n, proof, root }))).toBe('bad-size');
    expect(codeOf(verifyInclusion({ leafHash, index: 3n, size: 8n, proof, root }))).toBe('ok');
  });

  it('consistency: sizes in order, nothing from the empty tree, equal sizes need equal roots and no proof', () => {
    const p48 = TREE.consistencyProof(4, 8);
    expect(codeOf(verifyConsistency({ size1: 8, size2: 4, root1: root, root2: rootAt(4), proof: p48 }))).toBe('size-order');
    expect(codeOf(verifyConsistency({ size1: 0, size2: 8, root1: EMPTY_ROOT, root2: root, proof: [] }))).toBe('empty-tree');
    expect(codeOf(verifyConsistency({ size1: 0, size2: 8, root1: EMPTY_ROOT, root2: root, proof: p48 }))).toBe('empty-tree');
    expect(codeOf(verifyConsistency({ size1: 0, size2: 0, root1: EMPTY_ROOT, root2: EMPTY_ROOT, proof: [] }))).toBe('ok');
    expect(codeOf(verifyConsistency({ size1: 0, size2: 0, root1: root, root2: root, proof: [] }))).toBe('root-mismatch');
    expect(codeOf(verifyConsistency({ size1: 8, size2: 8, root1: root, root2: root, proof: [] }))).toBe('ok');
    expect(codeOf(verifyConsistency({ size1: 8, size2: 8, root1: root, root2: rootAt(7), proof: [] }))).toBe('root-mismatch');
    expect(codeOf(verifyConsistency({ size1: 8, size2: 8, root1: root, root2: root, proof: [root] }))).toBe('proof-not-empty');
    expect(codeOf(verifyConsistency({ size1: 4, size2: 8, root1: rootAt(4), root2: root, proof: [] }))).toBe('proof-empty');
  });

  it('a proof must be used up exactly: too long and too short are named', () => {
    expect(codeOf(verifyInclusion({ leafHash, index: 3, size: 8, proof: [...proof, root], root }))).toBe('proof-too-long');
    expect(codeOf(verifyInclusion({ leafHash, index: 3, size: 8, proof: proof.slice(0, 2), root }))).toBe('proof-too-short');
    const p = TREE.consistencyProof(5, 8);
    expect(codeOf(verifyConsistency({ size1: 5, size2: 8, root1: rootAt(5), root2: root, proof: [...p, root] }))).toBe('proof-too-long');
    expect(codeOf(verifyConsistency({ size1: 5, size2: 8, root1: rootAt(5), root2: root, proof: p.slice(0, -1) }))).toBe('proof-too-short');
    const got = rootFromInclusionProof(leafHash, 3, 8, proof);
    expect(got.ok && got.root).toEqual(root);
  });
});

// ---------------------------------------------------------------------------------------------
// Past 2^31.

const BACKGROUND = leafOf(new TextEncoder().encode('redline background leaf'));

/**
 * A log in which every leaf is BACKGROUND except a few. Any perfect subtree without a special leaf
 * has a hash that depends only on its height, so a tree of 2^40 leaves costs a few hundred hashes.
 */
class SparseLog implements TreeHashes {
  private readonly uniform: Uint8Array[] = [BACKGROUND];
  constructor(
    readonly size: number,
    private readonly special: ReadonlyMap<number, Uint8Array>,
  ) {}
  leafHash(i: number): Uint8Array {
    return this.special.get(i) ?? BACKGROUND;
  }
  nodeHash(level: number, index: number): Uint8Array | undefined {
    const lo = index * 2 ** level;
    const hi = lo + 2 ** level;
    for (const k of this.special.keys()) if (k >= lo && k < hi) return undefined;
    while (this.uniform.length <= level) {
      const below = this.uniform[this.uniform.length - 1] as Uint8Array;
      this.uniform.push(nodeOf(below, below));
    }
    return this.uniform[level];
  }
}

/** The same log for the BigInt transcription, where a run of BACKGROUND leaves hashes by length. */
function naiveSparse(special: ReadonlyMap<bigint, Uint8Array>): Naive {
  const byLength = new Map<bigint, Uint8Array>();
  const uniformMth = (n: bigint): Uint8Array => {
    if (n === 1n) return BACKGROUND;
    let h = byLength.get(n);
    if (h === undefined) {
      const k = splitBig(n);
      h = nodeOf(uniformMth(k), uniformMth(n - k));
      byLength.set(n, h);
    }
    return h;
  };
  const t: Naive = {
    leaf: (i) => special.get(i) ?? BACKGROUND,
    mth(lo, hi) {
      if (![...special.keys()].some((k) => k >= lo && k < hi)) return uniformMth(hi - lo);
      if (hi - lo === 1n) return t.leaf(lo);
      const k = splitBig(hi - lo);
      return nodeOf(t.mth(lo, lo + k), t.mth(lo + k, hi));
    },
  };
  return t;
}

function specialLeaves(indexes: readonly bigint[], seed: number): Map<bigint, Uint8Array> {
  const r = prng(seed);
  return new Map(indexes.map((i) => [i, leafOf(randomBytes(r, 16))]));
}

describe('sizes past 2^31 (no 32-bit bitwise operator on a size)', () => {
  const P31 = 2 ** 31;
  const safeSizes = [P31 + 5, 2 ** 32 + 1, 2 ** 40, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER];
  const interesting = (n: number): number[] =>
    [0, 1, P31 - 1, P31, P31 + 1, P31 + 4, 2 ** 32 - 1, 2 ** 32, 2 ** 33 + 7, 2 ** 39 + 11, n - 2, n - 1].filter((i) => i >= 0 && i < n);

  it.each(safeSizes)('generation over a sparse log of %d leaves equals the BigInt RFC recursion, and verifies', (n) => {
    const idx = [...new Set(interesting(n))];
    const special = specialLeaves(idx.map(BigInt), n % 1000);
    const log = new SparseLog(n, new Map([...special].map(([k, v]) => [Number(k), v])));
    const naive = naiveSparse(special);
    const N = BigInt(n);
    const root = naive.mth(0n, N);
    expect(treeRoot(log)).toEqual(root);
    const r = prng(n % 977);
    for (const m of idx) {
      const proof = inclusionProof(log, m);
      expectSameHashes(proof, naivePath(naive, BigInt(m), 0n, N), `path of ${m} in ${n}`);
      const leafHash = log.leafHash(m);
      expect(verifyInclusion({ leafHash, index: m, size: n, proof, root })).toEqual({ ok: true });
      expect(verifyInclusion({ leafHash, index: BigInt(m), size: N, proof, root })).toEqual({ ok: true });
      for (const mut of proofMutations(proof, r)) expectRefused(verifyInclusion({ leafHash, index: m, size: n, proof: mut.proof, root }), `${m} of ${n}: ${mut.what}`);
      for (const other of [m + 1, m - 1]) {
        if (other >= 0 && other < n) expectRefused(verifyInclusion({ leafHash, index: other, size: n, proof, root }), `index ${other}`);
      }
    }
    for (const m of idx.filter((i) => i > 0)) {
      const proof = consistencyProof(log, m);
      expectSameHashes(proof, naiveSubproof(naive, BigInt(m), 0n, N, true), `proof ${m} -> ${n}`);
      const claim = { size1: m, size2: n, root1: naive.mth(0n, BigInt(m)), root2: root, proof };
      expect(verifyConsistency(claim)).toEqual({ ok: true });
      expect(verifyConsistency({ ...claim, size1: BigInt(m), size2: N })).toEqual({ ok: true });
      for (const mut of proofMutations(proof, r)) expectRefused(verifyConsistency({ ...claim, proof: mut.proof }), `${m} -> ${n}: ${mut.what}`);
    }
  });

  it('a leaf past 2^31 in a tree of 2^31 + 5 leaves has the shape the RFC gives it', () => {
    // 2^31 + 4 is the last of the 5 leaves right of the split at 2^31: its siblings are the root of
    // the 4 leaves before it and the root of the left 2^31 leaves. Leaf 7 climbs 31 levels of the
    // perfect left subtree, then meets the right part.
    const n = P31 + 5;
    const log = new SparseLog(n, new Map([[P31 + 4, leafOf(Uint8Array.of(1))]]));
    expect(inclusionProof(log, P31 + 4)).toHaveLength(2);
    expect(inclusionProof(log, 7)).toHaveLength(32);
  });

  it.each([
    [2n ** 53n + 1n],
    [2n ** 62n + 12345n],
    [2n ** 64n - 1n],
  ])('verification of BigInt proofs in a tree of %s leaves', (N) => {
    const idx = [0n, 1n, 2n ** 31n, 2n ** 32n + 1n, 2n ** 53n, N / 2n, N - 2n, N - 1n];
    const special = specialLeaves(idx, Number(N % 1000n));
    const naive = naiveSparse(special);
    const root = naive.mth(0n, N);
    const r = prng(Number(N % 9973n));
    for (const m of idx) {
      const proof = naivePath(naive, m, 0n, N);
      const leafHash = naive.leaf(m);
      expect(verifyInclusion({ leafHash, index: m, size: N, proof, root })).toEqual({ ok: true });
      for (const mut of proofMutations(proof, r).filter((_, i) => i % 7 === 0)) {
        expectRefused(verifyInclusion({ leafHash, index: m, size: N, proof: mut.proof, root }), mut.what);
      }
      expectRefused(verifyInclusion({ leafHash, index: m === 0n ? 1n : m - 1n, size: N, proof, root }), 'neighbour index');
      if (m > 0n) {
        const cproof = naiveSubproof(naive, m, 0n, N, true);
        const claim = { size1: m, size2: N, root1: naive.mth(0n, m), root2: root, proof: cproof };
        expect(verifyConsistency(claim)).toEqual({ ok: true });
        expectRefused(verifyConsistency({ ...claim, proof: cproof.slice(1) }), 'first element dropped');
        expectRefused(verifyConsistency({ ...claim, size1: m + 1n, root1: naive.mth(0n, m + 1n) }), 'next size');
      }
    }
    // A number that is not a safe integer is refused rather than rounded.
    expect(verifyInclusion({ leafHash: naive.leaf(0n), index: 0, size: Number(N), proof: naivePath(naive, 0n, 0n, N), root }).ok).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// The published vectors.

const VECTORS = path.resolve(process.cwd(), '../shared/data/merkle-vectors/testdata');

interface Vector {
  file: string;
  v: Record<string, unknown>;
}

function loadVectors(kind: string): Vector[] {
  const out: Vector[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json')) {
        // Some indexes are 2^64 - 1 and 2^63 + 2: quote every count so none is rounded to a double.
        const text = readFileSync(p, 'utf8').replace(/"(leafIdx|treeSize|size1|size2|start|end|size)"\s*:\s*(\d+)/g, '"$1": "$2"');
        out.push({ file: path.relative(VECTORS, p), v: JSON.parse(text) as Record<string, unknown> });
      }
    }
  };
  walk(path.join(VECTORS, kind));
  return out;
}

const big = (x: unknown): bigint => BigInt(x as string);
const b64 = (x: unknown): Uint8Array => new Uint8Array(Buffer.from(x as string, 'base64'));
const b64s = (x: unknown): Uint8Array[] => ((x as string[] | null) ?? []).map(b64);

const LENGTH_RULE = 'the roots are the 12-byte strings "don\'t care"; the Go library compares equal roots without looking at their length, Redline accepts only 32-byte SHA-256 hashes';

/** Vectors whose wantErr is false that Redline refuses on purpose. */
const REFUSED_ON_PURPOSE: Record<string, string> = {
  'consistency/additional/sizes-are-equal-one-and-proof-is-empty.json': LENGTH_RULE,
  'subtreeconsistency/additional/sizes-are-equal-one-and-proof-is-empty.json': LENGTH_RULE,
  'subtreeconsistency/additional/subtree-is-empty-sizes-are-equal-zero-subtree-root-valid-tree-root-random-proof-is-empty.json':
    'an MTC rule (an empty subtree is consistent with any tree, whose root is then not read); as an RFC 9162 claim it gives the tree of 0 leaves a 12-byte root',
};

interface Tally {
  verified: number;
  refused: number;
  refusedOnPurpose: number;
  skipped: number;
}

function runVectors(kind: string, check: (v: Record<string, unknown>) => ProofCheck | 'skip'): Tally {
  const tally: Tally = { verified: 0, refused: 0, refusedOnPurpose: 0, skipped: 0 };
  const wrong: string[] = [];
  for (const { file, v } of loadVectors(kind)) {
    const got = check(v);
    if (got === 'skip') {
      tally.skipped++;
      continue;
    }
    const onPurpose = REFUSED_ON_PURPOSE[file];
    const want = v.wantErr === false && onPurpose === undefined;
    if (got.ok !== want) wrong.push(`${file}: want ${want ? 'verified' : 'refused'}, got ${got.ok ? 'verified' : `${got.code}: ${got.message}`}`);
    if (got.ok) tally.verified++;
    else if (onPurpose !== undefined) {
      tally.refusedOnPurpose++;
      expect(got.code, file).toBe('bad-hash-length');
    } else tally.refused++;
  }
  expect(wrong).toEqual([]);
  return tally;
}

const inclusionOf = (v: Record<string, unknown>, size: bigint): ProofCheck =>
  verifyInclusion({ leafHash: b64(v.leafHash), index: big(v.leafIdx), size, proof: b64s(v.proof), root: b64(v.root) });

const consistencyOf = (v: Record<string, unknown>, size1: bigint, size2: bigint): ProofCheck =>
  verifyConsistency({ size1, size2, root1: b64(v.root1), root2: b64(v.root2), proof: b64s(v.proof) });

describe('transparency-dev/merkle test vectors', () => {
  it('inclusion: every happy path verifies, every other case is refused', () => {
    expect(runVectors('inclusion', (v) => inclusionOf(v, big(v.treeSize)))).toEqual({ verified: 6, refused: 92, refusedOnPurpose: 0, skipped: 0 });
  });

  it('consistency: every happy path verifies, every other case is refused', () => {
    expect(runVectors('consistency', (v) => consistencyOf(v, big(v.size1), big(v.size2)))).toEqual({ verified: 5, refused: 92, refusedOnPurpose: 1, skipped: 0 });
  });

  // The subtree* folders belong to a different scheme: subtree inclusion and subtree consistency
  // proofs of Merkle Tree Certificates (IETF draft, sections 4.3 and 4.4), for a subtree
  // [start, end) of a tree. The subtree [0, end) is the RFC 9162 tree of `end` leaves and its
  // proofs are RFC 9162 proofs, so those cases are checked as such; the others are not RFC 9162.
  it('subtree inclusion from leaf 0 is RFC 9162 inclusion in the tree of `end` leaves', () => {
    expect(runVectors('subtreeinclusion', (v) => (big(v.start) === 0n ? inclusionOf(v, big(v.end)) : 'skip'))).toEqual({
      verified: 6,
      refused: 95,
      refusedOnPurpose: 0,
      skipped: 103,
    });
  });

  it('subtree consistency from leaf 0 is RFC 9162 consistency from `end` to `size`', () => {
    expect(runVectors('subtreeconsistency', (v) => (big(v.start) === 0n ? consistencyOf(v, big(v.end), big(v.size)) : 'skip'))).toEqual({
      verified: 6,
      refused: 94,
      refusedOnPurpose: 2,
      skipped: 16,
    });
  });
});
