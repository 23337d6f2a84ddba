/**
 * The asset catalogue: asset classes (with a parent, so an agreement can say "merchant" and mean
 * cargo, tanker and passenger ships) and weapon systems with their public range figures.
 *
 * Ranges are contested (9M729: 480 km by Russia's account, inside the INF band by the US account),
 * so a system keeps its primary figure and every alternative, each with who claims it, the source
 * and a confidence tag. Nothing here picks a side beyond naming which figure is primary; a view can
 * choose an alternative.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Asset } from '../model.js';
import { parseYamlSource, SourceError, zodIssues, type SourceIssue } from '../../common/yaml-source.js';

const confidence = z.enum(['V', 'P', 'U']);
export const kebabId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case kebab-case id, e.g. surface-warship');

const rangeFigure = z.strictObject({
  km: z.number().positive(),
  /** Upper end when the figure is a band (the INF band: 500 to 5,500 km). */
  kmMax: z.number().positive().optional(),
  qualifier: z.enum(['about', 'up-to', 'at-least', 'band']).optional(),
  /** Who claims or estimates this figure. */
  claim: z.string().min(1),
  source: z.string().min(1),
  confidence,
});

const systemSchema = z.strictObject({
  id: kebabId,
  name: z.string().min(1),
  type: z.string().min(1),
  /** `interceptor` systems defend; a standoff check must not treat their reach as strike reach. */
  role: z.enum(['offensive', 'interceptor', 'dual']),
  rangeKm: z.number().positive().optional(),
  rangeBasis: rangeFigure.omit({ km: true }).optional(),
  rangeKmAlternative: z.array(rangeFigure).optional(),
  variants: z.array(z.string().min(1)).optional(),
  speed: z.string().optional(),
  sources: z.array(z.string().min(1)).min(1),
  confidence,
  notes: z.string().optional(),
});

const defaultWeapon = z.strictObject({
  /** The owner party this assumption applies to; absent means any party. */
  party: z.string().min(1).optional(),
  system: kebabId,
  assumption: z.string().min(1),
});

const classSchema = z.strictObject({
  id: kebabId,
  name: z.string().min(1),
  description: z.string().min(1),
  parent: kebabId.optional(),
  defaultWeapon: z.array(defaultWeapon).optional(),
});

const catalogueSchema = z.strictObject({
  description: z.string().optional(),
  classes: z.array(classSchema),
  systems: z.array(systemSchema),
});

export type AssetClass = z.infer<typeof classSchema>;
export type WeaponSystem = z.infer<typeof systemSchema>;
export type RangeFigure = z.infer<typeof rangeFigure>;

export interface Catalogue {
  source: string;
  classes: ReadonlyMap<string, AssetClass>;
  systems: ReadonlyMap<string, WeaponSystem>;
}

export function loadCatalogue(path: string): Catalogue {
  return parseCatalogue(readFileSync(path, 'utf8'), basename(path));
}

/** Parses and cross-checks a catalogue; throws a `SourceError` listing every problem with its position. */
export function parseCatalogue(text: string, source: string): Catalogue {
  const src = parseYamlSource(text, source);
  const parsed = catalogueSchema.safeParse(src.doc.toJS());
  if (!parsed.success) throw new SourceError(zodIssues(src, parsed.error));
  const data = parsed.data;
  const issues: SourceIssue[] = [];
  const classes = new Map<string, AssetClass>();
  const systems = new Map<string, WeaponSystem>();
  data.systems.forEach((s, i) => {
    if (systems.has(s.id)) issues.push(src.issue(['systems', i, 'id'], 'duplicate', `system "${s.id}" is defined twice`));
    systems.set(s.id, s);
    if (s.rangeKm !== undefined && s.rangeBasis === undefined) {
      issues.push(src.issue(['systems', i, 'rangeKm'], 'unsourced', 'a range needs rangeBasis (claim, source, confidence)'));
    }
  });
  data.classes.forEach((c, i) => {
    if (classes.has(c.id)) issues.push(src.issue(['classes', i, 'id'], 'duplicate', `class "${c.id}" is defined twice`));
    classes.set(c.id, c);
  });
  data.classes.forEach((c, i) => {
    if (c.parent !== undefined && !classes.has(c.parent)) issues.push(src.issue(['classes', i, 'parent'], 'unknown-class', `no class "${c.parent}"`));
    const seen = new Set<string>([c.id]);
    for (let p = c.parent; p !== undefined; p = classes.get(p)?.parent) {
      if (seen.has(p)) {
        issues.push(src.issue(['classes', i, 'parent'], 'cycle', `class "${c.id}" is its own ancestor`));
        break;
      }
      seen.add(p);
    }
    c.defaultWeapon?.forEach((w, j) => {
      const s = systems.get(w.system);
      if (!s) issues.push(src.issue(['classes', i, 'defaultWeapon', j, 'system'], 'unknown-system', `no system "${w.system}"`));
      else if (s.rangeKm === undefined) issues.push(src.issue(['classes', i, 'defaultWeapon', j, 'system'], 'no-range', `system "${w.system}" has no rangeKm to assume`));
    });
  });
  if (issues.length > 0) throw new SourceError(issues);
  return { source, classes, systems };
}

