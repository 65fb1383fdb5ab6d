/* sn-sim.c — the simulator's driver: event heap, random draws, output batches
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sn-json.h"
#include "sn-sim-private.h"

G_DEFINE_QUARK (sn_sim_error_quark, sn_sim_error)

void
sn_sim_options_init (SnSimOptions *options)
{
  memset (options, 0, sizeof *options);
  options->scenario = "normal";
  options->city = "beijing";
  options->seed = 12345;
  options->start = (double) (g_get_real_time () / G_USEC_PER_SEC);
  options->tickets = TRUE;
}

/* ── the event heap (a binary min-heap on time, then insertion order) ──────────── */

static gboolean
event_before (const SimEvent *a, const SimEvent *b)
{
  return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

void
sim_heap_push (SimHeap *heap, double t, SimEventKind kind, int a, gpointer p)
{
  gsize i;

  if (heap->len == heap->cap)
    {
      heap->cap = MAX (1024, heap->cap * 2);
      heap->items = g_renew (SimEvent, heap->items, heap->cap);
    }
  i = heap->len++;
  heap->items[i] = (SimEvent){ t, heap->next_seq++, kind, a, p };
  while (i > 0 && event_before (&heap->items[i], &heap->items[(i - 1) / 2]))
    {
      SimEvent tmp = heap->items[i];

      heap->items[i] = heap->items[(i - 1) / 2];
      heap->items[(i - 1) / 2] = tmp;
      i = (i - 1) / 2;
    }
}

gboolean
sim_heap_pop (SimHeap *heap, SimEvent *out)
{
  gsize i = 0;

  if (heap->len == 0)
    return FALSE;
  *out = heap->items[0];
  heap->items[0] = heap->items[--heap->len];
  for (;;)
    {
      gsize l = 2 * i + 1, r = l + 1, m = i;
      SimEvent tmp;

      if (l < heap->len && event_before (&heap->items[l], &heap->items[m]))
        m = l;
      if (r < heap->len && event_before (&heap->items[r], &heap->items[m]))
        m = r;
      if (m == i)
        break;
      tmp = heap->items[i];
      heap->items[i] = heap->items[m];
      heap->items[m] = tmp;
      i = m;
    }
  return TRUE;
}

void
sim_heap_clear (SimHeap *heap)
{
  g_clear_pointer (&heap->items, g_free);
  heap->len = heap->cap = 0;
}

/* ── random draws ──────────────────────────────────────────────────────────────── */

double
sim_uniform (SnSim *sim)
{
  return g_rand_double (sim->rand);
}

double
sim_exponential (SnSim *sim, double mean)
{
  return -mean * log (1.0 - g_rand_double (sim->rand));
}

double
sim_lognormal (SnSim *sim, double mean, double cv)
{
  double sigma2 = log (1.0 + cv * cv);
  double mu = log (mean) - sigma2 / 2;
  /* Box–Muller */
  double u1 = 1.0 - g_rand_double (sim->rand), u2 = g_rand_double (sim->rand);
  double z = sqrt (-2.0 * log (u1)) * cos (2 * G_PI * u2);

  return exp (mu + sqrt (sigma2) * z);
}

guint
sim_pick_weighted (SnSim *sim, const double *weights, guint n)
{
  double total = 0, x;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  x = g_rand_double (sim->rand) * total;
  for (guint i = 0; i < n; i++)
    {
      if (x < weights[i])
        return i;
      x -= weights[i];
    }
  return n - 1;
}

double
sim_time_of_day (SnSim *sim, double t)
{
  gint64 midnight = sn_calendar_day_start (sim->calendar, (gint64) floor (t));

  return t - (double) midnight;
}

guint
sim_interval_of (SnSim *sim, double t)
{
  return MIN ((guint) (sim_time_of_day (sim, t) / 900.0), SN_SIM_INTERVALS - 1);
}

/* ── output ────────────────────────────────────────────────────────────────────── */

static void
open_record (GString *out, guint *count)
{
  g_string_append_c (out, *count == 0 ? '[' : ',');
  (*count)++;
}

void
sim_emit_call (SnSim *sim, double t, const char *verb, const char *callid, const char *queue,
               const char *agent, const char *data_json)
{
  GString *s = sim->calls_out;

  open_record (s, &sim->n_calls_out);
  g_string_append_printf (s, "{\"time\":%" G_GINT64_FORMAT ",\"event\":\"%s\"", (gint64) t, verb);
  if (callid != NULL)
    g_string_append_printf (s, ",\"callid\":\"%s\"", callid);
  if (queue != NULL)
    g_string_append_printf (s, ",\"queue\":\"%s\"", queue);
  if (agent != NULL)
    g_string_append_printf (s, ",\"agent\":\"%s\"", agent);
  if (data_json != NULL)
    g_string_append_printf (s, ",\"data\":%s", data_json);
  g_string_append_c (s, '}');
  sim->totals.call_records++;
}

/* Starts {"service_request_id": id, "updated_datetime": t; the caller adds members (each
 * starting with a comma) and calls sim_end_request(). */
GString *
sim_begin_request (SnSim *sim, const char *id, double t)
{
  GString *s = sim->requests_out;
  g_autofree char *time = sn_time_format ((gint64) t);

  open_record (s, &sim->n_requests_out);
  g_string_append_printf (s, "{\"service_request_id\":\"%s\",\"updated_datetime\":\"%s\"", id,
                          time);
  return s;
}

void
sim_end_request (SnSim *sim, GString *record)
{
  g_string_append_c (record, '}');
  sim->totals.request_records++;
}

static char *
take (GString **out, guint *count, guint *n_records)
{
  char *text;

  if (n_records != NULL)
    *n_records = *count;
  if (*count == 0)
    return NULL;
  g_string_append_c (*out, ']');
  text = g_string_free (*out, FALSE);
  *out = g_string_sized_new (64 * 1024);
  *count = 0;
  return text;
}

char *
sn_sim_take_calls (SnSim *self, guint *n_records)
{
  return take (&self->calls_out, &self->n_calls_out, n_records);
}

char *
sn_sim_take_requests (SnSim *self, guint *n_records)
{
  return take (&self->requests_out, &self->n_requests_out, n_records);
}

guint
sn_sim_pending_records (SnSim *self)
{
  return self->n_calls_out + self->n_requests_out;
}

/* ── running ───────────────────────────────────────────────────────────────────── */

static void
handle (SnSim *self, const SimEvent *ev)
{
  switch (ev->kind)
    {
      case EV_WEB_ARRIVAL:
      case EV_TICKET:
        sim_tickets_handle (self, ev);
        break;
      case EV_ARRIVAL:
      case EV_GIVE_UP:
      case EV_SERVICE_END:
      case EV_WRAPUP_END:
      case EV_BREAK:
      case EV_BREAK_END:
      case EV_SHIFT:
      default:
        sim_calls_handle (self, ev);
        break;
    }
}

guint
sn_sim_advance (SnSim *self, double until, guint max_events)
{
  guint n = 0;
  SimEvent ev;

  while (self->heap.len > 0 && self->heap.items[0].t <= until
         && (max_events == 0 || n < max_events))
    {
      sim_heap_pop (&self->heap, &ev);
      self->now = ev.t;
      handle (self, &ev);
      n++;
    }
  if (max_events == 0 || n < max_events)
    self->now = MAX (self->now, until);
  self->totals.events += n;
  return n;
}

double
sn_sim_get_time (SnSim *self)
{
  return self->now;
}

double
sn_sim_get_next_time (SnSim *self)
{
  return self->heap.len > 0 ? self->heap.items[0].t : G_MAXDOUBLE;
}

const SnSimTotals *
sn_sim_get_totals (SnSim *self)
{
  return &self->totals;
}

SnSim *
sn_sim_new (const SnSimOptions *options, GError **error)
{
  g_autoptr (SnSim) self = g_new0 (SnSim, 1);

  self->options = *options;
  self->scenario = g_strdup (options->scenario);
  self->options.scenario = self->scenario;
  self->rand = g_rand_new_with_seed (options->seed);
  self->calendar = sn_calendar_new_default ();
  self->now = options->start;
  self->queues = g_ptr_array_new ();
  self->agents = g_ptr_array_new_with_free_func (g_free);
  self->tickets = g_ptr_array_new ();
  self->calls_out = g_string_sized_new (64 * 1024);
  self->requests_out = g_string_sized_new (64 * 1024);
  self->totals.tickets_by_category = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!sim_scenario_setup (self, error))
    return NULL;
  if (self->options.tickets && !sim_city_load (self, error))
    return NULL;
  sim_calls_init (self);
  if (self->options.tickets)
    sim_tickets_init (self);
  return g_steal_pointer (&self);
}

void
sn_sim_free (SnSim *self)
{
  if (self == NULL)
    return;
  sim_tickets_free (self);
  sim_calls_free (self);
  g_clear_pointer (&self->city, sim_city_free);
  g_clear_pointer (&self->pack, json_object_unref);
  g_free (self->city_dir);
  sim_heap_clear (&self->heap);
  g_ptr_array_unref (self->queues);
  g_ptr_array_unref (self->agents);
  g_ptr_array_unref (self->tickets);
  g_string_free (self->calls_out, TRUE);
  g_string_free (self->requests_out, TRUE);
  g_hash_table_unref (self->totals.tickets_by_category);
  sn_calendar_unref (self->calendar);
  g_rand_free (self->rand);
  g_free (self->scenario);
  g_free (self);
}
