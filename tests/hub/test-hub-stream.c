/* test-hub-stream.c — /v1/stream against data/protocol/README.md: authentication, welcome,
 * snapshot, live events, district scope, resume, heartbeats, bad input and stall timers
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-test-hub.h"

typedef struct
{
  SnTestHub *hub;
  char *supervisor;
  char *ingest;
} Fixture;

static void
fixture_setup_args (Fixture *f, const char *const *args)
{
  f->hub = sn_test_hub_new (args);
  f->supervisor = sn_test_hub_token (f->hub, "supervisor", "王丽", NULL);
  f->ingest = sn_test_hub_token (f->hub, "ingest", "12345-feed", NULL);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  fixture_setup_args (f, data);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sn_test_hub_free (f->hub);
  g_free (f->supervisor);
  g_free (f->ingest);
}

static void
ingest_ok (Fixture *f, const char *body, gint64 applied)
{
  g_autoptr (JsonObject) report = sn_test_ingest (f->hub, f->ingest, "requests", body);

  sn_test_assert_report (report, applied, 0, 0, 0);
}

/* Ingests @count generated tickets "@prefix-NNNN" (one event each). */
static void
ingest_batch (Fixture *f, const char *prefix, guint first, guint count, const char *district)
{
  g_autofree char *body = sn_test_requests_batch (prefix, first, count, district, "dispatched",
                                                  "城管执法局");

  ingest_ok (f, body, count);
}

/* ── authentication ────────────────────────────────────────────────────────────── */

/* The upgrade is refused with @expected; the same request without the upgrade shows the
 * JSON error body with @code. */
static void
assert_refused (Fixture *f, const char *token, const char *origin, guint expected, const char *code)
{
  g_autofree char *url = sn_test_hub_url (f->hub, "/v1/stream");
  const char *headers[] = { "Origin", origin, NULL };
  g_autofree char *body = NULL;
  guint status = 0;
  SnTestClient *client = sn_test_client_connect (f->hub, token, origin, &status);

  g_assert_null (client);
  g_assert_cmpuint (status, ==, expected);
  status = sn_test_http ("GET", url, token, NULL, origin ? headers : NULL, &body);
  sn_test_assert_error (status, body, expected, code);
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *revoked = sn_test_hub_token_with_id (f->hub, "supervisor", "李明", NULL, &id);
  g_autofree char *bad = g_strconcat (f->supervisor, "x", NULL);
  g_autoptr (SnTestClient) before = NULL;

  assert_refused (f, NULL, NULL, 401, "unauthorized");
  assert_refused (f, "sn_not-a-token", NULL, 401, "unauthorized");
  assert_refused (f, bad, NULL, 401, "unauthorized");
  /* The token works until it is revoked, and not after. */
  before = sn_test_client_open (f->hub, revoked);
  sn_test_hub_revoke_token (f->hub, id);
  assert_refused (f, revoked, NULL, 401, "unauthorized");
  /* Ingest tokens have no stream; a request from a web page (Origin) is refused. */
  assert_refused (f, f->ingest, NULL, 403, "forbidden");
  assert_refused (f, f->supervisor, "http://127.0.0.1", 403, "forbidden");
  assert_refused (f, f->supervisor, "https://evil.example", 403, "forbidden");
}

/* ── welcome ───────────────────────────────────────────────────────────────────── */

static void
assert_welcome (JsonObject *w, const char *epoch, gint64 head, const char *role, const char *name,
                const char *districts)
{
  JsonObject *scope = json_object_get_object_member (w, "scope");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 time = sn_test_parse_time (json_object_get_string_member (w, "time"));

  g_assert_cmpstr (json_object_get_string_member (w, "epoch"), ==, epoch);
  g_assert_cmpint (json_object_get_int_member (w, "head"), ==, head);
  g_assert_cmpstr (json_object_get_string_member (w, "role"), ==, role);
  g_assert_cmpstr (json_object_get_string_member (w, "name"), ==, name);
  g_assert_cmpstr (json_object_get_string_member (w, "hub"), ==, "测试枢纽");
  g_assert_cmpint (json_object_get_int_member (w, "heartbeat"), ==, 10);
  g_assert_cmpint (ABS (time - now), <=, 5);
  g_assert_nonnull (scope);
  if (districts == NULL)
    g_assert_true (json_object_get_null_member (scope, "districts"));
  else
    {
      JsonArray *a = json_object_get_array_member (scope, "districts");
      g_auto (GStrv) expected = g_strsplit (districts, ",", -1);

      g_assert_cmpuint (json_array_get_length (a), ==, g_strv_length (expected));
      for (guint i = 0; expected[i] != NULL; i++)
        g_assert_cmpstr (json_array_get_string_element (a, i), ==, expected[i]);
    }
}

