/* sn-frame-private.h — the tape of a loaded frame, as sn-frame-payload.c reads it
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-frame.h"

G_BEGIN_DECLS

/* Every member name a decoder reads, written once: F_<name> and its string come from the
 * same list. A name shared by several objects ("state", "units", "offered") is one field. */
#define SN_FRAME_FIELDS(X)                                                                         \
  X (type)                                                                                         \
  X (epoch)                                                                                        \
  X (seq)                                                                                          \
  X (kind)                                                                                         \
  X (time)                                                                                         \
  X (payload)                                                                                      \
  X (part)                                                                                         \
  X (last)                                                                                         \
  X (head)                                                                                         \
  X (tickets)                                                                                      \
  X (queues)                                                                                       \
  X (agents)                                                                                       \
  X (service_request_id)                                                                           \
  X (extended_attributes)                                                                          \
  X (service_code)                                                                                 \
  X (service_name)                                                                                 \
  X (description)                                                                                  \
  X (status_notes)                                                                                 \
  X (address)                                                                                      \
  X (district)                                                                                     \
  X (street)                                                                                       \
  X (requested_datetime)                                                                           \
  X (updated_datetime)                                                                             \
  X (expected_datetime)                                                                            \
  X (lat)                                                                                          \
  X (long)                                                                                         \
  X (channel)                                                                                      \
  X (ticket_type)                                                                                  \
  X (state)                                                                                        \
  X (units)                                                                                        \
  X (priority)                                                                                     \
  X (paused)                                                                                       \
  X (status)                                                                                       \
  X (agency_responsible)                                                                           \
  X (version)                                                                                      \
  X (dispatched_datetime)                                                                          \
  X (accepted_datetime)                                                                            \
  X (last_progress_datetime)                                                                       \
  X (last_bounce_datetime)                                                                         \
  X (reopened_datetime)                                                                            \
  X (closed_datetime)                                                                              \
  X (escalation_due)                                                                               \
  X (deadline_override)                                                                            \
  X (paused_since)                                                                                 \
  X (tier)                                                                                         \
  X (bounce_count)                                                                                 \
  X (extension_seconds)                                                                            \
  X (paused_seconds)                                                                               \
  X (stall)                                                                                        \
  X (history)                                                                                      \
  X (reason)                                                                                       \
  X (since)                                                                                        \
  X (actor)                                                                                        \
  X (due)                                                                                          \
  X (queue)                                                                                        \
  X (waiting)                                                                                      \
  X (longest_wait_since)                                                                           \
  X (day)                                                                                          \
  X (today)                                                                                        \
  X (interval)                                                                                     \
  X (intervals)                                                                                    \
  X (recent)                                                                                       \
  X (available)                                                                                    \
  X (on_call)                                                                                      \
  X (wrapup)                                                                                       \
  X (offline)                                                                                      \
  X (paused_reasons)                                                                               \
  X (offered)                                                                                      \
  X (answered)                                                                                     \
  X (answered_within)                                                                              \
  X (abandoned)                                                                                    \
  X (abandoned_within)                                                                             \
  X (timed_out)                                                                                    \
  X (answer_wait_total)                                                                            \
  X (handled)                                                                                      \
  X (handle_total)                                                                                 \
  X (start)                                                                                        \
  X (agent)

#define SN_FRAME_FIELD_ENUM(name) F_##name,
typedef enum { SN_FRAME_FIELDS (SN_FRAME_FIELD_ENUM) SN_FRAME_N_FIELDS } SnFrameField;
#undef SN_FRAME_FIELD_ENUM

/* The value of each known member of one object; SN_FRAME_NONE when absent. */
typedef guint SnFrameMembers[SN_FRAME_N_FIELDS];

const char *sn_frame_field_name (SnFrameField field);

/* Fills @members from the object @object. A repeated name keeps its last value, as
 * json_object_set_member() does. */
void sn_frame_collect (SnFrame *frame, SnFrameValue object, SnFrameMembers members);

/* The members of an object, in order. */
void sn_frame_iter_init_object (SnFrameIter *iter, SnFrame *frame, SnFrameValue object);
gboolean sn_frame_iter_next_member (SnFrameIter *iter, const char **name, SnFrameValue *value);

/* Whether @value is an integer, and which. */
gboolean sn_frame_value_int (SnFrame *frame, SnFrameValue value, gint64 *out);

/* sn_json_get_*() over collected members: JSON null counts as missing; a missing member is
 * MISSING_FIELD when @required; a member of the wrong type is BAD_FIELD, with sn-json's
 * messages. Each returns FALSE only on error; @present (may be NULL) says whether the
 * member was there, and @out is written only when it was. */
gboolean sn_frame_get_string (SnFrame *frame, const SnFrameMembers m, SnFrameField field,
                              gboolean required, const char **out, gboolean *present,
                              GError **error);
gboolean sn_frame_get_int (SnFrame *frame, const SnFrameMembers m, SnFrameField field,
                           gboolean required, gint64 *out, gboolean *present, GError **error);
gboolean sn_frame_get_double (SnFrame *frame, const SnFrameMembers m, SnFrameField field,
                              double *out, gboolean *present, GError **error);
gboolean sn_frame_get_bool (SnFrame *frame, const SnFrameMembers m, SnFrameField field,
                            GError **error);
gboolean sn_frame_get_time (SnFrame *frame, const SnFrameMembers m, SnFrameField field,
                            gboolean required, gint64 *out, gboolean *present, GError **error);
/* @out is SN_FRAME_NONE when the member is absent. */
gboolean sn_frame_get_object (SnFrame *frame, const SnFrameMembers m, SnFrameField field,
                              gboolean required, SnFrameValue *out, GError **error);
/* An array of non-empty strings, as a NULL-terminated copy. */
gboolean sn_frame_get_strv (SnFrame *frame, const SnFrameMembers m, SnFrameField field, char ***out,
                            gboolean *present, GError **error);
/* The same without copying: the strings are the frame's and the array is one the frame lends,
 * valid until the next sn_frame_load() or the next borrowed array. */
gboolean sn_frame_get_strv_borrowed (SnFrame *frame, const SnFrameMembers m, SnFrameField field,
                                     char ***out, gboolean *present, GError **error);
/* { @s, NULL } in the array the frame lends. */
char **sn_frame_borrow_strv (SnFrame *frame, const char *s);
/* The member's value, SN_FRAME_NONE when absent or null. */
SnFrameValue sn_frame_get_member (SnFrame *frame, const SnFrameMembers m, SnFrameField field);

/* Lenient reads: 0 or NULL when absent or of another type. */
gint64 sn_frame_member_int (SnFrame *frame, const SnFrameMembers m, SnFrameField field);
gint64 sn_frame_member_time (SnFrame *frame, const SnFrameMembers m, SnFrameField field);
const char *sn_frame_member_string (SnFrame *frame, const SnFrameMembers m, SnFrameField field);

gboolean sn_frame_bad_field (GError **error, SnFrameField field, const char *expected);
gboolean sn_frame_unknown_value (GError **error, SnFrameField field, const char *value);

G_END_DECLS
