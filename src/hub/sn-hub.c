/* sn-hub.c — the hub: state, the write pipeline, stall timers and the server
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sn-hub-private.h"

#define STORED_TICKET_MAX_BYTES (16 * 1024 * 1024)
#define CALL_CENTER_STATE_KEY "call_center"
#define CALL_CENTER_JOURNAL_KEY "call_center_journal"
/* Checkpoint the call-center state after this many journaled events or this long. */
#define CHECKPOINT_EVENTS 20000
#define CHECKPOINT_SECONDS 60

typedef struct
{
  guint n;
  SnStall stalls[SN_N_STALL_REASONS];
} StallSet;

typedef struct
{
  gint64 due;
  char *id;
} StallTimer;

#define RECENT_MINUTES 120

typedef struct
{
  gint64 minute[RECENT_MINUTES];
  guint waiting[RECENT_MINUTES];
  guint available[RECENT_MINUTES];
} QueueMinutes;

G_DEFINE_QUARK (sn_hub_error_quark, sn_hub_error)
G_DEFINE_FINAL_TYPE (SnHub, sn_hub, G_TYPE_OBJECT)

void
sn_hub_options_init (SnHubOptions *options)
{
  options->name = "shuniu-hub";
  options->clock = NULL;
  options->tiles = NULL;
  options->city = NULL;
  options->command_rate = 200;
  options->command_burst = 400;
  options->heartbeat_seconds = 10;
  options->peer_timeout_seconds = 30;
  options->event_retention_seconds = 48 * 3600;
  options->command_retention_seconds = 48 * 3600;
}

gint64
sn_hub_now (SnHub *self)
{
  return sn_clock_now_seconds (self->clock);
}

void
sn_hub_event_free (SnHubEvent *event)
{
  g_free (event->district);
  g_bytes_unref (event->text);
  g_free (event);
}

static void
stall_timer_free (StallTimer *timer)
{
  g_free (timer->id);
  g_free (timer);
}

static int
stall_timer_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const StallTimer *ta = a, *tb = b;

  if (ta->due != tb->due)
    return ta->due < tb->due ? -1 : 1;
  return strcmp (ta->id, tb->id);
}

static int
compare_ids (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return strcmp (a, b);
}

/* ── tickets and stall reasons ─────────────────────────────────────────────────── */

guint
sn_hub_ticket_stalls (SnHub *self, const SnTicket *ticket, SnStall out[SN_N_STALL_REASONS])
{
  return sn_stall_evaluate (ticket, self->calendar, &self->rules, sn_hub_now (self), out, NULL);
}

void
sn_hub_ticket_to_json (SnHub *self, const SnTicket *ticket, gboolean with_history,
                       JsonBuilder *builder)
{
  /* A closed ticket's clock stopped when it closed. */
  gint64 now = ticket->closed_at != 0 && !sn_ticket_is_open (ticket) ? ticket->closed_at
                                                                     : sn_hub_now (self);
  SnStall stalls[SN_N_STALL_REASONS];
  SnTicketJsonExtras extras = { 0 };

  extras.n_stalls = sn_stall_evaluate (ticket, self->calendar, &self->rules, now, stalls, NULL);
  extras.stalls = stalls;
  extras.deadline = sn_sla_deadline (ticket, self->calendar, &self->rules, now);
  extras.time_limit_used = sn_sla_fraction_used (ticket, self->calendar, &self->rules, now);
  extras.with_history = with_history;
  sn_ticket_to_json (ticket, &extras, builder);
}

/* Field by field: SnStall has padding, which memcmp() would compare too (and a set loaded
 * from the database has garbage there, so every ticket looked changed after a restart). */
static gboolean
stall_sets_equal (const StallSet *a, const StallSet *b)
{
  if (a->n != b->n)
    return FALSE;
  for (guint i = 0; i < a->n; i++)
    if (a->stalls[i].reason != b->stalls[i].reason || a->stalls[i].since != b->stalls[i].since)
      return FALSE;
  return TRUE;
}

