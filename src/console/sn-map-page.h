/* sn-map-page.h — the Map page: where complaints pile up, which are about to be late, and
 * whose district they are in
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "sn-context.h"
#include "sn-map-data.h"
#include "sn-map-layers.h"

G_BEGIN_DECLS

#define SN_TYPE_MAP_PAGE (sn_map_page_get_type ())
G_DECLARE_FINAL_TYPE (SnMapPage, sn_map_page, SN, MAP_PAGE, GtkWidget)

typedef enum {
  SN_MAP_WINDOW_HOUR,
  SN_MAP_WINDOW_TODAY,
  SN_MAP_WINDOW_WEEK,
  SN_MAP_WINDOW_ALL,
  SN_MAP_WINDOW_CUSTOM,
} SnMapWindow;

GtkWidget *sn_map_page_new (SnContext *context);

SnMapData *sn_map_page_get_data (SnMapPage *self);
ShumateMap *sn_map_page_get_map (SnMapPage *self);
SnDistrictLayer *sn_map_page_get_district_layer (SnMapPage *self);
SnClusterLayer *sn_map_page_get_cluster_layer (SnMapPage *self);

void sn_map_page_set_window (SnMapPage *self, SnMapWindow window, gint64 from, gint64 to);
/* Shows the whole of the districts the hub sent. */
void sn_map_page_zoom_to_districts (SnMapPage *self);
/* What a click at widget point (x, y) of the map does (a district or cluster popover, or an
 * emerging hotspot); returns the popover shown, or NULL. */
GtkWidget *sn_map_page_click (SnMapPage *self, double x, double y);
/* The lines of text of the popover shown last, for tests. */
GPtrArray *sn_map_page_get_popover_lines (SnMapPage *self);
/* The map's base: "hub", "url" or "plain". */
const char *sn_map_page_get_base (SnMapPage *self);

G_END_DECLS
