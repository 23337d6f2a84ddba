/**
 * The NMEA 0183 AIS reader: lines in, positions into the columns, identities into the registry,
 * everything else counted or quarantined.
 *
 * Why not an npm decoder: the two we tried, `ggencoder` 1.0 and `ais-stream-decoder` 2.1, take bare
 * `!AIVDM` sentences. Neither reads IEC 61162-450 tag blocks (ggencoder wants "!" at column 1;
 * ais-stream-decoder splits the whole line on commas, so a `\g:...,c:...\` prefix or a trailing
 * `,<time>` breaks its field count), and the DMA logs Redline is tested on carry their receive times
 * exactly there or in `$PGHP` lines. Neither reassembles interleaved multi-part messages
 * (ais-stream-decoder keeps one pending buffer and throws when another message cuts in; ggencoder
 * leaves it to the caller, one session object per message). Neither decodes both type 19 and type 27
 * (ais-stream-decoder has neither; ggencoder reads type 27 longitude and latitude as unsigned, so
 * the western and southern hemispheres come out wrong). Both also allocate objects per sentence,
 * which a year of AIS cannot afford. ggencoder stays as the oracle the tests compare against.
 *
 * Time of a position, first found wins:
 *   1. the tag block's `c:` on the message (or on a tag block line just before it);
 *   2. the Gatehouse `$PGHP` line just before the message: DMA logs write one per message, and its
 *      last field repeats the message's checksum (XOR of its sentences' checksums), so it belongs to
 *      the next message, not to everything after it;
 *   3. a UNIX time after the checksum (`...*hh,1411920501`);
 *   4. the latest `$PGHP` line earlier in the stream, for messages a log wrote without their own
 *      (the DMA drift log has such lines from a second receiver, `\si:IALA`);
 *   5. the `assumeTimeMs` option.
 * With none of these the message is quarantined as `no-time`. `summary.timeSources` says how many
 * positions took each route.
 */

import { basename } from 'node:path';
import { feedLines } from '../input/lines.js';
import { openInput } from '../input/open.js';
import type { Asset, ObservationSet, ReadSummary } from '../model.js';
import { flagFromMmsi } from '../mid.js';
import { SixBitBuffer } from './armour.js';
import { type AisMessage, decodeMessage, emptyMessage, POS_NOT_AVAILABLE, POS_OK, POS_OUT_OF_RANGE } from './messages.js';
import { type PartialMessage, Reassembler } from './reassembly.js';
import { LineInfo, lineEnd, parseLine } from './sentence.js';

export interface NmeaReaderOptions {
  /** A multi-part message whose next fragment has not come within this long is stale. Default 10 s. */
  fragmentTimeoutMs?: number;
  /** Without any time in the stream, a partial message is stale after this many more AIS sentences. Default 1000. */
  fragmentMaxGapSentences?: number;
  /** Time (ms since the epoch) for positions with no time of their own, e.g. a file known to be a snapshot. */
  assumeTimeMs?: number;
  /**
   * Called after each accepted message with the decoded message (reused: copy what you keep), its
   * raw lines and the time its position was given (NaN without a position). For tests and tools;
   * the hot path costs nothing when it is absent.
   */
  onMessage?: (msg: Readonly<AisMessage>, raws: readonly string[], lines: readonly number[], timeMs: number) => void;
}

export interface NmeaReadSummary extends ReadSummary {
  /** Accepted messages by AIS message type (decoded or not). */
  byMessageType: Record<string, number>;
  /** Accepted messages (a two-sentence type 5 is one message and two accepted records). */
  messages: number;
  /** Accepted messages of a position type whose position was "not available" (lon 181 / lat 91). */
  noPosition: number;
  /** How the time of each position was found (see the module comment). */
  timeSources: { tagBlock: number; pghp: number; trailing: number; pghpInherited: number; assumed: number };
  /** Ignored lines by kind: blank, comment, tag-only, pghp, other (non-AIS sentences such as `$PSTT`). */
  ignoredByKind: Record<string, number>;
}

const ASSET_FIELDS = ['name', 'callsign', 'aisShipType'] as const;

/** Kinds of ignored line, as indices into the reader's counters. */
const IGNORED_KINDS = ['blank', 'comment', 'tag-only', 'pghp', 'other'] as const;
const BLANK = 0;
const COMMENT = 1;
const TAG_ONLY = 2;
const PGHP = 3;
const OTHER = 4;

