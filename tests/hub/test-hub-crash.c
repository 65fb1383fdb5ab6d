/* test-hub-crash.c — exactly once across a crash: commands acknowledged before SIGKILL are
 * all there after a restart, nothing is half-applied, and resending any id applies it at
 * most once (data/protocol/README.md, "Commands")
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-test-hub.h"

#define N_CLIENTS 4
#define TICKETS_PER_CLIENT 2
#define N_TICKETS (N_CLIENTS * TICKETS_PER_CLIENT)

typedef struct
{
  char *id;
  char *ticket;
  gint64 expected_version;
  char *reason;
  char *ack; /* the ack text received before the crash, or NULL */
} Sent;

static void
sent_free (Sent *s)
{
  g_free (s->id);
  g_free (s->ticket);
  g_free (s->reason);
  g_free (s->ack);
  g_free (s);
}

static char *
sent_text (const Sent *s)
{
  return sn_test_command_json (s->id, s->ticket, "note", s->expected_version, s->reason, NULL);
}

typedef struct
{
  SnTestClient *client;
  guint index;
  Sent *in_flight[TICKETS_PER_CLIENT]; /* one command at a time per ticket */
  gint64 version[TICKETS_PER_CLIENT];
} Console;

static char *
ticket_of (guint console, guint slot)
{
  return g_strdup_printf ("CRASH-%u-%u", console, slot);
}

static void
send_next (Console *c, guint slot, GPtrArray *sent, GHashTable *by_id)
{
  Sent *s = g_new0 (Sent, 1);
  g_autofree char *text = NULL;

  s->id = g_uuid_string_random ();
  s->ticket = ticket_of (c->index, slot);
  s->expected_version = c->version[slot];
  s->reason = g_strdup_printf ("note %s", s->id);
  text = sent_text (s);
  g_ptr_array_add (sent, s);
  g_hash_table_insert (by_id, s->id, s);
  c->in_flight[slot] = s;
  sn_test_client_send (c->client, text);
}

/* Handles the acks queued on @c, sending the next command of each ticket when @more;
 * returns how many were ok. */
static guint
handle_acks (Console *c, GPtrArray *sent, GHashTable *by_id, gboolean more)
{
  guint ok = 0;
  char *text;

  while ((text = g_queue_pop_head (&c->client->messages)) != NULL)
    {
      g_autoptr (JsonObject) msg = sn_test_parse_object (text);
      Sent *s;

      if (!g_str_equal (json_object_get_string_member (msg, "type"), "ack"))
        {
          g_free (text);
          continue;
        }
      s = g_hash_table_lookup (by_id, json_object_get_string_member (msg, "id"));
      g_assert_nonnull (s);
      g_assert_null (s->ack);
      s->ack = text;
      /* Each ticket belongs to one console, which waits for each ack: never a conflict. */
      sn_test_assert_ack (msg, s->id, TRUE, s->expected_version + 1, NULL);
      ok++;
      for (guint slot = 0; slot < TICKETS_PER_CLIENT; slot++)
        if (c->in_flight[slot] == s)
          {
            c->version[slot] = s->expected_version + 1;
            c->in_flight[slot] = NULL;
            if (more)
              send_next (c, slot, sent, by_id);
          }
    }
  return ok;
}

static void
ingest_tickets (SnTestHub *hub, const char *ingest)
{
  g_autoptr (GString) body = g_string_new ("[");
  g_autoptr (JsonObject) report = NULL;

  for (guint c = 0; c < N_CLIENTS; c++)
    for (guint slot = 0; slot < TICKETS_PER_CLIENT; slot++)
      {
        g_autofree char *id = ticket_of (c, slot);
        g_autofree char *r = sn_test_request_json (id, "110105", "dispatched", "城管", NULL);

        g_string_append_printf (body, "%s%s", body->len > 1 ? "," : "", r);
      }
  g_string_append (body, "]");
  report = sn_test_ingest (hub, ingest, "requests", body->str);
  g_assert_cmpint (json_object_get_int_member (report, "applied"), ==, N_TICKETS);
}

