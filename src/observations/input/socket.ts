/**
 * AIS feeds as byte streams. `tcp:HOST:PORT` connects as a client, as AIS-catcher, a shore
 * station's NMEA port or a feed aggregator serve it, and reads until the peer closes or the signal
 * aborts. `udp:PORT` (or `udp:HOST:PORT` to bind one address) listens, as receivers that forward
 * over UDP expect; each datagram is one or more sentences, and one without a final newline gets
 * one so two datagrams never run into one line. UDP has no end: only the signal stops it.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIP, connect, type Socket } from 'node:net';
import { InputError } from '../errors.js';
import type { InputEntry, OpenedInput, OpenInputOptions } from './open.js';

/** Receive buffer asked for on UDP sockets: several seconds of a national AIS feed. */
const UDP_RECEIVE_BUFFER = 16 << 20;

export interface SocketSpec {
  protocol: 'tcp' | 'udp';
  host: string | undefined;
  port: number;
}

/** An opened socket input; `address()` tells the bound or connected address (a `udp:0` gets a free port). */
export interface SocketInput extends OpenedInput {
  address(): { address: string; port: number };
}

export function isSocketSpec(spec: string): boolean {
  return /^(tcp|udp):/i.test(spec);
}

/** Parses `tcp:HOST:PORT`, `udp:PORT`, `udp:HOST:PORT`; an IPv6 host is written in brackets, `tcp:[::1]:10110`. */
export function parseSocketSpec(spec: string): SocketSpec {
  const m = /^(tcp|udp):(?:(\[[^\]]+\]|[^:]+):)?(\d{1,5})$/i.exec(spec);
  const protocol = m?.[1]?.toLowerCase() as 'tcp' | 'udp' | undefined;
  const port = m ? Number(m[3]) : NaN;
  if (!m || !protocol || port > 65535) {
    throw new InputError(`${spec}: not a socket address (expected tcp:HOST:PORT, udp:PORT or udp:HOST:PORT, port 0-65535)`);
  }
  const host = m[2]?.replace(/^\[|\]$/g, '');
  if (protocol === 'tcp' && host === undefined) throw new InputError(`${spec}: a TCP feed needs a host: tcp:HOST:PORT`);
  if (protocol === 'tcp' && port === 0) throw new InputError(`${spec}: port 0 cannot be connected to`);
  return { protocol, host, port };
}

export function openSocket(spec: string, options: OpenInputOptions = {}): Promise<SocketInput> {
  const s = parseSocketSpec(spec);
  return s.protocol === 'tcp' ? openTcp(spec, s.host!, s.port, options) : openUdp(spec, s.host, s.port, options);
}

async function openTcp(spec: string, host: string, port: number, options: OpenInputOptions): Promise<SocketInput> {
  const name = `tcp:${host.includes(':') ? `[${host}]` : host}:${port}`;
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect({ host, port });
    const onError = (e: Error) => reject(new InputError(`${name}: cannot connect: ${e.message}`));
    s.once('error', onError);
    s.once('connect', () => {
      s.off('error', onError);
      resolve(s);
    });
  });
  const stop = (): void => {
    socket.destroy();
  };
  return {
    spec,
    totalBytes: undefined,
    bytesRead: () => socket.bytesRead,
    address: () => ({ address: socket.remoteAddress ?? host, port: socket.remotePort ?? port }),
    async *entries(): AsyncGenerator<InputEntry> {
      yield { name, chunks: tcpChunks(socket, name, options.signal, stop) };
    },
    close: async () => stop(),
  };
}

async function* tcpChunks(socket: Socket, name: string, signal: AbortSignal | undefined, stop: () => void): AsyncGenerator<Buffer> {
  if (signal?.aborted) {
    stop();
    return;
  }
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const b of socket) {
      yield b as Buffer;
      if (signal?.aborted) return;
    }
  } catch (e) {
    // The peer going away abruptly ends the feed as closing it would: what arrived is kept.
    const code = (e as NodeJS.ErrnoException).code;
    if (signal?.aborted || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    throw new InputError(`${name}: ${(e as Error).message}`);
  } finally {
    signal?.removeEventListener('abort', stop);
    stop();
  }
}

async function openUdp(spec: string, host: string | undefined, port: number, options: OpenInputOptions): Promise<SocketInput> {
  const type = host !== undefined && isIP(host) === 6 ? 'udp6' : 'udp4';
  const socket: UdpSocket = createSocket({ type, reuseAddr: false });
  const queue: Buffer[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let read = 0;
  socket.on('message', (msg: Buffer) => {
    read += msg.length;
    queue.push(msg.length > 0 && msg[msg.length - 1] !== 10 ? Buffer.concat([msg, Buffer.from('\n')]) : msg);
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', (e) => reject(new InputError(`udp:${host ? `${host}:` : ''}${port}: cannot listen: ${e.message}`)));
    socket.bind(port, host, () => resolve());
  });
  // A burst that arrives while the reader is busy (an evaluation) waits in the kernel's buffer
  // rather than being dropped; the kernel caps the size (net.core.rmem_max).
  try {
    socket.setRecvBufferSize(UDP_RECEIVE_BUFFER);
  } catch {
    // Kept at the system default.
  }
  const bound = socket.address();
  const name = `udp:${bound.port}`;
  const stop = () => {
    if (ended) return;
    ended = true;
    socket.close();
    wake?.();
  };
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        const b = queue.shift();
        if (b) {
          yield b;
          continue;
        }
        if (ended) return;
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    } finally {
      options.signal?.removeEventListener('abort', stop);
      stop();
    }
  }
  return {
    spec,
    totalBytes: undefined,
    bytesRead: () => read,
    address: () => ({ address: bound.address, port: bound.port }),
    async *entries(): AsyncGenerator<InputEntry> {
      yield { name, chunks: chunks() };
    },
    close: async () => stop(),
  };
}
