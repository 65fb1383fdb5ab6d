/* test-geo.c — GCJ-02 against published vectors, point-in-polygon on hand-made shapes and
 * their edge cases, bad GeoJSON, and the Beijing city pack
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sn-geo.h"

#define BEIJING_OFFICIAL_KM2 16410.0
#define BEIJING_POPULATION_2020 21893095

/* ---- helpers ---------------------------------------------------------------------------- */

static SnGeoAreas *
load_ok (const char *geojson)
{
  g_autoptr (GError) error = NULL;
  SnGeoAreas *areas = sn_geo_areas_load (geojson, -1, "code", NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (areas);
  return areas;
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "cities", "beijing", name, NULL);
}

static SnGeoAreas *
load_beijing (void)
{
  g_autofree char *path = data_path ("districts.geojson");
  g_autoptr (GError) error = NULL;
  SnGeoAreas *areas = sn_geo_areas_load_file (path, "adcode", "name", &error);

  g_assert_no_error (error);
  g_assert_nonnull (areas);
  return areas;
}

/* Textbook crossing test over every ring, sharing no code with sn-geo.c. */
static gboolean
reference_contains (const SnGeoArea *area, double lat, double lon)
{
  gboolean inside = FALSE;

  for (guint p = 0; p < area->n_polygons; p++)
    for (guint r = 0; r < area->polygons[p].n_rings; r++)
      {
        const SnGeoRing *ring = &area->polygons[p].rings[r];

        for (guint i = 0, j = ring->n_points - 1; i < ring->n_points; j = i++)
          {
            const SnGeoPoint *a = &ring->points[i], *b = &ring->points[j];

            if ((a->y > lat) != (b->y > lat)
                && lon < (b->x - a->x) * (lat - a->y) / (b->y - a->y) + a->x)
              inside = !inside;
          }
      }
  return inside;
}

static const char *
locate_code (const SnGeoAreas *areas, double lat, double lon)
{
  const SnGeoArea *area = sn_geo_locate (areas, lat, lon);

  return area != NULL ? area->code : NULL;
}

/* ---- GCJ-02 ----------------------------------------------------------------------------- */

/* Published pairs for the same (leaked, widely reimplemented) forward algorithm:
 *  - googollee/eviltransform, c/test.c and go/transform_test.go (Shanghai, Shenzhen,
 *    Beijing near Xidan), MIT/BSD-2 project;
 *  - wandergis/coordtransform, test/app.js: wgs84togcj02(116.404, 39.915) in Beijing. */
static void
test_gcj02_forward_reference (void)
{
  static const double pairs[][4] = {
    /* wgs lat, wgs lon, gcj lat, gcj lon */
    { 31.1774276, 121.5272106, 31.17530398364597, 121.531541859215 },
    { 22.543847, 113.912316, 22.540796131694766, 113.9171764808363 },
    { 39.911954, 116.377817, 39.91334545536069, 116.38404722455657 },
    { 39.915, 116.404, 39.91640428150164, 116.41024449916938 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      double lat, lon, back_lat, back_lon;

      sn_geo_wgs84_to_gcj02 (pairs[i][0], pairs[i][1], &lat, &lon);
      g_assert_cmpfloat_with_epsilon (lat, pairs[i][2], 1e-9);
      g_assert_cmpfloat_with_epsilon (lon, pairs[i][3], 1e-9);
      /* and back, to within 1e-7° (about 1 cm) */
      sn_geo_gcj02_to_wgs84 (pairs[i][2], pairs[i][3], &back_lat, &back_lon);
      g_assert_cmpfloat_with_epsilon (back_lat, pairs[i][0], 1e-7);
      g_assert_cmpfloat_with_epsilon (back_lon, pairs[i][1], 1e-7);
    }
}

/* coordtransform's gcj02towgs84(116.404, 39.915) is the one-step approximation,
 * [116.39775550083061, 39.91359571849836]: it maps forward to 6 cm from the target here,
 * the iteration to under 1 mm. */
static void
test_gcj02_inverse_beats_one_step (void)
{
  double lat, lon, fwd_lat, fwd_lon, one_lat, one_lon, d_iter, d_one;

  sn_geo_gcj02_to_wgs84 (39.915, 116.404, &lat, &lon);
  g_assert_cmpfloat (sn_geo_distance_m (lat, lon, 39.91359571849836, 116.39775550083061), <, 5.0);
  sn_geo_wgs84_to_gcj02 (lat, lon, &fwd_lat, &fwd_lon);
  sn_geo_wgs84_to_gcj02 (39.91359571849836, 116.39775550083061, &one_lat, &one_lon);
  d_iter = sn_geo_distance_m (fwd_lat, fwd_lon, 39.915, 116.404);
  d_one = sn_geo_distance_m (one_lat, one_lon, 39.915, 116.404);
  g_assert_cmpfloat (d_iter, <, 0.001);
  g_assert_cmpfloat (d_one, >, 0.01);
  g_assert_cmpfloat (d_one, >, 100.0 * d_iter);
}

static void
test_gcj02_roundtrip_random (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (12345);

  for (guint i = 0; i < 20000; i++)
    {
      double lat = g_rand_double_range (rand, 18.0, 53.0);
      double lon = g_rand_double_range (rand, 74.0, 134.0);
      double glat, glon, wlat, wlon, flat, flon, offset;
      guint iterations;

      sn_geo_wgs84_to_gcj02 (lat, lon, &glat, &glon);
      offset = sn_geo_distance_m (lat, lon, glat, glon);
      g_assert_cmpfloat (offset, >, 1.0);
      g_assert_cmpfloat (offset, <, 1500.0);
      iterations = sn_geo_gcj02_to_wgs84 (glat, glon, &wlat, &wlon);
      g_assert_cmpuint (iterations, >=, 1);
      g_assert_cmpuint (iterations, <=, SN_GEO_GCJ02_MAX_ITERATIONS);
      g_assert_cmpfloat (fabs (wlat - lat), <, 1e-7);
      g_assert_cmpfloat (fabs (wlon - lon), <, 1e-7);
      sn_geo_wgs84_to_gcj02 (wlat, wlon, &flat, &flon);
      g_assert_cmpfloat (fabs (flat - glat), <, SN_GEO_GCJ02_TOLERANCE);
      g_assert_cmpfloat (fabs (flon - glon), <, SN_GEO_GCJ02_TOLERANCE);
    }
}

static void
test_gcj02_outside_china (void)
{
  static const double points[][2] = {
    { 51.5074, -0.1278 }, /* London */
    { 40.7128, -74.0060 }, /* New York */
    { 34.0522, -118.2437 }, { 0.0, 0.0 }, { 60.0, 100.0 }, /* north of the rectangle */
    { 35.0, 140.0 }, /* east of it (Japan) */
    { 0.5, 110.0 }, /* south of it */
  };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double lat, lon;

      g_assert_false (sn_geo_in_china (points[i][0], points[i][1]));
      sn_geo_wgs84_to_gcj02 (points[i][0], points[i][1], &lat, &lon);
      g_assert_cmpfloat (lat, ==, points[i][0]);
      g_assert_cmpfloat (lon, ==, points[i][1]);
      g_assert_cmpuint (sn_geo_gcj02_to_wgs84 (points[i][0], points[i][1], &lat, &lon), ==, 0);
      g_assert_cmpfloat (lat, ==, points[i][0]);
      g_assert_cmpfloat (lon, ==, points[i][1]);
    }
  g_assert_true (sn_geo_in_china (39.9, 116.4));
  g_assert_false (sn_geo_in_china (NAN, 116.4));
}

