/**
 * Reassembly of multi-sentence AIS messages (a type 5 takes two sentences).
 *
 * Fragments are keyed by what identifies one message on the wire: the tag block's `g:` group id when
 * there is one (the second fragment of a group often carries no `s:`), otherwise talker + VDM/VDO +
 * sequential message id + channel + fragment count. Keys let messages interleave, which happens when
 * a log merges several receivers (gpsd AIVDM.adoc, "Type 24": "they may ... be interleaved with
 * different Type 24 pairs; decoders must cope with this").
 *
 * A fragment whose message can no longer complete is never silently dropped: every one of its lines
 * is handed to `onDrop` with a code (`stale-fragment`, `fragment-order`) so the reader can quarantine it.
 */

import type { LineInfo } from './sentence.js';

/** A message being assembled; also what `add` returns once it is complete. */
export interface PartialMessage {
  key: string;
  count: number;
  /** Fragment number expected next (1-based). */
  next: number;
  lines: number[];
  raws: string[];
  payloadStart: number[];
  payloadEnd: number[];
  /** Fill bits of the last fragment. */
  fill: number;
  seqId: number;
  channel: number;
  /** Stream clock (ms) when the first fragment arrived; NaN if no time had been seen yet. */
  startClockMs: number;
  /** AIS sentence counter when the first fragment arrived. */
  startSentence: number;
  /** Time candidates gathered from the fragments, see the reader. */
  tagTimeMs: number;
  pghpTimeMs: number;
  trailingTimeMs: number;
}

export type DropHandler = (lines: readonly number[], raws: readonly string[], code: string, reason: string) => void;

export interface ReassemblyOptions {
  /** A partial message older than this on the stream clock is dropped as stale. */
  timeoutMs: number;
  /** Without a stream clock, a partial message is dropped after this many further AIS sentences. */
  maxGapSentences: number;
}

function describe(p: { count: number; seqId: number; channel: number }): string {
  const seq = p.seqId < 0 ? 'no sequential id' : `sequential id ${p.seqId}`;
  const ch = p.channel === 0 ? 'no channel' : `channel ${String.fromCharCode(p.channel)}`;
  return `${p.count}-part message (${seq}, ${ch})`;
}

export class Reassembler {
  private readonly pending = new Map<string, PartialMessage>();
  // Lower bounds over the pending messages (kept when one leaves), so that `expire` scans the map
  // only when something may be stale: it is called for every AIS sentence while anything waits, and a
  // message that never completes waits for seconds of the stream, thousands of sentences.
  /** Earliest `startClockMs` among those that have one; Infinity if none. */
  private minStartClock = Infinity;
  /** Earliest `startSentence` among those without a clock start; Infinity if none. */
  private minStartSentenceUnclocked = Infinity;
  /** Earliest `startSentence` of all. */
  private minStartSentence = Infinity;

