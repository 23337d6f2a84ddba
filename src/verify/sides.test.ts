import { describe, expect, it } from 'vitest';
import { loadAgreement } from './engine.js';
import { SideCache } from './sides.js';

describe('SideCache', () => {
  const agreement = loadAgreement('agreements/russia-nato-draft-2021-12-17.yaml');
  const states = ['FIN', 'SWE', 'POL', 'EST', 'MNE', 'MKD', 'UKR', 'USA'];
  const direct = (asset: number, t: number) => (agreement.partiesOfState(states[asset]!, t).includes('NATO') ? 0 : -1);

  it('answers as the membership lists do, before, at and after every accession', () => {
    const changes = agreement.membershipChanges();
    expect(changes.length).toBeGreaterThan(5);
    const cache = new SideCache(changes, states.length, direct);
    // In time order, as the engine asks, and also back in time (a second commitment's window).
    const times = [...changes.flatMap((c) => [c - 1, c, c + 1]), Date.parse('2010-06-01'), Date.parse('2025-01-01')].sort((a, b) => a - b);
    for (const t of [...times, ...[...times].reverse()])
      for (let a = 0; a < states.length; a++) expect([states[a], t, cache.of(a, t)]).toEqual([states[a], t, direct(a, t)]);
  });

  it('counts Finland for NATO from its accession day (4 April 2023) and not the day before', () => {
    const cache = new SideCache(agreement.membershipChanges(), states.length, direct);
    expect(cache.of(0, Date.parse('2023-04-03T23:59:59Z'))).toBe(-1);
    expect(cache.of(0, Date.parse('2023-04-04T00:00:00Z'))).toBe(0);
  });
});
