/* sn-stalled-item.c — a stalled work order's sort and filter keys, computed when it changes
 *
 * Strings that many tickets share (category, district, street, the set of units) are pooled
 * with their collation keys, so 200,000 items hold a few hundred keys and a comparison is one
 * strcmp, or none when both point at the same entry.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sn-stalled-item-private.h"

G_DEFINE_FINAL_TYPE (SnStalledItem, sn_stalled_item, G_TYPE_OBJECT)

enum { PROP_0, PROP_VERSION, N_PROPS };

static GParamSpec *properties[N_PROPS];

/* Bit of each reason in the severity key, mildest lowest. */
static const guint8 severity_bit[SN_N_STALL_REASONS] = {
  [SN_STALL_SILENT] = 0,     [SN_STALL_BOUNCING] = 1, [SN_STALL_REOPENED] = 2,
  [SN_STALL_UNACCEPTED] = 3, [SN_STALL_AT_RISK] = 4,  [SN_STALL_OVERDUE] = 5,
};

/* ── text folding ──────────────────────────────────────────────────────────────────
 *
 * NFKC then case folding, with a fast path for what a hotline's text is made of (ASCII, CJK
 * ideographs, full-width forms and CJK punctuation): for those characters the fast path gives
 * exactly what g_utf8_normalize() and g_utf8_casefold() give, and nothing in that set combines
 * with its neighbours under NFKC. Any other character sends the whole string the slow way. */

/* The folded form of a three-byte character at @p, written at @w; returns the new write
 * position, or NULL when the character is not one the fast path takes. Every character it
 * takes is at least U+3000, so the sequence is neither overlong nor a surrogate. */
static char *
fold_three_bytes (const guchar *p, char *w)
{
  gunichar c;

  if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
    return NULL;
  c = (gunichar) (p[0] & 0x0F) << 12 | (gunichar) (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011))
    {
      memcpy (w, p, 3);
      return w + 3;
    }
  if (c >= 0xFF01 && c <= 0xFF5E) /* full-width ASCII */
    *w = g_ascii_tolower ((char) (c - 0xFF01 + 0x21));
  else if (c == 0x3000) /* ideographic space */
    *w = ' ';
  else
    return NULL;
  return w + 1;
}

/* Appends the folded form of @text to @out if every character takes the fast path, which
 * never makes text longer. */
static gboolean
fold_fast (const char *text, GString *out)
{
  gsize start = out->len;
  const guchar *p = (const guchar *) text;
  char *w;

  g_string_set_size (out, start + strlen (text));
  w = out->str + start;
  while (*p != '\0' && w != NULL)
    {
      if (*p < 0x80)
        *w++ = g_ascii_tolower ((char) *p++);
      else if ((*p & 0xF0) == 0xE0)
        {
          w = fold_three_bytes (p, w);
          p += 3;
        }
      else
        w = NULL;
    }
  g_string_truncate (out, w != NULL ? (gsize) (w - out->str) : start);
  return w != NULL;
}

static void
fold_slow (const char *text, GString *out)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = NULL;

  if (normal == NULL)
    return; /* not UTF-8: nothing to find in it */
  folded = g_utf8_casefold (normal, -1);
  g_string_append (out, folded);
}

/* Appends the folded form of @text to @out. */
static void
fold_append (const char *text, GString *out)
{
  if (text != NULL && !fold_fast (text, out))
    fold_slow (text, out);
}

char *
sn_stalled_fold_text (const char *text)
{
  GString *out = g_string_new (NULL);

  fold_append (text, out);
  return g_string_free (out, FALSE);
}

/* ── string pools ──────────────────────────────────────────────────────────────── */

static void
pooled_free (SnPooled *p)
{
  g_free (p->value);
  g_free (p->collate);
  g_free (p);
}

static GHashTable *
pool_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) pooled_free);
}

static const SnPooled *
pool_get (GHashTable *pool, const char *value, const char *collate_as)
{
  SnPooled *p = g_hash_table_lookup (pool, value);

  if (p == NULL)
    {
      p = g_new (SnPooled, 1);
      p->value = g_strdup (value);
      p->collate = g_utf8_collate_key (collate_as, -1);
      g_hash_table_insert (pool, p->value, p);
    }
  return p;
}

static const SnPooled *
pool_string (SnStalledKeys *keys, const char *value)
{
  if (value == NULL)
    value = "";
  return pool_get (keys->strings, value, value);
}

/* The set of units, as "\x1fA\x1fB\x1f" so one strstr finds a unit among them. */
static const SnPooled *
pool_units (SnStalledKeys *keys, char *const *units)
{
  GString *s = keys->scratch;
  const SnPooled *p;

  g_string_assign (s, "\x1f");
  for (guint i = 0; units != NULL && units[i] != NULL; i++)
    {
      g_string_append (s, units[i]);
      g_string_append_c (s, SN_UNIT_SEPARATOR);
    }
  p = g_hash_table_lookup (keys->unit_sets, s->str);
  if (p == NULL)
    {
      g_autofree char *shown = units != NULL ? g_strjoinv (", ", (char **) units) : g_strdup ("");

      p = pool_get (keys->unit_sets, s->str, shown);
    }
  return p;
}

