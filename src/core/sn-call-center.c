/* sn-call-center.c — live queue and agent state kept from call-center events named after
 * Asterisk queue_log verbs, with daily and 15-minute interval counters
 *
 *   calls   callid → Call ──waiting_iter──▶ Queue.waiting (GSequence, earliest enter first)
 *   agents  id → Agent  ◀──members / queues──▶  queues  name → Queue (today + intervals)
 *   wrapups GSequence of Agent in wrap-up, earliest end first: drives _tick()/_next_tick()
 *
 * Every event touches a bounded number of entries: a surge day of a million calls never
 * scans the calls. An event is first checked against the state, then applied, so a refused
 * event changes nothing.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sn-call-center.h"
#include "sn-json.h"

#define INTERVAL_SECONDS (15 * 60)
/* 96 intervals in a normal day, 100 in the 25-hour day when summer time ends. */
#define MAX_INTERVALS 100
#define MAX_ID_LENGTH 256
/* Larger durations are garbage, and would overflow the totals. */
#define MAX_DURATION (366 * 24 * 3600)
/* 9999-12-31T23:59:59Z, the last instant GDateTime can show. */
#define MAX_TIME G_GINT64_CONSTANT (253402300799)
#define SAVE_VERSION 1

typedef struct _Agent Agent;
typedef struct _Queue Queue;

typedef struct {
  char *callid;
  Queue *queue;
  gint64 entered;
  gint64 connected;            /* 0 while waiting */
  Agent *agent;                /* the agent on the call, NULL while waiting */
  GSequenceIter *waiting_iter; /* in queue->waiting while waiting, else NULL */
} Call;

struct _Queue {
  char *name;
  GSequence *waiting;  /* Call *, earliest enter time first */
  GHashTable *members; /* agent id → Agent * */
  SnQueueCounters today;
  SnQueueCounters intervals[MAX_INTERVALS];
};

struct _Agent {
  char *id;
  SnAgentState state;
  gint64 since;
  char *pause_reason;
  char *callid;               /* the call the agent is on, kept through a pause */
  gint64 wrapup_until;
  GSequenceIter *wrapup_iter; /* in State.wrapups while in wrap-up, else NULL */
  GHashTable *queues;         /* queue name → Queue * */
};

typedef struct {
  GHashTable *queues; /* name → Queue * (owned) */
  GHashTable *agents; /* id → Agent * (owned) */
  GHashTable *calls;  /* callid → Call * (owned): waiting and connected calls */
  GSequence *wrapups; /* Agent * */
  guint n_waiting;
  gboolean has_day;
  gint64 day_start, day_end; /* the local day the counters are for */
  gint64 now;                /* the latest time seen, for the current interval */
} State;

struct _SnCallCenter {
  SnCalendar *calendar;
  State *state;
};

/* Where one _apply() or _tick() reports what it changed. */
typedef struct {
  GPtrArray *queues, *agents;
} Changes;

static const char *const verb_names[SN_N_CALL_VERBS] = {
  "ENTERQUEUE", "CONNECT", "COMPLETECALLER", "COMPLETEAGENT", "ABANDON",
  "EXITWITHTIMEOUT", "AGENTLOGIN", "AGENTLOGOFF", "PAUSE", "UNPAUSE",
};

static const char *const state_names[SN_N_AGENT_STATES] = {
  "available", "on_call", "wrapup", "paused", "offline",
};

enum { NEED_CALLID = 1 << 0, NEED_QUEUE = 1 << 1, NEED_AGENT = 1 << 2 };

static const guint8 verb_needs[SN_N_CALL_VERBS] = {
  [SN_CALL_ENTERQUEUE] = NEED_CALLID | NEED_QUEUE,
  [SN_CALL_CONNECT] = NEED_CALLID | NEED_QUEUE | NEED_AGENT,
  [SN_CALL_COMPLETECALLER] = NEED_CALLID | NEED_QUEUE | NEED_AGENT,
  [SN_CALL_COMPLETEAGENT] = NEED_CALLID | NEED_QUEUE | NEED_AGENT,
  [SN_CALL_ABANDON] = NEED_CALLID | NEED_QUEUE,
  [SN_CALL_EXITWITHTIMEOUT] = NEED_CALLID | NEED_QUEUE,
  [SN_CALL_AGENTLOGIN] = NEED_QUEUE | NEED_AGENT,
  [SN_CALL_AGENTLOGOFF] = NEED_AGENT,
  [SN_CALL_PAUSE] = NEED_AGENT,
  [SN_CALL_UNPAUSE] = NEED_AGENT,
};

typedef struct {
  const char *name;
  gsize offset;
  gboolean wide; /* gint64 rather than guint */
} CounterField;

static const CounterField counter_fields[] = {
  { "offered", G_STRUCT_OFFSET (SnQueueCounters, offered), FALSE },
  { "answered", G_STRUCT_OFFSET (SnQueueCounters, answered), FALSE },
  { "answered_within", G_STRUCT_OFFSET (SnQueueCounters, answered_within), FALSE },
  { "abandoned", G_STRUCT_OFFSET (SnQueueCounters, abandoned), FALSE },
  { "abandoned_within", G_STRUCT_OFFSET (SnQueueCounters, abandoned_within), FALSE },
  { "timed_out", G_STRUCT_OFFSET (SnQueueCounters, timed_out), FALSE },
  { "answer_wait_total", G_STRUCT_OFFSET (SnQueueCounters, answer_wait_total), TRUE },
  { "handled", G_STRUCT_OFFSET (SnQueueCounters, handled), FALSE },
  { "handle_total", G_STRUCT_OFFSET (SnQueueCounters, handle_total), TRUE },
};

static const struct {
  const char *name;
  gboolean (*compute) (const SnQueueCounters *c, double *out);
} metrics[] = {
  { "service_level", sn_metric_service_level },
  { "service_level2", sn_metric_service_level2 },
  { "abandon_rate", sn_metric_abandon_rate },
  { "asa", sn_metric_asa },
  { "aht", sn_metric_aht },
};

/* ── the state ─────────────────────────────────────────────────────────────────── */

static void
call_free (gpointer data)
{
  Call *call = data;

  g_free (call->callid);
  g_free (call);
}

static void
queue_free (gpointer data)
{
  Queue *q = data;

  g_sequence_free (q->waiting);
  g_hash_table_unref (q->members);
  g_free (q->name);
  g_free (q);
}

static void
agent_free (gpointer data)
{
  Agent *a = data;

  g_hash_table_unref (a->queues);
  g_free (a->id);
  g_free (a->pause_reason);
  g_free (a->callid);
  g_free (a);
}

