/* test-hub-commands.c — supervisor commands over the stream against data/protocol/README.md:
 * each action, fan-out by scope, exactly-once ids, conflicts, refusals, audit, rate limit
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-test-hub.h"

typedef struct
{
  SnTestHub *hub;
  char *supervisor, *supervisor2, *official_cy, *official_hd, *manager, *admin, *ingest;
} Fixture;

static void
ingest_ok (Fixture *f, const char *body, gint64 applied)
{
  g_autoptr (JsonObject) report = sn_test_ingest (f->hub, f->ingest, "requests", body);

  g_assert_cmpint (json_object_get_int_member (report, "rejected"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (report, "applied"), ==, applied);
}

static void
ingest_one (Fixture *f, const char *id, const char *district, const char *state, const char *units,
            const char *extra)
{
  g_autofree char *record = sn_test_request_json (id, district, state, units, extra);
  g_autofree char *body = g_strdup_printf ("[%s]", record);

  ingest_ok (f, body, 1);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->hub = sn_test_hub_new (data);
  f->supervisor = sn_test_hub_token (f->hub, "supervisor", "王丽", NULL);
  f->supervisor2 = sn_test_hub_token (f->hub, "supervisor", "李明", NULL);
  f->official_cy = sn_test_hub_token (f->hub, "official", "朝阳区政府", "110105");
  f->official_hd = sn_test_hub_token (f->hub, "official", "海淀区政府", "110108");
  f->manager = sn_test_hub_token (f->hub, "manager", "张经理", NULL);
  f->admin = sn_test_hub_token (f->hub, "admin", "系统管理员", NULL);
  f->ingest = sn_test_hub_token (f->hub, "ingest", "feed", NULL);
  ingest_one (f, "T-CY-1", "110105", "dispatched", "朝阳区城管执法局", NULL);
  ingest_one (f, "T-CY-2", "110105", "dispatched", "朝阳区城管执法局,朝阳区住建委", NULL);
  ingest_one (f, "T-URG-1", "110105", "dispatched", "朝阳区城管执法局",
              "\"ticket_type\": \"urgent\"");
  ingest_one (f, "T-HD-1", "110108", "dispatched", "海淀区城管执法局", NULL);
  ingest_one (f, "T-CLOSED", "110105", "closed", "朝阳区城管执法局", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sn_test_hub_free (f->hub);
  g_free (f->supervisor);
  g_free (f->supervisor2);
  g_free (f->official_cy);
  g_free (f->official_hd);
  g_free (f->manager);
  g_free (f->admin);
  g_free (f->ingest);
}

static gint64
version_of (Fixture *f, const char *id)
{
  g_autoptr (JsonObject) t = sn_test_get_ticket (f->hub, f->supervisor, id);

  return json_object_get_int_member (t, "version");
}

static char *
new_id (void)
{
  return g_uuid_string_random ();
}

/* Two sentinel tickets, one per district, are ingested after everything else; once each
 * client has the ones it may see (@districts[i]: its district, NULL for all), nothing else
 * may be queued: nothing was sent that should not have been. */
static void
assert_nothing_more (Fixture *f, SnTestClient **clients, const char *const *districts, guint n)
{
  static guint serial;
  g_autofree char *cy = g_strdup_printf ("SENTINEL-CY-%u", serial);
  g_autofree char *hd = g_strdup_printf ("SENTINEL-HD-%u", serial++);
  g_autofree char *r1 = sn_test_request_json (cy, "110105", "received", NULL, NULL);
  g_autofree char *r2 = sn_test_request_json (hd, "110108", "received", NULL, NULL);
  g_autofree char *body = g_strdup_printf ("[%s, %s]", r1, r2);

  ingest_ok (f, body, 2);
  for (guint i = 0; i < n; i++)
    {
      const char *d = districts != NULL ? districts[i] : NULL;
      g_autoptr (JsonObject) e1 = NULL;
      g_autoptr (JsonObject) e2 = NULL;

      if (d == NULL || g_str_equal (d, "110105"))
        g_assert_nonnull ((e1 = sn_test_client_take_ticket_event (clients[i], cy, 5000)));
      if (d == NULL || g_str_equal (d, "110108"))
        g_assert_nonnull ((e2 = sn_test_client_take_ticket_event (clients[i], hd, 5000)));
      g_assert_cmpuint (sn_test_client_pending (clients[i]), ==, 0);
    }
}

