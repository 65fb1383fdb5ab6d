/* test-map-la.c — real Los Angeles 311 requests on the Map page: imported with
 * `shuniu-hub import` and the MyLA311 mapping into a hub serving the los-angeles city pack
 * (neighborhood councils as districts), then the per-council counts the map draws are checked
 * against a point-in-polygon count made here and against the requests' own council ids
 *
 * By default the fixtures in tests/data/la/ (352 real rows); SHUNIU_LA_FILES=a.csv:b.csv runs
 * the same checks on the full MyLA311 files and prints the figures.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>

#include "sn-console-resources.h"
#include "sn-geo.h"
#include "sn-map-page.h"
#include "sn-test-hub.h"
#include "sn-window.h"

typedef struct
{
  char *field; /* the request's own council id (the "district" the import mapped from NC) */
  gboolean located;
  double lat, lon;
} Request;

static void
request_free (Request *r)
{
  g_free (r->field);
  g_free (r);
}

static char *
source_path (const char *first, ...)
{
  g_autofree char *base = g_test_build_filename (G_TEST_DIST, "..", NULL);
  GString *s = g_string_new (base);
  va_list ap;

  va_start (ap, first);
  for (const char *p = first; p != NULL; p = va_arg (ap, const char *))
    {
      g_string_append_c (s, G_DIR_SEPARATOR);
      g_string_append (s, p);
    }
  va_end (ap);
  return g_string_free (s, FALSE);
}

/* Runs `shuniu-hub import` against @hub; returns the number of records applied. */
static guint
import_files (SnTestHub *hub)
{
  const char *env = g_getenv ("SHUNIU_LA_FILES");
  g_auto (GStrv) files = env ? g_strsplit (env, ":", -1) : NULL;
  g_autofree char *token = sn_test_hub_token (hub, "ingest", "import", NULL);
  g_autofree char *token_file = g_build_filename (hub->dir, "ingest.token", NULL);
  g_autofree char *mapping = source_path ("data", "import", "myla311.json", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  const char *applied;
  int status;

  g_assert_true (g_file_set_contents (token_file, token, -1, NULL));
  g_ptr_array_add (argv, g_strdup (sn_test_hub_binary ()));
  g_ptr_array_add (argv, g_strdup ("import"));
  if (files != NULL)
    for (guint i = 0; files[i] != NULL; i++)
      g_ptr_array_add (argv, g_strdup (files[i]));
  else
    {
      g_ptr_array_add (argv, source_path ("tests", "data", "la", "la311_2017_fixture.csv", NULL));
      g_ptr_array_add (argv, source_path ("tests", "data", "la", "la311_2020_fixture.csv", NULL));
    }
  g_ptr_array_add (argv, g_strdup ("--mapping"));
  g_ptr_array_add (argv, g_strdup (mapping));
  g_ptr_array_add (argv, g_strdup ("--hub"));
  g_ptr_array_add (argv, g_strdup (hub->url));
  g_ptr_array_add (argv, g_strdup ("--token-file"));
  g_ptr_array_add (argv, g_strdup (token_file));
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_test_message ("import: %s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  applied = strstr (err, "Applied: ");
  if (applied == NULL)
    applied = strstr (out, "Applied: ");
  g_assert_nonnull (applied);
  return (guint) g_ascii_strtoull (applied + strlen ("Applied: "), NULL, 10);
}

/* Every work order the hub holds, through its REST API, page by page. */
static GPtrArray *
fetch_requests (SnTestHub *hub, const char *token)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  g_autofree char *cursor = NULL;

  do
    {
      g_autofree char *url = cursor ? g_strdup_printf ("%s/v1/tickets?limit=1000&cursor=%s",
                                                       hub->url, cursor)
                                    : g_strdup_printf ("%s/v1/tickets?limit=1000", hub->url);
      guint status = 0;
      g_autoptr (JsonNode) node = sn_test_http_json ("GET", url, token, NULL, NULL, &status);
      JsonObject *page = json_node_get_object (node);
      JsonArray *tickets = json_object_get_array_member (page, "tickets");
      JsonNode *next = json_object_get_member (page, "next_cursor");

      g_assert_cmpuint (status, ==, 200);
      for (guint i = 0; i < json_array_get_length (tickets); i++)
        {
          JsonObject *t = json_array_get_object_element (tickets, i);
          Request *r = g_new0 (Request, 1);

          if (json_object_has_member (t, "district")
              && !json_object_get_null_member (t, "district"))
            r->field = g_strdup (json_object_get_string_member (t, "district"));
          r->located = json_object_has_member (t, "lat") && !json_object_get_null_member (t, "lat");
          if (r->located)
            {
              r->lat = json_object_get_double_member (t, "lat");
              r->lon = json_object_get_double_member (t, "long");
            }
          g_ptr_array_add (out, r);
        }
      g_clear_pointer (&cursor, g_free);
      if (next != NULL && JSON_NODE_HOLDS_VALUE (next))
        cursor = g_uri_escape_string (json_node_get_string (next), NULL, TRUE);
    }
  while (cursor != NULL);
  return out;
}

/* ── the console ───────────────────────────────────────────────────────────────────── */

typedef struct
{
  SnContext *context;
  SnWindow *window;
  SnMapPage *page;
  guint frames;
  guint expected;
} Console;

static gboolean
map_ready (Console *c)
{
  SnMapData *data = sn_map_page_get_data (c->page);
  guint n_stats, placed = 0;
  const SnMapDistrictStats *stats;

  if (sn_console_model_get_n_tickets (sn_context_get_model (c->context)) != c->expected
      || sn_map_data_get_areas (data) == NULL || sn_map_data_get_index (data) == NULL
      || sn_map_data_is_updating (data))
    return FALSE;
  stats = sn_map_data_get_district_stats (data, &n_stats);
  for (guint i = 0; i < n_stats; i++)
    placed += stats[i].total;
  return placed + sn_map_data_get_n_unplaced (data) == c->expected;
}

static void
after_paint (GdkFrameClock *clock, Console *c)
{
  c->frames++;
}

static void
wait_until (gboolean (*check) (Console *c), Console *c, guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!check (c) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (check (c));
}

static gboolean
two_frames (Console *c)
{
  return c->frames >= 2;
}

static void
wait_drawn (Console *c)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (c->window));
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), c);

  c->frames = 0;
  gtk_widget_queue_draw (GTK_WIDGET (sn_map_page_get_district_layer (c->page)));
  wait_until (two_frames, c, 5000);
  g_signal_handler_disconnect (clock, id);
}

