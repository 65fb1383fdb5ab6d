/* bench-model.c — events decoded and applied per second by the console model, without a
 * display (target: ≥ 100,000 events/s on one core)
 *
 * The events are what a hub sends during a simulated day: work-order updates and queue
 * states, in the proportion the simulator produces them.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-console-model.h"

static int n_events = 200000;

static const GOptionEntry entries[] = { { "events", 0, 0, G_OPTION_ARG_INT, &n_events,
                                          "Events to apply (default 200,000)", "N" },
                                        { NULL } };

static char *
ticket_event (guint seq, guint id)
{
  return g_strdup_printf (
      "{\"type\":\"event\",\"epoch\":\"e\",\"seq\":%u,\"kind\":\"ticket\",\"time\":\"2025-10-09T02:"
      "00:00Z\",\"payload\":{\"service_request_id\":\"BJ20251009-%06u\",\"status\":\"open\","
      "\"status_notes\":\"派单\",\"service_name\":\"施工噪音\",\"service_code\":\"noise."
      "construction\","
      "\"description\":\"施工噪音：朝阳区望京街道附近，市民反映施工噪音问题。\",\"agency_"
      "responsible\":"
      "\"朝阳区城管执法局\",\"requested_datetime\":\"2025-10-09T01:12:00Z\",\"updated_datetime\":"
      "\"2025-10-09T02:00:00Z\",\"expected_datetime\":\"2025-10-28T01:12:00Z\",\"address\":"
      "\"北京市朝阳区望京街道\",\"lat\":39.9925,\"long\":116.4741,\"version\":%u,\"channel\":"
      "\"phone\","
      "\"ticket_type\":\"complaint\",\"state\":\"dispatched\",\"district\":\"110105\",\"street\":"
      "\"望京街道\",\"units\":[\"朝阳区城管执法局\"],\"priority\":3,\"tier\":0,\"bounce_count\":0,"
      "\"dispatched_datetime\":\"2025-10-09T02:00:00Z\",\"accepted_datetime\":null,"
      "\"last_progress_datetime\":null,\"last_bounce_datetime\":null,\"reopened_datetime\":null,"
      "\"closed_datetime\":null,\"escalation_due\":null,\"deadline_override\":null,"
      "\"extension_seconds\":0,\"paused_seconds\":0,\"paused_since\":null,\"time_limit_used\":0.05,"
      "\"stall\":[]}}",
      seq, id, seq);
}

static char *
queue_event (guint seq)
{
  return g_strdup_printf (
      "{\"type\":\"event\",\"epoch\":\"e\",\"seq\":%u,\"kind\":\"queue\",\"time\":\"2025-10-09T02:"
      "00:00Z\",\"payload\":{\"queue\":\"general\",\"waiting\":%u,\"longest_wait_since\":"
      "\"2025-10-09T01:59:40Z\",\"agents\":{\"available\":3,\"on_call\":40,\"wrapup\":5,\"paused\":"
      "2,\"offline\":10,\"paused_reasons\":{\"小休\":1,\"用餐\":1}},\"day\":\"2025-10-09\","
      "\"today\":"
      "{\"offered\":1830,\"answered\":1702,\"answered_within\":1390,\"abandoned\":110,"
      "\"abandoned_within\":31,\"timed_out\":4,\"answer_wait_total\":20424,\"handled\":1688,"
      "\"handle_total\":400112},\"metrics\":{\"service_level\":0.8167,\"service_level2\":0.7844,"
      "\"abandon_rate\":0.0601,\"asa\":12.0,\"aht\":237.03},\"interval\":{\"start\":"
      "\"2025-10-09T02:00:00Z\",\"offered\":3,\"answered\":2,\"abandoned\":0}}}",
      seq, seq % 20);
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (SnConsoleModel) model = sn_console_model_new ();
  g_autoptr (GPtrArray) frames = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  gsize bytes = 0;
  gint64 start;
  double seconds;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  /* Roughly the simulator's mix: one queue state for every two work-order updates. */
  for (int i = 1; i <= n_events; i++)
    g_ptr_array_add (frames, i % 3 == 0 ? queue_event (i) : ticket_event (i, i % 50000));
  for (guint i = 0; i < frames->len; i++)
    bytes += strlen (frames->pdata[i]);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < frames->len; i++)
    if (!sn_console_model_apply_text (model, frames->pdata[i], strlen (frames->pdata[i]), &error))
      g_error ("%s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("bench-model: %d events (%.0f bytes each on average) decoded and applied in %.2f s\n",
           n_events, (double) bytes / n_events, seconds);
  g_print ("  %.0f events/s on one core (target ≥ 100,000/s) %s; %u work orders in the model\n",
           n_events / seconds, n_events / seconds >= 100000 ? "MET" : "MISSED",
           sn_console_model_get_n_tickets (model));
  g_assert_cmpint (sn_console_model_get_last_seq (model), ==, n_events);
  return 0;
}
