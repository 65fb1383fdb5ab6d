/* bench-surge.c — a surge day (about a million call attempts) simulated as fast as possible
 * and ingested by a hub, both in this one thread: events generated per second, how far the
 * hub lags, and whether the day runs faster than real time on one core
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sn-auth.h"
#include "sn-hub.h"
#include "sn-sim-feed.h"
#include "sn-store-sqlite.h"

static char *scenario = NULL;
static double hours = 24;
static gboolean normal_sync = FALSE;
static int seed = 12345;

static const GOptionEntry entries[] = {
  { "scenario", 0, 0, G_OPTION_ARG_STRING, &scenario, "normal or surge (default surge)", "S" },
  { "hours", 0, 0, G_OPTION_ARG_DOUBLE, &hours, "Simulated hours (default 24)", "H" },
  { "sync-normal", 0, 0, G_OPTION_ARG_NONE, &normal_sync, "SQLite synchronous=NORMAL", NULL },
  { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed", "N" },
  { NULL }
};

static gboolean
done_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shuniu-bench-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "hub.db", NULL);
  double start = 1759939200; /* 2025-10-08T16:00:00Z = 2025-10-09 00:00 in Beijing */
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (SnClock) clock = sn_clock_new_manual (start);
  g_autoptr (SnStore) store = NULL;
  g_autoptr (SnHub) hub = NULL;
  g_autoptr (SnSim) sim = NULL;
  g_autoptr (SnSimFeed) feed = NULL;
  g_autofree char *token = NULL;
  g_autofree char *report = NULL;
  SnSimOptions sim_options;
  SnHubOptions hub_options;
  const SnSimFeedStats *stats;
  const SnSimTotals *totals;
  double simulated;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  sn_sim_options_init (&sim_options);
  sim_options.scenario = scenario ? scenario : "surge";
  sim_options.seed = (guint32) seed;
  sim_options.start = start;
  sim = sn_sim_new (&sim_options, &error);
  store = sim ? sn_store_sqlite_open (db, !normal_sync, &error) : NULL;
  sn_hub_options_init (&hub_options);
  hub_options.clock = clock;
  hub = store ? sn_hub_new (store, &hub_options, &error) : NULL;
  if (hub == NULL || !sn_hub_listen (hub, "127.0.0.1:0", NULL, &error))
    g_error ("%s", error->message);
  token = sn_auth_create_token (store, SN_ROLE_INGEST, "bench", NULL, (gint64) start, NULL, &error);
  feed = sn_sim_feed_new (sim, clock, sn_hub_get_url (hub), token, start + hours * 3600);
  sn_sim_feed_start (feed, done_cb, loop);
  g_main_loop_run (loop);

  stats = sn_sim_feed_get_stats (feed);
  totals = sn_sim_get_totals (sim);
  simulated = sn_sim_get_time (sim) - start;
  report = sn_sim_report (sim);
  g_print ("%s\n", report);
  g_print ("bench-surge: %s, %.1f simulated hours in %.1f s of wall time on one thread "
           "(SQLite synchronous=%s)\n",
           sim_options.scenario, simulated / 3600, stats->wall_seconds,
           normal_sync ? "NORMAL" : "FULL");
  g_print ("  simulation events      %10.0f/s (%llu in all)\n",
           totals->events / stats->wall_seconds, (unsigned long long) totals->events);
  g_print ("  records ingested       %10.0f/s (%llu in %llu posts; %llu rejected, %llu failed)\n",
           stats->records_posted / stats->wall_seconds, (unsigned long long) stats->records_posted,
           (unsigned long long) stats->posts, (unsigned long long) stats->records_rejected,
           (unsigned long long) stats->post_errors);
  g_print ("  hub lag                %10.1f s simulated at most (%.2f s of wall time)\n",
           stats->max_lag, stats->max_lag * stats->wall_seconds / MAX (simulated, 1));
  g_print ("  speed                  %10.1f x real time   (target: > 1 x) %s\n",
           simulated / stats->wall_seconds, simulated / stats->wall_seconds > 1 ? "MET" : "MISSED");
  sn_hub_shutdown (hub);
  g_clear_object (&hub);
  g_clear_object (&store);
  g_unlink (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return stats->records_rejected == 0 && stats->post_errors == 0 ? 0 : 1;
}
