/* test-stalled-list.c — the Stalled page's list model: which tickets, in which order, under
 * which filters, and the items-changed it emits as events arrive
 *
 * Tickets reach the console model as stream frames (a snapshot, then events), built with the
 * protocol's own writer, exactly as a hub sends them.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-console-model.h"
#include "sn-stalled-list.h"
#include "sn-ticket-json.h"

#define HOUR 3600
#define T0 G_GINT64_CONSTANT (1759968000) /* 2025-10-09T00:00:00Z */
#define NONE G_MAXUINT

/* A ticket as a test writes it; zero fields take the defaults of ticket_from_spec(). */
typedef struct
{
  const char *id;
  const char *reasons; /* protocol names, space-separated */
  int deadline; /* hours from T0; 0 = none */
  const char *category;
  const char *district;
  const char *street;
  const char *units; /* "|"-separated */
  SnTicketState state;
  int tier;
  int priority;
  int bounces;
  int requested; /* hours from T0 */
  const char *description;
  const char *address;
  gint64 version;
} Spec;

typedef struct
{
  guint position, removed, added;
} Change;

typedef struct
{
  SnConsoleModel *model;
  SnStalledList *list;
  GArray *changes; /* Change */
  guint counts_changed;
  gint64 seq;
} Fixture;

/* ── building frames ───────────────────────────────────────────────────────────── */

static SnTicket *
ticket_from_spec (const Spec *s)
{
  SnTicket *t = sn_ticket_new (s->id);
  g_auto (GStrv) units = g_strsplit (s->units != NULL ? s->units : "朝阳区城管执法局", "|", -1);

  t->service_name = g_strdup (s->category != NULL ? s->category : "施工噪音");
  t->service_code = g_strdup ("noise.construction");
  t->description = g_strdup (s->description != NULL ? s->description : "市民反映问题");
  t->address = g_strdup (s->address != NULL ? s->address : "北京市朝阳区");
  t->district = g_strdup (s->district != NULL ? s->district : "110105");
  t->street = g_strdup (s->street != NULL ? s->street : "望京街道");
  sn_ticket_set_units (t, (const char *const *) units);
  t->state = s->state;
  t->tier = s->tier;
  t->priority = s->priority != 0 ? s->priority : 3;
  t->bounce_count = s->bounces;
  t->requested_at = T0 + s->requested * HOUR;
  t->version = s->version != 0 ? s->version : 1;
  return t;
}

static guint
stalls_from_spec (const Spec *s, SnStall stalls[SN_N_STALL_REASONS])
{
  g_auto (GStrv) names = g_strsplit (s->reasons != NULL ? s->reasons : "", " ", -1);
  guint n = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (names[i][0] == '\0')
        continue;
      g_assert_true (sn_stall_reason_from_string (names[i], &stalls[n].reason));
      stalls[n++].since = T0 - HOUR;
    }
  return n;
}

static void
add_ticket (JsonBuilder *b, const Spec *s)
{
  g_autoptr (SnTicket) t = ticket_from_spec (s);
  SnStall stalls[SN_N_STALL_REASONS];
  SnTicketJsonExtras extras = { 0 };

  extras.n_stalls = stalls_from_spec (s, stalls);
  extras.stalls = stalls;
  extras.deadline = s->deadline != 0 ? T0 + s->deadline * HOUR : 0;
  extras.time_limit_used = -1;
  sn_ticket_to_json (t, &extras, b);
}

static char *
builder_text (JsonBuilder *b)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (b);

  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static void
apply (Fixture *f, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sn_console_model_apply_text (f->model, text, strlen (text), &error));
  g_assert_no_error (error);
}

static void
apply_snapshot (Fixture *f, const Spec *specs, guint n)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "snapshot");
  json_builder_set_member_name (b, "epoch");
  json_builder_add_string_value (b, "e");
  json_builder_set_member_name (b, "head");
  json_builder_add_int_value (b, f->seq);
  json_builder_set_member_name (b, "part");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "last");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "tickets");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    add_ticket (b, &specs[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  text = builder_text (b);
  apply (f, text);
}

static void
apply_event (Fixture *f, const Spec *spec)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "event");
  json_builder_set_member_name (b, "epoch");
  json_builder_add_string_value (b, "e");
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, ++f->seq);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "ticket");
  json_builder_set_member_name (b, "time");
  json_builder_add_string_value (b, "2025-10-09T00:00:00Z");
  json_builder_set_member_name (b, "payload");
  add_ticket (b, spec);
  json_builder_end_object (b);
  text = builder_text (b);
  apply (f, text);
}

/* ── fixture ───────────────────────────────────────────────────────────────────── */

static void
items_changed_cb (GListModel *list, guint position, guint removed, guint added, Fixture *f)
{
  Change c = { position, removed, added };

  g_array_append_val (f->changes, c);
}

static void
counts_changed_cb (SnStalledList *list, Fixture *f)
{
  f->counts_changed++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->model = sn_console_model_new ();
  f->list = sn_stalled_list_new (f->model);
  f->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_signal_connect (f->list, "items-changed", G_CALLBACK (items_changed_cb), f);
  g_signal_connect (f->list, "reason-counts-changed", G_CALLBACK (counts_changed_cb), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->list);
  g_assert_finalize_object (f->model);
  g_array_unref (f->changes);
}

