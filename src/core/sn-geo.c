/* sn-geo.c — areas from GeoJSON, point-in-polygon, and the GCJ-02 ↔ WGS-84 conversion
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a lookup finds its area:
 *
 *   sn_geo_locate (lat, lon)
 *     ├─ outside the bbox of all areas ─────────────────────────────────▶ NULL
 *     └─ grid cell (≤ 65,536 cells over that bbox) → a short list, in file order:
 *          "area a covers the whole cell" (no boundary of a near it) ───▶ a, no geometry
 *          "a boundary of area a passes near the cell" → sn_geo_area_contains (a)
 *   sn_geo_area_contains (area)
 *     └─ area bbox → per polygon: bbox → the polygon's edges that reach the point's
 *        horizontal band → even-odd count of the edges crossed by a ray towards +lon.
 *
 * Edges are stored lower end first, so an edge shared by two polygons gives the same
 * crossing in both, and the half-open rule (y0 ≤ y < y1, x strictly left of the edge)
 * hands a point on a shared edge or vertex to exactly one of them.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sn-geo.h"
#include "sn-json.h"

/* Krasovsky 1940, as GCJ-02 uses it */
#define GCJ_A 6378245.0
#define GCJ_EE 0.00669342162296594323
/* WGS-84, for areas */
#define WGS84_A 6378137.0
#define WGS84_E2 0.00669437999014
#define MEAN_EARTH_RADIUS_M 6371008.8

#define GRID_MAX_CELLS 65536.0
#define GRID_MAX_SIDE 1024.0
#define CELL_COVERED 0x80000000u
#define RANDOM_MAX_DRAWS 100000

typedef struct
{
  double x0, y0, x1, y1; /* y0 < y1; horizontal edges never cross a horizontal ray */
} SnGeoEdge;

typedef struct
{
  SnGeoEdge *edges;
  guint n_edges;
  guint n_bands;
  double band_y0, band_h;
  guint *band_start; /* n_bands + 1 offsets into band_edges */
  guint *band_edges; /* indices into edges, band by band */
} EdgeIndex;

struct _SnGeoAreas
{
  SnGeoArea *areas;
  guint n_areas;
  GHashTable *by_code; /* code → SnGeoArea *, keys owned by the areas */
  SnGeoBBox bbox;
  guint nx, ny;
  double cell_w, cell_h;
  guint *cell_start; /* nx·ny + 1 offsets into cell_items */
  guint32 *cell_items; /* area index, | CELL_COVERED when the area covers the whole cell */
};

typedef struct
{
  guint cell;
  guint32 item;
} CellEntry;

typedef struct
{
  const char *code_key;
  const char *name_key;
  GHashTable *seen; /* code → JSON path of the feature that has it */
} LoadContext;

G_DEFINE_QUARK (sn_geo_error_quark, sn_geo_error)

/* ---- GCJ-02 ---------------------------------------------------------------------------- */

