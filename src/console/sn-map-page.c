/* sn-map-page.c — the Map page
 *
 *   [window ▾] [category ▾] [state ▾] [stall ▾] | [measure ▾] | Districts Heat Clusters Hotspots
 *   ┌ ShumateSimpleMap ─────────────────────────────────────┐┌ emerging hotspots ┐
 *   │ base: hub MBTiles / a tile URL / plain                 ││ cell · district   │
 *   │ layers: SnDistrictLayer, SnHeatLayer, SnClusterLayer   ││ 12 vs 0.8 expected│
 *   │ [legend]                              [status]         ││ …                 │
 *   └────────────────────────────────────────────────────────┘└───────────────────┘
 *
 * Everything drawn comes from SnMapData, aggregated off the UI thread. The districts come
 * from the hub (GET /v1/districts), so an official's token sees its own districts only.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sn-hub-tile-source.h"
#include "sn-json.h"
#include "sn-map-page-private.h"

enum {
  LAYER_DISTRICTS = 1 << 0,
  LAYER_HEAT = 1 << 1,
  LAYER_CLUSTERS = 1 << 2,
  LAYER_EMERGING = 1 << 3,
};

G_DEFINE_FINAL_TYPE (SnMapPage, sn_map_page, GTK_TYPE_WIDGET)

static const char *const window_names[] = { "hour", "today", "week", "all" };

/* ── filter ────────────────────────────────────────────────────────────────────────── */

static void
window_times (SnMapPage *self, gint64 *from, gint64 *to)
{
  gint64 now = sn_context_get_now (self->context);
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) midnight = NULL;

  *to = G_MAXINT64;
  switch (self->window)
    {
      case SN_MAP_WINDOW_HOUR:
        *from = now - 3600;
        break;
      case SN_MAP_WINDOW_TODAY:
        local = g_date_time_new_from_unix_local (now);
        midnight = g_date_time_new_local (g_date_time_get_year (local),
                                          g_date_time_get_month (local),
                                          g_date_time_get_day_of_month (local), 0, 0, 0);
        *from = g_date_time_to_unix (midnight);
        break;
      case SN_MAP_WINDOW_WEEK:
        *from = now - 7 * 86400;
        break;
      case SN_MAP_WINDOW_CUSTOM:
        *from = MAX (self->custom_from_time, 1);
        *to = self->custom_to_time > *from ? self->custom_to_time : G_MAXINT64;
        break;
      case SN_MAP_WINDOW_ALL:
      default:
        *from = 1;
        break;
    }
  /* Whole minutes: the window moves once a minute, not at every tick. */
  if (self->window != SN_MAP_WINDOW_CUSTOM && self->window != SN_MAP_WINDOW_ALL)
    *from -= *from % 60;
  *from = MAX (*from, 1);
}

static void
apply_filter (SnMapPage *self)
{
  SnHotspotFilter filter;
  guint category = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->category));
  guint stall = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->stall));
  guint index;

  sn_hotspot_filter_init (&filter);
  window_times (self, &filter.from, &filter.to);
  filter.state = (SnHotspotState) gtk_drop_down_get_selected (GTK_DROP_DOWN (self->state));
  filter.category = -1;
  if (category > 0 && category <= self->shown_categories->len)
    {
      /* Category indices are the data's; the drop-down shows them sorted by name. */
      const char *code = self->shown_categories->pdata[category - 1];

      for (index = 0; index < sn_map_data_get_n_categories (self->data); index++)
        if (g_strcmp0 (sn_map_data_get_category_code (self->data, index), code) == 0)
          filter.category = (int) index;
    }
  if (stall > 0 && stall <= SN_N_STALL_REASONS)
    filter.stalls = (guint8) (1u << (stall - 1));
  sn_map_data_set_filter (self->data, &filter);
}

