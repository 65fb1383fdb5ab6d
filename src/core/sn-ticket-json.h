/* sn-ticket-json.h — work orders as Open311 GeoReport v2 service requests, plus extensions
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sn-sla.h"
#include "sn-ticket.h"

G_BEGIN_DECLS

/* What the writer adds beyond the stored fields: the computed deadline and stall reasons. */
typedef struct
{
  gint64 deadline; /* expected_datetime; 0 to omit */
  double time_limit_used; /* share of the time limit used; < 0 to omit */
  const SnStall *stalls;
  guint n_stalls;
  gboolean with_history;
} SnTicketJsonExtras;

/* Adds @ticket as an object value to @builder (which must expect a value). */
void sn_ticket_to_json (const SnTicket *ticket, const SnTicketJsonExtras *extras,
                        JsonBuilder *builder);

/* Which fields a JSON object carried, so an update changes only those. */
typedef enum {
  SN_TICKET_FIELD_SERVICE_CODE = 1 << 0,
  SN_TICKET_FIELD_SERVICE_NAME = 1 << 1,
  SN_TICKET_FIELD_DESCRIPTION = 1 << 2,
  SN_TICKET_FIELD_STATUS_NOTES = 1 << 3,
  SN_TICKET_FIELD_ADDRESS = 1 << 4,
  SN_TICKET_FIELD_LOCATION = 1 << 5,
  SN_TICKET_FIELD_REQUESTED = 1 << 6,
  SN_TICKET_FIELD_UPDATED = 1 << 7,
  SN_TICKET_FIELD_CHANNEL = 1 << 8,
  SN_TICKET_FIELD_TYPE = 1 << 9,
  SN_TICKET_FIELD_STATE = 1 << 10,
  SN_TICKET_FIELD_DISTRICT = 1 << 11,
  SN_TICKET_FIELD_STREET = 1 << 12,
  SN_TICKET_FIELD_UNITS = 1 << 13,
  SN_TICKET_FIELD_PRIORITY = 1 << 14,
  SN_TICKET_FIELD_DEADLINE = 1 << 15,
  SN_TICKET_FIELD_PAUSED = 1 << 16,
} SnTicketField;

/* Reads an Open311-shaped request (with our extensions, at the top level or inside
 * "extended_attributes") onto @ticket. Validates everything before changing anything: on
 * error @ticket is untouched. @fields receives the fields that were present. Fields kept by
 * the hub (version, bounce_count, tier, history, the *_datetime of life-cycle steps) are
 * read only by sn_ticket_from_json(). */
gboolean sn_ticket_apply_json (SnTicket *ticket, JsonObject *obj, guint *fields, GError **error);

/* Reads a full ticket as the hub sends it (console side), including version, tier,
 * bounce count, life-cycle times and history. Stall reasons and deadline, which are
 * computed, go to @stalls/@n_stalls (may be NULL) and @deadline. */
SnTicket *sn_ticket_from_json (JsonObject *obj, SnStall stalls[SN_N_STALL_REASONS], guint *n_stalls,
                               gint64 *deadline, GError **error);

void sn_history_entry_to_json (const SnHistoryEntry *entry, JsonBuilder *builder);
SnHistoryEntry *sn_history_entry_from_json (JsonObject *obj, GError **error);

G_END_DECLS
