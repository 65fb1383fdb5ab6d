/* bench-common.c — what the hub benchmarks share
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-common.h"

#define CONNECTS_IN_FLIGHT 8

/* ── statistics ────────────────────────────────────────────────────────────────── */

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *sorted, double p)
{
  guint64 rank;

  if (sorted->len == 0)
    return 0;
  /* Nearest rank: the smallest value with at least p of the samples at or below it. */
  rank = (guint64) (p * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, gint64, rank - 1) / 1000.0;
}

void
bench_stats_compute (GArray *samples, BenchStats *out)
{
  double sum = 0;

  memset (out, 0, sizeof *out);
  g_array_sort (samples, compare_gint64);
  out->n = samples->len;
  for (guint i = 0; i < samples->len; i++)
    sum += g_array_index (samples, gint64, i);
  out->mean_ms = samples->len ? sum / samples->len / 1000.0 : 0;
  out->p50_ms = percentile_ms (samples, 0.50);
  out->p90_ms = percentile_ms (samples, 0.90);
  out->p99_ms = percentile_ms (samples, 0.99);
  out->p999_ms = percentile_ms (samples, 0.999);
  out->max_ms = samples->len ? g_array_index (samples, gint64, samples->len - 1) / 1000.0 : 0;
}

void
bench_stats_print (const char *label, const BenchStats *s)
{
  g_print ("  %-22s n=%" G_GUINT64_FORMAT "  mean %.2f  p50 %.2f  p90 %.2f  p99 %.2f  "
           "p99.9 %.2f  max %.2f  (ms)\n",
           label, s->n, s->mean_ms, s->p50_ms, s->p90_ms, s->p99_ms, s->p999_ms, s->max_ms);
}

double
bench_cpu_seconds (GPid pid)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) fields = NULL;
  const char *after;

  if (pid == 0)
    {
      struct rusage ru;

      getrusage (RUSAGE_SELF, &ru);
      return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec
             + ru.ru_stime.tv_usec / 1e6;
    }
  path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  /* After "pid (comm)": state is field 3; utime and stime are fields 14 and 15. */
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
         / sysconf (_SC_CLK_TCK);
}

double
bench_machine_busy_seconds (void)
{
  g_autofree char *text = NULL;
  guint64 v[8] = { 0 };

  if (!g_file_get_contents ("/proc/stat", &text, NULL, NULL)
      || sscanf (text,
                 "cpu %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                 " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                 " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                 &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7])
             < 7)
    return 0;
  /* user nice system [idle iowait] irq softirq steal */
  return (double) (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / sysconf (_SC_CLK_TCK);
}

void
bench_print_cpu (double hub, double self, double machine, double wall)
{
  double other = MAX (0, machine - hub - self);

  g_print ("  cpu                    hub %.2f s (%.0f%% of a core), benchmark %.2f s (%.0f%%), "
           "other processes %.2f s (%.0f%%), over %.2f s on %u cores\n",
           hub, 100 * hub / wall, self, 100 * self / wall, other, 100 * other / wall, wall,
           g_get_num_processors ());
  if (other / wall > 0.15)
    g_print ("  WARNING                other processes used %.0f%% of a core during the run: "
             "the figures are pessimistic; run again on a quiet machine\n",
             100 * other / wall);
}

char *
bench_iso_time (gint64 unix_seconds)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* ── the hub ───────────────────────────────────────────────────────────────────── */

int
bench_ingest (SnTestHub *hub, const char *token, const char *body)
{
  g_autofree char *url = g_strconcat (hub->url, "/v1/ingest/requests", NULL);
  guint status = 0;
  g_autoptr (JsonNode) reply = sn_test_http_json ("POST", url, token, body, NULL, &status);

  if (status != 200 || !JSON_NODE_HOLDS_OBJECT (reply))
    {
      g_printerr ("ingest failed with HTTP %u\n", status);
      return -1;
    }
  return (int) json_object_get_int_member (json_node_get_object (reply), "applied");
}

GPid
bench_perf_start (GPid pid, const char *file, gboolean dwarf)
{
  g_autofree char *p = g_strdup_printf ("%d", (int) pid);
  const char *argv[] = { "perf", "record", "-q",
                         "-F",   "999",    dwarf ? "--call-graph=dwarf,16384" : "-g",
                         "-o",   file,     "-p",
                         p,      NULL };
  g_autoptr (GError) error = NULL;
  GPid perf = 0;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &perf, &error))
    {
      g_printerr ("Cannot start perf: %s\n", error->message);
      return 0;
    }
  g_usleep (500 * 1000); /* let it attach */
  return perf;
}

