/* sn-ticket.c — a work order (工单)
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sn-json.h"
#include "sn-ticket.h"

G_DEFINE_BOXED_TYPE (SnTicket, sn_ticket, sn_ticket_copy, sn_ticket_free)

static const char *const channel_names[SN_N_CHANNELS] = {
  "phone", "web", "app", "wechat", "other",
};

static const char *const type_names[SN_N_TICKET_TYPES] = {
  "urgent",
  "consultation",
  "complaint",
};

static const char *const state_names[SN_N_TICKET_STATES] = {
  "received", "dispatched", "accepted", "in_progress", "replied",
  "callback", "closed",     "returned", "reopened",
};

static const char *const history_names[SN_N_HISTORY_KINDS] = {
  "received",  "dispatched", "accepted",    "progress",   "replied",  "callback",
  "closed",    "returned",   "transferred", "unit_added", "reopened", "extended",
  "escalated", "note",       "paused",      "resumed",
};

/* sn_lookup_name(), looking at the first letter before the rest: a million work orders each
 * name a channel, a type and a state. */
static gboolean
lookup_name (const char *const *names, guint n_names, const char *s, int *out)
{
  for (guint i = 0; s != NULL && i < n_names; i++)
    if (names[i][0] == s[0] && strcmp (names[i], s) == 0)
      {
        *out = (int) i;
        return TRUE;
      }
  return FALSE;
}

SnHistoryEntry *
sn_history_entry_new (gint64 time, SnHistoryKind kind, const char *actor, const char *reason)
{
  SnHistoryEntry *entry = g_new0 (SnHistoryEntry, 1);

  entry->time = time;
  entry->kind = kind;
  entry->actor = g_strdup (actor);
  entry->reason = g_strdup (reason);
  entry->tier = -1;
  return entry;
}

SnHistoryEntry *
sn_history_entry_copy (const SnHistoryEntry *entry)
{
  SnHistoryEntry *copy = g_new0 (SnHistoryEntry, 1);

  *copy = *entry;
  copy->actor = g_strdup (entry->actor);
  copy->units = g_strdupv (entry->units);
  copy->reason = g_strdup (entry->reason);
  return copy;
}

void
sn_history_entry_free (SnHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->actor);
  g_strfreev (entry->units);
  g_free (entry->reason);
  g_free (entry);
}

SnTicket *
sn_ticket_new (const char *service_request_id)
{
  SnTicket *ticket = g_new0 (SnTicket, 1);

  ticket->service_request_id = g_strdup (service_request_id);
  ticket->channel = SN_CHANNEL_PHONE;
  ticket->type = SN_TICKET_TYPE_COMPLAINT;
  ticket->state = SN_TICKET_STATE_RECEIVED;
  ticket->priority = 3;
  ticket->units = g_new0 (char *, 1);
  return ticket;
}

SnTicket *
sn_ticket_copy (const SnTicket *ticket)
{
  SnTicket *copy;

  g_return_val_if_fail (ticket != NULL, NULL);

  copy = g_new0 (SnTicket, 1);
  *copy = *ticket;
  copy->service_request_id = g_strdup (ticket->service_request_id);
  copy->service_code = g_strdup (ticket->service_code);
  copy->service_name = g_strdup (ticket->service_name);
  copy->description = g_strdup (ticket->description);
  copy->status_notes = g_strdup (ticket->status_notes);
  copy->address = g_strdup (ticket->address);
  copy->district = g_strdup (ticket->district);
  copy->street = g_strdup (ticket->street);
  copy->units = g_strdupv (ticket->units);
  copy->history = NULL;
  if (ticket->history != NULL)
    {
      copy->history = g_ptr_array_new_full (ticket->history->len,
                                            (GDestroyNotify) sn_history_entry_free);
      for (guint i = 0; i < ticket->history->len; i++)
        g_ptr_array_add (copy->history, sn_history_entry_copy (ticket->history->pdata[i]));
    }
  return copy;
}

