/* sn-client.h — the console's live connection to a hub: WebSocket with hello/resume,
 * snapshots and events into the console model, heartbeats, and reconnects with jittered
 * exponential backoff
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sn-commands.h"
#include "sn-console-model.h"

G_BEGIN_DECLS

typedef enum {
  SN_CLIENT_OFFLINE, /* not connected and not trying (no hub, or the token was refused) */
  SN_CLIENT_CONNECTING, /* first attempt */
  SN_CLIENT_LIVE, /* welcome received; applying events */
  SN_CLIENT_RECONNECTING, /* lost; next attempt at next-attempt */
} SnClientState;

#define SN_TYPE_CLIENT (sn_client_get_type ())
G_DECLARE_FINAL_TYPE (SnClient, sn_client, SN, CLIENT, GObject)

SnClient *sn_client_new (SnConsoleModel *model);

/* @url: http(s)://host:port of the hub. Connects, and keeps reconnecting until
 * sn_client_disconnect() or a refused token. */
void sn_client_connect (SnClient *self, const char *url, const char *token);
void sn_client_disconnect (SnClient *self);

SnClientState sn_client_get_state (SnClient *self);
SnConsoleModel *sn_client_get_model (SnClient *self);
const char *sn_client_get_url (SnClient *self);
/* From the hub's welcome: its name, our role and district scope (NULL = all). */
const char *sn_client_get_hub_name (SnClient *self);
const char *sn_client_get_role (SnClient *self);
const char *const *sn_client_get_districts (SnClient *self);
/* Real time (unix µs) data last arrived, and of the next reconnect attempt (0 = none). */
gint64 sn_client_get_last_data (SnClient *self);
gint64 sn_client_get_next_attempt (SnClient *self);
/* Why the connection is not live, for the user (NULL when live). */
const char *sn_client_get_error (SnClient *self);
/* The hub's clock, estimated from its messages (unix seconds). */
gint64 sn_client_get_hub_time (SnClient *self);

/* Time spent applying stream frames on the main loop (µs), for benchmarks. */
typedef struct
{
  guint64 frames;
  gint64 total_us;
  gint64 max_us;
} SnClientApplyStats;

void sn_client_get_apply_stats (SnClient *self, SnClientApplyStats *stats);

/* ── commands (data/protocol/README.md, "Commands") ───────────────────────────────
 *
 * A command goes into the client's outbox and stays there until the hub acks it. It is sent
 * at once when the client is LIVE and queued otherwise; after every welcome the client
 * (re)sends every command not yet acknowledged, with the same id and expected_version, so a
 * command whose ack was lost applies exactly once (the hub answers a resend with the first
 * outcome). A rate_limited ack is retried after a jittered backoff (0.25 s doubling to 10 s)
 * until it goes through; an internal one likewise, up to 8 times, then it is reported.
 * The outbox survives sn_client_disconnect() and reconnecting to the same url with the same
 * token. (Should a command wait longer than the hub keeps ids, 24 h, its expected_version
 * still stops it from applying twice: the resend would be a conflict.)
 *
 * Signals:
 *   "command-finished" (const char *id, gboolean ok, gint64 ticket_version,
 *                       const char *error_code, const char *error_message)
 *       the hub answered for good: ok, or refused ("conflict", "forbidden", "not_found",
 *       "invalid", …; ticket_version is then the ticket's current version when the hub
 *       tells it, else 0). Also "cancelled" when sn_client_connect() goes to another hub or
 *       token: those commands may or may not have been applied. The command has left the
 *       outbox; sn_client_lookup_command() still returns it during the emission.
 *   "commands-changed" ()
 *       a command was added to or left the outbox. */

/* Takes @command (its ticket, action, expected_version, reason and the action's fields
 * set); when its id is NULL the client makes one (a UUID). Returns the id (free it). A
 * command with the id of one already in the outbox is dropped: the first stays. */
char *sn_client_send_command (SnClient *self, SnCommand *command);
/* Whether a command on @ticket_id is waiting for its ack (the row's "pending" state). */
gboolean sn_client_get_pending (SnClient *self, const char *ticket_id);
guint sn_client_get_n_pending (SnClient *self);
/* A command in the outbox (or the one being finished), or NULL. */
const SnOutboxEntry *sn_client_lookup_command (SnClient *self, const char *id);

typedef struct
{
  guint64 sent; /* command messages written, resends included */
  guint64 resent; /* of which resends of an id already sent once */
  guint64 retried; /* rate_limited or internal answers, resent later */
  guint64 acked; /* finished with ok */
  guint64 refused; /* finished with a refusal (or cancelled) */
} SnClientCommandStats;

void sn_client_get_command_stats (SnClient *self, SnClientCommandStats *stats);

/* Backoff before attempt @attempt (0-based): 0.25 s doubling to a 10 s cap, with ±50 %
 * jitter drawn from @rand. Exposed for tests. */
double sn_client_backoff_seconds (guint attempt, GRand *rand);

G_END_DECLS
