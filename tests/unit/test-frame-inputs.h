/* test-frame-inputs.h — the inputs of test-frame.c: random work orders as the hub writes them
 * (plain, with their strings escaped, pretty-printed), values for mutations, and bad input of
 * every kind
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

static const char *const texts[] = {
  "施工噪音",
  "Night-time pile driving.",
  "北京市朝阳区望京街10号",
  "astral 😀 𠮷 and 🇨🇳",
  "quote \" backslash \\ slash / ",
  "controls \t\n\r\b\f\x01\x1f\x7f",
  "",
  "望京街道",
  "line separator \xe2\x80\xa8 and nbsp \xc2\xa0",
  "110105",
  "朝阳区城管执法局",
  "Ω≈ç√∫ µ ≤≥",
};

static char *
random_text (GRand *r, gboolean nullable)
{
  if (nullable && g_rand_int_range (r, 0, 5) == 0)
    return NULL;
  if (g_rand_boolean (r))
    return g_strdup (texts[g_rand_int_range (r, 0, G_N_ELEMENTS (texts))]);
  return g_strconcat (texts[g_rand_int_range (r, 0, G_N_ELEMENTS (texts))], "·",
                      texts[g_rand_int_range (r, 0, G_N_ELEMENTS (texts))], NULL);
}

static gint64
random_time (GRand *r, gboolean may_be_zero)
{
  if (may_be_zero && g_rand_int_range (r, 0, 3) == 0)
    return 0;
  return 1600000000 + g_rand_int_range (r, 0, 200000000);
}

static gint64
random_int (GRand *r)
{
  switch (g_rand_int_range (r, 0, 6))
    {
      case 0:
        return G_MAXINT64;
      case 1:
        return G_MININT64;
      case 2:
        return ((gint64) g_rand_int (r) << 31) ^ g_rand_int (r);
      default:
        return g_rand_int_range (r, -5, 100000);
    }
}

static char **
random_units (GRand *r)
{
  guint n = g_rand_int_range (r, 0, 4);
  char **units = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      units[i] = random_text (r, FALSE);
      if (*units[i] == '\0')
        g_free (units[i]), units[i] = g_strdup ("unit");
    }
  return units;
}

static void
add_random_history (GRand *r, SnTicket *t)
{
  guint n = g_rand_int_range (r, 0, 4);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *actor = random_text (r, TRUE), *reason = random_text (r, TRUE);
      SnHistoryEntry *e = sn_history_entry_new (
          random_time (r, FALSE), g_rand_int_range (r, 0, SN_N_HISTORY_KINDS), actor, reason);

      e->units = g_rand_boolean (r) ? random_units (r) : NULL;
      e->due = random_time (r, TRUE);
      e->tier = g_rand_int_range (r, -1, 4);
      sn_ticket_add_history (t, e);
    }
}

static SnTicket *
random_ticket (GRand *r, guint id)
{
  g_autofree char *name = g_strdup_printf ("BJ-%s-%06u", g_rand_boolean (r) ? "票" : "T", id);
  SnTicket *t = sn_ticket_new (name);

  t->service_code = random_text (r, TRUE);
  t->service_name = random_text (r, TRUE);
  t->description = random_text (r, TRUE);
  t->status_notes = random_text (r, TRUE);
  t->address = random_text (r, TRUE);
  t->district = random_text (r, TRUE);
  t->street = random_text (r, TRUE);
  t->has_location = g_rand_boolean (r);
  t->lat = g_rand_double_range (r, -90, 90);
  t->lon = g_rand_double_range (r, -180, 180);
  t->requested_at = random_time (r, TRUE);
  t->updated_at = random_time (r, TRUE);
  t->channel = g_rand_int_range (r, 0, SN_N_CHANNELS);
  t->type = g_rand_int_range (r, 0, SN_N_TICKET_TYPES);
  t->state = g_rand_int_range (r, 0, SN_N_TICKET_STATES);
  g_strfreev (t->units);
  t->units = random_units (r);
  t->priority = g_rand_int_range (r, 1, 6);
  t->tier = g_rand_int_range (r, 0, 4);
  t->bounce_count = g_rand_int_range (r, 0, 12);
  t->version = random_int (r);
  t->dispatched_at = random_time (r, TRUE);
  t->accepted_at = random_time (r, TRUE);
  t->last_progress_at = random_time (r, TRUE);
  t->last_bounce_at = random_time (r, TRUE);
  t->reopened_at = random_time (r, TRUE);
  t->closed_at = random_time (r, TRUE);
  t->escalation_due = random_time (r, TRUE);
  t->deadline_override = random_time (r, TRUE);
  t->extension_seconds = random_int (r);
  t->paused_seconds = random_int (r);
  t->paused_since = random_time (r, TRUE);
  if (g_rand_boolean (r))
    add_random_history (r, t);
  return t;
}

/* A ticket payload as the hub writes it (sn_ticket_to_json), with random extras. */
static char *
random_ticket_payload (GRand *r, guint id)
{
  g_autoptr (SnTicket) t = random_ticket (r, id);
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  SnStall stalls[SN_N_STALL_REASONS];
  SnTicketJsonExtras extras = { random_time (r, TRUE), -1, stalls, 0, g_rand_boolean (r) };

  if (g_rand_boolean (r))
    extras.time_limit_used = g_rand_double_range (r, 0, 2);
  extras.n_stalls = g_rand_int_range (r, 0, SN_N_STALL_REASONS + 1);
  for (guint i = 0; i < extras.n_stalls; i++)
    stalls[i] = (SnStall){ g_rand_int_range (r, 0, SN_N_STALL_REASONS), random_time (r, FALSE) };
  sn_ticket_to_json (t, &extras, b);
  return sn_json_builder_to_string (b, NULL);
}

