/* test-queue-metrics.c — call-queue counters and the service-level math
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-queue-metrics.h"

/* A sentinel that no metric can produce: "no data" must leave it alone. */
#define UNTOUCHED -12345.0

static void
test_no_data (void)
{
  SnQueueCounters c = { 0 };
  double v = UNTOUCHED;

  g_assert_false (sn_metric_service_level (&c, &v));
  g_assert_false (sn_metric_service_level2 (&c, &v));
  g_assert_false (sn_metric_abandon_rate (&c, &v));
  g_assert_false (sn_metric_asa (&c, &v));
  g_assert_false (sn_metric_aht (&c, &v));
  g_assert_cmpfloat (v, ==, UNTOUCHED);
}

static void
test_values (void)
{
  SnQueueCounters c = {
    .offered = 110,
    .answered = 80,
    .answered_within = 60,
    .abandoned = 20,
    .abandoned_within = 10,
    .timed_out = 10,
    .answer_wait_total = 1600,
    .handled = 75,
    .handle_total = 22500,
  };
  double v = UNTOUCHED;

  g_assert_true (sn_metric_service_level (&c, &v));
  g_assert_cmpfloat_with_epsilon (v, 0.75, 1e-12);
  g_assert_true (sn_metric_service_level2 (&c, &v));
  g_assert_cmpfloat_with_epsilon (v, 0.70, 1e-12);
  g_assert_true (sn_metric_abandon_rate (&c, &v));
  g_assert_cmpfloat_with_epsilon (v, 20.0 / 110.0, 1e-12);
  g_assert_true (sn_metric_asa (&c, &v));
  g_assert_cmpfloat_with_epsilon (v, 20.0, 1e-12);
  g_assert_true (sn_metric_aht (&c, &v));
  g_assert_cmpfloat_with_epsilon (v, 300.0, 1e-12);
}

/* Some denominators zero, others not: each metric decides on its own. */
static void
test_partial (void)
{
  /* a night when every caller hung up within 15 s */
  SnQueueCounters c = { .offered = 5, .abandoned = 5, .abandoned_within = 5 };
  double v = UNTOUCHED;

  g_assert_false (sn_metric_service_level (&c, &v));
  g_assert_false (sn_metric_asa (&c, &v));
  g_assert_false (sn_metric_aht (&c, &v));
  g_assert_cmpfloat (v, ==, UNTOUCHED);
  g_assert_true (sn_metric_service_level2 (&c, &v));
  g_assert_cmpfloat (v, ==, 1.0);
  g_assert_true (sn_metric_abandon_rate (&c, &v));
  g_assert_cmpfloat (v, ==, 1.0);

  /* answered, none within T: a real 0 %, not "no data" */
  c = (SnQueueCounters){ .offered = 3, .answered = 3, .answer_wait_total = 90 };
  g_assert_true (sn_metric_service_level (&c, &v));
  g_assert_cmpfloat (v, ==, 0.0);
  g_assert_true (sn_metric_abandon_rate (&c, &v));
  g_assert_cmpfloat (v, ==, 0.0);
  g_assert_true (sn_metric_asa (&c, &v));
  g_assert_cmpfloat (v, ==, 30.0);
}

static void
test_add (void)
{
  SnQueueCounters a = {
    .offered = 10,
    .answered = 8,
    .answered_within = 6,
    .abandoned = 2,
    .abandoned_within = 1,
    .timed_out = 0,
    .answer_wait_total = 100,
    .handled = 7,
    .handle_total = 2100,
  };
  SnQueueCounters b = {
    .offered = 30,
    .answered = 12,
    .answered_within = 4,
    .abandoned = 15,
    .abandoned_within = 3,
    .timed_out = 3,
    .answer_wait_total = 500,
    .handled = 13,
    .handle_total = 3900,
  };
  double v;

  sn_queue_counters_add (&a, &b);
  g_assert_cmpuint (a.offered, ==, 40);
  g_assert_cmpuint (a.answered, ==, 20);
  g_assert_cmpuint (a.answered_within, ==, 10);
  g_assert_cmpuint (a.abandoned, ==, 17);
  g_assert_cmpuint (a.abandoned_within, ==, 4);
  g_assert_cmpuint (a.timed_out, ==, 3);
  g_assert_cmpint (a.answer_wait_total, ==, 600);
  g_assert_cmpuint (a.handled, ==, 20);
  g_assert_cmpint (a.handle_total, ==, 6000);
  /* totals are ratios of sums, not averages of ratios */
  g_assert_true (sn_metric_service_level (&a, &v));
  g_assert_cmpfloat_with_epsilon (v, 0.5, 1e-12);
  g_assert_true (sn_metric_service_level2 (&a, &v));
  g_assert_cmpfloat_with_epsilon (v, 14.0 / 37.0, 1e-12);
  g_assert_true (sn_metric_asa (&a, &v));
  g_assert_cmpfloat_with_epsilon (v, 30.0, 1e-12);
  g_assert_true (sn_metric_aht (&a, &v));
  g_assert_cmpfloat_with_epsilon (v, 300.0, 1e-12);
  g_assert_cmpint (SN_SERVICE_LEVEL_SECONDS, ==, 15);
}

int
main (int argc, char **argv)
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests touch no file, and GLib 2.74 deliberately
   * leaks the directories it replaces, which fails the LeakSanitizer run. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/queue-metrics/no-data", test_no_data);
  g_test_add_func ("/queue-metrics/values", test_values);
  g_test_add_func ("/queue-metrics/partial", test_partial);
  g_test_add_func ("/queue-metrics/add", test_add);

  return g_test_run ();
}