static void
window_changed (SnMapPage *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->window_dropdown));

  if (selected == SN_MAP_WINDOW_CUSTOM)
    {
      GtkWidget *popover = gtk_widget_get_ancestor (self->custom_from, GTK_TYPE_POPOVER);

      self->custom_pending = TRUE;
      gtk_popover_popup (GTK_POPOVER (popover));
      return;
    }
  self->window = (SnMapWindow) selected;
  if (selected < G_N_ELEMENTS (window_names))
    g_settings_set_string (sn_context_get_settings (self->context), "map-window",
                           window_names[selected]);
  apply_filter (self);
}

static int
compare_category_names (gconstpointer a, gconstpointer b, gpointer user_data)
{
  SnMapData *data = user_data;
  guint ia = GPOINTER_TO_UINT (*(gconstpointer *) a), ib = GPOINTER_TO_UINT (*(gconstpointer *) b);

  return g_utf8_collate (sn_map_data_get_category_name (data, ia),
                         sn_map_data_get_category_name (data, ib));
}

/* The category drop-down follows the categories seen so far, keeping its choice. */
static void
update_categories (SnMapPage *self)
{
  guint n = sn_map_data_get_n_categories (self->data);
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->category));
  g_autofree char *keep = selected > 0 && selected <= self->shown_categories->len
                              ? g_strdup (self->shown_categories->pdata[selected - 1])
                              : NULL;
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);
  guint select = 0;

  if (n == self->shown_categories->len)
    return;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (order, GUINT_TO_POINTER (i));
  g_ptr_array_sort_with_data (order, compare_category_names, self->data);
  g_ptr_array_set_size (self->shown_categories, 0);
  gtk_string_list_append (list, _ ("Any category"));
  for (guint i = 0; i < n; i++)
    {
      guint c = GPOINTER_TO_UINT (order->pdata[i]);
      const char *code = sn_map_data_get_category_code (self->data, c);

      g_ptr_array_add (self->shown_categories, g_strdup (code));
      gtk_string_list_append (list, sn_map_data_get_category_name (self->data, c));
      if (g_strcmp0 (code, keep) == 0)
        select = i + 1;
    }
  g_signal_handlers_block_by_func (self->category, apply_filter, self);
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->category), G_LIST_MODEL (list));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->category), select);
  g_signal_handlers_unblock_by_func (self->category, apply_filter, self);
}

/* ── status ────────────────────────────────────────────────────────────────────────── */

static void
update_status (SnMapPage *self)
{
  const SnHotspotIndex *index = sn_map_data_get_index (self->data);
  guint located = index ? sn_hotspot_index_get_n_points (index) : 0;
  guint unplaced = sn_map_data_get_n_unplaced (self->data);
  g_autofree char *text = NULL;

  if (index == NULL)
    text = g_strdup (_ ("Gathering work orders…"));
  else if (unplaced > 0 && sn_map_data_get_areas (self->data) != NULL)
    /* Translators: the second number counts work orders in no district: located outside
     * every boundary, or with neither a location nor a known district. */
    text = g_strdup_printf (ngettext ("%u work order on the map · %u in no district",
                                      "%u work orders on the map · %u in no district", located),
                            located, unplaced);
  else
    text = g_strdup_printf (
        ngettext ("%u work order on the map", "%u work orders on the map", located), located);
  gtk_label_set_text (GTK_LABEL (self->status), text);
}

static void
data_updated (SnMapPage *self)
{
  update_categories (self);
  sn_map_page_update_legend (self);
  update_status (self);
  sn_map_page_update_emerging (self);
  if (!self->zoomed && sn_map_data_get_areas (self->data) != NULL)
    sn_map_page_zoom_to_districts (self);
}

/* ── clicks ────────────────────────────────────────────────────────────────────────── */

static void
map_clicked (GtkGestureClick *gesture, int n_press, double x, double y, SnMapPage *self)
{
  GtkWidget *map = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  graphene_point_t p;

  if (n_press != 1)
    return;
  if (!gtk_widget_compute_point (map, self->overlay, &GRAPHENE_POINT_INIT ((float) x, (float) y),
                                 &p))
    return;
  sn_map_page_click (self, p.x, p.y);
}

