/* test-call-center.c — live queue and agent state from call-center events
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sn-call-center.h"
#include "sn-json.h"

/* Every event happens on 2025-09-30 in Asia/Shanghai (UTC+8) unless it gives a full time. */
#define DAY "2025-09-30T"

static SnCallCenter *
new_center_in (const char *zone)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr (SnCalendar) calendar = NULL;

  g_assert_nonnull (tz);
  calendar = sn_calendar_new (tz);
  return sn_call_center_new (calendar);
}

static SnCallCenter *
new_center (void)
{
  return new_center_in ("Asia/Shanghai");
}

/* "10:01:05" on DAY in Shanghai, or a full ISO 8601 time. */
static char *
iso (const char *time)
{
  return strlen (time) == 8 ? g_strconcat (DAY, time, "+08:00", NULL) : g_strdup (time);
}

static gint64
at (const char *time)
{
  g_autofree char *s = iso (time);
  gint64 t = 0;

  g_assert_true (sn_time_parse (s, &t));
  return t;
}

/* @data is raw JSON text or NULL; NULL ids are left out. */
static char *
event_json (const char *time, const char *verb, const char *callid, const char *queue,
            const char *agent, const char *data)
{
  g_autofree char *t = iso (time);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "{\"time\":\"%s\",\"event\":\"%s\"", t, verb);
  if (callid != NULL)
    g_string_append_printf (s, ",\"callid\":\"%s\"", callid);
  if (queue != NULL)
    g_string_append_printf (s, ",\"queue\":\"%s\"", queue);
  if (agent != NULL)
    g_string_append_printf (s, ",\"agent\":\"%s\"", agent);
  if (data != NULL)
    g_string_append_printf (s, ",\"data\":%s", data);
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

static SnCallEvent *
parse_event (const char *json, GError **error)
{
  g_autoptr (JsonObject) obj = sn_json_parse_object (json, strlen (json), SN_JSON_MAX_MESSAGE_BYTES,
                                                     SN_JSON_MAX_DEPTH, error);

  return obj != NULL ? sn_call_event_from_json (obj, error) : NULL;
}

static void
apply_changes (SnCallCenter *cc, const char *time, const char *verb, const char *callid,
               const char *queue, const char *agent, const char *data, GPtrArray *queues,
               GPtrArray *agents)
{
  g_autofree char *json = event_json (time, verb, callid, queue, agent, data);
  g_autoptr (GError) error = NULL;
  g_autoptr (SnCallEvent) ev = parse_event (json, &error);

  g_assert_no_error (error);
  g_assert_true (sn_call_center_apply (cc, ev, queues, agents, &error));
  g_assert_no_error (error);
}

static void
apply (SnCallCenter *cc, const char *time, const char *verb, const char *callid, const char *queue,
       const char *agent, const char *data)
{
  apply_changes (cc, time, verb, callid, queue, agent, data, NULL, NULL);
}

/* The event is refused with @code, by the parser or by _apply(), and changes nothing. */
static void
expect_error (SnCallCenter *cc, const char *json, SnProtocolError code)
{
  g_autofree char *before = sn_call_center_save (cc);
  g_autofree char *after = NULL;
  g_autoptr (GPtrArray) queues = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) agents = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (SnCallEvent) ev = parse_event (json, &error);

  if (ev != NULL)
    {
      g_assert_no_error (error);
      g_assert_false (sn_call_center_apply (cc, ev, queues, agents, &error));
    }
  g_assert_error (error, SN_PROTOCOL_ERROR, (int) code);
  g_assert_cmpuint (queues->len, ==, 0);
  g_assert_cmpuint (agents->len, ==, 0);
  after = sn_call_center_save (cc);
  g_assert_cmpstr (before, ==, after);
}

static JsonObject *
builder_object (JsonBuilder *b)
{
  g_autofree char *text = sn_json_builder_to_string (b, NULL);
  g_autoptr (GError) error = NULL;
  JsonObject *obj = sn_json_parse_object (text, strlen (text), G_MAXSIZE, 64, &error);

  g_assert_no_error (error);
  return obj;
}

static JsonObject *
queue_json (SnCallCenter *cc, const char *queue, gboolean all_intervals)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  sn_call_center_queue_to_json (cc, queue, all_intervals, b);
  return builder_object (b);
}

static JsonObject *
agent_json (SnCallCenter *cc, const char *agent)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  sn_call_center_agent_to_json (cc, agent, b);
  return builder_object (b);
}

static void
assert_time (JsonObject *obj, const char *name, const char *time)
{
  gint64 t = 0;

  if (time == NULL)
    {
      g_assert_true (json_object_has_member (obj, name));
      g_assert_true (json_object_get_null_member (obj, name));
      return;
    }
  g_assert_true (sn_json_get_time (obj, name, TRUE, &t, NULL));
  g_assert_cmpint (t, ==, at (time));
}

/* "available,on_call,wrapup,paused,offline" of a queue's JSON. */
static void
assert_agent_counts (SnCallCenter *cc, const char *queue, guint available, guint on_call,
                     guint wrapup, guint paused, guint offline)
{
  g_autoptr (JsonObject) q = queue_json (cc, queue, FALSE);
  JsonObject *agents = json_object_get_object_member (q, "agents");

  g_assert_cmpint (json_object_get_int_member (agents, "available"), ==, available);
  g_assert_cmpint (json_object_get_int_member (agents, "on_call"), ==, on_call);
  g_assert_cmpint (json_object_get_int_member (agents, "wrapup"), ==, wrapup);
  g_assert_cmpint (json_object_get_int_member (agents, "paused"), ==, paused);
  g_assert_cmpint (json_object_get_int_member (agents, "offline"), ==, offline);
}

static void
assert_waiting (SnCallCenter *cc, const char *queue, guint waiting, const char *since)
{
  g_autoptr (JsonObject) q = queue_json (cc, queue, FALSE);

  g_assert_cmpuint (sn_call_center_get_waiting (cc, queue), ==, waiting);
  g_assert_cmpint (json_object_get_int_member (q, "waiting"), ==, waiting);
  assert_time (q, "longest_wait_since", since);
}

static gboolean
contains (GPtrArray *array, const char *s)
{
  return g_ptr_array_find_with_equal_func (array, s, g_str_equal, NULL);
}

/* ── tests ─────────────────────────────────────────────────────────────────────── */

