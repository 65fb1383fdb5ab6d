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
/* The grid is kept with this many bins around the view (see SnMapCache). */
#define MARGIN_BINS 43

struct _SnHeatLayer
{
  ShumateLayer parent_instance;

  SnMapData *data;
  guint64 generation; /* of the data: counts "updated" */
  SnMapCache cache;
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

/* The 99th percentile of the bins that have anything in the @w × @h bins from (@x, @y) of
 * the grid @width bins wide. */
static double
view_reference (const float *grid, int width, int x, int y, int w, int h)
{
  g_autofree float *values = g_new (float, MAX (w * h, 1));
  int m = 0;

  for (int r = y; r < y + h; r++)
    for (int c = x; c < x + w; c++)
      if (grid[r * width + c] > 0.01f)
        values[m++] = grid[r * width + c];
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

/* Counts, blur and colours for the view @t and a margin around it, into the cache: frames
 * while panning draw it moved, frames while zooming scaled, until the view leaves it, the
 * zoom settles or the data changes. The colours are normalised to the view's bins. */
static void
update_cache (SnHeatLayer *self, const SnHotspotIndex *index, const SnMapTransform *t,
              int scale_factor, guint64 stamp)
{
  g_autofree float *grid = NULL;
  g_autofree float *tmp = NULL;
  SnMapTransform outer, inner;
  Gather g;
  double x0, y0, x1, y1, reference;
  int view_w, view_h;

  /* Bin (x, y) covers @outer's pixels from (x, y) · BIN: the margin and one bin more, so the
   * blur does not fade at the edges (gather_cell bins from one bin left of and above
   * @inner's origin). */
  sn_map_transform_grow (t, (MARGIN_BINS + 1) * BIN, &outer);
  sn_map_transform_grow (t, MARGIN_BINS * BIN, &inner);
  view_w = (int) ceil (t->width / BIN) + 2;
  view_h = (int) ceil (t->height / BIN) + 2;
  g.t = &inner;
  g.width = view_w + 2 * MARGIN_BINS;
  g.height = view_h + 2 * MARGIN_BINS;
  grid = g.grid = g_new0 (float, g.width *g.height);
  tmp = g_new (float, g.width *g.height);
  sn_map_transform_to_world (&outer, 0, 0, &x0, &y0);
  sn_map_transform_to_world (&outer, g.width * BIN, g.height * BIN, &x1, &y1);
  sn_hotspot_index_foreach_in (index, sn_map_transform_level (t, BIN), x0, y0, x1, y1, gather_cell,
                               &g);
  blur (grid, tmp, g.width, g.height);
  blur (grid, tmp, g.width, g.height);
  reference = view_reference (grid, g.width, MARGIN_BINS, MARGIN_BINS, view_w, view_h);
  sn_map_cache_set (&self->cache, t, (MARGIN_BINS + 1) * BIN, scale_factor, stamp,
                    reference > 0 ? paint_grid (grid, g.width, g.height, reference) : NULL, BIN);
}

static void
sn_heat_layer_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SnHeatLayer *self = SN_HEAT_LAYER (widget);
  const SnHotspotIndex *index = sn_map_data_get_index (self->data);
  int scale_factor = gtk_widget_get_scale_factor (widget);
  SnMapTransform t;
  guint64 stamp;

  if (index == NULL || !sn_map_transform_init (&t, SHUMATE_LAYER (self)))
    {
      sn_map_cache_clear (&self->cache);
      return;
    }
  stamp = sn_map_hash (0, &self->generation, sizeof self->generation);
  stamp = sn_map_hash (stamp, &index, sizeof index);
  stamp = sn_map_hash (stamp, &t.width, sizeof t.width);
  stamp = sn_map_hash (stamp, &t.height, sizeof t.height);
  if (!sn_map_cache_usable (&self->cache, widget, &t, stamp))
    update_cache (self, index, &t, scale_factor, stamp);
  sn_map_cache_append (&self->cache, snapshot, &t);
}

static void
data_updated (SnHeatLayer *self)
{
  self->generation++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
sn_heat_layer_dispose (GObject *object)
{
  SnHeatLayer *self = SN_HEAT_LAYER (object);

  if (self->data != NULL)
    g_signal_handlers_disconnect_by_data (self->data, self);
  g_clear_object (&self->data);
  sn_map_cache_clear (&self->cache);
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
  g_signal_connect_swapped (data, "updated", G_CALLBACK (data_updated), self);
  g_signal_connect_object (viewport, "notify", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
  return self;
}
