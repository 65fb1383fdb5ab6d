/* test-sla.c — deadlines (办理时限), pauses, extensions and the stall rules
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times are Asia/Shanghai wall-clock times on the shipped holiday calendar.  The week of
 * Monday 2025-03-10 has no holiday.
 */
#include "config.h"

#include "sn-sla.h"

#define MINUTE 60
#define HOUR 3600
#define WORKDAY (8 * HOUR)

typedef struct
{
  SnCalendar *calendar;
  SnSlaRules rules;
  GTimeZone *tz;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->calendar = sn_calendar_new_default ();
  f->tz = sn_calendar_get_timezone (f->calendar);
  sn_sla_rules_init (&f->rules);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  sn_calendar_unref (f->calendar);
}

/* Unix time of a wall-clock time in Shanghai. */
static gint64
at (Fixture *f, int year, int month, int day, int hour, int minute)
{
  g_autoptr (GDateTime) dt = g_date_time_new (f->tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static SnTicket *
ticket_new (SnTicketType type, SnTicketState state, gint64 requested_at)
{
  SnTicket *ticket = sn_ticket_new ("test-1");

  ticket->type = type;
  ticket->state = state;
  ticket->requested_at = requested_at;
  return ticket;
}

static void
test_rules (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (f->rules.urgent_limit_seconds, ==, 24 * HOUR);
  g_assert_cmpint (f->rules.consultation_limit_days, ==, 3);
  g_assert_cmpint (f->rules.complaint_limit_days, ==, 13);
  g_assert_cmpint (f->rules.unaccepted_working_seconds, ==, 2 * HOUR);
  g_assert_cmpint (f->rules.unaccepted_urgent_seconds, ==, 30 * MINUTE);
  g_assert_cmpint (f->rules.silent_seconds, ==, 24 * HOUR);
  g_assert_cmpfloat (f->rules.at_risk_fraction, ==, 0.8);
  g_assert_cmpint (f->rules.bouncing_count, ==, 2);

  g_assert_false (sn_sla_uses_working_time (SN_TICKET_TYPE_URGENT));
  g_assert_true (sn_sla_uses_working_time (SN_TICKET_TYPE_CONSULTATION));
  g_assert_true (sn_sla_uses_working_time (SN_TICKET_TYPE_COMPLAINT));
  g_assert_cmpint (sn_sla_time_limit (&f->rules, f->calendar, SN_TICKET_TYPE_URGENT), ==,
                   24 * HOUR);
  g_assert_cmpint (sn_sla_time_limit (&f->rules, f->calendar, SN_TICKET_TYPE_CONSULTATION), ==,
                   3 * WORKDAY);
  g_assert_cmpint (sn_sla_time_limit (&f->rules, f->calendar, SN_TICKET_TYPE_COMPLAINT), ==,
                   13 * WORKDAY);

  /* Friday 17:00 to Monday 10:00: 65 hours on the wall, 2 working hours */
  g_assert_cmpint (sn_sla_clock_seconds_between (f->calendar, SN_TICKET_TYPE_URGENT,
                                                 at (f, 2025, 3, 7, 17, 0),
                                                 at (f, 2025, 3, 10, 10, 0)),
                   ==, 65 * HOUR);
  g_assert_cmpint (sn_sla_clock_seconds_between (f->calendar, SN_TICKET_TYPE_COMPLAINT,
                                                 at (f, 2025, 3, 7, 17, 0),
                                                 at (f, 2025, 3, 10, 10, 0)),
                   ==, 2 * HOUR);
  g_assert_cmpint (sn_sla_clock_seconds_between (f->calendar, SN_TICKET_TYPE_URGENT, 100, 50), ==,
                   0);
}

/* 国庆节、中秋节 2025: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked. */
static void
test_deadline_national_day (Fixture *f, gconstpointer data)
{
  gint64 received = at (f, 2025, 9, 30, 16, 0);
  g_autoptr (SnTicket)
      consultation = ticket_new (SN_TICKET_TYPE_CONSULTATION, SN_TICKET_STATE_DISPATCHED, received);
  g_autoptr (SnTicket)
      complaint = ticket_new (SN_TICKET_TYPE_COMPLAINT, SN_TICKET_STATE_DISPATCHED, received);
  g_autoptr (SnTicket)
      urgent = ticket_new (SN_TICKET_TYPE_URGENT, SN_TICKET_STATE_DISPATCHED, received);
  g_autoptr (SnTicket) before = ticket_new (SN_TICKET_TYPE_CONSULTATION, SN_TICKET_STATE_DISPATCHED,
                                            at (f, 2025, 9, 26, 10, 0));

  /* Tue 16–18 (2 h), Thu Oct 9 (10), Fri Oct 10 (18), Sat Oct 11 09–12, 13–16 (24) */
  g_assert_cmpint (sn_sla_deadline (consultation, f->calendar, &f->rules, received), ==,
                   at (f, 2025, 10, 11, 16, 0));
  /* … Sat Oct 11 (26 h), Oct 13–17 (66), Oct 20–23 (98), Fri Oct 24 09–12, 13–16 (104) */
  g_assert_cmpint (sn_sla_deadline (complaint, f->calendar, &f->rules, received), ==,
                   at (f, 2025, 10, 24, 16, 0));
  /* urgent: the wall clock, holiday or not */
  g_assert_cmpint (sn_sla_deadline (urgent, f->calendar, &f->rules, received), ==,
                   at (f, 2025, 10, 1, 16, 0));
  /* Fri Sep 26 10:00: Fri (7 h), Sun Sep 28 make-up (15), Mon (23), Tue 09–10 */
  g_assert_cmpint (sn_sla_deadline (before, f->calendar, &f->rules, received), ==,
                   at (f, 2025, 9, 30, 10, 0));
  /* during the holiday, the working clock stands still */
  g_assert_cmpfloat_with_epsilon (
      sn_sla_fraction_used (consultation, f->calendar, &f->rules, at (f, 2025, 10, 5, 12, 0)),
      2.0 / 24.0, 1e-12);
}

/* 春节 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked. */
static void
test_deadline_spring_festival (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTicket) consultation = ticket_new (
      SN_TICKET_TYPE_CONSULTATION, SN_TICKET_STATE_RECEIVED, at (f, 2026, 2, 13, 15, 0));
  g_autoptr (SnTicket) complaint = ticket_new (SN_TICKET_TYPE_COMPLAINT, SN_TICKET_STATE_RECEIVED,
                                               at (f, 2026, 2, 24, 9, 0));

  /* Fri 15–18 (3 h), Sat Feb 14 (11), Tue Feb 24 (19), Wed Feb 25 09–12, 13–15 (24) */
  g_assert_cmpint (sn_sla_deadline (consultation, f->calendar, &f->rules, 0), ==,
                   at (f, 2026, 2, 25, 15, 0));
  /* Feb 24–27, Sat Feb 28, Mar 2–6, Mar 9–11: 13 days, ending at 18:00 sharp */
  g_assert_cmpint (sn_sla_deadline (complaint, f->calendar, &f->rules, 0), ==,
                   at (f, 2026, 3, 11, 18, 0));
}

static void
test_deadline_pause_extension (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTicket) t = ticket_new (SN_TICKET_TYPE_CONSULTATION, SN_TICKET_STATE_ACCEPTED,
                                       at (f, 2025, 3, 10, 10, 0));
  g_autoptr (SnTicket) urgent = ticket_new (SN_TICKET_TYPE_URGENT, SN_TICKET_STATE_ACCEPTED,
                                            at (f, 2025, 3, 10, 10, 0));
  gint64 now = at (f, 2025, 3, 11, 10, 0);

  g_assert_cmpint (sn_sla_deadline (t, f->calendar, &f->rules, now), ==,
                   at (f, 2025, 3, 13, 10, 0));
  t->extension_seconds = WORKDAY;
  g_assert_cmpint (sn_sla_deadline (t, f->calendar, &f->rules, now), ==,
                   at (f, 2025, 3, 14, 10, 0));
  t->paused_seconds = HOUR;
  g_assert_cmpint (sn_sla_deadline (t, f->calendar, &f->rules, now), ==,
                   at (f, 2025, 3, 14, 11, 0));
  /* paused since Mon 14:00: 5 working hours by Tue 10:00, 24+8+1+5 h from Mon 10:00 */
  t->paused_since = at (f, 2025, 3, 10, 14, 0);
  g_assert_cmpint (sn_sla_deadline (t, f->calendar, &f->rules, now), ==,
                   at (f, 2025, 3, 14, 17, 0));
  /* and it keeps moving with now: 7 h paused by Tue 12:30 */
  g_assert_cmpint (sn_sla_deadline (t, f->calendar, &f->rules, at (f, 2025, 3, 11, 12, 30)), ==,
                   at (f, 2025, 3, 17, 10, 0));

  /* urgent: pauses on the wall clock */
  urgent->paused_since = at (f, 2025, 3, 10, 12, 0);
  g_assert_cmpint (sn_sla_deadline (urgent, f->calendar, &f->rules, at (f, 2025, 3, 10, 15, 0)), ==,
                   at (f, 2025, 3, 11, 13, 0));
  urgent->paused_since = 0;
  urgent->paused_seconds = 3 * HOUR;
  urgent->extension_seconds = 30 * MINUTE;
  g_assert_cmpint (sn_sla_deadline (urgent, f->calendar, &f->rules, 0), ==,
                   at (f, 2025, 3, 11, 13, 30));
}

