/* sn-sim-private.h — what the simulator's files share
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sn-calendar.h"
#include "sn-sim.h"

G_BEGIN_DECLS

#define SN_SIM_INTERVALS 96 /* quarter hours in a day */

/* What happens next. */
typedef enum {
  EV_ARRIVAL, /* a = queue index */
  EV_GIVE_UP, /* p = call: patience or the queue's timeout ran out */
  EV_SERVICE_END, /* p = agent */
  EV_WRAPUP_END, /* p = agent */
  EV_BREAK, /* p = agent: wants a break */
  EV_BREAK_END, /* p = agent */
  EV_SHIFT, /* every quarter hour: staffing follows the plan */
  EV_WEB_ARRIVAL, /* a web, app or WeChat request */
  EV_TICKET, /* p = ticket: its next life-cycle step */
} SimEventKind;

typedef struct
{
  double t;
  guint64 seq; /* ties keep insertion order, so runs are reproducible */
  SimEventKind kind;
  int a;
  gpointer p;
} SimEvent;

typedef struct
{
  SimEvent *items;
  gsize len;
  gsize cap;
  guint64 next_seq;
} SimHeap;

void sim_heap_push (SimHeap *heap, double t, SimEventKind kind, int a, gpointer p);
gboolean sim_heap_pop (SimHeap *heap, SimEvent *out);
void sim_heap_clear (SimHeap *heap);

typedef struct _SimQueue SimQueue;
typedef struct _SimAgent SimAgent;

typedef struct
{
  guint64 id;
  SimQueue *queue;
  double enter;
  gboolean gone; /* answered, abandoned or timed out: its GIVE_UP event is void */
  gboolean answered;
  GList link; /* in the queue's waiting line */
} SimCall;

typedef enum {
  AGENT_OFFLINE,
  AGENT_AVAILABLE,
  AGENT_ON_CALL,
  AGENT_WRAPUP,
  AGENT_PAUSED,
} SimAgentState;

struct _SimAgent
{
  char name[16];
  SimQueue *queue;
  SimAgentState state;
  char call_label[32]; /* the call it is on, as its callid */
  double call_start;
  gboolean leaving; /* log off after this call */
  gboolean break_due; /* pause after this call */
  guint generation; /* bumps at log-off, voiding its pending break events */
  GList link; /* in the queue's idle line or off-duty list */
};

struct _SimQueue
{
  int index;
  char *id; /* "general" */
  char *name; /* "综合" */
  double daily_calls; /* offered per day at profile 1.0 */
  double profile[SN_SIM_INTERVALS]; /* share of the day's calls per quarter hour */
  double lambda_max; /* calls per second, for thinning */
  double service_mean; /* talk seconds */
  double service_cv; /* 1 = exponential */
  double wrapup_mean;
  double patience_mean;
  double timeout; /* queue gives up on a caller after this */
  guint capacity; /* waiting places; further callers are blocked */
  double ticket_share; /* answered calls that become work orders */
  guint max_agents; /* seats for this queue (surge: far fewer than needed) */
  double surge_start; /* seconds after local midnight the surge begins (surge queue) */
  double surge_ramp; /* seconds to reach the full rate */
  double stationary_rate; /* > 0: constant arrivals, fixed agents, no breaks */
  guint stationary_agents;

  GQueue waiting; /* of SimCall (links) */
  GQueue idle; /* of SimAgent, longest idle first */
  GQueue off_duty; /* of SimAgent */
  guint logged_in;
  guint leaving; /* logged in, but will log off after the current call */
  guint on_break;
};

typedef struct _SimCity SimCity;
typedef struct _SimTicket SimTicket;

struct _SnSim
{
  SnSimOptions options;
  char *scenario;
  GRand *rand;
  SnCalendar *calendar;
  double now;
  SimHeap heap;
  GPtrArray *queues; /* of SimQueue* */
  GPtrArray *agents; /* of SimAgent*, all ever created */
  guint64 next_call_id;
  guint logged_in_total;
  double staffing_beta; /* square-root staffing's safety margin */
  double shrinkage; /* share of logged-in time agents spend paused */
  double web_daily; /* web/app/WeChat requests per day */
  double web_profile[SN_SIM_INTERVALS];
  double web_lambda_max;

  char *city_dir; /* data/cities/<city> */
  JsonObject *pack; /* its hotline.json */
  SimCity *city;
  GPtrArray *tickets; /* of SimTicket* still alive */
  guint64 next_ticket;

  GString *calls_out;
  guint n_calls_out;
  GString *requests_out;
  guint n_requests_out;

  SnSimTotals totals;
};

/* Random draws */
double sim_uniform (SnSim *sim);
double sim_exponential (SnSim *sim, double mean);
/* Log-normal with the given mean and coefficient of variation (cv 1 ≈ exponential's spread). */
double sim_lognormal (SnSim *sim, double mean, double cv);
guint sim_pick_weighted (SnSim *sim, const double *weights, guint n);

/* Local time of day in seconds and the quarter hour of @t. */
double sim_time_of_day (SnSim *sim, double t);
guint sim_interval_of (SnSim *sim, double t);

/* Output records */
void sim_emit_call (SnSim *sim, double t, const char *verb, const char *callid, const char *queue,
                    const char *agent, const char *data_json);
GString *sim_begin_request (SnSim *sim, const char *id, double t);
void sim_end_request (SnSim *sim, GString *record);

/* Calls (sn-sim-calls.c) */
void sim_calls_init (SnSim *sim);
void sim_calls_handle (SnSim *sim, const SimEvent *ev);
void sim_calls_free (SnSim *sim);
/* The plan: agents wanted on @queue at @t (square-root staffing plus shrinkage). */
guint sim_calls_agents_planned (SnSim *sim, SimQueue *queue, double t);
double sim_calls_rate (SnSim *sim, SimQueue *queue, double t);

/* Work orders (sn-sim-tickets.c) */
gboolean sim_city_load (SnSim *sim, GError **error);
void sim_city_free (SimCity *city);
void sim_tickets_init (SnSim *sim);
void sim_tickets_from_call (SnSim *sim, SimQueue *queue, double t);
void sim_tickets_handle (SnSim *sim, const SimEvent *ev);
void sim_tickets_free (SnSim *sim);

/* Scenarios (sn-sim-scenario.c) */
gboolean sim_scenario_setup (SnSim *sim, GError **error);
/* Reads @name (a double) from @obj, or @fallback. */
double sim_json_double (JsonObject *obj, const char *name, double fallback);
/* Spreads 24 hourly weights over 96 quarter hours, smoothly, summing to 1. */
void sim_profile_from_hours (JsonArray *hours, double out[SN_SIM_INTERVALS]);

G_END_DECLS
