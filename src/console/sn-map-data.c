/* sn-map-data.c — the Map page's points and aggregations
 *
 *   SnConsoleModel ──ticket-changed──▶ capture (UI thread, per work order, cheap)
 *        │ reset / every minute: recapture all, in slices of CAPTURE_SLICE per idle
 *        ▼
 *   points[] (located) + unplaced[] (no location; counted by their district field)
 *        │ copied, then in a worker thread (GTask):
 *        ▼   districts of new points (point-in-polygon) → SnHotspotIndex (clusters, heat)
 *            → per-district figures → emerging hotspots
 *   results swapped in on the UI thread, "updated" emitted
 *
 * A point's district is where it lies (point-in-polygon over the hub's district boundaries),
 * so the map counts what it draws; a work order without a location counts in its district
 * field's district. A point that moves between the two arrays leaves a dead slot behind
 * (time 0, never inside a window: the page's windows start at 1).
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sn-map-data-private.h"

#define CAPTURE_SLICE 20000
#define PENDING_DISTRICT (SN_HOTSPOT_NO_DISTRICT - 1)
#define MIN_UPDATE_INTERVAL_US (2 * G_USEC_PER_SEC)
#define RECAPTURE_SECONDS 60

G_DEFINE_FINAL_TYPE (SnMapData, sn_map_data, G_TYPE_OBJECT)

enum { UPDATED, N_SIGNALS };

static guint signals[N_SIGNALS];

/* ── districts ─────────────────────────────────────────────────────────────────────── */

static void
districts_clear (Districts *d)
{
  g_clear_pointer (&d->areas, sn_geo_areas_free);
  g_clear_pointer (&d->populations, g_free);
  g_clear_pointer (&d->codes, g_hash_table_unref);
}

static Districts *
districts_new (SnGeoAreas *areas, const double *populations)
{
  Districts *d = g_rc_box_new0 (Districts);
  guint n = areas ? sn_geo_areas_get_n_areas (areas) : 0;

  d->areas = areas;
  d->populations = g_new (double, MAX (n, 1));
  d->codes = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    {
      d->populations[i] = populations ? populations[i] : NAN;
      g_hash_table_insert (d->codes, sn_geo_areas_get (areas, i)->code, GUINT_TO_POINTER (i + 1));
    }
  return d;
}

static void
districts_unref (Districts *d)
{
  g_rc_box_release_full (d, (GDestroyNotify) districts_clear);
}

static guint
districts_count (const Districts *d)
{
  return d->areas ? sn_geo_areas_get_n_areas (d->areas) : 0;
}

/* ── capture ───────────────────────────────────────────────────────────────────────── */

static guint16
category_index (SnMapData *self, const SnTicket *t)
{
  const char *code = t->service_code ? t->service_code : "";
  gpointer found = g_hash_table_lookup (self->categories, code);

  if (found != NULL)
    return (guint16) (GPOINTER_TO_UINT (found) - 1);
  if (self->category_codes->len >= G_MAXUINT16 - 1)
    return G_MAXUINT16 - 1;
  g_ptr_array_add (self->category_codes, g_strdup (code));
  g_ptr_array_add (self->category_names,
                   g_strdup (t->service_name && *t->service_name ? t->service_name : code));
  g_hash_table_insert (self->categories, self->category_codes->pdata[self->category_codes->len - 1],
                       GUINT_TO_POINTER (self->category_codes->len));
  return (guint16) (self->category_codes->len - 1);
}

static guint8
sla_class (const SnTicketView *v, gboolean open, gint64 now, guint8 *stalls)
{
  gboolean overdue = FALSE, at_risk = FALSE;

  *stalls = 0;
  for (guint i = 0; i < v->n_stalls; i++)
    {
      *stalls |= (guint8) (1u << v->stalls[i].reason);
      overdue |= v->stalls[i].reason == SN_STALL_OVERDUE;
      at_risk |= v->stalls[i].reason == SN_STALL_AT_RISK;
    }
  if (!open)
    return SN_SLA_FINE;
  if (overdue || (v->deadline != 0 && now >= v->deadline))
    return SN_SLA_OVERDUE;
  return at_risk ? SN_SLA_AT_RISK : SN_SLA_FINE;
}

