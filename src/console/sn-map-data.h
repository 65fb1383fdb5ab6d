/* sn-map-data.h — what the Map page draws: every work order as a point, the districts,
 * and the aggregations (clusters, heat, per-district figures, emerging hotspots) rebuilt
 * off the UI thread
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sn-console-model.h"
#include "sn-geo.h"
#include "sn-hotspot.h"

G_BEGIN_DECLS

/* The measure the district layer colours by. */
typedef enum {
  SN_MAP_MEASURE_OPEN, /* open work orders */
  SN_MAP_MEASURE_OVERDUE, /* open and past their deadline */
  SN_MAP_MEASURE_PER_10K, /* work orders in the window per 10,000 residents */
  SN_MAP_MEASURE_TIME_USED, /* mean share of the time limit used by the open ones */
  SN_MAP_MEASURE_TOTAL, /* every work order in the window, open or closed */
  SN_N_MAP_MEASURES
} SnMapMeasure;

/* Figures of one district for the current filter (time window, category, state, stall). */
typedef struct
{
  guint total; /* matching work orders */
  guint open;
  guint overdue;
  guint at_risk;
  double used_sum; /* Σ share of the time limit used, over the open ones */
} SnMapDistrictStats;

/* Emerging hotspots are tested on cells of this level (about 300 m at 40° N). */
#define SN_MAP_EMERGING_LEVEL 17
/* The baseline an emerging hotspot is compared with: the 28 days before the window. */
#define SN_MAP_BASELINE_SECONDS (28 * 86400)

#define SN_TYPE_MAP_DATA (sn_map_data_get_type ())
G_DECLARE_FINAL_TYPE (SnMapData, sn_map_data, SN, MAP_DATA, GObject)

SnMapData *sn_map_data_new (SnConsoleModel *model);

/* The district boundaries (from the hub's GET /v1/districts; takes @areas) and each
 * district's population (NAN where unknown; @populations has one entry per area). */
void sn_map_data_set_areas (SnMapData *self, SnGeoAreas *areas, const double *populations);
const SnGeoAreas *sn_map_data_get_areas (SnMapData *self);
double sn_map_data_get_population (SnMapData *self, guint district);
/* The district index of @code, or SN_HOTSPOT_NO_DISTRICT. */
guint sn_map_data_find_district (SnMapData *self, const char *code);

/* What to aggregate. The time window is absolute: the page moves it as the hub's clock
 * advances. */
void sn_map_data_set_filter (SnMapData *self, const SnHotspotFilter *filter);
const SnHotspotFilter *sn_map_data_get_filter (SnMapData *self);

/* Categories (service codes) seen so far, by index, and their names. */
guint sn_map_data_get_n_categories (SnMapData *self);
const char *sn_map_data_get_category_code (SnMapData *self, guint index);
const char *sn_map_data_get_category_name (SnMapData *self, guint index);

/* The located work orders as points (point->id indexes the ticket ids). */
const SnHotspotPoint *sn_map_data_get_points (SnMapData *self, guint *n_points);
const char *sn_map_data_get_ticket_id (SnMapData *self, guint32 point_id);

/* The newest aggregation (NULL until the first is ready); valid until the next "updated". */
const SnHotspotIndex *sn_map_data_get_index (SnMapData *self);
/* The points the index was built from (its member indices point into these). */
const SnHotspotPoint *sn_map_data_get_index_points (SnMapData *self);
const SnMapDistrictStats *sn_map_data_get_district_stats (SnMapData *self, guint *n_districts);
/* Work orders matching the filter that are in no district: located outside every boundary,
 * or with neither a location nor a known district field. */
guint sn_map_data_get_n_unplaced (SnMapData *self);
/* SnHotspotEmerging cells, most significant first (empty without a baseline). */
GArray *sn_map_data_get_emerging (SnMapData *self);
/* The measure of @district (NAN where it cannot be computed, e.g. no population). */
double sn_map_data_get_measure (SnMapData *self, SnMapMeasure measure, guint district);

/* Asks for a new aggregation soon (coalesced; one runs at a time). */
void sn_map_data_queue_update (SnMapData *self);
/* Captures the model and aggregates now, on this thread (tests and benchmarks). */
void sn_map_data_update_sync (SnMapData *self);
gboolean sn_map_data_is_updating (SnMapData *self);
/* Milliseconds the last aggregation took in its worker thread. */
double sn_map_data_get_last_update_ms (SnMapData *self);

/* For one district: the most frequent categories (codes, up to @max) and the units that
 * hold its work orders, with their figures. Computed on demand from the model. */
typedef struct
{
  char *unit;
  guint open;
  guint overdue;
  guint total;
  double on_time; /* share of the unit's work orders not past their deadline, 0..1 */
} SnMapUnitScore;
GPtrArray *sn_map_data_top_categories (SnMapData *self, guint district, guint max, GArray **counts);
GPtrArray *sn_map_data_unit_scores (SnMapData *self, guint district);
void sn_map_unit_score_free (SnMapUnitScore *score);

const char *sn_map_measure_get_label (SnMapMeasure measure);
/* A value of @measure as the legend and the labels show it ("37", "2.4", "81 %"). */
char *sn_map_measure_format (SnMapMeasure measure, double value);

G_END_DECLS
