/**
 * The web app's build: web/ → dist/web, served by `redline serve` at `/` (assets under /assets/).
 * Everything the page needs is in the bundle or on the same server, so it runs with no internet.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // MapLibre alone is about 800 kB minified; one chunk is fine for an app served on loopback or a LAN.
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
});
