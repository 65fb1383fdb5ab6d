/* sn-ticket.h — a work order (工单), a superset of an Open311 GeoReport v2 service request
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Where the request came in. */
typedef enum {
  SN_CHANNEL_PHONE,
  SN_CHANNEL_WEB,
  SN_CHANNEL_APP,
  SN_CHANNEL_WECHAT,
  SN_CHANNEL_OTHER,
  SN_N_CHANNELS
} SnChannel;

/* The time-limit class (办理时限) of a work order. */
typedef enum {
  SN_TICKET_TYPE_URGENT, /* 应急: 24 h on the wall clock */
  SN_TICKET_TYPE_CONSULTATION, /* 咨询/求助: 3 working days */
  SN_TICKET_TYPE_COMPLAINT, /* 投诉/建议: 13 working days */
  SN_N_TICKET_TYPES
} SnTicketType;

/* Life cycle: received 受理 → dispatched 派单 → accepted 签收 → in progress 处置 →
 * replied 办结/回复 → callback 回访 → closed 结案; side paths returned 退单 and
 * reopened 重办. */
typedef enum {
  SN_TICKET_STATE_RECEIVED,
  SN_TICKET_STATE_DISPATCHED,
  SN_TICKET_STATE_ACCEPTED,
  SN_TICKET_STATE_IN_PROGRESS,
  SN_TICKET_STATE_REPLIED,
  SN_TICKET_STATE_CALLBACK,
  SN_TICKET_STATE_CLOSED,
  SN_TICKET_STATE_RETURNED,
  SN_TICKET_STATE_REOPENED,
  SN_N_TICKET_STATES
} SnTicketState;

/* Escalation tiers: T0 warning → T1 urge 催办 → T2 supervise 督办 → T3 report 通报. */
typedef enum {
  SN_TIER_WARNING = 0,
  SN_TIER_URGE = 1,
  SN_TIER_SUPERVISE = 2,
  SN_TIER_REPORT = 3,
} SnTier;

typedef enum {
  SN_HISTORY_RECEIVED,
  SN_HISTORY_DISPATCHED,
  SN_HISTORY_ACCEPTED,
  SN_HISTORY_PROGRESS,
  SN_HISTORY_REPLIED,
  SN_HISTORY_CALLBACK,
  SN_HISTORY_CLOSED,
  SN_HISTORY_RETURNED, /* 退单: a unit sent it back */
  SN_HISTORY_TRANSFERRED, /* 转派/改派: moved to other units */
  SN_HISTORY_UNIT_ADDED, /* 加派 */
  SN_HISTORY_REOPENED,
  SN_HISTORY_EXTENDED, /* 延期 */
  SN_HISTORY_ESCALATED,
  SN_HISTORY_NOTE,
  SN_HISTORY_PAUSED,
  SN_HISTORY_RESUMED,
  SN_N_HISTORY_KINDS
} SnHistoryKind;

typedef struct
{
  gint64 time; /* unix seconds */
  SnHistoryKind kind;
  char *actor; /* who: a token's name, a unit, "ingest:<name>" */
  char **units; /* units involved, NULL-terminated, may be NULL */
  char *reason; /* free text, may be NULL */
  gint64 due; /* 督办 due date or new deadline, 0 when none */
  int tier; /* for ESCALATED, else -1 */
} SnHistoryEntry;

/* All times are unix seconds (UTC); 0 means "not set". */
typedef struct
{
  /* Open311 GeoReport v2 fields */
  char *service_request_id;
  char *service_code;
  char *service_name;
  char *description;
  char *status_notes;
  char *address;
  double lat;
  double lon;
  gboolean has_location;
  gint64 requested_at; /* requested_datetime */
  gint64 updated_at; /* updated_datetime */

  /* extensions */
  SnChannel channel;
  SnTicketType type;
  SnTicketState state;
  char *district; /* district code, e.g. "110105" */
  char *street; /* street office (街道/乡镇) */
  char **units; /* units assigned, NULL-terminated (agency_responsible) */
  int priority; /* 1 (highest) .. 5 */
  int tier; /* SnTier */
  int bounce_count; /* returns + transfers between units */
  gint64 version; /* increments by 1 on every change */

  gint64 dispatched_at; /* last dispatch (派单) */
  gint64 accepted_at; /* last acceptance (签收) */
  gint64 last_progress_at; /* last update by a unit or a supervisor */
  gint64 last_bounce_at; /* last return or transfer */
  gint64 reopened_at; /* last reopening (重办) */
  gint64 closed_at;
  gint64 escalation_due; /* 督办 due date */

  /* SLA clock */
  gint64 deadline_override; /* expected_datetime given by the source system, 0 if computed */
  gint64 extension_seconds; /* approved extensions, in the clock's units */
  gint64 paused_seconds; /* closed pauses, in the clock's units */
  gint64 paused_since; /* waiting for the citizen since, 0 when running */

  GPtrArray *history; /* of SnHistoryEntry*, may be NULL when not loaded */
} SnTicket;

#define SN_TYPE_TICKET (sn_ticket_get_type ())
GType sn_ticket_get_type (void) G_GNUC_CONST;

SnTicket *sn_ticket_new (const char *service_request_id);
SnTicket *sn_ticket_copy (const SnTicket *ticket);
void sn_ticket_free (SnTicket *ticket);

gboolean sn_ticket_is_open (const SnTicket *ticket);
gboolean sn_ticket_has_unit (const SnTicket *ticket, const char *unit);
void sn_ticket_set_units (SnTicket *ticket, const char *const *units);
void sn_ticket_add_history (SnTicket *ticket, SnHistoryEntry *entry);

SnHistoryEntry *sn_history_entry_new (gint64 time, SnHistoryKind kind, const char *actor,
                                      const char *reason);
SnHistoryEntry *sn_history_entry_copy (const SnHistoryEntry *entry);
void sn_history_entry_free (SnHistoryEntry *entry);

/* Stable machine names used by the protocol ("dispatched", "complaint", …). */
const char *sn_channel_to_string (SnChannel channel);
gboolean sn_channel_from_string (const char *s, SnChannel *out);
const char *sn_ticket_type_to_string (SnTicketType type);
gboolean sn_ticket_type_from_string (const char *s, SnTicketType *out);
const char *sn_ticket_state_to_string (SnTicketState state);
gboolean sn_ticket_state_from_string (const char *s, SnTicketState *out);
const char *sn_history_kind_to_string (SnHistoryKind kind);
gboolean sn_history_kind_from_string (const char *s, SnHistoryKind *out);
/* Translated, human names */
const char *sn_ticket_state_get_label (SnTicketState state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnTicket, sn_ticket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnHistoryEntry, sn_history_entry_free)

G_END_DECLS
