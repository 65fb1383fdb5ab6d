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

#include "sn-call-center-private.h"
#include "sn-json.h"

#define INTERVAL_SECONDS (15 * 60)

/* Where one _apply() or _tick() reports what it changed. */
typedef struct
{
  GPtrArray *queues, *agents;
} Changes;

static const char *const state_names[SN_N_AGENT_STATES] = {
  "available", "on_call", "wrapup", "paused", "offline",
};

static const struct
{
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

State *
sn_call_center_state_new (void)
{
  State *st = g_new0 (State, 1);

  st->queues = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, queue_free);
  st->agents = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, agent_free);
  st->calls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, call_free);
  st->wrapups = g_sequence_new (NULL);
  return st;
}

void
sn_call_center_state_free (State *st)
{
  /* Calls and agents point into queues and each other, but nothing is dereferenced while
   * freeing, so the order does not matter. */
  g_hash_table_unref (st->calls);
  g_sequence_free (st->wrapups);
  g_hash_table_unref (st->agents);
  g_hash_table_unref (st->queues);
  g_free (st);
}

Queue *
sn_call_center_ensure_queue (State *st, const char *name)
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
Agent *
sn_call_center_ensure_agent (State *st, const char *id, gint64 t, gboolean *created)
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

gboolean
sn_call_center_join_queue (Agent *a, Queue *q)
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

int
sn_call_center_compare_wrapups (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Agent *x = a, *y = b;

  if (x->wrapup_until != y->wrapup_until)
    return x->wrapup_until < y->wrapup_until ? -1 : 1;
  return strcmp (x->id, y->id);
}

Call *
sn_call_center_add_call (State *st, Queue *q, const char *callid, gint64 entered)
{
  Call *call = g_new0 (Call, 1);

  call->callid = g_strdup (callid);
  call->queue = q;
  call->entered = entered;
  g_hash_table_insert (st->calls, call->callid, call);
  return call;
}

void
sn_call_center_start_waiting (State *st, Call *call)
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
  a->wrapup_iter = g_sequence_insert_sorted (st->wrapups, a, sn_call_center_compare_wrapups, NULL);
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

/* ── agent states ──────────────────────────────────────────────────────────────── */

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

/* ── applying events ───────────────────────────────────────────────────────────── */

/* The fields a verb needs, for events built by hand rather than parsed. */
static gboolean
check_fields (const SnCallEvent *ev, GError **error)
{
  static const struct
  {
    guint flag;
    gsize offset;
    const char *name;
  } ids[] = {
    { NEED_CALLID, G_STRUCT_OFFSET (SnCallEvent, callid), "callid" },
    { NEED_QUEUE, G_STRUCT_OFFSET (SnCallEvent, queue), "queue" },
    { NEED_AGENT, G_STRUCT_OFFSET (SnCallEvent, agent), "agent" },
  };

  if ((guint) ev->verb >= SN_N_CALL_VERBS)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_UNKNOWN_TYPE,
                   _ ("Unknown call-center event %d"), (int) ev->verb);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const char *const *value = G_STRUCT_MEMBER_P (ev, ids[i].offset);

      if ((verb_needs[ev->verb] & ids[i].flag) && (*value == NULL || **value == '\0'))
        {
          g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MISSING_FIELD,
                       _ ("Field “%s” is missing"), ids[i].name);
          return FALSE;
        }
    }
  if (ev->time <= 0 || ev->time > MAX_TIME)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” must be a time after 1970 and before 10000"), "time");
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
                   _ ("Call “%s” is not waiting: it was answered already"), call->callid);
      return FALSE;
    }
  if (strcmp (call->queue->name, ev->queue) != 0)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID,
                   _ ("Call “%s” waits in queue “%s”, not in “%s”"), call->callid,
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
               _ ("%s for unknown call “%s” must give its %s"), sn_call_verb_to_string (ev->verb),
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
                   _ ("Call “%s” cannot complete: it was never answered"), call->callid);
      return FALSE;
    }
  if (strcmp (call->queue->name, ev->queue) != 0)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID,
                   _ ("Call “%s” was answered in queue “%s”, not in “%s”"), call->callid,
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
                     _ ("Call “%s” is already in queue “%s”"), call->callid, call->queue->name);
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
  Queue *q = sn_call_center_ensure_queue (st, ev->queue);
  SnQueueCounters delta = { .offered = 1 };

  sn_call_center_start_waiting (st, sn_call_center_add_call (st, q, ev->callid, ev->time));
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
  sn_call_center_join_queue (a, call->queue);
  set_state (a, SN_AGENT_ON_CALL, NULL, t);
}

