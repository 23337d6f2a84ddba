/**
 * Whether two legs found the same breaches. Findings touched by a decision that either leg marks as
 * ambiguous (the same commitment and view, the same assets — one for keep-out and standoff, the
 * pair for separation — and the decision's time within the finding's period grown by `slackMs`)
 * are set aside on both sides and counted; everything else must match exactly: commitment, view,
 * assets, from and to to the millisecond.
 */
import type { Ambiguous, FindingKey, LegResult } from './spec.js';

export interface Comparison {
  compared: number;
  setAside: number;
  onlyLeft: FindingKey[];
  onlyRight: FindingKey[];
}

export const keyText = (k: FindingKey) => `${k.commitment}@${k.view} ${k.assets.join('+')} ${new Date(k.from).toISOString()}..${new Date(k.to).toISOString()}`;

const whose = (commitment: string, view: string, assets: string[]) => `${commitment}@${view}@${[...assets].sort().join('+')}`;

function touched(k: FindingKey, amb: Map<string, Ambiguous[]>, slackMs: number): boolean {
  for (const d of amb.get(whose(k.commitment, k.view, k.assets)) ?? []) if (d.time >= k.from - slackMs && d.time <= k.to + slackMs) return true;
  return false;
}

export function compareLegs(left: LegResult, right: LegResult, slackMs: number): Comparison {
  const amb = new Map<string, Ambiguous[]>();
  for (const d of [...left.ambiguous, ...right.ambiguous]) {
    const k = whose(d.commitment, d.view, d.assets);
    const list = amb.get(k);
    if (list) list.push(d);
    else amb.set(k, [d]);
  }
  let setAside = 0;
  const count = (list: FindingKey[]) => {
    const m = new Map<string, number>();
    for (const k of list) {
      if (touched(k, amb, slackMs)) {
        setAside++;
        continue;
      }
      const t = keyText(k);
      m.set(t, (m.get(t) ?? 0) + 1);
    }
    return m;
  };
  const l = count(left.findings);
  const r = count(right.findings);
  const only = (a: Map<string, number>, b: Map<string, number>, src: FindingKey[]) => {
    const out: FindingKey[] = [];
    const left = new Map(a);
    for (const [t, n] of b) left.set(t, (left.get(t) ?? 0) - n);
    for (const k of src) {
      const t = keyText(k);
      if ((left.get(t) ?? 0) > 0) {
        out.push(k);
        left.set(t, left.get(t)! - 1);
      }
    }
    return out;
  };
  let compared = 0;
  for (const [t, n] of l) compared += Math.min(n, r.get(t) ?? 0);
  return { compared, setAside, onlyLeft: only(l, r, left.findings), onlyRight: only(r, l, right.findings) };
}
