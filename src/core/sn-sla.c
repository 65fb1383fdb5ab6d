/* sn-sla.c — the SLA clock of a work order and the stall rules
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A ticket has one clock: the wall clock for urgent tickets (应急), the calendar's working
 * time for the others.  Limits, extensions and pauses are all counted in that clock's
 * seconds; "clock-add" moves an instant forward by such seconds.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sn-sla.h"

#define HOUR 3600

static const char *const stall_names[SN_N_STALL_REASONS] = {
  "unaccepted", "silent", "at_risk", "overdue", "bouncing", "reopened",
};

/* What the evaluation of one ticket at one instant is built from. */
typedef struct
{
  const SnTicket *ticket;
  SnCalendar *calendar;
  const SnSlaRules *rules;
  gint64 now;
  SnStall *out;
  guint n_out;
  gint64 next_change;
} Evaluation;

/* ---- the ticket's clock ---------------------------------------------------------------- */

static gint64
clock_add (SnCalendar *calendar, SnTicketType type, gint64 start, gint64 seconds)
{
  seconds = MAX (seconds, 0);
  if (!sn_sla_uses_working_time (type))
    return start + seconds;
  return sn_calendar_add_working_seconds (calendar, start, seconds);
}

/* Closed pauses plus the running one, on the ticket's clock. */
static gint64
paused_total (const SnTicket *ticket, SnCalendar *calendar, gint64 now)
{
  gint64 total = ticket->paused_seconds;

  if (ticket->paused_since != 0)
    total += sn_sla_clock_seconds_between (calendar, ticket->type, ticket->paused_since, now);
  return total;
}

/* The time limit with extensions: the denominator of the fraction used. */
static gint64
allowed_seconds (const SnTicket *ticket, SnCalendar *calendar, const SnSlaRules *rules)
{
  gint64 limit;

  if (ticket->deadline_override != 0)
    limit = sn_sla_clock_seconds_between (calendar, ticket->type, ticket->requested_at,
                                          ticket->deadline_override);
  else
    limit = sn_sla_time_limit (rules, calendar, ticket->type);
  return limit + ticket->extension_seconds;
}

/* The smallest clock time used (pauses excluded) at which the at-risk fraction is reached. */
static gint64
at_risk_seconds (gint64 allowed, double fraction)
{
  gint64 needed;

  if (allowed <= 0 || !(fraction > 0.0))
    return 0;
  fraction = MIN (fraction, 1.0);
  needed = (gint64) ceil (fraction * (double) allowed);
  /* ceil of a product may be off by one in floating point; agree with the division */
  while (needed > 0 && (double) (needed - 1) / (double) allowed >= fraction)
    needed--;
  while ((double) needed / (double) allowed < fraction)
    needed++;
  return MAX (needed, 0);
}

/* ---- stall rules ----------------------------------------------------------------------- */

static void
add_stall (Evaluation *ev, SnStallReason reason, gint64 since)
{
  ev->out[ev->n_out].reason = reason;
  ev->out[ev->n_out].since = since;
  ev->n_out++;
}

/* Records @threshold as a future change, or adds @reason since @threshold when it passed. */
static void
check_threshold (Evaluation *ev, SnStallReason reason, gint64 threshold)
{
  if (ev->now >= threshold)
    add_stall (ev, reason, threshold);
  else
    ev->next_change = MIN (ev->next_change, threshold);
}

static void
check_unaccepted (Evaluation *ev)
{
  const SnTicket *t = ev->ticket;
  gint64 limit = sn_sla_uses_working_time (t->type) ? ev->rules->unaccepted_working_seconds
                                                    : ev->rules->unaccepted_urgent_seconds;

  if (t->state != SN_TICKET_STATE_DISPATCHED || t->dispatched_at == 0)
    return;
  check_threshold (ev, SN_STALL_UNACCEPTED,
                   clock_add (ev->calendar, t->type, t->dispatched_at, limit));
}

static void
check_silent (Evaluation *ev)
{
  const SnTicket *t = ev->ticket;
  gint64 last = MAX (MAX (t->last_progress_at, t->dispatched_at),
                     MAX (MAX (t->accepted_at, t->requested_at), t->reopened_at));

  check_threshold (ev, SN_STALL_SILENT, last + ev->rules->silent_seconds);
}

/* At risk (临期) and overdue (超期) exclude each other: overdue wins. */
static void
check_deadline (Evaluation *ev)
{
  const SnTicket *t = ev->ticket;
  gint64 deadline = sn_sla_deadline (t, ev->calendar, ev->rules, ev->now);
  gint64 needed = at_risk_seconds (allowed_seconds (t, ev->calendar, ev->rules),
                                   ev->rules->at_risk_fraction);
  gint64 at_risk = clock_add (ev->calendar, t->type, t->requested_at,
                              needed + paused_total (t, ev->calendar, ev->now));

  if (ev->now < deadline)
    check_threshold (ev, SN_STALL_AT_RISK, at_risk);
  check_threshold (ev, SN_STALL_OVERDUE, deadline);
}

/* ---- public API ------------------------------------------------------------------------ */

void
sn_sla_rules_init (SnSlaRules *rules)
{
  g_return_if_fail (rules != NULL);

  rules->urgent_limit_seconds = 24 * HOUR;
  rules->consultation_limit_days = 3;
  rules->complaint_limit_days = 13;
  rules->unaccepted_working_seconds = 2 * HOUR;
  rules->unaccepted_urgent_seconds = HOUR / 2;
  rules->silent_seconds = 24 * HOUR;
  rules->at_risk_fraction = 0.8;
  rules->bouncing_count = 2;
}

