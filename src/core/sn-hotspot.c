/* sn-hotspot.c — hotspot aggregation for the Map page: filters, a Morton-ordered cell
 * pyramid and per-district counts (emerging hotspots are in sn-hotspot-emerging.c)
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How an index is built and read:
 *
 *   points ──filter──▶ (Morton key at the finest level, point index), digit histograms
 *     └─ LSD radix sort, 11-bit digits, skipping digits every key shares
 *          └─ the leaf: keys[], members[], xs[], ys[], grades[], one entry per point
 *               ├─ neighbouring keys' highest differing bit ─▶ n_cells of every level
 *               ├─ levels 0 … Le (the budget): Le grouped from the leaf, each coarser
 *               │  level merged from the one below (cx >> 1, cy >> 1 runs), sums first,
 *               │  means last
 *               └─ levels Le + 1 … max: foreach_in groups runs of the leaf on the fly;
 *                  get_level and lookup materialize the level once, under the lock
 *
 * A key interleaves the cell coordinates, x in the even bits and y in the odd ones, so the
 * key of a cell at level L is the key of any point in it shifted right by 2 (max − L): the
 * cells of every level are runs of the same sorted leaf, and a quadtree node is a range
 * of it found by binary search.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sn-hotspot-private.h"

#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_MAX_DIGITS 5 /* ⌈2 · SN_HOTSPOT_MAX_LEVEL / RADIX_BITS⌉ */
/* A quadtree node that straddles the query's border and holds at most this many items is
 * scanned item by item rather than split. */
#define SCAN_ITEMS 32

typedef guint32 Histogram[RADIX_SIZE];

typedef struct
{
  const SnHotspotIndex *index;
  const SnHotspotCell *cells; /* the level's cells, or NULL to group the leaf */
  guint level;
  guint shift; /* leaf key → key at level */
  guint32 qx0, qy0, qx1, qy1; /* the query in cells of the level, inclusive */
  SnHotspotCellFunc func;
  gpointer user_data;
} Query;

/* ---- Morton keys -------------------------------------------------------------------------- */

static inline guint
highest_bit (guint64 v)
{
#if defined(__GNUC__) || defined(__clang__)
  return 63 - (guint) __builtin_clzll (v);
#else
  guint bit = 0;

  while (v >>= 1)
    bit++;
  return bit;
#endif
}

/* floor (v · scale) for v in [0, 1); outside, the nearest border cell. */
static inline guint32
quantize (double v, double scale, guint32 top)
{
  double f = v * scale;

  if (!(f >= 0.0))
    return 0;
  if (f >= scale)
    return top;
  return (guint32) f;
}

/* ---- filters ------------------------------------------------------------------------------ */

static inline gboolean
state_matches (SnHotspotState state, const SnHotspotPoint *p)
{
  switch (state)
    {
      case SN_HOTSPOT_STATE_ALL:
        return TRUE;
      case SN_HOTSPOT_STATE_OPEN:
        return p->open != 0;
      case SN_HOTSPOT_STATE_CLOSED:
        return p->open == 0;
      case SN_HOTSPOT_STATE_AT_RISK:
        return p->open != 0 && p->sla >= SN_SLA_AT_RISK;
      case SN_HOTSPOT_STATE_OVERDUE:
        return p->open != 0 && p->sla >= SN_SLA_OVERDUE;
      default:
        return FALSE;
    }
}

static inline gboolean
filter_matches (const SnHotspotFilter *filter, const SnHotspotPoint *p)
{
  if ((filter->from != 0 || filter->to != 0) && (p->time < filter->from || p->time >= filter->to))
    return FALSE;
  if (filter->category >= 0 && p->category != filter->category)
    return FALSE;
  if (filter->stalls != 0 && (p->stalls & filter->stalls) == 0)
    return FALSE;
  return state_matches (filter->state, p);
}

static inline Grade
grade_of (const SnHotspotPoint *p)
{
  if (p->open == 0)
    return SN_SLA_FINE;
  return MIN (p->sla, SN_SLA_OVERDUE);
}

