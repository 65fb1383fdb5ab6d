/* test-hub-tiles.c — /v1/tiles from an MBTiles file and /v1/districts from a city pack,
 * against data/protocol/README.md
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sn-test-hub.h"
#include "sn-test-mbtiles.h"

#define MAX_ZOOM 10
#define BEIJING_POPULATION 21893095

typedef struct
{
  char *dir; /* holds the MBTiles file */
  char *mbtiles;
  SnTestHub *hub;
  char *supervisor, *official, *manager, *ingest;
} Fixture;

/* What a GET answered, body as bytes. */
typedef struct
{
  guint status;
  GBytes *body;
  char *etag;
  char *content_type;
  char *cache_control;
} Answer;

static void
answer_clear (Answer *a)
{
  g_clear_pointer (&a->body, g_bytes_unref);
  g_clear_pointer (&a->etag, g_free);
  g_clear_pointer (&a->content_type, g_free);
  g_clear_pointer (&a->cache_control, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  gboolean with_map = GPOINTER_TO_INT (data);
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("shuniu-tiles-XXXXXX", &error);
  g_assert_no_error (error);
  f->mbtiles = g_build_filename (f->dir, "beijing.mbtiles", NULL);
  g_assert_true (sn_test_make_mbtiles (f->mbtiles, MAX_ZOOM, &error));
  g_assert_no_error (error);
  if (with_map)
    {
      const char *args[] = { "--tiles", f->mbtiles, "--city", "beijing", NULL };

      f->hub = sn_test_hub_new (args);
    }
  else
    f->hub = sn_test_hub_new (NULL);
  f->supervisor = sn_test_hub_token (f->hub, "supervisor", "王丽", NULL);
  f->official = sn_test_hub_token (f->hub, "official", "朝阳区政府", "110108,110105");
  f->manager = sn_test_hub_token (f->hub, "manager", "张经理", NULL);
  f->ingest = sn_test_hub_token (f->hub, "ingest", "feed", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sn_test_hub_free (f->hub);
  remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->mbtiles);
  g_free (f->supervisor);
  g_free (f->official);
  g_free (f->manager);
  g_free (f->ingest);
}

static void
fetch (Fixture *f, const char *token, const char *path, const char *if_none_match, Answer *out)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (f->hub->url, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GError) error = NULL;
  SoupMessageHeaders *headers;

  g_assert_nonnull (msg);
  answer_clear (out);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (if_none_match != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match",
                                  if_none_match);
  out->body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  out->status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);
  out->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  out->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  out->cache_control = g_strdup (soup_message_headers_get_one (headers, "Cache-Control"));
}

/* The body of a 200 answer as a JSON object. */
static JsonObject *
answer_object (Answer *a)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (a->body, NULL), g_bytes_get_size (a->body));

  g_assert_cmpuint (a->status, ==, 200);
  return sn_test_parse_object (text);
}

/* ── tiles ─────────────────────────────────────────────────────────────────────── */

