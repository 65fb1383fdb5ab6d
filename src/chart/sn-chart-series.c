/* sn-chart-series.c — the values of a series and how it looks
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sn-chart-series.h"

struct _SnChartSeries
{
  gatomicrefcount ref;
  char *name;
  SnChartStyle style;
  GArray *x; /* NULL when regular */
  GArray *y;
  double x0;
  double step;
  gboolean has_color;
  SnChartColor color;
  SnChartPattern pattern;
  SnChartAxisSlot y_axis;
};

G_DEFINE_BOXED_TYPE (SnChartSeries, sn_chart_series, sn_chart_series_ref, sn_chart_series_unref)

static double
smallest_gap (GArray *x)
{
  double gap = INFINITY;

  for (guint i = 1; i < x->len; i++)
    {
      double d = g_array_index (x, double, i) - g_array_index (x, double, i - 1);

      if (d > 0 && d < gap)
        gap = d;
    }
  return isfinite (gap) ? gap : 1;
}

SnChartSeries *
sn_chart_series_new (const char *name, SnChartStyle style)
{
  SnChartSeries *self = g_new0 (SnChartSeries, 1);

  g_atomic_ref_count_init (&self->ref);
  self->name = g_strdup (name != NULL ? name : "");
  self->style = style;
  self->y = g_array_new (FALSE, FALSE, sizeof (double));
  self->step = 1;
  self->pattern = SN_CHART_PATTERN_AUTO;
  self->y_axis = SN_CHART_AXIS_Y;
  return self;
}

SnChartSeries *
sn_chart_series_ref (SnChartSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
sn_chart_series_unref (SnChartSeries *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  g_clear_pointer (&self->x, g_array_unref);
  g_array_unref (self->y);
  g_free (self->name);
  g_free (self);
}

const char *
sn_chart_series_get_name (SnChartSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

SnChartStyle
sn_chart_series_get_style (SnChartSeries *self)
{
  g_return_val_if_fail (self != NULL, SN_CHART_STYLE_LINE);

  return self->style;
}

void
sn_chart_series_set_regular (SnChartSeries *self, double x0, double step, const double *values,
                             gsize n_values)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (isfinite (x0) && isfinite (step) && step > 0);
  g_return_if_fail (values != NULL || n_values == 0);
  g_return_if_fail (n_values <= G_MAXUINT);

  g_clear_pointer (&self->x, g_array_unref);
  g_array_set_size (self->y, 0);
  g_array_append_vals (self->y, values, (guint) n_values);
  self->x0 = x0;
  self->step = step;
}

void
sn_chart_series_set_points (SnChartSeries *self, const double *x, const double *y, gsize n_points)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((x != NULL && y != NULL) || n_points == 0);
  g_return_if_fail (n_points <= G_MAXUINT);

  for (gsize i = 0; i < n_points; i++)
    g_return_if_fail (isfinite (x[i]) && (i == 0 || x[i] >= x[i - 1]));

  if (self->x == NULL)
    self->x = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_set_size (self->x, 0);
  g_array_append_vals (self->x, x, (guint) n_points);
  g_array_set_size (self->y, 0);
  g_array_append_vals (self->y, y, (guint) n_points);
  self->step = smallest_gap (self->x);
}

gsize
sn_chart_series_get_n_points (SnChartSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->y->len;
}

double
sn_chart_series_get_x (SnChartSeries *self, gsize i)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (i < self->y->len, NAN);

  if (self->x != NULL)
    return g_array_index (self->x, double, i);
  return self->x0 + (double) i * self->step;
}

double
sn_chart_series_get_y (SnChartSeries *self, gsize i)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (i < self->y->len, NAN);

  return g_array_index (self->y, double, i);
}

double
sn_chart_series_get_step (SnChartSeries *self)
{
  g_return_val_if_fail (self != NULL, 1);

  return self->step;
}

gboolean
sn_chart_series_get_extent (SnChartSeries *self, double *x_min, double *x_max, double *y_min,
                            double *y_max)
{
  double lo = INFINITY, hi = -INFINITY;
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);

  n = self->y->len;
  if (n > 0)
    {
      *x_min = sn_chart_series_get_x (self, 0);
      *x_max = sn_chart_series_get_x (self, n - 1);
    }
  for (guint i = 0; i < n; i++)
    {
      double y = g_array_index (self->y, double, i);

      if (!isfinite (y))
        continue;
      lo = MIN (lo, y);
      hi = MAX (hi, y);
    }
  if (lo > hi)
    return FALSE;
  *y_min = lo;
  *y_max = hi;
  return TRUE;
}

void
sn_chart_series_set_color (SnChartSeries *self, const SnChartColor *color)
{
  g_return_if_fail (self != NULL);

  self->has_color = color != NULL;
  if (color != NULL)
    self->color = *color;
}

gboolean
sn_chart_series_get_color (SnChartSeries *self, SnChartColor *color)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->has_color && color != NULL)
    *color = self->color;
  return self->has_color;
}

void
sn_chart_series_set_pattern (SnChartSeries *self, SnChartPattern pattern)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (pattern >= SN_CHART_PATTERN_AUTO && pattern < SN_CHART_N_PATTERNS);

  self->pattern = pattern;
}

SnChartPattern
sn_chart_series_get_pattern (SnChartSeries *self)
{
  g_return_val_if_fail (self != NULL, SN_CHART_PATTERN_AUTO);

  return self->pattern;
}

void
sn_chart_series_set_y_axis (SnChartSeries *self, SnChartAxisSlot axis)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (axis == SN_CHART_AXIS_Y || axis == SN_CHART_AXIS_Y2);

  self->y_axis = axis;
}

SnChartAxisSlot
sn_chart_series_get_y_axis (SnChartSeries *self)
{
  g_return_val_if_fail (self != NULL, SN_CHART_AXIS_Y);

  return self->y_axis;
}
