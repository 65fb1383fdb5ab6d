/* sn-stalled-item.h — one row of the Stalled page: a work order by id, with the keys it is
 * sorted and filtered by
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sn-sla.h"

G_BEGIN_DECLS

#define SN_STALL_REASON_BIT(reason) (1u << (reason))
#define SN_STALL_REASONS_ALL ((1u << SN_N_STALL_REASONS) - 1)

/* Text as the Stalled page's search compares it: NFKC-normalised and case-folded (full-width
 * letters and digits match their ASCII forms). Free with g_free(). */
char *sn_stalled_fold_text (const char *text);

/* The same object stays in an SnStalledList while its ticket stays stalled, so selections
 * follow it; "notify::version" tells bound rows that the ticket changed (look it up again in
 * the console model). */
#define SN_TYPE_STALLED_ITEM (sn_stalled_item_get_type ())
G_DECLARE_FINAL_TYPE (SnStalledItem, sn_stalled_item, SN, STALLED_ITEM, GObject)

const char *sn_stalled_item_get_id (SnStalledItem *item);
/* SN_STALL_REASON_BIT()s */
guint sn_stalled_item_get_reasons (SnStalledItem *item);
/* 0 when the ticket has none */
gint64 sn_stalled_item_get_deadline (SnStalledItem *item);
gint64 sn_stalled_item_get_version (SnStalledItem *item);

G_END_DECLS
