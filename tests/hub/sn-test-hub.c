/* sn-test-hub.c — a real shuniu-hub on 127.0.0.1:0 for tests and benchmarks
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>

#include "sn-test-hub.h"

const char *
sn_test_hub_binary (void)
{
  const char *env = g_getenv ("SHUNIU_HUB");

  return env != NULL ? env : "build/src/hub/shuniu-hub";
}

static char *
read_line_with_timeout (int fd, guint timeout_ms)
{
  GString *line = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      GPollFD pfd = { fd, G_IO_IN, 0 };
      char c;

      if (g_poll (&pfd, 1, 100) <= 0)
        continue;
      if (read (fd, &c, 1) != 1)
        break;
      if (c == '\n')
        return g_string_free (line, FALSE);
      g_string_append_c (line, c);
    }
  g_string_free (line, TRUE);
  return NULL;
}

void
sn_test_hub_start (SnTestHub *hub)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *line = NULL;
  int out_fd;

  g_assert_cmpint (hub->pid, ==, 0);
  /* Restart on the same port, so clients reconnect to the same URL. */
  listen = hub->url ? g_strdup (hub->url + strlen ("http://")) : g_strdup ("127.0.0.1:0");
  g_ptr_array_add (argv, (char *) sn_test_hub_binary ());
  g_ptr_array_add (argv, "serve");
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, hub->db);
  g_ptr_array_add (argv, "--listen");
  g_ptr_array_add (argv, listen);
  for (guint i = 0; hub->extra_args && hub->extra_args[i]; i++)
    g_ptr_array_add (argv, hub->extra_args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                            NULL, &hub->pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  line = read_line_with_timeout (out_fd, 10000);
  close (out_fd);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "http://"));
  if (hub->url == NULL)
    {
      hub->url = g_strdup (line);
      hub->ws_url = g_strdup_printf ("ws://%s/v1/stream", line + strlen ("http://"));
    }
  g_assert_cmpstr (line, ==, hub->url);
}

SnTestHub *
sn_test_hub_new (const char *const *extra_args)
{
  SnTestHub *hub = g_new0 (SnTestHub, 1);
  g_autoptr (GError) error = NULL;

  hub->dir = g_dir_make_tmp ("shuniu-test-XXXXXX", &error);
  g_assert_no_error (error);
  hub->db = g_build_filename (hub->dir, "hub.db", NULL);
  hub->extra_args = g_strdupv ((char **) extra_args);
  sn_test_hub_start (hub);
  return hub;
}

static void
wait_exit (SnTestHub *hub)
{
  int status = 0;

  g_assert_cmpint (waitpid (hub->pid, &status, 0), ==, hub->pid);
  g_spawn_close_pid (hub->pid);
  hub->pid = 0;
}

void
sn_test_hub_stop (SnTestHub *hub)
{
  if (hub->pid == 0)
    return;
  kill (hub->pid, SIGTERM);
  wait_exit (hub);
}

void
sn_test_hub_kill (SnTestHub *hub)
{
  if (hub->pid == 0)
    return;
  kill (hub->pid, SIGKILL);
  wait_exit (hub);
}

static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

void
sn_test_hub_free (SnTestHub *hub)
{
  sn_test_hub_stop (hub);
  remove_dir (hub->dir);
  g_free (hub->dir);
  g_free (hub->db);
  g_free (hub->url);
  g_free (hub->ws_url);
  g_strfreev (hub->extra_args);
  g_free (hub);
}

char *
sn_test_hub_token (SnTestHub *hub, const char *role, const char *name, const char *districts)
{
  const char *argv[] = { sn_test_hub_binary (), "token", "create", "--db", hub->db, "--role",
                         role, "--name", name, districts ? "--districts" : NULL, districts,
                         NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  int status;
  guint n;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, >, 0);
  g_assert_true (g_str_has_prefix (lines[n - 1], "sn_"));
  return g_strdup (lines[n - 1]);
}

/* ── HTTP ──────────────────────────────────────────────────────────────────────── */

