/* sn-test-mbtiles.h — a small MBTiles file for tests: real PNG tiles over Beijing
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The area the generated tiles cover (degrees): Beijing's 16 districts. */
#define SN_TEST_MBTILES_WEST 115.4
#define SN_TEST_MBTILES_SOUTH 39.4
#define SN_TEST_MBTILES_EAST 117.6
#define SN_TEST_MBTILES_NORTH 41.1
#define SN_TEST_MBTILES_NAME "Shuniu test tiles"
#define SN_TEST_MBTILES_ATTRIBUTION "Test tiles drawn by the Shuniu tests"

/* Writes @path (replacing it) as an MBTiles file: metadata (name, format png, minzoom 0,
 * maxzoom @max_zoom, bounds, attribution) and, for every zoom level 0 … @max_zoom, the
 * tiles that cover the area above, each a 256×256 PNG of its own colour with "z/x/y" (XYZ,
 * y from the north) written on it. */
gboolean sn_test_make_mbtiles (const char *path, guint max_zoom, GError **error);

/* The XYZ tile range covering the area at @z (inclusive). */
void sn_test_mbtiles_range (guint z, guint *x0, guint *x1, guint *y0, guint *y1);

/* The tile_data stored at (@z, @tile_column, @tile_row) — a TMS row, as stored — or NULL. */
GBytes *sn_test_mbtiles_blob (const char *path, guint z, guint tile_column, guint tile_row);

G_END_DECLS
