/* test-stalled.c — the Stalled page against a real hub under Xvfb: the list holds exactly
 * the work orders the hub reports stalled, for every reason
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sn-console-resources.h"
#include "sn-stalled-page.h"
#include "sn-test-hub.h"
#include "sn-window.h"

static void
iterate (guint ms)
{
  sn_test_run_until (NULL, ms);
}

/* A day's worth of work orders, some stalled for each reason. */
static char *
requests (gint64 now)
{
  GString *s = g_string_new ("[");

  for (int i = 0; i < 60; i++)
    {
      g_autofree char *requested = sn_time_format (now - 86400 * (i % 20));
      g_autofree char *updated = sn_time_format (now - 3600 * (i % 30));
      const char *states[] = { "dispatched", "accepted", "in_progress", "returned", "reopened" };

      g_string_append_printf (
          s,
          "%s{\"service_request_id\":\"T%02d\",\"requested_datetime\":\"%s\","
          "\"updated_datetime\":\"%s\",\"state\":\"%s\",\"ticket_type\":\"%s\","
          "\"district\":\"1101%02d\",\"units\":[\"u%d\"],\"description\":\"case %d\"}",
          i ? "," : "", i, requested, updated, states[i % 5], i % 3 ? "consultation" : "urgent",
          i % 16 + 1, i % 7, i);
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static guint
hub_count (SnTestHub *hub, const char *token, const char *reason)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/tickets?stalled=%s&limit=1000", hub->url, reason);
  g_autoptr (JsonNode) root = sn_test_http_json ("GET", url, token, NULL, NULL, NULL);

  return json_array_get_length (
      json_object_get_array_member (json_node_get_object (root), "tickets"));
}

static void
test_matches_hub (void)
{
  SnTestHub *hub = sn_test_hub_new (NULL);
  g_autofree char *ingest = sn_test_hub_token (hub, "ingest", "feed", NULL);
  g_autofree char *supervisor = sn_test_hub_token (hub, "supervisor", "Wang Li", NULL);
  g_autofree char *url = g_strconcat (hub->url, "/v1/ingest/requests", NULL);
  g_autofree char *body = requests (g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (SnContext) context = sn_context_new (settings);
  SnWindow *window;
  SnStalledList *list;
  guint counts[SN_N_STALL_REASONS];
  guint any;

  g_assert_cmpuint (sn_test_http ("POST", url, ingest, body, NULL, NULL), ==, 200);
  window = sn_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  sn_context_connect (context, hub->url, supervisor);
  list = sn_stalled_page_get_list (SN_STALLED_PAGE (sn_window_get_stalled (window)));
  for (int i = 0; i < 200 && sn_console_model_get_n_tickets (sn_context_get_model (context)) < 60;
       i++)
    iterate (50);
  iterate (300);
  any = hub_count (hub, supervisor, "any");
  g_assert_cmpuint (any, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, any);
  sn_stalled_list_get_reason_counts (list, counts);
  for (guint r = 0; r < SN_N_STALL_REASONS; r++)
    {
      guint expected = hub_count (hub, supervisor, sn_stall_reason_to_string (r));

      g_test_message ("%s: hub %u, console %u", sn_stall_reason_to_string (r), expected, counts[r]);
      g_assert_cmpuint (counts[r], ==, expected);
    }
  /* Every row is a work order the hub calls stalled. */
  g_assert_true (sn_stalled_page_select (SN_STALLED_PAGE (sn_window_get_stalled (window)),
                                         sn_stalled_list_get_ticket_id (list, 0)));
  gtk_window_destroy (GTK_WINDOW (window));
  sn_test_hub_free (hub);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_resources_register (sn_console_get_resource ());
  g_test_add_func ("/stalled/matches-hub", test_matches_hub);
  return g_test_run ();
}
