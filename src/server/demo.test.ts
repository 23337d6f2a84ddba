/**
 * `redline serve --demo` on a fresh store: the findings the API serves are those `redline demo`
 * computes on the demo scenario (same agreements, files, registry; read the CLI's way), an observer
 * sees all of them (everything in the demo is published), and loading again adds nothing.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readObservations } from '../cli/observations.js';
import { createGeo } from '../geo/index.js';
import { check, loadAgreement, type Finding } from '../verify/index.js';
import { loadDemo } from './demo.js';
import { startTestServer, type TestServer } from './testing.js';

const files = (dir: string, re: RegExp) => readdirSync(resolve(dir)).filter((f) => re.test(f)).sort().map((f) => join(resolve(dir), f));
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer([['ISW', 'observer']]);
});
afterAll(async () => t?.close());

describe('the demo scenario on the server', () => {
  it('serves the findings redline demo computes on the same data, and loads only once', async () => {
    const first = await loadDemo(t.server.service);
    const agreements = files('agreements', /\.ya?ml$/);
    expect(first.agreements.length).toBe(agreements.length);
    const obs = await readObservations([...files('data/demo', /\.geojson$/), ...files('data/facts', /\.events\.(ya?ml|json)$/)], [resolve('data/demo/registry.yaml')]);
    const expected = check(agreements.map(loadAgreement), obs, createGeo());
    const key = (f: Finding) => JSON.stringify([f.id, f.verdict, f.period, f.assets, f.measures, f.evidence.map((e) => e.replace(/^redline-demo-\d+-/, ''))]);
    const served = await t.call<{ findings: { finding: Finding }[] }>('ISW', 'GET', '/v1/findings');
    expect(served.body.findings.map((f) => key(f.finding))).toEqual(expected.map(key));
    expect(expected.filter((f) => f.verdict === 'breach').length).toBeGreaterThan(0);

    const submissions = (await t.call<{ submissions: object[] }>('ISW', 'GET', '/v1/submissions')).body.submissions.length;
    const again = await loadDemo(t.server.service);
    expect(again.agreements).toEqual([]);
    expect(again.submitted).toEqual([]);
    expect((await t.call<{ submissions: object[] }>('ISW', 'GET', '/v1/submissions')).body.submissions.length).toBe(submissions);
    expect(again.check.findings.map(key)).toEqual(expected.map(key));
  }, 240_000);
});
