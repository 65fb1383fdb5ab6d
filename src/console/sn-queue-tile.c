/* sn-queue-tile.c — one queue at a glance
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sn-queue-tile.h"

typedef enum {
  FIELD_TITLE,
  FIELD_ALERT,
  FIELD_WAITING,
  FIELD_LONGEST_WAIT,
  FIELD_AGENTS,
  FIELD_PAUSED,
  FIELD_TODAY,
  FIELD_SERVICE_LEVEL,
  FIELD_SERVICE_LEVEL2,
  FIELD_ABANDON_RATE,
  FIELD_ASA,
  FIELD_AHT,
  FIELD_STAFFING,
  N_FIELDS
} Field;

static const char *const field_names[N_FIELDS] = {
  "title",         "alert",          "waiting",      "longest-wait", "agents", "paused",   "today",
  "service-level", "service-level2", "abandon-rate", "asa",          "aht",    "staffing",
};

struct _SnQueueTile
{
  GtkWidget parent_instance;

  SnContext *context;
  char *queue;
  GtkWidget *grid;
  GtkWidget *labels[N_FIELDS];
};

G_DEFINE_FINAL_TYPE (SnQueueTile, sn_queue_tile, GTK_TYPE_WIDGET)

char *
sn_format_percent (gboolean has_data, double value)
{
  /* Translators: shown for a ratio with no data (a zero denominator); never 0 % */
  return has_data ? g_strdup_printf ("%.1f %%", value * 100) : g_strdup (_ ("—"));
}

char *
sn_format_duration (gint64 seconds)
{
  if (seconds < 0)
    seconds = 0;
  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60),
                            (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static char *
format_seconds (gboolean has_data, double value)
{
  return has_data ? g_strdup_printf (_ ("%.0f s"), value) : g_strdup (_ ("—"));
}

static void
set_field (SnQueueTile *self, Field field, char *text)
{
  gtk_label_set_text (GTK_LABEL (self->labels[field]), text);
  g_free (text);
}

static char *
paused_text (const SnQueueView *q)
{
  g_autoptr (GString) s = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, q->paused_reasons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_string_append_printf (s, "%s%s %u", s->len ? ", " : "", (const char *) key,
                            GPOINTER_TO_UINT (value));
  if (s->len == 0)
    return g_strdup_printf (_ ("Paused %u"), q->agents[SN_AGENT_PAUSED]);
  /* Translators: agents paused, with the reasons, e.g. "Paused 3 (break 2, meal 1)" */
  return g_strdup_printf (_ ("Paused %u (%s)"), q->agents[SN_AGENT_PAUSED], s->str);
}

static void
update_alert (SnQueueTile *self, const SnQueueView *q)
{
  GtkWidget *badge = self->labels[FIELD_ALERT];

  gtk_widget_remove_css_class (GTK_WIDGET (self), "alert-red");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "alert-amber");
  gtk_widget_set_visible (badge, q->alert != SN_ALERT_NONE);
  if (q->alert == SN_ALERT_NONE)
    return;
  /* Colour is never the only signal: an icon-like mark and a word. */
  gtk_label_set_text (GTK_LABEL (badge),
                      q->alert == SN_ALERT_RED ? _ ("⚠ RED ALERT") : _ ("▲ Amber alert"));
  gtk_widget_set_css_classes (
      badge, (const char *[]){ "alert-badge", q->alert == SN_ALERT_RED ? "red" : "amber", NULL });
  gtk_widget_add_css_class (GTK_WIDGET (self),
                            q->alert == SN_ALERT_RED ? "alert-red" : "alert-amber");
}

static void
update_metrics (SnQueueTile *self, const SnQueueView *q)
{
  double v = 0;
  gboolean ok;

  ok = sn_metric_service_level (&q->today, &v);
  set_field (self, FIELD_SERVICE_LEVEL, sn_format_percent (ok, v));
  ok = sn_metric_service_level2 (&q->today, &v);
  set_field (self, FIELD_SERVICE_LEVEL2, sn_format_percent (ok, v));
  ok = sn_metric_abandon_rate (&q->today, &v);
  set_field (self, FIELD_ABANDON_RATE, sn_format_percent (ok, v));
  ok = sn_metric_asa (&q->today, &v);
  set_field (self, FIELD_ASA, format_seconds (ok, v));
  ok = sn_metric_aht (&q->today, &v);
  set_field (self, FIELD_AHT, format_seconds (ok, v));
}

static void
update_staffing (SnQueueTile *self)
{
  GSettings *settings = sn_context_get_settings (self->context);
  double target = g_settings_get_uint (settings, "service-level-target") / 100.0;
  guint needed = 0, on_duty = 0;

  if (sn_console_model_staffing_hint (sn_context_get_model (self->context), self->queue, target,
                                      &needed, &on_duty))
    set_field (self, FIELD_STAFFING,
               /* Translators: the Erlang C staffing hint */
               g_strdup_printf (_ ("Agents needed now: %u · on duty: %u"), needed, on_duty));
  else
    set_field (self, FIELD_STAFFING, g_strdup (_ ("Agents needed now: —")));
}

