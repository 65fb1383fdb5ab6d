/* test-hub-import.c — "shuniu-hub import" of real MyLA311 CSV and Chicago Open311 JSON into
 * a real hub, checked over REST
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expected figures come from the fixtures in tests/data/la/ (see the README there):
 * la311_2017_fixture.csv has 174 rows (23 Cancelled), la311_2020_fixture.csv 178 (26
 * Cancelled).
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sn-test-hub.h"

#define N_2017 151 /* rows that are not Cancelled */
#define N_2020 152

typedef struct
{
  SnTestHub *hub;
  char *supervisor;
  char *token_file;
} Fixture;

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *ingest = NULL;

  f->hub = sn_test_hub_new (NULL);
  f->supervisor = sn_test_hub_token (f->hub, "supervisor", "checker", NULL);
  ingest = sn_test_hub_token (f->hub, "ingest", "feed", NULL);
  f->token_file = g_build_filename (f->hub->dir, "ingest.token", NULL);
  g_assert_true (g_file_set_contents (f->token_file, ingest, -1, NULL));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_unlink (f->token_file);
  sn_test_hub_free (f->hub);
  g_free (f->supervisor);
  g_free (f->token_file);
}

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "la", name, NULL);
}

static char *
mapping_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "import", "myla311.json", NULL);
}

/* shuniu-hub import @args…; the arguments are a NULL-terminated list. */
static void
run_import (Run *r, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  va_list args;
  const char *arg;
  int wait_status;

  run_clear (r);
  g_ptr_array_add (argv, (char *) sn_test_hub_binary ());
  g_ptr_array_add (argv, "import");
  va_start (args, r);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  g_test_message ("exit %d (signal %d)\nstdout:\n%s\nstderr:\n%s", r->status,
                  WIFSIGNALED (wait_status) ? WTERMSIG (wait_status) : 0, r->out, r->err);
}

static void
assert_has (const char *text, const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not found in:\n%s", part, text);
}

static void
import_la_fixtures (Fixture *f, Run *r)
{
  g_autofree char *y2017 = fixture_path ("la311_2017_fixture.csv");
  g_autofree char *y2020 = fixture_path ("la311_2020_fixture.csv");
  g_autofree char *mapping = mapping_path ();

  run_import (r, y2017, y2020, "--mapping", mapping, "--hub", f->hub->url, "--token-file",
              f->token_file, "--batch", "50", NULL);
}

static guint
count_tickets (Fixture *f)
{
  g_autoptr (GHashTable) versions = sn_test_ticket_versions (f->hub, f->supervisor);

  return g_hash_table_size (versions);
}

/* The number of work orders GET /v1/tickets?@query lists (one page of up to 1000). */
static guint
count_listed (Fixture *f, const char *query)
{
  g_autofree char *path = g_strconcat ("/v1/tickets?limit=1000&", query, NULL);
  g_autoptr (JsonObject) page = sn_test_get_object (f->hub, f->supervisor, path, 200);

  g_assert_true (json_object_get_null_member (page, "next_cursor"));
  return json_array_get_length (json_object_get_array_member (page, "tickets"));
}

static void
assert_ticket (Fixture *f, const char *id, const char *spec)
{
  g_autoptr (JsonObject) t = sn_test_get_ticket (f->hub, f->supervisor, id);

  sn_test_assert_members (t, spec);
}

/* The hub keeps 6 decimals (about 0.1 m). */
static void
assert_location (Fixture *f, const char *id, double lat, double lon)
{
  g_autoptr (JsonObject) t = sn_test_get_ticket (f->hub, f->supervisor, id);

  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t, "lat"), lat, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t, "long"), lon, 1e-6);
  g_assert_cmpstr (json_object_get_string_member (t, "service_name"), !=, NULL);
}

/* ── tests ─────────────────────────────────────────────────────────────────────── */

