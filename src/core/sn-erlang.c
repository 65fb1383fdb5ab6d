/* sn-erlang.c — Erlang B, Erlang C (M/M/n) and Erlang A (Palm's M/M/n+M) queue formulas for
 * the staffing hint
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two quantities carry everything, both kept in log space so that nothing overflows:
 *
 *   r = 1/B(n, A) − 1, from the Erlang B recursion r_k = (k/A)(1 + r_{k−1}), r_0 = 0.
 *
 *   The queue beyond the n agents. In Palm's birth–death chain (births λ, deaths
 *   min(j, n)μ + (j − n)⁺θ) state n + k weighs π_n z^k / ((x+1)(x+2)…(x+k)) with x = nμ/θ
 *   and z = λ/θ; a caller who has to wait finds K = k callers ahead (PASTA). The weights sum
 *   to A(x, z) = Σ_k z^k / ((x+1)…(x+k)) = x e^z z^−x γ(x, z), γ the lower incomplete gamma
 *   function: a series of positive terms when z ≤ x + 1, the continued fraction of Γ(x, z)
 *   otherwise.
 *
 * Then, for Erlang A (Mandelbaum & Zeltyn write P(W > 0) and P(Ab) the same way), with
 * u = z e^−θt and R = γ(x, u) / γ(x, z) = e^(−nμt + z (1 − e^−θt)) A(x, u) / A(x, z):
 *
 *   P(W > 0)     = 1 / (1 + r / A(x, z)),  P(W = 0) = 1 / (1 + A(x, z) / r)
 *   P(Ab)        = P(W > 0) E[K] / z                        abandons θ E[Q] = λ P(Ab)
 *   P(Sr)        = P(W = 0) + P(W > 0) (1 − 1/A(x, z)) x / z
 *   P(V > t)     = P(W > 0) R
 *   P(W > t)     = P(V > t) e^−θt                           patience independent of V
 *   P(Sr, W ≤ t) = P(W = 0) + P(W > 0) (x / z) [(1 − R) + (e^(−nμt + z (1 − e^−θt)) − 1) / A(x, z)]
 *
 * The last line is P(Sr) − P(Sr, W > t), where P(Sr, W > t) = P(V > t) (1 − 1/A(x, u)) x / z
 * integrates the abandonment density θ e^−θs P(V > s) over s > t (with v = z e^−θs,
 * ∫ γ(x, v) dv = v γ(x, v) − γ(x + 1, v)); written as above, both bracketed parts are ≥ 0
 * when z > x, where few waiting callers are answered within t, so nothing cancels there.
 * As θ → 0, A(x, z) → 1 / (1 − ρ), ρ = λ / (nμ), and P(W > 0) becomes the Erlang C formula
 * C = 1 / (1 + (1 − ρ) r).
 *
 * Accuracy: series and fraction stop when the rest is below an ulp; log A(x, z) is formed
 * from (z − x) − x log(z/x) and a Stirling remainder, and log R from log1p(−Q) once z is
 * past the series, so no large logarithms cancel. Against a brute-force chain (mpmath at 40
 * digits; the unit tests carry a double-precision one and assert 1e-10) every result was
 * within 3e-13 relative, from 1 to 5,200 agents and nμ/θ from 0.02 to 750, except where a
 * result is itself a rounding-level remainder (SL2 = 1 − P(W > t) with P(W > t) < 1e-16).
 * Cost: O(n) for the recursion plus O(√(nμ/θ)) terms at worst.
 */
#include "config.h"

#include <float.h>
#include <math.h>

#include "sn-erlang.h"

/* A bound on series and continued-fraction terms: about 10 √x are needed, so this allows
 * nμ/θ up to about 1e14; beyond, results lose accuracy instead of taking forever. */
#define MAX_TERMS 100000000u

/* The queue beyond the agents as seen by a caller who has to wait (see the top). */
typedef struct
{
  gboolean by_fraction; /* z > x + 1 */
  double log_sum; /* log A(x, z) */
  double log_lower; /* log P(x, z) = log γ(x, z)/Γ(x) */
  double busy_share; /* 1 − 1/A(x, z): the weight of k ≥ 1 */
  double mean_ahead; /* E[K] */
} Backlog;

/* Erlang A results for one staffing and one threshold t. */
typedef struct
{
  double wait; /* P(W > 0) */
  double no_wait; /* P(W = 0), not as 1 − P(W > 0): that can be all rounding */
  double abandon; /* P(Ab) */
  double served; /* P(Sr) */
  double answered; /* P(Sr, W ≤ t) */
  double still_waiting; /* P(W > t) */
} Palm;

