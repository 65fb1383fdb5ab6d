/* sn-chart-series.h — one named row of values drawn as a line, an area or bars
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Values are y at x positions, either regular (x0 + i × step: one point a minute) or given
 * (ascending x). A NaN y is "no data": lines break there, bars are left out. For bars a point
 * stands for the interval [x, x + step), the step being the regular step or the smallest gap
 * between given positions.
 */
#pragma once

#include <glib-object.h>

#include "sn-chart-types.h"

G_BEGIN_DECLS

typedef struct _SnChartSeries SnChartSeries;

#define SN_TYPE_CHART_SERIES (sn_chart_series_get_type ())
GType sn_chart_series_get_type (void) G_GNUC_CONST;

/* @name is shown in the legend, already translated. */
SnChartSeries *sn_chart_series_new (const char *name, SnChartStyle style);

SnChartSeries *sn_chart_series_ref (SnChartSeries *self);
void sn_chart_series_unref (SnChartSeries *self);

const char *sn_chart_series_get_name (SnChartSeries *self);
SnChartStyle sn_chart_series_get_style (SnChartSeries *self);

/* Replaces the values: @values[i] at x = @x0 + i × @step (@step > 0). */
void sn_chart_series_set_regular (SnChartSeries *self, double x0, double step, const double *values,
                                  gsize n_values);
/* Replaces the values: @y[i] at @x[i]; @x ascending and finite. */
void sn_chart_series_set_points (SnChartSeries *self, const double *x, const double *y,
                                 gsize n_points);

gsize sn_chart_series_get_n_points (SnChartSeries *self);
double sn_chart_series_get_x (SnChartSeries *self, gsize i);
double sn_chart_series_get_y (SnChartSeries *self, gsize i);
/* The regular step, or the smallest positive gap between given positions (1 if none). */
double sn_chart_series_get_step (SnChartSeries *self);
/* The x span of all points and the y span of the finite values; FALSE when no value is
 * finite ("no data"; the x span is still set when there are points). */
gboolean sn_chart_series_get_extent (SnChartSeries *self, double *x_min, double *x_max,
                                     double *y_min, double *y_max);

/* NULL: the theme's palette color for the series' position. */
void sn_chart_series_set_color (SnChartSeries *self, const SnChartColor *color);
gboolean sn_chart_series_get_color (SnChartSeries *self, SnChartColor *color);
void sn_chart_series_set_pattern (SnChartSeries *self, SnChartPattern pattern);
SnChartPattern sn_chart_series_get_pattern (SnChartSeries *self);
/* The vertical axis the values are measured on: SN_CHART_AXIS_Y (default) or _Y2. */
void sn_chart_series_set_y_axis (SnChartSeries *self, SnChartAxisSlot axis);
SnChartAxisSlot sn_chart_series_get_y_axis (SnChartSeries *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnChartSeries, sn_chart_series_unref)

G_END_DECLS
