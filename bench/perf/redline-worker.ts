/**
 * One worker of Redline's leg: prepares the places and the observation set, says it is ready, and
 * on the go runs the engine on its tasks (the clock runs from the go, as a long-running service
 * would have its places prepared).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Agreement } from '../../src/language/index.js';
import { checkEach, loadAgreement } from '../../src/verify/engine.js';
import { ambiguousOf, keyOf, type RedlineJob, type RedlineWorkerResult } from './redline-leg.js';
import { tolerance, type Ambiguous, type FindingKey } from './spec.js';
import { observationSetOf, resolverOf } from './workload.js';

const job = workerData as RedlineJob;

/** Everything before the clock: the agreement, the prepared places, the observation set over the shared columns. */
function prepare() {
  const agreement = loadAgreement(job.agreementPath);
  const resolver = resolverOf(agreement, new Map(job.polygons));
  const obs = observationSetOf(job.cols, { ids: job.ids, side: new Int8Array(0), flags: job.flags });
  const byView = new Map<string, Agreement>();
  for (const [c, v] of job.tasks) {
    const decl = byView.get(v)?.decl ?? { ...agreement.decl, commitments: [] };
    byView.set(v, new Agreement({ ...decl, commitments: [...decl.commitments, agreement.decl.commitments.find((x) => x.id === c)!] }, agreement.file));
  }
  return { resolver, obs, byView };
}

function run({ resolver, obs, byView }: ReturnType<typeof prepare>): RedlineWorkerResult {
  const findings: FindingKey[] = [];
  const ambiguous: Ambiguous[] = [];
  const verdicts: Record<string, number> = {};
  let total = 0;
  const t0 = performance.now();
  for (const [view, only] of byView) {
    // A group at a time, as a service writing findings out would take them: only the keys stay.
    checkEach([only], obs, resolver, { views: [view] }, (group) => {
      total += group.length;
      for (const f of group) {
        verdicts[f.verdict] = (verdicts[f.verdict] ?? 0) + 1;
        const k = keyOf(f);
        if (k) findings.push(k);
        const a = ambiguousOf(f, tolerance);
        if (a) ambiguous.push(a);
      }
    });
  }
  return { findings, ambiguous, findingsTotal: total, evalMs: performance.now() - t0, verdicts };
}

try {
  const prepared = prepare();
  parentPort!.postMessage({ ready: true });
  parentPort!.once('message', () => {
    try {
      parentPort!.postMessage(run(prepared));
    } catch (e) {
      parentPort!.postMessage({ error: (e as Error).stack ?? String(e) });
    }
  });
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).stack ?? String(e) });
}