/* Re-arms @id's timer from a fresh evaluation and remembers its reasons; returns whether
 * they differ from the ones remembered before. */
static gboolean
update_stall_state (SnHub *self, const SnTicket *ticket, gint64 now)
{
  StallSet fresh = { 0 };
  StallSet *old = g_hash_table_lookup (self->stalls, ticket->service_request_id);
  GSequenceIter *iter = g_hash_table_lookup (self->stall_timer_by_id, ticket->service_request_id);
  gint64 next = G_MAXINT64;
  gboolean changed;

  fresh.n = sn_stall_evaluate (ticket, self->calendar, &self->rules, now, fresh.stalls, &next);
  changed = old == NULL ? fresh.n > 0 : !stall_sets_equal (old, &fresh);
  if (iter != NULL)
    {
      g_hash_table_remove (self->stall_timer_by_id, ticket->service_request_id);
      g_sequence_remove (iter);
    }
  if (next != G_MAXINT64)
    {
      StallTimer *timer = g_new0 (StallTimer, 1);

      timer->due = next;
      timer->id = g_strdup (ticket->service_request_id);
      iter = g_sequence_insert_sorted (self->stall_timers, timer, stall_timer_compare, NULL);
      g_hash_table_insert (self->stall_timer_by_id, timer->id, iter);
    }
  g_hash_table_insert (self->stalls, g_strdup (ticket->service_request_id),
                       g_memdup2 (&fresh, sizeof fresh));
  return changed;
}

/* ── the write pipeline ────────────────────────────────────────────────────────── */

void
sn_hub_op_init (SnHubOp *op)
{
  op->staged = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) sn_ticket_free);
  op->events = g_ptr_array_new_with_free_func ((GDestroyNotify) sn_hub_event_free);
}

void
sn_hub_op_clear (SnHubOp *op)
{
  g_clear_pointer (&op->staged, g_hash_table_unref);
  g_clear_pointer (&op->events, g_ptr_array_unref);
  g_clear_error (&op->error);
}

const SnTicket *
sn_hub_lookup_ticket (SnHub *self, SnHubOp *op, const char *id)
{
  const SnTicket *t = NULL;

  if (op != NULL)
    t = g_hash_table_lookup (op->staged, id);
  if (t == NULL)
    t = g_hash_table_lookup (self->batch, id);
  if (t == NULL)
    t = g_tree_lookup (self->tickets, id);
  return t;
}

SnTicket *
sn_hub_stage_ticket (SnHub *self, SnHubOp *op, const char *id)
{
  SnTicket *t = g_hash_table_lookup (op->staged, id);
  const SnTicket *current;

  if (t != NULL)
    return t;
  current = sn_hub_lookup_ticket (self, op, id);
  if (current == NULL)
    return NULL;
  t = sn_ticket_copy (current);
  g_hash_table_insert (op->staged, t->service_request_id, t);
  return t;
}

SnTicket *
sn_hub_stage_new_ticket (SnHub *self, SnHubOp *op, const char *id)
{
  SnTicket *t = sn_ticket_new (id);

  t->history = g_ptr_array_new_with_free_func ((GDestroyNotify) sn_history_entry_free);
  g_hash_table_insert (op->staged, t->service_request_id, t);
  return t;
}

typedef struct
{
  const char *epoch;
  const char *kind;
  gint64 time;
  const char *payload;
  char *text; /* built once, kept for the broadcast */
} EventText;

static const char *
build_event_text (gint64 seq, gpointer data)
{
  EventText *e = data;
  g_autofree char *time = sn_time_format (e->time);

  g_free (e->text);
  e->text = g_strdup_printf ("{\"type\":\"event\",\"epoch\":\"%s\",\"seq\":%" G_GINT64_FORMAT
                             ",\"kind\":\"%s\",\"time\":\"%s\",\"payload\":%s}",
                             e->epoch, seq, e->kind, time, e->payload);
  return e->text;
}

