/* test-overview.c — the console's window against a real hub on loopback, under Xvfb:
 * numbers in the tiles, an alert appearing and clearing, and the connection going
 * reconnecting → live across a hub restart with no missed event
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sn-console-resources.h"
#include "sn-overview-page.h"
#include "sn-queue-tile.h"
#include "sn-status-indicator.h"
#include "sn-test-hub.h"
#include "sn-window.h"

typedef struct
{
  SnTestHub *hub;
  char *ingest;
  char *supervisor;
  SnContext *context;
  SnWindow *window;
} Fixture;

static gboolean
wait_for (gboolean (*check) (Fixture *f, gconstpointer data), Fixture *f, gconstpointer data,
          guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      if (check (f, data))
        return TRUE;
      g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
    }
  return check (f, data);
}

static void
ingest_calls (Fixture *f, const char *json)
{
  g_autofree char *url = g_strconcat (f->hub->url, "/v1/ingest/calls", NULL);
  g_autofree char *body = NULL;
  guint status = sn_test_http ("POST", url, f->ingest, json, NULL, &body);

  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (body, "\"rejected\":0"));
}

static const char *
tile_field (Fixture *f, const char *queue, const char *field)
{
  GtkWidget *page = sn_window_get_overview (f->window);
  GtkWidget *tile = sn_overview_page_get_tile (SN_OVERVIEW_PAGE (page), queue);

  return tile ? sn_queue_tile_get_field (SN_QUEUE_TILE (tile), field) : NULL;
}

static gboolean
status_starts_with (Fixture *f, gconstpointer prefix)
{
  GtkWidget *status = sn_window_get_status_indicator (f->window);

  return g_str_has_prefix (sn_status_indicator_get_text (SN_STATUS_INDICATOR (status)), prefix);
}

typedef struct
{
  const char *queue, *field, *value;
} Expect;

static gboolean
field_is (Fixture *f, gconstpointer data)
{
  const Expect *e = data;

  return g_strcmp0 (tile_field (f, e->queue, e->field), e->value) == 0;
}

static gboolean
alert_shown (Fixture *f, gconstpointer prefix)
{
  GtkWidget *page = sn_window_get_overview (f->window);
  g_autoptr (GPtrArray) lines = sn_overview_page_list_alerts (SN_OVERVIEW_PAGE (page));

  for (guint i = 0; i < lines->len; i++)
    if (g_str_has_prefix (lines->pdata[i], prefix))
      return TRUE;
  return FALSE;
}

static gboolean
no_alert (Fixture *f, gconstpointer data)
{
  return !alert_shown (f, "⚠") && !alert_shown (f, "▲");
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  f->hub = sn_test_hub_new (NULL);
  f->ingest = sn_test_hub_token (f->hub, "ingest", "feed", NULL);
  f->supervisor = sn_test_hub_token (f->hub, "supervisor", "Wang Li", NULL);
  f->context = sn_context_new (settings);
  f->window = sn_window_new (NULL, f->context);
  gtk_window_present (GTK_WINDOW (f->window));
  sn_context_connect (f->context, f->hub->url, f->supervisor);
  g_assert_true (wait_for (status_starts_with, f, "Live", 10000));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->context);
  sn_test_hub_free (f->hub);
  g_free (f->ingest);
  g_free (f->supervisor);
}

/* Twelve callers waiting, the first since 200 s ago: more than 10 and over 120 s is red. */
static char *
twelve_waiting (gint64 now)
{
  GString *s = g_string_new ("[{\"time\":");

  g_string_append_printf (s,
                          "%" G_GINT64_FORMAT ",\"event\":\"AGENTLOGIN\",\"queue\":\"general\","
                          "\"agent\":\"A1\"}",
                          now - 300);
  for (int i = 0; i < 12; i++)
    g_string_append_printf (s,
                            ",{\"time\":%" G_GINT64_FORMAT ",\"event\":\"ENTERQUEUE\","
                            "\"queue\":\"general\",\"callid\":\"c%d\"}",
                            now - 200 + i, i);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static void
test_tiles_and_alert (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *calls = twelve_waiting (now);
  GString *answer = g_string_new ("[");

  ingest_calls (f, calls);
  g_assert_true (wait_for (field_is, f, &(Expect){ "general", "waiting", "12" }, 10000));
  g_assert_true (wait_for (field_is, f, &(Expect){ NULL, "waiting", "12" }, 2000));
  g_assert_true (wait_for (alert_shown, f, "⚠ RED — general", 5000));
  g_assert_cmpstr (tile_field (f, "general", "alert"), ==, "⚠ RED ALERT");
  /* The longest wait ticks from its start: 200 s or more, shown m:ss. */
  g_assert_true (g_str_has_prefix (tile_field (f, "general", "longest-wait"), "3:"));
  g_assert_cmpstr (tile_field (f, "general", "service-level"), ==, "—");

  /* Answer one (it waited 200 s), the other eleven give up: the alert clears. */
  g_string_append_printf (answer,
                          "{\"time\":%" G_GINT64_FORMAT ",\"event\":\"CONNECT\","
                          "\"queue\":\"general\",\"callid\":\"c0\",\"agent\":\"A1\"}",
                          now);
  for (int i = 1; i < 12; i++)
    g_string_append_printf (answer,
                            ",{\"time\":%" G_GINT64_FORMAT ",\"event\":\"ABANDON\","
                            "\"queue\":\"general\",\"callid\":\"c%d\"}",
                            now, i);
  g_string_append_c (answer, ']');
  ingest_calls (f, answer->str);
  g_string_free (answer, TRUE);
  g_assert_true (wait_for (field_is, f, &(Expect){ "general", "waiting", "0" }, 10000));
  g_assert_true (wait_for (no_alert, f, NULL, 5000));
  g_assert_cmpstr (tile_field (f, "general", "today"), ==,
                   "Today: offered 12 · answered 1 · abandoned 11");
  g_assert_cmpstr (tile_field (f, "general", "service-level"), ==, "0.0 %");
  g_assert_cmpstr (tile_field (f, "general", "abandon-rate"), ==, "91.7 %");
  g_assert_cmpstr (tile_field (f, "general", "asa"), ==, "200 s");
}

static gboolean
last_seq_is (Fixture *f, gconstpointer data)
{
  return sn_console_model_get_last_seq (sn_context_get_model (f->context))
         == *(const gint64 *) data;
}

static gint64
hub_head (Fixture *f)
{
  g_autofree char *url = g_strconcat (f->hub->url, "/healthz", NULL);
  g_autoptr (JsonNode) root = sn_test_http_json ("GET", url, NULL, NULL, NULL, NULL);

  return json_object_get_int_member (json_node_get_object (root), "head");
}

static void
test_reconnect (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *first = g_strdup_printf ("[{\"time\":%" G_GINT64_FORMAT ",\"event\":"
                                            "\"AGENTLOGIN\",\"queue\":\"housing\",\"agent\":"
                                            "\"B1\"}]",
                                            now);
  g_autofree char *during = NULL;
  gint64 head;

  ingest_calls (f, first);
  head = hub_head (f);
  g_assert_true (wait_for (last_seq_is, f, &head, 10000));

  sn_test_hub_kill (f->hub);
  g_assert_true (wait_for (status_starts_with, f, "Reconnecting", 10000));
  /* The window keeps the last state, marked stale. */
  g_assert_true (sn_overview_page_is_stale (SN_OVERVIEW_PAGE (sn_window_get_overview (f->window))));
  g_assert_cmpstr (tile_field (f, "housing", "agents"), ==,
                   "Available 1 · On call 0 · Wrap-up 0 · Offline 0");

  sn_test_hub_start (f->hub);
  during = g_strdup_printf ("[{\"time\":%" G_GINT64_FORMAT ",\"event\":\"ENTERQUEUE\","
                            "\"queue\":\"housing\",\"callid\":\"h1\"},{\"time\":%" G_GINT64_FORMAT
                            ",\"event\":\"ENTERQUEUE\",\"queue\":\"housing\",\"callid\":\"h2\"}]",
                            now + 1, now + 2);
  ingest_calls (f, during); /* may land before the console is back: resume must bring it */
  g_assert_true (wait_for (status_starts_with, f, "Live", 15000));
  head = hub_head (f);
  g_assert_true (wait_for (last_seq_is, f, &head, 10000));
  g_assert_true (wait_for (field_is, f, &(Expect){ "housing", "waiting", "2" }, 5000));
  g_assert_false (
      sn_overview_page_is_stale (SN_OVERVIEW_PAGE (sn_window_get_overview (f->window))));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_resources_register (sn_console_get_resource ());
  g_test_add ("/overview/tiles-and-alert", Fixture, NULL, fixture_setup, test_tiles_and_alert,
              fixture_teardown);
  g_test_add ("/overview/reconnect", Fixture, NULL, fixture_setup, test_reconnect,
              fixture_teardown);
  return g_test_run ();
}
