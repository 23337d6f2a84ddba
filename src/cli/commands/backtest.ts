/**
 * `redline backtest DRAFT (--store PATH | --observations FILE...) [--vary C.P=LOW..HIGH/STEP]`: a
 * draft over stored history, breaches per party per commitment; with --vary, a sweep of one
 * number as a table and an SVG chart.
 */
import { writeFileSync } from 'node:fs';
import { createGeo } from '../../geo/index.js';
import { parseSweep, sweep, tally, type SweepResult } from '../../negotiate/backtest.js';
import { sweepChartSvg } from '../../negotiate/chart.js';
import { openExistingStore } from '../../store/sqlite.js';
import { check, loadAgreement } from '../../verify/index.js';
import { parse, spreadLists, timeOption, UsageError } from '../args.js';
import { readObservations } from '../observations.js';
import { storedObservations } from './check.js';

export const backtestHelp =
  'backtest DRAFT (--store PATH | --observations FILE...) [--registry FILE]... [--view PARTY]... [--from T] [--to T]\n' +
  '        [--vary COMMITMENT.PARAM=LOW..HIGH/STEP [--chart FILE.svg]] [--format table|json]\n' +
  '        a draft over history: breaches per party per commitment; --vary sweeps one number';

export async function backtestCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spreadLists(argv, ['--observations', '-o', '--registry', '--view']), {
    store: { type: 'string' },
    observations: { type: 'string', multiple: true, short: 'o' },
    registry: { type: 'string', multiple: true },
    catalogue: { type: 'string' },
    view: { type: 'string', multiple: true },
    from: { type: 'string' },
    to: { type: 'string' },
    vary: { type: 'string' },
    chart: { type: 'string' },
    format: { type: 'string', default: 'table' },
  });
  if (positionals.length !== 1) throw new UsageError('backtest takes one DRAFT (an agreement file)');
  if (!values.store && !values.observations?.length) throw new UsageError('backtest needs --store PATH or --observations FILE (or both)');
  if (values.chart && !values.vary) throw new UsageError('--chart draws a sweep: give --vary too');
  if (!['table', 'json'].includes(values.format ?? 'table')) throw new UsageError(`--format must be table or json, not "${values.format}"`);
  const from = timeOption('from', values.from);
  const to = timeOption('to', values.to);
  const spec = values.vary ? parseSweep(values.vary) : undefined;
  const draft = loadAgreement(positionals[0]!);
  const store = values.store ? openExistingStore(values.store) : undefined;
  let obs;
  try {
    obs = store
      ? await storedObservations(store, { from, to, quarantine: false }, values.observations ?? [], values.registry ?? [], values.catalogue)
      : await readObservations(values.observations ?? [], values.registry ?? [], values.catalogue);
  } finally {
    await store?.close();
  }
  const geo = createGeo();
  const options = { ...(values.view ? { views: values.view } : {}), from, to };
  if (!spec) {
    const tallies = tally(check([draft], obs, geo, options));
    if (values.format === 'json') {
      process.stdout.write(`${JSON.stringify({ draft: draft.id, file: draft.file, commitments: tallies }, null, 2)}\n`);
      return 0;
    }
    console.log(`backtest of ${draft.id} (${draft.file}) on ${obs.positions.length} positions`);
    console.log(['commitment'.padEnd(44), 'article'.padEnd(16), 'party'.padEnd(8), 'breaches'.padStart(9), 'risks'.padStart(6), 'breach min'.padStart(11)].join(' '));
    for (const t of tallies) {
      const parties = Object.entries(t.byParty);
      if (parties.length === 0) console.log([t.commitment.padEnd(44), t.article.padEnd(16), '-'.padEnd(8), '0'.padStart(9), '0'.padStart(6), '0'.padStart(11)].join(' '));
      for (const [party, p] of parties.sort()) {
        console.log([t.commitment.padEnd(44), t.article.padEnd(16), party.padEnd(8), String(p.breaches).padStart(9), String(p.risks).padStart(6), p.breachMinutes.toFixed(0).padStart(11)].join(' '));
      }
    }
    return 0;
  }
  const result = sweep(draft, spec, obs, geo, options);
  if (values.chart) {
    const unit = /M$/.test(spec.param) ? 'm' : /Km$/.test(spec.param) ? 'km' : '';
    writeFileSync(values.chart, sweepChartSvg(result, `${draft.id}: what-if sweep on ${obs.positions.length.toLocaleString('en-US')} positions`, unit));
    console.error(`wrote ${values.chart}`);
  }
  if (values.format === 'json') process.stdout.write(`${JSON.stringify({ draft: draft.id, file: draft.file, ...result }, null, 2)}\n`);
  else process.stdout.write(sweepTable(result));
  return 0;
}

export function sweepTable(r: SweepResult): string {
  const head = [r.param.padStart(14), 'breaches'.padStart(9), 'breach min'.padStart(11), ...r.parties.map((p) => p.padStart(8))];
  const lines = [`sweep of ${r.commitment}.${r.param} (drafted: ${r.drafted.value}${r.drafted.agreed ? '' : ', not agreed'}); breach findings per party`, head.join(' ')];
  for (const p of r.points) {
    lines.push([String(p.value).padStart(14), String(p.breaches).padStart(9), p.breachMinutes.toFixed(1).padStart(11), ...r.parties.map((party) => String(p.byParty[party]?.breaches ?? 0).padStart(8))].join(' '));
  }
  return lines.join('\n') + '\n';
}
