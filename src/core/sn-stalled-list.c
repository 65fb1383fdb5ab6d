/* sn-stalled-list.c — stalled work orders as a sorted, filtered, live GListModel
 *
 *   console model ──"reset"──────────▶ items (id → SnStalledItem, every stalled ticket)
 *        │                               │ passes the filter (reason bits aside)? → counts
 *        │                               │ and the reason bits too?               → rows
 *        │                               ▼
 *        └──"ticket-changed"──▶ one item: keys updated, old row found and new row
 *                               binary-searched, rows between shifted, one items-changed
 *
 * Each item carries the keys it is sorted and filtered by, computed when its ticket changes:
 * collation keys (shared by every ticket with the same value, in two string pools), the
 * reasons as bits, the times, and a case-folded haystack for the text search. The rows are a
 * plain array in comparator order; comparisons never touch the console model.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sn-stalled-item-private.h"
#include "sn-stalled-list.h"

typedef int (*ItemCompareFunc) (const SnStalledItem *a, const SnStalledItem *b);

struct _SnStalledList
{
  GObject parent_instance;

  SnConsoleModel *model;
  GHashTable *items; /* id → SnStalledItem (owned), every stalled ticket */
  GPtrArray *rows; /* SnStalledItem (borrowed from items), in comparator order */
  SnStalledKeys keys;

  SnStalledColumn column;
  gboolean descending;
  ItemCompareFunc compare;

  SnStalledFilter filter; /* its strings point at the owned copies below */
  char *district;
  char *unit;
  char *category;
  char *text;
  char *unit_needle; /* "\x1fU\x1f" */
  char **terms; /* folded words of text */

  guint counts[SN_N_STALL_REASONS];
};

static void sn_stalled_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SnStalledList, sn_stalled_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      sn_stalled_list_model_init))

enum { PROP_0, PROP_MODEL, N_PROPS };

static GParamSpec *properties[N_PROPS];

enum { REASON_COUNTS_CHANGED, N_SIGNALS };

static guint signals[N_SIGNALS];

#define NO_ROW G_MAXUINT

/* ── comparators ───────────────────────────────────────────────────────────────── */

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static int
compare_pooled (const SnPooled *a, const SnPooled *b)
{
  return a == b ? 0 : strcmp (a->collate, b->collate);
}

static int
compare_urgency (const SnStalledItem *a, const SnStalledItem *b)
{
  if (a->group != b->group)
    return CMP (a->group, b->group);
  return CMP (a->deadline, b->deadline);
}

static int
compare_id (const SnStalledItem *a, const SnStalledItem *b)
{
  return strcmp (a->id, b->id);
}

static int
compare_category (const SnStalledItem *a, const SnStalledItem *b)
{
  return compare_pooled (a->category, b->category);
}

static int
compare_district (const SnStalledItem *a, const SnStalledItem *b)
{
  int c = compare_pooled (a->district, b->district);

  return c != 0 ? c : compare_pooled (a->street, b->street);
}

static int
compare_units (const SnStalledItem *a, const SnStalledItem *b)
{
  return compare_pooled (a->units, b->units);
}

static int
compare_state (const SnStalledItem *a, const SnStalledItem *b)
{
  return CMP (a->state, b->state);
}

static int
compare_reasons (const SnStalledItem *a, const SnStalledItem *b)
{
  return CMP (a->severity, b->severity);
}

static int
compare_time_left (const SnStalledItem *a, const SnStalledItem *b)
{
  return CMP (a->deadline, b->deadline);
}

static int
compare_bounces (const SnStalledItem *a, const SnStalledItem *b)
{
  return CMP (a->bounce_count, b->bounce_count);
}

static int
compare_tier (const SnStalledItem *a, const SnStalledItem *b)
{
  return CMP (a->tier, b->tier);
}

static int
compare_priority (const SnStalledItem *a, const SnStalledItem *b)
{
  return CMP (a->priority, b->priority);
}

static int
compare_age (const SnStalledItem *a, const SnStalledItem *b)
{
  return CMP (b->requested_at, a->requested_at);
}

static const ItemCompareFunc column_compare[SN_N_STALLED_COLUMNS] = {
  [SN_STALLED_COLUMN_URGENCY] = compare_urgency,
  [SN_STALLED_COLUMN_ID] = compare_id,
  [SN_STALLED_COLUMN_CATEGORY] = compare_category,
  [SN_STALLED_COLUMN_DISTRICT] = compare_district,
  [SN_STALLED_COLUMN_UNITS] = compare_units,
  [SN_STALLED_COLUMN_STATE] = compare_state,
  [SN_STALLED_COLUMN_REASONS] = compare_reasons,
  [SN_STALLED_COLUMN_TIME_LEFT] = compare_time_left,
  [SN_STALLED_COLUMN_BOUNCES] = compare_bounces,
  [SN_STALLED_COLUMN_TIER] = compare_tier,
  [SN_STALLED_COLUMN_PRIORITY] = compare_priority,
  [SN_STALLED_COLUMN_AGE] = compare_age,
};