static void
make_point (SnMapData *self, guint32 point_id, const SnTicketView *v, SnHotspotPoint *p,
            float *used)
{
  const SnTicket *t = v->ticket;
  gint64 now = sn_console_model_get_now (self->model);

  memset (p, 0, sizeof *p);
  p->id = point_id;
  p->time = MAX (t->requested_at != 0 ? t->requested_at : t->updated_at, 1);
  p->category = category_index (self, t);
  p->open = sn_ticket_is_open (t) ? 1 : 0;
  p->sla = sla_class (v, p->open, now, &p->stalls);
  *used = p->open ? (float) sn_sla_fraction_used (t, self->calendar, &self->rules, now) : 0.f;
  if (t->has_location && isfinite (t->lat) && isfinite (t->lon) && fabs (t->lat) <= 85.05
      && fabs (t->lon) <= 180)
    {
      sn_hotspot_project (t->lat, t->lon, &p->x, &p->y);
      p->district = PENDING_DISTRICT;
    }
  else
    p->district = (guint16) sn_map_data_find_district (self, t->district);
}

static void
kill_slot (SnMapData *self, guint32 slot)
{
  GArray *array = (slot & UNPLACED_BIT) ? self->unplaced : self->points;

  g_array_index (array, SnHotspotPoint, slot & ~UNPLACED_BIT).time = 0;
  self->n_dead++;
}

/* Drops the dead slots once they are a quarter of all, renumbering the live ones. */
static void
compact (SnMapData *self)
{
  GArray *arrays[2] = { self->points, self->unplaced };

  if (self->n_dead < 4096 || self->n_dead * 4 < self->points->len + self->unplaced->len)
    return;
  for (guint a = 0; a < 2; a++)
    {
      guint kept = 0;

      for (guint i = 0; i < arrays[a]->len; i++)
        {
          SnHotspotPoint *p = &g_array_index (arrays[a], SnHotspotPoint, i);

          if (p->time == 0)
            continue;
          g_array_index (self->extras, PointExtra, p->id).slot = kept | (a ? UNPLACED_BIT : 0);
          g_array_index (arrays[a], SnHotspotPoint, kept++) = *p;
        }
      g_array_set_size (arrays[a], kept);
    }
  self->n_dead = 0;
  self->generation++;
}

static void
capture (SnMapData *self, const char *id, const SnTicketView *v)
{
  gpointer found = g_hash_table_lookup (self->point_ids, id);
  guint32 point_id;
  PointExtra *extra;
  SnHotspotPoint p;
  gboolean unplaced;

  if (found == NULL)
    {
      PointExtra fresh = { G_MAXUINT32, 0 };

      if (v == NULL)
        return;
      point_id = self->ids->len;
      g_ptr_array_add (self->ids, g_strdup (id));
      g_array_append_val (self->extras, fresh);
      g_hash_table_insert (self->point_ids, self->ids->pdata[point_id],
                           GUINT_TO_POINTER (point_id + 1));
    }
  else
    point_id = GPOINTER_TO_UINT (found) - 1;
  extra = &g_array_index (self->extras, PointExtra, point_id);
  if (v == NULL)
    {
      if (extra->slot != G_MAXUINT32)
        kill_slot (self, extra->slot);
      extra->slot = G_MAXUINT32;
      return;
    }
  make_point (self, point_id, v, &p, &extra->used);
  unplaced = p.district != PENDING_DISTRICT;
  if (extra->slot != G_MAXUINT32 && ((extra->slot & UNPLACED_BIT) != 0) == unplaced)
    {
      GArray *array = unplaced ? self->unplaced : self->points;
      SnHotspotPoint *old = &g_array_index (array, SnHotspotPoint, extra->slot & ~UNPLACED_BIT);

      /* Keep a district found earlier while the point has not moved. */
      if (!unplaced && old->x == p.x && old->y == p.y)
        p.district = old->district;
      *old = p;
      return;
    }
  if (extra->slot != G_MAXUINT32)
    kill_slot (self, extra->slot);
  if (unplaced)
    {
      extra->slot = self->unplaced->len | UNPLACED_BIT;
      g_array_append_val (self->unplaced, p);
    }
  else
    {
      extra->slot = self->points->len;
      g_array_append_val (self->points, p);
    }
}

