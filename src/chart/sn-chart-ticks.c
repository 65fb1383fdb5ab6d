/* sn-chart-ticks.c — nice-number and clock ticks, and tick labels
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The nice-number search walks the steps 1, 2, 5, 10, 20, 50 … upwards from a tenth of the
 * rough step (range ÷ intervals) and takes the first that fits: the tightest 1-2-5 labelling
 * (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990, with the fit tested
 * instead of estimated). Positions are rounded to whole steps with a tolerance of 1e-9 steps,
 * so 0.3 ÷ 0.1 = 2.9999999999999996 counts as 3.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sn-chart-ticks.h"

#define STEP_EPSILON 1e-9
#define MAX_DECIMALS 6

typedef enum {
  FIT_WIDEN, /* widen [lo, hi] to whole steps, at most n intervals */
  FIT_COUNT, /* exactly n intervals from the step at or below lo, reaching hi */
  FIT_INSIDE, /* the ticks inside [lo, hi], at most n + 1 of them */
} FitMode;

/* Step mantissas in tenths (step = mantissa × 10^exponent with 10 for 1): 1, 2, 5 for an axis
 * of its own; a secondary axis that must take exactly the primary's number of steps also gets
 * 1.5, 2.5, 3, 4, 6, 8, or it would often waste half its height. */
static const int nice_mantissas[] = { 10, 20, 50 };
static const int count_mantissas[] = { 10, 15, 20, 25, 30, 40, 50, 60, 80 };

/* Clock steps in seconds; past the last one, whole numbers of days on the 1-2-5 scale. */
static const double time_steps[] = {
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
};

static double
power_of_ten (int exponent)
{
  double p = 1;

  for (int i = 0; i < exponent; i++)
    p *= 10;
  return p;
}

/* n × 10^exponent, correctly rounded for whole n and |exponent| ≤ 22, where 10^|exponent| is
 * exact: a product or a quotient of two exact doubles is rounded once. */
static double
scaled (double n, int exponent)
{
  if (exponent >= 0)
    return n * power_of_ten (exponent);
  return n / power_of_ten (-exponent);
}

double
sn_chart_ticks_get (const SnChartTicks *ticks, guint i)
{
  g_return_val_if_fail (ticks != NULL, NAN);

  if (ticks->mantissa != 0)
    {
      double first_multiple = round (ticks->first / ticks->step);

      return scaled ((first_multiple + i) * ticks->mantissa, ticks->exponent);
    }
  return ticks->first + i * ticks->step;
}

double
sn_chart_ticks_last (const SnChartTicks *ticks)
{
  g_return_val_if_fail (ticks != NULL, NAN);

  return sn_chart_ticks_get (ticks, ticks->n_ticks > 0 ? ticks->n_ticks - 1 : 0);
}

/* Whether @step fits [@lo, @hi] in @mode with @n intervals; sets the first multiple of the
 * step and the number of ticks. */
static gboolean
step_fits (double lo, double hi, double step, guint n, FitMode mode, double *first, guint *count)
{
  double k0, k1;

  switch (mode)
    {
      case FIT_INSIDE:
        k0 = ceil (lo / step - STEP_EPSILON);
        k1 = floor (hi / step + STEP_EPSILON);
        *first = k0;
        *count = k1 >= k0 ? (guint) (k1 - k0) + 1 : 0;
        return k1 - k0 <= n;
      case FIT_COUNT:
        k0 = floor (lo / step + STEP_EPSILON);
        k1 = ceil (hi / step - STEP_EPSILON);
        *first = k0;
        *count = n + 1;
        return k0 + n >= k1;
      case FIT_WIDEN:
      default:
        k0 = floor (lo / step + STEP_EPSILON);
        k1 = MAX (ceil (hi / step - STEP_EPSILON), k0 + 1);
        *first = k0;
        *count = (guint) (k1 - k0) + 1;
        return k1 - k0 <= n;
    }
}

static gboolean
search_nice_step (double lo, double hi, guint n, gboolean integer, FitMode mode, SnChartTicks *out)
{
  const int *mantissas = mode == FIT_COUNT ? count_mantissas : nice_mantissas;
  guint n_mantissas = mode == FIT_COUNT ? G_N_ELEMENTS (count_mantissas)
                                        : G_N_ELEMENTS (nice_mantissas);
  int exponent = (int) floor (log10 ((hi - lo) / n)) - 2;

  if (integer)
    exponent = MAX (exponent, -1);

  for (; exponent <= 308; exponent++)
    for (guint m = 0; m < n_mantissas; m++)
      {
        double step = scaled (mantissas[m], exponent);
        double first;
        guint count;

        if (!isfinite (step))
          return FALSE;
        if ((integer && step != floor (step)) || !step_fits (lo, hi, step, n, mode, &first, &count))
          continue;
        out->step = step;
        out->mantissa = mantissas[m];
        out->exponent = exponent;
        out->first = scaled (first * mantissas[m], exponent);
        out->n_ticks = count;
        return TRUE;
      }
  return FALSE;
}

static gboolean
nice_ticks (double lo, double hi, guint n, gboolean integer, FitMode mode, SnChartTicks *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (!isfinite (lo) || !isfinite (hi))
    return FALSE;
  if (lo > hi)
    {
      double swap = lo;

      lo = hi;
      hi = swap;
    }
  if (lo == hi && lo == 0)
    hi = 1;
  else if (lo == hi)
    {
      double margin = fabs (lo) * 0.1;

      lo -= margin;
      hi += margin;
    }
  return search_nice_step (lo, hi, MAX (n, 1), integer, mode, out);
}

