/* bench-fanout.c — how long an event takes to reach 200 connected consoles at 100 events/s
 *
 * Starts a real shuniu-hub, ingests T work orders, connects C supervisor consoles (each
 * says hello and takes its snapshot), then POSTs a batch of B work-order updates to
 * /v1/ingest/requests every B / R seconds for S seconds. Every update carries its send
 * time (g_get_real_time, same host) in the description, so each console measures
 * delivery latency = receive time − send time: the POST, the commit, the broadcast and the
 * delivery. Every console must receive every update, with no gap in seq.
 *
 * The consoles are spread over worker threads, each with its own GMainContext and
 * SoupSession, so that one benchmark main loop does not become the bottleneck.
 *
 * Target (shared/DESIGN.md, "Targets"): 200 consoles × 100 events/s, delivery p99 ≤ 50 ms.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "bench-common.h"
#include "bench-util.h"

#define TARGET_P99_MS 50.0
#define TICKET_ID_FORMAT "FANOUT-%06u"
#define MARKER "bench-update="

typedef struct
{
  guint8 *seen; /* per update number */
  guint received; /* distinct updates received */
  guint repeated; /* the same update received again */
} FanConn;

typedef struct
{
  /* options */
  int consoles;
  double rate;
  int batch;
  int seconds;
  int n_tickets;
  int threads;
  char *sync;
  char *perf;
  gboolean perf_dwarf;
  int pause;
  gboolean strict;

  guint n_batches;
  guint n_updates;

  /* the driver (main thread) */
  SnTestHub *hub;
  char *ingest_token;
  SoupSession *session;
  GSource *timer;
  gint64 start_us; /* monotonic */
  guint next_batch;
  guint posts_in_flight;
  guint posts_failed;
  guint applied;
  GArray *post_latencies;
  gint64 *post_sent_us;
  gint64 worst_lag_us; /* how late the driver fired a batch */
} Bench;

static Bench bench;

/* ── the consoles ──────────────────────────────────────────────────────────────── */

static void
on_event (BenchConn *c, const char *text, gsize length, gint64 seq)
{
  FanConn *fc = c->data;
  const char *p = g_strstr_len (text, length, MARKER);
  const char *end = text + length;
  gint64 update = 0, sent = 0, latency;

  if (p == NULL)
    return; /* not one of ours (a stall change, say) */
  for (p += strlen (MARKER); p < end && g_ascii_isdigit (*p); p++)
    update = update * 10 + (*p - '0');
  if (p >= end || *p != '@')
    return;
  for (p++; p < end && g_ascii_isdigit (*p); p++)
    sent = sent * 10 + (*p - '0');
  if (update >= bench.n_updates)
    return;
  if (fc->seen[update])
    {
      /* The same update again: a stall change re-announcing the work order. */
      fc->repeated++;
      return;
    }
  fc->seen[update] = 1;
  fc->received++;
  latency = g_get_real_time () - sent;
  g_array_append_val (c->worker->latencies, latency);
}

static void
on_object (BenchConn *c, JsonObject *obj, const char *type)
{
  g_printerr ("console %u: unexpected “%s” message\n", c->index, type);
}

/* ── the driver ────────────────────────────────────────────────────────────────── */

typedef struct
{
  guint batch;
  SoupMessage *msg;
} Post;

static void
post_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Post *post = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes)
      body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  gint64 latency = g_get_monotonic_time () - bench.post_sent_us[post->batch];
  g_autoptr (JsonParser) parser = json_parser_new ();

  bench.posts_in_flight--;
  g_array_append_val (bench.post_latencies, latency);
  if (body == NULL || soup_message_get_status (post->msg) != 200
      || !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                      g_bytes_get_size (body), NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_printerr ("batch %u: HTTP %u %s\n", post->batch, soup_message_get_status (post->msg),
                  error ? error->message : "");
      bench.posts_failed++;
    }
  else
    bench.applied += json_object_get_int_member (
        json_node_get_object (json_parser_get_root (parser)), "applied");
  g_object_unref (post->msg);
  g_free (post);
}

