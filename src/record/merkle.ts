/**
 * The Merkle tree of the record, exactly as RFC 9162 (Certificate Transparency v2), section 2.1,
 * defines it: tree hashes (2.1.1), inclusion proofs (2.1.3) and consistency proofs (2.1.4).
 *
 * Sizes and indexes past 2^31 are ordinary here. Verification works in BigInt, so it accepts any
 * uint64 size a checkpoint can carry; generation works on JavaScript numbers (safe integers, which
 * covers any log this process can hold) with arithmetic only. Nothing in this file applies a 32-bit
 * bitwise operator to a size or an index: `x >> 1` on a number silently wraps at 2^31, which is the
 * classic way a JavaScript log breaks after two billion entries.
 *
 * Verification never throws on bad input: it answers a `ProofCheck` whose `code` says what is wrong,
 * because `redline log verify` has to say exactly what is wrong where, and a proof from an untrusted
 * party is input, not a programming error. Generation throws `RangeError` on impossible requests
 * (an index past the tree), which are the caller's bugs.
 */
import { createHash } from 'node:crypto';

/** SHA-256 output size; the only hash length this module accepts anywhere. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);
const MAX_UINT64 = 2n ** 64n - 1n;

function digest(parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  const out = h.digest();
  // A plain Uint8Array, so callers comparing hashes never trip over Buffer-vs-Uint8Array equality.
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** MTH({}) = SHA-256() (RFC 9162, 2.1.1). */
export const EMPTY_ROOT: Uint8Array = digest([]);

/** Leaf hash: SHA-256(0x00 || entry). */
export function hashLeaf(entry: Uint8Array): Uint8Array {
  return digest([LEAF_PREFIX, entry]);
}

/** Interior node hash: SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return digest([NODE_PREFIX, left, right]);
}

export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Size arithmetic without 32-bit operators.

/** k with k < n <= 2k, for n >= 2: where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  if (!(n >= 2)) throw new RangeError(`no split for a tree of ${n} leaves`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  let x = n;
  while (x % 2 === 0) x /= 2;
  return x === 1;
}

function log2Exact(n: number): number {
  let level = 0;
  for (let x = n; x > 1; x /= 2) level++;
  return level;
}

function checkCount(what: string, v: number, max: number): void {
  if (!Number.isSafeInteger(v) || v < 0 || v > max) {
    throw new RangeError(`${what} ${v} is not an integer in 0..${max}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Sources of hashes for generation.

/** The leaf hashes of a log, by index. */
export interface LeafHashes {
  readonly size: number;
  leafHash(index: number): Uint8Array;
}

/**
 * Leaf hashes plus, optionally, stored hashes of perfect subtrees. `nodeHash(level, index)` is the
 * root of the 2^level leaves starting at index * 2^level, or undefined when the source does not
 * hold it (it is then computed from below). A store that keeps these makes every proof cost
 * O(log n) lookups plus O(log n) hashes for the one ragged right edge, whatever the log's size.
 */
export interface TreeHashes extends LeafHashes {
  nodeHash?(level: number, index: number): Uint8Array | undefined;
}

function perfectHash(src: TreeHashes, level: number, index: number): Uint8Array {
  const stored = src.nodeHash?.(level, index);
  if (stored !== undefined) return stored;
  if (level === 0) return src.leafHash(index);
  return hashChildren(perfectHash(src, level - 1, index * 2), perfectHash(src, level - 1, index * 2 + 1));
}

function rangeHash(src: TreeHashes, start: number, end: number): Uint8Array {
  const n = end - start;
  if (n === 1) return src.leafHash(start);
  // Every range the RFC recursion reaches from the root is either a perfect, aligned subtree or a
  // right edge; only the perfect ones can be stored.
  if (isPowerOfTwo(n) && start % n === 0) return perfectHash(src, log2Exact(n), start / n);
  const k = splitPoint(n);
  return hashChildren(rangeHash(src, start, start + k), rangeHash(src, start + k, end));
}

/** MTH(D[start:end]) over the source; the empty range hashes to EMPTY_ROOT. */
export function subtreeHash(src: TreeHashes, start: number, end: number): Uint8Array {
  checkCount('end', end, src.size);
  checkCount('start', start, end);
  // Copies: the hashes a source hands out may be views into its storage.
  if (start === end) return EMPTY_ROOT.slice();
  return rangeHash(src, start, end).slice();
}

