/* test-erlang.c — Erlang B, Erlang C and Erlang A against published values, an independent
 * brute-force model, limiting cases and properties
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where no published figure exists (large n, the Erlang A internals) the expected values were
 * computed with mpmath 1.3 at 40–50 significant digits from the textbook definitions: the
 * Erlang B recursion in exact-ish arithmetic, and Palm's birth–death chain summed state by
 * state, not from the incomplete-gamma formulas that sn-erlang.c uses.
 */
#include "config.h"

#include <float.h>
#include <math.h>

#include "sn-erlang.h"

#define assert_relative(actual, expected, tolerance)                                               \
  g_assert_cmpfloat (fabs ((actual) - (expected)), <=, (tolerance) *fabs (expected))

/* ─── Erlang B ─── */

static void
test_erlang_b_published (void)
{
  /* Westbay's Erlang calculator manual, "How much traffic can a trunk group handle?"
   * (erlang.com/calculatormanual): 15 lines at 1 % blocking carry 8.108 Erlangs. */
  g_assert_cmpfloat_with_epsilon (sn_erlang_b (8.108, 15), 0.01, 1e-5);
  /* erlang.com forum, "Trunk Engineering" (2001): 33.333 Erlangs at 1 % need 45 lines. */
  g_assert_cmpfloat (sn_erlang_b (33.333, 44), >, 0.01);
  g_assert_cmpfloat (sn_erlang_b (33.333, 45), <=, 0.01);

  /* Small cases by hand: B(1, 1) = 1/2, B(2, 2) = 2 / (1 + 2 + 2). */
  g_assert_cmpfloat_with_epsilon (sn_erlang_b (1.0, 1), 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (sn_erlang_b (2.0, 2), 0.4, 1e-15);
  g_assert_cmpfloat (sn_erlang_b (7.5, 0), ==, 1.0);
  g_assert_cmpfloat (sn_erlang_b (0.0, 0), ==, 1.0);
  g_assert_cmpfloat (sn_erlang_b (0.0, 3), ==, 0.0);
}

static void
test_erlang_b_large (void)
{
  /* mpmath references; factorials of these sizes overflow any double. */
  assert_relative (sn_erlang_b (10000.0, 10000), 0.0079365632488056719, 1e-10);
  assert_relative (sn_erlang_b (5000.0, 4000), 0.20079217799034839, 1e-10);
  assert_relative (sn_erlang_b (100.0, 200), 4.7169706027926174e-19, 1e-10);
}

/* ─── Erlang C ─── */

static void
test_erlang_c_table (void)
{
  double wait = 0.0;

  /* A = 10 Erlangs. n = 11: 0.6821182, first row of the staffing table printed by the R
   * package ErlangC 0.1.0 (CRAN, README of calculate_agents); n = 14: 0.1741319335950498,
   * pyworkforce 0.1.0 README (PyPI). n = 12, 13: mpmath. */
  g_assert_true (sn_erlang_c_wait_probability (10.0, 11, &wait));
  g_assert_cmpfloat_with_epsilon (wait, 0.6821182, 5e-8);
  g_assert_true (sn_erlang_c_wait_probability (10.0, 12, &wait));
  assert_relative (wait, 0.4493882243, 1e-9);
  g_assert_true (sn_erlang_c_wait_probability (10.0, 13, &wait));
  assert_relative (wait, 0.2852704530, 1e-9);
  g_assert_true (sn_erlang_c_wait_probability (10.0, 14, &wait));
  assert_relative (wait, 0.1741319335950498, 1e-12);
}

static void
test_erlang_c_published_examples (void)
{
  double lambda = 100.0 / 1800, mu = 1.0 / 180, value = 0.0;

  /* 100 calls per 30 minutes, AHT 3 minutes, 14 agents, answer within 20 s: service level
   * 0.8883500191794669, occupancy 0.7142857142857143 (pyworkforce 0.1.0 README); average
   * speed of answer 7.83593701177724 s (R package ErlangC 0.1.0 README). */
  g_assert_true (sn_erlang_c_service_level (lambda, mu, 14, 20.0, &value));
  assert_relative (value, 0.8883500191794669, 1e-12);
  g_assert_true (sn_erlang_c_occupancy (lambda, mu, 14, &value));
  assert_relative (value, 0.7142857142857143, 1e-12);
  g_assert_true (sn_erlang_c_mean_wait (lambda, mu, 14, &value));
  assert_relative (value, 7.83593701177724, 1e-12);

  /* Mitan Ltd's worked example "The Erlang-C formula" (PhoneCalc): 360 calls per half hour,
   * 4-minute calls, 55 agents, 15 s: A = 48, occupancy 87.3 %, E_C = 0.2387, ASA 8.184 s,
   * 84.59 % within 15 s (figures as reproduced in a Maxima worksheet of the example). */
  lambda = 360.0 / 1800;
  mu = 1.0 / 240;
  g_assert_true (sn_erlang_c_wait_probability (lambda / mu, 55, &value));
  g_assert_cmpfloat_with_epsilon (value, 0.2387, 5e-5);
  g_assert_true (sn_erlang_c_mean_wait (lambda, mu, 55, &value));
  g_assert_cmpfloat_with_epsilon (value, 8.184, 5e-4);
  g_assert_true (sn_erlang_c_service_level (lambda, mu, 55, 15.0, &value));
  g_assert_cmpfloat_with_epsilon (value, 0.8459, 5e-5);
  g_assert_true (sn_erlang_c_occupancy (lambda, mu, 55, &value));
  g_assert_cmpfloat_with_epsilon (value, 0.873, 5e-4);
}

static void
test_erlang_c_staffing (void)
{
  guint agents = 99;
  double value = 0.0;

  /* 100 calls per 30 minutes, AHT 3 minutes, 80 % within 20 s: 14 agents (pyworkforce
   * "raw_positions" and R ErlangC calculate_agents, both README). */
  g_assert_true (
      sn_erlang_c_agents_for_service_level (100.0 / 1800, 1.0 / 180, 20.0, 0.8, &agents));
  g_assert_cmpuint (agents, ==, 14);

  /* 360 calls per hour, AHT 240 s, 80 % within 20 s. No published figure found; mpmath:
   * SL(28) = 0.761295813935, SL(29) = 0.840283145663, so 29 agents. */
  g_assert_true (sn_erlang_c_service_level (0.1, 1.0 / 240, 28, 20.0, &value));
  assert_relative (value, 0.761295813935, 1e-11);
  g_assert_true (sn_erlang_c_service_level (0.1, 1.0 / 240, 29, 20.0, &value));
  assert_relative (value, 0.840283145663, 1e-11);
  g_assert_true (sn_erlang_c_agents_for_service_level (0.1, 1.0 / 240, 20.0, 0.8, &agents));
  g_assert_cmpuint (agents, ==, 29);

  /* 5,000 Erlangs (AHT 240 s), 80 % within 15 s: 5020 agents (mpmath: SL = 0.802250528992). */
  g_assert_true (
      sn_erlang_c_agents_for_service_level (5000.0 / 240, 1.0 / 240, 15.0, 0.8, &agents));
  g_assert_cmpuint (agents, ==, 5020);
  g_assert_true (sn_erlang_c_service_level (5000.0 / 240, 1.0 / 240, 5020, 15.0, &value));
  assert_relative (value, 0.802250528992, 1e-10);

  /* No calls need no agents; a zero target needs just stability. */
  g_assert_true (sn_erlang_c_agents_for_service_level (0.0, 1.0 / 240, 15.0, 0.8, &agents));
  g_assert_cmpuint (agents, ==, 0);
  g_assert_true (sn_erlang_c_agents_for_service_level (10.0 / 128, 1.0 / 128, 15.0, 0.0, &agents));
  g_assert_cmpuint (agents, ==, 11); /* A = 10 exactly: 10 agents are not stable */
}

static void
test_erlang_c_large (void)
{
  static const struct
  {
    guint agents;
    double wait; /* mpmath */
  } cases[] = {
    { 5001, 0.98245515272757783 },
    { 5050, 0.36817292615319385 },
    { 5100, 0.10288141360093403 },
    { 5200, 0.0027751921088768706 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double wait = 0.0;

      g_assert_true (sn_erlang_c_wait_probability (5000.0, cases[i].agents, &wait));
      assert_relative (wait, cases[i].wait, 1e-10);
    }
}

static void
test_erlang_c_not_stable (void)
{
  double value = -1.0, mu = 1.0 / 128, lambda = 10.0 / 128; /* A = 10 exactly */

  /* A ≥ n: FALSE, and @out untouched. */
  g_assert_false (sn_erlang_c_wait_probability (10.0, 10, &value));
  g_assert_false (sn_erlang_c_wait_probability (10.5, 10, &value));
  g_assert_false (sn_erlang_c_service_level (lambda, mu, 10, 15.0, &value));
  g_assert_false (sn_erlang_c_mean_wait (lambda, mu, 9, &value));
  g_assert_false (sn_erlang_c_occupancy (lambda, mu, 10, &value));
  g_assert_false (sn_erlang_c_wait_probability (0.0, 0, &value));
  g_assert_cmpfloat (value, ==, -1.0);

  /* No calls: nobody waits. */
  g_assert_true (sn_erlang_c_wait_probability (0.0, 1, &value));
  g_assert_cmpfloat (value, ==, 0.0);
  g_assert_true (sn_erlang_c_service_level (0.0, 1.0 / 180, 1, 0.0, &value));
  g_assert_cmpfloat (value, ==, 1.0);
}

static void
test_erlang_c_monotonic (void)
{
  double lambda = 0.2, mu = 1.0 / 240; /* 48 Erlangs */
  double last_wait = 1.0, last_level = 0.0, last_mean = G_MAXDOUBLE;

  for (guint n = 49; n <= 120; n++)
    {
      double wait, level, mean, level_later;

      g_assert_true (sn_erlang_c_wait_probability (lambda / mu, n, &wait));
      g_assert_true (sn_erlang_c_service_level (lambda, mu, n, 15.0, &level));
      g_assert_true (sn_erlang_c_service_level (lambda, mu, n, 30.0, &level_later));
      g_assert_true (sn_erlang_c_mean_wait (lambda, mu, n, &mean));
      g_assert_cmpfloat (wait, <, last_wait);
      g_assert_cmpfloat (level, >=, last_level);
      g_assert_cmpfloat (mean, <, last_mean);
      g_assert_cmpfloat (level_later, >=, level);
      g_assert_cmpfloat (wait, >=, 0.0);
      g_assert_cmpfloat (level, <=, 1.0);
      g_assert_cmpfloat (level, >=, 1.0 - wait);
      last_wait = wait;
      last_level = level;
      last_mean = mean;
    }
}

/* ─── Erlang A ─── */

static void
test_erlang_a_published (void)
{
  double lambda = 100.0 / 1800, mu = 1.0 / 180, theta = 1.0 / 300;

  /* pyworkforce (github.com/rodrigo-arenas/pyworkforce), ErlangA: 100 calls per 30 minutes,
   * AHT 3 minutes, patience 5 minutes, 20 s. Its regression test
   * (queuing/tests/test_abandonment.py), 14 agents: waiting 0.14526, abandonment 0.013984,
   * occupancy 0.704297, mean wait 0.069919 min, answered within 20 s ÷ offered 0.916792,
   * all rounded. Its guide ("Erlang A (abandonment)"), 13 agents, rounded to three decimals
   * and printed with "…": 0.858, 0.750, 0.025, 0.226, 0.125 min. pyworkforce sums the
   * chain and uniformizes, as our brute force does. */
  g_assert_cmpfloat_with_epsilon (sn_erlang_a_wait_probability (lambda, mu, theta, 14), 0.14526,
                                  5e-6);
  g_assert_cmpfloat_with_epsilon (sn_erlang_a_abandon_probability (lambda, mu, theta, 14), 0.013984,
                                  5e-7);
  g_assert_cmpfloat_with_epsilon (sn_erlang_a_occupancy (lambda, mu, theta, 14), 0.704297, 5e-7);
  g_assert_cmpfloat_with_epsilon (sn_erlang_a_mean_wait (lambda, mu, theta, 14) / 60, 0.069919,
                                  5e-7);
  g_assert_cmpfloat_with_epsilon (sn_erlang_a_answered_within (lambda, mu, theta, 14, 20.0),
                                  0.916792, 5e-7);

  g_assert_cmpfloat_with_epsilon (sn_erlang_a_answered_within (lambda, mu, theta, 13, 20.0), 0.858,
                                  5e-4);
  g_assert_cmpfloat_with_epsilon (sn_erlang_a_occupancy (lambda, mu, theta, 13), 0.750, 5e-4);
  g_assert_cmpfloat_with_epsilon (sn_erlang_a_abandon_probability (lambda, mu, theta, 13), 0.025,
                                  5e-4);
  g_assert_cmpfloat_with_epsilon (sn_erlang_a_wait_probability (lambda, mu, theta, 13), 0.226,
                                  5e-4);
  g_assert_cmpfloat_with_epsilon (sn_erlang_a_mean_wait (lambda, mu, theta, 13) / 60, 0.125, 5e-4);
}

/* An independent Erlang A: Palm's birth–death chain summed state by state, and a caller
 * who has to wait followed through time by uniformization (j callers ahead: the queue moves
 * at nμ + jθ, to an agent from j = 0; the caller hangs up at θ). */
typedef struct
{
  double wait, abandon, answered, still_waiting;
} Brute;

static GArray *
brute_chain (double lambda, double mu, double theta, guint n)
{
  GArray *weights = g_array_new (FALSE, FALSE, sizeof (double));
  double weight = 1.0, total = 1.0;

  g_array_append_val (weights, weight);
  for (guint j = 1;; j++)
    {
      double previous = weight;

      weight *= lambda / (MIN (j, n) * mu + (j > n ? (j - n) * theta : 0.0));
      total += weight;
      g_array_append_val (weights, weight);
      if (j > n && weight < previous && weight < 1e-20 * total)
        break;
    }
  for (guint j = 0; j < weights->len; j++)
    g_array_index (weights, double, j) /= total;
  return weights;
}

/* Moves the distribution over callers ahead one uniformized step; returns the mass that
 * reached an agent. */
static double
brute_step (double *ahead, guint len, double rate, double agents_rate, double theta)
{
  double served = 0.0;

  /* In increasing k, so that ahead[k] is still the old mass when it is read. */
  for (guint k = 0; k < len; k++)
    {
      double mass = ahead[k], move = (agents_rate + k * theta) / rate;

      if (k == 0)
        served = mass * move;
      else
        ahead[k - 1] += mass * move;
      ahead[k] = mass * (1.0 - move - theta / rate);
    }
  return served;
}

static void
brute_force (double lambda, double mu, double theta, guint n, double t, Brute *out)
{
  g_autoptr (GArray) p = brute_chain (lambda, mu, theta, n);
  guint len = p->len - n;
  g_autofree double *ahead = g_memdup2 (&g_array_index (p, double, n), len * sizeof (double));
  double rate = n * mu + len * theta, rt = rate * t, log_poisson = -rt, served = 0.0;
  double queue = 0.0;

  *out = (Brute){ 0 };
  for (guint j = 0; j < p->len; j++)
    {
      double pj = g_array_index (p, double, j);

      if (j < n)
        out->answered += pj; /* at once */
      else
        out->wait += pj;
      queue += j > n ? (j - n) * pj : 0.0;
    }
  out->abandon = theta * queue / lambda;
  for (guint m = 0; m <= (guint) (rt + 12.0 * sqrt (rt) + 60.0); m++)
    {
      double poisson = exp (log_poisson), alive = 0.0;

      for (guint k = 0; k < len; k++)
        alive += ahead[k];
      out->answered += poisson * served;
      out->still_waiting += poisson * alive;
      served += brute_step (ahead, len, rate, n * mu, theta);
      log_poisson += log (rt) - log (m + 1.0);
    }
}

static void
assert_matches_brute_force (double lambda, double mu, double theta, guint n, double t)
{
  Brute brute;
  double served = sn_erlang_a_served_probability (lambda, mu, theta, n);

  brute_force (lambda, mu, theta, n, t, &brute);
  assert_relative (sn_erlang_a_wait_probability (lambda, mu, theta, n), brute.wait, 1e-10);
  assert_relative (sn_erlang_a_abandon_probability (lambda, mu, theta, n), brute.abandon, 1e-10);
  assert_relative (served, 1.0 - brute.abandon, 1e-10);
  assert_relative (sn_erlang_a_answered_within (lambda, mu, theta, n, t), brute.answered, 1e-10);
  assert_relative (sn_erlang_a_service_level (lambda, mu, theta, n, t), brute.answered / served,
                   1e-10);
  /* SL2 = 1 − P(W > t): below an ulp of 1, P(W > t) is lost. */
  g_assert_cmpfloat (
      fabs (1.0 - sn_erlang_a_service_level2 (lambda, mu, theta, n, t) - brute.still_waiting), <=,
      1e-10 * brute.still_waiting + DBL_EPSILON);
}

static void
test_erlang_a_brute_force (void)
{
  /* The pyworkforce call center from 8 to 16 agents. */
  for (guint n = 8; n <= 16; n++)
    assert_matches_brute_force (100.0 / 1800, 1.0 / 180, 1.0 / 300, n, 20.0);
  /* Swamped and impatient: 300 Erlangs on 3 agents, patience 30 s (the continued fraction). */
  assert_matches_brute_force (1.0, 1.0 / 300, 1.0 / 30, 3, 20.0);
  /* One agent, patience far shorter than the handle time (nμ/θ = 0.06). */
  assert_matches_brute_force (1.0 / 30, 1.0 / 600, 1.0 / 10, 1, 15.0);
  /* Patience 15 times the handle time (nμ/θ = 750, the long series). */
  assert_matches_brute_force (45.0 / 240, 1.0 / 240, 1.0 / 3600, 50, 20.0);
  /* Where the series hands over to the continued fraction: λ/θ = nμ/θ + 1. */
  assert_matches_brute_force (20.0 / 240 + 1.0 / 120, 1.0 / 240, 1.0 / 120, 20, 10.0);
  /* A hundred agents near full load. */
  assert_matches_brute_force (95.0 / 200, 1.0 / 200, 1.0 / 120, 100, 10.0);
  /* Very impatient callers and a long threshold: λe^−θt/θ falls far below nμ/θ = 0.02. */
  assert_matches_brute_force (0.5, 1.0 / 200, 1.0 / 4, 1, 200.0);
}

static void
test_erlang_a_large (void)
{
  static const struct
  {
    guint agents;
    double wait, abandon; /* mpmath, chain summed state by state */
  } cases[] = {
    { 4500, 0.99999999977416, 0.10000000000043598 },
    { 5000, 0.4661186555295291, 0.0060468492865512197 },
    { 5200, 0.0024500074726198052, 1.3043583901397249e-5 },
  };
  double mu = 1.0 / 240, lambda = 5000 * mu, theta = 1.0 / 180;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint n = cases[i].agents;

      assert_relative (sn_erlang_a_wait_probability (lambda, mu, theta, n), cases[i].wait, 1e-10);
      assert_relative (sn_erlang_a_abandon_probability (lambda, mu, theta, n), cases[i].abandon,
                       1e-10);
    }
}

static void
test_erlang_a_to_erlang_c (void)
{
  double lambda = 100.0 / 1800, mu = 1.0 / 180, theta = 1e-12;

  /* With all but infinite patience Erlang A is Erlang C (θ/μ = 1.8e-10 here). */
  for (guint n = 11; n <= 16; n++)
    {
      double wait, level, mean;

      g_assert_true (sn_erlang_c_wait_probability (lambda / mu, n, &wait));
      g_assert_true (sn_erlang_c_service_level (lambda, mu, n, 20.0, &level));
      g_assert_true (sn_erlang_c_mean_wait (lambda, mu, n, &mean));
      assert_relative (sn_erlang_a_wait_probability (lambda, mu, theta, n), wait, 1e-8);
      assert_relative (sn_erlang_a_service_level (lambda, mu, theta, n, 20.0), level, 1e-8);
      assert_relative (sn_erlang_a_service_level2 (lambda, mu, theta, n, 20.0), level, 1e-8);
      assert_relative (sn_erlang_a_mean_wait (lambda, mu, theta, n), mean, 1e-8);
    }
}

/* P(N ≥ n) and E[(N − n)⁺] for N Poisson with mean @mean, summed term by term. */
static void
poisson_tail (double mean, guint n, double *at_least, double *excess)
{
  double term = exp (-mean);

  *at_least = 0.0;
  *excess = 0.0;
  for (guint j = 0; j < 10 * n + 100 + 10 * mean; j++)
    {
      if (j >= n)
        {
          *at_least += term;
          *excess += (j - n) * term;
        }
      term *= mean / (j + 1);
    }
}

static void
test_erlang_a_patience_equals_handle_time (void)
{
  /* θ = μ: every caller in the system leaves at rate μ, so it holds N ~ Poisson(A) callers
   * (M/M/∞): P(W > 0) = P(N ≥ n), P(Ab) = E[(N − n)⁺] / A, and a caller is still waiting
   * at t when n of the others outlive t: P(V > t) = P(Poisson(A e^−μt) ≥ n). */
  double mu = 1.0 / 60, lambda = 12 * mu;

  for (guint n = 1; n <= 24; n += 3)
    {
      double at_least, excess, later, unused;

      poisson_tail (12.0, n, &at_least, &excess);
      poisson_tail (12.0 * exp (-mu * 15.0), n, &later, &unused);
      assert_relative (sn_erlang_a_wait_probability (lambda, mu, mu, n), at_least, 1e-12);
      assert_relative (sn_erlang_a_abandon_probability (lambda, mu, mu, n), excess / 12.0, 1e-12);
      assert_relative (1.0 - sn_erlang_a_service_level2 (lambda, mu, mu, n, 15.0),
                       later * exp (-mu * 15.0), 1e-11);
    }
}

static void
assert_erlang_a_properties (double load, double aht, double patience, double t, guint first,
                            guint last_agents)
{
  double mu = 1.0 / aht, lambda = load * mu, theta = 1.0 / patience;
  double last[5] = { 1.0, 1.0, 0.0, 0.0, 0.0 };

  for (guint n = first; n <= last_agents; n++)
    {
      double now[5] = {
        sn_erlang_a_wait_probability (lambda, mu, theta, n),
        sn_erlang_a_abandon_probability (lambda, mu, theta, n),
        sn_erlang_a_answered_within (lambda, mu, theta, n, t),
        sn_erlang_a_service_level (lambda, mu, theta, n, t),
        sn_erlang_a_service_level2 (lambda, mu, theta, n, t),
      };
      double served = sn_erlang_a_served_probability (lambda, mu, theta, n);

      for (guint i = 0; i < 5; i++)
        {
          g_assert_cmpfloat (now[i], >=, 0.0);
          g_assert_cmpfloat (now[i], <=, 1.0);
          if (i < 2)
            g_assert_cmpfloat (now[i], <=, last[i] * (1.0 + 1e-12));
          else
            g_assert_cmpfloat (now[i], >=, last[i] * (1.0 - 1e-12) - 1e-15);
          last[i] = now[i];
        }
      g_assert_cmpfloat_with_epsilon (served + now[1], 1.0, 1e-14);
      g_assert_cmpfloat (now[2], <=, served * (1.0 + 1e-14));
      assert_relative (sn_erlang_a_mean_wait (lambda, mu, theta, n) * theta, now[1], 1e-14);
      assert_relative (sn_erlang_a_occupancy (lambda, mu, theta, n), load * served / n, 1e-14);
      g_assert_cmpfloat (sn_erlang_a_service_level (lambda, mu, theta, n, 2 * t), >=,
                         now[3] - DBL_EPSILON);
    }
}

static void
test_erlang_a_properties (void)
{
  /* Monotonic in n, within [0, 1], and consistent, from swamped to idle. */
  assert_erlang_a_properties (3.0, 180.0, 30.0, 15.0, 1, 30);
  assert_erlang_a_properties (10.0, 180.0, 300.0, 20.0, 1, 40);
  assert_erlang_a_properties (48.0, 240.0, 60.0, 15.0, 1, 120);
  assert_erlang_a_properties (48.0, 240.0, 3600.0, 15.0, 1, 120);
  assert_erlang_a_properties (300.0, 300.0, 4.0, 2.0, 1, 400);
  assert_erlang_a_properties (2000.0, 200.0, 200.0, 20.0, 1700, 2150);
  /* 2,000 Erlangs on a handful of agents, where e^(−nμt + λ(1 − e^−θt)/θ) overflows. */
  assert_erlang_a_properties (2000.0, 200.0, 200.0, 200.0, 1, 40);
  /* Patience 4 s, threshold 200 s: SL rounds to 1 + 1 ulp unless clamped. */
  assert_erlang_a_properties (10.0, 200.0, 4.0, 200.0, 1, 40);
}

static void
test_erlang_a_staffing (void)
{
  double lambda = 100.0 / 1800, mu = 1.0 / 180, theta = 1.0 / 300;
  guint agents = 0, erlang_c = 0;

  /* The pyworkforce guide staffs this center with 13 agents for 80 % answered within 20 s
   * ÷ offered and at most 5 % abandoning: 12 misses that, 13 meets it. SL as this project
   * counts it, answered within ÷ answered, is met by 12 (0.8067, 4.3 % abandon). */
  g_assert_cmpfloat (sn_erlang_a_answered_within (lambda, mu, theta, 12, 20.0), <, 0.8);
  g_assert_cmpfloat (sn_erlang_a_answered_within (lambda, mu, theta, 13, 20.0), >=, 0.8);
  g_assert_true (
      sn_erlang_a_agents_for_service_level (lambda, mu, theta, 20.0, 0.8, 0.05, &agents));
  g_assert_cmpuint (agents, ==, 12);
  /* A 2 % cap needs 14 (13 agents: 2.5 %). */
  g_assert_true (
      sn_erlang_a_agents_for_service_level (lambda, mu, theta, 20.0, 0.8, 0.02, &agents));
  g_assert_cmpuint (agents, ==, 14);
  /* Abandonment only helps: never more agents than Erlang C. */
  g_assert_true (sn_erlang_c_agents_for_service_level (lambda, mu, 20.0, 0.8, &erlang_c));
  g_assert_cmpuint (agents, <=, erlang_c);

  g_assert_true (sn_erlang_a_agents_for_service_level (0.0, mu, theta, 20.0, 0.8, 1.0, &agents));
  g_assert_cmpuint (agents, ==, 0);
}

static void
assert_smallest_staffing (double load, double aht, double patience, double t, double target,
                          double cap)
{
  double mu = 1.0 / aht, lambda = load * mu, theta = 1.0 / patience;
  guint n = 0;

  g_assert_true (sn_erlang_a_agents_for_service_level (lambda, mu, theta, t, target, cap, &n));
  g_assert_cmpfloat (sn_erlang_a_service_level (lambda, mu, theta, n, t), >=, target);
  g_assert_cmpfloat (sn_erlang_a_abandon_probability (lambda, mu, theta, n), <=, cap);
  if (n > 1)
    g_assert_true (sn_erlang_a_service_level (lambda, mu, theta, n - 1, t) < target
                   || sn_erlang_a_abandon_probability (lambda, mu, theta, n - 1) > cap);
}

static void
test_erlang_a_staffing_large (void)
{
  double mu = 1.0 / 240, lambda = 5000 * mu;
  guint impatient = 0, capped = 0, erlang_c = 0;

  assert_smallest_staffing (5000.0, 240.0, 120.0, 15.0, 0.8, 1.0);
  assert_smallest_staffing (5000.0, 240.0, 600.0, 15.0, 0.9, 0.01);
  assert_smallest_staffing (48.0, 240.0, 90.0, 15.0, 0.8, 0.03);
  assert_smallest_staffing (0.3, 300.0, 60.0, 15.0, 0.95, 1.0);

  /* Callers with 30 s of patience: those answered were answered fast, so SL alone is met
   * far below the load; the cap is what makes the hint useful. */
  g_assert_true (
      sn_erlang_a_agents_for_service_level (lambda, mu, 1.0 / 30, 15.0, 0.8, 1.0, &impatient));
  g_assert_cmpuint (impatient, <, 5000);
  g_assert_cmpfloat (sn_erlang_a_abandon_probability (lambda, mu, 1.0 / 30, impatient), >, 0.3);
  g_assert_true (
      sn_erlang_a_agents_for_service_level (lambda, mu, 1.0 / 30, 15.0, 0.8, 0.02, &capped));
  g_assert_cmpuint (capped, >, impatient);
  g_assert_true (sn_erlang_c_agents_for_service_level (lambda, mu, 15.0, 0.8, &erlang_c));
  g_assert_cmpuint (capped, <=, erlang_c);
}

static void
test_erlang_a_boundaries (void)
{
  double mu = 1.0 / 240, theta = 1.0 / 120, edge = 20 * mu + theta;

  /* Continuous across the switch from series to continued fraction (λ/θ = nμ/θ + 1). */
  assert_relative (sn_erlang_a_wait_probability (edge * (1 - 1e-12), mu, theta, 20),
                   sn_erlang_a_wait_probability (edge * (1 + 1e-12), mu, theta, 20), 1e-10);
  assert_relative (sn_erlang_a_service_level (edge * (1 - 1e-12), mu, theta, 20, 10.0),
                   sn_erlang_a_service_level (edge * (1 + 1e-12), mu, theta, 20, 10.0), 1e-10);

  /* No calls; a zero threshold counts only those answered at once. */
  g_assert_cmpfloat (sn_erlang_a_wait_probability (0.0, mu, theta, 3), ==, 0.0);
  g_assert_cmpfloat (sn_erlang_a_service_level (0.0, mu, theta, 3, 15.0), ==, 1.0);
  g_assert_cmpfloat (sn_erlang_a_service_level2 (0.0, mu, theta, 3, 15.0), ==, 1.0);
  assert_relative (sn_erlang_a_answered_within (0.1, mu, theta, 30, 0.0),
                   1.0 - sn_erlang_a_wait_probability (0.1, mu, theta, 30), 1e-14);
  assert_relative (sn_erlang_a_service_level2 (0.1, mu, theta, 30, 0.0),
                   1.0 - sn_erlang_a_wait_probability (0.1, mu, theta, 30), 1e-14);
}

static void
test_invalid_arguments (void)
{
  guint agents = 7;
  double value = -1.0;

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*palm_args_are_valid*");
  g_assert_true (isnan (sn_erlang_a_wait_probability (0.1, 0.01, 0.01, 0)));
  g_test_assert_expected_messages ();
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*palm_args_are_valid*");
  g_assert_true (isnan (sn_erlang_a_service_level (0.1, 0.01, 0.0, 3, 15.0)));
  g_test_assert_expected_messages ();
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*load >= 0.0*");
  g_assert_true (isnan (sn_erlang_b (-1.0, 3)));
  g_test_assert_expected_messages ();
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*target < 1.0*");
  g_assert_false (sn_erlang_c_agents_for_service_level (0.1, 0.01, 15.0, 1.0, &agents));
  g_test_assert_expected_messages ();
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*max_abandon > 0.0*");
  g_assert_false (sn_erlang_a_agents_for_service_level (0.1, 0.01, 0.01, 15.0, 0.8, 0.0, &agents));
  g_test_assert_expected_messages ();
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*threshold >= 0.0*");
  g_assert_false (sn_erlang_c_service_level (0.1, 0.01, 20, -1.0, &value));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (agents, ==, 7);
  g_assert_cmpfloat (value, ==, -1.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/erlang/b/published", test_erlang_b_published);
  g_test_add_func ("/erlang/b/large", test_erlang_b_large);
  g_test_add_func ("/erlang/c/table", test_erlang_c_table);
  g_test_add_func ("/erlang/c/published-examples", test_erlang_c_published_examples);
  g_test_add_func ("/erlang/c/staffing", test_erlang_c_staffing);
  g_test_add_func ("/erlang/c/large", test_erlang_c_large);
  g_test_add_func ("/erlang/c/not-stable", test_erlang_c_not_stable);
  g_test_add_func ("/erlang/c/monotonic", test_erlang_c_monotonic);
  g_test_add_func ("/erlang/a/published", test_erlang_a_published);
  g_test_add_func ("/erlang/a/brute-force", test_erlang_a_brute_force);
  g_test_add_func ("/erlang/a/large", test_erlang_a_large);
  g_test_add_func ("/erlang/a/to-erlang-c", test_erlang_a_to_erlang_c);
  g_test_add_func ("/erlang/a/patience-equals-handle-time",
                   test_erlang_a_patience_equals_handle_time);
  g_test_add_func ("/erlang/a/properties", test_erlang_a_properties);
  g_test_add_func ("/erlang/a/staffing", test_erlang_a_staffing);
  g_test_add_func ("/erlang/a/staffing-large", test_erlang_a_staffing_large);
  g_test_add_func ("/erlang/a/boundaries", test_erlang_a_boundaries);
  g_test_add_func ("/erlang/invalid-arguments", test_invalid_arguments);

  return g_test_run ();
}