gboolean
sn_geo_in_china (double lat, double lon)
{
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

/* The GCJ-02 offset in degrees at a WGS-84 point (transformLat/transformLon, then metres to
 * degrees on the Krasovsky ellipsoid). */
static void
gcj_offset (double lat, double lon, double *dlat, double *dlon)
{
  double x = lon - 105.0, y = lat - 35.0;
  double common = (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  double t_lat, t_lon, rad, magic, sqrt_magic;

  t_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt (fabs (x)) + common
          + (20.0 * sin (y * G_PI) + 40.0 * sin (y / 3.0 * G_PI)) * 2.0 / 3.0
          + (160.0 * sin (y / 12.0 * G_PI) + 320.0 * sin (y * G_PI / 30.0)) * 2.0 / 3.0;
  t_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt (fabs (x)) + common
          + (20.0 * sin (x * G_PI) + 40.0 * sin (x / 3.0 * G_PI)) * 2.0 / 3.0
          + (150.0 * sin (x / 12.0 * G_PI) + 300.0 * sin (x / 30.0 * G_PI)) * 2.0 / 3.0;
  rad = lat / 180.0 * G_PI;
  magic = 1.0 - GCJ_EE * sin (rad) * sin (rad);
  sqrt_magic = sqrt (magic);
  *dlat = (t_lat * 180.0) / ((GCJ_A * (1.0 - GCJ_EE)) / (magic * sqrt_magic) * G_PI);
  *dlon = (t_lon * 180.0) / (GCJ_A / sqrt_magic * cos (rad) * G_PI);
}

void
sn_geo_wgs84_to_gcj02 (double lat, double lon, double *out_lat, double *out_lon)
{
  double dlat = 0.0, dlon = 0.0;

  g_return_if_fail (out_lat != NULL && out_lon != NULL);

  if (sn_geo_in_china (lat, lon))
    gcj_offset (lat, lon, &dlat, &dlon);
  *out_lat = lat + dlat;
  *out_lon = lon + dlon;
}

guint
sn_geo_gcj02_to_wgs84 (double lat, double lon, double *out_lat, double *out_lon)
{
  double dlat, dlon, wlat, wlon;
  guint i;

  g_return_val_if_fail (out_lat != NULL && out_lon != NULL, 0);

  *out_lat = lat;
  *out_lon = lon;
  if (!sn_geo_in_china (lat, lon))
    return 0;

  /* One step (the offset is nearly constant over its own size), then fixed-point iteration:
   * the forward map is the identity plus a slowly varying offset, so it contracts fast. */
  gcj_offset (lat, lon, &dlat, &dlon);
  wlat = lat - dlat;
  wlon = lon - dlon;
  for (i = 1; i <= SN_GEO_GCJ02_MAX_ITERATIONS; i++)
    {
      double glat, glon;

      sn_geo_wgs84_to_gcj02 (wlat, wlon, &glat, &glon);
      if (fabs (glat - lat) < SN_GEO_GCJ02_TOLERANCE && fabs (glon - lon) < SN_GEO_GCJ02_TOLERANCE)
        break;
      wlat -= glat - lat;
      wlon -= glon - lon;
    }
  *out_lat = wlat;
  *out_lon = wlon;
  return MIN (i, SN_GEO_GCJ02_MAX_ITERATIONS);
}

double
sn_geo_distance_m (double lat1, double lon1, double lat2, double lon2)
{
  double p1 = lat1 * G_PI / 180.0, p2 = lat2 * G_PI / 180.0;
  double s_lat = sin ((p2 - p1) / 2.0), s_lon = sin ((lon2 - lon1) * G_PI / 360.0);
  double h = s_lat * s_lat + cos (p1) * cos (p2) * s_lon * s_lon;

  return 2.0 * MEAN_EARTH_RADIUS_M * asin (MIN (1.0, sqrt (h)));
}

/* ---- bounding boxes and edge bands ------------------------------------------------------ */

static SnGeoBBox
bbox_empty (void)
{
  return (SnGeoBBox){ INFINITY, INFINITY, -INFINITY, -INFINITY };
}

static void
bbox_add (SnGeoBBox *b, double x, double y)
{
  b->min_lon = MIN (b->min_lon, x);
  b->max_lon = MAX (b->max_lon, x);
  b->min_lat = MIN (b->min_lat, y);
  b->max_lat = MAX (b->max_lat, y);
}

static void
bbox_union (SnGeoBBox *b, const SnGeoBBox *other)
{
  bbox_add (b, other->min_lon, other->min_lat);
  bbox_add (b, other->max_lon, other->max_lat);
}

/* FALSE for NaN as well */
static inline gboolean
bbox_contains (const SnGeoBBox *b, double x, double y)
{
  return x >= b->min_lon && x <= b->max_lon && y >= b->min_lat && y <= b->max_lat;
}

/* Floor of (v − origin) / step, clamped to [0, n − 1]; monotonic in v. */
static inline guint
slot_of (double v, double origin, double step, guint n)
{
  double t = (v - origin) / step;

  if (!(t >= 0.0))
    return 0;
  if (t >= (double) n)
    return n - 1;
  return (guint) t;
}

static void
edge_index_fill_bands (EdgeIndex *ix, const SnGeoBBox *bbox)
{
  g_autofree guint *cursor = NULL;
  double height = bbox->max_lat - bbox->min_lat;

  ix->n_bands = CLAMP (ix->n_edges / 4, 1, 4096);
  ix->band_y0 = bbox->min_lat;
  ix->band_h = height > 0.0 ? height / ix->n_bands : 1.0;
  ix->band_start = g_new0 (guint, ix->n_bands + 1);
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint e = 0; e < ix->n_edges; e++)
        {
          guint b0 = slot_of (ix->edges[e].y0, ix->band_y0, ix->band_h, ix->n_bands);
          guint b1 = slot_of (ix->edges[e].y1, ix->band_y0, ix->band_h, ix->n_bands);

          for (guint b = b0; b <= b1; b++)
            {
              if (pass == 0)
                ix->band_start[b + 1]++;
              else
                ix->band_edges[cursor[b]++] = e;
            }
        }
      if (pass == 0)
        {
          for (guint b = 0; b < ix->n_bands; b++)
            ix->band_start[b + 1] += ix->band_start[b];
          ix->band_edges = g_new (guint, MAX (ix->band_start[ix->n_bands], 1));
          cursor = g_memdup2 (ix->band_start, ix->n_bands * sizeof (guint));
        }
    }
}

static EdgeIndex *
edge_index_new (const SnGeoPolygon *poly)
{
  EdgeIndex *ix = g_new0 (EdgeIndex, 1);
  guint total = 0;

  for (guint r = 0; r < poly->n_rings; r++)
    total += poly->rings[r].n_points;
  ix->edges = g_new (SnGeoEdge, MAX (total, 1));
  for (guint r = 0; r < poly->n_rings; r++)
    {
      const SnGeoRing *ring = &poly->rings[r];

      for (guint i = 0; i < ring->n_points; i++)
        {
          SnGeoPoint a = ring->points[i], b = ring->points[(i + 1) % ring->n_points];

          if (a.y == b.y)
            continue;
          ix->edges[ix->n_edges++] = a.y < b.y ? (SnGeoEdge){ a.x, a.y, b.x, b.y }
                                               : (SnGeoEdge){ b.x, b.y, a.x, a.y };
        }
    }
  edge_index_fill_bands (ix, &poly->bbox);
  return ix;
}

static void
edge_index_free (EdgeIndex *ix)
{
  if (ix == NULL)
    return;
  g_free (ix->edges);
  g_free (ix->band_start);
  g_free (ix->band_edges);
  g_free (ix);
}

static gboolean
edge_index_contains (const EdgeIndex *ix, double x, double y)
{
  guint b = slot_of (y, ix->band_y0, ix->band_h, ix->n_bands);
  gboolean inside = FALSE;

  for (guint k = ix->band_start[b]; k < ix->band_start[b + 1]; k++)
    {
      const SnGeoEdge *e = &ix->edges[ix->band_edges[k]];

      if (y < e->y0 || y >= e->y1)
        continue;
      if (x < e->x0 + (y - e->y0) * (e->x1 - e->x0) / (e->y1 - e->y0))
        inside = !inside;
    }
  return inside;
}

