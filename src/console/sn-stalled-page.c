/* sn-stalled-page.c — the Stalled page
 *
 *   [reason toggles with counts] [search] [sort by ▾] [descending]
 *   ┌ column view of SnStalledList ─────────────┐┌ detail pane ┐
 *   │ id · category · district · units · state … ││ request …   │
 *   └────────────────────────────────────────────┘└─────────────┘
 *   [Reassign] [Add a Unit] [Escalate] [Approve Extension] [Add a Note]   (supervisors)
 *
 * Sorting: SnStalledList keeps its rows sorted with its own comparators; the column view
 * never sorts. A header click reaches the list through the column's SnColumnSorter (found by
 * probing the view's sorter), and the drop-down and the header arrow follow each other.
 *
 * Commands go through the client's outbox: the row shows "pending" until the ack; a
 * conflict shows what changed and offers a retry on the new version; a reassignment can be
 * undone for a few seconds by a compensating command.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "sn-action-dialog.h"
#include "sn-column-sorter.h"
#include "sn-stalled-item.h"
#include "sn-stalled-page.h"
#include "sn-ticket-detail.h"
#include "sn-window.h"

typedef enum {
  COL_ID,
  COL_CATEGORY,
  COL_PLACE,
  COL_UNITS,
  COL_STATE,
  COL_REASONS,
  COL_TIME_LEFT,
  COL_BOUNCES,
  COL_TIER,
  COL_PRIORITY,
  COL_AGE,
  N_COLS
} Column;

struct _SnStalledPage
{
  GtkWidget parent_instance;

  SnContext *context;
  SnStalledList *list;
  GtkMultiSelection *selection;
  GtkWidget *root;
  GtkWidget *toggles[SN_N_STALL_REASONS];
  GtkWidget *search;
  GtkWidget *district;
  GtkWidget *unit;
  GtkWidget *category;
  GtkWidget *tier;
  GtkWidget *sort;
  GtkWidget *descending;
  GtkWidget *view;
  GtkColumnViewColumn *columns[N_COLS]; /* owned by the view */
  gboolean syncing_sort; /* the page is moving the controls or the header arrow itself */
  GtkWidget *detail;
  GtkWidget *actions;
  GtkWidget *read_only;
  GPtrArray *ticking; /* bound time-left labels */
  GHashTable *undo; /* command id → compensating SnCommand, while undoable */
  char *last_conflict; /* the work order of the conflict shown last */
  guint tick_source;
};

G_DEFINE_FINAL_TYPE (SnStalledPage, sn_stalled_page, GTK_TYPE_WIDGET)

/* The page's action for each SnAction, and its Alt+letter shortcut. */
static const struct
{
  const char *name;
  guint key;
} actions[SN_N_ACTIONS] = {
  [SN_ACTION_REASSIGN] = { "stalled.reassign", GDK_KEY_r },
  [SN_ACTION_ADD_UNIT] = { "stalled.add-unit", GDK_KEY_u },
  [SN_ACTION_ESCALATE] = { "stalled.escalate", GDK_KEY_e },
  [SN_ACTION_EXTEND] = { "stalled.extend", GDK_KEY_d },
  [SN_ACTION_NOTE] = { "stalled.note", GDK_KEY_n },
};

/* ── cells ─────────────────────────────────────────────────────────────────────── */

static const SnTicketView *
item_ticket (SnStalledPage *self, GtkListItem *li)
{
  SnStalledItem *item = gtk_list_item_get_item (li);

  return item ? sn_console_model_lookup_ticket (sn_context_get_model (self->context),
                                                sn_stalled_item_get_id (item))
              : NULL;
}

static char *
reasons_text (const SnTicketView *v, gint64 now)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < v->n_stalls; i++)
    {
      g_autofree char *age = sn_format_span (now - v->stalls[i].since);

      /* Translators: a stall reason with its age, e.g. "Overdue 2 d 3 h" */
      g_string_append_printf (s, "%s[%s %s]", s->len ? " " : "",
                              sn_stall_reason_get_label (v->stalls[i].reason), age);
    }
  return g_string_free (s, FALSE);
}

