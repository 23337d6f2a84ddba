/**
 * The state of registry from an ICAO 24-bit aircraft address: ICAO allocates each State a block of
 * addresses (Annex 10 to the Chicago Convention, Volume III, Part I, Chapter 9, Appendix, Table 9-1,
 * "Allocation of aircraft addresses to States"), and the State assigns addresses from it to the
 * aircraft on its register.
 *
 * Source, and how far to trust it: ICAO does not publish the Annex openly, so the blocks below are
 * taken from two independent transcriptions of Table 9-1 and kept only where they agree, except where
 * noted: the `ICAO_ranges` table of dump1090 (gvanem/Dump1090 `aircraft.c`, "generated from the
 * assignment table in the appendix to Chapter 9 of Annex 10 Vol III, Second Edition, July 2007 (with
 * amendments through 88-A, 14/11/2013)", itself from FlightAware dump1090's flags.js), and
 * `Icao24Utils::getCountry` of jbroutier/icao24-utils. Romania (4A0000-4A7FFF) and Montenegro
 * (516000-5163FF) are in the first only; they are kept because the block sizes and positions fit the
 * Annex's pattern (the 1990s European blocks of 32,768 addresses; the 1,024-address blocks of the
 * successor states after 510000) and both are NATO members the agreements name.
 *
 * Only the states the bundled agreements and their neighbourhood need are listed (NATO's members,
 * Russia, Belarus, Ukraine, the other former Soviet states, and a few more seen in the sample data);
 * an address outside every listed block has no flag (undefined), never a guess.
 *
 * The block gives the State of registry, which is not necessarily the operator: a leased aircraft
 * keeps its register's address. UK overseas territories (Bermuda, Cayman Islands, Isle of Man,
 * Guernsey) assign from sub-blocks of the UK's block and read as GBR here.
 */

/** [first address, last address, ISO 3166-1 alpha-3], sorted by first address, not overlapping. */
const BLOCKS: readonly (readonly [number, number, string])[] = [
  [0x100000, 0x1fffff, 'RUS'],
  [0x300000, 0x33ffff, 'ITA'],
  [0x340000, 0x37ffff, 'ESP'],
  [0x380000, 0x3bffff, 'FRA'],
  [0x3c0000, 0x3fffff, 'DEU'],
  [0x400000, 0x43ffff, 'GBR'],
  [0x440000, 0x447fff, 'AUT'],
  [0x448000, 0x44ffff, 'BEL'],
  [0x450000, 0x457fff, 'BGR'],
  [0x458000, 0x45ffff, 'DNK'],
  [0x460000, 0x467fff, 'FIN'],
  [0x468000, 0x46ffff, 'GRC'],
  [0x470000, 0x477fff, 'HUN'],
  [0x478000, 0x47ffff, 'NOR'],
  [0x480000, 0x487fff, 'NLD'],
  [0x488000, 0x48ffff, 'POL'],
  [0x490000, 0x497fff, 'PRT'],
  [0x498000, 0x49ffff, 'CZE'],
  [0x4a0000, 0x4a7fff, 'ROU'],
  [0x4a8000, 0x4affff, 'SWE'],
  [0x4b0000, 0x4b7fff, 'CHE'],
  [0x4b8000, 0x4bffff, 'TUR'],
  [0x4c8000, 0x4c83ff, 'CYP'],
  [0x4ca000, 0x4cafff, 'IRL'],
  [0x4cc000, 0x4ccfff, 'ISL'],
  [0x4d0000, 0x4d03ff, 'LUX'],
  [0x501000, 0x5013ff, 'ALB'],
  [0x501c00, 0x501fff, 'HRV'],
  [0x502c00, 0x502fff, 'LVA'],
  [0x503c00, 0x503fff, 'LTU'],
  [0x504c00, 0x504fff, 'MDA'],
  [0x505c00, 0x505fff, 'SVK'],
  [0x506c00, 0x506fff, 'SVN'],
  [0x507c00, 0x507fff, 'UZB'],
  [0x508000, 0x50ffff, 'UKR'],
  [0x510000, 0x5103ff, 'BLR'],
  [0x511000, 0x5113ff, 'EST'],
  [0x512000, 0x5123ff, 'MKD'],
  [0x513000, 0x5133ff, 'BIH'],
  [0x514000, 0x5143ff, 'GEO'],
  [0x515000, 0x5153ff, 'TJK'],
  [0x516000, 0x5163ff, 'MNE'],
  [0x600000, 0x6003ff, 'ARM'],
  [0x600800, 0x600bff, 'AZE'],
  [0x601000, 0x6013ff, 'KGZ'],
  [0x601800, 0x601bff, 'TKM'],
  [0x683000, 0x6833ff, 'KAZ'],
  [0x738000, 0x73ffff, 'ISR'],
  [0x780000, 0x7bffff, 'CHN'],
  [0xa00000, 0xafffff, 'USA'],
  [0xc00000, 0xc3ffff, 'CAN'],
];

const STARTS = Int32Array.from(BLOCKS, (b) => b[0]);

/** The listed blocks, for tests and documentation. */
export function icaoBlocks(): readonly (readonly [number, number, string])[] {
  return BLOCKS;
}

/** ISO 3166-1 alpha-3 of the State whose block holds the 24-bit address, undefined when none listed does. */
export function stateOfIcao24(address: number): string | undefined {
  let lo = 0;
  let hi = STARTS.length - 1;
  // Last block starting at or before the address.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (STARTS[mid]! <= address) lo = mid;
    else hi = mid - 1;
  }
  const b = BLOCKS[lo];
  return b && address >= b[0] && address <= b[1] ? b[2] : undefined;
}
