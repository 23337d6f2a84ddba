/**
 * The HTTP API on Fastify. Every route is one entry of a table (`routes`) that holds its zod
 * schemas, who may call it and its handler: the same entry validates requests, registers the
 * Fastify route and writes its part of the OpenAPI document (openapi.ts). A request that does not
 * fit gets 400 with each field and reason; a refusal 401 or 403 with the reason.
 */
import type { ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseVerifierKey } from '../record/keys.js';
import type { Store } from '../store/store.js';
import { findingsGeoJSON } from '../verify/index.js';
import { mayAdminister, mayAttest, mayRunChecks, maySubmitRegistry, tokenClaim, verifyToken, type Caller } from './auth.js';
import { docsPage, openApiDocument } from './openapi.js';
import { ApiError, forbid, RedlineService, type ApiIssue, type FindingFilter } from './service.js';
import * as s from './schemas.js';
import { pointsGeoJSON, tracksGeoJSON } from './geojson.js';
import { findingsCsv, findingsHtml, findingsReportGeoJSON, reportSources } from './reports.js';
import type { ServerTables } from './tables.js';
import type { LoadedGeo } from '../geo/index.js';
import { registerWebApp, type WebOptions } from './web.js';

export interface RouteContext {
  caller: Caller;
  body: unknown;
  query: unknown;
  params: unknown;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  summary: string;
  /** Who may call it, in words, for the docs; the handler applies the rule itself. */
  access: string;
  /** `public` routes need no token. */
  auth?: 'public';
  tag: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** The success response: a schema (JSON) or a content type with a description. */
  response: z.ZodType | { contentType: string; description: string };
  status?: number;
  handler: (ctx: RouteContext, svc: RedlineService) => unknown;
}

export interface ServerOptions {
  store: Store;
  tables: ServerTables;
  geo?: LoadedGeo;
  /** Run a check after every accepted submission, so live subscribers hear of changes without asking. */
  checkOnSubmit?: boolean;
  /** Largest request body, in bytes (submissions carry whole files). */
  bodyLimit?: number;
  logger?: boolean;
  /** The web app and basemap (web.ts); on by default. */
  web?: WebOptions | false;
}

const BAD_REQUEST = 400;

function validate<T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'body' | 'query' | 'params'): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issues: ApiIssue[] = r.error.issues.flatMap((i) => {
    const base = [where, ...i.path.map(String)].join('.');
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ field: `${base}.${k}`, reason: 'is not a field of this request' }));
    if (i.code === 'invalid_type' && i.input === undefined) return [{ field: base, reason: `is required (${i.expected})` }];
    return [{ field: base, reason: i.message }];
  });
  throw new ApiError(BAD_REQUEST, 'bad-request', issues.map((i) => `${i.field}: ${i.reason}`).join('; '), issues);
}

const csv = (v: string | undefined): string[] | undefined => (v === undefined ? undefined : v.split(',').map((x) => x.trim()).filter(Boolean));
const time = (v: string | undefined): number | undefined => (v === undefined ? undefined : s.parseTimeParam(v));

