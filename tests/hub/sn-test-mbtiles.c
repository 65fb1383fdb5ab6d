/* sn-test-mbtiles.c — a small MBTiles file for tests: real PNG tiles over Beijing
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>

#include "sn-test-mbtiles.h"

#define TILE_SIZE 256

static guint
lon_to_x (double lon, guint z)
{
  double n = (double) (1u << z);

  return (guint) CLAMP (floor ((lon + 180.0) / 360.0 * n), 0, n - 1);
}

static guint
lat_to_y (double lat, guint z)
{
  double n = (double) (1u << z);
  double phi = lat * G_PI / 180.0;

  return (guint) CLAMP (floor ((1.0 - asinh (tan (phi)) / G_PI) / 2.0 * n), 0, n - 1);
}

void
sn_test_mbtiles_range (guint z, guint *x0, guint *x1, guint *y0, guint *y1)
{
  *x0 = lon_to_x (SN_TEST_MBTILES_WEST, z);
  *x1 = lon_to_x (SN_TEST_MBTILES_EAST, z);
  *y0 = lat_to_y (SN_TEST_MBTILES_NORTH, z);
  *y1 = lat_to_y (SN_TEST_MBTILES_SOUTH, z);
}

static cairo_status_t
write_png_cb (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Seven-segment digits and "/", drawn with lines: no fonts, so the PNGs are the same bytes
 * on every machine (and fontconfig keeps nothing alive in the test process). */
#define GLYPH_W 16.0
#define GLYPH_H 28.0
#define GLYPH_ADVANCE 24.0

static void
draw_glyph (cairo_t *cr, char c, double x, double y)
{
  /* Segments a…g as bits 0…6, for digits 0…9. */
  static const guint8 digits[] = { 0x3f, 0x06, 0x5b, 0x4f, 0x66, 0x6d, 0x7d, 0x07, 0x7f, 0x6f };
  /* Each segment from (x1, y1) to (x2, y2), in units of the glyph's width and half-height. */
  static const double segments[7][4] = {
    { 0, 0, 1, 0 }, { 1, 0, 1, 1 }, { 1, 1, 1, 2 }, { 0, 2, 1, 2 },
    { 0, 1, 0, 2 }, { 0, 0, 0, 1 }, { 0, 1, 1, 1 },
  };

  if (c == '/')
    {
      cairo_move_to (cr, x, y + GLYPH_H);
      cairo_line_to (cr, x + GLYPH_W, y);
      return;
    }
  g_assert (g_ascii_isdigit (c));
  for (guint s = 0; s < 7; s++)
    if (digits[c - '0'] & (1 << s))
      {
        cairo_move_to (cr, x + segments[s][0] * GLYPH_W, y + segments[s][1] * GLYPH_H / 2);
        cairo_line_to (cr, x + segments[s][2] * GLYPH_W, y + segments[s][3] * GLYPH_H / 2);
      }
}

/* A tile of its own colour (the hue walks with z, x and y), with "z/x/y" on it. */
static GBytes *
draw_tile (guint z, guint x, guint y)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE_SIZE, TILE_SIZE);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();
  g_autofree char *label = g_strdup_printf ("%u/%u/%u", z, x, y);
  double hue = fmod (z * 0.31 + x * 0.137 + y * 0.071, 1.0) * 2 * G_PI;
  double width = strlen (label) * GLYPH_ADVANCE - (GLYPH_ADVANCE - GLYPH_W);
  double left = (TILE_SIZE - width) / 2, top = (TILE_SIZE - GLYPH_H) / 2;

  cairo_set_source_rgb (cr, 0.6 + 0.35 * cos (hue), 0.6 + 0.35 * cos (hue + 2.1),
                        0.6 + 0.35 * cos (hue + 4.2));
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_set_line_width (cr, 2);
  cairo_rectangle (cr, 1, 1, TILE_SIZE - 2, TILE_SIZE - 2);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 3);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; label[i] != '\0'; i++)
    draw_glyph (cr, label[i], left + i * GLYPH_ADVANCE, top);
  cairo_stroke (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, write_png_cb, png), ==,
                   CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