static State *
state_new (void)
{
  State *st = g_new0 (State, 1);

  st->queues = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, queue_free);
  st->agents = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, agent_free);
  st->calls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, call_free);
  st->wrapups = g_sequence_new (NULL);
  return st;
}

static void
state_free (State *st)
{
  /* Calls and agents point into queues and each other, but nothing is dereferenced while
   * freeing, so the order does not matter. */
  g_hash_table_unref (st->calls);
  g_sequence_free (st->wrapups);
  g_hash_table_unref (st->agents);
  g_hash_table_unref (st->queues);
  g_free (st);
}

static Queue *
ensure_queue (State *st, const char *name)
{
  Queue *q = g_hash_table_lookup (st->queues, name);

  if (q == NULL)
    {
      q = g_new0 (Queue, 1);
      q->name = g_strdup (name);
      q->waiting = g_sequence_new (NULL);
      q->members = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_insert (st->queues, q->name, q);
    }
  return q;
}

/* A new agent is offline until an event says otherwise. */
static Agent *
ensure_agent (State *st, const char *id, gint64 t, gboolean *created)
{
  Agent *a = g_hash_table_lookup (st->agents, id);

  *created = (a == NULL);
  if (a == NULL)
    {
      a = g_new0 (Agent, 1);
      a->id = g_strdup (id);
      a->state = SN_AGENT_OFFLINE;
      a->since = t;
      a->queues = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_insert (st->agents, a->id, a);
    }
  return a;
}

static gboolean
join_queue (Agent *a, Queue *q)
{
  if (g_hash_table_contains (a->queues, q->name))
    return FALSE;
  g_hash_table_insert (a->queues, q->name, q);
  g_hash_table_insert (q->members, a->id, a);
  return TRUE;
}

static int
compare_calls (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Call *x = a, *y = b;

  if (x->entered != y->entered)
    return x->entered < y->entered ? -1 : 1;
  return strcmp (x->callid, y->callid);
}

static int
compare_wrapups (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Agent *x = a, *y = b;

  if (x->wrapup_until != y->wrapup_until)
    return x->wrapup_until < y->wrapup_until ? -1 : 1;
  return strcmp (x->id, y->id);
}

static Call *
add_call (State *st, Queue *q, const char *callid, gint64 entered)
{
  Call *call = g_new0 (Call, 1);

  call->callid = g_strdup (callid);
  call->queue = q;
  call->entered = entered;
  g_hash_table_insert (st->calls, call->callid, call);
  return call;
}

static void
start_waiting (State *st, Call *call)
{
  call->waiting_iter = g_sequence_insert_sorted (call->queue->waiting, call, compare_calls, NULL);
  st->n_waiting++;
}

static void
stop_waiting (State *st, Call *call)
{
  if (call->waiting_iter == NULL)
    return;
  g_sequence_remove (call->waiting_iter);
  call->waiting_iter = NULL;
  st->n_waiting--;
}

static void
leave_wrapup (Agent *a)
{
  if (a->wrapup_iter != NULL)
    g_sequence_remove (a->wrapup_iter);
  a->wrapup_iter = NULL;
  a->wrapup_until = 0;
}

/* Returns TRUE when the state or the pause reason changed; @since moves only then. */
static gboolean
set_state (Agent *a, SnAgentState state, const char *reason, gint64 t)
{
  if (state != SN_AGENT_PAUSED)
    reason = NULL;
  if (a->state == state && g_strcmp0 (a->pause_reason, reason) == 0)
    return FALSE;
  leave_wrapup (a);
  a->state = state;
  g_free (a->pause_reason);
  a->pause_reason = g_strdup (reason);
  a->since = t;
  return TRUE;
}

static void
start_wrapup (State *st, Agent *a, gint64 t, gint64 until)
{
  leave_wrapup (a);
  a->state = SN_AGENT_WRAPUP;
  g_clear_pointer (&a->pause_reason, g_free);
  a->since = t;
  a->wrapup_until = until;
  a->wrapup_iter = g_sequence_insert_sorted (st->wrapups, a, compare_wrapups, NULL);
}

/* Where an agent goes when a pause, a log-off or a wrap-up ends. */
static SnAgentState
resume_state (const Agent *a)
{
  return a->callid != NULL ? SN_AGENT_ON_CALL : SN_AGENT_AVAILABLE;
}

/* ── changes and counters ──────────────────────────────────────────────────────── */

static void
changes_add (GPtrArray *array, const char *s)
{
  if (array == NULL)
    return;
  if (!g_ptr_array_find_with_equal_func (array, s, g_str_equal, NULL))
    g_ptr_array_add (array, g_strdup (s));
}

/* The agent and every queue that counts it. */
static void
changes_add_agent (Changes *ch, Agent *a)
{
  GHashTableIter iter;
  gpointer name;

  changes_add (ch->agents, a->id);
  g_hash_table_iter_init (&iter, a->queues);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    changes_add (ch->queues, name);
}

/* Starts the local day of @t: every queue's counters start from zero. */
static void
set_day (SnCallCenter *self, gint64 t, Changes *ch)
{
  State *st = self->state;
  GHashTableIter iter;
  gpointer value;

  st->has_day = TRUE;
  st->day_start = sn_calendar_day_start (self->calendar, t);
  st->day_end = sn_calendar_next_day_start (self->calendar, t);
  g_hash_table_iter_init (&iter, st->queues);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Queue *q = value;

      memset (&q->today, 0, sizeof q->today);
      memset (q->intervals, 0, sizeof q->intervals);
      changes_add (ch->queues, q->name);
    }
}

static void
roll_to (SnCallCenter *self, gint64 t, Changes *ch)
{
  if (!self->state->has_day || t >= self->state->day_end)
    set_day (self, t, ch);
}

static guint
interval_index (const State *st, gint64 t)
{
  return (guint) MIN ((t - st->day_start) / INTERVAL_SECONDS, MAX_INTERVALS - 1);
}

/* Adds @delta to the day and the interval of @t; an event of an earlier day counts nowhere. */
static void
count (State *st, Queue *q, gint64 t, const SnQueueCounters *delta)
{
  if (!st->has_day || t < st->day_start || t >= st->day_end)
    return;
  sn_queue_counters_add (&q->today, delta);
  sn_queue_counters_add (&q->intervals[interval_index (st, t)], delta);
}

/* ── events ────────────────────────────────────────────────────────────────────── */

const char *
sn_call_verb_to_string (SnCallVerb verb)
{
  g_return_val_if_fail ((guint) verb < SN_N_CALL_VERBS, NULL);
  return verb_names[verb];
}

