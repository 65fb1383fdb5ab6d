/* test-hub-rest.c — the REST endpoints and ingest against data/protocol/README.md
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-test-hub.h"

typedef struct
{
  SnTestHub *hub;
  char *supervisor, *official, *manager, *admin, *ingest;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->hub = sn_test_hub_new (data);
  f->supervisor = sn_test_hub_token (f->hub, "supervisor", "王丽", NULL);
  f->official = sn_test_hub_token (f->hub, "official", "朝阳区政府", "110105");
  f->manager = sn_test_hub_token (f->hub, "manager", "张经理", NULL);
  f->admin = sn_test_hub_token (f->hub, "admin", "系统管理员", NULL);
  f->ingest = sn_test_hub_token (f->hub, "ingest", "feed", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sn_test_hub_free (f->hub);
  g_free (f->supervisor);
  g_free (f->official);
  g_free (f->manager);
  g_free (f->admin);
  g_free (f->ingest);
}

static JsonObject *
ingest (Fixture *f, const char *kind, const char *body)
{
  return sn_test_ingest (f->hub, f->ingest, kind, body);
}

/* The ids of a ticket list, joined with ",". */
static char *
list_ids (Fixture *f, const char *token, const char *query, char **next_cursor)
{
  g_autofree char *path = g_strconcat ("/v1/tickets", query, NULL);
  g_autoptr (JsonObject) page = sn_test_get_object (f->hub, token, path, 200);
  JsonArray *tickets = json_object_get_array_member (page, "tickets");
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonObject *t = json_array_get_object_element (tickets, i);

      g_assert_false (json_object_has_member (t, "history"));
      g_string_append_printf (s, "%s%s", i ? "," : "",
                              json_object_get_string_member (t, "service_request_id"));
    }
  if (next_cursor != NULL)
    *next_cursor = g_strdup (json_object_get_string_member (page, "next_cursor"));
  else
    g_assert_true (json_object_get_null_member (page, "next_cursor"));
  return g_string_free (s, FALSE);
}

static void
assert_list (Fixture *f, const char *token, const char *query, const char *expected)
{
  g_autofree char *ids = list_ids (f, token, query, NULL);

  g_test_message ("GET /v1/tickets%s → %s", query, ids);
  g_assert_cmpstr (ids, ==, expected);
}

/* ── /healthz ──────────────────────────────────────────────────────────────────── */

static void
test_healthz (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonObject) h0 = sn_test_get_object (f->hub, NULL, "/healthz", 200);
  g_autofree char *example = sn_test_load_example ("ingest-requests.json");
  g_autoptr (JsonObject) report = ingest (f, "requests", example);
  g_autoptr (JsonObject) h1 = sn_test_get_object (f->hub, NULL, "/healthz", 200);

  g_assert_true (json_object_get_boolean_member (h0, "ok"));
  sn_test_assert_members (h0, "ok=true hub=\"shuniu-hub\" head=0 tickets=0");
  g_assert_cmpuint (strlen (json_object_get_string_member (h0, "epoch")), ==, 36);
  sn_test_assert_report (report, 3, 0, 0, 0);
  g_assert_cmpstr (json_object_get_string_member (h1, "epoch"), ==,
                   json_object_get_string_member (h0, "epoch"));
  sn_test_assert_members (h1, "head=3 tickets=2");
  sn_test_expect_error (f->hub, "GET", "/nowhere", NULL, NULL, 404, "not_found");
}

/* ── GET /v1/tickets ───────────────────────────────────────────────────────────── */

static void
ingest_filter_set (Fixture *f)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *past = sn_test_time (now - 3600);
  g_autofree char *body = g_strdup_printf (
      "["
      "{\"service_request_id\": \"F-01\", \"district\": \"110105\", \"state\": \"dispatched\","
      " \"units\": [\"U-A\"], \"service_code\": \"noise.construction\","
      " \"service_name\": \"施工噪音\"},"
      "{\"service_request_id\": \"F-02\", \"district\": \"110105\", \"state\": \"accepted\","
      " \"units\": [\"U-A\", \"U-B\"], \"service_code\": \"heating\", \"service_name\": \"供暖\"},"
      "{\"service_request_id\": \"F-03\", \"district\": \"110108\", \"state\": \"dispatched\","
      " \"units\": [\"U-B\"], \"service_code\": \"noise.construction\","
      " \"service_name\": \"施工噪音\", \"expected_datetime\": \"%s\"},"
      "{\"service_request_id\": \"F-04\", \"district\": \"110108\", \"state\": \"received\","
      " \"service_code\": \"heating\", \"service_name\": \"供暖\"},"
      "{\"service_request_id\": \"F-05\", \"district\": \"110105\", \"state\": \"closed\","
      " \"units\": [\"U-C\"], \"service_code\": \"road\", \"service_name\": \"道路\","
      " \"expected_datetime\": \"%s\"},"
      "{\"service_request_id\": \"F-06\", \"district\": \"110101\", \"state\": \"in_progress\","
      " \"units\": [\"U-A\"], \"service_code\": \"road\", \"service_name\": \"道路\","
      " \"requested_datetime\": \"2025-09-30T09:00:00+08:00\","
      " \"updated_datetime\": \"2025-09-30T10:00:00+08:00\"}"
      "]",
      past, past);
  g_autoptr (JsonObject) report = ingest (f, "requests", body);

  sn_test_assert_report (report, 6, 0, 0, 0);
}

