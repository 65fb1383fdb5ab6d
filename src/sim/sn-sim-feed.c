/* sn-sim-feed.c — posts a simulation's records to a hub's ingest API
 *
 * One batch of calls and one of requests may be in flight at a time; while they are, the
 * simulation keeps running and its records wait for the next post, so a slow hub shows up
 * as lag, not as lost records.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "sn-json.h"
#include "sn-sim-feed.h"

#define STEP_MS 100 /* real-time pace: advance ten times a second */
#define FAST_EVENTS 20000 /* as fast as possible: events per step */

struct _SnSimFeed
{
  SnSim *sim;
  SnClock *clock;
  char *url;
  char *auth;
  double until;
  SoupSession *session;
  GCancellable *cancellable;
  guint in_flight;
  gboolean calls_in_flight; /* one batch of each kind at a time, so updates stay in order */
  gboolean requests_in_flight;
  double posted_until; /* simulated time of the newest committed batch */
  guint source;
  GSourceFunc done;
  gpointer done_data;
  gboolean finished;
  gint64 started;
  SnSimFeedStats stats;
};

typedef struct
{
  SnSimFeed *feed;
  double sim_time;
  guint records;
  gboolean *busy;
} Post;

static void step (SnSimFeed *self);

static void
finish (SnSimFeed *self)
{
  if (self->finished)
    return;
  self->finished = TRUE;
  g_clear_handle_id (&self->source, g_source_remove);
  if (self->done != NULL)
    self->done (self->done_data);
}

static void
count_rejected (SnSimFeed *self, GBytes *body)
{
  g_autoptr (JsonObject) obj = NULL;
  gint64 rejected = 0;

  if (body == NULL)
    return;
  obj = sn_json_parse_object (g_bytes_get_data (body, NULL), g_bytes_get_size (body), G_MAXSIZE,
                              SN_JSON_MAX_DEPTH, NULL);
  if (obj != NULL && sn_json_get_int (obj, "rejected", FALSE, &rejected, NULL) && rejected > 0)
    {
      self->stats.records_rejected += rejected;
      g_warning ("The hub rejected %" G_GINT64_FORMAT " simulated records: %.*s", rejected,
                 (int) MIN (g_bytes_get_size (body), 600),
                 (const char *) g_bytes_get_data (body, NULL));
    }
}

static void
posted_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Post *post = user_data;
  SnSimFeed *self = post->feed;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes)
      body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_free (post);
      return;
    }
  self->in_flight--;
  *post->busy = FALSE;
  if (error != NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      self->stats.post_errors++;
      g_warning ("Posting simulated records failed: %s",
                 error ? error->message : soup_message_get_reason_phrase (msg));
    }
  else
    {
      count_rejected (self, body);
      self->stats.records_posted += post->records;
      self->posted_until = MAX (self->posted_until, post->sim_time);
    }
  g_free (post);
  /* As fast as possible: the next step waits for the hub. */
  if (self->in_flight == 0 && sn_clock_get_speed (self->clock) == 0 && !self->finished)
    step (self);
}

static void
post (SnSimFeed *self, const char *path, char *body, guint records, gboolean *busy)
{
  g_autofree char *uri = g_strconcat (self->url, path, NULL);
  SoupMessage *msg = soup_message_new ("POST", uri);
  g_autoptr (GBytes) bytes = g_bytes_new_take (body, strlen (body));
  Post *p = g_new0 (Post, 1);

  p->feed = self;
  p->sim_time = sn_sim_get_time (self->sim);
  p->records = records;
  p->busy = busy;
  *busy = TRUE;
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                self->auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  self->in_flight++;
  self->stats.posts++;
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    posted_cb, p);
  g_object_unref (msg);
}

static void
flush (SnSimFeed *self)
{
  guint n = 0;
  char *text;

  if (!self->calls_in_flight && (text = sn_sim_take_calls (self->sim, &n)) != NULL)
    post (self, "/v1/ingest/calls", text, n, &self->calls_in_flight);
  if (!self->requests_in_flight && (text = sn_sim_take_requests (self->sim, &n)) != NULL)
    post (self, "/v1/ingest/requests", text, n, &self->requests_in_flight);
}

static void
step (SnSimFeed *self)
{
  double now;

  if (sn_clock_get_speed (self->clock) == 0)
    {
      /* As fast as possible: a slice of events, then the clock follows the simulation. */
      do
        sn_sim_advance (self->sim, self->until, FAST_EVENTS);
      while (sn_sim_pending_records (self->sim) == 0 && sn_sim_get_time (self->sim) < self->until);
      sn_clock_set (self->clock, sn_sim_get_time (self->sim));
    }
  else
    sn_sim_advance (self->sim, MIN (sn_clock_now (self->clock), self->until), 0);
  now = sn_clock_now (self->clock);
  self->stats.lag = MAX (0, now - self->posted_until);
  self->stats.max_lag = MAX (self->stats.max_lag, self->stats.lag);
  self->stats.wall_seconds = (g_get_monotonic_time () - self->started) / 1e6;
  flush (self);
  if (sn_sim_get_time (self->sim) >= self->until && self->in_flight == 0
      && sn_sim_pending_records (self->sim) == 0)
    finish (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  SnSimFeed *self = user_data;

  /* As fast as possible, steps follow the hub's answers; the timer only restarts a feed
   * that has nothing in flight. */
  if (sn_clock_get_speed (self->clock) > 0 || self->in_flight == 0)
    step (self);
  return G_SOURCE_CONTINUE;
}

SnSimFeed *
sn_sim_feed_new (SnSim *sim, SnClock *clock, const char *url, const char *token, double until)
{
  SnSimFeed *self = g_new0 (SnSimFeed, 1);

  self->sim = sim;
  self->clock = sn_clock_ref (clock);
  self->url = g_strdup (url);
  self->auth = g_strconcat ("Bearer ", token, NULL);
  self->until = until;
  self->session = soup_session_new_with_options ("max-conns-per-host", 4, "timeout", 60, NULL);
  self->cancellable = g_cancellable_new ();
  self->posted_until = sn_sim_get_time (sim);
  return self;
}

void
sn_sim_feed_start (SnSimFeed *self, GSourceFunc done, gpointer done_data)
{
  self->done = done;
  self->done_data = done_data;
  self->started = g_get_monotonic_time ();
  /* Real or scaled time: a steady pace. As fast as possible: each step starts the next
   * when the hub has answered, and a slow timer only catches an idle start. */
  self->source = g_timeout_add (STEP_MS, tick_cb, self);
  step (self);
}

void
sn_sim_feed_stop (SnSimFeed *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->source, g_source_remove);
  self->finished = TRUE;
}

const SnSimFeedStats *
sn_sim_feed_get_stats (SnSimFeed *self)
{
  return &self->stats;
}

void
sn_sim_feed_free (SnSimFeed *self)
{
  if (self == NULL)
    return;
  sn_sim_feed_stop (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  sn_clock_unref (self->clock);
  g_free (self->url);
  g_free (self->auth);
  g_free (self);
}
