/* sn-store-sqlite.c — the SQLite store (WAL mode), the embedded default
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "sn-store-sqlite.h"

typedef enum {
  STMT_PUT_TICKET,
  STMT_APPEND_EVENT,
  STMT_READ_EVENTS,
  STMT_LOOKUP_COMMAND,
  STMT_RECORD_COMMAND,
  STMT_APPEND_AUDIT,
  STMT_FIND_TOKEN,
  STMT_GET_STATE,
  STMT_PUT_STATE,
  STMT_APPEND_CALL,
  N_STMTS
} StmtId;

static const char *const stmt_sql[N_STMTS] = {
  "INSERT OR REPLACE INTO tickets (id, district, json) VALUES (?1, ?2, ?3)",
  "INSERT INTO events (seq, time, kind, district, json) VALUES (?1, ?2, ?3, ?4, ?5)",
  "SELECT seq, district, json FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2",
  "SELECT outcome FROM commands WHERE id = ?1",
  "INSERT INTO commands (id, time, outcome) VALUES (?1, ?2, ?3)",
  "INSERT INTO audit (time, actor, token_id, role, action, ticket, command_id, origin, "
  "outcome, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
  "SELECT id, role, name, districts, created, revoked FROM tokens WHERE hash = ?1",
  "SELECT value FROM state WHERE key = ?1",
  "INSERT OR REPLACE INTO state (key, value) VALUES (?1, ?2)",
  "INSERT INTO call_log (json) VALUES (?1)",
};

/* Each entry moves the schema one version up; never edit a released entry. */
static const char *const migrations[] = {
  /* 1 */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE tickets (id TEXT PRIMARY KEY, district TEXT, json TEXT NOT NULL);"
  "CREATE TABLE events (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, kind TEXT NOT NULL,"
  "  district TEXT, json TEXT NOT NULL);"
  "CREATE INDEX events_time ON events (time);"
  "CREATE TRIGGER events_append_only BEFORE UPDATE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"
  "CREATE TABLE commands (id TEXT PRIMARY KEY, time INTEGER NOT NULL, outcome TEXT NOT NULL);"
  "CREATE INDEX commands_time ON commands (time);"
  "CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL,"
  "  actor TEXT, token_id TEXT, role TEXT, action TEXT NOT NULL, ticket TEXT,"
  "  command_id TEXT, origin TEXT, outcome TEXT NOT NULL, reason TEXT);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TABLE tokens (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL,"
  "  name TEXT NOT NULL, districts TEXT, created INTEGER NOT NULL,"
  "  revoked INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
  /* 2: call events are journaled; the call-center state is checkpointed now and then */
  "CREATE TABLE call_log (id INTEGER PRIMARY KEY AUTOINCREMENT, json TEXT NOT NULL);",
};

struct _SnStoreSqlite
{
  GObject parent_instance;

  sqlite3 *db;
  sqlite3_stmt *stmts[N_STMTS];
  char *epoch;
  gint64 head_seq;
  gint64 head_at_begin;
  gint64 head_at_savepoint;
};

static void sn_store_sqlite_iface_init (SnStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SnStoreSqlite, sn_store_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SN_TYPE_STORE, sn_store_sqlite_iface_init))

