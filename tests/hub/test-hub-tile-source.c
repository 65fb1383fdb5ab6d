/* test-hub-tile-source.c — the console's SnHubTileSource against a real hub: the tile bytes
 * arrive through "received-data" (which libshumate 1.0.3 draws from) and the task, missing
 * tiles and refused tokens are errors the map understands, cancellation is honoured.
 * Data sources and map sources are plain GObjects: no display is needed.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sn-hub-tile-source.h"
#include "sn-test-hub.h"
#include "sn-test-mbtiles.h"

#define MAX_ZOOM 6

typedef struct
{
  char *dir;
  char *mbtiles;
  SnTestHub *hub;
  char *token;
} Fixture;

typedef struct
{
  gboolean done;
  GBytes *bytes;
  GError *error;
  guint signals;
  int x, y, z;
  GBytes *signal_bytes;
  gboolean signal_before_done;
} Fetch;

static void
fetch_clear (Fetch *fetch)
{
  g_clear_pointer (&fetch->bytes, g_bytes_unref);
  g_clear_pointer (&fetch->signal_bytes, g_bytes_unref);
  g_clear_error (&fetch->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fetch, fetch_clear)

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char *args[3] = { "--tiles", NULL, NULL };

  f->dir = g_dir_make_tmp ("shuniu-tile-source-XXXXXX", &error);
  g_assert_no_error (error);
  f->mbtiles = g_build_filename (f->dir, "beijing.mbtiles", NULL);
  g_assert_true (sn_test_make_mbtiles (f->mbtiles, MAX_ZOOM, &error));
  g_assert_no_error (error);
  args[1] = f->mbtiles;
  f->hub = sn_test_hub_new (args);
  f->token = sn_test_hub_token (f->hub, "official", "海淀区政府", "110108");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sn_test_hub_free (f->hub);
  g_unlink (f->mbtiles);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->mbtiles);
  g_free (f->token);
}

static void
received_data_cb (ShumateDataSource *source, int x, int y, int z, GBytes *bytes, gpointer user_data)
{
  Fetch *fetch = user_data;

  fetch->signals++;
  fetch->x = x, fetch->y = y, fetch->z = z;
  g_clear_pointer (&fetch->signal_bytes, g_bytes_unref);
  fetch->signal_bytes = g_bytes_ref (bytes);
  fetch->signal_before_done = !fetch->done;
}

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fetch *fetch = user_data;

  fetch->bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (source), result,
                                                           &fetch->error);
  fetch->done = TRUE;
}

static void
get_tile (SnHubTileSource *source, int x, int y, int z, GCancellable *cancellable, Fetch *fetch)
{
  gulong id = g_signal_connect (source, "received-data", G_CALLBACK (received_data_cb), fetch);

  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), x, y, z, cancellable,
                                           fetched_cb, fetch);
  sn_test_run_until (&fetch->done, 10000);
  g_assert_true (fetch->done);
  g_signal_handler_disconnect (source, id);
}

static void
test_fetch (Fixture *f, gconstpointer data)
{
  g_autoptr (SnHubTileSource) source = NULL;
  g_autofree char *url = g_strconcat (f->hub->url, "/", NULL);
  guint x0, x1, y0, y1;

  /* A trailing "/" on the hub's address is fine. */
  source = sn_hub_tile_source_new (url, f->token, NULL);
  g_assert_cmpstr (sn_hub_tile_source_get_hub_url (source), ==, f->hub->url);
  for (guint z = 0; z <= MAX_ZOOM; z += 3)
    {
      sn_test_mbtiles_range (z, &x0, &x1, &y0, &y1);
      for (guint x = x0; x <= x1; x++)
        for (guint y = y0; y <= y1; y++)
          {
            g_autoptr (GBytes) blob = sn_test_mbtiles_blob (f->mbtiles, z, x, (1u << z) - 1 - y);
            g_auto (Fetch) fetch = { 0 };

            get_tile (source, (int) x, (int) y, (int) z, NULL, &fetch);
            g_assert_no_error (fetch.error);
            g_assert_nonnull (blob);
            g_assert_true (g_bytes_equal (fetch.bytes, blob));
            /* The signal came once, first, with the same tile and bytes. */
            g_assert_cmpuint (fetch.signals, ==, 1);
            g_assert_true (fetch.signal_before_done);
            g_assert_cmpint (fetch.x, ==, (int) x);
            g_assert_cmpint (fetch.y, ==, (int) y);
            g_assert_cmpint (fetch.z, ==, (int) z);
            g_assert_true (g_bytes_equal (fetch.signal_bytes, blob));
          }
    }
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autoptr (SnHubTileSource) source = sn_hub_tile_source_new (f->hub->url, f->token, NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  guint x0, x1, y0, y1;

  sn_test_mbtiles_range (MAX_ZOOM, &x0, &x1, &y0, &y1);
  {
    /* Outside the file's area: NOT_FOUND, so the map leaves the tile empty. */
    g_auto (Fetch) fetch = { 0 };

    get_tile (source, 0, 0, 3, NULL, &fetch);
    g_assert_error (fetch.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_null (fetch.bytes);
    g_assert_cmpuint (fetch.signals, ==, 0);
  }
  {
    g_auto (Fetch) fetch = { 0 };

    g_cancellable_cancel (cancellable);
    get_tile (source, (int) x0, (int) y0, MAX_ZOOM, cancellable, &fetch);
    g_assert_error (fetch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (fetch.signals, ==, 0);
  }
  {
    g_auto (Fetch) fetch = { 0 };

    get_tile (source, -1, 0, 3, NULL, &fetch);
    g_assert_error (fetch.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
  {
    /* A revoked or wrong token: PERMISSION_DENIED; a new token works again. */
    g_auto (Fetch) fetch = { 0 };
    g_auto (Fetch) again = { 0 };

    sn_hub_tile_source_set_token (source, "sn_not-a-real-token");
    get_tile (source, (int) x0, (int) y0, MAX_ZOOM, NULL, &fetch);
    g_assert_error (fetch.error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    sn_hub_tile_source_set_token (source, f->token);
    get_tile (source, (int) x0, (int) y0, MAX_ZOOM, NULL, &again);
    g_assert_no_error (again.error);
    g_assert_cmpuint (again.signals, ==, 1);
  }
}

static void
test_map_source (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonObject) metadata = sn_test_get_object (f->hub, f->token, "/v1/tiles", 200);
  g_autoptr (ShumateMapSource)
      map = sn_hub_tile_source_new_map_source (f->hub->url, f->token, metadata);
  g_autoptr (ShumateMapSource)
      plain = sn_hub_tile_source_new_map_source (f->hub->url, f->token, NULL);
  g_autoptr (ShumateDataSource) data_source = NULL;

  g_assert_true (SHUMATE_IS_RASTER_RENDERER (map));
  g_assert_cmpstr (shumate_map_source_get_id (map), ==, "shuniu-hub");
  g_assert_cmpstr (shumate_map_source_get_name (map), ==, SN_TEST_MBTILES_NAME);
  g_assert_cmpstr (shumate_map_source_get_license (map), ==, SN_TEST_MBTILES_ATTRIBUTION);
  g_assert_cmpuint (shumate_map_source_get_min_zoom_level (map), ==, 0);
  g_assert_cmpuint (shumate_map_source_get_max_zoom_level (map), ==, MAX_ZOOM);
  g_assert_cmpuint (shumate_map_source_get_tile_size (map), ==, 256);
  g_assert_cmpint (shumate_map_source_get_projection (map), ==, SHUMATE_MAP_PROJECTION_MERCATOR);
  g_object_get (map, "data-source", &data_source, NULL);
  g_assert_true (SN_IS_HUB_TILE_SOURCE (data_source));
  g_assert_cmpstr (sn_hub_tile_source_get_hub_url (SN_HUB_TILE_SOURCE (data_source)), ==,
                   f->hub->url);
  /* Without metadata: the defaults. */
  g_assert_cmpstr (shumate_map_source_get_id (plain), ==, "shuniu-hub");
  g_assert_cmpuint (shumate_map_source_get_min_zoom_level (plain), ==, 0);
  g_assert_cmpuint (shumate_map_source_get_max_zoom_level (plain), ==, 19);
}

static void
filled_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fetch *fetch = user_data;

  g_assert_true (
      shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (source), result, &fetch->error));
  fetch->done = TRUE;
}

/* libshumate's raster renderer turns what the source delivers into the tile's picture. */
static void
test_fill_tile (Fixture *f, gconstpointer data)
{
  g_autoptr (ShumateMapSource)
      map = sn_hub_tile_source_new_map_source (f->hub->url, f->token, NULL);
  g_autoptr (ShumateTile) tile = NULL;
  g_auto (Fetch) fetch = { 0 };
  GdkPaintable *paintable;
  guint x0, x1, y0, y1;

  sn_test_mbtiles_range (MAX_ZOOM, &x0, &x1, &y0, &y1);
  tile = shumate_tile_new_full (x1, y1, 256, MAX_ZOOM);
  shumate_map_source_fill_tile_async (map, tile, NULL, filled_cb, &fetch);
  sn_test_run_until (&fetch.done, 10000);
  g_assert_true (fetch.done);
  g_assert_no_error (fetch.error);
  g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_DONE);
  paintable = shumate_tile_get_paintable (tile);
  g_assert_nonnull (paintable);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 256);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 256);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn)                                                                              \
  g_test_add ("/hub/tile-source/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("fetch", test_fetch);
  ADD ("errors", test_errors);
  ADD ("map-source", test_map_source);
  ADD ("fill-tile", test_fill_tile);
#undef ADD
  return g_test_run ();
}
