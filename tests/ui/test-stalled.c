/* test-stalled.c — the Stalled page against a real hub under Xvfb: the list holds exactly
 * the work orders the hub reports stalled, for every reason; column headers sort it; the
 * action dialog, driven as a supervisor drives it, lands in the hub's audit log
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sn-action-dialog.h"
#include "sn-column-sorter.h"
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

/* ── the action dialog, as a supervisor uses it ────────────────────────────────── */

static void
collect_named (GtkWidget *widget, const char *name, GPtrArray *found)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_named (child, name, found);
}

static GtkWidget *
find_named (gpointer root, const char *name)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  collect_named (root, name, found);
  return found->len > 0 ? found->pdata[0] : NULL;
}

/* The action dialog shown over the window (it has a reason field; the conflict view has
 * not), or NULL. */
static AdwMessageDialog *
shown_action_dialog (Fixture *f)
{
  GListModel *windows = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (windows, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (w) == GTK_WINDOW (f->window)
          && gtk_widget_get_visible (GTK_WIDGET (w))
          && find_named (w, SN_ACTION_DIALOG_REASON) != NULL)
        return ADW_MESSAGE_DIALOG (w); /* the toplevels list keeps it */
    }
  return NULL;
}

/* Runs the page's action @name (Alt+R and friends) and returns the dialog it opens. */
static AdwMessageDialog *
open_dialog (Fixture *f, const char *name)
{
  AdwMessageDialog *dialog = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), name, NULL));
  for (int i = 0; i < 100 && (dialog = shown_action_dialog (f)) == NULL; i++)
    iterate (20);
  g_assert_nonnull (dialog);
  return dialog;
}

/* Types @search into the unit picker and ticks @unit among what it lists. */
static void
pick_unit (AdwMessageDialog *dialog, const char *search, const char *unit)
{
  GtkWidget *entry = find_named (dialog, SN_ACTION_DIALOG_UNIT_SEARCH);
  GtkWidget *check = NULL;

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), search);
  /* The search entry waits a moment before it searches. */
  for (int i = 0; i < 100 && check == NULL; i++)
    {
      g_autoptr (GPtrArray) checks = g_ptr_array_new ();

      iterate (20);
      collect_named (GTK_WIDGET (dialog), SN_ACTION_DIALOG_UNIT, checks);
      for (guint k = 0; k < checks->len; k++)
        if (g_strcmp0 (g_object_get_data (checks->pdata[k], "unit"), unit) == 0)
          check = checks->pdata[k];
    }
  g_assert_nonnull (check);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_widget_activate (check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
}

/* Enter: the default response, "Send"; the dialog closes. */
static void
confirm (Fixture *f, AdwMessageDialog *dialog)
{
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "apply");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL));
  for (int i = 0; i < 100 && shown_action_dialog (f) != NULL; i++)
    iterate (20);
  g_assert_null (shown_action_dialog (f));
}

/* The hub's audit entries with @reason. */
static JsonArray *
audited (Fixture *f, const char *reason)
{
  g_autofree char *url = g_strconcat (f->hub->url, "/v1/audit?limit=1000", NULL);
  g_autoptr (JsonNode) root = sn_test_http_json ("GET", url, f->admin, NULL, NULL, NULL);
  JsonArray *all = json_object_get_array_member (json_node_get_object (root), "audit");
  JsonArray *matching = json_array_new ();

  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      JsonObject *entry = json_array_get_object_element (all, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "reason", ""), reason) == 0)
        json_array_add_element (matching, json_node_copy (json_array_get_element (all, i)));
    }
  return matching;
}

/* Reassign through the dialog: select, Alt+R, type a reason, search and tick a unit, Enter. */
static void
test_dialog_reassign (void)
{
  const char *reason = "the permit belongs to the housing bureau";
  const char *unit;
  Fixture f = { 0 };
  g_autofree char *id = NULL;
  g_autoptr (JsonArray) entries = NULL;
  AdwMessageDialog *dialog;
  const SnTicketView *v;
  JsonObject *entry;
  gint64 before;

  setup (&f);
  id = g_strdup (sn_stalled_list_get_ticket_id (sn_stalled_page_get_list (f.page), 0));
  before = version_of (&f, id);
  g_assert_true (sn_stalled_page_select (f.page, id));
  /* Another of the units the work orders have (u0 … u6), found by searching "u". */
  v = sn_console_model_lookup_ticket (sn_context_get_model (f.context), id);
  unit = g_strcmp0 (v->ticket->units[0], "u0") != 0 ? "u0" : "u1";
  dialog = open_dialog (&f, "stalled.reassign");
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), id));
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, SN_ACTION_DIALOG_REASON)), reason);
  pick_unit (dialog, "U", unit);
  confirm (&f, dialog);
  g_assert_true (wait_version (&f, id, before + 1));
  iterate (300);
  g_assert_cmpint (version_of (&f, id), ==, before + 1); /* once */
  entries = audited (&f, reason);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  entry = json_array_get_object_element (entries, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "reassign");
  g_assert_cmpstr (json_object_get_string_member (entry, "ticket"), ==, id);
  v = sn_console_model_lookup_ticket (sn_context_get_model (f.context), id);
  g_assert_cmpuint (g_strv_length (v->ticket->units), ==, 1);
  g_assert_cmpstr (v->ticket->units[0], ==, unit);
  teardown (&f);
}

