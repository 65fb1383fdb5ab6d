/* sn-chart-axis.c — axis settings, and the range and ticks resolved for one drawing
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sn-chart-private.h"

struct _SnChartAxis
{
  gatomicrefcount ref;
  gboolean time;
  GTimeZone *tz;
  char *title;
  char *time_format;
  gboolean fixed;
  double fixed_min;
  double fixed_max;
  gboolean include_zero;
  gboolean integer;
  double tick_step;
  SnChartLabelFunc label_func;
  gpointer label_data;
  GDestroyNotify label_destroy;

  /* resolved by the last drawing */
  gboolean resolved;
  double lo;
  double hi;
  SnChartTicks ticks;
};

G_DEFINE_BOXED_TYPE (SnChartAxis, sn_chart_axis, sn_chart_axis_ref, sn_chart_axis_unref)

/* The span a time axis shows around a single instant. */
#define SINGLE_INSTANT_SPAN 3600.0
/* More ticks than this from a fixed step: the step is ignored (a wrong setting, not a chart). */
#define MAX_FIXED_STEP_TICKS 2000.0

static SnChartAxis *
axis_new (gboolean time, GTimeZone *tz)
{
  SnChartAxis *self = g_new0 (SnChartAxis, 1);

  g_atomic_ref_count_init (&self->ref);
  self->time = time;
  self->tz = tz != NULL ? g_time_zone_ref (tz) : NULL;
  self->include_zero = !time;
  return self;
}

static void
clear_label_func (SnChartAxis *self)
{
  if (self->label_destroy != NULL)
    self->label_destroy (self->label_data);
  self->label_func = NULL;
  self->label_data = NULL;
  self->label_destroy = NULL;
}

static const char *
default_time_format (double step)
{
  if (step > 0 && step < 60)
    return "%H:%M:%S";
  if (step >= 86400)
    return "%m-%d";
  return "%H:%M";
}

static char *
format_time (SnChartAxis *self, double value, const SnChartTicks *ticks)
{
  g_autofree char *text = NULL;

  if (self->time_format != NULL)
    return sn_chart_format_time (value, self->tz, self->time_format);
  text = sn_chart_format_time (value, self->tz, default_time_format (ticks ? ticks->step : 60));
  /* A day shown from 00:00 ends at 24:00, not at a second 00:00. */
  if (self->resolved && value == self->hi && value > self->lo && g_str_equal (text, "00:00"))
    return g_strdup ("24:00");
  return g_steal_pointer (&text);
}

static char *
format_value (SnChartAxis *self, double value, const SnChartTicks *ticks)
{
  if (self->label_func != NULL)
    return self->label_func (value, ticks, self->label_data);
  if (self->time)
    return format_time (self, value, ticks);
  return sn_chart_format_value (value, ticks);
}

/* A fixed tick step, unless it would give more ticks than any drawing can show. */
static gboolean
uses_tick_step (SnChartAxis *self, double lo, double hi)
{
  return self->tick_step > 0 && (hi - lo) / self->tick_step <= MAX_FIXED_STEP_TICKS;
}

static void
resolve_time (SnChartAxis *self, double lo, double hi, guint max_intervals)
{
  gboolean ok;

  if (lo == hi)
    {
      lo -= SINGLE_INSTANT_SPAN / 2;
      hi += SINGLE_INSTANT_SPAN / 2;
    }
  self->lo = lo;
  self->hi = hi;
  if (uses_tick_step (self, lo, hi))
    ok = sn_chart_time_ticks_with_step (lo, hi, self->tick_step, self->tz, &self->ticks);
  else
    ok = sn_chart_time_ticks (lo, hi, max_intervals, self->tz, &self->ticks);
  if (!ok)
    self->ticks = (SnChartTicks){ .first = lo, .step = hi - lo, .n_ticks = 0 };
}

static void
resolve_fixed_values (SnChartAxis *self, guint max_intervals)
{
  gboolean ok;

  self->lo = self->fixed_min;
  self->hi = self->fixed_max;
  if (uses_tick_step (self, self->lo, self->hi))
    ok = sn_chart_time_ticks_with_step (self->lo, self->hi, self->tick_step, NULL, &self->ticks);
  else
    ok = sn_chart_nice_ticks_inside (self->lo, self->hi, max_intervals, self->integer,
                                     &self->ticks);
  if (!ok)
    self->ticks = (SnChartTicks){ .first = self->lo, .step = 1, .n_ticks = 0 };
}

/* The data range, zero included if asked; [0, 1] without data. */
static void
value_data_range (SnChartAxis *self, double *lo, double *hi, gboolean has_data)
{
  if (!has_data)
    {
      *lo = 0;
      *hi = 1;
      return;
    }
  if (self->include_zero)
    {
      *lo = MIN (*lo, 0);
      *hi = MAX (*hi, 0);
    }
}

/* ─── Internal API (sn-chart-private.h) ─── */

void
sn_chart_axis_resolve (SnChartAxis *self, double lo, double hi, gboolean has_data,
                       guint max_intervals)
{
  self->resolved = TRUE;
  if (self->time)
    {
      if (self->fixed)
        resolve_time (self, self->fixed_min, self->fixed_max, max_intervals);
      else
        resolve_time (self, has_data ? lo : 0, has_data ? hi : 0, max_intervals);
      return;
    }
  if (self->fixed)
    {
      resolve_fixed_values (self, max_intervals);
      return;
    }
  value_data_range (self, &lo, &hi, has_data);
  if (!sn_chart_nice_ticks (lo, hi, max_intervals, self->integer, &self->ticks))
    sn_chart_nice_ticks (0, 1, 1, FALSE, &self->ticks);
  self->lo = self->ticks.first;
  self->hi = sn_chart_ticks_last (&self->ticks);
}

