/* sn-hub-import.c — "shuniu-hub import": real service requests from files into a hub
 *
 *   files ──▶ read (Open311 JSON array, or CSV through a mapping) ──▶ validate each row
 *         ──▶ batches of ≤ --batch records, each < 4 MiB ──▶ POST /v1/ingest/requests
 *         ──▶ the hub's per-record problems, mapped back to file and line ──▶ summary
 *
 * Every file is read and checked before anything is sent, so unusable input changes
 * nothing.  The hub commits each batch whole, so a failure part-way leaves the batches
 * before it committed and nothing of the later ones; importing again is safe, because a
 * record the hub already holds comes back "unchanged".  With --db the hub runs in this
 * process over that database, fed through its own HTTP ingest with a temporary token.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "sn-auth.h"
#include "sn-csv-mapping.h"
#include "sn-csv.h"
#include "sn-hub-cli-private.h"
#include "sn-json.h"
#include "sn-store-sqlite.h"
#include "sn-ticket-json.h"

#define DEFAULT_BATCH 500
#define MAX_BATCH 10000
/* The hub refuses ingest bodies over 4 MiB; leave room for the brackets and commas. */
#define MAX_BODY_BYTES (4 * 1024 * 1024 - 1024)
#define MAX_INPUT_BYTES ((gsize) 1024 * 1024 * 1024)

typedef struct
{
  char *where; /* "file.csv:17" or "file.json: record 4" */
  char *id;
  char *json;
  gsize length;
} Record;

typedef struct
{
  CliOptions *o;
  SnCsvMapping *mapping;
  GPtrArray *records; /* Record *, in file order */
  GHashTable *seen; /* id → where it was first */
  GHashTable *skipped; /* reason → count */
  guint files, rows, bad, sent, batches;
  guint applied, unchanged, hub_skipped, hub_rejected;
  /* the hub */
  SoupSession *session;
  char *url;
  char *auth;
} Import;

/* The in-process hub of --db. */
typedef struct
{
  SnStore *store;
  SnHub *hub;
  char *token;
  char *token_id;
} LocalHub;

static void
record_free (Record *r)
{
  g_free (r->where);
  g_free (r->id);
  g_free (r->json);
  g_free (r);
}

static void
count_skip (Import *im, const char *reason)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (im->skipped, reason));

  g_hash_table_replace (im->skipped, g_strdup (reason), GUINT_TO_POINTER (n + 1));
}

static void
report_row (const char *where, const char *id, const char *message)
{
  g_print ("%s: %s: %s\n", where, id != NULL ? id : _ ("(no id)"), message);
}

static void
bad_row (Import *im, const char *where, const char *id, const char *message)
{
  im->bad++;
  report_row (where, id, message);
}

/* Checks @obj as the hub will, and against the ids already read; keeps it to send. */
static void
add_record (Import *im, char *where, const char *id, JsonObject *obj)
{
  g_autoptr (SnTicket) scratch = sn_ticket_new (id);
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (GError) error = NULL;
  const char *first = g_hash_table_lookup (im->seen, id);
  Record *r;
  guint fields;

  if (first != NULL)
    {
      g_autofree char *message = g_strdup_printf (_ ("Duplicate id (first at %s)"), first);

      bad_row (im, where, id, message);
      g_free (where);
      return;
    }
  if (!sn_ticket_apply_json (scratch, obj, &fields, &error))
    {
      bad_row (im, where, id, error->message);
      g_free (where);
      return;
    }
  json_node_set_object (node, obj);
  r = g_new0 (Record, 1);
  r->where = where;
  r->id = g_strdup (id);
  r->json = sn_json_node_to_string (node, &r->length);
  if (r->length > MAX_BODY_BYTES)
    {
      bad_row (im, where, id, _ ("The record is larger than the hub accepts (4 MiB)"));
      record_free (r);
      return;
    }
  g_hash_table_insert (im->seen, g_strdup (id), g_strdup (where));
  g_ptr_array_add (im->records, r);
}

/* ── reading ───────────────────────────────────────────────────────────────────── */

