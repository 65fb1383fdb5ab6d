/* sn-hub-rest.c — REST reads and commands for scripts and integrations
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sn-hub-private.h"

#define PAGE_DEFAULT 100
#define PAGE_MAX 1000

/* ── helpers shared by the endpoints ───────────────────────────────────────────── */

void
sn_hub_reply_json (SoupServerMessage *msg, guint status, char *text, gsize length)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

void
sn_hub_reply_error (SoupServerMessage *msg, guint status, const char *code, const char *message)
{
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  char *text;
  gsize length;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  text = sn_json_builder_to_string (b, &length);
  sn_hub_reply_json (msg, status, text, length);
}

static void
reply_gerror (SoupServerMessage *msg, guint status, const GError *error)
{
  const char *code = error->domain == SN_PROTOCOL_ERROR ? sn_protocol_error_to_code (error->code)
                                                        : "internal";

  sn_hub_reply_error (msg, status, code, error->message);
}

char *
sn_hub_describe_peer (SoupServerMessage *msg, const char *transport)
{
  GSocketAddress *addr = soup_server_message_get_remote_address (msg);
  g_autofree char *host = NULL;

  if (G_IS_INET_SOCKET_ADDRESS (addr))
    {
      GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (addr);

      host = g_inet_address_to_string (g_inet_socket_address_get_address (inet));
      return g_strdup_printf ("%s %s:%u", transport, host, g_inet_socket_address_get_port (inet));
    }
  return g_strdup (transport);
}

/* The caller, or NULL after replying 401 (no, bad or revoked token). */
SnPrincipal *
sn_hub_authenticate (SnHub *self, SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr (GError) error = NULL;
  SnPrincipal *who = sn_auth_lookup (self->store, authorization, &error);

  if (who != NULL)
    return who;
  if (error != NULL)
    sn_hub_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", error->message);
  else
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"shuniu\"");
      sn_hub_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                          authorization == NULL ? _ ("An Authorization: Bearer token is required")
                                                : _ ("The token is not valid"));
    }
  return NULL;
}

static gboolean
require_method (SoupServerMessage *msg, const char *method)
{
  if (g_str_equal (soup_server_message_get_method (msg), method))
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", method);
  sn_hub_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid",
                      _ ("Method not allowed here"));
  return FALSE;
}

static gboolean
require_reader (SoupServerMessage *msg, const SnPrincipal *who)
{
  if (who->role != SN_ROLE_INGEST)
    return TRUE;
  sn_hub_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", _ ("This role may only ingest"));
  return FALSE;
}

/* ── /healthz ──────────────────────────────────────────────────────────────────── */

static void
healthz_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
            gpointer user_data)
{
  SnHub *self = user_data;
  char *text = g_strdup_printf (
      "{\"ok\":true,\"hub\":\"%s\",\"epoch\":\"%s\",\"head\":%" G_GINT64_FORMAT ",\"tickets\":%d}",
      self->name, sn_store_get_epoch (self->store), sn_store_get_head_seq (self->store),
      g_tree_nnodes (self->tickets));

  sn_hub_reply_json (msg, SOUP_STATUS_OK, text, strlen (text));
}

/* ── GET /v1/tickets ───────────────────────────────────────────────────────────── */

typedef struct
{
  SnHub *hub;
  const SnPrincipal *who;
  const char *stalled, *district, *unit, *state, *category;
  SnStallReason stall_reason;
  gboolean any_stall;
} TicketFilter;

