/**
 * The web app in a real browser: `redline serve --demo` on a fresh temporary store, Debian's
 * chromium driven by playwright-core (no browser is downloaded; CI installs `chromium`). The page
 * loads the demo data from the server alone (every request to another origin fails the test), the
 * time slider replays the tracks, a finding opens its evidence with the article, a view switch shows
 * the findings that change, and a pasted token signs in. Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild, type ChildResult } from './support/child.js';
import { freePort } from './support/net.js';

const CHROMIUM = process.env.REDLINE_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = resolve('test-artifacts');
const cli = resolve('dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'redline-web-'));

// Names of the page, where the functions handed to page.evaluate run (the tests compile without the DOM library).
interface PageMap { queryRenderedFeatures(o: object): { properties: { id: string }; geometry: { coordinates: [number, number] } }[]; project(c: [number, number]): { x: number; y: number } }
declare const window: { redline: { map: PageMap } };
declare const sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
declare const document: { documentElement: { scrollWidth: number } };

interface Finding { id: string; agreement: string; commitment: string; interpretation: string; view: string; verdict: string; points: unknown[]; measures: { value: number | null; limit: number | null }[] }

let browser: Browser;
let url = '';
let pidFile = '';
let child: Promise<ChildResult>;
let findings: Finding[] = [];
/** Requests the page made to anything but the server (http, https, ws): must stay empty. */
const foreign: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: the web tests drive Debian's chromium (apt-get install -y chromium), or set REDLINE_CHROMIUM to a Chromium binary`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  pidFile = join(dir, 'serve.pid');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  child = runChild('sh', ['-c', `${q(process.execPath)} ${q(cli)} serve --demo --store ${q(join(dir, 'redline.db'))} --port ${port} & echo $! > ${q(pidFile)}; wait $!`], { cwd: dir });
  for (;;) {
    if (await fetch(`${url}/v1/health`).then((r) => r.ok, () => false)) break;
    const early = await Promise.race([child, new Promise<undefined>((r) => setTimeout(() => r(undefined), 200))]);
    if (early) throw new Error(`redline serve --demo exited early: ${early.stdout}${early.stderr}`);
  }
  const demo = (await (await fetch(`${url}/v1/demo`)).json()) as { observer: { token: string } };
  findings = ((await (await fetch(`${url}/v1/findings`, { headers: { authorization: `Bearer ${demo.observer.token}` } })).json()) as { findings: { finding: Finding }[] }).findings.map((f) => f.finding);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (pidFile && existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
  await child;
  rmSync(dir, { recursive: true, force: true });
});