/* The work order changes over REST while the dialog is open (and the console sees it): the
 * command is built on what the supervisor saw, so the hub refuses it and the page shows the
 * conflict. */
static void
test_dialog_conflict (void)
{
  const char *reason = "decided before the note arrived";
  const char *headers[] = { "Idempotency-Key", "rest-2", "If-Match", NULL, NULL };
  Fixture f = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *url = NULL;
  g_autofree char *match = NULL;
  g_autoptr (JsonArray) entries = NULL;
  AdwMessageDialog *dialog;
  gint64 before;

  setup (&f);
  id = g_strdup (sn_stalled_list_get_ticket_id (sn_stalled_page_get_list (f.page), 0));
  before = version_of (&f, id);
  g_assert_true (sn_stalled_page_select (f.page, id));
  dialog = open_dialog (&f, "stalled.reassign");
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, SN_ACTION_DIALOG_REASON)), reason);
  pick_unit (dialog, "街道办事处", "街道办事处"); /* typed in full: no work orders yet */
  match = g_strdup_printf ("\"%lld\"", (long long) before);
  headers[3] = match;
  url = g_strdup_printf ("%s/v1/tickets/%s/commands", f.hub->url, id);
  g_assert_cmpuint (sn_test_http ("POST", url, f.supervisor,
                                  "{\"action\":\"note\",\"reason\":\"called the unit\"}", headers,
                                  NULL),
                    ==, 200);
  g_assert_true (wait_version (&f, id, before + 1)); /* shown while the dialog is open */
  g_assert_true (shown_action_dialog (&f) == dialog);
  g_assert_null (sn_stalled_page_get_last_conflict (f.page));
  confirm (&f, dialog);
  for (int i = 0; i < 200 && sn_stalled_page_get_last_conflict (f.page) == NULL; i++)
    iterate (25);
  g_assert_cmpstr (sn_stalled_page_get_last_conflict (f.page), ==, id);
  entries = audited (&f, reason);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1); /* refused, audited */
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (entries, 0), "ticket"), ==, id);
  iterate (300);
  g_assert_cmpint (version_of (&f, id), ==, before + 1); /* only the REST note applied */
  teardown (&f);
}

static GtkWidget *
find_type (GtkWidget *widget, const char *type_name)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), type_name))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A bulk note on two selected rows: the dialog says how many, and each gets one. */
static void
test_dialog_bulk (void)
{
  const char *reason = "both units called, replies promised today";
  Fixture f = { 0 };
  SnStalledList *list;
  GtkSelectionModel *selection;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr (JsonArray) entries = NULL;
  AdwMessageDialog *dialog;
  gint64 first_before, second_before;

  setup (&f);
  list = sn_stalled_page_get_list (f.page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 2);
  first = g_strdup (sn_stalled_list_get_ticket_id (list, 0));
  second = g_strdup (sn_stalled_list_get_ticket_id (list, 1));
  first_before = version_of (&f, first);
  second_before = version_of (&f, second);
  selection = gtk_column_view_get_model (
      GTK_COLUMN_VIEW (find_type (GTK_WIDGET (f.page), "GtkColumnView")));
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 1, FALSE);
  dialog = open_dialog (&f, "stalled.note");
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "2"));
  g_assert_null (find_named (dialog, SN_ACTION_DIALOG_UNIT_SEARCH)); /* a note names no unit */
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, SN_ACTION_DIALOG_REASON)), reason);
  confirm (&f, dialog);
  g_assert_true (wait_version (&f, first, first_before + 1));
  g_assert_true (wait_version (&f, second, second_before + 1));
  entries = audited (&f, reason);
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *ticket = json_object_get_string_member (
          json_array_get_object_element (entries, i), "ticket");

      g_assert_true (g_str_equal (ticket, first) || g_str_equal (ticket, second));
    }
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (entries, 0), "ticket"), !=,
      json_object_get_string_member (json_array_get_object_element (entries, 1), "ticket"));
  teardown (&f);
}

/* ── sorting by the column headers ─────────────────────────────────────────────── */

/* What a header click does to the view's sorter: the column first, ascending, or a click on
 * the first column again, inverted. GTK 4.8's title reads the pointer button of a real event,
 * so a test cannot click it; it changes the same sorter the click changes, through the view's
 * public API, and the page finds out the same way: the sorter's "changed". */
static void
click_header (GtkWidget *view, guint position, GtkSortType direction)
{
  g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (
      gtk_column_view_get_columns (GTK_COLUMN_VIEW (view)), position);

  g_assert_nonnull (gtk_column_view_column_get_sorter (column));
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (view), column, direction);
}

