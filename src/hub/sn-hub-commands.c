/* sn-hub-commands.c — the supervisor's commands: checked, applied exactly once, audited
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sn-hub-private.h"

typedef struct
{
  SnCommandDone done;
  gpointer user_data;
} Waiter;

typedef struct
{
  SnHubOp op;
  SnPrincipal *who;
  char *origin;
  SnCommand *command;
  GArray *waiters; /* of Waiter: the sender, then resends that arrived meanwhile */
  char *ack;
  guint status;
} CommandOp;

static guint
status_for_code (const char *code)
{
  static const struct
  {
    const char *code;
    guint status;
  } map[] = {
    { "conflict", SOUP_STATUS_PRECONDITION_FAILED },
    { "forbidden", SOUP_STATUS_FORBIDDEN },
    { "not_found", SOUP_STATUS_NOT_FOUND },
    { "invalid", SOUP_STATUS_UNPROCESSABLE_ENTITY },
    { "rate_limited", 429 },
    { "internal", SOUP_STATUS_INTERNAL_SERVER_ERROR },
  };

  if (code == NULL)
    return SOUP_STATUS_OK;
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (map[i].code, code))
      return map[i].status;
  return SOUP_STATUS_BAD_REQUEST;
}

/* The status of a stored ack, so a resend over REST gets the first answer's status too. */
static guint
status_for_ack (const char *ack)
{
  g_autoptr (JsonObject) obj = sn_json_parse_object (ack, strlen (ack), G_MAXSIZE, 8, NULL);
  JsonObject *error = NULL;
  const char *code = NULL;

  if (obj != NULL && sn_json_get_object (obj, "error", FALSE, &error, NULL))
    sn_json_get_string (error, "code", FALSE, &code, NULL);
  return status_for_code (code);
}

static gboolean
refuse (GError **refusal, SnProtocolError code, const char *message)
{
  g_set_error_literal (refusal, SN_PROTOCOL_ERROR, code, message);
  return FALSE;
}

static gboolean
check_units (const SnTicket *t, const SnCommand *c, GError **refusal)
{
  for (guint i = 0; c->units[i] != NULL; i++)
    {
      for (guint j = 0; j < i; j++)
        if (g_str_equal (c->units[i], c->units[j]))
          return refuse (refusal, SN_PROTOCOL_ERROR_INVALID, _ ("A unit is named twice"));
      if (c->action == SN_ACTION_ADD_UNIT && sn_ticket_has_unit (t, c->units[i]))
        return refuse (refusal, SN_PROTOCOL_ERROR_INVALID,
                       _ ("The unit is already assigned to this work order"));
    }
  if (c->action == SN_ACTION_REASSIGN && g_strv_length (t->units) == g_strv_length (c->units))
    {
      gboolean same = TRUE;

      for (guint i = 0; c->units[i] != NULL; i++)
        same = same && sn_ticket_has_unit (t, c->units[i]);
      if (same)
        return refuse (refusal, SN_PROTOCOL_ERROR_INVALID,
                       _ ("The work order is already assigned to these units"));
    }
  return TRUE;
}

