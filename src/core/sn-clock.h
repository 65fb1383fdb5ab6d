/* sn-clock.h — the time the hub and the simulator agree on: real time, or simulated time
 * running N times faster than real time, or simulated time set by the simulator itself
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _SnClock SnClock;

#define SN_TYPE_CLOCK (sn_clock_get_type ())
GType sn_clock_get_type (void) G_GNUC_CONST;

/* Wall-clock time. */
SnClock *sn_clock_new_real (void);
/* Starts at @start (unix seconds) and runs @speed times faster than real time. */
SnClock *sn_clock_new_scaled (double start, double speed);
/* Starts at @start and moves only when sn_clock_set() is called ("as fast as possible"). */
SnClock *sn_clock_new_manual (double start);

SnClock *sn_clock_ref (SnClock *self);
void sn_clock_unref (SnClock *self);

/* Unix seconds, with a fraction. */
double sn_clock_now (SnClock *self);
gint64 sn_clock_now_seconds (SnClock *self);
/* Manual clocks only; time never goes backwards. */
void sn_clock_set (SnClock *self, double now);
gboolean sn_clock_is_real (SnClock *self);
/* 1 for real time, 0 for manual. */
double sn_clock_get_speed (SnClock *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnClock, sn_clock_unref)

G_END_DECLS
