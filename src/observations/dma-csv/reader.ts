/**
 * The Danish Maritime Authority AIS CSV reader: rows in, positions into the columns, identities
 * (name, callsign, ship type) into the registry, every other row quarantined with the field at fault.
 *
 * The header is found by column name, not position, so a file whose columns come in another order
 * (or an export with fewer of them) still reads; `# `, a byte-order mark and `\r\n` are tolerated.
 * Only Timestamp, MMSI, Latitude and Longitude are required. A row is read against the latest
 * header: concatenated daily files, each with its header, read as one stream.
 *
 * One row is one record: `read === accepted + quarantined`; the header and blank lines are
 * `ignored`. A row whose latitude is 91 or longitude 181 (or either empty) is AIS "not available":
 * accepted, counted in `noPosition`, no position pushed, never a number in the columns.
 */
import type { Asset, ObservationSet, ReadSummary } from '../model.js';
import { flagFromMmsi } from '../mid.js';
import type { LineReader } from '../input/lines.js';
import { DMA_COLUMNS, REQUIRED_COLUMNS, shipTypeCode } from './columns.js';
import { FieldSplitter, parseDecimal } from './split.js';

export interface DmaCsvReadSummary extends ReadSummary {
  /** Accepted rows whose position was "not available" (latitude 91 / longitude 181, or empty). */
  noPosition: number;
  /** Accepted rows by "Type of mobile" (`Class A`, `Base Station`, ...). */
  byMobileType: Record<string, number>;
  /** Ship type words this reader does not know (counted each time an asset's word changes to one); the asset's type is left open. */
  unknownShipTypes: Record<string, number>;
}

export interface DmaCsvReaderOptions {
  /**
   * Where identities are attributed from (`Asset.attributedBy`). Default `ais`: like the NMEA
   * reader, a registry file loaded earlier is more authoritative than what a ship says about itself.
   */
  attributedBy?: string;
}

/** Column indices of the fields read; -1 when the header has no such column. */
interface Layout {
  fields: number;
  time: number;
  mmsi: number;
  lat: number;
  lon: number;
  sog: number;
  cog: number;
  name: number;
  callsign: number;
  shipType: number;
  mobile: number;
}

const BOM = 0xfeff;
const HASH = 35;
const MAX_RAW = 2000;

/** Identity last written for one MMSI, to update the registry only when it changes. */
interface Known {
  asset: number;
  name: string;
  callsign: string;
  shipType: string;
}

export class DmaCsvReader implements LineReader<DmaCsvReadSummary> {
  private readonly split = new FieldSplitter();
  private readonly time = new DmaTimeParser();
  private readonly sourceIdx: number;
  private readonly attributedBy: string;
  private readonly known = new Map<number, Known>();
  private layout: Layout | undefined;
  private lastMobile = '';
  private lastMobileCount = 0;
  private finished: DmaCsvReadSummary | undefined;

  private read = 0;
  private accepted = 0;
  private quarantined = 0;
  private ignored = 0;
  private positions = 0;
  private noPosition = 0;
  private readonly byReason: Record<string, number> = {};
  private readonly byMobileType: Record<string, number> = {};
  private readonly unknownShipTypes: Record<string, number> = {};

  constructor(
    private readonly set: ObservationSet,
    private readonly source: string,
    options: DmaCsvReaderOptions = {},
  ) {
    this.sourceIdx = set.positions.sourceId(source);
    this.attributedBy = options.attributedBy ?? 'ais';
  }

