/**
 * The tasks of spec.ts as SQL over the tables of postgis-load.ts (pos, asset, place_part). Each
 * query answers rows of one shape, `kind` 'finding' (assets, from, to) or 'ambiguous' (assets, time
 * at from), so a task is one round trip.
 *
 * Stretches are gaps and islands: a fix starts a stretch when it violates and the previous
 * considered fix of its asset did not, or lies more than maxGap before it; a running count of the
 * starts numbers the stretches.
 */

/** What every query returns. Times are ms (float8), ids are the assets' ids. */
export interface TaskRow {
  kind: 'finding' | 'ambiguous';
  a: string;
  b: string | null;
  t_from: number;
  t_to: number;
}

/** Stretches of violating fixes over a CTE `judged (rn, asset, t, v)`; $gap is the maxGap in ms. */
const stretches = (gap: string) => `
  marked AS (
    SELECT rn, asset, t, v,
           v AND (NOT coalesce(lag(v) OVER w, false) OR t - lag(t) OVER w > ${gap}) AS starts
    FROM judged WINDOW w AS (PARTITION BY asset ORDER BY rn)
  ), numbered AS (
    SELECT *, count(*) FILTER (WHERE starts) OVER (PARTITION BY asset ORDER BY rn) AS stretch FROM marked
  ), stretch AS (
    SELECT asset, min(t) AS t_from, max(t) AS t_to FROM numbered WHERE v GROUP BY asset, stretch
  )`;

/** $1 side, $2 places (text[]), $3 maxGap ms. */
export const KEEP_OUT = `
  WITH fix AS (
    SELECT p.rn, p.asset, p.t, p.geom FROM pos p JOIN asset a ON a.asset = p.asset WHERE a.side = $1::int
  ), inside AS (
    SELECT DISTINCT p.rn FROM place_part pp JOIN pos p ON ST_Intersects(pp.geom, p.geom) WHERE pp.place = ANY ($2::text[])
  ), judged AS (
    SELECT f.rn, f.asset, f.t, i.rn IS NOT NULL AS v FROM fix f LEFT JOIN inside i ON i.rn = f.rn
  ), ${stretches('$3::float8')}
  SELECT 'finding' AS kind, a.id AS a, NULL::text AS b, s.t_from, s.t_to FROM stretch s JOIN asset a ON a.asset = s.asset`;

/**
 * $1 side, $2 exempt places (text[]), $3 target place, $4 range m, $5 tolerance m, $6 maxGap ms.
 * Distances are geography ST_DWithin on the spheroid against the target's parts (GiST on geog). The
 * CASE asks first what settles most fixes (out of range even with the tolerance): one probe for a
 * far fix, two for one well inside, three only near the limit.
 */
export const STANDOFF = `
  WITH fix AS (
    SELECT p.rn, p.asset, p.t, p.geom FROM pos p JOIN asset a ON a.asset = p.asset WHERE a.side = $1::int
  ), exempt AS (
    SELECT DISTINCT p.rn FROM place_part pp JOIN pos p ON ST_Intersects(pp.geom, p.geom) WHERE pp.place = ANY ($2::text[])
  ), state AS (
    SELECT f.rn, f.asset, f.t,
           CASE
             WHEN e.rn IS NOT NULL THEN 'exempt'
             WHEN NOT EXISTS (SELECT 1 FROM place_part pp WHERE pp.place = $3::text AND ST_DWithin(pp.geog, f.geom::geography, $4::float8 + $5::float8)) THEN 'out'
             WHEN EXISTS (SELECT 1 FROM place_part pp WHERE pp.place = $3::text AND ST_DWithin(pp.geog, f.geom::geography, $4::float8 - $5::float8)) THEN 'in'
             WHEN EXISTS (SELECT 1 FROM place_part pp WHERE pp.place = $3::text AND ST_DWithin(pp.geog, f.geom::geography, $4::float8)) THEN 'near-in'
             ELSE 'near-out'
           END AS state
    FROM fix f LEFT JOIN exempt e ON e.rn = f.rn
  ), judged AS (
    SELECT rn, asset, t, state IN ('in', 'near-in') AS v FROM state
  ), ${stretches('$6::float8')}
  SELECT 'finding' AS kind, a.id AS a, NULL::text AS b, s.t_from, s.t_to FROM stretch s JOIN asset a ON a.asset = s.asset
  UNION ALL
  SELECT 'ambiguous', a.id, NULL, s.t, s.t FROM state s JOIN asset a ON a.asset = s.asset WHERE s.state IN ('near-in', 'near-out')`;

/**
 * Separation, step 1: the track segments of spec.ts into table `seg` (SEGMENT_TABLE). $1 region place, $2 maxGap ms.
 * A fix after a gap (or an asset's first) is a one-fix segment when inside the region; otherwise
 * the segment from the previous fix, when either end is inside.
 */