/* log (1 + e^v) without overflow. */
static double
log_one_plus_exp (double v)
{
  if (v > 0.0)
    return v + log1p (exp (-v));
  return log1p (exp (v));
}

/* 1 / (1 + e^v), with subnormal results rather than 0 where they exist. */
static double
one_over_one_plus_exp (double v)
{
  return exp (-log_one_plus_exp (v));
}

/* e^−log_scale (e^v − 1), where e^v alone may overflow. */
static double
scaled_expm1 (double v, double log_scale)
{
  if (v > 0.0)
    return -expm1 (-v) * exp (v - log_scale);
  return expm1 (v) * exp (-log_scale);
}

/* One step of the Erlang B recursion: log r_k from log r_{k−1} (−∞ for k = 1). */
static double
erlang_b_step (double log_r, guint k, double log_load)
{
  return log ((double) k) - log_load + log_one_plus_exp (log_r);
}

/* log (1/B(n, A) − 1); +∞ for no load, −∞ for no agents. */
static double
log_inverse_b_minus_one (double load, guint agents)
{
  double log_load, log_r = -INFINITY;

  if (load == 0.0)
    return agents > 0 ? INFINITY : -INFINITY;
  log_load = log (load);
  for (guint k = 1; k <= agents; k++)
    log_r = erlang_b_step (log_r, k, log_load);
  return log_r;
}

/* lgamma(x + 1) − x log x + x, the Stirling remainder ½ log(2πx) + 1/(12x) − …, exactly
 * enough that x near a million keeps its ulps (lgamma(x + 1) alone is near 1.3e7 there).
 * lgamma_r: lgamma sets the global signgam, and the hub computes in worker threads. */
static double
stirling_remainder (double x)
{
  double inv, inv2;
  int sign;

  if (x < 30.0)
    return lgamma_r (x + 1.0, &sign) - x * log (x) + x;
  inv = 1.0 / x;
  inv2 = inv * inv;
  return 0.5 * log (2.0 * G_PI * x)
         + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
}

/* (z − x) − x log(z/x) ≥ 0, small when z is near x (log1p keeps its digits there; far
 * below x, (z − x)/x would round to −1). */
static double
excess (double x, double z)
{
  if (fabs (z - x) < 0.5 * x)
    return (z - x) - x * log1p ((z - x) / x);
  return (z - x) - x * log (z / x);
}

/* A(x, z) for z ≤ x + 1, where the terms t_k = z^k / ((x+1)…(x+k)) only fall: summed until
 * the rest, below t_k q/(1 − q) for the sum and t_k (k + 1)/(1 − q)² for Σ k t_k, with
 * q = z/(x + k + 1) < 1, is below an ulp. */
static void
backlog_by_series (double x, double z, Backlog *out)
{
  double term = 1.0, sum = 0.0, moment = 0.0;

  for (guint k = 1; k <= MAX_TERMS; k++)
    {
      double q = z / (x + k + 1.0);
      double rest;

      term *= z / (x + k);
      sum += term;
      moment += k * term;
      rest = term * (k + 1.0) / ((1.0 - q) * (1.0 - q));
      if (rest <= DBL_EPSILON / 4 * moment && rest <= DBL_EPSILON / 4 * (1.0 + sum))
        break;
    }
  out->by_fraction = FALSE;
  out->log_sum = log1p (sum);
  /* γ(x, z) = A(x, z) z^x e^−z / x */
  out->log_lower = out->log_sum - excess (x, z) - stirling_remainder (x);
  out->busy_share = sum / (1.0 + sum);
  out->mean_ahead = moment / (1.0 + sum);
}

/* The continued fraction h with Γ(a, z) = e^−z z^a h, for z > a + 1 (modified Lentz, as in
 * Numerical Recipes' gcf). */
static double
upper_gamma_fraction (double a, double z)
{
  const double tiny = DBL_MIN / DBL_EPSILON;
  double b = z + 1.0 - a;
  double c = 1.0 / tiny;
  double d = 1.0 / b;
  double h = d;

  for (guint i = 1; i <= MAX_TERMS; i++)
    {
      double an = -(double) i * (i - a);
      double delta;

      b += 2.0;
      d = an * d + b;
      if (fabs (d) < tiny)
        d = tiny;
      c = b + an / c;
      if (fabs (c) < tiny)
        c = tiny;
      d = 1.0 / d;
      delta = d * c;
      h *= delta;
      if (fabs (delta - 1.0) <= DBL_EPSILON)
        break;
    }
  return h;
}

