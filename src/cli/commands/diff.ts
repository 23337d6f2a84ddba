import { diffDrafts, diffText } from '../../negotiate/diff.js';
import { loadAgreement } from '../../verify/index.js';
import { parse, UsageError } from '../args.js';

export const diffHelp = 'diff A.yaml B.yaml [--format text|json]  two drafts commitment by commitment (colour on a terminal, JSON otherwise)';

/** `redline diff A B`: text with colour on a terminal, JSON when piped, unless --format says. */
export function diffCommand(argv: string[]): number {
  const { values, positionals } = parse(argv, { format: { type: 'string' } });
  if (positionals.length !== 2) throw new UsageError('diff takes two agreement files: the draft and the counter-draft');
  const format = values.format ?? (process.stdout.isTTY ? 'text' : 'json');
  if (!['text', 'json'].includes(format)) throw new UsageError(`--format must be text or json, not "${format}"`);
  const d = diffDrafts(loadAgreement(positionals[0]!), loadAgreement(positionals[1]!));
  process.stdout.write(format === 'json' ? `${JSON.stringify(d, null, 2)}\n` : diffText(d, process.stdout.isTTY === true && !process.env.NO_COLOR));
  return 0;
}
