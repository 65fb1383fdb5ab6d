/* sn-queue-tile.h — one queue (or the whole center) at a glance: calls waiting, the
 * longest wait ticking, agents by state, today's counts, service levels, the alert and the
 * staffing hint
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sn-context.h"

G_BEGIN_DECLS

#define SN_TYPE_QUEUE_TILE (sn_queue_tile_get_type ())
G_DECLARE_FINAL_TYPE (SnQueueTile, sn_queue_tile, SN, QUEUE_TILE, GtkWidget)

/* @queue NULL: the center's totals. */
GtkWidget *sn_queue_tile_new (SnContext *context, const char *queue);
const char *sn_queue_tile_get_queue (SnQueueTile *self);
void sn_queue_tile_update (SnQueueTile *self);
/* The text of a field, for tests and accessibility: "waiting", "longest-wait",
 * "service-level", "alert", … */
const char *sn_queue_tile_get_field (SnQueueTile *self, const char *field);

/* "—" when there is no data, else the value formatted. */
char *sn_format_percent (gboolean has_data, double value);
char *sn_format_duration (gint64 seconds);

G_END_DECLS
