/* sn-ticket-json.c — work orders as Open311 GeoReport v2 service requests, plus extensions
 *
 * Field names follow GeoReport v2 where they overlap (service_request_id, service_code,
 * service_name, description, status, status_notes, agency_responsible, requested_datetime,
 * updated_datetime, expected_datetime, address, lat, long); everything else is an extension
 * documented in data/protocol/README.md.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sn-json.h"
#include "sn-ticket-json.h"

/* What an incoming object asks to change; parsed fully before anything is applied. */
typedef struct
{
  guint fields;
  const char *service_code, *service_name, *description, *status_notes, *address;
  const char *district, *street;
  double lat, lon;
  gint64 requested_at, updated_at, deadline;
  SnChannel channel;
  SnTicketType type;
  SnTicketState state;
  char **units;
  gint64 priority;
  gboolean paused;
} TicketPatch;

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_strv (JsonBuilder *b, const char *name, char **strv)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
}

/* Six decimals are about 0.1 m: json-glib's 17 digits only fatten messages. */
static void
add_coordinate (JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, round (value * 1e6) / 1e6);
}

void
sn_history_entry_to_json (const SnHistoryEntry *entry, JsonBuilder *b)
{
  json_builder_begin_object (b);
  sn_json_builder_add_time (b, "time", entry->time);
  add_string (b, "kind", sn_history_kind_to_string (entry->kind));
  add_string (b, "actor", entry->actor);
  if (entry->units != NULL)
    add_strv (b, "units", entry->units);
  if (entry->reason != NULL)
    add_string (b, "reason", entry->reason);
  if (entry->due != 0)
    sn_json_builder_add_time (b, "due", entry->due);
  if (entry->tier >= 0)
    add_int (b, "tier", entry->tier);
  json_builder_end_object (b);
}

