/* sn-context.h — what the console's pages share: settings, the console model and the live
 * connection, and the embedded demo hub when there is one
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sn-client.h"
#include "sn-console-model.h"

G_BEGIN_DECLS

#define SN_TYPE_CONTEXT (sn_context_get_type ())
G_DECLARE_FINAL_TYPE (SnContext, sn_context, SN, CONTEXT, GObject)

SnContext *sn_context_new (GSettings *settings);

GSettings *sn_context_get_settings (SnContext *self);
SnConsoleModel *sn_context_get_model (SnContext *self);
SnClient *sn_context_get_client (SnContext *self);
/* Connects the client, and keeps the address and token for REST reads (a ticket's history). */
void sn_context_connect (SnContext *self, const char *url, const char *token);

/* Work orders as points on the map, and the districts, shared by the Map page and the
 * small maps of the ticket detail (created on first use). */
typedef struct _SnMapData SnMapData;
SnMapData *sn_context_get_map_data (SnContext *self);

/* The hub's address and the token given to sn_context_connect() (NULL before). */
const char *sn_context_get_url (SnContext *self);
const char *sn_context_get_token (SnContext *self);

/* GET @path (e.g. "/v1/tickets/ID") from the connected hub as JSON. */
void sn_context_get_json_async (SnContext *self, const char *path, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
JsonNode *sn_context_get_json_finish (SnContext *self, GAsyncResult *result, GError **error);

/* The hub's clock (unix seconds), for ticking ages. */
gint64 sn_context_get_now (SnContext *self);

/* Starts the embedded demo: a hub with the normal scenario in a child process on a
 * loopback port with a temporary database and a supervisor token made for it; connects to
 * it. The child stops with the context. */
void sn_context_start_demo_async (SnContext *self, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
gboolean sn_context_start_demo_finish (SnContext *self, GAsyncResult *result, GError **error);
gboolean sn_context_is_demo (SnContext *self);
/* Stops the demo hub, if any (also done on dispose). */
void sn_context_stop_demo (SnContext *self);

G_END_DECLS
