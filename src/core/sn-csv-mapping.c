/* sn-csv-mapping.c — turns the rows of another system's CSV export into ingest records
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sn-csv-mapping.h"
#include "sn-json.h"

#define MAX_MAPPING_BYTES (1024 * 1024)

typedef enum {
  KIND_TEXT,
  KIND_TIME,
  KIND_NUMBER,
  KIND_INTEGER,
} FieldKind;

/* The fields of an ingest record a mapping may fill, in the order they are written. */
static const struct
{
  const char *name;
  FieldKind kind;
} targets[] = {
  { "service_request_id", KIND_TEXT },
  { "service_code", KIND_TEXT },
  { "service_name", KIND_TEXT },
  { "description", KIND_TEXT },
  { "status", KIND_TEXT },
  { "status_notes", KIND_TEXT },
  { "state", KIND_TEXT },
  { "channel", KIND_TEXT },
  { "ticket_type", KIND_TEXT },
  { "priority", KIND_INTEGER },
  { "agency_responsible", KIND_TEXT },
  { "district", KIND_TEXT },
  { "street", KIND_TEXT },
  { "address", KIND_TEXT },
  { "lat", KIND_NUMBER },
  { "long", KIND_NUMBER },
  { "requested_datetime", KIND_TIME },
  { "updated_datetime", KIND_TIME },
  { "expected_datetime", KIND_TIME },
  { "closed_datetime", KIND_TIME },
};

#define N_TARGETS G_N_ELEMENTS (targets)
#define TARGET_ID 0

typedef struct
{
  gboolean used;
  char **columns; /* candidates, in order of preference */
  gboolean required;
  char **date_formats; /* NULL: the mapping's */
  GHashTable *values; /* casefolded source value → target value */
  GHashTable *skip; /* casefolded source value → reason */
  char *default_value; /* for a value not in "values"; NULL: such a value is an error */
  char *constant;
  char *transform; /* "slug", "lower", "upper" or NULL */
  gboolean zero_is_empty;
  int column; /* bound column, -1 when none */
} Field;

struct _SnCsvMapping
{
  GTimeZone *tz;
  char **date_formats;
  Field fields[N_TARGETS];
  guint n_columns; /* of the bound header */
  char **header; /* of the bound header, for messages */
};

G_DEFINE_QUARK (sn - csv - mapping - error - quark, sn_csv_mapping_error)

/* ── dates ─────────────────────────────────────────────────────────────────────── */

static gboolean
read_digits (const char **p, guint min, guint max, int *out)
{
  guint n = 0;
  int v = 0;

  while (n < max && g_ascii_isdigit ((*p)[n]))
    v = v * 10 + ((*p)[n++] - '0');
  if (n < min)
    return FALSE;
  *p += n;
  *out = v;
  return TRUE;
}

typedef struct
{
  int year, month, day, hour, minute, second;
  int pm; /* -1: no %p, 0: AM, 1: PM */
  gboolean twelve_hour;
} TimeParts;

static gboolean
read_conversion (char conversion, const char **p, TimeParts *t)
{
  switch (conversion)
    {
      case 'Y':
        return read_digits (p, 4, 4, &t->year);
      case 'y':
        if (!read_digits (p, 2, 2, &t->year))
          return FALSE;
        t->year += t->year < 69 ? 2000 : 1900;
        return TRUE;
      case 'm':
        return read_digits (p, 1, 2, &t->month);
      case 'd':
        return read_digits (p, 1, 2, &t->day);
      case 'H':
        return read_digits (p, 1, 2, &t->hour);
      case 'I':
        t->twelve_hour = TRUE;
        return read_digits (p, 1, 2, &t->hour);
      case 'M':
        return read_digits (p, 1, 2, &t->minute);
      case 'S':
        return read_digits (p, 1, 2, &t->second);
      case 'p':
        if (g_ascii_strncasecmp (*p, "AM", 2) != 0 && g_ascii_strncasecmp (*p, "PM", 2) != 0)
          return FALSE;
        t->pm = g_ascii_tolower (**p) == 'p';
        *p += 2;
        return TRUE;
      case '%':
        return *(*p)++ == '%';
      default:
        return FALSE;
    }
}

