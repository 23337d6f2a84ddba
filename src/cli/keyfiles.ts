/**
 * Key files on disk: `<dir>/<name>.key` holds the signer key (Go's `PRIVATE+KEY+...` form, which
 * carries the key's name, readable by golang.org/x/mod/sumdb/note too), written with mode 0600;
 * `<dir>/<name>.vkey` holds the verifier key to hand to others. A `/` in a name (a log origin such
 * as `redline.example/log`) becomes `_` in the file name.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSignerKey, formatVerifierKey, generateKeyPair, parseSignerKey, parseVerifierKey, type KeyPair, type VerifierKey } from '../record/keys.js';
import { InputError } from '../observations/load.js';

export function keyFileBase(name: string): string {
  return name.replace(/\//g, '_');
}

export function writeNewKey(dir: string, name: string): { pair: KeyPair; keyFile: string; vkeyFile: string } {
  const pair = generateKeyPair(name);
  mkdirSync(dir, { recursive: true });
  const keyFile = join(dir, `${keyFileBase(name)}.key`);
  const vkeyFile = join(dir, `${keyFileBase(name)}.vkey`);
  for (const f of [keyFile, vkeyFile]) if (existsSync(f)) throw new InputError(`${f} exists already; keys are never overwritten (move it away first)`);
  writeFileSync(keyFile, `${formatSignerKey(pair)}\n`, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(vkeyFile, `${formatVerifierKey(pair)}\n`);
  return { pair, keyFile, vkeyFile };
}

export function readSignerKey(path: string): KeyPair {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch {
    throw new InputError(`${path}: cannot read the key file`);
  }
  try {
    return parseSignerKey(text);
  } catch (e) {
    throw new InputError(`${path}: not a signer key (${(e as Error).message})`);
  }
}

/** A verifier key given as a file holding it, or as the key string itself. */
export function readVerifierKey(fileOrKey: string): { text: string; key: VerifierKey } {
  const text = existsSync(fileOrKey) ? readFileSync(fileOrKey, 'utf8').trim() : fileOrKey.trim();
  try {
    return { text, key: parseVerifierKey(text) };
  } catch (e) {
    throw new InputError(`${fileOrKey}: not a verifier key (${(e as Error).message})`);
  }
}