/* ── each action, and who hears of it ──────────────────────────────────────────── */

typedef struct
{
  const char *action;
  const char *extra;
  const char *history_kind;
} Step;

static void
check_payload (const Step *step, JsonObject *p, const char *due, const char *deadline)
{
  JsonArray *units = json_object_get_array_member (p, "units");

  if (g_str_equal (step->action, "reassign"))
    {
      g_assert_cmpuint (json_array_get_length (units), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (units, 0), ==, "朝阳区住建委");
      g_assert_cmpstr (json_object_get_string_member (p, "agency_responsible"), ==, "朝阳区住建委");
      g_assert_cmpstr (json_object_get_string_member (p, "state"), ==, "dispatched");
    }
  else if (g_str_equal (step->action, "add_unit"))
    {
      g_assert_cmpuint (json_array_get_length (units), ==, 2);
      g_assert_cmpstr (json_array_get_string_element (units, 0), ==, "朝阳区住建委");
      g_assert_cmpstr (json_array_get_string_element (units, 1), ==, "望京街道办事处");
    }
  else if (g_str_equal (step->action, "escalate") && step->extra == NULL)
    g_assert_cmpint (json_object_get_int_member (p, "tier"), ==, 1);
  else if (g_str_equal (step->action, "escalate"))
    {
      g_assert_cmpint (json_object_get_int_member (p, "tier"), ==, 2);
      g_assert_cmpstr (json_object_get_string_member (p, "escalation_due"), ==, due);
    }
  else if (g_str_equal (step->action, "extend"))
    {
      /* An urgent work order runs on the wall clock: the new deadline exactly. */
      g_assert_cmpstr (json_object_get_string_member (p, "expected_datetime"), ==, deadline);
      g_assert_cmpint (json_object_get_int_member (p, "extension_seconds"), ==, 2 * 86400);
    }
}