static gboolean
polygon_contains (const SnGeoPolygon *poly, double x, double y)
{
  return bbox_contains (&poly->bbox, x, y) && edge_index_contains (poly->index, x, y);
}

/* ---- areas and centroids ---------------------------------------------------------------- */

/* q(φ) of the authalic latitude: y = a·q/2 is the ellipsoid's cylindrical equal-area map. */
static double
authalic_q (double lat_deg)
{
  double e = sqrt (WGS84_E2), s = sin (lat_deg * G_PI / 180.0);

  return (1.0 - WGS84_E2)
         * (s / (1.0 - WGS84_E2 * s * s) - log ((1.0 - e * s) / (1.0 + e * s)) / (2.0 * e));
}

static double
ring_area_km2 (const SnGeoRing *ring)
{
  double lon0 = ring->points[0].x, sum = 0.0;
  double px = 0.0, py = WGS84_A * authalic_q (ring->points[0].y) / 2.0;

  for (guint i = 1; i <= ring->n_points; i++)
    {
      const SnGeoPoint *p = &ring->points[i % ring->n_points];
      double x = WGS84_A * (p->x - lon0) * G_PI / 180.0;
      double y = WGS84_A * authalic_q (p->y) / 2.0;

      sum += px * y - x * py;
      px = x;
      py = y;
    }
  return fabs (sum) / 2.0 / 1e6;
}

/* Unsigned plane area of a ring in x = (lon − lon0)·k, y = lat − lat0, and its centroid. */
static double
ring_plane_centroid (const SnGeoRing *ring, double lon0, double lat0, double k, double *cx,
                     double *cy)
{
  double a = 0.0, mx = 0.0, my = 0.0;

  for (guint i = 0; i < ring->n_points; i++)
    {
      const SnGeoPoint *p = &ring->points[i], *q = &ring->points[(i + 1) % ring->n_points];
      double xa = (p->x - lon0) * k, ya = p->y - lat0, xb = (q->x - lon0) * k, yb = q->y - lat0;
      double cross = xa * yb - xb * ya;

      a += cross;
      mx += (xa + xb) * cross;
      my += (ya + yb) * cross;
    }
  if (a == 0.0)
    return 0.0;
  *cx = mx / (3.0 * a);
  *cy = my / (3.0 * a);
  return fabs (a) / 2.0;
}

static void
polygon_finish (SnGeoPolygon *poly)
{
  poly->bbox = bbox_empty ();
  for (guint r = 0; r < poly->n_rings; r++)
    for (guint i = 0; i < poly->rings[r].n_points; i++)
      bbox_add (&poly->bbox, poly->rings[r].points[i].x, poly->rings[r].points[i].y);
  poly->area_km2 = ring_area_km2 (&poly->rings[0]);
  for (guint r = 1; r < poly->n_rings; r++)
    poly->area_km2 -= ring_area_km2 (&poly->rings[r]);
  poly->area_km2 = MAX (poly->area_km2, 0.0);
  poly->index = edge_index_new (poly);
}

static void
area_finish (SnGeoArea *area)
{
  double lon0, lat0, k, sx = 0.0, sy = 0.0, sw = 0.0;

  area->bbox = bbox_empty ();
  area->area_km2 = 0.0;
  for (guint p = 0; p < area->n_polygons; p++)
    {
      polygon_finish (&area->polygons[p]);
      bbox_union (&area->bbox, &area->polygons[p].bbox);
      area->area_km2 += area->polygons[p].area_km2;
    }
  lon0 = (area->bbox.min_lon + area->bbox.max_lon) / 2.0;
  lat0 = (area->bbox.min_lat + area->bbox.max_lat) / 2.0;
  k = cos (lat0 * G_PI / 180.0);
  for (guint p = 0; p < area->n_polygons; p++)
    for (guint r = 0; r < area->polygons[p].n_rings; r++)
      {
        double cx = 0.0, cy = 0.0;
        double w = ring_plane_centroid (&area->polygons[p].rings[r], lon0, lat0, k, &cx, &cy);

        w = r == 0 ? w : -w;
        sx += w * cx;
        sy += w * cy;
        sw += w;
      }
  area->centroid_lon = sw != 0.0 ? lon0 + sx / sw / k : lon0;
  area->centroid_lat = sw != 0.0 ? lat0 + sy / sw : lat0;
}

static void
polygon_clear (SnGeoPolygon *poly)
{
  for (guint r = 0; r < poly->n_rings; r++)
    g_free (poly->rings[r].points);
  g_clear_pointer (&poly->rings, g_free);
  edge_index_free (poly->index);
  poly->index = NULL;
}

static void
area_clear (gpointer data)
{
  SnGeoArea *area = data;

  g_clear_pointer (&area->code, g_free);
  g_clear_pointer (&area->name, g_free);
  g_clear_pointer (&area->properties, json_object_unref);
  for (guint p = 0; p < area->n_polygons; p++)
    polygon_clear (&area->polygons[p]);
  g_clear_pointer (&area->polygons, g_free);
}

/* ---- the grid index --------------------------------------------------------------------- */

