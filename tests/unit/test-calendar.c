/* test-calendar.c — the business calendar: holidays, 调休, working time, midnights, DST
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sn-calendar.h"

#define HOUR 3600
#define WORKDAY (8 * HOUR)

/* Unix time of a local wall-clock time in @tz. */
static gint64
local_time (GTimeZone *tz, int year, int month, int day, int hour, int minute)
{
  g_autoptr (GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static GTimeZone *
zone (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  g_assert_nonnull (tz);
  return tz;
}

/* Local noon of the day of @t, in @tz. */
static GDateTime *
local_noon (GTimeZone *tz, gint64 t)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                          g_date_time_get_day_of_month (local), 12, 0, 0);
}

static gint64
overlap (gint64 a, gint64 b, gint64 start, gint64 end)
{
  return MAX (0, MIN (b, end) - MAX (a, start));
}

/* Working seconds in [a, b) for the default hours, the slow and obvious way: every local
 * day, both periods, through GDateTime.  Shares nothing with the calendar but day kinds. */
static gint64
reference_between (SnCalendar *cal, gint64 a, gint64 b)
{
  GTimeZone *tz = sn_calendar_get_timezone (cal);
  g_autoptr (GDateTime) noon = local_noon (tz, a);
  GDateTime *day = g_date_time_add_days (noon, -1);
  gint64 total = 0;

  while (g_date_time_to_unix (day) - 24 * HOUR < b)
    {
      int y = g_date_time_get_year (day), m = g_date_time_get_month (day);
      int d = g_date_time_get_day_of_month (day);
      GDateTime *next = g_date_time_add_days (day, 1);

      if (sn_calendar_is_working_day (cal, y, m, d))
        total += overlap (a, b, local_time (tz, y, m, d, 9, 0), local_time (tz, y, m, d, 12, 0))
                 + overlap (a, b, local_time (tz, y, m, d, 13, 0), local_time (tz, y, m, d, 18, 0));
      g_date_time_unref (day);
      day = next;
    }
  g_date_time_unref (day);
  return total;
}

static void
test_defaults (void)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (SnCalendar) cal = sn_calendar_new (utc);
  gboolean provisional = TRUE;

  g_assert_cmpint (sn_calendar_get_working_seconds_per_day (cal), ==, WORKDAY);
  g_assert_true (sn_calendar_get_timezone (cal) == utc);
  g_assert_false (sn_calendar_covers_year (cal, 2025, &provisional));
  g_assert_false (provisional);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2025, 10, 1), ==, SN_DAY_WORKDAY);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2025, 9, 27), ==, SN_DAY_WEEKEND);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2025, 9, 28), ==, SN_DAY_WEEKEND);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 1969, 12, 31), ==, SN_DAY_WORKDAY);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 1969, 12, 28), ==, SN_DAY_WEEKEND);
  g_assert_true (sn_calendar_is_working_day (cal, 2024, 2, 29));
  g_assert_false (sn_calendar_is_working_day (cal, 2025, 3, 9));
  /* Monday 09:00 UTC to Monday 09:00 a week later: five days */
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, local_time (utc, 2025, 3, 3, 9, 0),
                                                        local_time (utc, 2025, 3, 10, 9, 0)),
                   ==, 5 * WORKDAY);
}

static int
count_days (SnCalendar *cal, int year, SnDayKind kind)
{
  GDate date;
  int n = 0;

  g_date_clear (&date, 1);
  for (g_date_set_dmy (&date, 1, 1, (GDateYear) year); g_date_get_year (&date) == year;
       g_date_add_days (&date, 1))
    n += sn_calendar_get_day_kind (cal, year, g_date_get_month (&date), g_date_get_day (&date))
         == kind;
  return n;
}

