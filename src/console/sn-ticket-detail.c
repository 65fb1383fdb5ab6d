/* sn-ticket-detail.c — one work order in full
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "sn-json.h"
#include "sn-map-layers.h"
#include "sn-ticket-detail.h"
#include "sn-ticket-json.h"

struct _SnTicketDetail
{
  GtkWidget parent_instance;

  SnContext *context;
  char *id;
  GCancellable *cancellable;
  GtkWidget *scroller;
  GtkWidget *title;
  GtkWidget *subtitle;
  GtkWidget *request;
  GtkWidget *location;
  GtkWidget *where_box;
  ShumateMap *map;
  ShumateMarker *marker;
  double shown_lat, shown_lon;
  GtkWidget *deadline;
  GtkWidget *stalls;
  GtkWidget *units;
  GtkWidget *history;
  guint tick_source;
};

G_DEFINE_FINAL_TYPE (SnTicketDetail, sn_ticket_detail, GTK_TYPE_WIDGET)

char *
sn_format_span (gint64 seconds)
{
  if (seconds >= 86400)
    return g_strdup_printf (_ ("%d d %d h"), (int) (seconds / 86400),
                            (int) (seconds % 86400 / 3600));
  if (seconds >= 3600)
    return g_strdup_printf (_ ("%d h %d min"), (int) (seconds / 3600), (int) (seconds % 3600 / 60));
  return g_strdup_printf (_ ("%d min"), (int) (seconds / 60));
}

char *
sn_format_time_left (gint64 deadline, gint64 now)
{
  g_autofree char *span = sn_format_span (ABS (deadline - now));

  if (deadline == 0)
    return g_strdup (_ ("—"));
  /* Translators: time past a work order's deadline, e.g. "overdue 2 d 3 h" */
  return deadline < now ? g_strdup_printf (_ ("overdue %s"), span)
                        : g_strdup_printf (_ ("%s left"), span);
}

const char *
sn_history_kind_get_label (SnHistoryKind kind)
{
  switch (kind)
    {
      case SN_HISTORY_RECEIVED:
        return _ ("Received (受理)");
      case SN_HISTORY_DISPATCHED:
        return _ ("Dispatched (派单)");
      case SN_HISTORY_ACCEPTED:
        return _ ("Accepted (签收)");
      case SN_HISTORY_PROGRESS:
        return _ ("In progress");
      case SN_HISTORY_REPLIED:
        return _ ("Replied (办结)");
      case SN_HISTORY_CALLBACK:
        return _ ("Callback (回访)");
      case SN_HISTORY_CLOSED:
        return _ ("Closed (结案)");
      case SN_HISTORY_RETURNED:
        return _ ("Returned (退单)");
      case SN_HISTORY_TRANSFERRED:
        return _ ("Reassigned (转派)");
      case SN_HISTORY_UNIT_ADDED:
        return _ ("Unit added (加派)");
      case SN_HISTORY_REOPENED:
        return _ ("Reopened (重办)");
      case SN_HISTORY_EXTENDED:
        return _ ("Extended (延期)");
      case SN_HISTORY_ESCALATED:
        return _ ("Escalated");
      case SN_HISTORY_NOTE:
        return _ ("Note");
      case SN_HISTORY_PAUSED:
        return _ ("Waiting for the citizen");
      case SN_HISTORY_RESUMED:
        return _ ("Clock running again");
      case SN_N_HISTORY_KINDS:
      default:
        return "";
    }
}

static char *
format_time (gint64 t)
{
  g_autoptr (GDateTime) dt = t ? g_date_time_new_from_unix_local (t) : NULL;

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup (_ ("—"));
}

static GtkWidget *
label (const char *css)
{
  GtkWidget *l = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  gtk_label_set_selectable (GTK_LABEL (l), TRUE);
  if (css != NULL)
    gtk_widget_add_css_class (l, css);
  return l;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static void
show_stalls (SnTicketDetail *self, const SnTicketView *v, gint64 now)
{
  clear_box (self->stalls);
  for (guint i = 0; i < v->n_stalls; i++)
    {
      g_autofree char *age = sn_format_span (now - v->stalls[i].since);
      g_autofree char *text = g_strdup_printf (
          "%s · %s", sn_stall_reason_get_label (v->stalls[i].reason), age);
      GtkWidget *chip = gtk_label_new (text);

      gtk_widget_add_css_class (chip, "stall-chip");
      gtk_widget_add_css_class (chip, sn_stall_reason_to_string (v->stalls[i].reason));
      gtk_box_append (GTK_BOX (self->stalls), chip);
    }
}

/* The small map: the district boundaries and a pin, recentred only when the place changes
 * (so a supervisor's panning is not undone every second). */
static void
show_place (SnTicketDetail *self, const SnTicket *t)
{
  if (self->map == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->map), t->has_location);
  if (!t->has_location || (t->lat == self->shown_lat && t->lon == self->shown_lon))
    return;
  self->shown_lat = t->lat;
  self->shown_lon = t->lon;
  shumate_location_set_location (SHUMATE_LOCATION (self->marker), t->lat, t->lon);
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (self->map), 10);
  shumate_map_center_on (self->map, t->lat, t->lon);
}