static char *
cell_text (SnStalledPage *self, Column col, const SnTicketView *v)
{
  const SnTicket *t = v->ticket;
  gint64 now = sn_context_get_now (self->context);

  switch (col)
    {
      case COL_ID:
        return g_strdup_printf (
            "%s%s",
            sn_client_get_pending (sn_context_get_client (self->context), t->service_request_id)
                ? _ ("⏳ ")
                : "",
            t->service_request_id);
      case COL_CATEGORY:
        return g_strdup (t->service_name ? t->service_name : "");
      case COL_PLACE:
        return g_strdup_printf ("%s %s", t->district ? t->district : "",
                                t->street ? t->street : "");
      case COL_UNITS:
        return g_strjoinv (", ", t->units);
      case COL_STATE:
        return g_strdup (sn_ticket_state_get_label (t->state));
      case COL_REASONS:
        return reasons_text (v, now);
      case COL_TIME_LEFT:
        return sn_format_time_left (v->deadline, now);
      case COL_BOUNCES:
        return g_strdup_printf ("%d", t->bounce_count);
      case COL_TIER:
        return g_strdup_printf ("T%d", t->tier);
      case COL_PRIORITY:
        return g_strdup_printf ("%d", t->priority);
      case COL_AGE:
        return sn_format_span (now - t->requested_at);
      case N_COLS:
      default:
        return g_strdup ("");
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *li, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (li, label);
}

static void
rerender_cell (GtkWidget *label)
{
  SnStalledPage *self = g_object_get_data (G_OBJECT (label), "page");
  GtkListItem *li = g_object_get_data (G_OBJECT (label), "list-item");
  Column col = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "column"));
  const SnTicketView *v = self && li ? item_ticket (self, li) : NULL;
  g_autofree char *text = v ? cell_text (self, col, v) : NULL;

  if (text != NULL)
    gtk_label_set_text (GTK_LABEL (label), text);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *li, SnStalledPage *self)
{
  Column col = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  const SnTicketView *v = item_ticket (self, li);
  g_autofree char *text = v ? cell_text (self, col, v) : g_strdup ("");
  GtkWidget *label = gtk_list_item_get_child (li);

  gtk_label_set_text (GTK_LABEL (label), text);
  g_object_set_data (G_OBJECT (label), "page", self);
  g_object_set_data (G_OBJECT (label), "list-item", li);
  g_object_set_data (G_OBJECT (label), "column", GINT_TO_POINTER (col));
  /* A ticket that changes in place keeps its row object: GTK 4.8 does not rebind it. */
  if (gtk_list_item_get_item (li) != NULL)
    g_signal_connect_swapped (gtk_list_item_get_item (li), "notify::version",
                              G_CALLBACK (rerender_cell), label);
  if (col == COL_TIME_LEFT || col == COL_ID)
    /* Kept to refresh in place: times tick, "pending" comes and goes. */
    g_ptr_array_add (self->ticking, label);
  if (col == COL_TIME_LEFT)
    {
      if (v != NULL && v->deadline != 0 && v->deadline < sn_context_get_now (self->context))
        gtk_widget_add_css_class (label, "error");
      else
        gtk_widget_remove_css_class (label, "error");
    }
}

static void
unbind_cell (GtkSignalListItemFactory *factory, GtkListItem *li, SnStalledPage *self)
{
  if (gtk_list_item_get_item (li) != NULL)
    g_signal_handlers_disconnect_by_data (gtk_list_item_get_item (li),
                                          gtk_list_item_get_child (li));
  g_ptr_array_remove_fast (self->ticking, gtk_list_item_get_child (li));
}

