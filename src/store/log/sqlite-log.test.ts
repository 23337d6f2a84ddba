/**
 * The durable record log on SQLite: proofs from what is on disk verify, a refused batch leaves no
 * trace, a reopened log is the committed one, and a SIGKILL in the middle of a long append run
 * loses no acknowledged entry and breaks no published checkpoint.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEntry } from '../../record/entry.js';
import { formatVerifierKey, keyPairFromSeed } from '../../record/keys.js';
import { verifyConsistency, verifyInclusion, hashLeaf } from '../../record/merkle.js';
import { openCheckpoint } from '../../record/checkpoint.js';
import { noteVerifier } from '../../record/keys.js';
import { verifyLogFile } from '../../record/logfile.js';
import { RecordLog } from '../../record/log.js';
import { SqliteLog } from './sqlite-log.js';

const seed = (label: string) => createHash('sha256').update(label).digest();
const logKey = keyPairFromSeed('redline.test/crash', seed('log'));
const rus = keyPairFromSeed('RUS', seed('RUS'));
const usa = keyPairFromSeed('USA', seed('USA'));
const realNmea = readFileSync('../shared/data/dma-aislib-stream_example_2010-06-11.nmea', 'latin1').split('\n');
const dir = mkdtempSync(join(tmpdir(), 'redline-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function submission(n: number, who = rus) {
  return createEntry({ kind: 'submission', party: who.name, contentType: 'application/x-nmea', payload: realNmea.slice(n * 10, n * 10 + 10).join('\n'), time: new Date(Date.UTC(2026, 11, 1, 0, n)) }, who).bytes;
}

describe('SqliteLog', () => {
  it('matches the in-memory log entry for entry, and its proofs verify against its checkpoints', () => {
    const db = join(dir, 'a.db');
    const log = new SqliteLog(db, { logKey });
    const mem = new RecordLog(logKey);
    for (const l of [log, mem]) {
      l.append(createEntry({ kind: 'key', party: 'RUS', role: 'party', vkey: formatVerifierKey(rus), contentType: 'text/plain', payload: '', time: new Date(0) }, logKey).bytes);
    }
    for (let n = 0; n < 300; n++) {
      const b = submission(n);
      log.append(b);
      mem.append(b);
    }
    expect(log.size).toBe(301);
    for (const size of [1, 2, 7, 64, 100, 255, 256, 301]) expect(Buffer.from(log.root(size)).equals(Buffer.from(mem.tree.root(size)))).toBe(true);
    const cp = openCheckpoint(log.checkpoint(logKey), { log: noteVerifier(logKey) }).checkpoint;
    expect(cp.size).toBe(301n);
    for (const index of [0, 1, 150, 299, 300]) {
      expect(verifyInclusion({ leafHash: hashLeaf(log.entryBytes(index)), index, size: 301, proof: log.inclusionProof(index), root: cp.rootHash })).toEqual({ ok: true });
    }
    expect(verifyConsistency({ size1: 17, size2: 301, root1: log.root(17), root2: cp.rootHash, proof: log.consistencyProof(17) })).toEqual({ ok: true });
    log.close();
  });

  it('refuses a batch with one bad entry as a whole, and forgets keys that batch registered', () => {
    const db = join(dir, 'b.db');
    const log = new SqliteLog(db, { logKey });
    log.append(createEntry({ kind: 'key', party: 'RUS', role: 'party', vkey: formatVerifierKey(rus), contentType: 'text/plain', payload: '' }, logKey).bytes);
    const usaKey = createEntry({ kind: 'key', party: 'USA', role: 'party', vkey: formatVerifierKey(usa), contentType: 'text/plain', payload: '' }, logKey).bytes;
    const forged = createEntry({ kind: 'submission', party: 'USA', contentType: 'text/plain', payload: 'x' }, rus).bytes;
    expect(() => log.appendMany([submission(1), usaKey, forged])).toThrow(/claims to come from USA/);
    expect(log.size).toBe(1);
    expect(() => log.append(submission(2, usa))).toThrow(/not a key registered/);
    log.close();
    const again = new SqliteLog(db);
    expect(again.size).toBe(1);
    expect(again.appendMany([usaKey, submission(3, usa)])).toEqual([1, 2]);
    again.close();
  });

  it('reopens to the committed state and exports a log that verifies offline', () => {
    const db = join(dir, 'c.db');
    const log = new SqliteLog(db, { logKey });
    log.append(createEntry({ kind: 'key', party: 'RUS', role: 'party', vkey: formatVerifierKey(rus), contentType: 'text/plain', payload: '' }, logKey).bytes);
    for (let n = 0; n < 37; n++) log.append(submission(n));
    const root = log.root();
    log.close();
    const reopened = new SqliteLog(db);
    expect(reopened.size).toBe(38);
    expect(Buffer.from(reopened.root()).equals(Buffer.from(root))).toBe(true);
    reopened.append(submission(40));
    reopened.checkpoint(logKey);
    const v = verifyLogFile(reopened.export(), { logKey: formatVerifierKey(logKey) });
    expect(v.problems).toEqual([]);
    expect(v.size).toBe(39);
    expect(() => new SqliteLog(db, { logKey: keyPairFromSeed('other', seed('other')) })).toThrow(/belongs to key/);
    reopened.close();
  });
});

describe('a SIGKILL during a long append run', () => {
  it('loses no acknowledged entry; the log verifies and extends the last published checkpoint', async () => {
    const db = join(dir, 'crash.db');
    const setup = new SqliteLog(db, { logKey });
    setup.append(createEntry({ kind: 'key', party: 'RUS', role: 'party', vkey: formatVerifierKey(rus), contentType: 'text/plain', payload: '' }, logKey).bytes);
    setup.close();
    for (const round of [0, 1, 2]) {
      const acked = new Map<number, string>();
      let published: { size: number; note: string } | undefined;
      await new Promise<void>((done, fail) => {
        const child = spawn(process.execPath, [resolve('dist/test/support/log-appender.js'), db, seed('log').toString('hex'), seed('RUS').toString('hex')], { stdio: ['ignore', 'pipe', 'inherit'] });
        let buf = '';
        // Kill after a different number of acknowledgements each round, mid-run.
        const killAt = 150 + round * 137;
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          const lines = buf.split('\n');
          buf = lines.pop()!;
          for (const l of lines) {
            const [what, a, b] = l.split(' ') as [string, string, string];
            if (what === 'ack') acked.set(Number(a), b);
            else if (what === 'published') published = { size: Number(a), note: Buffer.from(b, 'base64').toString() };
          }
          if (acked.size >= killAt && !child.killed) child.kill('SIGKILL');
        });
        child.on('error', fail);
        child.on('close', (_code, signal) => (signal === 'SIGKILL' ? done() : fail(new Error(`appender ended without being killed (${signal})`))));
      });
      const log = new SqliteLog(db);
      for (const [index, leaf] of acked) expect(Buffer.from(log.leafHash(index)).toString('hex'), `entry ${index}`).toBe(leaf);
      expect(published, 'the appender published at least one checkpoint before the kill').toBeDefined();
      const last = openCheckpoint(published!.note, { log: noteVerifier(logKey) }).checkpoint;
      const fresh = openCheckpoint(log.checkpoint(logKey), { log: noteVerifier(logKey) }).checkpoint;
      expect(fresh.size >= last.size).toBe(true);
      const proof = fresh.size === last.size ? [] : log.consistencyProof(Number(last.size), Number(fresh.size));
      expect(verifyConsistency({ size1: last.size, size2: fresh.size, root1: last.rootHash, root2: fresh.rootHash, proof })).toEqual({ ok: true });
      const v = verifyLogFile(log.export(), { logKey: formatVerifierKey(logKey), from: published!.note });
      expect(v.problems).toEqual([]);
      log.close();
    }
  });
});

describe('findings in the record', () => {
  it('appends a run once, supersedes what late data changed, and keeps each finding\'s history', async () => {
    const { readObservations } = await import('../../cli/observations.js');
    const { check, loadAgreement } = await import('../../verify/index.js');
    const { createGeo } = await import('../../geo/index.js');
    const agreement = loadAgreement('agreements/russia-nato-draft-2021-12-17.yaml');
    const geo = createGeo();
    const obs = await readObservations(['data/demo/hms-defender-2021-06-23.geojson'], ['data/demo/registry.yaml']);
    // First the data up to 09:00 UTC (HMS Defender is then still inside the 12-nmi line), then all
    // of it, as when the rest of the day's reports arrive late.
    const early = check([agreement], obs, geo, { views: ['UKR'], to: Date.parse('2021-06-23T09:00:00Z') });
    const full = check([agreement], obs, geo, { views: ['UKR'] });
    const log = new SqliteLog(join(dir, 'findings.db'), { logKey });
    const first = log.appendFindings(early, logKey, new Date('2021-06-23T09:01:00Z'));
    expect(first.appended.length).toBe(early.length);
    expect(log.appendFindings(early, logKey)).toEqual({ appended: [], superseded: 0, unchanged: early.length });
    const second = log.appendFindings(full, logKey, new Date('2021-06-24T00:00:00Z'));
    expect(second.superseded).toBeGreaterThan(0);
    const breach = (fs: typeof full) => fs.find((f) => f.commitment === 'art7-no-military-activity-ukraine' && f.verdict === 'breach')!;
    // The breach stretch that was open at 09:00 ended at 09:23: the new entry supersedes the early one.
    expect(breach(early).period.to).not.toBe(breach(full).period.to);
    const latestBreach = second.appended.find((i) => JSON.parse(Buffer.from(log.entry(i).payload).toString()).commitment === 'art7-no-military-activity-ukraine' && log.entry(i).header.supersedes !== undefined)!;
    const history = log.findingHistory(latestBreach);
    expect(history).toHaveLength(2);
    expect(JSON.parse(Buffer.from(log.entry(history[0]!).payload).toString()).period.to).toBe(breach(early).period.to);
    expect(JSON.parse(Buffer.from(log.entry(history[1]!).payload).toString()).period.to).toBe(breach(full).period.to);
    log.checkpoint(logKey);
    expect(verifyLogFile(log.export(), { logKey: formatVerifierKey(logKey) }).kinds.finding).toBe(early.length + second.appended.length);
    log.close();
  });
});