/* ── base map and districts from the hub ───────────────────────────────────────────── */

static void
set_base (SnMapPage *self, ShumateMapSource *source, const char *base)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->simple);
  double lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  double lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  double zoom = shumate_viewport_get_zoom_level (viewport);

  self->base = base;
  shumate_simple_map_set_map_source (self->simple, source);
  /* Our layers stay above the base map's. */
  shumate_viewport_set_max_zoom_level (viewport, 19);
  shumate_map_center_on (shumate_simple_map_get_map (self->simple), lat, lon);
  shumate_viewport_set_zoom_level (viewport, zoom);
  g_object_unref (source);
}

static void
got_tiles (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SnMapPage *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = sn_context_get_json_finish (SN_CONTEXT (source), result, &error);
  JsonObject *meta;
  gboolean available = TRUE;

  if (node == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_base (self, sn_blank_map_source_new (FALSE), "plain");
      return;
    }
  meta = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (meta != NULL)
    sn_json_get_bool (meta, "available", FALSE, &available, NULL);
  if (meta != NULL && available && json_object_has_member (meta, "format"))
    set_base (self,
              sn_hub_tile_source_new_map_source (sn_context_get_url (self->context),
                                                 sn_context_get_token (self->context), meta),
              "hub");
  else
    set_base (self, sn_blank_map_source_new (FALSE), "plain");
}

static void
choose_base (SnMapPage *self)
{
  GSettings *settings = sn_context_get_settings (self->context);
  g_autofree char *mode = g_settings_get_string (settings, "map-tiles");
  g_autofree char *url = g_settings_get_string (settings, "map-tile-url");
  g_autofree char *attribution = g_settings_get_string (settings, "map-tile-attribution");

  g_cancellable_cancel (self->tiles_cancellable);
  /* The attribution is the tile source's licence text, which the map's licence shows. */
  if (g_strcmp0 (mode, "url") == 0 && *url != '\0')
    {
      ShumateRasterRenderer *r = shumate_raster_renderer_new_full_from_url (
          "shuniu-url", _ ("Tile server"), attribution, NULL, 0, 19, 256,
          SHUMATE_MAP_PROJECTION_MERCATOR, url);

      set_base (self, SHUMATE_MAP_SOURCE (r), "url");
    }
  else if (g_strcmp0 (mode, "auto") == 0 && sn_context_get_url (self->context) != NULL)
    {
      /* The answer to an earlier choice must not come back over this one. */
      g_cancellable_cancel (self->tiles_cancellable);
      g_clear_object (&self->tiles_cancellable);
      self->tiles_cancellable = g_cancellable_new ();
      sn_context_get_json_async (self->context, "/v1/tiles", self->tiles_cancellable, got_tiles,
                                 self);
      return;
    }
  else
    set_base (self, sn_blank_map_source_new (FALSE), "plain");
}