/* ---- point in polygon ------------------------------------------------------------------- */

#define SQUARE_WITH_HOLE                                                                           \
  "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","                           \
  "\"properties\":{\"code\":\"sq\",\"name\":\"square\"},"                                          \
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":["                                           \
  "[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[4,6],[6,6],[6,4],[4,4]]]}}]}"

static void
test_pip_square_with_hole (void)
{
  g_autoptr (SnGeoAreas) areas = load_ok (SQUARE_WITH_HOLE);
  const SnGeoArea *sq = sn_geo_areas_get (areas, 0);
  static const struct
  {
    double lat, lon;
    gboolean inside;
  } cases[] = {
    { 2, 2, TRUE },      { 8, 8, TRUE },   { 5, 2, TRUE },   { 2, 5, TRUE },
    { 5, 5, FALSE }, /* in the hole */
    { 4.5, 5.5, FALSE }, { 5, 11, FALSE }, { 5, -1, FALSE }, { -1, 5, FALSE },
    { 11, 5, FALSE },    { 5, 3.9, TRUE }, { 5, 6.1, TRUE }, /* either side of the hole */
  };

  g_assert_cmpuint (sq->n_polygons, ==, 1);
  g_assert_cmpuint (sq->polygons[0].n_rings, ==, 2);
  g_assert_cmpuint (sq->polygons[0].rings[0].n_points, ==, 4); /* closing point not stored */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (sn_geo_area_contains (sq, cases[i].lat, cases[i].lon), ==, cases[i].inside);
      g_assert_true ((sn_geo_locate (areas, cases[i].lat, cases[i].lon) == sq) == cases[i].inside);
    }
  g_assert_cmpfloat (sq->bbox.min_lon, ==, 0.0);
  g_assert_cmpfloat (sq->bbox.max_lat, ==, 10.0);
  g_assert_false (sn_geo_area_contains (sq, NAN, 5.0));
  g_assert_null (sn_geo_locate (areas, 5.0, NAN));
}

/* Four unit squares meeting at (1, 1): every point of a shared edge, and the shared vertex,
 * belongs to exactly one of them. */
