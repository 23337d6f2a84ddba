/**
 * Decoding of the AIS message types Redline uses: positions (1, 2, 3, 18, 19, 27, and the fixed
 * stations 4 and 21) and identities (5, 19, 21, 24).
 *
 * Field layouts and "not available" values follow ITU-R M.1371-5 Annex 8 as transcribed in
 * E. S. Raymond, "AIVDM/AIVDO protocol decoding" (gpsd, www/AIVDM.adoc), checked per type below:
 * - Common Navigation Block (types 1-3): lon 181° = 0x6791AC0 (108 600 000 × 1/10 000 min) and
 *   lat 91° = 0x3412140 are "not available"; SOG 1023 = n/a, 1022 = 102.2 kn or more; COG 3600 = n/a;
 *   heading 511 = n/a.
 * - Type 27: lon/lat in 1/10 min, 181° = 108 600 (0x1A838) and 91° = 54 600 (0xD548) n/a; SOG in
 *   knots 0-62, 63 n/a; COG in degrees 0-359, 511 n/a. (gpsd prints "181000"/"91000" for these;
 *   the USCG NAVCEN page for message 27 gives the hex values 1A838h and D548h, i.e. 181×600 and
 *   91×600, which is what the 1/10-minute unit implies.)
 *
 * Values that are "not available" come out as NaN (numbers) or undefined (identity fields), never as
 * the sentinel numbers, so nothing downstream can mistake 181° for a longitude.
 */

import type { SixBitBuffer } from './armour.js';

/** Where the message's position stands. */
export const POS_NONE = 0; // the type carries no position
export const POS_OK = 1;
export const POS_NOT_AVAILABLE = 2; // lon 181 or lat 91
export const POS_OUT_OF_RANGE = 3; // neither a position nor the n/a value

/** One decoded message. Reused: the reader decodes every message into the same object. */
export interface AisMessage {
  type: number;
  mmsi: number;
  /** One of POS_NONE, POS_OK, POS_NOT_AVAILABLE, POS_OUT_OF_RANGE. */
  position: number;
  /** Degrees; NaN unless `position === POS_OK`. */
  lon: number;
  lat: number;
  /** Knots; NaN when not available or the type has none. */
  speed: number;
  /** Degrees true; NaN when not available. */
  course: number;
  /** Degrees true; NaN when not available. */
  heading: number;
  /** Type 4: the base station's UTC as ms since the epoch; NaN otherwise or when not available. */
  utcMs: number;
  /** Type 24: 0 = part A, 1 = part B; -1 otherwise. */
  part: number;
  name: string | undefined;
  callsign: string | undefined;
  /** AIS ship and cargo type 1-99 (0 "not available" becomes undefined). */
  shipType: number | undefined;
  imo: number | undefined;
  /** Set when decoding fails: a quarantine code and one sentence naming the field. */
  code: string;
  reason: string;
}

export function emptyMessage(): AisMessage {
  return {
    type: 0,
    mmsi: 0,
    position: POS_NONE,
    lon: NaN,
    lat: NaN,
    speed: NaN,
    course: NaN,
    heading: NaN,
    utcMs: NaN,
    part: -1,
    name: undefined,
    callsign: undefined,
    shipType: undefined,
    imo: undefined,
    code: '',
    reason: '',
  };
}

/** Message types this module decodes. Any other type is valid AIS that Redline just counts. */
export const DECODED_TYPES: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 18, 19, 21, 24, 27]);
/** The same as a table by type (0-63): one load per message instead of a set lookup. */
const DECODED = new Uint8Array(64);
for (const t of DECODED_TYPES) DECODED[t] = 1;

/**
 * Shortest acceptable payload in bits per type. Nominal ITU lengths, lowered only where gpsd's
 * document or the real DMA logs show well-formed shorter variants: type 5 is "fairly common in the
 * wild" at 420 or 422 bits (gpsd, "Type 5"); type 24 part A "often ... 160 bits" (gpsd, "Type 24"),
 * and 57 of the 87 part B messages in the DMA logs are 160 bits too. Longer payloads are accepted and
 * the tail ignored (gpsd, "Interaction with AIVDM padding": accept up to 5 bits over).
 */
