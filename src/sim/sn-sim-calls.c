/* sn-sim-calls.c — calls in queues, event by event: arrivals as a non-homogeneous Poisson
 * process (thinning), first-come first-served lines, agents on shifts who take breaks,
 * service and wrap-up times, and callers who give up (an Erlang-A queue, simulated rather
 * than computed)
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sn-sim-private.h"

#define BREAK_EVERY 6000 /* mean seconds between an agent's breaks */

typedef struct
{
  const char *reason;
  double mean; /* seconds */
} PauseKind;

static const PauseKind pause_kinds[] = {
  { "小休", 600 }, /* short break */
  { "用餐", 1800 }, /* meal */
  { "培训", 2700 }, /* training */
  { "会议", 1200 }, /* team meeting */
};

/* ── rates and the staffing plan ───────────────────────────────────────────────── */

double
sim_calls_rate (SnSim *sim, SimQueue *q, double t)
{
  double rate;

  if (q->stationary_rate > 0)
    return q->stationary_rate;
  rate = q->daily_calls * q->profile[sim_interval_of (sim, t)] / 900.0;
  if (q->surge_ramp > 0)
    {
      double since = sim_time_of_day (sim, t) - q->surge_start;

      rate *= since <= 0 ? 0.0 : MIN (1.0, since / q->surge_ramp);
    }
  return rate;
}

guint
sim_calls_agents_planned (SnSim *sim, SimQueue *q, double t)
{
  double load, needed;

  if (q->stationary_agents > 0)
    return q->stationary_agents;
  /* Square-root staffing (n = A + β√A), planned a quarter hour ahead, plus the share of
   * time agents are paused. */
  load = MAX (sim_calls_rate (sim, q, t), sim_calls_rate (sim, q, t + 900))
         * (q->service_mean + q->wrapup_mean);
  needed = ceil ((load + sim->staffing_beta * sqrt (load)) / (1.0 - sim->shrinkage));
  if (load > 0 && needed < 2)
    needed = 2;
  return MIN ((guint) needed, q->max_agents);
}

/* ── agents ────────────────────────────────────────────────────────────────────── */