static gboolean
fail (SnStoreSqlite *self, GError **error, int code, const char *what)
{
  g_set_error (error, SN_STORE_ERROR, code, _ ("Database error while %s: %s"), what,
               sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (SnStoreSqlite *self, const char *sql, GError **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, SN_STORE_ERROR, SN_STORE_ERROR_IO, _ ("Database error: %s"), msg);
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
stmt (SnStoreSqlite *self, StmtId id)
{
  sqlite3_stmt *s = self->stmts[id];

  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  return s;
}

static void
bind_text (sqlite3_stmt *s, int i, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (s, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (s, i);
}

static char *
dup_column (sqlite3_stmt *s, int i)
{
  return g_strdup ((const char *) sqlite3_column_text (s, i));
}

static gint64
query_int (SnStoreSqlite *self, const char *sql)
{
  sqlite3_stmt *s = NULL;
  gint64 v = 0;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &s, NULL) == SQLITE_OK
      && sqlite3_step (s) == SQLITE_ROW)
    v = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  return v;
}

static gboolean
migrate (SnStoreSqlite *self, GError **error)
{
  gint64 version = query_int (self, "PRAGMA user_version");

  if (version > (gint64) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, SN_STORE_ERROR, SN_STORE_ERROR_SCHEMA,
                   _ ("The database has schema version %lld, newer than this hub knows (%u)"),
                   (long long) version, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }
  for (gint64 v = version; v < (gint64) G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, v + 1);

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec (self, migrations[v], error) || !exec (self, bump, error))
        {
          exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!exec (self, "COMMIT", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_epoch (SnStoreSqlite *self, GError **error)
{
  sqlite3_stmt *s = NULL;

  sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = 'epoch'", -1, &s, NULL);
  if (sqlite3_step (s) == SQLITE_ROW)
    self->epoch = dup_column (s, 0);
  sqlite3_finalize (s);
  if (self->epoch == NULL)
    {
      /* A fresh database starts a new history. */
      g_autofree char *sql = NULL;

      self->epoch = g_uuid_string_random ();
      sql = g_strdup_printf ("INSERT INTO meta (key, value) VALUES ('epoch', '%s')", self->epoch);
      if (!exec (self, sql, error))
        return FALSE;
    }
  self->head_seq = query_int (self, "SELECT COALESCE (MAX (seq), 0) FROM events");
  return TRUE;
}

static gboolean
prepare_all (SnStoreSqlite *self, GError **error)
{
  for (guint i = 0; i < N_STMTS; i++)
    if (sqlite3_prepare_v3 (self->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &self->stmts[i],
                            NULL)
        != SQLITE_OK)
      return fail (self, error, SN_STORE_ERROR_SCHEMA, _ ("preparing statements"));
  return TRUE;
}

SnStore *
sn_store_sqlite_open (const char *path, gboolean full_sync, GError **error)
{
  g_autoptr (SnStoreSqlite) self = g_object_new (SN_TYPE_STORE_SQLITE, NULL);
  g_autofree char *pragmas = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, SN_STORE_ERROR, SN_STORE_ERROR_OPEN,
                   _ ("Cannot open the database “%s”: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  pragmas = g_strdup_printf ("PRAGMA journal_mode = WAL; PRAGMA synchronous = %s;",
                             full_sync ? "FULL" : "NORMAL");
  if (!exec (self, pragmas, error) || !migrate (self, error) || !load_epoch (self, error)
      || !prepare_all (self, error))
    {
      g_prefix_error (error, _ ("Cannot use the database “%s”: "), path);
      return NULL;
    }
  return SN_STORE (g_steal_pointer (&self));
}

static const char *
sqlite_get_epoch (SnStore *store)
{
  return SN_STORE_SQLITE (store)->epoch;
}

static gint64
sqlite_get_head_seq (SnStore *store)
{
  return SN_STORE_SQLITE (store)->head_seq;
}

static gint64
sqlite_get_oldest_seq (SnStore *store)
{
  return query_int (SN_STORE_SQLITE (store), "SELECT COALESCE (MIN (seq), 0) FROM events");
}

static gboolean
sqlite_begin (SnStore *store, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);

  self->head_at_begin = self->head_seq;
  return exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
sqlite_commit (SnStore *store, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);

  if (!exec (self, "COMMIT", error))
    {
      exec (self, "ROLLBACK", NULL);
      self->head_seq = self->head_at_begin;
      return FALSE;
    }
  return TRUE;
}

static void
sqlite_rollback (SnStore *store)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);

  exec (self, "ROLLBACK", NULL);
  self->head_seq = self->head_at_begin;
}

static gboolean
sqlite_savepoint (SnStore *store, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);

  self->head_at_savepoint = self->head_seq;
  return exec (self, "SAVEPOINT op", error);
}

static gboolean
sqlite_release (SnStore *store, GError **error)
{
  return exec (SN_STORE_SQLITE (store), "RELEASE op", error);
}

static void
sqlite_rollback_to (SnStore *store)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);

  exec (self, "ROLLBACK TO op; RELEASE op", NULL);
  self->head_seq = self->head_at_savepoint;
}

