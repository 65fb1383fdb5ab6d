/* sn-context.c — settings, model, client and the embedded demo hub
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include <libsoup/soup.h>

#include "sn-context.h"
#include "sn-map-data.h"
#include "sn-json.h"

struct _SnContext
{
  GObject parent_instance;

  GSettings *settings;
  SnConsoleModel *model;
  SnClient *client;
  GSubprocess *demo;
  guint tick_source;
  SoupSession *session;
  char *url;
  char *token;
  SnMapData *map_data;
};

G_DEFINE_FINAL_TYPE (SnContext, sn_context, G_TYPE_OBJECT)

typedef struct
{
  GDataInputStream *out;
  char *url;
} DemoData;

static void
demo_data_free (DemoData *d)
{
  g_clear_object (&d->out);
  g_free (d->url);
  g_free (d);
}

/* The hub binary next to ours when running from the build tree, else on PATH. */
static char *
find_hub (void)
{
  const char *env = g_getenv ("SHUNIU_HUB");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : NULL;
  g_autofree char *sibling = dir ? g_build_filename (dir, "..", "hub", "shuniu-hub", NULL) : NULL;
  g_autofree char *installed = dir ? g_build_filename (dir, "shuniu-hub", NULL) : NULL;

  if (env != NULL)
    return g_strdup (env);
  if (installed != NULL && g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);
  if (sibling != NULL && g_file_test (sibling, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&sibling);
  return g_strdup ("shuniu-hub");
}

/* The demo shows a working day: outside 08:00–20:00 in Beijing it starts at 09:30. */
static char *
demo_start (void)
{
  GTimeZone *beijing = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr (GTimeZone) tz = beijing ? beijing : g_time_zone_new_utc ();
  g_autoptr (GDateTime) now = g_date_time_new_now (tz);
  g_autoptr (GDateTime) start = NULL;

  if (g_date_time_get_hour (now) >= 8 && g_date_time_get_hour (now) < 20)
    return g_date_time_format_iso8601 (now);
  start = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now),
                           g_date_time_get_month (now), g_date_time_get_day_of_month (now), 9, 30,
                           0);
  return g_date_time_format_iso8601 (start);
}

static void
apply_thresholds (SnContext *self)
{
  SnAlertThresholds t;

  t.waiting = g_settings_get_uint (self->settings, "alert-waiting");
  t.longest_wait = g_settings_get_uint (self->settings, "alert-longest-wait");
  t.amber_fraction = g_settings_get_uint (self->settings, "alert-amber-percent") / 100.0;
  sn_console_model_set_thresholds (self->model, &t);
}

static void
line_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SnContext *self = g_task_get_source_object (task);
  DemoData *d = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, &error);

  if (line == NULL)
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _ ("The demo hub stopped before it was ready"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (d->url == NULL)
    {
      /* First the URL, then the supervisor token. */
      d->url = g_steal_pointer (&line);
      g_data_input_stream_read_line_async (d->out, G_PRIORITY_DEFAULT,
                                           g_task_get_cancellable (task), line_read_cb,
                                           g_object_ref (task));
      return;
    }
  sn_context_connect (self, d->url, line);
  g_task_return_boolean (task, TRUE);
}

void
sn_context_start_demo_async (SnContext *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  g_autofree char *hub = find_hub ();
  g_autofree char *start = NULL;
  DemoData *d = g_new0 (DemoData, 1);

  g_task_set_source_tag (task, sn_context_start_demo_async);
  g_task_set_task_data (task, d, (GDestroyNotify) demo_data_free);
  sn_context_stop_demo (self);
  start = demo_start ();
  self->demo = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, hub, "serve", "--simulate",
                                 "normal", "--demo-token", "--listen", "127.0.0.1:0", "--name",
                                 _ ("Shuniu demo"), "--start", start, NULL);
  if (self->demo == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  d->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->demo));
  g_data_input_stream_read_line_async (d->out, G_PRIORITY_DEFAULT, cancellable, line_read_cb,
                                       g_steal_pointer (&task));
}

