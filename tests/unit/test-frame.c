/* test-frame.c — the one-pass frame decoder against the json-glib path it replaces
 *
 * Every test is differential: the same text goes through SnFrame and through json-glib
 * (sn_ticket_from_json(), the console model's JsonObject API) and must give the same work
 * orders, queues, agents, signals and errors. Texts: the protocol's examples, random work
 * orders written by the hub's own writer (plain, with every character escaped, pretty-printed),
 * field-by-field mutations, real call-center output, and every class of bad input.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sn-call-center.h"
#include "sn-console-model.h"
#include "sn-frame.h"
#include "sn-json.h"
#include "sn-protocol.h"
#include "sn-ticket-json.h"
#include "test-frame-inputs.h"

#define MAX_FRAME (1024 * 1024) /* as the console model */

/* ── dumps: every field, as text, so that a difference reads as a diff ─────────── */

static void
dump_str (GString *s, const char *name, const char *v)
{
  g_autofree char *escaped = v != NULL ? g_strescape (v, NULL) : NULL;

  g_string_append_printf (s, " %s=%s", name, v != NULL ? escaped : "(null)");
}

static void
dump_strv (GString *s, const char *name, char **v)
{
  g_string_append_printf (s, " %s=[", name);
  for (guint i = 0; v != NULL && v[i] != NULL; i++)
    dump_str (s, "", v[i]);
  g_string_append (s, v != NULL ? "]" : "(null)]");
}

static void
dump_history (GString *s, const SnTicket *t)
{
  if (t->history == NULL)
    {
      g_string_append (s, "\n  history=(null)");
      return;
    }
  for (guint i = 0; i < t->history->len; i++)
    {
      const SnHistoryEntry *e = t->history->pdata[i];

      g_string_append_printf (s, "\n  history %" G_GINT64_FORMAT " %d", e->time, e->kind);
      dump_str (s, "actor", e->actor);
      dump_strv (s, "units", e->units);
      dump_str (s, "reason", e->reason);
      g_string_append_printf (s, " due=%" G_GINT64_FORMAT " tier=%d", e->due, e->tier);
    }
}

