/* sn-test-hub.c — a real shuniu-hub on 127.0.0.1:0 for tests and benchmarks
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

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

/* A test that fails aborts without stopping its hub; the hub must not outlive it (it holds
 * the test's stderr open, and the test runner would wait for it). */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
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
  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            die_with_parent, NULL, &hub->pid, NULL, &out_fd, NULL, &error);
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

static int
wait_exit (SnTestHub *hub)
{
  int status = 0;

  g_assert_cmpint (waitpid (hub->pid, &status, 0), ==, hub->pid);
  g_spawn_close_pid (hub->pid);
  hub->pid = 0;
  return status;
}

void
sn_test_hub_stop (SnTestHub *hub)
{
  int status;

  if (hub->pid == 0)
    return;
  kill (hub->pid, SIGTERM);
  status = wait_exit (hub);
  /* A clean shutdown exits 0 (under sanitizers, a leak or an error would not). */
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("shuniu-hub did not shut down cleanly (wait status 0x%x)", status);
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
  const char *argv[] = { sn_test_hub_binary (),
                         "token",
                         "create",
                         "--db",
                         hub->db,
                         "--role",
                         role,
                         "--name",
                         name,
                         districts ? "--districts" : NULL,
                         districts,
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
sn_test_http_full (const char *method, const char *url, const char *token, const char *body,
                   const char *const *headers, char **out_body, const char *header,
                   char **out_header)
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
  if (out_header != NULL)
    *out_header = g_strdup (
        soup_message_headers_get_one (soup_message_get_response_headers (msg), header));
  return soup_message_get_status (msg);
}

guint
sn_test_http (const char *method, const char *url, const char *token, const char *body,
              const char *const *headers, char **out_body)
{
  return sn_test_http_full (method, url, token, body, headers, out_body, NULL, NULL);
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

typedef struct
{
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
sn_test_client_connect (SnTestHub *hub, const char *token, const char *origin, guint *out_status)
{
  SnTestClient *client = g_new0 (SnTestClient, 1);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", hub->ws_url);
  ConnectData d = { 0 };

  client->session = soup_session_new ();
  g_queue_init (&client->messages);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
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
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "protocol", "examples",
                                                 name, NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* ── additions for the hub test programs ───────────────────────────────────────── */

char *
sn_test_hub_token_with_id (SnTestHub *hub, const char *role, const char *name,
                           const char *districts, char **out_id)
{
  const char *argv[] = { sn_test_hub_binary (),
                         "token",
                         "create",
                         "--db",
                         hub->db,
                         "--role",
                         role,
                         "--name",
                         name,
                         districts ? "--districts" : NULL,
                         districts,
                         NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  g_auto (GStrv) words = NULL;
  int status;
  guint n;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, >=, 2);
  g_assert_true (g_str_has_prefix (lines[n - 1], "sn_"));
  /* "Token ID for NAME (ROLE). …" */
  words = g_strsplit (lines[n - 2], " ", 3);
  g_assert_cmpuint (g_strv_length (words), ==, 3);
  g_assert_cmpstr (words[0], ==, "Token");
  *out_id = g_strdup (words[1]);
  return g_strdup (lines[n - 1]);
}

void
sn_test_hub_revoke_token (SnTestHub *hub, const char *id)
{
  const char *argv[] = {
    sn_test_hub_binary (), "token", "revoke", "--db", hub->db, "--id", id, NULL
  };
  g_autoptr (GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

char *
sn_test_hub_url (SnTestHub *hub, const char *path_format, ...)
{
  va_list args;
  g_autofree char *path = NULL;

  va_start (args, path_format);
  path = g_strdup_vprintf (path_format, args);
  va_end (args);
  return g_strconcat (hub->url, path, NULL);
}

JsonNode *
sn_test_parse (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (text);
  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_error ("Not JSON (%s): %.300s", error->message, text);
  return json_node_ref (json_parser_get_root (parser));
}

JsonObject *
sn_test_parse_object (const char *text)
{
  g_autoptr (JsonNode) node = sn_test_parse (text);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    g_error ("Not a JSON object: %.300s", text);
  return json_object_ref (json_node_get_object (node));
}

char *
sn_test_to_json (JsonNode *node)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

JsonObject *
sn_test_get_object (SnTestHub *hub, const char *token, const char *path, guint expected_status)
{
  g_autofree char *url = g_strconcat (hub->url, path, NULL);
  g_autofree char *body = NULL;
  guint status = sn_test_http ("GET", url, token, NULL, NULL, &body);

  if (status != expected_status)
    g_error ("GET %s: status %u, expected %u: %.500s", path, status, expected_status, body);
  return sn_test_parse_object (body);
}

JsonObject *
sn_test_ingest (SnTestHub *hub, const char *token, const char *kind, const char *body)
{
  g_autofree char *url = g_strconcat (hub->url, "/v1/ingest/", kind, NULL);
  g_autofree char *response = NULL;
  guint status = sn_test_http ("POST", url, token, body, NULL, &response);

  if (status != 200)
    g_error ("POST /v1/ingest/%s: status %u: %.500s", kind, status, response);
  return sn_test_parse_object (response);
}

char *
sn_test_request_json (const char *id, const char *district, const char *state, const char *units,
                      const char *extra)
{
  GString *s = g_string_new (NULL);
  g_auto (GStrv) list = g_strsplit (units ? units : "", ",", -1);

  g_string_append_printf (s,
                          "{\"service_request_id\": \"%s\", \"service_code\": \"test.code\", "
                          "\"service_name\": \"测试\", \"description\": \"Generated %s\", "
                          "\"ticket_type\": \"complaint\", \"channel\": \"phone\"",
                          id, id);
  if (district != NULL)
    g_string_append_printf (s, ", \"district\": \"%s\"", district);
  if (state != NULL)
    g_string_append_printf (s, ", \"state\": \"%s\"", state);
  if (list[0] != NULL && *list[0] != '\0')
    {
      g_string_append (s, ", \"units\": [");
      for (guint i = 0; list[i] != NULL; i++)
        g_string_append_printf (s, "%s\"%s\"", i ? ", " : "", list[i]);
      g_string_append (s, "]");
    }
  if (extra != NULL)
    g_string_append_printf (s, ", %s", extra);
  g_string_append (s, "}");
  return g_string_free (s, FALSE);
}

char *
sn_test_requests_batch (const char *prefix, guint first, guint count, const char *district,
                        const char *state, const char *units)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%04u", prefix, first + i);
      g_autofree char *record = sn_test_request_json (id, district, state, units, NULL);

      g_string_append_printf (s, "%s%s", i ? ",\n" : "", record);
    }
  g_string_append (s, "]");
  return g_string_free (s, FALSE);
}

/* Whether @data holds a complete response: headers and Content-Length bytes of body. */
static gboolean
response_complete (GString *data)
{
  const char *end = g_strstr_len (data->str, data->len, "\r\n\r\n");
  g_autofree char *headers = NULL;
  g_auto (GStrv) lines = NULL;
  gsize body_len;

  if (end == NULL)
    return FALSE;
  body_len = data->len - (end + 4 - data->str);
  headers = g_ascii_strdown (data->str, end - data->str);
  lines = g_strsplit (headers, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "content-length:"))
      return body_len >= g_ascii_strtoull (lines[i] + strlen ("content-length:"), NULL, 10);
  return FALSE;
}

guint
sn_test_raw_http (SnTestHub *hub, const char *request, char **out_response)
{
  g_autoptr (GSocketClient) sc = g_socket_client_new ();
  g_autoptr (GSocketConnection) conn = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) data = g_string_new (NULL);
  GSocket *socket;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint status = 0;

  conn = g_socket_client_connect_to_host (sc, hub->url + strlen ("http://"), 0, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (conn);
  g_socket_set_timeout (socket, 5);
  /* The server may answer (and stop reading) before the whole request is written. */
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), request,
                             strlen (request), NULL, NULL, NULL);
  while (!response_complete (data) && g_get_monotonic_time () < deadline)
    {
      char buf[4096];
      gssize n = g_socket_receive (socket, buf, sizeof buf, NULL, NULL);

      if (n <= 0)
        break;
      g_string_append_len (data, buf, n);
    }
  if (g_str_has_prefix (data->str, "HTTP/1.1 ") || g_str_has_prefix (data->str, "HTTP/1.0 "))
    status = (guint) g_ascii_strtoull (data->str + 9, NULL, 10);
  if (out_response != NULL)
    *out_response = g_strdup (data->str);
  return status;
}

char *
sn_test_time (gint64 unix_seconds)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

gint64
sn_test_parse_time (const char *iso8601)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) dt = NULL;

  g_assert_nonnull (iso8601);
  dt = g_date_time_new_from_iso8601 (iso8601, utc);
  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