static void
ticket_changed_cb (SnMapData *self, const char *id)
{
  capture (self, id, sn_console_model_lookup_ticket (self->model, id));
  compact (self);
  sn_map_data_queue_update (self);
}

static gboolean
recapture_slice_cb (gpointer user_data)
{
  SnMapData *self = user_data;
  guint end = MIN (self->recapture_next + CAPTURE_SLICE, self->recapture->len);

  for (guint i = self->recapture_next; i < end; i++)
    {
      const char *id = self->recapture->pdata[i];

      capture (self, id, sn_console_model_lookup_ticket (self->model, id));
    }
  self->recapture_next = end;
  compact (self);
  if (end < self->recapture->len)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->recapture, g_ptr_array_unref);
  self->recapture_source = 0;
  sn_map_data_queue_update (self);
  return G_SOURCE_REMOVE;
}

static void
collect_id (gpointer key, gpointer value, gpointer user_data)
{
  g_ptr_array_add (user_data, g_strdup (key));
}

/* Captures every work order again, in slices; @clear starts from nothing (a new snapshot). */
static void
start_recapture (SnMapData *self, gboolean clear)
{
  if (clear)
    {
      g_hash_table_remove_all (self->point_ids);
      g_ptr_array_set_size (self->ids, 0);
      g_array_set_size (self->extras, 0);
      g_array_set_size (self->points, 0);
      g_array_set_size (self->unplaced, 0);
      self->n_dead = 0;
      self->generation++;
      /* The results name point ids that now belong to other work orders. */
      g_clear_pointer (&self->index, sn_hotspot_index_free);
      g_clear_pointer (&self->index_points, g_free);
      g_clear_pointer (&self->stats, g_free);
      self->n_stats = self->n_unplaced = 0;
      g_array_set_size (self->emerging, 0);
      g_signal_emit (self, signals[UPDATED], 0);
    }
  g_clear_pointer (&self->recapture, g_ptr_array_unref);
  g_clear_handle_id (&self->recapture_source, g_source_remove);
  self->recapture = g_ptr_array_new_full (sn_console_model_get_n_tickets (self->model), g_free);
  self->recapture_next = 0;
  sn_console_model_foreach_ticket (self->model, collect_id, self->recapture);
  self->recapture_source = g_idle_add_full (G_PRIORITY_LOW, recapture_slice_cb, self, NULL);
}

static void
reset_cb (SnMapData *self)
{
  start_recapture (self, TRUE);
}

/* Deadlines pass and shares of the time limit grow with no event: look again now and then. */
static gboolean
sweep_cb (gpointer user_data)
{
  SnMapData *self = user_data;

  if (self->recapture == NULL)
    start_recapture (self, FALSE);
  return G_SOURCE_CONTINUE;
}

/* ── aggregation (worker thread) ───────────────────────────────────────────────────── */

typedef struct
{
  Districts *districts;
  SnHotspotFilter filter;
  SnHotspotPoint *points;
  guint n_points;
  SnHotspotPoint *unplaced;
  guint n_unplaced_points;
  float *used; /* by point id */
  guint n_used;
  gint64 recent_from, recent_to;

  SnHotspotIndex *index;
  SnMapDistrictStats *stats;
  guint n_stats;
  guint n_unplaced;
  GArray *emerging;
  double ms;
  guint generation;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->districts, districts_unref);
  g_free (job->points);
  g_free (job->unplaced);
  g_free (job->used);
  g_clear_pointer (&job->index, sn_hotspot_index_free);
  g_free (job->stats);
  g_clear_pointer (&job->emerging, g_array_unref);
  g_free (job);
}