static gboolean
append_event_text (SnHub *self, SnHubOp *op, const char *kind, const char *district,
                   const char *payload, GError **error)
{
  EventText e = { sn_store_get_epoch (self->store), kind, sn_hub_now (self), payload, NULL };
  gint64 seq;
  SnHubEvent *event;

  seq = sn_store_append_event (self->store, e.time, kind, district, build_event_text, &e, error);
  if (seq == 0)
    {
      g_free (e.text);
      return FALSE;
    }
  event = g_new0 (SnHubEvent, 1);
  event->seq = seq;
  event->district = g_strdup (district);
  event->text = g_bytes_new_take (e.text, strlen (e.text));
  g_ptr_array_add (op->events, event);
  return TRUE;
}

gboolean
sn_hub_append_event (SnHub *self, SnHubOp *op, const char *kind, const char *district,
                     void (*build_payload) (JsonBuilder *b, gpointer data), gpointer data,
                     GError **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  g_autofree char *payload = NULL;

  build_payload (b, data);
  payload = sn_json_builder_to_string (b, NULL);
  return append_event_text (self, op, kind, district, payload, error);
}

gboolean
sn_hub_write_ticket (SnHub *self, SnHubOp *op, SnTicket *ticket, GError **error)
{
  g_autoptr (JsonBuilder) stored = json_builder_new_immutable ();
  g_autoptr (JsonBuilder) event = json_builder_new_immutable ();
  g_autofree char *stored_text = NULL;
  g_autofree char *event_text = NULL;

  sn_hub_ticket_to_json (self, ticket, TRUE, stored);
  stored_text = sn_json_builder_to_string (stored, NULL);
  if (!sn_store_put_ticket (self->store, ticket->service_request_id, ticket->district, stored_text,
                            error))
    return FALSE;
  /* Events carry the ticket without its history; consoles fetch that on demand. */
  sn_hub_ticket_to_json (self, ticket, FALSE, event);
  event_text = sn_json_builder_to_string (event, NULL);
  return append_event_text (self, op, "ticket", ticket->district, event_text, error);
}

gboolean
sn_hub_audit (SnHub *self, const SnPrincipal *who, const char *action, const char *ticket,
              const char *command_id, const char *origin, const char *outcome, const char *reason,
              GError **error)
{
  SnAuditRecord r = { 0 };

  r.time = sn_hub_now (self);
  r.actor = who != NULL ? who->name : NULL;
  r.token_id = who != NULL ? who->token_id : NULL;
  r.role = who != NULL ? sn_role_to_string (who->role) : NULL;
  r.action = action;
  r.ticket = ticket;
  r.command_id = command_id;
  r.origin = origin;
  r.outcome = outcome;
  r.reason = reason;
  return sn_store_append_audit (self->store, &r, error);
}

static void
move_staged (GHashTable *from, GHashTable *to)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SnTicket *t = value;

      g_hash_table_iter_steal (&iter);
      g_hash_table_insert (to, t->service_request_id, t);
    }
}

static gboolean
apply_op (SnHub *self, SnHubOp *op)
{
  if (!sn_store_savepoint (self->store, &op->error))
    return FALSE;
  if (!op->apply (self, op, &op->error))
    {
      sn_store_rollback_to (self->store);
      g_hash_table_remove_all (op->staged);
      g_ptr_array_set_size (op->events, 0);
      /* The op may have changed the call-center state before failing. */
      sn_hub_reload_call_center (self);
      return FALSE;
    }
  if (!sn_store_release (self->store, &op->error))
    return FALSE;
  move_staged (op->staged, self->batch);
  return TRUE;
}

static void
install_batch (SnHub *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 now = sn_hub_now (self);

  g_hash_table_iter_init (&iter, self->batch);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SnTicket *t = value;

      g_hash_table_iter_steal (&iter);
      g_tree_replace (self->tickets, t->service_request_id, t);
      update_stall_state (self, t, now);
    }
}

