/* sn-map-view.h — what the Map page's layers share: the viewport as an affine transform of
 * Web Mercator world coordinates, grid levels for a zoom, colour scales, and a plain map
 * source for when there are no tiles
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "sn-hotspot.h"

G_BEGIN_DECLS

/* widget = world · scale + offset (Web Mercator is affine in world coordinates). */
typedef struct
{
  double scale_x, scale_y;
  double offset_x, offset_y;
  double width, height;
  double zoom;
} SnMapTransform;

/* FALSE when the layer has no size or its viewport no reference map source yet. */
gboolean sn_map_transform_init (SnMapTransform *t, ShumateLayer *layer);
void sn_map_transform_to_widget (const SnMapTransform *t, double x, double y, double *wx,
                                 double *wy);
void sn_map_transform_to_world (const SnMapTransform *t, double wx, double wy, double *x,
                                double *y);
/* The world rectangle the widget shows. */
void sn_map_transform_visible (const SnMapTransform *t, double *x0, double *y0, double *x1,
                               double *y1);
/* The finest grid level whose cells are at least @pixels wide on screen. */
guint sn_map_transform_level (const SnMapTransform *t, double pixels);

/* @t grown by @margin pixels on each side: the same map, a larger widget. */
void sn_map_transform_grow (const SnMapTransform *t, double margin, SnMapTransform *out);

/* A layer's drawing kept as an image of the view and a margin around it, so that a frame
 * while panning is a copy of it moved, and one while zooming a copy of it scaled, instead of
 * rasterizing the layer again (GTK's cairo renderer rasterizes every frame's cairo nodes). */
typedef struct
{
  cairo_surface_t *surface; /* NULL when there is none */
  SnMapTransform t; /* the view it shows, its top-left corner at t's widget point (0, 0) */
  double pixel; /* the side of the image's pixels in t's widget units */
  int scale_factor;
  guint64 stamp; /* what it shows (the layer's data, options, size), as the layer keys it */
  /* While zooming: the zoom of the last frame, and a timeout that asks for a sharp drawing
   * once the zoom has stayed still for a moment. */
  double last_zoom;
  double zoom_step; /* the zoom of the last frame less the zoom of the one before */
  gboolean zooming; /* the zoom moved in each of the last two frames: an animation */
  gboolean draft; /* drawn coarse while zooming: to draw sharp once the zoom settles */
  guint settle_id;
  gboolean settled;
  GtkWidget *widget;
} SnMapCache;

/* Frees the image and stops the timeout: call it in the layer's dispose. */
void sn_map_cache_clear (SnMapCache *cache);
/* Whether @cache, drawn with @stamp, can stand for a drawing of the view @t of @widget now:
 * at the same zoom when it covers the widget; at another while the zoom moves, when it
 * covers the widget and is within a factor of two of it. */
gboolean sn_map_cache_usable (SnMapCache *cache, GtkWidget *widget, const SnMapTransform *t,
                              guint64 stamp);
/* A 64-bit FNV-1a hash of @size bytes at @data, continuing from @hash (0 to start). */
guint64 sn_map_hash (guint64 hash, gconstpointer data, gsize size);
/* Where @cache goes in the view @t: its top-left corner at (*@x, *@y), drawn @scale times
 * its size (1 at the zoom it was drawn at). FALSE when there is no cache or it would not
 * cover the whole widget. */
gboolean sn_map_cache_place (const SnMapCache *cache, const SnMapTransform *t, double *scale,
                             double *x, double *y);
/* A new, transparent image for the view @t with @margin pixels around it, replacing the
 * cache's; draw on it in @t grown by @margin (cache->t), then call sn_map_cache_end(). With
 * @draft, at half the resolution, and drawn again sharp once the zoom has settled. */
cairo_t *sn_map_cache_begin (SnMapCache *cache, const SnMapTransform *t, double margin,
                             int scale_factor, gboolean draft, guint64 stamp);
void sn_map_cache_end (SnMapCache *cache, cairo_t *cr);
/* Replaces the cache's image with @surface (taking it), an image of the view @t with
 * @margin around it whose pixels are @pixel widget pixels wide. */
void sn_map_cache_set (SnMapCache *cache, const SnMapTransform *t, double margin, int scale_factor,
                       guint64 stamp, cairo_surface_t *surface, double pixel);
/* Appends the cache as placed for @t (see sn_map_cache_place()). */
void sn_map_cache_append (const SnMapCache *cache, GtkSnapshot *snapshot, const SnMapTransform *t);

/* SLA colours: fine (blue), at risk (amber), overdue (red), as RGBA. */
void sn_map_sla_color (SnSlaClass sla, GdkRGBA *out);

/* A sequential five-class scale (light yellow → green → dark blue: readable, colour-blind
 * safe, and not alarm red), with class breaks from the data's quantiles. */
#define SN_MAP_N_CLASSES 5
typedef struct
{
  double breaks[SN_MAP_N_CLASSES + 1]; /* class k covers [breaks[k], breaks[k + 1]] */
  guint n_classes; /* fewer when the values are few or equal; 0 = no data */
} SnMapScale;

void sn_map_scale_from_values (SnMapScale *scale, const double *values, guint n_values);
/* The class of @value (-1 for NAN). */
int sn_map_scale_classify (const SnMapScale *scale, double value);
void sn_map_scale_color (guint klass, guint n_classes, GdkRGBA *out);
/* The heat ramp for @t in 0..1: transparent → yellow → orange → deep red. */
void sn_map_heat_color (double t, double rgba[4]);

/* A map source that fills every tile with a plain colour: the map works with no tiles. */
#define SN_TYPE_BLANK_MAP_SOURCE (sn_blank_map_source_get_type ())
G_DECLARE_FINAL_TYPE (SnBlankMapSource, sn_blank_map_source, SN, BLANK_MAP_SOURCE, ShumateMapSource)

ShumateMapSource *sn_blank_map_source_new (gboolean dark);

G_END_DECLS