static void
grid_size (SnGeoAreas *self)
{
  double w = self->bbox.max_lon - self->bbox.min_lon;
  double h = self->bbox.max_lat - self->bbox.min_lat;
  double side = sqrt (MAX (w * h, 1e-12) / GRID_MAX_CELLS);

  self->nx = (guint) CLAMP (ceil (w / side), 1.0, GRID_MAX_SIDE);
  self->ny = (guint) CLAMP (ceil (h / side), 1.0, GRID_MAX_SIDE);
  self->cell_w = w > 0.0 ? w / self->nx : 1.0;
  self->cell_h = h > 0.0 ? h / self->ny : 1.0;
}

/* Stamps the cells within one cell of the segment a–b, walked in steps of at most a cell. */
static void
grid_mark_segment (SnGeoAreas *self, SnGeoPoint a, SnGeoPoint b, guint32 *stamp, guint32 mark)
{
  double steps = ceil (MAX (fabs (b.x - a.x) / self->cell_w, fabs (b.y - a.y) / self->cell_h));
  guint n = (guint) CLAMP (steps, 1.0, 4.0 * GRID_MAX_SIDE);

  for (guint s = 0; s < n; s++)
    {
      double t0 = (double) s / n, t1 = (double) (s + 1) / n;
      double xa = a.x + (b.x - a.x) * t0, xb = a.x + (b.x - a.x) * t1;
      double ya = a.y + (b.y - a.y) * t0, yb = a.y + (b.y - a.y) * t1;
      guint cx0 = slot_of (MIN (xa, xb), self->bbox.min_lon, self->cell_w, self->nx);
      guint cx1 = slot_of (MAX (xa, xb), self->bbox.min_lon, self->cell_w, self->nx);
      guint cy0 = slot_of (MIN (ya, yb), self->bbox.min_lat, self->cell_h, self->ny);
      guint cy1 = slot_of (MAX (ya, yb), self->bbox.min_lat, self->cell_h, self->ny);

      for (guint cy = cy0 > 0 ? cy0 - 1 : 0; cy <= MIN (cy1 + 1, self->ny - 1); cy++)
        for (guint cx = cx0 > 0 ? cx0 - 1 : 0; cx <= MIN (cx1 + 1, self->nx - 1); cx++)
          stamp[cy * self->nx + cx] = mark;
    }
}

/* Appends, for every cell of area @a's bbox, "boundary near" or "covers the cell". */
static void
grid_add_area (SnGeoAreas *self, guint a, guint32 *stamp, GArray *entries)
{
  const SnGeoArea *area = &self->areas[a];
  const SnGeoBBox *b = &area->bbox;
  guint cx0 = slot_of (b->min_lon, self->bbox.min_lon, self->cell_w, self->nx);
  guint cx1 = slot_of (b->max_lon, self->bbox.min_lon, self->cell_w, self->nx);
  guint cy0 = slot_of (b->min_lat, self->bbox.min_lat, self->cell_h, self->ny);
  guint cy1 = slot_of (b->max_lat, self->bbox.min_lat, self->cell_h, self->ny);

  for (guint p = 0; p < area->n_polygons; p++)
    for (guint r = 0; r < area->polygons[p].n_rings; r++)
      {
        const SnGeoRing *ring = &area->polygons[p].rings[r];

        for (guint i = 0; i < ring->n_points; i++)
          grid_mark_segment (self, ring->points[i], ring->points[(i + 1) % ring->n_points], stamp,
                             a + 1);
      }
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        CellEntry entry = { cy * self->nx + cx, a };
        double x = self->bbox.min_lon + (cx + 0.5) * self->cell_w;
        double y = self->bbox.min_lat + (cy + 0.5) * self->cell_h;

        if (stamp[entry.cell] != a + 1)
          {
            if (!sn_geo_area_contains (area, y, x))
              continue;
            entry.item |= CELL_COVERED;
          }
        g_array_append_val (entries, entry);
      }
}

/* Entries (in area order) → per-cell lists, each cut after its first covering area. */
static void
grid_pack (SnGeoAreas *self, GArray *entries, guint n_cells)
{
  g_autofree gboolean *closed = g_new0 (gboolean, n_cells);
  g_autofree guint *cursor = NULL;

  self->cell_start = g_new0 (guint, n_cells + 1);
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < entries->len; i++)
        {
          const CellEntry *e = &g_array_index (entries, CellEntry, i);

          if (closed[e->cell])
            continue;
          if (pass == 0)
            self->cell_start[e->cell + 1]++;
          else
            self->cell_items[cursor[e->cell]++] = e->item;
          closed[e->cell] = (e->item & CELL_COVERED) != 0;
        }
      if (pass == 0)
        {
          for (guint c = 0; c < n_cells; c++)
            self->cell_start[c + 1] += self->cell_start[c];
          self->cell_items = g_new (guint32, MAX (self->cell_start[n_cells], 1));
          cursor = g_memdup2 (self->cell_start, n_cells * sizeof (guint));
          memset (closed, 0, n_cells * sizeof (gboolean));
        }
    }
}

static void
grid_build (SnGeoAreas *self)
{
  g_autoptr (GArray) entries = g_array_new (FALSE, FALSE, sizeof (CellEntry));
  g_autofree guint32 *stamp = NULL;
  guint n_cells;

  grid_size (self);
  n_cells = self->nx * self->ny;
  stamp = g_new0 (guint32, n_cells);
  for (guint a = 0; a < self->n_areas; a++)
    grid_add_area (self, a, stamp, entries);
  grid_pack (self, entries, n_cells);
}