static void
test_list_filters (Fixture *f, gconstpointer data)
{
  g_autofree char *noise = g_uri_escape_string ("施工噪音", NULL, FALSE);
  g_autofree char *heating = g_uri_escape_string ("供暖", NULL, FALSE);
  g_autofree char *q = NULL;
  g_autoptr (JsonObject) all = NULL;
  JsonArray *tickets;

  ingest_filter_set (f);
  assert_list (f, f->supervisor, "", "F-01,F-02,F-03,F-04,F-05,F-06");
  assert_list (f, f->manager, "", "F-01,F-02,F-03,F-04,F-05,F-06");
  assert_list (f, f->supervisor, "?district=110105", "F-01,F-02,F-05");
  assert_list (f, f->supervisor, "?district=110199", "");
  assert_list (f, f->supervisor, "?unit=U-A", "F-01,F-02,F-06");
  assert_list (f, f->supervisor, "?unit=U-B", "F-02,F-03");
  assert_list (f, f->supervisor, "?state=dispatched", "F-01,F-03");
  assert_list (f, f->supervisor, "?state=closed", "F-05");
  assert_list (f, f->supervisor, "?category=noise.construction", "F-01,F-03");
  q = g_strconcat ("?category=", noise, NULL);
  assert_list (f, f->supervisor, q, "F-01,F-03");
  g_free (q);
  q = g_strconcat ("?category=", heating, NULL);
  assert_list (f, f->supervisor, q, "F-02,F-04");
  assert_list (f, f->supervisor, "?district=110105&state=dispatched", "F-01");
  assert_list (f, f->supervisor, "?unit=U-A&district=110101", "F-06");
  /* Stalled: the overdue one, and the old silent one; a closed ticket stalls no more. */
  assert_list (f, f->supervisor, "?stalled=any", "F-03,F-06");
  assert_list (f, f->supervisor, "?stalled=overdue", "F-03,F-06");
  assert_list (f, f->supervisor, "?stalled=silent", "F-06");
  assert_list (f, f->supervisor, "?stalled=bouncing", "");
  assert_list (f, f->supervisor, "?stalled=any&district=110108", "F-03");
  /* Officials see their district only, whatever they ask for. */
  assert_list (f, f->official, "", "F-01,F-02,F-05");
  assert_list (f, f->official, "?district=110108", "");
  assert_list (f, f->official, "?stalled=any", "");

  /* The stall filter agrees with each ticket's own stall reasons. */
  all = sn_test_get_object (f->hub, f->supervisor, "/v1/tickets", 200);
  tickets = json_object_get_array_member (all, "tickets");
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonObject *t = json_array_get_object_element (tickets, i);
      g_autofree char *reasons = sn_test_stall_reasons (t);
      const char *id = json_object_get_string_member (t, "service_request_id");

      g_assert_cmpint (*reasons != '\0', ==, g_str_equal (id, "F-03") || g_str_equal (id, "F-06"));
    }

  sn_test_expect_error (f->hub, "GET", "/v1/tickets?stalled=sleepy", f->supervisor, NULL, 400,
                        "bad_field");
  sn_test_expect_error (f->hub, "GET", "/v1/tickets?limit=0", f->supervisor, NULL, 400,
                        "bad_field");
  sn_test_expect_error (f->hub, "GET", "/v1/tickets?limit=1001", f->supervisor, NULL, 400,
                        "bad_field");
  sn_test_expect_error (f->hub, "GET", "/v1/tickets?limit=ten", f->supervisor, NULL, 400,
                        "bad_field");
  sn_test_expect_error (f->hub, "GET", "/v1/tickets", NULL, NULL, 401, "unauthorized");
  sn_test_expect_error (f->hub, "GET", "/v1/tickets", "sn_bogus", NULL, 401, "unauthorized");
  sn_test_expect_error (f->hub, "GET", "/v1/tickets", f->ingest, NULL, 403, "forbidden");
}

static void
walk_pages (Fixture *f, const char *filter, guint limit, const char *expected, guint expected_pages)
{
  g_autoptr (GString) all = g_string_new (NULL);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  do
    {
      g_autofree char *escaped = cursor ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      g_autofree char *query = g_strdup_printf ("?limit=%u%s%s%s", limit, filter,
                                                cursor ? "&cursor=" : "", cursor ? escaped : "");
      g_autofree char *ids = NULL;

      g_free (cursor);
      ids = list_ids (f, f->supervisor, query, &cursor);
      if (*ids != '\0')
        {
          g_auto (GStrv) parts = g_strsplit (ids, ",", -1);

          g_assert_cmpuint (g_strv_length (parts), <=, limit);
          g_string_append_printf (all, "%s%s", all->len ? "," : "", ids);
        }
      pages++;
      g_assert_cmpuint (pages, <=, 100);
    }
  while (cursor != NULL);
  g_assert_cmpstr (all->str, ==, expected);
  if (expected_pages > 0)
    g_assert_cmpuint (pages, ==, expected_pages);
}

static void
test_paging (Fixture *f, gconstpointer data)
{
  g_autofree char *batch = sn_test_requests_batch ("P", 0, 11, "110105", "dispatched", "U-A");
  g_autoptr (JsonObject) report = ingest (f, "requests", batch);
  g_autoptr (GString) expected = g_string_new (NULL);

  sn_test_assert_report (report, 11, 0, 0, 0);
  ingest_filter_set (f);
  g_string_append (expected, "F-01,F-02,F-03,F-04,F-05,F-06");
  for (guint i = 0; i < 11; i++)
    g_string_append_printf (expected, ",P-%04u", i);
  /* 17 work orders, two at a time: 9 pages, in id order, each once. */
  walk_pages (f, "", 2, expected->str, 9);
  walk_pages (f, "", 1, expected->str, 17);
  walk_pages (f, "", 1000, expected->str, 1);
  walk_pages (f, "&district=110105", 2,
              "F-01,F-02,F-05,P-0000,P-0001,P-0002,P-0003,P-0004,P-0005,P-0006,P-0007,P-0008,"
              "P-0009,P-0010",
              0);
  walk_pages (f, "&unit=U-B", 1, "F-02,F-03", 0);
}