static gboolean
time_parts_valid (TimeParts *t)
{
  if (t->year < 1 || t->year > 9999 || t->month < 1 || t->month > 12 || t->day < 1
      || t->day > g_date_get_days_in_month (t->month, t->year) || t->minute > 59 || t->second > 59)
    return FALSE;
  if (t->twelve_hour)
    {
      if (t->hour < 1 || t->hour > 12 || t->pm < 0)
        return FALSE;
      t->hour = t->hour % 12 + (t->pm ? 12 : 0);
    }
  return t->hour <= 23;
}

gboolean
sn_csv_parse_time (const char *text, const char *pattern, GTimeZone *tz, gint64 *out)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) dt = NULL;
  TimeParts t = { .year = 0, .month = 0, .day = 0, .pm = -1 };
  const char *p = text;

  g_return_val_if_fail (text != NULL && pattern != NULL && out != NULL, FALSE);
  if (g_str_equal (pattern, "iso8601"))
    dt = g_date_time_new_from_iso8601 (text, tz ? tz : utc);
  else
    {
      for (const char *q = pattern; *q != '\0'; q++)
        {
          if (*q == '%' && q[1] != '\0')
            {
              if (!read_conversion (*++q, &p, &t))
                return FALSE;
            }
          else if (*q == ' ')
            while (*p == ' ')
              p++;
          else if (*p++ != *q)
            return FALSE;
        }
      while (*p == ' ')
        p++;
      if (*p != '\0' || !time_parts_valid (&t))
        return FALSE;
      dt = g_date_time_new (tz ? tz : utc, t.year, t.month, t.day, t.hour, t.minute, t.second);
    }
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

gboolean
sn_csv_time_pattern_is_valid (const char *pattern)
{
  gboolean year = FALSE, month = FALSE, day = FALSE, twelve = FALSE, ampm = FALSE;

  if (g_strcmp0 (pattern, "iso8601") == 0)
    return TRUE;
  for (const char *q = pattern; q != NULL && *q != '\0'; q++)
    {
      if (*q != '%')
        continue;
      switch (*++q)
        {
          case 'Y':
          case 'y':
            year = TRUE;
            break;
          case 'm':
            month = TRUE;
            break;
          case 'd':
            day = TRUE;
            break;
          case 'I':
            twelve = TRUE;
            break;
          case 'p':
            ampm = TRUE;
            break;
          case 'H':
          case 'M':
          case 'S':
          case '%':
            break;
          default:
            return FALSE;
        }
    }
  return year && month && day && twelve == ampm;
}

/* ── loading ───────────────────────────────────────────────────────────────────── */

static int
find_target (const char *name)
{
  for (guint i = 0; i < N_TARGETS; i++)
    if (g_str_equal (targets[i].name, name))
      return (int) i;
  return -1;
}

static gboolean
invalid (GError **error, const char *field, const char *what)
{
  g_set_error (error, SN_CSV_MAPPING_ERROR, SN_CSV_MAPPING_ERROR_INVALID,
               _ ("Mapping field “%s”: %s"), field, what);
  return FALSE;
}

/* A string or an array of non-empty strings. */
static char **
read_strings (JsonNode *node)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  JsonArray *a;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
      && *json_node_get_string (node) != '\0')
    {
      g_strv_builder_add (b, json_node_get_string (node));
      return g_strv_builder_end (b);
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  a = json_node_get_array (node);
  if (json_array_get_length (a) == 0)
    return NULL;
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *el = json_array_get_element (a, i);

      if (!JSON_NODE_HOLDS_VALUE (el) || json_node_get_value_type (el) != G_TYPE_STRING
          || *json_node_get_string (el) == '\0')
        return NULL;
      g_strv_builder_add (b, json_node_get_string (el));
    }
  return g_strv_builder_end (b);
}

static const char *
string_of (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* {"Source value": "target value", …} with casefolded keys. */
static GHashTable *
read_table (JsonNode *node)
{
  g_autoptr (GHashTable) table = NULL;
  g_autoptr (GList) members = NULL;
  JsonObject *obj;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  obj = json_node_get_object (node);
  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *value = string_of (json_object_get_member (obj, l->data));

      if (value == NULL)
        return NULL;
      g_hash_table_replace (table, g_utf8_casefold (l->data, -1), g_strdup (value));
    }
  return g_steal_pointer (&table);
}

