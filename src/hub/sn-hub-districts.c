/* sn-hub-districts.c — a city pack's district boundaries at /v1/districts
 *
 * The pack is loaded and checked once, at start (sn-geo does the checking); each feature's
 * properties become {code, name, population}, the code being what work orders carry in
 * their "district" field. Features are serialised once; the answer for each scope (all
 * districts, or an official's list) is put together on first use and kept.
 *
 *   data/cities/<pack>/districts.geojson ─▶ SnGeoAreas ─▶ properties normalised
 *   pack.json (keys, attribution)  ──────────┘      ▲          │
 *   districts.json (population) ────────────────────┘          ▼
 *                                        one GeoJSON text per feature ─▶ answer per scope
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sn-city-pack.h"
#include "sn-geo.h"
#include "sn-hub-private.h"
#include "sn-hub-tiles.h"

#define PACK_JSON_MAX_BYTES (64 * 1024)
#define DISTRICTS_JSON_MAX_BYTES (4 * 1024 * 1024)
/* Officials' scopes are few; past this many, the cache starts again. */
#define MAX_CACHED_SCOPES 256
#define NO_DISTRICTS "{\"type\":\"FeatureCollection\",\"features\":[]}\n"

typedef struct
{
  GBytes *body;
  char *etag;
} Answer;

struct _SnHubDistricts
{
  char *city;
  char *attribution; /* from pack.json, or NULL */
  GPtrArray *codes; /* char*: each feature's code, in file order */
  GPtrArray *features; /* char*: each feature as GeoJSON text */
  GHashTable *answers; /* scope key → Answer* */
};

typedef struct
{
  char *code_key;
  char *name_key;
  char *population_key;
  char *attribution;
} PackKeys;

static void
answer_free (Answer *answer)
{
  g_bytes_unref (answer->body);
  g_free (answer->etag);
  g_free (answer);
}

static void
pack_keys_clear (PackKeys *keys)
{
  g_free (keys->code_key);
  g_free (keys->name_key);
  g_free (keys->population_key);
  g_free (keys->attribution);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PackKeys, pack_keys_clear)

/* ── loading the pack ──────────────────────────────────────────────────────────── */

/* A JSON object file; @out NULL (and TRUE) when the file does not exist. */
static gboolean
read_optional_object (const char *path, gsize max_bytes, JsonObject **out, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) local = NULL;
  gsize length;

  *out = NULL;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (g_file_get_contents (path, &text, &length, &local))
    *out = sn_json_parse_object (text, length, max_bytes, SN_JSON_MAX_DEPTH, &local);
  if (*out == NULL)
    {
      g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LOAD,
                   _ ("The city pack file %s is not valid: %s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_key (JsonObject *pack, const char *path, const char *name, const char *fallback, char **out,
          GError **error)
{
  g_autoptr (GError) local = NULL;
  const char *value = fallback;

  if (pack != NULL && !sn_json_get_string (pack, name, FALSE, &value, &local))
    {
      if (local != NULL)
        {
          g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LOAD,
                       _ ("The city pack file %s is not valid: %s"), path, local->message);
          return FALSE;
        }
      value = fallback;
    }
  *out = g_strdup (value);
  return TRUE;
}

/* pack.json: {"code_key", "name_key", "population_key", "attribution"}, all optional. */
static gboolean
read_pack_keys (const char *dir, PackKeys *keys, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "pack.json", NULL);
  g_autoptr (JsonObject) pack = NULL;

  return read_optional_object (path, PACK_JSON_MAX_BYTES, &pack, error)
         && read_key (pack, path, "code_key", "adcode", &keys->code_key, error)
         && read_key (pack, path, "name_key", "name", &keys->name_key, error)
         && read_key (pack, path, "population_key", "population", &keys->population_key, error)
         && read_key (pack, path, "attribution", NULL, &keys->attribution, error);
}

/* A code as text, whether the file has it as a string or an integer. */
static char *
code_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

