/* sn-calendar.c — a business calendar: working hours, public holidays and their
 * make-up working days (调休), in one time zone
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How working time is counted, without stepping through minutes or days:
 *
 *   local time L ──► working clock C(L) = working seconds from local 1970-01-01 00:00 to L
 *                     = seconds_per_day × workdays_before(day(L)) + worked_in_day(second(L))
 *
 *   workdays_before(d) = Mondays..Fridays in [0, d)          (arithmetic on weeks)
 *                      + Σ delta of the special days < d      (binary search, prefix sum)
 *                        (a holiday on a weekday: −1; a make-up weekend day: +1)
 *
 * While the zone's UTC offset stays the same, real seconds equal local seconds, so the
 * working seconds in [a, b) are C(b + offset) − C(a + offset).  A span is cut at the zone's
 * transitions (found by binary search on GTimeZone intervals), which makes a 23-hour or
 * 25-hour DST day count what really happened.  Adding working time inverts C: the n-th
 * working day is found by a bracketing search on workdays_before().  Both operations cost
 * O(log n) per transition in the span, however long it is.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "sn-calendar.h"
#include "sn-core-resources.h"

#define SECONDS_PER_DAY 86400
#define MINUTES_PER_DAY 1440
/* Instants outside years 1..9999 are clamped: the arithmetic below never overflows. */
#define MIN_INSTANT G_GINT64_CONSTANT (-62135596800)
#define MAX_INSTANT G_GINT64_CONSTANT (253402300799)
#define MAX_SPAN (MAX_INSTANT - MIN_INSTANT)
/* GDate's Julian day of 1970-01-01 */
#define JULIAN_UNIX_EPOCH 719163
#define MAX_HOLIDAY_DAYS 366
#define DEFAULT_RESOURCE "/org/shuniu/Shuniu/core/calendar/cn-holidays.json"

typedef struct
{
  gint64 day; /* local date, days since 1970-01-01 */
  SnDayKind kind; /* SN_DAY_HOLIDAY or SN_DAY_MAKEUP */
} SpecialDay;

/* What a holiday file says, kept whole so that a load replaces it all or nothing. */
typedef struct
{
  GArray *specials; /* SpecialDay, sorted by day, one per day */
  GArray *delta; /* gint64, working days added by specials[0..k), specials->len + 1 */
  GHashTable *years; /* year → YEAR_OFFICIAL or YEAR_PROVISIONAL */
} HolidaySet;

enum { YEAR_OFFICIAL = 1, YEAR_PROVISIONAL = 2 };

struct _SnCalendar
{
  GTimeZone *tz;
  GArray *periods; /* SnWorkPeriod, sorted and disjoint */
  gint64 seconds_per_day; /* working seconds of a working day */
  HolidaySet *holidays;
};

G_DEFINE_BOXED_TYPE (SnCalendar, sn_calendar, sn_calendar_ref, sn_calendar_unref)
G_DEFINE_QUARK (sn_calendar_error_quark, sn_calendar_error)

/* Mondays..Fridays in [0, r) for r in 0..6, counted from day 0, a Thursday. */
static const gint64 weekday_prefix[7] = { 0, 1, 2, 2, 2, 3, 4 };

/* ---- holiday sets ---------------------------------------------------------------------- */

static HolidaySet *
holiday_set_new (void)
{
  HolidaySet *set = g_new0 (HolidaySet, 1);
  gint64 zero = 0;

  set->specials = g_array_new (FALSE, FALSE, sizeof (SpecialDay));
  set->delta = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (set->delta, zero);
  set->years = g_hash_table_new (g_direct_hash, g_direct_equal);
  return set;
}

static void
holiday_set_free (HolidaySet *set)
{
  g_array_unref (set->specials);
  g_array_unref (set->delta);
  g_hash_table_unref (set->years);
  g_free (set);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HolidaySet, holiday_set_free)

/* ---- date arithmetic ------------------------------------------------------------------- */

