/* test-map.c — the Map page against a real hub under Xvfb: per-district figures drawn as
 * point-in-polygon counts them, the district and cluster popovers, an official's districts
 * only, and the base map's tiles from the hub's MBTiles
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sn-console-resources.h"
#include "sn-geo.h"
#include "sn-hub-tile-source.h"
#include "sn-json.h"
#include "sn-map-page.h"
#include "sn-test-hub.h"
#include "sn-test-mbtiles.h"
#include "sn-window.h"

#define N_TICKETS 300
#define SCOPE "110105,110108"
#define TILES_MAX_ZOOM 10

/* ── the test's own work orders ────────────────────────────────────────────────────── */

typedef struct
{
  char *id;
  gboolean located;
  double lat, lon; /* as sent (6 decimals) */
  char *field; /* the "district" field sent, NULL when none */
  char *where; /* the district a map must count it in: by polygon, else by field; NULL: none */
  gboolean open;
  gboolean overdue;
} Ticket;

typedef struct
{
  guint total, open, overdue;
} Expected;

typedef struct
{
  SnGeoAreas *areas; /* data/cities/beijing/districts.geojson, read by the test */
  GPtrArray *tickets; /* Ticket* */
  char *body; /* the ingest request */
} Dataset;

static void
ticket_free (Ticket *t)
{
  g_free (t->id);
  g_free (t->field);
  g_free (t->where);
  g_free (t);
}

static void
dataset_free (Dataset *d)
{
  sn_geo_areas_free (d->areas);
  g_ptr_array_unref (d->tickets);
  g_free (d->body);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Dataset, dataset_free)

static SnGeoAreas *
load_city_areas (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "cities", "beijing",
                                                 "districts.geojson", NULL);
  g_autoptr (GError) error = NULL;
  SnGeoAreas *areas = sn_geo_areas_load_file (path, "adcode", "name", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (sn_geo_areas_get_n_areas (areas), ==, 16);
  return areas;
}

/* Whether the point and the 8 points @d degrees around it are in the same area (or all in
 * none): far enough from every boundary that rounding cannot move it across. */
static gboolean
clear_of_boundaries (const SnGeoAreas *areas, double lat, double lon, double d)
{
  const SnGeoArea *here = sn_geo_locate (areas, lat, lon);

  for (int i = -1; i <= 1; i++)
    for (int j = -1; j <= 1; j++)
      if (sn_geo_locate (areas, lat + i * d, lon + j * d) != here)
        return FALSE;
  return TRUE;
}

static double
round6 (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, "%.6f", v), NULL);
}

static gboolean
in_scope (const char *code)
{
  return code != NULL && (g_str_equal (code, "110105") || g_str_equal (code, "110108"));
}

/* A district code other than @code, outside the official's scope. */
static const char *
other_code (const SnGeoAreas *areas, const char *code)
{
  for (guint k = 0; k < sn_geo_areas_get_n_areas (areas); k++)
    {
      const char *c = sn_geo_areas_get (areas, k)->code;

      if (g_strcmp0 (c, code) != 0 && !in_scope (c))
        return c;
    }
  g_assert_not_reached ();
}

/* Where ticket @i is: in the city's box, some outside every district; every tenth without a
 * location but with a district code; a few with neither; a few located ones whose district
 * field names another district (outside the official's scope) — the map counts where they
 * lie. */
static void
place (Dataset *d, Ticket *t, guint i, GRand *rand)
{
  SnGeoBBox box = sn_geo_areas_get_bbox (d->areas);
  guint n_areas = sn_geo_areas_get_n_areas (d->areas);
  const SnGeoArea *area;

  if (i % 10 == 0)
    {
      t->field = g_strdup (sn_geo_areas_get (d->areas, (i / 10) % n_areas)->code);
      t->where = g_strdup (t->field);
      return;
    }
  if (i % 50 == 1)
    {
      t->field = i % 100 == 1 ? g_strdup ("999999") : NULL; /* a code no district has */
      return;
    }
  t->located = TRUE;
  do
    {
      t->lat = round6 (g_rand_double_range (rand, box.min_lat, box.max_lat));
      t->lon = round6 (g_rand_double_range (rand, box.min_lon, box.max_lon));
    }
  while (!clear_of_boundaries (d->areas, t->lat, t->lon, 1e-5));
  area = sn_geo_locate (d->areas, t->lat, t->lon);
  t->where = area ? g_strdup (area->code) : NULL;
  if (area != NULL && i % 13 == 0 && !in_scope (area->code))
    t->field = g_strdup (other_code (d->areas, area->code));
  else
    t->field = g_strdup (t->where);
}

