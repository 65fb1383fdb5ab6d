/* bench-hotspot.c — the Map page's hotspot aggregation at a city's scale, without a display:
 * 1,000,000 points around Beijing (DESIGN.md: binned/clustered ≤ 200 ms on one core; the
 * per-frame queries must leave a 16.7 ms frame almost untouched)
 *
 *   points ─▶ sn_hotspot_index_build (no filter; last 7 days, open)
 *          ─▶ foreach_in over a 1400 × 900 px view at zoom 10, 13 and 16, 64-px cells
 *          ─▶ count_districts, emerging hotspots at level 17 (≈ 230 m), 28 + 7 days
 *
 * Every figure is the median and the maximum of several runs.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench-util.h"
#include "sn-hotspot.h"
#include "sn-sla.h"

#define DAY 86400
#define START G_GINT64_CONSTANT (1759276800) /* 2025-10-01T00:00:00Z */
#define NOW (START + 35 * DAY)
#define N_DISTRICTS 16
#define N_CATEGORIES 24
#define VIEW_W 1400.0
#define VIEW_H 900.0
#define CELL_PIXELS_LOG2 6 /* 64-px clusters */
#define N_NEW_HOTSPOTS 5 /* hotspots that began in the last 7 days: the emerging ones */

static int n_points = 1000000;
static int n_runs = 7;
static int n_hotspots = 300;
static int n_frames = 200;

