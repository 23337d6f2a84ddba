/** Where the package's bundled files are, whether run from dist/ or from source. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'redline') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the redline package root');
    dir = up;
  }
}

export const packageRoot = findRoot();
export const bundled = (...parts: string[]) => join(packageRoot, ...parts);

/** The shared real-data folder beside the checkout (`../shared/data`), or REDLINE_SHARED_DATA. */
export function sharedDataDir(): string | undefined {
  const dir = process.env.REDLINE_SHARED_DATA ?? resolve(packageRoot, '..', 'shared', 'data');
  return existsSync(dir) ? dir : undefined;
}