/* Takes the finished areas out of @array. */
static SnGeoAreas *
areas_new (GArray *array)
{
  SnGeoAreas *self = g_new0 (SnGeoAreas, 1);
  gsize n = 0;

  self->areas = g_array_steal (array, &n);
  self->n_areas = (guint) n;
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->bbox = bbox_empty ();
  for (guint a = 0; a < self->n_areas; a++)
    {
      g_hash_table_insert (self->by_code, self->areas[a].code, &self->areas[a]);
      bbox_union (&self->bbox, &self->areas[a].bbox);
    }
  grid_build (self);
  return self;
}

static GArray *
area_array_new (guint n)
{
  GArray *array = g_array_sized_new (FALSE, TRUE, sizeof (SnGeoArea), n);

  g_array_set_clear_func (array, area_clear);
  return array;
}

/* ---- GeoJSON reading -------------------------------------------------------------------- */

/* The "type" member when it is a string, else NULL. */
static const char *
object_type (JsonObject *obj)
{
  JsonNode *node = json_object_get_member (obj, "type");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_number (JsonNode *node)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_DOUBLE || t == G_TYPE_INT64;
}

static gboolean
parse_position (JsonNode *node, const char *where, guint i, SnGeoPoint *out, GError **error)
{
  JsonArray *pos = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  double lon, lat;

  if (pos == NULL || json_array_get_length (pos) < 2 || !is_number (json_array_get_element (pos, 0))
      || !is_number (json_array_get_element (pos, 1)))
    {
      g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_COORDINATE,
                   /* Translators: "%s[%u]" is a place in the file, such as
                    * features[3].geometry.coordinates[0][12]; keep it as it is */
                   _ ("GeoJSON %s[%u] is not a position of two numbers"), where, i);
      return FALSE;
    }
  lon = json_array_get_double_element (pos, 0);
  lat = json_array_get_double_element (pos, 1);
  if (!isfinite (lon) || !isfinite (lat) || fabs (lon) > 180.0 || fabs (lat) > 90.0)
    {
      g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_COORDINATE,
                   /* Translators: a place in the file, then (longitude, latitude) */
                   _ ("GeoJSON %s[%u]: (%g, %g) is not a valid longitude and latitude"), where, i,
                   lon, lat);
      return FALSE;
    }
  *out = (SnGeoPoint){ lon, lat };
  return TRUE;
}

static JsonArray *
get_array (JsonNode *node, const char *where, GError **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_INVALID, _ ("GeoJSON %s is not an array"),
                   where);
      return NULL;
    }
  if (json_array_get_length (json_node_get_array (node)) == 0)
    {
      g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_INVALID, _ ("GeoJSON %s is empty"), where);
      return NULL;
    }
  return json_node_get_array (node);
}

/* An unclosed ring is closed; the closing position is not stored. */
static gboolean
parse_ring (JsonNode *node, const char *where, SnGeoRing *ring, GError **error)
{
  JsonArray *arr = get_array (node, where, error);
  g_autofree SnGeoPoint *points = NULL;
  guint n;

  if (arr == NULL)
    return FALSE;
  n = json_array_get_length (arr);
  points = g_new (SnGeoPoint, n);
  for (guint i = 0; i < n; i++)
    if (!parse_position (json_array_get_element (arr, i), where, i, &points[i], error))
      return FALSE;
  if (n >= 2 && points[0].x == points[n - 1].x && points[0].y == points[n - 1].y)
    n--;
  if (n < 3)
    {
      g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_INVALID,
                   _ ("GeoJSON %s is a ring of fewer than 3 positions"), where);
      return FALSE;
    }
  ring->points = g_steal_pointer (&points);
  ring->n_points = n;
  return TRUE;
}

/* On failure @poly holds the rings read so far, for polygon_clear(). */
static gboolean
parse_polygon (JsonNode *node, const char *where, SnGeoPolygon *poly, GError **error)
{
  JsonArray *arr = get_array (node, where, error);
  guint n;

  if (arr == NULL)
    return FALSE;
  n = json_array_get_length (arr);
  poly->rings = g_new0 (SnGeoRing, n);
  for (guint r = 0; r < n; r++)
    {
      g_autofree char *ring_where = g_strdup_printf ("%s[%u]", where, r);

      if (!parse_ring (json_array_get_element (arr, r), ring_where, &poly->rings[r], error))
        return FALSE;
      poly->n_rings = r + 1;
    }
  return TRUE;
}

