/* sn-sim-report.c — what a simulated day added up to, next to the public figures it was
 * tuned against
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sn-sim-private.h"

#define ULL(x) ((unsigned long long) (x))

static double
share (guint64 part, guint64 whole)
{
  return whole > 0 ? 100.0 * (double) part / (double) whole : 0.0;
}

static int
compare_counts (gconstpointer a, gconstpointer b, gpointer user_data)
{
  GHashTable *counts = user_data;
  guint ca = GPOINTER_TO_UINT (g_hash_table_lookup (counts, *(const char *const *) a));
  guint cb = GPOINTER_TO_UINT (g_hash_table_lookup (counts, *(const char *const *) b));

  return ca == cb ? 0 : ca > cb ? -1 : 1;
}

static void
report_calls (SnSim *sim, GString *s)
{
  const SnSimTotals *t = &sim->totals;
  guint peak_hour = 0;
  guint64 attempts = t->calls_offered + t->calls_blocked;

  for (guint h = 1; h < 24; h++)
    if (t->offered_by_hour[h] > t->offered_by_hour[peak_hour])
      peak_hour = h;
  g_string_append_printf (s,
                          _ ("Calls\n"
                             "  attempts              %10llu\n"
                             "  entered a queue       %10llu\n"
                             "  blocked (queue full)  %10llu  %5.1f %%\n"
                             "  answered              %10llu  %5.1f %%\n"
                             "  abandoned             %10llu  %5.1f %%\n"
                             "  timed out             %10llu  %5.1f %%\n"),
                          ULL (attempts), ULL (t->calls_offered), ULL (t->calls_blocked),
                          share (t->calls_blocked, attempts), ULL (t->calls_answered),
                          share (t->calls_answered, t->calls_offered), ULL (t->calls_abandoned),
                          share (t->calls_abandoned, t->calls_offered), ULL (t->calls_timed_out),
                          share (t->calls_timed_out, t->calls_offered));
  g_string_append_printf (s,
                          _ ("  service level (≤15 s) %9.1f %%\n"
                             "  mean wait, answered   %9.1f s\n"
                             "  peak hour             %02u:00–%02u:00, %llu"
                             " attempts\n"
                             "  most agents logged in %10u\n"),
                          share (t->calls_answered_15s, t->calls_answered),
                          t->calls_answered ? t->answered_wait_total / t->calls_answered : 0.0,
                          peak_hour, (peak_hour + 1) % 24, ULL (t->offered_by_hour[peak_hour]),
                          t->max_agents_logged_in);
}

static void
report_tickets (SnSim *sim, GString *s)
{
  const SnSimTotals *t = &sim->totals;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_string_append_printf (
      s,
      _ ("Requests (answered calls + web, app, WeChat) %10llu"
         "\n  of which online       %10llu\n"
         "Work orders             %10llu\n"
         "  not accepted in 2 working hours %5.1f %%\n"
         "  returned twice or more (bouncing) %5.1f %%\n"
         "  replied after the deadline %5.1f %%\n"
         "  extended              %5.1f %%\n"
         "  reopened              %5.1f %%\n"
         "Categories\n"),
      ULL (t->calls_answered + t->web_requests), ULL (t->web_requests), ULL (t->tickets),
      share (t->tickets_never_accepted_2h, t->tickets), share (t->tickets_bounced_2, t->tickets),
      share (t->tickets_overdue, t->tickets), share (t->tickets_extended, t->tickets),
      share (t->tickets_reopened, t->tickets));
  g_hash_table_iter_init (&iter, t->tickets_by_category);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort_with_data (names, compare_counts, t->tickets_by_category);
  for (guint i = 0; i < names->len && i < 12; i++)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (t->tickets_by_category, names->pdata[i]));

      g_string_append_printf (s, "  %-24s %8u  %5.1f %%\n", (const char *) names->pdata[i], n,
                              share (n, t->tickets));
    }
}

char *
sn_sim_report (SnSim *self)
{
  GString *s = g_string_new (NULL);
  g_autofree char *start = NULL;
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc ((gint64) self->options.start);

  start = g_date_time_format_iso8601 (dt);
  g_string_append_printf (s,
                          _ ("Scenario %s, city %s, seed %u, from %s, %.1f simulated hours, "
                             "%llu events\n"),
                          self->scenario, self->options.city, self->options.seed, start,
                          (self->now - self->options.start) / 3600.0, ULL (self->totals.events));
  report_calls (self, s);
  if (self->city != NULL)
    report_tickets (self, s);
  return g_string_free (s, FALSE);
}