/* GET z/x/y answers the blob stored at TMS row 2^z − 1 − y, as a PNG with caching headers. */
static GBytes *
expect_tile (Fixture *f, guint z, guint x, guint y, const char *suffix)
{
  g_autofree char *path = g_strdup_printf ("/v1/tiles/%u/%u/%u%s", z, x, y, suffix);
  g_autoptr (GBytes) blob = sn_test_mbtiles_blob (f->mbtiles, z, x, (1u << z) - 1 - y);
  g_autoptr (GBytes) unflipped = sn_test_mbtiles_blob (f->mbtiles, z, x, y);
  g_auto (Answer) a = { 0 };

  g_assert_nonnull (blob);
  fetch (f, f->supervisor, path, NULL, &a);
  g_assert_cmpuint (a.status, ==, 200);
  g_assert_true (g_bytes_equal (a.body, blob));
  /* Rows are flipped: the row numbered y from the south is another tile (or none). */
  if (y != (1u << z) - 1 - y)
    g_assert_true (unflipped == NULL || !g_bytes_equal (a.body, unflipped));
  g_assert_cmpmem (g_bytes_get_data (a.body, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpstr (a.content_type, ==, "image/png");
  g_assert_cmpstr (a.cache_control, ==, "max-age=86400");
  g_assert_nonnull (a.etag);
  g_assert_true (a.etag[0] == '"' && g_str_has_suffix (a.etag, "\"") && strlen (a.etag) > 8);
  return g_steal_pointer (&a.body);
}

static void
test_tiles (Fixture *f, gconstpointer data)
{
  const guint zooms[] = { 0, 1, 5, 8, MAX_ZOOM };
  /* tile bytes → "z/x/y": a picture seen twice must be the same tile asked twice. */
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                       (GDestroyNotify) g_bytes_unref, g_free);
  guint distinct = 0;

  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      guint z = zooms[i], x0, x1, y0, y1;
      const guint corners[][2] = { { 0, 0 }, { 1, 1 }, { 0, 1 }, { 1, 0 } };

      sn_test_mbtiles_range (z, &x0, &x1, &y0, &y1);
      distinct += (x0 != x1 ? 2 : 1) * (y0 != y1 ? 2 : 1);
      for (guint c = 0; c < G_N_ELEMENTS (corners); c++)
        {
          guint x = corners[c][0] ? x1 : x0, y = corners[c][1] ? y1 : y0;
          g_autofree char *key = g_strdup_printf ("%u/%u/%u", z, x, y);
          g_autoptr (GBytes) tile = expect_tile (f, z, x, y, "");
          g_autoptr (GBytes) png = expect_tile (f, z, x, y, ".png");
          g_autoptr (GBytes) jpg = expect_tile (f, z, x, y, ".jpg");
          const char *before = g_hash_table_lookup (seen, tile);

          g_assert_true (g_bytes_equal (tile, png) && g_bytes_equal (tile, jpg));
          if (before != NULL)
            g_assert_cmpstr (before, ==, key);
          else
            g_hash_table_insert (seen, g_bytes_ref (tile), g_steal_pointer (&key));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, distinct);
  g_assert_cmpuint (distinct, >=, 5);
}

static void
test_etag (Fixture *f, gconstpointer data)
{
  guint x0, x1, y0, y1;
  g_autofree char *path = NULL;
  g_autofree char *other_path = NULL;
  g_autofree char *list = NULL;
  g_autofree char *weak = NULL;
  g_auto (Answer) a = { 0 };
  g_auto (Answer) b = { 0 };
  g_auto (Answer) other = { 0 };

  sn_test_mbtiles_range (MAX_ZOOM, &x0, &x1, &y0, &y1);
  path = g_strdup_printf ("/v1/tiles/%u/%u/%u", MAX_ZOOM, x0, y0);
  other_path = g_strdup_printf ("/v1/tiles/%u/%u/%u", MAX_ZOOM, x1, y1);
  fetch (f, f->supervisor, path, NULL, &a);
  g_assert_cmpuint (a.status, ==, 200);
  fetch (f, f->supervisor, other_path, NULL, &other);
  g_assert_cmpuint (other.status, ==, 200);
  g_assert_cmpstr (a.etag, !=, other.etag);

  /* The same tile again: the same strong tag; sent back, 304 and no body. */
  fetch (f, f->manager, path, NULL, &b);
  g_assert_cmpstr (b.etag, ==, a.etag);
  fetch (f, f->supervisor, path, a.etag, &b);
  g_assert_cmpuint (b.status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (b.body), ==, 0);
  g_assert_cmpstr (b.etag, ==, a.etag);
  list = g_strdup_printf ("\"nope\", %s", a.etag);
  fetch (f, f->supervisor, path, list, &b);
  g_assert_cmpuint (b.status, ==, 304);
  weak = g_strdup_printf ("W/%s", a.etag);
  fetch (f, f->supervisor, path, weak, &b);
  g_assert_cmpuint (b.status, ==, 304);
  /* Another tile's tag does not match. */
  fetch (f, f->supervisor, path, other.etag, &b);
  g_assert_cmpuint (b.status, ==, 200);
  g_assert_true (g_bytes_equal (b.body, a.body));
}

static void
test_missing (Fixture *f, gconstpointer data)
{
  guint x0, x1, y0, y1;
  g_autofree char *beyond = NULL;
  g_auto (Answer) a = { 0 };

  /* Outside the area, and inside it but above the file's zoom levels: 404, empty body. */
  fetch (f, f->supervisor, "/v1/tiles/3/0/0", NULL, &a);
  g_assert_cmpuint (a.status, ==, 404);
  g_assert_cmpuint (g_bytes_get_size (a.body), ==, 0);
  sn_test_mbtiles_range (MAX_ZOOM + 1, &x0, &x1, &y0, &y1);
  beyond = g_strdup_printf ("/v1/tiles/%u/%u/%u.png", MAX_ZOOM + 1, x0, y0);
  fetch (f, f->supervisor, beyond, NULL, &a);
  g_assert_cmpuint (a.status, ==, 404);
  g_assert_cmpuint (g_bytes_get_size (a.body), ==, 0);
  fetch (f, f->supervisor, "/v1/tiles/30/1073741823/1073741823", NULL, &a);
  g_assert_cmpuint (a.status, ==, 404);
}

static void
test_bad_paths (Fixture *f, gconstpointer data)
{
  const char *const paths[] = {
    "/v1/tiles/a/b/c",           "/v1/tiles/-1/0/0",        "/v1/tiles/1/-1/0",
    "/v1/tiles/1/0/-1",          "/v1/tiles/1/2/0",         "/v1/tiles/1/0/2",
    "/v1/tiles/0/1/0",           "/v1/tiles/31/0/0",        "/v1/tiles/30/1073741824/0",
    "/v1/tiles/99999999999/0/0", "/v1/tiles/1/0",           "/v1/tiles/1/0/0/0",
    "/v1/tiles/1/0/0.gif",       "/v1/tiles/1/0/",          "/v1/tiles/1//0",
    "/v1/tiles/+1/0/0",          "/v1/tiles/1/0/0.png.png", "/v1/tiles/1/0x1/0",
    "/v1/tiles/1/%201/0",        "/v1/tiles/1.5/0/0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_test_message ("%s", paths[i]);
      sn_test_expect_error (f->hub, "GET", paths[i], f->supervisor, NULL, 400, "bad_field");
    }
  /* The same checks come after the token's. */
  sn_test_expect_error (f->hub, "GET", "/v1/tiles/a/b/c", NULL, NULL, 401, "unauthorized");
}

static void
test_auth (Fixture *f, gconstpointer data)
{
  const char *const paths[] = { "/v1/tiles/0/0/0", "/v1/tiles", "/v1/districts" };
  const char *const readers[] = { f->supervisor, f->official, f->manager };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto (Answer) a = { 0 };

      sn_test_expect_error (f->hub, "GET", paths[i], NULL, NULL, 401, "unauthorized");
      sn_test_expect_error (f->hub, "GET", paths[i], "sn_not-a-real-token", NULL, 401,
                            "unauthorized");
      sn_test_expect_error (f->hub, "GET", paths[i], f->ingest, NULL, 403, "forbidden");
      sn_test_expect_error (f->hub, "POST", paths[i], f->supervisor, "{}", 405, "invalid");
      for (guint r = 0; r < G_N_ELEMENTS (readers); r++)
        {
          fetch (f, readers[r], paths[i], NULL, &a);
          g_assert_cmpuint (a.status, ==, 200);
        }
    }
}

