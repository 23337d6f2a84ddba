/**
 * Seas by the International Hydrographic Organization's "Limits of Oceans and Seas", Special
 * Publication S-23, 3rd edition (1953), still the edition in force.
 *
 * Each sea is the water (not land in Natural Earth land, world-atlas land-<res>.json) inside a limits
 * polygon written by hand. Where S-23 draws a limit across water (a closing line) the polygon follows
 * it vertex to vertex; everywhere else the polygon runs over land a little inland of the coast, so
 * the coast itself bounds the sea. Water inside the polygon that is not connected to a seed point of
 * the sea (lakes, lagoons cut off at 1:10m) is dropped. Closing-line ends are published positions of
 * the named headlands; at 1:10m the drawn coast can sit a kilometre or so off them.
 *
 * Closing lines used:
 * - Black Sea. S-23 "Black Sea": on the south-west, the north-eastern limit of the Sea of Marmara, a
 *   line joining Cape Rumili and Cape Anatoli at the Bosporus' northern entrance; in the Kerch Strait,
 *   a line joining Cape Takil and Cape Panagia. Rumili and Anatoli are taken at the Rumeli Feneri
 *   (41.234250 N, 29.112083 E) and Anadolu Feneri (41.217472 N, 29.152139 E) lighthouses (Wikipedia
 *   "Rumeli Feneri", "Anadolu Feneri"); Cape Takil 45 deg 05' 59" N, 36 deg 27' 16" E and Cape Panagia
 *   45 deg 08' 25" N, 36 deg 38' 01" E (Wikipedia ru "Такиль", "Панагия (мыс)", which also describe
 *   the Takil-Panagia line as the Black Sea / Sea of Azov limit). The Sea of Azov is excluded.
 * - Sea of Azov. S-23 "Sea of Azov": on the south, the northern limit of the Black Sea (the same
 *   Takil-Panagia line), so the two polygons share that edge exactly and cannot overlap.
 * - Baltic Sea. S-23 puts the Belts and the Sound in the Baltic and limits it on the west by the
 *   southern limit of the Kattegat: lines joining Hasenore Head (Djursland) and Gniben Point
 *   (Sjaellands Odde), Korshage and Spodsbjerg (the mouth of the Isefjord, which is thereby Baltic),
 *   and Gilbjerg Head and the Kullen. This is the line chosen here (not the Skaw-Paternoster line,
 *   which closes the Kattegat from the Skagerrak). Positions: Hasenore 56 deg 09' N 10 deg 44' E, Gniben
 *   56 deg 01' N 11 deg 18' E and Kullen 56 deg 18' N 12 deg 28' E as in Council Regulation (EC) No
 *   88/98, Annex I (ICES subdivisions 22 and 23, which use the same headlands); Korshage 55 deg 58'
 *   36.7" N 11 deg 46' 37.8" E (Wikipedia de "Korshage"); Spodsbjerg lighthouse at Hundested and
 *   Gilbjerg Head west of Gilleleje are approximate positions (about 55.98 N 11.85 E and 56.127 N
 *   12.283 E), within the 1:10m coastline's own error there.
 */
import type { Position2 } from './types.js';

export interface SeaDef {
  id: string;
  name: string;
  /** Outer ring of the limits polygon, lon/lat. */
  limits: Position2[];
  /** Points of open water of the sea: the connected water containing one of them is kept. */
  seeds: Position2[];
  closingLines: string;
}

const RUMELI: Position2 = [29.112083, 41.23425];
const ANADOLU: Position2 = [29.152139, 41.217472];
const TAKIL: Position2 = [36.454444, 45.099722];
const PANAGIA: Position2 = [36.633611, 45.140278];
const HASENORE: Position2 = [10.733333, 56.15];
const GNIBEN: Position2 = [11.3, 56.016667];
const KORSHAGE: Position2 = [11.777167, 55.976861];
const SPODSBJERG: Position2 = [11.85, 55.98];
const GILBJERG: Position2 = [12.283, 56.127];
const KULLEN: Position2 = [12.466667, 56.3];

