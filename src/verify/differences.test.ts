import { describe, expect, it } from 'vitest';
import { createGeo } from '../geo/index.js';
import { runCase } from './cases.js';
import { differences } from './differences.js';

describe('differences across views', () => {
  it('show a kind on dated facts when a reported point placed it differently on the two maps', () => {
    // Simferopol is Ukraine's on the UKR view and Russia's on the RUS view (the case's comment).
    const { findings, problems } = runCase('cases/no-attack/point-in-place.yaml', createGeo());
    expect(problems).toEqual([]);
    expect(differences(findings, 'view').map((d) => [d.commitment, d.outcomes.map((o) => [o.value, o.outcome])])).toEqual([
      ['energy-moratorium', [['RUS', '1 breach'], ['UKR', '2 breach']]],
    ]);
  });

  it('leave out a kind on dated facts placed by name, judged once', () => {
    const { findings } = runCase('cases/no-attack/reported-attacks.yaml', createGeo());
    expect(new Set(findings.map((f) => f.view)).size).toBe(1);
    expect(differences(findings, 'view')).toEqual([]);
  });

  it('leave out a point placed alike on both maps, though judged under both', () => {
    const { findings } = runCase('cases/no-incident/point-in-region.yaml', createGeo());
    expect([...new Set(findings.map((f) => f.view))]).toEqual(['RUS', 'UKR']);
    expect(differences(findings, 'view')).toEqual([]);
  });
});