gboolean
sn_call_verb_from_string (const char *s, SnCallVerb *out)
{
  for (guint i = 0; s != NULL && i < SN_N_CALL_VERBS; i++)
    {
      if (strcmp (s, verb_names[i]) == 0)
        {
          *out = (SnCallVerb) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
sn_agent_state_to_string (SnAgentState state)
{
  g_return_val_if_fail ((guint) state < SN_N_AGENT_STATES, NULL);
  return state_names[state];
}

gboolean
sn_agent_state_from_string (const char *s, SnAgentState *out)
{
  for (guint i = 0; s != NULL && i < SN_N_AGENT_STATES; i++)
    {
      if (strcmp (s, state_names[i]) == 0)
        {
          *out = (SnAgentState) i;
          return TRUE;
        }
    }
  return FALSE;
}

void
sn_call_event_free (SnCallEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->callid);
  g_free (event->queue);
  g_free (event->agent);
  g_free (event->reason);
  g_free (event);
}

static gboolean
bad_seconds (const char *name, GError **error)
{
  g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
               _("Field “%s” must be a number of seconds"), name);
  return FALSE;
}

/* A duration in "data": a non-negative integer, as a number or a string (Asterisk writes
 * strings); null, absence and "" mean not given and leave @out alone. */
static gboolean
parse_seconds (JsonNode *node, const char *name, gint64 *out, GError **error)
{
  GType type = node != NULL ? json_node_get_value_type (node) : G_TYPE_INVALID;
  gint64 v;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (type == G_TYPE_INT64)
    v = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!(d >= 0 && d <= MAX_DURATION) || d != (double) (gint64) d)
        return bad_seconds (name, error);
      v = (gint64) d;
    }
  else if (type == G_TYPE_STRING && *json_node_get_string (node) == '\0')
    return TRUE;
  else if (type != G_TYPE_STRING
           || !g_ascii_string_to_signed (json_node_get_string (node), 10, 0, MAX_DURATION, &v,
                                         NULL))
    return bad_seconds (name, error);
  if (v < 0 || v > MAX_DURATION)
    return bad_seconds (name, error);
  *out = v;
  return TRUE;
}

/* A pause reason: a string, or a number (reason codes); "" means none. */
static gboolean
parse_reason (JsonNode *node, char **out, GError **error)
{
  GType type = node != NULL ? json_node_get_value_type (node) : G_TYPE_INVALID;
  g_autofree char *s = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (type == G_TYPE_STRING)
    s = g_strdup (json_node_get_string (node));
  else if (type == G_TYPE_INT64)
    s = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (s == NULL || strlen (s) > MAX_ID_LENGTH)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _("Field “%s” must be a string of at most %d bytes"), "reason",
                   MAX_ID_LENGTH);
      return FALSE;
    }
  g_free (*out);
  *out = *s != '\0' ? g_steal_pointer (&s) : NULL;
  return TRUE;
}

static JsonNode *
array_at (JsonArray *array, guint i)
{
  return i < json_array_get_length (array) ? json_array_get_element (array, i) : NULL;
}

/* "data" as Asterisk's positional data1…data5 of each verb. */
static gboolean
parse_data_array (JsonArray *a, SnCallEvent *ev, GError **error)
{
  switch (ev->verb)
    {
    case SN_CALL_CONNECT:
      return parse_seconds (array_at (a, 0), "holdtime", &ev->holdtime, error);
    case SN_CALL_COMPLETECALLER:
    case SN_CALL_COMPLETEAGENT:
      return parse_seconds (array_at (a, 0), "holdtime", &ev->holdtime, error)
             && parse_seconds (array_at (a, 1), "calltime", &ev->calltime, error);
    case SN_CALL_ABANDON:
    case SN_CALL_EXITWITHTIMEOUT:
      return parse_seconds (array_at (a, 2), "waittime", &ev->waittime, error);
    case SN_CALL_PAUSE:
      return parse_reason (array_at (a, 0), &ev->reason, error);
    default:
      return TRUE;
    }
}

static gboolean
parse_data_object (JsonObject *o, SnCallEvent *ev, GError **error)
{
  return parse_seconds (json_object_get_member (o, "holdtime"), "holdtime", &ev->holdtime, error)
         && parse_seconds (json_object_get_member (o, "calltime"), "calltime", &ev->calltime,
                           error)
         && parse_seconds (json_object_get_member (o, "waittime"), "waittime", &ev->waittime,
                           error)
         && parse_seconds (json_object_get_member (o, "wrapup"), "wrapup", &ev->wrapup, error)
         && parse_reason (json_object_get_member (o, "reason"), &ev->reason, error);
}

static gboolean
parse_data (JsonObject *obj, SnCallEvent *ev, GError **error)
{
  JsonNode *data = json_object_get_member (obj, "data");

  if (data == NULL || JSON_NODE_HOLDS_NULL (data))
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (data))
    return parse_data_array (json_node_get_array (data), ev, error);
  if (JSON_NODE_HOLDS_OBJECT (data))
    return parse_data_object (json_node_get_object (data), ev, error);
  g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
               _("Field “%s” must be an array or an object"), "data");
  return FALSE;
}

/* A callid, queue or agent: a string; "", "NONE" (Asterisk's placeholder) and null are
 * absent. */
static gboolean
parse_id (JsonObject *obj, const char *name, gboolean required, char **out, GError **error)
{
  const char *s = NULL;
  g_autoptr (GError) local_error = NULL;

  if (!sn_json_get_string (obj, name, FALSE, &s, &local_error) && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (s == NULL || *s == '\0' || strcmp (s, "NONE") == 0)
    {
      if (required)
        g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MISSING_FIELD,
                     _("Field “%s” is missing"), name);
      return !required;
    }
  if (strlen (s) > MAX_ID_LENGTH)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _("Field “%s” must be a string of at most %d bytes"), name, MAX_ID_LENGTH);
      return FALSE;
    }
  *out = g_strdup (s);
  return TRUE;
}

/* "time": ISO 8601, or an integer of unix seconds. */
static gboolean
parse_time (JsonObject *obj, gint64 *out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, "time");

  if (node != NULL && json_node_get_value_type (node) == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (!sn_json_get_time (obj, "time", TRUE, out, error))
    return FALSE;
  if (*out <= 0 || *out > MAX_TIME)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _("Field “%s” must be a time after 1970 and before 10000"), "time");
      return FALSE;
    }
  return TRUE;
}