static gboolean
check_formats (char **formats, const char *field, GError **error)
{
  for (guint i = 0; formats[i] != NULL; i++)
    if (!sn_csv_time_pattern_is_valid (formats[i]))
      {
        g_autofree char *what = g_strdup_printf (
            _ ("“%s” is not a date format (use %%Y or %%y, %%m, %%d, %%H or %%I with %%p, "
               "%%M, %%S, or “iso8601”)"),
            formats[i]);

        return invalid (error, field, what);
      }
  return TRUE;
}

static gboolean
read_flag (JsonNode *node, gboolean *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_text (JsonNode *node, char **out)
{
  const char *s = string_of (node);

  if (s == NULL)
    return FALSE;
  g_free (*out);
  *out = g_strdup (s);
  return TRUE;
}

static gboolean
read_member (Field *f, const char *field, const char *name, JsonNode *node, GError **error)
{
  const char *s = string_of (node);
  g_autofree char *what = NULL;

  if (g_str_equal (name, "columns"))
    return (f->columns = read_strings (node)) != NULL
           || invalid (error, field, _ ("“columns” must be a name or an array of names"));
  if (g_str_equal (name, "date_formats"))
    return ((f->date_formats = read_strings (node)) != NULL
            || invalid (error, field, _ ("“date_formats” must be a pattern or an array")))
           && check_formats (f->date_formats, field, error);
  if (g_str_equal (name, "values"))
    return (f->values = read_table (node)) != NULL
           || invalid (error, field, _ ("“values” must map texts to texts"));
  if (g_str_equal (name, "skip"))
    return (f->skip = read_table (node)) != NULL
           || invalid (error, field, _ ("“skip” must map texts to reasons"));
  if (g_str_equal (name, "required"))
    return read_flag (node, &f->required)
           || invalid (error, field, _ ("“required” must be true or false"));
  if (g_str_equal (name, "zero_is_empty"))
    return read_flag (node, &f->zero_is_empty)
           || invalid (error, field, _ ("“zero_is_empty” must be true or false"));
  if (g_str_equal (name, "default"))
    return read_text (node, &f->default_value)
           || invalid (error, field, _ ("“default” must be a text"));
  if (g_str_equal (name, "constant"))
    return read_text (node, &f->constant)
           || invalid (error, field, _ ("“constant” must be a text"));
  if (g_str_equal (name, "transform"))
    return (g_strcmp0 (s, "slug") == 0 || g_strcmp0 (s, "lower") == 0
            || g_strcmp0 (s, "upper") == 0)
               ? read_text (node, &f->transform)
               : invalid (error, field, _ ("“transform” must be slug, lower or upper"));
  what = g_strdup_printf (_ ("unknown member “%s”"), name);
  return invalid (error, field, what);
}

static gboolean
read_field (SnCsvMapping *self, const char *name, JsonNode *node, GError **error)
{
  int target = find_target (name);
  g_autoptr (GList) members = NULL;
  JsonObject *obj;
  Field *f;

  if (target < 0)
    return invalid (error, name, _ ("not a field of an ingest record"));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, name, _ ("must be an object"));
  f = &self->fields[target];
  f->used = TRUE;
  obj = json_node_get_object (node);
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    if (!read_member (f, name, l->data, json_object_get_member (obj, l->data), error))
      return FALSE;
  if ((f->columns == NULL) == (f->constant == NULL))
    return invalid (error, name, _ ("needs either “columns” or “constant”"));
  if (targets[target].kind != KIND_TIME && f->date_formats != NULL)
    return invalid (error, name, _ ("“date_formats” is only for *_datetime fields"));
  if (f->zero_is_empty && targets[target].kind != KIND_NUMBER)
    return invalid (error, name, _ ("“zero_is_empty” is only for lat and long"));
  return TRUE;
}