export class NmeaReader {
  private readonly info = new LineInfo();
  private readonly buf = new SixBitBuffer();
  private readonly msg = emptyMessage();
  private readonly reassembler: Reassembler;
  private readonly sourceIdx: number;
  private readonly assetByMmsi = new Map<number, number>();
  private readonly assumeTimeMs: number;

  /** `$PGHP` time waiting for the message it precedes. */
  private pendingPghpMs = NaN;
  /** `c:` of a tag block line waiting for the sentence it precedes. */
  private pendingTagMs = NaN;
  private lastPghpMs = NaN;
  /**
   * The time candidates of the message being completed. Fields rather than arguments of `complete`:
   * a double passed to a call that is not inlined is boxed, and that was most of what a sentence
   * allocated.
   */
  private tagMs = NaN;
  private pghpMs = NaN;
  private trailingMs = NaN;
  /** Latest time seen anywhere in the stream; drives fragment timeouts. */
  private clockMs = NaN;
  private sentenceNo = 0;
  private finished: NmeaReadSummary | undefined;

  private read = 0;
  private accepted = 0;
  private quarantined = 0;
  private ignored = 0;
  private positions = 0;
  private messages = 0;
  private noPosition = 0;
  private readonly byReason: Record<string, number> = {};
  // Counted in arrays and turned into records at the end: a string-keyed update per line cost more
  // than the rest of a $PGHP line. The `Seen` lists keep the records' keys in first-seen order.
  private readonly byType = new Float64Array(64);
  private readonly typesSeen: number[] = [];
  private readonly byKind = new Float64Array(IGNORED_KINDS.length);
  private readonly kindsSeen: number[] = [];
  private readonly timeSources = { tagBlock: 0, pghp: 0, trailing: 0, pghpInherited: 0, assumed: 0 };

  constructor(
    private readonly set: ObservationSet,
    private readonly source: string,
    private readonly options: NmeaReaderOptions = {},
  ) {
    this.sourceIdx = set.positions.sourceId(source);
    this.assumeTimeMs = options.assumeTimeMs ?? NaN;
    this.reassembler = new Reassembler(
      { timeoutMs: options.fragmentTimeoutMs ?? 10_000, maxGapSentences: options.fragmentMaxGapSentences ?? 1000 },
      (lines, raws, code, reason) => {
        for (let k = 0; k < lines.length; k++) this.quarantine(lines[k]!, raws[k]!, code, reason);
      },
    );
  }

  /** Feeds one line; `lineNo` is 1-based and becomes the observation id of what the line yields. */
  line(text: string, lineNo: number): void {
    const info = this.info;
    parseLine(text, info, lineEnd(text));
    // AIS first, then the kinds in the order DMA logs have most of: a switch tests its cases in order.
    if (info.kind !== 'ais') this.notAis(info, text, lineNo);
    else this.sentence(info, text, lineNo);
  }

  private notAis(info: LineInfo, text: string, lineNo: number): void {
    switch (info.kind) {
      case 'tag-only':
        this.ignore(TAG_ONLY);
        if (!Number.isNaN(info.tagTimeMs)) {
          this.pendingTagMs = info.tagTimeMs;
          this.tick(info.tagTimeMs);
        }
        return;
      case 'pghp':
        this.ignore(PGHP);
        this.pendingPghpMs = info.pghpTimeMs;
        this.lastPghpMs = info.pghpTimeMs;
        this.tick(info.pghpTimeMs);
        return;
      case 'blank':
        this.ignore(BLANK);
        return;
      case 'comment':
        this.ignore(COMMENT);
        return;
      case 'other':
        // A `$PGHP` before a `$PSTT` (status) line belongs to that line, not to the next message.
        this.ignore(OTHER);
        this.pendingPghpMs = NaN;
        this.pendingTagMs = NaN;
        return;
      case 'bad':
        this.read++;
        this.quarantine(lineNo, text, info.code, info.reason);
        this.pendingPghpMs = NaN;
        this.pendingTagMs = NaN;
        return;
    }
  }