function minBits(type: number): number {
  switch (type) {
    case 1:
    case 2:
    case 3:
    case 4:
    case 18:
      return 168;
    case 5:
      return 420;
    case 19:
      return 312;
    case 21:
      return 272;
    case 24:
      return 160; // part B: 168 nominal, 160 seen; the fields read here end at bit 132
    case 27:
      return 96;
    default:
      return 38;
  }
}

// "Not available" raw values (see the header for sources).
const LON_NA = 181 * 600_000;
const LAT_NA = 91 * 600_000;
const LON_MAX = 180 * 600_000;
const LAT_MAX = 90 * 600_000;
const LON27_NA = 181 * 600;
const LAT27_NA = 91 * 600;
const LON27_MAX = 180 * 600;
const LAT27_MAX = 90 * 600;
const SOG_NA = 1023;
const COG_NA = 3600;
const HDG_NA = 511;
const SOG27_NA = 63;
const COG27_NA = 511;

function setPosition(out: AisMessage, rawLon: number, rawLat: number, naLon: number, naLat: number, maxLon: number, maxLat: number, perDegree: number): void {
  if (rawLon === naLon || rawLat === naLat) {
    out.position = POS_NOT_AVAILABLE;
  } else if (rawLon < -maxLon || rawLon > maxLon || rawLat < -maxLat || rawLat > maxLat) {
    out.position = POS_OUT_OF_RANGE;
    out.lon = rawLon / perDegree;
    out.lat = rawLat / perDegree;
    return;
  } else {
    out.position = POS_OK;
    out.lon = rawLon / perDegree;
    out.lat = rawLat / perDegree;
    return;
  }
  out.lon = NaN;
  out.lat = NaN;
}

/** SOG in 1/10 knot (10 bits): 1023 n/a. */
function sog(raw: number): number {
  return raw === SOG_NA ? NaN : raw / 10;
}

/** COG in 1/10 degree (12 bits): 3600 n/a; 3601-4095 are not defined, so not a course either. */
function cog(raw: number): number {
  return raw >= COG_NA ? NaN : raw / 10;
}

/** True heading in degrees (9 bits): 511 n/a; 360-510 are not defined. */
function heading(raw: number): number {
  return raw >= 360 || raw === HDG_NA ? NaN : raw;
}

function shipType(raw: number): number | undefined {
  return raw === 0 ? undefined : raw;
}

function nonEmpty(s: string): string | undefined {
  return s.length > 0 ? s : undefined;
}

/**
 * Decodes the message in `buf` into `out`. Returns true on success; on failure `out.code` and
 * `out.reason` say why (`truncated`, `fill-bits`, `malformed`). Types this module does not decode
 * succeed with only `type` and `mmsi` set.
 */
