/* sn-call-center-private.h — what the call center's files share: the state's structures
 * (drawn in sn-call-center.c), the tables the events and the saved state are read with, and
 * the helpers that build the state and write it as JSON
 *
 *   sn-call-center.c       the state, applying events, _tick(), queues and agents as JSON
 *   sn-call-center-save.c  _save() and _load()
 *   sn-call-event.c        SnCallEvent from JSON, verb names
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-call-center.h"

G_BEGIN_DECLS

/* 96 intervals in a normal day, 100 in the 25-hour day when summer time ends. */
#define MAX_INTERVALS 100
/* 9999-12-31T23:59:59Z, the last instant GDateTime can show. */
#define MAX_TIME G_GINT64_CONSTANT (253402300799)

typedef struct _Agent Agent;
typedef struct _Queue Queue;

typedef struct
{
  char *callid;
  Queue *queue;
  gint64 entered;
  gint64 connected; /* 0 while waiting */
  Agent *agent; /* the agent on the call, NULL while waiting */
  GSequenceIter *waiting_iter; /* in queue->waiting while waiting, else NULL */
} Call;

struct _Queue
{
  char *name;
  GSequence *waiting; /* Call *, earliest enter time first */
  GHashTable *members; /* agent id → Agent * */
  SnQueueCounters today;
  SnQueueCounters intervals[MAX_INTERVALS];
};

struct _Agent
{
  char *id;
  SnAgentState state;
  gint64 since;
  char *pause_reason;
  char *callid; /* the call the agent is on, kept through a pause */
  gint64 wrapup_until;
  GSequenceIter *wrapup_iter; /* in State.wrapups while in wrap-up, else NULL */
  GHashTable *queues; /* queue name → Queue * */
};

typedef struct
{
  GHashTable *queues; /* name → Queue * (owned) */
  GHashTable *agents; /* id → Agent * (owned) */
  GHashTable *calls; /* callid → Call * (owned): waiting and connected calls */
  GSequence *wrapups; /* Agent * */
  guint n_waiting;
  gboolean has_day;
  gint64 day_start, day_end; /* the local day the counters are for */
  gint64 now; /* the latest time seen, for the current interval */
} State;

struct _SnCallCenter
{
  SnCalendar *calendar;
  State *state;
};

/* The fields each verb needs: required when an event is parsed (sn-call-event.c) and checked
 * again for events built by hand (sn-call-center.c). */
enum { NEED_CALLID = 1 << 0, NEED_QUEUE = 1 << 1, NEED_AGENT = 1 << 2 };

static const guint8 verb_needs[SN_N_CALL_VERBS] = {
  [SN_CALL_ENTERQUEUE] = NEED_CALLID | NEED_QUEUE,
  [SN_CALL_CONNECT] = NEED_CALLID | NEED_QUEUE | NEED_AGENT,
  [SN_CALL_COMPLETECALLER] = NEED_CALLID | NEED_QUEUE | NEED_AGENT,
  [SN_CALL_COMPLETEAGENT] = NEED_CALLID | NEED_QUEUE | NEED_AGENT,
  [SN_CALL_ABANDON] = NEED_CALLID | NEED_QUEUE,
  [SN_CALL_EXITWITHTIMEOUT] = NEED_CALLID | NEED_QUEUE,
  [SN_CALL_AGENTLOGIN] = NEED_QUEUE | NEED_AGENT,
  [SN_CALL_AGENTLOGOFF] = NEED_AGENT,
  [SN_CALL_PAUSE] = NEED_AGENT,
  [SN_CALL_UNPAUSE] = NEED_AGENT,
};

/* The counters by name, as written (sn-call-center.c) and read back (sn-call-center-save.c). */
typedef struct
{
  const char *name;
  gsize offset;
  gboolean wide; /* gint64 rather than guint */
} CounterField;

static const CounterField counter_fields[] = {
  { "offered", G_STRUCT_OFFSET (SnQueueCounters, offered), FALSE },
  { "answered", G_STRUCT_OFFSET (SnQueueCounters, answered), FALSE },
  { "answered_within", G_STRUCT_OFFSET (SnQueueCounters, answered_within), FALSE },
  { "abandoned", G_STRUCT_OFFSET (SnQueueCounters, abandoned), FALSE },
  { "abandoned_within", G_STRUCT_OFFSET (SnQueueCounters, abandoned_within), FALSE },
  { "timed_out", G_STRUCT_OFFSET (SnQueueCounters, timed_out), FALSE },
  { "answer_wait_total", G_STRUCT_OFFSET (SnQueueCounters, answer_wait_total), TRUE },
  { "handled", G_STRUCT_OFFSET (SnQueueCounters, handled), FALSE },
  { "handle_total", G_STRUCT_OFFSET (SnQueueCounters, handle_total), TRUE },
};

/* The state (sn-call-center.c) */
State *sn_call_center_state_new (void);
void sn_call_center_state_free (State *st);
Queue *sn_call_center_ensure_queue (State *st, const char *name);
Agent *sn_call_center_ensure_agent (State *st, const char *id, gint64 t, gboolean *created);
gboolean sn_call_center_join_queue (Agent *a, Queue *q);
/* For State.wrapups: earliest end of wrap-up first. */
int sn_call_center_compare_wrapups (gconstpointer a, gconstpointer b, gpointer user_data);
Call *sn_call_center_add_call (State *st, Queue *q, const char *callid, gint64 entered);
void sn_call_center_start_waiting (State *st, Call *call);

/* JSON (sn-call-center.c) */
GPtrArray *sn_call_center_sorted_keys (GHashTable *table);
void sn_call_center_add_string (JsonBuilder *b, const char *name, const char *value);
void sn_call_center_add_int (JsonBuilder *b, const char *name, gint64 value);
void sn_call_center_add_counter_members (JsonBuilder *b, const SnQueueCounters *c);
gboolean sn_call_center_counters_empty (const SnQueueCounters *c);
void sn_call_center_add_queue_names (JsonBuilder *b, GHashTable *queues);

G_END_DECLS
