/**
 * Scenario on historical facts: the Vienna Document 2011 (agreements/vienna-document-2011.yaml) on
 * the recorded exercises (data/facts/exercises.events.yaml, from ../shared/facts/agreements-facts.md
 * §5). Expected verdicts worked out by hand from the facts and the rule stated in
 * src/verify/kinds/activity-limit/figures.ts (each report judged on its own; a verified report over
 * a threshold counts whatever the party declared):
 * - Ch. V notification (9,000 troops, 42 days ahead), in force from 30 Nov 2011: Kavkaz-2008 is
 *   earlier and not judged. Kavkaz-2016 is notifiable on both reports (declared 12,500 and reported
 *   222,000, both [V], both >= 9,000; the higher is shown); Zapad-2021 on its declared 12,800 [V].
 *   The facts record no notification, and no source states that it lists every Russian
 *   notification, so both are unverifiable: the absence is shown, not taken as proof.
 * - Given a record of every Russian notification for those years (as the OSCE's would be), the same
 *   absence makes both breaches, each with no notice against at least 42 days.
 * - Had Kavkaz-2016 been notified in time at its declared 12,500, the later 222,000 makes it
 *   under-declared: a risk, 222,000 reported against 12,500 notified.
 * - The 42 days (like the tank, ACV and artillery thresholds) are [U] in the facts and were not found
 *   in a primary copy of FSC.DOC/1/11: the Document's own figures, so agreed, but each finding judged
 *   against them marks its limit as a figure not verified.
 * - Ch. VI observation (13,000 troops) is declaratory: one unverifiable finding.
 * - The 13,000 threshold as a size probe (activity-limit at most 12,999 troops, from 2008): the
 *   declared sizes are all under it (8,000, 12,500, 12,800) but the later reports of Kavkaz-2008
 *   (15,000) and Kavkaz-2016 (222,000) are over, both [V]: two breaches; Zapad-2021 has no later
 *   report and stays under.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createGeo } from '../src/geo/index.js';
import { loadObservationFiles } from '../src/observations/load.js';
import { emptyObservationSet, type ObservationSet } from '../src/observations/model.js';
import { parseTime } from '../src/language/index.js';
import { check, explainText, loadAgreement, type Finding } from '../src/verify/index.js';

const AGREEMENT = 'agreements/vienna-document-2011.yaml';
const FACTS = 'data/facts/exercises.events.yaml';
const geo = createGeo();

async function facts(): Promise<ObservationSet> {
  const obs = emptyObservationSet();
  await loadObservationFiles([FACTS], obs);
  return obs;
}

/** The observation id of an exercise: the line its record starts on. */
function idOf(name: string): string {
  const lines = readFileSync(FACTS, 'utf8').split('\n');
  let i = lines.findIndex((l) => l.trim() === `name: ${name}`);
  while (!lines[i]!.includes('- type: activity')) i--;
  return `exercises.events.yaml:${i + 1}`;
}

const ch5 = (f: Finding[]) => f.filter((x) => x.commitment === 'ch5-prior-notification').map((x) => [x.verdict, x.period.from, x.evidence[0]]);

