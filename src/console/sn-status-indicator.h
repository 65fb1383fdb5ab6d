/* sn-status-indicator.h — the connection's state in the header bar: live, reconnecting
 * (with the next attempt's countdown) or offline; the hub, the role, and how long ago data
 * last arrived
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sn-context.h"

G_BEGIN_DECLS

#define SN_TYPE_STATUS_INDICATOR (sn_status_indicator_get_type ())
G_DECLARE_FINAL_TYPE (SnStatusIndicator, sn_status_indicator, SN, STATUS_INDICATOR, GtkWidget)

GtkWidget *sn_status_indicator_new (SnContext *context);
/* What the indicator says now, e.g. "Live · Shuniu demo · supervisor · 2 s ago". */
const char *sn_status_indicator_get_text (SnStatusIndicator *self);

G_END_DECLS
