/* sn-overview-page.h — the Overview: queue load for the whole center and per queue, live
 * charts, active alerts
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sn-context.h"

G_BEGIN_DECLS

#define SN_TYPE_OVERVIEW_PAGE (sn_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (SnOverviewPage, sn_overview_page, SN, OVERVIEW_PAGE, GtkWidget)

GtkWidget *sn_overview_page_new (SnContext *context);

/* The tile of @queue (NULL: the whole center), for tests. */
GtkWidget *sn_overview_page_get_tile (SnOverviewPage *self, const char *queue);
/* Lines of the active-alerts list, e.g. "RED general since 10:02:05", for tests. */
GPtrArray *sn_overview_page_list_alerts (SnOverviewPage *self);
/* Whether the page shows stale data (the connection is not live). */
gboolean sn_overview_page_is_stale (SnOverviewPage *self);

G_END_DECLS