static void
test_actions (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTestClient) a = sn_test_client_open_live (f->hub, f->supervisor, NULL, NULL);
  g_autoptr (SnTestClient) b = sn_test_client_open_live (f->hub, f->supervisor2, NULL, NULL);
  g_autoptr (SnTestClient) cy = sn_test_client_open_live (f->hub, f->official_cy, NULL, NULL);
  g_autoptr (SnTestClient) hd = sn_test_client_open_live (f->hub, f->official_hd, NULL, NULL);
  SnTestClient *hearers[] = { a, b, cy };
  SnTestClient *all[] = { a, b, cy, hd };
  const char *scopes[] = { NULL, NULL, "110105", "110108" };
  g_autoptr (JsonObject) before = sn_test_get_ticket (f->hub, f->supervisor, "T-URG-1");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 deadline = sn_test_parse_time (
      json_object_get_string_member (before, "expected_datetime"));
  g_autofree char *due = sn_test_time (now + 3 * 86400);
  g_autofree char *new_deadline = sn_test_time (deadline + 2 * 86400);
  g_autofree char *same_deadline = sn_test_time (deadline);
  g_autofree char *due_extra = g_strdup_printf ("\"due\": \"%s\"", due);
  g_autofree char *deadline_extra = g_strdup_printf ("\"deadline\": \"%s\"", new_deadline);
  g_autofree char *same_extra = g_strdup_printf ("\"deadline\": \"%s\"", same_deadline);
  const Step steps[] = {
    { "reassign", "\"units\": [\"朝阳区住建委\"]", "transferred" },
    { "add_unit", "\"units\": [\"望京街道办事处\"]", "unit_added" },
    { "escalate", NULL, "escalated" },
    { "escalate", due_extra, "escalated" },
    { "extend", deadline_extra, "extended" },
    { "note", NULL, "note" },
  };
  gint64 v = json_object_get_int_member (before, "version");
  guint history_before = json_array_get_length (json_object_get_array_member (before, "history"));
  g_autoptr (JsonObject) after = NULL;
  JsonArray *history;

  g_assert_cmpint (v, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *id = new_id ();
      g_autofree char *reason = g_strdup_printf ("理由 %u: %s", i, steps[i].action);
      g_autoptr (JsonObject) ack = NULL;

      if (i == 3)
        {
          /* 督办 (tier 2) needs a due date: refused without one, and nothing changes. */
          g_autofree char *bad = new_id ();
          g_autoptr (JsonObject)
              refused = sn_test_client_command (a, bad, "T-URG-1", "escalate", v, "no due", NULL);
          sn_test_assert_ack (refused, bad, FALSE, v, "invalid");
        }
      if (i == 4)
        {
          /* The new deadline must be later than the current one. */
          g_autofree char *bad = new_id ();
          g_autoptr (JsonObject)
              refused = sn_test_client_command (a, bad, "T-URG-1", "extend", v, "same", same_extra);
          sn_test_assert_ack (refused, bad, FALSE, v, "invalid");
        }
      ack = sn_test_client_command (a, id, "T-URG-1", steps[i].action, v, reason, steps[i].extra);
      sn_test_assert_ack (ack, id, TRUE, v + 1, NULL);
      v++;
      for (guint c = 0; c < G_N_ELEMENTS (hearers); c++)
        {
          g_autoptr (JsonObject) e = sn_test_client_take_ticket_event (hearers[c], "T-URG-1", 5000);
          JsonObject *p;

          g_assert_nonnull (e);
          p = json_object_get_object_member (e, "payload");
          g_assert_cmpint (json_object_get_int_member (p, "version"), ==, v);
          check_payload (&steps[i], p, due, new_deadline);
        }
    }
  /* One event per change, to each console allowed to see it; none to another district. */
  assert_nothing_more (f, all, scopes, G_N_ELEMENTS (all));

  after = sn_test_get_ticket (f->hub, f->supervisor, "T-URG-1");
  g_assert_cmpint (json_object_get_int_member (after, "version"), ==, v);
  history = json_object_get_array_member (after, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, history_before + G_N_ELEMENTS (steps));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      JsonObject *h = json_array_get_object_element (history, history_before + i);
      g_autofree char *reason = g_strdup_printf ("理由 %u: %s", i, steps[i].action);

      g_assert_cmpstr (json_object_get_string_member (h, "kind"), ==, steps[i].history_kind);
      g_assert_cmpstr (json_object_get_string_member (h, "actor"), ==, "王丽");
      g_assert_cmpstr (json_object_get_string_member (h, "reason"), ==, reason);
      if (i == 2 || i == 3)
        g_assert_cmpint (json_object_get_int_member (h, "tier"), ==, i - 1);
      if (i == 3)
        g_assert_cmpstr (json_object_get_string_member (h, "due"), ==, due);
    }
}

/* The documented example commands, with their version fixed up to the ticket's. */
static void
test_examples (Fixture *f, gconstpointer data)
{
  const char *files[] = { "command-reassign.json", "command-add-unit.json", "command-escalate.json",
                          "command-extend.json", "command-note.json" };
  const char *kinds[] = { "transferred", "unit_added", "escalated", "extended", "note" };
  g_autofree char *example = sn_test_load_example ("ingest-requests.json");
  g_autofree char *ack_example = sn_test_load_example ("ack-ok.json");
  g_autoptr (JsonObject) ack_shape = sn_test_parse_object (ack_example);
  g_autoptr (SnTestClient) a = NULL;
  g_autoptr (SnTestClient) cy = NULL;
  g_autoptr (JsonObject) t = NULL;
  gint64 v;

  ingest_ok (f, example, 3);
  a = sn_test_client_open_live (f->hub, f->supervisor, NULL, NULL);
  cy = sn_test_client_open_live (f->hub, f->official_cy, NULL, NULL);
  v = version_of (f, "BJ-20250930-000017");
  g_assert_cmpint (v, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *text = sn_test_load_example (files[i]);
      g_autoptr (JsonNode) node = sn_test_parse (text);
      JsonObject *command = json_node_get_object (node);
      g_autofree char *fixed = NULL;
      g_autoptr (JsonObject) ack = NULL;
      g_autoptr (JsonObject) e = NULL;
      const char *id = json_object_get_string_member (command, "id");
      g_autoptr (GList) members = NULL;

      g_assert_cmpstr (json_object_get_string_member (command, "ticket"), ==, "BJ-20250930-000017");
      json_object_set_int_member (command, "expected_version", v);
      fixed = sn_test_to_json (node);
      sn_test_client_send (a, fixed);
      ack = sn_test_client_take (a, "ack", "id", id, 5000);
      sn_test_assert_ack (ack, id, TRUE, v + 1, NULL);
      /* The same members as the documented ack. */
      members = json_object_get_members (ack_shape);
      g_assert_cmpuint (json_object_get_size (ack), ==, g_list_length (members));
      for (GList *l = members; l != NULL; l = l->next)
        g_assert_true (json_object_has_member (ack, l->data));
      e = sn_test_client_take_ticket_event (cy, "BJ-20250930-000017", 5000);
      g_assert_nonnull (e);
      g_assert_cmpint (
          json_object_get_int_member (json_object_get_object_member (e, "payload"), "version"), ==,
          ++v);
    }
  t = sn_test_get_ticket (f->hub, f->supervisor, "BJ-20250930-000017");
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *text = sn_test_load_example (files[i]);
      g_autoptr (JsonObject) command = sn_test_parse_object (text);

      g_assert_cmpuint (
          sn_test_count_history (t, kinds[i], json_object_get_string_member (command, "reason")),
          ==, 1);
    }
  g_assert_cmpint (json_object_get_int_member (t, "tier"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (t, "expected_datetime"), ==,
                   "2025-10-28T09:00:00Z");
}