  constructor(
    private readonly options: ReassemblyOptions,
    private readonly onDrop: DropHandler,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  /**
   * Adds one fragment (`info.fragCount > 1`). Returns the message when this fragment completes it;
   * otherwise undefined (the fragment is held, or it was dropped through `onDrop`).
   */
  add(info: LineInfo, raw: string, lineNo: number, clockMs: number, sentenceNo: number, pghpTimeMs: number): PartialMessage | undefined {
    const key =
      info.groupId >= 0
        ? `g${info.groupId}`
        : `${info.talker}|${info.vdo ? 'O' : 'M'}|${info.seqId}|${info.channel}|${info.fragCount}`;
    const p = this.pending.get(key);
    const num = info.fragNum;

    if (num === 1) {
      if (p) {
        const first = p.raws[0] ?? '';
        const samePayload =
          p.next === 2 &&
          first.slice(p.payloadStart[0], p.payloadEnd[0]) === raw.slice(info.payloadStart, info.payloadEnd);
        if (samePayload) {
          this.onDrop([lineNo], [raw], 'fragment-order', `fragment 1 of the ${describe(p)} repeats line ${p.lines[0]}`);
          return undefined;
        }
        this.pending.delete(key);
        this.onDrop(p.lines, p.raws, 'stale-fragment', `${describe(p)} got fragments ${p.next === 2 ? '1' : `1-${p.next - 1}`} only; a new message with the same id started on line ${lineNo}`);
      }
      const fresh: PartialMessage = {
        key,
        count: info.fragCount,
        next: 2,
        lines: [lineNo],
        raws: [raw],
        payloadStart: [info.payloadStart],
        payloadEnd: [info.payloadEnd],
        fill: info.fill,
        seqId: info.seqId,
        channel: info.channel,
        startClockMs: clockMs,
        startSentence: sentenceNo,
        tagTimeMs: info.tagTimeMs,
        pghpTimeMs,
        trailingTimeMs: info.trailingTimeMs,
      };
      this.pending.set(key, fresh);
      this.note(fresh);
      return undefined;
    }

    if (!p) {
      this.onDrop([lineNo], [raw], 'fragment-order', `fragment ${num} of a ${describe({ count: info.fragCount, seqId: info.seqId, channel: info.channel })} arrived without fragment 1`);
      return undefined;
    }
    if (num !== p.next) {
      if (num < p.next) {
        this.onDrop([lineNo], [raw], 'fragment-order', `fragment ${num} of the ${describe(p)} repeats line ${p.lines[num - 1]}`);
        return undefined;
      }
      this.pending.delete(key);
      this.onDrop(p.lines, p.raws, 'fragment-order', `${describe(p)} is missing fragment ${p.next}: fragment ${num} came next on line ${lineNo}`);
      this.onDrop([lineNo], [raw], 'fragment-order', `fragment ${num} of the ${describe(p)} arrived before fragment ${p.next}`);
      return undefined;
    }
    p.lines.push(lineNo);
    p.raws.push(raw);
    p.payloadStart.push(info.payloadStart);
    p.payloadEnd.push(info.payloadEnd);
    p.fill = info.fill;
    if (Number.isNaN(p.tagTimeMs)) p.tagTimeMs = info.tagTimeMs;
    if (Number.isNaN(p.trailingTimeMs)) p.trailingTimeMs = info.trailingTimeMs;
    p.next++;
    if (p.next > p.count) {
      this.pending.delete(key);
      return p;
    }
    return undefined;
  }

  private note(p: PartialMessage): void {
    if (p.startSentence < this.minStartSentence) this.minStartSentence = p.startSentence;
    if (Number.isNaN(p.startClockMs)) {
      if (p.startSentence < this.minStartSentenceUnclocked) this.minStartSentenceUnclocked = p.startSentence;
    } else if (p.startClockMs < this.minStartClock) this.minStartClock = p.startClockMs;
  }

  /** Drops partial messages that have waited too long on the stream clock or, lacking one, in sentences. */
  expire(clockMs: number, sentenceNo: number): void {
    if (this.pending.size === 0) return;
    const { timeoutMs, maxGapSentences } = this.options;
    // Nothing can be stale yet (the bounds are conservative: the scan below decides).
    if (Number.isNaN(clockMs)) {
      if (sentenceNo - this.minStartSentence <= maxGapSentences) return;
    } else if (clockMs - this.minStartClock <= timeoutMs && sentenceNo - this.minStartSentenceUnclocked <= maxGapSentences) {
      return;
    }
    for (const [key, p] of this.pending) {
      const byClock = !Number.isNaN(p.startClockMs) && !Number.isNaN(clockMs);
      const stale = byClock ? clockMs - p.startClockMs > timeoutMs : sentenceNo - p.startSentence > maxGapSentences;
      if (!stale) continue;
      this.pending.delete(key);
      const why = byClock
        ? `no fragment ${p.next} within ${timeoutMs / 1000} s of fragment 1`
        : `no fragment ${p.next} within ${maxGapSentences} AIS sentences of fragment 1`;
      this.onDrop(p.lines, p.raws, 'stale-fragment', `${describe(p)} never completed: ${why}`);
    }
    this.minStartClock = Infinity;
    this.minStartSentenceUnclocked = Infinity;
    this.minStartSentence = Infinity;
    for (const p of this.pending.values()) this.note(p);
  }

  /** Drops everything still pending (end of input). */
  flush(): void {
    for (const p of this.pending.values()) {
      this.onDrop(p.lines, p.raws, 'stale-fragment', `${describe(p)} never completed: input ended before fragment ${p.next}`);
    }
    this.pending.clear();
  }
}
