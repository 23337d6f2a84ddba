import { formatVerifierKey } from '../../record/keys.js';
import { isValidKeyName } from '../../record/note.js';
import { parse, UsageError } from '../args.js';
import { writeNewKey } from '../keyfiles.js';

/** `redline keys new --party ID [--dir DIR]`: an Ed25519 key pair for a party, a guarantor or the log. */
export function keysCommand(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub !== 'new') throw new UsageError('keys: the only subcommand is "new" (redline keys new --party ID [--dir DIR])');
  const { values } = parse(rest, { party: { type: 'string' }, dir: { type: 'string' } }, false);
  if (!values.party) throw new UsageError('keys new needs --party ID (a party id such as RUS, a guarantor, or the log name such as redline.example/log)');
  if (!isValidKeyName(values.party)) throw new UsageError(`--party: "${values.party}" cannot name a key (no spaces, no "+")`);
  const { pair, keyFile, vkeyFile } = writeNewKey(values.dir ?? 'keys', values.party);
  console.error(`wrote ${keyFile} (private: keep it, mode 0600) and ${vkeyFile} (public: hand it to the log operator)`);
  console.log(formatVerifierKey(pair));
  return 0;
}