/* ── exactly once ──────────────────────────────────────────────────────────────── */

static char *
object_text (JsonObject *obj)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), obj);

  return sn_test_to_json (node);
}

static void
test_duplicates (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTestClient) a = sn_test_client_open_live (f->hub, f->supervisor, NULL, NULL);
  g_autoptr (SnTestClient) b = sn_test_client_open_live (f->hub, f->supervisor2, NULL, NULL);
  SnTestClient *both[] = { a, b };
  g_autofree char *x = new_id ();
  g_autofree char *y = new_id ();
  g_autofree char *z = new_id ();
  g_autoptr (JsonObject) ack1 = NULL;
  g_autoptr (JsonObject) ack2 = NULL;
  g_autoptr (JsonObject) ack3 = NULL;
  g_autoptr (JsonObject) t = NULL;
  g_autofree char *text1 = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *text3 = NULL;
  g_autofree char *cmd = NULL;
  gint64 v = version_of (f, "T-CY-1");

  ack1 = sn_test_client_command (a, x, "T-CY-1", "note", v, "first", NULL);
  sn_test_assert_ack (ack1, x, TRUE, v + 1, NULL);
  text1 = object_text (ack1);
  /* The same id again, even with other content, from the same or another console: the first
   * outcome, nothing changes. */
  ack2 = sn_test_client_command (a, x, "T-CY-1", "note", v, "first", NULL);
  ack3 = sn_test_client_command (b, x, "T-CY-1", "reassign", v + 1, "other",
                                 "\"units\": [\"朝阳区住建委\"]");
  text2 = object_text (ack2);
  text3 = object_text (ack3);
  g_assert_cmpstr (text2, ==, text1);
  g_assert_cmpstr (text3, ==, text1);
  g_assert_cmpint (version_of (f, "T-CY-1"), ==, v + 1);
  g_clear_pointer (&ack1, json_object_unref);
  ack1 = sn_test_client_take_ticket_event (b, "T-CY-1", 5000);
  g_assert_nonnull (ack1);
  v++;

  /* Twice back to back, before any ack. */
  cmd = sn_test_command_json (y, "T-CY-1", "note", v, "twice", NULL);
  sn_test_client_send (a, cmd);
  sn_test_client_send (a, cmd);
  g_clear_pointer (&ack1, json_object_unref);
  g_clear_pointer (&ack2, json_object_unref);
  ack1 = sn_test_client_take (a, "ack", "id", y, 5000);
  ack2 = sn_test_client_take (a, "ack", "id", y, 5000);
  sn_test_assert_ack (ack1, y, TRUE, v + 1, NULL);
  sn_test_assert_ack (ack2, y, TRUE, v + 1, NULL);
  v++;

  /* At once from two consoles. */
  g_free (cmd);
  cmd = sn_test_command_json (z, "T-CY-1", "note", v, "together", NULL);
  sn_test_client_send (a, cmd);
  sn_test_client_send (b, cmd);
  g_clear_pointer (&ack1, json_object_unref);
  g_clear_pointer (&ack2, json_object_unref);
  ack1 = sn_test_client_take (a, "ack", "id", z, 5000);
  ack2 = sn_test_client_take (b, "ack", "id", z, 5000);
  sn_test_assert_ack (ack1, z, TRUE, v + 1, NULL);
  sn_test_assert_ack (ack2, z, TRUE, v + 1, NULL);
  v++;

  /* One change each: one event each, one note each. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (JsonObject) e = NULL;

      for (gint64 want = v - 1 - (i == 0); want <= v; want++)
        {
          g_clear_pointer (&e, json_object_unref);
          e = sn_test_client_take_ticket_event (both[i], "T-CY-1", 5000);
          g_assert_nonnull (e);
          g_assert_cmpint (
              json_object_get_int_member (json_object_get_object_member (e, "payload"), "version"),
              ==, want);
        }
    }
  assert_nothing_more (f, both, NULL, 2);
  t = sn_test_get_ticket (f->hub, f->supervisor, "T-CY-1");
  g_assert_cmpint (json_object_get_int_member (t, "version"), ==, v);
  g_assert_cmpuint (sn_test_count_history (t, "note", "first"), ==, 1);
  g_assert_cmpuint (sn_test_count_history (t, "note", "twice"), ==, 1);
  g_assert_cmpuint (sn_test_count_history (t, "note", "together"), ==, 1);
  g_assert_cmpuint (sn_test_count_history (t, "transferred", NULL), ==, 0);
}

static void
test_conflict (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTestClient) a = sn_test_client_open_live (f->hub, f->supervisor, NULL, NULL);
  g_autoptr (SnTestClient) b = sn_test_client_open_live (f->hub, f->supervisor2, NULL, NULL);
  g_autofree char *stale = new_id ();
  g_autofree char *future = new_id ();
  g_autofree char *ok = new_id ();
  g_autoptr (JsonObject) ack = NULL;
  g_autoptr (JsonObject) again = NULL;
  gint64 v = version_of (f, "T-CY-1");
  SnTestClient *both[] = { a, b };

  ack = sn_test_client_command (a, stale, "T-CY-1", "note", v - 1, "stale", NULL);
  sn_test_assert_ack (ack, stale, FALSE, v, "conflict");
  g_clear_pointer (&ack, json_object_unref);
  ack = sn_test_client_command (a, future, "T-CY-1", "reassign", v + 3, "future",
                                "\"units\": [\"朝阳区住建委\"]");
  sn_test_assert_ack (ack, future, FALSE, v, "conflict");
  assert_nothing_more (f, both, NULL, 2);
  g_assert_cmpint (version_of (f, "T-CY-1"), ==, v);

  /* A conflict is final: after the ticket moved on, the same id still gets it. */
  g_clear_pointer (&ack, json_object_unref);
  ack = sn_test_client_command (b, ok, "T-CY-1", "note", v, "fresh", NULL);
  sn_test_assert_ack (ack, ok, TRUE, v + 1, NULL);
  again = sn_test_client_command (a, stale, "T-CY-1", "note", v + 1, "stale", NULL);
  sn_test_assert_ack (again, stale, FALSE, v, "conflict");
  g_assert_cmpint (version_of (f, "T-CY-1"), ==, v + 1);
}