describe('Vienna Document 2011 on the recorded Russian exercises', () => {
  it('as encoded: Kavkaz-2016 and Zapad-2021 needed notice; none is recorded and no record claims completeness, so unverifiable', async () => {
    const findings = check([loadAgreement(AGREEMENT)], await facts(), geo);
    expect(ch5(findings)).toEqual([
      ['unverifiable', '2016-09-05T00:00:00.000Z', idOf('Kavkaz-2016')],
      ['unverifiable', '2021-09-10T00:00:00.000Z', idOf('Zapad-2021')],
    ]);
    const [kavkaz, zapad] = findings.filter((x) => x.commitment === 'ch5-prior-notification');
    expect(kavkaz!.explanation).toMatch(/222,000 troops against 9,000.*declared 12,500 troops/);
    expect(kavkaz!.explanation).toMatch(/no source states that it lists every notification by RUS from 2016-07-25 to 2016-09-05/);
    expect(zapad!.explanation).toMatch(/declared 12,800 troops \(Washington Post 2021-09-09/);
    const obs = findings.filter((x) => x.commitment === 'ch6-observation');
    expect(obs.map((x) => [x.verdict, x.article])).toEqual([['unverifiable', 'Ch. VI, para 47.4']]);
    expect(findings).toHaveLength(3);
  });

  it('with a record of every Russian notification: both are breaches, no notice against 42 days', async () => {
    const o = await facts();
    o.events.cover({ type: 'notification', party: 'RUS', from: parseTime('2012-01-01'), to: parseTime('2022-12-31'), source: 'test: a complete record assumed', observation: 'test:1' });
    const findings = check([loadAgreement(AGREEMENT)], o, geo).filter((x) => x.commitment === 'ch5-prior-notification');
    expect(findings.map((x) => [x.verdict, x.period.from])).toEqual([
      ['breach', '2016-09-05T00:00:00.000Z'],
      ['breach', '2021-09-10T00:00:00.000Z'],
    ]);
    // The 42 days are the Document's own figure (agreed), but [U] in the facts and not checked against
    // FSC.DOC/1/11: each finding says its limit is a figure not verified.
    const unverifiedLimit = { parameter: 'noticeDays', confidence: 'not-verified', source: expect.stringMatching(/^\[U\] not verified: notice of 42 days/) };
    for (const f of findings) expect(f.measures).toEqual([{ name: 'notice given', value: null, limit: 42, unit: 'days', bound: 'min', unverifiedLimit }]);
    expect(explainText(findings[0]!)).toMatch(/measure: notice given = null days against limit >= 42 days \(figure not verified: \$noticeDays, \[U\] not verified/);
    // Were the 42 days also a party's assumption, the limit would carry both marks, its source once.
    const assumed = loadAgreement(AGREEMENT);
    assumed.decl.parameters!.noticeDays!.agreed = false;
    const [a] = check([assumed], o, geo).filter((x) => x.commitment === 'ch5-prior-notification');
    expect(a!.measures[0]).toMatchObject({ assumption: { parameter: 'noticeDays' }, unverifiedLimit: { parameter: 'noticeDays', confidence: 'not-verified' } });
    const line = explainText(a!).split('\n').find((l) => l.includes('measure: notice given'))!;
    expect(line).toMatch(/\(not agreed: assumed value of \$noticeDays, \[U\] not verified: .*\) \(figure not verified: \$noticeDays\)$/);
    expect(line.split('widely cited')).toHaveLength(2);
  });

  it('marks the unverified thresholds as such, apart from whether they are agreed', () => {
    const agreement = loadAgreement(AGREEMENT);
    for (const name of ['notifyTanks', 'notifyAcv', 'notifyArtillery', 'noticeDays']) {
      expect(agreement.number(`$${name}`)).toMatchObject({ agreed: true, confidence: 'not-verified' });
    }
    expect(agreement.number('$notifyTroops')).toMatchObject({ agreed: true, confidence: 'verified' });
  });

  it('Kavkaz-2016 notified in time at its declared size would be under-declared: a risk', async () => {
    const o = await facts();
    o.events.push({
      type: 'notification',
      observation: 'test:1',
      time: parseTime('2016-07-01'),
      party: 'RUS',
      source: 'test: hypothetical notice at the declared size',
      confidence: 'verified',
      activity: 'Kavkaz-2016',
      from: parseTime('2016-09-05'),
      to: parseTime('2016-09-10'),
      troops: 12500,
    });
    const [k] = check([loadAgreement(AGREEMENT)], o, geo).filter((x) => x.commitment === 'ch5-prior-notification');
    expect(k!.verdict).toBe('risk');
    expect(k!.measures).toEqual([{ name: 'troops reported above notified', value: 222000, limit: 12500, unit: 'troops', bound: 'max' }]);
    expect(k!.explanation).toMatch(/66 days ahead\) but under-declared/);
  });

  it('the observation threshold as a size probe: declared under 13,000, later reported over: two breaches', async () => {
    const agreement = loadAgreement(AGREEMENT);
    const c = agreement.commitment('ch6-observation')!;
    c.kind = 'activity-limit';
    c.params = { troops: 12999 };
    delete c.effective;
    const findings = check([agreement], await facts(), geo, { from: parseTime('2008-01-01') }).filter((x) => x.commitment === 'ch6-observation');
    expect(findings.map((x) => [x.verdict, x.period.from, x.measures[0]!.value])).toEqual([
      ['breach', '2008-07-05T00:00:00.000Z', 15000],
      ['breach', '2016-09-05T00:00:00.000Z', 222000],
    ]);
    expect(findings[0]!.explanation).toMatch(/Other reports: declared 8,000 troops/);
    // A limit given as a plain number is neither an assumption nor an unverified figure.
    for (const f of findings) expect(f.measures[0]).not.toHaveProperty('unverifiedLimit');
  });
});