SnCallEvent *
sn_call_event_from_json (JsonObject *obj, GError **error)
{
  g_autoptr (SnCallEvent) ev = g_new0 (SnCallEvent, 1);
  const char *verb;
  guint needs;

  g_return_val_if_fail (obj != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ev->holdtime = ev->calltime = ev->waittime = ev->wrapup = -1;
  if (!sn_json_get_string (obj, "event", TRUE, &verb, error))
    return NULL;
  if (!sn_call_verb_from_string (verb, &ev->verb))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_UNKNOWN_TYPE,
                   _("Unknown call-center event “%s”"), verb);
      return NULL;
    }
  needs = verb_needs[ev->verb];
  if (!parse_time (obj, &ev->time, error)
      || !parse_id (obj, "callid", needs & NEED_CALLID, &ev->callid, error)
      || !parse_id (obj, "queue", needs & NEED_QUEUE, &ev->queue, error)
      || !parse_id (obj, "agent", needs & NEED_AGENT, &ev->agent, error)
      || !parse_data (obj, ev, error))
    return NULL;
  return g_steal_pointer (&ev);
}

/* ── applying events ───────────────────────────────────────────────────────────── */

/* The fields a verb needs, for events built by hand rather than parsed. */
static gboolean
check_fields (const SnCallEvent *ev, GError **error)
{
  static const struct { guint flag; gsize offset; const char *name; } ids[] = {
    { NEED_CALLID, G_STRUCT_OFFSET (SnCallEvent, callid), "callid" },
    { NEED_QUEUE, G_STRUCT_OFFSET (SnCallEvent, queue), "queue" },
    { NEED_AGENT, G_STRUCT_OFFSET (SnCallEvent, agent), "agent" },
  };

  if ((guint) ev->verb >= SN_N_CALL_VERBS)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_UNKNOWN_TYPE,
                   _("Unknown call-center event %d"), (int) ev->verb);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const char *const *value = G_STRUCT_MEMBER_P (ev, ids[i].offset);

      if ((verb_needs[ev->verb] & ids[i].flag) && (*value == NULL || **value == '\0'))
        {
          g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MISSING_FIELD,
                       _("Field “%s” is missing"), ids[i].name);
          return FALSE;
        }
    }
  if (ev->time <= 0 || ev->time > MAX_TIME)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _("Field “%s” must be a time after 1970 and before 10000"), "time");
      return FALSE;
    }
  return TRUE;
}

/* A known call that an event takes out of the queue must be waiting in that queue. */
static gboolean
check_waiting (const Call *call, const SnCallEvent *ev, GError **error)
{
  if (call->waiting_iter == NULL)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID,
                   _("Call “%s” is not waiting: it was answered already"), call->callid);
      return FALSE;
    }
  if (strcmp (call->queue->name, ev->queue) != 0)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID,
                   _("Call “%s” waits in queue “%s”, not in “%s”"), call->callid,
                   call->queue->name, ev->queue);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_unknown (const SnCallEvent *ev, gint64 given, const char *what, GError **error)
{
  if (given >= 0)
    return TRUE;
  /* Translators: the first %s is an event such as CONNECT, the last a field name. */
  g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID,
               _("%s for unknown call “%s” must give its %s"), verb_names[ev->verb],
               ev->callid, what);
  return FALSE;
}

static gboolean
check_complete (const Call *call, const SnCallEvent *ev, GError **error)
{
  if (call == NULL)
    return check_unknown (ev, ev->calltime, "calltime", error);
  if (call->waiting_iter != NULL)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID,
                   _("Call “%s” cannot complete: it was never answered"), call->callid);
      return FALSE;
    }
  if (strcmp (call->queue->name, ev->queue) != 0)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID,
                   _("Call “%s” was answered in queue “%s”, not in “%s”"), call->callid,
                   call->queue->name, ev->queue);
      return FALSE;
    }
  return TRUE;
}

/* Whether @ev can be applied to the calls as they are; changes nothing. */
static gboolean
check_call (State *st, const SnCallEvent *ev, GError **error)
{
  Call *call = ev->callid != NULL ? g_hash_table_lookup (st->calls, ev->callid) : NULL;

  switch (ev->verb)
    {
    case SN_CALL_ENTERQUEUE:
      if (call == NULL)
        return TRUE;
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID,
                   _("Call “%s” is already in queue “%s”"), call->callid, call->queue->name);
      return FALSE;
    case SN_CALL_CONNECT:
      return call != NULL ? check_waiting (call, ev, error)
                          : check_unknown (ev, ev->holdtime, "holdtime", error);
    case SN_CALL_COMPLETECALLER:
    case SN_CALL_COMPLETEAGENT:
      return check_complete (call, ev, error);
    case SN_CALL_ABANDON:
      return call != NULL ? check_waiting (call, ev, error)
                          : check_unknown (ev, ev->waittime, "waittime", error);
    case SN_CALL_EXITWITHTIMEOUT:
      return call == NULL || check_waiting (call, ev, error);
    default:
      return TRUE;
    }
}

static void
apply_enter (State *st, const SnCallEvent *ev, Changes *ch)
{
  Queue *q = ensure_queue (st, ev->queue);
  SnQueueCounters delta = { .offered = 1 };

  start_waiting (st, add_call (st, q, ev->callid, ev->time));
  count (st, q, ev->time, &delta);
  changes_add (ch->queues, q->name);
}

/* An agent takes one call at a time: a call it was on whose completion never came ends
 * when it answers the next, so lost events cannot pile up calls. */
static void
take_call (State *st, Agent *a, Call *call, gint64 t)
{
  Call *old = a->callid != NULL ? g_hash_table_lookup (st->calls, a->callid) : NULL;

  if (old != NULL && old != call && old->agent == a && old->waiting_iter == NULL)
    g_hash_table_remove (st->calls, a->callid);
  g_free (a->callid);
  a->callid = g_strdup (call->callid);
  call->agent = a;
  call->connected = t;
  join_queue (a, call->queue);
  set_state (a, SN_AGENT_ON_CALL, NULL, t);
}

static void
apply_connect (State *st, const SnCallEvent *ev, Changes *ch)
{
  Call *call = g_hash_table_lookup (st->calls, ev->callid);
  SnQueueCounters delta = { .answered = 1 };
  gboolean created;
  Agent *a = ensure_agent (st, ev->agent, ev->time, &created);
  gint64 wait;

  if (call == NULL)
    call = add_call (st, ensure_queue (st, ev->queue), ev->callid, ev->time - ev->holdtime);
  stop_waiting (st, call);
  wait = ev->holdtime >= 0 ? ev->holdtime : MAX (0, ev->time - call->entered);
  delta.answered_within = wait <= SN_SERVICE_LEVEL_SECONDS;
  delta.answer_wait_total = wait;
  count (st, call->queue, ev->time, &delta);
  take_call (st, a, call, ev->time);
  changes_add (ch->queues, call->queue->name);
  changes_add_agent (ch, a);
}

