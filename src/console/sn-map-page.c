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

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "sn-hub-tile-source.h"
#include "sn-json.h"
#include "sn-map-page.h"
#include "sn-stalled-page.h"
#include "sn-ticket-detail.h"
#include "sn-window.h"

#define MAX_CLUSTER_ROWS 50

enum {
  LAYER_DISTRICTS = 1 << 0,
  LAYER_HEAT = 1 << 1,
  LAYER_CLUSTERS = 1 << 2,
  LAYER_EMERGING = 1 << 3,
};

struct _SnMapPage
{
  GtkWidget parent_instance;

  SnContext *context;
  SnMapData *data;
  GtkWidget *root;
  ShumateSimpleMap *simple;
  SnDistrictLayer *districts;
  SnHeatLayer *heat;
  SnClusterLayer *clusters;
  GtkWidget *overlay;
  GtkWidget *window_dropdown;
  GtkWidget *category;
  GtkWidget *state;
  GtkWidget *stall;
  GtkWidget *measure;
  GtkWidget *layer_toggles[4];
  GtkWidget *legend;
  GtkWidget *status;
  GtkWidget *note;
  GtkWidget *emerging_list;
  GtkWidget *emerging_revealer;
  GtkWidget *emerging_toggle;
  GtkWidget *popover;
  GPtrArray *popover_lines;
  GtkWidget *custom_from;
  GtkWidget *custom_to;

  SnMapWindow window;
  gint64 custom_from_time, custom_to_time;
  GPtrArray *shown_categories; /* codes in the category drop-down, after "any" */
  const char *base;
  gboolean zoomed;
  GCancellable *cancellable;
  guint tick_source;
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

      gtk_popover_popup (GTK_POPOVER (popover));
      return;
    }
  self->window = (SnMapWindow) selected;
  if (selected < G_N_ELEMENTS (window_names))
    g_settings_set_string (sn_context_get_settings (self->context), "map-window",
                           window_names[selected]);
  apply_filter (self);
}

/* "2025-10-09" or "2025-10-09 14:30", local time. */
static gboolean
parse_local (const char *text, gint64 *out)
{
  int y, mo, d, h = 0, mi = 0;
  g_autoptr (GDateTime) dt = NULL;
  int n = sscanf (text, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi);

  if (n != 3 && n != 5)
    return FALSE;
  dt = g_date_time_new_local (y, mo, d, h, mi, 0);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static void
custom_apply (SnMapPage *self)
{
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->custom_from));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->custom_to));
  gint64 f, t = 0;
  gboolean ok = parse_local (from, &f) && (*to == '\0' || parse_local (to, &t));

  if (ok && t != 0 && t <= f)
    ok = FALSE;
  if (!ok)
    {
      gtk_widget_add_css_class (self->custom_from, "error");
      gtk_widget_add_css_class (self->custom_to, "error");
      return;
    }
  gtk_widget_remove_css_class (self->custom_from, "error");
  gtk_widget_remove_css_class (self->custom_to, "error");
  sn_map_page_set_window (self, SN_MAP_WINDOW_CUSTOM, f, t);
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (self->custom_from, GTK_TYPE_POPOVER)));
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

/* ── legend, status and the emerging list ──────────────────────────────────────────── */

static void
draw_swatch (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  GdkRGBA *color = user_data;

  gdk_cairo_set_source_rgba (cr, color);
  cairo_rectangle (cr, 0.5, 0.5, width - 1, height - 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0.3, 0.3, 0.3, 0.8);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
legend_row (GtkWidget *box, const GdkRGBA *color, const char *text)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 18);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                  g_memdup2 (color, sizeof *color), g_free);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (row), swatch);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (box), row);
}

static char *
format_measure (SnMapMeasure measure, double value)
{
  switch (measure)
    {
      case SN_MAP_MEASURE_TIME_USED:
        return g_strdup_printf ("%.0f %%", value * 100);
      case SN_MAP_MEASURE_PER_10K:
        return g_strdup_printf ("%.1f", value);
      case SN_MAP_MEASURE_OPEN:
      case SN_MAP_MEASURE_OVERDUE:
      case SN_MAP_MEASURE_TOTAL:
      case SN_N_MAP_MEASURES:
      default:
        return g_strdup_printf ("%.0f", value);
    }
}