static void
add_stats (Job *job, const SnHotspotPoint *p)
{
  SnMapDistrictStats *s;

  if (p->district >= job->n_stats)
    {
      job->n_unplaced++;
      return;
    }
  s = &job->stats[p->district];
  s->total++;
  if (!p->open)
    return;
  s->open++;
  s->overdue += p->sla == SN_SLA_OVERDUE;
  s->at_risk += p->sla == SN_SLA_AT_RISK;
  if (p->id < job->n_used)
    s->used_sum += job->used[p->id];
}

static void
locate_points (Job *job)
{
  const SnGeoAreas *areas = job->districts->areas;

  for (guint i = 0; i < job->n_points; i++)
    {
      SnHotspotPoint *p = &job->points[i];
      const SnGeoArea *area;
      double lat, lon;

      if (p->district != PENDING_DISTRICT)
        continue;
      p->district = SN_HOTSPOT_NO_DISTRICT;
      if (areas == NULL)
        continue;
      sn_hotspot_unproject (p->x, p->y, &lat, &lon);
      area = sn_geo_locate (areas, lat, lon);
      if (area != NULL)
        p->district = (guint16) sn_geo_areas_index_of (areas, area);
    }
}

static void
aggregate (Job *job)
{
  gint64 start = g_get_monotonic_time ();
  SnHotspotFilter emerging_filter = job->filter;

  locate_points (job);
  job->index = sn_hotspot_index_build (job->points, job->n_points, &job->filter,
                                       SN_HOTSPOT_MAX_LEVEL);
  job->n_stats = districts_count (job->districts);
  job->stats = g_new0 (SnMapDistrictStats, MAX (job->n_stats, 1));
  for (guint i = 0; i < job->n_points; i++)
    if (sn_hotspot_filter_match (&job->filter, &job->points[i]))
      add_stats (job, &job->points[i]);
  for (guint i = 0; i < job->n_unplaced_points; i++)
    if (sn_hotspot_filter_match (&job->filter, &job->unplaced[i]))
      add_stats (job, &job->unplaced[i]);
  emerging_filter.from = emerging_filter.to = 0;
  job->emerging = sn_hotspot_emerging (
      job->points, job->n_points, &emerging_filter, SN_MAP_EMERGING_LEVEL,
      job->recent_from - SN_MAP_BASELINE_SECONDS, job->recent_from, job->recent_to, 5, 0.05);
  job->ms = (g_get_monotonic_time () - start) / 1000.0;
}

static void
aggregate_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  aggregate (task_data);
  g_task_return_boolean (task, TRUE);
}

/* The emerging test compares the window with the 28 days before it; "all time" compares
 * the last 7 days. */
static void
recent_window (SnMapData *self, gint64 *from, gint64 *to)
{
  gint64 now = MAX (sn_console_model_get_now (self->model), 1);

  *to = self->filter.to > 0 && self->filter.to < G_MAXINT64 ? self->filter.to : now + 1;
  *from = self->filter.from > 1 ? self->filter.from : *to - 7 * 86400;
  /* The page's window follows the context's clock, which may be ahead of the model's (0
   * before the first snapshot): a window starting after now is empty, not reversed. */
  *from = MIN (*from, *to);
}

static Job *
job_new (SnMapData *self)
{
  Job *job = g_new0 (Job, 1);

  job->districts = g_rc_box_acquire (self->districts);
  job->generation = self->generation;
  job->filter = self->filter;
  job->n_points = self->points->len;
  job->points = g_memdup2 (self->points->data, sizeof (SnHotspotPoint) * job->n_points);
  job->n_unplaced_points = self->unplaced->len;
  job->unplaced = g_memdup2 (self->unplaced->data, sizeof (SnHotspotPoint) * self->unplaced->len);
  job->n_used = self->extras->len;
  job->used = g_new (float, MAX (job->n_used, 1));
  for (guint i = 0; i < job->n_used; i++)
    job->used[i] = g_array_index (self->extras, PointExtra, i).used;
  recent_window (self, &job->recent_from, &job->recent_to);
  return job;
}

