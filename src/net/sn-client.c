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
}

static void
sn_client_init (SnClient *self)
{
  /* No per-message deflate: the hub refuses it, and it cannot be bounded. */
  self->session = soup_session_new_with_options ("timeout", 15, NULL);
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_WEBSOCKET_EXTENSION_MANAGER);
  self->rand = g_rand_new ();
  self->heartbeat = DEFAULT_HEARTBEAT;
}

SnClient *
sn_client_new (SnConsoleModel *model)
{
  SnClient *self = g_object_new (SN_TYPE_CLIENT, NULL);

  self->model = g_object_ref (model);
  return self;
}