SnTestClient *
sn_test_client_open (SnTestHub *hub, const char *token)
{
  guint status = 0;
  SnTestClient *client = sn_test_client_connect (hub, token, NULL, &status);

  if (client == NULL)
    g_error ("The stream upgrade was refused with status %u", status);
  return client;
}

JsonObject *
sn_test_client_hello (SnTestClient *client, const char *epoch, gint64 after)
{
  JsonObject *welcome;

  if (epoch != NULL)
    sn_test_client_send_printf (client,
                                "{\"type\": \"hello\", \"resume\": {\"epoch\": \"%s\", "
                                "\"after\": %" G_GINT64_FORMAT "}}",
                                epoch, after);
  else
    sn_test_client_send (client, "{\"type\": \"hello\"}");
  welcome = sn_test_client_next_message (client, 5000);
  g_assert_nonnull (welcome);
  g_assert_cmpstr (json_object_get_string_member (welcome, "type"), ==, "welcome");
  return welcome;
}

JsonObject *
sn_test_client_next_message (SnTestClient *client, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      g_autoptr (JsonObject) obj = sn_test_client_next_object (client, MAX (left, 1));

      if (obj == NULL)
        return NULL;
      if (g_strcmp0 (json_object_get_string_member (obj, "type"), "ping") != 0)
        return g_steal_pointer (&obj);
    }
  return NULL;
}