/* ── GET /v1/tickets/{id} ──────────────────────────────────────────────────────── */

static guint
get_ticket_raw (Fixture *f, const char *token, const char *id, char **etag, char **body)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *url = sn_test_hub_url (f->hub, "/v1/tickets/%s", escaped);

  return sn_test_http_full ("GET", url, token, NULL, NULL, body, "ETag", etag);
}

static void
test_ticket_detail (Fixture *f, gconstpointer data)
{
  g_autofree char *example = sn_test_load_example ("ingest-requests.json");
  g_autoptr (JsonObject) report = ingest (f, "requests", example);
  const char *odd_ids[] = { "工单 001", "C%2FD", "50%zz" };
  g_autoptr (JsonObject) other = ingest (f, "requests",
                                         "[{\"service_request_id\": \"工单 001\"},"
                                         " {\"service_request_id\": \"C%2FD\"},"
                                         " {\"service_request_id\": \"50%zz\"}]");
  g_autofree char *etag = NULL;
  g_autofree char *body = NULL;
  g_autoptr (JsonObject) t = NULL;
  JsonArray *history;
  guint status;

  status = get_ticket_raw (f, f->supervisor, "BJ-20250930-000017", &etag, &body);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (etag, ==, "\"2\"");
  t = sn_test_parse_object (body);
  sn_test_assert_members (t,
                          "version=2 state=\"dispatched\" agency_responsible=\"朝阳区城管执法局\" "
                          "requested_datetime=\"2025-09-30T01:12:00Z\"");
  history = json_object_get_array_member (t, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 2);
  sn_test_assert_members (json_array_get_object_element (history, 0),
                          "kind=\"received\" time=\"2025-09-30T01:12:00Z\"");
  sn_test_assert_members (json_array_get_object_element (history, 1),
                          "kind=\"dispatched\" time=\"2025-09-30T01:40:00Z\" reason=\"派单\" "
                          "units=[\"朝阳区城管执法局\"]");

  /* Ids that need escaping in the URL, "%" included (the path is decoded once). */
  for (guint i = 0; i < G_N_ELEMENTS (odd_ids); i++)
    {
      g_clear_pointer (&t, json_object_unref);
      t = sn_test_get_ticket (f->hub, f->supervisor, odd_ids[i]);
      g_assert_cmpstr (json_object_get_string_member (t, "service_request_id"), ==, odd_ids[i]);
    }
  sn_test_expect_error (f->hub, "GET", "/v1/tickets/%25zz", f->supervisor, NULL, 404, "not_found");
  g_assert_cmpint (sn_test_hub_head (f->hub), ==, 6); /* still up */

  /* Unknown, and outside an official's districts: the same 404. */
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&etag, g_free);
  status = get_ticket_raw (f, f->supervisor, "BJ-NONE", &etag, &body);
  sn_test_assert_error (status, body, 404, "not_found");
  g_assert_null (etag);
  g_clear_pointer (&body, g_free);
  status = get_ticket_raw (f, f->official, "BJ-20250930-000018", &etag, &body);
  sn_test_assert_error (status, body, 404, "not_found");
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&etag, g_free);
  status = get_ticket_raw (f, f->official, "BJ-20250930-000017", &etag, &body);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (etag, ==, "\"2\"");
  sn_test_expect_error (f->hub, "DELETE", "/v1/tickets/BJ-20250930-000017", f->supervisor, NULL,
                        405, "invalid");
}

/* ── POST /v1/tickets/{id}/commands ────────────────────────────────────────────── */