void
bench_perf_stop (GPid perf)
{
  int status;

  if (perf == 0)
    return;
  kill (perf, SIGINT);
  waitpid (perf, &status, 0);
  g_spawn_close_pid (perf);
}

static gboolean
keep_source (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
bench_wait (gboolean (*done) (gpointer data), gpointer data, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint tick = g_timeout_add (5, keep_source, NULL);
  gboolean ok;

  while (!(ok = done (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return ok;
}

void
bench_wake_main (void)
{
  g_main_context_wakeup (g_main_context_default ());
}

/* ── stream clients ────────────────────────────────────────────────────────────── */

static void connect_next (BenchWorker *w);

/* An event's seq without parsing the whole message (the hub writes events as
 * {"type":"event","epoch":…,"seq":N,…}); -1 when @text is not an event. */
static gint64
event_seq (const char *text, gsize length)
{
  static const char prefix[] = "{\"type\":\"event\"";
  const char *p, *end = text + length;
  gint64 seq = 0;

  if (length < sizeof prefix || memcmp (text, prefix, sizeof prefix - 1) != 0)
    return -1;
  p = g_strstr_len (text, MIN (length, 256), "\"seq\":");
  if (p == NULL)
    return -1;
  for (p += 6; p < end && g_ascii_isdigit (*p); p++)
    seq = seq * 10 + (*p - '0');
  return seq;
}

static void
track_event (BenchConn *c, gint64 seq)
{
  if (seq == c->last_seq + 1)
    ;
  else if (seq <= c->last_seq)
    c->duplicates++;
  else
    c->gaps += seq - c->last_seq - 1;
  c->last_seq = MAX (c->last_seq, seq);
  c->events++;
  if (!c->caught_up && c->last_seq >= g_atomic_int_get (&c->worker->pool->target_seq))
    {
      c->caught_up = TRUE;
      g_atomic_int_inc (&c->worker->pool->n_caught_up);
      bench_wake_main ();
    }
}

static void
on_message (SoupWebsocketConnection *ws, int type, GBytes *message, gpointer user_data)
{
  BenchConn *c = user_data;
  BenchPool *pool = c->worker->pool;
  gsize length;
  const char *text = g_bytes_get_data (message, &length);
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *obj;
  const char *mtype;
  gint64 seq;

  if ((seq = event_seq (text, length)) >= 0)
    {
      track_event (c, seq);
      if (pool->on_event != NULL)
        pool->on_event (c, text, length, seq);
      return;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, length, &error)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_printerr ("client %u: unreadable message: %s\n", c->index,
                  error ? error->message : "not an object");
      return;
    }
  obj = json_node_get_object (json_parser_get_root (parser));
  mtype = json_object_get_string_member_with_default (obj, "type", "");
  if (g_str_equal (mtype, "welcome"))
    return;
  if (g_str_equal (mtype, "ping"))
    {
      /* Any message counts as a sign of life; a pong costs the hub nothing. */
      soup_websocket_connection_send_text (ws, "{\"type\":\"pong\"}");
      return;
    }
  if (g_str_equal (mtype, "snapshot"))
    {
      if (json_object_get_int_member_with_default (obj, "part", 0) == 0)
        c->head = c->last_seq = json_object_get_int_member_with_default (obj, "head", 0);
      if (json_object_get_boolean_member_with_default (obj, "last", FALSE) && !c->live)
        {
          c->live = TRUE;
          g_atomic_int_inc (&pool->n_live);
          bench_wake_main ();
        }
      return;
    }
  if (g_str_equal (mtype, "event"))
    {
      /* Not in the expected form: take the slow path. */
      seq = json_object_get_int_member_with_default (obj, "seq", 0);
      track_event (c, seq);
      if (pool->on_event != NULL)
        pool->on_event (c, text, length, seq);
      return;
    }
  if (pool->on_object != NULL)
    pool->on_object (c, obj, mtype);
}

static void
on_closed (SoupWebsocketConnection *ws, gpointer user_data)
{
  BenchConn *c = user_data;

  c->closed = TRUE;
  c->close_code = soup_websocket_connection_get_close_code (ws);
  g_printerr ("client %u: closed by the hub (code %u)\n", c->index, c->close_code);
  g_atomic_int_inc (&c->worker->pool->n_closed);
  bench_wake_main ();
}

static void
connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  BenchConn *c = user_data;
  BenchWorker *w = c->worker;
  g_autoptr (GError) error = NULL;

  c->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  w->connecting--;
  if (c->ws == NULL)
    {
      g_printerr ("client %u: cannot connect: %s (HTTP %u)\n", c->index, error->message,
                  soup_message_get_status (c->msg));
      g_atomic_int_inc (&w->pool->n_failed);
      bench_wake_main ();
    }
  else
    {
      soup_websocket_connection_set_max_incoming_payload_size (c->ws, 0);
      g_signal_connect (c->ws, "message", G_CALLBACK (on_message), c);
      g_signal_connect (c->ws, "closed", G_CALLBACK (on_closed), c);
      soup_websocket_connection_send_text (c->ws, "{\"type\":\"hello\"}");
    }
  g_clear_object (&c->msg);
  connect_next (w);
}

static void
connect_next (BenchWorker *w)
{
  /* A few at a time: the listen backlog is short. */
  while (w->connecting < CONNECTS_IN_FLIGHT && w->next_connect < w->conns->len)
    {
      BenchConn *c = w->conns->pdata[w->next_connect++];
      g_autofree char *auth = g_strconcat ("Bearer ", w->pool->token, NULL);

      c->msg = soup_message_new ("GET", w->pool->ws_url);
      soup_message_headers_replace (soup_message_get_request_headers (c->msg), "Authorization",
                                    auth);
      w->connecting++;
      soup_session_websocket_connect_async (w->session, c->msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                            NULL, connected_cb, c);
    }
}

static gboolean
start_connecting (gpointer data)
{
  connect_next (data);
  return G_SOURCE_REMOVE;
}

static gboolean
stop_worker (gpointer data)
{
  BenchWorker *w = data;

  g_main_loop_quit (w->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
worker_main (gpointer data)
{
  BenchWorker *w = data;
  gint64 deadline;
  gboolean open;

  g_main_context_push_thread_default (w->context);
  w->session = soup_session_new_with_options ("max-conns", 4096, "max-conns-per-host", 4096,
                                              "timeout", 30, NULL);
  g_main_loop_run (w->loop);

  /* Say goodbye, and give the close frames a moment. */
  for (guint i = 0; i < w->conns->len; i++)
    {
      BenchConn *c = w->conns->pdata[i];

      if (c->ws == NULL)
        continue;
      g_signal_handlers_disconnect_by_data (c->ws, c);
      if (soup_websocket_connection_get_state (c->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (c->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  deadline = g_get_monotonic_time () + 500 * 1000;
  do
    {
      open = FALSE;
      for (guint i = 0; i < w->conns->len && !open; i++)
        {
          BenchConn *c = w->conns->pdata[i];

          open = c->ws != NULL
                 && soup_websocket_connection_get_state (c->ws) != SOUP_WEBSOCKET_STATE_CLOSED;
        }
      if (open)
        g_main_context_iteration (w->context, FALSE) || (g_usleep (1000), TRUE);
    }
  while (open && g_get_monotonic_time () < deadline);
  for (guint i = 0; i < w->conns->len; i++)
    g_clear_object (&((BenchConn *) w->conns->pdata[i])->ws);
  g_clear_object (&w->session);
  while (g_main_context_iteration (w->context, FALSE))
    ;
  g_main_context_pop_thread_default (w->context);
  return NULL;
}

BenchPool *
bench_pool_new (const char *ws_url, const char *token, guint n_conns, guint n_threads,
                BenchEventFunc on_event, BenchObjectFunc on_object, gpointer data)
{
  BenchPool *pool = g_new0 (BenchPool, 1);

  n_threads = CLAMP (n_threads, 1, MAX (n_conns, 1));
  pool->ws_url = g_strdup (ws_url);
  pool->token = g_strdup (token);
  pool->n_conns = n_conns;
  pool->n_threads = n_threads;
  pool->on_event = on_event;
  pool->on_object = on_object;
  pool->data = data;
  pool->target_seq = G_MAXINT;
  pool->workers = g_new0 (BenchWorker *, n_threads);
  for (guint i = 0; i < n_threads; i++)
    {
      BenchWorker *w = g_new0 (BenchWorker, 1);

      w->pool = pool;
      w->index = i;
      w->context = g_main_context_new ();
      w->loop = g_main_loop_new (w->context, FALSE);
      w->conns = g_ptr_array_new_with_free_func (g_free);
      w->latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
      pool->workers[i] = w;
    }
  for (guint i = 0; i < n_conns; i++)
    {
      BenchConn *c = g_new0 (BenchConn, 1);

      c->index = i;
      c->worker = pool->workers[i % n_threads];
      g_ptr_array_add (c->worker->conns, c);
    }
  for (guint i = 0; i < n_threads; i++)
    {
      g_autofree char *name = g_strdup_printf ("bench-worker-%u", i);

      pool->workers[i]->thread = g_thread_new (name, worker_main, pool->workers[i]);
    }
  return pool;
}

void
bench_pool_invoke (BenchPool *pool, GSourceFunc func)
{
  for (guint i = 0; i < pool->n_threads; i++)
    g_main_context_invoke (pool->workers[i]->context, func, pool->workers[i]);
}

static gboolean
all_connected (gpointer data)
{
  BenchPool *pool = data;

  return g_atomic_int_get (&pool->n_live) + g_atomic_int_get (&pool->n_failed)
         >= (gint) pool->n_conns;
}

gboolean
bench_pool_connect (BenchPool *pool, guint timeout_ms)
{
  bench_pool_invoke (pool, start_connecting);
  bench_wait (all_connected, pool, timeout_ms);
  return g_atomic_int_get (&pool->n_live) == (gint) pool->n_conns;
}

static gboolean
check_caught_up (gpointer data)
{
  BenchWorker *w = data;

  for (guint i = 0; i < w->conns->len; i++)
    {
      BenchConn *c = w->conns->pdata[i];

      if (c->live && !c->caught_up && c->last_seq >= g_atomic_int_get (&w->pool->target_seq))
        {
          c->caught_up = TRUE;
          g_atomic_int_inc (&w->pool->n_caught_up);
        }
    }
  bench_wake_main ();
  return G_SOURCE_REMOVE;
}

static gboolean
all_caught_up (gpointer data)
{
  BenchPool *pool = data;

  return g_atomic_int_get (&pool->n_caught_up)
         >= g_atomic_int_get (&pool->n_live) - g_atomic_int_get (&pool->n_closed);
}

guint
bench_pool_await_seq (BenchPool *pool, gint64 seq, guint timeout_ms)
{
  g_atomic_int_set (&pool->n_caught_up, 0);
  g_atomic_int_set (&pool->target_seq, (gint) seq);
  bench_pool_invoke (pool, check_caught_up);
  bench_wait (all_caught_up, pool, timeout_ms);
  return g_atomic_int_get (&pool->n_caught_up);
}

void
bench_pool_stop (BenchPool *pool)
{
  if (pool->stopped)
    return;
  pool->stopped = TRUE;
  bench_pool_invoke (pool, stop_worker);
  for (guint i = 0; i < pool->n_threads; i++)
    g_thread_join (pool->workers[i]->thread);
}

void
bench_pool_free (BenchPool *pool)
{
  if (pool == NULL)
    return;
  bench_pool_stop (pool);
  for (guint i = 0; i < pool->n_threads; i++)
    {
      BenchWorker *w = pool->workers[i];

      g_main_loop_unref (w->loop);
      g_main_context_unref (w->context);
      g_ptr_array_unref (w->conns);
      g_array_unref (w->latencies);
      g_free (w);
    }
  g_free (pool->workers);
  g_free (pool->ws_url);
  g_free (pool->token);
  g_free (pool);
}
