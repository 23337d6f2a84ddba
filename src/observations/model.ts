/**
 * The observation model shared by every reader and by the engine.
 *
 * Positions live in columns (one typed array per field) rather than one object per point: a year of
 * AIS is hundreds of millions of fixes, and columns keep that to ~50 bytes a fix with no garbage for
 * the collector to chase. Missing values are NaN, never a sentinel number.
 */

/** One platform: a ship, an aircraft, a launcher, a site. */
export interface Asset {
  /** Stable id, e.g. `mmsi:273345000`, `icao24:4b1812`, `demo:hms-defender`. */
  id: string;
  /** Owner party id (ISO 3166-1 alpha-3 for a state), when known from a registry or declaration. */
  party?: string;
  /** Flag state (ISO 3166-1 alpha-3) inferred from the MMSI's maritime identification digits. */
  flag?: string;
  /** Asset class id, e.g. `surface-warship`, `heavy-bomber`, `merchant`. */
  class?: string;
  name?: string;
  /** Maximum weapon range in km, where a public source gives one. */
  weaponRangeKm?: number;
  /** The public source of the weapon range or class. */
  weaponRangeSource?: string;
  /**
   * Set when the range is not the asset's own but a class default (e.g. "a Russian surface warship
   * of unknown fit is taken to carry Kalibr"): findings that use it show it as an assumption.
   */
  weaponRangeAssumption?: string;
  /** The class and its ancestors in the catalogue (surface-warship, military-vessel), for matching. */
  classLineage?: string[];
  mmsi?: number;
  /** AIS ship and cargo type (ITU-R M.1371 table 53); 35 = military operations. */
  aisShipType?: number;
  callsign?: string;
  /** Where the attributes came from: `ais`, `registry:<file>`, `demo:<file>`. */
  attributedBy?: string;
}

/** The asset registry: every asset once, addressed by a dense index for the columns. */
export class AssetRegistry {
  private readonly byId = new Map<string, number>();
  private readonly list: Asset[] = [];

  get size(): number {
    return this.list.length;
  }

  /** Index of the asset with this id, creating a bare entry if it is new. */
  intern(id: string): number {
    let idx = this.byId.get(id);
    if (idx === undefined) {
      idx = this.list.length;
      this.list.push({ id });
      this.byId.set(id, idx);
    }
    return idx;
  }

  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  at(idx: number): Asset {
    const a = this.list[idx];
    if (!a) throw new RangeError(`no asset at index ${idx}`);
    return a;
  }

  get(id: string): Asset | undefined {
    const idx = this.byId.get(id);
    return idx === undefined ? undefined : this.list[idx];
  }

  /** Merges attributes into an asset; later, more authoritative sources (a registry file) win. */
  update(id: string, attrs: Partial<Asset>): Asset {
    const a = this.at(this.intern(id));
    for (const [k, v] of Object.entries(attrs)) {
      if (v !== undefined && k !== 'id') (a as unknown as Record<string, unknown>)[k] = v;
    }
    return a;
  }

  all(): readonly Asset[] {
    return this.list;
  }
}

const INITIAL_CAPACITY = 1024;

/**
 * Position fixes in columns. `time` is milliseconds since the Unix epoch (UTC); `speed` in knots;
 * `course` in degrees true. Each row also keeps where it came from (`source` index into `sources`,
 * `line` number), which is the observation id findings cite as evidence.
 */
export class PositionColumns {
  length = 0;
  asset: Uint32Array<ArrayBufferLike> = new Uint32Array(INITIAL_CAPACITY);
  time: Float64Array<ArrayBufferLike> = new Float64Array(INITIAL_CAPACITY);
  lon: Float64Array<ArrayBufferLike> = new Float64Array(INITIAL_CAPACITY);
  lat: Float64Array<ArrayBufferLike> = new Float64Array(INITIAL_CAPACITY);
  speed: Float32Array<ArrayBufferLike> = new Float32Array(INITIAL_CAPACITY);
  course: Float32Array<ArrayBufferLike> = new Float32Array(INITIAL_CAPACITY);
  source: Uint32Array<ArrayBufferLike> = new Uint32Array(INITIAL_CAPACITY);
  line: Uint32Array<ArrayBufferLike> = new Uint32Array(INITIAL_CAPACITY);
  /** Source names (file base names or stream names), addressed by the `source` column. */
  readonly sources: string[] = [];
  private readonly sourceIndex = new Map<string, number>();

  sourceId(name: string): number {
    let idx = this.sourceIndex.get(name);
    if (idx === undefined) {
      idx = this.sources.length;
      this.sources.push(name);
      this.sourceIndex.set(name, idx);
    }
    return idx;
  }

