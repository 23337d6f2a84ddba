/**
 * One way in for every byte source a reader takes: a plain file, gzip (by its magic bytes, members
 * concatenated or not), a zip archive (each file in it, streamed: the DMA daily files are one CSV of
 * 1-2 GB in a zip), stdin (`-`), and sockets (`tcp:HOST:PORT`, `udp:PORT`, see socket.ts). Memory
 * stays constant whatever the size: nothing is extracted to disk or held whole.
 *
 * Progress is measured on what is read from disk (compressed bytes), since that is the only size
 * known in advance: `bytesRead()` against `totalBytes`.
 */
import { closeSync, createReadStream, fstatSync, openSync, read as fsRead, readSync, close as fsClose } from 'node:fs';
import { basename } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import { InputError } from '../errors.js';
import { openSocket, isSocketSpec } from './socket.js';

export interface InputEntry {
  /** Source name used in observation ids: the file's base name; `archive.zip/entry.csv` for a zip entry; `stdin`; `tcp:HOST:PORT`; `udp:PORT`. */
  name: string;
  /** The decompressed bytes, streamed. */
  chunks: AsyncIterable<Buffer>;
}

export interface OpenedInput {
  /** What the user named: a path, '-', tcp:HOST:PORT, udp:PORT. */
  spec: string;
  /** Size of what is read on disk (compressed), when known. */
  totalBytes: number | undefined;
  /** Compressed bytes consumed so far (progress is measured on this). */
  bytesRead(): number;
  /** One entry for plain/gz/stdin/socket; each file of a zip, in order. */
  entries(): AsyncIterable<InputEntry>;
  close(): Promise<void>;
}

export interface OpenInputOptions {
  /** Ends reading at the next chunk: what was read so far ends normally (no error). */
  signal?: AbortSignal;
  /** Where `-` reads from; process.stdin by default. */
  stdin?: NodeJS.ReadableStream;
}

/** Read size inside a zip: large enough that a 2 GB entry costs few system calls. */
const READ_CHUNK = 1 << 20;
const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b]; // "PK": a local file header (03 04) or an empty archive's end record (05 06)

function startsWith(head: Buffer, magic: number[]): boolean {
  return head.length >= magic.length && magic.every((b, i) => head[i] === b);
}

export async function openInput(spec: string, options: OpenInputOptions = {}): Promise<OpenedInput> {
  if (isSocketSpec(spec)) return openSocket(spec, options);
  if (spec === '-') return openStdin(options);
  return openFile(spec, options);
}

function fileHead(path: string): { size: number; head: Buffer } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const err = new InputError(code === 'ENOENT' ? `${path}: no such file (ENOENT)` : code === 'EISDIR' ? `${path}: is a directory, not a file` : `${path}: cannot open: ${(e as Error).message}`);
    // Callers that test the system error code (ENOENT: "no such file") still can.
    throw Object.assign(err, { code });
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`${path}: is a directory, not a file`);
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    return { size: st.size, head: head.subarray(0, n) };
  } finally {
    closeSync(fd);
  }
}

async function openFile(path: string, options: OpenInputOptions): Promise<OpenedInput> {
  const { size, head } = fileHead(path);
  if (startsWith(head, ZIP_MAGIC) && (head[2] === 3 || head[2] === 5)) return openZip(path, size, options);
  let read = 0;
  let stream: Readable | undefined;
  const gzip = startsWith(head, GZIP_MAGIC);
  return {
    spec: path,
    totalBytes: size,
    bytesRead: () => read,
    async *entries() {
      const file = createReadStream(path);
      stream = file;
      const counted = countBytes(file, (n) => (read += n));
      yield { name: basename(path), chunks: guarded(gzip ? gunzipped(counted, path) : counted, path, options.signal, () => file.destroy()) };
    },
    close: async () => {
      stream?.destroy();
    },
  };
}

async function openStdin(options: OpenInputOptions): Promise<OpenedInput> {
  const input = (options.stdin ?? process.stdin) as Readable;
  let total: number | undefined;
  if (!options.stdin) {
    // Redirected from a file (`< day.nmea.gz`), stdin has a size and progress can be shown.
    try {
      const st = fstatSync(0);
      if (st.isFile()) total = st.size;
    } catch {
      total = undefined;
    }
  }
  let read = 0;
  return {
    spec: '-',
    totalBytes: total,
    bytesRead: () => read,
    async *entries() {
      const counted = countBytes(input, (n) => (read += n));
      yield { name: 'stdin', chunks: guarded(sniffGzip(counted, 'stdin'), 'stdin', options.signal, () => input.destroy()) };
    },
    close: async () => {
      if (!options.stdin) input.destroy();
    },
  };
}

/** Gunzips the stream when it starts with the gzip magic, passes it through otherwise. */
async function* sniffGzip(chunks: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  const it = chunks[Symbol.asyncIterator]();
  let first = await it.next();
  // A first chunk of one byte cannot tell; wait for a second.
  while (!first.done && first.value.length < 2) {
    const more = await it.next();
    if (more.done) break;
    first = { done: false, value: Buffer.concat([first.value, more.value]) };
  }
  if (first.done) return;
  const head = first.value;
  const rest: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => {
      let sentHead = false;
      return {
        next: async () => {
          if (!sentHead) {
            sentHead = true;
            return { done: false, value: head };
          }
          return it.next();
        },
        return: async () => (it.return ? it.return() : { done: true, value: undefined }),
      };
    },
  };
  if (startsWith(head, GZIP_MAGIC)) yield* gunzipped(rest, name);
  else yield* rest;
}