/* Each ticket: version = 1 + its notes (nothing half-applied), each note's reason at most
 * once, and every acknowledged command's note present (every sent one's with @all_sent). */
static void
check_tickets (SnTestHub *hub, const char *token, GPtrArray *sent, gboolean all_sent)
{
  for (guint c = 0; c < N_CLIENTS; c++)
    for (guint slot = 0; slot < TICKETS_PER_CLIENT; slot++)
      {
        g_autofree char *id = ticket_of (c, slot);
        g_autoptr (JsonObject) t = sn_test_get_ticket (hub, token, id);
        guint notes = sn_test_count_history (t, "note", NULL);

        g_assert_cmpint (json_object_get_int_member (t, "version"), ==, 1 + notes);
        for (guint i = 0; i < sent->len; i++)
          {
            Sent *s = sent->pdata[i];

            if (!g_str_equal (s->ticket, id))
              continue;
            g_assert_cmpuint (sn_test_count_history (t, "note", s->reason), <=, 1);
            if (s->ack != NULL || all_sent)
              g_assert_cmpuint (sn_test_count_history (t, "note", s->reason), ==, 1);
          }
      }
}

/* Runs the consoles until @target more commands are acknowledged, then SIGKILLs the hub while
 * commands are in flight. Returns the number of commands in flight at the kill. */
static guint
run_and_kill (SnTestHub *hub, const char *token, Console *consoles, guint target, GPtrArray *sent,
              GHashTable *by_id, guint *acked)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint start = *acked, in_flight = 0;
  gint64 kill_at;

  for (guint c = 0; c < N_CLIENTS; c++)
    {
      consoles[c].client = sn_test_client_open_live (hub, token, NULL, NULL);
      for (guint slot = 0; slot < TICKETS_PER_CLIENT; slot++)
        if (consoles[c].in_flight[slot] != NULL)
          {
            /* In flight at the last crash: sent again, with the same id. */
            g_autofree char *text = sent_text (consoles[c].in_flight[slot]);

            sn_test_client_send (consoles[c].client, text);
          }
        else
          send_next (&consoles[c], slot, sent, by_id);
    }
  while (*acked - start < target)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
      for (guint c = 0; c < N_CLIENTS; c++)
        *acked += handle_acks (&consoles[c], sent, by_id, TRUE);
    }
  /* Still sending for a moment (a different one each round, so the kill lands at different
   * points of a commit), then the kill. */
  kill_at = g_get_monotonic_time () + g_test_rand_int_range (0, 3000);
  for (gboolean just_sent = FALSE; !just_sent || g_get_monotonic_time () < kill_at;)
    {
      guint n = 0;

      g_main_context_iteration (NULL, FALSE);
      for (guint c = 0; c < N_CLIENTS; c++)
        n += handle_acks (&consoles[c], sent, by_id, TRUE);
      *acked += n;
      just_sent = n > 0; /* and the next commands went out just now */
    }
  sn_test_hub_kill (hub);
  /* Acks already on their way still count: they were sent after the commit. */
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      g_assert_true (sn_test_client_wait_closed (consoles[c].client, 5000));
      *acked += handle_acks (&consoles[c], sent, by_id, FALSE);
      g_clear_pointer (&consoles[c].client, sn_test_client_free);
      for (guint slot = 0; slot < TICKETS_PER_CLIENT; slot++)
        in_flight += consoles[c].in_flight[slot] != NULL;
    }
  return in_flight;
}

/* The audit log has every acknowledged command, once, as a success. */
static void
check_audit (SnTestHub *hub, const char *token, GPtrArray *sent)
{
  g_autoptr (GPtrArray) audit = sn_test_get_audit (hub, token);
  g_autoptr (GHashTable) audited = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < audit->len; i++)
    {
      const char *id = json_object_get_string_member (audit->pdata[i], "command_id");

      if (id == NULL)
        continue;
      g_assert_false (g_hash_table_contains (audited, id));
      g_hash_table_add (audited, (gpointer) id);
      g_assert_cmpstr (json_object_get_string_member (audit->pdata[i], "outcome"), ==, "ok");
      g_assert_cmpstr (json_object_get_string_member (audit->pdata[i], "action"), ==, "note");
    }
  for (guint i = 0; i < sent->len; i++)
    {
      Sent *s = sent->pdata[i];

      if (s->ack != NULL)
        g_assert_true (g_hash_table_contains (audited, s->id));
    }
}

