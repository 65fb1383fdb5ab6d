/* sn-hub-tiles.c — raster tiles from an MBTiles file at /v1/tiles/{z}/{x}/{y}
 *
 * The file is opened read-only once, at start; each request runs one prepared statement on
 * the main loop (an indexed lookup of a blob of a few kilobytes). Rows are TMS
 * (counted from the south); the URL counts from the north, like every web map.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <sqlite3.h>

#include "sn-hub-private.h"
#include "sn-hub-tiles.h"

#define TILE_CACHE_CONTROL "max-age=86400"

struct _SnMbtiles
{
  char *path;
  sqlite3 *db;
  sqlite3_stmt *get_tile;
  char *format; /* the metadata "format", lower case, or NULL */
  GBytes *metadata_json;
};

/* ── opening ───────────────────────────────────────────────────────────────────── */

static gboolean
has_table (SnMbtiles *self, const char *name, gboolean *out, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db,
                               "SELECT 1 FROM sqlite_master WHERE name = ?1 "
                               "AND type IN ('table', 'view')",
                               -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LOAD,
                   _ ("The tiles file “%s” is not an MBTiles file (an SQLite database): %s"),
                   self->path, sqlite3_errstr (rc));
      return FALSE;
    }
  *out = rc == SQLITE_ROW;
  return TRUE;
}

static GHashTable *
read_metadata (SnMbtiles *self)
{
  GHashTable *metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT name, value FROM metadata", -1, &stmt, NULL)
      != SQLITE_OK)
    return metadata; /* no metadata table: every member is optional */
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (name != NULL && value != NULL && g_utf8_validate (value, -1, NULL))
        g_hash_table_replace (metadata, g_strdup (name), g_strdup (value));
    }
  sqlite3_finalize (stmt);
  return metadata;
}

/* A zoom level from the metadata, else the lowest (@max FALSE) or highest in the file. */
static gboolean
zoom_level (SnMbtiles *self, GHashTable *metadata, gboolean max, gint64 *out)
{
  const char *text = g_hash_table_lookup (metadata, max ? "maxzoom" : "minzoom");
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;
  guint64 v;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 0, SN_MBTILES_MAX_ZOOM, &v, NULL))
    {
      *out = (gint64) v;
      return TRUE;
    }
  if (sqlite3_prepare_v2 (
          self->db, max ? "SELECT MAX(zoom_level) FROM tiles" : "SELECT MIN(zoom_level) FROM tiles",
          -1, &stmt, NULL)
          == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      *out = CLAMP (sqlite3_column_int64 (stmt, 0), 0, SN_MBTILES_MAX_ZOOM);
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  return found;
}

/* "west,south,east,north" → four numbers, or FALSE. */
static gboolean
parse_bounds (const char *text, double out[4])
{
  g_auto (GStrv) parts = text ? g_strsplit (text, ",", -1) : NULL;

  if (parts == NULL || g_strv_length (parts) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      char *end = NULL;

      out[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
      if (end == parts[i] || *end != '\0' || !isfinite (out[i]))
        return FALSE;
    }
  return TRUE;
}

static void
add_string_or_null (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_zoom (SnMbtiles *self, GHashTable *metadata, JsonBuilder *b, gboolean max)
{
  gint64 z;

  json_builder_set_member_name (b, max ? "maxzoom" : "minzoom");
  if (zoom_level (self, metadata, max, &z))
    json_builder_add_int_value (b, z);
  else
    json_builder_add_null_value (b);
}

static GBytes *
build_metadata_json (SnMbtiles *self, GHashTable *metadata)
{
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  double bounds[4];
  char *text;
  gsize length;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "available");
  json_builder_add_boolean_value (b, TRUE);
  add_string_or_null (b, "name", g_hash_table_lookup (metadata, "name"));
  add_string_or_null (b, "format", self->format);
  add_zoom (self, metadata, b, FALSE);
  add_zoom (self, metadata, b, TRUE);
  json_builder_set_member_name (b, "bounds");
  if (parse_bounds (g_hash_table_lookup (metadata, "bounds"), bounds))
    {
      json_builder_begin_array (b);
      for (guint i = 0; i < 4; i++)
        json_builder_add_double_value (b, bounds[i]);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
  add_string_or_null (b, "attribution", g_hash_table_lookup (metadata, "attribution"));
  json_builder_end_object (b);
  text = sn_json_builder_to_string (b, &length);
  return g_bytes_new_take (text, length);
}

SnMbtiles *
sn_mbtiles_open (const char *path, GError **error)
{
  g_autoptr (SnMbtiles) self = NULL;
  g_autoptr (GHashTable) metadata = NULL;
  gboolean has_tiles = FALSE;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (SnMbtiles, 1);
  self->path = g_strdup (path);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LOAD, _ ("The tiles file “%s” does not exist"),
                   path);
      return NULL;
    }
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LOAD,
                   _ ("Cannot open the tiles file “%s”: %s"), path, sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 200);
  if (!has_table (self, "tiles", &has_tiles, error))
    return NULL;
  if (!has_tiles)
    {
      g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LOAD,
                   _ ("The tiles file “%s” has no “tiles” table: it is not an MBTiles file"), path);
      return NULL;
    }
  rc = sqlite3_prepare_v3 (self->db,
                           "SELECT tile_data FROM tiles WHERE zoom_level = ?1 "
                           "AND tile_column = ?2 AND tile_row = ?3",
                           -1, SQLITE_PREPARE_PERSISTENT, &self->get_tile, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LOAD,
                   _ ("The “tiles” table of “%s” lacks the MBTiles columns (zoom_level, "
                      "tile_column, tile_row, tile_data): %s"),
                   path, sqlite3_errmsg (self->db));
      return NULL;
    }
  metadata = read_metadata (self);
  if (g_hash_table_lookup (metadata, "format") != NULL)
    self->format = g_ascii_strdown (g_hash_table_lookup (metadata, "format"), -1);
  self->metadata_json = build_metadata_json (self, metadata);
  return g_steal_pointer (&self);
}