/* A deadline given by the source system (expected_datetime). */
static void
test_deadline_override (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTicket) t = ticket_new (SN_TICKET_TYPE_CONSULTATION, SN_TICKET_STATE_ACCEPTED,
                                       at (f, 2025, 3, 10, 10, 0));
  g_autoptr (SnTicket) urgent = ticket_new (SN_TICKET_TYPE_URGENT, SN_TICKET_STATE_ACCEPTED,
                                            at (f, 2025, 3, 10, 10, 0));

  t->deadline_override = at (f, 2025, 3, 12, 18, 0);
  g_assert_cmpint (sn_sla_deadline (t, f->calendar, &f->rules, 0), ==, t->deadline_override);
  /* limit = Mon 10:00 .. Wed 18:00 = 23 working hours */
  g_assert_cmpfloat_with_epsilon (
      sn_sla_fraction_used (t, f->calendar, &f->rules, at (f, 2025, 3, 11, 10, 0)), 8.0 / 23.0,
      1e-12);
  t->extension_seconds = HOUR;
  g_assert_cmpint (sn_sla_deadline (t, f->calendar, &f->rules, 0), ==, at (f, 2025, 3, 13, 10, 0));
  g_assert_cmpfloat_with_epsilon (
      sn_sla_fraction_used (t, f->calendar, &f->rules, at (f, 2025, 3, 11, 10, 0)), 8.0 / 24.0,
      1e-12);

  urgent->deadline_override = at (f, 2025, 3, 10, 12, 0);
  urgent->extension_seconds = 30 * MINUTE;
  g_assert_cmpint (sn_sla_deadline (urgent, f->calendar, &f->rules, 0), ==,
                   at (f, 2025, 3, 10, 12, 30));
  g_assert_cmpfloat_with_epsilon (
      sn_sla_fraction_used (urgent, f->calendar, &f->rules, at (f, 2025, 3, 10, 11, 15)), 0.5,
      1e-12);
}

