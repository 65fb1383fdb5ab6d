/* sn-chart-axis.h — one axis of a chart: its range, its ticks and how they are labelled
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An axis is either a value axis (nice-number ticks, the automatic range widened to whole
 * steps and including zero unless told otherwise) or a time axis (unix seconds, ticks on the
 * wall clock of a time zone, labelled "HH:MM" by default, the range not widened). How many
 * ticks fit is decided by the chart when it draws, from the size of the labels; the range and
 * ticks of the last drawing can be read back (for tooltips and tests).
 */
#pragma once

#include <glib-object.h>

#include "sn-chart-ticks.h"

G_BEGIN_DECLS

typedef struct _SnChartAxis SnChartAxis;

#define SN_TYPE_CHART_AXIS (sn_chart_axis_get_type ())
GType sn_chart_axis_get_type (void) G_GNUC_CONST;

/* Returns the label of the tick at @value, newly allocated. @ticks are all ticks of the axis,
 * for formatters that depend on the step; NULL when a value is formatted before the first
 * drawing (sn_chart_axis_format()). */
typedef char *(*SnChartLabelFunc) (double value, const SnChartTicks *ticks, gpointer user_data);

SnChartAxis *sn_chart_axis_new (void);
/* A time axis in @tz (NULL: UTC); values are unix seconds. */
SnChartAxis *sn_chart_axis_new_time (GTimeZone *tz);

SnChartAxis *sn_chart_axis_ref (SnChartAxis *self);
void sn_chart_axis_unref (SnChartAxis *self);

gboolean sn_chart_axis_is_time (SnChartAxis *self);

/* Shown above a vertical axis (a unit: "calls"), already translated. NULL for none. */
void sn_chart_axis_set_title (SnChartAxis *self, const char *title);
const char *sn_chart_axis_get_title (SnChartAxis *self);

/* A fixed range instead of one from the data: the last two hours, a whole day. */
void sn_chart_axis_set_range (SnChartAxis *self, double min, double max);
void sn_chart_axis_unset_range (SnChartAxis *self);
/* Value axes: keep zero inside the automatic range (default TRUE). */
void sn_chart_axis_set_include_zero (SnChartAxis *self, gboolean include_zero);
/* Value axes: a step of at least 1, for counts (default FALSE). */
void sn_chart_axis_set_integer (SnChartAxis *self, gboolean integer);
/* A fixed distance between ticks (3600: every hour) on a time axis or a fixed value range; 0
 * for automatic. Labels are thinned to every k-th tick when they do not fit. A step that would
 * give more than 2,000 ticks is ignored. */
void sn_chart_axis_set_tick_step (SnChartAxis *self, double step);
/* Time axes: a g_date_time_format() format for the labels; NULL for the default ("%H:%M",
 * "%H:%M:%S" under a minute, "%m-%d" for days). */
void sn_chart_axis_set_time_format (SnChartAxis *self, const char *format);
/* Replaces the default labels. */
void sn_chart_axis_set_label_func (SnChartAxis *self, SnChartLabelFunc func, gpointer user_data,
                                   GDestroyNotify destroy);

/* The range and ticks of the last drawing; FALSE/NULL before the first. */
gboolean sn_chart_axis_get_range (SnChartAxis *self, double *min, double *max);
const SnChartTicks *sn_chart_axis_get_ticks (SnChartAxis *self);
/* The label this axis gives @value, with the ticks of the last drawing. */
char *sn_chart_axis_format (SnChartAxis *self, double value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnChartAxis, sn_chart_axis_unref)

G_END_DECLS