static void
test_welcome (Fixture *f, gconstpointer data)
{
  g_autofree char *official = sn_test_hub_token (f->hub, "official", "区长热线办", "110105,110108");
  g_autofree char *manager = sn_test_hub_token (f->hub, "manager", "张经理", NULL);
  g_autofree char *example = sn_test_load_example ("ingest-requests.json");
  g_autoptr (JsonObject) health = NULL;
  const char *epoch;
  struct
  {
    const char *token, *role, *name, *districts;
  } cases[] = {
    { f->supervisor, "supervisor", "王丽", NULL },
    { official, "official", "区长热线办", "110105,110108" },
    { manager, "manager", "张经理", NULL },
  };

  ingest_ok (f, example, 3);
  health = sn_test_get_object (f->hub, NULL, "/healthz", 200);
  epoch = json_object_get_string_member (health, "epoch");
  g_assert_cmpuint (strlen (epoch), ==, 36);
  g_assert_cmpint (json_object_get_int_member (health, "head"), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SnTestClient) c = sn_test_client_open (f->hub, cases[i].token);
      g_autoptr (JsonObject) w = sn_test_client_hello (c, NULL, 0);

      assert_welcome (w, epoch, 3, cases[i].role, cases[i].name, cases[i].districts);
    }
}

/* ── snapshot and live events ──────────────────────────────────────────────────── */

/* Tickets with long notes, so the snapshot needs several parts. */
static void
ingest_bulky (Fixture *f, guint count)
{
  GString *body = g_string_new ("[");
  g_autofree char *notes = NULL;
  GString *n = g_string_new (NULL);

  for (guint i = 0; i < 100; i++)
    g_string_append (n, "市民反映施工噪音，");
  notes = g_string_free (n, FALSE);
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *id = g_strdup_printf ("GEN-%04u", i);
      g_autofree char *extra = g_strdup_printf ("\"status_notes\": \"%s\"", notes);
      g_autofree char *r = sn_test_request_json (id, i % 2 ? "110105" : "110108", "dispatched",
                                                 "城管执法局", extra);

      g_string_append_printf (body, "%s%s", i ? "," : "", r);
    }
  g_string_append (body, "]");
  ingest_ok (f, body->str, count);
  g_string_free (body, TRUE);
}

static void
test_snapshot (Fixture *f, gconstpointer data)
{
  g_autofree char *example = sn_test_load_example ("ingest-requests.json");
  g_autofree char *calls = sn_test_load_example ("ingest-calls.json");
  g_autoptr (JsonObject) report = NULL;
  g_autoptr (SnTestClient) c = NULL;
  g_autoptr (JsonObject) w = NULL;
  g_autoptr (SnTestSnapshot) snap = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  ingest_ok (f, example, 3);
  ingest_bulky (f, 80);
  report = sn_test_ingest (f->hub, f->ingest, "calls", calls);
  g_assert_cmpint (json_object_get_int_member (report, "applied"), ==, 5);

  c = sn_test_client_open (f->hub, f->supervisor);
  w = sn_test_client_hello (c, NULL, 0);
  snap = sn_test_client_read_snapshot (c, 5000);
  g_assert_cmpstr (snap->reason, ==, "no_resume");
  g_assert_cmpstr (snap->epoch, ==, json_object_get_string_member (w, "epoch"));
  g_assert_cmpint (snap->head, ==, json_object_get_int_member (w, "head"));
  g_assert_cmpint (snap->head, ==, sn_test_hub_head (f->hub));
  /* 80 tickets of ~2 KiB do not fit in one 48 KiB part. */
  g_assert_cmpuint (snap->parts, >=, 4);

  /* Exactly the ingested tickets, each once, at their current version, without history. */
  g_assert_cmpuint (snap->tickets->len, ==, 82);
  for (guint i = 0; i < snap->tickets->len; i++)
    {
      JsonObject *t = snap->tickets->pdata[i];
      const char *id = json_object_get_string_member (t, "service_request_id");

      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
      g_assert_false (json_object_has_member (t, "history"));
      g_assert_cmpint (json_object_get_int_member (t, "version"), ==,
                       g_str_equal (id, "BJ-20250930-000017") ? 2 : 1);
    }
  for (guint i = 0; i < 80; i++)
    {
      g_autofree char *id = g_strdup_printf ("GEN-%04u", i);

      g_assert_true (g_hash_table_contains (seen, id));
    }
  g_assert_true (g_hash_table_contains (seen, "BJ-20250930-000017"));
  g_assert_true (g_hash_table_contains (seen, "BJ-20250930-000018"));
  g_assert_cmpstr (
      json_object_get_string_member (sn_test_snapshot_find (snap, "BJ-20250930-000017"), "state"),
      ==, "dispatched");

  /* The call center: one queue, one agent, paused for training. */
  g_assert_cmpuint (snap->queues->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (snap->queues->pdata[0], "queue"), ==, "general");
  g_assert_cmpuint (snap->agents->len, ==, 1);
  sn_test_assert_members (snap->agents->pdata[0],
                          "agent=\"A1042\" state=\"paused\" pause_reason=\"training\"");
}

