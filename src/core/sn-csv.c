/* sn-csv.c — an RFC 4180 CSV reader
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sn-csv.h"

struct _SnCsvReader
{
  const char *pos, *end;
  guint line; /* of pos */
  GPtrArray *fields;
  GString *field;
};

G_DEFINE_QUARK (sn - csv - error - quark, sn_csv_error)

#define SNIFF_BYTES 4096

/* Skips to the start of the next physical line (after a bad record). */
static void
skip_line (SnCsvReader *self)
{
  while (self->pos < self->end && *self->pos != '\n' && *self->pos != '\r')
    self->pos++;
  if (self->pos < self->end && *self->pos == '\r')
    self->pos++;
  if (self->pos < self->end && *self->pos == '\n')
    self->pos++;
  self->line++;
}

/* A quoted field, from its opening quote to just after its closing one. */
static gboolean
read_quoted (SnCsvReader *self, guint start_line, GError **error)
{
  self->pos++;
  for (;;)
    {
      if (self->pos >= self->end)
        {
          g_set_error (error, SN_CSV_ERROR, SN_CSV_ERROR_SYNTAX,
                       _ ("A quoted field opened on line %u is never closed"), start_line);
          return FALSE;
        }
      if (*self->pos == '"')
        {
          if (self->pos + 1 < self->end && self->pos[1] == '"')
            {
              g_string_append_c (self->field, '"');
              self->pos += 2;
              continue;
            }
          self->pos++;
          return TRUE;
        }
      if (*self->pos == '\n')
        self->line++;
      g_string_append_c (self->field, *self->pos++);
    }
}

static gboolean
at_field_end (SnCsvReader *self)
{
  return self->pos >= self->end || *self->pos == ',' || *self->pos == '\n' || *self->pos == '\r';
}

/* One field into self->field; leaves pos on the separator, the line end or the end. */
static gboolean
read_field (SnCsvReader *self, guint start_line, gboolean *fatal, GError **error)
{
  g_string_truncate (self->field, 0);
  if (self->pos < self->end && *self->pos == '"')
    {
      if (!read_quoted (self, start_line, error))
        {
          *fatal = TRUE;
          return FALSE;
        }
      if (!at_field_end (self))
        {
          g_set_error (error, SN_CSV_ERROR, SN_CSV_ERROR_SYNTAX,
                       _ ("Text after the closing quote of field %u"), self->fields->len + 1);
          return FALSE;
        }
      return TRUE;
    }
  /* Unquoted: a quote inside is kept as it is, as most writers and readers do. */
  while (!at_field_end (self))
    g_string_append_c (self->field, *self->pos++);
  return TRUE;
}

static gboolean
check_encoding (SnCsvReader *self, GError **error)
{
  if (memchr (self->field->str, '\0', self->field->len) != NULL
      || !g_utf8_validate (self->field->str, self->field->len, NULL))
    {
      g_set_error (error, SN_CSV_ERROR, SN_CSV_ERROR_ENCODING, _ ("Field %u is not UTF-8 text"),
                   self->fields->len + 1);
      return FALSE;
    }
  return TRUE;
}

/* Consumes the line end after a record, if any. */
static void
end_record (SnCsvReader *self)
{
  if (self->pos < self->end && *self->pos == '\r')
    self->pos++;
  if (self->pos < self->end && *self->pos == '\n')
    self->pos++;
  self->line++;
}

static gboolean
skip_blank_line (SnCsvReader *self)
{
  if (self->pos < self->end && (*self->pos == '\n' || *self->pos == '\r'))
    {
      end_record (self);
      return TRUE;
    }
  return FALSE;
}

SnCsvResult
sn_csv_reader_next (SnCsvReader *self, GPtrArray **fields, guint *line, GError **error)
{
  g_autoptr (GError) bad = NULL;
  guint start_line;

  g_return_val_if_fail (self != NULL, SN_CSV_END);
  while (skip_blank_line (self))
    ;
  if (self->pos >= self->end)
    return SN_CSV_END;
  start_line = self->line;
  if (line != NULL)
    *line = start_line;
  g_ptr_array_set_size (self->fields, 0);
  for (;;)
    {
      g_autoptr (GError) syntax = NULL;
      gboolean fatal = FALSE;

      if (!read_field (self, start_line, &fatal, &syntax))
        {
          if (fatal)
            self->pos = self->end;
          else
            skip_line (self);
          g_propagate_error (error, g_steal_pointer (&syntax));
          return SN_CSV_BAD_RECORD;
        }
      if (bad == NULL)
        check_encoding (self, &bad);
      g_ptr_array_add (self->fields, g_strndup (self->field->str, self->field->len));
      if (self->pos < self->end && *self->pos == ',')
        {
          self->pos++;
          continue;
        }
      end_record (self);
      break;
    }
  if (bad != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&bad));
      return SN_CSV_BAD_RECORD;
    }
  if (fields != NULL)
    *fields = self->fields;
  return SN_CSV_RECORD;
}

SnCsvReader *
sn_csv_reader_new (const char *text, gssize length)
{
  SnCsvReader *self = g_new0 (SnCsvReader, 1);

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  if (length < 0)
    length = (gssize) strlen (text);
  self->pos = text;
  self->end = text + length;
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    self->pos += 3;
  self->line = 1;
  self->fields = g_ptr_array_new_with_free_func (g_free);
  self->field = g_string_new (NULL);
  return self;
}

void
sn_csv_reader_free (SnCsvReader *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->fields);
  g_string_free (self->field, TRUE);
  g_free (self);
}

gboolean
sn_csv_sniff (const char *text, gsize length)
{
  const char *p = text, *end = text + MIN (length, SNIFF_BYTES);

  if (memchr (text, '\0', end - text) != NULL)
    return FALSE;
  if (end - p >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p < end && *p != '\n' && *p != '\r' && *p != '[' && *p != '{';
}