export function decodeMessage(buf: SixBitBuffer, out: AisMessage): boolean {
  out.type = 0;
  out.mmsi = 0;
  out.position = POS_NONE;
  out.lon = NaN;
  out.lat = NaN;
  out.speed = NaN;
  out.course = NaN;
  out.heading = NaN;
  out.utcMs = NaN;
  out.part = -1;
  out.name = undefined;
  out.callsign = undefined;
  out.shipType = undefined;
  out.imo = undefined;
  out.code = '';
  out.reason = '';

  const bits = buf.bitLength;
  if (bits < 6) return fail(out, 'truncated', `payload has ${bits} bits, too few for a message type`);
  const type = buf.uint(0, 6);
  out.type = type;
  if (bits < 38) return fail(out, 'truncated', `type ${type} payload has ${bits} bits, too few for the MMSI (bits 8-37)`);
  out.mmsi = buf.uint(8, 30);
  if (out.mmsi > 999_999_999) return fail(out, 'malformed', `MMSI ${out.mmsi} has more than nine digits`);
  if (DECODED[type] === 0) return true;

  if (type === 24) {
    if (bits < 40) return fail(out, 'truncated', `type 24 payload has ${bits} bits, too few for the part number (bits 38-39)`);
    out.part = buf.uint(38, 2);
    if (out.part > 1) return fail(out, 'malformed', `type 24 part number ${out.part} is neither 0 (part A) nor 1 (part B)`);
  }
  const need = minBits(type);
  if (bits < need) {
    const carried = buf.symbols * 6;
    if (carried >= need) {
      return fail(out, 'fill-bits', `fill bits ${carried - bits} leave ${bits} bits, fewer than the ${need} a type ${type} message needs, though its ${buf.symbols} characters carry ${carried}`);
    }
    return fail(out, 'truncated', `type ${type}${type === 24 ? (out.part === 0 ? ' part A' : ' part B') : ''} payload has ${bits} bits; it needs at least ${need}`);
  }

  switch (type) {
    case 1:
    case 2:
    case 3:
      out.speed = sog(buf.uint(50, 10));
      setPosition(out, buf.int(61, 28), buf.int(89, 27), LON_NA, LAT_NA, LON_MAX, LAT_MAX, 600_000);
      out.course = cog(buf.uint(116, 12));
      out.heading = heading(buf.uint(128, 9));
      break;
    case 4: {
      setPosition(out, buf.int(79, 28), buf.int(107, 27), LON_NA, LAT_NA, LON_MAX, LAT_MAX, 600_000);
      const y = buf.uint(38, 14);
      const mo = buf.uint(52, 4);
      const d = buf.uint(56, 5);
      const h = buf.uint(61, 5);
      const mi = buf.uint(66, 6);
      const s = buf.uint(72, 6);
      // 0 / 24 / 60 are the "not available" values of each part (gpsd, "Type 4").
      if (y > 0 && mo >= 1 && mo <= 12 && d >= 1 && h < 24 && mi < 60 && s < 60) out.utcMs = Date.UTC(y, mo - 1, d, h, mi, s);
      break;
    }
    case 5: {
      const imo = buf.uint(40, 30);
      out.imo = imo === 0 ? undefined : imo;
      out.callsign = nonEmpty(buf.text(70, 7));
      out.name = nonEmpty(buf.text(112, 20));
      out.shipType = shipType(buf.uint(232, 8));
      break;
    }
    case 18:
    case 19:
      out.speed = sog(buf.uint(46, 10));
      setPosition(out, buf.int(57, 28), buf.int(85, 27), LON_NA, LAT_NA, LON_MAX, LAT_MAX, 600_000);
      out.course = cog(buf.uint(112, 12));
      out.heading = heading(buf.uint(124, 9));
      if (type === 19) {
        out.name = nonEmpty(buf.text(143, 20));
        out.shipType = shipType(buf.uint(263, 8));
      }
      break;
    case 21: {
      setPosition(out, buf.int(164, 28), buf.int(192, 27), LON_NA, LAT_NA, LON_MAX, LAT_MAX, 600_000);
      // A full 20-character name continues in the extension at bit 272 (gpsd, "Type 21").
      const base = buf.text(43, 20, false);
      const ext = bits > 272 ? buf.text(272, Math.floor((bits - 272) / 6), false) : '';
      out.name = nonEmpty((base.length === 20 ? base + ext : base).trim());
      break;
    }
    case 24:
      if (out.part === 0) {
        out.name = nonEmpty(buf.text(40, 20));
      } else {
        out.shipType = shipType(buf.uint(40, 8));
        out.callsign = nonEmpty(buf.text(90, 7));
      }
      break;
    case 27: {
      setPosition(out, buf.int(44, 18), buf.int(62, 17), LON27_NA, LAT27_NA, LON27_MAX, LAT27_MAX, 600);
      const v = buf.uint(79, 6);
      out.speed = v === SOG27_NA ? NaN : v;
      const c = buf.uint(85, 9);
      out.course = c === COG27_NA || c >= 360 ? NaN : c;
      break;
    }
  }
  return true;
}

function fail(out: AisMessage, code: string, reason: string): false {
  out.code = code;
  out.reason = reason;
  return false;
}
