/* sn-status-indicator.c — live / reconnecting / offline in the header bar
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sn-status-indicator.h"

struct _SnStatusIndicator
{
  GtkWidget parent_instance;

  SnContext *context;
  GtkWidget *box;
  GtkWidget *icon;
  GtkWidget *label;
  guint tick_source;
};

G_DEFINE_FINAL_TYPE (SnStatusIndicator, sn_status_indicator, GTK_TYPE_WIDGET)

static char *
format_age (gint64 seconds)
{
  if (seconds < 60)
    return g_strdup_printf (ngettext ("%d second ago", "%d seconds ago", (gulong) seconds),
                            (int) seconds);
  if (seconds < 3600)
    return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", (gulong) (seconds / 60)),
                            (int) (seconds / 60));
  return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", (gulong) (seconds / 3600)),
                          (int) (seconds / 3600));
}

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "supervisor") == 0)
    return _ ("Supervisor");
  if (g_strcmp0 (role, "official") == 0)
    return _ ("District official");
  if (g_strcmp0 (role, "manager") == 0)
    return _ ("Manager");
  if (g_strcmp0 (role, "admin") == 0)
    return _ ("Administrator");
  return role != NULL ? role : "";
}

static void
update (SnStatusIndicator *self)
{
  SnClient *client = sn_context_get_client (self->context);
  gint64 now = g_get_real_time ();
  gint64 last = sn_client_get_last_data (client);
  g_autofree char *age = last ? format_age ((now - last) / G_USEC_PER_SEC)
                              : g_strdup (_ ("no data yet"));
  g_autofree char *text = NULL;
  const char *icon = "network-offline-symbolic", *css = "offline";
  const char *hub = sn_client_get_hub_name (client);

  switch (sn_client_get_state (client))
    {
      case SN_CLIENT_LIVE:
        text = g_strdup_printf (_ ("Live · %s · %s · data %s"), hub ? hub : "",
                                role_label (sn_client_get_role (client)), age);
        icon = "network-transmit-receive-symbolic";
        css = "live";
        break;
      case SN_CLIENT_RECONNECTING:
        {
          gint64 next = sn_client_get_next_attempt (client);
          double in = next > now ? (next - now) / 1e6 : 0;

          text = g_strdup_printf (_ ("Reconnecting in %.0f s · data %s"), ceil (in), age);
          icon = "network-error-symbolic";
          css = "reconnecting";
        }
        break;
      case SN_CLIENT_CONNECTING:
        text = g_strdup (_ ("Connecting…"));
        icon = "network-idle-symbolic";
        css = "reconnecting";
        break;
      case SN_CLIENT_OFFLINE:
      default:
        text = sn_client_get_error (client)
                   ? g_strdup_printf (_ ("Offline · %s"), sn_client_get_error (client))
                   : g_strdup (_ ("Offline"));
        break;
    }
  gtk_label_set_text (GTK_LABEL (self->label), text);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon);
  gtk_widget_set_css_classes (self->box, (const char *[]){ "status-indicator", css, NULL });
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), sn_client_get_url (client));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static gboolean
tick_cb (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

const char *
sn_status_indicator_get_text (SnStatusIndicator *self)
{
  return gtk_label_get_text (GTK_LABEL (self->label));
}

static void
sn_status_indicator_dispose (GObject *object)
{
  SnStatusIndicator *self = SN_STATUS_INDICATOR (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (sn_status_indicator_parent_class)->dispose (object);
}

static void
sn_status_indicator_class_init (SnStatusIndicatorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sn_status_indicator_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
sn_status_indicator_init (SnStatusIndicator *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->icon = gtk_image_new ();
  self->label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (self->box), self->icon);
  gtk_box_append (GTK_BOX (self->box), self->label);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
sn_status_indicator_new (SnContext *context)
{
  SnStatusIndicator *self = g_object_new (SN_TYPE_STATUS_INDICATOR, NULL);
  SnClient *client = sn_context_get_client (context);

  self->context = g_object_ref (context);
  g_signal_connect_object (client, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  /* Ages and countdowns tick without traffic. */
  self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
  update (self);
  return GTK_WIDGET (self);
}
