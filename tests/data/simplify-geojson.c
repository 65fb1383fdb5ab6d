/* simplify-geojson.c — simplifies a GeoJSON FeatureCollection of areas for the map, and
 * checks that located points still fall in the same areas
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   simplify-geojson [--code-key KEY] [--tolerance DEG] [--keep KEY,…]
 *                    [--check-csv FILE.csv …] [--lat-column NAME,…] [--lon-column NAME,…]
 *                    [--area-column NAME,…] INPUT.geojson OUTPUT.geojson
 *
 * Douglas–Peucker on every ring with the tolerance in degrees (default 0.0001°, about 10 m),
 * then coordinates rounded to 5 decimals (about 1 m) and repeated positions dropped.  Shared
 * boundaries stay shared: a vertex where the set of rings sharing it changes (where a
 * boundary between two areas meets a third, or the coast) is never removed, so the chain
 * between two such vertices is simplified the same way in both areas that have it.  A ring
 * that would fall below 3 distinct positions keeps its rounded original.  Output properties:
 * the code as a string and the name, plus the properties named by --keep.
 *
 * --check-csv: reads points (the first of the --lat-column/--lon-column names the header has,
 * case-insensitive; 0 or empty = no point) and reports how many fall in the same area in the
 * input and the output, and, with --area-column, how many fall in the area the row names.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sn-csv.h"
#include "sn-geo.h"

typedef struct
{
  const char *code_key;
  double tolerance;
  char **keep;
} Options;

static guint64
point_key (const SnGeoPoint *p)
{
  gint64 x = llround (p->x * 1e7), y = llround (p->y * 1e7);

  return ((guint64) (x & 0xffffffff) << 32) | (guint64) (y & 0xffffffff);
}

/* How many rings have each vertex (each ring counted once). */
static GHashTable *
count_sharing (const SnGeoAreas *areas)
{
  GHashTable *counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint a = 0; a < sn_geo_areas_get_n_areas (areas); a++)
    {
      const SnGeoArea *area = sn_geo_areas_get (areas, a);

      for (guint p = 0; p < area->n_polygons; p++)
        for (guint r = 0; r < area->polygons[p].n_rings; r++)
          {
            const SnGeoRing *ring = &area->polygons[p].rings[r];
            g_autoptr (GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
            g_autofree gint64 *keys = g_new (gint64, ring->n_points);

            for (guint i = 0; i < ring->n_points; i++)
              {
                keys[i] = (gint64) point_key (&ring->points[i]);
                if (g_hash_table_add (seen, &keys[i]))
                  {
                    gpointer n = g_hash_table_lookup (counts, &keys[i]);

                    if (n == NULL)
                      g_hash_table_insert (counts, g_memdup2 (&keys[i], sizeof (gint64)),
                                           GUINT_TO_POINTER (1));
                    else
                      g_hash_table_insert (counts, g_memdup2 (&keys[i], sizeof (gint64)),
                                           GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
                  }
              }
          }
    }
  return counts;
}

static guint
sharing (GHashTable *counts, const SnGeoPoint *p)
{
  gint64 key = (gint64) point_key (p);

  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, &key));
}

static double
segment_distance (const SnGeoPoint *p, const SnGeoPoint *a, const SnGeoPoint *b)
{
  double dx = b->x - a->x, dy = b->y - a->y, len2 = dx * dx + dy * dy, t;

  if (len2 == 0)
    return hypot (p->x - a->x, p->y - a->y);
  t = CLAMP (((p->x - a->x) * dx + (p->y - a->y) * dy) / len2, 0, 1);
  return hypot (p->x - (a->x + t * dx), p->y - (a->y + t * dy));
}

/* Marks in @keep the vertices Douglas–Peucker keeps between @first and @last (indices into
 * the ring taken cyclically, @last > @first). */