static void
test_post_command (Fixture *f, gconstpointer data)
{
  const char *note = "{\"action\": \"note\", \"reason\": \"电话联系了施工方\"}";
  g_autofree char *example = sn_test_load_example ("ingest-requests.json");
  g_autoptr (JsonObject) report = ingest (f, "requests", example);
  g_autofree char *epoch = NULL;
  gint64 head;
  g_autoptr (SnTestClient)
      console = sn_test_client_open_live (f->hub, f->supervisor, &epoch, &head);
  g_autoptr (JsonObject) e = NULL;
  g_autoptr (JsonObject) t = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  g_autofree char *first = NULL;
  g_autofree char *long_key = g_strnfill (65, 'k');
  const char *id = "BJ-20250930-000017";
  SnTestReply r = { 0 };
  const struct
  {
    const char *key, *if_match, *body;
    guint status;
    const char *code;
  } bad[] = {
    { "key-1", NULL, NULL, 428, "missing_field" },
    { NULL, "\"2\"", NULL, 400, "missing_field" },
    { long_key, "\"2\"", NULL, 400, "missing_field" },
    { "key-1", "two", NULL, 400, "bad_field" },
    { "key-1", "\"2\"", "{\"action\": ", 400, "malformed" },
    { "key-1", "\"2\"", "{\"action\": \"fly\", \"reason\": \"r\"}", 400, "bad_field" },
    /* No reason: "invalid", HTTP 422 (README, Errors). */
    { "key-1", "\"2\"", "{\"action\": \"note\", \"reason\": \"\"}", 422, "invalid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      sn_test_post_command (f->hub, f->supervisor, id, bad[i].key, bad[i].if_match,
                            bad[i].body ? bad[i].body : note, &r);
      sn_test_assert_error (r.status, r.body, bad[i].status, bad[i].code);
    }

  /* Stale If-Match: 412 with the conflict ack and the current version. */
  sn_test_post_command (f->hub, f->supervisor, id, "key-stale", "\"1\"", note, &r);
  sn_test_assert_ack_reply (&r, 412, "key-stale", FALSE, 2, "conflict");
  g_assert_null (r.etag);
  first = g_strdup (r.body);
  sn_test_post_command (f->hub, f->supervisor, id, "key-stale", "\"2\"", note, &r);
  g_assert_cmpuint (r.status, ==, 412);
  g_assert_cmpstr (r.body, ==, first);
  g_clear_pointer (&first, g_free);

  /* Success: 200, the ack, the new ETag; the same key again: the same answer, no change. */
  sn_test_post_command (f->hub, f->supervisor, id, "key-1", "\"2\"", note, &r);
  sn_test_assert_ack_reply (&r, 200, "key-1", TRUE, 3, NULL);
  g_assert_cmpstr (r.etag, ==, "\"3\"");
  first = g_strdup (r.body);
  sn_test_post_command (f->hub, f->supervisor, id, "key-1", "\"2\"", note, &r);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.body, ==, first);
  g_assert_cmpstr (r.etag, ==, "\"3\"");
  sn_test_post_command (f->hub, f->supervisor, id, "key-1", "W/\"3\"",
                        "{\"action\": \"escalate\", \"reason\": \"again?\"}", &r);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.body, ==, first);
  t = sn_test_get_ticket (f->hub, f->supervisor, id);
  sn_test_assert_members (t, "version=3 tier=0");
  g_assert_cmpuint (sn_test_count_history (t, "note", "电话联系了施工方"), ==, 1);

  /* The console hears of it once. */
  e = sn_test_client_next_event (console, 5000);
  g_assert_cmpint (json_object_get_int_member (e, "seq"), ==, head + 1);
  g_assert_cmpint (
      json_object_get_int_member (json_object_get_object_member (e, "payload"), "version"), ==, 3);
  g_assert_cmpuint (sn_test_client_pending (console), ==, 0);

  /* Unknown ticket; roles that may not act. */
  sn_test_post_command (f->hub, f->supervisor, "BJ-NONE", "key-2", "\"1\"", note, &r);
  sn_test_assert_ack_reply (&r, 404, "key-2", FALSE, 0, "not_found");
  sn_test_post_command (f->hub, f->official, id, "key-3", "\"3\"", note, &r);
  sn_test_assert_ack_reply (&r, 403, "key-3", FALSE, 3, "forbidden");
  sn_test_post_command (f->hub, f->official, "BJ-20250930-000018", "key-4", "\"1\"", note, &r);
  sn_test_assert_ack_reply (&r, 403, "key-4", FALSE, 0, "forbidden");
  sn_test_post_command (f->hub, f->manager, id, "key-5", "\"3\"", note, &r);
  sn_test_assert_ack_reply (&r, 403, "key-5", FALSE, 3, "forbidden");
  sn_test_post_command (f->hub, f->ingest, id, "key-6", "\"3\"", note, &r);
  sn_test_assert_error (r.status, r.body, 403, "forbidden");
  /* Not allowed now (the same units): 422 with the version. */
  sn_test_post_command (
      f->hub, f->supervisor, id, "key-7", "\"3\"",
      "{\"action\": \"reassign\", \"reason\": \"r\", \"units\": [\"朝阳区城管执法局\"]}", &r);
  sn_test_assert_ack_reply (&r, 422, "key-7", FALSE, 3, "invalid");
  sn_test_reply_clear (&r);

  audit = sn_test_get_audit (f->hub, f->admin);
  sn_test_assert_members (sn_test_find_audit (audit, "key-1"),
                          "outcome=\"ok\" actor=\"王丽\" action=\"note\"");
  g_assert_true (g_str_has_prefix (
      json_object_get_string_member (sn_test_find_audit (audit, "key-1"), "origin"), "rest "));
}

/* A body of @length bytes: a JSON array padded with spaces. */
static char *
padded_array (gsize length)
{
  char *text = g_malloc (length + 1);

  memset (text, ' ', length);
  text[0] = '[';
  text[length - 1] = ']';
  text[length] = '\0';
  return text;
}

/* Bodies are bounded by their declared length: a client that waits for "100 Continue" is
 * refused before it sends the body; one that sends it anyway gets the same 413. */
static void
test_body_limits (Fixture *f, gconstpointer data)
{
  struct
  {
    const char *path;
    guint64 length;
    guint status;
  } cases[] = {
    { "/v1/ingest/requests", 4 * 1024 * 1024 + 1, 413 },
    { "/v1/ingest/calls", 64 * 1024 * 1024, 413 },
    { "/v1/tickets/T-1/commands", 64 * 1024 + 1, 413 },
  };
  g_autofree char *url = sn_test_hub_url (f->hub, "/v1/ingest/requests");
  g_autofree char *at_limit = padded_array (4 * 1024 * 1024);
  g_autofree char *over_limit = padded_array (4 * 1024 * 1024 + 1);
  g_autofree char *body = NULL;
  g_autoptr (JsonObject) report = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *request = g_strdup_printf (
          "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
          "Idempotency-Key: k\r\nIf-Match: \"1\"\r\nContent-Type: application/json\r\n"
          "Expect: 100-continue\r\nContent-Length: %" G_GUINT64_FORMAT "\r\n\r\n",
          cases[i].path, strstr (cases[i].path, "ingest") ? f->ingest : f->supervisor,
          cases[i].length);
      g_autofree char *response = NULL;

      g_test_message ("%s with %" G_GUINT64_FORMAT " bytes", cases[i].path, cases[i].length);
      g_assert_cmpuint (sn_test_raw_http (f->hub, request, &response), ==, cases[i].status);
      g_assert_nonnull (strstr (response, "\"too_large\""));
    }
  g_assert_cmpuint (sn_test_http ("POST", url, f->ingest, over_limit, NULL, &body), ==, 413);
  sn_test_assert_error (413, body, 413, "too_large");
  report = ingest (f, "requests", at_limit);
  sn_test_assert_report (report, 0, 0, 0, 0);
  {
    g_autofree char *request = g_strdup_printf (
        "POST /v1/ingest/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
        "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n2\r\n[]\r\n0\r\n\r\n",
        f->ingest);

    g_assert_cmpuint (sn_test_raw_http (f->hub, request, NULL), ==, 411);
  }
  /* The hub still serves. */
  g_assert_cmpint (sn_test_hub_head (f->hub), ==, 0);
}

