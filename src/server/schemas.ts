/**
 * The API's request and response shapes, in zod: the routes validate with these and the OpenAPI
 * document (`openapi.ts`) is written from these, so the two cannot drift apart.
 */
import { z } from 'zod';
import { findingSchema, verdicts } from '../verify/finding.js';
import { ROLES, VISIBILITIES } from './auth.js';

const partyId = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'a party id: a letter, then letters, digits, "_", "." or "-"').describe('A party id, e.g. RUS, NATO, OSCE.');
const filename = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a file name without folders: letters, digits, "_", "." or "-"')
  .describe('The name the data would have as a file; its extension tells the format as for `redline ingest` (.nmea, .csv, .geojson, .json, .events.yaml, .gz ...).');
const visibility = z.enum(VISIBILITIES).default('published').describe('published: readable by every caller; confidential: by the submitting party and the guarantors only.');
const content = z.string().min(1, 'must not be empty').describe('The file content: text as is, or base64 when `encoding` is base64 (gzip, zip).');
const encoding = z.enum(['utf8', 'base64']).default('utf8');
const isoTime = z
  .string()
  .refine((s) => !Number.isNaN(parseTimeParam(s)), 'must be an ISO 8601 date (YYYY-MM-DD) or date-time')
  .describe('ISO 8601 date or date-time (UTC when no offset is given).');

export function parseTimeParam(v: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v : `${v}Z`);
}

// ---------------------------------------------------------------------------------------------
// Bodies.

export const observationSubmissionSchema = z
  .strictObject({ party: partyId.describe('As whom the data is submitted: must be the caller itself.'), filename, content, encoding, visibility })
  .describe('Observations: NMEA 0183 AIS, Danish Maritime Authority CSV, OpenSky JSON or GeoJSON tracks, plain, gzip or zip.');

export const declarationSubmissionSchema = z
  .strictObject({ party: partyId.describe('As whom the facts are submitted: must be the caller itself.'), filename, content, encoding, visibility })
  .describe('Dated facts (redline-events: 1, YAML or JSON): declarations (holdings, activities), notifications, event reports (attacks, transfers), memberships, steps.');

export const signedSubmissionSchema = z
  .strictObject({
    entry: z.string().min(1).describe('base64 of a record entry of kind submission, made where the key is: `redline log sign --key KEY --party P FILE --out ENTRY`; signed with the same key the caller authenticates with.'),
    filename,
    visibility,
  })
  .describe('Observations signed by their submitter: appended to the store\'s record log (the key must be registered there with `redline log register`), then ingested as POST /v1/observations does.');

export const registrySubmissionSchema = z.strictObject({ filename, content, encoding }).describe('An asset registry file (YAML or JSON), applied to the stored assets as `redline ingest --registry`.');

export const agreementSubmissionSchema = z
  .strictObject({ filename: filename.optional().describe('Named in error messages; defaults to "<id>.yaml".'), content: z.string().min(1).describe('The agreement file, YAML or JSON.'), visibility })
  .describe('An agreement file in the Redline language.');

export const draftSubmissionSchema = z
  .strictObject({
    party: partyId.describe('The proposer: must be the caller, and the draft\'s own `proposer`.'),
    filename: filename.optional(),
    content: z.string().min(1).describe('The draft, an agreement file in the Redline language.'),
    visibility,
  })
  .describe('A draft: one version of an agreement proposed by one party.');

export const callerSchema = z.strictObject({
  name: partyId.describe("The caller's key name (for a party, its party id)."),
  role: z.enum(ROLES),
  vkey: z.string().min(1).describe('The verifier key `redline keys new` printed: <name>+<key ID>+<base64 key>.'),
});

export const checkRequestSchema = z.strictObject({}).describe('Runs every registered agreement over everything stored; no options yet.');

export const attestationSchema = z.strictObject({
  run: z.number().int().positive().describe('The run the finding belongs to.'),
  finding: z.string().min(1).describe('The finding id, agreement/commitment/view/n.'),
  note: z.string().max(4000).optional(),
});

// ---------------------------------------------------------------------------------------------
// Queries (strings in the URL; numbers coerced).

const list = z.string().describe('One value or several separated by commas.');
const bbox = z
  .string()
  .refine((s) => {
    const n = s.split(',').map(Number);
    return n.length === 4 && n.every(Number.isFinite) && n[1]! <= n[3]!;
  }, 'must be west,south,east,north in degrees')
  .describe('west,south,east,north in degrees: findings with a key point inside.');

export const findingsQuerySchema = z.strictObject({
  agreement: z.string().optional(),
  commitment: z.string().optional(),
  party: partyId.optional().describe('Findings whose obligor or beneficiary includes this party.'),
  verdict: z.enum(verdicts).optional(),
  view: z.string().optional(),
  from: isoTime.optional().describe('Findings whose period overlaps [from, to].'),
  to: isoTime.optional(),
  place: z.string().optional().describe('A place id of the agreement: findings of commitments that refer to it.'),
  bbox: bbox.optional(),
  run: z.coerce.number().int().positive().optional().describe('A run id; by default the latest run holding findings of each agreement.'),
  format: z.enum(['json', 'geojson']).default('json'),
  detail: z.enum(['full', 'summary']).default('full').describe('summary leaves out each finding\'s trace and evidence ids (evidenceCount stays), for lists and maps; full has everything.'),
});