/* The list's sort column for each of the view's columns. */
static const SnStalledColumn column_sort[N_COLS] = {
  [COL_ID] = SN_STALLED_COLUMN_ID,
  [COL_CATEGORY] = SN_STALLED_COLUMN_CATEGORY,
  [COL_PLACE] = SN_STALLED_COLUMN_DISTRICT,
  [COL_UNITS] = SN_STALLED_COLUMN_UNITS,
  [COL_STATE] = SN_STALLED_COLUMN_STATE,
  [COL_REASONS] = SN_STALLED_COLUMN_REASONS,
  [COL_TIME_LEFT] = SN_STALLED_COLUMN_TIME_LEFT,
  [COL_BOUNCES] = SN_STALLED_COLUMN_BOUNCES,
  [COL_TIER] = SN_STALLED_COLUMN_TIER,
  [COL_PRIORITY] = SN_STALLED_COLUMN_PRIORITY,
  [COL_AGE] = SN_STALLED_COLUMN_AGE,
};

static void
add_column (SnStalledPage *self, Column col, const char *title, gboolean expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkSorter) sorter = sn_column_sorter_new (column_sort[col]);
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (col));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  /* Makes the header clickable, with an arrow; the rows stay the list's. */
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (self->view), column);
  self->columns[col] = column;
  g_object_unref (column);
}

/* ── filters and sorting ───────────────────────────────────────────────────────── */

static void
update_counts (SnStalledPage *self)
{
  guint counts[SN_N_STALL_REASONS];

  sn_stalled_list_get_reason_counts (self->list, counts);
  for (guint r = 0; r < SN_N_STALL_REASONS; r++)
    {
      /* Translators: a filter toggle, e.g. "Overdue 37" */
      g_autofree char *text = g_strdup_printf (_ ("%s %u"), sn_stall_reason_get_label (r),
                                               counts[r]);

      gtk_button_set_label (GTK_BUTTON (self->toggles[r]), text);
    }
}

static const char *
non_empty (GtkWidget *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  return *text != '\0' ? text : NULL;
}

static void
apply_filter (SnStalledPage *self)
{
  SnStalledFilter filter = { 0, NULL, NULL, NULL, -1, NULL };

  for (guint r = 0; r < SN_N_STALL_REASONS; r++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->toggles[r])))
      filter.reasons |= SN_STALL_REASON_BIT (r);
  filter.text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  filter.district = non_empty (self->district);
  filter.unit = non_empty (self->unit);
  filter.category = non_empty (self->category);
  filter.tier = (int) gtk_drop_down_get_selected (GTK_DROP_DOWN (self->tier)) - 1;
  sn_stalled_list_set_filter (self->list, &filter);
  update_counts (self);
  /* Filters survive reconnects (the list follows the model) and restarts (settings). */
  g_settings_set_uint (sn_context_get_settings (self->context), "stalled-reasons", filter.reasons);
  g_settings_set_string (sn_context_get_settings (self->context), "stalled-search", filter.text);
}

/* The header arrow on the column the list sorts by; none for "Most urgent", which is no
 * column. */
static void
show_sort_in_header (SnStalledPage *self, SnStalledColumn sort, gboolean descending)
{
  GtkColumnViewColumn *column = NULL;

  for (guint i = 0; i < N_COLS; i++)
    if (column_sort[i] == sort)
      column = self->columns[i];
  self->syncing_sort = TRUE;
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (self->view), column,
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  self->syncing_sort = FALSE;
}