void
sn_chart_axis_resolve_aligned (SnChartAxis *self, double lo, double hi, gboolean has_data,
                               guint n_intervals)
{
  if (self->time || self->fixed || self->tick_step > 0)
    {
      sn_chart_axis_resolve (self, lo, hi, has_data, n_intervals);
      return;
    }
  self->resolved = TRUE;
  value_data_range (self, &lo, &hi, has_data);
  if (!sn_chart_nice_ticks_for_count (lo, hi, n_intervals, self->integer, &self->ticks))
    sn_chart_nice_ticks (0, 1, 1, FALSE, &self->ticks);
  self->lo = self->ticks.first;
  self->hi = sn_chart_ticks_last (&self->ticks);
}

gboolean
sn_chart_axis_has_fixed_range (SnChartAxis *self)
{
  return self->fixed;
}

double
sn_chart_axis_fraction (SnChartAxis *self, double value)
{
  if (!(self->hi > self->lo))
    return 0.5;
  return (value - self->lo) / (self->hi - self->lo);
}

guint
sn_chart_axis_n_ticks (SnChartAxis *self)
{
  return self->resolved ? self->ticks.n_ticks : 0;
}

double
sn_chart_axis_tick (SnChartAxis *self, guint i)
{
  return sn_chart_ticks_get (&self->ticks, i);
}

char *
sn_chart_axis_tick_label (SnChartAxis *self, guint i)
{
  return format_value (self, sn_chart_axis_tick (self, i), &self->ticks);
}

gint64
sn_chart_axis_tick_index (SnChartAxis *self, guint i)
{
  if (self->time)
    return sn_chart_time_tick_index (&self->ticks, i, self->tz);
  return (gint64) llround (sn_chart_axis_tick (self, i) / self->ticks.step);
}

char *
sn_chart_axis_sample_label (SnChartAxis *self, double lo, double hi)
{
  SnChartTicks ticks;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  if (self->fixed)
    {
      lo = self->fixed_min;
      hi = self->fixed_max;
    }
  if (self->time)
    ticks = (SnChartTicks){ .first = lo, .step = MAX (self->tick_step, 60), .n_ticks = 2 };
  else if (!sn_chart_nice_ticks (lo, hi, 10, self->integer, &ticks))
    return g_strdup ("0");
  low = format_value (self, lo, &ticks);
  high = format_value (self, hi, &ticks);
  return g_utf8_strlen (low, -1) >= g_utf8_strlen (high, -1) ? g_steal_pointer (&low)
                                                             : g_steal_pointer (&high);
}

/* ─── Public API ─── */

SnChartAxis *
sn_chart_axis_new (void)
{
  return axis_new (FALSE, NULL);
}

SnChartAxis *
sn_chart_axis_new_time (GTimeZone *tz)
{
  return axis_new (TRUE, tz);
}

SnChartAxis *
sn_chart_axis_ref (SnChartAxis *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
sn_chart_axis_unref (SnChartAxis *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  clear_label_func (self);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->title);
  g_free (self->time_format);
  g_free (self);
}

gboolean
sn_chart_axis_is_time (SnChartAxis *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->time;
}

void
sn_chart_axis_set_title (SnChartAxis *self, const char *title)
{
  g_return_if_fail (self != NULL);

  g_free (self->title);
  self->title = g_strdup (title);
}

const char *
sn_chart_axis_get_title (SnChartAxis *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

void
sn_chart_axis_set_range (SnChartAxis *self, double min, double max)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (isfinite (min) && isfinite (max) && min < max);

  self->fixed = TRUE;
  self->fixed_min = min;
  self->fixed_max = max;
}

void
sn_chart_axis_unset_range (SnChartAxis *self)
{
  g_return_if_fail (self != NULL);

  self->fixed = FALSE;
}

void
sn_chart_axis_set_include_zero (SnChartAxis *self, gboolean include_zero)
{
  g_return_if_fail (self != NULL);

  self->include_zero = !!include_zero;
}

void
sn_chart_axis_set_integer (SnChartAxis *self, gboolean integer)
{
  g_return_if_fail (self != NULL);

  self->integer = !!integer;
}

void
sn_chart_axis_set_tick_step (SnChartAxis *self, double step)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (isfinite (step) && step >= 0);

  self->tick_step = step;
}

void
sn_chart_axis_set_time_format (SnChartAxis *self, const char *format)
{
  g_return_if_fail (self != NULL);

  g_free (self->time_format);
  self->time_format = g_strdup (format);
}

void
sn_chart_axis_set_label_func (SnChartAxis *self, SnChartLabelFunc func, gpointer user_data,
                              GDestroyNotify destroy)
{
  g_return_if_fail (self != NULL);

  clear_label_func (self);
  self->label_func = func;
  self->label_data = user_data;
  self->label_destroy = destroy;
}

gboolean
sn_chart_axis_get_range (SnChartAxis *self, double *min, double *max)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->resolved)
    return FALSE;
  if (min != NULL)
    *min = self->lo;
  if (max != NULL)
    *max = self->hi;
  return TRUE;
}

const SnChartTicks *
sn_chart_axis_get_ticks (SnChartAxis *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->resolved ? &self->ticks : NULL;
}

char *
sn_chart_axis_format (SnChartAxis *self, double value)
{
  g_return_val_if_fail (self != NULL, NULL);

  return format_value (self, value, self->resolved ? &self->ticks : NULL);
}
