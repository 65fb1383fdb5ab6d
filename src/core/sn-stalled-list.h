/* sn-stalled-list.h — the Stalled page's rows: every work order of a console model with at
 * least one stall reason, filtered and sorted, as a live GListModel
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sn-console-model.h"
#include "sn-stalled-item.h"

G_BEGIN_DECLS

/* The columns a supervisor can sort by. Ties are broken by urgency, then by id, whatever the
 * direction, so the order is total and the same after every rebuild. */
typedef enum {
  SN_STALLED_COLUMN_URGENCY, /* the default: overdue (most first), at risk (least time left
                                first), then the rest by deadline */
  SN_STALLED_COLUMN_ID,
  SN_STALLED_COLUMN_CATEGORY, /* service_name, collated */
  SN_STALLED_COLUMN_DISTRICT, /* district code, then street, collated */
  SN_STALLED_COLUMN_UNITS, /* the units, joined and collated */
  SN_STALLED_COLUMN_STATE, /* life-cycle order (SnTicketState) */
  SN_STALLED_COLUMN_REASONS, /* severity: overdue > at risk > unaccepted > reopened >
                                bouncing > silent; ascending puts the mildest first */
  SN_STALLED_COLUMN_TIME_LEFT, /* deadline − now, ascending: most overdue first */
  SN_STALLED_COLUMN_BOUNCES,
  SN_STALLED_COLUMN_TIER,
  SN_STALLED_COLUMN_PRIORITY, /* 1 (highest) first when ascending */
  SN_STALLED_COLUMN_AGE, /* now − requested_at, ascending: newest first */
  SN_N_STALLED_COLUMNS
} SnStalledColumn;

/* What the list shows; every part is ANDed. Strings are copied by set_filter. */
typedef struct
{
  guint reasons; /* any of these SN_STALL_REASON_BIT()s; 0 = every reason */
  const char *district; /* district code, NULL = any */
  const char *unit; /* one of the ticket's units, NULL = any */
  const char *category; /* service_name, NULL = any */
  int tier; /* SnTier, -1 = any */
  const char *text; /* every whitespace-separated word occurs in the id, description or
                       address, case-insensitively (sn_stalled_fold_text); NULL or "" = any */
} SnStalledFilter;

/* Shows everything. */
void sn_stalled_filter_init (SnStalledFilter *filter);

/* The list. It follows its console model's "ticket-changed" and "reset" and emits one
 * items-changed per change: (p, 0, 1) when a ticket enters, (p, 1, 0) when it leaves,
 * (p, 1, 1) when it changes in place, and (min, n, n) over the rows between its old and new
 * places when it moves, so a selection model finds the same item again. A reset reuses the
 * items of tickets that are still stalled. Sort and filter changes emit (0, old, new).
 *
 * Time: no key depends on the clock. Time left and age order by deadline and requested_at,
 * which is what deadline − now and now − requested_at give for any one frozen "now"; the
 * overdue and at-risk groups of the default order come from the hub's stall reasons, which
 * change by events. So rows never move while time passes, only when an event arrives. */
#define SN_TYPE_STALLED_LIST (sn_stalled_list_get_type ())
G_DECLARE_FINAL_TYPE (SnStalledList, sn_stalled_list, SN, STALLED_LIST, GObject)

SnStalledList *sn_stalled_list_new (SnConsoleModel *model);
SnConsoleModel *sn_stalled_list_get_model (SnStalledList *self);

void sn_stalled_list_set_sort (SnStalledList *self, SnStalledColumn column, gboolean descending);
void sn_stalled_list_get_sort (SnStalledList *self, SnStalledColumn *column, gboolean *descending);

void sn_stalled_list_set_filter (SnStalledList *self, const SnStalledFilter *filter);
/* The strings stay owned by the list, valid until the next set_filter. */
void sn_stalled_list_get_filter (SnStalledList *self, SnStalledFilter *filter);

/* Per reason, the stalled tickets that pass every filter but the reason one (for toggles such
 * as "overdue 37"); "reason-counts-changed" says when they change. */
void sn_stalled_list_get_reason_counts (SnStalledList *self, guint counts[SN_N_STALL_REASONS]);
/* Stalled tickets in the model, filtered or not. */
guint sn_stalled_list_get_n_stalled (SnStalledList *self);

/* The row of ticket @id, or G_MAXUINT when it is not shown (O(log n)). */
guint sn_stalled_list_lookup_position (SnStalledList *self, const char *id);
/* The ticket id of a row, NULL past the end; valid until the next change. */
const char *sn_stalled_list_get_ticket_id (SnStalledList *self, guint position);

G_END_DECLS