void
sn_mbtiles_free (SnMbtiles *self)
{
  if (self == NULL)
    return;
  sqlite3_finalize (self->get_tile);
  sqlite3_close (self->db);
  g_clear_pointer (&self->metadata_json, g_bytes_unref);
  g_free (self->format);
  g_free (self->path);
  g_free (self);
}

/* ── reading ───────────────────────────────────────────────────────────────────── */

GBytes *
sn_mbtiles_get_tile (SnMbtiles *self, guint z, guint x, guint y, GError **error)
{
  gint64 row;
  GBytes *tile = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (z <= SN_MBTILES_MAX_ZOOM, NULL);
  g_return_val_if_fail (x < (1u << z) && y < (1u << z), NULL);

  row = ((gint64) 1 << z) - 1 - y;
  sqlite3_bind_int (self->get_tile, 1, (int) z);
  sqlite3_bind_int64 (self->get_tile, 2, x);
  sqlite3_bind_int64 (self->get_tile, 3, row);
  rc = sqlite3_step (self->get_tile);
  if (rc == SQLITE_ROW)
    tile = g_bytes_new (sqlite3_column_blob (self->get_tile, 0),
                        (gsize) sqlite3_column_bytes (self->get_tile, 0));
  else if (rc != SQLITE_DONE)
    g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LOAD, _ ("Cannot read a tile from “%s”: %s"),
                 self->path, sqlite3_errmsg (self->db));
  sqlite3_reset (self->get_tile);
  sqlite3_clear_bindings (self->get_tile);
  return tile;
}

const char *
sn_mbtiles_get_content_type (SnMbtiles *self, GBytes *tile)
{
  gsize n;
  const guint8 *d = g_bytes_get_data (tile, &n);

  if (g_strcmp0 (self->format, "png") == 0)
    return "image/png";
  if (g_strcmp0 (self->format, "jpg") == 0 || g_strcmp0 (self->format, "jpeg") == 0)
    return "image/jpeg";
  if (g_strcmp0 (self->format, "webp") == 0)
    return "image/webp";
  if (n >= 8 && memcmp (d, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (n >= 3 && memcmp (d, "\xff\xd8\xff", 3) == 0)
    return "image/jpeg";
  if (n >= 12 && memcmp (d, "RIFF", 4) == 0 && memcmp (d + 8, "WEBP", 4) == 0)
    return "image/webp";
  return "application/octet-stream";
}

GBytes *
sn_mbtiles_get_metadata_json (SnMbtiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_bytes_ref (self->metadata_json);
}

/* ── HTTP helpers ──────────────────────────────────────────────────────────────── */

char *
sn_hub_etag_for_bytes (GBytes *bytes)
{
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  return g_strdup_printf ("\"%.32s\"", sum);
}

/* If-None-Match: "*" or a list of tags, compared weakly (RFC 9110 §13.1.2). */
static gboolean
if_none_match_matches (const char *header, const char *etag)
{
  g_auto (GStrv) tags = g_strsplit (header, ",", -1);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

void
sn_hub_reply_cached (SoupServerMessage *msg, GBytes *body, const char *content_type,
                     const char *etag, const char *cache_control)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *if_none_match = soup_message_headers_get_one (request, "If-None-Match");

  soup_message_headers_replace (response, "ETag", etag);
  if (cache_control != NULL)
    soup_message_headers_replace (response, "Cache-Control", cache_control);
  if (if_none_match != NULL && if_none_match_matches (if_none_match, etag))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (response, content_type, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

SnPrincipal *
sn_hub_map_authenticate (SnHub *self, SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr (SnPrincipal) who = sn_hub_authenticate (self, msg);

  if (who == NULL)
    return NULL;
  if (!sn_principal_can_stream (who))
    {
      sn_hub_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", _ ("This role may only ingest"));
      return NULL;
    }
  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    "GET, HEAD");
      sn_hub_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid",
                          _ ("Method not allowed here"));
      return NULL;
    }
  return g_steal_pointer (&who);
}

/* Only GET and HEAD: anything else is refused before a body is read. */
static void
refuse_body_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
                gpointer user_data)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
    return;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                "GET, HEAD");
  sn_hub_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid",
                      _ ("Method not allowed here"));
}

