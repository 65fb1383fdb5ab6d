/* sn-client.h — the console's live connection to a hub: WebSocket with hello/resume,
 * snapshots and events into the console model, heartbeats, and reconnects with jittered
 * exponential backoff
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

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

/* Backoff before attempt @attempt (0-based): 0.25 s doubling to a 10 s cap, with ±50 %
 * jitter drawn from @rand. Exposed for tests. */
double sn_client_backoff_seconds (guint attempt, GRand *rand);

G_END_DECLS
