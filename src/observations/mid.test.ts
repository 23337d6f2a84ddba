import countries from 'i18n-iso-countries';
import { describe, expect, it } from 'vitest';
import { administrationFromMmsi, allMids, flagFromMmsi, midEntry, midOf, mmsiKind } from './mid.js';

describe('MID table', () => {
  it('maps the MIDs Redline meets first', () => {
    const cases: [number, string][] = [
      [273345000, 'RUS'],
      [211211450, 'DEU'],
      [218000001, 'DEU'],
      [219307000, 'DNK'],
      [220432000, 'DNK'],
      [261216000, 'POL'],
      [338000001, 'USA'],
      [366000001, 'USA'],
      [367059850, 'USA'],
      [368000001, 'USA'],
      [369000001, 'USA'],
      [232000001, 'GBR'],
      [233000001, 'GBR'],
      [234000001, 'GBR'],
      [235000001, 'GBR'],
      [272000001, 'UKR'],
      [271000001, 'TUR'],
      [207000001, 'BGR'],
      [264000001, 'ROU'],
      [213000001, 'GEO'],
      [538004030, 'MHL'],
    ];
    for (const [mmsi, iso] of cases) expect(flagFromMmsi(mmsi), String(mmsi)).toBe(iso);
  });

  it('finds the MID where each MMSI format puts it (ITU-R M.585)', () => {
    expect(midOf(2190064)).toBe(219); // 00MIDxxxx coast station: DMA base station
    expect(flagFromMmsi(2190064)).toBe('DNK');
    expect(mmsiKind(2190064)).toBe('coast');
    expect(midOf(111273001)).toBe(273); // SAR aircraft
    expect(flagFromMmsi(111273001)).toBe('RUS');
    expect(midOf(982191234)).toBe(219); // craft associated with a parent ship
    expect(midOf(992191234)).toBe(219); // aid to navigation
    expect(flagFromMmsi(992351234)).toBe('GBR');
    expect(midOf(27312345)).toBe(273); // 0MIDxxxxx group
    expect(midOf(827312345)).toBe(273); // handheld
    for (const sart of [970012345, 972012345, 974012345]) {
      expect(midOf(sart)).toBeUndefined();
      expect(flagFromMmsi(sart)).toBeUndefined();
    }
    // Unallocated or impossible.
    expect(flagFromMmsi(999999996)).toBeUndefined();
    expect(flagFromMmsi(111111111)).toBeUndefined();
    expect(flagFromMmsi(0)).toBeUndefined();
    expect(flagFromMmsi(1_000_000_000)).toBeUndefined();
    expect(flagFromMmsi(217000001)).toBeUndefined();
  });

  it('keeps the area and the administration apart for territories', () => {
    expect(flagFromMmsi(231000001)).toBe('FRO');
    expect(administrationFromMmsi(231000001)).toBe('DNK');
    expect(flagFromMmsi(236000001)).toBe('GIB');
    expect(administrationFromMmsi(236000001)).toBe('GBR');
    expect(flagFromMmsi(306000001)).toBe('NLD'); // one MID for three Dutch Caribbean areas
    expect(administrationFromMmsi(273000001)).toBe('RUS');
  });

  it('lists every allocated MID once, in order, with valid ISO 3166-1 alpha-3 codes', () => {
    const all = allMids();
    // The allocated MIDs of the ITU table, by region (Europe, the Americas, Asia, Oceania, Africa,
    // South America), written out independently of the table in mid.ts.
    const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, k) => a + k);
    const expected = [
      ...range(201, 216), 218, 219, 220, ...range(224, 259), ...range(261, 279),
      301, ...range(303, 312), 314, 316, 319, 321, 323, 325, 327, 329, 330, 331, 332, 334, 336, 338, 339, 341, 343, 345,
      347, 348, ...range(350, 359), 361, 362, 364, ...range(366, 379),
      401, 403, 405, 408, 410, 412, 413, 414, 416, 417, 419, 422, 423, 425, 428, 431, 432, 434, 436, 437, 438, 440, 441,
      443, 445, 447, 450, 451, 453, 455, 457, 459, 461, 463, 466, 468, 470, 471, 472, 473, 475, 477, 478,
      501, 503, 506, 508, 510, 511, 512, 514, 515, 516, 518, 520, 523, 525, 529, 531, 533, 536, 538, 540, 542, 544, 546,
      548, 550, 553, 555, 557, 559, 561, 563, 564, 565, 566, 567, 570, 572, 574, 576, 577, 578,
      601, 603, 605, ...range(607, 613), ...range(615, 622), ...range(624, 627), ...range(629, 638), 642, 644, 645, 647,
      649, 650, 654, 655, 656, 657, ...range(659, 672), ...range(674, 679),
      701, 710, 720, 725, 730, 735, 740, 745, 750, 755, 760, 765, 770, 775,
    ];
    expect(all.map((e) => e.mid)).toEqual(expected);
    expect(all.length).toBe(292);
    for (let k = 1; k < all.length; k++) expect(all[k]!.mid).toBeGreaterThan(all[k - 1]!.mid);
    for (const e of all) {
      expect(e.mid).toBeGreaterThanOrEqual(201);
      expect(e.mid).toBeLessThanOrEqual(775);
      if (e.area !== undefined) expect(countries.isValid(e.area), `${e.mid} ${e.area}`).toBe(true);
      expect(countries.isValid(e.state), `${e.mid} ${e.state}`).toBe(true);
      expect(e.itu.length).toBeGreaterThan(3);
      expect(midEntry(e.mid)).toBe(e);
    }
    // Spot checks against the ITU names.
    expect(midEntry(273)!.itu).toBe('Russian Federation');
    expect(midEntry(254)!.itu).toMatch(/^Monaco/);
    expect(midEntry(279)!.itu).toMatch(/^Serbia/);
    expect(midEntry(262)!.itu).toBe('Montenegro');
  });
});