static gboolean
filter_matches (TicketFilter *f, const SnTicket *t)
{
  if (!sn_principal_can_see (f->who, t->district))
    return FALSE;
  if (f->district != NULL && g_strcmp0 (t->district, f->district) != 0)
    return FALSE;
  if (f->unit != NULL && !sn_ticket_has_unit (t, f->unit))
    return FALSE;
  if (f->state != NULL && !g_str_equal (sn_ticket_state_to_string (t->state), f->state))
    return FALSE;
  if (f->category != NULL && g_strcmp0 (t->service_code, f->category) != 0
      && g_strcmp0 (t->service_name, f->category) != 0)
    return FALSE;
  if (f->stalled != NULL)
    {
      SnStall stalls[SN_N_STALL_REASONS];
      guint n = sn_hub_ticket_stalls (f->hub, t, stalls);

      if (f->any_stall)
        return n > 0;
      for (guint i = 0; i < n; i++)
        if (stalls[i].reason == f->stall_reason)
          return TRUE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_filter (SoupServerMessage *msg, GHashTable *query, TicketFilter *f, guint *limit)
{
  const char *limit_s = query ? g_hash_table_lookup (query, "limit") : NULL;
  guint64 v = PAGE_DEFAULT;

  if (query != NULL)
    {
      f->stalled = g_hash_table_lookup (query, "stalled");
      f->district = g_hash_table_lookup (query, "district");
      f->unit = g_hash_table_lookup (query, "unit");
      f->state = g_hash_table_lookup (query, "state");
      f->category = g_hash_table_lookup (query, "category");
    }
  if (f->stalled != NULL)
    {
      f->any_stall = g_str_equal (f->stalled, "any") || g_str_equal (f->stalled, "true");
      if (!f->any_stall && !sn_stall_reason_from_string (f->stalled, &f->stall_reason))
        {
          sn_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_field",
                              _ ("“stalled” must be any or a stall reason"));
          return FALSE;
        }
    }
  if (limit_s != NULL && !g_ascii_string_to_unsigned (limit_s, 10, 1, PAGE_MAX, &v, NULL))
    {
      sn_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_field",
                          _ ("“limit” must be a number from 1 to 1000"));
      return FALSE;
    }
  *limit = (guint) v;
  return TRUE;
}

static void
list_tickets (SnHub *self, SoupServerMessage *msg, GHashTable *query, const SnPrincipal *who)
{
  TicketFilter f = { self, who };
  const char *cursor = query ? g_hash_table_lookup (query, "cursor") : NULL;
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  GTreeNode *node;
  const char *last = NULL;
  guint limit, count = 0;
  char *text;
  gsize length;

  if (!parse_filter (msg, query, &f, &limit))
    return;
  node = cursor ? g_tree_upper_bound (self->tickets, cursor) : g_tree_node_first (self->tickets);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "tickets");
  json_builder_begin_array (b);
  for (; node != NULL && count < limit; node = g_tree_node_next (node))
    {
      if (!filter_matches (&f, g_tree_node_value (node)))
        continue;
      sn_hub_ticket_to_json (self, g_tree_node_value (node), FALSE, b);
      last = g_tree_node_key (node);
      count++;
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next_cursor");
  if (node != NULL && last != NULL)
    json_builder_add_string_value (b, last);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  text = sn_json_builder_to_string (b, &length);
  sn_hub_reply_json (msg, SOUP_STATUS_OK, text, length);
}

/* ── GET /v1/tickets/{id}, POST /v1/tickets/{id}/commands ─────────────────────── */

static void
set_etag (SoupServerMessage *msg, gint64 version)
{
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
}

static void
get_ticket (SnHub *self, SoupServerMessage *msg, const char *id, const SnPrincipal *who)
{
  const SnTicket *t = g_tree_lookup (self->tickets, id);
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  char *text;
  gsize length;

  if (t == NULL || !sn_principal_can_see (who, t->district))
    {
      sn_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _ ("No such work order"));
      return;
    }
  sn_hub_ticket_to_json (self, t, TRUE, b);
  text = sn_json_builder_to_string (b, &length);
  set_etag (msg, t->version);
  sn_hub_reply_json (msg, SOUP_STATUS_OK, text, length);
}

static void
rest_command_done (SnHub *hub, const char *ack, guint status, gpointer user_data)
{
  SoupServerMessage *msg = user_data;
  g_autoptr (JsonObject) obj = sn_json_parse_object (ack, strlen (ack), G_MAXSIZE, 8, NULL);
  gint64 version = 0;

  if (obj != NULL && sn_json_get_int (obj, "ticket_version", FALSE, &version, NULL)
      && status == SOUP_STATUS_OK)
    set_etag (msg, version);
  sn_hub_reply_json (msg, status, g_strdup (ack), strlen (ack));
  soup_server_message_unpause (msg);
  g_object_unref (msg);
}

