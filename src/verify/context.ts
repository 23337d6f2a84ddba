/**
 * What an evaluator gets to judge one commitment under one view: the observations in time order,
 * places resolved to regions, and the agreement's reading of assets (which party, which class).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { sourceText, type Agreement, type CommitmentDecl, type PlaceDecl, type ResolvedNumber } from '../language/index.js';
import type { PlaceSpec, Region } from '../geo/types.js';
import type { ObservationSet } from '../observations/model.js';
import type { Finding } from './finding.js';
import { SideCache } from './sides.js';

/** A place that cannot be resolved (unknown sea, unreadable zone file, view without an answer). */
export class PlaceError extends Error {
  override name = 'InputError';
}

type CustomGeometry = Extract<PlaceSpec, { kind: 'custom' }>['geometry'];

/** The part of the geography the engine needs; `createGeo()` in src/geo provides it. */
export interface GeoResolver {
  resolve(id: string, spec: PlaceSpec, view: string, partyStates: (party: string) => string[]): Region;
}

/** A finding before the engine stamps it with agreement, commitment, view and id. */
export type FindingDraft = Omit<Finding, 'id' | 'agreement' | 'commitment' | 'kind' | 'article' | 'view' | 'interpretation' | 'obligor' | 'beneficiary'> & {
  obligor?: string[];
  /**
   * Set by a kind that judges no positions when its verdict rested on the map of the view (a
   * reported point placed inside a place's geometry): the engine then judges it under every view
   * asked for, not only the first, since a point in contested territory is inside on one map only.
   */
  onView?: boolean;
};

/**
 * A draft whose finding is made only when it is handed over: what the engine sorts and numbers by
 * (verdict, period, assets) now, the rest (evidence ids, figures, explanation, trace) by `build`.
 * A kind that can end up with hundreds of thousands of findings (separation over a year) returns
 * these, so that a group holds small records instead of finished text.
 */
export interface LazyDraft {
  lazy: true;
  verdict: FindingDraft['verdict'];
  period: FindingDraft['period'];
  assets: string[];
  /** Makes the draft; its verdict, period and assets must be the ones above. */
  build(): FindingDraft;
}

export type Draft = FindingDraft | LazyDraft;

export class EvalContext {
  private readonly regions = new Map<string, Region>();
  private readonly classCache = new Map<string, Int8Array>();
  private readonly sideCaches = new Map<string, SideCache>();
  private changes: number[] | undefined;
  private lastSides: string[] | undefined;
  private lastSideCache: SideCache | undefined;

  constructor(
    readonly agreement: Agreement,
    readonly commitment: CommitmentDecl,
    readonly view: string,
    readonly obs: ObservationSet,
    /** Row indices in time order, restricted to the evaluated window. */
    readonly rows: Uint32Array,
    /** The window judged; for a kind that judges no positions an end may be open (±Infinity). */
    readonly window: { from: number; to: number },
    private readonly geo: GeoResolver,
    /**
     * Shared by the views one commitment is judged under (same reading, same window), so that a kind
     * whose places decide alike under two views can do its view-free work once (see separation).
     * Kinds key their entries by name; the engine drops the map when the views are done.
     */
    readonly acrossViews: Map<string, unknown> = new Map(),
  ) {}

  get obligors(): string[] {
    return asArray(this.commitment.obligor);
  }

  get beneficiaries(): string[] {
    return asArray(this.commitment.beneficiary);
  }

  number(v: number | string | undefined, fallback?: number): ResolvedNumber | undefined {
    return this.agreement.number(v, fallback);
  }

  /** The place with this id, resolved under the view (alliances as of the start of the window). */
  region(placeId: string): Region {
    let r = this.regions.get(placeId);
    if (r) return r;
    const decl = this.agreement.decl.places.find((p) => p.id === placeId);
    if (!decl) throw new Error(`${this.agreement.file}: place "${placeId}" is not declared`);
    const asOf = this.window.from;
    try {
      r = this.geo.resolve(placeId, placeSpecOf(this.agreement, decl), this.view, (party) => this.agreement.statesOf(party, asOf));
    } catch (e) {
      throw new PlaceError(`${this.agreement.file}: place "${placeId}" under view ${this.view}: ${(e as Error).message}`);
    }
    this.regions.set(placeId, r);
    return r;
  }

  /** The region of a party's territory, for kinds that default to "the beneficiary's territory". */
  territoryOf(party: string): Region {
    const id = `territory:${party}`;
    let r = this.regions.get(id);
    if (!r) {
      const asOf = this.window.from;
      r = this.geo.resolve(id, { kind: 'territory', party }, this.view, (p) => this.agreement.statesOf(p, asOf));
      this.regions.set(id, r);
    }
    return r;
  }

