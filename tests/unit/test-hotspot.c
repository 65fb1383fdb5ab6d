/* test-hotspot.c — the Map page's hotspot aggregation against brute force: projection and
 * tile math, every level of the pyramid, viewport queries, filters, district counts, the
 * binomial tail and emerging hotspots (including the false discovery rate under H0)
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sn-hotspot.h"
#include "sn-sla.h"

#define DAY 86400
#define T0 G_GINT64_CONSTANT (1759276800) /* 2025-10-01T00:00:00Z */

/* ---- helpers ---------------------------------------------------------------------------- */

/* Bit by bit, sharing nothing with sn-hotspot.c. */
static guint64
naive_morton (guint32 cx, guint32 cy)
{
  guint64 key = 0;

  for (guint bit = 0; bit < 32; bit++)
    {
      key |= (guint64) ((cx >> bit) & 1) << (2 * bit);
      key |= (guint64) ((cy >> bit) & 1) << (2 * bit + 1);
    }
  return key;
}

static guint32
cell_of (double v, guint level)
{
  double f = floor (v * ldexp (1.0, (int) level));

  return (guint32) CLAMP (f, 0.0, ldexp (1.0, (int) level) - 1.0);
}

/* A coordinate that lands on cell borders, at the ends of [0, 1), or in tight clusters. */
static double
random_coordinate (GRand *rand, const double *centres, guint n_centres)
{
  double r = g_rand_double (rand), v;

  if (r < 0.12)
    {
      guint level = (guint) g_rand_int_range (rand, 1, SN_HOTSPOT_MAX_LEVEL + 1);

      return ldexp ((double) g_rand_int_range (rand, 0, 1 << level), -(int) level);
    }
  if (r < 0.14)
    return 0.0;
  if (r < 0.16)
    return nextafter (1.0, 0.0);
  if (r < 0.18)
    return g_rand_double_range (rand, 0.0, 1e-9);
  if (r < 0.20)
    return 1.0 - g_rand_double_range (rand, 1e-16, 1e-9);
  v = centres[g_rand_int_range (rand, 0, (gint32) n_centres)]
      + g_rand_double_range (rand, -1.0, 1.0) * ldexp (1.0, -g_rand_int_range (rand, 8, 26));
  return CLAMP (v, 0.0, nextafter (1.0, 0.0));
}

static void
random_attributes (GRand *rand, SnHotspotPoint *p, guint i)
{
  p->time = T0 + g_rand_int_range (rand, 0, 35 * DAY);
  p->id = i;
  p->category = (guint16) g_rand_int_range (rand, 0, 6);
  p->district = g_rand_int_range (rand, 0, 10) == 0 ? SN_HOTSPOT_NO_DISTRICT
                                                    : (guint16) g_rand_int_range (rand, 0, 8);
  p->sla = (guint8) g_rand_int_range (rand, 0, 3);
  p->open = g_rand_boolean (rand);
  p->stalls = (guint8) (g_rand_int_range (rand, 0, 3) == 0 ? 0 : g_rand_int_range (rand, 0, 64));
}

static SnHotspotPoint *
random_points (guint32 seed, guint n)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  SnHotspotPoint *points = g_new0 (SnHotspotPoint, n);
  double cx[5], cy[5];

  for (guint c = 0; c < G_N_ELEMENTS (cx); c++)
    {
      cx[c] = g_rand_double (rand);
      cy[c] = g_rand_double (rand);
    }
  for (guint i = 0; i < n; i++)
    {
      if (i > 0 && g_rand_int_range (rand, 0, 20) == 0)
        {
          points[i] = points[g_rand_int_range (rand, 0, (gint32) i)]; /* a duplicate place */
        }
      else
        {
          points[i].x = random_coordinate (rand, cx, G_N_ELEMENTS (cx));
          points[i].y = random_coordinate (rand, cy, G_N_ELEMENTS (cy));
        }
      random_attributes (rand, &points[i], i);
    }
  return points;
}

typedef struct
{
  guint64 key;
  guint32 index;
} KeyedPoint;

static int
compare_keyed (gconstpointer a, gconstpointer b)
{
  const KeyedPoint *ka = a, *kb = b;

  if (ka->key != kb->key)
    return ka->key < kb->key ? -1 : 1;
  return (ka->index > kb->index) - (ka->index < kb->index);
}

static int
compare_guint32 (gconstpointer a, gconstpointer b)
{
  guint32 ua = *(const guint32 *) a, ub = *(const guint32 *) b;

  return (ua > ub) - (ua < ub);
}

/* The cells of @level by brute force, in Morton order; members sorted by index into
 * *@members (cell.first indexes it). */