static void
update_legend (SnMapPage *self)
{
  SnMapMeasure measure = sn_district_layer_get_measure (self->districts);
  const SnGeoAreas *areas = sn_map_data_get_areas (self->data);
  guint n = areas ? sn_geo_areas_get_n_areas (areas) : 0;
  g_autofree double *values = g_new (double, MAX (n, 1));
  GtkWidget *child, *title;
  gboolean missing = FALSE;
  SnMapScale scale;
  GdkRGBA color;

  while ((child = gtk_widget_get_first_child (self->legend)) != NULL)
    gtk_box_remove (GTK_BOX (self->legend), child);
  title = gtk_label_new (sn_map_measure_get_label (measure));
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (self->legend), title);
  for (guint i = 0; i < n; i++)
    {
      values[i] = sn_map_data_get_measure (self->data, measure, i);
      missing |= !isfinite (values[i]);
    }
  sn_map_scale_from_values (&scale, values, n);
  for (guint k = 0; k < scale.n_classes; k++)
    {
      g_autofree char *lo = format_measure (measure, scale.breaks[k]);
      g_autofree char *hi = format_measure (measure, scale.breaks[k + 1]);
      g_autofree char *text = g_strcmp0 (lo, hi) == 0 ? g_strdup (lo)
                                                      : g_strdup_printf ("%s – %s", lo, hi);

      sn_map_scale_color (k, scale.n_classes, &color);
      color.alpha = 0.55;
      legend_row (self->legend, &color, text);
    }
  if (missing || scale.n_classes == 0)
    legend_row (self->legend, &(GdkRGBA){ 0.8, 0.8, 0.8, 0.55 }, _ ("No data"));
  sn_map_sla_color (SN_SLA_OVERDUE, &color);
  legend_row (self->legend, &color, _ ("Cluster with overdue work orders"));
  sn_map_sla_color (SN_SLA_AT_RISK, &color);
  legend_row (self->legend, &color, _ ("Cluster with work orders at risk"));
  sn_map_sla_color (SN_SLA_FINE, &color);
  legend_row (self->legend, &color, _ ("Cluster within its time limits"));
  legend_row (self->legend, &(GdkRGBA){ 0.62, 0.10, 0.65, 0.95 }, _ ("Emerging hotspot"));
}

static void
update_status (SnMapPage *self)
{
  const SnHotspotIndex *index = sn_map_data_get_index (self->data);
  guint located = index ? sn_hotspot_index_get_n_points (index) : 0;
  guint unplaced = sn_map_data_get_n_unplaced (self->data);
  g_autofree char *text = NULL;

  if (index == NULL)
    text = g_strdup (_ ("Gathering work orders…"));
  else if (unplaced > 0)
    text = g_strdup_printf (ngettext ("%u work order on the map · %u without a place",
                                      "%u work orders on the map · %u without a place", located),
                            located, unplaced);
  else
    text = g_strdup_printf (
        ngettext ("%u work order on the map", "%u work orders on the map", located), located);
  gtk_label_set_text (GTK_LABEL (self->status), text);
}

static const char *
district_name_at (SnMapPage *self, double x, double y)
{
  const SnGeoAreas *areas = sn_map_data_get_areas (self->data);
  const SnGeoArea *area;
  double lat, lon;

  if (areas == NULL)
    return NULL;
  sn_hotspot_unproject (x, y, &lat, &lon);
  area = sn_geo_locate (areas, lat, lon);
  return area ? area->name : NULL;
}

static void
emerging_activated (SnMapPage *self, GtkListBoxRow *row)
{
  GArray *emerging = sn_map_data_get_emerging (self->data);
  guint i = (guint) gtk_list_box_row_get_index (row);
  const SnHotspotEmerging *e;
  double lat, lon;

  if (emerging == NULL || i >= emerging->len)
    return;
  e = &g_array_index (emerging, SnHotspotEmerging, i);
  sn_hotspot_unproject (e->mean_x, e->mean_y, &lat, &lon);
  shumate_map_go_to_full (shumate_simple_map_get_map (self->simple), lat, lon, 16);
}