static void
test_live_events (Fixture *f, gconstpointer data)
{
  g_autofree char *epoch = NULL;
  gint64 head;
  g_autoptr (SnTestClient) c = NULL;
  g_autoptr (JsonObject) update = NULL;
  g_autoptr (JsonObject) report = NULL;
  JsonObject *payload;

  ingest_batch (f, "OLD", 0, 4, "110105");
  c = sn_test_client_open_live (f->hub, f->supervisor, &epoch, &head);
  g_assert_cmpint (head, ==, 4);

  ingest_batch (f, "NEW", 0, 5, "110105");
  head = sn_test_client_expect_events (c, epoch, head, "NEW", 0, 5);
  for (guint i = 5; i < 8; i++)
    {
      ingest_batch (f, "NEW", i, 1, i % 2 ? "110108" : "110105");
      head = sn_test_client_expect_events (c, epoch, head, "NEW", i, 1);
    }
  /* An update: the same ticket at version 2, seq still +1. */
  report = sn_test_ingest (f->hub, f->ingest, "requests",
                           "[{\"service_request_id\": \"NEW-0000\", \"state\": \"accepted\"}]");
  g_assert_cmpint (json_object_get_int_member (report, "applied"), ==, 1);
  update = sn_test_client_next_event (c, 5000);
  g_assert_cmpint (json_object_get_int_member (update, "seq"), ==, head + 1);
  payload = json_object_get_object_member (update, "payload");
  g_assert_cmpstr (json_object_get_string_member (payload, "service_request_id"), ==, "NEW-0000");
  g_assert_cmpint (json_object_get_int_member (payload, "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (payload, "state"), ==, "accepted");
  g_assert_cmpint (sn_test_hub_head (f->hub), ==, head + 1);
  g_assert_cmpuint (sn_test_client_pending (c), ==, 0);
}

/* Changes while a snapshot is being sent: the snapshot, then the events after its head,
 * applied in order, end in the hub's state. */
static void
test_snapshot_consistency (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTestClient) c = NULL;
  g_autoptr (SnTestSnapshot) snap = NULL;
  g_autoptr (JsonObject) w = NULL;
  g_autoptr (GHashTable) state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) hub_state = NULL;
  GHashTableIter iter;
  gpointer id, version;
  guint newer = 0;
  gint64 head;

  ingest_batch (f, "GEN", 0, 3000, "110105");
  c = sn_test_client_open (f->hub, f->supervisor);
  sn_test_client_send (c, "{\"type\": \"hello\"}");
  /* The hub sends the parts from idle time; these requests come in between. */
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *body = g_strdup_printf (
          "[{\"service_request_id\": \"GEN-%04u\", \"state\": \"accepted\"},"
          " {\"service_request_id\": \"GEN-%04u\", \"state\": \"in_progress\"},"
          " {\"service_request_id\": \"AAA-%04u\", \"district\": \"110105\"}]",
          2999 - i * 300, i * 300, i);

      ingest_ok (f, body, 3);
    }
  w = sn_test_client_next_message (c, 5000);
  g_assert_cmpstr (json_object_get_string_member (w, "type"), ==, "welcome");
  snap = sn_test_client_read_snapshot (c, 5000);
  for (guint i = 0; i < snap->tickets->len; i++)
    g_hash_table_insert (
        state,
        g_strdup (json_object_get_string_member (snap->tickets->pdata[i], "service_request_id")),
        GINT_TO_POINTER (json_object_get_int_member (snap->tickets->pdata[i], "version")));
  head = sn_test_hub_head (f->hub);
  for (guint i = 0; i < snap->tickets->len; i++)
    newer += json_object_get_int_member (snap->tickets->pdata[i], "version") > 1;
  g_test_message ("snapshot head %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ", %u parts, %u "
                  "tickets, %u newer than the head",
                  snap->head, head, snap->parts, snap->tickets->len, newer);
  for (gint64 seq = snap->head + 1; seq <= head; seq++)
    {
      g_autoptr (JsonObject) e = sn_test_client_next_event (c, 5000);
      JsonObject *p;

      g_assert_nonnull (e);
      g_assert_cmpint (json_object_get_int_member (e, "seq"), ==, seq);
      p = json_object_get_object_member (e, "payload");
      g_hash_table_insert (state,
                           g_strdup (json_object_get_string_member (p, "service_request_id")),
                           GINT_TO_POINTER (json_object_get_int_member (p, "version")));
    }
  /* The hub's state. */
  hub_state = sn_test_ticket_versions (f->hub, f->supervisor);
  g_assert_cmpuint (g_hash_table_size (hub_state), ==, 3010);
  g_assert_cmpuint (g_hash_table_size (state), ==, 3010);
  g_hash_table_iter_init (&iter, hub_state);
  while (g_hash_table_iter_next (&iter, &id, &version))
    g_assert_true (g_hash_table_lookup (state, id) == version);
}

/* ── district scope ────────────────────────────────────────────────────────────── */

