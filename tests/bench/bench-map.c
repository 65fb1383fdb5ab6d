/* bench-map.c — the Map page at a city's scale under Xvfb (GSK_RENDERER=cairo): 1,000,000
 * work orders in the console model, drawn by the district, heat and cluster layers
 * (DESIGN.md: 1,000,000 points binned/clustered ≤ 200 ms; map frame p95 ≤ 16.7 ms while
 * panning)
 *
 *   snapshot parts ─▶ console model ─▶ SnMapData (capture; aggregation in a worker)
 *   the Map page alone in a 1400 × 900 window, districts from districts.geojson
 *   a tick callback pans along a path over Beijing at zoom 11, 13 and 15, and zooms 9 → 16 → 9
 *
 * Work orders cluster around a few hundred hotspots drawn inside the districts (by
 * population) over a background spread over the districts; 35 days of them, a few hotspots
 * new in the last 7. A frame's work is the time from the frame clock's "before-paint" to its
 * "after-paint" (update, layout, snapshot and render on the UI thread); the interval is the
 * difference of consecutive frame times. Each layer's snapshot is timed by wrapping its
 * class's snapshot function.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench-util.h"
#include "sn-console-model.h"
#include "sn-console-resources.h"
#include "sn-context.h"
#include "sn-map-page.h"

#define PART_BYTES (48 * 1024)
#define DAY 86400
#define NOW G_GINT64_CONSTANT (1760572800) /* 2025-10-16T00:00:00Z */
#define START (NOW - 35 * DAY)
#define N_NEW_HOTSPOTS 5 /* hotspots that began in the last 7 days */
#define FRAME_BUDGET_MS 16.7
#define WARMUP_FRAMES 12
#define PAN_PIXELS 12.0 /* per frame: 720 px/s, a brisk drag */
#define ZOOM_STEP 0.05

static int n_tickets = 1000000;
static int n_hotspots = 300;
static int n_runs = 5;
static int n_frames = 300;
static char *screenshot = NULL;

static const GOptionEntry entries[] = {
  { "tickets", 0, 0, G_OPTION_ARG_INT, &n_tickets, "Work orders (default 1,000,000)", "N" },
  { "hotspots", 0, 0, G_OPTION_ARG_INT, &n_hotspots, "Hotspots (default 300)", "N" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs of each capture and filter (default 5)", "N" },
  { "frames", 0, 0, G_OPTION_ARG_INT, &n_frames, "Frames per pan or zoom run (default 300)", "N" },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, &screenshot,
    "Save the map with all layers at zoom 11, 15 and 17 to PREFIX-ZOOM.png", "PREFIX" },
  { NULL }
};

static const char *const categories[] = {
  "施工噪音", "占道经营", "路灯不亮", "供水中断", "供暖不热", "垃圾清运", "违章停车", "井盖缺失",
  "油烟扰民", "小区物业", "公交服务", "道路破损", "违法建设", "绿化养护", "燃气安全", "劳动纠纷",
  "医疗服务", "教育收费", "房屋租赁", "消费投诉", "噪音扰民", "排水不畅", "共享单车", "电梯故障",
};
static const char *const agencies[] = { "城管执法局", "住建委",     "市政市容委", "水务局",
                                        "交通委",     "街道办事处", "生态环境局", "市场监管局" };
static const char *const open_states[] = { "dispatched", "accepted", "in_progress", "returned",
                                           "reopened" };
static const char *const stall_patterns[] = {
  "{\"reason\":\"silent\",\"since\":\"2025-10-14T08:00:00Z\"}",
  "{\"reason\":\"overdue\",\"since\":\"2025-10-12T08:00:00Z\"}",
  "{\"reason\":\"at_risk\",\"since\":\"2025-10-15T08:00:00Z\"}",
  "{\"reason\":\"unaccepted\",\"since\":\"2025-10-15T20:00:00Z\"}",
  "{\"reason\":\"bouncing\",\"since\":\"2025-10-14T10:00:00Z\"}",
};

/* A path over central Beijing (lat, lon): Tiananmen, the CBD, Sanlitun, Wangjing, the
 * Olympic park, Zhongguancun, Financial Street, Fengtai, Yizhuang, Tongzhou. */
static const double route[][2] = {
  { 39.9087, 116.3975 }, { 39.9088, 116.4605 }, { 39.9334, 116.4540 }, { 39.9965, 116.4700 },
  { 40.0000, 116.3900 }, { 39.9840, 116.3070 }, { 39.9130, 116.3600 }, { 39.8580, 116.2870 },
  { 39.7950, 116.5060 }, { 39.9090, 116.6570 }, { 39.9087, 116.3975 },
};

