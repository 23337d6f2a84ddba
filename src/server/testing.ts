/**
 * For tests: the real server on a real store in a temporary folder, listening on a free port, and
 * callers with real Ed25519 keys registered through the API by the first administrator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatVerifierKey, generateKeyPair, type KeyPair } from '../record/keys.js';
import { apiToken, type Role } from './auth.js';
import { startServer, type RunningServer } from './serve.js';

export interface Response<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestServer {
  server: RunningServer;
  dir: string;
  storePath: string;
  url: string;
  tokens: Record<string, string>;
  /** The key pairs of the callers registered here. */
  keys: Record<string, KeyPair>;
  /** A JSON request as `caller` (a registered name, or undefined for none). */
  call<T = Record<string, unknown>>(caller: string | undefined, method: string, path: string, body?: unknown): Promise<Response<T>>;
  register(name: string, role: Role): Promise<string>;
  close(): Promise<void>;
}

export async function startTestServer(callers: [string, Role][] = [], options: { checkOnSubmit?: boolean } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'redline-server-'));
  const storePath = join(dir, 'redline.db');
  const server = await startServer({ storePath, port: 0, checkOnSubmit: options.checkOnSubmit ?? false });
  const tokens: Record<string, string> = { administrator: server.firstAdministrator!.token };
  const keys: Record<string, KeyPair> = {};
  const call = async <T>(caller: string | undefined, method: string, path: string, body?: unknown): Promise<Response<T>> => {
    const headers: Record<string, string> = {};
    if (caller !== undefined) headers.authorization = `Bearer ${tokens[caller] ?? caller}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (the docs page)
    }
    return { status: r.status, body: parsed as T, headers: r.headers };
  };
  const register = async (name: string, role: Role) => {
    const pair = generateKeyPair(name);
    const r = await call('administrator', 'POST', '/v1/callers', { name, role, vkey: formatVerifierKey(pair) });
    if (r.status !== 201) throw new Error(`registering ${name}: ${r.status} ${JSON.stringify(r.body)}`);
    tokens[name] = apiToken(pair);
    keys[name] = pair;
    return tokens[name]!;
  };
  for (const [name, role] of callers) await register(name, role);
  return {
    server,
    dir,
    storePath,
    url: server.url,
    tokens,
    keys,
    call,
    register,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
