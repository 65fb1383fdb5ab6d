/* bench-common.h — what the hub benchmarks share: latency statistics, CPU accounting, an
 * optional perf recording of the hub, and a pool of stream clients spread over worker
 * threads (each with its own GMainContext and SoupSession)
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-test-hub.h"

G_BEGIN_DECLS

/* ── statistics ────────────────────────────────────────────────────────────────── */

typedef struct
{
  guint64 n;
  double mean_ms;
  double p50_ms;
  double p90_ms;
  double p99_ms;
  double p999_ms;
  double max_ms;
} BenchStats;

/* @samples: a GArray of gint64 microseconds; sorted in place. */
void bench_stats_compute (GArray *samples, BenchStats *out);
void bench_stats_print (const char *label, const BenchStats *s);

/* CPU seconds (user + system) used so far by @pid (0: this process). */
double bench_cpu_seconds (GPid pid);

/* CPU seconds (user + system + irq) the whole machine has spent busy so far, over all
 * cores, from /proc/stat. */
double bench_machine_busy_seconds (void);
/* Prints how much CPU the hub, the benchmark and everything else used over @wall seconds,
 * and warns when other processes competed for the cores. Arguments are deltas. */
void bench_print_cpu (double hub, double self, double machine, double wall);

/* "2025-09-30T08:00:00Z" for @unix_seconds. */
char *bench_iso_time (gint64 unix_seconds);

/* ── the hub ───────────────────────────────────────────────────────────────────── */

/* POSTs @body to /v1/ingest/requests; returns the number applied (-1 on an HTTP error). */
int bench_ingest (SnTestHub *hub, const char *token, const char *body);

/* Starts "perf record" on @pid into @file (dwarf call graphs when @dwarf); 0 if it could
 * not start. bench_perf_stop() sends SIGINT and waits. */
GPid bench_perf_start (GPid pid, const char *file, gboolean dwarf);
void bench_perf_stop (GPid perf);

/* Iterates this thread's default context until @done returns TRUE or @timeout_ms passes.
 * Returns whether @done. */
gboolean bench_wait (gboolean (*done) (gpointer data), gpointer data, guint timeout_ms);

/* ── stream clients ────────────────────────────────────────────────────────────── */

typedef struct _BenchPool BenchPool;
typedef struct _BenchWorker BenchWorker;
typedef struct _BenchConn BenchConn;

struct _BenchConn
{
  BenchWorker *worker;
  guint index; /* 0 … n_conns - 1 over the whole pool */
  SoupWebsocketConnection *ws;
  gboolean live; /* the snapshot is complete */
  gboolean closed;
  gushort close_code;
  gint64 head; /* the snapshot's head */
  gint64 last_seq; /* the newest event seq received */
  guint64 events; /* events received after the snapshot */
  guint64 gaps; /* seqs skipped */
  guint64 duplicates; /* seqs received twice or out of order */
  gpointer data; /* the benchmark's */
  gboolean caught_up; /* last_seq reached the pool's target_seq */
  SoupMessage *msg; /* the upgrade request while connecting */
};

struct _BenchWorker
{
  BenchPool *pool;
  guint index;
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  SoupSession *session;
  GPtrArray *conns; /* BenchConn* handled by this thread */
  guint next_connect;
  guint connecting;
  GArray *latencies; /* gint64 µs, filled by the benchmark's callbacks */
  gpointer data; /* the benchmark's */
};

/* Called in the connection's worker thread. @text is not NUL-terminated. */
typedef void (*BenchEventFunc) (BenchConn *conn, const char *text, gsize length, gint64 seq);
/* Any other message after the snapshot except pings (answered by the pool). */
typedef void (*BenchObjectFunc) (BenchConn *conn, JsonObject *obj, const char *type);

struct _BenchPool
{
  char *ws_url;
  char *token;
  guint n_conns;
  guint n_threads;
  BenchWorker **workers;
  BenchEventFunc on_event;
  BenchObjectFunc on_object;
  gpointer data;

  gint n_live; /* atomic */
  gint n_failed; /* atomic */
  gint n_closed; /* atomic */
  gint target_seq; /* atomic: see bench_pool_await_seq() */
  gint n_caught_up; /* atomic */
  gboolean stopped;
};

BenchPool *bench_pool_new (const char *ws_url, const char *token, guint n_conns, guint n_threads,
                           BenchEventFunc on_event, BenchObjectFunc on_object, gpointer data);
/* Connects every client (hello, snapshot); waits until all are live. FALSE on failure. */
gboolean bench_pool_connect (BenchPool *pool, guint timeout_ms);
/* Runs @func (worker) once in each worker's thread (asynchronously). */
void bench_pool_invoke (BenchPool *pool, GSourceFunc func);
/* Once per pool: waits until every live client has received the events up to @seq (at most
 * @timeout_ms); returns how many have. */
guint bench_pool_await_seq (BenchPool *pool, gint64 seq, guint timeout_ms);
/* Closes the clients, stops and joins the threads; what they wrote may then be read. */
void bench_pool_stop (BenchPool *pool);
/* Stops the pool if needed and frees it. */
void bench_pool_free (BenchPool *pool);

/* Wakes the main thread's bench_wait(). Safe from any thread. */
void bench_wake_main (void);

G_END_DECLS
