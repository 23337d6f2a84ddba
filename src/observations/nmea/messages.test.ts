import { describe, expect, it } from 'vitest';
import { SixBitBuffer } from './armour.js';
import { emptyObservationSet } from '../model.js';
import { type AisMessage, decodeMessage, emptyMessage, POS_NOT_AVAILABLE, POS_OK, POS_OUT_OF_RANGE } from './messages.js';
import { NmeaReader } from './reader.js';

/**
 * A bit packer written for the tests, independent of the decoder: fields are appended MSB first as
 * in ITU-R M.1371, then armoured with the gpsd AIVDM.adoc table (values 0-39 -> "0".."W",
 * 40-63 -> "`".."w").
 */
class BitPacker {
  private bits: number[] = [];
  u(value: number, len: number): this {
    for (let i = len - 1; i >= 0; i--) this.bits.push(Math.floor(value / 2 ** i) % 2);
    return this;
  }
  i(value: number, len: number): this {
    return this.u(value < 0 ? 2 ** len + value : value, len);
  }
  text(s: string, chars: number): this {
    const alphabet = '@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !"#$%&\'()*+,-./0123456789:;<=>?';
    const padded = s.padEnd(chars, '@');
    for (const ch of padded) this.u(alphabet.indexOf(ch), 6);
    return this;
  }
  get length(): number {
    return this.bits.length;
  }
  /** Armoured payload and fill bits. */
  armour(): { payload: string; fill: number } {
    const fill = (6 - (this.bits.length % 6)) % 6;
    const all = [...this.bits, ...new Array<number>(fill).fill(0)];
    let payload = '';
    for (let k = 0; k < all.length; k += 6) {
      let v = 0;
      for (let j = 0; j < 6; j++) v = v * 2 + (all[k + j] ?? 0);
      payload += String.fromCharCode(v < 40 ? v + 48 : v + 56);
    }
    return { payload, fill };
  }
}

function decode(payload: string, fill: number): AisMessage {
  const buf = new SixBitBuffer();
  expect(buf.append(payload, 0, payload.length)).toBe(-1);
  buf.finish(fill);
  const msg = emptyMessage();
  decodeMessage(buf, msg);
  return msg;
}

function decodePacked(p: BitPacker): AisMessage {
  const { payload, fill } = p.armour();
  return decode(payload, fill);
}

/** Type 27 per gpsd AIVDM.adoc "Type 27" (96 bits). */
function type27(f: { mmsi: number; status?: number; lon: number; lat: number; sog: number; cog: number }): BitPacker {
  return new BitPacker()
    .u(27, 6)
    .u(3, 2)
    .u(f.mmsi, 30)
    .u(0, 1)
    .u(0, 1)
    .u(f.status ?? 0, 4)
    .i(f.lon, 18)
    .i(f.lat, 17)
    .u(f.sog, 6)
    .u(f.cog, 9)
    .u(0, 1)
    .u(0, 1);
}

/** Type 19 per gpsd AIVDM.adoc "Type 19" (312 bits). */
function type19(f: { mmsi: number; sog: number; lon: number; lat: number; cog: number; hdg: number; name: string; shipType: number }): BitPacker {
  return new BitPacker()
    .u(19, 6)
    .u(0, 2)
    .u(f.mmsi, 30)
    .u(0, 8)
    .u(f.sog, 10)
    .u(0, 1)
    .i(f.lon, 28)
    .i(f.lat, 27)
    .u(f.cog, 12)
    .u(f.hdg, 9)
    .u(60, 6)
    .u(0, 4)
    .text(f.name, 20)
    .u(f.shipType, 8)
    .u(10, 9)
    .u(20, 9)
    .u(3, 6)
    .u(4, 6)
    .u(1, 4)
    .u(0, 1)
    .u(1, 1)
    .u(0, 1)
    .u(0, 4);
}

/** Types 1-3 common navigation block (168 bits). */
function type1(f: { mmsi: number; sog: number; lon: number; lat: number; cog: number; hdg: number }): BitPacker {
  return new BitPacker()
    .u(1, 6)
    .u(0, 2)
    .u(f.mmsi, 30)
    .u(0, 4)
    .i(-128, 8)
    .u(f.sog, 10)
    .u(0, 1)
    .i(f.lon, 28)
    .i(f.lat, 27)
    .u(f.cog, 12)
    .u(f.hdg, 9)
    .u(60, 6)
    .u(0, 2)
    .u(0, 3)
    .u(0, 1)
    .u(0, 19);
}