static void
forget_changes (Fixture *f)
{
  g_array_set_size (f->changes, 0);
  f->counts_changed = 0;
}

static void
assert_change (Fixture *f, guint i, guint position, guint removed, guint added)
{
  Change *c;

  g_assert_cmpuint (i, <, f->changes->len);
  c = &g_array_index (f->changes, Change, i);
  g_assert_cmpuint (c->position, ==, position);
  g_assert_cmpuint (c->removed, ==, removed);
  g_assert_cmpuint (c->added, ==, added);
}

/* The rows' ids, space-separated. */
static char *
rows (Fixture *f)
{
  GString *s = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SnStalledItem) item = g_list_model_get_item (G_LIST_MODEL (f->list), i);

      g_assert_cmpstr (sn_stalled_item_get_id (item), ==,
                       sn_stalled_list_get_ticket_id (f->list, i));
      g_assert_cmpuint (sn_stalled_list_lookup_position (f->list, sn_stalled_item_get_id (item)),
                        ==, i);
      g_string_append_printf (s, "%s%s", i > 0 ? " " : "", sn_stalled_item_get_id (item));
    }
  return g_string_free (s, FALSE);
}

#define assert_rows(f, expected)                                                                   \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autofree char *_rows = rows (f);                                                             \
    g_assert_cmpstr (_rows, ==, expected);                                                         \
  }                                                                                                \
  G_STMT_END

static void
set_filter_text (Fixture *f, const char *text)
{
  SnStalledFilter filter;

  sn_stalled_filter_init (&filter);
  filter.text = text;
  sn_stalled_list_set_filter (f->list, &filter);
}

/* ── membership and the default order ──────────────────────────────────────────── */

static void
test_only_stalled (Fixture *f, gconstpointer data)
{
  const Spec specs[] = {
    { .id = "A", .reasons = "overdue", .deadline = -5 },
    { .id = "B" },
    { .id = "C", .reasons = "silent bouncing", .deadline = 30 },
    { .id = "D", .state = SN_TICKET_STATE_CLOSED },
    { .id = "E", .reasons = "reopened" },
  };

  apply_snapshot (f, specs, G_N_ELEMENTS (specs));
  g_assert_cmpuint (sn_console_model_get_n_tickets (f->model), ==, 5);
  g_assert_cmpuint (sn_stalled_list_get_n_stalled (f->list), ==, 3);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->list)) == SN_TYPE_STALLED_ITEM);
  assert_rows (f, "A C E");
  assert_change (f, 0, 0, 0, 3);
  g_assert_cmpuint (sn_stalled_list_lookup_position (f->list, "B"), ==, NONE);
  g_assert_cmpuint (sn_stalled_list_lookup_position (f->list, "nothing"), ==, NONE);
  g_assert_null (sn_stalled_list_get_ticket_id (f->list, 3));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), 3));
}

/* A list made while the model already holds tickets starts with them. */
static void
test_late_list (Fixture *f, gconstpointer data)
{
  const Spec specs[] = {
    { .id = "A", .reasons = "silent", .deadline = 5 },
    { .id = "B", .reasons = "overdue", .deadline = -1 },
  };
  g_autoptr (SnStalledList) late = NULL;
  g_autoptr (SnStalledItem) first = NULL;

  apply_snapshot (f, specs, G_N_ELEMENTS (specs));
  late = sn_stalled_list_new (f->model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (late)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (late), 0);
  g_assert_cmpstr (sn_stalled_item_get_id (first), ==, "B");
  g_assert_cmpuint (sn_stalled_item_get_reasons (first), ==,
                    SN_STALL_REASON_BIT (SN_STALL_OVERDUE));
  g_assert_cmpint (sn_stalled_item_get_deadline (first), ==, T0 - HOUR);
  g_assert_true (sn_stalled_list_get_model (late) == f->model);
}

/* Overdue by how much (most first), then at risk by time left (least first), then the rest
 * by deadline; no deadline last; ties by id. */
static void
test_default_order (Fixture *f, gconstpointer data)
{
  const Spec specs[] = {
    { .id = "A", .reasons = "overdue", .deadline = -10 },
    { .id = "B", .reasons = "overdue", .deadline = -2 },
    { .id = "C", .reasons = "silent overdue", .deadline = -30 },
    { .id = "D", .reasons = "at_risk", .deadline = 1 },
    { .id = "E", .reasons = "at_risk unaccepted", .deadline = 5 },
    { .id = "F", .reasons = "silent", .deadline = 48 },
    { .id = "G", .reasons = "bouncing", .deadline = 24 },
    { .id = "H", .reasons = "unaccepted" },
    { .id = "I", .reasons = "at_risk overdue", .deadline = -5 },
    { .id = "J", .reasons = "at_risk", .deadline = 1 },
    { .id = "K", .reasons = "reopened", .deadline = -1 }, /* past deadline, not yet overdue */
    { .id = "L" },
  };
  SnStalledColumn column;
  gboolean descending;

  apply_snapshot (f, specs, G_N_ELEMENTS (specs));
  sn_stalled_list_get_sort (f->list, &column, &descending);
  g_assert_cmpint (column, ==, SN_STALLED_COLUMN_URGENCY);
  g_assert_false (descending);
  assert_rows (f, "C A I B D J E K G F H");
  sn_stalled_list_set_sort (f->list, SN_STALLED_COLUMN_URGENCY, TRUE);
  assert_rows (f, "H F G K E D J B I A C"); /* D and J tie: by id */
}

