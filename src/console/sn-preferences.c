/* sn-preferences.c — the Preferences window, bound to GSettings
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sn-preferences.h"

static GtkWidget *
spin_row (GSettings *settings, const char *key, const char *title, const char *subtitle, double min,
          double max, double step)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  return row;
}

static GtkWidget *
switch_row (GSettings *settings, const char *key, const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_settings_bind (settings, key, toggle, "active", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  return row;
}

static GtkWidget *
style_group (GSettings *settings)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *combo = gtk_combo_box_text_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _ ("Appearance"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("Style"));
  gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), "system", _ ("Follow the system"));
  gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), "light", _ ("Light"));
  gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), "dark", _ ("Dark"));
  gtk_widget_set_valign (combo, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (combo), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Style"), -1);
  g_settings_bind (settings, "style", combo, "active-id", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), combo);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return group;
}

static GtkWidget *
connection_group (GSettings *settings)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *url = adw_entry_row_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _ ("Hub"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _ ("The token is kept in your keyring, not here."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (url), _ ("Address"));
  g_settings_bind (settings, "hub-url", url, "text", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), url);
  return group;
}

static GtkWidget *
alerts_group (GSettings *settings)
{
  GtkWidget *group = adw_preferences_group_new ();
  AdwPreferencesGroup *g = ADW_PREFERENCES_GROUP (group);

  adw_preferences_group_set_title (g, _ ("Alerts"));
  adw_preferences_group_set_description (
      g, _ ("A queue turns red when both thresholds are passed, amber at a share of them."));
  adw_preferences_group_add (g, spin_row (settings, "alert-waiting", _ ("Calls Waiting"),
                                          _ ("Red when more calls than this wait"), 1, 10000, 1));
  adw_preferences_group_add (g, spin_row (settings, "alert-longest-wait", _ ("Longest Wait"),
                                          _ ("Red when the longest wait exceeds this many seconds"),
                                          1, 3600, 5));
  adw_preferences_group_add (g, spin_row (settings, "alert-amber-percent", _ ("Amber At"),
                                          _ ("Percent of the red thresholds"), 10, 99, 5));
  adw_preferences_group_add (g,
                             switch_row (settings, "notifications", _ ("Desktop Notifications"),
                                         _ ("When an alert starts and the window is not focused")));
  return group;
}

static void
apply_entry (AdwEntryRow *row, GSettings *settings)
{
  const char *key = g_object_get_data (G_OBJECT (row), "key");

  g_settings_set_string (settings, key, gtk_editable_get_text (GTK_EDITABLE (row)));
}

/* An entry applied on Enter or its apply button, not at every key press (a tile server
 * would otherwise be asked for tiles of every half-typed address). */
static GtkWidget *
applied_entry_row (GSettings *settings, const char *key, const char *title)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *value = g_settings_get_string (settings, key);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), value);
  g_object_set_data_full (G_OBJECT (row), "key", g_strdup (key), g_free);
  g_signal_connect_object (row, "apply", G_CALLBACK (apply_entry), settings, 0);
  return row;
}

static GtkWidget *
map_group (GSettings *settings)
{
  GtkWidget *group = adw_preferences_group_new ();
  AdwPreferencesGroup *g = ADW_PREFERENCES_GROUP (group);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *combo = gtk_combo_box_text_new ();

  adw_preferences_group_set_title (g, _ ("Map"));
  adw_preferences_group_set_description (
      g, _ ("District boundaries and hotspots are drawn by Shuniu itself, so the map works "
            "with no tiles at all."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("Base Map"));
  gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), "auto",
                             _ ("The hub's tiles, if it serves them"));
  gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), "url", _ ("A tile server"));
  gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), "none", _ ("None (plain background)"));
  gtk_widget_set_valign (combo, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (combo), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Base Map"), -1);
  g_settings_bind (settings, "map-tiles", combo, "active-id", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), combo);
  adw_preferences_group_add (g, row);
  /* Translators: {z}, {x} and {y} stay as they are. */
  adw_preferences_group_add (g,
                             applied_entry_row (settings, "map-tile-url",
                                                _ ("Tile Server (URL template with {z}/{x}/{y})")));
  adw_preferences_group_add (
      g, applied_entry_row (settings, "map-tile-attribution", _ ("Attribution Shown on the Map")));
  return group;
}

static GtkWidget *
staffing_group (GSettings *settings)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _ ("Staffing Hint"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             spin_row (settings, "service-level-target", _ ("Service-Level Target"),
                                       _ ("Percent of calls answered within 15 seconds"), 10, 100,
                                       1));
  return group;
}

GtkWindow *
sn_preferences_new (GtkWindow *parent, GSettings *settings)
{
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();

  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _ ("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (connection_group (settings)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (alerts_group (settings)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (staffing_group (settings)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (map_group (settings)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (style_group (settings)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  return GTK_WINDOW (window);
}
