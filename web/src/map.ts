/**
 * The map: MapLibre GL with a style that has no tile source and no glyphs, so it needs nothing but
 * this server. The basemap is Natural Earth (the world-atlas file the engine reads) turned into
 * GeoJSON here; places, tracks and findings are GeoJSON sources on top.
 *
 * Why not deck.gl: the layers are a few hundred polygons, a dozen tracks of a few hundred vertices
 * and a few hundred markers. MapLibre's own GeoJSON layers draw these at interactive speed, and the
 * replay only rewrites one small source per tick; deck.gl would add a second WebGL renderer and
 * ~1 MB for nothing the app needs yet (it earns its place at hundreds of thousands of positions).
 */
import maplibregl, { type GeoJSONSource, type Map as MlMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Finding, Track } from './api.js';

const VERDICT_COLOURS: [string, string][] = [['breach', '#c62828'], ['risk', '#ef6c00'], ['compliant', '#2e7d32'], ['unverifiable', '#757575']];
const empty = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export interface TimedTrack { asset: string; name: string; party: string; coords: [number, number][]; times: number[]; observations: string[] }
export interface Episode { label: string; from: number; to: number; tracks: TimedTrack[] }

export class RedlineMap {
  readonly map: MlMap;
  readonly ready: Promise<void>;
  private tracks: TimedTrack[] = [];
  private visible: TimedTrack[] = [];
  private selectedAssets = new Set<string>();

