/**
 * Reports (issue 8, part 4): a filtered set of findings as CSV, GeoJSON or a printable HTML page
 * with a static map per finding. The maps are SVG drawn here, on the server, from the bundled
 * Natural Earth outlines (world-atlas countries-50m), the places the commitment names under the
 * finding's view, the tracks of its assets over its period and its key points: no browser, no tiles,
 * no network, and the page prints as it is.
 */
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { findingsGeoJSON, placeSpecOf, type Finding } from '../verify/index.js';
import type { Caller } from './auth.js';
import { tracksGeoJSON } from './geojson.js';
import type { RedlineService, VisibleFinding } from './service.js';

const require = createRequire(import.meta.url);

type Ring = number[][];
type Polygon = Ring[];
interface Outline {
  name: string;
  polygons: { rings: Polygon; box: [number, number, number, number] }[];
}

const VERDICT_COLOUR: Record<Finding['verdict'], string> = { breach: '#c62828', risk: '#ef6c00', compliant: '#2e7d32', unverifiable: '#757575' };

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180: every field quoted when it holds a comma, quote or line break; CRLF line ends).

const CSV_COLUMNS = ['id', 'run', 'agreement', 'commitment', 'kind', 'article', 'verdict', 'view', 'interpretation', 'obligor', 'beneficiary', 'from', 'to', 'assets', 'measure', 'value', 'limit', 'unit', 'bound', 'assumed', 'evidenceCount', 'attestedBy', 'explanation'] as const;

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function findingsCsv(found: VisibleFinding[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const { run, finding: f, attestations } of found) {
    const m = f.measures[0];
    const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      id: f.id,
      run,
      agreement: f.agreement,
      commitment: f.commitment,
      kind: f.kind,
      article: f.article,
      verdict: f.verdict,
      view: f.view,
      interpretation: f.interpretation,
      obligor: f.obligor.join(' '),
      beneficiary: f.beneficiary.join(' '),
      from: f.period.from,
      to: f.period.to,
      assets: f.assets.join(' '),
      measure: m?.name,
      value: m?.value,
      limit: m?.limit,
      unit: m?.unit,
      bound: m?.bound,
      assumed: m?.assumption?.parameter,
      evidenceCount: f.evidenceCount,
      attestedBy: attestations.map((a) => a.by).join(' '),
      explanation: f.explanation,
    };
    lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

export function findingsReportGeoJSON(found: VisibleFinding[]): object {
  return findingsGeoJSON(found.map((f) => f.finding));
}

// ---------------------------------------------------------------------------------------------
// Static maps.

let outlines: Outline[] | undefined;

/** Natural Earth 1:50m countries, read once, each polygon with its box for a quick overlap test. */
function naturalEarth(): Outline[] {
  if (!outlines) {
    const topo = require('world-atlas/countries-50m.json') as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    const fc = feature(topo, topo.objects.countries);
    outlines = fc.features.map((f) => {
      const g = f.geometry;
      const polys: Polygon[] = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      return { name: f.properties?.name ?? '', polygons: polys.map((rings) => ({ rings, box: boxOf(rings) })) };
    });
  }
  return outlines;
}

function boxOf(rings: Polygon): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const r of rings) for (const [x, y] of r) {
    if (x! < w) w = x!;
    if (x! > e) e = x!;
    if (y! < s) s = y!;
    if (y! > n) n = y!;
  }
  return [w, s, e, n];
}

const overlaps = (a: [number, number, number, number], b: [number, number, number, number]) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

export interface MapLayers {
  /** The places the commitment names, under the finding's view: [name, MultiPolygon coordinates]. */
  places: { name: string; coordinates: Polygon[] }[];
  /** Positions of the finding's assets over its period, per asset, in time order. */
  tracks: { asset: string; coordinates: number[][] }[];
}

const MAP_WIDTH = 520;
const MAP_HEIGHT = 330;

/**
 * An SVG map of one finding: the frame is its key points (or, without any, its tracks) with a
 * margin; places and countries are cut to the frame (Sutherland-Hodgman, in pixels) so each map
 * holds only what shows, a few kilobytes.
 */
