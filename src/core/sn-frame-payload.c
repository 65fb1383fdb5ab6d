/* sn-frame-payload.c — work orders, queues and agents read from a frame's tape
 *
 * sn_frame_read_ticket() follows sn_ticket_from_json() step by step, in its order, so that
 * a frame with several faults reports the same one; the messages are sn-json's. It reads into
 * a ticket whose strings are borrowed from the frame (nothing is allocated but the history),
 * and copies that once at the end; the console model packs the borrowed ticket itself.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sn-frame-private.h"
#include "sn-json.h"

/* In SnAgentState order. */
static const SnFrameField agent_fields[SN_N_AGENT_STATES] = {
  F_available, F_on_call, F_wrapup, F_paused, F_offline,
};

/* ── work orders (sn_ticket_from_json, step by step in its order) ──────────────── */

typedef struct
{
  SnFrame *f;
  SnTicket *t;
  SnFrameMembers obj;
  SnFrameMembers ext; /* "extended_attributes" */
  gboolean has_ext;
  gboolean has_state;
  gboolean has_units;
  gint64 deadline; /* expected_datetime, 0 when absent */
} TicketReader;

/* A field may sit at the top level or, Open311-style, inside "extended_attributes". */
static const SnFrameValue *
holder (TicketReader *r, SnFrameField field)
{
  return r->obj[field] != SN_FRAME_NONE || !r->has_ext ? r->obj : r->ext;
}

/* Borrowed: the string stays the frame's. */
static gboolean
read_string_field (TicketReader *r, const SnFrameValue *m, SnFrameField field, char **into,
                   GError **error)
{
  const char *s;
  gboolean present;

  if (!sn_frame_get_string (r->f, m, field, FALSE, &s, &present, error))
    return FALSE;
  if (present)
    *into = (char *) s;
  return TRUE;
}

static gboolean
read_text_fields (TicketReader *r, GError **error)
{
  SnTicket *t = r->t;

  return read_string_field (r, r->obj, F_service_code, &t->service_code, error)
         && read_string_field (r, r->obj, F_service_name, &t->service_name, error)
         && read_string_field (r, r->obj, F_description, &t->description, error)
         && read_string_field (r, r->obj, F_status_notes, &t->status_notes, error)
         && read_string_field (r, r->obj, F_address, &t->address, error)
         && read_string_field (r, holder (r, F_district), F_district, &t->district, error)
         && read_string_field (r, holder (r, F_street), F_street, &t->street, error);
}

static gboolean
read_times (TicketReader *r, GError **error)
{
  SnTicket *t = r->t;
  gboolean expected;

  /* As sn_ticket_apply_json() does, expected_datetime lands in deadline_override (and
   * "deadline_override", read later, replaces it when present); it is the view's deadline. */
  if (!sn_frame_get_time (r->f, r->obj, F_requested_datetime, FALSE, &t->requested_at, NULL, error)
      || !sn_frame_get_time (r->f, r->obj, F_updated_datetime, FALSE, &t->updated_at, NULL, error)
      || !sn_frame_get_time (r->f, r->obj, F_expected_datetime, FALSE, &t->deadline_override,
                             &expected, error))
    return FALSE;
  r->deadline = expected ? t->deadline_override : 0;
  return TRUE;
}

static gboolean
read_location (TicketReader *r, GError **error)
{
  double lat = 0, lon = 0;
  gboolean has_lat, has_lon;

  if (!sn_frame_get_double (r->f, r->obj, F_lat, &lat, &has_lat, error)
      || !sn_frame_get_double (r->f, r->obj, F_long, &lon, &has_lon, error))
    return FALSE;
  if (has_lat != has_lon)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MISSING_FIELD,
                   _ ("Fields “lat” and “long” must come together"));
      return FALSE;
    }
  if (has_lat && (lat < -90 || lat > 90 || lon < -180 || lon > 180))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Fields “lat” and “long” are out of range"));
      return FALSE;
    }
  if (has_lat)
    r->t->lat = lat, r->t->lon = lon, r->t->has_location = TRUE;
  return TRUE;
}