/* ---- building ----------------------------------------------------------------------------- */

/* Keys of the matching points at @level into @keys/@idx, and the digit histograms; returns
 * how many matched. */
static guint
collect_keys (const SnHotspotPoint *points, guint n_points, const SnHotspotFilter *filter,
              guint level, guint n_digits, guint64 *keys, guint32 *idx, Histogram *hist)
{
  double scale = ldexp (1.0, (int) level);
  guint32 top = (1u << level) - 1;
  guint m = 0;

  for (guint i = 0; i < n_points; i++)
    {
      const SnHotspotPoint *p = &points[i];
      guint64 key;

      if (!filter_matches (filter, p) || !isfinite (p->x) || !isfinite (p->y))
        continue;
      key = morton (quantize (p->x, scale, top), quantize (p->y, scale, top));
      keys[m] = key;
      idx[m] = i;
      m++;
      for (guint d = 0; d < n_digits; d++)
        hist[d][(key >> (d * RADIX_BITS)) & (RADIX_SIZE - 1)]++;
    }
  return m;
}

/* Stable LSD radix sort of (key, index) pairs; a digit that all keys share costs nothing.
 * The histograms are turned into offsets in place. */
static void
radix_sort (guint64 **keys, guint32 **idx, guint m, Histogram *hist, guint n_digits)
{
  guint64 *k = *keys, *k2 = NULL;
  guint32 *v = *idx, *v2 = NULL;

  for (guint d = 0; d < n_digits && m > 0; d++)
    {
      guint shift = d * RADIX_BITS;
      guint32 *offset = hist[d], sum = 0;

      if (offset[(k[0] >> shift) & (RADIX_SIZE - 1)] == m)
        continue;
      if (k2 == NULL)
        {
          k2 = g_new (guint64, m);
          v2 = g_new (guint32, m);
        }
      for (guint b = 0; b < RADIX_SIZE; b++)
        {
          guint32 c = offset[b];

          offset[b] = sum;
          sum += c;
        }
      for (guint i = 0; i < m; i++)
        {
          guint32 pos = offset[(k[i] >> shift) & (RADIX_SIZE - 1)]++;

          k2[pos] = k[i];
          v2[pos] = v[i];
        }
      { /* swap */
        guint64 *kt = k;
        guint32 *vt = v;

        k = k2, k2 = kt;
        v = v2, v2 = vt;
      }
    }
  g_free (k2);
  g_free (v2);
  *keys = k;
  *idx = v;
}

/* The members' coordinates and grades, in Morton order. */
static void
gather_leaf (SnHotspotIndex *index, const SnHotspotPoint *points)
{
  guint m = index->n_points;

  index->xs = g_new (double, m);
  index->ys = g_new (double, m);
  index->grades = g_new (Grade, m);
  for (guint i = 0; i < m; i++)
    {
      const SnHotspotPoint *p = &points[index->members[i]];

#if defined(__GNUC__) || defined(__clang__)
      if (i + 16 < m)
        __builtin_prefetch (&points[index->members[i + 16]]);
#endif
      index->xs[i] = p->x;
      index->ys[i] = p->y;
      index->grades[i] = grade_of (p);
    }
}

/* Two neighbours in Morton order share their cell up to the level where their keys first
 * differ, so each pair adds a cell to every level below that one. */
static void
count_cells (SnHotspotIndex *index)
{
  guint starts[SN_HOTSPOT_MAX_LEVEL + 1] = { 0 };
  guint max = index->max_level, running = 1;

  if (index->n_points == 0)
    return;
  for (guint i = 1; i < index->n_points; i++)
    {
      guint64 diff = index->keys[i] ^ index->keys[i - 1];

      if (diff != 0)
        starts[max - highest_bit (diff) / 2]++;
    }
  for (guint level = 0; level <= max; level++)
    {
      running += starts[level];
      index->levels[level].n_cells = running;
    }
}