static gboolean
sqlite_load_tickets (SnStore *store, SnStoreTicketFunc func, gpointer user_data, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT id, json FROM tickets", -1, &s, NULL) != SQLITE_OK)
    return fail (self, error, SN_STORE_ERROR_IO, _ ("reading work orders"));
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    if (!func ((const char *) sqlite3_column_text (s, 0), (const char *) sqlite3_column_text (s, 1),
               user_data))
      break;
  sqlite3_finalize (s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return fail (self, error, SN_STORE_ERROR_IO, _ ("reading work orders"));
  return TRUE;
}

static gboolean
step_done (SnStoreSqlite *self, sqlite3_stmt *s, GError **error, const char *what)
{
  int rc = sqlite3_step (s);

  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return fail (self, error, SN_STORE_ERROR_IO, what);
  return TRUE;
}

static gboolean
sqlite_put_ticket (SnStore *store, const char *id, const char *district, const char *json,
                   GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = stmt (self, STMT_PUT_TICKET);

  bind_text (s, 1, id);
  bind_text (s, 2, district);
  bind_text (s, 3, json);
  return step_done (self, s, error, _ ("writing a work order"));
}

static gint64
sqlite_append_event (SnStore *store, gint64 time, const char *kind, const char *district,
                     const char *(*build) (gint64 seq, gpointer data), gpointer data,
                     GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = stmt (self, STMT_APPEND_EVENT);
  gint64 seq = self->head_seq + 1;
  const char *text = build (seq, data);

  sqlite3_bind_int64 (s, 1, seq);
  sqlite3_bind_int64 (s, 2, time);
  bind_text (s, 3, kind);
  bind_text (s, 4, district);
  sqlite3_bind_text (s, 5, text, -1, SQLITE_STATIC);
  if (!step_done (self, s, error, _ ("appending to the event log")))
    return 0;
  self->head_seq = seq;
  return seq;
}

static gboolean
sqlite_read_events (SnStore *store, gint64 after, guint limit, SnStoreEventFunc func,
                    gpointer user_data, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = stmt (self, STMT_READ_EVENTS);
  int rc;

  sqlite3_bind_int64 (s, 1, after);
  sqlite3_bind_int64 (s, 2, limit);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    if (!func (sqlite3_column_int64 (s, 0), (const char *) sqlite3_column_text (s, 1),
               (const char *) sqlite3_column_text (s, 2), user_data))
      break;
  sqlite3_reset (s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return fail (self, error, SN_STORE_ERROR_IO, _ ("reading the event log"));
  return TRUE;
}

static gboolean
sqlite_prune (SnStore *store, gint64 events_before, gint64 commands_before, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  g_autofree char *sql = NULL;

  /* Keep the newest event whatever its age, so the head seq survives a restart. */
  sql = g_strdup_printf ("DELETE FROM events WHERE time < %" G_GINT64_FORMAT
                         " AND seq < (SELECT MAX (seq) FROM events);"
                         "DELETE FROM commands WHERE time < %" G_GINT64_FORMAT ";",
                         events_before, commands_before);
  return exec (self, sql, error);
}

static char *
sqlite_lookup_command (SnStore *store, const char *id, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = stmt (self, STMT_LOOKUP_COMMAND);
  char *outcome = NULL;
  int rc;

  bind_text (s, 1, id);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    outcome = dup_column (s, 0);
  else if (rc != SQLITE_DONE)
    fail (self, error, SN_STORE_ERROR_IO, _ ("looking up a command"));
  sqlite3_reset (s);
  return outcome;
}

static gboolean
sqlite_record_command (SnStore *store, const char *id, gint64 time, const char *outcome,
                       GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = stmt (self, STMT_RECORD_COMMAND);

  bind_text (s, 1, id);
  sqlite3_bind_int64 (s, 2, time);
  bind_text (s, 3, outcome);
  return step_done (self, s, error, _ ("recording a command"));
}

static gboolean
sqlite_append_audit (SnStore *store, const SnAuditRecord *r, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = stmt (self, STMT_APPEND_AUDIT);

  sqlite3_bind_int64 (s, 1, r->time);
  bind_text (s, 2, r->actor);
  bind_text (s, 3, r->token_id);
  bind_text (s, 4, r->role);
  bind_text (s, 5, r->action);
  bind_text (s, 6, r->ticket);
  bind_text (s, 7, r->command_id);
  bind_text (s, 8, r->origin);
  bind_text (s, 9, r->outcome);
  bind_text (s, 10, r->reason);
  return step_done (self, s, error, _ ("writing the audit log"));
}

static char *
sqlite_list_audit (SnStore *store, gint64 after, guint limit, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = NULL;
  char *json = NULL;
  const char *sql =
      "SELECT COALESCE (json_group_array (json_object ('id', id, 'time', strftime "
      "('%Y-%m-%dT%H:%M:%SZ', time, 'unixepoch'), 'actor', actor, 'token_id', token_id, "
      "'role', role, 'action', action, 'ticket', ticket, 'command_id', command_id, 'origin', "
      "origin, 'outcome', outcome, 'reason', reason)), '[]') FROM (SELECT * FROM audit "
      "WHERE id > ?1 ORDER BY id LIMIT ?2)";

  if (sqlite3_prepare_v2 (self->db, sql, -1, &s, NULL) != SQLITE_OK)
    {
      fail (self, error, SN_STORE_ERROR_IO, _ ("reading the audit log"));
      return NULL;
    }
  sqlite3_bind_int64 (s, 1, after);
  sqlite3_bind_int64 (s, 2, limit);
  if (sqlite3_step (s) == SQLITE_ROW)
    json = dup_column (s, 0);
  else
    fail (self, error, SN_STORE_ERROR_IO, _ ("reading the audit log"));
  sqlite3_finalize (s);
  return json;
}

static gboolean
sqlite_create_token (SnStore *store, const SnTokenInfo *info, const char *hash, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  g_autofree char *districts = info->districts ? g_strjoinv (",", info->districts) : NULL;
  sqlite3_stmt *s = NULL;
  gboolean ok;

  sqlite3_prepare_v2 (self->db,
                      "INSERT INTO tokens (id, hash, role, name, districts, created) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      -1, &s, NULL);
  bind_text (s, 1, info->id);
  bind_text (s, 2, hash);
  bind_text (s, 3, info->role);
  bind_text (s, 4, info->name);
  bind_text (s, 5, districts);
  sqlite3_bind_int64 (s, 6, info->created);
  ok = sqlite3_step (s) == SQLITE_DONE;
  sqlite3_finalize (s);
  return ok ? TRUE : fail (self, error, SN_STORE_ERROR_IO, _ ("creating a token"));
}

static SnTokenInfo *
token_from_row (sqlite3_stmt *s)
{
  SnTokenInfo *info = g_new0 (SnTokenInfo, 1);
  const char *districts = (const char *) sqlite3_column_text (s, 3);

  info->id = dup_column (s, 0);
  info->role = dup_column (s, 1);
  info->name = dup_column (s, 2);
  info->districts = districts != NULL && *districts ? g_strsplit (districts, ",", -1) : NULL;
  info->created = sqlite3_column_int64 (s, 4);
  info->revoked = sqlite3_column_int64 (s, 5);
  return info;
}

static SnTokenInfo *
sqlite_find_token (SnStore *store, const char *hash, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = stmt (self, STMT_FIND_TOKEN);
  SnTokenInfo *info = NULL;
  int rc;

  bind_text (s, 1, hash);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    info = token_from_row (s);
  else if (rc != SQLITE_DONE)
    fail (self, error, SN_STORE_ERROR_IO, _ ("looking up a token"));
  sqlite3_reset (s);
  return info;
}

static GPtrArray *
sqlite_list_tokens (SnStore *store, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = NULL;
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) sn_token_info_free);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT id, role, name, districts, created, revoked FROM tokens "
                          "ORDER BY created, id",
                          -1, &s, NULL)
      != SQLITE_OK)
    {
      g_ptr_array_unref (list);
      fail (self, error, SN_STORE_ERROR_IO, _ ("listing tokens"));
      return NULL;
    }
  while (sqlite3_step (s) == SQLITE_ROW)
    g_ptr_array_add (list, token_from_row (s));
  sqlite3_finalize (s);
  return list;
}

