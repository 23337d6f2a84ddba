import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readGeoJsonFile } from '../geojson/reader.js';
import { AssetRegistry, emptyObservationSet } from '../model.js';
import { classFromAisShipType, classOf, isA, loadCatalogue, parseCatalogue, weaponRangeOf } from './catalogue.js';
import { applyRegistry, readRegistryFile } from './registry-file.js';
import { formatIssue, SourceError } from '../../common/yaml-source.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const catalogue = loadCatalogue(join(root, 'data/assets/catalogue.yaml'));

/** The SourceError a call throws (fails the test if it does not throw one). */
function sourceError(f: () => unknown): SourceError {
  try {
    f();
  } catch (e) {
    if (e instanceof SourceError) return e;
    throw e;
  }
  throw new Error('expected a SourceError');
}

describe('data/assets/catalogue.yaml', () => {
  it('defines the classes agreements refer to, in a hierarchy', () => {
    for (const id of ['military-vessel', 'surface-warship', 'submarine', 'heavy-bomber', 'combat-aircraft', 'isr-aircraft', 'uav', 'ground-launched-missile', 'aircraft', 'merchant', 'cargo', 'tanker', 'passenger', 'fishing']) {
      expect(catalogue.classes.has(id), id).toBe(true);
    }
    expect(isA('surface-warship', 'military-vessel', catalogue)).toBe(true);
    expect(isA('tanker', 'merchant', catalogue)).toBe(true);
    expect(isA('uav', 'aircraft', catalogue)).toBe(true);
    expect(isA('military-vessel', 'surface-warship', catalogue)).toBe(false);
    expect(isA('fishing', 'merchant', catalogue)).toBe(false);
  });

  it('keeps each range figure with its claimant, source and confidence', () => {
    const s = (id: string) => catalogue.systems.get(id)!;
    expect(s('3m22-zircon')).toMatchObject({ rangeKm: 1000, role: 'offensive', rangeBasis: { claim: 'President Putin', confidence: 'V' } });
    expect(s('kalibr-3m14').rangeKmAlternative!.map((a) => a.km)).toEqual([2000, 2600]);
    expect(s('iskander-m')).toMatchObject({ rangeKm: 500 });
    // The INF dispute stays visible: Russia's figure and the US band, never merged.
    expect(s('9m729')).toMatchObject({ rangeKm: 480, rangeBasis: { source: 'jejaktapak.com 2019-09-01', confidence: 'V' } });
    expect(s('9m729').rangeKmAlternative![0]).toMatchObject({ km: 500, kmMax: 5500, qualifier: 'band', source: 'csis.org', confidence: 'V' });
    expect(s('9m729').rangeKmAlternative![1]).toMatchObject({ km: 2500, confidence: 'U' });
    expect(s('tomahawk')).toMatchObject({ rangeKm: 1600, rangeKmAlternative: [{ km: 2500 }] });
    expect(s('sm-6')).toMatchObject({ rangeKm: 200, role: 'dual', rangeBasis: { qualifier: 'at-least' } });
    expect(s('dark-eagle')).toMatchObject({ rangeKm: 2775, rangeKmAlternative: [{ km: 3500 }] });
    expect(s('sm-3')).toMatchObject({ role: 'interceptor' });
    expect(s('sm-3').rangeKm).toBeUndefined();
  });
});

describe('classOf', () => {
  it('prefers an explicit class, then the AIS ship type, then icao24 => aircraft', () => {
    expect(classOf({ id: 'mmsi:1', class: 'surface-warship', aisShipType: 35 })).toBe('surface-warship');
    expect(classOf({ id: 'mmsi:1', aisShipType: 35 })).toBe('military-vessel');
    expect(classOf({ id: 'mmsi:1', aisShipType: 72 })).toBe('cargo');
    expect(classOf({ id: 'mmsi:1', aisShipType: 84 })).toBe('tanker');
    expect(classOf({ id: 'mmsi:1', aisShipType: 60 })).toBe('passenger');
    expect(classOf({ id: 'mmsi:1', aisShipType: 30 })).toBe('fishing');
    expect(classOf({ id: 'mmsi:1', aisShipType: 55 })).toBe('law-enforcement');
    expect(classOf({ id: 'mmsi:1', aisShipType: 52 })).toBeUndefined();
    expect(classOf({ id: 'mmsi:1' })).toBeUndefined();
    expect(classOf({ id: 'icao24:4b1812' })).toBe('aircraft');
    expect(classFromAisShipType(99)).toBeUndefined();
  });

  it('returns no derived class the catalogue lacks', () => {
    const small = parseCatalogue('classes:\n  - { id: aircraft, name: Aircraft, description: any }\nsystems: []\n', 'small.yaml');
    expect(classOf({ id: 'mmsi:1', aisShipType: 72 }, small)).toBeUndefined();
    expect(classOf({ id: 'icao24:abcdef' }, small)).toBe('aircraft');
  });
});

