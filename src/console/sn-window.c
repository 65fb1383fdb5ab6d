/* sn-window.c — the main window
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sn-map-page.h"
#include "sn-overview-page.h"
#include "sn-stalled-page.h"
#include "sn-status-indicator.h"
#include "sn-window.h"

struct _SnWindow
{
  AdwApplicationWindow parent_instance;

  SnContext *context;
  GtkWidget *overview;
  GtkWidget *status;

  /* template */
  AdwViewStack *stack;
  GtkBox *status_box;
  GtkBox *overview_box;
  GtkBox *map_box;
  GtkBox *stalled_box;
  GtkWidget *map;
  GtkWidget *stalled;
  AdwToastOverlay *toast_overlay;
};

G_DEFINE_FINAL_TYPE (SnWindow, sn_window, ADW_TYPE_APPLICATION_WINDOW)

static const char *const pages[] = { "overview", "map", "stalled", "reports" };

static void
page_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SnWindow *self = SN_WINDOW (widget);
  guint index = (guint) g_variant_get_int32 (parameter);

  if (index < G_N_ELEMENTS (pages))
    sn_window_show_page (self, pages[index]);
}

static void
save_state (SnWindow *self)
{
  GSettings *settings = sn_context_get_settings (self->context);
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_set_string (settings, "page", adw_view_stack_get_visible_child_name (self->stack));
}

/* A district official's main view is the map of its districts. */
static void
role_changed (SnWindow *self)
{
  if (g_strcmp0 (sn_client_get_role (sn_context_get_client (self->context)), "official") == 0)
    sn_window_show_page (self, "map");
}

static gboolean
sn_window_close_request (GtkWindow *window)
{
  save_state (SN_WINDOW (window));
  return GTK_WINDOW_CLASS (sn_window_parent_class)->close_request (window);
}

static void
sn_window_dispose (GObject *object)
{
  SnWindow *self = SN_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SN_TYPE_WINDOW);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (sn_window_parent_class)->dispose (object);
}

static void
sn_window_class_init (SnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sn_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = sn_window_close_request;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/shuniu/Shuniu/ui/sn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SnWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SnWindow, status_box);
  gtk_widget_class_bind_template_child (widget_class, SnWindow, overview_box);
  gtk_widget_class_bind_template_child (widget_class, SnWindow, map_box);
  gtk_widget_class_bind_template_child (widget_class, SnWindow, stalled_box);
  gtk_widget_class_bind_template_child (widget_class, SnWindow, toast_overlay);
  gtk_widget_class_install_action (widget_class, "win.page", "i", page_action);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.page", "i",
                                         (int) i);
}

static void
sn_window_init (SnWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SnWindow *
sn_window_new (AdwApplication *app, SnContext *context)
{
  SnWindow *self = g_object_new (SN_TYPE_WINDOW, "application", app, NULL);
  GSettings *settings = sn_context_get_settings (context);
  g_autofree char *page = g_settings_get_string (settings, "page");

  self->context = g_object_ref (context);
  self->status = sn_status_indicator_new (context);
  gtk_box_append (self->status_box, self->status);
  self->overview = sn_overview_page_new (context);
  gtk_widget_set_vexpand (self->overview, TRUE);
  gtk_box_append (self->overview_box, self->overview);
  self->map = sn_map_page_new (context);
  gtk_widget_set_vexpand (self->map, TRUE);
  gtk_box_append (self->map_box, self->map);
  self->stalled = sn_stalled_page_new (context);
  gtk_widget_set_vexpand (self->stalled, TRUE);
  gtk_box_append (self->stalled_box, self->stalled);
  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  sn_window_show_page (self, page);
  g_signal_connect_object (sn_context_get_client (context), "notify::role",
                           G_CALLBACK (role_changed), self, G_CONNECT_SWAPPED);
  return self;
}

void
sn_window_show_page (SnWindow *self, const char *name)
{
  g_return_if_fail (SN_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

void
sn_window_toast (SnWindow *self, const char *message)
{
  g_return_if_fail (SN_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
sn_window_add_toast (SnWindow *self, AdwToast *toast)
{
  g_return_if_fail (SN_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

GtkWidget *
sn_window_get_stalled (SnWindow *self)
{
  return self->stalled;
}

GtkWidget *
sn_window_get_overview (SnWindow *self)
{
  return self->overview;
}

GtkWidget *
sn_window_get_status_indicator (SnWindow *self)
{
  return self->status;
}

GtkWidget *
sn_window_get_map (SnWindow *self)
{
  return self->map;
}

void
sn_window_show_stalled_district (SnWindow *self, const char *district)
{
  g_return_if_fail (SN_IS_WINDOW (self));
  sn_stalled_page_show_district (SN_STALLED_PAGE (self->stalled), district);
  sn_window_show_page (self, "stalled");
}
