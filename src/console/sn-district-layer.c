/* sn-district-layer.c — district boundaries as a choropleth of the selected measure, with
 * each district's name and value where it is large enough on screen
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sn-map-layers.h"

/* Labels only for districts at least this wide on screen. */
#define LABEL_MIN_WIDTH 60.0
/* Room around a label's text for its halo. */
#define LABEL_PAD 3
#define MAX_LABELS 256
/* The drawing is kept with this much room around the view (see SnMapCache). */
#define CACHE_MARGIN 256.0

struct _SnDistrictLayer
{
  ShumateLayer parent_instance;

  SnMapData *data;
  SnMapMeasure measure;
  SnMapScale scale;
  GArray *drawn; /* double per district, the values of the last drawing */
  /* Every ring's vertices in world coordinates (x, y pairs), projected once per set of
   * areas rather than every frame; offsets[i] is where area i's start. */
  const SnGeoAreas *world_areas;
  GArray *world; /* double */
  GArray *offsets; /* guint */
  /* By vertex, as world: TRUE where the edge to the next vertex of the ring was already
   * met in an earlier ring (a border two districts share), so it is stroked once. */
  GArray *shared; /* gboolean */
  GHashTable *labels; /* scale and markup → cairo_surface_t of the text with its halo */
  SnMapCache cache;
};

G_DEFINE_FINAL_TYPE (SnDistrictLayer, sn_district_layer, SHUMATE_TYPE_LAYER)

/* An edge as its two ends in a fixed order: lon, lat, lon, lat. */
static guint
edge_hash (gconstpointer key)
{
  const double *e = key;
  guint h = 0;

  for (guint i = 0; i < 4; i++)
    h = h * 31 + g_double_hash (&e[i]);
  return h;
}

static gboolean
edge_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, 4 * sizeof (double)) == 0;
}

static void
project_areas (SnDistrictLayer *self, const SnGeoAreas *areas)
{
  guint n = sn_geo_areas_get_n_areas (areas);
  GHashTable *edges;

  if (self->world_areas == areas && self->offsets->len == n + 1)
    return;
  self->world_areas = areas;
  g_array_set_size (self->world, 0);
  g_array_set_size (self->offsets, 0);
  g_array_set_size (self->shared, 0);
  edges = g_hash_table_new_full (edge_hash, edge_equal, g_free, NULL);
  for (guint i = 0; i < n; i++)
    {
      const SnGeoArea *area = sn_geo_areas_get (areas, i);
      guint offset = self->world->len;

      g_array_append_val (self->offsets, offset);
      for (guint p = 0; p < area->n_polygons; p++)
        for (guint r = 0; r < area->polygons[p].n_rings; r++)
          {
            const SnGeoRing *ring = &area->polygons[p].rings[r];

            for (guint k = 0; k < ring->n_points; k++)
              {
                double xy[2];

                const SnGeoPoint *a = &ring->points[k];
                const SnGeoPoint *b = &ring->points[(k + 1) % ring->n_points];
                gboolean a_first = a->x < b->x || (a->x == b->x && a->y < b->y);
                double *edge = g_new (double, 4);
                gboolean shared;

                sn_hotspot_project (ring->points[k].y, ring->points[k].x, &xy[0], &xy[1]);
                g_array_append_vals (self->world, xy, 2);
                edge[0] = a_first ? a->x : b->x;
                edge[1] = a_first ? a->y : b->y;
                edge[2] = a_first ? b->x : a->x;
                edge[3] = a_first ? b->y : a->y;
                shared = !g_hash_table_add (edges, edge);
                g_array_append_val (self->shared, shared);
              }
          }
    }
  g_array_append_val (self->offsets, self->world->len);
  g_hash_table_unref (edges);
}

/* The borders of @area not stroked already, as runs of edges. @world and @shared: the
 * area's vertices and flags (see SnDistrictLayer). */
static void
border_path (cairo_t *cr, const SnMapTransform *t, const SnGeoArea *area, const double *world,
             const gboolean *shared)
{
  for (guint p = 0; p < area->n_polygons; p++)
    for (guint r = 0; r < area->polygons[p].n_rings; r++)
      {
        guint n = area->polygons[p].rings[r].n_points;
        gboolean down = FALSE;

        for (guint i = 0; i < n; i++)
          {
            double wx, wy;

            if (shared[i])
              {
                down = FALSE;
                continue;
              }
            if (!down)
              {
                sn_map_transform_to_widget (t, world[2 * i], world[2 * i + 1], &wx, &wy);
                cairo_move_to (cr, wx, wy);
                down = TRUE;
              }
            sn_map_transform_to_widget (t, world[2 * ((i + 1) % n)], world[2 * ((i + 1) % n) + 1],
                                        &wx, &wy);
            cairo_line_to (cr, wx, wy);
          }
        world += 2 * n;
        shared += n;
      }
}

