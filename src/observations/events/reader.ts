/**
 * Reads dated facts (events) from YAML or JSON into the shared observation model.
 *
 * A file is a mapping with `redline-events: 1`, optional file-wide defaults (`source`,
 * `confidence`), optional `covers` statements (a source lists every event of a type by a party over
 * a period, so that silence in it means none happened) and the `events` list:
 *
 * ```yaml
 * redline-events: 1
 * covers:
 *   - { type: membership, party: NATO, from: 1949-08-24, to: 2025-12-01, source: ... }
 * events:
 *   - { type: membership, time: 2023-04-04, party: NATO, state: FIN, change: join, source: ..., confidence: verified }
 * ```
 *
 * Each entry of `covers` and `events` is one record: accepted, or quarantined with the line where
 * it starts and a reason naming the field; counts reconcile (read = accepted + quarantined). Only
 * a file that is not YAML/JSON, or not an events file at all, stops the read (InputError with
 * `file:line:column`). Times are ISO 8601 dates or date-times with an offset, read strictly. An
 * event without `source` takes the file's; one without `confidence` takes the file's, else
 * `not-verified`: an unstated confidence is never read as verified.
 *
 * Types: `membership` and `step` (dated by `time`); `activity` (an exercise: `name`, `start`, `end`,
 * optional `place` or `bbox`, and `reports` of its size, each `declared` or `reported` with its own
 * source and confidence, defaulting to the record's); `notification` (`time` given, the `activity`
 * it announces by name, the notified window `from`..`to` and the notified figures); `attack` (a
 * report of a use of force: `time`, `party` the alleged actor, `target` class, optional `place` or
 * `point` [lon, lat], optional `attested: { by, date }`, a guarantor's attestation); `transfer`
 * (`party` the supplier, `recipient` ISO3, `category` arms, intelligence or military-cooperation,
 * `classes` for arms; dated by `time`, or by `start`..`end` for a period); `holding` (a declaration
 * or report of what `party` holds: `class`, `place`, `count`, as of `time`, standing to `until`,
 * optional `system`, `lowerBound`, `basis` declared or reported); `incident` (a reported incident at
 * sea or in the air: `party` the side whose conduct is reported, `against` the other, `actorClass`
 * and `targetClass` of the platforms, the reported closest approach `distanceM` in metres with the
 * source's wording in `distanceReported`, the `acts` reported, optional `place` or `point`).
 * `condition` (a dated fact on a named condition of a reading: `condition` its id, `status` met
 * or not-met as of `time`, `party` who acted or stated it).
 * An activity may carry a `class` (e.g. `icbm-launch`) and an `impact` point instead of size
 * reports; a notification may omit its window, carry an `impactArea`, and say `latest: true` when
 * the source gives only a date by which it was given.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import countries from 'i18n-iso-countries';
import type { Node } from 'yaml';
import { z } from 'zod';
import { formatIssue, parseYamlSource, pathString, SourceError, zodIssues, type YamlSource } from '../../common/yaml-source.js';
import { InputError } from '../errors.js';
import { parseTimeValue } from '../geojson/time.js';
import { ACTIVITY_FIGURES, OBSERVATION_EVENT_TYPES, TRANSFER_CATEGORIES, type ActivityFigures, type Confidence, type ObservationEvent, type ObservationSet, type QuarantinedRecord, type ReadSummary } from '../model.js';

/** Quarantine reason codes this reader uses. */
export type EventQuarantineCode = 'not-a-record' | 'unknown-type' | 'bad-field' | 'bad-time' | 'no-source' | 'bad-period' | 'duplicate';

const RAW_LIMIT = 2000;
const confidence = z.enum(['verified', 'partly-verified', 'not-verified']).describe('[V] verified, [P] partly verified, [U] not verified.');
const party = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'must be a party id, e.g. NATO or FIN');
const iso3 = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code, e.g. FIN')
  .refine((s) => countries.isValid(s), 'is not an ISO 3166-1 alpha-3 code');
const time = z.union([z.string(), z.date()]);
const common = {
  party,
  source: z.string().min(1).optional(),
  confidence: confidence.optional(),
  note: z.string().optional(),
};

const count = z.number().int().nonnegative();
const figures = { troops: count.optional(), tanks: count.optional(), acv: count.optional(), artillery: count.optional(), aircraft: count.optional() };
const activityName = z.string().min(1).describe('The activity as its party names it, e.g. Kavkaz-2016.');
const bbox = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)])
  .refine(([, s, , n]) => s <= n, 'must be [west, south, east, north] with south <= north');