/* Sorts the list as the controls say, and keeps it across restarts. */
static void
sort_list (SnStalledPage *self)
{
  guint column = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->sort));
  gboolean descending = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->descending));
  SnStalledColumn before;
  gboolean was_descending;

  sn_stalled_list_get_sort (self->list, &before, &was_descending);
  sn_stalled_list_set_sort (self->list, (SnStalledColumn) column, descending);
  /* A new order starts at its top (the view would otherwise keep the row it showed first). */
  if ((before != (SnStalledColumn) column || was_descending != descending)
      && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    {
      /* GTK 4.8 has no gtk_column_view_scroll_to (4.12): its list view's action does it. */
      for (GtkWidget *child = gtk_widget_get_first_child (self->view); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_LIST_VIEW (child))
          gtk_widget_activate_action (child, "list.scroll-to-item", "u", 0);
    }
  g_settings_set_uint (sn_context_get_settings (self->context), "stalled-sort", column);
  g_settings_set_boolean (sn_context_get_settings (self->context), "stalled-descending",
                          descending);
}

/* The drop-down or the direction toggle changed. */
static void
apply_sort (SnStalledPage *self)
{
  if (self->syncing_sort)
    return;
  sort_list (self);
  show_sort_in_header (self,
                       (SnStalledColumn) gtk_drop_down_get_selected (GTK_DROP_DOWN (self->sort)),
                       gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->descending)));
}

/* A header was clicked: the controls follow, then the list, once. */
static void
header_sort_changed (GtkSorter *view_sorter, GtkSorterChange change, SnStalledPage *self)
{
  guint column = SN_STALLED_COLUMN_URGENCY;
  gboolean descending = FALSE;

  if (self->syncing_sort)
    return;
  sn_column_sorter_find_primary (view_sorter, &column, &descending);
  self->syncing_sort = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->sort), column);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->descending), descending);
  self->syncing_sort = FALSE;
  sort_list (self);
}

/* ── selection and actions ─────────────────────────────────────────────────────── */

static GStrv
selected_ids (SnStalledPage *self)
{
  g_autoptr (GtkBitset)
      set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  GtkBitsetIter iter;
  guint pos;

  if (gtk_bitset_iter_init_first (&iter, set, &pos))
    do
      g_strv_builder_add (b, sn_stalled_list_get_ticket_id (self->list, pos));
    while (gtk_bitset_iter_next (&iter, &pos));
  return g_strv_builder_end (b);
}

static gboolean
can_act (SnStalledPage *self, const char **why)
{
  SnClient *client = sn_context_get_client (self->context);

  if (g_strcmp0 (sn_client_get_role (client), "supervisor") != 0)
    {
      *why = _ ("This role may look but not act: only supervisors send commands.");
      return FALSE;
    }
  if (sn_client_get_state (client) != SN_CLIENT_LIVE)
    {
      *why = _ ("Offline: commands wait until the hub is back.");
      return TRUE; /* they are kept and sent on reconnect */
    }
  *why = NULL;
  return TRUE;
}

static void
update_actions (SnStalledPage *self)
{
  g_auto (GStrv) ids = selected_ids (self);
  const char *why = NULL;
  gboolean allowed = can_act (self, &why);
  gboolean any = ids[0] != NULL;

  gtk_widget_set_visible (self->actions, allowed);
  gtk_widget_set_visible (self->read_only, why != NULL);
  gtk_label_set_text (GTK_LABEL (self->read_only), why ? why : "");
  for (guint i = 0; i < SN_N_ACTIONS; i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i].name, allowed && any);
  sn_ticket_detail_set_ticket (SN_TICKET_DETAIL (self->detail), ids[0]);
}

typedef struct
{
  SnStalledPage *self;
  char **ids;
  gint64 *versions; /* of each work order when the dialog opened */
} Pending;

static gint64
version_of (SnStalledPage *self, const char *id)
{
  const SnTicketView *v = sn_console_model_lookup_ticket (sn_context_get_model (self->context), id);

  return v != NULL ? v->ticket->version : -1;
}

/* @version: the version the supervisor decided on. A change by someone else since is a
 * conflict, never an overwrite. */
