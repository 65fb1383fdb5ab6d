/* test-chart.c — the chart library: nice ticks, clock ticks and labels, and both Overview
 * charts rendered to pixels and to PNG, SVG and PDF files
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pixel tests read the plot area and the axis ranges back from the chart after drawing and
 * compute where a value must land themselves (plot top + height × (1 − value ÷ range)); the
 * ranges are asserted first, so a wrong range fails as such and not as a misplaced line.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "sn-chart.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

#define WIDTH 1000
#define HEIGHT 500
#define COLOR_TOLERANCE 40
#define MINUTES 121
#define MINUS "\xe2\x88\x92" /* U+2212 */

static const SnChartColor offered_color = { 0x00 / 255.0, 0x72 / 255.0, 0xb2 / 255.0, 1 };
static const SnChartColor answered_color = { 0x00 / 255.0, 0x9e / 255.0, 0x73 / 255.0, 1 };
static const SnChartColor abandoned_color = { 0xd5 / 255.0, 0x5e / 255.0, 0x00 / 255.0, 1 };

/* ─── Helpers ─── */

static GTimeZone *
shanghai (void)
{
  GTimeZone *tz = g_time_zone_new_identifier ("Asia/Shanghai");

  g_assert_nonnull (tz);
  return tz;
}

/* Unix seconds of 2024-05-20 @hour:@minute in @tz. */
static double
local_time (GTimeZone *tz, int hour, int minute)
{
  g_autoptr (GDateTime) time = g_date_time_new (tz, 2024, 5, 20, hour, minute, 0);

  return (double) g_date_time_to_unix (time);
}

static void
assert_ticks (const SnChartTicks *ticks, const double *expected, guint n_expected)
{
  g_assert_cmpuint (ticks->n_ticks, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpfloat (sn_chart_ticks_get (ticks, i), ==, expected[i]);
}

static void
assert_time_labels (const SnChartTicks *ticks, GTimeZone *tz, const char *const *expected)
{
  g_assert_cmpuint (ticks->n_ticks, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < ticks->n_ticks; i++)
    {
      g_autofree char *label = sn_chart_format_time (sn_chart_ticks_get (ticks, i), tz, "%H:%M");

      g_assert_cmpstr (label, ==, expected[i]);
    }
}

static void
assert_value_labels (const SnChartTicks *ticks, const char *const *expected)
{
  g_assert_cmpuint (ticks->n_ticks, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < ticks->n_ticks; i++)
    {
      g_autofree char *label = sn_chart_format_value (sn_chart_ticks_get (ticks, i), ticks);

      g_assert_cmpstr (label, ==, expected[i]);
    }
}

static cairo_surface_t *
render (SnChart *chart, int width, int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  sn_chart_draw (chart, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The pixel at (@x, @y), un-premultiplied to 0–255 components. */
static void
pixel_at (cairo_surface_t *surface, int x, int y, int rgba[4])
{
  const guint8 *row = cairo_image_surface_get_data (surface)
                      + (gsize) y * (gsize) cairo_image_surface_get_stride (surface);
  guint32 pixel;
  int alpha;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  memcpy (&pixel, row + x * 4, sizeof pixel);
  alpha = (int) (pixel >> 24);
  rgba[3] = alpha;
  for (int c = 0; c < 3; c++)
    {
      int premultiplied = (int) ((pixel >> (16 - 8 * c)) & 0xff);

      rgba[c] = alpha > 0 ? premultiplied * 255 / alpha : 0;
    }
}

static gboolean
pixel_near (cairo_surface_t *surface, int x, int y, const SnChartColor *color, int tolerance)
{
  const double expected[3] = { color->red, color->green, color->blue };
  int rgba[4];

  pixel_at (surface, x, y, rgba);
  if (rgba[3] < 250)
    return FALSE;
  for (int c = 0; c < 3; c++)
    if (abs (rgba[c] - (int) lround (expected[c] * 255)) > tolerance)
      return FALSE;
  return TRUE;
}

/* The first and last rows in [@y0, @y1) of column @x with a pixel near @color. */
static gboolean
column_span (cairo_surface_t *surface, int x, int y0, int y1, const SnChartColor *color, int *first,
             int *last)
{
  gboolean found = FALSE;

  for (int y = MAX (y0, 0); y < MIN (y1, cairo_image_surface_get_height (surface)); y++)
    {
      if (!pixel_near (surface, x, y, color, COLOR_TOLERANCE))
        continue;
      if (!found)
        *first = y;
      *last = y;
      found = TRUE;
    }
  return found;
}

/* The middle of the rows of column @x that have @color, in pixel coordinates; −1 if none. */
static double
middle_row (cairo_surface_t *surface, int x, const SnChartColor *color)
{
  int top = 0, bottom = 0;

  if (!column_span (surface, x, 0, cairo_image_surface_get_height (surface), color, &top, &bottom))
    return -1;
  return (top + bottom + 1) / 2.0;
}

static guint
count_pixels_near (cairo_surface_t *surface, int x0, int y0, int x1, int y1,
                   const SnChartColor *color, int tolerance)
{
  guint count = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, cairo_image_surface_get_height (surface)); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, cairo_image_surface_get_width (surface)); x++)
      count += pixel_near (surface, x, y, color, tolerance);
  return count;
}

static guint
count_pixels_not (cairo_surface_t *surface, int x0, int y0, int x1, int y1,
                  const SnChartColor *background)
{
  guint all = (guint) ((MIN (x1, cairo_image_surface_get_width (surface)) - MAX (x0, 0))
                       * (MIN (y1, cairo_image_surface_get_height (surface)) - MAX (y0, 0)));

  return all - count_pixels_near (surface, x0, y0, x1, y1, background, 0);
}

static int
x_pixel (SnChart *chart, double x)
{
  double px;

  g_assert_true (sn_chart_value_to_point (chart, SN_CHART_AXIS_Y, x, 0, &px, NULL));
  return (int) floor (px);
}

/* Where @value must land on @axis, from the plot area and the axis range alone. */
static double
expected_y (SnChart *chart, SnChartAxisSlot axis, double value)
{
  cairo_rectangle_t plot;
  double lo, hi;

  g_assert_true (sn_chart_get_plot_area (chart, &plot));
  g_assert_true (sn_chart_axis_get_range (sn_chart_get_axis (chart, axis), &lo, &hi));
  return plot.y + plot.height * (1 - (value - lo) / (hi - lo));
}

static void
assert_range (SnChart *chart, SnChartAxisSlot axis, double lo, double hi)
{
  double min, max;

  g_assert_true (sn_chart_axis_get_range (sn_chart_get_axis (chart, axis), &min, &max));
  g_assert_cmpfloat (min, ==, lo);
  g_assert_cmpfloat (max, ==, hi);
}

/* ─── The two Overview charts ─── */

