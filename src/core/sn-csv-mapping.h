/* sn-csv-mapping.h — turns the rows of another system's CSV export into ingest records
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A mapping (JSON; the format is documented in data/import/README.md) says, for each field
 * of an Open311-shaped ingest record, which CSV columns it comes from (names matched without
 * regard to case; the first one the header has wins), how to read dates and in which time
 * zone, how to translate values, and which values mean "skip this row".  One mapping can
 * serve several exports of the same system whose headers or date formats differ.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SN_CSV_MAPPING_ERROR (sn_csv_mapping_error_quark ())
GQuark sn_csv_mapping_error_quark (void);

typedef enum {
  SN_CSV_MAPPING_ERROR_INVALID, /* the mapping itself is unusable */
  SN_CSV_MAPPING_ERROR_COLUMNS, /* a CSV header lacks every column of a required field */
  SN_CSV_MAPPING_ERROR_MISSING, /* a row has no value for a required field */
  SN_CSV_MAPPING_ERROR_DATE, /* a date in none of the formats, or not a real date */
  SN_CSV_MAPPING_ERROR_NUMBER, /* not a number */
  SN_CSV_MAPPING_ERROR_VALUE, /* a value the field's "values" table does not know */
  SN_CSV_MAPPING_ERROR_SHAPE, /* a row with another number of fields than the header */
} SnCsvMappingError;

typedef enum {
  SN_CSV_ROW_OK,
  SN_CSV_ROW_SKIP, /* a value listed under "skip": not an error */
  SN_CSV_ROW_BAD,
} SnCsvRowResult;

typedef struct _SnCsvMapping SnCsvMapping;

/* Parses and checks a mapping: known target fields and members only, valid date patterns,
 * a known time zone.  Errors name the offending field. */
SnCsvMapping *sn_csv_mapping_load (const char *json, gssize length, GError **error);
SnCsvMapping *sn_csv_mapping_load_file (const char *path, GError **error);
void sn_csv_mapping_free (SnCsvMapping *mapping);

/* Finds each field's column in @header (char *); fails, naming the field and the columns
 * looked for, when a required field has none.  Call once per file, before converting. */
gboolean sn_csv_mapping_bind (SnCsvMapping *mapping, GPtrArray *header, GError **error);
/* After bind: "target ← Column" lines for the fields found, and the optional fields that
 * found no column, for the import's report. */
char *sn_csv_mapping_describe_binding (SnCsvMapping *mapping);

/* Converts one data row.  @out_id (may be NULL) receives the row's service_request_id when
 * it has one, whatever the result.  SN_CSV_ROW_OK: @out_record gets the record.
 * SN_CSV_ROW_SKIP: @out_reason gets the mapping's reason ("cancelled").  SN_CSV_ROW_BAD:
 * @error says what is wrong and in which column. */
SnCsvRowResult sn_csv_mapping_convert (SnCsvMapping *mapping, GPtrArray *row,
                                       JsonObject **out_record, char **out_id, char **out_reason,
                                       GError **error);

/* Parses @text with a strftime-like @pattern in @tz (NULL: UTC) into unix seconds.
 * Conversions: %Y (4 digits), %y (2 digits: 69–99 → 19xx, else 20xx), %m %d %H %I %M %S
 * (1 or 2 digits), %p (AM/PM, any case), %%; a space matches any run of spaces (or none); anything
 * else must match itself.  "iso8601" as the pattern reads ISO 8601, without an offset
 * meaning @tz.  Checks the calendar (no 31 April).  GLib's rules for the two hours a year
 * that a wall clock gets wrong: a local time that occurs twice (when daylight saving time
 * ends) is read as the second, standard-time one; a local time that does not exist (the hour
 * skipped when it starts) is read as the moment of the change (02:30 → 03:00 daylight). */
gboolean sn_csv_parse_time (const char *text, const char *pattern, GTimeZone *tz, gint64 *out);
/* Whether @pattern is one sn_csv_parse_time() accepts and names a full date. */
gboolean sn_csv_time_pattern_is_valid (const char *pattern);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnCsvMapping, sn_csv_mapping_free)

G_END_DECLS