static void
test_metadata (Fixture *f, gconstpointer data)
{
  g_auto (Answer) a = { 0 };
  g_autoptr (JsonObject) meta = NULL;
  g_autoptr (JsonObject) again = NULL;
  JsonArray *bounds;
  const double expected[] = { SN_TEST_MBTILES_WEST, SN_TEST_MBTILES_SOUTH, SN_TEST_MBTILES_EAST,
                              SN_TEST_MBTILES_NORTH };

  fetch (f, f->official, "/v1/tiles", NULL, &a);
  meta = answer_object (&a);
  g_assert_cmpstr (a.content_type, ==, "application/json");
  g_assert_true (json_object_get_boolean_member (meta, "available"));
  g_assert_cmpstr (json_object_get_string_member (meta, "name"), ==, SN_TEST_MBTILES_NAME);
  g_assert_cmpstr (json_object_get_string_member (meta, "format"), ==, "png");
  g_assert_cmpint (json_object_get_int_member (meta, "minzoom"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (meta, "maxzoom"), ==, MAX_ZOOM);
  g_assert_cmpstr (json_object_get_string_member (meta, "attribution"), ==,
                   SN_TEST_MBTILES_ATTRIBUTION);
  bounds = json_object_get_array_member (meta, "bounds");
  g_assert_cmpuint (json_array_get_length (bounds), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (bounds, i), expected[i], 1e-9);
  /* "/v1/tiles/" is the same document. */
  fetch (f, f->official, "/v1/tiles/", NULL, &a);
  again = answer_object (&a);
  g_assert_true (json_object_equal (meta, again));
}

/* ── districts ─────────────────────────────────────────────────────────────────── */

/* Checks a FeatureCollection of normalised districts; returns code → feature properties. */
static GHashTable *
check_districts (JsonObject *collection)
{
  GHashTable *by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) json_object_unref);
  JsonArray *features = json_object_get_array_member (collection, "features");

  g_assert_cmpstr (json_object_get_string_member (collection, "type"), ==, "FeatureCollection");
  g_assert_cmpstr (json_object_get_string_member (collection, "city"), ==, "beijing");
  g_assert_cmpstr (json_object_get_string_member (collection, "attribution"), ==,
                   "Map data: Apache ECharts 4.9.0, Apache-2.0");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *props = json_object_get_object_member (feature, "properties");
      JsonObject *geometry = json_object_get_object_member (feature, "geometry");
      const char *type = json_object_get_string_member (geometry, "type");
      const char *code = json_object_get_string_member (props, "code");

      g_assert_cmpstr (json_object_get_string_member (feature, "type"), ==, "Feature");
      g_assert_true (g_str_equal (type, "Polygon") || g_str_equal (type, "MultiPolygon"));
      g_assert_cmpuint (
          json_array_get_length (json_object_get_array_member (geometry, "coordinates")), >, 0);
      /* Exactly the normalised properties. */
      g_assert_cmpuint (json_object_get_size (props), ==, 3);
      g_assert_nonnull (code);
      g_assert_true (g_str_has_prefix (code, "1101"));
      g_assert_cmpstr (json_object_get_string_member (props, "name"), !=, "");
      g_assert_false (g_hash_table_contains (by_code, code));
      g_hash_table_insert (by_code, g_strdup (code), json_object_ref (props));
    }
  return by_code;
}