static void
test_crash (void)
{
  /* Not about the rate limit: the resends below come all at once. */
  static const char *const args[] = { "--command-rate", "10000", NULL };
  g_autoptr (SnTestHub) hub = sn_test_hub_new (args);
  g_autofree char *supervisor = sn_test_hub_token (hub, "supervisor", "王丽", NULL);
  g_autofree char *admin = sn_test_hub_token (hub, "admin", "管理员", NULL);
  g_autofree char *ingest = sn_test_hub_token (hub, "ingest", "feed", NULL);
  g_autoptr (GPtrArray) sent = g_ptr_array_new_with_free_func ((GDestroyNotify) sent_free);
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (SnTestClient) resender = NULL;
  const guint targets[] = { 40, 150, 300 };
  Console consoles[N_CLIENTS] = { 0 };
  guint acked = 0, unacked = 0, resent_ok = 0, total_in_flight = 0;

  ingest_tickets (hub, ingest);
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      consoles[c].index = c;
      for (guint slot = 0; slot < TICKETS_PER_CLIENT; slot++)
        consoles[c].version[slot] = 1;
    }
  for (guint round = 0; round < G_N_ELEMENTS (targets); round++)
    {
      guint in_flight = run_and_kill (hub, supervisor, consoles, targets[round], sent, by_id,
                                      &acked);

      g_test_message ("round %u: %u commands sent, %u acknowledged, %u in flight at the kill",
                      round, sent->len, acked, in_flight);
      /* The hub may have answered the last commands in the instant before the kill; the
       * rounds together must have cut some off. */
      total_in_flight += in_flight;
      sn_test_hub_start (hub);
      check_tickets (hub, supervisor, sent, FALSE);
      check_audit (hub, admin, sent);
    }
  g_assert_cmpuint (total_in_flight, >, 0);
  for (guint i = 0; i < sent->len; i++)
    unacked += ((Sent *) sent->pdata[i])->ack == NULL;
  g_assert_cmpuint (acked + unacked, ==, sent->len);

  /* Every id sent again: acknowledged ones get the same ack; nothing applies twice. */
  resender = sn_test_client_open_live (hub, supervisor, NULL, NULL);
  for (guint i = 0; i < sent->len; i++)
    {
      Sent *s = sent->pdata[i];
      g_autofree char *text = sent_text (s);
      g_autofree char *ack = NULL;

      sn_test_client_send (resender, text);
      do
        {
          g_free (ack);
          ack = sn_test_client_next (resender, 5000);
          g_assert_nonnull (ack);
        }
      while (!g_str_has_prefix (ack, "{\"type\":\"ack\""));
      if (s->ack != NULL)
        g_assert_cmpstr (ack, ==, s->ack);
      else
        {
          g_autoptr (JsonObject) obj = sn_test_parse_object (ack);

          g_assert_cmpstr (json_object_get_string_member (obj, "id"), ==, s->id);
          resent_ok += json_object_get_boolean_member (obj, "ok");
        }
    }
  /* Those in flight at the last kill had either committed (their stored ack) or not (they
   * apply now, on the version they expected): all succeed, once. */
  g_assert_cmpuint (resent_ok, ==, unacked);
  check_tickets (hub, supervisor, sent, TRUE);
  /* Twice more changes nothing. */
  for (guint i = 0; i < sent->len; i++)
    {
      g_autofree char *text = sent_text (sent->pdata[i]);

      sn_test_client_send (resender, text);
    }
  for (guint i = 0; i < sent->len; i++)
    {
      g_autoptr (JsonObject) ack = sn_test_client_take (resender, "ack", NULL, NULL, 5000);

      g_assert_nonnull (ack);
      g_assert_true (json_object_get_boolean_member (ack, "ok"));
    }
  check_tickets (hub, supervisor, sent, TRUE);
  check_audit (hub, admin, sent);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hub/crash/kill-mid-stream", test_crash);
  return g_test_run ();
}
