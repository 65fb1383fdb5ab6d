/* sn-json.c — bounded JSON parsing and typed field access with clear errors
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sn-json.h"

G_DEFINE_QUARK (sn_protocol_error_quark, sn_protocol_error)

static const char *const error_codes[SN_N_PROTOCOL_ERRORS] = {
  "too_large",     "too_deep",  "malformed",    "not_object", "unknown_type",
  "missing_field", "bad_field", "unauthorized", "forbidden",  "not_found",
  "conflict",      "invalid",   "rate_limited", "internal",
};

const char *
sn_protocol_error_to_code (SnProtocolError error)
{
  g_return_val_if_fail (error < SN_N_PROTOCOL_ERRORS, "internal");
  return error_codes[error];
}

gboolean
sn_protocol_error_from_code (const char *code, SnProtocolError *out)
{
  int v;

  if (!sn_lookup_name (error_codes, SN_N_PROTOCOL_ERRORS, code, &v))
    return FALSE;
  *out = (SnProtocolError) v;
  return TRUE;
}

gboolean
sn_lookup_name (const char *const *names, guint n_names, const char *s, int *out)
{
  for (guint i = 0; s != NULL && i < n_names; i++)
    {
      if (g_str_equal (names[i], s))
        {
          *out = (int) i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
sn_json_check_depth (const char *text, gsize length, guint max_depth, GError **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_TOO_DEEP,
                           _ ("JSON is nested deeper than %u levels"), max_depth);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

JsonNode *
sn_json_parse_bounded (const char *text, gsize length, gsize max_bytes, guint max_depth,
                       GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonNode *root;

  if (length > max_bytes)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_TOO_LARGE,
                   _ ("Message of %llu bytes exceeds the limit of %llu bytes"),
                   (unsigned long long) length, (unsigned long long) max_bytes);
      return NULL;
    }
  if (!g_utf8_validate (text, (gssize) length, NULL))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MALFORMED,
                   _ ("Message is not valid UTF-8"));
      return NULL;
    }
  if (!sn_json_check_depth (text, length, max_depth, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize) length, &local_error))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MALFORMED,
                   _ ("Message is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MALFORMED, _ ("Message is empty"));
      return NULL;
    }
  return json_node_ref (root);
}

JsonObject *
sn_json_parse_object (const char *text, gsize length, gsize max_bytes, guint max_depth,
                      GError **error)
{
  g_autoptr (JsonNode) root = sn_json_parse_bounded (text, length, max_bytes, max_depth, error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_NOT_OBJECT,
                   _ ("Message is not a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

char *
sn_json_node_to_string (JsonNode *node, gsize *length)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, length);
}

char *
sn_json_builder_to_string (JsonBuilder *builder, gsize *length)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  return sn_json_node_to_string (root, length);
}

static JsonNode *
get_member (JsonObject *obj, const char *name, gboolean required, GError **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MISSING_FIELD,
                     _ ("Field “%s” is missing"), name);
      return NULL;
    }
  return node;
}

static gboolean
bad_field (GError **error, const char *name, const char *expected)
{
  g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD, _ ("Field “%s” must be %s"),
               name, expected);
  return FALSE;
}

gboolean
sn_json_get_string (JsonObject *obj, const char *name, gboolean required, const char **out,
                    GError **error)
{
  JsonNode *node = get_member (obj, name, required, error);

  if (node == NULL)
    return FALSE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_field (error, name, _ ("a string"));
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
sn_json_get_int (JsonObject *obj, const char *name, gboolean required, gint64 *out, GError **error)
{
  JsonNode *node = get_member (obj, name, required, error);

  if (node == NULL)
    return FALSE;
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return bad_field (error, name, _ ("an integer"));
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
sn_json_get_double (JsonObject *obj, const char *name, gboolean required, double *out,
                    GError **error)
{
  JsonNode *node = get_member (obj, name, required, error);
  GType type;

  if (node == NULL)
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_STRING)
    {
      /* Open311 servers often send lat/long as strings. */
      const char *s = json_node_get_string (node);
      char *end = NULL;
      double v = g_ascii_strtod (s, &end);

      if (*s == '\0' || end == NULL || *end != '\0')
        return bad_field (error, name, _ ("a number"));
      *out = v;
    }
  else
    return bad_field (error, name, _ ("a number"));
  return TRUE;
}

gboolean
sn_json_get_bool (JsonObject *obj, const char *name, gboolean required, gboolean *out,
                  GError **error)
{
  JsonNode *node = get_member (obj, name, required, error);

  if (node == NULL)
    return FALSE;
  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return bad_field (error, name, _ ("true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
sn_time_parse (const char *iso8601, gint64 *out)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) dt = NULL;

  if (iso8601 == NULL || *iso8601 == '\0')
    return FALSE;
  dt = g_date_time_new_from_iso8601 (iso8601, utc);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

char *
sn_time_format (gint64 t)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (t);

  if (dt == NULL)
    return g_strdup ("");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

void
sn_json_builder_add_time (JsonBuilder *builder, const char *name, gint64 t)
{
  g_autofree char *s = NULL;

  json_builder_set_member_name (builder, name);
  if (t == 0)
    {
      json_builder_add_null_value (builder);
      return;
    }
  s = sn_time_format (t);
  json_builder_add_string_value (builder, s);
}

gboolean
sn_json_get_time (JsonObject *obj, const char *name, gboolean required, gint64 *out, GError **error)
{
  const char *s;

  if (!sn_json_get_string (obj, name, required, &s, error))
    {
      if (error != NULL && *error != NULL && (*error)->code == SN_PROTOCOL_ERROR_BAD_FIELD)
        {
          g_clear_error (error);
          return bad_field (error, name, _ ("an ISO 8601 date and time"));
        }
      return FALSE;
    }
  if (!sn_time_parse (s, out))
    return bad_field (error, name, _ ("an ISO 8601 date and time"));
  return TRUE;
}

gboolean
sn_json_get_object (JsonObject *obj, const char *name, gboolean required, JsonObject **out,
                    GError **error)
{
  JsonNode *node = get_member (obj, name, required, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad_field (error, name, _ ("an object"));
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
sn_json_get_strv (JsonObject *obj, const char *name, gboolean required, char ***out, GError **error)
{
  JsonNode *node = get_member (obj, name, required, error);
  JsonArray *array;
  g_autoptr (GStrvBuilder) builder = NULL;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bad_field (error, name, _ ("an array of strings"));
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);

      if (json_node_get_value_type (el) != G_TYPE_STRING || *json_node_get_string (el) == '\0')
        return bad_field (error, name, _ ("an array of non-empty strings"));
      g_strv_builder_add (builder, json_node_get_string (el));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}
