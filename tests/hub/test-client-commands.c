/* test-client-commands.c — the console's side of commands, through SnClient against a real
 * hub: acks, conflicts, a command sent while the hub is down, a lost ack, rate limiting,
 * undo by a compensating command
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-client.h"
#include "sn-commands.h"
#include "sn-test-hub.h"

#define WAIT_MS 20000

/* ── a TCP relay between the console and the hub, to lose what the hub sends ──────── */

typedef struct
{
  GSocket *console, *hub;
  guint serial;
} RelayPair;

typedef struct
{
  GThread *thread;
  GSocket *listener;
  GSocketAddress *target;
  char *url;
  gint stop; /* atomic */
  gint mute_below; /* atomic: pairs with a lower serial drop everything the hub sends */
  gint next_serial; /* atomic */
  gint open_pairs; /* atomic */
} Relay;

static void
relay_pair_free (gpointer data)
{
  RelayPair *p = data;

  g_socket_close (p->console, NULL);
  g_socket_close (p->hub, NULL);
  g_object_unref (p->console);
  g_object_unref (p->hub);
  g_free (p);
}

static void
relay_accept (Relay *r, GPtrArray *pairs)
{
  g_autoptr (GSocket) console = g_socket_accept (r->listener, NULL, NULL);
  g_autoptr (GSocket) hub = NULL;
  RelayPair *p;

  if (console == NULL)
    return;
  hub = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  if (hub == NULL || !g_socket_connect (hub, r->target, NULL, NULL))
    {
      g_socket_close (console, NULL); /* the hub is down: so is the relay */
      return;
    }
  g_socket_set_blocking (console, TRUE);
  g_socket_set_blocking (hub, TRUE);
  p = g_new0 (RelayPair, 1);
  p->console = g_steal_pointer (&console);
  p->hub = g_steal_pointer (&hub);
  p->serial = (guint) g_atomic_int_add (&r->next_serial, 1);
  g_ptr_array_add (pairs, p);
  g_atomic_int_inc (&r->open_pairs);
}

/* Moves what is waiting on @from to @to (or nowhere); FALSE when @from is closed. */
static gboolean
relay_move (GSocket *from, GSocket *to)
{
  char buf[16384];
  gssize n = g_socket_receive (from, buf, sizeof buf, NULL, NULL);

  if (n <= 0)
    return FALSE;
  for (gssize done = 0; to != NULL && done < n;)
    {
      gssize w = g_socket_send (to, buf + done, (gsize) (n - done), NULL, NULL);

      if (w <= 0)
        return FALSE;
      done += w;
    }
  return TRUE;
}

static gpointer
relay_thread (gpointer data)
{
  Relay *r = data;
  g_autoptr (GPtrArray) pairs = g_ptr_array_new_with_free_func (relay_pair_free);

  while (!g_atomic_int_get (&r->stop))
    {
      g_autofree GPollFD *fds = g_new0 (GPollFD, 1 + 2 * pairs->len);

      fds[0].fd = g_socket_get_fd (r->listener);
      fds[0].events = G_IO_IN;
      for (guint i = 0; i < pairs->len; i++)
        {
          RelayPair *p = pairs->pdata[i];

          fds[1 + 2 * i].fd = g_socket_get_fd (p->console);
          fds[1 + 2 * i].events = G_IO_IN;
          fds[2 + 2 * i].fd = g_socket_get_fd (p->hub);
          fds[2 + 2 * i].events = G_IO_IN;
        }
      if (g_poll (fds, 1 + 2 * pairs->len, 20) <= 0)
        continue;
      for (guint i = pairs->len; i-- > 0;)
        {
          RelayPair *p = pairs->pdata[i];
          gboolean mute = p->serial < (guint) g_atomic_int_get (&r->mute_below);
          gboolean alive = TRUE;

          if (fds[1 + 2 * i].revents != 0)
            alive = relay_move (p->console, p->hub);
          if (alive && fds[2 + 2 * i].revents != 0)
            alive = relay_move (p->hub, mute ? NULL : p->console);
          if (!alive)
            {
              g_ptr_array_remove_index (pairs, i);
              g_atomic_int_dec_and_test (&r->open_pairs);
            }
        }
      if (fds[0].revents != 0)
        relay_accept (r, pairs);
    }
  return NULL;
}

