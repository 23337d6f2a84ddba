/**
 * Loading the workload into PostGIS the way an analyst would: positions by COPY FROM STDIN into a
 * table with a stored point geometry, the places as their polygons cut by ST_Subdivide (small parts
 * make the GiST index selective and every containment or distance test cheap), GiST indexes on
 * both, then ANALYZE so the planner knows the sizes.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BenchAssets, BenchPositions, BenchTask, Polygons } from './spec.js';

/** Vertices per part after ST_Subdivide: PostGIS's own default, small enough for tight index boxes. */
const SUBDIVIDE_VERTICES = 256;
const COPY_ROWS_PER_CHUNK = 8192;

/** Positions as COPY text lines, a chunk at a time (String() of a double reads back to the same double). */
function* positionLines(p: BenchPositions): Generator<string> {
  for (let i = 0; i < p.n; i += COPY_ROWS_PER_CHUNK) {
    const end = Math.min(p.n, i + COPY_ROWS_PER_CHUNK);
    let chunk = '';
    for (let r = i; r < end; r++) chunk += `${r}\t${p.asset[r]}\t${p.time[r]}\t${p.lon[r]}\t${p.lat[r]}\n`;
    yield chunk;
  }
}

export async function loadPositions(client: pg.PoolClient | pg.Client, p: BenchPositions, assets: BenchAssets): Promise<void> {
  await client.query(`CREATE TABLE asset (asset int PRIMARY KEY, id text NOT NULL, side smallint NOT NULL)`);
  const assetLines = assets.ids.map((id, i) => `${i}\t${id.replace(/[\\\t\n]/g, ' ')}\t${assets.side[i]}\n`);
  await pipeline(Readable.from(assetLines), client.query(copyFrom(`COPY asset (asset, id, side) FROM STDIN`)));
  // rn keeps the positions' own order (time, asset, source, line): "consecutive fixes" follow it.
  await client.query(`CREATE TABLE pos (
    rn int NOT NULL,
    asset int NOT NULL,
    t float8 NOT NULL,
    lon float8 NOT NULL,
    lat float8 NOT NULL,
    geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED
  )`);
  await pipeline(Readable.from(positionLines(p)), client.query(copyFrom(`COPY pos (rn, asset, t, lon, lat) FROM STDIN`)));
  await client.query(`CREATE INDEX pos_geom ON pos USING gist (geom)`);
}

/**
 * Every distinct polygon set the tasks name, as GeoJSON, keyed `id@view`. A place that is the same
 * on both views (a sea, a belt between undisputed states) is loaded once, as an analyst keeps one
 * row per geometry, and every task that names it is given that key.
 */
export function placesOf(tasks: BenchTask[]): { keyOf: (polygons: Polygons) => string; places: [string, string][] } {
  const keys = new Map<Polygons, string>();
  const byGeojson = new Map<string, string>();
  const add = (view: string, place: { id: string; polygons: Polygons }) => {
    if (keys.has(place.polygons)) return;
    const geojson = JSON.stringify({ type: 'MultiPolygon', coordinates: place.polygons });
    let key = byGeojson.get(geojson);
    if (key === undefined) {
      key = `${place.id}@${view}`;
      for (let k = 2; [...byGeojson.values()].includes(key); k++) key = `${place.id}@${view}#${k}`;
      byGeojson.set(geojson, key);
    }
    keys.set(place.polygons, key);
  };
  for (const t of tasks) {
    if (t.kind === 'keep-out') t.places.forEach((pl) => add(t.view, pl));
    else if (t.kind === 'standoff') [t.target, ...t.exempt].forEach((pl) => add(t.view, pl));
    else add(t.view, t.region);
  }
  return { keyOf: (polygons) => keys.get(polygons)!, places: [...byGeojson].map(([geojson, key]) => [key, geojson]) };
}

/**
 * One row per subdivided part. Each polygon of the set is made valid on its own first (a
 * MultiPolygon whose polygons overlap is invalid as a whole, yet "inside one of them" is what the
 * spec asks), then cut. `geog` serves the spheroidal distance queries.
 */
export async function loadPlaces(client: pg.PoolClient | pg.Client, places: [string, string][]): Promise<{ parts: number; repaired: number }> {
  // One partition per place: a query names its places, so it probes only their parts' indexes
  // (the Danish straits lie under several places; one shared index would hand every probe theirs too).
  await client.query(`CREATE TABLE place_part (place text NOT NULL, geom geometry(Polygon, 4326) NOT NULL, geog geography(Polygon, 4326)) PARTITION BY LIST (place)`);
  let repaired = 0;
  for (const [i, [key, geojson]] of places.entries()) {
    await client.query(`CREATE TABLE place_part_${i} PARTITION OF place_part FOR VALUES IN ('${key.replace(/'/g, "''")}')`);
    const r = await client.query<{ repaired: number }>(
      `WITH poly AS (
         SELECT (ST_Dump(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))).geom AS g
       ), checked AS (
         SELECT g, ST_IsValid(g) AS ok FROM poly
       ), valid AS (
         SELECT CASE WHEN ok THEN g ELSE ST_CollectionExtract(ST_MakeValid(g), 3) END AS g, NOT ok AS fixed FROM checked
       ), ins AS (
         INSERT INTO place_part (place, geom)
         SELECT $1, (ST_Dump(part)).geom FROM valid, LATERAL ST_Subdivide(g, ${SUBDIVIDE_VERTICES}) AS part
       )
       SELECT count(*) FILTER (WHERE fixed)::int AS repaired FROM valid`,
      [key, geojson],
    );
    repaired += r.rows[0]!.repaired;
  }
  await client.query(`UPDATE place_part SET geog = geom::geography`);
  await client.query(`CREATE INDEX place_part_geom ON place_part USING gist (geom)`);
  await client.query(`CREATE INDEX place_part_geog ON place_part USING gist (geog)`);
  const n = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM place_part`);
  return { parts: n.rows[0]!.n, repaired };
}