static gboolean
sqlite_revoke_token (SnStore *store, const char *id, gint64 time, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = NULL;
  int changes;

  sqlite3_prepare_v2 (self->db, "UPDATE tokens SET revoked = ?2 WHERE id = ?1 AND revoked = 0", -1,
                      &s, NULL);
  bind_text (s, 1, id);
  sqlite3_bind_int64 (s, 2, time);
  if (sqlite3_step (s) != SQLITE_DONE)
    {
      sqlite3_finalize (s);
      return fail (self, error, SN_STORE_ERROR_IO, _ ("revoking a token"));
    }
  sqlite3_finalize (s);
  changes = sqlite3_changes (self->db);
  if (changes == 0)
    {
      g_set_error (error, SN_STORE_ERROR, SN_STORE_ERROR_NOT_FOUND,
                   _ ("No valid token has the id “%s”"), id);
      return FALSE;
    }
  return TRUE;
}

static gint64
sqlite_append_call_event (SnStore *store, const char *json, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = stmt (self, STMT_APPEND_CALL);

  bind_text (s, 1, json);
  if (!step_done (self, s, error, _ ("journaling a call event")))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

static gboolean
sqlite_read_call_events (SnStore *store, gint64 after, SnStoreCallFunc func, gpointer user_data,
                         GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT id, json FROM call_log WHERE id > ?1 ORDER BY id", -1,
                          &s, NULL)
      != SQLITE_OK)
    return fail (self, error, SN_STORE_ERROR_IO, _ ("reading the call journal"));
  sqlite3_bind_int64 (s, 1, after);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    if (!func (sqlite3_column_int64 (s, 0), (const char *) sqlite3_column_text (s, 1), user_data))
      break;
  sqlite3_finalize (s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return fail (self, error, SN_STORE_ERROR_IO, _ ("reading the call journal"));
  return TRUE;
}

