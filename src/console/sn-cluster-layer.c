/* sn-cluster-layer.c — grid clusters with counts that split as the map zooms in, coloured
 * by the worst SLA state inside; single work orders as dots at street level; emerging
 * hotspots outlined
 *
 * The clusters are the cells of the SnHotspotIndex level whose cells are about CELL pixels
 * wide, drawn at the centroid of their points; a zoom step moves one level down, so each
 * cluster splits into at most four.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sn-map-layers.h"

#define CELL 56.0 /* pixels per cluster cell */
#define DOTS_ZOOM 16.0 /* from this zoom on, work orders are drawn one by one */
#define MAX_DOTS 20000
/* Markers are drawn once into small images and then copied: a copy costs a few
 * microseconds, where filling and stroking a circle and laying out its count cost tens. */
#define MAX_SPRITES 2048

typedef struct
{
  double x, y, radius;
  guint level;
  guint32 cx, cy;
} Drawn;

struct _SnClusterLayer
{
  ShumateLayer parent_instance;

  SnMapData *data;
  gboolean show_clusters;
  gboolean show_emerging;
  GArray *drawn; /* Drawn */
  GArray *emerging_boxes; /* graphene_rect_t, by emerging index */
  guint drawn_total;
  GHashTable *sprites; /* key (see marker_sprite) → cairo_surface_t */
};

G_DEFINE_FINAL_TYPE (SnClusterLayer, sn_cluster_layer, SHUMATE_TYPE_LAYER)

typedef struct
{
  SnClusterLayer *self;
  const SnMapTransform *t;
  const SnHotspotIndex *index;
  const SnHotspotPoint *points;
  cairo_t *cr;
  guint level;
  gboolean dots;
  guint n_dots;
} Draw;

static double
cluster_radius (guint count)
{
  return MIN (9 + 5 * log10 ((double) count), 26);
}

/* A marker: a disc of @sla's colour with a white ring of @line_width and @ring_alpha, and
 * @text (or none) in white on it, centred in an image of side *@size (logical pixels). */
static cairo_surface_t *
marker_sprite (SnClusterLayer *self, SnSlaClass sla, double radius, double line_width,
               double ring_alpha, const char *text, int *size)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_autofree char *key = g_strdup_printf ("%d %d %g %g %g %s", scale, sla, radius, line_width,
                                          ring_alpha, text ? text : "");
  cairo_surface_t *sprite = g_hash_table_lookup (self->sprites, key);
  PangoLayout *layout = NULL;
  GdkRGBA color;
  cairo_t *cr;
  int w = 0, h = 0, side;

  if (sprite != NULL)
    {
      *size = cairo_image_surface_get_width (sprite) / scale;
      return sprite;
    }
  if (text != NULL)
    {
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      pango_layout_get_pixel_size (layout, &w, &h);
    }
  /* Even, so a marker drawn at a whole pixel has its centre on a pixel corner. */
  side = 2 * (int) ceil (MAX (radius + line_width / 2 + 1, MAX (w, h) / 2.0 + 1));
  *size = side;
  if (g_hash_table_size (self->sprites) >= MAX_SPRITES)
    g_hash_table_remove_all (self->sprites);
  sprite = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, side * scale, side * scale);
  cairo_surface_set_device_scale (sprite, scale, scale);
  cr = cairo_create (sprite);
  sn_map_sla_color (sla, &color);
  cairo_arc (cr, side / 2.0, side / 2.0, radius, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, ring_alpha);
  cairo_set_line_width (cr, line_width);
  cairo_stroke (cr);
  if (layout != NULL)
    {
      cairo_move_to (cr, side / 2.0 - w / 2.0, side / 2.0 - h / 2.0);
      cairo_set_source_rgb (cr, 1, 1, 1);
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
    }
  cairo_destroy (cr);
  g_hash_table_insert (self->sprites, g_steal_pointer (&key), sprite);
  return sprite;
}

static void
paint_marker (cairo_t *cr, cairo_surface_t *sprite, int size, double x, double y)
{
  double left = round (x) - size / 2, top = round (y) - size / 2;

  cairo_set_source_surface (cr, sprite, left, top);
  cairo_rectangle (cr, left, top, size, size);
  cairo_fill (cr);
}

