/**
 * Live evaluation: findings as observations arrive, with the same evaluators as batch, and at the
 * end of the stream exactly the findings `check()` gives on the same data.
 *
 * Design: each evaluation runs `check()` over everything received so far, on a copy of the assets
 * attributed the way a batch run attributes them (registries, then the catalogue, applied after the
 * readers: see `LiveOptions.attribute`), and reports what changed since the previous evaluation,
 * keyed by a live id that stays the same while a finding grows (a breach stretch extending, a risk
 * turning into a breach, a compliant verdict's closest approach getting closer). Batch ids
 * (`agreement/commitment/view/n`) are renumbered as findings are inserted, so they cannot key
 * updates; the live id is the finding's commitment and view plus what the finding is about.
 *
 * Exactness comes from construction rather than from a second implementation: the last evaluation
 * is `check()` itself on the same observation set a batch run builds, so its findings are
 * byte-identical to `redline check` on the same input.
 *
 * Cost: an evaluation is one batch check over the n positions received so far: sorting the rows by
 * time, O(n log n), plus per commitment and view a pass over its rows (a cached class test for
 * most, the geometry for fixes of covered assets), O(n + m·g) with m covered fixes and g the cost
 * of one place query. Geometry answers are memoised per region, so a fix is measured once over the
 * run rather than once per evaluation. An evaluation is skipped outright when no position of an
 * asset that any commitment could cover has arrived since the last one (see canSkip): the
 * covered ships are a few among thousands, and on the DMA files 5 to 13 of 35 ticks are skipped
 * (more on feeds where they report seldom). With
 * evaluations every k new positions, a stream of N positions costs O((N/k)·N log N) in all:
 * quadratic in the stream's length for a fixed k. Measured on the four real DMA files (34,150
 * positions), k = 1000, on the shared 2-core machine: 35 ticks, 30 evaluations run, median 25 ms
 * each, about 1.1 s in all; the same data four times over (136,600 positions): 137 ticks, median
 * 85 ms, 17 s in all. This is the simplest design that is exact, and it suits feeds of up to a few
 * hundred thousand positions between restarts; beyond that, the way on is to re-evaluate only
 * rows within each kind's horizon (30 min for keep-out and standoff stretches, the separation gap
 * for encounters), per commitment, which needs the kinds to expose their per-stretch state.
 */
import type { Agreement } from '../language/index.js';
import type { Nearest, Region } from '../geo/types.js';
import { AssetRegistry, emptyObservationSet, type ObservationSet } from '../observations/model.js';
import type { GeoResolver } from './context.js';
import { check, type CheckOptions } from './engine.js';
import type { Finding } from './finding.js';

export interface LiveOptions extends CheckOptions {
  /**
   * Gives the assets their attributes as a batch run does after reading: registry files, then the
   * asset catalogue (`attributeAssets`). Called at each evaluation on a fresh copy of the assets as
   * the readers left them, so an asset first seen mid-stream is attributed before it is judged and
   * readers keep seeing the assets as a batch reader would (AIS identity is not frozen by a
   * registry applied early).
   */
  attribute?: (set: ObservationSet) => void;
}

export type LiveEventKind = 'new' | 'update' | 'withdrawn';

export interface LiveEvent {
  event: LiveEventKind;
  /** Stable across evaluations while the finding is the same finding (see liveIdOf). */
  liveId: string;
  /** The finding as it stands now (for `withdrawn`, as it last stood). */
  finding: Finding;
}

export interface LiveResult {
  /** Exactly what check() gives on everything received so far. */
  findings: Finding[];
  /** What changed since the previous evaluation. */
  events: LiveEvent[];
}

/**
 * The live id of a finding. A verdict on a commitment as a whole (compliant, or unverifiable for
 * want of data) is one per commitment, view and verdict; a breach or a risk is about its assets
 * from the moment it began, which stays put while the stretch or encounter grows.
 */
export function liveIdOf(f: Finding): string {
  const base = `${f.agreement}/${f.commitment}/${f.view}${f.interpretation === 'as-written' ? '' : `@${f.interpretation}`}`;
  if (f.verdict === 'compliant' || f.verdict === 'unverifiable') return `${base}/${f.verdict}`;
  return `${base}/${f.assets.join('+')}@${f.period.from ?? ''}`;
}

/**
 * What makes a change worth printing: the verdict, the assets, the figures; and for a breach or
 * risk its period (the stretch growing). A compliant verdict's period grows with every record, so
 * only a change of its figures (a new closest approach) is news.
 */