/** The root of the tree of the first `size` leaves (an older tree head when size < src.size). */
export function treeRoot(src: TreeHashes, size: number = src.size): Uint8Array {
  return subtreeHash(src, 0, size);
}

/** The Merkle Tree Hash of a list of entries, straight from their bytes. */
export function merkleTreeHash(entries: readonly Uint8Array[]): Uint8Array {
  const leaves = entries.map(hashLeaf);
  return treeRoot(leafHashArray(leaves));
}

/** A LeafHashes over an array (no stored subtrees: every root is computed from the leaves). */
export function leafHashArray(hashes: readonly Uint8Array[]): LeafHashes {
  return {
    get size() {
      return hashes.length;
    },
    leafHash(i: number): Uint8Array {
      const h = hashes[i];
      if (h === undefined) throw new RangeError(`no leaf ${i} in a log of ${hashes.length}`);
      return h;
    },
  };
}

/**
 * Wraps a source that only has leaves with a memo of the perfect subtrees computed so far. Safe in
 * an append-only log: a complete subtree never changes once all its leaves exist.
 */
export function withSubtreeCache(src: LeafHashes): TreeHashes {
  const memo = new Map<string, Uint8Array>();
  const cached: TreeHashes = {
    get size() {
      return src.size;
    },
    leafHash: (i) => src.leafHash(i),
    nodeHash(level, index) {
      if (level === 0) return undefined;
      const key = `${level}/${index}`;
      let h = memo.get(key);
      if (h === undefined) {
        h = hashChildren(perfectHash(cached, level - 1, index * 2), perfectHash(cached, level - 1, index * 2 + 1));
        memo.set(key, h);
      }
      return h;
    },
  };
  return cached;
}

// ---------------------------------------------------------------------------------------------
// Proof generation (RFC 9162, 2.1.3.1 and 2.1.4.1).

/**
 * PATH(m, D[n]): the audit path of leaf `index` in the tree of the first `size` leaves, leaf end
 * first. `size` defaults to the whole source; a smaller one proves against an older tree head.
 */
export function inclusionProof(src: TreeHashes, index: number, size: number = src.size): Uint8Array[] {
  checkCount('tree size', size, src.size);
  checkCount('leaf index', index, Number.MAX_SAFE_INTEGER);
  if (index >= size) throw new RangeError(`leaf index ${index} is not in a tree of ${size} leaves`);
  // The RFC recursion appends the sibling after the sub-path, so walking from the root down yields
  // the siblings root end first.
  const siblings: Uint8Array[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      siblings.push(rangeHash(src, lo + k, hi));
      hi = lo + k;
    } else {
      siblings.push(rangeHash(src, lo, lo + k));
      lo += k;
    }
  }
  return siblings.reverse().map((h) => h.slice());
}

/**
 * PROOF(m, D[n]) = SUBPROOF(m, D[n], true): proves the tree of the first `size1` leaves is a prefix
 * of the tree of the first `size2`. Equal sizes need no proof (empty); the RFC defines none from
 * the empty tree, so size1 = 0 < size2 is refused.
 */
export function consistencyProof(src: TreeHashes, size1: number, size2: number = src.size): Uint8Array[] {
  checkCount('second tree size', size2, src.size);
  checkCount('first tree size', size1, size2);
  if (size1 === size2) return [];
  if (size1 === 0) {
    throw new RangeError('there is no consistency proof from the empty tree (RFC 9162 2.1.4.1 requires 0 < m < n)');
  }
  const out: Uint8Array[] = [];
  let lo = 0;
  let hi = size2;
  let m = size1;
  let isWholeOldTree = true;
  while (m !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (m <= k) {
      out.push(rangeHash(src, lo + k, hi));
      hi = lo + k;
    } else {
      out.push(rangeHash(src, lo, lo + k));
      lo += k;
      m -= k;
      isWholeOldTree = false;
    }
  }
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}: the subtree the old tree ends in, unless it is the whole
  // old tree, whose root the verifier already holds.
  if (!isWholeOldTree) out.push(rangeHash(src, lo, hi));
  return out.reverse().map((h) => h.slice());
}

// ---------------------------------------------------------------------------------------------
// Verification (RFC 9162, 2.1.3.2 and 2.1.4.2).