static void
append_record (GString *s, const Ticket *t, guint i, gint64 now)
{
  static const char *const states[] = { "dispatched", "accepted", "in_progress",
                                        "closed",     "returned", "reopened" };
  static const char *const codes[] = { "noise", "roads", "water" };
  static const char *const names[] = { "Noise", "Roads", "Water supply" };
  gint64 requested = t->overdue ? now - 10 * 86400 : now - (i % 48) * 3600 - 600;
  gint64 expected = t->overdue ? now - 86400 : now + 30 * 86400;
  g_autofree char *req = sn_time_format (requested);
  g_autofree char *exp = sn_time_format (expected);

  g_string_append_printf (
      s,
      "%s{\"service_request_id\":\"%s\",\"service_code\":\"%s\",\"service_name\":\"%s\","
      "\"ticket_type\":\"complaint\",\"channel\":\"phone\",\"state\":\"%s\","
      "\"requested_datetime\":\"%s\",\"updated_datetime\":\"%s\",\"expected_datetime\":\"%s\","
      "\"description\":\"map case %u\",\"units\":[\"unit-%u\"]",
      i ? ",\n" : "", t->id, codes[i % 3], names[i % 3], states[i % G_N_ELEMENTS (states)], req,
      req, exp, i, i % 5);
  if (t->field != NULL)
    g_string_append_printf (s, ",\"district\":\"%s\"", t->field);
  if (t->located)
    g_string_append_printf (s, ",\"lat\":%.6f,\"long\":%.6f", t->lat, t->lon);
  g_string_append_c (s, '}');
}

static Dataset *
dataset_new (void)
{
  Dataset *d = g_new0 (Dataset, 1);
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261009);
  GString *s = g_string_new ("[");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  d->areas = load_city_areas ();
  d->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) ticket_free);
  for (guint i = 0; i < N_TICKETS; i++)
    {
      Ticket *t = g_new0 (Ticket, 1);

      t->id = g_strdup_printf ("M%03u", i);
      place (d, t, i, rand);
      t->open = i % 6 != 3; /* "closed" */
      t->overdue = i % 7 == 2;
      append_record (s, t, i, now);
      g_ptr_array_add (d->tickets, t);
    }
  g_string_append (s, "]");
  d->body = g_string_free (s, FALSE);
  return d;
}

/* Expected figures by district code, for the tickets @visible accepts (NULL: all). */
static GHashTable *
expected_by_district (Dataset *d, gboolean (*visible) (const Ticket *t), guint *n_visible,
                      guint *n_unplaced)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  *n_visible = *n_unplaced = 0;
  for (guint k = 0; k < sn_geo_areas_get_n_areas (d->areas); k++)
    g_hash_table_insert (table, sn_geo_areas_get (d->areas, k)->code, g_new0 (Expected, 1));
  for (guint i = 0; i < d->tickets->len; i++)
    {
      const Ticket *t = d->tickets->pdata[i];
      Expected *e = t->where ? g_hash_table_lookup (table, t->where) : NULL;

      if (visible != NULL && !visible (t))
        continue;
      (*n_visible)++;
      if (e == NULL)
        {
          (*n_unplaced)++;
          continue;
        }
      e->total++;
      e->open += t->open;
      e->overdue += t->open && t->overdue;
    }
  return table;
}

static gboolean
official_sees (const Ticket *t)
{
  return in_scope (t->field);
}

/* ── a console connected to a hub ──────────────────────────────────────────────────── */

typedef struct
{
  SnContext *context;
  SnWindow *window;
  SnMapPage *page;
  guint frames;
} Console;

/* @layers: the page's layer bits (1 districts, 2 heat, 4 clusters, 8 emerging hotspots). */
static void
console_open (Console *c, SnTestHub *hub, const char *token, guint layers)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_uint (settings, "map-layers", layers);
  g_settings_set_uint (settings, "map-measure", SN_MAP_MEASURE_OPEN);
  g_settings_set_string (settings, "map-tiles", "auto");
  c->context = sn_context_new (settings);
  c->window = sn_window_new (NULL, c->context);
  c->page = SN_MAP_PAGE (sn_window_get_map (c->window));
  gtk_window_set_default_size (GTK_WINDOW (c->window), 1300, 850);
  gtk_window_present (GTK_WINDOW (c->window));
  sn_map_page_set_window (c->page, SN_MAP_WINDOW_ALL, 0, 0);
  sn_context_connect (c->context, hub->url, token);
}

static void
console_close (Console *c)
{
  gtk_window_destroy (GTK_WINDOW (c->window));
  g_clear_object (&c->context);
}

static gboolean
wait_for (gboolean (*check) (Console *c, gconstpointer data), Console *c, gconstpointer data,
          guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      if (check (c, data))
        return TRUE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return check (c, data);
}

