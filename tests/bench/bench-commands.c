/* bench-commands.c — supervisor commands per second, and the time from sending a command
 * to its ack, on the SQLite store
 *
 * Starts a real shuniu-hub, ingests N work orders, connects K supervisor consoles over
 * /v1/stream and has each keep up to W commands in flight (pipelined), every one on a
 * different work order whose version it tracks from the acks. Every command's ticket event
 * also goes to every console (K command clients plus --consoles passive ones), as it
 * would in the center.
 *
 * Target (shared/DESIGN.md, "Targets"): ≥ 2,000 commands/s with ack p99 ≤ 50 ms.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "bench-common.h"
#include "bench-util.h"

#define TARGET_COMMANDS_PER_S 2000.0
#define TARGET_P99_MS 50.0
#define TICKET_ID_FORMAT "BENCH-%06u"

typedef enum { ACTION_NOTE, ACTION_REASSIGN, ACTION_ESCALATE, N_ACTIONS } Action;

static const char *const action_names[N_ACTIONS] = { "note", "reassign", "escalate" };

typedef struct
{
  gboolean used;
  char id[40];
  guint ticket;
  gint64 expected;
  Action action;
  gint64 sent_us;
} Slot;

typedef struct
{
  GQueue free_tickets; /* GUINT_TO_POINTER (ticket + 1) */
  Slot *slots;
  guint in_flight;
  guint sent;
  gint64 next_due_us; /* with --rate: when the next command is due */
  gint64 interval_us;
} CmdConn;

typedef struct
{
  /* options */
  int n_commands;
  int n_clients;
  int window;
  int n_tickets;
  int consoles;
  int threads;
  char *sync;
  double command_rate;
  char *mix;
  int verify;
  double rate; /* offered commands/s in all; 0: as fast as acks allow */
  char *perf;
  gboolean perf_dwarf;
  int pause;
  gboolean strict;

  gboolean mixed;
  char *due; /* for escalations */

  /* per work order; each is touched only by the thread of the client that owns it */
  gint64 *version;
  guint *applied;
  guint8 *tier;
  guint8 *unit;

  gint issued; /* atomic */
  gint acked; /* atomic */
  gint refused; /* atomic */
  gint mismatched; /* atomic: ack version != expected + 1 */
  gint unknown_acks; /* atomic */
  gint per_action[N_ACTIONS];
  GMutex lock;
  gint64 end_us; /* under lock */
  GPtrArray *problems; /* under lock: the first refusals */
} Bench;

static Bench bench;

/* ── the command clients ───────────────────────────────────────────────────────── */

static Action
choose_action (CmdConn *cc, guint t)
{
  guint k;

  if (!bench.mixed)
    return ACTION_NOTE;
  k = cc->sent % 10;
  if (k >= 8 && bench.tier[t] < 3)
    return ACTION_ESCALATE;
  if (k == 6 || k == 7)
    return ACTION_REASSIGN;
  return ACTION_NOTE;
}