static void
apply_connect (State *st, const SnCallEvent *ev, Changes *ch)
{
  Call *call = g_hash_table_lookup (st->calls, ev->callid);
  SnQueueCounters delta = { .answered = 1 };
  gboolean created;
  Agent *a = sn_call_center_ensure_agent (st, ev->agent, ev->time, &created);
  gint64 wait;

  if (call == NULL)
    call = sn_call_center_add_call (st, sn_call_center_ensure_queue (st, ev->queue), ev->callid,
                                    ev->time - ev->holdtime);
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
  Queue *q = call != NULL ? call->queue : sn_call_center_ensure_queue (st, ev->queue);
  gint64 wrapup = MAX (0, ev->wrapup);
  gint64 talk = ev->calltime >= 0 ? ev->calltime : MAX (0, ev->time - call->connected);
  SnQueueCounters delta = { .handled = 1, .handle_total = talk + wrapup };
  gboolean created;
  Agent *a = sn_call_center_ensure_agent (st, ev->agent, ev->time, &created);

  count (st, q, ev->time, &delta);
  if (call != NULL)
    g_hash_table_remove (st->calls, ev->callid);
  sn_call_center_join_queue (a, q);
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
  Queue *q = call != NULL ? call->queue : sn_call_center_ensure_queue (st, ev->queue);
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
  Agent *a = sn_call_center_ensure_agent (st, ev->agent, ev->time, &changed);

  if (ev->queue != NULL)
    changed |= sn_call_center_join_queue (a, sn_call_center_ensure_queue (st, ev->queue));
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
  self->state = sn_call_center_state_new ();
  return self;
}

void
sn_call_center_free (SnCallCenter *self)
{
  if (self == NULL)
    return;
  sn_call_center_state_free (self->state);
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
GPtrArray *
sn_call_center_sorted_keys (GHashTable *table)
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
  g_autoptr (GPtrArray) keys = sn_call_center_sorted_keys (table);
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

guint
sn_call_center_get_available (SnCallCenter *self, const char *queue)
{
  Queue *q;
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  q = queue != NULL ? g_hash_table_lookup (self->state->queues, queue) : NULL;
  if (queue != NULL && q == NULL)
    return 0;
  g_hash_table_iter_init (&iter, q != NULL ? q->members : self->state->agents);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((const Agent *) value)->state == SN_AGENT_AVAILABLE;
  return n;
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

void
sn_call_center_add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
sn_call_center_add_int (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

void
sn_call_center_add_counter_members (JsonBuilder *b, const SnQueueCounters *c)
{
  for (guint i = 0; i < G_N_ELEMENTS (counter_fields); i++)
    {
      gconstpointer p = G_STRUCT_MEMBER_P (c, counter_fields[i].offset);

      sn_call_center_add_int (b, counter_fields[i].name,
                              counter_fields[i].wide ? *(const gint64 *) p
                                                     : (gint64) * (const guint *) p);
    }
}

gboolean
sn_call_center_counters_empty (const SnQueueCounters *c)
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
  g_autoptr (GPtrArray) keys = sn_call_center_sorted_keys (reasons);

  json_builder_set_member_name (b, "paused_reasons");
  json_builder_begin_object (b);
  for (guint i = 0; i < keys->len; i++)
    sn_call_center_add_int (b, keys->pdata[i],
                            GPOINTER_TO_UINT (g_hash_table_lookup (reasons, keys->pdata[i])));
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
        g_hash_table_insert (
            reasons, a->pause_reason,
            GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (reasons, a->pause_reason))
                              + 1));
    }
  json_builder_set_member_name (b, "agents");
  json_builder_begin_object (b);
  for (guint i = 0; i < SN_N_AGENT_STATES; i++)
    sn_call_center_add_int (b, state_names[i], n[i]);
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
      local = utc != NULL ? g_date_time_to_timezone (utc, sn_calendar_get_timezone (self->calendar))
                          : NULL;
      day = local != NULL ? g_date_time_format (local, "%Y-%m-%d") : NULL;
    }
  sn_call_center_add_string (b, "day", day);
}

static void
add_interval (JsonBuilder *b, State *st, const char *queue, guint i)
{
  SnQueueCounters c;

  get_interval (st, queue, i, &c);
  json_builder_begin_object (b);
  sn_json_builder_add_time (b, "start", st->day_start + (gint64) i * INTERVAL_SECONDS);
  sn_call_center_add_counter_members (b, &c);
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
      if (!sn_call_center_counters_empty (&c))
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
  sn_call_center_add_string (builder, "queue", queue);
  sn_call_center_add_int (builder, "waiting", sn_call_center_get_waiting (self, queue));
  sn_json_builder_add_time (builder, "longest_wait_since", longest_wait_since (self->state, queue));
  add_agent_counts (builder, q != NULL ? q->members : none != NULL ? none : self->state->agents);
  add_day (self, builder);
  sn_call_center_get_counters (self, queue, &today);
  json_builder_set_member_name (builder, "today");
  json_builder_begin_object (builder);
  sn_call_center_add_counter_members (builder, &today);
  json_builder_end_object (builder);
  add_metrics (builder, &today);
  add_intervals (builder, self->state, queue, all_intervals);
  json_builder_end_object (builder);
}

void
sn_call_center_add_queue_names (JsonBuilder *b, GHashTable *queues)
{
  g_autoptr (GPtrArray) names = sn_call_center_sorted_keys (queues);

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
  sn_call_center_add_string (builder, "agent", agent);
  sn_call_center_add_string (builder, "state",
                             state_names[a != NULL ? a->state : SN_AGENT_OFFLINE]);
  sn_json_builder_add_time (builder, "since", a != NULL ? a->since : 0);
  sn_call_center_add_string (builder, "pause_reason", a != NULL ? a->pause_reason : NULL);
  sn_call_center_add_queue_names (builder, a != NULL ? a->queues : none);
  sn_call_center_add_string (builder, "callid", a != NULL ? a->callid : NULL);
  sn_json_builder_add_time (builder, "wrapup_until", a != NULL ? a->wrapup_until : 0);
  json_builder_end_object (builder);
}
