/* sn-hub-private.h — what the hub's files share
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "sn-auth.h"
#include "sn-call-center.h"
#include "sn-hub.h"
#include "sn-hub-tiles.h"
#include "sn-json.h"
#include "sn-protocol.h"
#include "sn-sla.h"
#include "sn-ticket-json.h"

G_BEGIN_DECLS

/*
 * Writes go through one pipeline, so that a change is acknowledged only once it is
 * committed, and so that many changes share one commit (group commit):
 *
 *   request ─▶ SnHubOp queued ─▶ flush: BEGIN
 *                                  for each op: SAVEPOINT, op->apply (stages tickets,
 *                                  appends events), RELEASE or ROLLBACK TO
 *                                COMMIT ─▶ install staged tickets ─▶ broadcast events
 *                                       ─▶ op->finish (ack / HTTP response)
 */
typedef struct _SnHubOp SnHubOp;

struct _SnHubOp
{
  gboolean (*apply) (SnHub *hub, SnHubOp *op, GError **error);
  /* @error: NULL when the op's effect is committed (the op may still have refused the
   * request itself); set when the op or the commit failed. */
  void (*finish) (SnHub *hub, SnHubOp *op, const GError *error);
  void (*free) (SnHubOp *op);

  GHashTable *staged; /* id → SnTicket*: this op's changes, not yet in the batch */
  GPtrArray *events; /* SnHubEvent*: appended by this op */
  GError *error; /* why apply failed, for finish */
};

/* A committed event, shared by every client it is sent to. */
typedef struct
{
  gint64 seq;
  char *district; /* NULL for center-wide events */
  GBytes *text;
} SnHubEvent;

void sn_hub_event_free (SnHubEvent *event);

/* One connected console. */
typedef struct _SnHubClient SnHubClient;

struct _SnHub
{
  GObject parent_instance;

  SnStore *store;
  SnHubOptions options;
  char *name;
  SoupServer *server;
  char *url;

  SnClock *clock;
  SnCalendar *calendar;
  SnSlaRules rules;
  SnCallCenter *calls;

  SnMbtiles *tiles; /* NULL: no --tiles */
  SnHubDistricts *districts; /* NULL: no city pack */

  GTree *tickets; /* id → SnTicket*, sorted for cursor paging */
  GHashTable *stalls; /* id → StallSet*: last evaluated stall reasons */
  GSequence *stall_timers; /* of StallTimer*, by due time */
  GHashTable *stall_timer_by_id; /* id → GSequenceIter* */

  GQueue pending; /* SnHubOp* waiting for the next flush */
  GHashTable *batch; /* id → SnTicket*: staged by ops of the running flush */
  GHashTable *pending_command_ids; /* id → SnHubOp*: commands queued, not yet flushed */
  guint flush_source;
  guint tick_source;
  guint prune_source;
  guint heartbeat_source;

  GPtrArray *clients; /* SnHubClient* */
  gboolean corking; /* between sn_hub_stream_cork () and _uncork () */

  GHashTable *recent; /* queue → QueueMinutes: the last two hours, per minute */
  gint64 call_journal_head; /* last call event journaled */
  gint64 call_checkpoint_id; /* last call event covered by the stored state */
  gint64 last_checkpoint;
};

gint64 sn_hub_now (SnHub *self);

/* Queues @op for the next flush. */
void sn_hub_submit (SnHub *self, SnHubOp *op);
void sn_hub_op_init (SnHubOp *op);
void sn_hub_op_clear (SnHubOp *op);

/* Inside op->apply: the current version of a ticket (op, batch, then committed), and a
 * writable copy staged in the op. */
const SnTicket *sn_hub_lookup_ticket (SnHub *self, SnHubOp *op, const char *id);
SnTicket *sn_hub_stage_ticket (SnHub *self, SnHubOp *op, const char *id);
SnTicket *sn_hub_stage_new_ticket (SnHub *self, SnHubOp *op, const char *id);
/* Writes a staged ticket and appends its "ticket" event (with stall reasons). */
gboolean sn_hub_write_ticket (SnHub *self, SnHubOp *op, SnTicket *ticket, GError **error);
/* Appends an event of @kind whose payload is the single value built by @build_payload. */
gboolean sn_hub_append_event (SnHub *self, SnHubOp *op, const char *kind, const char *district,
                              void (*build_payload) (JsonBuilder *b, gpointer data), gpointer data,
                              GError **error);
