/* sn-console-model.c — the console's state, kept from the hub's snapshots and events
 *
 *   stream frame ─▶ apply_text ─▶ snapshot part ─▶ (last part) replace ─▶ "reset"
 *                              └▶ event (seq > last) ─▶ ticket / queue / agent ─▶ "…-changed"
 *   tick (every second) ─▶ minute samples carried forward, alerts re-evaluated
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sn-console-model.h"
#include "sn-erlang.h"
#include "sn-frame.h"
#include "sn-json.h"
#include "sn-protocol.h"
#include "sn-ticket-json.h"
#include "sn-ticket-store.h"

struct _SnConsoleModel
{
  GObject parent_instance;

  char *epoch;
  gint64 last_seq;
  SnTicketStore *store; /* holds every SnTicketView, of both tables below */
  GHashTable *tickets; /* id → SnTicketView* */
  GHashTable *queues; /* name → SnQueueView* */
  GHashTable *agents; /* id → SnAgentState */
  SnQueueView *center;
  SnAlertThresholds thresholds;
  gint64 now;

  /* a snapshot being received */
  GHashTable *next_tickets;
  GHashTable *next_queues;
  GHashTable *next_agents;

  SnFrame *frame; /* decodes stream frames, reused */
  SnQueueUpdate queue_update; /* one queue object, decoded */
};

/* Snapshot parts are at most about 48 KiB; a hub's frames are trusted up to 1 MiB. */
#define SN_CONSOLE_MAX_FRAME_BYTES (1024 * 1024)

enum { RESET, TICKET_CHANGED, QUEUE_CHANGED, ALERTS_CHANGED, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SnConsoleModel, sn_console_model, G_TYPE_OBJECT)

/* ── views ─────────────────────────────────────────────────────────────────────── */

static SnQueueView *
queue_view_new (const char *name)
{
  SnQueueView *q = g_new0 (SnQueueView, 1);

  q->name = g_strdup (name);
  q->paused_reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return q;
}

static void
queue_view_free (SnQueueView *q)
{
  g_free (q->name);
  g_free (q->day);
  g_hash_table_unref (q->paused_reasons);
  g_free (q);
}

static GHashTable *
new_ticket_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                (GDestroyNotify) sn_ticket_store_remove);
}

static GHashTable *
new_queue_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) queue_view_free);
}

/* ── decoding ────────────────────────────────────────────────────────────────────
 *
 * Stream frames go through SnFrame (one pass, no tree); JsonObjects from other callers through
 * sn-json. Both end in the same structures, checked in full before anything changes. */

static gint64
member_int (JsonObject *obj, const char *name)
{
  gint64 v = 0;

  sn_json_get_int (obj, name, FALSE, &v, NULL);
  return v;
}

static gint64
member_time (JsonObject *obj, const char *name)
{
  gint64 v = 0;

  sn_json_get_time (obj, name, FALSE, &v, NULL);
  return v;
}

static SnTicketView *
read_ticket (SnConsoleModel *self, JsonObject *obj, GError **error)
{
  SnStall stalls[SN_N_STALL_REASONS];
  guint n_stalls;
  gint64 deadline;
  g_autoptr (SnTicket) t = sn_ticket_from_json (obj, stalls, &n_stalls, &deadline, error);

  return t != NULL ? sn_ticket_store_add (self->store, t, stalls, n_stalls, deadline) : NULL;
}

/* Packed straight from the frame's text: no string is copied twice. */
static SnTicketView *
read_frame_ticket (SnConsoleModel *self, SnFrameValue value, GError **error)
{
  SnStall stalls[SN_N_STALL_REASONS];
  guint n_stalls;
  gint64 deadline;
  SnTicket t;

  if (!sn_frame_read_ticket_borrowed (self->frame, value, &t, stalls, &n_stalls, &deadline, error))
    return NULL;
  return sn_ticket_store_add (self->store, &t, stalls, n_stalls, deadline);
}

/* One event's payload, decoded and checked: applying it cannot fail. */
typedef struct
{
  SnEventKind kind;
  SnTicketView *ticket; /* owned until applied */
  SnQueueUpdate *queue; /* the model's scratch update */
  const char *agent;
  SnAgentState agent_state;
} Payload;

