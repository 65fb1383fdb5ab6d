/* main.c — shuniu-hub
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sn-hub-cli.h"

int
main (int argc, char **argv)
{
  return sn_hub_cli_run (argc, argv);
}
