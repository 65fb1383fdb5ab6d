/* sn-ticket-store.h — the console model's work orders, packed
 *
 * A million work orders as separate SnTickets cost a dozen allocations each and most of a
 * gigabyte. Here a work order's view, its SnTicket, its units array and its own strings are
 * one block; the long strings many work orders repeat (service name, street, unit names) are
 * held once, counted. The tickets read as plain SnTickets; only the store frees them.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-console-model.h"

G_BEGIN_DECLS

typedef struct _SnTicketStore SnTicketStore;

SnTicketStore *sn_ticket_store_new (void);
/* Every view the store made must have been removed first. */
void sn_ticket_store_free (SnTicketStore *store);

/* A packed copy of @ticket (whose strings may be borrowed) with its stall state. The view
 * takes @ticket's history, which is left NULL. */
SnTicketView *sn_ticket_store_add (SnTicketStore *store, SnTicket *ticket, const SnStall *stalls,
                                   guint n_stalls, gint64 deadline);
/* Frees a view made by sn_ticket_store_add(); a GDestroyNotify. */
void sn_ticket_store_remove (SnTicketView *view);

/* Shared strings held (for tests). */
guint sn_ticket_store_get_n_shared (SnTicketStore *store);

G_END_DECLS