static void
test_official_scope (Fixture *f, gconstpointer data)
{
  g_autofree char *official = sn_test_hub_token (f->hub, "official", "朝阳区", "110105");
  g_autofree char *calls = sn_test_load_example ("ingest-calls.json");
  g_autoptr (JsonObject) report = NULL;
  g_autoptr (SnTestClient) o = NULL;
  g_autoptr (SnTestClient) s = NULL;
  g_autoptr (JsonObject) w = NULL;
  g_autoptr (SnTestSnapshot) snap = NULL;
  g_autofree char *epoch = NULL;
  gint64 head, last = 0;
  guint got = 0;

  ingest_batch (f, "CY", 0, 3, "110105");
  ingest_batch (f, "HD", 0, 4, "110108");
  report = sn_test_ingest (f->hub, f->ingest, "calls", calls);
  g_assert_cmpint (json_object_get_int_member (report, "applied"), ==, 5);

  o = sn_test_client_open (f->hub, official);
  w = sn_test_client_hello (o, NULL, 0);
  snap = sn_test_client_read_snapshot (o, 5000);
  g_assert_cmpuint (snap->tickets->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (snap->tickets->pdata[i], "district"), ==,
                     "110105");
  g_assert_cmpuint (snap->queues->len, ==, 0);
  g_assert_cmpuint (snap->agents->len, ==, 0);

  /* Live: tickets of both districts and call events; the supervisor sees every seq. */
  s = sn_test_client_open_live (f->hub, f->supervisor, &epoch, &head);
  ingest_batch (f, "HD", 10, 2, "110108");
  ingest_batch (f, "CY", 10, 2, "110105");
  report = sn_test_ingest (f->hub, f->ingest, "calls", calls);
  ingest_batch (f, "HD", 20, 1, "110108");
  ingest_batch (f, "CY", 20, 1, "110105"); /* the official's last event */
  for (gint64 seq = head + 1; seq <= sn_test_hub_head (f->hub); seq++)
    {
      g_autoptr (JsonObject) e = sn_test_client_next_event (s, 5000);

      g_assert_nonnull (e);
      g_assert_cmpint (json_object_get_int_member (e, "seq"), ==, seq);
    }
  for (;;)
    {
      g_autoptr (JsonObject) e = sn_test_client_next_event (o, 5000);
      JsonObject *payload;

      g_assert_nonnull (e);
      g_assert_cmpstr (json_object_get_string_member (e, "kind"), ==, "ticket");
      g_assert_cmpint (json_object_get_int_member (e, "seq"), >, MAX (last, head));
      last = json_object_get_int_member (e, "seq");
      payload = json_object_get_object_member (e, "payload");
      g_assert_cmpstr (json_object_get_string_member (payload, "district"), ==, "110105");
      got++;
      if (g_str_equal (json_object_get_string_member (payload, "service_request_id"), "CY-0020"))
        break;
    }
  g_assert_cmpuint (got, ==, 3);
  g_assert_cmpuint (sn_test_client_pending (o), ==, 0);
}

/* ── resume ────────────────────────────────────────────────────────────────────── */

/* A console that stays connected and keeps every event's text by seq. */
typedef struct
{
  SnTestClient *client;
  GPtrArray *texts; /* index seq - 1 */
} Recorder;

static void
recorder_catch_up (Recorder *r, gint64 head)
{
  while ((gint64) r->texts->len < head)
    {
      g_autofree char *text = sn_test_client_next (r->client, 5000);
      g_autoptr (JsonObject) obj = NULL;

      g_assert_nonnull (text);
      obj = sn_test_parse_object (text);
      if (g_str_equal (json_object_get_string_member (obj, "type"), "ping"))
        continue;
      g_assert_cmpint (json_object_get_int_member (obj, "seq"), ==, r->texts->len + 1);
      g_ptr_array_add (r->texts, g_steal_pointer (&text));
    }
}

/* Resumes after @after and asserts the replay is exactly the recorder's events after it,
 * byte for byte, up to the hub's head, then nothing more. Returns the new client. */
static SnTestClient *
resume_and_check (Fixture *f, Recorder *r, const char *epoch, gint64 after, gint64 *out_last)
{
  SnTestClient *c = sn_test_client_open (f->hub, f->supervisor);
  g_autoptr (JsonObject) w = sn_test_client_hello (c, epoch, after);
  gint64 head = json_object_get_int_member (w, "head");

  g_assert_cmpstr (json_object_get_string_member (w, "epoch"), ==, epoch);
  recorder_catch_up (r, head);
  for (gint64 seq = after + 1; seq <= head; seq++)
    {
      g_autofree char *text = NULL;

      do
        {
          g_free (text);
          text = sn_test_client_next (c, 5000);
          g_assert_nonnull (text);
        }
      while (g_str_has_prefix (text, "{\"type\":\"ping\""));
      g_assert_cmpstr (text, ==, r->texts->pdata[seq - 1]);
    }
  g_assert_cmpuint (sn_test_client_pending (c), ==, 0);
  *out_last = head;
  return c;
}