static GArray *
brute_cells (const SnHotspotPoint *points, guint n, const SnHotspotFilter *filter, guint level,
             GArray **members)
{
  g_autoptr (GArray) keyed = g_array_new (FALSE, FALSE, sizeof (KeyedPoint));
  GArray *cells = g_array_new (FALSE, FALSE, sizeof (SnHotspotCell));

  *members = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; i < n; i++)
    if (filter == NULL || sn_hotspot_filter_match (filter, &points[i]))
      {
        KeyedPoint k = { naive_morton (cell_of (points[i].x, level), cell_of (points[i].y, level)),
                         i };

        g_array_append_val (keyed, k);
      }
  g_array_sort (keyed, compare_keyed);
  for (guint i = 0; i < keyed->len;)
    {
      KeyedPoint *k = &g_array_index (keyed, KeyedPoint, i);
      const SnHotspotPoint *first = &points[k->index];
      SnHotspotCell cell = { cell_of (first->x, level), cell_of (first->y, level) };
      guint j = i;

      cell.first = i;
      for (; j < keyed->len && g_array_index (keyed, KeyedPoint, j).key == k->key; j++)
        {
          const SnHotspotPoint *p = &points[g_array_index (keyed, KeyedPoint, j).index];

          cell.count++;
          cell.mean_x += p->x;
          cell.mean_y += p->y;
          if (p->open && p->sla == SN_SLA_OVERDUE)
            cell.n_overdue++;
          if (p->open && p->sla == SN_SLA_AT_RISK)
            cell.n_at_risk++;
          if (p->open)
            cell.worst = MAX (cell.worst, p->sla);
          g_array_append_val (*members, g_array_index (keyed, KeyedPoint, j).index);
        }
      cell.mean_x /= cell.count;
      cell.mean_y /= cell.count;
      g_array_append_val (cells, cell);
      i = j;
    }
  return cells;
}

static void
assert_same_cell (const SnHotspotCell *got, const SnHotspotCell *want)
{
  g_assert_cmpuint (got->cx, ==, want->cx);
  g_assert_cmpuint (got->cy, ==, want->cy);
  g_assert_cmpuint (got->count, ==, want->count);
  g_assert_cmpuint (got->worst, ==, want->worst);
  g_assert_cmpuint (got->n_overdue, ==, want->n_overdue);
  g_assert_cmpuint (got->n_at_risk, ==, want->n_at_risk);
  g_assert_cmpfloat_with_epsilon (got->mean_x, want->mean_x, 1e-12);
  g_assert_cmpfloat_with_epsilon (got->mean_y, want->mean_y, 1e-12);
}

/* The index's members of @got are exactly the brute-force members of @want. */
static void
assert_same_members (const SnHotspotIndex *index, const SnHotspotCell *got,
                     const SnHotspotCell *want, GArray *want_members)
{
  g_autofree guint32 *copy = NULL;

  g_assert_cmpuint (got->first + got->count, <=, sn_hotspot_index_get_n_points (index));
  copy = g_memdup2 (sn_hotspot_index_get_members (index) + got->first,
                    got->count * sizeof (guint32));
  qsort (copy, got->count, sizeof (guint32), compare_guint32);
  g_assert_cmpmem (copy, got->count * sizeof (guint32),
                   &g_array_index (want_members, guint32, want->first),
                   want->count * sizeof (guint32));
}

/* ---- projection ------------------------------------------------------------------------- */

static void
test_projection_known (void)
{
  double x, y, lat, lon;
  double n = 1024.0;

  sn_hotspot_project (0.0, 0.0, &x, &y);
  g_assert_cmpfloat (x, ==, 0.5);
  g_assert_cmpfloat_with_epsilon (y, 0.5, 1e-15);

  /* Tiananmen (39.9055 N, 116.3976 E) is in the OpenStreetMap tile 10/843/388, whose
   * north-west corner is 39.9097 N, 116.3672 E (tile2lat/tile2lon of the OSM wiki). */
  sn_hotspot_project (39.9055, 116.3976, &x, &y);
  g_assert_cmpint ((int) floor (x * n), ==, 843);
  g_assert_cmpint ((int) floor (y * n), ==, 388);
  sn_hotspot_unproject (843.0 / n, 388.0 / n, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lon, 116.3671875, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, 39.909736, 1e-6);
  /* The textbook tile formula, written out independently. */
  g_assert_cmpfloat_with_epsilon (
      y, (1.0 - log (tan (39.9055 * G_PI / 180) + 1.0 / cos (39.9055 * G_PI / 180)) / G_PI) / 2.0,
      1e-14);

  /* The limits: the poles clamp to the edges, 180° wraps to −180°. */
  sn_hotspot_project (90.0, -180.0, &x, &y);
  g_assert_cmpfloat (x, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (y, 0.0, 1e-15);
  g_assert_cmpfloat (y, >=, 0.0);
  sn_hotspot_project (-90.0, 180.0, &x, &y);
  g_assert_cmpfloat (x, ==, 0.0);
  g_assert_cmpfloat (y, <, 1.0);
  g_assert_cmpfloat (y, >, 1.0 - 1e-12);
  sn_hotspot_project (0.0, 179.999999, &x, &y);
  g_assert_cmpfloat (x, <, 1.0);
  sn_hotspot_unproject (0.0, 0.0, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, SN_HOTSPOT_MAX_LATITUDE, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, -180.0, 1e-12);
}

static void
test_projection_round_trip (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 100000; i++)
    {
      double lat = g_rand_double_range (rand, -85.05, 85.05);
      double lon = g_rand_double_range (rand, -180.0, 180.0);
      double x, y, lat2, lon2;

      sn_hotspot_project (lat, lon, &x, &y);
      g_assert_cmpfloat (x, >=, 0.0);
      g_assert_cmpfloat (x, <, 1.0);
      g_assert_cmpfloat (y, >=, 0.0);
      g_assert_cmpfloat (y, <, 1.0);
      sn_hotspot_unproject (x, y, &lat2, &lon2);
      g_assert_cmpfloat_with_epsilon (lat2, lat, 1e-9);
      g_assert_cmpfloat_with_epsilon (lon2, lon, 1e-9);
    }
}