static void
test_districts (Fixture *f, gconstpointer data)
{
  g_auto (Answer) a = { 0 };
  g_auto (Answer) b = { 0 };
  g_autoptr (JsonObject) all = NULL;
  g_autoptr (JsonObject) scoped = NULL;
  g_autoptr (GHashTable) by_code = NULL;
  g_autoptr (GHashTable) official = NULL;
  g_autofree char *supervisor_etag = NULL;
  GHashTableIter iter;
  gpointer value;
  gint64 total = 0;
  JsonObject *chaoyang;

  fetch (f, f->supervisor, "/v1/districts", NULL, &a);
  all = answer_object (&a);
  g_assert_cmpstr (a.content_type, ==, "application/geo+json");
  by_code = check_districts (all);
  g_assert_cmpuint (g_hash_table_size (by_code), ==, 16);
  g_hash_table_iter_init (&iter, by_code);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    total += json_object_get_int_member (value, "population");
  g_assert_cmpint (total, ==, BEIJING_POPULATION);
  chaoyang = g_hash_table_lookup (by_code, "110105");
  g_assert_nonnull (chaoyang);
  g_assert_cmpstr (json_object_get_string_member (chaoyang, "name"), ==, "朝阳区");
  g_assert_cmpint (json_object_get_int_member (chaoyang, "population"), ==, 3452460);
  g_assert_true (g_hash_table_contains (by_code, "110119"));

  /* An official sees its two districts only. */
  supervisor_etag = g_strdup (a.etag);
  g_assert_nonnull (supervisor_etag);
  fetch (f, f->official, "/v1/districts", NULL, &b);
  scoped = answer_object (&b);
  official = check_districts (scoped);
  g_assert_cmpuint (g_hash_table_size (official), ==, 2);
  g_assert_true (g_hash_table_contains (official, "110105"));
  g_assert_true (g_hash_table_contains (official, "110108"));
  g_assert_cmpstr (b.etag, !=, supervisor_etag);

  /* ETag: 304 for the same scope; another scope's tag gets the document. */
  fetch (f, f->manager, "/v1/districts", supervisor_etag, &a);
  g_assert_cmpuint (a.status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (a.body), ==, 0);
  fetch (f, f->official, "/v1/districts", supervisor_etag, &a);
  g_assert_cmpuint (a.status, ==, 200);
  g_assert_cmpstr (a.etag, ==, b.etag);
  fetch (f, f->official, "/v1/districts", b.etag, &a);
  g_assert_cmpuint (a.status, ==, 304);
}

