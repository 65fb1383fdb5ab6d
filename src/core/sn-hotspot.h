/* sn-hotspot.h — hotspot aggregation for the Map page: filters, a Morton-ordered cell
 * pyramid, per-district counts and emerging hotspots
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Points are in Web Mercator "world" coordinates: x east and y south in [0, 1), as slippy-map
 * tiles count them, so the tile (z, tx, ty) is [tx, tx + 1) × [ty, ty + 1) / 2^z.  A cell of
 * level L is the square of side 2^−L whose corner is (cx, cy) / 2^L; a map at zoom z whose
 * clusters are about 2^s pixels wide (256-pixel tiles) uses level z + 8 − s.  The caller
 * chooses the level.
 *
 * Costs (bench-hotspot measures them for 1,000,000 points; target ≤ 200 ms on one core):
 *  - sn_hotspot_index_build(): O(n) filter and keys, a radix sort of the matching points'
 *    48-bit Morton keys, then the cell counts of every level from one pass over the sorted
 *    keys.  The cells of the coarse levels are materialized by merging each level from the
 *    level below, up to a budget of cells (see sn_hotspot_index_build_full());
 *  - the finer levels are not stored as cells: sn_hotspot_index_foreach_in() groups their
 *    points on the fly (O(points in view)), and sn_hotspot_index_get_level() or
 *    sn_hotspot_index_lookup() materializes such a level on first use (O(points), once,
 *    under an internal lock), so every level's cells exist when asked for without a
 *    million-point index holding tens of millions of cells nobody looks at.
 *
 * Thread safety: the index never changes what it answers after build, and any number of
 * threads may read it at once (the lazy materialization is locked and published
 * atomically).  Build it in a worker thread, hand it to the UI thread, and if a fine level is
 * known to be needed, call sn_hotspot_index_get_level() for it in the worker too.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In severity order: a larger value is worse. */
typedef enum {
  SN_SLA_FINE = 0,
  SN_SLA_AT_RISK = 1,
  SN_SLA_OVERDUE = 2,
} SnSlaClass;

#define SN_HOTSPOT_NO_DISTRICT G_MAXUINT16
/* The finest grid: 2^24 cells per axis (about 2.4 m at the equator, 1.8 m in Beijing). */
#define SN_HOTSPOT_MAX_LEVEL 24
/* Web Mercator's latitude limit, atan (sinh (π)), where y reaches 0 and 1. */
#define SN_HOTSPOT_MAX_LATITUDE 85.05112877980659

typedef struct
{
  double x, y; /* world coordinates in [0, 1): x east, y south (as slippy-map tiles) */
  gint64 time; /* when the request came in (unix seconds) */
  guint32 id; /* the caller's index of the ticket */
  guint16 category; /* the caller's category index */
  guint16 district; /* the caller's district index, SN_HOTSPOT_NO_DISTRICT when none */
  guint8 sla; /* SnSlaClass; larger values count as SN_SLA_OVERDUE */
  guint8 open; /* 1 while the ticket is open */
  guint8 stalls; /* bit mask of stall reasons (1 << SnStallReason, see sn-sla.h) */
} SnHotspotPoint;

/* WGS-84 degrees to world coordinates: latitude clamped to ±SN_HOTSPOT_MAX_LATITUDE,
 * longitude wrapped into [−180, 180), y kept below 1, so both results are in [0, 1). */
void sn_hotspot_project (double lat, double lon, double *x, double *y);
/* World coordinates to WGS-84 degrees (the inverse for latitudes inside the limit). */
void sn_hotspot_unproject (double x, double y, double *lat, double *lon);

/* ---- filters ---------------------------------------------------------------------------- */

typedef enum {
  SN_HOTSPOT_STATE_ALL,
  SN_HOTSPOT_STATE_OPEN,
  SN_HOTSPOT_STATE_CLOSED,
  SN_HOTSPOT_STATE_AT_RISK, /* open, and at risk or overdue */
  SN_HOTSPOT_STATE_OVERDUE, /* open and overdue */
} SnHotspotState;