static SnEventKind
event_kind (const char *kind)
{
  if (g_str_equal (kind, "ticket"))
    return SN_EVENT_KIND_TICKET;
  if (g_str_equal (kind, "queue"))
    return SN_EVENT_KIND_QUEUE;
  if (g_str_equal (kind, "agent"))
    return SN_EVENT_KIND_AGENT;
  return SN_EVENT_KIND_OTHER;
}

static gboolean
read_payload (SnConsoleModel *self, JsonObject *obj, Payload *p, GError **error)
{
  switch (p->kind)
    {
      case SN_EVENT_KIND_TICKET:
        return (p->ticket = read_ticket (self, obj, error)) != NULL;
      case SN_EVENT_KIND_QUEUE:
        return sn_queue_update_read_json (p->queue = &self->queue_update, obj, error);
      case SN_EVENT_KIND_AGENT:
        return sn_agent_read_json (obj, &p->agent, &p->agent_state, error);
      case SN_EVENT_KIND_OTHER:
      default:
        return TRUE; /* unknown kinds come from newer hubs: skipped */
    }
}

static gboolean
read_frame_payload (SnConsoleModel *self, SnFrameValue obj, Payload *p, GError **error)
{
  switch (p->kind)
    {
      case SN_EVENT_KIND_TICKET:
        return (p->ticket = read_frame_ticket (self, obj, error)) != NULL;
      case SN_EVENT_KIND_QUEUE:
        return sn_frame_read_queue (self->frame, obj, p->queue = &self->queue_update, error);
      case SN_EVENT_KIND_AGENT:
        return sn_frame_read_agent (self->frame, obj, &p->agent, &p->agent_state, error);
      case SN_EVENT_KIND_OTHER:
      default:
        return TRUE;
    }
}

/* ── minute samples, totals and alerts ─────────────────────────────────────────── */

static void
sample (SnQueueView *q, gint64 now)
{
  gint64 minute = now - now % 60;
  SnMinuteSample *s = &q->minutes[(minute / 60) % SN_CONSOLE_MINUTES];

  s->minute = minute;
  s->waiting = q->waiting;
  s->available = q->agents[SN_AGENT_AVAILABLE];
}

static void
add_queue (SnQueueView *total, const SnQueueView *q)
{
  total->waiting += q->waiting;
  if (q->longest_wait_since != 0
      && (total->longest_wait_since == 0 || q->longest_wait_since < total->longest_wait_since))
    total->longest_wait_since = q->longest_wait_since;
  for (guint i = 0; i < SN_N_AGENT_STATES; i++)
    total->agents[i] += q->agents[i];
  sn_queue_counters_add (&total->today, &q->today);
  for (guint i = 0; i < SN_CONSOLE_INTERVALS; i++)
    {
      SnIntervalCounts *t = &total->intervals[i];
      const SnIntervalCounts *s = &q->intervals[i];

      if (s->start == 0)
        continue;
      if (t->start != s->start)
        *t = (SnIntervalCounts){ s->start, 0, 0, 0 };
      t->offered += s->offered;
      t->answered += s->answered;
      t->abandoned += s->abandoned;
    }
}

static void
recompute_center (SnConsoleModel *self)
{
  SnQueueView *c = self->center;
  SnMinuteSample minutes[SN_CONSOLE_MINUTES];
  GHashTableIter iter;
  gpointer value;

  memcpy (minutes, c->minutes, sizeof minutes);
  c->waiting = 0;
  c->longest_wait_since = 0;
  memset (c->agents, 0, sizeof c->agents);
  memset (&c->today, 0, sizeof c->today);
  memset (c->intervals, 0, sizeof c->intervals);
  g_hash_table_iter_init (&iter, self->queues);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    add_queue (c, value);
  memcpy (c->minutes, minutes, sizeof minutes);
}

static SnAlertLevel
alert_level (SnConsoleModel *self, const SnQueueView *q)
{
  const SnAlertThresholds *t = &self->thresholds;
  gint64 wait = q->longest_wait_since ? self->now - q->longest_wait_since : 0;

  if (q->waiting > t->waiting && wait > t->longest_wait)
    return SN_ALERT_RED;
  if (q->waiting > t->waiting * t->amber_fraction && wait > t->longest_wait * t->amber_fraction)
    return SN_ALERT_AMBER;
  return SN_ALERT_NONE;
}

