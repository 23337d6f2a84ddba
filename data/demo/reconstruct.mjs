/* global console, process */
/**
 * Rebuilds the demo scenario's GeoJSON tracks from the public facts in data/demo/README.md.
 *
 *   node data/demo/reconstruct.mjs            rewrites the .geojson files beside this script
 *   node data/demo/reconstruct.mjs --out DIR  writes them to DIR instead (the tests compare)
 *   node data/demo/reconstruct.mjs --report   also prints the figures the README quotes
 *
 * Everything here is a reconstruction: where a report gives a time, a distance or a speed, the
 * track honours it; everything else (exact positions, headings, the shape of turns) is chosen and
 * marked [U] in the files. Geodesics are WGS84 (Karney, geographiclib) throughout, so the distances
 * the engine measures back are the distances put in.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import geodesic from 'geographiclib-geodesic';
import { feature } from 'topojson-client';

const G = geodesic.Geodesic.WGS84;
const NM = 1852;
const KN = NM / 3600;
const FT = 0.3048;
const YD = 0.9144;
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1] : here;
const report = args.includes('--report');
const say = (...m) => report && console.log(...m);

// ---------------------------------------------------------------------------------------------
// Geometry helpers

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const utc = (s) => Date.parse(s);
const round = (x, d) => Number(x.toFixed(d));
const pos = (lat, lon) => [round(lon, 7), round(lat, 7)];

/** A platform moving along one geodesic at constant speed: where it is, and its heading, at time t. */
function geodesicMover(lat, lon, azimuth, speedMps, t0) {
  const line = G.DirectLine(lat, lon, azimuth, 1);
  return (t) => {
    const p = line.Position(speedMps * ((t - t0) / 1000));
    return { lat: p.lat2, lon: p.lon2, heading: p.azi2 };
  };
}

/**
 * A point given relative to a moving platform: `ahead` metres along its heading and `right` metres
 * to starboard. The geodesic distance from the platform is exactly hypot(ahead, right), which is
 * what lets a reconstructed pass hit a reported closest-approach figure.
 */
function relative(at, ahead, right) {
  const d = Math.hypot(ahead, right);
  if (d === 0) return { lat: at.lat, lon: at.lon };
  const r = G.Direct(at.lat, at.lon, at.heading + (Math.atan2(right, ahead) * 180) / Math.PI, d);
  return { lat: r.lat2, lon: r.lon2 };
}

/** A point `metres` from the platform on an absolute bearing (for arrivals and departures). */
function bearingFrom(at, azimuth, metres) {
  const r = G.Direct(at.lat, at.lon, azimuth, metres);
  return { lat: r.lat2, lon: r.lon2 };
}

const seconds = (t0, t1, step) => {
  const out = [];
  for (let t = t0; t <= t1; t += step * 1000) out.push(t);
  return out;
};

/**
 * Low passes flown beside a ship: each pass runs parallel to the ship's course, `side` metres to
 * starboard (negative: port) at the moment of closest approach, alternately from astern and from
 * ahead, at `relMps` relative to the ship. Vertices every 10 s within +/-30 s of each pass, so the
 * closest approach is itself a vertex.
 */
function beamPasses(ship, passes, relMps) {
  const fixes = [];
  passes.forEach((p, k) => {
    const dir = k % 2 === 0 ? 1 : -1;
    for (let dt = -30; dt <= 30; dt += 10) {
      const t = p.t + dt * 1000;
      fixes.push({ t, ...relative(ship(t), dir * relMps * dt, p.side) });
    }
  });
  return fixes;
}

// ---------------------------------------------------------------------------------------------
// Output: one vertex and one time a line, so each fix has its own line and its own observation id.

