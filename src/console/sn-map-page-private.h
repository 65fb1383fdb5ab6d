/* sn-map-page-private.h — what the Map page's files share: the page's structure and the
 * functions one file builds a part of the page with for another
 *
 *   sn-map-page.c           filters, the map and its base, districts from the hub, clicks
 *   sn-map-page-panels.c    the toolbar, the side panel of emerging hotspots, the legend
 *   sn-map-page-popovers.c  the district and cluster popovers
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-map-page.h"

G_BEGIN_DECLS

struct _SnMapPage
{
  GtkWidget parent_instance;

  SnContext *context;
  SnMapData *data;
  GtkWidget *root;
  ShumateSimpleMap *simple;
  SnDistrictLayer *districts;
  SnHeatLayer *heat;
  SnClusterLayer *clusters;
  GtkWidget *overlay;
  GtkWidget *window_dropdown;
  GtkWidget *category;
  GtkWidget *state;
  GtkWidget *stall;
  GtkWidget *measure;
  GtkWidget *layer_toggles[4];
  GtkWidget *legend;
  GtkWidget *status;
  GtkWidget *note;
  GtkWidget *emerging_list;
  GtkWidget *emerging_revealer;
  GtkWidget *emerging_toggle;
  GtkWidget *popover;
  GPtrArray *popover_lines;
  GtkWidget *custom_from;
  GtkWidget *custom_to;
  gboolean custom_pending; /* "Custom…" chosen, its times not applied yet */
  GCancellable *tiles_cancellable; /* the GET /v1/tiles of the last choice of base */
  guint districts_hash; /* of the boundaries shown, so a reconnect to the same hub keeps them */

  SnMapWindow window;
  gint64 custom_from_time, custom_to_time;
  GPtrArray *shown_categories; /* codes in the category drop-down, after "any" */
  const char *base;
  gboolean zoomed;
  GCancellable *cancellable;
  guint tick_source;
};

/* The toolbar, the side panel and the legend (sn-map-page-panels.c) */
GtkWidget *sn_map_page_build_toolbar (SnMapPage *self);
GtkWidget *sn_map_page_build_side (SnMapPage *self);
void sn_map_page_update_legend (SnMapPage *self);
void sn_map_page_update_emerging (SnMapPage *self);

/* The popovers (sn-map-page-popovers.c); each returns the popover shown, or NULL. */
GtkWidget *sn_map_page_district_popover (SnMapPage *self, guint district, double x, double y);
GtkWidget *sn_map_page_cluster_popover (SnMapPage *self, guint level, guint32 cx, guint32 cy,
                                        double x, double y);

G_END_DECLS
