/* sn-action-dialog.c — reason, units, dates: what a supervisor's action needs
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sn-action-dialog.h"

#define MAX_UNITS_SHOWN 40

typedef struct
{
  SnContext *context;
  SnAction action;
  char **ids;
  SnActionDone done;
  gpointer user_data;
  gboolean answered;
  GHashTable *loads; /* unit → SnUnitLoad* */
  GHashTable *chosen; /* unit → TRUE */
  GtkWidget *reason;
  GtkWidget *search;
  GtkWidget *units;
  GtkWidget *date;
} Dialog;

const char *
sn_action_get_label (SnAction action)
{
  switch (action)
    {
      case SN_ACTION_REASSIGN:
        return _ ("Reassign");
      case SN_ACTION_ADD_UNIT:
        return _ ("Add a Unit");
      case SN_ACTION_ESCALATE:
        return _ ("Escalate");
      case SN_ACTION_EXTEND:
        return _ ("Approve Extension");
      case SN_ACTION_NOTE:
        return _ ("Add a Note");
      case SN_N_ACTIONS:
      default:
        return "";
    }
}

static void
count_load (gpointer key, gpointer value, gpointer user_data)
{
  const SnTicketView *v = value;
  gpointer *args = user_data;
  GHashTable *loads = args[0];
  gint64 now = *(gint64 *) args[1];

  if (!sn_ticket_is_open (v->ticket))
    return;
  for (guint i = 0; v->ticket->units != NULL && v->ticket->units[i] != NULL; i++)
    {
      SnUnitLoad *load = g_hash_table_lookup (loads, v->ticket->units[i]);

      if (load == NULL)
        {
          load = g_new0 (SnUnitLoad, 1);
          g_hash_table_insert (loads, g_strdup (v->ticket->units[i]), load);
        }
      load->open++;
      load->overdue += v->deadline != 0 && v->deadline < now;
    }
}

GHashTable *
sn_unit_loads (SnContext *context)
{
  GHashTable *loads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gint64 now = sn_context_get_now (context);
  gpointer args[2] = { loads, &now };

  sn_console_model_foreach_ticket (sn_context_get_model (context), count_load, args);
  return loads;
}

static void
dialog_free (gpointer data, GClosure *closure)
{
  Dialog *d = data;

  if (!d->answered)
    d->done (NULL, d->user_data);
  g_object_unref (d->context);
  g_strfreev (d->ids);
  g_hash_table_unref (d->loads);
  g_hash_table_unref (d->chosen);
  g_free (d);
}

static void
unit_toggled (GtkCheckButton *check, Dialog *d)
{
  const char *unit = g_object_get_data (G_OBJECT (check), "unit");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (d->chosen, g_strdup (unit));
  else
    g_hash_table_remove (d->chosen, unit);
}

static int
compare_units (gconstpointer a, gconstpointer b)
{
  return g_utf8_collate (*(const char *const *) a, *(const char *const *) b);
}

static void
fill_units (Dialog *d)
{
  g_autofree char *needle = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (d->search)), -1);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (d->units)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (d->units), child);
  g_hash_table_iter_init (&iter, d->loads);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *folded = g_utf8_casefold (key, -1);

      if (*needle == '\0' || strstr (folded, needle) != NULL)
        g_ptr_array_add (names, key);
    }
  /* A unit typed in full that has no work orders yet can be chosen too. */
  if (*needle != '\0'
      && !g_hash_table_contains (d->loads, gtk_editable_get_text (GTK_EDITABLE (d->search))))
    g_ptr_array_add (names, (gpointer) gtk_editable_get_text (GTK_EDITABLE (d->search)));
  g_ptr_array_sort (names, compare_units);
  for (guint i = 0; i < names->len && i < MAX_UNITS_SHOWN; i++)
    {
      const char *unit = names->pdata[i];
      const SnUnitLoad *load = g_hash_table_lookup (d->loads, unit);
      g_autofree char *text = g_strdup_printf (_ ("%s — open %u, overdue %u"), unit,
                                               load ? load->open : 0, load ? load->overdue : 0);
      GtkWidget *check = gtk_check_button_new_with_label (text);

      g_object_set_data_full (G_OBJECT (check), "unit", g_strdup (unit), g_free);
      gtk_widget_set_name (check, SN_ACTION_DIALOG_UNIT);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_hash_table_contains (d->chosen, unit));
      g_signal_connect (check, "toggled", G_CALLBACK (unit_toggled), d);
      gtk_list_box_append (GTK_LIST_BOX (d->units), check);
    }
}