/* The call of @a ended at @t; a pause or a log-off during the call outlasts it. */
static void
end_call (State *st, Agent *a, gint64 t, gint64 wrapup)
{
  g_clear_pointer (&a->callid, g_free);
  if (a->state == SN_AGENT_PAUSED || a->state == SN_AGENT_OFFLINE)
    return;
  if (wrapup > 0)
    start_wrapup (st, a, t, t + wrapup);
  else
    set_state (a, SN_AGENT_AVAILABLE, NULL, t);
}

static void
apply_complete (State *st, const SnCallEvent *ev, Changes *ch)
{
  Call *call = g_hash_table_lookup (st->calls, ev->callid);
  Queue *q = call != NULL ? call->queue : ensure_queue (st, ev->queue);
  gint64 wrapup = MAX (0, ev->wrapup);
  gint64 talk = ev->calltime >= 0 ? ev->calltime : MAX (0, ev->time - call->connected);
  SnQueueCounters delta = { .handled = 1, .handle_total = talk + wrapup };
  gboolean created;
  Agent *a = ensure_agent (st, ev->agent, ev->time, &created);

  count (st, q, ev->time, &delta);
  if (call != NULL)
    g_hash_table_remove (st->calls, ev->callid);
  join_queue (a, q);
  /* A late completion of an earlier call leaves the agent on its current one. */
  if (a->callid == NULL || strcmp (a->callid, ev->callid) == 0)
    end_call (st, a, ev->time, wrapup);
  changes_add (ch->queues, q->name);
  changes_add_agent (ch, a);
}

/* ABANDON and EXITWITHTIMEOUT. */
static void
apply_leave (State *st, const SnCallEvent *ev, Changes *ch)
{
  Call *call = g_hash_table_lookup (st->calls, ev->callid);
  Queue *q = call != NULL ? call->queue : ensure_queue (st, ev->queue);
  SnQueueCounters delta = { 0 };

  if (ev->verb == SN_CALL_ABANDON)
    {
      gint64 wait = ev->waittime >= 0 ? ev->waittime : MAX (0, ev->time - call->entered);

      delta.abandoned = 1;
      delta.abandoned_within = wait <= SN_SERVICE_LEVEL_SECONDS;
    }
  else
    delta.timed_out = 1;
  count (st, q, ev->time, &delta);
  if (call != NULL)
    {
      stop_waiting (st, call);
      g_hash_table_remove (st->calls, ev->callid);
    }
  changes_add (ch->queues, q->name);
}

/* AGENTLOGIN, AGENTLOGOFF, PAUSE and UNPAUSE. The agent has one state for all its queues;
 * a queue named in the event makes the agent a member of it. */
static void
apply_agent (State *st, const SnCallEvent *ev, Changes *ch)
{
  gboolean changed;
  Agent *a = ensure_agent (st, ev->agent, ev->time, &changed);

  if (ev->queue != NULL)
    changed |= join_queue (a, ensure_queue (st, ev->queue));
  switch (ev->verb)
    {
    case SN_CALL_AGENTLOGIN:
      /* Logging in to one more queue does not interrupt a call or a pause. */
      if (a->state == SN_AGENT_OFFLINE)
        changed |= set_state (a, resume_state (a), NULL, ev->time);
      break;
    case SN_CALL_UNPAUSE:
      /* Ends a pause (or shows the agent is logged in); never a call or a wrap-up. */
      if (a->state == SN_AGENT_PAUSED || a->state == SN_AGENT_OFFLINE)
        changed |= set_state (a, resume_state (a), NULL, ev->time);
      break;
    case SN_CALL_AGENTLOGOFF:
      changed |= set_state (a, SN_AGENT_OFFLINE, NULL, ev->time);
      break;
    case SN_CALL_PAUSE:
      changed |= set_state (a, SN_AGENT_PAUSED, ev->reason, ev->time);
      break;
    default:
      g_assert_not_reached ();
    }
  if (changed)
    changes_add_agent (ch, a);
}

/* Agents whose wrap-up ended by @t become available again, as of the end of the wrap-up. */
static void
end_wrapups (State *st, gint64 t, Changes *ch)
{
  while (!g_sequence_is_empty (st->wrapups))
    {
      Agent *a = g_sequence_get (g_sequence_get_begin_iter (st->wrapups));
      gint64 until = a->wrapup_until;

      if (until > t)
        break;
      set_state (a, resume_state (a), NULL, until);
      changes_add_agent (ch, a);
    }
}

static void
dispatch (State *st, const SnCallEvent *ev, Changes *ch)
{
  switch (ev->verb)
    {
    case SN_CALL_ENTERQUEUE:
      apply_enter (st, ev, ch);
      break;
    case SN_CALL_CONNECT:
      apply_connect (st, ev, ch);
      break;
    case SN_CALL_COMPLETECALLER:
    case SN_CALL_COMPLETEAGENT:
      apply_complete (st, ev, ch);
      break;
    case SN_CALL_ABANDON:
    case SN_CALL_EXITWITHTIMEOUT:
      apply_leave (st, ev, ch);
      break;
    default:
      apply_agent (st, ev, ch);
      break;
    }
}

/* ── public API: life cycle, apply, tick ───────────────────────────────────────── */

SnCallCenter *
sn_call_center_new (SnCalendar *calendar)
{
  SnCallCenter *self;

  g_return_val_if_fail (calendar != NULL, NULL);

  self = g_new0 (SnCallCenter, 1);
  self->calendar = sn_calendar_ref (calendar);
  self->state = state_new ();
  return self;
}

void
sn_call_center_free (SnCallCenter *self)
{
  if (self == NULL)
    return;
  state_free (self->state);
  sn_calendar_unref (self->calendar);
  g_free (self);
}

gboolean
sn_call_center_apply (SnCallCenter *self, const SnCallEvent *event, GPtrArray *changed_queues,
                      GPtrArray *changed_agents, GError **error)
{
  Changes ch = { changed_queues, changed_agents };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_fields (event, error) || !check_call (self->state, event, error))
    return FALSE;
  roll_to (self, event->time, &ch);
  /* The state after an event includes every wrap-up that ended before it, whether or not
   * _tick() ran in between (the hub may replay a day faster than real time). */
  end_wrapups (self->state, event->time, &ch);
  self->state->now = MAX (self->state->now, event->time);
  dispatch (self->state, event, &ch);
  return TRUE;
}