/* @world: the ring's vertices in world coordinates, x, y pairs. */
static void
ring_path (cairo_t *cr, const SnMapTransform *t, const SnGeoRing *ring, const double *world)
{
  double last_x = NAN, last_y = NAN;

  for (guint i = 0; i < ring->n_points; i++)
    {
      double wx, wy;

      sn_map_transform_to_widget (t, world[2 * i], world[2 * i + 1], &wx, &wy);
      /* Vertices closer than half a pixel add nothing at this zoom. */
      if (i > 0 && fabs (wx - last_x) < 0.5 && fabs (wy - last_y) < 0.5)
        continue;
      if (i == 0)
        cairo_move_to (cr, wx, wy);
      else
        cairo_line_to (cr, wx, wy);
      last_x = wx;
      last_y = wy;
    }
  cairo_close_path (cr);
}

static gboolean
area_visible (const SnMapTransform *t, const SnGeoArea *area, double *width)
{
  double x0, y0, x1, y1, ax, ay, bx, by;

  sn_hotspot_project (area->bbox.max_lat, area->bbox.min_lon, &x0, &y0);
  sn_hotspot_project (area->bbox.min_lat, area->bbox.max_lon, &x1, &y1);
  sn_map_transform_to_widget (t, x0, y0, &ax, &ay);
  sn_map_transform_to_widget (t, x1, y1, &bx, &by);
  *width = bx - ax;
  return bx >= 0 && ax <= t->width && by >= 0 && ay <= t->height;
}

/* The label's text with its halo, drawn once for each text; *@w and *@h are the text's size. */
static cairo_surface_t *
label_sprite (SnDistrictLayer *self, const char *text, int *w, int *h)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_autofree char *key = g_strdup_printf ("%d %s", scale, text);
  cairo_surface_t *sprite = g_hash_table_lookup (self->labels, key);
  PangoLayout *layout;
  cairo_t *cr;

  if (sprite != NULL)
    {
      *w = cairo_image_surface_get_width (sprite) / scale - 2 * LABEL_PAD;
      *h = cairo_image_surface_get_height (sprite) / scale - 2 * LABEL_PAD;
      return sprite;
    }
  if (g_hash_table_size (self->labels) >= MAX_LABELS)
    g_hash_table_remove_all (self->labels);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_markup (layout, text, -1);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, w, h);
  sprite = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (*w + 2 * LABEL_PAD) * scale,
                                       (*h + 2 * LABEL_PAD) * scale);
  cairo_surface_set_device_scale (sprite, scale, scale);
  cr = cairo_create (sprite);
  /* A halo keeps the text readable over any fill. */
  cairo_move_to (cr, LABEL_PAD, LABEL_PAD);
  pango_cairo_layout_path (cr, layout);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_set_line_width (cr, 3);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, LABEL_PAD, LABEL_PAD);
  cairo_set_source_rgba (cr, 0.1, 0.1, 0.12, 1);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  g_object_unref (layout);
  g_hash_table_insert (self->labels, g_steal_pointer (&key), sprite);
  return sprite;
}

/* Labels that would overlap one drawn before are left out (larger districts come first). */
static void
draw_label (SnDistrictLayer *self, cairo_t *cr, const SnMapTransform *t, const SnGeoArea *area,
            double value, GArray *taken)
{
  g_autofree char *text = NULL;
  cairo_surface_t *sprite;
  double x, y, wx, wy, left, top;
  int w, h;

  if (!isfinite (value))
    text = g_markup_printf_escaped ("<b>%s</b>", area->name);
  else
    {
      g_autofree char *figure = sn_map_measure_format (self->measure, value);

      text = g_markup_printf_escaped ("<b>%s</b>\n%s", area->name, figure);
    }
  sprite = label_sprite (self, text, &w, &h);
  sn_hotspot_project (area->centroid_lat, area->centroid_lon, &x, &y);
  sn_map_transform_to_widget (t, x, y, &wx, &wy);
  {
    graphene_rect_t box = GRAPHENE_RECT_INIT (wx - w / 2.0, wy - h / 2.0, w, h);

    for (guint i = 0; i < taken->len; i++)
      if (graphene_rect_intersection (&g_array_index (taken, graphene_rect_t, i), &box, NULL))
        return;
    g_array_append_val (taken, box);
  }
  left = round (wx - w / 2.0) - LABEL_PAD;
  top = round (wy - h / 2.0) - LABEL_PAD;
  cairo_set_source_surface (cr, sprite, left, top);
  cairo_rectangle (cr, left, top, w + 2 * LABEL_PAD, h + 2 * LABEL_PAD);
  cairo_fill (cr);
}