static void
send_more (BenchConn *c)
{
  CmdConn *cc = c->data;
  gint64 now = bench.rate > 0 ? g_get_monotonic_time () : 0;

  while (cc->in_flight < (guint) bench.window && !g_queue_is_empty (&cc->free_tickets)
         && (bench.rate <= 0 || cc->next_due_us <= now))
    {
      g_autofree char *uuid = NULL;
      g_autofree char *text = NULL;
      const char *extra = "";
      g_autofree char *extra_owned = NULL;
      Slot *s = NULL;
      guint t;

      if (g_atomic_int_add (&bench.issued, 1) >= bench.n_commands)
        return;
      for (int i = 0; i < bench.window && s == NULL; i++)
        if (!cc->slots[i].used)
          s = &cc->slots[i];
      g_assert (s != NULL);
      t = GPOINTER_TO_UINT (g_queue_pop_head (&cc->free_tickets)) - 1;
      uuid = g_uuid_string_random ();
      s->used = TRUE;
      g_strlcpy (s->id, uuid, sizeof s->id);
      s->ticket = t;
      s->expected = bench.version[t];
      s->action = choose_action (cc, t);
      if (s->action == ACTION_REASSIGN)
        extra = bench.unit[t] ? ",\"units\":[\"bench-unit-a\"]" : ",\"units\":[\"bench-unit-b\"]";
      else if (s->action == ACTION_ESCALATE)
        extra = extra_owned = g_strdup_printf (",\"due\":\"%s\"", bench.due);
      text = g_strdup_printf ("{\"type\":\"command\",\"id\":\"%s\",\"ticket\":\"" TICKET_ID_FORMAT
                              "\",\"action\":\"%s\",\"expected_version\":%" G_GINT64_FORMAT
                              ",\"reason\":\"benchmark %s %u from console %u\"%s}",
                              s->id, t, action_names[s->action], s->expected,
                              action_names[s->action], cc->sent, c->index, extra);
      cc->in_flight++;
      cc->sent++;
      if (bench.rate > 0)
        {
          /* Open loop: latency counts from when the command was due, so a command held
           * back by a full window is not excused (no coordinated omission). */
          s->sent_us = cc->next_due_us;
          cc->next_due_us += cc->interval_us;
        }
      else
        s->sent_us = g_get_monotonic_time ();
      soup_websocket_connection_send_text (c->ws, text);
    }
}

static void note_problem (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
note_problem (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_mutex_lock (&bench.lock);
  if (bench.problems->len < 10)
    g_ptr_array_add (bench.problems, g_strdup_vprintf (format, args));
  g_mutex_unlock (&bench.lock);
  va_end (args);
}

static void
on_object (BenchConn *c, JsonObject *obj, const char *type)
{
  CmdConn *cc = c->data;
  gint64 now = g_get_monotonic_time ();
  const char *id;
  Slot *s = NULL;
  gint64 latency;

  if (!g_str_equal (type, "ack"))
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), obj);
      g_autofree char *text = json_to_string (node, FALSE);

      note_problem ("console %u got an unexpected message: %s", c->index, text);
      return;
    }
  id = json_object_get_string_member_with_default (obj, "id", "");
  for (int i = 0; cc != NULL && i < bench.window && s == NULL; i++)
    if (cc->slots[i].used && g_str_equal (cc->slots[i].id, id))
      s = &cc->slots[i];
  if (s == NULL)
    {
      g_atomic_int_inc (&bench.unknown_acks);
      return;
    }
  latency = now - s->sent_us;
  g_array_append_val (c->worker->latencies, latency);
  if (json_object_get_boolean_member_with_default (obj, "ok", FALSE))
    {
      gint64 v = json_object_get_int_member_with_default (obj, "ticket_version", 0);
      guint t = s->ticket;

      if (v != s->expected + 1)
        {
          g_atomic_int_inc (&bench.mismatched);
          note_problem ("ack for " TICKET_ID_FORMAT " says version %" G_GINT64_FORMAT
                        ", expected %" G_GINT64_FORMAT,
                        t, v, s->expected + 1);
        }
      bench.version[t] = v;
      bench.applied[t]++;
      if (s->action == ACTION_ESCALATE)
        bench.tier[t]++;
      else if (s->action == ACTION_REASSIGN)
        bench.unit[t] ^= 1;
      g_atomic_int_inc (&bench.per_action[s->action]);
    }
  else
    {
      JsonObject *error = json_object_get_object_member (obj, "error");
      gint64 v = json_object_get_int_member_with_default (obj, "ticket_version", 0);

      g_atomic_int_inc (&bench.refused);
      note_problem ("%s on " TICKET_ID_FORMAT " refused: %s: %s", action_names[s->action],
                    s->ticket,
                    error ? json_object_get_string_member_with_default (error, "code", "?") : "?",
                    error ? json_object_get_string_member_with_default (error, "message", "") : "");
      if (v > 0)
        bench.version[s->ticket] = v;
    }
  g_queue_push_tail (&cc->free_tickets, GUINT_TO_POINTER (s->ticket + 1));
  s->used = FALSE;
  cc->in_flight--;
  if (g_atomic_int_add (&bench.acked, 1) + 1 == bench.n_commands)
    {
      g_mutex_lock (&bench.lock);
      bench.end_us = now;
      g_mutex_unlock (&bench.lock);
      bench_wake_main ();
    }
  send_more (c);
}