/* Calls waiting (solid, left axis) and agents available (dashed, right axis) per minute from
 * 10:00 to 12:00 Shanghai time. Waiting: 3 + i mod 6, 6 at minutes 58–62, 11 at 100–110, no
 * data at 30–39. Agents: 30 + i mod 5. Alert threshold at 10. */
static SnChart *
line_chart_new (GTimeZone *tz)
{
  SnChart *chart = sn_chart_new ();
  g_autoptr (SnChartAxis) time = sn_chart_axis_new_time (tz);
  g_autoptr (SnChartSeries) waiting = sn_chart_series_new ("Calls waiting", SN_CHART_STYLE_LINE);
  g_autoptr (SnChartSeries) agents = sn_chart_series_new ("Agents available", SN_CHART_STYLE_LINE);
  double start = local_time (tz, 10, 0);
  double w[MINUTES], a[MINUTES];

  for (int i = 0; i < MINUTES; i++)
    {
      w[i] = i >= 30 && i < 40 ? NAN : 3 + i % 6;
      w[i] = i >= 58 && i <= 62 ? 6 : w[i];
      w[i] = i >= 100 && i <= 110 ? 11 : w[i];
      a[i] = 30 + i % 5;
    }
  sn_chart_axis_set_range (time, start, start + 7200);
  sn_chart_set_axis (chart, SN_CHART_AXIS_X, time);
  sn_chart_series_set_regular (waiting, start, 60, w, MINUTES);
  sn_chart_series_set_regular (agents, start, 60, a, MINUTES);
  sn_chart_series_set_y_axis (agents, SN_CHART_AXIS_Y2);
  sn_chart_add_series (chart, waiting);
  sn_chart_add_series (chart, agents);
  sn_chart_axis_set_integer (sn_chart_get_axis (chart, SN_CHART_AXIS_Y), TRUE);
  sn_chart_axis_set_integer (sn_chart_get_axis (chart, SN_CHART_AXIS_Y2), TRUE);
  sn_chart_axis_set_title (sn_chart_get_axis (chart, SN_CHART_AXIS_Y), "calls");
  sn_chart_axis_set_title (sn_chart_get_axis (chart, SN_CHART_AXIS_Y2), "agents");
  sn_chart_add_threshold (chart, SN_CHART_AXIS_Y, 10, "Alert", NULL);
  sn_chart_set_title (chart, "Queue load");
  sn_chart_set_no_data_text (chart, "No data");
  return chart;
}

/* Offered, answered and abandoned calls per 15 minutes of 2024-05-20: 50 + 5 × (i mod 12)
 * offered, 10 % abandoned; 150 / 120 / 30 in the 10:00 interval (slot 40). */
static SnChart *
bar_chart_new (GTimeZone *tz, SnChartBarMode mode)
{
  SnChart *chart = sn_chart_new ();
  g_autoptr (SnChartAxis) time = sn_chart_axis_new_time (tz);
  g_autoptr (SnChartSeries) offered = sn_chart_series_new ("Offered", SN_CHART_STYLE_BARS);
  g_autoptr (SnChartSeries) answered = sn_chart_series_new ("Answered", SN_CHART_STYLE_BARS);
  g_autoptr (SnChartSeries) abandoned = sn_chart_series_new ("Abandoned", SN_CHART_STYLE_BARS);
  double start = local_time (tz, 0, 0);
  double o[96], an[96], ab[96];

  for (int i = 0; i < 96; i++)
    {
      o[i] = 50 + 5 * (i % 12);
      ab[i] = o[i] / 10;
      an[i] = o[i] - ab[i];
    }
  o[40] = 150;
  an[40] = 120;
  ab[40] = 30;
  sn_chart_axis_set_range (time, start, start + 86400);
  sn_chart_axis_set_tick_step (time, 3600);
  sn_chart_set_axis (chart, SN_CHART_AXIS_X, time);
  sn_chart_series_set_regular (offered, start, 900, o, 96);
  sn_chart_series_set_regular (answered, start, 900, an, 96);
  sn_chart_series_set_regular (abandoned, start, 900, ab, 96);
  sn_chart_series_set_color (offered, &offered_color);
  sn_chart_series_set_color (answered, &answered_color);
  sn_chart_series_set_color (abandoned, &abandoned_color);
  /* Stacked: answered + abandoned make up offered, which is left out. */
  if (mode == SN_CHART_BARS_GROUPED)
    sn_chart_add_series (chart, offered);
  sn_chart_add_series (chart, answered);
  sn_chart_add_series (chart, abandoned);
  sn_chart_set_bar_mode (chart, mode);
  sn_chart_axis_set_integer (sn_chart_get_axis (chart, SN_CHART_AXIS_Y), TRUE);
  sn_chart_set_title (chart, "Calls per 15 minutes");
  return chart;
}

/* ─── Nice ticks ─── */

typedef struct
{
  double lo;
  double hi;
  guint max_intervals;
  gboolean integer;
  double expected[12];
  guint n_expected;
} TicksCase;