static inline gint64
floor_div (gint64 a, gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* 1 = Monday .. 7 = Sunday */
static inline int
weekday_of (gint64 day)
{
  return (int) ((day % 7 + 7 + 3) % 7) + 1;
}

static gboolean
date_to_day (int year, int month, int day, gint64 *out)
{
  GDate date;

  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  *out = (gint64) g_date_get_julian (&date) - JULIAN_UNIX_EPOCH;
  return TRUE;
}

static void
format_day (gint64 day, char buf[16])
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (day + JULIAN_UNIX_EPOCH));
  g_snprintf (buf, 16, "%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
}

/* Strictly "YYYY-MM-DD", a real date. */
static gboolean
parse_date (const char *s, gint64 *out)
{
  if (strlen (s) != 10 || s[4] != '-' || s[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (s[i]))
      return FALSE;
  return date_to_day (atoi (s), atoi (s + 5), atoi (s + 8), out);
}

/* ---- the working clock ----------------------------------------------------------------- */

/* Index of the first special day on or after @day. */
static guint
special_lower_bound (const HolidaySet *set, gint64 day)
{
  guint lo = 0, hi = set->specials->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (set->specials, SpecialDay, mid).day < day)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static SnDayKind
day_kind (const SnCalendar *self, gint64 day)
{
  const HolidaySet *set = self->holidays;
  guint i = special_lower_bound (set, day);

  if (i < set->specials->len && g_array_index (set->specials, SpecialDay, i).day == day)
    return g_array_index (set->specials, SpecialDay, i).kind;
  return weekday_of (day) <= 5 ? SN_DAY_WORKDAY : SN_DAY_WEEKEND;
}

static inline gboolean
kind_is_working (SnDayKind kind)
{
  return kind == SN_DAY_WORKDAY || kind == SN_DAY_MAKEUP;
}

/* Working days in [0, @day); negative when @day < 0. */
static gint64
workdays_before (const SnCalendar *self, gint64 day)
{
  gint64 weeks = floor_div (day, 7);
  guint i = special_lower_bound (self->holidays, day);

  return 5 * weeks + weekday_prefix[day - 7 * weeks]
         + g_array_index (self->holidays->delta, gint64, i);
}

/* Working seconds between local midnight and @second of a working day. */
static gint64
worked_in_day (const SnCalendar *self, gint64 second)
{
  gint64 total = 0;

  for (guint i = 0; i < self->periods->len; i++)
    {
      const SnWorkPeriod *p = &g_array_index (self->periods, SnWorkPeriod, i);
      gint64 start = (gint64) p->start_minute * 60, end = (gint64) p->end_minute * 60;

      total += CLAMP (second, start, end) - start;
    }
  return total;
}

/* The second of a working day at which @worked (0 < worked <= seconds_per_day) is reached. */
static gint64
second_of_work (const SnCalendar *self, gint64 worked)
{
  for (guint i = 0; i < self->periods->len; i++)
    {
      const SnWorkPeriod *p = &g_array_index (self->periods, SnWorkPeriod, i);
      gint64 length = (gint64) (p->end_minute - p->start_minute) * 60;

      if (worked <= length)
        return (gint64) p->start_minute * 60 + worked;
      worked -= length;
    }
  g_assert_not_reached ();
  return SECONDS_PER_DAY;
}

/* C(L): working seconds from local 1970-01-01 00:00 to local time @local. */
static gint64
working_clock (const SnCalendar *self, gint64 local)
{
  gint64 day = floor_div (local, SECONDS_PER_DAY);
  gint64 clock = self->seconds_per_day * workdays_before (self, day);

  if (kind_is_working (day_kind (self, day)))
    clock += worked_in_day (self, local - day * SECONDS_PER_DAY);
  return clock;
}

/* The working day with @n working days before it (n may be negative). */
static gint64
nth_working_day (const SnCalendar *self, gint64 n)
{
  gint64 guess = floor_div (n, 5) * 7, step = 16;
  gint64 lo = guess - step, hi = guess + step;

  /* the answer is the smallest day d with workdays_before (d + 1) > n */
  while (workdays_before (self, lo + 1) > n)
    lo -= (step *= 2);
  for (step = 16; workdays_before (self, hi + 1) <= n; step *= 2)
    hi += step;
  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (workdays_before (self, mid + 1) > n)
        hi = mid;
      else
        lo = mid;
    }
  return hi;
}