static void
test_fraction_used (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTicket) t = ticket_new (SN_TICKET_TYPE_CONSULTATION, SN_TICKET_STATE_ACCEPTED,
                                       at (f, 2025, 3, 10, 10, 0));
  gint64 wednesday = at (f, 2025, 3, 12, 10, 0);

  g_assert_cmpfloat (sn_sla_fraction_used (t, f->calendar, &f->rules, t->requested_at - HOUR), ==,
                     0.0);
  g_assert_cmpfloat (sn_sla_fraction_used (t, f->calendar, &f->rules, t->requested_at), ==, 0.0);
  /* Mon 7 h, Tue 8 h, Wed 1 h of 24 */
  g_assert_cmpfloat_with_epsilon (sn_sla_fraction_used (t, f->calendar, &f->rules, wednesday),
                                  16.0 / 24.0, 1e-12);
  t->paused_seconds = HOUR;
  g_assert_cmpfloat_with_epsilon (sn_sla_fraction_used (t, f->calendar, &f->rules, wednesday),
                                  15.0 / 24.0, 1e-12);
  t->extension_seconds = WORKDAY;
  g_assert_cmpfloat_with_epsilon (sn_sla_fraction_used (t, f->calendar, &f->rules, wednesday),
                                  15.0 / 32.0, 1e-12);
  /* a running pause since Tue 10:00 stops the clock */
  t->paused_since = at (f, 2025, 3, 11, 10, 0);
  g_assert_cmpfloat_with_epsilon (sn_sla_fraction_used (t, f->calendar, &f->rules, wednesday),
                                  7.0 / 32.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (
      sn_sla_fraction_used (t, f->calendar, &f->rules, wednesday + 4 * 24 * HOUR), 7.0 / 32.0,
      1e-12);
  /* past the deadline: 47 working hours since Mon 10:00, 1 of them paused */
  t->paused_since = 0;
  g_assert_cmpfloat_with_epsilon (
      sn_sla_fraction_used (t, f->calendar, &f->rules, at (f, 2025, 3, 17, 18, 0)), 46.0 / 32.0,
      1e-12);
}

