/* sn-column-sorter.c — a column's sort key, found again by probing the view's sorter
 *
 *   header click ─▶ GtkColumnViewSorter: clicked column first (or its direction flipped)
 *                   ─▶ "changed" ─▶ sn_column_sorter_find_primary():
 *       compare (probe a, probe b) through the view's sorter
 *         ─▶ first SnColumnSorter asked writes its key into probe a, answers SMALLER
 *         ─▶ the view's sorter stops there (not EQUAL) and negates it if inverted
 *       key = probe a's key; LARGER = descending
 *
 * Checked against GTK 4.8's gtkcolumnviewsorter.c: its compare() walks the column sorters from
 * the primary one, calls gtk_sorter_compare() on each, negates the result of an inverted one
 * and returns the first that is not EQUAL. A click on the primary column's header inverts it;
 * a click on another column moves that one first, not inverted.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-column-sorter.h"

struct _SnColumnSorter
{
  GtkSorter parent_instance;

  guint key;
};

G_DEFINE_FINAL_TYPE (SnColumnSorter, sn_column_sorter, GTK_TYPE_SORTER)

/* What a probe object carries, as qdata: real rows have none. */
typedef struct
{
  gboolean asked;
  guint key;
} Probe;

static GQuark
probe_quark (void)
{
  return g_quark_from_static_string ("sn-column-sorter-probe");
}

static GtkOrdering
sn_column_sorter_compare (GtkSorter *sorter, gpointer item1, gpointer item2)
{
  Probe *probe = g_object_get_qdata (item1, probe_quark ());

  if (probe == NULL)
    return GTK_ORDERING_EQUAL; /* a real row: SnStalledList sorts those */
  if (!probe->asked)
    {
      probe->asked = TRUE;
      probe->key = SN_COLUMN_SORTER (sorter)->key;
    }
  return GTK_ORDERING_SMALLER;
}

static GtkSorterOrder
sn_column_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
sn_column_sorter_class_init (SnColumnSorterClass *klass)
{
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  sorter_class->compare = sn_column_sorter_compare;
  sorter_class->get_order = sn_column_sorter_get_order;
}

static void
sn_column_sorter_init (SnColumnSorter *self)
{
}

GtkSorter *
sn_column_sorter_new (guint key)
{
  SnColumnSorter *self = g_object_new (SN_TYPE_COLUMN_SORTER, NULL);

  self->key = key;
  return GTK_SORTER (self);
}

guint
sn_column_sorter_get_key (SnColumnSorter *self)
{
  g_return_val_if_fail (SN_IS_COLUMN_SORTER (self), 0);
  return self->key;
}

gboolean
sn_column_sorter_find_primary (GtkSorter *view_sorter, guint *key, gboolean *descending)
{
  g_autoptr (GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr (GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  Probe probe = { FALSE, 0 }, other = { FALSE, 0 };
  GtkOrdering order;

  g_return_val_if_fail (GTK_IS_SORTER (view_sorter), FALSE);

  g_object_set_qdata (a, probe_quark (), &probe);
  g_object_set_qdata (b, probe_quark (), &other);
  order = gtk_sorter_compare (view_sorter, a, b);
  if (!probe.asked)
    return FALSE;
  *key = probe.key;
  *descending = order == GTK_ORDERING_LARGER;
  return TRUE;
}
