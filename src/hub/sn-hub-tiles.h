/* sn-hub-tiles.h — map data the hub serves: raster tiles from an MBTiles file, and the
 * district boundaries of a city pack
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "sn-auth.h"

G_BEGIN_DECLS

/* ── MBTiles (sn-hub-tiles.c) ─────────────────────────────────────────────────── */

/* Zoom levels above this are refused (2^30 tiles a side is below a centimetre). */
#define SN_MBTILES_MAX_ZOOM 30

/* An MBTiles file (https://github.com/mapbox/mbtiles-spec), opened read-only: a "tiles"
 * table or view (zoom_level, tile_column, tile_row, tile_data) with TMS rows, and an
 * optional "metadata" table (name, value). */
typedef struct _SnMbtiles SnMbtiles;

/* Fails with SN_HUB_ERROR_LOAD and a message that says what is wrong (not a file, not an
 * SQLite database, no tiles table, …). */
SnMbtiles *sn_mbtiles_open (const char *path, GError **error);
void sn_mbtiles_free (SnMbtiles *self);

/* The tile at XYZ coordinates (y counted from the north, as web maps do), or NULL with no
 * error when the file has none. */
GBytes *sn_mbtiles_get_tile (SnMbtiles *self, guint z, guint x, guint y, GError **error);
/* The MIME type of @tile: from the metadata "format", else from its first bytes. */
const char *sn_mbtiles_get_content_type (SnMbtiles *self, GBytes *tile);
/* {"available": true, "name", "format", "minzoom", "maxzoom", "bounds": [w, s, e, n],
 * "attribution"} (members the file does not give are null). */
GBytes *sn_mbtiles_get_metadata_json (SnMbtiles *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnMbtiles, sn_mbtiles_free)

/* ── district boundaries (sn-hub-districts.c) ─────────────────────────────────── */

/* A city pack's districts as GeoJSON, with each feature's properties normalised to
 * {code, name, population}, and the answers already serialised per scope. */
typedef struct _SnHubDistricts SnHubDistricts;

/* @city: a folder under $SHUNIU_DATA_DIR/cities, PKGDATADIR/cities or the source tree's
 * data/cities, holding districts.geojson and optionally pack.json and districts.json.
 * Fails with SN_HUB_ERROR_LOAD when the pack is missing or broken. */
SnHubDistricts *sn_hub_districts_load (const char *city, GError **error);
void sn_hub_districts_free (SnHubDistricts *self);
/* The FeatureCollection @who may see, and its strong ETag (owned by @self). */
GBytes *sn_hub_districts_get (SnHubDistricts *self, const SnPrincipal *who, const char **out_etag);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnHubDistricts, sn_hub_districts_free)

/* ── HTTP helpers shared by the map endpoints ─────────────────────────────────── */

/* A strong entity tag ("…" around a SHA-256 prefix) for @bytes. */
char *sn_hub_etag_for_bytes (GBytes *bytes);
/* Answers 304 when the request's If-None-Match matches @etag, else 200 with @body; either
 * way with the ETag and @cache_control (may be NULL). */
void sn_hub_reply_cached (SoupServerMessage *msg, GBytes *body, const char *content_type,
                          const char *etag, const char *cache_control);

G_END_DECLS
