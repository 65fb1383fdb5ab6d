/* sn-hub-stream.c — /v1/stream: consoles connect, resume or take a snapshot, receive
 * events live and send commands
 *
 * A connection goes WAIT_HELLO → (SNAPSHOT →) REPLAYING → LIVE. Snapshot parts and replayed
 * events are sent by an idle pump a slice at a time; live events are broadcast from the
 * write pipeline only to LIVE clients, which have seen every earlier event.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "sn-hub-private.h"

#define SNAPSHOT_PART_BYTES (48 * 1024)
#define REPLAY_SLICE 500
#define PRINCIPAL_KEY "sn-principal"

typedef enum {
  CLIENT_WAIT_HELLO,
  CLIENT_SNAPSHOT,
  CLIENT_REPLAYING,
  CLIENT_LIVE,
  CLIENT_CLOSED,
} ClientState;

typedef enum {
  SNAPSHOT_TICKETS,
  SNAPSHOT_QUEUES,
  SNAPSHOT_AGENTS,
  SNAPSHOT_DONE,
} SnapshotStage;

struct _SnHubClient
{
  grefcount ref;
  SnHub *hub;
  SoupWebsocketConnection *conn;
  GSocket *socket; /* for TCP_CORK; NULL when not TCP */
  gboolean corked;
  SnPrincipal *who;
  char *origin;
  ClientState state;
  gint64 sent_seq;
  gint64 last_heard; /* monotonic µs */
  double tokens; /* command rate limit bucket */
  gint64 tokens_at;
  guint pump_source;

  /* snapshot in progress */
  SnapshotStage stage;
  char *cursor; /* last ticket id sent */
  guint part;
  const char *reason;
  GPtrArray *names; /* queue or agent names being sent */
  guint name_index;
};

static gboolean pump_cb (gpointer user_data);

static SnHubClient *
client_ref (SnHubClient *client)
{
  g_ref_count_inc (&client->ref);
  return client;
}

static void
client_unref (SnHubClient *client)
{
  if (!g_ref_count_dec (&client->ref))
    return;
  g_clear_handle_id (&client->pump_source, g_source_remove);
  g_signal_handlers_disconnect_by_data (client->conn, client);
  g_clear_object (&client->conn);
  g_clear_object (&client->socket);
  sn_principal_free (client->who);
  g_free (client->origin);
  g_free (client->cursor);
  g_clear_pointer (&client->names, g_ptr_array_unref);
  g_free (client);
}

void
sn_hub_client_free (SnHubClient *client)
{
  client->state = CLIENT_CLOSED;
  g_clear_handle_id (&client->pump_source, g_source_remove);
  client_unref (client);
}

static void
set_cork (SnHubClient *client, gboolean on)
{
#ifdef TCP_CORK
  g_autoptr (GError) error = NULL;

  if (!g_socket_set_option (client->socket, IPPROTO_TCP, TCP_CORK, on, &error))
    {
      /* The messages still go out, only in more segments. */
      g_debug ("TCP_CORK: %s", error->message);
      g_clear_object (&client->socket);
    }
  client->corked = on && client->socket != NULL;
#else
  g_clear_object (&client->socket); /* Linux only */
  client->corked = FALSE;
#endif
}

/* Inside a flush, holds what is sent to @client until sn_hub_stream_uncork (). */
static void
cork (SnHubClient *client)
{
  if (client->hub->corking && !client->corked && client->socket != NULL)
    set_cork (client, TRUE);
}

static void
send_text (SnHubClient *client, const char *text)
{
  if (client->state != CLIENT_CLOSED
      && soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      cork (client);
      soup_websocket_connection_send_text (client->conn, text);
    }
}

static void
send_error (SnHubClient *client, const GError *error, const char *ref)
{
  g_autofree char *text = sn_message_error_new (error, ref, NULL);

  send_text (client, text);
}

static void
schedule_pump (SnHubClient *client)
{
  if (client->pump_source == 0)
    /* Not an idle priority: a busy hub (a fast feed) would starve the snapshot. */
    client->pump_source = g_idle_add_full (G_PRIORITY_DEFAULT, pump_cb, client_ref (client),
                                           (GDestroyNotify) client_unref);
}

/* ── welcome, snapshot and replay ──────────────────────────────────────────────── */