/* A(x, z) for z > x + 1 from Q(x, z) = Γ(x, z)/Γ(x) < ½:
 * log A = log x + z − x log z + lgamma(x) + log(1 − Q), regrouped as
 * excess(x, z) + stirling_remainder(x) + log1p(−Q). Then E[K] = z − x + x/A. */
static void
backlog_by_fraction (double x, double z, Backlog *out)
{
  double above = excess (x, z);
  double rest = stirling_remainder (x);
  double log_q = -above - rest + log (x) + log (upper_gamma_fraction (x, z));

  out->by_fraction = TRUE;
  out->log_lower = log1p (-exp (log_q));
  out->log_sum = above + rest + out->log_lower;
  out->busy_share = -expm1 (-out->log_sum);
  out->mean_ahead = (z - x) + x * exp (-out->log_sum);
}

static void
backlog_init (double x, double z, Backlog *out)
{
  g_assert (x > 0.0 && z >= 0.0);

  if (z <= x + 1.0)
    backlog_by_series (x, z, out);
  else
    backlog_by_fraction (x, z, out);
}

/* The parts of palm_init() that depend on the threshold t > 0. With R = γ(x, u)/γ(x, z),
 * P(V > t) = P(W > 0) R and P(Sr, W ≤ t | W > 0) z/x = (1 − R) + (R/A(x, u) − 1/A(x, z)),
 * where the second part is (1/A(x, z)) expm1(−nμt + z (1 − e^−θt)). Both parts are ≥ 0 when
 * z > x, which is where P(Sr, W ≤ t) can be tiny: no cancellation. log R comes from
 * log P(x, ·) when z is past the series (small terms only), else from the log sums. */
static void
palm_init_within (double x, double z, double service_time, double patience_time,
                  const Backlog *at_z, Palm *out)
{
  double shift = -service_time - z * expm1 (-patience_time);
  double log_ratio;
  Backlog at_u;

  backlog_init (x, z * exp (-patience_time), &at_u);
  if (at_z->by_fraction)
    log_ratio = at_u.log_lower - at_z->log_lower;
  else
    log_ratio = shift + at_u.log_sum - at_z->log_sum;
  out->still_waiting = out->wait * exp (log_ratio - patience_time);
  out->answered = out->no_wait
                  + out->wait * x / z * (-expm1 (log_ratio) + scaled_expm1 (shift, at_z->log_sum));
}

/* Erlang A for @agents ≥ 1 given log (1/B − 1) of them; see the top of the file. */
static void
palm_init (double arrival_rate, double service_rate, double patience_rate, guint agents,
           double log_r, double threshold, Palm *out)
{
  double x = agents * service_rate / patience_rate;
  double z = arrival_rate / patience_rate;
  Backlog at_z;

  if (arrival_rate == 0.0)
    {
      *out = (Palm){ .no_wait = 1.0, .served = 1.0, .answered = 1.0 };
      return;
    }
  backlog_init (x, z, &at_z);
  out->wait = one_over_one_plus_exp (log_r - at_z.log_sum);
  out->no_wait = one_over_one_plus_exp (at_z.log_sum - log_r);
  out->abandon = out->wait * at_z.mean_ahead / z;
  out->served = out->no_wait + out->wait * at_z.busy_share * x / z;
  out->answered = out->no_wait;
  out->still_waiting = out->wait;
  if (threshold > 0.0)
    palm_init_within (x, z, agents * service_rate * threshold, patience_rate * threshold, &at_z,
                      out);
}

static gboolean
rates_are_valid (double arrival_rate, double service_rate)
{
  return arrival_rate >= 0.0 && isfinite (arrival_rate) && service_rate > 0.0
         && isfinite (service_rate);
}

static gboolean
palm_args_are_valid (double arrival_rate, double service_rate, double patience_rate, guint agents,
                     double threshold)
{
  return rates_are_valid (arrival_rate, service_rate) && patience_rate > 0.0
         && isfinite (patience_rate) && agents >= 1 && agents <= SN_ERLANG_MAX_AGENTS
         && threshold >= 0.0 && isfinite (threshold);
}

