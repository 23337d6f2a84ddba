/**
 * Ed25519 identities for parties, guarantors and the log itself, in the forms the C2SP signed-note
 * ecosystem uses, so a Redline checkpoint can be checked by any note-aware tool:
 *
 * - verifier key (public, shareable): `<name>+<hex key ID>+<base64(0x01 || 32-byte public key)>`
 * - key ID: the first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key), big-endian
 * - private key: PKCS#8 PEM (optionally encrypted), or Go's `PRIVATE+KEY+<name>+<hex key ID>+
 *   <base64(0x01 || 32-byte seed)>` as written by golang.org/x/mod/sumdb/note.
 *
 * Only node:crypto is used; Ed25519 (RFC 8032) is deterministic, so a given key and message always
 * give the same signature, which is what lets the tests compare against published vectors.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { decodeBase64Strict, encodeBase64, formatKeyId, isValidKeyName, type NoteSigner, type NoteVerifier } from './note.js';

/** Signature type byte of Ed25519 in the signed-note registry. */
export const ED25519_ALG = 0x01;
export const ED25519_PUBLIC_KEY_SIZE = 32;
export const ED25519_SIGNATURE_SIZE = 64;

export type KeyErrorCode = 'bad-name' | 'bad-format' | 'bad-base64' | 'unknown-algorithm' | 'bad-key-length' | 'key-id-mismatch' | 'not-ed25519';

export class KeyError extends Error {
  constructor(
    readonly code: KeyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KeyError';
  }
}

/** The public half: what a verifier needs. */
export interface VerifierKey {
  readonly name: string;
  readonly keyId: number;
  /** 32 bytes. */
  readonly publicKey: Uint8Array;
}

/** A named Ed25519 key pair; `privateKey` never leaves node:crypto's KeyObject unless exported. */
export interface KeyPair extends VerifierKey {
  readonly privateKey: KeyObject;
}

function checkName(name: string): void {
  if (!isValidKeyName(name)) {
    throw new KeyError('bad-name', `invalid key name ${JSON.stringify(name)}: it must be non-empty, without spaces or "+"`);
  }
}

export function ed25519KeyId(name: string, publicKey: Uint8Array): number {
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE) throw new KeyError('bad-key-length', `an Ed25519 public key is 32 bytes, not ${publicKey.length}`);
  const h = createHash('sha256').update(name, 'utf8').update(new Uint8Array([0x0a, ED25519_ALG])).update(publicKey).digest();
  return h.readUInt32BE(0);
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function rawPublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new KeyError('not-ed25519', 'the key is not an Ed25519 key');
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
}

function pairFromPrivate(name: string, privateKey: KeyObject): KeyPair {
  checkName(name);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new KeyError('not-ed25519', `the key is ${privateKey.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`);
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  return { name, keyId: ed25519KeyId(name, publicKey), publicKey, privateKey };
}

export function generateKeyPair(name: string): KeyPair {
  checkName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  return pairFromPrivate(name, privateKey);
}

/** A key pair from a 32-byte RFC 8032 seed (the form Go's note package stores). */
export function keyPairFromSeed(name: string, seed: Uint8Array): KeyPair {
  if (seed.length !== 32) throw new KeyError('bad-key-length', `an Ed25519 seed is 32 bytes, not ${seed.length}`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return pairFromPrivate(name, privateKey);
}

// ---------------------------------------------------------------------------------------------
// Verifier keys.

export function formatVerifierKey(key: VerifierKey): string {
  checkName(key.name);
  const keyId = ed25519KeyId(key.name, key.publicKey);
  const body = new Uint8Array(1 + ED25519_PUBLIC_KEY_SIZE);
  body[0] = ED25519_ALG;
  body.set(key.publicKey, 1);
  return `${key.name}+${formatKeyId(keyId)}+${encodeBase64(body)}`;
}

/** Parses `<name>+<hex key ID>+<base64(0x01 || key)>`, checking that the key ID matches the key. */
export function parseVerifierKey(vkey: string): VerifierKey {
  // Base64 may itself hold "+", so only the first two separate fields.
  const first = vkey.indexOf('+');
  const second = first === -1 ? -1 : vkey.indexOf('+', first + 1);
  if (second === -1) throw new KeyError('bad-format', 'a verifier key is "<name>+<key ID in hex>+<base64 key>"');
  const name = vkey.slice(0, first);
  const hex = vkey.slice(first + 1, second);
  const b64 = vkey.slice(second + 1);
  checkName(name);
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) throw new KeyError('bad-format', `key ID ${JSON.stringify(hex)} is not 8 hex digits`);
  const raw = decodeBase64Strict(b64);
  if (raw === undefined || raw.length === 0) throw new KeyError('bad-base64', 'the key is not canonical standard base64');
  if (raw[0] !== ED25519_ALG) throw new KeyError('unknown-algorithm', `signature type 0x${(raw[0] as number).toString(16).padStart(2, '0')} is not Ed25519 (0x01)`);
  const publicKey = raw.slice(1);
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE) throw new KeyError('bad-key-length', `an Ed25519 public key is 32 bytes, not ${publicKey.length}`);
  const keyId = ed25519KeyId(name, publicKey);
  if (keyId !== Number.parseInt(hex, 16)) throw new KeyError('key-id-mismatch', `key ID ${hex} does not match the key (${formatKeyId(keyId)})`);
  return { name, keyId, publicKey };
}