export function findingMapSvg(f: Finding, layers: MapLayers): string | undefined {
  const pts: number[][] = f.points.length ? f.points.map((p) => [p.lon, p.lat]) : layers.tracks.flatMap((t) => t.coordinates);
  if (!pts.length) return undefined;
  let [w, s, e, n] = boxOf([pts]);
  // At least a few degrees across, so a coast is in sight for orientation.
  const pad = Math.max(1.5, 0.35 * Math.max(e - w, n - s));
  w -= pad; e += pad; s -= pad; n += pad;
  s = Math.max(s, -85); n = Math.min(n, 85);
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  // A frame of MAP_WIDTH x MAP_HEIGHT: widen whichever span is short of that aspect.
  const wide = ((e - w) * k) / (n - s);
  if (wide < MAP_WIDTH / MAP_HEIGHT) {
    const half = ((n - s) * (MAP_WIDTH / MAP_HEIGHT)) / k / 2, mid = (w + e) / 2;
    w = mid - half; e = mid + half;
  } else {
    const half = (((e - w) * k) / (MAP_WIDTH / MAP_HEIGHT)) / 2, mid = (s + n) / 2;
    s = mid - half; n = mid + half;
  }
  const scale = MAP_WIDTH / ((e - w) * k);
  const height = MAP_HEIGHT;
  const outer: [number, number, number, number] = [w, s, e, n];
  // Whole pixels: finer is invisible at this size, and consecutive vertices on one pixel collapse into one.
  const px = (lon: number, lat: number): [number, number] => [Math.round((lon - w) * k * scale), Math.round((n - lat) * scale)];
  const frame: [number, number, number, number] = [-2, -2, MAP_WIDTH + 2, height + 2];
  const ringPath = (ring: Ring): string => {
    const clipped = clipRing(ring.map(([lon, lat]) => px(lon!, lat!)), frame);
    let d = '';
    let last = '';
    for (const [x, y] of clipped) {
      const here = `${x} ${y}`;
      if (here === last) continue;
      d += (d ? 'L' : 'M') + here;
      last = here;
    }
    return clipped.length >= 3 ? d + 'Z' : '';
  };
  const polygonsPath = (polys: Polygon[]) => polys.filter((p) => overlaps(boxOf(p), outer)).map((p) => p.map(ringPath).join('')).join('');

  const land = naturalEarth()
    .map((c) => c.polygons.filter((p) => overlaps(p.box, outer)).map((p) => p.rings.map(ringPath).join('')).join(''))
    .filter(Boolean)
    .join('');
  const places = layers.places.map((p) => `<path class="place" d="${polygonsPath(p.coordinates)}"><title>${esc(p.name)}</title></path>`).join('');
  const tracks = layers.tracks
    .map((t) => {
      const d = t.coordinates.map(([lon, lat], i) => (i ? 'L' : 'M') + px(lon!, lat!).join(' ')).join('');
      return `<path class="track" d="${d}"><title>${esc(t.asset)}</title></path>`;
    })
    .join('');
  const colour = VERDICT_COLOUR[f.verdict];
  const marks = f.points
    .map((p) => {
      const [x, y] = px(p.lon, p.lat);
      return `<circle cx="${x}" cy="${y}" r="5" fill="${colour}" stroke="#fff" stroke-width="1.5"><title>${esc(`${p.asset} ${p.time}`)}</title></circle>`;
    })
    .join('');
  const label = `${Math.abs(w).toFixed(1)}°${w < 0 ? 'W' : 'E'}–${Math.abs(e).toFixed(1)}°${e < 0 ? 'W' : 'E'}, ${Math.abs(s).toFixed(1)}°${s < 0 ? 'S' : 'N'}–${Math.abs(n).toFixed(1)}°${n < 0 ? 'S' : 'N'}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 ${MAP_WIDTH} ${height}" width="${MAP_WIDTH}" height="${height}" role="img" aria-label="${esc(`Map of ${f.id}: ${label}`)}">` +
    `<style>.sea{fill:#dceaf5}.land{fill:#f3efe6;stroke:#9a9484;stroke-width:.6}.place{fill:#1565c0;fill-opacity:.12;stroke:#1565c0;stroke-width:1;stroke-dasharray:4 2}.track{fill:none;stroke:#37474f;stroke-width:1.4;stroke-opacity:.8}</style>` +
    `<rect class="sea" width="${MAP_WIDTH}" height="${height}"/><path class="land" fill-rule="evenodd" d="${land}"/>${places}${tracks}${marks}` +
    `<text x="6" y="${height - 6}" font-size="10" font-family="sans-serif" fill="#333">${esc(label)} · Natural Earth</text></svg>`
  );
}

/**
 * Sutherland-Hodgman: a ring cut to an axis-aligned box. Exact for the filled area inside the box
 * (concave rings may keep zero-width slivers along its edges, which fill nothing).
 */