typedef struct
{
  gint64 from, to; /* time window [from, to); 0/0 = all time; from ≥ to otherwise = nothing */
  int category; /* −1 = any */
  SnHotspotState state;
  guint8 stalls; /* 0 = any; else the point must have at least one of these bits */
} SnHotspotFilter;

/* A filter that matches every point. */
void sn_hotspot_filter_init (SnHotspotFilter *filter);
gboolean sn_hotspot_filter_match (const SnHotspotFilter *filter, const SnHotspotPoint *p);

/* ---- the cell pyramid ------------------------------------------------------------------- */

/* A cell of the pyramid at some level: the points whose integer coordinates at that level
 * are (cx, cy) = (floor (x · 2^level), floor (y · 2^level)). */
typedef struct
{
  guint32 cx, cy;
  guint32 count; /* matching points inside, ≥ 1 */
  guint8 worst; /* worst SnSlaClass of the open points inside; FINE if none is open */
  guint32 n_overdue, n_at_risk; /* open points inside that are overdue / at risk */
  double mean_x, mean_y; /* centroid of the points (world coordinates): where a cluster goes */
  guint32 first; /* range [first, first + count) of sn_hotspot_index_get_members () */
} SnHotspotCell;

/* Immutable once built (see the top of this file): build it in a worker thread, read it on
 * the UI thread. */
typedef struct _SnHotspotIndex SnHotspotIndex;

/* Filters @points (NULL only when @n_points is 0; @filter NULL = everything) and builds the
 * pyramid from min (@max_level, SN_HOTSPOT_MAX_LEVEL) up to level 0.  Coordinates outside
 * [0, 1) go to the border cells; points with a non-finite coordinate are left out.  Same as
 * sn_hotspot_index_build_full() with @eager_cells = SN_HOTSPOT_DEFAULT_EAGER_CELLS. */
SnHotspotIndex *sn_hotspot_index_build (const SnHotspotPoint *points, guint n_points,
                                        const SnHotspotFilter *filter, guint max_level);

/* The build budget of sn_hotspot_index_build(): 2^19 cells, 24 MiB. */
#define SN_HOTSPOT_DEFAULT_EAGER_CELLS (1u << 19)
/* As sn_hotspot_index_build(), with a budget of cells materialized at build time (from level
 * 0 down while the running total stays ≤ @eager_cells; 0 = none, G_MAXUINT = every level).
 * The answers do not depend on it; only when the work is done and memory held. */
SnHotspotIndex *sn_hotspot_index_build_full (const SnHotspotPoint *points, guint n_points,
                                             const SnHotspotFilter *filter, guint max_level,
                                             guint eager_cells);
void sn_hotspot_index_free (SnHotspotIndex *index);

/* The finest level of the index: min (max_level given to build, SN_HOTSPOT_MAX_LEVEL). */
guint sn_hotspot_index_get_max_level (const SnHotspotIndex *index);
/* Points that matched the filter. */
guint sn_hotspot_index_get_n_points (const SnHotspotIndex *index);
/* Indices (into the @points given to build) of the matching points, in Morton order of their
 * cells at the finest level (then by index), so the members of any cell at any level are
 * contiguous.  n_points entries; NULL when there are none. */
const guint32 *sn_hotspot_index_get_members (const SnHotspotIndex *index);
/* The number of cells of @level (≤ the max level), known without materializing them. */
guint sn_hotspot_index_get_n_cells (const SnHotspotIndex *index, guint level);
/* All cells of @level, in Morton order; NULL with *@n_cells = 0 when there are no points.
 * A level beyond the build budget is materialized here on first use (see the top). */
const SnHotspotCell *sn_hotspot_index_get_level (const SnHotspotIndex *index, guint level,
                                                 guint *n_cells);