/* ── refusals and the audit log ────────────────────────────────────────────────── */

static void
test_forbidden_and_audit (Fixture *f, gconstpointer data)
{
  struct
  {
    const char *token, *name, *role, *outcome;
    gboolean sees;
  } who[] = {
    { f->manager, "张经理", "manager", "forbidden", TRUE },
    { f->official_cy, "朝阳区政府", "official", "forbidden", TRUE },
    { f->official_hd, "海淀区政府", "official", "forbidden", FALSE },
    { f->supervisor, "王丽", "supervisor", "ok", TRUE },
  };
  char *ids[G_N_ELEMENTS (who)];
  g_autoptr (GPtrArray) audit = NULL;
  g_autoptr (GPtrArray) audit_manager = NULL;
  gint64 v = version_of (f, "T-CY-1");

  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    {
      g_autoptr (SnTestClient) c = sn_test_client_open_live (f->hub, who[i].token, NULL, NULL);
      g_autofree char *reason = g_strdup_printf ("%s 的备注", who[i].name);
      g_autoptr (JsonObject) ack = NULL;

      ids[i] = new_id ();
      ack = sn_test_client_command (c, ids[i], "T-CY-1", "note", v, reason, NULL);
      if (g_str_equal (who[i].outcome, "ok"))
        sn_test_assert_ack (ack, ids[i], TRUE, v + 1, NULL);
      else
        /* The version only when the sender may see the work order. */
        sn_test_assert_ack (ack, ids[i], FALSE, who[i].sees ? v : 0, who[i].outcome);
      if (i < 3)
        g_assert_cmpint (version_of (f, "T-CY-1"), ==, v);
    }
  g_assert_cmpint (version_of (f, "T-CY-1"), ==, v + 1);

  audit = sn_test_get_audit (f->hub, f->admin);
  audit_manager = sn_test_get_audit (f->hub, f->manager);
  g_assert_cmpuint (audit_manager->len, ==, audit->len);
  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    {
      JsonObject *r = sn_test_find_audit (audit, ids[i]);
      g_autofree char *reason = g_strdup_printf ("%s 的备注", who[i].name);

      g_assert_cmpstr (json_object_get_string_member (r, "outcome"), ==, who[i].outcome);
      g_assert_cmpstr (json_object_get_string_member (r, "actor"), ==, who[i].name);
      g_assert_cmpstr (json_object_get_string_member (r, "role"), ==, who[i].role);
      g_assert_cmpstr (json_object_get_string_member (r, "action"), ==, "note");
      g_assert_cmpstr (json_object_get_string_member (r, "ticket"), ==, "T-CY-1");
      g_assert_cmpstr (json_object_get_string_member (r, "reason"), ==, reason);
      g_assert_true (
          g_str_has_prefix (json_object_get_string_member (r, "origin"), "ws 127.0.0.1:"));
      g_assert_cmpuint (strlen (json_object_get_string_member (r, "token_id")), >, 0);
      g_assert_nonnull (json_object_get_string_member (r, "time"));
      g_free (ids[i]);
    }
}

