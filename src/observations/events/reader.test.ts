/**
 * The events reader on the bundled NATO membership facts and on hand-written bad records. The
 * expected admissions are taken from the facts table itself (../shared/facts/agreements-facts.md
 * §9), parsed here independently of the events file: per accession date, how many states it lists.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { formatOf, loadObservationFiles, sniffFormat } from '../load.js';
import { emptyObservationSet } from '../model.js';
import { readEvents, readEventsFile } from './reader.js';

const FACTS = 'data/facts/nato-membership.events.yaml';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Accession date → number of states, from the facts table (founding members excluded: not admitted). */
function admissionsInFactsTable(): Map<string, number> {
  const md = readFileSync('../shared/facts/agreements-facts.md', 'utf8');
  const section = md.slice(md.indexOf('## 9. NATO members'), md.indexOf('## 10.'));
  const out = new Map<string, number>();
  for (const row of section.split('\n')) {
    const m = /^\| (\d{1,2}) (\w{3}) (\d{4})[^|]*\| ([^|]+) \|/.exec(row);
    if (!m || m[4]!.startsWith('Belgium')) continue;
    const date = `${m[3]}-${String(MONTHS.indexOf(m[2]!) + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    out.set(date, m[4]!.split(',').length);
  }
  return out;
}

describe('events reader', () => {
  it('reads the NATO membership facts: every accession of the facts table, with source and confidence', () => {
    const set = emptyObservationSet();
    const s = readEventsFile(FACTS, set);
    expect(s.read).toBe(s.accepted + s.quarantined);
    expect(s.quarantined).toBe(0);
    const expected = admissionsInFactsTable();
    // 32 members less the 12 founders: 20 admissions on 10 dates.
    expect([...expected.values()].reduce((a, b) => a + b, 0)).toBe(20);
    const got = new Map<string, number>();
    for (const e of set.events.ofType('membership')) {
      expect(e.party).toBe('NATO');
      expect(e.change).toBe('join');
      expect(e.source.length).toBeGreaterThan(5);
      const day = new Date(e.time).toISOString().slice(0, 10);
      got.set(day, (got.get(day) ?? 0) + 1);
    }
    expect(got).toEqual(expected);
    expect(s.events).toBe(20);
    expect(set.events.coverageOf('membership', 'NATO')).toHaveLength(1);
    // Finland is [V] in the facts; the days of 1999-2020 and Sweden's, [U] there, are verified
    // against the depositary's, NATO's or the acceding state's own statements, cited on each record.
    const byState = new Map(set.events.ofType('membership').map((e) => [e.state, e]));
    expect(byState.get('FIN')?.confidence).toBe('verified');
    expect(byState.get('SWE')?.confidence).toBe('verified');
    expect(byState.get('SWE')?.source).toMatch(/Government Offices of Sweden/);
    expect(byState.get('POL')?.confidence).toBe('verified');
    expect(byState.get('POL')?.source).toMatch(/clintonwhitehouse6\.archives\.gov/);
    expect(set.events.ofType('membership').every((e) => e.confidence === 'verified')).toBe(true);
    // The treaty's entry into force (the coverage's start) stays [U]: its source says so.
    expect(set.events.coverageOf('membership', 'NATO')[0]!.source).toMatch(/24 Aug 1949 \(treaty in force\) \[U\] not verified/);
    // The observation id is the file and the line the record is on.
    const lines = readFileSync(FACTS, 'utf8').split('\n');
    const fin = byState.get('FIN')!;
    expect(lines[Number(fin.observation.split(':')[1]) - 1]).toMatch(/state: FIN/);
  });

  it('quarantines each bad record with its line and field, and keeps the rest', () => {
    const text = [
      'redline-events: 1', // 1
      'covers:', // 2
      '  - { type: membership, party: NATO, from: 2020-01-01, to: 2019-01-01, source: x }', // 3
      'events:', // 4
      '  - { type: membership, time: 2023-04-04, party: NATO, state: FIN, change: join, source: s }', // 5
      '  - { type: membership, time: 2023-04-04, party: NATO, state: FIX, change: join, source: s }', // 6
      '  - { type: exercise, time: 2023-04-04, party: NATO, source: s }', // 7
      '  - { type: membership, time: 2023-02-30, party: NATO, state: SWE, change: join, source: s }', // 8
      '  - { type: membership, time: 2023-04-04, party: NATO, state: SWE, change: join }', // 9
      '  - { type: membership, time: 2023-04-04, party: NATO, state: FIN, change: join, source: other }', // 10
      '  - just a string', // 11
      '  - type: membership', // 12
      '    time: 2024-03-07', // 13
      '    party: NATO', // 14
      '    state: SWE', // 15
      '    change: joined', // 16
      '    source: s', // 17
    ].join('\n');
    const set = emptyObservationSet();
    const s = readEvents(text, 'bad.events.yaml', set);
    expect(s.read).toBe(9);
    expect(s.accepted).toBe(1);
    expect(s.quarantined).toBe(8);
    expect(s.read).toBe(s.accepted + s.quarantined);
    const q = set.quarantine.map((r) => [r.line, r.code]);
    expect(q).toEqual([
      [3, 'bad-period'],
      [6, 'bad-field'],
      [7, 'unknown-type'],
      [8, 'bad-time'],
      [9, 'no-source'],
      [10, 'duplicate'],
      [11, 'not-a-record'],
      [12, 'bad-field'],
    ]);
    const reasons = set.quarantine.map((r) => r.reason);
    expect(reasons[1]).toMatch(/^events\[1\]\.state: /);
    expect(reasons[3]).toMatch(/events\[3\]\.time: "2023-02-30"/);
    expect(reasons[5]).toMatch(/already given at line 5/);
    expect(reasons[7]).toMatch(/^events\[7\]\.change: /);
    expect(set.quarantine[1]!.raw).toContain('FIX');
    expect(set.events.items.map((e) => e.observation)).toEqual(['bad.events.yaml:5']);
  });

  it('reads JSON the same way, and takes file-wide source and confidence as defaults', () => {
    const json = JSON.stringify(
      { 'redline-events': 1, source: 'file-wide source', confidence: 'verified', events: [{ type: 'membership', time: '2023-04-04T10:00:00+02:00', party: 'NATO', state: 'FIN', change: 'join' }] },
      null,
      2,
    );
    const set = emptyObservationSet();
    readEvents(json, 'facts.json', set);
    const e = set.events.items[0]!;
    expect(e.source).toBe('file-wide source');
    expect(e.confidence).toBe('verified');
    expect(new Date(e.time).toISOString()).toBe('2023-04-04T08:00:00.000Z');
    expect(e.observation).toBe('facts.json:6');
  });

  it('reads step reports of a plan, and quarantines a step with a status it does not know', () => {
    const text = [
      'redline-events: 1',
      'source: constructed',
      'events:',
      '  - { type: step, time: 2015-02-15, party: UKR, plan: minsk-2015, step: point-1, status: completed }',
      '  - { type: step, time: 2015-02-16, party: UKR, plan: minsk-2015, step: point-2, status: done }',
    ].join('\n');
    const set = emptyObservationSet();
    const s = readEvents(text, 'steps.events.yaml', set);
    expect([s.read, s.accepted, s.quarantined]).toEqual([2, 1, 1]);
    expect(set.events.ofType('step').map((e) => [e.plan, e.step, e.status, e.source, e.observation])).toEqual([['minsk-2015', 'point-1', 'completed', 'constructed', 'steps.events.yaml:4']]);
    expect(set.quarantine[0]!.reason).toMatch(/^events\[1\]\.status: /);
    expect(set.quarantine[0]!.line).toBe(5);
  });

  it('refuses a file that is not an events file, naming the file and line', () => {
    expect(() => readEvents('redline-events: 2\nevents: []\n', 'x.events.yaml', emptyObservationSet())).toThrow(InputError);
    expect(() => readEvents('redline-events: 1\nevents: []\nevnts: []\n', 'x.events.yaml', emptyObservationSet())).toThrow(/x\.events\.yaml:3:1: evnts: unknown field/);
    expect(() => readEvents('redline-events: 1\nevents: [ { a: 1 \n', 'x.events.yaml', emptyObservationSet())).toThrow(/^x\.events\.yaml:\d+:\d+: /);
  });

  it('is told by name or by its first bytes, and loads through loadObservationFiles', async () => {
    const empty = Buffer.alloc(0);
    expect(sniffFormat('nato.events.yaml', empty)).toBe('events');
    expect(sniffFormat('nato.events.json.gz', empty)).toBe('events');
    expect(sniffFormat('stdin', Buffer.from('{"redline-events": 1, "events": []}'))).toBe('events');
    expect(sniffFormat('a.json', Buffer.from('\n  {"redline-events": 1, "events": []}'))).toBe('events');
    expect(sniffFormat('facts.yaml', Buffer.from('# NATO\n\nredline-events: 1\nevents: []\n'))).toBe('events');
    expect(() => sniffFormat('a.json', Buffer.from('redline-events: 1\n'))).toThrow(/not JSON/);
    expect(formatOf(FACTS)).toBe('events');
    const dir = mkdtempSync(join(tmpdir(), 'redline-events-'));
    const gz = join(dir, 'membership.yaml.gz');
    writeFileSync(gz, gzipSync(readFileSync(FACTS)));
    const set = emptyObservationSet();
    await loadObservationFiles([FACTS, gz], set);
    expect(set.summaries.map((s) => [s.source, s.accepted])).toEqual([
      ['nato-membership.events.yaml', 21],
      ['membership.yaml.gz', 21],
    ]);
  });
});
