/**
 * Scenario: the March 2025 Black Sea and energy-moratorium arrangements
 * (agreements/black-sea-2025-03.yaml, from ../shared/facts/agreements-facts.md §7). The facts hold
 * no dated report of a strike, so verdicts are worked out by hand on hypothetical reports:
 * - with no report and no coverage, each of the four commitments is unverifiable over its effective
 *   period: the energy moratorium 18 Mar 2025 to the end of 17 Apr 2025 (30 days from 18 Mar, as the
 *   facts derive it), the Black Sea commitments from 25 Mar 2025 with an open end;
 * - a Russian strike on a Ukrainian power plant on 1 Apr 2025 attested by the US is a breach of
 *   Russia's moratorium; the same strike unattested is a risk (alleged); on 20 Apr 2025 it is after
 *   the moratorium and unverifiable remains the verdict.
 */
import { describe, expect, it } from 'vitest';
import { createGeo } from '../src/geo/index.js';
import { parseTime } from '../src/language/index.js';
import { emptyObservationSet, type AttackEvent } from '../src/observations/model.js';
import { check, loadAgreement } from '../src/verify/index.js';

const AGREEMENT = 'agreements/black-sea-2025-03.yaml';
const geo = createGeo();

function strike(day: string, attested?: string): AttackEvent {
  return {
    type: 'attack',
    observation: 'test:1',
    time: parseTime(day),
    party: 'RUS',
    source: 'test: hypothetical report',
    confidence: 'verified',
    target: 'power-generation',
    place: 'UKR',
    ...(attested ? { attested: { by: attested, date: parseTime(day) } } : {}),
  };
}

describe('Black Sea and energy moratorium, March 2025', () => {
  it('with no report and no coverage: every commitment unverifiable over its effective period', () => {
    const findings = check([loadAgreement(AGREEMENT)], emptyObservationSet(), geo);
    expect(findings.map((f) => [f.commitment, f.verdict, f.period.from, f.period.to])).toEqual([
      ['black-sea-rus', 'unverifiable', '2025-03-25T00:00:00.000Z', null],
      ['black-sea-ukr', 'unverifiable', '2025-03-25T00:00:00.000Z', null],
      ['energy-moratorium-rus', 'unverifiable', '2025-03-18T00:00:00.000Z', '2025-04-17T23:59:59.000Z'],
      ['energy-moratorium-ukr', 'unverifiable', '2025-03-18T00:00:00.000Z', '2025-04-17T23:59:59.000Z'],
    ]);
  });

  it('a strike on a Ukrainian power plant: a breach once the US attests it, a risk (alleged) before', () => {
    const judge = (e: AttackEvent) => {
      const obs = emptyObservationSet();
      obs.events.push(e);
      return check([loadAgreement(AGREEMENT)], obs, geo).filter((f) => f.commitment === 'energy-moratorium-rus');
    };
    const attested = judge(strike('2025-04-01', 'USA'));
    expect(attested.map((f) => f.verdict)).toEqual(['breach']);
    expect(attested[0]!.explanation).toMatch(/RUS used force against power-generation in UKR on 2025-04-01 .*attested by USA on 2025-04-01/);
    const alleged = judge(strike('2025-04-01'));
    expect(alleged.map((f) => f.verdict)).toEqual(['risk']);
    expect(alleged[0]!.explanation).toMatch(/^Alleged: .*not attested by a guarantor/);
    expect(judge(strike('2025-04-20', 'USA')).map((f) => f.verdict)).toEqual(['unverifiable']);
  });
});

/**
 * Russia's draft treaty with the US, Art. 4(b) (agreements-facts.md §1): no US bilateral military
 * cooperation with the former Soviet states outside NATO. No transfer is recorded in the facts; on
 * hypothetical reports, by the rule of activity-limit: a verified report of cooperation with Ukraine
 * is a breach, a not-verified one with Georgia a risk, one with Poland (not listed) is outside it.
 */
describe("Russia's draft treaty with the US, Art. 4(b)", () => {
  it('judges reports of US military cooperation by recipient and confidence', () => {
    const obs = emptyObservationSet();
    const report = (n: number, recipient: string, confidence: 'verified' | 'not-verified') =>
      obs.events.push({ type: 'transfer', observation: `test:${n}`, time: parseTime('2022-02-01'), end: parseTime('2022-02-01'), party: 'USA', source: 'test: hypothetical report', confidence, recipient, category: 'military-cooperation' });
    report(1, 'UKR', 'verified');
    report(2, 'GEO', 'not-verified');
    report(3, 'POL', 'verified');
    const findings = check([loadAgreement('agreements/russia-us-draft-2021-12-17.yaml')], obs, geo).filter((f) => f.commitment === 'art4b-no-military-cooperation');
    expect(findings.map((f) => [f.verdict, f.evidence])).toEqual([
      ['breach', ['test:1']],
      ['risk', ['test:2']],
    ]);
  });
});
