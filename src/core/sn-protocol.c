/* sn-protocol.c — the messages of the hub protocol
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sn-protocol.h"

static const char *const message_names[SN_N_MESSAGE_TYPES] = {
  "hello", "command", "ping", "pong", "welcome", "snapshot", "event", "ack", "error",
};

static const char *const action_names[SN_N_ACTIONS] = {
  "reassign", "add_unit", "escalate", "extend", "note",
};

const char *
sn_message_type_to_string (SnMessageType type)
{
  g_return_val_if_fail (type < SN_N_MESSAGE_TYPES, NULL);
  return message_names[type];
}

gboolean
sn_message_type_from_string (const char *s, SnMessageType *out)
{
  int v;

  if (!sn_lookup_name (message_names, SN_N_MESSAGE_TYPES, s, &v))
    return FALSE;
  *out = (SnMessageType) v;
  return TRUE;
}

const char *
sn_action_to_string (SnAction action)
{
  g_return_val_if_fail (action < SN_N_ACTIONS, NULL);
  return action_names[action];
}

gboolean
sn_action_from_string (const char *s, SnAction *out)
{
  int v;

  if (!sn_lookup_name (action_names, SN_N_ACTIONS, s, &v))
    return FALSE;
  *out = (SnAction) v;
  return TRUE;
}

JsonObject *
sn_message_parse (const char *text, gsize length, SnMessageType *type, GError **error)
{
  g_autoptr (JsonObject) obj = NULL;
  const char *name;

  obj = sn_json_parse_object (text, length, SN_JSON_MAX_MESSAGE_BYTES, SN_JSON_MAX_DEPTH, error);
  if (obj == NULL)
    return NULL;
  if (!sn_json_get_string (obj, "type", TRUE, &name, error))
    return NULL;
  if (!sn_message_type_from_string (name, type))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_UNKNOWN_TYPE,
                   _ ("Unknown message type “%s”"), name);
      return NULL;
    }
  return g_steal_pointer (&obj);
}

void
sn_command_free (SnCommand *command)
{
  if (command == NULL)
    return;
  g_free (command->id);
  g_free (command->ticket);
  g_free (command->reason);
  g_strfreev (command->units);
  g_free (command);
}

static gboolean
is_blank (const char *s)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static gboolean
invalid (GError **error, const char *message)
{
  g_set_error_literal (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
read_envelope (JsonObject *obj, SnCommand *c, GError **error)
{
  const char *id, *ticket;

  if (!sn_json_get_string (obj, "id", TRUE, &id, error)
      || !sn_json_get_string (obj, "ticket", TRUE, &ticket, error)
      || !sn_json_get_int (obj, "expected_version", TRUE, &c->expected_version, error))
    return FALSE;
  if (*id == '\0' || strlen (id) > SN_COMMAND_ID_MAX)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” must be 1 to %d characters"), "id", SN_COMMAND_ID_MAX);
      return FALSE;
    }
  if (*ticket == '\0')
    return invalid (error, _ ("The command names no work order"));
  c->id = g_strdup (id);
  c->ticket = g_strdup (ticket);
  return TRUE;
}

static gboolean
read_action_fields (JsonObject *obj, SnCommand *c, GError **error)
{
  g_autoptr (GError) e = NULL;

  switch (c->action)
    {
      case SN_ACTION_REASSIGN:
      case SN_ACTION_ADD_UNIT:
        if (!sn_json_get_strv (obj, "units", TRUE, &c->units, error))
          return FALSE;
        if (c->units[0] == NULL)
          return invalid (error, _ ("The command names no unit"));
        return TRUE;
      case SN_ACTION_EXTEND:
        return sn_json_get_time (obj, "deadline", TRUE, &c->deadline, error);
      case SN_ACTION_ESCALATE:
        if (!sn_json_get_time (obj, "due", FALSE, &c->due, &e) && e != NULL)
          {
            g_propagate_error (error, g_steal_pointer (&e));
            return FALSE;
          }
        return TRUE;
      case SN_ACTION_NOTE:
      case SN_N_ACTIONS:
      default:
        return TRUE;
    }
}

SnCommand *
sn_command_from_json (JsonObject *obj, gboolean with_envelope, GError **error)
{
  g_autoptr (SnCommand) c = g_new0 (SnCommand, 1);
  const char *action, *reason;

  g_return_val_if_fail (obj != NULL, NULL);

  if (with_envelope && !read_envelope (obj, c, error))
    return NULL;
  if (!sn_json_get_string (obj, "action", TRUE, &action, error))
    return NULL;
  if (!sn_action_from_string (action, &c->action))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” has an unknown value “%s”"), "action", action);
      return NULL;
    }
  if (!sn_json_get_string (obj, "reason", TRUE, &reason, error))
    return NULL;
  if (is_blank (reason) || g_utf8_strlen (reason, -1) > SN_REASON_MAX)
    {
      /* Every supervisor action carries a reason for the audit log. */
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID,
                   _ ("A reason of 1 to %d characters is required"), SN_REASON_MAX);
      return NULL;
    }
  c->reason = g_strdup (reason);
  if (!read_action_fields (obj, c, error))
    return NULL;
  return g_steal_pointer (&c);
}

