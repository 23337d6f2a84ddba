/**
 * One worker of Redline's leg: prepares the places and the observation set, says it is ready, and
 * on the go takes tasks from the queue one at a time (the clock runs from the go, as a long-running service
 * would have its places prepared).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Agreement } from '../../src/language/index.js';
import { checkEach, loadAgreement } from '../../src/verify/engine.js';
import { KeyPacker, packAmbiguous, packFindings } from './packed-keys.js';
import { ambiguousOf, keyOf, type RedlineJob, type RedlineWorkerMessage, type TaskTime } from './redline-leg.js';
import { tolerance } from './spec.js';
import { observationSetOf, resolverOf } from './workload.js';

const job = workerData as RedlineJob;

/** Everything before the clock: the agreement, the prepared places, the observation set over the shared columns. */
function prepare() {
  const agreement = loadAgreement(job.agreementPath);
  const resolver = resolverOf(agreement, new Map(job.polygons));
  const obs = observationSetOf(job.cols, { ids: job.ids, side: new Int8Array(0), flags: job.flags });
  // One agreement per commitment, so that a task judges that commitment alone.
  const single = new Map(agreement.decl.commitments.map((c) => [c.id, new Agreement({ ...agreement.decl, commitments: [c] }, agreement.file)]));
  return { resolver, obs, single };
}

const prepared = (() => {
  try {
    return prepare();
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).stack ?? String(e) });
    return undefined;
  }
})();

const findings = new KeyPacker();
const ambiguous = new KeyPacker();
const verdicts: Record<string, number> = {};
let total = 0;
let evalMs = 0;
const perTask: TaskTime[] = [];

function runTask([commitment, views]: [string, string[]]): void {
  const { resolver, obs, single } = prepared!;
  const before = total;
  const t0 = performance.now();
  // A group at a time, as a service writing findings out would take them: only the keys stay.
  // Every view in one check, as a user comparing the maps asks: the engine shares what the views share.
  checkEach([single.get(commitment)!], obs, resolver, { views }, (group) => {
    total += group.size;
    for (const f of group) {
      verdicts[f.verdict] = (verdicts[f.verdict] ?? 0) + 1;
      const k = keyOf(f);
      if (k) packFindings(findings, k);
      const a = ambiguousOf(f, tolerance);
      if (a) packAmbiguous(ambiguous, a);
    }
  });
  const ms = performance.now() - t0;
  evalMs += ms;
  perTask.push({ commitment, view: views.join('+'), ms, findings: total - before });
}

if (prepared) {
  parentPort!.on('message', (m: 'go' | { task: [string, string[]] | null }) => {
    try {
      if (m !== 'go') {
        if (!m.task) {
          parentPort!.postMessage({ findings: findings.packed(), ambiguous: ambiguous.packed(), findingsTotal: total, evalMs, verdicts, perTask } satisfies RedlineWorkerMessage);
          return;
        }
        runTask(m.task);
      }
      parentPort!.postMessage({ want: true });
    } catch (e) {
      parentPort!.postMessage({ error: (e as Error).stack ?? String(e) });
    }
  });
  parentPort!.postMessage({ ready: true });
}
