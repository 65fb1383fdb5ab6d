/* sn-chart.h — a chart of series on axes, drawn on any cairo context
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart is built from series → axes → layers (as sysprof does): the caller fills
 * SnChartSeries, sets up the x axis (a time axis for the Overview) and the vertical axes, and
 * sn_chart_draw() lays everything out for the size it is given and paints, back to front:
 * background, grid, bars, areas, lines, thresholds, axis labels, legend, title. The same
 * call draws the widget (gtk_snapshot_append_cairo) and the files of sn_chart_export(), so
 * the screen and the exported report never differ.
 *
 *   g_autoptr (SnChart) chart = sn_chart_new ();
 *   g_autoptr (SnChartAxis) time = sn_chart_axis_new_time (tz);
 *   g_autoptr (SnChartSeries) waiting = sn_chart_series_new (_("Calls waiting"),
 *                                                            SN_CHART_STYLE_LINE);
 *
 *   sn_chart_axis_set_range (time, now - 7200, now);
 *   sn_chart_set_axis (chart, SN_CHART_AXIS_X, time);
 *   sn_chart_series_set_regular (waiting, now - 7200, 60, values, 121);
 *   sn_chart_add_series (chart, waiting);
 *   sn_chart_add_threshold (chart, SN_CHART_AXIS_Y, 10, _("Alert"), NULL);
 *   sn_chart_draw (chart, cr, width, height);
 *
 * Text goes through pangocairo with the chart's font (fontconfig falls back to a CJK font for
 * Chinese labels); every string is passed in already translated. Text scales down with
 * charts smaller than 480 × 270 but never below the minimum font size: labels that do not fit
 * are left out instead, and on very small sizes the legend, the title and finally all labels
 * go, so that the data stays visible. Nothing is drawn for a size below 1 × 1.
 *
 * Units are those of the cairo context: pixels on screen, in PNG and in SVG; points in PDF.
 * Drawing stores the resolved ranges and layout in the chart (read back below), so one chart
 * is drawn by one thread at a time; an exporter in a worker thread builds its own chart.
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>
#include <pango/pango.h>

#include "sn-chart-axis.h"
#include "sn-chart-series.h"
#include "sn-chart-theme.h"
#include "sn-chart-ticks.h"
#include "sn-chart-types.h"

G_BEGIN_DECLS

#define SN_CHART_ERROR (sn_chart_error_quark ())
GQuark sn_chart_error_quark (void);

typedef enum {
  SN_CHART_ERROR_FORMAT, /* the path's extension is not .png, .svg or .pdf */
  SN_CHART_ERROR_SIZE, /* the size is not usable for a file */
  SN_CHART_ERROR_RENDER, /* cairo failed */
} SnChartError;

typedef struct _SnChart SnChart;

#define SN_TYPE_CHART (sn_chart_get_type ())
GType sn_chart_get_type (void) G_GNUC_CONST;

SnChart *sn_chart_new (void);
SnChart *sn_chart_ref (SnChart *self);
void sn_chart_unref (SnChart *self);

/* Drawn at the top left, bold; NULL for none. */
void sn_chart_set_title (SnChart *self, const char *title);
const char *sn_chart_get_title (SnChart *self);
/* Shown in the middle of the plot when no series has a finite value; NULL for none. */
void sn_chart_set_no_data_text (SnChart *self, const char *text);

/* Series are drawn in the order they were added; bars first, then areas, then lines. */
void sn_chart_add_series (SnChart *self, SnChartSeries *series);
void sn_chart_remove_all_series (SnChart *self);
guint sn_chart_get_n_series (SnChart *self);
SnChartSeries *sn_chart_get_series (SnChart *self, guint i);

/* The chart starts with a value x axis and value y axes (zero included); replace the x axis
 * with a time axis for time series. */
SnChartAxis *sn_chart_get_axis (SnChart *self, SnChartAxisSlot slot);
void sn_chart_set_axis (SnChart *self, SnChartAxisSlot slot, SnChartAxis *axis);

/* A dashed horizontal line at @value on @axis (Y or Y2) with @label (NULL for none) at its
 * right end; @color NULL for the theme's threshold color. Automatic ranges include it. */
void sn_chart_add_threshold (SnChart *self, SnChartAxisSlot axis, double value, const char *label,
                             const SnChartColor *color);
void sn_chart_remove_all_thresholds (SnChart *self);

void sn_chart_set_legend_position (SnChart *self, SnChartLegendPosition position);
void sn_chart_set_bar_mode (SnChart *self, SnChartBarMode mode);
/* Copied. The default is the light theme. */
void sn_chart_set_theme (SnChart *self, const SnChartTheme *theme);
const SnChartTheme *sn_chart_get_theme (SnChart *self);
/* The family and base size of all text (default "Sans 16px"); sizes in points count 96 dpi. */
void sn_chart_set_font (SnChart *self, const PangoFontDescription *font);
/* Space between the edge and the content (default 12 on each side). */
void sn_chart_set_margins (SnChart *self, double top, double right, double bottom, double left);
/* Text is never drawn smaller than this (default 9): what does not fit at this size is left
 * out. Raise it for charts shown on a wall screen or a projector. */
void sn_chart_set_min_font_size (SnChart *self, double size);

void sn_chart_draw (SnChart *self, cairo_t *cr, double width, double height);

/* Where the last sn_chart_draw() put things, in its units; FALSE before the first drawing,
 * or when the last one was too small to show a plot. */
gboolean sn_chart_get_plot_area (SnChart *self, cairo_rectangle_t *area);
gboolean sn_chart_value_to_point (SnChart *self, SnChartAxisSlot y_axis, double x, double y,
                                  double *px, double *py);
gboolean sn_chart_point_to_value (SnChart *self, SnChartAxisSlot y_axis, double px, double py,
                                  double *x, double *y);

/* Draws the chart into a new file at @path: PNG or SVG (@width × @height pixels) or PDF
 * (points), chosen by the extension, case-insensitively. The file is replaced atomically.
 * Errors: SN_CHART_ERROR for the name, the size or cairo; G_FILE_ERROR for writing. */
gboolean sn_chart_export (SnChart *self, const char *path, double width, double height,
                          GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnChart, sn_chart_unref)

G_END_DECLS