/* ── a city ────────────────────────────────────────────────────────────────────────── */

typedef struct
{
  double lat, lon, sigma_km, weight;
  guint district;
} Hotspot;

typedef struct
{
  SnGeoAreas *areas;
  double *populations;
  guint n_areas;
  Hotspot *spots;
  double *spot_cumulative;
  double *district_cumulative; /* by population */
  GRand *rand;
} City;

static double
gaussian (GRand *rand)
{
  double u = 1.0 - g_rand_double (rand), v = g_rand_double (rand);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

static guint
pick (const double *cumulative, guint n, double u)
{
  guint lo = 0, hi = n - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (cumulative[mid] < u)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static SnGeoAreas *
load_areas (void)
{
  g_autofree char *path = g_build_filename (SOURCE_DATA_DIR, "cities", "beijing",
                                            "districts.geojson", NULL);
  g_autoptr (GError) error = NULL;
  SnGeoAreas *areas = sn_geo_areas_load_file (path, "adcode", "name", &error);

  if (areas == NULL)
    g_error ("%s: %s", path, error->message);
  return areas;
}

/* Populations from districts.json, in the order of @areas. */
static double *
load_populations (const SnGeoAreas *areas)
{
  g_autofree char *path = g_build_filename (SOURCE_DATA_DIR, "cities", "beijing", "districts.json",
                                            NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  guint n = sn_geo_areas_get_n_areas (areas);
  double *populations = g_new (double, n);
  JsonArray *districts;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  districts = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "districts");
  for (guint i = 0; i < n; i++)
    {
      populations[i] = NAN;
      for (guint k = 0; k < json_array_get_length (districts); k++)
        {
          JsonObject *d = json_array_get_object_element (districts, k);

          if (g_strcmp0 (json_object_get_string_member (d, "adcode"),
                         sn_geo_areas_get (areas, i)->code)
              == 0)
            populations[i] = json_object_get_double_member (d, "population");
        }
    }
  return populations;
}

static void
city_init (City *city)
{
  double total = 0, sum = 0;

  city->areas = load_areas ();
  city->n_areas = sn_geo_areas_get_n_areas (city->areas);
  city->populations = load_populations (city->areas);
  city->rand = g_rand_new_with_seed (2026);
  city->district_cumulative = g_new (double, city->n_areas);
  for (guint i = 0; i < city->n_areas; i++)
    total += isfinite (city->populations[i]) ? city->populations[i] : 0;
  for (guint i = 0; i < city->n_areas; i++)
    {
      sum += isfinite (city->populations[i]) ? city->populations[i] : 0;
      city->district_cumulative[i] = sum / total;
    }
  /* Hotspots inside the districts, by population; sizes 50 m … 1.5 km (log-uniform);
   * weights Pareto-like, so a few hotspots are big. */
  city->spots = g_new (Hotspot, n_hotspots);
  city->spot_cumulative = g_new (double, n_hotspots);
  total = 0;
  for (int i = 0; i < n_hotspots; i++)
    {
      Hotspot *s = &city->spots[i];

      s->district = pick (city->district_cumulative, city->n_areas, g_rand_double (city->rand));
      if (!sn_geo_area_random_point (sn_geo_areas_get (city->areas, s->district), city->rand,
                                     &s->lat, &s->lon))
        g_error ("no point in district %u", s->district);
      s->sigma_km = 0.05 * pow (30.0, g_rand_double (city->rand));
      s->weight = pow (1.0 - g_rand_double (city->rand), -0.7);
      total += s->weight;
    }
  sum = 0;
  for (int i = 0; i < n_hotspots; i++)
    {
      sum += city->spots[i].weight;
      city->spot_cumulative[i] = sum / total;
    }
}

static void
city_clear (City *city)
{
  g_clear_pointer (&city->areas, sn_geo_areas_free);
  g_free (city->populations);
  g_free (city->spots);
  g_free (city->spot_cumulative);
  g_free (city->district_cumulative);
  g_rand_free (city->rand);
}

/* ── tickets as the hub writes them ────────────────────────────────────────────── */

static void
append_time (GString *s, gint64 t)
{
  time_t tt = (time_t) t;
  struct tm tm;
  char text[32];

  gmtime_r (&tt, &tm);
  strftime (text, sizeof text, "\"%Y-%m-%dT%H:%M:%SZ\"", &tm);
  g_string_append (s, text);
}

static void
append_ticket (City *city, GString *s, guint i)
{
  GRand *rand = city->rand;
  double r = g_rand_double (rand), lat, lon, age_days, open_share;
  guint spot = 0, district, category;
  gint64 requested, deadline;
  gboolean open;
  int stall = -1;

  if (r < 0.3) /* background: anywhere in the districts, by population */
    {
      district = pick (city->district_cumulative, city->n_areas, g_rand_double (rand));
      sn_geo_area_random_point (sn_geo_areas_get (city->areas, district), rand, &lat, &lon);
    }
  else
    {
      spot = pick (city->spot_cumulative, n_hotspots, g_rand_double (rand));
      district = city->spots[spot].district;
      lat = city->spots[spot].lat + gaussian (rand) * city->spots[spot].sigma_km / 111.0;
      lon = city->spots[spot].lon + gaussian (rand) * city->spots[spot].sigma_km / 85.0;
    }
  /* More in the last weeks, a daily rhythm; the last few hotspots are new. */
  if (r >= 0.3 && spot >= (guint) n_hotspots - N_NEW_HOTSPOTS)
    requested = NOW - 7 * DAY + (gint64) (7.0 * DAY * g_rand_double (rand));
  else
    requested = START + (gint64) (35.0 * DAY * pow (g_rand_double (rand), 0.9));
  requested = requested - requested % DAY + (gint64) (DAY * (0.3 + 0.6 * g_rand_double (rand)));
  requested = MIN (requested, NOW - 60);
  age_days = (double) (NOW - requested) / DAY;
  open_share = age_days < 1 ? 0.95 : age_days < 7 ? 0.55 : age_days < 14 ? 0.2 : 0.04;
  open = g_rand_double (rand) < open_share;
  /* Zipf-like: the first categories are the common ones. */
  category = MIN (G_N_ELEMENTS (categories) - 1,
                  (guint) (G_N_ELEMENTS (categories) * pow (g_rand_double (rand), 3)));
  deadline = requested + (g_rand_double (rand) < 0.5 ? 3 : 7) * DAY;
  if (open && g_rand_double (rand) < 0.25)
    stall = g_rand_int_range (rand, 0, G_N_ELEMENTS (stall_patterns));

  g_string_append_printf (
      s,
      "{\"service_request_id\":\"BJ%07u\",\"status\":\"%s\",\"service_name\":\"%s\","
      "\"service_code\":\"c%02u\",\"description\":\"%s：市民反映%s问题。\","
      "\"agency_responsible\":\"%s%s\",\"requested_datetime\":",
      i, open ? "open" : "closed", categories[category], category, categories[category],
      categories[category], sn_geo_areas_get (city->areas, district)->name,
      agencies[category % G_N_ELEMENTS (agencies)]);
  append_time (s, requested);
  g_string_append (s, ",\"updated_datetime\":");
  append_time (s, MIN (requested + 3600, NOW - 1));
  g_string_append (s, ",\"expected_datetime\":");
  append_time (s, deadline);
  g_string_append_printf (
      s,
      ",\"lat\":%.6f,\"long\":%.6f,\"version\":1,\"channel\":\"phone\","
      "\"ticket_type\":\"complaint\",\"state\":\"%s\",\"district\":\"%s\",\"units\":[\"%s%s\"],"
      "\"priority\":%u,\"tier\":0,\"bounce_count\":0,\"time_limit_used\":0.5,\"stall\":[%s]}",
      lat, lon, open ? open_states[i % G_N_ELEMENTS (open_states)] : "closed",
      sn_geo_areas_get (city->areas, district)->code,
      sn_geo_areas_get (city->areas, district)->name, agencies[category % G_N_ELEMENTS (agencies)],
      1 + i % 5, stall >= 0 ? stall_patterns[stall] : "");
}

/* Applies a snapshot of the city's tickets part by part; returns the seconds spent
 * applying. */
static double
load_snapshot (City *city, SnConsoleModel *model)
{
  g_autoptr (GString) part = g_string_sized_new (PART_BYTES + 4096);
  gint64 spent = 0;
  guint next = 0;

  for (guint index = 0; next < (guint) n_tickets || index == 0; index++)
    {
      gint64 start;

      g_string_printf (part,
                       "{\"type\":\"snapshot\",\"epoch\":\"e\",\"head\":0,\"part\":%u,"
                       "\"tickets\":[",
                       index);
      for (gboolean first = TRUE; next < (guint) n_tickets && part->len < PART_BYTES; next++)
        {
          if (!first)
            g_string_append_c (part, ',');
          first = FALSE;
          append_ticket (city, part, next);
        }
      g_string_append_printf (part, "],\"last\":%s}", next < (guint) n_tickets ? "false" : "true");
      start = g_get_monotonic_time ();
      bench_apply_or_die (model, part);
      spent += g_get_monotonic_time () - start;
    }
  sn_console_model_tick (model, NOW);
  return spent / 1e6;
}

/* ── figures ───────────────────────────────────────────────────────────────────────── */

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts @values; the value at @fraction (0.5 = median, 1 = max). */
static double
quantile (GArray *values, double fraction)
{
  if (values->len == 0)
    return NAN;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, (guint) lround (fraction * (values->len - 1)));
}

static double
mean (GArray *values)
{
  double sum = 0;

  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return values->len ? sum / values->len : NAN;
}

/* ── capture and aggregation ───────────────────────────────────────────────────────── */

static void
measure_capture (City *city, SnConsoleModel *model)
{
  g_autoptr (GArray) capture = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) collect = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) again = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) recapture = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_points = 0;

  for (int run = 0; run < n_runs; run++)
    {
      SnMapData *data;
      gint64 start = g_get_monotonic_time (), collected, done;
      double ms;

      /* As the page does: the data made from a full model, then the districts arrive. */
      data = sn_map_data_new (model);
      sn_map_data_set_areas (data, load_areas (), city->populations);
      collected = g_get_monotonic_time ();
      sn_map_data_update_sync (data);
      done = g_get_monotonic_time ();
      ms = (done - collected) / 1e3 - sn_map_data_get_last_update_ms (data);
      g_array_append_val (collect, (double){ (collected - start) / 1e3 });
      g_array_append_val (capture, (double){ (collected - start) / 1e3 + ms });
      g_array_append_val (first, (double){ sn_map_data_get_last_update_ms (data) });
      sn_map_data_get_points (data, &n_points);
      /* Again with every point placed: what the worker does on every later update. */
      sn_map_data_update_sync (data);
      g_array_append_val (again, (double){ sn_map_data_get_last_update_ms (data) });
      /* The minute's sweep: every work order captured again over its existing point. */
      sn_map_data_set_filter (data,
                              &(SnHotspotFilter){ 1, G_MAXINT64, -1, SN_HOTSPOT_STATE_OPEN, 0 });
      start = g_get_monotonic_time ();
      sn_map_data_update_sync (data);
      ms = (g_get_monotonic_time () - start) / 1e3 - sn_map_data_get_last_update_ms (data);
      g_array_append_val (recapture, ms);
      g_object_unref (data);
    }
  g_print ("  capture of %u work orders (%u located) into a new SnMapData, median of %d:\n",
           sn_console_model_get_n_tickets (model), n_points, n_runs);
  g_print (
      "    %8.0f ms  capture on the UI thread (max %.0f ms), of which %.0f ms collecting ids\n",
      quantile (capture, 0.5), quantile (capture, 1), quantile (collect, 0.5));
  g_print ("    %8.0f ms  first aggregation, placing every point in its district (max %.0f ms)\n",
           quantile (first, 0.5), quantile (first, 1));
  g_print ("    %8.0f ms  aggregation with the points placed (max %.0f ms) (target ≤ 200 ms) %s\n",
           quantile (again, 0.5), quantile (again, 1),
           bench_verdict (quantile (again, 0.5) <= 200));
  g_print ("    %8.0f ms  a recapture over existing points (the minute's sweep, in idle slices of "
           "20,000: %.1f ms each)\n",
           quantile (recapture, 0.5), quantile (recapture, 0.5) * 20000 / MAX (n_points, 1));
}

