/**
 * Activity and notification records in the events reader: the bundled exercise facts, checked
 * against the sentence of ../shared/facts/agreements-facts.md §5 they come from (parsed here, not
 * copied), and hand-written bad records, each quarantined with its line and field.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyObservationSet } from '../model.js';
import { readEvents, readEventsFile } from './reader.js';

const FACTS = 'data/facts/exercises.events.yaml';
const num = (s: string) => Number(s.replace(/,/g, ''));

/** Exercise → [declared, later reported] troops, from the facts file's own words. */
function sizesInFacts(): Map<string, number[]> {
  const md = readFileSync('../shared/facts/agreements-facts.md', 'utf8');
  const section = md.slice(md.indexOf('## 5. OSCE Vienna Document'), md.indexOf('## 6.'));
  const out = new Map<string, number[]>();
  for (const m of section.matchAll(/(Kavkaz-\d{4}): declared ([\d,]+), later ([\d,]+)/g)) out.set(m[1]!, [num(m[2]!), num(m[3]!)]);
  for (const m of section.matchAll(/(Zapad-\d{4}) declared ([\d,]+)/g)) out.set(m[1]!, [num(m[2]!)]);
  return out;
}

describe('events reader: activities and notifications', () => {
  it('reads the exercise facts: every declared and later-reported size of §5, verified as the facts mark them', () => {
    const set = emptyObservationSet();
    const s = readEventsFile(FACTS, set);
    expect([s.read, s.accepted, s.quarantined]).toEqual([3, 3, 0]);
    const expected = sizesInFacts();
    expect(expected.size).toBe(3);
    const got = new Map(set.events.ofType('activity').map((a) => [a.name, a.reports.map((r) => r.troops)]));
    expect(got).toEqual(expected);
    for (const a of set.events.ofType('activity')) {
      expect(a.party).toBe('RUS');
      // Dates cited from reports of the Russian MoD's statements are verified; Kavkaz-2008's end is
      // general knowledge (no source gives it), so that record is not verified. Sizes are verified
      // throughout.
      expect(a.confidence).toBe(a.name === 'Kavkaz-2008' ? 'not-verified' : 'verified');
      expect(a.source).toMatch(a.name === 'Kavkaz-2008' ? /RIA Novosti 2008-07-05.*end 2 Aug 2008 \[U\] not verified/ : /.+/);
      expect(a.reports.every((r) => r.confidence === 'verified')).toBe(true);
      expect(a.reports[0]!.basis).toBe('declared');
      expect(a.end).toBeGreaterThan(a.time);
    }
    // The facts record no notification given, so none is here, nor a statement that none was given.
    expect(set.events.ofType('notification')).toEqual([]);
    expect(set.events.coverage).toEqual([]);
  });

  it('quarantines bad activity and notification records with their line and field, and keeps the rest', () => {
    const text = [
      'redline-events: 1', // 1
      'source: constructed', // 2
      'events:', // 3
      '  - { type: activity, party: RUS, name: A, start: 2016-09-05, end: 2016-09-10, place: RUS, reports: [{ basis: declared, troops: 12500 }, { basis: reported, troops: 222000, source: rusi, confidence: verified }] }', // 4
      '  - { type: activity, party: RUS, name: B, start: 2016-09-10, end: 2016-09-05, reports: [{ basis: declared, troops: 1 }] }', // 5
      '  - { type: activity, party: RUS, name: C, start: 2016-09-05, end: 2016-09-10, reports: [] }', // 6
      '  - { type: activity, party: RUS, name: D, start: 2016-09-05, end: 2016-09-10, reports: [{ basis: declared }] }', // 7
      '  - { type: activity, party: RUS, name: E, start: 2016-09-05, end: 2016-09-10, reports: [{ basis: declared, troops: -5 }] }', // 8
      '  - { type: activity, party: RUS, name: F, start: 2016-09-05, end: 2016-09-10, bbox: [30, 50, 40, 45], reports: [{ basis: declared, troops: 5 }] }', // 9
      '  - { type: activity, party: RUS, name: A, start: 2016-09-05, end: 2016-09-11, reports: [{ basis: declared, troops: 5 }] }', // 10
      '  - { type: notification, party: RUS, activity: A, time: 2016-07-01, from: 2016-09-05, to: 2016-09-10, troops: 12500, confidence: verified }', // 11
      '  - { type: notification, party: RUS, activity: A, time: 2016-07-02, from: 2016-09-10, to: 2016-09-05 }', // 12
      '  - { type: notification, party: RUS, time: 2016-07-03, from: 2016-09-05, to: 2016-09-10 }', // 13
      '  - { type: activity, party: RUS, name: G, start: 2016-09-31, end: 2016-10-02, reports: [{ basis: declared, troops: 5 }] }', // 14
    ].join('\n');
    const set = emptyObservationSet();
    const s = readEvents(text, 'bad.events.yaml', set);
    expect([s.read, s.accepted, s.quarantined]).toEqual([11, 2, 9]);
    expect(set.quarantine.map((q) => [q.line, q.code])).toEqual([
      [5, 'bad-period'],
      [6, 'bad-field'],
      [7, 'bad-field'],
      [8, 'bad-field'],
      [9, 'bad-field'],
      [10, 'duplicate'],
      [12, 'bad-period'],
      [13, 'bad-field'],
      [14, 'bad-time'],
    ]);
    const reasons = set.quarantine.map((q) => q.reason);
    expect(reasons[0]).toMatch(/^events\[1\]\.end: ends/);
    expect(reasons[1]).toMatch(/^events\[2\]\.reports: .*at least one report/);
    expect(reasons[2]).toMatch(/^events\[3\]\.reports\[0\]: must give at least one of troops/);
    expect(reasons[3]).toMatch(/^events\[4\]\.reports\[0\]\.troops: /);
    expect(reasons[4]).toMatch(/^events\[5\]\.bbox: .*south <= north/);
    expect(reasons[5]).toMatch(/activity A by RUS .* already given at line 4/);
    expect(reasons[7]).toMatch(/^events\[9\]\.activity: /);
    expect(reasons[8]).toMatch(/^events\[10\]\.start: "2016-09-31"/);

    const [a] = set.events.ofType('activity');
    // A report without its own source or confidence takes the record's: the file's source, and not-verified.
    expect(a!.reports).toEqual([
      { basis: 'declared', troops: 12500, source: 'constructed', confidence: 'not-verified' },
      { basis: 'reported', troops: 222000, source: 'rusi', confidence: 'verified' },
    ]);
    expect([a!.place, new Date(a!.time).toISOString(), new Date(a!.end).toISOString()]).toEqual(['RUS', '2016-09-05T00:00:00.000Z', '2016-09-10T00:00:00.000Z']);
    const [n] = set.events.ofType('notification');
    expect([n!.activity, n!.troops, n!.observation, new Date(n!.from!).toISOString(), new Date(n!.to!).toISOString()]).toEqual(['A', 12500, 'bad.events.yaml:11', '2016-09-05T00:00:00.000Z', '2016-09-10T00:00:00.000Z']);
  });
});