function render(value, indent = '') {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v === 'number')) return `[${value.join(', ')}]`;
    return `[\n${value.map((v) => inner + render(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    const flat = entries.every(([, v]) => v === null || typeof v !== 'object');
    // Small records inside lists (events, reported facts) read best on one line.
    if (flat && indent.length > 8) return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${render(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function track(props, fixes) {
  return {
    type: 'Feature',
    properties: { ...props, times: fixes.map((f) => iso(f.t)) },
    geometry: { type: 'LineString', coordinates: fixes.map((f) => pos(f.lat, f.lon)) },
  };
}

function write(name, collection) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, name), `${render(collection)}\n`);
  say(`wrote ${name}: ${collection.features.length} features`);
}

// ---------------------------------------------------------------------------------------------
// a. HMS Defender off Cape Fiolent, 23 June 2021

function naturalEarthCoast(bbox) {
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(readFileSync(require.resolve('world-atlas/land-10m.json'), 'utf8'));
  const land = feature(topo, topo.objects.land);
  const inside = ([x, y]) => x > bbox[0] && x < bbox[2] && y > bbox[1] && y < bbox[3];
  const pts = [];
  for (const f of land.features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const ring of polys.flat()) {
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1];
        const b = ring[i];
        if (!inside(a) && !inside(b)) continue;
        // Densified to 100 m so "nearest vertex" is within centimetres of "nearest point" at 20 km.
        const inv = G.InverseLine(a[1], a[0], b[1], b[0]);
        const n = Math.max(1, Math.ceil(inv.s13 / 100));
        for (let k = 0; k < n; k++) {
          const p = inv.Position((inv.s13 * k) / n);
          pts.push([p.lat2, p.lon2]);
        }
      }
    }
  }
  // A flat-earth distance with the ellipsoid's local scales (meridional and prime-vertical radii
  // at the query latitude) is within ~0.2% of the geodesic one at these ranges: it picks the few
  // candidates, and the geodesic decides among them.
  const { a, f } = G;
  const e2 = f * (2 - f);
  return (lat, lon) => {
    const sin = Math.sin(lat * (Math.PI / 180));
    const w = 1 - e2 * sin * sin;
    const ky = ((a * (1 - e2)) / (w * Math.sqrt(w))) * (Math.PI / 180);
    const kx = (a / Math.sqrt(w)) * Math.cos(lat * (Math.PI / 180)) * (Math.PI / 180);
    const approx = (p) => Math.hypot((p[1] - lon) * kx, (p[0] - lat) * ky);
    let cut = Infinity;
    for (const p of pts) cut = Math.min(cut, approx(p));
    cut = cut * 1.004 + 20;
    let best = Infinity;
    for (const p of pts) {
      if (approx(p) > cut) continue;
      const s = G.Inverse(lat, lon, p[0], p[1]).s12;
      if (s < best) best = s;
    }
    return best;
  };
}

function defender() {
  const CAPE = { lat: 44.5, lon: 33.49 }; // Cape Fiolent as the fact sheet gives it [U]
  const BELT = 12 * NM;
  const DEPTH = 3000; // Russian MoD: up to 3 km inside
  const ENTER = utc('2021-06-23T08:52:00Z'); // 11:52 Moscow time (UTC+3)
  const LEAVE = utc('2021-06-23T09:23:00Z'); // 12:23 Moscow time
  const SPEED = 30 * KN; // the commanding officer's "about 30 knots" (Daily Mail, via alalam.ir)
  const coast = naturalEarthCoast([32.0, 43.8, 35.5, 45.8]);

  // A straight track across the SW corner of Crimea, `offset` metres from the cape on the seaward
  // side, on `heading`: how close it comes to the coast, and where it enters and leaves the belt.
  const lineFor = (heading, offset) => {
    const q = G.Direct(CAPE.lat, CAPE.lon, heading + 90, offset);
    return G.DirectLine(q.lat2, q.lon2, heading, 1);
  };
  const coastAt = (line, s) => {
    const p = line.Position(s);
    return coast(p.lat2, p.lon2);
  };
  const closest = (line) => {
    let bs = 0;
    let bd = Infinity;
    for (let s = -30000; s <= 30000; s += 1000) {
      const d = coastAt(line, s);
      if (d < bd) [bs, bd] = [s, d];
    }
    let lo = bs - 1000;
    let hi = bs + 1000;
    for (let i = 0; i < 40; i++) {
      const m1 = lo + (hi - lo) / 3;
      const m2 = hi - (hi - lo) / 3;
      if (coastAt(line, m1) < coastAt(line, m2)) hi = m2;
      else lo = m1;
    }
    return { s: (lo + hi) / 2, d: coastAt(line, (lo + hi) / 2) };
  };
  // Where the distance to the coast crosses the belt width, between a point inside and one outside.
  const crossing = (line, inside, outside) => {
    for (let i = 0; i < 40; i++) {
      const m = (inside + outside) / 2;
      if (coastAt(line, m) < BELT) inside = m;
      else outside = m;
    }
    return (inside + outside) / 2;
  };
  const chord = (line) => {
    const c = closest(line).s;
    let a = c;
    while (coastAt(line, a) < BELT) a -= 2000;
    let b = c;
    while (coastAt(line, b) < BELT) b += 2000;
    return { sIn: crossing(line, c, a), sOut: crossing(line, c, b) };
  };
  // Moving the line sideways moves its closest approach by about as much, so a few fixed-point
  // steps converge to the millimetre.
  const offsetFor = (heading) => {
    let offset = 20000;
    for (let i = 0; i < 8; i++) offset += BELT - DEPTH - closest(lineFor(heading, offset)).d;
    return offset;
  };
  // The heading is the one free choice: pick it so that 30 kn covers the belt chord in exactly the
  // 31 minutes between the MoD's entry and exit times. Steeper crossings give shorter chords.
  const wanted = (SPEED * (LEAVE - ENTER)) / 1000;
  let hLo = 130;
  let hHi = 145;
  for (let i = 0; i < 12; i++) {
    const h = (hLo + hHi) / 2;
    const c = chord(lineFor(h, offsetFor(h)));
    if (c.sOut - c.sIn > wanted) hLo = h;
    else hHi = h;
  }
  const heading = round((hLo + hHi) / 2, 2);
  const offset = offsetFor(heading);
  const line = lineFor(heading, offset);
  const { sIn } = chord(line);
  const entry = line.Position(sIn);
  const ship = geodesicMover(entry.lat2, entry.lon2, entry.azi2, SPEED, ENTER);
  // A fix a minute, plus one at every instant the Su-24M below has a fix, so that its pass is
  // measured between two fixes rather than against an interpolation.
  const su24mTimes = seconds(utc('2021-06-23T09:17:00Z'), utc('2021-06-23T09:20:00Z'), 10);
  const times = [...new Set([...seconds(utc('2021-06-23T08:30:00Z'), utc('2021-06-23T09:45:00Z'), 60), ...su24mTimes])].sort((a, b) => a - b);
  const fixes = times.map((t) => ({ t, ...ship(t) }));
  const exitAt = ship(LEAVE);
  say(`Defender: heading ${heading}, offset from cape ${(offset / 1000).toFixed(3)} km, chord wanted ${(wanted / 1000).toFixed(2)} km`);
  say(`  entry ${entry.lat2.toFixed(5)},${entry.lon2.toFixed(5)} coast ${(coast(entry.lat2, entry.lon2) / 1000).toFixed(3)} km; exit ${exitAt.lat.toFixed(5)},${exitAt.lon.toFixed(5)} coast ${(coast(exitAt.lat, exitAt.lon) / 1000).toFixed(3)} km`);
  let deepest = { d: Infinity };
  for (const f of fixes) {
    const d = coast(f.lat, f.lon);
    if (d < deepest.d) deepest = { d, t: f.t };
  }
  say(`  deepest vertex ${iso(deepest.t)} coast ${(deepest.d / 1000).toFixed(3)} km`);
  // Closest approach to the cape coordinate, sampled every 10 m along each segment.
  let toCape = { d: Infinity };
  for (let i = 1; i < fixes.length; i++) {
    const a = fixes[i - 1];
    const b = fixes[i];
    const seg = G.InverseLine(a.lat, a.lon, b.lat, b.lon);
    for (let s = 0; s <= seg.s13; s += 10) {
      const p = seg.Position(s);
      const d = G.Inverse(p.lat2, p.lon2, CAPE.lat, CAPE.lon).s12;
      if (d < toCape.d) toCape = { d, t: a.t + ((b.t - a.t) * s) / seg.s13, lat: p.lat2, lon: p.lon2 };
    }
  }
  say(`  closest to cape ${(toCape.d / 1000).toFixed(3)} km at ${iso(Math.round(toCape.t / 1000) * 1000)} (${toCape.lat.toFixed(5)}, ${toCape.lon.toFixed(5)})`);

  const MOD = 'Russian MoD timeline (Moscow time, UTC+3) via onenewspage.com; pledgetimes.com; golos.com.ua; portsmouth.co.uk; pravdatutnews.com (RIA Novosti); lenta.ru 2021-06-23';
  const UK = 'UK written statement "Exercises in the Black Sea", 24 Jun 2021 (parallelparliament.co.uk)';
  const speedSrc = 'Cdr Vincent Owen to the Daily Mail, via alalam.ir: Defender at about 30 kn, the Russian ships at most 21 kn';
  const defenderFeature = track(
    {
      asset: 'demo:hms-defender',
      name: 'HMS Defender (D36)',
      party: 'GBR',
      class: 'surface-warship',
      source: `${MOD}; ${UK}; ${speedSrc}`,
      confidence: 'U',
      reconstruction:
        'Straight geodesic at 30 kn across the SW corner of Crimea, placed so that its distance from the Natural Earth 10m coastline is under 12 nmi from exactly 08:52 to 09:23 UTC and at least 19.224 km (12 nmi minus 3 km) throughout; heading chosen so that 30 kn covers that chord in those 31 minutes. Positions are a reconstruction, not a recording.',
      reported: [
        { fact: 'crossed into the claimed territorial sea at 11:52 Moscow time (08:52 UTC)', source: MOD, confidence: 'V' },
        { fact: 'went up to ~3 km inside, off Cape Fiolent', source: MOD, confidence: 'V' },
        { fact: 'left the territorial sea at 12:23 Moscow time (09:23 UTC)', source: MOD, confidence: 'V' },
        { fact: 'UK: entered the TSS inside Ukrainian territorial waters at 09:50 BST (08:50 UTC), left at 10:26 BST (09:26 UTC); innocent passage', source: UK, confidence: 'V' },
        { fact: 'about 30 kn', source: speedSrc, confidence: 'P' },
      ],
    },
    fixes,
  );

  // Two FSB coastguard ships came within ~100 m (BBC) / 90-180 m (the CO). Which ship, when and on
  // which side are not reported: here one closes to 100 m and one to 180 m on the landward (port)
  // side while being overtaken, at speeds at or under the reported 21 kn.
  const patrol = (id, name, cpaTime, cpaMetres) => {
    const t0 = utc('2021-06-23T08:40:00Z');
    const t1 = utc('2021-06-23T09:40:00Z');
    // Defender's 30 kn against 20 kn along track plus 3 m/s sideways: about 20.8 kn over the
    // ground, inside the 21 kn the CO gave for the Russian ships.
    const overtake = 10 * KN;
    const fx = seconds(t0, t1, 60).map((t) => {
      const dt = (t - cpaTime) / 1000;
      // Closes from up to 4 km out on the port side, holds the reported distance for 4 minutes
      // either side of the moment Defender passes abeam, then opens out again.
      const lateral = -(cpaMetres + Math.min(4000, (Math.abs(dt) > 240 ? Math.abs(dt) - 240 : 0) * 3));
      return { t, ...relative(ship(t), -overtake * dt, lateral) };
    });
    return track(
      {
        asset: id,
        name,
        party: 'RUS',
        class: 'military-vessel',
        source: 'BBC (Jonathan Beale) via londondaily.com and portsmouth.co.uk: two Russian coastguard ships at times ~100 m away; Cdr Owen via alalam.ir (Daily Mail): Russian ships within about 90-180 m, at most 21 kn; MoD timeline (warning fire 12:06 and 12:08 Moscow time) via pravdatutnews.com (RIA Novosti)',
        confidence: 'U',
        reconstruction: `Positions relative to HMS Defender: closes from the port (landward) side to ${cpaMetres} m abeam at ${iso(cpaTime)} and keeps that distance for 4 minutes either side while Defender overtakes at 10 kn relative, then opens out (at most ~20.8 kn over the ground). Which of the two ships came how close, and when, is not reported [U].`,
        events: [
          { time: '2021-06-23T09:06:00Z', what: 'warning fire by a border patrol ship (Russian MoD; UK: gunnery exercise astern, out of range)', confidence: 'V' },
          { time: '2021-06-23T09:08:00Z', what: 'second warning fire (Russian MoD)', confidence: 'V' },
        ],
      },
      fx,
    );
  };
  const patrol1 = patrol('demo:rus-fsb-patrol-ship-1', 'Russian FSB Border Service patrol ship (1 of 2, unidentified)', utc('2021-06-23T09:00:00Z'), 100);
  const patrol2 = patrol('demo:rus-fsb-patrol-ship-2', 'Russian FSB Border Service patrol ship (2 of 2, unidentified)', utc('2021-06-23T09:06:00Z'), 180);

  // The Su-24M of 12:19 Moscow time. The MoD says it dropped four OFAB-250 "along the ship's
  // course"; the UK says aircraft overflew as low as ~500 ft and no bombs fell in its path. Here it
  // overtakes along the ship's course from astern, passes over it and is 2 km ahead at 09:19:00.
  const bomber = [];
  const overtake = 200; // m/s relative, an assumption; puts the overflight on a vertex (09:18:50)
  for (const t of su24mTimes) {
    const dt = (t - utc('2021-06-23T09:19:00Z')) / 1000;
    bomber.push({ t, ...relative(ship(t), 2000 + overtake * dt, 0) });
  }
  const su24m = track(
    {
      asset: 'demo:rus-su24m-2021-06-23',
      name: 'Russian Su-24M (unidentified)',
      party: 'RUS',
      class: 'combat-aircraft',
      source: `${MOD}; ${UK} (overflights, lowest ~500 ft)`,
      confidence: 'U',
      reconstruction:
        'Positions relative to HMS Defender: along its course from astern at 200 m/s relative [U], directly over it (horizontal distance 0; height not modelled, lowest overflight reported ~500 ft) at 09:18:50 [U], and 2 km ahead of it at 09:19:00 UTC, the MoD time of the bomb release. Distance of the release ahead of the ship is not reported [U].',
      events: [{ time: '2021-06-23T09:19:00Z', what: 'four OFAB-250 bombs dropped along the ship\'s course (Russian MoD); denied by the UK', confidence: 'V' }],
    },
    bomber,
  );

  write('hms-defender-2021-06-23.geojson', {
    type: 'FeatureCollection',
    name: 'HMS Defender off Cape Fiolent, 23 June 2021',
    description: 'Reconstruction from public reports; not a recording. See data/demo/README.md.',
    features: [defenderFeature, patrol1, patrol2, su24m],
  });
}

// ---------------------------------------------------------------------------------------------
// b. USS Donald Cook in the Baltic, 11-12 April 2016

function donaldCook2016() {
  const BALTIYSK = { lat: 54.65, lon: 19.9 }; // [U] general knowledge
  const centre = G.Direct(BALTIYSK.lat, BALTIYSK.lon, 315, 70 * NM); // 70 nmi, to the NW [U]
  const SHIP_KN = 12; // [U]
  const HEADING = 270; // [U]
  const EUCOM = 'EUCOM release 16-09, 13 Apr 2016 (videoblogsterpro.com mirror; americanmilitarynews.com; news.usni.org 2016-04-13; airandspaceforces.com)';
  const WHERE = 'Pravda 2016-04-14 via derechos.org (some 70 nmi from Kaliningrad); wprost.pl (Sky News, TVN24: had just left Gdynia, 70 nmi from Kaliningrad)';
  const day = (mid) => geodesicMover(centre.lat2, centre.lon2, HEADING, SHIP_KN * KN, utc(mid));
  const ship11 = day('2016-04-11T13:05:00Z');
  const ship12 = day('2016-04-12T15:25:00Z');
  const shipFixes = (ship, t0, t1) => {
    const ts = new Set(seconds(utc(t0), utc(t1), 60));
    return [...ts].sort((a, b) => a - b).map((t) => ({ t, ...ship(t) }));
  };
  // The ship also gets a vertex at every instant an aircraft vertex has, so closest approaches are
  // measured between two real fixes and not against an interpolation.
  const withTimes = (ship, base, extra) => {
    const all = new Set([...base.map((f) => f.t), ...extra]);
    return [...all].sort((a, b) => a - b).map((t) => ({ t, ...ship(t) }));
  };

  // 11 April, ~15:00 CEST (13:00 UTC): two Su-24s, ~20 passes "within 1,000 yards". No closer
  // figure is given for the day, so every pass is placed at that bound.
  const passes11 = (first, side) => Array.from({ length: 10 }, (_, k) => ({ t: utc(first) + k * 120_000, side }));
  const a11 = beamPasses(ship11, passes11('2016-04-11T12:55:00Z', -1000 * YD), 200);
  const b11 = beamPasses(ship11, passes11('2016-04-11T12:56:00Z', 1000 * YD), 200);

  // 12 April, ~17:00 CEST: Ka-27 makes seven low circles; 40 minutes later two Su-24s make 11
  // passes, the closest ~30 ft laterally.
  const KA_RADIUS = 400; // [U]
  const KA_PERIOD = 72; // s per circle [U]; 6 s between vertices
  const kaStart = utc('2016-04-12T15:00:00Z');
  const ka = [];
  ka.push({ t: kaStart - 180_000, ...bearingFrom(ship12(kaStart - 180_000), 135, 12_000) });
  for (let i = 0; i <= 7 * 12; i++) {
    const t = kaStart + (i * KA_PERIOD * 1000) / 12;
    const ang = (i * 30 * Math.PI) / 180;
    ka.push({ t, ...relative(ship12(t), KA_RADIUS * Math.cos(ang), KA_RADIUS * Math.sin(ang)) });
  }
  const kaEnd = ka[ka.length - 1].t;
  ka.push({ t: kaEnd + 180_000, ...bearingFrom(ship12(kaEnd + 180_000), 135, 12_000) });

  const CLOSEST = 30 * FT;
  const a12p = Array.from({ length: 6 }, (_, k) => ({ t: utc('2016-04-12T15:40:00Z') + k * 120_000, side: k === 2 ? -CLOSEST : -1000 * YD }));
  const b12p = Array.from({ length: 5 }, (_, k) => ({ t: utc('2016-04-12T15:41:00Z') + k * 120_000, side: 1000 * YD }));
  const a12 = beamPasses(ship12, a12p, 200);
  const b12 = beamPasses(ship12, b12p, 200);

  // Arrivals from and departures towards Kaliningrad (bearing ~135 deg from the ship), 25 km out.
  const frame = (ship, fixes) => {
    const first = fixes[0].t - 120_000;
    const last = fixes[fixes.length - 1].t + 120_000;
    return [{ t: first, ...bearingFrom(ship(first), 135, 25_000) }, ...fixes, { t: last, ...bearingFrom(ship(last), 135, 25_000) }];
  };
  const su24 = (id, name, fixes, extra) =>
    track(
      {
        asset: id,
        name,
        party: 'RUS',
        class: 'combat-aircraft',
        source: `${EUCOM}; news-press.com 2016-04-13 (USA Today: closest pass ~30 ft at 100 ft altitude); politicit.com (AFP: 30 ft); ${WHERE}`,
        confidence: 'U',
        ...extra,
      },
      fixes,
    );
  const f11 = [...a11, ...b11].map((f) => f.t);
  const f12 = [...ka, ...a12, ...b12].map((f) => f.t);
  const cook11 = withTimes(ship11, shipFixes(ship11, '2016-04-11T12:40:00Z', '2016-04-11T13:30:00Z'), f11.filter((t) => t >= utc('2016-04-11T12:40:00Z') && t <= utc('2016-04-11T13:30:00Z')));
  const cook12 = withTimes(ship12, shipFixes(ship12, '2016-04-12T14:50:00Z', '2016-04-12T16:05:00Z'), f12.filter((t) => t >= utc('2016-04-12T14:50:00Z') && t <= utc('2016-04-12T16:05:00Z')));

  const cookProps = (extra) => ({
    asset: 'demo:uss-donald-cook',
    name: 'USS Donald Cook (DDG-75)',
    party: 'USA',
    class: 'surface-warship',
    source: `${EUCOM}; ${WHERE}`,
    confidence: 'U',
    ...extra,
  });
  const passNote = (n, bound) => `${n} passes beside the ship, parallel to its course, alternately from astern and ahead at 200 m/s relative [U]; ${bound}. Vertices every 10 s within 30 s of each pass; the closest approach of each pass is a vertex.`;

  write('donald-cook-2016-04-12.geojson', {
    type: 'FeatureCollection',
    name: 'USS Donald Cook in the Baltic, 11-12 April 2016',
    description: 'Reconstruction from public reports; not a recording. See data/demo/README.md.',
    features: [
      track(
        cookProps({
          reconstruction: `Straight geodesic on ${HEADING} deg at ${SHIP_KN} kn [U], centred 70 nmi from Baltiysk on a bearing of 315 deg [U] at 13:05 UTC. Local time CEST = UTC+2.`,
          reported: [
            { fact: '11 Apr ~15:00 local: deck-landing drills with an allied (Polish) helicopter; two Su-24s made numerous close-range, low passes', source: EUCOM, confidence: 'V' },
            { fact: 'some 70 nmi from Kaliningrad, in international waters', source: WHERE, confidence: 'V' },
          ],
        }),
        cook11,
      ),
      track(
        cookProps({
          reconstruction: `Same straight geodesic (${HEADING} deg, ${SHIP_KN} kn [U]), centred on the same point at 15:25 UTC on 12 April.`,
          reported: [
            { fact: '12 Apr ~17:00 local: a Ka-27 made seven low circles around the ship', source: EUCOM, confidence: 'V' },
            { fact: 'about 40 minutes later two Su-24s made 11 close-range, low passes in a simulated attack profile', source: EUCOM, confidence: 'V' },
            { fact: 'closest pass ~30 ft (9 m) at <100 ft altitude', source: 'news-press.com 2016-04-13; politicit.com (AFP)', confidence: 'V' },
          ],
        }),
        cook12,
      ),
      su24('demo:rus-su24-2016-a', 'Russian Su-24 "A" (unidentified)', frame(ship11, a11), {
        reconstruction: passNote(10, 'all at 1,000 yd (914 m) to port: the reports bound the 11 April passes by 1,000 yd and give no closer figure'),
      }),
      su24('demo:rus-su24-2016-b', 'Russian Su-24 "B" (unidentified)', frame(ship11, b11), {
        reconstruction: passNote(10, 'all at 1,000 yd (914 m) to starboard, as for aircraft A'),
      }),
      track(
        {
          asset: 'demo:rus-ka27-2016',
          name: 'Russian Ka-27 Helix (unidentified)',
          party: 'RUS',
          class: 'military-helicopter',
          source: `${EUCOM}; ${WHERE}`,
          confidence: 'U',
          reconstruction: `Seven circles of ${KA_RADIUS} m radius [U] around the moving ship, ${KA_PERIOD} s each [U], from 15:00 UTC (17:00 CEST); 12 vertices a circle (chords pass at ${(KA_RADIUS * Math.cos(Math.PI / 12)).toFixed(0)} m). Arrives from and leaves towards Kaliningrad.`,
        },
        ka,
      ),
      su24('demo:rus-su24-2016-a', 'Russian Su-24 "A" (unidentified)', frame(ship12, a12), {
        reconstruction: passNote(6, 'the third (15:44:00 UTC, 17:44 CEST) at 30 ft (9.144 m) to port, the reported closest pass; the others at 1,000 yd (914 m) [U], since no figure is reported for them'),
      }),
      su24('demo:rus-su24-2016-b', 'Russian Su-24 "B" (unidentified)', frame(ship12, b12), {
        reconstruction: passNote(5, 'all at 1,000 yd (914 m) to starboard [U]'),
      }),
    ],
  });
  say(`Donald Cook 2016 centre ${centre.lat2.toFixed(4)}, ${centre.lon2.toFixed(4)}`);
}

// ---------------------------------------------------------------------------------------------
// c. USS Donald Cook in the western Black Sea, 12 April 2014

function donaldCook2014() {
  const CENTRE = { lat: 43.8, lon: 30.6 }; // [U] "western Black Sea, international waters"
  const T0 = utc('2014-04-12T12:00:00Z'); // time of day not reported [U]
  const ship = geodesicMover(CENTRE.lat, CENTRE.lon, 90, 12 * KN, T0 + 45 * 60_000);
  const passes = Array.from({ length: 12 }, (_, k) => ({ t: T0 + 120_000 + k * 450_000, side: (k % 2 === 0 ? -1 : 1) * 1000 * YD }));
  const su = beamPasses(ship, passes, 180);
  const first = su[0].t - 120_000;
  const last = su[su.length - 1].t + 120_000;
  const suFixes = [{ t: first, ...bearingFrom(ship(first), 60, 30_000) }, ...su, { t: last, ...bearingFrom(ship(last), 60, 30_000) }];
  const shipTimes = new Set([...seconds(T0 - 10 * 60_000, T0 + 100 * 60_000, 60), ...su.map((f) => f.t)]);
  const shipFixes = [...shipTimes].sort((a, b) => a - b).map((t) => ({ t, ...ship(t) }));
  const SRC = 'popularmilitary.com; upi.com 2014-04-14; intpolicydigest.org; news.usni.org 2016-04-13 (recap: 1,000 yd at 500 ft)';
  write('donald-cook-2014-04-12-black-sea.geojson', {
    type: 'FeatureCollection',
    name: 'USS Donald Cook in the western Black Sea, 12 April 2014',
    description: 'Reconstruction from public reports; not a recording. Position and time of day are not reported. See data/demo/README.md.',
    features: [
      track(
        {
          asset: 'demo:uss-donald-cook',
          name: 'USS Donald Cook (DDG-75)',
          party: 'USA',
          class: 'surface-warship',
          source: SRC,
          confidence: 'U',
          reconstruction: 'Straight geodesic east at 12 kn [U] through 43.8 N, 30.6 E [U] (western Black Sea, international waters, between the Bosphorus and Constanta). The time of day is not reported: the 90 minutes are placed at 12:00-13:30 UTC [U].',
          reported: [
            { fact: 'arrived in the Black Sea on 10 April; called at Constanta on 14 April', source: 'upi.com 2014-04-14', confidence: 'V' },
            { fact: 'patrolling in the western Black Sea, in international waters', source: 'popularmilitary.com', confidence: 'V' },
          ],
        },
        shipFixes,
      ),
      track(
        {
          asset: 'demo:rus-su24-2014',
          name: 'Russian Su-24 (unidentified; the one of two that made the passes)',
          party: 'RUS',
          class: 'combat-aircraft',
          source: SRC,
          confidence: 'U',
          reconstruction:
            '12 passes over 90 minutes (one every 7.5 min), beside the ship alternately to port and starboard, all at 1,000 yd (914 m), the reported closest approach (no pass is reported closer; the others are not reported). The aircraft "never overflew" the ship. Altitude (sea level to ~2,000 ft) is not modelled. The wingman, which stayed higher, has no reported position and is not reconstructed.',
          reported: [
            { fact: 'one Su-24 of two made 12 passes over about 90 minutes', source: 'upi.com 2014-04-14; popularmilitary.com', confidence: 'V' },
            { fact: 'closest about 1,000 yd at about 500 ft', source: 'popularmilitary.com; news.usni.org 2016-04-13', confidence: 'V' },
          ],
        },
        suFixes,
      ),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// d. MQ-9 Reaper and two Su-27s, 14 March 2023

function mq9() {
  const SEVASTOPOL = { lat: 44.6167, lon: 33.5254 }; // [U] general knowledge
  const hit = G.Direct(SEVASTOPOL.lat, SEVASTOPOL.lon, 225, 60_000); // "60 km SW", unconfirmed
  const HIT = utc('2023-03-14T06:03:00Z'); // 07:03 CET
  const SPEED = 300 / 3.6; // m/s [U]
  // Heading NE at the moment of contact (the Russian MoD said it was heading for the border) [U].
  const start = G.Direct(hit.lat2, hit.lon2, 225, SPEED * 33 * 60);
  const line = G.InverseLine(start.lat2, start.lon2, hit.lat2, hit.lon2);
  const t0 = HIT - 33 * 60_000;
  const drone = (t) => {
    const p = line.Position(Math.min(line.s13, SPEED * ((t - t0) / 1000)));
    return { lat: p.lat2, lon: p.lon2, heading: p.azi2 };
  };
  const times = seconds(t0, HIT, 30);
  const BELBEK = { lat: 44.69, lon: 33.57 }; // [U] the airfield the fighters are assumed to come from
  const toward = (at) => G.Inverse(at.lat, at.lon, BELBEK.lat, BELBEK.lon).azi1;

  // Escort 1 km abeam [U]; cut across the drone's nose 150 m ahead and back out on the same side
  // (fuel dumping) [U]; for aircraft A the contact at 06:03:00 (distance 0).
  const fighter = (side, fronts, collide) => {
    const fx = [];
    const join = utc('2023-03-14T05:33:00Z');
    const cut = { [-30_000]: [0, 1000], 0: [150, 0], 30_000: [300, 1000] };
    fx.push({ t: join - 300_000, ...bearingFrom(drone(join - 300_000), toward(drone(join)), 60_000) });
    for (const t of seconds(join, HIT, 30)) {
      const front = fronts.find((f) => Math.abs(t - f) <= 30_000);
      if (collide && t === HIT) fx.push({ t, ...relative(drone(t), 0, 0) });
      else if (front !== undefined) {
        const [ahead, right] = cut[t - front];
        fx.push({ t, ...relative(drone(t), ahead, side * right) });
      } else fx.push({ t, ...relative(drone(t), 0, side * 1000) });
    }
    const t = HIT + 420_000;
    fx.push({ t, ...bearingFrom(drone(HIT), toward(drone(HIT)), 40_000) });
    return fx;
  };
  const EUCOM = 'US EUCOM statement of 14 Mar 2023 via upi.com 2023-03-14, babel.ua, censor.net, libertatea.ro (EPA caption: ~07:03 CET)';
  const WHERE = 'legitgov.org 2023-03-14 (unconfirmed Russian media: ~60 km SW of Sevastopol); socialbites.ca (wreck ~60 km from the coast); other accounts: 70-75 nmi SW of Crimea at 25,000 ft (NYT via en.topcor.ru), southeast of Snake Island (Ukrainian officials, NYT)';
  const DURATION = 'wp.pl (Su-27s followed it 30-40 minutes); ruavia.su (Pentagon: about half an hour)';
  write('mq9-2023-03-14.geojson', {
    type: 'FeatureCollection',
    name: 'MQ-9 Reaper and two Su-27s over the Black Sea, 14 March 2023',
    description: 'Reconstruction from public reports; not a recording. The position is unconfirmed. See data/demo/README.md.',
    features: [
      track(
        {
          asset: 'demo:usaf-mq9-2023-03-14',
          name: 'USAF MQ-9 Reaper',
          party: 'USA',
          class: 'uav',
          source: `${EUCOM}; ${WHERE}; ${DURATION}`,
          confidence: 'U',
          reconstruction: 'Straight geodesic at 300 km/h [U] ending at the contact point, 60 km from Sevastopol on a bearing of 225 deg (unconfirmed), at 06:03:00 UTC (07:03 CET), heading NE [U] (Russian MoD: heading for the border). Starts 33 minutes earlier so the reported 30-40 minute intercept fits.',
          reported: [
            { fact: 'at about 07:03 CET a Su-27 struck the MQ-9\'s propeller; US forces brought it down in international waters', source: EUCOM, confidence: 'V' },
            { fact: 'Russia: no contact; transponder off; inside the declared temporary airspace-restriction area, heading for the border', source: 'sputnikglobe.com; english.pravda.ru 2023-03-16', confidence: 'V' },
            { fact: 'position: ~60 km SW of Sevastopol (unconfirmed)', source: WHERE, confidence: 'U' },
          ],
        },
        times.map((t) => ({ t, ...drone(t) })),
      ),
      track(
        {
          asset: 'demo:rus-su27-2023-a',
          name: 'Russian Su-27 "A" (unidentified; the one that struck the MQ-9)',
          party: 'RUS',
          class: 'combat-aircraft',
          source: `${EUCOM}; ${DURATION}`,
          confidence: 'U',
          reconstruction: 'Joins at 05:33 UTC from the direction of Belbek [U], escorts 1 km to starboard [U], cuts across its nose 150 m ahead at 05:45 and 05:52 [U] (fuel dumping, reported "several times"), and is at the drone\'s position at 06:03:00 UTC (contact: distance 0). Leaves towards Belbek.',
        },
        fighter(1, [utc('2023-03-14T05:45:00Z'), utc('2023-03-14T05:52:00Z')], true),
      ),
      track(
        {
          asset: 'demo:rus-su27-2023-b',
          name: 'Russian Su-27 "B" (unidentified)',
          party: 'RUS',
          class: 'combat-aircraft',
          source: `${EUCOM}; ${DURATION}`,
          confidence: 'U',
          reconstruction: 'Joins at 05:33 UTC from the direction of Belbek [U], escorts 1 km to port [U], cuts across its nose 150 m ahead at 05:48 and 05:58 [U]. Leaves towards Belbek.',
        },
        fighter(-1, [utc('2023-03-14T05:48:00Z'), utc('2023-03-14T05:58:00Z')], false),
      ),
    ],
  });
  say(`MQ-9 contact point ${hit.lat2.toFixed(5)}, ${hit.lon2.toFixed(5)}`);
}

// ---------------------------------------------------------------------------------------------
// e. Aegis Ashore sites

function sites() {
  const point = (props, lat, lon) => ({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: pos(lat, lon) } });
  write('sites.geojson', {
    type: 'FeatureCollection',
    name: 'Aegis Ashore sites in Poland and Romania',
    description: 'Point features; `time` is the date the site was declared operational or accepted (00:00 UTC of that date).',
    features: [
      point(
        {
          asset: 'demo:aegis-ashore-redzikowo',
          name: 'Aegis Ashore, NSF Redzikowo (Poland)',
          party: 'USA',
          host: 'POL',
          class: 'missile-defence-site',
          system: 'sm-3',
          interceptors: '24 x SM-3 Block IIA; SPY-1D(V) radar',
          time: '2023-12-15T00:00:00Z',
          timeMeaning: 'accepted by the US Navy on 15 Dec 2023 (construction began 13 May 2016; NATO command and control from Jul 2024)',
          source: 'coordinates: forgottenairfields.com; de.zxc.wiki (Redzikowo airfield EPSK, 54 28 44 N, 17 06 27 E). Status: altair.com.pl 41986/43605; vuink.com (MDA testimony); stripes.com 2024-12-23',
          confidence: 'V',
          coordinatesNote: 'the airfield reference point; the site lies at the airfield, about 5 km east of Slupsk',
        },
        54.4789,
        17.1075,
      ),
      point(
        {
          asset: 'demo:aegis-ashore-deveselu',
          name: 'Aegis Ashore, NSF Deveselu (Romania)',
          party: 'USA',
          host: 'ROU',
          class: 'missile-defence-site',
          system: 'sm-3',
          interceptors: '24 x SM-3 Block IA',
          time: '2016-05-12T00:00:00Z',
          timeMeaning: 'declared operational on 12 May 2016 (NSF established Oct 2014)',
          source: 'status: weltmx.blogspot.com; soft.lk/key/Deveselu; altair.com.pl news_id=41986; naslovi.net (Tango Six, 2016-05-31). Coordinates: see coordinatesCandidates',
          confidence: 'U',
          coordinatesVerified: false,
          coordinatesNote:
            'NOT VERIFIED against imagery. The point used is the one two independent web pages agree on (within ~0.5 km); the two candidates in the fact sheet, from public code datasets, disagree with it and with each other. A third dataset value, 44.08 N 28.35 E, is clearly wrong (that is near the Black Sea coast) and is not used.',
          coordinatesCandidates: [
            { lat: 44.078667, lon: 24.413417, source: '99th Military Base Deveselu article (Wikipedia text via pinocchiopedia.com); wikimapia.org/31498906 gives 44 04 38 N, 24 25 06 E', used: true },
            { lat: 43.9977, lon: 24.4338, source: 'public code dataset (fact sheet §10)', used: false },
            { lat: 44.1, lon: 24.09, source: 'public code dataset (fact sheet §10)', used: false },
          ],
        },
        44.078667,
        24.413417,
      ),
    ],
  });
}

defender();
donaldCook2016();
donaldCook2014();
mq9();
sites();
