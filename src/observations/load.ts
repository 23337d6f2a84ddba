/**
 * Reading observation inputs of any supported format into one observation set, and giving assets
 * the attributes commitments are judged on (class, lineage, weapon range) from registries and the
 * asset catalogue.
 *
 * Formats: NMEA 0183 AIS (`nmea`), Danish Maritime Authority CSV (`dma-csv`), OpenSky / traffic
 * aircraft tracks as a JSON array or JSON Lines (`opensky`), GeoJSON tracks (`geojson`), and dated
 * facts such as alliance accessions in YAML or JSON (`events`: `.events.yaml`, `.events.json`, or
 * any YAML/JSON whose top level has `redline-events: 1`). The name decides where it can (`.nmea`,
 * `.csv`, `.geojson`, ...; `.gz` is looked through, and a zip entry is named by its own file name);
 * `.json`, `.yaml` and names that say nothing (`stdin`) are told apart by their first bytes.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { constants as zlib, gunzipSync } from 'node:zlib';
import { DmaCsvReader } from './dma-csv/reader.js';
import { readEvents } from './events/reader.js';
import { readGeoJsonTracks } from './geojson/reader.js';
import { feedLines } from './input/lines.js';
import { openInput } from './input/open.js';
import type { ObservationSet, ReadSummary } from './model.js';
import { NmeaReader } from './nmea/reader.js';
import { readOpenSkyStream } from './opensky/reader.js';
import { firstContentByte, peekHead } from './peek.js';
import { classOf, weaponRangeOf, type Catalogue } from './registry/catalogue.js';
import { readRegistryFile } from './registry/registry-file.js';

import { InputError } from './errors.js';

export { InputError };

export type ObservationFormat = 'nmea' | 'geojson' | 'dma-csv' | 'opensky' | 'events';

export const OBSERVATION_FORMATS: readonly ObservationFormat[] = ['nmea', 'dma-csv', 'opensky', 'geojson', 'events'];

/** How many first bytes `sniffFormat` wants to see (it decides on fewer when the input is shorter). */
export const SNIFF_BYTES = 4096;

const NMEA_EXT = ['.nmea', '.ais', '.txt', '.log'];
const JSON_EXT = ['.json'];
const JSON_LINES_EXT = ['.jsonl', '.ndjson'];
const EXPECTED = 'expected .nmea, .ais, .txt, .log (NMEA AIS), .csv (DMA CSV), .json/.jsonl (OpenSky), .geojson/.json (GeoJSON) or .events.yaml/.events.json (dated facts), each optionally .gz, or a .zip of them';
const EVENTS_NAME = /\.events\.(ya?ml|json)$/;

/** What the name alone says: a format, `json` (GeoJSON, OpenSky or events: look inside), `zip`, or nothing. */
function formatFromName(name: string): ObservationFormat | 'json' | 'zip' | undefined {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  if (EVENTS_NAME.test(base)) return 'events';
  const ext = extname(base);
  if (NMEA_EXT.includes(ext)) return 'nmea';
  if (ext === '.csv') return 'dma-csv';
  if (ext === '.geojson') return 'geojson';
  if (JSON_LINES_EXT.includes(ext)) return 'opensky';
  if (JSON_EXT.includes(ext)) return 'json';
  if (ext === '.zip') return 'zip';
  return undefined;
}

const GEOJSON_TYPE = /"type"\s*:\s*"(FeatureCollection|Feature)"/;
const ICAO24_KEY = /"icao24"\s*:/;
const DMA_HEADER = /^\s*#?\s*[^\n]*\bMMSI\b[^\n]*\bTimestamp\b|^\s*#?\s*[^\n]*\bTimestamp\b[^\n]*\bMMSI\b/i;
const NMEA_SENTENCE = /^(\\[^\\\n]*\\)?[!$][A-Z]{2}[A-Z]{3},/m;
const EVENTS_JSON_KEY = /"redline-events"\s*:/;
/** A YAML events file: `redline-events:` as a top-level key among the first lines (comments and `---` allowed before it). */
const EVENTS_YAML_KEY = /^redline-events\s*:/m;

