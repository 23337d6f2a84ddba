import { DEFAULT_STORE_PATH } from '../../store/sqlite.js';
import { startServer } from '../../server/serve.js';
import { parse, UsageError } from '../args.js';

export const serveHelp =
  'serve [--store PATH] [--port N] [--host ADDR] [--demo] [--manual-checks]\n        the HTTP API and the web app (at /) on the embedded store (docs at /docs, OpenAPI at /openapi.json); on a store without an\n        administrator it prints a first administrator key and token, once. --demo: load the bundled agreements and the demo\n        scenario first (once) and check them, and offer a read-only observer token (printed; GET /v1/demo) for the web app; --manual-checks: no check after each submission (POST /v1/checks runs one)';

/** `redline serve`: runs until SIGINT or SIGTERM, then closes the store cleanly. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { store: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'manual-checks': { type: 'boolean', default: false }, demo: { type: 'boolean', default: false } }, false);
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${values.port}" is not a port number (0-65535)`);
  const server = await startServer({ storePath: values.store ?? DEFAULT_STORE_PATH, port, ...(values.host ? { host: values.host } : {}), checkOnSubmit: !values['manual-checks'], demo: values.demo === true });
  const first = server.firstAdministrator;
  if (first) {
    // Printed once: the server keeps only the verifier key.
    console.log(`First administrator (shown once; keep it):\n  signer key: ${first.signerKey}\n  API token:  ${first.token}\n  (save the signer key as a .key file; \`redline keys token --key FILE\` gives the token again)`);
  }
  if (server.demo) {
    const c = server.demo.check.counts;
    console.log(`demo: ${server.demo.agreements.length} agreement(s) and ${server.demo.submitted.length} file(s) added; run ${server.demo.check.run}: ${c.findings ?? 0} findings (${c.breach ?? 0} breach, ${c.risk ?? 0} risk)`);
  }
  if (server.demoObserver) console.log(`demo: read-only observer token (new at every start; the web app fetches it from /v1/demo):\n  ${server.demoObserver.token}`);
  console.log(`redline serve: web app at ${server.url}/`);
  console.log(`redline serve: listening on ${server.url} (store ${values.store ?? DEFAULT_STORE_PATH}); docs at ${server.url}/docs`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  console.error('redline serve: stopped');
  return 0;
}