static void
test_resume (Fixture *f, gconstpointer data)
{
  Recorder r = { NULL, g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *epoch = NULL;
  gint64 last;
  SnTestClient *c;
  guint next = 0;
  const guint missed[] = { 3, 1, 0, 7, 20 };

  ingest_batch (f, "R", next, 5, "110105"), next += 5;
  r.client = sn_test_client_open_live (f->hub, f->supervisor, NULL, NULL);
  for (guint i = 0; i < 5; i++) /* seqs 1–5 came before the recorder, in its snapshot */
    g_ptr_array_add (r.texts, NULL);
  c = sn_test_client_open_live (f->hub, f->supervisor, &epoch, &last);
  g_assert_cmpint (last, ==, 5);

  for (guint round = 0; round < G_N_ELEMENTS (missed); round++)
    {
      /* Live for a while, then the connection is lost (cleanly or not), events happen,
       * and the console resumes after the last event it applied. */
      ingest_batch (f, "R", next, 2, "110105");
      last = sn_test_client_expect_events (c, epoch, last, "R", next, 2), next += 2;
      if (round % 2)
        sn_test_client_drop (c);
      else
        sn_test_client_free (c);
      if (missed[round] > 0)
        ingest_batch (f, "R", next, missed[round], round % 2 ? "110108" : "110105");
      next += missed[round];
      c = resume_and_check (f, &r, epoch, last, &last);
      g_assert_cmpint (last, ==, sn_test_hub_head (f->hub));
    }
  /* Live again after the last resume: the next seq, no duplicate. */
  ingest_batch (f, "R", next, 1, "110105");
  sn_test_client_expect_events (c, epoch, last, "R", next, 1);
  sn_test_client_free (c);
  sn_test_client_free (r.client);
  g_ptr_array_unref (r.texts);
}

/* A replay longer than one slice, interrupted midway and resumed again. */
static void
test_resume_long (Fixture *f, gconstpointer data)
{
  g_autofree char *epoch = NULL;
  gint64 last;
  SnTestClient *c = sn_test_client_open_live (f->hub, f->supervisor, &epoch, &last);
  g_autoptr (JsonObject) w = NULL;

  g_assert_cmpint (last, ==, 0);
  sn_test_client_free (c);
  ingest_batch (f, "L", 0, 1300, "110105");

  c = sn_test_client_open (f->hub, f->supervisor);
  w = sn_test_client_hello (c, epoch, 0);
  g_assert_cmpint (json_object_get_int_member (w, "head"), ==, 1300);
  last = sn_test_client_expect_events (c, epoch, 0, "L", 0, 700);
  sn_test_client_drop (c);

  c = sn_test_client_open (f->hub, f->supervisor);
  g_clear_pointer (&w, json_object_unref);
  w = sn_test_client_hello (c, epoch, last);
  last = sn_test_client_expect_events (c, epoch, last, "L", 700, 600);
  g_assert_cmpuint (sn_test_client_pending (c), ==, 0);
  ingest_batch (f, "L", 1300, 1, "110105");
  sn_test_client_expect_events (c, epoch, last, "L", 1300, 1);
  sn_test_client_free (c);
}

static void
test_resume_restart (Fixture *f, gconstpointer data)
{
  g_autofree char *example = sn_test_load_example ("ingest-requests.json");
  g_autofree char *epoch = NULL;
  g_autofree char *epoch2 = NULL;
  g_autoptr (JsonObject) w = NULL;
  gint64 last, head;
  SnTestClient *c;

  ingest_ok (f, example, 3);
  c = sn_test_client_open_live (f->hub, f->supervisor, &epoch, &last);
  ingest_batch (f, "S", 0, 3, "110105");
  last = sn_test_client_expect_events (c, epoch, last, "S", 0, 3);
  sn_test_client_free (c);
  ingest_batch (f, "S", 3, 2, "110105"); /* missed before the restart */

  sn_test_hub_stop (f->hub);
  sn_test_hub_start (f->hub);
  {
    g_autoptr (JsonObject) health = sn_test_get_object (f->hub, NULL, "/healthz", 200);

    g_assert_cmpstr (json_object_get_string_member (health, "epoch"), ==, epoch);
    head = json_object_get_int_member (health, "head");
    g_assert_cmpint (head, ==, last + 2);
  }
  ingest_batch (f, "S", 5, 2, "110108"); /* missed after it */

  c = sn_test_client_open (f->hub, f->supervisor);
  w = sn_test_client_hello (c, epoch, last);
  g_assert_cmpint (json_object_get_int_member (w, "head"), ==, head + 2);
  last = sn_test_client_expect_events (c, epoch, last, "S", 3, 4);
  g_assert_cmpuint (sn_test_client_pending (c), ==, 0);

  /* Killed this time: the same history and the same resume point. */
  sn_test_hub_kill (f->hub);
  g_assert_true (sn_test_client_wait_closed (c, 5000));
  sn_test_client_free (c);
  sn_test_hub_start (f->hub);
  c = sn_test_client_open (f->hub, f->supervisor);
  g_clear_pointer (&w, json_object_unref);
  w = sn_test_client_hello (c, epoch, last);
  epoch2 = g_strdup (json_object_get_string_member (w, "epoch"));
  g_assert_cmpstr (epoch2, ==, epoch);
  g_assert_cmpint (json_object_get_int_member (w, "head"), ==, last);
  ingest_batch (f, "S", 7, 1, "110105");
  sn_test_client_expect_events (c, epoch, last, "S", 7, 1);

  /* A restart by itself changes nothing: no event once the first ticks have run (the
   * example's tickets carry stall reasons that do not change within seconds). */
  head = sn_test_hub_head (f->hub);
  sn_test_client_free (c);
  sn_test_hub_stop (f->hub);
  sn_test_hub_start (f->hub);
  sn_test_run_until (NULL, 2500);
  g_assert_cmpint (sn_test_hub_head (f->hub), ==, head);
}

static void
test_resume_mismatch (Fixture *f, gconstpointer data)
{
  g_autofree char *epoch = NULL;
  gint64 head;
  g_autoptr (SnTestClient) live = NULL;
  struct
  {
    const char *epoch;
    gint64 ahead_by;
    const char *reason;
  } cases[] = {
    { "fef98b9d-1a8f-4450-a81a-528a2272392d", -1, "epoch_changed" },
    { NULL, 1, "ahead" },
    { NULL, 1000, "ahead" },
  };

  ingest_batch (f, "M", 0, 3, "110105");
  live = sn_test_client_open_live (f->hub, f->supervisor, &epoch, &head);
  g_assert_cmpint (head, ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SnTestClient) c = sn_test_client_open (f->hub, f->supervisor);
      g_autoptr (JsonObject) w = sn_test_client_hello (c, cases[i].epoch ? cases[i].epoch : epoch,
                                                       head + cases[i].ahead_by);
      g_autoptr (SnTestSnapshot) snap = sn_test_client_read_snapshot (c, 5000);

      g_assert_cmpint (json_object_get_int_member (w, "head"), ==, head);
      g_assert_cmpstr (snap->reason, ==, cases[i].reason);
      g_assert_cmpstr (snap->epoch, ==, epoch);
      g_assert_cmpint (snap->head, ==, head);
      g_assert_cmpuint (snap->tickets->len, ==, 3 + i);
      /* Then live from the snapshot's head. */
      ingest_batch (f, "M", 10 + i, 1, "110105");
      head = sn_test_client_expect_events (c, epoch, head, "M", 10 + i, 1);
    }
  /* Resuming exactly at the head replays nothing and is not a snapshot. */
  {
    g_autoptr (SnTestClient) c = sn_test_client_open (f->hub, f->supervisor);
    g_autoptr (JsonObject) w = sn_test_client_hello (c, epoch, head);

    sn_test_run_until (NULL, 300);
    g_assert_cmpuint (sn_test_client_pending (c), ==, 0);
    ingest_batch (f, "M", 20, 1, "110105");
    sn_test_client_expect_events (c, epoch, head, "M", 20, 1);
  }
}

