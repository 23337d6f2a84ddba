/**
 * The HTTP API against the real server on a real SQLite store, over real HTTP (fetch), with real
 * inputs: the DMA and pyais NMEA recordings in ../shared/data, a DMA CSV converted from one at test
 * time, the demo GeoJSON tracks and registry, the dated facts in data/facts and the bundled
 * agreements. What the server answers is compared with what the same code gives without it: an
 * ingest into a second store, and `check` over the same files read the CLI's way.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readObservations } from '../cli/observations.js';
import { createGeo } from '../geo/index.js';
import { convertNmeaFileToDmaCsv } from '../observations/dma-csv/from-nmea.js';
import { readGeoJsonTracks } from '../observations/geojson/reader.js';
import { emptyObservationSet } from '../observations/model.js';
import { loadCatalogue } from '../observations/registry/catalogue.js';
import { ingestInputs } from '../store/ingest.js';
import { SqliteStore } from '../store/sqlite.js';
import { check, loadAgreement, type Finding } from '../verify/index.js';
import { generateKeyPair, formatVerifierKey } from '../record/keys.js';
import { apiToken } from './auth.js';
import { routes } from './app.js';
import { runChild } from '../../test/support/child.js';
import { startTestServer, type TestServer } from './testing.js';

const DATA = resolve('../shared/data');
const NMEA = join(DATA, 'dma-aislib-replay_dump_2013-03-18.nmea');
const NMEA_GZ = join(DATA, 'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz');
const DRIFT = join(DATA, 'dma-aisabnormal-538004030_drift_1.nmea');
const DEFENDER = resolve('data/demo/hms-defender-2021-06-23.geojson');
const COOK = resolve('data/demo/donald-cook-2016-04-12.geojson');
const REGISTRY = resolve('data/demo/registry.yaml');
const EXERCISES = resolve('data/facts/exercises.events.yaml');
const AGREEMENTS = ['russia-nato-draft-2021-12-17.yaml', 'vienna-document-2011.yaml', 'black-sea-2025-03.yaml'].map((f) => resolve('agreements', f));

let t: TestServer;
let csvPath: string;
const text = (p: string) => readFileSync(p, 'utf8');
const b64 = (p: string) => readFileSync(p).toString('base64');
/** Source names the server gives submissions are `<party>-<id>-<filename>`; the CLI's are the file names. */
const unprefix = (id: string) => id.replace(/^[A-Za-z]+-\d+-/, '');

beforeAll(async () => {
  t = await startTestServer([
    ['RUS', 'party'],
    ['USA', 'party'],
    ['GBR', 'party'],
    ['OSCE', 'guarantor'],
    ['ISW', 'observer'],
  ]);
  csvPath = join(t.dir, 'drift.csv');
  await convertNmeaFileToDmaCsv(DRIFT, csvPath);
});
afterAll(async () => t?.close());

