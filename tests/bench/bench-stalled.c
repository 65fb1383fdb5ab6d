/* bench-stalled.c — the Stalled page's list at a city's scale, without a display: 1,000,000
 * work orders in the console model, 200,000 of them stalled (DESIGN.md: load ≤ 2 s,
 * filter/sort change ≤ 300 ms, live update ≤ 0.1 ms/event, RSS ≤ 1 GiB)
 *
 *   snapshot parts (48 KiB, as the hub cuts them) ─▶ console model ─▶ SnStalledList
 *   filter and sort changes on the list; then 100,000 ticket events through the model
 *
 * Frames are made just before they are applied and freed after, so the text of a million
 * tickets never sits in memory at once; only applying them is timed.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "bench-util.h"
#include "sn-console-model.h"
#include "sn-stalled-list.h"

#define PART_BYTES (48 * 1024)
#define OCT_1 G_GINT64_CONSTANT (1759276800) /* 2025-10-01T00:00:00Z */
#define NOW (OCT_1 + 15 * 86400) /* the snapshot's "now": 2025-10-16T00:00:00Z */

static int n_tickets = 1000000;
static int n_events = 100000;

static const GOptionEntry entries[] = {
  { "tickets", 0, 0, G_OPTION_ARG_INT, &n_tickets, "Work orders (default 1,000,000)", "N" },
  { "events", 0, 0, G_OPTION_ARG_INT, &n_events, "Ticket events (default 100,000)", "N" },
  { NULL }
};

static const char *const categories[] = {
  "施工噪音", "占道经营", "路灯不亮", "供水中断", "供暖不热", "垃圾清运", "违章停车", "井盖缺失",
  "油烟扰民", "小区物业", "公交服务", "道路破损", "违法建设", "绿化养护", "燃气安全", "劳动纠纷",
  "医疗服务", "教育收费", "房屋租赁", "消费投诉", "噪音扰民", "排水不畅", "共享单车", "电梯故障",
};
static const char *const districts[][2] = {
  { "110101", "东城区" },   { "110102", "西城区" },   { "110105", "朝阳区" },
  { "110106", "丰台区" },   { "110107", "石景山区" }, { "110108", "海淀区" },
  { "110109", "门头沟区" }, { "110111", "房山区" },   { "110112", "通州区" },
  { "110113", "顺义区" },   { "110114", "昌平区" },   { "110115", "大兴区" },
  { "110116", "怀柔区" },   { "110117", "平谷区" },   { "110118", "密云区" },
  { "110119", "延庆区" },
};
static const char *const streets[] = { "望京街道",   "三里屯街道",  "中关村街道", "金融街街道",
                                       "东华门街道", "学院路街道",  "回龙观街道", "亦庄镇",
                                       "梨园镇",     "天通苑北街道" };
static const char *const agencies[] = { "城管执法局", "住建委",     "市政市容委", "水务局",
                                        "交通委",     "街道办事处", "生态环境局", "市场监管局" };
static const char *const states[] = { "dispatched", "accepted", "in_progress", "returned",
                                      "reopened" };
/* Stall reasons of a stalled ticket, by pattern; the first is the most common. */
static const char *const stall_patterns[] = {
  "{\"reason\":\"silent\",\"since\":\"2025-10-14T08:00:00Z\"}",
  "{\"reason\":\"overdue\",\"since\":\"2025-10-12T08:00:00Z\"}",
  "{\"reason\":\"at_risk\",\"since\":\"2025-10-15T08:00:00Z\"}",
  "{\"reason\":\"unaccepted\",\"since\":\"2025-10-15T20:00:00Z\"}",
  "{\"reason\":\"silent\",\"since\":\"2025-10-14T08:00:00Z\"},{\"reason\":\"overdue\",\"since\":"
  "\"2025-10-13T08:00:00Z\"}",
  "{\"reason\":\"bouncing\",\"since\":\"2025-10-14T10:00:00Z\"}",
  "{\"reason\":\"at_risk\",\"since\":\"2025-10-15T08:00:00Z\"},{\"reason\":\"bouncing\","
  "\"since\":\"2025-10-14T10:00:00Z\"}",
  "{\"reason\":\"reopened\",\"since\":\"2025-10-13T09:00:00Z\"}",
};

/* ── tickets as the hub writes them ────────────────────────────────────────────── */