static void
take_array (JsonObject *part, const char *member, GPtrArray *into)
{
  JsonArray *array = json_object_get_array_member (part, member);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (into, json_object_ref (json_array_get_object_element (array, i)));
}

SnTestSnapshot *
sn_test_client_read_snapshot (SnTestClient *client, guint timeout_ms)
{
  SnTestSnapshot *snap = g_new0 (SnTestSnapshot, 1);
  gboolean last = FALSE;

  snap->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  snap->queues = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  snap->agents = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  while (!last)
    {
      g_autoptr (JsonObject) part = sn_test_client_next_message (client, timeout_ms);
      guint arrays = 0;

      g_assert_nonnull (part);
      g_assert_cmpstr (json_object_get_string_member (part, "type"), ==, "snapshot");
      g_assert_cmpint (json_object_get_int_member (part, "part"), ==, snap->parts);
      if (snap->parts++ == 0)
        {
          snap->epoch = g_strdup (json_object_get_string_member (part, "epoch"));
          snap->head = json_object_get_int_member (part, "head");
          snap->reason = g_strdup (json_object_get_string_member (part, "reason"));
        }
      g_assert_cmpstr (json_object_get_string_member (part, "epoch"), ==, snap->epoch);
      g_assert_cmpint (json_object_get_int_member (part, "head"), ==, snap->head);
      g_assert_cmpstr (json_object_get_string_member (part, "reason"), ==, snap->reason);
      g_assert_true (json_object_has_member (part, "last"));
      last = json_object_get_boolean_member (part, "last");
      if (json_object_has_member (part, "tickets"))
        take_array (part, "tickets", snap->tickets), arrays++;
      if (json_object_has_member (part, "queues"))
        take_array (part, "queues", snap->queues), arrays++;
      if (json_object_has_member (part, "agents"))
        take_array (part, "agents", snap->agents), arrays++;
      g_assert_cmpuint (arrays, ==, 1);
    }
  return snap;
}

void
sn_test_snapshot_free (SnTestSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_free (snapshot->epoch);
  g_free (snapshot->reason);
  g_ptr_array_unref (snapshot->tickets);
  g_ptr_array_unref (snapshot->queues);
  g_ptr_array_unref (snapshot->agents);
  g_free (snapshot);
}

JsonObject *
sn_test_snapshot_find (SnTestSnapshot *snapshot, const char *id)
{
  for (guint i = 0; i < snapshot->tickets->len; i++)
    {
      JsonObject *t = snapshot->tickets->pdata[i];

      if (g_strcmp0 (json_object_get_string_member (t, "service_request_id"), id) == 0)
        return t;
    }
  return NULL;
}