static void
test_names (void)
{
  SnCallVerb verb;
  SnAgentState state;

  for (guint i = 0; i < SN_N_CALL_VERBS; i++)
    {
      g_assert_true (sn_call_verb_from_string (sn_call_verb_to_string (i), &verb));
      g_assert_cmpuint (verb, ==, i);
    }
  for (guint i = 0; i < SN_N_AGENT_STATES; i++)
    {
      g_assert_true (sn_agent_state_from_string (sn_agent_state_to_string (i), &state));
      g_assert_cmpuint (state, ==, i);
    }
  g_assert_cmpstr (sn_call_verb_to_string (SN_CALL_EXITWITHTIMEOUT), ==, "EXITWITHTIMEOUT");
  g_assert_cmpstr (sn_agent_state_to_string (SN_AGENT_ON_CALL), ==, "on_call");
  g_assert_false (sn_call_verb_from_string ("RINGNOANSWER", &verb));
  g_assert_false (sn_agent_state_from_string ("asleep", &state));
}

static void
test_parse (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SnCallEvent) connect = NULL;
  g_autoptr (SnCallEvent) complete = NULL;
  g_autoptr (SnCallEvent) abandon = NULL;
  g_autoptr (SnCallEvent) pause = NULL;

  connect = parse_event ("{\"time\":1759197600,\"event\":\"CONNECT\",\"callid\":\"c1\","
                         "\"queue\":\"hotline\",\"agent\":\"a1\",\"data\":[\"12\",\"b\",3]}",
                         &error);
  g_assert_no_error (error);
  g_assert_cmpint (connect->time, ==, 1759197600);
  g_assert_cmpint (connect->verb, ==, SN_CALL_CONNECT);
  g_assert_cmpstr (connect->callid, ==, "c1");
  g_assert_cmpstr (connect->queue, ==, "hotline");
  g_assert_cmpstr (connect->agent, ==, "a1");
  g_assert_cmpint (connect->holdtime, ==, 12);
  g_assert_cmpint (connect->calltime, ==, -1);
  g_assert_cmpint (connect->wrapup, ==, -1);

  complete = parse_event ("{\"time\":\"2025-09-30T10:00:00+08:00\",\"event\":\"COMPLETEAGENT\","
                          "\"callid\":\"c1\",\"queue\":\"hotline\",\"agent\":\"a1\","
                          "\"data\":{\"calltime\":\"95\",\"wrapup\":20}}",
                          &error);
  g_assert_no_error (error);
  g_assert_cmpint (complete->time, ==, 1759197600);
  g_assert_cmpint (complete->holdtime, ==, -1);
  g_assert_cmpint (complete->calltime, ==, 95);
  g_assert_cmpint (complete->wrapup, ==, 20);

  abandon = parse_event ("{\"time\":1759197600,\"event\":\"ABANDON\",\"callid\":\"c2\","
                         "\"queue\":\"hotline\",\"data\":[\"1\",\"4\",\"33\"]}",
                         &error);
  g_assert_no_error (error);
  g_assert_cmpint (abandon->waittime, ==, 33);
  g_assert_null (abandon->agent);

  /* Asterisk writes NONE for the queue of an all-queue pause. */
  pause = parse_event ("{\"time\":1759197600,\"event\":\"PAUSE\",\"callid\":\"NONE\","
                       "\"queue\":\"NONE\",\"agent\":\"a1\",\"data\":[\"lunch\"]}",
                       &error);
  g_assert_no_error (error);
  g_assert_null (pause->queue);
  g_assert_null (pause->callid);
  g_assert_cmpstr (pause->reason, ==, "lunch");
}

/* Two agents, three calls: one answered at 10 s, one at 20 s, one abandoned at 5 s. */
static void
run_script (SnCallCenter *cc)
{
  apply (cc, "10:00:00", "AGENTLOGIN", NULL, "hotline", "a1", NULL);
  apply (cc, "10:00:00", "AGENTLOGIN", NULL, "hotline", "a2", NULL);
  assert_agent_counts (cc, "hotline", 2, 0, 0, 0, 0);
  assert_waiting (cc, "hotline", 0, NULL);

  apply (cc, "10:01:00", "ENTERQUEUE", "c1", "hotline", NULL, NULL);
  apply (cc, "10:01:05", "ENTERQUEUE", "c2", "hotline", NULL, "[\"\",\"0123\",1]");
  apply (cc, "10:01:10", "ENTERQUEUE", "c3", "hotline", NULL, NULL);
  assert_waiting (cc, "hotline", 3, "10:01:00");

  apply (cc, "10:01:10", "CONNECT", "c1", "hotline", "a1", "[\"10\",\"1759197670.2\",\"3\"]");
  assert_waiting (cc, "hotline", 2, "10:01:05");
  assert_agent_counts (cc, "hotline", 1, 1, 0, 0, 0);

  apply (cc, "10:01:15", "ABANDON", "c3", "hotline", NULL, "[1,3,\"5\"]");
  assert_waiting (cc, "hotline", 1, "10:01:05");
  /* No hold time given: the wait is the time since ENTERQUEUE, 20 s. */
  apply (cc, "10:01:25", "CONNECT", "c2", "hotline", "a2", NULL);
  assert_waiting (cc, "hotline", 0, NULL);
  assert_agent_counts (cc, "hotline", 0, 2, 0, 0, 0);

  apply (cc, "10:03:10", "COMPLETECALLER", "c1", "hotline", "a1",
         "{\"holdtime\":10,\"calltime\":120,\"wrapup\":30}");
  assert_agent_counts (cc, "hotline", 0, 1, 1, 0, 0);
}

static void
assert_script_counters (const SnQueueCounters *c)
{
  g_assert_cmpuint (c->offered, ==, 3);
  g_assert_cmpuint (c->answered, ==, 2);
  g_assert_cmpuint (c->answered_within, ==, 1);
  g_assert_cmpuint (c->abandoned, ==, 1);
  g_assert_cmpuint (c->abandoned_within, ==, 1);
  g_assert_cmpuint (c->timed_out, ==, 0);
  g_assert_cmpint (c->answer_wait_total, ==, 30);
  g_assert_cmpuint (c->handled, ==, 2);
  g_assert_cmpint (c->handle_total, ==, 120 + 30 + 180);
}