/**
 * The format of an input from its name (a file, a zip entry, `stdin`) and its first decompressed
 * bytes (`SNIFF_BYTES` of them, fewer if the input is shorter). A JSON document whose top level has
 * `"type": "FeatureCollection"` or `"Feature"` is GeoJSON; an array of (or lines of) objects with
 * `icao24` is OpenSky; a JSON object or a YAML document with a top-level `redline-events` key holds
 * dated facts. Throws an InputError naming the input when neither the name nor the bytes tell.
 */
export function sniffFormat(name: string, firstBytes: Uint8Array): ObservationFormat {
  const byName = formatFromName(name);
  if (byName === 'zip') throw new InputError(`${name}: a zip archive; the format is decided for each file in it`);
  if (byName !== undefined && byName !== 'json') return byName;
  const start = firstContentByte(firstBytes);
  const head = Buffer.from(firstBytes.buffer, firstBytes.byteOffset, firstBytes.byteLength).toString('latin1', Math.max(start, 0));
  const c = head[0];
  if (c === '[' || c === '{') {
    if (c === '{' && EVENTS_JSON_KEY.test(head)) return 'events';
    if (c === '{' && GEOJSON_TYPE.test(head)) return 'geojson';
    if (ICAO24_KEY.test(head)) return 'opensky';
    if (GEOJSON_TYPE.test(head)) return 'geojson';
    throw new InputError(`${name}: JSON that is neither GeoJSON (no "type": "FeatureCollection" or "Feature" at the start) nor OpenSky tracks (no "icao24" in the first record) nor dated facts (no "redline-events" key)`);
  }
  if (byName === 'json') throw new InputError(`${name}: not JSON (it does not start with "[" or "{")`);
  if (EVENTS_YAML_KEY.test(head)) return 'events';
  if (start >= 0 && DMA_HEADER.test(head.split('\n', 1)[0] ?? '')) return 'dma-csv';
  if (NMEA_SENTENCE.test(head)) return 'nmea';
  throw new InputError(`${name}: cannot tell the format from the name or the first bytes (${EXPECTED})`);
}

/**
 * The format of a file from its name, and for `.json` (or a name that says nothing) from its first
 * bytes, read here (gzip looked through). A zip archive holds entries of their own formats: read it
 * with `openInput` and `readObservationEntry`.
 */
export function formatOf(path: string): ObservationFormat {
  const byName = formatFromName(path);
  if (byName === 'zip') throw new InputError(`${path}: a zip archive; the format is decided for each file in it (readObservationEntry)`);
  if (byName !== undefined && byName !== 'json') return byName;
  return sniffFormat(path, fileHead(path));
}

