/* sn-chart-theme.h — the colors of a chart, for light and dark styles
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-chart-types.h"

G_BEGIN_DECLS

#define SN_CHART_PALETTE_SIZE 8

/* A plain value: copy one from sn_chart_theme_get(), change what you need and hand it to
 * sn_chart_set_theme(). A background with alpha 0 is not painted (a widget that draws its own
 * card behind the chart). */
typedef struct
{
  SnChartColor background;
  SnChartColor text; /* title, tick labels, legend */
  SnChartColor muted_text; /* axis titles, the "no data" message */
  SnChartColor grid;
  SnChartColor axis; /* the baseline and the tick marks */
  SnChartColor threshold; /* default color of threshold lines */
  /* Series without a color of their own take these in order. The defaults are the
   * Okabe–Ito colors, told apart with the common kinds of color blindness. */
  SnChartColor palette[SN_CHART_PALETTE_SIZE];
} SnChartTheme;

typedef enum {
  SN_CHART_THEME_LIGHT,
  SN_CHART_THEME_DARK,
} SnChartThemeStyle;

const SnChartTheme *sn_chart_theme_get (SnChartThemeStyle style);

G_END_DECLS
