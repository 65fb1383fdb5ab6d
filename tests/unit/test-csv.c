/* test-csv.c — the CSV reader and the column mapping of imports
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-csv-mapping.h"
#include "sn-csv.h"
#include "sn-json.h"

/* Every record of @text as "line:a|b|c" or "line:!code", joined with "\n". */
static char *
read_all (const char *text, gssize length)
{
  g_autoptr (SnCsvReader) reader = sn_csv_reader_new (text, length);
  GString *s = g_string_new (NULL);
  GPtrArray *fields;
  SnCsvResult result;
  guint line;
  GError *error = NULL;

  while ((result = sn_csv_reader_next (reader, &fields, &line, &error)) != SN_CSV_END)
    {
      if (s->len > 0)
        g_string_append_c (s, '\n');
      g_string_append_printf (s, "%u:", line);
      if (result == SN_CSV_BAD_RECORD)
        {
          g_assert_nonnull (error);
          g_string_append_printf (s, "!%s",
                                  error->code == SN_CSV_ERROR_SYNTAX ? "syntax" : "encoding");
          g_clear_error (&error);
          continue;
        }
      g_assert_null (error);
      for (guint i = 0; i < fields->len; i++)
        g_string_append_printf (s, "%s%s", i ? "|" : "", (char *) fields->pdata[i]);
    }
  return g_string_free (s, FALSE);
}

