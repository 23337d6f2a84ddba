/**
 * Entries of the record: what a leaf of the Merkle log holds.
 *
 * An entry is a C2SP signed note whose text is a short header, followed by the payload bytes:
 *
 *   redline-entry/v1
 *   kind submission
 *   signer RUS
 *   time 2026-12-02T05:00:00.000Z
 *   content application/x-nmea 51234 9f86d081884c7d65...   (type, byte length, SHA-256 hex)
 *   party RUS
 *
 *   — RUS <base64 key ID || Ed25519 signature>
 *   <payload bytes>
 *
 * The signature covers the header and, through the digest, the payload; the leaf hash covers every
 * byte. The payload's length is in the header, so the note ends where the payload begins without
 * any extra framing, and a payload may be anything (NMEA, CSV, JSON, binary).
 *
 * Why a header of our own rather than signed JSON: JSON has many spellings of one value (spaces,
 * escapes, key order), and a record that must catch every flipped byte cannot have bytes that do not
 * matter. The header has exactly one spelling: it is parsed strictly and formatted back, and the two
 * must agree byte for byte.
 *
 * Kinds and who may sign them (checked by `checkEntry` against the keys registered so far):
 *   key          the log binds a party, its role and its verifier key; signed by the log key
 *   submission   a party's batch of observations, declaration or notification; signed by the
 *                submitter's key, and the `party` it claims must be that key's party
 *   finding      the engine's verdict (the Finding JSON); signed by the log key; may name the
 *                finding entry it supersedes when late or corrected data changed it
 *   attestation  a guarantor countersigns a finding entry, named by index and leaf hash
 */
import { createHash } from 'node:crypto';
import { hashLeaf } from './merkle.js';
import { isValidKeyName, keyLabel, NoteError, openNote, parseNote, signNote, type NoteSigner, type NoteVerifier } from './note.js';
import { noteVerifier, parseVerifierKey, type KeyPair, noteSigner } from './keys.js';

export const ENTRY_MAGIC = 'redline-entry/v1';

export type EntryKind = 'key' | 'submission' | 'finding' | 'attestation';
export const ENTRY_KINDS: readonly EntryKind[] = ['key', 'submission', 'finding', 'attestation'];

export type Role = 'party' | 'guarantor' | 'observer' | 'administrator';
export const ROLES: readonly Role[] = ['party', 'guarantor', 'observer', 'administrator'];

export interface EntryHeader {
  kind: EntryKind;
  /** Key name of the signer: a party id, or the log's key name. */
  signer: string;
  /** When the entry was made, `YYYY-MM-DDTHH:MM:SS.sssZ`. */
  time: string;
  contentType: string;
  contentLength: number;
  /** SHA-256 of the payload, 64 lowercase hex digits. */
  contentSha256: string;
  /** key: the party the key belongs to; submission: the party the submission claims to come from. */
  party?: string;
  /** key: the role of the party. */
  role?: Role;
  /** key: the verifier key, `<name>+<hex id>+<base64>`. */
  vkey?: string;
  /** finding: index of the finding entry this one replaces. */
  supersedes?: number;
  /** attestation: the finding entry countersigned. */
  attests?: { index: number; leafHash: string };
}

export interface Entry {
  header: EntryHeader;
  /** The signed note (header text and signature lines), as bytes. */
  note: Uint8Array;
  payload: Uint8Array;
  /** note || payload: the leaf. */
  bytes: Uint8Array;
}

export type EntryErrorCode =
  | 'bad-note'
  | 'bad-header'
  | 'bad-content'
  | 'unknown-signer'
  | 'bad-signature'
  | 'extra-signature'
  | 'wrong-signer'
  | 'party-mismatch'
  | 'role-not-allowed'
  | 'bad-reference';

export class EntryError extends Error {
  constructor(
    readonly code: EntryErrorCode,
    message: string,
    /** 1-based line of the entry's note, where the problem is on one. */
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'EntryError';
  }
}

const utf8 = new TextEncoder();

const TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DECIMAL = /^(0|[1-9]\d{0,15})$/;
const HEX64 = /^[0-9a-f]{64}$/;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/;

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** The header's one spelling. */
export function formatHeader(h: EntryHeader): string {
  const lines = [ENTRY_MAGIC, `kind ${h.kind}`, `signer ${h.signer}`, `time ${h.time}`, `content ${h.contentType} ${h.contentLength} ${h.contentSha256}`];
  if (h.party !== undefined) lines.push(`party ${h.party}`);
  if (h.role !== undefined) lines.push(`role ${h.role}`);
  if (h.vkey !== undefined) lines.push(`vkey ${h.vkey}`);
  if (h.supersedes !== undefined) lines.push(`supersedes ${h.supersedes}`);
  if (h.attests !== undefined) lines.push(`attests ${h.attests.index} ${h.attests.leafHash}`);
  return lines.join('\n') + '\n';
}