/* ---- the pyramid ------------------------------------------------------------------------ */

static void
check_pyramid (const SnHotspotPoint *points, guint n, const SnHotspotFilter *filter,
               guint max_level, guint eager_cells)
{
  g_autoptr (SnHotspotIndex)
      index = sn_hotspot_index_build_full (points, n, filter, max_level, eager_cells);
  guint top = MIN (max_level, SN_HOTSPOT_MAX_LEVEL), matching = 0;

  for (guint i = 0; i < n; i++)
    matching += filter == NULL || sn_hotspot_filter_match (filter, &points[i]);
  g_assert_cmpuint (sn_hotspot_index_get_max_level (index), ==, top);
  g_assert_cmpuint (sn_hotspot_index_get_n_points (index), ==, matching);

  for (guint level = 0; level <= top; level++)
    {
      g_autoptr (GArray) members = NULL;
      g_autoptr (GArray) want = brute_cells (points, n, filter, level, &members);
      guint n_cells = 0, total = 0;
      const SnHotspotCell *cells;

      g_assert_cmpuint (sn_hotspot_index_get_n_cells (index, level), ==, want->len);
      cells = sn_hotspot_index_get_level (index, level, &n_cells);
      g_assert_cmpuint (n_cells, ==, want->len);
      for (guint c = 0; c < n_cells; c++)
        {
          const SnHotspotCell *w = &g_array_index (want, SnHotspotCell, c);
          const SnHotspotPoint *p;

          assert_same_cell (&cells[c], w);
          assert_same_members (index, &cells[c], w, members);
          g_assert_cmpuint (cells[c].first, ==, total);
          total += cells[c].count;
          /* the lookup of one of its points finds the same cell */
          p = &points[sn_hotspot_index_get_members (index)[cells[c].first + cells[c].count / 2]];
          g_assert_true (sn_hotspot_index_lookup (index, level, p->x, p->y) == &cells[c]);
        }
      g_assert_cmpuint (total, ==, matching);
    }
}

static void
test_pyramid_random (void)
{
  for (guint32 seed = 1; seed <= 4; seed++)
    {
      g_autofree SnHotspotPoint *points = random_points (seed, 3000);
      SnHotspotFilter open;

      sn_hotspot_filter_init (&open);
      open.state = SN_HOTSPOT_STATE_OPEN;
      check_pyramid (points, 3000, NULL, SN_HOTSPOT_MAX_LEVEL, G_MAXUINT);
      check_pyramid (points, 3000, NULL, SN_HOTSPOT_MAX_LEVEL, 0); /* every level lazy */
      check_pyramid (points, 3000, NULL, SN_HOTSPOT_MAX_LEVEL, 2000); /* some of each */
      check_pyramid (points, 3000, &open, 11, G_MAXUINT);
      check_pyramid (points, 3000, &open, 40, 100);
    }
}

static void
test_pyramid_edges (void)
{
  SnHotspotPoint points[4] = {
    { .x = 0.0, .y = 0.0 },
    { .x = nextafter (1.0, 0.0), .y = nextafter (1.0, 0.0), .open = 1, .sla = SN_SLA_OVERDUE },
    { .x = 0.5, .y = 0.5, .open = 1, .sla = SN_SLA_AT_RISK },
    { .x = NAN, .y = 0.5 },
  };
  g_autoptr (SnHotspotIndex) index = sn_hotspot_index_build (points, 4, NULL, 24);
  g_autoptr (SnHotspotIndex) empty = sn_hotspot_index_build (NULL, 0, NULL, 24);
  const SnHotspotCell *cells, *cell;
  guint n_cells;

  g_assert_cmpuint (sn_hotspot_index_get_n_points (index), ==, 3); /* NaN left out */
  cells = sn_hotspot_index_get_level (index, 0, &n_cells);
  g_assert_cmpuint (n_cells, ==, 1);
  g_assert_cmpuint (cells[0].count, ==, 3);
  g_assert_cmpuint (cells[0].worst, ==, SN_SLA_OVERDUE);
  g_assert_cmpuint (cells[0].n_overdue, ==, 1);
  g_assert_cmpuint (cells[0].n_at_risk, ==, 1);
  cells = sn_hotspot_index_get_level (index, 1, &n_cells);
  g_assert_cmpuint (n_cells, ==, 2);
  g_assert_cmpuint (cells[1].cx, ==, 1);
  g_assert_cmpuint (cells[1].count, ==, 2);
  cell = sn_hotspot_index_lookup (index, 24, nextafter (1.0, 0.0), 0.99999999999);
  g_assert_nonnull (cell);
  g_assert_cmpuint (cell->cx, ==, (1u << 24) - 1);
  g_assert_cmpuint (cell->worst, ==, SN_SLA_OVERDUE);
  g_assert_null (sn_hotspot_index_lookup (index, 24, 0.25, 0.25));
  g_assert_null (sn_hotspot_index_lookup (index, 0, 1.0, 0.5));
  g_assert_null (sn_hotspot_index_lookup (index, 0, -0.1, 0.5));

  g_assert_cmpuint (sn_hotspot_index_get_n_points (empty), ==, 0);
  g_assert_null (sn_hotspot_index_get_level (empty, 3, &n_cells));
  g_assert_cmpuint (n_cells, ==, 0);
  g_assert_null (sn_hotspot_index_lookup (empty, 3, 0.5, 0.5));
}