static void
send_welcome (SnHubClient *client)
{
  SnHub *hub = client->hub;
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "welcome");
  json_builder_set_member_name (b, "epoch");
  json_builder_add_string_value (b, sn_store_get_epoch (hub->store));
  json_builder_set_member_name (b, "head");
  json_builder_add_int_value (b, sn_store_get_head_seq (hub->store));
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, sn_role_to_string (client->who->role));
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, client->who->name);
  json_builder_set_member_name (b, "scope");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "districts");
  if (client->who->role == SN_ROLE_OFFICIAL)
    {
      json_builder_begin_array (b);
      for (guint i = 0; client->who->districts && client->who->districts[i]; i++)
        json_builder_add_string_value (b, client->who->districts[i]);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "hub");
  json_builder_add_string_value (b, hub->name);
  sn_json_builder_add_time (b, "time", sn_hub_now (hub));
  json_builder_set_member_name (b, "heartbeat");
  json_builder_add_int_value (b, hub->options.heartbeat_seconds);
  json_builder_end_object (b);
  text = sn_json_builder_to_string (b, NULL);
  send_text (client, text);
}

typedef struct
{
  SnHubClient *client;
  GString *part;
  guint count;
  const char *last_id;
} TicketChunk;

static gboolean
add_ticket_cb (gpointer key, gpointer value, gpointer user_data)
{
  TicketChunk *chunk = user_data;
  SnTicket *t = value;
  g_autoptr (JsonBuilder) b = NULL;
  g_autofree char *text = NULL;

  if (chunk->client->cursor != NULL && strcmp (key, chunk->client->cursor) <= 0)
    return FALSE;
  chunk->last_id = key;
  if (!sn_principal_can_see (chunk->client->who, t->district))
    return chunk->part->len >= SNAPSHOT_PART_BYTES;
  b = json_builder_new_immutable ();
  sn_hub_ticket_to_json (chunk->client->hub, t, FALSE, b);
  text = sn_json_builder_to_string (b, NULL);
  if (chunk->count++ > 0)
    g_string_append_c (chunk->part, ',');
  g_string_append (chunk->part, text);
  return chunk->part->len >= SNAPSHOT_PART_BYTES;
}

static void
snapshot_header (SnHubClient *client, GString *s, const char *array)
{
  g_string_append_printf (s,
                          "{\"type\":\"snapshot\",\"epoch\":\"%s\",\"head\":%" G_GINT64_FORMAT
                          ",\"reason\":\"%s\",\"part\":%u,\"%s\":[",
                          sn_store_get_epoch (client->hub->store), client->sent_seq, client->reason,
                          client->part++, array);
}

/* One part of tickets after the cursor; returns FALSE when all were sent. */
static gboolean
snapshot_tickets (SnHubClient *client, GString *s)
{
  TicketChunk chunk = { client, s, 0, NULL };
  GTreeNode *node;

  snapshot_header (client, s, "tickets");
  node = client->cursor ? g_tree_upper_bound (client->hub->tickets, client->cursor)
                        : g_tree_node_first (client->hub->tickets);
  for (; node != NULL; node = g_tree_node_next (node))
    if (add_ticket_cb (g_tree_node_key (node), g_tree_node_value (node), &chunk))
      break;
  g_string_append (s, "]");
  if (chunk.last_id != NULL)
    {
      g_free (client->cursor);
      client->cursor = g_strdup (chunk.last_id);
    }
  return node != NULL && g_tree_node_next (node) != NULL;
}

static void
snapshot_names (SnHubClient *client, GString *s, gboolean agents)
{
  SnCallCenter *calls = client->hub->calls;
  g_autoptr (JsonBuilder) b = NULL;
  guint count = 0;

  snapshot_header (client, s, agents ? "agents" : "queues");
  while (client->name_index < client->names->len && s->len < SNAPSHOT_PART_BYTES)
    {
      g_autofree char *text = NULL;
      const char *name = client->names->pdata[client->name_index++];

      b = json_builder_new_immutable ();
      if (agents)
        sn_call_center_agent_to_json (calls, name, b);
      else
        sn_call_center_queue_to_json (calls, name, TRUE, b);
      text = sn_json_builder_to_string (b, NULL);
      g_clear_object (&b);
      if (count++ > 0)
        g_string_append_c (s, ',');
      g_string_append (s, text);
      if (!agents)
        {
          g_autofree char *recent = sn_hub_recent_minutes (client->hub, name);

          /* The queue object gains "recent": its last two hours, per minute. */
          if (recent != NULL && s->len > 0 && s->str[s->len - 1] == '}')
            {
              g_string_truncate (s, s->len - 1);
              g_string_append_printf (s, ",\"recent\":%s}", recent);
            }
        }
    }
  g_string_append (s, "]");
}