static void
test_not_found (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTestClient) a = sn_test_client_open_live (f->hub, f->supervisor, NULL, NULL);
  g_autofree char *id = new_id ();
  g_autoptr (JsonObject) ack = sn_test_client_command (a, id, "BJ-NO-SUCH", "note", 1, "?", NULL);

  sn_test_assert_ack (ack, id, FALSE, 0, "not_found");
  g_assert_cmpuint (sn_test_client_pending (a), ==, 0);
}

static void
expect_refusal (SnTestClient *c, const char *ticket, const char *action, gint64 version,
                const char *reason, const char *extra, gint64 ack_version, const char *code)
{
  g_autofree char *id = new_id ();
  g_autoptr (JsonObject)
      ack = sn_test_client_command (c, id, ticket, action, version, reason, extra);

  g_test_message ("%s %s: %s", action, extra ? extra : "", code);
  sn_test_assert_ack (ack, id, FALSE, ack_version, code);
}

static void
test_invalid (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTestClient) a = sn_test_client_open_live (f->hub, f->supervisor, NULL, NULL);
  g_autoptr (JsonObject) before = sn_test_get_ticket (f->hub, f->supervisor, "T-CY-2");
  g_autoptr (JsonObject) closed = sn_test_get_ticket (f->hub, f->supervisor, "T-CLOSED");
  gint64 v = json_object_get_int_member (before, "version");
  gint64 vc = json_object_get_int_member (closed, "version");
  g_autofree char *past = sn_test_time (g_get_real_time () / G_USEC_PER_SEC - 3600);
  g_autofree char *later = sn_test_time (g_get_real_time () / G_USEC_PER_SEC + 400 * 86400);
  g_autofree char *past_due = g_strdup_printf ("\"due\": \"%s\"", past);
  g_autofree char *past_deadline = g_strdup_printf ("\"deadline\": \"%s\"", past);
  g_autofree char *later_deadline = g_strdup_printf ("\"deadline\": \"%s\"", later);
  g_autoptr (GString) long_reason = g_string_new (NULL);
  g_autofree char *id = new_id ();
  g_autoptr (JsonObject) ack = NULL;

  /* A reason is required: refused before anything is looked up (no version). */
  expect_refusal (a, "T-CY-2", "note", v, "", NULL, 0, "invalid");
  expect_refusal (a, "T-CY-2", "note", v, " \n\t", NULL, 0, "invalid");
  for (guint i = 0; i < 2001; i++)
    g_string_append (long_reason, "长");
  expect_refusal (a, "T-CY-2", "note", v, long_reason->str, NULL, 0, "invalid");
  expect_refusal (a, "T-CY-2", "reassign", v, "r", "\"units\": []", 0, "invalid");
  expect_refusal (a, "T-CY-2", "extend", v, "r", NULL, 0, "missing_field");
  expect_refusal (a, "T-CY-2", "reassign", v, "r", "\"units\": \"朝阳区住建委\"", 0, "bad_field");
  /* Not allowed now: the ticket's version comes back. */
  expect_refusal (a, "T-CY-2", "reassign", v, "same units",
                  "\"units\": [\"朝阳区住建委\", \"朝阳区城管执法局\"]", v, "invalid");
  expect_refusal (a, "T-CY-2", "add_unit", v, "already there", "\"units\": [\"朝阳区住建委\"]", v,
                  "invalid");
  expect_refusal (a, "T-CY-2", "reassign", v, "twice",
                  "\"units\": [\"望京街道办事处\", \"望京街道办事处\"]", v, "invalid");
  expect_refusal (a, "T-CY-2", "extend", v, "earlier", past_deadline, v, "invalid");
  expect_refusal (a, "T-CLOSED", "reassign", vc, "closed", "\"units\": [\"朝阳区住建委\"]", vc,
                  "invalid");
  expect_refusal (a, "T-CLOSED", "add_unit", vc, "closed", "\"units\": [\"朝阳区住建委\"]", vc,
                  "invalid");
  expect_refusal (a, "T-CLOSED", "escalate", vc, "closed", NULL, vc, "invalid");
  expect_refusal (a, "T-CLOSED", "extend", vc, "closed", later_deadline, vc, "invalid");
  g_assert_cmpint (version_of (f, "T-CY-2"), ==, v);
  g_assert_cmpint (version_of (f, "T-CLOSED"), ==, vc);

  /* 2,000 characters is the most a reason may have. */
  g_string_truncate (long_reason, 2000 * strlen ("长"));
  ack = sn_test_client_command (a, id, "T-CY-2", "note", v, long_reason->str, NULL);
  sn_test_assert_ack (ack, id, TRUE, ++v, NULL);

  /* Tiers: 催办 → 督办 (due in the future) → 通报, then no further. */
  g_clear_pointer (&ack, json_object_unref);
  ack = sn_test_client_command (a, "tier-1", "T-CY-2", "escalate", v, "催办", NULL);
  sn_test_assert_ack (ack, "tier-1", TRUE, ++v, NULL);
  expect_refusal (a, "T-CY-2", "escalate", v, "督办 overdue already", past_due, v, "invalid");
  g_clear_pointer (&ack, json_object_unref);
  ack = sn_test_client_command (a, "tier-2", "T-CY-2", "escalate", v, "督办",
                                "\"due\": \"2099-01-01T00:00:00Z\"");
  sn_test_assert_ack (ack, "tier-2", TRUE, ++v, NULL);
  g_clear_pointer (&ack, json_object_unref);
  ack = sn_test_client_command (a, "tier-3", "T-CY-2", "escalate", v, "通报", NULL);
  sn_test_assert_ack (ack, "tier-3", TRUE, ++v, NULL);
  expect_refusal (a, "T-CY-2", "escalate", v, "beyond", NULL, v, "invalid");
  g_assert_cmpint (version_of (f, "T-CY-2"), ==, v);

  /* A refusal checked against the ticket is final for its id; one refused before (no
   * reason) is not recorded, so the id may be used again. */
  g_clear_pointer (&ack, json_object_unref);
  ack = sn_test_client_command (a, "same-1", "T-CY-2", "add_unit", v, "dup",
                                "\"units\": [\"朝阳区住建委\"]");
  sn_test_assert_ack (ack, "same-1", FALSE, v, "invalid");
  g_clear_pointer (&ack, json_object_unref);
  ack = sn_test_client_command (a, "same-1", "T-CY-2", "add_unit", v, "dup",
                                "\"units\": [\"望京街道办事处\"]");
  sn_test_assert_ack (ack, "same-1", FALSE, v, "invalid");
  g_clear_pointer (&ack, json_object_unref);
  ack = sn_test_client_command (a, "noreason-1", "T-CY-2", "note", v, "", NULL);
  sn_test_assert_ack (ack, "noreason-1", FALSE, 0, "invalid");
  g_clear_pointer (&ack, json_object_unref);
  ack = sn_test_client_command (a, "noreason-1", "T-CY-2", "note", v, "now with a reason", NULL);
  sn_test_assert_ack (ack, "noreason-1", TRUE, v + 1, NULL);
}