function clipRing(ring: [number, number][], [x0, y0, x1, y1]: [number, number, number, number]): [number, number][] {
  let out = ring;
  const edges: [(p: [number, number]) => boolean, (a: [number, number], b: [number, number]) => [number, number]][] = [
    [(p) => p[0] >= x0, (a, b) => [x0, a[1] + ((b[1] - a[1]) * (x0 - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= x1, (a, b) => [x1, a[1] + ((b[1] - a[1]) * (x1 - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= y0, (a, b) => [a[0] + ((b[0] - a[0]) * (y0 - a[1])) / (b[1] - a[1]), y0]],
    [(p) => p[1] <= y1, (a, b) => [a[0] + ((b[0] - a[0]) * (y1 - a[1])) / (b[1] - a[1]), y1]],
  ];
  for (const [inside, cross] of edges) {
    if (!out.length) break;
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i]!, prev = input[(i + input.length - 1) % input.length]!;
      if (inside(cur)) {
        if (!inside(prev)) out.push(cross(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(cross(prev, cur));
    }
  }
  return out.map(([x, y]) => [Math.round(x), Math.round(y)]);
}

// ---------------------------------------------------------------------------------------------
// The printable HTML report.

export interface ReportContext {
  /** The filters the report was asked with, shown on its first page. */
  filters: Record<string, string>;
  caller: { name: string; role: string };
  generatedAt: string;
  /** Article text of each `agreement/commitment`. */
  articleText: (f: Finding) => string | undefined;
  layers: (f: Finding) => Promise<MapLayers>;
}

export async function findingsHtml(found: VisibleFinding[], ctx: ReportContext): Promise<string> {
  const counts = new Map<string, number>();
  for (const { finding } of found) counts.set(finding.verdict, (counts.get(finding.verdict) ?? 0) + 1);
  const filters = Object.entries(ctx.filters).map(([k, v]) => `${esc(k)}=${esc(v)}`).join(', ') || 'none (the latest run of each agreement)';
  const sections: string[] = [];
  for (const [i, { run, finding: f, attestations }] of found.entries()) {
    const svg = findingMapSvg(f, await ctx.layers(f));
    const text = ctx.articleText(f);
    const measures = f.measures
      .map((m) => `<tr><td>${esc(m.name)}</td><td>${fmt(m.value)}${m.lowerBound ? ' (at least)' : ''}</td><td>${m.limit === null ? '—' : `${m.bound === 'min' ? '≥' : '≤'} ${fmt(m.limit)}`}${m.assumption ? ` <em>(assumed: ${esc(m.assumption.parameter)})</em>` : ''}</td><td>${esc(m.unit)}</td></tr>`)
      .join('');
    sections.push(`<section class="finding" id="f${i + 1}">
<h2><span class="verdict ${f.verdict}">${f.verdict}</span> ${esc(f.article)} · ${esc(f.agreement)} / ${esc(f.commitment)}</h2>
<p class="meta">Finding <code>${esc(f.id)}</code> (run ${run}) · view <b>${esc(f.view)}</b>${f.interpretation !== 'as-written' ? ` · reading ${esc(f.interpretation)}` : ''} · ${esc(f.period.from ?? '…')} – ${esc(f.period.to ?? '…')} · obligor ${esc(f.obligor.join(', '))}${f.assets.length ? ` · assets ${esc(f.assets.join(', '))}` : ''}</p>
${text ? `<blockquote>${esc(text)}</blockquote>` : ''}
${svg ? `<figure>${svg}<figcaption>Key points (dots, coloured by verdict), tracks of the assets over the period, places the commitment names under view ${esc(f.view)} (dashed).</figcaption></figure>` : '<p class="nomap">No map: this finding rests on dated facts, not positions.</p>'}
${measures ? `<table><thead><tr><th>measured</th><th>value</th><th>limit</th><th>unit</th></tr></thead><tbody>${measures}</tbody></table>` : ''}
<p>${esc(f.explanation)}</p>
<p class="meta">${f.evidenceCount} observation(s) used${f.evidence.length ? `: ${esc(f.evidence.slice(0, 12).join(', '))}${f.evidence.length > 12 ? ', …' : ''}` : ''}.${attestations.length ? ` Attested by ${esc(attestations.map((a) => `${a.by} (${a.at})`).join(', '))}.` : ''}</p>
</section>`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Redline findings report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin:.2rem 0}
.finding{border-top:1px solid #bbb;padding:.8rem 0;break-inside:avoid;page-break-inside:avoid}
.verdict{display:inline-block;padding:0 .4rem;border-radius:3px;color:#fff;text-transform:uppercase;font-size:.8rem}
.breach{background:#c62828}.risk{background:#ef6c00}.compliant{background:#2e7d32}.unverifiable{background:#757575}
.meta{color:#555;font-size:.85rem}blockquote{margin:.4rem 0;padding:.3rem .8rem;border-left:3px solid #1565c0;background:#f5f8fc;white-space:pre-wrap}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ccc;padding:.15rem .5rem;text-align:left}
figure{margin:.4rem 0}svg.map{max-width:100%;height:auto;border:1px solid #ccc}figcaption{font-size:.8rem;color:#555}
@media print{body{margin:0;max-width:none}a{color:inherit}}
</style></head><body>
<h1>Redline findings report</h1>
<p>${found.length} finding(s): ${[...counts].map(([v, c]) => `${c} ${esc(v)}`).join(', ') || 'none'}. Filters: ${filters}. Generated ${esc(ctx.generatedAt)} for ${esc(ctx.caller.name)} (${esc(ctx.caller.role)}); only findings whose observations this caller may read.</p>
${sections.join('\n')}
<p class="meta">Basemap: Natural Earth (public domain) 1:50m countries, via world-atlas. Distances in findings are geodesic on WGS84; the maps are a plate carrée sketch for orientation only.</p>
</body></html>
`;
}

function fmt(v: number | null): string {
  if (v === null) return '—';
  return Math.abs(v) >= 1000 ? v.toLocaleString('en-GB', { maximumFractionDigits: 0 }) : String(Math.round(v * 100) / 100);
}

function esc(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

// ---------------------------------------------------------------------------------------------
// What a report needs from the service, for one caller.

/** Article texts and map layers as the caller may see them (the same reads the API's routes make). */
export function reportSources(svc: RedlineService, caller: Caller): Pick<ReportContext, 'articleText' | 'layers'> {
  const agreementOf = (id: string) => {
    try {
      return svc.agreement(caller, 'agreement', id).agreement;
    } catch {
      return undefined; // not registered any more, or not readable by this caller: no text, no places
    }
  };
  const resolved = new Map<string, MapLayers['places'][number] | null>();
  return {
    articleText: (f) => agreementOf(f.agreement)?.decl.commitments.find((c) => c.id === f.commitment)?.text,
    layers: async (f) => {
      if (!f.points.length) return { places: [], tracks: [] };
      const agreement = agreementOf(f.agreement);
      const commitment = agreement?.decl.commitments.find((c) => c.id === f.commitment);
      const named = new Set((agreement?.decl.places ?? []).map((p) => p.id).filter((id) => mentions(commitment?.params, id)));
      let places: MapLayers['places'] = [];
      if (agreement && named.size) {
        const at = f.period.from ? Date.parse(f.period.from) : Date.now();
        // Only the places this commitment names, each resolved once per view and day of a report:
        // resolving all of an agreement's places (reach areas are drawn on a grid) costs seconds.
        places = agreement.decl.places
          .filter((p) => named.has(p.id))
          .flatMap((p) => {
            const key = `${agreement.id}|${p.id}|${f.view}|${new Date(at).toISOString().slice(0, 10)}`;
            let shape = resolved.get(key);
            if (!shape) {
              try {
                shape = { name: p.name ?? p.id, coordinates: svc.geo.resolve(p.id, placeSpecOf(agreement, p), f.view, (party) => agreement.statesOf(party, at)).geometry() as Polygon[] };
              } catch {
                shape = null; // a place that cannot be drawn under this view: the map goes without it
              }
              resolved.set(key, shape);
            }
            return shape ? [shape] : [];
          });
      }
      const window = { ...(f.period.from ? { from: Date.parse(f.period.from) } : {}), ...(f.period.to ? { to: Date.parse(f.period.to) } : {}) };
      const { set, rows } = await svc.positions(caller, { asset: f.assets, ...window, limit: 20_000 });
      const tracks = (tracksGeoJSON(set, rows) as { features: { geometry: { type: string; coordinates: number[][] }; properties: { asset: string } }[] }).features
        .filter((t) => t.geometry.type === 'LineString')
        .map((t) => ({ asset: t.properties.asset, coordinates: t.geometry.coordinates }));
      return { places, tracks };
    },
  };
}

function mentions(v: unknown, id: string): boolean {
  if (v === id) return true;
  if (Array.isArray(v)) return v.some((x) => mentions(x, id));
  if (v && typeof v === 'object') return Object.values(v).some((x) => mentions(x, id));
  return false;
}