static void
draw_dots (Draw *d, const SnHotspotCell *cell)
{
  const guint32 *members = sn_hotspot_index_get_members (d->index);

  for (guint i = 0; i < cell->count && d->n_dots < MAX_DOTS; i++, d->n_dots++)
    {
      const SnHotspotPoint *p = &d->points[members[cell->first + i]];
      Drawn drawn = { 0, 0, 5, SN_HOTSPOT_MAX_LEVEL, 0, 0 };
      cairo_surface_t *sprite;
      int size;

      sn_map_transform_to_widget (d->t, p->x, p->y, &drawn.x, &drawn.y);
      drawn.cx = (guint32) (p->x * (1u << SN_HOTSPOT_MAX_LEVEL));
      drawn.cy = (guint32) (p->y * (1u << SN_HOTSPOT_MAX_LEVEL));
      sprite = marker_sprite (d->self, p->open ? (SnSlaClass) p->sla : SN_SLA_FINE, 4.5, 1, 0.9,
                              NULL, &size);
      paint_marker (d->cr, sprite, size, drawn.x, drawn.y);
      g_array_append_val (d->self->drawn, drawn);
    }
}

static void
draw_cell (const SnHotspotCell *cell, gpointer user_data)
{
  Draw *d = user_data;
  Drawn drawn = { 0, 0, cluster_radius (cell->count), d->level, cell->cx, cell->cy };
  g_autofree char *text = NULL;
  cairo_surface_t *sprite;
  int size;

  d->self->drawn_total += cell->count;
  if (d->dots)
    {
      draw_dots (d, cell);
      return;
    }
  sn_map_transform_to_widget (d->t, cell->mean_x, cell->mean_y, &drawn.x, &drawn.y);
  /* Radii in quarter pixels, so a view's clusters share a few dozen images. */
  drawn.radius = round (drawn.radius * 4) / 4;
  text = cell->count >= 10000 ? g_strdup_printf ("%.0fk", cell->count / 1000.0)
                              : g_strdup_printf ("%u", cell->count);
  sprite = marker_sprite (d->self, (SnSlaClass) cell->worst, drawn.radius, 1.5, 0.95, text, &size);
  paint_marker (d->cr, sprite, size, drawn.x, drawn.y);
  g_array_append_val (d->self->drawn, drawn);
}

static void
draw_emerging (SnClusterLayer *self, cairo_t *cr, const SnMapTransform *t)
{
  GArray *emerging = sn_map_data_get_emerging (self->data);
  static const double dash[] = { 4, 3 };

  g_array_set_size (self->emerging_boxes, 0);
  for (guint i = 0; emerging != NULL && i < emerging->len; i++)
    {
      const SnHotspotEmerging *e = &g_array_index (emerging, SnHotspotEmerging, i);
      double size = 1.0 / (1u << e->level), ax, ay, bx, by, cx, cy;
      graphene_rect_t box;

      sn_map_transform_to_widget (t, e->cx * size, e->cy * size, &ax, &ay);
      sn_map_transform_to_widget (t, (e->cx + 1) * size, (e->cy + 1) * size, &bx, &by);
      /* Too small to see: a fixed square around the cell's centre. */
      if (bx - ax < 18)
        {
          cx = (ax + bx) / 2;
          cy = (ay + by) / 2;
          ax = cx - 9, bx = cx + 9, ay = cy - 9, by = cy + 9;
        }
      box = GRAPHENE_RECT_INIT (ax, ay, bx - ax, by - ay);
      g_array_append_val (self->emerging_boxes, box);
      cairo_new_path (cr);
      cairo_rectangle (cr, ax, ay, bx - ax, by - ay);
      cairo_set_source_rgba (cr, 0.62, 0.10, 0.65, 0.95);
      cairo_set_line_width (cr, 2.5);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

static void
sn_cluster_layer_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SnClusterLayer *self = SN_CLUSTER_LAYER (widget);
  const SnHotspotIndex *index = sn_map_data_get_index (self->data);
  SnMapTransform t;
  double x0, y0, x1, y1;
  Draw d = { self };

  g_array_set_size (self->drawn, 0);
  g_array_set_size (self->emerging_boxes, 0);
  self->drawn_total = 0;
  if (index == NULL || !sn_map_transform_init (&t, SHUMATE_LAYER (self)))
    return;
  d.cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, t.width, t.height));
  d.t = &t;
  d.index = index;
  d.points = sn_map_data_get_index_points (self->data);
  d.level = sn_map_transform_level (&t, CELL);
  d.dots = t.zoom >= DOTS_ZOOM;
  if (self->show_clusters)
    {
      sn_map_transform_to_world (&t, -CELL, -CELL, &x0, &y0);
      sn_map_transform_to_world (&t, t.width + CELL, t.height + CELL, &x1, &y1);
      sn_hotspot_index_foreach_in (index, d.level, x0, y0, x1, y1, draw_cell, &d);
    }
  if (self->show_emerging)
    draw_emerging (self, d.cr, &t);
  cairo_destroy (d.cr);
}

