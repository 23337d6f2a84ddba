/**
 * Scenario on historical facts: the documented incidents at sea and in the air
 * (data/facts/incidents.events.yaml, the seventeen of ../shared/facts/agreements-facts.md §11 as 20
 * records) judged against the approach rules of Art. 3 of Russia's draft agreement with NATO and of
 * Arts. III-IV of the 1972 Incidents at Sea Agreement. Expected verdicts worked out by hand from the
 * facts, the parameters stated in each agreement file and the rule of src/verify/kinds/no-incident:
 *
 * Russia-NATO draft, Art. 3, on reports ($approachDistanceM = 1,000 m, risk under 3,000 m, both not
 * agreed; sides RUS and NATO with membership on the date; warships and military aircraft incl. drones):
 * - breaches, each a verified report under 1,000 m: No. 2 (2014-04-12, ~1,000 yd = 914 m), No. 8
 *   (2015-04-07, ~20 ft), No. 9 (2016-01-25, 15-20 ft), No. 10 (2016-04-11, 1,000 yd), No. 11 Su-24
 *   (2016-04-12, ~30 ft), No. 12 (2016-04-29, ~25 ft), No. 13 (2016-09-07, ~10 ft), No. 17
 *   (2023-03-14, the MQ-9 struck: 0 m): 8;
 * - unverifiable, covered but with no distance reported and no act the article bars: No. 11 Ka-27,
 *   No. 12 of 14 April, No. 14 (two records), No. 15, No. 16: 6;
 * - not covered: No. 1 and No. 7 (civil airliners), No. 3 (a territory, not a platform), No. 4
 *   (Sweden, not a NATO member in 2014), No. 5 (on land), No. 6 (no actor named).
 * INCSEA, Art. IV (aircraft; USA and RUS only; "aircraft" = military manned craft, Art. I; barred:
 * simulated attacks, aerobatics over ships, dropping objects; $interceptDistanceM = 150 m and risk
 * under $cautionDistanceM = 1,000 m, both not agreed):
 * - breaches: Nos. 8, 9, 11 Su-24 (also a simulated attack), 12 of 29 April, 13: 5;
 * - risks: Nos. 2 and 10 (914 m: over 150 m, under 1,000 m): 2;
 * - unverifiable: No. 11 Ka-27 and No. 12 of 14 April (no distance; low circles and a barrel roll
 *   over an aircraft are not among the barred acts): 2;
 * - not covered: No. 17, because the MQ-9 is unmanned, outside the Art. I definition.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGeo } from '../src/geo/index.js';
import { readEvents } from '../src/observations/events/reader.js';
import { loadObservationFiles } from '../src/observations/load.js';
import { emptyObservationSet, type ObservationSet } from '../src/observations/model.js';
import { check, loadAgreement, type Finding } from '../src/verify/index.js';
import { runCli } from './support/child.js';

const FACTS = 'data/facts/incidents.events.yaml';
const geo = createGeo();

async function facts(): Promise<ObservationSet> {
  const obs = emptyObservationSet();
  await loadObservationFiles([FACTS], obs);
  return obs;
}

const judged = (file: string, commitment: string, obs: ObservationSet): Finding[] => check([loadAgreement(file)], obs, geo).filter((f) => f.commitment === commitment);
const days = (fs: Finding[]) => fs.map((f) => f.period.from!.slice(0, 10));

describe('the documented incidents as dated facts', () => {
  it('reads all 20 records of the 17 incidents, none quarantined, with their sources and confidence', async () => {
    const obs = await facts();
    const incidents = obs.events.ofType('incident');
    expect(obs.summaries[0]).toMatchObject({ read: 20, accepted: 20, quarantined: 0 });
    expect(incidents.every((e) => e.source.includes('agreements-facts.md §11'))).toBe(true);
    // The facts' [P] for No. 4 and the conflicting accounts of No. 14 are kept.
    expect(incidents.find((e) => e.time === Date.UTC(2014, 6, 16))!.confidence).toBe('partly-verified');
    expect(incidents.filter((e) => e.against === 'GBR' && e.time < Date.UTC(2022, 0, 1)).map((e) => e.confidence)).toEqual(['not-verified', 'not-verified']);
    // 1,000 yd and 30 ft as the facts' conversion factors give them.
    expect(incidents.find((e) => e.time === Date.UTC(2014, 3, 12))!.distanceM).toBeCloseTo(1000 * 0.9144, 6);
  });
});

describe("Art. 3 of Russia's draft agreement with NATO on the reported incidents", () => {
  it('eight breaches under the assumed 1,000 m, six reports without a distance, the rest not covered', async () => {
    const fs = judged('agreements/russia-nato-draft-2021-12-17.yaml', 'art3-approach-distance-reported', await facts());
    const breaches = fs.filter((f) => f.verdict === 'breach');
    expect(days(breaches)).toEqual(['2014-04-12', '2015-04-07', '2016-01-25', '2016-04-11', '2016-04-12', '2016-04-29', '2016-09-07', '2023-03-14']);
    expect(days(fs.filter((f) => f.verdict === 'unverifiable'))).toEqual(['2016-04-12', '2016-04-14', '2021-06-23', '2021-06-23', '2021-06-24', '2022-09-29']);
    expect(fs).toHaveLength(14);
    for (const f of breaches) {
      expect(f.obligor).toEqual(['RUS']);
      expect(f.measures[0]).toMatchObject({ name: 'reported closest approach', limit: 1000, unit: 'm', bound: 'min', assumption: { parameter: 'approachDistanceM' } });
    }
    expect(breaches.map((f) => f.measures[0]!.value)).toEqual([914, 6, 6, 914, 9, 8, 3, 0]);
    expect(breaches[7]!.explanation).toMatch(/Su-27 of RUS and USAF MQ-9 Reaper of USA: closest approach struck the MQ-9's propeller \(0 m\)/);
    // Sweden joined NATO on 7 Mar 2024, so the 2014 Su-27 pass of a Swedish aircraft is outside a Russia-NATO rule.
    expect(fs[0]!.trace.find((t) => t.step === 'observations')!.detail).toMatch(/RUS against SWE are not opposing sides of RUS, NATO on 2014-07-16/);
  });
});

describe('Arts. III and IV of the 1972 Incidents at Sea Agreement on the reported incidents', () => {
  it('Art. IV: five breaches, two risks at 914 m, two reports without a distance; the unmanned MQ-9 is outside the definition', async () => {
    const fs = judged('agreements/incsea-1972.yaml', 'art4-aircraft-conduct', await facts());
    expect(days(fs.filter((f) => f.verdict === 'breach'))).toEqual(['2015-04-07', '2016-01-25', '2016-04-12', '2016-04-29', '2016-09-07']);
    expect(days(fs.filter((f) => f.verdict === 'risk'))).toEqual(['2014-04-12', '2016-04-11']);
    expect(days(fs.filter((f) => f.verdict === 'unverifiable'))).toEqual(['2016-04-12', '2016-04-14']);
    expect(fs).toHaveLength(9);
    const simulated = fs.find((f) => f.verdict === 'breach' && f.period.from!.startsWith('2016-04-12'))!;
    expect(simulated.measures).toEqual([
      { name: 'reported closest approach', value: 9, limit: 150, unit: 'm', bound: 'min', assumption: expect.objectContaining({ parameter: 'interceptDistanceM' }) },
      { name: 'barred acts reported', value: 1, limit: 0, unit: 'acts', bound: 'max' },
    ]);
    expect(simulated.explanation).toMatch(/the barred act\(s\) simulated-attack/);
    expect(fs[0]!.trace.find((t) => t.step === 'observations')!.detail).toMatch(/uav are not covered classes/);
  });

  it('Art. III (ships): no covered report, and no source lists every incident: unverifiable, through the CLI', async () => {
    const r = await runCli(resolve('dist/src/cli/main.js'), ['check', '--agreement', 'agreements/incsea-1972.yaml', '--observations', FACTS, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { findings: Finding[] };
    const art3 = out.findings.filter((f) => f.commitment === 'art3-ships-no-harassment');
    expect(art3.map((f) => f.verdict)).toEqual(['unverifiable']);
    // The Russian patrol ship's warning shots at HMS Defender are a UK matter, not a US-Russian one.
    expect(art3[0]!.trace.find((t) => t.step === 'observations')!.detail).toMatch(/RUS against GBR are not opposing sides of USA, RUS on 2021-06-23/);
  });
});

describe('events reader: incidents', () => {
  it('reads an incident and quarantines bad ones with line and field', () => {
    const set = emptyObservationSet();
    const text = [
      'redline-events: 1', // 1
      'source: test', // 2
      'events:', // 3
      '  - { type: incident, time: 2016-04-12, party: RUS, against: USA, actorClass: combat-aircraft, targetClass: surface-warship, distanceM: 9.1, acts: [simulated-attack], confidence: verified }', // 4
      '  - { type: incident, time: 2016-04-12, party: RUS, against: USA, actorClass: combat-aircraft, targetClass: surface-warship, distanceM: -1 }', // 5
      '  - { type: incident, time: 2016-04-13, party: RUS, actorClass: combat-aircraft, targetClass: surface-warship }', // 6
      '  - { type: incident, time: 2016-04-14, party: RUS, against: USA, actorClass: Su-24, targetClass: surface-warship }', // 7
      '  - { type: incident, time: 2016-04-31, party: RUS, against: USA, actorClass: combat-aircraft, targetClass: surface-warship }', // 8
    ].join('\n');
    const summary = readEvents(text, 'test.yaml', set);
    expect([summary.read, summary.accepted, summary.quarantined]).toEqual([5, 1, 4]);
    expect(set.events.ofType('incident')[0]).toMatchObject({ observation: 'test.yaml:4', against: 'USA', distanceM: 9.1, acts: ['simulated-attack'], confidence: 'verified' });
    expect(set.quarantine.map((q) => [q.line, q.code])).toEqual([
      [5, 'bad-field'],
      [6, 'bad-field'],
      [7, 'bad-field'],
      [8, 'bad-time'],
    ]);
    expect(set.quarantine.map((q) => q.reason.split(':')[0])).toEqual(['events[1].distanceM', 'events[2].against', 'events[3].actorClass', 'events[4].time']);
  });

  it('reads incidents from JSON too, with the line of each record', () => {
    const set = emptyObservationSet();
    const text = [
      '{"redline-events": 1, "source": "test",', // 1
      ' "events": [', // 2
      '  {"type": "incident", "time": "2016-09-07", "party": "RUS", "against": "USA", "actorClass": "combat-aircraft", "targetClass": "isr-aircraft", "distanceM": 3.048, "distanceReported": "~10 ft"},', // 3
      '  {"type": "incident", "time": "2016-09-08", "party": "RUS", "against": "USA", "actorClass": "combat-aircraft", "targetClass": "isr-aircraft", "acts": "simulated-attack"}', // 4
      ' ]}',
    ].join('\n');
    const summary = readEvents(text, 'test.events.json', set);
    expect([summary.read, summary.accepted, summary.quarantined]).toEqual([2, 1, 1]);
    expect(set.events.ofType('incident')[0]).toMatchObject({ observation: 'test.events.json:3', distanceReported: '~10 ft', acts: [] });
    expect(set.quarantine.map((q) => [q.line, q.code, q.reason.split(':')[0]])).toEqual([[4, 'bad-field', 'events[1].acts']]);
  });
});