static gboolean
read_csv (Import *im, const char *path, const char *text, gsize length, GError **error)
{
  g_autoptr (SnCsvReader) reader = sn_csv_reader_new (text, (gssize) length);
  g_autofree char *binding = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr (GError) bad = NULL;
  GPtrArray *fields = NULL;
  SnCsvResult result;
  guint line;

  if (im->mapping == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("%s is CSV: importing CSV needs --mapping MAP.json (see data/import/)"),
                   path);
      return FALSE;
    }
  result = sn_csv_reader_next (reader, &fields, &line, &bad);
  if (result != SN_CSV_RECORD)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("%s: cannot read the header row: %s"), path,
                   bad ? bad->message : _ ("the file is empty"));
      return FALSE;
    }
  if (!sn_csv_mapping_bind (im->mapping, fields, &bad))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", path, bad->message);
      return FALSE;
    }
  binding = sn_csv_mapping_describe_binding (im->mapping);
  g_print (_ ("%s: CSV; %s\n"), base, binding);
  while ((result = sn_csv_reader_next (reader, &fields, &line, &bad)) != SN_CSV_END)
    {
      g_autoptr (JsonObject) obj = NULL;
      g_autofree char *id = NULL;
      g_autofree char *reason = NULL;
      char *where = g_strdup_printf ("%s:%u", base, line);

      im->rows++;
      if (result == SN_CSV_BAD_RECORD)
        bad_row (im, where, NULL, bad->message), g_free (where);
      else
        switch (sn_csv_mapping_convert (im->mapping, fields, &obj, &id, &reason, &bad))
          {
            case SN_CSV_ROW_OK:
              add_record (im, where, id, obj);
              break;
            case SN_CSV_ROW_SKIP:
              count_skip (im, reason);
              g_free (where);
              break;
            case SN_CSV_ROW_BAD:
            default:
              bad_row (im, where, id, bad->message);
              g_free (where);
              break;
          }
      g_clear_error (&bad);
    }
  return TRUE;
}

static gboolean
read_json (Import *im, const char *path, const char *text, gsize length, GError **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr (GError) local = NULL;
  g_autoptr (JsonNode)
      root = sn_json_parse_bounded (text, length, MAX_INPUT_BYTES, SN_JSON_MAX_DEPTH, &local);
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("%s: not a JSON array of Open311 requests%s%s"), path, local ? ": " : "",
                   local ? local->message : "");
      return FALSE;
    }
  array = json_node_get_array (root);
  g_print (_ ("%s: Open311 JSON, %u records\n"), base, json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);
      char *where = g_strdup_printf (_ ("%s: record %u"), base, i + 1);
      const char *id = NULL;

      im->rows++;
      if (!JSON_NODE_HOLDS_OBJECT (el))
        bad_row (im, where, NULL, _ ("A record must be a JSON object")), g_free (where);
      else if (!sn_json_get_string (json_node_get_object (el), "service_request_id", FALSE, &id,
                                    NULL)
               || *id == '\0')
        bad_row (im, where, NULL, _ ("Missing service_request_id")), g_free (where);
      else
        add_record (im, where, id, json_node_get_object (el));
    }
  return TRUE;
}

/* JSON when the content starts like JSON, CSV when it looks like CSV, whatever the name. */
static gboolean
read_input (Import *im, const char *path, GError **error)
{
  g_autofree char *text = NULL;
  const char *p;
  gsize length;

  if (!g_file_get_contents (path, &text, &length, error))
    return FALSE;
  im->files++;
  p = text;
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < text + length && g_ascii_isspace (*p))
    p++;
  if (p < text + length && (*p == '[' || *p == '{'))
    return read_json (im, path, p, length - (p - text), error);
  if (sn_csv_sniff (text, length))
    return read_csv (im, path, text, length, error);
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _ ("%s is neither CSV nor an Open311 JSON array"), path);
  return FALSE;
}

/* ── sending ───────────────────────────────────────────────────────────────────── */

typedef struct
{
  gboolean done;
  GBytes *body;
  GError *error;
} Wait;

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *w = user_data;

  w->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &w->error);
  w->done = TRUE;
}