/* The earliest local time L with C(L) >= @clock. */
static gint64
local_at_clock (const SnCalendar *self, gint64 clock)
{
  gint64 n = -floor_div (-clock, self->seconds_per_day) - 1;
  gint64 day = nth_working_day (self, n);

  return day * SECONDS_PER_DAY + second_of_work (self, clock - n * self->seconds_per_day);
}

/* ---- the time zone --------------------------------------------------------------------- */

static inline int
interval_at (const SnCalendar *self, gint64 t)
{
  return g_time_zone_find_interval (self->tz, G_TIME_TYPE_UNIVERSAL, t);
}

static inline gint64
offset_at (const SnCalendar *self, gint64 t)
{
  return g_time_zone_get_offset (self->tz, interval_at (self, t));
}

/* The first instant in (t, limit] in another zone interval than @t, or G_MAXINT64. */
static gint64
next_transition (const SnCalendar *self, gint64 t, gint64 limit)
{
  int interval = interval_at (self, t);
  gint64 lo = t, hi = limit;

  if (limit <= t || interval_at (self, limit) == interval)
    return G_MAXINT64;
  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (interval_at (self, mid) == interval)
        lo = mid;
      else
        hi = mid;
    }
  return hi;
}

/* The earliest instant after @after whose local time is @local; for a local time skipped by
 * a transition, the instant of that transition. */
static gint64
local_to_utc (const SnCalendar *self, gint64 local, gint64 after)
{
  gint64 probes[3] = { local - SECONDS_PER_DAY, local, local + SECONDS_PER_DAY };
  gint64 best = G_MAXINT64, low = G_MAXINT64, high = G_MININT64;

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      gint64 offset = offset_at (self, probes[i]);
      gint64 t = local - offset;

      low = MIN (low, offset);
      high = MAX (high, offset);
      if (t > after && offset_at (self, t) == offset)
        best = MIN (best, t);
    }
  if (best != G_MAXINT64)
    return best;
  best = next_transition (self, local - high, local - low);
  return best != G_MAXINT64 ? best : local - low;
}

/* ---- loading holidays ------------------------------------------------------------------ */

/* While loading: day → kind + 1, and the holiday names of the year being read. */
typedef struct
{
  GHashTable *days;
  GHashTable *names;
  HolidaySet *set;
  int year;
} Loader;