/* All @expected work orders arrived, the districts too, and the last aggregation has them. */
static gboolean
map_ready (Console *c, gconstpointer expected)
{
  SnMapData *data = sn_map_page_get_data (c->page);
  guint n_stats, placed = 0;
  const SnMapDistrictStats *stats;

  if (sn_console_model_get_n_tickets (sn_context_get_model (c->context))
          != GPOINTER_TO_UINT (expected)
      || sn_map_data_get_areas (data) == NULL || sn_map_data_get_index (data) == NULL
      || sn_map_data_is_updating (data))
    return FALSE;
  stats = sn_map_data_get_district_stats (data, &n_stats);
  if (n_stats != sn_geo_areas_get_n_areas (sn_map_data_get_areas (data)))
    return FALSE;
  for (guint i = 0; i < n_stats; i++)
    placed += stats[i].total;
  return placed + sn_map_data_get_n_unplaced (data) == GPOINTER_TO_UINT (expected);
}

static void
after_paint (GdkFrameClock *clock, Console *c)
{
  c->frames++;
}

static gboolean
frames_passed (Console *c, gconstpointer n)
{
  return c->frames >= GPOINTER_TO_UINT (n);
}

/* Redraws the layers and waits until two frames have been painted. */
static void
wait_drawn (Console *c)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (c->window));
  gulong id;

  g_assert_nonnull (clock);
  c->frames = 0;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), c);
  gtk_widget_queue_draw (GTK_WIDGET (sn_map_page_get_district_layer (c->page)));
  gtk_widget_queue_draw (GTK_WIDGET (sn_map_page_get_cluster_layer (c->page)));
  g_assert_true (wait_for (frames_passed, c, GUINT_TO_POINTER (2), 5000));
  g_signal_handler_disconnect (clock, id);
}

static void
console_wait_map (Console *c, guint expected)
{
  g_assert_true (wait_for (map_ready, c, GUINT_TO_POINTER (expected), 20000));
  wait_drawn (c);
}

/* The page's overlay (what sn_map_page_click() takes coordinates in): the outermost
 * GtkOverlay between the layers and the page. */
static GtkWidget *
page_overlay (Console *c)
{
  GtkWidget *overlay = NULL;

  for (GtkWidget *w = GTK_WIDGET (sn_map_page_get_district_layer (c->page));
       w != NULL && w != GTK_WIDGET (c->page); w = gtk_widget_get_parent (w))
    if (GTK_IS_OVERLAY (w))
      overlay = w;
  g_assert_nonnull (overlay);
  return overlay;
}

/* A point of @layer to the overlay's coordinates; asserts it is inside the layer. */
static void
layer_to_page (Console *c, GtkWidget *layer, double x, double y, double *ox, double *oy)
{
  graphene_point_t p;

  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (x, <, gtk_widget_get_width (layer));
  g_assert_cmpfloat (y, <, gtk_widget_get_height (layer));
  g_assert_true (gtk_widget_compute_point (layer, page_overlay (c),
                                           &GRAPHENE_POINT_INIT ((float) x, (float) y), &p));
  *ox = p.x;
  *oy = p.y;
}

static gboolean
has_line (GPtrArray *lines, const char *line)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_strcmp0 (lines->pdata[i], line) == 0)
      return TRUE;
  return FALSE;
}

