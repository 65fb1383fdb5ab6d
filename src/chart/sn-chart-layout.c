/* sn-chart-layout.c — what the data covers, text, and where everything goes
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout is decided from the outside in, in this order, because each step needs the
 * space the previous ones left:
 *
 *   ┌───────────────────────────────────────────────┐
 *   │ title                                         │  margins all round
 *   │ ▬ legend   ┅ legend                           │  (or bottom, or a right column)
 *   │ axis title                         axis title │
 *   │ 20 ┼───────────────────────────────────────┼ 40
 *   │    │                 plot                  │   y ticks from the plot's height,
 *   │ 10 ┼                                       ┼ 20 then the label widths give its
 *   │  0 ┼───────┬───────┬───────┬───────┬───────┼ 0  left and right edges, then the
 *   │          10:00   10:30   11:00   11:30        x ticks from its width
 *   └───────────────────────────────────────────────┘
 *
 * When the plot would be too small, the legend goes first, then the title and axis titles,
 * then every label: a thumbnail still shows the shape of the data.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sn-chart-private.h"

/* Text shrinks with charts smaller than this, down to the minimum font size. */
#define REFERENCE_WIDTH 480.0
#define REFERENCE_HEIGHT 270.0
#define MAX_Y_INTERVALS 10
#define MAX_X_INTERVALS 24
#define LEVEL_BARE 3

/* ─── Text ─── */

static double
base_font_px (SnChart *self)
{
  double size = pango_font_description_get_size (self->font) / (double) PANGO_SCALE;

  if (!(size > 0))
    return 16;
  if (!pango_font_description_get_size_is_absolute (self->font))
    size *= 96.0 / 72.0;
  return size;
}

static double
role_scale (SnChartTextRole role)
{
  switch (role)
    {
      case SN_CHART_TEXT_TITLE:
        return 1.25;
      case SN_CHART_TEXT_MESSAGE:
        return 1.125;
      case SN_CHART_TEXT_SMALL:
        return 0.875;
      case SN_CHART_TEXT_TICK:
      case SN_CHART_TEXT_BODY:
      default:
        return 1.0;
    }
}

PangoLayout *
sn_chart_text_new (SnChart *self, cairo_t *cr, const SnChartLayout *layout, SnChartTextRole role,
                   const char *text)
{
  PangoLayout *pango_layout = pango_cairo_create_layout (cr);
  g_autoptr (PangoFontDescription) font = pango_font_description_copy (self->font);
  double px = MAX (layout->font_px * role_scale (role), self->min_font_px);

  pango_font_description_set_absolute_size (font, px * PANGO_SCALE);
  if (role == SN_CHART_TEXT_TITLE)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (pango_layout, font);
  if (role == SN_CHART_TEXT_TICK)
    {
      /* Tabular figures keep the digits of stacked labels in columns. */
      g_autoptr (PangoAttrList) attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum"));
      pango_layout_set_attributes (pango_layout, attributes);
    }
  pango_layout_set_text (pango_layout, text != NULL ? text : "", -1);
  return pango_layout;
}

void
sn_chart_text_get_size (PangoLayout *text, double *width, double *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (text, NULL, &logical);
  if (width != NULL)
    *width = logical.width / (double) PANGO_SCALE;
  if (height != NULL)
    *height = logical.height / (double) PANGO_SCALE;
}

void
sn_chart_text_draw (cairo_t *cr, PangoLayout *text, double x, double y, const SnChartColor *color)
{
  sn_chart_set_source (cr, color, 1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, text);
}

static void
measure (SnChart *self, cairo_t *cr, const SnChartLayout *layout, SnChartTextRole role,
         const char *text, double *width, double *height)
{
  g_autoptr (PangoLayout) pango_layout = sn_chart_text_new (self, cr, layout, role, text);

  sn_chart_text_get_size (pango_layout, width, height);
}

/* ─── Extent ─── */

static void
extend (SnChartExtent *extent, SnChartAxisSlot slot, double lo, double hi)
{
  if (!extent->has_data[slot])
    {
      extent->lo[slot] = lo;
      extent->hi[slot] = hi;
      extent->has_data[slot] = TRUE;
      return;
    }
  extent->lo[slot] = MIN (extent->lo[slot], lo);
  extent->hi[slot] = MAX (extent->hi[slot], hi);
}

static void
extend_x (SnChartExtent *extent, double lo, double hi)
{
  extent->x_lo = extent->has_points ? MIN (extent->x_lo, lo) : lo;
  extent->x_hi = extent->has_points ? MAX (extent->x_hi, hi) : hi;
  extent->has_points = TRUE;
}