function materialOf(f: Finding): string {
  const period = f.verdict === 'breach' || f.verdict === 'risk' ? f.period : null;
  return JSON.stringify([f.verdict, f.assets, f.measures, period]);
}

export class LiveEvaluator {
  private previous = new Map<string, { material: string; finding: Finding }>();
  private readonly geo: GeoResolver;
  private lastFindings: Finding[] = [];
  private seen: Relevance | undefined;
  /** Evaluations run, and evaluations skipped because nothing they could change had changed. */
  evaluations = 0;
  skipped = 0;

  constructor(
    private readonly agreements: Agreement[],
    geo: GeoResolver,
    private readonly options: LiveOptions = {},
  ) {
    this.geo = memoisedGeo(geo);
  }

  /** Resolves the agreements' places once on no data, so the first real evaluation is quick. */
  warmUp(): void {
    const { attribute: _a, ...checkOptions } = this.options;
    check(this.agreements, emptyObservationSet(), this.geo, checkOptions);
  }

  /**
   * Evaluates everything in `obs` (as the readers left it) and says what changed. Without `force`,
   * an evaluation that cannot change any printed figure is skipped (see `canSkip`), and the
   * findings returned are those of the last evaluation run; with `force` (the end of the stream)
   * the findings are always check()'s on everything received.
   */
  evaluate(obs: ObservationSet, force = false): LiveResult {
    const view: ObservationSet = { positions: obs.positions, assets: copyAssets(obs.assets), events: obs.events, quarantine: obs.quarantine, summaries: obs.summaries };
    this.options.attribute?.(view);
    const state = this.relevance(view);
    const skip = !force && this.canSkip(state);
    this.seen = state;
    if (skip) {
      this.skipped++;
      return { findings: this.lastFindings, events: [] };
    }
    this.evaluations++;
    const { attribute: _a, ...checkOptions } = this.options;
    const findings = check(this.agreements, view, this.geo, checkOptions);
    this.lastFindings = findings;
    const next = new Map<string, { material: string; finding: Finding }>();
    const events: LiveEvent[] = [];
    for (const f of findings) {
      let liveId = liveIdOf(f);
      // Two findings with one live id (not expected from the kinds now) stay apart.
      for (let k = 2; next.has(liveId); k++) liveId = `${liveIdOf(f)}#${k}`;
      const material = materialOf(f);
      next.set(liveId, { material, finding: f });
      const before = this.previous.get(liveId);
      if (!before) events.push({ event: 'new', liveId, finding: f });
      else if (before.material !== material) events.push({ event: 'update', liveId, finding: f });
    }
    for (const [liveId, before] of this.previous) if (!next.has(liveId)) events.push({ event: 'withdrawn', liveId, finding: before.finding });
    this.previous = next;
    return { findings, events };
  }

  private relevance(view: ObservationSet): Relevance {
    const decls = this.agreements.flatMap((a) => a.decl.assetClasses);
    const covered = new Uint8Array(view.assets.size);
    const parts: string[] = [];
    view.assets.all().forEach((a, i) => {
      const lineage = a.classLineage ?? (a.class !== undefined ? [a.class] : []);
      const hit = decls.some((d) => lineage.some((c) => c === d.id || (d.match?.classes ?? []).includes(c)) || (a.aisShipType !== undefined && (d.match?.aisShipTypes ?? []).includes(a.aisShipType)));
      if (!hit) return;
      covered[i] = 1;
      parts.push(JSON.stringify([i, a.id, a.party, a.flag, a.class, a.classLineage, a.aisShipType, a.weaponRangeKm, a.weaponRangeSource, a.weaponRangeAssumption, a.name]));
    });
    const p = view.positions;
    let relevantRows = 0;
    let earliest = Infinity;
    for (let i = 0; i < p.length; i++) {
      if (covered[p.asset[i]!] === 1) relevantRows++;
      if (p.time[i]! < earliest) earliest = p.time[i]!;
    }
    return { rows: p.length, relevantRows, attributes: parts.join('\n'), earliest, facts: view.events.length + view.events.coverage.length };
  }

  /**
   * An evaluation can be skipped when no row of a coverable asset arrived, no attribute of one
   * changed, and the data's start did not move: every kind would then see the same rows, so breach
   * and risk stretches, encounters and closest approaches stay as they were; only the end of the
   * window moves, which the printed changes ignore (materialOf). The events printed are therefore
   * the same as with an evaluation at every tick (tested in live.test.ts).
   */
  private canSkip(state: Relevance): boolean {
    const seen = this.seen;
    if (!seen) return false;
    if (!this.agreements.every((a) => a.decl.commitments.every((c) => CLASS_FILTERED_KINDS.has(c.kind) || POSITION_FREE_KINDS.has(c.kind)))) return false;
    return state.relevantRows === seen.relevantRows && state.attributes === seen.attributes && state.earliest === seen.earliest && state.facts === seen.facts;
  }
}