  line(text: string, lineNo: number): void {
    let from = 0;
    if (text.charCodeAt(0) === BOM) from = 1;
    if (isBlank(text, from)) {
      this.ignored++;
      return;
    }
    if (text.charCodeAt(from) === HASH) {
      this.header(text, from, lineNo);
      return;
    }
    const sp = this.split;
    this.read++;
    if (!sp.split(text, from)) {
      this.quarantine(lineNo, text, 'bad-quoting', `row ${sp.error} (RFC 4180: a quoted field ends with a quote followed by a comma or the end of the line; a quote inside is doubled)`);
      return;
    }
    const L = this.layout;
    if (!L) {
      if (this.isHeaderRow(text)) {
        this.read--;
        this.header(text, from, lineNo);
        return;
      }
      this.quarantine(lineNo, text, 'no-header', `row before any header line; expected a header naming at least ${REQUIRED_COLUMNS.join(', ')} (e.g. "# ${DMA_COLUMNS.join(',')}")`);
      return;
    }
    if (sp.count !== L.fields) {
      if (this.isHeaderRow(text)) {
        this.read--;
        this.header(text, from, lineNo);
        return;
      }
      this.quarantine(lineNo, text, 'wrong-field-count', `row has ${sp.count} fields; the header at the top has ${L.fields}`);
      return;
    }

    const time = this.time.parse(text, sp.start[L.time]!, sp.end[L.time]!);
    if (Number.isNaN(time)) {
      if (this.isHeaderRow(text)) {
        this.read--;
        this.header(text, from, lineNo);
        return;
      }
      this.quarantine(lineNo, text, 'bad-timestamp', `Timestamp ${show(sp.field(text, L.time))} is not a UTC time dd/mm/yyyy HH:MM:SS`);
      return;
    }
    const mmsi = parseMmsi(text, sp.start[L.mmsi]!, sp.end[L.mmsi]!);
    if (mmsi < 0) {
      this.quarantine(lineNo, text, 'bad-mmsi', `MMSI ${show(sp.field(text, L.mmsi))} is not a number of one to nine digits`);
      return;
    }

    // Latitude 91 / longitude 181 are AIS "not available"; empty is taken the same way.
    let hasPosition = true;
    let lat = NaN;
    let lon = NaN;
    if (sp.isEmpty(L.lat) || sp.isEmpty(L.lon)) hasPosition = false;
    else {
      lat = parseDecimal(text, sp.start[L.lat]!, sp.end[L.lat]!);
      lon = parseDecimal(text, sp.start[L.lon]!, sp.end[L.lon]!);
      if (!(lat >= -90 && lat <= 90) && lat !== 91) {
        this.quarantine(lineNo, text, 'bad-latitude', `Latitude ${show(sp.field(text, L.lat))} is not a number of degrees in [-90, 90] nor the "not available" value 91`);
        return;
      }
      if (!(lon >= -180 && lon <= 180) && lon !== 181) {
        this.quarantine(lineNo, text, 'bad-longitude', `Longitude ${show(sp.field(text, L.lon))} is not a number of degrees in [-180, 180] nor the "not available" value 181`);
        return;
      }
      if (lat === 91 || lon === 181) hasPosition = false;
    }

    let sog = NaN;
    if (L.sog >= 0 && !sp.isEmpty(L.sog)) {
      sog = parseDecimal(text, sp.start[L.sog]!, sp.end[L.sog]!);
      if (!(sog >= 0)) {
        this.quarantine(lineNo, text, 'bad-sog', `SOG ${show(sp.field(text, L.sog))} is not a speed in knots (a number, 0 or more)`);
        return;
      }
    }
    let cog = NaN;
    if (L.cog >= 0 && !sp.isEmpty(L.cog)) {
      cog = parseDecimal(text, sp.start[L.cog]!, sp.end[L.cog]!);
      if (!(cog >= 0 && cog <= 360)) {
        this.quarantine(lineNo, text, 'bad-cog', `COG ${show(sp.field(text, L.cog))} is not a course in degrees in [0, 360]`);
        return;
      }
    }

    const asset = this.identity(mmsi, text, L);
    if (hasPosition) {
      this.set.positions.push(asset, time, lon, lat, sog, cog, this.sourceIdx, lineNo);
      this.positions++;
    } else {
      this.noPosition++;
    }
    if (L.mobile >= 0) this.countMobile(text, L.mobile);
    this.accepted++;
  }

  finish(): DmaCsvReadSummary {
    if (this.finished) return this.finished;
    this.flushMobile();
    const summary: DmaCsvReadSummary = {
      source: this.source,
      read: this.read,
      accepted: this.accepted,
      quarantined: this.quarantined,
      byReason: { ...this.byReason },
      ignored: this.ignored,
      positions: this.positions,
      noPosition: this.noPosition,
      byMobileType: { ...this.byMobileType },
      unknownShipTypes: { ...this.unknownShipTypes },
    };
    this.set.summaries.push(summary);
    this.finished = summary;
    return summary;
  }