static gboolean
sqlite_trim_call_events (SnStore *store, gint64 upto, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM call_log WHERE id <= %" G_GINT64_FORMAT,
                                          upto);

  return exec (SN_STORE_SQLITE (store), sql, error);
}

static char *
sqlite_get_state (SnStore *store, const char *key, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = stmt (self, STMT_GET_STATE);
  char *value = NULL;
  int rc;

  bind_text (s, 1, key);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    value = dup_column (s, 0);
  else if (rc != SQLITE_DONE)
    fail (self, error, SN_STORE_ERROR_IO, _ ("reading state"));
  sqlite3_reset (s);
  return value;
}

static gboolean
sqlite_put_state (SnStore *store, const char *key, const char *value, GError **error)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (store);
  sqlite3_stmt *s = stmt (self, STMT_PUT_STATE);

  bind_text (s, 1, key);
  bind_text (s, 2, value);
  return step_done (self, s, error, _ ("writing state"));
}

static void
sn_store_sqlite_finalize (GObject *object)
{
  SnStoreSqlite *self = SN_STORE_SQLITE (object);

  for (guint i = 0; i < N_STMTS; i++)
    sqlite3_finalize (self->stmts[i]);
  sqlite3_close (self->db);
  g_free (self->epoch);
  G_OBJECT_CLASS (sn_store_sqlite_parent_class)->finalize (object);
}

static void
sn_store_sqlite_iface_init (SnStoreInterface *iface)
{
  iface->get_epoch = sqlite_get_epoch;
  iface->get_head_seq = sqlite_get_head_seq;
  iface->get_oldest_seq = sqlite_get_oldest_seq;
  iface->begin = sqlite_begin;
  iface->commit = sqlite_commit;
  iface->rollback = sqlite_rollback;
  iface->savepoint = sqlite_savepoint;
  iface->release = sqlite_release;
  iface->rollback_to = sqlite_rollback_to;
  iface->load_tickets = sqlite_load_tickets;
  iface->put_ticket = sqlite_put_ticket;
  iface->append_event = sqlite_append_event;
  iface->read_events = sqlite_read_events;
  iface->prune = sqlite_prune;
  iface->lookup_command = sqlite_lookup_command;
  iface->record_command = sqlite_record_command;
  iface->append_audit = sqlite_append_audit;
  iface->list_audit = sqlite_list_audit;
  iface->create_token = sqlite_create_token;
  iface->find_token = sqlite_find_token;
  iface->list_tokens = sqlite_list_tokens;
  iface->revoke_token = sqlite_revoke_token;
  iface->append_call_event = sqlite_append_call_event;
  iface->read_call_events = sqlite_read_call_events;
  iface->trim_call_events = sqlite_trim_call_events;
  iface->get_state = sqlite_get_state;
  iface->put_state = sqlite_put_state;
}

static void
sn_store_sqlite_class_init (SnStoreSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sn_store_sqlite_finalize;
}

static void
sn_store_sqlite_init (SnStoreSqlite *self)
{
}