static void
dump_ticket (GString *s, const SnTicket *t, const SnStall *stalls, guint n_stalls, gint64 deadline)
{
  const gint64 times[] = { t->requested_at,      t->updated_at,       t->dispatched_at,
                           t->accepted_at,       t->last_progress_at, t->last_bounce_at,
                           t->reopened_at,       t->closed_at,        t->escalation_due,
                           t->deadline_override, t->paused_since };

  dump_str (s, "id", t->service_request_id);
  dump_str (s, "code", t->service_code);
  dump_str (s, "name", t->service_name);
  dump_str (s, "description", t->description);
  dump_str (s, "notes", t->status_notes);
  dump_str (s, "address", t->address);
  dump_str (s, "district", t->district);
  dump_str (s, "street", t->street);
  dump_strv (s, "units", t->units);
  g_string_append_printf (s, "\n  location=%d %a %a channel=%d type=%d state=%d", t->has_location,
                          t->lat, t->lon, t->channel, t->type, t->state);
  g_string_append_printf (s, " priority=%d tier=%d bounces=%d version=%" G_GINT64_FORMAT,
                          t->priority, t->tier, t->bounce_count, t->version);
  g_string_append_printf (s, " extension=%" G_GINT64_FORMAT " paused=%" G_GINT64_FORMAT "\n  times",
                          t->extension_seconds, t->paused_seconds);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    g_string_append_printf (s, " %" G_GINT64_FORMAT, times[i]);
  g_string_append_printf (s, "\n  deadline=%" G_GINT64_FORMAT " stalls", deadline);
  for (guint i = 0; i < n_stalls; i++)
    g_string_append_printf (s, " %d@%" G_GINT64_FORMAT, stalls[i].reason, stalls[i].since);
  dump_history (s, t);
  g_string_append_c (s, '\n');
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static void
dump_queue (GString *s, const SnQueueView *q)
{
  g_autoptr (GPtrArray) reasons = sorted_keys (q->paused_reasons);
  const SnQueueCounters *c = &q->today;

  dump_str (s, "queue", q->name);
  g_string_append_printf (s, " waiting=%u longest=%" G_GINT64_FORMAT " agents=%u/%u/%u/%u/%u",
                          q->waiting, q->longest_wait_since, q->agents[0], q->agents[1],
                          q->agents[2], q->agents[3], q->agents[4]);
  for (guint i = 0; i < reasons->len; i++)
    g_string_append_printf (
        s, " %s=%u", (char *) reasons->pdata[i],
        GPOINTER_TO_UINT (g_hash_table_lookup (q->paused_reasons, reasons->pdata[i])));
  dump_str (s, "day", q->day);
  g_string_append_printf (s, " today=%u/%u/%u/%u/%u/%u/%" G_GINT64_FORMAT "/%u/%" G_GINT64_FORMAT,
                          c->offered, c->answered, c->answered_within, c->abandoned,
                          c->abandoned_within, c->timed_out, c->answer_wait_total, c->handled,
                          c->handle_total);
  for (guint i = 0; i < SN_CONSOLE_INTERVALS; i++)
    if (q->intervals[i].start != 0)
      g_string_append_printf (s, " [%u]%" G_GINT64_FORMAT ":%u/%u/%u", i, q->intervals[i].start,
                              q->intervals[i].offered, q->intervals[i].answered,
                              q->intervals[i].abandoned);
  for (guint i = 0; i < SN_CONSOLE_MINUTES; i++)
    if (q->minutes[i].minute != 0)
      g_string_append_printf (s, " m%u:%" G_GINT64_FORMAT ":%a/%a", i, q->minutes[i].minute,
                              q->minutes[i].waiting, q->minutes[i].available);
  g_string_append_printf (s, " alert=%d@%" G_GINT64_FORMAT "\n", q->alert, q->alert_since);
}

/* The whole visible state; @ids lists every ticket and agent id the model may know. */
static char *
model_dump (SnConsoleModel *model, GHashTable *ids)
{
  g_autoptr (GPtrArray) keys = sorted_keys (ids);
  g_autoptr (GPtrArray) queues = sn_console_model_list_queues (model);
  GString *s = g_string_new (NULL);

  dump_str (s, "epoch", sn_console_model_get_epoch (model));
  g_string_append_printf (s, " seq=%" G_GINT64_FORMAT " tickets=%u\n",
                          sn_console_model_get_last_seq (model),
                          sn_console_model_get_n_tickets (model));
  for (guint i = 0; i < keys->len; i++)
    {
      const SnTicketView *v = sn_console_model_lookup_ticket (model, keys->pdata[i]);
      SnAgentState state;

      if (v != NULL)
        dump_ticket (s, v->ticket, v->stalls, v->n_stalls, v->deadline);
      if (sn_console_model_lookup_agent (model, keys->pdata[i], &state))
        g_string_append_printf (s, "agent %s=%d\n", (char *) keys->pdata[i], state);
    }
  for (guint i = 0; i < queues->len; i++)
    dump_queue (s, sn_console_model_get_queue (model, queues->pdata[i]));
  dump_queue (s, sn_console_model_get_center (model));
  return g_string_free (s, FALSE);
}

/* ── a model fed by SnFrame and one fed by json-glib, side by side ─────────────── */

typedef struct
{
  SnConsoleModel *fast; /* sn_console_model_apply_text () */
  SnConsoleModel *reference; /* json-glib and the JsonObject API */
  GString *fast_log;
  GString *reference_log;
  GHashTable *ids;
  char *last_dump;
  guint applied;
  guint failed;
} Pair;

static void
log_signal (GString *log, const char *what, const char *arg)
{
  g_string_append_printf (log, "%s %s\n", what, arg != NULL ? arg : "");
}

static void
on_reset (SnConsoleModel *m, GString *log)
{
  log_signal (log, "reset", NULL);
}

static void
on_alerts (SnConsoleModel *m, GString *log)
{
  log_signal (log, "alerts", NULL);
}

static void
on_ticket (SnConsoleModel *m, const char *id, GString *log)
{
  log_signal (log, "ticket", id);
}

static void
on_queue (SnConsoleModel *m, const char *name, GString *log)
{
  log_signal (log, "queue", name);
}

static void
watch (SnConsoleModel *model, GString *log)
{
  g_signal_connect (model, "reset", G_CALLBACK (on_reset), log);
  g_signal_connect (model, "alerts-changed", G_CALLBACK (on_alerts), log);
  g_signal_connect (model, "ticket-changed", G_CALLBACK (on_ticket), log);
  g_signal_connect (model, "queue-changed", G_CALLBACK (on_queue), log);
}

static Pair *
pair_new (void)
{
  Pair *p = g_new0 (Pair, 1);

  p->fast = sn_console_model_new ();
  p->reference = sn_console_model_new ();
  p->fast_log = g_string_new (NULL);
  p->reference_log = g_string_new (NULL);
  p->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  watch (p->fast, p->fast_log);
  watch (p->reference, p->reference_log);
  p->last_dump = model_dump (p->fast, p->ids);
  return p;
}

static void
pair_free (Pair *p)
{
  g_object_unref (p->fast);
  g_object_unref (p->reference);
  g_string_free (p->fast_log, TRUE);
  g_string_free (p->reference_log, TRUE);
  g_hash_table_unref (p->ids);
  g_free (p->last_dump);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pair, pair_free)

static void
note_id (Pair *p, JsonObject *obj, const char *member)
{
  const char *id = NULL;

  if (sn_json_get_string (obj, member, FALSE, &id, NULL))
    g_hash_table_add (p->ids, g_strdup (id));
}

static void
note_ids (Pair *p, JsonObject *message)
{
  const char *arrays[] = { "tickets", "agents", "payload" };
  JsonObject *payload = NULL;

  if (sn_json_get_object (message, "payload", FALSE, &payload, NULL))
    note_id (p, payload, "service_request_id"), note_id (p, payload, "agent");
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *node = json_object_get_member (message, arrays[i]);
      JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                      : NULL;

      for (guint j = 0; array != NULL && j < json_array_get_length (array); j++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, j)))
          {
            note_id (p, json_array_get_object_element (array, j), "service_request_id");
            note_id (p, json_array_get_object_element (array, j), "agent");
          }
    }
}

/* sn_console_model_apply_text() as it was before SnFrame. */
static gboolean
reference_apply (Pair *p, const char *text, gsize length, GError **error)
{
  g_autoptr (JsonObject)
      message = sn_json_parse_object (text, length, MAX_FRAME, SN_JSON_MAX_DEPTH, error);
  const char *type = NULL;
  SnMessageType t;

  if (message == NULL)
    return FALSE;
  note_ids (p, message);
  if (!sn_json_get_string (message, "type", FALSE, &type, NULL)
      || !sn_message_type_from_string (type, &t))
    return TRUE;
  if (t == SN_MESSAGE_SNAPSHOT)
    return sn_console_model_apply_snapshot_part (p->reference, message, error);
  if (t == SN_MESSAGE_EVENT)
    return sn_console_model_apply_event (p->reference, message, NULL, error);
  return TRUE;
}