static void
test_pip_shared_edges (void)
{
  g_autoptr (SnGeoAreas) areas = load_ok (
      "{\"type\":\"FeatureCollection\",\"features\":["
      "{\"type\":\"Feature\",\"properties\":{\"code\":\"sw\"},\"geometry\":{\"type\":\"Polygon\","
      "\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}},"
      "{\"type\":\"Feature\",\"properties\":{\"code\":\"se\"},\"geometry\":{\"type\":\"Polygon\","
      "\"coordinates\":[[[1,0],[2,0],[2,1],[1,1]]]}},"
      "{\"type\":\"Feature\",\"properties\":{\"code\":\"nw\"},\"geometry\":{\"type\":\"Polygon\","
      "\"coordinates\":[[[0,1],[1,1],[1,2],[0,2]]]}},"
      "{\"type\":\"Feature\",\"properties\":{\"code\":\"ne\"},\"geometry\":{\"type\":\"Polygon\","
      "\"coordinates\":[[[1,1],[1,2],[2,2],[2,1]]]}}]}");
  static const double points[][2] = {
    { 1, 1 }, { 0.5, 1 }, { 1.5, 1 }, { 1, 0.5 }, { 1, 1.5 }, { 0.25, 1 }, { 1, 0.75 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      guint owners = 0;

      for (guint a = 0; a < sn_geo_areas_get_n_areas (areas); a++)
        owners += sn_geo_area_contains (sn_geo_areas_get (areas, a), points[i][0], points[i][1]);
      g_assert_cmpuint (owners, ==, 1);
      g_assert_nonnull (sn_geo_locate (areas, points[i][0], points[i][1]));
    }
  /* the convention: a boundary point goes to the area above / to the right of it */
  g_assert_cmpstr (locate_code (areas, 1, 1), ==, "ne");
  g_assert_cmpstr (locate_code (areas, 0.5, 0.5), ==, "sw");
  g_assert_cmpstr (locate_code (areas, 0, 0.5), ==, "sw"); /* outer bottom edge */
  g_assert_null (locate_code (areas, 2, 0.5)); /* outer top edge */
  g_assert_null (locate_code (areas, 0.5, 2)); /* outer right edge */
  g_assert_null (locate_code (areas, 2.5, 2.5));
}

/* Rays that run along horizontal edges or through vertices. */
static void
test_pip_vertices_and_horizontal_edges (void)
{
  g_autoptr (SnGeoAreas) areas = load_ok (
      "{\"type\":\"FeatureCollection\",\"features\":["
      "{\"type\":\"Feature\",\"properties\":{\"code\":\"L\"},\"geometry\":{\"type\":\"Polygon\","
      "\"coordinates\":[[[0,0],[4,0],[4,2],[2,2],[2,4],[0,4],[0,0]]]}},"
      "{\"type\":\"Feature\",\"properties\":{\"code\":\"diamond\"},\"geometry\":{\"type\":"
      "\"Polygon\",\"coordinates\":[[[10,-1],[11,0],[10,1],[9,0],[10,-1]]]}}]}");
  const SnGeoArea *l = sn_geo_areas_find (areas, "L");
  const SnGeoArea *diamond = sn_geo_areas_find (areas, "diamond");

  g_assert_nonnull (l);
  g_assert_nonnull (diamond);
  /* (lat, lon): the ray from (2, 1) runs along the horizontal edge (2,2)–(4,2) */
  g_assert_true (sn_geo_area_contains (l, 2, 1));
  g_assert_true (sn_geo_area_contains (l, 1, 3));
  g_assert_true (sn_geo_area_contains (l, 1.999999, 3));
  g_assert_false (sn_geo_area_contains (l, 2.000001, 3));
  g_assert_false (sn_geo_area_contains (l, 3, 3));
  g_assert_false (sn_geo_area_contains (l, 2, 5));
  g_assert_false (sn_geo_area_contains (l, 2, -1));
  g_assert_false (sn_geo_area_contains (l, 4, 1)); /* on the top edge: half-open */
  g_assert_true (sn_geo_area_contains (l, 0, 1)); /* on the bottom edge */
  /* rays through the diamond's left and right vertices */
  g_assert_true (sn_geo_area_contains (diamond, 0, 9.5));
  g_assert_true (sn_geo_area_contains (diamond, 0, 10.9));
  g_assert_false (sn_geo_area_contains (diamond, 0, 8.0));
  g_assert_false (sn_geo_area_contains (diamond, 0, 11.0));
  g_assert_false (sn_geo_area_contains (diamond, 0.99, 10.5));
  g_assert_true (sn_geo_area_contains (diamond, 0.4, 10.5));
  g_assert_true (sn_geo_locate (areas, 0, 9.5) == diamond);
  g_assert_true (sn_geo_locate (areas, 2, 1) == l);
}

static void
test_pip_multipolygon_and_spike (void)
{
  /* two parts; the first ring has a zero-width spike (a real quirk of the ECharts data) and
   * a repeated vertex */
  g_autoptr (SnGeoAreas) areas = load_ok (
      "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
      "\"properties\":{\"code\":\"m\"},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
      "[[[0,0],[2,0],[2,1],[3,1],[2,1],[2,2],[2,2],[0,2],[0,0]]],"
      "[[[5,5],[6,5],[6,6],[5,6],[5,5]]]]}}]}");
  const SnGeoArea *m = sn_geo_areas_get (areas, 0);

  g_assert_cmpuint (m->n_polygons, ==, 2);
  g_assert_true (sn_geo_area_contains (m, 0.5, 1));
  g_assert_true (sn_geo_area_contains (m, 5.5, 5.5));
  g_assert_false (sn_geo_area_contains (m, 1, 2.5)); /* beside the spike */
  g_assert_false (sn_geo_area_contains (m, 3, 3)); /* between the parts */
  g_assert_true (sn_geo_locate (areas, 5.5, 5.5) == m);
  g_assert_null (sn_geo_locate (areas, 3, 3));
}

/* ---- loading ---------------------------------------------------------------------------- */

#define FEATURE_WITH(props, geometry)                                                              \
  "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":" props      \
  ",\"geometry\":" geometry "}]}"
#define GOOD_PROPS "{\"code\":\"a\"}"
#define POLYGON(ring) "{\"type\":\"Polygon\",\"coordinates\":[" ring "]}"
#define GOOD_RING "[[0,0],[1,0],[1,1],[0,0]]"

static void
test_load_bad (void)
{
  static const struct
  {
    const char *json;
    SnGeoError code;
    const char *fragment;
  } cases[] = {
    { "not json", SN_GEO_ERROR_PARSE, "Cannot read GeoJSON" },
    { "[1, 2]", SN_GEO_ERROR_INVALID, "FeatureCollection" },
    { "{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}", SN_GEO_ERROR_INVALID,
      "FeatureCollection" },
    { "{\"type\":\"FeatureCollection\",\"features\":[]}", SN_GEO_ERROR_INVALID, "empty" },
    { "{\"type\":\"FeatureCollection\"}", SN_GEO_ERROR_INVALID, "features" },
    { "{\"type\":\"FeatureCollection\",\"features\":[1]}", SN_GEO_ERROR_INVALID,
      "features[0] is not a Feature" },
    { FEATURE_WITH (GOOD_PROPS, "{\"type\":\"Point\",\"coordinates\":[1,2]}"), SN_GEO_ERROR_INVALID,
      "“Point”" },
    { FEATURE_WITH (GOOD_PROPS, "null"), SN_GEO_ERROR_INVALID, "no geometry" },
    { FEATURE_WITH (GOOD_PROPS, POLYGON ("[[0,0],[1,0],[0,0]]")), SN_GEO_ERROR_INVALID,
      "coordinates[0] is a ring of fewer than 3" },
    { FEATURE_WITH (GOOD_PROPS, "{\"type\":\"Polygon\",\"coordinates\":[]}"), SN_GEO_ERROR_INVALID,
      "coordinates is empty" },
    { FEATURE_WITH (GOOD_PROPS, "{\"type\":\"MultiPolygon\",\"coordinates\":[[" GOOD_RING "],7]}"),
      SN_GEO_ERROR_INVALID, "coordinates[1] is not an array" },
    { FEATURE_WITH (GOOD_PROPS, POLYGON ("[[0,0],[1,NaN],[1,1],[0,0]]")), SN_GEO_ERROR_PARSE,
      "Cannot read GeoJSON" },
    { FEATURE_WITH (GOOD_PROPS, POLYGON ("[[0,0],[1,1e999],[1,1],[0,0]]")), SN_GEO_ERROR_COORDINATE,
      "coordinates[0][1]" },
    { FEATURE_WITH (GOOD_PROPS, POLYGON ("[[0,0],[1,95],[1,1],[0,0]]")), SN_GEO_ERROR_COORDINATE,
      "(1, 95)" },
    { FEATURE_WITH (GOOD_PROPS, POLYGON ("[[0,0],[181,0],[1,1],[0,0]]")), SN_GEO_ERROR_COORDINATE,
      "coordinates[0][1]" },
    { FEATURE_WITH (GOOD_PROPS, POLYGON ("[[0,0],[1],[1,1],[0,0]]")), SN_GEO_ERROR_COORDINATE,
      "coordinates[0][1] is not a position" },
    { FEATURE_WITH (GOOD_PROPS, POLYGON ("[[0,0],[\"1\",\"0\"],[1,1],[0,0]]")),
      SN_GEO_ERROR_COORDINATE, "is not a position" },
    { FEATURE_WITH (GOOD_PROPS, POLYGON ("[[0,0],[true,0],[1,1],[0,0]]")), SN_GEO_ERROR_COORDINATE,
      "is not a position" },
    { FEATURE_WITH ("{\"name\":\"x\"}", POLYGON (GOOD_RING)), SN_GEO_ERROR_PROPERTY,
      "features[0] has no “code” property" },
    { FEATURE_WITH ("null", POLYGON (GOOD_RING)), SN_GEO_ERROR_PROPERTY, "“code”" },
    { FEATURE_WITH ("{\"code\":\"\"}", POLYGON (GOOD_RING)), SN_GEO_ERROR_PROPERTY, "“code”" },
    { FEATURE_WITH ("{\"code\":true}", POLYGON (GOOD_RING)), SN_GEO_ERROR_PROPERTY,
      "not a string or an integer" },
    { FEATURE_WITH ("{\"code\":1.5}", POLYGON (GOOD_RING)), SN_GEO_ERROR_PROPERTY,
      "not a string or an integer" },
    { FEATURE_WITH ("{\"code\":\"a\",\"name\":[1]}", POLYGON (GOOD_RING)), SN_GEO_ERROR_PROPERTY,
      "“name”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SnGeoAreas) areas = sn_geo_areas_load (cases[i].json, -1, "code", NULL, &error);

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_null (areas);
      g_assert_error (error, SN_GEO_ERROR, (int) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].fragment));
    }
}

