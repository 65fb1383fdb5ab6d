/* sn-map-data-scores.c — figures of one district worked out on demand for the Map page's
 * popover: its top categories and how each unit does there
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-map-data-private.h"

/* ── helpers ───────────────────────────────────────────────────────────────────────── */

static const SnHotspotPoint *
point_of (SnMapData *self, guint32 point_id)
{
  guint32 slot = g_array_index (self->extras, PointExtra, point_id).slot;

  if (slot == G_MAXUINT32)
    return NULL;
  if (slot & UNPLACED_BIT)
    return &g_array_index (self->unplaced, SnHotspotPoint, slot & ~UNPLACED_BIT);
  return &g_array_index (self->points, SnHotspotPoint, slot);
}

static gboolean
in_district (SnMapData *self, const SnHotspotPoint *p, guint district)
{
  return p != NULL && p->district == district && sn_hotspot_filter_match (&self->filter, p);
}

static int
compare_counts_desc (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const guint *counts = user_data;
  guint ca = counts[GPOINTER_TO_UINT (*(gconstpointer *) a)];
  guint cb = counts[GPOINTER_TO_UINT (*(gconstpointer *) b)];

  return ca < cb ? 1 : ca > cb ? -1 : 0;
}

static int
compare_scores (gconstpointer a, gconstpointer b)
{
  const SnMapUnitScore *sa = *(SnMapUnitScore *const *) a;
  const SnMapUnitScore *sb = *(SnMapUnitScore *const *) b;

  if (sa->open != sb->open)
    return sa->open < sb->open ? 1 : -1;
  if (sa->total != sb->total)
    return sa->total < sb->total ? 1 : -1;
  return g_strcmp0 (sa->unit, sb->unit);
}

static void
score_ticket (GHashTable *scores, const SnTicketView *v, gint64 now)
{
  const SnTicket *t = v->ticket;
  gboolean late = v->deadline != 0
                  && (sn_ticket_is_open (t) ? now >= v->deadline
                                            : t->closed_at != 0 && t->closed_at > v->deadline);

  for (guint u = 0; t->units != NULL && t->units[u] != NULL; u++)
    {
      SnMapUnitScore *s = g_hash_table_lookup (scores, t->units[u]);

      if (s == NULL)
        {
          s = g_new0 (SnMapUnitScore, 1);
          s->unit = g_strdup (t->units[u]);
          g_hash_table_insert (scores, s->unit, s);
        }
      s->total++;
      s->open += sn_ticket_is_open (t);
      s->overdue += sn_ticket_is_open (t) && late;
      s->on_time += late ? 0 : 1; /* a count until the end */
    }
}

/* ── public API ────────────────────────────────────────────────────────────────────── */

GPtrArray *
sn_map_data_top_categories (SnMapData *self, guint district, guint max, GArray **counts_out)
{
  g_autofree guint *counts = NULL;
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  GPtrArray *codes = g_ptr_array_new ();
  guint n = self->category_codes->len;

  g_return_val_if_fail (SN_IS_MAP_DATA (self), codes);
  counts = g_new0 (guint, MAX (n, 1));
  for (guint i = 0; i < self->extras->len; i++)
    {
      const SnHotspotPoint *p = point_of (self, i);

      if (in_district (self, p, district) && p->category < n)
        counts[p->category]++;
    }
  for (guint c = 0; c < n; c++)
    if (counts[c] > 0)
      g_ptr_array_add (order, GUINT_TO_POINTER (c));
  g_ptr_array_sort_with_data (order, compare_counts_desc, counts);
  if (counts_out != NULL)
    *counts_out = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < MIN (order->len, max); i++)
    {
      guint c = GPOINTER_TO_UINT (order->pdata[i]);

      g_ptr_array_add (codes, self->category_codes->pdata[c]);
      if (counts_out != NULL)
        g_array_append_val (*counts_out, counts[c]);
    }
  return codes;
}

void
sn_map_unit_score_free (SnMapUnitScore *score)
{
  g_free (score->unit);
  g_free (score);
}

GPtrArray *
sn_map_data_unit_scores (SnMapData *self, guint district)
{
  g_autoptr (GHashTable) scores = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) sn_map_unit_score_free);
  gint64 now = sn_console_model_get_now (self->model);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (SN_IS_MAP_DATA (self), out);
  for (guint i = 0; i < self->extras->len; i++)
    {
      const SnTicketView *v;

      if (!in_district (self, point_of (self, i), district))
        continue;
      v = sn_console_model_lookup_ticket (self->model, self->ids->pdata[i]);
      if (v != NULL)
        score_ticket (scores, v, now);
    }
  g_hash_table_iter_init (&iter, scores);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SnMapUnitScore *s = value;

      s->on_time = s->total > 0 ? s->on_time / s->total : 1;
      g_ptr_array_add (out, s);
    }
  g_ptr_array_sort (out, compare_scores);
  return out;
}