static void
next_stage (SnHubClient *client)
{
  SnCallCenter *calls = client->hub->calls;

  client->stage++;
  client->name_index = 0;
  g_clear_pointer (&client->names, g_ptr_array_unref);
  /* Officials see nothing center-wide: no queues, no agents. */
  if (!sn_principal_can_see (client->who, NULL))
    client->stage = SNAPSHOT_DONE;
  else if (client->stage == SNAPSHOT_QUEUES)
    client->names = sn_call_center_list_queues (calls);
  else if (client->stage == SNAPSHOT_AGENTS)
    client->names = sn_call_center_list_agents (calls);
}

static void
snapshot_step (SnHubClient *client)
{
  g_autoptr (GString) s = g_string_new (NULL);
  gboolean more = TRUE;

  if (client->stage == SNAPSHOT_TICKETS)
    {
      if (!snapshot_tickets (client, s))
        next_stage (client);
    }
  else
    {
      snapshot_names (client, s, client->stage == SNAPSHOT_AGENTS);
      if (client->name_index >= client->names->len)
        next_stage (client);
    }
  if (client->stage == SNAPSHOT_QUEUES && client->names->len == 0)
    next_stage (client);
  if (client->stage == SNAPSHOT_AGENTS && client->names->len == 0)
    next_stage (client);
  more = client->stage != SNAPSHOT_DONE;
  g_string_append_printf (s, ",\"last\":%s}", more ? "false" : "true");
  send_text (client, s->str);
  if (!more)
    client->state = CLIENT_REPLAYING;
}

static gboolean
replay_event_cb (gint64 seq, const char *district, const char *json, gpointer user_data)
{
  SnHubClient *client = user_data;

  if (sn_principal_can_see (client->who, district))
    send_text (client, json);
  client->sent_seq = seq;
  return TRUE;
}

static void
replay_step (SnHubClient *client)
{
  SnHub *hub = client->hub;
  g_autoptr (GError) error = NULL;
  gint64 before = client->sent_seq;

  if (!sn_store_read_events (hub->store, client->sent_seq, REPLAY_SLICE, replay_event_cb, client,
                             &error))
    {
      send_error (client, error, NULL);
      soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, NULL);
      client->state = CLIENT_CLOSED;
      return;
    }
  if (client->sent_seq >= sn_store_get_head_seq (hub->store) || client->sent_seq == before)
    client->state = CLIENT_LIVE;
}

static gboolean
pump_cb (gpointer user_data)
{
  SnHubClient *client = user_data;

  if (client->state == CLIENT_SNAPSHOT)
    snapshot_step (client);
  else if (client->state == CLIENT_REPLAYING)
    replay_step (client);
  if (client->state == CLIENT_SNAPSHOT || client->state == CLIENT_REPLAYING)
    return G_SOURCE_CONTINUE;
  client->pump_source = 0;
  return G_SOURCE_REMOVE;
}

static void
start_snapshot (SnHubClient *client, const char *reason)
{
  client->state = CLIENT_SNAPSHOT;
  client->reason = reason;
  client->sent_seq = sn_store_get_head_seq (client->hub->store);
  client->stage = SNAPSHOT_TICKETS;
  client->part = 0;
  g_clear_pointer (&client->cursor, g_free);
  schedule_pump (client);
}

static void
handle_hello (SnHubClient *client, JsonObject *obj)
{
  SnStore *store = client->hub->store;
  SnHello hello;
  g_autoptr (GError) error = NULL;
  gint64 head = sn_store_get_head_seq (store);

  if (client->state != CLIENT_WAIT_HELLO)
    {
      g_set_error (&error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID,
                   _ ("“hello” was already received on this connection"));
      send_error (client, error, NULL);
      return;
    }
  if (!sn_hello_from_json (obj, &hello, &error))
    {
      send_error (client, error, NULL);
      return;
    }
  send_welcome (client);
  if (!hello.resume)
    start_snapshot (client, "no_resume");
  else if (g_strcmp0 (hello.epoch, sn_store_get_epoch (store)) != 0)
    start_snapshot (client, "epoch_changed");
  else if (hello.after > head)
    start_snapshot (client, "ahead");
  else if (hello.after < head && sn_store_get_oldest_seq (store) > hello.after + 1)
    start_snapshot (client, "too_old");
  else
    {
      client->state = CLIENT_REPLAYING;
      client->sent_seq = hello.after;
      schedule_pump (client);
    }
  sn_hello_clear (&hello);
}