/** Over land from Takil to the mainland north of the Perekop isthmus, shared by Black Sea and Azov. */
const CRIMEA_DIVIDE: Position2[] = [TAKIL, [36.2, 45.25], [35.8, 45.25], [35.4, 45.2], [35.0, 45.2], [34.5, 45.4], [34.0, 45.8], [33.7, 46.15], [33.6, 46.3]];
/** Over the Taman peninsula from Panagia, shared by Black Sea and Azov. */
const TAMAN_DIVIDE: Position2[] = [PANAGIA, [36.8, 45.16], [37.5, 45.0]];

export const SEAS: SeaDef[] = [
  {
    id: 'black',
    name: 'Black Sea',
    limits: [
      RUMELI, ANADOLU,
      [29.4, 41.15], [30.0, 41.0], [31.0, 40.95], [33.0, 41.3], [35.0, 41.4], [36.3, 40.9], [37.5, 40.6], [40.0, 40.6],
      [42.0, 41.3], [42.3, 42.2], [40.3, 43.8], [38.5, 44.6],
      ...[...TAMAN_DIVIDE].reverse(),
      ...CRIMEA_DIVIDE,
      [32.8, 46.9], [31.0, 47.2], [29.5, 46.6], [28.3, 45.5], [28.3, 45.0], [28.0, 44.3], [27.4, 43.5], [27.2, 42.6],
      [27.3, 42.0], [28.0, 41.3], [28.6, 41.12], [29.0, 41.18], RUMELI,
    ],
    seeds: [[34.0, 43.0]],
    closingLines: 'Bosporus: Rumeli Feneri - Anadolu Feneri (S-23 Cape Rumili - Cape Anatoli); Kerch Strait: Cape Takil - Cape Panagia',
  },
  {
    id: 'azov',
    name: 'Sea of Azov',
    limits: [
      ...CRIMEA_DIVIDE,
      [34.5, 47.0], [37.0, 47.6], [39.0, 47.6], [40.0, 47.2], [39.5, 46.3], [38.5, 45.4],
      ...[...TAMAN_DIVIDE].reverse(),
      TAKIL,
    ],
    seeds: [[36.5, 46.0]],
    closingLines: 'Kerch Strait: Cape Takil - Cape Panagia (the northern limit of the Black Sea)',
  },
  {
    id: 'baltic',
    name: 'Baltic Sea',
    limits: [
      HASENORE, GNIBEN, [11.45, 55.955], [11.6, 55.945], KORSHAGE, SPODSBJERG, [12.0, 55.975], [12.28, 56.06], GILBJERG, KULLEN,
      [12.6, 56.22], [13.1, 56.2], [13.6, 56.6], [14.0, 58.0], [14.5, 61.0], [17.0, 66.0], [24.0, 66.3], [26.5, 64.5],
      [29.5, 62.5], [30.3, 60.8], [30.7, 59.5], [28.5, 57.5], [26.0, 55.5], [22.0, 53.8], [18.5, 53.6], [14.5, 53.2],
      [12.0, 53.7], [10.6, 53.75], [9.6, 54.3], [9.2, 55.0], [9.3, 55.9], [10.0, 56.35], [10.45, 56.45], [10.72, 56.25],
      HASENORE,
    ],
    seeds: [[18.0, 55.5], [11.85, 55.85]],
    closingLines: 'southern limit of the Kattegat: Hasenore Head - Gniben Point, Korshage - Spodsbjerg, Gilbjerg Head - the Kullen (the Belts and the Sound are Baltic)',
  },
];

/** Accepted spellings: `baltic`, `baltic-sea`, `Baltic Sea`, `the_black_sea`, `sea-of-azov`, ... */
export function seaId(name: string): string | undefined {
  const n = name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/^the-/, '');
  const aliases: Record<string, string> = {
    baltic: 'baltic',
    'baltic-sea': 'baltic',
    ostsee: 'baltic',
    black: 'black',
    'black-sea': 'black',
    azov: 'azov',
    'azov-sea': 'azov',
    'sea-of-azov': 'azov',
  };
  return aliases[n];
}
