/* sn-map-data-private.h — what SnMapData's files share: the object's structure and the
 * records it keeps per point
 *
 *   sn-map-data.c         capture, aggregation in a worker thread, the newest results
 *   sn-map-data-scores.c  district figures on demand, for the popover
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-map-data.h"

G_BEGIN_DECLS

/* In PointExtra.slot: the point is in SnMapData.unplaced rather than SnMapData.points. */
#define UNPLACED_BIT 0x80000000u

/* The boundaries are shared with a running job, so they are reference counted. */
typedef struct
{
  SnGeoAreas *areas;
  double *populations;
  GHashTable *codes; /* code → index + 1 */
} Districts;

typedef struct
{
  guint32 slot; /* index into points, or into unplaced with UNPLACED_BIT */
  float used; /* share of the time limit used, open work orders */
} PointExtra;

struct _SnMapData
{
  GObject parent_instance;

  SnConsoleModel *model;
  SnCalendar *calendar;
  SnSlaRules rules;
  Districts *districts;
  SnHotspotFilter filter;

  GHashTable *point_ids; /* ticket id (in ids) → point id + 1 */
  GPtrArray *ids; /* point id → ticket id */
  GArray *extras; /* PointExtra by point id */
  GArray *points; /* SnHotspotPoint, located */
  GArray *unplaced; /* SnHotspotPoint without a location (x = y = 0) */
  GPtrArray *category_codes;
  GPtrArray *category_names;
  GHashTable *categories; /* code → index + 1 */

  /* recapture in slices */
  GPtrArray *recapture; /* ticket ids still to capture */
  guint recapture_next;
  guint recapture_source;
  guint sweep_source;

  /* the newest results */
  SnHotspotIndex *index;
  SnHotspotPoint *index_points;
  SnMapDistrictStats *stats;
  guint n_stats;
  guint n_unplaced;
  GArray *emerging;
  double last_ms;

  /* Bumped when the points are renumbered (a new snapshot, a compaction) or the boundaries
   * change: a job's districts go back to the live points only from the same generation. */
  guint generation;
  guint n_dead; /* slots left behind by points that moved between the arrays or went away */

  gboolean running;
  gboolean dirty;
  gint64 last_finished;
  guint update_source;
  GCancellable *cancellable;
};

G_END_DECLS
