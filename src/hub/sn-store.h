/* sn-store.h — where the hub keeps its state: work orders, the event log, processed
 * commands, the audit log, tokens and call-center state
 *
 * An interface so a second implementation (PostgreSQL) fits beside SQLite. All writes
 * happen between begin() and commit(); a group of writes that must stand or fall together
 * inside a transaction uses savepoint()/release()/rollback_to().
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SN_STORE_ERROR (sn_store_error_quark ())
GQuark sn_store_error_quark (void);

typedef enum {
  SN_STORE_ERROR_OPEN,
  SN_STORE_ERROR_SCHEMA,
  SN_STORE_ERROR_IO,
  SN_STORE_ERROR_NOT_FOUND,
} SnStoreError;

typedef struct
{
  char *id; /* short public id, for list and revoke */
  char *role;
  char *name;
  char **districts; /* NULL when not scoped */
  gint64 created;
  gint64 revoked; /* 0 when valid */
} SnTokenInfo;

void sn_token_info_free (SnTokenInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnTokenInfo, sn_token_info_free)

typedef struct
{
  gint64 time;
  const char *actor; /* token name or "cli" */
  const char *token_id;
  const char *role;
  const char *action; /* "reassign", "token.create", "auth", … */
  const char *ticket;
  const char *command_id;
  const char *origin; /* peer address and transport: "ws 127.0.0.1:5123" */
  const char *outcome; /* "ok" or an error code */
  const char *reason;
} SnAuditRecord;

/* Callbacks return FALSE to stop. */
typedef gboolean (*SnStoreTicketFunc) (const char *id, const char *json, gpointer user_data);
typedef gboolean (*SnStoreEventFunc) (gint64 seq, const char *district, const char *json,
                                      gpointer user_data);
typedef gboolean (*SnStoreCallFunc) (gint64 id, const char *json, gpointer user_data);

#define SN_TYPE_STORE (sn_store_get_type ())
G_DECLARE_INTERFACE (SnStore, sn_store, SN, STORE, GObject)

struct _SnStoreInterface
{
  GTypeInterface parent_iface;

  const char *(*get_epoch) (SnStore *self);
  gint64 (*get_head_seq) (SnStore *self);
  gint64 (*get_oldest_seq) (SnStore *self);

  gboolean (*begin) (SnStore *self, GError **error);
  gboolean (*commit) (SnStore *self, GError **error);
  void (*rollback) (SnStore *self);
  gboolean (*savepoint) (SnStore *self, GError **error);
  gboolean (*release) (SnStore *self, GError **error);
  void (*rollback_to) (SnStore *self);

  gboolean (*load_tickets) (SnStore *self, SnStoreTicketFunc func, gpointer user_data,
                            GError **error);
  gboolean (*put_ticket) (SnStore *self, const char *id, const char *district, const char *json,
                          GError **error);
  /* @build is called with the new seq to produce the stored text, which stays owned by
   * the caller (it may keep it in @data to send it). */
  gint64 (*append_event) (SnStore *self, gint64 time, const char *kind, const char *district,
                          const char *(*build) (gint64 seq, gpointer data), gpointer data,
                          GError **error);
  gboolean (*read_events) (SnStore *self, gint64 after, guint limit, SnStoreEventFunc func,
                           gpointer user_data, GError **error);
  gboolean (*prune) (SnStore *self, gint64 events_before, gint64 commands_before, GError **error);

  char *(*lookup_command) (SnStore *self, const char *id, GError **error);
  gboolean (*record_command) (SnStore *self, const char *id, gint64 time, const char *outcome,
                              GError **error);
  gboolean (*append_audit) (SnStore *self, const SnAuditRecord *record, GError **error);
  /* JSON array text of audit records with id > @after, oldest first. */
  char *(*list_audit) (SnStore *self, gint64 after, guint limit, GError **error);

  gboolean (*create_token) (SnStore *self, const SnTokenInfo *info, const char *hash,
                            GError **error);
  SnTokenInfo *(*find_token) (SnStore *self, const char *hash, GError **error);
  GPtrArray *(*list_tokens) (SnStore *self, GError **error);
  gboolean (*revoke_token) (SnStore *self, const char *id, gint64 time, GError **error);

  /* The call-center journal: raw call events since the last checkpoint of the state. */
  gint64 (*append_call_event) (SnStore *self, const char *json, GError **error);
  gboolean (*read_call_events) (SnStore *self, gint64 after, SnStoreCallFunc func,
                                gpointer user_data, GError **error);
  gboolean (*trim_call_events) (SnStore *self, gint64 upto, GError **error);

  char *(*get_state) (SnStore *self, const char *key, GError **error);
  gboolean (*put_state) (SnStore *self, const char *key, const char *value, GError **error);
};

const char *sn_store_get_epoch (SnStore *self);
gint64 sn_store_get_head_seq (SnStore *self);
gint64 sn_store_get_oldest_seq (SnStore *self);
gboolean sn_store_begin (SnStore *self, GError **error);
gboolean sn_store_commit (SnStore *self, GError **error);
void sn_store_rollback (SnStore *self);
gboolean sn_store_savepoint (SnStore *self, GError **error);
gboolean sn_store_release (SnStore *self, GError **error);
void sn_store_rollback_to (SnStore *self);
gboolean sn_store_load_tickets (SnStore *self, SnStoreTicketFunc func, gpointer user_data,
                                GError **error);
gboolean sn_store_put_ticket (SnStore *self, const char *id, const char *district, const char *json,
                              GError **error);
gint64 sn_store_append_event (SnStore *self, gint64 time, const char *kind, const char *district,
                              const char *(*build) (gint64 seq, gpointer data), gpointer data,
                              GError **error);
gboolean sn_store_read_events (SnStore *self, gint64 after, guint limit, SnStoreEventFunc func,
                               gpointer user_data, GError **error);
gboolean sn_store_prune (SnStore *self, gint64 events_before, gint64 commands_before,
                         GError **error);
char *sn_store_lookup_command (SnStore *self, const char *id, GError **error);
gboolean sn_store_record_command (SnStore *self, const char *id, gint64 time, const char *outcome,
                                  GError **error);
gboolean sn_store_append_audit (SnStore *self, const SnAuditRecord *record, GError **error);
char *sn_store_list_audit (SnStore *self, gint64 after, guint limit, GError **error);
gboolean sn_store_create_token (SnStore *self, const SnTokenInfo *info, const char *hash,
                                GError **error);
SnTokenInfo *sn_store_find_token (SnStore *self, const char *hash, GError **error);
GPtrArray *sn_store_list_tokens (SnStore *self, GError **error);
gboolean sn_store_revoke_token (SnStore *self, const char *id, gint64 time, GError **error);
gint64 sn_store_append_call_event (SnStore *self, const char *json, GError **error);
gboolean sn_store_read_call_events (SnStore *self, gint64 after, SnStoreCallFunc func,
                                    gpointer user_data, GError **error);
gboolean sn_store_trim_call_events (SnStore *self, gint64 upto, GError **error);
char *sn_store_get_state (SnStore *self, const char *key, GError **error);
gboolean sn_store_put_state (SnStore *self, const char *key, const char *value, GError **error);

G_END_DECLS