static void
send_for (SnStalledPage *self, const SnCommand *template, const char *id, gint64 version)
{
  const SnTicketView *v = sn_console_model_lookup_ticket (sn_context_get_model (self->context), id);
  SnCommand *c;
  g_autofree char *sent = NULL;

  if (v == NULL)
    return;
  c = sn_command_dup (template);
  g_clear_pointer (&c->id, g_free);
  g_free (c->ticket);
  c->ticket = g_strdup (id);
  c->expected_version = version;
  if (sn_action_is_reversible (c->action))
    {
      SnCommand *undo = sn_command_new_compensating (c, v, version + 1);

      sent = sn_client_send_command (sn_context_get_client (self->context), c);
      if (undo != NULL)
        g_hash_table_insert (self->undo, g_strdup (sent), undo);
      return;
    }
  sent = sn_client_send_command (sn_context_get_client (self->context), c);
}

void
sn_stalled_page_send (SnStalledPage *self, const SnCommand *template)
{
  g_auto (GStrv) ids = selected_ids (self);

  for (guint i = 0; ids[i] != NULL; i++)
    send_for (self, template, ids[i], version_of (self, ids[i]));
}

const char *
sn_stalled_page_get_last_conflict (SnStalledPage *self)
{
  return self->last_conflict;
}

static void
action_done (SnCommand *command, gpointer user_data)
{
  Pending *p = user_data;

  for (guint i = 0; command != NULL && p->ids[i] != NULL; i++)
    send_for (p->self, command, p->ids[i], p->versions[i]);
  sn_command_free (command);
  g_object_unref (p->self);
  g_strfreev (p->ids);
  g_free (p->versions);
  g_free (p);
}

static void
run_action (SnStalledPage *self, SnAction action)
{
  Pending *p = g_new0 (Pending, 1);

  p->self = g_object_ref (self);
  p->ids = selected_ids (self);
  /* What the supervisor sees now is what the dialog decides on: a change that arrives while
   * it is open makes the command a conflict. */
  p->versions = g_new (gint64, g_strv_length (p->ids) + 1);
  for (guint i = 0; p->ids[i] != NULL; i++)
    p->versions[i] = version_of (self, p->ids[i]);
  if (p->ids[0] == NULL)
    {
      action_done (NULL, p);
      return;
    }
  sn_action_dialog_present (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->context,
                            action, (const char *const *) p->ids, action_done, p);
}

static void
action_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  for (guint i = 0; i < SN_N_ACTIONS; i++)
    if (g_str_equal (name, actions[i].name))
      run_action (SN_STALLED_PAGE (widget), (SnAction) i);
}

/* ── acks: conflicts, refusals, undo ───────────────────────────────────────────── */

static void
toast (SnStalledPage *self, AdwToast *t)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (SN_IS_WINDOW (root))
    sn_window_add_toast (SN_WINDOW (root), t);
  else
    g_object_unref (t);
}

typedef struct
{
  SnStalledPage *self;
  SnCommand *command;
} Retry;

static void
retry_response (AdwMessageDialog *dialog, const char *response, Retry *r)
{
  if (g_strcmp0 (response, "retry") == 0)
    send_for (r->self, r->command, r->command->ticket, version_of (r->self, r->command->ticket));
  sn_command_free (r->command);
  g_object_unref (r->self);
  g_free (r);
}

/* Someone else changed the work order: show what it is now, offer to retry on it. */
static void
show_conflict (SnStalledPage *self, const SnCommand *c)
{
  const SnTicketView *v = sn_console_model_lookup_ticket (sn_context_get_model (self->context),
                                                          c->ticket);
  g_autofree char *units = v ? g_strjoinv (", ", v->ticket->units) : g_strdup ("");
  g_autofree char *body = v ? g_strdup_printf (
                              _ ("While you decided, %s changed: it is now at version %lld "
                                 "(was %lld), %s, with %s, tier %d. Your “%s” was not sent "
                                 "to it."),
                              c->ticket, (long long) v->ticket->version,
                              (long long) c->expected_version,
                              sn_ticket_state_get_label (v->ticket->state), units, v->ticket->tier,
                              sn_action_get_label (c->action))
                            : g_strdup (_ ("The work order changed and is no longer in view."));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _ ("Someone Else Changed This Work Order"), body);
  Retry *r = g_new0 (Retry, 1);

  r->self = g_object_ref (self);
  r->command = sn_command_dup (c);
  g_free (self->last_conflict);
  self->last_conflict = g_strdup (c->ticket);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Leave It"), "retry",
                                    _ ("_Retry on the New Version"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "retry",
                                              ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (retry_response), r);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
