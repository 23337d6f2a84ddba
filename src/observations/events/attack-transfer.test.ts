/**
 * Attack and transfer records in the events reader: well-formed records read into the model, and
 * hand-written bad ones, each quarantined with its line and the field at fault; counts reconcile.
 * The facts hold no dated report of a strike or a transfer, so the records are written for the test.
 */
import { describe, expect, it } from 'vitest';
import { emptyObservationSet } from '../model.js';
import { readEvents } from './reader.js';

const read = (events: string) => {
  const set = emptyObservationSet();
  const summary = readEvents(`redline-events: 1\nsource: test\nevents:\n${events}`, 'test.yaml', set);
  return { set, summary };
};

describe('events reader: attacks and transfers', () => {
  it('reads an attested attack with a place and an unattested one with a point', () => {
    const { set, summary } = read(
      [
        '  - { type: attack, time: 2025-04-01, party: RUS, target: energy-infrastructure, place: UKR, attested: { by: USA, date: 2025-04-03 }, confidence: verified }',
        '  - { type: attack, time: 2025-04-02T10:00:00Z, party: RUS, target: merchant-vessel, point: [30.7, 46.5] }',
      ].join('\n'),
    );
    expect([summary.read, summary.accepted, summary.quarantined]).toEqual([2, 2, 0]);
    const [a, b] = set.events.ofType('attack');
    expect(a).toMatchObject({ observation: 'test.yaml:4', party: 'RUS', target: 'energy-infrastructure', place: 'UKR', attested: { by: 'USA', date: Date.UTC(2025, 3, 3) }, source: 'test', confidence: 'verified' });
    // No confidence given and none in the file: never read as verified.
    expect(b).toMatchObject({ time: Date.UTC(2025, 3, 2, 10), point: [30.7, 46.5], confidence: 'not-verified' });
    expect(b!.attested).toBeUndefined();
  });

  it('reads a dated arms transfer and a period of intelligence support', () => {
    const { set, summary } = read(
      [
        '  - { type: transfer, time: 2022-03-01, party: USA, recipient: UKR, category: arms, classes: [air-defence] }',
        '  - { type: transfer, start: 2022-04-01, end: 2022-06-30, party: USA, recipient: UKR, category: intelligence }',
      ].join('\n'),
    );
    expect(summary.accepted).toBe(2);
    const [a, b] = set.events.ofType('transfer');
    expect(a).toMatchObject({ recipient: 'UKR', category: 'arms', classes: ['air-defence'], time: Date.UTC(2022, 2, 1), end: Date.UTC(2022, 2, 1) });
    expect(b).toMatchObject({ category: 'intelligence', time: Date.UTC(2022, 3, 1), end: Date.UTC(2022, 5, 30) });
  });

  it('quarantines bad records with line and field, and reads the rest', () => {
    const { set, summary } = read(
      [
        '  - { type: attack, time: 2025-04-01, party: RUS, target: Energy }',
        '  - { type: attack, time: 2025-04-05, party: RUS, target: port, attested: { by: USA, date: 2025-04-01 } }',
        '  - { type: attack, time: 2025-04-05, party: RUS, target: port, point: [200, 10] }',
        '  - { type: transfer, time: 2022-03-01, start: 2022-03-01, end: 2022-03-02, party: USA, recipient: UKR, category: arms }',
        '  - { type: transfer, time: 2022-03-01, party: USA, recipient: UKR, category: intelligence, classes: [satellite] }',
        '  - { type: transfer, time: 2022-03-01, party: USA, recipient: XXX, category: arms }',
        '  - { type: transfer, start: 2022-03-05, end: 2022-03-01, party: USA, recipient: UKR, category: military-cooperation }',
        '  - { type: transfer, time: 2022-03-01, party: USA, recipient: UKR, category: training }',
        '  - { type: attack, time: 2025-04-05, party: RUS, target: port }',
      ].join('\n'),
    );
    expect([summary.read, summary.accepted, summary.quarantined]).toEqual([9, 1, 8]);
    expect(summary.read).toBe(summary.accepted + summary.quarantined);
    const q = set.quarantine.map((x) => [x.line, x.code, x.reason]);
    expect(q.map(([line, code]) => [line, code])).toEqual([
      [4, 'bad-field'],
      [5, 'bad-period'],
      [6, 'bad-field'],
      [7, 'bad-field'],
      [8, 'bad-field'],
      [9, 'bad-field'],
      [10, 'bad-period'],
      [11, 'bad-field'],
    ]);
    expect(q[0]![2]).toMatch(/target.*kebab-case/);
    expect(q[1]![2]).toMatch(/attested\.date.*before the attack/);
    expect(q[2]![2]).toMatch(/point/);
    expect(q[3]![2]).toMatch(/either "time".*or both "start" and "end"/);
    expect(q[4]![2]).toMatch(/only an arms transfer has classes/);
    expect(q[5]![2]).toMatch(/recipient.*ISO 3166-1 alpha-3/);
    expect(q[6]![2]).toMatch(/end.*before it starts/);
    expect(q[7]![2]).toMatch(/category/);
  });
});