static SnTestHub *
city_hub (Dataset *d)
{
  const char *args[] = { "--city", "beijing", NULL };
  SnTestHub *hub = sn_test_hub_new (args);
  g_autofree char *ingest = sn_test_hub_token (hub, "ingest", "feed", NULL);
  g_autoptr (JsonObject) report = sn_test_ingest (hub, ingest, "requests", d->body);

  g_assert_cmpint (json_object_get_int_member (report, "applied"), ==, N_TICKETS);
  g_assert_cmpint (json_object_get_int_member (report, "rejected"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (report, "skipped"), ==, 0);
  return hub;
}

/* ── 1. per-district figures ───────────────────────────────────────────────────────── */

static void
assert_drawn (Console *c, GHashTable *expected, SnMapMeasure measure)
{
  SnDistrictLayer *layer = sn_map_page_get_district_layer (c->page);
  const SnGeoAreas *areas = sn_map_data_get_areas (sn_map_page_get_data (c->page));

  sn_district_layer_set_measure (layer, measure);
  wait_drawn (c);
  for (guint i = 0; i < sn_geo_areas_get_n_areas (areas); i++)
    {
      const SnGeoArea *area = sn_geo_areas_get (areas, i);
      const Expected *e = g_hash_table_lookup (expected, area->code);
      double drawn = sn_district_layer_get_drawn_value (layer, i);

      g_assert_nonnull (e);
      g_test_message ("%s %s: drawn %g, expected open %u overdue %u", area->code, area->name, drawn,
                      e->open, e->overdue);
      g_assert_cmpfloat (drawn, ==, measure == SN_MAP_MEASURE_OPEN ? e->open : e->overdue);
    }
}

static void
test_district_counts (void)
{
  g_autoptr (Dataset) d = dataset_new ();
  SnTestHub *hub = city_hub (d);
  g_autofree char *supervisor = sn_test_hub_token (hub, "supervisor", "Wang Li", NULL);
  g_autoptr (GHashTable) expected = NULL;
  g_autoptr (GHashTable) by_field = g_hash_table_new (g_str_hash, g_str_equal);
  Console c = { 0 };
  SnMapData *data;
  const SnGeoAreas *areas;
  const SnMapDistrictStats *stats;
  guint n_visible, n_unplaced, n_stats, busy = 0, any_overdue = 0;
  gboolean field_differs = FALSE;

  expected = expected_by_district (d, NULL, &n_visible, &n_unplaced);
  g_assert_cmpuint (n_visible, ==, N_TICKETS);
  console_open (&c, hub, supervisor, 1 | 4);
  sn_window_show_page (c.window, "map");
  console_wait_map (&c, N_TICKETS);
  data = sn_map_page_get_data (c.page);
  areas = sn_map_data_get_areas (data);
  g_assert_cmpuint (sn_geo_areas_get_n_areas (areas), ==, 16);
  g_assert_cmpuint (sn_map_data_get_n_unplaced (data), ==, n_unplaced);
  g_assert_cmpint (sn_district_layer_get_measure (sn_map_page_get_district_layer (c.page)), ==,
                   SN_MAP_MEASURE_OPEN);

  /* Counting by the district field would give other numbers: the test can tell. */
  for (guint i = 0; i < d->tickets->len; i++)
    {
      const Ticket *t = d->tickets->pdata[i];

      if (t->field != NULL && t->open)
        g_hash_table_insert (
            by_field, t->field,
            GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (by_field, t->field)) + 1));
    }
  stats = sn_map_data_get_district_stats (data, &n_stats);
  g_assert_cmpuint (n_stats, ==, 16);
  for (guint i = 0; i < n_stats; i++)
    {
      const char *code = sn_geo_areas_get (areas, i)->code;
      const Expected *e = g_hash_table_lookup (expected, code);

      g_assert_nonnull (e);
      g_assert_cmpuint (stats[i].total, ==, e->total);
      g_assert_cmpuint (stats[i].open, ==, e->open);
      g_assert_cmpuint (stats[i].overdue, ==, e->overdue);
      busy += e->open > 0;
      any_overdue += e->overdue;
      field_differs |= GPOINTER_TO_UINT (g_hash_table_lookup (by_field, code)) != e->open;
    }
  g_assert_cmpuint (busy, >=, 10);
  g_assert_cmpuint (any_overdue, >, 0);
  g_assert_true (field_differs);

  assert_drawn (&c, expected, SN_MAP_MEASURE_OPEN);
  assert_drawn (&c, expected, SN_MAP_MEASURE_OVERDUE);
  console_close (&c);
  sn_test_hub_free (hub);
}

/* ── 2. a click on a district ──────────────────────────────────────────────────────── */

/* The page's index of district @code. */
static guint
map_index_of (Console *c, const char *code)
{
  guint index = sn_map_data_find_district (sn_map_page_get_data (c->page), code);

  g_assert_cmpuint (index, !=, SN_HOTSPOT_NO_DISTRICT);
  return index;
}

static GtkWidget *
click_at (Console *c, double lat, double lon)
{
  GtkWidget *layer = GTK_WIDGET (sn_map_page_get_district_layer (c->page));
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (layer));
  double x, y, ox, oy;

  shumate_viewport_location_to_widget_coords (viewport, layer, lat, lon, &x, &y);
  layer_to_page (c, layer, x, y, &ox, &oy);
  return sn_map_page_click (c->page, ox, oy);
}

static void
test_district_click (void)
{
  g_autoptr (Dataset) d = dataset_new ();
  SnTestHub *hub = city_hub (d);
  g_autofree char *supervisor = sn_test_hub_token (hub, "supervisor", "Wang Li", NULL);
  g_autoptr (GHashTable) expected = NULL;
  g_autofree char *total_line = NULL;
  g_autofree char *open_line = NULL;
  const SnMapDistrictStats *stats;
  const SnGeoArea *area = NULL;
  const Expected *e = NULL;
  const Ticket *inside = NULL, *outside = NULL;
  Console c = { 0 };
  GPtrArray *lines;
  guint n_visible, n_unplaced, n_stats, index;

  expected = expected_by_district (d, NULL, &n_visible, &n_unplaced);
  /* The busiest district, and one of its work orders well inside it. */
  for (guint k = 0; k < sn_geo_areas_get_n_areas (d->areas); k++)
    {
      const Expected *ek = g_hash_table_lookup (expected, sn_geo_areas_get (d->areas, k)->code);

      if (e == NULL || ek->open > e->open)
        area = sn_geo_areas_get (d->areas, k), e = ek;
    }
  for (guint i = 0; i < d->tickets->len; i++)
    {
      const Ticket *t = d->tickets->pdata[i];

      if (!t->located || !clear_of_boundaries (d->areas, t->lat, t->lon, 0.02))
        continue;
      if (inside == NULL && g_strcmp0 (t->where, area->code) == 0)
        inside = t;
      if (outside == NULL && t->where == NULL)
        outside = t;
    }
  g_assert_nonnull (inside);
  g_assert_nonnull (outside);

  /* Districts only: no cluster or hotspot under the click. */
  console_open (&c, hub, supervisor, 1);
  sn_window_show_page (c.window, "map");
  console_wait_map (&c, N_TICKETS);
  index = map_index_of (&c, area->code);
  stats = sn_map_data_get_district_stats (sn_map_page_get_data (c.page), &n_stats);
  g_assert_cmpuint (index, <, n_stats);

  g_assert_nonnull (click_at (&c, inside->lat, inside->lon));
  lines = sn_map_page_get_popover_lines (c.page);
  for (guint i = 0; i < lines->len; i++)
    g_test_message ("popover: %s", (const char *) lines->pdata[i]);
  g_assert_cmpuint (lines->len, >=, 3);
  g_assert_cmpstr (lines->pdata[0], ==, area->name);
  total_line = g_strdup_printf ("%u work orders in the window", e->total);
  open_line = g_strdup_printf ("Open: %u · overdue: %u · at risk: %u", e->open, e->overdue,
                               stats[index].at_risk);
  g_assert_true (has_line (lines, total_line));
  g_assert_true (has_line (lines, open_line));

  /* Outside every district: nothing to show. */
  g_assert_null (click_at (&c, outside->lat, outside->lon));
  console_close (&c);
  sn_test_hub_free (hub);
}