/* ── GET /v1/queues and /v1/audit ──────────────────────────────────────────────── */

static void
test_queues (Fixture *f, gconstpointer data)
{
  gint64 base;
  g_autofree char *today = sn_test_calls_example_today (&base);
  g_autoptr (JsonObject) r2 = ingest (f, "calls", today);
  g_autoptr (JsonObject) q = sn_test_get_object (f->hub, f->supervisor, "/v1/queues", 200);
  g_autoptr (JsonObject) q2 = NULL;
  g_autoptr (JsonObject) r3 = NULL;
  g_autofree char *waiting_since = sn_test_time (base + 320);
  g_autofree char *enter = NULL;
  JsonArray *queues = json_object_get_array_member (q, "queues");
  JsonArray *agents = json_object_get_array_member (q, "agents");
  JsonObject *general, *counts, *counters, *metrics, *agent;
  JsonArray *intervals;
  gint64 offered = 0;

  sn_test_assert_report (r2, 5, 0, 0, 0);
  g_assert_cmpuint (json_array_get_length (queues), ==, 1);
  general = json_array_get_object_element (queues, 0);
  g_assert_cmpstr (json_object_get_string_member (general, "queue"), ==, "general");
  g_assert_cmpint (json_object_get_int_member (general, "waiting"), ==, 0);
  g_assert_true (json_object_get_null_member (general, "longest_wait_since"));
  counts = json_object_get_object_member (general, "agents");
  sn_test_assert_members (counts, "available=0 on_call=0 wrapup=0 paused=1 offline=0");
  sn_test_assert_members (json_object_get_object_member (counts, "paused_reasons"), "training=1");
  /* One call offered, answered after 7 s (within 15 s), 238 s talk and 30 s wrap-up. */
  counters = json_object_get_object_member (general, "today");
  sn_test_assert_members (counters, "offered=1 answered=1 answered_within=1 abandoned=0 "
                                    "abandoned_within=0 timed_out=0 answer_wait_total=7 "
                                    "handled=1 handle_total=268");
  metrics = json_object_get_object_member (general, "metrics");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (metrics, "service_level"), 1.0,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (metrics, "abandon_rate"), 0.0,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (metrics, "asa"), 7.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (metrics, "aht"), 268.0, 1e-9);
  intervals = json_object_get_array_member (general, "intervals");
  g_assert_cmpuint (json_array_get_length (intervals), >=, 1);
  for (guint i = 0; i < json_array_get_length (intervals); i++)
    offered += json_object_get_int_member (json_array_get_object_element (intervals, i), "offered");
  g_assert_cmpint (offered, ==, 1);
  g_assert_cmpuint (json_array_get_length (agents), ==, 1);
  agent = json_array_get_object_element (agents, 0);
  sn_test_assert_members (agent, "agent=\"A1042\" state=\"paused\" pause_reason=\"training\" "
                                 "queues=[\"general\"] callid=null");

  /* A caller now waiting. */
  enter = g_strdup_printf ("[{\"time\": \"%s\", \"event\": \"ENTERQUEUE\", \"queue\": "
                           "\"general\", \"callid\": \"c-2\"}]",
                           waiting_since);
  r3 = ingest (f, "calls", enter);
  sn_test_assert_report (r3, 1, 0, 0, 0);
  q2 = sn_test_get_object (f->hub, f->manager, "/v1/queues", 200);
  general = json_array_get_object_element (json_object_get_array_member (q2, "queues"), 0);
  g_assert_cmpint (json_object_get_int_member (general, "waiting"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (general, "longest_wait_since"), ==,
                   waiting_since);
  sn_test_assert_members (json_object_get_object_member (general, "today"), "offered=2");

  sn_test_expect_error (f->hub, "GET", "/v1/queues", f->official, NULL, 403, "forbidden");
  sn_test_expect_error (f->hub, "GET", "/v1/queues", f->ingest, NULL, 403, "forbidden");
  sn_test_expect_error (f->hub, "GET", "/v1/queues", NULL, NULL, 401, "unauthorized");
}

/* Queue state survives a restart and a crash (checkpoint and journal of call events). */
static void
test_queues_restart (Fixture *f, gconstpointer data)
{
  gint64 base;
  g_autofree char *today = sn_test_calls_example_today (&base);
  g_autofree char *more = g_strdup_printf (
      "[{\"time\": %" G_GINT64_FORMAT ", \"event\": \"ENTERQUEUE\", \"queue\": \"general\","
      " \"callid\": \"c-9\"}, {\"time\": %" G_GINT64_FORMAT ", \"event\": \"AGENTLOGIN\","
      " \"queue\": \"housing\", \"agent\": \"A2001\"}]",
      base + 330, base + 331);
  g_autoptr (JsonObject) r1 = ingest (f, "calls", today);
  g_autoptr (JsonObject) r2 = ingest (f, "calls", more);
  g_autofree char *url = sn_test_hub_url (f->hub, "/v1/queues");
  g_autofree char *before = NULL;

  sn_test_assert_report (r1, 5, 0, 0, 0);
  sn_test_assert_report (r2, 2, 0, 0, 0);
  g_assert_cmpuint (sn_test_http ("GET", url, f->supervisor, NULL, NULL, &before), ==, 200);
  g_assert_nonnull (strstr (before, "\"A2001\""));
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *after = NULL;

      if (i == 0)
        sn_test_hub_stop (f->hub);
      else
        sn_test_hub_kill (f->hub);
      sn_test_hub_start (f->hub);
      g_assert_cmpuint (sn_test_http ("GET", url, f->supervisor, NULL, NULL, &after), ==, 200);
      g_assert_cmpstr (after, ==, before);
    }
}

