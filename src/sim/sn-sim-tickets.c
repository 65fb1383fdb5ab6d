/* sn-sim-tickets.c — work orders (工单): created from answered calls and from web, app and
 * WeChat requests, placed in the city (weighted by population, with recurring hotspots),
 * and walked through their life cycles with the delays and failures that make tickets
 * stall: units that do not accept, returns (退单) that bounce a ticket between units,
 * silence, extensions, late replies and reopenings (重办)
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sn-geo.h"
#include "sn-json.h"
#include "sn-sim-private.h"
#include "sn-sla.h"

typedef enum {
  STEP_DISPATCH,
  STEP_ACCEPT,
  STEP_RETURN,
  STEP_PROGRESS,
  STEP_EXTEND,
  STEP_REPLY,
  STEP_CALLBACK,
  STEP_CLOSE,
  STEP_REOPEN,
  STEP_HOTSPOT_NEW, /* p = hotspot */
  STEP_HOTSPOTS_DAY, /* schedules the next day's hotspot tickets */
} Step;

typedef struct
{
  char *code;
  char *name;
  double population;
  char **streets;
  const SnGeoArea *area;
} SimDistrict;

typedef struct
{
  char *code;
  char *name;
  SnTicketType type;
  char *queue;
  double share;
  double surge_share;
  char **units; /* unit kinds, first is the usual handler */
  guint season; /* bit per month (1 << month), 0 = all year */
} SimCategory;

typedef struct
{
  char *name;
  SimDistrict *district;
  char *street;
  double lat, lon, radius_m;
  SimCategory *category;
  double per_day;
  guint hours; /* bit per hour */
} SimHotspot;

typedef struct
{
  double dispatch_delay, accept_delay, never_accept, late_accept, return_share;
  double redispatch_delay, progress_delay, reply_fraction, overdue_share, extension_share;
  double callback_delay, satisfied, mostly_satisfied, reopen_share, silent_share;
} Lifecycle;

struct _SimCity
{
  SnGeoAreas *areas;
  GPtrArray *districts; /* SimDistrict* */
  double *district_weights;
  GPtrArray *categories; /* SimCategory* */
  GHashTable *unit_names; /* kind → name template */
  GPtrArray *hotspots; /* SimHotspot* */
  double channel_weights[3];
  Lifecycle life;
  SnSlaRules rules;
};

struct _SimTicket
{
  char id[32];
  SimCategory *category;
  SimDistrict *district;
  const char *street;
  double requested;
  double deadline;
  guint unit_index; /* into category->units */
  guint returns;
  gboolean reopened;
  gboolean extended;
};

static const char *const channel_names[] = { "web", "app", "wechat" };

/* ── the city pack ─────────────────────────────────────────────────────────────── */

static char **
strv_member (JsonObject *obj, const char *name)
{
  char **strv = NULL;

  if (!sn_json_get_strv (obj, name, FALSE, &strv, NULL))
    return g_new0 (char *, 1);
  return strv;
}

static void
district_free (SimDistrict *d)
{
  g_free (d->code);
  g_free (d->name);
  g_strfreev (d->streets);
  g_free (d);
}

static void
category_free (SimCategory *c)
{
  g_free (c->code);
  g_free (c->name);
  g_free (c->queue);
  g_strfreev (c->units);
  g_free (c);
}

static void
hotspot_free (SimHotspot *h)
{
  g_free (h->name);
  g_free (h->street);
  g_free (h);
}

void
sim_city_free (SimCity *city)
{
  g_clear_pointer (&city->areas, sn_geo_areas_free);
  g_clear_pointer (&city->districts, g_ptr_array_unref);
  g_clear_pointer (&city->categories, g_ptr_array_unref);
  g_clear_pointer (&city->hotspots, g_ptr_array_unref);
  g_clear_pointer (&city->unit_names, g_hash_table_unref);
  g_free (city->district_weights);
  g_free (city);
}

static JsonArray *
districts_array (JsonNode *root)
{
  if (JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);
  if (JSON_NODE_HOLDS_OBJECT (root)
      && json_object_has_member (json_node_get_object (root), "districts"))
    return json_object_get_array_member (json_node_get_object (root), "districts");
  return NULL;
}