/**
 * A segment's geometry carries time as Z (minutes since the first position), so one n-D GiST index
 * answers "near in space and in time" together: an index on space alone would hand every probe the
 * segments of all the copies that passed the same spot at other times.
 */
export const SEGMENT_TABLE = `CREATE TABLE seg (asset int, side smallint, t0 float8, t1 float8, x0 float8, y0 float8, x1 float8, y1 float8, geom geometry(LineStringZ, 4326))`;

export const SEGMENTS = `
  INSERT INTO seg
  WITH fix AS (
    SELECT p.rn, p.asset, a.side, p.t, p.lon, p.lat, p.geom FROM pos p JOIN asset a ON a.asset = p.asset WHERE a.side IN (0, 1)
  ), inr AS (
    SELECT DISTINCT p.rn FROM place_part pp JOIN pos p ON ST_Intersects(pp.geom, p.geom) WHERE pp.place = $1::text
  ), flagged AS (
    SELECT f.*, i.rn IS NOT NULL AS inside FROM fix f LEFT JOIN inr i ON i.rn = f.rn
  ), lagged AS (
    SELECT *, lag(t) OVER w AS pt, lag(lon) OVER w AS plon, lag(lat) OVER w AS plat, lag(inside) OVER w AS pinside,
           (lag(t) OVER w IS NULL OR t - lag(t) OVER w > $2::float8) AS fresh
    FROM flagged WINDOW w AS (PARTITION BY asset ORDER BY rn)
  ), cut AS (
    SELECT asset, side,
           CASE WHEN fresh THEN t ELSE pt END AS t0, t AS t1,
           CASE WHEN fresh THEN lon ELSE plon END AS x0, CASE WHEN fresh THEN lat ELSE plat END AS y0,
           lon AS x1, lat AS y1
    FROM lagged WHERE (fresh AND inside) OR (NOT fresh AND (pinside OR inside))
  )
  SELECT asset, side, t0, t1, x0, y0, x1, y1,
         ST_SetSRID(ST_MakeLine(ST_MakePoint(x0, y0, (t0 - origin) / 60000), ST_MakePoint(x1, y1, (t1 - origin) / 60000)), 4326) AS geom
  FROM cut, (SELECT min(t) AS origin FROM pos) o`;

/** The join probes side-1 segments from each side-0 one: a partial index over side 1 only. */
export const SEGMENT_INDEX = [`CREATE INDEX seg_geom_nd ON seg USING gist (geom gist_geometry_ops_nd) WHERE side = 1`, `ANALYZE seg`];

/**
 * Separation, step 2: contacts, encounters, findings. $1 searchM, $2 minM, $3 tolerance m, $4 maxGap ms.
 * The decision is per encounter (its smallest CPA distance against minM), so an encounter whose
 * smallest distance lies within the tolerance of minM is the ambiguous one, at its first CPA time.
 *
 * Candidate pairs: opposite sides, boxes (lon, lat, time) that overlap in time and come within
 * searchM in space (110 km per degree of latitude and that over the cosine of the highest latitude
 * reached, both below the true metres per degree, so no pair within searchM is lost; the index's
 * float4 boxes are rounded outwards), then the exact time test max(t0) <= min(t1). The closest point of approach is spec.ts's
 * formula step by step in float8, in the same order of operations as the engine, and its distance
 * the spheroidal geography ST_Distance. OFFSET 0 keeps each step a step: without it the planner
 * folds the steps into one expression that recomputes every earlier step wherever it is used.
 */