void
sn_stalled_keys_init (SnStalledKeys *keys)
{
  keys->strings = pool_new ();
  keys->unit_sets = pool_new ();
  keys->scratch = g_string_new (NULL);
}

void
sn_stalled_keys_clear (SnStalledKeys *keys)
{
  g_clear_pointer (&keys->strings, g_hash_table_unref);
  g_clear_pointer (&keys->unit_sets, g_hash_table_unref);
  if (keys->scratch != NULL)
    g_string_free (g_steal_pointer (&keys->scratch), TRUE);
}

/* ── items ─────────────────────────────────────────────────────────────────────── */

static void
sn_stalled_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SnStalledItem *item = SN_STALLED_ITEM (object);

  switch (prop_id)
    {
      case PROP_VERSION:
        g_value_set_int64 (value, item->version);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sn_stalled_item_finalize (GObject *object)
{
  SnStalledItem *item = SN_STALLED_ITEM (object);

  g_free (item->id);
  g_free (item->haystack);
  G_OBJECT_CLASS (sn_stalled_item_parent_class)->finalize (object);
}

static void
sn_stalled_item_class_init (SnStalledItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sn_stalled_item_get_property;
  object_class->finalize = sn_stalled_item_finalize;
  properties[PROP_VERSION] = g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                     | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sn_stalled_item_init (SnStalledItem *item)
{
}

SnStalledItem *
sn_stalled_item_new (const char *id)
{
  SnStalledItem *item = g_object_new (SN_TYPE_STALLED_ITEM, NULL);

  item->id = g_strdup (id);
  return item;
}

static guint8
reason_bits (const SnTicketView *v, guint8 *severity)
{
  guint8 bits = 0;

  *severity = 0;
  for (guint i = 0; i < v->n_stalls; i++)
    {
      bits |= SN_STALL_REASON_BIT (v->stalls[i].reason);
      *severity |= 1u << severity_bit[v->stalls[i].reason];
    }
  return bits;
}

static void
item_set_haystack (SnStalledItem *item, GString *s, const SnTicket *t)
{
  g_string_truncate (s, 0);
  fold_append (t->service_request_id, s);
  g_string_append_c (s, '\n');
  fold_append (t->description, s);
  g_string_append_c (s, '\n');
  fold_append (t->address, s);
  if (item->haystack == NULL || strcmp (item->haystack, s->str) != 0)
    {
      g_free (item->haystack);
      item->haystack = g_strndup (s->str, s->len);
    }
}

gboolean
sn_stalled_item_update (SnStalledItem *item, SnStalledKeys *keys, const SnTicketView *v)
{
  const SnTicket *t = v->ticket;

  item->reasons = reason_bits (v, &item->severity);
  if (item->reasons & SN_STALL_REASON_BIT (SN_STALL_OVERDUE))
    item->group = 0;
  else if (item->reasons & SN_STALL_REASON_BIT (SN_STALL_AT_RISK))
    item->group = 1;
  else
    item->group = 2;
  item->deadline = v->deadline != 0 ? v->deadline : G_MAXINT64;
  item->requested_at = t->requested_at;
  item->bounce_count = t->bounce_count;
  item->tier = t->tier;
  item->priority = t->priority;
  item->state = (guint8) t->state;
  item->category = pool_string (keys, t->service_name);
  item->district = pool_string (keys, t->district);
  item->street = pool_string (keys, t->street);
  item->units = pool_units (keys, t->units);
  item_set_haystack (item, keys->scratch, t);
  if (item->version == t->version)
    return FALSE;
  item->version = t->version;
  return TRUE;
}

void
sn_stalled_item_notify_version (SnStalledItem *item)
{
  g_object_notify_by_pspec (G_OBJECT (item), properties[PROP_VERSION]);
}

/* ── public API ─────────────────────────────────────────────────────────────────── */

const char *
sn_stalled_item_get_id (SnStalledItem *item)
{
  g_return_val_if_fail (SN_IS_STALLED_ITEM (item), NULL);
  return item->id;
}

guint
sn_stalled_item_get_reasons (SnStalledItem *item)
{
  g_return_val_if_fail (SN_IS_STALLED_ITEM (item), 0);
  return item->reasons;
}

gint64
sn_stalled_item_get_deadline (SnStalledItem *item)
{
  g_return_val_if_fail (SN_IS_STALLED_ITEM (item), 0);
  return item->deadline == G_MAXINT64 ? 0 : item->deadline;
}

gint64
sn_stalled_item_get_version (SnStalledItem *item)
{
  g_return_val_if_fail (SN_IS_STALLED_ITEM (item), 0);
  return item->version;
}