/* Stacked bars reach the sums of the positive and of the negative values at each index. */
static void
extend_stacked (SnChart *self, SnChartExtent *extent, SnChartAxisSlot slot)
{
  gsize n = 0;
  g_autofree double *above = NULL;
  g_autofree double *below = NULL;

  for (guint i = 0; i < self->series->len; i++)
    n = MAX (n, sn_chart_series_get_n_points (g_ptr_array_index (self->series, i)));
  above = g_new0 (double, n + 1);
  below = g_new0 (double, n + 1);

  for (guint i = 0; i < self->series->len; i++)
    {
      SnChartSeries *series = g_ptr_array_index (self->series, i);

      if (sn_chart_series_get_style (series) != SN_CHART_STYLE_BARS
          || sn_chart_series_get_y_axis (series) != slot)
        continue;
      for (gsize j = 0; j < sn_chart_series_get_n_points (series); j++)
        {
          double y = sn_chart_series_get_y (series, j);

          if (isfinite (y) && y >= 0)
            above[j] += y;
          else if (isfinite (y))
            below[j] += y;
        }
    }
  for (gsize j = 0; j < n; j++)
    if (above[j] != 0 || below[j] != 0)
      extend (extent, slot, below[j], above[j]);
}

static void
extend_by_series (SnChartExtent *extent, SnChartSeries *series, gboolean stacked)
{
  SnChartAxisSlot slot = sn_chart_series_get_y_axis (series);
  gboolean bars = sn_chart_series_get_style (series) == SN_CHART_STYLE_BARS;
  double x_lo, x_hi, y_lo, y_hi;
  gboolean finite = sn_chart_series_get_extent (series, &x_lo, &x_hi, &y_lo, &y_hi);

  if (slot == SN_CHART_AXIS_Y2)
    extent->uses_y2 = TRUE;
  if (sn_chart_series_get_n_points (series) > 0)
    extend_x (extent, x_lo, x_hi + (bars ? sn_chart_series_get_step (series) : 0));
  if (!finite)
    return;
  if (bars && stacked)
    extend (extent, slot, 0, 0); /* the sums come from extend_stacked() */
  else if (bars)
    extend (extent, slot, MIN (y_lo, 0), MAX (y_hi, 0));
  else
    extend (extent, slot, y_lo, y_hi);
}

void
sn_chart_compute_extent (SnChart *self, SnChartExtent *extent)
{
  gboolean stacked = self->bar_mode == SN_CHART_BARS_STACKED;

  memset (extent, 0, sizeof *extent);
  for (guint i = 0; i < self->series->len; i++)
    extend_by_series (extent, g_ptr_array_index (self->series, i), stacked);
  if (stacked)
    {
      if (extent->has_data[SN_CHART_AXIS_Y])
        extend_stacked (self, extent, SN_CHART_AXIS_Y);
      if (extent->has_data[SN_CHART_AXIS_Y2])
        extend_stacked (self, extent, SN_CHART_AXIS_Y2);
    }
  for (guint i = 0; i < self->thresholds->len; i++)
    {
      const SnChartThreshold *threshold = &g_array_index (self->thresholds, SnChartThreshold, i);

      if (threshold->axis == SN_CHART_AXIS_Y2)
        extent->uses_y2 = TRUE;
      if (extent->has_data[threshold->axis])
        extend (extent, threshold->axis, threshold->value, threshold->value);
    }
}

/* ─── Layout ─── */

static double
font_px_for (SnChart *self, double width, double height)
{
  double shrink = MIN (1, MIN (width / REFERENCE_WIDTH, height / REFERENCE_HEIGHT));

  return MAX (base_font_px (self) * shrink, self->min_font_px);
}

/* The first of 1, 2, 3, 4, 6, 12, 24, 48 … such that every k-th tick, @spacing apart, leaves
 * @needed between labels. */
static guint
label_every (double spacing, double needed)
{
  static const guint steps[] = { 1, 2, 3, 4, 6, 12 };
  guint k;

  if (!(spacing > 0))
    return G_MAXUINT;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * spacing >= needed)
      return steps[i];
  for (k = 24; k < G_MAXUINT / 2 && k * spacing < needed; k *= 2)
    ;
  return k;
}

static double
tick_spacing (SnChartAxis *axis, double length)
{
  const SnChartTicks *ticks = sn_chart_axis_get_ticks (axis);
  double lo, hi;

  if (ticks == NULL || !sn_chart_axis_get_range (axis, &lo, &hi) || !(hi > lo))
    return 0;
  return length * ticks->step / (hi - lo);
}

