/* sn-queue-metrics.h — call-queue counters and the service-level math
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The service-level threshold T (GB/T 33358: answer within 15 s). */
#define SN_SERVICE_LEVEL_SECONDS 15

/* Counters of one queue over one period (a day, a 15-minute interval). */
typedef struct
{
  guint offered; /* calls that entered the queue */
  guint answered; /* CONNECT */
  guint answered_within; /* answered with wait <= T */
  guint abandoned; /* ABANDON: the caller hung up while waiting */
  guint abandoned_within; /* abandoned with wait <= T */
  guint timed_out; /* EXITWITHTIMEOUT: the queue gave up on the caller */
  gint64 answer_wait_total; /* seconds waited by answered calls (ASA) */
  guint handled; /* calls completed (COMPLETECALLER/COMPLETEAGENT) */
  gint64 handle_total; /* talk + wrap-up seconds of handled calls (AHT) */
} SnQueueCounters;

void sn_queue_counters_add (SnQueueCounters *into, const SnQueueCounters *other);

/* Each returns FALSE ("no data") when its denominator is zero, and leaves @out alone. */
/* SL = answered within T ÷ answered */
gboolean sn_metric_service_level (const SnQueueCounters *c, double *out);
/* SL2 = (answered within T + abandoned within T) ÷ (answered + abandoned) */
gboolean sn_metric_service_level2 (const SnQueueCounters *c, double *out);
/* abandon rate = abandoned ÷ offered */
gboolean sn_metric_abandon_rate (const SnQueueCounters *c, double *out);
/* ASA = answer wait total ÷ answered, in seconds */
gboolean sn_metric_asa (const SnQueueCounters *c, double *out);
/* AHT = handle total ÷ handled, in seconds */
gboolean sn_metric_aht (const SnQueueCounters *c, double *out);

G_END_DECLS
