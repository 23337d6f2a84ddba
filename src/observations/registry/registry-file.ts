/**
 * Asset registry files: YAML (or JSON) that sets or overrides what readers inferred about assets
 * (owner party, class, weapon range). AIS says a ship is type 35; only a registry says it is a
 * frigate of a given navy carrying a given missile.
 *
 * A file is either a list of entries or a mapping with `assets:`, an optional `description` and an
 * optional `catalogue:` path (relative to the file) used when the caller passes no catalogue, so
 * that a registry relying on `system:` ranges carries its catalogue with it.
 * Each entry names its asset by exactly one of `id`, `mmsi` (→ `mmsi:<n>`) or `icao24`
 * (→ `icao24:<hex>`), the same ids the readers give.
 *
 * A registry is configuration, so it applies all or nothing: if any entry is bad, nothing is
 * applied and a `SourceError` lists every problem as `file:line:column: field: message`. A half-
 * applied registry would make findings depend on which entries happened to be valid.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Asset, AssetRegistry } from '../model.js';
import { describeRange, kebabId, loadCatalogue, type Catalogue } from './catalogue.js';
import { parseYamlSource, SourceError, zodIssues, type SourceIssue } from '../../common/yaml-source.js';

const entrySchema = z
  .strictObject({
    id: z.string().regex(/^\S+$/, 'must be an asset id without spaces').optional(),
    mmsi: z.number().int().min(0).max(999_999_999, 'an MMSI has at most 9 digits').optional(),
    icao24: z.string().regex(/^[0-9a-fA-F]{6}$/, 'must be a 24-bit ICAO address: 6 hex digits').optional(),
    name: z.string().min(1).optional(),
    party: z.string().regex(/^\S+$/, 'must be a party id without spaces, e.g. GBR or NATO').optional(),
    flag: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code, e.g. GBR').optional(),
    class: kebabId.optional(),
    weaponRangeKm: z.number().positive().max(40_075).optional(),
    weaponRangeSource: z.string().min(1).optional(),
    /** A catalogue system id; with a catalogue, supplies the weapon range when none is given. */
    system: kebabId.optional(),
    aisShipType: z.number().int().min(0).max(99).optional(),
    callsign: z.string().min(1).optional(),
    /** Free text for people (why a field is absent, what is assumed); not applied to the asset. */
    note: z.string().optional(),
    confidence: z.enum(['V', 'P', 'U']).optional(),
  })
  .superRefine((e, ctx) => {
    const keys = (['id', 'mmsi', 'icao24'] as const).filter((k) => e[k] !== undefined);
    if (keys.length !== 1) {
      ctx.addIssue({ code: 'custom', path: [], message: keys.length === 0 ? 'names no asset: give one of id, mmsi, icao24' : `names its asset twice (${keys.join(', ')}): give only one` });
    }
    if (e.weaponRangeKm !== undefined && e.weaponRangeSource === undefined) {
      ctx.addIssue({ code: 'custom', path: ['weaponRangeSource'], message: 'a weapon range needs its public source' });
    }
  });

const fileSchema = z.union([
  z.array(z.unknown()),
  z.strictObject({ description: z.string().optional(), catalogue: z.string().min(1).optional(), assets: z.array(z.unknown()) }),
]);

export type RegistryEntry = z.infer<typeof entrySchema>;

export interface RegistryOptions {
  /** Checks `class` and `system` ids and supplies weapon ranges from `system`. */
  catalogue?: Catalogue;
  /** Where a `catalogue:` path in the file is resolved from (readRegistryFile sets the file's folder). */
  baseDir?: string;
}

export interface RegistryResult {
  source: string;
  /** Entries applied (every entry, since a file with a bad one is rejected whole). */
  applied: number;
  /** Asset id → catalogue system id, for entries that named one (the Asset model has no field for it). */
  systems: Map<string, string>;
}

export function readRegistryFile(path: string, assets: AssetRegistry, options: RegistryOptions = {}): RegistryResult {
  return applyRegistry(readFileSync(path, 'utf8'), basename(path), assets, { baseDir: dirname(path), ...options });
}

export function applyRegistry(text: string, source: string, assets: AssetRegistry, options: RegistryOptions = {}): RegistryResult {
  const src = parseYamlSource(text, source);
  const root: unknown = src.doc.toJS();
  const shape = fileSchema.safeParse(root);
  if (!shape.success) {
    throw new SourceError([src.issue([], 'shape', 'a registry is a list of entries or a mapping with an "assets" list')]);
  }
  const list = Array.isArray(shape.data) ? shape.data : shape.data.assets;
  const base: PropertyKey[] = Array.isArray(shape.data) ? [] : ['assets'];
  const issues: SourceIssue[] = [];
  let catalogue = options.catalogue;
  const named = Array.isArray(shape.data) ? undefined : shape.data.catalogue;
  if (!catalogue && named !== undefined && options.baseDir !== undefined) {
    try {
      catalogue = loadCatalogue(resolve(options.baseDir, named));
    } catch (e) {
      const why = e instanceof SourceError ? `it has errors:\n${e.message}` : e instanceof Error ? e.message : String(e);
      throw new SourceError([src.issue(['catalogue'], 'catalogue', `cannot load catalogue "${named}": ${why}`)]);
    }
  }
  const updates: Array<{ id: string; attrs: Partial<Asset>; system?: string }> = [];
  const firstIndex = new Map<string, number>();

  list.forEach((raw, i) => {
    const at = [...base, i];
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      issues.push(...zodIssues(src, parsed.error, at));
      return;
    }
    const e = parsed.data;
    const id = e.id ?? (e.mmsi !== undefined ? `mmsi:${e.mmsi}` : `icao24:${e.icao24!.toLowerCase()}`);
    const prev = firstIndex.get(id);
    if (prev !== undefined) {
      const p = src.locate([...base, prev]);
      issues.push(src.issue(at, 'duplicate', `asset "${id}" already has an entry at line ${p.line}`));
      return;
    }
    firstIndex.set(id, i);
    const attrs: Partial<Asset> = {
      name: e.name,
      party: e.party,
      flag: e.flag,
      class: e.class,
      weaponRangeKm: e.weaponRangeKm,
      weaponRangeSource: e.weaponRangeSource,
      aisShipType: e.aisShipType,
      callsign: e.callsign,
      mmsi: e.mmsi,
      attributedBy: `registry:${source}`,
    };
    if (catalogue) {
      if (e.class !== undefined && !catalogue.classes.has(e.class)) {
        issues.push(src.issue([...at, 'class'], 'unknown-class', `no class "${e.class}" in ${catalogue.source}`));
      }
      if (e.system !== undefined) {
        const s = catalogue.systems.get(e.system);
        if (!s) issues.push(src.issue([...at, 'system'], 'unknown-system', `no system "${e.system}" in ${catalogue.source}`));
        else if (e.weaponRangeKm === undefined && s.rangeKm !== undefined) {
          attrs.weaponRangeKm = s.rangeKm;
          attrs.weaponRangeSource = `${catalogue.source} system ${s.id}: ${describeRange(s)}`;
        }
      }
    }
    updates.push({ id, attrs, system: e.system });
  });

  if (issues.length > 0) throw new SourceError(issues);
  const systems = new Map<string, string>();
  for (const u of updates) {
    assets.update(u.id, u.attrs);
    if (u.system !== undefined) systems.set(u.id, u.system);
  }
  return { source, applied: updates.length, systems };
}