static gboolean
load_districts (SnSim *sim, SimCity *city, GError **error)
{
  g_autofree char *geo = g_build_filename (sim->city_dir, "districts.geojson", NULL);
  g_autofree char *path = g_build_filename (sim->city_dir, "districts.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonArray *array;
  gsize length;

  city->areas = sn_geo_areas_load_file (geo, "adcode", "name", error);
  if (city->areas == NULL || !g_file_get_contents (path, &text, &length, error))
    return FALSE;
  root = sn_json_parse_bounded (text, length, 8 * 1024 * 1024, SN_JSON_MAX_DEPTH, error);
  array = root ? districts_array (root) : NULL;
  if (array == NULL)
    {
      g_clear_error (error);
      g_set_error (error, SN_SIM_ERROR, SN_SIM_ERROR_CITY, _ ("“%s” lists no districts"), path);
      return FALSE;
    }
  city->district_weights = g_new0 (double, json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      SimDistrict *d = g_new0 (SimDistrict, 1);
      const char *code = NULL, *name = NULL;

      sn_json_get_string (o, "adcode", FALSE, &code, NULL);
      sn_json_get_string (o, "name", FALSE, &name, NULL);
      d->code = g_strdup (code);
      d->name = g_strdup (name);
      d->population = sim_json_double (o, "population", 1);
      d->streets = strv_member (o, "streets");
      d->area = code ? sn_geo_areas_find (city->areas, code) : NULL;
      g_ptr_array_add (city->districts, d);
      if (d->area == NULL || d->streets[0] == NULL)
        {
          g_set_error (error, SN_SIM_ERROR, SN_SIM_ERROR_CITY,
                       _ ("District “%s” has no boundary or no streets"), code ? code : "?");
          return FALSE;
        }
      city->district_weights[i] = d->population;
    }
  return TRUE;
}

static void
load_categories (SnSim *sim, SimCity *city)
{
  JsonArray *array = json_object_get_array_member (sim->pack, "categories");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      SimCategory *c = g_new0 (SimCategory, 1);
      const char *type = NULL;
      JsonArray *season = json_object_has_member (o, "season")
                              ? json_object_get_array_member (o, "season")
                              : NULL;

      c->code = g_strdup (json_object_get_string_member (o, "code"));
      c->name = g_strdup (json_object_get_string_member (o, "name"));
      c->queue = g_strdup (json_object_get_string_member (o, "queue"));
      sn_json_get_string (o, "type", FALSE, &type, NULL);
      if (!sn_ticket_type_from_string (type, &c->type))
        c->type = SN_TICKET_TYPE_COMPLAINT;
      c->share = sim_json_double (o, "share", 0);
      c->surge_share = sim_json_double (o, "surge_share", 0);
      c->units = strv_member (o, "units");
      for (guint m = 0; season != NULL && m < json_array_get_length (season); m++)
        c->season |= 1u << json_array_get_int_element (season, m);
      g_ptr_array_add (city->categories, c);
    }
}

static SimCategory *
find_category (SimCity *city, const char *code)
{
  for (guint i = 0; i < city->categories->len; i++)
    if (g_str_equal (((SimCategory *) city->categories->pdata[i])->code, code))
      return city->categories->pdata[i];
  return NULL;
}

static SimDistrict *
find_district (SimCity *city, const char *code)
{
  for (guint i = 0; i < city->districts->len; i++)
    if (g_strcmp0 (((SimDistrict *) city->districts->pdata[i])->code, code) == 0)
      return city->districts->pdata[i];
  return NULL;
}