/* ── heartbeats ────────────────────────────────────────────────────────────────── */

static void
test_heartbeat (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTestClient) silent = sn_test_client_open (f->hub, f->supervisor);
  g_autoptr (SnTestClient) alive = sn_test_client_open (f->hub, f->supervisor);
  g_autoptr (JsonObject) w = sn_test_client_hello (alive, NULL, 0);
  gint64 start = g_get_monotonic_time ();
  gint64 closed_at = 0;
  guint pings = 0;

  g_assert_cmpint (json_object_get_int_member (w, "heartbeat"), ==, 1);
  while (g_get_monotonic_time () - start < 6 * G_USEC_PER_SEC)
    {
      g_autoptr (JsonObject) msg = sn_test_client_next_object (alive, 50);

      if (msg != NULL && g_str_equal (json_object_get_string_member (msg, "type"), "ping"))
        {
          g_assert_cmpint (json_object_get_int_member (msg, "head"), ==, 0);
          sn_test_client_send (alive, "{\"type\": \"pong\"}");
          pings++;
        }
      if (silent->closed && closed_at == 0)
        closed_at = g_get_monotonic_time ();
    }
  /* Three intervals of silence, checked once a second: closed after 3 to 4 s. */
  g_assert_true (silent->closed);
  g_assert_cmpint (silent->close_code, ==, 1008);
  g_assert_cmpint (closed_at - start, >=, 2900 * 1000);
  g_assert_cmpint (closed_at - start, <=, 4600 * 1000);
  g_assert_false (alive->closed);
  g_assert_cmpuint (pings, >=, 4);
  /* A console may ping the hub too. */
  sn_test_client_send (alive, "{\"type\": \"ping\"}");
  g_clear_pointer (&w, json_object_unref);
  w = sn_test_client_take (alive, "pong", NULL, NULL, 2000);
  g_assert_nonnull (w);
}

/* ── bad input ─────────────────────────────────────────────────────────────────── */

static char *
nested_arrays (guint depth)
{
  g_autofree char *open = g_strnfill (depth, '[');
  g_autofree char *close = g_strnfill (depth, ']');

  return g_strconcat (open, close, NULL);
}