/** `liveStreams`: where the live route keeps its open responses, for the server to end them on close. */
export function routes(options: Pick<ServerOptions, 'checkOnSubmit'> & { liveStreams?: Set<ServerResponse> }): RouteDef[] {
  // The submission is answered once it is stored; the check runs after, and live subscribers hear of it.
  const afterSubmit = async (svc: RedlineService, caller: Caller) => {
    if (options.checkOnSubmit) svc.check(caller.name).catch((e: Error) => console.error(`redline serve: check after a submission by ${caller.name} failed: ${e.message}`));
  };
  return [
    { method: 'GET', url: '/v1/health', tag: 'service', summary: 'Liveness: the store answers.', access: 'anyone', auth: 'public', response: z.object({ ok: z.literal(true), schemaVersion: z.number() }), handler: async (_c, svc) => ({ ok: true, schemaVersion: await svc.store.schemaVersion() }) },
    { method: 'GET', url: '/v1/me', tag: 'callers', summary: 'Who the token says the caller is.', access: 'any caller', response: z.object({ name: z.string(), role: z.string() }), handler: ({ caller }) => ({ name: caller.name, role: caller.role }) },
    {
      method: 'GET', url: '/v1/callers', tag: 'callers', summary: 'Registered callers.', access: 'administrator', response: z.object({ callers: z.array(s.callerInfoSchema) }),
      handler: ({ caller }, svc) => {
        forbid(mayAdminister(caller));
        return { callers: svc.tables.callers() };
      },
    },
    {
      method: 'POST', url: '/v1/callers', tag: 'callers', summary: 'Registers a caller (or gives a name a new key or role) with its verifier key.', access: 'administrator', body: s.callerSchema, response: s.callerInfoSchema, status: 201,
      handler: ({ caller, body }, svc) => {
        forbid(mayAdminister(caller));
        const b = body as z.infer<typeof s.callerSchema>;
        let key;
        try {
          key = parseVerifierKey(b.vkey.trim());
        } catch (e) {
          throw new ApiError(BAD_REQUEST, 'bad-request', `body.vkey: ${(e as Error).message}`, [{ field: 'body.vkey', reason: (e as Error).message }]);
        }
        if (key.name !== b.name) throw new ApiError(BAD_REQUEST, 'bad-request', `body.vkey: the key is named ${key.name}, not ${b.name}`, [{ field: 'body.vkey', reason: `is the key of ${key.name}, not of ${b.name}` }]);
        return svc.tables.putCaller({ name: b.name, role: b.role, vkey: b.vkey.trim(), registeredBy: caller.name });
      },
    },
    {
      method: 'DELETE', url: '/v1/callers/:name', tag: 'callers', summary: "Revokes a caller: its token stops working.", access: 'administrator', params: s.nameParamSchema, response: z.object({ removed: z.string() }),
      handler: ({ caller, params }, svc) => {
        forbid(mayAdminister(caller));
        const { name } = params as { name: string };
        if (name === caller.name) throw new ApiError(409, 'conflict', 'an administrator cannot revoke itself');
        if (!svc.tables.removeCaller(name)) throw new ApiError(404, 'not-found', `no caller ${name}`);
        return { removed: name };
      },
    },
    {
      method: 'POST', url: '/v1/observations', tag: 'submissions', summary: 'Submits positions (NMEA AIS, DMA CSV, OpenSky JSON, GeoJSON; plain, gzip or zip), ingested as `redline ingest` does: bad records quarantined, read = accepted + quarantined.', access: 'a party or guarantor, as itself', body: s.observationSubmissionSchema, response: s.submissionResponseSchema, status: 201,
      handler: async ({ caller, body }, svc) => {
        const r = await svc.submitObservations(caller, body as z.infer<typeof s.observationSubmissionSchema>);
        if (r.submission.status === 'ingested') await afterSubmit(svc, caller);
        return r;
      },
    },
    {
      method: 'POST', url: '/v1/record/submissions', tag: 'submissions', summary: "Submits observations signed by the submitter's Ed25519 key (a `redline log sign` entry): appended to the store's record log, then ingested as POST /v1/observations.", access: 'a party or guarantor, as itself, with its own key', body: s.signedSubmissionSchema, response: s.signedSubmissionResponseSchema, status: 201,
      handler: async ({ caller, body }, svc) => {
        const r = await svc.submitSigned(caller, body as z.infer<typeof s.signedSubmissionSchema>);
        if (r.submission.status === 'ingested') await afterSubmit(svc, caller);
        return r;
      },
    },
    {
      method: 'POST', url: '/v1/declarations', tag: 'submissions', summary: 'Submits dated facts (redline-events: 1): declarations, notifications, event reports. A party declares only its own acts.', access: 'a party or guarantor, as itself', body: s.declarationSubmissionSchema, response: s.submissionResponseSchema, status: 201,
      handler: async ({ caller, body }, svc) => {
        const r = await svc.submitDeclarations(caller, body as z.infer<typeof s.declarationSubmissionSchema>);
        await afterSubmit(svc, caller);
        return r;
      },
    },
    {
      method: 'POST', url: '/v1/registries', tag: 'submissions', summary: 'Applies an asset registry (owner, class, weapon range) to the stored assets, all or nothing.', access: 'guarantor or administrator', body: s.registrySubmissionSchema, response: s.submissionResponseSchema, status: 201,
      handler: async ({ caller, body }, svc) => {
        forbid(maySubmitRegistry(caller));
        const r = await svc.submitRegistry(caller, body as z.infer<typeof s.registrySubmissionSchema>);
        await afterSubmit(svc, caller);
        return r;
      },
    },
    { method: 'GET', url: '/v1/submissions', tag: 'submissions', summary: 'Submissions the caller may read.', access: 'any caller (filtered)', response: z.object({ submissions: z.array(s.submissionSchema) }), handler: ({ caller }, svc) => ({ submissions: svc.submissions(caller) }) },
    {
      method: 'GET', url: '/v1/submissions/:id', tag: 'submissions', summary: "One submission, with its text for declarations; another party's confidential one is refused with 403.", access: 'published: anyone; confidential: its party and guarantors', params: s.idParamSchema, response: s.submissionDetailSchema,
      handler: ({ caller, params }, svc) => svc.submission(caller, (params as { id: number }).id),
    },
    agreementPost('agreement'),
    agreementPost('draft'),
    ...agreementGets('agreement'),
    ...agreementGets('draft'),
    {
      method: 'POST', url: '/v1/checks', tag: 'findings', summary: 'Runs every registered agreement over everything stored; stores the findings as a run and sends the changes to live subscribers.', access: 'guarantor or administrator', body: s.checkRequestSchema, response: s.checkResponseSchema, status: 201,
      handler: async ({ caller }, svc) => {
        forbid(mayRunChecks(caller));
        const r = await svc.check(caller.name);
        return { run: r.run, findings: r.findings.length, counts: r.counts, events: r.events.length };
      },
    },
    { method: 'GET', url: '/v1/runs', tag: 'findings', summary: 'Runs recorded in the store (checks, ingests).', access: 'any caller', response: z.object({ runs: z.array(z.unknown()) }), handler: async (_c, svc) => ({ runs: await svc.store.runs() }) },
    {
      method: 'GET', url: '/v1/findings', tag: 'findings', summary: 'Findings, filtered; by default those of the latest run of each agreement. Only findings whose cited observations the caller may read.', access: 'any caller (filtered)', query: s.findingsQuerySchema, response: s.findingsResponseSchema,
      handler: async ({ caller, query, reply, request }, svc) => {
        const q = query as z.infer<typeof s.findingsQuerySchema>;
        const answer = () => {
          return svc.findings(caller, findingFilter(q)).then((all) => {
            const found = q.detail === 'summary' ? all.map((f) => ({ ...f, finding: { ...f.finding, trace: [], evidence: [] } })) : all;
            return JSON.stringify(q.format === 'geojson' ? findingsGeoJSON(found.map((f) => f.finding)) : { findings: found });
          });
        };
        const { body, gzip } = await svc.memo(`findings|${svc.audienceOf(caller)}|${JSON.stringify(q)}`, answer);
        reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
        if (!/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return body;
        return reply.header('content-encoding', 'gzip').send(gzip);
      },
    },
    {
      method: 'GET', url: '/v1/reports', tag: 'findings', summary: 'A report of the findings a filter selects (the filters of GET /v1/findings): CSV, GeoJSON, or a printable HTML page with the article, measured figures, explanation and a static SVG map (Natural Earth outline, places, tracks, key points) per finding.', access: 'any caller (filtered, as findings)', query: s.reportsQuerySchema, response: { contentType: 'text/html, text/csv or application/geo+json', description: 'The report; `content-disposition` names a file.' },
      handler: async ({ caller, query, reply }, svc) => {
        const q = query as z.infer<typeof s.reportsQuerySchema>;
        const found = await svc.findings(caller, findingFilter(q));
        const name = `redline-findings.${q.format}`;
        reply.header('content-disposition', `${q.format === 'html' ? 'inline' : 'attachment'}; filename="${name}"`);
        if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').send(findingsCsv(found));
        if (q.format === 'geojson') return reply.type('application/geo+json; charset=utf-8').send(JSON.stringify(findingsReportGeoJSON(found)));
        const { format: _f, ...filters } = q;
        const html = await findingsHtml(found, { filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])), caller: { name: caller.name, role: caller.role }, generatedAt: new Date().toISOString(), ...reportSources(svc, caller) });
        return reply.type('text/html; charset=utf-8').send(html);
      },
    },
    {
      method: 'POST', url: '/v1/attestations', tag: 'findings', summary: 'A guarantor attests (countersigns) a finding of a stored run.', access: 'guarantor', body: s.attestationSchema, response: z.object({ run: z.number(), finding: z.string(), by: z.string(), at: z.string(), note: z.string().nullable() }), status: 201,
      handler: ({ caller, body }, svc) => {
        forbid(mayAttest(caller));
        const b = body as z.infer<typeof s.attestationSchema>;
        return svc.attest(caller, b.run, b.finding, b.note);
      },
    },
    {
      method: 'GET', url: '/v1/observations', tag: 'map', summary: 'Positions by asset and time window as GeoJSON Points (time, speed, course, observation id).', access: 'any caller (filtered)', query: s.observationsQuerySchema, response: s.featureCollectionSchema,
      handler: async ({ caller, query }, svc) => {
        const q = query as z.infer<typeof s.observationsQuerySchema>;
        const { set, rows } = await svc.positions(caller, { ...optionalAssets(q.asset), ...optionalTimes(q.from, q.to), limit: q.limit });
        return pointsGeoJSON(set, rows);
      },
    },
    {
      method: 'GET', url: '/v1/tracks', tag: 'map', summary: 'Tracks by asset and time window as GeoJSON LineStrings with a time per vertex (properties.times), as the GeoJSON reader reads them.', access: 'any caller (filtered)', query: s.observationsQuerySchema, response: s.featureCollectionSchema,
      handler: async ({ caller, query }, svc) => {
        const q = query as z.infer<typeof s.observationsQuerySchema>;
        const { set, rows } = await svc.positions(caller, { ...optionalAssets(q.asset), ...optionalTimes(q.from, q.to), limit: q.limit });
        return tracksGeoJSON(set, rows);
      },
    },
    {
      method: 'GET', url: '/v1/places', tag: 'map', summary: "An agreement's places under views as GeoJSON MultiPolygons (outlines of distance-based places are drawn on a grid; verdicts never use them).", access: 'any caller who may read the agreement', query: s.placesQuerySchema, response: s.featureCollectionSchema,
      handler: ({ caller, query }, svc) => {
        const q = query as z.infer<typeof s.placesQuerySchema>;
        return { type: 'FeatureCollection', features: svc.places(caller, q.agreement, csv(q.view), time(q.at) ?? Date.now()) };
      },
    },
    { method: 'GET', url: '/v1/views', tag: 'map', summary: 'The views of contested territory and what each assigns.', access: 'any caller', response: z.object({ views: z.array(z.unknown()) }), handler: (_c, svc) => ({ views: svc.geo.viewInfo() }) },
    { method: 'GET', url: '/v1/assets', tag: 'map', summary: 'Stored assets with owner party, class and weapon range.', access: 'any caller', response: z.object({ assets: z.array(z.unknown()) }), handler: async (_c, svc) => ({ assets: await svc.store.assets() }) },
    {
      method: 'GET', url: '/v1/live', tag: 'findings', summary: 'Live findings as Server-Sent Events: `finding` (new, update, withdrawn; only those the caller may read) and `check` (a run finished). Browsers without header control may pass the token as ?access_token=.', access: 'any caller (filtered)', query: z.strictObject({ access_token: z.string().optional() }), response: { contentType: 'text/event-stream', description: 'Server-Sent Events; each `finding` event carries a LiveEvent (components.schemas.LiveEvent) as its data.' },
      handler: ({ caller, reply, request }, svc) => {
        reply.hijack();
        const raw = reply.raw;
        options.liveStreams?.add(raw);
        raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        raw.write(`: redline live findings for ${caller.name} (${caller.role})\n\nevent: hello\ndata: ${JSON.stringify({ name: caller.name, role: caller.role })}\n\n`);
        const off = svc.onLive((run, events) => {
          for (const e of svc.visibleEvents(caller, events)) raw.write(`event: finding\nid: ${run}:${e.liveId}\ndata: ${JSON.stringify({ event: e.event, liveId: e.liveId, run, finding: e.finding })}\n\n`);
          raw.write(`event: check\ndata: ${JSON.stringify({ run })}\n\n`);
        });
        // A comment now and then keeps proxies from closing an idle stream.
        const beat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
        beat.unref();
        request.raw.on('close', () => {
          clearInterval(beat);
          off();
          options.liveStreams?.delete(raw);
        });
      },
    },
  ];
}