/* Ticket as JSON for the protocol, with deadline and stall reasons evaluated now. */
void sn_hub_ticket_to_json (SnHub *self, const SnTicket *ticket, gboolean with_history,
                            JsonBuilder *builder);
guint sn_hub_ticket_stalls (SnHub *self, const SnTicket *ticket, SnStall out[SN_N_STALL_REASONS]);

gboolean sn_hub_audit (SnHub *self, const SnPrincipal *who, const char *action, const char *ticket,
                       const char *command_id, const char *origin, const char *outcome,
                       const char *reason, GError **error);

/* Commands (sn-hub-commands.c). @done receives the ack text, the HTTP status that goes
 * with it, and the new version (0 on failure). */
typedef void (*SnCommandDone) (SnHub *hub, const char *ack, guint http_status, gpointer user_data);
void sn_hub_submit_command (SnHub *self, const SnPrincipal *who, const char *origin,
                            SnCommand *command, SnCommandDone done, gpointer user_data);

/* Streams (sn-hub-stream.c) */
void sn_hub_stream_register (SnHub *self);
void sn_hub_stream_broadcast (SnHub *self, SnHubEvent *event);
/* Between these, what is sent to a console is held in its socket (TCP_CORK) and goes out
 * in as few TCP segments as possible at _uncork (): a flush's events and acks together,
 * instead of one segment (and one trip through the network stack) per message. */
void sn_hub_stream_cork (SnHub *self);
void sn_hub_stream_uncork (SnHub *self);
void sn_hub_stream_close_all (SnHub *self);
void sn_hub_client_free (SnHubClient *client);

/* REST (sn-hub-rest.c) */
void sn_hub_rest_register (SnHub *self);
/* Sends {"error":{"code","message"}} with @status. */
void sn_hub_reply_error (SoupServerMessage *msg, guint status, const char *code,
                         const char *message);
void sn_hub_reply_json (SoupServerMessage *msg, guint status, char *text, gsize length);
SnPrincipal *sn_hub_authenticate (SnHub *self, SoupServerMessage *msg);
char *sn_hub_describe_peer (SoupServerMessage *msg, const char *transport);

/* Call-center state: events for changed queues and agents; the journal of call events;
 * rebuilding the state from the store (checkpoint + journal). */
gboolean sn_hub_emit_call_center (SnHub *self, SnHubOp *op, GPtrArray *queues, GPtrArray *agents,
                                  GError **error);
gboolean sn_hub_journal_call_event (SnHub *self, JsonNode *event, GError **error);
void sn_hub_reload_call_center (SnHub *self);

/* The last two hours of a queue, per minute, as a JSON array of [minute, waiting,
 * available] (for the consoles' live chart), or NULL. */
char *sn_hub_recent_minutes (SnHub *self, const char *queue);

/* Ingest (sn-hub-ingest.c) */
void sn_hub_ingest_register (SnHub *self);

/* Map data (sn-hub-tiles.c, sn-hub-districts.c): opens @tiles (an MBTiles file) and loads
 * the districts of the city pack @city (either may be NULL); fails with SN_HUB_ERROR_LOAD. */
gboolean sn_hub_map_load (SnHub *self, const char *tiles, const char *city, GError **error);
/* The caller of a map request (any role that may stream), or NULL after replying 401, 403
 * or 405 (only GET and HEAD). */
SnPrincipal *sn_hub_map_authenticate (SnHub *self, SoupServerMessage *msg);
/* An early handler at @path answering 405 to anything but GET and HEAD, before any body. */
void sn_hub_map_refuse_bodies (SnHub *self, const char *path);
void sn_hub_tiles_register (SnHub *self);
void sn_hub_districts_register (SnHub *self);

G_END_DECLS
