/**
 * C2SP signed notes (https://c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line,
 * then one line per signature, `— <key name> <base64(key ID (4 bytes, big-endian) || signature)>`.
 *
 * The format is what checkpoints travel in, and what witnesses add their cosignatures to: a
 * cosignature is one more signature line over the same text. This module knows nothing of any
 * particular algorithm; `keys.ts` supplies Ed25519 signers and verifiers.
 *
 * Parsing is strict and every refusal is a `NoteError` with a `code` and, where it applies, the
 * 1-based line of the note, so a verifier can say what is wrong where.
 */

export const SIGNATURE_PREFIX = '\u2014 ';

export interface NoteSignature {
  /** Key name, e.g. `redline.example/log`. */
  name: string;
  /** The 32-bit key ID that opens the signature bytes. */
  keyId: number;
  /** The signature proper, after the key ID. */
  signature: Uint8Array;
}

export interface Note {
  /** The signed text, final newline included. */
  text: string;
  signatures: NoteSignature[];
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(message: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteLimits {
  /** Whole note, in UTF-8 bytes. */
  maxBytes: number;
  /** The spec asks verifiers to accept at least 16; Go's sumdb/note stops at 100. */
  maxSignatures: number;
  /** Any single line, in UTF-8 bytes (room for a post-quantum signature, about 6.5 kB in base64). */
  maxLineBytes: number;
}

export const DEFAULT_NOTE_LIMITS: Readonly<NoteLimits> = { maxBytes: 1024 * 1024, maxSignatures: 100, maxLineBytes: 16 * 1024 };

export type NoteErrorCode =
  | 'not-utf8'
  | 'control-character'
  | 'too-large'
  | 'line-too-long'
  | 'missing-blank-line'
  | 'no-signatures'
  | 'missing-final-newline'
  | 'bad-signature-line'
  | 'bad-key-name'
  | 'bad-base64'
  | 'signature-too-short'
  | 'too-many-signatures'
  | 'duplicate-signature'
  | 'ambiguous-key'
  | 'invalid-signature'
  | 'unknown-key'
  | 'bad-text';

export class NoteError extends Error {
  constructor(
    readonly code: NoteErrorCode,
    message: string,
    /** 1-based line of the note the problem is on, when it is on one. */
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'NoteError';
  }
}

/** Non-empty, no Unicode space, no `+` (which separates the parts of a verifier key). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s\u0085+]/u.test(name) && !hasLoneSurrogate(name) && findControlChar(name, false) === -1;
}

export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** `name+keyid`, how Go's tooling and our messages name a key. */
export function keyLabel(name: string, keyId: number): string {
  return `${name}+${formatKeyId(keyId)}`;
}

// ---------------------------------------------------------------------------------------------
// Encoding helpers.

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Index of the first ASCII control character (below U+0020), newline excepted when allowed; -1 if
 * none. The signed-note spec forbids them all but newline, which keeps a note one unambiguous text.
 */
export function findControlChar(s: string, allowNewline: boolean): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && !(allowNewline && c === 0x0a)) return i;
  }
  return -1;
}

function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Standard base64 (RFC 4648 section 4) with padding, in its one canonical spelling: Node's decoder
 * skips characters it does not know and ignores stray bits, so two different strings could
 * otherwise carry the same signature, and a mangled one could pass.
 */