static gboolean
parse_if_match (const char *value, gint64 *version)
{
  g_autofree char *s = g_strdup (value);
  char *p = g_strstrip (s);
  guint64 v;

  if (g_str_has_prefix (p, "W/"))
    p += 2;
  if (*p == '"' && strlen (p) >= 2 && p[strlen (p) - 1] == '"')
    {
      p[strlen (p) - 1] = '\0';
      p++;
    }
  if (!g_ascii_string_to_unsigned (p, 10, 0, G_MAXINT64, &v, NULL))
    return FALSE;
  *version = (gint64) v;
  return TRUE;
}

static void
post_command (SnHub *self, SoupServerMessage *msg, const char *id, const SnPrincipal *who)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  const char *if_match = soup_message_headers_get_one (headers, "If-Match");
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr (JsonObject) obj = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *origin = NULL;
  SnCommand *command;
  gint64 version;

  if (key == NULL || *key == '\0' || strlen (key) > SN_COMMAND_ID_MAX)
    {
      sn_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "missing_field",
                          _ ("An Idempotency-Key header of 1 to 64 characters is required"));
      return;
    }
  if (if_match == NULL)
    {
      sn_hub_reply_error (msg, 428, "missing_field",
                          _ ("An If-Match header with the work order's version is required"));
      return;
    }
  if (!parse_if_match (if_match, &version))
    {
      sn_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_field",
                          _ ("If-Match must be the work order's version, e.g. \"3\""));
      return;
    }
  obj = sn_json_parse_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              SN_JSON_MAX_MESSAGE_BYTES, SN_JSON_MAX_DEPTH, &error);
  command = obj != NULL ? sn_command_from_json (obj, FALSE, &error) : NULL;
  if (command == NULL)
    {
      /* Well-formed but not allowed (no reason) is 422, like the other "invalid" refusals. */
      reply_gerror (msg,
                    g_error_matches (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_INVALID)
                        ? SOUP_STATUS_UNPROCESSABLE_ENTITY
                        : SOUP_STATUS_BAD_REQUEST,
                    error);
      return;
    }
  command->id = g_strdup (key);
  command->ticket = g_strdup (id);
  command->expected_version = version;
  origin = sn_hub_describe_peer (msg, "rest");
  soup_server_message_pause (msg);
  sn_hub_submit_command (self, who, origin, command, rest_command_done, g_object_ref (msg));
}

static void
tickets_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
            gpointer user_data)
{
  SnHub *self = user_data;
  g_autoptr (SnPrincipal) who = sn_hub_authenticate (self, msg);
  const char *rest = path + strlen ("/v1/tickets");
  g_auto (GStrv) parts = NULL;

  if (who == NULL || !require_reader (msg, who))
    return;
  if (*rest == '\0' || g_str_equal (rest, "/"))
    {
      if (require_method (msg, "GET"))
        list_tickets (self, msg, query, who);
      return;
    }
  /* libsoup hands handlers the path already percent-decoded: decoding it again would turn
   * an id with a "%" into another id, or into NULL (a crash) for "%zz". */
  parts = g_strsplit (rest + 1, "/", 3);
  if (parts[1] == NULL)
    {
      if (require_method (msg, "GET"))
        get_ticket (self, msg, parts[0], who);
    }
  else if (g_str_equal (parts[1], "commands") && parts[2] == NULL)
    {
      if (require_method (msg, "POST"))
        post_command (self, msg, parts[0], who);
    }
  else
    sn_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _ ("No such resource"));
}

/* ── GET /v1/queues, GET /v1/audit ─────────────────────────────────────────────── */