/* Whether the command may apply to @t as it is now; sets @refusal if not. */
static gboolean
check_command (SnHub *self, const SnPrincipal *who, const SnCommand *c, const SnTicket *t,
               GError **refusal)
{
  gint64 now = sn_hub_now (self);

  if (!sn_principal_can_act (who))
    return refuse (refusal, SN_PROTOCOL_ERROR_FORBIDDEN,
                   _ ("This role may not act on work orders"));
  if (t == NULL || !sn_principal_can_see (who, t->district))
    return refuse (refusal, SN_PROTOCOL_ERROR_NOT_FOUND, _ ("No such work order"));
  if (t->version != c->expected_version)
    {
      g_set_error (refusal, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_CONFLICT,
                   _ ("The work order changed: it is at version %lld, not %lld"),
                   (long long) t->version, (long long) c->expected_version);
      return FALSE;
    }
  if (!sn_ticket_is_open (t) && c->action != SN_ACTION_NOTE)
    return refuse (refusal, SN_PROTOCOL_ERROR_INVALID, _ ("The work order is closed"));
  switch (c->action)
    {
      case SN_ACTION_REASSIGN:
      case SN_ACTION_ADD_UNIT:
        return check_units (t, c, refusal);
      case SN_ACTION_ESCALATE:
        if (t->tier >= SN_TIER_REPORT)
          return refuse (refusal, SN_PROTOCOL_ERROR_INVALID,
                         _ ("The work order is already at the highest tier"));
        if (t->tier + 1 == SN_TIER_SUPERVISE && c->due <= now)
          return refuse (refusal, SN_PROTOCOL_ERROR_INVALID,
                         _ ("Supervision (督办) needs a due date in the future"));
        return TRUE;
      case SN_ACTION_EXTEND:
        {
          gint64 deadline = sn_sla_deadline (t, self->calendar, &self->rules, now);

          if (c->deadline <= deadline)
            return refuse (refusal, SN_PROTOCOL_ERROR_INVALID,
                           _ ("The new deadline must be later than the current one"));
          /* A new deadline on a weekend night adds no working time. */
          if (sn_sla_clock_seconds_between (self->calendar, t->type, deadline, c->deadline) <= 0)
            return refuse (refusal, SN_PROTOCOL_ERROR_INVALID,
                           _ ("The new deadline adds no working time"));
          return TRUE;
        }
      case SN_ACTION_NOTE:
      case SN_N_ACTIONS:
      default:
        return TRUE;
    }
}

static SnHistoryEntry *
apply_action (SnHub *self, const SnPrincipal *who, const SnCommand *c, SnTicket *t, gint64 now)
{
  SnHistoryEntry *h = sn_history_entry_new (now, SN_HISTORY_NOTE, who->name, c->reason);

  switch (c->action)
    {
      case SN_ACTION_REASSIGN: /* 转派: the new units start over from dispatch */
        h->kind = SN_HISTORY_TRANSFERRED;
        sn_ticket_set_units (t, (const char *const *) c->units);
        t->state = SN_TICKET_STATE_DISPATCHED;
        t->dispatched_at = now;
        t->accepted_at = 0;
        break;
      case SN_ACTION_ADD_UNIT: /* 加派 */
        {
          g_autoptr (GStrvBuilder) b = g_strv_builder_new ();

          h->kind = SN_HISTORY_UNIT_ADDED;
          g_strv_builder_addv (b, (const char **) t->units);
          g_strv_builder_addv (b, (const char **) c->units);
          g_strfreev (t->units);
          t->units = g_strv_builder_end (b);
        }
        break;
      case SN_ACTION_ESCALATE: /* 催办 → 督办 → 通报 */
        h->kind = SN_HISTORY_ESCALATED;
        t->tier++;
        h->tier = t->tier;
        h->due = c->due;
        if (c->due != 0)
          t->escalation_due = c->due;
        break;
      case SN_ACTION_EXTEND: /* 延期 approved */
        h->kind = SN_HISTORY_EXTENDED;
        h->due = c->deadline;
        t->extension_seconds += sn_sla_clock_seconds_between (
            self->calendar, t->type, sn_sla_deadline (t, self->calendar, &self->rules, now),
            c->deadline);
        break;
      case SN_ACTION_NOTE:
      case SN_N_ACTIONS:
      default:
        break;
    }
  h->units = g_strdupv (c->units);
  t->version++;
  t->updated_at = now;
  return h;
}