static gboolean
read_channel (TicketReader *r, GError **error)
{
  const char *s;
  gboolean present;

  if (r->obj[F_channel] == SN_FRAME_NONE && r->has_ext && r->ext[F_channel] != SN_FRAME_NONE)
    {
      /* Another system's channel names (Chicago's "open311"): unknown ones are "other". */
      s = sn_frame_member_string (r->f, r->ext, F_channel);
      if (s != NULL && !sn_channel_from_string (s, &r->t->channel))
        r->t->channel = SN_CHANNEL_OTHER;
      return TRUE;
    }
  if (!sn_frame_get_string (r->f, holder (r, F_channel), F_channel, FALSE, &s, &present, error))
    return FALSE;
  if (present && !sn_channel_from_string (s, &r->t->channel))
    return sn_frame_unknown_value (error, F_channel, s);
  return TRUE;
}

static gboolean
read_type_and_state (TicketReader *r, GError **error)
{
  const char *s;
  gboolean present;

  if (!sn_frame_get_string (r->f, holder (r, F_ticket_type), F_ticket_type, FALSE, &s, &present,
                            error))
    return FALSE;
  if (present && !sn_ticket_type_from_string (s, &r->t->type))
    return sn_frame_unknown_value (error, F_ticket_type, s);
  if (!sn_frame_get_string (r->f, holder (r, F_state), F_state, FALSE, &s, &r->has_state, error))
    return FALSE;
  if (r->has_state && !sn_ticket_state_from_string (s, &r->t->state))
    return sn_frame_unknown_value (error, F_state, s);
  return TRUE;
}

static gboolean
read_units_priority_paused (TicketReader *r, GError **error)
{
  char **units = NULL;
  gint64 priority = 0;
  gboolean present;

  if (!sn_frame_get_strv_borrowed (r->f, holder (r, F_units), F_units, &units, &r->has_units,
                                   error))
    return FALSE;
  if (r->has_units)
    r->t->units = units;
  if (!sn_frame_get_int (r->f, holder (r, F_priority), F_priority, FALSE, &priority, &present,
                         error))
    return FALSE;
  if (present && (priority < 1 || priority > 5))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” must be between %d and %d"), "priority", 1, 5);
      return FALSE;
    }
  if (present)
    r->t->priority = (int) priority;
  /* Checked, not kept: the hub's pause shows in paused_since. */
  return sn_frame_get_bool (r->f, holder (r, F_paused), F_paused, error);
}

/* Plain Open311: "status" is "open" or "closed"; "state" wins when both are there. */
static gboolean
read_status (TicketReader *r, GError **error)
{
  const char *status;
  gboolean present;

  if (r->has_state)
    return TRUE;
  if (!sn_frame_get_string (r->f, r->obj, F_status, FALSE, &status, &present, error))
    return FALSE;
  if (!present)
    return TRUE;
  if (g_ascii_strcasecmp (status, "closed") == 0)
    r->t->state = SN_TICKET_STATE_CLOSED;
  else if (g_ascii_strcasecmp (status, "open") != 0)
    return sn_frame_unknown_value (error, F_status, status);
  return TRUE;
}

static gboolean
read_agency (TicketReader *r, GError **error)
{
  const char *agency;
  gboolean present;

  if (r->has_units)
    return TRUE;
  if (!sn_frame_get_string (r->f, r->obj, F_agency_responsible, FALSE, &agency, &present, error))
    return FALSE;
  if (present && *agency != '\0')
    r->t->units = sn_frame_borrow_strv (r->f, agency);
  return TRUE;
}

