/* sn-clock.c — real, scaled and manual clocks
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sn-clock.h"

typedef enum {
  CLOCK_REAL,
  CLOCK_SCALED,
  CLOCK_MANUAL,
} ClockKind;

struct _SnClock
{
  gatomicrefcount ref;
  ClockKind kind;
  double start; /* simulated unix seconds at origin */
  gint64 origin; /* monotonic µs when started (scaled) */
  double speed;
  double now; /* manual */
};

G_DEFINE_BOXED_TYPE (SnClock, sn_clock, sn_clock_ref, sn_clock_unref)

static SnClock *
clock_new (ClockKind kind, double start, double speed)
{
  SnClock *self = g_new0 (SnClock, 1);

  g_atomic_ref_count_init (&self->ref);
  self->kind = kind;
  self->start = start;
  self->now = start;
  self->speed = speed;
  self->origin = g_get_monotonic_time ();
  return self;
}

SnClock *
sn_clock_new_real (void)
{
  return clock_new (CLOCK_REAL, 0, 1);
}

SnClock *
sn_clock_new_scaled (double start, double speed)
{
  g_return_val_if_fail (speed > 0, NULL);
  return clock_new (CLOCK_SCALED, start, speed);
}

SnClock *
sn_clock_new_manual (double start)
{
  return clock_new (CLOCK_MANUAL, start, 0);
}

SnClock *
sn_clock_ref (SnClock *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
sn_clock_unref (SnClock *self)
{
  if (self != NULL && g_atomic_ref_count_dec (&self->ref))
    g_free (self);
}

double
sn_clock_now (SnClock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  switch (self->kind)
    {
      case CLOCK_SCALED:
        return self->start + self->speed * (double) (g_get_monotonic_time () - self->origin) / 1e6;
      case CLOCK_MANUAL:
        return self->now;
      case CLOCK_REAL:
      default:
        return (double) g_get_real_time () / 1e6;
    }
}

gint64
sn_clock_now_seconds (SnClock *self)
{
  return (gint64) floor (sn_clock_now (self));
}

void
sn_clock_set (SnClock *self, double now)
{
  g_return_if_fail (self != NULL && self->kind == CLOCK_MANUAL);
  if (now > self->now)
    self->now = now;
}

gboolean
sn_clock_is_real (SnClock *self)
{
  return self->kind == CLOCK_REAL;
}

double
sn_clock_get_speed (SnClock *self)
{
  return self->speed;
}