/* A later bad feature fails the whole load; codes must be unique. */
static void
test_load_all_or_nothing (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SnGeoAreas) dup = NULL;
  g_autoptr (SnGeoAreas) later = NULL;

  dup = sn_geo_areas_load (
      "{\"type\":\"FeatureCollection\",\"features\":["
      "{\"type\":\"Feature\",\"properties\":{\"code\":7},\"geometry\":" POLYGON (
          GOOD_RING) "},"
                     "{\"type\":\"Feature\",\"properties\":{\"code\":\"7\"},\"geometry\":" POLYGON (
                         GOOD_RING) "}]}",
      -1, "code", NULL, &error);
  g_assert_null (dup);
  g_assert_error (error, SN_GEO_ERROR, SN_GEO_ERROR_PROPERTY);
  g_assert_nonnull (strstr (error->message, "features[1]: “code” 7 is already used by "
                                            "features[0]"));
  g_clear_error (&error);

  later = sn_geo_areas_load (
      "{\"type\":\"FeatureCollection\",\"features\":["
      "{\"type\":\"Feature\",\"properties\":{\"code\":\"a\"},\"geometry\":" POLYGON (
          GOOD_RING) "},{\"type\":\"Feature\",\"properties\":{\"code\":\"b\"},\"geometry\":"
                     "{\"type\":\"MultiPolygon\",\"coordinates\":[[" GOOD_RING
                     "],[[[0,0],[1,0],[1,-91]]]]}}]}",
      -1, "code", NULL, &error);
  g_assert_null (later);
  g_assert_error (error, SN_GEO_ERROR, SN_GEO_ERROR_COORDINATE);
  g_assert_nonnull (strstr (error->message, "features[1].geometry.coordinates[1][0][2]"));
}