static void
send_bytes (SnTestClient *c, SoupWebsocketDataType type, const char *data, gsize length)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, length);

  soup_websocket_connection_send_message (c->conn, type, bytes);
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTestClient) c = sn_test_client_open (f->hub, f->supervisor);
  g_autofree char *deep = nested_arrays (33);
  g_autofree char *deep_ok = nested_arrays (32);
  g_autoptr (JsonObject) w = NULL;
  g_autoptr (JsonObject) ack = NULL;
  g_autoptr (SnTestSnapshot) snap = NULL;
  const struct
  {
    const char *text, *code;
  } cases[] = {
    { "{\"type\": \"hello\"", "malformed" },
    { "not json at all", "malformed" },
    { "", "malformed" },
    { "[1, 2]", "not_object" },
    { "\"hello\"", "not_object" },
    { "42", "not_object" },
    { "{\"type\": \"subscribe\"}", "unknown_type" },
    { "{\"type\": \"welcome\"}", "unknown_type" },
    { "{\"type\": \"event\"}", "unknown_type" },
    { "{}", "missing_field" },
    { "{\"type\": null}", "missing_field" },
    { "{\"type\": 5}", "bad_field" },
    { "{\"type\": \"hello\", \"resume\": 3}", "bad_field" },
    { "{\"type\": \"hello\", \"resume\": {\"epoch\": \"e\", \"after\": \"x\"}}", "bad_field" },
    { "{\"type\": \"hello\", \"resume\": {\"epoch\": \"e\", \"after\": -1}}", "bad_field" },
    { "{\"type\": \"hello\", \"resume\": {\"after\": 1}}", "missing_field" },
    { deep, "too_deep" },
    { deep_ok, "not_object" },
    /* before hello: a command without a readable id gets an error */
    { "{\"type\": \"command\", \"ticket\": \"T\", \"action\": \"note\"}", "invalid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("bad input %u: %.40s", i, cases[i].text);
      sn_test_client_send (c, cases[i].text);
      sn_test_client_expect_error (c, cases[i].code);
    }
  /* Binary frames are not part of the protocol, even with JSON in them. */
  send_bytes (c, SOUP_WEBSOCKET_DATA_BINARY, "{\"type\": \"ping\"}", 16);
  sn_test_client_expect_error (c, "malformed");

  /* A command with a readable id before hello: a failed ack. */
  ack = sn_test_client_command (c, "early-1", "T", "note", 1, "too early", NULL);
  sn_test_assert_ack (ack, "early-1", FALSE, 0, "invalid");

  /* After all that, the connection still works: hello, welcome, snapshot. */
  w = sn_test_client_hello (c, NULL, 0);
  snap = sn_test_client_read_snapshot (c, 5000);
  g_assert_cmpstr (snap->reason, ==, "no_resume");
  sn_test_client_send (c, "{\"type\": \"hello\"}");
  sn_test_client_expect_error (c, "invalid");
  /* A command message missing its fields, with an id: a failed ack with the code. */
  sn_test_client_send (c, "{\"type\": \"command\", \"id\": \"c-1\", \"action\": \"note\"}");
  g_clear_pointer (&ack, json_object_unref);
  ack = sn_test_client_take (c, "ack", "id", "c-1", 5000);
  sn_test_assert_ack (ack, "c-1", FALSE, 0, "missing_field");
  sn_test_client_send (c, "{\"type\": \"command\", \"id\": \"c-2\", \"ticket\": \"T\", "
                          "\"action\": \"fly\", \"expected_version\": 1, \"reason\": \"r\"}");
  g_clear_pointer (&ack, json_object_unref);
  ack = sn_test_client_take (c, "ack", "id", "c-2", 5000);
  sn_test_assert_ack (ack, "c-2", FALSE, 0, "bad_field");
  g_assert_cmpuint (sn_test_client_pending (c), ==, 0);
  g_assert_false (c->closed);
}

/* Text that is not UTF-8 never reaches the hub's parser: libsoup closes the connection
 * (1007) or the hub answers "malformed". Either way other consoles are unaffected. */
static void
assert_others_served (Fixture *f, SnTestClient *other, const char *epoch, gint64 *head, guint n)
{
  g_autoptr (JsonObject) pong = NULL;

  ingest_batch (f, "O", n, 1, "110105");
  *head = sn_test_client_expect_events (other, epoch, *head, "O", n, 1);
  sn_test_client_send (other, "{\"type\": \"ping\"}");
  pong = sn_test_client_take (other, "pong", NULL, NULL, 5000);
  g_assert_nonnull (pong);
}

/* libsoup 3.2 closes the TCP connection on such a frame without a closing handshake (it
 * sends no close frame, so the console sees no code); a later libsoup may send @code. */
static void
assert_closed_by_websocket_layer (SnTestClient *c, gushort code)
{
  g_assert_true (sn_test_client_wait_closed (c, 5000));
  g_test_message ("closed by the WebSocket layer with code %u", c->close_code);
  if (c->close_code != 0)
    g_assert_cmpint (c->close_code, ==, code);
}

static void
test_too_large_and_not_utf8 (Fixture *f, gconstpointer data)
{
  g_autofree char *epoch = NULL;
  gint64 head;
  g_autoptr (SnTestClient) other = sn_test_client_open_live (f->hub, f->supervisor, &epoch, &head);
  const char prefix[] = "{\"type\": \"ping\", \"pad\": \"";
  GString *text = g_string_new (prefix);
  g_autoptr (JsonObject) pong = NULL;
  SnTestClient *c;

  /* Exactly 64 KiB is accepted and answered. */
  while (text->len < 64 * 1024 - 2)
    g_string_append_c (text, 'x');
  g_string_append (text, "\"}");
  g_assert_cmpuint (text->len, ==, 64 * 1024);
  c = sn_test_client_open (f->hub, f->supervisor);
  sn_test_client_send (c, text->str);
  pong = sn_test_client_next_message (c, 5000);
  g_assert_nonnull (pong);
  g_assert_cmpstr (json_object_get_string_member (pong, "type"), ==, "pong");

  /* One byte more: an error too_large, or closed by the WebSocket layer with 1009. */
  g_string_insert_c (text, strlen (prefix), 'x');
  sn_test_client_send (c, text->str);
  g_clear_pointer (&pong, json_object_unref);
  pong = sn_test_client_next_message (c, 5000);
  if (pong != NULL)
    g_assert_cmpstr (json_object_get_string_member (pong, "code"), ==, "too_large");
  else
    assert_closed_by_websocket_layer (c, SOUP_WEBSOCKET_CLOSE_TOO_BIG);
  sn_test_client_free (c);
  assert_others_served (f, other, epoch, &head, 0);

  /* Not UTF-8 (a lone continuation byte and an overlong encoding), which libsoup's client
   * will not send: a bare client sends it. */
  {
    g_autoptr (GSocketConnection) raw = sn_test_raw_ws_open (f->hub, f->supervisor);
    const char bad[] = "{\"type\": \"ping\", \"x\": \"\x80\xc0\xaf\"}";
    gushort code = 0;
    g_autofree char *answer = NULL;

    gint64 start = g_get_monotonic_time ();

    sn_test_raw_ws_send (raw, 1, bad, strlen (bad));
    answer = sn_test_raw_ws_answer (raw, &code);
    g_test_message ("not UTF-8: answer %s, close code %u", answer ? answer : "none", code);
    /* An answer or a close, not silence until the timeout. */
    g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
    if (answer != NULL)
      {
        g_autoptr (JsonObject) e = sn_test_parse_object (answer);

        g_assert_cmpstr (json_object_get_string_member (e, "code"), ==, "malformed");
        sn_test_raw_ws_send (raw, 1, "{\"type\": \"ping\"}", 16);
        g_free (answer);
        answer = sn_test_raw_ws_answer (raw, &code);
        g_assert_cmpstr (answer, ==, "{\"type\":\"pong\"}");
      }
    else if (code != 0)
      g_assert_cmpint (code, ==, SOUP_WEBSOCKET_CLOSE_BAD_DATA);
  }
  assert_others_served (f, other, epoch, &head, 1);
  g_string_free (text, TRUE);
}

