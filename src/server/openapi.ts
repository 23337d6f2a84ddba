/**
 * The OpenAPI 3.1 document, written from the route table's zod schemas (z.toJSONSchema, JSON Schema
 * 2020-12, which OpenAPI 3.1 uses as is), and a plain HTML page of it that needs no script and no
 * network.
 */
import { z } from 'zod';
import type { RouteDef } from './app.js';
import { errorSchema, liveEventSchema } from './schemas.js';
import { findingSchema } from '../verify/finding.js';

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  return rest;
}

const ERRORS: Record<string, string> = {
  '400': 'The request does not fit: each field and reason in `issues`.',
  '401': 'No token, or one not signed by the key registered for its name.',
  '403': 'Refused by the access rules; `message` says which.',
  '404': 'No such thing.',
  '422': 'The submitted file has problems: file, line, column and field in `issues`.',
};

export function openApiDocument(routes: readonly RouteDef[]): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: Json[] = [];
    for (const [where, schema] of [['path', r.params], ['query', r.query]] as const) {
      if (!schema) continue;
      const js = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, p] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: p, ...(typeof p.description === 'string' ? { description: p.description } : {}) });
      }
    }
    const success = String(r.status ?? 200);
    const content = 'contentType' in r.response ? { [r.response.contentType]: { schema: { type: 'string' } } } : { 'application/json': { schema: jsonSchema(r.response as z.ZodType, 'output') } };
    const responses: Json = { [success]: { description: 'contentType' in r.response ? r.response.description : 'OK', content } };
    for (const [code, description] of Object.entries(ERRORS)) {
      if (r.auth === 'public' && (code === '401' || code === '403')) continue;
      responses[code] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    paths[path] ??= {};
    paths[path]![r.method.toLowerCase()] = {
      tags: [r.tag],
      summary: r.summary,
      description: `Who may call it: ${r.access}.`,
      ...(r.auth === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Redline API',
      version: '1',
      description: 'Submit observations, declarations, agreements and drafts; query findings, tracks and places; follow live findings. Callers authenticate with a token derived from their Ed25519 key (`redline keys token --key FILE`), sent as `Authorization: Bearer <token>`.',
    },
    servers: [{ url: '/' }],
    security: [{ redlineToken: [] }],
    components: {
      securitySchemes: { redlineToken: { type: 'http', scheme: 'bearer', bearerFormat: 'rl1.<base64url name>.<key ID>.<base64url Ed25519 signature>' } },
      schemas: { Error: jsonSchema(errorSchema, 'output'), Finding: jsonSchema(findingSchema, 'output'), LiveEvent: jsonSchema(liveEventSchema, 'output') },
    },
    paths,
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Every operation with its parameters and schemas; readable without JavaScript or a network. */
export function docsPage(doc: Json): string {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const ops: string[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters as Json[] | undefined) ?? [];
      const body = (op.requestBody as { content: Record<string, { schema: Json }> } | undefined)?.content['application/json']?.schema;
      const responses = op.responses as Record<string, { description: string; content?: Record<string, { schema: Json }> }>;
      const ok = Object.entries(responses).find(([c]) => c.startsWith('2'));
      const anchor = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
      ops.push(`<section id="${anchor}">
<h3><code class="m ${method}">${method.toUpperCase()}</code> <code>${esc(path)}</code></h3>
<p>${esc(String(op.summary))}</p><p class="who">${esc(String(op.description))}</p>
${params.length ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>what</th></tr>${params.map((p) => `<tr><td><code>${esc(String(p.name))}</code></td><td>${esc(String(p.in))}</td><td>${p.required ? 'yes' : 'no'}</td><td>${esc(String(p.description ?? ''))} <code>${esc(JSON.stringify(p.schema))}</code></td></tr>`).join('')}</table>` : ''}
${body ? `<details><summary>request body (JSON Schema)</summary><pre>${esc(JSON.stringify(body, null, 2))}</pre></details>` : ''}
${ok ? `<details><summary>${ok[0]} response</summary><pre>${esc(ok[1].content ? JSON.stringify(Object.values(ok[1].content)[0]!.schema, null, 2) : ok[1].description)}</pre></details>` : ''}
</section>`);
    }
  }
  const info = doc.info as { title: string; description: string };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1b1b1b}
h3{margin:1.5rem 0 .2rem;font-size:1rem}code{font-family:ui-monospace,monospace}
.m{display:inline-block;min-width:4.5em;padding:0 .3em;border-radius:3px;color:#fff;background:#555}
.get{background:#2b6cb0}.post{background:#2f855a}.delete{background:#c53030}
.who{color:#555;margin:0}table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ccc;padding:.2rem .4rem;text-align:left;vertical-align:top}
pre{background:#f5f5f5;padding:.5rem;overflow:auto;max-height:30rem}section{border-top:1px solid #eee}
</style></head><body>
<h1>${esc(info.title)}</h1><p>${esc(info.description)}</p>
<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<nav><ul>${Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `<li><a href="#${`${m}-${path}`.replace(/[^A-Za-z0-9]+/g, '-')}"><code>${m.toUpperCase()} ${esc(path)}</code></a></li>`)).join('')}</ul></nav>
${ops.join('\n')}
</body></html>
`;
}