const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const classId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a class id in kebab-case, e.g. energy-infrastructure');
const placeRef = z.string().regex(/^[A-Za-z][A-Za-z0-9_.:-]*$/, 'must be a place id of an agreement or an ISO 3166-1 alpha-3 code, e.g. RUS');

/** One schema per event type; adding a type is one entry here and one member of ObservationEvent. */
const eventSchemas = {
  membership: z.strictObject({
    type: z.literal('membership'),
    time,
    ...common,
    state: iso3,
    change: z.enum(['join', 'leave']),
  }),
  step: z.strictObject({
    type: z.literal('step'),
    time,
    ...common,
    plan: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'must be a plan id, e.g. minsk-2015'),
    step: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a step id, e.g. point-9'),
    status: z.enum(['started', 'completed']),
  }),
  activity: z.strictObject({
    type: z.literal('activity'),
    ...common,
    name: activityName,
    start: time,
    end: time,
    place: z.string().regex(/^[A-Za-z][A-Za-z0-9_.:-]*$/, 'must be a place id of an agreement or an ISO 3166-1 alpha-3 code, e.g. RUS').optional(),
    bbox: bbox.optional(),
    class: classId.optional().describe('What kind of activity, e.g. icbm-launch, slbm-launch, dangerous-to-navigation.'),
    impact: lonLat.optional().describe('Where it ended, [longitude, latitude] (a missile impact point).'),
    reports: z
      .array(
        z
          .strictObject({ basis: z.enum(['declared', 'reported']), ...figures, source: z.string().min(1).optional(), confidence: confidence.optional(), note: z.string().optional() })
          .refine((r) => ACTIVITY_FIGURES.some((k) => r[k] !== undefined), `must give at least one of ${ACTIVITY_FIGURES.join(', ')}`),
      )
      .optional(),
  })
    // A launch is notifiable by its class, not its size; an exercise without a size says nothing.
    .refine((r) => r.class !== undefined || (r.reports?.length ?? 0) > 0, { message: 'must hold at least one report of the size (declared or reported), unless the activity has a class', path: ['reports'] }),
  notification: z.strictObject({
    type: z.literal('notification'),
    time,
    ...common,
    activity: activityName,
    from: time.optional(),
    to: time.optional(),
    latest: z.boolean().optional().describe('true: the source says only that the notice was given no later than "time".'),
    impactArea: z
      .union([z.strictObject({ center: lonLat, radiusKm: z.number().positive() }), z.strictObject({ bbox })])
      .optional()
      .describe('The notified impact area: { center: [lon, lat], radiusKm } or { bbox: [west, south, east, north] }.'),
    ...figures,
  }).refine((r) => (r.from === undefined) === (r.to === undefined), { message: 'give both "from" and "to" (the notified window), or neither', path: ['to'] }),
  condition: z.strictObject({
    type: z.literal('condition'),
    time,
    ...common,
    condition: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'must be a condition id, e.g. sanctions-relief-food-trade').describe('The condition as the agreement names it under `conditions`.'),
    status: z.enum(['met', 'not-met']).describe('Whether the condition was met as of `time`.'),
  }),
  incident: z.strictObject({
    type: z.literal('incident'),
    time,
    ...common,
    against: party.describe('The other side of the incident (the state of the ship or aircraft approached).'),
    actorClass: classId.describe("Class of the reported side's platform, e.g. combat-aircraft, surface-warship."),
    actorName: z.string().min(1).optional(),
    targetClass: classId.describe("Class of the other side's platform, e.g. isr-aircraft, surface-warship, civil-aircraft."),
    targetName: z.string().min(1).optional(),
    distanceM: z.number().nonnegative().optional().describe('Closest approach as reported, in metres.'),
    distanceReported: z.string().min(1).optional().describe('The closest approach as the source words it, e.g. "~20 ft".'),
    acts: z.array(classId).default([]).describe('What was reported done, e.g. simulated-attack, aerobatics-over-ship, dropping-objects.'),
    place: placeRef.optional(),
    point: lonLat.optional(),
  }),
  attack: z.strictObject({
    type: z.literal('attack'),
    time,
    ...common,
    target: classId.describe('The class of what was hit, e.g. energy-infrastructure, merchant-vessel, port, warship.'),
    place: placeRef.optional(),
    point: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).optional().describe('[longitude, latitude] in degrees, when the source gives one.'),
    attested: z.strictObject({ by: party, date: time }).optional().describe("A guarantor's attestation that the attack took place."),
  }),
  transfer: z
    .strictObject({
      type: z.literal('transfer'),
      time: time.optional(),
      start: time.optional(),
      end: time.optional(),
      ...common,
      recipient: iso3,
      category: z.enum(TRANSFER_CATEGORIES),
      classes: z.array(classId).min(1).optional().describe('For arms: the classes supplied, when the source names them.'),
    })
    .refine((r) => (r.time !== undefined) !== (r.start !== undefined && r.end !== undefined) && (r.time === undefined || (r.start === undefined && r.end === undefined)), 'give either "time" (a dated supply) or both "start" and "end" (a period)')
    .refine((r) => r.classes === undefined || r.category === 'arms', 'classes: only an arms transfer has classes'),
  holding: z.strictObject({
    type: z.literal('holding'),
    time: time.describe('The date the figure is given as of.'),
    until: time.optional().describe('The last day the figure stands for; default: only the day it is given as of.'),
    ...common,
    class: classId.describe('What is held, e.g. missile-defence-interceptor, ground-launched-missile, troops.'),
    place: placeRef,
    count,
    lowerBound: z.boolean().optional().describe('true when the source gives the figure only as "at least".'),
    system: z.string().min(1).optional(),
    basis: z.enum(['declared', 'reported']).optional().describe("The holder's own declaration (default) or a report by others."),
  }),
} satisfies Record<ObservationEvent['type'], z.ZodType>;

