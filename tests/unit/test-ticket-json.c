/* test-ticket-json.c — work orders as Open311 GeoReport v2 requests: real Chicago records,
 * our extensions, round trips and bad input
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-json.h"
#include "sn-ticket-json.h"

static JsonNode *
load_json (const char *first, ...)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  const char *part;
  va_list args;
  JsonNode *root;

  g_ptr_array_add (parts, (char *) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, "..");
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (char *) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  path = g_build_filenamev ((char **) parts->pdata);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  root = sn_json_parse_bounded (text, strlen (text), G_MAXSIZE, SN_JSON_MAX_DEPTH, &error);
  g_assert_no_error (error);
  return root;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonObject *obj = sn_json_parse_object (text, strlen (text), G_MAXSIZE, 32, &error);

  g_assert_no_error (error);
  return obj;
}

/* The 50 real Chicago records (data/demo, from the City of Chicago's Open311 API). */
static void
test_chicago_open311 (void)
{
  g_autoptr (JsonNode)
      root = load_json ("data", "demo", "requests", "chicago-open311-sample.json", NULL);
  JsonArray *array = json_node_get_array (root);
  guint closed = 0, other_channel = 0;

  g_assert_cmpuint (json_array_get_length (array), ==, 50);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      g_autoptr (SnTicket)
          t = sn_ticket_new (json_object_get_string_member (obj, "service_request_id"));
      g_autoptr (GError) error = NULL;
      guint fields = 0;

      g_assert_true (sn_ticket_apply_json (t, obj, &fields, &error));
      g_assert_no_error (error);
      g_assert_true (fields & SN_TICKET_FIELD_REQUESTED);
      g_assert_true (fields & SN_TICKET_FIELD_LOCATION);
      g_assert_cmpstr (t->service_name, ==, json_object_get_string_member (obj, "service_name"));
      g_assert_cmpstr (t->units[0], ==, json_object_get_string_member (obj, "agency_responsible"));
      closed += t->state == SN_TICKET_STATE_CLOSED;
      other_channel += t->channel == SN_CHANNEL_OTHER;
    }
  g_assert_cmpuint (closed, ==, 49);
  /* Chicago's "open311" channel is not one of ours. */
  g_assert_cmpuint (other_channel, ==, 3);
}

static void
test_first_chicago_values (void)
{
  g_autoptr (JsonNode)
      root = load_json ("data", "demo", "requests", "chicago-open311-sample.json", NULL);
  JsonObject *obj = json_array_get_object_element (json_node_get_array (root), 0);
  g_autoptr (SnTicket) t = sn_ticket_new ("14-00684314");

  g_assert_true (sn_ticket_apply_json (t, obj, NULL, NULL));
  g_assert_cmpstr (t->service_code, ==, "4fd3b656e750846c53000004");
  /* 2014-05-09T19:02:21-05:00 */
  g_assert_cmpint (t->requested_at, ==, 1399680141);
  g_assert_cmpfloat_with_epsilon (t->lat, 41.74685764200721, 1e-12);
  g_assert_cmpfloat_with_epsilon (t->lon, -87.6536401592609, 1e-12);
  g_assert_cmpint (t->channel, ==, SN_CHANNEL_PHONE);
  g_assert_cmpint (t->state, ==, SN_TICKET_STATE_CLOSED);
}

static void
test_round_trip (void)
{
  g_autoptr (JsonNode) root = load_json ("data", "protocol", "examples", "event-ticket.json", NULL);
  JsonObject *payload = json_object_get_object_member (json_node_get_object (root), "payload");
  SnStall stalls[SN_N_STALL_REASONS];
  guint n = 0;
  gint64 deadline = 0;
  g_autoptr (GError) error = NULL;
  g_autoptr (SnTicket) t = sn_ticket_from_json (payload, stalls, &n, &deadline, &error);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) again_root = NULL;
  g_autoptr (SnTicket) again = NULL;
  SnTicketJsonExtras extras = { deadline, 0.5, stalls, n, TRUE };

  g_assert_no_error (error);
  g_assert_cmpint (t->version, ==, 4);
  g_assert_cmpint (t->bounce_count, ==, 2);
  g_assert_cmpint (t->state, ==, SN_TICKET_STATE_DISPATCHED);
  g_assert_cmpstr (t->district, ==, "110105");
  g_assert_cmpstr (t->units[0], ==, "朝阳区住建委");
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (stalls[0].reason, ==, SN_STALL_BOUNCING);
  sn_ticket_add_history (
      t, sn_history_entry_new (1759219200, SN_HISTORY_TRANSFERRED, "Wang Li", "wrong unit"));
  sn_ticket_to_json (t, &extras, b);
  again_root = json_builder_get_root (b);
  again = sn_ticket_from_json (json_node_get_object (again_root), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->description, ==, t->description);
  g_assert_cmpint (again->dispatched_at, ==, t->dispatched_at);
  g_assert_cmpint (again->last_bounce_at, ==, t->last_bounce_at);
  g_assert_cmpfloat_with_epsilon (again->lat, t->lat, 1e-9);
  g_assert_cmpuint (again->history->len, ==, 1);
  g_assert_cmpstr (((SnHistoryEntry *) again->history->pdata[0])->reason, ==, "wrong unit");
  g_assert_cmpint (((SnHistoryEntry *) again->history->pdata[0])->kind, ==, SN_HISTORY_TRANSFERRED);
}