gboolean
sn_chart_nice_ticks (double lo, double hi, guint max_intervals, gboolean integer, SnChartTicks *out)
{
  return nice_ticks (lo, hi, max_intervals, integer, FIT_WIDEN, out);
}

gboolean
sn_chart_nice_ticks_for_count (double lo, double hi, guint n_intervals, gboolean integer,
                               SnChartTicks *out)
{
  return nice_ticks (lo, hi, n_intervals, integer, FIT_COUNT, out);
}

gboolean
sn_chart_nice_ticks_inside (double lo, double hi, guint max_intervals, gboolean integer,
                            SnChartTicks *out)
{
  return nice_ticks (lo, hi, max_intervals, integer, FIT_INSIDE, out);
}

/* ─── Time ─── */

static double
utc_offset (GTimeZone *tz, double t)
{
  int interval;

  if (tz == NULL || !isfinite (t))
    return 0;
  interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, (gint64) floor (t));
  return interval < 0 ? 0 : g_time_zone_get_offset (tz, interval);
}

gboolean
sn_chart_time_ticks_with_step (double start, double end, double step, GTimeZone *tz,
                               SnChartTicks *out)
{
  double offset = utc_offset (tz, start);
  double first;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!isfinite (start) || !isfinite (end) || !(step > 0) || end < start)
    return FALSE;

  first = ceil ((start + offset) / step - STEP_EPSILON) * step - offset;
  out->first = first;
  out->step = step;
  out->mantissa = 0;
  out->exponent = 0;
  out->n_ticks = first <= end ? (guint) floor ((end - first) / step + STEP_EPSILON) + 1 : 0;
  return TRUE;
}

static double
time_step_for (double span, guint max_intervals)
{
  SnChartTicks days;

  for (guint i = 0; i < G_N_ELEMENTS (time_steps); i++)
    if (span / time_steps[i] <= max_intervals)
      return time_steps[i];

  /* Longer than max_intervals days: whole days on the 1-2-5 scale. */
  if (!sn_chart_nice_ticks (0, span / 86400, max_intervals, TRUE, &days))
    return 0;
  return days.step * 86400;
}

gboolean
sn_chart_time_ticks (double start, double end, guint max_intervals, GTimeZone *tz,
                     SnChartTicks *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (!isfinite (start) || !isfinite (end) || end < start)
    return FALSE;

  return sn_chart_time_ticks_with_step (
      start, end, time_step_for (end - start, MAX (max_intervals, 1)), tz, out);
}

gint64
sn_chart_time_tick_index (const SnChartTicks *ticks, guint i, GTimeZone *tz)
{
  double offset;

  g_return_val_if_fail (ticks != NULL, 0);

  offset = utc_offset (tz, ticks->first);
  return (gint64) llround ((sn_chart_ticks_get (ticks, i) + offset) / ticks->step);
}

char *
sn_chart_format_time (double unix_seconds, GTimeZone *tz, const char *format)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;

  g_return_val_if_fail (format != NULL, NULL);

  if (!isfinite (unix_seconds))
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc ((gint64) llround (unix_seconds));
  if (utc == NULL)
    return g_strdup ("");
  local = tz != NULL ? g_date_time_to_timezone (utc, tz) : g_date_time_ref (utc);
  if (local == NULL)
    return g_strdup ("");
  return g_date_time_format (local, format);
}

/* ─── Values ─── */

/* The fewest decimals (up to MAX_DECIMALS + 1, meaning "too many") that show @step exactly. */
static int
decimals_for_step (double step)
{
  for (int decimals = 0; decimals <= MAX_DECIMALS; decimals++)
    {
      double shifted = step * power_of_ten (decimals);

      if (fabs (shifted - round (shifted)) <= STEP_EPSILON * shifted)
        return decimals;
    }
  return MAX_DECIMALS + 1;
}

/* "2.50" → "2.5", "3.00" → "3"; leaves numbers without a decimal point alone. */
static void
strip_trailing_zeros (char *text)
{
  char *end;

  if (strchr (text, '.') == NULL)
    return;
  end = text + strlen (text) - 1;
  while (*end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
}

static const char *
si_prefix (double largest, double *divisor)
{
  static const char *const prefixes[] = { "k", "M", "G", "T", "P", "E" };
  const char *prefix = "";

  *divisor = 1;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes) && largest >= *divisor * 1000; i++)
    {
      *divisor *= 1000;
      prefix = prefixes[i];
    }
  return prefix;
}

static char *
format_number (double value, int decimals, const char *suffix)
{
  char format[16];
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (decimals > MAX_DECIMALS)
    g_ascii_formatd (buffer, sizeof buffer, "%.3g", value);
  else
    {
      g_snprintf (format, sizeof format, "%%.%df", decimals);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      strip_trailing_zeros (buffer);
    }
  if (buffer[0] == '-')
    return g_strconcat ("\xe2\x88\x92" /* U+2212 MINUS SIGN */, buffer + 1, suffix, NULL);
  return g_strconcat (buffer, suffix, NULL);
}

char *
sn_chart_format_value (double value, const SnChartTicks *ticks)
{
  double largest, divisor = 1;
  const char *suffix = "";

  if (!isfinite (value))
    return g_strdup ("");
  if (ticks == NULL || !(ticks->step > 0))
    return format_number (value, 2, "");

  if (fabs (value) < ticks->step * 1e-6)
    return g_strdup ("0"); /* neither "−0" from rounding noise nor "0k" */
  largest = MAX (fabs (ticks->first), fabs (sn_chart_ticks_last (ticks)));
  if (ticks->step >= 1000 || (largest >= 10000 && ticks->step >= 100))
    suffix = si_prefix (largest, &divisor);
  return format_number (value / divisor, decimals_for_step (ticks->step / divisor), suffix);
}