static gboolean fail (GError **error, SnCalendarError code, const Loader *loader,
                      const char *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (GError **error, SnCalendarError code, const Loader *loader, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (loader != NULL && loader->year != 0)
    g_set_error (error, SN_CALENDAR_ERROR, code, "Holiday file, year %d: %s", loader->year,
                 message);
  else
    g_set_error (error, SN_CALENDAR_ERROR, code, "Holiday file: %s", message);
  return FALSE;
}

/* A string member; a missing one is an error when @required (else *out is NULL). @where,
 * which element is read, may be NULL. */
static gboolean
member_string (const Loader *loader, JsonObject *obj, const char *where, const char *member,
               gboolean required, const char **out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = NULL;
  if (node == NULL && !required)
    return TRUE;
  if (node == NULL)
    return fail (error, SN_CALENDAR_ERROR_PARSE, loader, "%s%smissing “%s”", where ? where : "",
                 where ? ": " : "", member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, SN_CALENDAR_ERROR_PARSE, loader, "%s%s“%s” must be a string",
                 where ? where : "", where ? ": " : "", member);
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
member_date (const Loader *loader, JsonObject *obj, const char *where, const char *member,
             gint64 *day, GError **error)
{
  const char *s;

  if (!member_string (loader, obj, where, member, TRUE, &s, error))
    return FALSE;
  if (!parse_date (s, day))
    return fail (error, SN_CALENDAR_ERROR_INVALID, loader,
                 "%s: “%s” is not a valid date “YYYY-MM-DD”: “%s”", where, member, s);
  return TRUE;
}

static JsonArray *
member_array (const Loader *loader, JsonObject *obj, const char *member, GError **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL)
    fail (error, SN_CALENDAR_ERROR_PARSE, loader, "missing “%s”", member);
  else if (!JSON_NODE_HOLDS_ARRAY (node))
    fail (error, SN_CALENDAR_ERROR_PARSE, loader, "“%s” must be an array", member);
  else
    return json_node_get_array (node);
  return NULL;
}

static JsonObject *
element_object (const Loader *loader, JsonArray *array, guint i, const char *where, GError **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, SN_CALENDAR_ERROR_PARSE, loader, "%s must be an object", where);
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
mark_day (Loader *loader, gint64 day, SnDayKind kind, GError **error)
{
  gpointer key = GINT_TO_POINTER ((int) day);
  int previous = GPOINTER_TO_INT (g_hash_table_lookup (loader->days, key)) - 1;
  char date[16];

  format_day (day, date);
  if (previous >= 0 && previous != (int) kind)
    return fail (error, SN_CALENDAR_ERROR_INVALID, loader,
                 "%s is both a holiday and a make-up working day", date);
  if (kind == SN_DAY_MAKEUP && weekday_of (day) <= 5)
    return fail (error, SN_CALENDAR_ERROR_INVALID, loader,
                 "make-up working day %s is not a Saturday or a Sunday", date);
  g_hash_table_insert (loader->days, key, GINT_TO_POINTER ((int) kind + 1));
  return TRUE;
}

static gboolean
load_holiday (Loader *loader, JsonArray *array, guint i, GError **error)
{
  g_autofree char *where = g_strdup_printf ("holidays[%u]", i);
  JsonObject *obj = element_object (loader, array, i, where, error);
  const char *name;
  gint64 from, to;

  if (obj == NULL || !member_string (loader, obj, where, "name", TRUE, &name, error)
      || !member_date (loader, obj, where, "from", &from, error)
      || !member_date (loader, obj, where, "to", &to, error))
    return FALSE;
  if (to < from || to - from >= MAX_HOLIDAY_DAYS)
    return fail (error, SN_CALENDAR_ERROR_INVALID, loader,
                 "%s (“%s”): “to” is before “from” "
                 "or more than %d days after it",
                 where, name, MAX_HOLIDAY_DAYS - 1);
  for (gint64 day = from; day <= to; day++)
    if (!mark_day (loader, day, SN_DAY_HOLIDAY, error))
      return FALSE;
  g_hash_table_add (loader->names, (gpointer) name);
  return TRUE;
}

static gboolean
load_makeup (Loader *loader, JsonArray *array, guint i, GError **error)
{
  g_autofree char *where = g_strdup_printf ("makeup_workdays[%u]", i);
  JsonObject *obj = element_object (loader, array, i, where, error);
  const char *for_name;
  gint64 day;

  if (obj == NULL || !member_date (loader, obj, where, "date", &day, error)
      || !member_string (loader, obj, where, "for", TRUE, &for_name, error))
    return FALSE;
  if (!g_hash_table_contains (loader->names, for_name))
    return fail (error, SN_CALENDAR_ERROR_INVALID, loader,
                 "%s: “for” names no holiday of this year: “%s”", where, for_name);
  return mark_day (loader, day, SN_DAY_MAKEUP, error);
}

static gboolean
load_status (Loader *loader, JsonObject *obj, GError **error)
{
  const char *status, *source;
  int value;

  if (!member_string (loader, obj, NULL, "status", TRUE, &status, error)
      || !member_string (loader, obj, NULL, "source", FALSE, &source, error))
    return FALSE;
  if (g_str_equal (status, "official"))
    value = YEAR_OFFICIAL;
  else if (g_str_equal (status, "provisional"))
    value = YEAR_PROVISIONAL;
  else
    return fail (error, SN_CALENDAR_ERROR_INVALID, loader,
                 "“status” must be “official” or “provisional”, not “%s”", status);
  g_hash_table_insert (loader->set->years, GINT_TO_POINTER (loader->year), GINT_TO_POINTER (value));
  return TRUE;
}

static gboolean
load_year (Loader *loader, const char *name, JsonNode *node, GError **error)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 year;
  JsonObject *obj;
  JsonArray *holidays, *makeups;

  if (!g_ascii_string_to_signed (name, 10, 1, 9999, &year, NULL))
    return fail (error, SN_CALENDAR_ERROR_INVALID, NULL, "“%s” is not a year", name);
  loader->year = (int) year;
  loader->names = names;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, SN_CALENDAR_ERROR_PARSE, loader, "must be an object");
  obj = json_node_get_object (node);
  if (!load_status (loader, obj, error)
      || (holidays = member_array (loader, obj, "holidays", error)) == NULL
      || (makeups = member_array (loader, obj, "makeup_workdays", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (holidays); i++)
    if (!load_holiday (loader, holidays, i, error))
      return FALSE;
  for (guint i = 0; i < json_array_get_length (makeups); i++)
    if (!load_makeup (loader, makeups, i, error))
      return FALSE;
  return TRUE;
}

static int
compare_special (gconstpointer a, gconstpointer b)
{
  gint64 da = ((const SpecialDay *) a)->day, db = ((const SpecialDay *) b)->day;

  return (da > db) - (da < db);
}

/* Sorts the marked days into @loader->set and sums their effect on the working day count. */
static void
finish_set (Loader *loader)
{
  GHashTableIter iter;
  gpointer key, value;
  gint64 sum = 0;

  g_hash_table_iter_init (&iter, loader->days);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SpecialDay special = { GPOINTER_TO_INT (key), GPOINTER_TO_INT (value) - 1 };

      g_array_append_val (loader->set->specials, special);
    }
  g_array_sort (loader->set->specials, compare_special);
  for (guint i = 0; i < loader->set->specials->len; i++)
    {
      const SpecialDay *special = &g_array_index (loader->set->specials, SpecialDay, i);

      if (special->kind == SN_DAY_MAKEUP)
        sum++;
      else if (weekday_of (special->day) <= 5)
        sum--;
      g_array_append_val (loader->set->delta, sum);
    }
}