/* The file shipped in data/calendar/, through the GResource. */
static void
test_shipped_data (void)
{
  g_autoptr (SnCalendar) cal = sn_calendar_new_default ();
  gboolean provisional = TRUE;

  g_assert_cmpstr (g_time_zone_get_identifier (sn_calendar_get_timezone (cal)), ==,
                   "Asia/Shanghai");
  g_assert_true (sn_calendar_covers_year (cal, 2025, &provisional));
  g_assert_false (provisional);
  g_assert_true (sn_calendar_covers_year (cal, 2026, &provisional));
  g_assert_false (provisional);
  g_assert_true (sn_calendar_covers_year (cal, 2027, &provisional));
  g_assert_true (provisional);
  g_assert_false (sn_calendar_covers_year (cal, 2024, NULL));
  g_assert_false (sn_calendar_covers_year (cal, 2028, NULL));

  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2025, 9, 28), ==, SN_DAY_MAKEUP);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2025, 10, 8), ==, SN_DAY_HOLIDAY);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2025, 10, 11), ==, SN_DAY_MAKEUP);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2025, 10, 9), ==, SN_DAY_WORKDAY);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2025, 10, 4), ==, SN_DAY_HOLIDAY);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2026, 2, 14), ==, SN_DAY_MAKEUP);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2026, 2, 15), ==, SN_DAY_HOLIDAY);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2026, 2, 23), ==, SN_DAY_HOLIDAY);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2026, 2, 28), ==, SN_DAY_MAKEUP);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2026, 2, 21), ==, SN_DAY_HOLIDAY);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2027, 2, 20), ==, SN_DAY_MAKEUP);
  g_assert_true (sn_calendar_is_working_day (cal, 2025, 9, 28));
  g_assert_false (sn_calendar_is_working_day (cal, 2025, 10, 8));

  /* days off and worked weekend days, per the notices */
  g_assert_cmpint (count_days (cal, 2025, SN_DAY_HOLIDAY), ==, 1 + 8 + 3 + 5 + 3 + 8);
  g_assert_cmpint (count_days (cal, 2025, SN_DAY_MAKEUP), ==, 5);
  g_assert_cmpint (count_days (cal, 2026, SN_DAY_HOLIDAY), ==, 3 + 9 + 3 + 5 + 3 + 3 + 7);
  g_assert_cmpint (count_days (cal, 2026, SN_DAY_MAKEUP), ==, 6);
  g_assert_cmpint (count_days (cal, 2027, SN_DAY_HOLIDAY), ==, 3 + 8 + 3 + 5 + 1 + 1 + 7);
  g_assert_cmpint (count_days (cal, 2027, SN_DAY_MAKEUP), ==, 4);

  /* years outside the data: weekends only */
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2024, 10, 1), ==, SN_DAY_WORKDAY);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2028, 1, 1), ==, SN_DAY_WEEKEND);
  g_assert_cmpint (count_days (cal, 2028, SN_DAY_HOLIDAY), ==, 0);
}

/* 国庆节、中秋节 2025: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked. */
static void
test_national_day_2025 (void)
{
  g_autoptr (SnCalendar) cal = sn_calendar_new_default ();
  GTimeZone *tz = sn_calendar_get_timezone (cal);
  gint64 received = local_time (tz, 2025, 9, 30, 16, 0);

  /* Tue 16–18 (2 h), Thu Oct 9 (8), Fri Oct 10 (8), Sat Oct 11 09–12, 13–16 (6) = 24 h */
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, received, 3 * WORKDAY), ==,
                   local_time (tz, 2025, 10, 11, 16, 0));
  g_assert_cmpint (
      sn_calendar_working_seconds_between (cal, received, local_time (tz, 2025, 10, 11, 16, 0)), ==,
      3 * WORKDAY);
  /* 13 days: … Sat Oct 11 (26 h), Oct 13–17 (66), Oct 20–23 (98), Fri Oct 24 09–16 */
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, received, 13 * WORKDAY), ==,
                   local_time (tz, 2025, 10, 24, 16, 0));
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, local_time (tz, 2025, 10, 1, 0, 0),
                                                        local_time (tz, 2025, 10, 9, 0, 0)),
                   ==, 0);
  /* Fri Sep 26 10:00: 7 h, Sun Sep 28 (make-up) 8, Mon 8, Tue Sep 30 09–10 */
  g_assert_cmpint (
      sn_calendar_add_working_seconds (cal, local_time (tz, 2025, 9, 26, 10, 0), 3 * WORKDAY), ==,
      local_time (tz, 2025, 9, 30, 10, 0));
  /* the make-up days count a full day each, the Saturday between them none */
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, local_time (tz, 2025, 9, 27, 0, 0),
                                                        local_time (tz, 2025, 9, 29, 0, 0)),
                   ==, WORKDAY);
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, local_time (tz, 2025, 10, 11, 0, 0),
                                                        local_time (tz, 2025, 10, 13, 0, 0)),
                   ==, WORKDAY);
}

