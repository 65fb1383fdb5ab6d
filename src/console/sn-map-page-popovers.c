/* sn-map-page-popovers.c — the Map page's popovers: a district's figures, and the work
 * orders of a cluster, each of which opens where its actions are
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "sn-map-page-private.h"
#include "sn-stalled-page.h"
#include "sn-ticket-detail.h"
#include "sn-window.h"

#define MAX_CLUSTER_ROWS 50

/* ── helpers ───────────────────────────────────────────────────────────────────────── */

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

/* ── district popover ──────────────────────────────────────────────────────────────── */

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

GtkWidget *
sn_map_page_district_popover (SnMapPage *self, guint district, double x, double y)
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

/* ── cluster popover ───────────────────────────────────────────────────────────────── */

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

GtkWidget *
sn_map_page_cluster_popover (SnMapPage *self, guint level, guint32 cx, guint32 cy, double x,
                             double y)
{
  const SnHotspotIndex *index = sn_map_data_get_index (self->data);
  const SnHotspotPoint *points = sn_map_data_get_index_points (self->data);
  double size = 1.0 / ((guint64) 1 << level);
  const SnHotspotCell *cell =
      index ? sn_hotspot_index_lookup (index, level, (cx + 0.5) * size, (cy + 0.5) * size) : NULL;
  GtkWidget *box, *scroller, *list;
  g_autofree char *title = NULL;
  const guint32 *members;

  if (cell == NULL)
    return NULL;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  scroller = gtk_scrolled_window_new ();
  list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_ptr_array_set_size (self->popover_lines, 0);
  members = sn_hotspot_index_get_members (index);
  title = g_strdup_printf (ngettext ("%u work order", "%u work orders", cell->count), cell->count);
  popover_label (self, box, title, "heading");
  for (guint i = 0; i < MIN (cell->count, MAX_CLUSTER_ROWS); i++)
    {
      const SnHotspotPoint *p = &points[members[cell->first + i]];
      const char *id = sn_map_data_get_ticket_id (self->data, p->id);
      const SnTicketView *v =
          id ? sn_console_model_lookup_ticket (sn_context_get_model (self->context), id) : NULL;
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
  /* Wide enough for "id · category · state" without cutting the id. */
  gtk_widget_set_size_request (scroller, 420, -1);
  gtk_box_insert_child_after (GTK_BOX (box), scroller, gtk_widget_get_first_child (box));
  return open_popover (self, box, x, y);
}
