/**
 * Child processes for tests, awaited rather than run with spawnSync: a test worker whose event loop
 * stays blocked for a minute (a file of synchronous CLI runs on a loaded 2-core CI machine) misses
 * Vitest's RPC deadline and the whole run fails with "Timeout calling onTaskUpdate".
 */
import { spawn, type SpawnOptions } from 'node:child_process';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runChild(command: string, args: readonly string[], options: SpawnOptions & { input?: string | Buffer } = {}): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const { input, ...spawnOptions } = options;
    const child = spawn(command, args, { ...spawnOptions, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolvePromise({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin!.on('error', () => undefined); // a child that exits before reading its input
    child.stdin!.end(input);
  });
}

/** Runs the built `redline` command with Node, as `node dist/src/cli/main.js ARGS`. */
export function runCli(cli: string, args: readonly string[], options: SpawnOptions & { input?: string | Buffer } = {}): Promise<ChildResult> {
  return runChild(process.execPath, [cli, ...args], options);
}