static void
queues_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
           gpointer user_data)
{
  SnHub *self = user_data;
  g_autoptr (SnPrincipal) who = sn_hub_authenticate (self, msg);
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (GPtrArray) queues = NULL;
  g_autoptr (GPtrArray) agents = NULL;
  char *text;
  gsize length;

  if (who == NULL || !require_reader (msg, who) || !require_method (msg, "GET"))
    return;
  if (!sn_principal_can_see (who, NULL))
    {
      sn_hub_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                          _ ("Queue state is not in this role's scope"));
      return;
    }
  b = json_builder_new_immutable ();
  queues = sn_call_center_list_queues (self->calls);
  agents = sn_call_center_list_agents (self->calls);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "queues");
  json_builder_begin_array (b);
  for (guint i = 0; i < queues->len; i++)
    sn_call_center_queue_to_json (self->calls, queues->pdata[i], TRUE, b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "agents");
  json_builder_begin_array (b);
  for (guint i = 0; i < agents->len; i++)
    sn_call_center_agent_to_json (self->calls, agents->pdata[i], b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  text = sn_json_builder_to_string (b, &length);
  sn_hub_reply_json (msg, SOUP_STATUS_OK, text, length);
}

static void
audit_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
          gpointer user_data)
{
  SnHub *self = user_data;
  g_autoptr (SnPrincipal) who = sn_hub_authenticate (self, msg);
  const char *after_s = query ? g_hash_table_lookup (query, "after") : NULL;
  const char *limit_s = query ? g_hash_table_lookup (query, "limit") : NULL;
  guint64 after = 0, limit = PAGE_DEFAULT;
  g_autoptr (GError) error = NULL;
  char *records, *text;

  if (who == NULL || !require_method (msg, "GET"))
    return;
  if (who->role != SN_ROLE_ADMIN && who->role != SN_ROLE_MANAGER)
    {
      sn_hub_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                          _ ("Only admins and managers may read the audit log"));
      return;
    }
  if ((after_s && !g_ascii_string_to_unsigned (after_s, 10, 0, G_MAXINT64, &after, NULL))
      || (limit_s && !g_ascii_string_to_unsigned (limit_s, 10, 1, PAGE_MAX, &limit, NULL)))
    {
      sn_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_field",
                          _ ("“after” and “limit” must be numbers"));
      return;
    }
  records = sn_store_list_audit (self->store, (gint64) after, (guint) limit, &error);
  if (records == NULL)
    {
      reply_gerror (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error);
      return;
    }
  text = g_strdup_printf ("{\"audit\":%s}", records);
  g_free (records);
  sn_hub_reply_json (msg, SOUP_STATUS_OK, text, strlen (text));
}

/* Bodies are bounded before they are read: a declared length over the limit is refused. */
static void
limit_body_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
               gpointer user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset limit = g_str_has_prefix (path, "/v1/ingest/") ? 4 * 1024 * 1024
                                                         : SN_JSON_MAX_MESSAGE_BYTES;
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);

  if (g_str_equal (soup_server_message_get_method (msg), "GET"))
    return;
  if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    sn_hub_reply_error (msg, SOUP_STATUS_LENGTH_REQUIRED, "invalid",
                        _ ("A Content-Length is required"));
  else if (soup_message_headers_get_content_length (headers) > limit)
    sn_hub_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                        _ ("The request body is too large"));
}

static void
fallback_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
             gpointer user_data)
{
  sn_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _ ("No such resource"));
}

void
sn_hub_rest_register (SnHub *self)
{
  soup_server_add_early_handler (self->server, "/v1/tickets", limit_body_cb, self, NULL);
  /* libsoup calls the early handler of the most specific path only: "/v1/ingest" alone
   * would never run for the two ingest endpoints, which have handlers of their own. */
  soup_server_add_early_handler (self->server, "/v1/ingest/requests", limit_body_cb, self, NULL);
  soup_server_add_early_handler (self->server, "/v1/ingest/calls", limit_body_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, fallback_cb, self, NULL);
  soup_server_add_handler (self->server, "/healthz", healthz_cb, self, NULL);
  soup_server_add_handler (self->server, "/v1/tickets", tickets_cb, self, NULL);
  soup_server_add_handler (self->server, "/v1/queues", queues_cb, self, NULL);
  soup_server_add_handler (self->server, "/v1/audit", audit_cb, self, NULL);
}
