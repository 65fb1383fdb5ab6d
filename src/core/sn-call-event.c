/* sn-call-event.c — call-center events read from JSON, as posted to /v1/ingest/calls, and
 * the names of their verbs
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sn-call-center-private.h"
#include "sn-json.h"

#define MAX_ID_LENGTH 256
/* Larger durations are garbage, and would overflow the totals. */
#define MAX_DURATION (366 * 24 * 3600)

static const char *const verb_names[SN_N_CALL_VERBS] = {
  "ENTERQUEUE",      "CONNECT",    "COMPLETECALLER", "COMPLETEAGENT", "ABANDON",
  "EXITWITHTIMEOUT", "AGENTLOGIN", "AGENTLOGOFF",    "PAUSE",         "UNPAUSE",
};

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
               _ ("Field “%s” must be a number of seconds"), name);
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
                   _ ("Field “%s” must be a string of at most %d bytes"), "reason", MAX_ID_LENGTH);
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
         && parse_seconds (json_object_get_member (o, "calltime"), "calltime", &ev->calltime, error)
         && parse_seconds (json_object_get_member (o, "waittime"), "waittime", &ev->waittime, error)
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
               _ ("Field “%s” must be an array or an object"), "data");
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
                     _ ("Field “%s” is missing"), name);
      return !required;
    }
  if (strlen (s) > MAX_ID_LENGTH)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” must be a string of at most %d bytes"), name, MAX_ID_LENGTH);
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
                   _ ("Field “%s” must be a time after 1970 and before 10000"), "time");
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
                   _ ("Unknown call-center event “%s”"), verb);
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