static void
douglas_peucker (const SnGeoRing *ring, guint first, guint last, double tolerance, gboolean *keep)
{
  const SnGeoPoint *a = &ring->points[first % ring->n_points];
  const SnGeoPoint *b = &ring->points[last % ring->n_points];
  double worst = -1;
  guint at = 0;

  for (guint i = first + 1; i < last; i++)
    {
      double d = segment_distance (&ring->points[i % ring->n_points], a, b);

      if (d > worst)
        worst = d, at = i;
    }
  if (worst > tolerance)
    {
      keep[at % ring->n_points] = TRUE;
      douglas_peucker (ring, first, at, tolerance, keep);
      douglas_peucker (ring, at, last, tolerance, keep);
    }
}

static double
round5 (double v)
{
  return round (v * 1e5) / 1e5;
}

/* The simplified ring as rounded positions, closed; NULL when fewer than 3 remain. */
static GArray *
simplified_positions (const SnGeoRing *ring, const gboolean *keep)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (SnGeoPoint));

  for (guint i = 0; i < ring->n_points; i++)
    {
      SnGeoPoint p = { round5 (ring->points[i].x), round5 (ring->points[i].y) };
      SnGeoPoint *prev = out->len ? &g_array_index (out, SnGeoPoint, out->len - 1) : NULL;

      if (keep != NULL && !keep[i])
        continue;
      if (prev == NULL || prev->x != p.x || prev->y != p.y)
        g_array_append_val (out, p);
    }
  while (out->len > 1
         && g_array_index (out, SnGeoPoint, 0).x == g_array_index (out, SnGeoPoint, out->len - 1).x
         && g_array_index (out, SnGeoPoint, 0).y == g_array_index (out, SnGeoPoint, out->len - 1).y)
    g_array_set_size (out, out->len - 1);
  if (out->len < 3)
    {
      g_array_unref (out);
      return NULL;
    }
  {
    /* A copy: appending may move the array the first position is read from. */
    SnGeoPoint first = g_array_index (out, SnGeoPoint, 0);

    g_array_append_val (out, first);
  }
  return out;
}

static GArray *
simplify_ring (const SnGeoRing *ring, GHashTable *counts, double tolerance, guint *n_in)
{
  g_autofree gboolean *keep = g_new0 (gboolean, ring->n_points);
  g_autoptr (GArray) anchors = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = ring->n_points, n_anchors = 0;
  GArray *out;

  *n_in += n;
  /* Anchors: where the number of rings sharing the vertex changes along the ring. */
  for (guint i = 0; i < n; i++)
    {
      guint here = sharing (counts, &ring->points[i]);

      if (here != sharing (counts, &ring->points[(i + n - 1) % n])
          || here != sharing (counts, &ring->points[(i + 1) % n]) || here > 2)
        keep[i] = TRUE, n_anchors++;
    }
  if (n_anchors == 0)
    keep[0] = TRUE;
  for (guint i = 0; i < n; i++)
    if (keep[i])
      g_array_append_val (anchors, i);
  /* Each stretch between consecutive anchors, the last one wrapping around. */
  for (guint k = 0; k < anchors->len; k++)
    {
      guint a = g_array_index (anchors, guint, k);
      guint b = k + 1 < anchors->len ? g_array_index (anchors, guint, k + 1)
                                     : g_array_index (anchors, guint, 0) + n;

      douglas_peucker (ring, a, b, tolerance, keep);
    }
  out = simplified_positions (ring, keep);
  return out != NULL ? out : simplified_positions (ring, NULL);
}

static void
write_ring (GString *s, GArray *ring)
{
  g_string_append_c (s, '[');
  for (guint i = 0; i < ring->len; i++)
    {
      const SnGeoPoint *p = &g_array_index (ring, SnGeoPoint, i);
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (x, sizeof x, "%.5f", p->x);
      g_ascii_formatd (y, sizeof y, "%.5f", p->y);
      g_string_append_printf (s, "%s[%s,%s]", i ? "," : "", x, y);
    }
  g_string_append_c (s, ']');
}

static void
write_properties (GString *s, const SnGeoArea *area, const Options *o)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, o->code_key);
  json_builder_add_string_value (b, area->code);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, area->name);
  for (guint i = 0; o->keep != NULL && o->keep[i] != NULL; i++)
    if (json_object_has_member (area->properties, o->keep[i]))
      {
        json_builder_set_member_name (b, o->keep[i]);
        json_builder_add_value (b, json_object_dup_member (area->properties, o->keep[i]));
      }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_string_append (s, text);
}