static void
add_stalls (JsonBuilder *b, const SnTicketJsonExtras *extras)
{
  json_builder_set_member_name (b, "stall");
  json_builder_begin_array (b);
  for (guint i = 0; extras != NULL && i < extras->n_stalls; i++)
    {
      json_builder_begin_object (b);
      add_string (b, "reason", sn_stall_reason_to_string (extras->stalls[i].reason));
      sn_json_builder_add_time (b, "since", extras->stalls[i].since);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_open311_fields (const SnTicket *t, const SnTicketJsonExtras *extras, JsonBuilder *b)
{
  g_autofree char *agency = g_strjoinv (", ", t->units);

  add_string (b, "service_request_id", t->service_request_id);
  add_string (b, "status", sn_ticket_is_open (t) ? "open" : "closed");
  add_string (b, "status_notes", t->status_notes);
  add_string (b, "service_name", t->service_name);
  add_string (b, "service_code", t->service_code);
  add_string (b, "description", t->description);
  add_string (b, "agency_responsible", *agency != '\0' ? agency : NULL);
  sn_json_builder_add_time (b, "requested_datetime", t->requested_at);
  sn_json_builder_add_time (b, "updated_datetime", t->updated_at);
  sn_json_builder_add_time (b, "expected_datetime", extras != NULL ? extras->deadline : 0);
  add_string (b, "address", t->address);
  if (t->has_location)
    {
      add_coordinate (b, "lat", t->lat);
      add_coordinate (b, "long", t->lon);
    }
}

static void
add_extension_fields (const SnTicket *t, JsonBuilder *b)
{
  add_int (b, "version", t->version);
  add_string (b, "channel", sn_channel_to_string (t->channel));
  add_string (b, "ticket_type", sn_ticket_type_to_string (t->type));
  add_string (b, "state", sn_ticket_state_to_string (t->state));
  add_string (b, "district", t->district);
  add_string (b, "street", t->street);
  add_strv (b, "units", t->units);
  add_int (b, "priority", t->priority);
  add_int (b, "tier", t->tier);
  add_int (b, "bounce_count", t->bounce_count);
  sn_json_builder_add_time (b, "dispatched_datetime", t->dispatched_at);
  sn_json_builder_add_time (b, "accepted_datetime", t->accepted_at);
  sn_json_builder_add_time (b, "last_progress_datetime", t->last_progress_at);
  sn_json_builder_add_time (b, "last_bounce_datetime", t->last_bounce_at);
  sn_json_builder_add_time (b, "reopened_datetime", t->reopened_at);
  sn_json_builder_add_time (b, "closed_datetime", t->closed_at);
  sn_json_builder_add_time (b, "escalation_due", t->escalation_due);
  sn_json_builder_add_time (b, "deadline_override", t->deadline_override);
  add_int (b, "extension_seconds", t->extension_seconds);
  add_int (b, "paused_seconds", t->paused_seconds);
  sn_json_builder_add_time (b, "paused_since", t->paused_since);
}

void
sn_ticket_to_json (const SnTicket *t, const SnTicketJsonExtras *extras, JsonBuilder *b)
{
  g_return_if_fail (t != NULL);

  json_builder_begin_object (b);
  add_open311_fields (t, extras, b);
  add_extension_fields (t, b);
  if (extras != NULL && extras->time_limit_used >= 0)
    {
      json_builder_set_member_name (b, "time_limit_used");
      json_builder_add_double_value (b, round (extras->time_limit_used * 1000) / 1000);
    }
  add_stalls (b, extras);
  if (extras != NULL && extras->with_history && t->history != NULL)
    {
      json_builder_set_member_name (b, "history");
      json_builder_begin_array (b);
      for (guint i = 0; i < t->history->len; i++)
        sn_history_entry_to_json (t->history->pdata[i], b);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

/* A field may sit at the top level or, Open311-style, inside "extended_attributes". */
static JsonObject *
holder_of (JsonObject *obj, JsonObject *ext, const char *name)
{
  if (json_object_has_member (obj, name) || ext == NULL)
    return obj;
  return ext;
}

static gboolean
read_enum_field (JsonObject *obj, JsonObject *ext, const char *name,
                 gboolean (*parse) (const char *, int *), int *out, gboolean *present,
                 GError **error)
{
  const char *s;
  g_autoptr (GError) local = NULL;

  *present = FALSE;
  if (!sn_json_get_string (holder_of (obj, ext, name), name, FALSE, &s, &local))
    {
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return TRUE;
    }
  if (!parse (s, out))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” has an unknown value “%s”"), name, s);
      return FALSE;
    }
  *present = TRUE;
  return TRUE;
}

#define READ(call, flag)                                                                           \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autoptr (GError) _e = NULL;                                                                  \
    if (call)                                                                                      \
      p->fields |= (flag);                                                                         \
    else if (_e != NULL)                                                                           \
      {                                                                                            \
        g_propagate_error (error, g_steal_pointer (&_e));                                          \
        return FALSE;                                                                              \
      }                                                                                            \
  }                                                                                                \
  G_STMT_END

static gboolean
parse_text_fields (JsonObject *obj, JsonObject *ext, TicketPatch *p, GError **error)
{
  READ (sn_json_get_string (obj, "service_code", FALSE, &p->service_code, &_e),
        SN_TICKET_FIELD_SERVICE_CODE);
  READ (sn_json_get_string (obj, "service_name", FALSE, &p->service_name, &_e),
        SN_TICKET_FIELD_SERVICE_NAME);
  READ (sn_json_get_string (obj, "description", FALSE, &p->description, &_e),
        SN_TICKET_FIELD_DESCRIPTION);
  READ (sn_json_get_string (obj, "status_notes", FALSE, &p->status_notes, &_e),
        SN_TICKET_FIELD_STATUS_NOTES);
  READ (sn_json_get_string (obj, "address", FALSE, &p->address, &_e), SN_TICKET_FIELD_ADDRESS);
  READ (sn_json_get_string (holder_of (obj, ext, "district"), "district", FALSE, &p->district, &_e),
        SN_TICKET_FIELD_DISTRICT);
  READ (sn_json_get_string (holder_of (obj, ext, "street"), "street", FALSE, &p->street, &_e),
        SN_TICKET_FIELD_STREET);
  return TRUE;
}

static gboolean
parse_times (JsonObject *obj, TicketPatch *p, GError **error)
{
  READ (sn_json_get_time (obj, "requested_datetime", FALSE, &p->requested_at, &_e),
        SN_TICKET_FIELD_REQUESTED);
  READ (sn_json_get_time (obj, "updated_datetime", FALSE, &p->updated_at, &_e),
        SN_TICKET_FIELD_UPDATED);
  READ (sn_json_get_time (obj, "expected_datetime", FALSE, &p->deadline, &_e),
        SN_TICKET_FIELD_DEADLINE);
  return TRUE;
}

static gboolean
parse_location (JsonObject *obj, TicketPatch *p, GError **error)
{
  g_autoptr (GError) e = NULL;
  gboolean has_lat = sn_json_get_double (obj, "lat", FALSE, &p->lat, &e);

  if (e == NULL)
    {
      gboolean has_lon = sn_json_get_double (obj, "long", FALSE, &p->lon, &e);

      if (e == NULL && has_lat != has_lon)
        g_set_error (&e, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MISSING_FIELD,
                     _ ("Fields “lat” and “long” must come together"));
      else if (e == NULL && has_lat
               && (p->lat < -90 || p->lat > 90 || p->lon < -180 || p->lon > 180))
        g_set_error (&e, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                     _ ("Fields “lat” and “long” are out of range"));
      else if (has_lat)
        p->fields |= SN_TICKET_FIELD_LOCATION;
    }
  if (e != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&e));
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_status (JsonObject *obj, TicketPatch *p, GError **error)
{
  const char *status;
  g_autoptr (GError) e = NULL;

  if (p->fields & SN_TICKET_FIELD_STATE)
    return TRUE;
  /* Plain Open311: only "open" or "closed" is known. */
  if (!sn_json_get_string (obj, "status", FALSE, &status, &e))
    {
      if (e == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&e));
      return FALSE;
    }
  if (g_ascii_strcasecmp (status, "closed") == 0)
    {
      p->state = SN_TICKET_STATE_CLOSED;
      p->fields |= SN_TICKET_FIELD_STATE;
    }
  else if (g_ascii_strcasecmp (status, "open") != 0)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” has an unknown value “%s”"), "status", status);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_extensions (JsonObject *obj, JsonObject *ext, TicketPatch *p, GError **error)
{
  gboolean present;
  int v;

  if (!json_object_has_member (obj, "channel") && ext != NULL
      && json_object_has_member (ext, "channel"))
    {
      /* Another system's channel names (Chicago's "open311"): unknown ones are "other". */
      const char *s = NULL;

      sn_json_get_string (ext, "channel", FALSE, &s, NULL);
      if (s != NULL && !sn_channel_from_string (s, &p->channel))
        p->channel = SN_CHANNEL_OTHER;
      if (s != NULL)
        p->fields |= SN_TICKET_FIELD_CHANNEL;
    }
  else if (!read_enum_field (obj, ext, "channel", (gpointer) sn_channel_from_string, &v, &present,
                             error))
    return FALSE;
  else if (present)
    p->channel = v, p->fields |= SN_TICKET_FIELD_CHANNEL;
  if (!read_enum_field (obj, ext, "ticket_type", (gpointer) sn_ticket_type_from_string, &v,
                        &present, error))
    return FALSE;
  if (present)
    p->type = v, p->fields |= SN_TICKET_FIELD_TYPE;
  if (!read_enum_field (obj, ext, "state", (gpointer) sn_ticket_state_from_string, &v, &present,
                        error))
    return FALSE;
  if (present)
    p->state = v, p->fields |= SN_TICKET_FIELD_STATE;
  READ (sn_json_get_strv (holder_of (obj, ext, "units"), "units", FALSE, &p->units, &_e),
        SN_TICKET_FIELD_UNITS);
  READ (sn_json_get_int (holder_of (obj, ext, "priority"), "priority", FALSE, &p->priority, &_e),
        SN_TICKET_FIELD_PRIORITY);
  if ((p->fields & SN_TICKET_FIELD_PRIORITY) && (p->priority < 1 || p->priority > 5))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” must be between %d and %d"), "priority", 1, 5);
      return FALSE;
    }
  READ (sn_json_get_bool (holder_of (obj, ext, "paused"), "paused", FALSE, &p->paused, &_e),
        SN_TICKET_FIELD_PAUSED);
  return TRUE;
}

static gboolean
parse_agency (JsonObject *obj, TicketPatch *p, GError **error)
{
  const char *agency;
  g_autoptr (GError) e = NULL;

  if (p->fields & SN_TICKET_FIELD_UNITS)
    return TRUE;
  if (!sn_json_get_string (obj, "agency_responsible", FALSE, &agency, &e))
    {
      if (e == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&e));
      return FALSE;
    }
  if (*agency != '\0')
    {
      p->units = g_new0 (char *, 2);
      p->units[0] = g_strdup (agency);
      p->fields |= SN_TICKET_FIELD_UNITS;
    }
  return TRUE;
}