export function decodeBase64Strict(s: string): Uint8Array | undefined {
  if (!BASE64.test(s)) return undefined;
  const bytes = Buffer.from(s, 'base64');
  if (bytes.toString('base64') !== s) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function lineOf(s: string, offset: number): number {
  let line = 1;
  for (let i = s.indexOf('\n'); i !== -1 && i < offset; i = s.indexOf('\n', i + 1)) line++;
  return line;
}

/** Checks and decodes the whole note's characters; answers the text as a string. */
function decodeNote(input: string | Uint8Array, limits: NoteLimits): string {
  let s: string;
  if (typeof input === 'string') {
    if (hasLoneSurrogate(input)) throw new NoteError('not-utf8', 'the note is not valid UTF-8 (lone surrogate)');
    s = input;
    const bytes = Buffer.byteLength(s, 'utf8');
    if (bytes > limits.maxBytes) throw new NoteError('too-large', `the note is ${bytes} bytes, over the limit of ${limits.maxBytes}`);
  } else {
    if (input.length > limits.maxBytes) throw new NoteError('too-large', `the note is ${input.length} bytes, over the limit of ${limits.maxBytes}`);
    try {
      s = strictUtf8.decode(input);
    } catch {
      throw new NoteError('not-utf8', 'the note is not valid UTF-8');
    }
  }
  const control = findControlChar(s, true);
  if (control !== -1) {
    const code = s.charCodeAt(control).toString(16).padStart(2, '0');
    throw new NoteError('control-character', `control character 0x${code} (only newline is allowed)`, lineOf(s, control));
  }
  let start = 0;
  let line = 1;
  while (start <= s.length) {
    const nl = s.indexOf('\n', start);
    const end = nl === -1 ? s.length : nl;
    // Bytes, not UTF-16 units; only compute them when the units alone cannot settle it.
    if (end - start > limits.maxLineBytes / 3 && Buffer.byteLength(s.slice(start, end), 'utf8') > limits.maxLineBytes) {
      throw new NoteError('line-too-long', `the line is over the limit of ${limits.maxLineBytes} bytes`, line);
    }
    if (nl === -1) break;
    start = nl + 1;
    line++;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Parsing and formatting.

/** Parses a note's syntax; checks no signature. */
export function parseNote(input: string | Uint8Array, limits: NoteLimits = DEFAULT_NOTE_LIMITS): Note {
  const s = decodeNote(input, limits);
  // The last blank line separates the text from the signatures: the text itself may hold blank lines.
  const split = s.lastIndexOf('\n\n');
  if (split === -1) throw new NoteError('missing-blank-line', 'no blank line separates the text from the signatures');
  const text = s.slice(0, split + 1);
  const block = s.slice(split + 2);
  const firstSigLine = lineOf(s, split) + 2;
  if (block.length === 0) throw new NoteError('no-signatures', 'the note has no signature lines', firstSigLine);
  if (!block.endsWith('\n')) {
    throw new NoteError('missing-final-newline', 'the last signature line does not end in a newline', lineOf(s, s.length));
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > limits.maxSignatures) {
    throw new NoteError('too-many-signatures', `${lines.length} signatures, over the limit of ${limits.maxSignatures}`, firstSigLine);
  }
  const signatures = lines.map((l, i) => parseSignatureLine(l, firstSigLine + i));
  return { text, signatures };
}

function parseSignatureLine(line: string, lineNo: number): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX)) {
    throw new NoteError('bad-signature-line', 'a signature line starts with an em dash (U+2014) and a space', lineNo);
  }
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space === -1) throw new NoteError('bad-signature-line', 'a signature line is "— <key name> <base64 signature>"', lineNo);
  const name = rest.slice(0, space);
  const b64 = rest.slice(space + 1);
  if (!isValidKeyName(name)) throw new NoteError('bad-key-name', `invalid key name ${JSON.stringify(name)}`, lineNo);
  const raw = decodeBase64Strict(b64);
  if (raw === undefined) throw new NoteError('bad-base64', `the signature of ${name} is not canonical standard base64`, lineNo);
  if (raw.length < 5) throw new NoteError('signature-too-short', `the signature of ${name} has ${raw.length} bytes; a key ID and a signature need at least 5`, lineNo);
  const keyId = ((raw[0] as number) * 0x1000000 + (raw[1] as number) * 0x10000 + (raw[2] as number) * 0x100 + (raw[3] as number));
  return { name, keyId, signature: raw.slice(4) };
}

export function formatSignatureLine(sig: NoteSignature): string {
  const raw = new Uint8Array(4 + sig.signature.length);
  raw[0] = Math.floor(sig.keyId / 0x1000000) % 0x100;
  raw[1] = Math.floor(sig.keyId / 0x10000) % 0x100;
  raw[2] = Math.floor(sig.keyId / 0x100) % 0x100;
  raw[3] = sig.keyId % 0x100;
  raw.set(sig.signature, 4);
  return `${SIGNATURE_PREFIX}${sig.name} ${encodeBase64(raw)}\n`;
}

