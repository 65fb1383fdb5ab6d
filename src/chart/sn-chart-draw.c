/* sn-chart-draw.c — sn_chart_draw(): the layers of a chart, back to front
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   background → grid and baseline → bars → area fills → lines → thresholds
 *   → tick labels → axis titles → "no data" → legend → title
 *
 * Lines break at NaN values, and a value with NaN on both sides gets a dot, so that a lone
 * minute of data is not lost. On pixel surfaces, grid lines and bar edges are snapped to the
 * device pixel grid so that narrow bars stay crisp; PDF and SVG keep exact positions.
 */
#include "config.h"

#include <math.h>

#include "sn-chart-private.h"

#define BAR_GROUP_FRACTION 0.8
#define AREA_ALPHA 0.22
#define HATCHED_FILL_ALPHA 0.3
#define HALO_ALPHA 0.85
#define MAX_HATCH_LINES 10000.0

/* What every layer needs. */
typedef struct
{
  SnChart *chart;
  cairo_t *cr;
  const SnChartLayout *layout;
  gboolean snap; /* a pixel surface */
  double hairline; /* one device pixel, in user units */
} Painter;

typedef struct
{
  double *above[2]; /* running sums of the stacked bars, per vertical axis */
  double *below[2];
  guint n_bar_series;
} BarStacks;

/* ─── Shared helpers (sn-chart-private.h) ─── */