/** Which optional lines each kind must and may carry. */
const KIND_LINES: Record<EntryKind, { required: string[]; optional: string[] }> = {
  key: { required: ['party', 'role', 'vkey'], optional: [] },
  submission: { required: ['party'], optional: [] },
  finding: { required: [], optional: ['supersedes'] },
  attestation: { required: ['attests'], optional: [] },
};

/** Parses a header text strictly; it must format back to exactly the same text. */
export function parseHeader(text: string): EntryHeader {
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new EntryError('bad-header', 'the header must end in a newline');
  const bad = (line: number, msg: string): never => {
    throw new EntryError('bad-header', msg, line);
  };
  if (lines[0] !== ENTRY_MAGIC) bad(1, `the first line must be "${ENTRY_MAGIC}"`);
  const field = (i: number, name: string): string => {
    const l = lines[i];
    if (l === undefined || !l.startsWith(name + ' ')) return bad(i + 1, `expected the "${name}" line`);
    return l.slice(name.length + 1);
  };
  const kind = field(1, 'kind') as EntryKind;
  if (!ENTRY_KINDS.includes(kind)) bad(2, `unknown kind "${kind}" (expected ${ENTRY_KINDS.join(', ')})`);
  const signer = field(2, 'signer');
  if (!isValidKeyName(signer)) bad(3, `invalid signer key name ${JSON.stringify(signer)}`);
  const time = field(3, 'time');
  if (!TIME.test(time) || Number.isNaN(Date.parse(time)) || new Date(time).toISOString() !== time) bad(4, `time "${time}" is not YYYY-MM-DDTHH:MM:SS.sssZ`);
  const content = field(4, 'content').split(' ');
  if (content.length !== 3) bad(5, 'the content line is "content <type> <length> <sha256 hex>"');
  const [contentType, len, digest] = content as [string, string, string];
  if (!CONTENT_TYPE.test(contentType)) bad(5, `content type "${contentType}" is not a lowercase type/subtype`);
  if (!DECIMAL.test(len)) bad(5, `content length "${len}" is not a decimal number without leading zeros`);
  if (!HEX64.test(digest)) bad(5, 'the content digest is not 64 lowercase hex digits');
  const header: EntryHeader = { kind, signer, time, contentType, contentLength: Number(len), contentSha256: digest };

  const { required, optional } = KIND_LINES[kind];
  const order = ['party', 'role', 'vkey', 'supersedes', 'attests'];
  let next = 0;
  for (let i = 5; i < lines.length; i++) {
    const l = lines[i]!;
    const space = l.indexOf(' ');
    const name = space < 0 ? l : l.slice(0, space);
    const value = space < 0 ? '' : l.slice(space + 1);
    const pos = order.indexOf(name);
    if (pos < 0 || !(required.includes(name) || optional.includes(name))) bad(i + 1, `a ${kind} entry has no "${name}" line`);
    if (pos < next) bad(i + 1, `the "${name}" line is out of order or repeated`);
    next = pos + 1;
    switch (name) {
      case 'party':
        if (!isValidKeyName(value)) bad(i + 1, `invalid party id ${JSON.stringify(value)}`);
        header.party = value;
        break;
      case 'role':
        if (!ROLES.includes(value as Role)) bad(i + 1, `unknown role "${value}" (expected ${ROLES.join(', ')})`);
        header.role = value as Role;
        break;
      case 'vkey':
        try {
          parseVerifierKey(value);
        } catch (e) {
          bad(i + 1, `bad verifier key: ${(e as Error).message}`);
        }
        header.vkey = value;
        break;
      case 'supersedes':
        if (!DECIMAL.test(value)) bad(i + 1, `supersedes "${value}" is not an entry index`);
        header.supersedes = Number(value);
        break;
      case 'attests': {
        const [index, leafHash, ...rest] = value.split(' ');
        if (rest.length || index === undefined || !DECIMAL.test(index) || leafHash === undefined || !HEX64.test(leafHash)) {
          bad(i + 1, 'the attests line is "attests <entry index> <leaf hash, 64 lowercase hex>"');
        }
        header.attests = { index: Number(index), leafHash: leafHash! };
        break;
      }
    }
  }
  for (const r of required) if ((header as unknown as Record<string, unknown>)[r] === undefined) bad(lines.length + 1, `a ${kind} entry needs a "${r}" line`);
  if (formatHeader(header) !== text) bad(1, 'the header is not in its canonical form');
  return header;
}