/* Districts found by the job go back to the live points that have not moved since. */
static void
take_results (SnMapData *self, Job *job)
{
  guint n = job->generation == self->generation ? MIN (job->n_points, self->points->len) : 0;

  /* From an older generation the results still show, and another run follows. */
  if (job->generation != self->generation)
    self->dirty = TRUE;
  for (guint i = 0; i < n; i++)
    {
      SnHotspotPoint *live = &g_array_index (self->points, SnHotspotPoint, i);

      if (live->district == PENDING_DISTRICT && live->x == job->points[i].x
          && live->y == job->points[i].y)
        live->district = job->points[i].district;
    }
  g_clear_pointer (&self->index, sn_hotspot_index_free);
  g_clear_pointer (&self->index_points, g_free);
  g_clear_pointer (&self->stats, g_free);
  g_clear_pointer (&self->emerging, g_array_unref);
  self->index = g_steal_pointer (&job->index);
  self->index_points = g_steal_pointer (&job->points);
  self->stats = g_steal_pointer (&job->stats);
  self->n_stats = job->n_stats;
  self->n_unplaced = job->n_unplaced;
  self->emerging = g_steal_pointer (&job->emerging);
  self->last_ms = job->ms;
}

static void schedule_update (SnMapData *self, guint delay_ms);

static void
aggregate_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SnMapData *self = SN_MAP_DATA (source);

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return; /* cancelled: the object is going away */
  take_results (self, g_task_get_task_data (G_TASK (result)));
  self->running = FALSE;
  self->last_finished = g_get_monotonic_time ();
  g_signal_emit (self, signals[UPDATED], 0);
  if (self->dirty)
    schedule_update (self, MIN_UPDATE_INTERVAL_US / 1000);
}

static gboolean
update_cb (gpointer user_data)
{
  SnMapData *self = user_data;
  g_autoptr (GTask) task = NULL;

  self->update_source = 0;
  if (self->running)
    return G_SOURCE_REMOVE;
  self->dirty = FALSE;
  self->running = TRUE;
  task = g_task_new (self, self->cancellable, aggregate_done, NULL);
  g_task_set_source_tag (task, update_cb);
  g_task_set_task_data (task, job_new (self), (GDestroyNotify) job_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, aggregate_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_update (SnMapData *self, guint delay_ms)
{
  self->dirty = TRUE;
  /* A recapture queues one when it is done: until then the points are half old. */
  if (self->running || self->update_source != 0 || self->recapture != NULL)
    return;
  self->update_source = g_timeout_add (delay_ms, update_cb, self);
}

/* ── GObject ───────────────────────────────────────────────────────────────────────── */

static void
sn_map_data_dispose (GObject *object)
{
  SnMapData *self = SN_MAP_DATA (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->update_source, g_source_remove);
  g_clear_handle_id (&self->recapture_source, g_source_remove);
  g_clear_handle_id (&self->sweep_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (sn_map_data_parent_class)->dispose (object);
}

static void
sn_map_data_finalize (GObject *object)
{
  SnMapData *self = SN_MAP_DATA (object);

  g_clear_pointer (&self->districts, districts_unref);
  g_clear_pointer (&self->calendar, sn_calendar_unref);
  g_hash_table_unref (self->point_ids);
  g_ptr_array_unref (self->ids);
  g_array_unref (self->extras);
  g_array_unref (self->points);
  g_array_unref (self->unplaced);
  g_hash_table_unref (self->categories);
  g_ptr_array_unref (self->category_codes);
  g_ptr_array_unref (self->category_names);
  g_clear_pointer (&self->recapture, g_ptr_array_unref);
  g_clear_pointer (&self->index, sn_hotspot_index_free);
  g_clear_pointer (&self->index_points, g_free);
  g_clear_pointer (&self->stats, g_free);
  g_clear_pointer (&self->emerging, g_array_unref);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sn_map_data_parent_class)->finalize (object);
}

static void
sn_map_data_class_init (SnMapDataClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sn_map_data_dispose;
  object_class->finalize = sn_map_data_finalize;
  /* A new aggregation is ready. */
  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
sn_map_data_init (SnMapData *self)
{
  self->calendar = sn_calendar_new_default ();
  sn_sla_rules_init (&self->rules);
  self->districts = districts_new (NULL, NULL);
  sn_hotspot_filter_init (&self->filter);
  self->filter.from = 1;
  self->filter.to = G_MAXINT64;
  self->point_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->extras = g_array_new (FALSE, FALSE, sizeof (PointExtra));
  self->points = g_array_new (FALSE, FALSE, sizeof (SnHotspotPoint));
  self->unplaced = g_array_new (FALSE, FALSE, sizeof (SnHotspotPoint));
  self->categories = g_hash_table_new (g_str_hash, g_str_equal);
  self->category_codes = g_ptr_array_new_with_free_func (g_free);
  self->category_names = g_ptr_array_new_with_free_func (g_free);
  self->emerging = g_array_new (FALSE, FALSE, sizeof (SnHotspotEmerging));
  self->cancellable = g_cancellable_new ();
}

/* ── public API ────────────────────────────────────────────────────────────────────── */

SnMapData *
sn_map_data_new (SnConsoleModel *model)
{
  SnMapData *self = g_object_new (SN_TYPE_MAP_DATA, NULL);

  self->model = g_object_ref (model);
  g_signal_connect_swapped (model, "ticket-changed", G_CALLBACK (ticket_changed_cb), self);
  g_signal_connect_swapped (model, "reset", G_CALLBACK (reset_cb), self);
  self->sweep_source = g_timeout_add_seconds (RECAPTURE_SECONDS, sweep_cb, self);
  if (sn_console_model_get_n_tickets (model) > 0)
    start_recapture (self, TRUE);
  return self;
}

void
sn_map_data_set_areas (SnMapData *self, SnGeoAreas *areas, const double *populations)
{
  g_return_if_fail (SN_IS_MAP_DATA (self));

  g_clear_pointer (&self->districts, districts_unref);
  self->districts = districts_new (areas, populations);
  self->generation++;
  /* Every point has to be placed again. */
  for (guint i = 0; i < self->points->len; i++)
    g_array_index (self->points, SnHotspotPoint, i).district = PENDING_DISTRICT;
  start_recapture (self, FALSE);
}

const SnGeoAreas *
sn_map_data_get_areas (SnMapData *self)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), NULL);
  return self->districts->areas;
}