/* The example as it is: every record applies, and the agent ends paused for training. */
static void
test_queues_example (Fixture *f, gconstpointer data)
{
  g_autofree char *verbatim = sn_test_load_example ("ingest-calls.json");
  g_autoptr (JsonObject) report = ingest (f, "calls", verbatim);
  g_autoptr (JsonObject) q = sn_test_get_object (f->hub, f->admin, "/v1/queues", 200);
  JsonArray *agents = json_object_get_array_member (q, "agents");
  JsonObject *agent;

  sn_test_assert_report (report, 5, 0, 0, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (q, "queues")), ==, 1);
  g_assert_cmpuint (json_array_get_length (agents), ==, 1);
  agent = json_array_get_object_element (agents, 0);
  sn_test_assert_members (agent, "state=\"paused\" pause_reason=\"training\" "
                                 "since=\"2025-09-30T00:05:00Z\" callid=null");
}

static void
test_audit_access (Fixture *f, gconstpointer data)
{
  g_autofree char *example = sn_test_load_example ("ingest-requests.json");
  g_autoptr (JsonObject) report = ingest (f, "requests", example);
  g_autoptr (GPtrArray) audit = sn_test_get_audit (f->hub, f->admin);
  g_autoptr (JsonObject) page = NULL;
  JsonArray *records;
  guint creates = 0, ingests = 0;

  sn_test_expect_error (f->hub, "GET", "/v1/audit", f->supervisor, NULL, 403, "forbidden");
  sn_test_expect_error (f->hub, "GET", "/v1/audit", f->official, NULL, 403, "forbidden");
  sn_test_expect_error (f->hub, "GET", "/v1/audit", f->ingest, NULL, 403, "forbidden");
  sn_test_expect_error (f->hub, "GET", "/v1/audit", NULL, NULL, 401, "unauthorized");
  sn_test_expect_error (f->hub, "GET", "/v1/audit?after=x", f->admin, NULL, 400, "bad_field");
  sn_test_expect_error (f->hub, "GET", "/v1/audit?limit=0", f->admin, NULL, 400, "bad_field");

  /* Five tokens made on the command line, one ingest. */
  for (guint i = 0; i < audit->len; i++)
    {
      JsonObject *r = audit->pdata[i];
      const char *action = json_object_get_string_member (r, "action");

      if (g_str_equal (action, "token.create"))
        {
          creates++;
          g_assert_cmpstr (json_object_get_string_member (r, "origin"), ==, "cli");
        }
      else if (g_str_equal (action, "ingest.requests"))
        {
          ingests++;
          g_assert_cmpstr (json_object_get_string_member (r, "actor"), ==, "feed");
          g_assert_cmpstr (json_object_get_string_member (r, "role"), ==, "ingest");
          g_assert_cmpstr (json_object_get_string_member (r, "outcome"), ==, "ok");
          g_assert_true (g_str_has_prefix (json_object_get_string_member (r, "origin"), "rest "));
        }
    }
  g_assert_cmpuint (creates, ==, 5);
  g_assert_cmpuint (ingests, ==, 1);
  g_assert_cmpuint (audit->len, ==, 6);

  /* Paging: after the first record, at most two. */
  page = sn_test_get_object (f->hub, f->manager, "/v1/audit?after=1&limit=2", 200);
  records = json_object_get_array_member (page, "audit");
  g_assert_cmpuint (json_array_get_length (records), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (records, 0), "id"),
                   ==, json_object_get_int_member (audit->pdata[1], "id"));
}

/* ── ingest ────────────────────────────────────────────────────────────────────── */

static void
assert_absent (Fixture *f, const char *id)
{
  g_autofree char *path = g_strconcat ("/v1/tickets/", id, NULL);

  sn_test_expect_error (f->hub, "GET", path, f->supervisor, NULL, 404, "not_found");
}

static void
test_ingest_bad_records (Fixture *f, gconstpointer data)
{
  const char *batch =
      "[{\"service_request_id\": \"G-1\", \"district\": \"110105\", \"description\": \"orig\"},"
      " {\"description\": \"no id\"},"
      " {\"service_request_id\": \"B-2\", \"priority\": 9},"
      " {\"service_request_id\": \"B-3\", \"lat\": 39.9},"
      " 42,"
      " {\"service_request_id\": \"B-5\", \"state\": \"flying\"},"
      " {\"service_request_id\": \"G-1\", \"description\": \"changed\", \"priority\": 0},"
      " {\"service_request_id\": \"G-2\", \"district\": \"110108\", \"state\": \"dispatched\","
      "  \"units\": [\"U\"]},"
      " {\"service_request_id\": \"\"},"
      " {\"service_request_id\": \"B-9\", \"requested_datetime\": \"yesterday\"},"
      " {\"service_request_id\": \"B-10\", \"units\": \"U\"}]";
  g_autoptr (JsonObject) report = ingest (f, "requests", batch);
  g_autoptr (JsonObject) g1 = NULL;
  g_autoptr (JsonObject) g2 = NULL;

  sn_test_assert_report (report, 2, 0, 0, 9);
  sn_test_assert_problem (report, 0, 1, NULL, "missing_field");
  sn_test_assert_problem (report, 1, 2, "B-2", "bad_field");
  sn_test_assert_problem (report, 2, 3, "B-3", "missing_field");
  sn_test_assert_problem (report, 3, 4, NULL, "not_object");
  sn_test_assert_problem (report, 4, 5, "B-5", "bad_field");
  sn_test_assert_problem (report, 5, 6, "G-1", "bad_field");
  sn_test_assert_problem (report, 6, 8, NULL, "bad_field");
  sn_test_assert_problem (report, 7, 9, "B-9", "bad_field");
  sn_test_assert_problem (report, 8, 10, "B-10", "bad_field");
  /* The good ones applied, nothing of the bad ones kept. */
  g1 = sn_test_get_ticket (f->hub, f->supervisor, "G-1");
  g_assert_cmpstr (json_object_get_string_member (g1, "description"), ==, "orig");
  g_assert_cmpint (json_object_get_int_member (g1, "version"), ==, 1);
  g2 = sn_test_get_ticket (f->hub, f->supervisor, "G-2");
  g_assert_cmpstr (json_object_get_string_member (g2, "state"), ==, "dispatched");
  for (guint i = 2; i <= 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("B-%u", i);

      assert_absent (f, id);
    }
  g_assert_cmpint (sn_test_hub_head (f->hub), ==, 2);
}

