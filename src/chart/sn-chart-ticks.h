/* sn-chart-ticks.h — where an axis puts its ticks, and the default tick labels
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Value axes use "nice numbers": steps of 1, 2 or 5 × 10^k, and the range widened outwards
 * to whole steps (0–17 becomes 0, 5, 10, 15, 20). Time axes use the steps a clock reader
 * expects (1, 2, 5, 10, 15, 30 minutes; 1, 2, 3, 6, 12 hours; days), on the wall clock of a
 * time zone, without widening the range.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ticks at first + i × step for i in 0 … n_ticks − 1. For nice numbers, step is
 * mantissa × 10^exponent and the ticks are computed from whole multiples of the step, so that
 * 0.1 × 3 comes out as the double nearest to 0.3, as a literal 0.3 does. */
typedef struct
{
  double first;
  double step;
  guint n_ticks;
  int mantissa; /* 10, 20 or 50 (15, 25, 30, 40, 60, 80 for _for_count); 0 for time ticks */
  int exponent;
} SnChartTicks;

/* The i-th tick; i may be past the last one (used to extend an axis). */
double sn_chart_ticks_get (const SnChartTicks *ticks, guint i);
double sn_chart_ticks_last (const SnChartTicks *ticks);

/* The smallest nice step that covers [@lo, @hi] with at most @max_intervals steps (at least
 * 1), the range widened to whole steps. @integer keeps the step at 1 or more (counts of
 * calls). An empty range (lo = hi) is widened first: [0, 1] around 0, ±10 % otherwise.
 * FALSE for non-finite input. */
gboolean sn_chart_nice_ticks (double lo, double hi, guint max_intervals, gboolean integer,
                              SnChartTicks *out);
/* Exactly @n_intervals steps from a whole multiple of the step at or below @lo, reaching
 * @hi: a secondary axis whose ticks share the primary axis's grid lines. The steps may also
 * be 1.5, 2.5, 3, 4, 6 or 8 × 10^k here, so that the axis is not mostly empty. */
gboolean sn_chart_nice_ticks_for_count (double lo, double hi, guint n_intervals, gboolean integer,
                                        SnChartTicks *out);
/* The nice ticks inside the fixed range [@lo, @hi], which is not widened. */
gboolean sn_chart_nice_ticks_inside (double lo, double hi, guint max_intervals, gboolean integer,
                                     SnChartTicks *out);

/* Ticks inside [@start, @end] (unix seconds) at the smallest clock step that needs at most
 * @max_intervals steps over the range, aligned to the wall clock of @tz (NULL: UTC): a
 * 15-minute step falls on :00, :15, :30, :45 local time. The offset from UTC is taken at
 * @start, so across a daylight-saving change hourly ticks stay hourly but can show :30 in
 * zones whose change is not a whole step. */
gboolean sn_chart_time_ticks (double start, double end, guint max_intervals, GTimeZone *tz,
                              SnChartTicks *out);
/* The same with a given @step in seconds (hour ticks: 3600). */
gboolean sn_chart_time_ticks_with_step (double start, double end, double step, GTimeZone *tz,
                                        SnChartTicks *out);
/* The tick's index counted from the epoch of the wall clock of @tz: 10:00 with a one-hour
 * step is 10 mod 24. Used to label every k-th tick where all cannot be labelled. */
gint64 sn_chart_time_tick_index (const SnChartTicks *ticks, guint i, GTimeZone *tz);

/* A value label for ticks: as many decimals as the step needs, trailing zeros dropped, a
 * minus sign (U+2212) for negative values, and SI suffixes (k, M, G) when the step is 1,000
 * or more or the largest tick is 10,000 or more: 0, 2k, 4k … 12k. @ticks NULL: a plain
 * number with up to two decimals. */
char *sn_chart_format_value (double value, const SnChartTicks *ticks);
/* @unix_seconds in @tz (NULL: UTC) with a g_date_time_format() @format. */
char *sn_chart_format_time (double unix_seconds, GTimeZone *tz, const char *format);

G_END_DECLS