void
sn_call_center_tick (SnCallCenter *self, gint64 now, GPtrArray *changed_queues,
                     GPtrArray *changed_agents)
{
  Changes ch = { changed_queues, changed_agents };

  g_return_if_fail (self != NULL);

  roll_to (self, now, &ch);
  end_wrapups (self->state, now, &ch);
  self->state->now = MAX (self->state->now, now);
}

gint64
sn_call_center_next_tick (SnCallCenter *self)
{
  State *st;
  gint64 next;

  g_return_val_if_fail (self != NULL, G_MAXINT64);

  st = self->state;
  next = st->has_day ? st->day_end : G_MAXINT64;
  if (!g_sequence_is_empty (st->wrapups))
    {
      Agent *a = g_sequence_get (g_sequence_get_begin_iter (st->wrapups));

      next = MIN (next, a->wrapup_until);
    }
  return next;
}

/* ── public API: reading ───────────────────────────────────────────────────────── */

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The keys of @table, sorted, borrowed. */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static GPtrArray *
sorted_copy (GHashTable *table)
{
  g_autoptr (GPtrArray) keys = sorted_keys (table);
  GPtrArray *copy = g_ptr_array_new_full (keys->len, g_free);

  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (copy, g_strdup (keys->pdata[i]));
  return copy;
}

GPtrArray *
sn_call_center_list_queues (SnCallCenter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return sorted_copy (self->state->queues);
}

GPtrArray *
sn_call_center_list_agents (SnCallCenter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return sorted_copy (self->state->agents);
}

void
sn_call_center_get_counters (SnCallCenter *self, const char *queue, SnQueueCounters *out)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  g_hash_table_iter_init (&iter, self->state->queues);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Queue *q = value;

      if (queue == NULL || strcmp (q->name, queue) == 0)
        sn_queue_counters_add (out, &q->today);
    }
}

guint
sn_call_center_get_waiting (SnCallCenter *self, const char *queue)
{
  Queue *q;

  g_return_val_if_fail (self != NULL, 0);

  if (queue == NULL)
    return self->state->n_waiting;
  q = g_hash_table_lookup (self->state->queues, queue);
  return q != NULL ? (guint) g_sequence_get_length (q->waiting) : 0;
}

/* One interval of one queue, or the sum over all queues with @queue NULL. */
static void
get_interval (State *st, const char *queue, guint i, SnQueueCounters *out)
{
  GHashTableIter iter;
  gpointer value;

  memset (out, 0, sizeof *out);
  g_hash_table_iter_init (&iter, st->queues);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Queue *q = value;

      if (queue == NULL || strcmp (q->name, queue) == 0)
        sn_queue_counters_add (out, &q->intervals[i]);
    }
}

/* The earliest enter time of a call waiting in @queue (any queue with NULL), 0 if none. */
static gint64
longest_wait_since (State *st, const char *queue)
{
  GHashTableIter iter;
  gpointer value;
  gint64 since = G_MAXINT64;

  g_hash_table_iter_init (&iter, st->queues);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Queue *q = value;
      Call *first;

      if ((queue != NULL && strcmp (q->name, queue) != 0) || g_sequence_is_empty (q->waiting))
        continue;
      first = g_sequence_get (g_sequence_get_begin_iter (q->waiting));
      since = MIN (since, first->entered);
    }
  return since != G_MAXINT64 ? since : 0;
}

/* ── JSON ──────────────────────────────────────────────────────────────────────── */

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_counter_members (JsonBuilder *b, const SnQueueCounters *c)
{
  for (guint i = 0; i < G_N_ELEMENTS (counter_fields); i++)
    {
      gconstpointer p = G_STRUCT_MEMBER_P (c, counter_fields[i].offset);

      add_int (b, counter_fields[i].name,
               counter_fields[i].wide ? *(const gint64 *) p : (gint64) *(const guint *) p);
    }
}

static gboolean
counters_empty (const SnQueueCounters *c)
{
  static const SnQueueCounters zero = { 0 };

  return memcmp (c, &zero, sizeof zero) == 0;
}

static void
add_metrics (JsonBuilder *b, const SnQueueCounters *c)
{
  json_builder_set_member_name (b, "metrics");
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    {
      double v = 0;

      json_builder_set_member_name (b, metrics[i].name);
      if (metrics[i].compute (c, &v))
        json_builder_add_double_value (b, v);
      else
        json_builder_add_null_value (b);
    }
  json_builder_end_object (b);
}

static void
add_reasons (JsonBuilder *b, GHashTable *reasons)
{
  g_autoptr (GPtrArray) keys = sorted_keys (reasons);

  json_builder_set_member_name (b, "paused_reasons");
  json_builder_begin_object (b);
  for (guint i = 0; i < keys->len; i++)
    add_int (b, keys->pdata[i], GPOINTER_TO_UINT (g_hash_table_lookup (reasons, keys->pdata[i])));
  json_builder_end_object (b);
}

/* Agents by state over @members (id → Agent *); paused agents with no reason are counted
 * in "paused" only. */
static void
add_agent_counts (JsonBuilder *b, GHashTable *members)
{
  g_autoptr (GHashTable) reasons = g_hash_table_new (g_str_hash, g_str_equal);
  guint n[SN_N_AGENT_STATES] = { 0 };
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, members);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Agent *a = value;

      n[a->state]++;
      if (a->state == SN_AGENT_PAUSED && a->pause_reason != NULL)
        g_hash_table_insert (reasons, a->pause_reason,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (
                               g_hash_table_lookup (reasons, a->pause_reason)) + 1));
    }
  json_builder_set_member_name (b, "agents");
  json_builder_begin_object (b);
  for (guint i = 0; i < SN_N_AGENT_STATES; i++)
    add_int (b, state_names[i], n[i]);
  add_reasons (b, reasons);
  json_builder_end_object (b);
}

static void
add_day (SnCallCenter *self, JsonBuilder *b)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *day = NULL;

  if (self->state->has_day)
    {
      utc = g_date_time_new_from_unix_utc (self->state->day_start);
      local = utc != NULL ? g_date_time_to_timezone (
                              utc, sn_calendar_get_timezone (self->calendar)) : NULL;
      day = local != NULL ? g_date_time_format (local, "%Y-%m-%d") : NULL;
    }
  add_string (b, "day", day);
}

