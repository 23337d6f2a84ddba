/**
 * `redline watch`: NMEA AIS from a feed (TCP client, UDP listener, stdin, or a file replayed as a
 * stream), evaluated live with the same evaluators as `check`. Each evaluation prints what changed
 * (a new finding, an update of one, one withdrawn) as one line; at the end of the stream (EOF, the
 * peer closing, Ctrl-C) the final findings are printed, or written to --out, exactly as `redline
 * check` gives them on the same bytes with the same options (see src/verify/live.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { createGeo } from '../../geo/index.js';
import { applyRegistryFile, attributeAssets } from '../../observations/load.js';
import { emptyObservationSet, type ObservationSet } from '../../observations/model.js';
import { feedLines } from '../../observations/input/lines.js';
import { openInput } from '../../observations/input/open.js';
import { NmeaReader } from '../../observations/nmea/reader.js';
import { loadCatalogue } from '../../observations/registry/catalogue.js';
import { applyRegistry } from '../../observations/registry/registry-file.js';
import { loadAgreement, type Finding } from '../../verify/index.js';
import { LiveEvaluator, type LiveEvent } from '../../verify/live.js';
import { parse, spreadLists, timeOption, UsageError } from '../args.js';
import { bundled } from '../paths.js';
import { startProgress } from '../progress.js';
import { printReadSummaries } from '../summaries.js';
import { renderFindings } from './check.js';

const options = {
  agreement: { type: 'string', multiple: true, short: 'a' },
  tcp: { type: 'string' },
  udp: { type: 'string' },
  registry: { type: 'string', multiple: true },
  catalogue: { type: 'string' },
  view: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string', default: 'table' },
  out: { type: 'string' },
  name: { type: 'string' },
  every: { type: 'string', default: '1000' },
  tick: { type: 'string', default: '60' },
  quiet: { type: 'boolean', default: false },
} as const;

/** Wall-clock quiet after which what has arrived is evaluated even if --every and --tick are not reached. */
const IDLE_MS = 1000;

export interface WatchIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin?: NodeJS.ReadableStream;
  /** Ends the stream as EOF would (Ctrl-C in the command). */
  signal?: AbortSignal;
}

export interface WatchResult {
  findings: Finding[];
  /** Evaluations run (the final one included) and skipped, and events printed. */
  evaluations: number;
  skipped: number;
  /** Time spent evaluating, in all and for the last (final) evaluation, milliseconds. */
  evaluationMs: number;
  lastEvaluationMs: number;
  events: number;
  positions: number;
}