/* 春节 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked. */
static void
test_spring_festival_2026 (void)
{
  g_autoptr (SnCalendar) cal = sn_calendar_new_default ();
  GTimeZone *tz = sn_calendar_get_timezone (cal);

  /* Fri Feb 13 15–18 (3 h), Sat Feb 14 (11), Tue Feb 24 (19), Wed 09–12, 13–15 */
  g_assert_cmpint (
      sn_calendar_add_working_seconds (cal, local_time (tz, 2026, 2, 13, 15, 0), 3 * WORKDAY), ==,
      local_time (tz, 2026, 2, 25, 15, 0));
  /* Feb 24–27 (4 days), Sat Feb 28, Mar 2–6, Mar 9–11: 13 days, ending at 18:00 sharp */
  g_assert_cmpint (
      sn_calendar_add_working_seconds (cal, local_time (tz, 2026, 2, 24, 9, 0), 13 * WORKDAY), ==,
      local_time (tz, 2026, 3, 11, 18, 0));
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, local_time (tz, 2026, 2, 14, 0, 0),
                                                        local_time (tz, 2026, 3, 1, 0, 0)),
                   ==, 6 * WORKDAY);
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, local_time (tz, 2026, 2, 15, 0, 0),
                                                        local_time (tz, 2026, 2, 24, 0, 0)),
                   ==, 0);
}

static void
test_working_time_basics (void)
{
  g_autoptr (GTimeZone) tz = zone ("Asia/Shanghai");
  g_autoptr (SnCalendar) cal = sn_calendar_new (tz);
  gint64 monday = local_time (tz, 2025, 3, 10, 10, 0);
  gint64 saturday = local_time (tz, 2025, 3, 15, 10, 0);

  g_assert_cmpint (sn_calendar_add_working_seconds (cal, monday, 3 * WORKDAY), ==,
                   local_time (tz, 2025, 3, 13, 10, 0));
  /* reaching the end of a period stops there, not at the start of the next one */
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, monday, 2 * HOUR), ==,
                   local_time (tz, 2025, 3, 10, 12, 0));
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, monday, 2 * HOUR + 1), ==,
                   local_time (tz, 2025, 3, 10, 13, 0) + 1);
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, monday, 7 * HOUR), ==,
                   local_time (tz, 2025, 3, 10, 18, 0));
  /* from outside working hours */
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, saturday, 0), ==, saturday);
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, saturday, 1), ==,
                   local_time (tz, 2025, 3, 17, 9, 0) + 1);
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, saturday, saturday + 24 * HOUR), ==,
                   0);
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, monday, monday), ==, 0);
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, monday + 10, monday), ==, 0);
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, local_time (tz, 2025, 3, 10, 11, 30),
                                                        local_time (tz, 2025, 3, 10, 13, 30)),
                   ==, HOUR);
  /* a long span: 2000-01-01 .. 2100-01-01 has 26,089 weekdays */
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, local_time (tz, 2000, 1, 1, 0, 0),
                                                        local_time (tz, 2100, 1, 1, 0, 0)),
                   ==, (gint64) 26089 * WORKDAY);
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, local_time (tz, 2000, 1, 1, 0, 0),
                                                    (gint64) 26089 * WORKDAY),
                   ==, local_time (tz, 2099, 12, 31, 18, 0));
}

/* Local midnights in a zone without DST. */
static void
test_midnight (void)
{
  g_autoptr (SnCalendar) cal = sn_calendar_new_default ();
  /* 2025-10-01 00:00 +08:00 */
  const gint64 midnight = G_GINT64_CONSTANT (1759248000);

  g_assert_cmpint (local_time (sn_calendar_get_timezone (cal), 2025, 10, 1, 0, 0), ==, midnight);
  g_assert_cmpint (sn_calendar_day_start (cal, midnight), ==, midnight);
  g_assert_cmpint (sn_calendar_next_day_start (cal, midnight), ==, midnight + 24 * HOUR);
  g_assert_cmpint (sn_calendar_day_start (cal, midnight - 1), ==, midnight - 24 * HOUR);
  g_assert_cmpint (sn_calendar_next_day_start (cal, midnight - 1), ==, midnight);
  g_assert_cmpint (sn_calendar_day_start (cal, midnight + 1), ==, midnight);
  g_assert_cmpint (sn_calendar_next_day_start (cal, midnight + 1), ==, midnight + 24 * HOUR);
  g_assert_cmpint (sn_calendar_day_start (cal, midnight + 24 * HOUR - 1), ==, midnight);
  /* UTC midnight is 08:00 in Shanghai: same local day */
  g_assert_cmpint (sn_calendar_day_start (cal, midnight + 8 * HOUR), ==, midnight);
  /* before 1970 */
  g_assert_cmpint (sn_calendar_day_start (cal, -1), ==, -8 * HOUR);
  g_assert_cmpint (sn_calendar_next_day_start (cal, -8 * HOUR - 1), ==, -8 * HOUR);
}