static void
update_emerging (SnMapPage *self)
{
  GArray *emerging = sn_map_data_get_emerging (self->data);
  GtkListBox *list = GTK_LIST_BOX (self->emerging_list);
  GtkWidget *child;
  g_autofree char *label = NULL;
  guint n = emerging ? emerging->len : 0;

  while ((child = gtk_widget_get_first_child (self->emerging_list)) != NULL)
    gtk_list_box_remove (list, child);
  for (guint i = 0; i < n; i++)
    {
      const SnHotspotEmerging *e = &g_array_index (emerging, SnHotspotEmerging, i);
      const char *district = district_name_at (self, e->mean_x, e->mean_y);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;
      g_autofree char *title = NULL;

      title = g_strdup_printf (
          ngettext ("%u work order in the window", "%u work orders in the window", e->recent),
          e->recent);
      /* Translators: expected count from the cell's own baseline, then the district. */
      subtitle = g_strdup_printf (_ ("%.1f expected · q = %.2g · %s"), e->expected, e->q_value,
                                  district ? district : _ ("outside the districts"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (list, row);
    }
  label = n > 0 ? g_strdup_printf (ngettext ("%u Emerging Hotspot", "%u Emerging Hotspots", n), n)
                : g_strdup (_ ("Emerging Hotspots"));
  gtk_button_set_label (GTK_BUTTON (self->emerging_toggle), label);
  if (n == 0)
    {
      GtkWidget *empty = gtk_label_new (_ ("None: no cell is significantly above its own "
                                           "baseline of the 28 days before the window."));

      gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
      gtk_widget_add_css_class (empty, "dim-label");
      gtk_widget_set_margin_top (empty, 12);
      gtk_widget_set_margin_bottom (empty, 12);
      gtk_list_box_append (list, empty);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (empty)), FALSE);
    }
}

static void
data_updated (SnMapPage *self)
{
  update_categories (self);
  update_legend (self);
  update_status (self);
  update_emerging (self);
  if (!self->zoomed && sn_map_data_get_areas (self->data) != NULL)
    sn_map_page_zoom_to_districts (self);
}

/* ── popovers ──────────────────────────────────────────────────────────────────────── */

static GtkWidget *
popover_label (SnMapPage *self, GtkWidget *box, const char *text, const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  gtk_box_append (GTK_BOX (box), label);
  g_ptr_array_add (self->popover_lines, g_strdup (text));
  return label;
}

static GtkWidget *
open_popover (SnMapPage *self, GtkWidget *content, double x, double y)
{
  if (self->popover != NULL)
    {
      gtk_popover_popdown (GTK_POPOVER (self->popover));
      gtk_widget_unparent (self->popover);
    }
  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), content);
  gtk_widget_set_parent (self->popover, self->overlay);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle){ (int) x - 1, (int) y - 1, 2, 2 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
  return self->popover;
}

static void
show_stalled (GtkButton *button, SnMapPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), SN_TYPE_WINDOW);
  const char *code = g_object_get_data (G_OBJECT (button), "district");

  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  if (window != NULL)
    sn_window_show_stalled_district (SN_WINDOW (window), code);
}

static void
district_popover_units (SnMapPage *self, GtkWidget *box, guint district)
{
  g_autoptr (GPtrArray) units = sn_map_data_unit_scores (self->data, district);

  if (units->len == 0)
    return;
  popover_label (self, box, _ ("Units"), "heading");
  for (guint i = 0; i < MIN (units->len, 6); i++)
    {
      const SnMapUnitScore *s = units->pdata[i];
      /* Translators: a unit, its open and overdue work orders in the district, and the
       * share of its work orders there that are within their time limits. */
      g_autofree char *line = g_strdup_printf (_ ("%s: %u open, %u overdue, %.0f %% on time"),
                                               s->unit, s->open, s->overdue, s->on_time * 100);

      popover_label (self, box, line, NULL);
    }
}