static void
assert_csv (const char *text, const char *expected)
{
  g_autofree char *got = read_all (text, -1);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_csv_basic (void)
{
  assert_csv ("a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3");
  /* No final line break; empty fields, also at the end of the line. */
  assert_csv ("a,,c\n,,\n1,2,", "1:a||c\n2:||\n3:1|2|");
  /* CRLF, a lone CR and a UTF-8 byte order mark. */
  assert_csv ("\xEF\xBB\xBFid,name\r\n7,东城区\r\n8,x\r", "1:id|name\n2:7|东城区\n3:8|x");
  /* Blank lines are skipped but counted. */
  assert_csv ("a\n\n\r\nb\n", "1:a\n4:b");
  assert_csv ("", "");
}

static void
test_csv_quotes (void)
{
  /* Commas, doubled quotes and line breaks inside quotes; the next record's line number
   * counts the embedded line breaks. */
  assert_csv ("\"a,b\",\"say \"\"hi\"\"\",\"x\r\ny\nz\"\nnext,\"\"\n",
              "1:a,b|say \"hi\"|x\r\ny\nz\n4:next|");
  /* A quote inside an unquoted field is kept. */
  assert_csv ("5\" pipe,b\n", "1:5\" pipe|b");
  /* Text after a closing quote: that record is bad, the reader goes on at the next line. */
  assert_csv ("\"a\"b,c\nd,e\n", "1:!syntax\n2:d|e");
  /* A quote never closed ends the file. */
  assert_csv ("a,b\n\"open,c\nd,e\n", "1:a|b\n2:!syntax");
}

static void
test_csv_encoding (void)
{
  static const char text[] = "a,b\nok,\xff\xfe\nc,d\n";
  static const char nul[] = "a,b\nx\0y,z\nc,d\n";
  g_autofree char *got = read_all (text, -1);
  g_autofree char *got_nul = read_all (nul, sizeof nul - 1);

  g_assert_cmpstr (got, ==, "1:a|b\n2:!encoding\n3:c|d");
  g_assert_cmpstr (got_nul, ==, "1:a|b\n2:!encoding\n3:c|d");
}

static void
test_csv_sniff (void)
{
  g_assert_true (sn_csv_sniff ("a,b\n1,2\n", 8));
  g_assert_true (sn_csv_sniff ("\xEF\xBB\xBFSRNumber,CreatedDate\r\n", 25));
  g_assert_false (sn_csv_sniff ("[{\"a\": 1}]", 10));
  g_assert_false (sn_csv_sniff ("  {\"a\": 1}", 10));
  g_assert_false (sn_csv_sniff ("\nabc", 4));
  g_assert_false (sn_csv_sniff ("PK\x03\x04\0\0", 6));
}

/* ── dates ─────────────────────────────────────────────────────────────────────── */

static gint64
parse (const char *text, const char *pattern, const char *zone)
{
  g_autoptr (GTimeZone) tz = zone ? g_time_zone_new_identifier (zone) : NULL;
  gint64 t = -1;

  if (!sn_csv_parse_time (text, pattern, tz, &t))
    return -1;
  return t;
}

static void
assert_time (const char *text, const char *pattern, const char *zone, const char *expected)
{
  gint64 t = parse (text, pattern, zone);
  g_autofree char *got = t >= 0 ? sn_time_format (t) : g_strdup ("error");

  g_assert_cmpstr (got, ==, expected);
}

static void
test_time_patterns (void)
{
  const char *la = "America/Los_Angeles";
  const char *p12 = "%m/%d/%Y %I:%M:%S %p", *p24 = "%m/%d/%y %H:%M";

  /* Winter: UTC−8; summer: UTC−7. */
  assert_time ("12/31/2017 11:59:58 PM", p12, la, "2018-01-01T07:59:58Z");
  assert_time ("04/09/2018 09:25:28 AM", p12, la, "2018-04-09T16:25:28Z");
  assert_time ("01/01/2018 12:00:00 AM", p12, la, "2018-01-01T08:00:00Z");
  assert_time ("01/01/2018 12:30:00 pm", p12, la, "2018-01-01T20:30:00Z");
  assert_time ("1/1/20 0:05", p24, la, "2020-01-01T08:05:00Z");
  assert_time ("6/15/20 13:07", p24, la, "2020-06-15T20:07:00Z");
  /* Around the changes of 2020: 8 March 02:00 → 03:00, 1 November 02:00 → 01:00. */
  assert_time ("3/8/20 1:59", p24, la, "2020-03-08T09:59:00Z");
  assert_time ("3/8/20 3:00", p24, la, "2020-03-08T10:00:00Z");
  assert_time ("3/8/20 2:30", p24, la, "2020-03-08T10:00:00Z"); /* does not exist */
  assert_time ("11/1/20 0:59", p24, la, "2020-11-01T07:59:00Z");
  assert_time ("11/1/20 1:30", p24, la, "2020-11-01T09:30:00Z"); /* twice: the second */
  assert_time ("11/1/20 2:00", p24, la, "2020-11-01T10:00:00Z");
  /* No zone: UTC. ISO 8601 without an offset is local; with one, the offset wins. */
  assert_time ("1/1/20 0:05", p24, NULL, "2020-01-01T00:05:00Z");
  assert_time ("2020-01-01T00:05:00", "iso8601", la, "2020-01-01T08:05:00Z");
  assert_time ("2014-05-09T19:02:21-05:00", "iso8601", la, "2014-05-10T00:02:21Z");
  /* %y: 69–99 → 19xx, 00–68 → 20xx. */
  assert_time ("1/1/70 12:00", p24, NULL, "1970-01-01T12:00:00Z");
  assert_time ("1/1/68 0:00", p24, NULL, "2068-01-01T00:00:00Z");
}

static void
test_time_errors (void)
{
  const char *p12 = "%m/%d/%Y %I:%M:%S %p", *p24 = "%m/%d/%y %H:%M";

  g_assert_cmpint (parse ("13/45/20 0:21", p24, NULL), ==, -1);
  g_assert_cmpint (parse ("2/30/20 9:00", p24, NULL), ==, -1);
  g_assert_cmpint (parse ("2/29/20 9:00", p24, NULL), >, 0); /* a leap year */
  g_assert_cmpint (parse ("2/29/19 9:00", p24, NULL), ==, -1);
  g_assert_cmpint (parse ("1/1/20 24:00", p24, NULL), ==, -1);
  g_assert_cmpint (parse ("1/1/20 0:05 extra", p24, NULL), ==, -1);
  g_assert_cmpint (parse ("1/1/2020 0:05", p24, NULL), ==, -1);
  g_assert_cmpint (parse ("12/31/2017 13:59:58 PM", p12, NULL), ==, -1);
  g_assert_cmpint (parse ("12/31/2017 11:59:58", p12, NULL), ==, -1);
  g_assert_cmpint (parse ("", p24, NULL), ==, -1);
  g_assert_true (sn_csv_time_pattern_is_valid (p12));
  g_assert_true (sn_csv_time_pattern_is_valid ("iso8601"));
  g_assert_false (sn_csv_time_pattern_is_valid ("%m/%d %H:%M")); /* no year */
  g_assert_false (sn_csv_time_pattern_is_valid ("%m/%d/%Y %I:%M")); /* %I without %p */
  g_assert_false (sn_csv_time_pattern_is_valid ("%m/%d/%Y %Q"));
}

/* ── mappings ──────────────────────────────────────────────────────────────────── */

static const char good_mapping[] =
    "{\"time_zone\": \"America/Los_Angeles\","
    " \"date_formats\": [\"%m/%d/%Y %I:%M:%S %p\", \"%m/%d/%y %H:%M\"],"
    " \"fields\": {"
    "  \"service_request_id\": {\"columns\": [\"SRNumber\"], \"required\": true},"
    "  \"requested_datetime\": {\"columns\": \"CreatedDate\", \"required\": true},"
    "  \"service_code\": {\"columns\": [\"RequestType\"], \"transform\": \"slug\"},"
    "  \"state\": {\"columns\": \"Status\", \"values\": {\"Closed\": \"closed\", "
    "             \"Open\": \"dispatched\"}, \"skip\": {\"Cancelled\": \"cancelled\"}},"
    "  \"channel\": {\"columns\": [\"Source\", \"RequestSource\"], \"values\": {\"Call\": "
    "              \"phone\"}, \"default\": \"other\"},"
    "  \"district\": {\"columns\": \"NC\"},"
    "  \"priority\": {\"columns\": \"Prio\"},"
    "  \"street\": {\"constant\": \"unknown street\"},"
    "  \"lat\": {\"columns\": \"Latitude\", \"zero_is_empty\": true},"
    "  \"long\": {\"columns\": \"Longitude\", \"zero_is_empty\": true}}}";

static GPtrArray *
split (const char *line)
{
  g_autoptr (SnCsvReader) reader = sn_csv_reader_new (line, -1);
  GPtrArray *fields = NULL;
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sn_csv_reader_next (reader, &fields, NULL, NULL), ==, SN_CSV_RECORD);
  for (guint i = 0; i < fields->len; i++)
    g_ptr_array_add (copy, g_strdup (fields->pdata[i]));
  return copy;
}