/* districts.json's districts[]: code → population (a boxed gint64). */
static gboolean
read_populations (const char *dir, const PackKeys *keys, GHashTable *out, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "districts.json", NULL);
  g_autoptr (JsonObject) file = NULL;
  JsonNode *node;
  JsonArray *districts;

  if (!read_optional_object (path, DISTRICTS_JSON_MAX_BYTES, &file, error))
    return FALSE;
  if (file == NULL || (node = json_object_get_member (file, "districts")) == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LOAD,
                   _ ("The city pack file %s is not valid: “districts” is not an array"), path);
      return FALSE;
    }
  districts = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (districts); i++)
    {
      JsonNode *element = json_array_get_element (districts, i);
      JsonObject *d = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      g_autofree char *code = d ? code_text (json_object_get_member (d, keys->code_key)) : NULL;
      gint64 population;

      if (code == NULL || !sn_json_get_int (d, keys->population_key, FALSE, &population, NULL))
        continue;
      g_hash_table_replace (out, g_steal_pointer (&code),
                            g_memdup2 (&population, sizeof population));
    }
  return TRUE;
}

static gpointer
copy_string (gconstpointer s, gpointer user_data)
{
  return g_strdup (s);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Replaces a feature's properties with {code, name, population}. */
static void
normalise_properties (const SnGeoArea *area, GHashTable *populations)
{
  GList *names = g_list_copy_deep (json_object_get_members (area->properties), copy_string, NULL);
  const gint64 *population = g_hash_table_lookup (populations, area->code);

  for (GList *l = names; l != NULL; l = l->next)
    json_object_remove_member (area->properties, l->data);
  g_list_free_full (names, g_free);
  json_object_set_string_member (area->properties, "code", area->code);
  json_object_set_string_member (area->properties, "name", area->name);
  if (population != NULL)
    json_object_set_int_member (area->properties, "population", *population);
  else
    json_object_set_null_member (area->properties, "population");
}

/* sn_geo_areas_to_geojson () writes one feature per line: keep each feature's text. */
static gboolean
split_features (SnHubDistricts *self, const SnGeoAreas *areas, GError **error)
{
  g_autofree char *text = sn_geo_areas_to_geojson (areas, NULL);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize n = strlen (line);

      if (!g_str_has_prefix (line, "{\"type\":\"Feature\""))
        continue;
      if (n > 0 && line[n - 1] == ',')
        line[n - 1] = '\0';
      g_ptr_array_add (self->features, g_strdup (line));
    }
  if (self->features->len != sn_geo_areas_get_n_areas (areas))
    {
      g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LOAD,
                   "Serialised %u features for %u districts", self->features->len,
                   sn_geo_areas_get_n_areas (areas));
      return FALSE;
    }
  return TRUE;
}

SnHubDistricts *
sn_hub_districts_load (const char *city, GError **error)
{
  g_autoptr (SnHubDistricts) self = g_new0 (SnHubDistricts, 1);
  g_autoptr (GHashTable)
      populations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto (PackKeys) keys = { 0 };
  g_autoptr (SnGeoAreas) areas = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *geojson = NULL;

  g_return_val_if_fail (city != NULL, NULL);

  self->city = g_strdup (city);
  self->codes = g_ptr_array_new_with_free_func (g_free);
  self->features = g_ptr_array_new_with_free_func (g_free);
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) answer_free);
  if ((dir = sn_city_pack_find (NULL, city, NULL, error)) == NULL
      || !read_pack_keys (dir, &keys, error) || !read_populations (dir, &keys, populations, error))
    return NULL;
  geojson = g_build_filename (dir, "districts.geojson", NULL);
  if (!g_file_test (geojson, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LOAD,
                   _ ("The city pack “%s” has no district boundaries (%s is missing)"), city,
                   geojson);
      return NULL;
    }
  /* sn-geo's messages name the file and the JSON path of what is wrong. */
  areas = sn_geo_areas_load_file (geojson, keys.code_key, keys.name_key, &local);
  if (areas == NULL)
    {
      g_set_error (error, SN_HUB_ERROR, SN_HUB_ERROR_LOAD,
                   _ ("Cannot load the districts of city pack “%s”: %s"), city, local->message);
      return NULL;
    }
  for (guint i = 0; i < sn_geo_areas_get_n_areas (areas); i++)
    {
      const SnGeoArea *area = sn_geo_areas_get (areas, i);

      normalise_properties (area, populations);
      g_ptr_array_add (self->codes, g_strdup (area->code));
    }
  if (!split_features (self, areas, error))
    return NULL;
  self->attribution = g_steal_pointer (&keys.attribution);
  return g_steal_pointer (&self);
}