/* Returns whether any queue's alert changed. */
static gboolean
evaluate_alerts (SnConsoleModel *self)
{
  GHashTableIter iter;
  gpointer value;
  gboolean changed = FALSE;

  g_hash_table_iter_init (&iter, self->queues);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SnQueueView *q = value;
      SnAlertLevel level = alert_level (self, q);

      if (level == q->alert)
        continue;
      /* An alert keeps its start while it only changes colour. */
      if (q->alert == SN_ALERT_NONE || level == SN_ALERT_NONE)
        q->alert_since = level == SN_ALERT_NONE ? 0 : self->now;
      q->alert = level;
      changed = TRUE;
    }
  return changed;
}

/* ── applying messages ─────────────────────────────────────────────────────────── */

static void
store_interval (SnQueueView *q, const SnIntervalCounts *c)
{
  gint64 index = (c->start / 900) % SN_CONSOLE_INTERVALS;

  if (c->start == 0)
    return;
  /* Times before 1970 (never sent by a hub) must not index outside the ring. */
  q->intervals[index < 0 ? index + SN_CONSOLE_INTERVALS : index] = *c;
}

static void
store_agents (SnQueueView *q, const SnQueueUpdate *u)
{
  memcpy (q->agents, u->agents, sizeof q->agents);
  g_hash_table_remove_all (q->paused_reasons);
  for (guint i = 0; i < u->paused_reasons->len; i++)
    {
      const SnPausedCount *c = &g_array_index (u->paused_reasons, SnPausedCount, i);

      /* A reason named twice keeps its last value, as in a JsonObject. */
      if (c->counted)
        g_hash_table_insert (q->paused_reasons, g_strdup (c->reason), GUINT_TO_POINTER (c->count));
      else
        g_hash_table_remove (q->paused_reasons, c->reason);
    }
}

static void
store_queue (SnConsoleModel *self, GHashTable *queues, const SnQueueUpdate *u)
{
  SnQueueView *q = g_hash_table_lookup (queues, u->name);

  if (q == NULL)
    {
      q = queue_view_new (u->name);
      g_hash_table_insert (queues, q->name, q);
    }
  q->waiting = u->waiting;
  q->longest_wait_since = u->longest_wait_since;
  store_agents (q, u);
  if (u->day != NULL && g_strcmp0 (u->day, q->day) != 0)
    {
      /* A new day: yesterday's intervals go. */
      g_free (q->day);
      q->day = g_strdup (u->day);
      memset (q->intervals, 0, sizeof q->intervals);
    }
  q->today = u->today;
  for (guint i = 0; i < u->intervals->len; i++)
    store_interval (q, &g_array_index (u->intervals, SnIntervalCounts, i));
  for (guint i = 0; i < u->recent->len; i++)
    {
      const SnMinuteSample *m = &g_array_index (u->recent, SnMinuteSample, i);

      if (m->minute > 0)
        q->minutes[(m->minute / 60) % SN_CONSOLE_MINUTES] = *m;
    }
  sample (q, self->now);
}

static void
store_ticket (GHashTable *tickets, SnTicketView *v)
{
  g_hash_table_replace (tickets, v->ticket->service_request_id, v);
}

static void
store_agent (GHashTable *agents, const char *id, SnAgentState state)
{
  g_hash_table_insert (agents, g_strdup (id), GINT_TO_POINTER (state));
}

typedef gboolean (*ApplyFunc) (SnConsoleModel *self, GHashTable *into, JsonObject *obj,
                               GError **error);

static gboolean
apply_queue_cb (SnConsoleModel *self, GHashTable *into, JsonObject *obj, GError **error)
{
  if (!sn_queue_update_read_json (&self->queue_update, obj, error))
    return FALSE;
  store_queue (self, into, &self->queue_update);
  return TRUE;
}

static gboolean
apply_agent_cb (SnConsoleModel *self, GHashTable *into, JsonObject *obj, GError **error)
{
  const char *id;
  SnAgentState state;

  if (!sn_agent_read_json (obj, &id, &state, error))
    return FALSE;
  store_agent (into, id, state);
  return TRUE;
}

static gboolean
apply_ticket_cb (SnConsoleModel *self, GHashTable *into, JsonObject *obj, GError **error)
{
  SnTicketView *v = read_ticket (self, obj, error);

  if (v == NULL)
    return FALSE;
  store_ticket (into, v);
  return TRUE;
}