static void
call_id (SimCall *call, char out[32])
{
  g_snprintf (out, 32, "%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT, (guint64) call->enter, call->id);
}

static SimAgent *
new_agent (SnSim *sim, SimQueue *q)
{
  SimAgent *a = g_new0 (SimAgent, 1);

  g_snprintf (a->name, sizeof a->name, "A%04u", sim->agents->len + 1);
  a->queue = q;
  a->link.data = a;
  g_ptr_array_add (sim->agents, a);
  return a;
}

static void serve_next (SnSim *sim, SimAgent *a);

static void
make_available (SnSim *sim, SimAgent *a)
{
  a->state = AGENT_AVAILABLE;
  g_queue_push_tail_link (&a->queue->idle, &a->link);
  serve_next (sim, a);
}

static void
log_in (SnSim *sim, SimQueue *q, double t)
{
  GList *link = g_queue_pop_head_link (&q->off_duty);
  SimAgent *a = link ? link->data : new_agent (sim, q);

  sim_emit_call (sim, t, "AGENTLOGIN", NULL, q->id, a->name, NULL);
  q->logged_in++;
  sim->logged_in_total++;
  sim->totals.max_agents_logged_in = MAX (sim->totals.max_agents_logged_in, sim->logged_in_total);
  a->leaving = FALSE;
  a->break_due = FALSE;
  if (q->stationary_agents == 0)
    sim_heap_push (&sim->heap, t + sim_exponential (sim, BREAK_EVERY), EV_BREAK,
                   (int) a->generation, a);
  make_available (sim, a);
}

static void
log_off (SnSim *sim, SimAgent *a, double t)
{
  sim_emit_call (sim, t, "AGENTLOGOFF", NULL, a->queue->id, a->name, NULL);
  a->state = AGENT_OFFLINE;
  a->generation++;
  if (a->leaving)
    a->queue->leaving--;
  a->leaving = FALSE;
  a->queue->logged_in--;
  sim->logged_in_total--;
  g_queue_push_tail_link (&a->queue->off_duty, &a->link);
}

static void
start_pause (SnSim *sim, SimAgent *a, double t)
{
  double tod = sim_time_of_day (sim, t);
  gboolean meal_time = (tod > 11 * 3600 && tod < 13.5 * 3600)
                       || (tod > 17 * 3600 && tod < 18.5 * 3600);
  double weights[] = { meal_time ? 0.3 : 0.9, meal_time ? 0.7 : 0.02, 0.05, 0.03 };
  guint kind = sim_pick_weighted (sim, weights, G_N_ELEMENTS (weights));
  g_autofree char *data = g_strdup_printf ("[\"%s\"]", pause_kinds[kind].reason);

  a->state = AGENT_PAUSED;
  a->break_due = FALSE;
  a->queue->on_break++;
  sim_emit_call (sim, t, "PAUSE", NULL, a->queue->id, a->name, data);
  sim_heap_push (&sim->heap, t + sim_exponential (sim, pause_kinds[kind].mean), EV_BREAK_END,
                 (int) a->generation, a);
}

/* An agent who became free: leave, pause, or take the next caller. */
static void
agent_free (SnSim *sim, SimAgent *a, double t)
{
  if (a->leaving)
    log_off (sim, a, t);
  else if (a->break_due)
    start_pause (sim, a, t);
  else
    make_available (sim, a);
}

/* ── callers ───────────────────────────────────────────────────────────────────── */

static void
answer (SnSim *sim, SimAgent *a, SimCall *call, double t)
{
  SimQueue *q = call->queue;
  double wait = t - call->enter;
  double service = q->service_cv == 1.0 ? sim_exponential (sim, q->service_mean)
                                        : sim_lognormal (sim, q->service_mean, q->service_cv);
  char id[32];
  g_autofree char *data = g_strdup_printf ("[%d,\"\",0]", (int) ceil (wait));

  g_queue_unlink (&q->waiting, &call->link);
  call->gone = TRUE;
  call->answered = TRUE;
  g_queue_unlink (&q->idle, &a->link);
  a->state = AGENT_ON_CALL;
  a->call_start = t;
  call_id (call, id);
  memcpy (a->call_label, id, sizeof id);
  sim_emit_call (sim, t, "CONNECT", id, q->id, a->name, data);
  sim->totals.calls_answered++;
  sim->totals.calls_answered_15s += ceil (wait) <= 15;
  sim->totals.answered_wait_total += wait;
  sim->totals.wait_total += wait;
  sim_heap_push (&sim->heap, t + service, EV_SERVICE_END, 0, a);
}

static void
serve_next (SnSim *sim, SimAgent *a)
{
  SimQueue *q = a->queue;
  GList *head = q->waiting.head;

  if (head != NULL && a->state == AGENT_AVAILABLE)
    answer (sim, a, head->data, sim->now);
}

static void
arrival (SnSim *sim, SimQueue *q, double t)
{
  double rate = sim_calls_rate (sim, q, t);
  SimCall *call;
  char id[32];
  double patience;

  /* Thinning: the next candidate at the peak rate, kept with probability rate/peak. */
  sim_heap_push (&sim->heap, t + sim_exponential (sim, 1.0 / q->lambda_max), EV_ARRIVAL, q->index,
                 NULL);
  if (sim_uniform (sim) * q->lambda_max >= rate)
    return;
  sim->totals.offered_by_hour[(guint) (sim_time_of_day (sim, t) / 3600) % 24]++;
  if (q->waiting.length >= q->capacity)
    {
      sim->totals.calls_blocked++; /* a busy signal: never enters the queue */
      return;
    }
  call = g_new0 (SimCall, 1);
  call->id = ++sim->next_call_id;
  call->queue = q;
  call->enter = t;
  call->link.data = call;
  g_queue_push_tail_link (&q->waiting, &call->link);
  call_id (call, id);
  sim_emit_call (sim, t, "ENTERQUEUE", id, q->id, NULL, NULL);
  sim->totals.calls_offered++;
  patience = sim_exponential (sim, q->patience_mean);
  sim_heap_push (&sim->heap, t + MIN (patience, q->timeout), EV_GIVE_UP, patience >= q->timeout,
                 call);
  if (q->idle.head != NULL)
    answer (sim, q->idle.head->data, call, t);
}

static void
give_up (SnSim *sim, SimCall *call, gboolean timed_out, double t)
{
  SimQueue *q = call->queue;
  char id[32];
  g_autofree char *data = NULL;

  if (!call->gone)
    {
      data = g_strdup_printf ("[1,1,%d]", (int) ceil (t - call->enter));
      g_queue_unlink (&q->waiting, &call->link);
      call_id (call, id);
      sim_emit_call (sim, t, timed_out ? "EXITWITHTIMEOUT" : "ABANDON", id, q->id, NULL, data);
      if (timed_out)
        sim->totals.calls_timed_out++;
      else
        sim->totals.calls_abandoned++;
      sim->totals.wait_total += t - call->enter;
    }
  g_free (call);
}

static void
service_end (SnSim *sim, SimAgent *a, double t)
{
  SimQueue *q = a->queue;
  double wrapup = q->wrapup_mean > 0 ? sim_exponential (sim, q->wrapup_mean) : 0;
  g_autofree char *data = g_strdup_printf ("{\"calltime\":%d,\"wrapup\":%d}",
                                           (int) ceil (t - a->call_start), (int) ceil (wrapup));

  /* Callers hang up first more often than agents do. */
  sim_emit_call (sim, t, sim_uniform (sim) < 0.6 ? "COMPLETECALLER" : "COMPLETEAGENT",
                 a->call_label, q->id, a->name, data);
  a->call_label[0] = '\0';
  if (sim->options.tickets && sim_uniform (sim) < q->ticket_share)
    sim_tickets_from_call (sim, q, t);
  if (wrapup > 0)
    {
      a->state = AGENT_WRAPUP;
      sim_heap_push (&sim->heap, t + ceil (wrapup), EV_WRAPUP_END, 0, a);
    }
  else
    agent_free (sim, a, t);
}

/* ── shifts and breaks ─────────────────────────────────────────────────────────── */

static gboolean
set_leaving (SnSim *sim, SimQueue *q, gboolean leaving)
{
  for (guint i = 0; i < sim->agents->len; i++)
    {
      SimAgent *a = sim->agents->pdata[i];

      if (a->queue == q && a->state != AGENT_OFFLINE && a->state != AGENT_AVAILABLE
          && a->leaving != leaving)
        {
          a->leaving = leaving;
          q->leaving += leaving ? 1 : -1;
          return TRUE;
        }
    }
  return FALSE;
}

static void
follow_plan (SnSim *sim, SimQueue *q, double t)
{
  guint planned = sim_calls_agents_planned (sim, q, t);

  /* Agents about to leave stay if they are needed after all; then more log in. */
  while (q->logged_in - q->leaving < planned && q->leaving > 0 && set_leaving (sim, q, FALSE))
    ;
  while (q->logged_in - q->leaving < planned)
    log_in (sim, q, t);
  /* Too many: idle agents leave now, busy ones after their call. */
  while (q->logged_in - q->leaving > planned)
    {
      GList *idle = g_queue_peek_tail_link (&q->idle);

      if (idle != NULL)
        {
          g_queue_unlink (&q->idle, idle);
          log_off (sim, idle->data, t);
        }
      else if (!set_leaving (sim, q, TRUE))
        break;
    }
}

static void
shift (SnSim *sim, double t)
{
  for (guint i = 0; i < sim->queues->len; i++)
    follow_plan (sim, sim->queues->pdata[i], t);
  sim_heap_push (&sim->heap, t + 900, EV_SHIFT, 0, NULL);
}

static void
want_break (SnSim *sim, SimAgent *a, guint generation, double t)
{
  if (generation != a->generation || a->state == AGENT_OFFLINE)
    return; /* scheduled for a shift that ended */
  sim_heap_push (&sim->heap, t + sim_exponential (sim, BREAK_EVERY), EV_BREAK, (int) a->generation,
                 a);
  if (a->state == AGENT_AVAILABLE)
    {
      g_queue_unlink (&a->queue->idle, &a->link);
      start_pause (sim, a, t);
    }
  else if (a->state != AGENT_PAUSED)
    a->break_due = TRUE;
}

static void
break_end (SnSim *sim, SimAgent *a, guint generation, double t)
{
  if (generation != a->generation || a->state != AGENT_PAUSED)
    return;
  sim_emit_call (sim, t, "UNPAUSE", NULL, a->queue->id, a->name, NULL);
  a->queue->on_break--;
  agent_free (sim, a, t);
}

void
sim_calls_handle (SnSim *sim, const SimEvent *ev)
{
  switch (ev->kind)
    {
      case EV_ARRIVAL:
        arrival (sim, sim->queues->pdata[ev->a], ev->t);
        break;
      case EV_GIVE_UP:
        give_up (sim, ev->p, ev->a, ev->t);
        break;
      case EV_SERVICE_END:
        service_end (sim, ev->p, ev->t);
        break;
      case EV_WRAPUP_END:
        agent_free (sim, ev->p, ev->t);
        break;
      case EV_BREAK:
        want_break (sim, ev->p, (guint) ev->a, ev->t);
        break;
      case EV_BREAK_END:
        break_end (sim, ev->p, (guint) ev->a, ev->t);
        break;
      case EV_SHIFT:
        shift (sim, ev->t);
        break;
      case EV_WEB_ARRIVAL:
      case EV_TICKET:
      default:
        g_assert_not_reached ();
    }
}

void
sim_calls_init (SnSim *sim)
{
  double t = sim->now;

  for (guint i = 0; i < sim->queues->len; i++)
    {
      SimQueue *q = sim->queues->pdata[i];
      double peak = q->stationary_rate;

      q->index = (int) i;
      for (guint k = 0; k < SN_SIM_INTERVALS && q->stationary_rate <= 0; k++)
        peak = MAX (peak, q->daily_calls * q->profile[k] / 900.0);
      q->lambda_max = MAX (peak, 1e-6);
      sim_heap_push (&sim->heap, t + sim_exponential (sim, 1.0 / q->lambda_max), EV_ARRIVAL,
                     q->index, NULL);
    }
  /* Staff now, then at every quarter hour. */
  shift (sim, t);
}

static void
free_queue (SimQueue *q)
{
  g_free (q->id);
  g_free (q->name);
  g_free (q);
}

void
sim_calls_free (SnSim *sim)
{
  /* Every call is owned by its pending GIVE_UP event. */
  for (gsize i = 0; i < sim->heap.len; i++)
    if (sim->heap.items[i].kind == EV_GIVE_UP)
      g_free (sim->heap.items[i].p);
  for (guint i = 0; i < sim->queues->len; i++)
    free_queue (sim->queues->pdata[i]);
  g_ptr_array_set_size (sim->queues, 0);
}
