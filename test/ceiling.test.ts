/**
 * Scenario on historical facts: Art. 4 of the draft Russia-NATO agreement (the 27 May 1997 baseline,
 * agreements/russia-nato-draft-2021-12-17.yaml) judged on the declared Aegis Ashore interceptors
 * (data/facts/holdings.events.yaml, from ../shared/facts/agreements-facts.md §10). Worked out by hand:
 * the US was a NATO member on 27 May 1997, so bound; Romania and Poland were admitted later, so in
 * the place; no declaration stands for 27 May 1997, so the assumed baseline of none
 * ($art4BaselineNewMembers = 0, not agreed) stands in: 24 SM-3 at Deveselu (12 May 2016) and 24 at
 * Redzikowo (15 Dec 2023), both verified, are two breaches of 24 against 0, each marked as resting on
 * an assumption. Without the facts the data can tell nothing: unverifiable.
 * Also the events reader on holdings: a good record, and bad ones quarantined with line and field.
 */
import { describe, expect, it } from 'vitest';
import { createGeo } from '../src/geo/index.js';
import { loadObservationFiles } from '../src/observations/load.js';
import { readEvents } from '../src/observations/events/reader.js';
import { emptyObservationSet } from '../src/observations/model.js';
import { check, loadAgreement } from '../src/verify/index.js';

const geo = createGeo();
const art4 = (obs: ReturnType<typeof emptyObservationSet>) =>
  check([loadAgreement('agreements/russia-nato-draft-2021-12-17.yaml')], obs, geo).filter((f) => f.commitment === 'art4-1997-baseline');

describe('Art. 4 of the draft Russia-NATO agreement on the Aegis Ashore sites', () => {
  it('two breaches, 24 interceptors against an assumed baseline of none, citing the declarations', async () => {
    const obs = emptyObservationSet();
    await loadObservationFiles(['data/facts/holdings.events.yaml'], obs);
    const findings = art4(obs);
    expect(findings.map((f) => [f.verdict, f.period.from, f.measures[0]!.value, f.measures[0]!.limit])).toEqual([
      ['breach', '2016-05-12T00:00:00.000Z', 24, 0],
      ['breach', '2023-12-15T00:00:00.000Z', 24, 0],
    ]);
    for (const f of findings) {
      expect(f.article).toBe('Art. 4');
      expect(f.measures[0]!.assumption?.parameter).toBe('art4BaselineNewMembers');
      expect(f.evidence).toHaveLength(1);
    }
    expect(findings[0]!.explanation).toMatch(/24 missile-defence-interceptor \(SM-3 Block IA \(NSF Deveselu\)\) of USA in ROU/);
  });

  it('without declarations: unverifiable', () => {
    expect(art4(emptyObservationSet()).map((f) => f.verdict)).toEqual(['unverifiable']);
  });
});

describe('events reader: holdings', () => {
  it('reads a holding and quarantines bad ones with line and field', () => {
    const set = emptyObservationSet();
    const text = [
      'redline-events: 1',
      'source: test',
      'events:',
      '  - { type: holding, time: 2016-05-12, until: 2016-12-31, party: USA, class: missile-defence-interceptor, place: ROU, count: 24, confidence: verified }',
      '  - { type: holding, time: 2016-05-12, party: USA, class: missile-defence-interceptor, place: ROU, count: -1 }',
      '  - { type: holding, time: 2016-05-12, until: 2016-01-01, party: USA, class: launcher, place: ROU, count: 1 }',
    ].join('\n');
    const summary = readEvents(text, 'test.yaml', set);
    expect([summary.read, summary.accepted, summary.quarantined]).toEqual([3, 1, 2]);
    expect(set.events.ofType('holding')[0]).toMatchObject({ observation: 'test.yaml:4', count: 24, basis: 'declared', until: Date.UTC(2016, 11, 31) });
    expect(set.quarantine.map((q) => [q.line, q.code])).toEqual([
      [5, 'bad-field'],
      [6, 'bad-period'],
    ]);
    expect(set.quarantine[0]!.reason).toMatch(/count/);
  });
});
