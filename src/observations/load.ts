/**
 * Reading observation files of any supported format into one observation set, and giving assets
 * the attributes commitments are judged on (class, lineage, weapon range) from registries and the
 * asset catalogue.
 */
import { extname } from 'node:path';
import { readGeoJsonFile } from './geojson/reader.js';
import type { ObservationSet } from './model.js';
import { readNmeaFile } from './nmea/reader.js';
import { classOf, weaponRangeOf, type Catalogue } from './registry/catalogue.js';
import { readRegistryFile } from './registry/registry-file.js';

/** A problem with an input as a whole (unreadable, unknown format): the run stops with its message. */
export class InputError extends Error {
  override name = 'InputError';
}

export type ObservationFormat = 'nmea' | 'geojson';

export function formatOf(path: string): ObservationFormat {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  const ext = extname(name);
  if (['.nmea', '.ais', '.txt', '.log'].includes(ext)) return 'nmea';
  if (['.geojson', '.json'].includes(ext)) return 'geojson';
  throw new InputError(`${path}: cannot tell the format from the file name (expected .nmea, .ais, .txt, .log, .geojson or .json, optionally .gz for NMEA)`);
}

export async function loadObservationFiles(paths: string[], set: ObservationSet): Promise<void> {
  for (const path of paths) {
    const format = formatOf(path);
    try {
      if (format === 'nmea') await readNmeaFile(path, set);
      else readGeoJsonFile(path, set);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${path}: no such file`);
      if (e instanceof Error && !(e instanceof InputError)) throw new InputError(e.message.startsWith(path) ? e.message : `${path}: ${e.message}`);
      throw e;
    }
  }
}

export function applyRegistryFile(path: string, set: ObservationSet, catalogue?: Catalogue): void {
  try {
    readRegistryFile(path, set.assets, catalogue ? { catalogue } : {});
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${path}: no such file`);
    throw new InputError((e as Error).message);
  }
}

/**
 * Fills in what registries left open: the class (from the AIS ship type when no registry gave one),
 * the class lineage, and a weapon range from the class default, marked as an assumption.
 */
export function attributeAssets(set: ObservationSet, catalogue: Catalogue): void {
  for (const a of set.assets.all()) {
    const cls = classOf(a, catalogue);
    if (cls !== undefined && a.class === undefined) a.class = cls;
    if (cls !== undefined) {
      const lineage: string[] = [];
      for (let c: string | undefined = cls; c !== undefined && !lineage.includes(c); c = catalogue.classes.get(c)?.parent) lineage.push(c);
      a.classLineage = lineage;
    }
    if (a.weaponRangeKm === undefined) {
      const r = weaponRangeOf(a, catalogue);
      if (r) {
        a.weaponRangeKm = r.km;
        a.weaponRangeSource = r.source;
        if (r.assumed) a.weaponRangeAssumption = r.assumption ?? `class default (${r.system ?? 'unnamed system'})`;
      }
    }
  }
}