static void
test_load_limits (void)
{
  gsize size = SN_GEO_MAX_GEOJSON_BYTES + 1;
  g_autofree char *big = g_malloc (size);
  g_autoptr (GString) deep = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SnGeoAreas) areas = NULL;

  memset (big, ' ', size);
  areas = sn_geo_areas_load (big, (gssize) size, "code", NULL, &error);
  g_assert_null (areas);
  g_assert_error (error, SN_GEO_ERROR, SN_GEO_ERROR_PARSE);
  g_clear_error (&error);

  for (guint i = 0; i < SN_GEO_MAX_DEPTH + 1; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < SN_GEO_MAX_DEPTH + 1; i++)
    g_string_append_c (deep, ']');
  areas = sn_geo_areas_load (deep->str, (gssize) deep->len, "code", NULL, &error);
  g_assert_null (areas);
  g_assert_error (error, SN_GEO_ERROR, SN_GEO_ERROR_PARSE);
}

/* An unclosed ring is the same area as the closed one; integer codes become strings. */
static void
test_load_unclosed_and_integer_code (void)
{
  g_autoptr (SnGeoAreas)
      open_ring = load_ok (FEATURE_WITH ("{\"code\":42}", POLYGON ("[[0,0],[1,0],[1,1],[0,1]]")));
  g_autoptr (SnGeoAreas) closed = load_ok (
      FEATURE_WITH ("{\"code\":42}", POLYGON ("[[0,0],[1,0],[1,1],[0,1],[0,0]]")));
  const SnGeoArea *a = sn_geo_areas_get (open_ring, 0), *b = sn_geo_areas_get (closed, 0);

  g_assert_cmpstr (a->code, ==, "42");
  g_assert_cmpstr (a->name, ==, "42"); /* no name property: the code */
  g_assert_true (sn_geo_areas_find (open_ring, "42") == a);
  g_assert_null (sn_geo_areas_find (open_ring, "43"));
  g_assert_cmpuint (a->polygons[0].rings[0].n_points, ==, 4);
  g_assert_cmpuint (b->polygons[0].rings[0].n_points, ==, 4);
  g_assert_cmpfloat (a->area_km2, ==, b->area_km2);
  g_assert_true (sn_geo_area_contains (a, 0.5, 0.5));
  g_assert_false (sn_geo_area_contains (a, 1.5, 0.5));
}