/* The cell of leaf entries [first, end), with sums of coordinates in mean_x/mean_y. */
static void
fill_cell_sums (const SnHotspotIndex *index, guint first, guint end, guint shift,
                SnHotspotCell *cell)
{
  guint64 key = index->keys[first] >> shift;
  guint32 counts[SN_SLA_OVERDUE + 1] = { 0 };
  double sx = 0.0, sy = 0.0;

  for (guint i = first; i < end; i++)
    {
      sx += index->xs[i];
      sy += index->ys[i];
      counts[index->grades[i]]++;
    }
  cell->cx = compact_bits (key);
  cell->cy = compact_bits (key >> 1);
  cell->count = end - first;
  cell->n_at_risk = counts[SN_SLA_AT_RISK];
  cell->n_overdue = counts[SN_SLA_OVERDUE];
  cell->worst = cell->n_overdue > 0   ? SN_SLA_OVERDUE
                : cell->n_at_risk > 0 ? SN_SLA_AT_RISK
                                      : SN_SLA_FINE;
  cell->mean_x = sx;
  cell->mean_y = sy;
  cell->first = first;
}

static void
sums_to_means (SnHotspotCell *cells, guint n_cells)
{
  for (guint i = 0; i < n_cells; i++)
    {
      cells[i].mean_x /= cells[i].count;
      cells[i].mean_y /= cells[i].count;
    }
}

/* All cells of @level grouped from the leaf, with sums (not yet means). */
static SnHotspotCell *
cells_from_leaf (const SnHotspotIndex *index, guint level)
{
  guint shift = 2 * (index->max_level - level), n_cells = index->levels[level].n_cells, c = 0;
  SnHotspotCell *cells = g_new (SnHotspotCell, n_cells);

  for (guint i = 0; i < index->n_points; c++)
    {
      guint end = run_end (index, i, index->n_points, shift);

      fill_cell_sums (index, i, end, shift, &cells[c]);
      i = end;
    }
  g_assert (c == n_cells);
  return cells;
}

/* The cells of a level from those of the level below (with sums): a parent is a run of
 * children with the same (cx >> 1, cy >> 1), and its members are theirs. */
static SnHotspotCell *
cells_merge_up (const SnHotspotCell *children, guint n_children, guint n_cells)
{
  SnHotspotCell *cells = g_new (SnHotspotCell, n_cells), *parent = NULL;

  for (guint i = 0; i < n_children; i++)
    {
      const SnHotspotCell *child = &children[i];
      guint32 px = child->cx >> 1, py = child->cy >> 1;

      if (parent != NULL && parent->cx == px && parent->cy == py)
        {
          parent->count += child->count;
          parent->n_at_risk += child->n_at_risk;
          parent->n_overdue += child->n_overdue;
          parent->worst = MAX (parent->worst, child->worst);
          parent->mean_x += child->mean_x;
          parent->mean_y += child->mean_y;
          continue;
        }
      parent = parent == NULL ? cells : parent + 1;
      *parent = *child;
      parent->cx = px;
      parent->cy = py;
    }
  g_assert (n_children == 0 || (guint) (parent - cells) + 1 == n_cells);
  return cells;
}

/* Levels 0 … Le, for the largest Le whose running total of cells fits @budget. */
static void
materialize_eager (SnHotspotIndex *index, guint budget)
{
  guint64 total = 0;
  int finest = -1;

  if (index->n_points == 0)
    return;
  for (guint level = 0; level <= index->max_level; level++)
    {
      total += index->levels[level].n_cells;
      if (total > budget)
        break;
      finest = (int) level;
    }
  if (finest < 0)
    return;
  index->levels[finest].cells = cells_from_leaf (index, (guint) finest);
  for (int level = finest - 1; level >= 0; level--)
    index->levels[level].cells = cells_merge_up (index->levels[level + 1].cells,
                                                 index->levels[level + 1].n_cells,
                                                 index->levels[level].n_cells);
  for (int level = 0; level <= finest; level++)
    sums_to_means (index->levels[level].cells, index->levels[level].n_cells);
}

