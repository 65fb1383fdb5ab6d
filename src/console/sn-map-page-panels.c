/* sn-map-page-panels.c — the Map page's toolbar (with its custom time window), the side
 * panel of emerging hotspots, and the legend over the map
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "sn-map-page-private.h"

/* ── toolbar ───────────────────────────────────────────────────────────────────────── */

static GtkWidget *
dropdown (const char *const *items, const char *tooltip)
{
  GtkWidget *d = gtk_drop_down_new_from_strings (items);

  gtk_widget_set_tooltip_text (d, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (d), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return d;
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
  self->custom_pending = FALSE;
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (self->custom_from, GTK_TYPE_POPOVER)));
}

/* Dismissed without applying: the drop-down shows the window in use again. */
static void
custom_closed (SnMapPage *self)
{
  if (!self->custom_pending)
    return;
  self->custom_pending = FALSE;
  sn_map_page_set_window (self, self->window, self->custom_from_time, self->custom_to_time);
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
  g_signal_connect_swapped (popover, "closed", G_CALLBACK (custom_closed), self);
  return popover;
}

GtkWidget *
sn_map_page_build_toolbar (SnMapPage *self)
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

/* ── side panel: emerging hotspots ─────────────────────────────────────────────────── */

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

GtkWidget *
sn_map_page_build_side (SnMapPage *self)
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

void
sn_map_page_update_emerging (SnMapPage *self)
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

/* ── legend ────────────────────────────────────────────────────────────────────────── */

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

void
sn_map_page_update_legend (SnMapPage *self)
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
      g_autofree char *lo = sn_map_measure_format (measure, scale.breaks[k]);
      g_autofree char *hi = sn_map_measure_format (measure, scale.breaks[k + 1]);
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