static gboolean
parse_multipolygon (JsonNode *node, const char *where, SnGeoArea *area, GError **error)
{
  JsonArray *arr = get_array (node, where, error);
  guint n;

  if (arr == NULL)
    return FALSE;
  n = json_array_get_length (arr);
  area->polygons = g_new0 (SnGeoPolygon, n);
  for (guint p = 0; p < n; p++)
    {
      g_autofree char *poly_where = g_strdup_printf ("%s[%u]", where, p);

      area->n_polygons = p + 1;
      if (!parse_polygon (json_array_get_element (arr, p), poly_where, &area->polygons[p], error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_geometry (JsonObject *feature, const char *where, SnGeoArea *area, GError **error)
{
  JsonNode *node = json_object_get_member (feature, "geometry");
  g_autofree char *coords_where = g_strdup_printf ("%s.geometry.coordinates", where);
  JsonObject *geometry;
  const char *type;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_INVALID,
                   _ ("GeoJSON %s has no geometry object"), where);
      return FALSE;
    }
  geometry = json_node_get_object (node);
  type = object_type (geometry);
  if (g_strcmp0 (type, "Polygon") == 0)
    {
      area->polygons = g_new0 (SnGeoPolygon, 1);
      area->n_polygons = 1;
      return parse_polygon (json_object_get_member (geometry, "coordinates"), coords_where,
                            &area->polygons[0], error);
    }
  if (g_strcmp0 (type, "MultiPolygon") == 0)
    return parse_multipolygon (json_object_get_member (geometry, "coordinates"), coords_where, area,
                               error);
  g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_INVALID,
               /* Translators: Polygon and MultiPolygon are GeoJSON type names; keep them */
               _ ("GeoJSON %s.geometry is of type “%s”; only Polygon and MultiPolygon are "
                  "supported"),
               where, type != NULL ? type : "");
  return FALSE;
}

/* A string or integer property as a string; NULL (and TRUE) when absent and not required. */
static gboolean
property_string (JsonObject *props, const char *key, const char *where, gboolean required,
                 char **out, GError **error)
{
  JsonNode *node = props != NULL ? json_object_get_member (props, key) : NULL;
  GType t = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                         : G_TYPE_INVALID;

  *out = NULL;
  if (t == G_TYPE_STRING && *json_node_get_string (node) != '\0')
    *out = g_strdup (json_node_get_string (node));
  else if (t == G_TYPE_INT64)
    *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node) && t != G_TYPE_STRING)
    {
      g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_PROPERTY,
                   _ ("GeoJSON %s: property “%s” is not a string or an integer"), where, key);
      return FALSE;
    }
  if (*out == NULL && required)
    {
      g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_PROPERTY,
                   /* Translators: a place in the file (features[3]), a property name */
                   _ ("GeoJSON %s has no “%s” property"), where, key);
      return FALSE;
    }
  return TRUE;
}

/* A mutable copy (the parser's tree is sealed). */
static JsonObject *
properties_copy (JsonObject *src)
{
  JsonObject *copy = json_object_new ();
  g_autoptr (GList) members = src != NULL ? json_object_get_members (src) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (src, l->data)));
  return copy;
}

static gboolean
parse_properties (LoadContext *ctx, JsonObject *feature, const char *where, SnGeoArea *area,
                  GError **error)
{
  JsonNode *node = json_object_get_member (feature, "properties");
  JsonObject *props = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                                    : NULL;
  const char *first;

  if (!property_string (props, ctx->code_key, where, TRUE, &area->code, error)
      || !property_string (props, ctx->name_key, where, FALSE, &area->name, error))
    return FALSE;
  if (area->name == NULL)
    area->name = g_strdup (area->code);
  first = g_hash_table_lookup (ctx->seen, area->code);
  if (first != NULL)
    {
      g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_PROPERTY,
                   /* Translators: a feature (features[3]), a property name ("adcode"), its
                    * value ("110101"), the earlier feature that has it (features[0]) */
                   _ ("GeoJSON %s: “%s” %s is already used by %s"), where, ctx->code_key,
                   area->code, first);
      return FALSE;
    }
  g_hash_table_insert (ctx->seen, g_strdup (area->code), g_strdup (where));
  area->properties = properties_copy (props);
  return TRUE;
}

static gboolean
parse_feature (LoadContext *ctx, JsonNode *node, guint i, SnGeoArea *area, GError **error)
{
  g_autofree char *where = g_strdup_printf ("features[%u]", i);
  JsonObject *feature = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (feature == NULL || g_strcmp0 (object_type (feature), "Feature") != 0)
    {
      g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_INVALID,
                   _ ("GeoJSON %s is not a Feature object"), where);
      return FALSE;
    }
  return parse_properties (ctx, feature, where, area, error)
         && parse_geometry (feature, where, area, error);
}

static JsonArray *
collection_features (JsonNode *root, GError **error)
{
  JsonObject *obj = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  if (obj == NULL || g_strcmp0 (object_type (obj), "FeatureCollection") != 0)
    {
      g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_INVALID,
                   _ ("GeoJSON is not a FeatureCollection"));
      return NULL;
    }
  return get_array (json_object_get_member (obj, "features"), "features", error);
}

/* ---- GeoJSON writing -------------------------------------------------------------------- */

static void write_node (GString *out, JsonNode *node);

static void
write_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  g_string_append_c (out, '"');
}

/* The shortest of %.15g..%.17g that reads back exactly; stays a double when read again. */
static void
write_double (GString *out, double v)
{
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    {
      g_string_append (out, "null");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (out, buf);
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
write_value (GString *out, JsonNode *node)
{
  switch (json_node_get_value_type (node))
    {
      case G_TYPE_STRING:
        write_string (out, json_node_get_string (node));
        break;
      case G_TYPE_INT64:
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        break;
      case G_TYPE_DOUBLE:
        write_double (out, json_node_get_double (node));
        break;
      case G_TYPE_BOOLEAN:
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        break;
      default:
        g_string_append (out, "null");
        break;
    }
}

static void
write_object (GString *out, JsonObject *obj)
{
  g_autoptr (GList) members = json_object_get_members (obj);

  g_string_append_c (out, '{');
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (l != members)
        g_string_append_c (out, ',');
      write_string (out, l->data);
      g_string_append_c (out, ':');
      write_node (out, json_object_get_member (obj, l->data));
    }
  g_string_append_c (out, '}');
}

static void
write_node (GString *out, JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
      case JSON_NODE_OBJECT:
        write_object (out, json_node_get_object (node));
        break;
      case JSON_NODE_ARRAY:
        {
          JsonArray *arr = json_node_get_array (node);

          g_string_append_c (out, '[');
          for (guint i = 0; i < json_array_get_length (arr); i++)
            {
              if (i > 0)
                g_string_append_c (out, ',');
              write_node (out, json_array_get_element (arr, i));
            }
          g_string_append_c (out, ']');
          break;
        }
      case JSON_NODE_VALUE:
        write_value (out, node);
        break;
      case JSON_NODE_NULL:
      default:
        g_string_append (out, "null");
        break;
    }
}