static const GOptionEntry entries[] = {
  { "points", 0, 0, G_OPTION_ARG_INT, &n_points, "Points (default 1,000,000)", "N" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs of each build (default 7)", "N" },
  { "hotspots", 0, 0, G_OPTION_ARG_INT, &n_hotspots, "Gaussian hotspots (default 300)", "N" },
  { "frames", 0, 0, G_OPTION_ARG_INT, &n_frames, "Queries per view (default 200)", "N" },
  { NULL }
};

typedef struct
{
  double lat, lon;
  double sigma_km;
  double weight;
} Hotspot;

/* ---- a city ------------------------------------------------------------------------------ */

static double
gaussian (GRand *rand)
{
  double u = 1.0 - g_rand_double (rand), v = g_rand_double (rand);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

static Hotspot *
make_hotspots (GRand *rand, double *total_weight)
{
  Hotspot *spots = g_new (Hotspot, n_hotspots);

  *total_weight = 0.0;
  for (int i = 0; i < n_hotspots; i++)
    {
      /* centres crowd the urban core (σ ≈ 12 km); sizes 50 m … 1.5 km, log-uniform;
       * weights Pareto-like, so a few hotspots are big */
      spots[i].lat = 39.91 + gaussian (rand) * 12.0 / 111.0;
      spots[i].lon = 116.40 + gaussian (rand) * 12.0 / 85.0;
      spots[i].sigma_km = 0.05 * pow (30.0, g_rand_double (rand));
      spots[i].weight = pow (1.0 - g_rand_double (rand), -0.7);
      *total_weight += spots[i].weight;
    }
  return spots;
}

static guint16
pick_category (GRand *rand)
{
  /* Zipf-like: the first categories (noise, street vending, …) are the common ones */
  double u = g_rand_double (rand);

  return (guint16) MIN (N_CATEGORIES - 1, (int) (N_CATEGORIES * u * u * u));
}

static void
set_state (GRand *rand, SnHotspotPoint *p)
{
  double age_days = (double) (NOW - p->time) / DAY, r = g_rand_double (rand);
  double open_share = age_days < 1 ? 0.95 : age_days < 7 ? 0.55 : age_days < 14 ? 0.2 : 0.04;

  p->open = g_rand_double (rand) < open_share;
  p->sla = r < 0.80 ? SN_SLA_FINE : r < 0.93 ? SN_SLA_AT_RISK : SN_SLA_OVERDUE;
  p->stalls = 0;
  if (p->open && g_rand_double (rand) < 0.3)
    {
      static const double share[SN_N_STALL_REASONS] = { 0.15, 0.5, 0.2, 0.1, 0.08, 0.05 };

      for (guint s = 0; s < SN_N_STALL_REASONS; s++)
        if (g_rand_double (rand) < share[s])
          p->stalls |= 1 << s;
      if (p->sla == SN_SLA_OVERDUE)
        p->stalls |= 1 << SN_STALL_OVERDUE;
    }
}

static SnHotspotPoint *
make_points (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (2026);
  SnHotspotPoint *points = g_new0 (SnHotspotPoint, n_points);
  double total_weight, lat, lon;
  g_autofree Hotspot *spots = make_hotspots (rand, &total_weight);
  g_autofree double *cumulative = g_new (double, n_hotspots);

  for (int i = 0; i < n_hotspots; i++)
    cumulative[i] = (i > 0 ? cumulative[i - 1] : 0.0) + spots[i].weight / total_weight;
  for (int i = 0; i < n_points; i++)
    {
      SnHotspotPoint *p = &points[i];
      double r = g_rand_double (rand);
      int lo = 0, hi = n_hotspots - 1;

      if (r < 0.3) /* background: a broad bell over the city plus a flat floor */
        {
          double spread = r < 0.25 ? 15.0 : 45.0;

          lat = 39.91 + gaussian (rand) * spread / 111.0;
          lon = 116.40 + gaussian (rand) * spread / 85.0;
        }
      else
        {
          double u = g_rand_double (rand);

          while (lo < hi) /* the hotspot by weight */
            {
              int mid = (lo + hi) / 2;

              if (cumulative[mid] < u)
                lo = mid + 1;
              else
                hi = mid;
            }
          lat = spots[lo].lat + gaussian (rand) * spots[lo].sigma_km / 111.0;
          lon = spots[lo].lon + gaussian (rand) * spots[lo].sigma_km / 85.0;
        }
      sn_hotspot_project (lat, lon, &p->x, &p->y);
      /* slightly more in the last weeks, and a daily rhythm; the last few hotspots are new */
      if (r >= 0.3 && lo >= n_hotspots - N_NEW_HOTSPOTS)
        p->time = NOW - 7 * DAY + (gint64) (7.0 * DAY * g_rand_double (rand));
      else
        p->time = START + (gint64) (35.0 * DAY * pow (g_rand_double (rand), 0.9));
      p->time = p->time - p->time % DAY + (gint64) (DAY * (0.3 + 0.6 * g_rand_double (rand)));
      p->time = MIN (p->time, NOW - 1);
      p->id = (guint32) i;
      p->category = pick_category (rand);
      p->district = g_rand_double (rand) < 0.02 ? SN_HOTSPOT_NO_DISTRICT
                                                : (guint16) g_rand_int_range (rand, 0, N_DISTRICTS);
      set_state (rand, p);
    }
  return points;
}

/* ---- measuring --------------------------------------------------------------------------- */

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

/* Sorts @ms in place; the value at @fraction (0.5 = median, 1 = max). */
static double
percentile (double *ms, guint n, double fraction)
{
  qsort (ms, n, sizeof *ms, compare_double);
  return ms[MIN (n - 1, (guint) ceil (fraction * n) - (fraction > 0 ? 1 : 0))];
}

static double
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1e3;
}

/* Builds the index @n_runs times; returns the median. */
static double
measure_build (const char *what, const SnHotspotPoint *points, const SnHotspotFilter *filter)
{
  g_autofree double *ms = g_new (double, n_runs);
  guint matched = 0, eager = 0;
  double median, max;

  for (int r = 0; r < n_runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr (SnHotspotIndex)
          index = sn_hotspot_index_build (points, n_points, filter, SN_HOTSPOT_MAX_LEVEL);

      ms[r] = elapsed_ms (start);
      matched = sn_hotspot_index_get_n_points (index);
      eager = 0;
      for (guint level = 0; level <= SN_HOTSPOT_MAX_LEVEL; level++)
        {
          guint n = sn_hotspot_index_get_n_cells (index, level);

          if (eager + n > SN_HOTSPOT_DEFAULT_EAGER_CELLS)
            break;
          eager += n;
        }
    }
  median = percentile (ms, n_runs, 0.5);
  max = percentile (ms, n_runs, 1.0);
  g_print ("  build, %s: %u points matched, %u cells built eagerly: median %.1f ms, max %.1f ms "
           "(target ≤ 200 ms) %s\n",
           what, matched, eager, median, max, bench_verdict (max <= 200.0));
  return median;
}

typedef struct
{
  guint cells, points;
} ViewCount;

static void
count_cb (const SnHotspotCell *cell, gpointer user_data)
{
  ViewCount *n = user_data;

  n->cells++;
  n->points += cell->count;
}

/* Whether the index built @level's cells at build time (its budget, from level 0 down). */
static gboolean
level_is_built (const SnHotspotIndex *index, guint level)
{
  guint total = 0;

  for (guint l = 0; l <= level; l++)
    total += sn_hotspot_index_get_n_cells (index, l);
  return total <= SN_HOTSPOT_DEFAULT_EAGER_CELLS;
}

/* @n_frames queries of a 1400 × 900 px view at @zoom, panning around (lat, lon). */
static double
measure_view (const SnHotspotIndex *index, const char *what, int zoom, int cell_log2, double lat,
              double lon)
{
  g_autofree double *ms = g_new (double, n_frames);
  g_autoptr (GRand) rand = g_rand_new_with_seed (zoom);
  double world_px = 256.0 * ldexp (1.0, zoom), cx, cy, p95, max;
  guint level = (guint) (zoom + 8 - cell_log2), cells = 0, n_inside = 0;

  sn_hotspot_project (lat, lon, &cx, &cy);
  for (int f = 0; f < n_frames; f++)
    {
      double x = cx + (g_rand_double (rand) - 0.5) * VIEW_W / world_px;
      double y = cy + (g_rand_double (rand) - 0.5) * VIEW_H / world_px;
      gint64 start = g_get_monotonic_time ();

      ViewCount n = { 0 };

      sn_hotspot_index_foreach_in (index, level, x - VIEW_W / 2 / world_px,
                                   y - VIEW_H / 2 / world_px, x + VIEW_W / 2 / world_px,
                                   y + VIEW_H / 2 / world_px, count_cb, &n);
      ms[f] = elapsed_ms (start);
      cells = MAX (cells, n.cells);
      n_inside = MAX (n_inside, n.points);
    }
  p95 = percentile (ms, n_frames, 0.95);
  max = percentile (ms, n_frames, 1.0);
  g_print ("  view %s (zoom %d, level %u%s, %u cells in the level): up to %u cells, %u points "
           "on screen; median %.3f ms, p95 %.3f ms, max %.3f ms (target ≤ 2 ms) %s\n",
           what, zoom, level,
           level_is_built (index, level) ? ", built with the index" : ", not built with the index",
           sn_hotspot_index_get_n_cells (index, level), cells, n_inside,
           percentile (ms, n_frames, 0.5), p95, max, bench_verdict (p95 <= 2.0));
  return p95;
}

/* The centroid of the busiest cell of @level: where a supervisor zooms in. */
static void
busiest_place (const SnHotspotIndex *index, guint level, double *lat, double *lon)
{
  guint n_cells, best = 0;
  const SnHotspotCell *cells = sn_hotspot_index_get_level (index, level, &n_cells);

  for (guint i = 1; i < n_cells; i++)
    if (cells[i].count > cells[best].count)
      best = i;
  sn_hotspot_unproject (cells[best].mean_x, cells[best].mean_y, lat, lon);
}

static void
measure_materialize (const SnHotspotIndex *index, guint level)
{
  gint64 start = g_get_monotonic_time ();
  double first_ms;
  guint n_cells;

  sn_hotspot_index_get_level (index, level, &n_cells);
  first_ms = elapsed_ms (start);
  start = g_get_monotonic_time ();
  sn_hotspot_index_get_level (index, level, &n_cells);
  g_print ("  get_level (%u) the first time: %u cells materialized in %.1f ms; again %.4f ms\n",
           level, n_cells, first_ms, elapsed_ms (start));
}

static void
measure_districts (const SnHotspotPoint *points, const SnHotspotFilter *filter)
{
  g_autofree double *ms = g_new (double, n_runs);
  guint counts[N_DISTRICTS], none = 0;

  for (int r = 0; r < n_runs; r++)
    {
      gint64 start = g_get_monotonic_time ();

      sn_hotspot_count_districts (points, n_points, filter, N_DISTRICTS, counts, &none);
      ms[r] = elapsed_ms (start);
    }
  g_print ("  count_districts (last 7 days, open): %u in district 0, %u in none; median %.1f ms, "
           "max %.1f ms\n",
           counts[0], none, percentile (ms, n_runs, 0.5), percentile (ms, n_runs, 1.0));
}

static void
measure_emerging (const SnHotspotPoint *points)
{
  g_autofree double *ms = g_new (double, n_runs);
  guint found = 0;
  double best_q = 1.0;

  for (int r = 0; r < n_runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr (GArray) emerging = sn_hotspot_emerging (points, n_points, NULL, 17, NOW - 35 * DAY,
                                                         NOW - 7 * DAY, NOW, 5, 0.05);

      ms[r] = elapsed_ms (start);
      found = emerging->len;
      if (found > 0)
        best_q = g_array_index (emerging, SnHotspotEmerging, 0).q_value;
    }
  g_print ("  emerging (level 17, 28-day baseline, 7-day window, r ≥ 5, FDR 0.05): %u cells "
           "(best q %.2g; %d hotspots were planted in the last 7 days); median %.1f ms, "
           "max %.1f ms\n",
           found, best_q, N_NEW_HOTSPOTS, percentile (ms, n_runs, 0.5),
           percentile (ms, n_runs, 1.0));
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SnHotspotIndex) index = NULL;
  g_autofree SnHotspotPoint *points = NULL;
  SnHotspotFilter recent_open;
  double lat, lon;
  gint64 start;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (n_points < 1 || n_runs < 1 || n_hotspots < 1 || n_frames < 1)
    g_error ("--points, --runs, --hotspots and --frames must be positive");

  start = g_get_monotonic_time ();
  points = make_points ();
  g_print ("bench-hotspot: %d points around Beijing (%d hotspots, 35 days) made in %.0f ms; "
           "RSS %.0f MiB\n",
           n_points, n_hotspots, elapsed_ms (start), bench_rss_mib ("VmRSS:"));

  sn_hotspot_filter_init (&recent_open);
  recent_open.from = NOW - 7 * DAY;
  recent_open.to = NOW;
  recent_open.state = SN_HOTSPOT_STATE_OPEN;
  measure_build ("no filter", points, NULL);
  measure_build ("last 7 days, open", points, &recent_open);

  index = sn_hotspot_index_build (points, n_points, NULL, SN_HOTSPOT_MAX_LEVEL);
  g_print ("  RSS with one full index: %.0f MiB; cells per level:", bench_rss_mib ("VmRSS:"));
  for (guint level = 0; level <= SN_HOTSPOT_MAX_LEVEL; level++)
    g_print (" %u", sn_hotspot_index_get_n_cells (index, level));
  g_print ("\n");
  busiest_place (index, 14, &lat, &lon);
  g_print ("  views centred on the busiest 2.4-km cell, %.4f N %.4f E\n", lat, lon);
  measure_view (index, "city-wide", 10, CELL_PIXELS_LOG2, lat, lon);
  measure_view (index, "district", 13, CELL_PIXELS_LOG2, lat, lon);
  measure_view (index, "street", 16, CELL_PIXELS_LOG2, lat, lon);
  measure_view (index, "street, 16-px cells", 16, 4, lat, lon);
  measure_view (index, "building", 19, CELL_PIXELS_LOG2, lat, lon);
  measure_materialize (index, 21);
  measure_view (index, "building, level materialized", 19, CELL_PIXELS_LOG2, lat, lon);

  measure_districts (points, &recent_open);
  measure_emerging (points);
  g_print ("  RSS at the end %.0f MiB, peak %.0f MiB\n", bench_rss_mib ("VmRSS:"),
           bench_rss_mib ("VmHWM:"));
  return 0;
}
