/* sn-map-view.c — transforms, scales and the plain map source shared by the Map layers
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "sn-map-view.h"

/* ── transform ─────────────────────────────────────────────────────────────────────── */

gboolean
sn_map_transform_init (SnMapTransform *t, ShumateLayer *layer)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (layer);
  GtkWidget *widget = GTK_WIDGET (layer);
  double lat1, lon1, lat2, lon2, ax, ay, bx, by;

  t->width = gtk_widget_get_width (widget);
  t->height = gtk_widget_get_height (widget);
  if (viewport == NULL || t->width <= 0 || t->height <= 0
      || shumate_viewport_get_reference_map_source (viewport) == NULL)
    return FALSE;
  t->zoom = shumate_viewport_get_zoom_level (viewport);
  /* Two points fix an affine map; both away from the antimeridian. */
  sn_hotspot_unproject (0.25, 0.25, &lat1, &lon1);
  sn_hotspot_unproject (0.75, 0.75, &lat2, &lon2);
  shumate_viewport_location_to_widget_coords (viewport, widget, lat1, lon1, &ax, &ay);
  shumate_viewport_location_to_widget_coords (viewport, widget, lat2, lon2, &bx, &by);
  t->scale_x = (bx - ax) / 0.5;
  t->scale_y = (by - ay) / 0.5;
  t->offset_x = ax - 0.25 * t->scale_x;
  t->offset_y = ay - 0.25 * t->scale_y;
  return t->scale_x > 0 && t->scale_y > 0;
}

void
sn_map_transform_to_widget (const SnMapTransform *t, double x, double y, double *wx, double *wy)
{
  *wx = x * t->scale_x + t->offset_x;
  *wy = y * t->scale_y + t->offset_y;
}

void
sn_map_transform_to_world (const SnMapTransform *t, double wx, double wy, double *x, double *y)
{
  *x = (wx - t->offset_x) / t->scale_x;
  *y = (wy - t->offset_y) / t->scale_y;
}

void
sn_map_transform_visible (const SnMapTransform *t, double *x0, double *y0, double *x1, double *y1)
{
  sn_map_transform_to_world (t, 0, 0, x0, y0);
  sn_map_transform_to_world (t, t->width, t->height, x1, y1);
  *x0 = CLAMP (*x0, 0, 1);
  *y0 = CLAMP (*y0, 0, 1);
  *x1 = CLAMP (*x1, 0, 1);
  *y1 = CLAMP (*y1, 0, 1);
}

guint
sn_map_transform_level (const SnMapTransform *t, double pixels)
{
  double level = floor (log2 (t->scale_x / pixels));

  return (guint) CLAMP (level, 0, SN_HOTSPOT_MAX_LEVEL);
}

void
sn_map_transform_grow (const SnMapTransform *t, double margin, SnMapTransform *out)
{
  *out = *t;
  out->offset_x += margin;
  out->offset_y += margin;
  out->width += 2 * margin;
  out->height += 2 * margin;
}

/* ── cached drawings ───────────────────────────────────────────────────────────────── */

/* How long the zoom stays still before a layer is drawn sharp again. */
#define SETTLE_MS 120

void
sn_map_cache_clear (SnMapCache *cache)
{
  g_clear_pointer (&cache->surface, cairo_surface_destroy);
  g_clear_handle_id (&cache->settle_id, g_source_remove);
  cache->stamp = 0;
  cache->settled = FALSE;
}

guint64
sn_map_hash (guint64 hash, gconstpointer data, gsize size)
{
  const guint8 *p = data;

  if (hash == 0)
    hash = G_GUINT64_CONSTANT (14695981039346656037);
  for (gsize i = 0; i < size; i++)
    hash = (hash ^ p[i]) * G_GUINT64_CONSTANT (1099511628211);
  return hash;
}

static gboolean
settle_cb (gpointer user_data)
{
  SnMapCache *cache = user_data;

  cache->settle_id = 0;
  cache->settled = TRUE;
  gtk_widget_queue_draw (cache->widget);
  return G_SOURCE_REMOVE;
}

gboolean
sn_map_cache_usable (SnMapCache *cache, GtkWidget *widget, const SnMapTransform *t, guint64 stamp)
{
  gboolean moved = t->zoom != cache->last_zoom;
  double s, x, y;

  cache->zooming = moved && cache->zoom_step != 0;
  cache->zoom_step = t->zoom - cache->last_zoom;
  cache->last_zoom = t->zoom;
  if (cache->stamp != stamp || cache->scale_factor != gtk_widget_get_scale_factor (widget)
      || !sn_map_cache_place (cache, t, &s, &x, &y))
    return FALSE;
  if (s == 1 && !cache->draft)
    return TRUE;
  if (s > 2 || s < 0.5 || (cache->settled && !moved))
    return FALSE;
  /* Scaled while the zoom moves; sharp once it has stopped. */
  if (moved || cache->settle_id == 0)
    {
      g_clear_handle_id (&cache->settle_id, g_source_remove);
      cache->widget = widget;
      cache->settled = FALSE;
      cache->settle_id = g_timeout_add (SETTLE_MS, settle_cb, cache);
    }
  return TRUE;
}

