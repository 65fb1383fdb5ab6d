/* sn-commands.h — the console's outbox of supervisor commands, kept until the hub acks each
 * one, and the compensating commands that undo an action
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-console-model.h"
#include "sn-protocol.h"

G_BEGIN_DECLS

typedef enum {
  SN_COMMAND_QUEUED, /* waiting to be sent: offline, or waiting to retry after rate_limited */
  SN_COMMAND_SENT, /* sent on the current connection; waiting for the hub's ack */
  SN_COMMAND_ACKED, /* applied (seen only while "command-finished" is emitted) */
  SN_COMMAND_REFUSED, /* refused for good (seen only while "command-finished" is emitted) */
} SnCommandState;

typedef struct
{
  SnCommand *command; /* id always set */
  SnCommandState state;
  guint sends; /* times sent, over every connection */
  guint retries; /* rate_limited and internal answers so far */
  gint64 retry_at; /* monotonic µs before which it is not sent again (0: any time) */
  gint64 created_at; /* real µs */
} SnOutboxEntry;

void sn_outbox_entry_free (SnOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnOutboxEntry, sn_outbox_entry_free)

/* Pending commands in the order they were added, by id and by ticket. */
typedef struct _SnOutbox SnOutbox;

SnOutbox *sn_outbox_new (void);
void sn_outbox_free (SnOutbox *outbox);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnOutbox, sn_outbox_free)

/* Takes @command, whose id and ticket must be set, as a QUEUED entry; returns NULL (and
 * frees @command) when a command with that id is already in the outbox. */
SnOutboxEntry *sn_outbox_add (SnOutbox *outbox, SnCommand *command);
SnOutboxEntry *sn_outbox_lookup (SnOutbox *outbox, const char *id);
/* Removes the entry and gives it to the caller; NULL when there is none. */
SnOutboxEntry *sn_outbox_steal (SnOutbox *outbox, const char *id);
guint sn_outbox_get_size (SnOutbox *outbox);
/* Whether a command on @ticket is in the outbox. */
gboolean sn_outbox_has_ticket (SnOutbox *outbox, const char *ticket);
/* The oldest entry, or NULL when empty. */
SnOutboxEntry *sn_outbox_peek (SnOutbox *outbox);
/* Calls @func on every entry, oldest first; @func must not add or remove entries. */
void sn_outbox_foreach (SnOutbox *outbox, GFunc func, gpointer user_data);
/* The connection that carried the SENT entries is gone: they are QUEUED again, to be resent
 * with the same id. */
void sn_outbox_requeue_sent (SnOutbox *outbox);

/* A deep copy. */
SnCommand *sn_command_dup (const SnCommand *command);

/* Which actions a compensating command can undo:
 *   reassign (转派/改派)  yes: reassign back to the units the ticket had before. The ticket
 *                         goes back to "dispatched" (as any reassignment does), both moves
 *                         stay in the history and each counts as a bounce.
 *   add_unit (加派)       no: the protocol has no command that removes a unit.
 *   escalate             no: tiers only go up.
 *   extend (延期)         no: an approved extension cannot be shortened.
 *   note                 no: the history is append-only.
 */
gboolean sn_action_is_reversible (SnAction action);

/* The command that undoes @done (which the hub applied, giving the ticket @new_version),
 * given the ticket as the console saw it before (@before). Its id is NULL (the client fills
 * one in), its expected_version is @new_version, and its reason says it undoes @done's.
 * NULL when @done cannot be undone (see above), or when @before had no units to go back to. */
SnCommand *sn_command_new_compensating (const SnCommand *done, const SnTicketView *before,
                                        gint64 new_version);

G_END_DECLS