static Relay *
relay_new (SnTestHub *hub)
{
  Relay *r = g_new0 (Relay, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) local = NULL;
  guint64 hub_port = g_ascii_strtoull (strrchr (hub->url, ':') + 1, NULL, 10);

  r->target = g_inet_socket_address_new (loopback, (guint16) hub_port);
  r->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                              &error);
  g_assert_no_error (error);
  g_socket_bind (r->listener, any, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (r->listener, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (r->listener, FALSE);
  local = g_socket_get_local_address (r->listener, &error);
  g_assert_no_error (error);
  r->url = g_strdup_printf ("http://127.0.0.1:%u",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  r->thread = g_thread_new ("relay", relay_thread, r);
  return r;
}

/* From now on, the connections open through the relay lose everything the hub sends. */
static void
relay_mute_open (Relay *r)
{
  g_atomic_int_set (&r->mute_below, g_atomic_int_get (&r->next_serial));
}

static void
relay_free (Relay *r)
{
  g_atomic_int_set (&r->stop, 1);
  g_thread_join (r->thread);
  g_socket_close (r->listener, NULL);
  g_object_unref (r->listener);
  g_object_unref (r->target);
  g_free (r->url);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Relay, relay_free)

/* ── a console ─────────────────────────────────────────────────────────────────── */

typedef struct
{
  char *id;
  gboolean ok;
  gint64 version;
  char *code;
  char *message;
  gboolean looked_up; /* sn_client_lookup_command() found it during the emission */
  gboolean ticket_pending; /* sn_client_get_pending() for its ticket during the emission */
} Finished;

static void
finished_free (gpointer data)
{
  Finished *f = data;

  g_free (f->id);
  g_free (f->code);
  g_free (f->message);
  g_free (f);
}

typedef struct
{
  SnConsoleModel *model;
  SnClient *client;
  GPtrArray *finished; /* of Finished*, in order */
  guint changed; /* "commands-changed" emissions */
} Console;

static void
on_command_finished (SnClient *client, const char *id, gboolean ok, gint64 version,
                     const char *code, const char *message, gpointer user_data)
{
  Console *c = user_data;
  Finished *f = g_new0 (Finished, 1);
  const SnOutboxEntry *entry = sn_client_lookup_command (client, id);

  f->id = g_strdup (id);
  f->ok = ok;
  f->version = version;
  f->code = g_strdup (code);
  f->message = g_strdup (message);
  f->looked_up = entry != NULL && g_str_equal (entry->command->id, id)
                 && entry->state == (ok ? SN_COMMAND_ACKED : SN_COMMAND_REFUSED);
  f->ticket_pending = entry != NULL && sn_client_get_pending (client, entry->command->ticket);
  g_ptr_array_add (c->finished, f);
}

static void
on_commands_changed (SnClient *client, gpointer user_data)
{
  ((Console *) user_data)->changed++;
}

static Console *
console_new (const char *url, const char *token)
{
  Console *c = g_new0 (Console, 1);

  c->model = sn_console_model_new ();
  c->client = sn_client_new (c->model);
  c->finished = g_ptr_array_new_with_free_func (finished_free);
  g_signal_connect (c->client, "command-finished", G_CALLBACK (on_command_finished), c);
  g_signal_connect (c->client, "commands-changed", G_CALLBACK (on_commands_changed), c);
  if (url != NULL)
    sn_client_connect (c->client, url, token);
  return c;
}

static void
console_free (Console *c)
{
  sn_client_disconnect (c->client);
  g_signal_handlers_disconnect_by_data (c->client, c);
  g_object_unref (c->client);
  g_object_unref (c->model);
  g_ptr_array_unref (c->finished);
  /* Let the session finish closing its connection. */
  sn_test_run_until (NULL, 50);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Console, console_free)

typedef gboolean (*Condition) (Console *c, gconstpointer data);

static gboolean
wait_for (Console *c, Condition cond, gconstpointer data, guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!cond (c, data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (500), TRUE);
  return cond (c, data);
}

static gboolean
is_live (Console *c, gconstpointer data)
{
  return sn_client_get_state (c->client) == SN_CLIENT_LIVE;
}

static gboolean
is_not_live (Console *c, gconstpointer data)
{
  return sn_client_get_state (c->client) != SN_CLIENT_LIVE;
}

typedef struct
{
  const char *ticket;
  gint64 version;
} TicketAt;

static gboolean
model_has (Console *c, gconstpointer data)
{
  const TicketAt *at = data;
  const SnTicketView *v = sn_console_model_lookup_ticket (c->model, at->ticket);

  return v != NULL && v->ticket->version == at->version;
}

static Finished *
find_finished (Console *c, const char *id)
{
  for (guint i = 0; i < c->finished->len; i++)
    {
      Finished *f = c->finished->pdata[i];

      if (g_str_equal (f->id, id))
        return f;
    }
  return NULL;
}

static gboolean
has_finished (Console *c, gconstpointer id)
{
  return find_finished (c, id) != NULL;
}

static Finished *
wait_finished (Console *c, const char *id)
{
  if (!wait_for (c, has_finished, id, WAIT_MS))
    g_error ("Command %s did not finish", id);
  return find_finished (c, id);
}

static gboolean
all_finished (Console *c, gconstpointer data)
{
  return c->finished->len >= GPOINTER_TO_UINT (data);
}

static void
wait_model (Console *c, const char *ticket, gint64 version)
{
  TicketAt at = { ticket, version };

  if (!wait_for (c, model_has, &at, WAIT_MS))
    g_error ("The model did not get %s at version %" G_GINT64_FORMAT, ticket, version);
}

/* ── fixture ───────────────────────────────────────────────────────────────────── */

typedef struct
{
  SnTestHub *hub;
  char *supervisor, *supervisor2, *admin, *ingest;
} Fixture;

static void
ingest_one (Fixture *f, const char *id, const char *units)
{
  g_autofree char *record = sn_test_request_json (id, "110105", "dispatched", units, NULL);
  g_autofree char *body = g_strdup_printf ("[%s]", record);
  g_autoptr (JsonObject) report = sn_test_ingest (f->hub, f->ingest, "requests", body);

  g_assert_cmpint (json_object_get_int_member (report, "applied"), ==, 1);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->hub = sn_test_hub_new (data);
  f->supervisor = sn_test_hub_token (f->hub, "supervisor", "王丽", NULL);
  f->supervisor2 = sn_test_hub_token (f->hub, "supervisor", "李明", NULL);
  f->admin = sn_test_hub_token (f->hub, "admin", "系统管理员", NULL);
  f->ingest = sn_test_hub_token (f->hub, "ingest", "feed", NULL);
  ingest_one (f, "T-1", "朝阳区城管执法局");
  ingest_one (f, "T-2", "朝阳区城管执法局,朝阳区住建委");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sn_test_hub_free (f->hub);
  g_free (f->supervisor);
  g_free (f->supervisor2);
  g_free (f->admin);
  g_free (f->ingest);
}

static gint64
version_of (Fixture *f, const char *id)
{
  g_autoptr (JsonObject) t = sn_test_get_ticket (f->hub, f->supervisor, id);

  return json_object_get_int_member (t, "version");
}

static SnCommand *
command_new (const char *ticket, SnAction action, gint64 version, const char *reason,
             const char *unit)
{
  SnCommand *c = g_new0 (SnCommand, 1);

  c->ticket = g_strdup (ticket);
  c->action = action;
  c->expected_version = version;
  c->reason = g_strdup (reason);
  if (unit != NULL)
    c->units = g_strsplit (unit, ",", -1);
  return c;
}

static Console *
live_console (Fixture *f, const char *url, const char *ticket)
{
  Console *c = console_new (url ? url : f->hub->url, f->supervisor);

  g_assert_true (wait_for (c, is_live, NULL, WAIT_MS));
  wait_model (c, ticket, version_of (f, ticket));
  return c;
}

/* The hub's record of @id: one audit entry with @outcome, and @n history entries of @kind
 * with @reason on @ticket. */
static void
assert_recorded_once (Fixture *f, const char *id, const char *outcome, const char *ticket,
                      const char *kind, const char *reason)
{
  g_autoptr (GPtrArray) audit = sn_test_get_audit (f->hub, f->admin);
  JsonObject *record = sn_test_find_audit (audit, id);
  g_autoptr (JsonObject) t = sn_test_get_ticket (f->hub, f->supervisor, ticket);

  g_assert_cmpstr (json_object_get_string_member (record, "outcome"), ==, outcome);
  g_assert_cmpstr (json_object_get_string_member (record, "ticket"), ==, ticket);
  g_assert_cmpstr (json_object_get_string_member (record, "reason"), ==, reason);
  g_assert_cmpuint (sn_test_count_history (t, kind, reason), ==, g_str_equal (outcome, "ok"));
}

/* ── tests ─────────────────────────────────────────────────────────────────────── */

/* A reassign is acked with V + 1, the model gets the event, and the undo puts it back. */
static void
test_reassign_and_undo (Fixture *f, gconstpointer data)
{
  g_autoptr (Console) c = live_console (f, NULL, "T-1");
  gint64 v = version_of (f, "T-1");
  const char *reason = "城管执法 has no authority over permitted construction";
  g_autoptr (SnTicket)
      before = sn_ticket_copy (sn_console_model_lookup_ticket (c->model, "T-1")->ticket);
  SnTicketView before_view = { .ticket = before };
  g_autoptr (SnCommand) done = command_new ("T-1", SN_ACTION_REASSIGN, v, reason, "朝阳区住建委");
  g_autoptr (SnCommand) undo = NULL;
  g_autofree char *id = NULL;
  g_autofree char *undo_id = NULL;
  const SnTicketView *view;
  const SnOutboxEntry *entry;
  SnClientCommandStats stats;
  Finished *fin;

  g_assert_false (sn_client_get_pending (c->client, "T-1"));
  id = sn_client_send_command (c->client, sn_command_dup (done));
  g_assert_nonnull (id);
  g_assert_true (g_uuid_string_is_valid (id));
  /* Pending at once, until the ack. */
  g_assert_true (sn_client_get_pending (c->client, "T-1"));
  g_assert_false (sn_client_get_pending (c->client, "T-2"));
  g_assert_cmpuint (sn_client_get_n_pending (c->client), ==, 1);
  g_assert_cmpuint (c->changed, ==, 1);
  entry = sn_client_lookup_command (c->client, id);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->state, ==, SN_COMMAND_SENT);
  g_assert_cmpint (entry->command->expected_version, ==, v);

  fin = wait_finished (c, id);
  g_assert_true (fin->ok);
  g_assert_cmpint (fin->version, ==, v + 1);
  g_assert_null (fin->code);
  g_assert_true (fin->looked_up);
  g_assert_false (fin->ticket_pending);
  g_assert_false (sn_client_get_pending (c->client, "T-1"));
  g_assert_cmpuint (sn_client_get_n_pending (c->client), ==, 0);
  g_assert_null (sn_client_lookup_command (c->client, id));
  g_assert_cmpuint (c->changed, ==, 2);
  wait_model (c, "T-1", v + 1);
  view = sn_console_model_lookup_ticket (c->model, "T-1");
  g_assert_cmpstr (view->ticket->units[0], ==, "朝阳区住建委");
  g_assert_null (view->ticket->units[1]);
  assert_recorded_once (f, id, "ok", "T-1", "transferred", reason);

  /* Undo: reassign back to the units it had. */
  undo = sn_command_new_compensating (done, &before_view, fin->version);
  g_assert_nonnull (undo);
  g_assert_null (undo->id);
  g_assert_cmpint (undo->action, ==, SN_ACTION_REASSIGN);
  g_assert_cmpint (undo->expected_version, ==, v + 1);
  g_assert_true (g_str_has_suffix (undo->reason, reason));
  g_assert_cmpstr (undo->units[0], ==, "朝阳区城管执法局");
  undo_id = sn_client_send_command (c->client, sn_command_dup (undo));
  fin = wait_finished (c, undo_id);
  g_assert_true (fin->ok);
  g_assert_cmpint (fin->version, ==, v + 2);
  wait_model (c, "T-1", v + 2);
  view = sn_console_model_lookup_ticket (c->model, "T-1");
  g_assert_cmpstr (view->ticket->units[0], ==, "朝阳区城管执法局");
  g_assert_null (view->ticket->units[1]);
  assert_recorded_once (f, undo_id, "ok", "T-1", "transferred", undo->reason);

  sn_client_get_command_stats (c->client, &stats);
  g_assert_cmpuint (stats.sent, ==, 2);
  g_assert_cmpuint (stats.resent, ==, 0);
  g_assert_cmpuint (stats.acked, ==, 2);
  g_assert_cmpuint (stats.refused, ==, 0);
}

/* A stale version is refused with "conflict" and the current version; a fresh id on that
 * version goes through. */
static void
test_conflict (Fixture *f, gconstpointer data)
{
  g_autoptr (Console) c = live_console (f, NULL, "T-2");
  gint64 v = version_of (f, "T-2");
  g_autofree char *id = NULL;
  g_autofree char *retry_id = NULL;
  SnTestReply reply = { 0 };
  g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", v);
  Finished *fin;

  /* Someone else changes the ticket meanwhile. */
  sn_test_post_command (f->hub, f->supervisor2, "T-2", "other-1", if_match,
                        "{\"action\": \"note\", \"reason\": \"called the unit\"}", &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  sn_test_reply_clear (&reply);

  id = sn_client_send_command (
      c->client, command_new ("T-2", SN_ACTION_REASSIGN, v, "wrong unit", "朝阳区水务局"));
  fin = wait_finished (c, id);
  g_assert_false (fin->ok);
  g_assert_cmpstr (fin->code, ==, "conflict");
  g_assert_cmpint (fin->version, ==, v + 1);
  g_assert_nonnull (fin->message);
  g_assert_false (sn_client_get_pending (c->client, "T-2"));
  assert_recorded_once (f, id, "conflict", "T-2", "transferred", "wrong unit");
  /* The console has the change that caused it. */
  wait_model (c, "T-2", v + 1);

  /* Retry on the new version, with a new id. */
  retry_id = sn_client_send_command (
      c->client,
      command_new ("T-2", SN_ACTION_REASSIGN, fin->version, "wrong unit", "朝阳区水务局"));
  g_assert_cmpstr (retry_id, !=, id);
  fin = wait_finished (c, retry_id);
  g_assert_true (fin->ok);
  g_assert_cmpint (fin->version, ==, v + 2);
  wait_model (c, "T-2", v + 2);
}

/* Sent while the hub is down: queued, then sent once after the welcome and applied once. */
static void
test_hub_down (Fixture *f, gconstpointer data)
{
  g_autoptr (Console) c = live_console (f, NULL, "T-1");
  gint64 v = version_of (f, "T-1");
  const char *reason = "sent while the hub was down";
  const SnOutboxEntry *entry;
  SnClientCommandStats stats;
  g_autofree char *id = NULL;
  Finished *fin;

  sn_test_hub_kill (f->hub);
  g_assert_true (wait_for (c, is_not_live, NULL, WAIT_MS));
  id = sn_client_send_command (c->client,
                               command_new ("T-1", SN_ACTION_REASSIGN, v, reason, "朝阳区住建委"));
  g_assert_true (sn_client_get_pending (c->client, "T-1"));
  sn_test_run_until (NULL, 600);
  entry = sn_client_lookup_command (c->client, id);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->state, ==, SN_COMMAND_QUEUED);
  g_assert_cmpuint (entry->sends, ==, 0);
  g_assert_cmpuint (c->finished->len, ==, 0);

  sn_test_hub_start (f->hub);
  fin = wait_finished (c, id);
  g_assert_true (fin->ok);
  g_assert_cmpint (fin->version, ==, v + 1);
  g_assert_cmpint (version_of (f, "T-1"), ==, v + 1);
  assert_recorded_once (f, id, "ok", "T-1", "transferred", reason);
  wait_model (c, "T-1", v + 1);
  sn_client_get_command_stats (c->client, &stats);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (stats.resent, ==, 0);
}

/* The hub commits, the ack is lost with the connection: the command is resent with the same
 * id after the reconnect and answered with its first outcome, though the ticket has changed
 * since (a fresh evaluation would be a conflict). */
static void
test_lost_ack (Fixture *f, gconstpointer data)
{
  g_autoptr (Relay) relay = relay_new (f->hub);
  g_autoptr (Console) c = live_console (f, relay->url, "T-1");
  gint64 v = version_of (f, "T-1");
  const char *reason = "the ack of this one is lost";
  SnTestReply reply = { 0 };
  g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", v + 1);
  g_autofree char *id = NULL;
  SnClientCommandStats stats;
  gint64 deadline;
  Finished *fin;

  relay_mute_open (relay);
  id = sn_client_send_command (c->client,
                               command_new ("T-1", SN_ACTION_REASSIGN, v, reason, "朝阳区住建委"));
  /* Committed by the hub, but the console hears nothing. */
  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (version_of (f, "T-1") != v + 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      sn_test_run_until (NULL, 20);
    }
  sn_test_run_until (NULL, 100);
  g_assert_cmpuint (c->finished->len, ==, 0);
  g_assert_true (sn_client_get_pending (c->client, "T-1"));

  /* The hub dies; the relay drops the console's connection. */
  sn_test_hub_kill (f->hub);
  sn_test_hub_start (f->hub);
  /* Someone else moves the ticket on before the console is back. */
  sn_test_post_command (f->hub, f->supervisor2, "T-1", "other-2", if_match,
                        "{\"action\": \"note\", \"reason\": \"called the unit\"}", &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  sn_test_reply_clear (&reply);

  fin = wait_finished (c, id);
  g_assert_true (fin->ok);
  g_assert_cmpint (fin->version, ==, v + 1);
  g_assert_null (fin->code);
  sn_client_get_command_stats (c->client, &stats);
  g_assert_cmpuint (stats.sent, ==, 2);
  g_assert_cmpuint (stats.resent, ==, 1);
  g_assert_cmpint (version_of (f, "T-1"), ==, v + 2);
  assert_recorded_once (f, id, "ok", "T-1", "transferred", reason);
  wait_model (c, "T-1", v + 2);
}

/* At 2 commands a second (a burst of 4), 10 commands sent at once all go through in the
 * end, each once. */
static void
test_rate_limited (Fixture *f, gconstpointer data)
{
  g_autoptr (Console) c = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) versions = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  SnClientCommandStats stats;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *ticket = g_strdup_printf ("R-%u", i);

      ingest_one (f, ticket, "朝阳区城管执法局");
    }
  c = live_console (f, NULL, "R-9");
  versions = sn_test_ticket_versions (f->hub, f->supervisor);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *ticket = g_strdup_printf ("R-%u", i);
      gint64 v = GPOINTER_TO_INT (g_hash_table_lookup (versions, ticket));

      g_ptr_array_add (ids, sn_client_send_command (c->client, command_new (ticket, SN_ACTION_NOTE,
                                                                            v, "批量催促", NULL)));
    }
  g_assert_cmpuint (sn_client_get_n_pending (c->client), ==, 10);
  if (!wait_for (c, all_finished, GUINT_TO_POINTER (10), 60000))
    g_error ("Only %u of 10 commands finished", c->finished->len);
  for (guint i = 0; i < 10; i++)
    {
      Finished *fin = find_finished (c, ids->pdata[i]);
      g_autofree char *ticket = g_strdup_printf ("R-%u", i);
      gint64 v = GPOINTER_TO_INT (g_hash_table_lookup (versions, ticket));

      g_assert_nonnull (fin);
      if (!fin->ok)
        g_error ("%s: %s %s", ticket, fin->code, fin->message);
      g_assert_cmpint (fin->version, ==, v + 1);
      g_assert_cmpint (version_of (f, ticket), ==, v + 1);
    }
  sn_client_get_command_stats (c->client, &stats);
  g_assert_cmpuint (stats.retried, >=, 6);
  g_assert_cmpuint (stats.acked, ==, 10);
  g_assert_cmpuint (sn_client_get_n_pending (c->client), ==, 0);
  audit = sn_test_get_audit (f->hub, f->admin);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpstr (
        json_object_get_string_member (sn_test_find_audit (audit, ids->pdata[i]), "outcome"), ==,
        "ok");
}

