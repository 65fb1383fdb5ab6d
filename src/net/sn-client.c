/* sn-client.c — the console's live connection to a hub
 *
 *   connect ─▶ CONNECTING ─▶ upgrade (Authorization: Bearer) ─▶ hello {resume: epoch, after}
 *        ▲                                                            │
 *        │   backoff 0.25 s … 10 s, jittered                     welcome ─▶ LIVE
 *        └──────── RECONNECTING ◀── closed / error / heartbeat timeout ◀─┘
 *
 * Every frame goes to the console model, which ignores events it has already applied, so a
 * resume that overlaps is harmless and a snapshot replaces the state cleanly.
 *
 * Commands wait in an outbox (sn-commands.c) until their ack: sent when LIVE, resent with the
 * same id after every welcome until acknowledged, retried after a backoff when the hub was
 * too busy (rate_limited) or could not commit (internal).
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sn-client.h"
#include "sn-json.h"
#include "sn-protocol.h"

#define BACKOFF_FIRST 0.25
#define BACKOFF_CAP 10.0
#define DEFAULT_HEARTBEAT 10
#define MAX_FRAME (1024 * 1024)
#define MAX_INTERNAL_RETRIES 8

struct _SnClient
{
  GObject parent_instance;

  SnConsoleModel *model;
  SoupSession *session;
  SoupWebsocketConnection *conn;
  GCancellable *cancellable;
  GRand *rand;
  char *url;
  char *token;
  SnClientState state;
  char *hub_name;
  char *role;
  char **districts;
  char *error;
  gint64 last_data; /* real µs */
  gint64 last_heard; /* monotonic µs */
  gint64 next_attempt; /* real µs */
  gint64 hub_offset; /* hub time − our time, seconds */
  guint heartbeat;
  guint attempt;
  guint retry_source;
  guint watchdog_source;
  SnClientApplyStats apply;

  SnOutbox *outbox;
  SnOutboxEntry *finishing; /* the command "command-finished" is emitted for */
  guint outbox_source; /* the next retry of a command */
  SnClientCommandStats command_stats;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_HUB_NAME,
  PROP_ROLE,
  PROP_LAST_DATA,
  PROP_NEXT_ATTEMPT,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum { SIGNAL_COMMAND_FINISHED, SIGNAL_COMMANDS_CHANGED, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SnClient, sn_client, G_TYPE_OBJECT)

static void start_attempt (SnClient *self);

double
sn_client_backoff_seconds (guint attempt, GRand *rand)
{
  double base = BACKOFF_FIRST * (double) (1u << MIN (attempt, 10u));

  base = MIN (base, BACKOFF_CAP);
  return base * g_rand_double_range (rand, 0.5, 1.5);
}

