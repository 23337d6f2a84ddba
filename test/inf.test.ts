/**
 * Scenario on historical facts: the INF Treaty's ban (agreements/inf-1987.yaml: no ground-launched
 * missiles of 500-5,500 km range held from the end of the elimination, 1 Jun 1991, to the US
 * withdrawal, 2 Aug 2019) on the holdings of data/facts/inf.events.yaml (from
 * ../shared/facts/agreements-facts.md §6 and §10). Worked out by hand:
 * - up to 31 Jan 2019: both parties reported holding none as of 1 Jun 1991 (verified): compliant;
 * - over the whole period: the US report of Feb 2019 that Russia holds the 9M729 in the class is
 *   carried as not verified (Russia states 480 km, below the class), "at least one": a risk, not a
 *   breach, on 2019-02-02; Russia's own statement of a 480 km missile is of another class and is not
 *   counted;
 * - had the US report been verified, the same record would be a breach;
 * - from 3 Aug 2019 the treaty no longer binds: nothing is judged in the window, unverifiable.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createGeo } from '../src/geo/index.js';
import { loadObservationFiles } from '../src/observations/load.js';
import { emptyObservationSet, type ObservationSet } from '../src/observations/model.js';
import { parseTime } from '../src/language/index.js';
import { check, loadAgreement, type Finding } from '../src/verify/index.js';

const FACTS = 'data/facts/inf.events.yaml';
const geo = createGeo();
/** The line where the record holding `text` starts: the `- type:` line just before it. */
const lineOf = (text: string) => readFileSync(FACTS, 'utf8').split('\n').findIndex((l) => l.includes(text));

async function facts(): Promise<ObservationSet> {
  const obs = emptyObservationSet();
  await loadObservationFiles([FACTS], obs);
  return obs;
}
const ban = (obs: ObservationSet, window: { from?: string; to?: string } = {}): Finding[] =>
  check([loadAgreement('agreements/inf-1987.yaml')], obs, geo, { ...(window.from ? { from: parseTime(window.from) } : {}), ...(window.to ? { to: parseTime(window.to) } : {}) });

describe('the INF ban on the recorded holdings', () => {
  it('compliant from the completed elimination until the 9M729 report', async () => {
    const fs = ban(await facts(), { to: '2019-01-31' });
    expect(fs.map((f) => [f.verdict, f.period.from])).toEqual([['compliant', '1991-06-01T00:00:00.000Z']]);
    expect(fs[0]!.evidenceCount).toBe(2);
    expect(fs[0]!.explanation).toMatch(/all 2,692 missiles eliminated by 1 Jun 1991/);
  });

  it('the 9M729: a risk on a not-verified report of at least one missile in the class; Russia\'s 480 km reading is not counted', async () => {
    const fs = ban(await facts());
    expect(fs.map((f) => [f.verdict, f.period.from])).toEqual([['risk', '2019-02-02T00:00:00.000Z']]);
    const [f] = fs;
    expect(f!.evidence).toEqual([`inf.events.yaml:${lineOf('time: 2019-02-02')}`]);
    expect(f!.measures[0]).toMatchObject({ value: 1, limit: 0 });
    expect(f!.explanation).toMatch(/9M729 \(SSC-8\)/);
    expect(f!.explanation).toMatch(/not verified/);
    expect(JSON.stringify(f)).not.toMatch(/under-500-km/);
  });

  it('had the US report been verified: a breach', async () => {
    const obs = await facts();
    for (const h of obs.events.ofType('holding')) if (h.system?.startsWith('9M729')) h.confidence = 'verified';
    expect(ban(obs).map((f) => f.verdict)).toEqual(['breach']);
  });

  it('after the US withdrawal took effect, the treaty binds no one: unverifiable', async () => {
    expect(ban(await facts(), { from: '2019-08-03' }).map((f) => f.verdict)).toEqual(['unverifiable']);
  });
});