static HolidaySet *
load_root (JsonNode *root, GError **error)
{
  g_autoptr (HolidaySet) set = holiday_set_new ();
  g_autoptr (GHashTable) days = g_hash_table_new (g_direct_hash, g_direct_equal);
  Loader loader = { days, NULL, set, 0 };
  JsonObject *obj;
  JsonNode *years;
  const char *zone_name; /* informational: the calendar keeps its own zone */
  g_autoptr (GList) members = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (error, SN_CALENDAR_ERROR_PARSE, NULL, "not a JSON object");
      return NULL;
    }
  obj = json_node_get_object (root);
  if (!member_string (&loader, obj, NULL, "timezone", FALSE, &zone_name, error))
    return NULL;
  years = json_object_get_member (obj, "years");
  if (years == NULL || !JSON_NODE_HOLDS_OBJECT (years))
    {
      fail (error, SN_CALENDAR_ERROR_PARSE, NULL, "missing “years” object");
      return NULL;
    }
  members = json_object_get_members (json_node_get_object (years));
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (json_node_get_object (years), l->data);

      if (!load_year (&loader, l->data, node, error))
        return NULL;
    }
  finish_set (&loader);
  return g_steal_pointer (&set);
}

/* ---- public API ------------------------------------------------------------------------ */

static void
sn_calendar_clear (SnCalendar *self)
{
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->periods, g_array_unref);
  g_clear_pointer (&self->holidays, holiday_set_free);
}