static void
fail_batch (SnHub *self, GQueue *ops, const GError *error)
{
  g_hash_table_remove_all (self->batch);
  sn_hub_reload_call_center (self);
  for (GList *l = ops->head; l != NULL; l = l->next)
    {
      SnHubOp *op = l->data;

      g_ptr_array_set_size (op->events, 0);
      if (op->error == NULL)
        op->error = g_error_copy (error);
    }
}

static gboolean
flush_cb (gpointer user_data)
{
  SnHub *self = user_data;
  GQueue ops = self->pending;
  g_autoptr (GError) error = NULL;

  self->flush_source = 0;
  g_queue_init (&self->pending);
  g_hash_table_remove_all (self->pending_command_ids);

  if (sn_store_begin (self->store, &error))
    {
      for (GList *l = ops.head; l != NULL; l = l->next)
        apply_op (self, l->data);
      if (sn_store_commit (self->store, &error))
        install_batch (self);
    }
  if (error != NULL)
    {
      g_warning ("Commit failed: %s", error->message);
      fail_batch (self, &ops, error);
    }
  sn_hub_stream_cork (self);
  for (GList *l = ops.head; l != NULL; l = l->next)
    {
      SnHubOp *op = l->data;

      for (guint i = 0; i < op->events->len; i++)
        sn_hub_stream_broadcast (self, op->events->pdata[i]);
    }
  while (!g_queue_is_empty (&ops))
    {
      SnHubOp *op = g_queue_pop_head (&ops);

      op->finish (self, op, op->error);
      op->free (op);
    }
  sn_hub_stream_uncork (self);
  return G_SOURCE_REMOVE;
}

void
sn_hub_submit (SnHub *self, SnHubOp *op)
{
  g_queue_push_tail (&self->pending, op);
  if (self->flush_source == 0)
    {
      /* Run after the I/O already waiting in this main-loop iteration, so requests that
       * arrive together share one commit. */
      self->flush_source = g_timeout_add_full (G_PRIORITY_DEFAULT, 0, flush_cb, self, NULL);
    }
}

/* ── time passing: stall reasons and call-center timers ────────────────────────── */

typedef struct
{
  SnHubOp op;
  GPtrArray *ids;
  GPtrArray *queues;
  GPtrArray *agents;
} TickOp;

static void
queue_payload (JsonBuilder *b, gpointer data)
{
  gpointer *args = data;

  sn_call_center_queue_to_json (args[0], args[1], FALSE, b);
}

static void
agent_payload (JsonBuilder *b, gpointer data)
{
  gpointer *args = data;

  sn_call_center_agent_to_json (args[0], args[1], b);
}

