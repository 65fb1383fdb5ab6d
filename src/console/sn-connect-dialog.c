/* sn-connect-dialog.c — hub address and token; the token lives in the keyring
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "sn-connect-dialog.h"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "org.shuniu.Shuniu.HubToken",
    SECRET_SCHEMA_NONE,
    { { "hub", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
  };

  return &schema;
}

char *
sn_token_lookup (const char *url)
{
  g_autoptr (GError) error = NULL;
  char *token = secret_password_lookup_sync (token_schema (), NULL, &error, "hub", url, NULL);

  if (error != NULL)
    g_debug ("No keyring: %s", error->message);
  return token;
}

static void
stored_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_warning ("The token could not be kept in the keyring: %s", error->message);
}

void
sn_token_store (const char *url, const char *token)
{
  g_autofree char *label = g_strdup_printf (_ ("Shuniu token for %s"), url);

  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token, NULL, stored_cb,
                         NULL, "hub", url, NULL);
}

typedef struct
{
  SnContext *context;
  GtkWidget *url;
  GtkWidget *token;
} Dialog;

static void
dialog_free (gpointer data, GClosure *closure)
{
  Dialog *d = data;

  g_object_unref (d->context);
  g_free (d);
}

static void
response_cb (AdwMessageDialog *dialog, const char *response, Dialog *d)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (d->url));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (d->token));

  if (g_strcmp0 (response, "connect") != 0 || *url == '\0' || *token == '\0')
    return;
  sn_context_stop_demo (d->context);
  g_settings_set_string (sn_context_get_settings (d->context), "hub-url", url);
  sn_token_store (url, token);
  sn_context_connect (d->context, url, token);
}

static GtkWidget *
entry (GtkWidget *box, GtkWidget *widget, const char *label, const char *text)
{
  GtkWidget *caption = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (caption), widget);
  gtk_editable_set_text (GTK_EDITABLE (widget), text ? text : "");
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), widget);
  return widget;
}

void
sn_connect_dialog_present (GtkWindow *parent, SnContext *context, const char *url)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _ ("Connect to a Hub"),
                                              _ ("Give the hub's address and your token. The "
                                                 "token is kept in your keyring."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  Dialog *d = g_new0 (Dialog, 1);

  d->context = g_object_ref (context);
  d->url = entry (box, gtk_entry_new (), _ ("_Address"), url);
  gtk_entry_set_placeholder_text (GTK_ENTRY (d->url), "https://hub.example:8345");
  d->token = entry (box, gtk_password_entry_new (), _ ("_Token"), NULL);
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (d->token), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "connect",
                                    _ ("C_onnect"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), d, dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