static SnHotspotIndex *
index_build (const SnHotspotPoint *points, guint n_points, const SnHotspotFilter *filter,
             guint max_level, guint eager_cells)
{
  SnHotspotIndex *index = g_new0 (SnHotspotIndex, 1);
  guint n_digits = (2 * max_level + RADIX_BITS - 1) / RADIX_BITS;
  Histogram *hist = g_new0 (Histogram, RADIX_MAX_DIGITS);

  index->max_level = max_level;
  index->levels = g_new0 (Level, max_level + 1);
  index->lock = g_new0 (GMutex, 1);
  g_mutex_init (index->lock);
  index->keys = g_new (guint64, n_points);
  index->members = g_new (guint32, n_points);
  index->n_points = collect_keys (points, n_points, filter, max_level, n_digits, index->keys,
                                  index->members, hist);
  radix_sort (&index->keys, &index->members, index->n_points, hist, n_digits);
  g_free (hist);
  if (index->n_points < n_points)
    {
      index->keys = g_renew (guint64, index->keys, index->n_points);
      index->members = g_renew (guint32, index->members, index->n_points);
    }
  gather_leaf (index, points);
  count_cells (index);
  materialize_eager (index, eager_cells);
  return index;
}

/* The cells of @level, materialized on first use. */
static const SnHotspotCell *
level_cells (const SnHotspotIndex *index, guint level)
{
  Level *lv = &index->levels[level];
  SnHotspotCell *cells = g_atomic_pointer_get (&lv->cells);

  if (cells != NULL || lv->n_cells == 0)
    return cells;
  g_mutex_lock (index->lock);
  cells = g_atomic_pointer_get (&lv->cells);
  if (cells == NULL)
    {
      cells = cells_from_leaf (index, level);
      sums_to_means (cells, lv->n_cells);
      g_atomic_pointer_set (&lv->cells, cells);
    }
  g_mutex_unlock (index->lock);
  return cells;
}

/* ---- queries ------------------------------------------------------------------------------ */

static inline guint64
query_item_key (const Query *q, guint i)
{
  if (q->cells != NULL)
    return morton (q->cells[i].cx, q->cells[i].cy);
  return q->index->keys[i] >> q->shift;
}