/* ── sorting ───────────────────────────────────────────────────────────────────── */

typedef struct
{
  SnStalledColumn column;
  const char *ascending;
  const char *descending; /* NULL: the reverse */
} SortCase;

/* Five tickets whose values differ in every column but the tier (C and E are T3); the urgency
 * order is E D C B A. */
static const Spec sort_specs[] = {
  { .id = "A",
    .reasons = "silent",
    .deadline = 50,
    .category = "噪音",
    .district = "110108",
    .street = "中关村街道",
    .units = "海淀区城管",
    .state = SN_TICKET_STATE_RETURNED,
    .tier = 2,
    .priority = 4,
    .bounces = 3,
    .requested = -2 },
  { .id = "B",
    .reasons = "bouncing silent",
    .deadline = 40,
    .category = "Abandoned car",
    .district = "110105",
    .street = "望京街道",
    .units = "朝阳区住建委",
    .state = SN_TICKET_STATE_ACCEPTED,
    .tier = 0,
    .priority = 1,
    .bounces = 5,
    .requested = -40 },
  { .id = "C",
    .reasons = "unaccepted",
    .deadline = 30,
    .category = "water",
    .district = "110105",
    .street = "三里屯街道",
    .units = "朝阳区住建委|朝阳区城管",
    .state = SN_TICKET_STATE_DISPATCHED,
    .tier = 3,
    .priority = 5,
    .bounces = 0,
    .requested = -10 },
  { .id = "D",
    .reasons = "at_risk reopened",
    .deadline = 2,
    .category = "Light",
    .district = "110101",
    .street = "东华门街道",
    .units = "东城区市政",
    .state = SN_TICKET_STATE_REOPENED,
    .tier = 1,
    .priority = 2,
    .bounces = 1,
    .requested = -5 },
  { .id = "E",
    .reasons = "overdue",
    .deadline = -3,
    .category = "light",
    .district = "110102",
    .street = "金融街街道",
    .units = "西城区水务",
    .state = SN_TICKET_STATE_IN_PROGRESS,
    .tier = 3,
    .priority = 3,
    .bounces = 2,
    .requested = -100 },
};

/* Collation under C.UTF-8 (the test environment) is by code point, upper case first. */
static const SortCase sort_cases[] = {
  { SN_STALLED_COLUMN_URGENCY, "E D C B A" },
  { SN_STALLED_COLUMN_ID, "A B C D E" },
  { SN_STALLED_COLUMN_CATEGORY, "B D E C A" },
  { SN_STALLED_COLUMN_DISTRICT, "D E C B A" },
  { SN_STALLED_COLUMN_UNITS, "D B C A E" },
  { SN_STALLED_COLUMN_STATE, "C B E A D" },
  { SN_STALLED_COLUMN_REASONS, "A B C D E" },
  { SN_STALLED_COLUMN_TIME_LEFT, "E D C B A" },
  { SN_STALLED_COLUMN_BOUNCES, "C D E A B" },
  { SN_STALLED_COLUMN_TIER, "B D A E C", "E C A D B" }, /* the tie by urgency either way */
  { SN_STALLED_COLUMN_PRIORITY, "B D E A C" },
  { SN_STALLED_COLUMN_AGE, "A D C B E" },
};

static char *
reversed (const char *ids)
{
  g_auto (GStrv) words = g_strsplit (ids, " ", -1);
  guint n = g_strv_length (words);
  GString *s = g_string_new (NULL);

  for (guint i = n; i > 0; i--)
    g_string_append_printf (s, "%s%s", i < n ? " " : "", words[i - 1]);
  return g_string_free (s, FALSE);
}

static void
test_sort_columns (Fixture *f, gconstpointer data)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (sort_cases) == SN_N_STALLED_COLUMNS);

  apply_snapshot (f, sort_specs, G_N_ELEMENTS (sort_specs));
  for (guint i = 0; i < G_N_ELEMENTS (sort_cases); i++)
    {
      g_autofree char *descending = sort_cases[i].descending != NULL
                                        ? g_strdup (sort_cases[i].descending)
                                        : reversed (sort_cases[i].ascending);

      g_test_message ("column %d", sort_cases[i].column);
      g_assert_cmpint (sort_cases[i].column, ==, i);
      sn_stalled_list_set_sort (f->list, sort_cases[i].column, FALSE);
      assert_rows (f, sort_cases[i].ascending);
      forget_changes (f);
      sn_stalled_list_set_sort (f->list, sort_cases[i].column, TRUE);
      assert_rows (f, descending);
      assert_change (f, 0, 0, 5, 5);
      g_assert_cmpuint (f->changes->len, ==, 1);
    }
  /* Setting the same sort again changes nothing. */
  forget_changes (f);
  sn_stalled_list_set_sort (f->list, SN_STALLED_COLUMN_AGE, TRUE);
  g_assert_cmpuint (f->changes->len, ==, 0);
}

