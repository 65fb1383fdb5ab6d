/* sn-hub-cli.c — the shuniu-hub command line
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <locale.h>

#include "sn-auth.h"
#include "sn-hub-cli.h"
#include "sn-hub-cli-private.h"
#include "sn-hub.h"
#include "sn-sim.h"
#include "sn-store-sqlite.h"

static void
cli_options_clear (CliOptions *o)
{
  g_free (o->db);
  g_free (o->listen);
  g_free (o->tls_cert);
  g_free (o->tls_key);
  g_free (o->name);
  g_free (o->sync);
  g_free (o->role);
  g_free (o->districts);
  g_free (o->id);
  g_free (o->tiles);
  g_free (o->simulate);
  g_free (o->scenario);
  g_free (o->city);
  g_free (o->start);
  g_free (o->hub);
  g_free (o->token_file);
  g_free (o->mapping);
}

int
sn_hub_cli_fail (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("shuniu-hub: %s\n", message);
  return 1;
}

static SnStore *
open_store (const CliOptions *o, GError **error)
{
  gboolean full = o->sync == NULL || g_str_equal (o->sync, "full");

  if (o->sync != NULL && !g_str_equal (o->sync, "full") && !g_str_equal (o->sync, "normal"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--sync must be “full” or “normal”"));
      return NULL;
    }
  return sn_store_sqlite_open (o->db, full, error);
}

/* ── serve ─────────────────────────────────────────────────────────────────────── */

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
serve (CliOptions *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SnStore) store = NULL;
  g_autoptr (SnHub) hub = NULL;
  g_autoptr (GTlsCertificate) cert = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  SnServeSimulation *sim = NULL;
  SnHubOptions options;
  int status = 0;

  if (o->simulate != NULL && (sim = sn_serve_simulation_prepare (o, &error)) == NULL)
    return sn_hub_cli_fail ("%s", error->message);
  if (o->db == NULL || o->listen == NULL)
    return sn_hub_cli_fail ("%s", _ ("serve needs --db PATH and --listen HOST:PORT"));
  if ((o->tls_cert == NULL) != (o->tls_key == NULL))
    return sn_hub_cli_fail ("%s", _ ("--tls-cert and --tls-key go together"));
  if (o->tls_cert != NULL
      && (cert = g_tls_certificate_new_from_files (o->tls_cert, o->tls_key, &error)) == NULL)
    return sn_hub_cli_fail (_ ("Cannot load the TLS certificate: %s"), error->message);
  sn_hub_options_init (&options);
  if (o->name != NULL)
    options.name = o->name;
  if (o->command_rate > 0)
    options.command_rate = o->command_rate, options.command_burst = 2 * o->command_rate;
  if (o->heartbeat > 0)
    options.heartbeat_seconds = (guint) o->heartbeat,
    options.peer_timeout_seconds = 3 * (guint) o->heartbeat;
  options.clock = sim ? sn_serve_simulation_get_clock (sim) : NULL;
  options.tiles = o->tiles;
  options.city = o->city;
  if (o->city == NULL && sim != NULL)
    {
      SnSimOptions sim_options;

      sn_sim_options_init (&sim_options); /* the city the simulator defaults to */
      options.city = sim_options.city;
    }
  store = open_store (o, &error);
  if (store != NULL)
    hub = sn_hub_new (store, &options, &error);
  if (hub == NULL || !sn_hub_listen (hub, o->listen, cert, &error)
      || (sim != NULL && !sn_serve_simulation_start (sim, store, hub, &error)))
    status = sn_hub_cli_fail ("%s", error->message);
  else
    {
      /* The URL alone on the first line, for scripts; the rest for people. */
      if (sim == NULL)
        g_print ("%s\n", sn_hub_get_url (hub));
      g_printerr (_ ("shuniu-hub: listening on %s (database %s)\n"), sn_hub_get_url (hub), o->db);
      g_unix_signal_add (SIGTERM, on_signal, loop);
      g_unix_signal_add (SIGINT, on_signal, loop);
      g_main_loop_run (loop);
      g_printerr ("%s\n", _ ("shuniu-hub: shutting down"));
      sn_hub_shutdown (hub);
    }
  g_clear_pointer (&sim, sn_serve_simulation_free);
  g_clear_object (&hub);
  g_clear_object (&store);
  return status;
}

/* ── token ─────────────────────────────────────────────────────────────────────── */

static gboolean
audit_cli (SnStore *store, const char *action, const char *detail, GError **error)
{
  SnAuditRecord r = { 0 };

  r.time = g_get_real_time () / G_USEC_PER_SEC;
  r.actor = g_get_user_name ();
  r.role = "cli";
  r.action = action;
  r.origin = "cli";
  r.outcome = "ok";
  r.reason = detail;
  return sn_store_append_audit (store, &r, error);
}

