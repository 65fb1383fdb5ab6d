/* sn-chart-theme.c — the light and dark chart themes, and color parsing
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The light theme sits on libadwaita's white card, the dark one on its #242424 window. The
 * palettes are Okabe–Ito ("Color Universal Design", 2008); the dark one lifts the two darkest
 * colors (blue, vermillion) so they keep their contrast against the dark background.
 */
#include "config.h"

#include <string.h>

#include "sn-chart-theme.h"

static const SnChartTheme light_theme = {
  .background = SN_CHART_RGB (0xffffff),
  .text = SN_CHART_RGB (0x1f2328),
  .muted_text = SN_CHART_RGB (0x57606a),
  .grid = SN_CHART_RGB (0xdde1e6),
  .axis = SN_CHART_RGB (0x6e7781),
  .threshold = SN_CHART_RGB (0xc01c28),
  .palette = {
    SN_CHART_RGB (0x0072b2), /* blue */
    SN_CHART_RGB (0xd55e00), /* vermillion */
    SN_CHART_RGB (0x009e73), /* bluish green */
    SN_CHART_RGB (0xe69f00), /* orange */
    SN_CHART_RGB (0xcc79a7), /* reddish purple */
    SN_CHART_RGB (0x56b4e9), /* sky blue */
    SN_CHART_RGB (0x8a7d00), /* dark yellow: Okabe–Ito yellow is unreadable on white */
    SN_CHART_RGB (0x000000),
  },
};

static const SnChartTheme dark_theme = {
  .background = SN_CHART_RGB (0x242424),
  .text = SN_CHART_RGB (0xffffff),
  .muted_text = SN_CHART_RGB (0xb8bcc2),
  .grid = SN_CHART_RGB (0x3d3f43),
  .axis = SN_CHART_RGB (0x9a9ea5),
  .threshold = SN_CHART_RGB (0xff7b72),
  .palette = {
    SN_CHART_RGB (0x56b4e9), /* sky blue */
    SN_CHART_RGB (0xf08a3c), /* vermillion, lifted */
    SN_CHART_RGB (0x2fc99b), /* bluish green, lifted */
    SN_CHART_RGB (0xe69f00), /* orange */
    SN_CHART_RGB (0xdf9bc2), /* reddish purple, lifted */
    SN_CHART_RGB (0x4d9fd6), /* blue, lifted */
    SN_CHART_RGB (0xf0e442), /* yellow */
    SN_CHART_RGB (0xffffff),
  },
};

const SnChartTheme *
sn_chart_theme_get (SnChartThemeStyle style)
{
  return style == SN_CHART_THEME_DARK ? &dark_theme : &light_theme;
}

static gboolean
parse_hex_digits (const char *digits, gsize n, guint32 *out)
{
  guint32 value = 0;

  for (gsize i = 0; i < n; i++)
    {
      int digit = g_ascii_xdigit_value (digits[i]);

      if (digit < 0)
        return FALSE;
      value = value << 4 | (guint32) digit;
    }
  *out = value;
  return TRUE;
}

gboolean
sn_chart_color_parse (SnChartColor *color, const char *spec)
{
  guint32 value;
  gsize n;

  g_return_val_if_fail (color != NULL, FALSE);

  if (spec == NULL || spec[0] != '#')
    return FALSE;
  n = strlen (spec + 1);
  if ((n != 3 && n != 6 && n != 8) || !parse_hex_digits (spec + 1, n, &value))
    return FALSE;

  if (n == 3)
    {
      /* #rgb: each digit doubled */
      value = (value & 0xf00) * 0x1100 | (value & 0x0f0) * 0x110 | (value & 0x00f) * 0x11;
      n = 6;
    }
  if (n == 6)
    value = value << 8 | 0xff;

  color->red = ((value >> 24) & 0xff) / 255.0;
  color->green = ((value >> 16) & 0xff) / 255.0;
  color->blue = ((value >> 8) & 0xff) / 255.0;
  color->alpha = (value & 0xff) / 255.0;
  return TRUE;
}