guint
sn_test_http (const char *method, const char *url, const char *token, const char *body,
              const char *const *headers, char **out_body)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *req;
  g_autoptr (GBytes) response = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (msg);
  req = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (req, "Authorization", auth);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (req, headers[i], headers[i + 1]);
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_body != NULL)
    *out_body = g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
  return soup_message_get_status (msg);
}

JsonNode *
sn_test_http_json (const char *method, const char *url, const char *token, const char *body,
                   const char *const *headers, guint *out_status)
{
  g_autofree char *text = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  guint status = sn_test_http (method, url, token, body, headers, &text);

  if (out_status != NULL)
    *out_status = status;
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* ── WebSocket ─────────────────────────────────────────────────────────────────── */

void
sn_test_run_until (gboolean *done, guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while ((done == NULL || !*done) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (200), TRUE);
}

static void
on_message (SoupWebsocketConnection *conn, int type, GBytes *message, gpointer user_data)
{
  SnTestClient *client = user_data;

  g_queue_push_tail (&client->messages,
                     g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message)));
}

static void
on_closed (SoupWebsocketConnection *conn, gpointer user_data)
{
  SnTestClient *client = user_data;

  client->closed = TRUE;
  client->close_code = soup_websocket_connection_get_close_code (conn);
}

typedef struct {
  gboolean done;
  SoupWebsocketConnection *conn;
  GError *error;
} ConnectData;

static void
connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ConnectData *d = user_data;

  d->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &d->error);
  d->done = TRUE;
}

SnTestClient *
sn_test_client_connect (SnTestHub *hub, const char *token, const char *origin,
                        guint *out_status)
{
  SnTestClient *client = g_new0 (SnTestClient, 1);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", hub->ws_url);
  ConnectData d = { 0 };

  client->session = soup_session_new ();
  g_queue_init (&client->messages);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    auth);
    }
  soup_session_websocket_connect_async (client->session, msg, origin, NULL, G_PRIORITY_DEFAULT,
                                        NULL, connected_cb, &d);
  sn_test_run_until (&d.done, 5000);
  g_assert_true (d.done);
  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  if (d.conn == NULL)
    {
      g_clear_error (&d.error);
      sn_test_client_free (client);
      return NULL;
    }
  client->conn = d.conn;
  soup_websocket_connection_set_max_incoming_payload_size (client->conn, 0);
  g_signal_connect (client->conn, "message", G_CALLBACK (on_message), client);
  g_signal_connect (client->conn, "closed", G_CALLBACK (on_closed), client);
  return client;
}

void
sn_test_client_send (SnTestClient *client, const char *text)
{
  soup_websocket_connection_send_text (client->conn, text);
}

void
sn_test_client_send_printf (SnTestClient *client, const char *format, ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  sn_test_client_send (client, text);
}

char *
sn_test_client_next (SnTestClient *client, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_queue_is_empty (&client->messages) && !client->closed
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (200), TRUE);
  return g_queue_pop_head (&client->messages);
}

JsonObject *
sn_test_client_next_object (SnTestClient *client, guint timeout_ms)
{
  g_autofree char *text = sn_test_client_next (client, timeout_ms);
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  if (text == NULL)
    return NULL;
  parser = json_parser_new ();
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

JsonObject *
sn_test_client_wait_type (SnTestClient *client, const char *type, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      g_autoptr (JsonObject) obj = sn_test_client_next_object (client, MAX (left, 1));

      if (obj == NULL)
        return NULL;
      if (g_strcmp0 (json_object_get_string_member (obj, "type"), type) == 0)
        return g_steal_pointer (&obj);
    }
  return NULL;
}

gboolean
sn_test_client_wait_closed (SnTestClient *client, guint timeout_ms)
{
  sn_test_run_until (&client->closed, timeout_ms);
  return client->closed;
}

void
sn_test_client_free (SnTestClient *client)
{
  if (client == NULL)
    return;
  if (client->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (client->conn, client);
      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (client->conn);
    }
  g_queue_clear_full (&client->messages, g_free);
  g_clear_object (&client->session);
  g_free (client);
}

char *
sn_test_load_example (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "protocol",
                                                 "examples", name, NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}