static void
assert_stall (const SnStall *stall, SnStallReason reason, gint64 since)
{
  g_assert_cmpstr (sn_stall_reason_to_string (stall->reason), ==,
                   sn_stall_reason_to_string (reason));
  g_assert_cmpint (stall->since, ==, since);
}

/* A dispatched consultation left alone: unaccepted, then silent, at risk, overdue. */
static void
test_stall_sequence (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTicket) t = ticket_new (SN_TICKET_TYPE_CONSULTATION, SN_TICKET_STATE_DISPATCHED,
                                       at (f, 2025, 3, 10, 9, 0));
  gint64 unaccepted = at (f, 2025, 3, 11, 10, 0); /* Mon 17:00 + 2 working hours */
  gint64 silent = at (f, 2025, 3, 11, 17, 0); /* Mon 17:00 + 24 h */
  gint64 at_risk = at (f, 2025, 3, 12, 13, 12); /* 19.2 of 24 working hours */
  gint64 deadline = at (f, 2025, 3, 12, 18, 0); /* 24 working hours */
  SnStall out[SN_N_STALL_REASONS];
  gint64 next = 0;

  t->dispatched_at = at (f, 2025, 3, 10, 17, 0);
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, unaccepted - 1, out, &next), ==,
                    0);
  g_assert_cmpint (next, ==, unaccepted);

  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, unaccepted, out, &next), ==, 1);
  assert_stall (&out[0], SN_STALL_UNACCEPTED, unaccepted);
  g_assert_cmpint (next, ==, silent);

  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, silent, out, &next), ==, 2);
  assert_stall (&out[1], SN_STALL_SILENT, silent);
  g_assert_cmpint (next, ==, at_risk);

  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, at_risk - 1, out, NULL), ==, 2);
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, at_risk, out, &next), ==, 3);
  assert_stall (&out[0], SN_STALL_UNACCEPTED, unaccepted);
  assert_stall (&out[1], SN_STALL_SILENT, silent);
  assert_stall (&out[2], SN_STALL_AT_RISK, at_risk);
  g_assert_cmpint (next, ==, deadline);
  g_assert_cmpfloat (sn_sla_fraction_used (t, f->calendar, &f->rules, at_risk), >=, 0.8);
  g_assert_cmpfloat (sn_sla_fraction_used (t, f->calendar, &f->rules, at_risk - 1), <, 0.8);

  /* overdue replaces at risk */
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, deadline, out, &next), ==, 3);
  assert_stall (&out[2], SN_STALL_OVERDUE, deadline);
  g_assert_cmpint (next, ==, G_MAXINT64);

  /* accepting ends "unaccepted" and restarts the silence */
  t->state = SN_TICKET_STATE_ACCEPTED;
  t->accepted_at = deadline;
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, deadline, out, &next), ==, 1);
  assert_stall (&out[0], SN_STALL_OVERDUE, deadline);
  g_assert_cmpint (next, ==, deadline + 24 * HOUR);
}

