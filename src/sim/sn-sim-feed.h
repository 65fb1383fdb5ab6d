/* sn-sim-feed.h — runs a simulation on the main loop and posts its records to a hub's
 * ingest API, in real time, N times faster, or as fast as the hub takes them
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sn-clock.h"
#include "sn-sim.h"

G_BEGIN_DECLS

typedef struct _SnSimFeed SnSimFeed;

typedef struct
{
  guint64 posts;
  guint64 records_posted;
  guint64 records_rejected; /* reported bad by the hub: a simulator defect */
  guint64 post_errors; /* HTTP failures */
  double lag; /* simulated seconds the hub is behind the clock, last seen */
  double max_lag;
  double wall_seconds; /* since start */
} SnSimFeedStats;

/* Feeds @sim to the hub at @url with the ingest @token. @clock drives the pace: a scaled
 * clock (real time × speed) or a manual one (as fast as possible; the feed moves it).
 * @until: simulated time to stop at (G_MAXDOUBLE: never). @done runs once when it stops. */
SnSimFeed *sn_sim_feed_new (SnSim *sim, SnClock *clock, const char *url, const char *token,
                            double until);
void sn_sim_feed_start (SnSimFeed *self, GSourceFunc done, gpointer done_data);
void sn_sim_feed_stop (SnSimFeed *self);
const SnSimFeedStats *sn_sim_feed_get_stats (SnSimFeed *self);
void sn_sim_feed_free (SnSimFeed *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnSimFeed, sn_sim_feed_free)

G_END_DECLS