void
sn_command_to_json (const SnCommand *c, JsonBuilder *b)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "command");
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, c->id);
  json_builder_set_member_name (b, "ticket");
  json_builder_add_string_value (b, c->ticket);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, sn_action_to_string (c->action));
  json_builder_set_member_name (b, "expected_version");
  json_builder_add_int_value (b, c->expected_version);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, c->reason);
  if (c->units != NULL)
    {
      json_builder_set_member_name (b, "units");
      json_builder_begin_array (b);
      for (guint i = 0; c->units[i] != NULL; i++)
        json_builder_add_string_value (b, c->units[i]);
      json_builder_end_array (b);
    }
  if (c->due != 0)
    sn_json_builder_add_time (b, "due", c->due);
  if (c->deadline != 0)
    sn_json_builder_add_time (b, "deadline", c->deadline);
  json_builder_end_object (b);
}

gboolean
sn_hello_from_json (JsonObject *obj, SnHello *hello, GError **error)
{
  JsonObject *resume = NULL;
  const char *epoch;
  g_autoptr (GError) e = NULL;

  memset (hello, 0, sizeof *hello);
  if (!sn_json_get_object (obj, "resume", FALSE, &resume, &e))
    {
      if (e == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&e));
      return FALSE;
    }
  if (!sn_json_get_string (resume, "epoch", TRUE, &epoch, error)
      || !sn_json_get_int (resume, "after", TRUE, &hello->after, error))
    return FALSE;
  if (hello->after < 0)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” must not be negative"), "after");
      return FALSE;
    }
  hello->resume = TRUE;
  hello->epoch = g_strdup (epoch);
  return TRUE;
}

void
sn_hello_clear (SnHello *hello)
{
  g_clear_pointer (&hello->epoch, g_free);
}

static void
add_error_object (JsonBuilder *b, const char *code, const char *message)
{
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
}

char *
sn_message_error_new (const GError *error, const char *ref, gsize *length)
{
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  const char *code = "internal";

  if (error->domain == SN_PROTOCOL_ERROR)
    code = sn_protocol_error_to_code (error->code);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "error");
  add_error_object (b, code, error->message);
  if (ref != NULL)
    {
      json_builder_set_member_name (b, "ref");
      json_builder_add_string_value (b, ref);
    }
  json_builder_end_object (b);
  return sn_json_builder_to_string (b, length);
}

char *
sn_message_ack_new (const char *id, gboolean ok, gint64 ticket_version, const char *error_code,
                    const char *error_message, gsize *length)
{
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "ack");
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, ok);
  json_builder_set_member_name (b, "ticket_version");
  json_builder_add_int_value (b, ticket_version);
  if (!ok)
    {
      json_builder_set_member_name (b, "error");
      json_builder_begin_object (b);
      add_error_object (b, error_code, error_message);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  return sn_json_builder_to_string (b, length);
}
