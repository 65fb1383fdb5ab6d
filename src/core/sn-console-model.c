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
#include "sn-json.h"
#include "sn-protocol.h"
#include "sn-ticket-json.h"

struct _SnConsoleModel
{
  GObject parent_instance;

  char *epoch;
  gint64 last_seq;
  GHashTable *tickets;   /* id → SnTicketView* */
  GHashTable *queues;    /* name → SnQueueView* */
  GHashTable *agents;    /* id → SnAgentState */
  SnQueueView *center;
  SnAlertThresholds thresholds;
  gint64 now;

  /* a snapshot being received */
  GHashTable *next_tickets;
  GHashTable *next_queues;
  GHashTable *next_agents;
};

enum {
  RESET,
  TICKET_CHANGED,
  QUEUE_CHANGED,
  ALERTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SnConsoleModel, sn_console_model, G_TYPE_OBJECT)

static const char *const agent_keys[SN_N_AGENT_STATES] = {
  "available", "on_call", "wrapup", "paused", "offline",
};

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

static void
ticket_view_free (SnTicketView *v)
{
  sn_ticket_free (v->ticket);
  g_free (v);
}

static GHashTable *
new_ticket_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ticket_view_free);
}

static GHashTable *
new_queue_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) queue_view_free);
}

/* ── decoding ──────────────────────────────────────────────────────────────────── */

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

static void
read_counters (JsonObject *obj, SnQueueCounters *c)
{
  if (obj == NULL)
    return;
  c->offered = (guint) member_int (obj, "offered");
  c->answered = (guint) member_int (obj, "answered");
  c->answered_within = (guint) member_int (obj, "answered_within");
  c->abandoned = (guint) member_int (obj, "abandoned");
  c->abandoned_within = (guint) member_int (obj, "abandoned_within");
  c->timed_out = (guint) member_int (obj, "timed_out");
  c->answer_wait_total = member_int (obj, "answer_wait_total");
  c->handled = (guint) member_int (obj, "handled");
  c->handle_total = member_int (obj, "handle_total");
}

static void
read_interval (SnQueueView *q, JsonObject *obj)
{
  gint64 start = member_time (obj, "start");
  SnIntervalCounts *slot;

  if (start == 0)
    return;
  slot = &q->intervals[(start / 900) % SN_CONSOLE_INTERVALS];
  slot->start = start;
  slot->offered = (guint) member_int (obj, "offered");
  slot->answered = (guint) member_int (obj, "answered");
  slot->abandoned = (guint) member_int (obj, "abandoned");
}

static void
read_agents (SnQueueView *q, JsonObject *agents)
{
  JsonObject *reasons = NULL;

  memset (q->agents, 0, sizeof q->agents);
  g_hash_table_remove_all (q->paused_reasons);
  if (agents == NULL)
    return;
  for (guint i = 0; i < SN_N_AGENT_STATES; i++)
    q->agents[i] = (guint) member_int (agents, agent_keys[i]);
  if (sn_json_get_object (agents, "paused_reasons", FALSE, &reasons, NULL))
    {
      JsonObjectIter iter;
      const char *reason;
      JsonNode *node;

      json_object_iter_init (&iter, reasons);
      while (json_object_iter_next (&iter, &reason, &node))
        if (json_node_get_value_type (node) == G_TYPE_INT64)
          g_hash_table_insert (q->paused_reasons, g_strdup (reason),
                               GUINT_TO_POINTER ((guint) json_node_get_int (node)));
    }
}

/* Updates @q from a queue object of the protocol. */
static gboolean
read_queue (SnQueueView *q, JsonObject *obj, GError **error)
{
  JsonObject *agents = NULL, *today = NULL, *interval = NULL;
  const char *day = NULL;
  JsonArray *intervals;

  if (!sn_json_get_object (obj, "agents", TRUE, &agents, error)
      || !sn_json_get_object (obj, "today", TRUE, &today, error))
    return FALSE;
  q->waiting = (guint) member_int (obj, "waiting");
  q->longest_wait_since = member_time (obj, "longest_wait_since");
  read_agents (q, agents);
  if (sn_json_get_string (obj, "day", FALSE, &day, NULL) && g_strcmp0 (day, q->day) != 0)
    {
      /* A new day: yesterday's intervals go. */
      g_free (q->day);
      q->day = g_strdup (day);
      memset (q->intervals, 0, sizeof q->intervals);
    }
  memset (&q->today, 0, sizeof q->today);
  read_counters (today, &q->today);
  if (sn_json_get_object (obj, "interval", FALSE, &interval, NULL))
    read_interval (q, interval);
  intervals = json_object_has_member (obj, "intervals")
                ? json_object_get_array_member (obj, "intervals") : NULL;
  for (guint i = 0; intervals != NULL && i < json_array_get_length (intervals); i++)
    if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (intervals, i)))
      read_interval (q, json_array_get_object_element (intervals, i));
  return TRUE;
}

