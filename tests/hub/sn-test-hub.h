/* sn-test-hub.h — a real shuniu-hub on 127.0.0.1:0 for tests and benchmarks, with tokens,
 * a WebSocket client and HTTP helpers
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct {
  char *dir;        /* private temporary directory */
  char *db;         /* database path inside it */
  char *url;        /* http://127.0.0.1:PORT */
  char *ws_url;     /* ws://127.0.0.1:PORT/v1/stream */
  GPid pid;         /* 0 when stopped */
  char **extra_args;
} SnTestHub;

/* The shuniu-hub binary: $SHUNIU_HUB (set by meson) or build/src/hub/shuniu-hub. */
const char *sn_test_hub_binary (void);

/* A new hub with a fresh database in a temporary directory; @extra_args (may be NULL) are
 * appended to "serve". Aborts the test on failure. */
SnTestHub *sn_test_hub_new (const char *const *extra_args);
/* Starts (again) on the same database; a restart keeps the same port when possible. */
void sn_test_hub_start (SnTestHub *hub);
/* SIGTERM and wait (clean shutdown), or SIGKILL and wait. */
void sn_test_hub_stop (SnTestHub *hub);
void sn_test_hub_kill (SnTestHub *hub);
/* Stops the hub and removes its directory. */
void sn_test_hub_free (SnTestHub *hub);

/* "token create" on the hub's database; returns the token. @districts may be NULL. */
char *sn_test_hub_token (SnTestHub *hub, const char *role, const char *name,
                         const char *districts);

/* A blocking HTTP request (runs its own main context). Returns the status; @out_body (may be
 * NULL) receives the body. @headers: NULL-terminated name, value pairs, may be NULL. */
guint sn_test_http (const char *method, const char *url, const char *token, const char *body,
                    const char *const *headers, char **out_body);
/* sn_test_http() with the body parsed; asserts the body is a JSON value. */
JsonNode *sn_test_http_json (const char *method, const char *url, const char *token,
                             const char *body, const char *const *headers, guint *out_status);

/* A WebSocket client that queues what it receives. */
typedef struct {
  SoupSession *session;
  SoupWebsocketConnection *conn;
  GQueue messages;     /* of char* (text frames) */
  gboolean closed;
  gushort close_code;
  guint http_status;   /* of a refused upgrade */
} SnTestClient;

/* Connects with @token (NULL: no Authorization header); waits up to 5 s. Returns NULL when
 * the upgrade was refused, with @out_status set to the HTTP status. @origin may be NULL. */
SnTestClient *sn_test_client_connect (SnTestHub *hub, const char *token, const char *origin,
                                      guint *out_status);
void sn_test_client_send (SnTestClient *client, const char *text);
void sn_test_client_send_printf (SnTestClient *client, const char *format, ...)
  G_GNUC_PRINTF (2, 3);
/* Waits up to @timeout_ms for the next message; NULL on timeout or close. Caller frees. */
char *sn_test_client_next (SnTestClient *client, guint timeout_ms);
/* The next message parsed; asserts it is an object. NULL on timeout. */
JsonObject *sn_test_client_next_object (SnTestClient *client, guint timeout_ms);
/* Skips messages until one of @type arrives (pings are skipped); NULL on timeout. */
JsonObject *sn_test_client_wait_type (SnTestClient *client, const char *type,
                                      guint timeout_ms);
/* Waits until the connection is closed (up to @timeout_ms); returns whether it closed. */
gboolean sn_test_client_wait_closed (SnTestClient *client, guint timeout_ms);
void sn_test_client_free (SnTestClient *client);

/* Iterates the default main context for up to @ms, or until @done is TRUE. */
void sn_test_run_until (gboolean *done, guint ms);

/* Loads data/protocol/examples/@name as text (for tests that send the documented examples). */
char *sn_test_load_example (const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnTestClient, sn_test_client_free)

G_END_DECLS
