/* sn-frame.h — the hub's stream frames decoded in one pass, without a JSON tree
 *
 * The console model applies about a hundred thousand events a second; json-glib's tree
 * (a GHashTable and a GSlice per member) costs more than the whole of the model's work.
 * An SnFrame checks a frame's limits, tokenizes it once onto a flat tape, and decodes the
 * parts the console uses straight into its structures, with the same checks and the same
 * errors as sn_ticket_from_json() and the sn_json_get_*() getters.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-call-center.h"
#include "sn-console-model.h"
#include "sn-protocol.h"
#include "sn-sla.h"
#include "sn-ticket.h"

G_BEGIN_DECLS

/* A value of the loaded frame; valid until the next sn_frame_load(). */
typedef guint SnFrameValue;
#define SN_FRAME_NONE G_MAXUINT

typedef enum {
  SN_EVENT_KIND_OTHER, /* from a newer hub: skipped */
  SN_EVENT_KIND_TICKET,
  SN_EVENT_KIND_QUEUE,
  SN_EVENT_KIND_AGENT,
} SnEventKind;

/* {"type": "event", "seq", "kind", "time", "payload"} */
typedef struct
{
  gint64 seq;
  SnEventKind kind;
  gint64 time; /* 0 when absent or not a time */
  SnFrameValue payload; /* an object */
} SnFrameEvent;

/* {"type": "snapshot", "epoch", "head", "part", "last", "tickets", "queues", "agents"} */
typedef struct
{
  const char *epoch; /* NULL when absent or not a string */
  gint64 head; /* 0 when absent or not an integer */
  gint64 part; /* likewise */
  gboolean last;
  SnFrameValue tickets; /* SN_FRAME_NONE when absent; any value, null included */
  SnFrameValue queues;
  SnFrameValue agents;
} SnFrameSnapshot;

/* What a queue object says, as the console model applies it. Strings are borrowed from the
 * frame (or the JsonObject) it was read from. */
typedef struct
{
  const char *reason;
  guint count;
  gboolean counted; /* FALSE: the reason's value is not an integer (it is dropped) */
} SnPausedCount;

typedef struct
{
  const char *name;
  guint waiting;
  gint64 longest_wait_since;
  guint agents[SN_N_AGENT_STATES];
  GArray *paused_reasons; /* of SnPausedCount, in order */
  const char *day; /* NULL when absent */
  SnQueueCounters today;
  GArray *intervals; /* of SnIntervalCounts, in order; those with start 0 are skipped */
  GArray *recent; /* of SnMinuteSample: the hub's last two hours, per minute (snapshots) */
} SnQueueUpdate;

void sn_queue_update_init (SnQueueUpdate *update);
void sn_queue_update_reset (SnQueueUpdate *update);
void sn_queue_update_clear (SnQueueUpdate *update);

typedef struct _SnFrame SnFrame;

/* A frame decoder, reused from frame to frame so that decoding allocates nothing of its own
 * once warm. */
SnFrame *sn_frame_new (void);
void sn_frame_free (SnFrame *frame);

/* Checks size (TOO_LARGE), UTF-8 (MALFORMED) and depth (TOO_DEEP) like sn_json_parse_bounded(),
 * then tokenizes JSON (RFC 8259, plus raw control characters in strings, which json-glib
 * takes and writes) whose root is an object (else NOT_OBJECT). Anything else is MALFORMED,
 * including what json-glib 1.6 takes although it is not JSON (comments, single quotes, hex
 * numbers, values after the root…) and values this decoder does not represent (integers
 * beyond 64 bits, \u0000, unpaired surrogates): callers that must take exactly what
 * json-glib takes hand MALFORMED frames to sn_json_parse_object(). */
gboolean sn_frame_load (SnFrame *frame, const char *text, gsize length, gsize max_bytes,
                        guint max_depth, GError **error);

/* The message's "type"; FALSE when absent, not a string or not a known type. */
gboolean sn_frame_get_message_type (SnFrame *frame, SnMessageType *type);
/* "seq" (an integer), "kind" (a string) and "payload" (an object) are required. */
gboolean sn_frame_read_event (SnFrame *frame, SnFrameEvent *event, GError **error);
void sn_frame_read_snapshot (SnFrame *frame, SnFrameSnapshot *snapshot);

gboolean sn_frame_is_array (SnFrame *frame, SnFrameValue value);
gboolean sn_frame_is_object (SnFrame *frame, SnFrameValue value);

/* The elements of an array, in order. */
typedef struct
{
  SnFrame *frame;
  guint next;
  guint end;
} SnFrameIter;

void sn_frame_iter_init (SnFrameIter *iter, SnFrame *frame, SnFrameValue array);
gboolean sn_frame_iter_next (SnFrameIter *iter, SnFrameValue *element);

/* Exactly sn_ticket_from_json() on the object @value: the same fields, checks and errors. */
SnTicket *sn_frame_read_ticket (SnFrame *frame, SnFrameValue value,
                                SnStall stalls[SN_N_STALL_REASONS], guint *n_stalls,
                                gint64 *deadline, GError **error);
/* The same into @ticket without copying: its strings and units are borrowed from the frame
 * (valid until the next sn_frame_load() or borrowed read), its history (NULL when the object
 * has none) is the caller's to free. On error @ticket holds nothing to free. */
gboolean sn_frame_read_ticket_borrowed (SnFrame *frame, SnFrameValue value, SnTicket *ticket,
                                        SnStall stalls[SN_N_STALL_REASONS], guint *n_stalls,
                                        gint64 *deadline, GError **error);
/* A queue object: "queue" (a string), "agents" and "today" (objects) are required; other
 * members that are absent or of another type count as 0. @update is reset first. */
gboolean sn_frame_read_queue (SnFrame *frame, SnFrameValue value, SnQueueUpdate *update,
                              GError **error);
/* An agent object: "agent" and "state" (a known agent state) are required. */
gboolean sn_frame_read_agent (SnFrame *frame, SnFrameValue value, const char **agent,
                              SnAgentState *state, GError **error);

/* The same two from a JsonObject, for the console model's JsonObject API. */
gboolean sn_queue_update_read_json (SnQueueUpdate *update, JsonObject *obj, GError **error);
gboolean sn_agent_read_json (JsonObject *obj, const char **agent, SnAgentState *state,
                             GError **error);

/* sn_time_parse(), with a fast path for the hub's own "YYYY-MM-DDTHH:MM:SSZ". */
gboolean sn_frame_parse_time (const char *iso8601, gint64 *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnFrame, sn_frame_free)

G_END_DECLS
