/* sn-calendar.h — a business calendar: working hours, public holidays and their
 * make-up working days (调休), in one time zone
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib-object.h> /* GType for the boxed type */

G_BEGIN_DECLS

#define SN_CALENDAR_ERROR (sn_calendar_error_quark ())
GQuark sn_calendar_error_quark (void);

typedef enum {
  SN_CALENDAR_ERROR_PARSE, /* the holiday file is not valid JSON of the documented shape */
  SN_CALENDAR_ERROR_INVALID, /* a date, a time or a period is out of range */
} SnCalendarError;

typedef enum {
  SN_DAY_WORKDAY, /* a normal Monday..Friday */
  SN_DAY_WEEKEND, /* Saturday or Sunday that is not a make-up day */
  SN_DAY_HOLIDAY, /* public holiday (including the days moved into the break) */
  SN_DAY_MAKEUP, /* 调休: a weekend day that is worked */
} SnDayKind;

/* A working period within a day, in minutes after local midnight, [start, end). */
typedef struct
{
  int start_minute;
  int end_minute;
} SnWorkPeriod;

typedef struct _SnCalendar SnCalendar;

#define SN_TYPE_CALENDAR (sn_calendar_get_type ())
GType sn_calendar_get_type (void) G_GNUC_CONST;

/* Monday..Friday working, 09:00–12:00 and 13:00–18:00, no holidays, in @tz. */
SnCalendar *sn_calendar_new (GTimeZone *tz);
/* Asia/Shanghai with the Chinese public holidays shipped in data/calendar/. */
SnCalendar *sn_calendar_new_default (void);
SnCalendar *sn_calendar_ref (SnCalendar *self);
void sn_calendar_unref (SnCalendar *self);

/* Loads holidays and make-up days from the JSON format of data/calendar/cn-holidays.json.
 * On error nothing is changed. */
gboolean sn_calendar_load_holidays (SnCalendar *self, const char *json, gssize length,
                                    GError **error);
gboolean sn_calendar_set_working_hours (SnCalendar *self, const SnWorkPeriod *periods,
                                        guint n_periods, GError **error);

GTimeZone *sn_calendar_get_timezone (SnCalendar *self);
/* Working seconds in a working day (8 h = 28800 by default). */
gint64 sn_calendar_get_working_seconds_per_day (SnCalendar *self);
/* TRUE when the year's holidays are known; @provisional tells whether they are projected
 * rather than taken from the official notice. */
gboolean sn_calendar_covers_year (SnCalendar *self, int year, gboolean *provisional);

SnDayKind sn_calendar_get_day_kind (SnCalendar *self, int year, int month, int day);
gboolean sn_calendar_is_working_day (SnCalendar *self, int year, int month, int day);

/* Local midnight at or before @t, and the next local midnight after @t (DST aware). */
gint64 sn_calendar_day_start (SnCalendar *self, gint64 t);
gint64 sn_calendar_next_day_start (SnCalendar *self, gint64 t);

/* Working seconds in [a, b); 0 when b <= a. */
gint64 sn_calendar_working_seconds_between (SnCalendar *self, gint64 a, gint64 b);
/* The instant at which @seconds working seconds have passed after @start. With
 * @seconds == 0 returns @start. */
gint64 sn_calendar_add_working_seconds (SnCalendar *self, gint64 start, gint64 seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnCalendar, sn_calendar_unref)

G_END_DECLS
