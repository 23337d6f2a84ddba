/**
 * The progress bar stays out of logs and pipes: nothing is written to a stream that is not a
 * terminal, nor with --quiet or under CI. (The drawing on a real terminal was checked by hand with
 * `script -qc`, see the report of issue 3.)
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressWanted, startProgress } from './progress.js';

/** A capture stream; `tty` makes it claim to be a terminal as a real one does (isTTY, columns). */
function sink(tty: boolean): PassThrough & { text: () => string } {
  const s = new PassThrough() as PassThrough & { text: () => string; isTTY?: boolean; columns?: number; cursorTo?: unknown; clearLine?: unknown; moveCursor?: unknown };
  const parts: Buffer[] = [];
  s.on('data', (b: Buffer) => parts.push(b));
  if (tty) {
    s.isTTY = true;
    s.columns = 120;
    s.cursorTo = (_x: number, _y?: number, cb?: () => void) => (cb?.(), true);
    s.clearLine = (_d: number, cb?: () => void) => (cb?.(), true);
    s.moveCursor = (_x: number, _y: number, cb?: () => void) => (cb?.(), true);
  }
  s.text = () => Buffer.concat(parts).toString('utf8');
  return s;
}

function run(stream: PassThrough, env: NodeJS.ProcessEnv, quiet = false): void {
  const p = startProgress({ label: 'test.nmea', total: 1000, unit: 'sentences', stream: stream as unknown as NodeJS.WritableStream, env, quiet });
  for (let i = 1; i <= 10; i++) p.update(i * 100, i * 50);
  p.stop();
}

describe('progress', () => {
  it('writes nothing when stderr is not a terminal', async () => {
    const s = sink(false);
    run(s, {});
    await new Promise((r) => setImmediate(r));
    expect(s.text()).toBe('');
    expect(progressWanted(s as unknown as NodeJS.WritableStream, false, {})).toBe(false);
  });

  it('writes nothing on a terminal with --quiet or under CI', async () => {
    for (const [env, quiet] of [[{ CI: 'true' }, false], [{ CI: '1' }, false], [{}, true]] as const) {
      const s = sink(true);
      run(s, env, quiet);
      await new Promise((r) => setImmediate(r));
      expect(s.text()).toBe('');
    }
  });

  it('draws on a terminal and ends with one summary line', async () => {
    const s = sink(true);
    run(s, {});
    await new Promise((r) => setImmediate(r));
    const text = s.text();
    expect(text).toMatch(/test\.nmea \[.*\] \d+% \| [\d,]+ sentences \| [\d,]+ sentences\/s/);
    expect(text).toMatch(/test\.nmea: 500 sentences in \d+\.\d s \([\d,]+ sentences\/s\)\n$/);
  });
});