static void
test_script (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  g_autoptr (GPtrArray) queues = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) agents = g_ptr_array_new_with_free_func (g_free);
  SnQueueCounters c;
  double v = 0;

  run_script (cc);
  /* a1 wraps up until 10:03:40; the tick before that changes nothing. */
  g_assert_cmpint (sn_call_center_next_tick (cc), ==, at ("10:03:40"));
  sn_call_center_tick (cc, at ("10:03:39"), queues, agents);
  g_assert_cmpuint (queues->len + agents->len, ==, 0);
  sn_call_center_tick (cc, at ("10:03:40"), queues, agents);
  g_assert_cmpuint (agents->len, ==, 1);
  g_assert_cmpstr (agents->pdata[0], ==, "a1");
  g_assert_cmpuint (queues->len, ==, 1);
  g_assert_cmpstr (queues->pdata[0], ==, "hotline");
  assert_agent_counts (cc, "hotline", 1, 1, 0, 0, 0);
  g_assert_cmpint (sn_call_center_next_tick (cc), ==, at ("2025-10-01T00:00:00+08:00"));

  apply (cc, "10:04:25", "COMPLETEAGENT", "c2", "hotline", "a2", "[20,180,2]");
  assert_agent_counts (cc, "hotline", 2, 0, 0, 0, 0);
  apply (cc, "10:05:00", "PAUSE", NULL, "hotline", "a2", "[\"lunch\"]");
  apply (cc, "10:05:30", "PAUSE", NULL, NULL, "a1", "{\"reason\":\"training\"}");
  assert_agent_counts (cc, "hotline", 0, 0, 0, 2, 0);
  apply (cc, "10:06:00", "UNPAUSE", NULL, NULL, "a2", NULL);
  assert_agent_counts (cc, "hotline", 1, 0, 0, 1, 0);

  sn_call_center_get_counters (cc, "hotline", &c);
  assert_script_counters (&c);
  sn_call_center_get_counters (cc, NULL, &c);
  assert_script_counters (&c);
  g_assert_true (sn_metric_service_level (&c, &v));
  g_assert_cmpfloat_with_epsilon (v, 0.5, 1e-9);
  g_assert_true (sn_metric_service_level2 (&c, &v));
  g_assert_cmpfloat_with_epsilon (v, 2.0 / 3.0, 1e-9);
  g_assert_true (sn_metric_abandon_rate (&c, &v));
  g_assert_cmpfloat_with_epsilon (v, 1.0 / 3.0, 1e-9);
  g_assert_true (sn_metric_asa (&c, &v));
  g_assert_cmpfloat_with_epsilon (v, 15.0, 1e-9);
  g_assert_true (sn_metric_aht (&c, &v));
  g_assert_cmpfloat_with_epsilon (v, 165.0, 1e-9);
}

static void
assert_counter_object (JsonObject *o, guint offered, guint answered, guint abandoned, guint handled)
{
  g_assert_cmpint (json_object_get_int_member (o, "offered"), ==, offered);
  g_assert_cmpint (json_object_get_int_member (o, "answered"), ==, answered);
  g_assert_cmpint (json_object_get_int_member (o, "abandoned"), ==, abandoned);
  g_assert_cmpint (json_object_get_int_member (o, "handled"), ==, handled);
}

/* The queue after run_script(), c2 completed, a2 paused and c4 waiting. */
static void
assert_script_queue (JsonObject *q)
{
  JsonObject *o;

  /* The wrap-up of a1 ended at 10:03:40, before the later events. */
  o = json_object_get_object_member (q, "agents");
  g_assert_cmpint (json_object_get_int_member (o, "available"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "paused"), ==, 1);
  o = json_object_get_object_member (o, "paused_reasons");
  g_assert_cmpuint (json_object_get_size (o), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "lunch"), ==, 1);

  o = json_object_get_object_member (q, "today");
  assert_counter_object (o, 4, 2, 1, 2);
  g_assert_cmpint (json_object_get_int_member (o, "answered_within"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "abandoned_within"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "answer_wait_total"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (o, "handle_total"), ==, 330);

  o = json_object_get_object_member (q, "metrics");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "service_level"), 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "service_level2"), 2.0 / 3.0,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "abandon_rate"), 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "asa"), 15.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "aht"), 165.0, 1e-9);
}

static void
test_queue_json (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  g_autoptr (JsonObject) q = NULL;
  g_autoptr (JsonObject) all = NULL;
  g_autoptr (JsonObject) empty = NULL;
  JsonObject *o;
  JsonArray *intervals;

  run_script (cc);
  apply (cc, "10:04:25", "COMPLETEAGENT", "c2", "hotline", "a2", "[20,180,2]");
  apply (cc, "10:05:00", "PAUSE", NULL, "hotline", "a2", "[\"lunch\"]");
  apply (cc, "10:06:00", "ENTERQUEUE", "c4", "hotline", NULL, NULL);
  q = queue_json (cc, "hotline", FALSE);
  g_assert_cmpstr (json_object_get_string_member (q, "queue"), ==, "hotline");
  g_assert_cmpint (json_object_get_int_member (q, "waiting"), ==, 1);
  assert_time (q, "longest_wait_since", "10:06:00");
  g_assert_cmpstr (json_object_get_string_member (q, "day"), ==, "2025-09-30");
  assert_script_queue (q);

  o = json_object_get_object_member (q, "interval");
  assert_time (o, "start", "10:00:00");
  assert_counter_object (o, 4, 2, 1, 2);
  g_assert_false (json_object_has_member (q, "intervals"));

  all = queue_json (cc, "hotline", TRUE);
  g_assert_false (json_object_has_member (all, "interval"));
  intervals = json_object_get_array_member (all, "intervals");
  g_assert_cmpuint (json_array_get_length (intervals), ==, 1);
  assert_counter_object (json_array_get_object_element (intervals, 0), 4, 2, 1, 2);

  /* A queue with no traffic: zeros, and every metric "no data". */
  empty = queue_json (cc, "water", TRUE);
  g_assert_cmpint (json_object_get_int_member (empty, "waiting"), ==, 0);
  assert_time (empty, "longest_wait_since", NULL);
  o = json_object_get_object_member (empty, "metrics");
  g_assert_true (json_object_get_null_member (o, "service_level"));
  g_assert_true (json_object_get_null_member (o, "aht"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (empty, "intervals")), ==,
                    0);
}

