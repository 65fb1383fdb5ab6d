/* sn-csv.h — an RFC 4180 CSV reader
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Comma-separated, fields optionally in double quotes ("" inside quotes is one quote; a
 * quoted field may hold commas and line breaks), records ended by LF or CRLF (a lone CR at
 * the end of a record is taken as CRLF), a UTF-8 byte order mark at the start skipped,
 * blank lines skipped, no final line break needed.  Real files bend the rules, so a bad
 * record is reported and the reader goes on with the next line: text after a closing quote,
 * a field that is not UTF-8.  A quote opened and never closed is an error that ends the file.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SN_CSV_ERROR (sn_csv_error_quark ())
GQuark sn_csv_error_quark (void);

typedef enum {
  SN_CSV_ERROR_SYNTAX, /* text after a closing quote; a quote never closed */
  SN_CSV_ERROR_ENCODING, /* a field that is not UTF-8, or a NUL byte */
} SnCsvError;

typedef enum {
  SN_CSV_RECORD, /* a record was read */
  SN_CSV_BAD_RECORD, /* a record could not be read; the error says why, the reader goes on */
  SN_CSV_END, /* no more records */
} SnCsvResult;

typedef struct _SnCsvReader SnCsvReader;

/* Reads @text (@length bytes, or -1 when NUL-terminated); @text must outlive the reader. */
SnCsvReader *sn_csv_reader_new (const char *text, gssize length);
void sn_csv_reader_free (SnCsvReader *reader);

/* The next record.  On SN_CSV_RECORD, @fields (may be NULL) points at the reader's array of
 * the record's fields (char *, UTF-8), valid until the next call.  @line (may be NULL)
 * receives the line, counted from 1, on which the record starts, also for a bad record. */
SnCsvResult sn_csv_reader_next (SnCsvReader *reader, GPtrArray **fields, guint *line,
                                GError **error);

/* TRUE when @text looks like the start of a CSV file rather than JSON or binary: no NUL
 * byte in its first 4 KiB and a first line that is not blank and does not start a JSON
 * value. */
gboolean sn_csv_sniff (const char *text, gsize length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnCsvReader, sn_csv_reader_free)

G_END_DECLS
