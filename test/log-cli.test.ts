/**
 * The record from the command line, as its users run it: keys for the log, two parties and a
 * guarantor; a log in a store; signed submissions of real NMEA; a forged one refused; a checkpoint
 * the guarantor cosigns; an export anyone can verify offline, and a tampered one that fails there.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyConsistency, verifyInclusion } from '../src/record/merkle.js';
import { runCli } from './support/child.js';

const cli = resolve('dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'redline-logcli-'));
const store = join(dir, 'redline.db');
const keys = join(dir, 'keys');
const nmea = resolve('../shared/data/dma-aislib-replay_dump_2013-03-18.nmea');
const run = (args: string[]) => runCli(cli, args, { cwd: dir });
const fromHex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('redline keys and redline log', () => {
  it('runs a record from key generation to an offline verification that catches tampering', async () => {
    for (const id of ['redline.test/log', 'RUS', 'USA', 'OSCE']) {
      const r = await run(['keys', 'new', '--party', id, '--dir', keys]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^${id.replace('.', '\\.')}\\+[0-9a-f]{8}\\+`));
    }
    expect((await run(['keys', 'new', '--party', 'RUS', '--dir', keys])).code).toBe(1); // never overwritten
    const logKey = join(keys, 'redline.test_log.key');
    expect((await run(['log', 'init', '--log-key', logKey, '--store', store])).code).toBe(0);
    for (const [party, role] of [['RUS', 'party'], ['USA', 'party'], ['OSCE', 'guarantor']]) {
      const r = await run(['log', 'register', '--party', party!, '--role', role!, '--vkey', join(keys, `${party}.vkey`), '--log-key', logKey, '--store', store]);
      expect(r.code, r.stderr).toBe(0);
    }

    // RUS signs its own batch; a batch RUS signs while claiming to be USA is refused, nothing appended.
    expect((await run(['log', 'sign', '--key', join(keys, 'RUS.key'), '--party', 'RUS', nmea, '--out', join(dir, 'ok.entry')])).code).toBe(0);
    expect((await run(['log', 'sign', '--key', join(keys, 'RUS.key'), '--party', 'USA', nmea, '--out', join(dir, 'forged.entry')])).code).toBe(0);
    const forged = await run(['log', 'append', join(dir, 'ok.entry'), join(dir, 'forged.entry'), '--store', store]);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(/refused, nothing appended: .*claims to come from USA, but it is signed with a key of RUS/);
    const ok = await run(['log', 'append', join(dir, 'ok.entry'), '--store', store]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^entry 3: /);

    const cp1 = await run(['log', 'checkpoint', '--log-key', logKey, '--store', store, '--out', join(dir, 'cp1.txt')]);
    expect(cp1.code, cp1.stderr).toBe(0);
    const cos = await run(['log', 'cosign', '--witness-key', join(keys, 'OSCE.key'), '--state', join(dir, 'osce-state.json'), '--store', store]);
    expect(cos.code, cos.stderr).toBe(0);
    expect(cos.stdout).toMatch(/\n— OSCE /);

    // The log grows; the guarantor cosigns again only because the growth is consistent.
    expect((await run(['log', 'sign', '--key', join(keys, 'USA.key'), '--party', 'USA', nmea, '--out', join(dir, 'usa.entry')])).code).toBe(0);
    expect((await run(['log', 'append', join(dir, 'usa.entry'), '--store', store])).code).toBe(0);
    expect((await run(['log', 'checkpoint', '--log-key', logKey, '--store', store, '--out', join(dir, 'cp2.txt')])).code).toBe(0);
    expect((await run(['log', 'cosign', '--witness-key', join(keys, 'OSCE.key'), '--state', join(dir, 'osce-state.json'), '--store', store])).code).toBe(0);

    // Proofs as JSON verify with the RFC 9162 verifier.
    const inc = JSON.parse((await run(['log', 'proof', '--entry', '3', '--store', store])).stdout) as { index: number; size: number; leafHash: string; root: string; proof: string[] };
    expect(verifyInclusion({ leafHash: fromHex(inc.leafHash), index: inc.index, size: inc.size, root: fromHex(inc.root), proof: inc.proof.map(fromHex) })).toEqual({ ok: true });
    const con = JSON.parse((await run(['log', 'proof', '--from', '4', '--store', store])).stdout) as { size1: number; size2: number; root1: string; root2: string; proof: string[] };
    expect(verifyConsistency({ size1: con.size1, size2: con.size2, root1: fromHex(con.root1), root2: fromHex(con.root2), proof: con.proof.map(fromHex) })).toEqual({ ok: true });

    // The engine's findings go into the same record: once, then not again when nothing changed.
    expect((await run(['ingest', resolve('data/demo/hms-defender-2021-06-23.geojson'), '--store', store, '--quiet'])).code).toBe(0);
    const check = ['check', '--agreement', resolve('agreements/russia-nato-draft-2021-12-17.yaml'), '--registry', resolve('data/demo/registry.yaml'), '--view', 'UKR', '--store', store, '--record', '--log-key', logKey, '--format', 'json'];
    const first = await run(check);
    expect(first.code, first.stderr).toBe(0);
    const findings = (JSON.parse(first.stdout) as { findings: unknown[] }).findings.length;
    expect(first.stderr).toMatch(new RegExp(`record: ${findings} finding entries appended \\(0 superseding earlier ones\\), 0 already recorded unchanged; log size ${5 + findings}`));
    const second = await run(check);
    expect(second.stderr).toMatch(new RegExp(`record: 0 finding entries appended \\(0 superseding earlier ones\\), ${findings} already recorded unchanged`));
    expect((await run(['check', '--agreement', 'x.yaml', '--store', store, '--record'])).code).toBe(2);

    // The guarantor attests the first finding entry (index 5), naming it by its leaf hash.
    const leaf = (JSON.parse((await run(['log', 'proof', '--entry', '5', '--store', store])).stdout) as { leafHash: string }).leafHash;
    expect((await run(['log', 'sign', '--key', join(keys, 'OSCE.key'), '--attests', '5', '--leaf-hash', leaf, '--out', join(dir, 'attest.entry')])).code).toBe(0);
    expect((await run(['log', 'append', join(dir, 'attest.entry'), '--store', store])).code).toBe(0);
    const history = await run(['log', 'history', '--entry', '5', '--store', store]);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/^entry 5 .*attested by OSCE \(entry \d+\)/);
    expect((await run(['log', 'checkpoint', '--log-key', logKey, '--store', store, '--out', join(dir, 'cp3.txt')])).code).toBe(0);

    const exported = join(dir, 'log.export');
    expect((await run(['log', 'export', '--out', exported, '--store', store])).code).toBe(0);
    const vkey = join(keys, 'redline.test_log.vkey');
    const good = await run(['log', 'verify', exported, '--log-vkey', vkey, '--from', join(dir, 'cp1.txt')]);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/ok\. \d+ entries \(3 keys, 2 submissions, [1-9]\d* findings, 1 attestations\)/);

    const bytes = readFileSync(exported);
    // A byte inside USA's payload (the real NMEA it submitted), not in any header or signature.
    const at = bytes.indexOf(readFileSync(nmea).subarray(0, 60), bytes.indexOf('entry 4 '));
    expect(at).toBeGreaterThan(0);
    bytes[at + 30] = bytes[at + 30]! ^ 0x04;
    writeFileSync(join(dir, 'tampered.export'), bytes);
    const bad = await run(['log', 'verify', join(dir, 'tampered.export'), '--log-vkey', vkey]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/entry 4 \(byte \d+, line 5\): bad-content: the payload does not match the content digest/);
    expect(bad.stderr).toMatch(/checkpoint \(byte \d+\): root-mismatch/);
  });
});