static void
assert_sorted (SnStalledPage *page, SnStalledColumn column, gboolean descending)
{
  GtkWidget *view = find_type (GTK_WIDGET (page), "GtkColumnView");
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  SnStalledColumn list_column;
  gboolean list_descending, header_descending;
  guint header_column;

  sn_stalled_list_get_sort (sn_stalled_page_get_list (page), &list_column, &list_descending);
  g_assert_cmpint (list_column, ==, column);
  g_assert_cmpint (list_descending, ==, descending);
  g_assert_cmpuint (
      gtk_drop_down_get_selected (GTK_DROP_DOWN (find_type (GTK_WIDGET (page), "GtkDropDown"))), ==,
      column);
  if (column == SN_STALLED_COLUMN_URGENCY)
    g_assert_false (sn_column_sorter_find_primary (
        gtk_column_view_get_sorter (GTK_COLUMN_VIEW (view)), &header_column, &header_descending));
  else
    {
      g_assert_true (sn_column_sorter_find_primary (
          gtk_column_view_get_sorter (GTK_COLUMN_VIEW (view)), &header_column, &header_descending));
      g_assert_cmpuint (header_column, ==, column);
      g_assert_cmpint (header_descending, ==, descending);
    }
  g_assert_cmpuint (g_settings_get_uint (settings, "stalled-sort"), ==, column);
  g_assert_cmpint (g_settings_get_boolean (settings, "stalled-descending"), ==, descending);
}

/* Rows in the list's order by bounce count, for @descending. */
static void
assert_bounce_order (Fixture *f, gboolean descending)
{
  SnStalledList *list = sn_stalled_page_get_list (f->page);
  GtkWidget *view = find_type (GTK_WIDGET (f->page), "GtkColumnView");
  GListModel *shown = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  int last = descending ? G_MAXINT : G_MININT;

  g_assert_cmpuint (g_list_model_get_n_items (shown), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (list)));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      const SnTicketView *v = sn_console_model_lookup_ticket (
          sn_context_get_model (f->context), sn_stalled_list_get_ticket_id (list, i));
      g_autoptr (SnStalledItem) item = g_list_model_get_item (shown, i);

      /* The view shows the list's own rows, in the list's order. */
      g_assert_cmpstr (sn_stalled_item_get_id (item), ==, v->ticket->service_request_id);
      g_assert_true (descending ? v->ticket->bounce_count <= last
                                : v->ticket->bounce_count >= last);
      last = v->ticket->bounce_count;
    }
}

/* Positions of two of the view's columns (ID, category, place, units, state, reasons, time
 * left, bounces, tier, …). */
enum { BOUNCES = 7, TIER = 8 };

static void
test_header_sort (void)
{
  Fixture f = { 0 };
  GtkWidget *view, *sort;

  setup (&f);
  iterate (200);
  view = find_type (GTK_WIDGET (f.page), "GtkColumnView");
  sort = find_type (GTK_WIDGET (f.page), "GtkDropDown");
  assert_sorted (f.page, SN_STALLED_COLUMN_URGENCY, FALSE); /* the default: most urgent */
  click_header (view, BOUNCES, GTK_SORT_ASCENDING);
  assert_sorted (f.page, SN_STALLED_COLUMN_BOUNCES, FALSE);
  assert_bounce_order (&f, FALSE);
  click_header (view, BOUNCES, GTK_SORT_DESCENDING);
  assert_sorted (f.page, SN_STALLED_COLUMN_BOUNCES, TRUE);
  assert_bounce_order (&f, TRUE);
  click_header (view, TIER, GTK_SORT_ASCENDING);
  assert_sorted (f.page, SN_STALLED_COLUMN_TIER, FALSE);
  /* The drop-down moves the header's arrow; the direction toggle keeps its state. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sort), SN_STALLED_COLUMN_DISTRICT);
  assert_sorted (f.page, SN_STALLED_COLUMN_DISTRICT, FALSE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sort), SN_STALLED_COLUMN_URGENCY);
  assert_sorted (f.page, SN_STALLED_COLUMN_URGENCY, FALSE);
  click_header (view, BOUNCES, GTK_SORT_ASCENDING);
  assert_sorted (f.page, SN_STALLED_COLUMN_BOUNCES, FALSE);
  teardown (&f);

  /* Kept across a restart (the settings backend outlives the window). */
  setup (&f);
  assert_sorted (f.page, SN_STALLED_COLUMN_BOUNCES, FALSE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_type (GTK_WIDGET (f.page), "GtkDropDown")),
                              SN_STALLED_COLUMN_URGENCY);
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
  g_test_add_func ("/stalled/dialog-reassign", test_dialog_reassign);
  g_test_add_func ("/stalled/dialog-conflict", test_dialog_conflict);
  g_test_add_func ("/stalled/dialog-bulk", test_dialog_bulk);
  g_test_add_func ("/stalled/header-sort", test_header_sort);
  return g_test_run ();
}