static void
test_ingest_updates (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonObject) r1 = ingest (f, "requests",
                                      "[{\"service_request_id\": \"S-1\", \"description\": \"a\","
                                      " \"district\": \"110105\", \"state\": \"dispatched\","
                                      " \"units\": [\"U\"],"
                                      " \"updated_datetime\": \"2026-01-02T08:00:00+08:00\"}]");
  g_autoptr (JsonObject) r2 = ingest (f, "requests",
                                      "[{\"service_request_id\": \"S-1\", \"description\": \"old\","
                                      " \"updated_datetime\": \"2026-01-01T08:00:00+08:00\"}]");
  g_autoptr (JsonObject) r3 = NULL;
  g_autoptr (JsonObject) r4 = NULL;
  g_autoptr (JsonObject) r5 = NULL;
  g_autoptr (JsonObject) r6 = NULL;
  g_autoptr (JsonObject) t = NULL;
  gint64 head;

  sn_test_assert_report (r1, 1, 0, 0, 0);
  /* An older update never overwrites a newer one. */
  sn_test_assert_report (r2, 0, 0, 1, 0);
  sn_test_assert_problem (r2, 0, 0, "S-1", "stale");
  t = sn_test_get_ticket (f->hub, f->supervisor, "S-1");
  sn_test_assert_members (t, "description=\"a\" version=1");
  head = sn_test_hub_head (f->hub);
  g_assert_cmpint (head, ==, 1);

  /* A newer one applies; only the fields present change; a new state goes to history. */
  r3 = ingest (f, "requests",
               "[{\"service_request_id\": \"S-1\", \"state\": \"accepted\","
               " \"updated_datetime\": \"2026-01-03T08:00:00+08:00\"}]");
  sn_test_assert_report (r3, 1, 0, 0, 0);
  g_clear_pointer (&t, json_object_unref);
  t = sn_test_get_ticket (f->hub, f->supervisor, "S-1");
  sn_test_assert_members (t, "version=2 description=\"a\" state=\"accepted\" "
                             "accepted_datetime=\"2026-01-03T00:00:00Z\"");
  g_assert_cmpuint (sn_test_count_history (t, "accepted", NULL), ==, 1);

  /* Units replaced (not only added): a transfer and a bounce. */
  r4 = ingest (f, "requests",
               "[{\"service_request_id\": \"S-1\", \"units\": [\"V\"],"
               " \"updated_datetime\": \"2026-01-04T08:00:00+08:00\"}]");
  sn_test_assert_report (r4, 1, 0, 0, 0);
  g_clear_pointer (&t, json_object_unref);
  t = sn_test_get_ticket (f->hub, f->supervisor, "S-1");
  g_assert_cmpint (json_object_get_int_member (t, "bounce_count"), ==, 1);
  g_assert_cmpuint (sn_test_count_history (t, "transferred", NULL), ==, 1);

  /* Extensions inside extended_attributes; an unknown channel there is "other". */
  r5 = ingest (f, "requests",
               "[{\"service_request_id\": \"E-1\", \"extended_attributes\": {\"channel\": \"fax\","
               " \"district\": \"110108\", \"priority\": 2}}]");
  sn_test_assert_report (r5, 1, 0, 0, 0);
  g_clear_pointer (&t, json_object_unref);
  t = sn_test_get_ticket (f->hub, f->supervisor, "E-1");
  sn_test_assert_members (t, "channel=\"other\" district=\"110108\" priority=2");

  /* Paused and resumed for an hour of a working morning: the clock stops for 3,600 working
   * seconds, and history says so. */
  r6 = ingest (f, "requests",
               "[{\"service_request_id\": \"S-1\", \"paused\": true,"
               " \"updated_datetime\": \"2026-01-05T10:00:00+08:00\"},"
               " {\"service_request_id\": \"S-1\", \"paused\": false,"
               " \"updated_datetime\": \"2026-01-05T11:00:00+08:00\"}]");
  sn_test_assert_report (r6, 2, 0, 0, 0);
  g_clear_pointer (&t, json_object_unref);
  t = sn_test_get_ticket (f->hub, f->supervisor, "S-1");
  g_assert_cmpuint (sn_test_count_history (t, "paused", NULL), ==, 1);
  g_assert_cmpuint (sn_test_count_history (t, "resumed", NULL), ==, 1);
  sn_test_assert_members (t, "paused_since=null paused_seconds=3600 version=5");

  /* "paused" inside extended_attributes, like the other extensions; sent again, it is no
   * change. */
  g_clear_pointer (&r6, json_object_unref);
  r6 = ingest (f, "requests",
               "[{\"service_request_id\": \"S-1\", \"extended_attributes\": {\"paused\": true},"
               " \"updated_datetime\": \"2026-01-06T10:00:00+08:00\"},"
               " {\"service_request_id\": \"S-1\", \"extended_attributes\": {\"paused\": true},"
               " \"updated_datetime\": \"2026-01-06T10:00:00+08:00\"}]");
  sn_test_assert_report (r6, 1, 1, 0, 0);
  g_clear_pointer (&t, json_object_unref);
  t = sn_test_get_ticket (f->hub, f->supervisor, "S-1");
  sn_test_assert_members (t, "paused_since=\"2026-01-06T02:00:00Z\" version=6");
  g_assert_cmpuint (sn_test_count_history (t, "paused", NULL), ==, 2);
}

