/**
 * Scenario on historical facts: the Minsk II package of measures (agreements/minsk-2015.yaml) and its
 * order of steps (../shared/facts/agreements-facts.md §8), driven through the CLI.
 * - The order the text implies, layered by hand from §8's dependencies: first the points with no
 *   precondition (1, 5, 7, 8, 10, 11, 13), then 2 (the withdrawal, after the ceasefire), then 3, 4
 *   and 6 (from the withdrawal), then 12 (elections, after the dialogue of 4), last 9 (the border,
 *   after the elections and the reform of 11).
 * - On the facts (data/facts/minsk-2015.events.yaml: only the ceasefire's start, 15 Feb 2015, no
 *   point ever reported completed): compliant, with every point listed as not yet completed; the
 *   order cannot be judged beyond steps taken.
 * - A proposed reordering, border control before elections (Ukraine's reading; test/fixtures, a
 *   hypothetical schedule): point 9 completed on 2015-05-01, before point 12 (2015-08-01) and point
 *   11 (2015-07-01): one breach citing the three reports (9, then 12 and 11 in the order the text
 *   lists them as preconditions). Points 4 (after 2) and 10 (no
 *   precondition) are in order.
 * - Russia's reading, elections and reform first: compliant.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/verify/index.js';
import { runCli } from './support/child.js';

const CLI = resolve('dist/src/cli/main.js');
const order = async (observations: string): Promise<Finding[]> => {
  const r = await runCli(CLI, ['check', '--agreement', 'agreements/minsk-2015.yaml', '--observations', observations, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings.filter((f) => f.commitment === 'order-of-steps');
};

describe('Minsk II: the order of steps', () => {
  it('on the facts: compliant, and the trace gives the order the text implies', async () => {
    const [f, ...rest] = await order('data/facts/minsk-2015.events.yaml');
    expect(rest).toEqual([]);
    expect(f!.verdict).toBe('compliant');
    expect(f!.trace.find((t) => t.step === 'order')!.detail).toBe(
      'the order the plan implies: point-1, point-5, point-7, point-8, point-10, point-11, point-13 ; point-2 ; point-3, point-4, point-6 ; point-12 ; point-9',
    );
    expect(f!.explanation).toMatch(/Not yet reported completed: point-1, point-2, .*point-13/);
  });

  it('border control before elections: point 9 breaches the order, citing the elections and the reform not yet completed', async () => {
    const fs = await order('test/fixtures/minsk-2015/border-first.events.yaml');
    expect(fs.map((f) => [f.verdict, f.period.from])).toEqual([['breach', '2015-05-01T00:00:00.000Z']]);
    const [f] = fs;
    expect(f!.measures).toEqual([{ name: 'steps depended on not yet completed', value: 2, limit: 0, unit: 'steps', bound: 'max' }]);
    expect(f!.evidence).toEqual(['border-first.events.yaml:16', 'border-first.events.yaml:19', 'border-first.events.yaml:18']);
    expect(f!.explanation).toMatch(/point-12 \(local elections to OSCE\/ODIHR standards\), completed only on 2015-08-01/);
    expect(f!.explanation).toMatch(/point-11 \(constitutional reform with decentralisation; special-status law\), completed only on 2015-07-01/);
  });

  it("elections and reform before border control (Russia's reading): compliant", async () => {
    const fs = await order('test/fixtures/minsk-2015/elections-first.events.yaml');
    expect(fs.map((f) => f.verdict)).toEqual(['compliant']);
    expect(fs[0]!.evidenceCount).toBe(7);
  });
});