static double
widest_tick_label (SnChart *self, cairo_t *cr, const SnChartLayout *layout, SnChartAxis *axis)
{
  double widest = 0;

  for (guint i = 0; i < sn_chart_axis_n_ticks (axis); i++)
    {
      g_autofree char *label = sn_chart_axis_tick_label (axis, i);
      double width;

      measure (self, cr, layout, SN_CHART_TEXT_TICK, label, &width, NULL);
      widest = MAX (widest, width);
    }
  return widest;
}

static void
place_title (SnChart *self, cairo_t *cr, SnChartLayout *layout, double *top)
{
  double height;

  layout->show_title = self->title != NULL;
  if (!layout->show_title)
    return;
  measure (self, cr, layout, SN_CHART_TEXT_TITLE, self->title, NULL, &height);
  *top += height + layout->gap;
}

static void
place_legend (SnChart *self, cairo_t *cr, SnChartLayout *layout, double left, double *top,
              double *right, double *bottom)
{
  gboolean vertical = self->legend_position == SN_CHART_LEGEND_RIGHT;
  double available = vertical ? (*right - left) * 0.35 : *right - left;
  double width, height;

  layout->show_legend = self->legend_position != SN_CHART_LEGEND_NONE && self->series->len > 0;
  if (!layout->show_legend)
    return;
  sn_chart_legend_measure (self, cr, layout, available, vertical, &width, &height);
  layout->legend = (cairo_rectangle_t){ left, *top, width, height };
  layout->legend_available = available;
  if (self->legend_position == SN_CHART_LEGEND_TOP)
    *top += height + layout->gap;
  else if (self->legend_position == SN_CHART_LEGEND_BOTTOM)
    {
      layout->legend.y = *bottom - height;
      *bottom -= height + layout->gap;
    }
  else
    {
      layout->legend.x = *right - width;
      *right -= width + 2 * layout->gap;
    }
}

static void
place_axis_titles (SnChart *self, cairo_t *cr, SnChartLayout *layout, double *top)
{
  const char *y_title = sn_chart_axis_get_title (self->axes[SN_CHART_AXIS_Y]);
  const char *y2_title = sn_chart_axis_get_title (self->axes[SN_CHART_AXIS_Y2]);
  double height;

  if (!layout->uses_y2)
    y2_title = NULL;
  layout->show_axis_titles = y_title != NULL || y2_title != NULL;
  if (!layout->show_axis_titles)
    return;
  measure (self, cr, layout, SN_CHART_TEXT_SMALL, "0", NULL, &height);
  layout->axis_title_y = *top;
  *top += height + layout->gap * 0.5;
}

static void
resolve_y_axes (SnChart *self, SnChartLayout *layout, const SnChartExtent *extent,
                double plot_height)
{
  guint max_intervals = (guint) CLAMP (plot_height / (layout->line_h * 2.2), 1, MAX_Y_INTERVALS);
  SnChartAxis *y = self->axes[SN_CHART_AXIS_Y];
  const SnChartTicks *ticks;

  sn_chart_axis_resolve (y, extent->lo[SN_CHART_AXIS_Y], extent->hi[SN_CHART_AXIS_Y],
                         extent->has_data[SN_CHART_AXIS_Y], max_intervals);
  ticks = sn_chart_axis_get_ticks (y);
  /* The secondary axis takes as many steps as the first, so both share the grid lines. */
  sn_chart_axis_resolve_aligned (self->axes[SN_CHART_AXIS_Y2], extent->lo[SN_CHART_AXIS_Y2],
                                 extent->hi[SN_CHART_AXIS_Y2], extent->has_data[SN_CHART_AXIS_Y2],
                                 ticks->n_ticks > 1 ? ticks->n_ticks - 1 : max_intervals);
  for (guint slot = SN_CHART_AXIS_Y; slot <= SN_CHART_AXIS_Y2; slot++)
    {
      layout->axis_active[slot] = extent->has_data[slot]
                                  || sn_chart_axis_has_fixed_range (self->axes[slot]);
      layout->y_label_every = MAX (
          layout->y_label_every,
          label_every (tick_spacing (self->axes[slot], plot_height), layout->line_h * 1.1));
    }
  layout->axis_active[SN_CHART_AXIS_Y2] &= layout->uses_y2;
}