  private sentence(info: LineInfo, text: string, lineNo: number): void {
    this.read++;
    this.sentenceNo++;
    if (Number.isNaN(info.tagTimeMs)) info.tagTimeMs = this.pendingTagMs;
    this.tick(info.tagTimeMs);
    this.tick(info.trailingTimeMs);
    if (this.reassembler.size > 0) this.reassembler.expire(this.clockMs, this.sentenceNo);

    if (info.fragCount === 1) {
      const pghp = this.pendingPghpMs;
      this.pendingPghpMs = NaN;
      this.pendingTagMs = NaN;
      // The parser has already de-armoured the payload.
      info.payload.finish(info.fill);
      this.tagMs = info.tagTimeMs;
      this.pghpMs = pghp;
      this.trailingMs = info.trailingTimeMs;
      this.complete(info.payload, lineNo, text, undefined);
      return;
    }

    let pghp = NaN;
    if (info.fragNum === 1) {
      pghp = this.pendingPghpMs;
      this.pendingPghpMs = NaN;
      this.pendingTagMs = NaN;
    }
    const p = this.reassembler.add(info, text, lineNo, this.clockMs, this.sentenceNo, pghp);
    if (!p) return;
    const buf = this.buf;
    buf.reset();
    for (let k = 0; k < p.raws.length; k++) buf.append(p.raws[k]!, p.payloadStart[k]!, p.payloadEnd[k]!);
    buf.finish(p.fill);
    this.tagMs = p.tagTimeMs;
    this.pghpMs = p.pghpTimeMs;
    this.trailingMs = p.trailingTimeMs;
    this.complete(buf, p.lines[p.lines.length - 1]!, '', p);
  }

  /** Ends the input: incomplete messages are quarantined, the summary is added to the set and returned. */
  finish(): NmeaReadSummary {
    if (this.finished) return this.finished;
    this.reassembler.flush();
    const summary: NmeaReadSummary = {
      source: this.source,
      read: this.read,
      accepted: this.accepted,
      quarantined: this.quarantined,
      byReason: { ...this.byReason },
      ignored: this.ignored,
      positions: this.positions,
      byMessageType: Object.fromEntries(this.typesSeen.map((t) => [String(t), this.byType[t]!])),
      messages: this.messages,
      noPosition: this.noPosition,
      timeSources: { ...this.timeSources },
      ignoredByKind: Object.fromEntries(this.kindsSeen.map((k) => [IGNORED_KINDS[k]!, this.byKind[k]!])),
    };
    this.set.summaries.push(summary);
    this.finished = summary;
    return summary;
  }

  /**
   * Decodes the message in `buf` and accepts or quarantines its lines. A single-sentence message
   * passes its line as (`lineNo`, `raw`); a multi-part one passes `p`, and `lineNo` is its last line.
   */
  private complete(buf: SixBitBuffer, lineNo: number, raw: string, p: PartialMessage | undefined): void {
    const tagMs = this.tagMs;
    const pghpMs = this.pghpMs;
    const trailingMs = this.trailingMs;
    const msg = this.msg;
    if (!decodeMessage(buf, msg)) {
      this.rejectMessage(lineNo, raw, p, msg.code, msg.reason);
      return;
    }
    if (msg.position === POS_OUT_OF_RANGE) {
      this.rejectMessage(lineNo, raw, p, 'bad-position', `type ${msg.type} position lon ${msg.lon}, lat ${msg.lat} is outside ±180°/±90° and is not the "not available" value (181°/91°)`);
      return;
    }

    let timeMs = NaN;
    if (msg.position === POS_OK) {
      const ts = this.timeSources;
      if (!Number.isNaN(tagMs)) {
        timeMs = tagMs;
        ts.tagBlock++;
      } else if (!Number.isNaN(pghpMs)) {
        timeMs = pghpMs;
        ts.pghp++;
      } else if (!Number.isNaN(trailingMs)) {
        timeMs = trailingMs;
        ts.trailing++;
      } else if (!Number.isNaN(this.lastPghpMs)) {
        timeMs = this.lastPghpMs;
        ts.pghpInherited++;
      } else if (!Number.isNaN(this.assumeTimeMs)) {
        timeMs = this.assumeTimeMs;
        ts.assumed++;
      } else {
        this.rejectMessage(lineNo, raw, p, 'no-time', `type ${msg.type} position of MMSI ${msg.mmsi} has no time: no tag block c:, no $PGHP line before it, no UNIX time after the checksum, and no assumeTimeMs option`);
        return;
      }
    }

    const assetIdx = this.assetFor(msg.mmsi);
    if (msg.position === POS_OK) {
      this.set.positions.push(assetIdx, timeMs, msg.lon, msg.lat, msg.speed, msg.course, this.sourceIdx, lineNo);
      this.positions++;
    } else if (msg.position === POS_NOT_AVAILABLE) {
      this.noPosition++;
    }
    if (msg.name !== undefined || msg.callsign !== undefined || msg.shipType !== undefined) this.updateIdentity(assetIdx, msg);

    this.messages++;
    const seen = this.byType[msg.type]!;
    this.byType[msg.type] = seen + 1;
    if (seen === 0) this.typesSeen.push(msg.type);
    this.accepted += p ? p.lines.length : 1;
    if (this.options.onMessage) this.options.onMessage(msg, p ? p.raws : [raw], p ? p.lines : [lineNo], timeMs);
  }