describe('weaponRangeOf', () => {
  it('uses the asset’s own range first, then its class’s stated assumption for its party', () => {
    expect(weaponRangeOf({ id: 'a', class: 'surface-warship', party: 'RUS', weaponRangeKm: 300, weaponRangeSource: 'x' }, catalogue)).toEqual({ km: 300, source: 'x', assumed: false });
    const rus = weaponRangeOf({ id: 'b', class: 'surface-warship', party: 'RUS' }, catalogue)!;
    expect(rus).toMatchObject({ km: 1500, assumed: true, system: 'kalibr-3m14' });
    expect(rus.assumption).toMatch(/^ASSUMPTION/);
    expect(weaponRangeOf({ id: 'c', class: 'submarine', party: 'USA' }, catalogue)).toMatchObject({ km: 1600, system: 'tomahawk', assumed: true });
    expect(weaponRangeOf({ id: 'd', class: 'surface-warship', party: 'GBR' }, catalogue)).toBeUndefined();
    expect(weaponRangeOf({ id: 'e', class: 'military-vessel', party: 'RUS' }, catalogue)).toBeUndefined();
  });
});

describe('data/demo/registry.yaml', () => {
  it('applies over the demo tracks, with catalogue ranges and their sources', () => {
    const set = emptyObservationSet();
    for (const f of ['hms-defender-2021-06-23.geojson', 'donald-cook-2016-04-12.geojson', 'donald-cook-2014-04-12-black-sea.geojson', 'mq9-2023-03-14.geojson', 'sites.geojson']) {
      readGeoJsonFile(join(root, 'data/demo', f), set);
    }
    const before = set.assets.size;
    const r = readRegistryFile(join(root, 'data/demo/registry.yaml'), set.assets, { catalogue });
    // Every registry entry names an asset the tracks already have.
    expect(set.assets.size).toBe(before);
    expect(r.applied).toBe(before);
    expect(r.systems.get('demo:uss-donald-cook')).toBe('tomahawk');
    const cook = set.assets.get('demo:uss-donald-cook')!;
    expect(cook).toMatchObject({ party: 'USA', flag: 'USA', class: 'surface-warship', weaponRangeKm: 1600, attributedBy: 'registry:registry.yaml' });
    expect(cook.weaponRangeSource).toBe('catalogue.yaml system tomahawk: Tomahawk (BGM/RGM-109) up to 1600 km (lower end of the reported span of ~1,600-2,500 km by variant; odessa-journal.com; carasycaretas.com.uy) [V]');
    // Without a catalogue from the caller, the file's own `catalogue:` gives the same result.
    const alone = new AssetRegistry();
    readRegistryFile(join(root, 'data/demo/registry.yaml'), alone);
    expect(alone.get('demo:uss-donald-cook')).toMatchObject({ weaponRangeKm: 1600, weaponRangeSource: cook.weaponRangeSource });
    const defender = set.assets.get('demo:hms-defender')!;
    expect(defender).toMatchObject({ party: 'GBR', class: 'surface-warship' });
    expect(defender.weaponRangeKm).toBeUndefined();
    expect(set.assets.get('demo:aegis-ashore-deveselu')!.weaponRangeKm).toBeUndefined();
    for (const a of set.assets.all()) {
      expect(a.party, a.id).toBeDefined();
      expect(catalogue.classes.has(a.class!), a.id).toBe(true);
    }
  });
});