static char *
simplify (const SnGeoAreas *areas, const Options *o, guint *n_in, guint *n_out)
{
  g_autoptr (GHashTable) counts = count_sharing (areas);
  GString *s = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[\n");

  for (guint a = 0; a < sn_geo_areas_get_n_areas (areas); a++)
    {
      const SnGeoArea *area = sn_geo_areas_get (areas, a);

      g_string_append (s, "{\"type\":\"Feature\",\"properties\":");
      write_properties (s, area, o);
      g_string_append (s, ",\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[");
      for (guint p = 0; p < area->n_polygons; p++)
        {
          g_string_append (s, p ? ",[" : "[");
          for (guint r = 0; r < area->polygons[p].n_rings; r++)
            {
              g_autoptr (GArray)
                  ring = simplify_ring (&area->polygons[p].rings[r], counts, o->tolerance, n_in);

              if (r > 0)
                g_string_append_c (s, ',');
              write_ring (s, ring);
              *n_out += ring->len - 1;
            }
          g_string_append_c (s, ']');
        }
      g_string_append_printf (s, "]}}%s\n", a + 1 < sn_geo_areas_get_n_areas (areas) ? "," : "");
    }
  g_string_append (s, "]}\n");
  return g_string_free (s, FALSE);
}

/* ── --check-csv ───────────────────────────────────────────────────────────────── */

typedef struct
{
  guint rows, located, in_input, same, in_output, attr_rows, attr_same_input, attr_same_output;
} Check;

static int
find_column (GPtrArray *header, char **names)
{
  for (guint n = 0; names != NULL && names[n] != NULL; n++)
    for (guint i = 0; i < header->len; i++)
      if (g_ascii_strcasecmp (header->pdata[i], names[n]) == 0)
        return (int) i;
  return -1;
}

static gboolean
read_coordinate (GPtrArray *row, int column, double *out)
{
  char *end = NULL;

  if (column < 0 || (guint) column >= row->len)
    return FALSE;
  *out = g_ascii_strtod (row->pdata[column], &end);
  return end != row->pdata[column] && *end == '\0' && *out != 0;
}

static void
check_point (const SnGeoAreas *input, const SnGeoAreas *output, GPtrArray *row, int area_column,
             double lat, double lon, Check *c)
{
  const SnGeoArea *before = sn_geo_locate (input, lat, lon);
  const SnGeoArea *after = sn_geo_locate (output, lat, lon);
  const char *named = area_column >= 0 && (guint) area_column < row->len ? row->pdata[area_column]
                                                                         : "";

  c->located++;
  c->in_input += before != NULL;
  c->in_output += after != NULL;
  c->same += (before == NULL && after == NULL)
             || (before != NULL && after != NULL && g_str_equal (before->code, after->code));
  if (*named != '\0' && before != NULL)
    {
      c->attr_rows++;
      c->attr_same_input += g_str_equal (before->code, named);
      c->attr_same_output += after != NULL && g_str_equal (after->code, named);
    }
}

static gboolean
check_csv (const char *path, const SnGeoAreas *input, const SnGeoAreas *output, char **lat_names,
           char **lon_names, char **area_names, Check *c, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr (SnCsvReader) reader = NULL;
  GPtrArray *row = NULL;
  int lat_col, lon_col, area_col;
  gsize length;
  SnCsvResult result;

  if (!g_file_get_contents (path, &text, &length, error))
    return FALSE;
  reader = sn_csv_reader_new (text, (gssize) length);
  if (sn_csv_reader_next (reader, &row, NULL, error) != SN_CSV_RECORD)
    return FALSE;
  lat_col = find_column (row, lat_names);
  lon_col = find_column (row, lon_names);
  area_col = find_column (row, area_names);
  while ((result = sn_csv_reader_next (reader, &row, NULL, NULL)) != SN_CSV_END)
    {
      double lat, lon;

      if (result != SN_CSV_RECORD)
        continue;
      c->rows++;
      if (read_coordinate (row, lat_col, &lat) && read_coordinate (row, lon_col, &lon))
        check_point (input, output, row, area_col, lat, lon, c);
    }
  return TRUE;
}

static void
print_check (const Check *c)
{
  printf ("check: %u rows, %u located\n", c->rows, c->located);
  printf ("  inside some area: input %u (%.2f %%), output %u (%.2f %%)\n", c->in_input,
          100.0 * c->in_input / MAX (c->located, 1), c->in_output,
          100.0 * c->in_output / MAX (c->located, 1));
  printf ("  same area in input and output: %u of %u (%.3f %%)\n", c->same, c->located,
          100.0 * c->same / MAX (c->located, 1));
  printf ("  inside an area and with an area column: %u; area found = area named: input %u "
          "(%.2f %%), output %u (%.2f %%)\n",
          c->attr_rows, c->attr_same_input, 100.0 * c->attr_same_input / MAX (c->attr_rows, 1),
          c->attr_same_output, 100.0 * c->attr_same_output / MAX (c->attr_rows, 1));
}

int
main (int argc, char **argv)
{
  g_autofree char *keep = NULL, *lat = NULL, *lon = NULL, *area = NULL;
  g_auto (GStrv) csvs = NULL;
  g_autofree char *code_key = NULL;
  Options o = { "nc_id", 0.0001, NULL };
  const GOptionEntry entries[] = {
    { "code-key", 0, 0, G_OPTION_ARG_STRING, &code_key, "Code property (default nc_id)", "KEY" },
    { "tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &o.tolerance, "Douglas–Peucker tolerance, degrees",
      "DEG" },
    { "keep", 0, 0, G_OPTION_ARG_STRING, &keep, "Other properties to keep", "KEY,…" },
    { "check-csv", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &csvs, "Points to check", "FILE" },
    { "lat-column", 0, 0, G_OPTION_ARG_STRING, &lat, "Latitude column names", "NAME,…" },
    { "lon-column", 0, 0, G_OPTION_ARG_STRING, &lon, "Longitude column names", "NAME,…" },
    { "area-column", 0, 0, G_OPTION_ARG_STRING, &area, "Area code column names", "NAME,…" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("INPUT.geojson OUTPUT.geojson");
  g_autoptr (GError) error = NULL;
  g_autoptr (SnGeoAreas) input = NULL;
  g_autoptr (SnGeoAreas) output = NULL;
  g_auto (GStrv) lat_names = NULL, lon_names = NULL, area_names = NULL;
  g_autofree char *text = NULL;
  guint n_in = 0, n_out = 0;
  Check c = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3)
    {
      fprintf (stderr, "%s\n", error ? error->message : "usage: simplify-geojson IN OUT");
      return 2;
    }
  if (code_key != NULL)
    o.code_key = code_key;
  o.keep = keep ? g_strsplit (keep, ",", -1) : NULL;
  input = sn_geo_areas_load_file (argv[1], o.code_key, "name", &error);
  if (input == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[1], error->message);
      return 1;
    }
  text = simplify (input, &o, &n_in, &n_out);
  g_strfreev (o.keep);
  if (!g_file_set_contents (argv[2], text, -1, &error)
      || (output = sn_geo_areas_load_file (argv[2], o.code_key, "name", &error)) == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[2], error->message);
      return 1;
    }
  printf ("%u areas; vertices %u → %u; %zu bytes\n", sn_geo_areas_get_n_areas (output), n_in, n_out,
          strlen (text));
  lat_names = g_strsplit (lat ? lat : "latitude,lat", ",", -1);
  lon_names = g_strsplit (lon ? lon : "longitude,lon,long", ",", -1);
  area_names = area ? g_strsplit (area, ",", -1) : NULL;
  for (guint i = 0; csvs != NULL && csvs[i] != NULL; i++)
    if (!check_csv (csvs[i], input, output, lat_names, lon_names, area_names, &c, &error))
      {
        fprintf (stderr, "%s: %s\n", csvs[i], error ? error->message : "no header");
        return 1;
      }
  if (csvs != NULL)
    print_check (&c);
  return 0;
}