describe('the service itself', () => {
  it('serves /openapi.json from the schemas the routes validate with, and a docs page, without a token', async () => {
    const doc = await t.call<{ openapi: string; paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: object } } } }>> }>(undefined, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    for (const r of routes({})) expect(doc.body.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
    // The published request schema accepts what the route accepts and refuses what it refuses.
    const ajv = new Ajv2020({ strict: false });
    const validateBody = ajv.compile(doc.body.paths['/v1/observations']!.post!.requestBody!.content['application/json'].schema);
    const good = { party: 'GBR', filename: 'replay.nmea', content: text(NMEA) };
    expect(validateBody(good)).toBe(true);
    expect(validateBody({ party: 'GBR', filename: 'replay.nmea' })).toBe(false);
    expect(validateBody({ ...good, extra: 1 })).toBe(false);
    const refused = await t.call('GBR', 'POST', '/v1/observations', { ...good, extra: 1 });
    expect(refused.status).toBe(400);

    const docs = await fetch(`${t.url}/docs`);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    const html = await docs.text();
    expect(html).toContain('/v1/findings');
    expect(html).not.toMatch(/<script|https?:\/\/(?!127)/);
    expect((await t.call(undefined, 'GET', '/v1/health')).body).toEqual({ ok: true, schemaVersion: 1 });
  });

  it('refuses a request without a valid token with 401', async () => {
    expect((await t.call(undefined, 'GET', '/v1/me')).status).toBe(401);
    expect((await t.call('not-a-token', 'GET', '/v1/me')).status).toBe(401);
    // A real token, of a key whose name is registered with another key.
    expect((await t.call(apiToken(generateKeyPair('RUS')), 'GET', '/v1/me')).status).toBe(401);
    expect((await t.call(apiToken(generateKeyPair('NOBODY')), 'GET', '/v1/me')).status).toBe(401);
    // A signature moved to another name does not carry over.
    const forged = t.tokens.RUS!.replace(/^rl1\.[^.]+/, `rl1.${Buffer.from('USA').toString('base64url')}`);
    expect((await t.call(forged, 'GET', '/v1/me')).status).toBe(401);
    expect((await t.call('RUS', 'GET', '/v1/me')).body).toEqual({ name: 'RUS', role: 'party' });
    expect((await t.call('no-route', 'GET', '/v1/nothing')).status).toBe(404);
  });

  it('lets the administrator register, re-key and revoke callers, with the field and reason for bad registrations', async () => {
    const list = await t.call<{ callers: { name: string; role: string }[] }>('administrator', 'GET', '/v1/callers');
    expect(list.body.callers.map((c) => `${c.name}:${c.role}`)).toEqual(['GBR:party', 'ISW:observer', 'OSCE:guarantor', 'RUS:party', 'USA:party', 'administrator:administrator']);
    const bad = await t.call<{ issues: { field: string; reason: string }[] }>('administrator', 'POST', '/v1/callers', { name: 'TMP', role: 'party', vkey: 'TMP+00000000+AAAA' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0]!.field).toBe('body.vkey');
    const other = await t.call<{ issues: { field: string; reason: string }[] }>('administrator', 'POST', '/v1/callers', { name: 'TMP', role: 'party', vkey: formatVerifierKey(generateKeyPair('ELSE')) });
    expect(other.body.issues).toEqual([{ field: 'body.vkey', reason: 'is the key of ELSE, not of TMP' }]);
    const role = await t.call<{ issues: { field: string }[] }>('administrator', 'POST', '/v1/callers', { name: 'TMP', role: 'king', vkey: formatVerifierKey(generateKeyPair('TMP')) });
    expect(role.status).toBe(400);
    expect(role.body.issues.map((i) => i.field)).toEqual(['body.role']);

    const first = await t.register('TMP', 'observer');
    expect((await t.call(first, 'GET', '/v1/me')).status).toBe(200);
    const second = await t.register('TMP', 'party');
    expect((await t.call(first, 'GET', '/v1/me')).status).toBe(401);
    expect((await t.call(second, 'GET', '/v1/me')).body).toEqual({ name: 'TMP', role: 'party' });
    expect((await t.call('administrator', 'DELETE', '/v1/callers/TMP')).status).toBe(200);
    expect((await t.call(second, 'GET', '/v1/me')).status).toBe(401);
    expect((await t.call('administrator', 'DELETE', '/v1/callers/TMP')).status).toBe(404);
    expect((await t.call('administrator', 'DELETE', '/v1/callers/administrator')).status).toBe(409);
  });
});