SnCalendar *
sn_calendar_new (GTimeZone *tz)
{
  static const SnWorkPeriod defaults[] = { { 9 * 60, 12 * 60 }, { 13 * 60, 18 * 60 } };
  SnCalendar *self;

  g_return_val_if_fail (tz != NULL, NULL);

  self = g_atomic_rc_box_new0 (SnCalendar);
  self->tz = g_time_zone_ref (tz);
  self->periods = g_array_new (FALSE, FALSE, sizeof (SnWorkPeriod));
  g_array_append_vals (self->periods, defaults, G_N_ELEMENTS (defaults));
  self->seconds_per_day = 8 * 3600;
  self->holidays = holiday_set_new ();
  return self;
}

SnCalendar *
sn_calendar_new_default (void)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  SnCalendar *self;

  /* Without tzdata: China has kept UTC+8 without DST since 1991. */
  if (tz == NULL)
    tz = g_time_zone_new_offset (8 * 3600);
  self = sn_calendar_new (tz);
  /* Looked up through the resource itself, which also links it out of the static library. */
  bytes = g_resource_lookup_data (sn_core_get_resource (), DEFAULT_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL
      || !sn_calendar_load_holidays (self, g_bytes_get_data (bytes, NULL),
                                     (gssize) g_bytes_get_size (bytes), &error))
    g_critical ("Cannot load the built-in holiday calendar: %s", error->message);
  return self;
}

SnCalendar *
sn_calendar_ref (SnCalendar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
sn_calendar_unref (SnCalendar *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) sn_calendar_clear);
}

gboolean
sn_calendar_load_holidays (SnCalendar *self, const char *json, gssize length, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local_error = NULL;
  HolidaySet *set;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    return fail (error, SN_CALENDAR_ERROR_PARSE, NULL, "not valid JSON: %s", local_error->message);
  set = load_root (json_parser_get_root (parser), error);
  if (set == NULL)
    return FALSE;
  holiday_set_free (self->holidays);
  self->holidays = set;
  return TRUE;
}

static int
compare_period (gconstpointer a, gconstpointer b)
{
  return ((const SnWorkPeriod *) a)->start_minute - ((const SnWorkPeriod *) b)->start_minute;
}

static gboolean
period_is_valid (const SnWorkPeriod *p, const SnWorkPeriod *previous)
{
  return p->start_minute >= 0 && p->end_minute <= MINUTES_PER_DAY && p->start_minute < p->end_minute
         && (previous == NULL || previous->end_minute <= p->start_minute);
}

gboolean
sn_calendar_set_working_hours (SnCalendar *self, const SnWorkPeriod *periods, guint n_periods,
                               GError **error)
{
  g_autoptr (GArray) sorted = g_array_new (FALSE, FALSE, sizeof (SnWorkPeriod));
  gint64 total = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (periods != NULL || n_periods == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_periods == 0)
    {
      g_set_error (error, SN_CALENDAR_ERROR, SN_CALENDAR_ERROR_INVALID, "No working period");
      return FALSE;
    }
  g_array_append_vals (sorted, periods, n_periods);
  g_array_sort (sorted, compare_period);
  for (guint i = 0; i < n_periods; i++)
    {
      const SnWorkPeriod *p = &g_array_index (sorted, SnWorkPeriod, i);

      if (!period_is_valid (p, i > 0 ? p - 1 : NULL))
        {
          g_set_error (error, SN_CALENDAR_ERROR, SN_CALENDAR_ERROR_INVALID,
                       "Working period %d–%d (minutes after midnight) is empty, overlaps "
                       "another or lies outside the day",
                       p->start_minute, p->end_minute);
          return FALSE;
        }
      total += (gint64) (p->end_minute - p->start_minute) * 60;
    }
  g_array_unref (self->periods);
  self->periods = g_steal_pointer (&sorted);
  self->seconds_per_day = total;
  return TRUE;
}