/* ── the check ─────────────────────────────────────────────────────────────────────── */

static void
test_la_councils (void)
{
  const char *args[] = { "--city", "los-angeles", NULL };
  SnTestHub *hub = sn_test_hub_new (args);
  g_autofree char *token = sn_test_hub_token (hub, "supervisor", "la", NULL);
  g_autofree char *geojson = source_path ("data", "cities", "los-angeles", "districts.geojson",
                                          NULL);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) requests = NULL;
  g_autofree guint *by_polygon = NULL;
  g_autofree guint *by_field = NULL;
  SnGeoAreas *areas;
  guint n_areas, located = 0, inside = 0, same = 0, equal_districts = 0, diff_sum = 0;
  guint max_diff = 0, field_total = 0;
  Console c = { 0 };

  c.expected = import_files (hub);
  requests = fetch_requests (hub, token);
  g_assert_cmpuint (requests->len, ==, c.expected);
  areas = sn_geo_areas_load_file (geojson, "nc_id", "name", &error);
  g_assert_no_error (error);
  n_areas = sn_geo_areas_get_n_areas (areas);
  g_assert_cmpuint (n_areas, ==, 99);

  /* What the map should draw (by polygon; unlocated by their field), and the requests' own
   * council ids. */
  by_polygon = g_new0 (guint, n_areas);
  by_field = g_new0 (guint, n_areas);
  for (guint i = 0; i < requests->len; i++)
    {
      const Request *r = requests->pdata[i];
      const SnGeoArea *field = r->field ? sn_geo_areas_find (areas, r->field) : NULL;
      const SnGeoArea *where = r->located ? sn_geo_locate (areas, r->lat, r->lon) : field;

      if (where != NULL)
        by_polygon[sn_geo_areas_index_of (areas, where)]++;
      if (field != NULL)
        by_field[sn_geo_areas_index_of (areas, field)]++;
      located += r->located;
      if (r->located && where != NULL)
        {
          inside++;
          same += where == field;
        }
    }

  g_settings_set_uint (settings, "map-layers", 1);
  g_settings_set_string (settings, "map-tiles", "none");
  c.context = sn_context_new (settings);
  c.window = sn_window_new (NULL, c.context);
  c.page = SN_MAP_PAGE (sn_window_get_map (c.window));
  gtk_window_set_default_size (GTK_WINDOW (c.window), 1300, 850);
  gtk_window_present (GTK_WINDOW (c.window));
  sn_window_show_page (c.window, "map");
  sn_map_page_set_window (c.page, SN_MAP_WINDOW_ALL, 0, 0);
  sn_context_connect (c.context, hub->url, token);
  wait_until (map_ready, &c, 60000);
  sn_district_layer_set_measure (sn_map_page_get_district_layer (c.page), SN_MAP_MEASURE_TOTAL);
  wait_drawn (&c);

  {
    const SnGeoAreas *shown = sn_map_data_get_areas (sn_map_page_get_data (c.page));

    g_assert_cmpuint (sn_geo_areas_get_n_areas (shown), ==, n_areas);
    for (guint i = 0; i < n_areas; i++)
      {
        const SnGeoArea *area = sn_geo_areas_get (shown, i);
        const SnGeoArea *mine = sn_geo_areas_find (areas, area->code);
        guint k, diff;
        double drawn = sn_district_layer_get_drawn_value (sn_map_page_get_district_layer (c.page),
                                                          i);

        g_assert_nonnull (mine);
        k = sn_geo_areas_index_of (areas, mine);
        /* The map counts where a request lies. */
        g_assert_cmpfloat (drawn, ==, by_polygon[k]);
        diff = (guint) ABS ((int) by_polygon[k] - (int) by_field[k]);
        equal_districts += diff == 0;
        diff_sum += diff;
        max_diff = MAX (max_diff, diff);
        field_total += by_field[k];
        if (diff > 0)
          g_test_message ("%s %s: map %u, by council id %u", area->code, area->name, by_polygon[k],
                          by_field[k]);
      }
  }
  g_test_message ("LA: %u work orders, %u located, %u inside a council (%.2f %%); council by "
                  "polygon = own council id for %u (%.2f %%); per council: %u of %u equal, "
                  "Σ|map − id| = %u (%.2f %% of %u), max %u",
                  requests->len, located, inside, 100.0 * inside / MAX (located, 1), same,
                  100.0 * same / MAX (inside, 1), equal_districts, n_areas, diff_sum,
                  100.0 * diff_sum / MAX (field_total, 1), field_total, max_diff);
  if (g_getenv ("SHUNIU_LA_FILES") != NULL)
    g_printerr ("LA: %u work orders, %u located, %u inside a council (%.2f %%); council by polygon "
                "= own council id for %u (%.2f %%); per council: %u of %u equal, Σ|map − id| = "
                "%u (%.2f %% of %u), max %u\n",
                requests->len, located, inside, 100.0 * inside / MAX (located, 1), same,
                100.0 * same / MAX (inside, 1), equal_districts, n_areas, diff_sum,
                100.0 * diff_sum / MAX (field_total, 1), field_total, max_diff);
  /* Real data: a few requests sit just across a boundary from their council. */
  g_assert_cmpfloat (100.0 * same / MAX (inside, 1), >=, 97);
  g_assert_cmpfloat (100.0 * diff_sum / MAX (field_total, 1), <=, 6);

  gtk_window_destroy (GTK_WINDOW (c.window));
  g_clear_object (&c.context);
  sn_geo_areas_free (areas);
  sn_test_hub_free (hub);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *cache = g_dir_make_tmp ("shuniu-map-la-XXXXXX", &error);
  int status;

  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_resources_register (sn_console_get_resource ());
  g_test_add_func ("/map/los-angeles/councils", test_la_councils);
  status = g_test_run ();
  g_rmdir (cache);
  return status;
}