static void
report_problems (Import *im, guint first, JsonArray *problems)
{
  for (guint i = 0; problems != NULL && i < json_array_get_length (problems); i++)
    {
      JsonObject *p = json_array_get_object_element (problems, i);
      gint64 index = -1;
      const char *code = "?", *message = "";
      g_autofree char *text = NULL;
      Record *r;

      if (p == NULL || !sn_json_get_int (p, "index", TRUE, &index, NULL) || index < 0
          || first + index >= im->records->len)
        continue;
      sn_json_get_string (p, "code", FALSE, &code, NULL);
      sn_json_get_string (p, "message", FALSE, &message, NULL);
      r = im->records->pdata[first + index];
      text = g_strdup_printf (_ ("the hub answered %s: %s"), code, message);
      report_row (r->where, r->id, text);
      if (g_str_equal (code, "stale"))
        count_skip (im, code);
    }
}

static gboolean
read_report (Import *im, guint first, GBytes *body, GError **error)
{
  g_autoptr (JsonObject) report = sn_json_parse_object (
      g_bytes_get_data (body, NULL), g_bytes_get_size (body), G_MAXSIZE, SN_JSON_MAX_DEPTH, NULL);
  gint64 applied = 0, unchanged = 0, skipped = 0, rejected = 0;

  if (report == NULL || !sn_json_get_int (report, "applied", TRUE, &applied, NULL)
      || !sn_json_get_int (report, "unchanged", TRUE, &unchanged, NULL)
      || !sn_json_get_int (report, "skipped", TRUE, &skipped, NULL)
      || !sn_json_get_int (report, "rejected", TRUE, &rejected, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("The hub's answer is not an ingest report"));
      return FALSE;
    }
  im->applied += applied;
  im->unchanged += unchanged;
  im->hub_skipped += skipped;
  im->hub_rejected += rejected;
  if (json_object_has_member (report, "problems")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (report, "problems")))
    report_problems (im, first, json_object_get_array_member (report, "problems"));
  return TRUE;
}

/* The message of an {"error": {"code", "message"}} body, or the HTTP reason. */
static char *
error_message (SoupMessage *msg, GBytes *body)
{
  g_autoptr (JsonObject) obj = NULL;
  JsonObject *e = NULL;
  const char *message = NULL;

  if (body != NULL)
    obj = sn_json_parse_object (g_bytes_get_data (body, NULL), g_bytes_get_size (body), G_MAXSIZE,
                                SN_JSON_MAX_DEPTH, NULL);
  if (obj != NULL && sn_json_get_object (obj, "error", FALSE, &e, NULL))
    sn_json_get_string (e, "message", FALSE, &message, NULL);
  return g_strdup_printf ("%u %s", soup_message_get_status (msg),
                          message ? message : soup_message_get_reason_phrase (msg));
}

/* Posts records [first, first + n) as one batch and waits for the report.  @maybe_applied
 * tells, on failure, whether the hub might have committed the batch anyway. */
static gboolean
post_batch (Import *im, guint first, guint n, const char *body, gsize length,
            gboolean *maybe_applied, GError **error)
{
  g_autofree char *uri = g_strconcat (im->url, "/v1/ingest/requests", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr (GBytes) bytes = g_bytes_new_static (body, length);
  g_autofree char *why = NULL;
  Wait w = { 0 };
  guint status;

  *maybe_applied = FALSE;
  if (msg == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("“%s” is not a hub URL (e.g. http://127.0.0.1:8080)"), im->url);
      return FALSE;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", im->auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_session_send_and_read_async (im->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  if (w.error != NULL)
    {
      /* Unless the connection was never made, the hub may have committed the batch. */
      *maybe_applied = !g_error_matches (w.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED)
                       && !g_error_matches (w.error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND)
                       && !g_error_matches (w.error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE)
                       && !g_error_matches (w.error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE)
                       && w.error->domain != G_RESOLVER_ERROR;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("Cannot reach the hub at %s: %s"),
                   im->url, w.error->message);
      g_error_free (w.error);
      return FALSE;
    }
  status = soup_message_get_status (msg);
  /* A 200 whose report cannot be read was committed; a 5xx (perhaps from a proxy) may have been. */
  *maybe_applied = status == SOUP_STATUS_OK || status >= 500;
  why = error_message (msg, w.body);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                 _ ("The hub refused the token (%s); it needs an ingest token"), why);
  else if (status != SOUP_STATUS_OK)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("The hub refused a batch: %s"), why);
  else if (read_report (im, first, w.body, error))
    {
      im->sent += n;
      im->batches++;
    }
  g_bytes_unref (w.body);
  return status == SOUP_STATUS_OK && (error == NULL || *error == NULL);
}