/* "2025-10-DDTHH:MM:SSZ" for a time in October 2025. */
static void
append_time (GString *s, gint64 t)
{
  gint64 offset = t - OCT_1;

  g_assert (offset >= 0 && offset < 31 * 86400);
  g_string_append_printf (s, "\"2025-10-%02dT%02d:%02d:%02dZ\"", (int) (offset / 86400 + 1),
                          (int) (offset % 86400 / 3600), (int) (offset % 3600 / 60),
                          (int) (offset % 60));
}

/* A 32-bit hash with every input bit spread over the output (murmur3's finaliser). */
static guint32
mix (guint32 h)
{
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

/* Ticket @i, stalled by @pattern (-1: not stalled), at @version. */
static void
append_ticket (GString *s, guint i, int pattern, gint64 version)
{
  guint32 h = mix (i ^ (guint32) version << 20);
  const char *const *district = districts[h % G_N_ELEMENTS (districts)];
  const char *category = categories[(h >> 4) % G_N_ELEMENTS (categories)];
  const char *street = streets[(h >> 9) % G_N_ELEMENTS (streets)];
  gint64 requested = OCT_1 + (i % 14) * 86400 + (h >> 13) % 86400;
  gint64 deadline = pattern == 1 || pattern == 4 ? NOW - 1 - (h >> 7) % (3 * 86400)
                                                 : NOW + 1 + (h >> 7) % (10 * 86400);

  g_string_append_printf (
      s,
      "{\"service_request_id\":\"BJ20251001-%07u\",\"status\":\"open\",\"status_notes\":\"派单\","
      "\"service_name\":\"%s\",\"service_code\":\"c%02u\",\"description\":\"%s：%s%s附近，市民反映"
      "%s问题，编号%u。\",\"agency_responsible\":\"%s%s\",\"requested_datetime\":",
      i, category, (h >> 4) % 24u, category, district[1], street, category, h % 100000u,
      district[1], agencies[(h >> 17) % G_N_ELEMENTS (agencies)]);
  append_time (s, requested);
  g_string_append (s, ",\"updated_datetime\":");
  append_time (s, NOW - 3600);
  g_string_append (s, ",\"expected_datetime\":");
  append_time (s, deadline);
  g_string_append_printf (
      s,
      ",\"address\":\"北京市%s%s%u号\",\"lat\":39.99,\"long\":116.47,\"version\":%" G_GINT64_FORMAT
      ",\"channel\":\"phone\",\"ticket_type\":\"complaint\",\"state\":\"%s\",\"district\":\"%s\","
      "\"street\":\"%s\",\"units\":[\"%s%s\"],\"priority\":%u,\"tier\":%u,\"bounce_count\":%u,"
      "\"dispatched_datetime\":\"2025-10-02T02:00:00Z\",\"accepted_datetime\":null,"
      "\"last_progress_datetime\":null,\"last_bounce_datetime\":null,\"reopened_datetime\":null,"
      "\"closed_datetime\":null,\"escalation_due\":null,\"deadline_override\":null,"
      "\"extension_seconds\":0,\"paused_seconds\":0,\"paused_since\":null,"
      "\"time_limit_used\":0.5,\"stall\":[%s]}",
      district[1], street, h % 300u, version, states[(h >> 3) % G_N_ELEMENTS (states)], district[0],
      street, district[1], agencies[(h >> 17) % G_N_ELEMENTS (agencies)], 1 + (h >> 5) % 5u,
      pattern >= 0 ? (h >> 11) % 4u : 0u, (h >> 6) % 4u,
      pattern >= 0 ? stall_patterns[pattern] : "");
}

/* Every fifth ticket is stalled. */
static int
initial_pattern (guint i)
{
  return i % 5 == 0 ? (int) ((i / 5) % G_N_ELEMENTS (stall_patterns)) : -1;
}

/* Applies the snapshot part by part; returns the seconds spent applying. */
static double
load_snapshot (SnConsoleModel *model)
{
  g_autoptr (GString) part = g_string_sized_new (PART_BYTES + 4096);
  gint64 spent = 0;
  guint next = 0;

  for (guint index = 0; next < (guint) n_tickets || index == 0; index++)
    {
      gint64 start;

      g_string_printf (part,
                       "{\"type\":\"snapshot\",\"epoch\":\"e\",\"head\":0,\"part\":%u,"
                       "\"tickets\":[",
                       index);
      for (gboolean first = TRUE; next < (guint) n_tickets && part->len < PART_BYTES; next++)
        {
          if (!first)
            g_string_append_c (part, ',');
          first = FALSE;
          append_ticket (part, next, initial_pattern (next), 1);
        }
      g_string_append_printf (part, "],\"last\":%s}", next < (guint) n_tickets ? "false" : "true");
      start = g_get_monotonic_time ();
      bench_apply_or_die (model, part);
      spent += g_get_monotonic_time () - start;
    }
  return spent / 1e6;
}

/* ── measuring ─────────────────────────────────────────────────────────────────── */

static double
worse (double a, double b)
{
  return MAX (a, b);
}

static double
time_filter (SnStalledList *list, const char *label, const SnStalledFilter *filter)
{
  gint64 start = g_get_monotonic_time ();
  double ms;

  sn_stalled_list_set_filter (list, filter);
  ms = (g_get_monotonic_time () - start) / 1e3;
  g_print ("    %7.1f ms %7u rows  %s\n", ms, g_list_model_get_n_items (G_LIST_MODEL (list)),
           label);
  return ms;
}

static double
measure_filters (SnStalledList *list)
{
  SnStalledFilter f;
  double worst = 0;

  g_print ("  filter changes (target ≤ 300 ms each):\n");
  sn_stalled_filter_init (&f);
  f.reasons = SN_STALL_REASON_BIT (SN_STALL_OVERDUE);
  worst = worse (worst, time_filter (list, "reason: overdue", &f));
  f.reasons |= SN_STALL_REASON_BIT (SN_STALL_AT_RISK);
  worst = worse (worst, time_filter (list, "reason: overdue or at risk", &f));
  f.district = "110105";
  worst = worse (worst, time_filter (list, "+ district 朝阳区", &f));
  sn_stalled_filter_init (&f);
  f.unit = "海淀区住建委";
  worst = worse (worst, time_filter (list, "unit 海淀区住建委", &f));
  sn_stalled_filter_init (&f);
  f.category = "施工噪音";
  f.tier = 2;
  worst = worse (worst, time_filter (list, "category 施工噪音, tier T2", &f));
  sn_stalled_filter_init (&f);
  f.text = "望京";
  worst = worse (worst, time_filter (list, "text “望京”", &f));
  f.text = "0012345";
  worst = worse (worst, time_filter (list, "text “0012345” (an id)", &f));
  f.text = "朝阳区 噪音 三里屯";
  worst = worse (worst, time_filter (list, "text “朝阳区 噪音 三里屯”", &f));
  worst = worse (worst, time_filter (list, "none", NULL));
  return worst;
}

static double
measure_sorts (SnStalledList *list)
{
  static const char *const names[SN_N_STALLED_COLUMNS] = { "urgency",  "id",        "category",
                                                           "district", "units",     "state",
                                                           "reasons",  "time left", "bounces",
                                                           "tier",     "priority",  "age" };
  double worst = 0;

  g_print ("  sort changes over %u rows (target ≤ 300 ms each):\n",
           g_list_model_get_n_items (G_LIST_MODEL (list)));
  for (guint d = 0; d < 2; d++)
    for (guint c = 0; c < SN_N_STALLED_COLUMNS; c++)
      {
        gint64 start;
        double ms;

        if (c == 0 && d == 0)
          continue; /* already sorted so */
        start = g_get_monotonic_time ();
        sn_stalled_list_set_sort (list, c, d);
        ms = (g_get_monotonic_time () - start) / 1e3;
        worst = MAX (worst, ms);
        g_print ("    %7.1f ms  %s, %s\n", ms, names[c], d ? "descending" : "ascending");
      }
  sn_stalled_list_set_sort (list, SN_STALLED_COLUMN_URGENCY, FALSE);
  return worst;
}

/* ── live events ───────────────────────────────────────────────────────────────── */

typedef struct
{
  gint64 started;
  gint64 list_us; /* time spent in the list's handler */
  guint rows_changed;
} EventClock;

static void
before_list_cb (SnConsoleModel *model, const char *id, EventClock *clock)
{
  clock->started = g_get_monotonic_time ();
}

static void
after_list_cb (SnConsoleModel *model, const char *id, EventClock *clock)
{
  clock->list_us += g_get_monotonic_time () - clock->started;
}

static void
rows_changed_cb (GListModel *list, guint position, guint removed, guint added, EventClock *clock)
{
  clock->rows_changed++;
}

/* A ticket's next stall pattern: most stalled tickets stay stalled (their reasons or deadline
 * change, so they move), some recover, a few others stall. */
static int
next_pattern (GRand *rand, int pattern)
{
  if (pattern >= 0)
    return g_rand_int_range (rand, 0, 10) < 7
               ? g_rand_int_range (rand, 0, G_N_ELEMENTS (stall_patterns))
               : -1;
  return g_rand_int_range (rand, 0, 100) < 5
             ? g_rand_int_range (rand, 0, G_N_ELEMENTS (stall_patterns))
             : -1;
}

static double
percentile (GArray *samples, double p)
{
  return g_array_index (samples, gint64, (guint) (p * (samples->len - 1)));
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
measure_events (SnConsoleModel *model, SnStalledList *list, EventClock *clock)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autofree gint8 *patterns = g_new (gint8, n_tickets);
  g_autoptr (GArray) samples = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_events);
  g_autoptr (GString) frame = g_string_sized_new (4096);
  gint64 spent = 0;
  double mean_ms;

  for (int i = 0; i < n_tickets; i++)
    patterns[i] = (gint8) initial_pattern (i);
  for (int e = 1; e <= n_events; e++)
    {
      guint i = g_rand_int_range (rand, 0, n_tickets);
      gint64 start, us;

      patterns[i] = (gint8) next_pattern (rand, patterns[i]);
      g_string_printf (frame,
                       "{\"type\":\"event\",\"epoch\":\"e\",\"seq\":%d,\"kind\":\"ticket\","
                       "\"time\":\"2025-10-16T00:00:00Z\",\"payload\":",
                       e);
      append_ticket (frame, i, patterns[i], 1 + e);
      g_string_append_c (frame, '}');
      start = g_get_monotonic_time ();
      bench_apply_or_die (model, frame);
      us = g_get_monotonic_time () - start;
      spent += us;
      g_array_append_val (samples, us);
    }
  g_array_sort (samples, compare_gint64);
  mean_ms = spent / 1e3 / n_events;
  g_print ("  %d ticket events through the model with the list attached:\n", n_events);
  g_print ("    per event (decode + apply + list): mean %.4f ms, p50 %.3f ms, p99 %.3f ms, "
           "max %.2f ms (target ≤ 0.1 ms) %s\n",
           mean_ms, percentile (samples, 0.5) / 1e3, percentile (samples, 0.99) / 1e3,
           percentile (samples, 1.0) / 1e3, bench_verdict (mean_ms <= 0.1));
  g_print ("    of which the list: mean %.4f ms; %u items-changed; %u rows, %u stalled now\n",
           clock->list_us / 1e3 / n_events, clock->rows_changed,
           g_list_model_get_n_items (G_LIST_MODEL (list)), sn_stalled_list_get_n_stalled (list));
  return mean_ms;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (SnConsoleModel) model = sn_console_model_new ();
  g_autoptr (SnStalledList) list = NULL;
  g_autoptr (GError) error = NULL;
  EventClock clock = { 0 };
  double apply_s, build_s, filter_ms, sort_ms, rss;
  gint64 start;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  apply_s = load_snapshot (model);
  g_print ("bench-stalled: %u work orders in the console model; RSS %.0f MiB\n",
           sn_console_model_get_n_tickets (model), bench_rss_mib ("VmRSS:"));
  /* Timing the list's own handler: one handler before it, one after. */
  g_signal_connect (model, "ticket-changed", G_CALLBACK (before_list_cb), &clock);
  start = g_get_monotonic_time ();
  list = sn_stalled_list_new (model);
  build_s = (g_get_monotonic_time () - start) / 1e6;
  g_signal_connect (model, "ticket-changed", G_CALLBACK (after_list_cb), &clock);
  g_signal_connect (list, "items-changed", G_CALLBACK (rows_changed_cb), &clock);
  g_print ("  load: snapshot applied in %.2f s + list built in %.3f s = %.2f s "
           "(target ≤ 2 s) %s; %u stalled\n",
           apply_s, build_s, apply_s + build_s, bench_verdict (apply_s + build_s <= 2),
           g_list_model_get_n_items (G_LIST_MODEL (list)));
  g_print ("  RSS with the list: %.0f MiB\n", bench_rss_mib ("VmRSS:"));

  filter_ms = measure_filters (list);
  g_print ("    slowest filter change %.1f ms %s\n", filter_ms, bench_verdict (filter_ms <= 300));
  sort_ms = measure_sorts (list);
  g_print ("    slowest sort change %.1f ms %s\n", sort_ms, bench_verdict (sort_ms <= 300));
  measure_events (model, list, &clock);

  rss = bench_rss_mib ("VmRSS:");
  g_print ("  RSS at the end %.0f MiB, peak %.0f MiB (target ≤ 1024 MiB) %s\n", rss,
           bench_rss_mib ("VmHWM:"), bench_verdict (bench_rss_mib ("VmHWM:") <= 1024));
  return 0;
}
