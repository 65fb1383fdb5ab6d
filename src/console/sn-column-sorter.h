/* sn-column-sorter.h — a column's sort key for a GtkColumnView whose rows are sorted elsewhere
 *
 * GTK 4.8 shows a column's sort arrow and makes its header clickable only when the column has
 * a sorter, but it has no public way to ask the view's sorter which column a click made
 * primary (gtk_column_view_sorter_get_primary_sort_column() is 4.10). Each column gets an
 * SnColumnSorter carrying its key; sn_column_sorter_find_primary() finds the primary column
 * and its direction by comparing two probes through the view's sorter, which compares its
 * columns' sorters in order and negates the inverted ones. An SnColumnSorter compares real
 * rows as equal: the list model is already sorted by its own C comparators.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SN_TYPE_COLUMN_SORTER (sn_column_sorter_get_type ())
G_DECLARE_FINAL_TYPE (SnColumnSorter, sn_column_sorter, SN, COLUMN_SORTER, GtkSorter)

GtkSorter *sn_column_sorter_new (guint key);
guint sn_column_sorter_get_key (SnColumnSorter *self);

/* The key of the primary column of @view_sorter (gtk_column_view_get_sorter()) and whether it
 * is descending; FALSE when no column sorts. Only columns with an SnColumnSorter count. */
gboolean sn_column_sorter_find_primary (GtkSorter *view_sorter, guint *key, gboolean *descending);

G_END_DECLS