static gboolean
read_top (SnCsvMapping *self, JsonObject *root, GError **error)
{
  g_autoptr (GList) members = json_object_get_members (root);
  JsonNode *fields = json_object_get_member (root, "fields");
  g_autoptr (GList) names = NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (root, name);

      if (g_str_equal (name, "time_zone"))
        {
          if (string_of (node) == NULL
              || (self->tz = g_time_zone_new_identifier (string_of (node))) == NULL)
            return invalid (error, name, _ ("not a known time zone (e.g. America/Los_Angeles)"));
        }
      else if (g_str_equal (name, "date_formats"))
        {
          if ((self->date_formats = read_strings (node)) == NULL)
            return invalid (error, name, _ ("must be a pattern or an array of patterns"));
          if (!check_formats (self->date_formats, name, error))
            return FALSE;
        }
      else if (!g_str_equal (name, "fields") && !g_str_equal (name, "description"))
        return invalid (error, name, _ ("unknown member of the mapping"));
    }
  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    return invalid (error, "fields", _ ("the mapping needs a “fields” object"));
  names = json_object_get_members (json_node_get_object (fields));
  for (GList *l = names; l != NULL; l = l->next)
    if (!read_field (self, l->data, json_object_get_member (json_node_get_object (fields), l->data),
                     error))
      return FALSE;
  if (!self->fields[TARGET_ID].used || self->fields[TARGET_ID].columns == NULL)
    return invalid (error, "service_request_id", _ ("every mapping must say where ids come from"));
  self->fields[TARGET_ID].required = TRUE;
  for (guint i = 0; i < N_TARGETS; i++)
    if (self->fields[i].used && targets[i].kind == KIND_TIME && self->fields[i].date_formats == NULL
        && self->date_formats == NULL)
      return invalid (error, targets[i].name, _ ("no “date_formats”, here or for the mapping"));
  if (self->fields[find_target ("lat")].used != self->fields[find_target ("long")].used)
    return invalid (error, "lat", _ ("“lat” and “long” go together"));
  return TRUE;
}

SnCsvMapping *
sn_csv_mapping_load (const char *json, gssize length, GError **error)
{
  g_autoptr (SnCsvMapping) self = g_new0 (SnCsvMapping, 1);
  g_autoptr (GError) local = NULL;
  g_autoptr (JsonObject) root = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  if (length < 0)
    length = (gssize) strlen (json);
  for (guint i = 0; i < N_TARGETS; i++)
    self->fields[i].column = -1;
  root = sn_json_parse_object (json, length, MAX_MAPPING_BYTES, SN_JSON_MAX_DEPTH, &local);
  if (root == NULL)
    {
      g_set_error (error, SN_CSV_MAPPING_ERROR, SN_CSV_MAPPING_ERROR_INVALID,
                   _ ("The mapping is not a JSON object: %s"), local->message);
      return NULL;
    }
  if (!read_top (self, root, error))
    return NULL;
  return g_steal_pointer (&self);
}

SnCsvMapping *
sn_csv_mapping_load_file (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length;

  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  return sn_csv_mapping_load (text, (gssize) length, error);
}

void
sn_csv_mapping_free (SnCsvMapping *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < N_TARGETS; i++)
    {
      Field *f = &self->fields[i];

      g_strfreev (f->columns);
      g_strfreev (f->date_formats);
      g_clear_pointer (&f->values, g_hash_table_unref);
      g_clear_pointer (&f->skip, g_hash_table_unref);
      g_free (f->default_value);
      g_free (f->constant);
      g_free (f->transform);
    }
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_strfreev (self->date_formats);
  g_strfreev (self->header);
  g_free (self);
}

/* ── binding ───────────────────────────────────────────────────────────────────── */

static int
find_column (GPtrArray *header, const char *name)
{
  g_autofree char *want = g_utf8_casefold (name, -1);

  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (header->pdata[i]));
      g_autofree char *have = g_utf8_casefold (trimmed, -1);

      if (g_str_equal (have, want))
        return (int) i;
    }
  return -1;
}

gboolean
sn_csv_mapping_bind (SnCsvMapping *self, GPtrArray *header, GError **error)
{
  g_return_val_if_fail (self != NULL && header != NULL, FALSE);
  g_strfreev (self->header);
  self->header = g_new0 (char *, header->len + 1);
  for (guint i = 0; i < header->len; i++)
    self->header[i] = g_strdup (header->pdata[i]);
  self->n_columns = header->len;
  for (guint i = 0; i < N_TARGETS; i++)
    {
      Field *f = &self->fields[i];

      f->column = -1;
      for (guint c = 0; f->used && f->columns != NULL && f->columns[c] != NULL && f->column < 0;
           c++)
        f->column = find_column (header, f->columns[c]);
      if (f->used && f->required && f->constant == NULL && f->column < 0)
        {
          g_autofree char *wanted = g_strjoinv (", ", f->columns);

          g_set_error (error, SN_CSV_MAPPING_ERROR, SN_CSV_MAPPING_ERROR_COLUMNS,
                       _ ("The header has no column for the required field “%s” (looked for: %s)"),
                       targets[i].name, wanted);
          return FALSE;
        }
    }
  return TRUE;
}

