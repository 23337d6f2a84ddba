import { describe, expect, it } from 'vitest';
import { parseTime } from '../language/index.js';
import { readEvents } from '../observations/events/reader.js';
import { emptyObservationSet, type ObservationSet } from '../observations/model.js';
import { forceSegments } from './conditions.js';

/** Condition facts through the events reader, as a file gives them. */
function facts(lines: string[]): ObservationSet {
  const obs = emptyObservationSet();
  readEvents(['redline-events: 1', 'source: test', 'events:', ...lines].join('\n'), 'facts.yaml', obs);
  return obs;
}

const day = (d: string) => parseTime(d);
const brief = (obs: ObservationSet, ids: string[], from: string, to: string) =>
  forceSegments(ids, obs, day(from), day(to)).map((s) => [new Date(s.from).toISOString().slice(0, 10), new Date(s.to).toISOString().slice(0, 10), s.state]);

describe('conditions of a reading', () => {
  it('reads condition facts, and quarantines a bad status with its line and field', () => {
    const obs = facts([
      '  - { type: condition, time: 2025-05-01, party: USA, condition: relief, status: met, confidence: verified }',
      '  - { type: condition, time: 2025-05-02, party: USA, condition: relief, status: lifted }',
    ]);
    expect(obs.events.ofType('condition')).toMatchObject([{ observation: 'facts.yaml:4', condition: 'relief', status: 'met', party: 'USA', confidence: 'verified' }]);
    expect(obs.quarantine).toMatchObject([{ line: 5, code: 'bad-field' }]);
    expect(obs.quarantine[0]!.reason).toMatch(/^events\[1\]\.status: /);
  });

  it('is in force where every condition is met, not where a fact says one is not, unknown elsewhere', () => {
    const obs = facts([
      '  - { type: condition, time: 2025-04-01, party: USA, condition: a, status: met, confidence: verified }',
      '  - { type: condition, time: 2025-05-01, party: USA, condition: b, status: met, confidence: partly-verified }',
      '  - { type: condition, time: 2025-06-01, party: EU, condition: a, status: not-met, confidence: verified }',
    ]);
    // b unknown until 1 May, so unknown; both met 1 May to 1 Jun; a re-imposed from 1 Jun.
    expect(brief(obs, ['a', 'b'], '2025-03-01', '2025-07-01')).toEqual([
      ['2025-03-01', '2025-05-01', 'unknown'],
      ['2025-05-01', '2025-06-01', 'in-force'],
      ['2025-06-01', '2025-07-01', 'not-in-force'],
    ]);
  });

  it('takes a not-verified fact as unknown, not as met', () => {
    const obs = facts(['  - { type: condition, time: 2025-04-01, party: USA, condition: a, status: met, confidence: not-verified }']);
    expect(brief(obs, ['a'], '2025-03-01', '2025-07-01')).toEqual([['2025-03-01', '2025-07-01', 'unknown']]);
    const seg = forceSegments(['a'], obs, day('2025-03-01'), day('2025-07-01'))[0]!;
    expect(seg.conditions[0]!.facts.map((f) => f.observation)).toEqual(['facts.yaml:4']);
  });
});