/* America/Los_Angeles: 2025-03-09 has 23 hours, 2025-11-02 has 25. */
static void
test_dst_day_bounds (void)
{
  g_autoptr (GTimeZone) la = zone ("America/Los_Angeles");
  g_autoptr (GTimeZone) shanghai = zone ("Asia/Shanghai");
  g_autoptr (SnCalendar) cal = sn_calendar_new (la);
  g_autoptr (SnCalendar) cn = sn_calendar_new (shanghai);
  const gint64 mar9 = G_GINT64_CONSTANT (1741507200); /* 2025-03-09 00:00 PST */
  const gint64 mar10 = G_GINT64_CONSTANT (1741590000); /* 2025-03-10 00:00 PDT */
  const gint64 nov2 = G_GINT64_CONSTANT (1762066800); /* 2025-11-02 00:00 PDT */
  const gint64 nov3 = G_GINT64_CONSTANT (1762156800); /* 2025-11-03 00:00 PST */

  g_assert_cmpint (mar10 - mar9, ==, 23 * HOUR);
  g_assert_cmpint (nov3 - nov2, ==, 25 * HOUR);
  g_assert_cmpint (sn_calendar_day_start (cal, mar9 + 12 * HOUR), ==, mar9);
  g_assert_cmpint (sn_calendar_next_day_start (cal, mar9 + 12 * HOUR), ==, mar10);
  g_assert_cmpint (sn_calendar_next_day_start (cal, mar9), ==, mar10);
  g_assert_cmpint (sn_calendar_day_start (cal, mar10 - 1), ==, mar9);
  g_assert_cmpint (sn_calendar_day_start (cal, mar10), ==, mar10);
  /* 01:59:59 PST and 03:00 PDT, one second apart */
  g_assert_cmpint (sn_calendar_day_start (cal, mar9 + 2 * HOUR - 1), ==, mar9);
  g_assert_cmpint (sn_calendar_day_start (cal, mar9 + 2 * HOUR), ==, mar9);
  g_assert_cmpint (sn_calendar_day_start (cal, nov2 + 24 * HOUR), ==, nov2);
  g_assert_cmpint (sn_calendar_next_day_start (cal, nov2 + 24 * HOUR), ==, nov3);
  /* 01:30 happens twice on Nov 2 */
  g_assert_cmpint (sn_calendar_day_start (cal, nov2 + 90 * 60), ==, nov2);
  g_assert_cmpint (sn_calendar_day_start (cal, nov2 + 90 * 60 + HOUR), ==, nov2);
  g_assert_cmpint (sn_calendar_next_day_start (cal, nov2), ==, nov3);
  g_assert_cmpint (sn_calendar_day_start (cal, nov3), ==, nov3);
  g_assert_cmpint (sn_calendar_day_start (cal, nov3 - 1), ==, nov2);

  /* Shanghai on the same dates: 24 hours */
  g_assert_cmpint (sn_calendar_next_day_start (cn, local_time (shanghai, 2025, 3, 9, 12, 0))
                       - sn_calendar_day_start (cn, local_time (shanghai, 2025, 3, 9, 12, 0)),
                   ==, 24 * HOUR);
  g_assert_cmpint (sn_calendar_next_day_start (cn, local_time (shanghai, 2025, 11, 2, 12, 0))
                       - sn_calendar_day_start (cn, local_time (shanghai, 2025, 11, 2, 12, 0)),
                   ==, 24 * HOUR);
}

