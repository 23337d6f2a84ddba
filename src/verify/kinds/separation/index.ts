/**
 * separation: assets of opposing parties keep at least a distance apart within a region (the
 * "maximum approach distance between warships and aircraft" of the December 2021 drafts; the
 * incidents-at-sea regime). Each encounter is reported with its closest point of approach.
 *
 * Cost. Comparing every pair of fixes is O(n²). Instead each asset's track becomes segments between
 * consecutive fixes; segments go into time buckets and, inside a bucket, into a grid whose cells are
 * as wide as the search radius. Only segments of opposing sides that share a cell in a bucket are
 * compared. With n fixes, b buckets per segment (1-2 when the bucket is longer than the largest gap)
 * and c cells per segment (small when segments are short against the radius), building is
 * O(n·b·c) and the comparisons are O(k), k the number of opposing segment pairs that are actually
 * near each other: linear in traffic for a fixed density of encounters.
 */
import { z } from 'zod';
import { numberOrParam } from '../../../language/index.js';
import type { EvalContext, FindingDraft } from '../../context.js';
import { evidenceOf, km } from '../../evidence.js';
import { isoTime, round, type Measure } from '../../finding.js';
import { assumptionOf, classesPhrase, placeStep } from '../common.js';
import type { CommitmentKind } from '../types.js';
import { closestApproach, type Approach, type Seg } from './cpa.js';

const params = z.strictObject({
  classes: z.array(z.string()).min(1).describe('Asset classes on every side the commitment covers.'),
  against: z.array(z.string()).optional().describe('Classes of the opposing side, if different (e.g. warships against aircraft).'),
  sides: z.array(z.string()).min(2).optional().describe('The opposing parties; defaults to the obligors.'),
  region: z.string().optional().describe('Where the commitment applies; everywhere if absent.'),
  minDistanceM: numberOrParam(z.number().positive()).describe('Assets must not come closer than this (metres).'),
  riskDistanceM: numberOrParam(z.number().positive()).optional().describe('Closer than this but not breaching is a risk.'),
  maxGapMinutes: z.number().positive().optional().describe('Fixes further apart than this are not interpolated between (default 10).'),
});
type Params = z.infer<typeof params>;

const MIN_SEARCH_M = 5_000;
const M_PER_DEG = 111_320;

interface TrackSeg extends Seg {
  asset: number;
  side: number;
  rowA: number;
  rowB: number;
}

interface Contact {
  a: TrackSeg;
  b: TrackSeg;
  cpa: Approach;
}

function buildSegments(ctx: EvalContext, p: Params, sides: string[], maxGapMs: number): TrackSeg[] {
  const region = p.region ? ctx.region(p.region) : undefined;
  const classA = ctx.classMatcher(p.classes);
  const classB = p.against ? ctx.classMatcher(p.against) : classA;
  const { asset: assetCol, time, lon, lat } = ctx.obs.positions;
  const last = new Map<number, number>();
  const segs: TrackSeg[] = [];
  const inRegion = (r: number) => !region || region.contains(lon[r]!, lat[r]!);
  const push = (asset: number, side: number, ra: number, rb: number) =>
    segs.push({ asset, side, rowA: ra, rowB: rb, t0: time[ra]!, t1: time[rb]!, lon0: lon[ra]!, lat0: lat[ra]!, lon1: lon[rb]!, lat1: lat[rb]! });
  for (const row of ctx.rows) {
    const asset = assetCol[row]!;
    const sideName = ctx.sideOf(asset, time[row]!, sides);
    if (sideName === undefined) continue;
    const side = sides.indexOf(sideName);
    // The first side is held to `classes`, the others to `against` (the same unless given).
    if (!(side === 0 ? classA(asset) : classB(asset))) continue;
    const prev = last.get(asset);
    last.set(asset, row);
    if (prev === undefined || time[row]! - time[prev]! > maxGapMs) {
      if (inRegion(row)) push(asset, side, row, row);
      continue;
    }
    if (inRegion(prev) || inRegion(row)) push(asset, side, prev, row);
  }
  return segs;
}