/* Equal keys fall back to urgency, then id, in either direction. */
static void
test_sort_ties (Fixture *f, gconstpointer data)
{
  const Spec specs[] = {
    { .id = "A", .reasons = "silent", .deadline = 10, .tier = 1 },
    { .id = "B", .reasons = "overdue", .deadline = -1, .tier = 1 },
    { .id = "C", .reasons = "at_risk", .deadline = 3, .tier = 0 },
    { .id = "D", .reasons = "silent", .deadline = 10, .tier = 1 },
  };

  apply_snapshot (f, specs, G_N_ELEMENTS (specs));
  sn_stalled_list_set_sort (f->list, SN_STALLED_COLUMN_TIER, FALSE);
  assert_rows (f, "C B A D");
  sn_stalled_list_set_sort (f->list, SN_STALLED_COLUMN_TIER, TRUE);
  assert_rows (f, "B A D C");
  sn_stalled_list_set_sort (f->list, SN_STALLED_COLUMN_CATEGORY, TRUE);
  assert_rows (f, "B C A D");
}

/* ── filters and counts ────────────────────────────────────────────────────────── */

static const Spec filter_specs[] = {
  { .id = "BJ-001",
    .reasons = "overdue silent",
    .deadline = -3,
    .category = "施工噪音",
    .district = "110105",
    .units = "朝阳区城管执法局",
    .tier = 1,
    .description = "Night-time pile driving, 望京 every night",
    .address = "北京市朝阳区望京街10号" },
  { .id = "BJ-002",
    .reasons = "at_risk",
    .deadline = 2,
    .category = "路灯",
    .district = "110105",
    .units = "朝阳区市政|朝阳区城管执法局",
    .tier = 0,
    .description = "ＮＯＩＳＥ from the street light transformer",
    .address = "朝阳区三里屯路5号" },
  { .id = "BJ-003",
    .reasons = "bouncing overdue",
    .deadline = -1,
    .category = "施工噪音",
    .district = "110108",
    .units = "海淀区城管",
    .tier = 2,
    .description = "工地夜间施工噪音",
    .address = "海淀区中关村大街1号" },
  { .id = "BJ-004",
    .reasons = "silent",
    .deadline = 30,
    .category = "供水",
    .district = "110108",
    .units = "海淀区水务局",
    .tier = 1,
    .description = "No water since Monday",
    .address = "海淀区学院路" },
  { .id = "SH-005",
    .reasons = "reopened unaccepted",
    .deadline = 10,
    .category = "路灯",
    .district = "110101",
    .units = "东城区市政",
    .tier = 0,
    .description = "Straße lamp broken (Noise-free)",
    .address = "东城区王府井大街" },
};

static void
filter_rows (Fixture *f, const SnStalledFilter *filter, const char *expected)
{
  sn_stalled_list_set_filter (f->list, filter);
  assert_rows (f, expected);
}

static void
test_filter_each (Fixture *f, gconstpointer data)
{
  SnStalledFilter filter;

  apply_snapshot (f, filter_specs, G_N_ELEMENTS (filter_specs));
  assert_rows (f, "BJ-001 BJ-003 BJ-002 SH-005 BJ-004");

  sn_stalled_filter_init (&filter);
  filter.reasons = SN_STALL_REASON_BIT (SN_STALL_OVERDUE);
  filter_rows (f, &filter, "BJ-001 BJ-003");
  filter.reasons |= SN_STALL_REASON_BIT (SN_STALL_REOPENED); /* any of them */
  filter_rows (f, &filter, "BJ-001 BJ-003 SH-005");

  sn_stalled_filter_init (&filter);
  filter.district = "110108";
  filter_rows (f, &filter, "BJ-003 BJ-004");

  sn_stalled_filter_init (&filter);
  filter.unit = "朝阳区城管执法局"; /* BJ-002's second unit */
  filter_rows (f, &filter, "BJ-001 BJ-002");
  filter.unit = "朝阳区城管"; /* a prefix of a unit is another unit */
  filter_rows (f, &filter, "");

  sn_stalled_filter_init (&filter);
  filter.category = "路灯";
  filter_rows (f, &filter, "BJ-002 SH-005");

  sn_stalled_filter_init (&filter);
  filter.tier = 1;
  filter_rows (f, &filter, "BJ-001 BJ-004");
  filter.tier = 0;
  filter_rows (f, &filter, "BJ-002 SH-005");

  /* Empty strings and a NULL filter show everything. */
  sn_stalled_filter_init (&filter);
  filter.district = "";
  filter.text = "";
  filter_rows (f, &filter, "BJ-001 BJ-003 BJ-002 SH-005 BJ-004");
  filter_rows (f, NULL, "BJ-001 BJ-003 BJ-002 SH-005 BJ-004");
}