export type ProofFailureCode =
  | 'bad-hash-length'
  | 'bad-size'
  | 'index-out-of-range'
  | 'size-order'
  | 'empty-tree'
  | 'proof-not-empty'
  | 'proof-empty'
  | 'proof-too-long'
  | 'proof-too-short'
  | 'root-mismatch';

export interface ProofFailure {
  ok: false;
  code: ProofFailureCode;
  message: string;
}

export type ProofCheck = { ok: true } | ProofFailure;

/** A tree size or leaf index: a non-negative safe integer, or a BigInt up to 2^64 - 1. */
export type TreeCount = number | bigint;

function fail(code: ProofFailureCode, message: string): ProofFailure {
  return { ok: false, code, message };
}

function toU64(what: string, v: TreeCount): bigint | string {
  if (typeof v === 'bigint') {
    return v >= 0n && v <= MAX_UINT64 ? v : `${what} ${v} is not in 0..2^64-1`;
  }
  return Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : `${what} ${v} is not a non-negative integer`;
}

function badHash(what: string, h: unknown): string | undefined {
  if (!(h instanceof Uint8Array)) return `${what} is not a byte array`;
  if (h.length !== HASH_SIZE) return `${what} is ${h.length} bytes, not ${HASH_SIZE}`;
  return undefined;
}

function badProofHash(proof: readonly Uint8Array[]): string | undefined {
  if (!Array.isArray(proof)) return 'proof is not an array of hashes';
  for (let i = 0; i < proof.length; i++) {
    const bad = badHash(`proof[${i}]`, proof[i]);
    if (bad) return bad;
  }
  return undefined;
}

const isOdd = (x: bigint): boolean => (x & 1n) === 1n;

/**
 * Recomputes the root an inclusion proof leads to (RFC 9162 2.1.3.2 steps 1-5, minus the final
 * comparison), so a caller holding a checkpoint can compare or report the computed root.
 */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: TreeCount,
  size: TreeCount,
  proof: readonly Uint8Array[],
): { ok: true; root: Uint8Array } | ProofFailure {
  const bad = badHash('leaf hash', leafHash) ?? badProofHash(proof);
  if (bad) return fail('bad-hash-length', bad);
  const m = toU64('leaf index', index);
  if (typeof m === 'string') return fail('bad-size', m);
  const n = toU64('tree size', size);
  if (typeof n === 'string') return fail('bad-size', n);
  if (m >= n) return fail('index-out-of-range', `leaf index ${m} is not in a tree of ${n} leaves`);

  let fn = m;
  let sn = n - 1n;
  let r = leafHash;
  for (let i = 0; i < proof.length; i++) {
    const p = proof[i] as Uint8Array;
    if (sn === 0n) {
      return fail('proof-too-long', `the proof has ${proof.length} hashes but a leaf at ${m} of ${n} needs ${i}`);
    }
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!isOdd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) {
    return fail('proof-too-short', `the proof has ${proof.length} hashes, too few for a leaf at ${m} of ${n}`);
  }
  return { ok: true, root: r };
}

export interface InclusionClaim {
  leafHash: Uint8Array;
  index: TreeCount;
  size: TreeCount;
  proof: readonly Uint8Array[];
  root: Uint8Array;
}

export function verifyInclusion(c: InclusionClaim): ProofCheck {
  const badRoot = badHash('root hash', c.root);
  if (badRoot) return fail('bad-hash-length', badRoot);
  const got = rootFromInclusionProof(c.leafHash, c.index, c.size, c.proof);
  if (!got.ok) return got;
  if (!hashesEqual(got.root, c.root)) {
    return fail('root-mismatch', `the proof leads to a different root for leaf ${c.index} of ${c.size}`);
  }
  return { ok: true };
}

export interface ConsistencyClaim {
  size1: TreeCount;
  size2: TreeCount;
  root1: Uint8Array;
  root2: Uint8Array;
  proof: readonly Uint8Array[];
}