static void
test_la_fixtures (Fixture *f, gconstpointer data)
{
  Run r = { 0 };

  import_la_fixtures (f, &r);
  g_assert_cmpint (r.status, ==, 0);
  assert_has (r.out, "Rows read: 352 from 2 files\n");
  assert_has (r.out, "Sent: 303 in 7 batches\n");
  assert_has (r.out, "Applied: 303\n");
  assert_has (r.out, "Unchanged: 0\n");
  assert_has (r.out, "Skipped: 49 (cancelled 49)\n");
  assert_has (r.out, "Rejected: 0 (bad rows: 0, by the hub: 0)\n");
  g_assert_cmpuint (count_tickets (f), ==, N_2017 + N_2020);

  /* 2017 format, 12-hour clock; created in winter (UTC−8), updated in April (UTC−7). The hub
   * stamps closed_datetime with updated_datetime. */
  assert_ticket (f, "1-870704831",
                 "requested_datetime=\"2018-01-01T07:59:58Z\" "
                 "updated_datetime=\"2018-04-09T16:25:28Z\" "
                 "closed_datetime=\"2018-04-09T16:25:28Z\" state=\"closed\" status=\"closed\" "
                 "district=\"44\" channel=\"phone\" units=[\"BOS\"] "
                 "service_code=\"homeless-encampment\"");
  assert_location (f, "1-870704831", 34.073216645, -118.266861909);
  /* 2020 format, M/D/YY H:MM. */
  assert_ticket (f, "1-1523590121",
                 "requested_datetime=\"2020-01-01T08:05:00Z\" "
                 "updated_datetime=\"2020-01-02T16:43:00Z\" state=\"closed\" district=\"19\" "
                 "channel=\"phone\" service_code=\"illegal-dumping-pickup\"");
  assert_location (f, "1-1523590121", 34.19402846, -118.4994716);
  /* Open → dispatched, Pending → accepted, Referred Out → closed; Self Service → web. */
  assert_ticket (f, "1-870562171", "state=\"dispatched\" channel=\"web\" district=\"8\"");
  assert_ticket (f, "1-1523650828",
                 "state=\"accepted\" channel=\"app\" district=\"115\" "
                 "requested_datetime=\"2020-01-01T19:39:00Z\"");
  assert_ticket (f, "1-1523617721", "state=\"closed\" district=\"73\"");
  /* No coordinates in the file: no location, the district all the same. */
  {
    g_autoptr (JsonObject) t = sn_test_get_ticket (f->hub, f->supervisor, "1-870683382");

    g_assert_false (json_object_has_member (t, "lat"));
    sn_test_assert_members (t, "district=\"13\"");
  }
  /* Filters over REST: per council, and per state. */
  g_assert_cmpuint (count_listed (f, "district=44"), ==, 3 + 5);
  g_assert_cmpuint (count_listed (f, "district=21"), ==, 24 + 15);
  g_assert_cmpuint (count_listed (f, "state=accepted"), ==, 15);
  g_assert_cmpuint (count_listed (f, "state=dispatched"), ==, 5 + 16);
  g_assert_cmpuint (count_listed (f, "category=bulky-items"), >, 0);
  run_clear (&r);
}

static void
test_reimport_unchanged (Fixture *f, gconstpointer data)
{
  Run r = { 0 };

  import_la_fixtures (f, &r);
  g_assert_cmpint (r.status, ==, 0);
  import_la_fixtures (f, &r);
  g_assert_cmpint (r.status, ==, 0);
  assert_has (r.out, "Applied: 0\n");
  assert_has (r.out, "Unchanged: 303\n");
  g_assert_cmpuint (count_tickets (f), ==, N_2017 + N_2020);
  run_clear (&r);
}

static void
test_chicago_json (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", "requests",
                                                 "chicago-open311-sample.json", NULL);
  Run r = { 0 };

  /* No mapping needed for Open311 JSON. */
  run_import (&r, path, "--hub", f->hub->url, "--token-file", f->token_file, NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_has (r.out, "Rows read: 50 from 1 file\n");
  assert_has (r.out, "Applied: 50\n");
  g_assert_cmpuint (count_tickets (f), ==, 50);
  assert_ticket (f, "14-00684314",
                 "state=\"closed\" channel=\"phone\" requested_datetime=\"2014-05-10T00:02:21Z\"");
  run_clear (&r);
}

