/**
 * Who may do what, pair by pair, against the real server on a real store: every caller (two
 * parties, a guarantor, an observer, an administrator) against every party to submit as and every
 * owner of a confidential declaration to read, and every role against each role-bound route. The
 * expected answer comes from the rule as the issue states it, written out here once per table.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from './auth.js';
import { startTestServer, type TestServer } from './testing.js';

const CALLERS: [string, Role][] = [
  ['RUS', 'party'],
  ['USA', 'party'],
  ['OSCE', 'guarantor'],
  ['ISW', 'observer'],
  ['administrator', 'administrator'],
];
const PARTIES = ['RUS', 'USA', 'OSCE'];
const roleOf = new Map(CALLERS);
const VIENNA = resolve('agreements/vienna-document-2011.yaml');
const DEFENDER = readFileSync(resolve('data/demo/hms-defender-2021-06-23.geojson'), 'utf8');

/** A dated fact of `party`'s own: an exercise it declares, with its size. */
function exercise(party: string, name: string): string {
  return [
    'redline-events: 1',
    'events:',
    `  - { type: activity, party: ${party}, name: ${name}, start: 2021-09-10, end: 2021-09-16, place: ${party === 'OSCE' ? 'AUT' : party}, source: test declaration, confidence: verified,`,
    '      reports: [{ basis: declared, troops: 12000 }] }',
    '',
  ].join('\n');
}

let t: TestServer;
/** Submission ids of each owner's confidential and published declaration. */
const confidential = new Map<string, number>();
const published = new Map<string, number>();

beforeAll(async () => {
  t = await startTestServer(CALLERS.filter(([n]) => n !== 'administrator'));
  expect((await t.call('administrator', 'POST', '/v1/agreements', { filename: 'vienna-document-2011.yaml', content: readFileSync(VIENNA, 'utf8') })).status).toBe(201);
  for (const owner of PARTIES) {
    for (const [visibility, ids] of [['confidential', confidential], ['published', published]] as const) {
      const r = await t.call<{ submission: { id: number } }>(owner, 'POST', '/v1/declarations', { party: owner, filename: `${owner}-${visibility}.events.yaml`, content: exercise(owner, `${owner}-${visibility}-2021`), visibility });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids.set(owner, r.body.submission.id);
    }
  }
});
afterAll(async () => t?.close());

const mayRead = (caller: string, owner: string) => roleOf.get(caller) === 'guarantor' || (roleOf.get(caller) === 'party' && caller === owner);
const maySubmitAs = (caller: string, party: string) => (roleOf.get(caller) === 'party' || roleOf.get(caller) === 'guarantor') && caller === party;

describe('who may submit as whom', () => {
  const pairs = CALLERS.flatMap(([caller]) => PARTIES.map((party) => [caller, party] as const));

  it.each(pairs)('%s submitting observations as %s', async (caller, party) => {
    const r = await t.call<{ error?: string; message?: string }>(caller, 'POST', '/v1/observations', { party, filename: `${caller}-as-${party}.geojson`, content: DEFENDER });
    expect(r.status, JSON.stringify(r.body)).toBe(maySubmitAs(caller, party) ? 201 : 403);
    if (r.status === 403) expect(r.body.error).toBe('forbidden');
  });

  it.each(pairs)('%s submitting declarations as %s', async (caller, party) => {
    const r = await t.call(caller, 'POST', '/v1/declarations', { party, filename: `${caller}-as-${party}.events.yaml`, content: exercise(party, `${caller}-as-${party}`) });
    expect(r.status, JSON.stringify(r.body)).toBe(maySubmitAs(caller, party) ? 201 : 403);
  });

  it.each(pairs)("%s submitting a draft proposed by %s", async (caller, party) => {
    const draft = readFileSync(VIENNA, 'utf8').replace('id: vienna-document-2011', `id: draft-${caller}-${party}`).replace(/^proposer: .*$/m, '').replace(/^redline: 1$/m, `redline: 1\nproposer: ${party}`);
    const r = await t.call(caller, 'POST', '/v1/drafts', { party, content: draft, visibility: 'confidential' });
    expect(r.status, JSON.stringify(r.body)).toBe(maySubmitAs(caller, party) ? 201 : 403);
  });

  it.each(CALLERS.filter(([, role]) => role === 'party'))('%s declaring another party\'s exercise in its own name is refused', async (caller) => {
    const other = caller === 'RUS' ? 'USA' : 'RUS';
    const r = await t.call<{ message: string }>(caller, 'POST', '/v1/declarations', { party: caller, filename: 'other.events.yaml', content: exercise(other, `${caller}-declares-${other}`) });
    expect(r.status).toBe(403);
    expect(r.body.message).toContain(`${caller} may declare only its own`);
  });
});