typedef struct
{
  gboolean updated;
} UpdateWait;

static void
updated_cb (SnMapData *data, UpdateWait *wait)
{
  wait->updated = TRUE;
}

static void
wait_for_update (SnMapData *data)
{
  UpdateWait wait = { FALSE };
  gulong id = g_signal_connect (data, "updated", G_CALLBACK (updated_cb), &wait);

  while (!wait.updated)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (data, id);
}

static void
measure_filters (SnMapData *data)
{
  SnHotspotFilter filters[4];
  static const char *const labels[] = { "all time", "open only", "category 施工噪音",
                                        "last 7 days" };
  GArray *worker[G_N_ELEMENTS (filters)], *wall[G_N_ELEMENTS (filters)];
  guint n_points = 0;

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      sn_hotspot_filter_init (&filters[f]);
      filters[f].from = 1;
      filters[f].to = G_MAXINT64;
      worker[f] = g_array_new (FALSE, FALSE, sizeof (double));
      wall[f] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  filters[1].state = SN_HOTSPOT_STATE_OPEN;
  for (guint c = 0; c < sn_map_data_get_n_categories (data); c++)
    if (g_strcmp0 (sn_map_data_get_category_name (data, c), "施工噪音") == 0)
      filters[2].category = (int) c;
  filters[3].from = NOW - 7 * DAY;
  /* Each change must differ from the filter before it, or nothing is scheduled. */
  sn_map_data_set_filter (data, &filters[G_N_ELEMENTS (filters) - 1]);
  sn_map_data_update_sync (data);
  for (int run = 0; run < n_runs; run++)
    for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
      {
        gint64 start = g_get_monotonic_time ();

        /* The page asks 50 ms after a change, coalescing; the worker then runs. */
        sn_map_data_set_filter (data, &filters[f]);
        wait_for_update (data);
        g_array_append_val (worker[f], (double){ sn_map_data_get_last_update_ms (data) });
        g_array_append_val (wall[f], (double){ (g_get_monotonic_time () - start) / 1e3 });
      }
  sn_map_data_get_points (data, &n_points);
  g_print ("  aggregation in the worker thread over %u points (target ≤ 200 ms), median of %d:\n",
           n_points, n_runs);
  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      const SnHotspotIndex *index;
      double ms = quantile (worker[f], 0.5);

      sn_map_data_set_filter (data, &filters[f]);
      sn_map_data_update_sync (data);
      index = sn_map_data_get_index (data);
      g_print ("    %8.0f ms (max %4.0f) %8u matching  %-18s  filter change to \"updated\" "
               "%4.0f ms  %s\n",
               ms, quantile (worker[f], 1), sn_hotspot_index_get_n_points (index), labels[f],
               quantile (wall[f], 0.5), bench_verdict (ms <= 200));
      g_array_unref (worker[f]);
      g_array_unref (wall[f]);
    }
  sn_map_data_set_filter (data, &filters[0]);
  sn_map_data_update_sync (data);
}