static void
add_interval (JsonBuilder *b, State *st, const char *queue, guint i)
{
  SnQueueCounters c;

  get_interval (st, queue, i, &c);
  json_builder_begin_object (b);
  sn_json_builder_add_time (b, "start", st->day_start + (gint64) i * INTERVAL_SECONDS);
  add_counter_members (b, &c);
  json_builder_end_object (b);
}

static void
add_intervals (JsonBuilder *b, State *st, const char *queue, gboolean all)
{
  SnQueueCounters c;

  json_builder_set_member_name (b, all ? "intervals" : "interval");
  if (!all)
    {
      if (st->has_day && st->now >= st->day_start && st->now < st->day_end)
        add_interval (b, st, queue, interval_index (st, st->now));
      else
        json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_array (b);
  for (guint i = 0; st->has_day && i < MAX_INTERVALS; i++)
    {
      get_interval (st, queue, i, &c);
      if (!counters_empty (&c))
        add_interval (b, st, queue, i);
    }
  json_builder_end_array (b);
}

void
sn_call_center_queue_to_json (SnCallCenter *self, const char *queue, gboolean all_intervals,
                              JsonBuilder *builder)
{
  g_autoptr (GHashTable) none = NULL;
  SnQueueCounters today;
  Queue *q;

  g_return_if_fail (self != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  q = queue != NULL ? g_hash_table_lookup (self->state->queues, queue) : NULL;
  if (queue != NULL && q == NULL)
    none = g_hash_table_new (g_str_hash, g_str_equal);
  json_builder_begin_object (builder);
  add_string (builder, "queue", queue);
  add_int (builder, "waiting", sn_call_center_get_waiting (self, queue));
  sn_json_builder_add_time (builder, "longest_wait_since",
                            longest_wait_since (self->state, queue));
  add_agent_counts (builder, q != NULL ? q->members : none != NULL ? none : self->state->agents);
  add_day (self, builder);
  sn_call_center_get_counters (self, queue, &today);
  json_builder_set_member_name (builder, "today");
  json_builder_begin_object (builder);
  add_counter_members (builder, &today);
  json_builder_end_object (builder);
  add_metrics (builder, &today);
  add_intervals (builder, self->state, queue, all_intervals);
  json_builder_end_object (builder);
}

static void
add_queue_names (JsonBuilder *b, GHashTable *queues)
{
  g_autoptr (GPtrArray) names = sorted_keys (queues);

  json_builder_set_member_name (b, "queues");
  json_builder_begin_array (b);
  for (guint i = 0; i < names->len; i++)
    json_builder_add_string_value (b, names->pdata[i]);
  json_builder_end_array (b);
}

void
sn_call_center_agent_to_json (SnCallCenter *self, const char *agent, JsonBuilder *builder)
{
  g_autoptr (GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  const Agent *a;

  g_return_if_fail (self != NULL);
  g_return_if_fail (agent != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  /* An unknown agent is shown offline, in no queue. */
  a = g_hash_table_lookup (self->state->agents, agent);
  json_builder_begin_object (builder);
  add_string (builder, "agent", agent);
  add_string (builder, "state", state_names[a != NULL ? a->state : SN_AGENT_OFFLINE]);
  sn_json_builder_add_time (builder, "since", a != NULL ? a->since : 0);
  add_string (builder, "pause_reason", a != NULL ? a->pause_reason : NULL);
  add_queue_names (builder, a != NULL ? a->queues : none);
  add_string (builder, "callid", a != NULL ? a->callid : NULL);
  sn_json_builder_add_time (builder, "wrapup_until", a != NULL ? a->wrapup_until : 0);
  json_builder_end_object (builder);
}

/* ── saving ────────────────────────────────────────────────────────────────────── */

static void
save_queue (JsonBuilder *b, gconstpointer item)
{
  const Queue *q = item;

  json_builder_begin_object (b);
  add_string (b, "queue", q->name);
  json_builder_set_member_name (b, "today");
  json_builder_begin_object (b);
  add_counter_members (b, &q->today);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "intervals");
  json_builder_begin_array (b);
  for (guint i = 0; i < MAX_INTERVALS; i++)
    {
      if (counters_empty (&q->intervals[i]))
        continue;
      json_builder_begin_object (b);
      add_int (b, "index", i);
      add_counter_members (b, &q->intervals[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
save_agent (JsonBuilder *b, gconstpointer item)
{
  const Agent *a = item;

  json_builder_begin_object (b);
  add_string (b, "agent", a->id);
  add_string (b, "state", state_names[a->state]);
  add_int (b, "since", a->since);
  if (a->pause_reason != NULL)
    add_string (b, "pause_reason", a->pause_reason);
  add_queue_names (b, a->queues);
  if (a->callid != NULL)
    add_string (b, "callid", a->callid);
  if (a->wrapup_iter != NULL)
    add_int (b, "wrapup_until", a->wrapup_until);
  json_builder_end_object (b);
}

static void
save_call (JsonBuilder *b, gconstpointer item)
{
  const Call *call = item;

  json_builder_begin_object (b);
  add_string (b, "callid", call->callid);
  add_string (b, "queue", call->queue->name);
  add_int (b, "entered", call->entered);
  if (call->waiting_iter == NULL)
    {
      add_int (b, "connected", call->connected);
      if (call->agent != NULL)
        add_string (b, "agent", call->agent->id);
    }
  json_builder_end_object (b);
}

/* Writes every entry of @table, in key order so that equal states save equal text. */
static void
save_table (JsonBuilder *b, const char *name, GHashTable *table,
            void (*save_one) (JsonBuilder *b, gconstpointer item))
{
  g_autoptr (GPtrArray) keys = sorted_keys (table);

  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < keys->len; i++)
    save_one (b, g_hash_table_lookup (table, keys->pdata[i]));
  json_builder_end_array (b);
}

char *
sn_call_center_save (SnCallCenter *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  State *st;

  g_return_val_if_fail (self != NULL, NULL);

  st = self->state;
  json_builder_begin_object (b);
  add_int (b, "version", SAVE_VERSION);
  json_builder_set_member_name (b, "day_start");
  if (st->has_day)
    json_builder_add_int_value (b, st->day_start);
  else
    json_builder_add_null_value (b);
  add_int (b, "now", st->now);
  save_table (b, "queues", st->queues, save_queue);
  save_table (b, "agents", st->agents, save_agent);
  save_table (b, "calls", st->calls, save_call);
  json_builder_end_object (b);
  return sn_json_builder_to_string (b, NULL);
}

/* ── loading ───────────────────────────────────────────────────────────────────── */

static gboolean
load_failed (GError **error, const char *what)
{
  g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID,
               _("The saved call-center state is damaged: %s"), what);
  return FALSE;
}

static gboolean
load_counters (JsonObject *o, SnQueueCounters *c, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (counter_fields); i++)
    {
      gpointer p = G_STRUCT_MEMBER_P (c, counter_fields[i].offset);
      gint64 v;

      if (!sn_json_get_int (o, counter_fields[i].name, TRUE, &v, error))
        return FALSE;
      if (v < 0 || (!counter_fields[i].wide && v > G_MAXUINT))
        return load_failed (error, counter_fields[i].name);
      if (counter_fields[i].wide)
        *(gint64 *) p = v;
      else
        *(guint *) p = (guint) v;
    }
  return TRUE;
}

/* Each element of the array @name of @o, which must be an object, passed to @load_one. */
static gboolean
load_array (JsonObject *o, const char *name, gpointer data,
            gboolean (*load_one) (JsonObject *item, gpointer data, GError **error),
            GError **error)
{
  JsonNode *node = json_object_get_member (o, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return load_failed (error, name);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (el))
        return load_failed (error, name);
      if (!load_one (json_node_get_object (el), data, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_interval (JsonObject *o, gpointer data, GError **error)
{
  Queue *q = data;
  gint64 index;

  if (!sn_json_get_int (o, "index", TRUE, &index, error))
    return FALSE;
  if (index < 0 || index >= MAX_INTERVALS)
    return load_failed (error, "index");
  return load_counters (o, &q->intervals[index], error);
}

static gboolean
load_queue (JsonObject *o, gpointer data, GError **error)
{
  State *st = data;
  const char *name;
  JsonObject *today;
  Queue *q;

  if (!sn_json_get_string (o, "queue", TRUE, &name, error)
      || !sn_json_get_object (o, "today", TRUE, &today, error))
    return FALSE;
  if (*name == '\0' || g_hash_table_contains (st->queues, name))
    return load_failed (error, "queue");
  q = ensure_queue (st, name);
  return load_counters (today, &q->today, error)
         && load_array (o, "intervals", q, load_interval, error);
}

/* The loaders below take a non-NULL @error: an optional field is told from a bad one by it. */
static gboolean
load_agent_fields (State *st, Agent *a, JsonObject *o, GError **error)
{
  const char *reason = NULL, *callid = NULL;
  g_auto (GStrv) queues = NULL;

  if (!sn_json_get_int (o, "since", TRUE, &a->since, error)
      || !sn_json_get_strv (o, "queues", TRUE, &queues, error)
      || (!sn_json_get_string (o, "pause_reason", FALSE, &reason, error) && *error != NULL)
      || (!sn_json_get_string (o, "callid", FALSE, &callid, error) && *error != NULL)
      || (!sn_json_get_int (o, "wrapup_until", a->state == SN_AGENT_WRAPUP, &a->wrapup_until,
                            error) && *error != NULL))
    return FALSE;
  a->pause_reason = a->state == SN_AGENT_PAUSED ? g_strdup (reason) : NULL;
  a->callid = g_strdup (callid);
  for (guint i = 0; queues[i] != NULL; i++)
    join_queue (a, ensure_queue (st, queues[i]));
  if (a->state == SN_AGENT_WRAPUP)
    a->wrapup_iter = g_sequence_insert_sorted (st->wrapups, a, compare_wrapups, NULL);
  else
    a->wrapup_until = 0;
  return TRUE;
}

static gboolean
load_agent (JsonObject *o, gpointer data, GError **error)
{
  State *st = data;
  const char *id, *state;
  SnAgentState s;
  gboolean created;
  Agent *a;

  if (!sn_json_get_string (o, "agent", TRUE, &id, error)
      || !sn_json_get_string (o, "state", TRUE, &state, error))
    return FALSE;
  if (*id == '\0' || g_hash_table_contains (st->agents, id))
    return load_failed (error, "agent");
  if (!sn_agent_state_from_string (state, &s))
    return load_failed (error, "state");
  a = ensure_agent (st, id, 0, &created);
  a->state = s;
  return load_agent_fields (st, a, o, error);
}

static gboolean
load_call (JsonObject *o, gpointer data, GError **error)
{
  State *st = data;
  const char *callid, *queue, *agent = NULL;
  gint64 entered, connected = 0;
  Call *call;

  if (!sn_json_get_string (o, "callid", TRUE, &callid, error)
      || !sn_json_get_string (o, "queue", TRUE, &queue, error)
      || !sn_json_get_int (o, "entered", TRUE, &entered, error)
      || (!sn_json_get_int (o, "connected", FALSE, &connected, error) && *error != NULL)
      || (!sn_json_get_string (o, "agent", FALSE, &agent, error) && *error != NULL))
    return FALSE;
  if (*callid == '\0' || g_hash_table_contains (st->calls, callid))
    return load_failed (error, "callid");
  if (*queue == '\0' || (agent != NULL && !g_hash_table_contains (st->agents, agent)))
    return load_failed (error, "call");
  call = add_call (st, ensure_queue (st, queue), callid, entered);
  call->connected = connected;
  call->agent = agent != NULL ? g_hash_table_lookup (st->agents, agent) : NULL;
  if (!json_object_has_member (o, "connected"))
    start_waiting (st, call);
  return TRUE;
}

static gboolean
load_state (SnCallCenter *self, State *st, JsonObject *o, GError **error)
{
  gint64 version;

  if (!sn_json_get_int (o, "version", TRUE, &version, error)
      || !sn_json_get_int (o, "now", TRUE, &st->now, error))
    return FALSE;
  if (version != SAVE_VERSION)
    return load_failed (error, "version");
  st->has_day = sn_json_get_int (o, "day_start", FALSE, &st->day_start, error);
  if (*error != NULL)
    return FALSE;
  if (st->has_day)
    st->day_end = sn_calendar_next_day_start (self->calendar, st->day_start);
  return load_array (o, "queues", st, load_queue, error)
         && load_array (o, "agents", st, load_agent, error)
         && load_array (o, "calls", st, load_call, error);
}

gboolean
sn_call_center_load (SnCallCenter *self, const char *json, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local_error = NULL;
  JsonNode *root;
  State *st;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (json, -1, NULL)
      || !sn_json_check_depth (json, strlen (json), SN_JSON_MAX_DEPTH, NULL)
      || !json_parser_load_from_data (parser, json, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MALFORMED,
                   _("The saved call-center state is not a JSON object"));
      return FALSE;
    }
  st = state_new ();
  if (!load_state (self, st, json_node_get_object (root), &local_error))
    {
      state_free (st);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  state_free (self->state);
  self->state = st;
  return TRUE;
}