char *
sn_csv_mapping_describe_binding (SnCsvMapping *self)
{
  GString *s = g_string_new (NULL);
  GString *missing = g_string_new (NULL);

  for (guint i = 0; i < N_TARGETS; i++)
    {
      Field *f = &self->fields[i];

      if (f->used && f->column >= 0)
        g_string_append_printf (s, "%s%s ← %s", s->len ? ", " : "", targets[i].name,
                                self->header[f->column]);
      else if (f->used && f->constant == NULL)
        g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", targets[i].name);
    }
  if (missing->len > 0)
    g_string_append_printf (s, _ ("; no column for %s"), missing->str);
  g_string_free (missing, TRUE);
  return g_string_free (s, FALSE);
}

/* ── converting a row ──────────────────────────────────────────────────────────── */

static const char *
column_name (SnCsvMapping *self, const Field *f)
{
  return f->column >= 0 ? self->header[f->column] : "-";
}

/* The trimmed cell of @f, or NULL when empty or absent. */
static char *
raw_value (SnCsvMapping *self, const Field *f, GPtrArray *row)
{
  char *v;

  if (f->constant != NULL)
    return g_strdup (f->constant);
  if (f->column < 0 || (guint) f->column >= row->len)
    return NULL;
  v = g_strstrip (g_strdup (row->pdata[f->column]));
  if (*v == '\0')
    g_clear_pointer (&v, g_free);
  return v;
}

static char *
transform (const char *how, const char *value)
{
  GString *slug;
  gboolean dash = FALSE;

  if (how == NULL)
    return g_strdup (value);
  if (g_str_equal (how, "lower"))
    return g_utf8_strdown (value, -1);
  if (g_str_equal (how, "upper"))
    return g_utf8_strup (value, -1);
  /* slug: "Metal/Household Appliances" → "metal-household-appliances" */
  slug = g_string_new (NULL);
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          if (dash && slug->len > 0)
            g_string_append_c (slug, '-');
          g_string_append_unichar (slug, g_unichar_tolower (c));
          dash = FALSE;
        }
      else
        dash = TRUE;
    }
  return g_string_free (slug, FALSE);
}

static gboolean
map_value (SnCsvMapping *self, const Field *f, guint target, char **value, GError **error)
{
  g_autofree char *key = NULL;
  const char *mapped;

  if (f->values == NULL)
    return TRUE;
  key = g_utf8_casefold (*value, -1);
  mapped = g_hash_table_lookup (f->values, key);
  if (mapped == NULL && f->default_value == NULL)
    {
      g_set_error (error, SN_CSV_MAPPING_ERROR, SN_CSV_MAPPING_ERROR_VALUE,
                   _ ("Unknown value “%s” in column %s (for %s)"), *value, column_name (self, f),
                   targets[target].name);
      return FALSE;
    }
  g_free (*value);
  *value = g_strdup (mapped ? mapped : f->default_value);
  return TRUE;
}

static gboolean
add_time (SnCsvMapping *self, JsonObject *record, const Field *f, guint target, const char *value,
          GError **error)
{
  char **formats = f->date_formats ? f->date_formats : self->date_formats;
  g_autofree char *expected = NULL;
  gint64 t;

  for (guint i = 0; formats[i] != NULL; i++)
    if (sn_csv_parse_time (value, formats[i], self->tz, &t))
      {
        g_autofree char *text = sn_time_format (t);

        json_object_set_string_member (record, targets[target].name, text);
        return TRUE;
      }
  expected = g_strjoinv (_ (" or "), formats);
  g_set_error (error, SN_CSV_MAPPING_ERROR, SN_CSV_MAPPING_ERROR_DATE,
               _ ("Unparseable date “%s” in column %s (expected %s)"), value, column_name (self, f),
               expected);
  return FALSE;
}