static void
send_batch (guint k)
{
  g_autoptr (GString) body = g_string_new ("[");
  g_autofree char *auth = g_strconcat ("Bearer ", bench.ingest_token, NULL);
  g_autofree char *url = g_strconcat (bench.hub->url, "/v1/ingest/requests", NULL);
  g_autoptr (GBytes) bytes = NULL;
  gint64 now = g_get_real_time ();
  g_autofree char *when = bench_iso_time (now / G_USEC_PER_SEC);
  Post *post = g_new0 (Post, 1);

  for (int j = 0; j < bench.batch; j++)
    {
      guint update = k * bench.batch + j;

      g_string_append_printf (
          body,
          "%s{\"service_request_id\":\"" TICKET_ID_FORMAT "\","
          "\"updated_datetime\":\"%s\",\"description\":\"Fan-out benchmark " MARKER
          "%u@%" G_GINT64_FORMAT "\"}",
          j > 0 ? "," : "", update % bench.n_tickets, when, update, now);
    }
  g_string_append (body, "]");
  bytes = g_string_free_to_bytes (g_steal_pointer (&body));
  post->batch = k;
  post->msg = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (post->msg), "Authorization",
                                auth);
  soup_message_set_request_body_from_bytes (post->msg, "application/json", bytes);
  bench.post_sent_us[k] = g_get_monotonic_time ();
  bench.posts_in_flight++;
  soup_session_send_and_read_async (bench.session, post->msg, G_PRIORITY_DEFAULT, NULL, post_done,
                                    post);
}

static gboolean
fire_cb (gpointer data)
{
  gint64 due = bench.start_us
               + (gint64) bench.next_batch * bench.batch * G_USEC_PER_SEC / bench.rate;

  bench.worst_lag_us = MAX (bench.worst_lag_us, g_get_monotonic_time () - due);
  send_batch (bench.next_batch++);
  if (bench.next_batch >= bench.n_batches)
    {
      bench.timer = NULL;
      return G_SOURCE_REMOVE;
    }
  g_source_set_ready_time (
      bench.timer,
      bench.start_us + (gint64) bench.next_batch * bench.batch * G_USEC_PER_SEC / bench.rate);
  return G_SOURCE_CONTINUE;
}

static gboolean
ready_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  return callback (data);
}

static GSourceFuncs ready_funcs = { NULL, NULL, ready_dispatch, NULL, NULL, NULL };

static gboolean
driver_done (gpointer data)
{
  return bench.next_batch >= bench.n_batches && bench.posts_in_flight == 0;
}

static gboolean
any_closed (gpointer data)
{
  return driver_done (NULL) || g_atomic_int_get (&((BenchPool *) data)->n_closed) > 0;
}

/* ── setup ─────────────────────────────────────────────────────────────────────── */