gboolean
sn_map_cache_place (const SnMapCache *cache, const SnMapTransform *t, double *scale, double *x,
                    double *y)
{
  double s;

  if (cache->surface == NULL)
    return FALSE;
  /* widget = (image − cache offset) / cache scale · scale + offset */
  s = t->scale_x / cache->t.scale_x;
  *x = t->offset_x - cache->t.offset_x * s;
  *y = t->offset_y - cache->t.offset_y * s;
  if (fabs (s - 1) < 1e-9)
    {
      /* The zoom it was drawn at: whole device pixels, a plain copy. */
      s = 1;
      *x = round (*x * cache->scale_factor) / cache->scale_factor;
      *y = round (*y * cache->scale_factor) / cache->scale_factor;
    }
  *scale = s;
  return *x <= 0.01 && *y <= 0.01 && *x + cache->t.width * s >= t->width - 0.01
         && *y + cache->t.height * s >= t->height - 0.01;
}

void
sn_map_cache_set (SnMapCache *cache, const SnMapTransform *t, double margin, int scale_factor,
                  guint64 stamp, cairo_surface_t *surface, double pixel)
{
  g_clear_pointer (&cache->surface, cairo_surface_destroy);
  g_clear_handle_id (&cache->settle_id, g_source_remove);
  cache->settled = FALSE;
  cache->draft = FALSE;
  sn_map_transform_grow (t, margin, &cache->t);
  cache->scale_factor = scale_factor;
  cache->stamp = stamp;
  cache->surface = surface;
  cache->pixel = pixel;
}

cairo_t *
sn_map_cache_begin (SnMapCache *cache, const SnMapTransform *t, double margin, int scale_factor,
                    gboolean draft, guint64 stamp)
{
  double resolution = draft ? scale_factor / 2.0 : scale_factor;
  cairo_surface_t *surface = cairo_image_surface_create (
      CAIRO_FORMAT_ARGB32, (int) ceil ((t->width + 2 * margin) * resolution),
      (int) ceil ((t->height + 2 * margin) * resolution));
  cairo_t *cr = cairo_create (surface);

  sn_map_cache_set (cache, t, margin, scale_factor, stamp, surface, 1.0 / resolution);
  cache->draft = draft;
  cairo_scale (cr, resolution, resolution);
  return cr;
}

void
sn_map_cache_end (SnMapCache *cache, cairo_t *cr)
{
  cairo_destroy (cr);
  cairo_surface_flush (cache->surface);
}

void
sn_map_cache_append (const SnMapCache *cache, GtkSnapshot *snapshot, const SnMapTransform *t)
{
  double s, x, y;
  cairo_t *cr;

  if (cache->surface == NULL)
    return;
  sn_map_cache_place (cache, t, &s, &x, &y);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, t->width, t->height));
  cairo_translate (cr, x, y);
  cairo_scale (cr, s * cache->pixel, s * cache->pixel);
  cairo_set_source_surface (cr, cache->surface, 0, 0);
  /* Bilinear: cairo's default filter convolves, slowly, when the image shrinks; a copy at
   * whole pixels stays a copy. */
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_destroy (cr);
}

/* ── colours ───────────────────────────────────────────────────────────────────────── */