/* ── commands ──────────────────────────────────────────────────────────────────── */

static gboolean
take_token (SnHubClient *client)
{
  SnHubOptions *o = &client->hub->options;
  gint64 now = g_get_monotonic_time ();

  client->tokens = MIN (o->command_burst,
                        client->tokens + o->command_rate * (now - client->tokens_at) / 1e6);
  client->tokens_at = now;
  if (client->tokens < 1)
    return FALSE;
  client->tokens -= 1;
  return TRUE;
}

static void
command_done (SnHub *hub, const char *ack, guint status, gpointer user_data)
{
  SnHubClient *client = user_data;

  send_text (client, ack);
  client_unref (client);
}

static void
handle_command (SnHubClient *client, JsonObject *obj)
{
  g_autoptr (GError) error = NULL;
  SnCommand *command;
  const char *id = NULL;

  sn_json_get_string (obj, "id", FALSE, &id, NULL);
  if (client->state == CLIENT_WAIT_HELLO)
    g_set_error (&error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID,
                 _ ("Send “hello” before commands"));
  else if (!take_token (client))
    g_set_error (&error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_RATE_LIMITED,
                 _ ("Too many commands; slow down and resend with the same id"));
  if (error == NULL && (command = sn_command_from_json (obj, TRUE, &error)) != NULL)
    {
      sn_hub_submit_command (client->hub, client->who, client->origin, command, command_done,
                             client_ref (client));
      return;
    }
  if (id != NULL)
    {
      g_autofree char *ack = sn_message_ack_new (
          id, FALSE, 0, sn_protocol_error_to_code (error->code), error->message, NULL);
      send_text (client, ack);
    }
  else
    send_error (client, error, NULL);
}

/* ── connection ────────────────────────────────────────────────────────────────── */

static void
on_message (SoupWebsocketConnection *conn, int type, GBytes *message, gpointer user_data)
{
  SnHubClient *client = user_data;
  g_autoptr (JsonObject) obj = NULL;
  g_autoptr (GError) error = NULL;
  SnMessageType message_type;
  gsize length;
  const char *text = g_bytes_get_data (message, &length);

  client->last_heard = g_get_monotonic_time ();
  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      g_set_error (&error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MALFORMED,
                   _ ("Binary messages are not part of the protocol"));
      send_error (client, error, NULL);
      return;
    }
  obj = sn_message_parse (text, length, &message_type, &error);
  if (obj == NULL)
    {
      send_error (client, error, NULL);
      return;
    }
  switch (message_type)
    {
      case SN_MESSAGE_HELLO:
        handle_hello (client, obj);
        break;
      case SN_MESSAGE_COMMAND:
        handle_command (client, obj);
        break;
      case SN_MESSAGE_PING:
        send_text (client, "{\"type\":\"pong\"}");
        break;
      case SN_MESSAGE_PONG:
        break;
      case SN_MESSAGE_WELCOME:
      case SN_MESSAGE_SNAPSHOT:
      case SN_MESSAGE_EVENT:
      case SN_MESSAGE_ACK:
      case SN_MESSAGE_ERROR:
      case SN_N_MESSAGE_TYPES:
      default:
        g_set_error (&error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_UNKNOWN_TYPE,
                     _ ("Consoles may not send “%s” messages"),
                     sn_message_type_to_string (message_type));
        send_error (client, error, NULL);
        break;
    }
}

static void
on_closed (SoupWebsocketConnection *conn, gpointer user_data)
{
  SnHubClient *client = user_data;

  client->state = CLIENT_CLOSED;
  g_ptr_array_remove (client->hub->clients, client);
}