/* Cells of @level that intersect the world rectangle [x0, x1) × [y0, y1), in Morton order.
 * @cell is valid only during the call (fine levels are grouped on the fly): copy it to keep
 * it.  Cost: a descent of the implicit quadtree with binary searches on the Morton order,
 * O(cells in view + cells along the border · log n), never a scan of the whole level. */
typedef void (*SnHotspotCellFunc) (const SnHotspotCell *cell, gpointer user_data);
void sn_hotspot_index_foreach_in (const SnHotspotIndex *index, guint level, double x0, double y0,
                                  double x1, double y1, SnHotspotCellFunc func, gpointer user_data);
/* The cell of @level containing world point (x, y), or NULL (no points there, or (x, y)
 * outside [0, 1)²).  Points into the array of sn_hotspot_index_get_level(). */
const SnHotspotCell *sn_hotspot_index_lookup (const SnHotspotIndex *index, guint level, double x,
                                              double y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnHotspotIndex, sn_hotspot_index_free)

/* ---- districts -------------------------------------------------------------------------- */

/* Counts per district of the points matching @filter (NULL = everything), written to @counts
 * (@n_districts entries, overwritten).  Points with SN_HOTSPOT_NO_DISTRICT, or a district
 * index ≥ @n_districts, are counted in *@no_district (may be NULL). */
void sn_hotspot_count_districts (const SnHotspotPoint *points, guint n_points,
                                 const SnHotspotFilter *filter, guint n_districts, guint *counts,
                                 guint *no_district);

/* ---- emerging hotspots ------------------------------------------------------------------ */

typedef struct
{
  guint32 cx, cy; /* cell at the level asked */
  guint level;
  guint recent; /* points in the recent window */
  guint baseline; /* points in the baseline window */
  double expected; /* recent count expected under H0: (recent + baseline) · p0 */
  double p_value; /* one-sided, P(X ≥ recent) */
  double q_value; /* Benjamini–Hochberg adjusted */
  double mean_x, mean_y; /* centroid of the cell's recent points (of all, if none) */
} SnHotspotEmerging;

/* Cells of @level whose count in [@recent_from, @recent_to) is significantly above their own
 * baseline in [@baseline_from, @recent_from).
 *
 * The test is the conditional binomial test for two Poisson rates with the city's total as
 * exposure: under H0 a cell keeps its share of the city's events, so given the cell's
 * n = r + b, r ~ Binomial (n, p0) with p0 = R / (R + B), where R and B count ALL points
 * matching @filter (its time window ignored; the windows here are used) in the recent and
 * baseline windows.  A citywide rise therefore flags nothing; only a cell rising faster than
 * the city does.  One-sided p = P(X ≥ r).
 *
 * Only cells with r ≥ @min_count are tested, and m, the number of tests that
 * Benjamini–Hochberg corrects for at false discovery rate @fdr (e.g. 0.05), is the number of
 * cells tested; cells with fewer recent points are neither tested nor counted in m.
 *
 * Returns a GArray of SnHotspotEmerging with q ≤ @fdr, sorted by q, then by recent
 * (descending), then in Morton order.  Empty when R = 0 or B = 0: with no baseline nothing
 * can be called emerging.  Requires @baseline_from ≤ @recent_from ≤ @recent_to. */
GArray *sn_hotspot_emerging (const SnHotspotPoint *points, guint n_points,
                             const SnHotspotFilter *filter, guint level, gint64 baseline_from,
                             gint64 recent_from, gint64 recent_to, guint min_count, double fdr);

/* The upper tail P(X ≥ k) for X ~ Binomial (n, p): 1 for k = 0, 0 for k > n.  Computed as the
 * regularized incomplete beta function I_p (k, n − k + 1) with a continued fraction and
 * lgamma, in log space, so small tails keep their relative accuracy down to the smallest
 * doubles: within 1e-10 of exact sums for n ≤ 60, 1e-9 at n = 1000 (lgamma's rounding grows
 * slowly with n). */
double sn_hotspot_binomial_upper (guint k, guint n, double p);

G_END_DECLS
