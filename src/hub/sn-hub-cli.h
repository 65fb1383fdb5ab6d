/* sn-hub-cli.h — the shuniu-hub command line
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs "serve", "token create|list|revoke"; returns the exit status. */
int sn_hub_cli_run (int argc, char **argv);

G_END_DECLS