/* No hub needed: the outbox's bookkeeping, and what connecting elsewhere does to it. */
static void
test_outbox (void)
{
  g_autoptr (Console) c = console_new ("http://127.0.0.1:1", "token");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *again = NULL;
  SnCommand *dup;
  Finished *fin;

  a = sn_client_send_command (c->client, command_new ("X-1", SN_ACTION_NOTE, 3, "one", NULL));
  b = sn_client_send_command (c->client, command_new ("X-1", SN_ACTION_NOTE, 4, "two", NULL));
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpuint (sn_client_get_n_pending (c->client), ==, 2);
  g_assert_cmpuint (c->changed, ==, 2);
  /* The same id again: the first stays. */
  dup = command_new ("X-1", SN_ACTION_NOTE, 9, "three", NULL);
  dup->id = g_strdup (a);
  again = sn_client_send_command (c->client, dup);
  g_assert_cmpstr (again, ==, a);
  g_assert_cmpuint (sn_client_get_n_pending (c->client), ==, 2);
  g_assert_cmpint (sn_client_lookup_command (c->client, a)->command->expected_version, ==, 3);
  g_assert_cmpint (sn_client_lookup_command (c->client, a)->state, ==, SN_COMMAND_QUEUED);
  g_assert_true (sn_client_get_pending (c->client, "X-1"));

  /* Reconnecting to the same hub keeps them; another hub cancels them. */
  sn_client_connect (c->client, "http://127.0.0.1:1", "token");
  g_assert_cmpuint (sn_client_get_n_pending (c->client), ==, 2);
  sn_client_connect (c->client, "http://127.0.0.1:2", "token");
  g_assert_cmpuint (sn_client_get_n_pending (c->client), ==, 0);
  g_assert_false (sn_client_get_pending (c->client, "X-1"));
  g_assert_cmpuint (c->finished->len, ==, 2);
  fin = c->finished->pdata[0];
  g_assert_cmpstr (fin->id, ==, a);
  g_assert_false (fin->ok);
  g_assert_cmpstr (fin->code, ==, "cancelled");
  g_assert_true (fin->looked_up);
  /* The second still pending while the first was announced. */
  g_assert_true (fin->ticket_pending);
  fin = c->finished->pdata[1];
  g_assert_cmpstr (fin->id, ==, b);
  g_assert_false (fin->ticket_pending);
}