  /** A header line (`# ...`, or a row naming MMSI and Timestamp): sets the layout, or is quarantined. */
  private header(text: string, from: number, lineNo: number): void {
    const sp = this.split;
    let start = from;
    while (start < text.length && (text.charCodeAt(start) === HASH || text.charCodeAt(start) === 32)) start++;
    if (!sp.split(text, start)) {
      this.read++;
      this.quarantine(lineNo, text, 'bad-header', `header line: ${sp.error}`);
      return;
    }
    const index = new Map<string, number>();
    for (let i = sp.count - 1; i >= 0; i--) index.set(sp.field(text, i).trim().toLowerCase(), i);
    const col = (name: string) => index.get(name.toLowerCase()) ?? -1;
    const missing = REQUIRED_COLUMNS.filter((c) => col(c) < 0);
    if (missing.length > 0) {
      // A comment line that is not a header (`# exported by ...`) is just a comment.
      if (missing.length === REQUIRED_COLUMNS.length) {
        this.ignored++;
        return;
      }
      this.read++;
      this.quarantine(lineNo, text, 'bad-header', `header line has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}; rows cannot be read without ${REQUIRED_COLUMNS.join(', ')}`);
      this.layout = undefined;
      return;
    }
    this.ignored++;
    this.layout = {
      fields: sp.count,
      time: col('Timestamp'),
      mmsi: col('MMSI'),
      lat: col('Latitude'),
      lon: col('Longitude'),
      sog: col('SOG'),
      cog: col('COG'),
      name: col('Name'),
      callsign: col('Callsign'),
      shipType: col('Ship type'),
      mobile: col('Type of mobile'),
    };
  }

  /** Whether the row just split names the MMSI and Timestamp columns (a header without `#`). */
  private isHeaderRow(text: string): boolean {
    const sp = this.split;
    let mmsi = false;
    let time = false;
    for (let i = 0; i < sp.count && i < 64; i++) {
      if (sp.end[i]! - sp.start[i]! > 12) continue;
      const f = sp.field(text, i).trim().toLowerCase();
      if (f === 'mmsi') mmsi = true;
      else if (f === 'timestamp' || f === '# timestamp') time = true;
    }
    return mmsi && time;
  }

  /** The asset index for an MMSI; name, callsign and ship type into the registry when they change. */
  private identity(mmsi: number, text: string, L: Layout): number {
    const sp = this.split;
    let k = this.known.get(mmsi);
    if (!k) {
      const id = `mmsi:${String(mmsi).padStart(9, '0')}`;
      const assets = this.set.assets;
      const idx = assets.intern(id);
      const a = assets.at(idx);
      const attrs: Partial<Asset> = {};
      if (a.mmsi === undefined) attrs.mmsi = mmsi;
      if (a.flag === undefined) attrs.flag = flagFromMmsi(mmsi);
      if (a.attributedBy === undefined) attrs.attributedBy = this.attributedBy;
      assets.update(id, attrs);
      k = { asset: idx, name: '', callsign: '', shipType: '' };
      this.known.set(mmsi, k);
    }
    const sameName = L.name < 0 || sp.equals(text, L.name, k.name);
    const sameCall = L.callsign < 0 || sp.equals(text, L.callsign, k.callsign);
    const sameType = L.shipType < 0 || sp.equals(text, L.shipType, k.shipType);
    if (sameName && sameCall && sameType) return k.asset;

    const attrs: Partial<Asset> = {};
    if (!sameName) {
      k.name = sp.field(text, L.name);
      attrs.name = known(k.name.trim());
    }
    if (!sameCall) {
      k.callsign = sp.field(text, L.callsign);
      attrs.callsign = known(k.callsign.trim());
    }
    if (!sameType) {
      k.shipType = sp.field(text, L.shipType);
      const t = shipTypeCode(k.shipType);
      if (!t.known) this.unknownShipTypes[k.shipType] = (this.unknownShipTypes[k.shipType] ?? 0) + 1;
      attrs.aisShipType = t.code;
    }
    const a = this.set.assets.at(k.asset);
    if (a.attributedBy !== undefined && a.attributedBy !== this.attributedBy) return k.asset;
    if (attrs.name !== undefined || attrs.callsign !== undefined || attrs.aisShipType !== undefined) this.set.assets.update(a.id, attrs);
    return k.asset;
  }