static int
token_create (CliOptions *o, SnStore *store)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) districts = NULL;
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  g_autofree char *detail = NULL;
  SnRole role;

  if (o->role == NULL || !sn_role_from_string (o->role, &role))
    return sn_hub_cli_fail ("%s",
                            _ ("--role must be supervisor, official, manager, admin or ingest"));
  if (o->name == NULL || *o->name == '\0')
    return sn_hub_cli_fail ("%s", _ ("--name is required"));
  if (o->districts != NULL)
    districts = g_strsplit (o->districts, ",", -1);
  if (role == SN_ROLE_OFFICIAL && (districts == NULL || districts[0] == NULL))
    return sn_hub_cli_fail ("%s", _ ("An official's token needs --districts CODE,…"));
  if (role != SN_ROLE_OFFICIAL && districts != NULL)
    return sn_hub_cli_fail ("%s", _ ("Only official tokens are limited to districts"));
  token = sn_auth_create_token (store, role, o->name, (const char *const *) districts,
                                g_get_real_time () / G_USEC_PER_SEC, &id, &error);
  detail = g_strdup_printf ("%s %s %s", id ? id : "", o->role, o->name);
  if (token == NULL || !audit_cli (store, "token.create", detail, &error))
    return sn_hub_cli_fail ("%s", error->message);
  g_print (_ ("Token %s for %s (%s). Keep it secret: it is shown only once.\n"), id, o->name,
           o->role);
  g_print ("%s\n", token);
  return 0;
}

static int
token_list (SnStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tokens = sn_store_list_tokens (store, &error);

  if (tokens == NULL)
    return sn_hub_cli_fail ("%s", error->message);
  g_print ("%-10s %-11s %-24s %-20s %-20s %s\n", _ ("ID"), _ ("ROLE"), _ ("NAME"), _ ("CREATED"),
           _ ("REVOKED"), _ ("DISTRICTS"));
  for (guint i = 0; i < tokens->len; i++)
    {
      SnTokenInfo *t = tokens->pdata[i];
      g_autoptr (GDateTime) created = g_date_time_new_from_unix_local (t->created);
      g_autoptr (GDateTime) revoked = t->revoked ? g_date_time_new_from_unix_local (t->revoked)
                                                 : NULL;
      g_autofree char *c = g_date_time_format (created, "%Y-%m-%d %H:%M:%S");
      g_autofree char *r = revoked ? g_date_time_format (revoked, "%Y-%m-%d %H:%M:%S")
                                   : g_strdup ("-");
      g_autofree char *d = t->districts ? g_strjoinv (",", t->districts) : g_strdup ("-");

      g_print ("%-10s %-11s %-24s %-20s %-20s %s\n", t->id, t->role, t->name, c, r, d);
    }
  return 0;
}

static int
token_revoke (CliOptions *o, SnStore *store)
{
  g_autoptr (GError) error = NULL;

  if (o->id == NULL)
    return sn_hub_cli_fail ("%s", _ ("token revoke needs --id ID (see token list)"));
  if (!sn_store_revoke_token (store, o->id, g_get_real_time () / G_USEC_PER_SEC, &error)
      || !audit_cli (store, "token.revoke", o->id, &error))
    return sn_hub_cli_fail ("%s", error->message);
  g_print (_ ("Token %s revoked.\n"), o->id);
  return 0;
}

static int
token (CliOptions *o, const char *verb)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SnStore) store = NULL;

  if (o->db == NULL)
    return sn_hub_cli_fail ("%s", _ ("token commands need --db PATH"));
  store = open_store (o, &error);
  if (store == NULL)
    return sn_hub_cli_fail ("%s", error->message);
  if (g_strcmp0 (verb, "create") == 0)
    return token_create (o, store);
  if (g_strcmp0 (verb, "list") == 0)
    return token_list (store);
  if (g_strcmp0 (verb, "revoke") == 0)
    return token_revoke (o, store);
  return sn_hub_cli_fail ("%s", _ ("Use: token create|list|revoke"));
}

/* ── entry ─────────────────────────────────────────────────────────────────────── */