static void
sn_cluster_layer_dispose (GObject *object)
{
  SnClusterLayer *self = SN_CLUSTER_LAYER (object);

  if (self->data != NULL)
    g_signal_handlers_disconnect_by_data (self->data, self);
  g_clear_object (&self->data);
  G_OBJECT_CLASS (sn_cluster_layer_parent_class)->dispose (object);
}

static void
sn_cluster_layer_finalize (GObject *object)
{
  SnClusterLayer *self = SN_CLUSTER_LAYER (object);

  g_array_unref (self->drawn);
  g_array_unref (self->emerging_boxes);
  g_hash_table_unref (self->sprites);
  G_OBJECT_CLASS (sn_cluster_layer_parent_class)->finalize (object);
}

static void
sn_cluster_layer_class_init (SnClusterLayerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sn_cluster_layer_dispose;
  G_OBJECT_CLASS (klass)->finalize = sn_cluster_layer_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = sn_cluster_layer_snapshot;
}

static void
sn_cluster_layer_init (SnClusterLayer *self)
{
  self->show_clusters = TRUE;
  self->show_emerging = TRUE;
  self->drawn = g_array_new (FALSE, FALSE, sizeof (Drawn));
  self->emerging_boxes = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  self->sprites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) cairo_surface_destroy);
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

SnClusterLayer *
sn_cluster_layer_new (ShumateViewport *viewport, SnMapData *data)
{
  SnClusterLayer *self = g_object_new (SN_TYPE_CLUSTER_LAYER, "viewport", viewport, NULL);

  self->data = g_object_ref (data);
  g_signal_connect_swapped (data, "updated", G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_connect_object (viewport, "notify", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
  return self;
}

void
sn_cluster_layer_set_show_clusters (SnClusterLayer *self, gboolean show)
{
  g_return_if_fail (SN_IS_CLUSTER_LAYER (self));
  self->show_clusters = show;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sn_cluster_layer_set_show_emerging (SnClusterLayer *self, gboolean show)
{
  g_return_if_fail (SN_IS_CLUSTER_LAYER (self));
  self->show_emerging = show;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
sn_cluster_layer_pick (SnClusterLayer *self, double x, double y, guint *level, guint32 *cx,
                       guint32 *cy)
{
  g_return_val_if_fail (SN_IS_CLUSTER_LAYER (self), FALSE);

  /* The last drawn is on top. */
  for (guint i = self->drawn->len; i-- > 0;)
    {
      const Drawn *d = &g_array_index (self->drawn, Drawn, i);

      if (hypot (x - d->x, y - d->y) <= d->radius + 2)
        {
          *level = d->level;
          *cx = d->cx;
          *cy = d->cy;
          return TRUE;
        }
    }
  return FALSE;
}

int
sn_cluster_layer_pick_emerging (SnClusterLayer *self, double x, double y)
{
  g_return_val_if_fail (SN_IS_CLUSTER_LAYER (self), -1);

  for (guint i = 0; i < self->emerging_boxes->len; i++)
    {
      const graphene_rect_t *box = &g_array_index (self->emerging_boxes, graphene_rect_t, i);

      if (graphene_rect_contains_point (box, &GRAPHENE_POINT_INIT ((float) x, (float) y)))
        return (int) i;
    }
  return -1;
}

guint
sn_cluster_layer_get_n_drawn (SnClusterLayer *self, guint *total)
{
  g_return_val_if_fail (SN_IS_CLUSTER_LAYER (self), 0);
  if (total != NULL)
    *total = self->drawn_total;
  return self->drawn->len;
}

gboolean
sn_cluster_layer_get_drawn (SnClusterLayer *self, guint i, double *x, double *y, guint *level,
                            guint32 *cx, guint32 *cy)
{
  const Drawn *d;

  g_return_val_if_fail (SN_IS_CLUSTER_LAYER (self), FALSE);
  if (i >= self->drawn->len)
    return FALSE;
  d = &g_array_index (self->drawn, Drawn, i);
  *x = d->x;
  *y = d->y;
  *level = d->level;
  *cx = d->cx;
  *cy = d->cy;
  return TRUE;
}