function findContacts(segs: TrackSeg[], searchM: number, bucketMs: number): Contact[] {
  const cellDeg = searchM / M_PER_DEG;
  const buckets = new Map<number, Map<string, number[]>>();
  segs.forEach((s, i) => {
    const latLo = Math.min(s.lat0, s.lat1) - cellDeg;
    const latHi = Math.max(s.lat0, s.lat1) + cellDeg;
    const cos = Math.max(0.05, Math.cos((Math.max(Math.abs(latLo), Math.abs(latHi)) * Math.PI) / 180));
    const lonPad = cellDeg / cos;
    const x0 = Math.floor((Math.min(s.lon0, s.lon1) - lonPad) / cellDeg);
    const x1 = Math.floor((Math.max(s.lon0, s.lon1) + lonPad) / cellDeg);
    const y0 = Math.floor(latLo / cellDeg);
    const y1 = Math.floor(latHi / cellDeg);
    for (let b = Math.floor(s.t0 / bucketMs); b <= Math.floor(s.t1 / bucketMs); b++) {
      let grid = buckets.get(b);
      if (!grid) buckets.set(b, (grid = new Map()));
      for (let x = x0; x <= x1; x++)
        for (let y = y0; y <= y1; y++) {
          const key = `${x},${y}`;
          const cell = grid.get(key);
          if (cell) cell.push(i);
          else grid.set(key, [i]);
        }
    }
  });
  const seen = new Set<string>();
  const contacts: Contact[] = [];
  for (const grid of buckets.values()) {
    for (const cell of grid.values()) {
      if (cell.length < 2) continue;
      for (let i = 0; i < cell.length; i++) {
        const a = segs[cell[i]!]!;
        for (let j = i + 1; j < cell.length; j++) {
          const b = segs[cell[j]!]!;
          if (a.side === b.side || a.asset === b.asset) continue;
          const key = cell[i]! < cell[j]! ? `${cell[i]}:${cell[j]}` : `${cell[j]}:${cell[i]}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const [first, second] = a.side < b.side ? [a, b] : [b, a];
          const cpa = closestApproach(first, second);
          if (cpa && cpa.metres <= searchM) contacts.push({ a: first, b: second, cpa });
        }
      }
    }
  }
  return contacts;
}

/** Contacts of one pair of assets, split into encounters where they lose touch for longer than maxGap. */
function encounters(contacts: Contact[], maxGapMs: number): Contact[][] {
  const byPair = new Map<string, Contact[]>();
  for (const c of contacts) {
    const key = `${c.a.asset}:${c.b.asset}`;
    const list = byPair.get(key);
    if (list) list.push(c);
    else byPair.set(key, [c]);
  }
  const out: Contact[][] = [];
  for (const list of byPair.values()) {
    list.sort((x, y) => x.cpa.time - y.cpa.time || x.a.rowA - y.a.rowA || x.b.rowA - y.b.rowA);
    let cur: Contact[] = [];
    for (const c of list) {
      const prev = cur[cur.length - 1];
      if (prev && c.cpa.time - prev.cpa.time > maxGapMs) {
        out.push(cur);
        cur = [];
      }
      cur.push(c);
    }
    if (cur.length) out.push(cur);
  }
  return out;
}

function evaluate(ctx: EvalContext, p: Params): FindingDraft[] {
  const sides = p.sides ?? ctx.obligors;
  if (sides.length < 2) throw new Error(`${ctx.agreement.file}: separation commitment "${ctx.commitment.id}" needs two sides (params.sides or two obligors)`);
  const min = ctx.number(p.minDistanceM)!;
  const risk = ctx.number(p.riskDistanceM);
  const minM = min.value;
  const riskM = Math.max(risk?.value ?? minM, minM);
  const searchM = Math.max(riskM, MIN_SEARCH_M);
  const maxGapMs = (p.maxGapMinutes ?? 10) * 60_000;
  const segs = buildSegments(ctx, p, sides, maxGapMs);
  const contacts = findContacts(segs, searchM, Math.max(maxGapMs, 60_000));
  const what = classesPhrase(ctx, [...p.classes, ...(p.against ?? [])]);
  const region = p.region ? ctx.region(p.region) : undefined;
  const steps = [
    ...(region ? [placeStep(region)] : []),
    { step: 'observations', detail: `${segs.length} track segments of ${new Set(segs.map((s) => s.asset)).size} ${what} asset(s) of ${sides.join(' vs ')}` },
    { step: 'method', detail: `segments bucketed by ${Math.round(Math.max(maxGapMs, 60_000) / 60_000)} min and gridded at ${km(searchM)}; closest approach by linear interpolation between fixes, distance geodesic on WGS84 (Karney)` },
  ];
  const sidesSeen = new Set(segs.map((s) => s.side));
  const window = { from: isoTime(ctx.window.from), to: isoTime(ctx.window.to) };
  if (sidesSeen.size < 2) {
    const seen = [...sidesSeen].map((i) => sides[i]).join(', ') || 'no side';
    return [{
      verdict: 'unverifiable', period: window, assets: [], measures: [], evidence: [], evidenceCount: 0, points: [],
      explanation: `Only ${seen} had ${what} assets observed${region ? ` in ${region.id}` : ''} between ${window.from} and ${window.to}; without both sides in the data the distance between them cannot be judged.`,
      trace: steps,
    }];
  }
  const limitMeasure = (m: number): Measure => ({ name: 'closest point of approach', value: round(m, 1), limit: round(minM, 1), unit: 'm', bound: 'min', ...assumptionOf(min) });
  const findings: FindingDraft[] = [];
  let closest: Contact | undefined;
  for (const enc of encounters(contacts, maxGapMs)) {
    const best = enc.reduce((x, y) => (y.cpa.metres < x.cpa.metres ? y : x));
    if (!closest || best.cpa.metres < closest.cpa.metres) closest = best;
    if (best.cpa.metres >= riskM) continue;
    const breach = best.cpa.metres < minM;
    const { a, b, cpa } = best;
    const aId = ctx.obs.assets.at(a.asset).id;
    const bId = ctx.obs.assets.at(b.asset).id;
    const rows = enc.flatMap((c) => [c.a.rowA, c.a.rowB, c.b.rowA, c.b.rowB]);
    const closer = cpa.closingA >= cpa.closingB ? ctx.assetLabel(a.asset) : ctx.assetLabel(b.asset);
    const sideA = sides[a.side]!;
    const sideB = sides[b.side]!;
    findings.push({
      verdict: breach ? 'breach' : 'risk',
      obligor: [sideA, sideB],
      period: { from: isoTime(Math.min(...enc.map((c) => c.cpa.time))), to: isoTime(Math.max(...enc.map((c) => c.cpa.time))) },
      assets: [aId, bId],
      measures: [
        limitMeasure(cpa.metres),
        ...(risk && !breach ? [{ name: 'risk distance', value: round(cpa.metres, 1), limit: round(riskM, 1), unit: 'm', bound: 'min' as const, ...assumptionOf(risk) }] : []),
        { name: `closing speed of ${aId} (start of the closest span)`, value: round(cpa.closingA, 2), limit: null, unit: 'm/s', bound: 'max' },
        { name: `closing speed of ${bId} (start of the closest span)`, value: round(cpa.closingB, 2), limit: null, unit: 'm/s', bound: 'max' },
      ],
      ...evidenceOf(ctx.obs, rows, [a.rowA, a.rowB, b.rowA, b.rowB]),
      points: [
        { asset: aId, time: isoTime(cpa.time), lon: round(cpa.lonA, 6), lat: round(cpa.latA, 6), interpolated: true },
        { asset: bId, time: isoTime(cpa.time), lon: round(cpa.lonB, 6), lat: round(cpa.latB, 6), interpolated: true },
      ],
      explanation: `${ctx.assetLabel(a.asset)}, counted for ${sideA}, and ${ctx.assetLabel(b.asset)}, counted for ${sideB}, came within ${km(cpa.metres)} of each other at ${isoTime(cpa.time)}${region ? ` in ${region.id}` : ''}, ${breach ? 'closer than the agreed minimum' : 'outside the minimum but inside the risk distance'} of ${km(breach ? minM : riskM)}. The instant is interpolated between fixes ${ctx.obs.positions.observationId(a.rowA)}–${ctx.obs.positions.observationId(a.rowB)} and ${ctx.obs.positions.observationId(b.rowA)}–${ctx.obs.positions.observationId(b.rowB)}; the distance is geodesic. ${Math.max(cpa.closingA, cpa.closingB) > 0 ? `${closer} was closing faster (${Math.max(cpa.closingA, cpa.closingB).toFixed(1)} m/s towards the other as that span began).` : 'Neither was closing on the other as that span began.'} The encounter spans ${enc.length} compared segment pair(s).`,
      trace: [...steps, { step: 'figure', detail: `closest point of approach ${km(cpa.metres)} at ${isoTime(cpa.time)}` }, { step: 'limit', detail: `minimum ${km(minM)}${risk ? `, risk below ${km(riskM)}` : ''}` }],
    });
  }
  if (findings.length) return findings;
  const closeText = closest
    ? `the closest point of approach was ${km(closest.cpa.metres)}, between ${ctx.assetLabel(closest.a.asset)} and ${ctx.assetLabel(closest.b.asset)} at ${isoTime(closest.cpa.time)}`
    : `no two opposing assets came within ${km(searchM)} of each other`;
  return [{
    verdict: 'compliant',
    period: window,
    assets: closest ? [ctx.obs.assets.at(closest.a.asset).id, ctx.obs.assets.at(closest.b.asset).id] : [],
    measures: closest ? [limitMeasure(closest.cpa.metres)] : [],
    ...evidenceOf(ctx.obs, closest ? [closest.a.rowA, closest.a.rowB, closest.b.rowA, closest.b.rowB] : []),
    points: closest ? [
      { asset: ctx.obs.assets.at(closest.a.asset).id, time: isoTime(closest.cpa.time), lon: round(closest.cpa.lonA, 6), lat: round(closest.cpa.latA, 6), interpolated: true },
      { asset: ctx.obs.assets.at(closest.b.asset).id, time: isoTime(closest.cpa.time), lon: round(closest.cpa.lonB, 6), lat: round(closest.cpa.latB, 6), interpolated: true },
    ] : [],
    explanation: `Opposing ${what} assets of ${sides.join(' and ')} kept at least ${km(riskM)} apart${region ? ` in ${region.id}` : ''} between ${window.from} and ${window.to}; ${closeText}.`,
    trace: [...steps, { step: 'figure', detail: closeText }, { step: 'limit', detail: `minimum ${km(minM)}` }],
  }];
}

export const separation: CommitmentKind<Params> = {
  kind: 'separation',
  summary: 'assets of opposing parties keep at least a distance apart within a region',
  params,
  evaluate,
};
