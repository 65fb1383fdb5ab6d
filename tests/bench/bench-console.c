/* bench-console.c — the console's frame times while a hub streams 1,000 events/s to it, and
 * the time to its first frame (run under Xvfb with GSK_RENDERER=cairo)
 *
 * A tick callback keeps the window drawing every frame; the benchmark feeds the hub ticket
 * updates at the requested rate and reports the frame intervals, the longest time the main
 * loop spent on one stream frame, and how many frames took longer than 16.7 ms.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sn-console-resources.h"
#include "sn-json.h"
#include "sn-test-hub.h"
#include "sn-window.h"

static int rate = 1000;
static int seconds = 10;

static const GOptionEntry entries[] = {
  { "rate", 0, 0, G_OPTION_ARG_INT, &rate, "Events per second (default 1,000)", "N" },
  { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Seconds to stream (default 10)", "S" },
  { NULL }
};

typedef struct
{
  GArray *intervals; /* ms between frames */
  gint64 last_frame;
  gboolean measuring;
  gint64 first_frame; /* µs after the window was presented */
  gint64 presented;
} Frames;

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  Frames *f = user_data;
  gint64 now = g_get_monotonic_time ();

  if (f->first_frame == 0)
    f->first_frame = now - f->presented;
  if (f->measuring && f->last_frame != 0)
    {
      double ms = (now - f->last_frame) / 1000.0;

      g_array_append_val (f->intervals, ms);
    }
  f->last_frame = now;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static char *
batch (guint first, guint n, gint64 t)
{
  GString *s = g_string_new ("[");
  g_autofree char *time = sn_time_format (t);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s,
                            "%s{\"service_request_id\":\"T%u\",\"updated_datetime\":\"%s\","
                            "\"description\":\"update %u\",\"state\":\"%s\","
                            "\"district\":\"110105\",\"units\":[\"u%u\"]}",
                            i ? "," : "", (first + i) % 5000, time, first + i,
                            i % 2 ? "accepted" : "dispatched", i % 7);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

typedef struct
{
  char *url;
  char *token;
  gboolean stop;
  guint sent;
} Feeder;

/* Posting runs in its own thread (with its own main context), so the window's thread does
 * only what a console does: receive and apply. */
static gpointer
feed_thread (gpointer data)
{
  Feeder *feeder = data;
  g_autoptr (GMainContext) context = g_main_context_new ();
  gint64 start = g_get_monotonic_time ();

  g_main_context_push_thread_default (context);
  while (!g_atomic_int_get (&feeder->stop))
    {
      guint due = (guint) ((g_get_monotonic_time () - start) / 1e6 * rate);

      if (due > feeder->sent)
        {
          g_autofree char *body = batch (feeder->sent, due - feeder->sent,
                                         g_get_real_time () / G_USEC_PER_SEC);

          sn_test_http ("POST", feeder->url, feeder->token, body, NULL, NULL);
          feeder->sent = due;
        }
      g_usleep (20000);
    }
  g_main_context_pop_thread_default (context);
  return NULL;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) options = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (SnContext) context = NULL;
  SnTestHub *hub;
  g_autofree char *ingest = NULL;
  g_autofree char *supervisor = NULL;
  g_autofree char *url = NULL;
  SnWindow *window;
  Frames f = { g_array_new (FALSE, FALSE, sizeof (double)) };
  guint sent = 0, over = 0;
  gint64 deadline;
  SnClientApplyStats apply;
  double p50, p95, worst;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    g_error ("%s", error->message);
  /* From process start, as a user would see it. */
  f.presented = g_get_monotonic_time ();
  gtk_init ();
  adw_init ();
  g_resources_register (sn_console_get_resource ());
  settings = g_settings_new (APP_ID);
  context = sn_context_new (settings);
  window = sn_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, &f, NULL);
  while (f.first_frame == 0)
    g_main_context_iteration (NULL, TRUE);
  hub = sn_test_hub_new ((const char *const[]){ "--sync", "normal", NULL });
  ingest = sn_test_hub_token (hub, "ingest", "feed", NULL);
  supervisor = sn_test_hub_token (hub, "supervisor", "bench", NULL);
  url = g_strconcat (hub->url, "/v1/ingest/requests", NULL);
  sn_context_connect (context, hub->url, supervisor);
  sn_test_run_until (NULL, 1500);

  f.measuring = TRUE;
  {
    Feeder feeder = { url, ingest, FALSE, 0 };
    GThread *thread = g_thread_new ("feeder", feed_thread, &feeder);

    deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    g_atomic_int_set (&feeder.stop, TRUE);
    g_thread_join (thread);
    sent = feeder.sent;
  }
  f.measuring = FALSE;
  g_array_sort (f.intervals, compare_doubles);
  /* A missed frame: more than one and a half frame periods between frames. */
  for (guint i = 0; i < f.intervals->len; i++)
    over += g_array_index (f.intervals, double, i) > 25.0;
  sn_client_get_apply_stats (sn_context_get_client (context), &apply);
  p50 = f.intervals->len ? g_array_index (f.intervals, double, f.intervals->len / 2) : 0;
  p95 = f.intervals->len ? g_array_index (f.intervals, double, f.intervals->len * 95 / 100) : 0;
  worst = f.intervals->len ? g_array_index (f.intervals, double, f.intervals->len - 1) : 0;
  g_print ("bench-console: %u events streamed at %d/s for %d s; console applied up to seq "
           "%" G_GINT64_FORMAT "\n",
           sent, rate, seconds, sn_console_model_get_last_seq (sn_context_get_model (context)));
  g_print ("  first frame          %8.0f ms after the process started (target ≤ 1,000 ms)\n",
           f.first_frame / 1000.0);
  g_print ("  frames               %8u, interval p50 %.1f ms, p95 %.1f ms, max %.1f ms\n",
           f.intervals->len, p50, p95, worst);
  g_print ("  missed frames (> 25 ms between frames) %u (%.2f %%)\n", over,
           f.intervals->len ? 100.0 * over / f.intervals->len : 0.0);
  g_print ("  ingest on the UI thread: %llu stream frames, mean %.3f ms, longest %.2f ms "
           "(target: none over 16.7 ms) %s\n",
           (unsigned long long) apply.frames,
           apply.frames ? apply.total_us / 1000.0 / apply.frames : 0.0, apply.max_us / 1000.0,
           apply.max_us <= 16700 ? "MET" : "MISSED");
  gtk_window_destroy (GTK_WINDOW (window));
  sn_test_hub_free (hub);
  g_array_unref (f.intervals);
  return 0;
}