SnTestClient *
sn_test_client_open_live (SnTestHub *hub, const char *token, char **out_epoch, gint64 *out_head)
{
  SnTestClient *client = sn_test_client_open (hub, token);
  g_autoptr (JsonObject) welcome = sn_test_client_hello (client, NULL, 0);
  g_autoptr (SnTestSnapshot) snap = sn_test_client_read_snapshot (client, 5000);

  g_assert_cmpstr (snap->reason, ==, "no_resume");
  if (out_epoch != NULL)
    *out_epoch = g_strdup (json_object_get_string_member (welcome, "epoch"));
  if (out_head != NULL)
    *out_head = snap->head;
  return client;
}

static gboolean
message_matches (const char *text, const char *type, const char *member, const char *value,
                 JsonObject **out)
{
  g_autoptr (JsonObject) obj = sn_test_parse_object (text);

  if (g_strcmp0 (json_object_get_string_member (obj, "type"), type) != 0)
    return FALSE;
  if (member != NULL
      && (!json_object_has_member (obj, member)
          || JSON_NODE_TYPE (json_object_get_member (obj, member)) != JSON_NODE_VALUE
          || g_strcmp0 (json_object_get_string_member (obj, member), value) != 0))
    return FALSE;
  *out = g_steal_pointer (&obj);
  return TRUE;
}

JsonObject *
sn_test_client_take (SnTestClient *client, const char *type, const char *member, const char *value,
                     guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GList *checked = NULL; /* the last element looked at */

  for (;;)
    {
      GList *l = checked ? checked->next : client->messages.head;

      for (; l != NULL; checked = l, l = l->next)
        {
          JsonObject *obj = NULL;

          if (message_matches (l->data, type, member, value, &obj))
            {
              g_free (l->data);
              g_queue_delete_link (&client->messages, l);
              return obj;
            }
        }
      if (client->closed || g_get_monotonic_time () >= deadline)
        return NULL;
      g_main_context_iteration (NULL, FALSE) || (g_usleep (200), TRUE);
    }
}

JsonObject *
sn_test_client_next_event (SnTestClient *client, guint timeout_ms)
{
  g_autoptr (JsonObject) obj = sn_test_client_next_message (client, timeout_ms);

  if (obj == NULL)
    return NULL;
  if (g_strcmp0 (json_object_get_string_member (obj, "type"), "event") != 0)
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), obj);
      g_autofree char *text = sn_test_to_json (node);

      g_error ("Expected an event, got %s", text);
    }
  return g_steal_pointer (&obj);
}

static gboolean
is_ticket_event_for (const char *text, const char *ticket, JsonObject **out)
{
  g_autoptr (JsonObject) obj = sn_test_parse_object (text);
  JsonObject *payload;

  if (g_strcmp0 (json_object_get_string_member (obj, "type"), "event") != 0
      || g_strcmp0 (json_object_get_string_member (obj, "kind"), "ticket") != 0)
    return FALSE;
  payload = json_object_get_object_member (obj, "payload");
  if (g_strcmp0 (json_object_get_string_member (payload, "service_request_id"), ticket) != 0)
    return FALSE;
  *out = g_steal_pointer (&obj);
  return TRUE;
}

JsonObject *
sn_test_client_take_ticket_event (SnTestClient *client, const char *ticket, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GList *checked = NULL;

  for (;;)
    {
      GList *l = checked ? checked->next : client->messages.head;

      for (; l != NULL; checked = l, l = l->next)
        {
          JsonObject *obj = NULL;

          if (is_ticket_event_for (l->data, ticket, &obj))
            {
              g_free (l->data);
              g_queue_delete_link (&client->messages, l);
              return obj;
            }
        }
      if (client->closed || g_get_monotonic_time () >= deadline)
        return NULL;
      g_main_context_iteration (NULL, FALSE) || (g_usleep (200), TRUE);
    }
}

guint
sn_test_client_pending (SnTestClient *client)
{
  GList *l = client->messages.head;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (l != NULL)
    {
      GList *next = l->next;
      g_autoptr (JsonObject) obj = sn_test_parse_object (l->data);

      if (g_strcmp0 (json_object_get_string_member (obj, "type"), "ping") == 0)
        {
          g_free (l->data);
          g_queue_delete_link (&client->messages, l);
        }
      l = next;
    }
  return g_queue_get_length (&client->messages);
}