static void
got_districts (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SnMapPage *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = sn_context_get_json_finish (SN_CONTEXT (source), result, &error);
  g_autofree char *text = NULL;
  g_autofree double *populations = NULL;
  SnGeoAreas *areas;
  JsonArray *features;
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      gtk_widget_set_visible (self->note, TRUE);
      if (node != NULL)
        gtk_label_set_text (GTK_LABEL (self->note),
                            _ ("The hub's district boundaries could not be read: not a GeoJSON "
                               "object"));
      else
        gtk_label_set_text (GTK_LABEL (self->note), error->message);
      return;
    }
  features = json_object_has_member (json_node_get_object (node), "features")
                 ? json_object_get_array_member (json_node_get_object (node), "features")
                 : NULL;
  if (features == NULL || json_array_get_length (features) == 0)
    {
      gtk_label_set_text (GTK_LABEL (self->note), _ ("The hub has no district boundaries."));
      gtk_widget_set_visible (self->note, TRUE);
      return;
    }
  text = json_to_string (node, FALSE);
  /* The same boundaries again (a reconnect): nothing to place anew. */
  if (g_str_hash (text) == self->districts_hash && sn_map_data_get_areas (self->data) != NULL)
    return;
  areas = sn_geo_areas_load (text, -1, "code", "name", &error);
  if (areas == NULL)
    {
      g_autofree char *message = g_strdup_printf (
          _ ("The hub's district boundaries could not be read: %s"), error->message);

      gtk_label_set_text (GTK_LABEL (self->note), message);
      gtk_widget_set_visible (self->note, TRUE);
      return;
    }
  n = sn_geo_areas_get_n_areas (areas);
  populations = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *props = sn_geo_areas_get (areas, i)->properties;
      JsonNode *pop = json_object_get_member (props, "population");

      populations[i] = pop != NULL && JSON_NODE_HOLDS_VALUE (pop) ? json_node_get_double (pop)
                                                                  : NAN;
    }
  self->zoomed = FALSE;
  self->districts_hash = g_str_hash (text);
  sn_map_data_set_areas (self->data, areas, populations);
  sn_map_page_zoom_to_districts (self);
}

static void
client_state_changed (SnMapPage *self)
{
  SnClient *client = sn_context_get_client (self->context);
  gboolean official = g_strcmp0 (sn_client_get_role (client), "official") == 0;

  if (sn_client_get_state (client) != SN_CLIENT_LIVE)
    return;
  apply_filter (self);
  gtk_widget_set_visible (self->note, official);
  if (official)
    gtk_label_set_text (GTK_LABEL (self->note),
                        _ ("District official view: your districts only, read-only."));
  /* Again at every connection: it may be another hub, or another token's districts. */
  sn_context_get_json_async (self->context, "/v1/districts", self->cancellable, got_districts,
                             self);
  choose_base (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  apply_filter (user_data); /* the window moves with the hub's clock */
  return G_SOURCE_CONTINUE;
}

/* ── building ──────────────────────────────────────────────────────────────────────── */

static void
layers_changed (SnMapPage *self)
{
  guint mask = 0;

  for (guint i = 0; i < G_N_ELEMENTS (self->layer_toggles); i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->layer_toggles[i])))
      mask |= 1u << i;
  gtk_widget_set_visible (GTK_WIDGET (self->districts), mask & LAYER_DISTRICTS);
  gtk_widget_set_visible (GTK_WIDGET (self->heat), mask & LAYER_HEAT);
  sn_cluster_layer_set_show_clusters (self->clusters, mask & LAYER_CLUSTERS);
  sn_cluster_layer_set_show_emerging (self->clusters, mask & LAYER_EMERGING);
  g_settings_set_uint (sn_context_get_settings (self->context), "map-layers", mask);
}

static void
measure_changed (SnMapPage *self)
{
  guint measure = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->measure));

  sn_district_layer_set_measure (self->districts, (SnMapMeasure) measure);
  g_settings_set_uint (sn_context_get_settings (self->context), "map-measure", measure);
  sn_map_page_update_legend (self);
}

static GtkWidget *
osd_box (GtkWidget *child, GtkAlign halign, GtkAlign valign)
{
  GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_add_css_class (frame, "card");
  gtk_widget_add_css_class (frame, "sn-map-osd");
  gtk_widget_set_halign (frame, halign);
  gtk_widget_set_valign (frame, valign);
  gtk_widget_set_margin_start (frame, 12);
  gtk_widget_set_margin_end (frame, 12);
  gtk_widget_set_margin_top (frame, 12);
  gtk_widget_set_margin_bottom (frame, valign == GTK_ALIGN_END ? 64 : 12);
  if (child != NULL)
    gtk_box_append (GTK_BOX (frame), child);
  return frame;
}

