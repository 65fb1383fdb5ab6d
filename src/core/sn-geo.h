/* sn-geo.h — areas from GeoJSON, point-in-polygon, and the GCJ-02 ↔ WGS-84 conversion
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Coordinates in this API are degrees, always passed as (lat, lon); GeoJSON stores them as
 * [lon, lat] and so do SnGeoPoint (x = lon, y = lat).
 *
 * GCJ-02 (the "Mars" datum of Chinese web maps: AMap, Tencent, Google in China) is WGS-84
 * plus a deliberate, non-linear offset of about 100–700 m.  The official algorithm is not
 * published.  The forward transform here is the one every open implementation uses
 * (Krasovsky ellipsoid a = 6378245.0, ee = 0.00669342162296594323, the transformLat /
 * transformLon polynomials; as in googollee/eviltransform, which also gives the test
 * vectors), applied inside the usual rough China rectangle only.
 *
 * Accuracy, in three separate parts:
 *  - our inverse: fixed-point iteration on the forward formula until the forward image is
 *    within 1e-9° of the target (at most SN_GEO_GCJ02_MAX_ITERATIONS steps), so
 *    forward (inverse (p)) = p to better than 1 mm, and the inverse of a forward-transformed
 *    point round-trips to < 1e-7° (≈ 1 cm) — both are tested;
 *  - the forward formula versus the offset real GCJ-02 maps apply: we found no published
 *    measurement.  The formula is the leaked one that open implementations use with live
 *    map services; the original is said to add a small pseudo-random term on top (see the
 *    notes of the PRCoords project).  We *assume* agreement to about 1 m;
 *  - the source data: the ECharts boundaries we convert are quantised to 1/1024° (≈ 100 m),
 *    which dominates everything above.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* GeoJSON files are bigger than protocol messages; the depth limit stays the core one. */
#define SN_GEO_MAX_GEOJSON_BYTES (32 * 1024 * 1024)
#define SN_GEO_MAX_DEPTH 32
/* Stop when |forward (x) − target| < this many degrees, or after the iteration cap. */
#define SN_GEO_GCJ02_TOLERANCE 1e-9
#define SN_GEO_GCJ02_MAX_ITERATIONS 10

#define SN_GEO_ERROR (sn_geo_error_quark ())
GQuark sn_geo_error_quark (void);

typedef enum {
  SN_GEO_ERROR_PARSE, /* not JSON, not UTF-8, too large or too deep */
  SN_GEO_ERROR_INVALID, /* JSON, but not a FeatureCollection of (Multi)Polygons */
  SN_GEO_ERROR_PROPERTY, /* the code property is missing, of the wrong type, or repeated */
  SN_GEO_ERROR_COORDINATE, /* a position is not a number, not finite, or out of range */
} SnGeoError;

/* ---- GCJ-02 ---------------------------------------------------------------------------- */

/* TRUE inside the rectangle where GCJ-02 applies (lon 72.004–137.8347, lat 0.8293–55.8271).
 * Outside it both conversions are the identity. */
gboolean sn_geo_in_china (double lat, double lon);
void sn_geo_wgs84_to_gcj02 (double lat, double lon, double *out_lat, double *out_lon);
/* The inverse by iteration (see the top of this file); returns the number of iterations
 * used (0 outside China). */
guint sn_geo_gcj02_to_wgs84 (double lat, double lon, double *out_lat, double *out_lon);

/* Great-circle distance in metres (haversine, mean Earth radius 6,371,008.8 m). */
double sn_geo_distance_m (double lat1, double lon1, double lat2, double lon2);

/* ---- areas ------------------------------------------------------------------------------ */

typedef struct
{
  double x; /* longitude */
  double y; /* latitude */
} SnGeoPoint;

typedef struct
{
  double min_lon, min_lat, max_lon, max_lat;
} SnGeoBBox;

/* A ring as read, without the repeated closing position (n_points ≥ 3). */
typedef struct
{
  SnGeoPoint *points;
  guint n_points;
} SnGeoRing;

/* rings[0] is the outer boundary, the others are holes. */
typedef struct
{
  SnGeoRing *rings;
  guint n_rings;
  SnGeoBBox bbox;
  double area_km2; /* outer minus holes */
  /*< private >*/
  gpointer index; /* the edges in horizontal bands, for point-in-polygon */
} SnGeoPolygon;