static void
websocket_cb (SoupServer *server, SoupServerMessage *msg, const char *path,
              SoupWebsocketConnection *conn, gpointer user_data)
{
  SnHub *hub = user_data;
  SnHubClient *client = g_new0 (SnHubClient, 1);
  SnPrincipal *who = g_object_steal_data (G_OBJECT (msg), PRINCIPAL_KEY);
  GSocket *socket = soup_server_message_get_socket (msg);

  g_return_if_fail (who != NULL);
  g_ref_count_init (&client->ref);
  client->hub = hub;
  client->conn = g_object_ref (conn);
  if (socket != NULL && g_socket_get_socket_type (socket) == G_SOCKET_TYPE_STREAM
      && (g_socket_get_family (socket) == G_SOCKET_FAMILY_IPV4
          || g_socket_get_family (socket) == G_SOCKET_FAMILY_IPV6))
    client->socket = g_object_ref (socket);
  client->who = who;
  client->origin = sn_hub_describe_peer (msg, "ws");
  client->last_heard = g_get_monotonic_time ();
  client->tokens = hub->options.command_burst;
  client->tokens_at = client->last_heard;
  /* libsoup 3.2 has no limit on a message's total size across fragments; the payload
   * limit at least bounds each frame (see data/protocol/README.md, "Hardening"). */
  soup_websocket_connection_set_max_incoming_payload_size (conn, SN_JSON_MAX_MESSAGE_BYTES);
  g_signal_connect (conn, "message", G_CALLBACK (on_message), client);
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed), client);
  g_ptr_array_add (hub->clients, client);
}

/* Authentication happens before the upgrade, so a bad token never gets a WebSocket. */
static void
early_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
          gpointer user_data)
{
  SnHub *hub = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SnPrincipal *who;

  if (soup_message_headers_get_one (headers, "Origin") != NULL)
    {
      /* Consoles are native programs and send no Origin: a browser page is refused. */
      sn_hub_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                          _ ("Requests from web pages (with an Origin header) are refused"));
      return;
    }
  who = sn_hub_authenticate (hub, msg);
  if (who == NULL)
    return;
  if (!sn_principal_can_stream (who))
    {
      sn_hub_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                          _ ("This role may not open the stream"));
      sn_principal_free (who);
      return;
    }
  g_object_set_data_full (G_OBJECT (msg), PRINCIPAL_KEY, who, (GDestroyNotify) sn_principal_free);
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  SnHub *hub = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autofree char *ping = g_strdup_printf ("{\"type\":\"ping\",\"head\":%" G_GINT64_FORMAT "}",
                                           sn_store_get_head_seq (hub->store));

  for (guint i = hub->clients->len; i > 0; i--)
    {
      SnHubClient *client = hub->clients->pdata[i - 1];

      if (now - client->last_heard > (gint64) hub->options.peer_timeout_seconds * G_USEC_PER_SEC)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                         "heartbeat timeout");
      else
        send_text (client, ping);
    }
  return G_SOURCE_CONTINUE;
}

void
sn_hub_stream_register (SnHub *self)
{
  /* libsoup 3.2 cannot bound inflation: no per-message deflate. */
  soup_server_remove_websocket_extension (self->server, SOUP_TYPE_WEBSOCKET_EXTENSION_DEFLATE);
  soup_server_add_early_handler (self->server, "/v1/stream", early_cb, self, NULL);
  soup_server_add_websocket_handler (self->server, "/v1/stream", NULL, NULL, websocket_cb, self,
                                     NULL);
  self->heartbeat_source = g_timeout_add_seconds (self->options.heartbeat_seconds, heartbeat_cb,
                                                  self);
}

void
sn_hub_stream_broadcast (SnHub *self, SnHubEvent *event)
{
  gsize length;
  const char *text = g_bytes_get_data (event->text, &length);

  for (guint i = 0; i < self->clients->len; i++)
    {
      SnHubClient *client = self->clients->pdata[i];

      if (client->state != CLIENT_LIVE)
        continue;
      client->sent_seq = event->seq;
      if (sn_principal_can_see (client->who, event->district))
        {
          cork (client);
          soup_websocket_connection_send_text (client->conn, text);
        }
    }
}

void
sn_hub_stream_cork (SnHub *self)
{
  self->corking = TRUE;
}

void
sn_hub_stream_uncork (SnHub *self)
{
  self->corking = FALSE;
  for (guint i = 0; i < self->clients->len; i++)
    {
      SnHubClient *client = self->clients->pdata[i];

      if (client->corked)
        set_cork (client, FALSE);
    }
}

void
sn_hub_stream_close_all (SnHub *self)
{
  for (guint i = self->clients->len; i > 0; i--)
    {
      SnHubClient *client = self->clients->pdata[i - 1];

      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                         "hub shutting down");
    }
}
