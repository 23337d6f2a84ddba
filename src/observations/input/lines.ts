/**
 * Lines out of byte chunks, in batches, in constant memory: the one splitter every line-based reader
 * (NMEA, DMA CSV) shares, whatever the bytes came from (a file, a gzip or zip entry, stdin, a socket).
 *
 * Why not node:readline: it yields one line per promise turn (about 1-2 M lines/s at best), and a
 * reader that decodes at several million sentences a second would spend most of its time waiting on
 * it. Batches of every complete line in a chunk cost one await per chunk instead.
 */

/** Bytes as decoded text: NMEA is ASCII (latin1 never fails on a stray byte), DMA CSV is UTF-8. */
export type TextEncoding = 'latin1' | 'utf8';

/** Longest line kept whole; NMEA sentences are at most 82 characters and DMA CSV rows a few hundred. */
export const MAX_LINE_BYTES = 1 << 20;

/** A reader fed one line at a time; `lineNo` is 1-based and becomes the observation id's line. */
export interface LineReader<S> {
  line(text: string, lineNo: number): void;
  /** Ends the input (flushes partial state, quarantines what is incomplete) and returns the summary. */
  finish(): S;
}

export interface LineFeedOptions {
  encoding?: TextEncoding;
  /**
   * Called after each batch of lines has gone through the reader: the place where an ingest drains
   * the observation set into a store, so memory stays flat however long the input is. Awaited, so a
   * slow store applies back-pressure to the input.
   */
  afterBatch?: () => void | Promise<void>;
  /** Stops reading at the next batch boundary; what was read so far is finished normally. */
  signal?: AbortSignal;
}

/**
 * Splits chunks into lines on `\n`, dropping one `\r` before it; a last line without a newline is
 * still a line. A chunk boundary inside a multi-byte UTF-8 character is handled by keeping the
 * unfinished line as bytes until its newline arrives.
 */
export async function* lineBatches(chunks: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>, encoding: TextEncoding = 'latin1'): AsyncGenerator<string[]> {
  let tail: Buffer | undefined;
  // A "line" that never ends (a binary file, a feed gone wrong) must not grow without bound: past
  // this length it is handed on as a line of its own, which any reader quarantines.
  for await (const chunk of chunks) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (tail) {
      buf = Buffer.concat([tail, buf]);
      tail = undefined;
    }
    const lastNl = buf.lastIndexOf(10);
    if (lastNl < 0) {
      if (buf.length > MAX_LINE_BYTES) yield [buf.toString(encoding)];
      else tail = Buffer.from(buf);
      continue;
    }
    if (lastNl < buf.length - 1) tail = Buffer.from(buf.subarray(lastNl + 1));
    const text = buf.toString(encoding, 0, lastNl);
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
    }
    yield lines;
  }
  if (tail && tail.length > 0) {
    let last = tail.toString(encoding);
    if (last.charCodeAt(last.length - 1) === 13) last = last.slice(0, -1);
    yield [last];
  }
}

/** Drives a line reader over a byte stream; returns its summary. */
export async function feedLines<S>(chunks: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>, reader: LineReader<S>, options: LineFeedOptions = {}): Promise<S> {
  let n = 0;
  for await (const batch of lineBatches(chunks, options.encoding ?? 'latin1')) {
    for (let i = 0; i < batch.length; i++) reader.line(batch[i]!, ++n);
    if (options.afterBatch) await options.afterBatch();
    if (options.signal?.aborted) break;
  }
  return reader.finish();
}
