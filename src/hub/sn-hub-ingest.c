/* sn-hub-ingest.c — the feed from telephony and ticket systems: Open311-shaped service
 * requests and Asterisk-queue_log-named call events
 *
 * A batch applies its good records and reports each bad one with its index and reason;
 * the response is sent only after the good ones are committed.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sn-hub-private.h"

#define INGEST_MAX_BYTES (4 * 1024 * 1024)

typedef enum {
  INGEST_REQUESTS,
  INGEST_CALLS,
} IngestKind;

typedef struct
{
  SnHubOp op;
  IngestKind kind;
  SnPrincipal *who;
  char *actor;
  char *origin;
  JsonArray *records;
  SoupServerMessage *msg;
  JsonBuilder *report; /* per-record problems */
  guint applied, unchanged, skipped, rejected;
} IngestOp;

static void
report_record (IngestOp *op, guint index, const char *id, const char *code, const char *message)
{
  json_builder_begin_object (op->report);
  json_builder_set_member_name (op->report, "index");
  json_builder_add_int_value (op->report, index);
  if (id != NULL)
    {
      json_builder_set_member_name (op->report, "id");
      json_builder_add_string_value (op->report, id);
    }
  json_builder_set_member_name (op->report, "code");
  json_builder_add_string_value (op->report, code);
  json_builder_set_member_name (op->report, "message");
  json_builder_add_string_value (op->report, message);
  json_builder_end_object (op->report);
}

static void
report_error (IngestOp *op, guint index, const char *id, const GError *error)
{
  report_record (op, index, id,
                 error->domain == SN_PROTOCOL_ERROR ? sn_protocol_error_to_code (error->code)
                                                    : "invalid",
                 error->message);
  op->rejected++;
}

/* ── service requests ──────────────────────────────────────────────────────────── */

static SnHistoryEntry *
history_for_state (SnTicket *t, SnTicketState state, gint64 when, const char *actor)
{
  static const SnHistoryKind kinds[SN_N_TICKET_STATES] = {
    SN_HISTORY_RECEIVED, SN_HISTORY_DISPATCHED, SN_HISTORY_ACCEPTED,
    SN_HISTORY_PROGRESS, SN_HISTORY_REPLIED,    SN_HISTORY_CALLBACK,
    SN_HISTORY_CLOSED,   SN_HISTORY_RETURNED,   SN_HISTORY_REOPENED,
  };
  SnHistoryEntry *h = sn_history_entry_new (when, kinds[state], actor, t->status_notes);

  switch (state)
    {
      case SN_TICKET_STATE_DISPATCHED:
        t->dispatched_at = when;
        t->accepted_at = 0;
        break;
      case SN_TICKET_STATE_ACCEPTED:
        t->accepted_at = when;
        break;
      case SN_TICKET_STATE_IN_PROGRESS:
        t->last_progress_at = when;
        break;
      case SN_TICKET_STATE_CLOSED:
        t->closed_at = when;
        break;
      case SN_TICKET_STATE_RETURNED: /* 退单 */
        t->bounce_count++;
        t->last_bounce_at = when;
        break;
      case SN_TICKET_STATE_REOPENED:
        t->reopened_at = when;
        t->closed_at = 0;
        break;
      case SN_TICKET_STATE_RECEIVED:
      case SN_TICKET_STATE_REPLIED:
      case SN_TICKET_STATE_CALLBACK:
      case SN_N_TICKET_STATES:
      default:
        break;
    }
  h->units = g_strdupv (t->units);
  return h;
}

static gboolean
units_superset (char **bigger, char **smaller)
{
  for (guint i = 0; smaller != NULL && smaller[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *) bigger, smaller[i]))
      return FALSE;
  return TRUE;
}

/* Turns what changed between @before and @t into history and life-cycle times. */
static void
derive_history (SnHub *hub, const SnTicket *before, SnTicket *t, guint fields, gboolean paused,
                gint64 when, const char *actor)
{
  if (before == NULL)
    sn_ticket_add_history (t,
                           history_for_state (t, SN_TICKET_STATE_RECEIVED, t->requested_at, actor));
  if ((fields & SN_TICKET_FIELD_UNITS) && before != NULL && before->units[0] != NULL
      && !g_strv_equal ((const char *const *) before->units, (const char *const *) t->units))
    {
      gboolean added = units_superset (t->units, before->units);
      SnHistoryEntry *h = sn_history_entry_new (
          when, added ? SN_HISTORY_UNIT_ADDED : SN_HISTORY_TRANSFERRED, actor, t->status_notes);

      h->units = g_strdupv (t->units);
      sn_ticket_add_history (t, h);
      /* 转派 between units; a new dispatch after a return (退单) was counted already. */
      if (!added && before->state != SN_TICKET_STATE_RETURNED)
        {
          t->bounce_count++;
          t->last_bounce_at = when;
          t->dispatched_at = when;
        }
    }
  if (t->state != (before ? before->state : SN_TICKET_STATE_RECEIVED))
    sn_ticket_add_history (t, history_for_state (t, t->state, when, actor));
  else if (before != NULL)
    t->last_progress_at = when;
  if ((fields & SN_TICKET_FIELD_PAUSED) && paused != (t->paused_since != 0))
    {
      /* Waiting for the citizen stops the clock. */
      if (paused)
        t->paused_since = when;
      else
        {
          t->paused_seconds += sn_sla_clock_seconds_between (hub->calendar, t->type,
                                                             t->paused_since, when);
          t->paused_since = 0;
        }
      sn_ticket_add_history (
          t, sn_history_entry_new (when, paused ? SN_HISTORY_PAUSED : SN_HISTORY_RESUMED, actor,
                                   t->status_notes));
    }
}