static gboolean
same_stalls (const SnStall *a, const SnStall *b, guint n)
{
  for (guint i = 0; i < n; i++)
    if (a[i].reason != b[i].reason || a[i].since != b[i].since)
      return FALSE;
  return TRUE;
}

/* Whatever the instant, the result stays the same until next_change and changes there. */
static void
test_next_change_property (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTicket) t = ticket_new (SN_TICKET_TYPE_COMPLAINT, SN_TICKET_STATE_DISPATCHED,
                                       at (f, 2025, 9, 24, 11, 0));
  gint64 from = t->requested_at - 24 * HOUR, to = at (f, 2025, 11, 10, 0, 0);

  t->dispatched_at = at (f, 2025, 9, 26, 17, 30);
  for (guint i = 0; i < 300; i++)
    {
      gint64 now = from + (gint64) (g_test_rand_double () * (double) (to - from));
      SnStall a[SN_N_STALL_REASONS], b[SN_N_STALL_REASONS];
      gint64 next, next_b;
      guint n = sn_stall_evaluate (t, f->calendar, &f->rules, now, a, &next);

      if (next == G_MAXINT64)
        continue;
      g_assert_cmpint (next, >, now);
      g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, next - 1, b, &next_b), ==, n);
      g_assert_true (same_stalls (a, b, n));
      g_assert_cmpint (next_b, ==, next);
      g_assert_true (sn_stall_evaluate (t, f->calendar, &f->rules, next, b, NULL) != n
                     || !same_stalls (a, b, n));
    }
}

static void
test_stall_urgent (Fixture *f, gconstpointer data)
{
  /* Saturday: the wall clock does not care */
  g_autoptr (SnTicket) t = ticket_new (SN_TICKET_TYPE_URGENT, SN_TICKET_STATE_DISPATCHED,
                                       at (f, 2025, 3, 15, 10, 0));
  SnStall out[SN_N_STALL_REASONS];
  gint64 next;

  t->dispatched_at = at (f, 2025, 3, 15, 10, 5);
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, t->dispatched_at, out, &next), ==,
                    0);
  g_assert_cmpint (next, ==, at (f, 2025, 3, 15, 10, 35));
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, next, out, &next), ==, 1);
  assert_stall (&out[0], SN_STALL_UNACCEPTED, at (f, 2025, 3, 15, 10, 35));
  /* 80 % of 24 h is 19 h 12 min */
  g_assert_cmpint (next, ==, at (f, 2025, 3, 16, 5, 12));
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, next, out, &next), ==, 2);
  assert_stall (&out[1], SN_STALL_AT_RISK, at (f, 2025, 3, 16, 5, 12));
  g_assert_cmpint (next, ==, at (f, 2025, 3, 16, 10, 0));
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, next, out, &next), ==, 2);
  assert_stall (&out[1], SN_STALL_OVERDUE, at (f, 2025, 3, 16, 10, 0));
  g_assert_cmpint (next, ==, at (f, 2025, 3, 16, 10, 5));
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, next, out, &next), ==, 3);
  assert_stall (&out[1], SN_STALL_SILENT, at (f, 2025, 3, 16, 10, 5));
  assert_stall (&out[2], SN_STALL_OVERDUE, at (f, 2025, 3, 16, 10, 0));
  g_assert_cmpint (next, ==, G_MAXINT64);
}

