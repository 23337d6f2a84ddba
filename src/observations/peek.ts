/**
 * The first bytes of a byte stream without losing them: what a reader or the format dispatcher looks
 * at to tell a JSON array from JSON Lines or GeoJSON, before the stream is read from the start.
 */

export interface Peeked {
  /** At least `min` bytes from the start (fewer only when the stream is shorter). */
  head: Buffer;
  /** The whole stream again, from its first byte. */
  chunks: AsyncIterable<Buffer>;
}

export async function peekHead(chunks: AsyncIterable<Buffer | Uint8Array | string>, min: number): Promise<Peeked> {
  const it = chunks[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < min) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = asBuffer(r.value);
    taken.push(b);
    size += b.length;
  }
  const head = taken.length === 1 ? taken[0]! : Buffer.concat(taken);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      while (!done) {
        const r = await it.next();
        if (r.done) {
          done = true;
          return;
        }
        yield asBuffer(r.value);
      }
    } finally {
      // A consumer that stops early closes the source (a file stream, a socket) too.
      if (!done) await it.return?.();
    }
  }
  return { head, chunks: replay() };
}

function asBuffer(v: Buffer | Uint8Array | string): Buffer {
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

/** Index of the first byte that is not whitespace or a UTF-8 byte-order mark; -1 when there is none. */
export function firstContentByte(head: Uint8Array): number {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  for (; i < head.length; i++) {
    const c = head[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
  }
  return -1;
}
