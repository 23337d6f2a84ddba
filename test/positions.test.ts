/**
 * Positions of January 2022 on Russia's NATO draft (data/positions/), as the sourced facts report
 * them: non-enlargement a Russian red line that NATO rejects; incidents at sea common ground (Russia
 * proposed, NATO ready to discuss on conditions); Art. 7 rejected. And a bad positions file gets
 * every problem with file:line:column.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { positionsMatrix, readPositionsFile } from '../src/negotiate/positions.js';
import { loadAgreement } from '../src/verify/index.js';
import { runCli } from './support/child.js';

const nato = 'agreements/russia-nato-draft-2021-12-17.yaml';
const file = 'data/positions/russia-nato-draft-2022-01.yaml';
const dir = mkdtempSync(join(tmpdir(), 'redline-positions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('positions', () => {
  it('give the common ground and the red lines of January 2022', () => {
    const agreement = loadAgreement(nato);
    const m = positionsMatrix(agreement, readPositionsFile(file, agreement));
    const row = (id: string) => m.rows.find((r) => r.commitment === id)!;
    expect(m.parties).toEqual(['RUS', 'NATO']);
    expect(m.rows.filter((r) => r.common).map((r) => r.commitment)).toEqual(['art3-approach-distance', 'art3-approach-distance-black-sea']);
    expect(row('art6-no-enlargement')).toMatchObject({ common: false, redLineOf: ['RUS'], rejectedBy: ['NATO'] });
    // The latest stance counts: NATO's written reply of 26 January.
    expect(row('art6-no-enlargement').byParty.NATO?.date).toBe('2022-01-26');
    expect(row('art7-no-military-activity-ukraine')).toMatchObject({ common: false, rejectedBy: ['NATO'] });
    expect(row('art3-not-adversaries')).toMatchObject({ common: false, rejectedBy: [] });
  });

  it('refuses a bad positions file with every problem and its line', async () => {
    const bad = readFileSync(file, 'utf8').replace('commitment: art7-no-military-activity-ukraine\n    party: NATO', 'commitment: art99\n    party: NATO').replace('stance: conditional', 'stance: maybe');
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, bad);
    const r = await runCli(resolve('dist/src/cli/main.js'), ['positions', '--agreement', nato, '--positions', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: positions\[\d+\]\.stance: /);
    const r2 = await runCli(resolve('dist/src/cli/main.js'), ['positions', '--agreement', nato, '--positions', join(dir, 'bad2.yaml')]);
    expect(r2.code).toBe(1);
    writeFileSync(join(dir, 'bad3.yaml'), readFileSync(file, 'utf8').replace('commitment: art7-no-military-activity-ukraine\n    party: NATO', 'commitment: art99\n    party: NATO'));
    const r3 = await runCli(resolve('dist/src/cli/main.js'), ['positions', '--agreement', nato, '--positions', join(dir, 'bad3.yaml')]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toMatch(/bad3\.yaml:\d+:\d+: positions\[\d+\]\.commitment: "art99" is not a commitment of russia-nato-draft-2021/);
    const ok = await runCli(resolve('dist/src/cli/main.js'), ['positions', '--agreement', nato, '--positions', file]);
    expect(ok.stdout).toMatch(/art6-no-enlargement +RED LINE +REJECT +red line vs rejection/);
  });
});
