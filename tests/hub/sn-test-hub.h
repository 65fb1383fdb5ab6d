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

typedef struct
{
  char *dir; /* private temporary directory */
  char *db; /* database path inside it */
  char *url; /* http://127.0.0.1:PORT */
  char *ws_url; /* ws://127.0.0.1:PORT/v1/stream */
  GPid pid; /* 0 when stopped */
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
char *sn_test_hub_token (SnTestHub *hub, const char *role, const char *name, const char *districts);

/* A blocking HTTP request (runs its own main context). Returns the status; @out_body (may be
 * NULL) receives the body. @headers: NULL-terminated name, value pairs, may be NULL. */
guint sn_test_http (const char *method, const char *url, const char *token, const char *body,
                    const char *const *headers, char **out_body);
/* sn_test_http() with the body parsed; asserts the body is a JSON value. */
JsonNode *sn_test_http_json (const char *method, const char *url, const char *token,
                             const char *body, const char *const *headers, guint *out_status);

/* A WebSocket client that queues what it receives. */
typedef struct
{
  SoupSession *session;
  SoupWebsocketConnection *conn;
  GQueue messages; /* of char* (text frames) */
  gboolean closed;
  gushort close_code;
  guint http_status; /* of a refused upgrade */
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
JsonObject *sn_test_client_wait_type (SnTestClient *client, const char *type, guint timeout_ms);
/* Waits until the connection is closed (up to @timeout_ms); returns whether it closed. */
gboolean sn_test_client_wait_closed (SnTestClient *client, guint timeout_ms);
void sn_test_client_free (SnTestClient *client);

/* Iterates the default main context for up to @ms, or until @done is TRUE. */
void sn_test_run_until (gboolean *done, guint ms);

/* Loads data/protocol/examples/@name as text (for tests that send the documented examples). */
char *sn_test_load_example (const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnTestClient, sn_test_client_free)

/* ── additions for the hub test programs ───────────────────────────────────────── */

/* "token create" like sn_test_hub_token(), also returning the token's public id. */
char *sn_test_hub_token_with_id (SnTestHub *hub, const char *role, const char *name,
                                 const char *districts, char **out_id);
/* "token revoke --id @id" on the hub's database; asserts it succeeded. */
void sn_test_hub_revoke_token (SnTestHub *hub, const char *id);
/* hub->url + the formatted path. */
char *sn_test_hub_url (SnTestHub *hub, const char *path_format, ...) G_GNUC_PRINTF (2, 3);

/* JSON text → value; asserts it parses. */
JsonNode *sn_test_parse (const char *text);
JsonObject *sn_test_parse_object (const char *text);
char *sn_test_to_json (JsonNode *node);

/* GET @path with @token; asserts @expected_status and a JSON object body. */
JsonObject *sn_test_get_object (SnTestHub *hub, const char *token, const char *path,
                                guint expected_status);
/* POST @body to /v1/ingest/@kind ("requests" or "calls"); asserts 200 and returns the
 * report {"applied", "unchanged", "skipped", "rejected", "problems"}. */
JsonObject *sn_test_ingest (SnTestHub *hub, const char *token, const char *kind, const char *body);
/* An Open311 request record for /v1/ingest/requests: @units is a comma-separated list (may
 * be NULL or ""), @extra (may be NULL) is appended inside the object ("\"priority\": 2"). */
char *sn_test_request_json (const char *id, const char *district, const char *state,
                            const char *units, const char *extra);
/* @count records "@prefix-0000" … in @district, joined into one JSON array. */
char *sn_test_requests_batch (const char *prefix, guint first, guint count, const char *district,
                              const char *state, const char *units);

/* Sends @request as is over a new TCP connection to the hub and reads the answer until the
 * server closes or 5 s pass. Returns the HTTP status (0 if none); @out_response (may be
 * NULL) receives the whole response text. */
guint sn_test_raw_http (SnTestHub *hub, const char *request, char **out_response);

/* ISO 8601 UTC text of a unix time (the hub's format). */
char *sn_test_time (gint64 unix_seconds);
gint64 sn_test_parse_time (const char *iso8601);

/* Connects and asserts the upgrade succeeded. */
SnTestClient *sn_test_client_open (SnTestHub *hub, const char *token);
/* Sends hello (with resume when @epoch is not NULL) and returns the welcome (asserted). */
JsonObject *sn_test_client_hello (SnTestClient *client, const char *epoch, gint64 after);

typedef struct
{
  char *epoch;
  gint64 head;
  char *reason;
  guint parts;
  GPtrArray *tickets; /* JsonObject*, in the order received */
  GPtrArray *queues; /* JsonObject* */
  GPtrArray *agents; /* JsonObject* */
} SnTestSnapshot;

/* Reads snapshot parts up to the one with "last": true, asserting that the next messages
 * (pings aside) are exactly those parts, numbered from 0, with one epoch, head and reason. */
SnTestSnapshot *sn_test_client_read_snapshot (SnTestClient *client, guint timeout_ms);
void sn_test_snapshot_free (SnTestSnapshot *snapshot);
/* A ticket of the snapshot by id, or NULL. */
JsonObject *sn_test_snapshot_find (SnTestSnapshot *snapshot, const char *id);
/* open + hello + snapshot (freed): a live console. Returns the welcome's epoch in @out_epoch
 * and the snapshot's head in @out_head (both may be NULL). */
SnTestClient *sn_test_client_open_live (SnTestHub *hub, const char *token, char **out_epoch,
                                        gint64 *out_head);

/* The next message that is not a ping (the hub pings every client, at any moment); NULL on
 * timeout or close. */
JsonObject *sn_test_client_next_message (SnTestClient *client, guint timeout_ms);
/* The first queued or arriving message of @type whose string member @member equals @value
 * (@member NULL: any), removed from the queue; the messages before it stay queued. NULL on
 * timeout. */
JsonObject *sn_test_client_take (SnTestClient *client, const char *type, const char *member,
                                 const char *value, guint timeout_ms);
/* The next message that is not a ping, asserted to be an event; NULL on timeout. */
JsonObject *sn_test_client_next_event (SnTestClient *client, guint timeout_ms);
/* The first "ticket" event for @ticket, removed from the queue; NULL on timeout. */
JsonObject *sn_test_client_take_ticket_event (SnTestClient *client, const char *ticket,
                                              guint timeout_ms);
/* Drops queued pings; returns how many messages of other types remain queued. */
guint sn_test_client_pending (SnTestClient *client);

/* A stream command's text; @extra (may be NULL) is appended inside the object. */
char *sn_test_command_json (const char *id, const char *ticket, const char *action,
                            gint64 expected_version, const char *reason, const char *extra);
/* Sends the command and returns its ack (taken by id), asserted to arrive within 5 s. */
JsonObject *sn_test_client_command (SnTestClient *client, const char *id, const char *ticket,
                                    const char *action, gint64 expected_version, const char *reason,
                                    const char *extra);
/* Asserts @ack is an ack of @id with ok == @ok, the given version, and (when not ok) the
 * error code. */
void sn_test_assert_ack (JsonObject *ack, const char *id, gboolean ok, gint64 version,
                         const char *code);

/* GET /v1/tickets/@id (with history) as @token; asserts 200 and returns it. */
JsonObject *sn_test_get_ticket (SnTestHub *hub, const char *token, const char *id);
/* Every work order @token may see, page after page: id → version (as GINT_TO_POINTER). */
GHashTable *sn_test_ticket_versions (SnTestHub *hub, const char *token);
/* Number of history entries of @kind (and @reason when not NULL) in a ticket with history. */
guint sn_test_count_history (JsonObject *ticket, const char *kind, const char *reason);
/* The whole audit log, page after page, as @token (admin or manager): JsonObject* records. */
GPtrArray *sn_test_get_audit (SnTestHub *hub, const char *token);
/* The one record of @audit (from sn_test_get_audit()) with @command_id; asserts there is
 * exactly one. */
JsonObject *sn_test_find_audit (GPtrArray *audit, const char *command_id);
/* /healthz's head. */
gint64 sn_test_hub_head (SnTestHub *hub);
/* The stall reasons of a ticket object, as "a,b,c". */
char *sn_test_stall_reasons (JsonObject *ticket);

/* sn_test_http() that also returns the value of the response header @header (NULL when the
 * response has none) in @out_header. */
guint sn_test_http_full (const char *method, const char *url, const char *token, const char *body,
                         const char *const *headers, char **out_body, const char *header,
                         char **out_header);
/* Asserts @status is @expected_status and @body is {"error": {"code": @code, "message"}}. */
void sn_test_assert_error (guint status, const char *body, guint expected_status, const char *code);
/* @method @path (with @body, may be NULL) as @token; asserts the error status and code. */
void sn_test_expect_error (SnTestHub *hub, const char *method, const char *path, const char *token,
                           const char *body, guint expected_status, const char *code);
/* Asserts members of @obj by their JSON text: @spec is "name=json name=json …", e.g.
 * "offered=1 state=\"paused\" callid=null" (no spaces inside a value). */
void sn_test_assert_members (JsonObject *obj, const char *spec);
/* Asserts an ingest report's counts, and one problem per skipped or rejected record. */
void sn_test_assert_report (JsonObject *report, gint64 applied, gint64 unchanged, gint64 skipped,
                            gint64 rejected);
/* Reads @count events (pings skipped): seqs @after + 1, + 2, …, in @epoch, each a "ticket"
 * event for "@prefix-NNNN" from @first on, at version 1, without history. Returns the last
 * seq. */
gint64 sn_test_client_expect_events (SnTestClient *client, const char *epoch, gint64 after,
                                     const char *prefix, guint first, guint count);

/* Problem @i of an ingest report, and an assertion on its index, id (NULL: none) and code. */
JsonObject *sn_test_problem (JsonObject *report, guint i);
void sn_test_assert_problem (JsonObject *report, guint i, gint64 index, const char *id,
                             const char *code);
/* data/protocol/examples/ingest-calls.json with its events moved to a few minutes ago (queue
 * counters are today's), keeping their spacing; @out_base: the first event's time. */
char *sn_test_calls_example_today (gint64 *out_base);

/* A REST answer. */
typedef struct
{
  guint status;
  char *etag;
  char *body;
} SnTestReply;

void sn_test_reply_clear (SnTestReply *reply);
/* POST @body to /v1/tickets/@id/commands with Idempotency-Key @key and If-Match @if_match
 * (each may be NULL); the answer replaces @reply's. */
void sn_test_post_command (SnTestHub *hub, const char *token, const char *id, const char *key,
                           const char *if_match, const char *body, SnTestReply *reply);
/* Asserts the answer's status and that its body is the ack described. */
void sn_test_assert_ack_reply (SnTestReply *reply, guint status, const char *id, gboolean ok,
                               gint64 version, const char *code);

/* Asserts the next message is an error with @code, and that the connection still answers a
 * ping. */
void sn_test_client_expect_error (SnTestClient *client, const char *code);

/* Drops the connection without a closing handshake, as a network failure would, and frees
 * the client. */
void sn_test_client_drop (SnTestClient *client);

/* A bare WebSocket client, for frames libsoup's client will not send (text that is not
 * UTF-8). Opens /v1/stream with @token, asserting the 101 answer. */
GSocketConnection *sn_test_raw_ws_open (SnTestHub *hub, const char *token);
/* Sends one masked frame with FIN set (opcode 1 text, 2 binary, 8 close, 9 ping). */
void sn_test_raw_ws_send (GSocketConnection *conn, guint8 opcode, const void *data, gsize length);
/* Reads one frame; FALSE on end of stream or timeout. */
gboolean sn_test_raw_ws_read (GSocketConnection *conn, guint timeout_ms, guint8 *out_opcode,
                              GBytes **out_payload);
/* The next text frame from the hub (pings skipped), or NULL when it closed the connection
 * (or 5 s passed); @code receives the close frame's code, 0 when none came. */
char *sn_test_raw_ws_answer (GSocketConnection *conn, gushort *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnTestSnapshot, sn_test_snapshot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnTestHub, sn_test_hub_free)

G_END_DECLS