static gboolean
parse_patch (JsonObject *obj, TicketPatch *p, GError **error)
{
  JsonObject *ext = NULL;
  g_autoptr (GError) e = NULL;

  if (!sn_json_get_object (obj, "extended_attributes", FALSE, &ext, &e) && e != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&e));
      return FALSE;
    }
  return parse_text_fields (obj, ext, p, error) && parse_times (obj, p, error)
         && parse_location (obj, p, error) && parse_extensions (obj, ext, p, error)
         && parse_status (obj, p, error) && parse_agency (obj, p, error);
}

static void
replace_string (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
apply_patch (SnTicket *t, const TicketPatch *p)
{
  guint f = p->fields;

  if (f & SN_TICKET_FIELD_SERVICE_CODE)
    replace_string (&t->service_code, p->service_code);
  if (f & SN_TICKET_FIELD_SERVICE_NAME)
    replace_string (&t->service_name, p->service_name);
  if (f & SN_TICKET_FIELD_DESCRIPTION)
    replace_string (&t->description, p->description);
  if (f & SN_TICKET_FIELD_STATUS_NOTES)
    replace_string (&t->status_notes, p->status_notes);
  if (f & SN_TICKET_FIELD_ADDRESS)
    replace_string (&t->address, p->address);
  if (f & SN_TICKET_FIELD_DISTRICT)
    replace_string (&t->district, p->district);
  if (f & SN_TICKET_FIELD_STREET)
    replace_string (&t->street, p->street);
  if (f & SN_TICKET_FIELD_LOCATION)
    t->lat = p->lat, t->lon = p->lon, t->has_location = TRUE;
  if (f & SN_TICKET_FIELD_REQUESTED)
    t->requested_at = p->requested_at;
  if (f & SN_TICKET_FIELD_UPDATED)
    t->updated_at = p->updated_at;
  if (f & SN_TICKET_FIELD_DEADLINE)
    t->deadline_override = p->deadline;
  if (f & SN_TICKET_FIELD_CHANNEL)
    t->channel = p->channel;
  if (f & SN_TICKET_FIELD_TYPE)
    t->type = p->type;
  if (f & SN_TICKET_FIELD_STATE)
    t->state = p->state;
  if (f & SN_TICKET_FIELD_UNITS)
    sn_ticket_set_units (t, (const char *const *) p->units);
  if (f & SN_TICKET_FIELD_PRIORITY)
    t->priority = (int) p->priority;
}

gboolean
sn_ticket_apply_json (SnTicket *ticket, JsonObject *obj, guint *fields, GError **error)
{
  TicketPatch patch = { 0 };
  gboolean ok;

  g_return_val_if_fail (ticket != NULL && obj != NULL, FALSE);

  ok = parse_patch (obj, &patch, error);
  if (ok)
    apply_patch (ticket, &patch);
  if (fields != NULL)
    *fields = ok ? patch.fields : 0;
  g_strfreev (patch.units);
  return ok;
}

SnHistoryEntry *
sn_history_entry_from_json (JsonObject *obj, GError **error)
{
  g_autoptr (SnHistoryEntry) entry = sn_history_entry_new (0, SN_HISTORY_NOTE, NULL, NULL);
  const char *kind, *actor = NULL, *reason = NULL;
  gint64 tier = -1;
  g_autoptr (GError) e = NULL;

  if (!sn_json_get_time (obj, "time", TRUE, &entry->time, error)
      || !sn_json_get_string (obj, "kind", TRUE, &kind, error))
    return NULL;
  if (!sn_history_kind_from_string (kind, &entry->kind))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” has an unknown value “%s”"), "kind", kind);
      return NULL;
    }
  if ((!sn_json_get_string (obj, "actor", FALSE, &actor, &e) && e != NULL)
      || (!sn_json_get_string (obj, "reason", FALSE, &reason, &e) && e != NULL)
      || (!sn_json_get_strv (obj, "units", FALSE, &entry->units, &e) && e != NULL)
      || (!sn_json_get_time (obj, "due", FALSE, &entry->due, &e) && e != NULL)
      || (!sn_json_get_int (obj, "tier", FALSE, &tier, &e) && e != NULL))
    {
      g_propagate_error (error, g_steal_pointer (&e));
      return NULL;
    }
  entry->actor = g_strdup (actor);
  entry->reason = g_strdup (reason);
  entry->tier = (int) tier;
  return g_steal_pointer (&entry);
}

