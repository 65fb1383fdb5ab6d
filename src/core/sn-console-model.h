/* sn-console-model.h — what a console knows: work orders, queues and agents, kept from the
 * hub's snapshots and events, without GTK, so every page binds to one model and the
 * benchmarks and tests can drive it without a display
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sn-call-center.h"
#include "sn-queue-metrics.h"
#include "sn-sla.h"
#include "sn-ticket.h"

G_BEGIN_DECLS

#define SN_CONSOLE_MINUTES 120 /* the live chart's window */
#define SN_CONSOLE_INTERVALS 100 /* 15-minute intervals in a (long) day */

typedef enum {
  SN_ALERT_NONE,
  SN_ALERT_AMBER,
  SN_ALERT_RED,
} SnAlertLevel;

typedef struct
{
  gint64 minute; /* unix seconds at the start of the minute, 0 = no sample */
  double waiting;
  double available;
} SnMinuteSample;

typedef struct
{
  gint64 start; /* 0 = empty */
  guint offered;
  guint answered;
  guint abandoned;
} SnIntervalCounts;

/* One queue as the console shows it; the center's totals use the same shape. */
typedef struct
{
  char *name;
  guint waiting;
  gint64 longest_wait_since; /* 0 when nobody waits */
  guint agents[SN_N_AGENT_STATES];
  GHashTable *paused_reasons; /* reason → GUINT_TO_POINTER (count) */
  char *day; /* "YYYY-MM-DD" of the counters */
  SnQueueCounters today;
  SnIntervalCounts intervals[SN_CONSOLE_INTERVALS];
  SnMinuteSample minutes[SN_CONSOLE_MINUTES]; /* ring, by minute */
  SnAlertLevel alert;
  gint64 alert_since;
} SnQueueView;

/* One work order as the console knows it. */
typedef struct
{
  SnTicket *ticket;
  SnStall stalls[SN_N_STALL_REASONS];
  guint n_stalls;
  gint64 deadline;
} SnTicketView;

typedef struct
{
  guint waiting; /* red when more wait … */
  gint64 longest_wait; /* … and the longest has waited longer than this (s) */
  double amber_fraction; /* amber at this share of both */
} SnAlertThresholds;

#define SN_TYPE_CONSOLE_MODEL (sn_console_model_get_type ())
G_DECLARE_FINAL_TYPE (SnConsoleModel, sn_console_model, SN, CONSOLE_MODEL, GObject)

SnConsoleModel *sn_console_model_new (void);

/* The newest time the hub's events have told (unix seconds): the hub's clock as far as the
 * model knows, also when the hub runs a simulation faster than real time. */
gint64 sn_console_model_get_now (SnConsoleModel *self);

/* Where the model is in the hub's history. */
const char *sn_console_model_get_epoch (SnConsoleModel *self);
gint64 sn_console_model_get_last_seq (SnConsoleModel *self);

/* Snapshots come in parts; the state is replaced when the last part is applied. */
gboolean sn_console_model_apply_snapshot_part (SnConsoleModel *self, JsonObject *message,
                                               GError **error);
/* Applies {"type":"event",…}; an event at or before the last seq is ignored (returns TRUE,
 * *applied FALSE). */
gboolean sn_console_model_apply_event (SnConsoleModel *self, JsonObject *message, gboolean *applied,
                                       GError **error);
/* Parses and applies one stream text frame (snapshot or event; other types are ignored), in
 * one pass with SnFrame: the same result and errors as parsing it with json-glib and calling
 * the two functions above, several times faster. A frame that fails changes nothing (a
 * snapshot part that fails drops the parts received before it). */
gboolean sn_console_model_apply_text (SnConsoleModel *self, const char *text, gsize length,
                                      GError **error);

/* Time passes: carries minute samples forward and re-evaluates alerts (waits grow with no
 * event). Call about once a second with the hub's notion of now. */
void sn_console_model_tick (SnConsoleModel *self, gint64 now);

void sn_console_model_set_thresholds (SnConsoleModel *self, const SnAlertThresholds *t);
void sn_console_model_get_thresholds (SnConsoleModel *self, SnAlertThresholds *t);

/* Sorted queue names; a queue, or the center's totals (@name NULL). */
GPtrArray *sn_console_model_list_queues (SnConsoleModel *self);
const SnQueueView *sn_console_model_get_queue (SnConsoleModel *self, const char *name);
const SnQueueView *sn_console_model_get_center (SnConsoleModel *self);

guint sn_console_model_get_n_tickets (SnConsoleModel *self);
/* Calls @func (id, SnTicketView*, @user_data) for every work order, in no order. */
void sn_console_model_foreach_ticket (SnConsoleModel *self, GHFunc func, gpointer user_data);
const SnTicketView *sn_console_model_lookup_ticket (SnConsoleModel *self, const char *id);
/* An agent's last known state; FALSE when the model has not heard of @id. */
gboolean sn_console_model_lookup_agent (SnConsoleModel *self, const char *id, SnAgentState *state);

/* Agents needed now on @queue for @sl_target answered within 15 s (Erlang C at the last
 * quarter hour's arrival rate and today's handle time); FALSE when there is no data. */
gboolean sn_console_model_staffing_hint (SnConsoleModel *self, const char *queue, double sl_target,
                                         guint *needed, guint *on_duty);

G_END_DECLS