export interface NewEntry {
  kind: EntryKind;
  time?: Date | string;
  contentType: string;
  payload: Uint8Array | string;
  party?: string;
  role?: Role;
  vkey?: string;
  supersedes?: number;
  attests?: { index: number; leafHash: Uint8Array | string };
}

/** Makes and signs an entry; the signer's key name becomes the `signer` line. */
export function createEntry(e: NewEntry, signer: KeyPair | NoteSigner): Entry {
  const payload = typeof e.payload === 'string' ? utf8.encode(e.payload) : e.payload;
  const time = e.time === undefined ? new Date().toISOString() : typeof e.time === 'string' ? e.time : e.time.toISOString();
  const header: EntryHeader = {
    kind: e.kind,
    signer: signer.name,
    time,
    contentType: e.contentType,
    contentLength: payload.length,
    contentSha256: sha256Hex(payload),
    ...(e.party !== undefined ? { party: e.party } : {}),
    ...(e.role !== undefined ? { role: e.role } : {}),
    ...(e.vkey !== undefined ? { vkey: e.vkey } : {}),
    ...(e.supersedes !== undefined ? { supersedes: e.supersedes } : {}),
    ...(e.attests !== undefined ? { attests: { index: e.attests.index, leafHash: typeof e.attests.leafHash === 'string' ? e.attests.leafHash : toHex(e.attests.leafHash) } } : {}),
  };
  const text = formatHeader(header);
  parseHeader(text); // refuses what a verifier would refuse, before anything is signed
  const ns: NoteSigner = 'privateKey' in signer ? noteSigner(signer) : signer;
  const note = utf8.encode(signNote(text, [ns]));
  const bytes = new Uint8Array(note.length + payload.length);
  bytes.set(note, 0);
  bytes.set(payload, note.length);
  return { header, note, payload, bytes };
}

/** Splits an entry's bytes into note and payload and parses the header; checks no signature. */
export function decodeEntry(bytes: Uint8Array): Entry {
  // The content line is in the first few hundred bytes; its length says where the note ends.
  // Latin-1 never fails on a byte, and the lines looked at here are ASCII; parseNote checks UTF-8.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  const m = /^redline-entry\/v1\nkind [^\n]*\nsigner [^\n]*\ntime [^\n]*\ncontent \S+ (0|[1-9]\d{0,15}) /.exec(head);
  if (!m) throw new EntryError('bad-header', `an entry starts with "${ENTRY_MAGIC}" and the kind, signer, time and content lines`, 1);
  const length = Number(m[1]);
  if (length > bytes.length) throw new EntryError('bad-content', `the header declares ${length} payload bytes but the entry holds ${bytes.length} bytes in all`, 5);
  const note = bytes.subarray(0, bytes.length - length);
  const payload = bytes.subarray(bytes.length - length);
  let text: string;
  try {
    text = parseNote(note).text;
  } catch (e) {
    if (e instanceof NoteError) throw new EntryError('bad-note', `the entry's signed note: ${e.message}`, e.line);
    throw e;
  }
  const header = parseHeader(text);
  if (sha256Hex(payload) !== header.contentSha256) throw new EntryError('bad-content', 'the payload does not match the content digest in the header', 5);
  return { header, note, payload, bytes };
}

/** A registered key: who holds it and as what. */
export interface KeyBinding {
  party: string;
  role: Role | 'log';
  verifier: NoteVerifier;
  /** The entry that registered it (undefined for the log's own key). */
  registeredAt?: number;
}

/**
 * The keys known at a point of the log: the log's own key (the trust anchor a verifier brings), and
 * every key registered by a `key` entry before that point.
 */
export class Keyring {
  private readonly byLabel = new Map<string, KeyBinding>();
  readonly log: NoteVerifier;

  constructor(logKey: string | NoteVerifier) {
    this.log = typeof logKey === 'string' ? noteVerifier(logKey) : logKey;
    this.byLabel.set(keyLabel(this.log.name, this.log.keyId), { party: this.log.name, role: 'log', verifier: this.log });
  }