static void
assert_rejected (const char *text, SnProtocolError code)
{
  g_autoptr (JsonObject) obj = parse_object (text);
  g_autoptr (SnTicket) t = sn_ticket_new ("T1");
  g_autoptr (GError) error = NULL;

  t->description = g_strdup ("before");
  g_assert_false (sn_ticket_apply_json (t, obj, NULL, &error));
  g_assert_error (error, SN_PROTOCOL_ERROR, (int) code);
  /* Nothing half-applied. */
  g_assert_cmpstr (t->description, ==, "before");
  g_assert_cmpint (t->state, ==, SN_TICKET_STATE_RECEIVED);
}

static void
test_bad_fields (void)
{
  assert_rejected ("{\"description\":\"x\",\"lat\":39.9}", SN_PROTOCOL_ERROR_MISSING_FIELD);
  assert_rejected ("{\"description\":\"x\",\"lat\":99,\"long\":116}", SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_rejected ("{\"description\":\"x\",\"lat\":\"north\",\"long\":116}",
                   SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_rejected ("{\"description\":\"x\",\"state\":\"lost\"}", SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_rejected ("{\"description\":\"x\",\"status\":\"pending\"}", SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_rejected ("{\"description\":\"x\",\"requested_datetime\":\"yesterday\"}",
                   SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_rejected ("{\"description\":\"x\",\"priority\":9}", SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_rejected ("{\"description\":\"x\",\"units\":[1]}", SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_rejected ("{\"description\":\"x\",\"ticket_type\":\"rumour\"}",
                   SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_rejected ("{\"description\":7}", SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_rejected ("{\"description\":\"x\",\"extended_attributes\":[]}",
                   SN_PROTOCOL_ERROR_BAD_FIELD);
}

static void
test_partial_update (void)
{
  g_autoptr (SnTicket) t = sn_ticket_new ("T1");
  g_autoptr (JsonObject) first = parse_object (
      "{\"description\":\"noise\",\"address\":\"望京街10号\",\"units\":[\"u1\"],"
      "\"lat\":\"39.99\",\"long\":\"116.47\",\"extended_attributes\":{\"district\":\"110105\"}}");
  g_autoptr (JsonObject)
      second = parse_object ("{\"state\":\"dispatched\",\"status_notes\":\"派单\"}");
  guint fields = 0;

  g_assert_true (sn_ticket_apply_json (t, first, &fields, NULL));
  g_assert_true (fields & SN_TICKET_FIELD_DISTRICT);
  g_assert_cmpstr (t->district, ==, "110105");
  g_assert_cmpfloat_with_epsilon (t->lat, 39.99, 1e-9);
  g_assert_true (sn_ticket_apply_json (t, second, &fields, NULL));
  g_assert_cmpuint (fields, ==, SN_TICKET_FIELD_STATE | SN_TICKET_FIELD_STATUS_NOTES);
  g_assert_cmpstr (t->description, ==, "noise");
  g_assert_cmpstr (t->units[0], ==, "u1");
  g_assert_cmpint (t->state, ==, SN_TICKET_STATE_DISPATCHED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ticket-json/chicago-open311", test_chicago_open311);
  g_test_add_func ("/ticket-json/chicago-values", test_first_chicago_values);
  g_test_add_func ("/ticket-json/round-trip", test_round_trip);
  g_test_add_func ("/ticket-json/bad-fields", test_bad_fields);
  g_test_add_func ("/ticket-json/partial-update", test_partial_update);
  return g_test_run ();
}
