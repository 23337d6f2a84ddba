/**
 * The exported log: every entry and the latest signed checkpoint in one file that anyone can check
 * offline with nothing but the log's verifier key.
 *
 *   redline-log/v1
 *   origin <origin>
 *   size <n>
 *   entry 0 <byte length>
 *   <entry bytes>
 *   entry 1 <byte length>
 *   ...
 *   checkpoint <byte length>
 *   <signed checkpoint note>
 *
 * Every framing number is decimal without leading zeros and every line ends in one "\n", so the file
 * has one spelling: `verifyLogFile` parses it strictly and any byte that does not count is a format
 * error. Bytes that do count are caught by what they feed: entry bytes by the Merkle root the
 * checkpoint signs (and their own signatures), the checkpoint by the log's signature. Signatures by
 * keys the verifier does not know are errors here, not ignored (as a plain note reader would): an
 * exported log is evidence, and a signature line nobody can check is a byte nobody checked.
 */
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import { checkEntry, EntryError, Keyring, leafHashHex, type EntryKind } from './entry.js';
import { hashesEqual, MemoryTree, verifyConsistency } from './merkle.js';
import { keyLabel, NoteError, parseNote, type NoteVerifier } from './note.js';

export const LOG_MAGIC = 'redline-log/v1';

const utf8 = new TextEncoder();

export interface LogFileContents {
  origin: string;
  entries: Uint8Array[];
  /** The signed checkpoint note. */
  checkpoint: string;
}

export function formatLogFile(log: LogFileContents): Uint8Array {
  const parts: Uint8Array[] = [utf8.encode(`${LOG_MAGIC}\norigin ${log.origin}\nsize ${log.entries.length}\n`)];
  log.entries.forEach((e, i) => {
    parts.push(utf8.encode(`entry ${i} ${e.length}\n`), e, utf8.encode('\n'));
  });
  const cp = utf8.encode(log.checkpoint);
  parts.push(utf8.encode(`checkpoint ${cp.length}\n`), cp);
  return Buffer.concat(parts);
}

/** One thing wrong, and where: a byte offset in the file, and an entry or the checkpoint. */
export interface LogProblem {
  code: string;
  /** `file`, `entry 12`, `checkpoint`, `from-checkpoint`. */
  where: string;
  /** Byte offset in the file where the part at fault starts. */
  offset: number;
  /** Line of the entry's note or of the checkpoint, when the problem is on one. */
  line?: number;
  message: string;
}

export interface LogVerification {
  ok: boolean;
  problems: LogProblem[];
  origin?: string;
  size?: number;
  /** The root recomputed from the entries (hex). */
  root?: string;
  /** Entries by kind, among those that checked out. */
  kinds: Record<EntryKind, number>;
  /** Cosignatures on the checkpoint that verified, by key label. */
  cosignedBy: string[];
}

export interface VerifyLogOptions {
  /** The log's verifier key: the one thing a verifier must bring. */
  logKey: string | NoteVerifier;
  /** An earlier checkpoint this verifier trusts (e.g. one it saw published): the log must extend it. */
  from?: string;
}

class Cursor {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  /** Reads one "\n"-terminated ASCII line, or undefined at the end. */
  line(): string | undefined {
    const nl = this.bytes.indexOf(10, this.pos);
    if (nl < 0) return undefined;
    const s = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.pos, nl - this.pos).toString('latin1');
    this.pos = nl + 1;
    return s;
  }

  take(n: number): Uint8Array | undefined {
    if (this.pos + n > this.bytes.length) return undefined;
    const b = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
}

const DECIMAL = /^(0|[1-9]\d{0,15})$/;