static gboolean
read_hub_fields (JsonObject *obj, SnTicket *t, GError **error)
{
  gint64 v;
  struct
  {
    const char *name;
    gint64 *out;
  } times[] = {
    { "dispatched_datetime", &t->dispatched_at },
    { "accepted_datetime", &t->accepted_at },
    { "last_progress_datetime", &t->last_progress_at },
    { "last_bounce_datetime", &t->last_bounce_at },
    { "reopened_datetime", &t->reopened_at },
    { "closed_datetime", &t->closed_at },
    { "escalation_due", &t->escalation_due },
    { "deadline_override", &t->deadline_override },
    { "paused_since", &t->paused_since },
  };
  g_autoptr (GError) e = NULL;

  if (!sn_json_get_int (obj, "version", TRUE, &t->version, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    if (!sn_json_get_time (obj, times[i].name, FALSE, times[i].out, &e) && e != NULL)
      goto fail;
  if (sn_json_get_int (obj, "tier", FALSE, &v, &e))
    t->tier = (int) v;
  if (e == NULL && sn_json_get_int (obj, "bounce_count", FALSE, &v, &e))
    t->bounce_count = (int) v;
  if (e == NULL)
    sn_json_get_int (obj, "extension_seconds", FALSE, &t->extension_seconds, &e);
  if (e == NULL)
    sn_json_get_int (obj, "paused_seconds", FALSE, &t->paused_seconds, &e);
  if (e == NULL)
    return TRUE;
fail:
  g_propagate_error (error, g_steal_pointer (&e));
  return FALSE;
}

static gboolean
bad_stall (GError **error)
{
  g_clear_error (error);
  g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD, _ ("Field “%s” must be %s"),
               "stall", _ ("an array of {reason, since} objects"));
  return FALSE;
}

static gboolean
read_stalls (JsonObject *obj, SnStall *stalls, guint *n_stalls, GError **error)
{
  JsonNode *node = json_object_get_member (obj, "stall");
  JsonArray *array;

  *n_stalls = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bad_stall (error);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array) && *n_stalls < SN_N_STALL_REASONS; i++)
    {
      JsonNode *el = json_array_get_element (array, i);
      const char *reason;
      SnStall *s = &stalls[*n_stalls];

      if (!JSON_NODE_HOLDS_OBJECT (el)
          || !sn_json_get_string (json_node_get_object (el), "reason", TRUE, &reason, NULL)
          || !sn_json_get_time (json_node_get_object (el), "since", TRUE, &s->since, NULL)
          || !sn_stall_reason_from_string (reason, &s->reason))
        return bad_stall (error);
      (*n_stalls)++;
    }
  return TRUE;
}

