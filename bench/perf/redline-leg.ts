/**
 * Redline's leg: the engine itself (`check()` of src/verify, the kinds as they ship) on the bench
 * agreement, its places handed over as the materialised polygons. Worker threads take the tasks
 * (redlineTasksOf) from one queue, each reading the same shared columns (SharedArrayBuffer, no
 * copy) and checking with `checkEach`; each worker returns only the comparable keys of its
 * findings, packed as numbers (packed-keys.ts), so nothing large crosses threads.
 */
import { totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../src/verify/finding.js';
import { unpackAmbiguous, unpackFindings, type PackedKeys } from './packed-keys.js';
import type { Ambiguous, BenchTask, FindingKey, LegResult, Polygons } from './spec.js';
import type { WorkloadColumns } from './workload.js';

export interface RedlineJob {
  agreementPath: string;
  cols: WorkloadColumns;
  ids: string[];
  flags: (string | undefined)[];
  /** The materialised places, `id@view` -> polygons. */
  polygons: [string, Polygons][];
  /** Every [commitment, views] task of the run (a commitment under all its views); a worker is handed them one at a time. */
  tasks: [string, string[]][];
}

/** What a worker sends back: its results with the keys packed (packed-keys.ts). */
export interface RedlineWorkerMessage extends Omit<RedlineWorkerResult, 'findings' | 'ambiguous'> {
  findings: PackedKeys;
  ambiguous: PackedKeys;
}

export interface RedlineWorkerResult extends LegResult {
  findingsTotal: number;
  /** Engine time inside the worker, ms (places prepared beforehand, not counted). */
  evalMs: number;
  verdicts: Record<string, number>;
  /** Each task's engine time on the worker that ran it, and its findings. */
  perTask: TaskTime[];
}

export interface TaskTime {
  commitment: string;
  /** The views judged in the task, joined by '+'. */
  view: string;
  ms: number;
  findings: number;
}

/** The comparable part of an engine finding: breaches only, times back to ms. */
export function keyOf(f: Finding): FindingKey | undefined {
  if (f.verdict !== 'breach') return undefined;
  return { commitment: f.commitment, view: f.view, verdict: 'breach', assets: [...f.assets], from: Date.parse(f.period.from ?? ''), to: Date.parse(f.period.to ?? '') };
}

/**
 * Redline's ambiguous decisions: the engine's findings carry the measured figure against its
 * limit; a breach measured within tolerance of its limit is one a spherical earth could decide the
 * other way. (Near misses that a sphere would call breaches are found by the baselines' own lists.)
 */
export function ambiguousOf(f: Finding, tol: (limit: number) => number): Ambiguous | undefined {
  if (f.verdict !== 'breach' || f.kind === 'keep-out') return undefined;
  const m = f.measures[0];
  if (!m || m.limit === null || m.value === null || Math.abs(m.value - m.limit) > tol(m.limit)) return undefined;
  return { commitment: f.commitment, view: f.view, assets: [...f.assets], time: Date.parse(f.period.from ?? '') };
}

/**
 * Redline's tasks: a separation commitment under all its views in one check, as a user comparing
 * the maps asks for it, so that the engine shares the sweep of a sea both maps draw alike; keep-out
 * and standoff share nothing between views (each view has its own places), so each of their views
 * is a task of its own, which the queue can hand to whichever worker is free. The other legs judge
 * each (commitment, view) apart.
 */
export function redlineTasksOf(tasks: BenchTask[]): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const c of new Set(tasks.map((t) => t.commitment))) {
    const of = tasks.filter((t) => t.commitment === c);
    if (of[0]!.kind === 'separation') out.push([c, of.map((t) => t.view)]);
    else for (const t of of) out.push([c, [t.view]]);
  }
  return out;
}

/**
 * The order the queue hands tasks out in, heaviest first, from one thread's times on 10 M positions
 * with both workers busy (4 December 2026): separation-black (both views) 17 s, standoff under RUS
 * 13 s and under UKR 4 s, separation-baltic (both views) 5.5 s, keep-out 2.5 to 3 s a view.
 */