export function formatNote(note: Note): string {
  checkText(note.text);
  if (note.signatures.length === 0) throw new NoteError('no-signatures', 'a note needs at least one signature');
  for (const s of note.signatures) {
    if (!isValidKeyName(s.name)) throw new NoteError('bad-key-name', `invalid key name ${JSON.stringify(s.name)}`);
    if (!Number.isInteger(s.keyId) || s.keyId < 0 || s.keyId > 0xffffffff) throw new NoteError('bad-signature-line', `key ID ${s.keyId} is not a uint32`);
  }
  return note.text + '\n' + note.signatures.map(formatSignatureLine).join('');
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('bad-text', 'the note text must end in a newline');
  if (hasLoneSurrogate(text)) throw new NoteError('not-utf8', 'the note text is not valid UTF-8 (lone surrogate)');
  const control = findControlChar(text, true);
  if (control !== -1) throw new NoteError('control-character', 'the note text holds a control character other than newline', lineOf(text, control));
}

// ---------------------------------------------------------------------------------------------
// Signing and verifying.

function sign(text: string, signer: NoteSigner): NoteSignature {
  if (!isValidKeyName(signer.name)) throw new NoteError('bad-key-name', `invalid signer name ${JSON.stringify(signer.name)}`);
  return { name: signer.name, keyId: signer.keyId, signature: signer.sign(utf8.encode(text)) };
}

/** Signs a text with each signer, in order. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  checkText(text);
  if (signers.length === 0) throw new NoteError('no-signatures', 'signing a note needs at least one signer');
  const seen = new Set<string>();
  for (const s of signers) {
    const label = keyLabel(s.name, s.keyId);
    if (seen.has(label)) throw new NoteError('duplicate-signature', `${label} is given twice`);
    seen.add(label);
  }
  return formatNote({ text, signatures: signers.map((s) => sign(text, s)) });
}

/**
 * Adds signatures to a signed note, keeping every existing line: how a witness cosigns a
 * checkpoint. Whether the cosigner should sign at all (the checkpoint is consistent with the last
 * one it signed) is the caller's decision; this only refuses a key that has already signed.
 */
export function addSignatures(input: string | Uint8Array, signers: readonly NoteSigner[], limits: NoteLimits = DEFAULT_NOTE_LIMITS): string {
  const note = parseNote(input, limits);
  const present = new Set(note.signatures.map((s) => keyLabel(s.name, s.keyId)));
  for (const s of signers) {
    const label = keyLabel(s.name, s.keyId);
    if (present.has(label)) throw new NoteError('duplicate-signature', `${label} has already signed this note`);
    present.add(label);
  }
  const out = formatNote({ text: note.text, signatures: [...note.signatures, ...signers.map((s) => sign(note.text, s))] });
  parseNote(out, limits);
  return out;
}

export interface OpenedNote {
  text: string;
  /** Signatures by known keys, each checked. */
  verified: NoteSignature[];
  /** Signatures by keys the caller does not know; ignored, as the spec requires, but reported. */
  unverified: NoteSignature[];
}

/**
 * Parses a note and checks its signatures against the known keys. Refuses the note when a known
 * key's signature does not verify, when a known key signed twice (a cosignature counted twice
 * would inflate a quorum), when two known keys share a name and ID, and when no known key signed.
 */
export function openNote(input: string | Uint8Array, known: readonly NoteVerifier[], limits: NoteLimits = DEFAULT_NOTE_LIMITS): OpenedNote {
  const note = parseNote(input, limits);
  const message = utf8.encode(note.text);
  const textLines = note.text.split('\n').length - 1;
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  note.signatures.forEach((sig, i) => {
    const lineNo = textLines + 2 + i;
    const label = keyLabel(sig.name, sig.keyId);
    const matches = known.filter((v) => v.name === sig.name && v.keyId === sig.keyId);
    if (matches.length > 1) throw new NoteError('ambiguous-key', `more than one known key is ${label}`, lineNo);
    const v = matches[0];
    if (v === undefined) {
      unverified.push(sig);
      return;
    }
    if (seen.has(label)) throw new NoteError('duplicate-signature', `${label} signed the note more than once`, lineNo);
    seen.add(label);
    if (!v.verify(message, sig.signature)) throw new NoteError('invalid-signature', `the signature of ${label} does not verify`, lineNo);
    verified.push(sig);
  });
  if (verified.length === 0) {
    const who = note.signatures.map((s) => keyLabel(s.name, s.keyId)).join(', ');
    throw new NoteError('unknown-key', `no signature from a known key (signed by ${who})`);
  }
  return { text: note.text, verified, unverified };
}