static GtkWidget *
district_popover (SnMapPage *self, guint district, double x, double y)
{
  const SnGeoArea *area = sn_geo_areas_get (sn_map_data_get_areas (self->data), district);
  guint n_stats;
  const SnMapDistrictStats *stats = sn_map_data_get_district_stats (self->data, &n_stats);
  SnMapDistrictStats s = district < n_stats ? stats[district] : (SnMapDistrictStats){ 0 };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autoptr (GArray) counts = NULL;
  g_autoptr (GPtrArray) top = sn_map_data_top_categories (self->data, district, 3, &counts);
  g_autofree char *line = NULL;
  g_autofree char *risk = NULL;
  GtkWidget *button;
  double population = sn_map_data_get_population (self->data, district);

  g_ptr_array_set_size (self->popover_lines, 0);
  popover_label (self, box, area->name, "title-4");
  line = g_strdup_printf (
      ngettext ("%u work order in the window", "%u work orders in the window", s.total), s.total);
  popover_label (self, box, line, NULL);
  g_free (line);
  line = g_strdup_printf (_ ("Open: %u · overdue: %u · at risk: %u"), s.open, s.overdue, s.at_risk);
  popover_label (self, box, line, NULL);
  if (isfinite (population) && population > 0)
    {
      risk = g_strdup_printf (_ ("%.1f per 10,000 residents"), s.total * 10000.0 / population);
      popover_label (self, box, risk, "dim-label");
    }
  if (top->len > 0)
    popover_label (self, box, _ ("Top categories"), "heading");
  for (guint i = 0; i < top->len; i++)
    {
      guint c;
      const char *name = top->pdata[i];
      g_autofree char *cat = NULL;

      for (c = 0; c < sn_map_data_get_n_categories (self->data); c++)
        if (g_strcmp0 (sn_map_data_get_category_code (self->data, c), top->pdata[i]) == 0)
          name = sn_map_data_get_category_name (self->data, c);
      cat = g_strdup_printf ("%s: %u", name, g_array_index (counts, guint, i));
      popover_label (self, box, cat, NULL);
    }
  district_popover_units (self, box, district);
  button = gtk_button_new_with_mnemonic (_ ("Show _Stalled Work Orders"));
  g_object_set_data_full (G_OBJECT (button), "district", g_strdup (area->code), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (show_stalled), self);
  gtk_widget_set_margin_top (button, 6);
  gtk_box_append (GTK_BOX (box), button);
  return open_popover (self, box, x, y);
}

