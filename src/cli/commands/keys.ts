import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatVerifierKey } from '../../record/keys.js';
import { isValidKeyName } from '../../record/note.js';
import { apiToken } from '../../server/auth.js';
import { parse, UsageError } from '../args.js';
import { keyFileBase, readSignerKey, writeNewKey } from '../keyfiles.js';

const USAGE = 'keys new --party ID [--dir DIR] | keys token --key FILE';

/**
 * `redline keys new --party ID [--dir DIR]`: an Ed25519 key pair for a party, a guarantor or the
 * log, and the API token derived from it (DIR/ID.token); `redline keys token --key FILE` prints a
 * key's API token again.
 */
export function keysCommand(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub === 'token') {
    const { values } = parse(rest, { key: { type: 'string' } }, false);
    if (!values.key) throw new UsageError('keys token needs --key FILE (a signer key written by keys new)');
    console.log(apiToken(readSignerKey(values.key)));
    return 0;
  }
  if (sub !== 'new') throw new UsageError(`keys: the subcommands are "new" and "token" (redline ${USAGE})`);
  const { values } = parse(rest, { party: { type: 'string' }, dir: { type: 'string' } }, false);
  if (!values.party) throw new UsageError('keys new needs --party ID (a party id such as RUS, a guarantor, or the log name such as redline.example/log)');
  if (!isValidKeyName(values.party)) throw new UsageError(`--party: "${values.party}" cannot name a key (no spaces, no "+")`);
  const dir = values.dir ?? 'keys';
  const { pair, keyFile, vkeyFile } = writeNewKey(dir, values.party);
  // The token is as secret as the key: whoever holds it acts as the key's party on the API.
  const tokenFile = join(dir, `${keyFileBase(values.party)}.token`);
  writeFileSync(tokenFile, `${apiToken(pair)}\n`, { mode: 0o600 });
  console.error(`wrote ${keyFile} (private: keep it, mode 0600), ${vkeyFile} (public: hand it to the log operator or the API administrator) and ${tokenFile} (the API token, private)`);
  console.log(formatVerifierKey(pair));
  return 0;
}