static void
assert_same_error (const GError *fast, const GError *reference)
{
  g_assert_nonnull (fast);
  g_assert_nonnull (reference);
  g_assert_cmpstr (g_quark_to_string (fast->domain), ==, g_quark_to_string (reference->domain));
  g_assert_cmpint (fast->code, ==, reference->code);
  g_assert_cmpstr (fast->message, ==, reference->message);
}

/* Applies @text to both models: same outcome, same error, same state, same signals; a frame
 * that fails leaves the model as it was. Returns the outcome. */
static gboolean
pair_apply_len (Pair *p, const char *text, gsize length)
{
  g_autoptr (GError) fast_error = NULL, reference_error = NULL;
  gboolean ok = sn_console_model_apply_text (p->fast, text, length, &fast_error);
  gboolean reference_ok = reference_apply (p, text, length, &reference_error);
  g_autofree char *fast_dump = NULL, *reference_dump = NULL;

  g_assert_cmpint (ok, ==, reference_ok);
  if (!ok)
    assert_same_error (fast_error, reference_error);
  fast_dump = model_dump (p->fast, p->ids);
  reference_dump = model_dump (p->reference, p->ids);
  g_assert_cmpstr (fast_dump, ==, reference_dump);
  if (!ok)
    g_assert_cmpstr (fast_dump, ==, p->last_dump);
  g_assert_cmpstr (p->fast_log->str, ==, p->reference_log->str);
  g_string_truncate (p->fast_log, 0);
  g_string_truncate (p->reference_log, 0);
  g_free (p->last_dump);
  p->last_dump = g_steal_pointer (&fast_dump);
  ok ? p->applied++ : p->failed++;
  return ok;
}

static gboolean
pair_apply (Pair *p, const char *text)
{
  return pair_apply_len (p, text, strlen (text));
}

/* ── texts ─────────────────────────────────────────────────────────────────────── */

static char *
load_example (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "protocol", "examples",
                                                 name, NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The hub's own envelope (sn-hub.c). */
static char *
event_text (gint64 seq, const char *kind, gint64 time, const char *payload)
{
  g_autofree char *t = sn_time_format (time);

  return g_strdup_printf ("{\"type\":\"event\",\"epoch\":\"e1\",\"seq\":%" G_GINT64_FORMAT
                          ",\"kind\":\"%s\",\"time\":\"%s\",\"payload\":%s}",
                          seq, kind, t, payload);
}

/* ── one payload, both ways ────────────────────────────────────────────────────── */

static SnFrame *
load_frame (SnFrame *frame, const char *text)
{
  g_autoptr (GError) error = NULL;

  if (!sn_frame_load (frame, text, strlen (text), MAX_FRAME, SN_JSON_MAX_DEPTH, &error))
    g_test_message ("%s", text);
  g_assert_no_error (error);
  return frame;
}

/* The work order of event @text through SnFrame and through sn_ticket_from_json(): the same
 * ticket, stalls and deadline, or the same error. Returns whether it decoded. */
static gboolean
same_ticket (SnFrame *frame, const char *text)
{
  g_autoptr (GError) error = NULL, fast_error = NULL, reference_error = NULL;
  g_autoptr (JsonNode) root = json_from_string (text, &error);
  g_autoptr (SnTicket) fast = NULL, reference = NULL;
  SnStall fast_stalls[SN_N_STALL_REASONS], reference_stalls[SN_N_STALL_REASONS];
  guint fast_n = 0, reference_n = 0;
  gint64 fast_deadline = -1, reference_deadline = -1;
  g_autoptr (GString) a = g_string_new (NULL), b = g_string_new (NULL);
  SnFrameEvent event;

  g_assert_no_error (error);
  reference = sn_ticket_from_json (
      json_object_get_object_member (json_node_get_object (root), "payload"), reference_stalls,
      &reference_n, &reference_deadline, &reference_error);
  g_assert_true (sn_frame_read_event (load_frame (frame, text), &event, &error));
  g_assert_cmpint (event.kind, ==, SN_EVENT_KIND_TICKET);
  fast = sn_frame_read_ticket (frame, event.payload, fast_stalls, &fast_n, &fast_deadline,
                               &fast_error);
  if (reference == NULL)
    {
      g_assert_null (fast);
      assert_same_error (fast_error, reference_error);
      return FALSE;
    }
  g_assert_no_error (fast_error);
  dump_ticket (a, fast, fast_stalls, fast_n, fast_deadline);
  dump_ticket (b, reference, reference_stalls, reference_n, reference_deadline);
  g_assert_cmpstr (a->str, ==, b->str);
  return TRUE;
}

static gint64
at (const char *iso)
{
  gint64 t = 0;

  g_assert_true (sn_time_parse (iso, &t));
  return t;
}

/* ── the protocol's examples ───────────────────────────────────────────────────── */

static void
test_examples (void)
{
  const char *others[] = {
    "ack-conflict.json",   "ack-ok.json",       "command-add-unit.json", "command-escalate.json",
    "command-extend.json", "command-note.json", "command-reassign.json", "error.json",
    "hello-resume.json",   "hello.json",        "ingest-calls.json",     "ingest-requests.json",
    "ping.json",           "pong.json",         "welcome.json"
  };
  g_autofree char *snapshot = load_example ("snapshot.json");
  g_autofree char *ticket = load_example ("event-ticket.json");
  g_autofree char *queue = load_example ("event-queue.json");
  g_autofree char *agent = load_example ("event-agent.json");
  g_autoptr (GString) last = g_string_new (snapshot);
  g_autoptr (SnFrame) frame = sn_frame_new ();
  g_autoptr (Pair) p = pair_new ();
  const SnTicketView *v;
  const SnQueueView *q;
  SnAgentState state;

  g_assert_true (same_ticket (frame, ticket));
  g_assert_true (pair_apply (p, snapshot)); /* part 0 of several: nothing shown yet */
  g_assert_cmpuint (sn_console_model_get_n_tickets (p->fast), ==, 0);
  g_assert_cmpuint (g_string_replace (last, "\"last\": false", "\"last\": true", 1), ==, 1);
  g_assert_true (pair_apply (p, last->str));
  g_assert_cmpint (sn_console_model_get_last_seq (p->fast), ==, 1044);
  g_assert_cmpint (sn_console_model_lookup_ticket (p->fast, "BJ-20250930-000017")->ticket->version,
                   ==, 3);
  g_assert_true (pair_apply (p, ticket) && pair_apply (p, queue) && pair_apply (p, agent));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *text = load_example (others[i]);

      /* Not for the model: ignored, or (the ingest arrays) not an object. */
      g_assert_cmpint (pair_apply (p, text), ==, !g_str_has_prefix (others[i], "ingest-"));
    }
  g_assert_cmpstr (sn_console_model_get_epoch (p->fast), ==,
                   "fef98b9d-1a8f-4450-a81a-528a2272392d");
  g_assert_cmpint (sn_console_model_get_last_seq (p->fast), ==, 1047);
  v = sn_console_model_lookup_ticket (p->fast, "BJ-20250930-000017");
  g_assert_cmpint (v->ticket->version, ==, 4);
  g_assert_cmpint (v->ticket->bounce_count, ==, 2);
  g_assert_cmpint (v->ticket->state, ==, SN_TICKET_STATE_DISPATCHED);
  g_assert_cmpfloat (v->ticket->lat, ==, 39.9925);
  g_assert_cmpstr (v->ticket->units[0], ==, "朝阳区住建委");
  g_assert_cmpint (v->deadline, ==, at ("2025-10-21T01:12:00Z"));
  g_assert_cmpuint (v->n_stalls, ==, 1);
  g_assert_cmpint (v->stalls[0].reason, ==, SN_STALL_BOUNCING);
  g_assert_cmpint (v->stalls[0].since, ==, at ("2025-09-30T02:00:00Z"));
  q = sn_console_model_get_queue (p->fast, "general");
  g_assert_cmpuint (q->waiting, ==, 12);
  g_assert_cmpuint (q->agents[SN_AGENT_ON_CALL], ==, 40);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (q->paused_reasons, "meal")), ==, 1);
  g_assert_cmpuint (q->today.handle_total, ==, 400112);
  g_assert_cmpuint (q->intervals[(at ("2025-09-30T08:00:00Z") / 900) % 100].offered, ==, 3);
  g_assert_true (sn_console_model_lookup_agent (p->fast, "A1042", &state));
  g_assert_cmpint (state, ==, SN_AGENT_PAUSED);
}

