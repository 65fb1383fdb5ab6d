/* sn-sla.h — the SLA clock of a work order and the stall rules
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-calendar.h"
#include "sn-ticket.h"

G_BEGIN_DECLS

/* Thresholds; sn_sla_rules_init() sets DESIGN.md's defaults. */
typedef struct
{
  gint64 urgent_limit_seconds; /* 24 h, wall clock */
  int consultation_limit_days; /* 3 working days */
  int complaint_limit_days; /* 13 working days */
  gint64 unaccepted_working_seconds; /* 2 working hours */
  gint64 unaccepted_urgent_seconds; /* 30 min, wall clock */
  gint64 silent_seconds; /* 24 h, wall clock */
  double at_risk_fraction; /* 0.8 of the time limit used */
  int bouncing_count; /* 2 returns/transfers */
} SnSlaRules;

void sn_sla_rules_init (SnSlaRules *rules);

/* Urgent tickets run on the wall clock; the others on the calendar's working time. */
gboolean sn_sla_uses_working_time (SnTicketType type);
/* The base time limit of @type, in its clock's seconds. */
gint64 sn_sla_time_limit (const SnSlaRules *rules, SnCalendar *calendar, SnTicketType type);
/* Seconds on the ticket's clock between @a and @b. */
gint64 sn_sla_clock_seconds_between (SnCalendar *calendar, SnTicketType type, gint64 a, gint64 b);

/* The deadline: requested_at + limit + extensions + pauses, on the ticket's clock; a ticket
 * whose source gave an expected_datetime (deadline_override) uses that plus extensions.
 * While paused, the deadline moves with @now. */
gint64 sn_sla_deadline (const SnTicket *ticket, SnCalendar *calendar, const SnSlaRules *rules,
                        gint64 now);
/* Share of the time limit (with extensions) used at @now, pauses excluded: 0.0 .. >1.0. */
double sn_sla_fraction_used (const SnTicket *ticket, SnCalendar *calendar, const SnSlaRules *rules,
                             gint64 now);

typedef enum {
  SN_STALL_UNACCEPTED, /* 未签收 */
  SN_STALL_SILENT, /* 无进展 */
  SN_STALL_AT_RISK, /* 临期 */
  SN_STALL_OVERDUE, /* 超期 */
  SN_STALL_BOUNCING, /* 反复退单 */
  SN_STALL_REOPENED, /* 重办 */
  SN_N_STALL_REASONS
} SnStallReason;

typedef struct
{
  SnStallReason reason;
  gint64 since; /* when the reason began; its age is now - since */
} SnStall;

const char *sn_stall_reason_to_string (SnStallReason reason);
gboolean sn_stall_reason_from_string (const char *s, SnStallReason *out);
const char *sn_stall_reason_get_label (SnStallReason reason);

/* Every stall reason of @ticket at @now, in SnStallReason order, written to @out; returns
 * how many. @next_change (may be NULL) receives the earliest instant after @now at which the
 * result would change with no new event (G_MAXINT64 if never). Closed tickets have none. */
guint sn_stall_evaluate (const SnTicket *ticket, SnCalendar *calendar, const SnSlaRules *rules,
                         gint64 now, SnStall out[SN_N_STALL_REASONS], gint64 *next_change);

G_END_DECLS