static void
write_polygon (GString *out, const SnGeoPolygon *poly)
{
  char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, '[');
  for (guint r = 0; r < poly->n_rings; r++)
    {
      const SnGeoRing *ring = &poly->rings[r];

      g_string_append (out, r > 0 ? ",[" : "[");
      for (guint i = 0; i <= ring->n_points; i++)
        {
          const SnGeoPoint *p = &ring->points[i % ring->n_points];

          g_string_append_printf (out, "%s[%s,%s]", i > 0 ? "," : "",
                                  g_ascii_formatd (x, sizeof x, "%.6f", p->x),
                                  g_ascii_formatd (y, sizeof y, "%.6f", p->y));
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');
}

static void
write_feature (GString *out, const SnGeoArea *area)
{
  g_string_append (out, "{\"type\":\"Feature\",\"properties\":");
  write_object (out, area->properties);
  g_string_append_printf (out, ",\"geometry\":{\"type\":\"%s\",\"coordinates\":",
                          area->n_polygons == 1 ? "Polygon" : "MultiPolygon");
  if (area->n_polygons != 1)
    g_string_append_c (out, '[');
  for (guint p = 0; p < area->n_polygons; p++)
    {
      if (p > 0)
        g_string_append_c (out, ',');
      write_polygon (out, &area->polygons[p]);
    }
  g_string_append (out, area->n_polygons != 1 ? "]}}" : "}}");
}

/* ---- public API ------------------------------------------------------------------------- */

SnGeoAreas *
sn_geo_areas_load (const char *geojson, gssize length, const char *code_key, const char *name_key,
                   GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GArray) array = NULL;
  g_autoptr (GHashTable) seen = NULL;
  LoadContext ctx;
  JsonArray *features;

  g_return_val_if_fail (geojson != NULL, NULL);
  g_return_val_if_fail (code_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = sn_json_parse_bounded (geojson, length < 0 ? strlen (geojson) : (gsize) length,
                                SN_GEO_MAX_GEOJSON_BYTES, SN_GEO_MAX_DEPTH, &local_error);
  if (root == NULL)
    {
      g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_PARSE, _ ("Cannot read GeoJSON: %s"),
                   local_error->message);
      return NULL;
    }
  features = collection_features (root, error);
  if (features == NULL)
    return NULL;
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx = (LoadContext){ code_key, name_key != NULL ? name_key : "name", seen };
  array = area_array_new (json_array_get_length (features));
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      g_array_set_size (array, i + 1);
      if (!parse_feature (&ctx, json_array_get_element (features, i), i,
                          &g_array_index (array, SnGeoArea, i), error))
        return NULL;
    }
  for (guint i = 0; i < array->len; i++)
    area_finish (&g_array_index (array, SnGeoArea, i));
  return areas_new (array);
}

SnGeoAreas *
sn_geo_areas_load_file (const char *path, const char *code_key, const char *name_key,
                        GError **error)
{
  g_autofree char *text = NULL;
  GStatBuf st;
  gsize length;
  SnGeoAreas *areas;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) == 0 && (guint64) st.st_size > SN_GEO_MAX_GEOJSON_BYTES)
    {
      g_set_error (error, SN_GEO_ERROR, SN_GEO_ERROR_PARSE,
                   _ ("“%s” is larger than the limit of %llu bytes"), path,
                   (unsigned long long) SN_GEO_MAX_GEOJSON_BYTES);
      return NULL;
    }
  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  areas = sn_geo_areas_load (text, (gssize) length, code_key, name_key, error);
  if (areas == NULL)
    g_prefix_error (error, "%s: ", path);
  return areas;
}

void
sn_geo_areas_free (SnGeoAreas *areas)
{
  if (areas == NULL)
    return;
  for (guint a = 0; a < areas->n_areas; a++)
    area_clear (&areas->areas[a]);
  g_free (areas->areas);
  g_hash_table_unref (areas->by_code);
  g_free (areas->cell_start);
  g_free (areas->cell_items);
  g_free (areas);
}

guint
sn_geo_areas_get_n_areas (const SnGeoAreas *areas)
{
  g_return_val_if_fail (areas != NULL, 0);
  return areas->n_areas;
}

const SnGeoArea *
sn_geo_areas_get (const SnGeoAreas *areas, guint index)
{
  g_return_val_if_fail (areas != NULL, NULL);
  g_return_val_if_fail (index < areas->n_areas, NULL);
  return &areas->areas[index];
}

guint
sn_geo_areas_index_of (const SnGeoAreas *areas, const SnGeoArea *area)
{
  g_return_val_if_fail (areas != NULL, 0);
  g_return_val_if_fail (area >= areas->areas && area < areas->areas + areas->n_areas, 0);
  return (guint) (area - areas->areas);
}

const SnGeoArea *
sn_geo_areas_find (const SnGeoAreas *areas, const char *code)
{
  g_return_val_if_fail (areas != NULL, NULL);
  return code != NULL ? g_hash_table_lookup (areas->by_code, code) : NULL;
}