static gboolean
add_number (SnCsvMapping *self, JsonObject *record, const Field *f, guint target, const char *value,
            GError **error)
{
  char *end = NULL;
  double d = g_ascii_strtod (value, &end);
  gint64 i;

  if (targets[target].kind == KIND_INTEGER)
    {
      if (!g_ascii_string_to_signed (value, 10, G_MININT32, G_MAXINT32, &i, NULL))
        goto bad;
      json_object_set_int_member (record, targets[target].name, i);
      return TRUE;
    }
  if (end == value || *end != '\0' || !isfinite (d))
    goto bad;
  if (!(f->zero_is_empty && d == 0))
    json_object_set_double_member (record, targets[target].name, d);
  return TRUE;
bad:
  g_set_error (error, SN_CSV_MAPPING_ERROR, SN_CSV_MAPPING_ERROR_NUMBER,
               _ ("Bad number “%s” in column %s (for %s)"), value, column_name (self, f),
               targets[target].name);
  return FALSE;
}

static gboolean
add_field (SnCsvMapping *self, JsonObject *record, guint target, GPtrArray *row, GError **error)
{
  const Field *f = &self->fields[target];
  g_autofree char *value = raw_value (self, f, row);
  g_autofree char *shaped = NULL;

  if (value == NULL)
    {
      if (!f->required)
        return TRUE;
      g_set_error (error, SN_CSV_MAPPING_ERROR, SN_CSV_MAPPING_ERROR_MISSING,
                   _ ("Missing %s (column %s is empty)"), targets[target].name,
                   column_name (self, f));
      return FALSE;
    }
  if (!map_value (self, f, target, &value, error))
    return FALSE;
  shaped = transform (f->transform, value);
  switch (targets[target].kind)
    {
      case KIND_TIME:
        return add_time (self, record, f, target, shaped, error);
      case KIND_NUMBER:
      case KIND_INTEGER:
        return add_number (self, record, f, target, shaped, error);
      case KIND_TEXT:
      default:
        json_object_set_string_member (record, targets[target].name, shaped);
        return TRUE;
    }
}

/* The first "skip" value the row has, as its reason. */
static const char *
skip_reason (SnCsvMapping *self, GPtrArray *row)
{
  for (guint i = 0; i < N_TARGETS; i++)
    {
      const Field *f = &self->fields[i];
      g_autofree char *value = NULL;
      g_autofree char *key = NULL;

      if (!f->used || f->skip == NULL || (value = raw_value (self, f, row)) == NULL)
        continue;
      key = g_utf8_casefold (value, -1);
      if (g_hash_table_contains (f->skip, key))
        return g_hash_table_lookup (f->skip, key);
    }
  return NULL;
}

SnCsvRowResult
sn_csv_mapping_convert (SnCsvMapping *self, GPtrArray *row, JsonObject **out_record, char **out_id,
                        char **out_reason, GError **error)
{
  g_autoptr (JsonObject) record = NULL;
  const char *reason;
  int lat = find_target ("lat"), lon = find_target ("long");

  g_return_val_if_fail (self != NULL && self->header != NULL && row != NULL, SN_CSV_ROW_BAD);
  if (out_id != NULL)
    *out_id = raw_value (self, &self->fields[TARGET_ID], row);
  if (row->len != self->n_columns)
    {
      g_set_error (error, SN_CSV_MAPPING_ERROR, SN_CSV_MAPPING_ERROR_SHAPE,
                   _ ("The row has %u fields, the header %u"), row->len, self->n_columns);
      return SN_CSV_ROW_BAD;
    }
  if ((reason = skip_reason (self, row)) != NULL)
    {
      if (out_reason != NULL)
        *out_reason = g_strdup (reason);
      return SN_CSV_ROW_SKIP;
    }
  record = json_object_new ();
  for (guint i = 0; i < N_TARGETS; i++)
    if (self->fields[i].used && !add_field (self, record, i, row, error))
      return SN_CSV_ROW_BAD;
  /* A location needs both coordinates: one alone (the other empty or 0) is no location. */
  if (json_object_has_member (record, targets[lat].name)
      != json_object_has_member (record, targets[lon].name))
    {
      if (json_object_has_member (record, targets[lat].name))
        json_object_remove_member (record, targets[lat].name);
      else
        json_object_remove_member (record, targets[lon].name);
    }
  if (out_record != NULL)
    *out_record = g_steal_pointer (&record);
  return SN_CSV_ROW_OK;
}