static void
test_totals (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  g_autoptr (JsonObject) total = NULL;
  g_autoptr (GPtrArray) names = NULL;
  SnQueueCounters c;

  apply (cc, "09:00:00", "ENTERQUEUE", "h1", "hotline", NULL, NULL);
  apply (cc, "09:00:30", "ENTERQUEUE", "w1", "water", NULL, NULL);
  apply (cc, "09:01:00", "ENTERQUEUE", "w2", "water", NULL, NULL);
  apply (cc, "09:03:00", "EXITWITHTIMEOUT", "w1", "water", NULL, "[1,1,150]");
  assert_waiting (cc, "water", 1, "09:01:00");
  assert_waiting (cc, "hotline", 1, "09:00:00");
  assert_waiting (cc, NULL, 2, "09:00:00");
  sn_call_center_get_counters (cc, "water", &c);
  g_assert_cmpuint (c.offered, ==, 2);
  g_assert_cmpuint (c.timed_out, ==, 1);
  g_assert_cmpuint (c.abandoned, ==, 0);
  sn_call_center_get_counters (cc, NULL, &c);
  g_assert_cmpuint (c.offered, ==, 3);
  g_assert_cmpuint (c.timed_out, ==, 1);

  total = queue_json (cc, NULL, FALSE);
  g_assert_true (json_object_get_null_member (total, "queue"));
  g_assert_cmpint (json_object_get_int_member (total, "waiting"), ==, 2);
  assert_counter_object (json_object_get_object_member (total, "today"), 3, 0, 0, 0);
  assert_counter_object (json_object_get_object_member (total, "interval"), 3, 0, 0, 0);

  names = sn_call_center_list_queues (cc);
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_cmpstr (names->pdata[0], ==, "hotline");
  g_assert_cmpstr (names->pdata[1], ==, "water");
}

static void
test_agents (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  g_autoptr (JsonObject) a = NULL;
  g_autoptr (JsonObject) b = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  JsonArray *queues;

  apply (cc, "08:00:00", "AGENTLOGIN", NULL, "water", "b1", NULL);
  apply (cc, "08:00:00", "AGENTLOGIN", NULL, "hotline", "a1", NULL);
  apply (cc, "08:00:05", "AGENTLOGIN", NULL, "water", "a1", NULL);
  apply (cc, "08:10:00", "ENTERQUEUE", "c1", "water", NULL, NULL);
  apply (cc, "08:10:04", "CONNECT", "c1", "water", "a1", "[4]");

  /* Paused during a call: the pause outlasts the call, UNPAUSE returns to the call. */
  apply (cc, "08:11:00", "PAUSE", NULL, NULL, "a1", "[\"meeting\"]");
  assert_agent_counts (cc, "hotline", 0, 0, 0, 1, 0);
  apply (cc, "08:11:30", "UNPAUSE", NULL, NULL, "a1", NULL);
  a = agent_json (cc, "a1");
  g_assert_cmpstr (json_object_get_string_member (a, "state"), ==, "on_call");
  g_assert_cmpstr (json_object_get_string_member (a, "callid"), ==, "c1");
  assert_time (a, "since", "08:11:30");
  g_clear_pointer (&a, json_object_unref);

  apply (cc, "08:12:00", "PAUSE", NULL, "water", "a1", "[\"meeting\"]");
  apply (cc, "08:13:00", "COMPLETEAGENT", "c1", "water", "a1", "{\"wrapup\":60}");
  a = agent_json (cc, "a1");
  g_assert_cmpstr (json_object_get_string_member (a, "state"), ==, "paused");
  g_assert_cmpstr (json_object_get_string_member (a, "pause_reason"), ==, "meeting");
  g_assert_true (json_object_get_null_member (a, "callid"));
  assert_time (a, "since", "08:12:00");
  queues = json_object_get_array_member (a, "queues");
  g_assert_cmpuint (json_array_get_length (queues), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (queues, 0), ==, "hotline");
  g_assert_cmpstr (json_array_get_string_element (queues, 1), ==, "water");
  /* Paused, not wrapping up: nothing to wait for but midnight. */
  g_assert_cmpint (sn_call_center_next_tick (cc), ==, at ("2025-10-01T00:00:00+08:00"));

  /* Logging off keeps the membership: offline agents count per queue. */
  apply (cc, "09:00:00", "AGENTLOGOFF", NULL, NULL, "a1", "[\"SIP/a1\",\"3600\"]");
  assert_agent_counts (cc, "hotline", 0, 0, 0, 0, 1);
  assert_agent_counts (cc, "water", 1, 0, 0, 0, 1);
  assert_agent_counts (cc, NULL, 1, 0, 0, 0, 1);
  b = agent_json (cc, "b1");
  g_assert_cmpstr (json_object_get_string_member (b, "state"), ==, "available");
  g_assert_true (json_object_get_null_member (b, "pause_reason"));
  assert_time (b, "since", "08:00:00");

  apply (cc, "09:30:00", "AGENTLOGIN", NULL, "hotline", "a1", NULL);
  assert_agent_counts (cc, "water", 2, 0, 0, 0, 0);
  ids = sn_call_center_list_agents (cc);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (ids->pdata[0], ==, "a1");
  g_assert_cmpstr (ids->pdata[1], ==, "b1");
}

static void
test_changes (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  g_autoptr (GPtrArray) queues = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) agents = g_ptr_array_new_with_free_func (g_free);

  apply (cc, "08:00:00", "AGENTLOGIN", NULL, "hotline", "a1", NULL);
  apply (cc, "08:00:00", "AGENTLOGIN", NULL, "water", "a1", NULL);
  apply_changes (cc, "08:01:00", "ENTERQUEUE", "c1", "hotline", NULL, NULL, queues, agents);
  g_assert_cmpuint (queues->len, ==, 1);
  g_assert_cmpstr (queues->pdata[0], ==, "hotline");
  g_assert_cmpuint (agents->len, ==, 0);

  /* The agent's state counts in both its queues; each name is listed once. */
  apply_changes (cc, "08:01:09", "CONNECT", "c1", "hotline", "a1", NULL, queues, agents);
  g_assert_cmpuint (queues->len, ==, 2);
  g_assert_true (contains (queues, "hotline"));
  g_assert_true (contains (queues, "water"));
  g_assert_cmpuint (agents->len, ==, 1);
  g_assert_cmpstr (agents->pdata[0], ==, "a1");

  /* An UNPAUSE of an agent on a call changes nothing. */
  g_ptr_array_set_size (queues, 0);
  g_ptr_array_set_size (agents, 0);
  apply_changes (cc, "08:02:00", "UNPAUSE", NULL, NULL, "a1", NULL, queues, agents);
  g_assert_cmpuint (queues->len + agents->len, ==, 0);
}

