/**
 * `redline serve` and `redline keys` as an operator runs them: the first start of a store prints a
 * first administrator key and token, once; a party's key from `keys new` (its .token file) works on
 * the API once the administrator registers its verifier key; SIGTERM stops the server cleanly.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChild, runCli, type ChildResult } from './support/child.js';
import { freePort } from './support/net.js';

const cli = resolve('dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'redline-serve-'));
const store = join(dir, 'redline.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `redline serve`, waits until it answers, runs `use`, then stops it with SIGTERM. */
async function withServer(use: (url: string) => Promise<void>): Promise<ChildResult> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Through a shell that writes the server's pid, so the test can stop exactly that process with
  // SIGTERM, as an operator's Ctrl-C or service manager would, and still get its whole output.
  const pidFile = join(dir, `serve-${port}.pid`);
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const child = runChild('sh', ['-c', `${q(process.execPath)} ${q(cli)} serve --store ${q(store)} --port ${port} & echo $! > ${q(pidFile)}; wait $!`], { cwd: dir });
  try {
    for (;;) {
      const up = await fetch(`${url}/v1/health`).then((r) => r.ok, () => false);
      if (up) break;
      const early = await Promise.race([child, new Promise<undefined>((r) => setTimeout(() => r(undefined), 100))]);
      if (early) throw new Error(`redline serve exited early: ${early.stderr}`);
    }
    await use(url);
  } finally {
    if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
  }
  return child;
}

const get = (url: string, token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });

describe('redline serve', () => {
  it('prints a first administrator once, and takes a key made by redline keys new', async () => {
    const first = await withServer(async (url) => {
      expect((await fetch(`${url}/docs`)).status).toBe(200);
    });
    const token = /API token: +(\S+)/.exec(first.stdout)?.[1];
    const signer = /signer key: +(\S+)/.exec(first.stdout)?.[1];
    expect(token, first.stdout + first.stderr).toBeDefined();

    // The printed signer key gives the printed token again.
    writeFileSync(join(dir, 'admin.key'), `${signer}\n`);
    const again = await runCli(cli, ['keys', 'token', '--key', join(dir, 'admin.key')]);
    expect(again.stdout.trim()).toBe(token);

    const keys = await runCli(cli, ['keys', 'new', '--party', 'RUS', '--dir', join(dir, 'keys')]);
    expect(keys.code, keys.stderr).toBe(0);
    const vkey = keys.stdout.trim();
    const rusToken = readFileSync(join(dir, 'keys', 'RUS.token'), 'utf8').trim();

    let liveReader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    const second = await withServer(async (url) => {
      expect((await get(`${url}/v1/me`, rusToken)).status).toBe(401);
      const reg = await fetch(`${url}/v1/callers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'RUS', role: 'party', vkey }) });
      expect(reg.status).toBe(201);
      expect(await (await get(`${url}/v1/me`, rusToken)).json()).toEqual({ name: 'RUS', role: 'party' });
      // A live stream left open: stopping the server must end it, not wait for it.
      const live = await get(`${url}/v1/live`, rusToken);
      expect(live.status).toBe(200);
      liveReader = live.body!.getReader();
    });
    for (;;) if ((await liveReader!.read()).done) break;
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).not.toContain('First administrator');
    expect(second.stderr).toContain('stopped');
  });

  it('refuses a bad port with a usage error', async () => {
    const r = await runCli(cli, ['serve', '--store', store, '--port', 'eighty']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port');
  });
});