/* ── frames ────────────────────────────────────────────────────────────────────────── */

enum { L_DISTRICTS, L_HEAT, L_CLUSTERS, N_LAYERS };
static const char *const layer_names[N_LAYERS] = { "districts", "heat", "clusters" };

typedef enum {
  MOTION_PAN,
  MOTION_ZOOM,
} Motion;

typedef struct
{
  ShumateMap *map;
  ShumateViewport *viewport;
  GdkFrameClock *clock;

  /* the motion */
  Motion motion;
  double zoom;
  double x, y; /* world position on the path */
  guint segment;
  int frame; /* frames since the run started */
  int frames; /* frames to measure */
  gboolean done;

  /* one frame */
  gint64 before_paint;
  gint64 last_frame_time;
  double layer_ms[N_LAYERS];

  /* the run */
  GArray *work; /* ms from before-paint to after-paint */
  GArray *interval; /* ms between frame times */
  GArray *layer[N_LAYERS]; /* ms in each layer's snapshot, per frame it was drawn */
} Run;

static Run *current;
static void (*layer_snapshot[N_LAYERS]) (GtkWidget *widget, GtkSnapshot *snapshot);

static void
timed_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  guint k = SN_IS_DISTRICT_LAYER (widget) ? L_DISTRICTS
            : SN_IS_HEAT_LAYER (widget)   ? L_HEAT
                                          : L_CLUSTERS;
  gint64 start = g_get_monotonic_time ();

  layer_snapshot[k](widget, snapshot);
  if (current != NULL)
    current->layer_ms[k] += (g_get_monotonic_time () - start) / 1e3;
}