char *
sn_test_command_json (const char *id, const char *ticket, const char *action,
                      gint64 expected_version, const char *reason, const char *extra)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;

  /* Built, not printed, so any reason text is escaped correctly. */
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "command");
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "ticket");
  json_builder_add_string_value (b, ticket);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, action);
  json_builder_set_member_name (b, "expected_version");
  json_builder_add_int_value (b, expected_version);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, reason);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = sn_test_to_json (root);
  if (extra == NULL)
    return g_steal_pointer (&text);
  text[strlen (text) - 1] = '\0';
  return g_strdup_printf ("%s, %s}", text, extra);
}

JsonObject *
sn_test_client_command (SnTestClient *client, const char *id, const char *ticket,
                        const char *action, gint64 expected_version, const char *reason,
                        const char *extra)
{
  g_autofree char *text = sn_test_command_json (id, ticket, action, expected_version, reason,
                                                extra);
  JsonObject *ack;

  sn_test_client_send (client, text);
  ack = sn_test_client_take (client, "ack", "id", id, 5000);
  if (ack == NULL)
    g_error ("No ack for command %s", id);
  return ack;
}

void
sn_test_assert_ack (JsonObject *ack, const char *id, gboolean ok, gint64 version, const char *code)
{
  g_assert_nonnull (ack);
  g_assert_cmpstr (json_object_get_string_member (ack, "type"), ==, "ack");
  g_assert_cmpstr (json_object_get_string_member (ack, "id"), ==, id);
  if (json_object_get_boolean_member (ack, "ok") != ok && !ok)
    g_error ("Command %s succeeded; expected %s", id, code);
  if (json_object_get_boolean_member (ack, "ok") != ok)
    g_error (
        "Command %s failed: %s", id,
        json_object_get_string_member (json_object_get_object_member (ack, "error"), "message"));
  g_assert_cmpint (json_object_get_int_member (ack, "ticket_version"), ==, version);
  if (ok)
    g_assert_false (json_object_has_member (ack, "error"));
  else
    g_assert_cmpstr (
        json_object_get_string_member (json_object_get_object_member (ack, "error"), "code"), ==,
        code);
}

JsonObject *
sn_test_get_ticket (SnTestHub *hub, const char *token, const char *id)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/v1/tickets/", escaped, NULL);

  return sn_test_get_object (hub, token, path, 200);
}

GHashTable *
sn_test_ticket_versions (SnTestHub *hub, const char *token)
{
  GHashTable *versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;

  do
    {
      g_autofree char *escaped = cursor ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      g_autofree char *path = g_strdup_printf ("/v1/tickets?limit=1000%s%s",
                                               cursor ? "&cursor=" : "", cursor ? escaped : "");
      g_autoptr (JsonObject) page = sn_test_get_object (hub, token, path, 200);
      JsonArray *tickets = json_object_get_array_member (page, "tickets");

      for (guint i = 0; i < json_array_get_length (tickets); i++)
        {
          JsonObject *t = json_array_get_object_element (tickets, i);
          const char *id = json_object_get_string_member (t, "service_request_id");

          g_assert_false (g_hash_table_contains (versions, id));
          g_hash_table_insert (versions, g_strdup (id),
                               GINT_TO_POINTER (json_object_get_int_member (t, "version")));
        }
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (page, "next_cursor"));
    }
  while (cursor != NULL);
  return versions;
}

guint
sn_test_count_history (JsonObject *ticket, const char *kind, const char *reason)
{
  JsonArray *history = json_object_get_array_member (ticket, "history");
  guint n = 0;

  g_assert_nonnull (history);
  for (guint i = 0; i < json_array_get_length (history); i++)
    {
      JsonObject *h = json_array_get_object_element (history, i);

      if (g_strcmp0 (json_object_get_string_member (h, "kind"), kind) == 0
          && (reason == NULL
              || g_strcmp0 (json_object_get_string_member (h, "reason"), reason) == 0))
        n++;
    }
  return n;
}

GPtrArray *
sn_test_get_audit (SnTestHub *hub, const char *token)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 after = 0;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/v1/audit?after=%" G_GINT64_FORMAT "&limit=1000",
                                               after);
      g_autoptr (JsonObject) page = sn_test_get_object (hub, token, path, 200);
      JsonArray *audit = json_object_get_array_member (page, "audit");
      guint n = json_array_get_length (audit);

      for (guint i = 0; i < n; i++)
        {
          JsonObject *r = json_array_get_object_element (audit, i);

          g_assert_cmpint (json_object_get_int_member (r, "id"), >, after);
          after = json_object_get_int_member (r, "id");
          g_ptr_array_add (records, json_object_ref (r));
        }
      if (n < 1000)
        return records;
    }
}

