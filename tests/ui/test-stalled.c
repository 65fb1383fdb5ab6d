/* test-stalled.c — the Stalled page against a real hub under Xvfb: the list holds exactly
 * the work orders the hub reports stalled, for every reason
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sn-console-resources.h"
#include "sn-protocol.h"
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

typedef struct
{
  SnTestHub *hub;
  char *admin;
  char *supervisor;
  SnContext *context;
  SnWindow *window;
  SnStalledPage *page;
} Fixture;

static void
setup (Fixture *f)
{
  g_autofree char *ingest = NULL;
  g_autofree char *url = NULL;
  g_autofree char *body = requests (g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  f->hub = sn_test_hub_new (NULL);
  ingest = sn_test_hub_token (f->hub, "ingest", "feed", NULL);
  f->admin = sn_test_hub_token (f->hub, "admin", "auditor", NULL);
  f->supervisor = sn_test_hub_token (f->hub, "supervisor", "Wang Li", NULL);
  url = g_strconcat (f->hub->url, "/v1/ingest/requests", NULL);
  g_assert_cmpuint (sn_test_http ("POST", url, ingest, body, NULL, NULL), ==, 200);
  f->context = sn_context_new (settings);
  f->window = sn_window_new (NULL, f->context);
  f->page = SN_STALLED_PAGE (sn_window_get_stalled (f->window));
  gtk_window_present (GTK_WINDOW (f->window));
  sn_context_connect (f->context, f->hub->url, f->supervisor);
  for (int i = 0;
       i < 200 && sn_console_model_get_n_tickets (sn_context_get_model (f->context)) < 60; i++)
    iterate (50);
}

static void
teardown (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->context);
  sn_test_hub_free (f->hub);
  g_free (f->admin);
  g_free (f->supervisor);
}

static gint64
version_of (Fixture *f, const char *id)
{
  const SnTicketView *v = sn_console_model_lookup_ticket (sn_context_get_model (f->context), id);

  return v ? v->ticket->version : -1;
}

static gboolean
wait_version (Fixture *f, const char *id, gint64 version)
{
  for (int i = 0; i < 200 && version_of (f, id) != version; i++)
    iterate (25);
  return version_of (f, id) == version;
}

static guint
audit_count (Fixture *f, const char *needle)
{
  g_autofree char *url = g_strconcat (f->hub->url, "/v1/audit?limit=1000", NULL);
  g_autofree char *body = NULL;
  guint n = 0;

  sn_test_http ("GET", url, f->admin, NULL, NULL, &body);
  for (const char *p = body; (p = strstr (p, needle)) != NULL; p++)
    n++;
  return n;
}

static SnCommand *
reassign (const char *reason, const char *unit)
{
  SnCommand *c = g_new0 (SnCommand, 1);

  c->action = SN_ACTION_REASSIGN;
  c->reason = g_strdup (reason);
  c->units = g_new0 (char *, 2);
  c->units[0] = g_strdup (unit);
  return c;
}

/* A reassignment through the page lands in the hub's audit log with its reason. */
static void
test_reassign_audited (void)
{
  Fixture f = { 0 };
  SnStalledList *list;
  g_autofree char *id = NULL;
  g_autoptr (SnCommand) c = reassign ("wrong unit: the permit is the bureau's", "区住建委");
  gint64 before;

  setup (&f);
  list = sn_stalled_page_get_list (f.page);
  id = g_strdup (sn_stalled_list_get_ticket_id (list, 0));
  before = version_of (&f, id);
  g_assert_true (sn_stalled_page_select (f.page, id));
  sn_stalled_page_send (f.page, c);
  g_assert_true (wait_version (&f, id, before + 1));
  g_assert_cmpuint (audit_count (&f, "wrong unit: the permit is the bureau's"), ==, 1);
  teardown (&f);
}

/* Someone changes the work order over REST before the supervisor's command arrives: the
 * page shows the conflict, and nothing is overwritten. */
static void
test_conflict_view (void)
{
  Fixture f = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *url = NULL;
  g_autoptr (SnCommand) c = reassign ("send it to the street office", "街道办事处");
  const char *headers[] = { "Idempotency-Key", "rest-1", "If-Match", NULL, NULL };
  g_autofree char *match = NULL;
  gint64 before;

  setup (&f);
  id = g_strdup (sn_stalled_list_get_ticket_id (sn_stalled_page_get_list (f.page), 0));
  before = version_of (&f, id);
  g_assert_true (sn_stalled_page_select (f.page, id));
  /* The other change, by REST, while the supervisor is deciding. */
  match = g_strdup_printf ("\"%lld\"", (long long) before);
  headers[3] = match;
  url = g_strdup_printf ("%s/v1/tickets/%s/commands", f.hub->url, id);
  g_assert_cmpuint (sn_test_http ("POST", url, f.supervisor,
                                  "{\"action\":\"note\",\"reason\":\"called the unit\"}", headers,
                                  NULL),
                    ==, 200);
  /* The command is built on the version the page showed. */
  {
    const SnTicketView *v = sn_console_model_lookup_ticket (sn_context_get_model (f.context), id);

    g_assert_cmpint (v->ticket->version, ==, before);
    sn_stalled_page_send (f.page, c);
  }
  for (int i = 0; i < 200 && sn_stalled_page_get_last_conflict (f.page) == NULL; i++)
    iterate (25);
  g_assert_cmpstr (sn_stalled_page_get_last_conflict (f.page), ==, id);
  g_assert_cmpuint (audit_count (&f, "send it to the street office"), ==, 1); /* refused, audited */
  g_assert_true (wait_version (&f, id, before + 1)); /* only the REST note applied */
  teardown (&f);
}

/* Sent while the hub is down, applied exactly once when it is back. */
static void
test_offline_command (void)
{
  Fixture f = { 0 };
  g_autofree char *id = NULL;
  g_autoptr (SnCommand) c = reassign ("hub was down when I decided", "区城管执法局");
  gint64 before;

  setup (&f);
  id = g_strdup (sn_stalled_list_get_ticket_id (sn_stalled_page_get_list (f.page), 0));
  before = version_of (&f, id);
  g_assert_true (sn_stalled_page_select (f.page, id));
  sn_test_hub_kill (f.hub);
  for (int i = 0;
       i < 200 && sn_client_get_state (sn_context_get_client (f.context)) == SN_CLIENT_LIVE; i++)
    iterate (25);
  sn_stalled_page_send (f.page, c);
  g_assert_true (sn_client_get_pending (sn_context_get_client (f.context), id));
  sn_test_hub_start (f.hub);
  g_assert_true (wait_version (&f, id, before + 1));
  iterate (500);
  g_assert_cmpint (version_of (&f, id), ==, before + 1);
  g_assert_cmpuint (audit_count (&f, "hub was down when I decided"), ==, 1);
  g_assert_false (sn_client_get_pending (sn_context_get_client (f.context), id));
  teardown (&f);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_resources_register (sn_console_get_resource ());
  g_test_add_func ("/stalled/matches-hub", test_matches_hub);
  g_test_add_func ("/stalled/reassign-audited", test_reassign_audited);
  g_test_add_func ("/stalled/conflict-view", test_conflict_view);
  g_test_add_func ("/stalled/offline-command", test_offline_command);
  return g_test_run ();
}
