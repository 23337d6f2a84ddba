/**
 * Socket inputs on real sockets (127.0.0.1, ephemeral ports) fed the real recorded NMEA: what comes
 * out must be the file's bytes, in order, whatever the chunking on the wire.
 */
import { readFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../load.js';
import { emptyObservationSet } from '../model.js';
import { NmeaReader } from '../nmea/reader.js';
import { feedLines } from './lines.js';
import { openInput } from './open.js';
import { openSocket, parseSocketSpec } from './socket.js';

const DATA = resolve(process.cwd(), '../shared/data');
const sample = gunzipSync(readFileSync(resolve(DATA, 'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz')));
const stream = readFileSync(resolve(DATA, 'dma-aislib-stream_example_2010-06-11.nmea'));

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** A TCP server that sends `bytes` to each client in chunks of irregular size, then closes (unless `hold`). */
function serve(bytes: Buffer, hold = false): Promise<number> {
  return new Promise((res) => {
    server = createServer((sock: Socket) => {
      let i = 0;
      let k = 0;
      const next = () => {
        while (i < bytes.length) {
          const n = [1, 7, 80, 1460, 9000, 65536][k++ % 6]!;
          const ok = sock.write(bytes.subarray(i, i + n));
          i += n;
          if (!ok) return void sock.once('drain', next);
        }
        if (!hold) sock.end();
      };
      next();
    });
    server.listen(0, '127.0.0.1', () => res((server!.address() as AddressInfo).port));
  });
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

describe('socket addresses', () => {
  it('parses tcp and udp forms and rejects the rest with the address named', () => {
    expect(parseSocketSpec('tcp:127.0.0.1:10110')).toEqual({ protocol: 'tcp', host: '127.0.0.1', port: 10110 });
    expect(parseSocketSpec('tcp:[::1]:5631')).toEqual({ protocol: 'tcp', host: '::1', port: 5631 });
    expect(parseSocketSpec('udp:10110')).toEqual({ protocol: 'udp', host: undefined, port: 10110 });
    expect(parseSocketSpec('udp:0.0.0.0:10110')).toEqual({ protocol: 'udp', host: '0.0.0.0', port: 10110 });
    expect(() => parseSocketSpec('tcp:10110')).toThrow('tcp:10110: a TCP feed needs a host: tcp:HOST:PORT');
    expect(() => parseSocketSpec('udp:99999')).toThrow(InputError);
  });
});

describe('tcp:HOST:PORT', () => {
  it('reads the real NMEA a server sends until the server closes', async () => {
    const port = await serve(sample);
    const input = await openInput(`tcp:127.0.0.1:${port}`);
    const entries = [];
    for await (const e of input.entries()) entries.push({ name: e.name, bytes: await collect(e.chunks) });
    expect(entries.map((e) => e.name)).toEqual([`tcp:127.0.0.1:${port}`]);
    expect(entries[0]!.bytes.equals(sample)).toBe(true);
    expect(input.bytesRead()).toBe(sample.length);
    expect(input.totalBytes).toBeUndefined();
  });

  it('gives the NMEA reader the same observations as the file', async () => {
    const port = await serve(sample);
    const input = await openInput(`tcp:127.0.0.1:${port}`);
    const live = emptyObservationSet();
    let s;
    for await (const e of input.entries()) s = await feedLines(e.chunks, new NmeaReader(live, 'x'));
    const file = emptyObservationSet();
    const t = await feedLines([sample], new NmeaReader(file, 'x'));
    expect(s).toEqual(t);
    expect(live.positions.length).toBe(file.positions.length);
  });

  it('ends normally, keeping what arrived, when the signal aborts on a feed that stays open', async () => {
    const port = await serve(stream, true);
    const ac = new AbortController();
    const input = await openInput(`tcp:127.0.0.1:${port}`, { signal: ac.signal });
    const got: Buffer[] = [];
    let n = 0;
    for await (const e of input.entries()) {
      for await (const c of e.chunks) {
        got.push(c);
        n += c.length;
        if (n >= stream.length) ac.abort();
      }
    }
    expect(Buffer.concat(got).equals(stream)).toBe(true);
  });

  it('says which address refused the connection', async () => {
    const port = await serve(Buffer.alloc(0));
    server!.close();
    await new Promise((r) => setTimeout(r, 20));
    await expect(openInput(`tcp:127.0.0.1:${port}`)).rejects.toThrow(new RegExp(`^tcp:127\\.0\\.0\\.1:${port}: cannot connect: .*ECONNREFUSED`));
  });
});

describe('udp:PORT', () => {
  it('turns datagrams of real NMEA into the same bytes, adding a missing final newline', async () => {
    const ac = new AbortController();
    const input = await openSocket('udp:127.0.0.1:0', { signal: ac.signal });
    const { port } = input.address();
    const lines = stream.toString('latin1').split('\n');
    lines.pop();
    // Datagrams of 1 to 5 lines, as receivers send them; every third without its last newline.
    const grams: Buffer[] = [];
    for (let i = 0, k = 0; i < lines.length; k++) {
      const n = (k % 5) + 1;
      const text = lines.slice(i, i + n).join('\n') + (k % 3 === 0 ? '' : '\n');
      grams.push(Buffer.from(text, 'latin1'));
      i += n;
    }
    const sender = createSocket('udp4');
    const done = (async () => {
      for (let i = 0; i < grams.length; i++) {
        await new Promise<void>((r, j) => sender.send(grams[i]!, port, '127.0.0.1', (e) => (e ? j(e) : r())));
        // Let the receiver drain: loopback drops datagrams past the socket's buffer.
        if (i % 20 === 19) await new Promise((r) => setImmediate(r));
      }
      const sent = grams.reduce((a, g) => a + g.length, 0);
      while (input.bytesRead() < sent) await new Promise((r) => setTimeout(r, 5));
      sender.close();
      ac.abort();
    })();
    let bytes: Buffer = Buffer.alloc(0);
    for await (const e of input.entries()) {
      expect(e.name).toBe(`udp:${port}`);
      bytes = await collect(e.chunks);
    }
    await done;
    expect(bytes.equals(stream)).toBe(true);
  });
});
