/**
 * The web app (web/, built by Vite into dist/web) served beside the API, and the two things it
 * needs from the server besides the API: the Natural Earth basemap (the world-atlas file the engine
 * itself reads, so the map works with no tile server and no internet) and, on `--demo` only, a
 * read-only observer token for the page to start with.
 *
 * A small handler rather than @fastify/static: the app is one index.html and a folder of hashed
 * assets, so a file lookup confined to that folder is all it takes.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { bundled } from '../cli/paths.js';

const require = createRequire(import.meta.url);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
};

export const WEB_DIR = bundled('dist', 'web');

export interface WebOptions {
  /** Where the built app is; dist/web by default. */
  dir?: string;
  /** Only with `serve --demo`: the observer token GET /v1/demo hands to the page. */
  demoObserver?: { name: string; token: string };
}

export function registerWebApp(app: FastifyInstance, options: WebOptions = {}): void {
  const dir = options.dir ?? WEB_DIR;
  const basemap = require.resolve('world-atlas/countries-50m.json');

  const index = async (_req: unknown, reply: import('fastify').FastifyReply) => {
    const file = join(dir, 'index.html');
    if (!existsSync(file)) return reply.status(503).type('text/plain; charset=utf-8').send(`The web app is not built (no ${file}): run npm run compile.`);
    return reply.type(TYPES['.html']!).header('cache-control', 'no-cache').send(await readFile(file));
  };
  app.get('/', index);
  app.get('/app', index);

  app.get('/assets/*', async (request, reply) => {
    const rel = normalize((request.params as { '*': string })['*']);
    const root = join(dir, 'assets');
    const file = join(root, rel);
    // Vite names assets by content hash: a path outside the folder, or unknown, is simply not there.
    if (!file.startsWith(root + sep) || !existsSync(file)) return reply.status(404).send({ error: 'not-found', message: `no asset ${rel}` });
    return reply
      .type(TYPES[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(await readFile(file));
  });

  // Public data (Natural Earth is in the public domain): no token, cached by the browser.
  app.get('/basemap/countries-50m.json', async (_req, reply) => reply.type(TYPES['.json']!).header('cache-control', 'public, max-age=86400').send(await readFile(basemap)));

  if (options.demoObserver) {
    const observer = options.demoObserver;
    // Demo only: everything the demo loads is published, and an observer reads only what is published.
    app.get('/v1/demo', async () => ({ demo: true, observer }));
  }
}