JsonObject *
sn_test_find_audit (GPtrArray *audit, const char *command_id)
{
  JsonObject *found = NULL;

  for (guint i = 0; i < audit->len; i++)
    if (g_strcmp0 (json_object_get_string_member (audit->pdata[i], "command_id"), command_id) == 0)
      {
        g_assert_null (found);
        found = audit->pdata[i];
      }
  if (found == NULL)
    g_error ("Command %s is not in the audit log", command_id);
  return found;
}

gint64
sn_test_hub_head (SnTestHub *hub)
{
  g_autoptr (JsonObject) health = sn_test_get_object (hub, NULL, "/healthz", 200);

  return json_object_get_int_member (health, "head");
}

char *
sn_test_stall_reasons (JsonObject *ticket)
{
  JsonArray *stall = json_object_get_array_member (ticket, "stall");
  GString *s = g_string_new (NULL);

  for (guint i = 0; stall != NULL && i < json_array_get_length (stall); i++)
    g_string_append_printf (
        s, "%s%s", i ? "," : "",
        json_object_get_string_member (json_array_get_object_element (stall, i), "reason"));
  return g_string_free (s, FALSE);
}

/* ── a bare WebSocket client ───────────────────────────────────────────────────── */

/* Reads exactly @length bytes before @deadline (monotonic µs). */
static gboolean
read_exactly (GSocket *socket, guint8 *buf, gsize length, gint64 deadline)
{
  gsize got = 0;

  while (got < length)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      gssize n;

      if (left <= 0 || !g_socket_condition_timed_wait (socket, G_IO_IN, left, NULL, NULL))
        return FALSE;
      n = g_socket_receive (socket, (char *) buf + got, length - got, NULL, NULL);
      if (n <= 0)
        return FALSE;
      got += n;
    }
  return TRUE;
}

GSocketConnection *
sn_test_raw_ws_open (SnTestHub *hub, const char *token)
{
  g_autoptr (GSocketClient) sc = g_socket_client_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *request = NULL;
  g_autoptr (GString) response = g_string_new (NULL);
  GSocketConnection *conn;
  GSocket *socket;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  conn = g_socket_client_connect_to_host (sc, hub->url + strlen ("http://"), 0, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (conn);
  request = g_strdup_printf ("GET /v1/stream HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"
                             "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                             "Authorization: Bearer %s\r\n\r\n",
                             hub->url + strlen ("http://"), token);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), request,
                             strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  /* Byte by byte up to the blank line, so no frame is read with the headers. */
  while (!g_str_has_suffix (response->str, "\r\n\r\n"))
    {
      guint8 c;

      g_assert_true (read_exactly (socket, &c, 1, deadline));
      g_string_append_c (response, (char) c);
    }
  g_assert_true (g_str_has_prefix (response->str, "HTTP/1.1 101"));
  return conn;
}

void
sn_test_raw_ws_send (GSocketConnection *conn, guint8 opcode, const void *data, gsize length)
{
  g_autoptr (GByteArray) frame = g_byte_array_new ();
  const guint8 mask[4] = { 0x12, 0x34, 0x56, 0x78 };
  guint8 header[10];
  gsize n = 0;

  header[n++] = 0x80 | opcode;
  if (length < 126)
    header[n++] = 0x80 | (guint8) length;
  else if (length < 65536)
    {
      header[n++] = 0x80 | 126;
      header[n++] = (guint8) (length >> 8);
      header[n++] = (guint8) length;
    }
  else
    {
      header[n++] = 0x80 | 127;
      for (int i = 7; i >= 0; i--)
        header[n++] = (guint8) ((guint64) length >> (8 * i));
    }
  g_byte_array_append (frame, header, n);
  g_byte_array_append (frame, mask, 4);
  for (gsize i = 0; i < length; i++)
    {
      guint8 b = ((const guint8 *) data)[i] ^ mask[i & 3];

      g_byte_array_append (frame, &b, 1);
    }
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), frame->data,
                             frame->len, NULL, NULL, NULL);
}

