/* sn-heat-layer.c — density of work-order locations
 *
 * Counts of the grid level whose cells are about BIN pixels wide are gathered into a
 * screen-aligned grid, blurred, and coloured on a logarithmic scale normalised to the
 * view's 99th percentile: the hot spots of what is on screen stand out at every zoom
 * instead of one downtown cell saturating the whole city.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "sn-map-layers.h"

#define BIN 6.0 /* pixels per heat bin */

struct _SnHeatLayer
{
  ShumateLayer parent_instance;

  SnMapData *data;
};

G_DEFINE_FINAL_TYPE (SnHeatLayer, sn_heat_layer, SHUMATE_TYPE_LAYER)

typedef struct
{
  const SnMapTransform *t;
  float *grid;
  int width, height;
} Gather;

static void
gather_cell (const SnHotspotCell *cell, gpointer user_data)
{
  Gather *g = user_data;
  double wx, wy;
  int gx, gy;

  sn_map_transform_to_widget (g->t, cell->mean_x, cell->mean_y, &wx, &wy);
  gx = (int) floor (wx / BIN) + 1;
  gy = (int) floor (wy / BIN) + 1;
  if (gx >= 0 && gx < g->width && gy >= 0 && gy < g->height)
    g->grid[gy * g->width + gx] += cell->count;
}

/* One pass of a 3×3 box blur; twice is close to a Gaussian. */
static void
blur (float *grid, float *tmp, int w, int h)
{
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        float sum = 0;

        for (int dx = -1; dx <= 1; dx++)
          sum += grid[y * w + CLAMP (x + dx, 0, w - 1)];
        tmp[y * w + x] = sum / 3;
      }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        float sum = 0;

        for (int dy = -1; dy <= 1; dy++)
          sum += tmp[CLAMP (y + dy, 0, h - 1) * w + x];
        grid[y * w + x] = sum / 3;
      }
}

/* The @k-th smallest of @values (0-based), moving them about: Hoare's selection, O(n) on
 * average, where sorting them all each frame took as long as the rest of the layer. */
static float
select_kth (float *values, int n, int k)
{
  int lo = 0, hi = n - 1;

  while (lo < hi)
    {
      float pivot = values[lo + (hi - lo) / 2];
      int i = lo, j = hi;

      while (i <= j)
        {
          while (values[i] < pivot)
            i++;
          while (values[j] > pivot)
            j--;
          if (i <= j)
            {
              float swap = values[i];

              values[i++] = values[j];
              values[j--] = swap;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }
  return values[k];
}

/* The 99th percentile of the bins that have anything. */
static double
view_reference (const float *grid, int n)
{
  g_autofree float *values = g_new (float, MAX (n, 1));
  int m = 0;

  for (int i = 0; i < n; i++)
    if (grid[i] > 0.01f)
      values[m++] = grid[i];
  if (m == 0)
    return 0;
  return select_kth (values, m, MIN (m - 1, (int) (m * 0.99)));
}

static cairo_surface_t *
paint_grid (const float *grid, int w, int h, double reference)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  double norm = log1p (reference);

  for (int y = 0; y < h; y++)
    {
      guint32 *row = (guint32 *) (data + y * stride);

      for (int x = 0; x < w; x++)
        {
          double v = grid[y * w + x], rgba[4];

          if (v <= 0.01)
            {
              row[x] = 0;
              continue;
            }
          sn_map_heat_color (log1p (v) / norm, rgba);
          /* premultiplied ARGB */
          row[x] = ((guint32) (rgba[3] * 255) << 24) | ((guint32) (rgba[0] * rgba[3] * 255) << 16)
                   | ((guint32) (rgba[1] * rgba[3] * 255) << 8)
                   | (guint32) (rgba[2] * rgba[3] * 255);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
sn_heat_layer_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SnHeatLayer *self = SN_HEAT_LAYER (widget);
  const SnHotspotIndex *index = sn_map_data_get_index (self->data);
  g_autofree float *grid = NULL;
  g_autofree float *tmp = NULL;
  cairo_surface_t *surface;
  SnMapTransform t;
  Gather g;
  double x0, y0, x1, y1, reference;
  cairo_t *cr;

  if (index == NULL || !sn_map_transform_init (&t, SHUMATE_LAYER (self)))
    return;
  /* One bin of margin on each side, so the blur does not fade at the edges. */
  g.t = &t;
  g.width = (int) ceil (t.width / BIN) + 2;
  g.height = (int) ceil (t.height / BIN) + 2;
  grid = g.grid = g_new0 (float, g.width *g.height);
  tmp = g_new (float, g.width *g.height);
  sn_map_transform_to_world (&t, -BIN, -BIN, &x0, &y0);
  sn_map_transform_to_world (&t, t.width + BIN, t.height + BIN, &x1, &y1);
  sn_hotspot_index_foreach_in (index, sn_map_transform_level (&t, BIN), x0, y0, x1, y1, gather_cell,
                               &g);
  blur (grid, tmp, g.width, g.height);
  blur (grid, tmp, g.width, g.height);
  reference = view_reference (grid, g.width * g.height);
  if (reference <= 0)
    return;
  surface = paint_grid (grid, g.width, g.height, reference);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, t.width, t.height));
  cairo_translate (cr, -BIN, -BIN);
  cairo_scale (cr, BIN, BIN);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
sn_heat_layer_dispose (GObject *object)
{
  SnHeatLayer *self = SN_HEAT_LAYER (object);

  if (self->data != NULL)
    g_signal_handlers_disconnect_by_data (self->data, self);
  g_clear_object (&self->data);
  G_OBJECT_CLASS (sn_heat_layer_parent_class)->dispose (object);
}

static void
sn_heat_layer_class_init (SnHeatLayerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sn_heat_layer_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = sn_heat_layer_snapshot;
}

static void
sn_heat_layer_init (SnHeatLayer *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

SnHeatLayer *
sn_heat_layer_new (ShumateViewport *viewport, SnMapData *data)
{
  SnHeatLayer *self = g_object_new (SN_TYPE_HEAT_LAYER, "viewport", viewport, NULL);

  self->data = g_object_ref (data);
  g_signal_connect_swapped (data, "updated", G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_connect_object (viewport, "notify", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
  return self;
}
