/**
 * `npm run compile` builds the web app too, so `dist/web` exists after `npm install` (prepare) and
 * before tests. Vite takes tens of seconds on the 2-core machines, and every test run compiles
 * first (test/support/global-setup.ts), so the build is skipped while no file under web/ (nor the
 * lock file) changed since the last build. REDLINE_WEB_BUILD=always forces it.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new globalThis.URL('..', import.meta.url));
const out = join(root, 'dist', 'web', 'index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

// The newest source time is taken before building and kept beside the output: a file edited while
// a build runs is newer than the stamp, so the next compile builds again.
const sources = String(Math.max(newest(join(root, 'web')), statSync(join(root, 'package-lock.json')).mtimeMs));
const stamp = join(root, 'dist', 'web', '.sources');
if (process.env.REDLINE_WEB_BUILD !== 'always' && existsSync(out) && existsSync(stamp) && readFileSync(stamp, 'utf8') === sources) process.exit(0);

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'web', 'tsconfig.json')]);
run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(root, 'web', 'vite.config.ts')]);
writeFileSync(stamp, sources);