void
sn_chart_set_source (cairo_t *cr, const SnChartColor *color, double alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void
sn_chart_set_dash (cairo_t *cr, SnChartPattern pattern, double line_width)
{
  /* Round caps add half a line width to each end of a dash; a dot is a dash of length 0. */
  const double dashed[] = { 3 * line_width, 3 * line_width };
  const double dotted[] = { 0, 2.5 * line_width };
  const double dash_dot[] = { 3 * line_width, 2.5 * line_width, 0, 2.5 * line_width };

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  switch (pattern)
    {
      case SN_CHART_PATTERN_DASHED:
        cairo_set_dash (cr, dashed, G_N_ELEMENTS (dashed), 0);
        break;
      case SN_CHART_PATTERN_DOTTED:
        cairo_set_dash (cr, dotted, G_N_ELEMENTS (dotted), 0);
        break;
      case SN_CHART_PATTERN_DASH_DOT:
        cairo_set_dash (cr, dash_dot, G_N_ELEMENTS (dash_dot), 0);
        break;
      case SN_CHART_PATTERN_SOLID:
      case SN_CHART_PATTERN_AUTO:
      default:
        cairo_set_dash (cr, NULL, 0, 0);
        break;
    }
}

void
sn_chart_hatch (cairo_t *cr, SnChartPattern pattern, const cairo_rectangle_t *area,
                const SnChartColor *color, const SnChartLayout *layout)
{
  double spacing = MAX (4, layout->font_px * 0.4);
  double x0 = area->x, y0 = area->y, h = area->height;
  gboolean forward = pattern == SN_CHART_PATTERN_DASHED || pattern == SN_CHART_PATTERN_DOTTED;
  gboolean backward = pattern == SN_CHART_PATTERN_DASH_DOT || pattern == SN_CHART_PATTERN_DOTTED;
  guint n_lines = (guint) MIN (ceil ((area->width + h) / spacing) + 1, MAX_HATCH_LINES);

  cairo_save (cr);
  cairo_new_path (cr);
  /* Lines x + y = c ( / ) and x − y = c ( \ ), c on a global grid so that neighbouring bars'
   * hatching lines up. */
  for (guint i = 0; forward && i <= n_lines; i++)
    {
      double c = (floor ((x0 + y0) / spacing) + i) * spacing;

      cairo_move_to (cr, c - y0, y0);
      cairo_line_to (cr, c - y0 - h, y0 + h);
    }
  for (guint i = 0; backward && i <= n_lines; i++)
    {
      double c = (floor ((x0 - y0 - h) / spacing) + i) * spacing;

      cairo_move_to (cr, c + y0, y0);
      cairo_line_to (cr, c + y0 + h, y0 + h);
    }
  sn_chart_set_source (cr, color, 1);
  cairo_set_line_width (cr, MAX (1, layout->line_width * 0.5));
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static SnChartSeries *
first_bar_series (SnChart *self, guint *n_bar_series)
{
  SnChartSeries *first = NULL;

  *n_bar_series = 0;
  for (guint i = 0; i < self->series->len; i++)
    {
      SnChartSeries *series = g_ptr_array_index (self->series, i);

      if (sn_chart_series_get_style (series) != SN_CHART_STYLE_BARS)
        continue;
      if (first == NULL)
        first = series;
      (*n_bar_series)++;
    }
  return first;
}

static double
group_fraction (double slot_width)
{
  /* Below 5 units a gap between intervals would be a blur: the bars touch. */
  return slot_width >= 5 ? BAR_GROUP_FRACTION : 1;
}

gboolean
sn_chart_bars_are_hatched (SnChart *self, const SnChartLayout *layout)
{
  guint n_bar_series;
  SnChartSeries *series = first_bar_series (self, &n_bar_series);
  double x, slot_width, bar_width;

  if (series == NULL)
    return FALSE;
  x = sn_chart_series_get_n_points (series) > 0 ? sn_chart_series_get_x (series, 0) : 0;
  slot_width = sn_chart_x_to_px (self, layout, x + sn_chart_series_get_step (series))
               - sn_chart_x_to_px (self, layout, x);
  bar_width = slot_width * group_fraction (slot_width);
  if (self->bar_mode == SN_CHART_BARS_GROUPED)
    bar_width /= n_bar_series;
  return bar_width >= layout->font_px * 0.75;
}

/* ─── Helpers ─── */

static void
snap_point (const Painter *p, double *x, double *y)
{
  if (!p->snap)
    return;
  cairo_user_to_device (p->cr, x, y);
  *x = floor (*x) + 0.5;
  *y = floor (*y) + 0.5;
  cairo_device_to_user (p->cr, x, y);
}

static void
snapped_rectangle (const Painter *p, double x0, double y0, double x1, double y1)
{
  if (p->snap)
    {
      cairo_user_to_device (p->cr, &x0, &y0);
      cairo_user_to_device (p->cr, &x1, &y1);
      x0 = round (x0);
      x1 = MAX (round (x1), x0 + 1);
      y0 = round (y0);
      y1 = round (y1);
      cairo_device_to_user (p->cr, &x0, &y0);
      cairo_device_to_user (p->cr, &x1, &y1);
    }
  if (y0 != y1)
    cairo_rectangle (p->cr, MIN (x0, x1), MIN (y0, y1), fabs (x1 - x0), fabs (y1 - y0));
}

static gboolean
inside_vertically (const cairo_rectangle_t *plot, double y)
{
  return y >= plot->y - 0.5 && y <= plot->y + plot->height + 0.5;
}

static gboolean
inside_horizontally (const cairo_rectangle_t *plot, double x)
{
  return x >= plot->x - 0.5 && x <= plot->x + plot->width + 0.5;
}

/* Zero, or the end of the axis nearest to it: where bars and areas start. */
static double
baseline_value (SnChartAxis *axis)
{
  double lo = 0, hi = 0;

  sn_chart_axis_get_range (axis, &lo, &hi);
  return CLAMP (0, lo, hi);
}

static gboolean
labelled_tick (SnChartAxis *axis, guint i, guint every)
{
  gint64 index = sn_chart_axis_tick_index (axis, i);

  return every > 0 && ((index % (gint64) every) + every) % every == 0;
}

/* The one series drawn on @slot, or −1. */
static int
lone_series_on (SnChart *self, SnChartAxisSlot slot)
{
  int found = -1;

  for (guint i = 0; i < self->series->len; i++)
    if (sn_chart_series_get_y_axis (g_ptr_array_index (self->series, i)) == slot)
      {
        if (found >= 0)
          return -1;
        found = (int) i;
      }
  return found;
}

/* ─── Background and grid ─── */

static void
draw_background (const Painter *p)
{
  const SnChartColor *background = &p->chart->theme.background;

  if (background->alpha <= 0)
    return;
  sn_chart_set_source (p->cr, background, 1);
  cairo_paint (p->cr);
}

static void
grid_lines (const Painter *p)
{
  SnChart *self = p->chart;
  const cairo_rectangle_t *plot = &p->layout->plot;
  SnChartAxis *y = self->axes[SN_CHART_AXIS_Y];
  SnChartAxis *x = self->axes[SN_CHART_AXIS_X];
  guint n_bar_series;

  for (guint i = 0; i < sn_chart_axis_n_ticks (y); i++)
    {
      double px = plot->x;
      double py = sn_chart_y_to_px (self, p->layout, SN_CHART_AXIS_Y, sn_chart_axis_tick (y, i));

      if (!inside_vertically (plot, py))
        continue;
      snap_point (p, &px, &py);
      cairo_move_to (p->cr, plot->x, py);
      cairo_line_to (p->cr, plot->x + plot->width, py);
    }
  /* Vertical lines help to read times off a line chart; bars are their own guides. */
  if (first_bar_series (self, &n_bar_series) != NULL || !p->layout->axis_active[SN_CHART_AXIS_X])
    return;
  for (guint i = 0; i < sn_chart_axis_n_ticks (x); i++)
    {
      double px = sn_chart_x_to_px (self, p->layout, sn_chart_axis_tick (x, i));
      double py = plot->y;

      if (!inside_horizontally (plot, px) || !labelled_tick (x, i, p->layout->x_label_every))
        continue;
      snap_point (p, &px, &py);
      cairo_move_to (p->cr, px, plot->y);
      cairo_line_to (p->cr, px, plot->y + plot->height);
    }
}

static void
baseline_and_ticks (const Painter *p)
{
  SnChart *self = p->chart;
  const cairo_rectangle_t *plot = &p->layout->plot;
  SnChartAxis *x = self->axes[SN_CHART_AXIS_X];
  double bottom = plot->y + plot->height, left = plot->x;
  double spacing = sn_chart_x_to_px (self, p->layout, sn_chart_axis_tick (x, 1))
                   - sn_chart_x_to_px (self, p->layout, sn_chart_axis_tick (x, 0));

  snap_point (p, &left, &bottom);
  cairo_move_to (p->cr, plot->x, bottom);
  cairo_line_to (p->cr, plot->x + plot->width, bottom);
  if (!p->layout->show_labels || !p->layout->axis_active[SN_CHART_AXIS_X] || spacing < 3)
    return;
  for (guint i = 0; i < sn_chart_axis_n_ticks (x); i++)
    {
      double px = sn_chart_x_to_px (self, p->layout, sn_chart_axis_tick (x, i));
      double py = bottom;

      if (!inside_horizontally (plot, px))
        continue;
      snap_point (p, &px, &py);
      cairo_move_to (p->cr, px, bottom);
      cairo_line_to (p->cr, px, bottom + p->layout->tick_len);
    }
}

static void
draw_grid (const Painter *p)
{
  cairo_save (p->cr);
  cairo_set_line_width (p->cr, p->hairline);
  cairo_new_path (p->cr);
  grid_lines (p);
  sn_chart_set_source (p->cr, &p->chart->theme.grid, 1);
  cairo_stroke (p->cr);
  baseline_and_ticks (p);
  sn_chart_set_source (p->cr, &p->chart->theme.axis, 1);
  cairo_stroke (p->cr);
  cairo_restore (p->cr);
}

/* ─── Bars ─── */

static void
bar_series_path (const Painter *p, SnChartSeries *series, guint k, BarStacks *stacks)
{
  SnChart *self = p->chart;
  SnChartAxisSlot slot = sn_chart_series_get_y_axis (series);
  guint stack = slot == SN_CHART_AXIS_Y2 ? 1 : 0;
  double step = sn_chart_series_get_step (series);
  double zero = baseline_value (self->axes[slot]);
  gboolean stacked = self->bar_mode == SN_CHART_BARS_STACKED;

  for (gsize j = 0; j < sn_chart_series_get_n_points (series); j++)
    {
      double y = sn_chart_series_get_y (series, j), x = sn_chart_series_get_x (series, j);
      double px0 = sn_chart_x_to_px (self, p->layout, x);
      double slot_width = sn_chart_x_to_px (self, p->layout, x + step) - px0;
      double group = slot_width * group_fraction (slot_width);
      double left = px0 + (slot_width - group) / 2, width = group, from = zero;

      if (!isfinite (y))
        continue;
      if (stacked)
        {
          double *sums = y >= 0 ? stacks->above[stack] : stacks->below[stack];

          from = sums[j];
          sums[j] += y;
        }
      else
        {
          width = group / stacks->n_bar_series;
          left += k * width;
        }
      snapped_rectangle (p, left, sn_chart_y_to_px (self, p->layout, slot, from), left + width,
                         sn_chart_y_to_px (self, p->layout, slot, from + y));
    }
}

static void
draw_bar_series (const Painter *p, guint i, guint k, BarStacks *stacks, gboolean hatched)
{
  cairo_t *cr = p->cr;
  SnChartColor color;
  SnChartPattern pattern;
  cairo_path_t *path;

  sn_chart_get_series_look (p->chart, i, &color, &pattern);
  cairo_new_path (cr);
  bar_series_path (p, g_ptr_array_index (p->chart->series, i), k, stacks);
  if (!hatched || pattern == SN_CHART_PATTERN_SOLID)
    {
      sn_chart_set_source (cr, &color, 1);
      cairo_fill (cr);
      return;
    }
  path = cairo_copy_path (cr);
  sn_chart_set_source (cr, &color, HATCHED_FILL_ALPHA);
  cairo_fill_preserve (cr);
  cairo_save (cr);
  cairo_clip (cr);
  sn_chart_hatch (cr, pattern, &p->layout->plot, &color, p->layout);
  cairo_restore (cr);
  cairo_new_path (cr);
  cairo_append_path (cr, path);
  cairo_path_destroy (path);
  sn_chart_set_source (cr, &color, 1);
  cairo_set_line_width (cr, p->hairline);
  cairo_stroke (cr);
}

static void
draw_bars (const Painter *p)
{
  SnChart *self = p->chart;
  BarStacks stacks = { 0 };
  gsize n = 0;
  guint k = 0;
  gboolean hatched = sn_chart_bars_are_hatched (self, p->layout);

  if (first_bar_series (self, &stacks.n_bar_series) == NULL)
    return;
  for (guint i = 0; i < self->series->len; i++)
    n = MAX (n, sn_chart_series_get_n_points (g_ptr_array_index (self->series, i)));
  for (guint s = 0; s < 2; s++)
    {
      stacks.above[s] = g_new0 (double, n + 1);
      stacks.below[s] = g_new0 (double, n + 1);
    }
  for (guint i = 0; i < self->series->len; i++)
    if (sn_chart_series_get_style (g_ptr_array_index (self->series, i)) == SN_CHART_STYLE_BARS)
      draw_bar_series (p, i, k++, &stacks, hatched);
  for (guint s = 0; s < 2; s++)
    {
      g_free (stacks.above[s]);
      g_free (stacks.below[s]);
    }
}

/* ─── Lines and areas ─── */

static gboolean
point_at (const Painter *p, SnChartSeries *series, gsize j, double *px, double *py)
{
  double y = j < sn_chart_series_get_n_points (series) ? sn_chart_series_get_y (series, j) : NAN;

  if (!isfinite (y))
    return FALSE;
  *px = sn_chart_x_to_px (p->chart, p->layout, sn_chart_series_get_x (series, j));
  *py = sn_chart_y_to_px (p->chart, p->layout, sn_chart_series_get_y_axis (series), y);
  return TRUE;
}

static void
area_path (const Painter *p, SnChartSeries *series)
{
  SnChartAxisSlot slot = sn_chart_series_get_y_axis (series);
  double base = sn_chart_y_to_px (p->chart, p->layout, slot, baseline_value (p->chart->axes[slot]));
  double px, py, last_px = 0;
  gboolean in_run = FALSE;

  for (gsize j = 0; j <= sn_chart_series_get_n_points (series); j++)
    {
      if (point_at (p, series, j, &px, &py))
        {
          if (!in_run)
            cairo_move_to (p->cr, px, base);
          cairo_line_to (p->cr, px, py);
          last_px = px;
          in_run = TRUE;
        }
      else if (in_run)
        {
          cairo_line_to (p->cr, last_px, base);
          cairo_close_path (p->cr);
          in_run = FALSE;
        }
    }
}

static void
line_path (const Painter *p, SnChartSeries *series)
{
  gboolean pen_down = FALSE;
  double px, py;

  for (gsize j = 0; j < sn_chart_series_get_n_points (series); j++)
    {
      gboolean finite = point_at (p, series, j, &px, &py);

      if (finite && pen_down)
        cairo_line_to (p->cr, px, py);
      else if (finite)
        cairo_move_to (p->cr, px, py);
      pen_down = finite;
    }
}

/* Values with no neighbour draw no line: a dot shows them. */
static void
lone_points_path (const Painter *p, SnChartSeries *series, double radius)
{
  gsize n = sn_chart_series_get_n_points (series);
  double px, py, other_x, other_y;

  for (gsize j = 0; j < n; j++)
    {
      if (!point_at (p, series, j, &px, &py)
          || (j > 0 && point_at (p, series, j - 1, &other_x, &other_y))
          || point_at (p, series, j + 1, &other_x, &other_y))
        continue;
      cairo_new_sub_path (p->cr);
      cairo_arc (p->cr, px, py, radius, 0, 2 * G_PI);
    }
}

static void
draw_line_series (const Painter *p, guint i)
{
  SnChartSeries *series = g_ptr_array_index (p->chart->series, i);
  double width = p->layout->line_width;
  SnChartColor color;
  SnChartPattern pattern;

  sn_chart_get_series_look (p->chart, i, &color, &pattern);
  cairo_new_path (p->cr);
  if (sn_chart_series_get_style (series) == SN_CHART_STYLE_AREA)
    {
      area_path (p, series);
      sn_chart_set_source (p->cr, &color, AREA_ALPHA);
      cairo_fill (p->cr);
    }
  line_path (p, series);
  sn_chart_set_source (p->cr, &color, 1);
  cairo_set_line_width (p->cr, width);
  sn_chart_set_dash (p->cr, pattern, width);
  cairo_stroke (p->cr);
  lone_points_path (p, series, width * 1.5);
  cairo_fill (p->cr);
}

static void
draw_series (const Painter *p)
{
  const cairo_rectangle_t *plot = &p->layout->plot;
  double bleed = p->layout->line_width * 2;

  cairo_save (p->cr);
  /* Lines at the ends of the range keep their full width. */
  cairo_rectangle (p->cr, plot->x - bleed, plot->y - bleed, plot->width + 2 * bleed,
                   plot->height + 2 * bleed);
  cairo_clip (p->cr);
  draw_bars (p);
  for (guint i = 0; i < p->chart->series->len; i++)
    if (sn_chart_series_get_style (g_ptr_array_index (p->chart->series, i)) != SN_CHART_STYLE_BARS)
      draw_line_series (p, i);
  cairo_restore (p->cr);
}

/* ─── Thresholds ─── */

static void
draw_halo_text (const Painter *p, PangoLayout *text, double x, double y, const SnChartColor *color)
{
  double width, height, pad = p->layout->gap * 0.4;

  sn_chart_text_get_size (text, &width, &height);
  cairo_rectangle (p->cr, x - pad, y, width + 2 * pad, height);
  sn_chart_set_source (p->cr, &p->chart->theme.background, HALO_ALPHA);
  cairo_fill (p->cr);
  sn_chart_text_draw (p->cr, text, x, y, color);
}

static void
draw_threshold (const Painter *p, const SnChartThreshold *threshold)
{
  const cairo_rectangle_t *plot = &p->layout->plot;
  const SnChartColor *color = threshold->has_color ? &threshold->color : &p->chart->theme.threshold;
  double py = sn_chart_y_to_px (p->chart, p->layout, threshold->axis, threshold->value);
  double width = MAX (1.5, p->layout->line_width * 0.75);
  const double dashes[] = { 4 * width, 3 * width };
  g_autoptr (PangoLayout) text = NULL;
  double text_width, text_height, y;

  if (!p->layout->axis_active[threshold->axis] || !inside_vertically (plot, py))
    return;
  cairo_move_to (p->cr, plot->x, py);
  cairo_line_to (p->cr, plot->x + plot->width, py);
  sn_chart_set_source (p->cr, color, 1);
  cairo_set_line_width (p->cr, width);
  cairo_set_line_cap (p->cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_dash (p->cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_stroke (p->cr);
  cairo_set_dash (p->cr, NULL, 0, 0);

  if (threshold->label == NULL || !p->layout->show_labels)
    return;
  text = sn_chart_text_new (p->chart, p->cr, p->layout, SN_CHART_TEXT_SMALL, threshold->label);
  sn_chart_text_get_size (text, &text_width, &text_height);
  if (text_width + 2 * p->layout->gap > plot->width)
    return;
  y = py - text_height - width;
  if (y < plot->y)
    y = py + width; /* no room above: below the line */
  draw_halo_text (p, text, plot->x + plot->width - text_width - p->layout->gap, y, color);
}

static void
draw_thresholds (const Painter *p)
{
  for (guint i = 0; i < p->chart->thresholds->len; i++)
    draw_threshold (p, &g_array_index (p->chart->thresholds, SnChartThreshold, i));
}

/* ─── Labels and titles ─── */

static void
draw_x_labels (const Painter *p)
{
  SnChartAxis *x = p->chart->axes[SN_CHART_AXIS_X];
  const SnChartLayout *layout = p->layout;
  double top = layout->plot.y + layout->plot.height + layout->tick_len + layout->gap * 0.25;

  if (!layout->show_labels || !layout->axis_active[SN_CHART_AXIS_X])
    return;
  for (guint i = 0; i < sn_chart_axis_n_ticks (x); i++)
    {
      double px = sn_chart_x_to_px (p->chart, layout, sn_chart_axis_tick (x, i));
      g_autofree char *label = NULL;
      g_autoptr (PangoLayout) text = NULL;
      double width, height;

      if (!inside_horizontally (&layout->plot, px) || !labelled_tick (x, i, layout->x_label_every))
        continue;
      label = sn_chart_axis_tick_label (x, i);
      text = sn_chart_text_new (p->chart, p->cr, layout, SN_CHART_TEXT_TICK, label);
      sn_chart_text_get_size (text, &width, &height);
      if (px - width / 2 < 0 || px + width / 2 > layout->width || top + height > layout->height)
        continue;
      sn_chart_text_draw (p->cr, text, px - width / 2, top, &p->chart->theme.text);
    }
}

static void
draw_y_labels (const Painter *p, SnChartAxisSlot slot)
{
  SnChartAxis *axis = p->chart->axes[slot];
  const SnChartLayout *layout = p->layout;

  if (!layout->show_labels || !layout->axis_active[slot])
    return;
  for (guint i = 0; i < sn_chart_axis_n_ticks (axis); i++)
    {
      double py = sn_chart_y_to_px (p->chart, layout, slot, sn_chart_axis_tick (axis, i));
      g_autofree char *label = NULL;
      g_autoptr (PangoLayout) text = NULL;
      double width, height, x;

      if (!inside_vertically (&layout->plot, py) || !labelled_tick (axis, i, layout->y_label_every))
        continue;
      label = sn_chart_axis_tick_label (axis, i);
      text = sn_chart_text_new (p->chart, p->cr, layout, SN_CHART_TEXT_TICK, label);
      sn_chart_text_get_size (text, &width, &height);
      x = slot == SN_CHART_AXIS_Y2 ? layout->plot.x + layout->plot.width + layout->gap * 0.75
                                   : layout->plot.x - layout->gap * 0.75 - width;
      if (x < 0 || x + width > layout->width || py - height / 2 < 0
          || py + height / 2 > layout->height)
        continue;
      sn_chart_text_draw (p->cr, text, x, py - height / 2, &p->chart->theme.text);
    }
}

/* The axis title, with the series' swatch when it is the only series on a second axis. */
static void
draw_axis_title (const Painter *p, SnChartAxisSlot slot)
{
  SnChart *self = p->chart;
  const SnChartLayout *layout = p->layout;
  const char *title = sn_chart_axis_get_title (self->axes[slot]);
  g_autoptr (PangoLayout) text = NULL;
  int lone = layout->uses_y2 ? lone_series_on (self, slot) : -1;
  double width, height, swatch = lone >= 0 ? layout->font_px * 1.6 + layout->gap * 0.5 : 0;
  double x;

  if (title == NULL || (slot == SN_CHART_AXIS_Y2 && !layout->uses_y2))
    return;
  text = sn_chart_text_new (self, p->cr, layout, SN_CHART_TEXT_SMALL, title);
  sn_chart_text_get_size (text, &width, &height);
  x = slot == SN_CHART_AXIS_Y ? self->margins.left
                              : layout->width - self->margins.right - width - swatch;
  if (x < 0 || x + width + swatch > layout->width)
    return;
  if (lone >= 0)
    sn_chart_draw_swatch (self, p->cr, layout, (guint) lone, x, layout->axis_title_y,
                          layout->font_px * 1.6, height);
  sn_chart_text_draw (p->cr, text, x + swatch, layout->axis_title_y, &self->theme.muted_text);
}

static void
draw_no_data (const Painter *p)
{
  const cairo_rectangle_t *plot = &p->layout->plot;
  g_autoptr (PangoLayout) text = NULL;
  double width, height;

  if (p->layout->has_data || p->chart->no_data_text == NULL || !p->layout->show_labels)
    return;
  text = sn_chart_text_new (p->chart, p->cr, p->layout, SN_CHART_TEXT_MESSAGE,
                            p->chart->no_data_text);
  /* Centred in a box as wide as the plot, wrapped if it must be. */
  width = MAX (plot->width - 2 * p->layout->gap, 1);
  pango_layout_set_width (text, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (text, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (text, PANGO_ALIGN_CENTER);
  sn_chart_text_get_size (text, NULL, &height);
  if (height > plot->height)
    return;
  sn_chart_text_draw (p->cr, text, plot->x + (plot->width - width) / 2,
                      plot->y + (plot->height - height) / 2, &p->chart->theme.muted_text);
}

static void
draw_title (const Painter *p)
{
  SnChart *self = p->chart;
  g_autoptr (PangoLayout) text = NULL;
  double available = p->layout->width - self->margins.left - self->margins.right;

  if (!p->layout->show_title || available < 1)
    return;
  text = sn_chart_text_new (self, p->cr, p->layout, SN_CHART_TEXT_TITLE, self->title);
  pango_layout_set_width (text, (int) (available * PANGO_SCALE));
  pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
  sn_chart_text_draw (p->cr, text, self->margins.left, self->margins.top, &self->theme.text);
}

/* ─── Public API ─── */

static gboolean
is_pixel_surface (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
      case CAIRO_SURFACE_TYPE_PDF:
      case CAIRO_SURFACE_TYPE_PS:
      case CAIRO_SURFACE_TYPE_SVG:
        return FALSE;
      default:
        return TRUE;
    }
}

static void
paint_layers (const Painter *p)
{
  draw_background (p);
  draw_grid (p);
  draw_series (p);
  draw_thresholds (p);
  draw_x_labels (p);
  draw_y_labels (p, SN_CHART_AXIS_Y);
  draw_y_labels (p, SN_CHART_AXIS_Y2);
  if (p->layout->show_axis_titles)
    {
      draw_axis_title (p, SN_CHART_AXIS_Y);
      draw_axis_title (p, SN_CHART_AXIS_Y2);
    }
  draw_no_data (p);
  if (p->layout->show_legend)
    sn_chart_legend_draw (p->chart, p->cr, p->layout,
                          p->chart->legend_position == SN_CHART_LEGEND_RIGHT);
  draw_title (p);
}

void
sn_chart_draw (SnChart *self, cairo_t *cr, double width, double height)
{
  SnChartExtent extent;
  Painter painter = { .chart = self, .cr = cr, .layout = &self->layout };
  double unused = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  self->drawn = FALSE;
  if (!isfinite (width) || !isfinite (height) || width < 1 || height < 1
      || cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  painter.snap = is_pixel_surface (cr);
  painter.hairline = 1;
  cairo_device_to_user_distance (cr, &painter.hairline, &unused);
  painter.hairline = fabs (painter.hairline);

  sn_chart_compute_extent (self, &extent);
  sn_chart_compute_layout (self, cr, width, height, &extent, &self->layout);
  self->drawn = self->layout.plot.width > 0 && self->layout.plot.height > 0;
  paint_layers (&painter);
  cairo_restore (cr);
}
