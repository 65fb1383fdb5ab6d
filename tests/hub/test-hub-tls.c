/* test-hub-tls.c — serve --tls-cert/--tls-key: REST over https and the stream over wss,
 * with a certificate made for the test
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/wait.h>

#include "sn-test-hub.h"

typedef struct
{
  char *dir;
  char *cert;
  char *key;
  char *db;
  GPid pid;
  char *url;
  GTlsCertificate *certificate;
} TlsHub;

static void
make_certificate (TlsHub *h)
{
  const char *argv[] = { "openssl",  "req",           "-x509",   "-newkey",
                         "rsa:2048", "-nodes",        "-keyout", h->key,
                         "-out",     h->cert,         "-days",   "2",
                         "-subj",    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                         NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  h->certificate = g_tls_certificate_new_from_file (h->cert, &error);
  g_assert_no_error (error);
}

static char *
read_line (int fd)
{
  GString *line = g_string_new (NULL);
  char c;

  while (read (fd, &c, 1) == 1 && c != '\n')
    g_string_append_c (line, c);
  return g_string_free (line, FALSE);
}

static void
start (TlsHub *h)
{
  const char *argv[] = {
    sn_test_hub_binary (), "serve", "--db",      h->db,  "--listen", "127.0.0.1:0",
    "--tls-cert",          h->cert, "--tls-key", h->key, NULL
  };
  g_autoptr (GError) error = NULL;
  int out;

  g_auto (GStrv) envp = g_get_environ ();
  g_autofree char *asan = g_strconcat (g_environ_getenv (envp, "ASAN_OPTIONS") ?: "",
                                       ":detect_leaks=0", NULL);

  /* Under AddressSanitizer, LeakSanitizer cannot finish its scan once GnuTLS (loaded by
   * glib-networking for the certificate) has run its threads, and fails the exit: leaks
   * are checked by the other hub tests, which do not load it. */
  envp = g_environ_setenv (envp, "ASAN_OPTIONS", asan, TRUE);
  g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &h->pid, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  h->url = read_line (out);
  close (out);
}

static gboolean
accept_our_certificate (SoupMessage *msg, GTlsCertificate *peer, GTlsCertificateFlags errors,
                        gpointer user_data)
{
  TlsHub *h = user_data;

  /* Self-signed for the test: trusted because it is exactly ours. */
  return g_tls_certificate_is_same (peer, h->certificate);
}

typedef struct
{
  gboolean done;
  SoupWebsocketConnection *conn;
  GError *error;
} Connect;

static void
connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Connect *c = user_data;

  c->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &c->error);
  c->done = TRUE;
}

static void
on_message (SoupWebsocketConnection *conn, int type, GBytes *message, gpointer user_data)
{
  char **first = user_data;

  if (*first == NULL)
    *first = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));
}

static void
test_tls (void)
{
  TlsHub h = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *health = NULL;
  g_autofree char *stream = NULL;
  g_autofree char *first = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (SoupMessage) ws = NULL;
  g_autoptr (GBytes) body = NULL;
  SnTestHub token_hub = { 0 };
  g_autofree char *token = NULL;
  Connect c = { 0 };
  int status;

  h.dir = g_dir_make_tmp ("shuniu-tls-XXXXXX", &error);
  g_assert_no_error (error);
  h.cert = g_build_filename (h.dir, "cert.pem", NULL);
  h.key = g_build_filename (h.dir, "key.pem", NULL);
  h.db = g_build_filename (h.dir, "hub.db", NULL);
  make_certificate (&h);
  token_hub.db = h.db;
  token = sn_test_hub_token (&token_hub, "supervisor", "Wang Li", NULL);
  start (&h);
  g_assert_true (g_str_has_prefix (h.url, "https://127.0.0.1:"));

  health = g_strconcat (h.url, "/healthz", NULL);
  msg = soup_message_new ("GET", health);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_our_certificate), &h);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (
      g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "\"ok\":true"));

  stream = g_strconcat ("wss://", h.url + strlen ("https://"), "/v1/stream", NULL);
  ws = soup_message_new ("GET", stream);
  g_signal_connect (ws, "accept-certificate", G_CALLBACK (accept_our_certificate), &h);
  {
    g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

    soup_message_headers_replace (soup_message_get_request_headers (ws), "Authorization", auth);
  }
  soup_session_websocket_connect_async (session, ws, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        connected_cb, &c);
  sn_test_run_until (&c.done, 10000);
  g_assert_no_error (c.error);
  g_signal_connect (c.conn, "message", G_CALLBACK (on_message), &first);
  soup_websocket_connection_send_text (c.conn, "{\"type\":\"hello\"}");
  while (first == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_str_has_prefix (first, "{\"type\":\"welcome\""));
  soup_websocket_connection_close (c.conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (c.conn);

  kill (h.pid, SIGTERM);
  g_assert_cmpint (waitpid (h.pid, &status, 0), ==, h.pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_unlink (h.cert);
  g_unlink (h.key);
  g_unlink (h.db);
  {
    g_autofree char *wal = g_strconcat (h.db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (h.db, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (h.dir);
  g_free (h.dir);
  g_free (h.cert);
  g_free (h.key);
  g_free (h.db);
  g_free (h.url);
  g_object_unref (h.certificate);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hub/tls", test_tls);
  return g_test_run ();
}
