/* sn-hub.h — the hub: work orders, queue state and the event log, served over HTTP and
 * WebSocket
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sn-clock.h"
#include "sn-store.h"

G_BEGIN_DECLS

#define SN_HUB_ERROR (sn_hub_error_quark ())
GQuark sn_hub_error_quark (void);

typedef enum {
  SN_HUB_ERROR_LISTEN,
  SN_HUB_ERROR_TLS,
  SN_HUB_ERROR_LOAD,
} SnHubError;

typedef struct
{
  const char *name; /* shown to consoles in "welcome" */
  double command_rate; /* commands per second per connection */
  double command_burst;
  guint heartbeat_seconds; /* hub → console ping interval */
  guint peer_timeout_seconds; /* drop a peer silent this long */
  gint64 event_retention_seconds; /* the resume window (≥ 24 h) */
  gint64 command_retention_seconds;
  SnClock *clock; /* NULL: real time; the simulator's clock when simulating */
  const char *tiles; /* MBTiles file served at /v1/tiles, or NULL */
  const char *city; /* city pack whose districts /v1/districts serves, or NULL */
} SnHubOptions;

void sn_hub_options_init (SnHubOptions *options);

#define SN_TYPE_HUB (sn_hub_get_type ())
G_DECLARE_FINAL_TYPE (SnHub, sn_hub, SN, HUB, GObject)

/* Takes a reference on @store and loads its work orders and call-center state. */
SnHub *sn_hub_new (SnStore *store, const SnHubOptions *options, GError **error);
/* "HOST:PORT" (port 0 picks a free one); with a certificate, https/wss. */
gboolean sn_hub_listen (SnHub *self, const char *address, GTlsCertificate *certificate,
                        GError **error);
/* "http://127.0.0.1:40123" once listening. */
const char *sn_hub_get_url (SnHub *self);
void sn_hub_shutdown (SnHub *self);

G_END_DECLS
