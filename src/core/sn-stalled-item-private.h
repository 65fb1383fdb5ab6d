/* sn-stalled-item-private.h — SnStalledItem's keys, for SnStalledList's comparators
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-console-model.h"
#include "sn-stalled-item.h"

G_BEGIN_DECLS

/* A string value and its collation key, shared by every item that has it. */
typedef struct
{
  char *value;
  char *collate;
} SnPooled;

/* Where items' shared keys live, one per list. Items point into it, and only the list reads
 * those pointers: an item a view still holds after its list is gone never follows them. */
typedef struct
{
  GHashTable *strings; /* value → SnPooled */
  GHashTable *unit_sets; /* "\x1fA\x1fB\x1f" → SnPooled */
  GString *scratch;
} SnStalledKeys;

#define SN_UNIT_SEPARATOR '\x1f'

struct _SnStalledItem
{
  GObject parent_instance;

  char *id;
  char *haystack; /* folded "id\ndescription\naddress" */
  const SnPooled *category;
  const SnPooled *district;
  const SnPooled *street;
  const SnPooled *units; /* value "\x1fA\x1fB\x1f", collated as "A, B" */
  gint64 deadline; /* G_MAXINT64 when there is none */
  gint64 requested_at;
  gint64 version;
  int bounce_count;
  int tier;
  int priority;
  guint8 state;
  guint8 reasons; /* SN_STALL_REASON_BIT()s */
  guint8 severity; /* the same reasons, most severe in the highest bit */
  guint8 group; /* 0 overdue, 1 at risk, 2 the rest */
  guint8 passes; /* passes the list's filter, reason bits aside */
  guint8 shown; /* is one of the list's rows */
};

void sn_stalled_keys_init (SnStalledKeys *keys);
void sn_stalled_keys_clear (SnStalledKeys *keys);

SnStalledItem *sn_stalled_item_new (const char *id);
/* Every key of @item from its ticket's view; returns whether the version changed. Does not
 * notify: the caller does, once its rows are consistent again. */
gboolean sn_stalled_item_update (SnStalledItem *item, SnStalledKeys *keys, const SnTicketView *v);
void sn_stalled_item_notify_version (SnStalledItem *item);

G_END_DECLS