static void
wrap_layer_snapshots (void)
{
  GType types[N_LAYERS] = { SN_TYPE_DISTRICT_LAYER, SN_TYPE_HEAT_LAYER, SN_TYPE_CLUSTER_LAYER };

  for (guint k = 0; k < N_LAYERS; k++)
    {
      GtkWidgetClass *klass = g_type_class_ref (types[k]);

      layer_snapshot[k] = klass->snapshot;
      klass->snapshot = timed_snapshot;
    }
}

static void
path_point (guint i, double *x, double *y)
{
  sn_hotspot_project (route[i % G_N_ELEMENTS (route)][0], route[i % G_N_ELEMENTS (route)][1], x, y);
}

/* Moves @run's position @pixels along the path at its zoom. */
static void
advance (Run *run, double pixels)
{
  double step = pixels / (256.0 * exp2 (run->zoom));

  while (step > 0)
    {
      double tx, ty, d;

      path_point (run->segment + 1, &tx, &ty);
      d = hypot (tx - run->x, ty - run->y);
      if (d > step)
        {
          run->x += (tx - run->x) * step / d;
          run->y += (ty - run->y) * step / d;
          return;
        }
      run->x = tx;
      run->y = ty;
      step -= d;
      run->segment = (run->segment + 1) % (G_N_ELEMENTS (route) - 1);
    }
}

