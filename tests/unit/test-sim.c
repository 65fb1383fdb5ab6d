/* test-sim.c — the simulator against theory and against itself
 *
 * The stationary test runs the Erlang-A assumptions (Poisson arrivals, exponential service
 * and patience, n agents, first come first served) event by event and measures the result
 * with the hub's own counters (SnCallCenter), then compares with Palm's formulas.
 *
 * Tolerance: the stationary hour (after an hour of warm-up from an empty center) is run 16
 * times with independent seeds; the standard error of each measure comes from those 16
 * independent hours, and the simulation must land within 4 standard errors of the formula —
 * a bound a correct simulator crosses about once in 15,000 runs — plus 0.5 percentage
 * points (0.5 s for waits) for the one-second resolution of queue_log times. The bound must
 * also be tight: under 3 percentage points for rates, under 25 % for the mean wait, so an
 * error of about one agent's worth of capacity fails the test.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sn-call-center.h"
#include "sn-erlang.h"
#include "sn-json.h"
#include "sn-sim.h"

#define BATCHES 16 /* independent stationary hours */

typedef struct
{
  double sl[BATCHES], abandon[BATCHES], wait[BATCHES];
  double sl_all, abandon_all, wait_all;
} Measured;

static void
apply_batch (SnCallCenter *cc, const char *text)
{
  g_autoptr (JsonNode) root = NULL;
  JsonArray *array;
  g_autoptr (GError) error = NULL;

  if (text == NULL)
    return;
  root = sn_json_parse_bounded (text, strlen (text), G_MAXSIZE, SN_JSON_MAX_DEPTH, &error);
  g_assert_no_error (error);
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr (SnCallEvent)
          ev = sn_call_event_from_json (json_array_get_object_element (array, i), &error);

      g_assert_no_error (error);
      g_assert_true (sn_call_center_apply (cc, ev, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

static void
run_to (SnSim *sim, SnCallCenter *cc, double until)
{
  g_autofree char *calls = NULL;

  sn_sim_advance (sim, until, 0);
  calls = sn_sim_take_calls (sim, NULL);
  apply_batch (cc, calls);
}

static double
mean_of (const double *v)
{
  double s = 0;

  for (guint i = 0; i < BATCHES; i++)
    s += v[i];
  return s / BATCHES;
}

static double
standard_error (const double *v)
{
  double m = mean_of (v), s = 0;

  for (guint i = 0; i < BATCHES; i++)
    s += (v[i] - m) * (v[i] - m);
  return sqrt (s / (BATCHES - 1) / BATCHES);
}

static void
measure_hour (const SnSimStationary *p, guint32 seed, Measured *m, guint r)
{
  g_autoptr (SnCalendar) cal = sn_calendar_new_default ();
  g_autoptr (SnCallCenter) cc = sn_call_center_new (cal);
  SnSimOptions options;
  g_autoptr (SnSim) sim = NULL;
  g_autoptr (GError) error = NULL;
  double start = 1741658400; /* 2025-03-11T02:00:00Z, 10:00 in Beijing: no midnight */
  SnQueueCounters before, after;
  const SnSimTotals *t;
  double wait0;
  guint64 offered0;

  sn_sim_options_init (&options);
  options.scenario = "stationary";
  options.seed = seed;
  options.start = start;
  options.stationary = *p;
  sim = sn_sim_new (&options, &error);
  g_assert_no_error (error);
  t = sn_sim_get_totals (sim);
  run_to (sim, cc, start + 3600); /* warm up from an empty center */
  wait0 = t->wait_total;
  offered0 = t->calls_offered;
  sn_call_center_get_counters (cc, "stationary", &before);
  run_to (sim, cc, start + 7200);
  sn_call_center_get_counters (cc, "stationary", &after);
  m->sl[r] = (double) (after.answered_within - before.answered_within)
             / (double) (after.answered - before.answered);
  m->abandon[r] = (double) (after.abandoned + after.timed_out - before.abandoned - before.timed_out)
                  / (double) (after.offered - before.offered);
  /* Mean wait of every caller who entered, answered or not. */
  m->wait[r] = (t->wait_total - wait0) / (double) (t->calls_offered - offered0);
}

static void
measure (const SnSimStationary *p, guint32 seed, Measured *m)
{
  for (guint r = 0; r < BATCHES; r++)
    measure_hour (p, seed * 1000 + r, m, r);
}

static void
assert_close (const char *what, double expected, const double *batches, double allowance,
              double max_tolerance)
{
  double got = mean_of (batches), se = standard_error (batches);

  g_test_message ("%s: Erlang A %.4f, simulated %.4f ± %.4f (standard error over %d hours)", what,
                  expected, got, se, BATCHES);
  g_assert_cmpfloat (fabs (got - expected), <=, 4 * se + allowance);
  /* A test that cannot fail is a defect: the bound must be tight enough to mean something. */
  g_assert_cmpfloat (4 * se + allowance, <, max_tolerance);
}

/* @sl_tolerance: how tight the service-level bound must be. When most callers wait, the
 * share answered within 15 s swings from hour to hour (SE ≈ 2 points), and the abandon
 * rate and mean wait are the measures that matter. */
static void
check_against_erlang_a (const SnSimStationary *p, guint32 seed, double sl_tolerance)
{
  Measured m = { 0 };
  double mu = 1.0 / p->service_mean, theta = 1.0 / p->patience_mean;

  measure (p, seed, &m);
  double wait = sn_erlang_a_mean_wait (p->arrival_rate, mu, theta, p->agents);

  assert_close ("service level (answered within 15 s / answered)",
                sn_erlang_a_service_level (p->arrival_rate, mu, theta, p->agents, 15), m.sl, 0.005,
                sl_tolerance);
  assert_close ("abandon rate",
                sn_erlang_a_abandon_probability (p->arrival_rate, mu, theta, p->agents), m.abandon,
                0.005, 0.03);
  assert_close ("mean wait (s, all callers)", wait, m.wait, 0.5, MAX (0.25 * wait, 2.0));
}

/* A busy hour at a large center: 7,200 calls an hour on 480 agents (load 480 Erlangs),
 * four-minute calls, callers who wait two minutes on average. */
static void
test_stationary_critical (void)
{
  SnSimStationary p = { 2.0, 240, 120, 480 };

  check_against_erlang_a (&p, 7, 0.03);
}

/* Understaffed: the load exceeds the agents, so many abandon (only Erlang A copes). */
static void
test_stationary_overloaded (void)
{
  SnSimStationary p = { 1.0, 300, 90, 270 };

  check_against_erlang_a (&p, 11, 0.1);
}

/* Well staffed: most calls answered at once. */
static void
test_stationary_comfortable (void)
{
  SnSimStationary p = { 0.5, 180, 150, 105 };

  check_against_erlang_a (&p, 3, 0.03);
}

static void
test_deterministic (void)
{
  SnSimOptions options;
  g_autoptr (SnSim) a = NULL;
  g_autoptr (SnSim) b = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  g_autofree char *ra = NULL;
  g_autofree char *rb = NULL;
  g_autoptr (GError) error = NULL;

  sn_sim_options_init (&options);
  options.start = 1759190400; /* 2025-09-30T00:00:00Z */
  options.seed = 99;
  a = sn_sim_new (&options, &error);
  g_assert_no_error (error);
  b = sn_sim_new (&options, &error);
  sn_sim_advance (a, options.start + 7200, 0);
  sn_sim_advance (b, options.start + 7200, 0);
  ca = sn_sim_take_calls (a, NULL);
  cb = sn_sim_take_calls (b, NULL);
  ra = sn_sim_take_requests (a, NULL);
  rb = sn_sim_take_requests (b, NULL);
  g_assert_nonnull (ca);
  g_assert_nonnull (ra);
  g_assert_cmpstr (ca, ==, cb);
  g_assert_cmpstr (ra, ==, rb);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/erlang-a/critical", test_stationary_critical);
  g_test_add_func ("/sim/erlang-a/overloaded", test_stationary_overloaded);
  g_test_add_func ("/sim/erlang-a/comfortable", test_stationary_comfortable);
  g_test_add_func ("/sim/deterministic", test_deterministic);
  return g_test_run ();
}
