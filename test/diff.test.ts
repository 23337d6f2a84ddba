/**
 * Commitment-level diffs. The counter-draft here is built in the test from the NATO draft by the
 * edits a response might make (a figure for the approach distance, both sides bound by Art. 7,
 * non-enlargement struck, a new article), so the expected changes are known independently of the
 * code; the two real 2021 drafts are compared too.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffDrafts, diffText } from '../src/negotiate/diff.js';
import { loadAgreement } from '../src/verify/index.js';
import { runCli } from './support/child.js';

const nato = 'agreements/russia-nato-draft-2021-12-17.yaml';
const us = 'agreements/russia-us-draft-2021-12-17.yaml';
const dir = mkdtempSync(join(tmpdir(), 'redline-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function counterDraft(): string {
  let t = readFileSync(nato, 'utf8');
  const edit = (from: string | RegExp, to: string) => {
    const next = t.replace(from, to);
    expect(next, `edit ${String(from)}`).not.toBe(t);
    t = next;
  };
  edit(/approachDistanceM:\n {4}value: 1000\n {4}unit: m\n {4}agreed: false/, 'approachDistanceM:\n    value: 3000\n    unit: m\n    agreed: true');
  edit(/(id: art7-no-military-activity-ukraine[\s\S]*?obligor: )NATO/, '$1[NATO, RUS]');
  edit(/\n {2}- id: art6-no-enlargement[\s\S]*?(?=\n {2}- id: |\n*$)/, '');
  edit(/venue: [^\n]*/, 'venue: Brussels (NATO written response)');
  const file = join(dir, 'counter.yaml');
  writeFileSync(file, t);
  return file;
}

