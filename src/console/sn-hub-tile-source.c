/* sn-hub-tile-source.c — map tiles from the hub's /v1/tiles, for libshumate
 *
 * libshumate's own downloader cannot send our token (and in 1.0.3 not even our user
 * agent), so the map gets its tiles through this data source: one GET per tile on a
 * SoupSession, with the token in a header. libshumate 1.0.3's raster renderer takes the
 * bytes from the "received-data" signal, so the signal is emitted before the task
 * returns them.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sn-hub-tile-source.h"
#include "sn-json.h"

#define DEFAULT_MIN_ZOOM 0
#define DEFAULT_MAX_ZOOM 19
#define MAX_ZOOM 30
#define TILE_SIZE 256

struct _SnHubTileSource
{
  ShumateDataSource parent_instance;

  char *hub_url; /* without a trailing "/" */
  char *token;
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (SnHubTileSource, sn_hub_tile_source, SHUMATE_TYPE_DATA_SOURCE)

enum { PROP_0, PROP_HUB_URL, PROP_TOKEN, PROP_SESSION, N_PROPS };

static GParamSpec *properties[N_PROPS];

typedef struct
{
  int x, y, z;
  SoupMessage *msg;
} TileRequest;

static void
tile_request_free (TileRequest *request)
{
  g_clear_object (&request->msg);
  g_free (request);
}

/* ── callbacks ─────────────────────────────────────────────────────────────────── */

static void
tile_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  TileRequest *request = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes)
      bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint status;

  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  status = soup_message_get_status (request->msg);
  if (status == SOUP_STATUS_NOT_FOUND
      || (status == SOUP_STATUS_OK && g_bytes_get_size (bytes) == 0))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _ ("The hub has no map tile %d/%d/%d"), request->z, request->x,
                             request->y);
  else if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                             _ ("The hub refused the map tiles (HTTP %u)"), status);
  else if (status != SOUP_STATUS_OK)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _ ("The hub answered HTTP %u for map tile %d/%d/%d"), status,
                             request->z, request->x, request->y);
  else
    {
      /* libshumate 1.0.3 draws what this signal carries, not what the task returns. */
      g_signal_emit_by_name (g_task_get_source_object (task), "received-data", request->x,
                             request->y, request->z, bytes);
      g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
    }
}

/* ── overrides ─────────────────────────────────────────────────────────────────── */

static void
sn_hub_tile_source_get_tile_data_async (ShumateDataSource *source, int x, int y, int zoom_level,
                                        GCancellable *cancellable, GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  SnHubTileSource *self = SN_HUB_TILE_SOURCE (source);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = g_strdup_printf ("%s/v1/tiles/%d/%d/%d", self->hub_url, zoom_level, x, y);
  TileRequest *request;

  g_task_set_source_tag (task, sn_hub_tile_source_get_tile_data_async);
  if (x < 0 || y < 0 || zoom_level < 0 || zoom_level > MAX_ZOOM)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _ ("There is no map tile %d/%d/%d"), zoom_level, x, y);
      return;
    }
  request = g_new0 (TileRequest, 1);
  request->x = x;
  request->y = y;
  request->z = zoom_level;
  request->msg = soup_message_new ("GET", url);
  g_task_set_task_data (task, request, (GDestroyNotify) tile_request_free);
  if (request->msg == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _ ("“%s” is not a hub address"), self->hub_url);
      return;
    }
  if (self->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (request->msg),
                                    "Authorization", authorization);
    }
  soup_session_send_and_read_async (self->session, request->msg, G_PRIORITY_DEFAULT, cancellable,
                                    tile_read_cb, g_steal_pointer (&task));
}