static void
test_filter_text (Fixture *f, gconstpointer data)
{
  const struct
  {
    const char *text;
    const char *expected;
  } cases[] = {
    { "noise", "BJ-002 SH-005" }, /* full-width ＮＯＩＳＥ folds to ASCII */
    { "NoIsE", "BJ-002 SH-005" },
    { "ｎｏｉｓｅ", "BJ-002 SH-005" },
    { "施工噪音", "BJ-003" }, /* the category is not searched */
    { "望京", "BJ-001" }, /* description and address */
    { "中关村", "BJ-003" }, /* address */
    { "bj-00", "BJ-001 BJ-003 BJ-002 BJ-004" }, /* id, case-insensitively */
    { "sh-005", "SH-005" },
    { "STRASSE", "SH-005" }, /* ß folds to ss */
    { "  night   望京 ", "BJ-001" }, /* every word, anywhere */
    { "night 中关村", "" },
    { "朝阳区　三里屯", "BJ-002" }, /* an ideographic space separates words */
    { "zzz", "" },
  };
  SnStalledFilter got;

  apply_snapshot (f, filter_specs, G_N_ELEMENTS (filter_specs));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("“%s”", cases[i].text);
      set_filter_text (f, cases[i].text);
      assert_rows (f, cases[i].expected);
    }
  sn_stalled_list_get_filter (f->list, &got);
  g_assert_cmpstr (got.text, ==, "zzz");
  g_assert_cmpint (got.tier, ==, -1);
}

static void
test_filter_combined (Fixture *f, gconstpointer data)
{
  SnStalledFilter filter;

  apply_snapshot (f, filter_specs, G_N_ELEMENTS (filter_specs));
  sn_stalled_filter_init (&filter);
  filter.district = "110105";
  filter.reasons = SN_STALL_REASON_BIT (SN_STALL_OVERDUE) | SN_STALL_REASON_BIT (SN_STALL_AT_RISK);
  filter_rows (f, &filter, "BJ-001 BJ-002");
  filter.text = "noise";
  filter_rows (f, &filter, "BJ-002");
  filter.unit = "朝阳区市政";
  filter_rows (f, &filter, "BJ-002");
  filter.tier = 1;
  filter_rows (f, &filter, "");
  sn_stalled_filter_init (&filter);
  filter.category = "施工噪音";
  filter.tier = 2;
  filter_rows (f, &filter, "BJ-003");
  /* The filter the list returns can be changed and given back. */
  sn_stalled_filter_init (&filter);
  filter.district = "110105";
  filter.text = "noise";
  sn_stalled_list_set_filter (f->list, &filter);
  sn_stalled_list_get_filter (f->list, &filter);
  filter.reasons = SN_STALL_REASON_BIT (SN_STALL_AT_RISK);
  filter_rows (f, &filter, "BJ-002");
  sn_stalled_list_get_filter (f->list, &filter);
  g_assert_cmpstr (filter.district, ==, "110105");
  g_assert_cmpstr (filter.text, ==, "noise");
  /* Sorting keeps the filter. */
  sn_stalled_filter_init (&filter);
  filter.district = "110108";
  sn_stalled_list_set_filter (f->list, &filter);
  sn_stalled_list_set_sort (f->list, SN_STALLED_COLUMN_ID, TRUE);
  assert_rows (f, "BJ-004 BJ-003");
}

/* A filter change is one items-changed from the old rows to the new; an equal filter is none. */
static void
test_filter_signals (Fixture *f, gconstpointer data)
{
  SnStalledFilter filter;

  apply_snapshot (f, filter_specs, G_N_ELEMENTS (filter_specs));
  forget_changes (f);
  sn_stalled_filter_init (&filter);
  filter.district = "110108";
  sn_stalled_list_set_filter (f->list, &filter);
  g_assert_cmpuint (f->changes->len, ==, 1);
  assert_change (f, 0, 0, 5, 2);
  sn_stalled_list_set_filter (f->list, &filter);
  g_assert_cmpuint (f->changes->len, ==, 1);
  filter.district = "nowhere";
  sn_stalled_list_set_filter (f->list, &filter);
  assert_change (f, 1, 0, 2, 0);
  filter.district = "elsewhere"; /* nothing to nothing: no signal */
  sn_stalled_list_set_filter (f->list, &filter);
  g_assert_cmpuint (f->changes->len, ==, 2);
}

static void
assert_counts (Fixture *f, guint unaccepted, guint silent, guint at_risk, guint overdue,
               guint bouncing, guint reopened)
{
  guint counts[SN_N_STALL_REASONS];

  sn_stalled_list_get_reason_counts (f->list, counts);
  g_assert_cmpuint (counts[SN_STALL_UNACCEPTED], ==, unaccepted);
  g_assert_cmpuint (counts[SN_STALL_SILENT], ==, silent);
  g_assert_cmpuint (counts[SN_STALL_AT_RISK], ==, at_risk);
  g_assert_cmpuint (counts[SN_STALL_OVERDUE], ==, overdue);
  g_assert_cmpuint (counts[SN_STALL_BOUNCING], ==, bouncing);
  g_assert_cmpuint (counts[SN_STALL_REOPENED], ==, reopened);
}

