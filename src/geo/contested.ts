/**
 * Contested areas and views: whose map a territory is judged on.
 *
 * The geography packages take sides. world-atlas 2.0.2 (Natural Earth 4.1) draws Crimea inside
 * Russia: the peninsula, Sevastopol included, is polygon #2 (424 vertices at 1:10m) of Russia's
 * MultiPolygon (ISO 643), and its northern edge is an arc shared with Ukraine's polygon (ISO 804)
 * along the administrative line through the Perekop isthmus, the Syvash and the Arabat spit (checked
 * by contested.test.ts). world-countries draws it in Ukraine; @geo-maps/countries-maritime-10m in
 * both. Redline inherits none of that: the peninsula is taken out of whichever country polygon holds
 * it and becomes a contested area, and each view says whose it is.
 *
 * How the contested land is made. CRIMEA_REGION below is a polygon whose only course over land is the
 * administrative line between the Autonomous Republic of Crimea (with Sevastopol) and Kherson
 * Oblast; everywhere else it runs through water (Karkinit Gulf, the Black Sea, the Kerch Strait west
 * of the Chushka spit, the Sea of Azov), where its exact course does not matter. At load time it is
 * intersected with the land of the countries that touch it (polygon-clipping); that intersection is
 * the contested land. Pieces of a claimant's polygon left outside the region that are tiny or lie
 * within the map's accuracy of the region's line (digitising differences between the line below and
 * the base map, see carveContested in world.ts) join the contested land rather than becoming islands
 * of the other state's territory.
 *
 * Sources for the line. The course of the administrative line is not itself disputed (both sides
 * describe the same line, as a state border or as an administrative boundary); its vertices below are
 * the Natural Earth 1:10m trace of it (public domain), rounded to 1e-4 degree, east to west. They
 * agree with the public descriptions of the line: it crosses the Perekop isthmus north of Armiansk
 * (isthmus centre 46 deg 08' 58" N, 33 deg 40' 20" E, Wikipedia "Perekop Isthmus"), passes south of
 * the Chonhar peninsula, which belongs to Kherson Oblast (46 deg 03' 40" N, 34 deg 31' 33" E, Wikipedia
 * "Chonhar Peninsula"), and crosses the Arabat spit south of Strilkove, a village of Kherson Oblast
 * (45 deg 53' 47" N, 34 deg 52' 52" E, Wikipedia "Strilkove"). At 1:10m the line is good to a few
 * hundred metres.
 */
import type { MultiPolygonCoords, Position2 } from './types.js';

export interface ContestedAreaDef {
  id: string;
  name: string;
  /** The states a view may assign it to. */
  claimants: string[];
  /** The region polygon (outer ring, lon/lat); intersected with land to give the contested land. */
  region: MultiPolygonCoords;
  description: string;
  source: string;
}

export interface ViewDef {
  id: string;
  /** contested area id -> the state (alpha-3) the view assigns it to. */
  assigns: Record<string, string>;
  source: string;
}

/** Pieces of a claimant's country polygon cut off outside the region but smaller than this (m^2). */
export const SLIVER_M2 = 1e6;

/** The administrative line, east (Azov coast of the Arabat spit) to west (Karkinit Gulf). */
const CRIMEA_ADMIN_LINE: Position2[] = [
  [35.0014, 45.7289], [34.9761, 45.7171], [34.9509, 45.7222], [34.9185, 45.7475], [34.8717, 45.7728],
  [34.8105, 45.7846], [34.7889, 45.8032], [34.7853, 45.8285], [34.7853, 45.8691], [34.7853, 45.8995],
  [34.7637, 45.9315], [34.7349, 45.9535], [34.6881, 45.9738], [34.6413, 45.9805], [34.6017, 45.9788],
  [34.5693, 45.9771], [34.5297, 45.9805], [34.5189, 45.9687], [34.5045, 45.9501], [34.4649, 45.9552],
  [34.4325, 45.9721], [34.4109, 45.9873], [34.3929, 46.0092], [34.3785, 46.0295], [34.3605, 46.0565],
  [34.3353, 46.07], [34.3029, 46.07], [34.2741, 46.0835], [34.2345, 46.097], [34.2021, 46.1004],
  [34.1625, 46.0903], [34.1049, 46.0953], [34.0689, 46.1055], [34.0257, 46.1156], [33.9897, 46.1308],
  [33.9429, 46.1544], [33.8925, 46.1764], [33.8457, 46.195], [33.8025, 46.2034], [33.7557, 46.1933],
  [33.7161, 46.195], [33.6693, 46.2186], [33.6621, 46.2102], [33.6729, 46.173], [33.6621, 46.1477],
  [33.6297, 46.1257],
];