static void
load_units_and_hotspots (SnSim *sim, SimCity *city)
{
  JsonArray *units = json_object_get_array_member (sim->pack, "units");
  JsonArray *spots = json_object_get_array_member (sim->pack, "hotspots");

  for (guint i = 0; units != NULL && i < json_array_get_length (units); i++)
    {
      JsonObject *o = json_array_get_object_element (units, i);

      g_hash_table_insert (city->unit_names, g_strdup (json_object_get_string_member (o, "id")),
                           g_strdup (json_object_get_string_member (o, "name")));
    }
  for (guint i = 0; spots != NULL && i < json_array_get_length (spots); i++)
    {
      JsonObject *o = json_array_get_object_element (spots, i);
      JsonArray *hours = json_object_get_array_member (o, "hours");
      SimHotspot *h = g_new0 (SimHotspot, 1);

      h->name = g_strdup (json_object_get_string_member (o, "name"));
      h->street = g_strdup (json_object_get_string_member (o, "street"));
      h->district = find_district (city, json_object_get_string_member (o, "district"));
      h->category = find_category (city, json_object_get_string_member (o, "category"));
      h->lat = sim_json_double (o, "lat", 0);
      h->lon = sim_json_double (o, "long", 0);
      h->radius_m = sim_json_double (o, "radius_m", 50);
      h->per_day = sim_json_double (o, "per_day", 1);
      for (guint k = 0; hours != NULL && k < json_array_get_length (hours); k++)
        h->hours |= 1u << (json_array_get_int_element (hours, k) % 24);
      if (h->district == NULL || h->category == NULL || h->hours == 0)
        hotspot_free (h);
      else
        g_ptr_array_add (city->hotspots, h);
    }
}

static void
load_lifecycle (SnSim *sim, SimCity *city)
{
  JsonObject *o = json_object_get_object_member (sim->pack, "lifecycle");
  JsonObject *ch = json_object_get_object_member (sim->pack, "channels");
  Lifecycle *l = &city->life;

  l->dispatch_delay = sim_json_double (o, "dispatch_delay_mean", 1200);
  l->accept_delay = sim_json_double (o, "accept_delay_mean", 3600);
  l->never_accept = sim_json_double (o, "never_accept_share", 0.04);
  l->late_accept = sim_json_double (o, "late_accept_mean", 43200);
  l->return_share = sim_json_double (o, "return_share", 0.14);
  l->redispatch_delay = sim_json_double (o, "redispatch_delay_mean", 3600);
  l->progress_delay = sim_json_double (o, "progress_delay_mean", 7200);
  l->reply_fraction = sim_json_double (o, "reply_fraction_mean", 0.45);
  l->overdue_share = sim_json_double (o, "overdue_share", 0.06);
  l->extension_share = sim_json_double (o, "extension_share", 0.03);
  l->callback_delay = sim_json_double (o, "callback_delay_mean", 86400);
  l->satisfied = sim_json_double (o, "satisfied", 0.86);
  l->mostly_satisfied = sim_json_double (o, "mostly_satisfied", 0.08);
  l->reopen_share = sim_json_double (o, "reopen_share_of_unsatisfied", 0.6);
  l->silent_share = sim_json_double (o, "silent_share", 0.05);
  for (guint i = 0; i < G_N_ELEMENTS (channel_names); i++)
    city->channel_weights[i] = sim_json_double (ch, channel_names[i], 1);
}

gboolean
sim_city_load (SnSim *sim, GError **error)
{
  SimCity *city = g_new0 (SimCity, 1);

  sim->city = city;
  city->districts = g_ptr_array_new_with_free_func ((GDestroyNotify) district_free);
  city->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) category_free);
  city->hotspots = g_ptr_array_new_with_free_func ((GDestroyNotify) hotspot_free);
  city->unit_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sn_sla_rules_init (&city->rules);
  if (!load_districts (sim, city, error))
    return FALSE;
  load_categories (sim, city);
  load_units_and_hotspots (sim, city);
  load_lifecycle (sim, city);
  return city->categories->len > 0;
}

/* ── creating work orders ──────────────────────────────────────────────────────── */

static char *
unit_name (SnSim *sim, SimTicket *t, guint index)
{
  char **units = t->category->units;
  const char *kind = units[index % MAX (1, g_strv_length (units))];
  const char *template = kind ? g_hash_table_lookup (sim->city->unit_names, kind) : NULL;
  g_autofree char *short_district = NULL;
  GString *s;

  if (template == NULL)
    return g_strdup (kind ? kind : "12345");
  s = g_string_new (template);
  g_string_replace (s, "{street}", t->street, 0);
  g_string_replace (s, "{district}", t->district->name, 0);
  return g_string_free (s, FALSE);
}