static void
build_map (SnMapPage *self)
{
  ShumateViewport *viewport;
  GtkGesture *click;
  GtkWidget *status_box;

  self->simple = shumate_simple_map_new ();
  viewport = shumate_simple_map_get_viewport (self->simple);
  set_base (self, sn_blank_map_source_new (FALSE), "plain");
  self->base = NULL; /* the real base is chosen once connected */
  shumate_viewport_set_rotation (viewport, 0);
  self->districts = sn_district_layer_new (viewport, self->data);
  self->heat = sn_heat_layer_new (viewport, self->data);
  self->clusters = sn_cluster_layer_new (viewport, self->data);
  shumate_simple_map_add_overlay_layer (self->simple, SHUMATE_LAYER (self->districts));
  shumate_simple_map_add_overlay_layer (self->simple, SHUMATE_LAYER (self->heat));
  shumate_simple_map_add_overlay_layer (self->simple, SHUMATE_LAYER (self->clusters));
  shumate_map_center_on (shumate_simple_map_get_map (self->simple), 39.9, 116.4);
  shumate_viewport_set_zoom_level (viewport, 9);

  self->overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), GTK_WIDGET (self->simple));
  gtk_widget_set_hexpand (self->overlay, TRUE);
  gtk_widget_set_vexpand (self->overlay, TRUE);
  self->legend = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay),
                           osd_box (self->legend, GTK_ALIGN_START, GTK_ALIGN_END));
  status_box = osd_box (NULL, GTK_ALIGN_START, GTK_ALIGN_START);
  self->status = gtk_label_new (NULL);
  self->note = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->status), 0);
  gtk_label_set_xalign (GTK_LABEL (self->note), 0);
  gtk_label_set_wrap (GTK_LABEL (self->note), TRUE);
  gtk_widget_add_css_class (self->note, "warning");
  gtk_widget_set_visible (self->note, FALSE);
  gtk_box_append (GTK_BOX (status_box), self->status);
  gtk_box_append (GTK_BOX (status_box), self->note);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), status_box);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (map_clicked), self);
  gtk_widget_add_controller (GTK_WIDGET (shumate_simple_map_get_map (self->simple)),
                             GTK_EVENT_CONTROLLER (click));
}

static void
restore_settings (SnMapPage *self)
{
  GSettings *settings = sn_context_get_settings (self->context);
  g_autofree char *window = g_settings_get_string (settings, "map-window");
  guint layers = g_settings_get_uint (settings, "map-layers");

  for (guint i = 0; i < G_N_ELEMENTS (window_names); i++)
    if (g_strcmp0 (window, window_names[i]) == 0)
      {
        self->window = (SnMapWindow) i;
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->window_dropdown), i);
      }
  gtk_drop_down_set_selected (
      GTK_DROP_DOWN (self->measure),
      MIN (g_settings_get_uint (settings, "map-measure"), SN_N_MAP_MEASURES - 1));
  for (guint i = 0; i < G_N_ELEMENTS (self->layer_toggles); i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->layer_toggles[i]), layers & (1u << i));
}

/* ── GObject ───────────────────────────────────────────────────────────────────────── */

static void
sn_map_page_dispose (GObject *object)
{
  SnMapPage *self = SN_MAP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->tiles_cancellable);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->popover != NULL)
    gtk_widget_unparent (self->popover);
  self->popover = NULL;
  /* The custom window popover is parented to the drop-down, which does not unparent it. */
  if (self->custom_from != NULL)
    gtk_widget_unparent (gtk_widget_get_ancestor (self->custom_from, GTK_TYPE_POPOVER));
  self->custom_from = self->custom_to = NULL;
  g_clear_pointer (&self->root, gtk_widget_unparent);
  if (self->data != NULL)
    g_signal_handlers_disconnect_by_data (self->data, self);
  g_clear_object (&self->data);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (sn_map_page_parent_class)->dispose (object);
}