gboolean
sn_context_start_demo_finish (SnContext *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sn_context_is_demo (SnContext *self)
{
  return self->demo != NULL;
}

void
sn_context_stop_demo (SnContext *self)
{
  if (self->demo == NULL)
    return;
  sn_client_disconnect (self->client);
  g_subprocess_send_signal (self->demo, SIGTERM);
  g_subprocess_wait (self->demo, NULL, NULL);
  g_clear_object (&self->demo);
}

static gboolean
tick_cb (gpointer user_data)
{
  SnContext *self = user_data;

  sn_console_model_tick (self->model, sn_context_get_now (self));
  return G_SOURCE_CONTINUE;
}

void
sn_context_connect (SnContext *self, const char *url, const char *token)
{
  g_return_if_fail (SN_IS_CONTEXT (self));

  g_free (self->url);
  self->url = g_strdup (url);
  g_free (self->token);
  self->token = g_strdup (token);
  sn_client_connect (self->client, url, token);
}

SnMapData *
sn_context_get_map_data (SnContext *self)
{
  g_return_val_if_fail (SN_IS_CONTEXT (self), NULL);
  if (self->map_data == NULL)
    self->map_data = sn_map_data_new (self->model);
  return self->map_data;
}

const char *
sn_context_get_url (SnContext *self)
{
  g_return_val_if_fail (SN_IS_CONTEXT (self), NULL);
  return self->url;
}

const char *
sn_context_get_token (SnContext *self)
{
  g_return_val_if_fail (SN_IS_CONTEXT (self), NULL);
  return self->token;
}

static void
got_json_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes)
      body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  JsonNode *root;

  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("The hub answered %u %s"),
                               soup_message_get_status (msg), soup_message_get_reason_phrase (msg));
      return;
    }
  root = sn_json_parse_bounded (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                16 * 1024 * 1024, SN_JSON_MAX_DEPTH, &error);
  if (root == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

void
sn_context_get_json_async (SnContext *self, const char *path, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *uri = NULL;
  g_autofree char *auth = NULL;
  g_autoptr (SoupMessage) msg = NULL;

  g_task_set_source_tag (task, sn_context_get_json_async);
  if (self->url == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _ ("Not connected to a hub"));
      g_object_unref (task);
      return;
    }
  uri = g_strconcat (self->url, path, NULL);
  msg = soup_message_new ("GET", uri);
  auth = g_strconcat ("Bearer ", self->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    got_json_cb, task);
}

JsonNode *
sn_context_get_json_finish (SnContext *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GSettings *
sn_context_get_settings (SnContext *self)
{
  return self->settings;
}

SnConsoleModel *
sn_context_get_model (SnContext *self)
{
  return self->model;
}

SnClient *
sn_context_get_client (SnContext *self)
{
  return self->client;
}

gint64
sn_context_get_now (SnContext *self)
{
  /* The hub's clock: estimated from its welcome, or further on when its events say so (a
   * demo hub simulating faster than real time). */
  return MAX (sn_client_get_hub_time (self->client), sn_console_model_get_now (self->model));
}

static void
sn_context_dispose (GObject *object)
{
  SnContext *self = SN_CONTEXT (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->client != NULL)
    sn_context_stop_demo (self);
  g_clear_object (&self->map_data);
  g_clear_object (&self->client);
  g_clear_object (&self->model);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->token, g_free);
  G_OBJECT_CLASS (sn_context_parent_class)->dispose (object);
}

static void
sn_context_class_init (SnContextClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sn_context_dispose;
}

static void
sn_context_init (SnContext *self)
{
  self->session = soup_session_new_with_options ("timeout", 30, NULL);
}

SnContext *
sn_context_new (GSettings *settings)
{
  SnContext *self = g_object_new (SN_TYPE_CONTEXT, NULL);

  self->settings = g_object_ref (settings);
  self->model = sn_console_model_new ();
  self->client = sn_client_new (self->model);
  apply_thresholds (self);
  g_signal_connect_object (settings, "changed::alert-waiting", G_CALLBACK (apply_thresholds), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::alert-longest-wait", G_CALLBACK (apply_thresholds),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::alert-amber-percent", G_CALLBACK (apply_thresholds),
                           self, G_CONNECT_SWAPPED);
  self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
  return self;
}