/* One feature.  Read-only for callers; owned by its SnGeoAreas. */
typedef struct
{
  char *code; /* the code property as a string ("110105") */
  char *name; /* the name property, or a copy of code when it has none */
  JsonObject *properties; /* all properties of the feature (never NULL; may be changed
                             * before sn_geo_areas_to_geojson(), e.g. by a converter) */
  SnGeoPolygon *polygons; /* one for a Polygon, several for a MultiPolygon */
  guint n_polygons;
  SnGeoBBox bbox;
  /* Area-weighted centroid of all polygons minus holes, computed in a local equirectangular
   * plane (x = lon · cos φ₀, y = lat; φ₀ = middle latitude of the bbox).  Not necessarily
   * inside a concave area. */
  double centroid_lat, centroid_lon;
  /* Area on the WGS-84 ellipsoid, with edges taken as straight lines in the Lambert
   * cylindrical equal-area projection (exact for such polygons; for district-sized edges
   * the difference from geodesic edges is far below the data's quantisation). */
  double area_km2;
} SnGeoArea;

/* Immutable once loaded (apart from the properties objects), so several threads may look
 * up points in the same set. */
typedef struct _SnGeoAreas SnGeoAreas;

/* Parses a GeoJSON FeatureCollection whose features are all Polygon or MultiPolygon.
 * @code_key names the property that identifies a feature (a string or an integer; required
 * and unique); @name_key (NULL = "name") the display name (optional: falls back to the
 * code).  Unclosed rings are accepted and closed.  All-or-nothing: any bad feature fails
 * the whole load with an SN_GEO_ERROR whose message names the offending JSON path. */
SnGeoAreas *sn_geo_areas_load (const char *geojson, gssize length, const char *code_key,
                               const char *name_key, GError **error);
/* Same, from a file (refused before reading when larger than SN_GEO_MAX_GEOJSON_BYTES). */
SnGeoAreas *sn_geo_areas_load_file (const char *path, const char *code_key, const char *name_key,
                                    GError **error);
void sn_geo_areas_free (SnGeoAreas *areas);

guint sn_geo_areas_get_n_areas (const SnGeoAreas *areas);
const SnGeoArea *sn_geo_areas_get (const SnGeoAreas *areas, guint index);
/* The area with this code, or NULL. */
const SnGeoArea *sn_geo_areas_find (const SnGeoAreas *areas, const char *code);
/* The index of @area (one of @areas') in file order. */
guint sn_geo_areas_index_of (const SnGeoAreas *areas, const SnGeoArea *area);
/* Bounding box of all areas. */
SnGeoBBox sn_geo_areas_get_bbox (const SnGeoAreas *areas);

/* Even-odd rule over all rings of the area (holes and MultiPolygon parts included), after a
 * bounding-box check.  A point on a shared edge or vertex belongs to exactly one of two
 * areas that share it (edges count as half-open), so tiling areas never both claim it. */
gboolean sn_geo_area_contains (const SnGeoArea *area, double lat, double lon);
/* The first area (in file order) containing the point, or NULL.  Uses a grid index built at
 * load time: cells that no boundary crosses answer with one array lookup. */
const SnGeoArea *sn_geo_locate (const SnGeoAreas *areas, double lat, double lon);

/* A point uniformly distributed over the surface of @area: picks a polygon by area, then
 * rejection sampling in its bbox (uniform in longitude and in sin(latitude)), drawing only
 * from @rand, so a seeded GRand gives the same points.  Returns FALSE, leaving the outputs
 * alone, for an area of zero size (or, in theory, a sliver that 100,000 draws miss). */
gboolean sn_geo_area_random_point (const SnGeoArea *area, GRand *rand, double *out_lat,
                                   double *out_lon);

/* A copy of @areas with every vertex passed through @func (a wrapper around
 * sn_geo_gcj02_to_wgs84() converts a GCJ-02 file); bboxes, centroids, areas and the index
 * are recomputed; properties are copied unchanged.  @func must return valid coordinates. */
typedef void (*SnGeoTransformFunc) (double lat, double lon, double *out_lat, double *out_lon,
                                    gpointer user_data);
SnGeoAreas *sn_geo_areas_transform (const SnGeoAreas *areas, SnGeoTransformFunc func,
                                    gpointer user_data);

/* A GeoJSON FeatureCollection, one feature per line, coordinates with 6 decimals (~0.1 m),
 * rings closed, each feature's properties as they are now; Polygon for one polygon, else
 * MultiPolygon.  Loading the result gives the same areas (up to the rounding). */
char *sn_geo_areas_to_geojson (const SnGeoAreas *areas, gsize *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnGeoAreas, sn_geo_areas_free)

G_END_DECLS
