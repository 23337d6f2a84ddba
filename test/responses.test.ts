/**
 * Scenario on historical facts for the two counter-drafts of 26 January 2022
 * (agreements/us-response-2022-01-26.yaml, agreements/nato-response-2022-01-26.yaml): each judged
 * on the dated facts in data/facts and the Aegis Ashore sites of data/demo/sites.geojson, beside the
 * Russian draft it answers, judged on the same record. The question a negotiator asks: which of the
 * draft's articles would the record have breached, and did the response keep or strike them?
 *
 * Expected by hand from ../shared/facts/agreements-facts.md:
 * - accessions after 17 Dec 2021 (§9): Finland 4 Apr 2023, Sweden 7 Mar 2024, so two breaches of
 *   the US draft's Art. 4(a) and of the NATO draft's Art. 6;
 * - the NATO draft's Art. 4 (no forces or weaponry beyond the 27 May 1997 lay-out in states that
 *   joined later, §2 and §10): the Aegis Ashore interceptors at Deveselu, operational 12 May 2016,
 *   and Redzikowo, accepted 15 Dec 2023, two breaches;
 * - the approach distance both drafts leave open, at the assumed 1,000 m: of the seventeen incidents
 *   (§11), the covered ones with a reported distance under 1,000 m between Russia and a NATO state's
 *   military platform are Nos. 2 (~900 m), 8, 9, 10 (1,000 yd, 914 m), 11, 12 (29 Apr), 13 and 17
 *   (contact): eight breaches. No. 1 is a civil airliner and No. 4 a Swedish aircraft in 2014, before
 *   Sweden joined, so neither is covered;
 * - the responses strike every one of those articles (the open door reaffirmed; offers of talks on
 *   incidents and exercises with no figure), and what they offer in their place is either an offer to
 *   talk (declaratory: nothing to judge) or, in the US reply, reciprocal limits on offensive
 *   ground-launched missile systems in Ukraine, for which the record holds no observation of such a
 *   system at all (the Aegis Ashore sites are missile-defence sites, not offensive missiles): so on the
 *   record the responses give no breach and no risk, and say why nothing is shown.
 */
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGeo } from '../src/geo/index.js';
import { readObservations } from '../src/cli/observations.js';
import { diffDrafts } from '../src/negotiate/diff.js';
import type { ObservationSet } from '../src/observations/model.js';
import { check, loadAgreement, type Finding } from '../src/verify/index.js';

const geo = createGeo();
const US_DRAFT = 'agreements/russia-us-draft-2021-12-17.yaml';
const US_REPLY = 'agreements/us-response-2022-01-26.yaml';
const NATO_DRAFT = 'agreements/russia-nato-draft-2021-12-17.yaml';
const NATO_REPLY = 'agreements/nato-response-2022-01-26.yaml';

const ACCESSIONS = ['2023-04-04', '2024-03-07'];
const AEGIS_ASHORE = ['2016-05-12', '2023-12-15'];
const INCIDENTS_UNDER_1000_M = ['2014-04-12', '2015-04-07', '2016-01-25', '2016-04-11', '2016-04-12', '2016-04-29', '2016-09-07', '2023-03-14'];

let obs: ObservationSet;
beforeAll(async () => {
  const facts = readdirSync('data/facts')
    .filter((f) => f.endsWith('.events.yaml'))
    .map((f) => `data/facts/${f}`);
  obs = await readObservations([...facts, 'data/demo/sites.geojson'], ['data/demo/registry.yaml']);
});

const judged = (file: string): Finding[] => check([loadAgreement(file)], obs, geo, { views: ['RUS'] });

/** The days of each commitment's findings of one verdict, by commitment. */
function daysOf(fs: Finding[], verdict: Finding['verdict']): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of fs.filter((x) => x.verdict === verdict)) (out[f.commitment] ??= []).push(f.period.from!.slice(0, 10));
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}

