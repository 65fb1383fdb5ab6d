/* sn-chart.c — the chart object: series, axes, thresholds and how it looks
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sn-chart-private.h"

G_DEFINE_BOXED_TYPE (SnChart, sn_chart, sn_chart_ref, sn_chart_unref)
G_DEFINE_QUARK (sn - chart - error - quark, sn_chart_error)

#define DEFAULT_FONT "Sans 16px"
#define DEFAULT_MARGIN 12.0
#define DEFAULT_MIN_FONT_PX 9.0

static void
threshold_clear (gpointer data)
{
  SnChartThreshold *threshold = data;

  g_free (threshold->label);
}

/* ─── Internal API (sn-chart-private.h) ─── */

void
sn_chart_get_series_look (SnChart *self, guint i, SnChartColor *color, SnChartPattern *pattern)
{
  SnChartSeries *series = g_ptr_array_index (self->series, i);

  if (!sn_chart_series_get_color (series, color))
    *color = self->theme.palette[i % SN_CHART_PALETTE_SIZE];
  *pattern = sn_chart_series_get_pattern (series);
  if (*pattern == SN_CHART_PATTERN_AUTO)
    *pattern = (SnChartPattern) (i % SN_CHART_N_PATTERNS);
}

double
sn_chart_x_to_px (SnChart *self, const SnChartLayout *layout, double x)
{
  double fraction = sn_chart_axis_fraction (self->axes[SN_CHART_AXIS_X], x);

  return layout->plot.x + fraction * layout->plot.width;
}

double
sn_chart_y_to_px (SnChart *self, const SnChartLayout *layout, SnChartAxisSlot axis, double y)
{
  double fraction = sn_chart_axis_fraction (self->axes[axis], y);

  return layout->plot.y + (1 - fraction) * layout->plot.height;
}

/* ─── Public API ─── */

SnChart *
sn_chart_new (void)
{
  SnChart *self = g_new0 (SnChart, 1);

  g_atomic_ref_count_init (&self->ref);
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) sn_chart_series_unref);
  self->thresholds = g_array_new (FALSE, FALSE, sizeof (SnChartThreshold));
  g_array_set_clear_func (self->thresholds, threshold_clear);
  for (guint i = 0; i < SN_CHART_N_AXES; i++)
    self->axes[i] = sn_chart_axis_new ();
  self->legend_position = SN_CHART_LEGEND_TOP;
  self->theme = *sn_chart_theme_get (SN_CHART_THEME_LIGHT);
  self->font = pango_font_description_from_string (DEFAULT_FONT);
  self->margins = (SnChartMargins){ DEFAULT_MARGIN, DEFAULT_MARGIN, DEFAULT_MARGIN,
                                    DEFAULT_MARGIN };
  self->min_font_px = DEFAULT_MIN_FONT_PX;
  return self;
}

SnChart *
sn_chart_ref (SnChart *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
sn_chart_unref (SnChart *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  g_ptr_array_unref (self->series);
  g_array_unref (self->thresholds);
  for (guint i = 0; i < SN_CHART_N_AXES; i++)
    sn_chart_axis_unref (self->axes[i]);
  pango_font_description_free (self->font);
  g_free (self->title);
  g_free (self->no_data_text);
  g_free (self);
}

void
sn_chart_set_title (SnChart *self, const char *title)
{
  g_return_if_fail (self != NULL);

  g_free (self->title);
  self->title = title != NULL && title[0] != '\0' ? g_strdup (title) : NULL;
}

const char *
sn_chart_get_title (SnChart *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

void
sn_chart_set_no_data_text (SnChart *self, const char *text)
{
  g_return_if_fail (self != NULL);

  g_free (self->no_data_text);
  self->no_data_text = text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
}

void
sn_chart_add_series (SnChart *self, SnChartSeries *series)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (series != NULL);

  g_ptr_array_add (self->series, sn_chart_series_ref (series));
}

void
sn_chart_remove_all_series (SnChart *self)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_set_size (self->series, 0);
}

guint
sn_chart_get_n_series (SnChart *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->series->len;
}

SnChartSeries *
sn_chart_get_series (SnChart *self, guint i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->series->len, NULL);

  return g_ptr_array_index (self->series, i);
}