static void
test_frame_api (void)
{
  g_autofree char *snapshot = load_example ("snapshot.json");
  g_autofree char *ticket = load_example ("event-ticket.json");
  g_autofree char *hello = load_example ("hello.json");
  g_autoptr (SnFrame) frame = sn_frame_new ();
  g_autoptr (GError) error = NULL;
  SnFrameSnapshot s;
  SnFrameEvent e;
  SnFrameIter iter;
  SnFrameValue el;
  SnMessageType type;
  guint n = 0;

  g_assert_true (sn_frame_get_message_type (load_frame (frame, snapshot), &type));
  g_assert_cmpint (type, ==, SN_MESSAGE_SNAPSHOT);
  sn_frame_read_snapshot (frame, &s);
  g_assert_cmpstr (s.epoch, ==, "fef98b9d-1a8f-4450-a81a-528a2272392d");
  g_assert_cmpint (s.head, ==, 1044);
  g_assert_cmpint (s.part, ==, 0);
  g_assert_false (s.last);
  g_assert_true (sn_frame_is_array (frame, s.tickets));
  g_assert_true (s.queues == SN_FRAME_NONE && s.agents == SN_FRAME_NONE);
  for (sn_frame_iter_init (&iter, frame, s.tickets); sn_frame_iter_next (&iter, &el); n++)
    g_assert_true (sn_frame_is_object (frame, el));
  g_assert_cmpuint (n, ==, 1);

  g_assert_true (sn_frame_read_event (load_frame (frame, ticket), &e, &error));
  g_assert_no_error (error);
  g_assert_cmpint (e.seq, ==, 1045);
  g_assert_cmpint (e.kind, ==, SN_EVENT_KIND_TICKET);
  g_assert_cmpint (e.time, ==, at ("2025-09-30T08:00:01Z"));
  g_assert_true (sn_frame_is_object (frame, e.payload));

  g_assert_true (sn_frame_get_message_type (load_frame (frame, hello), &type));
  g_assert_cmpint (type, ==, SN_MESSAGE_HELLO);
  g_assert_false (sn_frame_get_message_type (load_frame (frame, "{\"type\":\"nope\"}"), &type));
  g_assert_false (sn_frame_get_message_type (load_frame (frame, "{\"type\":5}"), &type));
  /* Names may be escaped, and the last of a repeated name counts. */
  load_frame (frame, "{\"\\u0074yp\\u0065\":\"ping\",\"seq\":1,\"seq\":\"x\"}");
  g_assert_true (sn_frame_get_message_type (frame, &type));
  g_assert_cmpint (type, ==, SN_MESSAGE_PING);
  g_assert_false (sn_frame_read_event (frame, &e, &error));
  g_assert_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD);
}

/* ── random work orders from the hub's writer ──────────────────────────────────── */

