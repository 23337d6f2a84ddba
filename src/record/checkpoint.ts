/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the signed tree head of the record, as
 * the text of a signed note.
 *
 *     <origin>\n
 *     <tree size, decimal, no leading zeros>\n
 *     <root hash, base64>\n
 *     [<extension line>\n ...]
 *
 * The log signs it; witnesses (guarantors) add cosignature lines to the same note. A checkpoint is
 * only trusted once the log's own signature verifies: cosignatures alone never make one.
 */
import { HASH_SIZE } from './merkle.js';
import {
  DEFAULT_NOTE_LIMITS,
  decodeBase64Strict,
  encodeBase64,
  findControlChar,
  keyLabel,
  openNote,
  signNote,
  type NoteLimits,
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
} from './note.js';

export interface Checkpoint {
  /** Unique identity of the log, e.g. `redline.example/record`. */
  origin: string;
  /** Number of leaves; BigInt because the format allows any uint64. */
  size: bigint;
  rootHash: Uint8Array;
  /** Opaque, non-empty lines after the root; the spec discourages them (monitors cannot audit them). */
  extensions: string[];
}

/** What `formatCheckpoint` takes: a size may be a plain number. */
export type CheckpointInput = Omit<Checkpoint, 'size' | 'extensions'> & { size: number | bigint; extensions?: string[] };

export type CheckpointErrorCode =
  | 'missing-final-newline'
  | 'too-few-lines'
  | 'bad-origin'
  | 'bad-size'
  | 'bad-root-hash'
  | 'bad-extension'
  | 'wrong-origin'
  | 'missing-log-signature';

export class CheckpointError extends Error {
  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
    /** 1-based line of the checkpoint text. */
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'CheckpointError';
  }
}

const MAX_UINT64 = 2n ** 64n - 1n;
const hasControlChar = (line: string): boolean => findControlChar(line, false) !== -1;

export function formatCheckpoint(cp: CheckpointInput): string {
  if (cp.origin.length === 0 || hasControlChar(cp.origin)) {
    throw new CheckpointError('bad-origin', 'the origin must be a non-empty line without control characters');
  }
  const size = typeof cp.size === 'bigint' ? cp.size : Number.isSafeInteger(cp.size) ? BigInt(cp.size) : -1n;
  if (size < 0n || size > MAX_UINT64) throw new CheckpointError('bad-size', `tree size ${cp.size} is not an integer in 0..2^64-1`);
  if (cp.rootHash.length !== HASH_SIZE) throw new CheckpointError('bad-root-hash', `the root hash is ${cp.rootHash.length} bytes, not ${HASH_SIZE}`);
  const ext = cp.extensions ?? [];
  for (const e of ext) {
    if (e.length === 0 || hasControlChar(e)) throw new CheckpointError('bad-extension', 'extension lines must be non-empty, without control characters');
  }
  return [cp.origin, size.toString(10), encodeBase64(cp.rootHash), ...ext].map((l) => `${l}\n`).join('');
}

/** Parses a checkpoint body (the note text, not the signed note). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointError('missing-final-newline', 'the checkpoint text must end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CheckpointError('too-few-lines', `a checkpoint has at least 3 lines (origin, size, root), not ${lines.length}`);
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw new CheckpointError('bad-origin', 'the origin line is empty', 1);
  if (hasControlChar(origin)) throw new CheckpointError('bad-origin', 'the origin line holds a control character', 1);
  // No sign, no leading zero, no space: one spelling per size, so a signed size cannot be re-read.
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine)) throw new CheckpointError('bad-size', `tree size ${JSON.stringify(sizeLine)} is not a decimal without leading zeros`, 2);
  const size = BigInt(sizeLine);
  if (size > MAX_UINT64) throw new CheckpointError('bad-size', `tree size ${sizeLine} is over 2^64-1`, 2);
  const rootHash = decodeBase64Strict(rootLine);
  if (rootHash === undefined) throw new CheckpointError('bad-root-hash', 'the root hash is not canonical standard base64', 3);
  if (rootHash.length !== HASH_SIZE) throw new CheckpointError('bad-root-hash', `the root hash is ${rootHash.length} bytes, not ${HASH_SIZE}`, 3);
  extensions.forEach((e, i) => {
    if (e.length === 0) throw new CheckpointError('bad-extension', 'extension lines must be non-empty', 4 + i);
    if (hasControlChar(e)) throw new CheckpointError('bad-extension', 'an extension line holds a control character', 4 + i);
  });
  return { origin, size, rootHash: rootHash.slice(), extensions };
}

/** Formats and signs: the log's signer first, then any cosigners already at hand. */
export function signCheckpoint(cp: CheckpointInput, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(cp), signers);
}

export interface OpenCheckpointOptions {
  /** The log's key: its signature is required. */
  log: NoteVerifier;
  /** Known witness keys: their signatures are checked and reported, never required here. */
  witnesses?: readonly NoteVerifier[];
  /** The origin the caller expects; defaults to the log key's name, as the spec recommends they match. */
  origin?: string;
  limits?: NoteLimits;
}

export interface OpenedCheckpoint {
  checkpoint: Checkpoint;
  logSignature: NoteSignature;
  /** Verified witness cosignatures. */
  cosignatures: NoteSignature[];
  /** Signatures by keys not given; ignored. */
  unverified: NoteSignature[];
}

/**
 * Verifies a signed checkpoint: a valid note, a valid signature by the log's key, a well-formed body
 * with the expected origin. Any known witness signature that fails refuses the whole note.
 */
export function openCheckpoint(input: string | Uint8Array, opts: OpenCheckpointOptions): OpenedCheckpoint {
  const opened = openNote(input, [opts.log, ...(opts.witnesses ?? [])], opts.limits ?? DEFAULT_NOTE_LIMITS);
  const isLog = (s: NoteSignature): boolean => s.name === opts.log.name && s.keyId === opts.log.keyId;
  const logSignature = opened.verified.find(isLog);
  if (logSignature === undefined) {
    throw new CheckpointError('missing-log-signature', `the checkpoint is not signed by the log key ${keyLabel(opts.log.name, opts.log.keyId)}`);
  }
  const checkpoint = parseCheckpoint(opened.text);
  const origin = opts.origin ?? opts.log.name;
  if (checkpoint.origin !== origin) {
    throw new CheckpointError('wrong-origin', `the checkpoint is for ${JSON.stringify(checkpoint.origin)}, not ${JSON.stringify(origin)}`, 1);
  }
  return { checkpoint, logSignature, cosignatures: opened.verified.filter((s) => !isLog(s)), unverified: opened.unverified };
}