static gboolean
command_apply (SnHub *self, SnHubOp *op, GError **error)
{
  CommandOp *cop = (CommandOp *) op;
  SnCommand *c = cop->command;
  g_autofree char *stored = NULL;
  g_autoptr (GError) refusal = NULL;
  const SnTicket *current;
  gint64 now = sn_hub_now (self);
  gint64 version = 0;

  stored = sn_store_lookup_command (self->store, c->id, error);
  if (stored != NULL)
    {
      /* Seen before: the first outcome, and nothing changes. */
      cop->ack = g_steal_pointer (&stored);
      cop->status = status_for_ack (cop->ack);
      return TRUE;
    }
  if (error != NULL && *error != NULL)
    return FALSE;

  current = sn_hub_lookup_ticket (self, op, c->ticket);
  if (check_command (self, cop->who, c, current, &refusal))
    {
      SnTicket *t = sn_hub_stage_ticket (self, op, c->ticket);

      sn_ticket_add_history (t, apply_action (self, cop->who, c, t, now));
      if (!sn_hub_write_ticket (self, op, t, error))
        return FALSE;
      version = t->version;
    }
  else if (current != NULL && sn_principal_can_see (cop->who, current->district))
    version = current->version;

  cop->ack = sn_message_ack_new (c->id, refusal == NULL, version,
                                 refusal ? sn_protocol_error_to_code (refusal->code) : NULL,
                                 refusal ? refusal->message : NULL, NULL);
  cop->status = status_for_code (refusal ? sn_protocol_error_to_code (refusal->code) : NULL);
  return sn_store_record_command (self->store, c->id, now, cop->ack, error)
         && sn_hub_audit (self, cop->who, sn_action_to_string (c->action), c->ticket, c->id,
                          cop->origin, refusal ? sn_protocol_error_to_code (refusal->code) : "ok",
                          c->reason, error);
}

static void
command_finish (SnHub *self, SnHubOp *op, const GError *error)
{
  CommandOp *cop = (CommandOp *) op;

  if (error != NULL)
    {
      /* Not committed: say so, and keep nothing, so a resend with the same id applies. */
      g_free (cop->ack);
      cop->ack = sn_message_ack_new (cop->command->id, FALSE, 0, "internal", error->message, NULL);
      cop->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
  for (guint i = 0; i < cop->waiters->len; i++)
    {
      Waiter *w = &g_array_index (cop->waiters, Waiter, i);

      w->done (self, cop->ack, cop->status, w->user_data);
    }
}

static void
command_free (SnHubOp *op)
{
  CommandOp *cop = (CommandOp *) op;

  sn_principal_free (cop->who);
  g_free (cop->origin);
  sn_command_free (cop->command);
  g_array_unref (cop->waiters);
  g_free (cop->ack);
  sn_hub_op_clear (op);
  g_free (cop);
}

static SnPrincipal *
principal_copy (const SnPrincipal *who)
{
  SnPrincipal *copy = g_new0 (SnPrincipal, 1);

  copy->token_id = g_strdup (who->token_id);
  copy->name = g_strdup (who->name);
  copy->role = who->role;
  copy->districts = g_strdupv (who->districts);
  return copy;
}

void
sn_hub_submit_command (SnHub *self, const SnPrincipal *who, const char *origin, SnCommand *command,
                       SnCommandDone done, gpointer user_data)
{
  Waiter w = { done, user_data };
  CommandOp *cop = g_hash_table_lookup (self->pending_command_ids, command->id);

  if (cop != NULL)
    {
      /* The same id is already queued: answer both with its one outcome. */
      g_array_append_val (cop->waiters, w);
      sn_command_free (command);
      return;
    }
  cop = g_new0 (CommandOp, 1);
  sn_hub_op_init (&cop->op);
  cop->op.apply = command_apply;
  cop->op.finish = command_finish;
  cop->op.free = command_free;
  cop->who = principal_copy (who);
  cop->origin = g_strdup (origin);
  cop->command = command;
  cop->waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
  g_array_append_val (cop->waiters, w);
  g_hash_table_insert (self->pending_command_ids, g_strdup (command->id), cop);
  sn_hub_submit (self, &cop->op);
}
