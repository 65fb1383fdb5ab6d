/* sn-commands.c — the console's outbox of supervisor commands, and compensating commands
 *
 * The outbox keeps every command until the hub acknowledges it. The hub records each id
 * with its outcome in the same transaction as the effect, so a command whose ack was lost
 * is resent as it was, same id and same expected_version: it applies at most once, and the
 * resend is answered with the first outcome.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sn-commands.h"

struct _SnOutbox
{
  GQueue entries; /* of SnOutboxEntry*, oldest first */
  GHashTable *by_id; /* id (owned by the entry) → GList* link in entries */
  GHashTable *by_ticket; /* ticket (owned) → GUINT_TO_POINTER (count) */
};

void
sn_outbox_entry_free (SnOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  sn_command_free (entry->command);
  g_free (entry);
}

SnOutbox *
sn_outbox_new (void)
{
  SnOutbox *outbox = g_new0 (SnOutbox, 1);

  g_queue_init (&outbox->entries);
  outbox->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  outbox->by_ticket = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return outbox;
}

void
sn_outbox_free (SnOutbox *outbox)
{
  if (outbox == NULL)
    return;
  g_hash_table_unref (outbox->by_id);
  g_hash_table_unref (outbox->by_ticket);
  g_queue_clear_full (&outbox->entries, (GDestroyNotify) sn_outbox_entry_free);
  g_free (outbox);
}

SnOutboxEntry *
sn_outbox_add (SnOutbox *outbox, SnCommand *command)
{
  SnOutboxEntry *entry;
  guint count;

  g_return_val_if_fail (outbox != NULL, NULL);
  g_return_val_if_fail (command != NULL && command->id != NULL && command->ticket != NULL, NULL);

  if (g_hash_table_contains (outbox->by_id, command->id))
    {
      sn_command_free (command);
      return NULL;
    }
  entry = g_new0 (SnOutboxEntry, 1);
  entry->command = command;
  entry->state = SN_COMMAND_QUEUED;
  entry->created_at = g_get_real_time ();
  g_queue_push_tail (&outbox->entries, entry);
  g_hash_table_insert (outbox->by_id, command->id, outbox->entries.tail);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (outbox->by_ticket, command->ticket));
  g_hash_table_insert (outbox->by_ticket, g_strdup (command->ticket), GUINT_TO_POINTER (count + 1));
  return entry;
}

SnOutboxEntry *
sn_outbox_lookup (SnOutbox *outbox, const char *id)
{
  GList *link;

  g_return_val_if_fail (outbox != NULL, NULL);

  link = id != NULL ? g_hash_table_lookup (outbox->by_id, id) : NULL;
  return link != NULL ? link->data : NULL;
}

SnOutboxEntry *
sn_outbox_steal (SnOutbox *outbox, const char *id)
{
  GList *link;
  SnOutboxEntry *entry;
  const char *ticket;
  guint count;

  g_return_val_if_fail (outbox != NULL, NULL);

  link = id != NULL ? g_hash_table_lookup (outbox->by_id, id) : NULL;
  if (link == NULL)
    return NULL;
  entry = link->data;
  g_hash_table_remove (outbox->by_id, entry->command->id);
  g_queue_delete_link (&outbox->entries, link);
  ticket = entry->command->ticket;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (outbox->by_ticket, ticket));
  if (count <= 1)
    g_hash_table_remove (outbox->by_ticket, ticket);
  else
    g_hash_table_insert (outbox->by_ticket, g_strdup (ticket), GUINT_TO_POINTER (count - 1));
  return entry;
}

guint
sn_outbox_get_size (SnOutbox *outbox)
{
  g_return_val_if_fail (outbox != NULL, 0);
  return outbox->entries.length;
}

gboolean
sn_outbox_has_ticket (SnOutbox *outbox, const char *ticket)
{
  g_return_val_if_fail (outbox != NULL, FALSE);
  return ticket != NULL && g_hash_table_contains (outbox->by_ticket, ticket);
}

SnOutboxEntry *
sn_outbox_peek (SnOutbox *outbox)
{
  g_return_val_if_fail (outbox != NULL, NULL);
  return g_queue_peek_head (&outbox->entries);
}

void
sn_outbox_foreach (SnOutbox *outbox, GFunc func, gpointer user_data)
{
  g_return_if_fail (outbox != NULL);
  g_queue_foreach (&outbox->entries, func, user_data);
}

void
sn_outbox_requeue_sent (SnOutbox *outbox)
{
  g_return_if_fail (outbox != NULL);

  for (GList *l = outbox->entries.head; l != NULL; l = l->next)
    {
      SnOutboxEntry *entry = l->data;

      if (entry->state == SN_COMMAND_SENT)
        entry->state = SN_COMMAND_QUEUED;
    }
}

/* ── compensating commands ─────────────────────────────────────────────────────── */

SnCommand *
sn_command_dup (const SnCommand *command)
{
  SnCommand *copy;

  g_return_val_if_fail (command != NULL, NULL);

  copy = g_new0 (SnCommand, 1);
  copy->id = g_strdup (command->id);
  copy->ticket = g_strdup (command->ticket);
  copy->action = command->action;
  copy->expected_version = command->expected_version;
  copy->reason = g_strdup (command->reason);
  copy->units = g_strdupv (command->units);
  copy->due = command->due;
  copy->deadline = command->deadline;
  return copy;
}

gboolean
sn_action_is_reversible (SnAction action)
{
  switch (action)
    {
      case SN_ACTION_REASSIGN:
        return TRUE;
      case SN_ACTION_ADD_UNIT: /* no command removes a unit */
      case SN_ACTION_ESCALATE: /* tiers only go up */
      case SN_ACTION_EXTEND: /* an extension cannot be shortened */
      case SN_ACTION_NOTE: /* the history is append-only */
      case SN_N_ACTIONS:
      default:
        return FALSE;
    }
}

/* Whether two unit lists hold the same units, in any order. */
static gboolean
same_units (const char *const *a, const char *const *b)
{
  guint na = a != NULL ? g_strv_length ((char **) a) : 0;
  guint nb = b != NULL ? g_strv_length ((char **) b) : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (!g_strv_contains (b, a[i]))
      return FALSE;
  return TRUE;
}

static char *
undo_reason (const char *reason)
{
  /* TRANSLATORS: the reason recorded for undoing a supervisor's action; %s is the reason
   * the action was taken with. */
  g_autofree char *text = g_strdup_printf (_ ("Undo: %s"), reason != NULL ? reason : "");

  if (g_utf8_strlen (text, -1) <= SN_REASON_MAX)
    return g_steal_pointer (&text);
  return g_utf8_substring (text, 0, SN_REASON_MAX);
}

SnCommand *
sn_command_new_compensating (const SnCommand *done, const SnTicketView *before, gint64 new_version)
{
  SnCommand *undo;
  const char *const *units;

  g_return_val_if_fail (done != NULL, NULL);

  if (!sn_action_is_reversible (done->action) || before == NULL || before->ticket == NULL)
    return NULL;
  units = (const char *const *) before->ticket->units;
  /* A ticket that had no unit cannot be reassigned to none; one that had the same units was
   * not moved. */
  if (units == NULL || units[0] == NULL || same_units (units, (const char *const *) done->units))
    return NULL;
  undo = g_new0 (SnCommand, 1);
  undo->ticket = g_strdup (done->ticket);
  undo->action = SN_ACTION_REASSIGN;
  undo->expected_version = new_version;
  undo->reason = undo_reason (done->reason);
  undo->units = g_strdupv ((char **) units);
  return undo;
}
