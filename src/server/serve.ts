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
/** The read-only caller `--demo` registers for the web app, and who it says registered it. */
export const DEMO_OBSERVER = 'demo-observer';
const DEMO_REGISTRAR = '(redline serve --demo)';

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
  /** Only with `demo`: a read-only observer, new at every start, whose token GET /v1/demo hands out. */
  demoObserver?: { name: string; token: string };
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
    const demoObserver = demoObserverFor(tables, options.demo === true);
    const { app, service } = await buildServer({ store, tables, checkOnSubmit: options.checkOnSubmit ?? true, ...(options.geo ? { geo: options.geo } : {}), web: demoObserver ? { demoObserver } : {} });
    const demo = options.demo ? await loadDemo(service) : undefined;
    const address = await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
    return {
      app,
      service,
      url: address,
      ...(firstAdministrator ? { firstAdministrator } : {}),
      ...(demo ? { demo } : {}),
      ...(demoObserver ? { demoObserver } : {}),
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

/**
 * `--demo` registers a fresh observer key at every start and forgets the signer key: its token is
 * handed to anyone who can reach the server, so it may read only what is published. Without
 * `--demo` the observer a demo start left behind is revoked, so a store once served as a demo is
 * not readable with an old demo token. A caller of that name registered by an administrator is
 * left alone (and the demo goes without a token).
 */
function demoObserverFor(tables: ServerTables, demo: boolean): { name: string; token: string } | undefined {
  const existing = tables.caller(DEMO_OBSERVER);
  if (existing && existing.registeredBy !== DEMO_REGISTRAR) {
    if (demo) console.error(`redline serve: a caller ${DEMO_OBSERVER} was registered by ${existing.registeredBy}; the demo offers no observer token`);
    return undefined;
  }
  if (!demo) {
    if (existing) tables.removeCaller(DEMO_OBSERVER);
    return undefined;
  }
  const pair = generateKeyPair(DEMO_OBSERVER);
  tables.putCaller({ name: DEMO_OBSERVER, role: 'observer', vkey: formatVerifierKey(pair), registeredBy: DEMO_REGISTRAR });
  return { name: DEMO_OBSERVER, token: apiToken(pair) };
}