static void
test_unknown_calls (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  SnQueueCounters c;

  /* Calls that entered before the state began still count when their times are given. */
  apply (cc, "10:00:00", "CONNECT", "x1", "hotline", "a1", "{\"holdtime\":40}");
  apply (cc, "10:00:30", "ABANDON", "x2", "hotline", NULL, "{\"waittime\":12}");
  apply (cc, "10:00:40", "EXITWITHTIMEOUT", "x3", "hotline", NULL, NULL);
  apply (cc, "10:02:00", "COMPLETEAGENT", "x1", "hotline", "a1", NULL);
  apply (cc, "10:03:00", "COMPLETECALLER", "x4", "hotline", "a1", "[5,70,1]");
  sn_call_center_get_counters (cc, "hotline", &c);
  g_assert_cmpuint (c.offered, ==, 0);
  g_assert_cmpuint (c.answered, ==, 1);
  g_assert_cmpuint (c.answered_within, ==, 0);
  g_assert_cmpint (c.answer_wait_total, ==, 40);
  g_assert_cmpuint (c.abandoned, ==, 1);
  g_assert_cmpuint (c.abandoned_within, ==, 1);
  g_assert_cmpuint (c.timed_out, ==, 1);
  g_assert_cmpuint (c.handled, ==, 2);
  g_assert_cmpint (c.handle_total, ==, 120 + 70);
  assert_waiting (cc, "hotline", 0, NULL);
}

/* T = 15 s: a wait of exactly 15 s is within, 16 s is not. */
static void
test_threshold (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  SnQueueCounters c;

  apply (cc, "10:00:00", "ENTERQUEUE", "c1", "hotline", NULL, NULL);
  apply (cc, "10:00:00", "ENTERQUEUE", "c2", "hotline", NULL, NULL);
  apply (cc, "10:00:00", "ENTERQUEUE", "c3", "hotline", NULL, NULL);
  apply (cc, "10:00:00", "ENTERQUEUE", "c4", "hotline", NULL, NULL);
  apply (cc, "10:00:15", "CONNECT", "c1", "hotline", "a1", NULL);
  apply (cc, "10:00:16", "CONNECT", "c2", "hotline", "a2", NULL);
  apply (cc, "10:00:15", "ABANDON", "c3", "hotline", NULL, NULL);
  apply (cc, "10:00:16", "ABANDON", "c4", "hotline", NULL, NULL);
  sn_call_center_get_counters (cc, "hotline", &c);
  g_assert_cmpuint (c.answered, ==, 2);
  g_assert_cmpuint (c.answered_within, ==, 1);
  g_assert_cmpint (c.answer_wait_total, ==, 31);
  g_assert_cmpuint (c.abandoned, ==, 2);
  g_assert_cmpuint (c.abandoned_within, ==, 1);
}

static void
test_rollover (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  g_autoptr (GPtrArray) queues = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonObject) q = NULL;
  SnQueueCounters c;

  apply (cc, "23:59:59", "ENTERQUEUE", "c1", "hotline", NULL, NULL);
  sn_call_center_get_counters (cc, "hotline", &c);
  g_assert_cmpuint (c.offered, ==, 1);

  apply (cc, "2025-10-01T00:00:01+08:00", "ENTERQUEUE", "c2", "hotline", NULL, NULL);
  sn_call_center_get_counters (cc, "hotline", &c);
  g_assert_cmpuint (c.offered, ==, 1);
  assert_waiting (cc, "hotline", 2, "23:59:59");
  q = queue_json (cc, "hotline", FALSE);
  g_assert_cmpstr (json_object_get_string_member (q, "day"), ==, "2025-10-01");
  assert_time (json_object_get_object_member (q, "interval"), "start", "2025-10-01T00:00:00+08:00");

  /* A late event of the previous day moves the queue, not today's counters. */
  apply (cc, "23:59:58", "ENTERQUEUE", "c0", "hotline", NULL, NULL);
  assert_waiting (cc, "hotline", 3, "23:59:58");
  apply (cc, "2025-10-01T00:00:10+08:00", "CONNECT", "c1", "hotline", "a1", NULL);
  sn_call_center_get_counters (cc, "hotline", &c);
  g_assert_cmpuint (c.offered, ==, 1);
  g_assert_cmpuint (c.answered, ==, 1);
  g_assert_cmpuint (c.answered_within, ==, 1);
  g_assert_cmpint (c.answer_wait_total, ==, 11);

  /* Midnight with no traffic: _tick() resets the day. */
  g_assert_cmpint (sn_call_center_next_tick (cc), ==, at ("2025-10-02T00:00:00+08:00"));
  sn_call_center_tick (cc, at ("2025-10-02T00:00:00+08:00"), queues, NULL);
  g_assert_cmpuint (queues->len, ==, 1);
  sn_call_center_get_counters (cc, NULL, &c);
  g_assert_cmpuint (c.offered + c.answered, ==, 0);
  assert_waiting (cc, "hotline", 2, "23:59:58");
  g_clear_pointer (&q, json_object_unref);
  q = queue_json (cc, "hotline", FALSE);
  g_assert_cmpstr (json_object_get_string_member (q, "day"), ==, "2025-10-02");
}

static void
test_intervals (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  g_autoptr (JsonObject) q = NULL;
  g_autoptr (JsonObject) current = NULL;
  JsonArray *intervals;
  JsonObject *o;

  apply (cc, "10:14:59", "ENTERQUEUE", "c1", "hotline", NULL, NULL);
  apply (cc, "10:15:00", "ENTERQUEUE", "c2", "hotline", NULL, NULL);
  apply (cc, "10:15:01", "ABANDON", "c1", "hotline", NULL, NULL);
  q = queue_json (cc, "hotline", TRUE);
  intervals = json_object_get_array_member (q, "intervals");
  g_assert_cmpuint (json_array_get_length (intervals), ==, 2);
  o = json_array_get_object_element (intervals, 0);
  assert_time (o, "start", "10:00:00");
  assert_counter_object (o, 1, 0, 0, 0);
  o = json_array_get_object_element (intervals, 1);
  assert_time (o, "start", "10:15:00");
  assert_counter_object (o, 1, 0, 1, 0);
  /* c1 waited 2 s, across the interval boundary. */
  g_assert_cmpint (json_object_get_int_member (o, "abandoned_within"), ==, 1);

  current = queue_json (cc, "hotline", FALSE);
  o = json_object_get_object_member (current, "interval");
  assert_time (o, "start", "10:15:00");
  assert_counter_object (o, 1, 0, 1, 0);
}