gboolean
sn_sla_uses_working_time (SnTicketType type)
{
  return type != SN_TICKET_TYPE_URGENT;
}

gint64
sn_sla_time_limit (const SnSlaRules *rules, SnCalendar *calendar, SnTicketType type)
{
  g_return_val_if_fail (rules != NULL, 0);
  g_return_val_if_fail (calendar != NULL, 0);

  switch (type)
    {
      case SN_TICKET_TYPE_URGENT:
        return rules->urgent_limit_seconds;
      case SN_TICKET_TYPE_CONSULTATION:
        return rules->consultation_limit_days * sn_calendar_get_working_seconds_per_day (calendar);
      case SN_TICKET_TYPE_COMPLAINT:
        return rules->complaint_limit_days * sn_calendar_get_working_seconds_per_day (calendar);
      case SN_N_TICKET_TYPES:
      default:
        g_return_val_if_reached (0);
    }
}

gint64
sn_sla_clock_seconds_between (SnCalendar *calendar, SnTicketType type, gint64 a, gint64 b)
{
  g_return_val_if_fail (calendar != NULL, 0);

  if (!sn_sla_uses_working_time (type))
    return MAX (b - a, 0);
  return sn_calendar_working_seconds_between (calendar, a, b);
}

gint64
sn_sla_deadline (const SnTicket *ticket, SnCalendar *calendar, const SnSlaRules *rules, gint64 now)
{
  gint64 moved;

  g_return_val_if_fail (ticket != NULL, 0);
  g_return_val_if_fail (calendar != NULL, 0);
  g_return_val_if_fail (rules != NULL, 0);

  moved = ticket->extension_seconds + paused_total (ticket, calendar, now);
  if (ticket->deadline_override != 0)
    return clock_add (calendar, ticket->type, ticket->deadline_override, moved);
  return clock_add (calendar, ticket->type, ticket->requested_at,
                    sn_sla_time_limit (rules, calendar, ticket->type) + moved);
}

double
sn_sla_fraction_used (const SnTicket *ticket, SnCalendar *calendar, const SnSlaRules *rules,
                      gint64 now)
{
  gint64 allowed, used;

  g_return_val_if_fail (ticket != NULL, 0.0);
  g_return_val_if_fail (calendar != NULL, 0.0);
  g_return_val_if_fail (rules != NULL, 0.0);

  allowed = allowed_seconds (ticket, calendar, rules);
  used = sn_sla_clock_seconds_between (calendar, ticket->type, ticket->requested_at, now)
         - paused_total (ticket, calendar, now);
  used = MAX (used, 0);
  /* a source deadline at or before the request leaves no time at all */
  if (allowed <= 0)
    return 1.0;
  return (double) used / (double) allowed;
}

const char *
sn_stall_reason_to_string (SnStallReason reason)
{
  g_return_val_if_fail ((guint) reason < SN_N_STALL_REASONS, NULL);

  return stall_names[reason];
}

gboolean
sn_stall_reason_from_string (const char *s, SnStallReason *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (s == NULL)
    return FALSE;
  for (guint i = 0; i < SN_N_STALL_REASONS; i++)
    {
      if (g_str_equal (stall_names[i], s))
        {
          *out = (SnStallReason) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
sn_stall_reason_get_label (SnStallReason reason)
{
  switch (reason)
    {
      /* Translators: a work order dispatched to a unit that has not accepted it (未签收) */
      case SN_STALL_UNACCEPTED:
        return _ ("Unaccepted");
      /* Translators: a work order with no progress update for a day (无进展) */
      case SN_STALL_SILENT:
        return _ ("Silent");
      /* Translators: a work order that has used most of its time limit (临期) */
      case SN_STALL_AT_RISK:
        return _ ("At risk");
      /* Translators: a work order past its deadline (超期) */
      case SN_STALL_OVERDUE:
        return _ ("Overdue");
      /* Translators: a work order returned or transferred between units again and again
     * (反复退单) */
      case SN_STALL_BOUNCING:
        return _ ("Bouncing");
      /* Translators: a work order reopened because the citizen was not satisfied (重办) */
      case SN_STALL_REOPENED:
        return _ ("Reopened");
      case SN_N_STALL_REASONS:
      default:
        g_return_val_if_reached (NULL);
    }
}

guint
sn_stall_evaluate (const SnTicket *ticket, SnCalendar *calendar, const SnSlaRules *rules,
                   gint64 now, SnStall out[SN_N_STALL_REASONS], gint64 *next_change)
{
  Evaluation ev = { ticket, calendar, rules, now, out, 0, G_MAXINT64 };

  g_return_val_if_fail (ticket != NULL, 0);
  g_return_val_if_fail (calendar != NULL, 0);
  g_return_val_if_fail (rules != NULL, 0);
  g_return_val_if_fail (out != NULL, 0);

  if (sn_ticket_is_open (ticket))
    {
      /* a paused ticket (waiting for the citizen) has its clock stopped */
      gboolean running = ticket->paused_since == 0;

      check_unaccepted (&ev);
      if (running)
        check_silent (&ev);
      if (running)
        check_deadline (&ev);
      if (ticket->bounce_count >= rules->bouncing_count)
        add_stall (&ev, SN_STALL_BOUNCING,
                   ticket->last_bounce_at != 0 ? ticket->last_bounce_at : ticket->requested_at);
      if (ticket->state == SN_TICKET_STATE_REOPENED)
        add_stall (&ev, SN_STALL_REOPENED,
                   ticket->reopened_at != 0 ? ticket->reopened_at : ticket->requested_at);
    }
  if (next_change != NULL)
    *next_change = ev.next_change;
  return ev.n_out;
}
