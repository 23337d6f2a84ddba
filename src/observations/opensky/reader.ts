/**
 * Aircraft tracks in the OpenSky Network / `traffic` JSON form: a JSON array of state records
 * `{timestamp, icao24, latitude, longitude, groundspeed, track, callsign, altitude, ...}` (what
 * `traffic`'s `to_json` writes, and its sample files), or JSON Lines with one such object a line.
 *
 * Read streaming in constant memory with stream-json's tokenizer and `streamArray` assembler, so a
 * multi-GB export is never held whole: one record is assembled at a time. JSON Lines go through the
 * shared line splitter and `JSON.parse`, a line at a time.
 *
 * Fields, and the OpenSky database names accepted for them (its `state_vectors_data4` table):
 *   time       `timestamp`: epoch ms (traffic), epoch seconds (below 1e11, OpenSky's own unit), or an
 *              ISO 8601 string (UTC when it has no offset: OpenSky and traffic times are UTC); or `time`
 *   position   `latitude`/`longitude` (or `lat`/`lon`), degrees. `null` is OpenSky's "no position
 *              received": the record is accepted without a position (`noPosition`), as AIS 91/181 is
 *   speed      `groundspeed` in knots (traffic), or `velocity` in m/s (OpenSky), into knots
 *   course     `track` (or `heading`) in degrees true; traffic writes -180..180, normalised to 0..360
 *   identity   `callsign` into the registry's callsign (and name, unless a registry named the asset)
 * The asset is `icao24:<6 hex digits, lower case>`, flagged with the State whose ICAO block holds the
 * address (icao-blocks.ts).
 *
 * One record is one input record: `read === accepted + quarantined`. A record that is not an object,
 * or has no valid icao24, time, latitude or longitude, is quarantined with the field at fault.
 * Positions cite `<source>:<n>` where n is the line for JSON Lines and, for a JSON array, the
 * record's ordinal in the array (1-based): exports are minified onto one line, where a line number
 * would be the same for every record. A quarantined array record's reason also gives its line.
 * Broken JSON inside an array ends the read of that input: the record where the syntax breaks is
 * quarantined as `bad-json` with what the tokenizer said, and what came before it stays accepted.
 */
import { StringDecoder } from 'node:string_decoder';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import streamArray from 'stream-json/core/streamers/stream-array.js';
import { getManyValues, isMany, none } from 'stream-chain/core';
import { lineBatches } from '../input/lines.js';
import type { Asset, ObservationSet, ReadSummary } from '../model.js';
import { parseTimeValue } from '../geojson/time.js';
import { firstContentByte, peekHead } from '../peek.js';
import { stateOfIcao24 } from './icao-blocks.js';

export interface OpenSkyReadOptions {
  /** Called every `batchRecords` records (and at the end), awaited: where an ingest drains the set into a store. */
  afterBatch?: () => void | Promise<void>;
  /** Stops at the next batch boundary; what was read so far is summarised normally. */
  signal?: AbortSignal;
  /** Records between `afterBatch` calls. Default 4096. */
  batchRecords?: number;
}

export interface OpenSkyReadSummary extends ReadSummary {
  /** Accepted records whose latitude or longitude was null ("no position received"). */
  noPosition: number;
  /** How the input was laid out. */
  layout: 'json-array' | 'json-lines' | 'empty';
}

const KNOTS_PER_MS = 3600 / 1852;
const MAX_RAW = 500;
const ICAO24 = /^[0-9a-fA-F]{6}$/;
const BRACE = 0x7d;
const NL = 0x0a;

/** Turns record values into positions and registry entries; counts and quarantines. */
class RecordSink {
  readonly summary: OpenSkyReadSummary;
  private readonly sourceIdx: number;
  private readonly assetByIcao = new Map<string, number>();
  private readonly lastCallsign = new Map<number, string>();

  constructor(
    private readonly set: ObservationSet,
    private readonly source: string,
  ) {
    this.sourceIdx = set.positions.sourceId(source);
    this.summary = { source, read: 0, accepted: 0, quarantined: 0, byReason: {}, ignored: 0, positions: 0, noPosition: 0, layout: 'empty' };
  }

  /** One record; `id` is the number its observation id cites, `where` says where it is for a person. */
  record(value: unknown, id: number, where: string): void {
    this.summary.read++;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.quarantine(id, value, 'not-a-record', `${where} is ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not an object with icao24, timestamp, latitude and longitude`);
      return;
    }
    const r = value as Record<string, unknown>;
    const icao = r.icao24;
    let asset = typeof icao === 'string' ? this.assetByIcao.get(icao) : undefined;
    if (asset === undefined) {
      if (typeof icao !== 'string' || !ICAO24.test(icao)) {
        this.quarantine(id, value, 'bad-icao24', `${where}: icao24 ${show(icao)} is not an ICAO 24-bit address of six hex digits`);
        return;
      }
    }