static void
test_random_tickets (void)
{
  g_autoptr (GRand) r = g_rand_new_with_seed (20251009);
  g_autoptr (SnFrame) frame = sn_frame_new ();
  g_autoptr (Pair) p = pair_new ();
  g_autoptr (GString) part = g_string_new (NULL);
  guint decoded = 0, n = 600;

  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *payload = random_ticket_payload (r, g_rand_int_range (r, 0, 40));
      g_autofree char *plain = event_text (i, "ticket", random_time (r, FALSE), payload);
      g_autofree char *text = i % 3 == 0   ? escape_strings (r, plain)
                              : i % 3 == 1 ? g_strdup (plain)
                                           : pretty (plain);

      decoded += same_ticket (frame, text);
      g_assert_true (pair_apply (p, text));
      /* The same tickets in snapshot parts of ten. */
      g_string_append_printf (part, "%s%s", part->len > 0 ? "," : "", payload);
      if (i % 10 == 0)
        {
          g_autofree char *s = g_strdup_printf ("{\"type\":\"snapshot\",\"epoch\":\"e2\",\"head\":"
                                                "%u,\"part\":%u,\"last\":%s,\"tickets\":[%s]}",
                                                i, (i / 10) % 4, i % 40 == 30 ? "true" : "false",
                                                part->str);
          g_autofree char *escaped = escape_strings (r, s);

          g_assert_true (pair_apply (p, i % 20 == 0 ? escaped : s));
          g_string_truncate (part, 0);
        }
    }
  g_assert_cmpuint (decoded, ==, n);
  g_assert_cmpuint (p->failed, ==, 0);
  g_assert_cmpuint (sn_console_model_get_n_tickets (p->fast), >, 20);
}

/* ── work orders, member by member ─────────────────────────────────────────────── */

static JsonNode *
node_of (const char *text)
{
  JsonNode *node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return node;
}

static void
mutate (GRand *r, JsonObject *payload)
{
  const char *name = ticket_members[g_rand_int_range (r, 0, G_N_ELEMENTS (ticket_members))];
  JsonObject *ext;

  switch (g_rand_int_range (r, 0, 7))
    {
      case 0:
        json_object_remove_member (payload, name);
        break;
      case 1:
        json_object_set_null_member (payload, name);
        break;
      case 2:
        json_object_set_member (
            payload, "stall",
            node_of (stall_values[g_rand_int_range (r, 0, G_N_ELEMENTS (stall_values))]));
        break;
      case 3:
        json_object_set_member (
            payload, "history",
            node_of (history_values[g_rand_int_range (r, 0, G_N_ELEMENTS (history_values))]));
        break;
      case 4: /* Open311-style: a field inside "extended_attributes" */
        if (!json_object_has_member (payload, name) || g_str_equal (name, "extended_attributes"))
          break;
        if (!json_object_has_member (payload, "extended_attributes")
            || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (payload, "extended_attributes")))
          json_object_set_object_member (payload, "extended_attributes", json_object_new ());
        ext = json_object_get_object_member (payload, "extended_attributes");
        json_object_set_member (ext, name, json_node_copy (json_object_get_member (payload, name)));
        if (g_rand_boolean (r))
          json_object_remove_member (payload, name);
        break;
      default:
        json_object_set_member (payload, name,
                                node_of (values[g_rand_int_range (r, 0, G_N_ELEMENTS (values))]));
        break;
    }
}

/* A name given twice: json-glib keeps the last value. */
static char *
repeat_member (GRand *r, const char *text)
{
  const char *name = ticket_members[g_rand_int_range (r, 0, G_N_ELEMENTS (ticket_members))];
  const char *value = values[g_rand_int_range (r, 0, G_N_ELEMENTS (values))];
  g_autoptr (GString) s = g_string_new (text);
  g_autofree char *first = g_strdup_printf ("\"payload\":{\"%s\":%s,", name, value);
  g_autofree char *last = g_strdup_printf (",\"%s\":%s", name, value);

  if (g_rand_boolean (r))
    g_string_replace (s, "\"payload\":{", first, 1);
  else
    g_string_insert (s, s->len - 2, last);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_mutations (void)
{
  g_autoptr (GRand) r = g_rand_new_with_seed (12345);
  g_autoptr (SnFrame) frame = sn_frame_new ();
  g_autoptr (Pair) p = pair_new ();
  guint decoded = 0, refused = 0;

  for (guint i = 1; i <= 1200; i++)
    {
      g_autofree char *payload = random_ticket_payload (r, g_rand_int_range (r, 0, 30));
      g_autofree char *plain = event_text (i, "ticket", random_time (r, FALSE), payload);
      g_autoptr (JsonNode) root = json_from_string (plain, NULL);
      JsonObject *obj = json_object_get_object_member (json_node_get_object (root), "payload");
      g_autofree char *mutated = NULL, *text = NULL;
      guint n = g_rand_int_range (r, 1, 4);

      for (guint j = 0; j < n; j++)
        mutate (r, obj);
      mutated = sn_json_node_to_string (root, NULL);
      text = i % 4 == 0 ? repeat_member (r, mutated) : g_strdup (mutated);
      if (same_ticket (frame, text))
        decoded++;
      else
        refused++;
      pair_apply (p, text);
    }
  /* Both outcomes are well represented. */
  g_assert_cmpuint (decoded, >, 200);
  g_assert_cmpuint (refused, >, 400);
  g_assert_cmpuint (p->applied, ==, decoded);
  g_assert_cmpuint (p->failed, ==, refused);
}

/* ── queues and agents as the hub's call center writes them ────────────────────── */

static const char *const queue_names[] = { "general", "住房", "water" };
static const char *const pause_reasons[] = { "training", "用餐", "小休", "meeting" };

static void
random_call_event (GRand *r, gint64 now, SnCallEvent *e, char *callid, char *agent)
{
  g_snprintf (callid, 16, "c%d", g_rand_int_range (r, 0, 24));
  g_snprintf (agent, 16, "A%d", g_rand_int_range (r, 0, 8));
  *e = (SnCallEvent){ now,
                      g_rand_int_range (r, 0, SN_N_CALL_VERBS),
                      callid,
                      (char *) queue_names[g_rand_int_range (r, 0, G_N_ELEMENTS (queue_names))],
                      agent,
                      g_rand_int_range (r, 0, 60),
                      g_rand_int_range (r, 10, 600),
                      g_rand_int_range (r, 0, 90),
                      g_rand_int_range (r, 0, 60),
                      (char *) pause_reasons[g_rand_int_range (r, 0, 4)] };
}

static char *
call_center_frame (SnCallCenter *cc, gint64 seq, gint64 now, const char *kind, const char *name,
                   gboolean all_intervals)
{
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  g_autofree char *payload = NULL;

  if (g_str_equal (kind, "queue"))
    sn_call_center_queue_to_json (cc, name, all_intervals, b);
  else
    sn_call_center_agent_to_json (cc, name, b);
  payload = sn_json_builder_to_string (b, NULL);
  return event_text (seq, kind, now, payload);
}

/* Feeds @p what a call center says after each of @n random events; returns the frames. */
static GPtrArray *
feed_call_center (Pair *p, SnCallCenter *cc, GRand *r, guint n)
{
  GPtrArray *frames = g_ptr_array_new_with_free_func (g_free);
  gint64 now = at ("2025-09-30T00:00:00Z"), seq = sn_console_model_get_last_seq (p->fast);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GPtrArray) queues = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GPtrArray) agents = g_ptr_array_new_with_free_func (g_free);
      char callid[16], agent[16];
      SnCallEvent e;

      now += i % 300 == 299 ? 86400 : g_rand_int_range (r, 1, 90);
      random_call_event (r, now, &e, callid, agent);
      sn_call_center_tick (cc, now, queues, agents);
      sn_call_center_apply (cc, &e, queues, agents, NULL);
      for (guint j = 0; j < queues->len + agents->len; j++)
        {
          gboolean queue = j < queues->len;
          char *text = call_center_frame (cc, ++seq, now, queue ? "queue" : "agent",
                                          queue ? queues->pdata[j] : agents->pdata[j - queues->len],
                                          g_rand_int_range (r, 0, 4) == 0);

          g_assert_true (pair_apply (p, text));
          g_ptr_array_add (frames, text);
        }
    }
  return frames;
}