/* ── 3. a click on a cluster ───────────────────────────────────────────────────────── */

/* The ids of the located tickets in cell (@level, @cx, @cy). */
static GHashTable *
tickets_in_cell (Dataset *d, guint level, guint32 cx, guint32 cy)
{
  GHashTable *ids = g_hash_table_new (g_str_hash, g_str_equal);
  double scale = ldexp (1, (int) level);

  for (guint i = 0; i < d->tickets->len; i++)
    {
      const Ticket *t = d->tickets->pdata[i];
      double x, y;

      if (!t->located)
        continue;
      sn_hotspot_project (t->lat, t->lon, &x, &y);
      if ((guint32) floor (x * scale) == cx && (guint32) floor (y * scale) == cy)
        g_hash_table_add (ids, t->id);
    }
  return ids;
}

static void
test_cluster_click (void)
{
  g_autoptr (Dataset) d = dataset_new ();
  SnTestHub *hub = city_hub (d);
  g_autofree char *supervisor = sn_test_hub_token (hub, "supervisor", "Wang Li", NULL);
  g_autoptr (GHashTable) cell_ids = NULL;
  g_autoptr (GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *title = NULL;
  SnClusterLayer *layer;
  Console c = { 0 };
  GPtrArray *lines;
  guint n_drawn, total, located = 0, level = 0;
  guint32 cx = 0, cy = 0;
  double x = 0, y = 0, ox, oy;

  for (guint i = 0; i < d->tickets->len; i++)
    located += ((const Ticket *) d->tickets->pdata[i])->located;
  console_open (&c, hub, supervisor, 4);
  sn_window_show_page (c.window, "map");
  console_wait_map (&c, N_TICKETS);
  layer = sn_map_page_get_cluster_layer (c.page);
  n_drawn = sn_cluster_layer_get_n_drawn (layer, &total);
  g_assert_cmpuint (n_drawn, >, 1);
  g_assert_cmpuint (total, ==, located); /* the whole city is in view */

  /* A cluster of a few work orders that no other cluster covers at its centre. */
  for (guint i = 0; i < n_drawn; i++)
    {
      guint l, pl;
      guint32 a, b, pa, pb;
      g_autoptr (GHashTable) ids = NULL;

      g_assert_true (sn_cluster_layer_get_drawn (layer, i, &x, &y, &l, &a, &b));
      g_assert_true (sn_cluster_layer_pick (layer, x, y, &pl, &pa, &pb));
      if (pl != l || pa != a || pb != b)
        continue;
      ids = tickets_in_cell (d, l, a, b);
      if (g_hash_table_size (ids) < 2 || g_hash_table_size (ids) > 50)
        continue;
      cell_ids = g_steal_pointer (&ids);
      level = l, cx = a, cy = b;
      break;
    }
  g_assert_nonnull (cell_ids);
  g_test_message ("cluster at %.1f,%.1f: level %u cell %u,%u, %u work orders", x, y, level, cx, cy,
                  g_hash_table_size (cell_ids));

  layer_to_page (&c, GTK_WIDGET (layer), x, y, &ox, &oy);
  g_assert_nonnull (sn_map_page_click (c.page, ox, oy));
  lines = sn_map_page_get_popover_lines (c.page);
  title = g_strdup_printf ("%u work orders", g_hash_table_size (cell_ids));
  g_assert_cmpuint (lines->len, ==, 1 + g_hash_table_size (cell_ids));
  g_assert_cmpstr (lines->pdata[0], ==, title);
  for (guint i = 1; i < lines->len; i++)
    {
      const char *line = lines->pdata[i];
      const char *sep = strstr (line, " · ");
      g_autofree char *id = sep ? g_strndup (line, sep - line) : NULL;

      g_test_message ("popover: %s", line);
      g_assert_nonnull (id);
      g_assert_true (g_hash_table_contains (cell_ids, id));
      g_assert_false (g_hash_table_contains (shown, id));
      g_hash_table_add (shown, (gpointer) g_intern_string (id));
    }
  g_assert_cmpuint (g_hash_table_size (shown), ==, g_hash_table_size (cell_ids));
  console_close (&c);
  sn_test_hub_free (hub);
}

/* ── 4. an official's districts ────────────────────────────────────────────────────── */

static gboolean
official_on_map (Console *c, gconstpointer data)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (c->page), ADW_TYPE_VIEW_STACK);

  return g_strcmp0 (sn_client_get_role (sn_context_get_client (c->context)), "official") == 0
         && stack != NULL
         && g_strcmp0 (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), "map") == 0;
}