static void
draw_area (SnDistrictLayer *self, cairo_t *cr, const SnMapTransform *t, const SnGeoArea *area,
           const double *world, double value)
{
  int klass = sn_map_scale_classify (&self->scale, value);
  GdkRGBA fill;

  cairo_new_path (cr);
  for (guint p = 0; p < area->n_polygons; p++)
    for (guint r = 0; r < area->polygons[p].n_rings; r++)
      {
        ring_path (cr, t, &area->polygons[p].rings[r], world);
        world += 2 * area->polygons[p].rings[r].n_points;
      }
  if (klass >= 0)
    sn_map_scale_color ((guint) klass, self->scale.n_classes, &fill);
  else
    fill = (GdkRGBA){ 0.8, 0.8, 0.8, 1 };
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_source_rgba (cr, fill.red, fill.green, fill.blue, 0.55);
  cairo_fill (cr);
}

static int
compare_widths (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const double *widths = user_data;
  double wa = widths[GPOINTER_TO_UINT (*(gconstpointer *) a)];
  double wb = widths[GPOINTER_TO_UINT (*(gconstpointer *) b)];

  return wa < wb ? 1 : wa > wb ? -1 : 0;
}

/* Fills, borders and labels of the view @t (the cache's, with its margin) on @cr. */
static void
draw_districts (SnDistrictLayer *self, cairo_t *cr, const SnMapTransform *t,
                const SnGeoAreas *areas, const double *values)
{
  guint n = sn_geo_areas_get_n_areas (areas);
  g_autofree double *widths = g_new (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const SnGeoArea *area = sn_geo_areas_get (areas, i);

      if (!area_visible (t, area, &widths[i]))
        {
          widths[i] = 0;
          continue;
        }
      draw_area (self, cr, t, area,
                 &g_array_index (self->world, double, g_array_index (self->offsets, guint, i)),
                 values[i]);
    }
  /* The borders after all fills, in one stroke and each once: stroking every district's
   * outline on its own drew the shared ones twice and cost most of the layer's time. */
  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    if (widths[i] != 0)
      {
        guint offset = g_array_index (self->offsets, guint, i);

        border_path (cr, t, sn_geo_areas_get (areas, i),
                     &g_array_index (self->world, double, offset),
                     &g_array_index (self->shared, gboolean, offset / 2));
      }
  cairo_set_source_rgba (cr, 0.25, 0.25, 0.3, 0.9);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
  {
    g_autoptr (GArray) taken = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
    g_autoptr (GPtrArray) order = g_ptr_array_new ();

    for (guint i = 0; i < n; i++)
      if (widths[i] >= LABEL_MIN_WIDTH)
        g_ptr_array_add (order, GUINT_TO_POINTER (i));
    g_ptr_array_sort_with_data (order, compare_widths, widths);
    for (guint k = 0; k < order->len; k++)
      {
        guint i = GPOINTER_TO_UINT (order->pdata[k]);

        draw_label (self, cr, t, sn_geo_areas_get (areas, i), values[i], taken);
      }
  }
}

/* Rasterizing the districts over the whole widget every frame cost more than the rest of
 * the map: they are drawn once into a cache with a margin, which frames while panning copy
 * and frames while zooming scale, until the view leaves it, the zoom settles, or what it
 * shows changes. */
static void
sn_district_layer_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SnDistrictLayer *self = SN_DISTRICT_LAYER (widget);
  const SnGeoAreas *areas = sn_map_data_get_areas (self->data);
  guint n = areas ? sn_geo_areas_get_n_areas (areas) : 0;
  g_autofree double *values = g_new (double, MAX (n, 1));
  int scale_factor = gtk_widget_get_scale_factor (widget);
  SnMapTransform t;
  guint64 stamp;

  g_array_set_size (self->drawn, n);
  for (guint i = 0; i < n; i++)
    {
      values[i] = sn_map_data_get_measure (self->data, self->measure, i);
      g_array_index (self->drawn, double, i) = NAN;
    }
  sn_map_scale_from_values (&self->scale, values, n);
  if (n == 0 || !sn_map_transform_init (&t, SHUMATE_LAYER (self)))
    {
      sn_map_cache_clear (&self->cache);
      return;
    }
  project_areas (self, areas);
  for (guint i = 0; i < n; i++)
    {
      double width;

      if (area_visible (&t, sn_geo_areas_get (areas, i), &width))
        g_array_index (self->drawn, double, i) = values[i];
    }
  /* What the drawing shows: the values (and so the scale), the measure, the areas, the size. */
  stamp = sn_map_hash (0, values, n * sizeof (double));
  stamp = sn_map_hash (stamp, &self->measure, sizeof self->measure);
  stamp = sn_map_hash (stamp, &areas, sizeof areas);
  stamp = sn_map_hash (stamp, &t.width, sizeof t.width);
  stamp = sn_map_hash (stamp, &t.height, sizeof t.height);
  if (!sn_map_cache_usable (&self->cache, widget, &t, stamp))
    {
      /* While the zoom is animated: coarse, and with room for a zoom out by half when it is
       * out; frames scale it until the zoom settles or has moved by a factor of two. */
      gboolean draft = self->cache.zooming && self->cache.stamp == stamp;
      double margin = !draft                      ? CACHE_MARGIN
                      : self->cache.zoom_step < 0 ? ceil (MAX (t.width, t.height) / 2)
                                                  : 0;
      cairo_t *cr = sn_map_cache_begin (&self->cache, &t, margin, scale_factor, draft, stamp);

      draw_districts (self, cr, &self->cache.t, areas, values);
      sn_map_cache_end (&self->cache, cr);
    }
  sn_map_cache_append (&self->cache, snapshot, &t);
}