/* A 1° × 1° cell at the equator is 111.32 km × 110.57 km on WGS-84 (12,308.6 km²). */
static void
test_area_and_centroid (void)
{
  g_autoptr (SnGeoAreas)
      cell = load_ok (FEATURE_WITH (GOOD_PROPS, POLYGON ("[[0,0],[1,0],[1,1],[0,1],[0,0]]")));
  g_autoptr (SnGeoAreas) l_shape = load_ok (
      FEATURE_WITH (GOOD_PROPS, POLYGON ("[[0,0],[0.04,0],[0.04,0.02],[0.02,0.02],[0.02,0.04],"
                                         "[0,0.04]]")));
  g_autoptr (SnGeoAreas) holed = load_ok (
      FEATURE_WITH (GOOD_PROPS, "{\"type\":\"Polygon\",\"coordinates\":["
                                "[[0,0],[0,0.1],[0.1,0.1],[0.1,0]],"
                                "[[0.06,0.06],[0.08,0.06],[0.08,0.08],[0.06,0.08]]]}"));
  const SnGeoArea *c = sn_geo_areas_get (cell, 0);
  const SnGeoArea *l = sn_geo_areas_get (l_shape, 0);
  const SnGeoArea *h = sn_geo_areas_get (holed, 0);

  g_assert_cmpfloat_with_epsilon (c->area_km2, 12308.6, 12308.6 * 0.001);
  g_assert_cmpfloat_with_epsilon (c->centroid_lon, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->centroid_lat, 0.5, 1e-9);
  /* L of 12 unit cells: centroid (20/12, 20/12) units of 0.01° */
  g_assert_cmpfloat_with_epsilon (l->centroid_lon, 0.01 * 20.0 / 12.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (l->centroid_lat, 0.01 * 20.0 / 12.0, 1e-9);
  /* 10 × 10 minus a 2 × 2 hole centred on (7, 7): (500 − 28) / 96 */
  g_assert_cmpfloat_with_epsilon (h->centroid_lon, 0.01 * 472.0 / 96.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (h->centroid_lat, 0.01 * 472.0 / 96.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (h->area_km2, c->area_km2 * 0.0096, c->area_km2 * 1e-5);
}

static void
test_write_roundtrip (void)
{
  g_autoptr (SnGeoAreas) areas = load_ok (
      "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
      "{\"code\":\"q\",\"name\":\"东城区 \\\"q\\\" \\\\ \\n\",\"n\":3,\"x\":0.1,\"cp\":"
      "[116.418757,39.917544],\"b\":true,\"z\":null,\"o\":{\"k\":[1,2.5]}},\"geometry\":"
      "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[116.1234567,39.1],[116.2,39.1],"
      "[116.2,39.2]]],[[[117,40],[117.1,40],[117.1,40.1],[117,40.1],[117,40]],"
      "[[117.02,40.02],[117.02,40.04],[117.04,40.04],[117.04,40.02]]]]}}]}");
  g_autofree char *text = NULL;
  g_autoptr (SnGeoAreas) again = NULL;
  g_autoptr (GError) error = NULL;
  const SnGeoArea *a, *b;
  gsize length;

  text = sn_geo_areas_to_geojson (areas, &length);
  g_assert_cmpuint (length, ==, strlen (text));
  g_assert_nonnull (strstr (text, "[116.123457,39.100000]")); /* 6 decimals */
  g_assert_nonnull (strstr (text, "\"cp\":[116.418757,39.917544]"));
  g_assert_nonnull (strstr (text, "\"x\":0.1,"));
  g_assert_nonnull (strstr (text, "\"type\":\"MultiPolygon\""));
  again = sn_geo_areas_load (text, (gssize) length, "code", NULL, &error);
  g_assert_no_error (error);
  a = sn_geo_areas_get (areas, 0);
  b = sn_geo_areas_get (again, 0);
  g_assert_cmpstr (b->name, ==, a->name);
  g_assert_cmpuint (b->n_polygons, ==, 2);
  g_assert_cmpuint (b->polygons[1].n_rings, ==, 2);
  g_assert_cmpuint (b->polygons[0].rings[0].n_points, ==, 3);
  g_assert_cmpfloat_with_epsilon (b->polygons[0].rings[0].points[0].x, 116.123457, 1e-12);
  g_assert_cmpint (json_object_get_int_member (b->properties, "n"), ==, 3);
  g_assert_cmpfloat (json_object_get_double_member (b->properties, "x"), ==, 0.1);
  g_assert_true (json_object_get_boolean_member (b->properties, "b"));
  g_assert_true (json_object_get_null_member (b->properties, "z"));
  g_assert_cmpfloat (
      json_array_get_double_element (
          json_object_get_array_member (json_object_get_object_member (b->properties, "o"), "k"),
          1),
      ==, 2.5);
  g_assert_cmpfloat_with_epsilon (b->area_km2, a->area_km2, a->area_km2 * 1e-4);
}

/* ---- random points ---------------------------------------------------------------------- */

static void
test_random_square_with_hole (void)
{
  g_autoptr (SnGeoAreas) areas = load_ok (SQUARE_WITH_HOLE);
  const SnGeoArea *sq = sn_geo_areas_get (areas, 0);
  g_autoptr (GRand) r1 = g_rand_new_with_seed (7);
  g_autoptr (GRand) r2 = g_rand_new_with_seed (7);
  double sum_lon = 0.0;
  guint n = 20000;

  for (guint i = 0; i < n; i++)
    {
      double lat, lon, lat2, lon2;

      g_assert_true (sn_geo_area_random_point (sq, r1, &lat, &lon));
      g_assert_true (sn_geo_area_random_point (sq, r2, &lat2, &lon2));
      g_assert_cmpfloat (lat, ==, lat2); /* same seed, same points */
      g_assert_cmpfloat (lon, ==, lon2);
      g_assert_true (sn_geo_area_contains (sq, lat, lon));
      g_assert_false (lat > 4 && lat < 6 && lon > 4 && lon < 6);
      sum_lon += lon;
    }
  /* symmetric shape: the mean longitude is 5 ± a few standard errors (2.9/√n ≈ 0.02) */
  g_assert_cmpfloat (fabs (sum_lon / n - 5.0), <, 0.1);
}

static void
test_random_degenerate (void)
{
  g_autoptr (SnGeoAreas)
      areas = load_ok (FEATURE_WITH (GOOD_PROPS, POLYGON ("[[0,1],[1,1],[2,1],[0,1]]")));
  g_autoptr (GRand) rand = g_rand_new_with_seed (1);
  double lat = -1.0, lon = -1.0;

  g_assert_cmpfloat (sn_geo_areas_get (areas, 0)->area_km2, ==, 0.0);
  g_assert_false (sn_geo_area_random_point (sn_geo_areas_get (areas, 0), rand, &lat, &lon));
  g_assert_cmpfloat (lat, ==, -1.0);
}

/* ---- the Beijing pack ------------------------------------------------------------------- */

static void
test_beijing_districts (void)
{
  static const char *const adcodes[] = {
    "110101", "110102", "110105", "110106", "110107", "110108", "110109", "110111",
    "110112", "110113", "110114", "110115", "110116", "110117", "110118", "110119",
  };
  g_autoptr (SnGeoAreas) areas = load_beijing ();
  double total_km2 = 0.0;

  g_assert_cmpuint (sn_geo_areas_get_n_areas (areas), ==, G_N_ELEMENTS (adcodes));
  for (guint i = 0; i < G_N_ELEMENTS (adcodes); i++)
    {
      const SnGeoArea *area = sn_geo_areas_get (areas, i);
      JsonArray *cp = json_object_get_array_member (area->properties, "cp");
      double lon = json_array_get_double_element (cp, 0);
      double lat = json_array_get_double_element (cp, 1);

      g_assert_cmpstr (area->code, ==, adcodes[i]);
      g_assert_true (g_str_has_suffix (area->name, "区"));
      g_assert_true (sn_geo_area_contains (area, lat, lon));
      g_assert_true (sn_geo_locate (areas, lat, lon) == area);
      g_assert_cmpfloat (area->area_km2, >, 30.0);
      g_assert_true (area->centroid_lat > area->bbox.min_lat
                     && area->centroid_lat < area->bbox.max_lat);
      total_km2 += area->area_km2;
    }
  g_test_message ("Beijing total %.1f km²", total_km2);
  g_assert_cmpfloat (fabs (total_km2 - BEIJING_OFFICIAL_KM2) / BEIJING_OFFICIAL_KM2, <, 0.03);
  /* Tiananmen Square (WGS-84) is in 东城, Zhongguancun in 海淀, Badaling in 延庆 */
  g_assert_cmpstr (locate_code (areas, 39.9055, 116.3976), ==, "110101");
  g_assert_cmpstr (locate_code (areas, 39.9834, 116.3160), ==, "110108");
  g_assert_cmpstr (locate_code (areas, 40.3597, 116.0200), ==, "110119");
  g_assert_null (locate_code (areas, 39.1, 117.2)); /* Tianjin */
}

/* The source is quantised to 1/1024°, so forward (our WGS-84) lands back on that grid to
 * within the 6-decimal rounding: proof that the file is the inverse of the ECharts data. */
static void
test_beijing_is_inverse_of_source (void)
{
  g_autoptr (SnGeoAreas) areas = load_beijing ();
  double worst = 0.0;
  guint n = 0;

  for (guint a = 0; a < sn_geo_areas_get_n_areas (areas); a++)
    {
      const SnGeoArea *area = sn_geo_areas_get (areas, a);

      for (guint p = 0; p < area->n_polygons; p++)
        for (guint r = 0; r < area->polygons[p].n_rings; r++)
          for (guint i = 0; i < area->polygons[p].rings[r].n_points; i++)
            {
              const SnGeoPoint *w = &area->polygons[p].rings[r].points[i];
              double lat, lon;

              sn_geo_wgs84_to_gcj02 (w->y, w->x, &lat, &lon);
              worst = MAX (worst, fabs (lat * 1024.0 - round (lat * 1024.0)));
              worst = MAX (worst, fabs (lon * 1024.0 - round (lon * 1024.0)));
              n++;
            }
    }
  g_test_message ("%u vertices, worst distance from the 1/1024° grid %.2e grid steps", n, worst);
  g_assert_cmpuint (n, >, 9000);
  g_assert_cmpfloat (worst, <, 1e-3);
}

/* The grid index answers exactly like a scan with an independent crossing test, for random
 * points and for every vertex (the hardest points: on the boundaries). */
static void
test_beijing_locate_matches_reference (void)
{
  g_autoptr (SnGeoAreas) areas = load_beijing ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (2020);
  SnGeoBBox bbox = sn_geo_areas_get_bbox (areas);
  guint located = 0, n = 50000;

  for (guint i = 0; i < n; i++)
    {
      double lat = g_rand_double_range (rand, bbox.min_lat - 0.05, bbox.max_lat + 0.05);
      double lon = g_rand_double_range (rand, bbox.min_lon - 0.05, bbox.max_lon + 0.05);
      const SnGeoArea *expected = NULL;

      for (guint a = 0; a < sn_geo_areas_get_n_areas (areas) && expected == NULL; a++)
        if (reference_contains (sn_geo_areas_get (areas, a), lat, lon))
          expected = sn_geo_areas_get (areas, a);
      g_assert_true (sn_geo_locate (areas, lat, lon) == expected);
      located += expected != NULL;
    }
  /* Beijing fills about half of its bbox */
  g_assert_cmpuint (located, >, n / 3);
  for (guint a = 0; a < sn_geo_areas_get_n_areas (areas); a++)
    {
      const SnGeoRing *ring = &sn_geo_areas_get (areas, a)->polygons[0].rings[0];

      for (guint i = 0; i < ring->n_points; i++)
        {
          double lat = ring->points[i].y, lon = ring->points[i].x;
          const SnGeoArea *expected = NULL;

          for (guint b = 0; b < sn_geo_areas_get_n_areas (areas) && expected == NULL; b++)
            if (sn_geo_area_contains (sn_geo_areas_get (areas, b), lat, lon))
              expected = sn_geo_areas_get (areas, b);
          g_assert_true (sn_geo_locate (areas, lat, lon) == expected);
        }
    }
}

/* The quantised source lets neighbours overlap by slivers (about 1 km² in all); there
 * sn_geo_locate() answers the first district in file order. */
static void
test_beijing_random_points (void)
{
  g_autoptr (SnGeoAreas) areas = load_beijing ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (110000);
  guint n = 0, in_earlier = 0;

  for (guint a = 0; a < sn_geo_areas_get_n_areas (areas); a++)
    {
      const SnGeoArea *area = sn_geo_areas_get (areas, a);

      for (guint i = 0; i < 1000; i++, n++)
        {
          const SnGeoArea *located;
          double lat, lon;

          g_assert_true (sn_geo_area_random_point (area, rand, &lat, &lon));
          g_assert_true (sn_geo_area_contains (area, lat, lon));
          g_assert_true (reference_contains (area, lat, lon));
          located = sn_geo_locate (areas, lat, lon);
          g_assert_nonnull (located);
          if (located != area)
            {
              g_assert_true (located < area); /* an earlier district that overlaps */
              g_assert_true (reference_contains (located, lat, lon));
              in_earlier++;
            }
        }
    }
  g_test_message ("%u of %u random points also lie in an earlier district", in_earlier, n);
  g_assert_cmpuint (in_earlier, <, n / 1000);
}

/* districts.json names the same 16 districts, with census populations that add up to the
 * published city total, and street offices for the simulator. */
static void
test_beijing_districts_json (void)
{
  g_autoptr (SnGeoAreas) areas = load_beijing ();
  g_autofree char *path = data_path ("districts.json");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GHashTable) streets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  JsonArray *districts;
  gint64 population = 0;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  districts = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "districts");
  g_assert_cmpuint (json_array_get_length (districts), ==, sn_geo_areas_get_n_areas (areas));
  for (guint i = 0; i < json_array_get_length (districts); i++)
    {
      JsonObject *d = json_array_get_object_element (districts, i);
      const SnGeoArea *area = sn_geo_areas_find (areas,
                                                 json_object_get_string_member (d, "adcode"));
      JsonArray *names = json_object_get_array_member (d, "streets");

      g_assert_nonnull (area);
      g_assert_cmpstr (json_object_get_string_member (d, "name"), ==, area->name);
      g_assert_cmpstr (json_object_get_string_member (d, "name_en"), !=, "");
      g_assert_cmpint (json_object_get_int_member (d, "population"), >, 300000);
      population += json_object_get_int_member (d, "population");
      g_assert_cmpuint (json_array_get_length (names), >=, 5);
      for (guint k = 0; k < json_array_get_length (names); k++)
        {
          const char *s = json_array_get_string_element (names, k);

          g_assert_true (g_str_has_suffix (s, "街道") || g_str_has_suffix (s, "镇")
                         || g_str_has_suffix (s, "乡") || g_str_has_suffix (s, "地区"));
          g_assert_true (g_hash_table_add (streets, (gpointer) s)); /* no repeats */
        }
    }
  g_assert_cmpint (population, ==, BEIJING_POPULATION_2020);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geo/gcj02/forward-reference", test_gcj02_forward_reference);
  g_test_add_func ("/geo/gcj02/inverse-beats-one-step", test_gcj02_inverse_beats_one_step);
  g_test_add_func ("/geo/gcj02/roundtrip-random", test_gcj02_roundtrip_random);
  g_test_add_func ("/geo/gcj02/outside-china", test_gcj02_outside_china);
  g_test_add_func ("/geo/pip/square-with-hole", test_pip_square_with_hole);
  g_test_add_func ("/geo/pip/shared-edges", test_pip_shared_edges);
  g_test_add_func ("/geo/pip/vertices-horizontal-edges", test_pip_vertices_and_horizontal_edges);
  g_test_add_func ("/geo/pip/multipolygon-spike", test_pip_multipolygon_and_spike);
  g_test_add_func ("/geo/load/bad", test_load_bad);
  g_test_add_func ("/geo/load/all-or-nothing", test_load_all_or_nothing);
  g_test_add_func ("/geo/load/limits", test_load_limits);
  g_test_add_func ("/geo/load/unclosed-integer-code", test_load_unclosed_and_integer_code);
  g_test_add_func ("/geo/area-centroid", test_area_and_centroid);
  g_test_add_func ("/geo/write/roundtrip", test_write_roundtrip);
  g_test_add_func ("/geo/random/square-with-hole", test_random_square_with_hole);
  g_test_add_func ("/geo/random/degenerate", test_random_degenerate);
  g_test_add_func ("/geo/beijing/districts", test_beijing_districts);
  g_test_add_func ("/geo/beijing/inverse-of-source", test_beijing_is_inverse_of_source);
  g_test_add_func ("/geo/beijing/locate-matches-reference", test_beijing_locate_matches_reference);
  g_test_add_func ("/geo/beijing/random-points", test_beijing_random_points);
  g_test_add_func ("/geo/beijing/districts-json", test_beijing_districts_json);

  return g_test_run ();
}