static void
test_ingest_unchanged (Fixture *f, gconstpointer data)
{
  const char *record = "[{\"service_request_id\": \"U-1\", \"district\": \"110105\","
                       " \"state\": \"dispatched\", \"units\": [\"U\"],"
                       " \"updated_datetime\": \"2026-01-02T08:00:00+08:00\"}]";
  g_autoptr (JsonObject) r1 = ingest (f, "requests", record);
  g_autoptr (JsonObject) r2 = ingest (f, "requests", record);

  g_autoptr (JsonObject) t = NULL;

  sn_test_assert_report (r1, 1, 0, 0, 0);
  /* The same record again changes nothing: no new version, no event, and it is no progress
   * (which would hide a work order that has none: the "silent" stall). */
  sn_test_assert_report (r2, 0, 1, 0, 0);
  g_assert_cmpint (sn_test_hub_head (f->hub), ==, 1);
  t = sn_test_get_ticket (f->hub, f->supervisor, "U-1");
  sn_test_assert_members (t, "version=1 last_progress_datetime=null");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t, "history")), ==, 2);
}

static void
test_ingest_refused (Fixture *f, gconstpointer data)
{
  const char *good = "[{\"service_request_id\": \"X-1\"}]";
  g_autofree char *deep = g_strnfill (40, '[');

  sn_test_expect_error (f->hub, "POST", "/v1/ingest/requests", f->ingest, "{\"records\": []}", 400,
                        "bad_field");
  sn_test_expect_error (f->hub, "POST", "/v1/ingest/calls", f->ingest, "\"x\"", 400, "bad_field");
  sn_test_expect_error (f->hub, "POST", "/v1/ingest/requests", f->ingest,
                        "[{\"service_request_id\":", 400, "malformed");
  sn_test_expect_error (f->hub, "POST", "/v1/ingest/requests", f->ingest, deep, 400, "too_deep");
  sn_test_expect_error (f->hub, "POST", "/v1/ingest/requests", f->supervisor, good, 403,
                        "forbidden");
  sn_test_expect_error (f->hub, "POST", "/v1/ingest/requests", f->admin, good, 403, "forbidden");
  sn_test_expect_error (f->hub, "POST", "/v1/ingest/requests", NULL, good, 401, "unauthorized");
  sn_test_expect_error (f->hub, "GET", "/v1/ingest/requests", f->ingest, NULL, 405, "invalid");
  g_assert_cmpint (sn_test_hub_head (f->hub), ==, 0);
  assert_absent (f, "X-1");
}

static void
test_ingest_calls_bad (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *t = sn_test_time (now - 10);
  g_autofree char *batch = g_strdup_printf (
      "[{\"time\": \"%s\", \"event\": \"AGENTLOGIN\", \"queue\": \"q1\", \"agent\": \"A1\"},"
      " {\"time\": \"%s\", \"event\": \"TELEPORT\", \"queue\": \"q1\"},"
      " {\"time\": \"%s\", \"event\": \"ENTERQUEUE\", \"queue\": \"q1\"},"
      " {\"event\": \"ENTERQUEUE\", \"queue\": \"q1\", \"callid\": \"c0\"},"
      " {\"time\": \"%s\", \"event\": \"ABANDON\", \"queue\": \"q1\", \"callid\": \"never\"},"
      " 7,"
      " {\"time\": \"%s\", \"event\": \"ENTERQUEUE\", \"queue\": \"q1\", \"callid\": \"c1\"}]",
      t, t, t, t, t);
  g_autoptr (JsonObject) report = ingest (f, "calls", batch);
  g_autoptr (JsonObject) q = sn_test_get_object (f->hub, f->supervisor, "/v1/queues", 200);
  JsonObject *q1;

  sn_test_assert_report (report, 2, 0, 0, 5);
  sn_test_assert_problem (report, 0, 1, NULL, "unknown_type");
  sn_test_assert_problem (report, 1, 2, NULL, "missing_field");
  sn_test_assert_problem (report, 2, 3, NULL, "missing_field");
  g_assert_cmpint (json_object_get_int_member (sn_test_problem (report, 3), "index"), ==, 4);
  sn_test_assert_problem (report, 4, 5, NULL, "not_object");
  q1 = json_array_get_object_element (json_object_get_array_member (q, "queues"), 0);
  g_assert_cmpstr (json_object_get_string_member (q1, "queue"), ==, "q1");
  sn_test_assert_members (q1, "waiting=1");
  sn_test_assert_members (json_object_get_object_member (q1, "today"), "offered=1 abandoned=0");
  sn_test_assert_members (json_object_get_object_member (q1, "agents"), "available=1");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn)                                                                              \
  g_test_add ("/hub/rest/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("healthz", test_healthz);
  ADD ("list-filters", test_list_filters);
  ADD ("paging", test_paging);
  ADD ("ticket-detail", test_ticket_detail);
  ADD ("post-command", test_post_command);
  ADD ("body-limits", test_body_limits);
  ADD ("queues", test_queues);
  ADD ("queues-example", test_queues_example);
  ADD ("queues-restart", test_queues_restart);
  ADD ("audit-access", test_audit_access);
  ADD ("ingest-bad-records", test_ingest_bad_records);
  ADD ("ingest-updates", test_ingest_updates);
  ADD ("ingest-unchanged", test_ingest_unchanged);
  ADD ("ingest-refused", test_ingest_refused);
  ADD ("ingest-calls-bad", test_ingest_calls_bad);
#undef ADD
  return g_test_run ();
}
