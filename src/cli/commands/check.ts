import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createGeo } from '../../geo/index.js';
import { readObservations } from '../observations.js';
import { check, explainText, findingsGeoJSON, findingsTable, loadAgreement, summaryLine, type Finding } from '../../verify/index.js';
import { parse, spreadLists, timeOption, UsageError } from '../args.js';
import { printReadSummaries, writeQuarantine } from '../summaries.js';

const options = {
  agreement: { type: 'string', multiple: true, short: 'a' },
  observations: { type: 'string', multiple: true, short: 'o' },
  registry: { type: 'string', multiple: true },
  catalogue: { type: 'string' },
  view: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string', default: 'table' },
  explain: { type: 'boolean', default: false },
  out: { type: 'string' },
  'fail-on': { type: 'string' },
  quarantine: { type: 'string' },
} as const;

export function renderFindings(findings: Finding[], format: string, explain: boolean): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ redline: 1, findings }, null, 2)}\n`;
    case 'geojson':
      return `${JSON.stringify(findingsGeoJSON(findings), null, 2)}\n`;
    case 'table': {
      const table = findingsTable(findings, process.stdout.isTTY === true);
      const body = explain ? `\n\n${findings.map(explainText).join('\n\n')}` : '';
      return `${table}\n${summaryLine(findings)}${body}\n`;
    }
    default:
      throw new UsageError(`--format must be table, json or geojson, not "${format}"`);
  }
}

export async function checkCommand(argv: string[]): Promise<number> {
  const { values } = parse(spreadLists(argv, ['--agreement', '-a', '--observations', '-o', '--registry', '--view']), options, false);
  if (!values.agreement?.length) throw new UsageError('check needs --agreement FILE');
  if (!values.observations?.length) throw new UsageError('check needs --observations FILE');
  const format = values.format ?? 'table';
  if (!['table', 'json', 'geojson'].includes(format)) throw new UsageError(`--format must be table, json or geojson, not "${format}"`);
  const agreements = values.agreement.map(loadAgreement);
  const obs = await readObservations(values.observations, values.registry ?? [], values.catalogue);
  printReadSummaries(obs, process.stderr);
  if (values.quarantine) writeQuarantine(obs, values.quarantine);
  const findings = check(agreements, obs, createGeo(), {
    ...(values.view ? { views: values.view } : {}),
    from: timeOption('from', values.from),
    to: timeOption('to', values.to),
  });
  const text = renderFindings(findings, format, values.explain ?? false);
  if (values.out) {
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, text);
    console.error(`wrote ${findings.length} findings to ${values.out}`);
  } else process.stdout.write(text);
  const failOn = values['fail-on'];
  if (failOn && findings.some((f) => f.verdict === failOn || (failOn === 'risk' && f.verdict === 'breach'))) return 3;
  return 0;
}