static void
test_reason_counts (Fixture *f, gconstpointer data)
{
  SnStalledFilter filter;
  Spec s = filter_specs[3];

  assert_counts (f, 0, 0, 0, 0, 0, 0);
  apply_snapshot (f, filter_specs, G_N_ELEMENTS (filter_specs));
  g_assert_cmpuint (f->counts_changed, ==, 1);
  assert_counts (f, 1, 2, 1, 2, 1, 1);

  /* The reason filter does not change the counts … */
  forget_changes (f);
  sn_stalled_filter_init (&filter);
  filter.reasons = SN_STALL_REASON_BIT (SN_STALL_SILENT);
  sn_stalled_list_set_filter (f->list, &filter);
  assert_counts (f, 1, 2, 1, 2, 1, 1);
  g_assert_cmpuint (f->counts_changed, ==, 0);
  /* … the others do. */
  filter.district = "110108";
  sn_stalled_list_set_filter (f->list, &filter);
  assert_counts (f, 0, 1, 0, 1, 1, 0);
  g_assert_cmpuint (f->counts_changed, ==, 1);
  assert_rows (f, "BJ-004");

  /* Live: BJ-004 (110108) becomes overdue as well; SH-005 (110101) changes unseen. */
  s.reasons = "silent overdue";
  s.deadline = -1;
  apply_event (f, &s);
  assert_counts (f, 0, 1, 0, 2, 1, 0);
  g_assert_cmpuint (f->counts_changed, ==, 2);
  s = filter_specs[4];
  s.reasons = "unaccepted";
  apply_event (f, &s);
  g_assert_cmpuint (f->counts_changed, ==, 2);
  sn_stalled_list_set_filter (f->list, NULL);
  assert_counts (f, 1, 2, 1, 3, 1, 0);
}

/* ── live updates ──────────────────────────────────────────────────────────────── */

static const Spec live_specs[] = {
  { .id = "A", .reasons = "overdue", .deadline = -10 },
  { .id = "B", .reasons = "overdue", .deadline = -2 },
  { .id = "C", .reasons = "at_risk", .deadline = 1 },
  { .id = "D", .reasons = "silent", .deadline = 20 },
  { .id = "E", .reasons = "silent", .deadline = 40 },
  { .id = "X", .deadline = 30 },
};

static void
test_live_enter_leave (Fixture *f, gconstpointer data)
{
  Spec s = live_specs[5];

  apply_snapshot (f, live_specs, G_N_ELEMENTS (live_specs));
  assert_rows (f, "A B C D E");
  forget_changes (f);

  s.reasons = "silent";
  s.version = 2;
  apply_event (f, &s);
  assert_rows (f, "A B C D X E");
  g_assert_cmpuint (f->changes->len, ==, 1);
  assert_change (f, 0, 4, 0, 1);
  g_assert_cmpuint (f->counts_changed, ==, 1);

  s.reasons = NULL;
  s.version = 3;
  apply_event (f, &s);
  assert_rows (f, "A B C D E");
  assert_change (f, 1, 4, 1, 0);

  /* The first row leaves and comes back at the top. */
  s = live_specs[0];
  s.state = SN_TICKET_STATE_CLOSED;
  s.reasons = NULL;
  apply_event (f, &s);
  assert_change (f, 2, 0, 1, 0);
  s.state = SN_TICKET_STATE_REOPENED;
  s.reasons = "reopened overdue";
  apply_event (f, &s);
  assert_change (f, 3, 0, 0, 1);
  assert_rows (f, "A B C D E");

  /* An event for a ticket that is and stays unstalled says nothing. */
  s = live_specs[5];
  s.version = 9;
  apply_event (f, &s);
  g_assert_cmpuint (f->changes->len, ==, 4);
  g_assert_cmpuint (sn_stalled_list_get_n_stalled (f->list), ==, 5);
}

/* A ticket filtered out enters the counts, not the rows. */
static void
test_live_filtered (Fixture *f, gconstpointer data)
{
  SnStalledFilter filter;
  Spec s = live_specs[5];

  apply_snapshot (f, live_specs, G_N_ELEMENTS (live_specs));
  sn_stalled_filter_init (&filter);
  filter.reasons = SN_STALL_REASON_BIT (SN_STALL_OVERDUE);
  sn_stalled_list_set_filter (f->list, &filter);
  assert_rows (f, "A B");
  forget_changes (f);

  s.reasons = "silent";
  apply_event (f, &s);
  g_assert_cmpuint (f->changes->len, ==, 0);
  assert_counts (f, 0, 3, 1, 2, 0, 0);
  g_assert_cmpuint (f->counts_changed, ==, 1);

  /* Becoming overdue shows it; losing the reason hides it. */
  s.reasons = "silent overdue";
  s.deadline = -5;
  apply_event (f, &s);
  assert_rows (f, "A X B");
  assert_change (f, 0, 1, 0, 1);
  s.reasons = "silent";
  apply_event (f, &s);
  assert_rows (f, "A B");
  assert_change (f, 1, 1, 1, 0);
}

static void
version_cb (GObject *item, GParamSpec *pspec, guint *notified)
{
  (*notified)++;
}

