/**
 * Seas by IHO S-23 limits: points of known water and land, the closing lines, areas against
 * published figures, aliases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createGeo, type LoadedGeo } from './index.js';
import { seaId } from './seas.js';
import { direct, inverse } from './testkit.js';

const any = () => ['XXX'];
let geo: LoadedGeo;
beforeAll(() => {
  geo = createGeo();
});

describe('Black Sea and Sea of Azov', () => {
  it('the Black Sea holds 43.0 N 34.0 E and not Ankara, Istanbul land or the Sea of Marmara', () => {
    const black = geo.resolve('bs', { kind: 'sea', sea: 'black-sea' }, 'UN', any);
    expect(black.contains(34.0, 43.0)).toBe(true);
    expect(black.contains(33.4, 44.5)).toBe(true); // off Cape Fiolent
    expect(black.contains(30.9, 46.3)).toBe(true); // off Odesa
    expect(black.contains(32.85, 39.93)).toBe(false); // Ankara
    expect(black.contains(28.8, 41.05)).toBe(false); // Istanbul, European side, on land
    expect(black.contains(28.0, 40.8)).toBe(false); // Sea of Marmara
    expect(black.contains(36.5, 46.0)).toBe(false); // Sea of Azov
    expect(black.kind).toBe('sea');
  });

  it('the Takil-Panagia line divides the Kerch Strait between the two seas', () => {
    const black = geo.resolve('bs', { kind: 'sea', sea: 'black' }, 'UN', any);
    const azov = geo.resolve('az', { kind: 'sea', sea: 'Sea of Azov' }, 'UN', any);
    // Points 3 km either side of the middle of the line, along its normal.
    const mid: [number, number] = [(36.454444 + 36.633611) / 2, (45.099722 + 45.140278) / 2];
    const north = direct(...mid, 350, 3000);
    const south = direct(...mid, 170, 3000);
    expect([black.contains(...north), azov.contains(...north)]).toEqual([false, true]);
    expect([black.contains(...south), azov.contains(...south)]).toEqual([true, false]);
    expect(azov.contains(36.5, 46.0)).toBe(true);
    expect(azov.contains(38.5, 47.05)).toBe(true); // Taganrog Bay
    // From inside the Sea of Azov, the Black Sea begins at the line: about 3 km from `north`.
    const d = black.distance(...north, Infinity)!;
    expect(d.metres).toBeGreaterThan(2000);
    expect(d.metres).toBeLessThan(3100);
    expect(inverse(...north, d.lon, d.lat)).toBeCloseTo(d.metres, 3);
  });

  it('areas are close to the published ones (Black Sea 422,000 km2 without the Sea of Azov; Azov 37,600 km2)', () => {
    const area = (s: string) => Number(/([\d,]+) km2/.exec(geo.resolve('x', { kind: 'sea', sea: s }, 'UN', any).description)![1]!.replace(/,/g, ''));
    expect(area('black') / 422_000).toBeGreaterThan(0.97);
    expect(area('black') / 422_000).toBeLessThan(1.03);
    expect(area('azov') / 37_600).toBeGreaterThan(0.95);
    expect(area('azov') / 37_600).toBeLessThan(1.1);
  });
});

describe('Baltic Sea', () => {
  it('holds 55.5 N 18.0 E, the Belts, the Sound and the gulfs; not Stockholm land, the Kattegat or the North Sea', () => {
    const baltic = geo.resolve('bal', { kind: 'sea', sea: 'baltic-sea' }, 'UN', any);
    expect(baltic.contains(18.0, 55.5)).toBe(true);
    expect(baltic.contains(12.7, 55.9)).toBe(true); // the Sound
    expect(baltic.contains(10.95, 55.5)).toBe(true); // the Great Belt
    expect(baltic.contains(21.0, 63.5)).toBe(true); // Gulf of Bothnia
    expect(baltic.contains(26.0, 59.9)).toBe(true); // Gulf of Finland
    expect(baltic.contains(23.5, 57.6)).toBe(true); // Gulf of Riga
    expect(baltic.contains(18.06, 59.33)).toBe(false); // Stockholm
    expect(baltic.contains(11.5, 57.0)).toBe(false); // Kattegat
    expect(baltic.contains(11.0, 56.5)).toBe(false); // Kattegat, south of Anholt
    expect(baltic.contains(5.0, 56.0)).toBe(false); // North Sea
    expect(baltic.description).toMatch(/Hasenore Head - Gniben Point, Korshage - Spodsbjerg, Gilbjerg Head - the Kullen/);
  });
});

describe('names', () => {
  it('accepts aliases and rejects unknown seas', () => {
    expect(seaId('Baltic Sea')).toBe('baltic');
    expect(seaId('baltic')).toBe('baltic');
    expect(seaId('the_black_sea')).toBe('black');
    expect(seaId('sea-of-azov')).toBe('azov');
    expect(() => geo.resolve('x', { kind: 'sea', sea: 'caspian' }, 'UN', any)).toThrow(/unknown sea "caspian"/);
  });
});