void
sn_queue_tile_update (SnQueueTile *self)
{
  SnConsoleModel *model = sn_context_get_model (self->context);
  const SnQueueView *q = sn_console_model_get_queue (model, self->queue);
  gint64 now = sn_context_get_now (self->context);

  if (q == NULL)
    return;
  set_field (self, FIELD_WAITING, g_strdup_printf ("%u", q->waiting));
  set_field (self, FIELD_LONGEST_WAIT,
             q->longest_wait_since ? sn_format_duration (now - q->longest_wait_since)
                                   : g_strdup (_ ("—")));
  set_field (self, FIELD_AGENTS,
             g_strdup_printf (_ ("Available %u · On call %u · Wrap-up %u · Offline %u"),
                              q->agents[SN_AGENT_AVAILABLE], q->agents[SN_AGENT_ON_CALL],
                              q->agents[SN_AGENT_WRAPUP], q->agents[SN_AGENT_OFFLINE]));
  set_field (self, FIELD_PAUSED, paused_text (q));
  set_field (self, FIELD_TODAY,
             g_strdup_printf (_ ("Today: offered %u · answered %u · abandoned %u"),
                              q->today.offered, q->today.answered, q->today.abandoned));
  update_metrics (self, q);
  update_alert (self, q);
  update_staffing (self);
}

static GtkWidget *
add_label (SnQueueTile *self, Field field, const char *css, int column, int row, int width)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  gtk_grid_attach (GTK_GRID (self->grid), label, column, row, width, 1);
  self->labels[field] = label;
  return label;
}

static void
add_caption (SnQueueTile *self, const char *text, int column, int row)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  gtk_grid_attach (GTK_GRID (self->grid), label, column, row, 1, 1);
}

static void
build (SnQueueTile *self, const char *title)
{
  static const struct
  {
    Field field;
    const char *caption;
  } metrics[] = {
    { FIELD_SERVICE_LEVEL, N_ ("Service level") },
    { FIELD_SERVICE_LEVEL2, N_ ("SL2") },
    { FIELD_ABANDON_RATE, N_ ("Abandon rate") },
    { FIELD_ASA, N_ ("ASA") },
    { FIELD_AHT, N_ ("AHT") },
  };

  gtk_label_set_text (GTK_LABEL (add_label (self, FIELD_TITLE, "tile-title", 0, 0, 3)), title);
  add_label (self, FIELD_ALERT, NULL, 3, 0, 2);
  add_label (self, FIELD_WAITING, "big-number", 0, 1, 2);
  add_label (self, FIELD_LONGEST_WAIT, "big-number", 2, 1, 3);
  add_caption (self, _ ("calls waiting"), 0, 2);
  add_caption (self, _ ("longest wait"), 2, 2);
  add_label (self, FIELD_AGENTS, NULL, 0, 3, 5);
  add_label (self, FIELD_PAUSED, NULL, 0, 4, 5);
  add_label (self, FIELD_TODAY, NULL, 0, 5, 5);
  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    {
      add_label (self, metrics[i].field, "mid-number", (int) i, 6, 1);
      add_caption (self, _ (metrics[i].caption), (int) i, 7);
    }
  add_label (self, FIELD_STAFFING, NULL, 0, 8, 5);
}

const char *
sn_queue_tile_get_queue (SnQueueTile *self)
{
  return self->queue;
}

const char *
sn_queue_tile_get_field (SnQueueTile *self, const char *field)
{
  for (guint i = 0; i < N_FIELDS; i++)
    if (g_str_equal (field_names[i], field))
      return gtk_label_get_text (GTK_LABEL (self->labels[i]));
  return NULL;
}

static void
sn_queue_tile_dispose (GObject *object)
{
  SnQueueTile *self = SN_QUEUE_TILE (object);

  g_clear_pointer (&self->grid, gtk_widget_unparent);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (sn_queue_tile_parent_class)->dispose (object);
}

static void
sn_queue_tile_finalize (GObject *object)
{
  g_free (SN_QUEUE_TILE (object)->queue);
  G_OBJECT_CLASS (sn_queue_tile_parent_class)->finalize (object);
}

static void
sn_queue_tile_class_init (SnQueueTileClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sn_queue_tile_dispose;
  G_OBJECT_CLASS (klass)->finalize = sn_queue_tile_finalize;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "queuetile");
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sn_queue_tile_init (SnQueueTile *self)
{
  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 4);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "tile");
}

GtkWidget *
sn_queue_tile_new (SnContext *context, const char *queue)
{
  SnQueueTile *self = g_object_new (SN_TYPE_QUEUE_TILE, NULL);

  self->context = g_object_ref (context);
  self->queue = g_strdup (queue);
  build (self, queue != NULL ? queue : _ ("Whole center"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  queue != NULL ? queue : _ ("Whole center"), -1);
  sn_queue_tile_update (self);
  return GTK_WIDGET (self);
}
