/**
 * Signed notes, keys and checkpoints against published vectors:
 *
 * - golang.org/x/mod/sumdb/note, note_test.go (github.com/golang/mod at commit
 *   02c991387e35f9e4c0a9b7ce137717055f8d716d, BSD-3-Clause): the PeterNeumann key pair and its
 *   signed note, EnochRoot's verifier key and signature, the malformed notes Open must refuse.
 * - github.com/transparency-dev/formats, log/checkpoint_test.go (commit
 *   7a6ef700ee5660b2580c9da92063af300820fdee, Apache-2.0): a real sum.golang.org checkpoint signed
 *   by the Go checksum database's published key, three witness cosignatures on it, and the Log key
 *   pair used there.
 *
 * The keys and signatures are data, typed in from those files.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CheckpointError, formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.js';
import {
  ED25519_ALG,
  KeyError,
  ed25519KeyId,
  exportPrivateKeyPem,
  formatSignerKey,
  formatVerifierKey,
  generateKeyPair,
  importPrivateKeyPem,
  keyPairFromSeed,
  noteSigner,
  noteVerifier,
  parseSignerKey,
  parseVerifierKey,
  signBytes,
  verifyBytes,
} from './keys.js';
import { MemoryTree, verifyConsistency, verifyInclusion } from './merkle.js';
import { NoteError, addSignatures, formatNote, openNote, parseNote, signNote, type NoteVerifier } from './note.js';

// golang/mod sumdb/note/note_test.go
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

// transparency-dev/formats log/checkpoint_test.go
const SUMDB_VKEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const SUMDB_CHECKPOINT =
  'go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n' +
  '\u2014 sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n';
const WITNESS_VKEYS = [
  'monkeys+db4d9f7e+AULaJMvTtDLHPUcUrjdDad9vDlh/PTfC2VV60JUtCfWT',
  'bananas+cf639f13+AaPjhFnPCQnid/Ql32KWhmh+uk72FVRfK+2DLmO3BI3M',
  'witness+f13a86db+AdYV1Ztajd9BvyjP2HgpwrqYL6TjOwIjGMOq8Bu42xbN',
];
const WITNESS_SIGS = [
  '\u2014 monkeys 202ffh9ve46Mqbhuyb4wnC2Pwdan5EsXQym/tF1ggXJqhjGosU4T5intH4iKMRgDLxrnXuIjRaU2NbvAnaepM6Y+8ww=\n',
  '\u2014 bananas z2OfE+2bbsBZ7NLgfuslc0v7NFW2QyexJ7fhePpoL2N/P7N/COd5S+JNHbQEAlYzz2C5sg0E+x/MggS1mDR6t3/9rQw=\n',
  '\u2014 witness 8TqG25yWGFLdT7WPf/WoyeG3LwqtkXP+8S3yykOVm6EMh4hPgCke6eSVPU4BdtXNMPJBXKF+UpDbGgCdcpR8SVSoqAU=\n',
];
const LOG_VKEY = 'Log+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs';
const LOG_SKEY = 'PRIVATE+KEY+Log+2271c621+AdEIq9FLRQni54Wg68T96VJO+iayOaulswav2DUMKgvQ';

function noteErrorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof NoteError || e instanceof KeyError || e instanceof CheckpointError) return e.code;
    throw e;
  }
  return 'accepted';
}

describe('keys', () => {
  it('the published Go signer key gives the published verifier key', () => {
    for (const [skey, vkey] of [
      [PETER_SKEY, PETER_VKEY],
      [LOG_SKEY, LOG_VKEY],
    ] as const) {
      const pair = parseSignerKey(skey);
      expect(formatVerifierKey(pair)).toBe(vkey);
      expect(formatSignerKey(pair)).toBe(skey);
      const v = parseVerifierKey(vkey);
      expect(v.keyId).toBe(pair.keyId);
      expect(v.publicKey).toEqual(pair.publicKey);
    }
    expect(parseVerifierKey(PETER_VKEY).keyId).toBe(0xc74f20a3);
    expect(parseVerifierKey(SUMDB_VKEY).keyId).toBe(0x033de0ae);
  });

  it('every truncation and every single-character change of a verifier key is refused (as in Go)', () => {
    const b = PETER_VKEY;
    let refused = 0;
    for (let i = 0; i <= b.length; i++) {
      for (let j = i + 1; j <= b.length; j++) {
        if (i === 0 && j === b.length) continue;
        expect(noteErrorCode(() => parseVerifierKey(b.slice(i, j))), b.slice(i, j)).not.toBe('accepted');
        refused++;
      }
    }
    for (let i = 0; i < b.length; i++) {
      const changed = b.slice(0, i) + String.fromCharCode(b.charCodeAt(i) + 1) + b.slice(i + 1);
      expect(noteErrorCode(() => parseVerifierKey(changed)), changed).not.toBe('accepted');
      refused++;
    }
    expect(refused).toBe((b.length * (b.length + 1)) / 2 - 1 + b.length);
    // Wrong key length and unknown algorithm, each with a key ID adjusted to match (Go's cases). Go
    // refuses the first for its length; its "EY==" also leaves stray bits, which we refuse first.
    expect(noteErrorCode(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='))).toBe('bad-base64');
    expect(noteErrorCode(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEQ=='))).toBe('bad-key-length');
    expect(noteErrorCode(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('unknown-algorithm');
    expect(noteErrorCode(() => parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('key-id-mismatch');
  });

  it('every truncation and every single-character change of a signer key is refused (as in Go)', () => {
    const b = PETER_SKEY;
    for (let i = 0; i <= b.length; i++) {
      for (let j = i + 1; j <= b.length; j++) {
        if (i === 0 && j === b.length) continue;
        expect(noteErrorCode(() => parseSignerKey(b.slice(i, j))), b.slice(i, j)).not.toBe('accepted');
      }
    }
    for (let i = 0; i < b.length; i++) {
      const changed = b.slice(0, i) + String.fromCharCode(b.charCodeAt(i) + 1) + b.slice(i + 1);
      expect(noteErrorCode(() => parseSignerKey(changed)), changed).not.toBe('accepted');
    }
  });

  it('a new key pair round-trips through the verifier key, PKCS#8 PEM and the Go signer form', () => {
    const pair = generateKeyPair('guarantor.example/osce');
    const vkey = formatVerifierKey(pair);
    expect(vkey).toMatch(/^guarantor\.example\/osce\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    expect(parseVerifierKey(vkey)).toEqual({ name: pair.name, keyId: pair.keyId, publicKey: pair.publicKey });
    const msg = new TextEncoder().encode('a batch of observations');
    const sig = signBytes(pair, msg);
    expect(sig).toHaveLength(64);
    expect(verifyBytes(pair.publicKey, msg, sig)).toBe(true);

    const pem = exportPrivateKeyPem(pair);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const back = importPrivateKeyPem(pair.name, pem);
    expect(back.keyId).toBe(pair.keyId);
    expect(signBytes(back, msg)).toEqual(sig);

    const locked = exportPrivateKeyPem(pair, 'correct horse');
    expect(locked).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(importPrivateKeyPem(pair.name, locked, 'correct horse').keyId).toBe(pair.keyId);
    expect(noteErrorCode(() => importPrivateKeyPem(pair.name, locked, 'wrong'))).toBe('bad-format');

    expect(parseSignerKey(formatSignerKey(pair)).keyId).toBe(pair.keyId);
    // The key ID binds the name: the same key under another name is another key.
    expect(importPrivateKeyPem('someone-else', pem).keyId).not.toBe(pair.keyId);
  });

  it('verification says no, never throws, to a wrong signature, message, key or length', () => {
    const pair = generateKeyPair('party.example/RUS');
    const msg = new TextEncoder().encode('declaration');
    const sig = signBytes(pair, msg);
    const other = generateKeyPair('party.example/USA');
    expect(verifyBytes(other.publicKey, msg, sig)).toBe(false);
    expect(verifyBytes(pair.publicKey, new TextEncoder().encode('declaratioN'), sig)).toBe(false);
    const bad = sig.slice();
    bad[10] = (bad[10] as number) ^ 1;
    expect(verifyBytes(pair.publicKey, msg, bad)).toBe(false);
    expect(verifyBytes(pair.publicKey, msg, sig.slice(0, 63))).toBe(false);
    expect(verifyBytes(pair.publicKey.slice(0, 31), msg, sig)).toBe(false);
    expect(verifyBytes(new Uint8Array(32).fill(0xff), msg, sig)).toBe(false);
  });

  it('refuses names a note cannot carry and keys that are not Ed25519', () => {
    for (const name of ['', 'a b', 'a+b', 'tab\there', 'nbsp\u00a0x', 'line\u2028sep']) {
      expect(noteErrorCode(() => generateKeyPair(name)), JSON.stringify(name)).toBe('bad-name');
    }
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(noteErrorCode(() => importPrivateKeyPem('x', ec))).toBe('not-ed25519');
    expect(noteErrorCode(() => importPrivateKeyPem('x', 'not a pem'))).toBe('bad-format');
    expect(noteErrorCode(() => keyPairFromSeed('x', new Uint8Array(31)))).toBe('bad-key-length');
    const pair = generateKeyPair('x');
    expect(noteErrorCode(() => noteVerifier({ name: 'x', keyId: pair.keyId ^ 1, publicKey: pair.publicKey }))).toBe('key-id-mismatch');
    expect(ed25519KeyId('x', pair.publicKey)).toBe(pair.keyId);
    expect(ED25519_ALG).toBe(1);
  });
});

describe('signed notes', () => {
  const peter = noteVerifier(PETER_VKEY);
  const enoch = noteVerifier(ENOCH_VKEY);

  it('signing the Go test text with the Go test key gives the published note, byte for byte', () => {
    const signed = signNote(TEXT, [noteSigner(parseSignerKey(PETER_SKEY))]);
    expect(signed).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('opens the published notes: one known key, both, none', () => {
    const msg = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    const one = openNote(msg, [peter]);
    expect(one.text).toBe(TEXT);
    expect(one.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(one.unverified.map((s) => [s.name, s.keyId])).toEqual([['EnochRoot', 0xaf0cfe78]]);
    const both = openNote(new TextEncoder().encode(msg), [peter, enoch]);
    expect(both.verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(both.unverified).toEqual([]);
    expect(noteErrorCode(() => openNote(msg, []))).toBe('unknown-key');
    expect(() => openNote(msg, [])).toThrow(/PeterNeumann\+c74f20a3, EnochRoot\+af0cfe78/);
  });

  it('refuses the malformed notes Go refuses, each with its reason', () => {
    const enc = new TextEncoder();
    const cases: [string, string | Uint8Array, string][] = [
      ['text only', TEXT, 'missing-blank-line'],
      ['blank line, no signature', `${TEXT}\n`, 'no-signatures'],
      ['last line unterminated', `${TEXT}\n${PETER_SIG.slice(0, -1)}`, 'missing-final-newline'],
      ['control character', `\u0001${TEXT}\n${PETER_SIG}`, 'control-character'],
      ['not UTF-8', new Uint8Array([0xff, ...enc.encode(`${TEXT}\n${PETER_SIG}`)]), 'not-utf8'],
      ['bad name, unterminated', `${TEXT}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`, 'missing-final-newline'],
      ['unexpected line', `${TEXT}\n${PETER_SIG}Unexpected line.\n`, 'bad-signature-line'],
      ['101 signatures', `${TEXT}\n${PETER_SIG.repeat(101)}`, 'too-many-signatures'],
      ['bad signature', `${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`, 'invalid-signature'],
    ];
    for (const [what, msg, code] of cases) expect(noteErrorCode(() => openNote(msg, [peter])), what).toBe(code);
    expect(noteErrorCode(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, []))).toBe('too-many-signatures');
  });

  it('refuses a known key signing twice (Go drops the repeat; a repeated cosignature must not count twice)', () => {
    expect(noteErrorCode(() => openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}`, [peter]))).toBe('duplicate-signature');
    // Repeats by unknown keys are ignored like any unknown signature.
    expect(openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}`, [peter]).unverified).toHaveLength(2);
  });

  it('refuses every other malformation with a reason and a line', () => {
    const sigLine = (b64: string, name = 'PeterNeumann'): string => `${TEXT}\n\u2014 ${name} ${b64}\n`;
    const good = PETER_SIG.slice('\u2014 PeterNeumann '.length, -1);
    const cases: [string, string, string, number?][] = [
      ['carriage return', TEXT.replace('\n', '\r\n') + `\n${PETER_SIG}`, 'control-character', 1],
      ['tab in the text', `${TEXT}a\tb\n\n${PETER_SIG}`, 'control-character', 3],
      ['hyphen for em dash', `${TEXT}\n- PeterNeumann ${good}\n`, 'bad-signature-line', 4],
      ['no space after name', `${TEXT}\n\u2014 PeterNeumann\n`, 'bad-signature-line', 4],
      ['plus in the name', sigLine(good, 'Peter+Neumann'), 'bad-key-name', 4],
      ['empty name', sigLine(good, ''), 'bad-key-name', 4],
      ['base64 with a space', sigLine(`${good.slice(0, 8)} ${good.slice(8)}`), 'bad-base64', 4],
      ['base64 without padding', sigLine(good.slice(0, -1)), 'bad-base64', 4],
      ['base64 with stray bits', sigLine(`${good.slice(0, -2)}N=`), 'bad-base64', 4],
      ['base64url alphabet', sigLine(good.replace(/\//g, '_')), 'bad-base64', 4],
      ['key ID only', sigLine('x08gow=='), 'signature-too-short', 4],
      ['empty signature', sigLine(''), 'signature-too-short', 4],
      ['lone surrogate', `\ud800${TEXT}\n${PETER_SIG}`, 'not-utf8'],
      ['signed text changed', `${TEXT.replace('answer', 'Answer')}\n${PETER_SIG}`, 'invalid-signature', 4],
    ];
    for (const [what, msg, code, line] of cases) {
      let err: unknown;
      try {
        openNote(msg, [peter]);
      } catch (e) {
        err = e;
      }
      expect(err, what).toBeInstanceOf(NoteError);
      expect((err as NoteError).code, what).toBe(code);
      if (line !== undefined) expect((err as NoteError).line, what).toBe(line);
    }
  });

  it('applies size limits to the note and to each line', () => {
    const msg = `${TEXT}\n${PETER_SIG}`;
    expect(noteErrorCode(() => openNote(msg, [peter], { maxBytes: 100, maxSignatures: 100, maxLineBytes: 1000 }))).toBe('too-large');
    expect(noteErrorCode(() => openNote(msg, [peter], { maxBytes: 10_000, maxSignatures: 100, maxLineBytes: 60 }))).toBe('line-too-long');
    expect(noteErrorCode(() => parseNote(`${'é'.repeat(40)}\n\n${PETER_SIG}`, { maxBytes: 10_000, maxSignatures: 100, maxLineBytes: 150 }))).toBe('accepted');
    expect(noteErrorCode(() => parseNote(`${'é'.repeat(80)}\n\n${PETER_SIG}`, { maxBytes: 10_000, maxSignatures: 100, maxLineBytes: 150 }))).toBe('line-too-long');
    expect(noteErrorCode(() => openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter], { maxBytes: 10_000, maxSignatures: 1, maxLineBytes: 1000 }))).toBe('too-many-signatures');
    // The spec asks verifiers to accept at least 16 signatures.
    const many = Array.from({ length: 15 }, (_, i) => noteSigner(generateKeyPair(`witness-${i}`)));
    const signed = addSignatures(`${TEXT}\n${PETER_SIG}`, many);
    expect(openNote(signed, [peter]).unverified).toHaveLength(15);
  });

  it('the last blank line separates: a text may hold blank lines, even end in one', () => {
    const signer = noteSigner(generateKeyPair('log.example'));
    const verifier = { ...signer, verify: () => true } satisfies NoteVerifier;
    for (const text of ['a\n\nb\n', 'a\n\n', '\n', 'one line\n', 'ünïcödé — ok\n']) {
      const opened = openNote(signNote(text, [signer]), [verifier]);
      expect(opened.text).toBe(text);
    }
    expect(noteErrorCode(() => signNote('no newline', [signer]))).toBe('bad-text');
    expect(noteErrorCode(() => signNote('bell\u0007\n', [signer]))).toBe('control-character');
    expect(noteErrorCode(() => signNote('x\n', []))).toBe('no-signatures');
    expect(noteErrorCode(() => signNote('x\n', [signer, signer]))).toBe('duplicate-signature');
  });

  it('a cosigner adds a line; every known signature is checked; a key signs once', () => {
    const log = generateKeyPair('redline.example/log');
    const witness = generateKeyPair('guarantor.example/w1');
    const signed = signNote('body\n', [noteSigner(log)]);
    const cosigned = addSignatures(signed, [noteSigner(witness)]);
    expect(cosigned.startsWith(signed)).toBe(true);
    const opened = openNote(cosigned, [noteVerifier(log), noteVerifier(witness)]);
    expect(opened.verified.map((s) => s.name)).toEqual(['redline.example/log', 'guarantor.example/w1']);
    expect(noteErrorCode(() => addSignatures(cosigned, [noteSigner(witness)]))).toBe('duplicate-signature');
    // An impostor with the witness's name and key ID but another key: its line fails, so the note does.
    const impostor = { name: witness.name, keyId: witness.keyId, sign: (m: Uint8Array) => signBytes(generateKeyPair('x'), m) };
    const forged = addSignatures(signed, [impostor]);
    expect(noteErrorCode(() => openNote(forged, [noteVerifier(log), noteVerifier(witness)]))).toBe('invalid-signature');
    // Two known keys sharing a name and ID cannot be told apart.
    expect(noteErrorCode(() => openNote(cosigned, [noteVerifier(witness), { ...noteVerifier(witness), verify: () => true }]))).toBe('ambiguous-key');
    // formatNote writes back exactly what parseNote read.
    expect(formatNote(parseNote(cosigned))).toBe(cosigned);
  });
});

describe('checkpoints', () => {
  it('opens the published sum.golang.org checkpoint and its three witness cosignatures', () => {
    const log = noteVerifier(SUMDB_VKEY);
    const opened = openCheckpoint(SUMDB_CHECKPOINT, { log, origin: 'go.sum database tree' });
    expect(opened.checkpoint.origin).toBe('go.sum database tree');
    expect(opened.checkpoint.size).toBe(6476701n);
    expect(Buffer.from(opened.checkpoint.rootHash).toString('base64')).toBe('mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=');
    expect(opened.checkpoint.extensions).toEqual([]);
    expect(noteErrorCode(() => openCheckpoint(SUMDB_CHECKPOINT, { log, origin: 'Go rocks but I might have the wrong ID' }))).toBe('wrong-origin');
    // By default the origin is expected to be the log key's name, which Go's checksum database does not follow.
    expect(noteErrorCode(() => openCheckpoint(SUMDB_CHECKPOINT, { log }))).toBe('wrong-origin');

    const witnessed = SUMDB_CHECKPOINT + WITNESS_SIGS.join('');
    const withWitnesses = openCheckpoint(witnessed, { log, origin: 'go.sum database tree', witnesses: WITNESS_VKEYS.map((k) => noteVerifier(k)) });
    expect(withWitnesses.cosignatures.map((s) => s.name)).toEqual(['monkeys', 'bananas', 'witness']);
    expect(withWitnesses.unverified).toEqual([]);
    // Go's "many sigs, 1 verifier": other names carrying a copied signature are unknown and ignored.
    const copied = WITNESS_SIGS[2] as string;
    const noisy = witnessed + copied.replace('witness', 'random1') + copied.replace('witness', 'random2');
    const one = openCheckpoint(noisy, { log, origin: 'go.sum database tree', witnesses: [noteVerifier(WITNESS_VKEYS[0] as string)] });
    expect(one.cosignatures.map((s) => s.name)).toEqual(['monkeys']);
    expect(one.unverified.map((s) => s.name)).toEqual(['bananas', 'witness', 'random1', 'random2']);
  });

  it('requires the log signature: witnesses alone do not make a checkpoint', () => {
    const log = noteVerifier(LOG_VKEY);
    const witness = generateKeyPair('guarantor.example/w1');
    const body = formatCheckpoint({ origin: 'Log', size: 42, rootHash: new Uint8Array(32).fill(7) });
    const byWitness = signNote(body, [noteSigner(witness)]);
    expect(noteErrorCode(() => openCheckpoint(byWitness, { log, witnesses: [noteVerifier(witness)] }))).toBe('missing-log-signature');
    expect(noteErrorCode(() => openCheckpoint(byWitness, { log }))).toBe('unknown-key');
    const byLog = signNote(body, [noteSigner(parseSignerKey(LOG_SKEY))]);
    expect(openCheckpoint(byLog, { log }).checkpoint.size).toBe(42n);
  });

  it('a Redline log signs its tree head; a guarantor cosigns; proofs check against the opened checkpoint', () => {
    const logKey = generateKeyPair('redline.example/record');
    const guarantor = generateKeyPair('guarantor.example/osce');
    const tree = new MemoryTree();
    const enc = new TextEncoder();
    for (let i = 0; i < 1000; i++) tree.append(enc.encode(`observation ${i}`));
    const first = signCheckpoint({ origin: logKey.name, size: tree.size, rootHash: tree.root() }, [noteSigner(logKey)]);
    for (let i = 1000; i < 1500; i++) tree.append(enc.encode(`observation ${i}`));
    const second = addSignatures(signCheckpoint({ origin: logKey.name, size: tree.size, rootHash: tree.root() }, [noteSigner(logKey)]), [noteSigner(guarantor)]);

    const opts = { log: noteVerifier(formatVerifierKey(logKey)), witnesses: [noteVerifier(formatVerifierKey(guarantor))] };
    const a = openCheckpoint(first, opts).checkpoint;
    const b = openCheckpoint(second, opts);
    expect(b.cosignatures.map((s) => s.name)).toEqual(['guarantor.example/osce']);
    const cp = b.checkpoint;
    const leafHash = tree.leafHash(1234);
    expect(verifyInclusion({ leafHash, index: 1234, size: cp.size, proof: tree.inclusionProof(1234), root: cp.rootHash })).toEqual({ ok: true });
    expect(verifyConsistency({ size1: a.size, size2: cp.size, root1: a.rootHash, root2: cp.rootHash, proof: tree.consistencyProof(Number(a.size)) })).toEqual({ ok: true });
    // Any change to the signed body is caught by the log's signature.
    const tampered = second.replace('\n1500\n', '\n1501\n');
    expect(noteErrorCode(() => openCheckpoint(tampered, opts))).toBe('invalid-signature');
  });

  it('parses and formats the body strictly', () => {
    const root = Buffer.alloc(32, 1).toString('base64');
    const ok = `example.com/log\n18446744073709551615\n${root}\next one\next two\n`;
    expect(parseCheckpoint(ok)).toMatchObject({ origin: 'example.com/log', size: 2n ** 64n - 1n, extensions: ['ext one', 'ext two'] });
    expect(formatCheckpoint(parseCheckpoint(ok))).toBe(ok);
    expect(parseCheckpoint(`o\n0\n${root}\n`).size).toBe(0n);
    const cases: [string, string, number?][] = [
      [`o\n1\n${root}`, 'missing-final-newline'],
      [`o\n1\n`, 'too-few-lines'],
      [`\n1\n${root}\n`, 'bad-origin', 1],
      [`o\n01\n${root}\n`, 'bad-size', 2],
      [`o\n-1\n${root}\n`, 'bad-size', 2],
      [`o\n+1\n${root}\n`, 'bad-size', 2],
      [`o\n 1\n${root}\n`, 'bad-size', 2],
      [`o\n1.0\n${root}\n`, 'bad-size', 2],
      [`o\n18446744073709551616\n${root}\n`, 'bad-size', 2],
      [`o\n1\n${Buffer.alloc(31).toString('base64')}\n`, 'bad-root-hash', 3],
      [`o\n1\n${root.slice(0, -1)}\n`, 'bad-root-hash', 3],
      [`o\n1\n${root}\n\n`, 'bad-extension', 4],
      [`o\n1\n${root}\nx\n\n`, 'bad-extension', 5],
    ];
    for (const [text, code, line] of cases) {
      let err: unknown;
      try {
        parseCheckpoint(text);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(text)).toBeInstanceOf(CheckpointError);
      expect((err as CheckpointError).code, JSON.stringify(text)).toBe(code);
      if (line !== undefined) expect((err as CheckpointError).line, JSON.stringify(text)).toBe(line);
    }
    expect(noteErrorCode(() => formatCheckpoint({ origin: '', size: 1, rootHash: new Uint8Array(32) }))).toBe('bad-origin');
    expect(noteErrorCode(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash: new Uint8Array(32) }))).toBe('bad-origin');
    expect(noteErrorCode(() => formatCheckpoint({ origin: 'o', size: -1, rootHash: new Uint8Array(32) }))).toBe('bad-size');
    expect(noteErrorCode(() => formatCheckpoint({ origin: 'o', size: 2 ** 53, rootHash: new Uint8Array(32) }))).toBe('bad-size');
    expect(noteErrorCode(() => formatCheckpoint({ origin: 'o', size: 2n ** 64n, rootHash: new Uint8Array(32) }))).toBe('bad-size');
    expect(noteErrorCode(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: new Uint8Array(33) }))).toBe('bad-root-hash');
    expect(noteErrorCode(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: new Uint8Array(32), extensions: [''] }))).toBe('bad-extension');
    expect(formatCheckpoint({ origin: 'o', size: 2n ** 40n + 5n, rootHash: new Uint8Array(32) })).toBe(`o\n1099511627781\n${Buffer.alloc(32).toString('base64')}\n`);
  });
});