// ---------------------------------------------------------------------------------------------
// Private keys.

/** PKCS#8 PEM; with a passphrase, encrypted with AES-256-CBC under PBKDF2 (OpenSSL's defaults). */
export function exportPrivateKeyPem(pair: KeyPair, passphrase?: string): string {
  const pem = passphrase === undefined
    ? pair.privateKey.export({ format: 'pem', type: 'pkcs8' })
    : pair.privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase });
  return pem.toString();
}

/** PEM carries no name, so the caller gives it (it is part of the key ID). */
export function importPrivateKeyPem(name: string, pem: string, passphrase?: string): KeyPair {
  let key: KeyObject;
  try {
    key = createPrivateKey(passphrase === undefined ? { key: pem, format: 'pem' } : { key: pem, format: 'pem', passphrase });
  } catch (e) {
    throw new KeyError('bad-format', `not a readable private key: ${(e as Error).message}`);
  }
  return pairFromPrivate(name, key);
}

/** Go's signer key string, `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>`. */
export function formatSignerKey(pair: KeyPair): string {
  const jwk = pair.privateKey.export({ format: 'jwk' });
  if (typeof jwk.d !== 'string') throw new KeyError('not-ed25519', 'the private key cannot be exported as an Ed25519 seed');
  const body = Buffer.concat([Buffer.from([ED25519_ALG]), Buffer.from(jwk.d, 'base64url')]);
  return `PRIVATE+KEY+${pair.name}+${formatKeyId(pair.keyId)}+${encodeBase64(body)}`;
}

export function parseSignerKey(skey: string): KeyPair {
  const parts: string[] = [];
  let rest = skey;
  for (let i = 0; i < 4; i++) {
    const plus = rest.indexOf('+');
    if (plus === -1) throw new KeyError('bad-format', 'a signer key is "PRIVATE+KEY+<name>+<key ID in hex>+<base64 seed>"');
    parts.push(rest.slice(0, plus));
    rest = rest.slice(plus + 1);
  }
  const [p1, p2, name, hex] = parts as [string, string, string, string];
  if (p1 !== 'PRIVATE' || p2 !== 'KEY') throw new KeyError('bad-format', 'a signer key starts with "PRIVATE+KEY+"');
  checkName(name);
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) throw new KeyError('bad-format', `key ID ${JSON.stringify(hex)} is not 8 hex digits`);
  const raw = decodeBase64Strict(rest);
  if (raw === undefined || raw.length === 0) throw new KeyError('bad-base64', 'the seed is not canonical standard base64');
  if (raw[0] !== ED25519_ALG) throw new KeyError('unknown-algorithm', 'the signer key is not Ed25519 (0x01)');
  const pair = keyPairFromSeed(name, raw.slice(1));
  if (pair.keyId !== Number.parseInt(hex, 16)) throw new KeyError('key-id-mismatch', `key ID ${hex} does not match the key (${formatKeyId(pair.keyId)})`);
  return pair;
}

// ---------------------------------------------------------------------------------------------
// Signing and verifying bytes.

export function signBytes(pair: KeyPair, message: Uint8Array): Uint8Array {
  return new Uint8Array(cryptoSign(null, message, pair.privateKey));
}

const publicKeyObjects = new WeakMap<Uint8Array, KeyObject>();

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  let k = publicKeyObjects.get(publicKey);
  if (k === undefined) {
    k = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' });
    publicKeyObjects.set(publicKey, k);
  }
  return k;
}

/** False, never an exception, for a signature of the wrong length or a key that is not a point. */
export function verifyBytes(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE || signature.length !== ED25519_SIGNATURE_SIZE) return false;
  try {
    return cryptoVerify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

export function noteSigner(pair: KeyPair): NoteSigner {
  return { name: pair.name, keyId: pair.keyId, sign: (m) => signBytes(pair, m) };
}

export function noteVerifier(key: VerifierKey | string): NoteVerifier {
  const k = typeof key === 'string' ? parseVerifierKey(key) : key;
  checkName(k.name);
  const keyId = ed25519KeyId(k.name, k.publicKey);
  if (keyId !== k.keyId) throw new KeyError('key-id-mismatch', `key ID ${formatKeyId(k.keyId)} does not match the key (${formatKeyId(keyId)})`);
  const publicKey = k.publicKey.slice();
  return { name: k.name, keyId, verify: (m, s) => verifyBytes(publicKey, m, s) };
}
