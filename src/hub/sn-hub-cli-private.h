/* sn-hub-cli-private.h — what the command line's files share
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-hub.h"

G_BEGIN_DECLS

typedef struct
{
  char *db;
  char *listen;
  char *tls_cert;
  char *tls_key;
  char *name;
  char *sync;
  double command_rate;
  int heartbeat;
  char *role;
  char *districts;
  char *id;
  char *tiles; /* serve: MBTiles file for /v1/tiles */
  /* simulation */
  char *simulate; /* scenario for serve --simulate */
  char *scenario; /* simulate --scenario */
  char *city;
  char *start;
  char *hub;
  char *token_file;
  double speed;
  double duration;
  int seed;
  gboolean demo_token;
  /* import */
  char *mapping;
  int batch;
  gboolean dry_run;
  gboolean report;
} CliOptions;

int sn_hub_cli_fail (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* serve --simulate: a temporary database when none is given, the simulator's clock for the
 * hub, and a feed that posts to the hub's own ingest API once it listens. */
typedef struct _SnServeSimulation SnServeSimulation;

SnServeSimulation *sn_serve_simulation_prepare (CliOptions *o, GError **error);
SnClock *sn_serve_simulation_get_clock (SnServeSimulation *self);
gboolean sn_serve_simulation_start (SnServeSimulation *self, SnStore *store, SnHub *hub,
                                    GError **error);
void sn_serve_simulation_free (SnServeSimulation *self);

/* shuniu-hub simulate */
int sn_hub_cli_simulate (CliOptions *o);

/* shuniu-hub import FILE… (sn-hub-import.c) */
int sn_hub_cli_import (CliOptions *o, int n_files, char **files);

G_END_DECLS
