/* sn-chart-private.h — what the files of the chart module share: the chart's fields, the
 * layout of one drawing, and internal functions of the axis
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   sn-chart.c         the object, its settings, point ↔ value mapping
 *   sn-chart-layout.c  data extents, text, where title, legend, labels and plot go
 *   sn-chart-draw.c    sn_chart_draw(): the layers, back to front
 *   sn-chart-legend.c  the legend and the series swatches
 *   sn-chart-export.c  PNG, SVG and PDF files
 */
#pragma once

#include <pango/pangocairo.h>

#include "sn-chart.h"

G_BEGIN_DECLS

typedef struct
{
  SnChartAxisSlot axis;
  double value;
  char *label;
  gboolean has_color;
  SnChartColor color;
} SnChartThreshold;

typedef struct
{
  double top;
  double right;
  double bottom;
  double left;
} SnChartMargins;

/* What the data covers: x over all points, y per vertical axis over finite values (bars from
 * zero, stacked bars as sums), thresholds included where the axis has data. */
typedef struct
{
  gboolean has_points;
  double x_lo;
  double x_hi;
  gboolean has_data[SN_CHART_N_AXES];
  double lo[SN_CHART_N_AXES];
  double hi[SN_CHART_N_AXES];
  gboolean uses_y2;
} SnChartExtent;

typedef enum {
  SN_CHART_TEXT_TICK, /* tick labels: tabular figures */
  SN_CHART_TEXT_BODY, /* legend */
  SN_CHART_TEXT_SMALL, /* axis titles, threshold labels */
  SN_CHART_TEXT_TITLE,
  SN_CHART_TEXT_MESSAGE, /* "no data" */
} SnChartTextRole;

/* One drawing's geometry, in the units of the cairo context. */
typedef struct
{
  double width;
  double height;
  double font_px; /* body text */
  double line_h; /* one line of body text */
  double gap;
  double tick_len;
  double line_width; /* series lines */
  gboolean has_data;
  gboolean uses_y2;
  gboolean show_title;
  gboolean show_legend;
  gboolean show_labels; /* tick labels */
  gboolean show_axis_titles;
  /* an axis is active when it has data or a fixed range: its labels and thresholds show */
  gboolean axis_active[SN_CHART_N_AXES];
  cairo_rectangle_t plot;
  cairo_rectangle_t legend;
  double legend_available; /* the width the legend's rows were flowed into */
  double axis_title_y;
  guint x_label_every; /* label every k-th x tick */
  guint y_label_every;
} SnChartLayout;

struct _SnChart
{
  gatomicrefcount ref;
  char *title;
  char *no_data_text;
  GPtrArray *series;
  SnChartAxis *axes[SN_CHART_N_AXES];
  GArray *thresholds; /* of SnChartThreshold */
  SnChartLegendPosition legend_position;
  SnChartBarMode bar_mode;
  SnChartTheme theme;
  PangoFontDescription *font;
  SnChartMargins margins;
  double min_font_px;

  gboolean drawn; /* the last drawing showed a plot: layout is valid */
  SnChartLayout layout;
};

/* sn-chart-axis.c: resolving an axis for a drawing */
void sn_chart_axis_resolve (SnChartAxis *self, double lo, double hi, gboolean has_data,
                            guint max_intervals);
void sn_chart_axis_resolve_aligned (SnChartAxis *self, double lo, double hi, gboolean has_data,
                                    guint n_intervals);
gboolean sn_chart_axis_has_fixed_range (SnChartAxis *self);
double sn_chart_axis_fraction (SnChartAxis *self, double value);
guint sn_chart_axis_n_ticks (SnChartAxis *self);
double sn_chart_axis_tick (SnChartAxis *self, guint i);
char *sn_chart_axis_tick_label (SnChartAxis *self, guint i);
gint64 sn_chart_axis_tick_index (SnChartAxis *self, guint i);
char *sn_chart_axis_sample_label (SnChartAxis *self, double lo, double hi);

/* sn-chart.c */
void sn_chart_get_series_look (SnChart *self, guint i, SnChartColor *color,
                               SnChartPattern *pattern);
double sn_chart_x_to_px (SnChart *self, const SnChartLayout *layout, double x);
double sn_chart_y_to_px (SnChart *self, const SnChartLayout *layout, SnChartAxisSlot axis,
                         double y);

/* sn-chart-layout.c */
void sn_chart_compute_extent (SnChart *self, SnChartExtent *extent);
void sn_chart_compute_layout (SnChart *self, cairo_t *cr, double width, double height,
                              const SnChartExtent *extent, SnChartLayout *layout);
PangoLayout *sn_chart_text_new (SnChart *self, cairo_t *cr, const SnChartLayout *layout,
                                SnChartTextRole role, const char *text);
void sn_chart_text_get_size (PangoLayout *text, double *width, double *height);
void sn_chart_text_draw (cairo_t *cr, PangoLayout *text, double x, double y,
                         const SnChartColor *color);

/* sn-chart-legend.c */
void sn_chart_legend_measure (SnChart *self, cairo_t *cr, const SnChartLayout *layout,
                              double available_width, gboolean vertical, double *width,
                              double *height);
void sn_chart_legend_draw (SnChart *self, cairo_t *cr, const SnChartLayout *layout,
                           gboolean vertical);
void sn_chart_draw_swatch (SnChart *self, cairo_t *cr, const SnChartLayout *layout, guint i,
                           double x, double y, double width, double height);
/* sn-chart-draw.c: shared with the legend */
void sn_chart_set_source (cairo_t *cr, const SnChartColor *color, double alpha);
void sn_chart_set_dash (cairo_t *cr, SnChartPattern pattern, double line_width);
gboolean sn_chart_bars_are_hatched (SnChart *self, const SnChartLayout *layout);
void sn_chart_hatch (cairo_t *cr, SnChartPattern pattern, const cairo_rectangle_t *area,
                     const SnChartColor *color, const SnChartLayout *layout);

G_END_DECLS