static void
test_call_center_output (void)
{
  g_autoptr (GRand) r = g_rand_new_with_seed (7);
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr (SnCalendar) calendar = sn_calendar_new (tz);
  g_autoptr (SnCallCenter) cc = sn_call_center_new (calendar);
  g_autoptr (Pair) p = pair_new ();
  g_autoptr (GPtrArray) frames = feed_call_center (p, cc, r, 1500);
  g_autoptr (GPtrArray) names = sn_console_model_list_queues (p->fast);
  guint paused = 0;

  g_assert_cmpuint (frames->len, >, 1500);
  g_assert_cmpuint (names->len, ==, G_N_ELEMENTS (queue_names));
  /* The model shows what the call center holds. */
  for (guint i = 0; i < names->len; i++)
    {
      const SnQueueView *q = sn_console_model_get_queue (p->fast, names->pdata[i]);
      SnQueueCounters today;

      sn_call_center_get_counters (cc, names->pdata[i], &today);
      g_assert_cmpuint (q->waiting, ==, sn_call_center_get_waiting (cc, names->pdata[i]));
      g_assert_cmpmem (&q->today, sizeof today, &today, sizeof today);
      paused += g_hash_table_size (q->paused_reasons);
    }
  g_assert_cmpuint (paused, >, 0);
}

static void
test_queue_mutations (void)
{
  g_autoptr (GRand) r = g_rand_new_with_seed (99);
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr (SnCalendar) calendar = sn_calendar_new (tz);
  g_autoptr (SnCallCenter) cc = sn_call_center_new (calendar);
  g_autoptr (Pair) source = pair_new ();
  g_autoptr (GPtrArray) frames = feed_call_center (source, cc, r, 300);
  g_autoptr (Pair) p = pair_new ();
  guint changed = 0;

  for (guint i = 0; i < frames->len; i++)
    {
      g_autoptr (GString) s = g_string_new (frames->pdata[i]);
      guint m = g_rand_int_range (r, 0, G_N_ELEMENTS (queue_mutations));

      changed += g_string_replace (s, queue_mutations[m][0], queue_mutations[m][1], 1);
      pair_apply (p, s->str);
    }
  g_assert_cmpuint (changed, >, frames->len / 2);
  g_assert_cmpuint (p->failed, >, 20);
  g_assert_cmpuint (p->applied, >, 100);
  /* A queue object that is refused does not leave an empty queue behind. */
  g_assert_null (sn_console_model_get_queue (p->fast, "ghost"));
  g_assert_false (pair_apply (p,
                              "{\"type\":\"event\",\"seq\":100000,\"kind\":\"queue\",\"payload\":"
                              "{\"queue\":\"ghost\",\"today\":{}}}"));
  g_assert_null (sn_console_model_get_queue (p->fast, "ghost"));
}

/* ── bad input ─────────────────────────────────────────────────────────────────── */

/* The error sn_frame_load() gives, as a code; -1 when it loads. */
static int
frame_code (SnFrame *frame, const char *text, gsize length)
{
  g_autoptr (GError) error = NULL;

  if (sn_frame_load (frame, text, length, MAX_FRAME, SN_JSON_MAX_DEPTH, &error))
    return -1;
  g_assert_true (error->domain == SN_PROTOCOL_ERROR);
  return error->code;
}