static gboolean
read_hub_fields (TicketReader *r, GError **error)
{
  SnTicket *t = r->t;
  const struct
  {
    SnFrameField field;
    gint64 *out;
  } times[] = {
    { F_dispatched_datetime, &t->dispatched_at },
    { F_accepted_datetime, &t->accepted_at },
    { F_last_progress_datetime, &t->last_progress_at },
    { F_last_bounce_datetime, &t->last_bounce_at },
    { F_reopened_datetime, &t->reopened_at },
    { F_closed_datetime, &t->closed_at },
    { F_escalation_due, &t->escalation_due },
    { F_deadline_override, &t->deadline_override },
    { F_paused_since, &t->paused_since },
  };
  gint64 tier = t->tier, bounces = t->bounce_count;

  if (!sn_frame_get_int (r->f, r->obj, F_version, TRUE, &t->version, NULL, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    if (!sn_frame_get_time (r->f, r->obj, times[i].field, FALSE, times[i].out, NULL, error))
      return FALSE;
  if (!sn_frame_get_int (r->f, r->obj, F_tier, FALSE, &tier, NULL, error)
      || !sn_frame_get_int (r->f, r->obj, F_bounce_count, FALSE, &bounces, NULL, error)
      || !sn_frame_get_int (r->f, r->obj, F_extension_seconds, FALSE, &t->extension_seconds, NULL,
                            error)
      || !sn_frame_get_int (r->f, r->obj, F_paused_seconds, FALSE, &t->paused_seconds, NULL, error))
    return FALSE;
  t->tier = (int) tier;
  t->bounce_count = (int) bounces;
  return TRUE;
}

static gboolean
bad_stall (GError **error)
{
  return sn_frame_bad_field (error, F_stall, _ ("an array of {reason, since} objects"));
}

static gboolean
read_stalls (SnFrame *f, const SnFrameMembers m, SnStall *stalls, guint *n_stalls, GError **error)
{
  SnFrameValue v = sn_frame_get_member (f, m, F_stall), el;
  SnFrameIter iter;

  *n_stalls = 0;
  if (v == SN_FRAME_NONE)
    return TRUE;
  if (!sn_frame_is_array (f, v))
    return bad_stall (error);
  sn_frame_iter_init (&iter, f, v);
  while (*n_stalls < SN_N_STALL_REASONS && sn_frame_iter_next (&iter, &el))
    {
      SnStall *s = &stalls[*n_stalls];
      const char *reason;
      SnFrameMembers stall;

      if (!sn_frame_is_object (f, el))
        return bad_stall (error);
      sn_frame_collect (f, el, stall);
      if (!sn_frame_get_string (f, stall, F_reason, TRUE, &reason, NULL, NULL)
          || !sn_frame_get_time (f, stall, F_since, TRUE, &s->since, NULL, NULL)
          || !sn_stall_reason_from_string (reason, &s->reason))
        return bad_stall (error);
      (*n_stalls)++;
    }
  return TRUE;
}

/* sn_history_entry_from_json() */
static SnHistoryEntry *
read_history_entry (SnFrame *f, SnFrameValue value, GError **error)
{
  g_autoptr (SnHistoryEntry) entry = sn_history_entry_new (0, SN_HISTORY_NOTE, NULL, NULL);
  const char *kind, *actor = NULL, *reason = NULL;
  gint64 tier = -1;
  gboolean present;
  SnFrameMembers m;

  sn_frame_collect (f, value, m);
  if (!sn_frame_get_time (f, m, F_time, TRUE, &entry->time, NULL, error)
      || !sn_frame_get_string (f, m, F_kind, TRUE, &kind, NULL, error))
    return NULL;
  if (!sn_history_kind_from_string (kind, &entry->kind))
    {
      sn_frame_unknown_value (error, F_kind, kind);
      return NULL;
    }
  if (!sn_frame_get_string (f, m, F_actor, FALSE, &actor, NULL, error)
      || !sn_frame_get_string (f, m, F_reason, FALSE, &reason, NULL, error)
      || !sn_frame_get_strv (f, m, F_units, &entry->units, &present, error)
      || !sn_frame_get_time (f, m, F_due, FALSE, &entry->due, NULL, error)
      || !sn_frame_get_int (f, m, F_tier, FALSE, &tier, NULL, error))
    return NULL;
  entry->actor = g_strdup (actor);
  entry->reason = g_strdup (reason);
  entry->tier = (int) tier;
  return g_steal_pointer (&entry);
}

static gboolean
read_history (SnFrame *f, const SnFrameMembers m, SnTicket *t, GError **error)
{
  SnFrameValue v = sn_frame_get_member (f, m, F_history), el;
  SnFrameIter iter;

  if (v == SN_FRAME_NONE)
    return TRUE;
  if (!sn_frame_is_array (f, v))
    return sn_frame_bad_field (error, F_history, _ ("an array"));
  for (sn_frame_iter_init (&iter, f, v); sn_frame_iter_next (&iter, &el);)
    {
      SnHistoryEntry *entry;

      if (!sn_frame_is_object (f, el))
        return sn_frame_bad_field (error, F_history, _ ("an array of objects"));
      entry = read_history_entry (f, el, error);
      if (entry == NULL)
        return FALSE;
      sn_ticket_add_history (t, entry);
    }
  return TRUE;
}

/* What sn_ticket_new() gives, with the id borrowed. */
static void
init_borrowed (SnTicket *t, const char *id)
{
  static char *no_units[] = { NULL };

  memset (t, 0, sizeof *t);
  t->service_request_id = (char *) id;
  t->channel = SN_CHANNEL_PHONE;
  t->type = SN_TICKET_TYPE_COMPLAINT;
  t->state = SN_TICKET_STATE_RECEIVED;
  t->priority = 3;
  t->units = no_units;
}

gboolean
sn_frame_read_ticket_borrowed (SnFrame *frame, SnFrameValue value, SnTicket *ticket,
                               SnStall stalls[SN_N_STALL_REASONS], guint *n_stalls,
                               gint64 *deadline, GError **error)
{
  TicketReader r = { frame, ticket };
  SnFrameValue ext;
  const char *id;

  g_return_val_if_fail (sn_frame_is_object (frame, value), FALSE);

  sn_frame_collect (frame, value, r.obj);
  if (!sn_frame_get_string (frame, r.obj, F_service_request_id, TRUE, &id, NULL, error))
    return FALSE;
  init_borrowed (ticket, id);
  if (!sn_frame_get_object (frame, r.obj, F_extended_attributes, FALSE, &ext, error))
    return FALSE;
  if (ext != SN_FRAME_NONE)
    sn_frame_collect (frame, ext, r.ext), r.has_ext = TRUE;
  if (!read_text_fields (&r, error) || !read_times (&r, error) || !read_location (&r, error)
      || !read_channel (&r, error) || !read_type_and_state (&r, error)
      || !read_units_priority_paused (&r, error) || !read_status (&r, error)
      || !read_agency (&r, error) || !read_hub_fields (&r, error)
      || !read_stalls (frame, r.obj, stalls, n_stalls, error)
      || !read_history (frame, r.obj, ticket, error))
    {
      g_clear_pointer (&ticket->history, g_ptr_array_unref);
      return FALSE;
    }
  *deadline = r.deadline;
  return TRUE;
}

/* An owned copy of a borrowed ticket; its history moves. */
static SnTicket *
own_ticket (SnTicket *b)
{
  SnTicket *t = g_new (SnTicket, 1);

  *t = *b;
  t->service_request_id = g_strdup (b->service_request_id);
  t->service_code = g_strdup (b->service_code);
  t->service_name = g_strdup (b->service_name);
  t->description = g_strdup (b->description);
  t->status_notes = g_strdup (b->status_notes);
  t->address = g_strdup (b->address);
  t->district = g_strdup (b->district);
  t->street = g_strdup (b->street);
  t->units = g_strdupv (b->units);
  b->history = NULL;
  return t;
}

SnTicket *
sn_frame_read_ticket (SnFrame *frame, SnFrameValue value, SnStall stalls[SN_N_STALL_REASONS],
                      guint *n_stalls, gint64 *deadline, GError **error)
{
  SnStall local_stalls[SN_N_STALL_REASONS];
  guint local_n;
  gint64 local_deadline;
  SnTicket borrowed;

  if (!sn_frame_read_ticket_borrowed (frame, value, &borrowed,
                                      stalls != NULL ? stalls : local_stalls,
                                      n_stalls != NULL ? n_stalls : &local_n,
                                      deadline != NULL ? deadline : &local_deadline, error))
    return NULL;
  return own_ticket (&borrowed);
}
/* ── queues and agents ─────────────────────────────────────────────────────────── */

void
sn_queue_update_init (SnQueueUpdate *update)
{
  memset (update, 0, sizeof *update);
  update->paused_reasons = g_array_new (FALSE, FALSE, sizeof (SnPausedCount));
  update->intervals = g_array_new (FALSE, FALSE, sizeof (SnIntervalCounts));
  update->recent = g_array_new (FALSE, FALSE, sizeof (SnMinuteSample));
}

void
sn_queue_update_reset (SnQueueUpdate *update)
{
  GArray *paused_reasons = update->paused_reasons, *intervals = update->intervals;
  GArray *recent = update->recent;

  g_array_set_size (paused_reasons, 0);
  g_array_set_size (intervals, 0);
  g_array_set_size (recent, 0);
  memset (update, 0, sizeof *update);
  update->paused_reasons = paused_reasons;
  update->intervals = intervals;
  update->recent = recent;
}

void
sn_queue_update_clear (SnQueueUpdate *update)
{
  g_clear_pointer (&update->paused_reasons, g_array_unref);
  g_clear_pointer (&update->intervals, g_array_unref);
  g_clear_pointer (&update->recent, g_array_unref);
}

/* [minute, waiting, available]; anything else is skipped. */
static void
add_recent (SnFrame *f, SnFrameValue sample, SnQueueUpdate *u)
{
  SnFrameIter iter;
  SnFrameValue el;
  gint64 v[3];
  guint n = 0;

  for (sn_frame_iter_init (&iter, f, sample); n < 3 && sn_frame_iter_next (&iter, &el); n++)
    if (!sn_frame_value_int (f, el, &v[n]))
      return;
  if (n == 3)
    g_array_append_val (u->recent, ((SnMinuteSample){ v[0], (double) v[1], (double) v[2] }));
}

static void
read_agent_counts (SnFrame *f, SnFrameValue agents, SnQueueUpdate *u)
{
  SnFrameMembers m;
  SnFrameValue reasons, v;
  SnFrameIter iter;
  const char *name;

  sn_frame_collect (f, agents, m);
  for (guint i = 0; i < SN_N_AGENT_STATES; i++)
    u->agents[i] = (guint) sn_frame_member_int (f, m, agent_fields[i]);
  reasons = m[F_paused_reasons];
  if (!sn_frame_is_object (f, reasons))
    return;
  for (sn_frame_iter_init_object (&iter, f, reasons); sn_frame_iter_next_member (&iter, &name, &v);)
    {
      gint64 count = 0;
      SnPausedCount c = { name, 0, sn_frame_value_int (f, v, &count) };

      c.count = (guint) count;
      g_array_append_val (u->paused_reasons, c);
    }
}

static void
read_counters (SnFrame *f, SnFrameValue today, SnQueueCounters *c)
{
  SnFrameMembers m;

  sn_frame_collect (f, today, m);
  c->offered = (guint) sn_frame_member_int (f, m, F_offered);
  c->answered = (guint) sn_frame_member_int (f, m, F_answered);
  c->answered_within = (guint) sn_frame_member_int (f, m, F_answered_within);
  c->abandoned = (guint) sn_frame_member_int (f, m, F_abandoned);
  c->abandoned_within = (guint) sn_frame_member_int (f, m, F_abandoned_within);
  c->timed_out = (guint) sn_frame_member_int (f, m, F_timed_out);
  c->answer_wait_total = sn_frame_member_int (f, m, F_answer_wait_total);
  c->handled = (guint) sn_frame_member_int (f, m, F_handled);
  c->handle_total = sn_frame_member_int (f, m, F_handle_total);
}

static void
add_interval (SnFrame *f, SnFrameValue value, SnQueueUpdate *u)
{
  SnIntervalCounts c;
  SnFrameMembers m;

  sn_frame_collect (f, value, m);
  c.start = sn_frame_member_time (f, m, F_start);
  c.offered = (guint) sn_frame_member_int (f, m, F_offered);
  c.answered = (guint) sn_frame_member_int (f, m, F_answered);
  c.abandoned = (guint) sn_frame_member_int (f, m, F_abandoned);
  g_array_append_val (u->intervals, c);
}

gboolean
sn_frame_read_queue (SnFrame *frame, SnFrameValue value, SnQueueUpdate *update, GError **error)
{
  SnFrameValue agents, today, el;
  SnFrameIter iter;
  SnFrameMembers m;

  g_return_val_if_fail (sn_frame_is_object (frame, value), FALSE);

  sn_queue_update_reset (update);
  sn_frame_collect (frame, value, m);
  if (!sn_frame_get_string (frame, m, F_queue, TRUE, &update->name, NULL, error)
      || !sn_frame_get_object (frame, m, F_agents, TRUE, &agents, error)
      || !sn_frame_get_object (frame, m, F_today, TRUE, &today, error))
    return FALSE;
  update->waiting = (guint) sn_frame_member_int (frame, m, F_waiting);
  update->longest_wait_since = sn_frame_member_time (frame, m, F_longest_wait_since);
  read_agent_counts (frame, agents, update);
  update->day = sn_frame_member_string (frame, m, F_day);
  read_counters (frame, today, &update->today);
  if (sn_frame_is_object (frame, m[F_interval]))
    add_interval (frame, m[F_interval], update);
  if (sn_frame_is_array (frame, m[F_intervals]))
    for (sn_frame_iter_init (&iter, frame, m[F_intervals]); sn_frame_iter_next (&iter, &el);)
      if (sn_frame_is_object (frame, el))
        add_interval (frame, el, update);
  if (sn_frame_is_array (frame, m[F_recent]))
    for (sn_frame_iter_init (&iter, frame, m[F_recent]); sn_frame_iter_next (&iter, &el);)
      if (sn_frame_is_array (frame, el))
        add_recent (frame, el, update);
  return TRUE;
}

gboolean
sn_frame_read_agent (SnFrame *frame, SnFrameValue value, const char **agent, SnAgentState *state,
                     GError **error)
{
  const char *s;
  SnFrameMembers m;

  g_return_val_if_fail (sn_frame_is_object (frame, value), FALSE);

  sn_frame_collect (frame, value, m);
  if (!sn_frame_get_string (frame, m, F_agent, TRUE, agent, NULL, error)
      || !sn_frame_get_string (frame, m, F_state, TRUE, &s, NULL, error))
    return FALSE;
  if (!sn_agent_state_from_string (s, state))
    return sn_frame_unknown_value (error, F_state, s);
  return TRUE;
}

/* ── the same from a JsonObject ────────────────────────────────────────────────── */

static gint64
json_member_int (JsonObject *obj, const char *name)
{
  gint64 v = 0;

  sn_json_get_int (obj, name, FALSE, &v, NULL);
  return v;
}

static gint64
json_member_time (JsonObject *obj, const char *name)
{
  gint64 v = 0;

  sn_json_get_time (obj, name, FALSE, &v, NULL);
  return v;
}

static void
read_json_counters (JsonObject *obj, SnQueueCounters *c)
{
  c->offered = (guint) json_member_int (obj, "offered");
  c->answered = (guint) json_member_int (obj, "answered");
  c->answered_within = (guint) json_member_int (obj, "answered_within");
  c->abandoned = (guint) json_member_int (obj, "abandoned");
  c->abandoned_within = (guint) json_member_int (obj, "abandoned_within");
  c->timed_out = (guint) json_member_int (obj, "timed_out");
  c->answer_wait_total = json_member_int (obj, "answer_wait_total");
  c->handled = (guint) json_member_int (obj, "handled");
  c->handle_total = json_member_int (obj, "handle_total");
}

static void
read_json_interval (SnQueueUpdate *u, JsonObject *obj)
{
  SnIntervalCounts c;

  c.start = json_member_time (obj, "start");
  c.offered = (guint) json_member_int (obj, "offered");
  c.answered = (guint) json_member_int (obj, "answered");
  c.abandoned = (guint) json_member_int (obj, "abandoned");
  g_array_append_val (u->intervals, c);
}

static void
read_json_agents (SnQueueUpdate *u, JsonObject *agents)
{
  JsonObject *reasons = NULL;
  JsonObjectIter iter;
  const char *reason;
  JsonNode *node;

  for (guint i = 0; i < SN_N_AGENT_STATES; i++)
    u->agents[i] = (guint) json_member_int (agents, sn_frame_field_name (agent_fields[i]));
  if (!sn_json_get_object (agents, "paused_reasons", FALSE, &reasons, NULL))
    return;
  json_object_iter_init (&iter, reasons);
  while (json_object_iter_next (&iter, &reason, &node))
    {
      gboolean counted = json_node_get_value_type (node) == G_TYPE_INT64;
      SnPausedCount c = { reason, counted ? (guint) json_node_get_int (node) : 0, counted };

      g_array_append_val (u->paused_reasons, c);
    }
}

static void
read_json_recent (SnQueueUpdate *u, JsonNode *recent)
{
  JsonArray *array;

  if (recent == NULL || !JSON_NODE_HOLDS_ARRAY (recent))
    return;
  array = json_node_get_array (recent);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);
      JsonArray *a = JSON_NODE_HOLDS_ARRAY (el) ? json_node_get_array (el) : NULL;
      gboolean ok = a != NULL && json_array_get_length (a) == 3;

      for (guint k = 0; ok && k < 3; k++)
        ok = json_node_get_value_type (json_array_get_element (a, k)) == G_TYPE_INT64;
      if (ok)
        g_array_append_val (u->recent,
                            ((SnMinuteSample){ json_array_get_int_element (a, 0),
                                               (double) json_array_get_int_element (a, 1),
                                               (double) json_array_get_int_element (a, 2) }));
    }
}