static void
resolve_x_axis (SnChart *self, cairo_t *cr, SnChartLayout *layout, const SnChartExtent *extent,
                double plot_width, double sample_width)
{
  SnChartAxis *x = self->axes[SN_CHART_AXIS_X];
  double needed = sample_width + layout->gap * 2;
  guint max_intervals = (guint) CLAMP (plot_width / needed, 1, MAX_X_INTERVALS);

  sn_chart_axis_resolve (x, extent->x_lo, extent->x_hi, extent->has_points, max_intervals);
  layout->axis_active[SN_CHART_AXIS_X] = extent->has_points || sn_chart_axis_has_fixed_range (x);
  if (layout->show_labels && layout->axis_active[SN_CHART_AXIS_X])
    needed = widest_tick_label (self, cr, layout, x) + layout->gap * 2;
  layout->x_label_every = label_every (tick_spacing (x, plot_width), needed);
}

static void
init_metrics (SnChart *self, cairo_t *cr, SnChartLayout *layout, double width, double height,
              const SnChartExtent *extent)
{
  memset (layout, 0, sizeof *layout);
  layout->width = width;
  layout->height = height;
  layout->font_px = font_px_for (self, width, height);
  measure (self, cr, layout, SN_CHART_TEXT_TICK, "0", NULL, &layout->line_h);
  layout->gap = layout->font_px * 0.5;
  layout->tick_len = layout->font_px * 0.4;
  layout->line_width = MAX (1.5, layout->font_px / 7);
  layout->has_data = extent->has_data[SN_CHART_AXIS_Y] || extent->has_data[SN_CHART_AXIS_Y2];
  layout->uses_y2 = extent->uses_y2;
  layout->y_label_every = 1;
}

/* The space the last x label needs past the plot's right edge: half of it. */
static double
x_label_overhang (double sample_width)
{
  return sample_width / 2;
}

static void
layout_at_level (SnChart *self, cairo_t *cr, double width, double height,
                 const SnChartExtent *extent, int level, SnChartLayout *layout)
{
  double left = self->margins.left, top = self->margins.top;
  double right = width - self->margins.right, bottom = height - self->margins.bottom;
  g_autofree char *sample = NULL;
  double sample_width, label_width;

  init_metrics (self, cr, layout, width, height, extent);
  layout->show_labels = level < LEVEL_BARE;
  sample_width = layout->font_px * 3; /* spaces the grid when there are no labels */
  if (level < 2)
    place_title (self, cr, layout, &top);
  if (level < 1)
    place_legend (self, cr, layout, left, &top, &right, &bottom);
  if (level < 2)
    place_axis_titles (self, cr, layout, &top);
  if (layout->show_labels)
    {
      top += layout->line_h / 2;
      bottom -= layout->tick_len + layout->gap * 0.25 + layout->line_h;
      sample = sn_chart_axis_sample_label (self->axes[SN_CHART_AXIS_X], extent->x_lo, extent->x_hi);
      measure (self, cr, layout, SN_CHART_TEXT_TICK, sample, &sample_width, NULL);
    }

  resolve_y_axes (self, layout, extent, bottom - top);
  if (layout->show_labels && layout->axis_active[SN_CHART_AXIS_Y])
    {
      label_width = widest_tick_label (self, cr, layout, self->axes[SN_CHART_AXIS_Y]);
      left = MAX (left, self->margins.left + label_width + layout->gap * 0.75);
    }
  if (layout->show_labels && layout->axis_active[SN_CHART_AXIS_Y2])
    {
      label_width = widest_tick_label (self, cr, layout, self->axes[SN_CHART_AXIS_Y2]);
      right -= label_width + layout->gap * 0.75;
    }
  else if (layout->show_labels)
    right -= x_label_overhang (sample_width);

  resolve_x_axis (self, cr, layout, extent, right - left, sample_width);
  layout->plot = (cairo_rectangle_t){ left, top, right - left, bottom - top };
}

static gboolean
layout_fits (const SnChartLayout *layout)
{
  return layout->plot.width >= layout->font_px * 4 && layout->plot.height >= layout->line_h * 2
         && (!layout->show_legend || layout->legend.height <= layout->plot.height);
}

void
sn_chart_compute_layout (SnChart *self, cairo_t *cr, double width, double height,
                         const SnChartExtent *extent, SnChartLayout *layout)
{
  for (int level = 0; level < LEVEL_BARE; level++)
    {
      layout_at_level (self, cr, width, height, extent, level, layout);
      if (layout_fits (layout))
        return;
    }
  layout_at_level (self, cr, width, height, extent, LEVEL_BARE, layout);
  if (layout->plot.width < 1 || layout->plot.height < 1)
    {
      /* Margins larger than the chart: the data gets the whole of it. */
      layout->plot = (cairo_rectangle_t){ 0, 0, width, height };
      resolve_y_axes (self, layout, extent, height);
      resolve_x_axis (self, cr, layout, extent, width, layout->font_px * 3);
    }
}