static void
append_unicode_escape (GString *out, gunichar c)
{
  if (c >= 0x10000)
    {
      c -= 0x10000;
      g_string_append_printf (out, "\\u%04X\\u%04x", 0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
      return;
    }
  g_string_append_printf (out, "\\u%04x", c);
}

/* The same JSON with the characters of its strings (keys too) written as escapes: every
 * non-ASCII one (astral ones as surrogate pairs), some ASCII ones, and some "/" as "\/". */
static char *
escape_strings (GRand *r, const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean in_string = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!in_string || c == '"')
        in_string ^= c == '"';
      else if (c == '\\')
        {
          guint n = p[1] == 'u' ? 6 : 2;

          g_string_append_len (out, p, n);
          p += n - 1;
          continue;
        }
      else if (c >= 0x80 || (g_ascii_isalnum (c) && g_rand_int_range (r, 0, 8) == 0))
        {
          append_unicode_escape (out, c);
          continue;
        }
      else if (c == '/' && g_rand_boolean (r))
        {
          g_string_append (out, "\\/");
          continue;
        }
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
pretty (const char *text)
{
  g_autoptr (JsonNode) root = json_from_string (text, NULL);
  g_autoptr (JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static const char *const ticket_members[] = {
  "service_request_id",
  "status",
  "status_notes",
  "service_name",
  "service_code",
  "description",
  "agency_responsible",
  "requested_datetime",
  "updated_datetime",
  "expected_datetime",
  "address",
  "lat",
  "long",
  "version",
  "channel",
  "ticket_type",
  "state",
  "district",
  "street",
  "units",
  "priority",
  "tier",
  "bounce_count",
  "dispatched_datetime",
  "accepted_datetime",
  "last_progress_datetime",
  "last_bounce_datetime",
  "reopened_datetime",
  "closed_datetime",
  "escalation_due",
  "deadline_override",
  "extension_seconds",
  "paused_seconds",
  "paused_since",
  "stall",
  "history",
  "paused",
  "extended_attributes",
};

static const char *const values[] = {
  "null",
  "0",
  "3",
  "-7",
  "9223372036854775807",
  "2.5",
  "-0.0",
  "1e3",
  "\"\"",
  "\"x\"",
  "\"open\"",
  "\"CLOSED\"",
  "\"closed\"",
  "\"dispatched\"",
  "\"bogus\"",
  "\"wechat\"",
  "\"urgent\"",
  "\"新\"",
  "true",
  "false",
  "[]",
  "[\"a\",\"b\"]",
  "[\"\"]",
  "[1]",
  "{}",
  "{\"a\":1}",
  "\"2025-09-30T08:00:00+08:00\"",
  "\"2025-09-30T08:00:00Z\"",
  "\"2025-09-30T08:00:00.5Z\"",
  "\"2025-02-30T08:00:00Z\"",
  "\"2025-09-30\"",
  "\"39.9\"",
  "\" 39.9\"",
  "\"39.9x\"",
  "\"nan\"",
  "91",
  "-181",
  "\"1e2\"",
  "0.000001",
};

static const char *const stall_values[] = {
  "[{\"reason\":\"silent\",\"since\":\"2025-09-30T08:00:00Z\"}]",
  "[{\"reason\":\"nope\",\"since\":\"2025-09-30T08:00:00Z\"}]",
  "[{\"reason\":\"silent\"}]",
  "[{\"reason\":\"silent\",\"since\":\"soon\"}]",
  "[{\"reason\":\"silent\",\"since\":null}]",
  "[{\"reason\":\"overdue\",\"since\":\"2025-09-30T08:00:00Z\",\"x\":[1,{}]},1]",
  "[[],{}]",
  "[{\"reason\":\"silent\",\"since\":\"2025-09-30T08:00:00Z\"},{\"reason\":\"silent\",\"since\":"
  "\"2025-09-30T08:00:00Z\"},{\"reason\":\"at_risk\",\"since\":\"2025-09-30T08:00:00Z\"},"
  "{\"reason\":\"overdue\",\"since\":\"2025-09-30T08:00:00Z\"},{\"reason\":\"reopened\",\"since\":"
  "\"2025-09-30T08:00:00Z\"},{\"reason\":\"bouncing\",\"since\":\"2025-09-30T08:00:00Z\"},7]",
  "[{\"reason\":\"silent\",\"since\":\"2025-09-30T08:00:00Z\",\"reason\":\"unaccepted\"}]",
};

static const char *const history_values[] = {
  "[{\"time\":\"2025-01-01T00:00:00Z\",\"kind\":\"note\"}]",
  "[{\"kind\":\"note\"}]",
  "[{\"time\":\"2025-01-01T00:00:00Z\",\"kind\":\"zzz\"}]",
  "[{\"time\":\"2025-01-01T00:00:00Z\",\"kind\":\"note\",\"units\":[\"\"]}]",
  "[{\"time\":\"2025-01-01T00:00:00Z\",\"kind\":\"escalated\",\"tier\":\"x\"}]",
  "[{\"time\":\"2025-01-01T00:00:00Z\",\"kind\":\"extended\",\"due\":5}]",
  "[{\"time\":\"2025-01-01T00:00:00Z\",\"kind\":\"note\",\"actor\":7}]",
  "[{\"time\":\"2025-01-01T00:00:00Z\",\"kind\":\"note\",\"reason\":\"\\ud83d\\ude00\"},1]",
};

static const char *const queue_mutations[][2] = {
  { "\"agents\":{", "\"agents\":[],\"x\":{" },
  { "\"agents\":{", "\"x\":{" },
  { "\"today\":{", "\"today\":null,\"x\":{" },
  { "\"queue\":\"", "\"queue\":5,\"x\":\"" },
  { "\"queue\":\"", "\"x\":\"" },
  { "\"waiting\":", "\"waiting\":\"x\",\"y\":" },
  { "\"paused_reasons\":{",
    "\"paused_reasons\":{\"d\":1,\"d\":\"x\",\"e\":\"y\",\"e\":3,\"f\":2.5" },
  { "\"paused_reasons\":{", "\"paused_reasons\":5,\"x\":{" },
  { "\"interval\":{",
    "\"intervals\":[1,{\"start\":\"1960-01-01T00:00:00Z\",\"offered\":9}],\"x\":{" },
  { "\"interval\":{", "\"intervals\":5,\"interval\":null,\"x\":{" },
  { "\"interval\":{", "\"interval\":{\"start\":\"soon\"},\"x\":{" },
  { "\"day\":\"", "\"day\":7,\"x\":\"" },
  { "\"day\":\"", "\"day\":\"2031-01-01\",\"x\":\"" },
  { "\"available\":", "\"available\":-3,\"x\":" },
  { "\"state\":\"", "\"state\":\"asleep\",\"x\":\"" },
  { "\"state\":\"", "\"x\":\"" },
  { "\"agent\":\"", "\"agent\":[],\"x\":\"" },
};

/* Each refused by json-glib and by SnFrame with the same code. */
static const char *const refused_inputs[] = {
  "",
  " \n\t",
  "{",
  "{\"a\"",
  "{\"a\":",
  "{\"a\":1",
  "{\"a\":1,}",
  "[1,2,]",
  "{\"a\":1} x",
  "{a:1}",
  "{\"a\":1 // c\n}",
  "{\"a\":+1}",
  "{\"a\":1.5e}",
  "{\"a\":-}",
  "{\"a\":--1}",
  "{\"a\":TRUE}",
  "{\"a\":nul}",
  "{\"a\":1,,\"b\":2}",
  "{,}",
  "{\"a\":[,]}",
  "{\"a\":inf}",
  "{\"a\":NaN}",
  "{\"a\":1.5.5}",
  "{\"a\":12abc}",
  "{\"a\":\"\\ud83d\"}",
  "{\"a\":\"\\ude00\"}",
  "{\"a\":\"\\u00\"}",
  "{\"a\":\"\\ud800\\ud800\"}",
  "{\"a\":\"x\xff\"}",
  "{\"a\":\"\xc0\xaf\"}",
  "{\"a\":\"\xed\xa0\x80\"}",
  "{\"a\":\"\xe6\x96\"}",
  "[]",
  "1",
  "\"x\"",
  "null",
  " [1, 2] ",
  "{\"a\": x, \"b\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
};

/* Not JSON, yet json-glib 1.6 takes them: SnFrame refuses them, and the console model hands
 * them to json-glib, so that it still takes exactly what it took. */
static const char *const json_glib_quirks[] = {
  "{\"a\":1}{}",
  "{'a':1}",
  "{\"a\":'x'}",
  "{\"a\":1 /* c */}",
  "{\"a\":0x10}",
  "{\"a\":01}",
  "{\"a\":- 1}",
  "{\"a\":1.}",
  "{\"a\":.5}",
  "{\"a\":9223372036854775808}",
  "{\"a\":99999999999999999999}",
  "{\"a\":\"\\u0000\"}",
  "{\"a\":\"\\ud83dx\"}",
  "{\"a\":\"\\x\"}",
  "{\"a\":\"\\u12G4\"}",
  "\xef\xbb\xbf{\"a\":1}",
};

/* Frames with faults, given to a model that holds state: the same outcome as json-glib's
 * path, and a refused frame changes nothing. */
static const char *const faulty_frames[][2] = {
  { "\"seq\": 1045", "\"seq\": \"1045\"" },
  { "\"seq\": 1045", "\"seq\": 1045.0" },
  { "\"seq\": 1045", "\"seq\": null" },
  { "\"seq\": 1045,", "" },
  { "\"kind\": \"ticket\"", "\"kind\": 5" },
  { "\"kind\": \"ticket\"", "\"kind\": \"future\"" },
  { "\"kind\": \"ticket\",", "" },
  { "\"payload\": {", "\"payload\": [], \"x\": {" },
  { "\"type\": \"event\"", "\"type\": 5" },
  { "\"type\": \"event\"", "\"type\": {}" },
  { "\"type\": \"event\"", "\"type\": \"nope\"" },
  { "\"time\": \"2025-09-30T08:00:01Z\"", "\"time\": 5" },
  { "\"version\": 4", "\"version\": 4.5" },
  { "\"version\": 4,", "" },
  { "\"state\": \"dispatched\"", "\"state\": \"lost\"" },
  { "\"state\": \"dispatched\"", "\"state\": \"dispatched\", \"state\": \"lost\"" },
  { "\"state\": \"dispatched\"", "\"state\": \"lost\", \"state\": \"dispatched\"" },
  { "\"state\": \"dispatched\",", "\"status\": \"CLOSED\"," },
  { "\"state\": \"dispatched\",", "\"status\": \"shut\"," },
  { "\"long\": 116.4741,", "" },
  { "\"lat\": 39.9925", "\"lat\": \"39.9925\"" },
  { "\"lat\": 39.9925", "\"lat\": 91" },
  { "\"units\": [\"朝阳区住建委\"]", "\"units\": [\"\"]" },
  { "\"priority\": 3", "\"priority\": 9" },
  { "\"stall\": [", "\"stall\": [{\"reason\": \"late\", \"since\": \"2025-09-30T02:00:00Z\"}, " },
  { "\"escalation_due\": null", "\"escalation_due\": \"tomorrow\"" },
  { "\"description\": \"Night-time", "\"description\": \"Night\\u0000-time" },
  { "\"state\": \"dispatched\"", "\"state\": \"dispatched\\u0000x\"" },
  { "\"priority\": 3", "\"priority\": 03" },
  { "\"version\": 4", "\"version\": 0x4" },
  { "\"bounce_count\": 2", "\"bounce_count\": 18446744073709551618" },
  { "\"status\": \"open\"", "\"status\": 'open'" },
  { "\"address\": \"北京市", "\"address\": \"北京市\t" },
  { "}}", "}} /* a comment */" },
  { "}}", "}}{\"type\": \"event\"}" },
  { "\"description\": \"Night", "\"description\": \"\xffNight" },
  { "\"payload\": {",
    "\"payload\": {\"x\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]," },
};

/* Times in the hub's form and in others, valid and not. */
static const char *const time_forms[] = { NULL,
                                          "",
                                          "2025-09-30T08:00:00Z",
                                          "2025-09-30T08:00:00+08:00",
                                          "2025-09-30T08:00:00",
                                          "2025-09-30T08:00:00.75Z",
                                          "2025-09-30t08:00:00z",
                                          "2025-09-30 08:00:00Z",
                                          "2025-09-30T08:00Z",
                                          "2025-09-30T08:00:00Zx",
                                          "2025-09-30T08:00:0",
                                          "0001-01-01T00:00:00Z",
                                          "9999-12-31T23:59:59Z",
                                          "0000-01-01T00:00:00Z",
                                          "2024-02-29T12:00:00Z",
                                          "2025-02-29T12:00:00Z",
                                          "1900-02-29T00:00:00Z",
                                          "2000-02-29T00:00:00Z",
                                          "1969-12-31T23:59:59Z",
                                          "2025-09-30T24:00:00Z",
                                          "2025-09-30T23:60:00Z",
                                          "2025-09-30T23:59:60Z",
                                          "+2025-09-30T08:00:00Z",
                                          "２０２５-09-30T08:00:00Z" };
