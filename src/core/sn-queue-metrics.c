/* sn-queue-metrics.c — call-queue counters and the service-level math
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A ratio whose denominator is zero is "no data" (FALSE), never 0 %: a quiet night queue
 * has not failed its service level.
 */
#include "config.h"

#include "sn-queue-metrics.h"

/* Writes @numerator ÷ @denominator to @out unless the denominator is zero. */
static gboolean
ratio (double numerator, double denominator, double *out)
{
  if (denominator == 0.0)
    return FALSE;
  *out = numerator / denominator;
  return TRUE;
}

void
sn_queue_counters_add (SnQueueCounters *into, const SnQueueCounters *other)
{
  g_return_if_fail (into != NULL);
  g_return_if_fail (other != NULL);

  into->offered += other->offered;
  into->answered += other->answered;
  into->answered_within += other->answered_within;
  into->abandoned += other->abandoned;
  into->abandoned_within += other->abandoned_within;
  into->timed_out += other->timed_out;
  into->answer_wait_total += other->answer_wait_total;
  into->handled += other->handled;
  into->handle_total += other->handle_total;
}

gboolean
sn_metric_service_level (const SnQueueCounters *c, double *out)
{
  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  return ratio (c->answered_within, c->answered, out);
}

gboolean
sn_metric_service_level2 (const SnQueueCounters *c, double *out)
{
  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  return ratio ((double) c->answered_within + c->abandoned_within,
                (double) c->answered + c->abandoned, out);
}

gboolean
sn_metric_abandon_rate (const SnQueueCounters *c, double *out)
{
  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  return ratio (c->abandoned, c->offered, out);
}

gboolean
sn_metric_asa (const SnQueueCounters *c, double *out)
{
  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  return ratio ((double) c->answer_wait_total, c->answered, out);
}

gboolean
sn_metric_aht (const SnQueueCounters *c, double *out)
{
  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  return ratio ((double) c->handle_total, c->handled, out);
}
