import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createGeo } from '../../geo/index.js';
import { readObservations } from '../observations.js';
import type { ObservationSet } from '../../observations/model.js';
import { openExistingStore } from '../../store/sqlite.js';
import { readSignerKey } from '../keyfiles.js';
import { SqliteLog } from '../../store/log/sqlite-log.js';
import type { KeyPair } from '../../record/keys.js';
import { InputError } from '../../observations/errors.js';
import { check, differences, differencesText, explainText, findingsGeoJSON, findingsTable, loadAgreement, readingsFor, summaryLine, type Difference, type Finding } from '../../verify/index.js';
import { parse, spreadLists, timeOption, UsageError } from '../args.js';
import { printReadSummaries, writeQuarantine } from '../summaries.js';

const options = {
  agreement: { type: 'string', multiple: true, short: 'a' },
  observations: { type: 'string', multiple: true, short: 'o' },
  store: { type: 'string' },
  record: { type: 'boolean', default: false },
  'log-key': { type: 'string' },
  registry: { type: 'string', multiple: true },
  catalogue: { type: 'string' },
  view: { type: 'string', multiple: true },
  interpretation: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string', default: 'table' },
  explain: { type: 'boolean', default: false },
  out: { type: 'string' },
  'fail-on': { type: 'string' },
  quarantine: { type: 'string' },
} as const;

/**
 * Renders findings; `diffs`, when given (a run under several readings or several views asked for),
 * adds the commitments whose findings differ: a section after the table, a `differences` list in JSON.
 */
export function renderFindings(findings: Finding[], format: string, explain: boolean, diffs?: Difference[]): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ redline: 1, findings, ...(diffs ? { differences: diffs } : {}) }, null, 2)}\n`;
    case 'geojson':
      return `${JSON.stringify(findingsGeoJSON(findings), null, 2)}\n`;
    case 'table': {
      const table = findingsTable(findings, process.stdout.isTTY === true);
      const body = explain ? `\n\n${findings.map(explainText).join('\n\n')}` : '';
      const diffText = diffs ? `\n\n${differencesText(diffs) || 'No finding differs between the readings or views judged.'}` : '';
      return `${table}\n${summaryLine(findings)}${diffText}${body}\n`;
    }
    default:
      throw new UsageError(`--format must be table, json or geojson, not "${format}"`);
  }
}

export async function checkCommand(argv: string[]): Promise<number> {
  const { values } = parse(spreadLists(argv, ['--agreement', '-a', '--observations', '-o', '--registry', '--view', '--interpretation']), options, false);
  if (!values.agreement?.length) throw new UsageError('check needs --agreement FILE');
  if (!values.observations?.length && !values.store) throw new UsageError('check needs --observations FILE or --store PATH (or both)');
  const format = values.format ?? 'table';
  if (!['table', 'json', 'geojson'].includes(format)) throw new UsageError(`--format must be table, json or geojson, not "${format}"`);
  const from = timeOption('from', values.from);
  const to = timeOption('to', values.to);
  if (values.record && (!values.store || !values['log-key'])) throw new UsageError('--record appends the findings to the record log of --store PATH, signed with --log-key FILE: give both');
  const logKey = values.record ? readSignerKey(values['log-key']!) : undefined;
  const agreements = values.agreement.map(loadAgreement);
  const geo = createGeo();
  // `--view all`: every view the map knows; `--interpretation all`: the text and every declared reading.
  const views = values.view?.includes('all') ? geo.views() : values.view;
  const interpretations = values.interpretation;
  let judged: ReturnType<typeof readingsFor>;
  try {
    judged = readingsFor(agreements, interpretations);
  } catch (e) {
    throw new UsageError(`--interpretation: ${(e as Error).message}`);
  }
  const store = values.store ? openExistingStore(values.store) : undefined;
  try {
    const obs = store
      ? await storedObservations(store, { from, to, quarantine: values.quarantine !== undefined }, values.observations ?? [], values.registry ?? [], values.catalogue)
      : await readObservations(values.observations ?? [], values.registry ?? [], values.catalogue);
    printReadSummaries(obs, process.stderr);
    if (values.quarantine) writeQuarantine(obs, values.quarantine);
    const run = store ? await store.beginRun('check', argv) : undefined;
    const findings = check(agreements, obs, geo, { ...(views ? { views } : {}), ...(interpretations ? { interpretations } : {}), from, to });
    if (store && run !== undefined) {
      await store.putFindings(run, findings);
      const counts: Record<string, number> = { findings: findings.length, positions: obs.positions.length };
      for (const f of findings) counts[f.verdict] = (counts[f.verdict] ?? 0) + 1;
      await store.finishRun(run, 'done', counts);
      console.error(`stored ${findings.length} findings in ${store.location} as run ${run}`);
      if (logKey) recordFindings(store.location, findings, logKey);
    }
    // Differences are shown when they were asked for by judging more than one reading, or more than one view by name.
    const severalReadings = [...judged.values()].some((r) => r.length > 1);
    const severalViews = (views?.length ?? 0) > 1;
    const diffs = severalReadings || severalViews ? [...(severalReadings ? differences(findings, 'interpretation') : []), ...(severalViews ? differences(findings, 'view') : [])] : undefined;
    return output(findings, format, values, diffs);
  } finally {
    await store?.close();
  }
}

/** Appends the run's findings to the record log, then signs a checkpoint of the durable size. */
function recordFindings(path: string, findings: Finding[], logKey: KeyPair): void {
  let log: SqliteLog;
  try {
    log = new SqliteLog(path);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  try {
    const r = log.appendFindings(findings, logKey);
    log.checkpoint(logKey);
    console.error(`record: ${r.appended.length} finding entries appended (${r.superseded} superseding earlier ones), ${r.unchanged} already recorded unchanged; log size ${log.size}, checkpoint signed`);
  } finally {
    log.close();
  }
}

/**
 * What is stored (in the time window), plus any --observations files read on top, with registries
 * applied and assets attributed exactly as for files alone.
 */
export async function storedObservations(
  store: ReturnType<typeof openExistingStore>,
  query: { from: number | undefined; to: number | undefined; quarantine: boolean },
  files: string[],
  registries: string[],
  cataloguePath?: string,
): Promise<ObservationSet> {
  const stored = await store.readObservations({ ...(query.from !== undefined ? { from: query.from } : {}), ...(query.to !== undefined ? { to: query.to } : {}), quarantine: query.quarantine });
  return readObservations(files, registries, cataloguePath, stored);
}

function output(findings: Finding[], format: string, values: { explain?: boolean; out?: string; 'fail-on'?: string }, diffs?: Difference[]): number {
  const text = renderFindings(findings, format, values.explain ?? false, diffs);
  if (values.out) {
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, text);
    console.error(`wrote ${findings.length} findings to ${values.out}`);
  } else process.stdout.write(text);
  const failOn = values['fail-on'];
  if (failOn && findings.some((f) => f.verdict === failOn || (failOn === 'risk' && f.verdict === 'breach'))) return 3;
  return 0;
}