describe('type 27, long-range broadcast', () => {
  // Published decodings: M0r13n/pyais, tests/test_decode.py, test_msg_type_27 and
  // test_msg_type_27_signed. The first payload is 156 bits (gpsd: "in the wild these are sometimes
  // transmitted with 168 bits ... decode the first 96 bits").
  it('decodes the pyais example sentences to their published values', () => {
    const a = decode('KC5E2b@U19PFdLbMuc5=ROv62<7m', 0);
    expect(a.type).toBe(27);
    expect(a.mmsi).toBe(206914217);
    expect(a.position).toBe(POS_OK);
    expect(a.lon).toBeCloseTo(137.023333, 5);
    expect(a.lat).toBeCloseTo(4.84, 5);
    expect(a.speed).toBe(57);
    expect(a.course).toBe(167);

    const b = decode('K01;FQh?PbtE3P00', 0);
    expect(b.mmsi).toBe(1234567);
    expect(b.lon).toBeCloseTo(-13.368333, 5);
    expect(b.lat).toBeCloseTo(-50.121667, 5);
  });

  it('round-trips documented field values through our own packer, signs included', () => {
    // A Russian-flagged ship in the Black Sea, 1/10-minute units.
    const m = decodePacked(type27({ mmsi: 273345000, status: 0, lon: 30.5 * 600, lat: 44.6 * 600, sog: 12, cog: 250 }));
    expect(m).toMatchObject({ type: 27, mmsi: 273345000, position: POS_OK, speed: 12, course: 250 });
    expect(m.lon).toBeCloseTo(30.5, 9);
    expect(m.lat).toBeCloseTo(44.6, 9);
    const w = decodePacked(type27({ mmsi: 366000001, lon: -70.25 * 600, lat: -33.5 * 600, sog: 62, cog: 359 }));
    expect(w.lon).toBeCloseTo(-70.25, 9);
    expect(w.lat).toBeCloseTo(-33.5, 9);
    expect(w.speed).toBe(62);
  });

  it('turns the "not available" values lon 181, lat 91, SOG 63, COG 511 into NaN', () => {
    const m = decodePacked(type27({ mmsi: 273345000, lon: 181 * 600, lat: 91 * 600, sog: 63, cog: 511 }));
    expect(m.position).toBe(POS_NOT_AVAILABLE);
    expect(m.lon).toBeNaN();
    expect(m.lat).toBeNaN();
    expect(m.speed).toBeNaN();
    expect(m.course).toBeNaN();
    // Latitude alone "not available" is enough to have no position.
    expect(decodePacked(type27({ mmsi: 1, lon: 10 * 600, lat: 91 * 600, sog: 1, cog: 1 })).position).toBe(POS_NOT_AVAILABLE);
  });

  it('flags a position that is neither valid nor the n/a value', () => {
    expect(decodePacked(type27({ mmsi: 1, lon: 200 * 600, lat: 10 * 600, sog: 1, cog: 1 })).position).toBe(POS_OUT_OF_RANGE);
  });

  it('calls a type 27 shorter than 96 bits truncated', () => {
    const m = decode('K01;FQh?PbtE3P', 0);
    expect(m.code).toBe('truncated');
    expect(m.reason).toMatch(/84 bits; it needs at least 96/);
  });
});

describe('type 19, extended class B', () => {
  // Published decoding: M0r13n/pyais, tests/test_decode.py, test_msg_type_19.
  it('decodes the pyais example sentence to its published values', () => {
    const m = decode('C5N3SRgPEnJGEBT>NhWAwwo862PaLELTBJ:V00000000S0D:R220', 0);
    expect(m.type).toBe(19);
    expect(m.mmsi).toBe(367059850);
    expect(m.speed).toBeCloseTo(8.7, 9);
    expect(m.lat).toBeCloseTo(29.543695, 5);
    expect(m.lon).toBeCloseTo(-88.810394, 5);
    expect(m.course).toBeCloseTo(335.9, 9);
    expect(m.heading).toBeNaN(); // 511
    expect(m.name).toBe('CAPT.J.RIMES');
    expect(m.shipType).toBe(70);
  });

  it('round-trips documented field values through our own packer', () => {
    const p = type19({ mmsi: 211211450, sog: 123, lon: 6_074_074, lat: -54.5 * 600_000, cog: 2755, hdg: 276, name: 'FGS ALSTER', shipType: 35 });
    expect(p.length).toBe(312);
    const m = decodePacked(p);
    expect(m).toMatchObject({ type: 19, mmsi: 211211450, position: POS_OK, name: 'FGS ALSTER', shipType: 35, heading: 276 });
    expect(m.speed).toBeCloseTo(12.3, 9);
    expect(m.course).toBeCloseTo(275.5, 9);
    expect(m.lon).toBe(6_074_074 / 600_000);
    expect(m.lat).toBeCloseTo(-54.5, 9);
  });
});

