/**
 * One worker of Redline's leg: prepares the places (before the clock starts, as a long-running
 * service would have them prepared), then runs the engine on its tasks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Agreement } from '../../src/language/index.js';
import { check, loadAgreement } from '../../src/verify/engine.js';
import { ambiguousOf, keyOf, type RedlineJob, type RedlineWorkerResult } from './redline-leg.js';
import { tolerance, type Ambiguous, type FindingKey } from './spec.js';
import { observationSetOf, resolverOf } from './workload.js';

const job = workerData as RedlineJob;

function run(): RedlineWorkerResult {
  const agreement = loadAgreement(job.agreementPath);
  const resolver = resolverOf(agreement, new Map(job.polygons));
  const obs = observationSetOf(job.cols, { ids: job.ids, side: new Int8Array(0), flags: job.flags });
  const findings: FindingKey[] = [];
  const ambiguous: Ambiguous[] = [];
  const verdicts: Record<string, number> = {};
  let total = 0;
  let evalMs = 0;
  const byView = new Map<string, string[]>();
  for (const [c, v] of job.tasks) byView.set(v, [...(byView.get(v) ?? []), c]);
  for (const [view, commitments] of byView) {
    const only = new Agreement({ ...agreement.decl, commitments: agreement.decl.commitments.filter((c) => commitments.includes(c.id)) }, agreement.file);
    const t0 = performance.now();
    const out = check([only], obs, resolver, { views: [view] });
    evalMs += performance.now() - t0;
    total += out.length;
    for (const f of out) {
      verdicts[f.verdict] = (verdicts[f.verdict] ?? 0) + 1;
      const k = keyOf(f);
      if (k) findings.push(k);
      const a = ambiguousOf(f, tolerance);
      if (a) ambiguous.push(a);
    }
  }
  return { findings, ambiguous, findingsTotal: total, evalMs, verdicts };
}

try {
  parentPort!.postMessage(run());
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).stack ?? String(e) });
}