GTimeZone *
sn_calendar_get_timezone (SnCalendar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->tz;
}

gint64
sn_calendar_get_working_seconds_per_day (SnCalendar *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->seconds_per_day;
}

gboolean
sn_calendar_covers_year (SnCalendar *self, int year, gboolean *provisional)
{
  int status;

  g_return_val_if_fail (self != NULL, FALSE);

  status = GPOINTER_TO_INT (g_hash_table_lookup (self->holidays->years, GINT_TO_POINTER (year)));
  if (provisional != NULL)
    *provisional = status == YEAR_PROVISIONAL;
  return status != 0;
}

SnDayKind
sn_calendar_get_day_kind (SnCalendar *self, int year, int month, int day)
{
  gint64 number = 0;
  gboolean valid = date_to_day (year, month, day, &number);

  g_return_val_if_fail (self != NULL, SN_DAY_WORKDAY);
  g_return_val_if_fail (valid, SN_DAY_WORKDAY);

  return day_kind (self, number);
}

gboolean
sn_calendar_is_working_day (SnCalendar *self, int year, int month, int day)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return kind_is_working (sn_calendar_get_day_kind (self, year, month, day));
}

gint64
sn_calendar_day_start (SnCalendar *self, gint64 t)
{
  gint64 local;

  g_return_val_if_fail (self != NULL, t);

  t = CLAMP (t, MIN_INSTANT, MAX_INSTANT);
  local = t + offset_at (self, t);
  return MIN (local_to_utc (self, floor_div (local, SECONDS_PER_DAY) * SECONDS_PER_DAY, G_MININT64),
              t);
}

gint64
sn_calendar_next_day_start (SnCalendar *self, gint64 t)
{
  gint64 local, midnight;

  g_return_val_if_fail (self != NULL, t);

  t = CLAMP (t, MIN_INSTANT, MAX_INSTANT);
  local = t + offset_at (self, t);
  midnight = (floor_div (local, SECONDS_PER_DAY) + 1) * SECONDS_PER_DAY;
  return MAX (local_to_utc (self, midnight, t), t + 1);
}

gint64
sn_calendar_working_seconds_between (SnCalendar *self, gint64 a, gint64 b)
{
  gint64 total = 0;

  g_return_val_if_fail (self != NULL, 0);

  a = CLAMP (a, MIN_INSTANT, MAX_INSTANT);
  b = CLAMP (b, MIN_INSTANT, MAX_INSTANT);
  while (a < b)
    {
      gint64 offset = offset_at (self, a);
      gint64 end = MIN (next_transition (self, a, b), b);

      total += working_clock (self, end + offset) - working_clock (self, a + offset);
      a = end;
    }
  return total;
}

gint64
sn_calendar_add_working_seconds (SnCalendar *self, gint64 start, gint64 seconds)
{
  gint64 t, remaining;

  g_return_val_if_fail (self != NULL, start);
  g_return_val_if_fail (seconds >= 0, start);

  if (seconds == 0)
    return start;
  t = CLAMP (start, MIN_INSTANT, MAX_INSTANT);
  remaining = MIN (seconds, MAX_SPAN);
  for (;;)
    {
      gint64 offset = offset_at (self, t);
      gint64 clock = working_clock (self, t + offset);
      gint64 candidate = local_at_clock (self, clock + remaining) - offset;
      gint64 transition = next_transition (self, t, candidate);

      /* no change of offset before the candidate: it is the answer */
      if (transition >= candidate)
        return candidate;
      remaining -= working_clock (self, transition + offset) - clock;
      t = transition;
    }
}
