/**
 * Builds `dist/` once before any test file runs: the CLI tests run the built `redline` command, and
 * several test files compiling at the same moment race on the same output files.
 * `npm test` compiles first anyway; this keeps `npx vitest run one.test.ts` honest on its own.
 */
import { runChild } from './child.js';

export default async function setup(): Promise<void> {
  const build = await runChild('npm', ['run', '--silent', 'compile']);
  if (build.code !== 0) throw new Error(`npm run compile failed:\n${build.stdout}${build.stderr}`);
}