/* A hub with neither --tiles nor --city. */
static void
test_no_map (Fixture *f, gconstpointer data)
{
  g_auto (Answer) a = { 0 };
  g_autoptr (JsonObject) meta = NULL;
  g_autoptr (JsonObject) districts = NULL;

  fetch (f, f->supervisor, "/v1/tiles", NULL, &a);
  meta = answer_object (&a);
  g_assert_false (json_object_get_boolean_member (meta, "available"));
  fetch (f, f->supervisor, "/v1/tiles/0/0/0", NULL, &a);
  g_assert_cmpuint (a.status, ==, 404);
  g_assert_cmpuint (g_bytes_get_size (a.body), ==, 0);
  sn_test_expect_error (f->hub, "GET", "/v1/tiles/x/0/0", f->supervisor, NULL, 400, "bad_field");
  fetch (f, f->supervisor, "/v1/districts", NULL, &a);
  districts = answer_object (&a);
  g_assert_cmpstr (json_object_get_string_member (districts, "type"), ==, "FeatureCollection");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (districts, "features")),
                    ==, 0);
}

/* serve --simulate serves the simulated city's districts without --city. */
static void
test_simulate_city (void)
{
  const char *args[] = { "--simulate", "normal", NULL };
  g_autoptr (SnTestHub) hub = sn_test_hub_new (args);
  g_autofree char *token = sn_test_hub_token (hub, "supervisor", "王丽", NULL);
  g_autoptr (JsonObject) all = sn_test_get_object (hub, token, "/v1/districts", 200);
  g_autoptr (GHashTable) by_code = check_districts (all);

  g_assert_cmpuint (g_hash_table_size (by_code), ==, 16);
}

/* ── refusing to start ─────────────────────────────────────────────────────────── */

typedef struct
{
  gboolean done;
  char *err;
} Communicated;

static void
communicated_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Communicated *c = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, &c->err, NULL);
  c->done = TRUE;
}

/* Runs "serve" with @args; asserts it exits non-zero (within 10 s) with @message on stderr. */
static void
expect_refusal (const char *dir, const char *data_dir, const char *const *args, const char *message)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  Communicated c = { 0 };

  if (data_dir != NULL)
    g_subprocess_launcher_setenv (launcher, "SHUNIU_DATA_DIR", data_dir, TRUE);
  g_ptr_array_add (argv, g_strdup (sn_test_hub_binary ()));
  g_ptr_array_add (argv, g_strdup ("serve"));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_build_filename (dir, "refused.db", NULL));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1:0"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicated_cb, &c);
  sn_test_run_until (&c.done, 10000);
  if (!c.done)
    {
      g_subprocess_force_exit (proc);
      g_error ("serve %s did not refuse to start", args[1]);
    }
  g_subprocess_wait (proc, NULL, NULL);
  g_test_message ("stderr: %s", c.err);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), !=, 0);
  g_assert_nonnull (c.err);
  if (strstr (c.err, message) == NULL)
    g_error ("stderr “%s” does not say “%s”", c.err, message);
  g_free (c.err);
}