static void
build_map (SnTicketDetail *self)
{
  ShumateViewport *viewport;
  ShumateMarkerLayer *markers;
  GtkWidget *pin = gtk_image_new_from_icon_name ("mark-location-symbolic");
  ShumateMapSource *source = sn_blank_map_source_new (FALSE);

  self->map = shumate_map_new ();
  viewport = shumate_map_get_viewport (self->map);
  shumate_map_set_map_source (self->map, source);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (shumate_map_layer_new (source, viewport)));
  g_object_unref (source);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (sn_district_layer_new (
                                        viewport, sn_context_get_map_data (self->context))));
  markers = shumate_marker_layer_new (viewport);
  self->marker = shumate_marker_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (pin), 24);
  gtk_widget_add_css_class (pin, "error");
  shumate_marker_set_child (self->marker, pin);
  shumate_marker_layer_add_marker (markers, self->marker);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (markers));
  gtk_widget_set_size_request (GTK_WIDGET (self->map), -1, 180);
  gtk_widget_add_css_class (GTK_WIDGET (self->map), "card");
  gtk_widget_set_overflow (GTK_WIDGET (self->map), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->map), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Map of the place"), -1);
  self->shown_lat = self->shown_lon = NAN;
  gtk_box_append (GTK_BOX (self->where_box), GTK_WIDGET (self->map));
}

static void
update (SnTicketDetail *self)
{
  const SnTicketView *v = self->id ? sn_console_model_lookup_ticket (
                              sn_context_get_model (self->context), self->id)
                                   : NULL;
  gint64 now = sn_context_get_now (self->context);
  const SnTicket *t;
  g_autofree char *subtitle = NULL;
  g_autofree char *location = NULL;
  g_autofree char *left = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *received = NULL;
  g_autofree char *units = NULL;

  gtk_widget_set_visible (self->scroller, v != NULL);
  if (v == NULL)
    return;
  t = v->ticket;
  gtk_label_set_text (GTK_LABEL (self->title), t->service_request_id);
  subtitle = g_strdup_printf (
      _ ("%s · %s · tier %d · priority %d · returned or transferred %d times"),
      t->service_name ? t->service_name : _ ("No category"), sn_ticket_state_get_label (t->state),
      t->tier, t->priority, t->bounce_count);
  gtk_label_set_text (GTK_LABEL (self->subtitle), subtitle);
  gtk_label_set_text (GTK_LABEL (self->request),
                      t->description ? t->description : _ ("No description"));
  location = g_strdup_printf ("%s\n%s %s", t->address ? t->address : _ ("No address"),
                              t->district ? t->district : "", t->street ? t->street : "");
  gtk_label_set_text (GTK_LABEL (self->location), location);
  show_place (self, t);
  left = sn_format_time_left (v->deadline, now);
  deadline = format_time (v->deadline);
  received = format_time (t->requested_at);
  g_free (subtitle);
  subtitle = g_strdup_printf (_ ("Received %s · deadline %s · %s"), received, deadline, left);
  gtk_label_set_text (GTK_LABEL (self->deadline), subtitle);
  units = g_strjoinv (", ", t->units);
  gtk_label_set_text (GTK_LABEL (self->units), *units ? units : _ ("No unit assigned"));
  show_stalls (self, v, now);
}

static void
add_history_entry (SnTicketDetail *self, const SnHistoryEntry *h)
{
  g_autofree char *when = format_time (h->time);
  g_autofree char *units = h->units ? g_strjoinv (", ", h->units) : NULL;
  g_autofree char *text = g_strdup_printf (
      "%s — %s%s%s%s%s", when, sn_history_kind_get_label (h->kind), units && *units ? " → " : "",
      units ? units : "", h->actor ? " · " : "", h->actor ? h->actor : "");
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *head = label (
      h->kind == SN_HISTORY_RETURNED || h->kind == SN_HISTORY_TRANSFERRED ? "warning" : NULL);

  gtk_label_set_text (GTK_LABEL (head), text);
  gtk_box_append (GTK_BOX (row), head);
  if (h->reason != NULL)
    {
      GtkWidget *reason = label ("dim-label");

      gtk_label_set_text (GTK_LABEL (reason), h->reason);
      gtk_box_append (GTK_BOX (row), reason);
    }
  gtk_list_box_append (GTK_LIST_BOX (self->history), row);
}

