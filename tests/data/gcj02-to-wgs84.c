/* gcj02-to-wgs84.c — converts a GCJ-02 GeoJSON FeatureCollection to WGS-84 and reports
 * how far the vertices moved and how well the result maps back
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gcj02-to-wgs84 [--code-key KEY] INPUT.geojson OUTPUT.geojson
 *
 * Every vertex goes through sn_geo_gcj02_to_wgs84(); a "cp" property (ECharts' label point,
 * [lon, lat]) is converted the same way.  Coordinates are written with 6 decimals.  The
 * statistics on stdout are measured against the file as written (after rounding): the
 * shift applied, and the round trip forward (written WGS-84) − original GCJ-02.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sn-geo.h"

typedef struct
{
  double max_shift_m, sum_shift_m;
  double max_roundtrip_m, sum_roundtrip_m;
  guint n;
} Stats;

static void
to_wgs84 (double lat, double lon, double *out_lat, double *out_lon, gpointer user_data)
{
  guint *max_iterations = user_data;

  *max_iterations = MAX (*max_iterations, sn_geo_gcj02_to_wgs84 (lat, lon, out_lat, out_lon));
}

static double
round6 (double v)
{
  return round (v * 1e6) / 1e6;
}

/* Replaces a [lon, lat] "cp" property by its WGS-84 position. */
static void
convert_label_point (JsonObject *props)
{
  JsonArray *cp, *converted;
  double lat, lon;

  if (!json_object_has_member (props, "cp")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (props, "cp")))
    return;
  cp = json_object_get_array_member (props, "cp");
  if (json_array_get_length (cp) != 2)
    return;
  sn_geo_gcj02_to_wgs84 (json_array_get_double_element (cp, 1),
                         json_array_get_double_element (cp, 0), &lat, &lon);
  converted = json_array_new ();
  json_array_add_double_element (converted, round6 (lon));
  json_array_add_double_element (converted, round6 (lat));
  json_object_set_array_member (props, "cp", converted);
}

static void
measure_ring (const SnGeoRing *gcj, const SnGeoRing *wgs, Stats *stats)
{
  g_assert (gcj->n_points == wgs->n_points);
  for (guint i = 0; i < gcj->n_points; i++)
    {
      const SnGeoPoint *g = &gcj->points[i], *w = &wgs->points[i];
      double back_lat, back_lon, shift, trip;

      sn_geo_wgs84_to_gcj02 (w->y, w->x, &back_lat, &back_lon);
      shift = sn_geo_distance_m (g->y, g->x, w->y, w->x);
      trip = sn_geo_distance_m (g->y, g->x, back_lat, back_lon);
      stats->max_shift_m = MAX (stats->max_shift_m, shift);
      stats->sum_shift_m += shift;
      stats->max_roundtrip_m = MAX (stats->max_roundtrip_m, trip);
      stats->sum_roundtrip_m += trip;
      stats->n++;
    }
}

static void
measure (const SnGeoAreas *gcj, const SnGeoAreas *wgs, Stats *stats)
{
  g_assert (sn_geo_areas_get_n_areas (gcj) == sn_geo_areas_get_n_areas (wgs));
  for (guint a = 0; a < sn_geo_areas_get_n_areas (gcj); a++)
    {
      const SnGeoArea *ga = sn_geo_areas_get (gcj, a), *wa = sn_geo_areas_get (wgs, a);

      g_assert (ga->n_polygons == wa->n_polygons);
      for (guint p = 0; p < ga->n_polygons; p++)
        for (guint r = 0; r < ga->polygons[p].n_rings; r++)
          measure_ring (&ga->polygons[p].rings[r], &wa->polygons[p].rings[r], stats);
    }
}

static void
report (const SnGeoAreas *written, const Stats *stats, guint max_iterations)
{
  double total_km2 = 0.0;

  for (guint a = 0; a < sn_geo_areas_get_n_areas (written); a++)
    {
      const SnGeoArea *area = sn_geo_areas_get (written, a);

      printf ("%s\t%s\t%.1f km²\n", area->code, area->name, area->area_km2);
      total_km2 += area->area_km2;
    }
  printf ("areas: %u, total %.1f km²\n", sn_geo_areas_get_n_areas (written), total_km2);
  printf ("vertices: %u\n", stats->n);
  printf ("shift GCJ-02 → WGS-84: max %.1f m, mean %.1f m\n", stats->max_shift_m,
          stats->sum_shift_m / MAX (stats->n, 1));
  printf ("round trip forward(written) − original: max %.3f m, mean %.3f m\n",
          stats->max_roundtrip_m, stats->sum_roundtrip_m / MAX (stats->n, 1));
  printf ("inverse iterations: max %u\n", max_iterations);
}

static gboolean
convert (const char *input, const char *output, const char *code_key, GError **error)
{
  g_autoptr (SnGeoAreas) gcj = NULL;
  g_autoptr (SnGeoAreas) wgs = NULL;
  g_autoptr (SnGeoAreas) written = NULL;
  g_autofree char *text = NULL;
  Stats stats = { 0 };
  guint max_iterations = 0;
  gsize length;

  gcj = sn_geo_areas_load_file (input, code_key, NULL, error);
  if (gcj == NULL)
    return FALSE;
  wgs = sn_geo_areas_transform (gcj, to_wgs84, &max_iterations);
  for (guint a = 0; a < sn_geo_areas_get_n_areas (wgs); a++)
    convert_label_point (sn_geo_areas_get (wgs, a)->properties);
  text = sn_geo_areas_to_geojson (wgs, &length);
  if (!g_file_set_contents (output, text, (gssize) length, error))
    return FALSE;
  written = sn_geo_areas_load (text, (gssize) length, code_key, NULL, error);
  if (written == NULL)
    return FALSE;
  measure (gcj, written, &stats);
  report (written, &stats, max_iterations);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *code_key = NULL;
  GOptionEntry entries[] = {
    { "code-key", 0, 0, G_OPTION_ARG_STRING, &code_key, "Property that identifies a feature",
      "KEY" },
    { NULL },
  };

  context = g_option_context_new ("INPUT.geojson OUTPUT.geojson");
  g_option_context_set_summary (context, "Convert a GCJ-02 GeoJSON FeatureCollection to WGS-84.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3)
    {
      fprintf (stderr, "%s\n", error != NULL ? error->message : "expected INPUT and OUTPUT");
      return EXIT_FAILURE;
    }
  if (!convert (argv[1], argv[2], code_key != NULL ? code_key : "adcode", &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
