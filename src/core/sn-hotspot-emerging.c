/* sn-hotspot-emerging.c — emerging hotspots: cells whose count in a recent window is
 * significantly above their own baseline, by a binomial test per cell and the
 * Benjamini–Hochberg false discovery rate
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sn-hotspot-private.h"

#define BETA_MAX_ITERATIONS 100000
#define BETA_EPSILON 1e-15
#define BETA_TINY 1e-300

/* ---- statistics --------------------------------------------------------------------------- */

/* The continued fraction of the incomplete beta function (modified Lentz). */
static double
beta_continued_fraction (double a, double b, double x)
{
  double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0, d = 1.0 - qab * x / qap, h;

  if (fabs (d) < BETA_TINY)
    d = BETA_TINY;
  d = 1.0 / d;
  h = d;
  for (int m = 1; m <= BETA_MAX_ITERATIONS; m++)
    {
      double m2 = 2.0 * m, aa, delta;

      aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1.0 + aa * d;
      d = fabs (d) < BETA_TINY ? BETA_TINY : d;
      c = 1.0 + aa / c;
      c = fabs (c) < BETA_TINY ? BETA_TINY : c;
      d = 1.0 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1.0 + aa * d;
      d = fabs (d) < BETA_TINY ? BETA_TINY : d;
      c = 1.0 + aa / c;
      c = fabs (c) < BETA_TINY ? BETA_TINY : c;
      d = 1.0 / d;
      delta = d * c;
      h *= delta;
      if (fabs (delta - 1.0) < BETA_EPSILON)
        break;
    }
  return h;
}

/* I_x (a, b) for a, b > 0 and 0 < x < 1.  The fraction converges fast for
 * x < (a + 1) / (a + b + 2); above, 1 − I_{1−x} (b, a).  A small upper binomial tail is the
 * first case, so it is never the difference of two numbers close to 1.  lgamma's arguments
 * are positive, so its sign (signgam) is never read. */
static double
regularized_beta (double a, double b, double x)
{
  double log_front = lgamma (a + b) - lgamma (a) - lgamma (b) + a * log (x) + b * log1p (-x);

  if (x < (a + 1.0) / (a + b + 2.0))
    return exp (log_front) * beta_continued_fraction (a, b, x) / a;
  return 1.0 - exp (log_front) * beta_continued_fraction (b, a, 1.0 - x) / b;
}

static int
compare_p_value (gconstpointer a, gconstpointer b)
{
  const SnHotspotEmerging *const *ea = a, *const *eb = b;

  return ((*ea)->p_value > (*eb)->p_value) - ((*ea)->p_value < (*eb)->p_value);
}

static int
compare_emerging (gconstpointer a, gconstpointer b)
{
  const SnHotspotEmerging *ea = a, *eb = b;
  guint64 ka, kb;

  if (ea->q_value != eb->q_value)
    return ea->q_value < eb->q_value ? -1 : 1;
  if (ea->recent != eb->recent)
    return ea->recent > eb->recent ? -1 : 1;
  ka = morton (ea->cx, ea->cy);
  kb = morton (eb->cx, eb->cy);
  return (ka > kb) - (ka < kb);
}

/* Benjamini–Hochberg: q(i) = min over j ≥ i of p(j) · m / j, by ascending p. */
static void
benjamini_hochberg (GArray *tests)
{
  guint m = tests->len;
  g_autofree SnHotspotEmerging **by_p = NULL;
  double q = 1.0;

  if (m == 0)
    return;
  by_p = g_new (SnHotspotEmerging *, m);
  for (guint i = 0; i < m; i++)
    by_p[i] = &g_array_index (tests, SnHotspotEmerging, i);
  qsort (by_p, m, sizeof *by_p, compare_p_value);
  for (guint i = m; i > 0; i--)
    {
      q = MIN (q, by_p[i - 1]->p_value * m / i);
      by_p[i - 1]->q_value = q;
    }
}

/* One test per cell of @index's finest level with at least @min_count recent points. */
static GArray *
emerging_tests (const SnHotspotIndex *index, const guint8 *recent, double p0, guint min_count)
{
  GArray *tests = g_array_new (FALSE, FALSE, sizeof (SnHotspotEmerging));

  for (guint i = 0; i < index->n_points;)
    {
      guint end = run_end (index, i, index->n_points, 0), r = 0;
      double sx = 0.0, sy = 0.0, ax = 0.0, ay = 0.0;
      SnHotspotEmerging e = { 0 };

      for (guint j = i; j < end; j++)
        {
          ax += index->xs[j];
          ay += index->ys[j];
          if (recent[j])
            {
              r++;
              sx += index->xs[j];
              sy += index->ys[j];
            }
        }
      if (r >= min_count)
        {
          e.cx = compact_bits (index->keys[i]);
          e.cy = compact_bits (index->keys[i] >> 1);
          e.level = index->max_level;
          e.recent = r;
          e.baseline = (end - i) - r;
          e.expected = (end - i) * p0;
          e.p_value = sn_hotspot_binomial_upper (r, end - i, p0);
          e.mean_x = r > 0 ? sx / r : ax / (end - i);
          e.mean_y = r > 0 ? sy / r : ay / (end - i);
          g_array_append_val (tests, e);
        }
      i = end;
    }
  return tests;
}

/* ---- public API: emerging hotspots -------------------------------------------------------- */

GArray *
sn_hotspot_emerging (const SnHotspotPoint *points, guint n_points, const SnHotspotFilter *filter,
                     guint level, gint64 baseline_from, gint64 recent_from, gint64 recent_to,
                     guint min_count, double fdr)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (SnHotspotEmerging));
  g_autoptr (SnHotspotIndex) index = NULL;
  g_autoptr (GArray) tests = NULL;
  g_autofree guint8 *recent = NULL;
  SnHotspotFilter window;
  guint n_recent = 0, n_baseline;

  g_return_val_if_fail (points != NULL || n_points == 0, result);
  g_return_val_if_fail (level <= SN_HOTSPOT_MAX_LEVEL, result);
  g_return_val_if_fail (baseline_from <= recent_from && recent_from <= recent_to, result);

  if (baseline_from >= recent_to)
    return result;
  if (filter != NULL)
    window = *filter;
  else
    sn_hotspot_filter_init (&window);
  window.from = baseline_from;
  window.to = recent_to;
  index = sn_hotspot_index_build_full (points, n_points, &window, level, 0);

  recent = g_new (guint8, MAX (index->n_points, 1));
  for (guint i = 0; i < index->n_points; i++)
    {
      recent[i] = points[index->members[i]].time >= recent_from;
      n_recent += recent[i];
    }
  n_baseline = index->n_points - n_recent;
  if (n_recent == 0 || n_baseline == 0)
    return result;

  tests = emerging_tests (index, recent, (double) n_recent / index->n_points, min_count);
  benjamini_hochberg (tests);
  for (guint i = 0; i < tests->len; i++)
    {
      const SnHotspotEmerging *e = &g_array_index (tests, SnHotspotEmerging, i);

      if (e->q_value <= fdr)
        g_array_append_val (result, *e);
    }
  g_array_sort (result, compare_emerging);
  return result;
}

double
sn_hotspot_binomial_upper (guint k, guint n, double p)
{
  g_return_val_if_fail (p >= 0.0 && p <= 1.0, NAN);

  if (k == 0)
    return 1.0;
  if (k > n || p == 0.0)
    return 0.0;
  if (p == 1.0)
    return 1.0;
  return regularized_beta (k, (double) n - k + 1.0, p);
}