    const t = r.timestamp !== undefined ? r.timestamp : r.time;
    const time = parseTime(t);
    if (Number.isNaN(time)) {
      this.quarantine(id, value, 'bad-timestamp', `${where}: timestamp ${show(t)} is not epoch milliseconds, epoch seconds or an ISO 8601 time`);
      return;
    }

    const latV = r.latitude !== undefined ? r.latitude : r.lat;
    const lonV = r.longitude !== undefined ? r.longitude : r.lon;
    if (latV !== null && !(typeof latV === 'number' && latV >= -90 && latV <= 90)) {
      this.quarantine(id, value, 'bad-latitude', `${where}: latitude ${show(latV)} is not a number of degrees in [-90, 90] (null means no position)`);
      return;
    }
    if (lonV !== null && !(typeof lonV === 'number' && lonV >= -180 && lonV <= 180)) {
      this.quarantine(id, value, 'bad-longitude', `${where}: longitude ${show(lonV)} is not a number of degrees in [-180, 180] (null means no position)`);
      return;
    }

    let speed = NaN;
    const gs = r.groundspeed;
    const vel = gs === undefined ? r.velocity : undefined;
    if (gs !== undefined && gs !== null) {
      if (!(typeof gs === 'number' && gs >= 0 && Number.isFinite(gs))) {
        this.quarantine(id, value, 'bad-groundspeed', `${where}: groundspeed ${show(gs)} is not a speed in knots (a number, 0 or more)`);
        return;
      }
      speed = gs;
    } else if (vel !== undefined && vel !== null) {
      if (!(typeof vel === 'number' && vel >= 0 && Number.isFinite(vel))) {
        this.quarantine(id, value, 'bad-groundspeed', `${where}: velocity ${show(vel)} is not a speed in m/s (a number, 0 or more)`);
        return;
      }
      speed = vel * KNOTS_PER_MS;
    }
    let course = NaN;
    const tr = r.track !== undefined ? r.track : r.heading;
    if (tr !== undefined && tr !== null) {
      if (!(typeof tr === 'number' && Number.isFinite(tr))) {
        this.quarantine(id, value, 'bad-track', `${where}: track ${show(tr)} is not a number of degrees`);
        return;
      }
      course = ((tr % 360) + 360) % 360;
    }

    if (asset === undefined) asset = this.assetFor(icao as string);
    const cs = r.callsign;
    if (typeof cs === 'string' && cs !== this.lastCallsign.get(asset)) this.updateCallsign(asset, cs);

    if (latV === null || lonV === null) this.summary.noPosition++;
    else {
      this.set.positions.push(asset, time, lonV as number, latV as number, speed, course, this.sourceIdx, id);
      this.summary.positions++;
    }
    this.summary.accepted++;
  }

  /** A stretch of input that is not JSON: one record quarantined, the read of the input ends. */
  syntax(id: number, where: string, message: string, raw: string): void {
    this.summary.read++;
    this.quarantineRaw(id, 'bad-json', `${where}: not valid JSON (${message})`, raw);
  }

  ignore(): void {
    this.summary.ignored++;
  }

  private assetFor(icao: string): number {
    const lower = icao.toLowerCase();
    const id = `icao24:${lower}`;
    const assets = this.set.assets;
    const idx = assets.intern(id);
    const a = assets.at(idx);
    const attrs: Partial<Asset> = {};
    if (a.flag === undefined) attrs.flag = stateOfIcao24(parseInt(lower, 16));
    if (a.attributedBy === undefined) attrs.attributedBy = 'adsb';
    assets.update(id, attrs);
    this.assetByIcao.set(icao, idx);
    return idx;
  }

  /** The latest callsign, as callsign and as name, unless a registry attributed the asset. */
  private updateCallsign(asset: number, raw: string): void {
    this.lastCallsign.set(asset, raw);
    const a = this.set.assets.at(asset);
    if (a.attributedBy !== undefined && a.attributedBy !== 'adsb') return;
    const cs = raw.trim();
    if (cs.length === 0) return;
    this.set.assets.update(a.id, { callsign: cs, name: cs });
  }

  private quarantine(id: number, value: unknown, code: string, reason: string): void {
    let raw: string;
    try {
      raw = JSON.stringify(value) ?? String(value);
    } catch {
      raw = String(value);
    }
    this.quarantineRaw(id, code, reason, raw);
  }

  private quarantineRaw(id: number, code: string, reason: string, raw: string): void {
    const s = this.summary;
    s.quarantined++;
    s.byReason[code] = (s.byReason[code] ?? 0) + 1;
    this.set.quarantine.push({ source: this.source, line: id, code, reason, raw: raw.length > MAX_RAW ? `${raw.slice(0, MAX_RAW)}...` : raw });
  }
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** Below this an epoch number is seconds (1e11 ms is March 1973, before any ADS-B; 1e11 s is the year 5138). */
const MIN_EPOCH_MS = 1e11;
const MIN_EPOCH_S = 1e8;