/** Re-derives every hash and signature of an exported log and says what is wrong where. */
export function verifyLogFile(bytes: Uint8Array, options: VerifyLogOptions): LogVerification {
  const problems: LogProblem[] = [];
  const kinds: Record<EntryKind, number> = { key: 0, submission: 0, finding: 0, attestation: 0 };
  const result = (extra: Partial<LogVerification> = {}): LogVerification => ({ ok: problems.length === 0, problems, kinds, cosignedBy: [], ...extra });
  const c = new Cursor(bytes);
  const formatError = (offset: number, message: string) => {
    problems.push({ code: 'bad-format', where: 'file', offset, message });
    return result();
  };

  let at = c.pos;
  if (c.line() !== LOG_MAGIC) return formatError(at, `the file does not start with the line "${LOG_MAGIC}"`);
  at = c.pos;
  const originLine = c.line();
  if (originLine === undefined || !originLine.startsWith('origin ') || originLine.length === 7) return formatError(at, 'the second line is "origin <log origin>"');
  const origin = originLine.slice(7);
  at = c.pos;
  const sizeLine = c.line();
  const sizeText = sizeLine?.startsWith('size ') ? sizeLine.slice(5) : undefined;
  if (sizeText === undefined || !DECIMAL.test(sizeText)) return formatError(at, 'the third line is "size <number of entries>"');
  const size = Number(sizeText);

  let keyring: Keyring;
  try {
    keyring = new Keyring(options.logKey);
  } catch (e) {
    problems.push({ code: 'bad-log-key', where: 'file', offset: 0, message: `the log key given: ${(e as Error).message}` });
    return result();
  }

  const tree = new MemoryTree();
  const meta: { kind: EntryKind; leafHash: string }[] = [];
  for (let i = 0; i < size; i++) {
    at = c.pos;
    const head = c.line();
    const m = head === undefined ? null : /^entry (0|[1-9]\d{0,15}) (0|[1-9]\d{0,15})$/.exec(head);
    if (!m || Number(m[1]) !== i) return formatError(at, `expected the line "entry ${i} <byte length>"`);
    const body = c.take(Number(m[2]));
    const start = at;
    if (!body || c.take(1)?.[0] !== 10) return formatError(start, `entry ${i} is shorter than its declared ${m[2]} bytes, or not followed by a newline`);
    tree.append(body);
    const leafHash = leafHashHex(body);
    try {
      const entry = checkEntry(body, { index: i, keyring, earlier: (k) => meta[k] });
      meta.push({ kind: entry.header.kind, leafHash });
      kinds[entry.header.kind]++;
    } catch (e) {
      // The entry stays in the tree (its bytes are what the checkpoint signs) but counts as no kind.
      meta.push({ kind: 'invalid' as EntryKind, leafHash });
      if (e instanceof EntryError) problems.push({ code: e.code, where: `entry ${i}`, offset: start, ...(e.line !== undefined ? { line: e.line } : {}), message: withoutLine(e) });
      else throw e;
    }
  }

  at = c.pos;
  const cpHead = c.line();
  const cm = cpHead === undefined ? null : /^checkpoint (0|[1-9]\d{0,15})$/.exec(cpHead);
  if (!cm) return formatError(at, 'expected the line "checkpoint <byte length>" after the last entry');
  const cpBytes = c.take(Number(cm[1]));
  if (!cpBytes) return formatError(at, `the checkpoint is shorter than its declared ${cm[1]} bytes`);
  if (c.pos !== bytes.length) return formatError(c.pos, `${bytes.length - c.pos} bytes follow the checkpoint`);

  const root = tree.root();
  const rootHex = Buffer.from(root).toString('hex');
  const cosignedBy: string[] = [];
  const checkpointAt = at;
  const cp = openStrictCheckpoint(cpBytes, origin, keyring, 'checkpoint', checkpointAt, problems, cosignedBy);
  if (cp) {
    if (cp.size !== BigInt(size)) problems.push({ code: 'size-mismatch', where: 'checkpoint', offset: checkpointAt, message: `the checkpoint signs a log of ${cp.size} entries; the file holds ${size}` });
    else if (!hashesEqual(cp.rootHash, root)) problems.push({ code: 'root-mismatch', where: 'checkpoint', offset: checkpointAt, message: `the root recomputed from the entries (${rootHex}) is not the root the checkpoint signs: an entry was changed` });
  }

  if (options.from !== undefined) {
    const older = openStrictCheckpoint(utf8.encode(options.from), origin, keyring, 'from-checkpoint', 0, problems, []);
    if (older) {
      if (older.size > BigInt(size)) {
        problems.push({ code: 'shrunk', where: 'from-checkpoint', offset: 0, message: `the earlier checkpoint has ${older.size} entries, the log only ${size}: the log was truncated` });
      } else {
        const n = Number(older.size);
        const proof = n === 0 ? [] : tree.consistencyProof(n, size);
        const check = n === 0 ? { ok: true as const } : verifyConsistency({ size1: n, size2: size, root1: older.rootHash, root2: root, proof });
        if (!check.ok) problems.push({ code: 'inconsistent', where: 'from-checkpoint', offset: 0, message: `the log does not extend the earlier checkpoint of ${n} entries (${check.message}): its history was rewritten` });
      }
    }
  }
  return result({ origin, size, root: rootHex, cosignedBy });
}

/**
 * Opens a checkpoint requiring the log's signature, and checks every other signature against the
 * guarantor keys registered in the log; an unknown or failing signature is a problem.
 */
function openStrictCheckpoint(bytes: Uint8Array, origin: string, keyring: Keyring, where: string, offset: number, problems: LogProblem[], cosignedBy: string[]): Checkpoint | undefined {
  const guarantors = keyring.bindings().filter((b) => b.role === 'guarantor').map((b) => b.verifier);
  try {
    const note = parseNote(bytes);
    const textLines = note.text.split('\n').length;
    note.signatures.forEach((s, i) => {
      const binding = keyring.get(s.name, s.keyId);
      if (!binding || (binding.role !== 'log' && binding.role !== 'guarantor')) {
        throw new NoteError('unknown-key', `${keyLabel(s.name, s.keyId)} is neither the log's key nor a guarantor key registered in the log`, textLines + 1 + i);
      }
    });
    const opened = openCheckpoint(bytes, { log: keyring.log, witnesses: guarantors, origin });
    for (const s of opened.cosignatures) cosignedBy.push(keyLabel(s.name, s.keyId));
    return opened.checkpoint;
  } catch (e) {
    const err = e as Error & { code?: string; line?: number };
    problems.push({ code: err.code ?? 'bad-checkpoint', where, offset, ...(err.line !== undefined ? { line: err.line } : {}), message: withoutLine(err) });
    return undefined;
  }
}

/** The message without the "line N: " its error class puts first: the problem carries the line. */
function withoutLine(e: Error & { line?: number }): string {
  return e.line !== undefined && e.message.startsWith(`line ${e.line}: `) ? e.message.slice(`line ${e.line}: `.length) : e.message;
}