static void
open_ticket (GtkButton *button, SnMapPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "ticket");
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), SN_TYPE_WINDOW);
  GtkWidget *stalled = window ? sn_window_get_stalled (SN_WINDOW (window)) : NULL;
  GtkWidget *dialog, *detail;

  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  /* A stalled work order opens where its actions are. */
  if (stalled != NULL && sn_stalled_page_select (SN_STALLED_PAGE (stalled), id))
    {
      sn_window_show_page (SN_WINDOW (window), "stalled");
      return;
    }
  dialog = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (dialog), id);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 460, 640);
  if (window != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  detail = sn_ticket_detail_new (self->context);
  sn_ticket_detail_set_ticket (SN_TICKET_DETAIL (detail), id);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
    gtk_widget_set_vexpand (detail, TRUE);
    gtk_box_append (GTK_BOX (box), detail);
    adw_window_set_content (ADW_WINDOW (dialog), box);
  }
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
cluster_popover (SnMapPage *self, guint level, guint32 cx, guint32 cy, double x, double y)
{
  const SnHotspotIndex *index = sn_map_data_get_index (self->data);
  const SnHotspotPoint *points = sn_map_data_get_index_points (self->data);
  double size = 1.0 / ((guint64) 1 << level);
  const SnHotspotCell *cell = sn_hotspot_index_lookup (index, level, (cx + 0.5) * size,
                                                       (cy + 0.5) * size);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autofree char *title = NULL;
  const guint32 *members;

  if (cell == NULL)
    return NULL;
  g_ptr_array_set_size (self->popover_lines, 0);
  members = sn_hotspot_index_get_members (index);
  title = g_strdup_printf (ngettext ("%u work order", "%u work orders", cell->count), cell->count);
  popover_label (self, box, title, "heading");
  for (guint i = 0; i < MIN (cell->count, MAX_CLUSTER_ROWS); i++)
    {
      const SnHotspotPoint *p = &points[members[cell->first + i]];
      const char *id = sn_map_data_get_ticket_id (self->data, p->id);
      const SnTicketView *v = sn_console_model_lookup_ticket (sn_context_get_model (self->context),
                                                              id);
      g_autofree char *text = NULL;
      GtkWidget *button, *label;

      if (v == NULL)
        continue;
      text = g_strdup_printf ("%s · %s · %s", id,
                              v->ticket->service_name ? v->ticket->service_name : "",
                              sn_ticket_state_get_label (v->ticket->state));
      button = gtk_button_new ();
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "ticket", g_strdup (id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (open_ticket), self);
      gtk_box_append (GTK_BOX (list), button);
      g_ptr_array_add (self->popover_lines, g_strdup (text));
    }
  if (cell->count > MAX_CLUSTER_ROWS)
    {
      g_autofree char *more = g_strdup_printf (
          ngettext ("and %u more: zoom in to split the cluster",
                    "and %u more: zoom in to split the cluster", cell->count - MAX_CLUSTER_ROWS),
          cell->count - MAX_CLUSTER_ROWS);

      popover_label (self, box, more, "dim-label");
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_box_insert_child_after (GTK_BOX (box), scroller, gtk_widget_get_first_child (box));
  return open_popover (self, box, x, y);
}

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

  shumate_license_set_extra_text (shumate_simple_map_get_license (self->simple),
                                  *attribution ? attribution : NULL);
  if (g_strcmp0 (mode, "url") == 0 && *url != '\0')
    {
      ShumateRasterRenderer *r = shumate_raster_renderer_new_full_from_url (
          "shuniu-url", _ ("Tile server"), attribution, NULL, 0, 19, 256,
          SHUMATE_MAP_PROJECTION_MERCATOR, url);

      set_base (self, SHUMATE_MAP_SOURCE (r), "url");
    }
  else if (g_strcmp0 (mode, "auto") == 0 && sn_context_get_url (self->context) != NULL)
    sn_context_get_json_async (self->context, "/v1/tiles", self->cancellable, got_tiles, self);
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

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
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
  if (sn_map_data_get_areas (self->data) == NULL)
    sn_context_get_json_async (self->context, "/v1/districts", self->cancellable, got_districts,
                               self);
  if (self->base == NULL || g_strcmp0 (self->base, "plain") == 0)
    choose_base (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  apply_filter (user_data); /* the window moves with the hub's clock */
  return G_SOURCE_CONTINUE;
}

/* ── building ──────────────────────────────────────────────────────────────────────── */

static GtkWidget *
dropdown (const char *const *items, const char *tooltip)
{
  GtkWidget *d = gtk_drop_down_new_from_strings (items);

  gtk_widget_set_tooltip_text (d, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (d), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return d;
}

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
  update_legend (self);
}

static GtkWidget *
build_custom_popover (SnMapPage *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *apply = gtk_button_new_with_mnemonic (_ ("_Show"));

  self->custom_from = gtk_entry_new ();
  self->custom_to = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->custom_from), _ ("YYYY-MM-DD HH:MM"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->custom_to), _ ("now"));
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_grid_attach (GTK_GRID (grid), gtk_label_new_with_mnemonic (_ ("_From")), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), self->custom_from, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), gtk_label_new_with_mnemonic (_ ("_To")), 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), self->custom_to, 1, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), apply, 1, 2, 1, 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->custom_from), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("From"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->custom_to), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("To"), -1);
  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (custom_apply), self);
  g_signal_connect_swapped (self->custom_from, "activate", G_CALLBACK (custom_apply), self);
  g_signal_connect_swapped (self->custom_to, "activate", G_CALLBACK (custom_apply), self);
  gtk_popover_set_child (GTK_POPOVER (popover), grid);
  return popover;
}

