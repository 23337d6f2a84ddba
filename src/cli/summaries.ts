import type { ObservationSet } from '../observations/model.js';

/** How each input was read: counts that reconcile, and what went to quarantine and why. */
export function printReadSummaries(obs: ObservationSet, out: NodeJS.WritableStream): void {
  for (const s of obs.summaries) {
    const reasons = Object.entries(s.byReason).map(([k, v]) => `${k} ${v}`).join(', ');
    out.write(`read ${s.source}: ${s.read} records = ${s.accepted} accepted + ${s.quarantined} quarantined${reasons ? ` (${reasons})` : ''}; ${s.positions} positions${s.ignored ? `; ${s.ignored} non-record lines` : ''}\n`);
  }
}