double
sn_map_data_get_population (SnMapData *self, guint district)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), NAN);
  return district < districts_count (self->districts) ? self->districts->populations[district]
                                                      : NAN;
}

guint
sn_map_data_find_district (SnMapData *self, const char *code)
{
  gpointer found;

  g_return_val_if_fail (SN_IS_MAP_DATA (self), SN_HOTSPOT_NO_DISTRICT);
  found = code ? g_hash_table_lookup (self->districts->codes, code) : NULL;
  return found ? GPOINTER_TO_UINT (found) - 1 : SN_HOTSPOT_NO_DISTRICT;
}

void
sn_map_data_set_filter (SnMapData *self, const SnHotspotFilter *filter)
{
  g_return_if_fail (SN_IS_MAP_DATA (self));
  g_return_if_fail (filter != NULL);

  if (memcmp (&self->filter, filter, sizeof *filter) == 0)
    return;
  self->filter = *filter;
  schedule_update (self, 50);
}

const SnHotspotFilter *
sn_map_data_get_filter (SnMapData *self)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), NULL);
  return &self->filter;
}

guint
sn_map_data_get_n_categories (SnMapData *self)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), 0);
  return self->category_codes->len;
}

const char *
sn_map_data_get_category_code (SnMapData *self, guint index)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), NULL);
  return index < self->category_codes->len ? self->category_codes->pdata[index] : NULL;
}

const char *
sn_map_data_get_category_name (SnMapData *self, guint index)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), NULL);
  return index < self->category_names->len ? self->category_names->pdata[index] : NULL;
}

const SnHotspotPoint *
sn_map_data_get_points (SnMapData *self, guint *n_points)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), NULL);
  *n_points = self->points->len;
  return (const SnHotspotPoint *) self->points->data;
}

const char *
sn_map_data_get_ticket_id (SnMapData *self, guint32 point_id)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), NULL);
  return point_id < self->ids->len ? self->ids->pdata[point_id] : NULL;
}