/** The findings filters of a query (GET /v1/findings, GET /v1/reports) as the service takes them. */
function findingFilter(q: Omit<z.infer<typeof s.reportsQuerySchema>, 'format'>): FindingFilter {
  const { detail: _d, format: _f, ...rest } = q as typeof q & { detail?: string; format?: string };
  const filter = { ...rest, ...(q.bbox ? { bbox: q.bbox.split(',').map(Number) } : {}) } as FindingFilter;
  if (q.from !== undefined) filter.from = new Date(s.parseTimeParam(q.from)).toISOString();
  if (q.to !== undefined) filter.to = new Date(s.parseTimeParam(q.to)).toISOString();
  return filter;
}

function optionalAssets(asset: string | undefined): { asset?: string[] } {
  const list = csv(asset);
  return list ? { asset: list } : {};
}

function optionalTimes(from: string | undefined, to: string | undefined): { from?: number; to?: number } {
  return { ...(from !== undefined ? { from: time(from)! } : {}), ...(to !== undefined ? { to: time(to)! } : {}) };
}

function agreementPost(kind: 'agreement' | 'draft'): RouteDef {
  const plural = `${kind}s`;
  return {
    method: 'POST',
    url: `/v1/${plural}`,
    tag: 'agreements',
    summary: kind === 'agreement' ? 'Registers an agreement (a new version of the same id replaces it); every problem in the file comes back with file, line, column and field.' : "Submits a draft; its `proposer` must be the submitting party. Problems in the file come back with file, line, column and field.",
    access: kind === 'agreement' ? 'administrator' : 'a party or guarantor, as itself',
    body: kind === 'agreement' ? s.agreementSubmissionSchema : s.draftSubmissionSchema,
    response: s.agreementInfoSchema,
    status: 201,
    handler: ({ caller, body }, svc) => {
      if (kind === 'agreement') forbid(mayAdminister(caller));
      const row = svc.putAgreement(caller, kind, body as z.infer<typeof s.draftSubmissionSchema>);
      return agreementInfo(svc, caller, kind, row.id);
    },
  };
}

