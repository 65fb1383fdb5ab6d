/* sn-erlang.h — Erlang B, Erlang C (M/M/n) and Erlang A (Palm's M/M/n+M) queue formulas for
 * the staffing hint
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The models: calls arrive as a Poisson stream of @arrival_rate λ per second; handle times
 * (talk + wrap-up) are exponential with mean 1/μ seconds (@service_rate μ = 1 / AHT); n
 * @agents answer one queue first come, first served. Erlang C callers wait as long as it
 * takes; Erlang A callers hang up after an exponential patience of mean 1/θ seconds
 * (@patience_rate θ, estimated as abandoned ÷ total seconds waited by all callers).
 * The offered load A = λ/μ is in Erlangs.
 *
 * The service levels follow sn-queue-metrics.h: SL = answered within T ÷ answered and
 * SL2 = (answered within T + abandoned within T) ÷ (answered + abandoned).
 *
 * Everything is computed in log space from the Erlang B recursion and an incomplete-gamma
 * series or continued fraction (no factorials), so thousands of agents and Erlangs are fine;
 * results are within 1e-10 relative of exact values (see sn-erlang.c). Each call costs O(n)
 * for the Erlang B recursion plus, for Erlang A, O(√(nμ/θ)) at most for the queue part:
 * about 2 ms for a staffing search at 5,000 Erlangs. The functions keep no state and may be
 * called from any thread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest number of agents the functions accept and the staffing searches try. */
#define SN_ERLANG_MAX_AGENTS 1000000

/* Erlang B: the probability that a call offered @load Erlangs finds all @agents busy when
 * there is no queue (M/M/n/n blocking). 1 for no agents, 0 for no load. */
double sn_erlang_b (double load, guint agents);

/* ─── Erlang C (M/M/n, no abandonment) ───
 *
 * Each returns FALSE ("not stable": the queue grows without bound) when the load is not
 * below the number of agents, A ≥ n, and leaves @out alone. No load with no agents is not
 * stable either. */

/* The Erlang C formula C(n, A): the probability that a call has to wait, P(W > 0). */
gboolean sn_erlang_c_wait_probability (double load, guint agents, double *out);
/* The service level P(W ≤ @threshold seconds) = 1 − C(n, A) e^−(nμ−λ)t; with no abandonment
 * this is both SL and SL2. */
gboolean sn_erlang_c_service_level (double arrival_rate, double service_rate, guint agents,
                                    double threshold, double *out);
/* The average speed of answer E[W] = C(n, A) / (nμ − λ) in seconds, over all calls
 * (those answered at once count as 0). */
gboolean sn_erlang_c_mean_wait (double arrival_rate, double service_rate, guint agents,
                                double *out);
/* The agent occupancy A / n: the share of the agents' time spent on calls. */
gboolean sn_erlang_c_occupancy (double arrival_rate, double service_rate, guint agents,
                                double *out);
/* The smallest n with A < n and a service level (within @threshold seconds) of at least
 * @target, in [0, 1). No calls need no agents (0). Returns FALSE, and leaves @out alone,
 * when more than SN_ERLANG_MAX_AGENTS would be needed. */
gboolean sn_erlang_c_agents_for_service_level (double arrival_rate, double service_rate,
                                               double threshold, double target, guint *out);

/* ─── Erlang A (M/M/n+M, Palm 1943) ───
 *
 * Abandonment keeps the queue finite, so every value exists for any load; @agents must be at
 * least 1 and @patience_rate above 0. W is the time a caller spends in the queue, until an
 * agent answers or the caller hangs up; V is the wait the caller would have with infinite
 * patience. Formulas as in Garnett, Mandelbaum & Reiman, "Designing a call center with
 * impatient customers", MSOM 4(3), 2002, and Mandelbaum & Zeltyn, "The Palm/Erlang-A queue,
 * with applications to call centers", 2005. With no calls nobody waits or abandons and every
 * service level is 1. */

/* P(W > 0): the probability that all agents are busy when a call arrives. */
double sn_erlang_a_wait_probability (double arrival_rate, double service_rate, double patience_rate,
                                     guint agents);
/* P(Ab): the share of calls that hang up before an agent answers. */
double sn_erlang_a_abandon_probability (double arrival_rate, double service_rate,
                                        double patience_rate, guint agents);
/* P(Sr) = 1 − P(Ab): the share of calls an agent answers. */
double sn_erlang_a_served_probability (double arrival_rate, double service_rate,
                                       double patience_rate, guint agents);
/* E[W] = P(Ab) / θ in seconds, over all calls: answered (those answered at once count as 0)
 * and abandoned alike. */
double sn_erlang_a_mean_wait (double arrival_rate, double service_rate, double patience_rate,
                              guint agents);
/* The agent occupancy A · P(Sr) / n. */
double sn_erlang_a_occupancy (double arrival_rate, double service_rate, double patience_rate,
                              guint agents);
/* P(Sr, W ≤ @threshold): the share of all calls answered within the threshold (the
 * "service level" of some calculators, answered within T ÷ offered). */
double sn_erlang_a_answered_within (double arrival_rate, double service_rate, double patience_rate,
                                    guint agents, double threshold);
/* SL = P(W ≤ @threshold | Sr): answered within T ÷ answered. Note that with very impatient
 * callers it stays high even with few agents (only the lucky ones are answered): staff with
 * an abandonment cap. */
double sn_erlang_a_service_level (double arrival_rate, double service_rate, double patience_rate,
                                  guint agents, double threshold);
/* SL2 = P(W ≤ @threshold): (answered + abandoned within T) ÷ (answered + abandoned). */
double sn_erlang_a_service_level2 (double arrival_rate, double service_rate, double patience_rate,
                                   guint agents, double threshold);
/* The smallest n ≥ 1 whose SL (answered within @threshold ÷ answered) is at least @target,
 * in [0, 1), and whose P(Ab) is at most @max_abandon, in (0, 1] (1: no cap). No calls need
 * no agents (0). Returns FALSE, and leaves @out alone, when more than SN_ERLANG_MAX_AGENTS
 * would be needed. */
gboolean sn_erlang_a_agents_for_service_level (double arrival_rate, double service_rate,
                                               double patience_rate, double threshold,
                                               double target, double max_abandon, guint *out);

G_END_DECLS
