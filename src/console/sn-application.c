/* sn-application.c — the console application
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sn-application.h"
#include "sn-console-resources.h"
#include "sn-connect-dialog.h"
#include "sn-preferences.h"
#include "sn-window.h"

struct _SnApplication
{
  AdwApplication parent_instance;

  SnContext *context;
  gboolean demo;
  char *hub;
};

G_DEFINE_FINAL_TYPE (SnApplication, sn_application, ADW_TYPE_APPLICATION)

static SnWindow *
main_window (SnApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return SN_IS_WINDOW (window) ? SN_WINDOW (window) : NULL;
}

static void
demo_started_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SnApplication *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!sn_context_start_demo_finish (SN_CONTEXT (source), result, &error) && main_window (self))
    {
      g_autofree char *message = g_strdup_printf (_ ("The demo hub could not start: %s"),
                                                  error->message);
      sn_window_toast (main_window (self), message);
    }
  g_application_release (G_APPLICATION (self));
}

static void
connect_to (SnApplication *self, const char *url)
{
  const char *env = g_getenv ("SHUNIU_TOKEN");
  g_autofree char *token = env ? g_strdup (env) : sn_token_lookup (url);

  if (token != NULL)
    sn_context_connect (self->context, url, token);
  else
    sn_connect_dialog_present (GTK_WINDOW (main_window (self)), self->context, url);
}

static void
start_connection (SnApplication *self)
{
  g_autofree char *saved = g_settings_get_string (sn_context_get_settings (self->context),
                                                  "hub-url");

  if (self->demo)
    {
      g_application_hold (G_APPLICATION (self));
      sn_context_start_demo_async (self->context, NULL, demo_started_cb, self);
    }
  else if (self->hub != NULL)
    connect_to (self, self->hub);
  else if (*saved != '\0')
    connect_to (self, saved);
  else
    sn_connect_dialog_present (GTK_WINDOW (main_window (self)), self->context, NULL);
}

/* ── actions ───────────────────────────────────────────────────────────────────── */

static void
connect_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SnApplication *self = user_data;
  g_autofree char *url = g_settings_get_string (sn_context_get_settings (self->context), "hub-url");

  sn_connect_dialog_present (GTK_WINDOW (main_window (self)), self->context, url);
}

static void
reconnect_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SnApplication *self = user_data;
  SnClient *client = sn_context_get_client (self->context);
  const char *url = sn_client_get_url (client);

  if (url != NULL && sn_client_get_state (client) != SN_CLIENT_LIVE)
    connect_to (self, url);
}

static void
preferences_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SnApplication *self = user_data;

  gtk_window_present (sn_preferences_new (GTK_WINDOW (main_window (self)),
                                          sn_context_get_settings (self->context)));
}

static void
about_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SnApplication *self = user_data;
  const char *developers[] = { "The Shuniu authors", NULL };

  adw_show_about_window (GTK_WINDOW (main_window (self)), "application-name", _ ("Shuniu"),
                         "application-icon", APP_ID, "version", PACKAGE_VERSION, "developer-name",
                         "The Shuniu authors", "developers", developers, "comments",
                         _ ("Command center for a citizen-service hotline"), "license-type",
                         GTK_LICENSE_GPL_3_0, "copyright", "© 2026 The Shuniu authors",
                         /* Translators: credit yourself here */
                         "translator-credits", _ ("translator-credits"), NULL);
}