/* The column in its direction, then urgency, then id: a total order. */
static int
compare_items (SnStalledList *self, const SnStalledItem *a, const SnStalledItem *b)
{
  int c = self->compare (a, b);

  if (c != 0)
    return self->descending ? -c : c;
  c = compare_urgency (a, b);
  if (c != 0)
    return c;
  return strcmp (a->id, b->id);
}

static int
sort_rows_cb (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return compare_items (user_data, *(SnStalledItem *const *) a, *(SnStalledItem *const *) b);
}

/* ── rows ──────────────────────────────────────────────────────────────────────── */

/* Where @item goes among the rows, leaving out the row @skip (NO_ROW: none). */
static guint
insertion_row (SnStalledList *self, const SnStalledItem *item, guint skip)
{
  guint lo = 0, hi = self->rows->len - (skip != NO_ROW ? 1 : 0);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint at = skip != NO_ROW && mid >= skip ? mid + 1 : mid;

      if (compare_items (self, self->rows->pdata[at], item) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The row of @item, which is shown with the keys it was placed by. */
static guint
find_row (SnStalledList *self, const SnStalledItem *item)
{
  guint row = insertion_row (self, item, NO_ROW);

  g_assert (row < self->rows->len && self->rows->pdata[row] == item);
  return row;
}

static void
emit_rows_changed (SnStalledList *self, guint position, guint removed, guint added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* Moves @item from row @from to where its keys now put it, as one items-changed over the rows
 * in between, so selection models see the same item again rather than a deletion. Measured
 * with GTK 4.8 (GtkColumnView, GtkSingleSelection, 200,000 rows): the selected row moving
 * 200,000 rows costs GTK about 20 ms, as it looks for the item among the re-added rows; other
 * moves 0.1–0.6 ms; the scroll position holds. As (from, 1, 0) + (to, 0, 1), every move cost
 * 0.1–0.7 ms but the selection jumped to the neighbouring ticket. */
static void
move_row (SnStalledList *self, SnStalledItem *item, guint from)
{
  gpointer *rows = self->rows->pdata;
  guint to = insertion_row (self, item, from);

  if (to < from)
    memmove (&rows[to + 1], &rows[to], (from - to) * sizeof (gpointer));
  else if (to > from)
    memmove (&rows[from], &rows[from + 1], (to - from) * sizeof (gpointer));
  rows[to] = item;
  emit_rows_changed (self, MIN (from, to), MAX (from, to) - MIN (from, to) + 1,
                     MAX (from, to) - MIN (from, to) + 1);
}

/* ── filtering ─────────────────────────────────────────────────────────────────── */

static gboolean
passes_others (SnStalledList *self, const SnStalledItem *item)
{
  const SnStalledFilter *f = &self->filter;

  if (f->tier >= 0 && item->tier != f->tier)
    return FALSE;
  if (f->district != NULL && strcmp (item->district->value, f->district) != 0)
    return FALSE;
  if (f->category != NULL && strcmp (item->category->value, f->category) != 0)
    return FALSE;
  if (self->unit_needle != NULL && strstr (item->units->value, self->unit_needle) == NULL)
    return FALSE;
  for (guint i = 0; self->terms != NULL && self->terms[i] != NULL; i++)
    if (strstr (item->haystack, self->terms[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
count_item (SnStalledList *self, const SnStalledItem *item, int sign)
{
  if (!item->passes)
    return;
  for (guint r = 0; r < SN_N_STALL_REASONS; r++)
    if (item->reasons & SN_STALL_REASON_BIT (r))
      self->counts[r] += sign;
}

/* Filter state of @item, and its reason counts. */
static void
classify_item (SnStalledList *self, SnStalledItem *item)
{
  item->passes = passes_others (self, item);
  item->shown = item->passes
                && (self->filter.reasons == 0 || (item->reasons & self->filter.reasons) != 0);
  count_item (self, item, +1);
}

/* Filters and sorts every item again; emits (0, old, new). */
static void
rebuild_rows (SnStalledList *self)
{
  guint old_counts[SN_N_STALL_REASONS];
  guint removed = self->rows->len;
  GHashTableIter iter;
  gpointer value;

  memcpy (old_counts, self->counts, sizeof old_counts);
  memset (self->counts, 0, sizeof self->counts);
  g_ptr_array_set_size (self->rows, 0);
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      classify_item (self, value);
      if (((SnStalledItem *) value)->shown)
        g_ptr_array_add (self->rows, value);
    }
  g_ptr_array_sort_with_data (self->rows, sort_rows_cb, self);
  if (removed > 0 || self->rows->len > 0)
    emit_rows_changed (self, 0, removed, self->rows->len);
  if (memcmp (old_counts, self->counts, sizeof old_counts) != 0)
    g_signal_emit (self, signals[REASON_COUNTS_CHANGED], 0);
}

static void
resort_rows (SnStalledList *self)
{
  g_ptr_array_sort_with_data (self->rows, sort_rows_cb, self);
  if (self->rows->len > 0)
    emit_rows_changed (self, 0, self->rows->len, self->rows->len);
}

/* ── following the console model ──────────────────────────────────────────────── */

static gboolean
is_stalled (const SnTicketView *v)
{
  return v != NULL && v->n_stalls > 0;
}

/* A ticket stopped being stalled. */
static void
drop_item (SnStalledList *self, SnStalledItem *item)
{
  if (item->shown)
    {
      guint row = find_row (self, item);

      g_ptr_array_remove_index (self->rows, row);
      emit_rows_changed (self, row, 1, 0);
    }
  g_hash_table_remove (self->items, item->id);
}

/* A stalled ticket, new or changed: its keys, its row, one items-changed. Returns whether its
 * version changed. */
static gboolean
place_item (SnStalledList *self, SnStalledItem *item, const SnTicketView *v)
{
  guint from = item->shown ? find_row (self, item) : NO_ROW;
  gboolean changed = sn_stalled_item_update (item, &self->keys, v);
  guint to;

  classify_item (self, item);
  if (from != NO_ROW && item->shown)
    move_row (self, item, from);
  else if (from != NO_ROW)
    {
      g_ptr_array_remove_index (self->rows, from);
      emit_rows_changed (self, from, 1, 0);
    }
  else if (item->shown)
    {
      to = insertion_row (self, item, NO_ROW);
      g_ptr_array_insert (self->rows, (int) to, item);
      emit_rows_changed (self, to, 0, 1);
    }
  return changed;
}

static void
on_ticket_changed (SnConsoleModel *model, const char *id, SnStalledList *self)
{
  const SnTicketView *v = sn_console_model_lookup_ticket (model, id);
  SnStalledItem *item = g_hash_table_lookup (self->items, id);
  guint old_counts[SN_N_STALL_REASONS];

  if (item == NULL && !is_stalled (v))
    return;
  memcpy (old_counts, self->counts, sizeof old_counts);
  if (item != NULL)
    count_item (self, item, -1);
  if (!is_stalled (v))
    drop_item (self, item);
  else if (item != NULL)
    {
      if (place_item (self, item, v))
        sn_stalled_item_notify_version (item);
    }
  else
    {
      item = sn_stalled_item_new (id);
      g_hash_table_insert (self->items, item->id, item);
      place_item (self, item, v);
    }
  if (memcmp (old_counts, self->counts, sizeof old_counts) != 0)
    g_signal_emit (self, signals[REASON_COUNTS_CHANGED], 0);
}

typedef struct
{
  SnStalledList *self;
  GHashTable *old_items;
  GPtrArray *changed; /* reused items whose version changed */
} ResetData;

static void
reset_ticket_cb (gpointer key, gpointer value, gpointer user_data)
{
  ResetData *data = user_data;
  const SnTicketView *v = value;
  const char *id = key;
  gpointer item = NULL;

  if (!is_stalled (v))
    return;
  /* An item that was there keeps its object: selections survive a reconnect. */
  if (g_hash_table_steal_extended (data->old_items, id, NULL, &item))
    {
      if (sn_stalled_item_update (item, &data->self->keys, v))
        g_ptr_array_add (data->changed, item);
    }
  else
    {
      item = sn_stalled_item_new (id);
      sn_stalled_item_update (item, &data->self->keys, v);
    }
  g_hash_table_insert (data->self->items, ((SnStalledItem *) item)->id, item);
}

static GHashTable *
items_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
}

/* Every ticket again, from the model. Items of tickets that are gone are dropped before the
 * items-changed: views hold their own references to the rows they show. */
static void
reload (SnStalledList *self)
{
  g_autoptr (GPtrArray) changed = g_ptr_array_new ();
  ResetData data = { self, self->items, changed };

  self->items = items_new ();
  sn_console_model_foreach_ticket (self->model, reset_ticket_cb, &data);
  g_hash_table_unref (data.old_items);
  rebuild_rows (self);
  for (guint i = 0; i < changed->len; i++)
    sn_stalled_item_notify_version (changed->pdata[i]);
}

static void
on_reset (SnConsoleModel *model, SnStalledList *self)
{
  reload (self);
}

/* ── GListModel ────────────────────────────────────────────────────────────────── */

static GType
sn_stalled_list_get_item_type (GListModel *model)
{
  return SN_TYPE_STALLED_ITEM;
}

static guint
sn_stalled_list_get_n_items (GListModel *model)
{
  return SN_STALLED_LIST (model)->rows->len;
}

static gpointer
sn_stalled_list_get_item (GListModel *model, guint position)
{
  SnStalledList *self = SN_STALLED_LIST (model);

  if (position >= self->rows->len)
    return NULL;
  return g_object_ref (self->rows->pdata[position]);
}

static void
sn_stalled_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sn_stalled_list_get_item_type;
  iface->get_n_items = sn_stalled_list_get_n_items;
  iface->get_item = sn_stalled_list_get_item;
}

/* ── object ────────────────────────────────────────────────────────────────────── */

static void
clear_filter (SnStalledList *self)
{
  g_clear_pointer (&self->district, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->unit_needle, g_free);
  g_clear_pointer (&self->terms, g_strfreev);
  sn_stalled_filter_init (&self->filter);
}

static void
sn_stalled_list_constructed (GObject *object)
{
  SnStalledList *self = SN_STALLED_LIST (object);

  G_OBJECT_CLASS (sn_stalled_list_parent_class)->constructed (object);

  g_assert (self->model != NULL);
  g_signal_connect_object (self->model, "ticket-changed", G_CALLBACK (on_ticket_changed), self, 0);
  g_signal_connect_object (self->model, "reset", G_CALLBACK (on_reset), self, 0);
  reload (self);
}

static void
sn_stalled_list_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  SnStalledList *self = SN_STALLED_LIST (object);

  switch (prop_id)
    {
      case PROP_MODEL:
        self->model = g_value_dup_object (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sn_stalled_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SnStalledList *self = SN_STALLED_LIST (object);

  switch (prop_id)
    {
      case PROP_MODEL:
        g_value_set_object (value, self->model);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sn_stalled_list_dispose (GObject *object)
{
  SnStalledList *self = SN_STALLED_LIST (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (sn_stalled_list_parent_class)->dispose (object);
}

static void
sn_stalled_list_finalize (GObject *object)
{
  SnStalledList *self = SN_STALLED_LIST (object);

  g_ptr_array_unref (self->rows);
  g_hash_table_unref (self->items);
  sn_stalled_keys_clear (&self->keys);
  clear_filter (self);
  G_OBJECT_CLASS (sn_stalled_list_parent_class)->finalize (object);
}

static void
sn_stalled_list_class_init (SnStalledListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sn_stalled_list_constructed;
  object_class->set_property = sn_stalled_list_set_property;
  object_class->get_property = sn_stalled_list_get_property;
  object_class->dispose = sn_stalled_list_dispose;
  object_class->finalize = sn_stalled_list_finalize;

  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, SN_TYPE_CONSOLE_MODEL,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                                    | G_PARAM_EXPLICIT_NOTIFY
                                                    | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REASON_COUNTS_CHANGED] = g_signal_new ("reason-counts-changed", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 0);
}

static void
sn_stalled_list_init (SnStalledList *self)
{
  self->items = items_new ();
  self->rows = g_ptr_array_new ();
  sn_stalled_keys_init (&self->keys);
  self->column = SN_STALLED_COLUMN_URGENCY;
  self->compare = column_compare[self->column];
  sn_stalled_filter_init (&self->filter);
}

/* ── public API ────────────────────────────────────────────────────────────────── */

void
sn_stalled_filter_init (SnStalledFilter *filter)
{
  *filter = (SnStalledFilter){ .reasons = 0, .tier = -1 };
}

SnStalledList *
sn_stalled_list_new (SnConsoleModel *model)
{
  g_return_val_if_fail (SN_IS_CONSOLE_MODEL (model), NULL);
  return g_object_new (SN_TYPE_STALLED_LIST, "model", model, NULL);
}

SnConsoleModel *
sn_stalled_list_get_model (SnStalledList *self)
{
  g_return_val_if_fail (SN_IS_STALLED_LIST (self), NULL);
  return self->model;
}

void
sn_stalled_list_set_sort (SnStalledList *self, SnStalledColumn column, gboolean descending)
{
  g_return_if_fail (SN_IS_STALLED_LIST (self));
  g_return_if_fail (column < SN_N_STALLED_COLUMNS);

  descending = !!descending;
  if (column == self->column && descending == self->descending)
    return;
  self->column = column;
  self->descending = descending;
  self->compare = column_compare[column];
  resort_rows (self);
}

void
sn_stalled_list_get_sort (SnStalledList *self, SnStalledColumn *column, gboolean *descending)
{
  g_return_if_fail (SN_IS_STALLED_LIST (self));

  if (column != NULL)
    *column = self->column;
  if (descending != NULL)
    *descending = self->descending;
}

/* NULL for "any"; "" is "any" too. */
static const char *
nonempty (const char *s)
{
  return s != NULL && *s != '\0' ? s : NULL;
}

static gboolean
filter_equal (const SnStalledFilter *a, const SnStalledFilter *b)
{
  return a->reasons == b->reasons && a->tier == b->tier
         && g_strcmp0 (nonempty (a->district), nonempty (b->district)) == 0
         && g_strcmp0 (nonempty (a->unit), nonempty (b->unit)) == 0
         && g_strcmp0 (nonempty (a->category), nonempty (b->category)) == 0
         && g_strcmp0 (nonempty (a->text), nonempty (b->text)) == 0;
}

/* The folded words of @text, NULL when there are none. */
static char **
split_terms (const char *text)
{
  g_autofree char *folded = sn_stalled_fold_text (text);
  g_auto (GStrv) words = g_strsplit_set (folded, " \t\r\n", -1);
  g_autoptr (GPtrArray) terms = g_ptr_array_new ();

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (terms, g_strdup (words[i]));
  if (terms->len == 0)
    return NULL;
  g_ptr_array_add (terms, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&terms), FALSE);
}

static void
store_filter (SnStalledList *self, const SnStalledFilter *filter)
{
  /* Copied before the old strings go: @filter may be what get_filter() returned. */
  char *district = g_strdup (nonempty (filter->district));
  char *unit = g_strdup (nonempty (filter->unit));
  char *category = g_strdup (nonempty (filter->category));
  char *text = g_strdup (nonempty (filter->text));
  guint reasons = filter->reasons & SN_STALL_REASONS_ALL;
  int tier = filter->tier < 0 ? -1 : filter->tier;

  clear_filter (self);
  self->filter.reasons = reasons;
  self->filter.tier = tier;
  self->filter.district = self->district = district;
  self->filter.unit = self->unit = unit;
  self->filter.category = self->category = category;
  self->filter.text = self->text = text;
  if (unit != NULL)
    self->unit_needle = g_strdup_printf ("%c%s%c", SN_UNIT_SEPARATOR, unit, SN_UNIT_SEPARATOR);
  if (text != NULL)
    self->terms = split_terms (text);
}

void
sn_stalled_list_set_filter (SnStalledList *self, const SnStalledFilter *filter)
{
  SnStalledFilter all;

  g_return_if_fail (SN_IS_STALLED_LIST (self));

  if (filter == NULL)
    {
      sn_stalled_filter_init (&all);
      filter = &all;
    }
  if (filter_equal (filter, &self->filter))
    return;
  store_filter (self, filter);
  rebuild_rows (self);
}

void
sn_stalled_list_get_filter (SnStalledList *self, SnStalledFilter *filter)
{
  g_return_if_fail (SN_IS_STALLED_LIST (self));
  *filter = self->filter;
}

void
sn_stalled_list_get_reason_counts (SnStalledList *self, guint counts[SN_N_STALL_REASONS])
{
  g_return_if_fail (SN_IS_STALLED_LIST (self));
  memcpy (counts, self->counts, sizeof self->counts);
}

guint
sn_stalled_list_get_n_stalled (SnStalledList *self)
{
  g_return_val_if_fail (SN_IS_STALLED_LIST (self), 0);
  return g_hash_table_size (self->items);
}

guint
sn_stalled_list_lookup_position (SnStalledList *self, const char *id)
{
  SnStalledItem *item;

  g_return_val_if_fail (SN_IS_STALLED_LIST (self), NO_ROW);
  g_return_val_if_fail (id != NULL, NO_ROW);

  item = g_hash_table_lookup (self->items, id);
  if (item == NULL || !item->shown)
    return NO_ROW;
  return find_row (self, item);
}

const char *
sn_stalled_list_get_ticket_id (SnStalledList *self, guint position)
{
  g_return_val_if_fail (SN_IS_STALLED_LIST (self), NULL);

  if (position >= self->rows->len)
    return NULL;
  return ((SnStalledItem *) self->rows->pdata[position])->id;
}