static gboolean
ticket_content_equal (SnHub *hub, const SnTicket *a, const SnTicket *b)
{
  g_autoptr (JsonBuilder) ba = json_builder_new_immutable ();
  g_autoptr (JsonBuilder) bb = json_builder_new_immutable ();
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;

  sn_ticket_to_json (a, NULL, ba);
  sn_ticket_to_json (b, NULL, bb);
  ta = sn_json_builder_to_string (ba, NULL);
  tb = sn_json_builder_to_string (bb, NULL);
  return g_str_equal (ta, tb);
}

/* "paused" at the top level or, like the other extensions, inside extended_attributes. */
static void
read_paused (JsonObject *obj, gboolean *paused)
{
  JsonObject *ext = NULL;

  if (!sn_json_get_bool (obj, "paused", FALSE, paused, NULL)
      && sn_json_get_object (obj, "extended_attributes", FALSE, &ext, NULL))
    sn_json_get_bool (ext, "paused", FALSE, paused, NULL);
}

static gboolean
ingest_request (SnHub *hub, IngestOp *op, guint index, JsonObject *obj, GError **error)
{
  const SnTicket *before;
  g_autoptr (SnTicket) t = NULL;
  g_autoptr (GError) bad = NULL;
  const char *id;
  guint fields = 0;
  gboolean paused = FALSE;
  gint64 when;

  if (!sn_json_get_string (obj, "service_request_id", TRUE, &id, &bad) || *id == '\0')
    {
      if (bad == NULL)
        g_set_error (&bad, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                     _ ("Field “%s” must not be empty"), "service_request_id");
      report_error (op, index, NULL, bad);
      return TRUE;
    }
  before = sn_hub_lookup_ticket (hub, &op->op, id);
  t = before ? sn_ticket_copy (before) : sn_ticket_new (id);
  if (!sn_ticket_apply_json (t, obj, &fields, &bad))
    {
      report_error (op, index, id, bad);
      return TRUE;
    }
  if (before != NULL && (fields & SN_TICKET_FIELD_UPDATED) && t->updated_at < before->updated_at)
    {
      /* An older update never overwrites a newer one. */
      report_record (op, index, id, "stale",
                     _ ("updated_datetime is older than the stored work order's"));
      op->skipped++;
      return TRUE;
    }
  read_paused (obj, &paused);
  if (before != NULL && !((fields & SN_TICKET_FIELD_PAUSED) && paused != (t->paused_since != 0))
      && ticket_content_equal (hub, before, t))
    {
      /* The same record again is no progress: no history, no new version, no event. */
      op->unchanged++;
      return TRUE;
    }
  when = (fields & SN_TICKET_FIELD_UPDATED) ? t->updated_at : sn_hub_now (hub);
  if (t->requested_at == 0)
    t->requested_at = when;
  if (t->updated_at == 0)
    t->updated_at = when;
  if (t->history == NULL)
    t->history = g_ptr_array_new_with_free_func ((GDestroyNotify) sn_history_entry_free);
  derive_history (hub, before, t, fields, paused, when, op->actor);
  t->version = before ? before->version + 1 : 1;
  g_hash_table_replace (op->op.staged, t->service_request_id, t);
  op->applied++;
  return sn_hub_write_ticket (hub, &op->op, g_steal_pointer (&t), error);
}

/* ── call events ───────────────────────────────────────────────────────────────── */