static SnTicketView *
read_ticket (JsonObject *obj, GError **error)
{
  SnTicketView *v = g_new0 (SnTicketView, 1);

  v->ticket = sn_ticket_from_json (obj, v->stalls, &v->n_stalls, &v->deadline, error);
  if (v->ticket == NULL)
    {
      g_free (v);
      return NULL;
    }
  return v;
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
        *t = (SnIntervalCounts) { s->start, 0, 0, 0 };
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
track_now (SnConsoleModel *self, JsonObject *message)
{
  gint64 t = member_time (message, "time");

  if (t > self->now)
    self->now = t;
}

static gboolean
apply_queue (SnConsoleModel *self, GHashTable *queues, JsonObject *obj, GError **error)
{
  const char *name;
  SnQueueView *q;

  if (!sn_json_get_string (obj, "queue", TRUE, &name, error))
    return FALSE;
  q = g_hash_table_lookup (queues, name);
  if (q == NULL)
    {
      q = queue_view_new (name);
      g_hash_table_insert (queues, q->name, q);
    }
  if (!read_queue (q, obj, error))
    return FALSE;
  sample (q, self->now);
  return TRUE;
}

static gboolean
apply_agent (GHashTable *agents, JsonObject *obj, GError **error)
{
  const char *id, *state;
  SnAgentState s;

  if (!sn_json_get_string (obj, "agent", TRUE, &id, error)
      || !sn_json_get_string (obj, "state", TRUE, &state, error))
    return FALSE;
  if (!sn_agent_state_from_string (state, &s))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _("Field “%s” has an unknown value “%s”"), "state", state);
      return FALSE;
    }
  g_hash_table_insert (agents, g_strdup (id), GINT_TO_POINTER (s));
  return TRUE;
}

static gboolean
apply_ticket (GHashTable *tickets, JsonObject *obj, GError **error)
{
  SnTicketView *v = read_ticket (obj, error);

  if (v == NULL)
    return FALSE;
  g_hash_table_replace (tickets, v->ticket->service_request_id, v);
  return TRUE;
}

typedef gboolean (*ApplyFunc) (SnConsoleModel *self, GHashTable *into, JsonObject *obj,
                               GError **error);

static gboolean
apply_queue_cb (SnConsoleModel *self, GHashTable *into, JsonObject *obj, GError **error)
{
  return apply_queue (self, into, obj, error);
}

static gboolean
apply_agent_cb (SnConsoleModel *self, GHashTable *into, JsonObject *obj, GError **error)
{
  return apply_agent (into, obj, error);
}

static gboolean
apply_ticket_cb (SnConsoleModel *self, GHashTable *into, JsonObject *obj, GError **error)
{
  return apply_ticket (into, obj, error);
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
                   _("Field “%s” must be %s"), name, _("an array"));
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (el))
        {
          g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                       _("Field “%s” must be %s"), name, _("an array of objects"));
          return FALSE;
        }
      if (!func (self, into, json_node_get_object (el), error))
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

static void
commit_snapshot (SnConsoleModel *self, JsonObject *message)
{
  const char *epoch = NULL;

  sn_json_get_string (message, "epoch", FALSE, &epoch, NULL);
  g_free (self->epoch);
  self->epoch = g_strdup (epoch);
  self->last_seq = member_int (message, "head");
  /* Minute samples of queues that still exist survive the new snapshot. */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->next_queues);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        SnQueueView *q = value, *old = g_hash_table_lookup (self->queues, q->name);

        if (old != NULL)
          memcpy (q->minutes, old->minutes, sizeof q->minutes);
        sample (q, self->now);
      }
  }
  g_hash_table_unref (self->tickets);
  g_hash_table_unref (self->queues);
  g_hash_table_unref (self->agents);
  self->tickets = g_steal_pointer (&self->next_tickets);
  self->queues = g_steal_pointer (&self->next_queues);
  self->agents = g_steal_pointer (&self->next_agents);
  recompute_center (self);
  evaluate_alerts (self);
  g_signal_emit (self, signals[RESET], 0);
  g_signal_emit (self, signals[ALERTS_CHANGED], 0);
}