function agreementGets(kind: 'agreement' | 'draft'): RouteDef[] {
  const plural = `${kind}s`;
  return [
    { method: 'GET', url: `/v1/${plural}`, tag: 'agreements', summary: `Registered ${plural} (latest version of each) with their commitments.`, access: 'any caller (filtered)', response: z.object({ [plural]: z.array(s.agreementInfoSchema) }), handler: ({ caller }, svc) => ({ [plural]: svc.agreements(caller, kind).map((r) => agreementInfo(svc, caller, kind, r.id)) }) },
    {
      method: 'GET', url: `/v1/${plural}/:id`, tag: 'agreements', summary: `One ${kind}: the parsed declaration (commitments with articles and parameters) and the text.`, access: 'published: anyone; confidential: its party and guarantors', params: s.agreementParamSchema, response: s.agreementDetailSchema,
      handler: ({ caller, params }, svc) => {
        const { row, agreement } = svc.agreement(caller, kind, (params as { id: string }).id);
        return { agreement: agreementInfo(svc, caller, kind, row.id), decl: agreement.decl, text: row.text };
      },
    },
  ];
}

function agreementInfo(svc: RedlineService, caller: Caller, kind: 'agreement' | 'draft', id: string): z.infer<typeof s.agreementInfoSchema> {
  const { row, agreement } = svc.agreement(caller, kind, id);
  return {
    id: row.id,
    kind,
    seq: row.seq,
    party: row.party,
    title: agreement.decl.title,
    visibility: row.visibility,
    submittedBy: row.submittedBy,
    submittedAt: row.submittedAt,
    views: agreement.defaultViews(),
    commitments: agreement.decl.commitments.map((c) => ({ id: c.id, kind: c.kind, title: c.title, article: c.article })),
  };
}