static gboolean
ingest_calls (SnHub *hub, IngestOp *op, GError **error)
{
  g_autoptr (GPtrArray) queues = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) agents = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (op->records); i++)
    {
      JsonNode *node = json_array_get_element (op->records, i);
      g_autoptr (SnCallEvent) event = NULL;
      g_autoptr (GError) bad = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        g_set_error (&bad, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_NOT_OBJECT,
                     _ ("A record must be a JSON object"));
      else
        event = sn_call_event_from_json (json_node_get_object (node), &bad);
      if (event != NULL && sn_call_center_apply (hub->calls, event, queues, agents, &bad))
        {
          op->applied++;
          if (!sn_hub_journal_call_event (hub, node, error))
            return FALSE;
        }
      else
        report_error (op, i, NULL, bad);
    }
  return sn_hub_emit_call_center (hub, &op->op, queues, agents, error);
}

/* ── the op ────────────────────────────────────────────────────────────────────── */

static gboolean
ingest_apply (SnHub *hub, SnHubOp *hop, GError **error)
{
  IngestOp *op = (IngestOp *) hop;

  json_builder_begin_array (op->report);
  if (op->kind == INGEST_CALLS)
    {
      if (!ingest_calls (hub, op, error))
        return FALSE;
    }
  else
    for (guint i = 0; i < json_array_get_length (op->records); i++)
      {
        JsonNode *node = json_array_get_element (op->records, i);

        if (!JSON_NODE_HOLDS_OBJECT (node))
          report_record (op, i, NULL, "not_object", _ ("A record must be a JSON object")),
              op->rejected++;
        else if (!ingest_request (hub, op, i, json_node_get_object (node), error))
          return FALSE;
      }
  json_builder_end_array (op->report);
  return sn_hub_audit (hub, op->who, op->kind == INGEST_CALLS ? "ingest.calls" : "ingest.requests",
                       NULL, NULL, op->origin, op->rejected == 0 ? "ok" : "partial", NULL, error);
}

static void
ingest_finish (SnHub *hub, SnHubOp *hop, const GError *error)
{
  IngestOp *op = (IngestOp *) hop;
  g_autoptr (JsonNode) problems = NULL;
  g_autofree char *problems_text = NULL;
  char *text;

  if (error != NULL)
    sn_hub_reply_error (op->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", error->message);
  else
    {
      problems = json_builder_get_root (op->report);
      problems_text = sn_json_node_to_string (problems, NULL);
      text = g_strdup_printf ("{\"applied\":%u,\"unchanged\":%u,\"skipped\":%u,"
                              "\"rejected\":%u,\"problems\":%s}",
                              op->applied, op->unchanged, op->skipped, op->rejected, problems_text);
      sn_hub_reply_json (op->msg, SOUP_STATUS_OK, text, strlen (text));
    }
  soup_server_message_unpause (op->msg);
}

static void
ingest_free (SnHubOp *hop)
{
  IngestOp *op = (IngestOp *) hop;

  sn_principal_free (op->who);
  g_free (op->actor);
  g_free (op->origin);
  json_array_unref (op->records);
  g_object_unref (op->msg);
  g_object_unref (op->report);
  sn_hub_op_clear (hop);
  g_free (op);
}

static void
ingest_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
           gpointer user_data)
{
  SnHub *hub = user_data;
  g_autoptr (SnPrincipal) who = sn_hub_authenticate (hub, msg);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  IngestOp *op;

  if (who == NULL)
    return;
  if (who->role != SN_ROLE_INGEST)
    {
      sn_hub_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                          _ ("Only ingest tokens may feed the hub"));
      return;
    }
  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      sn_hub_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid",
                          _ ("Method not allowed here"));
      return;
    }
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  root = sn_json_parse_bounded (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                INGEST_MAX_BYTES, SN_JSON_MAX_DEPTH, &error);
  if (root != NULL && !JSON_NODE_HOLDS_ARRAY (root))
    g_set_error (&error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                 _ ("The body must be a JSON array of records"));
  if (error != NULL)
    {
      sn_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, sn_protocol_error_to_code (error->code),
                          error->message);
      return;
    }
  op = g_new0 (IngestOp, 1);
  sn_hub_op_init (&op->op);
  op->op.apply = ingest_apply;
  op->op.finish = ingest_finish;
  op->op.free = ingest_free;
  op->kind = g_str_equal (path, "/v1/ingest/calls") ? INGEST_CALLS : INGEST_REQUESTS;
  op->actor = g_strconcat ("ingest:", who->name, NULL);
  op->who = g_steal_pointer (&who);
  op->origin = sn_hub_describe_peer (msg, "rest");
  op->records = json_array_ref (json_node_get_array (root));
  op->msg = g_object_ref (msg);
  op->report = json_builder_new_immutable ();
  soup_server_message_pause (msg);
  sn_hub_submit (hub, &op->op);
}

void
sn_hub_ingest_register (SnHub *self)
{
  soup_server_add_handler (self->server, "/v1/ingest/requests", ingest_cb, self, NULL);
  soup_server_add_handler (self->server, "/v1/ingest/calls", ingest_cb, self, NULL);
}