command_finished_cb (SnClient *client, const char *id, gboolean ok, gint64 version,
                     const char *code, const char *message, SnStalledPage *self)
{
  const SnOutboxEntry *entry = sn_client_lookup_command (client, id);
  g_autofree char *text = NULL;
  AdwToast *t;

  if (entry == NULL)
    return;
  if (ok)
    {
      SnCommand *undo = g_hash_table_lookup (self->undo, id);

      text = g_strdup_printf (_ ("%s sent for %s"), sn_action_get_label (entry->command->action),
                              entry->command->ticket);
      t = adw_toast_new (text);
      if (undo != NULL)
        {
          adw_toast_set_button_label (t, _ ("_Undo"));
          adw_toast_set_action_name (t, "stalled.undo");
          adw_toast_set_action_target_value (t, g_variant_new_string (id));
          adw_toast_set_timeout (t, 6);
        }
      toast (self, t);
      return;
    }
  g_hash_table_remove (self->undo, id);
  if (g_strcmp0 (code, "conflict") == 0)
    show_conflict (self, entry->command);
  else
    {
      text = g_strdup_printf (_ ("%s for %s was refused: %s"),
                              sn_action_get_label (entry->command->action), entry->command->ticket,
                              message ? message : code);
      toast (self, adw_toast_new (text));
    }
}

static void
undo_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  SnStalledPage *self = SN_STALLED_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  SnCommand *undo = g_hash_table_lookup (self->undo, id);

  if (undo == NULL)
    return;
  /* A compensating command, with a fresh id, on the version the first one produced. */
  sn_client_send_command (sn_context_get_client (self->context), sn_command_dup (undo));
  g_hash_table_remove (self->undo, id);
}

/* Re-renders the bound ids and times in place, without touching the list. */
static void
refresh_bound (SnStalledPage *self)
{
  for (guint i = 0; i < self->ticking->len; i++)
    rerender_cell (self->ticking->pdata[i]);
}

/* ── building ──────────────────────────────────────────────────────────────────── */

static gboolean
tick_cb (gpointer user_data)
{
  refresh_bound (user_data);
  return G_SOURCE_CONTINUE;
}

static GtkWidget *
filter_bar (SnStalledPage *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  const char *sorts[] = { N_ ("Most urgent"),
                          N_ ("ID"),
                          N_ ("Category"),
                          N_ ("District"),
                          N_ ("Units"),
                          N_ ("State"),
                          N_ ("Stall reasons"),
                          N_ ("Time left"),
                          N_ ("Bounces"),
                          N_ ("Tier"),
                          N_ ("Priority"),
                          N_ ("Age"),
                          NULL };
  g_autoptr (GtkStringList) sort_names = gtk_string_list_new (NULL);

  for (guint r = 0; r < SN_N_STALL_REASONS; r++)
    {
      self->toggles[r] = gtk_toggle_button_new_with_label (sn_stall_reason_get_label (r));
      g_signal_connect_swapped (self->toggles[r], "toggled", G_CALLBACK (apply_filter), self);
      gtk_box_append (GTK_BOX (bar), self->toggles[r]);
    }
  self->search = gtk_search_entry_new ();
  gtk_widget_set_hexpand (self->search, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Search id, description or address"), -1);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (apply_filter), self);
  gtk_box_append (GTK_BOX (bar), self->search);
  for (guint i = 0; sorts[i] != NULL; i++)
    gtk_string_list_append (sort_names, _ (sorts[i]));
  self->sort = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (sort_names)), NULL);
  gtk_widget_set_tooltip_text (self->sort, _ ("Sort by"));
  g_signal_connect_swapped (self->sort, "notify::selected", G_CALLBACK (apply_sort), self);
  gtk_box_append (GTK_BOX (bar), self->sort);
  self->descending = gtk_toggle_button_new_with_label (_ ("Descending"));
  g_signal_connect_swapped (self->descending, "toggled", G_CALLBACK (apply_sort), self);
  gtk_box_append (GTK_BOX (bar), self->descending);
  return bar;
}