void
sn_hub_map_refuse_bodies (SnHub *self, const char *path)
{
  soup_server_add_early_handler (self->server, path, refuse_body_cb, self, NULL);
}

gboolean
sn_hub_map_load (SnHub *self, const char *tiles, const char *city, GError **error)
{
  if (tiles != NULL && (self->tiles = sn_mbtiles_open (tiles, error)) == NULL)
    return FALSE;
  if (city != NULL && (self->districts = sn_hub_districts_load (city, error)) == NULL)
    return FALSE;
  return TRUE;
}

/* ── GET /v1/tiles, GET /v1/tiles/{z}/{x}/{y}[.png|.jpg|.jpeg|.webp] ──────────── */

/* Digits only (no sign, no space), at most @max. */
static gboolean
parse_index (const char *text, guint64 max, guint *out)
{
  guint64 v = 0;

  if (*text == '\0' || strlen (text) > 10)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      v = 10 * v + (guint64) (*p - '0');
    }
  if (v > max)
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

static gboolean
parse_tile_path (const char *rest, guint *z, guint *x, guint *y)
{
  static const char *const suffixes[] = { ".png", ".jpg", ".jpeg", ".webp" };
  g_auto (GStrv) parts = g_strsplit (rest, "/", 4);
  char *last;

  if (g_strv_length (parts) != 3)
    return FALSE;
  last = parts[2];
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (last, suffixes[i]))
      {
        last[strlen (last) - strlen (suffixes[i])] = '\0';
        break;
      }
  return parse_index (parts[0], SN_MBTILES_MAX_ZOOM, z)
         && parse_index (parts[1], ((guint64) 1 << *z) - 1, x)
         && parse_index (last, ((guint64) 1 << *z) - 1, y);
}

static void
reply_metadata (SnHub *self, SoupServerMessage *msg)
{
  g_autoptr (GBytes) body = self->tiles ? sn_mbtiles_get_metadata_json (self->tiles)
                                        : g_bytes_new_static ("{\"available\":false}", 19);
  g_autofree char *etag = sn_hub_etag_for_bytes (body);

  sn_hub_reply_cached (msg, body, "application/json", etag, NULL);
}

static void
reply_tile (SnHub *self, SoupServerMessage *msg, const char *rest)
{
  g_autoptr (GBytes) tile = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *etag = NULL;
  guint z, x, y;

  if (!parse_tile_path (rest, &z, &x, &y))
    {
      sn_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_field",
                          _ ("A tile is /v1/tiles/Z/X/Y with Z from 0 to 30 and X and Y from 0 "
                             "to 2^Z − 1"));
      return;
    }
  if (self->tiles != NULL)
    tile = sn_mbtiles_get_tile (self->tiles, z, x, y, &error);
  if (error != NULL)
    {
      sn_hub_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", error->message);
      return;
    }
  if (tile == NULL)
    {
      /* No body: the console draws its own layers on a plain background. */
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  etag = sn_hub_etag_for_bytes (tile);
  sn_hub_reply_cached (msg, tile, sn_mbtiles_get_content_type (self->tiles, tile), etag,
                       TILE_CACHE_CONTROL);
}

static void
tiles_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
          gpointer user_data)
{
  SnHub *self = user_data;
  g_autoptr (SnPrincipal) who = sn_hub_map_authenticate (self, msg);
  const char *rest = path + strlen ("/v1/tiles");

  if (who == NULL)
    return;
  if (*rest == '\0' || g_str_equal (rest, "/"))
    reply_metadata (self, msg);
  else if (*rest == '/')
    reply_tile (self, msg, rest + 1);
  else
    sn_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _ ("No such resource"));
}

void
sn_hub_tiles_register (SnHub *self)
{
  sn_hub_map_refuse_bodies (self, "/v1/tiles");
  soup_server_add_handler (self->server, "/v1/tiles", tiles_cb, self, NULL);
}