static void
test_stall_silent (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTicket) t = ticket_new (SN_TICKET_TYPE_COMPLAINT, SN_TICKET_STATE_IN_PROGRESS,
                                       at (f, 2025, 3, 10, 9, 0));
  SnStall out[SN_N_STALL_REASONS];
  gint64 next;

  t->dispatched_at = at (f, 2025, 3, 10, 9, 30);
  t->accepted_at = at (f, 2025, 3, 10, 10, 0);
  t->last_progress_at = at (f, 2025, 3, 11, 9, 0);
  g_assert_cmpuint (
      sn_stall_evaluate (t, f->calendar, &f->rules, at (f, 2025, 3, 12, 8, 59), out, &next), ==, 0);
  g_assert_cmpint (next, ==, at (f, 2025, 3, 12, 9, 0));
  g_assert_cmpuint (
      sn_stall_evaluate (t, f->calendar, &f->rules, at (f, 2025, 3, 12, 9, 0), out, &next), ==, 1);
  assert_stall (&out[0], SN_STALL_SILENT, at (f, 2025, 3, 12, 9, 0));
  /* 80 % of 13 days = 83.2 h: Mon–Fri (40), Mon–Fri (80), Mon 09:00–12:00, 13:00–13:12 */
  g_assert_cmpint (next, ==, at (f, 2025, 3, 24, 13, 12));
}

static void
test_stall_bouncing_reopened (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTicket) t = ticket_new (SN_TICKET_TYPE_COMPLAINT, SN_TICKET_STATE_ACCEPTED,
                                       at (f, 2025, 3, 10, 9, 0));
  gint64 now = at (f, 2025, 3, 10, 15, 0);
  SnStall out[SN_N_STALL_REASONS];
  gint64 next;

  t->bounce_count = 1;
  t->last_bounce_at = at (f, 2025, 3, 10, 11, 0);
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, now, out, &next), ==, 0);
  t->bounce_count = 2;
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, now, out, &next), ==, 1);
  assert_stall (&out[0], SN_STALL_BOUNCING, at (f, 2025, 3, 10, 11, 0));
  g_assert_cmpint (next, ==, at (f, 2025, 3, 11, 9, 0)); /* silent */
  t->last_bounce_at = 0;
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, now, out, &next), ==, 1);
  assert_stall (&out[0], SN_STALL_BOUNCING, t->requested_at);

  t->state = SN_TICKET_STATE_REOPENED;
  t->reopened_at = at (f, 2025, 3, 10, 14, 0);
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, now, out, &next), ==, 2);
  assert_stall (&out[0], SN_STALL_BOUNCING, t->requested_at);
  assert_stall (&out[1], SN_STALL_REOPENED, at (f, 2025, 3, 10, 14, 0));
  /* reopening restarts the silence */
  g_assert_cmpint (next, ==, at (f, 2025, 3, 11, 14, 0));
}

/* Several reasons at once, in SnStallReason order. */
static void
test_stall_many (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTicket) t = ticket_new (SN_TICKET_TYPE_CONSULTATION, SN_TICKET_STATE_DISPATCHED,
                                       at (f, 2025, 9, 30, 16, 0));
  gint64 now = at (f, 2025, 10, 20, 9, 0);
  SnStall out[SN_N_STALL_REASONS];
  gint64 next;

  t->dispatched_at = at (f, 2025, 9, 30, 17, 0);
  t->bounce_count = 3;
  t->last_bounce_at = t->dispatched_at;
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, now, out, &next), ==, 4);
  /* 1 h on Sep 30, 1 h on Thu Oct 9 after the holiday */
  assert_stall (&out[0], SN_STALL_UNACCEPTED, at (f, 2025, 10, 9, 10, 0));
  assert_stall (&out[1], SN_STALL_SILENT, at (f, 2025, 10, 1, 17, 0));
  assert_stall (&out[2], SN_STALL_OVERDUE, at (f, 2025, 10, 11, 16, 0));
  assert_stall (&out[3], SN_STALL_BOUNCING, at (f, 2025, 9, 30, 17, 0));
  g_assert_cmpint (next, ==, G_MAXINT64);

  /* closed: nothing at all */
  t->state = SN_TICKET_STATE_CLOSED;
  t->closed_at = now;
  next = 0;
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, now, out, &next), ==, 0);
  g_assert_cmpint (next, ==, G_MAXINT64);
}

