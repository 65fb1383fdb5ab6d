/* sn-map-layers.h — the Map page's own layers, drawn in snapshot from SnMapData: districts
 * (a choropleth with labels), heat (density normalised to the view), and clusters (counts
 * coloured by the worst SLA state inside, single work orders at the highest zooms, and
 * emerging hotspots outlined)
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "sn-map-data.h"
#include "sn-map-view.h"

G_BEGIN_DECLS

#define SN_TYPE_DISTRICT_LAYER (sn_district_layer_get_type ())
G_DECLARE_FINAL_TYPE (SnDistrictLayer, sn_district_layer, SN, DISTRICT_LAYER, ShumateLayer)

SnDistrictLayer *sn_district_layer_new (ShumateViewport *viewport, SnMapData *data);
void sn_district_layer_set_measure (SnDistrictLayer *self, SnMapMeasure measure);
SnMapMeasure sn_district_layer_get_measure (SnDistrictLayer *self);
/* The scale of the last drawing, for the legend. */
const SnMapScale *sn_district_layer_get_scale (SnDistrictLayer *self);
/* The district under widget point (x, y), or -1. */
int sn_district_layer_pick (SnDistrictLayer *self, double x, double y);
/* The value drawn for @district in the last snapshot (NAN if none was drawn), for tests. */
double sn_district_layer_get_drawn_value (SnDistrictLayer *self, guint district);

#define SN_TYPE_HEAT_LAYER (sn_heat_layer_get_type ())
G_DECLARE_FINAL_TYPE (SnHeatLayer, sn_heat_layer, SN, HEAT_LAYER, ShumateLayer)

SnHeatLayer *sn_heat_layer_new (ShumateViewport *viewport, SnMapData *data);

#define SN_TYPE_CLUSTER_LAYER (sn_cluster_layer_get_type ())
G_DECLARE_FINAL_TYPE (SnClusterLayer, sn_cluster_layer, SN, CLUSTER_LAYER, ShumateLayer)

SnClusterLayer *sn_cluster_layer_new (ShumateViewport *viewport, SnMapData *data);
void sn_cluster_layer_set_show_clusters (SnClusterLayer *self, gboolean show);
void sn_cluster_layer_set_show_emerging (SnClusterLayer *self, gboolean show);
/* The cluster under widget point (x, y): its level and cell, or FALSE. */
gboolean sn_cluster_layer_pick (SnClusterLayer *self, double x, double y, guint *level, guint32 *cx,
                                guint32 *cy);
/* The emerging hotspot under (x, y), as an index into sn_map_data_get_emerging (), or -1. */
int sn_cluster_layer_pick_emerging (SnClusterLayer *self, double x, double y);
/* Clusters drawn in the last snapshot and their total count, for tests and benchmarks. */
guint sn_cluster_layer_get_n_drawn (SnClusterLayer *self, guint *total);
/* Cluster @i of the last snapshot: its centre in widget coordinates, and its level and cell
 * (as sn_cluster_layer_pick() gives them), for tests; FALSE when @i is out of range. */
gboolean sn_cluster_layer_get_drawn (SnClusterLayer *self, guint i, double *x, double *y,
                                     guint *level, guint32 *cx, guint32 *cy);

G_END_DECLS