void
sn_ticket_free (SnTicket *ticket)
{
  if (ticket == NULL)
    return;
  g_free (ticket->service_request_id);
  g_free (ticket->service_code);
  g_free (ticket->service_name);
  g_free (ticket->description);
  g_free (ticket->status_notes);
  g_free (ticket->address);
  g_free (ticket->district);
  g_free (ticket->street);
  g_strfreev (ticket->units);
  g_clear_pointer (&ticket->history, g_ptr_array_unref);
  g_free (ticket);
}

gboolean
sn_ticket_is_open (const SnTicket *ticket)
{
  return ticket->state != SN_TICKET_STATE_CLOSED;
}

gboolean
sn_ticket_has_unit (const SnTicket *ticket, const char *unit)
{
  return ticket->units != NULL && g_strv_contains ((const char *const *) ticket->units, unit);
}

void
sn_ticket_set_units (SnTicket *ticket, const char *const *units)
{
  g_strfreev (ticket->units);
  ticket->units = units != NULL ? g_strdupv ((char **) units) : g_new0 (char *, 1);
}

void
sn_ticket_add_history (SnTicket *ticket, SnHistoryEntry *entry)
{
  if (ticket->history == NULL)
    ticket->history = g_ptr_array_new_with_free_func ((GDestroyNotify) sn_history_entry_free);
  g_ptr_array_add (ticket->history, entry);
}

const char *
sn_channel_to_string (SnChannel channel)
{
  g_return_val_if_fail (channel < SN_N_CHANNELS, NULL);
  return channel_names[channel];
}

gboolean
sn_channel_from_string (const char *s, SnChannel *out)
{
  int v;

  if (!lookup_name (channel_names, SN_N_CHANNELS, s, &v))
    return FALSE;
  *out = (SnChannel) v;
  return TRUE;
}

const char *
sn_ticket_type_to_string (SnTicketType type)
{
  g_return_val_if_fail (type < SN_N_TICKET_TYPES, NULL);
  return type_names[type];
}

gboolean
sn_ticket_type_from_string (const char *s, SnTicketType *out)
{
  int v;

  if (!lookup_name (type_names, SN_N_TICKET_TYPES, s, &v))
    return FALSE;
  *out = (SnTicketType) v;
  return TRUE;
}

const char *
sn_ticket_state_to_string (SnTicketState state)
{
  g_return_val_if_fail (state < SN_N_TICKET_STATES, NULL);
  return state_names[state];
}

gboolean
sn_ticket_state_from_string (const char *s, SnTicketState *out)
{
  int v;

  if (!lookup_name (state_names, SN_N_TICKET_STATES, s, &v))
    return FALSE;
  *out = (SnTicketState) v;
  return TRUE;
}

const char *
sn_history_kind_to_string (SnHistoryKind kind)
{
  g_return_val_if_fail (kind < SN_N_HISTORY_KINDS, NULL);
  return history_names[kind];
}

gboolean
sn_history_kind_from_string (const char *s, SnHistoryKind *out)
{
  int v;

  if (!lookup_name (history_names, SN_N_HISTORY_KINDS, s, &v))
    return FALSE;
  *out = (SnHistoryKind) v;
  return TRUE;
}

const char *
sn_ticket_state_get_label (SnTicketState state)
{
  switch (state)
    {
      case SN_TICKET_STATE_RECEIVED:
        return _ ("Received");
      case SN_TICKET_STATE_DISPATCHED:
        return _ ("Dispatched");
      case SN_TICKET_STATE_ACCEPTED:
        return _ ("Accepted");
      case SN_TICKET_STATE_IN_PROGRESS:
        return _ ("In progress");
      case SN_TICKET_STATE_REPLIED:
        return _ ("Replied");
      case SN_TICKET_STATE_CALLBACK:
        return _ ("Callback");
      case SN_TICKET_STATE_CLOSED:
        return _ ("Closed");
      case SN_TICKET_STATE_RETURNED:
        return _ ("Returned");
      case SN_TICKET_STATE_REOPENED:
        return _ ("Reopened");
      case SN_N_TICKET_STATES:
      default:
        g_return_val_if_reached (NULL);
    }
}
