/* sn-sim-scenario.c — the city pack and the scenarios: normal, surge, stationary
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sn-city-pack.h"
#include "sn-json.h"
#include "sn-sim-private.h"

#define PACK_MAX_BYTES (8 * 1024 * 1024)

double
sim_json_double (JsonObject *obj, const char *name, double fallback)
{
  double v;

  if (obj == NULL || !sn_json_get_double (obj, name, FALSE, &v, NULL))
    return fallback;
  return v;
}

void
sim_profile_from_hours (JsonArray *hours, double out[SN_SIM_INTERVALS])
{
  double total = 0;

  for (guint k = 0; k < SN_SIM_INTERVALS; k++)
    {
      /* Linear between hour centres, so the rate has no steps at the hour. */
      double h = (k + 0.5) / 4.0 - 0.5;
      int h0 = (int) floor (h);
      double f = h - h0;
      double a = json_array_get_double_element (hours, (guint) ((h0 + 24) % 24));
      double b = json_array_get_double_element (hours, (guint) ((h0 + 25) % 24));

      out[k] = a + (b - a) * f;
      total += out[k];
    }
  for (guint k = 0; k < SN_SIM_INTERVALS; k++)
    out[k] /= total;
}

static gboolean
load_pack (SnSim *sim, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  gsize length;

  sim->city_dir = sn_city_pack_find (sim->options.cities_dir, sim->options.city, "hotline.json",
                                     error);
  if (sim->city_dir == NULL)
    return FALSE;
  path = g_build_filename (sim->city_dir, "hotline.json", NULL);
  if (!g_file_get_contents (path, &text, &length, error))
    return FALSE;
  sim->pack = sn_json_parse_object (text, length, PACK_MAX_BYTES, SN_JSON_MAX_DEPTH, error);
  if (sim->pack == NULL || !json_object_has_member (sim->pack, "queues")
      || !json_object_has_member (sim->pack, "hourly_profile"))
    {
      g_clear_error (error);
      g_set_error (error, SN_SIM_ERROR, SN_SIM_ERROR_CITY, _ ("The city pack “%s” is not valid"),
                   path);
      return FALSE;
    }
  return TRUE;
}

static SimQueue *
queue_from_json (JsonObject *q, double daily_calls, const double profile[SN_SIM_INTERVALS])
{
  SimQueue *queue = g_new0 (SimQueue, 1);

  queue->id = g_strdup (json_object_get_string_member (q, "id"));
  queue->name = g_strdup (json_object_get_string_member (q, "name"));
  queue->daily_calls = daily_calls;
  memcpy (queue->profile, profile, sizeof queue->profile);
  queue->service_mean = sim_json_double (q, "service_mean", 240);
  queue->service_cv = sim_json_double (q, "service_cv", 1.0);
  queue->wrapup_mean = sim_json_double (q, "wrapup_mean", 0);
  queue->patience_mean = sim_json_double (q, "patience_mean", 120);
  queue->timeout = sim_json_double (q, "timeout", 600);
  queue->capacity = (guint) sim_json_double (q, "capacity", 1000);
  queue->ticket_share = sim_json_double (q, "ticket_share", 0.3);
  queue->max_agents = (guint) sim_json_double (q, "max_agents", 5000);
  return queue;
}

static void
setup_normal (SnSim *sim, double scale)
{
  JsonArray *queues = json_object_get_array_member (sim->pack, "queues");
  double calls = sim_json_double (sim->pack, "calls_per_day", 50000) * scale;
  double profile[SN_SIM_INTERVALS];

  sim_profile_from_hours (json_object_get_array_member (sim->pack, "hourly_profile"), profile);
  for (guint i = 0; i < json_array_get_length (queues); i++)
    {
      JsonObject *q = json_array_get_object_element (queues, i);

      g_ptr_array_add (sim->queues,
                       queue_from_json (q, calls * sim_json_double (q, "share", 0), profile));
    }
  sim->web_daily = sim_json_double (sim->pack, "web_requests_per_day", 10000) * scale;
  sim_profile_from_hours (json_object_get_array_member (sim->pack, "web_hourly_profile"),
                          sim->web_profile);
}

static void
setup_surge (SnSim *sim, JsonObject *surge)
{
  JsonObject *q = json_object_get_object_member (surge, "queue");
  double flat[SN_SIM_INTERVALS];
  SimQueue *queue;

  setup_normal (sim, sim_json_double (surge, "calls_scale", 1.0));
  /* The outbreak queue: a plateau after a ramp, on a flat profile over the day. */
  for (guint k = 0; k < SN_SIM_INTERVALS; k++)
    flat[k] = 1.0 / SN_SIM_INTERVALS;
  queue = queue_from_json (q, sim_json_double (q, "calls_per_day", 1e6), flat);
  queue->surge_start = sim_json_double (q, "start_hour", 7) * 3600;
  queue->surge_ramp = MAX (1.0, sim_json_double (q, "ramp_hours", 3) * 3600);
  g_ptr_array_add (sim->queues, queue);
}

static void
setup_stationary (SnSim *sim)
{
  const SnSimStationary *p = &sim->options.stationary;
  SimQueue *queue = g_new0 (SimQueue, 1);

  queue->id = g_strdup ("stationary");
  queue->name = g_strdup ("stationary");
  queue->stationary_rate = p->arrival_rate;
  queue->stationary_agents = MAX (1, p->agents);
  queue->max_agents = queue->stationary_agents;
  queue->service_mean = p->service_mean;
  queue->service_cv = 1.0;
  queue->patience_mean = p->patience_mean;
  queue->timeout = G_MAXDOUBLE;
  queue->capacity = G_MAXUINT;
  g_ptr_array_add (sim->queues, queue);
}

gboolean
sim_scenario_setup (SnSim *sim, GError **error)
{
  JsonObject *scenarios, *scenario = NULL;

  if (g_str_equal (sim->scenario, "stationary"))
    {
      sim->options.tickets = FALSE;
      setup_stationary (sim);
      return TRUE;
    }
  if (!load_pack (sim, error))
    return FALSE;
  sim->staffing_beta = sim_json_double (sim->pack, "staffing_beta", 1.0);
  sim->shrinkage = CLAMP (sim_json_double (sim->pack, "shrinkage", 0.12), 0.0, 0.5);
  scenarios = json_object_get_object_member (sim->pack, "scenarios");
  if (scenarios != NULL && json_object_has_member (scenarios, sim->scenario))
    scenario = json_object_get_object_member (scenarios, sim->scenario);
  if (scenario == NULL)
    {
      g_set_error (error, SN_SIM_ERROR, SN_SIM_ERROR_SCENARIO,
                   _ ("Unknown scenario “%s” (normal, surge or stationary)"), sim->scenario);
      return FALSE;
    }
  if (json_object_has_member (scenario, "queue"))
    setup_surge (sim, scenario);
  else
    setup_normal (sim, 1.0);
  return TRUE;
}