  push(asset: number, time: number, lon: number, lat: number, speed: number, course: number, source: number, line: number): void {
    if (this.length === this.time.length) this.grow(this.length * 2);
    const i = this.length++;
    this.asset[i] = asset;
    this.time[i] = time;
    this.lon[i] = lon;
    this.lat[i] = lat;
    this.speed[i] = speed;
    this.course[i] = course;
    this.source[i] = source;
    this.line[i] = line;
  }

  /**
   * Forgets the rows (capacity, sources and asset indices stay): how an ingest keeps memory flat,
   * draining the columns into a store after each batch of input.
   */
  clear(): void {
    this.length = 0;
  }

  /** The id a finding cites for row `i`: `<source>:<line>`. */
  observationId(i: number): string {
    return `${this.sources[this.source[i]!] ?? '?'}:${this.line[i]}`;
  }

  /** Row indices ordered by (time, asset, source, line): the order every evaluator consumes. */
  timeOrder(): Uint32Array {
    const idx = new Uint32Array(this.length);
    for (let i = 0; i < this.length; i++) idx[i] = i;
    const { time, asset, source, line } = this;
    const before = (a: number, b: number) => time[a]! - time[b]! || asset[a]! - asset[b]! || source[a]! - source[b]! || line[a]! - line[b]!;
    // Rows read from a time-ordered store or stream usually are in order already: one pass proves it
    // and spares the sort (n log n comparisons of four keys).
    let sorted = true;
    for (let i = 1; i < this.length && sorted; i++) sorted = before(i - 1, i) <= 0;
    if (!sorted) idx.sort(before);
    return idx;
  }

  /** Appends every row of another table, re-mapping its asset indices and sources. */
  append(other: PositionColumns, assetMap: (otherIdx: number) => number): void {
    const srcMap = other.sources.map((s) => this.sourceId(s));
    for (let i = 0; i < other.length; i++) {
      this.push(assetMap(other.asset[i]!), other.time[i]!, other.lon[i]!, other.lat[i]!, other.speed[i]!, other.course[i]!, srcMap[other.source[i]!]!, other.line[i]!);
    }
  }

  private grow(capacity: number): void {
    const grow = <T extends Float64Array | Float32Array | Uint32Array>(a: T, C: new (n: number) => T): T => {
      const b = new C(capacity);
      b.set(a);
      return b;
    };
    this.asset = grow(this.asset, Uint32Array);
    this.time = grow(this.time, Float64Array);
    this.lon = grow(this.lon, Float64Array);
    this.lat = grow(this.lat, Float64Array);
    this.speed = grow(this.speed, Float32Array);
    this.course = grow(this.course, Float32Array);
    this.source = grow(this.source, Uint32Array);
    this.line = grow(this.line, Uint32Array);
  }
}

/** A record a reader could not accept, kept with its reason so nothing is silently lost. */
export interface QuarantinedRecord {
  source: string;
  /** 1-based line number in the source. */
  line: number;
  /** A short machine-readable code, e.g. `bad-checksum`, `fill-bits`, `stale-fragment`. */
  code: string;
  /** One sentence a person can act on. */
  reason: string;
  raw: string;
}

/**
 * How a read went. Counts reconcile: `read === accepted + quarantined`, where `read` counts input
 * records (lines, features) and `accepted` counts records that contributed to an accepted observation.
 */
export interface ReadSummary {
  source: string;
  read: number;
  accepted: number;
  quarantined: number;
  /** Per-reason counts of quarantined records. */
  byReason: Record<string, number>;
  /** Records skipped because they carry no observation (blank lines, comments, time-only lines). */
  ignored: number;
  /** Position fixes produced (one multi-part message or one feature may give several or none). */
  positions: number;
  /** Dated facts produced (event files only). */
  events?: number;
}

/**
 * How sure the submitter is of a fact, as the facts files tag it: [V] verified, [P] partly verified
 * (e.g. the year is sourced, the day is not), [U] not verified.
 */
export type Confidence = 'verified' | 'partly-verified' | 'not-verified';

/** What every dated fact carries, whatever its type. */
interface EventBase {
  /** The id findings cite as evidence: `<source>:<line>`, the line where the record starts. */
  observation: string;
  /** When it happened: milliseconds since the Unix epoch (UTC); a bare date is 00:00 UTC that day. */
  time: number;
  /** The party whose act it is: the alliance that admits, the state that notifies or declares. */
  party: string;
  /** The public source of the fact, as a citation. */
  source: string;
  confidence: Confidence;
  note?: string;
}

/** An alliance admits a state (`join`) or a state leaves it (`leave`). */
export interface MembershipEvent extends EventBase {
  type: 'membership';
  /** The state, ISO 3166-1 alpha-3. */
  state: string;
  change: 'join' | 'leave';
}