/* The first item in [lo, hi) whose key at the query's level is ≥ @key. */
static guint
query_lower_bound (const Query *q, guint lo, guint hi, guint64 key)
{
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (query_item_key (q, mid) < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static inline gboolean
query_contains (const Query *q, guint32 cx, guint32 cy)
{
  return cx >= q->qx0 && cx <= q->qx1 && cy >= q->qy0 && cy <= q->qy1;
}

/* The cells made of items [lo, hi), all of them or (@check) those inside the query. */
static void
query_emit (const Query *q, guint lo, guint hi, gboolean check)
{
  if (q->cells != NULL)
    {
      for (guint i = lo; i < hi; i++)
        if (!check || query_contains (q, q->cells[i].cx, q->cells[i].cy))
          q->func (&q->cells[i], q->user_data);
      return;
    }
  for (guint i = lo; i < hi;)
    {
      guint64 key = q->index->keys[i] >> q->shift;
      guint end = run_end (q->index, i, hi, q->shift);

      if (!check || query_contains (q, compact_bits (key), compact_bits (key >> 1)))
        {
          SnHotspotCell cell;

          fill_cell_sums (q->index, i, end, q->shift, &cell);
          sums_to_means (&cell, 1);
          q->func (&cell, q->user_data);
        }
      i = end;
    }
}

/* The quadtree node (@l, @nx, @ny), whose items are [lo, hi): skipped when outside the
 * query, emitted whole when inside, else scanned (few items) or split in four. */
static void
query_descend (const Query *q, guint l, guint32 nx, guint32 ny, guint lo, guint hi)
{
  guint span = q->level - l, child_shift;
  guint32 x0 = nx << span, y0 = ny << span;
  guint32 x1 = x0 + ((1u << span) - 1), y1 = y0 + ((1u << span) - 1);
  guint64 base;
  guint start = lo;

  if (lo >= hi || x1 < q->qx0 || x0 > q->qx1 || y1 < q->qy0 || y0 > q->qy1)
    return;
  if (x0 >= q->qx0 && x1 <= q->qx1 && y0 >= q->qy0 && y1 <= q->qy1)
    {
      query_emit (q, lo, hi, FALSE);
      return;
    }
  if (hi - lo <= SCAN_ITEMS)
    {
      query_emit (q, lo, hi, TRUE);
      return;
    }
  g_assert (span > 0);
  base = morton (nx, ny) << 2;
  child_shift = 2 * (span - 1);
  for (guint c = 0; c < 4; c++)
    {
      guint end = c == 3 ? hi : query_lower_bound (q, start, hi, (base + c + 1) << child_shift);

      query_descend (q, l + 1, 2 * nx + (c & 1), 2 * ny + (c >> 1), start, end);
      start = end;
    }
}

/* ---- public API: projection --------------------------------------------------------------- */

void
sn_hotspot_project (double lat, double lon, double *x, double *y)
{
  double wx, wy;

  g_return_if_fail (x != NULL && y != NULL);

  lat = CLAMP (lat, -SN_HOTSPOT_MAX_LATITUDE, SN_HOTSPOT_MAX_LATITUDE);
  wx = (lon + 180.0) / 360.0;
  wx -= floor (wx);
  if (wx >= 1.0)
    wx = 0.0;
  wy = 0.5 - asinh (tan (lat * G_PI / 180.0)) / (2.0 * G_PI);
  *x = wx;
  *y = CLAMP (wy, 0.0, nextafter (1.0, 0.0));
}

void
sn_hotspot_unproject (double x, double y, double *lat, double *lon)
{
  g_return_if_fail (lat != NULL && lon != NULL);

  *lon = x * 360.0 - 180.0;
  *lat = atan (sinh (G_PI * (1.0 - 2.0 * y))) * 180.0 / G_PI;
}

/* ---- public API: filters ------------------------------------------------------------------ */

void
sn_hotspot_filter_init (SnHotspotFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->category = -1;
  filter->state = SN_HOTSPOT_STATE_ALL;
}

gboolean
sn_hotspot_filter_match (const SnHotspotFilter *filter, const SnHotspotPoint *p)
{
  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (p != NULL, FALSE);

  return filter_matches (filter, p);
}

/* ---- public API: the index ---------------------------------------------------------------- */

SnHotspotIndex *
sn_hotspot_index_build_full (const SnHotspotPoint *points, guint n_points,
                             const SnHotspotFilter *filter, guint max_level, guint eager_cells)
{
  SnHotspotFilter all;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);

  if (filter == NULL)
    {
      sn_hotspot_filter_init (&all);
      filter = &all;
    }
  return index_build (points, n_points, filter, MIN (max_level, SN_HOTSPOT_MAX_LEVEL), eager_cells);
}

SnHotspotIndex *
sn_hotspot_index_build (const SnHotspotPoint *points, guint n_points, const SnHotspotFilter *filter,
                        guint max_level)
{
  return sn_hotspot_index_build_full (points, n_points, filter, max_level,
                                      SN_HOTSPOT_DEFAULT_EAGER_CELLS);
}

void
sn_hotspot_index_free (SnHotspotIndex *index)
{
  if (index == NULL)
    return;
  for (guint level = 0; level <= index->max_level; level++)
    g_free (index->levels[level].cells);
  g_free (index->levels);
  g_mutex_clear (index->lock);
  g_free (index->lock);
  g_free (index->keys);
  g_free (index->members);
  g_free (index->xs);
  g_free (index->ys);
  g_free (index->grades);
  g_free (index);
}

guint
sn_hotspot_index_get_max_level (const SnHotspotIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);

  return index->max_level;
}

guint
sn_hotspot_index_get_n_points (const SnHotspotIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);

  return index->n_points;
}

const guint32 *
sn_hotspot_index_get_members (const SnHotspotIndex *index)
{
  g_return_val_if_fail (index != NULL, NULL);

  return index->members;
}