static gboolean
apply_array (SnConsoleModel *self, JsonObject *message, const char *name, GHashTable *into,
             ApplyFunc func, GError **error)
{
  JsonNode *node = json_object_get_member (message, name);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” must be %s"), name, _ ("an array"));
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (el))
        {
          g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                       _ ("Field “%s” must be %s"), name, _ ("an array of objects"));
          return FALSE;
        }
      if (!func (self, into, json_node_get_object (el), error))
        return FALSE;
    }
  return TRUE;
}

typedef gboolean (*FrameApplyFunc) (SnConsoleModel *self, GHashTable *into, SnFrameValue obj,
                                    GError **error);

static gboolean
apply_frame_queue_cb (SnConsoleModel *self, GHashTable *into, SnFrameValue obj, GError **error)
{
  if (!sn_frame_read_queue (self->frame, obj, &self->queue_update, error))
    return FALSE;
  store_queue (self, into, &self->queue_update);
  return TRUE;
}

static gboolean
apply_frame_agent_cb (SnConsoleModel *self, GHashTable *into, SnFrameValue obj, GError **error)
{
  const char *id;
  SnAgentState state;

  if (!sn_frame_read_agent (self->frame, obj, &id, &state, error))
    return FALSE;
  store_agent (into, id, state);
  return TRUE;
}

static gboolean
apply_frame_ticket_cb (SnConsoleModel *self, GHashTable *into, SnFrameValue obj, GError **error)
{
  SnTicketView *v = read_frame_ticket (self, obj, error);

  if (v == NULL)
    return FALSE;
  store_ticket (into, v);
  return TRUE;
}

/* apply_array() over the frame's tape. */
static gboolean
apply_frame_array (SnConsoleModel *self, SnFrameValue array, const char *name, GHashTable *into,
                   FrameApplyFunc func, GError **error)
{
  SnFrameIter iter;
  SnFrameValue el;

  if (array == SN_FRAME_NONE)
    return TRUE;
  if (!sn_frame_is_array (self->frame, array))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” must be %s"), name, _ ("an array"));
      return FALSE;
    }
  for (sn_frame_iter_init (&iter, self->frame, array); sn_frame_iter_next (&iter, &el);)
    {
      if (!sn_frame_is_object (self->frame, el))
        {
          g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                       _ ("Field “%s” must be %s"), name, _ ("an array of objects"));
          return FALSE;
        }
      if (!func (self, into, el, error))
        return FALSE;
    }
  return TRUE;
}

static void
drop_next (SnConsoleModel *self)
{
  g_clear_pointer (&self->next_tickets, g_hash_table_unref);
  g_clear_pointer (&self->next_queues, g_hash_table_unref);
  g_clear_pointer (&self->next_agents, g_hash_table_unref);
}

/* Part 0 (or a part with no snapshot under way) starts a new snapshot. */
static void
begin_part (SnConsoleModel *self, gint64 part)
{
  if (part == 0 || self->next_tickets == NULL)
    {
      drop_next (self);
      self->next_tickets = new_ticket_table ();
      self->next_queues = new_queue_table ();
      self->next_agents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
}

/* The center's minutes from its queues' (after a snapshot brought the hub's history). */
static void
sum_center_minutes (SnConsoleModel *self)
{
  SnQueueView *c = self->center;
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < SN_CONSOLE_MINUTES; i++)
    {
      SnMinuteSample sum = { 0, 0, 0 };

      g_hash_table_iter_init (&iter, self->queues);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          const SnMinuteSample *m = &((SnQueueView *) value)->minutes[i];

          if (m->minute == 0 || (sum.minute != 0 && m->minute != sum.minute))
            continue;
          sum.minute = m->minute;
          sum.waiting += m->waiting;
          sum.available += m->available;
        }
      if (sum.minute > c->minutes[i].minute)
        c->minutes[i] = sum;
    }
}

