/**
 * The server on the embedded store: the SQLite file holds the Store's tables, the record's and the
 * server's (`api_*`). On a store with no administrator yet, a first administrator key is made and
 * handed back once: only its verifier key is kept, so it cannot be shown again.
 */
import type { FastifyInstance } from 'fastify';
import { formatSignerKey, formatVerifierKey, generateKeyPair } from '../record/keys.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { LoadedGeo } from '../geo/index.js';
import { buildServer } from './app.js';
import { loadDemo, type DemoLoad } from './demo.js';
import { apiToken } from './auth.js';
import type { RedlineService } from './service.js';
import { ServerTables } from './tables.js';

export const FIRST_ADMINISTRATOR = 'administrator';

export interface StartOptions {
  storePath: string;
  port?: number;
  host?: string;
  checkOnSubmit?: boolean;
  geo?: LoadedGeo;
  /** Load the bundled agreements and the demo scenario before listening (see demo.ts). */
  demo?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  service: RedlineService;
  url: string;
  /** Only on the first start of a store: the administrator's signer key and its API token. */
  firstAdministrator?: { name: string; signerKey: string; vkey: string; token: string };
  demo?: DemoLoad;
  close(): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const store = openSqliteStore(options.storePath);
  const tables = new ServerTables(options.storePath);
  let firstAdministrator: RunningServer['firstAdministrator'];
  try {
    if (!tables.hasAdministrator()) {
      const pair = generateKeyPair(FIRST_ADMINISTRATOR);
      const vkey = formatVerifierKey(pair);
      tables.putCaller({ name: pair.name, role: 'administrator', vkey, registeredBy: '(redline serve)' });
      firstAdministrator = { name: pair.name, signerKey: formatSignerKey(pair), vkey, token: apiToken(pair) };
    }
    const { app, service } = await buildServer({ store, tables, checkOnSubmit: options.checkOnSubmit ?? true, ...(options.geo ? { geo: options.geo } : {}) });
    const demo = options.demo ? await loadDemo(service) : undefined;
    const address = await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
    return {
      app,
      service,
      url: address,
      ...(firstAdministrator ? { firstAdministrator } : {}),
      ...(demo ? { demo } : {}),
      async close() {
        await app.close();
        service.close();
        tables.close();
        await store.close();
      },
    };
  } catch (e) {
    // A first administrator nobody was shown (the port was taken, say) would lock the store: forget it.
    if (firstAdministrator) tables.removeCaller(firstAdministrator.name);
    tables.close();
    await store.close();
    throw e;
  }
}