export const taskWeight =
  (tasks: BenchTask[]) =>
  ([commitment, views]: [string, string[]]): number => {
    const kind = tasks.find((t) => t.commitment === commitment)?.kind;
    if (kind === 'separation') return commitment.endsWith('baltic') ? 5.5 : 17;
    if (kind === 'standoff') return views.includes('RUS') ? 13 : 4;
    return 2.5;
  };

/**
 * Each worker's young generation, MB (its new space is then 128 MB; V8's default is 32). Judging
 * makes short-lived objects at a high rate (a finding's text and evidence, the geodesic library's
 * scratch arrays); in the default new space a collection comes every few milliseconds and catches
 * many of them still in use, so they move to the old generation, whose collections then run on
 * helper threads that, on a 2-core machine, take the other worker's core.
 * The bench's `--young-mb` sets it, to measure the difference.
 */
export const YOUNG_GENERATION_MB = 384;

/**
 * Runs the tasks on `threads` workers drawing from one queue, heaviest first: a worker that
 * finishes early takes the next task instead of waiting on a split made in advance (the tasks'
 * costs differ by view as well as by kind).
 */
export async function runRedline(job: Omit<RedlineJob, 'tasks'>, tasks: [string, string[]][], threads: number, weight: (task: [string, string[]]) => number, youngMb = YOUNG_GENERATION_MB): Promise<RedlineWorkerResult & { wallMs: number; perWorker: number[] }> {
  const url = new URL('./redline-worker.js', import.meta.url);
  const queue = [...tasks].sort((a, b) => weight(b) - weight(a));
  const count = Math.max(1, Math.min(threads, tasks.length));
  // V8 caps a heap at about 4 GiB whatever the machine has; a worker may hold one large group's
  // sort records at 100 M positions, so each gets an equal share of three quarters of the memory.
  const heapMb = Math.max(4096, Math.floor((totalmem() * 0.75) / count / 2 ** 20));
  // Each worker prepares, then waits; the clock starts when every worker is ready and told to go.
  const workers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<{ worker: Worker; done: Promise<RedlineWorkerMessage> }>((ready, reject) => {
          const w = new Worker(fileURLToPath(url), { workerData: { ...job, tasks } satisfies RedlineJob, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: youngMb } });
          let resolveDone: (r: RedlineWorkerMessage) => void = () => {};
          let rejectDone: (e: Error) => void = () => {};
          const done = new Promise<RedlineWorkerMessage>((res, rej) => {
            resolveDone = res;
            rejectDone = rej;
          });
          done.catch(() => {});
          const fail = (e: Error) => {
            reject(e);
            rejectDone(e);
          };
          w.on('message', (m: RedlineWorkerMessage | { error: string } | { ready: true } | { want: true }) => {
            if ('ready' in m) ready({ worker: w, done });
            else if ('want' in m) w.postMessage({ task: queue.shift() ?? null });
            else if ('error' in m) fail(new Error(m.error));
            else resolveDone(m);
          });
          w.once('error', fail);
          w.once('exit', (code) => {
            if (code !== 0) fail(new Error(`redline worker exited with ${code}`));
          });
        }),
    ),
  );
  const started = performance.now();
  for (const { worker } of workers) worker.postMessage('go');
  const results = await Promise.all(workers.map((w) => w.done));
  // The clock stops when the last findings are in; shutting the workers down is not evaluation.
  const wallMs = performance.now() - started;
  await Promise.all(workers.map(({ worker }) => worker.terminate()));
  const verdicts: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.verdicts)) verdicts[k] = (verdicts[k] ?? 0) + v;
  return {
    // Unpacked once the clock has stopped: the keys are the bench's own, for its comparisons.
    findings: results.flatMap((r) => unpackFindings(r.findings)),
    ambiguous: results.flatMap((r) => unpackAmbiguous(r.ambiguous)),
    findingsTotal: results.reduce((s, r) => s + r.findingsTotal, 0),
    perTask: results.flatMap((r) => r.perTask),
    evalMs: Math.max(...results.map((r) => r.evalMs)),
    perWorker: results.map((r) => r.evalMs),
    verdicts,
    wallMs,
  };
}