  constructor(container: HTMLElement, onFinding: (id: string) => void) {
    this.map = new maplibregl.Map({
      container,
      style: { version: 8, sources: {}, layers: [{ id: 'sea', type: 'background', paint: { 'background-color': '#dceaf5' } }] },
      center: [30, 50],
      zoom: 3,
      attributionControl: { compact: true, customAttribution: 'Natural Earth (public domain)' },
      // Keyboard panning and zooming on the focused map, as MapLibre does by default; said here because the app relies on it.
      keyboard: true,
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.ready = new Promise((resolve) => this.map.on('load', () => resolve()));
    this.ready.then(() => {
      const m = this.map;
      for (const id of ['countries', 'places', 'tracks-full', 'tracks-past', 'now', 'findings', 'evidence-obs', 'evidence-points']) m.addSource(id, { type: 'geojson', data: empty() });
      m.addLayer({ id: 'countries-fill', type: 'fill', source: 'countries', paint: { 'fill-color': '#f3efe6' } });
      m.addLayer({ id: 'countries-line', type: 'line', source: 'countries', paint: { 'line-color': '#9a9484', 'line-width': 0.6 } });
      m.addLayer({ id: 'places-fill', type: 'fill', source: 'places', paint: { 'fill-color': ['match', ['get', 'kind'], 'territory', '#6d4c41', 'territorial-sea', '#1565c0', 'sea', '#00838f', 'border-belt', '#8e24aa', 'reach', '#c62828', '#1565c0'], 'fill-opacity': 0.12 } });
      m.addLayer({ id: 'places-line', type: 'line', source: 'places', paint: { 'line-color': '#1565c0', 'line-width': 1, 'line-dasharray': [3, 2] } });
      m.addLayer({ id: 'tracks-full', type: 'line', source: 'tracks-full', paint: { 'line-color': '#37474f', 'line-width': 1, 'line-opacity': 0.25 } });
      m.addLayer({ id: 'tracks-past', type: 'line', source: 'tracks-past', paint: { 'line-color': ['case', ['get', 'selected'], '#000', ['==', ['get', 'party'], 'RUS'], '#b71c1c', '#0d47a1'], 'line-width': ['case', ['get', 'selected'], 3, 1.8] } });
      m.addLayer({ id: 'now', type: 'circle', source: 'now', paint: { 'circle-radius': 4, 'circle-color': ['case', ['==', ['get', 'party'], 'RUS'], '#b71c1c', '#0d47a1'], 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } });
      m.addLayer({ id: 'evidence-obs', type: 'circle', source: 'evidence-obs', paint: { 'circle-radius': 3, 'circle-color': '#ffb300', 'circle-stroke-color': '#000', 'circle-stroke-width': 0.5 } });
      m.addLayer({ id: 'findings', type: 'circle', source: 'findings', paint: { 'circle-radius': 7, 'circle-color': ['match', ['get', 'verdict'], ...VERDICT_COLOURS.flat(), '#757575'] as never, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
      m.addLayer({ id: 'evidence-points', type: 'circle', source: 'evidence-points', paint: { 'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#000', 'circle-stroke-width': 3 } });
      m.on('click', 'findings', (e) => {
        const id = e.features?.[0]?.properties?.id as string | undefined;
        if (id) onFinding(id);
      });
      m.on('mouseenter', 'findings', () => (m.getCanvas().style.cursor = 'pointer'));
      m.on('mouseleave', 'findings', () => (m.getCanvas().style.cursor = ''));
    });
  }

  private source(id: string): GeoJSONSource {
    return this.map.getSource(id) as GeoJSONSource;
  }

  async setBasemap(topo: Topology<{ countries: GeometryCollection }>): Promise<void> {
    await this.ready;
    this.source('countries').setData(feature(topo, topo.objects.countries) as GeoJSON.FeatureCollection);
  }

  setPlaces(fc: GeoJSON.FeatureCollection): void {
    this.source('places').setData(fc);
  }

  setFindings(findings: Finding[]): void {
    const features: GeoJSON.Feature[] = findings
      .filter((f) => f.points.length)
      .map((f) => ({ type: 'Feature', id: f.id, geometry: { type: 'Point', coordinates: [f.points[0]!.lon, f.points[0]!.lat] }, properties: { id: f.id, verdict: f.verdict } }));
    this.source('findings').setData({ type: 'FeatureCollection', features });
  }

  /** Frames every finding with a position: the overview the app opens on. */
  frameFindings(findings: Finding[]): void {
    const b = new maplibregl.LngLatBounds();
    for (const f of findings) for (const p of f.points) b.extend([p.lon, p.lat]);
    if (!b.isEmpty()) this.map.fitBounds(b, { padding: 60, maxZoom: 8, duration: 0 });
  }

  setTracks(tracks: Track[]): Episode[] {
    // One asset may appear in incidents years apart (USS Donald Cook, 2014 and 2016): a gap of more
    // than six hours between fixes starts a new piece, so no line joins two incidents.
    this.tracks = [];
    for (const t of tracks) {
      if (t.geometry.type !== 'LineString' || !t.properties.times) continue;
      const coords = t.geometry.coordinates as [number, number][];
      const times = t.properties.times.map(Date.parse);
      let start = 0;
      for (let i = 1; i <= times.length; i++) {
        if (i < times.length && times[i]! - times[i - 1]! <= 6 * 3600_000) continue;
        if (i - start >= 2) this.tracks.push({ asset: t.properties.asset, name: t.properties.name ?? t.properties.asset, party: t.properties.party ?? '', coords: coords.slice(start, i), times: times.slice(start, i), observations: t.properties.observations.slice(start, i) });
        start = i;
      }
    }
    // Episodes: tracks whose times overlap or lie within 12 hours of each other replay together.
    const sorted = [...this.tracks].sort((a, b) => a.times[0]! - b.times[0]!);
    const episodes: Episode[] = [];
    for (const t of sorted) {
      const last = episodes[episodes.length - 1];
      const from = t.times[0]!, to = t.times[t.times.length - 1]!;
      if (last && from <= last.to + 12 * 3600_000) {
        last.to = Math.max(last.to, to);
        last.tracks.push(t);
      } else episodes.push({ label: '', from, to, tracks: [t] });
    }
    for (const e of episodes) e.label = `${new Date(e.from).toISOString().slice(0, 10)} · ${e.tracks.map((t) => t.name).slice(0, 2).join(', ')}${e.tracks.length > 2 ? ` +${e.tracks.length - 2}` : ''}`;
    return episodes;
  }

  /** Shows the tracks of one episode (all when undefined) and frames them. */
  showEpisode(e: Episode | undefined, frame: boolean): void {
    this.visible = e ? e.tracks : this.tracks;
    this.source('tracks-full').setData({ type: 'FeatureCollection', features: this.visible.map((t) => ({ type: 'Feature', geometry: { type: 'LineString', coordinates: t.coords }, properties: { asset: t.asset } })) });
    if (frame && this.visible.length) {
      const b = new maplibregl.LngLatBounds();
      for (const t of this.visible) for (const c of t.coords) b.extend(c);
      this.map.fitBounds(b, { padding: 40, maxZoom: 10, duration: 0 });
    }
  }

  /** The replay at instant `t`: each visible track drawn up to t, with a dot where its asset is then. */
  setTime(t: number): void {
    const past: GeoJSON.Feature[] = [];
    const now: GeoJSON.Feature[] = [];
    for (const tr of this.visible) {
      const { times, coords } = tr;
      if (t < times[0]!) continue;
      let i = 0;
      while (i + 1 < times.length && times[i + 1]! <= t) i++;
      const line = coords.slice(0, i + 1);
      let here = coords[i]!;
      if (i + 1 < times.length) {
        // Between two fixes: where the asset would be moving straight between them (display only).
        const f = (t - times[i]!) / (times[i + 1]! - times[i]!);
        const next = coords[i + 1]!;
        here = [here[0] + f * (next[0] - here[0]), here[1] + f * (next[1] - here[1])];
        line.push(here);
      }
      const props = { asset: tr.asset, party: tr.party, selected: this.selectedAssets.has(tr.asset) };
      if (line.length > 1) past.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: props });
      if (t <= times[times.length - 1]!) now.push({ type: 'Feature', geometry: { type: 'Point', coordinates: here }, properties: props });
    }
    this.source('tracks-past').setData({ type: 'FeatureCollection', features: past });
    this.source('now').setData({ type: 'FeatureCollection', features: now });
  }

  /** Highlights a finding's key points, its assets' tracks and the observations it cites; undefined clears. */
  highlight(f: Finding | undefined): void {
    this.selectedAssets = new Set(f?.assets ?? []);
    const points: GeoJSON.Feature[] = (f?.points ?? []).map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { asset: p.asset, time: p.time } }));
    this.source('evidence-points').setData({ type: 'FeatureCollection', features: points });
    const cited = new Set(f?.evidence ?? []);
    const obs: GeoJSON.Feature[] = [];
    if (cited.size) for (const t of this.tracks) t.observations.forEach((o, i) => cited.has(o) && obs.push({ type: 'Feature', geometry: { type: 'Point', coordinates: t.coords[i]! }, properties: { observation: o } }));
    this.source('evidence-obs').setData({ type: 'FeatureCollection', features: obs });
    if (f?.points.length) {
      const b = new maplibregl.LngLatBounds();
      for (const p of f.points) b.extend([p.lon, p.lat]);
      for (const g of obs) b.extend((g.geometry as GeoJSON.Point).coordinates as [number, number]);
      this.map.fitBounds(b, { padding: 80, maxZoom: 9, duration: 0 });
    }
  }

  setVisible(layer: 'places' | 'tracks' | 'findings', on: boolean): void {
    const ids = { places: ['places-fill', 'places-line'], tracks: ['tracks-full', 'tracks-past', 'now'], findings: ['findings'] }[layer];
    for (const id of ids) this.map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
  }
}
