/**
 * Who a caller is and what it may do.
 *
 * Identity is the caller's Ed25519 key, the same key `redline keys new` makes for the record. The
 * server keeps only verifier keys (registered by an administrator with a role); the caller proves
 * it holds the private key with an API token derived from it:
 *
 *   token = `rl1.<base64url(key name)>.<key ID, 8 hex>.<base64url(Ed25519 signature of TOKEN_CONTEXT + name + "\n" + key ID + "\n")>`
 *
 * Ed25519 is deterministic, so a key has exactly one token (`redline keys token --key FILE` prints
 * it, `redline keys new` writes it beside the key). Only the key holder can make it, the server
 * checks it with the registered verifier key and stores no secret. It is a bearer credential: who
 * holds it acts as the key, so it travels only over TLS or loopback, and revoking a caller
 * (DELETE /v1/callers/NAME) or registering a new key for the name withdraws it.
 *
 * Roles, and the rules every route applies through `may*` below (tested pair by pair):
 * - party: submits observations, declarations and drafts only as itself (the key's name is the
 *   party id); reads what is published and its own confidential submissions.
 * - guarantor: submits as itself, reads everything, runs checks and attests findings.
 * - observer: reads only what is published; submits nothing.
 * - administrator: registers callers and agreements, runs checks; reads only what is published.
 */
import { ed25519KeyId, signBytes, verifyBytes, type KeyPair, type VerifierKey } from '../record/keys.js';
import { formatKeyId } from '../record/note.js';

export const ROLES = ['party', 'guarantor', 'observer', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const VISIBILITIES = ['published', 'confidential'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface Caller {
  /** The key's name: the party id for a party, the organisation's id for the others. */
  name: string;
  role: Role;
  vkey: string;
  key: VerifierKey;
}

const TOKEN_CONTEXT = 'redline-api-token/v1\n';
const TOKEN = /^rl1\.([A-Za-z0-9_-]+)\.([0-9a-f]{8})\.([A-Za-z0-9_-]{86})$/;

function tokenMessage(name: string, keyId: number): Uint8Array {
  return new TextEncoder().encode(`${TOKEN_CONTEXT}${name}\n${formatKeyId(keyId)}\n`);
}

export function apiToken(pair: KeyPair): string {
  const sig = signBytes(pair, tokenMessage(pair.name, pair.keyId));
  return `rl1.${Buffer.from(pair.name, 'utf8').toString('base64url')}.${formatKeyId(pair.keyId)}.${Buffer.from(sig).toString('base64url')}`;
}

/** The name and key ID a token claims, before it is checked (undefined when it is not a token at all). */
export function tokenClaim(token: string): { name: string; keyId: number; signature: Uint8Array } | undefined {
  const m = TOKEN.exec(token);
  if (!m) return undefined;
  return { name: Buffer.from(m[1]!, 'base64url').toString('utf8'), keyId: Number.parseInt(m[2]!, 16), signature: new Uint8Array(Buffer.from(m[3]!, 'base64url')) };
}

/** True when the token was made by the holder of this verifier key. */
export function verifyToken(token: string, key: VerifierKey): boolean {
  const claim = tokenClaim(token);
  if (!claim || claim.name !== key.name || claim.keyId !== ed25519KeyId(key.name, key.publicKey)) return false;
  return verifyBytes(key.publicKey, tokenMessage(claim.name, claim.keyId), claim.signature);
}

// ---------------------------------------------------------------------------------------------
// The rules. Each answers with a reason when it refuses, which the route sends back with its 403.

export type Decision = { ok: true } | { ok: false; reason: string };
const yes: Decision = { ok: true };
const no = (reason: string): Decision => ({ ok: false, reason });

/** Submitting observations, declarations or a draft in the name of `party`. */
export function maySubmitAs(caller: Caller, party: string): Decision {
  if (caller.role === 'observer' || caller.role === 'administrator') return no(`a caller with role ${caller.role} submits nothing`);
  if (caller.name !== party) return no(`${caller.name} may submit only as itself, not as ${party}`);
  return yes;
}

/** Reading something submitted by `owner` with this visibility (a submission, a declaration, a draft). */
export function mayRead(caller: Caller, owner: string, visibility: Visibility): Decision {
  if (visibility === 'published' || caller.role === 'guarantor') return yes;
  if (caller.role === 'party' && caller.name === owner) return yes;
  return no(`${owner}'s confidential submissions are readable by ${owner} and the guarantors only`);
}

export function mayAttest(caller: Caller): Decision {
  return caller.role === 'guarantor' ? yes : no('only a guarantor attests findings');
}

export function mayAdminister(caller: Caller): Decision {
  return caller.role === 'administrator' ? yes : no('only an administrator registers callers and agreements');
}

export function mayRunChecks(caller: Caller): Decision {
  return caller.role === 'guarantor' || caller.role === 'administrator' ? yes : no('only a guarantor or an administrator runs checks');
}

/** Registries say who owns an asset and what it carries: the verification body's word, not a party's. */
export function maySubmitRegistry(caller: Caller): Decision {
  return caller.role === 'guarantor' || caller.role === 'administrator' ? yes : no('only a guarantor or an administrator submits asset registries');
}