SnGeoBBox
sn_geo_areas_get_bbox (const SnGeoAreas *areas)
{
  g_return_val_if_fail (areas != NULL, bbox_empty ());
  return areas->bbox;
}

gboolean
sn_geo_area_contains (const SnGeoArea *area, double lat, double lon)
{
  g_return_val_if_fail (area != NULL, FALSE);

  if (!bbox_contains (&area->bbox, lon, lat))
    return FALSE;
  for (guint p = 0; p < area->n_polygons; p++)
    if (polygon_contains (&area->polygons[p], lon, lat))
      return TRUE;
  return FALSE;
}

const SnGeoArea *
sn_geo_locate (const SnGeoAreas *areas, double lat, double lon)
{
  guint cell;

  g_return_val_if_fail (areas != NULL, NULL);

  if (!bbox_contains (&areas->bbox, lon, lat))
    return NULL;
  cell = slot_of (lat, areas->bbox.min_lat, areas->cell_h, areas->ny) * areas->nx
         + slot_of (lon, areas->bbox.min_lon, areas->cell_w, areas->nx);
  for (guint i = areas->cell_start[cell]; i < areas->cell_start[cell + 1]; i++)
    {
      guint32 item = areas->cell_items[i];
      const SnGeoArea *area = &areas->areas[item & ~CELL_COVERED];

      if ((item & CELL_COVERED) != 0 || sn_geo_area_contains (area, lat, lon))
        return area;
    }
  return NULL;
}

/* A polygon with probability proportional to its area, or NULL when there is no area. */
static const SnGeoPolygon *
pick_polygon (const SnGeoArea *area, GRand *rand)
{
  const SnGeoPolygon *last = NULL;
  double r;

  if (!(area->area_km2 > 0.0))
    return NULL;
  r = g_rand_double_range (rand, 0.0, area->area_km2);
  for (guint p = 0; p < area->n_polygons; p++)
    {
      if (!(area->polygons[p].area_km2 > 0.0))
        continue;
      last = &area->polygons[p];
      if (r < last->area_km2)
        break;
      r -= last->area_km2;
    }
  return last;
}

gboolean
sn_geo_area_random_point (const SnGeoArea *area, GRand *rand, double *out_lat, double *out_lon)
{
  const SnGeoPolygon *poly;
  double s0, s1;

  g_return_val_if_fail (area != NULL && rand != NULL, FALSE);
  g_return_val_if_fail (out_lat != NULL && out_lon != NULL, FALSE);

  poly = pick_polygon (area, rand);
  if (poly == NULL)
    return FALSE;
  /* uniform in sin(lat) is uniform over the sphere's surface */
  s0 = sin (poly->bbox.min_lat * G_PI / 180.0);
  s1 = sin (poly->bbox.max_lat * G_PI / 180.0);
  for (guint i = 0; i < RANDOM_MAX_DRAWS; i++)
    {
      double lon = g_rand_double_range (rand, poly->bbox.min_lon, poly->bbox.max_lon);
      double lat = asin (g_rand_double_range (rand, s0, s1)) * 180.0 / G_PI;

      if (polygon_contains (poly, lon, lat))
        {
          *out_lat = lat;
          *out_lon = lon;
          return TRUE;
        }
    }
  return FALSE;
}

static void
ring_copy_mapped (const SnGeoRing *src, SnGeoRing *dst, SnGeoTransformFunc func, gpointer user_data)
{
  dst->n_points = src->n_points;
  dst->points = g_new (SnGeoPoint, src->n_points);
  for (guint i = 0; i < src->n_points; i++)
    func (src->points[i].y, src->points[i].x, &dst->points[i].y, &dst->points[i].x, user_data);
}

SnGeoAreas *
sn_geo_areas_transform (const SnGeoAreas *areas, SnGeoTransformFunc func, gpointer user_data)
{
  g_autoptr (GArray) array = NULL;

  g_return_val_if_fail (areas != NULL && func != NULL, NULL);

  array = area_array_new (areas->n_areas);
  g_array_set_size (array, areas->n_areas);
  for (guint a = 0; a < areas->n_areas; a++)
    {
      const SnGeoArea *src = &areas->areas[a];
      SnGeoArea *dst = &g_array_index (array, SnGeoArea, a);

      dst->code = g_strdup (src->code);
      dst->name = g_strdup (src->name);
      dst->properties = properties_copy (src->properties);
      dst->n_polygons = src->n_polygons;
      dst->polygons = g_new0 (SnGeoPolygon, src->n_polygons);
      for (guint p = 0; p < src->n_polygons; p++)
        {
          dst->polygons[p].n_rings = src->polygons[p].n_rings;
          dst->polygons[p].rings = g_new0 (SnGeoRing, src->polygons[p].n_rings);
          for (guint r = 0; r < src->polygons[p].n_rings; r++)
            ring_copy_mapped (&src->polygons[p].rings[r], &dst->polygons[p].rings[r], func,
                              user_data);
        }
      area_finish (dst);
    }
  return areas_new (array);
}

char *
sn_geo_areas_to_geojson (const SnGeoAreas *areas, gsize *length)
{
  GString *out;

  g_return_val_if_fail (areas != NULL, NULL);

  out = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[\n");
  for (guint a = 0; a < areas->n_areas; a++)
    {
      if (a > 0)
        g_string_append (out, ",\n");
      write_feature (out, &areas->areas[a]);
    }
  g_string_append (out, "\n]}\n");
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