gboolean
sn_test_raw_ws_read (GSocketConnection *conn, guint timeout_ms, guint8 *out_opcode,
                     GBytes **out_payload)
{
  GSocket *socket = g_socket_connection_get_socket (conn);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint8 h[8];
  guint64 length;
  guint8 *payload;

  if (!read_exactly (socket, h, 2, deadline))
    return FALSE;
  *out_opcode = h[0] & 0x0f;
  g_assert_cmpint (h[1] & 0x80, ==, 0); /* a server never masks */
  length = h[1] & 0x7f;
  if (length == 126 || length == 127)
    {
      guint n = length == 126 ? 2 : 8;

      if (!read_exactly (socket, h, n, deadline))
        return FALSE;
      length = 0;
      for (guint i = 0; i < n; i++)
        length = (length << 8) | h[i];
    }
  g_assert_cmpuint (length, <, 16 * 1024 * 1024);
  payload = g_malloc (length + 1);
  if (!read_exactly (socket, payload, length, deadline))
    {
      g_free (payload);
      return FALSE;
    }
  payload[length] = '\0';
  *out_payload = g_bytes_new_take (payload, length);
  return TRUE;
}

/* ── assertions shared by the test programs ────────────────────────────────────── */

void
sn_test_assert_error (guint status, const char *body, guint expected_status, const char *code)
{
  g_autoptr (JsonObject) obj = NULL;
  JsonObject *error;

  if (status != expected_status)
    g_error ("status %u, expected %u: %.300s", status, expected_status, body);
  obj = sn_test_parse_object (body);
  g_assert_true (json_object_has_member (obj, "error"));
  error = json_object_get_object_member (obj, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (error, "message"), !=, "");
}

void
sn_test_expect_error (SnTestHub *hub, const char *method, const char *path, const char *token,
                      const char *body, guint expected_status, const char *code)
{
  g_autofree char *url = g_strconcat (hub->url, path, NULL);
  g_autofree char *text = NULL;
  guint status = sn_test_http (method, url, token, body, NULL, &text);

  sn_test_assert_error (status, text, expected_status, code);
}

void
sn_test_assert_report (JsonObject *r, gint64 applied, gint64 unchanged, gint64 skipped,
                       gint64 rejected)
{
  g_assert_cmpint (json_object_get_int_member (r, "applied"), ==, applied);
  g_assert_cmpint (json_object_get_int_member (r, "unchanged"), ==, unchanged);
  g_assert_cmpint (json_object_get_int_member (r, "skipped"), ==, skipped);
  g_assert_cmpint (json_object_get_int_member (r, "rejected"), ==, rejected);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "problems")), ==,
                    skipped + rejected);
}

gint64
sn_test_client_expect_events (SnTestClient *client, const char *epoch, gint64 after,
                              const char *prefix, guint first, guint count)
{
  for (guint i = 0; i < count; i++)
    {
      g_autoptr (JsonObject) e = sn_test_client_next_event (client, 5000);
      g_autofree char *id = g_strdup_printf ("%s-%04u", prefix, first + i);
      JsonObject *payload;

      g_assert_nonnull (e);
      g_assert_cmpstr (json_object_get_string_member (e, "epoch"), ==, epoch);
      g_assert_cmpint (json_object_get_int_member (e, "seq"), ==, ++after);
      g_assert_cmpstr (json_object_get_string_member (e, "kind"), ==, "ticket");
      payload = json_object_get_object_member (e, "payload");
      g_assert_cmpstr (json_object_get_string_member (payload, "service_request_id"), ==, id);
      g_assert_cmpint (json_object_get_int_member (payload, "version"), ==, 1);
      g_assert_false (json_object_has_member (payload, "history"));
    }
  return after;
}

void
sn_test_assert_members (JsonObject *obj, const char *spec)
{
  g_auto (GStrv) pairs = g_strsplit (spec, " ", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *text = NULL;

      if (*pairs[i] == '\0')
        continue;
      g_assert_nonnull (eq);
      name = g_strndup (pairs[i], eq - pairs[i]);
      if (!json_object_has_member (obj, name))
        g_error ("No member “%s” (expected %s)", name, eq + 1);
      text = sn_test_to_json (json_object_get_member (obj, name));
      if (g_strcmp0 (text, eq + 1) != 0)
        g_error ("Member “%s” is %s, expected %s", name, text, eq + 1);
    }
}