  private rejectMessage(lineNo: number, raw: string, p: PartialMessage | undefined, code: string, reason: string): void {
    if (!p) {
      this.quarantine(lineNo, raw, code, reason);
      return;
    }
    for (let k = 0; k < p.lines.length; k++) this.quarantine(p.lines[k]!, p.raws[k]!, code, reason);
  }

  private assetFor(mmsi: number): number {
    let idx = this.assetByMmsi.get(mmsi);
    if (idx !== undefined) return idx;
    const id = `mmsi:${String(mmsi).padStart(9, '0')}`;
    const assets = this.set.assets;
    idx = assets.intern(id);
    const a = assets.at(idx);
    const attrs: Partial<Asset> = {};
    if (a.mmsi === undefined) attrs.mmsi = mmsi;
    if (a.flag === undefined) attrs.flag = flagFromMmsi(mmsi);
    if (a.attributedBy === undefined) attrs.attributedBy = 'ais';
    assets.update(id, attrs);
    this.assetByMmsi.set(mmsi, idx);
    return idx;
  }

  /**
   * Identity from static messages. Only an asset whose attributes came from AIS (or from nowhere) is
   * updated: a registry file loaded earlier is more authoritative than what a ship says about itself.
   */
  private updateIdentity(assetIdx: number, msg: AisMessage): void {
    const a = this.set.assets.at(assetIdx);
    if (a.attributedBy !== undefined && a.attributedBy !== 'ais') return;
    const next = { name: msg.name, callsign: msg.callsign, aisShipType: msg.shipType };
    let changed = false;
    for (const k of ASSET_FIELDS) if (next[k] !== undefined && next[k] !== a[k]) changed = true;
    if (changed) this.set.assets.update(a.id, next);
  }

  private quarantine(line: number, raw: string, code: string, reason: string): void {
    this.quarantined++;
    this.byReason[code] = (this.byReason[code] ?? 0) + 1;
    this.set.quarantine.push({ source: this.source, line, code, reason, raw });
  }

  private ignore(kind: number): void {
    this.ignored++;
    const seen = this.byKind[kind]!;
    this.byKind[kind] = seen + 1;
    if (seen === 0) this.kindsSeen.push(kind);
  }

  private tick(ms: number): void {
    if (ms > this.clockMs || Number.isNaN(this.clockMs)) {
      if (!Number.isNaN(ms)) this.clockMs = ms;
    }
  }
}

/**
 * Reads an NMEA file (plain, gzip by its magic bytes, or each file of a zip; `-` for stdin) in
 * constant memory, adds what it holds to `set` and returns the summary. The source name is the
 * file's base name (`archive.zip/entry` for a zip entry); a zip's entries are read as sources of
 * their own, each summary added to the set, and the last one returned.
 */
export async function readNmeaFile(path: string, set: ObservationSet, options?: NmeaReaderOptions): Promise<NmeaReadSummary> {
  const input = await openInput(path);
  let summary: NmeaReadSummary | undefined;
  try {
    for await (const entry of input.entries()) summary = await feedLines(entry.chunks, new NmeaReader(set, entry.name, options));
  } finally {
    await input.close();
  }
  return summary ?? new NmeaReader(set, basename(path), options).finish();
}
