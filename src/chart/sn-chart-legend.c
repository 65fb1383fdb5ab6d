/* sn-chart-legend.c — the legend: one swatch and name per series
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A swatch shows a series the way the plot does, dash pattern and hatching included, so that
 * the legend works without color. Entries flow in rows (top, bottom) or stack in a column
 * (right); a name too long for the space is ellipsized.
 */
#include "config.h"

#include "sn-chart-private.h"

typedef struct
{
  gboolean vertical;
  gboolean draw;
  double available;
  double x0;
  double y0;
  double x; /* where the next entry goes */
  double y;
  double width; /* of what was placed so far */
} LegendFlow;

static double
swatch_width (const SnChartLayout *layout)
{
  return layout->font_px * 2.2;
}

static void
swatch_line (SnChart *self, cairo_t *cr, const SnChartLayout *layout, guint i, double x, double y,
             double width)
{
  SnChartColor color;
  SnChartPattern pattern;

  sn_chart_get_series_look (self, i, &color, &pattern);
  cairo_save (cr);
  sn_chart_set_source (cr, &color, 1);
  cairo_set_line_width (cr, layout->line_width);
  sn_chart_set_dash (cr, pattern, layout->line_width);
  cairo_move_to (cr, x + layout->line_width, y);
  cairo_line_to (cr, x + width - layout->line_width, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
swatch_box (SnChart *self, cairo_t *cr, const SnChartLayout *layout, guint i,
            const cairo_rectangle_t *box, gboolean hatched, double fill_alpha)
{
  SnChartColor color;
  SnChartPattern pattern;

  sn_chart_get_series_look (self, i, &color, &pattern);
  cairo_save (cr);
  cairo_rectangle (cr, box->x, box->y, box->width, box->height);
  if (!hatched || pattern == SN_CHART_PATTERN_SOLID)
    {
      sn_chart_set_source (cr, &color, fill_alpha);
      cairo_fill (cr);
      cairo_restore (cr);
      return;
    }
  sn_chart_set_source (cr, &color, 0.3);
  cairo_fill_preserve (cr);
  cairo_clip (cr);
  sn_chart_hatch (cr, pattern, box, &color, layout);
  cairo_reset_clip (cr);
  cairo_rectangle (cr, box->x + 0.5, box->y + 0.5, box->width - 1, box->height - 1);
  sn_chart_set_source (cr, &color, 1);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
sn_chart_draw_swatch (SnChart *self, cairo_t *cr, const SnChartLayout *layout, guint i, double x,
                      double y, double width, double height)
{
  SnChartSeries *series = g_ptr_array_index (self->series, i);
  double middle = y + height / 2;
  double side = height * 0.7;
  cairo_rectangle_t box;

  switch (sn_chart_series_get_style (series))
    {
      case SN_CHART_STYLE_BARS:
        box = (cairo_rectangle_t){ x + (width - side) / 2, middle - side / 2, side, side };
        swatch_box (self, cr, layout, i, &box, sn_chart_bars_are_hatched (self, layout), 1);
        break;
      case SN_CHART_STYLE_AREA:
        box = (cairo_rectangle_t){ x, middle, width, height * 0.35 };
        swatch_box (self, cr, layout, i, &box, FALSE, 0.25);
        swatch_line (self, cr, layout, i, x, middle, width);
        break;
      case SN_CHART_STYLE_LINE:
      default:
        swatch_line (self, cr, layout, i, x, middle, width);
        break;
    }
}

static void
flow_entry (SnChart *self, cairo_t *cr, const SnChartLayout *layout, LegendFlow *flow, guint i)
{
  SnChartSeries *series = g_ptr_array_index (self->series, i);
  g_autoptr (PangoLayout) text = sn_chart_text_new (self, cr, layout, SN_CHART_TEXT_BODY,
                                                    sn_chart_series_get_name (series));
  double swatch = swatch_width (layout);
  double room = MAX (flow->available - swatch - layout->gap, layout->font_px);
  double text_width, text_height, entry_width;

  sn_chart_text_get_size (text, &text_width, &text_height);
  if (text_width > room)
    {
      pango_layout_set_width (text, (int) (room * PANGO_SCALE));
      pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
      sn_chart_text_get_size (text, &text_width, &text_height);
    }
  entry_width = swatch + layout->gap + text_width;
  if (!flow->vertical && flow->x > flow->x0 && flow->x + entry_width > flow->x0 + flow->available)
    {
      flow->x = flow->x0;
      flow->y += layout->line_h + layout->gap * 0.5;
    }
  if (flow->draw)
    {
      sn_chart_draw_swatch (self, cr, layout, i, flow->x, flow->y, swatch, layout->line_h);
      sn_chart_text_draw (cr, text, flow->x + swatch + layout->gap,
                          flow->y + (layout->line_h - text_height) / 2, &self->theme.text);
    }
  flow->width = MAX (flow->width, flow->x + entry_width - flow->x0);
  if (flow->vertical)
    flow->y += layout->line_h + layout->gap * 0.5;
  else
    flow->x += entry_width + layout->font_px * 1.25;
}

static void
flow_all (SnChart *self, cairo_t *cr, const SnChartLayout *layout, LegendFlow *flow, double *height)
{
  flow->x = flow->x0;
  flow->y = flow->y0;
  for (guint i = 0; i < self->series->len; i++)
    flow_entry (self, cr, layout, flow, i);
  if (self->series->len == 0)
    *height = 0;
  else if (flow->vertical)
    *height = flow->y - flow->y0 - layout->gap * 0.5;
  else
    *height = flow->y - flow->y0 + layout->line_h;
}

void
sn_chart_legend_measure (SnChart *self, cairo_t *cr, const SnChartLayout *layout,
                         double available_width, gboolean vertical, double *width, double *height)
{
  LegendFlow flow = { .vertical = vertical, .available = available_width };

  flow_all (self, cr, layout, &flow, height);
  *width = flow.width;
}

void
sn_chart_legend_draw (SnChart *self, cairo_t *cr, const SnChartLayout *layout, gboolean vertical)
{
  LegendFlow flow = {
    .vertical = vertical,
    .draw = TRUE,
    .available = layout->legend_available,
    .x0 = layout->legend.x,
    .y0 = layout->legend.y,
  };
  double height;

  flow_all (self, cr, layout, &flow, &height);
}