describe('the responses of 26 January 2022 judged on the record, beside the drafts they answer', () => {
  it("the Russian draft treaty would have been breached by the 2023 and 2024 accessions and eight reported incidents; the US reply strikes both articles", () => {
    const draft = judged(US_DRAFT);
    expect(daysOf(draft, 'breach')).toEqual({ 'art4a-no-eastward-expansion': ACCESSIONS, 'art5-3-approach-distance-reported': INCIDENTS_UNDER_1000_M });
    const diff = diffDrafts(loadAgreement(US_DRAFT), loadAgreement(US_REPLY));
    const change = Object.fromEntries(diff.commitments.map((c) => [c.idA ?? c.idB, c.change]));
    for (const id of Object.keys(daysOf(draft, 'breach'))) expect(change[id], id).toBe('removed');
  });

  it('the US reply, on the same record, shows no breach and no risk, and says why each offer shows nothing', () => {
    const reply = judged(US_REPLY);
    expect(reply.filter((f) => f.verdict !== 'unverifiable').map((f) => f.commitment)).toEqual([]);
    const byId = Object.fromEntries(reply.map((f) => [f.commitment, f]));
    expect(Object.keys(byId).sort()).toEqual(['aegis-ashore-transparency', 'exercise-notification-regime', 'incidents-at-sea-enhancements', 'inf-range-missile-talks', 'ukraine-no-offensive-glms-rus', 'ukraine-no-offensive-glms-usa']);
    // The reciprocal missile limits judge positions of offensive ground-launched systems; the record
    // has the two Aegis Ashore sites, which are of another class, so there is nothing to judge.
    expect(byId['ukraine-no-offensive-glms-usa']!.explanation).toMatch(/^No observation of any offensive-glms asset counted for USA/);
    expect(byId['ukraine-no-offensive-glms-rus']!.explanation).toMatch(/^No observation of any offensive-glms asset counted for RUS/);
    const sites = Array.from({ length: obs.assets.size }, (_, i) => obs.assets.at(i)).filter((a) => a.id.startsWith('demo:aegis-ashore'));
    expect(sites.map((a) => [a.id, a.class])).toEqual([
      ['demo:aegis-ashore-redzikowo', 'missile-defence-site'],
      ['demo:aegis-ashore-deveselu', 'missile-defence-site'],
    ]);
    // The transparency offer on those very sites is an inspection no record shows.
    expect(byId['aegis-ashore-transparency']!.kind).toBe('declaratory');
    expect(byId['aegis-ashore-transparency']!.explanation).toMatch(/Tomahawk/);
  });

  it("the Russian draft agreement would have been breached by the accessions, the Aegis Ashore sites and the same incidents; NATO's reply strikes all three and offers only talks", () => {
    const draft = judged(NATO_DRAFT);
    expect(daysOf(draft, 'breach')).toEqual({ 'art3-approach-distance-reported': INCIDENTS_UNDER_1000_M, 'art4-1997-baseline': AEGIS_ASHORE, 'art6-no-enlargement': ACCESSIONS });
    expect(draft.filter((f) => f.commitment === 'art4-1997-baseline').map((f) => f.explanation.match(/NSF (\w+)/)?.[1])).toEqual(['Deveselu', 'Redzikowo']);
    const diff = diffDrafts(loadAgreement(NATO_DRAFT), loadAgreement(NATO_REPLY));
    const change = Object.fromEntries(diff.commitments.map((c) => [c.idA ?? c.idB, c.change]));
    for (const id of Object.keys(daysOf(draft, 'breach'))) expect(change[id], id).toBe('removed');

    const reply = judged(NATO_REPLY);
    expect(reply.map((f) => [f.commitment, f.kind, f.verdict])).toEqual([
      ['exercise-briefings-risk-reduction', 'declaratory', 'unverifiable'],
      ['inf-range-missile-arms-control', 'declaratory', 'unverifiable'],
      ['missions-and-hotline', 'declaratory', 'unverifiable'],
    ]);
    expect(reply.every((f) => /declaratory/.test(f.explanation))).toBe(true);
  });
});