static void
test_nice_ticks (void)
{
  static const TicksCase cases[] = {
    { 0, 17, 5, FALSE, { 0, 5, 10, 15, 20 }, 5 },
    { 0, 95, 5, FALSE, { 0, 20, 40, 60, 80, 100 }, 6 },
    { 0, 100, 5, FALSE, { 0, 20, 40, 60, 80, 100 }, 6 },
    { 0, 100, 10, FALSE, { 0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 }, 11 },
    { 0, 1, 5, FALSE, { 0, 0.2, 0.4, 0.6, 0.8, 1 }, 6 },
    { 0, 1, 5, TRUE, { 0, 1 }, 2 },
    { 0, 3, 5, TRUE, { 0, 1, 2, 3 }, 4 },
    { 0, 42, 6, TRUE, { 0, 10, 20, 30, 40, 50 }, 6 },
    { 0, 0.3, 3, FALSE, { 0, 0.1, 0.2, 0.3 }, 4 },
    /* 0.3 ÷ 0.1 is 2.9999999999999996 in doubles: still the tick 0.3, and exactly 0.3 */
    { 0.3, 0.9, 6, FALSE, { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 }, 7 },
    { -3.5, 7.2, 5, FALSE, { -5, 0, 5, 10 }, 4 },
    { -1, -0.2, 4, FALSE, { -1, -0.8, -0.6, -0.4, -0.2 }, 5 },
    { 0, 9000, 5, FALSE, { 0, 2000, 4000, 6000, 8000, 10000 }, 6 },
    { 0, 12345, 5, FALSE, { 0, 5000, 10000, 15000 }, 4 },
    { 0, 2.4e9, 4, FALSE, { 0, 1e9, 2e9, 3e9 }, 4 },
    { 1e6, 1e6 + 10, 5, FALSE, { 1e6, 1e6 + 2, 1e6 + 4, 1e6 + 6, 1e6 + 8, 1e6 + 10 }, 6 },
    { 0, 1e-7, 4, FALSE, { 0, 5e-8, 1e-7 }, 3 },
    /* an empty range is widened: ±10 %, or [0, 1] around zero */
    { 7, 7, 5, FALSE, { 6, 6.5, 7, 7.5, 8 }, 5 },
    { 0, 0, 5, FALSE, { 0, 0.2, 0.4, 0.6, 0.8, 1 }, 6 },
    { 0, 0, 5, TRUE, { 0, 1 }, 2 },
    /* reversed bounds are swapped; at least one interval */
    { 10, 0, 5, FALSE, { 0, 2, 4, 6, 8, 10 }, 6 },
    { 0, 10, 0, FALSE, { 0, 10 }, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SnChartTicks ticks;

      g_test_message ("case %u: [%g, %g] in %u", i, cases[i].lo, cases[i].hi,
                      cases[i].max_intervals);
      g_assert_true (sn_chart_nice_ticks (cases[i].lo, cases[i].hi, cases[i].max_intervals,
                                          cases[i].integer, &ticks));
      assert_ticks (&ticks, cases[i].expected, cases[i].n_expected);
    }
}

static void
test_nice_ticks_for_count (void)
{
  /* The secondary axis takes exactly the primary's number of steps, with steps of 1.5, 2.5,
   * 3, 4, 6, 8 × 10^k allowed so that it is not half empty. */
  static const TicksCase cases[] = {
    { 0, 42, 7, TRUE, { 0, 6, 12, 18, 24, 30, 36, 42 }, 8 },
    { 0, 45, 4, TRUE, { 0, 15, 30, 45, 60 }, 5 },
    { 3, 45, 4, FALSE, { 0, 15, 30, 45, 60 }, 5 },
    { 0, 1, 4, FALSE, { 0, 0.25, 0.5, 0.75, 1 }, 5 },
    { 0, 1, 4, TRUE, { 0, 1, 2, 3, 4 }, 5 },
    { 0, 900, 6, FALSE, { 0, 150, 300, 450, 600, 750, 900 }, 7 },
    { -10, 10, 4, FALSE, { -10, -5, 0, 5, 10 }, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SnChartTicks ticks;

      g_test_message ("case %u", i);
      g_assert_true (sn_chart_nice_ticks_for_count (
          cases[i].lo, cases[i].hi, cases[i].max_intervals, cases[i].integer, &ticks));
      assert_ticks (&ticks, cases[i].expected, cases[i].n_expected);
    }
}

static void
test_nice_ticks_inside (void)
{
  static const double twelve_to_eighteen[] = { 12, 14, 16, 18 };
  SnChartTicks ticks;

  /* a fixed range is not widened: only the ticks inside it */
  g_assert_true (sn_chart_nice_ticks_inside (10.5, 19.5, 5, FALSE, &ticks));
  assert_ticks (&ticks, twelve_to_eighteen, G_N_ELEMENTS (twelve_to_eighteen));
  /* 0.25 is no nice step for an axis of its own */
  g_assert_true (sn_chart_nice_ticks_inside (0, 1, 4, FALSE, &ticks));
  g_assert_cmpfloat (ticks.step, ==, 0.5);
  g_assert_cmpuint (ticks.n_ticks, ==, 3);
}

static void
test_nice_ticks_invalid (void)
{
  SnChartTicks ticks;

  g_assert_false (sn_chart_nice_ticks (NAN, 1, 5, FALSE, &ticks));
  g_assert_false (sn_chart_nice_ticks (0, INFINITY, 5, FALSE, &ticks));
  g_assert_false (sn_chart_nice_ticks_for_count (-INFINITY, 0, 5, FALSE, &ticks));
  g_assert_false (sn_chart_time_ticks (0, NAN, 5, NULL, &ticks));
  g_assert_false (sn_chart_time_ticks (10, 0, 5, NULL, &ticks));
  g_assert_false (sn_chart_time_ticks_with_step (0, 10, 0, NULL, &ticks));
  /* the largest doubles still give ticks, and no overflow (exact only up to 10^22) */
  g_assert_true (sn_chart_nice_ticks (0, 1e300, 5, FALSE, &ticks));
  g_assert_cmpfloat_with_epsilon (ticks.step / 2e299, 1, 1e-12);
  g_assert_cmpuint (ticks.n_ticks, ==, 6);
}

/* ─── Value labels ─── */

static void
test_value_labels (void)
{
  static const char *const thousands[] = { "0", "2k", "4k", "6k", "8k", "10k", "12k", NULL };
  static const char *const hundreds[] = { "0", "500", "1000", "1500", "2000", "2500", NULL };
  static const char *const halves[] = { "9k", "9.5k", "10k", "10.5k", "11k", NULL };
  static const char *const quarters[] = { "0", "2.5k", "5k", "7.5k", "10k", NULL };
  static const char *const fractions[] = { "0", "0.2", "0.4", "0.6", "0.8", "1", NULL };
  static const char *const negative[] = { MINUS "5", "0", "5", "10", NULL };
  static const char *const millions[] = { "0", "1M", "2M", "3M", NULL };
  static const char *const billions[] = { "0", "0.5G", "1G", "1.5G", "2G", "2.5G", NULL };
  SnChartTicks ticks;
  g_autofree char *pi = sn_chart_format_value (G_PI, NULL);
  g_autofree char *two = sn_chart_format_value (2, NULL);
  g_autofree char *nan = sn_chart_format_value (NAN, NULL);
  g_autofree char *minus = sn_chart_format_value (-1.5, NULL);

  g_assert_true (sn_chart_nice_ticks (0, 11000, 6, FALSE, &ticks));
  assert_value_labels (&ticks, thousands);
  g_assert_true (sn_chart_nice_ticks (0, 2500, 5, FALSE, &ticks));
  assert_value_labels (&ticks, hundreds);
  /* steps under 1,000 count in thousands only from 10,000 on */
  g_assert_true (sn_chart_nice_ticks_inside (9000, 11000, 4, FALSE, &ticks));
  assert_value_labels (&ticks, halves);
  g_assert_true (sn_chart_nice_ticks_for_count (0, 10000, 4, FALSE, &ticks));
  assert_value_labels (&ticks, quarters);
  g_assert_true (sn_chart_nice_ticks (0, 1, 5, FALSE, &ticks));
  assert_value_labels (&ticks, fractions);
  g_assert_true (sn_chart_nice_ticks (-3.5, 7.2, 5, FALSE, &ticks));
  assert_value_labels (&ticks, negative);
  g_assert_true (sn_chart_nice_ticks (0, 3e6, 3, FALSE, &ticks));
  assert_value_labels (&ticks, millions);
  g_assert_true (sn_chart_nice_ticks (0, 2.4e9, 5, FALSE, &ticks));
  assert_value_labels (&ticks, billions);

  g_assert_cmpstr (pi, ==, "3.14");
  g_assert_cmpstr (two, ==, "2");
  g_assert_cmpstr (nan, ==, "");
  g_assert_cmpstr (minus, ==, MINUS "1.5");
}

/* ─── Time ticks and labels (Asia/Shanghai: UTC+8, no daylight saving since 1991) ─── */

static void
test_time_ticks (void)
{
  static const char *const quarters[] = { "10:15", "10:30", "10:45", "11:00", "11:15",
                                          "11:30", "11:45", "12:00", NULL };
  static const char *const tens[] = { "10:10", "10:20", "10:30", "10:40", "10:50", "11:00", "11:10",
                                      "11:20", "11:30", "11:40", "11:50", "12:00", NULL };
  static const char *const halves[] = { "10:30", "11:00", "11:30", "12:00", NULL };
  static const char *const two_hours[] = { "12:00", NULL };
  static const char *const midnight[] = { "23:30", "00:00", "00:30", NULL };
  g_autoptr (GTimeZone) tz = shanghai ();
  double start = local_time (tz, 10, 7), end = local_time (tz, 12, 7);
  SnChartTicks ticks;

  g_assert_true (sn_chart_time_ticks (start, end, 8, tz, &ticks));
  g_assert_cmpfloat (ticks.step, ==, 900);
  assert_time_labels (&ticks, tz, quarters);
  g_assert_true (sn_chart_time_ticks (start, end, 12, tz, &ticks));
  assert_time_labels (&ticks, tz, tens);
  g_assert_true (sn_chart_time_ticks (start, end, 4, tz, &ticks));
  assert_time_labels (&ticks, tz, halves);
  g_assert_true (sn_chart_time_ticks (start, end, 1, tz, &ticks));
  assert_time_labels (&ticks, tz, two_hours);
  /* across midnight */
  g_assert_true (
      sn_chart_time_ticks (local_time (tz, 23, 10), local_time (tz, 23, 10) + 6000, 4, tz, &ticks));
  assert_time_labels (&ticks, tz, midnight);
  /* the 10:00 tick of an hourly day is tick index 10 of the local day */
  g_assert_true (sn_chart_time_ticks_with_step (local_time (tz, 0, 0),
                                                local_time (tz, 0, 0) + 86400, 3600, tz, &ticks));
  g_assert_cmpuint (ticks.n_ticks, ==, 25);
  g_assert_cmpint (sn_chart_time_tick_index (&ticks, 10, tz) % 24, ==, 10);
  /* more than a day at 24 ticks: whole days */
  g_assert_true (sn_chart_time_ticks (start, start + 30 * 86400.0, 10, tz, &ticks));
  g_assert_cmpfloat (ticks.step, ==, 5 * 86400.0);
}

static void
test_time_ticks_half_hour_zone (void)
{
  /* India is UTC+5:30: hourly ticks fall on the local hour, not on UTC's. */
  static const char *const hours[] = { "11:00", "12:00", NULL };
  g_autoptr (GTimeZone) kolkata = g_time_zone_new_identifier ("Asia/Kolkata");
  SnChartTicks ticks;

  g_assert_nonnull (kolkata);
  g_assert_true (sn_chart_time_ticks (local_time (kolkata, 10, 7), local_time (kolkata, 12, 7), 2,
                                      kolkata, &ticks));
  g_assert_cmpfloat (ticks.step, ==, 3600);
  assert_time_labels (&ticks, kolkata, hours);
}

static void
test_time_axis_labels (void)
{
  g_autoptr (GTimeZone) tz = shanghai ();
  g_autoptr (SnChart) chart = bar_chart_new (tz, SN_CHART_BARS_GROUPED);
  g_autoptr (cairo_surface_t) surface = render (chart, WIDTH, HEIGHT);
  SnChartAxis *x = sn_chart_get_axis (chart, SN_CHART_AXIS_X);
  const SnChartTicks *ticks = sn_chart_axis_get_ticks (x);
  /* 2024-05-20 02:00 UTC is 10:00 in Shanghai */
  g_autofree char *ten = sn_chart_axis_format (x, 1716170400);
  g_autofree char *start = sn_chart_axis_format (x, local_time (tz, 0, 0));
  g_autofree char *end = sn_chart_axis_format (x, local_time (tz, 0, 0) + 86400);
  g_autofree char *seconds = NULL;

  g_assert_nonnull (ticks);
  g_assert_cmpuint (ticks->n_ticks, ==, 25);
  g_assert_cmpstr (ten, ==, "10:00");
  g_assert_cmpstr (start, ==, "00:00");
  /* the end of the day shown is 24:00, not another 00:00 */
  g_assert_cmpstr (end, ==, "24:00");

  sn_chart_axis_set_time_format (x, "%H:%M:%S");
  seconds = sn_chart_axis_format (x, 1716170400 + 5);
  g_assert_cmpstr (seconds, ==, "10:00:05");
}

static char *
calls_label (double value, const SnChartTicks *ticks, gpointer user_data)
{
  return g_strdup_printf ("%g calls", value);
}

static void
count_destroy (gpointer data)
{
  (*(guint *) data)++;
}

static void
test_label_func (void)
{
  SnChartAxis *axis = sn_chart_axis_new ();
  g_autofree char *label = NULL;
  g_autofree char *plain = NULL;
  guint destroyed = 0;

  sn_chart_axis_set_label_func (axis, calls_label, &destroyed, count_destroy);
  label = sn_chart_axis_format (axis, 12);
  g_assert_cmpstr (label, ==, "12 calls");
  /* replacing the function releases the old data */
  sn_chart_axis_set_label_func (axis, NULL, NULL, NULL);
  g_assert_cmpuint (destroyed, ==, 1);
  plain = sn_chart_axis_format (axis, 12);
  g_assert_cmpstr (plain, ==, "12");
  sn_chart_axis_set_label_func (axis, calls_label, &destroyed, count_destroy);
  sn_chart_axis_unref (axis);
  g_assert_cmpuint (destroyed, ==, 2);
}

static void
test_color_parse (void)
{
  SnChartColor color = { 0 };

  g_assert_true (sn_chart_color_parse (&color, "#0072b2"));
  g_assert_cmpfloat (color.red, ==, 0);
  g_assert_cmpfloat (color.green, ==, 0x72 / 255.0);
  g_assert_cmpfloat (color.blue, ==, 0xb2 / 255.0);
  g_assert_cmpfloat (color.alpha, ==, 1);
  g_assert_true (sn_chart_color_parse (&color, "#f80"));
  g_assert_cmpfloat (color.red, ==, 1);
  g_assert_cmpfloat (color.green, ==, 0x88 / 255.0);
  g_assert_cmpfloat (color.blue, ==, 0);
  g_assert_true (sn_chart_color_parse (&color, "#11223344"));
  g_assert_cmpfloat (color.alpha, ==, 0x44 / 255.0);
  g_assert_false (sn_chart_color_parse (&color, "0072b2"));
  g_assert_false (sn_chart_color_parse (&color, "#12"));
  g_assert_false (sn_chart_color_parse (&color, "#gg0000"));
  g_assert_false (sn_chart_color_parse (&color, NULL));
  g_assert_cmpfloat (color.alpha, ==, 0x44 / 255.0);
}

/* ─── The line chart in pixels ─── */

static void
test_line_chart_pixels (void)
{
  g_autoptr (GTimeZone) tz = shanghai ();
  g_autoptr (SnChart) chart = line_chart_new (tz);
  g_autoptr (cairo_surface_t) surface = render (chart, WIDTH, HEIGHT);
  const SnChartTheme *theme = sn_chart_get_theme (chart);
  const SnChartColor *waiting = &theme->palette[0];
  double start = local_time (tz, 10, 0);
  cairo_rectangle_t plot;
  int top = 0, bottom = 0, x;

  g_assert_true (sn_chart_get_plot_area (chart, &plot));
  g_assert_cmpfloat (plot.x, >, 0);
  g_assert_cmpfloat (plot.x + plot.width, <, WIDTH);
  g_assert_cmpfloat (plot.y + plot.height, <, HEIGHT);
  assert_range (chart, SN_CHART_AXIS_X, start, start + 7200);
  /* waiting peaks at 11 (and the alert at 10): integer nice ticks up to 12 */
  assert_range (chart, SN_CHART_AXIS_Y, 0, 12);
  /* the right axis has as many steps as the left: the grid lines serve both */
  g_assert_cmpuint (sn_chart_axis_get_ticks (sn_chart_get_axis (chart, SN_CHART_AXIS_Y2))->n_ticks,
                    ==,
                    sn_chart_axis_get_ticks (sn_chart_get_axis (chart, SN_CHART_AXIS_Y))->n_ticks);

  /* 11:00 (minute 60): the line is at 6, half-way up */
  x = x_pixel (chart, start + 3600);
  g_assert_cmpint (x, ==, (int) floor (plot.x + plot.width / 2));
  g_assert_true (column_span (surface, x, 0, HEIGHT, waiting, &top, &bottom));
  g_assert_cmpfloat (
      fabs (middle_row (surface, x, waiting) - expected_y (chart, SN_CHART_AXIS_Y, 6)), <=, 2);
  g_assert_cmpint (bottom - top, <=, 6);

  /* 10:35 has no data: the column has none of the line's color; 10:20 has */
  x = x_pixel (chart, start + 35 * 60);
  g_assert_false (column_span (surface, x, 0, HEIGHT, waiting, &top, &bottom));
  g_assert_true (
      pixel_near (surface, x, (int) expected_y (chart, SN_CHART_AXIS_Y, 5), &theme->background, 0)
      || pixel_near (surface, x, (int) expected_y (chart, SN_CHART_AXIS_Y, 5), &theme->grid, 8));
  g_assert_true (column_span (surface, x_pixel (chart, start + 20 * 60), (int) plot.y,
                              (int) (plot.y + plot.height) + 1, waiting, &top, &bottom));

  /* the background in the margins */
  g_assert_true (pixel_near (surface, 1, 1, &theme->background, 0));
  g_assert_true (pixel_near (surface, WIDTH - 2, HEIGHT - 2, &theme->background, 0));

  /* the alert threshold: dashed, at 10, somewhere between 11:20 and 11:30 */
  g_assert_cmpuint (count_pixels_near (surface, x_pixel (chart, start + 80 * 60),
                                       (int) expected_y (chart, SN_CHART_AXIS_Y, 10) - 2,
                                       x_pixel (chart, start + 90 * 60),
                                       (int) expected_y (chart, SN_CHART_AXIS_Y, 10) + 3,
                                       &theme->threshold, COLOR_TOLERANCE),
                    >, 10);

  /* the legend above the plot shows both series */
  g_assert_cmpuint (
      count_pixels_near (surface, 0, 0, WIDTH, (int) plot.y - 1, waiting, COLOR_TOLERANCE), >, 10);
  g_assert_cmpuint (count_pixels_near (surface, 0, 0, WIDTH, (int) plot.y - 1, &theme->palette[1],
                                       COLOR_TOLERANCE),
                    >, 10);
}

static void
test_line_chart_dashes (void)
{
  /* The second series is dashed: along its flat stretch, some columns have its color and
   * some do not. */
  g_autoptr (GTimeZone) tz = shanghai ();
  g_autoptr (SnChart) chart = sn_chart_new ();
  g_autoptr (SnChartSeries) solid = sn_chart_series_new ("solid", SN_CHART_STYLE_LINE);
  g_autoptr (SnChartSeries) dashed = sn_chart_series_new ("dashed", SN_CHART_STYLE_LINE);
  g_autoptr (cairo_surface_t) surface = NULL;
  const double low[] = { 1, 1 }, high[] = { 3, 3 };
  guint on = 0, off = 0;
  cairo_rectangle_t plot;
  int y;

  sn_chart_series_set_regular (solid, 0, 10, low, 2);
  sn_chart_series_set_regular (dashed, 0, 10, high, 2);
  sn_chart_add_series (chart, solid);
  sn_chart_add_series (chart, dashed);
  sn_chart_set_legend_position (chart, SN_CHART_LEGEND_NONE);
  surface = render (chart, WIDTH, HEIGHT);
  g_assert_true (sn_chart_get_plot_area (chart, &plot));
  y = (int) expected_y (chart, SN_CHART_AXIS_Y, 3);
  for (int x = (int) plot.x + 10; x < (int) (plot.x + plot.width) - 10; x++)
    {
      if (count_pixels_near (surface, x, y - 1, x + 1, y + 2,
                             &sn_chart_get_theme (chart)->palette[1], COLOR_TOLERANCE)
          > 0)
        on++;
      else
        off++;
    }
  g_assert_cmpuint (on, >, 100);
  g_assert_cmpuint (off, >, 100);
  /* the solid one covers every column */
  y = (int) expected_y (chart, SN_CHART_AXIS_Y, 1);
  g_assert_cmpuint (count_pixels_near (surface, (int) plot.x + 10, y - 1,
                                       (int) (plot.x + plot.width) - 10, y + 2,
                                       &sn_chart_get_theme (chart)->palette[0], COLOR_TOLERANCE),
                    >=, (guint) plot.width - 20);
}

/* ─── The bar chart in pixels ─── */

/* The column in the middle of bar @k of @n_bars in the interval starting at @x. */
static int
bar_column (SnChart *chart, double x, double step, guint k, guint n_bars)
{
  double px0, px1, group, width;

  g_assert_true (sn_chart_value_to_point (chart, SN_CHART_AXIS_Y, x, 0, &px0, NULL));
  g_assert_true (sn_chart_value_to_point (chart, SN_CHART_AXIS_Y, x + step, 0, &px1, NULL));
  group = (px1 - px0) * 0.8;
  width = group / n_bars;
  return (int) floor (px0 + (px1 - px0 - group) / 2 + (k + 0.5) * width);
}

static void
assert_bar (cairo_surface_t *surface, SnChart *chart, int x, const SnChartColor *color, double from,
            double to)
{
  int top = 0, bottom = 0;
  cairo_rectangle_t plot;

  g_assert_true (sn_chart_get_plot_area (chart, &plot));
  g_assert_true (column_span (surface, x, (int) plot.y - 2, (int) (plot.y + plot.height) + 2, color,
                              &top, &bottom));
  g_assert_cmpfloat (fabs (top - expected_y (chart, SN_CHART_AXIS_Y, to)), <=, 1.5);
  g_assert_cmpfloat (fabs (bottom + 1 - expected_y (chart, SN_CHART_AXIS_Y, from)), <=, 1.5);
}

static void
test_bar_chart_grouped (void)
{
  g_autoptr (GTimeZone) tz = shanghai ();
  g_autoptr (SnChart) chart = bar_chart_new (tz, SN_CHART_BARS_GROUPED);
  g_autoptr (cairo_surface_t) surface = render (chart, WIDTH, HEIGHT);
  double ten = local_time (tz, 10, 0);
  cairo_rectangle_t plot;
  double height;
  int top = 0, bottom = 0;

  assert_range (chart, SN_CHART_AXIS_X, local_time (tz, 0, 0), local_time (tz, 0, 0) + 86400);
  assert_range (chart, SN_CHART_AXIS_Y, 0, 160);
  g_assert_true (sn_chart_get_plot_area (chart, &plot));

  /* 10:00–10:15: offered 150, answered 120, abandoned 30, side by side in that order */
  assert_bar (surface, chart, bar_column (chart, ten, 900, 0, 3), &offered_color, 0, 150);
  assert_bar (surface, chart, bar_column (chart, ten, 900, 1, 3), &answered_color, 0, 120);
  assert_bar (surface, chart, bar_column (chart, ten, 900, 2, 3), &abandoned_color, 0, 30);
  /* and the height in pixels, as the plot's share */
  g_assert_true (column_span (surface, bar_column (chart, ten, 900, 0, 3), 0, HEIGHT,
                              &offered_color, &top, &bottom));
  height = bottom - top + 1;
  g_assert_cmpfloat (fabs (height - plot.height * 150 / 160), <=, 2);

  /* 09:45: 50 + 5 × (39 mod 12) = 65 offered */
  assert_bar (surface, chart, bar_column (chart, ten - 900, 900, 0, 3), &offered_color, 0, 65);
  /* between two groups there is background */
  g_assert_false (column_span (surface, x_pixel (chart, ten), (int) plot.y,
                               (int) (plot.y + plot.height) - 1, &offered_color, &top, &bottom));
}

static void
test_bar_chart_stacked (void)
{
  g_autoptr (GTimeZone) tz = shanghai ();
  g_autoptr (SnChart) chart = bar_chart_new (tz, SN_CHART_BARS_STACKED);
  g_autoptr (cairo_surface_t) surface = render (chart, WIDTH, HEIGHT);
  double ten = local_time (tz, 10, 0);
  int x = bar_column (chart, ten, 900, 0, 1);

  /* answered + abandoned = 150 at most: the same range as grouped */
  assert_range (chart, SN_CHART_AXIS_Y, 0, 160);
  assert_bar (surface, chart, x, &answered_color, 0, 120);
  assert_bar (surface, chart, x, &abandoned_color, 120, 150);
}

static void
test_bar_chart_hatched (void)
{
  /* Four wide bars a series: the second series is hatched, so both its full color and its
   * light tint show inside its bars, and its legend swatch is hatched too. */
  g_autoptr (SnChart) chart = sn_chart_new ();
  g_autoptr (SnChartSeries) first = sn_chart_series_new ("first", SN_CHART_STYLE_BARS);
  g_autoptr (SnChartSeries) second = sn_chart_series_new ("second", SN_CHART_STYLE_BARS);
  g_autoptr (cairo_surface_t) surface = NULL;
  const double values[] = { 40, 80, 60, 100 };
  const SnChartColor tint = { 1 - 0.3 * (1 - abandoned_color.red),
                              1 - 0.3 * (1 - abandoned_color.green),
                              1 - 0.3 * (1 - abandoned_color.blue), 1 };
  cairo_rectangle_t plot;
  int x0, x1;

  sn_chart_series_set_regular (first, 0, 1, values, 4);
  sn_chart_series_set_regular (second, 0, 1, values, 4);
  sn_chart_series_set_color (first, &answered_color);
  sn_chart_series_set_color (second, &abandoned_color);
  sn_chart_add_series (chart, first);
  sn_chart_add_series (chart, second);
  surface = render (chart, WIDTH, HEIGHT);
  g_assert_true (sn_chart_get_plot_area (chart, &plot));

  x0 = bar_column (chart, 3, 1, 1, 2) - 20;
  x1 = x0 + 40;
  g_assert_cmpuint (count_pixels_near (surface, x0, (int) plot.y + 5, x1,
                                       (int) (plot.y + plot.height) - 5, &abandoned_color, 20),
                    >, 200);
  g_assert_cmpuint (count_pixels_near (surface, x0, (int) plot.y + 5, x1,
                                       (int) (plot.y + plot.height) - 5, &tint, 20),
                    >, 200);
  /* the first series is filled plainly: no tint of its color */
  x0 = bar_column (chart, 3, 1, 0, 2) - 20;
  g_assert_cmpuint (count_pixels_near (surface, x0, (int) plot.y + 5, x0 + 40,
                                       (int) (plot.y + plot.height) - 5, &answered_color, 20),
                    >, 1000);
  /* the legend's swatch of the second series has both */
  g_assert_cmpuint (count_pixels_near (surface, 0, 0, WIDTH, (int) plot.y, &tint, 20), >, 5);
  g_assert_cmpuint (count_pixels_near (surface, 0, 0, WIDTH, (int) plot.y, &abandoned_color, 20), >,
                    5);
}

/* ─── Edge cases ─── */

static void
test_no_data (void)
{
  g_autoptr (GTimeZone) tz = shanghai ();
  g_autoptr (SnChart) chart = sn_chart_new ();
  g_autoptr (SnChart) silent = sn_chart_new ();
  g_autoptr (SnChartAxis) time = sn_chart_axis_new_time (tz);
  g_autoptr (SnChartSeries) empty = sn_chart_series_new ("Calls waiting", SN_CHART_STYLE_LINE);
  g_autoptr (cairo_surface_t) surface = NULL;
  g_autoptr (cairo_surface_t) without = NULL;
  const SnChartColor *background = &sn_chart_get_theme (chart)->background;
  const double nothing[] = { NAN, NAN, NAN };
  cairo_rectangle_t plot;
  guint differ = 0;

  sn_chart_axis_set_range (time, local_time (tz, 10, 0), local_time (tz, 12, 0));
  sn_chart_series_set_regular (empty, local_time (tz, 10, 0), 60, nothing, 3);
  for (guint i = 0; i < 2; i++)
    {
      SnChart *c = i == 0 ? chart : silent;

      sn_chart_set_axis (c, SN_CHART_AXIS_X, time);
      sn_chart_add_series (c, empty);
      sn_chart_set_legend_position (c, SN_CHART_LEGEND_NONE);
    }
  sn_chart_set_no_data_text (chart, "No data yet");
  surface = render (chart, WIDTH, HEIGHT);
  without = render (silent, WIDTH, HEIGHT);
  g_assert_true (sn_chart_get_plot_area (chart, &plot));

  /* the message: ink in the middle of the plot, and only there */
  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        int a[4], b[4];

        pixel_at (surface, x, y, a);
        pixel_at (without, x, y, b);
        if (memcmp (a, b, sizeof a) == 0)
          continue;
        differ++;
        g_assert_cmpfloat (fabs (x - (plot.x + plot.width / 2)), <, plot.width / 3);
        g_assert_cmpfloat (fabs (y - (plot.y + plot.height / 2)), <, plot.height / 4);
      }
  g_assert_cmpuint (differ, >, 50);
  /* no value labels without values; the time labels are there */
  g_assert_cmpuint (count_pixels_not (surface, 0, (int) plot.y, (int) plot.x - 1,
                                      (int) (plot.y + plot.height), background),
                    ==, 0);
  g_assert_cmpuint (count_pixels_not (surface, (int) plot.x, (int) (plot.y + plot.height) + 8,
                                      (int) (plot.x + plot.width), HEIGHT, background),
                    >, 100);
}

static void
test_single_point (void)
{
  g_autoptr (GTimeZone) tz = shanghai ();
  g_autoptr (SnChart) chart = line_chart_new (tz);
  g_autoptr (SnChart) bare = sn_chart_new ();
  g_autoptr (SnChartSeries) lone = sn_chart_series_new ("lone", SN_CHART_STYLE_LINE);
  g_autoptr (cairo_surface_t) surface = NULL;
  double values[MINUTES], start = local_time (tz, 10, 0), px, py;
  const SnChartColor *color = &sn_chart_get_theme (chart)->palette[0];

  /* one minute of data among NaN: drawn as a dot */
  for (int i = 0; i < MINUTES; i++)
    values[i] = i == 60 ? 6 : NAN;
  sn_chart_series_set_regular (sn_chart_get_series (chart, 0), start, 60, values, MINUTES);
  surface = render (chart, WIDTH, HEIGHT);
  g_assert_cmpfloat (fabs (middle_row (surface, x_pixel (chart, start + 3600), color)
                           - expected_y (chart, SN_CHART_AXIS_Y, 6)),
                     <=, 2);
  g_clear_pointer (&surface, cairo_surface_destroy);

  /* a series of one point and no fixed range: the point sits in the middle */
  sn_chart_series_set_points (lone, &start, &values[60], 1);
  sn_chart_add_series (bare, lone);
  surface = render (bare, WIDTH, HEIGHT);
  g_assert_true (sn_chart_value_to_point (bare, SN_CHART_AXIS_Y, start, 6, &px, &py));
  g_assert_cmpfloat (fabs (middle_row (surface, (int) px, color) - py), <=, 2);
}

static void
test_all_zero (void)
{
  g_autoptr (GTimeZone) tz = shanghai ();
  g_autoptr (SnChart) chart = line_chart_new (tz);
  g_autoptr (cairo_surface_t) surface = NULL;
  double zeros[MINUTES] = { 0 }, start = local_time (tz, 10, 0);
  cairo_rectangle_t plot;

  sn_chart_remove_all_thresholds (chart);
  sn_chart_series_set_regular (sn_chart_get_series (chart, 0), start, 60, zeros, MINUTES);
  surface = render (chart, WIDTH, HEIGHT);
  /* counts: 0 to 1, not 0 to 0.2 */
  assert_range (chart, SN_CHART_AXIS_Y, 0, 1);
  g_assert_cmpfloat (sn_chart_axis_get_ticks (sn_chart_get_axis (chart, SN_CHART_AXIS_Y))->step, ==,
                     1);
  g_assert_true (sn_chart_get_plot_area (chart, &plot));
  g_assert_cmpfloat (fabs (middle_row (surface, x_pixel (chart, start + 3600),
                                       &sn_chart_get_theme (chart)->palette[0])
                           - (plot.y + plot.height)),
                     <=, 2);
}

static void
test_huge_values (void)
{
  g_autoptr (SnChart) chart = sn_chart_new ();
  g_autoptr (SnChartSeries) series = sn_chart_series_new ("offered", SN_CHART_STYLE_AREA);
  g_autoptr (cairo_surface_t) surface = NULL;
  const double values[] = { 1200, 4800, 9000, 7600, 3100 };
  SnChartAxis *y = sn_chart_get_axis (chart, SN_CHART_AXIS_Y);
  const SnChartTicks *ticks;

  sn_chart_series_set_regular (series, 0, 1, values, G_N_ELEMENTS (values));
  sn_chart_add_series (chart, series);
  surface = render (chart, 600, 300);
  ticks = sn_chart_axis_get_ticks (y);
  g_assert_nonnull (ticks);
  g_assert_cmpfloat (ticks->first, ==, 0);
  g_assert_cmpfloat (ticks->step, >=, 1000);
  g_assert_cmpfloat (sn_chart_ticks_last (ticks), >=, 9000);
  for (guint i = 1; i < ticks->n_ticks; i++)
    {
      double value = sn_chart_ticks_get (ticks, i);
      g_autofree char *label = sn_chart_axis_format (y, value);
      g_autofree char *expected = g_strdup_printf ("%gk", value / 1000);

      g_assert_cmpstr (label, ==, expected);
    }
}

static void
test_small_sizes (void)
{
  static const double sizes[] = { 1, 2, 5, 13, 31, 64, 120, 200, 333 };
  g_autoptr (GTimeZone) tz = shanghai ();
  g_autoptr (SnChart) line = line_chart_new (tz);
  g_autoptr (SnChart) bars = bar_chart_new (tz, SN_CHART_BARS_GROUPED);
  g_autoptr (cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 400);
  cairo_t *cr = cairo_create (surface);

  sn_chart_set_min_font_size (bars, 40);
  for (guint c = 0; c < 2; c++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      for (guint j = 0; j < G_N_ELEMENTS (sizes); j++)
        {
          SnChart *chart = c == 0 ? line : bars;
          cairo_rectangle_t plot;

          sn_chart_draw (chart, cr, sizes[i], sizes[j]);
          g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
          /* the data keeps a place inside the chart */
          g_assert_true (sn_chart_get_plot_area (chart, &plot));
          g_assert_cmpfloat (plot.width, >, 0);
          g_assert_cmpfloat (plot.height, >, 0);
          g_assert_cmpfloat (plot.x, >=, 0);
          g_assert_cmpfloat (plot.y, >=, 0);
          g_assert_cmpfloat (plot.x + plot.width, <=, sizes[i] + 1e-9);
          g_assert_cmpfloat (plot.y + plot.height, <=, sizes[j] + 1e-9);
        }

  /* nothing to draw on: nothing drawn, no plot */
  sn_chart_draw (line, cr, 0, 100);
  g_assert_false (sn_chart_get_plot_area (line, NULL));
  sn_chart_draw (line, cr, NAN, 100);
  g_assert_false (sn_chart_get_plot_area (line, NULL));
  sn_chart_draw (line, cr, 100, INFINITY);
  g_assert_false (sn_chart_get_plot_area (line, NULL));
  cairo_destroy (cr);
}

static void
test_thumbnail_shows_data (void)
{
  /* 160 × 60: no room for title, legend or labels, but the line is there */
  g_autoptr (GTimeZone) tz = shanghai ();
  g_autoptr (SnChart) chart = line_chart_new (tz);
  g_autoptr (cairo_surface_t) surface = render (chart, 160, 60);

  g_assert_cmpuint (count_pixels_near (surface, 0, 0, 160, 60,
                                       &sn_chart_get_theme (chart)->palette[0], COLOR_TOLERANCE),
                    >, 40);
}

static void
test_dark_theme_and_cjk (void)
{
  g_autoptr (GTimeZone) tz = shanghai ();
  g_autoptr (SnChart) chart = line_chart_new (tz);
  g_autoptr (cairo_surface_t) surface = NULL;
  const SnChartTheme *dark = sn_chart_theme_get (SN_CHART_THEME_DARK);
  cairo_rectangle_t plot;

  sn_chart_set_theme (chart, dark);
  sn_chart_set_title (chart, "排队负载 · 最近两小时");
  surface = render (chart, WIDTH, HEIGHT);
  g_assert_true (pixel_near (surface, 1, 1, &dark->background, 0));
  g_assert_true (sn_chart_get_plot_area (chart, &plot));
  /* the title is drawn in the theme's text color, Chinese or not */
  g_assert_cmpuint (count_pixels_near (surface, 0, 0, WIDTH / 2, 40, &dark->text, 10), >, 50);
}

/* ─── Export ─── */

static void
assert_file_starts_with (const char *path, const char *const *magics)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr (GError) error = NULL;
  gboolean matched = FALSE;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 100);
  for (guint i = 0; magics[i] != NULL; i++)
    matched |= length >= strlen (magics[i])
               && memcmp (contents, magics[i], strlen (magics[i])) == 0;
  g_assert_true (matched);
}