gboolean
sn_hub_emit_call_center (SnHub *self, SnHubOp *op, GPtrArray *queues, GPtrArray *agents,
                         GError **error)
{
  for (guint i = 0; i < queues->len; i++)
    {
      gpointer args[2] = { self->calls, queues->pdata[i] };

      if (!sn_hub_append_event (self, op, "queue", NULL, queue_payload, args, error))
        return FALSE;
    }
  for (guint i = 0; i < agents->len; i++)
    {
      gpointer args[2] = { self->calls, agents->pdata[i] };

      if (!sn_hub_append_event (self, op, "agent", NULL, agent_payload, args, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
sn_hub_journal_call_event (SnHub *self, JsonNode *event, GError **error)
{
  g_autofree char *text = sn_json_node_to_string (event, NULL);
  gint64 id = sn_store_append_call_event (self->store, text, error);

  if (id == 0)
    return FALSE;
  self->call_journal_head = id;
  return TRUE;
}

/* The state as of the journal's head, so a restart replays only what came after. */
static gboolean
checkpoint_apply (SnHub *self, SnHubOp *op, GError **error)
{
  g_autofree char *state = sn_call_center_save (self->calls);
  g_autofree char *head = g_strdup_printf ("%" G_GINT64_FORMAT, self->call_journal_head);

  if (!sn_store_put_state (self->store, CALL_CENTER_STATE_KEY, state, error)
      || !sn_store_put_state (self->store, CALL_CENTER_JOURNAL_KEY, head, error)
      || !sn_store_trim_call_events (self->store, self->call_journal_head, error))
    return FALSE;
  self->call_checkpoint_id = self->call_journal_head;
  return TRUE;
}

static void
checkpoint_finish (SnHub *self, SnHubOp *op, const GError *error)
{
  if (error != NULL)
    g_warning ("Could not checkpoint the call-center state: %s", error->message);
}

static void
checkpoint_free (SnHubOp *op)
{
  sn_hub_op_clear (op);
  g_free (op);
}

static void
maybe_checkpoint (SnHub *self, gint64 now)
{
  SnHubOp *op;

  if (self->call_journal_head == self->call_checkpoint_id
      || (self->call_journal_head - self->call_checkpoint_id < CHECKPOINT_EVENTS
          && now - self->last_checkpoint < CHECKPOINT_SECONDS))
    return;
  self->last_checkpoint = now;
  op = g_new0 (SnHubOp, 1);
  sn_hub_op_init (op);
  op->apply = checkpoint_apply;
  op->finish = checkpoint_finish;
  op->free = checkpoint_free;
  sn_hub_submit (self, op);
}

static gboolean
tick_apply (SnHub *self, SnHubOp *op, GError **error)
{
  TickOp *tick = (TickOp *) op;
  gint64 now = sn_hub_now (self);

  for (guint i = 0; i < tick->ids->len; i++)
    {
      const SnTicket *t = sn_hub_lookup_ticket (self, op, tick->ids->pdata[i]);
      StallSet *old;
      StallSet fresh = { 0 };

      if (t == NULL)
        continue;
      old = g_hash_table_lookup (self->stalls, t->service_request_id);
      fresh.n = sn_stall_evaluate (t, self->calendar, &self->rules, now, fresh.stalls, NULL);
      if (old != NULL && stall_sets_equal (old, &fresh))
        {
          update_stall_state (self, t, now); /* re-arm only */
          continue;
        }
      /* The reasons changed with no event arriving: store and announce, version unchanged. */
      if (!sn_hub_write_ticket (self, op, sn_hub_stage_ticket (self, op, t->service_request_id),
                                error))
        return FALSE;
    }
  return sn_hub_emit_call_center (self, op, tick->queues, tick->agents, error);
}

static void
tick_finish (SnHub *self, SnHubOp *op, const GError *error)
{
  if (error != NULL)
    g_warning ("Could not record the passing of time: %s", error->message);
}

static void
tick_free (SnHubOp *op)
{
  TickOp *tick = (TickOp *) op;

  g_ptr_array_unref (tick->ids);
  g_ptr_array_unref (tick->queues);
  g_ptr_array_unref (tick->agents);
  sn_hub_op_clear (op);
  g_free (tick);
}

/* A consoles that connects sees the last two hours, not only what came after it. */
static void
sample_minutes (SnHub *self, gint64 now)
{
  g_autoptr (GPtrArray) queues = sn_call_center_list_queues (self->calls);
  gint64 minute = now - now % 60;
  guint slot = (guint) ((minute / 60) % RECENT_MINUTES);

  for (guint i = 0; i < queues->len; i++)
    {
      const char *name = queues->pdata[i];
      QueueMinutes *m = g_hash_table_lookup (self->recent, name);
      if (m == NULL)
        {
          m = g_new0 (QueueMinutes, 1);
          g_hash_table_insert (self->recent, g_strdup (name), m);
        }
      m->minute[slot] = minute;
      m->waiting[slot] = sn_call_center_get_waiting (self->calls, name);
      m->available[slot] = sn_call_center_get_available (self->calls, name);
    }
}

char *
sn_hub_recent_minutes (SnHub *self, const char *queue)
{
  QueueMinutes *m = g_hash_table_lookup (self->recent, queue);
  gint64 now = sn_hub_now (self), end = now - now % 60;
  GString *s;

  if (m == NULL)
    return NULL;
  s = g_string_new ("[");
  for (gint64 minute = end - (RECENT_MINUTES - 1) * 60; minute <= end; minute += 60)
    {
      guint slot = (guint) ((minute / 60) % RECENT_MINUTES);

      if (m->minute[slot] != minute)
        continue;
      g_string_append_printf (s, "%s[%" G_GINT64_FORMAT ",%u,%u]", s->len > 1 ? "," : "", minute,
                              m->waiting[slot], m->available[slot]);
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static gboolean
tick_cb (gpointer user_data)
{
  SnHub *self = user_data;
  gint64 now = sn_hub_now (self);
  TickOp *tick = g_new0 (TickOp, 1);

  sn_hub_op_init (&tick->op);
  tick->op.apply = tick_apply;
  tick->op.finish = tick_finish;
  tick->op.free = tick_free;
  tick->ids = g_ptr_array_new_with_free_func (g_free);
  tick->queues = g_ptr_array_new_with_free_func (g_free);
  tick->agents = g_ptr_array_new_with_free_func (g_free);
  while (g_sequence_get_length (self->stall_timers) > 0)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (self->stall_timers);
      StallTimer *timer = g_sequence_get (first);

      if (timer->due > now)
        break;
      g_ptr_array_add (tick->ids, g_strdup (timer->id));
      g_hash_table_remove (self->stall_timer_by_id, timer->id);
      g_sequence_remove (first);
    }
  if (sn_call_center_next_tick (self->calls) <= now)
    sn_call_center_tick (self->calls, now, tick->queues, tick->agents);
  sample_minutes (self, now);
  maybe_checkpoint (self, now);
  if (tick->ids->len == 0 && tick->queues->len == 0 && tick->agents->len == 0)
    tick_free (&tick->op);
  else
    sn_hub_submit (self, &tick->op);
  return G_SOURCE_CONTINUE;
}

static gboolean
prune_cb (gpointer user_data)
{
  SnHub *self = user_data;
  gint64 now = sn_hub_now (self);
  g_autoptr (GError) error = NULL;

  if (!sn_store_prune (self->store, now - self->options.event_retention_seconds,
                       now - self->options.command_retention_seconds, &error))
    g_warning ("Could not prune the event log: %s", error->message);
  return G_SOURCE_CONTINUE;
}

/* ── loading ───────────────────────────────────────────────────────────────────── */

typedef struct
{
  SnHub *hub;
  GError *error;
  GPtrArray *changed;
} LoadData;

static gboolean
load_ticket_cb (const char *id, const char *json, gpointer user_data)
{
  LoadData *d = user_data;
  g_autoptr (JsonObject) obj = NULL;
  SnStall stalls[SN_N_STALL_REASONS];
  StallSet *set = g_new0 (StallSet, 1);
  SnTicket *t;

  obj = sn_json_parse_object (json, strlen (json), STORED_TICKET_MAX_BYTES, 64, &d->error);
  t = obj != NULL ? sn_ticket_from_json (obj, stalls, &set->n, NULL, &d->error) : NULL;
  if (t == NULL)
    {
      g_prefix_error (&d->error, _ ("Work order “%s” in the database is damaged: "), id);
      g_free (set);
      return FALSE;
    }
  memcpy (set->stalls, stalls, sizeof stalls);
  g_hash_table_insert (d->hub->stalls, g_strdup (id), set);
  g_tree_replace (d->hub->tickets, t->service_request_id, t);
  return TRUE;
}

static gboolean
replay_call_cb (gint64 id, const char *json, gpointer user_data)
{
  SnHub *self = user_data;
  g_autoptr (JsonObject)
      obj = sn_json_parse_object (json, strlen (json), G_MAXSIZE, SN_JSON_MAX_DEPTH, NULL);
  g_autoptr (SnCallEvent) event = obj ? sn_call_event_from_json (obj, NULL) : NULL;

  /* Journaled events were applied once already; one that fails now is skipped. */
  if (event != NULL)
    sn_call_center_apply (self->calls, event, NULL, NULL, NULL);
  self->call_journal_head = id;
  return TRUE;
}

/* The checkpointed state plus the journal after it: what was committed, exactly. */
void
sn_hub_reload_call_center (SnHub *self)
{
  g_autofree char *state = sn_store_get_state (self->store, CALL_CENTER_STATE_KEY, NULL);
  g_autofree char *head = sn_store_get_state (self->store, CALL_CENTER_JOURNAL_KEY, NULL);
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&self->calls, sn_call_center_free);
  self->calls = sn_call_center_new (self->calendar);
  if (state != NULL && !sn_call_center_load (self->calls, state, &error))
    g_warning ("The stored call-center state is damaged (%s); rebuilding from the journal",
               error->message);
  self->call_checkpoint_id = head != NULL ? g_ascii_strtoll (head, NULL, 10) : 0;
  self->call_journal_head = self->call_checkpoint_id;
  if (!sn_store_read_call_events (self->store, self->call_checkpoint_id, replay_call_cb, self,
                                  &error))
    g_warning ("Could not read the call journal: %s", error->message);
}

static gboolean
collect_ids (gpointer key, gpointer value, gpointer user_data)
{
  g_ptr_array_add (user_data, g_strdup (key));
  return FALSE;
}

static gboolean
load (SnHub *self, GError **error)
{
  LoadData d = { self, NULL, NULL };
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  if (!sn_store_load_tickets (self->store, load_ticket_cb, &d, error))
    return FALSE;
  if (d.error != NULL)
    {
      g_propagate_error (error, d.error);
      return FALSE;
    }
  sn_hub_reload_call_center (self);
  /* Time passed while the hub was down: arm every ticket's timer at once so the first
   * tick announces what changed meanwhile. */
  g_tree_foreach (self->tickets, collect_ids, ids);
  for (guint i = 0; i < ids->len; i++)
    {
      StallTimer *timer = g_new0 (StallTimer, 1);
      GSequenceIter *iter;

      timer->id = g_strdup (ids->pdata[i]);
      iter = g_sequence_append (self->stall_timers, timer);
      g_hash_table_insert (self->stall_timer_by_id, timer->id, iter);
    }
  return TRUE;
}

/* ── object ────────────────────────────────────────────────────────────────────── */

SnHub *
sn_hub_new (SnStore *store, const SnHubOptions *options, GError **error)
{
  g_autoptr (SnHub) self = g_object_new (SN_TYPE_HUB, NULL);

  g_return_val_if_fail (SN_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  self->options = *options;
  self->clock = options->clock ? sn_clock_ref (options->clock) : sn_clock_new_real ();
  self->options.clock = self->clock;
  self->name = g_strdup (options->name);
  self->options.name = self->name;
  self->options.tiles = NULL; /* the caller's strings; used only here */
  self->options.city = NULL;
  if (!sn_hub_map_load (self, options->tiles, options->city, error) || !load (self, error))
    return NULL;
  self->server = soup_server_new ("server-header", "shuniu-hub/" PACKAGE_VERSION, NULL);
  sn_hub_rest_register (self);
  sn_hub_ingest_register (self);
  sn_hub_tiles_register (self);
  sn_hub_districts_register (self);
  sn_hub_stream_register (self);
  self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
  self->prune_source = g_timeout_add_seconds (600, prune_cb, self);
  return g_steal_pointer (&self);
}

static gboolean
parse_address (const char *address, GInetAddress **out_addr, guint16 *out_port, GError **error)
{
  const char *colon = strrchr (address, ':');
  g_autofree char *host = NULL;
  guint64 port;

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LISTEN,
                   _ ("“%s” is not HOST:PORT (for example 127.0.0.1:8345)"), address);
      return FALSE;
    }
  host = g_strndup (address, colon - address);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      memmove (host, host + 1, strlen (host));
      host[strlen (host) - 1] = '\0';
    }
  if (g_str_equal (host, "localhost"))
    *out_addr = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else if (g_str_equal (host, "*") || *host == '\0')
    *out_addr = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  else
    *out_addr = g_inet_address_new_from_string (host);
  if (*out_addr == NULL)
    {
      g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LISTEN, _ ("“%s” is not an IP address"), host);
      return FALSE;
    }
  *out_port = (guint16) port;
  return TRUE;
}

gboolean
sn_hub_listen (SnHub *self, const char *address, GTlsCertificate *certificate, GError **error)
{
  g_autoptr (GInetAddress) addr = NULL;
  g_autoptr (GSocketAddress) sockaddr = NULL;
  guint16 port;
  GSList *uris;
  SoupServerListenOptions flags = 0;

  g_return_val_if_fail (SN_IS_HUB (self), FALSE);

  if (!parse_address (address, &addr, &port, error))
    return FALSE;
  if (certificate != NULL)
    {
      soup_server_set_tls_certificate (self->server, certificate);
      flags |= SOUP_SERVER_LISTEN_HTTPS;
    }
  sockaddr = g_inet_socket_address_new (addr, port);
  if (!soup_server_listen (self->server, sockaddr, flags, error))
    return FALSE;
  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    {
      g_free (self->url);
      self->url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
      if (g_str_has_suffix (self->url, "/"))
        self->url[strlen (self->url) - 1] = '\0';
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

const char *
sn_hub_get_url (SnHub *self)
{
  g_return_val_if_fail (SN_IS_HUB (self), NULL);
  return self->url;
}

void
sn_hub_shutdown (SnHub *self)
{
  g_return_if_fail (SN_IS_HUB (self));

  /* Finish what was accepted, then say goodbye. */
  if (self->flush_source != 0)
    {
      g_source_remove (self->flush_source);
      flush_cb (self);
    }
  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_handle_id (&self->prune_source, g_source_remove);
  g_clear_handle_id (&self->heartbeat_source, g_source_remove);
  sn_hub_stream_close_all (self);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
}

static void
sn_hub_dispose (GObject *object)
{
  SnHub *self = SN_HUB (object);

  sn_hub_shutdown (self);
  g_clear_object (&self->server);
  G_OBJECT_CLASS (sn_hub_parent_class)->dispose (object);
}

static void
sn_hub_finalize (GObject *object)
{
  SnHub *self = SN_HUB (object);

  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_clear_pointer (&self->tickets, g_tree_unref);
  g_clear_pointer (&self->stalls, g_hash_table_unref);
  g_clear_pointer (&self->stall_timer_by_id, g_hash_table_unref);
  g_clear_pointer (&self->stall_timers, g_sequence_free);
  g_clear_pointer (&self->batch, g_hash_table_unref);
  g_clear_pointer (&self->pending_command_ids, g_hash_table_unref);
  g_clear_pointer (&self->calls, sn_call_center_free);
  g_clear_pointer (&self->tiles, sn_mbtiles_free);
  g_clear_pointer (&self->districts, sn_hub_districts_free);
  g_clear_pointer (&self->recent, g_hash_table_unref);
  g_clear_pointer (&self->calendar, sn_calendar_unref);
  g_clear_pointer (&self->clock, sn_clock_unref);
  g_clear_object (&self->store);
  g_free (self->name);
  g_free (self->url);
  G_OBJECT_CLASS (sn_hub_parent_class)->finalize (object);
}

static void
sn_hub_class_init (SnHubClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sn_hub_dispose;
  object_class->finalize = sn_hub_finalize;
}

static void
sn_hub_init (SnHub *self)
{
  self->calendar = sn_calendar_new_default ();
  sn_sla_rules_init (&self->rules);
  self->tickets = g_tree_new_full (compare_ids, NULL, NULL, (GDestroyNotify) sn_ticket_free);
  self->stalls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->stall_timers = g_sequence_new ((GDestroyNotify) stall_timer_free);
  self->stall_timer_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->batch = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) sn_ticket_free);
  self->pending_command_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) sn_hub_client_free);
  self->recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_queue_init (&self->pending);
}