static int
reference_code (const char *text, gsize length)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject)
      obj = sn_json_parse_object (text, length, MAX_FRAME, SN_JSON_MAX_DEPTH, &error);

  return obj != NULL ? -1 : error->code;
}

static char *
nested (guint depth, const char *before)
{
  g_autofree char *open = g_strnfill (depth, '[');
  g_autofree char *close = g_strnfill (depth, ']');

  return g_strdup_printf ("{\"type\":\"event\",%s\"payload\":%s%s}", before, open, close);
}

static void
test_bad_input (void)
{
  g_autofree char *ticket = load_example ("event-ticket.json");
  g_autofree char *deep = nested (SN_JSON_MAX_DEPTH, ""), *ok = nested (SN_JSON_MAX_DEPTH - 1, "");
  g_autofree char *huge = g_strnfill (MAX_FRAME + 1, ' ');
  g_autoptr (SnFrame) frame = sn_frame_new ();
  gsize length = strlen (g_strchomp (ticket));

  for (gsize n = 0; n < length; n++)
    g_assert_cmpint (frame_code (frame, ticket, n), ==, SN_PROTOCOL_ERROR_MALFORMED);
  for (gsize n = 0; n < length; n++)
    g_assert_cmpint (reference_code (ticket, n), ==, SN_PROTOCOL_ERROR_MALFORMED);
  for (guint i = 0; i < G_N_ELEMENTS (refused_inputs); i++)
    {
      const char *text = refused_inputs[i];
      int code = reference_code (text, strlen (text));

      g_assert_cmpint (code, !=, -1);
      if (frame_code (frame, text, strlen (text)) != code)
        g_test_message ("%s", text);
      g_assert_cmpint (frame_code (frame, text, strlen (text)), ==, code);
    }
  for (guint i = 0; i < G_N_ELEMENTS (json_glib_quirks); i++)
    {
      g_assert_cmpint (reference_code (json_glib_quirks[i], strlen (json_glib_quirks[i])), ==, -1);
      g_assert_cmpint (frame_code (frame, json_glib_quirks[i], strlen (json_glib_quirks[i])), ==,
                       SN_PROTOCOL_ERROR_MALFORMED);
    }
  g_assert_cmpint (frame_code (frame, deep, strlen (deep)), ==, SN_PROTOCOL_ERROR_TOO_DEEP);
  g_assert_cmpint (reference_code (deep, strlen (deep)), ==, SN_PROTOCOL_ERROR_TOO_DEEP);
  g_assert_cmpint (frame_code (frame, ok, strlen (ok)), ==, -1);
  g_assert_cmpint (frame_code (frame, huge, strlen (huge)), ==, SN_PROTOCOL_ERROR_TOO_LARGE);
  g_assert_cmpint (reference_code (huge, strlen (huge)), ==, SN_PROTOCOL_ERROR_TOO_LARGE);
}

static void
test_faulty_frames (void)
{
  g_autofree char *snapshot = load_example ("snapshot.json");
  g_autofree char *ticket = load_example ("event-ticket.json");
  g_autofree char *queue = load_example ("event-queue.json");
  g_autoptr (GString) last = g_string_new (snapshot), late = g_string_new (NULL);
  g_autoptr (Pair) p = pair_new ();
  const SnQueueView *q;

  g_string_replace (last, "\"last\": false", "\"last\": true", 1);
  g_assert_true (pair_apply (p, last->str));
  for (guint i = 0; i < G_N_ELEMENTS (faulty_frames); i++)
    {
      g_autoptr (GString) s = g_string_new (ticket);

      g_autofree char *seq = g_strdup_printf ("\"seq\": %u", 2000 + i);

      g_assert_cmpuint (g_string_replace (s, faulty_frames[i][0], faulty_frames[i][1], 1), ==, 1);
      g_string_replace (s, "\"seq\": 1045", seq, 1);
      pair_apply (p, s->str);
    }
  g_assert_cmpuint (p->failed, ==, 20);
  g_assert_cmpuint (p->applied, ==, 1 + 17);
  /* A refused event does not move the model's clock: the queue's minute is its own. */
  g_string_assign (late, ticket);
  g_string_replace (late, "\"seq\": 1045", "\"seq\": 3000", 1);
  g_string_replace (late, "2025-09-30T08:00:01Z\", \"payload", "2099-01-01T00:00:00Z\", \"payload",
                    1);
  g_assert_cmpuint (g_string_replace (late, "\"version\": 4,", "", 1), ==, 1);
  g_assert_false (pair_apply (p, late->str));
  g_string_assign (late, queue);
  g_string_replace (late, "\"seq\": 1046", "\"seq\": 3001", 1);
  g_assert_true (pair_apply (p, late->str));
  q = sn_console_model_get_queue (p->fast, "general");
  g_assert_cmpint (q->minutes[(at ("2025-09-30T08:00:00Z") / 60) % SN_CONSOLE_MINUTES].minute, ==,
                   at ("2025-09-30T08:00:00Z"));
  for (gsize n = 0; n < strlen (ticket); n += 7)
    g_assert_false (pair_apply_len (p, ticket, n));
}

/* ── times ─────────────────────────────────────────────────────────────────────── */

static void
assert_same_time (const char *s)
{
  gint64 fast = -1, reference = -1;
  gboolean ok = sn_frame_parse_time (s, &fast);

  g_assert_cmpint (ok, ==, sn_time_parse (s, &reference));
  g_assert_cmpint (fast, ==, reference);
}