/* Erlang A for one staffing, computing the Erlang B part too. */
static void
palm_compute (double arrival_rate, double service_rate, double patience_rate, guint agents,
              double threshold, Palm *out)
{
  double log_r = log_inverse_b_minus_one (arrival_rate / service_rate, agents);

  palm_init (arrival_rate, service_rate, patience_rate, agents, log_r, threshold, out);
}

/* Rounding can step an ulp outside [0, 1]; callers compare against targets. */
static double
as_probability (double p)
{
  return CLAMP (p, 0.0, 1.0);
}

/* SL = P(W ≤ t | Sr). */
static double
palm_service_level (const Palm *palm)
{
  return as_probability (palm->answered / palm->served);
}

/* C(n, A) from log (1/B − 1), for A < n. */
static double
erlang_c_from_log_r (double load, guint agents, double log_r)
{
  if (load == 0.0)
    return 0.0;
  return one_over_one_plus_exp (log_r + log1p (-load / agents));
}

static double
erlang_c_service_level_from_log_r (double arrival_rate, double service_rate, guint agents,
                                   double log_r, double threshold)
{
  double load = arrival_rate / service_rate;
  double wait = erlang_c_from_log_r (load, agents, log_r);

  return 1.0 - wait * exp (-(agents * service_rate - arrival_rate) * threshold);
}

double
sn_erlang_b (double load, guint agents)
{
  g_return_val_if_fail (load >= 0.0 && isfinite (load), NAN);
  g_return_val_if_fail (agents <= SN_ERLANG_MAX_AGENTS, NAN);

  return one_over_one_plus_exp (log_inverse_b_minus_one (load, agents));
}

gboolean
sn_erlang_c_wait_probability (double load, guint agents, double *out)
{
  g_return_val_if_fail (load >= 0.0 && isfinite (load), FALSE);
  g_return_val_if_fail (agents <= SN_ERLANG_MAX_AGENTS, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!(load < agents))
    return FALSE;
  *out = erlang_c_from_log_r (load, agents, log_inverse_b_minus_one (load, agents));
  return TRUE;
}