static SimCategory *
pick_category (SnSim *sim, const char *queue, double t)
{
  SimCity *city = sim->city;
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc ((gint64) t);
  guint month = (guint) g_date_time_get_month (dt);
  double weights[64] = { 0 };
  guint n = MIN (city->categories->len, G_N_ELEMENTS (weights));
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    {
      SimCategory *c = city->categories->pdata[i];
      gboolean in_season = c->season == 0 || (c->season & (1u << month));

      if (queue != NULL && g_strcmp0 (c->queue, queue) != 0)
        continue;
      /* The outbreak's own category only comes in on the outbreak's own queue. */
      weights[i] = !in_season ? 0 : c->share > 0 ? c->share : queue != NULL ? c->surge_share : 0;
      any = any || weights[i] > 0;
    }
  if (!any)
    return queue != NULL ? pick_category (sim, NULL, t) : city->categories->pdata[0];
  return city->categories->pdata[sim_pick_weighted (sim, weights, n)];
}

/* The deadline the hub will compute (the same core SLA clock). */
static double
deadline_of (SnSim *sim, SnTicketType type, double requested)
{
  g_autoptr (SnTicket) probe = sn_ticket_new ("probe");

  probe->type = type;
  probe->requested_at = (gint64) requested;
  return (double) sn_sla_deadline (probe, sim->calendar, &sim->city->rules, (gint64) requested);
}

static void
emit_new (SnSim *sim, SimTicket *t, const char *channel, double lat, double lon)
{
  GString *r = sim_begin_request (sim, t->id, t->requested);
  g_autofree char *requested = sn_time_format ((gint64) t->requested);
  g_autofree char *description = g_strdup_printf ("%s：%s%s附近，市民反映%s问题。",
                                                  t->category->name, t->district->name, t->street,
                                                  t->category->name);

  g_string_append_printf (r,
                          ",\"requested_datetime\":\"%s\",\"service_code\":\"%s\","
                          "\"service_name\":\"%s\",\"description\":\"%s\","
                          "\"address\":\"北京市%s%s\",\"lat\":%.6f,\"long\":%.6f,"
                          "\"channel\":\"%s\",\"ticket_type\":\"%s\",\"state\":\"received\","
                          "\"district\":\"%s\",\"street\":\"%s\",\"priority\":%d",
                          requested, t->category->code, t->category->name, description,
                          t->district->name, t->street, lat, lon, channel,
                          sn_ticket_type_to_string (t->category->type), t->district->code,
                          t->street, t->category->type == SN_TICKET_TYPE_URGENT ? 2 : 3);
  sim_end_request (sim, r);
}

static void
schedule (SnSim *sim, SimTicket *t, double when, Step step)
{
  sim_heap_push (&sim->heap, when, EV_TICKET, step, t);
}