/** A step of an agreed plan (a package of measures) begun or completed, as reported. */
export interface StepEvent extends EventBase {
  type: 'step';
  /** The plan the step belongs to, as the commitment names it, e.g. `minsk-2015`. */
  plan: string;
  /** The step's id in the plan, e.g. `point-9`. */
  step: string;
  status: 'started' | 'completed';
}

/** The sizes an activity is reported or notified at; a figure not given is unknown, not zero. */
export interface ActivityFigures {
  troops?: number;
  /** Battle tanks. */
  tanks?: number;
  /** Armoured combat vehicles. */
  acv?: number;
  /** Artillery pieces (guns, mortars, multiple rocket launchers). */
  artillery?: number;
  /** Aircraft (or sorties, as the source counts them). */
  aircraft?: number;
}
export type ActivityFigure = keyof ActivityFigures;
export const ACTIVITY_FIGURES: readonly ActivityFigure[] = ['troops', 'tanks', 'acv', 'artillery', 'aircraft'];

/**
 * One report of an activity's size. An activity may have several of differing trust: the size the
 * party declared, and a larger one reported later by others (the Kavkaz pattern).
 */
export interface ActivityReport extends ActivityFigures {
  /** Who gives the figure: the conducting party's own declaration, or a later report by others. */
  basis: 'declared' | 'reported';
  source: string;
  confidence: Confidence;
  note?: string;
}

/**
 * An exercise or other military activity. `time` is its start. `place` is where it was held as the
 * source names it: a place id of an agreement or a country's ISO 3166-1 alpha-3 code; `bbox` is an
 * area [west, south, east, north] in degrees, when a source gives one.
 */
export interface ActivityEvent extends EventBase {
  type: 'activity';
  name: string;
  /**
   * What kind of activity it is, when the source says (e.g. `icbm-launch`, `slbm-launch`,
   * `dangerous-to-navigation`): a commitment may require notice of every activity of a class,
   * whatever its size. An activity with a class may carry no size reports.
   */
  class?: string;
  /** Where it ended, [lon, lat] (a missile's impact point), when the source gives it. */
  impact?: [number, number];
  /** Last day (or instant) of the activity; a bare date is 00:00 UTC that day. */
  end: number;
  place?: string;
  bbox?: [number, number, number, number];
  reports: ActivityReport[];
}

/** A party's prior notification of an activity: when it was given, the window and the sizes it announced. */
export interface NotificationEvent extends EventBase, ActivityFigures {
  type: 'notification';
  /** The activity it announces, by the activity's name. */
  activity: string;
  /** The notified window: first and last day of the activity as announced; absent when the source does not give it. */
  from?: number;
  to?: number;
  /**
   * true when the source says only that the notice was given no later than `time` ("notified
   * beforehand", with no date): a lead shorter than required is then unknown, not late.
   */
  latest?: boolean;
  /** The notified impact area: a circle (centre [lon, lat], radius in km) or a box [west, south, east, north]. */
  impactArea?: { center: [number, number]; radiusKm: number } | { bbox: [number, number, number, number] };
}

/**
 * A reported use of force: `party` is the alleged actor, `target` the class of what was hit (e.g.
 * `energy-infrastructure`, `merchant-vessel`, `port`, `warship`). `place` is where, as the source
 * names it (a place id of an agreement or an ISO 3166-1 alpha-3 code); `point` is [lon, lat] when
 * the source gives one. A report stays an allegation until a guarantor attests it (`attested`).
 */
export interface AttackEvent extends EventBase {
  type: 'attack';
  target: string;
  place?: string;
  point?: [number, number];
  attested?: { by: string; date: number };
}

export const TRANSFER_CATEGORIES = ['arms', 'intelligence', 'military-cooperation'] as const;
export type TransferCategory = (typeof TRANSFER_CATEGORIES)[number];

/**
 * A supply by `party` to a state: arms (of the classes given, if the source names them),
 * intelligence support, or military cooperation. `time` is its start (or its date), `end` its
 * last day (equal to `time` for a dated one).
 */
export interface TransferEvent extends EventBase {
  type: 'transfer';
  /** The recipient state, ISO 3166-1 alpha-3. */
  recipient: string;
  category: TransferCategory;
  classes?: string[];
  end: number;
}

/**
 * A declaration (or report) of holdings: how many of a class `party` held in a place as of `time`
 * (forces, weapons, launchers; the unit is the class's). `place` is where, as the source names it
 * (a place id of an agreement or an ISO 3166-1 alpha-3 code). The figure stands from `time` to
 * `until` (the same day when the source gives a snapshot only). `lowerBound` marks a figure the
 * source gives only as "at least".
 */