  get(name: string, keyId: number): KeyBinding | undefined {
    return this.byLabel.get(keyLabel(name, keyId));
  }

  bindings(): KeyBinding[] {
    return [...this.byLabel.values()];
  }

  /** Forgets keys registered after the first `count` (undoing a batch that did not commit). */
  truncate(count: number): void {
    const labels = [...this.byLabel.keys()];
    for (const label of labels.slice(count)) this.byLabel.delete(label);
  }

  /** Adds the key a `key` entry registers. */
  register(header: EntryHeader, index: number): void {
    const vk = parseVerifierKey(header.vkey!);
    const label = keyLabel(vk.name, vk.keyId);
    if (this.byLabel.has(label)) throw new EntryError('bad-reference', `key ${label} is already registered`, 6);
    if (vk.name !== header.party) throw new EntryError('party-mismatch', `the key's name "${vk.name}" is not the party "${header.party}" it is registered for`, 7);
    this.byLabel.set(label, { party: header.party!, role: header.role!, verifier: noteVerifier(vk), registeredAt: index });
  }
}

/** What `checkEntry` needs of the entries before this one. */
export interface EntryContext {
  index: number;
  keyring: Keyring;
  /** Kind and leaf hash (hex) of an earlier entry. */
  earlier(index: number): { kind: EntryKind; leafHash: string } | undefined;
}

/**
 * Checks an entry for its place in the log: the note's only signature is by a known key that may
 * sign this kind, and what it claims (party, superseded finding, attested finding) holds. Key
 * entries are registered into the keyring.
 */
export function checkEntry(bytes: Uint8Array, ctx: EntryContext): Entry {
  const entry = decodeEntry(bytes);
  const h = entry.header;
  const sigs = parseNote(entry.note).signatures;
  const textLines = formatHeader(h).split('\n').length;
  if (sigs.length !== 1) throw new EntryError('extra-signature', `an entry carries exactly one signature, its signer's; this one has ${sigs.length}`, textLines + 2);
  const sig = sigs[0]!;
  if (sig.name !== h.signer) throw new EntryError('wrong-signer', `the header names signer "${h.signer}" but the note is signed by "${sig.name}"`, 3);
  const binding = ctx.keyring.get(sig.name, sig.keyId);
  if (!binding) throw new EntryError('unknown-signer', `${keyLabel(sig.name, sig.keyId)} is not a key registered before entry ${ctx.index}`, textLines + 1);
  try {
    openNote(entry.note, [binding.verifier]);
  } catch (e) {
    if (e instanceof NoteError) throw new EntryError('bad-signature', `the signature of ${keyLabel(sig.name, sig.keyId)} does not verify`, e.line);
    throw e;
  }
  const needLog = (what: string) => {
    if (binding.role !== 'log') throw new EntryError('role-not-allowed', `${what} entries are signed by the log key, not by ${binding.role} ${binding.party}`, 3);
  };
  const reference = (index: number, kind: EntryKind, line: number) => {
    if (index >= ctx.index) throw new EntryError('bad-reference', `entry ${ctx.index} refers to entry ${index}, which is not before it`, line);
    const e = ctx.earlier(index);
    if (!e || e.kind !== kind) throw new EntryError('bad-reference', `entry ${index} is not a ${kind} entry`, line);
    return e;
  };
  switch (h.kind) {
    case 'key':
      needLog('key');
      ctx.keyring.register(h, ctx.index);
      break;
    case 'submission':
      if (binding.role !== 'party' && binding.role !== 'guarantor') {
        throw new EntryError('role-not-allowed', `a ${binding.role} cannot submit observations`, 3);
      }
      if (h.party !== binding.party) {
        throw new EntryError('party-mismatch', `the submission claims to come from ${h.party}, but it is signed with a key of ${binding.party}`, 6);
      }
      break;
    case 'finding':
      needLog('finding');
      if (h.supersedes !== undefined) reference(h.supersedes, 'finding', 6);
      break;
    case 'attestation': {
      if (binding.role !== 'guarantor') throw new EntryError('role-not-allowed', `only a guarantor attests findings; ${binding.party} is a ${binding.role}`, 3);
      const e = reference(h.attests!.index, 'finding', 6);
      if (e.leafHash !== h.attests!.leafHash) throw new EntryError('bad-reference', `the attested leaf hash is not that of entry ${h.attests!.index}`, 6);
      break;
    }
  }
  return entry;
}

export function leafHashHex(bytes: Uint8Array): string {
  return toHex(hashLeaf(bytes));
}
