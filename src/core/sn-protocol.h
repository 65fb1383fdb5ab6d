/* sn-protocol.h — the messages of the hub protocol (see data/protocol/README.md)
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sn-json.h"
#include "sn-ticket.h"

G_BEGIN_DECLS

typedef enum {
  SN_MESSAGE_HELLO, /* console → hub */
  SN_MESSAGE_COMMAND, /* console → hub */
  SN_MESSAGE_PING, /* both ways */
  SN_MESSAGE_PONG, /* both ways */
  SN_MESSAGE_WELCOME, /* hub → console */
  SN_MESSAGE_SNAPSHOT, /* hub → console */
  SN_MESSAGE_EVENT, /* hub → console */
  SN_MESSAGE_ACK, /* hub → console */
  SN_MESSAGE_ERROR, /* hub → console */
  SN_N_MESSAGE_TYPES
} SnMessageType;

const char *sn_message_type_to_string (SnMessageType type);
gboolean sn_message_type_from_string (const char *s, SnMessageType *out);

/* Parses a frame within the limits and returns its object and type; an unknown "type" is
 * UNKNOWN_TYPE. */
JsonObject *sn_message_parse (const char *text, gsize length, SnMessageType *type, GError **error);

/* The supervisor's levers. */
typedef enum {
  SN_ACTION_REASSIGN, /* 转派/改派: replace the units */
  SN_ACTION_ADD_UNIT, /* 加派: add units */
  SN_ACTION_ESCALATE, /* one tier up: 催办 → 督办 → 通报 */
  SN_ACTION_EXTEND, /* approve an extension (延期) to a new deadline */
  SN_ACTION_NOTE, /* a note in the history */
  SN_N_ACTIONS
} SnAction;

const char *sn_action_to_string (SnAction action);
gboolean sn_action_from_string (const char *s, SnAction *out);

#define SN_COMMAND_ID_MAX 64
#define SN_REASON_MAX 2000

typedef struct
{
  char *id; /* client-made unique id (a UUID) */
  char *ticket; /* service_request_id */
  SnAction action;
  gint64 expected_version;
  char *reason;
  char **units; /* reassign, add_unit */
  gint64 due; /* escalate (督办 due date), 0 when none */
  gint64 deadline; /* extend */
} SnCommand;

void sn_command_free (SnCommand *command);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnCommand, sn_command_free)

/* Reads and validates a command. @with_envelope: TRUE for the stream message (which carries
 * "id", "ticket" and "expected_version"), FALSE for the REST body where those come from the
 * URL and the Idempotency-Key and If-Match headers and are filled in by the caller. */
SnCommand *sn_command_from_json (JsonObject *obj, gboolean with_envelope, GError **error);
void sn_command_to_json (const SnCommand *command, JsonBuilder *builder);

/* Hello: optional resume point. */
typedef struct
{
  gboolean resume;
  char *epoch;
  gint64 after;
} SnHello;

gboolean sn_hello_from_json (JsonObject *obj, SnHello *hello, GError **error);
void sn_hello_clear (SnHello *hello);

/* {"type":"error","code":…,"message":…,"ref":…} */
char *sn_message_error_new (const GError *error, const char *ref, gsize *length);
/* {"type":"ack","id":…,"ok":true,"ticket_version":V} or ok:false with error {code,message} */
char *sn_message_ack_new (const char *id, gboolean ok, gint64 ticket_version,
                          const char *error_code, const char *error_message, gsize *length);

G_END_DECLS
