/* sn-overview-page.c — the Overview page
 *
 *   ┌ stale banner (offline: last state, its age) ───────────────────────────────┐
 *   │ [ whole center tile ]                          [ active alerts ]           │
 *   │ [ live chart: waiting / available, 2 h ]       [ today: per 15 min ]       │
 *   │ [ queue tile ] [ queue tile ] [ queue tile ] …                            │
 *   └────────────────────────────────────────────────────────────────────────────┘
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sn-overview-charts.h"
#include "sn-overview-page.h"
#include "sn-queue-tile.h"

struct _SnOverviewPage
{
  GtkWidget parent_instance;

  SnContext *context;
  GtkWidget *scroller;
  GtkWidget *banner;
  GtkWidget *banner_label;
  GtkWidget *content;
  GtkWidget *center_tile;
  GtkWidget *alerts;
  GtkWidget *charts;
  GtkWidget *flow;
  GHashTable *tiles; /* queue → SnQueueTile (borrowed) */
  guint tick_source;
};

G_DEFINE_FINAL_TYPE (SnOverviewPage, sn_overview_page, GTK_TYPE_WIDGET)

static void
add_tile (SnOverviewPage *self, const char *queue)
{
  GtkWidget *tile = sn_queue_tile_new (self->context, queue);

  gtk_flow_box_append (GTK_FLOW_BOX (self->flow), tile);
  g_hash_table_insert (self->tiles, g_strdup (queue), tile);
}

static void
rebuild_tiles (SnOverviewPage *self)
{
  g_autoptr (GPtrArray)
      queues = sn_console_model_list_queues (sn_context_get_model (self->context));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->flow)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->flow), child);
  g_hash_table_remove_all (self->tiles);
  for (guint i = 0; i < queues->len; i++)
    add_tile (self, queues->pdata[i]);
  sn_queue_tile_update (SN_QUEUE_TILE (self->center_tile));
}

static char *
alert_line (const SnQueueView *q)
{
  g_autoptr (GDateTime) since = g_date_time_new_from_unix_local (q->alert_since);
  g_autofree char *time = since ? g_date_time_format (since, "%H:%M:%S") : g_strdup ("");

  /* Translators: an entry of the active alerts, e.g. "RED — general, since 10:02:05" */
  return g_strdup_printf (q->alert == SN_ALERT_RED ? _ ("⚠ RED — %s, since %s")
                                                   : _ ("▲ Amber — %s, since %s"),
                          q->name, time);
}

static void
rebuild_alerts (SnOverviewPage *self)
{
  SnConsoleModel *model = sn_context_get_model (self->context);
  g_autoptr (GPtrArray) queues = sn_console_model_list_queues (model);
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (self->alerts)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->alerts), child);
  for (guint i = 0; i < queues->len; i++)
    {
      const SnQueueView *q = sn_console_model_get_queue (model, queues->pdata[i]);
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (q->alert == SN_ALERT_NONE)
        continue;
      text = alert_line (q);
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, q->alert == SN_ALERT_RED ? "error" : "warning");
      gtk_list_box_append (GTK_LIST_BOX (self->alerts), label);
      n++;
    }
  if (n == 0)
    gtk_list_box_append (GTK_LIST_BOX (self->alerts), gtk_label_new (_ ("No active alerts")));
}

static void
queue_changed_cb (SnOverviewPage *self, const char *queue)
{
  GtkWidget *tile = g_hash_table_lookup (self->tiles, queue);

  if (tile == NULL)
    {
      rebuild_tiles (self);
      return;
    }
  sn_queue_tile_update (SN_QUEUE_TILE (tile));
  sn_queue_tile_update (SN_QUEUE_TILE (self->center_tile));
}

static void
reset_cb (SnOverviewPage *self)
{
  rebuild_tiles (self);
  rebuild_alerts (self);
}

