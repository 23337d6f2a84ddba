/**
 * NMEA AIS to Danish Maritime Authority CSV: how Redline gets DMA CSV to test and benchmark on, since
 * no real extract of the archive is at hand (../shared/data/README.md). The real NMEA logs go through
 * the NMEA reader; each accepted position message becomes one row written the way the archive writes
 * it: the header with `# `, `dd/mm/yyyy HH:MM:SS` UTC truncated to the second, six decimals of
 * degrees, one of knots and course, `Unknown` for unknown strings, latitude 91 / longitude 181 for a
 * position that is not available, and the static data of types 5, 19, 21 and 24 (name, callsign,
 * ship type, IMO) carried onto the later rows of the same MMSI, as the archive's rows carry them.
 *
 * Static messages make no row of their own. A "not available" position has no time of its own in
 * the NMEA reader; its row takes the latest position time before it, and is skipped (counted) when
 * there is none yet.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { feedLines } from '../input/lines.js';
import { emptyObservationSet } from '../model.js';
import type { AisMessage } from '../nmea/messages.js';
import { POS_NOT_AVAILABLE, POS_OK } from '../nmea/messages.js';
import { NmeaReader, type NmeaReadSummary } from '../nmea/reader.js';
import { DMA_COLUMNS, type DmaColumn, mobileTypeOf, shipTypeWord } from './columns.js';
import { csvField } from './split.js';

export interface NmeaToDmaOptions {
  /** Column order of the output (a permutation or a subset of DMA_COLUMNS); the archive's order by default. */
  columns?: readonly DmaColumn[];
  /** Line ending; `\n` by default. */
  newline?: '\n' | '\r\n';
  /** Start with a UTF-8 byte-order mark, as some Windows tools write CSV. */
  bom?: boolean;
}

export interface NmeaToDmaSummary {
  /** Data rows written (not counting the header). */
  rows: number;
  /** Rows with a position. */
  positions: number;
  /** Rows with latitude 91 / longitude 181. */
  noPosition: number;
  /** "Not available" positions with no earlier time to give them. */
  skippedNoTime: number;
  /** The NMEA reader's summary of the input. */
  nmea: NmeaReadSummary;
}

interface Static {
  name?: string;
  callsign?: string;
  shipType?: number;
  imo?: number;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `dd/mm/yyyy HH:MM:SS` of a time (ms), truncated to the second. */
export function formatDmaTime(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

const fixed = (v: number, digits: number): string => (Number.isNaN(v) ? '' : v.toFixed(digits));

/**
 * Converts NMEA (byte chunks) to DMA CSV text, handed to `write` a batch of rows at a time (awaited,
 * so a file stream's back-pressure holds). Returns what was written and the NMEA reader's summary.
 */
export async function nmeaToDmaCsv(chunks: AsyncIterable<Buffer | Uint8Array | string>, write: (text: string) => void | Promise<void>, options: NmeaToDmaOptions = {}): Promise<NmeaToDmaSummary> {
  const columns = options.columns ?? DMA_COLUMNS;
  const nl = options.newline ?? '\n';
  const statics = new Map<number, Static>();
  const out: string[] = [];
  const values = new Map<DmaColumn, string>();
  let lastTime = NaN;
  const summary = { rows: 0, positions: 0, noPosition: 0, skippedNoTime: 0 };

  const remember = (msg: Readonly<AisMessage>): Static => {
    let s = statics.get(msg.mmsi);
    if (!s) {
      s = {};
      statics.set(msg.mmsi, s);
    }
    if (msg.name !== undefined) s.name = msg.name;
    if (msg.callsign !== undefined) s.callsign = msg.callsign;
    if (msg.shipType !== undefined) s.shipType = msg.shipType;
    if (msg.imo !== undefined) s.imo = msg.imo;
    return s;
  };

  const onMessage = (msg: Readonly<AisMessage>, _raws: readonly string[], _lines: readonly number[], timeMs: number) => {
    const s = remember(msg);
    if (msg.position !== POS_OK && msg.position !== POS_NOT_AVAILABLE) return;
    let t = timeMs;
    if (msg.position === POS_OK) lastTime = timeMs;
    else t = lastTime;
    if (Number.isNaN(t)) {
      summary.skippedNoTime++;
      return;
    }
    values.clear();
    values.set('Timestamp', formatDmaTime(t));
    values.set('Type of mobile', mobileTypeOf(msg.type));
    values.set('MMSI', String(msg.mmsi));
    values.set('Latitude', msg.position === POS_OK ? msg.lat.toFixed(6) : '91.000000');
    values.set('Longitude', msg.position === POS_OK ? msg.lon.toFixed(6) : '181.000000');
    values.set('Navigational status', 'Unknown value');
    values.set('SOG', fixed(msg.speed, 1));
    values.set('COG', fixed(msg.course, 1));
    values.set('Heading', fixed(msg.heading, 0));
    values.set('IMO', s.imo === undefined ? 'Unknown' : String(s.imo));
    values.set('Callsign', s.callsign ?? 'Unknown');
    values.set('Name', s.name ?? '');
    values.set('Ship type', shipTypeWord(s.shipType));
    values.set('Type of position fixing device', 'Undefined');
    values.set('Destination', 'Unknown');
    values.set('Data source type', 'AIS');
    out.push(columns.map((c) => csvField(values.get(c) ?? '')).join(','));
    summary.rows++;
    if (msg.position === POS_OK) summary.positions++;
    else summary.noPosition++;
  };

  await write(`${options.bom ? '\ufeff' : ''}# ${columns.join(',')}${nl}`);
  const flush = async () => {
    if (out.length === 0) return;
    const text = out.join(nl) + nl;
    out.length = 0;
    await write(text);
  };
  const reader = new NmeaReader(emptyObservationSet(), 'nmea-to-dma', { onMessage });
  const nmea = await feedLines(chunks, reader, { encoding: 'latin1', afterBatch: flush });
  await flush();
  return { ...summary, nmea };
}

/** Converts an NMEA file (gzip when the name ends in `.gz`) to a DMA CSV file. */
export async function convertNmeaFileToDmaCsv(nmeaPath: string, csvPath: string, options: NmeaToDmaOptions = {}): Promise<NmeaToDmaSummary> {
  const file = createReadStream(nmeaPath);
  const input = nmeaPath.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  file.on('error', (e) => input.destroy(e));
  const sink = createWriteStream(csvPath);
  const write = async (text: string) => {
    if (!sink.write(text, 'utf8')) await once(sink, 'drain');
  };
  try {
    return await nmeaToDmaCsv(input as AsyncIterable<Buffer>, write, options);
  } finally {
    sink.end();
    await once(sink, 'close');
  }
}