static gboolean
parse_local_time (const char *text, gint64 *out)
{
  int y, mo, day, h = 18, mi = 0;
  g_autoptr (GDateTime) dt = NULL;

  if (sscanf (text, "%d-%d-%d %d:%d", &y, &mo, &day, &h, &mi) < 3)
    return FALSE;
  dt = g_date_time_new_local (y, mo, day, h, mi, 0);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static SnCommand *
make_command (Dialog *d, GError **error)
{
  g_autoptr (SnCommand) c = g_new0 (SnCommand, 1);
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (d->reason));
  g_autofree char *stripped = g_strstrip (g_strdup (reason));

  c->action = d->action;
  if (*stripped == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("A reason is required"));
      return NULL;
    }
  c->reason = g_strdup (stripped);
  if (d->action == SN_ACTION_REASSIGN || d->action == SN_ACTION_ADD_UNIT)
    {
      c->units = (char **) g_hash_table_get_keys_as_array (d->chosen, NULL);
      for (guint i = 0; c->units[i] != NULL; i++)
        c->units[i] = g_strdup (c->units[i]);
      if (c->units[0] == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _ ("Choose at least one unit"));
          return NULL;
        }
    }
  if (d->date != NULL && *gtk_editable_get_text (GTK_EDITABLE (d->date)) != '\0'
      && !parse_local_time (gtk_editable_get_text (GTK_EDITABLE (d->date)),
                            d->action == SN_ACTION_EXTEND ? &c->deadline : &c->due))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("Write the date as YYYY-MM-DD HH:MM"));
      return NULL;
    }
  if (d->action == SN_ACTION_EXTEND && c->deadline == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("Give the new deadline"));
      return NULL;
    }
  return g_steal_pointer (&c);
}

static void
response_cb (AdwMessageDialog *dialog, const char *response, Dialog *d)
{
  g_autoptr (GError) error = NULL;
  SnCommand *c;

  if (g_strcmp0 (response, "apply") != 0)
    return;
  c = make_command (d, &error);
  if (c == NULL)
    {
      /* Keep what was typed: say what is missing and ask again. */
      g_autofree char *again = g_strdup_printf ("%s", error->message);
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
      GtkWidget *alert = adw_message_dialog_new (parent, _ ("Not Sent"), again);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _ ("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
      return;
    }
  d->answered = TRUE;
  d->done (c, d->user_data);
}

static GtkWidget *
labelled (GtkWidget *box, const char *mnemonic, GtkWidget *widget)
{
  GtkWidget *caption = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (caption), widget);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), widget);
  return widget;
}

static GtkWidget *
build (Dialog *d)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  d->reason = labelled (box, _ ("_Reason (goes to the audit log and the history)"),
                        gtk_entry_new ());
  gtk_widget_set_name (d->reason, SN_ACTION_DIALOG_REASON);
  if (d->action == SN_ACTION_REASSIGN || d->action == SN_ACTION_ADD_UNIT)
    {
      GtkWidget *scroller = gtk_scrolled_window_new ();

      d->search = labelled (box, _ ("_Units"), gtk_search_entry_new ());
      gtk_widget_set_name (d->search, SN_ACTION_DIALOG_UNIT_SEARCH);
      d->units = gtk_list_box_new ();
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (d->units), GTK_SELECTION_NONE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), d->units);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 220);
      gtk_box_append (GTK_BOX (box), scroller);
      g_signal_connect_swapped (d->search, "search-changed", G_CALLBACK (fill_units), d);
      fill_units (d);
    }
  if (d->action == SN_ACTION_ESCALATE)
    d->date = labelled (box, _ ("_Due date for supervision (督办), YYYY-MM-DD HH:MM"),
                        gtk_entry_new ());
  if (d->action == SN_ACTION_EXTEND)
    d->date = labelled (box, _ ("_New deadline, YYYY-MM-DD HH:MM"), gtk_entry_new ());
  if (d->date != NULL)
    gtk_widget_set_name (d->date, SN_ACTION_DIALOG_DATE);
  return box;
}

void
sn_action_dialog_present (GtkWindow *parent, SnContext *context, SnAction action,
                          const char *const *ids, SnActionDone done, gpointer user_data)
{
  Dialog *d = g_new0 (Dialog, 1);
  guint n = g_strv_length ((char **) ids);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  d->context = g_object_ref (context);
  d->action = action;
  d->ids = g_strdupv ((char **) ids);
  d->done = done;
  d->user_data = user_data;
  d->loads = sn_unit_loads (context);
  d->chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Translators: e.g. "Reassign 3 work orders"; bulk actions are confirmed with the count */
  heading = n == 1 ? g_strdup_printf ("%s — %s", sn_action_get_label (action), ids[0])
                   : g_strdup_printf (ngettext ("%s %u work order", "%s %u work orders", n),
                                      sn_action_get_label (action), n);
  dialog = adw_message_dialog_new (parent, heading, NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), build (d));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "apply",
                                    _ ("_Send"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), d, dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