static gboolean
ingest_tickets (SnTestHub *hub, const char *token)
{
  g_autofree char *when = bench_iso_time (g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr (GString) body = g_string_new ("[");

  for (int i = 0; i < bench.n_tickets; i++)
    g_string_append_printf (body,
                            "%s{\"service_request_id\":\"" TICKET_ID_FORMAT "\","
                            "\"service_code\":\"noise.construction\",\"service_name\":\"施工噪音\","
                            "\"description\":\"Fan-out benchmark work order\","
                            "\"requested_datetime\":\"%s\",\"updated_datetime\":\"%s\","
                            "\"address\":\"北京市朝阳区望京街10号\",\"lat\":39.99,\"long\":116.47,"
                            "\"channel\":\"phone\",\"ticket_type\":\"complaint\","
                            "\"state\":\"dispatched\",\"district\":\"110105\","
                            "\"street\":\"望京街道\",\"units\":[\"bench-unit-a\"],\"priority\":3}",
                            i > 0 ? "," : "", (guint) i, when, when);
  g_string_append (body, "]");
  return bench_ingest (hub, token, body->str) == bench.n_tickets;
}

static gint64
hub_head (SnTestHub *hub)
{
  g_autofree char *url = g_strconcat (hub->url, "/healthz", NULL);
  g_autoptr (JsonNode) node = sn_test_http_json ("GET", url, NULL, NULL, NULL, NULL);

  return json_object_get_int_member (json_node_get_object (node), "head");
}

int
main (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "consoles", 'c', 0, G_OPTION_ARG_INT, &bench.consoles, "Supervisor consoles connected (200)",
      "N" },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &bench.rate, "Events per second (100)", "N" },
    { "batch", 'b', 0, G_OPTION_ARG_INT, &bench.batch, "Work-order updates per ingest POST (10)",
      "N" },
    { "seconds", 's', 0, G_OPTION_ARG_INT, &bench.seconds, "How long to drive events (20)", "S" },
    { "tickets", 't', 0, G_OPTION_ARG_INT, &bench.n_tickets,
      "Work orders to ingest first and update in turn (200)", "N" },
    { "threads", 'j', 0, G_OPTION_ARG_INT, &bench.threads,
      "Client threads, each with its own main context and SoupSession (2)", "N" },
    { "sync", 0, 0, G_OPTION_ARG_STRING, &bench.sync, "The hub's --sync: full (default) or normal",
      "MODE" },
    { "perf", 0, 0, G_OPTION_ARG_FILENAME, &bench.perf,
      "Record the hub with perf during the run into FILE", "FILE" },
    { "perf-dwarf", 0, 0, G_OPTION_ARG_NONE, &bench.perf_dwarf, "With --perf: DWARF call graphs",
      NULL },
    { "pause", 0, 0, G_OPTION_ARG_INT, &bench.pause,
      "Wait this long before the run (to attach a profiler)", "SECONDS" },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &bench.strict, "Exit with 1 when the target is missed",
      NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— hub fan-out delivery latency");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) hub_args = g_ptr_array_new ();
  g_autofree char *token = NULL;
  BenchPool *pool;
  BenchStats stats, post_stats;
  gint64 t0, head_before, head_after;
  double hub_cpu0, hub_cpu1, self_cpu0, self_cpu1, machine0, machine1, seconds;
  guint caught_up, complete = 0, min_received = G_MAXUINT, repeated = 0;
  guint64 gaps = 0, dups = 0, deliveries = 0;
  gboolean correct, quick_enough;
  GPid perf = 0;

  setlocale (LC_ALL, "");
  bench.consoles = 200;
  bench.rate = 100;
  bench.batch = 10;
  bench.seconds = 20;
  bench.n_tickets = 200;
  bench.threads = 2;
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (
      context,
      "Starts shuniu-hub ($SHUNIU_HUB) on a fresh SQLite database, connects C supervisor\n"
      "consoles and drives R events/s through /v1/ingest/requests for S seconds; each console\n"
      "measures receive time − send time of every event.\n"
      "Target: 200 consoles × 100 events/s, delivery p99 ≤ 50 ms.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (bench.consoles < 1 || bench.rate <= 0 || bench.batch < 1 || bench.seconds < 1
      || bench.n_tickets < bench.batch || bench.threads < 1)
    {
      g_printerr ("Bad options: need positive counts and --tickets ≥ --batch\n");
      return 2;
    }
  bench.n_batches = (guint) MAX (1, bench.rate * bench.seconds / bench.batch);
  bench.n_updates = bench.n_batches * bench.batch;
  bench.post_latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench.post_sent_us = g_new0 (gint64, bench.n_batches);

  g_ptr_array_add (hub_args, "--sync");
  g_ptr_array_add (hub_args, bench.sync ? bench.sync : "full");
  g_ptr_array_add (hub_args, NULL);

  g_print ("bench-fanout: events from ingest to %d consoles over /v1/stream\n", bench.consoles);
  bench.hub = sn_test_hub_new ((const char *const *) hub_args->pdata);
  g_print ("  hub        %s (pid %d) --sync %s\n", sn_test_hub_binary (), (int) bench.hub->pid,
           bench.sync ? bench.sync : "full");
  bench.ingest_token = sn_test_hub_token (bench.hub, "ingest", "bench-feed", NULL);
  token = sn_test_hub_token (bench.hub, "supervisor", "bench-supervisor", NULL);
  if (!ingest_tickets (bench.hub, bench.ingest_token))
    {
      g_printerr ("Could not ingest the work orders\n");
      sn_test_hub_free (bench.hub);
      return 1;
    }

  pool = bench_pool_new (bench.hub->ws_url, token, bench.consoles, bench.threads, on_event,
                         on_object, &bench);
  for (guint i = 0; i < pool->n_threads; i++)
    for (guint j = 0; j < pool->workers[i]->conns->len; j++)
      {
        BenchConn *c = pool->workers[i]->conns->pdata[j];
        FanConn *fc = g_new0 (FanConn, 1);

        fc->seen = g_new0 (guint8, bench.n_updates);
        c->data = fc;
      }
  t0 = g_get_monotonic_time ();
  if (!bench_pool_connect (pool, 120000))
    {
      g_printerr ("Only %d of %u consoles connected\n", g_atomic_int_get (&pool->n_live),
                  pool->n_conns);
      bench_pool_free (pool);
      sn_test_hub_free (bench.hub);
      return 1;
    }
  g_print ("  consoles   %d supervisor consoles connected, hello + snapshot of %d work orders "
           "each, in %.2f s\n",
           bench.consoles, bench.n_tickets, (g_get_monotonic_time () - t0) / 1e6);
  g_print ("  clients    spread over %u threads, each with its own GMainContext and SoupSession, "
           "so the benchmark's own main loop is not the bottleneck\n",
           pool->n_threads);
  g_print ("  load       %u POSTs of %d work-order updates, one every %.0f ms (%.0f events/s) for "
           "%d s: %u events, %" G_GUINT64_FORMAT " deliveries expected\n",
           bench.n_batches, bench.batch, 1000.0 * bench.batch / bench.rate, bench.rate,
           bench.seconds, bench.n_updates, (guint64) bench.n_updates * bench.consoles);
  g_print ("  latency    receive time − send time embedded in each update (g_get_real_time, "
           "same host): POST + commit + broadcast + delivery\n");
  if (bench.pause > 0)
    {
      g_print ("  pausing %d s: attach a profiler to pid %d now\n", bench.pause,
               (int) bench.hub->pid);
      g_usleep ((gulong) bench.pause * G_USEC_PER_SEC);
    }
  if (bench.perf != NULL)
    perf = bench_perf_start (bench.hub->pid, bench.perf, bench.perf_dwarf);

  bench.session = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 64, NULL);
  head_before = hub_head (bench.hub);
  hub_cpu0 = bench_cpu_seconds (bench.hub->pid);
  self_cpu0 = bench_cpu_seconds (0);
  machine0 = bench_machine_busy_seconds ();
  bench.start_us = g_get_monotonic_time ();
  bench.timer = g_source_new (&ready_funcs, sizeof (GSource));
  g_source_set_callback (bench.timer, fire_cb, NULL, NULL);
  g_source_set_ready_time (bench.timer, bench.start_us);
  g_source_attach (bench.timer, NULL);
  g_source_unref (bench.timer);
  bench_wait (any_closed, pool, (guint) (bench.seconds * 1000 + 60000));
  seconds = (g_get_monotonic_time () - bench.start_us) / 1e6;
  hub_cpu1 = bench_cpu_seconds (bench.hub->pid);
  self_cpu1 = bench_cpu_seconds (0);
  machine1 = bench_machine_busy_seconds ();
  if (bench.timer != NULL)
    g_source_destroy (bench.timer);

  /* Every console should receive every event, in order. */
  head_after = hub_head (bench.hub);
  caught_up = bench_pool_await_seq (pool, head_after, 10000);
  bench_perf_stop (perf);

  bench_pool_stop (pool);
  for (guint i = 0; i < pool->n_threads; i++)
    {
      BenchWorker *w = pool->workers[i];

      g_array_append_vals (latencies, w->latencies->data, w->latencies->len);
      for (guint j = 0; j < w->conns->len; j++)
        {
          BenchConn *c = w->conns->pdata[j];
          FanConn *fc = c->data;

          gaps += c->gaps;
          dups += c->duplicates;
          deliveries += fc->received;
          repeated += fc->repeated;
          min_received = MIN (min_received, fc->received);
          complete += fc->received == bench.applied;
          g_free (fc->seen);
          g_free (fc);
        }
    }
  bench_pool_free (pool);

  bench_stats_compute (latencies, &stats);
  bench_stats_compute (bench.post_latencies, &post_stats);
  correct = bench.posts_failed == 0 && bench.applied == bench.n_updates
            && complete == (guint) bench.consoles && gaps == 0 && dups == 0
            && caught_up == (guint) bench.consoles;
  quick_enough = stats.p99_ms <= TARGET_P99_MS && correct;

  g_print ("results\n");
  bench_stats_print ("delivery latency", &stats);
  g_print ("  delivery p99           %.2f ms    target ≤ %.0f ms (200 consoles × 100 events/s)   "
           "%s\n",
           stats.p99_ms, TARGET_P99_MS,
           bench_verdict (quick_enough && bench.consoles >= 200 && bench.rate >= 100));
  bench_stats_print ("ingest POST round trip", &post_stats);
  g_print ("  driver                 %u POSTs, fired at most %.1f ms late\n", bench.n_batches,
           bench.worst_lag_us / 1000.0);
  bench_print_cpu (hub_cpu1 - hub_cpu0, self_cpu1 - self_cpu0, machine1 - machine0, seconds);
  g_print ("correctness\n");
  g_print ("  ingest                 %u of %u updates applied, %u POSTs failed\n", bench.applied,
           bench.n_updates, bench.posts_failed);
  g_print ("  event log              head %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT "\n",
           head_before, head_after);
  g_print ("  deliveries             %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT "; %u of %d "
           "consoles got every update (fewest %u), %u of %d caught up with the head; "
           "%" G_GUINT64_FORMAT " seqs missed, %" G_GUINT64_FORMAT " duplicates, %u re-announced\n",
           deliveries, (guint64) bench.applied * bench.consoles, complete, bench.consoles,
           min_received == G_MAXUINT ? 0 : min_received, caught_up, bench.consoles, gaps, dups,
           repeated);
  g_print ("RESULT bench-fanout sync=%s consoles=%d rate=%.0f seconds=%d threads=%u "
           "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f post_p99_ms=%.2f hub_cpu=%.0f%% other_cpu=%.0f%% "
           "correct=%s target=%s\n",
           bench.sync ? bench.sync : "full", bench.consoles, bench.rate, bench.seconds,
           (guint) bench.threads, stats.p50_ms, stats.p99_ms, stats.max_ms, post_stats.p99_ms,
           100 * (hub_cpu1 - hub_cpu0) / seconds,
           100 * MAX (0, (machine1 - machine0) - (hub_cpu1 - hub_cpu0) - (self_cpu1 - self_cpu0))
               / seconds,
           correct ? "yes" : "NO", quick_enough ? "met" : "missed");

  g_object_unref (bench.session);
  sn_test_hub_free (bench.hub);
  if (!correct)
    return 1;
  return bench.strict && !quick_enough ? 1 : 0;
}