static void
test_times (void)
{
  g_autoptr (GRand) r = g_rand_new_with_seed (1970);

  for (guint i = 0; i < G_N_ELEMENTS (time_forms); i++)
    assert_same_time (time_forms[i]);
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *s = g_strdup_printf (
          "%04d-%02d-%02dT%02d:%02d:%02dZ",
          i % 2 ? g_rand_int_range (r, 0, 10000) : g_rand_int_range (r, 1960, 2100),
          g_rand_int_range (r, 0, 14), g_rand_int_range (r, 0, 33), g_rand_int_range (r, 0, 25),
          g_rand_int_range (r, 0, 61), g_rand_int_range (r, 0, 61));

      assert_same_time (s);
    }
}

/* UTF-8 is checked inside strings as the tokenizer goes, a word at a time: every lead byte,
 * with continuation bytes at the edges of their ranges, at every alignment, in a value and in
 * a member name, against g_utf8_validate() and the message sn_json_parse_bounded() gives. */
static void
test_utf8 (void)
{
  static const guchar tails[] = {
    0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff
  };
  g_autoptr (SnFrame) frame = sn_frame_new ();
  g_autoptr (GString) text = g_string_new (NULL);
  guint checked = 0, refused = 0;

  for (guint lead = 0x80; lead <= 0xff; lead++)
    for (guint t = 0; t < G_N_ELEMENTS (tails) * G_N_ELEMENTS (tails) * G_N_ELEMENTS (tails); t++)
      for (guint offset = 0; offset < 9; offset++)
        for (guint in_name = 0; in_name < 2; in_name++)
          {
            guchar seq[4] = { (guchar) lead, tails[t % G_N_ELEMENTS (tails)],
                              tails[t / G_N_ELEMENTS (tails) % G_N_ELEMENTS (tails)],
                              tails[t / G_N_ELEMENTS (tails) / G_N_ELEMENTS (tails)] };
            g_autoptr (GError) error = NULL;
            gboolean valid, loaded;

            g_string_assign (text, in_name ? "{\"" : "{\"name\":\"");
            for (guint i = 0; i < offset; i++)
              g_string_append_c (text, 'a');
            g_string_append_len (text, (const char *) seq, sizeof seq);
            g_string_append (text, in_name ? "abcdefgh\":1}" : "abcdefgh\"}");
            valid = g_utf8_validate_len (text->str, text->len, NULL);
            loaded = sn_frame_load (frame, text->str, text->len, MAX_FRAME, SN_JSON_MAX_DEPTH,
                                    &error);
            if (valid)
              {
                g_assert_no_error (error);
                g_assert_true (loaded);
              }
            else
              {
                g_assert_false (loaded);
                g_assert_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MALFORMED);
                g_assert_cmpstr (error->message, ==, "Message is not valid UTF-8");
                refused++;
              }
            checked++;
          }
  g_test_message ("%u texts, %u refused", checked, refused);
  g_assert_cmpuint (refused, >, 0);
  g_assert_cmpuint (refused, <, checked);
}

/* Numbers are read without strtod where that is exact: the same doubles (sign of zero
 * included) as g_ascii_strtod(), the same integers as g_ascii_strtoll(). */
static void
test_numbers (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20251009);
  g_autoptr (SnFrame) frame = sn_frame_new ();
  g_autoptr (GString) number = g_string_new (NULL);

  for (guint i = 0; i < 200000; i++)
    {
      g_autofree char *text = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (SnTicket) t = NULL;
      guint decimals = (guint) g_rand_int_range (rand, 0, 26);
      double expected;
      gint64 version;

      g_string_printf (number, "%s%d", g_rand_boolean (rand) ? "-" : "",
                       i % 7 == 0 ? 0 : g_rand_int_range (rand, 0, 90));
      if (decimals > 0 || i % 3 == 0)
        {
          g_string_append_c (number, '.');
          for (guint k = 0; k <= decimals; k++)
            g_string_append_c (number, (char) ('0' + g_rand_int_range (rand, 0, 10)));
        }
      if (i % 11 == 0)
        g_string_append_printf (number, "e%d", g_rand_int_range (rand, -5, 2));
      version = (gint64) g_rand_int (rand) << (i % 31);
      if (i % 5 == 0)
        version = -version;
      text = g_strdup_printf ("{\"service_request_id\":\"n\",\"version\":%" G_GINT64_FORMAT
                              ",\"lat\":%s,\"long\":%s}",
                              version, number->str, number->str);
      g_assert_true (
          sn_frame_load (frame, text, strlen (text), MAX_FRAME, SN_JSON_MAX_DEPTH, &error));
      g_assert_no_error (error);
      /* An integer token is an integer (json-glib's too: "-0" is 0, positive). */
      expected = strpbrk (number->str, ".e") != NULL
                     ? g_ascii_strtod (number->str, NULL)
                     : (double) g_ascii_strtoll (number->str, NULL, 10);
      if (expected < -90 || expected > 90)
        continue;
      t = sn_frame_read_ticket (frame, 0, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      if (memcmp (&t->lat, &expected, sizeof expected) != 0)
        g_test_message ("%s: %a, not %a", number->str, t->lat, expected);
      g_assert_true (memcmp (&t->lat, &expected, sizeof expected) == 0);
      g_assert_cmpint (t->version, ==, version);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frame/examples", test_examples);
  g_test_add_func ("/frame/api", test_frame_api);
  g_test_add_func ("/frame/random-tickets", test_random_tickets);
  g_test_add_func ("/frame/mutations", test_mutations);
  g_test_add_func ("/frame/call-center-output", test_call_center_output);
  g_test_add_func ("/frame/queue-mutations", test_queue_mutations);
  g_test_add_func ("/frame/bad-input", test_bad_input);
  g_test_add_func ("/frame/faulty-frames", test_faulty_frames);
  g_test_add_func ("/frame/times", test_times);
  g_test_add_func ("/frame/utf8", test_utf8);
  g_test_add_func ("/frame/numbers", test_numbers);
  return g_test_run ();
}