  /** Assets the commitment's classes cover; answers are cached per class list. */
  classMatcher(classIds: string[]): (asset: number) => boolean {
    const key = classIds.join('|');
    let cache = this.classCache.get(key);
    if (!cache || cache.length < this.obs.assets.size) {
      cache = new Int8Array(this.obs.assets.size).fill(-1);
      this.classCache.set(key, cache);
    }
    const decls = classIds.map((id) => this.agreement.decl.assetClasses.find((c) => c.id === id));
    const c = cache;
    return (asset: number) => {
      const known = c[asset];
      if (known !== undefined && known !== -1) return known === 1;
      const a = this.obs.assets.at(asset);
      const hit = decls.some(
        (d) =>
          d !== undefined &&
          ((a.classLineage ?? (a.class !== undefined ? [a.class] : [])).some((c) => c === d.id || (d.match?.classes ?? []).includes(c)) ||
            (a.aisShipType !== undefined && (d.match?.aisShipTypes ?? []).includes(a.aisShipType))),
      );
      c[asset] = hit ? 1 : 0;
      return hit;
    };
  }

  /**
   * The declared parties an asset counts for at a time: its owner party if the registry names one,
   * otherwise its flag state; and, through either, every alliance that state belonged to then.
   */
  partiesOf(asset: number, atMs: number): string[] {
    const a = this.obs.assets.at(asset);
    const owner = a.party ?? a.flag;
    if (owner === undefined) return [];
    const viaState = this.agreement.partiesOfState(owner, atMs);
    return this.agreement.party(owner) && !viaState.includes(owner) ? [owner, ...viaState] : viaState;
  }

  /**
   * The index in `parties` of the one the asset counts for at that time, or -1: `sideOf` for the
   * per-fix loops, cached per asset between the dates memberships change (sides.ts).
   */
  sideIndexOf(asset: number, atMs: number, parties: string[]): number {
    // The same list comes with every fix of a loop: recognise it before building its key.
    if (parties === this.lastSides) return this.lastSideCache!.of(asset, atMs);
    const key = parties.join('|');
    let cache = this.sideCaches.get(key);
    if (!cache) {
      this.changes ??= this.agreement.membershipChanges();
      cache = new SideCache(this.changes, this.obs.assets.size, (a, t) => {
        const side = this.sideOf(a, t, parties);
        return side === undefined ? -1 : parties.indexOf(side);
      });
      this.sideCaches.set(key, cache);
    }
    this.lastSides = parties;
    this.lastSideCache = cache;
    return cache.of(asset, atMs);
  }

  /** Which of `parties` the asset counts for at that time, or undefined. */
  sideOf(asset: number, atMs: number, parties: string[]): string | undefined {
    const mine = this.partiesOf(asset, atMs);
    return parties.find((p) => mine.includes(p));
  }

  assetLabel(asset: number): string {
    const a = this.obs.assets.at(asset);
    const owner = a.party ?? a.flag ?? 'unknown party';
    return a.name ? `${a.name.trim()} (${a.id}, ${owner})` : `${a.id} (${owner})`;
  }
}

/** Coordinates with every "$name" replaced by the named parameter's value (the names used are collected). */
function withParameters(agreement: Agreement, v: unknown, used: string[]): unknown {
  if (typeof v === 'string' && v.startsWith('$')) {
    used.push(v.slice(1));
    return agreement.number(v)!.value;
  }
  return Array.isArray(v) ? v.map((x) => withParameters(agreement, x, used)) : v;
}

function asArray(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A place declaration as geo understands it: parameters resolved, zone files read. */
export function placeSpecOf(agreement: Agreement, p: PlaceDecl): PlaceSpec {
  const n = (v: number | string | undefined) => agreement.number(v)?.value;
  switch (p.kind) {
    case 'territory':
      return { kind: 'territory', party: p.party };
    case 'territorial-sea':
      return { kind: 'territorial-sea', party: p.party, widthNm: n(p.widthNm) ?? 12 };
    case 'sea':
      return { kind: 'sea', sea: p.sea };
    case 'border-belt':
      return { kind: 'border-belt', between: p.between, widthKm: n(p.widthKm)! };
    case 'reach':
      return { kind: 'reach', of: p.of, radiusKm: n(p.radiusKm)! };
    case 'custom': {
      if (p.geometry) {
        const used: string[] = [];
        const coordinates = withParameters(agreement, p.geometry.coordinates, used);
        // A vertex given by a parameter the parties have not agreed (a dividing line no text fixes)
        // is an assumption: the zone's name, which its description and every finding's trace carry, says so.
        const assumed = [...new Set(used)].map((name) => agreement.number(`$${name}`)!).filter((n) => !n.agreed);
        const note = assumed.length ? ` [vertices assumed, not agreed: ${assumed.map((n) => `$${n.parameter} = ${n.value}${n.unit ? ` ${n.unit}` : ''}${n.source ? ` (${sourceText(n.source)})` : ''}`).join('; ')}]` : '';
        const name = p.name ?? (note ? p.id : undefined);
        return { kind: 'custom', geometry: { ...p.geometry, coordinates }, ...(name !== undefined ? { name: `${name}${note}` } : {}) };
      }
      const file = resolvePath(dirname(agreement.file), p.file!);
      const gj = JSON.parse(readFileSync(file, 'utf8')) as { type: string; geometry?: unknown; features?: { geometry: unknown }[] };
      const geom = gj.type === 'FeatureCollection' ? gj.features?.[0]?.geometry : gj.type === 'Feature' ? gj.geometry : gj;
      return { kind: 'custom', geometry: geom as CustomGeometry, name: p.name ?? p.id };
    }
  }
}
