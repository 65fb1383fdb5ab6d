/* sn-store.c — the store interface
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-store.h"

G_DEFINE_QUARK (sn_store_error_quark, sn_store_error)
G_DEFINE_INTERFACE (SnStore, sn_store, G_TYPE_OBJECT)

static void
sn_store_default_init (SnStoreInterface *iface)
{
}

void
sn_token_info_free (SnTokenInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->role);
  g_free (info->name);
  g_strfreev (info->districts);
  g_free (info);
}

#define IFACE(self) (SN_STORE_GET_IFACE (self))

const char *
sn_store_get_epoch (SnStore *self)
{
  g_return_val_if_fail (SN_IS_STORE (self), NULL);
  return IFACE (self)->get_epoch (self);
}

gint64
sn_store_get_head_seq (SnStore *self)
{
  g_return_val_if_fail (SN_IS_STORE (self), 0);
  return IFACE (self)->get_head_seq (self);
}

gint64
sn_store_get_oldest_seq (SnStore *self)
{
  g_return_val_if_fail (SN_IS_STORE (self), 0);
  return IFACE (self)->get_oldest_seq (self);
}

gboolean
sn_store_begin (SnStore *self, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->begin (self, error);
}

gboolean
sn_store_commit (SnStore *self, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->commit (self, error);
}

void
sn_store_rollback (SnStore *self)
{
  g_return_if_fail (SN_IS_STORE (self));
  IFACE (self)->rollback (self);
}

gboolean
sn_store_savepoint (SnStore *self, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->savepoint (self, error);
}

gboolean
sn_store_release (SnStore *self, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->release (self, error);
}

void
sn_store_rollback_to (SnStore *self)
{
  g_return_if_fail (SN_IS_STORE (self));
  IFACE (self)->rollback_to (self);
}

gboolean
sn_store_load_tickets (SnStore *self, SnStoreTicketFunc func, gpointer user_data, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->load_tickets (self, func, user_data, error);
}

gboolean
sn_store_put_ticket (SnStore *self, const char *id, const char *district, const char *json,
                     GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->put_ticket (self, id, district, json, error);
}

gint64
sn_store_append_event (SnStore *self, gint64 time, const char *kind, const char *district,
                       const char *(*build) (gint64 seq, gpointer data), gpointer data,
                       GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), 0);
  return IFACE (self)->append_event (self, time, kind, district, build, data, error);
}

gboolean
sn_store_read_events (SnStore *self, gint64 after, guint limit, SnStoreEventFunc func,
                      gpointer user_data, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->read_events (self, after, limit, func, user_data, error);
}

gboolean
sn_store_prune (SnStore *self, gint64 events_before, gint64 commands_before, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->prune (self, events_before, commands_before, error);
}

char *
sn_store_lookup_command (SnStore *self, const char *id, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), NULL);
  return IFACE (self)->lookup_command (self, id, error);
}

gboolean
sn_store_record_command (SnStore *self, const char *id, gint64 time, const char *outcome,
                         GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->record_command (self, id, time, outcome, error);
}

gboolean
sn_store_append_audit (SnStore *self, const SnAuditRecord *record, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->append_audit (self, record, error);
}

char *
sn_store_list_audit (SnStore *self, gint64 after, guint limit, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), NULL);
  return IFACE (self)->list_audit (self, after, limit, error);
}

gboolean
sn_store_create_token (SnStore *self, const SnTokenInfo *info, const char *hash, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->create_token (self, info, hash, error);
}

SnTokenInfo *
sn_store_find_token (SnStore *self, const char *hash, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), NULL);
  return IFACE (self)->find_token (self, hash, error);
}

GPtrArray *
sn_store_list_tokens (SnStore *self, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), NULL);
  return IFACE (self)->list_tokens (self, error);
}

gboolean
sn_store_revoke_token (SnStore *self, const char *id, gint64 time, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->revoke_token (self, id, time, error);
}

gint64
sn_store_append_call_event (SnStore *self, const char *json, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), 0);
  return IFACE (self)->append_call_event (self, json, error);
}

gboolean
sn_store_read_call_events (SnStore *self, gint64 after, SnStoreCallFunc func, gpointer user_data,
                           GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->read_call_events (self, after, func, user_data, error);
}

gboolean
sn_store_trim_call_events (SnStore *self, gint64 upto, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->trim_call_events (self, upto, error);
}

char *
sn_store_get_state (SnStore *self, const char *key, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), NULL);
  return IFACE (self)->get_state (self, key, error);
}

gboolean
sn_store_put_state (SnStore *self, const char *key, const char *value, GError **error)
{
  g_return_val_if_fail (SN_IS_STORE (self), FALSE);
  return IFACE (self)->put_state (self, key, value, error);
}