static void
history_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SnTicketDetail *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = sn_context_get_json_finish (SN_CONTEXT (source), result, &error);
  g_autoptr (SnTicket) t = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  clear_box (self->history);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    t = sn_ticket_from_json (json_node_get_object (root), NULL, NULL, NULL, &error);
  if (t == NULL)
    {
      GtkWidget *l = label ("error");

      gtk_label_set_text (GTK_LABEL (l), error ? error->message : _ ("No history"));
      gtk_list_box_append (GTK_LIST_BOX (self->history), l);
      return;
    }
  for (guint i = 0; t->history != NULL && i < t->history->len; i++)
    add_history_entry (self, t->history->pdata[i]);
}

static void
fetch_history (SnTicketDetail *self)
{
  g_autofree char *escaped = g_uri_escape_string (self->id, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/v1/tickets/", escaped, NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  clear_box (self->history);
  sn_context_get_json_async (self->context, path, self->cancellable, history_cb, self);
}

void
sn_ticket_detail_set_ticket (SnTicketDetail *self, const char *id)
{
  g_return_if_fail (SN_IS_TICKET_DETAIL (self));

  if (g_strcmp0 (id, self->id) == 0)
    return;
  g_free (self->id);
  self->id = g_strdup (id);
  update (self);
  if (id != NULL)
    fetch_history (self);
}

const char *
sn_ticket_detail_get_ticket (SnTicketDetail *self)
{
  return self->id;
}

GPtrArray *
sn_ticket_detail_list_history (SnTicketDetail *self)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (GtkWidget *row = gtk_widget_get_first_child (self->history); row;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *first = box ? gtk_widget_get_first_child (box) : NULL;

      if (GTK_IS_LABEL (first))
        g_ptr_array_add (lines, g_strdup (gtk_label_get_text (GTK_LABEL (first))));
      else if (GTK_IS_LABEL (box))
        g_ptr_array_add (lines, g_strdup (gtk_label_get_text (GTK_LABEL (box))));
    }
  return lines;
}

static void
ticket_changed_cb (SnTicketDetail *self, const char *id)
{
  if (g_strcmp0 (id, self->id) != 0)
    return;
  update (self);
  fetch_history (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static GtkWidget *
section (GtkWidget *box, const char *title, GtkWidget *child)
{
  GtkWidget *heading = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), child);
  return child;
}

static void
build (SnTicketDetail *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  g_object_set (box, "margin-start", 12, "margin-end", 12, "margin-top", 12, "margin-bottom", 12,
                NULL);
  self->title = label ("title-2");
  self->subtitle = label (NULL);
  gtk_box_append (GTK_BOX (box), self->title);
  gtk_box_append (GTK_BOX (box), self->subtitle);
  self->stalls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), self->stalls);
  self->deadline = section (box, _ ("Deadline"), label (NULL));
  self->request = section (box, _ ("The citizen's request"), label (NULL));
  self->where_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->location = label (NULL);
  gtk_box_append (GTK_BOX (self->where_box), self->location);
  section (box, _ ("Where"), self->where_box);
  self->units = section (box, _ ("Units"), label (NULL));
  self->history = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->history), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->history, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->history), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("History"), -1);
  section (box, _ ("History"), self->history);
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), box);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

static void
sn_ticket_detail_dispose (GObject *object)
{
  SnTicketDetail *self = SN_TICKET_DETAIL (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->context);
  g_clear_pointer (&self->id, g_free);
  G_OBJECT_CLASS (sn_ticket_detail_parent_class)->dispose (object);
}

static void
sn_ticket_detail_class_init (SnTicketDetailClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sn_ticket_detail_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
sn_ticket_detail_init (SnTicketDetail *self)
{
  build (self);
  gtk_widget_set_visible (self->scroller, FALSE);
}

GtkWidget *
sn_ticket_detail_new (SnContext *context)
{
  SnTicketDetail *self = g_object_new (SN_TYPE_TICKET_DETAIL, NULL);

  self->context = g_object_ref (context);
  build_map (self);
  g_signal_connect_object (sn_context_get_model (context), "ticket-changed",
                           G_CALLBACK (ticket_changed_cb), self, G_CONNECT_SWAPPED);
  self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
  return GTK_WIDGET (self);
}