static SimTicket *
new_ticket (SnSim *sim, SimCategory *category, SimDistrict *district, const char *street, double t)
{
  SimTicket *ticket = g_new0 (SimTicket, 1);
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local ((gint64) t);
  g_autofree char *day = g_date_time_format (dt, "%Y%m%d");
  guint *count;

  g_snprintf (ticket->id, sizeof ticket->id, "BJ%s-%06" G_GUINT64_FORMAT, day, ++sim->next_ticket);
  ticket->category = category;
  ticket->district = district;
  ticket->street = street;
  ticket->requested = t;
  ticket->deadline = deadline_of (sim, category->type, t);
  sim->totals.tickets++;
  count = g_hash_table_lookup (sim->totals.tickets_by_category, category->name);
  g_hash_table_replace (sim->totals.tickets_by_category, g_strdup (category->name),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
  schedule (sim, ticket, t + sim_exponential (sim, sim->city->life.dispatch_delay), STEP_DISPATCH);
  return ticket;
}

static void
create (SnSim *sim, SimCategory *category, const char *channel, double t)
{
  SimCity *city = sim->city;
  SimDistrict *d =
      city->districts->pdata[sim_pick_weighted (sim, city->district_weights, city->districts->len)];
  const char *street =
      d->streets[g_rand_int_range (sim->rand, 0, (gint32) g_strv_length (d->streets))];
  double lat = 0, lon = 0;
  SimTicket *ticket;

  if (!sn_geo_area_random_point (d->area, sim->rand, &lat, &lon))
    {
      lat = d->area->centroid_lat;
      lon = d->area->centroid_lon;
    }
  ticket = new_ticket (sim, category, d, street, t);
  emit_new (sim, ticket, channel, lat, lon);
}

void
sim_tickets_from_call (SnSim *sim, SimQueue *queue, double t)
{
  create (sim, pick_category (sim, queue->id, t), "phone", t);
}

static void
web_arrival (SnSim *sim, double t)
{
  double rate = sim->web_daily * sim->web_profile[sim_interval_of (sim, t)] / 900.0;

  sim_heap_push (&sim->heap, t + sim_exponential (sim, 1.0 / sim->web_lambda_max), EV_WEB_ARRIVAL,
                 0, NULL);
  if (sim_uniform (sim) * sim->web_lambda_max >= rate)
    return;
  sim->totals.web_requests++;
  /* Two in three online requests need a unit; the rest are answered by the hotline. */
  if (sim_uniform (sim) < 0.67)
    create (sim, pick_category (sim, NULL, t),
            channel_names[sim_pick_weighted (sim, sim->city->channel_weights, 3)], t);
}

/* A hotspot: the same complaint from the same few buildings, day after day. */
static void
hotspot_ticket (SnSim *sim, SimHotspot *h, double t)
{
  SimTicket *ticket = new_ticket (sim, h->category, h->district, h->street, t);
  double r = h->radius_m * sqrt (sim_uniform (sim)), a = 2 * G_PI * sim_uniform (sim);
  double lat = h->lat + r * cos (a) / 111320.0;
  double lon = h->lon + r * sin (a) / (111320.0 * cos (h->lat * G_PI / 180));

  emit_new (sim, ticket, "phone", lat, lon);
}

static void
schedule_hotspots (SnSim *sim, double t)
{
  gint64 midnight = sn_calendar_day_start (sim->calendar, (gint64) t);
  gint64 next = sn_calendar_next_day_start (sim->calendar, (gint64) t);

  for (guint i = 0; i < sim->city->hotspots->len; i++)
    {
      SimHotspot *h = sim->city->hotspots->pdata[i];
      guint hours[24], n_hours = 0;
      /* Poisson count by inversion. */
      double l = exp (-h->per_day), p = 1.0;
      guint n = 0;

      for (guint k = 0; k < 24; k++)
        if (h->hours & (1u << k))
          hours[n_hours++] = k;
      while ((p *= sim_uniform (sim)) > l)
        n++;
      for (guint k = 0; k < n; k++)
        {
          double when = (double) midnight
                        + hours[g_rand_int_range (sim->rand, 0, (gint32) n_hours)] * 3600
                        + sim_uniform (sim) * 3600;

          if (when >= t)
            sim_heap_push (&sim->heap, when, EV_TICKET, STEP_HOTSPOT_NEW, h);
        }
    }
  sim_heap_push (&sim->heap, (double) next, EV_TICKET, STEP_HOTSPOTS_DAY, NULL);
}

/* ── life cycles ───────────────────────────────────────────────────────────────── */

/* Units work in working hours (urgent tickets at once); the hotline works around the
 * clock. */
static double
unit_time (SnSim *sim, SimTicket *t, double from, double mean)
{
  double delay = sim_exponential (sim, mean);

  if (t->category->type == SN_TICKET_TYPE_URGENT)
    return from + delay / 4;
  return (double) sn_calendar_add_working_seconds (sim->calendar, (gint64) from, (gint64) delay);
}

static void
emit_step (SnSim *sim, SimTicket *t, double when, const char *state, const char *notes,
           const char *extra)
{
  GString *r = sim_begin_request (sim, t->id, when);

  g_string_append_printf (r, ",\"state\":\"%s\",\"status_notes\":\"%s\"%s", state, notes,
                          extra ? extra : "");
  sim_end_request (sim, r);
}

static void
dispatch (SnSim *sim, SimTicket *t, double when)
{
  Lifecycle *l = &sim->city->life;
  g_autofree char *unit = unit_name (sim, t, t->unit_index);
  g_autofree char *units = g_strdup_printf (",\"units\":[\"%s\"]", unit);
  double limit = t->category->type == SN_TICKET_TYPE_URGENT ? 1800 : 7200;
  double r = sim_uniform (sim), accept_at;

  emit_step (sim, t, when, "dispatched", t->returns ? "重新派单" : "派单", units);
  /* Units that were sent the wrong work order return it (退单), less so each time. */
  if (r < l->return_share / (1 + t->returns))
    {
      schedule (sim, t, unit_time (sim, t, when, l->accept_delay), STEP_RETURN);
      return;
    }
  accept_at = unit_time (sim, t, when, r > 1 - l->never_accept ? l->late_accept : l->accept_delay);
  if ((t->category->type == SN_TICKET_TYPE_URGENT
           ? accept_at - when
           : (double) sn_calendar_working_seconds_between (sim->calendar, (gint64) when,
                                                           (gint64) accept_at))
      > limit)
    sim->totals.tickets_never_accepted_2h++;
  schedule (sim, t, accept_at, STEP_ACCEPT);
}

static void
give_back (SnSim *sim, SimTicket *t, double when)
{
  static const char *const reasons[] = {
    "退单：非本单位职责",
    "退单：地址不在本辖区",
    "退单：应由产权单位处理",
    "退单：诉求已由其他部门受理",
  };

  emit_step (sim, t, when, "returned", reasons[g_rand_int_range (sim->rand, 0, 4)], NULL);
  if (++t->returns == 2)
    sim->totals.tickets_bounced_2++;
  t->unit_index++;
  schedule (sim, t, when + sim_exponential (sim, sim->city->life.redispatch_delay), STEP_DISPATCH);
}

static void
accept (SnSim *sim, SimTicket *t, double when)
{
  Lifecycle *l = &sim->city->life;
  double next = sim_uniform (sim) < l->silent_share
                    ? when + 86400 + sim_exponential (sim, 86400) /* goes quiet */
                    : unit_time (sim, t, when, l->progress_delay);

  emit_step (sim, t, when, "accepted", "签收", NULL);
  schedule (sim, t, next, STEP_PROGRESS);
}

static double
reply_time (SnSim *sim, SimTicket *t, double now)
{
  Lifecycle *l = &sim->city->life;
  SnTicketType type = t->category->type;
  gint64 limit = sn_sla_time_limit (&sim->city->rules, sim->calendar, type);
  double f = sim_uniform (sim) < l->overdue_share
                 ? 1.02 + 0.5 * sim_uniform (sim)
                 : CLAMP (sim_lognormal (sim, l->reply_fraction, 0.5), 0.1, 0.97);
  double at = sn_sla_uses_working_time (type) ? (double) sn_calendar_add_working_seconds (
                  sim->calendar, (gint64) t->requested, (gint64) (f * limit))
                                              : t->requested + f * limit;

  return MAX (at, now + 600);
}

static void
progress (SnSim *sim, SimTicket *t, double when)
{
  double reply = reply_time (sim, t, when);

  emit_step (sim, t, when, "in_progress", "已联系诉求人，正在处置", NULL);
  if (!t->extended && sim_uniform (sim) < sim->city->life.extension_share)
    schedule (sim, t, when + (reply - when) / 3, STEP_EXTEND);
  schedule (sim, t, reply, STEP_REPLY);
}

static void
extend (SnSim *sim, SimTicket *t, double when)
{
  g_autofree char *deadline = NULL;
  g_autofree char *extra = NULL;

  t->deadline = t->category->type == SN_TICKET_TYPE_URGENT
                    ? t->deadline + 86400
                    : (double) sn_calendar_add_working_seconds (sim->calendar, (gint64) t->deadline,
                                                                5 * 8 * 3600);
  t->extended = TRUE;
  sim->totals.tickets_extended++;
  deadline = sn_time_format ((gint64) t->deadline);
  extra = g_strdup_printf (",\"expected_datetime\":\"%s\"", deadline);
  emit_step (sim, t, when, "in_progress", "延期：需协调多部门处理", extra);
}

static void
reply (SnSim *sim, SimTicket *t, double when)
{
  emit_step (sim, t, when, "replied", "已办结并答复诉求人", NULL);
  if (when > t->deadline)
    sim->totals.tickets_overdue++;
  schedule (sim, t, when + sim_exponential (sim, sim->city->life.callback_delay), STEP_CALLBACK);
}

static void
callback (SnSim *sim, SimTicket *t, double when)
{
  Lifecycle *l = &sim->city->life;
  double r = sim_uniform (sim);
  const char *verdict = r < l->satisfied                         ? "回访：满意"
                        : r < l->satisfied + l->mostly_satisfied ? "回访：基本满意"
                                                                 : "回访：不满意";
  gboolean reopen = r >= l->satisfied + l->mostly_satisfied && !t->reopened
                    && sim_uniform (sim) < l->reopen_share;

  emit_step (sim, t, when, "callback", verdict, NULL);
  schedule (sim, t, when + 600 + sim_exponential (sim, 1800), reopen ? STEP_REOPEN : STEP_CLOSE);
}

static void
reopen (SnSim *sim, SimTicket *t, double when)
{
  emit_step (sim, t, when, "reopened", "重办：诉求人对处理结果不满意", NULL);
  t->reopened = TRUE;
  sim->totals.tickets_reopened++;
  schedule (sim, t, unit_time (sim, t, when, sim->city->life.progress_delay * 3), STEP_PROGRESS);
}

static void
close_ticket (SnSim *sim, SimTicket *t, double when)
{
  emit_step (sim, t, when, "closed", "结案", NULL);
  g_free (t);
}

void
sim_tickets_handle (SnSim *sim, const SimEvent *ev)
{
  SimTicket *t = ev->p;

  if (ev->kind == EV_WEB_ARRIVAL)
    {
      web_arrival (sim, ev->t);
      return;
    }
  switch ((Step) ev->a)
    {
      case STEP_DISPATCH:
        dispatch (sim, t, ev->t);
        break;
      case STEP_RETURN:
        give_back (sim, t, ev->t);
        break;
      case STEP_ACCEPT:
        accept (sim, t, ev->t);
        break;
      case STEP_PROGRESS:
        progress (sim, t, ev->t);
        break;
      case STEP_EXTEND:
        extend (sim, t, ev->t);
        break;
      case STEP_REPLY:
        reply (sim, t, ev->t);
        break;
      case STEP_CALLBACK:
        callback (sim, t, ev->t);
        break;
      case STEP_REOPEN:
        reopen (sim, t, ev->t);
        break;
      case STEP_CLOSE:
        close_ticket (sim, t, ev->t);
        break;
      case STEP_HOTSPOT_NEW:
        hotspot_ticket (sim, ev->p, ev->t);
        break;
      case STEP_HOTSPOTS_DAY:
        schedule_hotspots (sim, ev->t);
        break;
      default:
        g_assert_not_reached ();
    }
}

void
sim_tickets_init (SnSim *sim)
{
  double peak = 0;

  for (guint k = 0; k < SN_SIM_INTERVALS; k++)
    peak = MAX (peak, sim->web_daily * sim->web_profile[k] / 900.0);
  sim->web_lambda_max = MAX (peak, 1e-6);
  sim_heap_push (&sim->heap, sim->now + sim_exponential (sim, 1.0 / sim->web_lambda_max),
                 EV_WEB_ARRIVAL, 0, NULL);
  schedule_hotspots (sim, sim->now);
}

void
sim_tickets_free (SnSim *sim)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  /* A ticket is owned by its pending steps (at most two: an extension and the reply). */
  for (gsize i = 0; i < sim->heap.len; i++)
    {
      SimEvent *ev = &sim->heap.items[i];

      if (ev->kind == EV_TICKET && ev->a < STEP_HOTSPOT_NEW && g_hash_table_add (seen, ev->p))
        g_free (ev->p);
    }
}