export const CONTACTS = `
  WITH pair AS (
    SELECT a.asset AS aa, b.asset AS ab,
           a.t0 AS a_t0, a.t1 AS a_t1, a.x0 AS a_x0, a.y0 AS a_y0, a.x1 AS a_x1, a.y1 AS a_y1,
           b.t0 AS b_t0, b.t1 AS b_t1, b.x0 AS b_x0, b.y0 AS b_y0, b.x1 AS b_x1, b.y1 AS b_y1
    FROM seg a
    JOIN seg b ON b.side = 1
      AND b.geom &&& ST_Expand(a.geom, ($1::float8 / 110000.0) / cos(radians(least(89.0, greatest(abs(a.y0), abs(a.y1)) + $1::float8 / 110000.0))), $1::float8 / 110000.0, 0)
    WHERE a.side = 0
  ), span AS (
    SELECT *, greatest(a_t0, b_t0) AS ts, least(a_t1, b_t1) AS te FROM pair OFFSET 0
  ), start AS (
    SELECT *,
           CASE WHEN a_t1 = a_t0 THEN a_x0 ELSE a_x0 + (a_x1 - a_x0) * ((ts - a_t0) / (a_t1 - a_t0)) END AS ax,
           CASE WHEN a_t1 = a_t0 THEN a_y0 ELSE a_y0 + (a_y1 - a_y0) * ((ts - a_t0) / (a_t1 - a_t0)) END AS ay,
           CASE WHEN b_t1 = b_t0 THEN b_x0 ELSE b_x0 + (b_x1 - b_x0) * ((ts - b_t0) / (b_t1 - b_t0)) END AS bx,
           CASE WHEN b_t1 = b_t0 THEN b_y0 ELSE b_y0 + (b_y1 - b_y0) * ((ts - b_t0) / (b_t1 - b_t0)) END AS by_
    FROM span WHERE ts <= te OFFSET 0
  ), plane AS (
    SELECT *, cos(((ay + by_) / 2) * (pi() / 180)) AS c, (a_t1 - a_t0) / 1000 AS a_dt, (b_t1 - b_t0) / 1000 AS b_dt,
           CASE WHEN bx - ax > 180 THEN bx - ax - 360 WHEN bx - ax < -180 THEN bx - ax + 360 ELSE bx - ax END AS dlon
    FROM start OFFSET 0
  ), rel AS (
    SELECT *, dlon * 111320 * c AS rx, (by_ - ay) * 111320 AS ry,
           CASE WHEN b_dt <= 0 THEN 0 ELSE ((b_x1 - b_x0) * 111320 * c) / b_dt END - CASE WHEN a_dt <= 0 THEN 0 ELSE ((a_x1 - a_x0) * 111320 * c) / a_dt END AS vx,
           CASE WHEN b_dt <= 0 THEN 0 ELSE ((b_y1 - b_y0) * 111320) / b_dt END - CASE WHEN a_dt <= 0 THEN 0 ELSE ((a_y1 - a_y0) * 111320) / a_dt END AS vy
    FROM plane OFFSET 0
  ), tau AS (
    SELECT *, ts + least(greatest(CASE WHEN vx * vx + vy * vy > 0 THEN -(rx * vx + ry * vy) / (vx * vx + vy * vy) ELSE 0 END, 0), (te - ts) / 1000) * 1000 AS t
    FROM rel OFFSET 0
  ), at_t AS (
    SELECT aa, ab, t,
           CASE WHEN a_t1 = a_t0 THEN a_x0 ELSE a_x0 + (a_x1 - a_x0) * ((t - a_t0) / (a_t1 - a_t0)) END AS lon_a,
           CASE WHEN a_t1 = a_t0 THEN a_y0 ELSE a_y0 + (a_y1 - a_y0) * ((t - a_t0) / (a_t1 - a_t0)) END AS lat_a,
           CASE WHEN b_t1 = b_t0 THEN b_x0 ELSE b_x0 + (b_x1 - b_x0) * ((t - b_t0) / (b_t1 - b_t0)) END AS lon_b,
           CASE WHEN b_t1 = b_t0 THEN b_y0 ELSE b_y0 + (b_y1 - b_y0) * ((t - b_t0) / (b_t1 - b_t0)) END AS lat_b
    FROM tau OFFSET 0
  ), cpa AS (
    SELECT aa, ab, t, ST_Distance(ST_SetSRID(ST_MakePoint(lon_a, lat_a), 4326)::geography, ST_SetSRID(ST_MakePoint(lon_b, lat_b), 4326)::geography) AS d
    FROM at_t
  ), contact AS (
    SELECT * FROM cpa WHERE d <= $1::float8
  ), marked AS (
    SELECT *, coalesce(t - lag(t) OVER w > $4::float8, true) AS starts FROM contact WINDOW w AS (PARTITION BY aa, ab ORDER BY t)
  ), numbered AS (
    SELECT *, count(*) FILTER (WHERE starts) OVER (PARTITION BY aa, ab ORDER BY t) AS encounter FROM marked
  ), encounter AS (
    SELECT aa, ab, min(t) AS t_from, max(t) AS t_to, min(d) AS d FROM numbered GROUP BY aa, ab, encounter
  )
  SELECT CASE WHEN d < $2::float8 THEN 'finding' ELSE 'ambiguous' END AS kind, x.id AS a, y.id AS b, e.t_from, e.t_to
  FROM encounter e JOIN asset x ON x.asset = e.aa JOIN asset y ON y.asset = e.ab
  WHERE d < $2::float8 OR abs(d - $2::float8) <= $3::float8
  UNION ALL
  -- A breach decided within the tolerance is also ambiguous: another earth model may call it compliant.
  SELECT 'ambiguous', x.id, y.id, e.t_from, e.t_from FROM encounter e JOIN asset x ON x.asset = e.aa JOIN asset y ON y.asset = e.ab
  WHERE d < $2::float8 AND abs(d - $2::float8) <= $3::float8`;