static void
test_live_move (Fixture *f, gconstpointer data)
{
  Spec s = live_specs[3];
  g_autoptr (SnStalledItem) d = NULL;
  g_autoptr (SnStalledItem) again = NULL;
  guint notified = 0;

  apply_snapshot (f, live_specs, G_N_ELEMENTS (live_specs));
  d = g_list_model_get_item (G_LIST_MODEL (f->list), 3);
  g_assert_cmpstr (sn_stalled_item_get_id (d), ==, "D");
  g_signal_connect (d, "notify::version", G_CALLBACK (version_cb), &notified);
  forget_changes (f);

  /* D becomes the most overdue: one change over rows 0..3, the same object at row 0. */
  s.reasons = "silent overdue";
  s.deadline = -20;
  s.version = 2;
  apply_event (f, &s);
  assert_rows (f, "D A B C E");
  g_assert_cmpuint (f->changes->len, ==, 1);
  assert_change (f, 0, 0, 4, 4);
  again = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
  g_assert_true (again == d);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (sn_stalled_item_get_version (d), ==, 2);

  /* Changed in place: (p, 1, 1). */
  s.description = "新的描述";
  s.version = 3;
  apply_event (f, &s);
  assert_rows (f, "D A B C E");
  assert_change (f, 1, 0, 1, 1);
  g_assert_cmpuint (notified, ==, 2);

  /* Down to the end: rows 0..4. */
  s.reasons = "silent";
  s.deadline = 50;
  s.version = 4;
  apply_event (f, &s);
  assert_rows (f, "A B C E D");
  assert_change (f, 2, 0, 5, 5);

  /* One step: rows 3..4. */
  s.deadline = 30;
  s.version = 5;
  apply_event (f, &s);
  assert_rows (f, "A B C D E");
  assert_change (f, 3, 3, 2, 2);
  g_assert_cmpuint (f->changes->len, ==, 4);
  g_assert_cmpuint (notified, ==, 4);
}

/* A new snapshot: the rows are rebuilt in one change, items of tickets still stalled are the
 * same objects, and the sort and filter stay. */
static void
test_reset (Fixture *f, gconstpointer data)
{
  Spec next[G_N_ELEMENTS (live_specs)];
  SnStalledFilter filter;
  g_autoptr (SnStalledItem) b = NULL;
  g_autoptr (SnStalledItem) b_again = NULL;

  apply_snapshot (f, live_specs, G_N_ELEMENTS (live_specs));
  sn_stalled_filter_init (&filter);
  filter.reasons = SN_STALL_REASON_BIT (SN_STALL_OVERDUE) | SN_STALL_REASON_BIT (SN_STALL_SILENT);
  sn_stalled_list_set_filter (f->list, &filter);
  sn_stalled_list_set_sort (f->list, SN_STALLED_COLUMN_ID, TRUE);
  assert_rows (f, "E D B A");
  b = g_list_model_get_item (G_LIST_MODEL (f->list), 2);
  forget_changes (f);

  memcpy (next, live_specs, sizeof next);
  next[0].reasons = NULL; /* A recovers */
  next[5].reasons = "overdue"; /* X stalls */
  next[5].deadline = -1;
  next[1].version = 7; /* B changes */
  next[2].reasons = "at_risk bouncing"; /* C, not shown, counts as bouncing */
  f->seq = 100;
  apply_snapshot (f, next, G_N_ELEMENTS (next));
  assert_rows (f, "X E D B");
  g_assert_cmpuint (f->changes->len, ==, 1);
  assert_change (f, 0, 0, 4, 4);
  b_again = g_list_model_get_item (G_LIST_MODEL (f->list), 3);
  g_assert_true (b_again == b);
  g_assert_cmpint (sn_stalled_item_get_version (b), ==, 7);
  assert_counts (f, 0, 2, 1, 2, 1, 0);
  g_assert_cmpuint (f->counts_changed, ==, 1);

  /* An empty snapshot empties the list. */
  apply_snapshot (f, NULL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  assert_change (f, 1, 0, 4, 0);
  assert_counts (f, 0, 0, 0, 0, 0, 0);
}

/* ── random events against a list built from scratch ───────────────────────────── */

static const char *const random_reasons[] = {
  NULL,       NULL,
  "silent",   "overdue",
  "at_risk",  "overdue silent",
  "bouncing", "at_risk unaccepted",
  "reopened",
};
static const char *const random_units[] = { "甲", "乙", "甲|乙", "丙" };
static const char *const random_words[] = { "noise", "Water", "灯", "路" };

static void
random_spec (Spec *s, char *id, gsize id_size, gint64 version)
{
  g_snprintf (id, id_size, "T%03d", g_test_rand_int_range (0, 60));
  *s = (Spec){
    .id = id,
    .reasons = random_reasons[g_test_rand_int_range (0, G_N_ELEMENTS (random_reasons))],
    .deadline = g_test_rand_int_range (-4, 5) * 6, /* ties are common */
    .category = g_test_rand_bit () ? "路灯" : "噪音",
    .district = g_test_rand_bit () ? "110105" : "110108",
    .units = random_units[g_test_rand_int_range (0, G_N_ELEMENTS (random_units))],
    .tier = g_test_rand_int_range (0, 3),
    .priority = g_test_rand_int_range (1, 4),
    .bounces = g_test_rand_int_range (0, 3),
    .requested = -g_test_rand_int_range (0, 4),
    .description = random_words[g_test_rand_int_range (0, G_N_ELEMENTS (random_words))],
    .version = version,
  };
}

/* Replays an items-changed on a copy of the rows. */
static void
shadow_cb (GListModel *list, guint position, guint removed, guint added, GPtrArray *shadow)
{
  g_assert_cmpuint (position + removed, <=, shadow->len);
  g_ptr_array_remove_range (shadow, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (shadow, (int) (position + i), g_list_model_get_item (list, position + i));
}

static void
assert_same_rows (GListModel *a, GListModel *b, GPtrArray *shadow)
{
  guint n = g_list_model_get_n_items (a);

  g_assert_cmpuint (g_list_model_get_n_items (b), ==, n);
  g_assert_cmpuint (shadow->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SnStalledItem) x = g_list_model_get_item (a, i);
      g_autoptr (SnStalledItem) y = g_list_model_get_item (b, i);

      g_assert_cmpstr (sn_stalled_item_get_id (x), ==, sn_stalled_item_get_id (y));
      g_assert_true (shadow->pdata[i] == x);
    }
}

static void
test_random_events (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) shadow = g_ptr_array_new_with_free_func (g_object_unref);
  SnStalledFilter filter;

  g_signal_connect (f->list, "items-changed", G_CALLBACK (shadow_cb), shadow);
  for (guint round = 0; round < 2 * SN_N_STALLED_COLUMNS; round++)
    {
      sn_stalled_filter_init (&filter);
      if (round % 3 == 1)
        filter.reasons = SN_STALL_REASON_BIT (SN_STALL_OVERDUE)
                         | SN_STALL_REASON_BIT (SN_STALL_SILENT);
      if (round % 4 == 2)
        filter.unit = "乙";
      if (round % 5 == 3)
        filter.text = "NOISE";
      sn_stalled_list_set_filter (f->list, &filter);
      sn_stalled_list_set_sort (f->list, round / 2, round % 2);
      for (guint i = 0; i < 150; i++)
        {
          g_autoptr (SnStalledList) fresh = NULL;
          char id[16];
          Spec s;

          random_spec (&s, id, sizeof id, f->seq + 1);
          forget_changes (f);
          apply_event (f, &s);
          /* one change per event, a single row unless it is a move */
          g_assert_cmpuint (f->changes->len, <=, 1);
          if (f->changes->len == 1)
            {
              Change *c = &g_array_index (f->changes, Change, 0);

              g_assert_true (c->removed + c->added == 1 || c->removed == c->added);
            }
          fresh = sn_stalled_list_new (f->model);
          sn_stalled_list_set_filter (fresh, &filter);
          sn_stalled_list_set_sort (fresh, round / 2, round % 2);
          assert_same_rows (G_LIST_MODEL (f->list), G_LIST_MODEL (fresh), shadow);
        }
    }
}