/* Waiting for the citizen stops the clock: not silent, at risk or overdue. */
static void
test_stall_paused (Fixture *f, gconstpointer data)
{
  g_autoptr (SnTicket) t = ticket_new (SN_TICKET_TYPE_CONSULTATION, SN_TICKET_STATE_IN_PROGRESS,
                                       at (f, 2025, 3, 10, 9, 0));
  gint64 now = at (f, 2025, 4, 30, 9, 0);
  SnStall out[SN_N_STALL_REASONS];
  gint64 next;

  t->accepted_at = at (f, 2025, 3, 10, 10, 0);
  t->bounce_count = 2;
  t->last_bounce_at = at (f, 2025, 3, 10, 9, 30);
  t->paused_since = at (f, 2025, 3, 11, 9, 0);
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, now, out, &next), ==, 1);
  assert_stall (&out[0], SN_STALL_BOUNCING, at (f, 2025, 3, 10, 9, 30));
  g_assert_cmpint (next, ==, G_MAXINT64);
  g_assert_cmpint (sn_sla_deadline (t, f->calendar, &f->rules, now), >, now);

  /* resumed at `now` (Wed Apr 30) with the pause booked: 8 h used of 24; Apr 30 (16 h),
   * 劳动节 May 1–5, Tue May 6 (24 h) */
  t->paused_seconds = sn_sla_clock_seconds_between (f->calendar, t->type, t->paused_since, now);
  t->paused_since = 0;
  t->last_progress_at = now;
  g_assert_cmpuint (sn_stall_evaluate (t, f->calendar, &f->rules, now, out, &next), ==, 1);
  g_assert_cmpint (sn_sla_deadline (t, f->calendar, &f->rules, now), ==, at (f, 2025, 5, 6, 18, 0));
  g_assert_cmpint (next, ==, now + 24 * HOUR); /* silent before the 80 % instant */
}

static void
test_stall_names (void)
{
  static const char *const names[] = {
    "unaccepted", "silent", "at_risk", "overdue", "bouncing", "reopened",
  };
  static const char *const labels[] = {
    "Unaccepted", "Silent", "At risk", "Overdue", "Bouncing", "Reopened",
  };

  for (guint i = 0; i < SN_N_STALL_REASONS; i++)
    {
      SnStallReason reason = SN_N_STALL_REASONS;

      g_assert_cmpstr (sn_stall_reason_to_string (i), ==, names[i]);
      g_assert_true (sn_stall_reason_from_string (names[i], &reason));
      g_assert_cmpint (reason, ==, i);
      g_assert_cmpstr (sn_stall_reason_get_label (i), ==, labels[i]);
    }
  {
    SnStallReason reason = SN_STALL_SILENT;

    g_assert_false (sn_stall_reason_from_string ("late", &reason));
    g_assert_false (sn_stall_reason_from_string (NULL, &reason));
    g_assert_false (sn_stall_reason_from_string ("Overdue", &reason));
    g_assert_cmpint (reason, ==, SN_STALL_SILENT);
  }
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests touch no file, and GLib 2.74 deliberately
   * leaks the directories it replaces, which fails the LeakSanitizer run. */
  g_test_init (&argc, &argv, NULL);

  ADD ("/sla/rules", test_rules);
  ADD ("/sla/deadline/national-day-2025", test_deadline_national_day);
  ADD ("/sla/deadline/spring-festival-2026", test_deadline_spring_festival);
  ADD ("/sla/deadline/pause-extension", test_deadline_pause_extension);
  ADD ("/sla/deadline/override", test_deadline_override);
  ADD ("/sla/fraction-used", test_fraction_used);
  ADD ("/sla/stall/sequence", test_stall_sequence);
  ADD ("/sla/stall/next-change", test_next_change_property);
  ADD ("/sla/stall/urgent", test_stall_urgent);
  ADD ("/sla/stall/silent", test_stall_silent);
  ADD ("/sla/stall/bouncing-reopened", test_stall_bouncing_reopened);
  ADD ("/sla/stall/many", test_stall_many);
  ADD ("/sla/stall/paused", test_stall_paused);
  g_test_add_func ("/sla/stall/names", test_stall_names);

  return g_test_run ();
}