describe('redline diff', () => {
  it('shows a counter-draft\'s changes commitment by commitment, parameters as their numbers', () => {
    const d = diffDrafts(loadAgreement(nato), loadAgreement(counterDraft()));
    expect(d.b.venue).toBe('Brussels (NATO written response)');
    const byId = Object.fromEntries(d.commitments.map((c) => [c.idA ?? c.idB, c]));
    expect(byId['art6-no-enlargement']?.change).toBe('removed');
    expect(byId['art7-no-military-activity-ukraine']?.fields).toEqual([{ field: 'obligor', from: 'NATO', to: 'NATO, RUS' }]);
    for (const id of ['art3-approach-distance', 'art3-approach-distance-black-sea', 'art3-approach-distance-reported']) {
      expect(byId[id]?.fields).toEqual([{ field: 'params.minDistanceM', from: '1000 m (not agreed)', to: '3000 m', note: 'A: $approachDistanceM; B: $approachDistanceM' }]);
    }
    expect(d.context).toEqual([{ what: 'parameter', change: 'changed', id: 'approachDistanceM', fields: [{ field: 'agreed', from: false, to: true }, { field: 'value', from: 1000, to: 3000 }] }]);
    expect(d.unchanged).toBe(9);
    const text = diffText(d, false);
    expect(text).toMatch(/~ Art\. 7 \(first paragraph\) {2}art7-no-military-activity-ukraine .*\n {4}obligor: NATO -> NATO, RUS/);
    expect(text).toMatch(/params\.minDistanceM: 1000 m \(not agreed\) -> 3000 m/);
    expect(text).toMatch(/- Art\. 6 {2}art6-no-enlargement/);
    expect(text).toMatch(/14 commitments compared: 0 added, 1 removed, 4 changed, 9 unchanged/);
    expect(diffText(d, true)).toContain('\u001b[31m');
  });

  it('shows what the US response of 26 January 2022 changed in Russia\'s draft treaty', () => {
    const d = diffDrafts(loadAgreement(us), loadAgreement('agreements/us-response-2022-01-26.yaml'));
    expect(d.a).toMatchObject({ proposer: 'RUS', date: '2021-12-17' });
    expect(d.b).toMatchObject({ proposer: 'USA', date: '2022-01-26' });
    // No article of the draft is taken up as written (Art. 5(2), bombers and warships out of striking
    // range, among them); reciprocal limits on offensive missiles in Ukraine and offers to negotiate
    // come in their place.
    expect(d.commitments.filter((c) => c.change === 'removed').map((c) => c.idA)).toEqual([
      'art5-2-usa',
      'art5-2-rus',
      'art4b-no-military-cooperation',
      'preamble',
      'art1-indivisible-security',
      'art2-organisations-follow-un-charter',
      'art3-no-use-of-third-territory',
      'art4a-no-eastward-expansion',
      'art4a-no-former-ussr-accession',
      'art4b-no-bases',
      'art4b-no-use-of-infrastructure',
      'art5-1-no-threatening-deployments',
      'art5-3-approach-distance',
      'art5-3-approach-distance-reported',
      'art6-a-no-missiles-abroad',
      'art6-b-usa-missiles-out-of-reach',
      'art6-b-rus-missiles-out-of-reach',
      'art7-no-nuclear-weapons-abroad',
      'art7-infrastructure-training-exercises',
      'art8-entry-into-force',
    ]);
    expect(d.commitments.filter((c) => c.change === 'added').map((c) => [c.idB, c.kind])).toEqual([
      ['ukraine-no-offensive-glms-usa', 'keep-out'],
      ['ukraine-no-offensive-glms-rus', 'keep-out'],
      ['aegis-ashore-transparency', 'declaratory'],
      ['inf-range-missile-talks', 'declaratory'],
      ['incidents-at-sea-enhancements', 'declaratory'],
      ['exercise-notification-regime', 'declaratory'],
    ]);
    expect(d.unchanged).toBe(0);
  });

  it('shows what NATO\'s reply of 26 January 2022 changed in Russia\'s draft agreement', () => {
    const d = diffDrafts(loadAgreement(nato), loadAgreement('agreements/nato-response-2022-01-26.yaml'));
    expect(d.b).toMatchObject({ proposer: 'NATO', date: '2022-01-26' });
    // The open door reaffirmed and no limits on activity in former Soviet states: Arts. 6 and 7 go;
    // approach distances give way to an offer of briefings and risk reduction with no figure.
    expect(d.commitments.filter((c) => c.change === 'removed').map((c) => c.idA).sort()).toEqual(
      [
        'art1-indivisible-security',
        'art2-consultations-and-information',
        'art3-approach-distance',
        'art3-approach-distance-black-sea',
        'art3-approach-distance-reported',
        'art3-not-adversaries',
        'art4-1997-baseline',
        'art5-no-missiles-in-reach-of-nato',
        'art5-no-missiles-in-reach-of-russia',
        'art6-no-enlargement',
        'art7-no-exercises-above-brigade',
        'art7-no-military-activity-ukraine',
        'art8-un-charter',
        'art9-entry-into-force-and-withdrawal',
      ],
    );
    expect(d.commitments.filter((c) => c.change === 'added').map((c) => c.idB)).toEqual(['missions-and-hotline', 'exercise-briefings-risk-reduction', 'inf-range-missile-arms-control']);
    expect(d.context.filter((c) => c.what === 'parameter').map((c) => [c.id, c.change])).toEqual([
      ['approachDistanceM', 'removed'],
      ['approachRiskDistanceM', 'removed'],
      ['art4BaselineNewMembers', 'removed'],
      ['art7ZoneWidthKm', 'removed'],
      ['brigadeTroops', 'removed'],
    ]);
  });

  it('compares the two 2021 drafts, and writes JSON when not on a terminal', async () => {
    const r = await runCli(resolve('dist/src/cli/main.js'), ['diff', nato, us]);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as ReturnType<typeof diffDrafts>;
    expect(d.commitments.filter((c) => c.change === 'added').map((c) => c.idB)).toEqual([
      'art5-2-usa',
      'art5-2-rus',
      'art4b-no-military-cooperation',
      'preamble',
      'art3-no-use-of-third-territory',
      'art4a-no-eastward-expansion',
      'art4a-no-former-ussr-accession',
      'art4b-no-bases',
      'art4b-no-use-of-infrastructure',
      'art5-1-no-threatening-deployments',
      'art5-3-approach-distance',
      'art5-3-approach-distance-reported',
      'art6-a-no-missiles-abroad',
      'art6-b-usa-missiles-out-of-reach',
      'art6-b-rus-missiles-out-of-reach',
      'art7-no-nuclear-weapons-abroad',
      'art7-infrastructure-training-exercises',
    ]);
    // Arts. 1, 2 and 8 exist in both drafts under the same article numbers, with different texts.
    expect(d.commitments.filter((c) => c.change === 'changed').map((c) => c.idB)).toEqual(['art1-indivisible-security', 'art2-organisations-follow-un-charter', 'art8-entry-into-force']);
    expect(d.commitments.filter((c) => c.change === 'removed').map((c) => c.idA)).toContain('art7-no-military-activity-ukraine');
    expect((await runCli(resolve('dist/src/cli/main.js'), ['diff', nato])).code).toBe(2);
  });
});