static gboolean
send_all (Import *im, guint batch, GError **error)
{
  g_autoptr (GString) body = g_string_new ("[");
  guint first = 0;

  for (guint i = 0; i <= im->records->len; i++)
    {
      Record *r = i < im->records->len ? im->records->pdata[i] : NULL;
      gboolean full = r == NULL || i - first == batch || body->len + r->length + 2 > MAX_BODY_BYTES;
      gboolean maybe_applied;

      if (full && i > first)
        {
          g_string_append_c (body, ']');
          if (!post_batch (im, first, i - first, body->str, body->len, &maybe_applied, error))
            {
              g_prefix_error (error,
                              maybe_applied ? _ (
                                  "Batch %u (records %u–%u) may or may not have been committed. ")
                                            : _ ("Batch %u (records %u–%u) was not applied. "),
                              im->batches + 1, first + 1, i);
              return FALSE;
            }
          g_string_assign (body, "[");
          first = i;
        }
      if (r != NULL)
        {
          if (i > first)
            g_string_append_c (body, ',');
          g_string_append_len (body, r->json, (gssize) r->length);
        }
    }
  return TRUE;
}

/* ── the hub: remote, or in this process over --db ─────────────────────────────── */

static char *
read_token (const char *path, GError **error)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  return g_strstrip (text);
}

static gboolean
local_hub_start (CliOptions *o, LocalHub *lh, GError **error)
{
  gboolean full = o->sync == NULL || g_str_equal (o->sync, "full");
  SnHubOptions options;
  SnAuditRecord r = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (o->sync != NULL && !full && !g_str_equal (o->sync, "normal"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--sync must be “full” or “normal”"));
      return FALSE;
    }
  if ((lh->store = sn_store_sqlite_open (o->db, full, error)) == NULL)
    return FALSE;
  sn_hub_options_init (&options);
  options.name = o->name != NULL ? o->name : "import";
  if ((lh->hub = sn_hub_new (lh->store, &options, error)) == NULL
      || !sn_hub_listen (lh->hub, "127.0.0.1:0", NULL, error))
    return FALSE;
  lh->token = sn_auth_create_token (lh->store, SN_ROLE_INGEST, "import", NULL, now, &lh->token_id,
                                    error);
  if (lh->token == NULL)
    return FALSE;
  r.time = now;
  r.actor = g_get_user_name ();
  r.role = "cli";
  r.action = "token.create";
  r.origin = "cli";
  r.outcome = "ok";
  r.reason = "import (temporary ingest token)";
  return sn_store_append_audit (lh->store, &r, error);
}

static void
local_hub_stop (LocalHub *lh)
{
  if (lh->token_id != NULL)
    sn_store_revoke_token (lh->store, lh->token_id, g_get_real_time () / G_USEC_PER_SEC, NULL);
  if (lh->hub != NULL)
    sn_hub_shutdown (lh->hub);
  g_clear_object (&lh->hub);
  g_clear_object (&lh->store);
  g_free (lh->token);
  g_free (lh->token_id);
}

/* ── report ────────────────────────────────────────────────────────────────────── */

static void
print_summary (Import *im, double read_s, double send_s)
{
  g_autoptr (GList) reasons = g_hash_table_get_keys (im->skipped);
  g_autoptr (GString) skips = g_string_new (NULL);
  guint skipped = 0;

  reasons = g_list_sort (reasons, (GCompareFunc) g_strcmp0);
  for (GList *l = reasons; l != NULL; l = l->next)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (im->skipped, l->data));

      skipped += n;
      g_string_append_printf (skips, "%s%s %u", skips->len ? ", " : " (", (char *) l->data, n);
    }
  /* The hub's skips other than "stale" have no reason of their own here. */
  skipped += im->hub_skipped
             - MIN (im->hub_skipped, GPOINTER_TO_UINT (g_hash_table_lookup (im->skipped, "stale")));
  if (skips->len > 0)
    g_string_append_c (skips, ')');
  g_print (ngettext ("Rows read: %u from %u file\n", "Rows read: %u from %u files\n", im->files),
           im->rows, im->files);
  g_print (ngettext ("Sent: %u in %u batch\n", "Sent: %u in %u batches\n", im->batches), im->sent,
           im->batches);
  g_print (_ ("Applied: %u\n"), im->applied);
  g_print (_ ("Unchanged: %u\n"), im->unchanged);
  g_print (_ ("Skipped: %u%s\n"), skipped, skips->str);
  g_print (_ ("Rejected: %u (bad rows: %u, by the hub: %u)\n"), im->bad + im->hub_rejected, im->bad,
           im->hub_rejected);
  g_print (_ ("Time: %.2f s (reading %.2f s, sending %.2f s)\n"), read_s + send_s, read_s, send_s);
}