export interface HoldingEvent extends EventBase {
  type: 'holding';
  class: string;
  place: string;
  count: number;
  lowerBound?: boolean;
  /** The system or unit named by the source, e.g. SM-3 Block IA. */
  system?: string;
  /** The holder's own declaration, or a report by others. */
  basis: 'declared' | 'reported';
  until: number;
}

/**
 * A reported incident between forces of two parties at sea or in the air: `party` is the side
 * whose conduct is reported (the approaching aircraft's or ship's state), `against` the other.
 * `distanceM` is the closest approach as reported, in metres (converted from the source's unit,
 * which `distanceReported` keeps verbatim); `acts` are what was reported done (e.g.
 * `simulated-attack`, `aerobatics-over-ship`, `dropping-objects`). Like every report it carries its
 * source and confidence; an incident is judged on what was reported, never on a reconstructed track.
 */
export interface IncidentEvent extends EventBase {
  type: 'incident';
  against: string;
  /** Class of the reported side's platform, e.g. combat-aircraft, surface-warship. */
  actorClass: string;
  actorName?: string;
  /** Class of the other side's platform, e.g. isr-aircraft, surface-warship, civil-aircraft. */
  targetClass: string;
  targetName?: string;
  distanceM?: number;
  distanceReported?: string;
  acts: string[];
  place?: string;
  point?: [number, number];
}

/**
 * A dated fact on a named condition of an agreement's reading (e.g. the sanctions relief the
 * Kremlin makes the March 2025 Black Sea arrangement wait on): `status` says whether, as of `time`,
 * it was met, as `party` (who acted or stated it) and the source give it. A fact stands until a
 * later one on the same condition.
 */
export interface ConditionEvent extends EventBase {
  type: 'condition';
  /** The condition's id, as the agreement declares it under `conditions`. */
  condition: string;
  status: 'met' | 'not-met';
}

/**
 * Every dated fact other than a position. Each type is one member of this union, told apart by
 * `type`; declarations and event reports join it as the kinds that judge them arrive.
 */
export type ObservationEvent = MembershipEvent | StepEvent | ActivityEvent | NotificationEvent | AttackEvent | TransferEvent | HoldingEvent | IncidentEvent | ConditionEvent;
export type ObservationEventType = ObservationEvent['type'];
export const OBSERVATION_EVENT_TYPES: readonly ObservationEventType[] = ['membership', 'step', 'activity', 'notification', 'attack', 'transfer', 'holding', 'incident', 'condition'];

/**
 * A source's statement that it lists every event of a type by a party over a period. Only within
 * such a period does the absence of an event show that none happened; elsewhere silence proves
 * nothing and a kind judging absence says the data cannot tell.
 */
export interface EventCoverage {
  type: ObservationEventType;
  party: string;
  /** First instant covered (ms, UTC). */
  from: number;
  /** Last instant covered (ms, UTC); a bare date is 00:00 UTC that day. */
  to: number;
  source: string;
  observation: string;
}

/**
 * Dated facts. They are few (thousands, not millions), so they are kept as typed records rather
 * than columns; `ofType` gives one type's records in time order, which is how kinds consume them.
 */
export class EventLog {
  readonly items: ObservationEvent[] = [];
  readonly coverage: EventCoverage[] = [];

  get length(): number {
    return this.items.length;
  }

  push(e: ObservationEvent): void {
    this.items.push(e);
  }

  cover(c: EventCoverage): void {
    this.coverage.push(c);
  }

  /** The events of one type, ordered by (time, observation id). */
  ofType<T extends ObservationEventType>(type: T): Extract<ObservationEvent, { type: T }>[] {
    return (this.items.filter((e) => e.type === type) as Extract<ObservationEvent, { type: T }>[]).sort(
      (a, b) => a.time - b.time || a.observation.localeCompare(b.observation),
    );
  }

  /** The coverage statements for one type and party, ordered by start. */
  coverageOf(type: ObservationEventType, party: string): EventCoverage[] {
    return this.coverage.filter((c) => c.type === type && c.party === party).sort((a, b) => a.from - b.from || a.to - b.to);
  }
}

/** Everything a set of readers produced: the columns, the assets, the dated facts, what was quarantined. */
export interface ObservationSet {
  positions: PositionColumns;
  assets: AssetRegistry;
  events: EventLog;
  quarantine: QuarantinedRecord[];
  summaries: ReadSummary[];
}

export function emptyObservationSet(): ObservationSet {
  return { positions: new PositionColumns(), assets: new AssetRegistry(), events: new EventLog(), quarantine: [], summaries: [] };
}