static void
test_bad_rows_report (Fixture *f, gconstpointer data)
{
  g_autofree char *broken = fixture_path ("la311_2020_broken.csv");
  g_autofree char *mapping = mapping_path ();
  Run r = { 0 };
  g_autoptr (JsonObject) multiline = NULL;
  g_autoptr (JsonObject) no_location = NULL;

  run_import (&r, broken, "--mapping", mapping, "--hub", f->hub->url, "--token-file", f->token_file,
              NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_has (r.out, "la311_2020_broken.csv:3: 1-1523591123: Unparseable date “13/45/20 0:21” in "
                     "column createddate");
  assert_has (r.out, "la311_2020_broken.csv:4: (no id): Missing service_request_id (column "
                     "srnumber is empty)\n");
  assert_has (r.out, "la311_2020_broken.csv:5: 1-1523590121: Duplicate id (first at "
                     "la311_2020_broken.csv:2)\n");
  assert_has (r.out, "la311_2020_broken.csv:6: 1-9000000001: Bad number “34.1x” in column "
                     "latitude (for lat)\n");
  assert_has (r.out, "la311_2020_broken.csv:7: 1-9000000002: Unknown value “Escalated” in "
                     "column status (for state)\n");
  assert_has (r.out, "la311_2020_broken.csv:8: 1-9000000003: The row has 6 fields, the header "
                     "24\n");
  assert_has (r.out, "la311_2020_broken.csv:13: 1-9000000007: Unparseable date “2/30/20 9:00” "
                     "in column closeddate");
  assert_has (r.out, "la311_2020_broken.csv:14: 1-9000000008: Fields “lat” and “long” are out "
                     "of range\n");
  g_assert_null (strstr (r.out, "broken.csv:9:")); /* cancelled: counted, not listed */
  g_assert_null (strstr (r.out, "broken.csv:10:")); /* good, over two lines */
  g_assert_null (strstr (r.out, "broken.csv:12:")); /* good, at 0,0 */
  assert_has (r.out, "Rows read: 12 from 1 file\n");
  assert_has (r.out, "Applied: 3\n");
  assert_has (r.out, "Skipped: 1 (cancelled 1)\n");
  assert_has (r.out, "Rejected: 8 (bad rows: 8, by the hub: 0)\n");
  g_assert_cmpuint (count_tickets (f), ==, 3);
  /* A quoted address with a line break and quotes inside. */
  multiline = sn_test_get_ticket (f->hub, f->supervisor, "1-9000000005");
  g_assert_cmpstr (json_object_get_string_member (multiline, "address"), ==,
                   "200 N SPRING ST\n(CITY HALL), \"EAST\" SIDE, 90012");
  /* 0,0 is no location. */
  no_location = sn_test_get_ticket (f->hub, f->supervisor, "1-9000000006");
  sn_test_assert_members (no_location, "state=\"accepted\" channel=\"other\" district=\"8\"");
  g_assert_false (json_object_has_member (no_location, "lat"));
  run_clear (&r);
}

/* A row the file finds good but the hub does not take: reported with its line too. */
static void
test_hub_problems (Fixture *f, gconstpointer data)
{
  g_autofree char *mapping = mapping_path ();
  g_autofree char *older = g_build_filename (f->hub->dir, "older.csv", NULL);
  Run r = { 0 };

  import_la_fixtures (f, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_set_contents (
      older,
      "SRNumber,CreatedDate,UpdatedDate,RequestType,Status,NC\r\n"
      "1-870704831,12/31/2017 11:59:58 PM,01/01/2018 09:00:00 AM,Homeless Encampment,Open,44\r\n"
      "1-000000001,12/31/2017 11:00:00 PM,01/01/2018 09:00:00 AM,Bulky Items,Open,44\r\n",
      -1, NULL));
  run_import (&r, older, "--mapping", mapping, "--hub", f->hub->url, "--token-file", f->token_file,
              NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_has (r.out, "older.csv:2: 1-870704831: the hub answered stale: ");
  assert_has (r.out, "Applied: 1\n");
  assert_has (r.out, "Skipped: 1 (stale 1)\n");
  /* The stored work order kept its newer state. */
  assert_ticket (f, "1-870704831", "state=\"closed\"");
  g_unlink (older);
  run_clear (&r);
}

static void
test_dry_run (Fixture *f, gconstpointer data)
{
  g_autofree char *y2017 = fixture_path ("la311_2017_fixture.csv");
  g_autofree char *mapping = mapping_path ();
  Run r = { 0 };

  run_import (&r, y2017, "--mapping", mapping, "--dry-run", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_has (r.out, "Dry run: 151 valid records, nothing sent.\n");
  assert_has (r.out, "Sent: 0 in 0 batches\n");
  g_assert_cmpuint (count_tickets (f), ==, 0);
  run_clear (&r);
}

/* --db: an in-process hub over the database, with a token that is revoked afterwards. */
static void
test_db (Fixture *f, gconstpointer data)
{
  g_autofree char *y2017 = fixture_path ("la311_2017_fixture.csv");
  g_autofree char *mapping = mapping_path ();
  const char *list[] = { sn_test_hub_binary (), "token", "list", "--db", f->hub->db, NULL };
  g_autofree char *tokens = NULL;
  g_auto (GStrv) lines = NULL;
  Run r = { 0 };
  guint import_tokens = 0;

  sn_test_hub_stop (f->hub);
  run_import (&r, y2017, "--mapping", mapping, "--db", f->hub->db, NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_has (r.out, "Applied: 151\n");
  g_assert_true (g_spawn_sync (NULL, (char **) list, NULL, G_SPAWN_DEFAULT, NULL, NULL, &tokens,
                               NULL, NULL, NULL));
  lines = g_strsplit (tokens, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* ID ROLE NAME CREATED(date time) REVOKED(date time, or "-") DISTRICTS */
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
      g_auto (GStrv) columns = NULL;

      for (guint w = 0; words[w] != NULL; w++)
        if (*words[w] != '\0')
          g_strv_builder_add (b, words[w]);
      columns = g_strv_builder_end (b);
      if (g_strv_length (columns) >= 3 && g_str_equal (columns[2], "import"))
        {
          import_tokens++;
          g_assert_cmpstr (columns[1], ==, "ingest");
          g_assert_cmpuint (g_strv_length (columns), ==, 8); /* revoked: a date and a time */
        }
    }
  g_assert_cmpuint (import_tokens, ==, 1);
  sn_test_hub_start (f->hub);
  g_assert_cmpuint (count_tickets (f), ==, N_2017);
  assert_ticket (f, "1-870704831", "district=\"44\" state=\"closed\"");
  run_clear (&r);
}

static void
test_unusable_input (Fixture *f, gconstpointer data)
{
  g_autofree char *y2017 = fixture_path ("la311_2017_fixture.csv");
  g_autofree char *mapping = mapping_path ();
  g_autofree char *binary = g_build_filename (f->hub->dir, "data.bin", NULL);
  g_autofree char *bad_mapping = g_build_filename (f->hub->dir, "bad-mapping.json", NULL);
  g_autofree char *no_date = g_build_filename (f->hub->dir, "no-date.csv", NULL);
  Run r = { 0 };

  g_assert_true (g_file_set_contents (binary, "PK\003\004\0\0\0", 7, NULL));
  g_assert_true (g_file_set_contents (bad_mapping, "{\"fields\": {\"colour\": {}}}", -1, NULL));
  g_assert_true (g_file_set_contents (
      no_date, "SRNumber,RequestType,Status\n1-1,Bulky Items,Open\n", -1, NULL));

  run_import (&r, y2017, "--hub", f->hub->url, "--token-file", f->token_file, NULL);
  g_assert_cmpint (r.status, !=, 0);
  assert_has (r.err, "importing CSV needs --mapping");
  run_import (&r, binary, "--hub", f->hub->url, "--token-file", f->token_file, NULL);
  g_assert_cmpint (r.status, !=, 0);
  assert_has (r.err, "is neither CSV nor an Open311 JSON array");
  run_import (&r, y2017, "--mapping", bad_mapping, "--hub", f->hub->url, "--token-file",
              f->token_file, NULL);
  g_assert_cmpint (r.status, !=, 0);
  assert_has (r.err, "Mapping field “colour”: not a field of an ingest record");
  /* A good file, then one without a required column: nothing at all is sent. */
  run_import (&r, y2017, no_date, "--mapping", mapping, "--hub", f->hub->url, "--token-file",
              f->token_file, NULL);
  g_assert_cmpint (r.status, !=, 0);
  assert_has (r.err, "no-date.csv: The header has no column for the required field "
                     "“requested_datetime” (looked for: CreatedDate)");
  assert_has (r.err, "Nothing was sent.");
  run_import (&r, y2017, "--mapping", mapping, NULL);
  g_assert_cmpint (r.status, !=, 0);
  assert_has (r.err, "either --hub URL --token-file FILE, or --db PATH");
  g_assert_cmpuint (count_tickets (f), ==, 0);
  g_unlink (binary);
  g_unlink (bad_mapping);
  g_unlink (no_date);
  run_clear (&r);
}

static void
test_hub_refuses (Fixture *f, gconstpointer data)
{
  g_autofree char *y2017 = fixture_path ("la311_2017_fixture.csv");
  g_autofree char *mapping = mapping_path ();
  g_autofree char *wrong = g_build_filename (f->hub->dir, "wrong.token", NULL);
  g_autofree char *supervisor = g_build_filename (f->hub->dir, "supervisor.token", NULL);
  Run r = { 0 };

  g_assert_true (g_file_set_contents (wrong, "sn_not-a-token\n", -1, NULL));
  g_assert_true (g_file_set_contents (supervisor, f->supervisor, -1, NULL));
  run_import (&r, y2017, "--mapping", mapping, "--hub", f->hub->url, "--token-file", wrong, NULL);
  g_assert_cmpint (r.status, !=, 0);
  assert_has (r.err, "The hub refused the token (401 ");
  assert_has (r.err, "was not applied");
  run_import (&r, y2017, "--mapping", mapping, "--hub", f->hub->url, "--token-file", supervisor,
              NULL);
  g_assert_cmpint (r.status, !=, 0);
  assert_has (r.err, "The hub refused the token (403 ");
  g_assert_cmpuint (count_tickets (f), ==, 0);
  /* Nobody listening. */
  sn_test_hub_stop (f->hub);
  run_import (&r, y2017, "--mapping", mapping, "--hub", f->hub->url, "--token-file", f->token_file,
              NULL);
  g_assert_cmpint (r.status, !=, 0);
  assert_has (r.err, "Cannot reach the hub at ");
  g_unlink (wrong);
  g_unlink (supervisor);
  run_clear (&r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/hub/import/la-fixtures", test_la_fixtures);
  ADD ("/hub/import/reimport-unchanged", test_reimport_unchanged);
  ADD ("/hub/import/chicago-json", test_chicago_json);
  ADD ("/hub/import/bad-rows-report", test_bad_rows_report);
  ADD ("/hub/import/hub-problems", test_hub_problems);
  ADD ("/hub/import/dry-run", test_dry_run);
  ADD ("/hub/import/db", test_db);
  ADD ("/hub/import/unusable-input", test_unusable_input);
  ADD ("/hub/import/hub-refuses", test_hub_refuses);
#undef ADD
  return g_test_run ();
}