static void
commit_snapshot (SnConsoleModel *self, const char *epoch, gint64 head)
{
  GHashTableIter iter;
  gpointer value;

  g_free (self->epoch);
  self->epoch = g_strdup (epoch);
  self->last_seq = head;
  /* Minute samples of queues that still exist survive the new snapshot. */
  g_hash_table_iter_init (&iter, self->next_queues);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SnQueueView *q = value, *old = g_hash_table_lookup (self->queues, q->name);

      /* The hub's recent minutes win; the console's own fill the gaps. */
      for (guint i = 0; old != NULL && i < SN_CONSOLE_MINUTES; i++)
        if (q->minutes[i].minute < old->minutes[i].minute)
          q->minutes[i] = old->minutes[i];
      sample (q, self->now);
    }
  g_hash_table_unref (self->tickets);
  g_hash_table_unref (self->queues);
  g_hash_table_unref (self->agents);
  self->tickets = g_steal_pointer (&self->next_tickets);
  self->queues = g_steal_pointer (&self->next_queues);
  self->agents = g_steal_pointer (&self->next_agents);
  recompute_center (self);
  sum_center_minutes (self);
  evaluate_alerts (self);
  g_signal_emit (self, signals[RESET], 0);
  g_signal_emit (self, signals[ALERTS_CHANGED], 0);
}

gboolean
sn_console_model_apply_snapshot_part (SnConsoleModel *self, JsonObject *message, GError **error)
{
  gboolean last = FALSE;
  const char *epoch = NULL;

  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), FALSE);

  begin_part (self, member_int (message, "part"));
  if (!apply_array (self, message, "tickets", self->next_tickets, apply_ticket_cb, error)
      || !apply_array (self, message, "queues", self->next_queues, apply_queue_cb, error)
      || !apply_array (self, message, "agents", self->next_agents, apply_agent_cb, error))
    {
      drop_next (self);
      return FALSE;
    }
  sn_json_get_bool (message, "last", FALSE, &last, NULL);
  sn_json_get_string (message, "epoch", FALSE, &epoch, NULL);
  if (last)
    commit_snapshot (self, epoch, member_int (message, "head"));
  return TRUE;
}

static gboolean
apply_frame_snapshot (SnConsoleModel *self, GError **error)
{
  SnFrameSnapshot s;

  sn_frame_read_snapshot (self->frame, &s);
  begin_part (self, s.part);
  if (!apply_frame_array (self, s.tickets, "tickets", self->next_tickets, apply_frame_ticket_cb,
                          error)
      || !apply_frame_array (self, s.queues, "queues", self->next_queues, apply_frame_queue_cb,
                             error)
      || !apply_frame_array (self, s.agents, "agents", self->next_agents, apply_frame_agent_cb,
                             error))
    {
      drop_next (self);
      return FALSE;
    }
  if (s.last)
    commit_snapshot (self, s.epoch, s.head);
  return TRUE;
}

/* Applies a decoded payload: the event's time first (queues sample at it), then the state,
 * then the signals, then the seq. */
static void
commit_event (SnConsoleModel *self, gint64 time, gint64 seq, Payload *p)
{
  if (time > self->now)
    self->now = time;
  switch (p->kind)
    {
      case SN_EVENT_KIND_TICKET:
        store_ticket (self->tickets, p->ticket);
        g_signal_emit (self, signals[TICKET_CHANGED], 0, p->ticket->ticket->service_request_id);
        break;
      case SN_EVENT_KIND_QUEUE:
        store_queue (self, self->queues, p->queue);
        recompute_center (self);
        sample (self->center, self->now);
        if (evaluate_alerts (self))
          g_signal_emit (self, signals[ALERTS_CHANGED], 0);
        g_signal_emit (self, signals[QUEUE_CHANGED], 0, p->queue->name);
        break;
      case SN_EVENT_KIND_AGENT:
        store_agent (self->agents, p->agent, p->agent_state);
        break;
      case SN_EVENT_KIND_OTHER:
      default:
        break;
    }
  self->last_seq = seq;
}

gboolean
sn_console_model_apply_event (SnConsoleModel *self, JsonObject *message, gboolean *applied,
                              GError **error)
{
  gint64 seq;
  const char *kind;
  JsonObject *payload;
  Payload p = { 0 };

  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), FALSE);

  if (applied != NULL)
    *applied = FALSE;
  if (!sn_json_get_int (message, "seq", TRUE, &seq, error)
      || !sn_json_get_string (message, "kind", TRUE, &kind, error)
      || !sn_json_get_object (message, "payload", TRUE, &payload, error))
    return FALSE;
  if (seq <= self->last_seq)
    return TRUE; /* seen already: never applied twice */
  p.kind = event_kind (kind);
  if (!read_payload (self, payload, &p, error))
    return FALSE;
  commit_event (self, member_time (message, "time"), seq, &p);
  if (applied != NULL)
    *applied = TRUE;
  return TRUE;
}