static void
update_stale (SnOverviewPage *self)
{
  SnClient *client = sn_context_get_client (self->context);
  gboolean stale = sn_client_get_state (client) != SN_CLIENT_LIVE;
  gint64 last = sn_client_get_last_data (client);
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (GTK_REVEALER (self->banner), stale);
  if (stale)
    {
      gint64 age = last ? (g_get_real_time () - last) / G_USEC_PER_SEC : -1;

      text = age >= 0 ? g_strdup_printf (
                 _ ("Not live: showing the last state, %d:%02d old. %s"), (int) (age / 60),
                 (int) (age % 60), sn_client_get_error (client) ? sn_client_get_error (client) : "")
                      : g_strdup (_ ("Not live yet: no data from a hub."));
      gtk_label_set_text (GTK_LABEL (self->banner_label), text);
      gtk_widget_add_css_class (self->content, "stale");
    }
  else
    gtk_widget_remove_css_class (self->content, "stale");
}

static gboolean
tick_cb (gpointer user_data)
{
  SnOverviewPage *self = user_data;
  GHashTableIter iter;
  gpointer value;

  /* Longest waits tick from their start, with or without traffic. */
  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    sn_queue_tile_update (value);
  sn_queue_tile_update (SN_QUEUE_TILE (self->center_tile));
  update_stale (self);
  return G_SOURCE_CONTINUE;
}

static GtkWidget *
section (const char *title, GtkWidget *child)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-3");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), child);
  return box;
}

static void
build (SnOverviewPage *self)
{
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  g_object_set (self->content, "margin-start", 18, "margin-end", 18, "margin-top", 12,
                "margin-bottom", 18, NULL);
  self->center_tile = sn_queue_tile_new (self->context, NULL);
  gtk_widget_set_hexpand (self->center_tile, TRUE);
  gtk_box_append (GTK_BOX (top), self->center_tile);
  self->alerts = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->alerts), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->alerts, "boxed-list");
  gtk_widget_set_size_request (self->alerts, 320, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->alerts), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Active alerts"), -1);
  gtk_box_append (GTK_BOX (top), section (_ ("Active alerts"), self->alerts));
  gtk_box_append (GTK_BOX (self->content), top);
  self->charts = sn_overview_charts_new (self->context);
  gtk_box_append (GTK_BOX (self->content), self->charts);
  self->flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (self->flow), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->flow), 4);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->flow), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->flow), 12);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (self->flow), TRUE);
  gtk_box_append (GTK_BOX (self->content), section (_ ("Queues"), self->flow));
}

static void
sn_overview_page_dispose (GObject *object)
{
  SnOverviewPage *self = SN_OVERVIEW_PAGE (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (sn_overview_page_parent_class)->dispose (object);
}

static void
sn_overview_page_class_init (SnOverviewPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sn_overview_page_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
sn_overview_page_init (SnOverviewPage *self)
{
  self->tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GtkWidget *
sn_overview_page_new (SnContext *context)
{
  SnOverviewPage *self = g_object_new (SN_TYPE_OVERVIEW_PAGE, NULL);
  SnConsoleModel *model = sn_context_get_model (context);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->context = g_object_ref (context);
  build (self);
  self->banner_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->banner_label, "stale-banner");
  self->banner = gtk_revealer_new ();
  gtk_revealer_set_child (GTK_REVEALER (self->banner), self->banner_label);
  gtk_box_append (GTK_BOX (outer), self->banner);
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->content);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_box_append (GTK_BOX (outer), self->scroller);
  self->scroller = outer;
  gtk_widget_set_parent (outer, GTK_WIDGET (self));
  g_signal_connect_object (model, "reset", G_CALLBACK (reset_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "queue-changed", G_CALLBACK (queue_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "alerts-changed", G_CALLBACK (rebuild_alerts), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (sn_context_get_client (context), "notify::state",
                           G_CALLBACK (update_stale), self, G_CONNECT_SWAPPED);
  self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
  reset_cb (self);
  update_stale (self);
  return GTK_WIDGET (self);
}

GtkWidget *
sn_overview_page_get_tile (SnOverviewPage *self, const char *queue)
{
  return queue == NULL ? self->center_tile : g_hash_table_lookup (self->tiles, queue);
}

GPtrArray *
sn_overview_page_list_alerts (SnOverviewPage *self)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (GtkWidget *row = gtk_widget_get_first_child (self->alerts); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

      if (GTK_IS_LABEL (label))
        g_ptr_array_add (lines, g_strdup (gtk_label_get_text (GTK_LABEL (label))));
    }
  return lines;
}

gboolean
sn_overview_page_is_stale (SnOverviewPage *self)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->banner));
}