void
sn_hub_districts_free (SnHubDistricts *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_clear_pointer (&self->features, g_ptr_array_unref);
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  g_free (self->attribution);
  g_free (self->city);
  g_free (self);
}

/* ── answers ───────────────────────────────────────────────────────────────────── */

static char *
json_string (const char *s)
{
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), s);

  return sn_json_node_to_string (node, NULL);
}

/* "*" for everyone who sees all districts, else the scope's codes, sorted ("official:" for an
 * official's, so one without districts does not share the key of those who see all). */
static char *
scope_key (const SnPrincipal *who)
{
  g_autoptr (GPtrArray) codes = NULL;
  g_autofree char *joined = NULL;

  if (who->role != SN_ROLE_OFFICIAL)
    return g_strdup ("*");
  if (who->districts == NULL)
    return g_strdup ("official:");
  codes = g_ptr_array_new ();
  for (guint i = 0; who->districts[i] != NULL; i++)
    g_ptr_array_add (codes, who->districts[i]);
  g_ptr_array_sort (codes, compare_strings);
  g_ptr_array_add (codes, NULL);
  joined = g_strjoinv (",", (char **) codes->pdata);
  return g_strconcat ("official:", joined, NULL);
}

static Answer *
build_answer (SnHubDistricts *self, const SnPrincipal *who)
{
  g_autofree char *city = json_string (self->city);
  GString *out = g_string_new ("{\"type\":\"FeatureCollection\",\"city\":");
  Answer *answer = g_new0 (Answer, 1);
  gboolean first = TRUE;

  g_string_append (out, city);
  if (self->attribution != NULL)
    {
      g_autofree char *attribution = json_string (self->attribution);

      g_string_append_printf (out, ",\"attribution\":%s", attribution);
    }
  g_string_append (out, ",\"features\":[");
  for (guint i = 0; i < self->features->len; i++)
    {
      if (!sn_principal_can_see (who, self->codes->pdata[i]))
        continue;
      g_string_append (out, first ? "\n" : ",\n");
      g_string_append (out, self->features->pdata[i]);
      first = FALSE;
    }
  g_string_append (out, "\n]}\n");
  answer->body = g_string_free_to_bytes (out);
  answer->etag = sn_hub_etag_for_bytes (answer->body);
  return answer;
}

GBytes *
sn_hub_districts_get (SnHubDistricts *self, const SnPrincipal *who, const char **out_etag)
{
  g_autofree char *key = NULL;
  Answer *answer;

  g_return_val_if_fail (self != NULL, NULL);

  key = scope_key (who);
  answer = g_hash_table_lookup (self->answers, key);
  if (answer == NULL)
    {
      if (g_hash_table_size (self->answers) >= MAX_CACHED_SCOPES)
        g_hash_table_remove_all (self->answers);
      answer = build_answer (self, who);
      g_hash_table_insert (self->answers, g_steal_pointer (&key), answer);
    }
  *out_etag = answer->etag;
  return g_bytes_ref (answer->body);
}

/* ── GET /v1/districts ─────────────────────────────────────────────────────────── */

static void
districts_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
              gpointer user_data)
{
  SnHub *self = user_data;
  g_autoptr (SnPrincipal) who = sn_hub_map_authenticate (self, msg);
  g_autoptr (GBytes) body = NULL;
  g_autofree char *empty_etag = NULL;
  const char *etag;

  if (who == NULL)
    return;
  if (!g_str_equal (path, "/v1/districts") && !g_str_equal (path, "/v1/districts/"))
    {
      sn_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _ ("No such resource"));
      return;
    }
  if (self->districts != NULL)
    body = sn_hub_districts_get (self->districts, who, &etag);
  else
    {
      body = g_bytes_new_static (NO_DISTRICTS, strlen (NO_DISTRICTS));
      etag = empty_etag = sn_hub_etag_for_bytes (body);
    }
  /* An official's answer is not everyone's. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Vary",
                                "Authorization");
  sn_hub_reply_cached (msg, body, "application/geo+json", etag, NULL);
}

void
sn_hub_districts_register (SnHub *self)
{
  sn_hub_map_refuse_bodies (self, "/v1/districts");
  soup_server_add_handler (self->server, "/v1/districts", districts_cb, self, NULL);
}
