/* sn-json.h — bounded JSON parsing and typed field access with clear errors
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Limits checked before any text reaches JsonParser (json-glib 1.6 has no nesting limit). */
#define SN_JSON_MAX_MESSAGE_BYTES (64 * 1024)
#define SN_JSON_MAX_DEPTH 32

#define SN_PROTOCOL_ERROR (sn_protocol_error_quark ())
GQuark sn_protocol_error_quark (void);

/* Every kind of bad input, with the stable code the protocol sends for it. */
typedef enum {
  SN_PROTOCOL_ERROR_TOO_LARGE, /* "too_large" */
  SN_PROTOCOL_ERROR_TOO_DEEP, /* "too_deep" */
  SN_PROTOCOL_ERROR_MALFORMED, /* "malformed": not JSON, or not UTF-8 */
  SN_PROTOCOL_ERROR_NOT_OBJECT, /* "not_object": the message is not a JSON object */
  SN_PROTOCOL_ERROR_UNKNOWN_TYPE, /* "unknown_type" */
  SN_PROTOCOL_ERROR_MISSING_FIELD, /* "missing_field" */
  SN_PROTOCOL_ERROR_BAD_FIELD, /* "bad_field": wrong type or value out of range */
  SN_PROTOCOL_ERROR_UNAUTHORIZED, /* "unauthorized" */
  SN_PROTOCOL_ERROR_FORBIDDEN, /* "forbidden" */
  SN_PROTOCOL_ERROR_NOT_FOUND, /* "not_found" */
  SN_PROTOCOL_ERROR_CONFLICT, /* "conflict" */
  SN_PROTOCOL_ERROR_INVALID, /* "invalid": well-formed but not allowed now */
  SN_PROTOCOL_ERROR_RATE_LIMITED, /* "rate_limited" */
  SN_PROTOCOL_ERROR_INTERNAL, /* "internal" */
  SN_N_PROTOCOL_ERRORS
} SnProtocolError;

const char *sn_protocol_error_to_code (SnProtocolError error);
gboolean sn_protocol_error_from_code (const char *code, SnProtocolError *out);

/* The index of @s in the table of @n_names machine names (enum values ↔ protocol names). */
gboolean sn_lookup_name (const char *const *names, guint n_names, const char *s, int *out);

/* Fails with TOO_DEEP when arrays/objects nest deeper than @max_depth; strings are skipped
 * correctly. Does not validate the JSON otherwise. */
gboolean sn_json_check_depth (const char *text, gsize length, guint max_depth, GError **error);
/* Size check, UTF-8 check, depth check, then JsonParser. Returns the root node. */
JsonNode *sn_json_parse_bounded (const char *text, gsize length, gsize max_bytes, guint max_depth,
                                 GError **error);
/* Like sn_json_parse_bounded() but the root must be an object. */
JsonObject *sn_json_parse_object (const char *text, gsize length, gsize max_bytes, guint max_depth,
                                  GError **error);

/* Compact serialisation. */
char *sn_json_node_to_string (JsonNode *node, gsize *length);
char *sn_json_builder_to_string (JsonBuilder *builder, gsize *length);

/* Typed getters: a missing member returns FALSE with no error when @required is FALSE
 * (out untouched), MISSING_FIELD when TRUE; a member of the wrong type is BAD_FIELD.
 * JSON null counts as missing. */
gboolean sn_json_get_string (JsonObject *obj, const char *name, gboolean required, const char **out,
                             GError **error);
gboolean sn_json_get_int (JsonObject *obj, const char *name, gboolean required, gint64 *out,
                          GError **error);
gboolean sn_json_get_double (JsonObject *obj, const char *name, gboolean required, double *out,
                             GError **error);
gboolean sn_json_get_bool (JsonObject *obj, const char *name, gboolean required, gboolean *out,
                           GError **error);
/* ISO 8601 with an offset (no offset = UTC) → unix seconds. */
gboolean sn_json_get_time (JsonObject *obj, const char *name, gboolean required, gint64 *out,
                           GError **error);
gboolean sn_json_get_object (JsonObject *obj, const char *name, gboolean required, JsonObject **out,
                             GError **error);
/* An array of non-empty strings; returns a NULL-terminated copy in @out. */
gboolean sn_json_get_strv (JsonObject *obj, const char *name, gboolean required, char ***out,
                           GError **error);

gboolean sn_time_parse (const char *iso8601, gint64 *out);
/* "2025-09-30T08:00:00Z" */
char *sn_time_format (gint64 t);
void sn_json_builder_add_time (JsonBuilder *builder, const char *name, gint64 t);

G_END_DECLS