/** A report takes the findings filters; `format` says which of the three documents. */
export const reportsQuerySchema = findingsQuerySchema.omit({ format: true, detail: true }).extend({
  format: z.enum(['csv', 'geojson', 'html']).default('html').describe('csv: one row per finding; geojson: as GET /v1/findings?format=geojson; html: a printable page with the article, figures, explanation and a static SVG map per finding.'),
});

export const observationsQuerySchema = z.strictObject({
  asset: list.optional().describe('Asset ids, e.g. mmsi:273345000,demo:hms-defender; all assets when absent.'),
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: z.coerce.number().int().positive().max(1_000_000).default(100_000).describe('At most this many positions (the earliest).'),
});

export const placesQuerySchema = z.strictObject({
  agreement: z.string().min(1).describe('The agreement whose places to draw.'),
  view: list.optional().describe("Views (party ids); by default the agreement's own."),
  at: isoTime.optional().describe('Alliance memberships as of this date; now by default.'),
});

export const idParamSchema = z.strictObject({ id: z.coerce.number().int().positive() });
export const nameParamSchema = z.strictObject({ name: partyId });
export const agreementParamSchema = z.strictObject({ id: z.string().min(1) });

// ---------------------------------------------------------------------------------------------
// Responses.

export const issueSchema = z.object({
  field: z.string().describe('Where: a dotted path into the body or query, or the field of the submitted file.'),
  reason: z.string(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  code: z.string().optional(),
  expected: z.string().optional(),
});

export const errorSchema = z.object({
  error: z.string().describe('bad-request, unauthenticated, forbidden, not-found, invalid-content, conflict'),
  message: z.string(),
  issues: z.array(issueSchema).optional(),
});

const summarySchema = z.object({ source: z.string(), read: z.number(), accepted: z.number(), quarantined: z.number(), ignored: z.number(), positions: z.number(), events: z.number().optional(), byReason: z.record(z.string(), z.number()) });

export const submissionSchema = z.object({
  id: z.number().int(),
  party: z.string(),
  submittedBy: z.string(),
  visibility: z.enum(VISIBILITIES),
  kind: z.enum(['observations', 'declarations', 'registry']),
  format: z.string(),
  filename: z.string(),
  sources: z.array(z.string()).describe('Source names the observation ids of this submission cite (<source>:<line>).'),
  status: z.string().describe('ingested, skipped (the same bytes were stored before), stored'),
  summaries: z.array(summarySchema).describe('Per input: read = accepted + quarantined.'),
  submittedAt: z.string(),
});

const quarantined = z.object({ source: z.string(), line: z.number(), code: z.string(), reason: z.string(), raw: z.string() });
export const submissionResponseSchema = z.object({ submission: submissionSchema, quarantine: z.array(quarantined).describe('The first 100 quarantined records.') });
export const signedSubmissionResponseSchema = submissionResponseSchema.extend({ record: z.object({ index: z.number().int().describe('The entry\'s index in the record log.'), leafHash: z.string() }) });
export const submissionDetailSchema = z.object({ submission: submissionSchema, content: z.string().optional().describe('For declarations: the submitted text.') });

export const agreementInfoSchema = z.object({
  id: z.string(),
  kind: z.enum(['agreement', 'draft']),
  seq: z.number().int().describe('Version: the latest submission of this id wins.'),
  party: z.string(),
  title: z.string(),
  visibility: z.enum(VISIBILITIES),
  submittedBy: z.string(),
  submittedAt: z.string(),
  views: z.array(z.string()),
  commitments: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), article: z.string() })),
});
export const agreementDetailSchema = z.object({ agreement: agreementInfoSchema, decl: z.unknown().describe('The parsed declaration.'), text: z.string() });

export const storedFindingSchema = z.object({
  run: z.number().int(),
  finding: findingSchema,
  attestations: z.array(z.object({ by: z.string(), at: z.string(), note: z.string().nullable() })),
});
export const findingsResponseSchema = z.object({ findings: z.array(storedFindingSchema) });
export const checkResponseSchema = z.object({ run: z.number().int(), findings: z.number().int(), counts: z.record(z.string(), z.number()), events: z.number().int().describe('Live changes since the previous check.') });
export const callerInfoSchema = z.object({ name: z.string(), role: z.enum(ROLES), vkey: z.string(), registeredAt: z.string(), registeredBy: z.string() });
export const featureCollectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) }).describe('GeoJSON (RFC 7946).');
export const liveEventSchema = z.object({ event: z.enum(['new', 'update', 'withdrawn']), liveId: z.string(), run: z.number().int(), finding: findingSchema });