function parseTime(v: unknown): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return NaN;
    if (v >= MIN_EPOCH_MS) return v <= 8.64e15 ? Math.floor(v) : NaN;
    return v >= MIN_EPOCH_S ? Math.floor(v * 1000) : NaN;
  }
  if (typeof v !== 'string') return NaN;
  let r = parseTimeValue(v);
  // OpenSky and traffic times are UTC; an export without the offset means UTC.
  if (!r.ok && /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) r = parseTimeValue(`${v.replace(' ', 'T')}Z`);
  return r.ok ? r.ms : NaN;
}

/**
 * Reads an OpenSky / traffic JSON array or JSON Lines stream into `set` and returns the summary
 * (also added to `set.summaries`).
 */
export async function readOpenSkyStream(chunks: AsyncIterable<Buffer | Uint8Array | string>, set: ObservationSet, source: string, options: OpenSkyReadOptions = {}): Promise<OpenSkyReadSummary> {
  const sink = new RecordSink(set, source);
  const { head, chunks: all } = await peekHead(chunks, 1024);
  const first = firstContentByte(head);
  if (first < 0 && head.length < 1024) {
    // Nothing but whitespace: drain what is left (nothing) and say so.
    for await (const c of all) void c;
  } else if (head[first] === 0x5b /* [ */) {
    sink.summary.layout = 'json-array';
    await readArray(all, sink, options);
  } else {
    sink.summary.layout = 'json-lines';
    await readLines(all, sink, options);
  }
  set.summaries.push(sink.summary);
  return sink.summary;
}

async function readArray(chunks: AsyncIterable<Buffer>, sink: RecordSink, options: OpenSkyReadOptions): Promise<void> {
  const batch = options.batchRecords ?? 4096;
  // The tokenizer without stream-json's Node stream front (`parser()` is an async generator per
  // call): it takes text, so the bytes are decoded here, a character split across chunks kept whole.
  const parse = jsonParser({ streamValues: false });
  const decoder = new StringDecoder('utf8');
  const records = streamArray();
  let atStart = true;
  let line = 1;
  let ordinal = 0;
  let sinceBatch = 0;
  let broken = false;

  const take = (out: ReturnType<typeof parse>): void => {
    // The tokenizer answers a piece with `none` or a `Many` of tokens (stream-chain's protocol).
    if (out === none || !isMany(out)) return;
    const tokens: Token[] = getManyValues(out);
    for (let k = 0; k < tokens.length; k++) {
      const item = records(tokens[k]!);
      if (item === none || typeof item !== 'object' || item === null) continue;
      const { key, value } = item as { key: number; value: unknown };
      ordinal = key + 1;
      sink.record(value, ordinal, `record ${ordinal} (line ${line})`);
      sinceBatch++;
    }
  };
  const fail = (e: unknown, piece: Buffer): void => {
    broken = true;
    const message = e instanceof Error ? e.message : String(e);
    sink.syntax(ordinal + 1, `record ${ordinal + 1} (line ${line})`, `${message}; the rest of the input is not read`, piece.toString('utf8', 0, Math.min(piece.length, MAX_RAW)));
  };

  outer: for await (const chunk of chunks) {
    // The tokenizer is fed up to each `}` and each newline, so a record completes in the piece that
    // closes it (a syntax error then loses nothing read before it) and lines can be counted.
    let pos = 0;
    while (pos < chunk.length) {
      let end = pos;
      while (end < chunk.length) {
        const c = chunk[end]!;
        end++;
        if (c === BRACE || c === NL) break;
      }
      const piece = chunk.subarray(pos, end);
      try {
        let text = decoder.write(piece);
        if (atStart && text.length > 0) {
          atStart = false;
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        }
        take(parse(text));
      } catch (e) {
        fail(e, piece);
        break outer;
      }
      if (chunk[end - 1] === NL) line++;
      pos = end;
    }
    if (sinceBatch >= batch) {
      sinceBatch = 0;
      if (options.afterBatch) await options.afterBatch();
    }
    if (options.signal?.aborted) break;
  }
  if (!broken && !options.signal?.aborted) {
    try {
      const rest = decoder.end();
      if (rest.length > 0) take(parse(rest));
      take(parse(none as never));
    } catch (e) {
      fail(e, Buffer.alloc(0));
    }
  }
  if (sinceBatch > 0 && options.afterBatch) await options.afterBatch();
}

async function readLines(chunks: AsyncIterable<Buffer>, sink: RecordSink, options: OpenSkyReadOptions): Promise<void> {
  let n = 0;
  for await (const lines of lineBatches(chunks, 'utf8')) {
    for (let i = 0; i < lines.length; i++) {
      const lineNo = ++n;
      let text = lines[i]!;
      if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.trim().length === 0) {
        sink.ignore();
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        sink.syntax(lineNo, `line ${lineNo}`, (e as Error).message, text.slice(0, MAX_RAW));
        continue;
      }
      sink.record(value, lineNo, `line ${lineNo}`);
    }
    if (options.afterBatch) await options.afterBatch();
    if (options.signal?.aborted) break;
  }
}
