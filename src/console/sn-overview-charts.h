/* sn-overview-charts.h — the Overview's two charts: the last two hours per minute (calls
 * waiting, agents available) and today's 15-minute intervals (offered, answered, abandoned),
 * drawn by the shared cairo chart code that exports reuse
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sn-context.h"

G_BEGIN_DECLS

GtkWidget *sn_overview_charts_new (SnContext *context);

G_END_DECLS
