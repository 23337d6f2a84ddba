import { formatIssue, parseAgreementFile } from '../../language/index.js';
import { kindParamSchemas } from '../../verify/index.js';
import { parse, UsageError } from '../args.js';

export function validate(argv: string[]): number {
  const { positionals } = parse(argv, {});
  if (!positionals.length) throw new UsageError('validate needs at least one agreement file');
  const kinds = kindParamSchemas();
  let problems = 0;
  for (const file of positionals) {
    const r = parseAgreementFile(file, kinds);
    for (const i of r.issues) console.error(formatIssue(i));
    problems += r.issues.length;
    if (r.agreement) console.log(`${file}: ok (${r.agreement.commitments.length} commitments, ${r.agreement.places.length} places, ${r.agreement.parties.length} parties)`);
  }
  if (problems) console.error(`${problems} problem(s) found`);
  return problems ? 1 : 0;
}