char *
sn_test_raw_ws_answer (GSocketConnection *raw, gushort *code)
{
  for (;;)
    {
      guint8 opcode = 0;
      g_autoptr (GBytes) payload = NULL;
      gsize length;
      const guint8 *data;

      *code = 0;
      if (!sn_test_raw_ws_read (raw, 5000, &opcode, &payload))
        return NULL;
      data = g_bytes_get_data (payload, &length);
      if (opcode == 8)
        {
          *code = length >= 2 ? (gushort) (data[0] << 8 | data[1]) : 0;
          return NULL;
        }
      g_assert_cmpint (opcode, ==, 1);
      if (!g_str_has_prefix ((const char *) data, "{\"type\":\"ping\""))
        return g_strndup ((const char *) data, length);
    }
}

void
sn_test_client_drop (SnTestClient *client)
{
  GIOStream *stream = soup_websocket_connection_get_io_stream (client->conn);

  g_io_stream_close (stream, NULL, NULL);
  sn_test_client_free (client);
}

/* ── ingest reports, call events, REST commands ───────────────────────────────── */

JsonObject *
sn_test_problem (JsonObject *report, guint i)
{
  return json_array_get_object_element (json_object_get_array_member (report, "problems"), i);
}

void
sn_test_assert_problem (JsonObject *report, guint i, gint64 index, const char *id, const char *code)
{
  JsonObject *p = sn_test_problem (report, i);

  g_assert_cmpint (json_object_get_int_member (p, "index"), ==, index);
  if (id != NULL)
    g_assert_cmpstr (json_object_get_string_member (p, "id"), ==, id);
  else
    g_assert_false (json_object_has_member (p, "id"));
  g_assert_cmpstr (json_object_get_string_member (p, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (p, "message"), !=, "");
}

char *
sn_test_calls_example_today (gint64 *out_base)
{
  /* The example's offsets from its first event (its COMPLETECALLER's unix time, 1727654650,
   * is a year off the others: 2024-09-30, not 2025). */
  const gint64 offsets[] = { 0, 5, 12, 250, 300 };
  g_autofree char *text = sn_test_load_example ("ingest-calls.json");
  g_autoptr (JsonNode) node = sn_test_parse (text);
  JsonArray *records = json_node_get_array (node);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 day_start = now - (now + 8 * 3600) % 86400; /* Asia/Shanghai, no summer time */
  gint64 base = MAX (now - 360, day_start + 1);

  g_assert_cmpuint (json_array_get_length (records), ==, G_N_ELEMENTS (offsets));
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autofree char *time = sn_test_time (base + offsets[i]);

      json_object_set_string_member (json_array_get_object_element (records, i), "time", time);
    }
  *out_base = base;
  return sn_test_to_json (node);
}

void
sn_test_reply_clear (SnTestReply *reply)
{
  g_clear_pointer (&reply->etag, g_free);
  g_clear_pointer (&reply->body, g_free);
}

void
sn_test_post_command (SnTestHub *hub, const char *token, const char *id, const char *key,
                      const char *if_match, const char *body, SnTestReply *reply)
{
  g_autofree char *url = sn_test_hub_url (hub, "/v1/tickets/%s/commands", id);
  const char *headers[5] = { NULL };
  guint n = 0;

  sn_test_reply_clear (reply);
  if (key != NULL)
    headers[n++] = "Idempotency-Key", headers[n++] = key;
  if (if_match != NULL)
    headers[n++] = "If-Match", headers[n++] = if_match;
  reply->status = sn_test_http_full ("POST", url, token, body, headers, &reply->body, "ETag",
                                     &reply->etag);
}

void
sn_test_assert_ack_reply (SnTestReply *reply, guint status, const char *id, gboolean ok,
                          gint64 version, const char *code)
{
  g_autoptr (JsonObject) ack = sn_test_parse_object (reply->body);

  if (reply->status != status)
    g_error ("status %u, expected %u: %s", reply->status, status, reply->body);
  sn_test_assert_ack (ack, id, ok, version, code);
}

void
sn_test_client_expect_error (SnTestClient *client, const char *code)
{
  g_autoptr (JsonObject) e = sn_test_client_next_message (client, 5000);
  g_autoptr (JsonObject) pong = NULL;

  g_assert_nonnull (e);
  g_assert_cmpstr (json_object_get_string_member (e, "type"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (e, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (e, "message"), !=, "");
  /* Still open and answering. */
  sn_test_client_send (client, "{\"type\": \"ping\"}");
  pong = sn_test_client_next_message (client, 5000);
  g_assert_nonnull (pong);
  g_assert_cmpstr (json_object_get_string_member (pong, "type"), ==, "pong");
  g_assert_false (client->closed);
}