static GtkWidget *
field (SnStalledPage *self, GtkWidget *box, const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  placeholder, -1);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (apply_filter), self);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

/* District, unit, category (exact) and tier. */
static GtkWidget *
scope_bar (SnStalledPage *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  const char *tiers[] = { N_ ("Any tier"),         N_ ("T0 warning"),
                          N_ ("T1 urge (催办)"),   N_ ("T2 supervise (督办)"),
                          N_ ("T3 report (通报)"), NULL };
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

  self->district = field (self, bar, _ ("District code"));
  self->unit = field (self, bar, _ ("Unit"));
  self->category = field (self, bar, _ ("Category"));
  for (guint i = 0; tiers[i] != NULL; i++)
    gtk_string_list_append (names, _ (tiers[i]));
  self->tier = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_widget_set_tooltip_text (self->tier, _ ("Escalation tier"));
  g_signal_connect_swapped (self->tier, "notify::selected", G_CALLBACK (apply_filter), self);
  gtk_box_append (GTK_BOX (bar), self->tier);
  return bar;
}

static GtkWidget *
action_bar (SnStalledPage *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  for (guint i = 0; i < SN_N_ACTIONS; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (sn_action_get_label ((SnAction) i));

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), actions[i].name);
      gtk_box_append (GTK_BOX (bar), button);
    }
  return bar;
}

static void
build (SnStalledPage *self)
{
  static const struct
  {
    Column col;
    const char *title;
    gboolean expand;
  } cols[] = {
    { COL_ID, N_ ("ID"), FALSE },
    { COL_CATEGORY, N_ ("Category"), TRUE },
    { COL_PLACE, N_ ("District / street"), TRUE },
    { COL_UNITS, N_ ("Units"), TRUE },
    { COL_STATE, N_ ("State"), FALSE },
    { COL_REASONS, N_ ("Stall reasons"), TRUE },
    { COL_TIME_LEFT, N_ ("Time left"), FALSE },
    { COL_BOUNCES, N_ ("Bounces"), FALSE },
    { COL_TIER, N_ ("Tier"), FALSE },
    { COL_PRIORITY, N_ ("Priority"), FALSE },
    { COL_AGE, N_ ("Age"), FALSE },
  };
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->root = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_object_set (self->root, "margin-start", 12, "margin-end", 12, "margin-top", 6, "margin-bottom",
                6, NULL);
  gtk_box_append (GTK_BOX (self->root), filter_bar (self));
  gtk_box_append (GTK_BOX (self->root), scope_bar (self));
  self->view = gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)));
  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (self->view), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (cols); i++)
    add_column (self, cols[i].col, _ (cols[i].title), cols[i].expand);
  g_signal_connect_object (gtk_column_view_get_sorter (GTK_COLUMN_VIEW (self->view)), "changed",
                           G_CALLBACK (header_sort_changed), self, 0);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->view);
  gtk_paned_set_start_child (GTK_PANED (paned), scroller);
  gtk_paned_set_end_child (GTK_PANED (paned), self->detail);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), 900);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (self->root), paned);
  self->read_only = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->read_only, "dim-label");
  gtk_box_append (GTK_BOX (self->root), self->read_only);
  self->actions = action_bar (self);
  gtk_box_append (GTK_BOX (self->root), self->actions);
  gtk_widget_set_parent (self->root, GTK_WIDGET (self));
}