static void
test_compensating (void)
{
  g_autoptr (SnTicket) t = sn_ticket_new ("T-9");
  SnTicketView before = { .ticket = t };
  const char *const units[] = { "A", "B", NULL };
  g_autoptr (SnCommand) reassign = command_new ("T-9", SN_ACTION_REASSIGN, 4, "r", "C");
  g_autoptr (SnCommand) undo = NULL;
  g_autoptr (SnCommand) same = command_new ("T-9", SN_ACTION_REASSIGN, 4, "r", "B,A");

  sn_ticket_set_units (t, units);
  for (SnAction a = 0; a < SN_N_ACTIONS; a++)
    {
      g_autoptr (SnCommand) done = command_new ("T-9", a, 4, "r", "C");
      g_autoptr (SnCommand) comp = sn_command_new_compensating (done, &before, 5);

      g_assert_cmpint (sn_action_is_reversible (a), ==, a == SN_ACTION_REASSIGN);
      g_assert_cmpint (comp != NULL, ==, a == SN_ACTION_REASSIGN);
    }
  undo = sn_command_new_compensating (reassign, &before, 5);
  g_assert_nonnull (undo);
  g_assert_null (undo->id);
  g_assert_cmpstr (undo->ticket, ==, "T-9");
  g_assert_cmpint (undo->expected_version, ==, 5);
  g_assert_cmpstr (undo->units[0], ==, "A");
  g_assert_cmpstr (undo->units[1], ==, "B");
  g_assert_null (undo->units[2]);
  g_assert_cmpstr (undo->reason, ==, "Undo: r");
  /* Nothing to go back to. */
  g_assert_null (sn_command_new_compensating (same, &before, 5));
  g_assert_null (sn_command_new_compensating (reassign, NULL, 5));
  sn_ticket_set_units (t, NULL);
  g_assert_null (sn_command_new_compensating (reassign, &before, 5));
}

int
main (int argc, char **argv)
{
  static const char *const rate_args[] = { "--command-rate", "2", NULL };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client-commands/outbox", test_outbox);
  g_test_add_func ("/client-commands/compensating", test_compensating);
  g_test_add ("/client-commands/reassign-and-undo", Fixture, NULL, fixture_setup,
              test_reassign_and_undo, fixture_teardown);
  g_test_add ("/client-commands/conflict", Fixture, NULL, fixture_setup, test_conflict,
              fixture_teardown);
  g_test_add ("/client-commands/hub-down", Fixture, NULL, fixture_setup, test_hub_down,
              fixture_teardown);
  g_test_add ("/client-commands/lost-ack", Fixture, NULL, fixture_setup, test_lost_ack,
              fixture_teardown);
  g_test_add ("/client-commands/rate-limited", Fixture, rate_args, fixture_setup, test_rate_limited,
              fixture_teardown);
  return g_test_run ();
}
