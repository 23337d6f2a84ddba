/**
 * The web app's routes on the real server: the built page and its assets (nothing outside the
 * asset folder), the Natural Earth basemap without a token, and the demo's observer token: offered
 * only by a `--demo` start, read-only, and withdrawn when the store is served again without `--demo`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from './serve.js';
import { WEB_DIR } from './web.js';

const require = createRequire(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'redline-web-routes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (url: string, token?: string) => fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('the web app routes', () => {
  it('serve the built page and its assets, and the basemap without a token', async () => {
    const server = await startServer({ storePath: join(dir, 'plain.db'), port: 0 });
    try {
      const page = await get(`${server.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toBe(readFileSync(join(WEB_DIR, 'index.html'), 'utf8'));
      // Every script and style the page loads is one of ours, served from /assets/.
      const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((r) => !r.startsWith('data:'));
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) {
        expect(ref).toMatch(/^\/assets\//);
        const asset = await get(`${server.url}${ref}`);
        expect(asset.status, ref).toBe(200);
        expect(asset.headers.get('content-type')).toMatch(ref.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      }
      for (const sneaky of ['/assets/../index.html', '/assets/%2e%2e/%2e%2e/package.json', '/assets/nothing.js']) expect((await get(`${server.url}${sneaky}`)).status, sneaky).toBe(404);
      const basemap = await get(`${server.url}/basemap/countries-50m.json`);
      expect(basemap.status).toBe(200);
      expect(await basemap.json()).toEqual(require('world-atlas/countries-50m.json'));
      // Without --demo there is no token to be had.
      expect((await get(`${server.url}/v1/demo`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('offer a read-only observer token on --demo only, withdrawn when served without --demo', async () => {
    const store = join(dir, 'demo.db');
    const demo = await startServer({ storePath: store, port: 0, demo: true });
    let token: string;
    try {
      const offered = (await (await get(`${demo.url}/v1/demo`)).json()) as { observer: { name: string; token: string } };
      token = offered.observer.token;
      expect(offered.observer.name).toBe('demo-observer');
      expect(await (await get(`${demo.url}/v1/me`, token)).json()).toEqual({ name: 'demo-observer', role: 'observer' });
      const findings = (await (await get(`${demo.url}/v1/findings?detail=summary`, token)).json()) as { findings: unknown[] };
      expect(findings.findings.length).toBe(demo.demo!.check.findings.length);
      // Read-only: it submits nothing and runs nothing.
      const submit = await fetch(`${demo.url}/v1/declarations`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ party: 'demo-observer', filename: 'x.events.yaml', content: 'redline-events: 1\nevents: []\n' }) });
      expect(submit.status).toBe(403);
      const check = await fetch(`${demo.url}/v1/checks`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(check.status).toBe(403);
    } finally {
      await demo.close();
    }
    const plain = await startServer({ storePath: store, port: 0 });
    try {
      expect((await get(`${plain.url}/v1/me`, token)).status).toBe(401);
      expect((await get(`${plain.url}/v1/demo`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  }, 240_000);
});