static void
test_export (void)
{
  static const char *const png[] = { "\x89PNG", NULL };
  static const char *const svg[] = { "<?xml", "<svg", NULL };
  static const char *const pdf[] = { "%PDF", NULL };
  g_autoptr (GTimeZone) tz = shanghai ();
  g_autoptr (SnChart) chart = line_chart_new (tz);
  g_autoptr (SnChart) bars = bar_chart_new (tz, SN_CHART_BARS_GROUPED);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-chart-XXXXXX", &error);
  const char *names[] = { "line.png", "line.svg", "line.pdf", "bars.PNG" };
  const char *const *magics[] = { png, svg, pdf, png };
  g_autofree char *missing = NULL;
  g_autofree char *text = NULL;
  g_autoptr (cairo_surface_t) image = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_assert_true (sn_chart_export (i < 3 ? chart : bars, path, 800, 400, &error));
      g_assert_no_error (error);
      assert_file_starts_with (path, magics[i]);
      if (i == 0)
        {
          image = cairo_image_surface_create_from_png (path);
          g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
          g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
          g_assert_cmpint (cairo_image_surface_get_height (image), ==, 400);
          g_assert_true (pixel_near (image, 1, 1, &sn_chart_get_theme (chart)->background, 0));
        }
      g_assert_cmpint (g_remove (path), ==, 0);
    }

  text = g_build_filename (dir, "line.txt", NULL);
  g_assert_false (sn_chart_export (chart, text, 800, 400, &error));
  g_assert_error (error, SN_CHART_ERROR, SN_CHART_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (g_file_test (text, G_FILE_TEST_EXISTS));

  g_free (text);
  text = g_build_filename (dir, "line.png", NULL);
  g_assert_false (sn_chart_export (chart, text, 0, 400, &error));
  g_assert_error (error, SN_CHART_ERROR, SN_CHART_ERROR_SIZE);
  g_clear_error (&error);
  g_assert_false (sn_chart_export (chart, text, 800, NAN, &error));
  g_assert_error (error, SN_CHART_ERROR, SN_CHART_ERROR_SIZE);
  g_clear_error (&error);

  missing = g_build_filename (dir, "no-such-folder", "line.pdf", NULL);
  g_assert_false (sn_chart_export (chart, missing, 800, 400, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char *argv[])
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/chart/ticks/nice", test_nice_ticks);
  g_test_add_func ("/chart/ticks/for-count", test_nice_ticks_for_count);
  g_test_add_func ("/chart/ticks/inside", test_nice_ticks_inside);
  g_test_add_func ("/chart/ticks/invalid", test_nice_ticks_invalid);
  g_test_add_func ("/chart/ticks/value-labels", test_value_labels);
  g_test_add_func ("/chart/ticks/time", test_time_ticks);
  g_test_add_func ("/chart/ticks/time-half-hour-zone", test_time_ticks_half_hour_zone);
  g_test_add_func ("/chart/axis/time-labels", test_time_axis_labels);
  g_test_add_func ("/chart/axis/label-func", test_label_func);
  g_test_add_func ("/chart/color/parse", test_color_parse);
  g_test_add_func ("/chart/line/pixels", test_line_chart_pixels);
  g_test_add_func ("/chart/line/dashes", test_line_chart_dashes);
  g_test_add_func ("/chart/bars/grouped", test_bar_chart_grouped);
  g_test_add_func ("/chart/bars/stacked", test_bar_chart_stacked);
  g_test_add_func ("/chart/bars/hatched", test_bar_chart_hatched);
  g_test_add_func ("/chart/edge/no-data", test_no_data);
  g_test_add_func ("/chart/edge/single-point", test_single_point);
  g_test_add_func ("/chart/edge/all-zero", test_all_zero);
  g_test_add_func ("/chart/edge/huge-values", test_huge_values);
  g_test_add_func ("/chart/edge/small-sizes", test_small_sizes);
  g_test_add_func ("/chart/edge/thumbnail", test_thumbnail_shows_data);
  g_test_add_func ("/chart/theme/dark-cjk", test_dark_theme_and_cjk);
  g_test_add_func ("/chart/export", test_export);

  result = g_test_run ();
  /* Drop pango's font map, so that LeakSanitizer only reports what fontconfig keeps
   * (tests/lsan.supp). Not cairo_debug_reset_static_data(): it asserts when a cache entry is
   * still alive, which a font's glyph cache may be. */
  pango_cairo_font_map_set_default (NULL);
  return result;
}
