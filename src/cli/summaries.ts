import { writeFileSync } from 'node:fs';
import type { ObservationSet } from '../observations/model.js';

/** How each input was read: counts that reconcile, and what went to quarantine and why. */
export function printReadSummaries(obs: ObservationSet, out: NodeJS.WritableStream): void {
  for (const s of obs.summaries) {
    const reasons = Object.entries(s.byReason).map(([k, v]) => `${k} ${v}`).join(', ');
    out.write(`read ${s.source}: ${s.read} records = ${s.accepted} accepted + ${s.quarantined} quarantined${reasons ? ` (${reasons})` : ''}; ${s.positions} positions${s.events !== undefined ? `, ${s.events} events` : ''}${s.ignored ? `; ${s.ignored} non-record lines` : ''}\n`);
  }
}

/** Every quarantined record, one JSON object a line: source, line, code, reason, raw text. */
export function writeQuarantine(obs: ObservationSet, path: string): void {
  writeFileSync(path, obs.quarantine.map((q) => JSON.stringify(q)).join('\n') + (obs.quarantine.length ? '\n' : ''));
  console.error(`wrote ${obs.quarantine.length} quarantined record(s) to ${path}`);
}
