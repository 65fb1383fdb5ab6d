/* test-protocol.c — the protocol codec against the documented examples and every kind of
 * bad input
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-protocol.h"

static char *
load_example (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "protocol", "examples",
                                                 name, NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static JsonObject *
parse_example (const char *name, SnMessageType expected)
{
  g_autofree char *text = load_example (name);
  g_autoptr (GError) error = NULL;
  SnMessageType type;
  JsonObject *obj = sn_message_parse (text, strlen (text), &type, &error);

  g_assert_no_error (error);
  g_assert_nonnull (obj);
  g_assert_cmpint (type, ==, expected);
  return obj;
}

static void
test_examples_parse (void)
{
  static const struct
  {
    const char *file;
    SnMessageType type;
  } examples[] = {
    { "hello.json", SN_MESSAGE_HELLO },
    { "hello-resume.json", SN_MESSAGE_HELLO },
    { "welcome.json", SN_MESSAGE_WELCOME },
    { "snapshot.json", SN_MESSAGE_SNAPSHOT },
    { "event-ticket.json", SN_MESSAGE_EVENT },
    { "event-queue.json", SN_MESSAGE_EVENT },
    { "event-agent.json", SN_MESSAGE_EVENT },
    { "command-reassign.json", SN_MESSAGE_COMMAND },
    { "command-add-unit.json", SN_MESSAGE_COMMAND },
    { "command-escalate.json", SN_MESSAGE_COMMAND },
    { "command-extend.json", SN_MESSAGE_COMMAND },
    { "command-note.json", SN_MESSAGE_COMMAND },
    { "ack-ok.json", SN_MESSAGE_ACK },
    { "ack-conflict.json", SN_MESSAGE_ACK },
    { "error.json", SN_MESSAGE_ERROR },
    { "ping.json", SN_MESSAGE_PING },
    { "pong.json", SN_MESSAGE_PONG },
  };

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      g_autoptr (JsonObject) obj = parse_example (examples[i].file, examples[i].type);

      g_assert_true (json_object_has_member (obj, "type"));
    }
}

static void
test_example_commands (void)
{
  static const struct
  {
    const char *file;
    SnAction action;
  } examples[] = {
    { "command-reassign.json", SN_ACTION_REASSIGN },
    { "command-add-unit.json", SN_ACTION_ADD_UNIT },
    { "command-escalate.json", SN_ACTION_ESCALATE },
    { "command-extend.json", SN_ACTION_EXTEND },
    { "command-note.json", SN_ACTION_NOTE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      g_autoptr (JsonObject) obj = parse_example (examples[i].file, SN_MESSAGE_COMMAND);
      g_autoptr (GError) error = NULL;
      g_autoptr (SnCommand) c = sn_command_from_json (obj, TRUE, &error);
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autoptr (SnCommand) again = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (c->action, ==, examples[i].action);
      g_assert_cmpstr (c->ticket, ==, "BJ-20250930-000017");
      g_assert_cmpuint (strlen (c->id), ==, 36);
      /* Round trip through the writer. */
      sn_command_to_json (c, b);
      root = json_builder_get_root (b);
      again = sn_command_from_json (json_node_get_object (root), TRUE, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again->id, ==, c->id);
      g_assert_cmpstr (again->reason, ==, c->reason);
      g_assert_cmpint (again->expected_version, ==, c->expected_version);
      g_assert_cmpint (again->due, ==, c->due);
      g_assert_cmpint (again->deadline, ==, c->deadline);
      g_assert_cmpuint (again->units ? g_strv_length (again->units) : 0, ==,
                        c->units ? g_strv_length (c->units) : 0);
    }
}

static void
test_example_values (void)
{
  g_autoptr (JsonObject) escalate = parse_example ("command-escalate.json", SN_MESSAGE_COMMAND);
  g_autoptr (JsonObject) extend = parse_example ("command-extend.json", SN_MESSAGE_COMMAND);
  g_autoptr (JsonObject) hello = parse_example ("hello-resume.json", SN_MESSAGE_HELLO);
  g_autoptr (SnCommand) e = sn_command_from_json (escalate, TRUE, NULL);
  g_autoptr (SnCommand) x = sn_command_from_json (extend, TRUE, NULL);
  g_autoptr (GError) error = NULL;
  SnHello h;

  g_assert_cmpint (e->due, ==, 1760000400); /* 2025-10-09T09:00:00Z */
  g_assert_cmpint (x->deadline, ==, 1761642000); /* 2025-10-28T09:00:00Z */
  g_assert_true (sn_hello_from_json (hello, &h, &error));
  g_assert_no_error (error);
  g_assert_true (h.resume);
  g_assert_cmpint (h.after, ==, 1041);
  g_assert_cmpstr (h.epoch, ==, "fef98b9d-1a8f-4450-a81a-528a2272392d");
  sn_hello_clear (&h);
}