describe('registry errors', () => {
  const text = [
    'assets:', // 1
    '  - id: demo:one', // 2
    '    flag: UK', // 3
    '    weaponRangeKm: 500', // 4
    '  - mmsi: 273345000', // 5
    '    icao24: 4b1812', // 6
    '  - id: demo:two', // 7
    '    clas: surface-warship', // 8
    '  - name: nameless', // 9
    '  - id: demo:three', // 10
    '    class: battleship', // 11
    '    system: s-400', // 12
    '  - id: demo:one', // 13
    '    weaponRangeKm: -3', // 14
    '    weaponRangeSource: x', // 15
    '',
  ].join('\n');

  it('names file:line:column and field for every bad entry, and applies nothing', () => {
    const assets = new AssetRegistry();
    const err = sourceError(() => applyRegistry(text, 'reg.yaml', assets, { catalogue }));
    const lines = err.issues.map(formatIssue);
    expect(lines).toEqual([
      'reg.yaml:3:11: assets[0].flag: must be an ISO 3166-1 alpha-3 code, e.g. GBR',
      'reg.yaml:2:5: assets[0].weaponRangeSource: a weapon range needs its public source',
      'reg.yaml:5:5: assets[1]: names its asset twice (mmsi, icao24): give only one',
      'reg.yaml:8:5: assets[2].clas: unknown field (misspelt?)',
      'reg.yaml:9:5: assets[3]: names no asset: give one of id, mmsi, icao24',
      'reg.yaml:11:12: assets[4].class: no class "battleship" in catalogue.yaml',
      'reg.yaml:12:13: assets[4].system: no system "s-400" in catalogue.yaml',
      expect.stringMatching(/^reg\.yaml:14:20: assets\[5\]\.weaponRangeKm: /),
    ]);
    expect(err.message.split('\n')).toEqual(lines);
    expect(assets.size).toBe(0);
  });

  it('reports a duplicate entry with the line of the first one', () => {
    const err = sourceError(() => applyRegistry('- id: a\n  party: GBR\n- id: a\n  party: USA\n', 'dup.yaml', new AssetRegistry()));
    expect(err.issues.map(formatIssue)).toEqual(['dup.yaml:3:3: [1]: asset "a" already has an entry at line 1']);
  });

  it('reports YAML syntax errors and duplicate keys with their position', () => {
    const syntax = sourceError(() => applyRegistry('assets:\n  - id: a\n    name: "unterminated\n', 'syn.yaml', new AssetRegistry()));
    // The yaml parser notices a missing quote where the input ends.
    expect(formatIssue(syntax.issues[0]!)).toBe('syn.yaml:4:1: Missing closing "quote');
    const dupKey = sourceError(() => applyRegistry('- id: a\n  party: GBR\n  party: USA\n', 'key.yaml', new AssetRegistry()));
    expect(formatIssue(dupKey.issues[0]!)).toMatch(/^key\.yaml:3:3: Map keys must be unique/);
    const shape = sourceError(() => applyRegistry('just: a mapping\n', 'shape.yaml', new AssetRegistry()));
    expect(formatIssue(shape.issues[0]!)).toBe('shape.yaml:1:1: a registry is a list of entries or a mapping with an "assets" list');
  });

  it('reports a catalogue it cannot load at the catalogue key', () => {
    const err = sourceError(() => applyRegistry('catalogue: missing.yaml\nassets: []\n', 'c.yaml', new AssetRegistry(), { baseDir: root }));
    expect(formatIssue(err.issues[0]!)).toMatch(/^c\.yaml:1:12: catalogue: cannot load catalogue "missing\.yaml": ENOENT/);
  });

  it('accepts a bare list and JSON, by mmsi and icao24', () => {
    const assets = new AssetRegistry();
    applyRegistry('- { mmsi: 211000000, class: surface-warship, party: DEU }\n- { icao24: 4B1812, class: isr-aircraft }\n', 'list.yaml', assets, { catalogue });
    expect(assets.get('mmsi:211000000')).toMatchObject({ mmsi: 211000000, class: 'surface-warship', party: 'DEU' });
    expect(assets.get('icao24:4b1812')).toMatchObject({ class: 'isr-aircraft' });
    applyRegistry('{"assets": [{"id": "x", "weaponRangeKm": 480, "weaponRangeSource": "Russia, Jan 2019"}]}', 'reg.json', assets);
    expect(assets.get('x')).toMatchObject({ weaponRangeKm: 480, attributedBy: 'registry:reg.json' });
  });
});

describe('catalogue errors', () => {
  it('are positioned and cover cross-references', () => {
    const text = [
      'classes:',
      '  - id: a',
      '    name: A',
      '    description: a',
      '    parent: b',
      '  - id: Bad_Id',
      '    name: B',
      '    description: b',
      'systems: []',
      '',
    ].join('\n');
    expect(sourceError(() => parseCatalogue(text, 'cat.yaml')).issues.map(formatIssue)).toEqual(['cat.yaml:6:9: classes[1].id: must be a lower-case kebab-case id, e.g. surface-warship']);
    const refs = [
      'classes:',
      '  - { id: a, name: A, description: a, parent: nope }',
      '  - { id: b, name: B, description: b, defaultWeapon: [{ system: sm-3, assumption: x }] }',
      'systems:',
      '  - { id: sm-3, name: SM-3, type: interceptor, role: interceptor, sources: [x], confidence: V }',
      '  - { id: r, name: R, type: t, role: offensive, rangeKm: 100, sources: [x], confidence: U }',
      '',
    ].join('\n');
    expect(sourceError(() => parseCatalogue(refs, 'refs.yaml')).issues.map(formatIssue)).toEqual([
      'refs.yaml:6:58: systems[1].rangeKm: a range needs rangeBasis (claim, source, confidence)',
      'refs.yaml:2:47: classes[0].parent: no class "nope"',
      'refs.yaml:3:65: classes[1].defaultWeapon[0].system: system "sm-3" has no rangeKm to assume',
    ]);
  });
});