static gboolean
apply_frame_event (SnConsoleModel *self, GError **error)
{
  SnFrameEvent event;
  Payload p = { 0 };

  if (!sn_frame_read_event (self->frame, &event, error))
    return FALSE;
  if (event.seq <= self->last_seq)
    return TRUE;
  p.kind = event.kind;
  if (!read_frame_payload (self, event.payload, &p, error))
    return FALSE;
  commit_event (self, event.time, event.seq, &p);
  return TRUE;
}

/* The reference path: json-glib's tree. */
static gboolean
apply_json_text (SnConsoleModel *self, const char *text, gsize length, GError **error)
{
  SnMessageType type;
  g_autoptr (JsonObject) message = NULL;
  JsonNode *type_node;

  message = sn_json_parse_object (text, length, SN_CONSOLE_MAX_FRAME_BYTES, SN_JSON_MAX_DEPTH,
                                  error);
  if (message == NULL)
    return FALSE;
  type_node = json_object_get_member (message, "type");
  if (type_node == NULL || json_node_get_value_type (type_node) != G_TYPE_STRING
      || !sn_message_type_from_string (json_node_get_string (type_node), &type))
    return TRUE;
  if (type == SN_MESSAGE_SNAPSHOT)
    return sn_console_model_apply_snapshot_part (self, message, error);
  if (type == SN_MESSAGE_EVENT)
    return sn_console_model_apply_event (self, message, NULL, error);
  return TRUE;
}

gboolean
sn_console_model_apply_text (SnConsoleModel *self, const char *text, gsize length, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  SnMessageType type;

  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), FALSE);

  if (!sn_frame_load (self->frame, text, length, SN_CONSOLE_MAX_FRAME_BYTES, SN_JSON_MAX_DEPTH,
                      &local_error))
    {
      /* Not strict JSON: json-glib decides, as it always did. It takes a few forms that are
       * not JSON (comments, single quotes, …) and words its own syntax errors. */
      if (g_error_matches (local_error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MALFORMED))
        return apply_json_text (self, text, length, error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!sn_frame_get_message_type (self->frame, &type))
    return TRUE;
  if (type == SN_MESSAGE_SNAPSHOT)
    return apply_frame_snapshot (self, error);
  if (type == SN_MESSAGE_EVENT)
    return apply_frame_event (self, error);
  return TRUE;
}

/* ── time passing ──────────────────────────────────────────────────────────────── */

void
sn_console_model_tick (SnConsoleModel *self, gint64 now)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (SN_IS_CONSOLE_MODEL (self));

  if (now > self->now)
    self->now = now;
  g_hash_table_iter_init (&iter, self->queues);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    sample (value, self->now);
  sample (self->center, self->now);
  if (evaluate_alerts (self))
    g_signal_emit (self, signals[ALERTS_CHANGED], 0);
}

/* ── queries ───────────────────────────────────────────────────────────────────── */

gint64
sn_console_model_get_now (SnConsoleModel *self)
{
  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), 0);
  return self->now;
}

const char *
sn_console_model_get_epoch (SnConsoleModel *self)
{
  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), NULL);
  return self->epoch;
}

gint64
sn_console_model_get_last_seq (SnConsoleModel *self)
{
  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), 0);
  return self->last_seq;
}

void
sn_console_model_set_thresholds (SnConsoleModel *self, const SnAlertThresholds *t)
{
  g_return_if_fail (SN_IS_CONSOLE_MODEL (self));

  self->thresholds = *t;
  if (evaluate_alerts (self))
    g_signal_emit (self, signals[ALERTS_CHANGED], 0);
}

void
sn_console_model_get_thresholds (SnConsoleModel *self, SnAlertThresholds *t)
{
  g_return_if_fail (SN_IS_CONSOLE_MODEL (self));
  *t = self->thresholds;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_utf8_collate (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
sn_console_model_list_queues (SnConsoleModel *self)
{
  GPtrArray *names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), names);

  g_hash_table_iter_init (&iter, self->queues);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_names);
  return names;
}

