/**
 * Scenario on historical facts: the draft Russia-NATO agreement's Art. 6 (no further enlargement)
 * judged on the recorded NATO accessions (data/facts/nato-membership.events.yaml), as if it had been
 * in force from given dates. Expected figures come from the facts, not from a run:
 * - in force from 2022-01-01: Finland (4 Apr 2023) and Sweden (7 Mar 2024) are the only later
 *   accessions (../shared/facts/agreements-facts.md §9), so two breaches on those dates;
 * - in force from 27 May 1997 (the Founding Act, the draft's own baseline date in Art. 4): the 14
 *   post-1997 members estonianworld.com lists (§9), plus Finland and Sweden, 16 breaches;
 * - in force from 8 Mar 2024: no accession since, and the data covers to 1 Dec 2025: compliant.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createGeo } from '../src/geo/index.js';
import { loadObservationFiles } from '../src/observations/load.js';
import { emptyObservationSet, type ObservationSet } from '../src/observations/model.js';
import { parseTime } from '../src/language/index.js';
import { check, loadAgreement, type Finding } from '../src/verify/index.js';

const AGREEMENT = 'agreements/russia-nato-draft-2021-12-17.yaml';
const FACTS = 'data/facts/nato-membership.events.yaml';
const geo = createGeo();

async function facts(): Promise<ObservationSet> {
  const obs = emptyObservationSet();
  await loadObservationFiles([FACTS], obs);
  return obs;
}

/** Art. 6 judged as if in force from `from`: the agreement's own `after` moved to the day before. */
function art6(obs: ObservationSet, inForceFrom: string): Finding[] {
  const agreement = loadAgreement(AGREEMENT);
  const c = agreement.commitment('art6-no-enlargement')!;
  const dayBefore = new Date(parseTime(inForceFrom) - 86_400_000).toISOString().slice(0, 10);
  c.params = { ...c.params, after: dayBefore };
  return check([agreement], obs, geo, { views: ['RUS'] }).filter((f) => f.commitment === 'art6-no-enlargement');
}

const lineOf = (state: string) => readFileSync(FACTS, 'utf8').split('\n').findIndex((l) => l.includes(`state: ${state},`)) + 1;

describe('Art. 6 of the draft Russia-NATO agreement on the recorded accessions', () => {
  it('in force from 2022-01-01: Finland and Sweden are breaches, on their accession dates, citing the facts', async () => {
    const findings = art6(await facts(), '2022-01-01');
    expect(findings.map((f) => [f.verdict, f.period.from])).toEqual([
      ['breach', '2023-04-04T00:00:00.000Z'],
      ['breach', '2024-03-07T00:00:00.000Z'],
    ]);
    expect(findings.map((f) => f.evidence)).toEqual([[`nato-membership.events.yaml:${lineOf('FIN')}`], [`nato-membership.events.yaml:${lineOf('SWE')}`]]);
    expect(findings[0]!.explanation).toMatch(/NATO admitted FIN as a member on 2023-04-04 .*source: derryjournal\.com/);
    expect(findings[1]!.explanation).toMatch(/NATO admitted SWE as a member on 2024-03-07 .*source: Government Offices of Sweden, Sweden is a NATO member.*; verified\)/);
    for (const f of findings) {
      expect(f.article).toBe('Art. 6');
      expect(f.obligor).toEqual(['NATO']);
      expect(f.measures).toEqual([{ name: 'members admitted', value: 1, limit: 0, unit: 'states', bound: 'max' }]);
    }
  });

  it('as published (admissions after 17 Dec 2021): the same two breaches and nothing before', async () => {
    const agreement = loadAgreement(AGREEMENT);
    const all = check([agreement], await facts(), geo);
    const findings = all.filter((f) => f.commitment === 'art6-no-enlargement');
    expect(findings.map((f) => f.period.from!.slice(0, 10))).toEqual(['2023-04-04', '2024-03-07']);
    // Judged once, not once per view: no map enters the verdict.
    expect(new Set(findings.map((f) => f.view))).toEqual(new Set(['RUS']));
    // The declaratory first sentence of Art. 3 is reported, not dropped.
    expect(all.filter((f) => f.commitment === 'art3-not-adversaries').map((f) => f.verdict)).toEqual(['unverifiable']);
  });

  it('in force from 27 May 1997: the 14 post-1997 members plus Finland and Sweden', async () => {
    const findings = art6(await facts(), '1997-05-27');
    expect(findings.every((f) => f.verdict === 'breach')).toBe(true);
    expect(findings).toHaveLength(16);
    expect(findings[0]!.period.from).toBe('1999-03-12T00:00:00.000Z');
  });

  it('in force from 8 Mar 2024: compliant over the covered period; without the facts: unverifiable', async () => {
    const compliant = art6(await facts(), '2024-03-08');
    expect(compliant.map((f) => [f.verdict, f.period.from, f.period.to])).toEqual([['compliant', '2024-03-08T00:00:00.000Z', '2025-12-01T00:00:00.000Z']]);
    const none = art6(emptyObservationSet(), '2022-01-01');
    expect(none.map((f) => f.verdict)).toEqual(['unverifiable']);
  });
});