static void
sn_district_layer_dispose (GObject *object)
{
  SnDistrictLayer *self = SN_DISTRICT_LAYER (object);

  if (self->data != NULL)
    g_signal_handlers_disconnect_by_data (self->data, self);
  g_clear_object (&self->data);
  sn_map_cache_clear (&self->cache);
  G_OBJECT_CLASS (sn_district_layer_parent_class)->dispose (object);
}

static void
sn_district_layer_finalize (GObject *object)
{
  SnDistrictLayer *self = SN_DISTRICT_LAYER (object);

  g_array_unref (self->drawn);
  g_array_unref (self->world);
  g_array_unref (self->offsets);
  g_array_unref (self->shared);
  g_hash_table_unref (self->labels);
  G_OBJECT_CLASS (sn_district_layer_parent_class)->finalize (object);
}

static void
sn_district_layer_class_init (SnDistrictLayerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sn_district_layer_dispose;
  G_OBJECT_CLASS (klass)->finalize = sn_district_layer_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = sn_district_layer_snapshot;
}

static void
sn_district_layer_init (SnDistrictLayer *self)
{
  self->drawn = g_array_new (FALSE, TRUE, sizeof (double));
  self->world = g_array_new (FALSE, FALSE, sizeof (double));
  self->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  self->shared = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) cairo_surface_destroy);
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

SnDistrictLayer *
sn_district_layer_new (ShumateViewport *viewport, SnMapData *data)
{
  SnDistrictLayer *self = g_object_new (SN_TYPE_DISTRICT_LAYER, "viewport", viewport, NULL);

  self->data = g_object_ref (data);
  g_signal_connect_swapped (data, "updated", G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_connect_object (viewport, "notify", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
  return self;
}

void
sn_district_layer_set_measure (SnDistrictLayer *self, SnMapMeasure measure)
{
  g_return_if_fail (SN_IS_DISTRICT_LAYER (self));
  g_return_if_fail (measure < SN_N_MAP_MEASURES);

  if (self->measure == measure)
    return;
  self->measure = measure;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

SnMapMeasure
sn_district_layer_get_measure (SnDistrictLayer *self)
{
  g_return_val_if_fail (SN_IS_DISTRICT_LAYER (self), SN_MAP_MEASURE_OPEN);
  return self->measure;
}

const SnMapScale *
sn_district_layer_get_scale (SnDistrictLayer *self)
{
  g_return_val_if_fail (SN_IS_DISTRICT_LAYER (self), NULL);
  return &self->scale;
}

int
sn_district_layer_pick (SnDistrictLayer *self, double x, double y)
{
  const SnGeoAreas *areas;
  const SnGeoArea *area;
  SnMapTransform t;
  double wx, wy, lat, lon;

  g_return_val_if_fail (SN_IS_DISTRICT_LAYER (self), -1);
  areas = sn_map_data_get_areas (self->data);
  if (areas == NULL || !sn_map_transform_init (&t, SHUMATE_LAYER (self)))
    return -1;
  sn_map_transform_to_world (&t, x, y, &wx, &wy);
  if (wx < 0 || wx >= 1 || wy < 0 || wy >= 1)
    return -1;
  sn_hotspot_unproject (wx, wy, &lat, &lon);
  area = sn_geo_locate (areas, lat, lon);
  return area != NULL ? (int) sn_geo_areas_index_of (areas, area) : -1;
}

double
sn_district_layer_get_drawn_value (SnDistrictLayer *self, guint district)
{
  g_return_val_if_fail (SN_IS_DISTRICT_LAYER (self), NAN);
  return district < self->drawn->len ? g_array_index (self->drawn, double, district) : NAN;
}
