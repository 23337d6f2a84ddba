import { matrixText, positionsMatrix, readPositionsFile } from '../../negotiate/positions.js';
import { loadAgreement } from '../../verify/index.js';
import { parse, UsageError } from '../args.js';

export const positionsHelp =
  'positions --agreement FILE --positions FILE [--format table|json]\n' +
  "        each party's stance per commitment; the common ground against the red lines";

export function positionsCommand(argv: string[]): number {
  const { values } = parse(argv, { agreement: { type: 'string' }, positions: { type: 'string' }, format: { type: 'string', default: 'table' } }, false);
  if (!values.agreement || !values.positions) throw new UsageError('positions needs --agreement FILE and --positions FILE');
  if (!['table', 'json'].includes(values.format ?? 'table')) throw new UsageError(`--format must be table or json, not "${values.format}"`);
  const agreement = loadAgreement(values.agreement);
  const matrix = positionsMatrix(agreement, readPositionsFile(values.positions, agreement));
  process.stdout.write(values.format === 'json' ? `${JSON.stringify(matrix, null, 2)}\n` : matrixText(matrix));
  return 0;
}
