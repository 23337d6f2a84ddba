/**
 * Every file route of openInput on the real recorded NMEA in ../shared/data: the bytes that come out
 * must be the original file's, byte for byte. The gzip and zip copies are made here with node:zlib
 * and Info-ZIP's `zip` command (independent of the code under test); the expected bytes are the
 * plain files as they lie on disk (the one shipped gzipped is gunzipped with zlib's gunzipSync).
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, statSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runChild } from '../../../test/support/child.js';
import { InputError } from '../load.js';
import { openInput, type OpenedInput } from './open.js';
import { feedLines } from './lines.js';
import { emptyObservationSet } from '../model.js';
import { NmeaReader, readNmeaFile } from '../nmea/reader.js';

const DATA = resolve(process.cwd(), '../shared/data');
const PLAIN = ['dma-aislib-stream_example_2010-06-11.nmea', 'dma-aislib-replay_dump_2013-03-18.nmea', 'dma-aisabnormal-538004030_drift_1.nmea'];
const GZ = 'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz';

async function drain(input: OpenedInput): Promise<{ name: string; bytes: Buffer }[]> {
  const out: { name: string; bytes: Buffer }[] = [];
  for await (const e of input.entries()) {
    const parts: Buffer[] = [];
    for await (const c of e.chunks) parts.push(c);
    out.push({ name: e.name, bytes: Buffer.concat(parts) });
  }
  await input.close();
  return out;
}

let dir: string;
const original = new Map<string, Buffer>();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'redline-input-'));
  for (const f of PLAIN) original.set(f, readFileSync(join(DATA, f)));
  original.set('dma-aisabnormal-ais-sample_2013-11-12.nmea', gunzipSync(readFileSync(join(DATA, GZ))));
});

describe('plain and gzip files', () => {
  it('streams a plain file unchanged, with its size and bytes read', async () => {
    for (const f of PLAIN) {
      const input = await openInput(join(DATA, f));
      expect(input.totalBytes).toBe(statSync(join(DATA, f)).size);
      const [e, ...more] = await drain(input);
      expect(more).toEqual([]);
      expect(e!.name).toBe(f);
      expect(e!.bytes.equals(original.get(f)!)).toBe(true);
      expect(input.bytesRead()).toBe(input.totalBytes);
    }
  });

  it('gunzips the shipped .gz file', async () => {
    const input = await openInput(join(DATA, GZ));
    const [e] = await drain(input);
    expect(e!.name).toBe(GZ);
    expect(e!.bytes.equals(original.get('dma-aisabnormal-ais-sample_2013-11-12.nmea')!)).toBe(true);
    expect(input.bytesRead()).toBe(statSync(join(DATA, GZ)).size);
  });

  it('tells gzip by its magic bytes, whatever the name, and reads concatenated members', async () => {
    for (const [name, bytes] of original) {
      const half = bytes.length >> 1;
      // Two members (as `cat a.gz b.gz` or a log rotated into one file makes), under a name without .gz.
      const path = join(dir, `${name}.members`);
      writeFileSync(path, Buffer.concat([gzipSync(bytes.subarray(0, half)), gzipSync(bytes.subarray(half))]));
      const [e] = await drain(await openInput(path));
      expect(e!.bytes.equals(bytes), name).toBe(true);
    }
  });

  it('names the file of a truncated or corrupt gzip', async () => {
    const gz = readFileSync(join(DATA, GZ));
    const cut = join(dir, 'cut.nmea.gz');
    writeFileSync(cut, gz.subarray(0, gz.length - 1000));
    await expect(drain(await openInput(cut))).rejects.toThrow(new InputError(`${cut}: the gzip stream is truncated (it ends before its last member is complete)`));
    const bad = join(dir, 'bad.nmea.gz');
    const mangled = Buffer.from(gz);
    mangled.fill(0xff, 2000, 2400);
    writeFileSync(bad, mangled);
    const err = await drain(await openInput(bad)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a valid gzip stream: `));
  });

  it('says which file is missing', async () => {
    await expect(openInput(join(dir, 'nope.nmea'))).rejects.toThrow(`${join(dir, 'nope.nmea')}: no such file`);
  });
});

describe('zip archives', () => {
  let zipPath: string;
  let zip64Path: string;
  beforeAll(async () => {
    // A folder with the four files and a sub-folder, zipped by Info-ZIP (`zip -r` stores directory entries too).
    const src = join(dir, 'src');
    mkdirSync(join(src, 'sub'), { recursive: true });
    for (const [name, bytes] of original) writeFileSync(join(src, name.startsWith('dma-aislib') ? `sub/${name}` : name), bytes);
    zipPath = join(dir, 'aisdk-2013-11-12.zip');
    const r = await runChild('zip', ['-q', '-r', '-X', zipPath, '.'], { cwd: src });
    expect(r.code, r.stderr).toBe(0);
    // zip reading stdin writes Zip64 headers (it cannot know the size in advance), with a data descriptor.
    zip64Path = join(dir, 'zip64.zip');
    const z = await runChild('sh', ['-c', `zip -q - - > '${zip64Path}'`], { input: original.get('dma-aisabnormal-ais-sample_2013-11-12.nmea') });
    expect(z.code, z.stderr).toBe(0);
  });

  it('streams each file of the archive in order, skipping directories', async () => {
    const list = await runChild('unzip', ['-Z1', zipPath]);
    const files = list.stdout.split('\n').filter((l) => l && !l.endsWith('/'));
    expect(list.stdout).toMatch(/sub\/\n/); // the archive does hold a directory entry
    const input = await openInput(zipPath);
    expect(input.totalBytes).toBe(statSync(zipPath).size);
    const entries = await drain(input);
    expect(entries.map((e) => e.name)).toEqual(files.map((f) => `aisdk-2013-11-12.zip/${f}`));
    for (const e of entries) {
      const base = e.name.split('/').pop()!;
      expect(e.bytes.equals(original.get(base)!), e.name).toBe(true);
    }
    expect(input.bytesRead()).toBeGreaterThan(0.9 * input.totalBytes!);
    expect(input.bytesRead()).toBeLessThanOrEqual(input.totalBytes!);
  });

  it('reads a Zip64 entry', async () => {
    const [e] = await drain(await openInput(zip64Path));
    expect(e!.name).toBe('zip64.zip/-');
    expect(e!.bytes.equals(original.get('dma-aisabnormal-ais-sample_2013-11-12.nmea')!)).toBe(true);
  });

  it('names the archive of a corrupt zip and the entry of corrupt data', async () => {
    const bytes = readFileSync(zipPath);
    const noDir = join(dir, 'no-central-directory.zip');
    writeFileSync(noDir, bytes.subarray(0, bytes.length - 300));
    await expect(openInput(noDir)).rejects.toThrow(new RegExp(`^${noDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a readable zip archive: `));
    const badData = join(dir, 'bad-data.zip');
    const mangled = Buffer.from(bytes);
    mangled.fill(0x55, 5000, 6000); // inside the first entry's deflate data
    writeFileSync(badData, mangled);
    const err = await drain(await openInput(badData)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^bad-data\.zip\/[^:]+: corrupt or truncated zip entry: /);
  });
});

describe('stdin', () => {
  it('reads `-` from the given stream, plain or gzip', async () => {
    const bytes = original.get('dma-aislib-stream_example_2010-06-11.nmea')!;
    const chunked = (b: Buffer) => Readable.from((function* () {
      for (let i = 0; i < b.length; i += 777) yield b.subarray(i, i + 777);
    })());
    for (const body of [bytes, gzipSync(bytes)]) {
      const input = await openInput('-', { stdin: chunked(body) });
      const [e] = await drain(input);
      expect(e!.name).toBe('stdin');
      expect(e!.bytes.equals(bytes)).toBe(true);
      expect(input.bytesRead()).toBe(body.length);
    }
  });
});

describe('readNmeaFile through openInput', () => {
  it('reads a zip of NMEA as the same observations as the plain file', async () => {
    const name = 'dma-aisabnormal-ais-sample_2013-11-12.nmea';
    const zdir = join(dir, 'one');
    mkdirSync(zdir, { recursive: true });
    writeFileSync(join(zdir, name), original.get(name)!);
    const z = await runChild('zip', ['-q', '-j', join(zdir, 'day.zip'), join(zdir, name)]);
    expect(z.code, z.stderr).toBe(0);
    const fromZip = emptyObservationSet();
    const s = await readNmeaFile(join(zdir, 'day.zip'), fromZip);
    const direct = emptyObservationSet();
    copyFileSync(join(zdir, name), join(zdir, 'plain.nmea'));
    const reader = new NmeaReader(direct, 'day.zip/' + name);
    const t = await feedLines([original.get(name)!], reader);
    expect(s).toEqual(t);
    expect(fromZip.positions.length).toBe(direct.positions.length);
    expect(Array.from(fromZip.positions.time.subarray(0, fromZip.positions.length))).toEqual(Array.from(direct.positions.time.subarray(0, direct.positions.length)));
    expect(fromZip.positions.observationId(0)).toMatch(/^day\.zip\/dma-aisabnormal-ais-sample_2013-11-12\.nmea:\d+$/);
  });
});