static GOptionContext *
make_context (CliOptions *o)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &o->db, N_ ("SQLite database file"), N_ ("PATH") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &o->listen, N_ ("Address to listen on"),
      N_ ("HOST:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &o->tls_cert, N_ ("TLS certificate (PEM)"),
      N_ ("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &o->tls_key, N_ ("TLS private key (PEM)"),
      N_ ("FILE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o->name,
      N_ ("Hub name shown to consoles; with token "
          "create, the token holder's name"),
      N_ ("NAME") },
    { "sync", 0, 0, G_OPTION_ARG_STRING, &o->sync,
      N_ ("Durability: full (survives power loss, default) or normal (survives a crash)"),
      N_ ("MODE") },
    { "command-rate", 0, 0, G_OPTION_ARG_DOUBLE, &o->command_rate,
      N_ ("Commands per second allowed per connection"), N_ ("N") },
    { "heartbeat", 0, 0, G_OPTION_ARG_INT, &o->heartbeat, N_ ("Heartbeat interval in seconds"),
      N_ ("SECONDS") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &o->role,
      N_ ("Token role: supervisor, official, manager, admin or ingest"), N_ ("ROLE") },
    { "districts", 0, 0, G_OPTION_ARG_STRING, &o->districts,
      N_ ("Districts an official token may see"), N_ ("CODE,…") },
    { "id", 0, 0, G_OPTION_ARG_STRING, &o->id, N_ ("Token id to revoke"), N_ ("ID") },
    { "simulate", 0, 0, G_OPTION_ARG_STRING, &o->simulate,
      N_ ("serve: feed the hub with a simulated hotline (normal or surge)"), N_ ("SCENARIO") },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &o->scenario,
      N_ ("simulate: the scenario (normal, surge)"), N_ ("SCENARIO") },
    { "city", 0, 0, G_OPTION_ARG_STRING, &o->city,
      N_ ("City pack: its districts are served at /v1/districts; the city simulated (default "
          "beijing)"),
      N_ ("CITY") },
    { "tiles", 0, 0, G_OPTION_ARG_FILENAME, &o->tiles,
      N_ ("serve: map tiles (an MBTiles file) to serve at /v1/tiles"), N_ ("FILE") },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &o->speed,
      N_ ("Simulated seconds per real second (0: as fast as possible; default 1)"), N_ ("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &o->seed, N_ ("Random seed of the simulation"), N_ ("S") },
    { "start", 0, 0, G_OPTION_ARG_STRING, &o->start,
      N_ ("Simulated time to start at (ISO 8601; default now)"), N_ ("TIME") },
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &o->duration,
      N_ ("Simulated seconds to run (default: a day for simulate, forever for serve)"),
      N_ ("SECONDS") },
    { "hub", 0, 0, G_OPTION_ARG_STRING, &o->hub, N_ ("simulate, import: the hub to feed"),
      N_ ("URL") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &o->token_file,
      N_ ("simulate, import: file holding an ingest token"), N_ ("FILE") },
    { "demo-token", 0, 0, G_OPTION_ARG_NONE, &o->demo_token,
      N_ ("serve --simulate: also make a supervisor token and print it on the second line"), NULL },
    { "mapping", 0, 0, G_OPTION_ARG_FILENAME, &o->mapping,
      N_ ("import: how CSV columns map to request fields (see data/import/)"), N_ ("MAP.json") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &o->batch,
      N_ ("import: records per ingest request (default 500)"), N_ ("N") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &o->dry_run,
      N_ ("import: read and check the files, send nothing"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (
      _ ("serve | simulate | import FILE… | token create|list|revoke"));

  g_option_context_set_summary (context, _ ("The Shuniu hub: work orders, queue state and "
                                            "the live event stream for supervisor consoles."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

int
sn_hub_cli_run (int argc, char **argv)
{
  CliOptions o = { 0 };

  o.speed = -1; /* unset: real time */
  g_autoptr (GOptionContext) context = make_context (&o);
  g_autoptr (GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  /* $SHUNIU_LOCALEDIR: the build tree's translations, when running uninstalled. */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("SHUNIU_LOCALEDIR") ? g_getenv ("SHUNIU_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = sn_hub_cli_fail ("%s", error->message);
  else if (argc >= 2 && g_str_equal (argv[1], "serve") && argc == 2)
    status = serve (&o);
  else if (argc == 2 && g_str_equal (argv[1], "simulate"))
    status = sn_hub_cli_simulate (&o);
  else if (argc >= 2 && g_str_equal (argv[1], "import"))
    status = sn_hub_cli_import (&o, argc - 2, argv + 2);
  else if (argc >= 2 && g_str_equal (argv[1], "token"))
    status = token (&o, argc >= 3 ? argv[2] : NULL);
  else
    status = sn_hub_cli_fail ("%s",
                              _ ("Use: shuniu-hub serve --db PATH --listen HOST:PORT, or "
                                 "shuniu-hub token create|list|revoke --db PATH (see --help)"));
  cli_options_clear (&o);
  return status;
}
