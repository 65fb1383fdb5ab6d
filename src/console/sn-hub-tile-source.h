/* sn-hub-tile-source.h — map tiles from the hub's /v1/tiles, for libshumate
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <shumate/shumate.h>

G_BEGIN_DECLS

#define SN_TYPE_HUB_TILE_SOURCE (sn_hub_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (SnHubTileSource, sn_hub_tile_source, SN, HUB_TILE_SOURCE, ShumateDataSource)

/* GETs {hub_url}/v1/tiles/{z}/{x}/{y} with "Authorization: Bearer @token" (http or https).
 * A tile the hub does not have fails with G_IO_ERROR_NOT_FOUND, so the map leaves it
 * empty; a refused token with G_IO_ERROR_PERMISSION_DENIED. @session may be NULL (a
 * session of the source's own). */
SnHubTileSource *sn_hub_tile_source_new (const char *hub_url, const char *token,
                                         SoupSession *session);
const char *sn_hub_tile_source_get_hub_url (SnHubTileSource *self);
/* For the requests that follow (a console that reconnects with another token). */
void sn_hub_tile_source_set_token (SnHubTileSource *self, const char *token);

/* A raster map source (id "shuniu-hub", 256-pixel Mercator tiles) drawing from the hub.
 * @metadata: the hub's GET /v1/tiles answer (name, attribution, minzoom, maxzoom), or
 * NULL for defaults (zoom 0–19). */
ShumateMapSource *sn_hub_tile_source_new_map_source (const char *hub_url, const char *token,
                                                     JsonObject *metadata);

G_END_DECLS