static void
test_official_scope (void)
{
  g_autoptr (Dataset) d = dataset_new ();
  SnTestHub *hub = city_hub (d);
  g_autofree char *official = sn_test_hub_token (hub, "official", "Li Qiang", SCOPE);
  g_autoptr (GHashTable) expected = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  Console c = { 0 };
  SnMapData *data;
  const SnGeoAreas *areas;
  const SnHotspotPoint *points;
  const SnMapDistrictStats *stats;
  guint n_visible, n_unplaced, n_points, n_stats, located = 0, placed = 0;

  expected = expected_by_district (d, official_sees, &n_visible, &n_unplaced);
  for (guint i = 0; i < d->tickets->len; i++)
    {
      const Ticket *t = d->tickets->pdata[i];

      located += t->located && official_sees (t);
    }
  g_assert_cmpuint (n_unplaced, ==, 0);
  g_assert_cmpuint (located, >, 0);
  g_assert_cmpuint (n_visible, >, located); /* some without a location too */

  /* The window opens on another page; the official's role moves it to the map. */
  g_settings_set_string (settings, "page", "overview");
  console_open (&c, hub, official, 1 | 4);
  g_assert_true (wait_for (official_on_map, &c, NULL, 10000));
  console_wait_map (&c, n_visible);
  data = sn_map_page_get_data (c.page);
  areas = sn_map_data_get_areas (data);
  g_assert_cmpuint (sn_geo_areas_get_n_areas (areas), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_true (in_scope (sn_geo_areas_get (areas, i)->code));
  g_assert_cmpstr (sn_geo_areas_get (areas, 0)->code, !=, sn_geo_areas_get (areas, 1)->code);

  points = sn_map_data_get_points (data, &n_points);
  g_assert_cmpuint (n_points, ==, located);
  for (guint i = 0; i < n_points; i++)
    {
      const SnGeoArea *area;
      double lat, lon;

      sn_hotspot_unproject (points[i].x, points[i].y, &lat, &lon);
      area = sn_geo_locate (d->areas, lat, lon);
      g_assert_nonnull (area);
      g_assert_true (in_scope (area->code));
    }
  stats = sn_map_data_get_district_stats (data, &n_stats);
  g_assert_cmpuint (n_stats, ==, 2);
  for (guint i = 0; i < n_stats; i++)
    {
      const Expected *e = g_hash_table_lookup (expected, sn_geo_areas_get (areas, i)->code);

      g_assert_cmpuint (stats[i].total, ==, e->total);
      g_assert_cmpuint (stats[i].open, ==, e->open);
      g_assert_cmpuint (
          sn_district_layer_get_drawn_value (sn_map_page_get_district_layer (c.page), i), ==,
          e->open);
      placed += stats[i].total;
    }
  g_assert_cmpuint (placed, ==, n_visible);
  g_assert_cmpuint (sn_map_data_get_n_unplaced (data), ==, 0);
  console_close (&c);
  sn_test_hub_free (hub);
}

/* ── 5. tiles from the hub ─────────────────────────────────────────────────────────── */

typedef struct
{
  const char *mbtiles;
  guint received;
  guint mismatched;
} TileWatch;

static void
received_data (ShumateDataSource *source, int x, int y, int zoom, GBytes *bytes, TileWatch *w)
{
  g_autoptr (GBytes) stored = NULL;

  g_assert_cmpint (zoom, >=, 0);
  g_assert_cmpint (zoom, <=, TILES_MAX_ZOOM);
  stored = sn_test_mbtiles_blob (w->mbtiles, (guint) zoom, (guint) x, (1u << zoom) - 1 - (guint) y);
  w->received++;
  if (stored == NULL || !g_bytes_equal (stored, bytes))
    w->mismatched++;
}

static gboolean
base_is_hub (Console *c, gconstpointer data)
{
  return g_strcmp0 (sn_map_page_get_base (c->page), "hub") == 0;
}

static gboolean
tiles_received (Console *c, gconstpointer data)
{
  return ((const TileWatch *) data)->received > 0;
}

static void
tile_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GBytes **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
bytes_arrived (Console *c, gconstpointer data)
{
  return *(GBytes *const *) data != NULL;
}

static void
test_hub_tiles (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shuniu-map-tiles-XXXXXX", &error);
  g_autofree char *mbtiles = g_build_filename (dir, "beijing.mbtiles", NULL);
  const char *args[] = { "--city", "beijing", "--tiles", mbtiles, NULL };
  SnTestHub *hub;
  g_autofree char *supervisor = NULL;
  g_autoptr (SnHubTileSource) own = NULL;
  g_autoptr (GBytes) fetched = NULL;
  g_autoptr (GBytes) stored = NULL;
  g_autoptr (ShumateDataSource) source = NULL;
  ShumateSimpleMap *simple;
  ShumateMapSource *base;
  ShumateViewport *viewport;
  TileWatch watch = { mbtiles, 0, 0 };
  Console c = { 0 };
  GParamSpec *pspec;
  guint x0, x1, y0, y1;
  gulong id;

  g_assert_no_error (error);
  g_assert_true (sn_test_make_mbtiles (mbtiles, TILES_MAX_ZOOM, &error));
  g_assert_no_error (error);
  hub = sn_test_hub_new (args);
  supervisor = sn_test_hub_token (hub, "supervisor", "Wang Li", NULL);
  console_open (&c, hub, supervisor, 1);
  sn_window_show_page (c.window, "map");
  g_assert_true (wait_for (base_is_hub, &c, NULL, 10000));

  /* The base map draws from the hub: every tile it receives is the MBTiles file's. */
  simple = SHUMATE_SIMPLE_MAP (
      gtk_widget_get_ancestor (GTK_WIDGET (sn_map_page_get_map (c.page)), SHUMATE_TYPE_SIMPLE_MAP));
  base = shumate_simple_map_get_map_source (simple);
  g_assert_true (SHUMATE_IS_RASTER_RENDERER (base));
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (base), "data-source");
  g_assert_nonnull (pspec);
  g_assert_true (pspec->flags & G_PARAM_READABLE);
  g_object_get (base, "data-source", &source, NULL);
  g_assert_true (SN_IS_HUB_TILE_SOURCE (source));
  g_assert_cmpstr (sn_hub_tile_source_get_hub_url (SN_HUB_TILE_SOURCE (source)), ==, hub->url);
  id = g_signal_connect (source, "received-data", G_CALLBACK (received_data), &watch);
  /* Tiles of a zoom level not shown yet, so they are requested after this point. */
  viewport = shumate_simple_map_get_viewport (simple);
  shumate_map_center_on (shumate_simple_map_get_map (simple), 39.9, 116.4);
  shumate_viewport_set_zoom_level (viewport, TILES_MAX_ZOOM);
  g_assert_true (wait_for (tiles_received, &c, &watch, 15000));
  g_test_message ("%u tiles received from the hub", watch.received);
  g_assert_cmpuint (watch.mismatched, ==, 0);
  g_signal_handler_disconnect (source, id);

  /* And one tile straight from the hub through the console's tile source. */
  own = sn_hub_tile_source_new (hub->url, supervisor, NULL);
  sn_test_mbtiles_range (8, &x0, &x1, &y0, &y1);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (own), (int) x0, (int) y0, 8, NULL,
                                           tile_fetched, &fetched);
  g_assert_true (wait_for (bytes_arrived, &c, &fetched, 10000));
  stored = sn_test_mbtiles_blob (mbtiles, 8, x0, (1u << 8) - 1 - y0);
  g_assert_nonnull (stored);
  g_assert_true (g_bytes_equal (fetched, stored));

  console_close (&c);
  sn_test_hub_free (hub);
  g_assert_cmpint (g_remove (mbtiles), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Removes @path and everything under it (the run's own temporary directory). */
/* ── 6. emerging hotspots ──────────────────────────────────────────────────────────── */

#define BUILDING_LAT 39.93200
#define BUILDING_LON 116.45300
#define N_BACKGROUND 400
#define N_BURST 12

static void
append_point (GString *s, const char *id, gint64 requested, double lat, double lon)
{
  g_autofree char *req = sn_time_format (requested);

  g_string_append_printf (s,
                          "%s{\"service_request_id\":\"%s\",\"service_code\":\"noise\","
                          "\"service_name\":\"Noise\",\"ticket_type\":\"complaint\","
                          "\"channel\":\"phone\",\"state\":\"dispatched\","
                          "\"requested_datetime\":\"%s\",\"updated_datetime\":\"%s\","
                          "\"lat\":%.6f,\"long\":%.6f}",
                          s->len > 1 ? ",\n" : "", id, req, req, lat, lon);
}

/* Every work order arrived and the last aggregation has them (whatever the window shows). */
static gboolean
map_settled (Console *c, gconstpointer expected)
{
  SnMapData *data = sn_map_page_get_data (c->page);

  return sn_console_model_get_n_tickets (sn_context_get_model (c->context))
             == GPOINTER_TO_UINT (expected)
         && sn_map_data_get_areas (data) != NULL && sn_map_data_get_index (data) != NULL
         && !sn_map_data_is_updating (data);
}

/* A building with a dozen complaints in three days, over a city whose complaints are spread
 * evenly over five weeks: the map outlines and lists that cell, and nothing else. */
static void
test_emerging (void)
{
  const char *args[] = { "--city", "beijing", NULL };
  SnTestHub *hub = sn_test_hub_new (args);
  g_autofree char *ingest = sn_test_hub_token (hub, "ingest", "feed", NULL);
  g_autofree char *token = sn_test_hub_token (hub, "supervisor", "Zhao Min", NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (1234);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GString *s = g_string_new ("[");
  g_autofree char *body = NULL;
  g_autoptr (JsonObject) report = NULL;
  Console c = { 0 };
  const SnHotspotEmerging *e;
  GArray *emerging;
  double x, y, wx, wy, ox, oy;
  GtkWidget *layer;

  for (guint i = 0; i < N_BACKGROUND; i++)
    {
      g_autofree char *id = g_strdup_printf ("E%04u", i);

      append_point (s, id, now - 600 - g_rand_int_range (rand, 0, 35 * 86400),
                    g_rand_double_range (rand, 39.85, 39.98),
                    g_rand_double_range (rand, 116.30, 116.50));
    }
  for (guint i = 0; i < N_BURST; i++)
    {
      g_autofree char *id = g_strdup_printf ("B%04u", i);

      append_point (s, id, now - 600 - g_rand_int_range (rand, 0, 3 * 86400),
                    BUILDING_LAT + g_rand_double_range (rand, -0.0002, 0.0002),
                    BUILDING_LON + g_rand_double_range (rand, -0.0002, 0.0002));
    }
  g_string_append (s, "]");
  body = g_string_free (s, FALSE);
  report = sn_test_ingest (hub, ingest, "requests", body);
  g_assert_cmpint (json_object_get_int_member (report, "applied"), ==, N_BACKGROUND + N_BURST);

  console_open (&c, hub, token, 1 | 4 | 8);
  sn_map_page_set_window (c.page, SN_MAP_WINDOW_WEEK, 0, 0);
  sn_window_show_page (c.window, "map");
  g_assert_true (wait_for (map_settled, &c, GUINT_TO_POINTER (N_BACKGROUND + N_BURST), 20000));
  wait_drawn (&c);

  emerging = sn_map_data_get_emerging (sn_map_page_get_data (c.page));
  g_assert_nonnull (emerging);
  g_assert_cmpuint (emerging->len, ==, 1);
  e = &g_array_index (emerging, SnHotspotEmerging, 0);
  sn_hotspot_project (BUILDING_LAT, BUILDING_LON, &x, &y);
  g_assert_cmpuint (e->level, ==, SN_MAP_EMERGING_LEVEL);
  g_assert_cmpuint (e->cx, ==, (guint32) floor (x * (1u << e->level)));
  g_assert_cmpuint (e->cy, ==, (guint32) floor (y * (1u << e->level)));
  g_assert_cmpuint (e->recent, >=, N_BURST);
  g_assert_cmpfloat (e->q_value, <, 0.05);

  /* Outlined where the building is. */
  layer = GTK_WIDGET (sn_map_page_get_cluster_layer (c.page));
  shumate_viewport_location_to_widget_coords (shumate_layer_get_viewport (SHUMATE_LAYER (layer)),
                                              layer, BUILDING_LAT, BUILDING_LON, &wx, &wy);
  layer_to_page (&c, layer, wx, wy, &ox, &oy);
  g_assert_cmpint (sn_cluster_layer_pick_emerging (SN_CLUSTER_LAYER (layer), wx, wy), ==, 0);
  console_close (&c);
  sn_test_hub_free (hub);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *cache = g_dir_make_tmp ("shuniu-map-cache-XXXXXX", &error);
  int status;

  g_assert_no_error (error);
  /* Before anything reads it: the map's tile cache stays out of the user's. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_resources_register (sn_console_get_resource ());
  g_test_add_func ("/map/district-counts", test_district_counts);
  g_test_add_func ("/map/district-click", test_district_click);
  g_test_add_func ("/map/cluster-click", test_cluster_click);
  g_test_add_func ("/map/official-scope", test_official_scope);
  g_test_add_func ("/map/hub-tiles", test_hub_tiles);
  g_test_add_func ("/map/emerging", test_emerging);
  status = g_test_run ();
  remove_tree (cache);
  return status;
}