static void
test_dst_working_time (void)
{
  g_autoptr (GTimeZone) la = zone ("America/Los_Angeles");
  g_autoptr (SnCalendar) cal = sn_calendar_new (la);
  gint64 friday = local_time (la, 2025, 3, 7, 17, 0); /* PST */
  gint64 monday = local_time (la, 2025, 3, 10, 10, 0); /* PDT */

  g_assert_cmpint (monday, ==, G_GINT64_CONSTANT (1741626000));
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, friday, monday), ==, 2 * HOUR);
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, friday, 2 * HOUR), ==, monday);
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, local_time (la, 2025, 3, 7, 0, 0),
                                                        local_time (la, 2025, 3, 11, 0, 0)),
                   ==, 2 * WORKDAY);
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, local_time (la, 2025, 10, 31, 0, 0),
                                                        local_time (la, 2025, 11, 4, 0, 0)),
                   ==, 2 * WORKDAY);
  /* Monday after each change: 09:00 local is 16:00 UTC in March, 17:00 UTC in November */
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, local_time (la, 2025, 10, 31, 18, 0), 1),
                   ==, G_GINT64_CONSTANT (1762189200) + 1);
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, local_time (la, 2025, 3, 7, 18, 0), 1), ==,
                   G_GINT64_CONSTANT (1741622400) + 1);
}

/* Working days that straddle the change: the real hours, not the nominal ones. */
static void
test_dst_full_days (void)
{
  static const char json[] =
      "{\"years\": {\"2025\": {\"status\": \"official\", \"holidays\": "
      "[{\"name\": \"X\", \"from\": \"2025-12-25\", \"to\": \"2025-12-25\"}],"
      "\"makeup_workdays\": [{\"date\": \"2025-03-09\", \"for\": \"X\"},"
      "{\"date\": \"2025-11-02\", \"for\": \"X\"}]}}}";
  static const SnWorkPeriod all_day[] = { { 0, 24 * 60 } };
  static const SnWorkPeriod night[] = { { 60, 180 } };
  g_autoptr (GTimeZone) la = zone ("America/Los_Angeles");
  g_autoptr (SnCalendar) cal = sn_calendar_new (la);
  g_autoptr (GError) error = NULL;
  const gint64 mar9 = G_GINT64_CONSTANT (1741507200), mar10 = G_GINT64_CONSTANT (1741590000);
  const gint64 nov2 = G_GINT64_CONSTANT (1762066800), nov3 = G_GINT64_CONSTANT (1762156800);

  g_assert_true (sn_calendar_load_holidays (cal, json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (sn_calendar_set_working_hours (cal, all_day, 1, &error));
  g_assert_cmpint (sn_calendar_get_working_seconds_per_day (cal), ==, 24 * HOUR);
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, mar9, mar10), ==, 23 * HOUR);
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, nov2, nov3), ==, 25 * HOUR);
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, mar9, 23 * HOUR), ==, mar10);
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, nov2, 25 * HOUR), ==, nov3);
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, nov2, 2 * HOUR), ==, nov2 + 2 * HOUR);
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, mar9 - 24 * HOUR, mar9), ==, 0);

  /* 01:00–03:00: one real hour in March, three in November */
  g_assert_true (sn_calendar_set_working_hours (cal, night, 1, &error));
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, mar9, mar10), ==, HOUR);
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, nov2, nov3), ==, 3 * HOUR);
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, mar9, HOUR), ==, mar9 + 2 * HOUR);
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, nov2, 3 * HOUR), ==, nov2 + 4 * HOUR);
}

/* between (a, add (a, s)) == s, and add gives the first such instant. */
static void
check_round_trips (SnCalendar *cal, gint64 from, gint64 to, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      gint64 a = from + (gint64) (g_test_rand_double () * (double) (to - from));
      gint64 s = g_test_rand_int_range (0, 40 * WORKDAY);
      gint64 b = sn_calendar_add_working_seconds (cal, a, s);

      g_assert_cmpint (b, >=, a);
      g_assert_cmpint (sn_calendar_working_seconds_between (cal, a, b), ==, s);
      if (s > 0)
        g_assert_cmpint (sn_calendar_working_seconds_between (cal, a, b - 1), ==, s - 1);
    }
}

static void
test_round_trip (void)
{
  g_autoptr (SnCalendar) cn = sn_calendar_new_default ();
  g_autoptr (GTimeZone) la = zone ("America/Los_Angeles");
  g_autoptr (SnCalendar) us = sn_calendar_new (la);
  static const SnWorkPeriod odd[] = { { 0, 90 }, { 120, 200 }, { 1430, 1440 } };
  g_autoptr (GError) error = NULL;
  gint64 from = local_time (la, 2024, 6, 1, 0, 0), to = local_time (la, 2028, 6, 1, 0, 0);

  check_round_trips (cn, from, to, 2000);
  check_round_trips (us, from, to, 2000);
  /* odd hours that cross both of LA's transitions at 02:00 */
  g_assert_true (sn_calendar_set_working_hours (us, odd, G_N_ELEMENTS (odd), &error));
  g_assert_no_error (error);
  check_round_trips (us, from, to, 2000);
}