async function* countBytes(chunks: AsyncIterable<Buffer | string>, add: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const c of chunks) {
    const b = typeof c === 'string' ? Buffer.from(c, 'latin1') : c;
    add(b.length);
    yield b;
  }
}

/**
 * The decompressed bytes of a gzip stream, with every member of a concatenated gzip (zlib's
 * Gunzip continues into the next member). Truncation or a corrupt member is an InputError naming
 * the file.
 */
async function* gunzipped(chunks: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  let failure: Error | undefined;
  const source = async function* () {
    yield* chunks;
  };
  pipeline(source, gunzip, (e) => {
    if (e) failure = e;
  });
  try {
    for await (const b of gunzip) yield b as Buffer;
  } catch (e) {
    throw gzipError(name, failure ?? (e as Error));
  }
  if (failure) throw gzipError(name, failure);
}

function gzipError(name: string, e: Error): Error {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)) return new InputError(`${name}: the gzip stream is truncated (it ends before its last member is complete)`);
  if (code?.startsWith('Z_')) return new InputError(`${name}: not a valid gzip stream: ${e.message}`);
  return new InputError(`${name}: ${e.message}`);
}

/**
 * Ends the stream quietly when the signal aborts (what was read stays read), and turns read errors
 * into InputErrors that name the input.
 */
async function* guarded(chunks: AsyncIterable<Buffer>, name: string, signal: AbortSignal | undefined, stop: () => void): AsyncGenerator<Buffer> {
  if (signal?.aborted) return;
  const onAbort = () => stop();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const b of chunks) {
      yield b;
      if (signal?.aborted) return;
    }
  } catch (e) {
    if (signal?.aborted) return;
    if (e instanceof InputError) throw e;
    throw new InputError(`${name}: ${(e as Error).message}`);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * yauzl reads the archive through this: positioned reads on one descriptor. The entries' data is
 * counted (not the headers, which yauzl reads more than once), so progress is the share of the
 * archive's data decompressed so far and ends a little short of the archive's size.
 */
class CountingFdReader extends yauzl.RandomAccessReader {
  bytes = 0;
  constructor(private readonly fd: number) {
    super();
  }
  override _readStreamForRange(start: number, end: number): Readable {
    // Not fs.createReadStream on the shared descriptor: destroying one closes the descriptor.
    let pos = start;
    const fd = this.fd;
    const add = (n: number) => (this.bytes += n);
    return new Readable({
      read() {
        const len = Math.min(READ_CHUNK, end - pos);
        if (len <= 0) {
          this.push(null);
          return;
        }
        fsRead(fd, Buffer.allocUnsafe(len), 0, len, pos, (err, n, buf) => {
          if (err) return this.destroy(err);
          if (n === 0) return this.destroy(new Error(`unexpected end of file at offset ${pos}`));
          pos += n;
          add(n);
          this.push(buf.subarray(0, n));
        });
      },
    });
  }
  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    fsRead(this.fd, buffer, offset, length, position, (err, n) => {
      if (err) return callback(err);
      callback(n < length ? new Error(`unexpected end of file reading ${length} bytes at offset ${position}`) : null);
    });
  }
  // yauzl closes its reader when its reference count drops to zero, and destroying an entry's
  // stream early can drop it once too often; the descriptor's life is ours instead (closeFd).
  override close(callback: (err: Error | null) => void): void {
    setImmediate(() => callback(null));
  }
  closeFd(): Promise<void> {
    return new Promise((resolve) => fsClose(this.fd, () => resolve()));
  }
}

async function openZip(path: string, size: number, options: OpenInputOptions): Promise<OpenedInput> {
  const fd = openSync(path, 'r');
  const reader = new CountingFdReader(fd);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(reader, size, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true });
  } catch (e) {
    await reader.closeFd();
    throw new InputError(`${path}: not a readable zip archive: ${(e as Error).message}`);
  }
  const archive = basename(path);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    zip.close();
    await reader.closeFd();
  };
  return {
    spec: path,
    totalBytes: size,
    bytesRead: () => reader.bytes,
    async *entries() {
      try {
        while (!options.signal?.aborted) {
          let entry: yauzl.Entry | undefined;
          try {
            entry = await nextEntry(zip);
          } catch (e) {
            throw new InputError(`${path}: corrupt zip central directory: ${(e as Error).message}`);
          }
          if (!entry) return;
          if (entry.fileName.endsWith('/')) continue;
          const name = `${archive}/${entry.fileName}`;
          if (entry.isEncrypted()) throw new InputError(`${name}: the zip entry is encrypted; Redline cannot read it`);
          if (!entry.canDecodeFileData()) throw new InputError(`${name}: zip compression method ${entry.compressionMethod} is not supported (only stored and deflate)`);
          let stream: Readable;
          try {
            stream = await zip.openReadStreamPromise(entry);
          } catch (e) {
            throw new InputError(`${name}: corrupt zip entry: ${(e as Error).message}`);
          }
          try {
            yield { name, chunks: guarded(zipEntryChunks(stream, name), name, options.signal, () => stream.destroy()) };
          } finally {
            // A consumer that skipped (or stopped reading) an entry must not keep its stream open.
            stream.destroy();
          }
        }
      } finally {
        await close();
      }
    },
    close,
  };
}

async function* zipEntryChunks(stream: Readable, name: string): AsyncGenerator<Buffer> {
  try {
    for await (const b of stream) yield b as Buffer;
  } catch (e) {
    const msg = (e as Error).message;
    throw new InputError(`${name}: corrupt or truncated zip entry: ${msg}`);
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzl.Entry) => {
      cleanup();
      resolve(e);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}