/**
 * Class from the AIS "type of ship and cargo" (ITU-R M.1371-5, Annex 8, Table 53). Type 35 is
 * "engaged in military operations": a naval vessel of any kind, auxiliaries included, so it maps to
 * `military-vessel`, not to `surface-warship`; agreements name the classes they mean.
 */
export function classFromAisShipType(type: number): string | undefined {
  if (type === 30) return 'fishing';
  if (type === 35) return 'military-vessel';
  if (type === 55) return 'law-enforcement';
  if (type >= 60 && type <= 69) return 'passenger';
  if (type >= 70 && type <= 79) return 'cargo';
  if (type >= 80 && type <= 89) return 'tanker';
  return undefined;
}

/**
 * The class of an asset: its explicit class wins; else one derived from its AIS ship type; else
 * `aircraft` for an ICAO 24-bit address (an ADS-B track says nothing of its role). With a catalogue,
 * a derived class the catalogue does not define is not returned.
 */
export function classOf(asset: Asset, catalogue?: Catalogue): string | undefined {
  if (asset.class !== undefined) return asset.class;
  let derived: string | undefined;
  if (asset.aisShipType !== undefined) derived = classFromAisShipType(asset.aisShipType);
  else if (asset.id.startsWith('icao24:')) derived = 'aircraft';
  if (derived !== undefined && catalogue && !catalogue.classes.has(derived)) return undefined;
  return derived;
}

/** Whether `classId` is `ancestorId` or descends from it in the catalogue. */
export function isA(classId: string, ancestorId: string, catalogue: Catalogue): boolean {
  const seen = new Set<string>();
  for (let c: string | undefined = classId; c !== undefined && !seen.has(c); c = catalogue.classes.get(c)?.parent) {
    if (c === ancestorId) return true;
    seen.add(c);
  }
  return false;
}

export interface WeaponRange {
  km: number;
  source: string;
  /** True when the range comes from a class default rather than from the asset itself. */
  assumed: boolean;
  system?: string;
  assumption?: string;
}

/**
 * The weapon range to use for an asset: its own `weaponRangeKm` when it has one, else the default
 * its class (or the nearest ancestor class) assumes for its party, marked `assumed`.
 */
export function weaponRangeOf(asset: Asset, catalogue: Catalogue): WeaponRange | undefined {
  if (asset.weaponRangeKm !== undefined) {
    return { km: asset.weaponRangeKm, source: asset.weaponRangeSource ?? 'unsourced', assumed: false };
  }
  const seen = new Set<string>();
  for (let c = classOf(asset, catalogue); c !== undefined && !seen.has(c); c = catalogue.classes.get(c)?.parent) {
    seen.add(c);
    const cls = catalogue.classes.get(c);
    const w = cls?.defaultWeapon?.find((d) => d.party === asset.party) ?? cls?.defaultWeapon?.find((d) => d.party === undefined);
    const s = w ? catalogue.systems.get(w.system) : undefined;
    if (w && s?.rangeKm !== undefined) {
      return { km: s.rangeKm, source: `${catalogue.source} system ${s.id}: ${describeRange(s)}`, assumed: true, system: s.id, assumption: w.assumption };
    }
  }
  return undefined;
}

/** One line citing a system's primary range figure, for findings and registry entries. */
export function describeRange(s: WeaponSystem): string {
  if (s.rangeKm === undefined || !s.rangeBasis) return `${s.name}: no range figure`;
  const b = s.rangeBasis;
  const q = b.qualifier === 'up-to' ? 'up to ' : b.qualifier === 'at-least' ? 'at least ' : b.qualifier === 'about' ? 'about ' : '';
  return `${s.name} ${q}${s.rangeKm} km (${b.claim}; ${b.source}) [${b.confidence}]`;
}