static void
sn_map_page_finalize (GObject *object)
{
  SnMapPage *self = SN_MAP_PAGE (object);

  g_ptr_array_unref (self->popover_lines);
  g_ptr_array_unref (self->shown_categories);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->tiles_cancellable);
  G_OBJECT_CLASS (sn_map_page_parent_class)->finalize (object);
}

static void
sn_map_page_class_init (SnMapPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sn_map_page_dispose;
  G_OBJECT_CLASS (klass)->finalize = sn_map_page_finalize;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "sn-map-page");
}

static void
sn_map_page_init (SnMapPage *self)
{
  self->popover_lines = g_ptr_array_new_with_free_func (g_free);
  self->shown_categories = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  self->window = SN_MAP_WINDOW_TODAY;
}

GtkWidget *
sn_map_page_new (SnContext *context)
{
  SnMapPage *self = g_object_new (SN_TYPE_MAP_PAGE, NULL);
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  self->context = g_object_ref (context);
  self->data = g_object_ref (sn_context_get_map_data (context));
  self->root = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (self->root), sn_map_page_build_toolbar (self));
  build_map (self);
  gtk_box_append (GTK_BOX (body), self->overlay);
  gtk_box_append (GTK_BOX (body), sn_map_page_build_side (self));
  gtk_box_append (GTK_BOX (self->root), body);
  gtk_widget_set_parent (self->root, GTK_WIDGET (self));
  restore_settings (self);

  g_signal_connect_swapped (self->window_dropdown, "notify::selected", G_CALLBACK (window_changed),
                            self);
  g_signal_connect_swapped (self->category, "notify::selected", G_CALLBACK (apply_filter), self);
  g_signal_connect_swapped (self->state, "notify::selected", G_CALLBACK (apply_filter), self);
  g_signal_connect_swapped (self->stall, "notify::selected", G_CALLBACK (apply_filter), self);
  g_signal_connect_swapped (self->measure, "notify::selected", G_CALLBACK (measure_changed), self);
  for (guint i = 0; i < G_N_ELEMENTS (self->layer_toggles); i++)
    g_signal_connect_swapped (self->layer_toggles[i], "toggled", G_CALLBACK (layers_changed), self);
  layers_changed (self);
  measure_changed (self);
  g_signal_connect_swapped (self->data, "updated", G_CALLBACK (data_updated), self);
  g_signal_connect_object (sn_context_get_client (context), "notify::state",
                           G_CALLBACK (client_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sn_context_get_settings (context), "changed::map-tiles",
                           G_CALLBACK (choose_base), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sn_context_get_settings (context), "changed::map-tile-url",
                           G_CALLBACK (choose_base), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sn_context_get_settings (context), "changed::map-tile-attribution",
                           G_CALLBACK (choose_base), self, G_CONNECT_SWAPPED);
  /* The window follows the hub's clock (which a simulation may run fast). */
  self->tick_source = g_timeout_add_seconds (5, tick_cb, self);
  g_signal_connect_object (sn_context_get_model (context), "reset", G_CALLBACK (apply_filter), self,
                           G_CONNECT_SWAPPED);
  apply_filter (self);
  sn_map_page_update_legend (self);
  update_status (self);
  sn_map_page_update_emerging (self);
  client_state_changed (self);
  return GTK_WIDGET (self);
}

/* ── public API ────────────────────────────────────────────────────────────────────── */

SnMapData *
sn_map_page_get_data (SnMapPage *self)
{
  g_return_val_if_fail (SN_IS_MAP_PAGE (self), NULL);
  return self->data;
}

ShumateMap *
sn_map_page_get_map (SnMapPage *self)
{
  g_return_val_if_fail (SN_IS_MAP_PAGE (self), NULL);
  return shumate_simple_map_get_map (self->simple);
}

SnDistrictLayer *
sn_map_page_get_district_layer (SnMapPage *self)
{
  g_return_val_if_fail (SN_IS_MAP_PAGE (self), NULL);
  return self->districts;
}