async function open(viewport: { width: number; height: number }, init?: (page: Page) => Promise<void>): Promise<Page> {
  const context = await browser.newContext({ viewport });
  context.on('request', (r) => {
    const u = new URL(r.url());
    if (['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && u.origin !== url) foreign.push(r.url());
  });
  // Anything bound elsewhere is refused outright, so a dependence on the internet cannot pass unseen.
  await context.route((u) => u.origin !== url && /^(https?|wss?):$/.test(u.protocol), (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors: string[] }).errors = errors;
  if (init) await init(page);
  await page.goto(`${url}/`);
  return page;
}

const rendered = (page: Page, layer: string) => page.evaluate((l) => window.redline.map.queryRenderedFeatures({ layers: [l] }).length, layer);
const count = async (page: Page, layer: string, atLeast = 1) => {
  await expect.poll(() => rendered(page, layer), { timeout: 30_000 }).toBeGreaterThanOrEqual(atLeast);
  return rendered(page, layer);
};

describe('the web app on redline serve --demo', () => {
  it('shows the demo on the map, replays the tracks, opens a finding\'s evidence, and switches views', async () => {
    const page = await open({ width: 1366, height: 800 });
    await page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
    await expect.poll(() => page.textContent('#who')).toContain('demo-observer');

    // The basemap, places and findings are drawn from the server's data alone.
    expect(await count(page, 'countries-fill')).toBeGreaterThan(0);
    expect(await count(page, 'places-fill')).toBeGreaterThan(0);
    // A view's list: the findings judged under it, and those of commitments judged under one other view only.
    const listed = (view: string) => {
      const judged = new Set(findings.filter((f) => f.view === view).map((f) => `${f.agreement}/${f.commitment}`));
      return findings.filter((f) => f.view === view || !judged.has(`${f.agreement}/${f.commitment}`));
    };
    const onMap = listed('RUS').filter((f) => f.points.length).length;
    expect(onMap).toBeGreaterThan(0);
    expect(await page.locator('#findings button.item').count()).toBe(listed('RUS').length);
    expect(await page.textContent('#count')).toContain(`${listed('RUS').length} finding(s) under view RUS (${onMap} on the map`);

    // The slider, by keyboard: at the start of the episode no track is drawn yet, half-way some are.
    const slider = page.locator('#time');
    await slider.focus();
    await page.keyboard.press('Home');
    const start = await page.textContent('#time-label');
    await expect.poll(() => rendered(page, 'tracks-past')).toBe(0);
    for (let i = 0; i < 5; i++) await page.keyboard.press('PageUp');
    expect(Number(await slider.inputValue())).toBeGreaterThan(0);
    expect(await page.textContent('#time-label')).not.toBe(start);
    expect(await count(page, 'tracks-past')).toBeGreaterThan(0);
    expect(await count(page, 'now')).toBeGreaterThan(0);

    // A finding from the list, opened with Enter: its evidence, the article, the figure against the limit.
    const f = findings.find((x) => x.view === 'RUS' && x.commitment === 'art3-approach-distance' && x.verdict === 'breach')!;
    expect(f).toBeDefined();
    const decl = (await (await page.request.get(`${url}/v1/agreements/${f.agreement}`, { headers: { authorization: `Bearer ${await page.evaluate(() => sessionStorage.getItem('redline-token'))}` } })).json()) as { decl: { commitments: { id: string; text: string }[] } };
    const article = decl.decl.commitments.find((c) => c.id === f.commitment)!.text;
    await page.locator(`#findings button.item[data-id="${f.id}"]`).focus();
    await page.keyboard.press('Enter');
    const evidence = page.locator('#evidence');
    await expect.poll(() => evidence.isVisible()).toBe(true);
    expect((await evidence.locator('blockquote.article').textContent())!.replace(/\s+/g, ' ')).toBe(article.replace(/\s+/g, ' '));
    expect(await evidence.locator('.measures td.value').first().textContent()).toBe(`${Math.round(f.measures[0]!.value!)} m`);
    expect(await evidence.locator('.measures td.limit').first().textContent()).toContain(`≥ ${f.measures[0]!.limit!.toLocaleString('en-GB')} m`);
    expect(await evidence.locator('.view').textContent()).toBe('RUS');
    expect(await evidence.locator('table.keypoints tbody tr').count()).toBe(f.points.length);
    // Its key points and the observations it used are highlighted on the map, on the slider at its moment.
    expect(await count(page, 'evidence-points', f.points.length)).toBe(f.points.length);
    expect(await count(page, 'evidence-obs')).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'web-evidence.png') });

    // A marker clicked on the map opens that finding.
    await page.keyboard.press('Escape');
    await expect.poll(() => evidence.isVisible()).toBe(false);
    const marker = await page.evaluate(() => {
      const m = window.redline.map;
      const hit = m.queryRenderedFeatures({ layers: ['findings'] })[0]!;
      const { x, y } = m.project(hit.geometry.coordinates);
      return { id: hit.properties.id, x, y };
    });
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + marker.x, box.y + marker.y);
    await expect.poll(() => evidence.isVisible()).toBe(true);
    const clicked = await evidence.locator('code').textContent();
    expect(findings.some((x) => x.id === clicked && x.points.length)).toBe(true);

    // Another view: the list is that view's, and the changes between the two are listed.
    await page.selectOption('#view', 'UKR');
    await page.selectOption('#compare', 'RUS');
    expect(await page.textContent('#count')).toContain(`${listed('UKR').length} finding(s) under view UKR`);
    expect(await page.locator('#findings button.item').count()).toBe(listed('UKR').length);
    expect(listed('UKR').length).toBeGreaterThan(findings.filter((x) => x.view === 'UKR').length);
    const outcome = (view: string, key: string) => findings.filter((x) => x.view === view && `${x.agreement}/${x.commitment}/${x.interpretation}` === key).map((x) => x.verdict).sort().join();
    const keys = [...new Set(findings.map((x) => `${x.agreement}/${x.commitment}/${x.interpretation}`))];
    const changed = keys.filter((k) => outcome('UKR', k) && outcome('RUS', k) && outcome('UKR', k) !== outcome('RUS', k));
    expect(changed).toContain('russia-nato-draft-2021/art7-no-military-activity-ukraine/as-written');
    await page.click('#tab-changes');
    expect(await page.textContent('#changes-summary')).toBe(`${changed.length} commitment(s) judged differently under UKR and RUS.`);
    const art7 = page.locator('#changes li', { hasText: 'art7-no-military-activity-ukraine' });
    expect(await art7.textContent()).toContain('under UKR: breach');
    expect(await art7.textContent()).toContain('under RUS: compliant');
    await page.screenshot({ path: join(ARTIFACTS, 'web-changes.png') });
    await art7.getByRole('button', { name: 'open under UKR' }).click();
    expect(await evidence.locator('.view').textContent()).toBe('UKR');
    expect(await evidence.textContent()).toContain('HMS Defender');
    await page.click('#tab-findings');
    expect(await page.locator('#findings .changed').count()).toBe(findings.filter((x) => x.view === 'UKR' && changed.includes(`${x.agreement}/${x.commitment}/${x.interpretation}`)).length);
    await page.screenshot({ path: join(ARTIFACTS, 'web-views.png') });

    // The agreements browser: commitments with their articles and parameters.
    await page.click('#tab-agreements');
    const draft = page.locator('#agreements details', { hasText: 'russia-nato-draft-2021' });
    await draft.locator('summary').click();
    await expect.poll(() => draft.locator('.commitment').count()).toBe(decl.decl.commitments.length);
    expect(await draft.textContent()).toContain('approachDistanceM');

    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    expect(foreign).toEqual([]);
  }, 300_000);

  it('fits a phone, and signs in with a pasted token when the stored one is refused', async () => {
    const page = await open({ width: 390, height: 844 }, async (p) => {
      await p.addInitScript(() => {
        if (!sessionStorage.getItem('seen')) {
          sessionStorage.setItem('seen', '1');
          sessionStorage.setItem('redline-token', 'rl1.bm9ib2R5.00000000.' + 'A'.repeat(86));
        }
      });
    });
    const dialog = page.locator('#login');
    await expect.poll(() => dialog.isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await page.textContent('#login-error')).toContain('no caller nobody is registered');
    const token = ((await (await fetch(`${url}/v1/demo`)).json()) as { observer: { token: string } }).observer.token;
    await page.fill('#token', token);
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
    expect(await page.textContent('#who')).toContain('demo-observer');
    // One column, nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const mapBox = (await page.locator('#map').boundingBox())!;
    const listBox = (await page.locator('#findings').boundingBox())!;
    expect(listBox.y).toBeGreaterThanOrEqual(mapBox.y + mapBox.height);
    await page.screenshot({ path: join(ARTIFACTS, 'web-phone.png') });
    expect(foreign).toEqual([]);
  }, 300_000);
});