/* ── entry ─────────────────────────────────────────────────────────────────────── */

static gboolean
check_options (CliOptions *o, int n_files, GError **error)
{
  const char *problem = NULL;

  if (n_files == 0)
    problem = _ ("import needs at least one FILE");
  else if (o->batch < 0 || o->batch > MAX_BATCH)
    problem = _ ("--batch must be between 1 and 10000");
  else if (!o->dry_run && (o->db != NULL) == (o->hub != NULL))
    problem = _ ("import needs either --hub URL --token-file FILE, or --db PATH (or --dry-run)");
  else if (!o->dry_run && o->hub != NULL && o->token_file == NULL)
    problem = _ ("import --hub needs --token-file FILE with an ingest token");
  if (problem != NULL)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, problem);
  return problem == NULL;
}

static gboolean
is_loopback (const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  return host != NULL
         && (g_str_has_prefix (host, "127.") || g_str_equal (host, "::1")
             || g_ascii_strcasecmp (host, "localhost") == 0);
}

static gboolean
connect_and_send (Import *im, CliOptions *o, LocalHub *lh, GError **error)
{
  g_autofree char *token = NULL;

  if (o->db != NULL)
    {
      if (!local_hub_start (o, lh, error))
        return FALSE;
      im->url = g_strdup (sn_hub_get_url (lh->hub));
      token = g_strdup (lh->token);
    }
  else
    {
      if ((token = read_token (o->token_file, error)) == NULL)
        return FALSE;
      im->url = g_strdup (o->hub);
      while (g_str_has_suffix (im->url, "/"))
        im->url[strlen (im->url) - 1] = '\0';
    }
  im->auth = g_strconcat ("Bearer ", token, NULL);
  im->session = soup_session_new_with_options ("timeout", 300, NULL);
  /* A hub on this machine is never reached through a proxy (nor is a proxy looked up). */
  if (is_loopback (im->url))
    soup_session_set_proxy_resolver (im->session, NULL);
  return send_all (im, o->batch > 0 ? (guint) o->batch : DEFAULT_BATCH, error);
}

int
sn_hub_cli_import (CliOptions *o, int n_files, char **files)
{
  g_autoptr (GError) error = NULL;
  Import im = { 0 };
  LocalHub lh = { 0 };
  gint64 started = g_get_monotonic_time ();
  double read_s = 0;
  int status = 0;

  if (!check_options (o, n_files, &error)
      || (o->mapping != NULL
          && (im.mapping = sn_csv_mapping_load_file (o->mapping, &error)) == NULL))
    return sn_hub_cli_fail ("%s", error->message);
  im.o = o;
  im.records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  im.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < n_files && status == 0; i++)
    if (!read_input (&im, files[i], &error))
      status = sn_hub_cli_fail (_ ("%s Nothing was sent."), error->message);
  read_s = (g_get_monotonic_time () - started) / 1e6;
  if (status == 0 && o->dry_run)
    g_print (_ ("Dry run: %u valid records, nothing sent.\n"), im.records->len);
  else if (status == 0 && !connect_and_send (&im, o, &lh, &error))
    status = sn_hub_cli_fail (_ ("%s Batches before it stay committed (%u records); importing "
                                 "again is safe: records already applied come back unchanged."),
                              error->message, im.sent);
  if (status == 0 || im.batches > 0)
    print_summary (&im, read_s, (g_get_monotonic_time () - started) / 1e6 - read_s);
  local_hub_stop (&lh);
  g_clear_object (&im.session);
  g_free (im.url);
  g_free (im.auth);
  g_clear_pointer (&im.mapping, sn_csv_mapping_free);
  g_ptr_array_unref (im.records);
  g_hash_table_unref (im.seen);
  g_hash_table_unref (im.skipped);
  return status;
}
