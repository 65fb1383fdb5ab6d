/* sn-stalled-page.h — the work orders that are not moving, and the levers to move them
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sn-context.h"
#include "sn-protocol.h"
#include "sn-stalled-list.h"

G_BEGIN_DECLS

#define SN_TYPE_STALLED_PAGE (sn_stalled_page_get_type ())
G_DECLARE_FINAL_TYPE (SnStalledPage, sn_stalled_page, SN, STALLED_PAGE, GtkWidget)

GtkWidget *sn_stalled_page_new (SnContext *context);
SnStalledList *sn_stalled_page_get_list (SnStalledPage *self);
/* Selects the work order @id (and shows its detail); FALSE when it is not in the list. */
gboolean sn_stalled_page_select (SnStalledPage *self, const char *id);
/* Sends @template (action, reason and the action's fields) for every selected work order,
 * as the action dialog does: a fresh id and the version shown each. */
void sn_stalled_page_send (SnStalledPage *self, const SnCommand *template);
/* Filters the list to the work orders of @district (a district code; NULL for all). */
void sn_stalled_page_show_district (SnStalledPage *self, const char *district);
/* The heading of the conflict dialog shown last, or NULL (for tests). */
const char *sn_stalled_page_get_last_conflict (SnStalledPage *self);

G_END_DECLS
