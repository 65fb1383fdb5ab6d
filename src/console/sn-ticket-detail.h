/* sn-ticket-detail.h — one work order in full: the citizen's request, where, the deadline
 * and its clock, the stall reasons, and the whole history as a timeline (where it has been
 * bouncing and why)
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sn-context.h"

G_BEGIN_DECLS

#define SN_TYPE_TICKET_DETAIL (sn_ticket_detail_get_type ())
G_DECLARE_FINAL_TYPE (SnTicketDetail, sn_ticket_detail, SN, TICKET_DETAIL, GtkWidget)

GtkWidget *sn_ticket_detail_new (SnContext *context);
/* Shows @id (NULL: nothing selected) and fetches its history from the hub. */
void sn_ticket_detail_set_ticket (SnTicketDetail *self, const char *id);
const char *sn_ticket_detail_get_ticket (SnTicketDetail *self);
/* The history lines shown, for tests. */
GPtrArray *sn_ticket_detail_list_history (SnTicketDetail *self);

/* Shared formatting: "2 d 3 h", "overdue 2 d 3 h" / "5 h 10 min left". */
char *sn_format_span (gint64 seconds);
char *sn_format_time_left (gint64 deadline, gint64 now);
const char *sn_history_kind_get_label (SnHistoryKind kind);

G_END_DECLS