static gboolean
motion_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  Run *run = user_data;
  double lat, lon;

  if (run->done)
    return G_SOURCE_REMOVE;
  run->frame++;
  if (run->motion == MOTION_PAN)
    {
      advance (run, PAN_PIXELS);
      sn_hotspot_unproject (run->x, run->y, &lat, &lon);
      shumate_map_center_on (run->map, lat, lon);
    }
  else
    {
      /* 9 → 16 → 9, then again */
      int span = (int) lround ((16.0 - 9.0) / ZOOM_STEP);
      int k = run->frame % (2 * span);

      shumate_viewport_set_zoom_level (run->viewport,
                                       9 + ZOOM_STEP * (k <= span ? k : 2 * span - k));
    }
  return G_SOURCE_CONTINUE;
}

static void
before_paint_cb (GdkFrameClock *clock, Run *run)
{
  run->before_paint = g_get_monotonic_time ();
  memset (run->layer_ms, 0, sizeof run->layer_ms);
}

static void
after_paint_cb (GdkFrameClock *clock, Run *run)
{
  gint64 frame_time = gdk_frame_clock_get_frame_time (clock);

  if (run->frame > WARMUP_FRAMES && run->before_paint != 0)
    {
      g_array_append_val (run->work,
                          (double){ (g_get_monotonic_time () - run->before_paint) / 1e3 });
      if (run->last_frame_time != 0)
        g_array_append_val (run->interval, (double){ (frame_time - run->last_frame_time) / 1e3 });
      for (guint k = 0; k < N_LAYERS; k++)
        if (run->layer_ms[k] > 0)
          g_array_append_val (run->layer[k], run->layer_ms[k]);
    }
  run->last_frame_time = frame_time;
  if ((int) run->work->len >= run->frames)
    run->done = TRUE;
}

typedef struct
{
  double p50, p95, p99, max;
  double interval_p50, interval_p95;
  double layer_mean[N_LAYERS], layer_p95[N_LAYERS];
  guint over; /* frames whose work exceeded the budget */
  guint n;
} RunFigures;

static void
run_motion (SnMapPage *page, Motion motion, double zoom, guint start_segment, int frames,
            RunFigures *out)
{
  ShumateMap *map = sn_map_page_get_map (page);
  Run run = { 0 };
  gulong before, after;
  guint tick;

  run.map = map;
  run.viewport = shumate_map_get_viewport (map);
  run.clock = gtk_widget_get_frame_clock (GTK_WIDGET (map));
  run.motion = motion;
  run.zoom = zoom;
  run.segment = start_segment % (G_N_ELEMENTS (route) - 1);
  path_point (run.segment, &run.x, &run.y);
  run.frames = frames;
  run.work = g_array_new (FALSE, FALSE, sizeof (double));
  run.interval = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint k = 0; k < N_LAYERS; k++)
    run.layer[k] = g_array_new (FALSE, FALSE, sizeof (double));
  if (motion == MOTION_PAN)
    {
      double lat, lon;

      sn_hotspot_unproject (run.x, run.y, &lat, &lon);
      shumate_viewport_set_zoom_level (run.viewport, zoom);
      shumate_map_center_on (map, lat, lon);
    }
  else
    {
      /* Zooming in on the CBD */
      shumate_viewport_set_zoom_level (run.viewport, 9);
      shumate_map_center_on (map, route[1][0], route[1][1]);
    }
  current = &run;
  before = g_signal_connect (run.clock, "before-paint", G_CALLBACK (before_paint_cb), &run);
  after = g_signal_connect (run.clock, "after-paint", G_CALLBACK (after_paint_cb), &run);
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (map), motion_tick, &run, NULL);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (GTK_WIDGET (map), tick);
  g_signal_handler_disconnect (run.clock, before);
  g_signal_handler_disconnect (run.clock, after);
  current = NULL;

  out->n = run.work->len;
  out->over = 0;
  for (guint i = 0; i < run.work->len; i++)
    out->over += g_array_index (run.work, double, i) > FRAME_BUDGET_MS;
  out->p50 = quantile (run.work, 0.5);
  out->p95 = quantile (run.work, 0.95);
  out->p99 = quantile (run.work, 0.99);
  out->max = quantile (run.work, 1);
  out->interval_p50 = quantile (run.interval, 0.5);
  out->interval_p95 = quantile (run.interval, 0.95);
  for (guint k = 0; k < N_LAYERS; k++)
    {
      out->layer_mean[k] = mean (run.layer[k]);
      out->layer_p95[k] = quantile (run.layer[k], 0.95);
      g_array_unref (run.layer[k]);
    }
  g_array_unref (run.work);
  g_array_unref (run.interval);
}