/* The day summer time ends has 25 hours: 100 intervals, each of 15 real minutes. */
static void
test_long_day (void)
{
  g_autoptr (SnCallCenter) cc = new_center_in ("America/Chicago");
  g_autoptr (JsonObject) q = NULL;
  JsonArray *intervals;

  apply (cc, "2025-11-02T00:00:00-05:00", "ENTERQUEUE", "c1", "311", NULL, NULL);
  apply (cc, "2025-11-02T01:20:00-06:00", "ENTERQUEUE", "c2", "311", NULL, NULL);
  apply (cc, "2025-11-02T23:59:59-06:00", "ENTERQUEUE", "c3", "311", NULL, NULL);
  q = queue_json (cc, "311", TRUE);
  g_assert_cmpstr (json_object_get_string_member (q, "day"), ==, "2025-11-02");
  g_assert_cmpint (
      json_object_get_int_member (json_object_get_object_member (q, "today"), "offered"), ==, 3);
  intervals = json_object_get_array_member (q, "intervals");
  g_assert_cmpuint (json_array_get_length (intervals), ==, 3);
  assert_time (json_array_get_object_element (intervals, 0), "start", "2025-11-02T00:00:00-05:00");
  /* 01:20 CST is the second 01:xx of the day: 2 h 20 min after midnight. */
  assert_time (json_array_get_object_element (intervals, 1), "start", "2025-11-02T01:15:00-06:00");
  assert_time (json_array_get_object_element (intervals, 2), "start", "2025-11-02T23:45:00-06:00");
  g_assert_cmpint (sn_call_center_next_tick (cc), ==, at ("2025-11-03T00:00:00-06:00"));
}

static void
test_wrapup (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  g_autoptr (GPtrArray) agents = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonObject) a = NULL;

  apply (cc, "11:00:00", "AGENTLOGIN", NULL, "hotline", "a1", NULL);
  apply (cc, "11:00:00", "AGENTLOGIN", NULL, "hotline", "a2", NULL);
  apply (cc, "11:00:00", "ENTERQUEUE", "c1", "hotline", NULL, NULL);
  apply (cc, "11:00:00", "ENTERQUEUE", "c2", "hotline", NULL, NULL);
  apply (cc, "11:00:03", "CONNECT", "c1", "hotline", "a1", NULL);
  apply (cc, "11:00:04", "CONNECT", "c2", "hotline", "a2", NULL);
  apply (cc, "11:02:00", "COMPLETEAGENT", "c1", "hotline", "a1", "{\"wrapup\":45}");
  apply (cc, "11:02:10", "COMPLETEAGENT", "c2", "hotline", "a2", "{\"wrapup\":20}");
  a = agent_json (cc, "a1");
  g_assert_cmpstr (json_object_get_string_member (a, "state"), ==, "wrapup");
  assert_time (a, "since", "11:02:00");
  assert_time (a, "wrapup_until", "11:02:45");

  /* a2's wrap-up ends first. */
  g_assert_cmpint (sn_call_center_next_tick (cc), ==, at ("11:02:30"));
  sn_call_center_tick (cc, at ("11:02:44"), NULL, agents);
  g_assert_cmpuint (agents->len, ==, 1);
  g_assert_cmpstr (agents->pdata[0], ==, "a2");
  assert_agent_counts (cc, "hotline", 1, 0, 1, 0, 0);
  g_assert_cmpint (sn_call_center_next_tick (cc), ==, at ("11:02:45"));

  /* A pause during wrap-up ends it: no timer left but midnight. */
  apply (cc, "11:02:40", "PAUSE", NULL, NULL, "a1", "{\"reason\":\"break\"}");
  g_assert_cmpint (sn_call_center_next_tick (cc), ==, at ("2025-10-01T00:00:00+08:00"));
  g_ptr_array_set_size (agents, 0);
  sn_call_center_tick (cc, at ("11:03:00"), NULL, agents);
  g_assert_cmpuint (agents->len, ==, 0);
  assert_agent_counts (cc, "hotline", 1, 0, 0, 1, 0);

  g_clear_pointer (&a, json_object_unref);
  a = agent_json (cc, "a2");
  g_assert_cmpstr (json_object_get_string_member (a, "state"), ==, "available");
  assert_time (a, "since", "11:02:30");
  assert_time (a, "wrapup_until", NULL);
}