static void
set_state (SnClient *self, SnClientState state, const char *error)
{
  if (g_strcmp0 (self->error, error) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
drop_connection (SnClient *self)
{
  /* What was sent on this connection may not have arrived: resend after the next welcome. */
  sn_outbox_requeue_sent (self->outbox);
  g_clear_handle_id (&self->watchdog_source, g_source_remove);
  if (self->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conn, self);
      if (soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->conn);
    }
}

static gboolean
retry_cb (gpointer user_data)
{
  SnClient *self = user_data;

  self->retry_source = 0;
  self->next_attempt = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
  start_attempt (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (SnClient *self, const char *why)
{
  double delay = sn_client_backoff_seconds (self->attempt++, self->rand);

  drop_connection (self);
  set_state (self, SN_CLIENT_RECONNECTING, why);
  self->next_attempt = g_get_real_time () + (gint64) (delay * G_USEC_PER_SEC);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add ((guint) (delay * 1000), retry_cb, self);
}

/* ── messages ──────────────────────────────────────────────────────────────────── */

static void
send_text (SnClient *self, const char *text)
{
  if (self->conn != NULL
      && soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (self->conn, text);
}

static void
send_hello (SnClient *self)
{
  const char *epoch = sn_console_model_get_epoch (self->model);
  g_autofree char *hello = NULL;

  if (epoch != NULL)
    hello = g_strdup_printf (
        "{\"type\":\"hello\",\"resume\":{\"epoch\":\"%s\",\"after\":%" G_GINT64_FORMAT "}}", epoch,
        sn_console_model_get_last_seq (self->model));
  else
    hello = g_strdup ("{\"type\":\"hello\"}");
  send_text (self, hello);
}

static void flush_outbox (SnClient *self);

static void
handle_welcome (SnClient *self, JsonObject *obj)
{
  const char *hub = NULL, *role = NULL;
  JsonObject *scope = NULL;
  gint64 heartbeat = DEFAULT_HEARTBEAT, time = 0;

  sn_json_get_string (obj, "hub", FALSE, &hub, NULL);
  sn_json_get_string (obj, "role", FALSE, &role, NULL);
  sn_json_get_int (obj, "heartbeat", FALSE, &heartbeat, NULL);
  if (sn_json_get_time (obj, "time", FALSE, &time, NULL))
    self->hub_offset = time - g_get_real_time () / G_USEC_PER_SEC;
  g_free (self->hub_name);
  self->hub_name = g_strdup (hub);
  g_free (self->role);
  self->role = g_strdup (role);
  g_clear_pointer (&self->districts, g_strfreev);
  if (sn_json_get_object (obj, "scope", FALSE, &scope, NULL))
    sn_json_get_strv (scope, "districts", FALSE, &self->districts, NULL);
  self->heartbeat = (guint) CLAMP (heartbeat, 1, 3600);
  self->attempt = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HUB_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
  set_state (self, SN_CLIENT_LIVE, NULL);
  flush_outbox (self);
}

/* ── commands ──────────────────────────────────────────────────────────────────── */

static gboolean
send_entry (SnClient *self, SnOutboxEntry *entry)
{
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  g_autofree char *text = NULL;

  if (self->state != SN_CLIENT_LIVE || self->conn == NULL
      || soup_websocket_connection_get_state (self->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return FALSE;
  sn_command_to_json (entry->command, b);
  text = sn_json_builder_to_string (b, NULL);
  soup_websocket_connection_send_text (self->conn, text);
  if (entry->sends++ > 0)
    self->command_stats.resent++;
  self->command_stats.sent++;
  entry->state = SN_COMMAND_SENT;
  entry->retry_at = 0;
  return TRUE;
}

static gboolean
outbox_cb (gpointer user_data)
{
  SnClient *self = user_data;

  self->outbox_source = 0;
  flush_outbox (self);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  SnClient *self;
  gint64 now;
  gint64 next; /* the earliest retry still to come, 0 when none */
} FlushData;

static void
flush_one (gpointer data, gpointer user_data)
{
  SnOutboxEntry *entry = data;
  FlushData *d = user_data;

  if (entry->state != SN_COMMAND_QUEUED)
    return;
  if (entry->retry_at > d->now)
    d->next = d->next == 0 ? entry->retry_at : MIN (d->next, entry->retry_at);
  else
    send_entry (d->self, entry);
}

/* Sends every queued command that is due, oldest first, and sets a timer for the others. */
static void
flush_outbox (SnClient *self)
{
  FlushData d = { self, g_get_monotonic_time (), 0 };

  g_clear_handle_id (&self->outbox_source, g_source_remove);
  if (self->state != SN_CLIENT_LIVE)
    return; /* the next welcome flushes */
  sn_outbox_foreach (self->outbox, flush_one, &d);
  if (d.next != 0)
    self->outbox_source = g_timeout_add ((guint) MAX ((d.next - d.now + 999) / 1000, 1), outbox_cb,
                                         self);
}

/* The command leaves the outbox and its outcome is announced. */
static void
finish_command (SnClient *self, const char *id, gboolean ok, gint64 version, const char *code,
                const char *message)
{
  g_autoptr (SnOutboxEntry) entry = sn_outbox_steal (self->outbox, id);
  g_autoptr (SnClient) hold = NULL;
  SnOutboxEntry *outer;

  if (entry == NULL)
    return;
  hold = g_object_ref (self);
  entry->state = ok ? SN_COMMAND_ACKED : SN_COMMAND_REFUSED;
  if (ok)
    self->command_stats.acked++;
  else
    self->command_stats.refused++;
  outer = self->finishing;
  self->finishing = entry;
  g_signal_emit (self, signals[SIGNAL_COMMAND_FINISHED], 0, entry->command->id, ok, version, code,
                 message);
  self->finishing = outer;
  g_signal_emit (self, signals[SIGNAL_COMMANDS_CHANGED], 0);
}

static void
handle_ack (SnClient *self, JsonObject *obj)
{
  const char *id = NULL, *code = NULL, *message = NULL;
  gboolean ok = FALSE;
  gint64 version = 0;
  JsonObject *error_obj = NULL;
  SnOutboxEntry *entry;

  if (!sn_json_get_string (obj, "id", TRUE, &id, NULL)
      || !sn_json_get_bool (obj, "ok", TRUE, &ok, NULL))
    {
      g_warning ("The hub sent an ack without an id or an outcome");
      return;
    }
  sn_json_get_int (obj, "ticket_version", FALSE, &version, NULL);
  if (sn_json_get_object (obj, "error", FALSE, &error_obj, NULL))
    {
      sn_json_get_string (error_obj, "code", FALSE, &code, NULL);
      sn_json_get_string (error_obj, "message", FALSE, &message, NULL);
    }
  entry = sn_outbox_lookup (self->outbox, id);
  if (entry == NULL || entry->state != SN_COMMAND_SENT)
    return; /* not ours, or answered already */
  if (!ok
      && (g_strcmp0 (code, "rate_limited") == 0
          || (g_strcmp0 (code, "internal") == 0 && entry->retries < MAX_INTERNAL_RETRIES)))
    {
      /* Nothing was applied or recorded: the same id goes again, a little later. */
      double delay = sn_client_backoff_seconds (entry->retries++, self->rand);

      self->command_stats.retried++;
      entry->state = SN_COMMAND_QUEUED;
      entry->retry_at = g_get_monotonic_time () + (gint64) (delay * G_USEC_PER_SEC);
      flush_outbox (self);
      return;
    }
  if (!ok && code == NULL)
    code = "internal";
  finish_command (self, id, ok, version, code, message);
}

char *
sn_client_send_command (SnClient *self, SnCommand *command)
{
  SnOutboxEntry *entry;
  char *id;

  g_return_val_if_fail (SN_IS_CLIENT (self), NULL);
  g_return_val_if_fail (command != NULL, NULL);
  g_return_val_if_fail (command->ticket != NULL && command->reason != NULL, NULL);

  if (command->id == NULL)
    command->id = g_uuid_string_random ();
  id = g_strdup (command->id);
  entry = sn_outbox_add (self->outbox, command);
  if (entry == NULL)
    return id; /* that id is pending already */
  /* After any command waiting for its retry, so the hub sees them in order. */
  if (self->outbox_source == 0)
    send_entry (self, entry);
  g_signal_emit (self, signals[SIGNAL_COMMANDS_CHANGED], 0);
  return id;
}

gboolean
sn_client_get_pending (SnClient *self, const char *ticket_id)
{
  g_return_val_if_fail (SN_IS_CLIENT (self), FALSE);
  return sn_outbox_has_ticket (self->outbox, ticket_id);
}

guint
sn_client_get_n_pending (SnClient *self)
{
  g_return_val_if_fail (SN_IS_CLIENT (self), 0);
  return sn_outbox_get_size (self->outbox);
}

const SnOutboxEntry *
sn_client_lookup_command (SnClient *self, const char *id)
{
  SnOutboxEntry *entry;

  g_return_val_if_fail (SN_IS_CLIENT (self), NULL);

  entry = sn_outbox_lookup (self->outbox, id);
  if (entry == NULL && self->finishing != NULL && g_strcmp0 (self->finishing->command->id, id) == 0)
    entry = self->finishing;
  return entry;
}

void
sn_client_get_command_stats (SnClient *self, SnClientCommandStats *stats)
{
  g_return_if_fail (SN_IS_CLIENT (self));
  *stats = self->command_stats;
}

/* Commands meant for another hub, or sent as someone else, must not go to this one. */
static void
cancel_commands (SnClient *self)
{
  SnOutboxEntry *entry;

  g_clear_handle_id (&self->outbox_source, g_source_remove);
  while ((entry = sn_outbox_peek (self->outbox)) != NULL)
    finish_command (self, entry->command->id, FALSE, 0, "cancelled",
                    _ ("The console connected to another hub or with another token"));
}

static void handle_other_frame (SnClient *self, const char *text, gsize length);

static void
handle_frame (SnClient *self, const char *text, gsize length)
{
  g_autoptr (GError) error = NULL;

  /* The hub writes "type" first: events and snapshots take the model's fast decoder. */
  if (g_str_has_prefix (text, "{\"type\":\"event\"")
      || g_str_has_prefix (text, "{\"type\":\"snapshot\""))
    {
      if (!sn_console_model_apply_text (self->model, text, length, &error))
        g_warning ("Could not apply the hub's frame: %s", error->message);
      return;
    }
  handle_other_frame (self, text, length);
}

/* Welcome, ping, error: rare frames, read with json-glib. */
static void
handle_other_frame (SnClient *self, const char *text, gsize length)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject)
      obj = sn_json_parse_object (text, length, MAX_FRAME, SN_JSON_MAX_DEPTH, &error);
  const char *type;

  if (obj == NULL)
    {
      g_warning ("The hub sent a bad frame: %s", error->message);
      return;
    }
  type = json_object_get_string_member_with_default (obj, "type", "");
  if (g_str_equal (type, "welcome"))
    handle_welcome (self, obj);
  else if (g_str_equal (type, "ping"))
    send_text (self, "{\"type\":\"pong\"}");
  else if (g_str_equal (type, "ack"))
    handle_ack (self, obj);
  else if (g_str_equal (type, "snapshot"))
    sn_console_model_apply_snapshot_part (self->model, obj, &error);
  else if (g_str_equal (type, "event"))
    sn_console_model_apply_event (self->model, obj, NULL, &error);
  else if (g_str_equal (type, "error"))
    g_warning ("The hub reported an error: %s",
               json_object_get_string_member_with_default (obj, "message", ""));
  if (error != NULL)
    g_warning ("Could not apply the hub's %s: %s", type, error->message);
}

static void
on_message (SoupWebsocketConnection *conn, int type, GBytes *message, gpointer user_data)
{
  SnClient *self = user_data;
  gsize length;
  const char *text = g_bytes_get_data (message, &length);

  self->last_heard = g_get_monotonic_time ();
  self->last_data = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_DATA]);
  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    {
      gint64 start = g_get_monotonic_time (), spent;

      handle_frame (self, text, length);
      spent = g_get_monotonic_time () - start;
      self->apply.frames++;
      self->apply.total_us += spent;
      self->apply.max_us = MAX (self->apply.max_us, spent);
    }
}

static void
on_closed (SoupWebsocketConnection *conn, gpointer user_data)
{
  schedule_retry (user_data, _ ("The connection to the hub was lost"));
}

/* A hub that says nothing for three heartbeats is gone, whatever TCP thinks. */
static gboolean
watchdog_cb (gpointer user_data)
{
  SnClient *self = user_data;
  gint64 silent = g_get_monotonic_time () - self->last_heard;

  if (silent > (gint64) (3 * MAX (self->heartbeat, 1)) * G_USEC_PER_SEC)
    {
      self->watchdog_source = 0;
      schedule_retry (self, _ ("The hub stopped answering"));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* ── connecting ────────────────────────────────────────────────────────────────── */

static void
connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SnClient *self = user_data;
  g_autoptr (GError) error = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  SoupWebsocketConnection *conn = soup_session_websocket_connect_finish (SOUP_SESSION (source),
                                                                         result, &error);
  guint status = msg ? soup_message_get_status (msg) : 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (conn == NULL && (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN))
    {
      /* Retrying will not help: the user must give another token. */
      set_state (self, SN_CLIENT_OFFLINE,
                 status == SOUP_STATUS_UNAUTHORIZED
                     ? _ ("The hub refused the token")
                     : _ ("This token may not open the live stream"));
      return;
    }
  if (conn == NULL)
    {
      schedule_retry (self, error ? error->message : _ ("Could not reach the hub"));
      return;
    }
  self->conn = conn;
  soup_websocket_connection_set_max_incoming_payload_size (conn, MAX_FRAME);
  g_signal_connect (conn, "message", G_CALLBACK (on_message), self);
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed), self);
  self->last_heard = g_get_monotonic_time ();
  self->heartbeat = DEFAULT_HEARTBEAT;
  self->watchdog_source = g_timeout_add_seconds (1, watchdog_cb, self);
  send_hello (self);
}

static char *
stream_uri (const char *url)
{
  if (g_str_has_prefix (url, "https://"))
    return g_strconcat ("wss://", url + 8, "/v1/stream", NULL);
  if (g_str_has_prefix (url, "http://"))
    return g_strconcat ("ws://", url + 7, "/v1/stream", NULL);
  return g_strconcat (url, "/v1/stream", NULL);
}

static void
start_attempt (SnClient *self)
{
  g_autofree char *uri = stream_uri (self->url);
  g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", uri);

  drop_connection (self);
  if (msg == NULL)
    {
      set_state (self, SN_CLIENT_OFFLINE, _ ("The hub address is not valid"));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (self->state != SN_CLIENT_RECONNECTING)
    set_state (self, SN_CLIENT_CONNECTING, NULL);
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, connected_cb, self);
}

void
sn_client_connect (SnClient *self, const char *url, const char *token)
{
  g_return_if_fail (SN_IS_CLIENT (self));
  g_return_if_fail (url != NULL && token != NULL);

  sn_client_disconnect (self);
  if ((self->url != NULL && !g_str_equal (self->url, url))
      || (self->token != NULL && !g_str_equal (self->token, token)))
    cancel_commands (self);
  g_free (self->url);
  self->url = g_strdup (url);
  g_free (self->token);
  self->token = g_strdup (token);
  self->attempt = 0;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  start_attempt (self);
}

void
sn_client_disconnect (SnClient *self)
{
  g_return_if_fail (SN_IS_CLIENT (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  drop_connection (self);
  self->next_attempt = 0;
  set_state (self, SN_CLIENT_OFFLINE, NULL);
}

/* ── properties ────────────────────────────────────────────────────────────────── */

SnClientState
sn_client_get_state (SnClient *self)
{
  g_return_val_if_fail (SN_IS_CLIENT (self), SN_CLIENT_OFFLINE);
  return self->state;
}

SnConsoleModel *
sn_client_get_model (SnClient *self)
{
  g_return_val_if_fail (SN_IS_CLIENT (self), NULL);
  return self->model;
}

const char *
sn_client_get_url (SnClient *self)
{
  g_return_val_if_fail (SN_IS_CLIENT (self), NULL);
  return self->url;
}

const char *
sn_client_get_hub_name (SnClient *self)
{
  g_return_val_if_fail (SN_IS_CLIENT (self), NULL);
  return self->hub_name;
}

const char *
sn_client_get_role (SnClient *self)
{
  g_return_val_if_fail (SN_IS_CLIENT (self), NULL);
  return self->role;
}

const char *const *
sn_client_get_districts (SnClient *self)
{
  g_return_val_if_fail (SN_IS_CLIENT (self), NULL);
  return (const char *const *) self->districts;
}

gint64
sn_client_get_last_data (SnClient *self)
{
  g_return_val_if_fail (SN_IS_CLIENT (self), 0);
  return self->last_data;
}

gint64
sn_client_get_next_attempt (SnClient *self)
{
  g_return_val_if_fail (SN_IS_CLIENT (self), 0);
  return self->next_attempt;
}

const char *
sn_client_get_error (SnClient *self)
{
  g_return_val_if_fail (SN_IS_CLIENT (self), NULL);
  return self->error;
}

void
sn_client_get_apply_stats (SnClient *self, SnClientApplyStats *stats)
{
  g_return_if_fail (SN_IS_CLIENT (self));
  *stats = self->apply;
}

gint64
sn_client_get_hub_time (SnClient *self)
{
  g_return_val_if_fail (SN_IS_CLIENT (self), 0);
  return g_get_real_time () / G_USEC_PER_SEC + self->hub_offset;
}

static void
sn_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SnClient *self = SN_CLIENT (object);

  switch (prop_id)
    {
      case PROP_STATE:
        g_value_set_int (value, self->state);
        break;
      case PROP_HUB_NAME:
        g_value_set_string (value, self->hub_name);
        break;
      case PROP_ROLE:
        g_value_set_string (value, self->role);
        break;
      case PROP_LAST_DATA:
        g_value_set_int64 (value, self->last_data);
        break;
      case PROP_NEXT_ATTEMPT:
        g_value_set_int64 (value, self->next_attempt);
        break;
      case PROP_ERROR:
        g_value_set_string (value, self->error);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sn_client_dispose (GObject *object)
{
  SnClient *self = SN_CLIENT (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->outbox_source, g_source_remove);
  drop_connection (self);
  g_clear_object (&self->session);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (sn_client_parent_class)->dispose (object);
}

static void
sn_client_finalize (GObject *object)
{
  SnClient *self = SN_CLIENT (object);

  g_clear_object (&self->cancellable);
  g_rand_free (self->rand);
  g_free (self->url);
  g_free (self->token);
  g_free (self->hub_name);
  g_free (self->role);
  g_strfreev (self->districts);
  g_free (self->error);
  sn_outbox_free (self->outbox);
  G_OBJECT_CLASS (sn_client_parent_class)->finalize (object);
}

static void
sn_client_class_init (SnClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = sn_client_get_property;
  object_class->dispose = sn_client_dispose;
  object_class->finalize = sn_client_finalize;
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, SN_CLIENT_OFFLINE,
                                             SN_CLIENT_RECONNECTING, SN_CLIENT_OFFLINE, flags);
  properties[PROP_HUB_NAME] = g_param_spec_string ("hub-name", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL, flags);
  properties[PROP_LAST_DATA] = g_param_spec_int64 ("last-data", NULL, NULL, 0, G_MAXINT64, 0,
                                                   flags);
  properties[PROP_NEXT_ATTEMPT] = g_param_spec_int64 ("next-attempt", NULL, NULL, 0, G_MAXINT64, 0,
                                                      flags);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_COMMAND_FINISHED] = g_signal_new (
      "command-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 5, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_BOOLEAN, G_TYPE_INT64,
      G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_COMMANDS_CHANGED] = g_signal_new ("commands-changed", G_TYPE_FROM_CLASS (klass),
                                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                   G_TYPE_NONE, 0);
}

static void
sn_client_init (SnClient *self)
{
  /* No per-message deflate: the hub refuses it, and it cannot be bounded. */
  self->session = soup_session_new_with_options ("timeout", 15, NULL);
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_WEBSOCKET_EXTENSION_MANAGER);
  self->rand = g_rand_new ();
  self->heartbeat = DEFAULT_HEARTBEAT;
  self->outbox = sn_outbox_new ();
}

SnClient *
sn_client_new (SnConsoleModel *model)
{
  SnClient *self = g_object_new (SN_TYPE_CLIENT, NULL);

  self->model = g_object_ref (model);
  return self;
}