static SnCsvMapping *
bound_mapping (const char *header)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) fields = split (header);
  SnCsvMapping *m = sn_csv_mapping_load (good_mapping, -1, &error);

  g_assert_no_error (error);
  g_assert_true (sn_csv_mapping_bind (m, fields, &error));
  g_assert_no_error (error);
  return m;
}

/* Coordinates as text with 12 significant digits, since JSON-GLib writes doubles with 17. */
static void
coordinates_as_text (JsonObject *record)
{
  static const char *const names[] = { "lat", "long" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (json_object_has_member (record, names[i]))
      {
        g_autofree char *text = g_strdup_printf ("%.12g",
                                                 json_object_get_double_member (record, names[i]));

        json_object_set_string_member (record, names[i], text);
      }
}

/* The row converted, as JSON text (coordinates as strings), "skip:reason" or
 * "bad:code:message". */
static char *
convert (SnCsvMapping *m, const char *line, char **out_id)
{
  g_autoptr (GPtrArray) row = split (line);
  g_autoptr (JsonObject) record = NULL;
  g_autofree char *reason = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  switch (sn_csv_mapping_convert (m, row, &record, out_id, &reason, &error))
    {
      case SN_CSV_ROW_OK:
        g_assert_no_error (error);
        coordinates_as_text (record);
        node = json_node_new (JSON_NODE_OBJECT);
        json_node_set_object (node, record);
        return sn_json_node_to_string (node, NULL);
      case SN_CSV_ROW_SKIP:
        return g_strconcat ("skip:", reason, NULL);
      case SN_CSV_ROW_BAD:
      default:
        g_assert_nonnull (error);
        return g_strdup_printf ("bad:%d:%s", error->code, error->message);
    }
}

static void
test_mapping_convert (void)
{
  /* Other case and order than the mapping says; extra columns ignored. */
  g_autoptr (SnCsvMapping) m = bound_mapping (
      "srnumber,NOTES,createddate,requesttype,status,requestsource,nc,latitude,longitude,prio");
  g_autofree char *id = NULL;
  g_autofree char *ok = convert (m,
                                 "1-87,x,12/31/2017 11:59:58 PM,Metal/Household Appliances,"
                                 "CLOSED,Call,44,34.07,-118.26,2",
                                 &id);
  g_autofree char *other = convert (m, "1-88,,1/1/20 0:05,Bulky Items,Open,Fax,,0,0,", NULL);
  g_autofree char *describe = sn_csv_mapping_describe_binding (m);

  g_assert_cmpstr (id, ==, "1-87");
  g_assert_cmpstr (ok, ==,
                   "{\"service_request_id\":\"1-87\",\"service_code\":\"metal-household-"
                   "appliances\",\"state\":\"closed\",\"channel\":\"phone\",\"priority\":2,"
                   "\"district\":\"44\",\"street\":\"unknown street\",\"lat\":\"34.07\","
                   "\"long\":\"-118.26\",\"requested_datetime\":\"2018-01-01T07:59:58Z\"}");
  /* Unknown channel → default; 0,0 → no location; empty optional cells → absent. */
  g_assert_cmpstr (other, ==,
                   "{\"service_request_id\":\"1-88\",\"service_code\":\"bulky-items\","
                   "\"state\":\"dispatched\",\"channel\":\"other\",\"street\":\"unknown "
                   "street\",\"requested_datetime\":\"2020-01-01T08:05:00Z\"}");
  g_assert_true (g_str_has_prefix (describe, "service_request_id ← srnumber, "));
}

static void
test_mapping_rows (void)
{
  g_autoptr (SnCsvMapping) m = bound_mapping (
      "SRNumber,CreatedDate,RequestType,Status,RequestSource,NC,Latitude,Longitude");
  struct
  {
    const char *row, *expected_prefix, *id;
  } cases[] = {
    { "1-1,1/1/20 0:05,Bulky Items,Cancelled,Call,1,x,y", "skip:cancelled", "1-1" },
    { "1-2,1/1/20 0:05,Bulky Items,Escalated,Call,1,,",
      "bad:5:Unknown value “Escalated” in "
      "column Status (for state)",
      "1-2" },
    { "1-3,13/45/20 0:05,Bulky Items,Open,Call,1,,",
      "bad:3:Unparseable date “13/45/20 0:05” in "
      "column CreatedDate",
      "1-3" },
    { "1-4,1/1/20 0:05,Bulky Items,Open,Call,1,34.1x,-118",
      "bad:4:Bad number “34.1x” in "
      "column Latitude (for lat)",
      "1-4" },
    { ",1/1/20 0:05,Bulky Items,Open,Call,1,,", "bad:2:Missing service_request_id", NULL },
    { "1-6,,Bulky Items,Open,Call,1,,",
      "bad:2:Missing requested_datetime (column CreatedDate "
      "is empty)",
      "1-6" },
    { "1-7,1/1/20 0:05,Bulky Items", "bad:6:The row has 3 fields, the header 8", "1-7" },
    /* One coordinate alone is no location. */
    { "1-8,1/1/20 0:05,Bulky Items,Open,Call,1,34.1,0",
      "{\"service_request_id\":\"1-8\","
      "\"service_code\":\"bulky-items\","
      "\"state\":\"dispatched\","
      "\"channel\":\"phone\",\"district\":"
      "\"1\",\"street\":\"unknown street\","
      "\"requested_datetime\"",
      "1-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = NULL;
      g_autofree char *got = convert (m, cases[i].row, &id);

      g_test_message ("%s → %s", cases[i].row, got);
      g_assert_true (g_str_has_prefix (got, cases[i].expected_prefix));
      g_assert_cmpstr (id, ==, cases[i].id);
    }
}

static void
assert_mapping_error (const char *json, const char *message_part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SnCsvMapping) m = sn_csv_mapping_load (json, -1, &error);

  g_assert_null (m);
  g_assert_error (error, SN_CSV_MAPPING_ERROR, SN_CSV_MAPPING_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_mapping_invalid (void)
{
  const char *id = "\"service_request_id\": {\"columns\": \"id\"}";
  g_autofree char *unknown_target = g_strdup_printf ("{\"fields\": {%s, \"colour\": {\"columns\": "
                                                     "\"c\"}}}",
                                                     id);
  g_autofree char *unknown_member = g_strdup_printf (
      "{\"fields\": {%s, \"district\": {\"column\": \"c\"}}}", id);
  g_autofree char *bad_zone = g_strdup_printf (
      "{\"time_zone\": \"Mars/Olympus\", \"fields\": {%s}}", id);
  g_autofree char *bad_format = g_strdup_printf (
      "{\"date_formats\": \"%%m/%%d/%%Q\", \"fields\": {%s}}", id);
  g_autofree char *no_format = g_strdup_printf (
      "{\"fields\": {%s, \"updated_datetime\": {\"columns\": \"u\"}}}", id);
  g_autofree char *lat_alone = g_strdup_printf ("{\"fields\": {%s, \"lat\": {\"columns\": "
                                                "\"y\"}}}",
                                                id);
  g_autofree char *bad_values = g_strdup_printf (
      "{\"fields\": {%s, \"state\": {\"columns\": \"s\", \"values\": {\"Open\": 1}}}}", id);
  g_autofree char *bad_transform = g_strdup_printf (
      "{\"fields\": {%s, \"state\": {\"columns\": \"s\", \"transform\": \"camel\"}}}", id);

  assert_mapping_error ("[1, 2]", "not a JSON object");
  assert_mapping_error ("{\"fields\": {}}", "service_request_id");
  assert_mapping_error ("{\"fields\": {}, \"zone\": 1}", "unknown member of the mapping");
  assert_mapping_error (unknown_target, "“colour”: not a field of an ingest record");
  assert_mapping_error (unknown_member, "unknown member “column”");
  assert_mapping_error (bad_zone, "not a known time zone");
  assert_mapping_error (bad_format, "is not a date format");
  assert_mapping_error (no_format, "“updated_datetime”: no “date_formats”");
  assert_mapping_error (lat_alone, "“lat” and “long” go together");
  assert_mapping_error (bad_values, "“values” must map texts to texts");
  assert_mapping_error (bad_transform, "“transform” must be slug, lower or upper");
}

static void
test_mapping_missing_column (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SnCsvMapping) m = sn_csv_mapping_load (good_mapping, -1, &error);
  g_autoptr (GPtrArray) header = split ("srnumber,status,nc");

  g_assert_no_error (error);
  g_assert_false (sn_csv_mapping_bind (m, header, &error));
  g_assert_error (error, SN_CSV_MAPPING_ERROR, SN_CSV_MAPPING_ERROR_COLUMNS);
  g_assert_cmpstr (error->message, ==,
                   "The header has no column for the required field “requested_datetime” "
                   "(looked for: CreatedDate)");
}

/* The shipped MyLA311 mapping reads the first row of both real exports. */
static void
test_mapping_myla311 (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "import",
                                                 "myla311.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SnCsvMapping) m = sn_csv_mapping_load_file (path, &error);
  g_autoptr (GPtrArray) h2017 = NULL;
  g_autoptr (GPtrArray) h2020 = NULL;
  g_autofree char *r2017 = NULL;
  g_autofree char *r2020 = NULL;

  g_assert_no_error (error);
  h2017 = split ("SRNumber,CreatedDate,UpdatedDate,ActionTaken,Owner,RequestType,Status,"
                 "RequestSource,MobileOS,Anonymous,AssignTo,ServiceDate,ClosedDate,"
                 "AddressVerified,ApproximateAddress,Address,HouseNumber,Direction,StreetName,"
                 "Suffix,ZipCode,Latitude,Longitude,Location,TBMPage,TBMColumn,TBMRow,APC,CD,"
                 "CDMember,NC,NCName,PolicePrecinct");
  g_assert_true (sn_csv_mapping_bind (m, h2017, &error));
  r2017 = convert (m,
                   "1-870704831,12/31/2017 11:59:58 PM,04/09/2018 09:25:28 AM,SR Created,BOS,"
                   "Homeless Encampment,Closed,Call,,N,NC,01/05/2018 12:00:00 AM,04/09/2018 "
                   "09:18:35 AM,Y,N,\"2111 W BELLEVUE AVE, 90026\",2111,W,BELLEVUE,AVE,90026,"
                   "34.073216645,-118.266861909,\"(34.073216645, -118.266861909)\",634,D,1,East "
                   "Los Angeles APC,13,Mitch O'Farrell,44,GREATER ECHO PARK ELYSIAN NC,RAMPART",
                   NULL);
  g_assert_cmpstr (r2017, ==,
                   "{\"service_request_id\":\"1-870704831\",\"service_code\":\"homeless-"
                   "encampment\",\"service_name\":\"Homeless Encampment\",\"state\":\"closed\","
                   "\"channel\":\"phone\",\"agency_responsible\":\"BOS\",\"district\":\"44\","
                   "\"address\":\"2111 W BELLEVUE AVE, 90026\",\"lat\":\"34.073216645\","
                   "\"long\":\"-118.266861909\",\"requested_datetime\":\"2018-01-01T07:59:58Z\","
                   "\"updated_datetime\":\"2018-04-09T16:25:28Z\",\"closed_datetime\":"
                   "\"2018-04-09T16:18:35Z\"}");
  h2020 = split ("srnumber,requesttype,status,actiontaken,createddate,updateddate,servicedate,"
                 "closeddate,requestsource,owner,createdbyuserorganization,mobileos,anonymous,"
                 "assignto,latitude,longitude,address,zipcode,apc,cd,cdmember,nc,ncname,"
                 "policeprecinct");
  g_assert_true (sn_csv_mapping_bind (m, h2020, &error));
  r2020 = convert (m,
                   "1-1523591123,Metal/Household Appliances,Pending,SR Created,1/1/20 0:21,"
                   "1/3/20 15:54,1/3/20 0:00,,Mobile App,BOS,Self Service,Android,N,NC,"
                   "34.07243977,-118.2877979,\"132 S WESTMORELAND AVE, 90004\",90004,Central "
                   "APC,13,Mitch O'Farrell,53,RAMPART VILLAGE NC,OLYMPIC",
                   NULL);
  g_assert_cmpstr (r2020, ==,
                   "{\"service_request_id\":\"1-1523591123\",\"service_code\":\"metal-household-"
                   "appliances\",\"service_name\":\"Metal/Household Appliances\",\"state\":"
                   "\"accepted\",\"channel\":\"app\",\"agency_responsible\":\"BOS\","
                   "\"district\":\"53\",\"address\":\"132 S WESTMORELAND AVE, 90004\","
                   "\"lat\":\"34.07243977\",\"long\":\"-118.2877979\",\"requested_datetime\":"
                   "\"2020-01-01T08:21:00Z\",\"updated_datetime\":\"2020-01-03T23:54:00Z\"}");
}

int
main (int argc, char **argv)
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests write no file, and GLib 2.74 leaks the
   * directories it makes for each test, which LeakSanitizer reports. */
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/basic", test_csv_basic);
  g_test_add_func ("/csv/quotes", test_csv_quotes);
  g_test_add_func ("/csv/encoding", test_csv_encoding);
  g_test_add_func ("/csv/sniff", test_csv_sniff);
  g_test_add_func ("/csv/time/patterns", test_time_patterns);
  g_test_add_func ("/csv/time/errors", test_time_errors);
  g_test_add_func ("/csv/mapping/convert", test_mapping_convert);
  g_test_add_func ("/csv/mapping/rows", test_mapping_rows);
  g_test_add_func ("/csv/mapping/invalid", test_mapping_invalid);
  g_test_add_func ("/csv/mapping/missing-column", test_mapping_missing_column);
  g_test_add_func ("/csv/mapping/myla311", test_mapping_myla311);
  return g_test_run ();
}