static gboolean
read_history (JsonObject *obj, SnTicket *t, GError **error)
{
  JsonNode *node = json_object_get_member (obj, "history");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                   _ ("Field “%s” must be %s"), "history", _ ("an array"));
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);
      SnHistoryEntry *entry;

      if (!JSON_NODE_HOLDS_OBJECT (el))
        {
          g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
                       _ ("Field “%s” must be %s"), "history", _ ("an array of objects"));
          return FALSE;
        }
      entry = sn_history_entry_from_json (json_node_get_object (el), error);
      if (entry == NULL)
        return FALSE;
      sn_ticket_add_history (t, entry);
    }
  return TRUE;
}

SnTicket *
sn_ticket_from_json (JsonObject *obj, SnStall stalls[SN_N_STALL_REASONS], guint *n_stalls,
                     gint64 *deadline, GError **error)
{
  const char *id;
  g_autoptr (SnTicket) t = NULL;
  SnStall local_stalls[SN_N_STALL_REASONS];
  guint local_n;
  g_autoptr (GError) e = NULL;

  g_return_val_if_fail (obj != NULL, NULL);

  if (!sn_json_get_string (obj, "service_request_id", TRUE, &id, error))
    return NULL;
  t = sn_ticket_new (id);
  if (!sn_ticket_apply_json (t, obj, NULL, error) || !read_hub_fields (obj, t, error)
      || !read_stalls (obj, stalls != NULL ? stalls : local_stalls,
                       n_stalls != NULL ? n_stalls : &local_n, error)
      || !read_history (obj, t, error))
    return NULL;
  if (deadline != NULL)
    {
      *deadline = 0;
      if (!sn_json_get_time (obj, "expected_datetime", FALSE, deadline, &e) && e != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&e));
          return NULL;
        }
    }
  return g_steal_pointer (&t);
}