static void
print_run (const char *label, const RunFigures *f)
{
  g_print ("    %-26s work p50 %5.1f  p95 %5.1f  p99 %5.1f  max %5.1f ms; %3u/%u over %.1f ms; "
           "interval p50 %4.1f p95 %4.1f ms  %s\n",
           label, f->p50, f->p95, f->p99, f->max, f->over, f->n, FRAME_BUDGET_MS, f->interval_p50,
           f->interval_p95, bench_verdict (f->p95 <= FRAME_BUDGET_MS));
  g_print ("    %-26s snapshot mean/p95:", "");
  for (guint k = 0; k < N_LAYERS; k++)
    if (isfinite (f->layer_mean[k]))
      g_print ("  %s %.2f/%.2f ms", layer_names[k], f->layer_mean[k], f->layer_p95[k]);
  g_print ("\n");
}

static GtkWidget *
find_heat_layer (SnMapPage *page)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (sn_map_page_get_map (page)));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (SN_IS_HEAT_LAYER (child))
      return child;
  g_error ("no heat layer");
}

static void
show_layers (SnMapPage *page, gboolean districts, gboolean heat, gboolean clusters)
{
  gtk_widget_set_visible (GTK_WIDGET (sn_map_page_get_district_layer (page)), districts);
  gtk_widget_set_visible (find_heat_layer (page), heat);
  sn_cluster_layer_set_show_clusters (sn_map_page_get_cluster_layer (page), clusters);
  sn_cluster_layer_set_show_emerging (sn_map_page_get_cluster_layer (page), clusters);
}

static double
measure_pans (SnMapPage *page, const char *what)
{
  static const double zooms[] = { 11, 13, 15 };
  double worst = 0;

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autofree char *label = g_strdup_printf ("pan, %s, zoom %.0f", what, zooms[z]);
      RunFigures f;

      run_motion (page, MOTION_PAN, zooms[z], z * 3, n_frames, &f);
      print_run (label, &f);
      worst = MAX (worst, f.p95);
    }
  return worst;
}

static void
frame_cb (GdkFrameClock *clock, int *frames)
{
  ++*frames;
}

static void
wait_frames (GtkWidget *widget, int n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  int frames = 0;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_cb), &frames);

  while (frames < n)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, id);
}