export async function watchCommand(argv: string[]): Promise<number> {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await runWatch(argv, { stdout: process.stdout, stderr: process.stderr, signal: ac.signal });
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function positiveNumber(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, not "${v}"`);
  return n;
}

/** The command as a function: what the CLI runs and what the tests call in-process. */
export async function runWatch(argv: string[], io: WatchIo): Promise<WatchResult> {
  const { values, positionals } = parse(spreadLists(argv, ['--agreement', '-a', '--registry', '--view']), options, true);
  if (!values.agreement?.length) throw new UsageError('watch needs --agreement FILE');
  const sources = [...(values.tcp ? [`tcp:${values.tcp}`] : []), ...(values.udp ? [`udp:${values.udp}`] : []), ...positionals];
  if (sources.length !== 1) throw new UsageError('watch reads one feed: --tcp HOST:PORT, --udp PORT, - for stdin, or a file to replay');
  const format = values.format ?? 'table';
  if (!['table', 'json'].includes(format)) throw new UsageError(`--format must be table or json, not "${format}"`);
  const every = positiveNumber('every', values.every ?? '1000');
  const tickMs = positiveNumber('tick', values.tick ?? '60') * 1000;

  const agreements = values.agreement.map(loadAgreement);
  const catalogue = loadCatalogue(values.catalogue ?? bundled('data', 'assets', 'catalogue.yaml'));
  const registries = (values.registry ?? []).map((path) => {
    // Checked now, with check's own loader and messages, so a bad registry stops the run at once.
    applyRegistryFile(path, emptyObservationSet(), catalogue);
    return { path, text: readFileSync(path, 'utf8') };
  });
  // As `check` attributes after reading (src/cli/observations.ts): registries in order, then the catalogue.
  const attribute = (set: ObservationSet) => {
    for (const r of registries) applyRegistry(r.text, basename(r.path), set.assets, { baseDir: dirname(r.path), catalogue });
    attributeAssets(set, catalogue);
  };
  const live = new LiveEvaluator(agreements, createGeo(), {
    ...(values.view ? { views: values.view } : {}),
    from: timeOption('from', values.from),
    to: timeOption('to', values.to),
    attribute,
  });

  const obs = emptyObservationSet();
  // Load the geography before the feed opens: the first evaluation would otherwise hold up reading
  // for seconds, and a UDP feed loses what overflows the socket's buffer meanwhile.
  live.warmUp();
  const input = await openInput(sources[0]!, { ...(io.signal ? { signal: io.signal } : {}), ...(io.stdin ? { stdin: io.stdin } : {}) });
  const progress = startProgress({ label: sources[0]!, total: input.totalBytes, unit: 'positions', stream: io.stderr, quiet: values.quiet || input.totalBytes === undefined });
  let events = 0;
  let evalMs = 0;
  let lastEvalMs = 0;
  const timed = <T>(f: () => T): T => {
    const t0 = performance.now();
    const r = f();
    lastEvalMs = performance.now() - t0;
    evalMs += lastEvalMs;
    return r;
  };
  let evaluatedRows = 0;
  let evaluatedAt = -Infinity;
  let latest = -Infinity;
  const print = (list: LiveEvent[]) => {
    for (const e of list) io.stdout.write(format === 'json' ? `${JSON.stringify({ event: e.event, liveId: e.liveId, at: isoOrNull(latest), finding: e.finding })}\n` : eventLine(e, latest));
    events += list.length;
  };
  const evaluateNow = () => {
    evaluatedRows = obs.positions.length;
    evaluatedAt = latest;
    print(timed(() => live.evaluate(obs)).events);
  };
  // A feed that goes quiet (a slow receiver, a pause) still has what it sent judged.
  let idle: NodeJS.Timeout | undefined;
  const maybeEvaluate = () => {
    const p = obs.positions;
    for (let i = evaluatedRows; i < p.length; i++) if (p.time[i]! > latest) latest = p.time[i]!;
    progress.update(input.bytesRead(), p.length);
    if (p.length === evaluatedRows) return;
    if (idle) clearTimeout(idle);
    if (p.length - evaluatedRows < every && !(latest - evaluatedAt >= tickMs)) {
      idle = setTimeout(() => {
        idle = undefined;
        if (obs.positions.length > evaluatedRows) evaluateNow();
      }, IDLE_MS);
      return;
    }
    evaluateNow();
  };
  try {
    for await (const entry of input.entries()) {
      const reader = new NmeaReader(obs, values.name ?? entry.name);
      await feedLines(entry.chunks, reader, { afterBatch: maybeEvaluate, ...(io.signal ? { signal: io.signal } : {}) });
    }
  } finally {
    if (idle) clearTimeout(idle);
    progress.stop();
    await input.close();
  }
  const p = obs.positions;
  for (let i = evaluatedRows; i < p.length; i++) if (p.time[i]! > latest) latest = p.time[i]!;
  const final = timed(() => live.evaluate(obs, true));
  print(final.events);
  printReadSummaries(obs, io.stderr);
  const text = renderFindings(final.findings, format, false);
  if (values.out) {
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, text);
    io.stderr.write(`wrote ${final.findings.length} findings to ${values.out}\n`);
  } else io.stdout.write(text);
  io.stderr.write(`watch: ${p.length} positions, ${live.evaluations} evaluations (${live.skipped} more skipped: nothing they judge had changed) in ${(evalMs / 1000).toFixed(2)} s, the last ${lastEvalMs.toFixed(0)} ms; ${events} events\n`);
  return { findings: final.findings, evaluations: live.evaluations, skipped: live.skipped, evaluationMs: evalMs, lastEvaluationMs: lastEvalMs, events, positions: p.length };
}

function isoOrNull(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

const eventMark: Record<LiveEvent['event'], string> = { new: 'NEW', update: 'UPDATE', withdrawn: 'WITHDRAWN' };

/** One line per event: data time, what happened, the verdict, the live id, the first figure. */
function eventLine(e: LiveEvent, latest: number): string {
  const f = e.finding;
  const m = f.measures[0];
  const figure = m && m.value !== null ? ` ${m.name} ${m.lowerBound ? '>= ' : ''}${m.value} ${m.unit}${m.limit !== null ? ` (limit ${m.bound === 'min' ? '>=' : '<='} ${m.limit})` : ''}` : '';
  const period = f.period.from ? ` ${f.period.from}${f.period.to && f.period.to !== f.period.from ? `..${f.period.to}` : ''}` : '';
  return `${isoOrNull(latest) ?? '-'} ${eventMark[e.event].padEnd(9)} ${f.verdict.padEnd(12)} ${e.liveId}${period}${figure}\n`;
}