/* Random spans against the day-by-day reference. */
static void
test_against_reference (void)
{
  g_autoptr (SnCalendar) cn = sn_calendar_new_default ();
  g_autoptr (GTimeZone) la = zone ("America/Los_Angeles");
  g_autoptr (SnCalendar) us = sn_calendar_new (la);
  gint64 from = local_time (la, 2024, 11, 1, 0, 0), to = local_time (la, 2028, 2, 1, 0, 0);

  for (guint i = 0; i < 300; i++)
    {
      gint64 a = from + (gint64) (g_test_rand_double () * (double) (to - from));
      gint64 b = a + g_test_rand_int_range (0, 60 * 24 * HOUR);

      g_assert_cmpint (sn_calendar_working_seconds_between (cn, a, b), ==,
                       reference_between (cn, a, b));
      g_assert_cmpint (sn_calendar_working_seconds_between (us, a, b), ==,
                       reference_between (us, a, b));
    }
  /* all three years of holidays at once */
  g_assert_cmpint (sn_calendar_working_seconds_between (cn, from, to), ==,
                   reference_between (cn, from, to));
}

static const char good_json[] =
    "{\"timezone\": \"Asia/Shanghai\", \"years\": {\"2030\": {\"status\": \"official\","
    " \"holidays\": [{\"name\": \"A\", \"from\": \"2030-01-01\", \"to\": \"2030-01-02\"}],"
    " \"makeup_workdays\": [{\"date\": \"2030-01-05\", \"for\": \"A\"}]}}}";

/* Each bad file fails with @code and a message naming @detail, and changes nothing. */
static void
check_bad_file (SnCalendar *cal, const char *json, int code, const char *detail)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (sn_calendar_load_holidays (cal, json, -1, &error));
  g_assert_error (error, SN_CALENDAR_ERROR, code);
  if (g_test_verbose ())
    g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, detail));
  g_assert_true (sn_calendar_covers_year (cal, 2025, NULL));
  g_assert_false (sn_calendar_covers_year (cal, 2030, NULL));
  g_assert_false (sn_calendar_covers_year (cal, 2031, NULL));
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2025, 10, 8), ==, SN_DAY_HOLIDAY);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2025, 9, 28), ==, SN_DAY_MAKEUP);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2030, 1, 1), ==, SN_DAY_WORKDAY);
}

#define YEAR(y, body) "\"" y "\": {\"status\": \"official\", " body "}"
#define FILE_OF(years) "{\"years\": {" years "}}"
#define OK_2030 YEAR ("2030", "\"holidays\": [], \"makeup_workdays\": []")