static gboolean
exec_sql (sqlite3 *db, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, message);
  sqlite3_free (message);
  return FALSE;
}

static gboolean
write_metadata (sqlite3 *db, guint max_zoom, GError **error)
{
  g_autofree char *maxzoom = g_strdup_printf ("%u", max_zoom);
  g_autofree char *bounds = g_strdup_printf ("%.1f,%.1f,%.1f,%.1f", SN_TEST_MBTILES_WEST,
                                             SN_TEST_MBTILES_SOUTH, SN_TEST_MBTILES_EAST,
                                             SN_TEST_MBTILES_NORTH);
  const char *const rows[] = { "name",        SN_TEST_MBTILES_NAME,
                               "format",      "png",
                               "type",        "baselayer",
                               "version",     "1",
                               "minzoom",     "0",
                               "maxzoom",     maxzoom,
                               "bounds",      bounds,
                               "attribution", SN_TEST_MBTILES_ATTRIBUTION };
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  sqlite3_prepare_v2 (db, "INSERT INTO metadata (name, value) VALUES (?1, ?2)", -1, &stmt, NULL);
  for (guint i = 0; ok && i < G_N_ELEMENTS (rows); i += 2)
    {
      sqlite3_bind_text (stmt, 1, rows[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, rows[i + 1], -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "metadata: %s", sqlite3_errmsg (db));
  return ok;
}

static gboolean
write_tiles (sqlite3 *db, guint max_zoom, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  sqlite3_prepare_v2 (db,
                      "INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) "
                      "VALUES (?1, ?2, ?3, ?4)",
                      -1, &stmt, NULL);
  for (guint z = 0; ok && z <= max_zoom; z++)
    {
      guint x0, x1, y0, y1;

      sn_test_mbtiles_range (z, &x0, &x1, &y0, &y1);
      for (guint x = x0; ok && x <= x1; x++)
        for (guint y = y0; ok && y <= y1; y++)
          {
            g_autoptr (GBytes) png = draw_tile (z, x, y);
            gsize n;
            gconstpointer data = g_bytes_get_data (png, &n);

            sqlite3_bind_int (stmt, 1, (int) z);
            sqlite3_bind_int (stmt, 2, (int) x);
            sqlite3_bind_int (stmt, 3, (int) ((1u << z) - 1 - y)); /* TMS: from the south */
            sqlite3_bind_blob (stmt, 4, data, (int) n, SQLITE_TRANSIENT);
            ok = sqlite3_step (stmt) == SQLITE_DONE;
            sqlite3_reset (stmt);
          }
    }
  sqlite3_finalize (stmt);
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "tiles: %s", sqlite3_errmsg (db));
  return ok;
}

gboolean
sn_test_make_mbtiles (const char *path, guint max_zoom, GError **error)
{
  sqlite3 *db = NULL;
  gboolean ok;

  g_return_val_if_fail (max_zoom <= 16, FALSE);

  g_unlink (path);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, sqlite3_errmsg (db));
      sqlite3_close (db);
      return FALSE;
    }
  ok = exec_sql (db,
                 "BEGIN;"
                 "CREATE TABLE metadata (name TEXT, value TEXT);"
                 "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
                 " tile_data BLOB);"
                 "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);",
                 error)
       && write_metadata (db, max_zoom, error) && write_tiles (db, max_zoom, error)
       && exec_sql (db, "COMMIT", error);
  sqlite3_close (db);
  return ok;
}

GBytes *
sn_test_mbtiles_blob (const char *path, guint z, guint tile_column, guint tile_row)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GBytes *blob = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT tile_data FROM tiles WHERE zoom_level = ?1 "
                                       "AND tile_column = ?2 AND tile_row = ?3",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, (int) z);
  sqlite3_bind_int (stmt, 2, (int) tile_column);
  sqlite3_bind_int (stmt, 3, (int) tile_row);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    blob = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return blob;
}