static void
test_bad_input (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  g_autofree char *unknown = event_json ("10:00:00", "RINGNOANSWER", "c9", "hotline", "a1", NULL);
  g_autofree char *no_callid = event_json ("10:00:00", "ENTERQUEUE", NULL, "hotline", NULL, NULL);
  g_autofree char *no_agent = event_json ("10:00:00", "CONNECT", "c1", "hotline", NULL, "[3]");
  g_autofree char *bad_time = event_json ("2025-09-31T10:00:00", "ENTERQUEUE", "c9", "hotline",
                                          NULL, NULL);
  g_autofree char *data_string = event_json ("10:00:00", "CONNECT", "c1", "hotline", "a1",
                                             "\"10\"");
  g_autofree char *data_word = event_json ("10:00:00", "CONNECT", "c1", "hotline", "a1",
                                           "[\"ten\"]");
  g_autofree char *data_negative = event_json ("10:00:00", "COMPLETEAGENT", "c1", "hotline", "a1",
                                               "{\"calltime\":-4}");
  g_autofree char *data_nested = event_json ("10:00:00", "ABANDON", "c1", "hotline", NULL,
                                             "[1,2,[3]]");
  g_autofree char *connect_unknown = event_json ("10:00:30", "CONNECT", "c9", "hotline", "a1",
                                                 "[\"\",\"x\",1]");
  g_autofree char *abandon_unknown = event_json ("10:00:30", "ABANDON", "c9", "hotline", NULL,
                                                 NULL);
  g_autofree char *complete_unknown = event_json ("10:00:30", "COMPLETEAGENT", "c9", "hotline",
                                                  "a1", "[4]");
  g_autofree char *enter_again = event_json ("10:00:30", "ENTERQUEUE", "c1", "water", NULL, NULL);
  g_autofree char *wrong_queue = event_json ("10:00:30", "CONNECT", "c1", "water", "a1", NULL);
  g_autofree char *complete_waiting = event_json ("10:00:30", "COMPLETEAGENT", "c1", "hotline",
                                                  "a1", "[4,60]");
  g_autofree char *abandon_answered = event_json ("10:01:00", "ABANDON", "c2", "hotline", NULL,
                                                  "[1,1,5]");

  apply (cc, "10:00:00", "AGENTLOGIN", NULL, "hotline", "a1", NULL);
  apply (cc, "10:00:00", "ENTERQUEUE", "c1", "hotline", NULL, NULL);
  apply (cc, "10:00:00", "ENTERQUEUE", "c2", "hotline", NULL, NULL);
  apply (cc, "10:00:05", "CONNECT", "c2", "hotline", "a1", NULL);

  expect_error (cc, unknown, SN_PROTOCOL_ERROR_UNKNOWN_TYPE);
  expect_error (cc, "{\"time\":1759197600,\"callid\":\"c9\"}", SN_PROTOCOL_ERROR_MISSING_FIELD);
  expect_error (cc, no_callid, SN_PROTOCOL_ERROR_MISSING_FIELD);
  expect_error (cc, no_agent, SN_PROTOCOL_ERROR_MISSING_FIELD);
  expect_error (cc, bad_time, SN_PROTOCOL_ERROR_BAD_FIELD);
  expect_error (cc, "{\"time\":true,\"event\":\"ENTERQUEUE\",\"callid\":\"c9\",\"queue\":\"q\"}",
                SN_PROTOCOL_ERROR_BAD_FIELD);
  expect_error (cc, "{\"time\":-5,\"event\":\"ENTERQUEUE\",\"callid\":\"c9\",\"queue\":\"q\"}",
                SN_PROTOCOL_ERROR_BAD_FIELD);
  expect_error (cc, "{\"event\":\"ENTERQUEUE\",\"callid\":\"c9\",\"queue\":\"q\"}",
                SN_PROTOCOL_ERROR_MISSING_FIELD);
  expect_error (cc, "{\"time\":1759197600,\"event\":\"ENTERQUEUE\",\"callid\":7,\"queue\":\"q\"}",
                SN_PROTOCOL_ERROR_BAD_FIELD);
  expect_error (cc, data_string, SN_PROTOCOL_ERROR_BAD_FIELD);
  expect_error (cc, data_word, SN_PROTOCOL_ERROR_BAD_FIELD);
  expect_error (cc, data_negative, SN_PROTOCOL_ERROR_BAD_FIELD);
  expect_error (cc, data_nested, SN_PROTOCOL_ERROR_BAD_FIELD);
  expect_error (cc, connect_unknown, SN_PROTOCOL_ERROR_INVALID);
  expect_error (cc, abandon_unknown, SN_PROTOCOL_ERROR_INVALID);
  expect_error (cc, complete_unknown, SN_PROTOCOL_ERROR_INVALID);
  expect_error (cc, enter_again, SN_PROTOCOL_ERROR_INVALID);
  expect_error (cc, wrong_queue, SN_PROTOCOL_ERROR_INVALID);
  expect_error (cc, complete_waiting, SN_PROTOCOL_ERROR_INVALID);
  expect_error (cc, abandon_answered, SN_PROTOCOL_ERROR_INVALID);
  assert_waiting (cc, "hotline", 1, "10:00:00");
}

/* Events built in C rather than parsed are checked the same way. */
static void
test_bad_struct (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  g_autoptr (GError) error = NULL;
  g_autofree char *before = sn_call_center_save (cc);
  g_autofree char *after = NULL;
  SnCallEvent ev = { .time = at ("10:00:00"),
                     .verb = SN_CALL_ENTERQUEUE,
                     .callid = "c1",
                     .holdtime = -1,
                     .calltime = -1,
                     .waittime = -1,
                     .wrapup = -1 };

  g_assert_false (sn_call_center_apply (cc, &ev, NULL, NULL, &error));
  g_assert_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MISSING_FIELD);
  g_clear_error (&error);
  ev.queue = "hotline";
  ev.time = 0;
  g_assert_false (sn_call_center_apply (cc, &ev, NULL, NULL, &error));
  g_assert_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD);
  g_clear_error (&error);
  after = sn_call_center_save (cc);
  g_assert_cmpstr (before, ==, after);
  ev.time = at ("10:00:00");
  g_assert_true (sn_call_center_apply (cc, &ev, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sn_call_center_get_waiting (cc, "hotline"), ==, 1);
}

/* A busy moment: calls waiting and connected, agents in every state. */
static void
build_busy_state (SnCallCenter *cc)
{
  run_script (cc);
  apply (cc, "10:03:20", "AGENTLOGIN", NULL, "water", "b1", NULL);
  apply (cc, "10:03:20", "AGENTLOGIN", NULL, "water", "b2", NULL);
  apply (cc, "10:03:25", "PAUSE", NULL, NULL, "b2", "[\"training\"]");
  apply (cc, "10:03:30", "ENTERQUEUE", "w1", "water", NULL, NULL);
  apply (cc, "10:03:31", "ENTERQUEUE", "w2", "water", NULL, NULL);
  apply (cc, "10:03:36", "CONNECT", "w1", "water", "b1", NULL);
  apply (cc, "10:03:37", "ENTERQUEUE", "c5", "hotline", NULL, NULL);
  apply (cc, "10:03:38", "AGENTLOGOFF", NULL, "hotline", "a9", NULL);
  /* a1 is still wrapping up until 10:03:40. */
  assert_agent_counts (cc, NULL, 0, 2, 1, 1, 1);
}

static void
assert_same_json (SnCallCenter *x, SnCallCenter *y, const char *queue)
{
  g_autoptr (JsonBuilder) bx = json_builder_new ();
  g_autoptr (JsonBuilder) by = json_builder_new ();
  g_autofree char *sx = NULL;
  g_autofree char *sy = NULL;

  sn_call_center_queue_to_json (x, queue, TRUE, bx);
  sn_call_center_queue_to_json (y, queue, TRUE, by);
  sx = sn_json_builder_to_string (bx, NULL);
  sy = sn_json_builder_to_string (by, NULL);
  g_assert_cmpstr (sx, ==, sy);
}

static void
test_save_load (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  g_autoptr (SnCallCenter) copy = new_center ();
  g_autoptr (GError) error = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *again = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  build_busy_state (cc);
  saved = sn_call_center_save (cc);
  g_assert_true (sn_call_center_load (copy, saved, &error));
  g_assert_no_error (error);
  again = sn_call_center_save (copy);
  g_assert_cmpstr (saved, ==, again);
  assert_same_json (cc, copy, "hotline");
  assert_same_json (cc, copy, "water");
  assert_same_json (cc, copy, NULL);
  g_assert_cmpint (sn_call_center_next_tick (copy), ==, sn_call_center_next_tick (cc));
  g_assert_cmpint (sn_call_center_next_tick (copy), ==, at ("10:03:40"));

  /* The loaded state goes on exactly like the original. */
  apply (cc, "10:21:00", "CONNECT", "w2", "water", "b1", NULL);
  apply (copy, "10:21:00", "CONNECT", "w2", "water", "b1", NULL);
  apply (cc, "10:22:00", "COMPLETECALLER", "w2", "water", "b1", "{\"wrapup\":10}");
  apply (copy, "10:22:00", "COMPLETECALLER", "w2", "water", "b1", "{\"wrapup\":10}");
  sn_call_center_tick (cc, at ("10:22:10"), NULL, NULL);
  sn_call_center_tick (copy, at ("10:22:10"), NULL, NULL);
  apply (cc, "2025-10-01T08:00:00+08:00", "ABANDON", "c5", "hotline", NULL, NULL);
  apply (copy, "2025-10-01T08:00:00+08:00", "ABANDON", "c5", "hotline", NULL, NULL);
  x = sn_call_center_save (cc);
  y = sn_call_center_save (copy);
  g_assert_cmpstr (x, ==, y);
  assert_waiting (copy, "hotline", 0, NULL);
}