describe('class A not-available values (gpsd AIVDM.adoc, Common Navigation Block)', () => {
  it('maps lon 181, lat 91, SOG 1023, COG 3600, heading 511 to NaN', () => {
    const m = decodePacked(type1({ mmsi: 273345000, sog: 1023, lon: 181 * 600_000, lat: 91 * 600_000, cog: 3600, hdg: 511 }));
    expect(m.position).toBe(POS_NOT_AVAILABLE);
    for (const v of [m.lon, m.lat, m.speed, m.course, m.heading]) expect(v).toBeNaN();
  });

  it('keeps 1022 as 102.2 knots and the extremes of valid positions', () => {
    const m = decodePacked(type1({ mmsi: 1, sog: 1022, lon: -180 * 600_000, lat: 90 * 600_000, cog: 3599, hdg: 359 }));
    expect(m.position).toBe(POS_OK);
    expect(m.speed).toBeCloseTo(102.2, 9);
    expect(m.lon).toBe(-180);
    expect(m.lat).toBe(90);
    expect(m.course).toBeCloseTo(359.9, 9);
    expect(m.heading).toBe(359);
  });

  it('tells fill bits that eat into a full-length payload from a truncated one', () => {
    const { payload } = type1({ mmsi: 1, sog: 0, lon: 0, lat: 0, cog: 0, hdg: 0 }).armour();
    expect(payload).toHaveLength(28);
    expect(decode(payload, 2).code).toBe('fill-bits');
    expect(decode(payload.slice(0, 27), 0).code).toBe('truncated');
  });
});

/** Wraps a packed message into `parts` VDM sentences with valid checksums and a c: tag block on the first. */
function sentences(p: BitPacker, parts = 1, timeS = 1_700_000_000): string[] {
  const { payload, fill } = p.armour();
  const size = Math.ceil(payload.length / parts);
  const out: string[] = [];
  const seal = (body: string): string => {
    let x = 0;
    for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
    return x.toString(16).toUpperCase().padStart(2, '0');
  };
  for (let k = 0; k < parts; k++) {
    const body = `AIVDM,${parts},${k + 1},${parts > 1 ? 3 : ''},B,${payload.slice(k * size, (k + 1) * size)},${k === parts - 1 ? fill : 0}`;
    const tag = k === 0 ? `c:${timeS}` : '';
    out.push(`${tag ? `\\${tag}*${seal(tag)}\\` : ''}!${body}*${seal(body)}`);
  }
  return out;
}

describe('packed messages through the reader', () => {
  function run(lines: string[]) {
    const set = emptyObservationSet();
    const r = new NmeaReader(set, 'packed');
    lines.forEach((l, i) => r.line(l, i + 1));
    return { set, s: r.finish() };
  }

  it('puts a type 27 and a type 19 position in the columns and the type 19 identity in the registry', () => {
    const { set, s } = run([
      ...sentences(type27({ mmsi: 273345000, lon: 33.5 * 600, lat: 44.5 * 600, sog: 14, cog: 90 }), 1, 1_700_000_000),
      ...sentences(type19({ mmsi: 211211450, sog: 50, lon: 10 * 600_000, lat: 54 * 600_000, cog: 900, hdg: 90, name: 'FGS ALSTER', shipType: 35 }), 1, 1_700_000_060),
    ]);
    expect(s).toMatchObject({ read: 2, accepted: 2, positions: 2, byMessageType: { 19: 1, 27: 1 } });
    const p = set.positions;
    expect([p.lon[0], p.lat[0], p.speed[0], p.course[0], p.time[0]]).toEqual([33.5, 44.5, 14, 90, 1_700_000_000_000]);
    expect(set.assets.at(p.asset[0]!)).toMatchObject({ id: 'mmsi:273345000', flag: 'RUS' });
    expect(set.assets.get('mmsi:211211450')).toMatchObject({ name: 'FGS ALSTER', aisShipType: 35, flag: 'DEU', mmsi: 211211450 });
    expect(set.assets.get('mmsi:211211450')!.class).toBeUndefined();
  });

  it('counts "not available" positions as accepted without a position, and quarantines impossible ones', () => {
    const { set, s } = run([
      ...sentences(type1({ mmsi: 261000001, sog: 1023, lon: 181 * 600_000, lat: 91 * 600_000, cog: 3600, hdg: 511 })),
      ...sentences(type27({ mmsi: 261000002, lon: 181 * 600, lat: 91 * 600, sog: 63, cog: 511 })),
      ...sentences(type1({ mmsi: 261000003, sog: 10, lon: 190 * 600_000, lat: 10 * 600_000, cog: 0, hdg: 0 })),
    ]);
    expect(s).toMatchObject({ read: 3, accepted: 2, quarantined: 1, positions: 0, noPosition: 2, byReason: { 'bad-position': 1 } });
    expect(set.positions.length).toBe(0);
    expect(set.quarantine[0]!.reason).toMatch(/lon 190, lat 10 is outside/);
  });

  it('cites the last sentence of a multi-part message as the position\'s line', () => {
    const lines = sentences(type19({ mmsi: 219000001, sog: 1, lon: 12 * 600_000, lat: 55 * 600_000, cog: 1, hdg: 1, name: 'X', shipType: 35 }), 3);
    expect(lines).toHaveLength(3);
    const { set, s } = run(['# three-part type 19', ...lines]);
    expect(s).toMatchObject({ read: 3, accepted: 3, positions: 1, ignored: 1 });
    expect(set.positions.line[0]).toBe(4);
    expect(set.positions.observationId(0)).toBe('packed:4');
  });
});