SnClusterLayer *
sn_map_page_get_cluster_layer (SnMapPage *self)
{
  g_return_val_if_fail (SN_IS_MAP_PAGE (self), NULL);
  return self->clusters;
}

void
sn_map_page_set_window (SnMapPage *self, SnMapWindow window, gint64 from, gint64 to)
{
  g_return_if_fail (SN_IS_MAP_PAGE (self));

  self->window = window;
  self->custom_from_time = from;
  self->custom_to_time = to;
  g_signal_handlers_block_by_func (self->window_dropdown, window_changed, self);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->window_dropdown), window);
  g_signal_handlers_unblock_by_func (self->window_dropdown, window_changed, self);
  if (window < G_N_ELEMENTS (window_names))
    g_settings_set_string (sn_context_get_settings (self->context), "map-window",
                           window_names[window]);
  apply_filter (self);
}

void
sn_map_page_zoom_to_districts (SnMapPage *self)
{
  const SnGeoAreas *areas;
  ShumateViewport *viewport;
  SnGeoBBox box;
  double x0, y0, x1, y1, w, h, zoom;

  g_return_if_fail (SN_IS_MAP_PAGE (self));
  areas = sn_map_data_get_areas (self->data);
  w = gtk_widget_get_width (self->overlay);
  h = gtk_widget_get_height (self->overlay);
  if (areas == NULL)
    return;
  if (w <= 0 || h <= 0)
    {
      w = 1000;
      h = 700;
    }
  else
    self->zoomed = TRUE;
  box = sn_geo_areas_get_bbox (areas);
  sn_hotspot_project (box.max_lat, box.min_lon, &x0, &y0);
  sn_hotspot_project (box.min_lat, box.max_lon, &x1, &y1);
  /* The zoom at which the box fills the view (256-pixel tiles), with a margin. */
  zoom = log2 (MIN (w / ((x1 - x0) * 256), h / ((y1 - y0) * 256)) * 0.9);
  viewport = shumate_simple_map_get_viewport (self->simple);
  shumate_viewport_set_zoom_level (viewport, CLAMP (zoom, 2, 18));
  shumate_map_center_on (shumate_simple_map_get_map (self->simple), (box.min_lat + box.max_lat) / 2,
                         (box.min_lon + box.max_lon) / 2);
}

GtkWidget *
sn_map_page_click (SnMapPage *self, double x, double y)
{
  graphene_point_t p;
  guint level;
  guint32 cx, cy;
  int district, emerging;

  g_return_val_if_fail (SN_IS_MAP_PAGE (self), NULL);
  /* Layers share the overlay's origin: the map fills it. */
  if (!gtk_widget_compute_point (self->overlay, GTK_WIDGET (self->clusters),
                                 &GRAPHENE_POINT_INIT ((float) x, (float) y), &p))
    return NULL;
  if (gtk_widget_get_visible (GTK_WIDGET (self->clusters))
      && sn_cluster_layer_pick (self->clusters, p.x, p.y, &level, &cx, &cy))
    return sn_map_page_cluster_popover (self, level, cx, cy, x, y);
  emerging = sn_cluster_layer_pick_emerging (self->clusters, p.x, p.y);
  if (emerging >= 0)
    {
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->emerging_toggle), TRUE);
      gtk_list_box_select_row (
          GTK_LIST_BOX (self->emerging_list),
          gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->emerging_list), emerging));
      return NULL;
    }
  district = sn_district_layer_pick (self->districts, p.x, p.y);
  if (district >= 0)
    return sn_map_page_district_popover (self, (guint) district, x, y);
  return NULL;
}

GPtrArray *
sn_map_page_get_popover_lines (SnMapPage *self)
{
  g_return_val_if_fail (SN_IS_MAP_PAGE (self), NULL);
  return self->popover_lines;
}

const char *
sn_map_page_get_base (SnMapPage *self)
{
  g_return_val_if_fail (SN_IS_MAP_PAGE (self), NULL);
  return self->base ? self->base : "plain";
}