guint
sn_hotspot_index_get_n_cells (const SnHotspotIndex *index, guint level)
{
  g_return_val_if_fail (index != NULL, 0);
  g_return_val_if_fail (level <= index->max_level, 0);

  return index->levels[level].n_cells;
}

const SnHotspotCell *
sn_hotspot_index_get_level (const SnHotspotIndex *index, guint level, guint *n_cells)
{
  if (n_cells != NULL)
    *n_cells = 0;
  g_return_val_if_fail (index != NULL, NULL);
  g_return_val_if_fail (level <= index->max_level, NULL);

  if (n_cells != NULL)
    *n_cells = index->levels[level].n_cells;
  return level_cells (index, level);
}

void
sn_hotspot_index_foreach_in (const SnHotspotIndex *index, guint level, double x0, double y0,
                             double x1, double y1, SnHotspotCellFunc func, gpointer user_data)
{
  Query q = { 0 };
  double scale;
  guint32 top;

  g_return_if_fail (index != NULL);
  g_return_if_fail (level <= index->max_level);
  g_return_if_fail (func != NULL);

  if (!(x0 < x1) || !(y0 < y1) || x1 <= 0.0 || y1 <= 0.0 || x0 >= 1.0 || y0 >= 1.0
      || index->n_points == 0)
    return;
  scale = ldexp (1.0, (int) level);
  top = (1u << level) - 1;
  q.index = index;
  q.cells = g_atomic_pointer_get (&index->levels[level].cells);
  q.level = level;
  q.shift = 2 * (index->max_level - level);
  q.qx0 = x0 <= 0.0 ? 0 : (guint32) floor (x0 * scale);
  q.qy0 = y0 <= 0.0 ? 0 : (guint32) floor (y0 * scale);
  q.qx1 = x1 >= 1.0 ? top : (guint32) (ceil (x1 * scale) - 1.0);
  q.qy1 = y1 >= 1.0 ? top : (guint32) (ceil (y1 * scale) - 1.0);
  q.func = func;
  q.user_data = user_data;
  query_descend (&q, 0, 0, 0, 0, q.cells != NULL ? index->levels[level].n_cells : index->n_points);
}

const SnHotspotCell *
sn_hotspot_index_lookup (const SnHotspotIndex *index, guint level, double x, double y)
{
  const SnHotspotCell *cells;
  Query q = { 0 };
  double scale;
  guint32 top;
  guint64 key;
  guint i;

  g_return_val_if_fail (index != NULL, NULL);
  g_return_val_if_fail (level <= index->max_level, NULL);

  if (!(x >= 0.0 && x < 1.0 && y >= 0.0 && y < 1.0) || index->n_points == 0)
    return NULL;
  scale = ldexp (1.0, (int) level);
  top = (1u << level) - 1;
  key = morton (quantize (x, scale, top), quantize (y, scale, top));
  cells = level_cells (index, level);
  q.index = index;
  q.cells = cells;
  q.level = level;
  i = query_lower_bound (&q, 0, index->levels[level].n_cells, key);
  if (i < index->levels[level].n_cells && morton (cells[i].cx, cells[i].cy) == key)
    return &cells[i];
  return NULL;
}

/* ---- public API: districts ---------------------------------------------------------------- */

void
sn_hotspot_count_districts (const SnHotspotPoint *points, guint n_points,
                            const SnHotspotFilter *filter, guint n_districts, guint *counts,
                            guint *no_district)
{
  SnHotspotFilter all;
  guint none = 0;

  g_return_if_fail (points != NULL || n_points == 0);
  g_return_if_fail (counts != NULL || n_districts == 0);

  if (filter == NULL)
    {
      sn_hotspot_filter_init (&all);
      filter = &all;
    }
  if (n_districts > 0)
    memset (counts, 0, n_districts * sizeof *counts);
  for (guint i = 0; i < n_points; i++)
    {
      const SnHotspotPoint *p = &points[i];

      if (!filter_matches (filter, p))
        continue;
      if (p->district < n_districts)
        counts[p->district]++;
      else
        none++;
    }
  if (no_district != NULL)
    *no_district = none;
}