const SnQueueView *
sn_console_model_get_queue (SnConsoleModel *self, const char *name)
{
  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), NULL);
  return name != NULL ? g_hash_table_lookup (self->queues, name) : self->center;
}

const SnQueueView *
sn_console_model_get_center (SnConsoleModel *self)
{
  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), NULL);
  return self->center;
}

guint
sn_console_model_get_n_tickets (SnConsoleModel *self)
{
  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), 0);
  return g_hash_table_size (self->tickets);
}

void
sn_console_model_foreach_ticket (SnConsoleModel *self, GHFunc func, gpointer user_data)
{
  g_return_if_fail (SN_IS_CONSOLE_MODEL (self));
  g_hash_table_foreach (self->tickets, func, user_data);
}

const SnTicketView *
sn_console_model_lookup_ticket (SnConsoleModel *self, const char *id)
{
  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), NULL);
  return g_hash_table_lookup (self->tickets, id);
}

gboolean
sn_console_model_lookup_agent (SnConsoleModel *self, const char *id, SnAgentState *state)
{
  gpointer value;

  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), FALSE);

  if (!g_hash_table_lookup_extended (self->agents, id, NULL, &value))
    return FALSE;
  *state = (SnAgentState) GPOINTER_TO_INT (value);
  return TRUE;
}

/* The newest complete quarter hour's arrivals. */
static gboolean
recent_arrival_rate (const SnQueueView *q, gint64 now, double *rate)
{
  gint64 current = now - now % 900;
  const SnIntervalCounts *last = &q->intervals[((current - 900) / 900) % SN_CONSOLE_INTERVALS];
  const SnIntervalCounts *this = &q->intervals[(current / 900) % SN_CONSOLE_INTERVALS];

  if (last->start == current - 900)
    *rate = last->offered / 900.0;
  else if (this->start == current && now > current)
    *rate = this->offered / (double) (now - current);
  else
    return FALSE;
  return TRUE;
}

gboolean
sn_console_model_staffing_hint (SnConsoleModel *self, const char *queue, double sl_target,
                                guint *needed, guint *on_duty)
{
  const SnQueueView *q = sn_console_model_get_queue (self, queue);
  double rate, aht;

  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), FALSE);

  if (q == NULL || !recent_arrival_rate (q, self->now, &rate) || !sn_metric_aht (&q->today, &aht)
      || aht <= 0)
    return FALSE;
  *on_duty = q->agents[SN_AGENT_AVAILABLE] + q->agents[SN_AGENT_ON_CALL]
             + q->agents[SN_AGENT_WRAPUP];
  if (rate <= 0)
    {
      *needed = 0;
      return TRUE;
    }
  return sn_erlang_c_agents_for_service_level (rate, 1.0 / aht, SN_SERVICE_LEVEL_SECONDS, sl_target,
                                               needed);
}

/* ── object ────────────────────────────────────────────────────────────────────── */

static void
sn_console_model_finalize (GObject *object)
{
  SnConsoleModel *self = SN_CONSOLE_MODEL (object);

  drop_next (self);
  g_hash_table_unref (self->tickets);
  g_hash_table_unref (self->queues);
  g_hash_table_unref (self->agents);
  sn_ticket_store_free (self->store);
  queue_view_free (self->center);
  g_free (self->epoch);
  sn_frame_free (self->frame);
  sn_queue_update_clear (&self->queue_update);
  G_OBJECT_CLASS (sn_console_model_parent_class)->finalize (object);
}

static void
sn_console_model_class_init (SnConsoleModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sn_console_model_finalize;
  signals[RESET] = g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);
  signals[TICKET_CHANGED] = g_signal_new ("ticket-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_STRING);
  signals[QUEUE_CHANGED] = g_signal_new ("queue-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         G_TYPE_STRING);
  signals[ALERTS_CHANGED] = g_signal_new ("alerts-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sn_console_model_init (SnConsoleModel *self)
{
  self->store = sn_ticket_store_new ();
  self->tickets = new_ticket_table ();
  self->queues = new_queue_table ();
  self->agents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->center = queue_view_new (NULL);
  self->thresholds = (SnAlertThresholds){ 10, 120, 0.7 };
  self->frame = sn_frame_new ();
  sn_queue_update_init (&self->queue_update);
}

SnConsoleModel *
sn_console_model_new (void)
{
  return g_object_new (SN_TYPE_CONSOLE_MODEL, NULL);
}