/* ── text folding ──────────────────────────────────────────────────────────────── */

static char *
fold_slowly (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);

  return g_utf8_casefold (normal, -1);
}

/* The fast path gives what NFKC and case folding give, for every character it takes. */
static void
test_fold (void)
{
  const gunichar ranges[][2] = {
    { 0x01, 0x7F }, { 0x3000, 0x3011 }, { 0x4E00, 0x9FFF }, { 0xFF01, 0xFF5E }
  };
  const char *const samples[] = { "BJ-2025 望京街１０号", "ＡＢＣ，Straße", "Ǆemal ﬁle", "é" };

  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    for (gunichar c = ranges[r][0]; c <= ranges[r][1]; c++)
      {
        char s[8] = { 0 };
        g_autofree char *fast = NULL;
        g_autofree char *slow = NULL;

        g_unichar_to_utf8 (c, s);
        fast = sn_stalled_fold_text (s);
        slow = fold_slowly (s);
        if (g_strcmp0 (fast, slow) != 0)
          g_error ("U+%04X folds to “%s”, not “%s”", c, fast, slow);
      }
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *fast = sn_stalled_fold_text (samples[i]);
      g_autofree char *slow = fold_slowly (samples[i]);

      g_assert_cmpstr (fast, ==, slow);
    }
  {
    g_autofree char *folded = sn_stalled_fold_text ("ＡＢＣ　望京");
    g_autofree char *invalid = sn_stalled_fold_text ("a\xff");
    g_autofree char *null = sn_stalled_fold_text (NULL);

    g_assert_cmpstr (folded, ==, "abc 望京");
    g_assert_cmpstr (invalid, ==, "");
    g_assert_cmpstr (null, ==, "");
  }
}

int
main (int argc, char **argv)
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: no file is touched, and GLib 2.74 leaks the directories
   * it replaces, which LeakSanitizer reports. */
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add ("/stalled/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("only-stalled", test_only_stalled);
  ADD ("late-list", test_late_list);
  ADD ("default-order", test_default_order);
  ADD ("sort/columns", test_sort_columns);
  ADD ("sort/ties", test_sort_ties);
  ADD ("filter/each", test_filter_each);
  ADD ("filter/text", test_filter_text);
  ADD ("filter/combined", test_filter_combined);
  ADD ("filter/signals", test_filter_signals);
  ADD ("reason-counts", test_reason_counts);
  ADD ("live/enter-leave", test_live_enter_leave);
  ADD ("live/filtered", test_live_filtered);
  ADD ("live/move", test_live_move);
  ADD ("reset", test_reset);
  ADD ("random-events", test_random_events);
#undef ADD
  g_test_add_func ("/stalled/fold", test_fold);
  return g_test_run ();
}