static GtkWidget *
build_toolbar (SnMapPage *self)
{
  static const char *windows[] = { N_ ("Last Hour"), N_ ("Today"),   N_ ("Last 7 Days"),
                                   N_ ("All Time"),  N_ ("Custom…"), NULL };
  static const char *states[] = { N_ ("Any State"),          N_ ("Open"),    N_ ("Closed"),
                                  N_ ("At Risk or Overdue"), N_ ("Overdue"), NULL };
  static const char *layers[] = { N_ ("_Districts"), N_ ("_Heat"), N_ ("_Clusters"),
                                  N_ ("Hots_pots") };
  const char *t_windows[G_N_ELEMENTS (windows)], *t_states[G_N_ELEMENTS (states)];
  const char *stalls[SN_N_STALL_REASONS + 2], *measures[SN_N_MAP_MEASURES + 1];
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *window_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *layer_box, *layer_popover, *layer_button;

  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    t_windows[i] = windows[i] ? _ (windows[i]) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    t_states[i] = states[i] ? _ (states[i]) : NULL;
  stalls[0] = _ ("Any Stall Reason");
  for (guint r = 0; r < SN_N_STALL_REASONS; r++)
    stalls[r + 1] = sn_stall_reason_get_label (r);
  stalls[SN_N_STALL_REASONS + 1] = NULL;
  for (guint m = 0; m < SN_N_MAP_MEASURES; m++)
    measures[m] = sn_map_measure_get_label (m);
  measures[SN_N_MAP_MEASURES] = NULL;

  gtk_widget_add_css_class (bar, "toolbar");
  self->window_dropdown = dropdown (t_windows, _ ("Time window"));
  gtk_box_append (GTK_BOX (window_box), self->window_dropdown);
  gtk_widget_set_parent (build_custom_popover (self), self->window_dropdown);
  self->category = dropdown ((const char *[]){ _ ("Any category"), NULL }, _ ("Category"));
  self->state = dropdown (t_states, _ ("State"));
  self->stall = dropdown (stalls, _ ("Stall reason"));
  self->measure = dropdown (measures, _ ("Colour the districts by"));
  gtk_box_append (GTK_BOX (bar), window_box);
  gtk_box_append (GTK_BOX (bar), self->category);
  gtk_box_append (GTK_BOX (bar), self->state);
  gtk_box_append (GTK_BOX (bar), self->stall);
  gtk_box_append (GTK_BOX (bar), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (bar), self->measure);
  gtk_box_append (GTK_BOX (bar), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  /* The layers in a menu: the toolbar fits a 1280-pixel window. */
  layer_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      self->layer_toggles[i] = gtk_check_button_new_with_mnemonic (_ (layers[i]));
      gtk_box_append (GTK_BOX (layer_box), self->layer_toggles[i]);
    }
  layer_popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (layer_popover), layer_box);
  layer_button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (layer_button), _ ("Layers"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (layer_button), TRUE);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (layer_button), layer_popover);
  gtk_widget_set_tooltip_text (layer_button, _ ("Layers shown on the map"));
  gtk_box_append (GTK_BOX (bar), layer_button);
  self->emerging_toggle = gtk_toggle_button_new_with_label (_ ("Emerging Hotspots"));
  gtk_widget_add_css_class (self->emerging_toggle, "flat");
  gtk_widget_set_hexpand (self->emerging_toggle, TRUE);
  gtk_widget_set_halign (self->emerging_toggle, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (self->emerging_toggle,
                               _ ("Cells whose count in the window is significantly above their "
                                  "own baseline (binomial test, Benjamini–Hochberg at 5 %)"));
  gtk_box_append (GTK_BOX (bar), self->emerging_toggle);
  return bar;
}

static GtkWidget *
build_side (SnMapPage *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_ ("Emerging Hotspots"));
  GtkWidget *explain = gtk_label_new (
      _ ("Cells of about 300 m whose count in the window is significantly above their own "
         "baseline of the 28 days before it, allowing for the change across the whole city: "
         "a conditional binomial test of two Poisson rates, with the Benjamini–Hochberg false "
         "discovery rate held at 5 %. Cells with fewer than 5 work orders in the window are "
         "not tested."));

  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (explain), TRUE);
  gtk_label_set_xalign (GTK_LABEL (explain), 0);
  gtk_widget_add_css_class (explain, "caption");
  gtk_widget_add_css_class (explain, "dim-label");
  self->emerging_list = gtk_list_box_new ();
  gtk_widget_add_css_class (self->emerging_list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->emerging_list), GTK_SELECTION_SINGLE);
  g_signal_connect_swapped (self->emerging_list, "row-activated", G_CALLBACK (emerging_activated),
                            self);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), explain);
  gtk_box_append (GTK_BOX (box), self->emerging_list);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, 320, -1);
  self->emerging_revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->emerging_revealer),
                                    GTK_REVEALER_TRANSITION_TYPE_SLIDE_LEFT);
  gtk_revealer_set_child (GTK_REVEALER (self->emerging_revealer), scroller);
  g_object_bind_property (self->emerging_toggle, "active", self->emerging_revealer, "reveal-child",
                          G_BINDING_SYNC_CREATE);
  return self->emerging_revealer;
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
  gtk_box_append (GTK_BOX (self->root), build_toolbar (self));
  build_map (self);
  gtk_box_append (GTK_BOX (body), self->overlay);
  gtk_box_append (GTK_BOX (body), build_side (self));
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
  update_legend (self);
  update_status (self);
  update_emerging (self);
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
    return cluster_popover (self, level, cx, cy, x, y);
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
    return district_popover (self, (guint) district, x, y);
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