static void
quit_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SnApplication *self = user_data;
  SnWindow *window = main_window (self);

  if (window != NULL)
    gtk_window_close (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "connect", connect_action },
  { "reconnect", reconnect_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

/* ── alerts as desktop notifications ───────────────────────────────────────────── */

static void
alerts_changed_cb (SnApplication *self)
{
  SnConsoleModel *model = sn_context_get_model (self->context);
  SnWindow *window = main_window (self);
  g_autoptr (GPtrArray) queues = NULL;

  if (window == NULL || gtk_window_is_active (GTK_WINDOW (window))
      || !g_settings_get_boolean (sn_context_get_settings (self->context), "notifications"))
    return;
  queues = sn_console_model_list_queues (model);
  for (guint i = 0; i < queues->len; i++)
    {
      const SnQueueView *q = sn_console_model_get_queue (model, queues->pdata[i]);
      g_autoptr (GNotification) n = NULL;
      g_autofree char *title = NULL;
      g_autofree char *id = NULL;

      if (q->alert != SN_ALERT_RED)
        continue;
      title = g_strdup_printf (_ ("Queue %s is overwhelmed"), q->name);
      n = g_notification_new (title);
      g_notification_set_body (
          n, _ ("Many callers are waiting and the longest wait is past the threshold."));
      g_notification_set_priority (n, G_NOTIFICATION_PRIORITY_URGENT);
      id = g_strdup_printf ("alert-%s", q->name);
      g_application_send_notification (G_APPLICATION (self), id, n);
    }
}

static void
apply_style (SnApplication *self)
{
  g_autofree char *style = g_settings_get_string (sn_context_get_settings (self->context), "style");
  AdwColorScheme scheme = g_str_equal (style, "dark")    ? ADW_COLOR_SCHEME_FORCE_DARK
                          : g_str_equal (style, "light") ? ADW_COLOR_SCHEME_FORCE_LIGHT
                                                         : ADW_COLOR_SCHEME_DEFAULT;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

/* ── GApplication ──────────────────────────────────────────────────────────────── */

static int
sn_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  SnApplication *self = SN_APPLICATION (app);

  self->demo = g_variant_dict_contains (options, "demo");
  g_variant_dict_lookup (options, "hub", "s", &self->hub);
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("shuniu %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
sn_application_startup (GApplication *app)
{
  SnApplication *self = SN_APPLICATION (app);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  /* The static library's resources are not registered by a constructor: do it here. */
  g_resources_register (sn_console_get_resource ());
  G_APPLICATION_CLASS (sn_application_parent_class)->startup (app);
  gtk_css_provider_load_from_resource (css, "/org/shuniu/Shuniu/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]){ "<Primary>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.connect",
                                         (const char *[]){ "<Primary>o", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.reconnect",
                                         (const char *[]){ "<Primary>r", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         (const char *[]){ "<Primary>comma", NULL });
  self->context = sn_context_new (settings);
  g_signal_connect_object (sn_context_get_model (self->context), "alerts-changed",
                           G_CALLBACK (alerts_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::style", G_CALLBACK (apply_style), self,
                           G_CONNECT_SWAPPED);
  apply_style (self);
}

static void
sn_application_activate (GApplication *app)
{
  SnApplication *self = SN_APPLICATION (app);
  SnWindow *window = main_window (self);

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }
  window = sn_window_new (ADW_APPLICATION (app), self->context);
  gtk_window_present (GTK_WINDOW (window));
  start_connection (self);
}

static void
sn_application_shutdown (GApplication *app)
{
  SnApplication *self = SN_APPLICATION (app);

  /* Quitting the console stops the demo hub. */
  if (self->context != NULL)
    sn_context_stop_demo (self->context);
  G_APPLICATION_CLASS (sn_application_parent_class)->shutdown (app);
}

static void
sn_application_finalize (GObject *object)
{
  SnApplication *self = SN_APPLICATION (object);

  g_clear_object (&self->context);
  g_free (self->hub);
  G_OBJECT_CLASS (sn_application_parent_class)->finalize (object);
}

static void
sn_application_class_init (SnApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sn_application_finalize;
  app_class->handle_local_options = sn_application_handle_local_options;
  app_class->startup = sn_application_startup;
  app_class->activate = sn_application_activate;
  app_class->shutdown = sn_application_shutdown;
}

static void
sn_application_init (SnApplication *self)
{
  const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_ ("Start an embedded demo hub with a simulated hotline and connect to it"), NULL },
    { "hub", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_ ("Connect to the hub at URL (token from SHUNIU_TOKEN or the keyring)"), N_ ("URL") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

SnApplication *
sn_application_new (void)
{
  /* Each console is its own instance: a demo and a real hub can run side by side. */
  return g_object_new (SN_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_NON_UNIQUE, "resource-base-path", "/org/shuniu/Shuniu", NULL);
}

SnContext *
sn_application_get_context (SnApplication *self)
{
  return self->context;
}