static void
assert_parse_error (const char *text, gsize length, SnProtocolError code)
{
  g_autoptr (GError) error = NULL;
  SnMessageType type;
  g_autoptr (JsonObject) obj = sn_message_parse (text, length, &type, &error);

  g_assert_null (obj);
  g_assert_error (error, SN_PROTOCOL_ERROR, (int) code);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_bad_messages (void)
{
  g_autoptr (GString) deep = g_string_new (NULL);
  g_autoptr (GString) ok_deep = g_string_new ("{\"type\":\"ping\",\"x\":");
  g_autofree char *large = g_malloc (SN_JSON_MAX_MESSAGE_BYTES + 2);
  g_autoptr (GError) error = NULL;
  SnMessageType type;

  assert_parse_error ("{\"type\":", 8, SN_PROTOCOL_ERROR_MALFORMED);
  assert_parse_error ("", 0, SN_PROTOCOL_ERROR_MALFORMED);
  assert_parse_error ("{\"type\":\"p\xff\"}", 13, SN_PROTOCOL_ERROR_MALFORMED);
  assert_parse_error ("[1,2]", 5, SN_PROTOCOL_ERROR_NOT_OBJECT);
  assert_parse_error ("\"hello\"", 7, SN_PROTOCOL_ERROR_NOT_OBJECT);
  assert_parse_error ("{\"type\":\"launch\"}", 17, SN_PROTOCOL_ERROR_UNKNOWN_TYPE);
  assert_parse_error ("{\"kind\":\"hello\"}", 16, SN_PROTOCOL_ERROR_MISSING_FIELD);
  assert_parse_error ("{\"type\":7}", 10, SN_PROTOCOL_ERROR_BAD_FIELD);

  /* 33 levels is one too many; 32 is fine; brackets inside strings do not count. */
  for (guint i = 0; i < 33; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 33; i++)
    g_string_append_c (deep, ']');
  assert_parse_error (deep->str, deep->len, SN_PROTOCOL_ERROR_TOO_DEEP);
  for (guint i = 0; i < 31; i++)
    g_string_append_c (ok_deep, '[');
  g_string_append (ok_deep, "\"[[[[{{{{\\\"\"");
  for (guint i = 0; i < 31; i++)
    g_string_append_c (ok_deep, ']');
  g_string_append_c (ok_deep, '}');
  {
    g_autoptr (JsonObject) obj = sn_message_parse (ok_deep->str, ok_deep->len, &type, &error);

    g_assert_no_error (error);
    g_assert_cmpint (type, ==, SN_MESSAGE_PING);
  }

  memset (large, ' ', SN_JSON_MAX_MESSAGE_BYTES + 1);
  large[0] = '{';
  large[SN_JSON_MAX_MESSAGE_BYTES] = '}';
  assert_parse_error (large, SN_JSON_MAX_MESSAGE_BYTES + 1, SN_PROTOCOL_ERROR_TOO_LARGE);
}

static void
assert_command_error (const char *text, SnProtocolError code)
{
  g_autoptr (GError) error = NULL;
  SnMessageType type;
  g_autoptr (JsonObject) obj = sn_message_parse (text, strlen (text), &type, &error);
  g_autoptr (SnCommand) c = NULL;

  g_assert_no_error (error);
  c = sn_command_from_json (obj, TRUE, &error);
  g_assert_null (c);
  g_assert_error (error, SN_PROTOCOL_ERROR, (int) code);
}

#define CMD(rest) "{\"type\":\"command\",\"id\":\"c1\",\"ticket\":\"T1\"," rest "}"

static void
test_bad_commands (void)
{
  assert_command_error ("{\"type\":\"command\",\"ticket\":\"T1\",\"action\":\"note\","
                        "\"expected_version\":1,\"reason\":\"r\"}",
                        SN_PROTOCOL_ERROR_MISSING_FIELD);
  assert_command_error (CMD ("\"action\":\"note\",\"reason\":\"r\""),
                        SN_PROTOCOL_ERROR_MISSING_FIELD);
  assert_command_error (CMD ("\"action\":\"note\",\"expected_version\":\"1\",\"reason\":\"r\""),
                        SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_command_error (CMD ("\"action\":\"delete\",\"expected_version\":1,\"reason\":\"r\""),
                        SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_command_error (CMD ("\"action\":\"note\",\"expected_version\":1,\"reason\":\"  \""),
                        SN_PROTOCOL_ERROR_INVALID);
  assert_command_error (CMD ("\"action\":\"note\",\"expected_version\":1"),
                        SN_PROTOCOL_ERROR_MISSING_FIELD);
  assert_command_error (CMD ("\"action\":\"reassign\",\"expected_version\":1,\"reason\":\"r\""),
                        SN_PROTOCOL_ERROR_MISSING_FIELD);
  assert_command_error (CMD ("\"action\":\"reassign\",\"expected_version\":1,\"reason\":\"r\","
                             "\"units\":[]"),
                        SN_PROTOCOL_ERROR_INVALID);
  assert_command_error (CMD ("\"action\":\"add_unit\",\"expected_version\":1,\"reason\":\"r\","
                             "\"units\":[\"\"]"),
                        SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_command_error (CMD ("\"action\":\"add_unit\",\"expected_version\":1,\"reason\":\"r\","
                             "\"units\":\"u1\""),
                        SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_command_error (CMD ("\"action\":\"extend\",\"expected_version\":1,\"reason\":\"r\""),
                        SN_PROTOCOL_ERROR_MISSING_FIELD);
  assert_command_error (CMD ("\"action\":\"extend\",\"expected_version\":1,\"reason\":\"r\","
                             "\"deadline\":\"next week\""),
                        SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_command_error (CMD ("\"action\":\"escalate\",\"expected_version\":1,\"reason\":\"r\","
                             "\"due\":5"),
                        SN_PROTOCOL_ERROR_BAD_FIELD);
  assert_command_error ("{\"type\":\"command\",\"id\":\"\",\"ticket\":\"T1\",\"action\":\"note\","
                        "\"expected_version\":1,\"reason\":\"r\"}",
                        SN_PROTOCOL_ERROR_BAD_FIELD);
}

static void
test_hello (void)
{
  static const struct
  {
    const char *text;
    gboolean ok;
    gboolean resume;
  } cases[] = {
    { "{\"type\":\"hello\"}", TRUE, FALSE },
    { "{\"type\":\"hello\",\"resume\":{\"epoch\":\"e\",\"after\":0}}", TRUE, TRUE },
    { "{\"type\":\"hello\",\"resume\":{\"epoch\":\"e\"}}", FALSE, FALSE },
    { "{\"type\":\"hello\",\"resume\":{\"epoch\":\"e\",\"after\":-1}}", FALSE, FALSE },
    { "{\"type\":\"hello\",\"resume\":{\"after\":3}}", FALSE, FALSE },
    { "{\"type\":\"hello\",\"resume\":true}", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      SnMessageType type;
      g_autoptr (JsonObject)
          obj = sn_message_parse (cases[i].text, strlen (cases[i].text), &type, &error);
      SnHello h;

      g_assert_no_error (error);
      g_assert_cmpint (sn_hello_from_json (obj, &h, &error), ==, cases[i].ok);
      g_assert_true (cases[i].ok ? error == NULL : error != NULL);
      if (cases[i].ok)
        g_assert_cmpint (h.resume, ==, cases[i].resume);
      sn_hello_clear (&h);
    }
}

static void
test_ack_and_error_messages (void)
{
  g_autofree char *ok = sn_message_ack_new ("c1", TRUE, 4, NULL, NULL, NULL);
  g_autofree char *bad = sn_message_ack_new ("c2", FALSE, 5, "conflict", "changed", NULL);
  g_autoptr (GError)
      e = g_error_new_literal (SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_TOO_DEEP, "deep");
  g_autofree char *err = sn_message_error_new (e, "r1", NULL);

  g_assert_cmpstr (ok, ==, "{\"type\":\"ack\",\"id\":\"c1\",\"ok\":true,\"ticket_version\":4}");
  g_assert_cmpstr (bad, ==,
                   "{\"type\":\"ack\",\"id\":\"c2\",\"ok\":false,\"ticket_version\":5,"
                   "\"error\":{\"code\":\"conflict\",\"message\":\"changed\"}}");
  g_assert_cmpstr (
      err, ==, "{\"type\":\"error\",\"code\":\"too_deep\",\"message\":\"deep\",\"ref\":\"r1\"}");
}

static void
test_error_codes (void)
{
  for (guint i = 0; i < SN_N_PROTOCOL_ERRORS; i++)
    {
      SnProtocolError back;

      g_assert_true (sn_protocol_error_from_code (sn_protocol_error_to_code (i), &back));
      g_assert_cmpint (back, ==, i);
    }
  g_assert_false (sn_protocol_error_from_code ("nope", NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/protocol/examples/parse", test_examples_parse);
  g_test_add_func ("/protocol/examples/commands", test_example_commands);
  g_test_add_func ("/protocol/examples/values", test_example_values);
  g_test_add_func ("/protocol/bad-messages", test_bad_messages);
  g_test_add_func ("/protocol/bad-commands", test_bad_commands);
  g_test_add_func ("/protocol/hello", test_hello);
  g_test_add_func ("/protocol/ack-and-error", test_ack_and_error_messages);
  g_test_add_func ("/protocol/error-codes", test_error_codes);
  return g_test_run ();
}