const SnHotspotIndex *
sn_map_data_get_index (SnMapData *self)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), NULL);
  return self->index;
}

const SnHotspotPoint *
sn_map_data_get_index_points (SnMapData *self)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), NULL);
  return self->index_points;
}

const SnMapDistrictStats *
sn_map_data_get_district_stats (SnMapData *self, guint *n_districts)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), NULL);
  *n_districts = self->stats ? self->n_stats : 0;
  return self->stats;
}

guint
sn_map_data_get_n_unplaced (SnMapData *self)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), 0);
  return self->n_unplaced;
}

GArray *
sn_map_data_get_emerging (SnMapData *self)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), NULL);
  return self->emerging;
}

double
sn_map_data_get_measure (SnMapData *self, SnMapMeasure measure, guint district)
{
  const SnMapDistrictStats *s;
  double population;

  g_return_val_if_fail (SN_IS_MAP_DATA (self), NAN);
  if (self->stats == NULL || district >= self->n_stats)
    return NAN;
  s = &self->stats[district];
  switch (measure)
    {
      case SN_MAP_MEASURE_OPEN:
        return s->open;
      case SN_MAP_MEASURE_OVERDUE:
        return s->overdue;
      case SN_MAP_MEASURE_PER_10K:
        population = sn_map_data_get_population (self, district);
        return isfinite (population) && population > 0 ? s->total * 10000.0 / population : NAN;
      case SN_MAP_MEASURE_TIME_USED:
        return s->open > 0 ? s->used_sum / s->open : NAN;
      case SN_MAP_MEASURE_TOTAL:
        return s->total;
      case SN_N_MAP_MEASURES:
      default:
        g_return_val_if_reached (NAN);
    }
}

void
sn_map_data_queue_update (SnMapData *self)
{
  gint64 since;

  g_return_if_fail (SN_IS_MAP_DATA (self));
  if (self->recapture != NULL)
    return; /* the recapture queues one when it is done */
  since = g_get_monotonic_time () - self->last_finished;
  schedule_update (self, since >= MIN_UPDATE_INTERVAL_US
                             ? 100
                             : (guint) ((MIN_UPDATE_INTERVAL_US - since) / 1000) + 1);
}

void
sn_map_data_update_sync (SnMapData *self)
{
  Job *job;

  g_return_if_fail (SN_IS_MAP_DATA (self));
  g_clear_handle_id (&self->recapture_source, g_source_remove);
  while (self->recapture != NULL)
    recapture_slice_cb (self);
  g_clear_handle_id (&self->update_source, g_source_remove);
  self->dirty = FALSE;
  job = job_new (self);
  aggregate (job);
  take_results (self, job);
  job_free (job);
  g_signal_emit (self, signals[UPDATED], 0);
}

gboolean
sn_map_data_is_updating (SnMapData *self)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), FALSE);
  return self->running || self->update_source != 0 || self->recapture != NULL;
}

double
sn_map_data_get_last_update_ms (SnMapData *self)
{
  g_return_val_if_fail (SN_IS_MAP_DATA (self), 0);
  return self->last_ms;
}

const char *
sn_map_measure_get_label (SnMapMeasure measure)
{
  static const char *const labels[] = {
    N_ ("Open work orders"),
    N_ ("Overdue work orders"),
    N_ ("Work orders per 10,000 residents"),
    N_ ("Share of the time limit used"),
    N_ ("All work orders in the window"),
  };

  g_return_val_if_fail (measure < SN_N_MAP_MEASURES, "");
  return _ (labels[measure]);
}

char *
sn_map_measure_format (SnMapMeasure measure, double value)
{
  switch (measure)
    {
      case SN_MAP_MEASURE_TIME_USED:
        return g_strdup_printf ("%.0f %%", value * 100);
      case SN_MAP_MEASURE_PER_10K:
        return g_strdup_printf ("%.1f", value);
      case SN_MAP_MEASURE_OPEN:
      case SN_MAP_MEASURE_OVERDUE:
      case SN_MAP_MEASURE_TOTAL:
      case SN_N_MAP_MEASURES:
      default:
        return g_strdup_printf ("%.0f", value);
    }
}