void
sn_map_sla_color (SnSlaClass sla, GdkRGBA *out)
{
  switch (sla)
    {
      case SN_SLA_OVERDUE:
        *out = (GdkRGBA){ 0.80, 0.14, 0.16, 0.92 };
        break;
      case SN_SLA_AT_RISK:
        *out = (GdkRGBA){ 0.93, 0.56, 0.05, 0.92 };
        break;
      case SN_SLA_FINE:
      default:
        *out = (GdkRGBA){ 0.15, 0.42, 0.75, 0.88 };
        break;
    }
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

void
sn_map_scale_from_values (SnMapScale *scale, const double *values, guint n_values)
{
  g_autofree double *sorted = g_new (double, MAX (n_values, 1));
  guint n = 0, classes = 0;

  for (guint i = 0; i < n_values; i++)
    if (isfinite (values[i]))
      sorted[n++] = values[i];
  scale->n_classes = 0;
  if (n == 0)
    return;
  qsort (sorted, n, sizeof (double), compare_doubles);
  /* Quantile breaks, without repeats: equal values share a class. */
  scale->breaks[0] = sorted[0];
  for (guint k = 1; k <= SN_MAP_N_CLASSES; k++)
    {
      double b = sorted[MIN ((k * n) / SN_MAP_N_CLASSES, n - 1)];

      if (k == SN_MAP_N_CLASSES)
        b = sorted[n - 1];
      if (b > scale->breaks[classes])
        scale->breaks[++classes] = b;
    }
  if (classes == 0)
    {
      scale->breaks[1] = scale->breaks[0];
      classes = 1;
    }
  scale->n_classes = classes;
}

int
sn_map_scale_classify (const SnMapScale *scale, double value)
{
  if (!isfinite (value) || scale->n_classes == 0)
    return -1;
  for (guint k = 1; k < scale->n_classes; k++)
    if (value < scale->breaks[k])
      return (int) k - 1;
  return (int) scale->n_classes - 1;
}

void
sn_map_scale_color (guint klass, guint n_classes, GdkRGBA *out)
{
  /* ColorBrewer YlGnBu, 5 classes (Cynthia Brewer, Apache-2.0 licensed scheme). */
  static const GdkRGBA ramp[SN_MAP_N_CLASSES] = {
    { 1.000, 1.000, 0.800, 1 }, /* #ffffcc */
    { 0.631, 0.855, 0.706, 1 }, /* #a1dab4 */
    { 0.255, 0.714, 0.769, 1 }, /* #41b6c4 */
    { 0.173, 0.498, 0.722, 1 }, /* #2c7fb8 */
    { 0.145, 0.204, 0.580, 1 }, /* #253494 */
  };
  guint k;

  /* Fewer classes spread over the ramp, so two classes are light and dark. */
  if (n_classes <= 1)
    k = 2;
  else
    k = (guint) lround ((double) klass * (SN_MAP_N_CLASSES - 1) / (n_classes - 1));
  *out = ramp[MIN (k, SN_MAP_N_CLASSES - 1)];
}

void
sn_map_heat_color (double t, double rgba[4])
{
  static const double stops[][4] = {
    { 1.00, 0.93, 0.40, 0.00 }, { 1.00, 0.85, 0.25, 0.45 }, { 0.98, 0.55, 0.10, 0.65 },
    { 0.86, 0.18, 0.10, 0.75 }, { 0.50, 0.00, 0.15, 0.85 },
  };
  double s = CLAMP (t, 0, 1) * (G_N_ELEMENTS (stops) - 1);
  guint i = MIN ((guint) s, G_N_ELEMENTS (stops) - 2);
  double f = s - i;

  for (guint c = 0; c < 4; c++)
    rgba[c] = stops[i][c] + (stops[i + 1][c] - stops[i][c]) * f;
}

/* ── the plain map source ──────────────────────────────────────────────────────────── */

struct _SnBlankMapSource
{
  ShumateMapSource parent_instance;
  GdkTexture *texture;
};

G_DEFINE_FINAL_TYPE (SnBlankMapSource, sn_blank_map_source, SHUMATE_TYPE_MAP_SOURCE)

static void
blank_fill_tile_async (ShumateMapSource *source, ShumateTile *tile, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  SnBlankMapSource *self = SN_BLANK_MAP_SOURCE (source);
  g_autoptr (GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_set_source_tag (task, blank_fill_tile_async);
  shumate_tile_set_paintable (tile, GDK_PAINTABLE (self->texture));
  shumate_tile_set_fade_in (tile, FALSE);
  shumate_tile_set_state (tile, SHUMATE_STATE_DONE);
  g_task_return_boolean (task, TRUE);
}

static gboolean
blank_fill_tile_finish (ShumateMapSource *source, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sn_blank_map_source_finalize (GObject *object)
{
  g_clear_object (&SN_BLANK_MAP_SOURCE (object)->texture);
  G_OBJECT_CLASS (sn_blank_map_source_parent_class)->finalize (object);
}

static void
sn_blank_map_source_class_init (SnBlankMapSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sn_blank_map_source_finalize;
  SHUMATE_MAP_SOURCE_CLASS (klass)->fill_tile_async = blank_fill_tile_async;
  SHUMATE_MAP_SOURCE_CLASS (klass)->fill_tile_finish = blank_fill_tile_finish;
}

static void
sn_blank_map_source_init (SnBlankMapSource *self)
{
}

ShumateMapSource *
sn_blank_map_source_new (gboolean dark)
{
  SnBlankMapSource *self = g_object_new (
      SN_TYPE_BLANK_MAP_SOURCE, "id", "shuniu-plain", "name", "Plain", "min-zoom-level", 0,
      "max-zoom-level", 19, "tile-size", 256, "projection", SHUMATE_MAP_PROJECTION_MERCATOR, NULL);
  guint8 pixel[4] = { 0xee, 0xee, 0xea, 0xff };
  g_autoptr (GBytes) bytes = NULL;

  if (dark)
    pixel[0] = pixel[1] = pixel[2] = 0x2a;
  bytes = g_bytes_new (pixel, sizeof pixel);
  self->texture = gdk_memory_texture_new (1, 1, GDK_MEMORY_R8G8B8A8, bytes, 4);
  return SHUMATE_MAP_SOURCE (self);
}