static void
test_bad_files (void)
{
  g_autoptr (SnCalendar) cal = sn_calendar_new_default ();

  check_bad_file (cal, "{\"years\": ", SN_CALENDAR_ERROR_PARSE, "not valid JSON");
  check_bad_file (cal, "[1, 2]", SN_CALENDAR_ERROR_PARSE, "not a JSON object");
  check_bad_file (cal, "{}", SN_CALENDAR_ERROR_PARSE, "years");
  check_bad_file (cal, "{\"timezone\": 8, \"years\": {}}", SN_CALENDAR_ERROR_PARSE, "timezone");
  /* missing field, reported with its year and element, after a good year */
  check_bad_file (cal,
                  FILE_OF (OK_2030 ", " YEAR ("2031", "\"holidays\": [{\"name\": \"A\", "
                                                      "\"from\": \"2031-01-01\"}], "
                                                      "\"makeup_workdays\": []")),
                  SN_CALENDAR_ERROR_PARSE, "year 2031: holidays[0]: missing “to”");
  check_bad_file (cal, FILE_OF ("\"2030\": {\"holidays\": [], \"makeup_workdays\": []}"),
                  SN_CALENDAR_ERROR_PARSE, "missing “status”");
  check_bad_file (cal, FILE_OF (YEAR ("2030", "\"holidays\": []")), SN_CALENDAR_ERROR_PARSE,
                  "missing “makeup_workdays”");
  /* a date that does not exist */
  check_bad_file (cal,
                  FILE_OF (OK_2030 ", " YEAR ("2031", "\"holidays\": [{\"name\": \"A\", "
                                                      "\"from\": \"2025-02-30\", \"to\": "
                                                      "\"2025-03-01\"}], \"makeup_workdays\": []")),
                  SN_CALENDAR_ERROR_INVALID,
                  "year 2031: holidays[0]: “from” is not a valid "
                  "date “YYYY-MM-DD”: “2025-02-30”");
  check_bad_file (cal,
                  FILE_OF (YEAR ("2030", "\"holidays\": [], \"makeup_workdays\": "
                                         "[{\"date\": \"2030-1-5\", \"for\": \"A\"}]")),
                  SN_CALENDAR_ERROR_INVALID, "“2030-1-5”");
  /* wrong types */
  check_bad_file (cal, FILE_OF (YEAR ("2030", "\"holidays\": \"none\", \"makeup_workdays\": []")),
                  SN_CALENDAR_ERROR_PARSE, "“holidays” must be an array");
  check_bad_file (cal,
                  FILE_OF (YEAR ("2030", "\"holidays\": [{\"name\": \"A\", \"from\": "
                                         "20300101, \"to\": \"2030-01-01\"}], "
                                         "\"makeup_workdays\": []")),
                  SN_CALENDAR_ERROR_PARSE, "“from” must be a string");
  check_bad_file (cal, FILE_OF (YEAR ("2030", "\"holidays\": [7], \"makeup_workdays\": []")),
                  SN_CALENDAR_ERROR_PARSE, "holidays[0] must be an object");
  check_bad_file (cal, FILE_OF ("\"2030\": []"), SN_CALENDAR_ERROR_PARSE, "must be an object");
  /* values out of range or inconsistent */
  check_bad_file (cal, FILE_OF ("\"20x0\": {}"), SN_CALENDAR_ERROR_INVALID, "“20x0”");
  check_bad_file (cal,
                  FILE_OF ("\"2030\": {\"status\": \"maybe\", \"holidays\": [], "
                           "\"makeup_workdays\": []}"),
                  SN_CALENDAR_ERROR_INVALID, "“maybe”");
  check_bad_file (cal,
                  FILE_OF (YEAR ("2030", "\"holidays\": [{\"name\": \"A\", \"from\": "
                                         "\"2030-01-03\", \"to\": \"2030-01-01\"}], "
                                         "\"makeup_workdays\": []")),
                  SN_CALENDAR_ERROR_INVALID, "before");
  check_bad_file (cal,
                  FILE_OF (YEAR ("2030", "\"holidays\": [{\"name\": \"A\", \"from\": "
                                         "\"2030-01-01\", \"to\": \"2030-01-01\"}], "
                                         "\"makeup_workdays\": [{\"date\": \"2030-01-07\", "
                                         "\"for\": \"A\"}]")),
                  SN_CALENDAR_ERROR_INVALID, "2030-01-07 is not a Saturday or a Sunday");
  check_bad_file (cal,
                  FILE_OF (YEAR ("2030", "\"holidays\": [{\"name\": \"A\", \"from\": "
                                         "\"2030-01-05\", \"to\": \"2030-01-06\"}], "
                                         "\"makeup_workdays\": [{\"date\": \"2030-01-05\", "
                                         "\"for\": \"A\"}]")),
                  SN_CALENDAR_ERROR_INVALID, "2030-01-05 is both");
  check_bad_file (cal,
                  FILE_OF (YEAR ("2030", "\"holidays\": [], \"makeup_workdays\": "
                                         "[{\"date\": \"2030-01-05\", \"for\": \"B\"}]")),
                  SN_CALENDAR_ERROR_INVALID, "“B”");
}

/* A good file replaces everything loaded before. */
static void
test_load_replaces (void)
{
  g_autoptr (SnCalendar) cal = sn_calendar_new_default ();
  g_autoptr (GError) error = NULL;
  GTimeZone *tz = sn_calendar_get_timezone (cal);

  g_assert_true (sn_calendar_load_holidays (cal, good_json, -1, &error));
  g_assert_no_error (error);
  g_assert_false (sn_calendar_covers_year (cal, 2025, NULL));
  g_assert_true (sn_calendar_covers_year (cal, 2030, NULL));
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2025, 10, 8), ==, SN_DAY_WORKDAY);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2030, 1, 2), ==, SN_DAY_HOLIDAY);
  g_assert_cmpint (sn_calendar_get_day_kind (cal, 2030, 1, 5), ==, SN_DAY_MAKEUP);
  /* Mon 2029-12-31 .. Mon 2030-01-07: Dec 31, Jan 3, 4, 5 (Sat) */
  g_assert_cmpint (sn_calendar_working_seconds_between (cal, local_time (tz, 2029, 12, 31, 0, 0),
                                                        local_time (tz, 2030, 1, 7, 0, 0)),
                   ==, 4 * WORKDAY);
  /* a length that stops short of the trailing NUL */
  g_assert_true (sn_calendar_load_holidays (cal, good_json, sizeof good_json - 1, &error));
  g_assert_no_error (error);
}

