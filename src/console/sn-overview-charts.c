/* sn-overview-charts.c — the Overview's charts: the last two hours per minute and today's
 * 15-minute intervals, drawn by the shared chart code (src/chart) into the widget's snapshot
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "sn-chart.h"
#include "sn-overview-charts.h"

#define SN_TYPE_CHART_VIEW (sn_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (SnChartView, sn_chart_view, SN, CHART_VIEW, GtkWidget)

struct _SnChartView
{
  GtkWidget parent_instance;

  SnChart *chart;
};

G_DEFINE_FINAL_TYPE (SnChartView, sn_chart_view, GTK_TYPE_WIDGET)

static void
sn_chart_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SnChartView *self = SN_CHART_VIEW (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* One drawing path for the screen and for exported files. */
  sn_chart_draw (self->chart, cr, width, height);
  cairo_destroy (cr);
}

static void
sn_chart_view_finalize (GObject *object)
{
  sn_chart_unref (SN_CHART_VIEW (object)->chart);
  G_OBJECT_CLASS (sn_chart_view_parent_class)->finalize (object);
}

static void
sn_chart_view_class_init (SnChartViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sn_chart_view_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = sn_chart_view_snapshot;
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sn_chart_view_init (SnChartView *self)
{
  self->chart = sn_chart_new ();
  gtk_widget_set_size_request (GTK_WIDGET (self), 360, 280);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

/* ── the two charts ────────────────────────────────────────────────────────────── */

typedef struct
{
  SnContext *context;
  SnChartView *live;
  SnChartView *today;
  GTimeZone *tz;
  guint source;
} Charts;

static void
charts_free (Charts *c)
{
  g_clear_handle_id (&c->source, g_source_remove);
  g_object_unref (c->context);
  g_time_zone_unref (c->tz);
  g_free (c);
}

static void
apply_theme (SnChart *chart)
{
  SnChartTheme theme = *sn_chart_theme_get (
      adw_style_manager_get_dark (adw_style_manager_get_default ()) ? SN_CHART_THEME_DARK
                                                                    : SN_CHART_THEME_LIGHT);

  theme.background.alpha = 0; /* the page is the card */
  sn_chart_set_theme (chart, &theme);
}

static void
fill_live (Charts *c, const SnQueueView *q, gint64 now)
{
  SnChart *chart = c->live->chart;
  gint64 end = now - now % 60, start = end - (SN_CONSOLE_MINUTES - 1) * 60;
  double waiting[SN_CONSOLE_MINUTES], available[SN_CONSOLE_MINUTES];
  g_autoptr (SnChartSeries) w = sn_chart_series_new (_ ("Calls waiting"), SN_CHART_STYLE_LINE);
  g_autoptr (SnChartSeries) a = sn_chart_series_new (_ ("Agents available"), SN_CHART_STYLE_LINE);
  SnAlertThresholds t;

  for (guint i = 0; i < SN_CONSOLE_MINUTES; i++)
    {
      gint64 minute = start + (gint64) i * 60;
      const SnMinuteSample *s = &q->minutes[(minute / 60) % SN_CONSOLE_MINUTES];

      waiting[i] = s->minute == minute ? s->waiting : NAN; /* a gap where there is no data */
      available[i] = s->minute == minute ? s->available : NAN;
    }
  sn_chart_series_set_regular (w, (double) start, 60, waiting, SN_CONSOLE_MINUTES);
  sn_chart_series_set_regular (a, (double) start, 60, available, SN_CONSOLE_MINUTES);
  sn_chart_series_set_y_axis (a, SN_CHART_AXIS_Y2);
  sn_chart_remove_all_series (chart);
  sn_chart_add_series (chart, w);
  sn_chart_add_series (chart, a);
  sn_chart_axis_set_range (sn_chart_get_axis (chart, SN_CHART_AXIS_X), (double) start,
                           (double) end);
  sn_console_model_get_thresholds (sn_context_get_model (c->context), &t);
  sn_chart_remove_all_thresholds (chart);
  sn_chart_add_threshold (chart, SN_CHART_AXIS_Y, t.waiting, _ ("Alert"), NULL);
}

static void
fill_today (Charts *c, const SnQueueView *q, gint64 now)
{
  SnChart *chart = c->today->chart;
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (now);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (dt, c->tz);
  gint64 midnight = now
                    - (g_date_time_get_hour (local) * 3600 + g_date_time_get_minute (local) * 60
                       + g_date_time_get_second (local));
  double offered[96], answered[96], abandoned[96];
  g_autoptr (SnChartSeries) o = sn_chart_series_new (_ ("Offered"), SN_CHART_STYLE_BARS);
  g_autoptr (SnChartSeries) an = sn_chart_series_new (_ ("Answered"), SN_CHART_STYLE_BARS);
  g_autoptr (SnChartSeries) ab = sn_chart_series_new (_ ("Abandoned"), SN_CHART_STYLE_BARS);

  for (guint i = 0; i < 96; i++)
    {
      gint64 start = midnight + (gint64) i * 900;
      const SnIntervalCounts *s = &q->intervals[(start / 900) % SN_CONSOLE_INTERVALS];
      gboolean has = s->start == start;

      offered[i] = has ? s->offered : (start <= now ? 0 : NAN);
      answered[i] = has ? s->answered : (start <= now ? 0 : NAN);
      abandoned[i] = has ? s->abandoned : (start <= now ? 0 : NAN);
    }
  sn_chart_series_set_regular (o, (double) midnight, 900, offered, 96);
  sn_chart_series_set_regular (an, (double) midnight, 900, answered, 96);
  sn_chart_series_set_regular (ab, (double) midnight, 900, abandoned, 96);
  sn_chart_remove_all_series (chart);
  sn_chart_add_series (chart, o);
  sn_chart_add_series (chart, an);
  sn_chart_add_series (chart, ab);
  sn_chart_axis_set_range (sn_chart_get_axis (chart, SN_CHART_AXIS_X), (double) midnight,
                           (double) midnight + 86400);
}

static gboolean
refresh_cb (gpointer user_data)
{
  Charts *c = user_data;
  SnConsoleModel *model = sn_context_get_model (c->context);
  const SnQueueView *center = sn_console_model_get_center (model);
  gint64 now = sn_context_get_now (c->context);

  apply_theme (c->live->chart);
  apply_theme (c->today->chart);
  fill_live (c, center, now);
  fill_today (c, center, now);
  gtk_widget_queue_draw (GTK_WIDGET (c->live));
  gtk_widget_queue_draw (GTK_WIDGET (c->today));
  return G_SOURCE_CONTINUE;
}

static SnChartView *
chart_view (const char *title, SnChartAxis *x)
{
  SnChartView *view = g_object_new (SN_TYPE_CHART_VIEW, NULL);

  sn_chart_set_title (view->chart, title);
  sn_chart_set_no_data_text (view->chart, _ ("No data yet"));
  sn_chart_set_axis (view->chart, SN_CHART_AXIS_X, x);
  sn_chart_set_legend_position (view->chart, SN_CHART_LEGEND_TOP);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return view;
}

GtkWidget *
sn_overview_charts_new (SnContext *context)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  Charts *c = g_new0 (Charts, 1);
  g_autoptr (SnChartAxis) live_x = NULL;
  g_autoptr (SnChartAxis) today_x = NULL;

  c->context = g_object_ref (context);
  c->tz = g_time_zone_new_identifier ("Asia/Shanghai");
  if (c->tz == NULL)
    c->tz = g_time_zone_new_local ();
  live_x = sn_chart_axis_new_time (c->tz);
  today_x = sn_chart_axis_new_time (c->tz);
  sn_chart_axis_set_tick_step (today_x, 3 * 3600);
  c->live = chart_view (_ ("Last two hours, per minute"), live_x);
  c->today = chart_view (_ ("Today, per 15 minutes"), today_x);
  sn_chart_axis_set_integer (sn_chart_get_axis (c->live->chart, SN_CHART_AXIS_Y), TRUE);
  sn_chart_axis_set_integer (sn_chart_get_axis (c->today->chart, SN_CHART_AXIS_Y), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->live));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->today));
  c->source = g_timeout_add_seconds (2, refresh_cb, c);
  g_object_set_data_full (G_OBJECT (box), "sn-charts", c, (GDestroyNotify) charts_free);
  refresh_cb (c);
  return box;
}