static gboolean
pace_cb (gpointer data)
{
  BenchWorker *w = data;

  for (guint i = 0; i < w->conns->len; i++)
    {
      BenchConn *c = w->conns->pdata[i];

      if (c->data != NULL)
        send_more (c);
    }
  return g_atomic_int_get (&bench.issued) < bench.n_commands ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
start_sending (gpointer data)
{
  BenchWorker *w = data;
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < w->conns->len; i++)
    {
      BenchConn *c = w->conns->pdata[i];
      CmdConn *cc = c->data;

      if (cc == NULL)
        continue;
      if (bench.rate > 0)
        {
          /* Each console sends rate / K per second, the consoles staggered evenly. */
          cc->interval_us = (gint64) (1e6 * bench.n_clients / bench.rate);
          cc->next_due_us = now + cc->interval_us * c->index / bench.n_clients;
        }
      send_more (c);
    }
  if (bench.rate > 0)
    {
      GSource *source = g_timeout_source_new (1);

      g_source_set_callback (source, pace_cb, w, NULL);
      g_source_attach (source, w->context);
      g_source_unref (source);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
all_acked (gpointer data)
{
  return g_atomic_int_get (&bench.acked) >= bench.n_commands
         || g_atomic_int_get (&((BenchPool *) data)->n_closed) > 0;
}

/* ── setup and checks ──────────────────────────────────────────────────────────── */

static gboolean
ingest_tickets (SnTestHub *hub, const char *token)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *when = bench_iso_time (now);
  const int per_batch = 500;

  for (int first = 0; first < bench.n_tickets; first += per_batch)
    {
      g_autoptr (GString) body = g_string_new ("[");
      int n = MIN (per_batch, bench.n_tickets - first);

      for (int i = first; i < first + n; i++)
        g_string_append_printf (
            body,
            "%s{\"service_request_id\":\"" TICKET_ID_FORMAT "\","
            "\"service_code\":\"noise.construction\",\"service_name\":\"施工噪音\","
            "\"description\":\"Benchmark work order %d\","
            "\"requested_datetime\":\"%s\",\"updated_datetime\":\"%s\","
            "\"address\":\"北京市朝阳区望京街10号\",\"lat\":39.99,\"long\":116.47,"
            "\"channel\":\"phone\",\"ticket_type\":\"complaint\","
            "\"state\":\"dispatched\",\"district\":\"110105\","
            "\"street\":\"望京街道\",\"units\":[\"bench-unit-a\"],\"priority\":3}",
            i > first ? "," : "", (guint) i, i, when, when);
      g_string_append (body, "]");
      if (bench_ingest (hub, token, body->str) != n)
        return FALSE;
    }
  for (int i = 0; i < bench.n_tickets; i++)
    bench.version[i] = 1;
  return TRUE;
}

static gint64
hub_head (SnTestHub *hub)
{
  g_autofree char *url = g_strconcat (hub->url, "/healthz", NULL);
  g_autoptr (JsonNode) node = sn_test_http_json ("GET", url, NULL, NULL, NULL, NULL);

  return json_object_get_int_member (json_node_get_object (node), "head");
}

/* GETs a sample of work orders: version == 1 + commands applied. */
static guint
verify_tickets (SnTestHub *hub, const char *token, guint *checked)
{
  guint bad = 0;
  guint step = MAX (1, bench.n_tickets / MAX (bench.verify, 1));

  *checked = 0;
  for (int t = 0; t < bench.n_tickets && (int) *checked < bench.verify; t += step)
    {
      g_autofree char *url = g_strdup_printf ("%s/v1/tickets/" TICKET_ID_FORMAT, hub->url,
                                              (guint) t);
      guint status = 0;
      g_autoptr (JsonNode) node = sn_test_http_json ("GET", url, token, NULL, NULL, &status);
      JsonObject *obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 version = obj ? json_object_get_int_member_with_default (obj, "version", -1) : -1;
      JsonArray *history = obj && json_object_has_member (obj, "history")
                               ? json_object_get_array_member (obj, "history")
                               : NULL;
      guint n_history = history ? json_array_get_length (history) : 0;

      (*checked)++;
      /* History: received and dispatched from the ingest, then one entry per command. */
      if (status != 200 || version != 1 + (gint64) bench.applied[t]
          || n_history != 2 + bench.applied[t])
        {
          bad++;
          g_print ("  MISMATCH " TICKET_ID_FORMAT ": HTTP %u, version %" G_GINT64_FORMAT
                   " (expected %u), %u history entries (expected %u)\n",
                   (guint) t, status, version, 1 + bench.applied[t], n_history,
                   2 + bench.applied[t]);
        }
    }
  return bad;
}

int
main (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "commands", 'n', 0, G_OPTION_ARG_INT, &bench.n_commands, "Commands to send in all (20000)",
      "M" },
    { "clients", 'c', 0, G_OPTION_ARG_INT, &bench.n_clients,
      "Supervisor consoles sending commands (20)", "K" },
    { "window", 'w', 0, G_OPTION_ARG_INT, &bench.window, "Commands in flight per console (8)",
      "W" },
    { "tickets", 't', 0, G_OPTION_ARG_INT, &bench.n_tickets, "Work orders to ingest first (2000)",
      "N" },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &bench.rate,
      "Open loop: offer this many commands/s in all, latency from when each was due (default: "
      "closed loop, as fast as acks come back)",
      "N" },
    { "consoles", 0, 0, G_OPTION_ARG_INT, &bench.consoles,
      "Extra passive consoles that only receive events (0)", "N" },
    { "threads", 'j', 0, G_OPTION_ARG_INT, &bench.threads,
      "Client threads, each with its own main context (2)", "N" },
    { "sync", 0, 0, G_OPTION_ARG_STRING, &bench.sync, "The hub's --sync: full (default) or normal",
      "MODE" },
    { "command-rate", 0, 0, G_OPTION_ARG_DOUBLE, &bench.command_rate,
      "The hub's per-connection --command-rate (100000: no throttling)", "N" },
    { "mix", 0, 0, G_OPTION_ARG_STRING, &bench.mix,
      "note (default) or mixed: 60% note, 20% reassign, 20% escalate", "MIX" },
    { "verify", 0, 0, G_OPTION_ARG_INT, &bench.verify,
      "Work orders to GET and check at the end (20)", "N" },
    { "perf", 0, 0, G_OPTION_ARG_FILENAME, &bench.perf,
      "Record the hub with perf during the run into FILE", "FILE" },
    { "perf-dwarf", 0, 0, G_OPTION_ARG_NONE, &bench.perf_dwarf, "With --perf: DWARF call graphs",
      NULL },
    { "pause", 0, 0, G_OPTION_ARG_INT, &bench.pause,
      "Wait this long before the run (to attach a profiler)", "SECONDS" },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &bench.strict, "Exit with 1 when a target is missed",
      NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— hub commands/s and ack latency");
  g_autoptr (GError) error = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *rate_mode = NULL;
  g_autoptr (GPtrArray) hub_args = g_ptr_array_new ();
  g_autoptr (GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *ingest_token = NULL;
  g_autofree char *token = NULL;
  SnTestHub *hub;
  BenchPool *pool;
  BenchStats stats;
  gint64 t0, start_us, end_us, head_before, head_after;
  double hub_cpu0, hub_cpu1, self_cpu0, self_cpu1, machine0, machine1, seconds, per_s;
  guint checked = 0, bad_tickets, caught_up;
  guint64 gaps = 0, dups = 0, min_events = G_MAXUINT64, max_events = 0;
  gboolean correct, fast_enough, quick_enough;
  GPid perf = 0;

  setlocale (LC_ALL, "");
  bench.n_commands = 20000;
  bench.n_clients = 20;
  bench.window = 8;
  bench.n_tickets = 2000;
  bench.threads = 2;
  bench.command_rate = 100000;
  bench.verify = 20;
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (
      context,
      "Starts shuniu-hub ($SHUNIU_HUB) on a fresh SQLite database, ingests N work orders and\n"
      "has K supervisor consoles send M commands over /v1/stream, W in flight each.\n"
      "Target: ≥ 2,000 commands/s with ack p99 ≤ 50 ms.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  bench.mixed = g_strcmp0 (bench.mix, "mixed") == 0;
  if ((bench.mix != NULL && !bench.mixed && !g_str_equal (bench.mix, "note"))
      || bench.n_commands < 1 || bench.n_clients < 1 || bench.window < 1 || bench.threads < 1
      || bench.n_tickets < bench.n_clients * bench.window || bench.consoles < 0)
    {
      g_printerr ("Bad options: need --tickets ≥ --clients × --window, positive counts, "
                  "--mix note|mixed\n");
      return 2;
    }
  g_mutex_init (&bench.lock);
  bench.problems = g_ptr_array_new_with_free_func (g_free);
  bench.version = g_new0 (gint64, bench.n_tickets);
  bench.applied = g_new0 (guint, bench.n_tickets);
  bench.tier = g_new0 (guint8, bench.n_tickets);
  bench.unit = g_new0 (guint8, bench.n_tickets);
  bench.due = bench_iso_time (g_get_real_time () / G_USEC_PER_SEC + 3 * 86400);

  rate = g_strdup_printf ("%g", bench.command_rate);
  g_ptr_array_add (hub_args, "--sync");
  g_ptr_array_add (hub_args, bench.sync ? bench.sync : "full");
  g_ptr_array_add (hub_args, "--command-rate");
  g_ptr_array_add (hub_args, rate);
  g_ptr_array_add (hub_args, NULL);

  g_print ("bench-commands: supervisor commands over /v1/stream on the SQLite store\n");
  hub = sn_test_hub_new ((const char *const *) hub_args->pdata);
  g_print ("  hub        %s (pid %d) --sync %s --command-rate %s\n", sn_test_hub_binary (),
           (int) hub->pid, bench.sync ? bench.sync : "full", rate);
  ingest_token = sn_test_hub_token (hub, "ingest", "bench-feed", NULL);
  token = sn_test_hub_token (hub, "supervisor", "bench-supervisor", NULL);

  t0 = g_get_monotonic_time ();
  if (!ingest_tickets (hub, ingest_token))
    {
      g_printerr ("Could not ingest the work orders\n");
      sn_test_hub_free (hub);
      return 1;
    }
  g_print ("  setup      %d work orders ingested in %.2f s\n", bench.n_tickets,
           (g_get_monotonic_time () - t0) / 1e6);

  pool = bench_pool_new (hub->ws_url, token, bench.n_clients + bench.consoles, bench.threads, NULL,
                         on_object, &bench);
  for (guint i = 0; i < pool->n_threads; i++)
    for (guint j = 0; j < pool->workers[i]->conns->len; j++)
      {
        BenchConn *c = pool->workers[i]->conns->pdata[j];
        CmdConn *cc;

        if (c->index >= (guint) bench.n_clients)
          continue;
        cc = g_new0 (CmdConn, 1);
        cc->slots = g_new0 (Slot, bench.window);
        g_queue_init (&cc->free_tickets);
        /* Each console owns the work orders ≡ its index (mod K). */
        for (int t = c->index; t < bench.n_tickets; t += bench.n_clients)
          g_queue_push_tail (&cc->free_tickets, GUINT_TO_POINTER (t + 1));
        c->data = cc;
      }
  t0 = g_get_monotonic_time ();
  if (!bench_pool_connect (pool, 60000))
    {
      g_printerr ("Only %d of %u consoles connected\n", g_atomic_int_get (&pool->n_live),
                  pool->n_conns);
      bench_pool_free (pool);
      sn_test_hub_free (hub);
      return 1;
    }
  g_print ("  consoles   %d sending commands + %d passive, connected with snapshots in %.2f s, "
           "on %u client threads (each its own GMainContext and SoupSession)\n",
           bench.n_clients, bench.consoles, (g_get_monotonic_time () - t0) / 1e6, pool->n_threads);
  g_print ("  load       %d %s commands, up to %d in flight per console (%d in all), each on "
           "its own work order\n",
           bench.n_commands, bench.mixed ? "mixed (note/reassign/escalate)" : "note", bench.window,
           bench.window * bench.n_clients);
  if (bench.rate > 0)
    g_print ("  pacing     open loop at %.0f commands/s offered (%.1f/s per console); latency "
             "counts from when each command was due\n",
             bench.rate, bench.rate / bench.n_clients);
  else
    g_print ("  pacing     closed loop: a console sends its next command as soon as an ack "
             "frees a slot, so latency ≈ commands in flight ÷ throughput\n");
  if (bench.pause > 0)
    {
      g_print ("  pausing %d s: attach a profiler to pid %d now\n", bench.pause, (int) hub->pid);
      g_usleep ((gulong) bench.pause * G_USEC_PER_SEC);
    }
  if (bench.perf != NULL)
    perf = bench_perf_start (hub->pid, bench.perf, bench.perf_dwarf);

  head_before = hub_head (hub);
  hub_cpu0 = bench_cpu_seconds (hub->pid);
  self_cpu0 = bench_cpu_seconds (0);
  machine0 = bench_machine_busy_seconds ();
  start_us = g_get_monotonic_time ();
  bench_pool_invoke (pool, start_sending);
  bench_wait (all_acked, pool, MAX (120000, bench.n_commands * 10));
  g_mutex_lock (&bench.lock);
  end_us = bench.end_us ? bench.end_us : g_get_monotonic_time ();
  g_mutex_unlock (&bench.lock);
  hub_cpu1 = bench_cpu_seconds (hub->pid);
  self_cpu1 = bench_cpu_seconds (0);
  machine1 = bench_machine_busy_seconds ();
  bench_perf_stop (perf);

  /* Every console should see every event, in order. */
  head_after = hub_head (hub);
  caught_up = bench_pool_await_seq (pool, head_after, 10000);
  /* Stop the client threads before reading what they wrote. */
  bench_pool_stop (pool);
  for (guint i = 0; i < pool->n_threads; i++)
    {
      BenchWorker *w = pool->workers[i];

      g_array_append_vals (latencies, w->latencies->data, w->latencies->len);
      for (guint j = 0; j < w->conns->len; j++)
        {
          BenchConn *c = w->conns->pdata[j];
          CmdConn *cc = c->data;

          gaps += c->gaps;
          dups += c->duplicates;
          min_events = MIN (min_events, c->events);
          max_events = MAX (max_events, c->events);
          if (cc != NULL)
            {
              g_queue_clear (&cc->free_tickets);
              g_free (cc->slots);
              g_free (cc);
            }
        }
    }
  bench_pool_free (pool);

  seconds = (end_us - start_us) / 1e6;
  per_s = g_atomic_int_get (&bench.acked) / seconds;
  bench_stats_compute (latencies, &stats);
  bad_tickets = verify_tickets (hub, token, &checked);

  rate_mode = bench.rate > 0 ? g_strdup_printf ("open-%.0f", bench.rate) : g_strdup ("closed");
  correct = g_atomic_int_get (&bench.acked) == bench.n_commands
            && g_atomic_int_get (&bench.refused) == 0 && g_atomic_int_get (&bench.mismatched) == 0
            && g_atomic_int_get (&bench.unknown_acks) == 0 && bad_tickets == 0 && gaps == 0
            && dups == 0 && caught_up == (guint) (bench.n_clients + bench.consoles)
            && head_after - head_before == bench.n_commands;
  /* Open loop: the last command is due (M - 1) / rate after the start, so a hub that keeps
   * up shows slightly less than the offered rate; it kept up if it acked them all within
   * 1% of the offered pace. */
  fast_enough = bench.rate > 0 ? bench.rate >= TARGET_COMMANDS_PER_S && per_s >= 0.99 * bench.rate
                                     && g_atomic_int_get (&bench.acked) == bench.n_commands
                               : per_s >= TARGET_COMMANDS_PER_S;
  quick_enough = stats.p99_ms <= TARGET_P99_MS;

  g_print ("results\n");
  if (bench.rate > 0)
    g_print ("  throughput             %.0f commands/s acked of %.0f/s offered (%d acked in "
             "%.2f s)    target ≥ %.0f sustained   %s\n",
             per_s, bench.rate, g_atomic_int_get (&bench.acked), seconds, TARGET_COMMANDS_PER_S,
             bench_verdict (fast_enough));
  else
    g_print ("  throughput             %.0f commands/s (%d acked in %.2f s)    target ≥ %.0f   "
             "%s\n",
             per_s, g_atomic_int_get (&bench.acked), seconds, TARGET_COMMANDS_PER_S,
             bench_verdict (fast_enough));
  bench_stats_print ("ack latency", &stats);
  g_print ("  ack p99                %.2f ms    target ≤ %.0f ms   %s\n", stats.p99_ms,
           TARGET_P99_MS, bench_verdict (quick_enough));
  bench_print_cpu (hub_cpu1 - hub_cpu0, self_cpu1 - self_cpu0, machine1 - machine0, seconds);
  g_print ("correctness\n");
  g_print ("  acks                   %d ok of %d sent (note %d, reassign %d, escalate %d); "
           "%d refused, %d with a wrong version, %d unknown\n",
           g_atomic_int_get (&bench.acked) - g_atomic_int_get (&bench.refused), bench.n_commands,
           bench.per_action[ACTION_NOTE], bench.per_action[ACTION_REASSIGN],
           bench.per_action[ACTION_ESCALATE], g_atomic_int_get (&bench.refused),
           g_atomic_int_get (&bench.mismatched), g_atomic_int_get (&bench.unknown_acks));
  for (guint i = 0; i < bench.problems->len; i++)
    g_print ("    %s\n", (char *) bench.problems->pdata[i]);
  g_print ("  event log              head %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT
           " (%" G_GINT64_FORMAT " events for %d commands)\n",
           head_before, head_after, head_after - head_before, bench.n_commands);
  g_print ("  fan-out                %u of %d consoles received every event up to the head; "
           "%" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT " events each, %" G_GUINT64_FORMAT
           " seqs missed, %" G_GUINT64_FORMAT " duplicates\n",
           caught_up, bench.n_clients + bench.consoles, min_events, max_events, gaps, dups);
  g_print ("  work orders            %u of %u checked over REST have version = 1 + commands "
           "applied and one history entry per command\n",
           checked - bad_tickets, checked);
  g_print ("RESULT bench-commands sync=%s mode=%s mix=%s clients=%d window=%d commands=%d "
           "commands_per_s=%.0f "
           "ack_p50_ms=%.2f ack_p99_ms=%.2f ack_max_ms=%.2f hub_cpu=%.0f%% other_cpu=%.0f%% "
           "correct=%s targets=%s\n",
           bench.sync ? bench.sync : "full", rate_mode, bench.mixed ? "mixed" : "note",
           bench.n_clients, bench.window, bench.n_commands, per_s, stats.p50_ms, stats.p99_ms,
           stats.max_ms, 100 * (hub_cpu1 - hub_cpu0) / seconds,
           100 * MAX (0, (machine1 - machine0) - (hub_cpu1 - hub_cpu0) - (self_cpu1 - self_cpu0))
               / seconds,
           correct ? "yes" : "NO", fast_enough && quick_enough ? "met" : "missed");

  sn_test_hub_free (hub);
  if (!correct)
    return 1;
  return bench.strict && !(fast_enough && quick_enough) ? 1 : 0;
}
