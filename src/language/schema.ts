/**
 * The agreement language's schema. It lives here in code (zod) and is also written out as JSON
 * Schema (`redline schema --write schema/`) so editors complete and check agreement files.
 *
 * The language knows the shape every commitment shares; each commitment kind brings the schema of
 * its own `params` (see `src/verify/kinds/registry.ts`), so adding a kind never touches this file.
 */
import { z } from 'zod';

const id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'an id: a letter, then letters, digits, "_", "." or "-"')
  .describe('An identifier other entries refer to.');

/** A reference to a named parameter of the agreement: `$beltWidthKm`. */
export const paramRef = z.string().regex(/^\$[A-Za-z][A-Za-z0-9_]*$/, 'a parameter reference such as "$beltWidthKm"');
/** A number given directly or by reference to a named (possibly not agreed) parameter. */
export const numberOrParam = (n: z.ZodNumber) => z.union([n, paramRef]);

export const isoDate = z.iso.date().describe('A calendar date, YYYY-MM-DD (UTC).');
const isoTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).describe('A date (YYYY-MM-DD) or an ISO 8601 date-time with offset.');

const source = z
  .union([
    z.string().min(1),
    z.strictObject({
      title: z.string().min(1),
      url: z.string().optional(),
      date: isoDate.optional(),
      note: z.string().optional(),
    }),
  ])
  .describe('Where a text or a fact comes from: a citation string or {title, url, date, note}.');

const membership = z.strictObject({
  state: z.string().regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code').describe('Member state, ISO 3166-1 alpha-3.'),
  from: isoDate.describe('Date the state became a member.'),
  to: isoDate.optional().describe('Date membership ended, if it did.'),
  source: source.optional(),
});

const party = z.discriminatedUnion('kind', [
  z.strictObject({
    id,
    kind: z.literal('state'),
    name: z.string().min(1),
    iso3: z.string().regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code').optional().describe('Defaults to the id when the id is three capitals.'),
  }),
  z.strictObject({
    id,
    kind: z.literal('alliance'),
    name: z.string().min(1),
    members: z.array(membership).min(1),
  }),
  z.strictObject({
    id,
    kind: z.literal('group'),
    name: z.string().min(1),
    description: z.string().optional(),
    states: z.array(z.string().regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code')).min(1),
    source: source.optional(),
  }).describe('A named set of states that is not itself an actor, e.g. "states of Eastern Europe, the South Caucasus and Central Asia".'),
  z.strictObject({
    id,
    kind: z.literal('organisation'),
    name: z.string().min(1),
    role: z.enum(['guarantor', 'observer', 'mediator']).optional(),
  }),
]);

const geometry = z.strictObject({
  type: z.enum(['Polygon', 'MultiPolygon']),
  coordinates: z.array(z.any()).min(1),
});

const place = z.discriminatedUnion('kind', [
  z.strictObject({ id, kind: z.literal('territory'), name: z.string().optional(), party: id }),
  z.strictObject({
    id,
    kind: z.literal('territorial-sea'),
    name: z.string().optional(),
    party: id,
    widthNm: numberOrParam(z.number().positive().max(12)).optional().describe('Breadth in nautical miles; 12 is the UNCLOS art. 3 maximum and the default.'),
  }),
  z.strictObject({ id, kind: z.literal('sea'), name: z.string().optional(), sea: z.string().min(1).describe('A named sea: baltic, black, azov.') }),
  z.strictObject({
    id,
    kind: z.literal('border-belt'),
    name: z.string().optional(),
    between: z.tuple([id, id]),
    widthKm: numberOrParam(z.number().positive()),
  }),
  z.strictObject({ id, kind: z.literal('reach'), name: z.string().optional(), of: id, radiusKm: numberOrParam(z.number().positive()) }),
  z.strictObject({
    id,
    kind: z.literal('custom'),
    name: z.string().optional(),
    geometry: geometry.optional(),
    file: z.string().optional().describe('A GeoJSON file, relative to the agreement file.'),
  }),
]);

const assetClass = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().optional(),
  match: z
    .strictObject({
      classes: z.array(z.string()).optional().describe('Catalogue classes (data/assets/catalogue.yaml) this class covers.'),
      aisShipTypes: z.array(z.number().int().min(0).max(99)).optional().describe('AIS ship and cargo types (ITU-R M.1371 table 53), e.g. 35 military operations.'),
    })
    .optional(),
});

const parameter = z.strictObject({
  value: z.number(),
  unit: z.string().optional(),
  agreed: z.boolean().describe('false where the text leaves the number open and this value is an assumption.'),
  // Apart from `agreed`: a figure the text does fix may still be one nobody has checked against the
  // text itself (the facts' [U]); findings judged against it say so instead of passing it off as checked.
  confidence: z
    .enum(['verified', 'partly-verified', 'not-verified'])
    .optional()
    .describe('How far the figure itself is verified against a primary source ([V], [P], [U]); absent: not stated. Findings whose limit is a partly or not verified figure mark it.'),
  source: source.optional(),
});