/* Built in one thread, read by several at once while fine levels are materialized on first
 * use: every reader sees the same cells at the same addresses. */
typedef struct
{
  const SnHotspotIndex *index;
  const SnHotspotCell *seen[SN_HOTSPOT_MAX_LEVEL + 1];
} Reader;

static gpointer
build_thread (gpointer points)
{
  return sn_hotspot_index_build_full (points, 20000, NULL, SN_HOTSPOT_MAX_LEVEL, 0);
}

static gpointer
read_thread (gpointer data)
{
  Reader *reader = data;

  for (guint level = SN_HOTSPOT_MAX_LEVEL + 1; level-- > 0;)
    {
      guint n_cells;

      reader->seen[level] = sn_hotspot_index_get_level (reader->index, level, &n_cells);
      g_assert_cmpuint (n_cells, ==, sn_hotspot_index_get_n_cells (reader->index, level));
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autofree SnHotspotPoint *points = random_points (17, 20000);
  g_autoptr (SnHotspotIndex) index = g_thread_join (g_thread_new ("build", build_thread, points));
  Reader readers[4];
  GThread *threads[4];

  for (guint t = 0; t < 4; t++)
    {
      readers[t].index = index;
      threads[t] = g_thread_new ("read", read_thread, &readers[t]);
    }
  for (guint t = 0; t < 4; t++)
    g_thread_join (threads[t]);
  for (guint t = 1; t < 4; t++)
    g_assert_cmpmem (readers[t].seen, sizeof readers[t].seen, readers[0].seen,
                     sizeof readers[0].seen);
  check_pyramid (points, 20000, NULL, SN_HOTSPOT_MAX_LEVEL, 0);
}

/* ---- viewport queries ------------------------------------------------------------------- */

static void
collect_cell_cb (const SnHotspotCell *cell, gpointer user_data)
{
  g_array_append_val ((GArray *) user_data, *cell);
}

static gboolean
cell_intersects (const SnHotspotCell *cell, guint level, double x0, double y0, double x1, double y1)
{
  double side = ldexp (1.0, -(int) level);

  /* [x0, x1) ∩ [cx, cx + 1) · side is not empty: max (x0, a) < min (x1, b) */
  return x0 < x1 && y0 < y1 && cell->cx * side < x1 && (cell->cx + 1) * side > x0
         && cell->cy * side < y1 && (cell->cy + 1) * side > y0;
}

static void
random_rectangle (GRand *rand, guint level, double r[4])
{
  double side = ldexp (1.0, -(int) g_rand_int_range (rand, 0, (gint32) level + 3));
  double cx = g_rand_double_range (rand, -0.05, 1.05), cy = g_rand_double_range (rand, -0.05, 1.05);

  r[0] = cx;
  r[1] = cy;
  r[2] = cx + side * g_rand_double_range (rand, 0.0, 2.0);
  r[3] = cy + side * g_rand_double_range (rand, 0.0, 2.0);
  if (g_rand_int_range (rand, 0, 3) == 0) /* all four sides on cell borders */
    {
      double cell = ldexp (1.0, -(int) level);

      for (guint i = 0; i < 4; i++)
        r[i] = floor (r[i] / cell) * cell;
    }
}

static void
test_foreach_in (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  g_autofree SnHotspotPoint *points = random_points (5, 20000);
  g_autoptr (SnHotspotIndex)
      eager = sn_hotspot_index_build_full (points, 20000, NULL, 24, G_MAXUINT);
  g_autoptr (SnHotspotIndex) lazy = sn_hotspot_index_build_full (points, 20000, NULL, 24, 0);
  guint n_nonempty = 0;

  for (guint t = 0; t < 3000; t++)
    {
      guint level = (guint) g_rand_int_range (rand, 0, SN_HOTSPOT_MAX_LEVEL + 1);
      g_autoptr (GArray) got_eager = g_array_new (FALSE, FALSE, sizeof (SnHotspotCell));
      g_autoptr (GArray) got_lazy = g_array_new (FALSE, FALSE, sizeof (SnHotspotCell));
      g_autoptr (GArray) want = g_array_new (FALSE, FALSE, sizeof (SnHotspotCell));
      const SnHotspotCell *cells;
      guint n_cells;
      double r[4];

      random_rectangle (rand, level, r);
      if (t % 2 == 0 && level > 0) /* around a point, where the cells are */
        {
          const SnHotspotPoint *p = &points[g_rand_int_range (rand, 0, 20000)];
          double w = r[2] - r[0], h = r[3] - r[1];

          r[0] = p->x - w / 2, r[2] = r[0] + w;
          r[1] = p->y - h / 2, r[3] = r[1] + h;
        }
      cells = sn_hotspot_index_get_level (eager, level, &n_cells);
      for (guint c = 0; c < n_cells; c++)
        if (cell_intersects (&cells[c], level, r[0], r[1], r[2], r[3]))
          g_array_append_val (want, cells[c]);
      sn_hotspot_index_foreach_in (eager, level, r[0], r[1], r[2], r[3], collect_cell_cb,
                                   got_eager);
      sn_hotspot_index_foreach_in (lazy, level, r[0], r[1], r[2], r[3], collect_cell_cb, got_lazy);
      g_assert_cmpuint (got_eager->len, ==, want->len);
      g_assert_cmpuint (got_lazy->len, ==, want->len);
      for (guint c = 0; c < want->len; c++)
        {
          const SnHotspotCell *w = &g_array_index (want, SnHotspotCell, c);

          assert_same_cell (&g_array_index (got_eager, SnHotspotCell, c), w);
          assert_same_cell (&g_array_index (got_lazy, SnHotspotCell, c), w);
          g_assert_cmpuint (g_array_index (got_lazy, SnHotspotCell, c).first, ==, w->first);
        }
      n_nonempty += want->len > 0;
    }
  /* the random rectangles did find cells, at all sizes */
  g_assert_cmpuint (n_nonempty, >, 1000);
}

/* ---- filters and districts -------------------------------------------------------------- */

static void
test_filter (void)
{
  SnHotspotPoint p = {
    .time = T0, .category = 3, .sla = SN_SLA_AT_RISK, .open = 1, .stalls = 1 << SN_STALL_SILENT
  };
  SnHotspotFilter f;

  sn_hotspot_filter_init (&f);
  g_assert_true (sn_hotspot_filter_match (&f, &p));
  /* time: [from, to), 0/0 all time */
  f.from = T0, f.to = T0 + 1;
  g_assert_true (sn_hotspot_filter_match (&f, &p));
  f.from = T0 - 10, f.to = T0;
  g_assert_false (sn_hotspot_filter_match (&f, &p));
  f.from = T0 + 1, f.to = T0 + 10;
  g_assert_false (sn_hotspot_filter_match (&f, &p));
  f.from = f.to = 0;
  /* category */
  f.category = 3;
  g_assert_true (sn_hotspot_filter_match (&f, &p));
  f.category = 2;
  g_assert_false (sn_hotspot_filter_match (&f, &p));
  f.category = -1;
  /* state */
  f.state = SN_HOTSPOT_STATE_OPEN;
  g_assert_true (sn_hotspot_filter_match (&f, &p));
  f.state = SN_HOTSPOT_STATE_CLOSED;
  g_assert_false (sn_hotspot_filter_match (&f, &p));
  f.state = SN_HOTSPOT_STATE_AT_RISK;
  g_assert_true (sn_hotspot_filter_match (&f, &p));
  f.state = SN_HOTSPOT_STATE_OVERDUE;
  g_assert_false (sn_hotspot_filter_match (&f, &p));
  p.sla = SN_SLA_OVERDUE;
  g_assert_true (sn_hotspot_filter_match (&f, &p));
  f.state = SN_HOTSPOT_STATE_AT_RISK; /* at risk or overdue */
  g_assert_true (sn_hotspot_filter_match (&f, &p));
  p.open = 0; /* a closed ticket is neither at risk nor overdue */
  g_assert_false (sn_hotspot_filter_match (&f, &p));
  f.state = SN_HOTSPOT_STATE_CLOSED;
  g_assert_true (sn_hotspot_filter_match (&f, &p));
  p.sla = SN_SLA_FINE;
  p.open = 1;
  f.state = SN_HOTSPOT_STATE_AT_RISK;
  g_assert_false (sn_hotspot_filter_match (&f, &p));
  f.state = SN_HOTSPOT_STATE_ALL;
  /* stalls: any of the bits */
  f.stalls = (1 << SN_STALL_SILENT) | (1 << SN_STALL_OVERDUE);
  g_assert_true (sn_hotspot_filter_match (&f, &p));
  f.stalls = 1 << SN_STALL_BOUNCING;
  g_assert_false (sn_hotspot_filter_match (&f, &p));
  p.stalls = 0;
  f.stalls = 0;
  g_assert_true (sn_hotspot_filter_match (&f, &p));
}

static void
test_filter_in_index (void)
{
  g_autofree SnHotspotPoint *points = random_points (9, 5000);
  SnHotspotFilter f;

  sn_hotspot_filter_init (&f);
  f.from = T0 + 7 * DAY;
  f.to = T0 + 14 * DAY;
  f.category = 2;
  check_pyramid (points, 5000, &f, 16, G_MAXUINT);
  sn_hotspot_filter_init (&f);
  f.state = SN_HOTSPOT_STATE_AT_RISK;
  f.stalls = (1 << SN_STALL_SILENT) | (1 << SN_STALL_REOPENED);
  check_pyramid (points, 5000, &f, 20, 64);
}

static void
test_districts (void)
{
  g_autofree SnHotspotPoint *points = random_points (13, 5000);
  guint counts[8], want[8] = { 0 }, none = 0, want_none = 0, small[3];
  SnHotspotFilter f;

  sn_hotspot_filter_init (&f);
  f.state = SN_HOTSPOT_STATE_OPEN;
  f.category = 1;
  for (guint i = 0; i < 5000; i++)
    {
      if (!points[i].open || points[i].category != 1)
        continue;
      if (points[i].district == SN_HOTSPOT_NO_DISTRICT)
        want_none++;
      else
        want[points[i].district]++;
    }
  memset (counts, 0xff, sizeof counts);
  sn_hotspot_count_districts (points, 5000, &f, 8, counts, &none);
  g_assert_cmpmem (counts, sizeof counts, want, sizeof want);
  g_assert_cmpuint (none, ==, want_none);
  g_assert_cmpuint (want_none, >, 0);

  /* indices beyond n_districts count as no district */
  sn_hotspot_count_districts (points, 5000, &f, 3, small, &none);
  g_assert_cmpmem (small, sizeof small, want, sizeof small);
  g_assert_cmpuint (none, ==, want_none + want[3] + want[4] + want[5] + want[6] + want[7]);
}

/* ---- the binomial tail ------------------------------------------------------------------ */

/* Σ_{i ≥ k} C(n, i) p^i (1 − p)^(n − i), term by term from the top. */
static double
exact_upper (guint k, guint n, double p)
{
  double sum = 0.0;

  for (guint i = k; i <= n; i++)
    {
      double term = 1.0;

      for (guint j = 1; j <= i; j++)
        term *= (double) (n - i + j) / j * p;
      term *= pow (1.0 - p, n - i);
      sum += term;
    }
  return sum;
}

static void
test_binomial (void)
{
  static const double ps[] = { 1e-4, 0.01, 0.05, 0.2, 0.5, 0.77, 0.99 };

  g_assert_cmpfloat_with_epsilon (sn_hotspot_binomial_upper (10, 10, 0.2) / 1.024e-7, 1.0, 1e-12);
  g_assert_cmpfloat (sn_hotspot_binomial_upper (0, 5, 0.3), ==, 1.0);
  g_assert_cmpfloat (sn_hotspot_binomial_upper (6, 5, 0.3), ==, 0.0);
  g_assert_cmpfloat (sn_hotspot_binomial_upper (1, 5, 0.0), ==, 0.0);
  g_assert_cmpfloat (sn_hotspot_binomial_upper (5, 5, 1.0), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (sn_hotspot_binomial_upper (1, 7, 0.3), 1.0 - pow (0.7, 7), 1e-14);
  /* P(X ≥ 3 | 10, 0.5) = 1 − 56/1024 */
  g_assert_cmpfloat_with_epsilon (sn_hotspot_binomial_upper (3, 10, 0.5), 968.0 / 1024.0, 1e-14);

  for (guint n = 1; n <= 60; n++)
    for (guint k = 1; k <= n; k++)
      for (guint i = 0; i < G_N_ELEMENTS (ps); i++)
        {
          double want = exact_upper (k, n, ps[i]), got = sn_hotspot_binomial_upper (k, n, ps[i]);

          if (want < 1e-300)
            continue;
          if (fabs (got / want - 1.0) > 1e-10)
            g_error ("P(X ≥ %u | n = %u, p = %g) = %.17g, want %.17g", k, n, ps[i], got, want);
        }
  /* a small tail of a big n, against a sum of lgamma terms */
  {
    double want = 0.0;

    for (guint i = 60; i <= 1000; i++)
      want += exp (lgamma (1001.0) - lgamma (i + 1.0) - lgamma (1001.0 - i) + i * log (0.02)
                   + (1000.0 - i) * log1p (-0.02));
    g_assert_cmpfloat (want, <, 1e-12);
    g_assert_cmpfloat_with_epsilon (sn_hotspot_binomial_upper (60, 1000, 0.02) / want, 1.0, 1e-9);
  }
}

/* ---- emerging hotspots ------------------------------------------------------------------ */

#define CITY_LEVEL 12
#define CITY_SIDE 20

/* A city of CITY_SIDE² cells at CITY_LEVEL: each gets Poisson points at @baseline_rate a
 * day over 28 days and @recent_rate a day over the 7 after; the cell (hot_x, hot_y) gets
 * @extra more in the recent window. */
static GArray *
make_city (guint32 seed, double baseline_rate, double recent_rate, guint extra)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  GArray *points = g_array_new (FALSE, TRUE, sizeof (SnHotspotPoint));
  double side = ldexp (1.0, -CITY_LEVEL);
  guint32 base = 3370u; /* cells around Beijing at level 12 */

  for (guint c = 0; c < CITY_SIDE * CITY_SIDE; c++)
    {
      guint32 cx = base + c % CITY_SIDE, cy = 1552 + c / CITY_SIDE;
      /* Poisson counts by summing exponential gaps over each window */
      for (guint window = 0; window < 2; window++)
        {
          double rate = window == 0 ? baseline_rate : recent_rate;
          gint64 from = window == 0 ? T0 : T0 + 28 * DAY, length = window == 0 ? 28 * DAY : 7 * DAY;
          guint n_extra = (window == 1 && c == 7 * CITY_SIDE + 9) ? extra : 0;
          double t = 0.0;

          for (;;)
            {
              SnHotspotPoint p = { 0 };

              if (n_extra > 0)
                n_extra--, p.time = from + g_rand_int_range (rand, 0, (gint32) length);
              else
                {
                  t += -log (1.0 - g_rand_double (rand)) / rate * DAY;
                  if (t >= length)
                    break;
                  p.time = from + (gint64) t;
                }
              p.x = (cx + g_rand_double (rand)) * side;
              p.y = (cy + g_rand_double (rand)) * side;
              p.open = 1;
              p.district = SN_HOTSPOT_NO_DISTRICT;
              g_array_append_val (points, p);
            }
        }
    }
  return points;
}

static GArray *
city_emerging (GArray *points, guint min_count, double fdr)
{
  return sn_hotspot_emerging ((SnHotspotPoint *) points->data, points->len, NULL, CITY_LEVEL, T0,
                              T0 + 28 * DAY, T0 + 35 * DAY, min_count, fdr);
}

static void
test_emerging_hot_cell (void)
{
  for (guint32 seed = 1; seed <= 10; seed++)
    {
      g_autoptr (GArray) points = make_city (seed, 0.2, 0.2, 10);
      g_autoptr (GArray) found = city_emerging (points, 3, 0.05);
      const SnHotspotEmerging *e;
      guint r = 0, b = 0;

      g_assert_cmpuint (found->len, >=, 1);
      g_assert_cmpuint (found->len, <=, 2);
      e = &g_array_index (found, SnHotspotEmerging, 0);
      g_assert_cmpuint (e->cx, ==, 3370 + 9);
      g_assert_cmpuint (e->cy, ==, 1552 + 7);
      g_assert_cmpuint (e->level, ==, CITY_LEVEL);
      g_assert_cmpuint (e->recent, >=, 10);
      g_assert_cmpfloat (e->q_value, <=, 0.05);
      g_assert_cmpfloat (e->p_value, <=, e->q_value);
      g_assert_cmpfloat (e->expected, <, e->recent);
      g_assert_cmpuint (e->mean_x * (1 << CITY_LEVEL), ==, e->cx);
      /* p from the city's totals, recomputed */
      for (guint i = 0; i < points->len; i++)
        {
          const SnHotspotPoint *p = &g_array_index (points, SnHotspotPoint, i);

          if (p->time >= T0 + 28 * DAY)
            r++;
          else
            b++;
        }
      g_assert_cmpfloat_with_epsilon (
          e->p_value,
          sn_hotspot_binomial_upper (e->recent, e->recent + e->baseline, (double) r / (r + b)),
          1e-15);
      g_assert_cmpfloat_with_epsilon (e->expected, (e->recent + e->baseline) * (double) r / (r + b),
                                      1e-9);
    }
}

/* The windows are half-open: [baseline_from, recent_from) and [recent_from, recent_to). */
static void
test_emerging_windows (void)
{
  static const gint64 times[] = { T0 - 1,  T0,      T0 + 5,      T0 + 10 - 1, T0 + 10,
                                  T0 + 10, T0 + 15, T0 + 20 - 1, T0 + 20 };
  SnHotspotPoint points[G_N_ELEMENTS (times)];
  g_autoptr (GArray) found = NULL;
  const SnHotspotEmerging *e;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    points[i] = (SnHotspotPoint){ .x = 0.3, .y = 0.6, .time = times[i] };
  found = sn_hotspot_emerging (points, G_N_ELEMENTS (points), NULL, 5, T0, T0 + 10, T0 + 20, 0,
                               1.0);
  g_assert_cmpuint (found->len, ==, 1);
  e = &g_array_index (found, SnHotspotEmerging, 0);
  g_assert_cmpuint (e->recent, ==, 4);
  g_assert_cmpuint (e->baseline, ==, 3);
  g_assert_cmpuint (e->cx, ==, (guint) (0.3 * 32));
  g_assert_cmpuint (e->cy, ==, (guint) (0.6 * 32));
  /* one cell is the whole city: p0 = 4/7, so nothing stands out */
  g_assert_cmpfloat_with_epsilon (e->expected, 4.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (e->p_value, sn_hotspot_binomial_upper (4, 7, 4.0 / 7.0), 1e-15);
}

/* Every tested cell comes back with fdr = 1; its q is BH's over exactly those cells. */
static void
test_emerging_bh (void)
{
  g_autoptr (GArray) points = make_city (3, 0.5, 0.5, 10);
  g_autoptr (GArray) all = city_emerging (points, 2, 1.0);
  g_autofree double *p = NULL;
  guint m = all->len;

  g_assert_cmpuint (m, >, 100);
  p = g_new (double, m);
  for (guint i = 0; i < m; i++)
    {
      const SnHotspotEmerging *e = &g_array_index (all, SnHotspotEmerging, i);

      g_assert_cmpuint (e->recent, >=, 2);
      p[i] = e->p_value;
      if (i > 0)
        g_assert_cmpfloat (e->q_value, >=, g_array_index (all, SnHotspotEmerging, i - 1).q_value);
    }
  for (guint i = 0; i < m; i++)
    {
      const SnHotspotEmerging *e = &g_array_index (all, SnHotspotEmerging, i);
      double q = 1.0;

      /* q_i = min over p_j ≥ p_i of p_j · m / rank (p_j) */
      for (guint j = 0; j < m; j++)
        if (p[j] >= e->p_value)
          {
            guint rank = 0;

            for (guint l = 0; l < m; l++)
              rank += p[l] <= p[j];
            q = MIN (q, p[j] * m / rank);
          }
      g_assert_cmpfloat_with_epsilon (e->q_value, q, 1e-12);
    }
}

static void
test_emerging_nothing (void)
{
  g_autoptr (GArray) doubled = NULL;
  g_autoptr (GArray) found = NULL;
  g_autoptr (GArray) no_baseline = g_array_new (FALSE, TRUE, sizeof (SnHotspotPoint));

  /* a citywide doubling: the city is the exposure, so no cell stands out */
  for (guint32 seed = 1; seed <= 10; seed++)
    {
      g_autoptr (GArray) f = NULL;

      doubled = make_city (seed, 0.3, 0.6, 0);
      f = city_emerging (doubled, 3, 0.05);
      g_assert_cmpuint (f->len, ==, 0);
      g_clear_pointer (&doubled, g_array_unref);
    }
  /* … though the same points against the recent window's time share would flag many */
  doubled = make_city (1, 0.3, 0.6, 0);
  found = city_emerging (doubled, 0, 1.0);
  g_assert_cmpuint (found->len, >, 0);
  {
    guint flagged = 0;

    for (guint i = 0; i < found->len; i++)
      {
        const SnHotspotEmerging *e = &g_array_index (found, SnHotspotEmerging, i);

        flagged += sn_hotspot_binomial_upper (e->recent, e->recent + e->baseline, 7.0 / 35.0)
                   < 0.05 / found->len;
      }
    g_assert_cmpuint (flagged, >, 0);
  }

  /* no baseline: every point in the recent window */
  for (guint i = 0; i < 200; i++)
    {
      SnHotspotPoint p = { .x = 0.8 + i * 1e-6, .y = 0.4, .time = T0 + 30 * DAY };

      g_array_append_val (no_baseline, p);
    }
  g_clear_pointer (&found, g_array_unref);
  found = city_emerging (no_baseline, 0, 1.0);
  g_assert_cmpuint (found->len, ==, 0);
  /* nor any recent point */
  g_clear_pointer (&found, g_array_unref);
  found = sn_hotspot_emerging ((SnHotspotPoint *) no_baseline->data, no_baseline->len, NULL, 12,
                               T0 + 29 * DAY, T0 + 31 * DAY, T0 + 40 * DAY, 0, 1.0);
  g_assert_cmpuint (found->len, ==, 0);
}

/* Under H0 (times independent of place) BH keeps the chance of any discovery ≤ fdr. */
static void
test_emerging_fdr (void)
{
  guint with_discoveries = 0, discoveries = 0, seeds = 200;

  for (guint32 seed = 100; seed < 100 + seeds; seed++)
    {
      g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr (GArray) points = g_array_new (FALSE, TRUE, sizeof (SnHotspotPoint));
      g_autoptr (GArray) found = NULL;

      for (guint i = 0; i < 6000; i++)
        {
          /* uneven intensity: a quarter of the points in a few cells */
          guint32 cx = 3370
                       + (g_rand_int_range (rand, 0, 4) == 0 ? g_rand_int_range (rand, 0, 3)
                                                             : g_rand_int_range (rand, 0, 30));
          SnHotspotPoint p = { .x = (cx + g_rand_double (rand)) / 4096.0,
                               .y = (1552 + g_rand_int_range (rand, 0, 30) + g_rand_double (rand))
                                    / 4096.0,
                               .time = T0 + g_rand_int_range (rand, 0, 35 * DAY) };

          g_array_append_val (points, p);
        }
      found = sn_hotspot_emerging ((SnHotspotPoint *) points->data, points->len, NULL, CITY_LEVEL,
                                   T0, T0 + 28 * DAY, T0 + 35 * DAY, 1, 0.05);
      with_discoveries += found->len > 0;
      discoveries += found->len;
    }
  g_test_message ("H0: %u of %u cities with a discovery, %u discoveries", with_discoveries, seeds,
                  discoveries);
  /* expected ≤ 10 (5 %); P(more than 20 | Binomial (200, 0.05)) < 0.2 % */
  g_assert_cmpuint (with_discoveries, <=, 20);
  g_assert_cmpuint (discoveries, <=, 40);
}

int
main (int argc, char **argv)
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests write no file, and GLib 2.74 leaks the
   * directories it makes for each test, which LeakSanitizer reports. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hotspot/projection/known", test_projection_known);
  g_test_add_func ("/hotspot/projection/round-trip", test_projection_round_trip);
  g_test_add_func ("/hotspot/pyramid/random", test_pyramid_random);
  g_test_add_func ("/hotspot/pyramid/edges", test_pyramid_edges);
  g_test_add_func ("/hotspot/pyramid/threads", test_threads);
  g_test_add_func ("/hotspot/foreach-in", test_foreach_in);
  g_test_add_func ("/hotspot/filter/match", test_filter);
  g_test_add_func ("/hotspot/filter/index", test_filter_in_index);
  g_test_add_func ("/hotspot/districts", test_districts);
  g_test_add_func ("/hotspot/binomial", test_binomial);
  g_test_add_func ("/hotspot/emerging/hot-cell", test_emerging_hot_cell);
  g_test_add_func ("/hotspot/emerging/windows", test_emerging_windows);
  g_test_add_func ("/hotspot/emerging/benjamini-hochberg", test_emerging_bh);
  g_test_add_func ("/hotspot/emerging/nothing", test_emerging_nothing);
  g_test_add_func ("/hotspot/emerging/fdr", test_emerging_fdr);
  return g_test_run ();
}
