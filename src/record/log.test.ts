/**
 * The record's entries, witnesses and exported log, on a small log built from real inputs: a real
 * NMEA batch from ../shared/data submitted by a party, a finding, a guarantor's attestation, a
 * correction that supersedes the finding. Keys come from fixed seeds so every run builds the same
 * bytes; what is checked is what a verifier would check, not what the builder wrote down.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEntry, decodeEntry, EntryError } from './entry.js';
import { keyPairFromSeed, formatVerifierKey, noteSigner, noteVerifier } from './keys.js';
import { RecordLog } from './log.js';
import { verifyLogFile } from './logfile.js';
import { cosign, WitnessRefusal, type WitnessState } from './witness.js';
import { addSignatures } from './note.js';
import { breathe } from '../../test/support/breathe.js';

const seed = (label: string) => createHash('sha256').update(label).digest();
const logKey = keyPairFromSeed('redline.test/record', seed('log'));
const rus = keyPairFromSeed('RUS', seed('RUS'));
const usa = keyPairFromSeed('USA', seed('USA'));
const osce = keyPairFromSeed('OSCE', seed('OSCE'));
const realNmea = readFileSync('../shared/data/dma-aislib-replay_dump_2013-03-18.nmea');
const t0 = new Date('2026-12-01T10:00:00.000Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

function buildLog(): { log: RecordLog; finding: number; correction: number; attestation: number } {
  const log = new RecordLog(logKey);
  log.registerKey('RUS', 'party', rus, at(0));
  log.registerKey('USA', 'party', usa, at(0));
  log.registerKey('OSCE', 'guarantor', osce, at(0));
  log.append(createEntry({ kind: 'submission', party: 'RUS', contentType: 'application/x-nmea', payload: realNmea, time: at(1) }, rus).bytes);
  const finding = log.appendFinding({ commitment: 'art3-approach-distance', verdict: 'compliant' }, undefined, at(2));
  const correction = log.appendFinding({ commitment: 'art3-approach-distance', verdict: 'breach' }, finding, at(3));
  const attestation = log.append(createEntry({ kind: 'attestation', attests: { index: correction, leafHash: log.leafHash(correction) }, contentType: 'text/plain', payload: 'seen and confirmed', time: at(4) }, osce).bytes);
  return { log, finding, correction, attestation };
}

describe('entries', () => {
  it('carry their payload byte for byte, with a header that names kind, signer, time and digest', () => {
    const e = createEntry({ kind: 'submission', party: 'RUS', contentType: 'application/x-nmea', payload: realNmea, time: t0 }, rus);
    const back = decodeEntry(e.bytes);
    expect(Buffer.from(back.payload).equals(realNmea)).toBe(true);
    expect(back.header).toMatchObject({ kind: 'submission', signer: 'RUS', party: 'RUS', time: '2026-12-01T10:00:00.000Z', contentLength: realNmea.length });
    expect(back.header.contentSha256).toBe(createHash('sha256').update(realNmea).digest('hex'));
  });

  it('refuses a submission signed by party A that claims party B, with a clear error', () => {
    const { log } = buildLog();
    const forged = createEntry({ kind: 'submission', party: 'USA', contentType: 'application/x-nmea', payload: realNmea }, rus);
    expect(() => log.append(forged.bytes)).toThrow(EntryError);
    expect(() => log.append(forged.bytes)).toThrow(/claims to come from USA, but it is signed with a key of RUS/);
    const size = log.size;
    try {
      log.append(forged.bytes);
    } catch (e) {
      expect((e as EntryError).code).toBe('party-mismatch');
    }
    expect(log.size).toBe(size);
  });

  it('refuses entries from unregistered keys, parties attesting, and parties writing findings', () => {
    const { log, correction } = buildLog();
    const stranger = keyPairFromSeed('UKR', seed('UKR'));
    expect(() => log.append(createEntry({ kind: 'submission', party: 'UKR', contentType: 'text/plain', payload: 'x' }, stranger).bytes)).toThrow(/not a key registered/);
    expect(() => log.append(createEntry({ kind: 'attestation', attests: { index: correction, leafHash: log.leafHash(correction) }, contentType: 'text/plain', payload: '' }, usa).bytes)).toThrow(/only a guarantor attests/);
    expect(() => log.append(createEntry({ kind: 'finding', contentType: 'application/json', payload: '{}' }, rus).bytes)).toThrow(/signed by the log key/);
    expect(() => log.append(createEntry({ kind: 'attestation', attests: { index: correction, leafHash: log.leafHash(0) }, contentType: 'text/plain', payload: '' }, osce).bytes)).toThrow(/leaf hash is not that of entry/);
  });

  it('keeps the history of a finding: the correction names what it supersedes, nothing is edited', () => {
    const { log, finding, correction, attestation } = buildLog();
    expect(log.findingHistory(correction)).toEqual([finding, correction]);
    expect(log.successors(finding)).toEqual({ supersededBy: [correction], attestedBy: [] });
    expect(log.successors(correction)).toEqual({ supersededBy: [], attestedBy: [attestation] });
    expect(JSON.parse(Buffer.from(log.entry(finding).payload).toString())).toMatchObject({ verdict: 'compliant' });
  });
});

describe('a larger exported log', () => {
  it('catches every flip in a seeded random sample of 400 byte positions', async () => {
    const log = new RecordLog(logKey);
    log.registerKey('RUS', 'party', rus, at(0));
    log.registerKey('USA', 'party', usa, at(0));
    // The real 2010 stream, submitted in batches of 40 lines by alternating parties.
    const lines = readFileSync('../shared/data/dma-aislib-stream_example_2010-06-11.nmea', 'latin1').split('\n');
    for (let i = 0, n = 0; i < lines.length && n < 150; i += 40, n++) {
      const who = n % 2 ? usa : rus;
      log.append(createEntry({ kind: 'submission', party: who.name, contentType: 'application/x-nmea', payload: lines.slice(i, i + 40).join('\n'), time: at(n) }, who).bytes);
    }
    const file = log.export();
    const logVkey = formatVerifierKey(logKey);
    expect(verifyLogFile(file, { logKey: logVkey }).ok).toBe(true);
    let x = 0x9e3779b9;
    const rand = () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6b43a9b5) >>> 0) / 2 ** 32);
    const missed: number[] = [];
    for (let k = 0; k < 400; k++) {
      const i = Math.floor(rand() * file.length);
      const bad = Uint8Array.from(file);
      bad[i] = bad[i]! ^ (1 << Math.floor(rand() * 8));
      if (verifyLogFile(bad, { logKey: logVkey }).ok) missed.push(i);
      if (k % 20 === 19) await breathe();
    }
    expect(file.length).toBeGreaterThan(200_000);
    expect(missed).toEqual([]);
  });
});

describe('witnesses', () => {
  it('cosign the first checkpoint on trust, then only consistent growth', () => {
    const log = new RecordLog(logKey);
    log.registerKey('OSCE', 'guarantor', osce, t0);
    let state: WitnessState = {};
    const first = cosign(osce, state, { checkpoint: log.checkpoint(), proof: [], log: noteVerifier(logKey) });
    state = first.state;
    expect(state[logKey.name]?.size).toBe('1');
    log.append(createEntry({ kind: 'key', party: 'RUS', role: 'party', vkey: formatVerifierKey(rus), contentType: 'text/plain', payload: '' }, logKey).bytes);
    log.registerKey('USA', 'party', usa, t0);
    const grown = cosign(osce, state, { checkpoint: log.checkpoint(), proof: log.tree.consistencyProof(1, 3), log: noteVerifier(logKey) });
    expect(grown.checkpoint.size).toBe(3n);
    state = grown.state;

    // A fork: another log under the same key and origin, of the same size, with other entries.
    const fork = new RecordLog(logKey);
    fork.registerKey('OSCE', 'guarantor', osce, t0);
    fork.registerKey('USA', 'party', usa, t0);
    fork.registerKey('RUS', 'party', rus, t0);
    expect(() => cosign(osce, state, { checkpoint: fork.checkpoint(), proof: [], log: noteVerifier(logKey) })).toThrow(WitnessRefusal);
    expect(() => cosign(osce, state, { checkpoint: fork.checkpoint(), proof: [], log: noteVerifier(logKey) })).toThrow(/forked/);
    // Smaller than what was cosigned.
    const small = new RecordLog(logKey);
    small.registerKey('OSCE', 'guarantor', osce, t0);
    expect(() => cosign(osce, state, { checkpoint: small.checkpoint(), proof: [], log: noteVerifier(logKey) })).toThrow(/smaller/);
    // Growth with a proof that does not fit.
    fork.registerKey('UKR', 'party', keyPairFromSeed('UKR', seed('UKR')), t0);
    expect(() => cosign(osce, state, { checkpoint: fork.checkpoint(), proof: fork.tree.consistencyProof(3, 4), log: noteVerifier(logKey) })).toThrow(/no consistency/);
  });
});

describe('the exported log', () => {
  it('verifies offline with only the log key, and reports kinds and cosignatures', () => {
    const { log } = buildLog();
    const cp = addSignatures(log.checkpoint(), [noteSigner(osce)]);
    const file = log.export(cp);
    const v = verifyLogFile(file, { logKey: formatVerifierKey(logKey) });
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.size).toBe(log.size);
    expect(v.kinds).toEqual({ key: 3, submission: 1, finding: 2, attestation: 1 });
    expect(v.cosignedBy).toHaveLength(1);
  });

  it('is refused under another log key, and against an earlier checkpoint it does not extend', () => {
    const { log } = buildLog();
    const file = log.export();
    const other = keyPairFromSeed('redline.test/record', seed('other'));
    expect(verifyLogFile(file, { logKey: formatVerifierKey(other) }).ok).toBe(false);
    const fork = new RecordLog(logKey);
    fork.registerKey('USA', 'party', usa, t0);
    const v = verifyLogFile(file, { logKey: formatVerifierKey(logKey), from: fork.checkpoint() });
    expect(v.problems.map((p) => p.code)).toEqual(['inconsistent']);
    const prefix = new RecordLog(logKey);
    prefix.registerKey('RUS', 'party', rus, at(0));
    prefix.registerKey('USA', 'party', usa, at(0));
    expect(verifyLogFile(file, { logKey: formatVerifierKey(logKey), from: prefix.checkpoint() }).problems).toEqual([]);
  });

  it('catches every single flipped byte, at every position of a small log', () => {
    // Small payload so that every byte position can be tried in the test's time.
    const log = new RecordLog(logKey);
    log.registerKey('RUS', 'party', rus, at(0));
    log.registerKey('OSCE', 'guarantor', osce, at(0));
    log.append(createEntry({ kind: 'submission', party: 'RUS', contentType: 'application/x-nmea', payload: realNmea.subarray(0, 200), time: at(1) }, rus).bytes);
    const f = log.appendFinding({ verdict: 'breach', measure: 0.91 }, undefined, at(2));
    log.append(createEntry({ kind: 'attestation', attests: { index: f, leafHash: log.leafHash(f) }, contentType: 'text/plain', payload: 'ok', time: at(3) }, osce).bytes);
    const file = log.export(addSignatures(log.checkpoint(), [noteSigner(osce)]));
    const logVkey = formatVerifierKey(logKey);
    expect(verifyLogFile(file, { logKey: logVkey }).ok).toBe(true);
    let missed: number[] = [];
    for (let i = 0; i < file.length; i++) {
      for (const mask of [0x01, 0x20]) {
        const bad = Uint8Array.from(file);
        bad[i] = bad[i]! ^ mask;
        const v = verifyLogFile(bad, { logKey: logVkey });
        if (v.ok || v.problems.length === 0) missed.push(i);
      }
    }
    missed = [...new Set(missed)];
    expect(missed, `undetected flips at byte offsets ${missed.slice(0, 20).join(', ')}`).toEqual([]);
    expect(file.length).toBeGreaterThan(2000);

    // And it says where: a flipped payload byte of the submission blames entry 2 and the root.
    const text = Buffer.from(file).toString('latin1');
    const payloadAt = text.indexOf(realNmea.subarray(0, 40).toString('latin1'));
    const bad = Uint8Array.from(file);
    bad[payloadAt + 10] = bad[payloadAt + 10]! ^ 0x01;
    const v = verifyLogFile(bad, { logKey: logVkey });
    expect(v.problems.map((p) => [p.where, p.code])).toEqual([['entry 2', 'bad-content'], ['checkpoint', 'root-mismatch']]);
    const sigAt = text.lastIndexOf('OSCE ');
    const bad2 = Uint8Array.from(file);
    bad2[sigAt + 10] = bad2[sigAt + 10]! ^ 0x01;
    expect(verifyLogFile(bad2, { logKey: logVkey }).problems.map((p) => p.where)).toEqual(['checkpoint']);
  });
});