  /** Counts rows by type of mobile, cutting the word only when it differs from the row before. */
  private countMobile(text: string, i: number): void {
    if (this.split.equals(text, i, this.lastMobile)) {
      this.lastMobileCount++;
      return;
    }
    this.flushMobile();
    this.lastMobile = this.split.field(text, i);
    this.lastMobileCount = 1;
  }

  private flushMobile(): void {
    if (this.lastMobileCount === 0) return;
    const key = this.lastMobile === '' ? '(empty)' : this.lastMobile;
    this.byMobileType[key] = (this.byMobileType[key] ?? 0) + this.lastMobileCount;
    this.lastMobileCount = 0;
  }

  private quarantine(line: number, raw: string, code: string, reason: string): void {
    this.quarantined++;
    this.byReason[code] = (this.byReason[code] ?? 0) + 1;
    this.set.quarantine.push({ source: this.source, line, code, reason, raw: raw.length > MAX_RAW ? `${raw.slice(0, MAX_RAW)}...` : raw });
  }
}

function isBlank(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** `Unknown` (and empty) is how DMA writes a string it does not have. */
function known(s: string): string | undefined {
  return s.length === 0 || s === 'Unknown' ? undefined : s;
}

function show(s: string): string {
  if (s.length === 0) return '(empty)';
  return s.length > 40 ? `"${s.slice(0, 37)}..."` : `"${s}"`;
}

/** MMSI of one to nine digits, -1 otherwise. */
function parseMmsi(row: string, start: number, end: number): number {
  const n = end - start;
  if (n < 1 || n > 9) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = row.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two digits at `at` as a number, -1 when either is not a digit. */
function d2(row: string, at: number): number {
  const a = row.charCodeAt(at) - 48;
  const b = row.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** The UTC midnight of `dd/mm/yyyy` at `start`, NaN unless a real date. */
function dayMs(row: string, start: number): number {
  if (row.charCodeAt(start + 2) !== 47 || row.charCodeAt(start + 5) !== 47) return NaN;
  const day = d2(row, start);
  const month = d2(row, start + 3);
  const y1 = d2(row, start + 6);
  const y2 = d2(row, start + 8);
  if (day < 1 || month < 1 || month > 12 || y1 < 0 || y2 < 0) return NaN;
  const year = y1 * 100 + y2;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return NaN;
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/**
 * `dd/mm/yyyy HH:MM:SS` (UTC) as ms since the epoch, NaN unless exactly that and a real date and
 * time. The rows of a daily file share their date, so the date's midnight is kept and reused while
 * the date text stays the same.
 */
export class DmaTimeParser {
  private date = '';
  private dateMs = NaN;

  parse(row: string, start: number, end: number): number {
    if (end - start !== 19) return NaN;
    if (row.charCodeAt(start + 10) !== 32 || row.charCodeAt(start + 13) !== 58 || row.charCodeAt(start + 16) !== 58) return NaN;
    const h = d2(row, start + 11);
    const mi = d2(row, start + 14);
    const s = d2(row, start + 17);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return NaN;
    if (!(this.date.length === 10 && row.startsWith(this.date, start))) {
      const ms = dayMs(row, start);
      if (Number.isNaN(ms)) return NaN;
      this.date = row.slice(start, start + 10);
      this.dateMs = ms;
    }
    return this.dateMs + h * 3_600_000 + mi * 60_000 + s * 1000;
  }
}

/** `dd/mm/yyyy HH:MM:SS` (UTC) as ms since the epoch; NaN unless exactly that and a real date. */
export function parseDmaTime(row: string, start = 0, end = row.length): number {
  return new DmaTimeParser().parse(row, start, end);
}
