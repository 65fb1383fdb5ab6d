/* sn-store-sqlite.h — the SQLite store (WAL mode), the embedded default
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-store.h"

G_BEGIN_DECLS

#define SN_TYPE_STORE_SQLITE (sn_store_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (SnStoreSqlite, sn_store_sqlite, SN, STORE_SQLITE, GObject)

/* Opens or creates @path and migrates its schema. @full_sync: synchronous=FULL (durable
 * across power loss) rather than NORMAL (durable across a process crash). */
SnStore *sn_store_sqlite_open (const char *path, gboolean full_sync, GError **error);

G_END_DECLS
