/* sn-call-center-save.c — the whole call-center state as JSON text for persistence, and
 * back; text that is not a valid state leaves the state as it was
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sn-call-center-private.h"
#include "sn-json.h"

#define SAVE_VERSION 1

/* ── saving ────────────────────────────────────────────────────────────────────── */

static void
save_queue (JsonBuilder *b, gconstpointer item)
{
  const Queue *q = item;

  json_builder_begin_object (b);
  sn_call_center_add_string (b, "queue", q->name);
  json_builder_set_member_name (b, "today");
  json_builder_begin_object (b);
  sn_call_center_add_counter_members (b, &q->today);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "intervals");
  json_builder_begin_array (b);
  for (guint i = 0; i < MAX_INTERVALS; i++)
    {
      if (sn_call_center_counters_empty (&q->intervals[i]))
        continue;
      json_builder_begin_object (b);
      sn_call_center_add_int (b, "index", i);
      sn_call_center_add_counter_members (b, &q->intervals[i]);
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
  sn_call_center_add_string (b, "agent", a->id);
  sn_call_center_add_string (b, "state", sn_agent_state_to_string (a->state));
  sn_call_center_add_int (b, "since", a->since);
  if (a->pause_reason != NULL)
    sn_call_center_add_string (b, "pause_reason", a->pause_reason);
  sn_call_center_add_queue_names (b, a->queues);
  if (a->callid != NULL)
    sn_call_center_add_string (b, "callid", a->callid);
  if (a->wrapup_iter != NULL)
    sn_call_center_add_int (b, "wrapup_until", a->wrapup_until);
  json_builder_end_object (b);
}

static void
save_call (JsonBuilder *b, gconstpointer item)
{
  const Call *call = item;

  json_builder_begin_object (b);
  sn_call_center_add_string (b, "callid", call->callid);
  sn_call_center_add_string (b, "queue", call->queue->name);
  sn_call_center_add_int (b, "entered", call->entered);
  if (call->waiting_iter == NULL)
    {
      sn_call_center_add_int (b, "connected", call->connected);
      if (call->agent != NULL)
        sn_call_center_add_string (b, "agent", call->agent->id);
    }
  json_builder_end_object (b);
}

/* Writes every entry of @table, in key order so that equal states save equal text. */
static void
save_table (JsonBuilder *b, const char *name, GHashTable *table,
            void (*save_one) (JsonBuilder *b, gconstpointer item))
{
  g_autoptr (GPtrArray) keys = sn_call_center_sorted_keys (table);

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
  sn_call_center_add_int (b, "version", SAVE_VERSION);
  json_builder_set_member_name (b, "day_start");
  if (st->has_day)
    json_builder_add_int_value (b, st->day_start);
  else
    json_builder_add_null_value (b);
  sn_call_center_add_int (b, "now", st->now);
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
               _ ("The saved call-center state is damaged: %s"), what);
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
            gboolean (*load_one) (JsonObject *item, gpointer data, GError **error), GError **error)
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
  q = sn_call_center_ensure_queue (st, name);
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
      || (!sn_json_get_int (o, "wrapup_until", a->state == SN_AGENT_WRAPUP, &a->wrapup_until, error)
          && *error != NULL))
    return FALSE;
  a->pause_reason = a->state == SN_AGENT_PAUSED ? g_strdup (reason) : NULL;
  a->callid = g_strdup (callid);
  for (guint i = 0; queues[i] != NULL; i++)
    sn_call_center_join_queue (a, sn_call_center_ensure_queue (st, queues[i]));
  if (a->state == SN_AGENT_WRAPUP)
    a->wrapup_iter = g_sequence_insert_sorted (st->wrapups, a, sn_call_center_compare_wrapups,
                                               NULL);
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
  a = sn_call_center_ensure_agent (st, id, 0, &created);
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
  call = sn_call_center_add_call (st, sn_call_center_ensure_queue (st, queue), callid, entered);
  call->connected = connected;
  call->agent = agent != NULL ? g_hash_table_lookup (st->agents, agent) : NULL;
  if (!json_object_has_member (o, "connected"))
    sn_call_center_start_waiting (st, call);
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
                   _ ("The saved call-center state is not a JSON object"));
      return FALSE;
    }
  st = sn_call_center_state_new ();
  if (!load_state (self, st, json_node_get_object (root), &local_error))
    {
      sn_call_center_state_free (st);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  sn_call_center_state_free (self->state);
  self->state = st;
  return TRUE;
}