gboolean
sn_erlang_c_service_level (double arrival_rate, double service_rate, guint agents, double threshold,
                           double *out)
{
  double load;

  g_return_val_if_fail (rates_are_valid (arrival_rate, service_rate), FALSE);
  g_return_val_if_fail (agents <= SN_ERLANG_MAX_AGENTS, FALSE);
  g_return_val_if_fail (threshold >= 0.0 && isfinite (threshold), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  load = arrival_rate / service_rate;
  if (!(load < agents))
    return FALSE;
  *out = erlang_c_service_level_from_log_r (arrival_rate, service_rate, agents,
                                            log_inverse_b_minus_one (load, agents), threshold);
  return TRUE;
}

gboolean
sn_erlang_c_mean_wait (double arrival_rate, double service_rate, guint agents, double *out)
{
  double wait;

  g_return_val_if_fail (rates_are_valid (arrival_rate, service_rate), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!sn_erlang_c_wait_probability (arrival_rate / service_rate, agents, &wait))
    return FALSE;
  *out = wait / (agents * service_rate - arrival_rate);
  return TRUE;
}

gboolean
sn_erlang_c_occupancy (double arrival_rate, double service_rate, guint agents, double *out)
{
  double load;

  g_return_val_if_fail (rates_are_valid (arrival_rate, service_rate), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  load = arrival_rate / service_rate;
  if (!(load < agents))
    return FALSE;
  *out = load / agents;
  return TRUE;
}

gboolean
sn_erlang_c_agents_for_service_level (double arrival_rate, double service_rate, double threshold,
                                      double target, guint *out)
{
  double load, log_load, log_r = -INFINITY;

  g_return_val_if_fail (rates_are_valid (arrival_rate, service_rate), FALSE);
  g_return_val_if_fail (threshold >= 0.0 && isfinite (threshold), FALSE);
  g_return_val_if_fail (target >= 0.0 && target < 1.0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (arrival_rate == 0.0)
    {
      *out = 0;
      return TRUE;
    }
  load = arrival_rate / service_rate;
  log_load = log (load);
  for (guint n = 1; n <= SN_ERLANG_MAX_AGENTS; n++)
    {
      log_r = erlang_b_step (log_r, n, log_load);
      if (load < n
          && erlang_c_service_level_from_log_r (arrival_rate, service_rate, n, log_r, threshold)
                 >= target)
        {
          *out = n;
          return TRUE;
        }
    }
  return FALSE;
}

double
sn_erlang_a_wait_probability (double arrival_rate, double service_rate, double patience_rate,
                              guint agents)
{
  Palm palm;

  g_return_val_if_fail (
      palm_args_are_valid (arrival_rate, service_rate, patience_rate, agents, 0.0), NAN);

  palm_compute (arrival_rate, service_rate, patience_rate, agents, 0.0, &palm);
  return as_probability (palm.wait);
}

double
sn_erlang_a_abandon_probability (double arrival_rate, double service_rate, double patience_rate,
                                 guint agents)
{
  Palm palm;

  g_return_val_if_fail (
      palm_args_are_valid (arrival_rate, service_rate, patience_rate, agents, 0.0), NAN);

  palm_compute (arrival_rate, service_rate, patience_rate, agents, 0.0, &palm);
  return as_probability (palm.abandon);
}

double
sn_erlang_a_served_probability (double arrival_rate, double service_rate, double patience_rate,
                                guint agents)
{
  Palm palm;

  g_return_val_if_fail (
      palm_args_are_valid (arrival_rate, service_rate, patience_rate, agents, 0.0), NAN);

  palm_compute (arrival_rate, service_rate, patience_rate, agents, 0.0, &palm);
  return as_probability (palm.served);
}

double
sn_erlang_a_mean_wait (double arrival_rate, double service_rate, double patience_rate, guint agents)
{
  Palm palm;

  g_return_val_if_fail (
      palm_args_are_valid (arrival_rate, service_rate, patience_rate, agents, 0.0), NAN);

  palm_compute (arrival_rate, service_rate, patience_rate, agents, 0.0, &palm);
  return palm.abandon / patience_rate;
}

double
sn_erlang_a_occupancy (double arrival_rate, double service_rate, double patience_rate, guint agents)
{
  Palm palm;

  g_return_val_if_fail (
      palm_args_are_valid (arrival_rate, service_rate, patience_rate, agents, 0.0), NAN);

  palm_compute (arrival_rate, service_rate, patience_rate, agents, 0.0, &palm);
  return arrival_rate / service_rate * palm.served / agents;
}

double
sn_erlang_a_answered_within (double arrival_rate, double service_rate, double patience_rate,
                             guint agents, double threshold)
{
  Palm palm;

  g_return_val_if_fail (
      palm_args_are_valid (arrival_rate, service_rate, patience_rate, agents, threshold), NAN);

  palm_compute (arrival_rate, service_rate, patience_rate, agents, threshold, &palm);
  return as_probability (palm.answered);
}

double
sn_erlang_a_service_level (double arrival_rate, double service_rate, double patience_rate,
                           guint agents, double threshold)
{
  Palm palm;

  g_return_val_if_fail (
      palm_args_are_valid (arrival_rate, service_rate, patience_rate, agents, threshold), NAN);

  palm_compute (arrival_rate, service_rate, patience_rate, agents, threshold, &palm);
  return palm_service_level (&palm);
}

double
sn_erlang_a_service_level2 (double arrival_rate, double service_rate, double patience_rate,
                            guint agents, double threshold)
{
  Palm palm;

  g_return_val_if_fail (
      palm_args_are_valid (arrival_rate, service_rate, patience_rate, agents, threshold), NAN);

  palm_compute (arrival_rate, service_rate, patience_rate, agents, threshold, &palm);
  return as_probability (1.0 - palm.still_waiting);
}

gboolean
sn_erlang_a_agents_for_service_level (double arrival_rate, double service_rate,
                                      double patience_rate, double threshold, double target,
                                      double max_abandon, guint *out)
{
  double log_load, log_r = -INFINITY;

  g_return_val_if_fail (
      palm_args_are_valid (arrival_rate, service_rate, patience_rate, 1, threshold), FALSE);
  g_return_val_if_fail (target >= 0.0 && target < 1.0, FALSE);
  g_return_val_if_fail (max_abandon > 0.0 && max_abandon <= 1.0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (arrival_rate == 0.0)
    {
      *out = 0;
      return TRUE;
    }
  log_load = log (arrival_rate / service_rate);
  for (guint n = 1; n <= SN_ERLANG_MAX_AGENTS; n++)
    {
      Palm palm;

      log_r = erlang_b_step (log_r, n, log_load);
      palm_init (arrival_rate, service_rate, patience_rate, n, log_r, threshold, &palm);
      if (palm_service_level (&palm) >= target && palm.abandon <= max_abandon)
        {
          *out = n;
          return TRUE;
        }
    }
  return FALSE;
}