static void
test_working_hours (void)
{
  g_autoptr (GTimeZone) tz = zone ("Asia/Shanghai");
  g_autoptr (SnCalendar) cal = sn_calendar_new (tz);
  static const SnWorkPeriod unsorted[] = { { 14 * 60, 17 * 60 + 30 }, { 8 * 60 + 30, 12 * 60 } };
  static const SnWorkPeriod overlapping[] = { { 8 * 60, 12 * 60 }, { 11 * 60, 13 * 60 } };
  static const SnWorkPeriod empty[] = { { 8 * 60, 8 * 60 } };
  static const SnWorkPeriod outside[] = { { 23 * 60, 25 * 60 } };
  g_autoptr (GError) error = NULL;
  gint64 monday = local_time (tz, 2025, 3, 10, 0, 0);

  g_assert_true (sn_calendar_set_working_hours (cal, unsorted, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sn_calendar_get_working_seconds_per_day (cal), ==, 7 * HOUR);
  g_assert_cmpint (sn_calendar_add_working_seconds (cal, monday, 4 * HOUR), ==,
                   local_time (tz, 2025, 3, 10, 14, 30));

  g_assert_false (sn_calendar_set_working_hours (cal, overlapping, 2, &error));
  g_assert_error (error, SN_CALENDAR_ERROR, SN_CALENDAR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sn_calendar_set_working_hours (cal, empty, 1, &error));
  g_assert_error (error, SN_CALENDAR_ERROR, SN_CALENDAR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sn_calendar_set_working_hours (cal, outside, 1, &error));
  g_assert_error (error, SN_CALENDAR_ERROR, SN_CALENDAR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sn_calendar_set_working_hours (cal, NULL, 0, &error));
  g_assert_error (error, SN_CALENDAR_ERROR, SN_CALENDAR_ERROR_INVALID);
  /* unchanged */
  g_assert_cmpint (sn_calendar_get_working_seconds_per_day (cal), ==, 7 * HOUR);
}

static void
test_boxed_type (void)
{
  g_autoptr (SnCalendar) cal = sn_calendar_new_default ();
  SnCalendar *copy = g_boxed_copy (SN_TYPE_CALENDAR, cal);

  g_assert_true (copy == cal);
  g_boxed_free (SN_TYPE_CALENDAR, copy);
  g_assert_true (G_TYPE_IS_BOXED (SN_TYPE_CALENDAR));
  g_assert_cmpint (sn_calendar_get_working_seconds_per_day (cal), ==, WORKDAY);
}

int
main (int argc, char **argv)
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests touch no file, and GLib 2.74 deliberately
   * leaks the directories it replaces, which fails the LeakSanitizer run. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/defaults", test_defaults);
  g_test_add_func ("/calendar/data/shipped", test_shipped_data);
  g_test_add_func ("/calendar/working-time/national-day-2025", test_national_day_2025);
  g_test_add_func ("/calendar/working-time/spring-festival-2026", test_spring_festival_2026);
  g_test_add_func ("/calendar/working-time/basics", test_working_time_basics);
  g_test_add_func ("/calendar/working-time/round-trip", test_round_trip);
  g_test_add_func ("/calendar/working-time/reference", test_against_reference);
  g_test_add_func ("/calendar/midnight", test_midnight);
  g_test_add_func ("/calendar/dst/day-bounds", test_dst_day_bounds);
  g_test_add_func ("/calendar/dst/working-time", test_dst_working_time);
  g_test_add_func ("/calendar/dst/full-days", test_dst_full_days);
  g_test_add_func ("/calendar/load/bad-files", test_bad_files);
  g_test_add_func ("/calendar/load/replaces", test_load_replaces);
  g_test_add_func ("/calendar/working-hours", test_working_hours);
  g_test_add_func ("/calendar/boxed", test_boxed_type);

  return g_test_run ();
}