/** Token → caller, remembered so a busy client costs one Ed25519 verification, not one per request. */
function authenticator(tables: ServerTables) {
  const verified = new Map<string, { vkey: string; caller: Caller }>();
  return (request: FastifyRequest, queryToken: string | undefined): Caller => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : queryToken;
    if (!token) throw new ApiError(401, 'unauthenticated', 'no token: send "Authorization: Bearer <token>" (redline keys token --key FILE)');
    const claim = tokenClaim(token);
    if (!claim) throw new ApiError(401, 'unauthenticated', 'not a Redline API token (rl1.<name>.<key ID>.<signature>)');
    const row = tables.caller(claim.name);
    if (!row) throw new ApiError(401, 'unauthenticated', `no caller ${claim.name} is registered`);
    const known = verified.get(token);
    if (known && known.vkey === row.vkey && known.caller.role === row.role) return known.caller;
    const key = parseVerifierKey(row.vkey);
    if (!verifyToken(token, key)) throw new ApiError(401, 'unauthenticated', `the token is not signed by the key registered for ${claim.name}`);
    const caller: Caller = { name: row.name, role: row.role, vkey: row.vkey, key };
    if (verified.size > 10_000) verified.clear();
    verified.set(token, { vkey: row.vkey, caller });
    return caller;
  };
}