/* ── rate limit ────────────────────────────────────────────────────────────────── */

static void
test_rate_limit (Fixture *f, gconstpointer data)
{
  g_autoptr (GString) batch = g_string_new ("[");
  g_autoptr (SnTestClient) a = NULL;
  g_autoptr (SnTestClient) b = NULL;
  g_autoptr (GPtrArray) limited = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonObject) ack = NULL;
  guint ok = 0;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("RL-%02u", i);
      g_autofree char *r = sn_test_request_json (id, "110105", "dispatched", "城管", NULL);

      g_string_append_printf (batch, "%s%s", i ? "," : "", r);
    }
  g_string_append (batch, "]");
  ingest_ok (f, batch->str, 20);
  a = sn_test_client_open_live (f->hub, f->supervisor, NULL, NULL);
  b = sn_test_client_open_live (f->hub, f->supervisor2, NULL, NULL);

  /* 5 per second with a burst of 10: a burst of 20 is partly refused. */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("rl-cmd-%02u", i);
      g_autofree char *ticket = g_strdup_printf ("RL-%02u", i);
      g_autofree char *text = sn_test_command_json (id, ticket, "note", 1, "burst", NULL);

      sn_test_client_send (a, text);
    }
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("rl-cmd-%02u", i);
      g_autofree char *ticket = g_strdup_printf ("RL-%02u", i);

      g_clear_pointer (&ack, json_object_unref);
      ack = sn_test_client_take (a, "ack", "id", id, 5000);
      g_assert_nonnull (ack);
      if (json_object_get_boolean_member (ack, "ok"))
        {
          sn_test_assert_ack (ack, id, TRUE, 2, NULL);
          ok++;
        }
      else
        {
          sn_test_assert_ack (ack, id, FALSE, 0, "rate_limited");
          g_assert_cmpint (version_of (f, ticket), ==, 1);
          g_ptr_array_add (limited, g_steal_pointer (&id));
        }
    }
  g_assert_cmpuint (ok, >=, 10);
  g_assert_cmpuint (ok, <=, 12);
  g_assert_cmpuint (limited->len, ==, 20 - ok);

  /* Per connection: another console is not limited. */
  g_clear_pointer (&ack, json_object_unref);
  ack = sn_test_client_command (b, "rl-other", "RL-00", "note", 2, "other console", NULL);
  sn_test_assert_ack (ack, "rl-other", TRUE, 3, NULL);

  /* A refused id was not recorded: resent a moment later, it applies. */
  sn_test_run_until (NULL, 1200);
  {
    const char *id = limited->pdata[0];
    g_autofree char *ticket = g_strdup_printf ("RL-%s", id + strlen ("rl-cmd-"));

    g_clear_pointer (&ack, json_object_unref);
    ack = sn_test_client_command (a, id, ticket, "note", 1, "burst", NULL);
    sn_test_assert_ack (ack, id, TRUE, 2, NULL);
    g_assert_cmpint (version_of (f, ticket), ==, 2);
  }
}

int
main (int argc, char **argv)
{
  static const char *const rate_args[] = { "--command-rate", "5", NULL };

  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn, args)                                                                        \
  g_test_add ("/hub/commands/" path, Fixture, args, fixture_setup, fn, fixture_teardown)
  ADD ("actions", test_actions, NULL);
  ADD ("examples", test_examples, NULL);
  ADD ("duplicates", test_duplicates, NULL);
  ADD ("conflict", test_conflict, NULL);
  ADD ("forbidden-audit", test_forbidden_and_audit, NULL);
  ADD ("not-found", test_not_found, NULL);
  ADD ("invalid", test_invalid, NULL);
  ADD ("rate-limit", test_rate_limit, rate_args);
#undef ADD
  return g_test_run ();
}
