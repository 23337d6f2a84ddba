/**
 * GET /v1/reports against the real server on a real store: HMS Defender's track of 23 June 2021
 * (data/demo) under Russia's NATO draft, and exercises declared published and confidential under
 * the Vienna Document. Each format holds exactly the findings GET /v1/findings gives the same
 * caller for the same filter (so a confidential declaration's finding reaches only its owner and the
 * guarantors); the HTML report carries each finding's article, figures and an SVG map of its points.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../verify/index.js';
import type { Role } from './auth.js';
import { startTestServer, type TestServer } from './testing.js';

const CALLERS: [string, Role][] = [
  ['RUS', 'party'],
  ['USA', 'party'],
  ['OSCE', 'guarantor'],
  ['ISW', 'observer'],
];
const file = (p: string) => readFileSync(resolve(p), 'utf8');

function exercise(party: string, name: string): string {
  return [
    'redline-events: 1',
    'events:',
    `  - { type: activity, party: ${party}, name: ${name}, start: 2021-09-10, end: 2021-09-16, place: ${party}, source: test declaration, confidence: verified,`,
    '      reports: [{ basis: declared, troops: 12000 }] }',
    '',
  ].join('\n');
}

/** RFC 4180 rows: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

let t: TestServer;
let rusConfidential: number;

beforeAll(async () => {
  t = await startTestServer(CALLERS);
  for (const a of ['russia-nato-draft-2021-12-17.yaml', 'vienna-document-2011.yaml']) {
    expect((await t.call('administrator', 'POST', '/v1/agreements', { filename: a, content: file(`agreements/${a}`) })).status).toBe(201);
  }
  expect((await t.call('OSCE', 'POST', '/v1/observations', { party: 'OSCE', filename: 'hms-defender-2021-06-23.geojson', content: file('data/demo/hms-defender-2021-06-23.geojson') })).status).toBe(201);
  expect((await t.call('OSCE', 'POST', '/v1/registries', { filename: 'registry.yaml', content: file('data/demo/registry.yaml') })).status).toBe(201);
  const conf = await t.call<{ submission: { id: number } }>('RUS', 'POST', '/v1/declarations', { party: 'RUS', filename: 'rus.events.yaml', content: exercise('RUS', 'rus-confidential-2021'), visibility: 'confidential' });
  expect(conf.status).toBe(201);
  rusConfidential = conf.body.submission.id;
  expect((await t.call('USA', 'POST', '/v1/declarations', { party: 'USA', filename: 'usa.events.yaml', content: exercise('USA', 'usa-published-2021') })).status).toBe(201);
  expect((await t.call('OSCE', 'POST', '/v1/checks', {})).status).toBe(201);
}, 240_000);
afterAll(async () => t?.close());

const findingsOf = async (caller: string, query: string) => (await t.call<{ findings: { finding: Finding }[] }>(caller, 'GET', `/v1/findings?${query}`)).body.findings.map((f) => f.finding);
const text = async (caller: string | undefined, path: string) => {
  const headers: Record<string, string> = caller ? { authorization: `Bearer ${t.tokens[caller]}` } : {};
  const r = await fetch(`${t.url}${path}`, { headers });
  return { status: r.status, type: r.headers.get('content-type') ?? '', disposition: r.headers.get('content-disposition') ?? '', body: await r.text() };
};

describe('GET /v1/reports', () => {
  const queries = ['', 'verdict=breach', 'view=UKR&agreement=russia-nato-draft-2021', 'party=RUS&from=2021-09-01&to=2021-12-31'];

  it.each(CALLERS.map(([c]) => c))('as CSV holds for %s exactly the findings GET /v1/findings gives it, one row each', async (caller) => {
    for (const q of queries) {
      const expected = await findingsOf(caller, q);
      const r = await text(caller, `/v1/reports?format=csv${q ? `&${q}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.type).toMatch(/^text\/csv/);
      expect(r.disposition).toContain('redline-findings.csv');
      const [header, ...rows] = parseCsv(r.body);
      expect(header![0]).toBe('id');
      for (const row of rows) expect(row.length).toBe(header!.length);
      const col = (name: string) => header!.indexOf(name);
      expect(rows.map((row) => row[col('id')])).toEqual(expected.map((f) => f.id));
      expect(rows.map((row) => row[col('explanation')])).toEqual(expected.map((f) => f.explanation));
      expect(rows.map((row) => row[col('verdict')])).toEqual(expected.map((f) => f.verdict));
      expect(rows.map((row) => row[col('value')])).toEqual(expected.map((f) => (f.measures[0]?.value ?? '').toString()));
    }
    // The finding resting on RUS's confidential exercise: for RUS and the guarantor only.
    const csv = (await text(caller, '/v1/reports?format=csv&agreement=vienna-document-2011')).body;
    const all = await findingsOf('OSCE', 'agreement=vienna-document-2011');
    const confidentialIds = all.filter((f) => f.evidence.some((e) => e.startsWith(`RUS-${rusConfidential}-`))).map((f) => f.id);
    expect(confidentialIds.length).toBeGreaterThan(0);
    for (const id of confidentialIds) expect(csv.includes(id)).toBe(caller === 'RUS' || caller === 'OSCE');
  });

  it('as GeoJSON is the findings GeoJSON of the same filter', async () => {
    for (const q of queries) {
      const expected = (await t.call('ISW', 'GET', `/v1/findings?format=geojson${q ? `&${q}` : ''}`)).body;
      const r = await text('ISW', `/v1/reports?format=geojson${q ? `&${q}` : ''}`);
      expect(r.type).toMatch(/^application\/geo\+json/);
      expect(JSON.parse(r.body)).toEqual(expected);
    }
  });

  it('as HTML gives each finding its article, figures, explanation and a map of its key points, with no outside reference', async () => {
    const q = 'agreement=russia-nato-draft-2021&view=UKR';
    const expected = await findingsOf('ISW', q);
    const defender = expected.find((f) => f.commitment === 'art7-no-military-activity-ukraine' && f.verdict === 'breach');
    expect(defender, 'HMS Defender inside the territorial sea of Crimea, on the Ukrainian view').toBeDefined();
    const r = await text('ISW', `/v1/reports?format=html&${q}`);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/html/);
    const sections = r.body.split('<section class="finding"').slice(1);
    expect(sections.length).toBe(expected.length);
    const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
    const decl = (await t.call<{ decl: { commitments: { id: string; text: string }[] } }>('ISW', 'GET', '/v1/agreements/russia-nato-draft-2021')).body.decl;
    for (const [i, f] of expected.entries()) {
      const s = sections[i]!;
      expect(s).toContain(esc(f.id));
      expect(s).toContain(esc(f.explanation));
      expect(s).toContain(esc(decl.commitments.find((c) => c.id === f.commitment)!.text));
      const svg = /<svg[^>]*viewBox="0 0 (\d+) (\d+)"[\s\S]*?<\/svg>/.exec(s);
      expect(Boolean(svg)).toBe(f.points.length > 0);
      if (!svg) continue;
      // One dot per key point, each inside the frame; land drawn from Natural Earth.
      const dots = [...svg[0].matchAll(/<circle cx="([\d.-]+)" cy="([\d.-]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
      expect(dots.length).toBe(f.points.length);
      for (const [x, y] of dots) {
        expect(x).toBeGreaterThan(0);
        expect(x).toBeLessThan(Number(svg[1]));
        expect(y).toBeGreaterThan(0);
        expect(y).toBeLessThan(Number(svg[2]));
      }
      expect(svg[0]).toMatch(/class="land"[^>]* d="M/);
    }
    // The Defender's map shows the places Art. 7 names (Crimea's territorial sea on this view) and its track.
    const ds = sections[expected.indexOf(defender!)]!;
    expect(ds).toMatch(/class="place" d="M[^"]+"><title>/);
    expect(ds).toMatch(/class="track" d="M[^"]+"><title>demo:hms-defender<\/title>/);
    expect(ds).toContain(`${defender!.measures[0]!.name}`);
    // Printable on its own: no script, no outside resource.
    expect(r.body).not.toMatch(/<script|src=|href="http|url\(http|@import/);
  });

  it('refuses without a token and names a bad field', async () => {
    expect((await text(undefined, '/v1/reports?format=csv')).status).toBe(401);
    const bad = await t.call<{ issues: { field: string }[] }>('ISW', 'GET', '/v1/reports?format=pdf');
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i) => i.field)).toEqual(['query.format']);
    const unknown = await t.call<{ issues: { field: string }[] }>('ISW', 'GET', '/v1/reports?colour=red');
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues.map((i) => i.field)).toEqual(['query.colour']);
  });
});