/**
 * Back to the start through water, clockwise round the peninsula: down the Perekop Gulf, west of
 * Cape Tarkhankut, south of Sevastopol and the south coast, up the Kerch Strait between the Kerch
 * peninsula and the Chushka spit (Taman, Krasnodar Krai, stays outside), and west along the Azov
 * coast to the spit. Every vertex here is open water on the 1:10m map.
 */
const CRIMEA_SEA_ROUTE: Position2[] = [
  [33.6, 46.08], [33.58, 46.0], [33.0, 45.85], [32.3, 45.6], [32.2, 45.3], [32.5, 44.9], [33.3, 44.3],
  [34.5, 44.3], [35.5, 44.7], [36.3, 44.95], [36.55, 45.08], [36.55, 45.2], [36.64, 45.33],
  [36.655, 45.37], [36.655, 45.42], [36.65, 45.5], [35.9, 45.56], [35.1, 45.76],
];

export const CONTESTED_AREAS: ContestedAreaDef[] = [
  {
    id: 'crimea',
    name: 'Crimea (Autonomous Republic of Crimea and Sevastopol)',
    claimants: ['RUS', 'UKR'],
    region: [[[...CRIMEA_ADMIN_LINE, ...CRIMEA_SEA_ROUTE, CRIMEA_ADMIN_LINE[0]!]]],
    description:
      'the Crimean peninsula south of the administrative line Perekop isthmus - Syvash - Arabat spit, Sevastopol included, intersected with the land of the base map',
    source: 'administrative line as traced by Natural Earth 1:10m (public domain); see src/geo/contested.ts',
  },
];

export const VIEWS: ViewDef[] = [
  {
    id: 'RUS',
    assigns: { crimea: 'RUS' },
    source: 'Federal Constitutional Law of the Russian Federation No. 6-FKZ of 21 March 2014 on admitting the Republic of Crimea and the federal city of Sevastopol',
  },
  {
    id: 'UKR',
    assigns: { crimea: 'UKR' },
    source: 'Law of Ukraine of 15 April 2014 "On securing the rights and freedoms of citizens and the legal regime on the temporarily occupied territory of Ukraine"',
  },
  {
    id: 'USA',
    assigns: { crimea: 'UKR' },
    source: 'Crimea Declaration, U.S. Secretary of State, 25 July 2018',
  },
  {
    id: 'NATO',
    assigns: { crimea: 'UKR' },
    source: 'Wales Summit Declaration, North Atlantic Council, 5 September 2014 (non-recognition of the annexation of Crimea)',
  },
  {
    id: 'UN',
    assigns: { crimea: 'UKR' },
    source: 'UN General Assembly resolution 68/262, "Territorial integrity of Ukraine", 27 March 2014',
  },
];

/** Thrown when a view does not say whose a contested area is that a requested region depends on. */
export class UnassignedContestedAreaError extends Error {
  constructor(
    readonly view: string,
    readonly area: string,
    readonly region: string,
  ) {
    super(
      `view "${view}" does not assign the contested area "${area}", which region "${region}" touches; use a view that does (${VIEWS.filter((v) => area in v.assigns)
        .map((v) => v.id)
        .join(', ')})`,
    );
    this.name = 'UnassignedContestedAreaError';
  }
}