SnChartAxis *
sn_chart_get_axis (SnChart *self, SnChartAxisSlot slot)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail ((guint) slot < SN_CHART_N_AXES, NULL);

  return self->axes[slot];
}

void
sn_chart_set_axis (SnChart *self, SnChartAxisSlot slot, SnChartAxis *axis)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) slot < SN_CHART_N_AXES);
  g_return_if_fail (axis != NULL);

  sn_chart_axis_ref (axis);
  sn_chart_axis_unref (self->axes[slot]);
  self->axes[slot] = axis;
  self->drawn = FALSE;
}

void
sn_chart_add_threshold (SnChart *self, SnChartAxisSlot axis, double value, const char *label,
                        const SnChartColor *color)
{
  SnChartThreshold threshold = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (axis == SN_CHART_AXIS_Y || axis == SN_CHART_AXIS_Y2);
  g_return_if_fail (isfinite (value));

  threshold.axis = axis;
  threshold.value = value;
  threshold.label = label != NULL && label[0] != '\0' ? g_strdup (label) : NULL;
  threshold.has_color = color != NULL;
  if (color != NULL)
    threshold.color = *color;
  g_array_append_val (self->thresholds, threshold);
}

void
sn_chart_remove_all_thresholds (SnChart *self)
{
  g_return_if_fail (self != NULL);

  g_array_set_size (self->thresholds, 0);
}

void
sn_chart_set_legend_position (SnChart *self, SnChartLegendPosition position)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (position <= SN_CHART_LEGEND_RIGHT);

  self->legend_position = position;
}

void
sn_chart_set_bar_mode (SnChart *self, SnChartBarMode mode)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (mode == SN_CHART_BARS_GROUPED || mode == SN_CHART_BARS_STACKED);

  self->bar_mode = mode;
}

void
sn_chart_set_theme (SnChart *self, const SnChartTheme *theme)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (theme != NULL);

  self->theme = *theme;
}

const SnChartTheme *
sn_chart_get_theme (SnChart *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->theme;
}

void
sn_chart_set_font (SnChart *self, const PangoFontDescription *font)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (font != NULL);

  pango_font_description_free (self->font);
  self->font = pango_font_description_copy (font);
}

void
sn_chart_set_margins (SnChart *self, double top, double right, double bottom, double left)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (top >= 0 && right >= 0 && bottom >= 0 && left >= 0);

  self->margins = (SnChartMargins){ top, right, bottom, left };
}

void
sn_chart_set_min_font_size (SnChart *self, double size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (isfinite (size) && size > 0);

  self->min_font_px = size;
}

gboolean
sn_chart_get_plot_area (SnChart *self, cairo_rectangle_t *area)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->drawn)
    return FALSE;
  if (area != NULL)
    *area = self->layout.plot;
  return TRUE;
}

gboolean
sn_chart_value_to_point (SnChart *self, SnChartAxisSlot y_axis, double x, double y, double *px,
                         double *py)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (y_axis == SN_CHART_AXIS_Y || y_axis == SN_CHART_AXIS_Y2, FALSE);

  if (!self->drawn)
    return FALSE;
  if (px != NULL)
    *px = sn_chart_x_to_px (self, &self->layout, x);
  if (py != NULL)
    *py = sn_chart_y_to_px (self, &self->layout, y_axis, y);
  return TRUE;
}

gboolean
sn_chart_point_to_value (SnChart *self, SnChartAxisSlot y_axis, double px, double py, double *x,
                         double *y)
{
  const cairo_rectangle_t *plot;
  double lo, hi;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (y_axis == SN_CHART_AXIS_Y || y_axis == SN_CHART_AXIS_Y2, FALSE);

  plot = &self->layout.plot;
  if (!self->drawn || !(plot->width > 0) || !(plot->height > 0))
    return FALSE;
  if (x != NULL && sn_chart_axis_get_range (self->axes[SN_CHART_AXIS_X], &lo, &hi))
    *x = lo + (px - plot->x) / plot->width * (hi - lo);
  if (y != NULL && sn_chart_axis_get_range (self->axes[y_axis], &lo, &hi))
    *y = lo + (plot->y + plot->height - py) / plot->height * (hi - lo);
  return TRUE;
}