static void
sn_stalled_page_dispose (GObject *object)
{
  SnStalledPage *self = SN_STALLED_PAGE (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  /* The view's sorter says "changed" as its columns go: the controls are gone by then. */
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (GTK_COLUMN_VIEW (self->view)),
                                          self);
  self->view = NULL;
  memset (self->columns, 0, sizeof self->columns);
  g_clear_pointer (&self->root, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->context);
  g_clear_pointer (&self->ticking, g_ptr_array_unref);
  g_clear_pointer (&self->undo, g_hash_table_unref);
  g_clear_pointer (&self->last_conflict, g_free);
  G_OBJECT_CLASS (sn_stalled_page_parent_class)->dispose (object);
}

static void
sn_stalled_page_class_init (SnStalledPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = sn_stalled_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  for (guint i = 0; i < SN_N_ACTIONS; i++)
    {
      gtk_widget_class_install_action (widget_class, actions[i].name, NULL, action_cb);
      /* Alt+letter: plain letters belong to the search entry. */
      gtk_widget_class_add_binding_action (widget_class, actions[i].key, GDK_ALT_MASK,
                                           actions[i].name, NULL);
    }
  gtk_widget_class_install_action (widget_class, "stalled.undo", "s", undo_cb);
}

static void
sn_stalled_page_init (SnStalledPage *self)
{
  self->ticking = g_ptr_array_new ();
  self->undo = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) sn_command_free);
}

static void
restore (SnStalledPage *self)
{
  GSettings *settings = sn_context_get_settings (self->context);
  guint reasons = g_settings_get_uint (settings, "stalled-reasons");
  g_autofree char *search = g_settings_get_string (settings, "stalled-search");
  guint column = g_settings_get_uint (settings, "stalled-sort");
  gboolean descending = g_settings_get_boolean (settings, "stalled-descending");

  for (guint r = 0; r < SN_N_STALL_REASONS; r++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->toggles[r]),
                                  (reasons & SN_STALL_REASON_BIT (r)) != 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search), search);
  /* Both controls first, then one sort. */
  self->syncing_sort = TRUE;
  if (column < SN_N_STALLED_COLUMNS)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->sort), column);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->descending), descending);
  self->syncing_sort = FALSE;
  apply_filter (self);
  apply_sort (self);
}

GtkWidget *
sn_stalled_page_new (SnContext *context)
{
  SnStalledPage *self = g_object_new (SN_TYPE_STALLED_PAGE, NULL);
  SnClient *client = sn_context_get_client (context);

  self->context = g_object_ref (context);
  self->list = sn_stalled_list_new (sn_context_get_model (context));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->list)));
  self->detail = sn_ticket_detail_new (context);
  gtk_widget_set_size_request (self->detail, 360, -1);
  build (self);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (update_actions),
                            self);
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (update_counts), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::state", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::role", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "command-finished", G_CALLBACK (command_finished_cb), self, 0);
  g_signal_connect_object (client, "commands-changed", G_CALLBACK (refresh_bound), self,
                           G_CONNECT_SWAPPED);
  self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
  restore (self);
  update_counts (self);
  update_actions (self);
  return GTK_WIDGET (self);
}

SnStalledList *
sn_stalled_page_get_list (SnStalledPage *self)
{
  return self->list;
}

gboolean
sn_stalled_page_select (SnStalledPage *self, const char *id)
{
  guint pos = sn_stalled_list_lookup_position (self->list, id);

  if (pos == G_MAXUINT)
    return FALSE;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), pos, TRUE);
  return TRUE;
}

void
sn_stalled_page_show_district (SnStalledPage *self, const char *district)
{
  g_return_if_fail (SN_IS_STALLED_PAGE (self));
  /* The entry's "changed" applies the filter. */
  gtk_editable_set_text (GTK_EDITABLE (self->district), district ? district : "");
}
