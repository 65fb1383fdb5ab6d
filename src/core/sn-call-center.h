/* sn-call-center.h — live queue and agent state kept from call-center events named after
 * Asterisk queue_log verbs, with daily and 15-minute interval counters
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sn-calendar.h"
#include "sn-queue-metrics.h"

G_BEGIN_DECLS

typedef enum {
  SN_CALL_ENTERQUEUE,
  SN_CALL_CONNECT,
  SN_CALL_COMPLETECALLER,
  SN_CALL_COMPLETEAGENT,
  SN_CALL_ABANDON,
  SN_CALL_EXITWITHTIMEOUT,
  SN_CALL_AGENTLOGIN,
  SN_CALL_AGENTLOGOFF,
  SN_CALL_PAUSE,
  SN_CALL_UNPAUSE,
  SN_N_CALL_VERBS
} SnCallVerb;

const char *sn_call_verb_to_string (SnCallVerb verb);
gboolean sn_call_verb_from_string (const char *s, SnCallVerb *out);

typedef enum {
  SN_AGENT_AVAILABLE,
  SN_AGENT_ON_CALL,
  SN_AGENT_WRAPUP,
  SN_AGENT_PAUSED,
  SN_AGENT_OFFLINE,
  SN_N_AGENT_STATES
} SnAgentState;

const char *sn_agent_state_to_string (SnAgentState state);
gboolean sn_agent_state_from_string (const char *s, SnAgentState *out);

/* One call-center event, as posted to /v1/ingest/calls. */
typedef struct
{
  gint64 time; /* unix seconds */
  SnCallVerb verb;
  char *callid; /* ENTERQUEUE … EXITWITHTIMEOUT; may be NULL for agent verbs */
  char *queue; /* required except for AGENTLOGOFF/PAUSE/UNPAUSE (all queues) */
  char *agent; /* CONNECT, COMPLETE*, AGENT*, PAUSE, UNPAUSE */
  gint64 holdtime; /* CONNECT/COMPLETE*: seconds waited, -1 when not given */
  gint64 calltime; /* COMPLETE*: talk seconds, -1 when not given */
  gint64 waittime; /* ABANDON/EXITWITHTIMEOUT: seconds waited, -1 when not given */
  gint64 wrapup; /* COMPLETE*: wrap-up seconds after the call, -1 when not given */
  char *reason; /* PAUSE: the pause reason */
} SnCallEvent;

/* Parses {"time": ISO 8601 or unix seconds, "event": "CONNECT", "callid", "queue", "agent",
 * "data": [data1, data2, …] (Asterisk positions per verb) or {"holdtime": …, …}}. A verb's
 * required fields are checked; errors are SN_PROTOCOL_ERROR with a clear message. */
SnCallEvent *sn_call_event_from_json (JsonObject *obj, GError **error);
void sn_call_event_free (SnCallEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnCallEvent, sn_call_event_free)

typedef struct _SnCallCenter SnCallCenter;

/* @calendar gives the local day (counters reset at local midnight). */
SnCallCenter *sn_call_center_new (SnCalendar *calendar);
void sn_call_center_free (SnCallCenter *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnCallCenter, sn_call_center_free)

/* Applies @event. Returns FALSE with an error (nothing changed) when the event contradicts
 * the state in a way that cannot be applied (e.g. CONNECT for an unknown call with no
 * holdtime); queues and agents it changed are added (once each, no duplicates) to
 * @changed_queues and @changed_agents (arrays of strings owned by the caller, may be NULL). */
gboolean sn_call_center_apply (SnCallCenter *self, const SnCallEvent *event,
                               GPtrArray *changed_queues, GPtrArray *changed_agents,
                               GError **error);
/* Moves agents whose wrap-up ended by @now to available and rolls the daily counters over at
 * local midnight; adds what changed like _apply(). */
void sn_call_center_tick (SnCallCenter *self, gint64 now, GPtrArray *changed_queues,
                          GPtrArray *changed_agents);
/* The earliest instant after which _tick() has something to do (G_MAXINT64 if never). */
gint64 sn_call_center_next_tick (SnCallCenter *self);

/* Sorted names / ids. */
GPtrArray *sn_call_center_list_queues (SnCallCenter *self);
GPtrArray *sn_call_center_list_agents (SnCallCenter *self);

/* A queue's state for the protocol, see data/protocol/README.md "queue" objects:
 * {"queue", "waiting", "longest_wait_since", "agents": {"available", "on_call", "wrapup",
 * "paused", "offline", "paused_reasons": {reason: n}}, "day": "YYYY-MM-DD", "today":
 * {counters}, "metrics": {"service_level", "service_level2", "abandon_rate", "asa", "aht"}
 * (null when no data), and either "interval": the current 15-minute interval
 * {"start", "offered", "answered", "abandoned"} (@all_intervals FALSE) or "intervals": every
 * non-empty interval of the day (@all_intervals TRUE)}. */
void sn_call_center_queue_to_json (SnCallCenter *self, const char *queue, gboolean all_intervals,
                                   JsonBuilder *builder);
/* {"agent", "state", "since", "pause_reason", "queues": [...], "callid"} */
void sn_call_center_agent_to_json (SnCallCenter *self, const char *agent, JsonBuilder *builder);

/* The whole state (waiting calls, agents, counters, intervals) for persistence, and back.
 * _load replaces the state only when the text is valid. */
char *sn_call_center_save (SnCallCenter *self);
gboolean sn_call_center_load (SnCallCenter *self, const char *json, GError **error);

/* Today's counters of one queue, or of all queues with @queue NULL. */
void sn_call_center_get_counters (SnCallCenter *self, const char *queue, SnQueueCounters *out);
guint sn_call_center_get_waiting (SnCallCenter *self, const char *queue);
/* Agents available now on @queue (all queues with @queue NULL). */
guint sn_call_center_get_available (SnCallCenter *self, const char *queue);

G_END_DECLS