/* ── stall reasons change as time passes ───────────────────────────────────────── */

static void
test_stall_timer (Fixture *f, gconstpointer data)
{
  g_autofree char *epoch = NULL;
  gint64 head;
  g_autoptr (SnTestClient) c = sn_test_client_open_live (f->hub, f->supervisor, &epoch, &head);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *due = sn_test_time (now + 3);
  g_autofree char *extra = g_strdup_printf ("\"expected_datetime\": \"%s\"", due);
  g_autofree char *record = sn_test_request_json ("DUE-1", "110105", "dispatched", "城管执法局",
                                                  extra);
  g_autofree char *body = g_strdup_printf ("[%s]", record);
  g_autoptr (JsonObject) first = NULL;
  g_autofree char *reasons = NULL;
  gint64 head_before;
  gboolean overdue = FALSE;

  ingest_ok (f, body, 1);
  first = sn_test_client_next_event (c, 5000);
  g_assert_cmpint (json_object_get_int_member (first, "seq"), ==, head + 1);
  reasons = sn_test_stall_reasons (json_object_get_object_member (first, "payload"));
  g_assert_null (strstr (reasons, "overdue"));
  head_before = head + 1;

  /* No ingest from here on: the hub's own clock makes the change. */
  while (!overdue)
    {
      g_autoptr (JsonObject) e = sn_test_client_next_event (c, 8000);
      JsonObject *payload;

      g_assert_nonnull (e); /* within 8 s of a 3 s deadline */
      g_assert_cmpint (json_object_get_int_member (e, "seq"), ==, ++head_before);
      payload = json_object_get_object_member (e, "payload");
      g_assert_cmpstr (json_object_get_string_member (payload, "service_request_id"), ==, "DUE-1");
      g_assert_cmpint (json_object_get_int_member (payload, "version"), ==, 1);
      g_clear_pointer (&reasons, g_free);
      reasons = sn_test_stall_reasons (payload);
      overdue = strstr (reasons, "overdue") != NULL;
    }
  g_assert_cmpint (g_get_real_time () / G_USEC_PER_SEC, >=, now + 3);
  {
    g_autoptr (JsonObject) t = sn_test_get_ticket (f->hub, f->supervisor, "DUE-1");

    g_assert_cmpint (json_object_get_int_member (t, "version"), ==, 1);
    g_clear_pointer (&reasons, g_free);
    reasons = sn_test_stall_reasons (t);
    g_assert_nonnull (strstr (reasons, "overdue"));
  }
}

int
main (int argc, char **argv)
{
  static const char *const heartbeat_args[] = { "--heartbeat", "1", NULL };
  static const char *const name_args[] = { "--name", "测试枢纽", NULL };

  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn, args)                                                                        \
  g_test_add ("/hub/stream/" path, Fixture, args, fixture_setup, fn, fixture_teardown)
  ADD ("refused", test_refused, NULL);
  ADD ("welcome", test_welcome, name_args);
  ADD ("snapshot", test_snapshot, NULL);
  ADD ("snapshot-consistency", test_snapshot_consistency, NULL);
  ADD ("live-events", test_live_events, NULL);
  ADD ("official-scope", test_official_scope, NULL);
  ADD ("resume", test_resume, NULL);
  ADD ("resume-long", test_resume_long, NULL);
  ADD ("resume-restart", test_resume_restart, NULL);
  ADD ("resume-mismatch", test_resume_mismatch, NULL);
  ADD ("heartbeat", test_heartbeat, heartbeat_args);
  ADD ("bad-input", test_bad_input, NULL);
  ADD ("too-large-not-utf8", test_too_large_and_not_utf8, NULL);
  ADD ("stall-timer", test_stall_timer, NULL);
#undef ADD
  return g_test_run ();
}
