/* sn-overview-charts.c — the Overview's charts
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sn-overview-charts.h"

GtkWidget *
sn_overview_charts_new (SnContext *context)
{
  return gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
}