export async function buildServer(options: ServerOptions): Promise<{ app: FastifyInstance; service: RedlineService }> {
  const service = new RedlineService(options.store, options.tables, options.geo ? { geo: options.geo } : {});
  await service.init();
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimit ?? 256 * 1024 * 1024 });
  const streams = new Set<ServerResponse>();
  const table = routes({ ...options, liveStreams: streams });
  const authenticate = authenticator(options.tables);
  const doc = openApiDocument(table);
  const docs = docsPage(doc);

  app.setErrorHandler((err: Error, _request, reply) => {
    if (err instanceof ApiError) return reply.status(err.status).send({ error: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) });
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      // Fastify's own refusals: a body that is not JSON, too large, a wrong content type.
      return reply.status(status).send({ error: 'bad-request', message: err.message, issues: [{ field: 'body', reason: err.message }] });
    }
    reply.log.error(err);
    return reply.status(500).send({ error: 'internal', message: 'internal error' });
  });
  // Live streams never go idle, so closing the server ends them first rather than wait on them.
  app.addHook('preClose', (done) => {
    for (const raw of streams) raw.end();
    done();
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` }));

  if (options.web !== false) registerWebApp(app, options.web ?? {});
  app.get('/openapi.json', async () => doc);
  app.get('/docs', async (_req, reply) => reply.type('text/html; charset=utf-8').send(docs));

  for (const r of table) {
    app.route({
      method: r.method,
      url: r.url,
      handler: async (request, reply) => {
        const queryToken = r.url === '/v1/live' ? (request.query as { access_token?: string }).access_token : undefined;
        const caller = r.auth === 'public' ? (undefined as unknown as Caller) : authenticate(request, queryToken);
        const body = validate(r.body, request.body, 'body');
        const query = validate(r.query, request.query, 'query');
        const params = validate(r.params, request.params, 'params');
        const result = await r.handler({ caller, body, query, params, request, reply }, service);
        if (reply.sent) return reply;
        if (r.status) reply.status(r.status);
        return result;
      },
    });
  }
  return { app, service };
}
