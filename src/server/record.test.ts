/**
 * Signed submissions: observations signed where the key is (`redline log sign`), with the same
 * Ed25519 key the caller authenticates with, go into the store's record log and then the store.
 * Claims of another party, entries signed by someone else's key, keys the log does not know and
 * altered bytes are refused, and nothing of them is stored.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntry } from '../record/entry.js';
import { formatVerifierKey, generateKeyPair, type KeyPair } from '../record/keys.js';
import { SqliteLog } from '../store/log/sqlite-log.js';
import { startTestServer, type TestServer } from './testing.js';

const NMEA = readFileSync(join(resolve('../shared/data'), 'dma-aislib-replay_dump_2013-03-18.nmea'));
let t: TestServer;
const logKey = generateKeyPair('redline.test/log');

const entry = (signer: KeyPair, party: string, payload: Uint8Array = NMEA) => Buffer.from(createEntry({ kind: 'submission', party, contentType: 'application/x-nmea', payload }, signer).bytes);
const submit = (caller: string, bytes: Buffer) => t.call<{ submission: { status: string; summaries: { read: number; accepted: number; quarantined: number }[] }; record: { index: number }; message: string }>(caller, 'POST', '/v1/record/submissions', { entry: bytes.toString('base64'), filename: 'replay.nmea' });

beforeAll(async () => {
  t = await startTestServer([
    ['RUS', 'party'],
    ['USA', 'party'],
    ['GBR', 'party'],
    ['ISW', 'observer'],
  ]);
});
afterAll(async () => t?.close());

describe('signed submissions', () => {
  it('needs a record log in the store', async () => {
    expect((await submit('RUS', entry(t.keys.RUS!, 'RUS'))).status).toBe(409);
  });

  it('appends an entry signed with the caller\'s own key to the log, then ingests it; refuses every other', async () => {
    const log = new SqliteLog(t.storePath, { logKey });
    try {
      for (const name of ['RUS', 'USA']) log.append(createEntry({ kind: 'key', party: name, role: 'party', vkey: formatVerifierKey(t.keys[name]!), contentType: 'text/plain', payload: '' }, logKey).bytes);
    } finally {
      log.close();
    }
    const sizeBefore = 2;

    const ok = await submit('RUS', entry(t.keys.RUS!, 'RUS'));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.record.index).toBe(sizeBefore);
    expect(ok.body.submission.status).toBe('ingested');
    const s = ok.body.submission.summaries[0]!;
    expect(s.read).toBe(s.accepted + s.quarantined);

    const altered = entry(t.keys.USA!, 'USA');
    altered[altered.length - 3]! ^= 0x01;
    const refused: [string, Buffer, number, RegExp][] = [
      ['RUS', entry(t.keys.RUS!, 'USA'), 403, /only as itself/],
      ['USA', entry(t.keys.RUS!, 'RUS'), 403, /only as itself/],
      ['USA', entry(t.keys.RUS!, 'USA'), 403, /not signed with USA's registered key/],
      ['GBR', entry(t.keys.GBR!, 'GBR'), 403, /unknown-signer/],
      ['ISW', entry(t.keys.ISW!, 'ISW'), 403, /submits nothing/],
      ['USA', altered, 422, /payload does not match the content digest/],
    ];
    for (const [caller, bytes, status, message] of refused) {
      const r = await submit(caller, bytes);
      expect(r.status, `${caller}: ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.body.message).toMatch(message);
    }
    const after = new SqliteLog(t.storePath);
    try {
      expect(after.size).toBe(sizeBefore + 1);
    } finally {
      after.close();
    }
    const submissions = await t.call<{ submissions: object[] }>('ISW', 'GET', '/v1/submissions');
    expect(submissions.body.submissions.length).toBe(1);
    expect((await t.call<{ issues: { field: string }[] }>('RUS', 'POST', '/v1/record/submissions', { entry: Buffer.from('not an entry').toString('base64'), filename: 'x.nmea' })).body.issues[0]!.field).toBe('entry');
  });
});