/** The first SNIFF_BYTES of a file, decompressed when it is gzip (by its magic bytes). */
function fileHead(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot open: ${(e as Error).message}`);
  }
  try {
    const raw = Buffer.alloc(SNIFF_BYTES * 4);
    const n = readSync(fd, raw, 0, raw.length, 0);
    const head = raw.subarray(0, n);
    if (head[0] !== 0x1f || head[1] !== 0x8b) return head.subarray(0, SNIFF_BYTES);
    try {
      // A partial gzip stream: decompress what is there without asking for its end.
      return gunzipSync(head, { finishFlush: zlib.Z_SYNC_FLUSH }).subarray(0, SNIFF_BYTES);
    } catch (e) {
      throw new InputError(`${path}: not a valid gzip stream: ${(e as Error).message}`);
    }
  } finally {
    closeSync(fd);
  }
}

export interface StreamReadOptions {
  /**
   * Called after each batch of records has gone into the set, awaited: where an ingest drains the set
   * into a store so memory stays flat (see input/lines.ts).
   */
  afterBatch?: () => void | Promise<void>;
  /** Stops at the next batch boundary; what was read so far is summarised normally. */
  signal?: AbortSignal;
}

/**
 * Reads one input of a known format from its (decompressed) bytes into `set`, under the source name
 * that observation ids cite; returns the reader's summary (also added to `set.summaries`). GeoJSON
 * is collected whole (the format is one document; the files are small) and drained once at its end.
 */
export async function readObservationStream(format: ObservationFormat, chunks: AsyncIterable<Buffer>, set: ObservationSet, source: string, options: StreamReadOptions = {}): Promise<ReadSummary> {
  const feed = { afterBatch: options.afterBatch, signal: options.signal };
  switch (format) {
    case 'nmea':
      return feedLines(chunks, new NmeaReader(set, source), { ...feed, encoding: 'latin1' });
    case 'dma-csv':
      return feedLines(chunks, new DmaCsvReader(set, source), { ...feed, encoding: 'utf8' });
    case 'opensky':
      return readOpenSkyStream(chunks, set, source, feed);
    case 'events': {
      const parts: Buffer[] = [];
      for await (const c of chunks) parts.push(c);
      const summary = readEvents(Buffer.concat(parts).toString('utf8'), source, set);
      if (options.afterBatch) await options.afterBatch();
      return summary;
    }
    case 'geojson': {
      const parts: Buffer[] = [];
      for await (const c of chunks) parts.push(c);
      let summary: ReadSummary;
      try {
        summary = readGeoJsonTracks(Buffer.concat(parts).toString('utf8'), source, set);
      } catch (e) {
        if (e instanceof InputError) throw e;
        const m = (e as Error).message;
        throw new InputError(m.startsWith(source) ? m : `${source}: ${m}`);
      }
      if (options.afterBatch) await options.afterBatch();
      return summary;
    }
  }
}

/** Reads one input whose format is told by its name and first bytes (`sniffFormat`); a zip entry, stdin, a file. */
export async function readObservationEntry(name: string, chunks: AsyncIterable<Buffer>, set: ObservationSet, options: StreamReadOptions = {}): Promise<{ format: ObservationFormat; summary: ReadSummary }> {
  const byName = formatFromName(name);
  let format: ObservationFormat;
  let all = chunks;
  if (byName !== undefined && byName !== 'json' && byName !== 'zip') format = byName;
  else {
    const peeked = await peekHead(chunks, SNIFF_BYTES);
    all = peeked.chunks;
    format = sniffFormat(name, peeked.head);
  }
  return { format, summary: await readObservationStream(format, all, set, name, options) };
}

/**
 * Reads every file (plain, gzip, or each file of a zip; `-` for stdin) into `set`. Source names are
 * the files' base names (`archive.zip/entry.csv` for a zip entry).
 */
export async function loadObservationFiles(paths: string[], set: ObservationSet): Promise<void> {
  for (const path of paths) {
    try {
      const input = await openInput(path);
      try {
        for await (const entry of input.entries()) await readObservationEntry(entry.name, entry.chunks, set);
      } finally {
        await input.close();
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${path}: no such file`);
      if (e instanceof Error && !(e instanceof InputError)) throw new InputError(e.message.startsWith(path) ? e.message : `${path}: ${e.message}`);
      throw e;
    }
  }
}

export function applyRegistryFile(path: string, set: ObservationSet, catalogue?: Catalogue): void {
  try {
    readRegistryFile(path, set.assets, catalogue ? { catalogue } : {});
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${path}: no such file`);
    throw new InputError((e as Error).message);
  }
}

/**
 * Fills in what registries left open: the class (from the AIS ship type when no registry gave one),
 * the class lineage, and a weapon range from the class default, marked as an assumption.
 */
export function attributeAssets(set: ObservationSet, catalogue: Catalogue): void {
  for (const a of set.assets.all()) {
    const cls = classOf(a, catalogue);
    if (cls !== undefined && a.class === undefined) a.class = cls;
    if (cls !== undefined) {
      const lineage: string[] = [];
      for (let c: string | undefined = cls; c !== undefined && !lineage.includes(c); c = catalogue.classes.get(c)?.parent) lineage.push(c);
      a.classLineage = lineage;
    }
    if (a.weaponRangeKm === undefined) {
      const r = weaponRangeOf(a, catalogue);
      if (r) {
        a.weaponRangeKm = r.km;
        a.weaponRangeSource = r.source;
        if (r.assumed) a.weaponRangeAssumption = r.assumption ?? `class default (${r.system ?? 'unnamed system'})`;
      }
    }
  }
}