gboolean
sn_console_model_apply_snapshot_part (SnConsoleModel *self, JsonObject *message, GError **error)
{
  gboolean last = FALSE;

  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), FALSE);

  if (member_int (message, "part") == 0 || self->next_tickets == NULL)
    {
      drop_next (self);
      self->next_tickets = new_ticket_table ();
      self->next_queues = new_queue_table ();
      self->next_agents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  if (!apply_array (self, message, "tickets", self->next_tickets, apply_ticket_cb, error)
      || !apply_array (self, message, "queues", self->next_queues, apply_queue_cb, error)
      || !apply_array (self, message, "agents", self->next_agents, apply_agent_cb, error))
    {
      drop_next (self);
      return FALSE;
    }
  sn_json_get_bool (message, "last", FALSE, &last, NULL);
  if (last)
    commit_snapshot (self, message);
  return TRUE;
}

static gboolean
apply_event_payload (SnConsoleModel *self, const char *kind, JsonObject *payload,
                     GError **error)
{
  if (g_str_equal (kind, "ticket"))
    {
      if (!apply_ticket (self->tickets, payload, error))
        return FALSE;
      g_signal_emit (self, signals[TICKET_CHANGED], 0,
                     json_object_get_string_member (payload, "service_request_id"));
    }
  else if (g_str_equal (kind, "queue"))
    {
      if (!apply_queue (self, self->queues, payload, error))
        return FALSE;
      recompute_center (self);
      sample (self->center, self->now);
      if (evaluate_alerts (self))
        g_signal_emit (self, signals[ALERTS_CHANGED], 0);
      g_signal_emit (self, signals[QUEUE_CHANGED], 0,
                     json_object_get_string_member (payload, "queue"));
    }
  else if (g_str_equal (kind, "agent"))
    return apply_agent (self->agents, payload, error);
  /* Unknown kinds come from newer hubs: skip them. */
  return TRUE;
}

gboolean
sn_console_model_apply_event (SnConsoleModel *self, JsonObject *message, gboolean *applied,
                              GError **error)
{
  gint64 seq;
  const char *kind;
  JsonObject *payload;

  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), FALSE);

  if (applied != NULL)
    *applied = FALSE;
  if (!sn_json_get_int (message, "seq", TRUE, &seq, error)
      || !sn_json_get_string (message, "kind", TRUE, &kind, error)
      || !sn_json_get_object (message, "payload", TRUE, &payload, error))
    return FALSE;
  if (seq <= self->last_seq)
    return TRUE; /* seen already: never applied twice */
  track_now (self, message);
  if (!apply_event_payload (self, kind, payload, error))
    return FALSE;
  self->last_seq = seq;
  if (applied != NULL)
    *applied = TRUE;
  return TRUE;
}

gboolean
sn_console_model_apply_text (SnConsoleModel *self, const char *text, gsize length,
                             GError **error)
{
  SnMessageType type;
  g_autoptr (JsonObject) message = NULL;

  /* Snapshot parts are at most about 48 KiB; a hub's frames are trusted up to 1 MiB. */
  message = sn_json_parse_object (text, length, 1024 * 1024, SN_JSON_MAX_DEPTH, error);
  if (message == NULL)
    return FALSE;
  if (!sn_message_type_from_string (json_object_get_string_member_with_default (message, "type",
                                                                                 ""),
                                    &type))
    return TRUE;
  if (type == SN_MESSAGE_SNAPSHOT)
    return sn_console_model_apply_snapshot_part (self, message, error);
  if (type == SN_MESSAGE_EVENT)
    return sn_console_model_apply_event (self, message, NULL, error);
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

const SnTicketView *
sn_console_model_lookup_ticket (SnConsoleModel *self, const char *id)
{
  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (self), NULL);
  return g_hash_table_lookup (self->tickets, id);
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

  if (q == NULL || !recent_arrival_rate (q, self->now, &rate)
      || !sn_metric_aht (&q->today, &aht) || aht <= 0)
    return FALSE;
  *on_duty = q->agents[SN_AGENT_AVAILABLE] + q->agents[SN_AGENT_ON_CALL]
             + q->agents[SN_AGENT_WRAPUP];
  if (rate <= 0)
    {
      *needed = 0;
      return TRUE;
    }
  return sn_erlang_c_agents_for_service_level (rate, 1.0 / aht, SN_SERVICE_LEVEL_SECONDS,
                                               sl_target, needed);
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
  queue_view_free (self->center);
  g_free (self->epoch);
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
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          1, G_TYPE_STRING);
  signals[QUEUE_CHANGED] = g_signal_new ("queue-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         G_TYPE_STRING);
  signals[ALERTS_CHANGED] = g_signal_new ("alerts-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          0);
}

static void
sn_console_model_init (SnConsoleModel *self)
{
  self->tickets = new_ticket_table ();
  self->queues = new_queue_table ();
  self->agents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->center = queue_view_new (NULL);
  self->thresholds = (SnAlertThresholds) { 10, 120, 0.7 };
}

SnConsoleModel *
sn_console_model_new (void)
{
  return g_object_new (SN_TYPE_CONSOLE_MODEL, NULL);
}
