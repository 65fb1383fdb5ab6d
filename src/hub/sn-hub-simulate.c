/* sn-hub-simulate.c — "serve --simulate" and "simulate": the simulator feeding a hub
 * through its ingest API, in the same process or from another one
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>

#include "sn-auth.h"
#include "sn-hub-cli-private.h"
#include "sn-json.h"
#include "sn-sim-feed.h"

struct _SnServeSimulation
{
  char *tmpdir; /* removed at the end when the database was temporary */
  SnClock *clock;
  SnSim *sim;
  SnSimFeed *feed;
  gboolean demo_token;
  double until;
};

static gboolean
parse_start (const char *text, double *out, GError **error)
{
  gint64 t;

  if (text == NULL)
    {
      *out = floor (g_get_real_time () / 1e6);
      return TRUE;
    }
  if (!sn_time_parse (text, &t))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--start must be an ISO 8601 time, e.g. 2025-10-09T08:00:00+08:00"));
      return FALSE;
    }
  *out = (double) t;
  return TRUE;
}

static SnSim *
make_sim (CliOptions *o, const char *scenario, double start, GError **error)
{
  SnSimOptions options;

  sn_sim_options_init (&options);
  options.scenario = scenario;
  if (o->city != NULL)
    options.city = o->city;
  options.seed = (guint32) (o->seed != 0 ? o->seed : 12345);
  options.start = start;
  return sn_sim_new (&options, error);
}

static SnClock *
make_clock (CliOptions *o, double start)
{
  if (o->speed < 0)
    o->speed = 1;
  return o->speed == 0 ? sn_clock_new_manual (start) : sn_clock_new_scaled (start, o->speed);
}

SnServeSimulation *
sn_serve_simulation_prepare (CliOptions *o, GError **error)
{
  g_autoptr (GError) local = NULL;
  SnServeSimulation *self = g_new0 (SnServeSimulation, 1);
  double start;

  if (!parse_start (o->start, &start, error)
      || (self->sim = make_sim (o, o->simulate, start, error)) == NULL)
    {
      sn_serve_simulation_free (self);
      return NULL;
    }
  if (o->db == NULL)
    {
      /* No database given: a temporary one, removed on exit. */
      self->tmpdir = g_dir_make_tmp ("shuniu-hub-XXXXXX", error);
      if (self->tmpdir == NULL)
        {
          sn_serve_simulation_free (self);
          return NULL;
        }
      o->db = g_build_filename (self->tmpdir, "hub.db", NULL);
    }
  if (o->listen == NULL)
    o->listen = g_strdup ("127.0.0.1:0");
  if (o->speed == 0 && o->duration <= 0)
    o->duration = 86400;
  self->until = o->duration > 0 ? start + o->duration : G_MAXDOUBLE;
  self->clock = make_clock (o, start);
  self->demo_token = o->demo_token;
  return self;
}

SnClock *
sn_serve_simulation_get_clock (SnServeSimulation *self)
{
  return self->clock;
}

static gboolean
feed_done_cb (gpointer user_data)
{
  SnServeSimulation *self = user_data;
  g_autofree char *report = sn_sim_report (self->sim);

  g_printerr (_ ("shuniu-hub: the simulation reached its end; still serving\n%s"), report);
  return G_SOURCE_REMOVE;
}

gboolean
sn_serve_simulation_start (SnServeSimulation *self, SnStore *store, SnHub *hub, GError **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *token = sn_auth_create_token (store, SN_ROLE_INGEST, "simulator", NULL, now,
                                                 NULL, error);
  g_autofree char *supervisor = NULL;

  if (token == NULL)
    return FALSE;
  if (self->demo_token
      && (supervisor = sn_auth_create_token (store, SN_ROLE_SUPERVISOR, "demo supervisor", NULL,
                                             now, NULL, error))
             == NULL)
    return FALSE;
  g_print ("%s\n", sn_hub_get_url (hub));
  if (supervisor != NULL)
    g_print ("%s\n", supervisor);
  self->feed = sn_sim_feed_new (self->sim, self->clock, sn_hub_get_url (hub), token, self->until);
  sn_sim_feed_start (self->feed, feed_done_cb, self);
  return TRUE;
}

static void
remove_tmpdir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

void
sn_serve_simulation_free (SnServeSimulation *self)
{
  g_clear_pointer (&self->feed, sn_sim_feed_free);
  g_clear_pointer (&self->sim, sn_sim_free);
  g_clear_pointer (&self->clock, sn_clock_unref);
  if (self->tmpdir != NULL)
    remove_tmpdir (self->tmpdir);
  g_free (self->tmpdir);
  g_free (self);
}

/* ── shuniu-hub simulate ───────────────────────────────────────────────────────── */

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static char *
read_token (const char *path, GError **error)
{
  char *text = NULL;

  if (path == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("simulate --hub needs --token-file FILE with an ingest token"));
      return NULL;
    }
  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  return g_strstrip (text);
}

static void
print_feed_stats (SnSimFeed *feed, SnSim *sim)
{
  const SnSimFeedStats *f = sn_sim_feed_get_stats (feed);
  const SnSimTotals *t = sn_sim_get_totals (sim);
  double wall = MAX (f->wall_seconds, 1e-9);

  g_print (_ ("Feed: %llu posts, %llu records (%llu rejected, %llu failed posts) in %.1f s: "
              "%.0f events/s, %.0f records/s; hub lag %.1f s at the end, %.1f s at most\n"),
           (unsigned long long) f->posts, (unsigned long long) f->records_posted,
           (unsigned long long) f->records_rejected, (unsigned long long) f->post_errors,
           f->wall_seconds, t->events / wall, f->records_posted / wall, f->lag, f->max_lag);
}

/* Without --hub: run the simulation alone, as fast as possible, and report. */
static int
simulate_alone (SnSim *sim, double until)
{
  gint64 started = g_get_monotonic_time ();
  g_autofree char *report = NULL;
  double seconds;

  while (sn_sim_get_time (sim) < until)
    {
      sn_sim_advance (sim, until, 100000);
      g_free (sn_sim_take_calls (sim, NULL));
      g_free (sn_sim_take_requests (sim, NULL));
    }
  seconds = (g_get_monotonic_time () - started) / 1e6;
  report = sn_sim_report (sim);
  g_print ("%s", report);
  g_print (_ ("Generated in %.2f s: %.0f events/s\n"), seconds,
           sn_sim_get_totals (sim)->events / MAX (seconds, 1e-9));
  return 0;
}

int
sn_hub_cli_simulate (CliOptions *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SnSim) sim = NULL;
  g_autoptr (SnClock) clock = NULL;
  g_autoptr (SnSimFeed) feed = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *token = NULL;
  g_autofree char *report = NULL;
  double start;

  if (!parse_start (o->start, &start, &error)
      || (sim = make_sim (o, o->scenario ? o->scenario : "normal", start, &error)) == NULL)
    return sn_hub_cli_fail ("%s", error->message);
  if (o->duration <= 0)
    o->duration = 86400;
  if (o->hub == NULL)
    return simulate_alone (sim, start + o->duration);
  if ((token = read_token (o->token_file, &error)) == NULL)
    return sn_hub_cli_fail ("%s", error->message);
  clock = make_clock (o, start);
  loop = g_main_loop_new (NULL, FALSE);
  feed = sn_sim_feed_new (sim, clock, o->hub, token, start + o->duration);
  sn_sim_feed_start (feed, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);
  print_feed_stats (feed, sim);
  report = sn_sim_report (sim);
  g_print ("%s", report);
  return sn_sim_feed_get_stats (feed)->post_errors > 0 ? 1 : 0;
}