static GBytes *
sn_hub_tile_source_get_tile_data_finish (ShumateDataSource *source, GAsyncResult *result,
                                         GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);
  g_return_val_if_fail (
      g_task_get_source_tag (G_TASK (result)) == sn_hub_tile_source_get_tile_data_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sn_hub_tile_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SnHubTileSource *self = SN_HUB_TILE_SOURCE (object);

  switch (prop_id)
    {
      case PROP_HUB_URL:
        g_value_set_string (value, self->hub_url);
        break;
      case PROP_SESSION:
        g_value_set_object (value, self->session);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sn_hub_tile_source_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  SnHubTileSource *self = SN_HUB_TILE_SOURCE (object);
  const char *url;

  switch (prop_id)
    {
      case PROP_HUB_URL:
        url = g_value_get_string (value);
        self->hub_url = g_strdup (url ? url : "");
        if (g_str_has_suffix (self->hub_url, "/"))
          self->hub_url[strlen (self->hub_url) - 1] = '\0';
        break;
      case PROP_TOKEN:
        sn_hub_tile_source_set_token (self, g_value_get_string (value));
        break;
      case PROP_SESSION:
        self->session = g_value_dup_object (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sn_hub_tile_source_constructed (GObject *object)
{
  SnHubTileSource *self = SN_HUB_TILE_SOURCE (object);

  G_OBJECT_CLASS (sn_hub_tile_source_parent_class)->constructed (object);
  if (self->session == NULL)
    self->session = soup_session_new_with_options ("timeout", 30, NULL);
}

static void
sn_hub_tile_source_dispose (GObject *object)
{
  SnHubTileSource *self = SN_HUB_TILE_SOURCE (object);

  g_clear_object (&self->session);
  G_OBJECT_CLASS (sn_hub_tile_source_parent_class)->dispose (object);
}

static void
sn_hub_tile_source_finalize (GObject *object)
{
  SnHubTileSource *self = SN_HUB_TILE_SOURCE (object);

  g_free (self->hub_url);
  g_free (self->token);
  G_OBJECT_CLASS (sn_hub_tile_source_parent_class)->finalize (object);
}

static void
sn_hub_tile_source_class_init (SnHubTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->get_property = sn_hub_tile_source_get_property;
  object_class->set_property = sn_hub_tile_source_set_property;
  object_class->constructed = sn_hub_tile_source_constructed;
  object_class->dispose = sn_hub_tile_source_dispose;
  object_class->finalize = sn_hub_tile_source_finalize;
  source_class->get_tile_data_async = sn_hub_tile_source_get_tile_data_async;
  source_class->get_tile_data_finish = sn_hub_tile_source_get_tile_data_finish;

  properties[PROP_HUB_URL] = g_param_spec_string ("hub-url", NULL, NULL, NULL,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                                      | G_PARAM_STATIC_STRINGS);
  /* Write-only: a secret has no business in a property dump. */
  properties[PROP_TOKEN] = g_param_spec_string (
      "token", NULL, NULL, NULL,
      G_PARAM_WRITABLE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                                      | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sn_hub_tile_source_init (SnHubTileSource *self)
{
}

/* ── public API ────────────────────────────────────────────────────────────────── */

SnHubTileSource *
sn_hub_tile_source_new (const char *hub_url, const char *token, SoupSession *session)
{
  g_return_val_if_fail (hub_url != NULL, NULL);
  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);

  return g_object_new (SN_TYPE_HUB_TILE_SOURCE, "hub-url", hub_url, "token", token, "session",
                       session, NULL);
}

const char *
sn_hub_tile_source_get_hub_url (SnHubTileSource *self)
{
  g_return_val_if_fail (SN_IS_HUB_TILE_SOURCE (self), NULL);
  return self->hub_url;
}

void
sn_hub_tile_source_set_token (SnHubTileSource *self, const char *token)
{
  g_return_if_fail (SN_IS_HUB_TILE_SOURCE (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;
  g_free (self->token);
  self->token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

static guint
metadata_zoom (JsonObject *metadata, const char *name, guint fallback)
{
  gint64 v;

  if (metadata == NULL || !sn_json_get_int (metadata, name, FALSE, &v, NULL))
    return fallback;
  return (guint) CLAMP (v, 0, MAX_ZOOM);
}

ShumateMapSource *
sn_hub_tile_source_new_map_source (const char *hub_url, const char *token, JsonObject *metadata)
{
  g_autoptr (SnHubTileSource) source = NULL;
  const char *name = NULL;
  const char *attribution = NULL;
  guint min_zoom, max_zoom;

  g_return_val_if_fail (hub_url != NULL, NULL);

  source = sn_hub_tile_source_new (hub_url, token, NULL);
  if (metadata != NULL)
    {
      sn_json_get_string (metadata, "name", FALSE, &name, NULL);
      sn_json_get_string (metadata, "attribution", FALSE, &attribution, NULL);
    }
  min_zoom = metadata_zoom (metadata, "minzoom", DEFAULT_MIN_ZOOM);
  max_zoom = MAX (min_zoom, metadata_zoom (metadata, "maxzoom", DEFAULT_MAX_ZOOM));
  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full (
      "shuniu-hub", name ? name : _ ("Hub map"), attribution ? attribution : "", NULL, min_zoom,
      max_zoom, TILE_SIZE, SHUMATE_MAP_PROJECTION_MERCATOR, SHUMATE_DATA_SOURCE (source)));
}