static gboolean
settled_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for half a second, then for two frames. */
static void
settle (GtkWidget *widget)
{
  gboolean done = FALSE;

  g_timeout_add (500, settled_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  wait_frames (widget, 2);
}

/* The map as drawn, to check by eye that the layers look as they should. */
static void
save_screenshot (SnMapPage *page, double zoom)
{
  ShumateMap *map = sn_map_page_get_map (page);
  GtkWidget *widget = GTK_WIDGET (map);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = g_strdup_printf ("%s-%.0f.png", screenshot, zoom);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  shumate_viewport_set_zoom_level (shumate_map_get_viewport (map), zoom);
  shumate_map_center_on (map, route[0][0], route[0][1]);
  wait_frames (widget, 5);
  /* The layers draw coarse while the zoom moves and sharp once it has settled. */
  settle (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_texture_save_to_png (texture, path);
  g_print ("  saved %s\n", path);
}

static void
first_frame_cb (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) options = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (SnContext) context = NULL;
  SnConsoleModel *model;
  City city = { 0 };
  GtkWidget *window, *page;
  SnMapData *data;
  double load_s, pan_all, pan_clusters;
  gboolean painted = FALSE;
  gulong painted_id;
  RunFigures f;
  guint drawn, total;
  gint64 start;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    g_error ("%s", error->message);
  gtk_init ();
  adw_init ();
  g_resources_register (sn_console_get_resource ());
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "map-window", "all");
  g_settings_set_uint (settings, "map-layers", 15);
  g_settings_set_uint (settings, "map-measure", SN_MAP_MEASURE_PER_10K);
  context = sn_context_new (settings);
  model = sn_context_get_model (context);

  city_init (&city);
  load_s = load_snapshot (&city, model);
  g_print ("bench-map: %u work orders around %d hotspots in %u districts; snapshot applied in "
           "%.2f s; RSS %.0f MiB\n",
           sn_console_model_get_n_tickets (model), n_hotspots, city.n_areas, load_s,
           bench_rss_mib ("VmRSS:"));

  measure_capture (&city, model);
  g_print ("  RSS after the capture runs %.0f MiB\n", bench_rss_mib ("VmRSS:"));

  /* The page alone in a window, its districts given directly (no hub). */
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  page = sn_map_page_new (context);
  gtk_window_set_child (GTK_WINDOW (window), page);
  data = sn_map_page_get_data (SN_MAP_PAGE (page));
  start = g_get_monotonic_time ();
  sn_map_data_set_areas (data, g_steal_pointer (&city.areas), city.populations);
  sn_map_data_update_sync (data);
  g_print ("  the page's data: captured and aggregated in %.0f ms; RSS %.0f MiB\n",
           (g_get_monotonic_time () - start) / 1e3, bench_rss_mib ("VmRSS:"));
  measure_filters (data);

  wrap_layer_snapshots ();
  gtk_window_present (GTK_WINDOW (window));
  painted_id = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                                 G_CALLBACK (first_frame_cb), &painted);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), painted_id);
  /* Once, with the window's size, so a later update does not zoom out under a run. */
  sn_map_page_zoom_to_districts (SN_MAP_PAGE (page));
  g_print ("  frames of the map (%d × %d px, GSK_RENDERER=%s), %d frames per run after %d of "
           "warm-up; work = before-paint to after-paint on the UI thread (target p95 ≤ %.1f ms):\n",
           gtk_widget_get_width (GTK_WIDGET (sn_map_page_get_map (SN_MAP_PAGE (page)))),
           gtk_widget_get_height (GTK_WIDGET (sn_map_page_get_map (SN_MAP_PAGE (page)))),
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default", n_frames,
           WARMUP_FRAMES, FRAME_BUDGET_MS);

  show_layers (SN_MAP_PAGE (page), TRUE, TRUE, TRUE);
  pan_all = measure_pans (SN_MAP_PAGE (page), "all layers");
  show_layers (SN_MAP_PAGE (page), FALSE, FALSE, TRUE);
  pan_clusters = measure_pans (SN_MAP_PAGE (page), "clusters only");

  show_layers (SN_MAP_PAGE (page), TRUE, TRUE, TRUE);
  run_motion (SN_MAP_PAGE (page), MOTION_ZOOM, 9, 0, n_frames, &f);
  print_run ("zoom 9→16→9, all layers", &f);
  sn_cluster_layer_get_n_drawn (sn_map_page_get_cluster_layer (SN_MAP_PAGE (page)), &total);

  g_print ("  each layer alone, pan at zoom 13:\n");
  show_layers (SN_MAP_PAGE (page), FALSE, FALSE, FALSE);
  run_motion (SN_MAP_PAGE (page), MOTION_PAN, 13, 0, n_frames, &f);
  print_run ("base map only", &f);
  show_layers (SN_MAP_PAGE (page), TRUE, FALSE, FALSE);
  run_motion (SN_MAP_PAGE (page), MOTION_PAN, 13, 0, n_frames, &f);
  print_run ("districts only", &f);
  show_layers (SN_MAP_PAGE (page), FALSE, TRUE, FALSE);
  run_motion (SN_MAP_PAGE (page), MOTION_PAN, 13, 0, n_frames, &f);
  print_run ("heat only", &f);
  show_layers (SN_MAP_PAGE (page), FALSE, FALSE, TRUE);
  run_motion (SN_MAP_PAGE (page), MOTION_PAN, 13, 0, n_frames, &f);
  print_run ("clusters only", &f);
  drawn = sn_cluster_layer_get_n_drawn (sn_map_page_get_cluster_layer (SN_MAP_PAGE (page)), &total);
  g_print ("    (the last cluster frame: %u clusters holding %u work orders)\n", drawn, total);

  g_print ("  each layer alone, zoom 9→16→9:\n");
  {
    static const struct
    {
      const char *label;
      gboolean districts, heat, clusters;
    } alone[] = {
      { "base map only", FALSE, FALSE, FALSE },
      { "districts only", TRUE, FALSE, FALSE },
      { "heat only", FALSE, TRUE, FALSE },
      { "clusters only", FALSE, FALSE, TRUE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (alone); i++)
      {
        show_layers (SN_MAP_PAGE (page), alone[i].districts, alone[i].heat, alone[i].clusters);
        run_motion (SN_MAP_PAGE (page), MOTION_ZOOM, 9, 0, n_frames, &f);
        print_run (alone[i].label, &f);
      }
  }

  g_print ("  panning: worst p95 with all layers %.1f ms, clusters only %.1f ms "
           "(target ≤ %.1f ms) %s\n",
           pan_all, pan_clusters, FRAME_BUDGET_MS,
           bench_verdict (MAX (pan_all, pan_clusters) <= FRAME_BUDGET_MS));
  if (screenshot != NULL)
    {
      show_layers (SN_MAP_PAGE (page), TRUE, TRUE, TRUE);
      save_screenshot (SN_MAP_PAGE (page), 11);
      save_screenshot (SN_MAP_PAGE (page), 15);
      save_screenshot (SN_MAP_PAGE (page), 17);
    }
  g_print ("  RSS at the end %.0f MiB, peak %.0f MiB\n", bench_rss_mib ("VmRSS:"),
           bench_rss_mib ("VmHWM:"));
  gtk_window_destroy (GTK_WINDOW (window));
  city_clear (&city);
  return 0;
}