const coverSchema = z.strictObject({
  type: z.enum(OBSERVATION_EVENT_TYPES as [ObservationEvent['type'], ...ObservationEvent['type'][]]),
  party,
  from: time,
  to: time,
  source: z.string().min(1).optional(),
});

const fileSchema = z.looseObject({
  'redline-events': z.literal(1),
  description: z.string().optional(),
  source: z.string().min(1).optional(),
  confidence: confidence.optional(),
  covers: z.array(z.unknown()).optional(),
  events: z.array(z.unknown()),
});
const FILE_KEYS = new Set(['redline-events', 'description', 'source', 'confidence', 'covers', 'events']);

class Reject extends Error {
  constructor(
    readonly code: EventQuarantineCode,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function readEventsFile(path: string, set: ObservationSet): ReadSummary {
  return readEvents(readFileSync(path, 'utf8'), basename(path), set);
}

/** Reads one events text (YAML or JSON) under the source name observation ids cite. */
export function readEvents(text: string, source: string, set: ObservationSet): ReadSummary {
  let src: YamlSource;
  try {
    src = parseYamlSource(text, source);
  } catch (e) {
    // A syntax error cascades into one message per token after it: the first few say it all.
    if (e instanceof SourceError) throw new InputError(e.issues.slice(0, 3).map(formatIssue).join('\n') + (e.issues.length > 3 ? `\n(and ${e.issues.length - 3} more)` : ''));
    throw e;
  }
  const root: unknown = src.doc.toJS();
  const shape = fileSchema.safeParse(root);
  if (!shape.success) {
    const issues = zodIssues(src, shape.error).map(formatIssue);
    throw new InputError(`${source}: not a Redline events file (a mapping with "redline-events: 1" and an "events" list):\n${issues.join('\n')}`);
  }
  const unknown = Object.keys(shape.data).filter((k) => !FILE_KEYS.has(k));
  if (unknown.length) {
    const at = src.locateKey([], unknown[0]!);
    throw new InputError(`${source}:${at.line}:${at.column}: ${unknown[0]}: unknown field (misspelt?); an events file has ${[...FILE_KEYS].join(', ')}`);
  }
  const file = shape.data;
  const summary: ReadSummary = { source, read: 0, accepted: 0, quarantined: 0, byReason: {}, ignored: 0, positions: 0, events: 0 };
  const lineOf = (path: PropertyKey[]) => src.locate(path).line;
  const quarantine = (path: PropertyKey[], e: Reject) => {
    const node = src.doc.getIn(path, true) as Node | undefined;
    const range = node && typeof node === 'object' && 'range' in node ? node.range : undefined;
    const raw = range ? text.slice(range[0], range[1]).trim() : JSON.stringify(src.doc.getIn(path)) ?? '';
    const q: QuarantinedRecord = { source, line: lineOf(path), code: e.code, reason: e.reason, raw: raw.length > RAW_LIMIT ? `${raw.slice(0, RAW_LIMIT)}...` : raw };
    set.quarantine.push(q);
    summary.quarantined++;
    summary.byReason[e.code] = (summary.byReason[e.code] ?? 0) + 1;
  };
  const sourceOf = (own: string | undefined, at: string): string => {
    const s = own ?? file.source;
    if (s === undefined) throw new Reject('no-source', `${at}.source: missing, and the file gives no default "source": every fact needs its public source`);
    return s;
  };
  const ms = (v: unknown, at: string): number => {
    const r = parseTimeValue(v instanceof Date ? v.toISOString() : v);
    if (!r.ok) throw new Reject('bad-time', `${at}: ${JSON.stringify(v instanceof Date ? v.toISOString() : v)} ${r.why}`);
    return r.ms;
  };

  (file.covers ?? []).forEach((raw, i) => {
    const path = ['covers', i];
    const at = pathString(path);
    summary.read++;
    try {
      const c = parseRecord(coverSchema, raw, src, path);
      const from = ms(c.from, `${at}.from`);
      const to = ms(c.to, `${at}.to`);
      if (to < from) throw new Reject('bad-period', `${at}.to: ends (${String(c.to)}) before it starts (${String(c.from)})`);
      set.events.cover({ type: c.type, party: c.party, from, to, source: sourceOf(c.source, at), observation: `${source}:${lineOf(path)}` });
      summary.accepted++;
    } catch (e) {
      if (!(e instanceof Reject)) throw e;
      quarantine(path, e);
    }
  });

  const seen = new Map<string, number>();
  file.events.forEach((raw, i) => {
    const path = ['events', i];
    const at = pathString(path);
    summary.read++;
    try {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Reject('not-a-record', `${at}: expected a mapping with "type", got ${JSON.stringify(raw)}`);
      const type = (raw as { type?: unknown }).type;
      const schema = typeof type === 'string' ? eventSchemas[type as keyof typeof eventSchemas] : undefined;
      if (!schema) throw new Reject('unknown-type', `${at}.type: ${JSON.stringify(type)} is not an event type (known: ${OBSERVATION_EVENT_TYPES.join(', ')})`);
      const r = parseRecord(schema, raw, src, path);
      const base = {
        observation: `${source}:${lineOf(path)}`,
        time: r.type === 'activity' || (r.type === 'transfer' && r.time === undefined) ? ms(r.start, `${at}.start`) : ms(r.time, `${at}.time`),
        party: r.party,
        source: sourceOf(r.source, at),
        confidence: r.confidence ?? file.confidence ?? ('not-verified' satisfies Confidence),
        ...(r.note !== undefined ? { note: r.note } : {}),
      };
      const event = eventOf(r, base, at, ms);
      const what = describe(event);
      const key = `${event.type}|${event.party}|${what}|${event.time}`;
      const first = seen.get(key);
      if (first !== undefined) throw new Reject('duplicate', `${at}: the same ${what} by ${event.party} on ${new Date(event.time).toISOString()} is already given at line ${first}`);
      seen.set(key, lineOf(path));
      set.events.push(event);
      summary.accepted++;
      summary.events!++;
    } catch (e) {
      if (!(e instanceof Reject)) throw e;
      quarantine(path, e);
    }
  });
  set.summaries.push(summary);
  return summary;
}

type Parsed = { [K in keyof typeof eventSchemas]: z.infer<(typeof eventSchemas)[K]> }[keyof typeof eventSchemas];
type Base = Omit<Extract<ObservationEvent, { type: 'membership' }>, 'type' | 'state' | 'change'>;

const figuresOf = (r: ActivityFigures): ActivityFigures => Object.fromEntries(ACTIVITY_FIGURES.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));

function eventOf(r: Parsed, base: Base, at: string, ms: (v: unknown, at: string) => number): ObservationEvent {
  switch (r.type) {
    case 'membership':
      return { type: r.type, ...base, state: r.state, change: r.change };
    case 'step':
      return { type: r.type, ...base, plan: r.plan, step: r.step, status: r.status };
    case 'activity': {
      const end = ms(r.end, `${at}.end`);
      if (end < base.time) throw new Reject('bad-period', `${at}.end: ends (${String(r.end)}) before it starts (${String(r.start)})`);
      // A report carries its own source and confidence because a size and the dates can be of different
      // trust (a sourced figure, dates from general knowledge); one that gives none takes the record's.
      const reports = (r.reports ?? []).map((x) => ({ basis: x.basis, ...figuresOf(x), source: x.source ?? base.source, confidence: x.confidence ?? base.confidence, ...(x.note !== undefined ? { note: x.note } : {}) }));
      return {
        type: r.type,
        ...base,
        name: r.name,
        end,
        ...(r.place !== undefined ? { place: r.place } : {}),
        ...(r.bbox ? { bbox: r.bbox } : {}),
        ...(r.class !== undefined ? { class: r.class } : {}),
        ...(r.impact ? { impact: r.impact } : {}),
        reports,
      };
    }
    case 'notification': {
      const window = r.from === undefined ? undefined : { from: ms(r.from, `${at}.from`), to: ms(r.to, `${at}.to`) };
      if (window && window.to < window.from) throw new Reject('bad-period', `${at}.to: the notified window ends (${String(r.to)}) before it starts (${String(r.from)})`);
      return { type: r.type, ...base, activity: r.activity, ...window, ...(r.latest ? { latest: true } : {}), ...(r.impactArea ? { impactArea: r.impactArea } : {}), ...figuresOf(r) };
    }
    case 'condition':
      return { type: r.type, ...base, condition: r.condition, status: r.status };
    case 'incident':
      return {
        type: r.type,
        ...base,
        against: r.against,
        actorClass: r.actorClass,
        ...(r.actorName !== undefined ? { actorName: r.actorName } : {}),
        targetClass: r.targetClass,
        ...(r.targetName !== undefined ? { targetName: r.targetName } : {}),
        ...(r.distanceM !== undefined ? { distanceM: r.distanceM } : {}),
        ...(r.distanceReported !== undefined ? { distanceReported: r.distanceReported } : {}),
        acts: r.acts,
        ...(r.place !== undefined ? { place: r.place } : {}),
        ...(r.point ? { point: r.point } : {}),
      };
    case 'attack': {
      const attested = r.attested ? { by: r.attested.by, date: ms(r.attested.date, `${at}.attested.date`) } : undefined;
      if (attested && attested.date < base.time) throw new Reject('bad-period', `${at}.attested.date: the attestation (${String(r.attested!.date)}) is dated before the attack (${String(r.time)})`);
      return { type: r.type, ...base, target: r.target, ...(r.place !== undefined ? { place: r.place } : {}), ...(r.point ? { point: r.point } : {}), ...(attested ? { attested } : {}) };
    }
    case 'holding': {
      const until = r.until === undefined ? base.time : ms(r.until, `${at}.until`);
      if (until < base.time) throw new Reject('bad-period', `${at}.until: ends (${String(r.until)}) before the date the figure is given as of (${String(r.time)})`);
      return { type: r.type, ...base, class: r.class, place: r.place, count: r.count, ...(r.lowerBound ? { lowerBound: true } : {}), ...(r.system !== undefined ? { system: r.system } : {}), basis: r.basis ?? 'declared', until };
    }
    case 'transfer': {
      const end = r.end === undefined ? base.time : ms(r.end, `${at}.end`);
      if (end < base.time) throw new Reject('bad-period', `${at}.end: ends (${String(r.end)}) before it starts (${String(r.start)})`);
      return { type: r.type, ...base, recipient: r.recipient, category: r.category, ...(r.classes ? { classes: r.classes } : {}), end };
    }
  }
}

function describe(e: ObservationEvent): string {
  switch (e.type) {
    case 'membership':
      return `${e.change} of ${e.state}`;
    case 'step':
      return `${e.status} step ${e.step} of ${e.plan}`;
    case 'activity':
      return `activity ${e.name}`;
    case 'notification':
      return `notification of ${e.activity}`;
    case 'attack':
      return `attack on ${e.target}${e.place !== undefined ? ` in ${e.place}` : ''}${e.point ? ` at ${e.point.join(',')}` : ''}`;
    case 'holding':
      return `${e.basis} holding of ${e.class}${e.system ? ` (${e.system})` : ''} in ${e.place}`;
    case 'condition':
      return `condition ${e.condition} ${e.status}`;
    case 'incident':
      return `incident of ${e.actorName ?? e.actorClass} with ${e.targetName ?? e.targetClass} of ${e.against}`;
    case 'transfer':
      return `${e.category}${e.classes ? ` (${e.classes.join(', ')})` : ''} to ${e.recipient}`;
  }
}

function parseRecord<T extends z.ZodType>(schema: T, raw: unknown, src: YamlSource, path: PropertyKey[]): z.infer<T> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const first = zodIssues(src, r.error, path)[0]!;
  throw new Reject('bad-field', `${first.path}: ${first.message}`);
}