/**
 * What the printed figures can depend on, beyond time passing: the rows of assets that some
 * commitment could cover (an asset matching one of the agreements' asset classes), the attributes
 * of those assets, and the earliest time (alliance memberships are taken as of a window's start).
 */
interface Relevance {
  rows: number;
  relevantRows: number;
  attributes: string;
  earliest: number;
  /** Dated facts and coverage statements received: all a position-free kind judges. */
  facts: number;
}

/**
 * Kinds known to judge positions only of assets that match one of the commitment's asset classes
 * (keep-out and standoff filter on `classes`, separation on `classes` and `against`). An agreement
 * with any other kind is evaluated at every tick.
 */
const CLASS_FILTERED_KINDS = new Set(['keep-out', 'standoff', 'separation']);

/** Kinds whose findings depend on no position at all: only dated facts (counted in Relevance) or nothing. */
const POSITION_FREE_KINDS = new Set(['no-accession', 'declaratory', 'sequence']);

/** The assets as the readers left them, copied so attribution does not leak back into reading. */
function copyAssets(assets: AssetRegistry): AssetRegistry {
  const copy = new AssetRegistry();
  for (const a of assets.all()) {
    const c = copy.at(copy.intern(a.id));
    Object.assign(c, a);
    if (a.classLineage) c.classLineage = [...a.classLineage];
  }
  return copy;
}

/**
 * A geo resolver whose regions remember their answers. Regions are pure functions of a point (and
 * a search radius), so an answer kept is the answer recomputed: memoising changes costs, never
 * verdicts. Resolution itself is cached by what the region is made of.
 */
function memoisedGeo(geo: GeoResolver): GeoResolver {
  const regions = new Map<string, Region>();
  return {
    resolve(id, spec, view, partyStates) {
      const states = new Set<string>();
      // The states a spec depends on, as the engine's alliance-membership callback gives them.
      const spy = (party: string) => {
        const s = partyStates(party);
        states.add(`${party}=${s.join(',')}`);
        return s;
      };
      const probeKey = `${id}|${view}|${JSON.stringify(spec)}`;
      const known = regions.get(probeKey);
      if (known && (known as MemoRegion).statesKey === statesKeyOf(known as MemoRegion, partyStates)) return known;
      const r = memoRegion(geo.resolve(id, spec, view, spy), [...states].sort());
      regions.set(probeKey, r);
      return r;
    },
  };
}

type MemoRegion = Region & { statesKey: string; parties: string[] };

function statesKeyOf(r: MemoRegion, partyStates: (party: string) => string[]): string {
  return r.parties.map((p) => `${p}=${partyStates(p).join(',')}`).join(';');
}

function memoRegion(r: Region, states: string[]): MemoRegion {
  const contains = new Map<string, boolean>();
  const distance = new Map<string, Nearest | undefined>();
  const boundary = new Map<string, Nearest | undefined>();
  const seaward = new Map<string, Nearest | undefined>();
  const parties = states.map((s) => s.slice(0, s.indexOf('=')));
  const m: MemoRegion = Object.assign(Object.create(r) as Region, {
    statesKey: states.join(';'),
    parties,
    contains(lon: number, lat: number) {
      const k = `${lon},${lat}`;
      let v = contains.get(k);
      if (v === undefined) contains.set(k, (v = r.contains(lon, lat)));
      return v;
    },
    distance(lon: number, lat: number, max: number) {
      const k = `${lon},${lat},${max}`;
      if (distance.has(k)) return distance.get(k);
      const v = r.distance(lon, lat, max);
      distance.set(k, v);
      return v;
    },
  });
  if (r.boundaryDistance) {
    const f = r.boundaryDistance.bind(r);
    m.boundaryDistance = (lon: number, lat: number, max: number) => {
      const k = `${lon},${lat},${max}`;
      if (boundary.has(k)) return boundary.get(k);
      const v = f(lon, lat, max);
      boundary.set(k, v);
      return v;
    };
  }
  if (r.seawardDepth) {
    const f = r.seawardDepth.bind(r);
    m.seawardDepth = (lon: number, lat: number) => {
      const k = `${lon},${lat}`;
      if (seaward.has(k)) return seaward.get(k);
      const v = f(lon, lat);
      seaward.set(k, v);
      return v;
    };
  }
  return m;
}
