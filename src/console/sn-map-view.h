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