describe("who may read whose confidential declaration", () => {
  const pairs = CALLERS.flatMap(([caller]) => PARTIES.map((owner) => [caller, owner] as const));

  it.each(pairs)('%s reading a confidential declaration of %s', async (caller, owner) => {
    const r = await t.call<{ content?: string }>(caller, 'GET', `/v1/submissions/${confidential.get(owner)}`);
    expect(r.status, JSON.stringify(r.body)).toBe(mayRead(caller, owner) ? 200 : 403);
    if (r.status === 200) expect(r.body.content).toContain(`${owner}-confidential-2021`);
    const list = await t.call<{ submissions: { id: number }[] }>(caller, 'GET', '/v1/submissions');
    expect(list.body.submissions.some((s) => s.id === confidential.get(owner))).toBe(mayRead(caller, owner));
  });

  it.each(pairs)('%s reading a published declaration of %s', async (caller, owner) => {
    expect((await t.call(caller, 'GET', `/v1/submissions/${published.get(owner)}`)).status).toBe(200);
  });

  it.each(pairs)("%s reading %s's confidential draft", async (caller, owner) => {
    const r = await t.call(caller, 'GET', `/v1/drafts/draft-${owner}-${owner}`);
    expect(r.status).toBe(mayRead(caller, owner) ? 200 : 403);
  });

  it('shows a finding resting on a confidential declaration only to its owner and the guarantors', async () => {
    const check = await t.call<{ run: number }>('OSCE', 'POST', '/v1/checks', {});
    expect(check.status).toBe(201);
    const all = await t.call<{ findings: { finding: { evidence: string[] } }[] }>('OSCE', 'GET', '/v1/findings?agreement=vienna-document-2011');
    for (const [caller] of CALLERS) {
      const seen = await t.call<{ findings: { finding: { id: string; evidence: string[] } }[] }>(caller, 'GET', '/v1/findings?agreement=vienna-document-2011');
      // OSCE is no participating State of the Vienna Document: its exercise is judged by no commitment.
      for (const owner of ['RUS', 'USA']) {
        const rests = (f: { evidence: string[] }) => f.evidence.some((e) => e.startsWith(`${owner}-${confidential.get(owner)}-`));
        const total = all.body.findings.filter((f) => rests(f.finding)).length;
        expect(total, owner).toBeGreaterThan(0);
        expect(seen.body.findings.filter((f) => rests(f.finding)).length, `${caller} on ${owner}`).toBe(mayRead(caller, owner) ? total : 0);
      }
    }
  });
});

describe('role-bound routes', () => {
  const byRole = (allowed: Role[]) => CALLERS.map(([caller, role]) => [caller, role, allowed.includes(role)] as const);

  it.each(byRole(['administrator']))('%s (%s) listing the callers: allowed %s', async (caller, _role, allowed) => {
    const r = await t.call(caller, 'GET', '/v1/callers');
    expect(r.status).toBe(allowed ? 200 : 403);
  });

  it.each(byRole(['administrator']))('%s (%s) registering an agreement: allowed %s', async (caller, _role, allowed) => {
    const text = readFileSync(VIENNA, 'utf8').replace('id: vienna-document-2011', `id: vienna-by-${caller}`);
    expect((await t.call(caller, 'POST', '/v1/agreements', { content: text })).status).toBe(allowed ? 201 : 403);
  });

  it.each(byRole(['guarantor', 'administrator']))('%s (%s) running a check: allowed %s', async (caller, _role, allowed) => {
    expect((await t.call(caller, 'POST', '/v1/checks', {})).status).toBe(allowed ? 201 : 403);
  });

  it.each(byRole(['guarantor', 'administrator']))('%s (%s) applying a registry: allowed %s', async (caller, _role, allowed) => {
    const registry = `assets:\n  - { id: demo:hms-defender, party: GBR, class: surface-warship }\n`;
    expect((await t.call(caller, 'POST', '/v1/registries', { filename: 'r.yaml', content: registry })).status).toBe(allowed ? 201 : 403);
  });

  it.each(byRole(['guarantor']))('%s (%s) attesting a finding: allowed %s', async (caller, _role, allowed) => {
    const found = await t.call<{ findings: { run: number; finding: { id: string } }[] }>('OSCE', 'GET', '/v1/findings?agreement=vienna-document-2011');
    const f = found.body.findings[0]!;
    expect((await t.call(caller, 'POST', '/v1/attestations', { run: f.run, finding: f.finding.id })).status).toBe(allowed ? 201 : 403);
  });
});