static void
make_sqlite (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
make_pack (const char *data_dir, const char *city, const char *file, const char *contents)
{
  g_autofree char *dir = g_build_filename (data_dir, "cities", city, NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_refusals (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shuniu-tiles-XXXXXX", &error);
  g_autofree char *text = g_build_filename (dir, "text.mbtiles", NULL);
  g_autofree char *no_tiles = g_build_filename (dir, "no-tiles.mbtiles", NULL);
  g_autofree char *bad_columns = g_build_filename (dir, "bad-columns.mbtiles", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.mbtiles", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  const char *geojson_good = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                             "\"properties\":{\"adcode\":\"1\"},\"geometry\":{\"type\":\"Polygon\","
                             "\"coordinates\":[[[116,39],[117,39],[117,40],[116,39]]]}}]}";

  g_assert_no_error (error);
  g_file_set_contents (text, "This is not a database, only some text for the test.", -1, &error);
  g_assert_no_error (error);
  make_sqlite (no_tiles, "CREATE TABLE metadata (name TEXT, value TEXT)");
  make_sqlite (bad_columns, "CREATE TABLE tiles (z INTEGER, x INTEGER, y INTEGER, data BLOB)");
  make_pack (data_dir, "broken", "districts.geojson", "{\"type\":\"FeatureCollection\",\"feat");
  make_pack (data_dir, "nocode", "districts.geojson", geojson_good);
  make_pack (data_dir, "nocode", "pack.json", "{\"code_key\": \"id\"}");
  make_pack (data_dir, "badpack", "districts.geojson", geojson_good);
  make_pack (data_dir, "badpack", "pack.json", "[1, 2");
  make_pack (data_dir, "noboundaries", "hotline.json", "{}");

  {
    const char *a[] = { "--tiles", missing, NULL };
    expect_refusal (dir, NULL, a, "does not exist");
  }
  {
    const char *a[] = { "--tiles", text, NULL };
    expect_refusal (dir, NULL, a, "is not an MBTiles file");
  }
  {
    const char *a[] = { "--tiles", no_tiles, NULL };
    expect_refusal (dir, NULL, a, "tiles” table");
  }
  {
    const char *a[] = { "--tiles", bad_columns, NULL };
    expect_refusal (dir, NULL, a, "lacks the MBTiles columns");
  }
  {
    const char *a[] = { "--city", "atlantis", NULL };
    expect_refusal (dir, NULL, a, "No city pack “atlantis”");
  }
  {
    const char *a[] = { "--city", "../beijing", NULL };
    expect_refusal (dir, NULL, a, "is not a city pack name");
  }
  {
    const char *a[] = { "--city", "broken", NULL };
    expect_refusal (dir, data_dir, a, "Cannot load the districts of city pack “broken”");
  }
  {
    const char *a[] = { "--city", "nocode", NULL };
    expect_refusal (dir, data_dir, a, "Cannot load the districts of city pack “nocode”");
  }
  {
    const char *a[] = { "--city", "badpack", NULL };
    expect_refusal (dir, data_dir, a, "pack.json is not valid");
  }
  {
    const char *a[] = { "--city", "noboundaries", NULL };
    expect_refusal (dir, data_dir, a, "districts.geojson");
  }
  remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn, with_map)                                                                    \
  g_test_add ("/hub/tiles/" path, Fixture, GINT_TO_POINTER (with_map), fixture_setup, fn,          \
              fixture_teardown)
  ADD ("tiles", test_tiles, TRUE);
  ADD ("etag", test_etag, TRUE);
  ADD ("missing", test_missing, TRUE);
  ADD ("bad-paths", test_bad_paths, TRUE);
  ADD ("auth", test_auth, TRUE);
  ADD ("metadata", test_metadata, TRUE);
  ADD ("districts", test_districts, TRUE);
  ADD ("no-map", test_no_map, FALSE);
#undef ADD
  g_test_add_func ("/hub/tiles/simulate-city", test_simulate_city);
  g_test_add_func ("/hub/tiles/refusals", test_refusals);
  return g_test_run ();
}
