/* sn-sim.h — a hotline day, simulated event by event: calls in queues with agents on shifts
 * and callers who give up, and work orders with their life cycles
 *
 * The simulator writes what a telephony system and a ticket system would send the hub —
 * call events named after Asterisk queue_log verbs and Open311-shaped service requests —
 * into batches that a feed (sn-sim-feed.h) posts to the hub's ingest API.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SN_SIM_ERROR (sn_sim_error_quark ())
GQuark sn_sim_error_quark (void);

typedef enum {
  SN_SIM_ERROR_SCENARIO, /* unknown scenario */
  SN_SIM_ERROR_CITY, /* the city pack is missing or invalid */
} SnSimError;

/* The "stationary" scenario: one queue, constant arrivals, a fixed number of agents, no
 * breaks, exponential service and patience — the assumptions of Erlang A. */
typedef struct
{
  double arrival_rate; /* calls per second */
  double service_mean; /* seconds */
  double patience_mean; /* seconds */
  guint agents;
} SnSimStationary;

typedef struct
{
  const char *scenario; /* "normal", "surge" or "stationary" */
  const char *city; /* a folder under data/cities/, e.g. "beijing" */
  const char *cities_dir; /* where city packs live; NULL: the installed or source data */
  guint32 seed;
  double start; /* simulated unix time to start at */
  gboolean tickets; /* simulate work orders too (FALSE: calls only) */
  SnSimStationary stationary;
} SnSimOptions;

void sn_sim_options_init (SnSimOptions *options);

typedef struct _SnSim SnSim;

SnSim *sn_sim_new (const SnSimOptions *options, GError **error);
void sn_sim_free (SnSim *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnSim, sn_sim_free)

/* Simulated time reached so far, and the time of the next pending event. */
double sn_sim_get_time (SnSim *self);
double sn_sim_get_next_time (SnSim *self);

/* Processes events up to @until (or until @max_events have been processed, 0 = no limit);
 * returns the number processed. */
guint sn_sim_advance (SnSim *self, double until, guint max_events);

/* Takes the records written since the last call, as JSON arrays ("[…]"), or NULL when
 * there are none; @n_records receives how many. */
char *sn_sim_take_calls (SnSim *self, guint *n_records);
char *sn_sim_take_requests (SnSim *self, guint *n_records);
guint sn_sim_pending_records (SnSim *self);

/* Totals for the report (see sn_sim_report()). */
typedef struct
{
  guint64 events; /* simulation events processed */
  guint64 call_records;
  guint64 request_records;
  guint64 calls_offered; /* entered a queue */
  guint64 calls_blocked; /* queue full: never entered */
  guint64 calls_answered;
  guint64 calls_answered_15s;
  guint64 calls_abandoned;
  guint64 calls_timed_out;
  double wait_total; /* of every caller who entered (answered or not) */
  double answered_wait_total;
  guint64 offered_by_hour[24];
  guint max_agents_logged_in;
  guint64 web_requests; /* web, app and WeChat */
  guint64 tickets;
  guint64 tickets_never_accepted_2h;
  guint64 tickets_bounced_2;
  guint64 tickets_overdue;
  guint64 tickets_reopened;
  guint64 tickets_extended;
  GHashTable *tickets_by_category; /* name → count */
} SnSimTotals;

const SnSimTotals *sn_sim_get_totals (SnSim *self);
/* A human report of the totals, with the figures they were tuned against. */
char *sn_sim_report (SnSim *self);

G_END_DECLS