describe('submissions', () => {
  it('ingests NMEA exactly as redline ingest does: the same summary and quarantine, the same bytes skipped', async () => {
    const r = await t.call<{ submission: { id: number; status: string; sources: string[]; summaries: { read: number; accepted: number; quarantined: number; positions: number; byReason: object }[] }; quarantine: { line: number; code: string }[] }>('GBR', 'POST', '/v1/observations', { party: 'GBR', filename: 'replay.nmea', content: text(NMEA) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const s = r.body.submission.summaries[0]!;
    expect(s.read).toBe(s.accepted + s.quarantined);

    const alone = new SqliteStore(join(t.dir, 'alone.db'));
    try {
      const direct = await ingestInputs(alone, [NMEA], { catalogue: loadCatalogue(resolve('data/assets/catalogue.yaml')) });
      const { source: _a, ...expected } = direct.entries[0]!.summary!;
      const { source: _b, ...got } = s as typeof s & { source: string };
      expect(got).toEqual(expected);
      expect(r.body.quarantine.map((q) => `${q.line} ${q.code}`)).toEqual((await alone.quarantine()).slice(0, 100).map((q) => `${q.line} ${q.code}`));
    } finally {
      await alone.close();
    }
    const again = await t.call<{ submission: { status: string } }>('GBR', 'POST', '/v1/observations', { party: 'GBR', filename: 'same-bytes.nmea', content: text(NMEA) });
    expect(again.status).toBe(201);
    expect(again.body.submission.status).toBe('skipped');
  });

  it('ingests gzip (base64), DMA CSV and GeoJSON, every summary reconciling', async () => {
    for (const body of [
      { party: 'GBR', filename: 'ais-sample.nmea.gz', content: b64(NMEA_GZ), encoding: 'base64' },
      { party: 'GBR', filename: 'drift.csv', content: text(csvPath) },
      { party: 'GBR', filename: 'hms-defender-2021-06-23.geojson', content: text(DEFENDER) },
    ]) {
      const r = await t.call<{ submission: { status: string; format: string; summaries: { read: number; accepted: number; quarantined: number; positions: number }[] } }>('GBR', 'POST', '/v1/observations', body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.submission.status).toBe('ingested');
      for (const s of r.body.submission.summaries) {
        expect(s.read).toBe(s.accepted + s.quarantined);
        expect(s.positions, JSON.stringify(s)).toBeGreaterThan(0);
      }
    }
    const stored = await t.call<{ submissions: { format: string }[] }>('ISW', 'GET', '/v1/submissions');
    expect(stored.body.submissions.map((s) => s.format)).toEqual(['nmea', 'nmea', 'nmea', 'dma-csv', 'geojson']);
  });

  it('answers a bad submission with 400 (field and reason) or 422 (content it cannot read)', async () => {
    const cases: [unknown, number, string][] = [
      [{ party: 'GBR', filename: 'x.nmea' }, 400, 'body.content'],
      [{ party: 'GBR', filename: '../x.nmea', content: 'x' }, 400, 'body.filename'],
      [{ party: 'GBR', filename: 'x.nmea', content: 'x', visibility: 'secret' }, 400, 'body.visibility'],
      [{ party: 'GBR', filename: 'x.nmea.gz', content: 'not base64!', encoding: 'base64' }, 400, 'content'],
      [{ party: 'GBR', filename: 'x.bin', content: 'hello' }, 422, 'filename'],
      [{ party: 'GBR', filename: 'e.events.yaml', content: text(EXERCISES) }, 422, 'content'],
      ['{"party": "GBR", ', 400, 'body'],
    ];
    for (const [body, status, field] of cases) {
      const r = await t.call<{ error: string; issues: { field: string; reason: string }[] }>('GBR', 'POST', '/v1/observations', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.issues.map((i) => i.field), JSON.stringify(r.body)).toContain(field);
      expect(r.body.issues.every((i) => i.reason.length > 0)).toBe(true);
    }
    const positions = await t.call<{ issues: { field: string }[] }>('RUS', 'POST', '/v1/declarations', { party: 'RUS', filename: 'replay.nmea', content: text(NMEA) });
    expect(positions.status).toBe(422);
  });

  it('takes dated facts, quarantining bad records with their line and field', async () => {
    const r = await t.call<{ submission: { id: number; summaries: { read: number; accepted: number; quarantined: number; events: number }[] } }>('RUS', 'POST', '/v1/declarations', { party: 'RUS', filename: 'exercises.events.yaml', content: text(EXERCISES) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const s = r.body.submission.summaries[0]!;
    expect(s.read).toBe(s.accepted + s.quarantined);
    expect(s.events).toBeGreaterThan(0);

    const bad = ['redline-events: 1', 'events:', '  - { type: notification, party: RUS, activity: X, from: 2021-01-01, to: 2021-01-02, source: s }', '  - { type: notification, time: 2020-12-01, party: RUS, activity: X, from: 2021-01-01, to: 2021-01-02, source: s }', ''].join('\n');
    writeFileSync(join(t.dir, 'notes.events.yaml'), bad);
    const q = await t.call<{ submission: { summaries: { read: number; accepted: number; quarantined: number }[] }; quarantine: { line: number; code: string; reason: string }[] }>('RUS', 'POST', '/v1/declarations', { party: 'RUS', filename: 'notes.events.yaml', content: bad });
    expect(q.status).toBe(201);
    expect(q.body.submission.summaries[0]).toMatchObject({ read: 2, accepted: 1, quarantined: 1 });
    expect(q.body.quarantine[0]!.line).toBe(3);
    expect(q.body.quarantine[0]!.reason).toMatch(/time/);

    const broken = await t.call<{ issues: { line?: number; field: string }[] }>('RUS', 'POST', '/v1/declarations', { party: 'RUS', filename: 'broken.events.yaml', content: 'redline-events: 1\nevents:\n  - { type: [\n' });
    expect(broken.status).toBe(422);
    expect(broken.body.issues[0]!.line).toBeGreaterThan(0);
  });

  it('applies an asset registry from a guarantor, all or nothing', async () => {
    const r = await t.call('OSCE', 'POST', '/v1/registries', { filename: 'registry.yaml', content: text(REGISTRY) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const assets = await t.call<{ assets: { id: string; party?: string; class?: string }[] }>('ISW', 'GET', '/v1/assets');
    expect(assets.body.assets.find((a) => a.id === 'demo:hms-defender')).toMatchObject({ party: 'GBR', class: 'surface-warship' });
    const bad = await t.call<{ issues: { line?: number; field: string }[] }>('OSCE', 'POST', '/v1/registries', { filename: 'bad.yaml', content: 'assets:\n  - { id: demo:x, weaponRangeKm: -3 }\n' });
    expect(bad.status).toBe(422);
    expect(bad.body.issues[0]).toMatchObject({ line: 2 });
  });
});

describe('agreements and drafts', () => {
  it('registers agreements and refuses a bad one with every problem by file, line and field', async () => {
    for (const f of AGREEMENTS) {
      const r = await t.call<{ id: string; commitments: object[] }>('administrator', 'POST', '/v1/agreements', { filename: f.split('/').pop(), content: text(f) });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.commitments.length).toBe(loadAgreement(f).decl.commitments.length);
    }
    const broken = text(AGREEMENTS[1]!).replace('redline: 1', 'redline: 1\nsurprise: yes').replace(/^ {4}kind: notify$/m, '    kind: notfy');
    const r = await t.call<{ error: string; issues: { file: string; line: number; column: number; field: string; reason: string }[] }>('administrator', 'POST', '/v1/agreements', { filename: 'broken.yaml', content: broken });
    expect(r.status).toBe(422);
    expect(r.body.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['surprise', 'commitments[0].kind']));
    const lines = broken.split('\n');
    for (const i of r.body.issues) {
      expect(i.file).toBe('broken.yaml');
      expect(lines[i.line - 1]).toContain(i.field === 'surprise' ? 'surprise' : 'notfy');
    }
    const list = await t.call<{ agreements: { id: string }[] }>('ISW', 'GET', '/v1/agreements');
    expect(list.body.agreements.map((a) => a.id).sort()).toEqual(AGREEMENTS.map((f) => loadAgreement(f).id).sort());
    const one = await t.call<{ decl: { commitments: { article: string }[] }; text: string }>('ISW', 'GET', '/v1/agreements/vienna-document-2011');
    expect(one.status).toBe(200);
    expect(one.body.text).toBe(text(AGREEMENTS[1]!));
    expect((await t.call('ISW', 'GET', '/v1/agreements/nothing')).status).toBe(404);
  });

  it("takes a draft from its proposer, and refuses one whose proposer is not the submitter", async () => {
    const draft = text(AGREEMENTS[0]!).replace('id: russia-nato-draft-2021', 'id: russia-nato-counter');
    const ok = await t.call<{ id: string; party: string }>('RUS', 'POST', '/v1/drafts', { party: 'RUS', content: draft });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ id: 'russia-nato-counter', party: 'RUS' });
    const wrong = await t.call<{ issues: { field: string }[] }>('USA', 'POST', '/v1/drafts', { party: 'USA', content: draft });
    expect(wrong.status).toBe(422);
    expect(wrong.body.issues[0]!.field).toBe('proposer');
    expect((await t.call<{ drafts: { id: string }[] }>('USA', 'GET', '/v1/drafts')).body.drafts.map((d) => d.id)).toEqual(['russia-nato-counter']);
    expect((await t.call('USA', 'GET', '/v1/drafts/russia-nato-counter')).status).toBe(200);
  });
});

describe('checks and findings', () => {
  let expected: Finding[];
  let run: number;

  it('runs a check whose findings are those of `check` on the same files', async () => {
    const r = await t.call<{ run: number; findings: number; counts: Record<string, number> }>('OSCE', 'POST', '/v1/checks', {});
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    run = r.body.run;
    const obs = await readObservations([NMEA, NMEA_GZ, csvPath, DEFENDER, EXERCISES, join(t.dir, 'notes.events.yaml')], [REGISTRY]);
    expected = check(AGREEMENTS.map(loadAgreement), obs, createGeo());
    expect(r.body.findings).toBe(expected.length);
    const got = await t.call<{ findings: { run: number; finding: Finding }[] }>('OSCE', 'GET', '/v1/findings');
    const key = (f: Finding) => JSON.stringify([f.id, f.verdict, f.period, f.assets, f.measures, f.evidence.map(unprefix)]);
    expect(got.body.findings.map((f) => key(f.finding))).toEqual(expected.map(key));
    expect(got.body.findings.every((f) => f.run === run)).toBe(true);
    expect(expected.some((f) => f.verdict === 'breach')).toBe(true);
  }, 180_000);

  it('filters findings by agreement, commitment, party, verdict, view, time, place and bounding box', async () => {
    const q = async (query: string) => (await t.call<{ findings: { finding: Finding }[] }>('OSCE', 'GET', `/v1/findings?${query}`)).body.findings.map((f) => f.finding.id);
    const ids = (pred: (f: Finding) => boolean) => expected.filter(pred).map((f) => f.id);
    expect(await q('verdict=breach')).toEqual(ids((f) => f.verdict === 'breach'));
    expect(await q('agreement=vienna-document-2011')).toEqual(ids((f) => f.agreement === 'vienna-document-2011'));
    expect(await q('commitment=art3-approach-distance-black-sea&view=UKR')).toEqual(ids((f) => f.commitment === 'art3-approach-distance-black-sea' && f.view === 'UKR'));
    expect(await q('party=RUS')).toEqual(ids((f) => f.obligor.includes('RUS') || f.beneficiary.includes('RUS')));
    const from = '2021-06-23T09:15:00Z';
    const to = '2021-06-23T09:30:00Z';
    expect(await q(`from=${from}&to=${to}`)).toEqual(ids((f) => (f.period.from === null || f.period.from <= new Date(to).toISOString()) && (f.period.to === null || f.period.to >= new Date(from).toISOString())));
    expect(await q('place=black-sea&agreement=russia-nato-draft-2021')).toEqual(ids((f) => f.commitment === 'art3-approach-distance-black-sea'));
    const box = [33, 44, 34, 45] as const;
    const inBox = ids((f) => f.points.some((p) => p.lon >= box[0] && p.lon <= box[2] && p.lat >= box[1] && p.lat <= box[3]));
    expect(inBox.length).toBeGreaterThan(0);
    expect(await q(`bbox=${box.join(',')}`)).toEqual(inBox);
    expect(await q(`run=${run}&verdict=compliant`)).toEqual(ids((f) => f.verdict === 'compliant'));
    const geo = await t.call<{ type: string; features: { properties: { verdict: string } }[] }>('OSCE', 'GET', '/v1/findings?verdict=breach&format=geojson');
    expect(geo.body.type).toBe('FeatureCollection');
    expect(geo.body.features.length).toBe(ids((f) => f.verdict === 'breach').length);
    // fetch asks for gzip and gets it; a client that does not gets the same JSON plain.
    const zipped = await fetch(`${t.url}/v1/findings?verdict=breach`, { headers: { authorization: `Bearer ${t.tokens.OSCE}` } });
    const plain = await fetch(`${t.url}/v1/findings?verdict=breach`, { headers: { authorization: `Bearer ${t.tokens.OSCE}`, 'accept-encoding': 'identity' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.json()).toEqual(await zipped.json());
    const summary = await t.call<{ findings: { finding: Finding }[] }>('OSCE', 'GET', '/v1/findings?detail=summary');
    expect(summary.body.findings.map((f) => [f.finding.id, f.finding.evidenceCount, f.finding.explanation.replace(/\b[A-Z]+-\d+-/g, ''), f.finding.trace.length, f.finding.evidence.length])).toEqual(expected.map((f) => [f.id, f.evidenceCount, f.explanation, 0, 0]));

    for (const [query, field] of [['verdict=guilty', 'query.verdict'], ['from=yesterday', 'query.from'], ['bbox=1,2,3', 'query.bbox'], ['colour=red', 'query.colour'], ['run=-1', 'query.run']]) {
      const r = await t.call<{ issues: { field: string }[] }>('OSCE', 'GET', `/v1/findings?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.issues.map((i) => i.field)).toEqual([field]);
    }
    const runs = await t.call<{ runs: { id: number; command: string }[] }>('ISW', 'GET', '/v1/runs');
    expect(runs.body.runs.find((x) => x.id === run)?.command).toBe('serve-check');
  });

  it('records attestations by guarantors only', async () => {
    const breach = expected.find((f) => f.verdict === 'breach')!;
    const a = await t.call<{ by: string }>('OSCE', 'POST', '/v1/attestations', { run, finding: breach.id, note: 'checked against the track' });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.by).toBe('OSCE');
    const listed = await t.call<{ findings: { finding: Finding; attestations: { by: string; note: string }[] }[] }>('ISW', 'GET', `/v1/findings?verdict=breach`);
    expect(listed.body.findings.find((f) => f.finding.id === breach.id)!.attestations).toMatchObject([{ by: 'OSCE', note: 'checked against the track' }]);
    expect((await t.call('OSCE', 'POST', '/v1/attestations', { run, finding: 'no/such/finding/1' })).status).toBe(404);
    expect((await t.call<{ issues: { field: string }[] }>('OSCE', 'POST', '/v1/attestations', { run: 'one', finding: breach.id })).body.issues[0]!.field).toBe('body.run');
  });
});

describe('the map', () => {
  it('serves an asset\'s positions in a time window as GeoJSON points and as a track the GeoJSON reader reads back', async () => {
    const from = '2021-06-23T09:00:00Z';
    const to = '2021-06-23T09:30:00Z';
    const local = emptyObservationSet();
    readGeoJsonTracks(text(DEFENDER), 'hms-defender-2021-06-23.geojson', local);
    const p = local.positions;
    const want: string[] = [];
    for (const i of p.timeOrder()) {
      if (local.assets.at(p.asset[i]!).id === 'demo:hms-defender' && p.time[i]! >= Date.parse(from) && p.time[i]! <= Date.parse(to)) want.push(`${p.observationId(i)} ${p.time[i]} ${p.lon[i]} ${p.lat[i]}`);
    }
    expect(want.length).toBeGreaterThan(1);
    const points = await t.call<{ features: { geometry: { coordinates: number[] }; properties: { time: string; observation: string; asset: string } }[] }>('ISW', 'GET', `/v1/observations?asset=demo:hms-defender&from=${from}&to=${to}`);
    expect(points.status).toBe(200);
    expect(points.body.features.map((f) => `${unprefix(f.properties.observation)} ${Date.parse(f.properties.time)} ${f.geometry.coordinates[0]} ${f.geometry.coordinates[1]}`)).toEqual(want);

    const tracks = await t.call<{ type: string; features: { geometry: { type: string; coordinates: number[][] }; properties: { times: string[] } }[] }>('ISW', 'GET', `/v1/tracks?asset=demo:hms-defender&from=${from}&to=${to}`);
    expect(tracks.body.features.length).toBe(1);
    expect(tracks.body.features[0]!.geometry.type).toBe('LineString');
    const back = emptyObservationSet();
    const summary = readGeoJsonTracks(JSON.stringify(tracks.body), 'track.geojson', back);
    expect(summary.quarantined).toBe(0);
    expect(Array.from({ length: back.positions.length }, (_, i) => `${back.positions.time[i]} ${back.positions.lon[i]} ${back.positions.lat[i]}`)).toEqual(want.map((w) => w.split(' ').slice(1).join(' ')));
    expect((await t.call<{ issues: { field: string }[] }>('ISW', 'GET', '/v1/tracks?from=soon')).body.issues[0]!.field).toBe('query.from');
  });

  it("draws an agreement's places under each view asked for", async () => {
    const r = await t.call<{ features: { properties: { place: string; view: string }; geometry: { type: string } }[] }>('ISW', 'GET', '/v1/places?agreement=black-sea-2025-03&view=RUS,UKR');
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    const places = loadAgreement(AGREEMENTS[2]!).decl.places.map((p) => p.id);
    expect(r.body.features.map((f) => `${f.properties.view}/${f.properties.place}`)).toEqual([...places.map((p) => `RUS/${p}`), ...places.map((p) => `UKR/${p}`)]);
    expect(r.body.features.every((f) => f.geometry.type === 'MultiPolygon')).toBe(true);
    expect((await t.call('ISW', 'GET', '/v1/places?agreement=nothing')).status).toBe(404);
    expect((await t.call<{ issues: { field: string }[] }>('ISW', 'GET', '/v1/places')).body.issues[0]!.field).toBe('query.agreement');
    const views = await t.call<{ views: { id: string }[] }>('ISW', 'GET', '/v1/views');
    expect(views.body.views.map((v) => v.id)).toEqual(expect.arrayContaining(['RUS', 'UKR']));
  });
});

describe('live findings', () => {
  it('sends the changes of each check over Server-Sent Events, to a token in the header or the query', async () => {
    const abort = new AbortController();
    const streams = await Promise.all([
      fetch(`${t.url}/v1/live`, { headers: { authorization: `Bearer ${t.tokens.OSCE}` }, signal: abort.signal }),
      fetch(`${t.url}/v1/live?access_token=${t.tokens.ISW}`, { signal: abort.signal }),
    ]);
    for (const s of streams) {
      expect(s.status).toBe(200);
      expect(s.headers.get('content-type')).toMatch(/text\/event-stream/);
    }
    const readers = streams.map((s) => s.body!.getReader());
    const received = readers.map(() => [] as { event: string; data: { event?: string; liveId?: string; finding?: Finding; run?: number } }[]);
    const pumps = readers.map(async (reader, k) => {
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) received[k]!.push({ event, data: JSON.parse(data) });
          if (event === 'check') return;
        }
      }
    });
    // Both streams have said hello before the new data arrives.
    while (received.some((r) => r.length === 0)) await new Promise((r) => setTimeout(r, 20));
    expect(received.map((r) => r[0]!.event)).toEqual(['hello', 'hello']);
    expect((await t.call('GBR', 'POST', '/v1/observations', { party: 'GBR', filename: 'donald-cook-2016-04-12.geojson', content: text(COOK) })).status).toBe(201);
    const checked = await t.call<{ run: number; events: number }>('administrator', 'POST', '/v1/checks', {});
    await Promise.all(pumps);
    abort.abort();
    for (const r of received) {
      const findings = r.filter((e) => e.event === 'finding');
      expect(findings.length).toBeGreaterThan(0);
      expect(r[r.length - 1]!.data.run).toBe(checked.body.run);
      // The new data is about USS Donald Cook: its findings arrive as new.
      expect(findings.some((e) => e.data.event === 'new' && e.data.finding!.assets.some((a) => a.includes('donald-cook')))).toBe(true);
    }
    expect(received[0]!.filter((e) => e.event === 'finding').length).toBe(checked.body.events);
  }, 180_000);
});

describe('submissions at the same time', () => {
  it('gives two submissions of one file name in flight at once their own sources', async () => {
    const files = ['mq9-2023-03-14.geojson', 'donald-cook-2014-04-12-black-sea.geojson'].map((f) => resolve('data/demo', f));
    const rs = await Promise.all(files.map((f) => t.call<{ submission: { id: number; sources: string[] } }>('GBR', 'POST', '/v1/observations', { party: 'GBR', filename: 'tracks.geojson', content: text(f) })));
    expect(rs.map((r) => r.status)).toEqual([201, 201]);
    const [a, b] = rs.map((r) => r.body.submission);
    expect(a!.id).not.toBe(b!.id);
    expect(a!.sources).toEqual([`GBR-${a!.id}-tracks.geojson`]);
    expect(b!.sources).toEqual([`GBR-${b!.id}-tracks.geojson`]);
  });
});

describe('a zip of several formats', () => {
  it('ingests each file of a zip as its own source, read in its own format, and knows bytes stored before', async () => {
    const zip = join(t.dir, 'mixed.zip');
    const made = await runChild('zip', ['-j', zip, DRIFT, csvPath]);
    expect(made.code, made.stderr).toBe(0);
    const r = await t.call<{ submission: { id: number; format: string; sources: string[]; summaries: { read: number; accepted: number; quarantined: number }[] } }>('USA', 'POST', '/v1/observations', { party: 'USA', filename: 'mixed.zip', content: b64(zip), encoding: 'base64' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.submission.format).toBe('nmea,dma-csv');
    const id = r.body.submission.id;
    // The NMEA file is new; the CSV's bytes were submitted before (by GBR), so the zip's entry is that stored source.
    expect(r.body.submission.sources).toEqual([`USA-${id}-mixed.zip/dma-aisabnormal-538004030_drift_1.nmea`, expect.stringMatching(/^GBR-\d+-drift\.csv$/)]);
    for (const s of r.body.submission.summaries) expect(s.read).toBe(s.accepted + s.quarantined);
  });
});