export function verifyConsistency(c: ConsistencyClaim): ProofCheck {
  const bad = badHash('first root', c.root1) ?? badHash('second root', c.root2) ?? badProofHash(c.proof);
  if (bad) return fail('bad-hash-length', bad);
  const first = toU64('first tree size', c.size1);
  if (typeof first === 'string') return fail('bad-size', first);
  const second = toU64('second tree size', c.size2);
  if (typeof second === 'string') return fail('bad-size', second);
  if (first > second) return fail('size-order', `the first tree (${first}) is larger than the second (${second})`);

  if (first === second) {
    // Not covered by the RFC's algorithm (its step 1 would fail an empty path): the same tree needs
    // no proof, and anything offered as one is an error rather than ignored.
    if (c.proof.length > 0) return fail('proof-not-empty', `equal tree sizes (${first}) take an empty proof, not ${c.proof.length} hashes`);
    if (first === 0n && !(hashesEqual(c.root1, EMPTY_ROOT) && hashesEqual(c.root2, EMPTY_ROOT))) {
      return fail('root-mismatch', 'the root of the empty tree is SHA-256 of the empty string');
    }
    return hashesEqual(c.root1, c.root2)
      ? { ok: true }
      : fail('root-mismatch', `two different roots for the same tree size ${first}`);
  }
  if (first === 0n) {
    return fail('empty-tree', 'a consistency proof from the empty tree proves nothing and is not defined (RFC 9162 2.1.4.1: 0 < m < n)');
  }
  // 1. An empty path cannot prove anything between different sizes.
  if (c.proof.length === 0) return fail('proof-empty', `sizes ${first} and ${second} need a non-empty proof`);

  // 2. A perfect old tree is itself a node of the new one; the proof leaves its root out.
  const path: readonly Uint8Array[] = isPowerOfTwoBig(first) ? [c.root1, ...c.proof] : c.proof;
  // 3-4.
  let fn = first - 1n;
  let sn = second - 1n;
  while (isOdd(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5.
  let fr = path[0] as Uint8Array;
  let sr = fr;
  // 6.
  for (let i = 1; i < path.length; i++) {
    const h = path[i] as Uint8Array;
    if (sn === 0n) {
      return fail('proof-too-long', `the proof has hashes left over after reaching the root of the tree of ${second}`);
    }
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(h, fr);
      sr = hashChildren(h, sr);
      while (!isOdd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = hashChildren(sr, h);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // 7. The final sn check is what makes a truncated proof fail instead of "verify" a subtree.
  if (sn !== 0n) return fail('proof-too-short', `the proof is too short for sizes ${first} and ${second}`);
  if (!hashesEqual(fr, c.root1)) return fail('root-mismatch', `the proof does not lead to the first root (size ${first})`);
  if (!hashesEqual(sr, c.root2)) return fail('root-mismatch', `the proof does not lead to the second root (size ${second})`);
  return { ok: true };
}

function isPowerOfTwoBig(x: bigint): boolean {
  return x > 0n && (x & (x - 1n)) === 0n;
}

// ---------------------------------------------------------------------------------------------
// Trees.

/**
 * Fixed-width hashes packed in chunks, so a log of millions of entries is a few hundred typed
 * arrays rather than millions of small objects.
 */
class HashColumn {
  private static readonly PER_CHUNK = 4096;
  private readonly chunks: Uint8Array[] = [];
  length = 0;

  push(h: Uint8Array): void {
    const chunk = Math.floor(this.length / HashColumn.PER_CHUNK);
    if (chunk === this.chunks.length) this.chunks.push(new Uint8Array(HashColumn.PER_CHUNK * HASH_SIZE));
    (this.chunks[chunk] as Uint8Array).set(h, (this.length % HashColumn.PER_CHUNK) * HASH_SIZE);
    this.length++;
  }

  /** A view into the column; callers that hand hashes out copy them. */
  get(i: number): Uint8Array {
    const chunk = this.chunks[Math.floor(i / HashColumn.PER_CHUNK)] as Uint8Array;
    const off = (i % HashColumn.PER_CHUNK) * HASH_SIZE;
    return chunk.subarray(off, off + HASH_SIZE);
  }

  truncate(n: number): void {
    this.length = n;
    this.chunks.length = Math.ceil(n / HashColumn.PER_CHUNK);
  }
}

/**
 * An in-memory log that stores every complete subtree hash as leaves arrive: level 0 holds the leaf
 * hashes, level h the roots of the aligned blocks of 2^h leaves. Appending costs one leaf hash plus
 * on average one node hash; roots and proofs for any size up to the current one cost O(log n).
 * Memory is about 64 bytes per entry. This is the reference shape for the durable store, which
 * persists the same levels.
 */
export class MemoryTree implements TreeHashes {
  private readonly levels: HashColumn[] = [new HashColumn()];

  get size(): number {
    return (this.levels[0] as HashColumn).length;
  }

  /** Appends an entry, answering its index. */
  append(entry: Uint8Array): number {
    return this.appendLeafHash(hashLeaf(entry));
  }

  appendLeafHash(leafHash: Uint8Array): number {
    const bad = badHash('leaf hash', leafHash);
    if (bad) throw new RangeError(bad);
    const index = this.size;
    (this.levels[0] as HashColumn).push(leafHash);
    // Each completed pair closes a node one level up; a carry, as in binary counting.
    let level = 0;
    let i = index;
    while (i % 2 === 1) {
      const col = this.levels[level] as HashColumn;
      const parent = hashChildren(col.get(i - 1), col.get(i));
      if (this.levels.length === level + 1) this.levels.push(new HashColumn());
      (this.levels[level + 1] as HashColumn).push(parent);
      level++;
      i = (i - 1) / 2;
    }
    return index;
  }

  leafHash(index: number): Uint8Array {
    if (!(index >= 0 && index < this.size)) throw new RangeError(`no leaf ${index} in a log of ${this.size}`);
    return (this.levels[0] as HashColumn).get(index);
  }

  nodeHash(level: number, index: number): Uint8Array | undefined {
    const col = this.levels[level];
    return col !== undefined && index < col.length ? col.get(index) : undefined;
  }

  root(size: number = this.size): Uint8Array {
    return treeRoot(this, size);
  }

  inclusionProof(index: number, size: number = this.size): Uint8Array[] {
    return inclusionProof(this, index, size);
  }

  consistencyProof(size1: number, size2: number = this.size): Uint8Array[] {
    return consistencyProof(this, size1, size2);
  }

  /** Drops every entry from `size` on: how an append that failed to become durable is undone. */
  truncate(size: number): void {
    checkCount('size', size, this.size);
    let n = size;
    for (const col of this.levels) {
      col.truncate(n);
      n = Math.floor(n / 2);
    }
  }
}

/**
 * The roots of the perfect subtrees that make up a tree of `size` leaves, largest first (one per
 * set bit of the size): enough to compute the current root and to keep appending, without any
 * older leaf. A witness or an append-only writer that keeps no history needs only this.
 */
export class CompactRange {
  private readonly peaks: Uint8Array[];
  private count: number;

  constructor(size = 0, peaks: readonly Uint8Array[] = []) {
    checkCount('size', size, Number.MAX_SAFE_INTEGER);
    if (peaks.length !== bitCount(size)) {
      throw new RangeError(`a tree of ${size} leaves has ${bitCount(size)} perfect subtrees, not ${peaks.length}`);
    }
    for (const [i, p] of peaks.entries()) {
      const bad = badHash(`peak ${i}`, p);
      if (bad) throw new RangeError(bad);
    }
    this.count = size;
    this.peaks = peaks.map((p) => p.slice());
  }

  /** The peaks of the tree of the first `size` leaves of a source. */
  static of(src: TreeHashes, size: number = src.size): CompactRange {
    checkCount('size', size, src.size);
    const peaks: Uint8Array[] = [];
    let start = 0;
    let rest = size;
    while (rest > 0) {
      const block = largestPowerOfTwoAtMost(rest);
      peaks.push(subtreeHash(src, start, start + block));
      start += block;
      rest -= block;
    }
    return new CompactRange(size, peaks);
  }

  get size(): number {
    return this.count;
  }

  getPeaks(): Uint8Array[] {
    return this.peaks.map((p) => p.slice());
  }

  append(leafHash: Uint8Array): void {
    const bad = badHash('leaf hash', leafHash);
    if (bad) throw new RangeError(bad);
    let h: Uint8Array = leafHash.slice();
    let s = this.count;
    while (s % 2 === 1) {
      h = hashChildren(this.peaks.pop() as Uint8Array, h);
      s = (s - 1) / 2;
    }
    this.peaks.push(h);
    this.count++;
  }

  root(): Uint8Array {
    if (this.peaks.length === 0) return EMPTY_ROOT.slice();
    let r = this.peaks[this.peaks.length - 1] as Uint8Array;
    for (let i = this.peaks.length - 2; i >= 0; i--) r = hashChildren(this.peaks[i] as Uint8Array, r);
    return r.slice();
  }
}

function bitCount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
}

function largestPowerOfTwoAtMost(n: number): number {
  let k = 1;
  while (k * 2 <= n) k *= 2;
  return k;
}
