/* sn-chart-types.h — colors and enums shared by the chart types
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A color with components in [0, 1], not premultiplied. */
typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} SnChartColor;

/* An opaque color from 0xRRGGBB, as a compound literal: SN_CHART_RGB (0x0072b2). */
#define SN_CHART_RGB(hex)                                                                          \
  ((SnChartColor){ (((hex) >> 16) & 0xff) / 255.0, (((hex) >> 8) & 0xff) / 255.0,                  \
                   ((hex) &0xff) / 255.0, 1.0 })

/* Parses "#rgb", "#rrggbb" or "#rrggbbaa"; FALSE, and @color left alone, on anything else. */
gboolean sn_chart_color_parse (SnChartColor *color, const char *spec);

/* How a series is drawn. */
typedef enum {
  SN_CHART_STYLE_LINE, /* a line through the points, broken where a value is NaN */
  SN_CHART_STYLE_AREA, /* a line with the area down to the baseline filled */
  SN_CHART_STYLE_BARS, /* one bar per point, filling the point's interval [x, x + step) */
} SnChartStyle;

/* The axes of a chart: series and thresholds name the vertical axis they are measured on. */
typedef enum {
  SN_CHART_AXIS_X,
  SN_CHART_AXIS_Y, /* left */
  SN_CHART_AXIS_Y2, /* right, the secondary axis */
} SnChartAxisSlot;

#define SN_CHART_N_AXES 3

/* The non-color signal that tells series apart: a dash pattern for lines, a hatching for
 * bars. AUTO takes them in order of the series' position in the chart. */
typedef enum {
  SN_CHART_PATTERN_AUTO = -1,
  SN_CHART_PATTERN_SOLID, /* lines: solid; bars: plain fill */
  SN_CHART_PATTERN_DASHED, /* lines: long dashes; bars: diagonal hatching ( / ) */
  SN_CHART_PATTERN_DOTTED, /* lines: dots; bars: cross hatching ( x ) */
  SN_CHART_PATTERN_DASH_DOT, /* lines: dash-dot; bars: reverse diagonal ( \ ) */
} SnChartPattern;

#define SN_CHART_N_PATTERNS 4

typedef enum {
  SN_CHART_LEGEND_NONE,
  SN_CHART_LEGEND_TOP,
  SN_CHART_LEGEND_BOTTOM,
  SN_CHART_LEGEND_RIGHT,
} SnChartLegendPosition;

/* How several bar series share an interval. */
typedef enum {
  SN_CHART_BARS_GROUPED, /* side by side, in the order of the series */
  SN_CHART_BARS_STACKED, /* on top of each other, the first series at the bottom */
} SnChartBarMode;

G_END_DECLS