gboolean
sn_queue_update_read_json (SnQueueUpdate *u, JsonObject *obj, GError **error)
{
  JsonObject *agents = NULL, *today = NULL, *interval = NULL;
  JsonNode *intervals = json_object_get_member (obj, "intervals");

  sn_queue_update_reset (u);
  if (!sn_json_get_string (obj, "queue", TRUE, &u->name, error)
      || !sn_json_get_object (obj, "agents", TRUE, &agents, error)
      || !sn_json_get_object (obj, "today", TRUE, &today, error))
    return FALSE;
  u->waiting = (guint) json_member_int (obj, "waiting");
  u->longest_wait_since = json_member_time (obj, "longest_wait_since");
  read_json_agents (u, agents);
  sn_json_get_string (obj, "day", FALSE, &u->day, NULL);
  read_json_counters (today, &u->today);
  if (sn_json_get_object (obj, "interval", FALSE, &interval, NULL))
    read_json_interval (u, interval);
  if (intervals != NULL && JSON_NODE_HOLDS_ARRAY (intervals))
    {
      JsonArray *array = json_node_get_array (intervals);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
          read_json_interval (u, json_array_get_object_element (array, i));
    }
  read_json_recent (u, json_object_get_member (obj, "recent"));
  return TRUE;
}

gboolean
sn_agent_read_json (JsonObject *obj, const char **id, SnAgentState *state, GError **error)
{
  const char *s;

  if (!sn_json_get_string (obj, "agent", TRUE, id, error)
      || !sn_json_get_string (obj, "state", TRUE, &s, error))
    return FALSE;
  if (!sn_agent_state_from_string (s, state))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” has an unknown value “%s”"), "state", s);
      return FALSE;
    }
  return TRUE;
}