static void
test_load_corrupt (void)
{
  static const struct
  {
    const char *text;
    SnProtocolError code;
  } corrupt[] = {
    { "", SN_PROTOCOL_ERROR_MALFORMED },
    { "not json", SN_PROTOCOL_ERROR_MALFORMED },
    { "[1,2,3]", SN_PROTOCOL_ERROR_MALFORMED },
    { "{}", SN_PROTOCOL_ERROR_MISSING_FIELD },
    { "{\"version\":2,\"day_start\":null,\"now\":0,\"queues\":[],\"agents\":[],\"calls\":[]}",
      SN_PROTOCOL_ERROR_INVALID },
    { "{\"version\":1,\"day_start\":\"x\",\"now\":0,\"queues\":[],\"agents\":[],\"calls\":[]}",
      SN_PROTOCOL_ERROR_BAD_FIELD },
    { "{\"version\":1,\"day_start\":null,\"now\":0,\"queues\":{},\"agents\":[],\"calls\":[]}",
      SN_PROTOCOL_ERROR_INVALID },
    { "{\"version\":1,\"day_start\":null,\"now\":0,\"queues\":[],\"agents\":[{\"agent\":\"a\","
      "\"state\":\"asleep\",\"since\":1,\"queues\":[]}],\"calls\":[]}",
      SN_PROTOCOL_ERROR_INVALID },
    { "{\"version\":1,\"day_start\":null,\"now\":0,\"queues\":[{\"queue\":\"q\",\"today\":{"
      "\"offered\":-1}}],\"agents\":[],\"calls\":[]}",
      SN_PROTOCOL_ERROR_INVALID },
    { "{\"version\":1,\"day_start\":null,\"now\":0,\"queues\":[],\"agents\":[],\"calls\":["
      "{\"callid\":\"c\",\"queue\":\"q\",\"entered\":5,\"connected\":6,\"agent\":\"ghost\"}]}",
      SN_PROTOCOL_ERROR_INVALID },
  };
  g_autoptr (SnCallCenter) cc = new_center ();
  g_autofree char *before = NULL;

  build_busy_state (cc);
  before = sn_call_center_save (cc);
  for (guint i = 0; i < G_N_ELEMENTS (corrupt); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_false (sn_call_center_load (cc, corrupt[i].text, &error));
      g_assert_error (error, SN_PROTOCOL_ERROR, (int) corrupt[i].code);
      after = sn_call_center_save (cc);
      g_assert_cmpstr (before, ==, after);
    }
  /* A truncated save is not loaded either. */
  before[strlen (before) / 2] = '\0';
  g_assert_false (sn_call_center_load (cc, before, NULL));
  assert_waiting (cc, "hotline", 1, "10:03:37");
}

/* The surge: a day of a million calls stays fast (no scan of the calls per event). */
static void
test_many_calls (void)
{
  g_autoptr (SnCallCenter) cc = new_center ();
  gint64 start = at ("2025-09-30T00:00:00+08:00");
  SnQueueCounters c;

  apply (cc, "00:00:00", "AGENTLOGIN", NULL, "hotline", "a1", NULL);
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *callid = g_strdup_printf ("c%u", i);
      SnCallEvent ev = { .time = start + i,
                         .verb = SN_CALL_ENTERQUEUE,
                         .callid = callid,
                         .queue = "hotline",
                         .holdtime = -1,
                         .calltime = -1,
                         .waittime = -1,
                         .wrapup = -1 };

      g_assert_true (sn_call_center_apply (cc, &ev, NULL, NULL, NULL));
    }
  for (guint i = 0; i < 20000; i += 2)
    {
      g_autofree char *callid = g_strdup_printf ("c%u", i);
      SnCallEvent ev = { .time = start + 20000 + i,
                         .verb = SN_CALL_ABANDON,
                         .callid = callid,
                         .queue = "hotline",
                         .holdtime = -1,
                         .calltime = -1,
                         .waittime = -1,
                         .wrapup = -1 };

      g_assert_true (sn_call_center_apply (cc, &ev, NULL, NULL, NULL));
    }
  g_assert_cmpuint (sn_call_center_get_waiting (cc, "hotline"), ==, 10000);
  sn_call_center_get_counters (cc, NULL, &c);
  g_assert_cmpuint (c.offered, ==, 20000);
  g_assert_cmpuint (c.abandoned, ==, 10000);
  /* c1 entered at 00:00:01 and is the earliest still waiting. */
  assert_waiting (cc, "hotline", 10000, "00:00:01");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/call-center/names", test_names);
  g_test_add_func ("/call-center/parse", test_parse);
  g_test_add_func ("/call-center/script", test_script);
  g_test_add_func ("/call-center/queue-json", test_queue_json);
  g_test_add_func ("/call-center/totals", test_totals);
  g_test_add_func ("/call-center/agents", test_agents);
  g_test_add_func ("/call-center/changes", test_changes);
  g_test_add_func ("/call-center/unknown-calls", test_unknown_calls);
  g_test_add_func ("/call-center/threshold", test_threshold);
  g_test_add_func ("/call-center/rollover", test_rollover);
  g_test_add_func ("/call-center/intervals", test_intervals);
  g_test_add_func ("/call-center/long-day", test_long_day);
  g_test_add_func ("/call-center/wrapup", test_wrapup);
  g_test_add_func ("/call-center/bad-input", test_bad_input);
  g_test_add_func ("/call-center/bad-struct", test_bad_struct);
  g_test_add_func ("/call-center/save-load", test_save_load);
  g_test_add_func ("/call-center/load-corrupt", test_load_corrupt);
  g_test_add_func ("/call-center/many-calls", test_many_calls);
  return g_test_run ();
}