/**
 * A party's reading of the agreement where it differs from the text as written (the March 2025
 * Black Sea statements: the Kremlin makes entry into force conditional, Ukraine adds a breach). The
 * engine judges under one reading at a time, as it judges territory under one view; `as-written`
 * (the text as encoded, no party's gloss) is always there and may be declared here to say whose
 * text that is.
 */
const interpretation = z.strictObject({
  id,
  party: id.describe('The party whose reading it is.'),
  title: z.string().min(1),
  text: z.string().min(1).optional().describe('What the party says, in its own words or a faithful paraphrase (marked as such in source).'),
  source,
});

/** A named condition a reading can make a commitment wait on, judged on `condition` facts (met / not met, dated). */
const condition = z.strictObject({
  id,
  title: z.string().min(1),
  text: z.string().min(1).optional(),
  source,
});

/** How one reading changes one commitment. */
const readingOverride = z.strictObject({
  inForceWhen: z.array(id).min(1).optional().describe('Conditions (ids under `conditions`) that must all be met, by dated facts, for the commitment to be in force under this reading.'),
  params: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("Params this reading gives otherwise (a place, a distance): merged over the commitment's own and checked against its kind."),
  note: z.string().min(1).optional().describe('How this reading reads the commitment, in a sentence.'),
  source: source.optional(),
});

export const commitmentBase = {
  id,
  title: z.string().min(1),
  article: z.string().min(1).describe('Article and paragraph the commitment encodes, e.g. "Art. 5(2)".'),
  text: z.string().min(1).describe('The article text (or a faithful paraphrase, marked as such in source).'),
  source,
  obligor: z.union([id, z.array(id).min(1)]).describe('Party or parties bound by the commitment.'),
  beneficiary: z.union([id, z.array(id).min(1)]).optional(),
  effective: z.strictObject({ from: isoTime, to: isoTime.optional() }).optional(),
  interpretations: z
    .record(z.string(), readingOverride)
    .optional()
    .describe('Per-reading overrides, keyed by interpretation id: under that reading the commitment is in force only when its conditions are met.'),
  onlyUnder: z.array(id).min(1).optional().describe('The commitment is held only by these readings (interpretation ids), not by the text as written: judged only under them.'),
};

export type ParamsSchemas = Record<string, z.ZodType>;

/** The schema of a whole agreement file, given each commitment kind's params schema. */
export function agreementSchema(kinds: ParamsSchemas) {
  const entries = Object.entries(kinds);
  if (entries.length === 0) throw new Error('agreementSchema needs at least one commitment kind');
  const variants = entries.map(([kind, params]) =>
    z.strictObject({ ...commitmentBase, kind: z.literal(kind), params }),
  );
  const commitment = z.discriminatedUnion('kind', variants as [typeof variants[number], ...typeof variants]);
  return z.strictObject({
    redline: z.literal(1).describe('Language version.'),
    id,
    title: z.string().min(1),
    source,
    date: isoDate.optional(),
    proposer: z.string().optional(),
    venue: z.string().optional(),
    parameters: z.record(z.string(), parameter).optional().describe('Named numbers that places and params refer to as "$name", with whether they are agreed.'),
    views: z.array(id).optional().describe('Views (party ids) to judge geometry under when none is asked for.'),
    interpretations: z.array(interpretation).optional().describe('Parties\' readings the engine can judge under (`check --interpretation ID`); the text as written is `as-written`.'),
    conditions: z.array(condition).optional().describe('Named conditions that readings make commitments wait on (`inForceWhen`).'),
    parties: z.array(party).min(1),
    places: z.array(place).default([]),
    assetClasses: z.array(assetClass).default([]),
    commitments: z.array(commitment).min(1),
  });
}

export type PartyDecl = z.infer<typeof party>;
export type PlaceDecl = z.infer<typeof place>;
export type AssetClassDecl = z.infer<typeof assetClass>;
export type Source = z.infer<typeof source>;
export type Parameter = z.infer<typeof parameter>;
export type InterpretationDecl = z.infer<typeof interpretation>;
export type ConditionDecl = z.infer<typeof condition>;
export type ReadingOverride = z.infer<typeof readingOverride>;

/** A commitment as the language sees it: the shared fields plus the kind's own params. */
export interface CommitmentDecl {
  id: string;
  kind: string;
  title: string;
  article: string;
  text: string;
  source: Source;
  obligor: string | string[];
  beneficiary?: string | string[];
  effective?: { from: string; to?: string };
  interpretations?: Record<string, ReadingOverride>;
  onlyUnder?: string[];
  params: Record<string, unknown>;
}

export interface AgreementDecl {
  redline: 1;
  id: string;
  title: string;
  source: Source;
  date?: string;
  proposer?: string;
  venue?: string;
  parameters?: Record<string, Parameter>;
  views?: string[];
  interpretations?: InterpretationDecl[];
  conditions?: ConditionDecl[];
  parties: PartyDecl[];
  places: PlaceDecl[];
  assetClasses: AssetClassDecl[];
  commitments: CommitmentDecl[];
}
